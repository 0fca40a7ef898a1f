//! Diagnostics: what besok tells a writer about their content.
//!
//! Every problem is pinned to a file, line and column so an editor can jump to it, and a build
//! collects all of them before it stops, so one run shows every mistake at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place of one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Path of the file, relative to the site root where possible (that is what a writer sees).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The offending source line, shown under the message with a caret when known.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    /// A diagnostic at the position of byte `offset` in `text`, where `text` starts at line
    /// `first_line` of the file. The source line is attached so the message can show it.
    pub fn at_offset(
        severity: Severity,
        path: impl Into<PathBuf>,
        text: &str,
        first_line: usize,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        let source_line = text.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_string());
        Diagnostic {
            path: path.into(),
            line: line + first_line - 1,
            column,
            severity,
            message: message.into(),
            source_line,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form `path:line:col: error: message`, without the source excerpt.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {}: {}",
            printable(&display_path(&self.path)),
            self.line,
            self.column,
            kind,
            printable(&self.message)
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.headline())?;
        if let Some(src) = self.source_line.as_deref().map(printable) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {pad} |\n {number} | {src}\n {pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

/// `text` with control characters (other than tab) written as `\u{1b}`: messages quote the
/// writer's text, and a stray escape character in a file must not drive the terminal or split
/// a message over two lines.
pub fn printable(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Where each line of a text starts, so many offsets can be turned into line and column
/// without counting from the start of the text each time (quadratic for a long post with
/// thousands of links).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// 1-based line and character column of byte `offset`, as [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Paths are shown with forward slashes on every platform, so messages are stable in tests and
/// clickable in terminals.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Formats a list of diagnostics the way the CLI prints them: one block per problem and a count.
pub fn format_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        out.push_str(&format!(
            "{} error{} found; nothing was written",
            errors,
            if errors == 1 { "" } else { "s" }
        ));
    }
    out
}

/// `n` and the noun that goes with it: "1 tag", "0 tags", "7 tags".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An error and every error under it in one line: tera, for one, puts the useful part of a
/// template error in its sources.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "ab\nåäö\r\n\nx";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_column(offset), line_column(text, offset), "offset {offset}");
            assert_eq!(index.line(offset), line_column(text, offset).0, "offset {offset}");
        }
    }
}
