// The queue's filter form is folded (details) on phones and open on wider screens: the server
// renders it closed unless it holds an error; this opens it where there is room.
(function () {
  "use strict";
  var fold = document.getElementById("queue-filters");
  if (!fold || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: " + (fold.getAttribute("data-open-wide") || "48em") + ")");
  if (wide.matches) fold.open = true;
})();
