//! Which post, page or file of the export an address on the old blog names.
//!
//! Writers link to their own posts in every spelling WordPress answers to: the permalink with
//! or without the host, with or without the trailing slash, the short link `?p=412`, a page's
//! `?page_id=2`, and an attachment's page. The import turns each into a link to the imported
//! file (`@/posts/x.md`), which the build checks and which keeps working wherever the new site
//! is published.

use super::urls::{path_key, OwnUrl};
use std::collections::HashMap;
use url::Url;

/// What an address names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A post or page of the export, by its WordPress id.
    Document(u64),
    /// An attachment's page, by the attachment's id: the link means its file.
    Attachment(u64),
}

/// Every address of the export's posts, pages and attachments.
#[derive(Debug, Default)]
pub struct LinkTable {
    by_path: HashMap<String, Target>,
    by_id: HashMap<u64, Target>,
}

impl LinkTable {
    /// Adds an item: its permalink (`link`) and its id.
    pub fn add(&mut self, target: Target, id: u64, link: Option<&str>) {
        self.by_id.insert(id, target);
        if let Some(url) = link.and_then(|l| Url::parse(l.trim()).ok()) {
            // A plain permalink (`/?p=12`, `/blogg/?p=12`) is known by its id: its path is the
            // blog's home.
            if url.query().is_none() {
                self.by_path.entry(path_key(url.path())).or_insert(target);
            }
        }
    }

    /// What `url` names, if it is one of the export's posts, pages or attachments.
    pub fn find(&self, url: &OwnUrl) -> Option<Target> {
        for key in ["p", "page_id", "attachment_id", "preview_id"] {
            if let Some(id) = url.query(key).and_then(|v| v.parse::<u64>().ok()) {
                return self.by_id.get(&id).copied();
            }
        }
        self.by_path.get(&url.path_key()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::urls::{OwnSite, Place};

    #[test]
    fn every_spelling_of_a_permalink_names_its_post() {
        let site = OwnSite::new(&["https://blogg.example.se".to_string()], []);
        let mut table = LinkTable::default();
        table.add(
            Target::Document(412),
            412,
            Some("https://blogg.example.se/2016/12/08/bes%c3%b6k-i-vetlanda/"),
        );
        table.add(Target::Document(2), 2, Some("https://blogg.example.se/?page_id=2"));
        table.add(
            Target::Attachment(415),
            415,
            Some("https://blogg.example.se/?attachment_id=415"),
        );
        let find = |raw: &str| match site.place(raw, None) {
            Place::Own(u) => table.find(&u),
            other => panic!("{other:?}"),
        };
        for written in [
            "https://blogg.example.se/2016/12/08/bes%C3%B6k-i-vetlanda/",
            "http://www.blogg.example.se/2016/12/08/besök-i-vetlanda",
            "/2016/12/08/besök-i-vetlanda/#rubrik",
            "/?p=412",
            "https://blogg.example.se/index.php?p=412",
        ] {
            assert_eq!(find(written), Some(Target::Document(412)), "{written}");
        }
        assert_eq!(find("/?page_id=2"), Some(Target::Document(2)));
        assert_eq!(find("/?attachment_id=415"), Some(Target::Attachment(415)));
        assert_eq!(find("/?p=999"), None);
        assert_eq!(find("/category/kalmar/"), None);
        assert_eq!(find("/"), None);
    }
}
