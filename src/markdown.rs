//! Markdown to HTML with pulldown-cmark, plus what besok adds on top: heading ids, a table of
//! contents, the summary, and smart punctuation that follows the site's language.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::Arc;

/// The marker that ends a post's summary when written alone in the text.
pub const MORE_MARKER: &str = "<!-- more -->";

/// A rendered markdown document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// Shared, like `text`: `besok serve` rebuilds its model from the parsed files after some
    /// edits, and copying every post's text each time took longer than the rest of the edit.
    pub html: Arc<str>,
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
}

/// A link written in markdown that besok looks at after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The destination as written, such as `@/posts/kalmar.md#samverkan`.
    pub dest: String,
    /// Byte offset of the link in the markdown text, for file:line:column in messages.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A link to another content file (`@/posts/x.md` or a relative `x.md`). Its `href` is the
    /// placeholder [`placeholder`]`(n)` until the model knows the target's URL; `n` is the
    /// index among this document's internal links.
    Internal(usize),
    /// A link to a file beside the post (`rapport.pdf` in its bundle), with a placeholder
    /// numbered like [`LinkKind::Internal`]'s.
    File(usize),
    /// A link to a heading of the same page (`#rubrik`).
    Anchor,
    /// An `http(s)://` link, checked only by `besok check --external`.
    External,
}

/// A local image written in markdown (`![alt](foto.jpg "title")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The source as written: relative to the post, or from the site root (`/bilder/x.jpg`).
    pub dest: String,
    /// The alt text (the image's text in markdown), plain.
    pub alt: String,
    /// The title, shown as the caption of an image on a line of its own.
    pub title: String,
    /// Byte offset of the image in the markdown text.
    pub offset: usize,
    /// Whether the image stands alone in its paragraph: it is then a figure, not inline.
    pub block: bool,
}

/// The HTML that stands for local image `n` until the build has made its sizes.
pub fn image_placeholder(n: usize) -> String {
    format!("<!--besok-image:{n}-->")
}

