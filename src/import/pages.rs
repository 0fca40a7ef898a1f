//! WordPress pages ("Om oss", "Kontakt") as besok's plain pages under `content/pages/`, nested
//! as WordPress nested them (`Styrelsen` under `Om oss` is `pages/om-oss/styrelsen.md`, at
//! `/om-oss/styrelsen/`), with their old addresses as aliases.

use super::{html, urls::SitePaths, wxr, Skipped};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A page of the export, converted, before its links and files are settled.
pub struct PageCandidate {
    pub item: wxr::Item,
    pub title: String,
    /// The file, relative to the content folder (`pages/om-oss/styrelsen.md`).
    pub rel: PathBuf,
    pub draft: bool,
    pub aliases: Vec<String>,
    /// The body converted with its addresses as written.
    pub body: html::Converted,
    /// What the import could not tell and says so.
    pub notes: Vec<String>,
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
}

/// The pages of the export (items of type `page`) as plain pages; those not to keep (in the
/// trash, auto-drafts) are returned as skipped.
pub fn plan(items: &[wxr::Item], paths: &SitePaths) -> (Vec<PageCandidate>, Vec<Skipped>) {
    let by_id: HashMap<u64, &wxr::Item> = items.iter().filter_map(|i| i.id.map(|id| (id, i))).collect();
    let mut used: HashSet<PathBuf> = HashSet::new();
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for item in items {
        let title = item.title.trim().to_string();
        let draft = match item.status.as_str() {
            "publish" | "" => false,
            // A page has no date to wait for: a scheduled page is a draft until it is published.
            "draft" | "pending" | "private" | "future" => true,
            status => {
                skipped.push(Skipped {
                    what: format!("page \"{title}\" (line {} of the export)", item.line),
                    reason: format!("its WordPress status is \"{status}\", not a page to keep"),
                });
                continue;
            }
        };
        let mut notes = Vec::new();
        let title = if title.is_empty() {
            let made = word_of(item).replace('-', " ");
            notes.push(format!("title: the page has none; wrote \"{made}\""));
            made
        } else {
            title
        };
        let mut folders = Vec::new();
        let mut seen = HashSet::new();
        let mut parent = item.parent;
        while parent != 0 && seen.insert(parent) {
            let Some(p) = by_id.get(&parent) else { break };
            folders.push(word_of(p));
            parent = p.parent;
        }
        folders.reverse();
        let folder: PathBuf = std::iter::once("pages".to_string()).chain(folders).collect();
        let word = word_of(item);
        let mut rel = folder.join(format!("{word}.md"));
        let mut n = 2;
        while !used.insert(rel.clone()) {
            rel = folder.join(format!("{word}-{n}.md"));
            n += 1;
        }
        let mut aliases: Vec<String> = item.link.as_deref().and_then(|l| paths.alias(l)).into_iter().collect();
        if let Some(short) = item.id.and_then(|id| paths.short_link("page_id", id)) {
            if !aliases.contains(&short) {
                aliases.push(short);
            }
        }
        pages.push(PageCandidate {
            body: html::to_markdown(&item.content),
            item: item.clone(),
            title,
            rel,
            draft,
            aliases,
            notes,
        });
    }
    // An old address that is now another page's own is not an alias: it would take its place.
    let own: HashSet<String> = pages.iter().map(|p| format!("/{}/", url_of(&p.rel))).collect();
    for p in &mut pages {
        p.aliases
            .retain(|a| !own.contains(a) && !own.contains(&format!("{}/", a.trim_end_matches('/'))));
    }
    (pages, skipped)
}

/// The URL word of a page: its WordPress name (decoded), else its title, else its id.
fn word_of(item: &wxr::Item) -> String {
    let name = percent_encoding::percent_decode_str(&item.post_name).decode_utf8_lossy();
    let word = crate::slugs::slugify(&name);
    if !word.is_empty() {
        return word;
    }
    let word = crate::slugs::slugify(item.title.trim());
    if !word.is_empty() {
        return word;
    }
    format!("sida-{}", item.id.unwrap_or_default())
}

/// The site path of the page at `rel` (`pages/om/styrelsen.md` → `om/styrelsen`).
fn url_of(rel: &Path) -> String {
    let rel = rel.strip_prefix("pages").unwrap_or(rel).with_extension("");
    rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The page's file: front matter, a note of where it came from and how to put it in the menu,
/// and `markdown`.
pub fn file_text(page: &PageCandidate, markdown: &str) -> String {
    let front = FrontMatter {
        title: &page.title,
        draft: page.draft,
        aliases: &page.aliases,
    };
    let from = match (&page.item.id, &page.item.link) {
        (Some(id), Some(link)) => format!("Imported from WordPress: page {id}, {link}"),
        (Some(id), None) => format!("Imported from WordPress: page {id}"),
        _ => "Imported from WordPress".to_string(),
    };
    let order = page.item.menu_order.max(1);
    let comments = [
        from,
        "To show the page in the main navigation (lower numbers first):".to_string(),
        format!("menu = {order}"),
    ];
    crate::scaffold::file_text(&front, &comments, markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: u64, parent: u64, name: &str, status: &str) -> wxr::Item {
        wxr::Item {
            id: Some(id),
            parent,
            title: name.replace('-', " "),
            post_name: name.into(),
            status: status.into(),
            post_type: "page".into(),
            link: Some(format!("https://b.example.se/{name}/")),
            ..Default::default()
        }
    }

    #[test]
    fn pages_nest_as_in_wordpress_and_keep_their_addresses() {
        let items = vec![
            page(2, 0, "om-oss", "publish"),
            page(3, 2, "styrelsen", "publish"),
            page(4, 3, "bes%c3%b6k", "draft"),
            page(5, 0, "gammal", "trash"),
            page(6, 0, "om-oss", "publish"),
        ];
        let paths = SitePaths::new(Some("https://b.example.se/"), None);
        let (pages, skipped) = plan(&items, &paths);
        let got: Vec<(String, bool, Vec<String>)> = pages
            .iter()
            .map(|p| (p.rel.display().to_string(), p.draft, p.aliases.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("pages/om-oss.md".into(), false, vec!["/?page_id=2".to_string()]),
                (
                    "pages/om-oss/styrelsen.md".into(),
                    false,
                    vec!["/styrelsen/".to_string(), "/?page_id=3".to_string()]
                ),
                (
                    "pages/om-oss/styrelsen/besok.md".into(),
                    true,
                    vec!["/besök/".to_string(), "/?page_id=4".to_string()]
                ),
                // Its old address is the first page's now.
                ("pages/om-oss-2.md".into(), false, vec!["/?page_id=6".to_string()]),
            ]
        );
        assert_eq!(skipped.len(), 1);
    }
}
