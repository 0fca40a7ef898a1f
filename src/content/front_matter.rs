//! Splitting a content file into its TOML front matter (between `+++` lines) and its body.

use super::{Located, Location};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{control_character, control_character_message};
use std::path::Path;
use toml::Spanned;

/// A content file split in two, with the line numbers needed to point into the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// 1-based line of the file on which the front matter's first line stands.
    pub front_matter_line: usize,
    pub body: &'a str,
}

/// Splits `text` (a whole file, BOM already removed) into front matter and body.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = LineOffsets::new(text);
    let first = lines.next();
    match first {
        Some((_, line)) if is_fence(line) => {}
        _ => {
            let shown: String = first
                .map(|(_, l)| l.trim_end().chars().take(40).collect())
                .unwrap_or_default();
            return Err(Diagnostic::error(
                path,
                1,
                1,
                format!(
                    "expected front matter opening with a line `+++`, found {}",
                    if shown.is_empty() {
                        "an empty line".to_string()
                    } else {
                        format!("`{shown}`")
                    }
                ),
            ));
        }
    }
    let fm_start = lines.offset;
    for (start, line) in lines.by_ref() {
        if is_fence(line) {
            let body_start = (start + line.len()).min(text.len());
            return Ok(Split {
                front_matter: &text[fm_start..start],
                front_matter_line: 2,
                body: &text[body_start..],
            });
        }
    }
    Err(Diagnostic::error(
        path,
        1,
        1,
        "the front matter opened here is never closed; expected a line `+++` after it",
    ))
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// Iterates over lines with their byte offsets, keeping the line ending in each line so
/// offsets add up (CRLF files included).
struct LineOffsets<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> LineOffsets<'a> {
    fn new(text: &'a str) -> Self {
        LineOffsets { text, offset: 0 }
    }
}

impl<'a> Iterator for LineOffsets<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.offset..];
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let start = self.offset;
        self.offset += len;
        Some((start, &rest[..len]))
    }
}

/// A content file with its front matter read: what posts, plain pages and municipality pages
/// share, so each checks its own keys and nothing else. Problems are collected in it, so a
/// file's every mistake is reported in one run.
pub struct FrontMatter<'a> {
    /// The whole file, without a byte order mark.
    pub text: &'a str,
    pub split: Split<'a>,
    path: &'a Path,
    errors: Vec<Diagnostic>,
}

/// Splits `text` at its `+++` lines and reads the front matter into `T`; `what` names the kind
/// of file in messages ("post"). Every problem of the TOML is returned at once.
pub fn read<'a, T: serde::de::DeserializeOwned>(
    text: &'a str,
    path: &'a Path,
    what: &str,
) -> Result<(FrontMatter<'a>, T), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = split(text, path).map_err(|d| vec![d])?;
    let raw = crate::source::parse_toml(split.front_matter, path, split.front_matter_line, what)?;
    let front_matter = FrontMatter {
        text,
        split,
        path,
        errors: Vec::new(),
    };
    Ok((front_matter, raw))
}

