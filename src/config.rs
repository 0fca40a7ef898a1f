//! `config.toml`: the site's settings, validated once at load time.

use crate::diagnostics::{Diagnostic, Severity};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`. Either absolute (`https://example.org/blogg/`) or a bare path (`/`).
    pub base_url: String,
    /// The path part of `base_url` (`/blogg/`), prefixed to every internal link.
    pub base_path: String,
    /// Where `base_url` was set, for the warning about one without a host.
    pub base_url_from: BaseUrlFrom,
    pub language: String,
    /// Where `language` was written in config.toml (line, column), when it was: a message about
    /// the theme's words for it points there.
    pub language_at: Option<(usize, usize)>,
    pub author: Option<String>,
    pub paginate_by: usize,
    pub tags_path: String,
    pub municipalities_path: String,
    pub archive_path: String,
    pub theme: String,
    /// URL word of the search page (`sok` in Swedish, `search` otherwise).
    pub search_path: String,
    /// What each Atom feed entry carries: the whole post or only its summary.
    pub feed_content: FeedContent,
    /// How many of the newest posts each feed holds.
    pub feed_limit: usize,
    /// How photos are resized (`[images]`).
    pub images: crate::images::ImageSettings,
    /// Which places the site's municipalities are: Sweden's (names checked, the map drawn) or
    /// any (`municipalities = "any"`).
    pub municipalities: Municipalities,
    /// Where a post without `slug` takes its address from (`slugs_from`); `None` when
    /// config.toml does not say, which keeps titles and warns until the site chooses.
    pub slugs_from: Option<SlugsFrom>,
    /// Free-form settings for themes, passed to templates as `config.extra`.
    pub extra: toml::Table,
}

/// Where the site's `base_url` came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlFrom {
    /// Not written: the default, `/`.
    Default,
    /// The configuration file `path`, with the value at `line` and `column`.
    File { path: PathBuf, line: usize, column: usize },
    /// `--base-url` on the command line.
    Flag,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    description: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    paginate_by: Option<Spanned<i64>>,
    tags_path: Option<Spanned<String>>,
    municipalities_path: Option<Spanned<String>>,
    archive_path: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    search_path: Option<Spanned<String>>,
    feed_content: Option<Spanned<String>>,
    feed_limit: Option<Spanned<i64>>,
    images: Option<RawImages>,
    municipalities: Option<Spanned<String>>,
    slugs_from: Option<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

/// `[images]` as written, each value with its place, so a message points at it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Spanned<Vec<i64>>>,
    jpeg_quality: Option<Spanned<i64>>,
    format: Option<crate::images::OutputFormat>,
}

/// Whether feed entries carry the full post or its summary (`feed_content` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedContent {
    Full,
    Summary,
}

/// Which places the site's municipalities are (`municipalities` in config.toml).
///
/// A blog of visit reports is about Sweden's municipalities, so by default a post's
/// `municipality` is checked against Sweden's 290 (a misspelling is a warning with the right
/// spelling) and the index shows the map. A site about another country, or about regions,
/// says `municipalities = "any"`: its names are then taken as written, with neither warnings
/// nor a map of Sweden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Municipalities {
    /// Sweden's 290 municipalities (`"sweden"`, the default).
    #[default]
    Sweden,
    /// Any places, not checked (`"any"`).
    Any,
}

impl Municipalities {
    /// The value as written in config.toml, and given to templates as `config.municipalities`.
    pub fn as_str(self) -> &'static str {
        match self {
            Municipalities::Sweden => "sweden",
            Municipalities::Any => "any",
        }
    }
}

/// Where a post without `slug` takes its address from (`slugs_from` in config.toml).
///
/// From its file's name (a bundle's folder name), so a new title never moves a post, as in
/// Zola and Hugo: what `besok init` writes. Sites made before the key existed took addresses
/// from titles; they keep them until they say which they want (see [`Config::slugs_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugsFrom {
    /// `"file"`: `content/posts/eksjo.md` and `content/posts/eksjo/index.md` are `posts/eksjo/`.
    File,
    /// `"title"`: "Besök i Eksjö" is `posts/besok-i-eksjo/`, wherever its file is.
    Title,
}

/// Path words that besok itself uses at the top level, so a configured path word may not take them.
const RESERVED_PATH_WORDS: &[&str] = &["posts", "page", "static", "__besok"];

