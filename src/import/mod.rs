//! `besok import wordpress`: a WordPress export (WXR) to a besok site that needs nothing of the
//! old blog any more: its posts (with their photos and files in bundles, their featured images
//! and their readers' comments), its pages, and links between them that keep working.
//!
//! The whole export is read, converted and checked before the first file is written, so a
//! broken export writes nothing. Then the blog's files are fetched (from a copy of its uploads
//! folder, else from the old site), each post's and page's addresses are settled (a saved
//! file, a link to an imported post, or the text alone), and each file is parsed back with
//! besok's own parser before it is written, so what is written builds. Existing files are
//! never replaced: they are reported and the import goes on, which also makes a second run
//! write nothing new and download nothing.

mod address;
mod comments;
mod dates;
mod embeds;
mod fetch;
mod files;
mod html;
pub mod infer;
mod links;
mod media;
mod pages;
mod posts;
mod rerun;
mod rewrite;
mod urls;
mod write;
mod wxr;

pub use comments::CommentCounts;
pub use fetch::DEFAULT_TIMEOUT;
pub use rewrite::CheckKind;

use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::scaffold::shown;
use links::{LinkTable, Target};
use media::{Attachment, Library};
use pages::PageCandidate;
use posts::Candidate;
use rayon::prelude::*;
use rewrite::{Addresses, FileState, LinkTarget};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// What to import, from where, into where.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The WXR file.
    pub export: PathBuf,
    /// The site's content folder; posts go to `<into>/posts/`, pages to `<into>/pages/`.
    pub into: PathBuf,
    /// The site's `static/` folder, where the files pages show are saved (plain pages have
    /// no bundle).
    pub static_dir: PathBuf,
    /// Whether to fetch the blog's files at all (`--no-media`: not).
    pub media: bool,
    /// A copy of the blog's `wp-content/uploads` folder, asked before the old site.
    pub uploads: Option<PathBuf>,
    /// How long to wait for the old site at each step of a request.
    pub timeout: Duration,
    /// Whether to keep pingbacks and trackbacks with the comments.
    pub pingbacks: bool,
    /// The site's config.toml: its `base_url` says where the old addresses will be; when it has
    /// none, the old blog's address is written there.
    pub config: Option<PathBuf>,
}

impl ImportOptions {
    /// An import of `export` into the site at `root` (`content/`, `static/`), fetching its
    /// files from the old site.
    pub fn new(export: impl Into<PathBuf>, root: &Path) -> ImportOptions {
        ImportOptions {
            export: export.into(),
            into: root.join("content"),
            static_dir: root.join("static"),
            media: true,
            uploads: None,
            timeout: DEFAULT_TIMEOUT,
            pingbacks: false,
            config: Some(root.join("config.toml")),
        }
    }
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
    /// Files saved in its bundle.
    pub files: usize,
    /// Comments kept in its archive.
    pub comments: usize,
}

/// A plain page written by the import.
#[derive(Debug, Clone)]
pub struct ImportedPage {
    pub path: PathBuf,
    pub title: String,
    pub draft: bool,
}

/// An item of the export that was not written, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub what: String,
    pub reason: String,
}

/// Something to check by hand in a written file, with the export's line it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ToCheck {
    pub kind: CheckKind,
    pub path: PathBuf,
    pub export_line: usize,
    pub what: String,
}

/// The blog's files the import saved.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MediaCounts {
    /// Files saved by this run (each once, however many posts show it).
    pub saved: usize,
    /// Their size.
    pub bytes: u64,
    /// Of them, how many came from the uploads folder (the rest from the old site).
    pub from_uploads: usize,
    /// Files an earlier run had saved, not fetched again.
    pub already_saved: usize,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<ImportedPost>,
    pub pages: Vec<ImportedPage>,
    pub media: MediaCounts,
    pub comments: CommentCounts,
    pub skipped: Vec<Skipped>,
    /// What to check by hand, in the order of [`CheckKind`], then file, then line.
    pub to_check: Vec<ToCheck>,
    /// Where the site is to be published, for the old addresses to keep working.
    pub site_address: Option<SiteAddress>,
    /// Posts and pages an earlier run wrote that got files it could not get then.
    pub updated: Vec<Updated>,
}

