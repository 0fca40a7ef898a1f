//! `/sitemap.xml` (every public page with the date it last changed) and `/robots.txt`.

use super::{PageKind, Paginator};
use crate::model::{PostId, Site};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde_json::Value;
use std::io;

/// The sitemap (sitemaps.org protocol) of `pages`, `[path, last-modified date or null]` for
/// every page [`PageKind::is_public_page`] says is public, as the sitemap's
/// [`super::PageInputs`] declare them.
pub fn sitemap(site: &Site, pages: &Value) -> String {
    let rows = pages.as_array().map_or(&[][..], Vec::as_slice);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for row in rows {
                    let path = row[0].as_str().unwrap_or_default();
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&site.config.permalink(path)))?;
                        if let Some(date) = row[1].as_str() {
                            w.create_element("lastmod").write_text_content(BytesText::new(date))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    result.expect("writing XML into memory cannot fail");
    String::from_utf8(w.into_inner()).expect("quick-xml writes the UTF-8 it is given")
}

/// The newest post shown on a page: when the page last changed, as far as besok knows.
pub(super) fn newest_post(site: &Site, kind: PageKind) -> Option<PostId> {
    let per = site.config.paginate_by;
    // Lists are newest first, so the first post of page n is the newest on it.
    let first_on_page = |len: usize, n: usize| {
        let page = Paginator::new(len, per, n);
        (page.start < page.end).then_some(page.start)
    };
    match kind {
        PageKind::Post(id) => Some(id),
        PageKind::Home(n) => first_on_page(site.posts.len(), n),
        PageKind::Tag(id, n) => {
            let posts = &site.tags[id].posts;
            first_on_page(posts.len(), n).map(|i| posts[i])
        }
        PageKind::Municipality(id) => site.municipalities[id].last_visit(),
        // A plain page shows no post, and besok does not know when its file last changed
        // (a file's time changes with every checkout).
        PageKind::Plain(_) => None,
        _ => (!site.posts.is_empty()).then_some(0),
    }
}

/// `robots.txt`: everything may be crawled, and the sitemap is named. (Crawlers read it only at
/// the root of a host; a site under a path should name its sitemap in the host's own file.)
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.permalink("sitemap.xml")
    )
}
