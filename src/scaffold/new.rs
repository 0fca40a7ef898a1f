//! `besok new`: the report of the next visit, with date, municipality and visit number filled in
//! from the site's own posts, a municipality page, or a plain page.

use super::{create_new, file_text, toml_date};
use crate::collation;
use crate::config::{Config, Municipalities};
use crate::content::{self, LoadedContent, PostSource};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::identity::{self, Identities, Spellings};
use crate::model::next_visit_number;
use crate::sweden::{self, Lookup, MunicipalityKey};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What `besok new "Title"` was asked for.
#[derive(Debug, Clone)]
pub struct NewPost {
    pub root: PathBuf,
    pub title: String,
    pub municipality: Option<String>,
    pub date: NaiveDate,
    pub tags: Vec<String>,
    /// The URL word, when the title's would clash with an earlier post.
    pub slug: Option<String>,
}

#[derive(Debug)]
pub struct NewPostReport {
    /// The file written (the site root joined with `content/posts/<slug>.md`).
    pub path: PathBuf,
    /// The municipality as written into the file (the site's spelling when it knows it).
    pub municipality: Option<String>,
    pub visit: Option<u32>,
    /// Tags of earlier visits to the municipality, most used first, offered in a comment.
    pub offered_tags: Vec<String>,
    /// Things the writer should know: an unknown municipality, a changed spelling, later visits.
    pub notes: Vec<String>,
    /// Problems in other files of the site; the visit number counts only the posts that could be read.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct PostFrontMatter<'a> {
    title: &'a str,
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    municipality: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    visit: Option<u32>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
}

/// What `besok new --municipality-page Name` was asked for.
#[derive(Debug, Clone)]
pub struct NewMunicipalityPage {
    pub root: PathBuf,
    pub name: String,
    pub county: Option<String>,
    pub website: Option<String>,
}

#[derive(Serialize)]
struct PageFrontMatter<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    county: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
}

/// What `besok new --page "Om oss"` was asked for.
#[derive(Debug, Clone)]
pub struct NewPage {
    pub root: PathBuf,
    pub title: String,
    /// The file's name and URL word, instead of the title's.
    pub slug: Option<String>,
}

#[derive(Serialize)]
struct PlainPageFrontMatter<'a> {
    title: &'a str,
}

/// The site's config and every post and municipality page that could be read, drafts included.
fn load(root: &Path) -> Result<(Config, LoadedContent)> {
    let config_path = root.join("config.toml");
    if !config_path.is_file() {
        return Err(Error::Refused {
            path: root.join("content"),
            reason: format!(
                "{} has no config.toml; run besok in a site's folder or pass --root DIR",
                if root == Path::new(".") {
                    "this folder".to_string()
                } else {
                    super::shown(root)
                }
            ),
        });
    }
    let config = Config::load(&config_path, Path::new("config.toml")).map_err(Error::Content)?;
    let loaded = content::load(root, content::Reading::of(&config));
    Ok((config, loaded))
}

