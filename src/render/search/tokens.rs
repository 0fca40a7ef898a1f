//! A text's words as the search page sees them: runs of letters and digits, lowercased.

use std::borrow::Cow;

/// The words of an NFC-normalised text as the search page sees them: runs of letters and
/// digits (å, ä and ö are letters), each lowercased. The page's script does the same to a
/// query. A word that is already lowercase (most are) is borrowed, not copied.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator [`words`] returns. It reads bytes, not characters, where it can: every word
/// of every post passes through it, and a text is mostly ASCII even in Swedish.
pub struct Words<'t> {
    text: &'t str,
    /// Where the next word is looked for.
    at: usize,
}

/// What each ASCII byte is to [`Words`]: not part of a word (0), part of one (1), or a
/// capital letter (2), looked up rather than matched: every byte of every post is.
const ASCII_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b'A'..=b'Z' => 2,
            b'a'..=b'z' | b'0'..=b'9' => 1,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// The character that starts at byte `i` of `text` (a boundary) and its length in bytes;
/// decoded here for the two-byte characters (å, ä, ö, é) that are nearly all of a Swedish
/// text's non-ASCII ones.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    if let (Some(&lead @ 0xc2..=0xdf), Some(&next)) = (bytes.get(i), bytes.get(i + 1)) {
        let c = (u32::from(lead & 0x1f) << 6) | u32::from(next & 0x3f);
        return (char::from_u32(c).expect("two bytes of UTF-8"), 2);
    }
    let c = text[i..].chars().next().expect("a character");
    (c, c.len_utf8())
}

impl<'t> Iterator for Words<'t> {
    type Item = Cow<'t, str>;

    fn next(&mut self) -> Option<Cow<'t, str>> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut i = self.at;
        loop {
            let Some(&b) = bytes.get(i) else {
                self.at = i;
                return None;
            };
            if b < 0x80 {
                if ASCII_CLASS[usize::from(b)] != 0 {
                    break;
                }
                i += 1;
            } else {
                let (c, len) = char_at(text, i);
                if is_word_char(c) {
                    break;
                }
                i += len;
            }
        }
        let start = i;
        let mut lowercase = true;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                match ASCII_CLASS[usize::from(b)] {
                    0 => break,
                    2 => lowercase = false,
                    _ => {}
                }
                i += 1;
            } else {
                let (c, len) = char_at(text, i);
                if !is_word_char(c) {
                    break;
                }
                lowercase &= is_lowercase_or_caseless(c);
                i += len;
            }
        }
        self.at = i;
        let word = &text[start..i];
        Some(if lowercase {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        })
    }
}

/// A word as [`Tokens`] reads it: its [`short_key`] (of the word lowercased) and where in the
/// text it ends (in bytes); the word itself is made only when asked for, as a word already
/// seen is known by its key.
pub(super) struct Token<'t> {
    pub(super) key: u128,
    pub(super) end: usize,
    /// The word as [`words`] gives it, or as the text has it when `ascii_capitals`.
    word: Cow<'t, str>,
    /// Whether `word` has ASCII capitals, to be lowercased, and no other character that
    /// lowercasing changes (it may have small Latin-1 letters: "Både").
    ascii_capitals: bool,
}

impl<'t> Token<'t> {
    /// The word, lowercased, as [`words`] gives it.
    pub(super) fn word(&self) -> Cow<'t, str> {
        if self.ascii_capitals {
            Cow::Owned(self.word.to_ascii_lowercase())
        } else {
            self.word.clone()
        }
    }
}

/// The words of a text as [`words`] reads them, each with its [`short_key`]: what counting a
/// post's stems reads, every word of every post. It looks at 64 bytes at a time: which may
/// belong to a word and which need a closer look, as two bit masks made without a branch per
/// byte. A run of word bytes with nothing that needs a closer look is a word as it is, already
/// lowercase, and its key is read straight from the text; the rest (a capital letter, a
/// character beyond å, ä, ö and the other small Latin-1 letters) is read by [`Words`].
pub(super) struct Tokens<'t> {
    text: &'t str,
    /// Where the next word is looked for.
    at: usize,
    /// The first byte of the window of [`WINDOW`] bytes the masks describe.
    window: usize,
    masks: Masks,
}

