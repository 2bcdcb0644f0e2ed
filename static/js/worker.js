// Worker pages: a "print" button on the receipt (without JavaScript the browser's own print
// does the same, so the button stays hidden). No inline script: the pages' CSP allows none.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