/// Writes `content/posts/<slug>.md` for a new post. The visit number follows the same rule as
/// the build: after the latest earlier visit (its own `visit`, or counted), or 1.
pub fn new_post(request: &NewPost) -> Result<NewPostReport> {
    let (config, loaded) = load(&request.root)?;
    let title = request.title.trim();
    let NewFile { slug, rel, path } = new_file(
        &request.root,
        Path::new("content/posts"),
        title,
        request.slug.as_deref(),
    )?;
    if let Some(taken) = loaded.posts.iter().find(|p| p.slug.value == slug) {
        return Err(Error::Refused {
            path: rel,
            reason: format!(
                "its URL posts/{slug}/ is already taken by {}; choose another title or pass --slug WORD",
                super::shown(&taken.path)
            ),
        });
    }

    let mut notes = Vec::new();
    let mut municipality = None;
    let mut visit = None;
    let mut offered_tags = Vec::new();
    if let Some(asked) = request.municipality.as_deref().map(str::trim) {
        if crate::slugs::slugify(asked).is_empty() {
            return Err(Error::Refused {
                path: rel,
                reason: format!("--municipality \"{asked}\" has no letters or digits; expected a name like Vetlanda"),
            });
        }
        let places = config.municipalities;
        let mut ids = Identities::new(places);
        let key = site_municipality_key(asked, &loaded, &mut ids);
        let visits: Vec<&PostSource> = loaded
            .posts
            .iter()
            .map(|p| &**p)
            .filter(|p| p.municipality.as_ref().is_some_and(|m| ids.of(&m.value).key == key))
            .collect();
        let page = loaded
            .municipality_pages
            .iter()
            .find(|p| ids.of(&p.name.value).key == key);
        // Named as the build will name it: Sweden's name, else its page's name, else the
        // spelling most posts use.
        let known = identity::site_municipalities(&loaded.posts, &loaded.municipality_pages, places)
            .into_iter()
            .find(|m| m.key == key)
            .map(|m| m.name)
            .or_else(|| page.map(|p| p.name.value.clone()));
        let name = match known {
            Some(k) if k != asked => {
                notes.push(format!(
                    "wrote the municipality as \"{k}\", as the site already spells it"
                ));
                k
            }
            Some(k) => k,
            None => first_visit_name(asked, &config, &mut notes),
        };

        let mut earlier: Vec<&PostSource> = visits
            .iter()
            .copied()
            .filter(|p| p.date.value.local_date() <= request.date)
            .collect();
        // Oldest first: the site's order read backwards, as the build numbers visits.
        earlier.sort_by(|a, b| PostSource::site_order(b, a));
        let mut previous = None;
        for p in &earlier {
            previous = Some(
                p.visit
                    .as_ref()
                    .map_or_else(|| next_visit_number(previous), |v| v.value),
            );
        }
        visit = Some(next_visit_number(previous));
        let later = visits.len() - earlier.len();
        if later > 0 {
            notes.push(format!(
                "{later} visit{} to {name} {} dated after {}; check their `visit` numbers",
                if later == 1 { "" } else { "s" },
                if later == 1 { "is" } else { "are" },
                request.date
            ));
        }
        offered_tags = tags_of(&earlier, &request.tags, &config.language);
        municipality = Some(name);
    }

    let tags: Vec<String> = request
        .tags
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let explicit_slug = request
        .slug
        .as_ref()
        .map(|_| slug.as_str())
        .filter(|s| *s != crate::slugs::slugify(title));
    let front = PostFrontMatter {
        title,
        date: toml_date(request.date),
        municipality: municipality.as_deref(),
        visit,
        tags: &tags,
        slug: explicit_slug,
    };
    let mut comments = Vec::new();
    if let (Some(m), false) = (&municipality, offered_tags.is_empty()) {
        let quoted: Vec<String> = offered_tags
            .iter()
            .map(|t| toml::Value::String(t.clone()).to_string())
            .collect();
        comments.push(format!("Tags of earlier visits to {m}, to copy into `tags` above:"));
        comments.push(quoted.join(", "));
    }
    create_new(&path, &file_text(&front, &comments, ""))?;
    Ok(NewPostReport {
        path,
        municipality,
        visit,
        offered_tags,
        notes,
        warnings: loaded.errors,
    })
}

/// The name to write for a municipality the site does not know yet, with a note on it: on a
/// site of Sweden's municipalities, Sweden's spelling ("vaxjo" is written "Växjö", and the note
/// says so), so the new post never starts a misspelt timeline the build then warns about.
fn first_visit_name(asked: &str, config: &Config, notes: &mut Vec<String>) -> String {
    let first = format!("no post or municipality page of this site names {asked} yet, so this is its first visit");
    let lookup = match config.municipalities {
        Municipalities::Sweden => sweden::lookup(asked),
        Municipalities::Any => {
            notes.push(format!(
                "{first}; check the spelling, or add its page with: besok new --municipality-page \"{asked}\""
            ));
            return asked.to_string();
        }
    };
    match lookup {
        Lookup::Exact(m) => {
            notes.push(first);
            m.name.to_string()
        }
        Lookup::Suggest(m) => {
            notes.push(format!(
                "wrote the municipality as \"{}\", the name of the Swedish municipality; no post or municipality page \
                 of this site names it yet, so this is its first visit",
                m.name
            ));
            m.name.to_string()
        }
        Lookup::Unknown => {
            notes.push(format!(
                "\"{asked}\" is not one of Sweden's 290 municipalities, and no post or municipality page of this site \
                 names it; check the spelling (for a site about other places, set `municipalities = \"any\"` in config.toml)"
            ));
            asked.to_string()
        }
    }
}

