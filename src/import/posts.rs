//! WordPress posts as besok posts: front matter from the item (date with the blog's offset,
//! author, tags from tags and categories, municipality and visit from the words of the title),
//! the body from HTML to markdown.

use super::{dates, html, infer, urls::SitePaths, wxr};
use crate::config::Municipalities;
use crate::content::{self, parse_municipality_page, parse_post};
use crate::identity;
use crate::markdown::Typography;
use crate::scaffold::file_text;
use crate::sweden::{same_municipality, MunicipalityKey};
use chrono::{DateTime, FixedOffset};
use infer::VisitHint;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// WordPress's default category, which says nothing about a post.
const UNCATEGORIZED: &[&str] = &["uncategorized", "okategoriserade", "okategoriserat", "okategoriserad"];

#[derive(Serialize)]
struct FrontMatter {
    title: String,
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visit: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<String>,
}

/// A post of the export, converted, before the visit numbers are settled.
pub struct Candidate {
    pub item: wxr::Item,
    pub title: String,
    date: toml::value::Datetime,
    /// When the post was published (or is due): a post dated later waits in the build.
    pub instant: DateTime<FixedOffset>,
    pub draft: bool,
    author: Option<String>,
    tags: Vec<String>,
    categories: Vec<String>,
    pub slug: String,
    aliases: Vec<String>,
    /// The body converted with its addresses as written.
    pub body: html::Converted,
    municipality: Option<String>,
    hint: Option<VisitHint>,
    pub inferred_from: Option<String>,
    /// What the import could not tell and says so.
    pub notes: Vec<String>,
}

impl Candidate {
    /// The post's date as written in its front matter.
    pub fn date(&self) -> toml::value::Datetime {
        self.date
    }
}

/// What the site already holds, so the import neither clashes with it nor numbers against it.
#[derive(Default)]
pub struct Existing {
    /// Post slug → its file.
    pub slugs: HashMap<String, PathBuf>,
    /// Plain page URL path (`om/`) → its file.
    pub pages: HashMap<String, PathBuf>,
    /// Municipality → name, from pages and posts.
    municipalities: HashMap<MunicipalityKey, String>,
    /// Municipality and date of every existing visit.
    visits: Vec<(MunicipalityKey, DateTime<FixedOffset>)>,
    /// The site's `municipalities` (Sweden's, unless its config.toml says "any").
    places: Municipalities,
}

impl Existing {
    /// Which municipality a name is, by the build's rule: "Vaxjo" is Växjö's.
    fn key(&self, name: &str) -> MunicipalityKey {
        identity::identify(name, self.places).key
    }
}

/// One post item to a candidate: everything but the municipality, visit and final slug.
/// A post without a date is a draft dated as `neighbour` (or now), and says so.
pub fn convert(
    item: wxr::Item,
    draft: bool,
    export: &wxr::Export,
    paths: &SitePaths,
    neighbour: Option<&dates::Neighbour>,
) -> Candidate {
    let mut notes = Vec::new();
    let decoded_name = percent_encoding::percent_decode_str(&item.post_name)
        .decode_utf8_lossy()
        .to_string();
    let mut title = item.title.trim().to_string();
    if title.is_empty() {
        title = if decoded_name.is_empty() {
            format!("Inlägg {}", item.id.unwrap_or_default())
        } else {
            decoded_name.replace('-', " ")
        };
        notes.push(format!("title: the post has none; wrote \"{title}\""));
    }
    let (date, instant, draft) = match dates::post_date(&item) {
        Some((date, instant, note)) => {
            notes.extend(note);
            (date, instant, draft)
        }
        None => {
            let (date, instant, from) = match neighbour {
                Some(n) => (
                    n.date,
                    n.instant,
                    format!(
                        "dated as {}, \"{}\"",
                        if n.before {
                            "the post before it in the export"
                        } else {
                            "the next post of the export"
                        },
                        n.title
                    ),
                ),
                None => {
                    let now = chrono::Utc::now().fixed_offset();
                    (dates::toml_datetime(&now, true), now, "dated today".to_string())
                }
            };
            notes.push(format!(
                "date: the post has none; imported as a draft {from}: give it its date, then remove draft = true"
            ));
            (date, instant, true)
        }
    };
    let author = item
        .creator
        .as_ref()
        .map(|login| export.authors.get(login).cloned().unwrap_or_else(|| login.clone()));
    let mut slug = crate::slugs::slugify(&decoded_name);
    if slug.is_empty() {
        slug = crate::slugs::slugify(&title);
    }
    if slug.is_empty() {
        slug = format!("post-{}", item.id.unwrap_or_default());
    }
    let mut aliases = Vec::new();
    if let Some(alias) = item.link.as_deref().and_then(|l| paths.alias(l)) {
        aliases.push(alias);
    }
    if let Some(short) = item.id.and_then(|id| paths.short_link("p", id)) {
        if !aliases.contains(&short) {
            aliases.push(short);
        }
    }
    let body = html::to_markdown(&item.content);
    let found = infer::find(&title).map(|f| (f, "the title".to_string())).or_else(|| {
        item.categories
            .iter()
            .find_map(|c| infer::find(c).map(|f| (f, format!("category \"{c}\""))))
    });
    let (municipality, mut hint, inferred_from) = match found {
        Some((f, from)) => (Some(f.municipality), f.visit, Some(from)),
        None => (None, None, None),
    };
    let mut inferred_from = inferred_from;
    // "Besök i Vetlanda" whose first paragraph says "återbesök i Vetlanda": a return visit.
    if let (Some(m), None) = (&municipality, hint) {
        let first_paragraph = body.markdown.split("\n\n").next().unwrap_or("");
        if let Some(f) = infer::find(first_paragraph) {
            if same_municipality(&f.municipality, m) && f.visit.is_some() {
                hint = f.visit;
                inferred_from = inferred_from.map(|from| format!("{from} and the first paragraph"));
            }
        }
    }
    Candidate {
        title,
        date,
        instant,
        draft,
        author,
        tags: item.tags.clone(),
        categories: item.categories.clone(),
        slug,
        aliases,
        body,
        municipality,
        hint,
        inferred_from,
        notes,
        item,
    }
}

