//! The search index as data: every word of the site with its postings, and the files cut from
//! it.
//!
//! `besok serve` keeps one of these between edits. Making it from scratch at 10,000 posts
//! (four million postings) takes over 100 ms; an edit of one post changes the postings of only
//! that post's words, and usually only a few of them, so [`SearchIndex::replace`] updates those
//! in place and re-makes only the files they are in. Two choices make that possible without
//! the result differing from a fresh build by a single byte:
//!
//! - a posting's weight depends only on its own post and on the average length of each field
//!   over the site, and those averages are rounded to whole words, so an edit that makes one
//!   post longer does not change every other post's weights (when a rounded average does
//!   change, which at 10,000 posts takes thousands of added words, the index is made again);
//! - shard boundaries are chosen by the words themselves (see `shards.rs`), so a shard that
//!   grows by a few bytes does not shift the boundaries of every shard after it.

use super::language::Language;
use super::shards::{self, Shards};
use super::words::{Keyed, Postings, Word};
use super::{js_order, PostTerms, SearchFile, BOOST, FIELDS};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// BM25's usual constants: how fast repeated words stop adding to the score, and how much a
/// long field is discounted.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Weights are stored as integers: the score times this.
const WEIGHT_SCALE: f64 = 10.0;
/// Posts counted per parallel task when the index is made from scratch: each task gathers its
/// posts' words in a map of its own; the maps are read in post order, so doc ids stay
/// ascending without sorting.
const POSTS_PER_TASK: usize = 1024;

/// A post's number in the index: its place counting from the oldest post.
pub type DocId = usize;

/// The search index of a site: each post's part, the postings of every word, and the files.
pub struct SearchIndex {
    language: String,
    /// Each post's part, by doc id (oldest post first, see [`super::post_of_doc`]).
    posts: Vec<Arc<PostTerms>>,
    /// Each field's length summed over all posts, kept as posts are replaced: the rounded
    /// averages weights are computed with ([`averages`]) come from it.
    totals: [u64; FIELDS],
    words: BTreeMap<Word, Postings>,
    /// The words a query finds other than by their beginning, in the order of their shards.
    keyed: Keyed,
    shards: Shards,
}

impl SearchIndex {
    /// Makes the index of `posts` (in doc id order) from scratch.
    pub fn build(language: &str, posts: Vec<Arc<PostTerms>>) -> SearchIndex {
        let totals = totals(&posts);
        let averages = averages(&totals, posts.len());
        let words = postings(&posts, &averages);
        let rules = Language::of(language).rules();
        let keyed = Keyed::of(&rules, words.keys());
        let shards = Shards::make(language, &rules, &words, &keyed, &posts, None);
        SearchIndex {
            language: language.to_string(),
            posts,
            totals,
            words,
            keyed,
            shards,
        }
    }

    /// Every file of the index: the shards, then the manifest at [`super::SEARCH_INDEX_PATH`].
    pub fn files(&self) -> impl Iterator<Item = &SearchFile> {
        self.shards.files()
    }

    /// The manifest, the file that names all others: it changes whenever any of them does.
    pub fn manifest(&self) -> &SearchFile {
        self.shards.manifest()
    }

    /// Each post's part, by doc id.
    pub fn posts(&self) -> &[Arc<PostTerms>] {
        &self.posts
    }

