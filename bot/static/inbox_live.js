// Keeps an open inbox page up to date without a reload. Every few seconds it asks the
// server whether anything changed (one small query there); if so, or once a minute so the
// waiting times move on, it fetches the same page and swaps in its live part. Forms outside
// that part, such as a half-written reply, are left alone. Without this script the page's
// Refresh link does the same job.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var every = Number(live.getAttribute("data-poll")) || 5000;
  var shownAt = Date.now();

  function swap() {
    var asked = { credentials: "same-origin", cache: "no-store", headers: { "X-Inbox-Live": "1" } };
    return fetch(location.pathname, asked)
      .then(function (answer) { return answer.ok ? answer.text() : ""; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html").getElementById("live");
        if (fresh) {
          live.replaceWith(fresh);
          live = fresh;
          shownAt = Date.now();
        }
      });
  }

  function poll() {
    fetch("/inbox/live", { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (found) {
        var moved = found && found.version !== live.getAttribute("data-version");
        if (moved || Date.now() - shownAt > 60000) {
          return swap();
        }
        return null;
      })
      .catch(function () { return null; })
      .then(function () { window.setTimeout(poll, every); });
  }

  window.setTimeout(poll, every);
})();
