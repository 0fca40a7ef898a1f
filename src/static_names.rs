//! The names static files are published under.
//!
//! Stylesheets and scripts, of the theme and of the site's `static/`, carry a short hash of
//! their content in their name (`style.css` is published as `style.3f2a9c1e.css`), so a host
//! may let browsers keep them for a year and a changed file still reaches every reader at once:
//! the pages that load it name its new file. Templates keep writing `get_url(path="style.css")`
//! and get the published name, so every theme gets this without a change, and a theme author
//! cannot forget it on one file. [`is_hashed`] is the one place that decides which files are
//! renamed; the short-link script besok writes (`old-links.js`) is named by [`hashed_name`] too,
//! so every stylesheet and script of a build has a hashed name and a host can cache them by
//! extension.
//!
//! Images and fonts keep their names: a page or a stylesheet may refer to them in ways besok
//! cannot see (`srcset`, inline styles, markdown, a script building a URL), they rarely change,
//! and a changed logo shown a little longer does no harm, where a stylesheet that no longer
//! fits its page does. (Photos that posts show are published in sizes named by their content
//! already.)
//!
//! A stylesheet's `url(...)` and `@import` of another renamed file are rewritten to that
//! file's published name before the stylesheet's own hash is taken, so a change to an
//! imported stylesheet renames the one importing it too. Scripts are published as they are: a
//! script that loads another should get its URL from the page (as the search page's script
//! gets the index's, from a `data-` attribute written with `get_url`).

use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// A file on disk (absolute path).
    File(PathBuf),
    /// A file of the built-in theme; `path` names it in messages.
    BuiltIn { path: PathBuf, bytes: &'static [u8] },
    /// A stylesheet or script published under a name with its content's hash
    /// (this module): its bytes as published, read when the theme was loaded, and
    /// the file they came from, for messages.
    Hashed { path: PathBuf, bytes: Arc<Vec<u8>> },
}

impl StaticSource {
    /// How the file is named in messages.
    pub fn display_path(&self) -> &Path {
        match self {
            StaticSource::File(p) => p,
            StaticSource::BuiltIn { path, .. } | StaticSource::Hashed { path, .. } => path,
        }
    }
}

/// Whether the static file at `path` (as published, `/`-separated) is published under a name
/// with its content's hash: stylesheets and scripts.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name.rsplit_once('.'), Some((stem, "css" | "js")) if !stem.is_empty())
}

/// `path` with a short hash of `bytes` before its extension: `css/site.css` becomes
/// `css/site.3f2a9c1e.css`. The hash is the first 8 hex digits of the content's BLAKE3, as in
/// the names of photos' sizes: stable across platforms and versions of besok.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    let hash = &hash.as_str()[..8];
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), path),
    };
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{dir}{stem}.{hash}.{ext}"),
        None => format!("{dir}{name}.{hash}"),
    }
}

/// What templates learn of the static files besides their data: the published name of each
/// renamed file, by its name in `static/`, and which of the site's icons ([`crate::theme::ICONS`])
/// are published. Every page made with a template reads it (`get_url`, `icons()`), so a change
/// re-renders them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StaticNames {
    renamed: BTreeMap<String, String>,
    icons: Vec<String>,
}

impl StaticNames {
    /// The name `path` (a static file's name in `static/`, without a leading `/`) is published
    /// under: its hashed name, or `path` itself for a file that keeps its name (or none).
    pub fn published<'a>(&'a self, path: &'a str) -> &'a str {
        self.renamed.get(path).map_or(path, String::as_str)
    }

    /// The URL of the site's file `path` (what templates' `get_url` gives): the site's base
    /// path in front, and a stylesheet's or script's published name in place of its name in
    /// `static/`. A query or fragment is kept.
    pub fn url(&self, base_path: &str, path: &str) -> String {
        let path = path.trim_start_matches('/');
        let (file, rest) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
        format!("{base_path}{}{rest}", self.published(file))
    }

    /// Every renamed file: its name in `static/`, then the name it is published under.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.renamed.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// The icon files published, by their names in `static/`, in [`crate::theme::ICONS`]'s order.
    pub fn icons(&self) -> &[String] {
        &self.icons
    }

