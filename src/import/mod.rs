//! `besok import wordpress`: a WordPress export (WXR) to besok posts, without losing a post or
//! an old link.
//!
//! The whole export is read, converted and checked before the first file is written, so a
//! broken export writes nothing. Each post's file is parsed back with besok's own post parser
//! before it is written, so what is written builds. Existing files are never replaced: they
//! are reported and the import goes on, which also makes a second run write nothing new.

mod html;
pub mod infer;
mod wxr;

use crate::content::{self, parse_municipality_page, parse_post};
use crate::diagnostics::{line_column, Diagnostic};
use crate::error::{Error, Result};
use crate::identity::{same_municipality, MunicipalityKey};
use crate::markdown::Typography;
use crate::scaffold::{create_new, file_text, shown};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use infer::VisitHint;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// WordPress's default category, which says nothing about a post.
const UNCATEGORIZED: &[&str] = &["uncategorized", "okategoriserade", "okategoriserat", "okategoriserad"];

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The WXR file.
    pub export: PathBuf,
    /// The site's content folder; posts go to `<into>/posts/`.
    pub into: PathBuf,
}

/// A post written by the import.
#[derive(Debug, Clone)]
pub struct ImportedPost {
    pub path: PathBuf,
    pub title: String,
    pub draft: bool,
    pub municipality: Option<String>,
    pub visit: Option<u32>,
    /// Where the municipality and visit were read, e.g. "title", "category \"Kalmar\"".
    pub inferred_from: Option<String>,
}

/// An item of the export that was not written, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub what: String,
    pub reason: String,
}

/// Something the import could not work out, and where: the file written and the export's line.
#[derive(Debug, Clone, PartialEq)]
pub struct NotInferred {
    pub path: PathBuf,
    pub export_line: usize,
    pub what: String,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<ImportedPost>,
    pub skipped: Vec<Skipped>,
    pub not_inferred: Vec<NotInferred>,
    /// Images that still load from the old site (the writer should download them).
    pub remote_images: usize,
    /// WordPress comments, which besok does not have.
    pub comments: usize,
}

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
}

/// A post of the export, converted, before the visit numbers are settled.
struct Candidate {
    item: wxr::Item,
    title: String,
    date: toml::value::Datetime,
    instant: DateTime<FixedOffset>,
    draft: bool,
    author: Option<String>,
    tags: Vec<String>,
    categories: Vec<String>,
    slug: String,
    aliases: Vec<String>,
    summary: Option<String>,
    body: html::Converted,
    municipality: Option<String>,
    hint: Option<VisitHint>,
    inferred_from: Option<String>,
    notes: Vec<String>,
}

/// What the site already holds, so the import neither clashes with it nor numbers against it.
#[derive(Default)]
struct Existing {
    /// Post slug → its file.
    slugs: HashMap<String, PathBuf>,
    /// Municipality → name, from pages and posts.
    municipalities: HashMap<MunicipalityKey, String>,
    /// Municipality and date of every existing visit.
    visits: Vec<(MunicipalityKey, DateTime<FixedOffset>)>,
}

