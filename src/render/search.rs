//! The search index: small JSON files the default theme's search page fetches on demand, so
//! search works on any static host and a reader downloads only what a query needs.
//!
//! A single index file that the browser indexes itself does not scale: at 10,000 posts it was
//! 28.5 MB and took MiniSearch ~10 s to index before the first result. So the build does the
//! indexing, and splits the result the way Pagefind does:
//!
//! - `search_index.json`, the manifest: which term shard covers which range of words, and where
//!   the result details are (a few KB even for 10,000 posts);
//! - term shards (`search_index/t…json`): the sorted words of the whole site cut into ranges of
//!   about [`SHARD_BYTES`], each word with its postings: the posts it occurs in and a ranking
//!   weight per post, computed here (BM25 over the fields, with field boosts);
//! - doc shards (`search_index/d…json`): title, URL, dates, municipality and snippet of
//!   [`DOCS_PER_FILE`] posts each, fetched only for the results shown.
//!
//! A query needs the manifest, the shards whose ranges hold its words (a word and, for prefix
//! search, every word it begins), and the doc shards of the results on screen. Shard names carry
//! a hash of their content, so a host may cache them forever and a stale manifest can never be
//! read with new shards. Everything is written by serde; titles are only ever JSON strings.

use super::SharedValues;
use crate::model::{Post, Site};
use icu_normalizer::ComposingNormalizerBorrowed;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Site path of the manifest the search page loads first.
pub const SEARCH_INDEX_PATH: &str = "search_index.json";
/// Folder of the shards, next to the manifest.
pub const SHARD_DIR: &str = "search_index/";
/// Bumped when the format changes, so the page never misreads an index of another version.
pub const FORMAT_VERSION: u32 = 2;
/// Posts per doc shard. Showing 20 results touches at most 20 doc shards; at 32 posts a shard
/// is ~10 KB (3 KB gzipped), so the details of a page of results cost at most ~60 KB gzipped.
pub const DOCS_PER_FILE: usize = 32;
/// Target size of a term shard in bytes (uncompressed). Small enough that a query word costs
/// little, large enough that a site of 10,000 posts has a few hundred shards, not thousands.
/// A single word with more postings than this gets a shard of its own.
pub const SHARD_BYTES: usize = 24 * 1024;
/// Longest snippet shown under a result, in characters.
const SNIPPET_CHARS: usize = 200;

/// The fields of a post that are searched, in this order: title, municipality, tags, headings,
/// summary, body; [`BOOST`] says how much a match in each counts.
const FIELDS: usize = 6;
const BOOST: [f64; FIELDS] = [4.0, 3.0, 2.0, 1.5, 1.5, 1.0];
/// BM25's usual constants: how fast repeated words stop adding to the score, and how much a
/// long field is discounted.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Weights are stored as integers: the score times this.
const WEIGHT_SCALE: f64 = 10.0;

/// One file of the index: its path inside the output folder and its JSON.
pub struct SearchFile {
    pub file: String,
    pub body: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    language: &'a str,
    /// Number of posts; doc ids are 0..posts, newest first (the order of `Site::posts`).
    posts: usize,
    docs_per_file: usize,
    /// Doc shard files, relative to the manifest: shard `i` holds docs `i*docs_per_file..`.
    docs: Vec<String>,
    /// Term shards in word order.
    terms: Vec<ShardRef<'a>>,
}

/// Where the words `first..=last` are.
#[derive(Serialize)]
struct ShardRef<'a> {
    first: &'a str,
    last: &'a str,
    file: String,
}

#[derive(Serialize)]
struct TermShard<'a> {
    /// `[word, [doc, weight, doc delta, weight, ...]]` in word order; doc ids of a word are
    /// ascending and stored as the difference to the previous one.
    terms: &'a [(&'a str, Vec<u32>)],
}

#[derive(Serialize)]
struct DocShard<'a> {
    docs: Vec<&'a Doc>,
}

/// What a result shows of a post.
#[derive(Serialize, Debug, Clone, PartialEq)]
struct Doc {
    title: String,
    url: String,
    date: String,
    date_display: String,
    municipality: Option<String>,
    snippet: String,
}

/// One post's part of the index: what its result shows and its words, counted per field.
/// Making these is most of the work, so `besok serve` keeps them for posts that did not change.
#[derive(Debug, Clone, PartialEq)]
pub struct PostTerms {
    doc: Doc,
    /// Each distinct word of the post with how often it is in each field.
    words: Vec<(String, [u16; FIELDS])>,
    /// Each field's length in words.
    lengths: [u32; FIELDS],
}

/// Every file of the search index: the manifest at [`SEARCH_INDEX_PATH`] and its shards.
pub fn search_files(site: &Site, shared: &SharedValues) -> Vec<SearchFile> {
    let posts: Vec<PostTerms> = (0..site.posts.len())
        .into_par_iter()
        .map(|id| post_terms(site, shared, id))
        .collect();
    assemble(&site.config.language, &posts.iter().collect::<Vec<_>>())
}

