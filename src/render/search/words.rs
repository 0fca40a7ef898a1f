//! The index's words and what is kept of each: a word ordered as the search page compares
//! words, the posts it is in (its postings, with the size they take in a shard), and the maps
//! that find a word by its ending or without its diacritics. The index (`index.rs`) keeps them
//! up to date; the shards (`shards.rs`) are cut from them.

use super::js_order;
use super::language::{fold, is_number, Rules};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A word of the index, ordered as the search page compares words: by UTF-16 code units, as
/// JavaScript does (see [`js_order`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word(pub(super) String);

impl Ord for Word {
    fn cmp(&self, other: &Self) -> Ordering {
        js_order(&self.0, &other.0)
    }
}

impl PartialOrd for Word {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The posts a word is in, with the word's weight in each, and the size the list takes in its
/// shard's JSON, kept up to date as the list changes (shard boundaries depend on it).
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Postings {
    /// `(doc id, weight)`, doc ids ascending; written with each id as the difference to the
    /// previous one.
    pub(super) list: Vec<(u32, u32)>,
    /// Characters of the list as written: each number and the comma after it.
    pub(super) bytes: usize,
}

impl Postings {
    pub(super) fn from_list(list: Vec<(u32, u32)>) -> Postings {
        let bytes = (0..list.len()).map(|k| entry_bytes(&list, k)).sum();
        Postings { list, bytes }
    }

    /// Sets `doc`'s weight, adding the doc if it is not there. Whether anything changed.
    pub(super) fn set(&mut self, doc: u32, weight: u32) -> bool {
        match self.list.binary_search_by_key(&doc, |&(d, _)| d) {
            Ok(k) if self.list[k].1 == weight => false,
            Ok(k) => {
                self.bytes -= digits(self.list[k].1);
                self.bytes += digits(weight);
                self.list[k].1 = weight;
                true
            }
            Err(k) => {
                // The next posting's difference changes too.
                self.bytes -= entry_bytes(&self.list, k);
                self.list.insert(k, (doc, weight));
                self.bytes += entry_bytes(&self.list, k) + entry_bytes(&self.list, k + 1);
                true
            }
        }
    }

    /// Takes `doc` out of the list. Whether it was there.
    pub(super) fn remove(&mut self, doc: u32) -> bool {
        let Ok(k) = self.list.binary_search_by_key(&doc, |&(d, _)| d) else {
            return false;
        };
        self.bytes -= entry_bytes(&self.list, k) + entry_bytes(&self.list, k + 1);
        self.list.remove(k);
        self.bytes += entry_bytes(&self.list, k);
        true
    }
}

/// Characters the `k`th posting takes as written (doc difference, weight, two commas); 0 past
/// the end.
fn entry_bytes(list: &[(u32, u32)], k: usize) -> usize {
    let Some(&(doc, weight)) = list.get(k) else { return 0 };
    let previous = if k == 0 { 0 } else { list[k - 1].0 };
    digits(doc - previous) + digits(weight) + 2
}

fn digits(x: u32) -> usize {
    x.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The words of the index a query finds other than by their beginning, each map keyed in the
/// order of its shards.
#[derive(Debug, Default)]
pub(super) struct Keyed {
    /// The words a query finds by their ending (long words, in a language with compounds),
    /// keyed by the word spelled backwards: the order of the suffix shards.
    pub(super) suffixes: BTreeMap<Word, Word>,
    /// The words with diacritics, which a query typed without them finds (see
    /// [`super::language::fold`]), keyed by [`shards::fold_key`]: the order of the fold shards.
    pub(super) folds: BTreeMap<Word, Word>,
    /// Those of them that a query also finds by their ending, keyed by
    /// [`shards::fold_suffix_key`]: the order of the fold suffix shards.
    pub(super) fold_suffixes: BTreeMap<Word, Word>,
}

impl Keyed {
    /// The maps of the words `words`.
    pub(super) fn of<'w>(rules: &Rules, words: impl Iterator<Item = &'w Word>) -> Keyed {
        let mut keyed = Keyed::default();
        for word in words {
            keyed.insert(rules, word);
        }
        keyed
    }

    /// Puts `word`, a word of the index, in the maps that take it.
    pub(super) fn insert(&mut self, rules: &Rules, word: &Word) {
        let by_ending = found_by_ending(rules, word);
        if by_ending {
            self.suffixes.insert(reversed(&word.0), word.clone());
        }
        if let Some(folded) = fold(&word.0) {
            self.folds.insert(fold_key(&folded, &word.0), word.clone());
            if by_ending {
                self.fold_suffixes
                    .insert(fold_suffix_key(&folded, &word.0), word.clone());
            }
        }
    }

    /// Takes `word`, no longer a word of the index, out of the maps.
    pub(super) fn remove(&mut self, word: &Word) {
        self.suffixes.remove(&reversed(&word.0));
        if let Some(folded) = fold(&word.0) {
            self.folds.remove(&fold_key(&folded, &word.0));
            self.fold_suffixes.remove(&fold_suffix_key(&folded, &word.0));
        }
    }
}

/// Whether a query can find `word` by its ending: it is long enough to end in a query word
/// of `compound_tail` letters after `compound_head` of its own (never, in a language without
/// compounds) and is not a number.
pub(super) fn found_by_ending(rules: &Rules, word: &Word) -> bool {
    rules.compound_tail > 0
        && word.0.chars().count() >= rules.compound_tail + rules.compound_head
        && !is_number(&word.0)
}

/// A word spelled backwards (by characters), the key of a suffix shard: the words that end
/// alike begin alike backwards.
pub(super) fn reversed(word: &str) -> Word {
    Word(word.chars().rev().collect())
}

/// The key of a word with diacritics in the fold shards: its folded form, then NUL and the
/// word itself, so that two words that fold alike ("växjö", "vaxjö") are two keys, in the
/// order of their folded form.
pub(super) fn fold_key(folded: &str, word: &str) -> Word {
    Word(format!("{folded}\0{word}"))
}

/// The key of a word with diacritics in the fold suffix shards: its folded form spelled
/// backwards, then NUL and the word itself.
pub(super) fn fold_suffix_key(folded: &str, word: &str) -> Word {
    Word(format!("{}\0{word}", reversed(folded).0))
}
