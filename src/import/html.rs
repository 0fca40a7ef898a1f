//! A WordPress post's HTML to markdown.
//!
//! The conversion itself is htmd's (headings, lists, links, emphasis, images, blockquotes,
//! tables, code). Before it, the post is made into the HTML WordPress would show: the classic
//! editor stores paragraphs as blank lines, not `<p>` tags (WordPress adds them when it shows a
//! post, "wpautop"), and images with captions as a `[caption]` shortcode. `<!--more-->` becomes
//! besok's `<!-- more -->`, which marks the summary the same way.

use std::collections::HashMap;

/// The markdown of a post, and what could not be converted.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub markdown: String,
    /// Shortcodes other than `[caption]`, left in the text as they were (`gallery`, `embed`, ...).
    pub shortcodes: Vec<String>,
    /// Every image source and link address of the text, in order, as written.
    pub urls: Vec<FoundUrl>,
}

/// An address written in a post: an image's `src` or a link's `href`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FoundUrl {
    pub image: bool,
    pub url: String,
}

/// What becomes of an address in the markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// This address instead: a file of the post's bundle, `@/posts/x.md#id`, ...
    To(String),
    /// The link's text, without the link (an image: its alt text).
    Unlink,
}

/// The rewrites of one text; an address not in it is kept as written.
pub type Rewrites = HashMap<FoundUrl, Rewrite>;

/// Stands for `<!--more-->` through the conversion, which drops HTML comments.
const MORE: &str = "besokmoremarker";

/// Tags that start a block: text is never wrapped in `<p>` across them.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "figcaption",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "iframe",
    "li",
    "ol",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// WordPress's own shortcodes that besok cannot show; they are reported, not silently lost.
const KNOWN_SHORTCODES: &[&str] = &["gallery", "embed", "audio", "video", "playlist", "wpvideo", "youtube"];

/// A post's HTML to markdown, with its addresses as written.
pub fn to_markdown(html: &str) -> Converted {
    to_markdown_with(html, &Rewrites::new())
}

/// A post's HTML to markdown, with the addresses of `rewrites` replaced.
pub fn to_markdown_with(html: &str, rewrites: &Rewrites) -> Converted {
    if html.trim().is_empty() {
        return Converted::default();
    }
    let html = html.replace("\r\n", "\n");
    let html = replace_more(&html);
    let html = captions_to_figures(&html);
    // Block editor posts carry their own <p> tags; only classic posts need wpautop.
    let html = if html.contains("<!-- wp:") { html } else { autop(&html) };
    let markdown = convert(&html, rewrites);
    let markdown = markdown
        .lines()
        .map(|l| if l.trim() == MORE { "<!-- more -->" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let book = BOOK.with(|b| b.take());
    Converted {
        markdown: squeeze_blank_lines(markdown.trim()),
        shortcodes: find_shortcodes(&html),
        urls: book.found,
    }
}

thread_local! {
    /// The converter, made once for each thread (making one is a good part of converting a
    /// short text): its handlers keep what they find in [`BOOK`], the conversion's own.
    static CONVERTER: htmd::HtmlToMarkdown = converter();
    /// What the conversion running on this thread has found, and the rewrites it makes.
    static BOOK: std::cell::RefCell<Book> = std::cell::RefCell::default();
}

/// `html` to markdown with `rewrites`; what it found is left in [`BOOK`].
fn convert(html: &str, rewrites: &Rewrites) -> String {
    BOOK.with(|b| {
        *b.borrow_mut() = Book {
            found: Vec::new(),
            rewrites: rewrites.clone(),
        }
    });
    CONVERTER.with(|c| c.convert(html)).unwrap_or_default()
}

fn converter() -> htmd::HtmlToMarkdown {
    htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .skip_tags(vec!["script", "style"])
        .add_handler(vec!["img"], image)
        .add_handler(vec!["a"], link)
        .build()
}

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::Element;

/// The addresses of one conversion: those found so far, and the rewrites to make.
#[derive(Default)]
struct Book {
    found: Vec<FoundUrl>,
    rewrites: Rewrites,
}

/// Notes the address in `element`'s attribute `name` and says what becomes of it (`None`
/// inside: kept); `None` when the element has no such attribute.
fn note(element: &Element, name: &str, image: bool) -> Option<Option<Rewrite>> {
    let url = attribute(element, name)?;
    let key = FoundUrl { image, url };
    BOOK.with(|b| {
        let mut book = b.borrow_mut();
        let rewrite = book.rewrites.get(&key).cloned();
        book.found.push(key);
        Some(rewrite)
    })
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// An element's `title` as markdown writes it after a destination (` "Titel"`), or nothing.
fn title_of(element: &Element) -> String {
    attribute(element, "title")
        .map(|t| format!(" \"{}\"", one_line(&t).replace('"', "\\\"")))
        .unwrap_or_default()
}

/// An `<img>`: noted, and written with its new address when it has one.
fn image(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let Some(rewrite) = note(&element, "src", true) else {
        return handlers.fallback(element);
    };
    let alt = escape_text(&one_line(&attribute(&element, "alt").unwrap_or_default()));
    match rewrite {
        None => handlers.fallback(element),
        Some(Rewrite::Unlink) => Some(alt.into()),
        Some(Rewrite::To(dest)) => Some(format!("![{alt}]({}{})", destination(&dest), title_of(&element)).into()),
    }
}

/// An `<a href>`: noted, and written with its new address, or as its text alone.
fn link(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let Some(rewrite) = note(&element, "href", false) else {
        return handlers.fallback(element);
    };
    match rewrite {
        None => handlers.fallback(element),
        Some(Rewrite::Unlink) => Some(handlers.walk_children(element.node)),
        Some(Rewrite::To(dest)) => {
            let content = handlers.walk_children(element.node).content;
            let text = content.trim();
            if text.is_empty() {
                return Some(content.into());
            }
            let trailing = if content.ends_with(char::is_whitespace) {
                " "
            } else {
                ""
            };
            Some(format!("[{text}]({}{}){trailing}", destination(&dest), title_of(&element)).into())
        }
    }
}

/// Text on one line, its runs of white space made one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text that markdown shows as it is inside `[...]`.
fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
}

/// A link destination; in `<...>` when it holds spaces or brackets.
fn destination(dest: &str) -> String {
    if dest.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>')) {
        format!("<{}>", dest.replace('<', "%3C").replace('>', "%3E"))
    } else {
        dest.to_string()
    }
}

/// `<!--more-->` and `<!--more Read on-->` become a paragraph of their own holding the marker.
fn replace_more(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--more") {
        let Some(end) = rest[start..].find("-->") else { break };
        out.push_str(&rest[..start]);
        out.push_str(&format!("\n\n<p>{MORE}</p>\n\n"));
        rest = &rest[start + end + 3..];
    }
    out.push_str(rest);
    out
}