/// The index files from every post's part (in post order: the position is the doc id).
pub fn assemble(language: &str, posts: &[&PostTerms]) -> Vec<SearchFile> {
    let terms = postings(posts);
    let term_files: Vec<(ShardRef, SearchFile)> = cut(&terms, SHARD_BYTES)
        .into_par_iter()
        .enumerate()
        .map(|(n, range)| {
            let slice = &terms[range];
            let body = serde_json::to_string(&TermShard { terms: slice }).expect("strings and numbers");
            let file = shard_name('t', n, &body);
            let shard = ShardRef {
                first: slice[0].0,
                last: slice[slice.len() - 1].0,
                file: file.clone(),
            };
            (shard, SearchFile { file, body })
        })
        .collect();
    let doc_files: Vec<SearchFile> = posts
        .par_chunks(DOCS_PER_FILE)
        .enumerate()
        .map(|(n, posts)| {
            let docs = posts.iter().map(|p| &p.doc).collect();
            let body = serde_json::to_string(&DocShard { docs }).expect("strings and numbers");
            SearchFile {
                file: shard_name('d', n, &body),
                body,
            }
        })
        .collect();

    let mut files = Vec::with_capacity(term_files.len() + doc_files.len() + 1);
    let mut shards = Vec::with_capacity(term_files.len());
    for (shard, file) in term_files {
        shards.push(shard);
        files.push(file);
    }
    let manifest = Manifest {
        version: FORMAT_VERSION,
        language,
        posts: posts.len(),
        docs_per_file: DOCS_PER_FILE,
        docs: doc_files.iter().map(|f| f.file.clone()).collect(),
        terms: shards,
    };
    let body = serde_json::to_string(&manifest).expect("strings and numbers");
    files.extend(doc_files);
    files.push(SearchFile {
        file: SEARCH_INDEX_PATH.to_string(),
        body,
    });
    files
}

/// Whether a file of the output folder is a shard of the search index, so a static file or
/// alias there would replace (or be replaced by) part of it. (The manifest is a page job, so
/// the usual checks catch what would take its place.)
pub fn is_search_shard(file: &str) -> bool {
    file.starts_with(SHARD_DIR)
}

/// `search_index/t12-3f9a0c1d2b4e.json`: kind, number and a content hash, so a cached shard is
/// never used with a manifest of another build.
fn shard_name(kind: char, n: usize, body: &str) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    format!("{SHARD_DIR}{kind}{n}-{:012x}.json", h.finish() & 0xffff_ffff_ffff)
}

/// One post's part of the index.
pub fn post_terms(site: &Site, shared: &SharedValues, id: usize) -> PostTerms {
    let p = &site.posts[id];
    let doc = Doc {
        title: p.title.clone(),
        url: site.config.url(&p.path),
        date: p.date.local_date().format("%Y-%m-%d").to_string(),
        date_display: shared.post_entries[id]["date_display"]
            .as_str()
            .unwrap_or("")
            .to_string(),
        municipality: p.municipality.map(|m| site.municipalities[m].name.clone()),
        snippet: snippet(&p.summary_text),
    };
    let texts = fields(site, p);
    let mut lengths = [0u32; FIELDS];
    let mut counts: HashMap<Cow<str>, [u16; FIELDS]> = HashMap::with_capacity_and_hasher(512, Default::default());
    for (f, text) in texts.iter().enumerate() {
        for word in words(text) {
            let c = counts.entry(word).or_insert([0; FIELDS]);
            c[f] = c[f].saturating_add(1);
            lengths[f] += 1;
        }
    }
    let words = counts.into_iter().map(|(w, tf)| (w.into_owned(), tf)).collect();
    PostTerms { doc, words, lengths }
}

/// The searchable text of a post, field by field (in the order of [`BOOST`]), NFC-normalised.
fn fields<'p>(site: &'p Site, p: &'p Post) -> [Cow<'p, str>; FIELDS] {
    let join = |parts: &mut dyn Iterator<Item = &str>| -> Cow<'p, str> {
        Cow::Owned(nfc(&parts.collect::<Vec<_>>().join(" ")).into_owned())
    };
    [
        nfc(&p.title),
        p.municipality
            .map_or(Cow::Borrowed(""), |m| nfc(&site.municipalities[m].name)),
        join(&mut p.tags.iter().map(|&t| site.tags[t].name.as_str())),
        join(&mut p.toc.iter().map(|h| h.title.as_str())),
        nfc(&p.summary_text),
        nfc(&p.plain_text),
    ]
}

/// Posts counted per parallel task: each task gathers its posts' words in a map of its own;
/// the maps are read in post order, so doc ids stay ascending without sorting.
const POSTS_PER_TASK: usize = 1024;

/// A word's occurrences before weighting: the post and how often the word is in each field.
type Occurrences = Vec<(u32, [u16; FIELDS])>;

