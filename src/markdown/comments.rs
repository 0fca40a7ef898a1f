//! Readers' comments, held to less than the writer's own text.

use super::guard::parse;
use super::placeholders::{classify, escape_attr, placeholder};
use super::typography::apply_swedish_typography;
use super::{Link, LinkKind, Typography};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Renders a reader's comment (from a post's comments archive) to HTML. A comment is another
/// person's text shown on the writer's site, so it is held to less than the writer's own: HTML
/// in it is shown as text, a heading is a paragraph (the page's outline is the writer's), an
/// image is a link to it, and every link to another site is `rel="nofollow ugc"`, telling
/// search engines that the site does not vouch for it. Links to content files (`@/posts/x.md`)
/// are kept for the model to resolve, as in a post; a link to a file or heading of the post
/// (which a comment cannot check) is its text alone.
pub fn render_comment(markdown: &str, typography: Typography) -> (String, Vec<Link>) {
    let (parsed, _) = parse(markdown);
    let mut events: Vec<Event> = Vec::with_capacity(parsed.len());
    let mut links = Vec::new();
    // For each open link or image: whether it was written as an `<a>`.
    let mut open: Vec<bool> = Vec::new();
    let mut pending: Option<String> = None;
    for (event, range) in parsed {
        let event = match event {
            Event::Text(t) => {
                pending.get_or_insert_with(String::new).push_str(&t);
                continue;
            }
            // Shown as written, escaped.
            Event::Html(h) | Event::InlineHtml(h) => {
                pending.get_or_insert_with(String::new).push_str(&h);
                continue;
            }
            Event::Start(Tag::HtmlBlock) | Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) | Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let tag = match classify(&dest_url) {
                    Some(LinkKind::Internal(_)) => {
                        let n = links
                            .iter()
                            .filter(|l: &&Link| matches!(l.kind, LinkKind::Internal(_)))
                            .count();
                        links.push(Link {
                            kind: LinkKind::Internal(n),
                            dest: dest_url.to_string(),
                            offset: range.start,
                        });
                        Some(format!("<a {}>", placeholder(n)))
                    }
                    Some(LinkKind::External) => {
                        Some(format!("<a href=\"{}\" rel=\"nofollow ugc\">", escape_attr(&dest_url)))
                    }
                    Some(LinkKind::Anchor | LinkKind::File(_)) => None,
                    None if dest_url.starts_with("mailto:") => {
                        Some(format!("<a href=\"{}\" rel=\"nofollow ugc\">", escape_attr(&dest_url)))
                    }
                    None => None,
                };
                open.push(tag.is_some());
                match tag {
                    Some(tag) => Event::InlineHtml(CowStr::from(tag)),
                    None => continue,
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => match open.pop() {
                Some(true) => Event::InlineHtml(CowStr::Borrowed("</a>")),
                _ => continue,
            },
            other => other,
        };
        if let Some(text) = pending.take() {
            events.push(Event::Text(CowStr::from(text)));
        }
        events.push(event);
    }
    if let Some(text) = pending.take() {
        events.push(Event::Text(CowStr::from(text)));
    }
    if typography == Typography::Swedish {
        apply_swedish_typography(&mut events);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html.trim_end().to_string(), links)
}
