//! Which of the blog's files each post and page gets: what it shows, links to or owns (its
//! featured image, the files uploaded to it), as fetch jobs, one per original file with every
//! place it goes; and, once fetched, what was saved and what the summary says of it.

use super::fetch;
use super::media;
use super::rewrite::{Addresses, CheckKind, Finding};
use super::{posts, urls, Doc, ImportOptions, ImportReport, Kind, MediaCounts, Skipped, State};
use std::collections::{HashMap, HashSet};
use url::Url;

/// The files each post and page to write shows, links to or owns (its attachments, its
/// featured image), as fetch jobs: one per original file, with every place it goes. A post's
/// files go to its bundle, named after the file; a page's to `static/` at their old path.
pub fn plan_files(docs: &mut [Doc], addresses: &Addresses, options: &ImportOptions) -> Vec<fetch::Job> {
    let mut jobs: Vec<fetch::Job> = Vec::new();
    let mut job_of: HashMap<Url, usize> = HashMap::new();
    // A file many posts show (a logo) has many destinations: each is added once.
    let mut placed: HashSet<(usize, std::path::PathBuf)> = HashSet::new();
    for doc in docs.iter_mut() {
        // A post or page an earlier run wrote gets again only the files it could not get then:
        // those its text (as the writer left it) still loads from the old blog.
        let still_wanted = match (&doc.state, &doc.existing) {
            (State::Write, _) => None,
            (State::Exists(_), Some(text)) => Some(text.clone()),
            _ => continue,
        };
        let (wanted, featured) = wanted_files(doc, addresses);
        // A post written without its featured image (the file could not be had) gets it now,
        // unless the writer has given it one since.
        let featured_missing = still_wanted.as_deref().is_some_and(super::rerun::lacks_featured_image);
        if still_wanted.is_none() || featured_missing {
            doc.featured = featured;
        }
        let featured_url = doc.featured.as_ref().map(|(url, _)| url.clone());
        let mut names = media::Names::default();
        let mut seen = HashSet::new();
        for url in wanted {
            if !seen.insert(url.clone()) {
                continue;
            }
            let candidates = media::candidates(&url);
            let original = candidates[0].clone();
            // Named as the earlier run named it: every file in the same order.
            let name = match &doc.kind {
                Kind::Post(_) => Some(names.name(&original, &media::file_name(&original))),
                Kind::Page(_) => None,
            };
            let retried_featured = featured_missing && featured_url.as_ref() == Some(&url);
            if still_wanted.as_ref().is_some_and(|text| !text.contains(url.as_str())) && !retried_featured {
                continue;
            }
            let job = *job_of.entry(original.clone()).or_insert_with(|| {
                jobs.push(fetch::Job {
                    candidates: Vec::new(),
                    destinations: Vec::new(),
                });
                jobs.len() - 1
            });
            for c in candidates {
                if !jobs[job].candidates.contains(&c) {
                    jobs[job].candidates.push(c);
                }
            }
            let (destination, name) = match (&doc.kind, name) {
                (Kind::Post(c), Some(name)) => (options.into.join("posts").join(&c.slug).join(&name), name),
                _ => {
                    let rel = media::static_path(&original);
                    let name = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                    (options.static_dir.join(rel), name)
                }
            };
            if placed.insert((job, destination.clone())) {
                jobs[job].destinations.push(destination);
            }
            doc.wants.push((url, job, name));
        }
    }
    // A resized copy's own address is tried after every original of the same file.
    for job in &mut jobs {
        let (originals, copies): (Vec<Url>, Vec<Url>) = job
            .candidates
            .drain(..)
            .partition(|c| media::candidates(c).len() == 1 || media::candidates(c)[0] == *c);
        job.candidates = originals.into_iter().chain(copies).collect();
    }
    jobs
}

