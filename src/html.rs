//! Escaping text for HTML: one rule for every place that prints a writer's words into a page
//! (templates, image markup, the map, the dev server's error page), so none can forget a
//! character.

/// Escapes what can break out of HTML text or a quoted attribute. Tera's default also escapes
/// `/`, which is safe but turns every URL into `&#x2F;` soup in the page source.
/// Runs of safe text are copied whole: this is called for every printed value of every page.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut safe_from = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five characters are ASCII, so `i` is always on a character boundary.
        out.push_str(&input[safe_from..i]);
        out.push_str(entity);
        safe_from = i + 1;
    }
    out.push_str(&input[safe_from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

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
}
