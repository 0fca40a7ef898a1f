//! Municipalities and their timelines: which posts visit which municipality (by the rule of
//! [`crate::identity`]), the name and URL word of each, the visits numbered in date order and
//! each visit's neighbours.

use super::{Municipality, MunicipalityId, PostId};
use crate::collation;
use crate::config::{Config, Municipalities};
use crate::content::{Location, MunicipalityPage, PostSource};
use crate::diagnostics::Diagnostic;
use crate::identity::{self, Identities, Spellings};
use crate::sweden;
use crate::sweden::MunicipalityKey;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// The posts and page of one municipality, gathered from the files.
#[derive(Debug, Default)]
struct MunicipalityGroup {
    spellings: Spellings,
    page: Option<MunicipalityPage>,
    /// Oldest first.
    visits: Vec<PostId>,
    /// Which of Sweden's municipalities it is, on a site of Sweden's municipalities.
    sweden: Option<&'static sweden::Municipality>,
    /// Whether its page or a post writes its name otherwise than Sweden's table does: only
    /// then are its visits looked at again, for the warnings.
    misspelt: bool,
}

/// The municipalities that `sources` (newest first) and `pages` name, alphabetical in the
/// site's language.
pub fn municipalities(
    sources: &[&PostSource],
    pages: Vec<MunicipalityPage>,
    config: &Config,
    slug_of: &mut impl FnMut(&str) -> String,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Municipality> {
    let mut ids = Identities::new(config.municipalities);
    let mut by_key: HashMap<MunicipalityKey, MunicipalityGroup> = HashMap::new();
    for page in pages {
        let id = ids.of(&page.name.value);
        let group = by_key.entry(id.key.clone()).or_default();
        group.sweden = id.sweden;
        group.misspelt |= id.misspelt;
        if let Some(existing) = &group.page {
            errors.push(Diagnostic::error(
                &page.path,
                page.name.at.line,
                page.name.at.column,
                format!(
                    "a second page for municipality \"{}\"; {} is already its page",
                    page.name.value,
                    existing.path.display()
                ),
            ));
        } else {
            group.page = Some(page);
        }
    }
    // Each name as written is identified once, and stands for its group: a site of 10,000
    // posts writes its few hundred names tens of thousands of times.
    let mut groups: Vec<MunicipalityGroup> = Vec::with_capacity(by_key.len());
    let mut group_of_key: HashMap<MunicipalityKey, usize> = HashMap::new();
    for (key, group) in by_key {
        group_of_key.insert(key, groups.len());
        groups.push(group);
    }
    let mut group_of_name: FxHashMap<&str, (usize, Option<&'static sweden::Municipality>)> = FxHashMap::default();
    // The names gathered first, in a loop that does nothing else (see `super::tags::tags`).
    let written: Vec<Option<&str>> = sources
        .iter()
        .map(|p| p.municipality.as_ref().map(|m| m.value.as_str()))
        .collect();
    // Oldest first, so on a tie the name as first written wins and visits are in date order.
    for (post_id, name) in written.iter().enumerate().rev() {
        let &Some(name) = name else { continue };
        let (g, sweden) = *group_of_name.entry(name).or_insert_with(|| {
            let id = ids.of(name);
            let g = *group_of_key.entry(id.key.clone()).or_insert_with(|| {
                groups.push(MunicipalityGroup::default());
                groups.len() - 1
            });
            groups[g].misspelt |= id.misspelt;
            (g, id.sweden)
        });
        let group = &mut groups[g];
        group.sweden = sweden;
        group.spellings.count(name);
        group.visits.push(post_id);
    }
    let mut named: Vec<(String, MunicipalityGroup)> = groups
        .into_iter()
        .map(|group| {
            let name = match (group.sweden, &group.page) {
                (Some(m), _) => m.name.to_string(),
                (None, Some(p)) => p.name.value.clone(),
                (None, None) => group.spellings.preferred(),
            };
            (name, group)
        })
        .collect();
    named.sort_by(|a, b| collation::compare(&a.0, &b.0, &config.language).then_with(|| a.0.cmp(&b.0)));
    let owners: Vec<(&str, bool)> = named
        .iter()
        .map(|(n, g)| (n.as_str(), identity::owns_url_word(g.sweden, config.municipalities)))
        .collect();
    let slugs = identity::slugs(&owners, slug_of);
    for (i, (name, group)) in named.iter().enumerate() {
        warn_on_shared_url_word(name, &slugs[i], group, &named, sources, slug_of, warnings);
    }
    if config.municipalities == Municipalities::Sweden {
        warn_on_names_not_swedens(&named, sources, &mut ids, warnings);
    }
    let mut municipalities: Vec<Municipality> = named
        .into_iter()
        .zip(slugs)
        .map(|((name, group), slug)| {
            // Each spelling of one of Sweden's municipalities but its own is warned about already.
            if group.sweden.is_none() {
                super::warn_on_slug_collision(
                    &group.spellings,
                    &slug,
                    "municipality",
                    sources,
                    &group.visits,
                    warnings,
                );
            }
            Municipality {
                path: format!("{}/{}/", config.municipalities_path, slug),
                name,
                slug,
                page: group.page,
                visits: group.visits,
                sweden: group.sweden,
            }
        })
        .collect();
    municipalities.sort_by(|a, b| collation::compare(&a.name, &b.name, &config.language));
    municipalities
}

/// A warning for every name not written as Sweden's table writes it.
///
/// Each misspelt name is a warning where it was written, saying how to write it ("Vaxjo" is
/// counted as Växjö), because each file needs the fix; a name that is no municipality at all is
/// one warning per municipality, at its page or its oldest post. A misspelt municipality is
/// the one meant (its timeline, on the map, in its county): [`sweden::lookup`] resolves a name
/// only when one municipality is meant.
fn warn_on_names_not_swedens(
    named: &[(String, MunicipalityGroup)],
    sources: &[&PostSource],
    ids: &mut Identities,
    warnings: &mut Vec<Diagnostic>,
) {
    for (_, group) in named {
        let written = || {
            group
                .page
                .iter()
                .map(|p| (&p.path, &p.name))
                .chain(group.visits.iter().filter_map(|&pid| {
                    let p = &sources[pid];
                    p.municipality.as_ref().map(|m| (&p.path, m))
                }))
        };
        match group.sweden {
            Some(right) => {
                // Nearly every name is written right: its visits are not looked at again.
                let misspelt = if group.misspelt { Some(written()) } else { None };
                for (path, m) in misspelt.into_iter().flatten() {
                    if ids.of(&m.value).misspelt {
                        warnings.push(Diagnostic::warning(
                            path,
                            m.at.line.max(1),
                            m.at.column.max(1),
                            format!(
                                "\"{}\" is counted as {}; write it \"{}\", as the municipality is named",
                                m.value, right.name, right.name
                            ),
                        ));
                    }
                }
                if let Some(page) = &group.page {
                    warn_on_other_county(right, page, warnings);
                }
            }
            None => {
                if let Some((path, m)) = written().next() {
                    warnings.push(Diagnostic::warning(
                        path,
                        m.at.line.max(1),
                        m.at.column.max(1),
                        format!(
                            "\"{}\" is not one of Sweden's 290 municipalities; check the spelling, or set \
                             `municipalities = \"any\"` in config.toml for a site about other places",
                            m.value
                        ),
                    ));
                }
            }
        }
    }
}

/// A municipality page's `county` that is not the county Sweden's table puts it in is a
/// warning: the table's county is the one shown. "Jönköpings län", "jönköpings län" and
/// "Jönköping" all name Jönköpings län ([`sweden::County::is_named`]).
fn warn_on_other_county(m: &sweden::Municipality, page: &MunicipalityPage, warnings: &mut Vec<Diagnostic>) {
    let (Some(written), Some(county)) = (&page.county, sweden::county(m.county)) else {
        return;
    };
    if county.is_named(written) {
        return;
    }
    let at = page.county_at.unwrap_or(page.name.at);
    warnings.push(Diagnostic::warning(
        &page.path,
        at.line.max(1),
        at.column.max(1),
        format!(
            "{} lies in {}, not \"{written}\"; the county comes from the table of Sweden's municipalities, so `county` can go",
            m.name, county.name
        ),
    ));
}

/// A name whose URL word another name would have too (Håbo beside Habo) gets another one:
/// say so, and say where its page's file is expected.
fn warn_on_shared_url_word(
    name: &str,
    slug: &str,
    group: &MunicipalityGroup,
    named: &[(String, MunicipalityGroup)],
    sources: &[&PostSource],
    slug_of: &mut impl FnMut(&str) -> String,
    warnings: &mut Vec<Diagnostic>,
) {
    let plain = slug_of(name);
    if slug != plain {
        let others: Vec<String> = named
            .iter()
            .filter(|(other, _)| other != name && slug_of(other) == plain)
            .map(|(other, _)| format!("\"{other}\""))
            .collect();
        let place = match (&group.page, group.visits.first()) {
            (Some(page), _) => Some((&page.path, page.name.at)),
            (None, Some(&pid)) => Some((
                &sources[pid].path,
                sources[pid]
                    .municipality
                    .as_ref()
                    .map_or_else(Location::default, |m| m.at),
            )),
            (None, None) => None,
        };
        if let Some((path, at)) = place {
            warnings.push(Diagnostic::warning(
                path,
                at.line.max(1),
                at.column.max(1),
                format!(
                    "the municipality \"{name}\" has the URL word \"{slug}\", as \"{plain}\" would also be that of {}",
                    others.join(", ")
                ),
            ));
        }
    }
    if let Some(page) = &group.page {
        let stem = page
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if stem != slug {
            warnings.push(Diagnostic::warning(
                &page.path,
                page.name.at.line,
                page.name.at.column,
                format!(
                    "the page for \"{}\" is expected at content/municipalities/{slug}.md; its name decides its URL",
                    page.name.value
                ),
            ));
        }
    }
}

/// The visits before and after one post, to the same municipality.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Neighbours {
    pub previous: Option<PostId>,
    pub next: Option<PostId>,
}

/// Where each post stands on its municipality's timeline (by post id).
#[derive(Debug)]
pub struct Timelines {
    pub municipality: Vec<Option<MunicipalityId>>,
    pub visit_number: Vec<Option<u32>>,
    pub neighbours: Vec<Neighbours>,
}

/// Each post's place on the timeline of its municipality.
pub fn timelines(
    municipalities: &[Municipality],
    sources: &[&PostSource],
    warnings: &mut Vec<Diagnostic>,
) -> Timelines {
    let n = sources.len();
    let mut t = Timelines {
        municipality: vec![None; n],
        visit_number: vec![None; n],
        neighbours: vec![Neighbours::default(); n],
    };
    for (mid, m) in municipalities.iter().enumerate() {
        number_visits(m, sources, &mut t.visit_number, warnings);
        for (i, &pid) in m.visits.iter().enumerate() {
            t.municipality[pid] = Some(mid);
            t.neighbours[pid] = Neighbours {
                previous: i.checked_sub(1).map(|j| m.visits[j]),
                next: m.visits.get(i + 1).copied(),
            };
        }
    }
    t
}

/// The number of a visit that does not say its own: the one after the visit before it, or 1.
/// `besok new` uses the same rule, so the number it writes is the one the build would give.
pub fn next_visit_number(previous: Option<u32>) -> u32 {
    previous.map_or(1, |n| n + 1)
}

/// Numbers a municipality's visits in date order: a post's own `visit` wins, otherwise it is
/// the visit after the one before. A `visit` that contradicts the dates is a warning.
fn number_visits(
    m: &Municipality,
    sources: &[&PostSource],
    numbers: &mut [Option<u32>],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut previous: Option<(u32, PostId)> = None;
    for &pid in &m.visits {
        let p = &sources[pid];
        let number = match &p.visit {
            Some(v) => {
                if let Some((prev_number, prev_id)) = previous {
                    if v.value <= prev_number {
                        let prev = &sources[prev_id];
                        warnings.push(Diagnostic::warning(
                            &p.path,
                            v.at.line,
                            v.at.column,
                            format!(
                                "`visit = {}` contradicts the dates: the earlier visit to {} in {} ({}) is visit {}",
                                v.value,
                                m.name,
                                prev.path.display(),
                                prev.date.value.local_date(),
                                prev_number
                            ),
                        ));
                    }
                }
                v.value
            }
            None => next_visit_number(previous.map(|(n, _)| n)),
        };
        numbers[pid] = Some(number);
        previous = Some((number, pid));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_posts::{as_read, config, posts};

    #[test]
    fn habo_and_haabo_are_two_timelines_and_case_is_one() {
        let sources = posts(&[
            ("a.md", "2020-03-01", r#"municipality = "habo""#),
            ("b.md", "2020-02-01", r#"municipality = "Håbo""#),
            ("c.md", "2020-01-01", r#"municipality = "Habo""#),
        ]);
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        let ms = super::municipalities(
            &as_read(&sources),
            Vec::new(),
            &config(),
            &mut |n: &str| crate::slugs::slugify(n),
            &mut errors,
            &mut warnings,
        );
        let got: Vec<(&str, &str, Vec<usize>)> = ms
            .iter()
            .map(|m| (m.name.as_str(), m.slug.as_str(), m.visits.clone()))
            .collect();
        // Oldest visit first; the oldest spelling wins the tie.
        assert_eq!(got, [("Habo", "habo", vec![2, 0]), ("Håbo", "haabo", vec![1])]);
        assert!(errors.is_empty());
        assert!(warnings.iter().any(|w| w.message.contains("\"haabo\"")), "{warnings:?}");
    }

    #[test]
    fn visits_are_numbered_in_date_order_and_a_written_number_wins() {
        let sources = posts(&[
            ("c.md", "2020-03-01", r#"municipality = "Kalmar""#),
            ("b.md", "2020-02-01", "municipality = \"Kalmar\"\nvisit = 5"),
            ("a.md", "2020-01-01", r#"municipality = "Kalmar""#),
        ]);
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        let ms = super::municipalities(
            &as_read(&sources),
            Vec::new(),
            &config(),
            &mut |n: &str| crate::slugs::slugify(n),
            &mut errors,
            &mut warnings,
        );
        let t = super::timelines(&ms, &as_read(&sources), &mut warnings);
        assert_eq!(t.visit_number, [Some(6), Some(5), Some(1)]);
        assert_eq!(t.municipality, [Some(0), Some(0), Some(0)]);
        assert_eq!(
            t.neighbours[1],
            super::Neighbours {
                previous: Some(2),
                next: Some(0)
            }
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