/// `html` with each local image placeholder replaced by `make(n)`, in one pass.
pub fn replace_images(html: &str, mut make: impl FnMut(usize) -> String) -> String {
    const START: &str = "<!--besok-image:";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(START) {
        out.push_str(&rest[..i]);
        let after = &rest[i + START.len()..];
        match after
            .find("-->")
            .and_then(|j| after[..j].parse::<usize>().ok().map(|n| (n, j)))
        {
            Some((n, j)) => {
                out.push_str(&make(n));
                rest = &after[j + 3..];
            }
            None => {
                out.push_str(START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `html` with its local images as plain `<img>` tags of the paths as written, for texts whose
/// images besok does not make sizes of.
pub fn images_as_written(html: &str, images: &[ImageRef]) -> String {
    if images.is_empty() {
        return html.to_string();
    }
    replace_images(html, |n| {
        images.get(n).map_or_else(String::new, |i| {
            format!(
                "<img src=\"{}\" alt=\"{}\">",
                escape_attr(&i.dest),
                escape_attr(i.alt.trim())
            )
        })
    })
}

/// Whether an image or link destination is a local file: no scheme, not protocol-relative, not
/// a data URL.
fn is_local(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    !path.is_empty() && !has_scheme && !path.starts_with("//")
}

/// The `href` written for internal link `n` until the model replaces it with the real URL.
/// The closing quote is part of it so `…:1"` never matches inside `…:10"`.
pub fn placeholder(n: usize) -> String {
    format!("href=\"besok-internal-link:{n}\"")
}

/// Escapes a value for a double-quoted HTML attribute.
pub fn escape_attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What kind of link a markdown destination is.
fn classify(dest: &str) -> Option<LinkKind> {
    if dest.starts_with("@/") {
        return Some(LinkKind::Internal(0));
    }
    if dest.starts_with('#') && dest.len() > 1 {
        return Some(LinkKind::Anchor);
    }
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(LinkKind::External);
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    if !has_scheme && !path.starts_with('/') && path.ends_with(".md") {
        return Some(LinkKind::Internal(0));
    }
    // A file beside the post, by its name (`rapport.pdf`). A root-relative link, or one
    // without a file name (`kontakt/`, `x`) or to a web page (`gammal.html`), may be a page of
    // the site or of the host: left alone.
    if is_local(dest) && !path.starts_with('/') && is_file_name(path) {
        return Some(LinkKind::File(0));
    }
    None
}

/// Whether the last part of a path names a file of a post's own (an extension that is not a
/// web page's).
fn is_file_name(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !["html", "htm", "php", "asp", "aspx", "xml"].contains(&ext.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

/// One heading of a document, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// How quotes and dashes are typeset in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typography {
    /// “English” ‘quotes’, -- en dash, --- em dash.
    English,
    /// ”Swedish” ’quotes’, and dashes as a spaced en dash (” – ”), as Swedish typesetting has it.
    Swedish,
}

impl Typography {
    pub fn for_language(language: &str) -> Typography {
        match language.split('-').next().unwrap_or("") {
            "sv" | "fi" => Typography::Swedish,
            _ => Typography::English,
        }
    }
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

/// The events of `markdown` with their byte ranges, and what of markdown had to be left out.
///
/// pulldown-cmark 0.13.6 panics on heading attributes in some nestings (the smallest found by
/// `tests/properties.rs`: `1. > ##` / `> ö` / `> {#}` / `> ---`, a setext heading in a quote in a
/// list). A writer's text must never stop the build, so such a text is read again without
/// heading attributes (then without any extension, should that fail too); the panic itself is
/// kept off the terminal (see [`quiet_parser_panics`]).
fn parse(markdown: &str) -> (Vec<(Event<'_>, std::ops::Range<usize>)>, Option<&'static str>) {
    read_guarded(markdown, |events| events.collect())
}

/// The parser's events of a text (or the text as one piece of text, when no way of parsing it
/// works), with their byte ranges. (One per document, on the stack: the parser's size does not
/// matter, and boxing it would put an indirection in front of every event.)
#[allow(clippy::large_enum_variant)]
enum Events<'a> {
    Parsed(pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>),
    Unparsed(Option<(Event<'a>, std::ops::Range<usize>)>),
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Events::Parsed(events) => events.next(),
            Events::Unparsed(text) => text.take(),
        }
    }
}

/// `read` of the parser's events of `markdown`, as [`parse`] says: if the parser panics on the
/// way, `read` starts again on the events of the next, smaller set of options. Returns what
/// was left out, if anything.
fn read_guarded<'a, T>(markdown: &'a str, read: impl Fn(Events<'a>) -> T) -> (T, Option<&'static str>) {
    let attempt = |options: Options| {
        let run = std::panic::AssertUnwindSafe(|| {
            read(Events::Parsed(Parser::new_ext(markdown, options).into_offset_iter()))
        });
        quiet_parser_panics();
        PARSING.with(|p| p.set(true));
        let result = std::panic::catch_unwind(run);
        PARSING.with(|p| p.set(false));
        result.ok()
    };
    if let Some(read) = attempt(options()) {
        return (read, None);
    }
    if let Some(read) = attempt(options() - Options::ENABLE_HEADING_ATTRIBUTES) {
        return (
            read,
            Some("heading attributes (`{#id}`, `{.class}`), which show as text"),
        );
    }
    if let Some(read) = attempt(Options::empty()) {
        return (
            read,
            Some("tables, footnotes, strikethrough, task lists and heading attributes"),
        );
    }
    let text = (Event::Text(CowStr::Borrowed(markdown)), 0..markdown.len());
    (
        read(Events::Unparsed(Some(text))),
        Some("any markdown: it shows as plain text"),
    )
}

thread_local! {
    /// Whether this thread is inside [`parse`], whose panics are caught and handled.
    static PARSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that says nothing of panics caught in [`parse`] and passes every
/// other panic to the hook that was there before.
fn quiet_parser_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.with(|p| p.get()) {
                previous(info);
            }
        }));
    });
}

/// Renders `markdown` to HTML.
pub fn render(markdown: &str, typography: Typography) -> Rendered {
    render_observed(markdown, typography, |_| {})
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
    }
}

/// Reads the parser's events into a [`Collected`] document (see [`Step::Collect`]), as the
/// parser makes them: gathering them all first was a pass over a long document's events of its
/// own.
fn collect<'a>(
    parsed: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    typography: Typography,
) -> Collected<'a> {
    let mut doc = Collected::new(typography);
    // The local image being read: its alt text is the events up to its end.
    let mut in_image: Option<ImageRef> = None;
    let mut internal = 0;
    let mut in_code_block = false;
    let mut pending: Option<Pending<'a>> = None;
    for (event, range) in parsed {
        if let Some(image) = in_image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => image.alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
                Event::End(TagEnd::Image) => {
                    let image = in_image.take().expect("reading an image");
                    doc.push(Event::InlineHtml(CowStr::from(image_placeholder(doc.images.len()))));
                    doc.images.push(image);
                }
                _ => {}
            }
            continue;
        }
        if in_code_block || !matches!(event, Event::Text(_)) {
            if let Some(text) = pending.take() {
                doc.push_text(text);
            }
        }
        match event {
            Event::Start(Tag::Image { dest_url, title, .. }) if is_local(&dest_url) => {
                in_image = Some(ImageRef {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    title: title.to_string(),
                    offset: range.start,
                    block: false,
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let kind = classify(&dest_url);
                let dest = match kind {
                    Some(LinkKind::Internal(_) | LinkKind::File(_)) => {
                        internal += 1;
                        CowStr::from(format!("besok-internal-link:{}", internal - 1))
                    }
                    _ => dest_url.clone(),
                };
                if let Some(kind) = kind {
                    let kind = match kind {
                        LinkKind::Internal(_) => LinkKind::Internal(internal - 1),
                        LinkKind::File(_) => LinkKind::File(internal - 1),
                        k => k,
                    };
                    doc.links.push(Link {
                        kind,
                        dest: dest_url.to_string(),
                        offset: range.start,
                    });
                }
                doc.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                doc.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                doc.push(event);
            }
            // Smart punctuation splits text into several events; joining them lets the
            // language rules see whole phrases such as " - ". They are gathered in one buffer
            // (copying the joined text for each piece would be quadratic in a long paragraph).
            // Most runs are one piece, which is kept as the parser gave it (borrowed from the
            // markdown), not copied.
            Event::Text(text) if !in_code_block => {
                pending = Some(match pending.take() {
                    None => Pending::One(text),
                    Some(Pending::One(before)) => Pending::Joined(before.into_string() + &text),
                    Some(Pending::Joined(mut joined)) => {
                        joined.push_str(&text);
                        Pending::Joined(joined)
                    }
                })
            }
            other => doc.push(other),
        }
    }
    if let Some(text) = pending.take() {
        doc.push_text(text);
    }
    doc
}