/// A post or page an earlier run wrote, given the files it could not get then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    pub path: PathBuf,
    /// Files saved for it now.
    pub files: usize,
    /// The post's file before, when it was moved into a folder of its own (a bundle) for them.
    pub moved_from: Option<PathBuf>,
    /// Files of the site whose links to it were made to lead to where it moved.
    pub relinked: usize,
}

/// config.toml's `base_url` and the old blog's address: the aliases are the old addresses
/// below the site's, so the site is to be published where the blog was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteAddress {
    /// `base_url` was not set: the import wrote the old blog's address there.
    Written(String),
    /// `base_url` was not set and could not be written: the line to add to config.toml.
    ToSet(String),
    /// `base_url` is set (to the first), other than the old blog's address (the second).
    Other(String, String),
    /// `base_url` is the old blog's address.
    Same(String),
}

/// A post or page of the export on its way to a file.
enum Kind {
    Post(Candidate),
    Page(PageCandidate),
}

/// Whether a post or page is written by this run.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Write,
    /// Its file is there (an earlier run, or the writer's): left as it is.
    Exists(PathBuf),
    /// Not imported, with why (its URL is taken).
    Skip(String),
}

/// A post or page with what the import settles for it.
struct Doc {
    kind: Kind,
    state: State,
    /// Heading ids of its text, which links to it may name.
    anchors: HashSet<String>,
    /// The blog's files it shows, links to or owns: the address as written, the job that
    /// fetches it and its name in the markdown.
    wants: Vec<(Url, usize, String)>,
    /// Its featured image (posts): the file's address and its alt text.
    featured: Option<(Url, Option<String>)>,
    /// Each file it asked for, by its address: its name, or why it could not be had.
    files: HashMap<Url, FileState>,
    /// Its file below the content folder (`None`: not imported).
    rel: Option<PathBuf>,
    /// The comments it keeps (indices into its item's), and those left out.
    kept: Vec<usize>,
    comment_counts: CommentCounts,
    /// The text of its file, when an earlier run (or the writer) wrote it.
    existing: Option<String>,
}

impl Doc {
    fn item(&self) -> &wxr::Item {
        match &self.kind {
            Kind::Post(c) => &c.item,
            Kind::Page(p) => &p.item,
        }
    }

    fn title(&self) -> &str {
        match &self.kind {
            Kind::Post(c) => &c.title,
            Kind::Page(p) => &p.title,
        }
    }

    fn body(&self) -> &html::Converted {
        match &self.kind {
            Kind::Post(c) => &c.body,
            Kind::Page(p) => &p.body,
        }
    }

    /// Why a build leaves it out, if it does.
    fn left_out(&self, now: chrono::DateTime<chrono::FixedOffset>) -> Option<&'static str> {
        match &self.kind {
            Kind::Post(c) if c.draft => Some("a draft"),
            Kind::Post(c) if c.instant > now => Some("dated in the future"),
            Kind::Page(p) if p.draft => Some("a draft"),
            _ => None,
        }
    }

    /// Its file below the content folder when written with files (a post's bundle) or not.
    fn rel(&self, bundle: bool) -> PathBuf {
        match &self.kind {
            Kind::Post(c) if bundle => Path::new("posts").join(&c.slug).join("index.md"),
            Kind::Post(c) => Path::new("posts").join(format!("{}.md", c.slug)),
            Kind::Page(p) => p.rel.clone(),
        }
    }
}

