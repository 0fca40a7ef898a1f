//! Reading what a writer wrote: files as UTF-8 text with the place of a bad byte, TOML errors in
//! besok's words, and characters a title cannot hold. Config, translations, themes, content and
//! the import all read text files, and each must report a problem the same way.

use crate::diagnostics::{line_column, Diagnostic, Severity};
use std::path::Path;

/// Reads a file as UTF-8; anything else is an error naming the first bad byte.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| vec![Diagnostic::error(rel, 1, 1, format!("cannot read the file: {e}"))])?;
    // Checked with SIMD first: every byte of every post is, and a Swedish text's å, ä and ö
    // keep the standard library's check off its fast path (~2% of a build).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` is UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
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
    let message = match e.span().filter(|_| e.message().trim() == "duplicate key") {
        Some(span) => written_twice(text, span, first_line),
        None => toml_message_for(e, what),
    };
    Diagnostic::at_offset(Severity::Error, path, text, first_line, offset, message)
}

/// The message for a key (or a `[table]`) written a second time at `span` of `text`: which
/// one, and the line of the first (`first_line` is the line `text` starts on).
fn written_twice(text: &str, span: std::ops::Range<usize>, first_line: usize) -> String {
    let key = text.get(span.clone()).unwrap_or("").trim().trim_matches(['"', '\'']);
    let second_start = text[..span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let header = text[second_start..].trim_start().starts_with('[');
    let shown = if header {
        format!("`[{key}]`")
    } else {
        format!("`{key}`")
    };
    // Each line with the table it is in (the last `[header]` at or before it).
    let mut table = String::new();
    let mut lines = Vec::new();
    for line in text.split_inclusive('\n') {
        let start = line.as_ptr() as usize - text.as_ptr() as usize;
        let trimmed = line.trim();
        let is_header = trimmed.starts_with('[');
        if is_header {
            table = trimmed.trim_matches(['[', ']']).trim().to_string();
        }
        lines.push((start, is_header, table.clone()));
    }
    let second = lines.iter().position(|(start, ..)| *start == second_start);
    let first = second.and_then(|second| {
        let (_, _, second_table) = &lines[second];
        lines[..second].iter().position(|(start, is_header, table)| {
            if header {
                *is_header && table == key
            } else {
                !*is_header && table == second_table && key_of_line(text, *start).as_deref() == Some(key)
            }
        })
    });
    match first {
        Some(i) => format!(
            "{shown} is written twice; the first is on line {} (keep one of them)",
            i + first_line
        ),
        None => format!("{shown} is written twice (keep one of them)"),
    }
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
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        return format!("{message}; expected a date like 2016-12-08 or 2016-12-08T10:00:00+01:00");
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

/// Reads TOML `text` (standing at line `first_line` of `path`) into `T`, reporting every
/// problem at once: an impossible date, a misspelt key and a value of the wrong type in one
/// file are three messages of one run, not one message a run. `what` names the file's kind in
/// messages ("post", "page", "configuration").
///
/// How: a well-formed text is read in one go. When that fails, the text is read again as a
/// table of keys, recovering from syntax errors line by line; each key with a problem is
/// reported and taken out, and the rest read again, until it reads or all that is missing is
/// a key already reported (or suggested for a misspelt one).
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    what: &str,
) -> Result<T, Vec<Diagnostic>> {
    let first_error = match toml::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let report = |e: &toml::de::Error| toml_error(e, path, text, first_line, what);
    let (mut table, syntax_errors) = toml::de::DeTable::parse_recoverable(text);
    let mut errors = Vec::new();
    // Keys already reported, or named by a did-you-mean: their absence is no news.
    let mut accounted: Vec<String> = Vec::new();
    // The parser may say more than once what is wrong at one place; the first says it best.
    let push = |errors: &mut Vec<Diagnostic>, d: Diagnostic| {
        if !errors.iter().any(|e| e.line == d.line) {
            errors.push(d);
        }
    };
    for e in &syntax_errors {
        push(&mut errors, report(e));
        if let Some(key) = key_of_line(text, e.span().map_or(0, |s| s.start)) {
            table.get_mut().remove(key.as_str());
            accounted.push(key);
        }
    }
    let mut next = if syntax_errors.is_empty() {
        Err(first_error)
    } else {
        T::deserialize(toml::de::Deserializer::from(table.clone())).map(|_| ())
    };
    while let Err(error) = next {
        if let Some(field) = error.message().strip_prefix("missing field ") {
            if !accounted.iter().any(|k| *k == field.trim_matches('`')) {
                push(&mut errors, report(&error));
            }
            break;
        }
        let message = toml_message_for(&error, what);
        if let Some((_, rest)) = message.split_once("did you mean `") {
            accounted.push(rest.split('`').next().unwrap_or_default().to_string());
        }
        push(&mut errors, report(&error));
        // The key the error is in: the last one that starts before it.
        let at = error.span().map_or(0, |s| s.start);
        let key = table
            .get_ref()
            .iter()
            .map(|(k, _)| k)
            .filter(|k| k.span().start <= at)
            .max_by_key(|k| k.span().start)
            .map(|k| k.get_ref().to_string());
        let Some(key) = key.filter(|k| !accounted.contains(k)) else {
            break;
        };
        table.get_mut().remove(key.as_str());
        accounted.push(key);
        next = T::deserialize(toml::de::Deserializer::from(table.clone())).map(|_| ());
    }
    Err(errors)
}

/// The bare key written at the start of the line that holds byte `offset` (`date` of
/// `date = 2016-13-40`), if the line is a `key = value` line.
fn key_of_line(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    bare.then(|| key.to_string())
}
