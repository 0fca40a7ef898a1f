//! Turning the model into template data.
//!
//! Serialising the same data for every page is what makes template-heavy builds slow, so each
//! post's list entry, the tag list, the municipality list and the site data are serialised once
//! here and only assembled per page.

use crate::i18n::Translations;
use crate::model::{Municipality, Page, Post, Site, Tag};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// Values shared by many pages, built once per build.
pub struct SharedValues {
    /// `config` in templates.
    pub config: Value,
    /// `t` in templates: the theme's UI words.
    pub words: Value,
    /// One entry per post (same index as `Site::posts`), as shown in lists. Behind an `Arc`
    /// so `besok serve` can keep unchanged posts' entries from one rebuild to the next.
    pub post_entries: Vec<Arc<Value>>,
    /// One entry per tag, with its post count.
    pub tag_entries: Vec<Value>,
    /// One entry per municipality, with visit count and last visit.
    pub municipality_entries: Vec<Value>,
    /// The plain pages of the main navigation, in order: `[{title, url, path}]` (see [`menu`]).
    pub menu: Value,
    /// `coverage` in templates: how many of Sweden's municipalities have reports.
    pub coverage: Value,
    /// The theme's words and date format, for what is made per page (comments' dates).
    pub translations: Translations,
}

impl SharedValues {
    pub fn new(site: &Site, t: &Translations) -> SharedValues {
        // In parallel: one entry is a few microseconds, a large site's are tens of milliseconds.
        let post_entries = site
            .posts
            .par_iter()
            .map(|p| Arc::new(post_entry(site, p, t)))
            .collect();
        SharedValues::with_post_entries(site, t, post_entries)
    }

    /// Like `new`, with the posts' list entries made by the caller: `besok serve` keeps the
    /// entries of unchanged posts from the previous build instead of serialising all again.
    pub fn with_post_entries(site: &Site, t: &Translations, post_entries: Vec<Arc<Value>>) -> SharedValues {
        let c = &site.config;
        let config = json!({
            "title": c.title,
            "description": c.description,
            "base_url": c.base_url,
            "base_path": c.base_path,
            "language": c.language,
            "author": c.author,
            "paginate_by": c.paginate_by,
            "tags_path": c.tags_path,
            "municipalities_path": c.municipalities_path,
            "archive_path": c.archive_path,
            "extra": c.extra,
            "tags_url": c.url(&format!("{}/", c.tags_path)),
            "municipalities_url": c.url(&format!("{}/", c.municipalities_path)),
            "archive_url": c.url(&format!("{}/", c.archive_path)),
            "home_url": c.url(""),
            "search_url": c.url(&format!("{}/", c.search_path)),
            "search_path": c.search_path,
            "feed_url": c.url("atom.xml"),
            "query_redirects_url": super::aliases::query_redirects_file(site).map(|f| c.url(&f)),
            "feed_permalink": c.permalink("atom.xml"),
            "municipalities": c.municipalities.as_str(),
            "locale": format!("{:?}", t.locale),
        });
        let words = serde_json::to_value(&t.words).unwrap_or(Value::Null);
        let tag_entries = site.tags.iter().map(|tag| tag_entry(site, tag)).collect();
        let municipality_entries = site
            .municipalities
            .iter()
            .map(|m| municipality_entry(site, m, t))
            .collect();
        SharedValues {
            config,
            words,
            post_entries,
            tag_entries,
            municipality_entries,
            menu: menu(site),
            coverage: coverage(site),
            translations: t.clone(),
        }
    }
}

/// The plain pages that asked for a place in the main navigation (`menu = 1`), lowest weight
/// first, then by title as the site's language sorts them, then by path (so the order never
/// depends on the order files were read).
fn menu(site: &Site) -> Value {
    let mut pages: Vec<(&Page, i64)> = site.pages.iter().filter_map(|p| p.menu.map(|w| (p, w))).collect();
    pages.sort_by(|(a, wa), (b, wb)| {
        wa.cmp(wb)
            .then_with(|| crate::collation::compare(&a.title, &b.title, &site.config.language))
            .then_with(|| a.path.cmp(&b.path))
    });
    Value::Array(
        pages
            .into_iter()
            .map(|(p, _)| json!({ "title": p.title, "url": site.config.url(&p.path), "path": p.path }))
            .collect(),
    )
}