/// Imports a WordPress export into `options.into`: the steps below, in order.
pub fn import_wordpress(options: &ImportOptions) -> Result<ImportReport> {
    let export = read_export(&options.export)?;
    let mut report = ImportReport::default();
    let existing = posts::read_existing(&options.into);
    let paths = site_paths(&export, options);
    let (mut docs, attachments) = documents(&export, &existing, &paths, options, &mut report);
    let own = urls::OwnSite::new(&export.own_urls, attachments.values().map(|a| a.url.as_str()));
    let table = link_table(&export, &docs, &attachments);
    let no_targets = HashMap::new();
    let addresses = Addresses {
        own: &own,
        table: &table,
        targets: &no_targets,
        attachments: &attachments,
    };
    fetch_files(&mut docs, &addresses, options, &mut report);
    let now = chrono::Utc::now().fixed_offset();
    place(&mut docs, options);
    rerun::update(&mut docs, options, &mut report)?;
    let targets = link_targets(&docs, now);
    let addresses = Addresses {
        targets: &targets,
        ..addresses
    };
    let scrub = comments::Scrub::new(export.items.iter().flat_map(|i| &i.comments));
    // Everything is settled: each file is made (in parallel), then written in the export's
    // order, never over an existing file.
    let made: Vec<Option<write::Made>> = docs
        .par_iter()
        .map(|doc| write::make(doc, &addresses, &scrub, options, now))
        .collect();
    for (doc, made) in docs.iter().zip(made) {
        if let Some(made) = made {
            write::write(doc, made, &mut report)?;
        }
    }
    report.site_address = address::settle(options.config.as_deref(), export.site_url.as_deref());
    report
        .to_check
        .sort_by(|a, b| (a.kind, &a.path, a.export_line).cmp(&(b.kind, &b.path, b.export_line)));
    Ok(report)
}

/// The export, read as UTF-8 (a bad byte is an error at its line and column) and parsed.
fn read_export(path: &Path) -> Result<wxr::Export> {
    let text = crate::source::read_text(Path::new(""), path).map_err(Error::Content)?;
    wxr::parse(&text, path).map_err(|d| Error::Content(vec![d]))
}

/// Where the old blog's addresses are on the new site: below config.toml's `base_url`, or
/// where the blog was when it has none.
fn site_paths(export: &wxr::Export, options: &ImportOptions) -> urls::SitePaths {
    let configured = address::configured(options.config.as_deref());
    urls::SitePaths::new(
        export.site_url.as_deref(),
        configured.as_ref().map(|(_, path)| path.as_str()),
    )
}

/// Every address of the export's posts, pages and attachments.
fn link_table(export: &wxr::Export, docs: &[Doc], attachments: &Library) -> LinkTable {
    let mut table = LinkTable::default();
    for doc in docs {
        if let Some(id) = doc.item().id {
            table.add(Target::Document(id), id, doc.item().link.as_deref());
        }
    }
    for a in attachments.values() {
        table.add(Target::Attachment(a.id), a.id, None);
    }
    for item in export.items.iter().filter(|i| i.post_type == "attachment") {
        if let Some(id) = item.id {
            table.add(Target::Attachment(id), id, item.link.as_deref());
        }
    }
    table
}

/// The files every post and page needs, fetched once each (or none, with `--no-media`), and
/// for each post and page the state of every file it asked for.
fn fetch_files(docs: &mut [Doc], addresses: &Addresses, options: &ImportOptions, report: &mut ImportReport) {
    let jobs = files::plan_files(docs, addresses, options);
    let results: Vec<std::result::Result<fetch::Saved, fetch::Failure>> = if options.media {
        let sources = fetch::Sources {
            uploads: options.uploads.clone(),
            timeout: options.timeout,
        };
        fetch::run(&jobs, &sources)
    } else {
        jobs.iter()
            .map(|_| Err("not downloaded (--no-media)".to_string()))
            .collect()
    };
    files::count_media(&results, &mut report.media);
    files::report_unused(docs, addresses, options, report);
    for doc in docs.iter_mut() {
        doc.files = doc
            .wants
            .iter()
            .map(|(url, job, name)| {
                let state = match &results[*job] {
                    Ok(_) => Ok(name.clone()),
                    Err(why) => Err(why.clone()),
                };
                (url.clone(), state)
            })
            .collect();
    }
}

