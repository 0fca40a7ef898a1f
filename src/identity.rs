//! Which written names are one municipality, and how it is then named and addressed: the one
//! place of that rule, used by the model (`besok build`, `check`, `serve`), `besok new` and
//! `besok import`, so a name never means one municipality to one command and two to another.
//!
//! On a site of Sweden's municipalities (the default), a name that [`sweden::lookup`] resolves
//! with confidence is that municipality: the exact name, or one that differs only in case,
//! punctuation or missing å, ä and ö ("Vaxjo", "malung sälen"). It is named as Sweden names it,
//! and the 290 names own their URL words: a name of no municipality never takes one. Names of no
//! municipality, and every name on a site of `municipalities = "any"`, are one municipality when
//! their letters and digits agree, ignoring case, spaces and punctuation ("Latensby" and
//! "latensby"); å, ä and ö are letters of their own, so Håbo and Habo stay two; names are
//! compared composed (NFC), so an "å" typed as "a" plus a combining ring is an "å". Such a
//! name is shown as its municipality page names it, else as most posts write it (the oldest
//! post's on a tie, so it is the same on every build).

use crate::collation;
use crate::config::Municipalities;
use crate::content::{MunicipalityPage, PostSource};
use crate::sweden::{self, nfc, Lookup, MunicipalityKey};
use std::collections::{HashMap, HashSet};

/// What a written name is, as a municipality of a site.
#[derive(Debug, Clone, PartialEq)]
pub struct Identified {
    /// What the name shares with every other name of the same municipality.
    pub key: MunicipalityKey,
    /// Which of Sweden's municipalities it is (on a site of Sweden's municipalities).
    pub sweden: Option<&'static sweden::Municipality>,
    /// Whether it is one of Sweden's municipalities written otherwise than Sweden writes it
    /// ("Vaxjo" for Växjö): it is counted as that one, with a warning saying how to write it.
    pub misspelt: bool,
}

/// Which municipality `name` is on a site whose municipalities are `places`.
pub fn identify(name: &str, places: Municipalities) -> Identified {
    let found = match places {
        Municipalities::Sweden => sweden::lookup(name),
        Municipalities::Any => Lookup::Unknown,
    };
    match found {
        Lookup::Exact(m) | Lookup::Suggest(m) => Identified {
            key: MunicipalityKey::of(m.name),
            sweden: Some(m),
            misspelt: matches!(found, Lookup::Suggest(_)),
        },
        Lookup::Unknown => Identified {
            key: MunicipalityKey::of(name),
            sweden: None,
            misspelt: false,
        },
    }
}

/// [`identify`] with each name looked up once: a site of 10,000 posts writes its few hundred
/// names tens of thousands of times.
#[derive(Debug)]
pub struct Identities {
    places: Municipalities,
    known: HashMap<String, Identified>,
}

impl Identities {
    pub fn new(places: Municipalities) -> Identities {
        Identities {
            places,
            known: HashMap::new(),
        }
    }

    pub fn of(&mut self, name: &str) -> &Identified {
        if !self.known.contains_key(name) {
            self.known.insert(name.to_string(), identify(name, self.places));
        }
        &self.known[name]
    }
}

/// One way a name was written, and by how many posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub name: String,
    pub count: usize,
}

/// The ways one name (of a municipality, or a tag) was written, in the order first counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spellings(Vec<Spelling>);

impl Spellings {
    /// Counts one more use of `name`, composed, so an "å" typed as "a" and a combining ring
    /// is the same spelling as one typed as "å" (the two look the same; only one would be shown).
    pub fn count(&mut self, name: &str) {
        // Spellings are kept composed: a name written as one of them is composed too, and
        // counted without composing it again (most uses of a tag are).
        if let Some(s) = self.0.iter_mut().find(|s| s.name == name) {
            s.count += 1;
            return;
        }
        let name = nfc(name);
        match self.0.iter_mut().find(|s| s.name == name) {
            Some(s) => s.count += 1,
            None => self.0.push(Spelling {
                name: name.into_owned(),
                count: 1,
            }),
        }
    }

    /// The most used spelling; on a tie, the one counted first (callers count oldest post
    /// first, so the name as first written wins), so the choice is the same on every build.
    pub fn preferred(&self) -> String {
        let mut best: Option<&Spelling> = None;
        for s in &self.0 {
            if best.is_none_or(|b| s.count > b.count) {
                best = Some(s);
            }
        }
        best.map(|b| b.name.clone()).unwrap_or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Spelling> {
        self.0.iter()
    }

    pub fn as_slice(&self) -> &[Spelling] {
        &self.0
    }

    /// One use fewer or more of the only spelling (a post leaving or joining a tag that every
    /// post writes the same way).
    pub fn adjust_only(&mut self, by: isize) {
        if let Some(s) = self.0.first_mut() {
            s.count = s.count.saturating_add_signed(by);
        }
    }
}

/// A municipality as the site names it: its key, the name shown, and whether it is one of
/// Sweden's (whose name owns its URL word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteMunicipality {
    pub key: MunicipalityKey,
    pub name: String,
    pub official: bool,
}

