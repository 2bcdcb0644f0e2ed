// Polls the check of an employer's uploaded list and updates the <progress> bar; reloads
// when the check ends so the rows and their errors show. Without JavaScript the page
// refreshes itself (noscript meta refresh) and has a "reload" link.
(function () {
  "use strict";
  var box = document.getElementById("list-progress");
  if (!box) return;
  var bar = document.getElementById("list-bar");
  var text = document.getElementById("list-text");
  var url = box.getAttribute("data-status-url");

  function set(selector, value) {
    var node = text.querySelector(selector);
    if (node) node.textContent = value;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 3000); return; }
        bar.max = Math.max(data.total, 1);
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        set("[data-done]", data.done);
        set("[data-total]", data.total);
        if (data.time_left) set("[data-time-left]", data.time_left);
        if (data.finished) {
          box.setAttribute("data-finished", "1");
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 300);
})();
