//! What becomes of each address a post, page or comment writes: a file saved beside the post,
//! a link to an imported post or page (`@/posts/x.md#id`, checked by the build), the text alone
//! (a link the new site cannot keep), or the address as written (another site's).
//!
//! Every address that keeps pointing at the old blog, or that lost its link, is a [`Finding`]
//! for the summary, so that the day the old blog is switched off nothing breaks unannounced.

use super::html::{FoundUrl, Rewrite, Rewrites, UrlKind};
use super::links::{LinkTable, Target};
use super::media::{self, Library};
use super::urls::{OwnSite, Place};
use std::collections::{HashMap, HashSet};
use url::Url;

/// What the summary asks the writer to look at, grouped by these kinds in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckKind {
    /// A file of the old blog that could not be had: the post keeps its old address.
    NotDownloaded,
    /// An image from another site: it keeps loading from there.
    OtherSiteImage,
    /// A link the new site cannot keep, written as its text alone.
    LinkKeptAsText,
    /// What markdown cannot hold (an embedded map, a script, a shortcode besok does not know):
    /// written as a link, left as text or left out.
    NotCarried,
    /// Something of the post the import could not tell (municipality, date, ...).
    NotInferred,
}

/// One thing to check in one written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: CheckKind,
    /// The address it is about, to find its line in the export.
    pub url: String,
    pub what: String,
}

/// A post or page as a link target.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub title: String,
    /// Its file below content/ (`posts/x/index.md`); `None` when it is not imported, with why.
    pub key: Result<String, String>,
    /// Its heading ids.
    pub anchors: HashSet<String>,
    /// Why a build leaves it out, if it does ("a draft", "dated in the future").
    pub left_out: Option<&'static str>,
}

/// Everything the import knows of the export's addresses.
pub struct Addresses<'a> {
    pub own: &'a OwnSite,
    pub table: &'a LinkTable,
    /// Posts and pages by their WordPress id.
    pub targets: &'a HashMap<u64, LinkTarget>,
    pub attachments: &'a Library,
}

/// A file a document asked for: its name for the markdown, or why it could not be had.
pub type FileState = Result<String, String>;

/// The document whose addresses are settled.
pub struct Document<'a> {
    pub id: Option<u64>,
    /// Its own address on the old blog, against which relative addresses are read.
    pub page_url: Option<&'a str>,
    pub anchors: &'a HashSet<String>,
    /// Whether the build leaves it out (a draft): it may then link to other drafts.
    pub left_out: bool,
    /// The files it asked for, by their address ([`Addresses::file`]).
    pub files: &'a HashMap<Url, FileState>,
}

/// Where an address is written: the text of a post or page, its summary (where besok allows
/// no links to content files), or a reader's comment (whose files are not fetched).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Body,
    Summary,
    Comment,
}