/// Bytes the masks of [`Tokens`] describe at once.
const WINDOW: usize = 64;

/// What each byte of a window is, one bit per byte (bit `i` for the window's byte `i`).
#[derive(Clone, Copy, Default)]
struct Masks {
    /// The byte may belong to a word: an ASCII letter or digit, or any byte from 0x80.
    maybe_word: u64,
    /// The byte needs a closer look: an ASCII capital, or a byte from 0x80 other than those of
    /// a small Latin-1 letter (U+00DF–U+00FF but ÷, in UTF-8 0xC3 0x9F–0xBF but 0xB7).
    closer: u64,
    /// The byte is an ASCII capital: a word whose only bytes that need a closer look are these
    /// is lowercased by adding 0x20 to them.
    capital: u64,
}

impl Masks {
    /// The masks of the bytes of `window`; bytes past its end are no part of a word.
    fn of(window: &[u8]) -> Masks {
        let mut block = [0u8; WINDOW];
        let bytes: &[u8; WINDOW] = match window.get(..WINDOW) {
            Some(full) => full.try_into().expect("a window of bytes"),
            None => {
                block[..window.len()].copy_from_slice(window);
                &block
            }
        };
        let Classes {
            alphanumeric,
            capital,
            high,
            lead,
            small_tail,
        } = Classes::of(bytes);
        // A small Latin-1 letter: 0xC3 and the byte after it; one whose second byte is past
        // the window needs a closer look.
        let small_letters = lead & (small_tail >> 1);
        Masks {
            maybe_word: alphanumeric | high,
            closer: capital | (high & !(small_letters | small_letters << 1)),
            capital,
        }
    }
}

/// Classes of the bytes of a window, one bit per byte, that [`Masks`] are made of.
#[derive(Debug, PartialEq, Eq)]
struct Classes {
    /// An ASCII letter or digit.
    alphanumeric: u64,
    /// An ASCII capital.
    capital: u64,
    /// A byte from 0x80 (part of a character beyond ASCII).
    high: u64,
    /// 0xC3, the first byte of the Latin-1 letters from U+00C0.
    lead: u64,
    /// 0x9F–0xBF but 0xB7: after 0xC3, a small letter (U+00DF–U+00FF but ÷).
    small_tail: u64,
}

