//! A post's HTML, kept compressed on a large site.
//!
//! Every post's HTML is held from loading to the end of the build: its page, the feeds and
//! the checks of links need it. On a site of 100,000 posts that is about a gigabyte, the
//! largest single part of the build's memory. Packed with LZ4 it takes well under half of
//! that, and unpacking one post's HTML for its page costs microseconds. Small sites, where
//! the memory does not matter and every millisecond of a build does, keep it as it is.
//!
//! A large site's posts are packed as they are read ([`Packer`]), once the HTML read so far
//! passes [`PACK_ABOVE_BYTES`]: packed only after loading, every post's HTML was held
//! unpacked at once, and that was the peak of a 100,000-post build's memory.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A post's HTML: as it is, or packed.
#[derive(Debug, Clone)]
pub struct PostHtml(Repr);

/// The same HTML, packed or not.
impl PartialEq for PostHtml {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Plain(a), Repr::Plain(b)) => a == b,
            (Repr::Packed(a), Repr::Packed(b)) if a == b => true,
            _ => self.text() == other.text(),
        }
    }
}

#[derive(Debug, Clone)]
enum Repr {
    Plain(Arc<str>),
    /// LZ4 with the length before it (`lz4_flex::compress_prepend_size`).
    Packed(Arc<[u8]>),
}

/// Above this much HTML in all, a site's posts keep theirs packed: about 40,000 posts of 800
/// words (20,000 of 2,500), where the build's memory passes a gigabyte. Packing a gigabyte
/// takes about a second of one core, which smaller sites are spared.
pub const PACK_ABOVE_BYTES: usize = 384 << 20;

/// Where a build starts keeping posts' HTML packed: [`PACK_ABOVE_BYTES`], or
/// `BESOK_PACK_HTML_ABOVE` in bytes, for the test that a packed build writes the same bytes
/// (`0` packs every site) and for benchmarks.
pub fn pack_above() -> usize {
    std::env::var("BESOK_PACK_HTML_ABOVE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PACK_ABOVE_BYTES)
}

/// Packs posts' HTML as they are read, once the HTML read so far passes [`pack_above`]. The
/// posts read before that are packed after loading (by the model), so a site's posts are
/// either all packed or none.
#[derive(Debug)]
pub struct Packer {
    above: usize,
    read: AtomicUsize,
}

impl Packer {
    pub fn new() -> Packer {
        Packer {
            above: pack_above(),
            read: AtomicUsize::new(0),
        }
    }

    /// Counts `html` as read, and packs it when the site's HTML has passed the limit.
    pub fn keep(&self, html: &mut PostHtml) {
        let len = html.held_len();
        if self.read.fetch_add(len, Ordering::Relaxed) + len > self.above {
            html.pack();
        }
    }
}

impl Default for Packer {
    fn default() -> Self {
        Packer::new()
    }
}

impl PostHtml {
    /// The HTML.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Plain(s) => Cow::Borrowed(s),
            Repr::Packed(bytes) => {
                // Packed from a `str` by `pack` and never changed: a failure is a bug.
                let raw = lz4_flex::decompress_size_prepended(bytes).expect("packed HTML unpacks");
                Cow::Owned(String::from_utf8(raw).expect("packed HTML is UTF-8"))
            }
        }
    }

    /// The HTML as a shared string (unpacked if it was packed).
    pub fn into_shared(self) -> Arc<str> {
        match self.0 {
            Repr::Plain(s) => s,
            Repr::Packed(_) => Arc::from(self.text()),
        }
    }

    /// Whether the HTML is held packed.
    pub fn is_packed(&self) -> bool {
        matches!(self.0, Repr::Packed(_))
    }

    /// The length of the HTML as it is held (packed or not), for deciding whether to pack.
    pub fn held_len(&self) -> usize {
        match &self.0 {
            Repr::Plain(s) => s.len(),
            Repr::Packed(bytes) => bytes.len(),
        }
    }

    /// Packs the HTML (once).
    pub fn pack(&mut self) {
        if let Repr::Plain(s) = &self.0 {
            self.0 = Repr::Packed(lz4_flex::compress_prepend_size(s.as_bytes()).into());
        }
    }
}

impl Default for PostHtml {
    fn default() -> Self {
        PostHtml(Repr::Plain(Arc::from("")))
    }
}

impl From<String> for PostHtml {
    fn from(s: String) -> Self {
        PostHtml(Repr::Plain(s.into()))
    }
}

impl From<Arc<str>> for PostHtml {
    fn from(s: Arc<str>) -> Self {
        PostHtml(Repr::Plain(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packer_packs_what_is_read_after_the_limit() {
        let packer = Packer {
            above: 100,
            read: AtomicUsize::new(0),
        };
        let mut first = PostHtml::from("<p>a</p>".repeat(10));
        packer.keep(&mut first);
        let mut second = PostHtml::from("<p>a</p>".repeat(10));
        packer.keep(&mut second);
        assert!(matches!(first.0, Repr::Plain(_)), "80 bytes read: not packed");
        assert!(matches!(second.0, Repr::Packed(_)), "160 bytes read: packed");
        assert_eq!(first, second);
    }

    #[test]
    fn packed_html_reads_back_as_it_was() {
        let text = "<p>Vi besökte Kalmar – två gånger.</p>\n".repeat(50);
        let mut html = PostHtml::from(text.clone());
        html.pack();
        assert!(
            html.held_len() < text.len() / 4,
            "{} of {}",
            html.held_len(),
            text.len()
        );
        assert_eq!(html.text(), text);
        let mut empty = PostHtml::default();
        empty.pack();
        assert_eq!(empty.text(), "");
    }
}
