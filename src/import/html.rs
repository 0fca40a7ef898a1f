//! A WordPress post's HTML to markdown.
//!
//! The conversion itself is htmd's (headings, lists, links, emphasis, images, blockquotes,
//! tables, code). Before it, the post is made into the HTML WordPress would show: the classic
//! editor stores paragraphs as blank lines, not `<p>` tags (WordPress adds them when it shows a
//! post, "wpautop"), images with captions as a `[caption]` shortcode, videos and galleries as
//! shortcodes and embed blocks ([`super::embeds`]). `<!--more-->` becomes besok's
//! `<!-- more -->`, which marks the summary the same way.
//!
//! What the text shows is carried over in besok's own forms: a photo with its caption as a
//! figure (`![alt](foto.jpg "caption")`), a YouTube or Vimeo video as `{{ video(url="...") }}`,
//! a gallery as `{{ gallery(files=[...]) }}` of its saved photos, a video or sound file and a
//! document linked alone in its paragraph as `{{ file(name="...") }}`. What markdown cannot hold
//! (an embedded map, a script, a form, a shortcode besok does not know) is written as a link
//! or left as text, and named ([`Converted::dropped`]).

use super::embeds::{self, Dropped};
use htmd::element_handler::{HandlerResult, Handlers};
use htmd::Element;
use std::cell::RefCell;
use std::collections::HashMap;

/// The markdown of a post, and what could not be converted.
#[derive(Debug, Default, PartialEq)]
pub struct Converted {
    pub markdown: String,
    /// Every image source, link address, gallery photo and media file of the text, in order,
    /// as written.
    pub urls: Vec<FoundUrl>,
    /// What markdown cannot hold: written as a link, left as text or left out, and named in the
    /// summary.
    pub dropped: Vec<Dropped>,
}

/// An address written in a post.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FoundUrl {
    pub kind: UrlKind,
    /// The address as written; of a gallery's photo, the attachment's id.
    pub url: String,
}

/// What an address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UrlKind {
    /// A link's `href`.
    Link,
    /// An image's `src`.
    Image,
    /// A video or sound file of `[video]`, `[audio]`, `<video>` or `<audio>`: a file to save.
    Media,
    /// A photo of a `[gallery]`, by its attachment's id.
    Attachment,
}

/// What becomes of an address in the markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// This address instead: a file of the post's bundle, `@/posts/x.md#id`, ...
    To(String),
    /// The link's text, without the link (an image: its alt text; a gallery's photo: nothing).
    Unlink,
}

/// The rewrites of one text; an address not in it is kept as written.
pub type Rewrites = HashMap<FoundUrl, Rewrite>;

/// How a text is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A post's or page's own text: videos, galleries, captions and files in besok's forms.
    #[default]
    Body,
    /// A reader's comment or an excerpt: text, links and images only, as it always was;
    /// shortcodes and embeds stay text, and `{{` and `{%` are escaped so that no reader's text
    /// is ever taken for one of besok's shortcodes.
    Plain,
}

/// Stands for `<!--more-->` through the conversion, which drops HTML comments.
const MORE: &str = "besokmoremarker";

/// Tags that start a block: text is never wrapped in `<p>` across them.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "audio",
    "besok-embed",
    "besok-gallery",
    "besok-media",
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
    "video",
];

/// Extensions of the files a figure or a gallery shows.
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "svg", "avif"];

/// A post's HTML to markdown, with its addresses as written.
pub fn to_markdown(html: &str) -> Converted {
    convert(html, &Rewrites::new(), Mode::Body)
}

