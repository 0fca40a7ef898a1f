//! Reading a WordPress export (WXR: RSS 2.0 with the `wp:`, `content:`, `excerpt:` and `dc:`
//! namespaces) with roxmltree, a real XML parser: CDATA, entities and namespaces are its job.

use crate::diagnostics::{line_column, Diagnostic, LineIndex, Severity};
use std::collections::HashMap;
use std::path::Path;

const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
/// WXR 1.0, 1.1 and 1.2 differ only in the version at the end of the namespace.
const WP_NS_PREFIX: &str = "http://wordpress.org/export/";

/// What an export holds, as plain data.
#[derive(Debug, Default)]
pub struct Export {
    pub items: Vec<Item>,
    /// Author login → display name, from `<wp:author>`.
    pub authors: HashMap<String, String>,
    /// The blog's address (`<wp:base_blog_url>`, else the channel's `<link>`, else
    /// `<wp:base_site_url>`).
    pub site_url: Option<String>,
    /// Every address the export gives the blog itself (`<wp:base_site_url>`,
    /// `<wp:base_blog_url>`, the channel's `<link>`): links and images there are the blog's own.
    pub own_urls: Vec<String>,
    /// When the export was made (`<pubDate>` of the channel), RFC 2822.
    pub pub_date: Option<String>,
}

/// One `<item>`: a post, page, attachment, menu item, ...
#[derive(Debug, Default, Clone)]
pub struct Item {
    /// Line of the `<item>` tag in the export, for the report.
    pub line: usize,
    pub title: String,
    pub link: Option<String>,
    pub creator: Option<String>,
    /// `content:encoded`: the post's HTML as WordPress stores it.
    pub content: String,
    /// Line of `content:encoded` in the export: with the lines of `content` before an address,
    /// the line where the address is written.
    pub content_line: usize,
    /// `excerpt:encoded`
    pub excerpt: String,
    pub id: Option<u64>,
    /// `wp:post_date` (the blog's local time) and `wp:post_date_gmt`, as `YYYY-MM-DD HH:MM:SS`.
    pub post_date: Option<String>,
    pub post_date_gmt: Option<String>,
    pub pub_date: Option<String>,
    /// `wp:post_name`, the URL word (percent-encoded when it has non-ASCII letters).
    pub post_name: String,
    pub status: String,
    pub post_type: String,
    pub attachment_url: Option<String>,
    /// `wp:post_parent`: the post an attachment belongs to, the parent page of a page (0: none).
    pub parent: u64,
    /// `wp:menu_order`: a page's place among its siblings.
    pub menu_order: i64,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// The featured image's attachment (`_thumbnail_id` post meta).
    pub thumbnail_id: Option<u64>,
    /// An attachment's alt text (`_wp_attachment_image_alt` post meta).
    pub image_alt: Option<String>,
    pub comments: Vec<Comment>,
}

impl Item {
    /// The export's line where `text` is first written in the post's HTML (the post's line
    /// when it is not found as written, say behind an entity).
    pub fn line_of(&self, text: &str) -> usize {
        match self.content.find(text) {
            Some(at) if self.content_line > 0 => self.content_line + self.content[..at].matches('\n').count(),
            _ => self.line,
        }
    }
}

/// One `<wp:comment>`, as the export has it. The e-mail address, IP address and user agent are
/// read only so that the import can make sure none of them reaches a written file.
#[derive(Debug, Default, Clone)]
pub struct Comment {
    /// Line of the `<wp:comment>` tag in the export.
    pub line: usize,
    pub id: u64,
    /// The comment it answers (0: none).
    pub parent: u64,
    pub author: String,
    pub author_url: String,
    pub author_email: String,
    pub author_ip: String,
    pub agent: String,
    /// `YYYY-MM-DD HH:MM:SS`, the blog's local time and UTC.
    pub date: String,
    pub date_gmt: String,
    /// The comment's HTML.
    pub content: String,
    /// `1` (approved), `0` (awaiting approval), `spam` or `trash`.
    pub approved: String,
    /// Empty or `comment` for a reader's comment; `pingback`, `trackback`, or a plugin's own type.
    pub kind: String,
}