    /// These names with `icons` as the published icons.
    pub fn with_icons(mut self, icons: Vec<String>) -> StaticNames {
        self.icons = icons;
        self
    }
}

/// Renames the stylesheets and scripts of `files` (static files by the path they would be
/// published at): each is read, its references to other renamed files rewritten, and put back
/// under its hashed name as [`StaticSource::Hashed`]. `base_path` is the site's path
/// (`/blogg/`), for references from the site's root. Returns the names given; an unreadable
/// file or stylesheets that import each other in a circle are errors.
pub fn rename(
    files: &mut BTreeMap<String, StaticSource>,
    base_path: &str,
    shown: impl Fn(&StaticSource) -> String,
) -> Result<StaticNames, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut sources: BTreeMap<String, (Vec<u8>, String)> = BTreeMap::new();
    for (path, source) in files.iter().filter(|(p, _)| is_hashed(p)) {
        let bytes = match source {
            StaticSource::File(file) => std::fs::read(file),
            StaticSource::BuiltIn { bytes, .. } => Ok(bytes.to_vec()),
            StaticSource::Hashed { bytes, .. } => Ok(bytes.to_vec()),
        };
        match bytes {
            Ok(bytes) => {
                sources.insert(path.clone(), (bytes, shown(source)));
            }
            Err(e) => errors.push(Diagnostic::error(shown(source), 1, 1, format!("cannot read: {e}"))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut namer = Namer {
        sources: &sources,
        base_path,
        done: HashMap::new(),
        visiting: Vec::new(),
    };
    for path in sources.keys() {
        if let Err(e) = namer.publish(path) {
            return Err(vec![e]);
        }
    }
    let mut names = BTreeMap::new();
    for (path, (name, bytes)) in namer.done {
        let Some(source) = files.remove(&path) else { continue };
        let shown_path = source.display_path().to_path_buf();
        files.insert(
            name.clone(),
            StaticSource::Hashed {
                path: shown_path,
                bytes: Arc::new(bytes),
            },
        );
        names.insert(path, name);
    }
    Ok(StaticNames {
        renamed: names,
        icons: Vec::new(),
    })
}

/// Names the renamed files, each after the files its references lead to.
struct Namer<'a> {
    /// Each renamed file's bytes as read, and its path in messages.
    sources: &'a BTreeMap<String, (Vec<u8>, String)>,
    base_path: &'a str,
    /// Each file named so far: its published name and bytes.
    done: HashMap<String, (String, Vec<u8>)>,
    /// The stylesheets being named, each importing the next (to tell a circle).
    visiting: Vec<String>,
}

impl Namer<'_> {
    fn publish(&mut self, path: &str) -> Result<(), Diagnostic> {
        if self.done.contains_key(path) {
            return Ok(());
        }
        let (bytes, shown) = &self.sources[path];
        if let Some(at) = self.visiting.iter().position(|p| p == path) {
            let mut circle: Vec<&str> = self.visiting[at..].iter().map(String::as_str).collect();
            circle.push(path);
            return Err(Diagnostic::error(
                shown.clone(),
                1,
                1,
                format!(
                    "these stylesheets refer to each other in a circle: {}; besok names each by a hash of its content, which a circle makes impossible",
                    circle.join(" → ")
                ),
            ));
        }
        let css = path
            .ends_with(".css")
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten();
        let Some(css) = css else {
            self.done
                .insert(path.to_string(), (hashed_name(path, bytes), bytes.clone()));
            return Ok(());
        };
        // The references to renamed files, with the file each leads to.
        let refs: Vec<(Range<usize>, String, usize)> = css_references(css)
            .into_iter()
            .filter_map(|range| {
                let url = &css[range.clone()];
                let (target, path_end) = resolve(path, url, self.base_path)?;
                self.sources.contains_key(&target).then_some((range, target, path_end))
            })
            .collect();
        self.visiting.push(path.to_string());
        for (_, target, _) in &refs {
            self.publish(target)?;
        }
        self.visiting.pop();
        let mut out = String::with_capacity(css.len());
        let mut from = 0;
        for (range, target, path_end) in refs {
            let url = &css[range.clone()];
            let published = &self.done[&target].0;
            let file = published.rsplit('/').next().unwrap_or(published);
            let dir_end = url[..path_end].rfind('/').map_or(0, |i| i + 1);
            out.push_str(&css[from..range.start]);
            out.push_str(&url[..dir_end]);
            out.push_str(file);
            out.push_str(&url[path_end..]);
            from = range.end;
        }
        out.push_str(&css[from..]);
        let bytes = out.into_bytes();
        self.done.insert(path.to_string(), (hashed_name(path, &bytes), bytes));
        Ok(())
    }
}

