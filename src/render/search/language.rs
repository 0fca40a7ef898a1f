//! What the search knows of a site's language: how a word is reduced to its stem, and whether
//! words are glued into compounds that a reader searches by their last part.
//!
//! The index holds stems, not the words as written, so "kommunerna" finds a post that says
//! "kommun" and "besöket" one that says "besök". The search page stems the reader's query with
//! the same algorithm (the theme's `stemmers.js`, a port of the same Snowball algorithms that a
//! test compares with this one word for word), so a stem made here and a stem made there are
//! always the same string.
//!
//! Swedish (`sv`) uses the Snowball Swedish stemmer and compounds; English (`en`) the Snowball
//! English ("Porter2") stemmer. Other languages are searched by their words as written.

use icu_normalizer::DecomposingNormalizerBorrowed;
use serde::Serialize;
use snowball_stemmers_rs::{Algorithm, Stemmer};
use std::borrow::Cow;

/// What the search page must know of the rules the index was made by, so the rules live
/// here only (the manifest carries them).
#[derive(Serialize, Debug, Clone, Copy)]
pub struct Rules {
    /// The stemmer the page applies to query words (`stemmers.js`), or none.
    pub(super) stemmer: Option<&'static str>,
    /// A query word of at least this many letters finds the compounds it ends...
    pub(super) compound_tail: usize,
    /// ... when at least this many letters come before it.
    pub(super) compound_head: usize,
    /// A query word of at least this many letters (as typed) also finds words one typo away
    /// from it or from its stem...
    pub(super) typo_min: usize,
    /// ... that begin with the same this many letters.
    pub(super) typo_prefix: usize,
}

/// The stemming algorithms besok has, by the language code the manifest names them with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Stemming {
    Swedish,
    English,
}

/// How the search treats the words of a site in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    stemming: Option<Stemming>,
    /// Whether a word also finds the compounds it ends ("försörjning" finds
    /// "kompetensförsörjning"): true where compounds are written as one word.
    pub compounds: bool,
}

impl Language {
    /// The search's treatment of the site language `code` (`language` in config: "sv",
    /// "sv-se", "en", ...): by its first part.
    pub fn of(code: &str) -> Language {
        let primary = code.split('-').next().unwrap_or("");
        match primary {
            "sv" => Language {
                stemming: Some(Stemming::Swedish),
                compounds: true,
            },
            "en" => Language {
                stemming: Some(Stemming::English),
                compounds: false,
            },
            _ => Language {
                stemming: None,
                compounds: false,
            },
        }
    }

    /// The rules the index is made by and the page searches by (the manifest carries them).
    pub fn rules(&self) -> Rules {
        Rules {
            stemmer: self.stemmer_name(),
            // "försörjning" (11) finds "kompetensförsörjning"; "vård" (4) does not find
            // "hälsovård" (too many words end in four letters by chance).
            compound_tail: if self.compounds { 5 } else { 0 },
            compound_head: 3,
            // One typo in "samverkn" (8) finds "samverkan"; in a four-letter word one typo
            // is a different word too often.
            typo_min: 5,
            // The first two letters are taken as typed: the page then needs only the words
            // that begin with them (as Elasticsearch's fuzzy `prefix_length`).
            typo_prefix: 2,
        }
    }

    /// The name the search page finds this language's stemmer under (`stemmers.js`), or
    /// `None` when words are searched as written.
    pub fn stemmer_name(&self) -> Option<&'static str> {
        self.stemming.map(|s| match s {
            Stemming::Swedish => "sv",
            Stemming::English => "en",
        })
    }

    /// The stem of a lowercased, NFC-normalised word.
    pub fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        self.with_stem(word, |stem| {
            if stem == word {
                Cow::Borrowed(word)
            } else {
                Cow::Owned(stem.to_string())
            }
        })
    }

    /// Appends the stem of a lowercased, NFC-normalised word to `out`. Not cached here: the
    /// indexer stems each word once per thread (see `vocabulary.rs`).
    pub fn push_stem(&self, word: &str, out: &mut String) {
        self.with_stem(word, |stem| out.push_str(stem))
    }

    /// Calls `f` with the stem of `word`.
    fn with_stem<R>(&self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        let Some(stemming) = self.stemming else {
            return f(word);
        };
        if is_number(word) {
            return f(word);
        }
        let algorithm = match stemming {
            Stemming::Swedish => Algorithm::Swedish,
            Stemming::English => Algorithm::English,
        };
        f(&Stemmer::create(algorithm).stem(word))
    }
}