impl FrontMatter<'_> {
    /// Where byte `offset` of the front matter stands in the file.
    pub fn at(&self, offset: usize) -> Location {
        Location::at(self.split.front_matter, self.split.front_matter_line, offset)
    }

    /// An error at byte `offset` of the front matter.
    pub fn error(&mut self, offset: usize, message: impl Into<String>) {
        let fm = self.split.front_matter;
        let first = self.split.front_matter_line;
        let d = Diagnostic::at_offset(Severity::Error, self.path, fm, first, offset, message);
        self.errors.push(d);
    }

    /// A text shown on pages and in feeds as written: trimmed, and an error if it holds an
    /// invisible control character.
    pub fn text(&mut self, key: &str, value: &Spanned<String>) -> String {
        if let Some(c) = control_character(value.get_ref()) {
            self.error(value.span().start, control_character_message(key, c));
        }
        value.get_ref().trim().to_string()
    }

    /// An error at byte `offset` of the body (the text below the front matter).
    pub fn body_error(&mut self, offset: usize, message: impl Into<String>) {
        let body_offset = (self.split.body.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let d = Diagnostic::at_offset(Severity::Error, self.path, self.text, 1, body_offset + offset, message);
        self.errors.push(d);
    }

    /// An error of the file as a whole (its name or place), at its first line.
    pub fn file_error(&mut self, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(self.path, 1, 1, message));
    }

    /// A [`text`](Self::text) that may not be empty; `expected` says what it should hold.
    pub fn required(&mut self, key: &str, value: &Spanned<String>, expected: &str) -> Located<String> {
        let text = self.text(key, value);
        if text.is_empty() {
            self.error(value.span().start, format!("`{key}` is empty; expected {expected}"));
        }
        Located::new(text, self.at(value.span().start))
    }

    /// A `slug` as written, checked: a URL word (`example` shows one in the message) short
    /// enough to be a folder name.
    pub fn slug(&mut self, s: &Spanned<String>, example: &str) -> Located<String> {
        let wanted = crate::slugs::slugify_written(s.get_ref());
        if wanted.len() > crate::slugs::MAX_WRITTEN {
            self.error(
                s.span().start,
                format!(
                    "`slug` is {} characters long; expected a URL word of at most {} characters (it becomes a folder name)",
                    wanted.len(),
                    crate::slugs::MAX_WRITTEN
                ),
            );
        } else if wanted.is_empty() {
            self.error(
                s.span().start,
                format!("`slug` is \"{}\"; expected a URL word like \"{example}\"", s.get_ref()),
            );
        }
        Located::new(wanted, self.at(s.span().start))
    }

    /// `aliases` as written, each an old URL path, normalised and placed.
    pub fn aliases(&mut self, aliases: &[Spanned<String>]) -> Vec<Located<String>> {
        let mut out = Vec::new();
        for a in aliases {
            match normalize_alias(a.get_ref()) {
                Ok(path) => out.push(Located::new(path, self.at(a.span().start))),
                Err(msg) => self.error(a.span().start, msg),
            }
        }
        out
    }

    /// Whether a problem was found so far.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The problems found, if any.
    pub fn finish(&mut self) -> Result<(), Vec<Diagnostic>> {
        match std::mem::take(&mut self.errors) {
            errors if errors.is_empty() => Ok(()),
            errors => Err(errors),
        }
    }
}

/// An alias is an old URL path such as `/2016/12/08/besok-i-vetlanda/`; it becomes a folder
/// with a redirect page, so it must stay inside the site.
///
/// An alias with only a query, such as WordPress's short link `/?p=123`, is kept as `?p=123`:
/// old links of that form are common, and a static host can only send them on with a rule or
/// script of its own, so the model keeps them for whatever writes redirects.
fn normalize_alias(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if let Some((before, query)) = trimmed.split_once('?') {
        let query = query.split('#').next().unwrap_or("");
        let query_ok = !query.is_empty() && query.chars().all(|c| c.is_alphanumeric() || "=&-_.%+".contains(c));
        if before.trim_start_matches('/').is_empty() {
            return if query_ok {
                Ok(format!("?{query}"))
            } else {
                Err(format!(
                    "alias \"{raw}\" has an unusual query; expected an old URL path like \"/2016/12/08/besok-i-vetlanda/\" or a short link like \"/?p=123\""
                ))
            };
        }
    }
    let path = trimmed.split(['?', '#']).next().unwrap_or("").trim_start_matches('/');
    let bad = path.is_empty()
        || path.contains('\\')
        || path.contains("//")
        || path
            .split('/')
            .any(|seg| seg == ".." || seg == "." || seg.starts_with(".") && seg.len() > 1 && seg != ".well-known")
        || path.contains(['<', '>', '"'])
        || path.chars().any(char::is_control);
    if bad {
        return Err(format!("alias \"{raw}\" is not a path inside the site; expected an old URL path like \"/2016/12/08/besok-i-vetlanda/\""));
    }
    // Each part becomes a folder or file name, which file systems keep under 255 bytes.
    if path.split('/').any(|seg| seg.len() > crate::slugs::MAX_WRITTEN) || path.len() > 2000 {
        return Err(format!(
            "alias \"{}…\" is too long; expected an old URL path whose parts have at most {} characters",
            raw.chars().take(60).collect::<String>(),
            crate::slugs::MAX_WRITTEN
        ));
    }
    Ok(path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"a\"\n+++\nText\n", Path::new("a.md")).unwrap();
        assert_eq!(s.front_matter, "title = \"a\"\n");
        assert_eq!(s.body, "Text\n");
    }

    #[test]
    fn crlf_files_split_too() {
        let s = split("+++\r\ntitle = \"a\"\r\n+++\r\nText\r\n", Path::new("a.md")).unwrap();
        assert_eq!(s.front_matter, "title = \"a\"\r\n");
        assert_eq!(s.body, "Text\r\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("+++\ntitle = \"a\"\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
    }
}