/// Imports a WordPress export into `options.into`.
pub fn import_wordpress(options: &ImportOptions) -> Result<ImportReport> {
    let bytes = std::fs::read(&options.export).map_err(|e| Error::io("cannot read", &options.export, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
        let (line, column) = line_column(good, offset);
        Error::Content(vec![Diagnostic::error(
            &options.export,
            line,
            column,
            format!("the export is not UTF-8 (byte {offset}); expected the XML file as WordPress wrote it"),
        )])
    })?;
    let export = wxr::parse(&text, &options.export).map_err(|d| Error::Content(vec![d]))?;
    let existing = read_existing(&options.into);
    let mut report = ImportReport::default();

    let mut candidates = Vec::new();
    let mut other_types: BTreeMap<String, usize> = BTreeMap::new();
    for item in export.items.iter().cloned() {
        report.comments += item.comments;
        let title = item.title.trim().to_string();
        let url = item.link.clone().unwrap_or_default();
        match item.post_type.as_str() {
            "post" => {}
            "page" => {
                report.skipped.push(Skipped {
                    what: format!("page \"{title}\" ({url})"),
                    reason: "pages are not imported; write it as a plain page with besok new --page (its text stays in the export)".into(),
                });
                continue;
            }
            "attachment" => {
                let file = item.attachment_url.clone().unwrap_or(url);
                report.skipped.push(Skipped {
                    what: format!("attachment \"{title}\" ({file})"),
                    reason: "files are not downloaded; posts keep linking to them on the old site".into(),
                });
                continue;
            }
            other => {
                *other_types
                    .entry(if other.is_empty() {
                        "untyped".into()
                    } else {
                        other.into()
                    })
                    .or_default() += 1;
                continue;
            }
        }
        let draft = match item.status.as_str() {
            // A scheduled post keeps its date: the build holds it back until then.
            "publish" | "future" | "" => false,
            "draft" | "pending" | "private" => true,
            status => {
                report.skipped.push(Skipped {
                    what: format!("post \"{title}\" (line {} of the export)", item.line),
                    reason: format!("its WordPress status is \"{status}\", not a post to keep"),
                });
                continue;
            }
        };
        match convert(item, draft, &export) {
            Ok(c) => candidates.push(c),
            Err(skipped) => report.skipped.push(skipped),
        }
    }
    for (kind, count) in other_types {
        report.skipped.push(Skipped {
            what: format!("{count} item{} of type {kind}", if count == 1 { "" } else { "s" }),
            reason: "menus, revisions and blocks are WordPress's own, not posts".into(),
        });
    }

    infer_municipalities(&mut candidates, &existing);
    settle_visits(&mut candidates, &existing);
    assign_slugs(&mut candidates);

    // Everything is converted and checked; now write, never over an existing file.
    let typography = Typography::for_language("sv");
    for c in candidates {
        let rel = Path::new("posts").join(format!("{}.md", c.slug));
        let path = options.into.join(&rel);
        let what = format!("post \"{}\" ({})", c.title, shown(&path));
        if path.exists() {
            report.skipped.push(Skipped {
                what,
                reason: "the file already exists; left as it is".into(),
            });
            continue;
        }
        if let Some(other) = existing.slugs.get(&c.slug) {
            report.skipped.push(Skipped {
                what,
                reason: format!(
                    "its URL posts/{}/ is taken by {}; left out",
                    c.slug,
                    shown(&options.into.join(other))
                ),
            });
            continue;
        }
        let (text, municipality, visit) = render(&c);
        // The file must load in a build: check it with besok's own parser first.
        if let Err(errors) = parse_post(&text, &rel, typography) {
            let first = errors.first().map(|d| d.message.clone()).unwrap_or_default();
            report.skipped.push(Skipped {
                what,
                reason: format!("it would not build: {first}"),
            });
            continue;
        }
        match create_new(&path, &text) {
            Ok(()) => {}
            Err(Error::Refused { reason, .. }) => {
                report.skipped.push(Skipped { what, reason });
                continue;
            }
            Err(e) => return Err(e),
        }
        report.remote_images += c.body.remote_images;
        if municipality.is_none() {
            report.not_inferred.push(NotInferred {
                path: path.clone(),
                export_line: c.item.line,
                what: "municipality: no \"besök i <name>\" in the title or a category".into(),
            });
        }
        for note in &c.notes {
            report.not_inferred.push(NotInferred {
                path: path.clone(),
                export_line: c.item.line,
                what: note.clone(),
            });
        }
        if !c.body.shortcodes.is_empty() {
            report.not_inferred.push(NotInferred {
                path: path.clone(),
                export_line: c.item.line,
                what: format!("shortcodes left as text: [{}]", c.body.shortcodes.join("], [")),
            });
        }
        report.imported.push(ImportedPost {
            path,
            title: c.title,
            draft: c.draft,
            municipality,
            visit,
            inferred_from: c.inferred_from,
        });
    }
    Ok(report)
}

/// One post item to a candidate: everything but the municipality, visit and final slug.
fn convert(item: wxr::Item, draft: bool, export: &wxr::Export) -> std::result::Result<Candidate, Skipped> {
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
    let Some((date, instant, date_note)) = post_date(&item, export) else {
        return Err(Skipped {
            what: format!("post \"{title}\" (line {} of the export)", item.line),
            reason: "it has no date in wp:post_date or pubDate".into(),
        });
    };
    if let Some(n) = date_note {
        notes.push(n);
    }
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
    if let Some(alias) = item.link.as_deref().and_then(url_path) {
        aliases.push(alias);
    }
    if let Some(id) = item.id {
        let short = format!("/?p={id}");
        if !aliases.contains(&short) {
            aliases.push(short);
        }
    }
    let summary = Some(html::to_markdown(&item.excerpt).markdown.trim().to_string()).filter(|s| !s.is_empty());
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
    Ok(Candidate {
        title,
        date,
        instant,
        draft,
        author,
        tags: item.tags.clone(),
        categories: item.categories.clone(),
        slug,
        aliases,
        summary,
        body,
        municipality,
        hint,
        inferred_from,
        notes,
        item,
    })
}