/// `[caption id=".." width=".."]<img ...> Caption text[/caption]` → `<figure><img ...><figcaption>Caption text</figcaption></figure>`.
fn captions_to_figures(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("[caption") {
        let Some(open_end) = rest[start..].find(']').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("[/caption]").map(|i| open_end + i) else {
            break;
        };
        let inner = &rest[open_end..close];
        let (media, caption) = match inner.rfind('>') {
            Some(i) => (&inner[..=i], inner[i + 1..].trim()),
            None => ("", inner.trim()),
        };
        out.push_str(&rest[..start]);
        out.push_str("\n\n<figure>");
        out.push_str(media.trim());
        if !caption.is_empty() {
            out.push_str("<figcaption>");
            out.push_str(caption);
            out.push_str("</figcaption>");
        }
        out.push_str("</figure>\n\n");
        rest = &rest[close + "[/caption]".len()..];
    }
    out.push_str(rest);
    out
}

/// WordPress's wpautop, in short: text between blank lines becomes a paragraph, a single line
/// break inside one becomes `<br>`, and block elements (lists, tables, quotes, ...) are kept as
/// they are, also when they hold blank lines themselves.
pub fn autop(html: &str) -> String {
    let html = space_out_blocks(html);
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth: i64 = 0;
    for piece in html.split("\n\n") {
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(piece);
        depth += block_depth_change(piece);
        if depth <= 0 {
            depth = 0;
            chunks.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        chunks.push(current);
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for chunk in chunks {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if starts_with_block(chunk) || chunk.starts_with("<!--") {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.lines().map(str::trim_end).collect::<Vec<_>>().join("<br>"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

/// Puts blank lines before each block element's opening tag and after its closing tag, so a
/// list written right after a line of text still stands apart from it (as wpautop does).
fn space_out_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < html.len() {
        if bytes[i] == b'<' {
            if let Some((closing, name, end)) = tag_at(html, i) {
                if BLOCK_TAGS.contains(&name.as_str()) && is_outer_block(&name) {
                    if closing {
                        out.push_str(&html[i..end]);
                        out.push_str("\n\n");
                    } else {
                        out.push_str("\n\n");
                        out.push_str(&html[i..end]);
                    }
                    i = end;
                    continue;
                }
            }
        }
        let ch = html[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    // Collapse the runs of blank lines this made.
    let mut squeezed = String::with_capacity(out.len());
    let mut newlines = 0;
    for c in out.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines <= 2 {
                squeezed.push(c);
            }
        } else {
            newlines = 0;
            squeezed.push(c);
        }
    }
    squeezed
}

/// Blocks that stand alone at the top of a post; the parts inside them (list items, table
/// cells) are not spaced out, so a list is not broken into pieces.
fn is_outer_block(name: &str) -> bool {
    !matches!(
        name,
        "li" | "dd" | "dt" | "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "figcaption"
    )
}

/// Opened minus closed outer block elements in a piece of HTML (`hr` and `p`, which need no
/// closing tag, do not count).
fn block_depth_change(piece: &str) -> i64 {
    let mut change = 0;
    let mut i = 0;
    while let Some(found) = piece[i..].find('<') {
        let at = i + found;
        match tag_at(piece, at) {
            Some((closing, name, end)) => {
                let self_closing = piece[..end].ends_with("/>");
                let counts = BLOCK_TAGS.contains(&name.as_str()) && is_outer_block(&name);
                if counts && !matches!(name.as_str(), "hr" | "p") && !self_closing {
                    change += if closing { -1 } else { 1 };
                }
                i = end;
            }
            None => i = at + 1,
        }
    }
    change
}

fn starts_with_block(chunk: &str) -> bool {
    tag_at(chunk, 0).is_some_and(|(_, name, _)| BLOCK_TAGS.contains(&name.as_str()))
}

/// The tag starting at byte `i` (which holds `<`): whether it closes, its lowercase name, and
/// the byte after its `>`.
fn tag_at(html: &str, i: usize) -> Option<(bool, String, usize)> {
    let rest = html.get(i..)?;
    let rest = rest.strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let after = rest[name.len()..].chars().next()?;
    if !(after == '>' || after == '/' || after.is_whitespace()) {
        return None;
    }
    let end = html[i..].find('>')? + i + 1;
    Some((closing, name, end))
}

fn find_shortcodes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in KNOWN_SHORTCODES {
        let open = format!("[{name}");
        let present = html.match_indices(&open).any(|(i, _)| {
            html[i + open.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == ']' || c == ' ')
        });
        if present {
            found.push(name.to_string());
        }
    }
    found
}

fn squeeze_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank = 0;
            // Trailing blanks go, except the two spaces of a markdown line break.
            out.push_str(line.trim_end_matches([' ', '\t']));
            if line.ends_with("  ") {
                out.push_str("  ");
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_paragraphs_lists_and_line_breaks() {
        let html = "Första stycket med <strong>fetstil</strong>.\nNy rad.\n\nAndra stycket:\n<ul>\n<li>ett</li>\n\n<li>två</li>\n</ul>\nEfter listan.";
        assert_eq!(
            to_markdown(html).markdown,
            "Första stycket med **fetstil**.  \nNy rad.\n\nAndra stycket:\n\n- ett\n- två\n\nEfter listan.\n"
        );
    }

    #[test]
    fn block_editor_posts_keep_their_paragraphs() {
        let html = "<!-- wp:paragraph -->\n<p>Ett <em>stycke</em>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Rubrik</h2>\n<!-- /wp:heading -->";
        assert_eq!(to_markdown(html).markdown, "Ett *stycke*.\n\n## Rubrik\n");
    }

    #[test]
    fn more_tag_captions_quotes_and_images() {
        let html = "Ingress.\n\n<!--more-->\n\n[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"]<img src=\"https://blogg.example.se/wp-content/uploads/a.jpg\" alt=\"Rådhuset\" /> Rådhuset i Vetlanda[/caption]\n\n<blockquote>Citat.</blockquote>\n\n[gallery ids=\"1,2\"]";
        let c = to_markdown(html);
        assert_eq!(
            c.markdown,
            "Ingress.\n\n<!-- more -->\n\n![Rådhuset](https://blogg.example.se/wp-content/uploads/a.jpg)\n\nRådhuset i Vetlanda\n\n> Citat.\n\n\\[gallery ids=\"1,2\"\\]\n"
        );
        assert_eq!(c.shortcodes, ["gallery"]);
        assert_eq!(
            c.urls,
            [FoundUrl {
                image: true,
                url: "https://blogg.example.se/wp-content/uploads/a.jpg".into()
            }]
        );
    }
}
