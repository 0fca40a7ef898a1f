//! The files of the search index: term shards cut from the sorted words, doc shards of
//! [`DOCS_PER_FILE`] posts each, and the manifest naming them.
//!
//! Where the words are cut decides how much of the index an edit re-makes. Cutting after a
//! running byte count passes a threshold would move every later boundary as soon as one shard
//! grows by a byte. Here a word ends a shard by its own size and a hash of it: a word of `n`
//! bytes ends one with probability `n / SHARD_BYTES` (every word at least that large always
//! does), so shards average about [`SHARD_BYTES`], and an edit changes boundaries only next to
//! the words it changed. A cap of [`MAX_SHARD_BYTES`] keeps unlucky runs of small words apart.

use super::index::{Postings, Word};
use super::{PostTerms, SearchFile, DOCS_PER_FILE, FORMAT_VERSION, SEARCH_INDEX_PATH, SHARD_BYTES, SHARD_DIR};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::ops::{Bound, Range};
use std::sync::Arc;

/// Largest a term shard gets from a run of words none of which ends one.
pub const MAX_SHARD_BYTES: usize = 4 * SHARD_BYTES;

/// A term shard: the words it holds, from `first` to `last`, and its file.
#[derive(Debug, Clone)]
struct TermShard {
    first: String,
    last: String,
    file: SearchFile,
}

/// Every file of the index.
#[derive(Debug, Default)]
pub(super) struct Shards {
    terms: Vec<TermShard>,
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
    pub(super) fn make(
        language: &str,
        words: &BTreeMap<Word, Postings>,
        posts: &[Arc<PostTerms>],
        reuse: Option<Reuse>,
    ) -> Shards {
        let sorted: Vec<(&Word, &Postings)> = words.iter().collect();
        let old_terms: FxHashMap<(&str, &str), &TermShard> = reuse
            .iter()
            .flat_map(|r| &r.old.terms)
            .map(|t| ((t.first.as_str(), t.last.as_str()), t))
            .collect();
        let terms: Vec<TermShard> = cut(&sorted)
            .into_par_iter()
            .map(|range| {
                let slice = &sorted[range];
                let (first, last) = (slice[0].0, slice[slice.len() - 1].0);
                let unchanged = |r: &Reuse| {
                    r.words_changed
                        .range((Bound::Included(first), Bound::Included(last)))
                        .next()
                        .is_none()
                };
                if let (Some(r), Some(old)) = (&reuse, old_terms.get(&(first.0.as_str(), last.0.as_str()))) {
                    if unchanged(r) {
                        return (*old).clone();
                    }
                }
                let body = serde_json::to_vec(&TermShardJson(slice)).expect("strings and numbers");
                TermShard {
                    first: first.0.clone(),
                    last: last.0.clone(),
                    file: file('t', body),
                }
            })
            .collect();
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
            posts: posts.len(),
            docs_per_file: DOCS_PER_FILE,
            docs: docs.iter().map(|f| f.file.as_str()).collect(),
            terms: terms
                .iter()
                .map(|t| ShardRef {
                    first: &t.first,
                    last: &t.last,
                    file: &t.file.file,
                })
                .collect(),
        };
        let manifest = SearchFile {
            file: SEARCH_INDEX_PATH.to_string(),
            body: Arc::new(serde_json::to_vec(&manifest).expect("strings and numbers")),
        };
        Shards { terms, docs, manifest }
    }

    /// Term shards, doc shards, then the manifest.
    pub(super) fn files(&self) -> impl Iterator<Item = &SearchFile> {
        self.terms
            .iter()
            .map(|t| &t.file)
            .chain(&self.docs)
            .chain(std::iter::once(&self.manifest))
    }

    pub(super) fn manifest(&self) -> &SearchFile {
        &self.manifest
    }
}

/// A shard's file, named by its kind and a hash of its content (`search_index/t-3f9a….json`),
/// so a cached shard is never used with a manifest of another build, and a shard an edit did
/// not change keeps its name.
fn file(kind: char, body: Vec<u8>) -> SearchFile {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    SearchFile {
        file: format!("{SHARD_DIR}{kind}-{:016x}.json", h.finish()),
        body: Arc::new(body),
    }
}

/// Cuts the sorted words into shards (see the module's doc).
fn cut(words: &[(&Word, &Postings)]) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (word, postings)) in words.iter().enumerate() {
        let size = word.0.len() + 8 + postings.bytes;
        bytes += size;
        if bytes >= MAX_SHARD_BYTES || ends_shard(word, size) {
            ranges.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < words.len() {
        ranges.push(start..words.len());
    }
    ranges
}

/// Whether a word of `size` bytes ends its shard: with probability `size / SHARD_BYTES`, by a
/// hash of the word, so the same word decides the same way in every build.
fn ends_shard(word: &Word, size: usize) -> bool {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    word.0.hash(&mut h);
    h.finish() % (SHARD_BYTES as u64) < (size as u64)
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    language: &'a str,
    /// Number of docs: posts (doc ids 0.., oldest first, see `post_of_doc`), then plain pages.
    /// (Named `posts` since before pages were searched; the page reads it under that name.)
    posts: usize,
    docs_per_file: usize,
    /// Doc shard files, relative to the manifest: shard `i` holds docs `i*docs_per_file..`.
    docs: Vec<&'a str>,
    /// Term shards in word order.
    terms: Vec<ShardRef<'a>>,
}

/// Where the words `first..=last` are.
#[derive(Serialize)]
struct ShardRef<'a> {
    first: &'a str,
    last: &'a str,
    file: &'a str,
}

#[derive(Serialize)]
struct DocShardJson<'a> {
    docs: Vec<&'a super::Doc>,
}

/// `{"terms": [[word, [doc, weight, doc delta, weight, ...]], ...]}` in word order; doc ids of
/// a word are ascending and written as the difference to the previous one.
struct TermShardJson<'a>(&'a [(&'a Word, &'a Postings)]);

impl Serialize for TermShardJson<'_> {
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
        let refs: Vec<(&Word, &Postings)> = words.iter().map(|(w, p)| (w, p)).collect();
        let ranges = cut(&refs);
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
            let refs: Vec<(&Word, &Postings)> = words.iter().map(|(w, p)| (w, p)).collect();
            cut(&refs)
        };
        words[2500].1.bytes += 3;
        let refs: Vec<(&Word, &Postings)> = words.iter().map(|(w, p)| (w, p)).collect();
        let after = cut(&refs);
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
        let refs: Vec<(&Word, &Postings)> = words.iter().map(|(w, p)| (w, p)).collect();
        let total: usize = refs.iter().map(|(w, p)| w.0.len() + 8 + p.bytes).sum();
        let average = total / cut(&refs).len();
        assert!(
            (SHARD_BYTES / 2..SHARD_BYTES * 2).contains(&average),
            "average shard {average} bytes"
        );
    }
}