impl Classes {
    /// The classes of 64 bytes, 16 at a time with SSE2 (which every x86-64 processor has):
    /// a few compares and a `pmovmskb` per class, where a test per byte cost more than the
    /// byte-wise reading it replaces.
    #[cfg(target_arch = "x86_64")]
    fn of(bytes: &[u8; WINDOW]) -> Classes {
        // SAFETY: SSE2 is part of x86-64 itself: every processor that runs this binary has it.
        unsafe { Classes::of_with_sse2(bytes) }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    fn of_with_sse2(bytes: &[u8; WINDOW]) -> Classes {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
            _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        };
        let mut c = Classes {
            alphanumeric: 0,
            capital: 0,
            high: 0,
            lead: 0,
            small_tail: 0,
        };
        // Signed compares: ASCII bytes are 0..=127, bytes from 0x80 are negative.
        let within = |x: __m128i, low: u8, high: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(x, _mm_set1_epi8(low as i8 - 1)),
                _mm_cmplt_epi8(x, _mm_set1_epi8((high as i8).wrapping_add(1))),
            )
        };
        let bits = |x: __m128i| u64::from(_mm_movemask_epi8(x) as u16);
        for (k, chunk) in bytes.chunks_exact(16).enumerate() {
            // SAFETY: `chunk` is 16 bytes long, and an unaligned load reads exactly those.
            let x = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
            let shift = 16 * k;
            let letter = within(_mm_or_si128(x, _mm_set1_epi8(0x20)), b'a', b'z');
            let digit = within(x, b'0', b'9');
            c.alphanumeric |= bits(_mm_or_si128(letter, digit)) << shift;
            c.capital |= bits(within(x, b'A', b'Z')) << shift;
            c.high |= bits(x) << shift;
            c.lead |= bits(_mm_cmpeq_epi8(x, _mm_set1_epi8(0xC3_u8 as i8))) << shift;
            let tail = _mm_andnot_si128(
                _mm_cmpeq_epi8(x, _mm_set1_epi8(0xB7_u8 as i8)),
                _mm_and_si128(
                    _mm_cmpgt_epi8(x, _mm_set1_epi8(0x9E_u8 as i8)),
                    _mm_cmplt_epi8(x, _mm_set1_epi8(0xC0_u8 as i8)),
                ),
            );
            c.small_tail |= bits(tail) << shift;
        }
        c
    }

    /// The classes of 64 bytes, a byte at a time, where SSE2 is not to be had.
    #[cfg(not(target_arch = "x86_64"))]
    fn of(bytes: &[u8; WINDOW]) -> Classes {
        Classes::byte_by_byte(bytes)
    }

    /// The classes of 64 bytes, a byte at a time: the definition the vector version keeps to.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn byte_by_byte(bytes: &[u8; WINDOW]) -> Classes {
        let (mut alphanumeric, mut capital, mut high, mut lead, mut small_tail) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for (i, &b) in bytes.iter().enumerate() {
            let bit = |test: bool| u64::from(test) << i;
            alphanumeric |= bit(b.is_ascii_alphanumeric());
            capital |= bit(b.is_ascii_uppercase());
            high |= bit(b >= 0x80);
            lead |= bit(b == 0xC3);
            small_tail |= bit((0x9F..=0xBF).contains(&b) && b != 0xB7);
        }
        Classes {
            alphanumeric,
            capital,
            high,
            lead,
            small_tail,
        }
    }
}

impl<'t> Tokens<'t> {
    pub(super) fn new(text: &'t str) -> Tokens<'t> {
        Tokens {
            text,
            at: 0,
            window: 0,
            masks: Masks::of(text.as_bytes()),
        }
    }

    /// Describes the window of bytes from `start`.
    #[inline(never)]
    fn look_at(&mut self, start: usize) {
        self.window = start;
        self.masks = Masks::of(&self.text.as_bytes()[start..]);
    }

    /// The next word from `start` as [`Words`] reads it, for a run of bytes that needs it.
    #[inline(never)]
    fn closer_look(&mut self, start: usize) -> Option<Token<'t>> {
        let mut words = Words {
            text: self.text,
            at: start,
        };
        let word = words.next();
        self.at = words.at;
        word.map(|word| Token {
            key: short_key(&word),
            end: words.at,
            word,
            ascii_capitals: false,
        })
    }
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    // Inlined into the counting loop: a token returned through memory was read back before
    // its stores had landed, a stall on every word.
    #[inline(always)]
    fn next(&mut self) -> Option<Token<'t>> {
        let len = self.text.len();
        loop {
            if self.at >= len {
                return None;
            }
            if self.at >= self.window + WINDOW {
                self.look_at(self.at);
            }
            let offset = self.at - self.window;
            let ahead = self.masks.maybe_word >> offset;
            if ahead == 0 {
                self.at = self.window + WINDOW;
                continue;
            }
            let first = offset + ahead.trailing_zeros() as usize;
            // `maybe_word >> first` has zeros shifted in at the top, so the run ends in the window.
            let run = (!(self.masks.maybe_word >> first)).trailing_zeros() as usize;
            let last = first + run;
            if last == WINDOW && self.window + WINDOW < len {
                // The run may go on past the window: look again from its start, or, for a run
                // as long as the window, closer.
                if first > 0 {
                    self.at = self.window + first;
                    self.look_at(self.at);
                    continue;
                }
                return self.closer_look(self.window);
            }
            let run_bits = if run == WINDOW { u64::MAX } else { (1 << run) - 1 };
            let (start, end) = (self.window + first, self.window + last);
            let closer = (self.masks.closer >> first) & run_bits;
            let ascii_capitals = closer != 0 && closer & !(self.masks.capital >> first) == 0;
            if closer != 0 && !ascii_capitals {
                return self.closer_look(start);
            }
            self.at = end;
            let key = key_at(self.text, start, end);
            return Some(Token {
                key: if ascii_capitals { ascii_lowercase(key) } else { key },
                end,
                word: Cow::Borrowed(&self.text[start..end]),
                ascii_capitals,
            });
        }
    }
}

