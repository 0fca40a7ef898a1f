// besok serve: live reload. Injected into every HTML page the dev server sends (never into
// a built site). Listens to the server's events and reloads this page when it changed,
// swaps stylesheets when only they changed, and shows build errors over the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script.dataset.version;
  var file = script.dataset.file;
  var OVERLAY = "besok-error-overlay";

  function showError(text) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
      var title = document.createElement("p");
      title.style.cssText = "margin:0 0 1rem;color:#ff8a80;font-weight:bold;";
      title.textContent = "besok: the site could not be rebuilt; still showing the last good build";
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap;";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }

  function hideError() {
    var box = document.getElementById(OVERLAY);
    if (box) box.remove();
  }

  // Stylesheets are named by their content: an edit gives each a new URL. `swaps` pairs
  // the old URL with the new; the new stylesheet replaces the old once it has loaded.
  function swapStylesheets(swaps) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var path = new URL(link.href).pathname;
      swaps.forEach(function (swap) {
        if (swap[0] !== path) return;
        var fresh = link.cloneNode();
        fresh.href = swap[1];
        fresh.onload = function () { link.remove(); };
        link.after(fresh);
      });
    });
  }

  var events = new EventSource("/__besok/events");
  events.addEventListener("hello", function (e) {
    var m = JSON.parse(e.data);
    // A different version means the site changed while we were not listening (or the
    // server restarted): this page may be stale.
    if (m.version !== version) { location.reload(); return; }
    if (m.error) showError(m.error); else hideError();
  });
  events.addEventListener("update", function (e) {
    var m = JSON.parse(e.data);
    if (m.error) { showError(m.error); return; }
    hideError();
    // The hello may already have carried this version (see the server's subscribe order).
    if (m.version === version) return;
    version = m.version;
    if (m.reload === "all" || (Array.isArray(m.reload) && m.reload.indexOf(file) >= 0)) {
      location.reload();
    } else if (m.css) {
      swapStylesheets(m.css);
    }
  });
})();
