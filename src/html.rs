//! Escaping text for HTML: one rule for every place that prints a writer's words into a page
//! (templates, image markup, the map, the dev server's error page), so none can forget a
//! character.

use std::borrow::Cow;

/// Escapes what can break out of HTML text or a quoted attribute. Tera's default also escapes
/// `/`, which is safe but turns every URL into `&#x2F;` soup in the page source.
/// Runs of safe text are copied whole: this is called for every printed value of every page.
pub fn escape_html(input: &str) -> String {
    let specials = input.bytes().enumerate().filter(|&(_, b)| entity(b).is_some());
    replace_specials(input, specials.map(|(i, _)| i))
}

/// Whether [`escape_html`] would change `input`: templates print a value that it would not
/// (most titles, URLs and dates) as it is, without making a copy.
pub fn needs_escaping(input: &str) -> bool {
    input.bytes().any(|b| entity(b).is_some())
}

/// Escapes what can break out of an element's text (`&`, `<`, and `>`, which would end a
/// `]]>`), for XML such as a feed's entries. Quotes are left as they are: only an attribute
/// needs them escaped. Found with memchr's vector search: a feed passes a post's whole HTML
/// here, once for each feed that shows it.
pub fn escape_element_text(input: &str) -> Cow<'_, str> {
    let mut specials = memchr::memchr3_iter(b'&', b'<', b'>', input.as_bytes()).peekable();
    if specials.peek().is_none() {
        return Cow::Borrowed(input);
    }
    Cow::Owned(replace_specials(input, specials))
}

/// The entity of a character [`escape_html`] escapes.
fn entity(b: u8) -> Option<&'static str> {
    Some(match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => return None,
    })
}

/// `input` with the characters at `specials` (ascending, each one [`entity`] knows) replaced
/// by their entities; the runs of safe text between them are copied whole.
fn replace_specials(input: &str, specials: impl Iterator<Item = usize>) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut safe_from = 0;
    for i in specials {
        // The escaped characters are ASCII, so `i` is always on a character boundary.
        out.push_str(&input[safe_from..i]);
        out.push_str(entity(input.as_bytes()[i]).expect("a character with an entity"));
        safe_from = i + 1;
    }
    out.push_str(&input[safe_from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_element_text, escape_html, needs_escaping};

    proptest::proptest! {
        #[test]
        fn text_is_said_to_need_escaping_exactly_when_escaping_changes_it(text in "[a-zå&<>\"' /=]{0,20}") {
            proptest::prop_assert_eq!(needs_escaping(&text), escape_html(&text) != text);
        }
    }

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_everything_else() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("Besök i Åre – 2016/12"), "Besök i Åre – 2016/12");
        assert_eq!(
            escape_html("<a href=\"x\">Tom's & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape_html("ö<ö>ö"), "ö&lt;ö&gt;ö");
    }

    #[test]
    fn element_text_escapes_what_would_end_or_open_markup() {
        assert_eq!(escape_element_text("plain \"quoted\" text"), "plain \"quoted\" text");
        assert_eq!(
            escape_element_text("<p>a & b</p>]]>"),
            "&lt;p&gt;a &amp; b&lt;/p&gt;]]&gt;"
        );
    }
}
