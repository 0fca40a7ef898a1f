//! A plain page (`content/pages/**/*.md`: "Om oss", "Kontakt"): front matter checked field by
//! field like a post's, body rendered like a post's, and its URL made from where the file is.

use super::{front_matter, Located, Location};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered, Typography};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The folder plain pages are read from, relative to the site root.
pub const PAGES_DIR: &str = "content/pages";

/// A plain page as written in its file, with its markdown already rendered.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// Path relative to the site root, as shown in messages (`content/pages/om.md`).
    pub path: PathBuf,
    pub title: Located<String>,
    /// Site path of the page, like `om/styrelsen/`: the folders below `content/pages/` and the
    /// file's own word (or `slug`), each made a URL word.
    pub url_path: String,
    /// Where `slug` was written, when it was: messages about the page's URL point there.
    pub slug_at: Option<Location>,
    pub aliases: Vec<Located<String>>,
    pub draft: bool,
    /// The page's place in the main navigation (lower first); `None` keeps it out.
    pub menu: Option<i64>,
    pub extra: toml::Table,
    pub content: Rendered,
    /// The links of the body that the model resolves or checks, with their places in the file.
    pub links: Vec<Located<markdown::Link>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: Spanned<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    menu: Option<Spanned<i64>>,
    #[serde(default)]
    extra: toml::Table,
}

/// Reads one plain page. `display_path` (below `content/pages/`) names the file in messages and
/// gives the page its URL; all problems in it are returned.
pub fn parse_page(text: &str, display_path: &Path, typography: Typography) -> Result<PageSource, Vec<Diagnostic>> {
    let (mut fm, raw) = front_matter::read::<RawPage>(text, display_path, "page")?;
    let title = fm.required("title", &raw.title, "the page's title, like \"Om oss\"");
    let slug = raw.slug.as_ref().map(|s| fm.slug(s, "om-oss").value);
    let url_path = match url_path(display_path, slug.as_deref()) {
        Ok(p) => p,
        Err(msg) => {
            fm.file_error(msg);
            String::new()
        }
    };
    let aliases = fm.aliases(&raw.aliases);
    fm.finish()?;
    let (text, split) = (fm.text, &fm.split);
    let mut content = markdown::render(split.body, typography);
    // A plain page has no folder of its own (as a post bundle has): its images are shown as
    // written, like a municipality page's.
    content.html = markdown::images_as_written(&content.html.text(), &content.images).into();
    Ok(PageSource {
        path: display_path.to_path_buf(),
        title,
        url_path,
        slug_at: raw.slug.as_ref().map(|s| fm.at(s.span().start)),
        aliases,
        draft: raw.draft,
        menu: raw.menu.map(Spanned::into_inner),
        extra: raw.extra,
        links: super::locate_links(text, split.body, &content.links),
        content,
    })
}

/// The site path of the page in `file` (relative to the site root, below `content/pages/`):
/// every folder's URL word, then the file's own (or `slug`, which replaces it). A folder's
/// `index.md` is the folder's own page, so its word is the folder's. Nested folders make
/// nested URLs, as readers expect of `om/styrelsen/` under `om/`.
fn url_path(file: &Path, slug: Option<&str>) -> Result<String, String> {
    let rel = file.strip_prefix(PAGES_DIR).unwrap_or(file);
    let mut words: Vec<String> = Vec::new();
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some((name, folders)) = parts.split_last() else {
        return Err("expected a markdown file below content/pages/".into());
    };
    for folder in folders {
        let word = crate::slugs::slugify(folder);
        if word.is_empty() {
            return Err(format!(
                "the folder name \"{folder}\" has no letters or digits to make a URL from; rename the folder"
            ));
        }
        words.push(word);
    }
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let is_index = stem == "index";
    match (slug, is_index) {
        // The slug replaces the page's own word: for a folder's index.md, the folder's.
        (Some(slug), true) => {
            words.pop();
            words.push(slug.to_string());
        }
        (Some(slug), false) => words.push(slug.to_string()),
        (None, true) => {}
        (None, false) => {
            let word = crate::slugs::slugify(&stem);
            if word.is_empty() {
                return Err(
                    "the file name has no letters or digits to make a URL from; rename the file or add `slug = \"...\"`"
                        .into(),
                );
            }
            words.push(word);
        }
    }
    Ok(words.iter().map(|w| format!("{w}/")).collect())
}

#[cfg(test)]
mod tests {
    use super::url_path;
    use std::path::Path;

    fn url(file: &str, slug: Option<&str>) -> String {
        url_path(Path::new(file), slug).unwrap()
    }

    #[test]
    fn folders_nest_and_a_folders_index_is_the_folder() {
        assert_eq!(url("content/pages/om.md", None), "om/");
        assert_eq!(url("content/pages/om/styrelsen.md", None), "om/styrelsen/");
        assert_eq!(url("content/pages/om/index.md", None), "om/");
        assert_eq!(
            url("content/pages/Om oss/Vår Styrelse.md", None),
            "om-oss/var-styrelse/"
        );
        assert_eq!(url("content/pages/index.md", None), "");
    }

    #[test]
    fn a_slug_replaces_the_pages_own_word() {
        assert_eq!(url("content/pages/om/styrelsen.md", Some("board")), "om/board/");
        assert_eq!(url("content/pages/om/index.md", Some("about")), "about/");
        assert_eq!(url("content/pages/index.md", Some("start")), "start/");
    }

    #[test]
    fn names_without_letters_are_refused() {
        assert!(url_path(Path::new("content/pages/---/a.md"), None).is_err());
        assert!(url_path(Path::new("content/pages/!!.md"), None).is_err());
        assert_eq!(url("content/pages/!!.md", Some("x")), "x/");
    }
}
