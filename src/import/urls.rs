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
}
