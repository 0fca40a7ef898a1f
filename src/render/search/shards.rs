//! The files of the search index: term shards cut from the sorted words, doc shards of
//! [`DOCS_PER_FILE`] posts each, and the manifest naming them.
//!
//! Where the words are cut decides how much of the index an edit re-makes. Cutting after a
//! running byte count passes a threshold would move every later boundary as soon as one shard
//! grows by a byte. Here a word ends a shard by its own size and a hash of it: a word of `n`
//! bytes ends one with probability `n / SHARD_BYTES` (every word at least that large always
//! does), so shards average about [`SHARD_BYTES`], and an edit changes boundaries only next to
//! the words it changed. A cap of [`MAX_SHARD_FACTOR`] times the target keeps unlucky runs of
//! small words apart.

use super::language::{is_number, Rules};
use super::words::{fold_key, fold_suffix_key, reversed, Keyed, Postings, Word};
use super::{PostTerms, SearchFile, DOCS_PER_FILE, FORMAT_VERSION, SEARCH_INDEX_PATH, SHARD_BYTES, SHARD_DIR};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::{Bound, Range};
use std::sync::Arc;

/// Largest a shard gets from a run of keys none of which ends one, in times its target size.
pub const MAX_SHARD_FACTOR: usize = 4;

/// Target size of a word shard (words only): a query word with a typo fetches the word
/// shards of the words beginning with its first letters, so these are kept small.
pub const WORD_SHARD_BYTES: usize = 8 * 1024;

/// A shard of keys in order: the keys it holds, from `first` to `last`, and its file. (A key
/// is a word, or for a suffix shard a word spelled backwards.)
#[derive(Debug, Clone)]
struct KeyShard {
    first: String,
    last: String,
    file: SearchFile,
}

/// Every file of the index.
#[derive(Debug, Default)]
pub(super) struct Shards {
    terms: Vec<KeyShard>,
    suffixes: Vec<KeyShard>,
    words: Vec<KeyShard>,
    folds: Vec<KeyShard>,
    fold_suffixes: Vec<KeyShard>,
    docs: Vec<SearchFile>,
    manifest: SearchFile,
}

/// The files of the index before an edit, with what the edit changed: files holding none of
/// it are kept as they are.
pub(super) struct Reuse<'a> {
    pub(super) old: Shards,
    pub(super) words_changed: &'a BTreeSet<Word>,
    /// Doc ids whose result details changed.
    pub(super) docs_changed: &'a BTreeSet<usize>,
}

