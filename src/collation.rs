//! Alphabetical order as readers expect it: in Swedish, å ä ö come after z (Åre after Östersund
//! is wrong, after Ystad right), and case does not matter. Byte order gets both wrong.

/// `text` in Unicode's composed form (NFC), so a decomposed "o" + "¨" is the same "ö" as a
/// typed one; text that already is (nearly all) is borrowed. Text of the characters that
/// [`is_plainly_nfc`] knows is not even looked at by the normaliser: tags and search texts are
/// normalised tens of thousands of times a build, every post's whole text among them.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_plainly_nfc(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// Whether `text` is all characters below U+0300 (the first combining mark) or punctuation of
/// U+2002–U+206F (dashes, quotes, …). None of them decomposes or combines with the one before,
/// and each has combining class 0, so such a text is NFC as it is: Swedish prose always is.
/// In UTF-8 the first are the bytes below 0xCC (continuation bytes are below 0xC0), checked a
/// block at a time with no branch per byte, unlike the normaliser's character-by-character
/// check; the punctuation is 0xE2 0x80 0x82–0xBF and 0xE2 0x81 0x80–0xAF.
fn is_plainly_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + 64).min(bytes.len());
        if bytes[start..end].iter().fold(0u8, |max, &b| max.max(b)) >= 0xCC {
            for i in (start..end).filter(|&i| bytes[i] >= 0xCC) {
                let punctuation = matches!(
                    (bytes[i], bytes.get(i + 1), bytes.get(i + 2)),
                    (0xE2, Some(0x80), Some(0x82..=0xBF)) | (0xE2, Some(0x81), Some(0x80..=0xAF))
                );
                if !punctuation {
                    return false;
                }
            }
        }
        start = end;
    }
    true
}

/// A key that sorts strings alphabetically in the given language.
pub fn sort_key(text: &str, language: &str) -> String {
    let swedish = matches!(language.split('-').next(), Some("sv" | "fi"));
    let mut key = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            // Swedish: three letters of their own, after z, in this order.
            'å' if swedish => '{',
            'ä' | 'æ' if swedish => '|',
            'ö' | 'ø' if swedish => '}',
            'ü' if swedish => 'y',
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' | 'æ' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        };
        key.push(folded);
    }
    key
}

/// Compares two strings alphabetically in `language`, falling back to exact order for ties so
/// the result is always the same.
pub fn compare(a: &str, b: &str, language: &str) -> std::cmp::Ordering {
    sort_key(a, language).cmp(&sort_key(b, language)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every character `is_plainly_nfc` lets by, alone and beside every other (and beside a
    /// combining mark it might compose with), is as the normaliser would have it.
    #[test]
    fn the_characters_taken_as_nfc_are_so_in_any_order() {
        let plain: Vec<char> = (0..0x300).chain(0x2002..0x2070).filter_map(char::from_u32).collect();
        let normaliser = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
        for &a in &plain {
            let alone = a.to_string();
            assert!(is_plainly_nfc(&alone), "{a:?}");
            for &b in &plain {
                let pair = format!("{a}{b}");
                assert!(normaliser.is_normalized(&pair), "{pair:?}");
            }
        }
        for text in [
            "\u{300}",
            "\u{2001}",
            "\u{2000}",
            "\u{2070}",
            "a\u{30a}",
            "\u{20d0}",
            "–\u{301}",
        ] {
            assert!(!is_plainly_nfc(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_normalised_as_the_normaliser_does(text in "[a-zåäöÅ–”…\u{2000}\u{2001}\u{300}-\u{36f}\u{1100}-\u{1175}\u{ac00}-\u{ac10}]{0,100}") {
            let normalised = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(&text);
            prop_assert_eq!(nfc(&text), normalised);
        }
    }

    #[test]
    fn a_combining_mark_anywhere_in_a_long_text_is_composed() {
        let text = format!("{}–a\u{30a}", "x".repeat(200));
        assert_eq!(nfc(&text), format!("{}–å", "x".repeat(200)));
    }

    #[test]
    fn swedish_letters_come_after_z_in_swedish_order() {
        let mut names = vec!["Östersund", "Älmhult", "Åre", "Ystad", "arvika", "Eda"];
        names.sort_by(|a, b| compare(a, b, "sv"));
        assert_eq!(names, ["arvika", "Eda", "Ystad", "Åre", "Älmhult", "Östersund"]);
    }

    #[test]
    fn english_order_folds_accents() {
        let mut names = vec!["Östersund", "Åre", "Ystad", "Eda"];
        names.sort_by(|a, b| compare(a, b, "en"));
        assert_eq!(names, ["Åre", "Eda", "Östersund", "Ystad"]);
    }
}
