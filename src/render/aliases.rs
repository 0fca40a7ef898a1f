//! Aliases: old URLs (say, of the WordPress blog a site moved from) that redirect to a post.
//!
//! Each alias becomes a small page at the old address. An alias may not take the address of a
//! real page or of another alias: one of them would silently replace the other.

use super::{PageJob, PageKind};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Site;
use std::collections::HashMap;

/// Where the script for query short links is written.
pub const QUERY_REDIRECTS_PATH: &str = "old-links.js";

/// WordPress short links such as `/?p=412` are kept as `?p=412`: only the home page can answer
/// them on a static host, so they become entries of a small script instead of pages.
pub fn is_query_alias(alias: &str) -> bool {
    alias.starts_with('?')
}

pub fn has_query_aliases(site: &Site) -> bool {
    site.posts
        .iter()
        .any(|p| p.aliases.iter().any(|a| is_query_alias(&a.value)))
}

/// Every query short link and the URL it leads to (the newest post wins when two claim the
/// same short link): what [`query_redirects_script`] writes.
pub fn query_redirects(site: &Site) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for p in site.posts.iter().rev() {
        for a in p.aliases.iter().filter(|a| is_query_alias(&a.value)) {
            map.insert(
                a.value[1..].to_string(),
                serde_json::Value::String(site.config.url(&p.path)),
            );
        }
    }
    serde_json::Value::Object(map)
}

/// The script the home page loads when there are query aliases: it looks up `location.search`
/// and replaces the page with the post's. The map ([`query_redirects`]) is JSON written by
/// serde, so no alias can break out of it.
pub fn query_redirects_script(redirects: &serde_json::Value) -> String {
    format!(
        "// Old short links (/?p=123) of the blog this site replaced redirect to their posts.\n\
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
    let pages: HashMap<&str, &PageJob> = jobs
        .iter()
        .filter(|j| !matches!(j.kind, PageKind::Alias(..)))
        .map(|j| (j.file.as_str(), j))
        .collect();
    // Aliases in file order, so "already an alias of" always names the same post.
    let mut aliases: Vec<(&PageJob, usize, usize)> = jobs
        .iter()
        .filter_map(|j| match j.kind {
            PageKind::Alias(post, n) => Some((j, post, n)),
            _ => None,
        })
        .collect();
    aliases.sort_by_key(|(_, post, n)| (&site.posts[*post].source, *n));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (job, post_id, n) in aliases {
        let post = &site.posts[post_id];
        let alias = &post.aliases[n];
        let error = |msg: String| Diagnostic::error(&post.source, alias.at.line, alias.at.column, msg);
        if let Some(page) = pages.get(job.file.as_str()) {
            let whose = match page.kind {
                PageKind::Post(id) => format!(" (the post {})", display_path(&site.posts[id].source)),
                _ => String::new(),
            };
            errors.push(error(format!(
                "alias \"/{}\" is the address of the page /{}{whose}; an alias must be an old URL that no page uses",
                alias.value, page.path
            )));
        } else if let Some(&other) = seen.get(job.file.as_str()) {
            let what = if other == post_id {
                "given twice in this post".to_string()
            } else {
                format!("already an alias of {}", display_path(&site.posts[other].source))
            };
            errors.push(error(format!(
                "alias \"/{}\" is {what}; each old URL can redirect to one post only",
                alias.value
            )));
        } else {
            seen.insert(job.file.as_str(), post_id);
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
