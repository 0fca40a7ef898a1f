//! Heading ids (written, or made from the heading's text and kept unique) and the table of
//! contents.

use super::plain_text::plain_text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// One heading of a document, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Gives every heading an id (its own `{#id}` if written, else a slug of its text, made
/// unique within the document) and returns the headings for a table of contents.
/// `starts` are where the headings start ([`heading_starts`]).
pub(super) fn assign_heading_ids(events: &mut [Event], starts: &[usize]) -> Vec<Heading> {
    let mut toc = Vec::with_capacity(starts.len());
    let mut used: FxHashSet<String> = FxHashSet::default();
    let mut next_suffix: FxHashMap<String, usize> = FxHashMap::default();
    // Explicit ids are reserved first, so generated ones never take them.
    for &i in starts {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            used.insert(id.to_string());
        }
    }
    for &i in starts {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.clone();
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = plain_text(&events[i + 1..end]).text;
            let id = match explicit {
                Some(id) => id.to_string(),
                None => {
                    let base = match slug::slugify(&title) {
                        s if s.is_empty() => "section".to_string(),
                        s => s,
                    };
                    let candidate = if used.contains(&base) {
                        // Counting on from the last number given to this base keeps a post
                        // with thousands of equal headings linear.
                        let n = next_suffix.entry(base.clone()).or_insert(1);
                        let mut candidate = format!("{base}-{n}");
                        while used.contains(&candidate) {
                            *n += 1;
                            candidate = format!("{base}-{n}");
                        }
                        *n += 1;
                        candidate
                    } else {
                        base
                    };
                    used.insert(candidate.clone());
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                        *id = Some(CowStr::from(candidate.clone()));
                    }
                    candidate
                }
            };
            toc.push(Heading { level, id, title });
        }
    }
    toc
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, Typography};

    #[test]
    fn heading_ids_are_slugged_and_unique() {
        let r = render(
            "## Fackliga inspel\n\n## Fackliga inspel\n\n## Egen {#egen}\n",
            Typography::Swedish,
        );
        assert!(
            r.html.text().contains("<h2 id=\"fackliga-inspel\">"),
            "{}",
            r.html.text()
        );
        assert!(
            r.html.text().contains("<h2 id=\"fackliga-inspel-1\">"),
            "{}",
            r.html.text()
        );
        assert!(r.html.text().contains("<h2 id=\"egen\">"), "{}", r.html.text());
        assert_eq!(
            r.toc.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["fackliga-inspel", "fackliga-inspel-1", "egen"]
        );
    }
}