/// Every word of the site with its postings (doc id and weight, doc ids delta-encoded), in the
/// order the search page compares words in: UTF-16 code units, as JavaScript does.
fn postings<'p>(posts: &[&'p PostTerms]) -> Vec<(&'p str, Vec<u32>)> {
    let parts: Vec<HashMap<&str, Occurrences>> = posts
        .par_chunks(POSTS_PER_TASK)
        .enumerate()
        .map(|(n, chunk)| {
            let mut words: HashMap<&str, Occurrences> = HashMap::default();
            for (i, p) in chunk.iter().enumerate() {
                let id = (n * POSTS_PER_TASK + i) as u32;
                for (word, tf) in &p.words {
                    words.entry(word.as_str()).or_default().push((id, *tf));
                }
            }
            words
        })
        .collect();
    let mut vocabulary: Vec<&str> = parts
        .iter()
        .flat_map(|part| part.keys().copied())
        .collect::<rustc_hash::FxHashSet<&str>>()
        .into_iter()
        .collect();
    vocabulary.par_sort_unstable_by(|a, b| js_order(a, b));

    // Per post and field, BM25's length normalisation, so weighting is a few multiplications.
    let n = posts.len().max(1) as f64;
    let mut average = [0f64; FIELDS];
    for p in posts {
        for (a, &l) in average.iter_mut().zip(&p.lengths) {
            *a += f64::from(l);
        }
    }
    let norms: Vec<[f64; FIELDS]> = posts
        .iter()
        .map(|p| {
            let mut norm = [0f64; FIELDS];
            for f in 0..FIELDS {
                let average = (average[f] / n).max(1.0);
                norm[f] = K1 * (1.0 - B + B * f64::from(p.lengths[f]) / average);
            }
            norm
        })
        .collect();
    // Each word's postings straight from the parts, in post order: no merged copy.
    vocabulary
        .into_par_iter()
        .map(|word| {
            let mut out = Vec::new();
            let mut last = 0;
            for list in parts.iter().filter_map(|part| part.get(word)) {
                for &(doc, tf) in list {
                    // Ascending doc ids, so the difference is never negative.
                    out.push(doc - last);
                    out.push(weight(&tf, &norms[doc as usize]));
                    last = doc;
                }
            }
            (word, out)
        })
        .collect()
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

/// Compares as JavaScript's `<` does on strings (UTF-16 code units), so the page's binary
/// search over shard ranges agrees with the build's order for every character.
pub fn js_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Cuts the sorted words into ranges of about `target` bytes of JSON each.
fn cut(terms: &[(&str, Vec<u32>)], target: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (word, list)) in terms.iter().enumerate() {
        bytes += word.len() + 8 + list.iter().map(|&x| digits(x) + 1).sum::<usize>();
        if bytes >= target {
            ranges.push(start..i + 1);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < terms.len() {
        ranges.push(start..terms.len());
    }
    ranges
}

fn digits(x: u32) -> usize {
    x.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// NFC-normalises a text (so a decomposed "o" + "¨" is the same "ö" as a typed one); most text
/// already is, and is then borrowed.
fn nfc(text: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// The words of an NFC-normalised text as the search page sees them: runs of letters and
/// digits (å, ä and ö are letters), each lowercased. The page's script does the same to a
/// query. A word that is already lowercase (most are) is borrowed, not copied.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.chars().all(|c| {
                if c.is_ascii() {
                    !c.is_ascii_uppercase()
                } else {
                    c.to_lowercase().eq([c])
                }
            });
            if lower {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            }
        })
}

/// The first words of a text, cut at a word boundary.
fn snippet(text: &str) -> String {
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_normalised_lowercase_and_keep_swedish_letters() {
        let text = nfc("Återbesök i Va\u{308}xjö; KOMPETENSutveckling! ÅÄÖ");
        let w: Vec<Cow<str>> = words(&text).collect();
        assert_eq!(w, ["återbesök", "i", "växjö", "kompetensutveckling", "åäö"]);
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "ord ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("ord…") && s.chars().count() <= SNIPPET_CHARS + 1, "{s}");
    }

    #[test]
    fn ranges_cover_every_word_once_in_order() {
        let words: Vec<String> = (0..1000).map(|i| format!("w{i:04}")).collect();
        let terms: Vec<(&str, Vec<u32>)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), vec![i as u32, 1]))
            .collect();
        let ranges = cut(&terms, 200);
        assert!(ranges.len() > 10);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges.last().unwrap().end, 1000);
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(!pair[0].is_empty());
        }
    }

    #[test]
    fn order_is_javascripts() {
        // U+FF5E (one UTF-16 unit) sorts after U+1F600 (a surrogate pair) in JavaScript.
        assert_eq!(js_order("\u{1F600}", "\u{FF5E}"), Ordering::Less);
        assert_eq!(js_order("kompetens", "kompetensutveckling"), Ordering::Less);
    }

    #[test]
    fn more_and_better_matches_weigh_more() {
        let norm = [K1; FIELDS]; // every field of average length
        let body = weight(&[0, 0, 0, 0, 0, 1], &norm);
        let title = weight(&[1, 0, 0, 0, 0, 1], &norm);
        let twice = weight(&[0, 0, 0, 0, 0, 2], &norm);
        assert!(title > twice && twice > body && body >= 1, "{title} {twice} {body}");
    }
}
