//! Which addresses in an export are the old blog's own, and where to fetch them.
//!
//! A WordPress blog is reached under several spellings of its address over its life: `http://`
//! before it got a certificate, `https://` after, with and without `www.`, and its files may be
//! on the address the attachments name. Posts keep whichever spelling was current when they
//! were written, so every one of them is the blog's own; the files are fetched from the one
//! address the export gives (`wp:base_site_url`), which is the one that answers today.

use std::collections::HashMap;
use url::Url;

/// The blog's own hosts and the address to fetch each from.
#[derive(Debug, Default)]
pub struct OwnSite {
    /// Host key ([`host_key`]) → the origin (`https://blogg.example.se`) files are fetched from.
    origins: HashMap<String, Url>,
    /// The blog's address, against which root-relative links (`/wp-content/...`) are read.
    base: Option<Url>,
}

/// Where a URL written in a post leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A heading of the same page (`#samverkan`).
    SamePage(String),
    /// The old blog: the URL to fetch it from (on the address that answers today).
    Own(OwnUrl),
    /// Another site (absolute URL).
    Other(String),
    /// Not a web address (`mailto:`, `tel:`, `data:`, `javascript:`), or not a URL at all.
    NotWeb,
}

/// An address on the old blog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnUrl {
    /// The URL on the address that answers, without the fragment.
    pub fetch: Url,
    /// The fragment (`#rubrik`), if any, without `#`.
    pub fragment: Option<String>,
}

impl OwnUrl {
    /// The path, percent-decoded, lowercase and without a trailing slash (`/2016/12/08/besök`):
    /// the form in which two spellings of one permalink are equal.
    pub fn path_key(&self) -> String {
        path_key(self.fetch.path())
    }

    /// The value of query parameter `name` (`p` of `?p=412`).
    pub fn query(&self, name: &str) -> Option<String> {
        self.fetch
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
    }
}

/// A permalink path in the form [`OwnUrl::path_key`] gives.
pub fn path_key(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let trimmed = decoded.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        trimmed.to_lowercase()
    }
}

/// A host as the blog's own hosts are compared: lowercase, without `www.`, with a port that is
/// not the scheme's default (so `http://` and `https://` spellings are one host).
fn host_key(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

impl OwnSite {
    /// The blog of an export: `site_urls` are the addresses the export gives the blog (the
    /// first is the one files are fetched from), `file_urls` the attachments' addresses, whose
    /// hosts are the blog's too (a media subdomain, say).
    pub fn new<'a>(site_urls: &[String], file_urls: impl IntoIterator<Item = &'a str>) -> OwnSite {
        let mut own = OwnSite::default();
        let parsed = site_urls
            .iter()
            .filter_map(|u| Url::parse(u.trim()).ok())
            .chain(file_urls.into_iter().filter_map(|u| Url::parse(u.trim()).ok()))
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        for url in parsed {
            if own.base.is_none() {
                own.base = Some(url.clone());
            }
            let Some(key) = host_key(&url) else { continue };
            let mut origin = url.clone();
            origin.set_path("/");
            origin.set_query(None);
            origin.set_fragment(None);
            own.origins.entry(key).or_insert(origin);
        }
        own
    }

    /// Where `raw` (an `href` or `src` as written in a post whose own address is `page`) leads.
    pub fn place(&self, raw: &str, page: Option<&str>) -> Place {
        let raw = raw.trim();
        if raw.is_empty() {
            return Place::NotWeb;
        }
        if let Some(fragment) = raw.strip_prefix('#') {
            return Place::SamePage(fragment.to_string());
        }
        let base = page
            .and_then(|p| Url::parse(p.trim()).ok())
            .or_else(|| self.base.clone());
        let parsed = match &base {
            Some(b) => b.join(raw),
            None => Url::parse(raw),
        };
        let Ok(mut url) = parsed else {
            return Place::NotWeb;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Place::NotWeb;
        }
        match host_key(&url).and_then(|k| self.origins.get(&k)) {
            Some(origin) => {
                let fragment = url.fragment().map(str::to_string);
                url.set_fragment(None);
                // The address that answers today, keeping the path and query as written.
                let _ = url.set_scheme(origin.scheme());
                let _ = url.set_host(origin.host_str());
                let _ = url.set_port(origin.port());
                Place::Own(OwnUrl { fetch: url, fragment })
            }
            None => Place::Other(url.to_string()),
        }
    }
}

/// Where the old blog's addresses are on the new site: besok's aliases are paths inside the
/// site, which is published under its `base_url`'s path; the old blog may have lived under a
/// path of its host too (`https://example.se/blogg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePaths {
    /// The old blog's path on its host, with a slash at each end (`/blogg/`, or `/`).
    old_root: String,
    /// The new site's path (its `base_url`'s), with a slash at each end.
    new_root: String,
}

impl SitePaths {
    /// The old blog at `old_blog` (its address, from the export), the new site published under
    /// `new_base_path` (config.toml's `base_url`), or where the old blog was when it is not known.
    pub fn new(old_blog: Option<&str>, new_base_path: Option<&str>) -> SitePaths {
        let old_root = old_blog
            .and_then(|u| Url::parse(u.trim()).ok())
            .map_or_else(|| "/".to_string(), |u| folder(u.path()));
        let new_root = new_base_path.map_or_else(|| old_root.clone(), folder);
        SitePaths { old_root, new_root }
    }