impl Config {
    /// Reads and validates `config.toml`. `display_path` is how the file is named in messages.
    pub fn load(path: &Path, display_path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::error(
                display_path,
                1,
                1,
                format!("cannot read the site configuration: {e}"),
            )]
        })?;
        Config::parse(&text, display_path)
    }

    /// Parses config text; every problem found is returned, not only the first.
    pub fn parse(text: &str, display_path: &Path) -> Result<Config, Vec<Diagnostic>> {
        let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        let at = |offset: usize, msg: String| {
            Diagnostic::at_offset(Severity::Error, display_path, text_no_bom, 1, offset, msg)
        };
        let raw: RawConfig = crate::source::parse_toml(text_no_bom, display_path, 1, "configuration")?;
        let mut errors = Vec::new();

        let title = raw.title.get_ref().trim().to_string();
        if title.is_empty() {
            errors.push(at(
                raw.title.span().start,
                "`title` is empty; expected the site's name".into(),
            ));
        }

        for (key, value) in [
            ("title", Some(&raw.title)),
            ("description", raw.description.as_ref()),
            ("author", raw.author.as_ref()),
        ] {
            if let Some(v) = value {
                if let Some(c) = crate::source::control_character(v.get_ref()) {
                    errors.push(at(v.span().start, crate::source::control_character_message(key, c)));
                }
            }
        }

        let language = match &raw.language {
            Some(l) => {
                let value = l.get_ref().trim().to_ascii_lowercase();
                let valid =
                    !value.is_empty() && value.len() <= 8 && value.chars().all(|c| c.is_ascii_lowercase() || c == '-');
                if !valid {
                    errors.push(at(
                        l.span().start,
                        format!(
                            "`language` is \"{}\"; expected a language code like \"sv\" or \"en\"",
                            l.get_ref()
                        ),
                    ));
                }
                value
            }
            None => "en".to_string(),
        };
        let swedish = language == "sv";
        let language_at = raw
            .language
            .as_ref()
            .map(|l| crate::diagnostics::line_column(text_no_bom, l.span().start));

        let base_url_from = match &raw.base_url {
            Some(b) => {
                let (line, column) = crate::diagnostics::line_column(text_no_bom, b.span().start);
                BaseUrlFrom::File {
                    path: display_path.to_path_buf(),
                    line,
                    column,
                }
            }
            None => BaseUrlFrom::Default,
        };
        let (base_url, base_path) = match &raw.base_url {
            Some(b) => match split_base_url(b.get_ref()) {
                Ok(pair) => pair,
                Err(msg) => {
                    errors.push(at(b.span().start, msg));
                    ("/".into(), "/".into())
                }
            },
            None => ("/".into(), "/".into()),
        };

        let paginate_by = match &raw.paginate_by {
            Some(p) if *p.get_ref() < 1 => {
                errors.push(at(
                    p.span().start,
                    format!(
                        "`paginate_by` is {}; expected a whole number of posts per page, 1 or more",
                        p.get_ref()
                    ),
                ));
                10
            }
            Some(p) => *p.get_ref() as usize,
            None => 10,
        };

        let mut path_word = |key: &str, value: &Option<Spanned<String>>, default: &str| -> String {
            let Some(v) = value else { return default.to_string() };
            let word = v.get_ref().trim().trim_matches('/').to_string();
            let is_slug = !word.is_empty() && crate::slugs::slugify(&word) == word;
            if !is_slug {
                errors.push(at(
                    v.span().start,
                    format!(
                        "`{key}` is \"{}\"; expected one lowercase URL word like \"{default}\" (letters a-z, digits and dashes)",
                        v.get_ref()
                    ),
                ));
            } else if RESERVED_PATH_WORDS.contains(&word.as_str()) {
                errors.push(at(
                    v.span().start,
                    format!("`{key}` is \"{word}\", which besok uses itself; choose another word"),
                ));
            }
            word
        };
        let tags_path = path_word("tags_path", &raw.tags_path, if swedish { "taggar" } else { "tags" });
        let municipalities_path = path_word(
            "municipalities_path",
            &raw.municipalities_path,
            if swedish { "kommuner" } else { "municipalities" },
        );
        let archive_path = path_word(
            "archive_path",
            &raw.archive_path,
            if swedish { "arkiv" } else { "archive" },
        );
        let search_path = path_word("search_path", &raw.search_path, if swedish { "sok" } else { "search" });
        let words = [
            ("tags_path", &tags_path, &raw.tags_path),
            ("municipalities_path", &municipalities_path, &raw.municipalities_path),
            ("archive_path", &archive_path, &raw.archive_path),
            ("search_path", &search_path, &raw.search_path),
        ];
        for (i, (key_a, word_a, _)) in words.iter().enumerate() {
            for (key_b, word_b, span_b) in &words[i + 1..] {
                if word_a == word_b {
                    let offset = span_b.as_ref().map_or(0, |s| s.span().start);
                    errors.push(at(
                        offset,
                        format!("`{key_b}` and `{key_a}` are both \"{word_a}\"; each section needs its own URL word"),
                    ));
                }
            }
        }

        let theme = match &raw.theme {
            Some(t) => {
                let name = t.get_ref().trim().to_string();
                let valid = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
                    && !name.starts_with('.');
                if !valid {
                    errors.push(at(
                        t.span().start,
                        format!(
                            "`theme` is \"{}\"; expected the name of a folder in themes/",
                            t.get_ref()
                        ),
                    ));
                }
                name
            }
            None => "default".to_string(),
        };

        let feed_content = match &raw.feed_content {
            Some(f) => match f.get_ref().trim() {
                "full" => FeedContent::Full,
                "summary" => FeedContent::Summary,
                other => {
                    errors.push(at(
                        f.span().start,
                        format!("`feed_content` is \"{other}\"; expected \"full\" (whole posts) or \"summary\""),
                    ));
                    FeedContent::Full
                }
            },
            None => FeedContent::Full,
        };
        let feed_limit = match &raw.feed_limit {
            Some(n) if *n.get_ref() < 1 => {
                errors.push(at(
                    n.span().start,
                    format!(
                        "`feed_limit` is {}; expected how many of the newest posts a feed holds, 1 or more",
                        n.get_ref()
                    ),
                ));
                20
            }
            Some(n) => *n.get_ref() as usize,
            None => 20,
        };

        let mut images = crate::images::ImageSettings::default();
        if let Some(raw) = &raw.images {
            if let Some(widths) = &raw.widths {
                let w = widths.get_ref();
                if w.is_empty() || w.iter().any(|w| !(16..=10_000).contains(w)) {
                    errors.push(at(
                        widths.span().start,
                        format!(
                            "`images.widths` is {w:?}; expected one or more widths in pixels from 16 to 10000, like [480, 960, 1600]"
                        ),
                    ));
                } else {
                    images.widths = w.iter().map(|&w| w as u32).collect();
                }
            }
            if let Some(q) = &raw.jpeg_quality {
                match u8::try_from(*q.get_ref()) {
                    Ok(quality) if (1..=100).contains(&quality) => images.jpeg_quality = quality,
                    _ => errors.push(at(
                        q.span().start,
                        format!(
                            "`images.jpeg_quality` is {}; expected 1 to 100 (80 keeps photos sharp at a tenth of their size)",
                            q.get_ref()
                        ),
                    )),
                }
            }
            if let Some(format) = raw.format {
                images.format = format;
            }
        }
        let municipalities = match &raw.municipalities {
            Some(m) => match m.get_ref().trim() {
                "sweden" => Municipalities::Sweden,
                "any" => Municipalities::Any,
                other => {
                    errors.push(at(
                        m.span().start,
                        format!(
                            "`municipalities` is \"{other}\"; expected \"sweden\" (names checked against Sweden's 290 municipalities, with a map) or \"any\" (names of any places, not checked)"
                        ),
                    ));
                    Municipalities::Sweden
                }
            },
            None => Municipalities::Sweden,
        };
        let slugs_from = match &raw.slugs_from {
            Some(s) => match s.get_ref().trim() {
                "file" => Some(SlugsFrom::File),
                "title" => Some(SlugsFrom::Title),
                other => {
                    errors.push(at(
                        s.span().start,
                        format!(
                            "`slugs_from` is \"{other}\"; expected \"file\" (a post's address from its file's name, or its bundle folder's) or \"title\" (from its title)"
                        ),
                    ));
                    None
                }
            },
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            title,
            description: raw
                .description
                .map(|d| d.into_inner().trim().to_string())
                .unwrap_or_default(),
            base_url,
            base_path,
            base_url_from,
            language,
            language_at,
            author: raw
                .author
                .map(|a| a.into_inner().trim().to_string())
                .filter(|a| !a.is_empty()),
            paginate_by,
            tags_path,
            municipalities_path,
            archive_path,
            theme,
            search_path,
            feed_content,
            feed_limit,
            images,
            municipalities,
            slugs_from,
            extra: raw.extra,
        })
    }

    /// Replaces the base URL, as `--base-url` does for one build.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = split_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        self.base_url_from = BaseUrlFrom::Flag;
        Ok(())
    }

    /// The warning `besok build` and `besok check` give once when `base_url` has no host:
    /// what gets only paths instead of absolute URLs, and what to write, at the place it was
    /// set. (`besok serve` gives its own base URL, on loopback.)
    pub fn base_url_warning(&self) -> Option<Diagnostic> {
        if self.has_host() {
            return None;
        }
        let needs = "feeds, the sitemap, robots.txt, og:image and canonical links need absolute URLs and get only paths (\"/posts/…\")";
        let example = format!("https://example.org{}", self.base_path);
        Some(match &self.base_url_from {
            BaseUrlFrom::File { path, line, column } => Diagnostic::warning(
                path,
                *line,
                *column,
                format!(
                    "`base_url` is \"{}\", a path without a host: {needs}; write the address the site is published at, e.g. `base_url = \"{example}\"`",
                    self.base_url
                ),
            ),
            BaseUrlFrom::Default => Diagnostic::warning(
                "config.toml",
                1,
                1,
                format!(
                    "config.toml has no `base_url`: {needs}; add the address the site is published at, e.g. `base_url = \"{example}\"`"
                ),
            ),
            BaseUrlFrom::Flag => Diagnostic::warning(
                "--base-url",
                1,
                1,
                format!(
                    "--base-url \"{}\" is a path without a host: {needs}; give the address the site is published at, e.g. --base-url {example}",
                    self.base_url
                ),
            ),
        })
    }

    /// The absolute URL of a site path like `posts/x/` (or the root-relative one when the
    /// base URL has no host).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The root-relative URL of a site path, with the base path in front: what links use, so a
    /// site in a subfolder works on any host.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// Whether `base_url` names a host, so feeds and the sitemap can hold absolute URLs.
    pub fn has_host(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }

    /// `https://example.org` for `https://example.org/blogg/`: what a root-relative URL needs
    /// in front to become absolute (empty when `base_url` has no host).
    pub fn origin(&self) -> &str {
        self.base_url
            .strip_suffix(self.base_path.as_str())
            .filter(|_| self.has_host())
            .unwrap_or("")
    }
}