/// Parses an export. Malformed XML, or XML that is not a WordPress export, is one diagnostic
/// with the line and column where it went wrong.
pub fn parse(text: &str, path: &Path) -> Result<Export, Diagnostic> {
    let at = |offset: usize, message: String| Diagnostic::at_offset(Severity::Error, path, text, 1, offset, message);
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return Err(xml_error(&e, text, path)),
    };
    let root = doc.root_element();
    let channel = root.children().find(|n| {
        n.is_element() && n.tag_name().name() == "channel" && rss_namespace(n.tag_name().namespace()).is_none()
    });
    let (true, Some(channel)) = (root.tag_name().name() == "rss", channel) else {
        return Err(at(
            root.range().start,
            format!(
                "<{}> is not a WordPress export; expected an <rss> document with a <channel> (WordPress: Tools → Export → All content)",
                root.tag_name().name()
            ),
        ));
    };

    // One index of the file's lines: each item, comment and text finds its line by a binary
    // search, not by counting from the start of the file (which made the import quadratic).
    let lines = LineIndex::new(text);
    let mut export = Export::default();
    let mut saw_wp = false;
    for node in channel.children().filter(|n| n.is_element()) {
        let name = node.tag_name();
        saw_wp |= name.namespace().is_some_and(is_wp);
        match (rss_namespace(name.namespace()), name.name()) {
            (None, "link") => {
                let link = text_of(&node);
                export.own_urls.push(link.clone());
                export.site_url = export.site_url.or(Some(link));
            }
            (None, "pubDate") => export.pub_date = Some(text_of(&node)),
            (Some(ns), "base_blog_url") if is_wp(ns) => {
                export.site_url = Some(text_of(&node));
                export.own_urls.push(text_of(&node));
            }
            (Some(ns), "base_site_url") if is_wp(ns) => {
                export.own_urls.push(text_of(&node));
                export.site_url = export.site_url.or(Some(text_of(&node)));
            }
            (Some(ns), "author") if is_wp(ns) => {
                if let Some(login) = wp_field(&node, "author_login") {
                    let display = wp_field(&node, "author_display_name").filter(|d| !d.trim().is_empty());
                    export.authors.insert(login.clone(), display.unwrap_or(login));
                }
            }
            (None, "item") => {
                let item = read_item(&node, &lines);
                saw_wp |= !item.post_type.is_empty();
                export.items.push(item);
            }
            _ => {}
        }
    }
    if !saw_wp {
        return Err(at(
            channel.range().start,
            "this is an RSS feed, not a WordPress export: it has no wp: elements; expected the file from WordPress's Tools → Export → All content".into(),
        ));
    }
    Ok(export)
}

fn read_item(node: &roxmltree::Node, lines: &LineIndex) -> Item {
    let mut item = Item {
        line: lines.line(node.range().start),
        ..Item::default()
    };
    for child in node.children().filter(|n| n.is_element()) {
        let name = child.tag_name();
        let value = || text_of(&child);
        match (rss_namespace(name.namespace()), name.name()) {
            (None, "title") => item.title = value(),
            (None, "link") => item.link = Some(value()).filter(|l| !l.trim().is_empty()),
            (None, "pubDate") => item.pub_date = Some(value()),
            (None, "category") => {
                let v = value().trim().to_string();
                if v.is_empty() {
                    continue;
                }
                match child.attribute("domain") {
                    Some("post_tag") => item.tags.push(v),
                    Some("category") | None => item.categories.push(v),
                    // Post formats, custom taxonomies: not a theme of the post.
                    Some(_) => {}
                }
            }
            (Some(DC_NS), "creator") => item.creator = Some(value()).filter(|c| !c.trim().is_empty()),
            (Some(CONTENT_NS), "encoded") => {
                item.content = value();
                item.content_line = lines.line(child.range().start);
            }
            (Some(ns), "encoded") if is_excerpt(ns) => item.excerpt = value(),
            (Some(ns), local) if is_wp(ns) => match local {
                "post_id" => item.id = value().trim().parse().ok(),
                "post_date" => item.post_date = Some(value()),
                "post_date_gmt" => item.post_date_gmt = Some(value()),
                "post_name" => item.post_name = value().trim().to_string(),
                "status" => item.status = value().trim().to_string(),
                "post_type" => item.post_type = value().trim().to_string(),
                "attachment_url" => item.attachment_url = Some(value()).filter(|u| !u.trim().is_empty()),
                "post_parent" => item.parent = value().trim().parse().unwrap_or(0),
                "menu_order" => item.menu_order = value().trim().parse().unwrap_or(0),
                "postmeta" => match (wp_field(&child, "meta_key").as_deref(), wp_field(&child, "meta_value")) {
                    (Some("_thumbnail_id"), Some(v)) => item.thumbnail_id = v.trim().parse().ok(),
                    (Some("_wp_attachment_image_alt"), Some(v)) => {
                        item.image_alt = Some(v.trim().to_string()).filter(|a| !a.is_empty())
                    }
                    _ => {}
                },
                "comment" => item.comments.push(read_comment(&child, lines)),
                _ => {}
            },
            _ => {}
        }
    }
    item
}