    /// Replaces the parts of posts that changed in place (same doc ids), re-making only the
    /// files they change. When the edit moves a rounded average, every weight may change, and
    /// the index is made again from its posts' parts.
    pub fn replace(&mut self, changed: Vec<(DocId, Arc<PostTerms>)>) {
        let before = averages(&self.totals, self.posts.len());
        let mut totals = self.totals;
        let mut edits = Vec::new();
        for (id, new) in changed {
            debug_assert!(id < self.posts.len(), "post {id} of {}", self.posts.len());
            let Some(old) = self.posts.get(id) else { continue };
            if **old == *new {
                continue;
            }
            for ((t, &was), &is) in totals.iter_mut().zip(&old.lengths).zip(&new.lengths) {
                *t = *t - u64::from(was) + u64::from(is);
            }
            edits.push((id, old.clone(), new.clone()));
            self.posts[id] = new;
        }
        if edits.is_empty() {
            return;
        }
        self.totals = totals;
        if averages(&totals, self.posts.len()) != before {
            *self = SearchIndex::build(&self.language, std::mem::take(&mut self.posts));
            return;
        }

        let mut words_changed: BTreeSet<Word> = BTreeSet::new();
        let mut docs_changed = BTreeSet::new();
        for (id, old, new) in edits {
            let doc = id as u32;
            if old.doc != new.doc {
                docs_changed.insert(id);
            }
            let kept: FxHashSet<&str> = new.words.iter().map(|(w, _)| w).collect();
            for (word, _) in old.words.iter() {
                if kept.contains(word) {
                    continue;
                }
                let key = Word(word.to_string());
                if let Some(postings) = self.words.get_mut(&key) {
                    if postings.remove(doc) {
                        if postings.list.is_empty() {
                            self.words.remove(&key);
                        }
                        words_changed.insert(key);
                    }
                }
            }
            let norm = norm(&new.lengths, &before);
            for (word, tf) in new.words.iter() {
                let key = Word(word.to_string());
                let postings = self.words.entry(key.clone()).or_default();
                if postings.set(doc, weight(&tf, &norm)) {
                    words_changed.insert(key);
                }
            }
        }
        let rules = Language::of(&self.language).rules();
        for word in &words_changed {
            self.keyed.remove(word);
            if self.words.contains_key(word) {
                self.keyed.insert(&rules, word);
            }
        }
        let old = std::mem::take(&mut self.shards);
        self.shards = Shards::make(
            &self.language,
            &rules,
            &self.words,
            &self.keyed,
            &self.posts,
            Some(shards::Reuse {
                old,
                words_changed: &words_changed,
                docs_changed: &docs_changed,
            }),
        );
    }
}

/// Each field's length summed over `posts`.
fn totals(posts: &[Arc<PostTerms>]) -> [u64; FIELDS] {
    let mut totals = [0u64; FIELDS];
    for p in posts {
        for (t, &l) in totals.iter_mut().zip(&p.lengths) {
            *t += u64::from(l);
        }
    }
    totals
}

/// Each field's average length over `posts` posts, rounded to whole words (at least 1).
fn averages(totals: &[u64; FIELDS], posts: usize) -> [u32; FIELDS] {
    let n = posts.max(1) as u64;
    // Rounded half up, in integers: the same on every machine.
    totals.map(|t| u32::try_from((t + n / 2) / n).unwrap_or(u32::MAX).max(1))
}

/// BM25's length normalisation of each field of a post, so weighting is a few multiplications.
fn norm(lengths: &[u32; FIELDS], averages: &[u32; FIELDS]) -> [f64; FIELDS] {
    let mut norm = [0f64; FIELDS];
    for f in 0..FIELDS {
        norm[f] = K1 * (1.0 - B + B * f64::from(lengths[f]) / f64::from(averages[f]));
    }
    norm
}

/// BM25 per field (`norm` is each field's length normalisation), each field's score times its
/// boost, summed, as a small integer (at least 1).
fn weight(tf: &[u16; FIELDS], norm: &[f64; FIELDS]) -> u32 {
    let mut score = 0.0;
    for f in 0..FIELDS {
        if tf[f] > 0 {
            let tf = f64::from(tf[f]);
            score += BOOST[f] * tf * (K1 + 1.0) / (tf + norm[f]);
        }
    }
    ((score * WEIGHT_SCALE).round() as u32).max(1)
}

/// A word's postings in one task's posts: `(doc id, weight)`, weighted as they are gathered so
/// the counts per field are never all held at once.
type Occurrences = Vec<(u32, u32)>;

