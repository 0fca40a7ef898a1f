//! The search index: one JSON file the default theme's search page loads and hands to
//! MiniSearch (vendored in `themes/default/static/`), so search works on any static host.
//!
//! To stay small, a post's body is stored as its distinct words, lowercased, in the order they
//! first appear: search needs which words a post has, not how often, and title, tags,
//! municipality and summary (which rank higher) are stored whole. It is a separate `.json`
//! file, never inlined in a page, so a title like `</script>` is just text in a JSON string.

use super::SharedValues;
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;

/// Longest snippet shown under a result, in characters.
const SNIPPET_CHARS: usize = 200;

#[derive(Serialize)]
struct Index<'a> {
    /// Bumped when the format changes, so a cached old index is never misread.
    version: u32,
    language: &'a str,
    posts: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: usize,
    title: &'a str,
    url: String,
    date: String,
    date_display: &'a str,
    municipality: Option<&'a str>,
    tags: String,
    snippet: String,
    words: String,
}

/// The search index of every post of the site.
pub fn search_index(site: &Site, shared: &SharedValues) -> String {
    // Entries are made in parallel (collect keeps their order): with 10,000 posts this one
    // file was the longest single job of a build.
    let entries: Vec<String> = (0..site.posts.len())
        .into_par_iter()
        .map(|id| search_entry(site, shared, id))
        .collect();
    assemble_index(&site.config.language, entries.iter().map(String::as_str))
}

/// One post's entry of the index, as JSON. `besok serve` keeps these for unchanged posts, so
/// an edit does not redo the words of every post.
pub fn search_entry(site: &Site, shared: &SharedValues, id: usize) -> String {
    let p = &site.posts[id];
    let entry = Entry {
        id,
        title: &p.title,
        url: site.config.url(&p.path),
        date: p.date.local_date().format("%Y-%m-%d").to_string(),
        date_display: shared.post_entries[id]["date_display"].as_str().unwrap_or(""),
        municipality: p.municipality.map(|m| site.municipalities[m].name.as_str()),
        tags: p
            .tags
            .iter()
            .map(|&t| site.tags[t].name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        snippet: snippet(&p.summary_text),
        words: distinct_words(&p.plain_text),
    };
    serde_json::to_string(&entry).expect("an entry holds only strings and numbers")
}

/// The index from its entries: the same bytes serde writes for [`Index`] holding them.
pub fn assemble_index<'e>(language: &str, entries: impl Iterator<Item = &'e str>) -> String {
    let head = Index {
        version: 1,
        language,
        posts: Vec::new(),
    };
    let empty = serde_json::to_string(&head).expect("the index holds only strings and numbers");
    let open = empty.strip_suffix("]}").expect("serde writes the empty list last");
    let mut out = String::from(open);
    for (i, e) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push_str("]}");
    out
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

/// Each word of `text` once, lowercased, separated by spaces. Words are runs of letters and
/// digits (so å, ä and ö stay inside words).
pub fn distinct_words(text: &str) -> String {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = word.to_lowercase();
        if seen.insert(word.clone()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_distinct_lowercase_and_keep_swedish_letters() {
        assert_eq!(
            distinct_words("Återbesök i Växjö; återbesök – KOMPETENSutveckling!"),
            "återbesök i växjö kompetensutveckling"
        );
    }

    #[test]
    fn an_assembled_index_is_what_serde_writes() {
        let entry = |id: usize, title: &'static str| Entry {
            id,
            title,
            url: format!("/posts/{id}/"),
            date: "2016-12-08".into(),
            date_display: "8 december 2016",
            municipality: Some("Växjö \"x\""),
            tags: "a, b".into(),
            snippet: "</script>".into(),
            words: "ord".into(),
        };
        let whole = serde_json::to_string(&Index {
            version: 1,
            language: "sv",
            posts: vec![entry(0, "Ett"), entry(1, "Två")],
        })
        .unwrap();
        let parts = [entry(0, "Ett"), entry(1, "Två")].map(|e| serde_json::to_string(&e).unwrap());
        assert_eq!(assemble_index("sv", parts.iter().map(String::as_str)), whole);
        let empty = serde_json::to_string(&Index {
            version: 1,
            language: "en",
            posts: vec![],
        })
        .unwrap();
        assert_eq!(assemble_index("en", std::iter::empty()), empty);
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "ord ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("ord…") && s.chars().count() <= SNIPPET_CHARS + 1, "{s}");
    }
}
