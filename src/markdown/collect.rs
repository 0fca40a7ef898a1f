//! The parser's events read into the document besok keeps (links and images recorded and given
//! placeholders, text joined and typeset, plain text and headings found on the way), and images
//! alone in a paragraph made figures.

use super::placeholders::{classify, image_placeholder, is_local};
use super::plain_text::PlainTextBuilder;
use super::typography::swedish_typography;
use super::{ImageRef, Link, LinkKind, Typography};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Reads the parser's events into a [`Collected`] document (see [`Step::Collect`]), as the
/// parser makes them: gathering them all first was a pass over a long document's events of its
/// own.
pub(super) fn collect<'a>(
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
pub(super) fn figures(events: &mut Vec<Event>, images: &mut [ImageRef]) -> bool {
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
pub(super) struct Collected<'a> {
    pub(super) events: Vec<Event<'a>>,
    pub(super) links: Vec<Link>,
    pub(super) images: Vec<ImageRef>,
    pub(super) plain: PlainTextBuilder,
    /// Where each heading starts in `events`.
    pub(super) headings: Vec<usize>,
    pub(super) typography: Typography,
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
pub(super) fn heading_starts(events: &[Event]) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::Start(Tag::Heading { .. })))
        .map(|(i, _)| i)
        .collect()
}
