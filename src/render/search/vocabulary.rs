//! Counting a post's stems per field: most of the work of making the search index.
//!
//! Every post of a site uses mostly the same few thousand words. So each thread keeps the
//! words it has seen, each with the number of its stem ([`Vocabulary`]): a word is looked up
//! once per occurrence, and stemmed, interned and given its sort key only the first time the
//! thread meets it. A post's counts are then kept by stem number in a table reused from post
//! to post, so a post needs no map of its own, and words with the same stem ("kommunen",
//! "kommuner") are counted together as they are read.
//!
//! A post's summary is most often the start of its body (the first paragraph, or the text
//! before `<!-- more -->`): then the body is read once, its first words counted in both fields.

use super::tokens::{Token, Tokens, LONG};
use super::{begins_with_words, sort_prefix, Language, TermCounts, BODY, FIELDS, SUMMARY};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;

/// More distinct words than this and a thread's vocabulary starts again (between two posts),
/// so `besok serve` running for days does not keep every word it ever saw.
const WORD_LIMIT: usize = 1 << 20;

/// One stem of the vocabulary: where its text is, and its sort key.
struct Stem {
    start: u32,
    end: u32,
    /// [`sort_prefix`] of the stem.
    prefix: u64,
}

/// The words and stems seen on one thread, and the table of the post being counted.
#[derive(Default)]
struct Vocabulary {
    /// The language the stems are of: another one empties the vocabulary.
    language: Option<Language>,
    /// Each word seen of at most [`SHORT`](super::tokens::SHORT) bytes, by its [`short_key`](super::tokens::short_key), with the number of
    /// its stem in `stems`: nearly every word of a text, looked up without hashing or
    /// comparing a string.
    short_words: FxHashMap<u128, u32>,
    /// Each longer word seen, with the number of its stem.
    long_words: FxHashMap<Box<str>, u32>,
    /// The number of each stem, by its text.
    stem_numbers: FxHashMap<Box<str>, u32>,
    stems: Vec<Stem>,
    /// The stems' texts, one after another.
    text: String,
    /// For each stem, the post (by `post`) that last counted it, and where in `counted`.
    seen_in: Vec<(u32, u32)>,
    /// Which post is being counted, so `seen_in` never needs clearing.
    post: u32,
    /// The stems of the post being counted, with their counts per field.
    counted: Vec<Counted>,
}

/// A stem of the post being counted, with its sort key beside it: sorting a post's stems
/// then reads no other memory for most comparisons.
struct Counted {
    /// [`Stem::prefix`].
    prefix: u64,
    stem: u32,
    counts: [u16; FIELDS],
}

thread_local! {
    static VOCABULARY: RefCell<Vocabulary> = RefCell::new(Vocabulary::default());
}

/// The stems of `texts` (the fields of one doc, in the order of the boosts) with how often
/// their words are in each field, sorted by stem, and each field's length in words.
pub(super) fn count_stems(language: Language, texts: &[Cow<str>; FIELDS]) -> (TermCounts, [u32; FIELDS]) {
    VOCABULARY.with(|v| v.borrow_mut().count(language, texts))
}

