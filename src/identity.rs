//! Which written names are one municipality, and how it is then named and addressed: the one
//! place of that rule, used by the model (`besok build`, `check`, `serve`), `besok new` and
//! `besok import`, so a name never means one municipality to one command and two to another.
//!
//! Two names are one municipality when their letters and digits agree, ignoring case, spaces
//! and punctuation ("Malung-Sälen" and "malung sälen"). Å, ä and ö are letters of their own,
//! so Håbo and Habo, two municipalities, stay two, even though their URL words would be the
//! same; names are compared composed (NFC), so an "å" typed as "a" plus a combining ring is an
//! "å". The spelling shown is a municipality page's name, else the one most posts use (the
//! oldest post's on a tie, so it is the same on every build).

use crate::collation;
use crate::content::{MunicipalityPage, PostSource};
use crate::sweden::{nfc, MunicipalityKey};
use std::collections::{HashMap, HashSet};

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

/// A municipality as the site names it: its key, and the name shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteMunicipality {
    pub key: MunicipalityKey,
    pub name: String,
}

/// The municipalities that `posts` (drafts left out, as a build does) and `pages` name, each
/// named as the build names it: its page's name, else the spelling most posts use, the oldest
/// post's on a tie. `posts` may be in any order.
pub fn site_municipalities(posts: &[PostSource], pages: &[MunicipalityPage]) -> Vec<SiteMunicipality> {
    let mut sources: Vec<&PostSource> = posts.iter().filter(|p| !p.draft).collect();
    sources.sort_by(|a, b| PostSource::site_order(a, b));
    let mut groups: HashMap<MunicipalityKey, (Spellings, Option<&str>)> = HashMap::new();
    for page in pages {
        let entry = groups.entry(MunicipalityKey::of(&page.name.value)).or_default();
        entry.1.get_or_insert(page.name.value.as_str());
    }
    // Oldest first, so on a tie the name as first written wins.
    for p in sources.iter().rev() {
        if let Some(m) = &p.municipality {
            groups
                .entry(MunicipalityKey::of(&m.value))
                .or_default()
                .0
                .count(&m.value);
        }
    }
    let mut all: Vec<SiteMunicipality> = groups
        .into_iter()
        .map(|(key, (spellings, page))| SiteMunicipality {
            key,
            name: page.map_or_else(|| spellings.preferred(), str::to_string),
        })
        .collect();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    all
}

/// The URL word of each municipality (`names` in collation order): its name's slug, unless
/// that is also another's ("habo" for Håbo and Habo). Then each of those takes the long
/// Swedish spelling of å, ä and ö (aa, ae, oe: "haabo" and "habo"), and any still sharing one
/// are numbered in collation order ("-2", "-3"), so every name keeps a URL of its own, the
/// same on every build of the same site.
pub fn slugs(names: &[&str], slug_of: &mut impl FnMut(&str) -> String) -> Vec<String> {
    let plain: Vec<String> = names.iter().map(|n| slug_of(n)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for s in &plain {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut slugs: Vec<String> = names
        .iter()
        .zip(&plain)
        .map(|(name, slug)| {
            if count[slug.as_str()] > 1 {
                crate::slugs::slugify(long_swedish(name))
            } else {
                slug.clone()
            }
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut numbered: HashMap<String, usize> = HashMap::new();
    // Plain slugs first, so a numbered one never takes a name's own.
    let unique: HashSet<String> = slugs
        .iter()
        .filter(|s| slugs.iter().filter(|t| t == s).count() == 1)
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
pub fn slug_among(name: &str, others: &[&str], language: &str) -> String {
    let key = MunicipalityKey::of(name);
    let mut seen = HashSet::new();
    let mut names: Vec<&str> = std::iter::once(name)
        .chain(others.iter().copied())
        .filter(|n| seen.insert(MunicipalityKey::of(n)))
        .collect();
    names.sort_by(|a, b| collation::compare(a, b, language).then_with(|| a.cmp(b)));
    let slugs = slugs(&names, &mut |n: &str| crate::slugs::slugify(n));
    names
        .iter()
        .position(|n| MunicipalityKey::of(n) == key)
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

    #[test]
    fn names_sharing_a_url_word_get_the_long_spelling_then_numbers() {
        let s = slugs(&["Habo", "Håbo"], &mut |n: &str| crate::slugs::slugify(n));
        assert_eq!(s, ["habo", "haabo"]);
        assert_eq!(slug_among("Håbo", &["Habo"], "sv"), "haabo");
        assert_eq!(slug_among("Håbo", &[], "sv"), "habo");
        let s = slugs(&["A.B", "A-B", "Kalmar"], &mut |n: &str| crate::slugs::slugify(n));
        assert_eq!(s, ["a-b", "a-b-2", "kalmar"]);
    }
}
