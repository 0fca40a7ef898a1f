// Stemmers for the search page: the Snowball 3.0 Swedish and English ("Porter2") algorithms
// (snowballstem.org), written out from their definitions. besok's build reduces every word of
// the site to its stem with the same algorithms (the Rust crate snowball_stemmers_rs); this file does
// the same to the words a reader types, so "kommunerna" is looked up as "kommun". A test runs
// both over tens of thousands of words and requires the same stem from each. `fold` takes a
// word's diacritics off, as the build does for its fold shards.
//
// Words arrive lowercased and NFC-normalised; they are handled as arrays of characters (code
// points), as the Rust side counts them.
(function (root) {
  "use strict";

  function has(set, c) {
    return c !== undefined && set.indexOf(c) >= 0;
  }
  function endsWith(w, suffix) {
    if (suffix.length > w.length) return false;
    for (var i = 0; i < suffix.length; i++) {
      if (w[w.length - suffix.length + i] !== suffix[i]) return false;
    }
    return true;
  }
  // The longest of `suffixes` (strings) that `w` ends with and that starts at or after
  // `limit`, or null.
  function longestSuffix(w, suffixes, limit) {
    var best = null;
    suffixes.forEach(function (s) {
      var chars = Array.from(s);
      if (endsWith(w, chars) && w.length - chars.length >= limit && (!best || chars.length > best.length)) {
        best = chars;
      }
    });
    return best;
  }
  // The longest of `suffixes` that `w` ends with, wherever it starts, or null.
  function longestEnding(w, suffixes) {
    return longestSuffix(w, suffixes, 0);
  }

  // ---- Swedish -----------------------------------------------------------------------------
  var SV_VOWELS = "aeiouyäåö";
  var SV_S_ENDING = "bcdfghjklmnoprtvy";
  var SV_MAIN = ["a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste",
    "en", "anden", "aren", "heten", "ern", "ar", "er", "heter", "or", "as", "arnas", "ernas", "ornas",
    "es", "ades", "andes", "ens", "arens", "hetens", "erns", "at", "andet", "het", "ast", "s", "et"];
  var SV_PAIRS = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];
  var SV_OTHER = ["lig", "ig", "els", "öst", "fullt"];
  var SV_OST_ENDING = "iklnprtuv";
  // Words whose "et" is not an ending ("komet", "kvalitet", "profet").
  var SV_ET_KEEP = ["fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit",
    "nit", "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit"];

  // Whether an "et" at `at` is an ending: after a consonant after a vowel that is not the first
  // letter, and not after one of SV_ET_KEEP.
  function etEnding(w, at) {
    if (at < 3 || has(SV_VOWELS, w[at - 1]) || !has(SV_VOWELS, w[at - 2])) return false;
    var before = w.slice(0, at);
    return !SV_ET_KEEP.some(function (k) { return endsWith(before, Array.from(k)); });
  }

  function swedish(word) {
    var w = Array.from(word);
    // R1: after the first non-vowel that follows a vowel, and at least three letters in.
    var p1 = w.length;
    if (w.length >= 3) {
      var i = 0;
      while (i < w.length && !has(SV_VOWELS, w[i])) i++;
      while (i < w.length && has(SV_VOWELS, w[i])) i++;
      if (i < w.length) p1 = Math.max(i + 1, 3);
    }
    var s = longestSuffix(w, SV_MAIN, p1);
    if (s) {
      var main = s.join("");
      var at = w.length - s.length;
      if (main === "et") {
        if (etEnding(w, at)) w = w.slice(0, at);
      } else if (main === "s") {
        if (endsWith(w.slice(0, at), ["e", "t"]) && etEnding(w, at - 2)) w = w.slice(0, at - 2);
        else if (has(SV_S_ENDING, w[at - 1])) w = w.slice(0, at);
      } else {
        w = w.slice(0, at);
      }
    }
    if (longestSuffix(w, SV_PAIRS, p1)) w = w.slice(0, w.length - 1);
    s = longestSuffix(w, SV_OTHER, p1);
    if (s) {
      var ending = s.join("");
      var rest = w.slice(0, w.length - s.length);
      if (ending === "öst") {
        if (has(SV_OST_ENDING, rest[rest.length - 1])) w = rest.concat(Array.from("ös"));
      }
      else if (ending === "fullt") w = rest.concat(Array.from("full"));
      else w = rest;
    }
    return w.join("");
  }

  // ---- English (Porter2) -------------------------------------------------------------------
  var EN_VOWELS = "aeiouy";
  var EN_WXY = "aeiouywxY";
  var EN_LI = "cdeghkmnrt";
  var EN_AEO = "aeo";
  var EN_EXCEPTIONS = {
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias",
    andes: "andes"
  };
  // Beginnings that end R1 where they end ("generous" keeps "gener").
  var EN_R1_STARTS = ["gener", "commun", "arsen", "emerg", "inter", "later", "organ", "past", "univers"];
  // Whole words before "eed" or "ing" that keep it ("proceed", "evening", "herring").
  var EN_EED_KEEP = ["succ", "proc", "exc"];
  var EN_ING_KEEP = ["even", "cann", "inn", "earr", "herr", "out"];
  var EN_STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful",
    ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og",
    fulli: "ful", lessli: "less", li: "", ogist: "og"
  };
  var EN_STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var EN_STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
    "ate", "iti", "ous", "ive", "ize", "ion"];

  function isV(c) { return has(EN_VOWELS, c); }

  // Whether w[0..end) ends in a short syllable (or in "past").
  function shortSyllable(w, end) {
    if (end >= 3 && !isV(w[end - 3]) && isV(w[end - 2]) && !has(EN_WXY, w[end - 1])) return true;
    if (end === 2 && isV(w[0]) && !isV(w[1])) return true;
    return endsWith(w.slice(0, end), ["p", "a", "s", "t"]);
  }
  // The place after the first non-vowel that follows a vowel, from `from` on.
  function region(w, from) {
    var i = from;
    while (i < w.length && !isV(w[i])) i++;
    while (i < w.length && isV(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  }
  function replaceEnd(w, n, by) {
    return w.slice(0, w.length - n).concat(Array.from(by));
  }
  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) if (isV(w[i])) return true;
    return false;
  }

  function english(word) {
    if (Object.prototype.hasOwnProperty.call(EN_EXCEPTIONS, word)) return EN_EXCEPTIONS[word];
    var w = Array.from(word);
    if (w.length < 3) return word;
    // Prelude: a y at the start or after a vowel is a consonant (Y).
    var yFound = false;
    for (var i = 0; i < w.length; i++) {
      if (w[i] === "y" && (i === 0 || isV(w[i - 1]))) {
        w[i] = "Y";
        yFound = true;
      }
    }
    // Regions.
    var p1;
    var start = EN_R1_STARTS.filter(function (p) { return word.indexOf(p) === 0; })[0];
    if (start) p1 = start.length;
    else p1 = region(w, 0);
    var p2 = p1 < w.length ? region(w, p1) : w.length;
    var s;

    // Step 1a.
    s = longestEnding(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s) {
      var e = s.join("");
      if (e === "sses") w = replaceEnd(w, 4, "ss");
      else if (e === "ied" || e === "ies") w = replaceEnd(w, 3, w.length - 3 >= 2 ? "i" : "ie");
      else if (e === "s" && hasVowel(w, w.length - 2)) w = w.slice(0, w.length - 1);
    }
    {
      // Step 1b.
      s = longestEnding(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
      if (s) {
        e = s.join("");
        var at = w.length - s.length;
        var stemPart = w.slice(0, at).join("");
        var general = false;
        if (e === "eed" || e === "eedly") {
          if (at >= p1 && EN_EED_KEEP.indexOf(stemPart) < 0) w = replaceEnd(w, s.length, "ee");
        } else if (e === "ing" && at === 2 && w[1] === "y" && !isV(w[0])) {
          w = replaceEnd(w, 4, "ie"); // dying, lying, tying
        } else if (e === "ing" && EN_ING_KEEP.indexOf(stemPart) >= 0) {
          // evening, inning, outing: kept
        } else {
          general = true;
        }
        if (general && hasVowel(w, at)) {
          w = w.slice(0, at);
          var end = longestEnding(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
          if (end && end[0] !== end[1]) {
            w = w.concat(["e"]);
          } else if (end) {
            // A double letter loses one, except in a word of a vowel and the double ("add").
            if (!(w.length === 3 && has(EN_AEO, w[0]))) w = w.slice(0, w.length - 1);
          } else if (w.length === p1 && shortSyllable(w, w.length)) {
            w = w.concat(["e"]);
          }
        }
      }
      // Step 1c.
      var last = w[w.length - 1];
      if ((last === "y" || last === "Y") && w.length > 2 && !isV(w[w.length - 2])) w[w.length - 1] = "i";
      // Step 2.
      s = longestEnding(w, Object.keys(EN_STEP2));
      if (s && w.length - s.length >= p1) {
        e = s.join("");
        var before = w[w.length - s.length - 1];
        if (e === "ogi") {
          if (before === "l") w = replaceEnd(w, 3, "og");
        } else if (e === "li") {
          if (has(EN_LI, before)) w = w.slice(0, w.length - 2);
        } else {
          w = replaceEnd(w, s.length, EN_STEP2[e]);
        }
      }
      // Step 3.
      s = longestEnding(w, Object.keys(EN_STEP3));
      if (s && w.length - s.length >= p1) {
        e = s.join("");
        if (e !== "ative" || w.length - s.length >= p2) w = replaceEnd(w, s.length, EN_STEP3[e]);
      }
      // Step 4.
      s = longestEnding(w, EN_STEP4);
      if (s && w.length - s.length >= p2) {
        e = s.join("");
        if (e !== "ion") w = w.slice(0, w.length - s.length);
        else if (has("st", w[w.length - 4])) w = w.slice(0, w.length - 3);
      }
      // Step 5.
      last = w[w.length - 1];
      var at5 = w.length - 1;
      if (last === "e" && (at5 >= p2 || (at5 >= p1 && !shortSyllable(w, at5)))) {
        w = w.slice(0, at5);
      } else if (last === "l" && at5 >= p2 && w[at5 - 1] === "l") {
        w = w.slice(0, at5);
      }
    }
    var out = w.join("");
    return yFound ? out.replace(/Y/g, "y") : out;
  }

  // ---- Diacritics --------------------------------------------------------------------------
  // A word without its diacritics, for readers who type without å, ä and ö ("vaxjo" for
  // "växjö"), as the build folds the words of its fold shards (`fold` in language.rs; a test
  // compares the two): each character that decomposes (NFD) into a letter and combining
  // diacritical marks (U+0300-U+036F) becomes that letter; every other stays (ø, æ, ß), so the
  // folded word has as many characters as the word.
  var MARKS = /^[\u0300-\u036f]+$/;
  function fold(word) {
    return Array.from(word).map(function (c) {
      if (c < "\u00c0") return c;
      var parts = Array.from(c.normalize("NFD"));
      return parts.length > 1 && parts[0] !== c && MARKS.test(parts.slice(1).join("")) ? parts[0] : c;
    }).join("");
  }

  // The stemmers by the name the manifest gives them; `fold` beside them is no stemmer.
  var stemmers = { sv: swedish, en: english };
  var exported = { sv: swedish, en: english, fold: fold };
  if (typeof module === "object" && module.exports) module.exports = exported;
  else {
    root.besokStemmers = stemmers;
    root.besokFold = fold;
  }
})(this);