/// Which municipality of the site `asked` means, by the build's rule ([`identity`]): "vaxjo" is
/// Växjö on a site of Sweden's municipalities, and "Håbo" is not "Habo". A name of no Swedish
/// municipality typed without å, ä and ö ("latensbo" for "Låtensbo") is the only one of the
/// site's names with that URL word, if there is one. A name the site does not know yet is a new
/// municipality.
fn site_municipality_key(asked: &str, loaded: &LoadedContent, ids: &mut Identities) -> MunicipalityKey {
    let id = ids.of(asked).clone();
    let names: Vec<&str> = loaded
        .posts
        .iter()
        .filter_map(|p| p.municipality.as_ref().map(|m| m.value.as_str()))
        .chain(loaded.municipality_pages.iter().map(|p| p.name.value.as_str()))
        .collect();
    if id.sweden.is_some() || !asked.is_ascii() || names.iter().any(|n| ids.of(n).key == id.key) {
        return id.key;
    }
    let slug = crate::slugs::slugify(asked);
    let mut keys: Vec<MunicipalityKey> = names
        .iter()
        .filter(|n| crate::slugs::slugify(n) == slug)
        .map(|n| ids.of(n).key.clone())
        .collect();
    keys.sort();
    keys.dedup();
    match keys.as_slice() {
        [only] => only.clone(),
        _ => id.key,
    }
}

/// Writes `content/municipalities/<slug>.md`.
pub fn new_municipality_page(request: &NewMunicipalityPage) -> Result<PathBuf> {
    let (config, loaded) = load(&request.root)?;
    let name = request.name.trim();
    // The URL word the build will give it: Håbo's page is haabo.md on a site that has Habo.
    let places = config.municipalities;
    let others = identity::site_municipalities(&loaded.posts, &loaded.municipality_pages, places);
    let slug = if crate::slugs::slugify(name).is_empty() {
        String::new()
    } else {
        identity::slug_among(name, &others, places, &config.language)
    };
    let rel = Path::new(content::MUNICIPALITY_PAGES).join(format!("{slug}.md"));
    if slug.is_empty() {
        return Err(Error::Refused {
            path: rel,
            reason: format!("the name \"{name}\" has no letters or digits; expected a name like Vetlanda"),
        });
    }
    if let Some(other) = loaded
        .municipality_pages
        .iter()
        .find(|p| identity::identify(&p.name.value, places).key == identity::identify(name, places).key)
    {
        return Err(Error::Refused {
            path: rel,
            reason: format!(
                "{} is already the page of {}",
                super::shown(&other.path),
                other.name.value
            ),
        });
    }
    let county = request.county.as_deref().map(str::trim).filter(|c| !c.is_empty());
    // The build takes a Swedish municipality's county from the table (a page's other county is
    // a warning there): a county the writer gets wrong is refused before it is written.
    if let (Some(written), Municipalities::Sweden) = (county, config.municipalities) {
        let known = match sweden::lookup(name) {
            Lookup::Exact(m) | Lookup::Suggest(m) => Some(m),
            Lookup::Unknown => None,
        };
        if let Some((m, right)) = known.and_then(|m| Some((m, sweden::county(m.county)?))) {
            if !right.is_named(written) {
                return Err(Error::Refused {
                    path: rel,
                    reason: format!(
                        "{} lies in {}, not \"{written}\"; pass --county \"{}\", or leave --county out (the county comes from the table of Sweden's municipalities)",
                        m.name, right.name, right.name
                    ),
                });
            }
        }
    }
    // One of Sweden's municipalities is written as Sweden writes it, as a post's is.
    let name = match identity::identify(name, places).sweden {
        Some(m) => m.name,
        None => name,
    };
    let front = PageFrontMatter {
        name,
        county,
        website: request.website.as_deref().map(str::trim).filter(|w| !w.is_empty()),
    };
    let mut comments = vec![
        "Optional: where it is, in decimal degrees, for maps:".to_string(),
        "lat = 57.4275".to_string(),
        "lon = 15.0853".to_string(),
    ];
    if front.website.is_none() {
        comments.push("website = \"https://www.example.se/\"".to_string());
    }
    comments.push("The text below the closing +++ is the introduction on the municipality's timeline.".to_string());
    let path = request.root.join(&rel);
    create_new(&path, &file_text(&front, &comments, ""))?;
    Ok(path)
}

