//! A post's HTML, kept compressed on a large site.
//!
//! Every post's HTML is held from loading to the end of the build: its page, the feeds and
//! the checks of links need it. On a site of 100,000 posts that is about a gigabyte, the
//! largest single part of the build's memory. Packed with LZ4 it takes well under half of
//! that, and unpacking one post's HTML for its page costs microseconds. Small sites, where
//! the memory does not matter and every millisecond of a build does, keep it as it is.

use std::borrow::Cow;
use std::sync::Arc;

/// A post's HTML: as it is, or packed.
#[derive(Debug, Clone)]
pub struct PostHtml(Repr);

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