/// The blog's files a post or page shows or links to, then its featured image and the files
/// uploaded to it, in that order; and its featured image with its alt text.
fn wanted_files(doc: &Doc, addresses: &Addresses) -> (Vec<Url>, Option<(Url, Option<String>)>) {
    let item = doc.item();
    let mut wanted: Vec<Url> = doc
        .body()
        .urls
        .iter()
        .filter_map(|found| addresses.file(found, item.link.as_deref()))
        .collect();
    let featured = match doc.kind {
        Kind::Post(_) => item
            .thumbnail_id
            .and_then(|id| addresses.attachments.get(id))
            .and_then(|a| Some((own_file(addresses, &a.url)?, a.alt.clone()))),
        Kind::Page(_) => None,
    };
    wanted.extend(featured.iter().map(|(url, _)| url.clone()));
    if let Some(id) = item.id {
        wanted.extend(addresses.attachments.of(id).filter_map(|a| own_file(addresses, &a.url)));
    }
    (wanted, featured)
}

/// The address to fetch an attachment's file from, when it is on the blog.
fn own_file(addresses: &Addresses, url: &str) -> Option<Url> {
    match addresses.own.place(url, None) {
        urls::Place::Own(own) => Some(own.fetch),
        _ => None,
    }
}

/// The featured image's front matter, when its file was saved; else a finding that says why
/// the post has none.
pub fn featured(doc: &Doc, addresses: &Addresses, found: &mut Vec<(usize, Finding)>) -> Option<posts::Featured> {
    let id = doc.item().thumbnail_id?;
    let mut missing = |kind: CheckKind, url: String, what: String| {
        found.push((doc.item().line, Finding { kind, url, what }));
        None
    };
    let Some((url, alt)) = doc.featured.as_ref() else {
        let what = match addresses.attachments.get(id) {
            None if addresses.attachments.has_no_file(id) => format!(
                "featured image: attachment {id} has no file address in the export (wp:attachment_url); the post has no image"
            ),
            None => format!("featured image: attachment {id} is not in the export; the post has no image"),
            Some(a) => format!(
                "featured image {}: not on the old blog, so not saved; the post has no image",
                a.url
            ),
        };
        return missing(CheckKind::NotCarried, String::new(), what);
    };
    match doc.files.get(url)? {
        Ok(name) => Some(posts::Featured {
            file: name.clone(),
            alt: alt.clone(),
        }),
        Err(why) => missing(
            CheckKind::NotDownloaded,
            url.to_string(),
            format!("featured image {url}: {why}; the post has no image"),
        ),
    }
}

/// The files saved, from where, and their size.
pub fn count_media(results: &[std::result::Result<fetch::Saved, fetch::Failure>], counts: &mut MediaCounts) {
    for result in results {
        let Ok(saved) = result else { continue };
        match saved.got {
            fetch::Got::AlreadySaved => counts.already_saved += 1,
            got => {
                counts.saved += 1;
                counts.bytes += saved.bytes;
                counts.from_uploads += usize::from(got == fetch::Got::Uploads);
            }
        }
    }
}

/// The media library's files that no post or page of the import shows or owns: not fetched,
/// since nothing on the new site would show them; said in the summary.
pub fn report_unused(docs: &[Doc], addresses: &Addresses, options: &ImportOptions, report: &mut ImportReport) {
    if !options.media {
        return;
    }
    let original = |url: &Url| media::candidates(url).swap_remove(0);
    let used: HashSet<Url> = docs
        .iter()
        .filter(|d| !matches!(d.state, State::Skip(_)))
        .flat_map(|d| wanted_files(d, addresses).0)
        .map(|u| original(&u))
        .collect();
    let unused = addresses
        .attachments
        .values()
        .filter(|a| own_file(addresses, &a.url).is_none_or(|u| !used.contains(&original(&u))))
        .count();
    if unused > 0 {
        report.skipped.push(Skipped {
            what: format!(
                "{unused} file{} of the media library",
                if unused == 1 { "" } else { "s" }
            ),
            reason:
                "no imported post or page shows or owns it, so it was not downloaded (its address is in the export)"
                    .into(),
        });
    }
}