/// A plain page for its own template: title, URL, content, table of contents and `extra`.
pub fn page_value(site: &Site, p: &Page) -> Value {
    json!({
        "title": p.title,
        "url": site.config.url(&p.path),
        "permalink": site.config.permalink(&p.path),
        "content_html": &*p.content_html,
        "toc": p.toc,
        "word_count": p.word_count,
        "draft": p.draft,
        "extra": p.extra,
        "source": crate::diagnostics::display_path(&p.source),
    })
}

fn link(site: &Site, name: &str, slug: &str, path: &str) -> Value {
    json!({ "name": name, "slug": slug, "url": site.config.url(path), "permalink": site.config.permalink(path) })
}

/// A post's date as the site's language writes it (`date_display` in templates and in search
/// results).
pub fn date_display(p: &Post, t: &Translations) -> String {
    t.format_date(p.date.local_date())
}

/// A post as it appears in lists: everything but the full content.
pub fn post_entry(site: &Site, p: &Post, t: &Translations) -> Value {
    let date = p.date.local_date();
    let municipality = p.municipality.map(|m| {
        let m = &site.municipalities[m];
        link(site, &m.name, &m.slug, &m.path)
    });
    let tags: Vec<Value> = p
        .tags
        .iter()
        .map(|&id| {
            let tag = &site.tags[id];
            link(site, &tag.name, &tag.slug, &tag.path)
        })
        .collect();
    json!({
        "title": p.title,
        "slug": p.slug,
        "url": site.config.url(&p.path),
        "permalink": site.config.permalink(&p.path),
        "date": date.format("%Y-%m-%d").to_string(),
        "date_display": date_display(p, t),
        "datetime": p.date.datetime.to_rfc3339(),
        "year": chrono::Datelike::year(&date),
        "municipality": municipality,
        "visit_number": p.visit_number,
        "tags": tags,
        "summary_html": p.summary_html,
        "summary_text": p.summary_text,
        "word_count": p.word_count,
        "reading_minutes": p.word_count.div_ceil(200).max(1),
        "draft": p.draft,
        "scheduled": p.scheduled,
        "image": p.image,
        "author": p.author.as_deref().or(site.config.author.as_deref()),
    })
}

fn tag_entry(site: &Site, tag: &Tag) -> Value {
    let mut v = link(site, &tag.name, &tag.slug, &tag.path);
    v["count"] = json!(tag.posts.len());
    v
}

fn municipality_entry(site: &Site, m: &Municipality, t: &Translations) -> Value {
    let mut v = link(site, &m.name, &m.slug, &m.path);
    let last = m.last_visit().map(|id| &site.posts[id]);
    let first = m.visits.first().map(|&id| &site.posts[id]);
    let map = v.as_object_mut().expect("object");
    let visits = m.visit_count(&site.posts);
    map.insert("visit_count".into(), json!(visits));
    map.insert("report_count".into(), json!(m.report_count()));
    map.insert("last_visit_number".into(), json!(m.last_visit_number(&site.posts)));
    map.insert("visits_text".into(), json!(visits_text(visits, m.report_count(), t)));
    map.insert(
        "last_visit".into(),
        last.map_or(Value::Null, |p| {
            json!(p.date.local_date().format("%Y-%m-%d").to_string())
        }),
    );
    map.insert(
        "last_visit_display".into(),
        last.map_or(Value::Null, |p| json!(t.format_date(p.date.local_date()))),
    );
    map.insert(
        "first_visit_display".into(),
        first.map_or(Value::Null, |p| json!(t.format_date(p.date.local_date()))),
    );
    let page = m.page.as_ref();
    let table = m.sweden;
    let county = table.and_then(|s| crate::sweden::county(s.county));
    map.insert("code".into(), json!(table.map(|s| s.code)));
    map.insert(
        "county".into(),
        json!(county
            .map(|c| c.name.to_string())
            .or_else(|| page.and_then(|p| p.county.clone()))),
    );
    map.insert("county_code".into(), json!(county.map(|c| c.code)));
    map.insert("website".into(), json!(page.and_then(|p| p.website.clone())));
    // The table's point, unless the page gives a finer one.
    map.insert(
        "lat".into(),
        json!(page.and_then(|p| p.lat).or(table.map(|s| degrees(s.lat)))),
    );
    map.insert(
        "lon".into(),
        json!(page.and_then(|p| p.lon).or(table.map(|s| degrees(s.lon)))),
    );
    map.insert("has_page".into(), json!(page.is_some()));
    v
}