/// The comments each post and page keeps, and where each is written, now that it is known
/// which posts have files or comments (those are bundles).
fn place(docs: &mut [Doc], options: &ImportOptions) {
    for doc in docs.iter_mut() {
        let (kept, mut counts) = match doc.state {
            State::Write => comments::select(&doc.item().comments, options.pingbacks),
            _ => (Vec::new(), CommentCounts::default()),
        };
        if let Kind::Page(_) = doc.kind {
            counts.pages = std::mem::take(&mut counts.posts);
        }
        let bundle = doc.files.values().any(|s| s.is_ok()) || !kept.is_empty();
        doc.rel = match &doc.state {
            State::Write => Some(doc.rel(bundle)),
            State::Exists(rel) => Some(rel.clone()),
            State::Skip(_) => None,
        };
        doc.kept = kept;
        doc.comment_counts = counts;
    }
}

/// Every post and page as a link target, by its WordPress id.
fn link_targets(docs: &[Doc], now: chrono::DateTime<chrono::FixedOffset>) -> HashMap<u64, LinkTarget> {
    docs.iter()
        .filter_map(|d| {
            let id = d.item().id?;
            let key = match (&d.rel, &d.state) {
                (Some(rel), _) => Ok(rel.to_string_lossy().replace('\\', "/")),
                (None, State::Skip(why)) => Err(why.clone()),
                (None, _) => Err("was not imported".to_string()),
            };
            Some((
                id,
                LinkTarget {
                    title: d.title().to_string(),
                    key,
                    anchors: d.anchors.clone(),
                    left_out: d.left_out(now),
                },
            ))
        })
        .collect()
}

