//! Splitting a content file into its TOML front matter (between `+++` lines) and its body.

use crate::diagnostics::Diagnostic;
use std::path::Path;

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
