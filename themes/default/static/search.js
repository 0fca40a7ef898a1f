// The search page: loads the index besok wrote (search_index.json) and searches it with
// MiniSearch in the reader's browser, so search needs no server.
// Results are built with DOM methods and textContent only: nothing from the index is ever
// parsed as HTML, so a hostile title stays text.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search-index]");
  if (!form || typeof MiniSearch === "undefined") return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var lang = form.getAttribute("data-lang") || "sv";
  var search = null; // set once the whole index is built

  // Case folding in the site's language; NFC so a typed "ö" and a stored "ö" (o + ¨) match.
  function fold(term) {
    return term.normalize("NFC").toLocaleLowerCase(lang);
  }

  function say(text) {
    status.textContent = text;
  }

  function words(template, n) {
    return template.replace("{n}", String(n));
  }

  function show(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    query = query.trim();
    if (!search || query === "") {
      say("");
      return;
    }
    var results = search.search(query, {
      prefix: true,
      // One typo is forgiven in words of six letters or more.
      fuzzy: function (term) { return term.length >= 6 ? 0.15 : false; },
      combineWith: "AND",
      boost: { title: 4, municipality: 3, tags: 2, snippet: 1.5, words: 1 }
    });
    if (results.length === 0) {
      say(form.getAttribute("data-no-results"));
      return;
    }
    say(words(results.length === 1 ? form.getAttribute("data-one-result") : form.getAttribute("data-results"), results.length));
    results.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.title;
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement("p");
      meta.className = "meta";
      var time = document.createElement("time");
      time.dateTime = r.date;
      time.textContent = r.date_display;
      meta.appendChild(time);
      if (r.municipality) meta.appendChild(document.createTextNode(" · " + r.municipality));
      li.appendChild(meta);
      if (r.snippet) {
        var p = document.createElement("p");
        p.className = "snippet";
        p.textContent = r.snippet;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function queryFromUrl() {
    return new URLSearchParams(window.location.search).get("q") || "";
  }

  say(form.getAttribute("data-loading"));
  fetch(form.getAttribute("data-search-index"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    })
    .then(function (index) {
      var engine = new MiniSearch({
        fields: ["title", "municipality", "tags", "snippet", "words"],
        storeFields: ["title", "url", "date", "date_display", "municipality", "snippet"],
        processTerm: fold
      });
      // In chunks, so the page stays responsive while a large site's index is built.
      return engine.addAllAsync(index.posts, { chunkSize: 500 }).then(function () { return engine; });
    })
    .then(function (engine) {
      search = engine;
      form.setAttribute("data-ready", "true");
      if (!input.value) input.value = queryFromUrl();
      show(input.value);
    })
    .catch(function (e) {
      say(form.getAttribute("data-failed") + " (" + e.message + ")");
    });

  input.addEventListener("input", function () {
    show(input.value);
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
})();
