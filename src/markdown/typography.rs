//! Quotes and dashes as the site's language typesets them.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// How quotes and dashes are typeset in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typography {
    /// “English” ‘quotes’, -- en dash, --- em dash.
    English,
    /// ”Swedish” ’quotes’, and dashes as a spaced en dash (” – ”), as Swedish typesetting has it.
    Swedish,
}

impl Typography {
    pub fn for_language(language: &str) -> Typography {
        match language.split('-').next().unwrap_or("") {
            "sv" | "fi" => Typography::Swedish,
            _ => Typography::English,
        }
    }
}

/// Swedish quotes are ”…” and ’…’ (the same mark opens and closes), and a dash between words is
/// a spaced en dash; pulldown-cmark's smart punctuation gives the English forms, so they are
/// turned into the Swedish ones here.
pub(super) fn apply_swedish_typography(events: &mut [Event]) {
    let mut in_code_block = false;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                if let Some(swedish) = swedish_typography(text) {
                    *text = CowStr::from(swedish);
                }
            }
            _ => {}
        }
    }
}

/// `text` with Swedish quotes and dashes, or `None` when it has none to change.
pub(super) fn swedish_typography(text: &str) -> Option<String> {
    // “ ‘ and — are the only marks changed, and each begins with the byte 0xE2 in UTF-8; a
    // dash is " - ". One vector search (memchr) for either byte rules out most text before
    // any character search.
    let bytes = text.as_bytes();
    let first = memchr::memchr2(0xE2, b'-', bytes)?;
    // A byte at which a mark or hyphen may start: 0xE2 always starts a character, a hyphen is
    // one; the byte before it (the space of " - ") may be the end of any character.
    let marks = text[first..].contains(['“', '‘', '—']);
    let dash = memchr::memmem::find(&bytes[first.saturating_sub(1)..], b" - ").is_some();
    if !marks && !dash {
        return None;
    }
    Some(
        text.replace('“', "”")
            .replace('‘', "’")
            .replace(" — ", " – ")
            .replace('—', " – ")
            .replace(" - ", " – "),
    )
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, Typography};

    #[test]
    fn swedish_quotes_and_dashes() {
        let r = render(
            "\"Barn eller ungdom - vi lyssnar\" och 'så' -- klart",
            Typography::Swedish,
        );
        assert!(
            r.html
                .text()
                .contains("”Barn eller ungdom – vi lyssnar” och ’så’ – klart"),
            "{}",
            r.html.text()
        );
    }

    #[test]
    fn marks_after_letters_of_two_or_more_bytes() {
        assert_eq!(
            super::swedish_typography("på“citat” ്- ja ö - nej"),
            Some("på”citat” ്- ja ö – nej".to_string())
        );
        assert_eq!(super::swedish_typography("ö—ä"), Some("ö – ä".to_string()));
        assert_eq!(super::swedish_typography("ö-ä och å"), None);
    }

    #[test]
    fn english_quotes() {
        let r = render("\"Children\" and 'youth'", Typography::English);
        assert!(r.html.text().contains("“Children” and ‘youth’"), "{}", r.html.text());
    }

    #[test]
    fn code_is_left_alone() {
        let r = render("```\n\"a\" - b\n```\n\n`\"x\"`", Typography::Swedish);
        assert!(r.html.text().contains("\"a\" - b"), "{}", r.html.text());
        assert!(r.html.text().contains("<code>\"x\"</code>"), "{}", r.html.text());
    }
}