/// A base URL with a host (`https://example.org/blogg/`, `http://` too), normalised as
/// [`split_base_url`] does: what `besok init --base-url` takes, since a new site's feeds and
/// sitemap need absolute addresses and a bare path is the default anyway.
pub fn absolute_base_url(raw: &str) -> Result<String, String> {
    let (url, _) = split_base_url(raw)?;
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(url)
    } else {
        Err(format!(
            "`base_url` is \"{raw}\", a path without a host; expected an absolute address like \"https://example.org/\" or \"https://example.org/blogg/\""
        ))
    }
}

/// Splits a base URL into the normalised URL (ending in `/`) and its path part.
pub fn split_base_url(raw: &str) -> Result<(String, String), String> {
    let url = raw.trim();
    let expected = "expected an address like \"https://example.org/\" or \"https://example.org/blogg/\"";
    let path = if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let host_end = rest.find('/').unwrap_or(rest.len());
        if host_end == 0 {
            return Err(format!("`base_url` \"{raw}\" has no host; {expected}"));
        }
        rest[host_end..].to_string()
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        return Err(format!("`base_url` is \"{raw}\"; {expected}"));
    };
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "`base_url` \"{raw}\" holds a character not allowed there; {expected}"
        ));
    }
    let mut path = if path.is_empty() { "/".to_string() } else { path };
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut base = url.to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    Ok((base, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn swedish_sites_get_swedish_path_words() {
        let c = parse("title = \"T\"\nlanguage = \"sv\"\n").unwrap();
        assert_eq!(
            (
                c.tags_path.as_str(),
                c.municipalities_path.as_str(),
                c.archive_path.as_str()
            ),
            ("taggar", "kommuner", "arkiv")
        );
        let c = parse("title = \"T\"\n").unwrap();
        assert_eq!((c.language.as_str(), c.tags_path.as_str()), ("en", "tags"));
    }

    #[test]
    fn base_url_path_is_kept_for_links() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org/blogg\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/blogg/");
        assert_eq!(c.url("posts/a/"), "/blogg/posts/a/");
        assert_eq!(c.permalink("posts/a/"), "https://example.org/blogg/posts/a/");
    }

    #[test]
    fn municipalities_are_swedens_unless_the_site_says_any() {
        assert_eq!(parse("title = \"T\"\n").unwrap().municipalities, Municipalities::Sweden);
        let any = parse("title = \"T\"\nmunicipalities = \"any\"\n").unwrap();
        assert_eq!(any.municipalities, Municipalities::Any);
        let errs = parse("title = \"T\"\nmunicipalities = \"norway\"\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (2, 18));
        assert!(errs[0].message.contains("expected \"sweden\""), "{errs:?}");
    }

    #[test]
    fn all_config_errors_are_reported_together() {
        let errs = parse("title = \"T\"\npaginate_by = 0\ntags_path = \"Två ord\"\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (2, 15));
        assert_eq!((errs[1].line, errs[1].column), (3, 13));
    }
}
