//! The last steps of an import: each post's and page's file made from what was settled (its
//! addresses, its files, its comments), checked with besok's own parser, then written, never
//! over an existing file, and told in the report.

use super::html::{self, Mode};
use super::rewrite::{Addresses, CheckKind, Document, Finding, Written};
use super::{comments, dates, files, pages, posts, Doc, ImportOptions, ImportReport, ImportedPage, ImportedPost};
use super::{Kind, Skipped, State, ToCheck};
use crate::content::{parse_page, parse_post};
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::scaffold::{create_new, shown};
use chrono::{DateTime, FixedOffset};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A post's or page's file, made and checked, not yet written.
pub struct Made {
    path: PathBuf,
    text: String,
    /// The comments archive's text (a post with comments).
    archive: Option<String>,
    /// Why the file would not build, when it would not: it is then not written.
    broken: Option<String>,
    /// What to check by hand in it.
    to_check: Vec<ToCheck>,
    /// A post's municipality and visit as written.
    municipality: Option<String>,
    visit: Option<u32>,
}

/// The file of a post or page this run writes (`None` for the others).
pub fn make(
    doc: &Doc,
    addresses: &Addresses,
    scrub: &comments::Scrub,
    options: &ImportOptions,
    now: DateTime<FixedOffset>,
) -> Option<Made> {
    let (State::Write, Some(rel)) = (&doc.state, &doc.rel) else {
        return None;
    };
    let path = options.into.join(rel);
    let item = doc.item();
    let document = Document {
        id: item.id,
        page_url: item.link.as_deref(),
        anchors: &doc.anchors,
        left_out: doc.left_out(now).is_some(),
        files: &doc.files,
    };
    let mut found: Vec<(usize, Finding)> = Vec::new();
    let (rewrites, findings) = addresses.settle(&document, &doc.body().urls, Written::Body);
    found.extend(findings.into_iter().map(|f| (item.line_of(&f.url), f)));
    let body = again_with(&item.content, doc.body(), &rewrites, Mode::Body);
    // A comment's addresses are settled as the text's; a comment without a date of its own is
    // dated as its post.
    let mut convert_comment = |comment: &super::wxr::Comment, dated: toml::value::Datetime| {
        let converted = html::convert(&comment.content, &html::Rewrites::new(), Mode::Plain);
        let (rewrites, findings) = addresses.settle(&document, &converted.urls, Written::Comment);
        found.extend(findings.into_iter().map(|f| (comment.line, f)));
        let date = dates::local_time(&comment.date, &comment.date_gmt).map_or(dated, |(d, _, _)| d);
        comments::Converted {
            date,
            markdown: again_with(&comment.content, &converted, &rewrites, Mode::Plain),
        }
    };
    let (text, archive, municipality, visit, notes) = match &doc.kind {
        Kind::Post(c) => {
            let excerpt = html::convert(&item.excerpt, &html::Rewrites::new(), Mode::Plain);
            let (rewrites, _) = addresses.settle(&document, &excerpt.urls, Written::Summary);
            let summary = again_with(&item.excerpt, &excerpt, &rewrites, Mode::Plain)
                .trim()
                .to_string();
            let archive = (!doc.kept.is_empty())
                .then(|| comments::archive(&item.comments, &doc.kept, scrub, |k| convert_comment(k, c.date())));
            let featured = files::featured(doc, addresses, &mut found);
            let (text, municipality, visit) = posts::render(c, &body, Some(summary), featured);
            (text, archive, municipality, visit, &c.notes)
        }
        Kind::Page(p) => {
            let mut body = body;
            if !doc.kept.is_empty() {
                // Dated as the page was last changed, when a comment has no date of its own.
                let dated = dates::post_date(item).map_or(dates::toml_datetime(&now, true), |(d, _, _)| d);
                let section = comments::section(&item.comments, &doc.kept, scrub, |k| convert_comment(k, dated));
                body = format!("{}\n\n{section}", body.trim_end());
            }
            (pages::file_text(p, &body), None, None, None, &p.notes)
        }
    };
    let mut to_check: Vec<ToCheck> = found
        .into_iter()
        .map(|(line, f)| ToCheck {
            kind: f.kind,
            path: path.clone(),
            export_line: line,
            what: f.what,
        })
        .collect();
    let not_inferred = |what: String| ToCheck {
        kind: CheckKind::NotInferred,
        path: path.clone(),
        export_line: item.line,
        what,
    };
    if matches!(doc.kind, Kind::Post(_)) && municipality.is_none() {
        to_check.push(not_inferred(
            "municipality: no \"besök i <name>\" in the title or a category".into(),
        ));
    }
    to_check.extend(notes.iter().map(|n| not_inferred(n.clone())));
    to_check.extend(doc.body().dropped.iter().map(|d| ToCheck {
        kind: CheckKind::NotCarried,
        path: path.clone(),
        export_line: item.line_of(&d.needle),
        what: d.what.clone(),
    }));
    Some(Made {
        broken: broken(doc, &text, rel),
        path,
        text,
        archive,
        to_check,
        municipality,
        visit,
    })
}