impl Addresses<'_> {
    /// The address of the blog's file that `found`, written on the page at `page_url`, shows
    /// or links to: an image on the blog, a link to a file in its uploads, or a link to an
    /// attachment's page (which means the attachment's file).
    pub fn file(&self, found: &FoundUrl, page_url: Option<&str>) -> Option<Url> {
        if found.kind == UrlKind::Attachment {
            let id = found.url.parse().ok()?;
            return self.attachment_file(id);
        }
        let Place::Own(own) = self.own.place(&found.url, page_url) else {
            return None;
        };
        if matches!(found.kind, UrlKind::Image | UrlKind::Media) || media::is_file(&own) {
            return Some(own.fetch);
        }
        match self.table.find(&own)? {
            Target::Attachment(id) => self.attachment_file(id),
            Target::Document(_) => None,
        }
    }

    /// The address of attachment `id`'s file, when it is on the blog.
    fn attachment_file(&self, id: u64) -> Option<Url> {
        match self.own.place(&self.attachments.get(id)?.url, None) {
            Place::Own(file) => Some(file.fetch),
            _ => None,
        }
    }

    /// The rewrites of a document's addresses (`urls`, where `written`), and what to check.
    pub fn settle(&self, doc: &Document, urls: &[FoundUrl], written: Written) -> (Rewrites, Vec<Finding>) {
        let mut rewrites = Rewrites::new();
        let mut findings = Vec::new();
        let mut seen = HashSet::new();
        for found in urls {
            if !seen.insert(found) {
                continue;
            }
            let (rewrite, finding) = self.one(doc, found, written);
            if let Some(r) = rewrite {
                rewrites.insert(found.clone(), r);
            }
            findings.extend(finding);
        }
        (rewrites, findings)
    }

    /// What becomes of one address, and what to check about it.
    fn one(&self, doc: &Document, found: &FoundUrl, written: Written) -> (Option<Rewrite>, Option<Finding>) {
        let finding = |kind: CheckKind, what: String| {
            Some(Finding {
                kind,
                url: found.url.clone(),
                what,
            })
        };
        let as_text = |why: String| (Some(Rewrite::Unlink), finding(CheckKind::LinkKeptAsText, why));
        if found.kind == UrlKind::Attachment {
            return self.gallery_photo(doc, found);
        }
        match self.own.place(&found.url, doc.page_url) {
            Place::NotWeb => (None, None),
            Place::Other(url) if found.kind == UrlKind::Image => (
                None,
                finding(CheckKind::OtherSiteImage, format!("image from another site: {url}")),
            ),
            Place::Other(_) => (None, None),
            Place::SamePage(fragment) => match written {
                Written::Body if fragment.is_empty() || doc.anchors.contains(&fragment) => (None, None),
                Written::Body => as_text(format!("link to \"#{fragment}\": the text has no heading with that id")),
                // A summary is shown on other pages; a comment's anchors are not checked.
                Written::Summary | Written::Comment => (Some(Rewrite::Unlink), None),
            },
            // A summary is shown on list pages, where besok allows no links to content files.
            Place::Own(_) if written == Written::Summary => (Some(Rewrite::Unlink), None),
            Place::Own(own) => {
                if let Some(file) = self.file(found, doc.page_url) {
                    return match (written, doc.files.get(&file)) {
                        (Written::Comment, _) => {
                            as_text(format!("link in a comment to the old blog's file {}", found.url))
                        }
                        (_, Some(Ok(name))) => (Some(Rewrite::To(name.clone())), None),
                        // The text keeps loading it from the old blog, by its whole address: a
                        // relative one would be looked for on the new site.
                        (_, Some(Err(why))) => (
                            Some(Rewrite::To(file.to_string())),
                            finding(
                                CheckKind::NotDownloaded,
                                format!("{file}: {why}; the text still loads it from the old blog"),
                            ),
                        ),
                        (_, None) => (None, None),
                    };
                }
                let target = match self.table.find(&own) {
                    Some(Target::Document(id)) => self.targets.get(&id).map(|t| (id, t)),
                    _ => None,
                };
                let Some((id, target)) = target else {
                    return as_text(format!(
                        "link to {}: a page of the old blog that is not a post or page of the export",
                        found.url
                    ));
                };
                match self.to_document(doc, id, target, own.fragment.as_deref()) {
                    Ok(to) => (Some(Rewrite::To(to)), None),
                    Err(why) => as_text(format!("link to {}: {why}", found.url)),
                }
            }
        }
    }

    /// What becomes of a gallery's photo, by its attachment's id: its saved file, its old
    /// address when it could not be had, another site's address, or nothing (an attachment the
    /// export does not have).
    fn gallery_photo(&self, doc: &Document, found: &FoundUrl) -> (Option<Rewrite>, Option<Finding>) {
        let finding = |kind: CheckKind, what: String| {
            Some(Finding {
                kind,
                // The line of the gallery, for the summary.
                url: "[gallery".to_string(),
                what,
            })
        };
        let attachment = found.url.parse().ok().and_then(|id| self.attachments.get(id));
        let Some(attachment) = attachment else {
            return (
                Some(Rewrite::Unlink),
                finding(
                    CheckKind::NotCarried,
                    format!(
                        "a photo of a gallery (attachment {}) that the export does not have, left out",
                        found.url
                    ),
                ),
            );
        };
        match self.own.place(&attachment.url, None) {
            Place::Own(own) => match doc.files.get(&own.fetch) {
                Some(Ok(name)) => (Some(Rewrite::To(name.clone())), None),
                Some(Err(why)) => (
                    Some(Rewrite::To(own.fetch.to_string())),
                    finding(
                        CheckKind::NotDownloaded,
                        format!("{}: {why}; the text still loads it from the old blog", own.fetch),
                    ),
                ),
                None => (Some(Rewrite::To(own.fetch.to_string())), None),
            },
            Place::Other(url) => (
                Some(Rewrite::To(url.clone())),
                finding(CheckKind::OtherSiteImage, format!("image from another site: {url}")),
            ),
            _ => (Some(Rewrite::Unlink), None),
        }
    }

    /// The address of a link to post or page `id` (`target`), with `fragment`, from `doc`; or
    /// why the new site cannot keep it.
    fn to_document(
        &self,
        doc: &Document,
        id: u64,
        target: &LinkTarget,
        fragment: Option<&str>,
    ) -> Result<String, String> {
        let key = target
            .key
            .as_ref()
            .map_err(|why| format!("\"{}\" {why}", target.title))?;
        if let (Some(why), false) = (target.left_out, doc.left_out) {
            return Err(format!(
                "\"{}\" is {why}, which the build leaves out; link it again when it is published",
                target.title
            ));
        }
        match fragment.filter(|f| !f.is_empty()) {
            Some(f) if !target.anchors.contains(f) => {
                Err(format!("\"{}\" has no heading with the id \"{f}\"", target.title))
            }
            Some(f) if doc.id == Some(id) => Ok(format!("#{f}")),
            Some(f) => Ok(format!("@/{key}#{f}")),
            None => Ok(format!("@/{key}")),
        }
    }
}