impl Shards {
    /// The files of an index of `words` and `posts`, keeping those of `reuse` that hold
    /// nothing that changed.
    /// `keyed.suffixes` are the words a query can find by their ending, keyed by the word
    /// spelled backwards ([`reversed`]); empty for a language without compounds.
    /// `keyed.folds` and `keyed.fold_suffixes` are the words with diacritics, keyed by their
    /// folded form ([`fold_key`]) and its ending ([`fold_suffix_key`]).
    pub(super) fn make(
        language: &str,
        rules: &Rules,
        words: &BTreeMap<Word, Postings>,
        keyed: &Keyed,
        posts: &[Arc<PostTerms>],
        reuse: Option<Reuse>,
    ) -> Shards {
        let suffixes = &keyed.suffixes;
        let by_word: Vec<(&Word, &Postings)> = words.iter().collect();
        let changed_words = reuse.as_ref().map(|r| r.words_changed);
        let terms = key_shards(
            't',
            &by_word,
            SHARD_BYTES,
            |w, p| w.0.len() + 8 + p.bytes,
            |slice| serde_json::to_vec(&TermShardJson(slice)).expect("strings and numbers"),
            reuse.as_ref().map(|r| (&r.old.terms[..], r.words_changed)),
        );

        let by_ending: Vec<(&Word, (&Word, &Postings))> =
            suffixes.iter().map(|(key, word)| (key, (word, &words[word]))).collect();
        let changed_endings: Option<BTreeSet<Word>> = changed_words.map(|c| c.iter().map(|w| reversed(&w.0)).collect());
        // As large as term shards: smaller ones (8 KB was tried) cost a word that many
        // compounds end in more files, and the manifest more lines, than they save.
        let suffixes = key_shards(
            's',
            &by_ending,
            SHARD_BYTES,
            |_, (w, p)| w.0.len() + 8 + p.bytes,
            |slice| {
                let terms: Vec<(&Word, &Postings)> = slice.iter().map(|(_, entry)| *entry).collect();
                serde_json::to_vec(&TermShardJson(&terms)).expect("strings and numbers")
            },
            reuse
                .as_ref()
                .zip(changed_endings.as_ref())
                .map(|(r, c)| (&r.old.suffixes[..], c)),
        );

        let spellable: Vec<(&Word, ())> = words
            .keys()
            .filter(|w| w.0.chars().count() + 1 >= rules.typo_min && !is_number(&w.0))
            .map(|w| (w, ()))
            .collect();
        let words = key_shards(
            'w',
            &spellable,
            WORD_SHARD_BYTES,
            |w, _| w.0.len() + 3,
            |slice| {
                let words: Vec<&str> = slice.iter().map(|(w, _)| w.0.as_str()).collect();
                serde_json::to_vec(&WordShardJson { words }).expect("strings")
            },
            reuse.as_ref().map(|r| (&r.old.words[..], r.words_changed)),
        );

        // Words with diacritics by their folded form: the words alone (the page folds each
        // again to compare), small shards like the word shards, read only to learn which
        // words of the index a query typed without å, ä and ö stands for.
        let fold_shards =
            |map: &BTreeMap<Word, Word>, kind: char, old: Option<&[KeyShard]>, key: fn(&str, &str) -> Word| {
                let entries: Vec<(&Word, &Word)> = map.iter().collect();
                let changed: Option<BTreeSet<Word>> = changed_words.map(|c| {
                    c.iter()
                        .filter_map(|w| super::language::fold(&w.0).map(|f| key(&f, &w.0)))
                        .collect()
                });
                key_shards(
                    kind,
                    &entries,
                    WORD_SHARD_BYTES,
                    |_, w| w.0.len() + 3,
                    |slice| {
                        let words: Vec<&str> = slice.iter().map(|(_, w)| w.0.as_str()).collect();
                        serde_json::to_vec(&WordShardJson { words }).expect("strings")
                    },
                    old.zip(changed.as_ref()),
                )
            };
        let folds = fold_shards(&keyed.folds, 'f', reuse.as_ref().map(|r| &r.old.folds[..]), fold_key);
        let fold_suffixes = fold_shards(
            &keyed.fold_suffixes,
            'g',
            reuse.as_ref().map(|r| &r.old.fold_suffixes[..]),
            fold_suffix_key,
        );

        let docs: Vec<SearchFile> = posts
            .par_chunks(DOCS_PER_FILE)
            .enumerate()
            .map(|(n, chunk)| {
                let ids = n * DOCS_PER_FILE..n * DOCS_PER_FILE + chunk.len();
                if let Some(r) = &reuse {
                    if let Some(old) = r.old.docs.get(n) {
                        if r.docs_changed.range(ids).next().is_none() {
                            return old.clone();
                        }
                    }
                }
                let docs: Vec<_> = chunk.iter().map(|p| &p.doc).collect();
                let body = serde_json::to_vec(&DocShardJson { docs }).expect("strings and numbers");
                file('d', body)
            })
            .collect();
        let manifest = Manifest {
            version: FORMAT_VERSION,
            language,
            rules,
            posts: posts.len(),
            docs_per_file: DOCS_PER_FILE,
            docs: docs.iter().map(|f| f.file.as_str()).collect(),
            terms: refs(&terms),
            suffixes: refs(&suffixes),
            words: refs(&words),
            folds: refs(&folds),
            fold_suffixes: refs(&fold_suffixes),
        };
        let manifest = SearchFile {
            file: SEARCH_INDEX_PATH.to_string(),
            body: Arc::new(serde_json::to_vec(&manifest).expect("strings and numbers")),
        };
        Shards {
            terms,
            suffixes,
            words,
            folds,
            fold_suffixes,
            docs,
            manifest,
        }
    }

    /// Term, suffix and word shards, doc shards, then the manifest.
    pub(super) fn files(&self) -> impl Iterator<Item = &SearchFile> {
        self.terms
            .iter()
            .chain(&self.suffixes)
            .chain(&self.words)
            .chain(&self.folds)
            .chain(&self.fold_suffixes)
            .map(|t| &t.file)
            .chain(&self.docs)
            .chain(std::iter::once(&self.manifest))
    }