/// Posts whose title says nothing get their municipality from a category that names one
/// the import or the site already knows ("Kalmar").
pub fn infer_municipalities(candidates: &mut [Candidate], existing: &Existing) {
    // A name that is a municipality of Sweden as misspelt ("Vaxjo") is written as Sweden
    // names it, as the build would count it.
    for c in candidates.iter_mut() {
        if let Some(m) = &mut c.municipality {
            if let Some(sweden) = identity::identify(m, existing.places).sweden {
                if *m != sweden.name {
                    *m = sweden.name.to_string();
                }
            }
        }
    }
    let mut known: HashMap<MunicipalityKey, String> = existing.municipalities.clone();
    for c in candidates.iter() {
        if let Some(m) = &c.municipality {
            known.entry(existing.key(m)).or_insert_with(|| m.clone());
        }
    }
    for c in candidates.iter_mut() {
        if c.municipality.is_none() {
            if let Some((cat, name)) = c
                .categories
                .iter()
                .find_map(|cat| known.get(&existing.key(cat)).map(|n| (cat.clone(), n.clone())))
            {
                c.municipality = Some(name);
                c.inferred_from = Some(format!("category \"{cat}\""));
            }
        }
        // Categories become tags, except WordPress's default one and those that only say the
        // municipality (that is what `municipality` is for).
        let m_key = c.municipality.as_deref().map(|m| existing.key(m));
        let mut seen: HashSet<String> = HashSet::new();
        let mut tags = Vec::new();
        for t in c.tags.iter().chain(c.categories.iter()) {
            let s = crate::slugs::slugify(t);
            let is_municipality = m_key == Some(existing.key(t))
                || infer::find(t).is_some_and(|f| Some(existing.key(&f.municipality)) == m_key);
            if s.is_empty() || UNCATEGORIZED.contains(&s.as_str()) || is_municipality || !seen.insert(s) {
                continue;
            }
            tags.push(t.trim().to_string());
        }
        c.tags = tags;
    }
}

/// "Kommunbesök 2 i Kalmar" is visit 2. "Återbesök i Vetlanda" is left to the build's counting
/// when an earlier visit is known; when none is, it is written as visit 2, since the first
/// visit happened before the blog.
pub fn settle_visits(candidates: &mut [Candidate], existing: &Existing) {
    // The first visit to each municipality, of the export and the site.
    let mut first: HashMap<MunicipalityKey, DateTime<FixedOffset>> = HashMap::new();
    let dates = candidates
        .iter()
        .filter_map(|c| c.municipality.as_ref().map(|m| (existing.key(m), c.instant)))
        .chain(existing.visits.iter().cloned());
    for (key, date) in dates {
        first.entry(key).and_modify(|d| *d = (*d).min(date)).or_insert(date);
    }
    for c in candidates.iter_mut() {
        if let (Some(VisitHint::Return), Some(m)) = (c.hint, &c.municipality) {
            let earlier = first.get(&existing.key(m)).is_some_and(|d| *d < c.instant);
            c.hint = (!earlier).then_some(VisitHint::Number(2));
        }
    }
}

