// Polls the what-if run's status and updates the <progress> bar; reloads when the run ends.
// Without JavaScript the page's "reload" link does the same.
(function () {
  "use strict";
  var box = document.getElementById("whatif-progress");
  if (!box) return;
  var bar = document.getElementById("whatif-bar");
  var text = document.getElementById("whatif-text");
  var url = box.getAttribute("data-status-url");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        bar.max = Math.max(data.total, 1);
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        var status = text.querySelector("[data-status]");
        if (status) status.textContent = data.status_label;
        var done = text.querySelector("[data-done]");
        var total = text.querySelector("[data-total]");
        if (done) done.textContent = data.done;
        if (total) total.textContent = data.total;
        var left = text.querySelector("[data-time-left]");
        if (left && data.time_left) left.textContent = data.time_left;
        if (data.finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
