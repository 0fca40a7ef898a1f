// The search page. besok's build has already indexed the site and split the index into small
// files (see "Search" in besok's README): this script loads the manifest, then for each query
// only the term shards holding the query's words and the details of the results it shows.
// So the first results come after a few small downloads, however large the site.
// Results are built with DOM methods and textContent only: nothing from the index is ever
// parsed as HTML, so a hostile title stays text.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search-index]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var indexUrl = new URL(form.getAttribute("data-search-index"), window.location.href);

  var FORMAT_VERSION = 3;
  // Words of at least this many letters also find the longer words they begin
  // ("kompetens" finds "kompetensutveckling"); shorter ones only themselves.
  var MIN_PREFIX = 3;
  // A word found through its beginning counts less than the word itself, and less the more
  // letters are missing.
  function prefixFactor(query, term) {
    return 0.4 + 0.4 * query.length / term.length;
  }
  // Results shown at once; "more" shows the next ones.
  var PAGE = 20;
  // Wait this long after a keystroke, so fast typing does not fetch for every letter.
  var DEBOUNCE_MS = 120;

  var manifest = null;
  var files = {}; // URL -> promise of its JSON, so every file is fetched once
  var current = 0; // number of the newest query; older ones are not shown
  var results = [];
  var shown = 0;

  function say(text) {
    status.textContent = text;
  }

  // The same words as the build makes of a text: NFC, split at everything that is not a
  // letter or digit (å, ä and ö are letters), each word lowercased.
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(text) {
    var seen = {};
    return (text.normalize("NFC").match(WORD) || [])
      .map(function (w) { return w.toLowerCase(); })
      .filter(function (w) { return seen[w] ? false : (seen[w] = true); });
  }

  function load(file, options) {
    var url = new URL(file, indexUrl).href;
    if (!files[url]) {
      files[url] = fetch(url, options).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText + ": " + url);
        return response.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  // The term shards whose ranges hold words from `low` to `high` (shards are in word order and
  // JavaScript compares strings as the build sorted them).
  function shardsFor(low, high) {
    var shards = manifest.terms;
    var lo = 0, hi = shards.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (shards[mid].last < low) lo = mid + 1; else hi = mid;
    }
    var out = [];
    for (var i = lo; i < shards.length && shards[i].first <= high; i++) out.push(shards[i].file);
    return out;
  }

  // For one query word: each post it is found in, with its score.
  function scoresFor(word) {
    var prefix = word.length >= MIN_PREFIX;
    var high = prefix ? word + "\uffff" : word;
    return Promise.all(shardsFor(word, high).map(function (f) { return load(f); })).then(function (shards) {
      var scores = new Map();
      var n = manifest.posts;
      shards.forEach(function (shard) {
        shard.terms.forEach(function (entry) {
          var term = entry[0];
          if (term !== word && !(prefix && term.lastIndexOf(word, 0) === 0)) return;
          var postings = entry[1];
          var df = postings.length / 2;
          var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          var factor = term === word ? idf : idf * prefixFactor(word, term);
          var doc = 0;
          for (var i = 0; i < postings.length; i += 2) {
            doc += postings[i];
            var s = factor * postings[i + 1];
            if (!(scores.get(doc) >= s)) scores.set(doc, s);
          }
        });
      });
      return scores;
    });
  }

  // Posts that have every word of the query, best first; equal scores newest first.
  function search(query) {
    var terms = words(query);
    if (terms.length === 0) return Promise.resolve([]);
    return Promise.all(terms.map(scoresFor)).then(function (perWord) {
      perWord.sort(function (a, b) { return a.size - b.size; });
      var total = new Map(perWord[0]);
      perWord.slice(1).forEach(function (scores) {
        total.forEach(function (s, doc) {
          var t = scores.get(doc);
          if (t === undefined) total.delete(doc); else total.set(doc, s + t);
        });
      });
      var ranked = [];
      total.forEach(function (s, doc) { ranked.push([doc, s]); });
      // Doc ids count from the oldest post (plain pages after all posts): the higher, the newer.
      ranked.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return ranked.map(function (r) { return r[0]; });
    });
  }

  function details(doc) {
    var per = manifest.docs_per_file;
    return load(manifest.docs[Math.floor(doc / per)]).then(function (shard) { return shard.docs[doc % per]; });
  }

  function item(r) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = r.url;
    a.textContent = r.title;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    // A plain page ("Om oss") has no date and no municipality: no line for them.
    if (r.date) {
      var time = document.createElement("time");
      time.dateTime = r.date;
      time.textContent = r.date_display;
      meta.appendChild(time);
    }
    if (r.municipality) meta.appendChild(document.createTextNode((r.date ? " · " : "") + r.municipality));
    if (meta.firstChild) li.appendChild(meta);
    if (r.snippet) {
      var p = document.createElement("p");
      p.className = "snippet";
      p.textContent = r.snippet;
      li.appendChild(p);
    }
    return li;
  }

  // Shows the next page of `results` once their details are loaded.
  function showMore(generation) {
    var page = results.slice(shown, shown + PAGE);
    return Promise.all(page.map(details)).then(function (docs) {
      if (generation !== current) return;
      docs.forEach(function (d) { list.appendChild(item(d)); });
      shown += docs.length;
      more.hidden = shown >= results.length;
      if (window.performance && performance.mark) performance.mark("besok-search-results");
    });
  }

  function fail(e) {
    say(form.getAttribute("data-failed") + " (" + e.message + ")");
  }

  function run(query) {
    var generation = ++current;
    if (!manifest) return;
    if (words(query).length === 0) {
      while (list.firstChild) list.removeChild(list.firstChild);
      more.hidden = true;
      say("");
      return;
    }
    search(query).then(function (found) {
      if (generation !== current) return;
      results = found;
      shown = 0;
      while (list.firstChild) list.removeChild(list.firstChild);
      more.hidden = true;
      if (found.length === 0) {
        say(form.getAttribute("data-no-results"));
        return;
      }
      var template = form.getAttribute(found.length === 1 ? "data-one-result" : "data-results");
      say(template.replace("{n}", String(found.length)));
      return showMore(generation);
    }).catch(fail);
  }

  say(form.getAttribute("data-loading"));
  // The manifest changes with every build; revalidate it (shards have content-hashed names).
  load(indexUrl.href, { cache: "no-cache" })
    .then(function (m) {
      if (m.version !== FORMAT_VERSION) throw new Error("index version " + m.version);
      manifest = m;
      form.setAttribute("data-ready", "true");
      say("");
      if (!input.value) input.value = new URLSearchParams(window.location.search).get("q") || "";
      run(input.value);
    })
    .catch(fail);

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
    var url = new URL(window.location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  var loadingMore = false;
  more.addEventListener("click", function () {
    if (loadingMore) return;
    loadingMore = true;
    showMore(current).catch(fail).then(function () { loadingMore = false; });
  });
})();
