//! Output paths that cannot both exist: one output wants a file where another needs a folder
//! (an alias `/atom.xml/old/` under the feed `atom.xml`, a static file `static/404.html/x`), or
//! two differ only in upper and lower case, which macOS and Windows file systems treat as one
//! name, so one would silently replace the other there.
//!
//! Same-path clashes (an alias on a page, a static file on a page) are found by
//! [`super::check_aliases`] and the build's static file check; this module finds the rest.

use super::{PageJob, PageKind};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Site;
use crate::theme::Theme;
use std::collections::{BTreeMap, HashMap};

/// Who writes an output file.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Page(&'a PageJob),
    Static(&'a str),
}

/// An error for each output whose path clashes with another's beyond being the same path.
pub fn path_collisions(site: &Site, jobs: &[PageJob], theme: &Theme) -> Vec<Diagnostic> {
    // Pages first, so a static file of the same path (reported elsewhere) does not hide one.
    let mut files: BTreeMap<&str, Owner> = BTreeMap::new();
    for job in jobs {
        files.entry(job.file.as_str()).or_insert(Owner::Page(job));
    }
    for name in theme.static_files.keys() {
        files.entry(name.as_str()).or_insert(Owner::Static(name));
    }

    let mut errors = Vec::new();
    // A file where another output needs a folder.
    for (&file, &owner) in &files {
        let mut end = 0;
        while let Some(i) = file[end..].find('/') {
            end += i;
            let folder = &file[..end];
            end += 1;
            if let Some(&blocker) = files.get(folder) {
                errors.push(folder_error(site, theme, owner, blocker, folder));
                break;
            }
        }
    }
    // Two names that are one name on a case-insensitive file system.
    let mut by_lowercase: HashMap<String, (&str, Owner)> = HashMap::new();
    for (&file, &owner) in &files {
        match by_lowercase.get(&file.to_lowercase()) {
            Some(&(other_file, other)) => errors.push(case_error(site, theme, owner, other, file, other_file)),
            None => {
                by_lowercase.insert(file.to_lowercase(), (file, owner));
            }
        }
    }
    errors
}

/// What an output is, in a message: "the alias \"/x/\"", "the static file static/x", "the page /x/".
fn describe(site: &Site, theme: &Theme, owner: Owner) -> String {
    match owner {
        Owner::Page(job) => match job.kind {
            PageKind::Alias(post, n) => format!(
                "the alias \"/{}\" of {}",
                site.posts[post].aliases[n].value,
                display_path(&site.posts[post].source)
            ),
            _ => format!("the page /{}", job.path),
        },
        Owner::Static(name) => format!("the static file {}", static_path(theme, name)),
    }
}

fn static_path(theme: &Theme, name: &str) -> String {
    theme
        .static_files
        .get(name)
        .map_or_else(|| name.to_string(), |s| display_path(s.display_path()))
}

/// A diagnostic at the place the writer can change: an alias's line, or a static file. Pages
/// made from names never clash with each other (their URL words have no dots or slashes).
fn at_changeable(site: &Site, theme: &Theme, a: Owner, b: Owner, message: String) -> Diagnostic {
    let pick = |o: Owner| match o {
        Owner::Page(job) => match job.kind {
            PageKind::Alias(post, n) => {
                let p = &site.posts[post];
                let at = p.aliases[n].at;
                Some(Diagnostic::error(&p.source, at.line, at.column, message.clone()))
            }
            _ => None,
        },
        Owner::Static(name) => Some(Diagnostic::error(static_path(theme, name), 1, 1, message.clone())),
    };
    pick(a)
        .or_else(|| pick(b))
        .unwrap_or_else(|| Diagnostic::error("config.toml", 1, 1, message.clone()))
}

fn changeable(o: Owner) -> bool {
    match o {
        Owner::Page(job) => matches!(job.kind, PageKind::Alias(..)),
        Owner::Static(_) => true,
    }
}

fn folder_error(site: &Site, theme: &Theme, inside: Owner, file: Owner, folder: &str) -> Diagnostic {
    let message = format!(
        "{} needs a folder {folder}/, but {} is the file {folder}; rename or remove one of them",
        describe(site, theme, inside),
        describe(site, theme, file)
    );
    at_changeable(site, theme, inside, file, message)
}

fn case_error<'a>(
    site: &Site,
    theme: &Theme,
    a: Owner<'a>,
    b: Owner<'a>,
    file_a: &'a str,
    file_b: &'a str,
) -> Diagnostic {
    // The one the writer can rename first.
    let (a, b, file_a, file_b) = if changeable(a) {
        (a, b, file_a, file_b)
    } else {
        (b, a, file_b, file_a)
    };
    let message = format!(
        "{} ({file_a}) and {} ({file_b}) differ only in upper and lower case; on macOS and Windows one would replace the other, so rename one of them",
        describe(site, theme, a),
        describe(site, theme, b)
    );
    at_changeable(site, theme, a, b, message)
}

/// The search index's files are not page jobs (they are built together from the whole site), so
/// a static file or alias in their place is caught here.
pub fn search_collisions(site: &Site, jobs: &[PageJob], theme: &Theme) -> Vec<Diagnostic> {
    let statics = theme
        .static_files
        .iter()
        .filter(|(file, _)| super::is_search_shard(file))
        .map(|(file, src)| {
            Diagnostic::error(
                src.display_path(),
                1,
                1,
                format!("this static file would replace {file} of the search index; rename or remove it"),
            )
        });
    let aliases = jobs.iter().filter_map(|job| match job.kind {
        PageKind::Alias(post, n) if super::is_search_shard(&job.file) => {
            let p = &site.posts[post];
            let at = p.aliases[n].at;
            Some(Diagnostic::error(
                &p.source,
                at.line,
                at.column,
                format!(
                    "alias \"/{}\" is the address of the search index; an alias must be an old URL that no page uses",
                    p.aliases[n].value
                ),
            ))
        }
        _ => None,
    });
    statics.chain(aliases).collect()
}

pub fn static_collisions(jobs: &[PageJob], theme: &Theme) -> Vec<Diagnostic> {
    jobs.iter()
        .filter_map(|job| theme.static_files.get(&job.file).map(|src| (job, src)))
        .map(|(job, src)| {
            Diagnostic::error(
                src.display_path(),
                1,
                1,
                format!(
                    "this static file would replace the generated page {}; rename or remove it",
                    job.file
                ),
            )
        })
        .collect()
}
