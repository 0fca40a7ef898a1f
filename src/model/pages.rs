//! Plain pages ("Om oss", "Kontakt"): pages of their own, outside the posts' lists, timelines
//! and feeds, with a place in the main navigation when they ask for one.

use super::{content_key, LeftOut, Selection};
use crate::content::{Located, Location, PageSource};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Heading, Link};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Index into `Site::pages`.
pub type PageId = usize;

#[derive(Debug, Clone)]
pub struct Page {
    pub source: PathBuf,
    /// Site path of the page, like `om/styrelsen/`.
    pub path: String,
    pub title: String,
    /// Where the title was written.
    pub title_at: Location,
    /// Where `slug` was written, when it was: a clash of the page's URL is reported there.
    pub slug_at: Option<Location>,
    pub draft: bool,
    /// Its place in the main navigation, lower first; `None` keeps it out of the navigation.
    pub menu: Option<i64>,
    pub content_html: Arc<str>,
    /// The first paragraph as text: the page's description and its search result's snippet.
    pub summary_text: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    /// The body as plain text (for the search index).
    pub plain_text: Arc<str>,
    /// Old URL paths (normalised, without a leading `/`) that redirect here.
    pub aliases: Vec<Located<String>>,
    /// The links of the body that besok checks (internal, anchors, external).
    pub links: Vec<Located<Link>>,
    pub extra: toml::Table,
}

impl Page {
    /// Whether the page is shown only as a preview (a draft built with `--drafts`): it is never
    /// in the sitemap or the search index, which readers and search engines take as published.
    pub fn is_preview(&self) -> bool {
        self.draft
    }
}

/// The plain pages `selection` takes in, sorted by path. Drafts left out are added to
/// `left_out`, so a link to one says why it fails.
pub(super) fn pages(
    sources: Vec<PageSource>,
    selection: Selection,
    left_out: &mut HashMap<String, LeftOut>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::with_capacity(sources.len());
    for s in sources {
        if s.draft && !selection.drafts {
            left_out.insert(content_key(&s.path), LeftOut::Draft);
            continue;
        }
        if let Some(without) = s.content.read_without {
            warnings.push(super::read_without_warning(&s.path, s.title.at, "page", without));
        }
        pages.push(Page {
            source: s.path,
            path: s.url_path,
            title: s.title.value,
            title_at: s.title.at,
            slug_at: s.slug_at,
            draft: s.draft,
            menu: s.menu,
            content_html: s.content.html.into_shared(),
            summary_text: s.content.summary_text,
            toc: s.content.toc,
            word_count: s.content.word_count,
            plain_text: s.content.text,
            aliases: s.aliases,
            links: s.links,
            extra: s.extra,
        });
    }
    // Two pages of one path are an error of the page list (`render::page_collisions`); the file
    // decides their order here, so that error always names the same one.
    pages.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.source.cmp(&b.source)));
    pages
}

#[cfg(test)]
mod tests {
    use super::super::test_posts::config;
    use super::super::{LeftOut, Selection, Site};
    use crate::content::{parse_page, LoadedContent};
    use crate::markdown::Typography;
    use std::path::Path;

    fn content(files: &[(&str, &str)]) -> LoadedContent {
        let pages = files
            .iter()
            .map(|(file, front)| {
                let text = format!("+++\n{front}\n+++\nText.\n");
                parse_page(
                    &text,
                    &Path::new("content/pages").join(file),
                    Typography::for_language("sv"),
                )
                .expect("a valid page")
            })
            .collect();
        LoadedContent {
            pages,
            ..LoadedContent::default()
        }
    }

    #[test]
    fn pages_are_sorted_by_path_and_drafts_left_out_unless_asked() {
        let files = [
            ("om/styrelsen.md", "title = \"Styrelsen\""),
            ("kontakt.md", "title = \"Kontakt\"\ndraft = true"),
            ("om.md", "title = \"Om\"\nmenu = 1"),
        ];
        let site = Site::build(
            config(),
            content(&files),
            Default::default(),
            Default::default(),
            Selection::published(),
        )
        .expect("builds");
        let paths: Vec<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["om/", "om/styrelsen/"]);
        assert_eq!(site.pages[0].menu, Some(1));

        let drafts = Selection {
            drafts: true,
            ..Selection::published()
        };
        let site = Site::build(
            config(),
            content(&files),
            Default::default(),
            Default::default(),
            drafts,
        )
        .expect("builds");
        let paths: Vec<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["kontakt/", "om/", "om/styrelsen/"]);
        assert!(site.pages[0].is_preview());
    }

    #[test]
    fn a_left_out_draft_is_named_as_one() {
        let mut left_out = std::collections::HashMap::new();
        let c = content(&[("kontakt.md", "title = \"Kontakt\"\ndraft = true")]);
        let pages = super::pages(c.pages, Selection::published(), &mut left_out, &mut Vec::new());
        assert!(pages.is_empty());
        assert_eq!(left_out.get("pages/kontakt.md"), Some(&LeftOut::Draft));
    }
}