/// The post's date with the blog's offset (wp:post_date minus wp:post_date_gmt), so
/// "2016-12-08 14:30:00" in Stockholm is written 2016-12-08T14:30:00+01:00.
fn post_date(
    item: &wxr::Item,
    export: &wxr::Export,
) -> Option<(toml::value::Datetime, DateTime<FixedOffset>, Option<String>)> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok())
    };
    if let Some(local) = parse(&item.post_date) {
        let offset = parse(&item.post_date_gmt)
            .map(|gmt| (local - gmt).num_minutes())
            .filter(|m| m.abs() <= 14 * 60)
            .and_then(|m| FixedOffset::east_opt((m * 60) as i32));
        let note = offset.is_none().then(|| {
            "time zone: no wp:post_date_gmt, so the time is written without an offset (read as UTC)".to_string()
        });
        let instant = offset
            .unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
            .from_local_datetime(&local)
            .single()?;
        return Some((toml_datetime(&instant, offset.is_some()), instant, note));
    }
    let fallback = item
        .pub_date
        .as_deref()
        .and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok())
        .filter(|d| chrono::Datelike::year(d) > 1900)
        .map(|d| (d, "date: no wp:post_date; used the item's pubDate"))
        .or_else(|| {
            export
                .pub_date
                .as_deref()
                .and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok())
                .map(|d| (d, "date: the post has none; used the date of the export"))
        })?;
    Some((
        toml_datetime(&fallback.0, true),
        fallback.0,
        Some(fallback.1.to_string()),
    ))
}

fn toml_datetime(d: &DateTime<FixedOffset>, with_offset: bool) -> toml::value::Datetime {
    use chrono::{Datelike, Timelike};
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: Some(toml::value::Time {
            hour: d.hour() as u8,
            minute: d.minute() as u8,
            second: d.second() as u8,
            nanosecond: 0,
        }),
        offset: with_offset.then(|| toml::value::Offset::Custom {
            minutes: (d.offset().local_minus_utc() / 60) as i16,
        }),
    }
}

/// The old URL's path (and query, for `?p=12` links), decoded, as an alias.
fn url_path(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let path = &rest[rest.find('/').unwrap_or(rest.len())..];
    let path = path.split('#').next().unwrap_or("");
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .to_string();
    let path = if path.is_empty() { "/".to_string() } else { path };
    match query {
        Some(q) if path == "/" && !q.is_empty() => Some(format!("/?{q}")),
        _ if path == "/" => None,
        _ => Some(path),
    }
}

