//! When two written names are one municipality: their letters and digits agree, ignoring case,
//! spaces and punctuation ("Malung-Sälen" and "malung sälen"). Å, ä and ö are letters of their
//! own, so Håbo and Habo, two municipalities, stay two; names are compared composed (NFC), so an
//! "å" typed as "a" plus a combining ring is an "å". The lookup of the 290 names and every
//! command that groups a site's names (the model, `besok new`, the import) share this rule.

/// What makes names one municipality: their letters and digits, lowercased, composed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityKey(String);

impl MunicipalityKey {
    pub fn of(name: &str) -> MunicipalityKey {
        // Composed first: a decomposed "å" is an "a" and a ring, and the ring is no letter.
        let name = nfc(name);
        let key: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        MunicipalityKey(if key.is_empty() { name.to_lowercase() } else { key })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether two written names are one municipality.
pub fn same_municipality(a: &str, b: &str) -> bool {
    MunicipalityKey::of(a) == MunicipalityKey::of(b)
}

pub(crate) use crate::collation::nfc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_and_punctuation_do_not_make_another_municipality() {
        assert!(same_municipality("Malung-Sälen", "malung sälen"));
        assert!(same_municipality("Upplands Väsby", "upplands-väsby"));
    }

    #[test]
    fn other_letters_do_even_where_the_url_word_is_the_same() {
        assert!(!same_municipality("Håbo", "Habo"));
        assert!(!same_municipality("Åre", "Are"));
        // A decomposed å (a + combining ring) is an å.
        assert!(same_municipality("Ha\u{30a}bo", "Håbo"));
    }
}
