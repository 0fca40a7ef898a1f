//! "Did you mean …?": the known word closest to a misspelt one, for messages about unknown
//! keys, names and options. A suggestion that is not close is worse than none, so only small
//! slips count: one edit in a short word, two in a longer one (`municipalty`, `languag`,
//! `descripton`).

/// The candidate closest to `word` by edits (insert, delete, replace, swap of two neighbours),
/// compared without case; `None` when none is close enough to be what the writer meant. On a
/// tie the first candidate wins, so callers list the likelier words first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let allowed = if word.chars().count() >= 5 { 2 } else { 1 };
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn small_slips_find_the_word_and_strangers_find_none() {
        let keys = [
            "title",
            "date",
            "municipality",
            "visit",
            "tags",
            "description",
            "language",
        ];
        assert_eq!(closest("municipalty", keys), Some("municipality"));
        assert_eq!(closest("descripton", keys), Some("description"));
        assert_eq!(closest("tagz", keys), Some("tags"));
        assert_eq!(closest("Titel", keys), Some("title"));
        assert_eq!(closest("datum", keys), Some("date"));
        assert_eq!(closest("email", keys), None);
        assert_eq!(closest("x", keys), None);
    }
}
