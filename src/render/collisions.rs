//! Output paths that cannot both exist: one output wants a file where another needs a folder
//! (an alias `/atom.xml/old/` under the feed `atom.xml`, a static file `static/404.html/x`), or
//! two differ only in upper and lower case, which macOS and Windows file systems treat as one
//! name, so one would silently replace the other there.
//!
//! Same-path clashes (an alias on a page, a static file on a page) are found by
//! [`super::check_aliases`] and the build's static file check, a plain page on another page by
//! [`page_collisions`]; this module finds the rest.

use super::aliases;
use super::{PageJob, PageKind};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Site;
use crate::theme::Theme;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::hash_map::Entry;

/// Who writes an output file.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Page(&'a PageJob),
    Static(&'a str),
}

/// Every file a build writes its pages and static files to, each once: what the checks that
/// look at every output path share (16,000 at 10,000 posts, made once).
pub fn output_files<'a>(jobs: &'a [PageJob], theme: &'a Theme) -> FxHashSet<&'a str> {
    let mut files = FxHashSet::default();
    files.reserve(jobs.len() + theme.static_files.len());
    files.extend(jobs.iter().map(|job| job.file.as_str()));
    files.extend(theme.static_files.keys().map(String::as_str));
    files
}

/// An error for each output whose path clashes with another's beyond being the same path.
/// `outputs` is every output file ([`output_files`]).
pub fn path_collisions(site: &Site, jobs: &[PageJob], theme: &Theme, outputs: &FxHashSet<&str>) -> Vec<Diagnostic> {
    // Nearly every build has none: looking for one needs no order, the messages do.
    if !any_path_collision(outputs) {
        return Vec::new();
    }
    // Pages first, so a static file of the same path (reported elsewhere) does not hide one.
    let mut owners: HashMap<&str, Owner> = HashMap::default();
    owners.reserve(jobs.len() + theme.static_files.len());
    for job in jobs {
        owners.entry(job.file.as_str()).or_insert(Owner::Page(job));
    }
    for name in theme.static_files.keys() {
        owners.entry(name.as_str()).or_insert(Owner::Static(name));
    }
    // In path order, so the messages are the same on every build.
    let mut files: Vec<(&str, Owner)> = owners.iter().map(|(&file, &owner)| (file, owner)).collect();
    files.sort_unstable_by_key(|&(file, _)| file);

    let mut errors = Vec::new();
    // A file where another output needs a folder.
    for &(file, owner) in &files {
        let mut end = 0;
        while let Some(i) = file[end..].find('/') {
            end += i;
            let folder = &file[..end];
            end += 1;
            if let Some(&blocker) = owners.get(folder) {
                errors.push(folder_error(site, theme, owner, blocker, folder));
                break;
            }
        }
    }
    // Two names that are one name on a case-insensitive file system (most are lower case
    // already, and stand for themselves).
    let mut by_lowercase: HashMap<Cow<str>, (&str, Owner)> = HashMap::default();
    by_lowercase.reserve(files.len());
    for &(file, owner) in &files {
        let lower = if file.chars().any(char::is_uppercase) {
            Cow::Owned(file.to_lowercase())
        } else {
            Cow::Borrowed(file)
        };
        match by_lowercase.entry(lower) {
            Entry::Occupied(other) => {
                let &(other_file, other) = other.get();
                errors.push(case_error(site, theme, owner, other, file, other_file));
            }
            Entry::Vacant(slot) => {
                slot.insert((file, owner));
            }
        }
    }
    errors
}

/// Whether any of `outputs` is a file where another needs a folder, or two differ only in
/// upper and lower case: the same clashes [`path_collisions`] reports, found in no order and
/// without a map of every path's lower-case form. Two paths with no capital letter cannot
/// differ only in case, so only those with one (few, if any) are lowered.
fn any_path_collision(outputs: &FxHashSet<&str>) -> bool {
    let mut lowered: FxHashSet<String> = FxHashSet::default();
    for &file in outputs {
        let mut end = 0;
        while let Some(i) = file[end..].find('/') {
            end += i;
            if outputs.contains(&file[..end]) {
                return true;
            }
            end += 1;
        }
        if file.chars().any(char::is_uppercase) {
            let lower = file.to_lowercase();
            if outputs.contains(lower.as_str()) || !lowered.insert(lower) {
                return true;
            }
        }
    }
    false
}

