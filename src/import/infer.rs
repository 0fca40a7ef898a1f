//! Which municipality a WordPress post reports on, and which visit, from the words the team
//! used in titles and categories: "Besök i Vetlanda", "Kommunbesök 2 i Kalmar",
//! "Återbesök i Eksjö", "Andra besöket i Växjö".

/// What the words say about the visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitHint {
    /// "Kommunbesök 2 i Kalmar", "Andra besöket i ...": the visit's number.
    Number(u32),
    /// "Återbesök i ...", "Uppföljningsbesök i ...": a return visit, so the second or later.
    Return,
}

/// A municipality named in a text, and what the text says about the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub municipality: String,
    pub visit: Option<VisitHint>,
}

const ORDINALS: &[(&str, u32)] = &[
    ("första", 1),
    ("andra", 2),
    ("tredje", 3),
    ("fjärde", 4),
    ("femte", 5),
    ("sjätte", 6),
    ("sjunde", 7),
    ("åttonde", 8),
    ("nionde", 9),
    ("tionde", 10),
];

/// Looks for "`<...>besök [N] i <Name>`" in a text. The name is the run of capitalised words
/// after "i" ("Upplands Väsby", "Malung-Sälen"), ending at a lowercase word, a number or
/// punctuation ("Besök i Vetlanda 8 december" → Vetlanda).
pub fn find(text: &str) -> Option<Found> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let w = bare(word).to_lowercase();
        if !(w.ends_with("besök") || w.ends_with("besöket")) {
            continue;
        }
        let mut visit = None;
        if w.starts_with("återbesök") || w.starts_with("uppföljningsbesök") {
            visit = Some(VisitHint::Return);
        } else if let Some(n) = i.checked_sub(1).and_then(|j| number_word(words[j])) {
            visit = Some(VisitHint::Number(n));
        }
        let mut j = i + 1;
        if let Some(n) = words.get(j).and_then(|w| number_word(w)) {
            visit = Some(VisitHint::Number(n));
            j += 1;
        }
        if words.get(j).map(|w| bare(w)) != Some("i") {
            continue;
        }
        let mut name: Vec<&str> = Vec::new();
        for w in &words[j + 1..] {
            let b = bare(w);
            let capitalised = b.chars().next().is_some_and(char::is_uppercase);
            if !capitalised || b.chars().any(|c| c.is_ascii_digit()) {
                break;
            }
            name.push(b);
            // Punctuation after a word ends the name: "Besök i Vetlanda, december".
            if b.len() != w.len() {
                break;
            }
        }
        while name.len() > 1 && matches!(name.last(), Some(&"Kommun") | Some(&"Kommuns")) {
            name.pop();
        }
        if !name.is_empty() {
            return Some(Found {
                municipality: name.join(" "),
                visit,
            });
        }
    }
    None
}

/// "2", "2:a", "3:e", "andra" → the number.
fn number_word(word: &str) -> Option<u32> {
    let w = bare(word).to_lowercase();
    let digits = w.trim_end_matches(":a").trim_end_matches(":e");
    if let Ok(n) = digits.parse::<u32>() {
        return (1..=1000).contains(&n).then_some(n);
    }
    ORDINALS.iter().find(|(o, _)| *o == w).map(|(_, n)| *n)
}

/// A word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == ':'))
        .trim_end_matches(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(String, Option<VisitHint>)> {
        find(text).map(|f| (f.municipality, f.visit))
    }

    #[test]
    fn the_teams_title_patterns() {
        assert_eq!(found("Besök i Vetlanda 8 december"), Some(("Vetlanda".into(), None)));
        assert_eq!(
            found("Kommunbesök 2 i Kalmar"),
            Some(("Kalmar".into(), Some(VisitHint::Number(2))))
        );
        assert_eq!(
            found("Återbesök i Upplands Väsby, del 2"),
            Some(("Upplands Väsby".into(), Some(VisitHint::Return)))
        );
        assert_eq!(
            found("Andra besöket i Malung-Sälen"),
            Some(("Malung-Sälen".into(), Some(VisitHint::Number(2))))
        );
        assert_eq!(
            found("Idag har vi varit på ett mycket positivt och stimulerande återbesök i Vetlanda. Så roligt"),
            Some(("Vetlanda".into(), Some(VisitHint::Return)))
        );
        assert_eq!(found("Kalmar var det andra besöket efter Uppsala."), None);
        assert_eq!(found("Nyheter från projektet"), None);
        assert_eq!(found("Besök i december"), None);
    }
}