/// HTML to markdown in `mode`, with the addresses of `rewrites` replaced.
pub fn convert(html: &str, rewrites: &Rewrites, mode: Mode) -> Converted {
    if html.trim().is_empty() {
        return Converted::default();
    }
    let html = html.replace("\r\n", "\n");
    let html = replace_more(&html);
    let block_editor = html.contains("<!-- wp:");
    let (html, mut dropped) = match mode {
        Mode::Body => {
            let (html, dropped) = embeds::shortcodes(&html);
            let html = if block_editor {
                embeds::embed_blocks(&html)
            } else {
                embeds::bare_video_lines(&html)
            };
            (html, dropped)
        }
        Mode::Plain => (html, Vec::new()),
    };
    // Block editor posts carry their own <p> tags; only classic posts need wpautop.
    let html = if block_editor { html } else { autop(&html) };
    BOOK.with(|b| {
        *b.borrow_mut() = Book {
            mode,
            rewrites: rewrites.clone(),
            ..Book::default()
        }
    });
    let markdown = CONVERTER.with(|c| c.convert(&html)).unwrap_or_default();
    let book = BOOK.with(|b| b.take());
    let markdown = markdown
        .lines()
        .map(|l| if l.trim() == MORE { "<!-- more -->" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let markdown = squeeze_blank_lines(markdown.trim());
    dropped.extend(book.dropped);
    Converted {
        // The text's own `{{` and `{%` stay text (a post about templates is not a shortcode);
        // then the conversion's shortcodes are put in.
        markdown: crate::markdown::escape_shortcodes(&markdown).replace(SHORTCODE_OPEN, "{{"),
        urls: book.found,
        dropped,
    }
}

thread_local! {
    /// The converter, made once for each thread (making one is a good part of converting a
    /// short text): its handlers keep what they find in [`BOOK`], the conversion's own.
    static CONVERTER: htmd::HtmlToMarkdown = converter();
    /// What the conversion running on this thread has found, and the rewrites it makes.
    static BOOK: RefCell<Book> = RefCell::default();
}

fn converter() -> htmd::HtmlToMarkdown {
    htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .skip_tags(vec!["style"])
        .add_handler(vec!["img"], image)
        .add_handler(vec!["a"], link)
        .add_handler(vec!["p", "div"], paragraph)
        .add_handler(vec!["figure"], figure)
        .add_handler(vec!["figcaption"], figcaption)
        .add_handler(vec!["iframe", "embed", "object"], embedded)
        .add_handler(vec!["script"], script)
        .add_handler(vec!["form"], form)
        .add_handler(vec!["video", "audio"], media_element)
        .add_handler(vec!["source"], source)
        .add_handler(vec!["besok-embed"], besok_embed)
        .add_handler(vec!["besok-gallery"], besok_gallery)
        .add_handler(vec!["besok-media"], besok_media)
        .build()
}

/// What one conversion has found so far, the rewrites it makes, and the elements it is inside
/// of that want to know what their content holds.
#[derive(Default)]
struct Book {
    mode: Mode,
    found: Vec<FoundUrl>,
    rewrites: Rewrites,
    dropped: Vec<Dropped>,
    frames: Vec<Frame>,
}

/// An element being converted whose markdown depends on what it holds: a paragraph (a document
/// linked alone in it is a file), a figure (a photo with its caption), a gallery, a video.
#[derive(Default)]
struct Frame {
    kind: FrameKind,
    images: Vec<Seen>,
    links: Vec<Seen>,
    captions: Vec<String>,
    sources: Vec<String>,
}

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum FrameKind {
    #[default]
    Paragraph,
    Figure,
    Gallery,
    Media,
}

/// An image or link inside a frame: what was written, its alt text, and where it leads.
#[derive(Clone)]
struct Seen {
    output: String,
    alt: String,
    /// Its address as written in the markdown (`None`: written as text alone).
    destination: Option<String>,
    /// The file of the post's bundle it names, if it does.
    file: Option<String>,
    /// Its own caption in a gallery (the `<figcaption>` of its figure), as plain text.
    caption: Option<String>,
}

fn mode() -> Mode {
    BOOK.with(|b| b.borrow().mode)
}

/// Runs `walk` inside a new frame of `kind` and returns its output and the frame.
fn framed<T>(kind: FrameKind, walk: impl FnOnce() -> T) -> (T, Frame) {
    BOOK.with(|b| {
        b.borrow_mut().frames.push(Frame {
            kind,
            ..Frame::default()
        })
    });
    let out = walk();
    let frame = BOOK.with(|b| b.borrow_mut().frames.pop()).unwrap_or_default();
    (out, frame)
}

/// Tells every frame the element is inside of about an image or a link.
fn seen(image: bool, seen: Seen) {
    BOOK.with(|b| {
        for frame in b.borrow_mut().frames.iter_mut() {
            if image {
                frame.images.push(seen.clone());
            } else {
                frame.links.push(seen.clone());
            }
        }
    });
}

fn innermost() -> Option<FrameKind> {
    BOOK.with(|b| b.borrow().frames.last().map(|f| f.kind))
}

fn drop_note(what: String, needle: impl Into<String>) {
    BOOK.with(|b| {
        b.borrow_mut().dropped.push(Dropped {
            what,
            needle: needle.into(),
        })
    });
}

/// Notes `url` as found and says what becomes of it (`None`: kept as written).
fn note(kind: UrlKind, url: String) -> Option<Rewrite> {
    let key = FoundUrl { kind, url };
    BOOK.with(|b| {
        let mut book = b.borrow_mut();
        let rewrite = book.rewrites.get(&key).cloned();
        book.found.push(key);
        rewrite
    })
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

fn has_class(element: &Element, class: &str) -> bool {
    attribute(element, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// An element's `title` as markdown writes it after a destination (` "Titel"`), or nothing.
fn title_of(element: &Element) -> String {
    attribute(element, "title")
        .map(|t| quoted_title(&t))
        .unwrap_or_default()
}

/// ` "text"`: a title after a destination.
fn quoted_title(text: &str) -> String {
    format!(" \"{}\"", one_line(text).replace('\\', "\\\\").replace('"', "\\\""))
}

/// The name of a file of the post's bundle, when `dest` is one (not an address, not a file of
/// `static/`, not a link to another post).
fn bundle_file(dest: &str) -> Option<String> {
    let is_file = !dest.is_empty() && !dest.contains(':') && !dest.starts_with(['/', '@', '#', '?', '.']);
    is_file.then(|| dest.to_string())
}

fn is_photo(name: &str) -> bool {
    let path = name.split(['?', '#']).next().unwrap_or(name);
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| PHOTO_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// An `<img>`: noted, and written with its new address when it has one.
fn image(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let Some(src) = attribute(&element, "src") else {
        return handlers.fallback(element);
    };
    let rewrite = note(UrlKind::Image, src.clone());
    let alt = escape_text(&one_line(&attribute(&element, "alt").unwrap_or_default()));
    let dest = match &rewrite {
        None => Some(src),
        Some(Rewrite::Unlink) => None,
        Some(Rewrite::To(dest)) => Some(dest.clone()),
    };
    let output = match &dest {
        None => alt.clone(),
        Some(d) => format!("![{alt}]({}{})", destination(d), title_of(&element)),
    };
    seen(
        true,
        Seen {
            output: output.clone(),
            alt,
            file: dest.as_deref().and_then(bundle_file),
            destination: dest,
            caption: None,
        },
    );
    Some(output.into())
}

/// An `<a href>`: noted, and written with its new address, or as its text alone.
fn link(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let Some(href) = attribute(&element, "href") else {
        return handlers.fallback(element);
    };
    let rewrite = note(UrlKind::Link, href.clone());
    let (output, dest) = match rewrite {
        None => (handlers.fallback(element)?.content, Some(href)),
        Some(Rewrite::Unlink) => (handlers.walk_children(element.node).content, None),
        Some(Rewrite::To(dest)) => {
            let content = handlers.walk_children(element.node).content;
            let text = content.trim();
            if text.is_empty() {
                (content, None)
            } else {
                let trailing = if content.ends_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let output = format!("[{text}]({}{}){trailing}", destination(&dest), title_of(&element));
                (output, Some(dest))
            }
        }
    };
    seen(
        false,
        Seen {
            output: output.clone(),
            alt: String::new(),
            file: dest.as_deref().and_then(bundle_file),
            destination: dest,
            caption: None,
        },
    );
    Some(output.into())
}

/// A paragraph (or a block editor's file block) that holds nothing but links to one document
/// of the post's bundle is that file: `{{ file(name="protokoll.pdf") }}`.
fn paragraph(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let watched = mode() == Mode::Body && (element.tag == "p" || has_class(&element, "wp-block-file"));
    if !watched {
        return handlers.fallback(element);
    }
    let (out, frame) = framed(FrameKind::Paragraph, || handlers.fallback(element));
    let out = out?;
    let files: Vec<&str> = frame.links.iter().filter_map(|l| l.file.as_deref()).collect();
    let alone = frame.images.is_empty()
        && !frame.links.is_empty()
        && files.len() == frame.links.len()
        && files.iter().all(|f| *f == files[0] && !is_photo(f))
        && frame
            .links
            .iter()
            .fold(out.content.clone(), |rest, l| rest.replacen(l.output.trim(), "", 1))
            .trim()
            .is_empty();
    if alone {
        return Some(shortcode(&format!("file(name=\"{}\")", shortcode_string(files[0]))).into());
    }
    Some(out)
}

/// A figure: a photo with its caption (`![alt](foto.jpg "caption")`, which besok shows as a
/// figure), a gallery of the block editor, or what it holds with its caption below.
fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if mode() == Mode::Plain {
        return handlers.fallback(element);
    }
    // The photos of a gallery's own figures are the gallery's.
    if innermost() == Some(FrameKind::Gallery) {
        return Some(handlers.walk_children(element.node));
    }
    if has_class(&element, "wp-block-gallery") || has_class(&element, "gallery") {
        let (_, frame) = framed(FrameKind::Gallery, || handlers.walk_children(element.node));
        let mut out = gallery(&frame.images);
        for caption in &frame.captions {
            out.push_str(&block(caption));
        }
        return Some(out.into());
    }
    let (out, frame) = framed(FrameKind::Figure, || handlers.walk_children(element.node));
    let content = out.content.trim().to_string();
    let caption = frame.captions.join(" ");
    let plain = plain_caption(&caption);
    // A link around the photo to the photo itself (WordPress's "link to media file") is what a
    // figure shows anyway; a link elsewhere keeps the photo a link, its caption below.
    let links_to_photo = frame
        .links
        .iter()
        .all(|l| l.destination.as_deref().is_some_and(is_photo));
    if let ([photo], Some(caption), true) = (frame.images.as_slice(), plain, links_to_photo) {
        if let Some(dest) = &photo.destination {
            // A photo with a title of its own keeps it, its caption below.
            if !photo.output.ends_with("\")") {
                let figure = format!("![{}]({}{})", photo.alt, destination(dest), quoted_title(&caption));
                return Some(block(&figure).into());
            }
        }
    }
    let mut out = block(&content);
    if !caption.trim().is_empty() {
        out.push_str(&block(caption.trim()));
    }
    Some(out.into())
}

/// A caption: kept by its figure.
fn figcaption(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if !matches!(innermost(), Some(FrameKind::Figure | FrameKind::Gallery)) {
        return handlers.fallback(element);
    }
    let caption = handlers.walk_children(element.node).content.trim().to_string();
    if !caption.is_empty() {
        // In a gallery, a photo's own figure's caption is that photo's (it follows the photo);
        // the gallery's caption, and one with a link, are text after the gallery.
        let own = !has_class(&element, "blocks-gallery-caption") && innermost() == Some(FrameKind::Gallery);
        let plain = plain_caption(&caption).filter(|_| own);
        BOOK.with(|b| {
            if let Some(frame) = b.borrow_mut().frames.last_mut() {
                match (plain, frame.images.last_mut().filter(|p| p.caption.is_none())) {
                    (Some(plain), Some(photo)) => photo.caption = Some(plain),
                    _ => frame.captions.push(caption),
                }
            }
        });
    }
    Some("".into())
}

/// A caption as the plain text a title holds, when it is plain: no link, no image.
fn plain_caption(caption: &str) -> Option<String> {
    let caption = caption.trim();
    if caption.is_empty() || caption.contains("](") || caption.contains('<') {
        return None;
    }
    // Emphasis markers go; escaped characters are themselves again.
    let mut out = String::with_capacity(caption.len());
    let mut chars = caption.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' | '_' | '`' => {}
            c => out.push(c),
        }
    }
    Some(one_line(&out))
}

/// The photos of a gallery: those saved in the post's bundle as `{{ gallery(files=[...]) }}`,
/// the others (a page's, or not saved) each as an image.
fn gallery(photos: &[Seen]) -> String {
    let saved: Vec<(&str, &Seen)> = photos
        .iter()
        .filter_map(|p| p.file.as_deref().filter(|f| is_photo(f)).map(|f| (f, p)))
        .collect();
    let quoted = |text: &str| format!("\"{}\"", shortcode_string(text));
    let mut out = String::new();
    if !saved.is_empty() {
        let files: Vec<String> = saved.iter().map(|(f, _)| quoted(f)).collect();
        // A photo's caption, else its alt text: the gallery shows it and reads it as the alt text.
        let captions: Vec<String> = saved
            .iter()
            .map(|(_, p)| p.caption.clone().unwrap_or_else(|| unescape_alt(&p.alt)))
            .collect();
        let call = if captions.iter().all(String::is_empty) {
            format!("gallery(files=[{}])", files.join(", "))
        } else {
            let captions: Vec<String> = captions.iter().map(|c| quoted(c)).collect();
            format!(
                "gallery(files=[{}], captions=[{}])",
                files.join(", "),
                captions.join(", ")
            )
        };
        out.push_str(&shortcode(&call));
    }
    for p in photos.iter().filter(|p| p.file.as_deref().is_none_or(|f| !is_photo(f))) {
        if let Some(dest) = &p.destination {
            let title = p.caption.as_deref().map(quoted_title).unwrap_or_default();
            out.push_str(&block(&format!("![{}]({}{title})", p.alt, destination(dest))));
        }
    }
    out
}

/// Text in a paragraph of its own.
fn block(text: &str) -> String {
    format!("\n\n{text}\n\n")
}

/// Stands for the `{{` of a shortcode the conversion writes, until the text's own `{{` and `{%`
/// are escaped (a noncharacter, which no exchanged text holds).
const SHORTCODE_OPEN: &str = "\u{FDD0}";

/// A shortcode call of the conversion's own, `name(args)`, as a block: `{{ name(args) }}`.
fn shortcode(call: &str) -> String {
    block(&format!("{SHORTCODE_OPEN} {call} }}}}"))
}

/// A value inside `"..."` of a shortcode: no quote or backslash can end it early.
fn shortcode_string(s: &str) -> String {
    s.replace('\\', "%5C").replace('"', "%22")
}

/// `{{ video(url="...") }}`.
fn video(url: &str) -> HandlerResult {
    shortcode(&format!("video(url=\"{}\")", shortcode_string(url))).into()
}

/// An address as markdown shows it: a link to it, written out.
fn autolink(url: &str) -> String {
    let url = url.trim().replace(' ', "%20").replace('<', "%3C").replace('>', "%3E");
    format!("<{url}>")
}

fn host(url: &str) -> String {
    url::Url::parse(url)
        .or_else(|_| url::Url::parse(&format!("https:{url}")))
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.to_string())
}

/// An `<iframe>`, `<embed>` or `<object>`: a YouTube or Vimeo player is the video; anything else
/// (a map, a form of another site) cannot be part of a markdown text: it is written as a link
/// to what it showed, and named.
fn embedded(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if mode() == Mode::Plain {
        return handlers.fallback(element);
    }
    let src = ["src", "data"]
        .iter()
        .find_map(|a| attribute(&element, a))
        .filter(|s| !s.trim().is_empty());
    let Some(src) = src else {
        drop_note(
            format!("an <{}> without an address, left out", element.tag),
            format!("<{}", element.tag),
        );
        return Some("".into());
    };
    if let Some(url) = embeds::video_url(&src) {
        return Some(video(&url));
    }
    drop_note(
        format!(
            "an embedded page from {} ({}), written as a link to it: {}",
            host(&src),
            element.tag,
            src.trim()
        ),
        src.clone(),
    );
    Some(block(&autolink(&src)).into())
}

/// A script cannot run in a markdown text: left out, and named.
fn script(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if mode() == Mode::Body {
        let what = match attribute(&element, "src") {
            Some(src) => format!("a script from {}, left out", src.trim()),
            None => "a script in the text, left out".to_string(),
        };
        drop_note(what, "<script");
    }
    Some("".into())
}

/// A form cannot be sent from a static site: its text is kept, and it is named.
fn form(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if mode() == Mode::Body {
        drop_note(
            "a form, which a static site cannot send; its text is kept".to_string(),
            "<form",
        );
    }
    handlers.fallback(element)
}

/// `<video src>` and `<audio src>` (or their `<source>`): the file, saved.
fn media_element(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if mode() == Mode::Plain {
        return handlers.fallback(element);
    }
    let (_, frame) = framed(FrameKind::Media, || handlers.walk_children(element.node));
    let src = attribute(&element, "src").or_else(|| frame.sources.first().cloned());
    match src {
        Some(src) => Some(media_file(&src)),
        None => Some("".into()),
    }
}

/// A `<source>` of a video or sound: its file, for the element it is in.
fn source(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    if innermost() != Some(FrameKind::Media) {
        return handlers.fallback(element);
    }
    if let Some(src) = attribute(&element, "src") {
        BOOK.with(|b| {
            if let Some(frame) = b.borrow_mut().frames.last_mut() {
                frame.sources.push(src);
            }
        });
    }
    Some("".into())
}

/// A video or sound file: in the post's bundle a video plays in the page (`{{ video(file="...")
/// }}`) and a sound file is a card (`{{ file(name="...") }}`); else a link to it.
fn media_file(src: &str) -> HandlerResult {
    if let Some(url) = embeds::video_url(src) {
        return video(&url);
    }
    let dest = match note(UrlKind::Media, src.to_string()) {
        None => Some(src.to_string()),
        Some(Rewrite::To(d)) => Some(d),
        Some(Rewrite::Unlink) => None,
    };
    match dest {
        Some(d) => match bundle_file(&d) {
            Some(name) if is_video_file(&name) => {
                shortcode(&format!("video(file=\"{}\")", shortcode_string(&name))).into()
            }
            Some(name) => shortcode(&format!("file(name=\"{}\")", shortcode_string(&name))).into(),
            None => {
                let name = d.rsplit('/').next().unwrap_or(&d);
                let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
                block(&format!("[{}]({})", escape_text(&name), destination(&d))).into()
            }
        },
        None => "".into(),
    }
}

/// Whether a file of the bundle is a video a browser plays (`<video>`), by its extension.
fn is_video_file(name: &str) -> bool {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "mp4" | "m4v" | "webm" | "ogv" | "mov")
}

/// `[embed]`, a video's address alone on a line, a block editor's embed: a YouTube or Vimeo
/// video is `{{ video(url="...") }}`; anything else is written as a link, and named.
fn besok_embed(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let url = attribute(&element, "url").unwrap_or_default();
    if let Some(video_url) = embeds::video_url(&url) {
        return Some(video(&video_url));
    }
    if url.trim().is_empty() {
        return Some("".into());
    }
    drop_note(
        format!("an embed of {} (wp:embed), written as a link to it: {url}", host(&url)),
        url.clone(),
    );
    Some(block(&autolink(&url)).into())
}

/// `[gallery ids="..."]`: its photos, by their attachments.
fn besok_gallery(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let ids = attribute(&element, "ids").unwrap_or_default();
    let mut photos = Vec::new();
    for id in ids.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let dest = match note(UrlKind::Attachment, id.to_string()) {
            Some(Rewrite::To(d)) => d,
            // Before its addresses are settled, and an attachment not in the export.
            None | Some(Rewrite::Unlink) => continue,
        };
        photos.push(Seen {
            output: String::new(),
            alt: String::new(),
            file: bundle_file(&dest),
            destination: Some(dest),
            caption: None,
        });
    }
    Some(gallery(&photos).into())
}

/// `[video]`, `[audio]` with a file.
fn besok_media(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let src = attribute(&element, "src").unwrap_or_default();
    Some(media_file(&src))
}

/// Text on one line, its runs of white space made one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text that markdown shows as it is inside `[...]`.
fn escape_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
}

/// Alt text as written before [`escape_text`].
fn unescape_alt(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
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
        let html = "Ingress.\n\n<!--more-->\n\n[caption id=\"attachment_7\" align=\"alignnone\" width=\"300\"]<img src=\"https://blogg.example.se/wp-content/uploads/a.jpg\" alt=\"Rådhuset\" /> Rådhuset i <em>Vetlanda</em>[/caption]\n\n<blockquote>Citat.</blockquote>\n\n[caption]<a href=\"https://kalmar.se/\"><img src=\"b.jpg\" alt=\"B\"></a> Till kommunen[/caption]";
        let c = to_markdown(html);
        assert_eq!(
            c.markdown,
            "Ingress.\n\n<!-- more -->\n\n![Rådhuset](https://blogg.example.se/wp-content/uploads/a.jpg \"Rådhuset i Vetlanda\")\n\n> Citat.\n\n[![B](b.jpg)](https://kalmar.se/)\n\nTill kommunen\n"
        );
        assert_eq!(c.dropped, []);
        assert_eq!(
            c.urls,
            [
                FoundUrl {
                    kind: UrlKind::Image,
                    url: "https://blogg.example.se/wp-content/uploads/a.jpg".into()
                },
                FoundUrl {
                    kind: UrlKind::Link,
                    url: "https://kalmar.se/".into()
                },
                FoundUrl {
                    kind: UrlKind::Image,
                    url: "b.jpg".into()
                },
            ]
        );
    }

    #[test]
    fn galleries_videos_and_files_take_the_names_their_files_were_saved_under() {
        let html = "[gallery ids=\"1,2,3\"]\n\n[video mp4=\"/u/film.mp4\"][/video]\n\n<a href=\"/u/p.pdf\">Protokoll</a>\n\n<video controls><source src=\"/u/b.webm\"></video>";
        let first = to_markdown(html);
        let rewrites: Rewrites = first
            .urls
            .iter()
            .map(|u| {
                let to = match (u.kind, u.url.as_str()) {
                    (UrlKind::Attachment, "1") => Rewrite::To("a.jpg".into()),
                    // Not saved: loaded from the old blog.
                    (UrlKind::Attachment, "2") => Rewrite::To("https://b.se/u/b.jpg".into()),
                    (UrlKind::Attachment, _) => Rewrite::Unlink,
                    (_, url) => Rewrite::To(url.rsplit('/').next().unwrap().to_string()),
                };
                (u.clone(), to)
            })
            .collect();
        assert_eq!(
            convert(html, &rewrites, Mode::Body).markdown,
            "{{ gallery(files=[\"a.jpg\"]) }}\n\n![](https://b.se/u/b.jpg)\n\n{{ video(file=\"film.mp4\") }}\n\n{{ file(name=\"p.pdf\") }}\n\n{{ video(file=\"b.webm\") }}\n"
        );
    }

    #[test]
    fn a_posts_own_braces_stay_text_beside_the_shortcodes_of_the_import() {
        let html = "<p>Mallen skrivs {{ gallery() }} och {% note() %}.</p>\n<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>\n<pre><code>{{ kod() }}</code></pre>";
        let c = convert(html, &Rewrites::new(), Mode::Body);
        assert_eq!(
            c.markdown,
            "Mallen skrivs {&#123; gallery() }} och {&#37; note() %}.\n\n{{ video(url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\") }}\n\n```\n{{ kod() }}\n```\n"
        );
    }

    #[test]
    fn a_readers_comment_stays_text() {
        let html = "Se <iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe> [gallery ids=\"1\"] {{ video(url=\"x\") }} {% raw %}<script>alert(1)</script>";
        let c = convert(html, &Rewrites::new(), Mode::Plain);
        assert_eq!(
            c.markdown,
            "Se\n\n\\[gallery ids=\"1\"\\] {&#123; video(url=\"x\") }} {&#37; raw %}\n"
        );
        assert_eq!(c.dropped, []);
    }

    #[test]
    fn what_markdown_cannot_hold_is_written_as_a_link_and_named() {
        let c = to_markdown("<iframe src=\"https://www.google.com/maps/embed?pb=1\"></iframe>\n\n<script>x()</script>\n\n<form><label>Namn</label></form>\n\n<iframe></iframe>");
        assert_eq!(c.markdown, "<https://www.google.com/maps/embed?pb=1>\n\nNamn\n");
        let what: Vec<&str> = c.dropped.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "an embedded page from www.google.com (iframe), written as a link to it: https://www.google.com/maps/embed?pb=1",
                "a script in the text, left out",
                "a form, which a static site cannot send; its text is kept",
                "an <iframe> without an address, left out",
            ]
        );
    }
}