/// What an output is, in a message: "the alias \"/x/\"", "the static file static/x", "the page /x/".
fn describe(site: &Site, theme: &Theme, owner: Owner) -> String {
    match owner {
        Owner::Page(job) => match job.kind {
            PageKind::Alias(of, n) => format!(
                "the alias \"/{}\" of {}",
                aliases::alias(site, of, n).value,
                display_path(aliases::target(site, of).source)
            ),
            PageKind::Plain(id) => format!("the page /{} of {}", job.path, display_path(&site.pages[id].source)),
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

/// A diagnostic at the place the writer can change: an alias's line, a plain page's file, or a
/// static file. Pages made from names never clash with each other (their URL words have no
/// dots or slashes).
fn at_changeable(site: &Site, theme: &Theme, a: Owner, b: Owner, message: String) -> Diagnostic {
    let pick = |o: Owner| match o {
        Owner::Page(job) => match job.kind {
            PageKind::Alias(of, n) => {
                let at = aliases::alias(site, of, n).at;
                Some(Diagnostic::error(
                    aliases::target(site, of).source,
                    at.line,
                    at.column,
                    message.clone(),
                ))
            }
            PageKind::Plain(id) => Some(at_page(site, id, message.clone())),
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
        Owner::Page(job) => matches!(job.kind, PageKind::Alias(..) | PageKind::Plain(_)),
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
        PageKind::Alias(of, n) if super::is_search_shard(&job.file) => {
            let alias = aliases::alias(site, of, n);
            Some(Diagnostic::error(
                aliases::target(site, of).source,
                alias.at.line,
                alias.at.column,
                format!(
                    "alias \"/{}\" is the address of the search index; an alias must be an old URL that no page uses",
                    alias.value
                ),
            ))
        }
        _ => None,
    });
    statics.chain(aliases).collect()
}

/// An error for every plain page whose file another page already writes: a generated page (a
/// tag's, a post's, the home page) or an earlier plain page. Pages made from the model never
/// share a path (their URL words are checked where they are made), but a plain page's URL is
/// the writer's choice of folder and file name, so it can be anything.
pub fn page_collisions(site: &Site, jobs: &[PageJob]) -> Vec<Diagnostic> {
    let plain: Vec<&PageJob> = jobs.iter().filter(|j| matches!(j.kind, PageKind::Plain(_))).collect();
    if plain.is_empty() {
        return Vec::new();
    }
    // Generated pages first, so a plain page is always the one told to move; only those at a
    // plain page's path are kept (a few of 16,000 at 10,000 posts).
    let plain_files: FxHashSet<&str> = plain.iter().map(|j| j.file.as_str()).collect();
    let mut by_file: HashMap<&str, &PageJob> = HashMap::default();
    for job in jobs {
        if !matches!(job.kind, PageKind::Alias(..) | PageKind::Plain(_)) && plain_files.contains(job.file.as_str()) {
            by_file.entry(job.file.as_str()).or_insert(job);
        }
    }
    let mut errors = Vec::new();
    for job in plain {
        let PageKind::Plain(id) = job.kind else { continue };
        match by_file.get(job.file.as_str()) {
            Some(other) => errors.push(at_page(
                site,
                id,
                format!(
                    "this page's URL /{} is already the address of {}; rename the file or give the page another `slug`",
                    job.path,
                    what_page(site, other)
                ),
            )),
            None => {
                by_file.insert(job.file.as_str(), job);
            }
        }
    }
    errors
}

/// A message at a plain page: at its `slug` when it has one (that made its URL), else at the
/// file (its name made it).
fn at_page(site: &Site, id: usize, message: String) -> Diagnostic {
    let p = &site.pages[id];
    let at = p.slug_at.unwrap_or(crate::content::Location { line: 1, column: 1 });
    Diagnostic::error(&p.source, at.line, at.column, message)
}

/// What a page is, in a message: "the tag index", "the post content/posts/x.md".
fn what_page(site: &Site, job: &PageJob) -> String {
    match job.kind {
        PageKind::Post(id) => format!("the post {}", display_path(&site.posts[id].source)),
        PageKind::Plain(id) => format!("the page {}", display_path(&site.pages[id].source)),
        PageKind::Home(1) => "the home page".into(),
        PageKind::Home(n) => format!("page {n} of the home page"),
        PageKind::TagIndex => "the tag index".into(),
        PageKind::Tag(id, 1) => format!("the page of the tag \"{}\"", site.tags[id].name),
        PageKind::Tag(id, n) => format!("page {n} of the tag \"{}\"", site.tags[id].name),
        PageKind::MunicipalityIndex => "the municipality index".into(),
        PageKind::Municipality(id) => format!("the timeline of {}", site.municipalities[id].name),
        PageKind::Archive => "the archive".into(),
        PageKind::ArchiveYear(i) => format!("the archive of {}", site.years[i].year),
        PageKind::Search => "the search page".into(),
        _ => format!("the file {}", job.file),
    }
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

#[cfg(test)]
mod tests {
    use super::any_path_collision;

    fn clash(files: &[&str]) -> bool {
        any_path_collision(&files.iter().copied().collect())
    }

    #[test]
    fn a_clash_is_found_in_any_order_of_the_paths() {
        assert!(!clash(&[
            "index.html",
            "a/index.html",
            "a/page/2/index.html",
            "atom.xml",
            "Om/index.html"
        ]));
        // A file where another needs a folder.
        assert!(clash(&["atom.xml", "atom.xml/gammal/index.html"]));
        assert!(clash(&["a/b", "a/b/c/index.html"]));
        // Two that differ only in case: one of them in lower case, or neither.
        assert!(clash(&["posts/a/index.html", "posts/A/index.html"]));
        assert!(clash(&["posts/Å/index.html", "posts/å/index.html"]));
        assert!(clash(&["X/Y.html", "x/y.HTML", "z"]));
        assert!(!clash(&["X/Y.html", "x/z.html"]));
    }
}
