//! pulldown-cmark's events read under a guard: a text the parser panics on is read again with
//! fewer extensions, and the panic is kept off the terminal.

use super::options;
use pulldown_cmark::{CowStr, Event, Options, Parser};

/// The events of `markdown` with their byte ranges, and what of markdown had to be left out.
///
/// pulldown-cmark 0.13.6 panics on heading attributes in some nestings (the smallest found by
/// `tests/properties.rs`: `1. > ##` / `> ö` / `> {#}` / `> ---`, a setext heading in a quote in a
/// list). A writer's text must never stop the build, so such a text is read again without
/// heading attributes (then without any extension, should that fail too); the panic itself is
/// kept off the terminal (see [`quiet_parser_panics`]).
pub(super) fn parse(markdown: &str) -> (Vec<(Event<'_>, std::ops::Range<usize>)>, Option<&'static str>) {
    read_guarded(markdown, |events| events.collect())
}

/// The parser's events of a text (or the text as one piece of text, when no way of parsing it
/// works), with their byte ranges. (One per document, on the stack: the parser's size does not
/// matter, and boxing it would put an indirection in front of every event.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Events<'a> {
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
pub(super) fn read_guarded<'a, T>(markdown: &'a str, read: impl Fn(Events<'a>) -> T) -> (T, Option<&'static str>) {
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