    pub(super) fn manifest(&self) -> &SearchFile {
        &self.manifest
    }
}

/// The shards of `entries` (sorted by key), cut as the module's doc says, each a file of
/// `kind` with the body `body` makes of its entries; `size` is an entry's size in bytes as
/// written. With `reuse` (the shards before an edit and the keys it changed), a shard with the
/// same first and last key and no changed key between them is kept as it was.
fn key_shards<T: Sync>(
    kind: char,
    entries: &[(&Word, T)],
    target: usize,
    size: impl Fn(&Word, &T) -> usize,
    body: impl Fn(&[(&Word, T)]) -> Vec<u8> + Sync,
    reuse: Option<(&[KeyShard], &BTreeSet<Word>)>,
) -> Vec<KeyShard> {
    let sizes: Vec<(&Word, usize)> = entries.iter().map(|(k, t)| (*k, size(k, t))).collect();
    let old: FxHashMap<(&str, &str), &KeyShard> = reuse
        .iter()
        .flat_map(|(old, _)| old.iter())
        .map(|t| ((t.first.as_str(), t.last.as_str()), t))
        .collect();
    cut(&sizes, target)
        .into_par_iter()
        .map(|range| {
            let slice = &entries[range];
            let (first, last) = (slice[0].0, slice[slice.len() - 1].0);
            if let Some((_, changed)) = reuse {
                let untouched = changed
                    .range((Bound::Included(first), Bound::Included(last)))
                    .next()
                    .is_none();
                if let (true, Some(old)) = (untouched, old.get(&(first.0.as_str(), last.0.as_str()))) {
                    return (*old).clone();
                }
            }
            KeyShard {
                first: first.0.clone(),
                last: last.0.clone(),
                file: file(kind, body(slice)),
            }
        })
        .collect()
}

/// Where each of `shards` is, for the manifest. A fold shard's range is of folded forms: the
/// part of its keys before NUL (see [`fold_key`]).
fn refs(shards: &[KeyShard]) -> Vec<ShardRef<'_>> {
    fn folded(key: &str) -> &str {
        key.split('\0').next().unwrap_or(key)
    }
    shards
        .iter()
        .map(|t| ShardRef {
            first: folded(&t.first),
            last: folded(&t.last),
            file: &t.file.file,
        })
        .collect()
}

/// A shard's file, named by its kind and a hash of its content (`search_index/t-3f9a….json`),
/// so a cached shard is never used with a manifest of another build, and a shard an edit did
/// not change keeps its name. BLAKE3, not the standard library's hasher, whose output may
/// change with a Rust release: a new besok must not rename every shard of an unchanged site
/// (and make a host upload them all again).
fn file(kind: char, body: Vec<u8>) -> SearchFile {
    let hash = blake3::hash(&body);
    SearchFile {
        file: format!("{SHARD_DIR}{kind}-{}.json", &hash.to_hex()[..16]),
        body: Arc::new(body),
    }
}

/// Cuts the sorted keys, each with its size in bytes, into shards of about `target` bytes
/// (see the module's doc).
fn cut(keys: &[(&Word, usize)], target: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, &(word, size)) in keys.iter().enumerate() {
        bytes += size;
        if bytes >= MAX_SHARD_FACTOR * target || ends_shard(word, size, target) {
            ranges.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < keys.len() {
        ranges.push(start..keys.len());
    }
    ranges
}

/// Whether a key of `size` bytes ends its shard: with probability `size / target`, by a hash
/// of the key, so the same key decides the same way in every build. The hash is 64-bit FNV-1a,
/// a fixed published function (stable across Rust releases, as [`file`] says a name must be),
/// and cheap for the short keys it hashes, each of every build's ~100,000 words.
fn ends_shard(word: &Word, size: usize, target: usize) -> bool {
    let hash = word.0.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash % (target as u64) < (size as u64)
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    language: &'a str,
    rules: &'a Rules,
    /// Number of docs: posts (doc ids 0.., oldest first, see `post_of_doc`), then plain pages.
    /// (Named `posts` since before pages were searched; the page reads it under that name.)
    posts: usize,
    docs_per_file: usize,
    /// Doc shard files, relative to the manifest: shard `i` holds docs `i*docs_per_file..`.
    docs: Vec<&'a str>,
    /// Term shards in word order.
    terms: Vec<ShardRef<'a>>,
    /// Suffix shards, in the order of their words spelled backwards (`first` and `last` are
    /// spelled backwards too).
    suffixes: Vec<ShardRef<'a>>,
    /// Word shards in word order.
    words: Vec<ShardRef<'a>>,
    /// Fold shards: the words with diacritics in the order of their folded forms (`first`
    /// and `last` are folded forms).
    folds: Vec<ShardRef<'a>>,
    /// Fold suffix shards: the words with diacritics a query finds by their ending, in the
    /// order of their folded forms spelled backwards (`first` and `last` are those).
    fold_suffixes: Vec<ShardRef<'a>>,
}

/// Where the words `first..=last` are.
#[derive(Serialize)]
struct ShardRef<'a> {
    first: &'a str,
    last: &'a str,
    file: &'a str,
}

