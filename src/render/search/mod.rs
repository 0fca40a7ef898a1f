//! The search index: small JSON files the default theme's search page fetches on demand, so
//! search works on any static host and a reader downloads only what a query needs.
//!
//! A single index file that the browser indexes itself does not scale: at 10,000 posts it was
//! 28.5 MB and took MiniSearch ~10 s to index before the first result. So the build does the
//! indexing, and splits the result the way Pagefind does:
//!
//! - `search_index.json`, the manifest: which term shard covers which range of words, and where
//!   the result details are (a few KB even for 10,000 posts);
//! - term shards (`search_index/t-….json`): the sorted words of the whole site cut into ranges
//!   of about [`SHARD_BYTES`], each word with its postings: the posts it occurs in and a ranking
//!   weight per post, computed here (BM25 over the fields, with field boosts);
//! - doc shards (`search_index/d-….json`): title, URL, dates, municipality and snippet of
//!   [`DOCS_PER_FILE`] posts each, fetched only for the results shown.
//!
//! Plain pages ("Om oss") are searched too: they are docs after all posts (a page's doc has no
//! date and no municipality).
//!
//! A query needs the manifest, the shards whose ranges hold its words (a word and, for prefix
//! search, every word it begins), and the doc shards of the results on screen. Shard names are
//! a hash of their content, so a host may cache them forever and a stale manifest can never be
//! read with new shards. Everything is written by serde; titles are only ever JSON strings.
//!
//! The index is plain data ([`SearchIndex`]): `besok build` makes it once, `besok serve` keeps
//! it and replaces the part of the post an edit changed, which re-makes only the few shards
//! holding the words whose postings changed (see `index.rs` and `shards.rs` for how weights and
//! shard boundaries are kept from depending on the rest of the site).

mod index;
mod language;
mod shards;
mod tokens;
mod vocabulary;
mod words;

pub use index::SearchIndex;
pub use language::{fold, Language};
use tokens::is_word_char;
pub use tokens::words;

use crate::collation::nfc;
use crate::i18n::Translations;
use crate::model::{Page, PageId, Post, Site};
use serde::Serialize;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

/// Site path of the manifest the search page loads first.
pub const SEARCH_INDEX_PATH: &str = "search_index.json";
/// Folder of the shards, next to the manifest.
pub const SHARD_DIR: &str = "search_index/";
/// Bumped when the format changes, so the page never misreads an index of another version.
/// (3: doc ids count from the oldest post; 4: stems, suffix and word shards, rules; 5: fold
/// and fold suffix shards.)
pub const FORMAT_VERSION: u32 = 5;
/// Posts per doc shard. Showing 20 results touches at most 20 doc shards; at 32 posts a shard
/// is ~10 KB (3 KB gzipped), so the details of a page of results cost at most ~60 KB gzipped.
pub const DOCS_PER_FILE: usize = 32;
/// Least size of a term shard in bytes (uncompressed). Small enough that a query word costs
/// little, large enough that a site of 10,000 posts has a few hundred shards, not thousands.
/// A single word with more postings than this gets a shard of its own.
pub const SHARD_BYTES: usize = 24 * 1024;
/// Longest snippet shown under a result, in characters.
const SNIPPET_CHARS: usize = 200;

/// The fields of a post that are searched, in this order: title, municipality, tags, headings,
/// summary, body; [`BOOST`] says how much a match in each counts.
const FIELDS: usize = 6;
/// The place of the summary among the [`FIELDS`].
const SUMMARY: usize = 4;
/// The place of the body among the [`FIELDS`].
const BODY: usize = 5;
const BOOST: [f64; FIELDS] = [4.0, 3.0, 2.0, 1.5, 1.5, 1.0];

/// One file of the index: its path inside the output folder and its JSON. The bytes are shared:
/// `besok serve` keeps unchanged shards from one edit to the next without copying them.
#[derive(Debug, Clone, Default)]
pub struct SearchFile {
    pub file: String,
    pub body: Arc<Vec<u8>>,
}

/// What a result shows of a post.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
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
    /// Each distinct stem of the post's words with how often its forms are in each field.
    words: TermCounts,
    /// Each field's length in words.
    lengths: [u32; FIELDS],
}

/// A post's stems with how often each is in each field, packed: the stems in one string, each
/// ended by a space (a stem never has one), and their counts in the same order, each as a byte
/// saying which fields have the stem followed by those fields' counts as LEB128 varints (most
/// stems are in the body alone, once or a few times: two bytes instead of twelve). Every
/// post's part is held until the index is made (and by `besok serve` for good), so its size
/// counts: a `String` per stem cost three times as much (about 20 KB a post, 200 MB at 10,000
/// posts), and a `[u16; 6]` per stem half as much again as this.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermCounts {
    text: String,
    counts: Vec<u8>,
}

impl TermCounts {
    /// Each stem with its counts per field.
    pub fn iter(&self) -> impl Iterator<Item = (&str, [u16; FIELDS])> {
        let mut counts = self.counts.as_slice();
        self.text
            .split_terminator(' ')
            .map(move |stem| (stem, read_counts(&mut counts)))
    }