/// An image alone in its paragraph becomes a block of its own (a figure, with its title as the
/// caption), since a figure may not stand inside a paragraph.
/// Whether any was (the events then moved).
fn figures(events: &mut Vec<Event>, images: &mut [ImageRef]) -> bool {
    if images.is_empty() {
        return false;
    }
    let mut changed = false;
    let number = |e: &Event| match e {
        Event::InlineHtml(h) => h
            .strip_prefix("<!--besok-image:")
            .and_then(|r| r.strip_suffix("-->"))
            .and_then(|n| n.parse::<usize>().ok()),
        _ => None,
    };
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Paragraph), Some(n), Some(Event::End(TagEnd::Paragraph))) =
            (&events[i], events.get(i + 1).and_then(number), events.get(i + 2))
        {
            images[n].block = true;
            out.push(Event::Html(CowStr::from(format!("{}\n", image_placeholder(n)))));
            i += 3;
            changed = true;
            continue;
        }
        out.push(std::mem::replace(&mut events[i], Event::Text(CowStr::Borrowed(""))));
        i += 1;
    }
    *events = out;
    changed
}

/// A document's events as they are kept, with what is made of them on the way (see
/// [`Step::Collect`]).
struct Collected<'a> {
    events: Vec<Event<'a>>,
    links: Vec<Link>,
    images: Vec<ImageRef>,
    plain: PlainTextBuilder,
    /// Where each heading starts in `events`.
    headings: Vec<usize>,
    typography: Typography,
}

impl<'a> Collected<'a> {
    fn new(typography: Typography) -> Collected<'a> {
        Collected {
            events: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            plain: PlainTextBuilder::default(),
            headings: Vec::new(),
            typography,
        }
    }

    fn push(&mut self, event: Event<'a>) {
        self.plain.add(&event);
        if matches!(event, Event::Start(Tag::Heading { .. })) {
            self.headings.push(self.events.len());
        }
        self.events.push(event);
    }

    /// A run of text outside code, joined from the parser's pieces, in the site's typography.
    fn push_text(&mut self, text: Pending<'a>) {
        let text = match text {
            Pending::One(text) => text,
            Pending::Joined(text) => CowStr::from(text),
        };
        let text = match self.typography {
            Typography::Swedish => swedish_typography(&text).map_or(text, CowStr::from),
            _ => text,
        };
        self.push(Event::Text(text));
    }
}

