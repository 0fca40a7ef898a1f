//! Reading what a writer wrote: files as UTF-8 text with the place of a bad byte, TOML errors in
//! besok's words, and characters a title cannot hold. Config, translations, themes, content and
//! the import all read text files, and each must report a problem the same way.

use crate::diagnostics::{line_column, Diagnostic, Severity};
use std::path::Path;

/// Reads a file as UTF-8; anything else is an error naming the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| vec![Diagnostic::error(rel, 1, 1, format!("cannot read the file: {e}"))])?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
        let (line, column) = line_column(good, offset);
        vec![Diagnostic::error(
            rel,
            line,
            column,
            format!("the file is not UTF-8 text (byte {offset} is not valid UTF-8); save it as UTF-8"),
        )]
    })
}

/// Turns a TOML error into a diagnostic with a message that says what was expected.
pub fn toml_error(e: &toml::de::Error, path: &Path, text: &str, first_line: usize, what: &str) -> Diagnostic {
    let offset = e.span().map_or(0, |s| s.start);
    Diagnostic::at_offset(
        Severity::Error,
        path,
        text,
        first_line,
        offset,
        toml_message_for(e, what),
    )
}

/// A TOML error message in besok's words.
pub fn toml_message(e: &toml::de::Error) -> String {
    toml_message_for(e, "configuration")
}

fn toml_message_for(e: &toml::de::Error, what: &str) -> String {
    let message = e.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ");
        let (place, own_keys) = match what {
            "configuration" => ("config.toml".to_string(), true),
            // A comment's keys are the archive's format; there is no [extra] to put others in.
            "comments archive" => ("a [[comment]] of the comments archive".to_string(), false),
            _ => (format!("the {what}'s front matter"), true),
        };
        let names = expected.split(", ").map(|k| k.trim_matches('`'));
        let hint = match crate::suggest::closest(key.trim_matches('`'), names) {
            Some(best) => format!("; did you mean `{best}`? Expected one of"),
            None => "; expected one of".to_string(),
        };
        let own = if own_keys {
            " (put keys of your own under [extra])"
        } else {
            ""
        };
        return format!("unknown key {key} in {place}{hint} {expected}{own}");
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        let example = match field.trim_matches('`') {
            "title" if what == "page" => "title = \"Om oss\"",
            "title" => "title = \"Besök i Vetlanda\"",
            "date" => "date = 2016-12-08",
            "name" => "name = \"Vetlanda\"",
            _ => return format!("missing required key {field}"),
        };
        return format!("missing required key {field}; expected a line like `{example}`");
    }
    if message.contains("expected a TOML datetime") {
        return format!(
            "{}; expected a date like 2016-12-08 (no quotes) or 2016-12-08T10:00:00+01:00",
            message.split(", expected").next().unwrap_or(&message)
        );
    }
    message
}

/// The first character of `s` that has no place in a title or name: a control character other
/// than tab and line breaks (NUL, escape, ...), or a Unicode non-character. Editors do not show
/// them, a terminal may act on them, and XML (the feeds) forbids most of them.
pub fn control_character(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// The message for a `key` whose value holds the control character `c`.
pub fn control_character_message(key: &str, c: char) -> String {
    format!(
        "`{key}` contains the invisible character U+{:04X}; remove it (it cannot be shown on a page or written to a feed)",
        c as u32
    )
}