    fn with_capacity(stems: usize, bytes: usize) -> TermCounts {
        TermCounts {
            text: String::with_capacity(bytes),
            counts: Vec::with_capacity(stems * 2),
        }
    }

    fn push(&mut self, stem: &str, counts: [u16; FIELDS]) {
        debug_assert!(!stem.contains(' '));
        self.text.push_str(stem);
        self.text.push(' ');
        let mask = counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .fold(0u8, |mask, (f, _)| mask | 1 << f);
        self.counts.push(mask);
        for &c in counts.iter().filter(|&&c| c > 0) {
            let mut c = c;
            while c >= 0x80 {
                self.counts.push((c as u8 & 0x7f) | 0x80);
                c >>= 7;
            }
            self.counts.push(c as u8);
        }
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.counts.shrink_to_fit();
    }
}

/// The counts of one stem written by [`TermCounts::push`], from the front of `bytes`, which is
/// moved past them.
fn read_counts(bytes: &mut &[u8]) -> [u16; FIELDS] {
    let mut counts = [0u16; FIELDS];
    let Some((&mask, mut rest)) = bytes.split_first() else {
        return counts;
    };
    for (f, c) in counts.iter_mut().enumerate() {
        if mask & 1 << f == 0 {
            continue;
        }
        let mut shift = 0;
        while let Some((&b, tail)) = rest.split_first() {
            rest = tail;
            *c |= u16::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    *bytes = rest;
    counts
}

impl<S: AsRef<str>> FromIterator<(S, [u16; FIELDS])> for TermCounts {
    fn from_iter<I: IntoIterator<Item = (S, [u16; FIELDS])>>(iter: I) -> TermCounts {
        let mut packed = TermCounts::default();
        for (stem, counts) in iter {
            packed.push(stem.as_ref(), counts);
        }
        packed.shrink_to_fit();
        packed
    }
}

/// The search index of a site being built, each post's plain text taken out of the model as
/// soon as its part of the index is made: nothing after the index reads it, and holding it
/// to the end of a build cost as much memory as the posts' HTML (550 MB at 100,000 posts).
/// The index comes before the pages for the same reason: their data is not yet made.
pub fn search_index_taking_text(site: &mut Site, t: &Translations) -> SearchIndex {
    use rayon::prelude::*;
    let texts: Vec<Arc<str>> = site
        .posts
        .iter_mut()
        .map(|p| std::mem::take(&mut p.plain_text))
        .collect();
    let site: &Site = site;
    let posts = texts
        .into_par_iter()
        .enumerate()
        .map(|(id, text)| {
            let date = super::context::date_display(&site.posts[id], t);
            Arc::new(terms_of_post(site, &date, id, &text))
        })
        .collect();
    index_of(site, posts)
}

/// The index of the posts' parts (in `Site::posts` order) and the plain pages: the one way an
/// index is made, from parts made afresh (`besok build`) or kept from the last edit (`besok
/// serve`, which makes only the parts of posts that changed).
pub fn index_of(site: &Site, mut posts: Vec<Arc<PostTerms>>) -> SearchIndex {
    // Doc ids count from the oldest post (see `post_of_doc`).
    posts.reverse();
    posts.extend((0..site.pages.len()).map(|id| Arc::new(page_terms(site, id))));
    SearchIndex::build(&site.config.language, posts)
}

/// The post (its place in `Site::posts`, newest first) that doc id `doc` of a site of `posts`
/// posts stands for. Doc ids count from the oldest post, so a new post, which is nearly always
/// the newest, takes the next id and leaves every other post's id as it was: the shards that
/// do not hold its words keep their bytes and names, and a host's cache of them stays good.
/// (The mapping is its own inverse.) Plain pages come after every post: page `id` is doc
/// `posts + id`, so pages, which are few and seldom change, are the ones a new post moves.
pub fn post_of_doc(posts: usize, doc: usize) -> usize {
    posts - 1 - doc
}

/// Whether a file of the output folder is a shard of the search index, so a static file or
/// alias there would replace (or be replaced by) part of it. (The manifest is a page job, so
/// the usual checks catch what would take its place.)
pub fn is_search_shard(file: &str) -> bool {
    file.starts_with(SHARD_DIR)
}

/// Compares as JavaScript's `<` does on strings (UTF-16 code units), so the page's binary
/// search over shard ranges agrees with the build's order for every character.
pub fn js_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// One post's part of the index; `entry` is the post's list entry (for its date as shown).
pub fn post_terms(site: &Site, entry: &serde_json::Value, id: usize) -> PostTerms {
    let date = entry["date_display"].as_str().unwrap_or("");
    terms_of_post(site, date, id, &site.posts[id].plain_text)
}

/// One post's part of the index, with its date as shown and its plain text given.
fn terms_of_post(site: &Site, date_display: &str, id: usize, text: &str) -> PostTerms {
    let p = &site.posts[id];
    if p.is_preview() {
        // A draft or scheduled post keeps its doc id (so the other posts' ids stay as a build
        // without it would not have them anyway) but nothing of it is in the index.
        return PostTerms {
            doc: Doc::default(),
            words: TermCounts::default(),
            lengths: [0; FIELDS],
        };
    }
    let doc = Doc {
        title: p.title.clone(),
        url: site.config.url(&p.path),
        date: p.date.local_date().format("%Y-%m-%d").to_string(),
        date_display: date_display.to_string(),
        municipality: p.municipality.map(|m| site.municipalities[m].name.clone()),
        snippet: snippet(&p.summary_text),
    };
    terms(Language::of(&site.config.language), doc, &fields(site, p, text))
}

/// One plain page's part of the index: its title, headings and text, with no date and no
/// municipality. A draft shown with `--drafts` keeps its doc id but is not in the index, as a
/// draft post is not.
pub fn page_terms(site: &Site, id: PageId) -> PostTerms {
    let p: &Page = &site.pages[id];
    if p.is_preview() {
        return PostTerms {
            doc: Doc::default(),
            words: TermCounts::default(),
            lengths: [0; FIELDS],
        };
    }
    let doc = Doc {
        title: p.title.clone(),
        url: site.config.url(&p.path),
        snippet: snippet(&p.summary_text),
        ..Doc::default()
    };
    let headings = p.toc.iter().map(|h| h.title.as_str()).collect::<Vec<_>>().join(" ");
    let texts: [Cow<str>; FIELDS] = [
        nfc(&p.title),
        Cow::Borrowed(""),
        Cow::Borrowed(""),
        Cow::Owned(nfc(&headings).into_owned()),
        nfc(&p.summary_text),
        nfc(&p.plain_text),
    ];
    terms(Language::of(&site.config.language), doc, &texts)
}

/// A doc's part of the index from its fields' texts (in the order of [`BOOST`]): each word's
/// stem with how often the word's forms are in each field.
fn terms(language: Language, doc: Doc, texts: &[Cow<str>; FIELDS]) -> PostTerms {
    let (words, lengths) = vocabulary::count_stems(language, texts);
    PostTerms { doc, words, lengths }
}

/// The first eight bytes of a string as a big-endian number, zeros after a shorter one: two
/// strings' prefixes compare as the strings do, or are equal. (A word never holds a NUL, so
/// "ab" padded with zeros still sorts before "ab0".)
fn sort_prefix(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, &c) in bytes.iter_mut().zip(s.as_bytes()) {
        *b = c;
    }
    u64::from_be_bytes(bytes)
}

/// The searchable text of a post, field by field (in the order of [`BOOST`]), NFC-normalised.
fn fields<'p>(site: &'p Site, p: &'p Post, text: &'p str) -> [Cow<'p, str>; FIELDS] {
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
        nfc(text),
    ]
}

