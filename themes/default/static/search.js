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

  var FORMAT_VERSION = 5;
  // Words of at least this many letters also find the longer words they begin
  // ("kompetens" finds "kompetensutveckling"); shorter ones only themselves.
  var MIN_PREFIX = 3;
  // A word found through its beginning counts less than the word itself, and less the more
  // letters are missing.
  function prefixFactor(query, term) {
    return 0.4 + 0.4 * query.length / term.length;
  }
  // A compound found by its last part ("försörjning" in "kompetensförsörjning") counts half.
  var COMPOUND_FACTOR = 0.5;
  // A word one typo away counts less still, and every post with the words as typed is listed
  // before any that has them only with a typo.
  var TYPO_FACTOR = 0.3;
  // At most this many words one typo away are looked up for a query word.
  var MAX_TYPO_WORDS = 8;
  // A word typed without its å, ä or ö ("vaxjo") finds what the word with them finds, a
  // little behind a post that has it as typed.
  var FOLD_FACTOR = 0.9;
  // At most this many spellings with diacritics are looked up for a query word.
  var MAX_FOLD_WORDS = 8;
  // Results shown at once; "more" shows the next ones.
  var PAGE = 20;
  // Wait this long after a keystroke, so fast typing does not fetch for every letter.
  var DEBOUNCE_MS = 120;

  var manifest = null;
  var stem = null; // the site language's stemmer (stemmers.js), or none
  var fold = window.besokFold || function (w) { return w; }; // diacritics off (stemmers.js)
  var files = {}; // URL -> promise of its JSON, so every file is fetched once
  var current = 0; // number of the newest query; older ones are not shown
  var results = [];
  var shown = 0;

  function say(text) {
    status.textContent = text;
  }

  // The same words as the build makes of a text: NFC, split at everything that is not a
  // letter or digit (å, ä and ö are letters), each word lowercased, then reduced to its stem
  // as the build reduced the site's words ("kommunerna" → "kommun").
  // Each word is kept as typed too: a typo can change what the stemmer takes off
  // ("utvecklnig" loses "ig"), so words one typo away are looked for from both.
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  function words(text) {
    var seen = {};
    return (text.normalize("NFC").match(WORD) || [])
      .map(function (w) {
        w = w.toLowerCase();
        return { typed: w, stem: stem && !/^[0-9]+$/.test(w) ? stem(w) : w };
      })
      .filter(function (w) { return seen[w.stem] ? false : (seen[w.stem] = true); });
  }

  function chars(word) {
    return Array.from(word);
  }

  // Whether `a` becomes `b` by one typo: a letter added, left out, changed, or two
  // neighbouring letters swapped (arrays of characters).
  function oneTypo(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (i === a.length) return false;
      var rest = a.slice(i + 1).join("") === b.slice(i + 1).join("");
      var swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2).join("") === b.slice(i + 2).join("");
      return rest || swapped;
    }
    var longer = a.length > b.length ? a : b, shorter = a.length > b.length ? b : a;
    return longer.slice(i + 1).join("") === shorter.slice(i).join("");
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

  // The files of `shards` (term, suffix or word shards: in the order of their keys, which
  // JavaScript compares as the build sorted them) whose ranges hold keys from `low` to `high`.
  function shardsFor(shards, low, high) {
    var lo = 0, hi = shards.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (shards[mid].last < low) lo = mid + 1; else hi = mid;
    }
    var out = [];
    for (var i = lo; i < shards.length && shards[i].first <= high; i++) out.push(shards[i].file);
    return out;
  }

  function loadAll(files) {
    return Promise.all(files.map(function (f) { return load(f); }));
  }

  // Adds each post of `postings` to `scores` with the score `factor` × its weight × the
  // rarity of the word, keeping the better of two matches of the same post (one as typed
  // beats any with a typo).
  function add(scores, postings, factor, typo) {
    var df = postings.length / 2;
    var n = manifest.posts;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    var doc = 0;
    for (var i = 0; i < postings.length; i += 2) {
      doc += postings[i];
      var s = idf * factor * postings[i + 1];
      var had = scores.get(doc);
      if (!had || (had.typo && !typo) || (had.typo === typo && had.score < s)) scores.set(doc, { score: s, typo: typo });
    }
  }

  // Adds to `scores` the posts `word` (a stem) is found in as it is spelled: the word
  // itself and, if long enough, the words it begins and the compounds it ends (in a language
  // with compounds), each match's score times `scale`.
  function lookup(word, scores, scale) {
    var rules = manifest.rules;
    var letters = chars(word);
    var prefix = letters.length >= MIN_PREFIX;
    function begins(term) { return prefix && term.lastIndexOf(word, 0) === 0; }

    var own = loadAll(shardsFor(manifest.terms, word, prefix ? word + "\uffff" : word)).then(function (shards) {
      shards.forEach(function (shard) {
        shard.terms.forEach(function (entry) {
          var term = entry[0];
          if (term === word) add(scores, entry[1], scale, false);
          else if (begins(term)) add(scores, entry[1], scale * prefixFactor(word, term), false);
        });
      });
    });

    var compounds = Promise.resolve();
    if (rules.compound_tail > 0 && letters.length >= rules.compound_tail) {
      var backwards = letters.slice().reverse().join("");
      compounds = loadAll(shardsFor(manifest.suffixes, backwards, backwards + "\uffff")).then(function (shards) {
        shards.forEach(function (shard) {
          shard.terms.forEach(function (entry) {
            var term = entry[0];
            var ends = term.length > word.length && term.slice(term.length - word.length) === word;
            if (ends && chars(term).length >= letters.length + rules.compound_head && !begins(term)) {
              add(scores, entry[1], scale * COMPOUND_FACTOR, false);
            }
          });
        });
      });
    }
    return Promise.all([own, compounds]);
  }

  // The spellings with diacritics that a query word (a stem) typed without them stands for:
  // the beginnings and endings of the index's words with diacritics whose folded form begins
  // or ends with the word's ("vaxjo" → "växjö"; "forsorjning" → "försörjning", the ending of
  // "kompetensförsörjning"). "ae" and "oe" typed for ä and ö are read as a and o too. The fold
  // shards hold only the words with diacritics, each folded again here to compare; folding
  // keeps the number of letters, so the letters a query stands for are where its own are.
  function unfolded(word) {
    var rules = manifest.rules;
    var key = fold(word);
    var keys = [key];
    var plain = key.replace(/ae/g, "a").replace(/oe/g, "o");
    if (plain !== key) keys.push(plain);
    var found = [];
    function note(spelling) {
      if (spelling !== word && found.indexOf(spelling) < 0 && found.length < MAX_FOLD_WORDS) found.push(spelling);
    }
    return Promise.all(keys.map(function (key) {
      var n = chars(key).length;
      var prefix = n >= MIN_PREFIX;
      var starts = loadAll(shardsFor(manifest.folds, key, prefix ? key + "\uffff" : key)).then(function (shards) {
        shards.forEach(function (shard) {
          shard.words.forEach(function (w) {
            var f = fold(w);
            if (prefix ? f.lastIndexOf(key, 0) === 0 : f === key) note(chars(w).slice(0, n).join(""));
          });
        });
      });
      var ends = Promise.resolve();
      if (rules.compound_tail > 0 && n >= rules.compound_tail) {
        var backwards = chars(key).reverse().join("");
        ends = loadAll(shardsFor(manifest.fold_suffixes, backwards, backwards + "\uffff")).then(function (shards) {
          shards.forEach(function (shard) {
            shard.words.forEach(function (w) {
              var f = chars(fold(w));
              var letters = chars(w);
              if (letters.length >= n + rules.compound_head && f.slice(f.length - n).join("") === key) {
                note(letters.slice(letters.length - n).join(""));
              }
            });
          });
        });
      }
      return Promise.all([starts, ends]);
    })).then(function () { return found; });
  }

  // For one query word: each post it is found in, with its score and whether only through a
  // typo. A word (its stem) finds itself and, if long enough, the words it begins, the
  // compounds it ends (in a language with compounds) and the words one typo away from it or
  // from the word as typed; typed without å, ä and ö, it finds what they find too.
  function scoresFor(query) {
    var rules = manifest.rules;
    var word = query.stem;
    var letters = chars(word);
    var typed = chars(query.typed);
    var prefix = letters.length >= MIN_PREFIX;
    var scores = new Map();
    function begins(term) { return prefix && term.lastIndexOf(word, 0) === 0; }

    var own = lookup(word, scores, 1);

    var folds = unfolded(word).then(function (spellings) {
      return Promise.all(spellings.map(function (s) { return lookup(s, scores, FOLD_FACTOR); }));
    });

    var typos = Promise.resolve();
    if (typed.length >= rules.typo_min) {
      var start = letters.slice(0, rules.typo_prefix).join("");
      typos = loadAll(shardsFor(manifest.words, start, start + "\uffff")).then(function (shards) {
        var near = [];
        shards.forEach(function (shard) {
          shard.words.forEach(function (w) {
            if (near.length < MAX_TYPO_WORDS && w.lastIndexOf(start, 0) === 0 && w !== word && !begins(w)) {
              var spelled = chars(w);
              var nearStem = letters.length >= rules.typo_min && oneTypo(letters, spelled);
              if (nearStem || oneTypo(typed, spelled)) near.push(w);
            }
          });
        });
        return Promise.all(near.map(function (w) {
          return loadAll(shardsFor(manifest.terms, w, w)).then(function (shards) {
            shards.forEach(function (shard) {
              shard.terms.forEach(function (entry) {
                if (entry[0] === w) add(scores, entry[1], TYPO_FACTOR, true);
              });
            });
          });
        }));
      });
    }
    return Promise.all([own, folds, typos]).then(function () { return scores; });
  }

  // Posts that have every word of the query: first those with every word as typed (or its
  // forms, beginnings and compounds), best first; then those with a word only one typo away;
  // equal scores newest first.
  function search(query) {
    var terms = words(query);
    if (terms.length === 0) return Promise.resolve([]);
    return Promise.all(terms.map(scoresFor)).then(function (perWord) {
      perWord.sort(function (a, b) { return a.size - b.size; });
      var total = new Map();
      perWord[0].forEach(function (m, doc) { total.set(doc, { score: m.score, typos: m.typo ? 1 : 0 }); });
      perWord.slice(1).forEach(function (scores) {
        total.forEach(function (t, doc) {
          var m = scores.get(doc);
          if (m === undefined) total.delete(doc);
          else total.set(doc, { score: t.score + m.score, typos: t.typos + (m.typo ? 1 : 0) });
        });
      });
      var ranked = [];
      total.forEach(function (t, doc) { ranked.push([doc, t.score, t.typos]); });
      // Doc ids count from the oldest post (plain pages after all posts): the higher, the newer.
      ranked.sort(function (a, b) { return a[2] - b[2] || b[1] - a[1] || b[0] - a[0]; });
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
      if (m.rules.stemmer) {
        stem = window.besokStemmers && window.besokStemmers[m.rules.stemmer];
        if (!stem) throw new Error("no stemmer " + m.rules.stemmer + " (stemmers.js)");
      }
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
