//! Markdown to HTML with pulldown-cmark, plus what besok adds on top: heading ids, a table of
//! contents, the summary, and smart punctuation that follows the site's language.
//!
//! One file a concern: the placeholders of links and images (`placeholders`), the guard against
//! the parser's panics (`guard`), the events read and kept (`collect`), readers' comments
//! (`comments`), the summary (`summary`), plain text (`plain_text`), quotes and dashes
//! (`typography`) and heading ids (`headings`).

mod collect;
mod comments;
mod guard;
mod headings;
mod packed;
mod placeholders;
mod plain_text;
mod shortcodes;
mod summary;
mod typography;

pub use comments::render_comment;
pub use headings::Heading;
pub use packed::{pack_above, Packer, PostHtml, PACK_ABOVE_BYTES};
pub use placeholders::{
    escape_attr, image_placeholder, images_as_written, placeholder, replace_images, ImageRef, Link, LinkKind,
};
pub use shortcodes::{
    escape_shortcodes, shortcode_end_placeholder, shortcode_placeholder, Arg, ArgValue, Shortcode, SyntaxError,
};
pub use typography::Typography;

use collect::{collect, figures, heading_starts, Collected};
use guard::read_guarded;
use headings::assign_heading_ids;
use plain_text::{plain_text, PlainText};
use pulldown_cmark::Options;
use std::sync::Arc;
use summary::summary_range;

/// The marker that ends a post's summary when written alone in the text.
pub const MORE_MARKER: &str = "<!-- more -->";

/// A rendered markdown document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// Shared, like `text`: `besok serve` rebuilds its model from the parsed files after some
    /// edits, and copying every post's text each time took longer than the rest of the edit.
    pub html: PostHtml,
    /// HTML of the text before `<!-- more -->`, else of the first paragraph.
    pub summary_html: String,
    /// The same summary as plain text, for meta descriptions and search.
    pub summary_text: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    /// The whole document as plain text, for the search index.
    pub text: Arc<str>,
    /// Links that need the site to be checked or resolved, in document order.
    pub links: Vec<Link>,
    /// Images with a local source (a post's own photo, or one under `static/`), in document
    /// order: each is the placeholder [`image_placeholder`]`(n)` in the HTML until the build
    /// has made its sizes.
    pub images: Vec<ImageRef>,
    /// Set when the text could only be read without some of markdown (see `parse`): what was
    /// left out, for the build's warning.
    pub read_without: Option<&'static str>,
    /// The shortcodes of a post's text ([`render_post`]), in document order: each is the
    /// placeholder [`shortcode_placeholder`]`(n)` in the HTML (a body shortcode's body ends at
    /// [`shortcode_end_placeholder`]`(n)`) until the model renders its template.
    pub shortcodes: Vec<Shortcode>,
    /// Shortcodes written wrongly: they are left as text.
    pub shortcode_errors: Vec<SyntaxError>,
}

/// The pulldown-cmark extensions besok reads markdown with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// Renders `markdown` to HTML.
pub fn render(markdown: &str, typography: Typography) -> Rendered {
    render_observed(markdown, typography, |_| {})
}

/// Renders a post's text: [`render`], with its shortcodes (see [`Rendered::shortcodes`]).
/// A text without `{{` or `{%` is rendered exactly as [`render`] renders it.
pub fn render_post(markdown: &str, typography: Typography) -> Rendered {
    if !shortcodes::may_have(markdown) {
        return render(markdown, typography);
    }
    let found = shortcodes::find(markdown);
    if found.calls.is_empty() && found.errors.is_empty() {
        return render(markdown, typography);
    }
    let mut r = render(&found.text, typography);
    for l in &mut r.links {
        l.offset = found.original(l.offset);
    }
    for i in &mut r.images {
        i.offset = found.original(i.offset);
    }
    r.shortcodes = found.calls;
    r.shortcode_errors = found.errors;
    r
}

