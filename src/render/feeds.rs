//! Atom feeds (RFC 4287): one for the site, one per tag and one per municipality.
//!
//! Written with quick-xml's writer, which escapes every attribute; every element's text is
//! escaped by [`escape_element_text`], so a title with `<`, `&` or quotes cannot break the
//! XML. Feed readers need absolute URLs, so links in post HTML (which are root-relative, to
//! work under any host) are made absolute here.

use super::{feed_path, FeedOf};
use crate::config::FeedContent;
use crate::html::escape_element_text;
use crate::model::{PostId, Site};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

/// The Atom XML of one feed: `title`, and `ids` (newest first, already cut to the feed's
/// length), as the feed's [`super::PageInputs`] declare them.
pub fn atom(site: &Site, of: FeedOf, title: &str, ids: &[PostId]) -> Vec<u8> {
    let c = &site.config;
    let page_path = match of {
        FeedOf::Site => "",
        FeedOf::Tag(id) => &site.tags[id].path,
        FeedOf::Municipality(id) => &site.municipalities[id].path,
    };
    let updated = ids
        .iter()
        .map(|&id| site.posts[id].date.datetime)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |d| d.to_rfc3339());
    let self_url = c.permalink(&feed_path(site, of));
    let page_url = c.permalink(page_path);

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        w.create_element("feed")
            .with_attributes([
                ("xmlns", "http://www.w3.org/2005/Atom"),
                ("xml:lang", c.language.as_str()),
            ])
            .write_inner_content(|w| {
                text(w, "title", title)?;
                if !c.description.is_empty() {
                    text(w, "subtitle", &c.description)?;
                }
                text(w, "id", &page_url)?;
                link(w, "self", &self_url, Some("application/atom+xml"))?;
                link(w, "alternate", &page_url, Some("text/html"))?;
                text(w, "updated", &updated)?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", c.author.as_deref().unwrap_or(&c.title)))?;
                text(w, "generator", "besok")?;
                for &id in ids {
                    entry(w, site, id)?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    result.expect("writing XML into memory cannot fail");
    // UTF-8: quick-xml writes the strings it is given.
    w.into_inner()
}

fn entry(w: &mut Writer<Vec<u8>>, site: &Site, id: PostId) -> io::Result<()> {
    let c = &site.config;
    let p = &site.posts[id];
    let url = c.permalink(&p.path);
    let date = p.date.datetime.to_rfc3339();
    w.create_element("entry").write_inner_content(|w| {
        text(w, "title", &p.title)?;
        text(w, "id", &url)?;
        link(w, "alternate", &url, Some("text/html"))?;
        text(w, "published", &date)?;
        text(w, "updated", &date)?;
        if let Some(author) = &p.author {
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", author))?;
        }
        for &t in &p.tags {
            let tag = &site.tags[t];
            w.create_element("category")
                .with_attributes([
                    ("term", tag.slug.as_str()),
                    ("label", &*clean(&tag.name)),
                    ("scheme", c.permalink(&format!("{}/", c.tags_path)).as_str()),
                ])
                .write_empty()?;
        }
        if !p.summary_html.is_empty() {
            html(w, "summary", &absolute_links(&p.summary_html, c.origin()))?;
        }
        if c.feed_content == FeedContent::Full {
            html(w, "content", &absolute_links(&p.content_html.text(), c.origin()))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::from_escaped(escape_element_text(&clean(value))))?;
    Ok(())
}

/// An element holding HTML as (escaped) text, as Atom's `type="html"` wants it.
fn html(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("type", "html"))
        .write_text_content(BytesText::from_escaped(escape_element_text(&clean(value))))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> io::Result<()> {
    let mut el = w.create_element("link").with_attributes([("rel", rel), ("href", href)]);
    if let Some(kind) = kind {
        el = el.with_attribute(("type", kind));
    }
    el.write_empty()?;
    Ok(())
}

/// Drops characters XML 1.0 does not allow at all (control characters other than tab and line
/// breaks); escaping cannot make them legal, and a feed holding one is rejected whole.
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let bad =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    // Bytes first (a post's whole text passes here): a bad character is a control byte or
    // starts with 0xEF, and most texts have neither. A block of bytes at a time, with no
    // branch per byte, so the compiler can compare many at once.
    let maybe_bad = s.as_bytes().chunks(64).any(|block| {
        block.iter().fold(false, |found, &b| {
            found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xef)
        })
    });
    if maybe_bad && s.contains(bad) {
        s.replace(bad, "").into()
    } else {
        s.into()
    }
}

/// Puts `origin` in front of root-relative `href="/…"` and `src="/…"` URLs (not `//host`
/// ones), so links in feed entries work in a feed reader.
pub fn absolute_links(html: &str, origin: &str) -> String {
    if origin.is_empty() {
        return html.to_string();
    }
    // One pass over `="/`, looking back for the attribute name: searching for `href="/` and
    // `src="/` separately from each link on would rescan the rest of the post for the rarer
    // one every time (quadratic in a long post with many links).
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    for i in memchr::memmem::find_iter(html.as_bytes(), "=\"/") {
        let before = &html[..i];
        let is_url_attribute = before
            .strip_suffix("href")
            .or_else(|| before.strip_suffix("src"))
            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_whitespace()));
        let protocol_relative = html[i + 3..].starts_with('/');
        if is_url_attribute && !protocol_relative {
            out.push_str(&html[copied..i + 2]);
            out.push_str(origin);
            copied = i + 2;
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{absolute_links, clean};

    #[test]
    fn characters_xml_does_not_allow_are_dropped_wherever_they_are() {
        let long = "å".repeat(100);
        for (text, kept) in [
            (format!("{long}a\u{1}b"), format!("{long}ab")),
            (format!("a\u{b}{long}\u{fffe}"), format!("a{long}")),
            (format!("{long}\u{ffff}\u{1f}"), long.clone()),
            (format!("\t{long}\r\n\u{feff}"), format!("\t{long}\r\n\u{feff}")),
        ] {
            assert_eq!(clean(&text), kept);
        }
    }

    #[test]
    fn root_relative_links_become_absolute() {
        assert_eq!(
            absolute_links(
                r#"<a href="/blogg/posts/a/">a</a><img src="/b.png"><a href="//cdn.se/x">c</a><a href="https://x.se/">d</a>"#,
                "https://example.org"
            ),
            r#"<a href="https://example.org/blogg/posts/a/">a</a><img src="https://example.org/b.png"><a href="//cdn.se/x">c</a><a href="https://x.se/">d</a>"#
        );
    }
}