/// A run of text being read: one piece as the parser gave it, or several joined.
enum Pending<'a> {
    One(CowStr<'a>),
    Joined(String),
}

/// Where each heading starts in `events`.
fn heading_starts(events: &[Event]) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::Start(Tag::Heading { .. })))
        .map(|(i, _)| i)
        .collect()
}

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

/// Renders a short markdown text, such as a `summary` from front matter, to HTML and plain
/// text, and says whether it links to a content file (whose placeholder nothing would resolve).
pub fn render_fragment(markdown: &str, typography: Typography) -> (String, String, bool) {
    let r = render(markdown, typography);
    let internal = r
        .links
        .iter()
        .any(|l| matches!(l.kind, LinkKind::Internal(_) | LinkKind::File(_)))
        || !r.images.is_empty();
    (r.html.trim_end().to_string(), r.summary_text, internal)
}

/// The events of the summary: everything before the `<!-- more -->` marker if there is one,
/// else the first top-level paragraph (a heading above it is not part of it), else nothing.
fn summary_range(events: &[Event]) -> std::ops::Range<usize> {
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

/// The text of some events without markup, and how many words its text pieces hold.
struct PlainText {
    /// The pieces of text joined, with a space for each line break and after each paragraph,
    /// heading and list item, every run of white space made one space, none at either end.
    text: String,
    /// Words (runs of non-space) counted piece by piece, so a word split by markup
    /// (`foo**bar**`) counts twice, as it always has.
    words: usize,
}

/// The events' [`PlainText`].
fn plain_text(events: &[Event]) -> PlainText {
    let mut plain = PlainTextBuilder::default();
    for e in events {
        plain.add(e);
    }
    plain.finish()
}

/// What a byte of UTF-8 text can be, for [`PlainTextBuilder`]: white space (ASCII), the first
/// byte of a character that may be white space, or anything else.
const OTHER: u8 = 0;
const ASCII_SPACE: u8 = 1;
const MAYBE_SPACE: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    class[b' ' as usize] = ASCII_SPACE;
    class[b'\t' as usize] = ASCII_SPACE;
    class[b'\n' as usize] = ASCII_SPACE;
    class[0x0b] = ASCII_SPACE;
    class[0x0c] = ASCII_SPACE;
    class[b'\r' as usize] = ASCII_SPACE;
    class[0xC2] = MAYBE_SPACE;
    class[0xE1] = MAYBE_SPACE;
    class[0xE2] = MAYBE_SPACE;
    class[0xE3] = MAYBE_SPACE;
    class
};

/// The number of spaces of a text that is words with single ASCII spaces between them and no
/// other white space (most text of a paragraph is, but for spaces at its ends), or `None`.
/// Such a text is kept as it is in one copy; finding out takes a few passes the compiler makes
/// eight or more bytes a step, cheaper than looking at the text word by word.
fn single_spaced(t: &str) -> Option<usize> {
    let bytes = t.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    if first == b' ' || last == b' ' {
        return None;
    }
    // Control characters and ASCII white space but the space; the first bytes of characters
    // that may be white space (0xC2: U+0085, U+00A0; 0xE1: U+1680; 0xE3: U+3000); and 0xE2,
    // which begins U+2000–U+205F but also quotes and dashes, so it is looked at more closely.
    let flags = bytes.iter().fold(0u8, |acc, &b| {
        acc | u8::from(b < 0x20) | u8::from(b == 0xC2 || b == 0xE1 || b == 0xE3) | (u8::from(b == 0xE2) << 1)
    });
    if flags & 1 != 0 {
        return None;
    }
    let double = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(false, |acc, (&a, &b)| acc | (a == b' ' && b == b' '));
    if double {
        return None;
    }
    if flags & 2 != 0 {
        let white = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == 0xE2)
            .any(|(i, _)| t[i..].chars().next().is_some_and(char::is_whitespace));
        if white {
            return None;
        }
    }
    // Counted in bytes, 255 at most at a time, so each step counts a whole vector register.
    let spaces = bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b' '))))
        .sum();
    Some(spaces)
}