/// Gives posts that share a URL word within the export `-2`, `-3`, ... in export order, so a
/// second run picks the same names.
pub fn assign_slugs(candidates: &mut [Candidate]) {
    let mut used: HashSet<String> = HashSet::new();
    for c in candidates.iter_mut() {
        let base = c.slug.clone();
        let mut n = 2;
        while !used.insert(c.slug.clone()) {
            c.slug = format!("{base}-{n}");
            n += 1;
        }
    }
}

/// The post's featured photo: a file of its bundle and what it shows.
pub struct Featured {
    pub file: String,
    pub alt: Option<String>,
}

/// The file's text, with `body` and `summary` (markdown whose addresses are settled), and the
/// municipality and visit written into it.
pub fn render(
    c: &Candidate,
    body: &str,
    summary: Option<String>,
    featured: Option<Featured>,
) -> (String, Option<String>, Option<u32>) {
    let visit = match c.hint {
        Some(VisitHint::Number(n)) if c.municipality.is_some() => Some(n),
        _ => None,
    };
    let front = FrontMatter {
        title: c.title.clone(),
        date: c.date,
        author: c.author.clone(),
        municipality: c.municipality.clone(),
        visit,
        tags: c.tags.clone(),
        draft: c.draft,
        summary: summary.filter(|s| !s.trim().is_empty()),
        slug: (c.slug != crate::slugs::slugify(&c.title)).then(|| c.slug.clone()),
        aliases: c.aliases.clone(),
        image_alt: featured.as_ref().and_then(|f| f.alt.clone()),
        image: featured.map(|f| f.file),
    };
    let mut comments = vec![match (&c.item.id, &c.item.link) {
        (Some(id), Some(link)) => format!("Imported from WordPress: post {id}, {link}"),
        (Some(id), None) => format!("Imported from WordPress: post {id}"),
        _ => "Imported from WordPress".to_string(),
    }];
    if c.municipality.is_none() {
        comments.push("municipality = \"...\"   (not found in the title or categories)".into());
    }
    (file_text(&front, &comments, body), c.municipality.clone(), visit)
}

/// Slugs, municipalities and visit dates already in `into` (files that do not parse are left
/// to the build to report).
pub fn read_existing(into: &Path) -> Existing {
    let typography = Typography::for_language("sv");
    let mut existing = Existing {
        places: crate::config::Config::load(&into.join("config.toml"), Path::new("config.toml"))
            .map_or(Municipalities::Sweden, |c| c.municipalities),
        ..Existing::default()
    };
    let mut ignored = Vec::new();
    for rel in content::find_markdown(into, Path::new("posts"), &mut ignored) {
        let Ok(text) = crate::source::read_text(into, &rel) else {
            continue;
        };
        let reading = content::Reading {
            typography,
            slugs_from: crate::config::SlugsFrom::Title,
        };
        let Ok(p) = parse_post(&text, &rel, reading) else {
            continue;
        };
        if let Some(m) = &p.municipality {
            let key = existing.key(&m.value);
            existing
                .municipalities
                .entry(key.clone())
                .or_insert_with(|| m.value.clone());
            existing.visits.push((key, p.date.value.datetime));
        }
        existing.slugs.insert(p.slug.value.clone(), rel);
    }
    for rel in content::find_markdown(into, Path::new("pages"), &mut ignored) {
        let Ok(text) = crate::source::read_text(into, &rel) else {
            continue;
        };
        // The page's URL is made from its place below content/pages/.
        if let Ok(page) = content::parse_page(&text, &Path::new("content").join(&rel), typography) {
            existing.pages.insert(page.url_path, rel);
        }
    }
    for rel in content::find_markdown(into, Path::new("municipalities"), &mut ignored) {
        let Ok(text) = crate::source::read_text(into, &rel) else {
            continue;
        };
        if let Ok(page) = parse_municipality_page(&text, &rel, typography) {
            existing
                .municipalities
                .insert(existing.key(&page.name.value), page.name.value.clone());
        }
    }
    existing
}
