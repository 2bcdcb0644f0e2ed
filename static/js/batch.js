// Polls a fast-track batch's status and updates the <progress> bar; reloads when the batch
// ends so the summary shows. Without JavaScript the page's "reload" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || box.getAttribute("data-finished") === "1") return;
  var bar = document.getElementById("batch-bar");
  var text = document.getElementById("batch-text");
  var url = box.getAttribute("data-status-url");

  function set(selector, value) {
    var node = text.querySelector(selector);
    if (node) node.textContent = value;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        bar.max = Math.max(data.total, 1);
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        set("[data-status]", data.status_label);
        set("[data-done]", data.done);
        set("[data-total]", data.total);
        if (data.time_left) set("[data-time-left]", data.time_left);
        box.setAttribute("data-percent", data.percent);
        if (data.finished) {
          box.setAttribute("data-finished", "1");
          window.setTimeout(function () { window.location.reload(); }, 800);
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