/// The export's posts and pages, converted, each with whether this run writes it; and its
/// attachments by id. Items that are neither, or not to keep, are counted in the report.
fn documents(
    export: &wxr::Export,
    existing: &posts::Existing,
    paths: &urls::SitePaths,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> (Vec<Doc>, Library) {
    let mut attachments = Library::default();
    for item in export.items.iter().filter(|i| i.post_type == "attachment") {
        match (item.id, &item.attachment_url) {
            (Some(id), Some(url)) => attachments.add(Attachment {
                id,
                url: url.trim().to_string(),
                parent: item.parent,
                alt: item.image_alt.clone(),
            }),
            (Some(id), None) => attachments.add_without_file(id),
            _ => {}
        }
    }
    // A `[gallery]` without ids shows the photos uploaded to its post.
    let with_galleries = |item: &wxr::Item| {
        let mut item = item.clone();
        if let Some(id) = item.id {
            let photos: Vec<u64> = attachments
                .of(id)
                .filter(|a| media::is_photo_name(&a.url))
                .map(|a| a.id)
                .collect();
            item.content = embeds::expand_galleries(&item.content, &photos);
        }
        item
    };
    // A post without a date is dated as its neighbour in the export.
    let post_items: Vec<&wxr::Item> = export.items.iter().filter(|i| i.post_type == "post").collect();
    let mut neighbours = dates::neighbours(&post_items).into_iter();
    let mut candidates = Vec::new();
    let mut page_items = Vec::new();
    let mut other_types: BTreeMap<String, usize> = BTreeMap::new();
    for item in &export.items {
        let title = item.title.trim().to_string();
        let neighbour = match item.post_type.as_str() {
            "post" => neighbours.next().flatten(),
            "page" => {
                page_items.push(with_galleries(item));
                continue;
            }
            "attachment" => continue,
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
        };
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
        candidates.push(posts::convert(
            with_galleries(item),
            draft,
            export,
            paths,
            neighbour.as_ref(),
        ));
    }
    for (kind, count) in other_types {
        report.skipped.push(Skipped {
            what: format!("{count} item{} of type {kind}", if count == 1 { "" } else { "s" }),
            reason: "menus, revisions and blocks are WordPress's own, not posts".into(),
        });
    }
    posts::infer_municipalities(&mut candidates, existing);
    posts::settle_visits(&mut candidates, existing);
    posts::assign_slugs(&mut candidates);
    let (pages, skipped) = pages::plan(&page_items, paths);
    report.skipped.extend(skipped);

    let typography = Typography::for_language("sv");
    let docs = candidates
        .into_iter()
        .map(Kind::Post)
        .chain(pages.into_iter().map(Kind::Page))
        .map(|kind| {
            let mut doc = Doc {
                kind,
                state: State::Write,
                anchors: HashSet::new(),
                wants: Vec::new(),
                featured: None,
                files: HashMap::new(),
                rel: None,
                kept: Vec::new(),
                comment_counts: CommentCounts::default(),
                existing: None,
            };
            doc.anchors = crate::markdown::render(&doc.body().markdown, typography)
                .toc
                .into_iter()
                .map(|h| h.id)
                .collect();
            doc.state = state(&doc, existing, options, report);
            if let State::Exists(rel) = &doc.state {
                doc.existing = std::fs::read_to_string(options.into.join(rel)).ok();
            }
            doc
        })
        .collect();
    (docs, attachments)
}

/// Whether a post or page is written now: not when its file is there (a second run) or
/// another file has its URL.
fn state(doc: &Doc, existing: &posts::Existing, options: &ImportOptions, report: &mut ImportReport) -> State {
    let noun = match doc.kind {
        Kind::Post(_) => "post",
        Kind::Page(_) => "page",
    };
    for rel in [doc.rel(false), doc.rel(true)] {
        if options.into.join(&rel).exists() {
            return State::Exists(rel);
        }
    }
    let path = options.into.join(doc.rel(false));
    let taken = match &doc.kind {
        Kind::Post(c) => existing
            .slugs
            .get(&c.slug)
            .map(|other| (format!("posts/{}/", c.slug), other)),
        Kind::Page(p) => {
            let url = format!(
                "{}/",
                p.rel
                    .strip_prefix("pages")
                    .unwrap_or(&p.rel)
                    .with_extension("")
                    .to_string_lossy()
            );
            existing.pages.get(&url).map(|other| (url.clone(), other))
        }
    };
    match taken {
        Some((url, other)) => {
            let reason = format!(
                "its URL {url} is taken by {}; left out",
                shown(&options.into.join(other))
            );
            report.skipped.push(Skipped {
                what: format!("{noun} \"{}\" ({})", doc.title(), shown(&path)),
                reason: reason.clone(),
            });
            State::Skip(format!("was left out: {reason}"))
        }
        None => State::Write,
    }
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
        import_wordpress(&ImportOptions::new(export, dir)).expect("imports")
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

    #[test]
    fn a_post_without_a_date_is_a_draft_dated_as_its_neighbour_and_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let undated = |id: u32, title: &str| {
            item(id, title, "2000-01-01", &[])
                .replace("<wp:post_date><![CDATA[2000-01-01 12:00:00]]></wp:post_date>", "")
                .replace(
                    "<wp:post_date_gmt><![CDATA[2000-01-01 11:00:00]]></wp:post_date_gmt>",
                    "",
                )
        };
        let items = [
            undated(1, "Besök i Eksjö"),
            item(2, "Besök i Kalmar", "2016-05-10", &[]),
            undated(3, "Besök i Vetlanda"),
        ]
        .concat();
        let report = import_items(dir.path(), &items);
        let mut imported = report.imported.clone();
        imported.sort_by(|a, b| a.path.cmp(&b.path));
        let got: Vec<(String, bool)> = imported
            .iter()
            .map(|p| (p.path.file_name().unwrap().to_string_lossy().into_owned(), p.draft))
            .collect();
        assert_eq!(
            got,
            [
                ("p1.md".to_string(), true),
                ("p2.md".to_string(), false),
                ("p3.md".to_string(), true)
            ]
        );
        let first = std::fs::read_to_string(dir.path().join("content/posts/p1.md")).expect("written");
        assert!(first.contains("date = 2016-05-10T12:00:00+01:00\n"), "{first}");
        assert!(first.contains("draft = true"), "{first}");
        let notes: Vec<&str> = report
            .to_check
            .iter()
            .filter(|t| t.kind == CheckKind::NotInferred && t.what.starts_with("date"))
            .map(|t| t.what.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "date: the post has none; imported as a draft dated as the next post of the export, \"Besök i Kalmar\": give it its date, then remove draft = true",
                "date: the post has none; imported as a draft dated as the post before it in the export, \"Besök i Kalmar\": give it its date, then remove draft = true",
            ]
        );
    }
}
