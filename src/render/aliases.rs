//! Aliases: old URLs (say, of the WordPress blog a site moved from) that redirect to a post or
//! a plain page.
//!
//! Each alias becomes a small page at the old address. An alias may not take the address of a
//! real page or of another alias: one of them would silently replace the other.

use super::{AliasOf, PageJob, PageKind};
use crate::content::Located;
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Site;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::path::Path;

/// What an alias leads to, whether a post or a plain page: the same few things of either.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Its file, where its aliases were written.
    pub source: &'a Path,
    /// Its site path.
    pub path: &'a str,
    pub aliases: &'a [Located<String>],
    /// "post" or "page", as messages name it.
    pub what: &'static str,
}

/// The post or page `of` names.
pub fn target(site: &Site, of: AliasOf) -> Target<'_> {
    match of {
        AliasOf::Post(id) => {
            let p = &site.posts[id];
            Target {
                source: &p.source,
                path: &p.path,
                aliases: &p.aliases,
                what: "post",
            }
        }
        AliasOf::Page(id) => {
            let p = &site.pages[id];
            Target {
                source: &p.source,
                path: &p.path,
                aliases: &p.aliases,
                what: "page",
            }
        }
    }
}

/// Every post, then every plain page, as what aliases may lead to.
pub fn targets(site: &Site) -> impl Iterator<Item = (AliasOf, Target<'_>)> {
    let posts = (0..site.posts.len()).map(AliasOf::Post);
    let pages = (0..site.pages.len()).map(AliasOf::Page);
    posts.chain(pages).map(move |of| (of, target(site, of)))
}

/// The alias `n` of `of`.
pub fn alias(site: &Site, of: AliasOf, n: usize) -> &Located<String> {
    &target(site, of).aliases[n]
}

/// The name of the script for query short links, before the hash of its content is put in it.
pub const QUERY_REDIRECTS_PATH: &str = "old-links.js";

/// The file the script for query short links is written to, when the site has any: named by
/// its content (`old-links.3f2a9c1e.js`), as the static scripts are, so a host may cache every
/// script for a year ([`crate::static_names`]).
pub fn query_redirects_file(site: &Site) -> Option<String> {
    has_query_aliases(site).then(|| {
        let script = query_redirects_script(&query_redirects(site));
        crate::static_names::hashed_name(QUERY_REDIRECTS_PATH, script.as_bytes())
    })
}

/// WordPress short links such as `/?p=412` (a post) or `/?page_id=12` (a page) are kept as
/// `?p=412`: only the home page can answer them on a static host, so they become entries of a
/// small script instead of pages.
pub fn is_query_alias(alias: &str) -> bool {
    alias.starts_with('?')
}

pub fn has_query_aliases(site: &Site) -> bool {
    targets(site).any(|(_, t)| t.aliases.iter().any(|a| is_query_alias(&a.value)))
}

/// Every query short link and the URL it leads to: what [`query_redirects_script`] writes.
/// When two claim the same short link, a post wins over a page and the newest post over older
/// ones (pages, then posts oldest first, each replacing what came before).
pub fn query_redirects(site: &Site) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    let pages = (0..site.pages.len()).map(AliasOf::Page);
    let posts = (0..site.posts.len()).rev().map(AliasOf::Post);
    for of in pages.chain(posts) {
        let t = target(site, of);
        for a in t.aliases.iter().filter(|a| is_query_alias(&a.value)) {
            map.insert(
                a.value[1..].to_string(),
                serde_json::Value::String(site.config.url(t.path)),
            );
        }
    }
    serde_json::Value::Object(map)
}

/// The script the home page loads when there are query aliases: it looks up `location.search`
/// and replaces the page with the post's or page's. The map ([`query_redirects`]) is JSON written by
/// serde, so no alias can break out of it.
pub fn query_redirects_script(redirects: &serde_json::Value) -> String {
    format!(
        "// Old short links (/?p=123, /?page_id=12) of the blog this site replaced redirect to their pages.\n\
         (function () {{\n  var links = {redirects};\n  var to = links[location.search.slice(1)];\n  if (to) location.replace(to);\n}})();\n"
    )
}

/// The file an alias is written to: `2016/12/08/x/` and `2016/12/08/x` become
/// `2016/12/08/x/index.html`; a path with a file name (`gammal.html`) is written as is.
pub fn alias_file(alias: &str) -> String {
    let last = alias.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if !alias.ends_with('/') && last.contains('.') {
        alias.to_string()
    } else {
        format!("{}/index.html", alias.trim_end_matches('/'))
    }
}

/// An error for every alias whose file is already a page's or another alias's.
pub fn check_aliases(site: &Site, jobs: &[PageJob]) -> Vec<Diagnostic> {
    // Aliases in file order, so "already an alias of" always names the same file.
    let mut aliases: Vec<(&PageJob, AliasOf, usize)> = jobs
        .iter()
        .filter_map(|j| match j.kind {
            PageKind::Alias(of, n) => Some((j, of, n)),
            _ => None,
        })
        .collect();
    if aliases.is_empty() {
        return Vec::new();
    }
    aliases.sort_by_key(|(_, of, n)| (target(site, *of).source, *n));
    // Only the pages at an alias's path: the aliases are few, the pages 16,000 at 10,000
    // posts, and `besok serve` checks again whenever a page is added.
    let alias_files: FxHashSet<&str> = aliases.iter().map(|(j, ..)| j.file.as_str()).collect();
    let pages: FxHashMap<&str, &PageJob> = jobs
        .iter()
        .filter(|j| !matches!(j.kind, PageKind::Alias(..)) && alias_files.contains(j.file.as_str()))
        .map(|j| (j.file.as_str(), j))
        .collect();
    let mut seen: HashMap<&str, AliasOf> = HashMap::new();
    let mut errors = Vec::new();
    for (job, of, n) in aliases {
        let owner = target(site, of);
        let alias = &owner.aliases[n];
        let error = |msg: String| Diagnostic::error(owner.source, alias.at.line, alias.at.column, msg);
        if let Some(page) = pages.get(job.file.as_str()) {
            let whose = match page.kind {
                PageKind::Post(id) => format!(" (the post {})", display_path(&site.posts[id].source)),
                PageKind::Plain(id) => format!(" (the page {})", display_path(&site.pages[id].source)),
                _ => String::new(),
            };
            errors.push(error(format!(
                "alias \"/{}\" is the address of the page /{}{whose}; an alias must be an old URL that no page uses",
                alias.value, page.path
            )));
        } else if let Some(&other) = seen.get(job.file.as_str()) {
            let what = if other == of {
                format!("given twice in this {}", owner.what)
            } else {
                format!("already an alias of {}", display_path(target(site, other).source))
            };
            errors.push(error(format!(
                "alias \"/{}\" is {what}; each old URL can redirect to one page only",
                alias.value
            )));
        } else {
            seen.insert(job.file.as_str(), of);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::alias_file;

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("2016/12/08/x/"), "2016/12/08/x/index.html");
        assert_eq!(alias_file("2016/12/08/x"), "2016/12/08/x/index.html");
        assert_eq!(alias_file("gammal.html"), "gammal.html");
    }
}