    /// The alias that keeps `link` (an old address of a post or page) working on the new site:
    /// its path below the new site's (decoded), or a short link (`/?p=40`) when it is the old
    /// blog's home with a query. `None` for the site's home itself (never an alias: two posts
    /// would claim it), an address outside the new site, or a query elsewhere.
    pub fn alias(&self, link: &str) -> Option<String> {
        let url = Url::parse(link.trim())
            .or_else(|_| Url::parse("http://old.invalid/")?.join(link.trim()))
            .ok()?;
        let path = url.path();
        let inside = format!("{}/", path.trim_end_matches('/'));
        if !inside.starts_with(&self.new_root) {
            return None;
        }
        let rel = format!(
            "/{}",
            &path[(self.new_root.len() - 1).min(path.len())..].trim_start_matches('/')
        );
        let rel = percent_encoding::percent_decode_str(&rel)
            .decode_utf8_lossy()
            .into_owned();
        match url.query().filter(|q| !q.is_empty()) {
            Some(q) if rel == "/" || rel == "/index.php" => Some(format!("/?{q}")),
            Some(_) => None,
            None if rel == "/" => None,
            None => Some(rel),
        }
    }

    /// `/?p=40`: WordPress's short link of post (`p`) or page (`page_id`) `id`, when the old
    /// blog's home is the new site's (a short link below it cannot be answered by a static site).
    pub fn short_link(&self, key: &str, id: u64) -> Option<String> {
        (self.old_root == self.new_root).then(|| format!("/?{key}={id}"))
    }
}

/// `/blogg/` for `/blogg`, `/blogg/` or `blogg`; `/` for the root.
fn folder(path: &str) -> String {
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".to_string()
    } else {
        format!("/{inner}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> OwnSite {
        OwnSite::new(
            &["https://blogg.example.se".to_string()],
            ["http://media.example.se/wp-content/uploads/a.jpg"],
        )
    }

    fn fetched(p: Place) -> String {
        match p {
            Place::Own(u) => u.fetch.to_string(),
            other => panic!("not the blog's own: {other:?}"),
        }
    }

    #[test]
    fn every_spelling_of_the_blogs_address_is_its_own_and_fetched_from_the_one_that_answers() {
        let s = site();
        for written in [
            "http://blogg.example.se/wp-content/uploads/2016/12/a.jpg",
            "https://www.blogg.example.se/wp-content/uploads/2016/12/a.jpg",
            "//BLOGG.example.se/wp-content/uploads/2016/12/a.jpg",
            "/wp-content/uploads/2016/12/a.jpg",
        ] {
            assert_eq!(
                fetched(s.place(written, None)),
                "https://blogg.example.se/wp-content/uploads/2016/12/a.jpg",
                "{written}"
            );
        }
        // The attachments' own host is the blog's too, fetched as the export names it.
        assert_eq!(
            fetched(s.place("https://media.example.se/x.png", None)),
            "http://media.example.se/x.png"
        );
        // Relative to the post's own address.
        assert_eq!(
            fetched(s.place("bild.jpg", Some("https://blogg.example.se/2016/12/08/post/"))),
            "https://blogg.example.se/2016/12/08/post/bild.jpg"
        );
    }

    #[test]
    fn other_sites_anchors_and_mail_addresses_are_told_apart() {
        let s = site();
        assert_eq!(
            s.place("https://kalmar.se/", None),
            Place::Other("https://kalmar.se/".into())
        );
        assert_eq!(s.place("#samverkan", None), Place::SamePage("samverkan".into()));
        assert_eq!(s.place("mailto:a@example.se", None), Place::NotWeb);
        assert_eq!(s.place("data:image/png;base64,AAAA", None), Place::NotWeb);
        let Place::Own(u) = s.place("https://blogg.example.se/2016/12/08/Bes%C3%B6k/#rubrik", None) else {
            panic!()
        };
        assert_eq!(u.path_key(), "/2016/12/08/besök");
        assert_eq!(u.fragment.as_deref(), Some("rubrik"));
        let Place::Own(u) = s.place("/?p=412", None) else {
            panic!()
        };
        assert_eq!(u.query("p").as_deref(), Some("412"));
        assert_eq!(u.path_key(), "/");
    }

    #[test]
    fn aliases_are_old_addresses_below_the_new_site_and_never_its_home() {
        let under = SitePaths::new(Some("https://example.se/blogg"), None);
        assert_eq!(under.alias("https://example.se/blogg/?p=40").as_deref(), Some("/?p=40"));
        assert_eq!(
            under.alias("https://example.se/blogg/index.php?p=40").as_deref(),
            Some("/?p=40")
        );
        assert_eq!(
            under
                .alias("https://example.se/blogg/2016/12/08/bes%C3%B6k/")
                .as_deref(),
            Some("/2016/12/08/besök/")
        );
        assert_eq!(under.alias("https://example.se/blogg/"), None);
        assert_eq!(under.alias("https://example.se/blogg"), None);
        assert_eq!(under.alias("https://example.se/annat/x/"), None);
        assert_eq!(under.short_link("p", 40).as_deref(), Some("/?p=40"));
        // The new site at the host's root: the old paths keep their folder; a short link below
        // it cannot be kept.
        let root = SitePaths::new(Some("https://example.se/blogg/"), Some("/"));
        assert_eq!(
            root.alias("https://example.se/blogg/2016/x/").as_deref(),
            Some("/blogg/2016/x/")
        );
        assert_eq!(root.alias("https://example.se/blogg/?p=40"), None);
        assert_eq!(root.short_link("p", 40), None);
        let plain = SitePaths::new(Some("https://example.se"), Some("/"));
        assert_eq!(
            plain.alias("https://example.se/?page_id=2").as_deref(),
            Some("/?page_id=2")
        );
        assert_eq!(plain.alias("https://example.se/om-oss/").as_deref(), Some("/om-oss/"));
        assert_eq!(plain.alias("https://example.se/"), None);
    }
}