/// The first index from `i` on whose byte is not [`OTHER`] (or the end), looked for eight bytes
/// at a time: in running text such a byte (a space) comes every few bytes, and a table lookup
/// and a branch per byte cost more than the rest of the plain text together.
fn skip_other(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The bytes of `x` below `n` (n <= 128), as their high bits. The lowest one set is always
    // such a byte; one above it may be set by the borrow alone, so each is checked in the table.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // ASCII white space and control characters, 0xC2, and 0xE0–0xE3: every byte that is
        // not OTHER, and a few that are.
        let mut candidates = below(x, 0x21) | below(x ^ (ONES * 0xC2), 1) | below(x ^ (ONES * 0xE0), 4);
        while candidates != 0 {
            let j = i + (candidates.trailing_zeros() / 8) as usize;
            if BYTE_CLASS[usize::from(bytes[j])] != OTHER {
                return j;
            }
            candidates &= candidates - 1;
        }
        i += 8;
    }
    while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] == OTHER {
        i += 1;
    }
    i
}

/// Makes a [`PlainText`] event by event, writing each word once (joining the pieces and then
/// collapsing the white space copied the text twice and cost a quarter of the markdown stage).
#[derive(Default)]
struct PlainTextBuilder {
    text: String,
    words: usize,
    /// Whether white space came since the last word written.
    space: bool,
}

impl PlainTextBuilder {
    fn add(&mut self, e: &Event) {
        match e {
            Event::Text(t) | Event::Code(t) => self.add_text(t),
            Event::SoftBreak | Event::HardBreak => self.space = true,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => self.space = true,
            _ => {}
        }
    }

    /// Adds a piece of text: its runs of non-space as words, any white space between as one
    /// space. Read byte by byte with a table: a character is decoded only when its first byte
    /// can begin a white space character beyond ASCII (U+0085, U+00A0, U+1680, U+2000–U+205F,
    /// U+3000), so å, ä and ö cost no decoding; and words with single spaces between them are
    /// copied as one stretch (a copy per word, or splitting at `char::is_whitespace`, cost
    /// several times as much).
    fn add_text(&mut self, t: &str) {
        // Spaces around the words (before and after emphasis, a link) are common.
        let words = t.trim_matches(' ');
        if let Some(spaces) = single_spaced(words) {
            if t.starts_with(' ') {
                self.space = true;
            }
            self.words(words, spaces + 1);
            if t.ends_with(' ') {
                self.space = true;
            }
            return;
        }
        self.add_text_word_by_word(t);
    }

    /// [`PlainTextBuilder::add_text`] of any text.
    fn add_text_word_by_word(&mut self, t: &str) {
        let bytes = t.as_bytes();
        let n = bytes.len();
        // The white space character at `i`, if there is one there: its length.
        let white_at = |i: usize| -> Option<usize> {
            match BYTE_CLASS[usize::from(bytes[i])] {
                ASCII_SPACE => Some(1),
                MAYBE_SPACE => {
                    let c = t[i..].chars().next().expect("a character starts here");
                    c.is_whitespace().then_some(c.len_utf8())
                }
                _ => None,
            }
        };
        let mut i = 0;
        while i < n {
            if let Some(len) = white_at(i) {
                self.space = true;
                i += len;
                continue;
            }
            let start = i;
            let mut words = 1;
            loop {
                i = skip_other(bytes, i);
                if i + 1 < n && bytes[i] == b' ' && BYTE_CLASS[usize::from(bytes[i + 1])] == OTHER {
                    words += 1;
                    i += 1;
                    continue;
                }
                if i < n && white_at(i).is_none() {
                    // A character that begins like a white space one but is not (a dash).
                    i += t[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                break;
            }
            self.words(&t[start..i], words);
        }
    }

    /// `count` words of a piece with single spaces between them: after a space if white space
    /// came before them, else joined to the text before (a word split by markup, `foo**bar**`,
    /// stays one word of the text, though it counts twice).
    fn words(&mut self, words: &str, count: usize) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(words);
        self.words += count;
        self.space = false;
    }

    fn finish(self) -> PlainText {
        PlainText {
            text: self.text,
            words: self.words,
        }
    }
}

/// Swedish quotes are ”…” and ’…’ (the same mark opens and closes), and a dash between words is
/// a spaced en dash; pulldown-cmark's smart punctuation gives the English forms, so they are
/// turned into the Swedish ones here.
fn apply_swedish_typography(events: &mut [Event]) {
    let mut in_code_block = false;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                if let Some(swedish) = swedish_typography(text) {
                    *text = CowStr::from(swedish);
                }
            }
            _ => {}
        }
    }
}