/// Why the file would not load in a build, checked with besok's own parser.
fn broken(doc: &Doc, text: &str, rel: &Path) -> Option<String> {
    let typography = Typography::for_language("sv");
    let parsed = match doc.kind {
        // Imported posts carry their `slug`, so where an address would come from is moot here.
        Kind::Post(_) => {
            let reading = crate::content::Reading {
                typography,
                slugs_from: crate::config::SlugsFrom::Title,
            };
            parse_post(text, rel, reading).map(|_| ())
        }
        Kind::Page(_) => parse_page(text, &Path::new("content").join(rel), typography).map(|_| ()),
    };
    parsed
        .err()
        .map(|errors| errors.first().map(|d| d.message.clone()).unwrap_or_default())
}

/// The markdown of `html` with `rewrites`: converted again only when there are any (`first`
/// is its conversion with the addresses as written).
fn again_with(html: &str, first: &html::Converted, rewrites: &html::Rewrites, mode: Mode) -> String {
    if rewrites.is_empty() {
        first.markdown.clone()
    } else {
        html::convert(html, rewrites, mode).markdown
    }
}

/// Writes a made file (and its comments archive), never over an existing one, and tells the
/// report.
pub fn write(doc: &Doc, made: Made, report: &mut ImportReport) -> Result<()> {
    let noun = match doc.kind {
        Kind::Post(_) => "post",
        Kind::Page(_) => "page",
    };
    let what = format!("{noun} \"{}\" ({})", doc.title(), shown(&made.path));
    if let Some(first) = made.broken {
        report.skipped.push(Skipped {
            what,
            reason: format!("it would not build: {first}"),
        });
        return Ok(());
    }
    if let Some(archive) = &made.archive {
        match create_new(&made.path.with_file_name(comments::FILE_NAME), archive) {
            Ok(()) | Err(Error::Refused { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    match create_new(&made.path, &made.text) {
        Ok(()) => {}
        Err(Error::Refused { reason, .. }) => {
            report.skipped.push(Skipped { what, reason });
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    report.to_check.extend(made.to_check);
    report.comments.add(doc.comment_counts);
    match &doc.kind {
        Kind::Post(c) => {
            report.imported.push(ImportedPost {
                path: made.path,
                title: c.title.clone(),
                draft: c.draft,
                municipality: made.municipality,
                visit: made.visit,
                inferred_from: c.inferred_from.clone(),
                files: doc
                    .files
                    .values()
                    .filter_map(|s| s.as_ref().ok())
                    .collect::<HashSet<_>>()
                    .len(),
                comments: doc.kept.len(),
            });
        }
        Kind::Page(p) => {
            report.pages.push(ImportedPage {
                path: made.path,
                title: p.title.clone(),
                draft: p.draft,
            });
        }
    }
    Ok(())
}