/// `{"words": [word, ...]}` in the shard's order.
#[derive(Serialize)]
struct WordShardJson<'a> {
    words: Vec<&'a str>,
}

#[derive(Serialize)]
struct DocShardJson<'a> {
    docs: Vec<&'a super::Doc>,
}

/// `{"terms": [[word, [doc, weight, doc delta, weight, ...]], ...]}` in the shard's order; doc ids of
/// a word are ascending and written as the difference to the previous one.
struct TermShardJson<'a, 'w>(&'a [(&'w Word, &'w Postings)]);

impl Serialize for TermShardJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut shard = s.serialize_struct("TermShard", 1)?;
        let terms: Vec<(&str, PostingsJson)> = self.0.iter().map(|(w, p)| (w.0.as_str(), PostingsJson(p))).collect();
        shard.serialize_field("terms", &terms)?;
        shard.end()
    }
}

struct PostingsJson<'a>(&'a Postings);

impl Serialize for PostingsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let list = &self.0.list;
        let mut seq = s.serialize_seq(Some(list.len() * 2))?;
        let mut previous = 0;
        for &(doc, weight) in list {
            // Ascending doc ids, so the difference is never negative.
            seq.serialize_element(&(doc - previous))?;
            seq.serialize_element(&weight)?;
            previous = doc;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(bytes: usize) -> Postings {
        Postings {
            list: vec![(0, 1)],
            bytes,
        }
    }

    #[test]
    fn ranges_cover_every_word_once_in_order() {
        let words: Vec<(Word, Postings)> = (0..5000)
            .map(|i| (Word(format!("w{i:05}")), postings(20 + i % 700)))
            .collect();
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, p)| (w, w.0.len() + 8 + p.bytes)).collect();
        let ranges = cut(&refs, SHARD_BYTES);
        assert!(ranges.len() > 10);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().unwrap().end, 5000);
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(!pair[0].is_empty());
        }
    }

    #[test]
    fn a_shard_that_grows_moves_no_boundary_far_from_it() {
        let mut words: Vec<(Word, Postings)> = (0..5000)
            .map(|i| (Word(format!("w{i:05}")), postings(20 + (i * 37) % 900)))
            .collect();
        let before = {
            let refs: Vec<(&Word, usize)> = words.iter().map(|(w, p)| (w, w.0.len() + 8 + p.bytes)).collect();
            cut(&refs, SHARD_BYTES)
        };
        words[2500].1.bytes += 3;
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, p)| (w, w.0.len() + 8 + p.bytes)).collect();
        let after = cut(&refs, SHARD_BYTES);
        let same = before.iter().filter(|r| after.contains(r)).count();
        assert!(
            same + 3 >= before.len(),
            "{same} of {} shards kept their words",
            before.len()
        );
    }

    #[test]
    fn shards_average_about_the_target_size() {
        let words: Vec<(Word, Postings)> = (0..20000)
            .map(|i| (Word(format!("w{i:05}")), postings(10 + (i * 7919) % 300)))
            .collect();
        let refs: Vec<(&Word, usize)> = words.iter().map(|(w, p)| (w, w.0.len() + 8 + p.bytes)).collect();
        let total: usize = refs.iter().map(|(_, size)| size).sum();
        let average = total / cut(&refs, SHARD_BYTES).len();
        assert!(
            (SHARD_BYTES / 2..SHARD_BYTES * 2).contains(&average),
            "average shard {average} bytes"
        );
    }
}