/// Posts whose title says nothing get their municipality from a category that names one
/// the import or the site already knows ("Kalmar").
fn infer_municipalities(candidates: &mut [Candidate], existing: &Existing) {
    let mut known: HashMap<MunicipalityKey, String> = existing.municipalities.clone();
    for c in candidates.iter() {
        if let Some(m) = &c.municipality {
            known.entry(MunicipalityKey::of(m)).or_insert_with(|| m.clone());
        }
    }
    for c in candidates.iter_mut() {
        if c.municipality.is_none() {
            if let Some((cat, name)) = c
                .categories
                .iter()
                .find_map(|cat| known.get(&MunicipalityKey::of(cat)).map(|n| (cat.clone(), n.clone())))
            {
                c.municipality = Some(name);
                c.inferred_from = Some(format!("category \"{cat}\""));
            }
        }
        // Categories become tags, except WordPress's default one and those that only say the
        // municipality (that is what `municipality` is for).
        let m_key = c.municipality.as_deref().map(MunicipalityKey::of);
        let mut seen: HashSet<String> = HashSet::new();
        let mut tags = Vec::new();
        for t in c.tags.iter().chain(c.categories.iter()) {
            let s = crate::slugs::slugify(t);
            let is_municipality = m_key == Some(MunicipalityKey::of(t))
                || infer::find(t).is_some_and(|f| Some(MunicipalityKey::of(&f.municipality)) == m_key);
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
fn settle_visits(candidates: &mut [Candidate], existing: &Existing) {
    let dates: Vec<(MunicipalityKey, DateTime<FixedOffset>)> = candidates
        .iter()
        .filter_map(|c| c.municipality.as_ref().map(|m| (MunicipalityKey::of(m), c.instant)))
        .chain(existing.visits.iter().cloned())
        .collect();
    for c in candidates.iter_mut() {
        if let (Some(VisitHint::Return), Some(m)) = (c.hint, &c.municipality) {
            let m = MunicipalityKey::of(m);
            let earlier = dates.iter().any(|(k, d)| *k == m && *d < c.instant);
            c.hint = (!earlier).then_some(VisitHint::Number(2));
        }
    }
}

/// Gives posts that share a URL word within the export `-2`, `-3`, ... in export order, so a
/// second run picks the same names.
fn assign_slugs(candidates: &mut [Candidate]) {
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

/// The file's text, and the municipality and visit written into it.
fn render(c: &Candidate) -> (String, Option<String>, Option<u32>) {
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
        summary: c.summary.clone(),
        slug: (c.slug != crate::slugs::slugify(&c.title)).then(|| c.slug.clone()),
        aliases: c.aliases.clone(),
    };
    let mut comments = vec![match (&c.item.id, &c.item.link) {
        (Some(id), Some(link)) => format!("Imported from WordPress: post {id}, {link}"),
        (Some(id), None) => format!("Imported from WordPress: post {id}"),
        _ => "Imported from WordPress".to_string(),
    }];
    if c.municipality.is_none() {
        comments.push("municipality = \"...\"   (not found in the title or categories)".into());
    }
    (
        file_text(&front, &comments, &c.body.markdown),
        c.municipality.clone(),
        visit,
    )
}

/// Slugs, municipalities and visit dates already in `into` (files that do not parse are left
/// to the build to report).
fn read_existing(into: &Path) -> Existing {
    let typography = Typography::for_language("sv");
    let mut existing = Existing::default();
    let mut ignored = Vec::new();
    for rel in content::find_markdown(into, Path::new("posts"), &mut ignored) {
        let Ok(text) = content::read_text(into, &rel) else {
            continue;
        };
        let Ok(p) = parse_post(&text, &rel, typography) else {
            continue;
        };
        if let Some(m) = &p.municipality {
            let key = MunicipalityKey::of(&m.value);
            existing
                .municipalities
                .entry(key.clone())
                .or_insert_with(|| m.value.clone());
            existing.visits.push((key, p.date.value.datetime));
        }
        existing.slugs.insert(p.slug.value.clone(), rel);
    }
    for rel in content::find_markdown(into, Path::new("municipalities"), &mut ignored) {
        let Ok(text) = content::read_text(into, &rel) else {
            continue;
        };
        if let Ok(page) = parse_municipality_page(&text, &rel, typography) {
            existing
                .municipalities
                .insert(MunicipalityKey::of(&page.name.value), page.name.value.clone());
        }
    }
    existing
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One published post of a WXR export: its title, date and categories.
    fn item(id: u32, title: &str, date: &str, categories: &[&str]) -> String {
        let cats: String = categories
            .iter()
            .map(|c| format!(r#"<category domain="category" nicename="x"><![CDATA[{c}]]></category>"#))
            .collect();
        format!(
            "<item><title><![CDATA[{title}]]></title><link>https://b.example.se/?p={id}</link>\
             <content:encoded><![CDATA[Text.]]></content:encoded><wp:post_id>{id}</wp:post_id>\
             <wp:post_date><![CDATA[{date} 12:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[{date} 11:00:00]]></wp:post_date_gmt>\
             <wp:post_name><![CDATA[p{id}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>\
             <wp:post_type><![CDATA[post]]></wp:post_type>{cats}</item>"
        )
    }

    /// Imports an export of `items` (as [`item`] writes them) into `dir/content`.
    fn import_items(dir: &std::path::Path, items: &str) -> ImportReport {
        let export = dir.join("export.xml");
        std::fs::write(
            &export,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>B</title><wp:base_site_url>https://b.example.se</wp:base_site_url>{items}</channel></rss>"#
            ),
        )
        .expect("write export");
        import_wordpress(&ImportOptions {
            export,
            into: dir.join("content"),
        })
        .expect("imports")
    }

    #[test]
    fn a_scheduled_wordpress_post_is_a_post_dated_in_the_future_not_a_draft() {
        let dir = tempfile::tempdir().expect("temp dir");
        let item = item(7, "Besök i Kalmar", "2099-03-01", &[]).replace(
            "<wp:status><![CDATA[publish]]></wp:status>",
            "<wp:status><![CDATA[future]]></wp:status>",
        );
        let report = import_items(dir.path(), &item);
        assert_eq!(report.imported.len(), 1);
        assert!(!report.imported[0].draft);
        let text = std::fs::read_to_string(&report.imported[0].path).expect("written");
        assert!(text.contains("date = 2099-03-01T12:00:00+01:00"), "{text}");
        assert!(!text.contains("draft"), "{text}");
    }

    #[test]
    fn the_import_keeps_habo_and_haabo_apart() {
        let dir = tempfile::tempdir().expect("temp dir");
        let items = [
            item(1, "Besök i Håbo", "2016-01-10", &[]),
            item(2, "Återbesök i Habo", "2016-05-10", &[]),
            item(3, "Rapport från en dag", "2016-06-10", &["Habo"]),
        ]
        .concat();
        let report = import_items(dir.path(), &items);
        let mut imported = report.imported.clone();
        imported.sort_by(|a, b| a.path.cmp(&b.path));
        let got: Vec<(Option<&str>, Option<u32>)> =
            imported.iter().map(|p| (p.municipality.as_deref(), p.visit)).collect();
        // Håbo's visit is no earlier visit to Habo, so Habo's return visit is its second (the
        // first was before the blog); the post filed under the category "Habo" is Habo's.
        assert_eq!(
            got,
            [(Some("Håbo"), None), (Some("Habo"), Some(2)), (Some("Habo"), None)]
        );
    }
}
