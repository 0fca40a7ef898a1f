//! What one rebuild did: the pages and files it changed, for the log line and the browser.

use super::*;
use crate::diagnostics::counted;

/// What one rebuild did, for the log line.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Pages rendered (files, like `posts/x/index.html`).
    pub rendered: Vec<String>,
    /// Pages rendered whose bytes differ from before (new pages included).
    pub changed_pages: Vec<String>,
    /// Pages and static files that are gone.
    pub removed: Vec<String>,
    /// Static files whose bytes changed or that are new.
    pub copied: Vec<String>,
    /// Stylesheets and scripts published under a new name (their content changed): the old
    /// file, then the new.
    pub renamed: Vec<(String, String)>,
    /// When the rebuild changed nothing but stylesheets, the old and new URL of each: open
    /// pages swap them in without reloading (each page's HTML changed only in naming them).
    pub stylesheet_swaps: Option<Vec<(String, String)>>,
    /// Whether every page was rendered (first build, config, template or UI words change).
    pub full: bool,
    /// Whether the last model was updated in place (the edit left every post where it was, or
    /// only moved posts between existing tags), rather than built again from all posts.
    pub in_place: bool,
    pub pages: usize,
    pub posts: usize,
    /// Warnings of this build that the previous one did not have.
    pub new_warnings: Vec<Diagnostic>,
    /// When the search index was updated: how many of its shards are new, and how many it has.
    /// (Its manifest alone stands for it in `rendered` and `changed_pages`: no page depends on
    /// the shards, so they are not listed as changed or removed.)
    pub search_files: Option<(usize, usize)>,
    /// Whether this is the step that made the search index after the pages were served.
    pub search_step: bool,
    /// The search page, when the index changed: an open one reloads to read the new index
    /// (the shards its old manifest names are gone).
    pub search_page: Option<String>,
    pub elapsed: Duration,
    /// Whether this is the part of a rebuild served first, the other pages it changes to come.
    pub more_to_come: bool,
}

impl Outcome {
    /// Adds what a later step of the same rebuild did (the search index made after the pages).
    pub fn merge(&mut self, later: Outcome) {
        self.rendered.extend(later.rendered);
        self.changed_pages.extend(later.changed_pages);
        self.removed.extend(later.removed);
        self.copied.extend(later.copied);
        self.renamed.extend(later.renamed);
        for list in [
            &mut self.rendered,
            &mut self.changed_pages,
            &mut self.removed,
            &mut self.copied,
        ] {
            list.sort();
            list.dedup();
        }
        self.new_warnings.extend(later.new_warnings);
        self.search_files = later.search_files.or(self.search_files);
        self.search_page = later.search_page.or(self.search_page.take());
        self.elapsed += later.elapsed;
    }

    /// Whether the served site changed at all.
    pub fn changed(&self) -> bool {
        !(self.changed_pages.is_empty() && self.removed.is_empty() && self.copied.is_empty())
    }

    /// Every changed file, as the live-reload script compares them with its own page.
    pub fn changed_files(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .changed_pages
            .iter()
            .chain(&self.removed)
            .chain(&self.copied)
            .chain(&self.search_page)
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The old and new names of the renamed stylesheets, when they are all the files that
    /// came and went (the rebuild's changes being static files only, the pages then changed
    /// only in naming them).
    pub(super) fn stylesheets_renamed(&self) -> Option<&[(String, String)]> {
        let renamed = &self.renamed;
        let all_css = !renamed.is_empty() && renamed.iter().all(|(_, new)| new.ends_with(".css"));
        let old = |f: &String| renamed.iter().any(|(o, _)| o == f);
        let new = |f: &String| renamed.iter().any(|(_, n)| n == f);
        (all_css && self.removed.iter().all(old) && self.copied.iter().all(new)).then_some(renamed.as_slice())
    }

    /// "re-rendered 14 pages in 6 ms", with static files and the search index when they
    /// changed; "made the search index (…) in 380 ms" for the step after the pages, "updated
    /// the search index (…)" when it replaced the parts of posts edited in place.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.search_step && self.in_place {
            parts.push("updated the search index".to_string());
        } else if self.search_step {
            parts.push("made the search index".to_string());
        } else {
            parts.push(format!("re-rendered {}", counted(self.rendered.len(), "page", "pages")));
        }
        if let Some((new, all)) = self.search_files {
            parts.push(format!("search index: {new} of {all} shards new"));
        }
        if !self.copied.is_empty() {
            parts.push(format!(
                "copied {}",
                counted(self.copied.len(), "static file", "static files")
            ));
        }
        if !self.removed.is_empty() {
            parts.push(format!("removed {}", counted(self.removed.len(), "file", "files")));
        }
        let more = if self.more_to_come {
            "; the other pages it changes follow"
        } else {
            ""
        };
        format!("{} in {} ms{more}", parts.join(", "), self.elapsed.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_words_and_a_later_step_merges_without_repeats() {
        let mut first = Outcome {
            rendered: vec!["index.html".into()],
            changed_pages: vec!["index.html".into()],
            elapsed: Duration::from_millis(6),
            ..Outcome::default()
        };
        assert_eq!(first.summary(), "re-rendered 1 page in 6 ms");
        let later = Outcome {
            rendered: vec!["index.html".into(), "search_index.json".into()],
            changed_pages: vec!["search_index.json".into()],
            search_files: Some((2, 40)),
            search_page: Some("sok/index.html".into()),
            elapsed: Duration::from_millis(30),
            ..Outcome::default()
        };
        first.merge(later);
        assert_eq!(first.rendered, ["index.html", "search_index.json"]);
        assert_eq!(
            first.changed_files(),
            ["index.html", "search_index.json", "sok/index.html"]
        );
        assert_eq!(
            first.summary(),
            "re-rendered 2 pages, search index: 2 of 40 shards new in 36 ms"
        );
    }

    #[test]
    fn the_pages_served_first_say_that_more_follow() {
        let first = Outcome {
            rendered: vec!["index.html".into(), "posts/ny/index.html".into()],
            more_to_come: true,
            elapsed: Duration::from_millis(62),
            ..Outcome::default()
        };
        assert_eq!(
            first.summary(),
            "re-rendered 2 pages in 62 ms; the other pages it changes follow"
        );
    }

    #[test]
    fn only_renamed_stylesheets_are_swapped_without_a_reload() {
        let renamed = Outcome {
            renamed: vec![("a.1.css".into(), "a.2.css".into())],
            removed: vec!["a.1.css".into()],
            copied: vec!["a.2.css".into()],
            ..Outcome::default()
        };
        assert_eq!(renamed.stylesheets_renamed().map(<[_]>::len), Some(1));
        let with_a_photo = Outcome {
            copied: vec!["a.2.css".into(), "bild.jpg".into()],
            ..renamed
        };
        assert_eq!(with_a_photo.stylesheets_renamed(), None);
    }
}