/// Every word of `posts` with its postings.
fn postings(posts: &[Arc<PostTerms>], averages: &[u32; FIELDS]) -> BTreeMap<Word, Postings> {
    let parts: Vec<FxHashMap<&str, Occurrences>> = posts
        .par_chunks(POSTS_PER_TASK)
        .enumerate()
        .map(|(n, chunk)| {
            let mut words: FxHashMap<&str, Occurrences> = FxHashMap::default();
            for (i, p) in chunk.iter().enumerate() {
                let id = (n * POSTS_PER_TASK + i) as u32;
                let norm = norm(&p.lengths, averages);
                for (word, tf) in p.words.iter() {
                    words.entry(word).or_default().push((id, weight(&tf, &norm)));
                }
            }
            words
        })
        .collect();
    let mut vocabulary: Vec<&str> = parts
        .iter()
        .flat_map(|part| part.keys().copied())
        .collect::<FxHashSet<&str>>()
        .into_iter()
        .collect();
    vocabulary.par_sort_unstable_by(|a, b| js_order(a, b));
    // Each word's postings straight from the parts, in post order: no merged copy.
    let words: Vec<(Word, Postings)> = vocabulary
        .into_par_iter()
        .map(|word| {
            let list = parts
                .iter()
                .filter_map(|part| part.get(word))
                .flatten()
                .copied()
                .collect();
            (Word(word.to_string()), Postings::from_list(list))
        })
        .collect();
    // Sorted already: the map is built in one pass.
    words.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_and_better_matches_weigh_more() {
        let norm = [K1; FIELDS]; // every field of average length
        let body = weight(&[0, 0, 0, 0, 0, 1], &norm);
        let title = weight(&[1, 0, 0, 0, 0, 1], &norm);
        let twice = weight(&[0, 0, 0, 0, 0, 2], &norm);
        assert!(title > twice && twice > body && body >= 1, "{title} {twice} {body}");
    }

    #[test]
    fn posting_sizes_kept_up_to_date_equal_sizes_counted_afresh() {
        // Doc ids and weights of every digit count, added, changed and removed in an order
        // that touches the first, middle and last postings.
        let mut postings = Postings::default();
        let mut state: u64 = 7;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        for _ in 0..2000 {
            let doc = next() % 1500;
            let weight = 1 + next() % 2000;
            if next() % 3 == 0 {
                postings.remove(doc);
            } else {
                postings.set(doc, weight);
            }
            let afresh = Postings::from_list(postings.list.clone());
            assert_eq!(postings.bytes, afresh.bytes);
            assert!(postings.list.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    /// Word number `w` of the tests' vocabulary: most with a diacritic, pairs of them folding
    /// alike ("ord12ä" and "ord12å" are both "ord12a" without), some without.
    fn spelling(w: usize) -> String {
        match w % 7 {
            0 => format!("ord{w}"),
            1 => format!("ord{}å", w + 1),
            _ => format!("ord{w}ä"),
        }
    }

    /// A post's part made from a few words of a small vocabulary, so words are shared
    /// between posts, disappear from the site and come back.
    fn part(title: &str, words: &[(usize, u16)]) -> Arc<PostTerms> {
        let words: super::super::TermCounts = words
            .iter()
            .map(|&(w, n)| (spelling(w), [0, 0, 0, 0, n % 3, n]))
            .collect();
        let mut lengths = [0u32; FIELDS];
        for (_, tf) in words.iter() {
            for f in 0..FIELDS {
                lengths[f] += u32::from(tf[f]);
            }
        }
        Arc::new(PostTerms {
            doc: super::super::Doc {
                title: title.to_string(),
                url: format!("/posts/{title}/"),
                date: "2020-01-01".into(),
                date_display: "1 januari 2020".into(),
                municipality: None,
                snippet: String::new(),
            },
            words,
            lengths,
        })
    }

    fn files(index: &SearchIndex) -> Vec<(String, Vec<u8>)> {
        index.files().map(|f| (f.file.clone(), f.body.to_vec())).collect()
    }

    fn post_words() -> impl proptest::strategy::Strategy<Value = Vec<(usize, u16)>> {
        use proptest::prelude::*;
        prop::collection::btree_map(0usize..300, 1u16..40, 1..60).prop_map(|m| m.into_iter().collect())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// What `besok serve` relies on: an index edited in place is the index a fresh build
        /// makes of the edited posts, byte for byte, whether the edit kept the rounded
        /// averages (the in-place path) or moved one (made again).
        #[test]
        fn an_index_edited_in_place_equals_one_made_afresh(
            posts in proptest::collection::vec(post_words(), 1..120),
            edits in proptest::collection::vec((0usize..1000, post_words(), 0usize..4), 1..6),
        ) {
            let mut words = posts.clone();
            let mut parts: Vec<Arc<PostTerms>> =
                posts.iter().enumerate().map(|(i, w)| part(&format!("p{i}"), w)).collect();
            let mut index = SearchIndex::build("sv", parts.clone());
            for (at, new_words, kind) in edits {
                let id = at % parts.len();
                // Kinds: other words (the averages may move), the same counts of other words
                // (they stay: the in-place path), and either with a new title.
                if kind % 2 == 0 {
                    words[id] = new_words;
                } else {
                    let shift = 1 + at % 299;
                    words[id] = words[id].iter().map(|&(w, n)| ((w + shift) % 300, n)).collect();
                }
                let title = if kind >= 2 { format!("ny{id}") } else { format!("p{id}") };
                parts[id] = part(&title, &words[id]);
                index.replace(vec![(id, parts[id].clone())]);
                let fresh = SearchIndex::build("sv", parts.clone());
                proptest::prop_assert_eq!(files(&index), files(&fresh));
            }
        }
    }

    #[test]
    fn an_edit_changes_only_the_shards_of_the_words_it_touches() {
        let vocabulary = 3000;
        let parts: Vec<Arc<PostTerms>> = (0..400)
            .map(|i| {
                let words: Vec<(usize, u16)> = (0..80)
                    .map(|k| ((i * 37 + k * 53) % vocabulary, 1 + (k % 5) as u16))
                    .collect();
                part(&format!("p{i}"), &words)
            })
            .collect();
        let mut index = SearchIndex::build("sv", parts.clone());
        let before: FxHashSet<String> = index.files().map(|f| f.file.clone()).collect();
        // The same words but one, swapped for a word of the same count: the lengths stay.
        let mut words: Vec<(usize, u16)> = (0..80)
            .map(|k| ((7 * 37 + k * 53) % vocabulary, 1 + (k % 5) as u16))
            .collect();
        words[10].0 = vocabulary + 1;
        index.replace(vec![(7, part("p7", &words))]);
        let after: FxHashSet<String> = index.files().map(|f| f.file.clone()).collect();
        let new = after.difference(&before).count();
        assert!(before.len() > 20, "{} files", before.len());
        // The manifest keeps its name; the shards of the word gone ("ord789ä": its term, word
        // and fold shard) and of the word added ("ord3001ä": those and its suffix and fold
        // suffix shard) are new, one each when the two share a shard: at most eight.
        assert!((1..=8).contains(&new), "{new} of {} files are new", after.len());
        let kinds: FxHashSet<char> = after
            .difference(&before)
            .filter_map(|f| f.strip_prefix(super::super::SHARD_DIR)?.chars().next())
            .collect();
        assert!(kinds.contains(&'f'), "{kinds:?}");
    }

    #[test]
    fn averages_are_rounded_whole_words_at_least_one() {
        assert_eq!(averages(&[15, 14, 0, 1, 2, 3], 10), [2, 1, 1, 1, 1, 1]);
        assert_eq!(averages(&[7650, 0, 0, 0, 0, 0], 0), [7650, 1, 1, 1, 1, 1]);
    }
}