/// The longest word, in bytes, that [`short_key`] makes one number of.
pub(super) const SHORT: usize = 16;

/// The key of every word longer than [`SHORT`] bytes: no shorter word has it, as no word is
/// empty.
pub(super) const LONG: u128 = 0;

/// A word of at most [`SHORT`] bytes as one number: its bytes, padded with zeros; [`LONG`] for
/// a longer one. No word holds a zero byte, so two words have the same key only if they are
/// the same word. (A plain number rather than an `Option`: a token holding an `Option<u128>`
/// was checked for `None` with a 16-byte read of what was just stored, a stall on every word.)
pub(super) fn short_key(word: &str) -> u128 {
    // Read as a few overlapping loads rather than copied into a padded buffer: a number read
    // back from bytes just stored waits for the stores.
    let b = word.as_bytes();
    let n = b.len();
    let load8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let load4 = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
    let (low, high) = match n {
        0..=3 => (b.iter().rev().fold(0, |k, &x| (k << 8) | u64::from(x)), 0),
        // Bytes 4.. are the top n - 4 bytes of the last four.
        4..=7 => (load4(0) | ((load4(n - 4) >> (8 * (8 - n))) << 32), 0),
        8 => (load8(0), 0),
        // Bytes 8.. are the top n - 8 bytes of the last eight.
        9..=SHORT => (load8(0), load8(n - 8) >> (8 * (SHORT - n))),
        _ => return LONG,
    };
    u128::from(low) | (u128::from(high) << 64)
}

/// A [`short_key`] with its ASCII capitals made small: 0x20 added to each byte of A–Z, eight
/// bytes at a time. Bytes from 0x80 (a small Latin-1 letter's, "Både") are left as they are.
fn ascii_lowercase(key: u128) -> u128 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `y` (all below 0x80, so no sum carries into the next
    // byte) is set where the byte is at least `c`.
    let at_least = |y: u64, c: u64| (y + ONES * (0x80 - c)) & HIGH;
    let lower = |x: u64| {
        let y = x & !HIGH;
        let capitals = at_least(y, u64::from(b'A')) & !at_least(y, u64::from(b'Z') + 1) & !x;
        x | (capitals >> 2)
    };
    u128::from(lower(key as u64)) | (u128::from(lower((key >> 64) as u64)) << 64)
}

/// [`short_key`] of the word at `start..end` of `text`, read as one number where the text
/// goes on for [`SHORT`] bytes from `start`, with the bytes past the word masked off.
#[inline]
fn key_at(text: &str, start: usize, end: usize) -> u128 {
    let len = end - start;
    if len > SHORT {
        return LONG;
    }
    let Some(bytes) = text.as_bytes().get(start..start + SHORT) else {
        return short_key(&text[start..end]);
    };
    let key = u128::from_le_bytes(bytes.try_into().expect("16 bytes"));
    if len == SHORT {
        key
    } else {
        key & ((1u128 << (8 * len)) - 1)
    }
}

/// Whether a character belongs to a word: `char::is_alphanumeric`, answered without the
/// Unicode tables for ASCII and Latin-1 (å, ä, ö, é, ü), which are nearly every letter of a
/// Swedish text and cost a table search each otherwise.
pub(super) fn is_word_char(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7f}' => false,
        // Latin-1: ª µ º ¹ ² ³ ¼ ½ ¾ and the letters, not × and ÷.
        '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{b2}' | '\u{b3}' | '\u{b9}' | '\u{bc}'..='\u{be}' => true,
        '\u{c0}'..='\u{ff}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{80}'..='\u{bf}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Whether lowercasing leaves a character as it is; without the Unicode tables for ASCII and