/// What a municipality's counts say, in the site's language: "2 besök" when every visit has
/// its report, else reports and visits apart ("1 rapport · senaste besöket: nr 2"), so a site
/// holding only the report of visit 2 never reads "1 besök". The timeline, the index and the
/// map's names all show this one text.
pub fn visits_text(visits: usize, reports: usize, t: &Translations) -> String {
    if visits == reports {
        let word = if visits == 1 {
            t.word("visits_count_one", "visit")
        } else {
            t.word("visits_count", "visits")
        };
        format!("{visits} {word}")
    } else {
        let word = if reports == 1 {
            t.word("reports_count_one", "report")
        } else {
            t.word("reports_count", "reports")
        };
        format!(
            "{reports} {word} · {} {visits}",
            t.word("latest_visit_number", "latest visit: no.")
        )
    }
}

/// A table coordinate as the decimal it was written as: 57.427 stays 57.427, not the
/// 57.42699813842773 its `f32` is as an `f64`.
fn degrees(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// `coverage` in templates: how many of Sweden's municipalities the site has reports of, or
/// null on a site of other places (`municipalities = "any"`).
fn coverage(site: &Site) -> Value {
    if site.config.municipalities != crate::config::Municipalities::Sweden {
        return Value::Null;
    }
    let mut visited: Vec<&str> = site
        .municipalities
        .iter()
        .filter(|m| m.report_count() > 0)
        .filter_map(|m| m.sweden.map(|s| s.code))
        .collect();
    visited.sort_unstable();
    visited.dedup();
    let total = crate::sweden::municipalities().len();
    let share = visited.len() as f64 / total as f64;
    json!({
        "visited": visited.len(),
        "total": total,
        "share": share,
        // One decimal, so a site that has seen 2 of 290 does not read "0 %".
        "percent": (share * 1000.0).round() / 10.0,
    })
}

/// The full post for its own page: the list entry plus content, table of contents and extra.
pub fn full_post(site: &Site, shared: &SharedValues, id: usize) -> Value {
    let p = &site.posts[id];
    let mut v = Value::clone(&shared.post_entries[id]);
    let map = v.as_object_mut().expect("object");
    // A post's own page has no cards, whether a build has put them into its entry or not.
    map.remove(super::cards::CARDS_KEY);
    map.insert("content_html".into(), json!(p.content_html.text()));
    map.insert("toc".into(), json!(p.toc));
    map.insert("extra".into(), json!(p.extra));
    map.insert("source".into(), json!(crate::diagnostics::display_path(&p.source)));
    map.insert("share_image".into(), json!(p.share_image));
    map.insert("comments".into(), comment_tree(p, &shared.translations));
    v
}

/// How deep replies nest on the page; a reply deeper down is shown beside its parent, so a
/// long exchange stays readable on a phone (WordPress's own default is 5).
const COMMENT_DEPTH: usize = 5;

/// A post's comments for templates: the comments that answer none, each with its `replies`
/// (nested at most [`COMMENT_DEPTH`] deep), in the archive's order.
fn comment_tree(p: &Post, t: &Translations) -> Value {
    let index: std::collections::HashMap<i64, usize> = p.comments.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    // Each comment's chain of parents, nearest first (the archive's checks rule out loops).
    let ancestors = |mut i: usize| {
        let mut chain = Vec::new();
        while let Some(&parent) = p.comments[i].reply_to.and_then(|r| index.get(&r)) {
            if chain.contains(&parent) || chain.len() > p.comments.len() {
                break;
            }
            chain.push(parent);
            i = parent;
        }
        chain
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); p.comments.len()];
    let mut roots = Vec::new();
    for i in 0..p.comments.len() {
        let chain = ancestors(i);
        // Shown under the parent at most COMMENT_DEPTH - 1 levels down.
        match chain.get(chain.len().saturating_sub(COMMENT_DEPTH - 1)) {
            Some(&parent) => children[parent].push(i),
            None => roots.push(i),
        }
    }
    fn value(p: &Post, t: &Translations, children: &[Vec<usize>], ids: &[usize]) -> Value {
        Value::Array(
            ids.iter()
                .map(|&i| {
                    let c = &p.comments[i];
                    json!({
                        "id": c.id,
                        "author": c.author,
                        "date": c.date.local_date().format("%Y-%m-%d").to_string(),
                        "datetime": c.date.datetime.to_rfc3339(),
                        "date_display": t.format_date(c.date.local_date()),
                        "kind": c.kind,
                        "url": c.url,
                        "html": c.html,
                        "replies": value(p, t, children, &children[i]),
                    })
                })
                .collect(),
        )
    }
    value(p, t, &children, &roots)
}