/// Whether a word is digits only (a year, a number): it is not inflected, so it has no stem,
/// and it is no compound and has no typos a search should forgive.
pub fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// A word without its diacritics, for readers who type without å, ä and ö ("vaxjo" for
/// "växjö"), or `None` when it has none. Each character that decomposes (NFD) into a letter
/// and combining diacritical marks (U+0300–U+036F) becomes that letter: å ä → a, ö → o,
/// é → e, ü → u. Every other character stays as it is (ø, æ and ß do not decompose), so the
/// folded word has as many characters as the word, and the page can tell which letters of an
/// index word a folded query stands for. The search page folds queries by the same rule
/// (`fold` in the theme's `stemmers.js`; a test compares the two word for word).
pub fn fold(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let nfd = DecomposingNormalizerBorrowed::new_nfd();
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut buffer = [0u8; 4];
    for c in word.chars() {
        // Nothing below U+00C0 decomposes.
        if c < '\u{c0}' {
            out.push(c);
            continue;
        }
        let decomposed = nfd.normalize(c.encode_utf8(&mut buffer));
        let mut parts = decomposed.chars();
        match parts.next() {
            Some(base) if base != c && parts.clone().next().is_some() && parts.all(is_combining_diacritic) => {
                out.push(base);
                changed = true;
            }
            _ => out.push(c),
        }
    }
    changed.then_some(out)
}

/// Combining Diacritical Marks, the block every mark of a Latin letter's decomposition is in.
fn is_combining_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(language: &str, words: &[&str]) -> Vec<String> {
        let l = Language::of(language);
        words.iter().map(|w| l.stem(w).into_owned()).collect()
    }

    #[test]
    fn swedish_inflections_share_a_stem() {
        let s = stems("sv", &["kommun", "kommunen", "kommuner", "kommunerna", "kommunernas"]);
        assert!(s.iter().all(|x| x == "kommun"), "{s:?}");
        let s = stems("sv-SE", &["besök", "besöket", "besöken"]);
        assert!(s.iter().all(|x| x == "besök"), "{s:?}");
        assert_eq!(stems("sv", &["samverkan", "samverkan"]), ["samverkan", "samverkan"]);
    }

    #[test]
    fn diacritics_are_folded_letter_for_letter() {
        let folded = |w: &str| fold(w).unwrap_or_else(|| w.to_string());
        assert_eq!(folded("växjö"), "vaxjo");
        assert_eq!(folded("göteborg"), "goteborg");
        assert_eq!(folded("försörjning"), "forsorjning");
        assert_eq!(folded("åre"), "are");
        assert_eq!(folded("café"), "cafe");
        assert_eq!(folded("müller"), "muller");
        // Letters that do not decompose into a letter and marks stay.
        assert_eq!(folded("søren"), "søren");
        assert_eq!(folded("æble"), "æble");
        assert_eq!(folded("straße"), "straße");
        assert_eq!(folded("한국"), "한국");
        assert_eq!(fold("vaxjo"), None);
        assert_eq!(fold("søren"), None);
        assert_eq!(folded("växjö").chars().count(), "växjö".chars().count());
    }

    #[test]
    fn english_uses_porter2_and_other_languages_no_stemmer() {
        assert_eq!(
            stems("en", &["visits", "visited", "generously"]),
            ["visit", "visit", "generous"]
        );
        // Snowball 3.0: "et" is an ending in Swedish, but not in "komet".
        assert_eq!(stems("sv", &["huset", "komet"]), ["hus", "komet"]);
        assert_eq!(stems("fi", &["kunnat"]), ["kunnat"]);
        assert_eq!(stems("sv", &["2016"]), ["2016"]);
        assert!(Language::of("sv").compounds && !Language::of("en").compounds);
        assert_eq!(Language::of("de").stemmer_name(), None);
    }
}
