//! Where a post's summary ends.

use super::MORE_MARKER;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The events of the summary: everything before the `<!-- more -->` marker if there is one,
/// else the first top-level paragraph (a heading above it is not part of it), else nothing.
pub(super) fn summary_range(events: &[Event]) -> std::ops::Range<usize> {
    if let Some(i) = events.iter().position(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => h.trim() == MORE_MARKER,
        _ => false,
    }) {
        return 0..i;
    }
    let mut depth = 0usize;
    let mut start = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                start = Some(i);
                depth = 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 1 && start.is_some() => {
                return start.unwrap_or(0)..i + 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    0..0
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, Typography};

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        let r = render("# Rubrik\n\nFörsta stycket.\n\nAndra.", Typography::Swedish);
        assert_eq!(r.summary_html, "<p>Första stycket.</p>");
        let r = render("Ett.\n\nTvå.\n\n<!-- more -->\n\nTre.", Typography::Swedish);
        assert_eq!(r.summary_html, "<p>Ett.</p>\n<p>Två.</p>");
    }
}