/// The static file a stylesheet at `from` refers to with `url`, and where the path part of
/// `url` ends (a query or fragment follows). `None` for a URL of another site, a `data:` URL, a
/// fragment alone, or a path outside the site.
fn resolve(from: &str, url: &str, base_path: &str) -> Option<(String, usize)> {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return None;
    }
    let scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    if scheme {
        return None;
    }
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..path_end];
    let mut parts: Vec<&str> = Vec::new();
    let rest = match path.strip_prefix('/') {
        // From the site's root, which is `base_path` on the host.
        Some(_) => path.strip_prefix(base_path)?,
        // Relative to the stylesheet's folder.
        None => {
            let dir = from.rsplit_once('/').map_or("", |(dir, _)| dir);
            parts.extend(dir.split('/').filter(|s| !s.is_empty()));
            path
        }
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some((parts.join("/"), path_end))
}

/// The byte ranges of the URLs a stylesheet refers to, in `url(...)` and `@import "..."`,
/// outside comments and other strings.
fn css_references(css: &str) -> Vec<Range<usize>> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..].find("*/").map_or(b.len(), |end| i + 2 + end + 2);
            }
            b'\\' => i += 2,
            q @ (b'"' | b'\'') => {
                let end = string_end(b, i, q);
                if css[..i].trim_end().to_ascii_lowercase().ends_with("@import") {
                    out.push(i + 1..end);
                }
                i = end + 1;
            }
            b'u' | b'U'
                if b.len() >= i + 4
                    && b[i..i + 4].eq_ignore_ascii_case(b"url(")
                    && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-' || b[i - 1] == b'_')) =>
            {
                let mut j = i + 4;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = string_end(b, j, q);
                        out.push(j + 1..end);
                        i = end + 1;
                    }
                    _ => {
                        let start = j;
                        while j < b.len() && b[j] != b')' {
                            j += 1;
                        }
                        let end = start + css[start..j].trim_end().len();
                        if end > start {
                            out.push(start..end);
                        }
                        i = j + 1;
                    }
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Where the string opened by the quote `q` at `start` ends: its closing quote, or the end of
/// the line or text for one left open.
fn string_end(b: &[u8], start: usize, q: u8) -> usize {
    let mut j = start + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            c if c == q || c == b'\n' => return j,
            _ => j += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn built_in(files: &[(&str, &'static str)]) -> BTreeMap<String, StaticSource> {
        files
            .iter()
            .map(|(p, text)| {
                (
                    p.to_string(),
                    StaticSource::BuiltIn {
                        path: PathBuf::from(format!("static/{p}")),
                        bytes: text.as_bytes(),
                    },
                )
            })
            .collect()
    }

    fn bytes(files: &BTreeMap<String, StaticSource>, path: &str) -> String {
        match &files[path] {
            StaticSource::Hashed { bytes, .. } => String::from_utf8(bytes.to_vec()).unwrap(),
            other => panic!("{path} was not renamed: {other:?}"),
        }
    }

    fn shown(s: &StaticSource) -> String {
        s.display_path().display().to_string()
    }

    #[test]
    fn stylesheets_and_scripts_are_hashed_and_nothing_else() {
        for yes in ["style.css", "js/app.js", "a.b.css"] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "logo.png",
            "font.woff2",
            "css",
            ".css",
            "x.css.map",
            "data.json",
            "x.mjs",
        ] {
            assert!(!is_hashed(no), "{no}");
        }
        assert_eq!(hashed_name("css/site.css", b"x").len(), "css/site.12345678.css".len());
        assert!(hashed_name("css/site.css", b"x").starts_with("css/site."));
        assert_ne!(hashed_name("a.css", b"x"), hashed_name("a.css", b"y"));
        assert_eq!(hashed_name("a.css", b"x"), hashed_name("a.css", b"x"));
    }

    #[test]
    fn references_are_found_outside_comments_and_strings() {
        let css = r#"@import "base.css"; @import url(print.css) print;
/* url(commented.css) */ a { content: "url(in-string.css)"; background: URL( 'img/x.png' ) }
b { background: url("q.css?v=1#f"); } .x-url(y) {}"#;
        let found: Vec<&str> = css_references(css).into_iter().map(|r| &css[r]).collect();
        assert_eq!(found, ["base.css", "print.css", "img/x.png", "q.css?v=1#f"]);
    }

    #[test]
    fn urls_resolve_to_static_paths() {
        assert_eq!(resolve("css/a.css", "b.css", "/"), Some(("css/b.css".into(), 5)));
        assert_eq!(resolve("css/a.css", "../b.css?v=2", "/"), Some(("b.css".into(), 8)));
        assert_eq!(resolve("a.css", "./x/b.css#f", "/"), Some(("x/b.css".into(), 9)));
        assert_eq!(resolve("a.css", "/blogg/b.css", "/blogg/"), Some(("b.css".into(), 12)));
        assert_eq!(resolve("a.css", "/other/b.css", "/blogg/"), None);
        assert_eq!(resolve("a.css", "../b.css", "/"), None);
        for outside in ["https://x.se/b.css", "//cdn/b.css", "data:text/css,x", "#id", ""] {
            assert_eq!(resolve("a.css", outside, "/"), None, "{outside}");
        }
    }

    #[test]
    fn a_stylesheet_names_the_new_names_of_what_it_imports() {
        let mut files = built_in(&[
            (
                "style.css",
                "@import \"parts/base.css\";\nbody { background: url(logo.png) }\n",
            ),
            (
                "parts/base.css",
                "h1 { background: url('../logo.png') } @import url(more.css);",
            ),
            ("parts/more.css", "p { color: red }"),
            ("logo.png", "png"),
            ("search.js", "fetch('x.css')"),
        ]);
        let names = rename(&mut files, "/", shown).unwrap();
        let more = names.published("parts/more.css").to_string();
        let base = names.published("parts/base.css").to_string();
        let style = names.published("style.css").to_string();
        assert_eq!(names.published("logo.png"), "logo.png");
        assert_eq!(files.keys().map(String::as_str).collect::<Vec<_>>(), {
            let mut all = vec!["logo.png", &base, &more, names.published("search.js"), &style];
            all.sort();
            all
        });
        let more_file = more.rsplit('/').next().unwrap();
        assert_eq!(
            bytes(&files, &base),
            format!("h1 {{ background: url('../logo.png') }} @import url({more_file});")
        );
        let base_file = &base;
        assert_eq!(
            bytes(&files, &style),
            format!("@import \"{base_file}\";\nbody {{ background: url(logo.png) }}\n")
        );
        // A script is published as it is, only renamed.
        assert_eq!(bytes(&files, names.published("search.js")), "fetch('x.css')");
        // Each name is the hash of the bytes published under it.
        for (source, name) in names.iter() {
            assert_eq!(hashed_name(source, bytes(&files, name).as_bytes()), name);
        }

        // A change to the imported file renames the files importing it, and only those.
        let mut changed = built_in(&[
            (
                "style.css",
                "@import \"parts/base.css\";\nbody { background: url(logo.png) }\n",
            ),
            (
                "parts/base.css",
                "h1 { background: url('../logo.png') } @import url(more.css);",
            ),
            ("parts/more.css", "p { color: blue }"),
            ("logo.png", "png"),
            ("search.js", "fetch('x.css')"),
        ]);
        let again = rename(&mut changed, "/", shown).unwrap();
        for path in ["style.css", "parts/base.css", "parts/more.css"] {
            assert_ne!(again.published(path), names.published(path), "{path}");
        }
        assert_eq!(again.published("search.js"), names.published("search.js"));
    }

    #[test]
    fn stylesheets_importing_each_other_in_a_circle_are_an_error() {
        let mut files = built_in(&[("a.css", "@import 'b.css';"), ("b.css", "@import 'a.css';")]);
        let errors = rename(&mut files, "/", shown).unwrap_err();
        assert!(
            errors[0].message.contains("a.css → b.css → a.css"),
            "{}",
            errors[0].message
        );
    }
}
