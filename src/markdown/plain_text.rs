//! The plain text of events, for search, summaries and word counts, made in one pass.

use pulldown_cmark::{Event, TagEnd};

/// The text of some events without markup, and how many words its text pieces hold.
pub(super) struct PlainText {
    /// The pieces of text joined, with a space for each line break and after each paragraph,
    /// heading and list item, every run of white space made one space, none at either end.
    pub(super) text: String,
    /// Words (runs of non-space) counted piece by piece, so a word split by markup
    /// (`foo**bar**`) counts twice, as it always has.
    pub(super) words: usize,
}

/// The events' [`PlainText`].
pub(super) fn plain_text(events: &[Event]) -> PlainText {
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
pub(super) struct PlainTextBuilder {
    text: String,
    words: usize,
    /// Whether white space came since the last word written.
    space: bool,
}

impl PlainTextBuilder {
    pub(super) fn add(&mut self, e: &Event) {
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

    pub(super) fn finish(self) -> PlainText {
        PlainText {
            text: self.text,
            words: self.words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::CowStr;

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
}