/// The steps of [`render`], in order: what `examples/markdown_bench.rs` times one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// pulldown-cmark's events read as it makes them (guarded against its panics), links and
    /// images recorded (and given placeholders), text pieces joined, Swedish quotes
    /// and dashes, the whole text as plain text (for search) with its words counted, and the
    /// headings found: all as each event is kept, since every pass over a long document's
    /// events costs about as much as reading them (they do not fit in the processor's cache).
    Collect,
    /// Images alone in a paragraph made figures.
    Figures,
    /// Heading ids and the table of contents.
    HeadingIds,
    /// The summary's events found and rendered to HTML and plain text.
    Summary,
    /// The events rendered to HTML.
    Html,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Collect,
        Step::Figures,
        Step::HeadingIds,
        Step::Summary,
        Step::Html,
    ];
}

/// [`render`], calling `done` as each [`Step`] ends, so a benchmark can time the steps of the
/// one sequence the build runs (`render` passes a closure that does nothing).
pub fn render_observed(markdown: &str, typography: Typography, mut done: impl FnMut(Step)) -> Rendered {
    let (doc, read_without) = read_guarded(markdown, |events| collect(events, typography));
    let Collected {
        mut events,
        plain,
        mut headings,
        links,
        mut images,
        ..
    } = doc;
    done(Step::Collect);
    if figures(&mut events, &mut images) {
        headings = heading_starts(&events);
    }
    done(Step::Figures);
    let toc = assign_heading_ids(&mut events, &headings);
    done(Step::HeadingIds);

    let summary_events = &events[summary_range(&events)];
    let mut summary_html = String::new();
    pulldown_cmark::html::push_html(&mut summary_html, summary_events.iter().cloned());
    let summary_text = plain_text(summary_events).text;
    done(Step::Summary);
    let PlainText {
        text,
        words: word_count,
    } = plain.finish();

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    done(Step::Html);
    Rendered {
        html: html.into(),
        summary_html: summary_html.trim_end().to_string(),
        summary_text,
        toc,
        word_count,
        text: text.into(),
        links,
        images,
        read_without,
        shortcodes: Vec::new(),
        shortcode_errors: Vec::new(),
    }
}

/// Renders a short markdown text, such as a `summary` from front matter, to HTML and plain
/// text, and says whether it links to a content file (whose placeholder nothing would resolve).
pub fn render_fragment(markdown: &str, typography: Typography) -> (String, String, bool) {
    let r = render(markdown, typography);
    let internal = r
        .links
        .iter()
        .any(|l| matches!(l.kind, LinkKind::Internal(_) | LinkKind::File(_)))
        || !r.images.is_empty();
    (r.html.text().trim_end().to_string(), r.summary_text, internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_observed_reports_every_step_once_in_order_and_renders_the_same() {
        let text = "Första stycket.\n\n## Rubrik\n\nMer [text](@/posts/x.md) - här.\n";
        let mut steps = Vec::new();
        let observed = render_observed(text, Typography::Swedish, |s| steps.push(s));
        assert_eq!(steps, Step::ALL);
        assert_eq!(observed, render(text, Typography::Swedish));
    }

    #[test]
    fn render_post_leaves_shortcodes_as_placeholders_and_places_links_in_the_text_as_written() {
        let text = "{{ gallery(files=[\"a.jpg\"]) }}\n\nSe [x](@/posts/x.md).\n\n{% note() %}\n**Fet**\n{% end %}\n";
        let r = render_post(text, Typography::Swedish);
        assert_eq!(r.shortcodes.len(), 2);
        assert!(
            r.html.text().starts_with("<!--besok-shortcode:0-->\n<p>Se"),
            "{}",
            r.html.text()
        );
        assert!(
            r.html
                .text()
                .contains("<!--besok-shortcode:1-->\n<p><strong>Fet</strong></p>\n<!--besok-shortcode-end:1-->"),
            "{}",
            r.html.text()
        );
        assert_eq!(r.links[0].offset, text.find("[x]").unwrap());
        assert_eq!(
            render_post("Inga.", Typography::Swedish),
            render("Inga.", Typography::Swedish)
        );
    }
}