/// The municipalities that `posts` (drafts left out, as a build does) and `pages` name, each
/// named as the build names it: Sweden's name, else its page's name, else the spelling most
/// posts use, the oldest post's on a tie. `posts` may be in any order.
pub fn site_municipalities(
    posts: &[Box<PostSource>],
    pages: &[MunicipalityPage],
    places: Municipalities,
) -> Vec<SiteMunicipality> {
    let mut ids = Identities::new(places);
    let mut sources: Vec<&PostSource> = posts.iter().map(|p| &**p).filter(|p| !p.draft).collect();
    sources.sort_by(|a, b| PostSource::site_order(a, b));
    type Group<'a> = (Spellings, Option<&'a str>, Option<&'static sweden::Municipality>);
    let mut groups: HashMap<MunicipalityKey, Group> = HashMap::new();
    for page in pages {
        let id = ids.of(&page.name.value).clone();
        let entry = groups.entry(id.key).or_default();
        entry.1.get_or_insert(page.name.value.as_str());
        entry.2 = id.sweden;
    }
    // Oldest first, so on a tie the name as first written wins.
    for p in sources.iter().rev() {
        if let Some(m) = &p.municipality {
            let id = ids.of(&m.value).clone();
            let entry = groups.entry(id.key).or_default();
            entry.0.count(&m.value);
            entry.2 = id.sweden;
        }
    }
    let mut all: Vec<SiteMunicipality> = groups
        .into_iter()
        .map(|(key, (spellings, page, sweden))| SiteMunicipality {
            key,
            name: match (sweden, page) {
                (Some(m), _) => m.name.to_string(),
                (None, Some(page)) => page.to_string(),
                (None, None) => spellings.preferred(),
            },
            official: owns_url_word(sweden, places),
        })
        .collect();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

/// Whether a municipality's name owns its URL word: Sweden's names do, on a site of Sweden's
/// municipalities; on a site of any places, every name does.
pub fn owns_url_word(sweden: Option<&'static sweden::Municipality>, places: Municipalities) -> bool {
    sweden.is_some() || places == Municipalities::Any
}

/// The URL word of each municipality (`names` in collation order, each saying whether it owns
/// its URL word). Names that own theirs get their name's slug, unless that is also another's
/// ("habo" for Håbo and Habo): then each of those takes the long Swedish spelling of å, ä and
/// ö (aa, ae, oe: "haabo" and "habo"), and any still sharing one are numbered in collation
/// order ("-2", "-3"). The other names get theirs the same way among themselves, never one
/// an owner has. So every name keeps a URL of its own, the same on every build of the same site.
pub fn slugs(names: &[(&str, bool)], slug_of: &mut impl FnMut(&str) -> String) -> Vec<String> {
    let owners: Vec<&str> = names.iter().filter(|(_, owns)| *owns).map(|(n, _)| *n).collect();
    let others: Vec<&str> = names.iter().filter(|(_, owns)| !*owns).map(|(n, _)| *n).collect();
    let owned = words(&owners, &HashSet::new(), slug_of);
    let reserved: HashSet<String> = owned.iter().cloned().collect();
    let other = words(&others, &reserved, slug_of);
    let (mut owned, mut other) = (owned.into_iter(), other.into_iter());
    names
        .iter()
        .map(|(_, owns)| if *owns { owned.next() } else { other.next() }.expect("one word for each name"))
        .collect()
}

/// URL words for `names` that are none of `reserved`: see [`slugs`].
fn words(names: &[&str], reserved: &HashSet<String>, slug_of: &mut impl FnMut(&str) -> String) -> Vec<String> {
    let plain: Vec<String> = names.iter().map(|n| slug_of(n)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for s in &plain {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut slugs: Vec<String> = names
        .iter()
        .zip(&plain)
        .map(|(name, slug)| {
            if count[slug.as_str()] > 1 || reserved.contains(slug) {
                crate::slugs::slugify(long_swedish(name))
            } else {
                slug.clone()
            }
        })
        .collect();
    let mut taken: HashSet<String> = reserved.clone();
    let mut numbered: HashMap<String, usize> = HashMap::new();
    // Plain slugs first, so a numbered one never takes a name's own.
    let unique: HashSet<String> = slugs
        .iter()
        .filter(|s| !reserved.contains(*s) && slugs.iter().filter(|t| t == s).count() == 1)
        .cloned()
        .collect();
    for slug in slugs.iter_mut() {
        if unique.contains(slug.as_str()) {
            taken.insert(slug.clone());
            continue;
        }
        let base = slug.clone();
        let n = numbered.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let candidate = if *n == 1 { base.clone() } else { format!("{base}-{n}") };
            if !taken.contains(&candidate) && !unique.contains(&candidate) {
                *slug = candidate;
                break;
            }
        }
        taken.insert(slug.clone());
    }
    slugs
}

/// The URL word the municipality `name` gets on a site whose municipalities are `others` (one
/// of them may be `name` itself, in another spelling): what `besok new` needs to name a
/// municipality page's file before the site is built.
pub fn slug_among(name: &str, others: &[SiteMunicipality], places: Municipalities, language: &str) -> String {
    let id = identify(name, places);
    let asked = SiteMunicipality {
        key: id.key.clone(),
        name: id.sweden.map_or_else(|| name.to_string(), |m| m.name.to_string()),
        official: owns_url_word(id.sweden, places),
    };
    let mut seen = HashSet::new();
    let mut all: Vec<&SiteMunicipality> = std::iter::once(&asked)
        .chain(others.iter())
        .filter(|m| seen.insert(m.key.clone()))
        .collect();
    all.sort_by(|a, b| collation::compare(&a.name, &b.name, language).then_with(|| a.name.cmp(&b.name)));
    let names: Vec<(&str, bool)> = all.iter().map(|m| (m.name.as_str(), m.official)).collect();
    let slugs = slugs(&names, &mut |n: &str| crate::slugs::slugify(n));
    all.iter()
        .position(|m| m.key == id.key)
        .map(|i| slugs[i].clone())
        .unwrap_or_default()
}

/// Å, ä and ö written the long way (aa, ae, oe), as in names spelled without those letters.
fn long_swedish(name: &str) -> String {
    let name = nfc(name);
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            'å' => out.push_str("aa"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'Å' => out.push_str("Aa"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_spelling_wins_and_the_first_on_a_tie() {
        let mut s = Spellings::default();
        for n in ["Vetlanda", "VETLANDA", "VETLANDA", "Vetlanda", "Vetlanda"] {
            s.count(n);
        }
        assert_eq!(s.preferred(), "Vetlanda");
        let mut tie = Spellings::default();
        tie.count("Kalmar");
        tie.count("kalmar");
        assert_eq!(tie.preferred(), "Kalmar");
        // Composed and decomposed å are one spelling.
        let mut composed = Spellings::default();
        composed.count("Håbo");
        composed.count("Ha\u{30a}bo");
        assert_eq!(composed.as_slice().len(), 1);
        assert_eq!(composed.as_slice()[0].count, 2);
    }

    fn slugify(n: &str) -> String {
        crate::slugs::slugify(n)
    }

    #[test]
    fn names_sharing_a_url_word_get_the_long_spelling_then_numbers() {
        let s = slugs(&[("Habo", true), ("Håbo", true)], &mut slugify);
        assert_eq!(s, ["habo", "haabo"]);
        let habo = site_municipalities(&[], &[], Municipalities::Sweden);
        assert!(habo.is_empty());
        let habo = SiteMunicipality {
            key: MunicipalityKey::of("Habo"),
            name: "Habo".into(),
            official: true,
        };
        assert_eq!(slug_among("Håbo", &[habo], Municipalities::Sweden, "sv"), "haabo");
        assert_eq!(slug_among("Håbo", &[], Municipalities::Sweden, "sv"), "habo");
        let s = slugs(&[("A.B", true), ("A-B", true), ("Kalmar", true)], &mut slugify);
        assert_eq!(s, ["a-b", "a-b-2", "kalmar"]);
    }

    #[test]
    fn names_of_no_municipality_never_take_a_municipalitys_url_word() {
        let s = slugs(&[("Hàbo", false), ("Håbo", true)], &mut slugify);
        assert_eq!(s, ["habo-2", "habo"]);
        let s = slugs(&[("Habo", true), ("Hàbo", false), ("Håbo", true)], &mut slugify);
        assert_eq!(s, ["habo", "habo-2", "haabo"]);
    }

    #[test]
    fn a_misspelt_name_is_the_municipality_it_means_unless_the_site_is_of_any_places() {
        let vaxjo = identify("Vaxjo", Municipalities::Sweden);
        assert_eq!(vaxjo.key, MunicipalityKey::of("Växjö"));
        assert!(vaxjo.misspelt);
        assert_eq!(vaxjo.sweden.map(|m| m.name), Some("Växjö"));
        assert!(!identify("Växjö", Municipalities::Sweden).misspelt);
        let any = identify("Vaxjo", Municipalities::Any);
        assert_eq!((any.key, any.sweden), (MunicipalityKey::of("Vaxjo"), None));
        let unknown = identify("Latensby", Municipalities::Sweden);
        assert_eq!((unknown.key, unknown.sweden), (MunicipalityKey::of("latensby"), None));
    }
}