/// One `<wp:comment>`.
fn read_comment(node: &roxmltree::Node, lines: &LineIndex) -> Comment {
    let field = |local: &str| wp_field(node, local).unwrap_or_default();
    Comment {
        line: lines.line(node.range().start),
        id: field("comment_id").trim().parse().unwrap_or(0),
        parent: field("comment_parent").trim().parse().unwrap_or(0),
        author: field("comment_author"),
        author_url: field("comment_author_url"),
        author_email: field("comment_author_email"),
        author_ip: field("comment_author_IP"),
        agent: field("comment_agent"),
        date: field("comment_date"),
        date_gmt: field("comment_date_gmt"),
        content: field("comment_content"),
        approved: field("comment_approved").trim().to_string(),
        kind: field("comment_type").trim().to_string(),
    }
}

/// The text of the `wp:` child element `local` of `node`.
fn wp_field(node: &roxmltree::Node, local: &str) -> Option<String> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == local && c.tag_name().namespace().is_some_and(is_wp))
        .map(|c| text_of(&c))
}

/// RSS's own elements (`channel`, `item`, `title`, ...) have no namespace; an export that
/// declares a default namespace anyway (`xmlns=""` is harmless, some tools write RSS 2.0's
/// old `http://backend.userland.com/rss2`) is read the same: only the extension namespaces
/// (`wp:`, `content:`, `dc:`, ...) are told apart.
fn rss_namespace(ns: Option<&str>) -> Option<&str> {
    ns.filter(|ns| !ns.is_empty() && !is_rss(ns))
}

/// Namespaces RSS 2.0 itself has been published under.
fn is_rss(ns: &str) -> bool {
    ns.starts_with("http://backend.userland.com/rss") || ns.starts_with("http://purl.org/rss/2.0")
}

fn is_wp(ns: &str) -> bool {
    ns.starts_with(WP_NS_PREFIX) && !is_excerpt(ns)
}

fn is_excerpt(ns: &str) -> bool {
    ns.starts_with(WP_NS_PREFIX) && ns.trim_end_matches('/').ends_with("/excerpt")
}

/// All text inside an element (text and CDATA sections alike).
fn text_of(node: &roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// A parse error at the place the parser stopped. roxmltree puts errors found at the end of
/// the input at 1:1, so those point at the end of the file, where the export was cut off.
fn xml_error(e: &roxmltree::Error, text: &str, path: &Path) -> Diagnostic {
    use roxmltree::Error as E;
    let cut_off = matches!(e, E::UnexpectedEndOfStream | E::UnclosedRootNode | E::NoRootNode);
    if cut_off {
        let end = text.trim_end().len();
        let message = if text.trim().is_empty() {
            "the export is empty; expected the XML file from WordPress's Tools → Export".to_string()
        } else {
            format!(
                "the export ends in the middle of the XML ({e}); the file is cut off, expected it to end with </channel></rss>; export it again"
            )
        };
        let (line, column) = line_column(text, end);
        let mut d = Diagnostic::error(path, line, column, message);
        d.source_line = text.lines().nth(line - 1).map(|l| l.trim_end_matches('\r').to_string());
        return d;
    }
    let pos = e.pos();
    let message = e.to_string();
    let message = message
        .strip_suffix(&format!(" at {pos}"))
        .unwrap_or(&message)
        .to_string();
    // An error at the very end of the file means the file stops in the middle of something.
    let line_start: usize = text
        .split_inclusive('\n')
        .take((pos.row as usize).saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = text[line_start..]
        .char_indices()
        .nth((pos.col as usize).saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    let at_end = text.get(offset..).is_none_or(|rest| rest.trim().is_empty());
    let hint = if at_end {
        "; the file ends here, so it is cut off: export it again"
    } else {
        ""
    };
    let mut d = Diagnostic::error(
        path,
        pos.row as usize,
        pos.col as usize,
        format!("malformed XML: {message}{hint}"),
    );
    d.source_line = text
        .lines()
        .nth((pos.row as usize).saturating_sub(1))
        .map(|l| l.trim_end_matches('\r').to_string());
    d
}
