// Session timeout warning (claims/session_timeout.py): shows the banner `warn-before` seconds
// before the session ends, counts the minutes down, and "stay signed in" renews the session
// without leaving the page. Without JavaScript the banner never shows (the form still works).
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) return;
  var form = box.querySelector("[data-session-keepalive]");
  var minutes = box.querySelector("[data-session-minutes]");
  var soon = box.querySelector("[data-session-soon]");
  var ended = box.querySelector("[data-session-ended]");
  var warnBefore = parseInt(box.getAttribute("data-warn-before"), 10) * 1000;
  var deadline = Date.now() + parseInt(box.getAttribute("data-seconds-left"), 10) * 1000;
  var timer = null;

  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      soon.hidden = true;
      ended.hidden = false;
      form.hidden = true;
      return;
    }
    minutes.textContent = String(Math.max(1, Math.ceil(left / 60000)));
    timer = window.setTimeout(tick, Math.min(15000, left));
  }

  function show() {
    box.hidden = false;
    tick();
    var button = form.querySelector("button");
    if (button) button.focus();
  }

  function schedule() {
    if (timer) window.clearTimeout(timer);
    box.hidden = true;
    soon.hidden = false;
    ended.hidden = true;
    form.hidden = false;
    timer = window.setTimeout(show, Math.max(0, deadline - warnBefore - Date.now()));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { form.submit(); return; }
        deadline = Date.now() + data.seconds_left * 1000;
        schedule();
      })
      .catch(function () { form.submit(); });
  });

  schedule();
})();