/// What every page's context holds and no page changes: `config`, `t`, `coverage` and `lang`.
/// The renderer keeps it once per thread and adds each page's own data to it (copying `t` and
/// `config` into every page's context cost more than some pages' templates).
pub fn base_context(site: &Site, shared: &SharedValues) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("config".into(), shared.config.clone());
    m.insert("t".into(), shared.words.clone());
    m.insert("coverage".into(), shared.coverage.clone());
    m.insert("lang".into(), json!(site.config.language));
    m
}

/// Starts a page's context with what every page gets besides the [`base_context`].
pub fn page_context(
    site: &Site,
    shared: &SharedValues,
    kind: &str,
    path: &str,
    title: Option<&str>,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("page_kind".into(), json!(kind));
    m.insert("current_path".into(), json!(path));
    m.insert("current_url".into(), json!(site.config.url(path)));
    m.insert("current_permalink".into(), json!(site.config.permalink(path)));
    m.insert("page_title".into(), json!(title));
    // Pages with a text of their own (posts) replace these.
    m.insert("page_description".into(), json!(site.config.description));
    m.insert("page_feed".into(), Value::Null);
    let menu = shared.menu.as_array().map_or(&[][..], Vec::as_slice);
    let menu: Vec<Value> = menu
        .iter()
        .map(|item| {
            json!({
                "title": item["title"],
                "url": item["url"],
                "current": item["path"].as_str() == Some(path),
            })
        })
        .collect();
    m.insert("menu".into(), Value::Array(menu));
    // Pages that show a map replace this with its data's credit line.
    m.insert("map_credit".into(), Value::Null);
    m
}

/// Longest page description in characters: what search engines show under a result (about
/// 155–160 characters), and what the description, OpenGraph and Twitter tags each repeat.
pub const DESCRIPTION_CHARS: usize = 160;

/// The first words of `text`, at most `max` characters and an ellipsis, cut at a word boundary.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_at_a_word_and_short_ones_kept() {
        assert_eq!(shorten("Kort text.", 160), "Kort text.");
        let long = "Besöket i Vetlanda handlade om kompetensutveckling, ".repeat(20);
        let s = shorten(&long, DESCRIPTION_CHARS);
        assert!(s.chars().count() <= DESCRIPTION_CHARS + 1, "{s}");
        assert!(
            s.ends_with('…') && !s.ends_with(",…") && long.starts_with(s.trim_end_matches('…')),
            "{s}"
        );
    }
}