impl Vocabulary {
    fn count(&mut self, language: Language, texts: &[Cow<str>; FIELDS]) -> (TermCounts, [u32; FIELDS]) {
        let word_count = self.short_words.len() + self.long_words.len();
        if self.language != Some(language) || word_count > WORD_LIMIT || self.post == u32::MAX {
            *self = Vocabulary {
                language: Some(language),
                ..Vocabulary::default()
            };
        }
        self.post += 1;
        self.counted.clear();
        let mut lengths = [0u32; FIELDS];
        let summary_begins_body = begins_with_words(&texts[BODY], &texts[SUMMARY]);
        for (f, text) in texts.iter().enumerate() {
            if f == SUMMARY && summary_begins_body {
                continue;
            }
            // The body's words that end within this many bytes are the summary's too.
            let summary_end = if f == BODY && summary_begins_body {
                texts[SUMMARY].len()
            } else {
                0
            };
            for token in Tokens::new(text) {
                let stem = self.stem_number(language, &token);
                let (post, at) = &mut self.seen_in[stem as usize];
                if *post != self.post {
                    *post = self.post;
                    *at = self.counted.len() as u32;
                    self.counted.push(Counted {
                        prefix: self.stems[stem as usize].prefix,
                        stem,
                        counts: [0; FIELDS],
                    });
                }
                let counts = &mut self.counted[*at as usize].counts;
                counts[f] = counts[f].saturating_add(1);
                lengths[f] += 1;
                if token.end <= summary_end {
                    counts[SUMMARY] = counts[SUMMARY].saturating_add(1);
                    lengths[SUMMARY] += 1;
                }
            }
        }
        // By the first eight bytes as a number first: most stems differ there, and comparing
        // two numbers costs a fraction of comparing two strings.
        let (stems, text) = (&self.stems, &self.text);
        let stem_text = |n: u32| {
            let s = &stems[n as usize];
            &text[s.start as usize..s.end as usize]
        };
        self.counted.sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| stem_text(a.stem).cmp(stem_text(b.stem)))
        });
        let bytes: usize = self.counted.iter().map(|c| stem_text(c.stem).len() + 1).sum();
        let mut counts = TermCounts::with_capacity(self.counted.len(), bytes);
        for c in &self.counted {
            counts.push(stem_text(c.stem), c.counts);
        }
        (counts, lengths)
    }

    /// The number of the stem of a word, stemming and interning it the first time.
    fn stem_number(&mut self, language: Language, token: &Token) -> u32 {
        let known = match token.key {
            LONG => self.long_words.get(token.word().as_ref()),
            key => self.short_words.get(&key),
        };
        if let Some(&n) = known {
            return n;
        }
        let word = token.word();
        let start = self.text.len();
        language.push_stem(&word, &mut self.text);
        let n = match self.stem_numbers.get(&self.text[start..]) {
            Some(&n) => {
                self.text.truncate(start);
                n
            }
            None => {
                let n = self.stems.len() as u32;
                let stem = &self.text[start..];
                self.stems.push(Stem {
                    start: start as u32,
                    end: self.text.len() as u32,
                    prefix: sort_prefix(stem),
                });
                self.stem_numbers.insert(Box::from(stem), n);
                self.seen_in.push((0, 0));
                n
            }
        };
        match token.key {
            LONG => self.long_words.insert(Box::from(word.as_ref()), n),
            key => self.short_words.insert(key, n),
        };
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The stems and counts of a post whose fields are all empty but `summary` and `body`.
    fn counted(summary: &str, body: &str) -> (Vec<(String, [u16; FIELDS])>, [u32; FIELDS]) {
        let mut texts: [Cow<str>; FIELDS] = Default::default();
        texts[SUMMARY] = Cow::Borrowed(summary);
        texts[BODY] = Cow::Borrowed(body);
        let (counts, lengths) = count_stems(Language::of("sv"), &texts);
        (counts.iter().map(|(s, c)| (s.to_string(), c)).collect(), lengths)
    }

    /// The same counted one field at a time and added up: what reading the body once for both
    /// fields must give.
    fn counted_apart(summary: &str, body: &str) -> (Vec<(String, [u16; FIELDS])>, [u32; FIELDS]) {
        let (alone, summary_lengths) = counted(summary, "");
        let (rest, body_lengths) = counted("", body);
        let mut all = std::collections::BTreeMap::<String, [u16; FIELDS]>::new();
        for (stem, counts) in alone.into_iter().chain(rest) {
            let sum = all.entry(stem).or_default();
            for (s, c) in sum.iter_mut().zip(counts) {
                *s += c;
            }
        }
        let mut lengths = body_lengths;
        lengths[SUMMARY] = summary_lengths[SUMMARY];
        let mut all: Vec<_> = all.into_iter().collect();
        // In the index's order: by the sort prefix, then the text.
        all.sort_by(|a, b| sort_prefix(&a.0).cmp(&sort_prefix(&b.0)).then_with(|| a.0.cmp(&b.0)));
        (all, lengths)
    }

    #[test]
    fn a_summary_that_begins_the_body_is_counted_as_if_read_apart() {
        for (summary, body) in [
            (
                "Kommunen besökte vi.",
                "Kommunen besökte vi. Sedan åkte vi hem till kommunerna.",
            ),
            ("Kommunen besökte", "Kommunen besökte vi."),
            // The summary ends inside a word of the body: its last word is not the body's.
            ("Kommunen besök", "Kommunen besöktes i går."),
            ("Helt annan text", "Kommunen besöktes i går."),
            ("", "Kommunen besöktes i går."),
            ("Hela texten.", "Hela texten."),
            // Stems whose first eight bytes are the same, in the order of their text.
            (
                "Kompetensutvecklingen",
                "Kompetensutvecklingen kompetens kompetenta kompetensbehov kompetensutveckling",
            ),
        ] {
            assert_eq!(
                counted(summary, body),
                counted_apart(summary, body),
                "{summary:?} / {body:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn counts_of_a_summary_and_body_never_depend_on_reading_them_together(
            body in "[a-cåÄ .,0-9]{0,40}",
            cut in 0usize..42,
        ) {
            let cut = (0..=cut.min(body.len())).rev().find(|&i| body.is_char_boundary(i)).unwrap_or(0);
            let summary = &body[..cut];
            prop_assert_eq!(counted(summary, &body), counted_apart(summary, &body));
        }
    }
}