/// `text` with Swedish quotes and dashes, or `None` when it has none to change.
fn swedish_typography(text: &str) -> Option<String> {
    // “ ‘ and — are the only marks changed, and each begins with the byte 0xE2 in UTF-8: a
    // byte search (memchr) rules out most text before any character search.
    let marks = text.as_bytes().contains(&0xE2) && text.contains(['“', '‘', '—']);
    // The same for " - ": a hyphen is rare enough that looking for it first is cheaper than
    // setting up a substring search for every piece of text.
    let dash = text.as_bytes().contains(&b'-') && text.contains(" - ");
    if !marks && !dash {
        return None;
    }
    Some(
        text.replace('“', "”")
            .replace('‘', "’")
            .replace(" — ", " – ")
            .replace('—', " – ")
            .replace(" - ", " – "),
    )
}

/// Gives every heading an id (its own `{#id}` if written, else a slug of its text, made
/// unique within the document) and returns the headings for a table of contents.
/// `starts` are where the headings start ([`heading_starts`]).
fn assign_heading_ids(events: &mut [Event], starts: &[usize]) -> Vec<Heading> {
    let mut toc = Vec::with_capacity(starts.len());
    let mut used: FxHashSet<String> = FxHashSet::default();
    let mut next_suffix: FxHashMap<String, usize> = FxHashMap::default();
    // Explicit ids are reserved first, so generated ones never take them.
    for &i in starts {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            used.insert(id.to_string());
        }
    }
    for &i in starts {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.clone();
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title = plain_text(&events[i + 1..end]).text;
            let id = match explicit {
                Some(id) => id.to_string(),
                None => {
                    let base = match slug::slugify(&title) {
                        s if s.is_empty() => "section".to_string(),
                        s => s,
                    };
                    let candidate = if used.contains(&base) {
                        // Counting on from the last number given to this base keeps a post
                        // with thousands of equal headings linear.
                        let n = next_suffix.entry(base.clone()).or_insert(1);
                        let mut candidate = format!("{base}-{n}");
                        while used.contains(&candidate) {
                            *n += 1;
                            candidate = format!("{base}-{n}");
                        }
                        *n += 1;
                        candidate
                    } else {
                        base
                    };
                    used.insert(candidate.clone());
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                        *id = Some(CowStr::from(candidate.clone()));
                    }
                    candidate
                }
            };
            toc.push(Heading { level, id, title });
        }
    }
    toc
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn single_spaced_text_is_kept_as_word_by_word_keeps_it(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["ord", "å", " ", "  ", "\t", "\n", "”", "–", "\u{a0}", "\u{2003}", "\u{3000}", "\u{1}", "x"]),
                0..12,
            ),
            before in proptest::sample::select(vec!["", "förra ", "förra"]),
        ) {
            let text: String = pieces.concat();
            let mut fast = PlainTextBuilder::default();
            let mut slow = PlainTextBuilder::default();
            fast.add_text(before);
            slow.add_text_word_by_word(before);
            fast.add_text(&text);
            slow.add_text_word_by_word(&text);
            proptest::prop_assert_eq!((&fast.text, fast.words, fast.space), (&slow.text, slow.words, slow.space));
        }
    }

    #[test]
    fn skipping_eight_bytes_at_a_time_stops_where_byte_by_byte_does() {
        // Every byte value at every place of a 19-byte text, after every start.
        let mut text = b"ordet\xc3\xa5 och mer!x".to_vec();
        for at in 0..text.len() {
            for value in 0..=255u8 {
                let kept = text[at];
                text[at] = value;
                for start in 0..=text.len() {
                    let slow = (start..text.len())
                        .find(|&k| BYTE_CLASS[usize::from(text[k])] != OTHER)
                        .unwrap_or(text.len());
                    assert_eq!(skip_other(&text, start), slow, "{text:?} from {start}");
                }
                text[at] = kept;
            }
        }
    }

    #[test]
    fn swedish_quotes_and_dashes() {
        let r = render(
            "\"Barn eller ungdom - vi lyssnar\" och 'så' -- klart",
            Typography::Swedish,
        );
        assert!(
            r.html.contains("”Barn eller ungdom – vi lyssnar” och ’så’ – klart"),
            "{}",
            r.html
        );
    }

    #[test]
    fn english_quotes() {
        let r = render("\"Children\" and 'youth'", Typography::English);
        assert!(r.html.contains("“Children” and ‘youth’"), "{}", r.html);
    }

    #[test]
    fn code_is_left_alone() {
        let r = render("```\n\"a\" - b\n```\n\n`\"x\"`", Typography::Swedish);
        assert!(r.html.contains("\"a\" - b"), "{}", r.html);
        assert!(r.html.contains("<code>\"x\"</code>"), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_slugged_and_unique() {
        let r = render(
            "## Fackliga inspel\n\n## Fackliga inspel\n\n## Egen {#egen}\n",
            Typography::Swedish,
        );
        assert!(r.html.contains("<h2 id=\"fackliga-inspel\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"fackliga-inspel-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"egen\">"), "{}", r.html);
        assert_eq!(
            r.toc.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["fackliga-inspel", "fackliga-inspel-1", "egen"]
        );
    }

    #[test]
    fn render_observed_reports_every_step_once_in_order_and_renders_the_same() {
        let text = "Första stycket.\n\n## Rubrik\n\nMer [text](@/posts/x.md) - här.\n";
        let mut steps = Vec::new();
        let observed = render_observed(text, Typography::Swedish, |s| steps.push(s));
        assert_eq!(steps, Step::ALL);
        assert_eq!(observed, render(text, Typography::Swedish));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The one-pass plain text is the pieces joined and their white space collapsed, and
        /// the words are counted piece by piece, as the two passes it replaced made them.
        #[test]
        fn plain_text_collapses_white_space_and_counts_words(
            pieces in proptest::collection::vec((0u8..4, "[ab ö\\t\\n\\u{a0}\\u{2003}–”\\u{85}\\u{3000}]{0,8}"), 0..12),
        ) {
            let events: Vec<Event> = pieces
                .iter()
                .map(|(kind, t)| match kind {
                    0 => Event::SoftBreak,
                    1 => Event::End(TagEnd::Paragraph),
                    2 => Event::Code(CowStr::from(t.clone())),
                    _ => Event::Text(CowStr::from(t.clone())),
                })
                .collect();
            let mut joined = String::new();
            let mut words = 0;
            for e in &events {
                match e {
                    Event::Text(t) | Event::Code(t) => {
                        joined.push_str(t);
                        words += t.split_whitespace().count();
                    }
                    _ => joined.push(' '),
                }
            }
            let plain = plain_text(&events);
            proptest::prop_assert_eq!(plain.text, joined.split_whitespace().collect::<Vec<_>>().join(" "));
            proptest::prop_assert_eq!(plain.words, words);
        }
    }

    #[test]
    fn summary_is_first_paragraph_or_text_before_more() {
        let r = render("# Rubrik\n\nFörsta stycket.\n\nAndra.", Typography::Swedish);
        assert_eq!(r.summary_html, "<p>Första stycket.</p>");
        let r = render("Ett.\n\nTvå.\n\n<!-- more -->\n\nTre.", Typography::Swedish);
        assert_eq!(r.summary_html, "<p>Ett.</p>\n<p>Två.</p>");
    }

    #[test]
    fn internal_links_get_placeholders_and_others_are_recorded() {
        let r = render(
            "[a](@/posts/a.md) [b](../b.md#x) [c](#rubrik) [d](https://kalmar.se/) [e](/om/) [f](mailto:a@b.se)",
            Typography::English,
        );
        assert!(r.html.contains(&placeholder(0)), "{}", r.html);
        assert!(r.html.contains(&placeholder(1)), "{}", r.html);
        let kinds: Vec<(LinkKind, &str, usize)> = r.links.iter().map(|l| (l.kind, l.dest.as_str(), l.offset)).collect();
        assert_eq!(
            kinds,
            [
                (LinkKind::Internal(0), "@/posts/a.md", 0),
                (LinkKind::Internal(1), "../b.md#x", 18),
                (LinkKind::Anchor, "#rubrik", 33),
                (LinkKind::External, "https://kalmar.se/", 46),
            ]
        );
    }
}
