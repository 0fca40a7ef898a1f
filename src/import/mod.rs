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

mod comments;
mod dates;
mod fetch;
mod files;
mod html;
pub mod infer;
mod links;
mod media;
mod pages;
mod posts;
mod rewrite;
mod urls;
mod wxr;

pub use comments::CommentCounts;
pub use fetch::DEFAULT_TIMEOUT;
pub use rewrite::CheckKind;

use crate::content::{parse_page, parse_post};
use crate::diagnostics::{line_column, Diagnostic};
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::scaffold::{create_new, shown};
use links::{LinkTable, Target};
use media::Attachment;
use pages::PageCandidate;
use posts::Candidate;
use rewrite::{Addresses, Document, FileState, Finding, LinkTarget, Written};
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
    /// Which places the site's municipalities are (`municipalities` of its config.toml): names
    /// are one municipality by the build's rule for them.
    pub municipalities: crate::config::Municipalities,
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
            // A config.toml that cannot be read is the build's to report.
            municipalities: crate::config::Config::load(&root.join("config.toml"), Path::new("config.toml"))
                .map(|c| c.municipalities)
                .unwrap_or_default(),
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

/// Imports a WordPress export into `options.into`.
pub fn import_wordpress(options: &ImportOptions) -> Result<ImportReport> {
    let text = read_export(&options.export)?;
    let export = wxr::parse(&text, &options.export).map_err(|d| Error::Content(vec![d]))?;
    let existing = posts::read_existing(&options.into, options.municipalities);
    let mut report = ImportReport::default();

    let (mut docs, attachments) = documents(&export, &existing, options, &mut report);
    let own = urls::OwnSite::new(&export.own_urls, attachments.values().map(|a| a.url.as_str()));
    let mut table = LinkTable::default();
    for doc in &docs {
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

    // The files every post and page needs, fetched once each.
    let no_targets = HashMap::new();
    let addresses = Addresses {
        own: &own,
        table: &table,
        targets: &no_targets,
        attachments: &attachments,
    };
    let jobs = files::plan_files(&mut docs, &addresses, options);
    let results: Vec<std::result::Result<fetch::Saved, fetch::Failure>> = if options.media {
        fetch::run(
            &jobs,
            &fetch::Sources {
                uploads: options.uploads.clone(),
                timeout: options.timeout,
            },
        )
    } else {
        jobs.iter()
            .map(|_| Err("not downloaded (--no-media)".to_string()))
            .collect()
    };
    files::count_media(&results, &mut report.media);
    files::report_unused(&docs, &addresses, options, &mut report);

    // Where each post and page is, now that it is known which posts have files.
    let now = chrono::Utc::now().fixed_offset();
    let kept: Vec<(Vec<&wxr::Comment>, CommentCounts)> = docs
        .iter()
        .map(|d| match (&d.kind, &d.state) {
            (Kind::Post(c), State::Write) => comments::select(&c.item.comments, options.pingbacks),
            _ => (Vec::new(), CommentCounts::default()),
        })
        .collect();
    let files: Vec<HashMap<Url, FileState>> = docs
        .iter()
        .map(|d| {
            d.wants
                .iter()
                .map(|(url, job, name)| {
                    let state = match &results[*job] {
                        Ok(_) => Ok(name.clone()),
                        Err(why) => Err(why.clone()),
                    };
                    (url.clone(), state)
                })
                .collect()
        })
        .collect();
    let rels: Vec<Option<PathBuf>> = docs
        .iter()
        .zip(&files)
        .zip(&kept)
        .map(|((d, f), (k, _))| match &d.state {
            State::Write => Some(d.rel(f.values().any(|s| s.is_ok()) || !k.is_empty())),
            State::Exists(rel) => Some(rel.clone()),
            State::Skip(_) => None,
        })
        .collect();
    let targets: HashMap<u64, LinkTarget> = docs
        .iter()
        .zip(&rels)
        .filter_map(|(d, rel)| {
            let id = d.item().id?;
            let key = match (rel, &d.state) {
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
        .collect();
    let addresses = Addresses {
        targets: &targets,
        ..addresses
    };
    let scrub = comments::Scrub::new(export.items.iter().flat_map(|i| &i.comments));

    // Everything is settled; now write, never over an existing file.
    let typography = Typography::for_language("sv");
    for (((doc, files), (kept, counts)), rel) in docs.iter().zip(&files).zip(&kept).zip(&rels) {
        let (State::Write, Some(rel)) = (&doc.state, rel) else {
            continue;
        };
        let path = options.into.join(rel);
        let item = doc.item();
        let document = Document {
            id: item.id,
            page_url: item.link.as_deref(),
            anchors: &doc.anchors,
            left_out: doc.left_out(now).is_some(),
            files,
        };
        let mut found: Vec<(usize, Finding)> = Vec::new();
        let (rewrites, findings) = addresses.settle(&document, &doc.body().urls, Written::Body);
        found.extend(findings.into_iter().map(|f| (item.line_of(&f.url), f)));
        let body = html::to_markdown_with(&item.content, &rewrites).markdown;
        let (text, made) = match &doc.kind {
            Kind::Post(c) => {
                let excerpt = html::to_markdown(&item.excerpt);
                let (rewrites, _) = addresses.settle(&document, &excerpt.urls, Written::Summary);
                let summary = html::to_markdown_with(&item.excerpt, &rewrites)
                    .markdown
                    .trim()
                    .to_string();
                let featured = files::featured(doc, files, &mut found);
                let (text, municipality, visit) = posts::render(c, &body, Some(summary), featured);
                let archive = (!kept.is_empty()).then(|| {
                    comments::archive(&item.comments, kept, &scrub, |comment| {
                        let converted = html::to_markdown(&comment.content);
                        let (rewrites, findings) = addresses.settle(&document, &converted.urls, Written::Comment);
                        found.extend(findings.into_iter().map(|f| (comment.line, f)));
                        // A comment without a date of its own is dated as its post.
                        let date = dates::local_time(&comment.date, &comment.date_gmt).map_or(c.date(), |(d, _, _)| d);
                        comments::Converted {
                            date,
                            markdown: html::to_markdown_with(&comment.content, &rewrites).markdown,
                        }
                    })
                });
                (
                    text,
                    Made::Post {
                        municipality,
                        visit,
                        archive,
                    },
                )
            }
            Kind::Page(p) => (pages::file_text(p, &body), Made::Page),
        };
        let what = format!("{} \"{}\" ({})", made.noun(), doc.title(), shown(&path));
        // The file must load in a build: check it with besok's own parser first.
        let parsed = match &made {
            // Its file's name is its slug (or it says `slug`): the same address either way.
            Made::Post { .. } => parse_post(
                &text,
                rel,
                crate::content::Reading {
                    typography,
                    slugs_from: crate::config::SlugsFrom::File,
                },
            )
            .map(|_| ()),
            Made::Page => parse_page(&text, &Path::new("content").join(rel), typography).map(|_| ()),
        };
        if let Err(errors) = parsed {
            let first = errors.first().map(|d| d.message.clone()).unwrap_or_default();
            report.skipped.push(Skipped {
                what,
                reason: format!("it would not build: {first}"),
            });
            continue;
        }
        if let Made::Post {
            archive: Some(archive), ..
        } = &made
        {
            let archive_path = path.with_file_name(comments::FILE_NAME);
            match create_new(&archive_path, archive) {
                Ok(()) | Err(Error::Refused { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        match create_new(&path, &text) {
            Ok(()) => {}
            Err(Error::Refused { reason, .. }) => {
                report.skipped.push(Skipped { what, reason });
                continue;
            }
            Err(e) => return Err(e),
        }
        for (line, f) in found {
            report.to_check.push(ToCheck {
                kind: f.kind,
                path: path.clone(),
                export_line: line,
                what: f.what,
            });
        }
        match (&doc.kind, made) {
            (
                Kind::Post(c),
                Made::Post {
                    municipality, visit, ..
                },
            ) => {
                if municipality.is_none() {
                    report.to_check.push(not_inferred(
                        &path,
                        item.line,
                        "municipality: no \"besök i <name>\" in the title or a category".into(),
                    ));
                }
                report.comments.add(*counts);
                report.imported.push(ImportedPost {
                    path: path.clone(),
                    title: c.title.clone(),
                    draft: c.draft,
                    municipality,
                    visit,
                    inferred_from: c.inferred_from.clone(),
                    files: files
                        .values()
                        .filter_map(|s| s.as_ref().ok())
                        .collect::<HashSet<_>>()
                        .len(),
                    comments: kept.len(),
                });
            }
            (Kind::Page(p), _) => {
                report.comments.on_pages += p.item.comments.iter().filter(|c| c.approved == "1").count();
                report.pages.push(ImportedPage {
                    path: path.clone(),
                    title: p.title.clone(),
                    draft: p.draft,
                });
            }
            _ => {}
        }
        let (notes, shortcodes) = match &doc.kind {
            Kind::Post(c) => (&c.notes, &c.body.shortcodes),
            Kind::Page(p) => (&p.notes, &p.body.shortcodes),
        };
        for note in notes {
            report.to_check.push(not_inferred(&path, item.line, note.clone()));
        }
        if !shortcodes.is_empty() {
            report.to_check.push(not_inferred(
                &path,
                item.line,
                format!("shortcodes left as text: [{}]", shortcodes.join("], [")),
            ));
        }
    }
    report
        .to_check
        .sort_by(|a, b| (a.kind, &a.path, a.export_line).cmp(&(b.kind, &b.path, b.export_line)));
    Ok(report)
}

/// What was made of a post or page, for the summary and the last steps.
enum Made {
    Post {
        municipality: Option<String>,
        visit: Option<u32>,
        /// The comments archive's text, when it has comments.
        archive: Option<String>,
    },
    Page,
}

impl Made {
    fn noun(&self) -> &'static str {
        match self {
            Made::Post { .. } => "post",
            Made::Page => "page",
        }
    }
}

fn not_inferred(path: &Path, line: usize, what: String) -> ToCheck {
    ToCheck {
        kind: CheckKind::NotInferred,
        path: path.to_path_buf(),
        export_line: line,
        what,
    }
}

/// The export's posts and pages, converted, each with whether this run writes it; and its
/// attachments by id. Items that are neither, or not to keep, are counted in the report.
fn documents(
    export: &wxr::Export,
    existing: &posts::Existing,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> (Vec<Doc>, HashMap<u64, Attachment>) {
    let mut candidates = Vec::new();
    let mut page_items = Vec::new();
    let mut attachments = HashMap::new();
    let mut other_types: BTreeMap<String, usize> = BTreeMap::new();
    for item in &export.items {
        let title = item.title.trim().to_string();
        match item.post_type.as_str() {
            "post" => {}
            "page" => {
                page_items.push(item.clone());
                continue;
            }
            "attachment" => {
                if let (Some(id), Some(url)) = (item.id, &item.attachment_url) {
                    attachments.insert(
                        id,
                        Attachment {
                            id,
                            url: url.trim().to_string(),
                            parent: item.parent,
                            alt: item.image_alt.clone(),
                            line: item.line,
                        },
                    );
                }
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
        match posts::convert(item.clone(), draft, export) {
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
    posts::infer_municipalities(&mut candidates, existing);
    posts::settle_visits(&mut candidates, existing);
    posts::assign_slugs(&mut candidates);
    let (pages, skipped) = pages::plan(&page_items);
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
            };
            doc.anchors = crate::markdown::render(&doc.body().markdown, typography)
                .toc
                .into_iter()
                .map(|h| h.id)
                .collect();
            doc.state = state(&doc, existing, options, report);
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
        let path = options.into.join(&rel);
        if path.exists() {
            report.skipped.push(Skipped {
                what: format!("{noun} \"{}\" ({})", doc.title(), shown(&path)),
                reason: "the file already exists; left as it is".into(),
            });
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

/// The export's text; a file that is not UTF-8 is an error at its first bad byte.
fn read_export(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
        let (line, column) = line_column(good, offset);
        Error::Content(vec![Diagnostic::error(
            path,
            line,
            column,
            format!("the export is not UTF-8 (byte {offset}); expected the XML file as WordPress wrote it"),
        )])
    })
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
}