/// Latin-1 (whose capitals are A–Z and À–Þ but ×).
fn is_lowercase_or_caseless(c: char) -> bool {
    match c {
        'A'..='Z' => false,
        '\0'..='\u{bf}' => true,
        '\u{c0}'..='\u{de}' => c == '\u{d7}',
        '\u{df}'..='\u{ff}' => true,
        _ => c.to_lowercase().eq([c]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collation::nfc;
    use proptest::strategy::Strategy;

    #[test]
    fn a_key_made_small_is_the_key_of_the_word_made_small() {
        for word in [
            "Både",
            "KOMMUNEN",
            "ÖkadÅÄ",
            "AZaz@[`{",
            "Ärlig",
            "XåXåXåXåXåXåXå",
            "ÉÉÉÉÉÉÉÉ",
            "Z",
        ] {
            assert_eq!(
                ascii_lowercase(short_key(word)),
                short_key(&word.to_ascii_lowercase()),
                "{word}"
            );
        }
    }

    #[test]
    fn a_short_key_is_the_word_padded_with_zeros() {
        for word in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "åäö",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "kommunhuset",
            "abcdefghijklmnop",
            "aaaaaaaaa",
            "aaaaaaaaaa",
        ] {
            let mut padded = [0u8; SHORT];
            padded[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(short_key(word), u128::from_le_bytes(padded), "{word}");
        }
        assert_eq!(short_key("abcdefghijklmnopq"), LONG);
    }

    #[test]
    fn words_are_normalised_lowercase_and_keep_swedish_letters() {
        let text = nfc("Återbesök i Va\u{308}xjö; KOMPETENSutveckling! ÅÄÖ");
        let w: Vec<Cow<str>> = words(&text).collect();
        assert_eq!(w, ["återbesök", "i", "växjö", "kompetensutveckling", "åäö"]);
    }

    #[test]
    fn the_quick_character_classes_agree_with_unicodes() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_lowercase_or_caseless(c), c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    /// Each word with where it ends, as [`Words`] reads them.
    fn words_with_ends(text: &str) -> Vec<(String, usize)> {
        let mut words = Words { text, at: 0 };
        std::iter::from_fn(|| words.next().map(|w| (w.into_owned(), words.at))).collect()
    }

    /// A text of pieces that cross 64-byte windows in every way: words of every length (some
    /// longer than a window), capitals, small and capital Latin-1 letters, the Latin-1 signs
    /// that are not letters, and characters beyond.
    fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "a",
            "ord",
            "Ord",
            "KOMMUN",
            "för",
            "på",
            "Å",
            "ÄR",
            "örn",
            "ß",
            "÷",
            "×",
            "ª",
            "é",
            "É",
            "\u{a0}",
            "–",
            "”",
            " ",
            " ",
            ". ",
            "\n",
            "9",
            "Σσ",
            "\u{308}",
            "😀",
            "kompetensutveckling",
            "x",
            "ab",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        ]);
        proptest::collection::vec(pieces, 0..120).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_the_words_with_their_ends_and_keys(text in mixed_text()) {
            let tokens: Vec<(String, usize)> = Tokens::new(&text).map(|t| {
                let word = t.word();
                assert_eq!(t.key, short_key(&word), "{word:?}");
                (word.into_owned(), t.end)
            }).collect();
            proptest::prop_assert_eq!(tokens, words_with_ends(&text));
        }

        #[test]
        fn byte_classes_are_the_same_whichever_way_made(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), WINDOW)) {
            let bytes: [u8; WINDOW] = bytes.try_into().expect("a window");
            proptest::prop_assert_eq!(Classes::of(&bytes), Classes::byte_by_byte(&bytes));
        }
    }

    proptest::proptest! {
        /// The byte-wise reader finds the words the plain definition does: runs of
        /// alphanumeric characters, lowercased.
        #[test]
        fn words_are_the_runs_of_alphanumerics_lowercased(text in "[a-zA-Z0-9åäöÅÄÖéÉΣσßİ .,;'!?\\-–\n\t\u{300}\u{308}\u{1F600}]{0,80}") {
            let found: Vec<String> = words(&text).map(Cow::into_owned).collect();
            let expected: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