/// Writes `content/pages/<slug>.md` for a plain page, its URL word made from the title (or
/// `slug`). Refused when the file exists or another page already has that URL (a folder's
/// `index.md`).
pub fn new_page(request: &NewPage) -> Result<PathBuf> {
    let (_, loaded) = load(&request.root)?;
    let title = request.title.trim();
    let NewFile { slug, rel, path } = new_file(
        &request.root,
        Path::new(content::PAGES_DIR),
        title,
        request.slug.as_deref(),
    )?;
    let url = format!("{slug}/");
    if let Some(taken) = loaded.pages.iter().find(|p| p.url_path == url) {
        return Err(Error::Refused {
            path: rel,
            reason: format!(
                "its URL {url} is already taken by {}; choose another title or pass --slug WORD",
                super::shown(&taken.path)
            ),
        });
    }
    let comments = vec![
        "To show the page in the main navigation (lower numbers first):".to_string(),
        "menu = 1".to_string(),
    ];
    create_new(&path, &file_text(&PlainPageFrontMatter { title }, &comments, ""))?;
    Ok(path)
}

/// Tags of the given posts, most used first (then alphabetically), leaving out those already chosen.
fn tags_of(posts: &[&PostSource], chosen: &[String], language: &str) -> Vec<String> {
    let chosen: Vec<String> = chosen.iter().map(crate::slugs::slugify).collect();
    let mut by_slug: HashMap<String, Spellings> = HashMap::new();
    for p in posts {
        for t in &p.tags {
            let s = crate::slugs::slugify(&t.value);
            if chosen.contains(&s) {
                continue;
            }
            by_slug.entry(s).or_default().count(&t.value);
        }
    }
    let mut tags: Vec<(String, usize)> = by_slug
        .into_values()
        .map(|spellings| (spellings.preferred(), spellings.iter().map(|s| s.count).sum::<usize>()))
        .collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| collation::compare(&a.0, &b.0, language)));
    tags.into_iter().map(|(t, _)| t).collect()
}

/// Where `besok new` writes a post or a page: its URL word and file.
struct NewFile {
    slug: String,
    /// Relative to the site's folder, as messages name it.
    rel: PathBuf,
    path: PathBuf,
}

/// The file `dir/<slug>.md` for a new post or page titled `title` (or `--slug`), refused when
/// the title makes no file name or the file exists: besok never replaces a file.
fn new_file(root: &Path, dir: &Path, title: &str, slug: Option<&str>) -> Result<NewFile> {
    let slug = crate::slugs::slugify(slug.unwrap_or(title));
    let rel = dir.join(format!("{slug}.md"));
    if slug.is_empty() {
        return Err(Error::Refused {
            path: rel,
            reason: "the title has no letters or digits to make a file name from; pass --slug WORD".into(),
        });
    }
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Refused {
            path: rel,
            reason:
                "the file already exists, and besok never replaces a file; choose another title or pass --slug WORD"
                    .into(),
        });
    }
    Ok(NewFile { slug, rel, path })
}