/// Whether `text` begins with `prefix` and a word ends where `prefix` does: the words of
/// `prefix` are then the first words of `text`, each as [`words`] reads it in `text`.
fn begins_with_words(text: &str, prefix: &str) -> bool {
    let joins = |c: Option<char>| c.is_some_and(is_word_char);
    text.starts_with(prefix) && !(joins(prefix.chars().next_back()) && joins(text[prefix.len()..].chars().next()))
}

/// The first words of a text, cut at a word boundary.
fn snippet(text: &str) -> String {
    super::context::shorten(text, SNIPPET_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    proptest::proptest! {
        /// Sorting by the prefix first keeps the order of the strings.
        #[test]
        fn sort_prefixes_keep_string_order(a in "[a-cå0-9]{0,12}", b in "[a-cå0-9]{0,12}") {
            let by_prefix = sort_prefix(&a).cmp(&sort_prefix(&b)).then_with(|| a.cmp(&b));
            proptest::prop_assert_eq!(by_prefix, a.cmp(&b));
        }
    }

    proptest::proptest! {
        /// Packing a post's counts loses nothing, whatever they are (0 to u16::MAX per field).
        #[test]
        fn packed_counts_read_back_as_written(
            stems in proptest::collection::vec(
                ("[a-zåäö0-9]{1,12}", proptest::array::uniform6(proptest::prop_oneof![
                    Just(0u16), 1u16..4, 0u16..=u16::MAX
                ])),
                0..40,
            )
        ) {
            let packed: TermCounts = stems.iter().map(|(s, c)| (s.as_str(), *c)).collect();
            let read: Vec<(String, [u16; FIELDS])> = packed.iter().map(|(s, c)| (s.to_string(), c)).collect();
            proptest::prop_assert_eq!(read, stems);
        }
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "ord ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("ord…") && s.chars().count() <= SNIPPET_CHARS + 1, "{s}");
    }

    #[test]
    fn order_is_javascripts() {
        // U+FF5E (one UTF-16 unit) sorts after U+1F600 (a surrogate pair) in JavaScript.
        assert_eq!(js_order("\u{1F600}", "\u{FF5E}"), Ordering::Less);
        assert_eq!(js_order("kompetens", "kompetensutveckling"), Ordering::Less);
    }
}
