//! Loading the writer's files: posts, municipality pages and plain pages, read and parsed in
//! parallel.

mod comments;
pub mod front_matter;
mod municipality_page;
mod page;
mod post;

pub use comments::{parse_comments, Comment, COMMENTS_FILE};
pub use municipality_page::{parse_municipality_page, MunicipalityPage};
pub use page::{parse_page, PageSource, PAGES_DIR};
pub use post::{parse_post, parse_post_timed, Bundle, PostDate, PostSource};

use crate::config::{Config, SlugsFrom};
use crate::diagnostics::{line_column, Diagnostic};
use crate::markdown::Typography;
use crate::source::read_text;
use crate::timing::{timed, Stage, StageClock};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How the site's files are read: quotes and dashes in its language, and where a post without
/// `slug` takes its address from.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub typography: Typography,
    pub slugs_from: SlugsFrom,
}

impl Reading {
    /// As `config` says; a config.toml without `slugs_from` keeps titles (and the model warns
    /// about each post whose address a file name would change).
    pub fn of(config: &Config) -> Reading {
        Reading {
            typography: Typography::for_language(&config.language),
            slugs_from: config.slugs_from.unwrap_or(SlugsFrom::Title),
        }
    }
}

/// Where in a file a value was written, so later checks (in the model) can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` of `text`, which starts at line `first_line` of its file.
    pub fn at(text: &str, first_line: usize, offset: usize) -> Location {
        let (line, column) = line_column(text, offset);
        Location {
            line: line + first_line - 1,
            column,
        }
    }
}

/// The links of a markdown body, each with where it stands in the whole file. `body` must be
/// a slice of `text` (as the front matter splitter returns it).
pub(crate) fn locate_links(
    text: &str,
    body: &str,
    links: &[crate::markdown::Link],
) -> Vec<Located<crate::markdown::Link>> {
    locate(text, body, links, |l| l.offset)
}

/// [`locate_links`] for the local images of a text.
pub(crate) fn locate_images(
    text: &str,
    body: &str,
    images: &[crate::markdown::ImageRef],
) -> Vec<Located<crate::markdown::ImageRef>> {
    locate(text, body, images, |i| i.offset)
}

/// A shortcode of a post's text, with where it and each of its arguments are written.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    pub call: crate::markdown::Shortcode,
    pub at: Location,
    /// Where each argument's key and value are written, in the order of `call.args`.
    pub args_at: Vec<(Location, Location)>,
}

/// [`locate_links`] for the shortcodes of a text.
pub(crate) fn locate_shortcodes(text: &str, body: &str, calls: &[crate::markdown::Shortcode]) -> Vec<ShortcodeCall> {
    if calls.is_empty() {
        return Vec::new();
    }
    let body_offset = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let index = crate::diagnostics::LineIndex::new(text);
    let at = |offset: usize| {
        let (line, column) = index.line_column(body_offset + offset);
        Location { line, column }
    };
    calls
        .iter()
        .map(|c| ShortcodeCall {
            call: c.clone(),
            at: at(c.offset),
            args_at: c.args.iter().map(|a| (at(a.offset), at(a.value_offset))).collect(),
        })
        .collect()
}

fn locate<T: Clone>(text: &str, body: &str, items: &[T], offset: impl Fn(&T) -> usize) -> Vec<Located<T>> {
    let body_offset = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    if items.is_empty() {
        return Vec::new();
    }
    let index = crate::diagnostics::LineIndex::new(text);
    items
        .iter()
        .map(|item| {
            let (line, column) = index.line_column(body_offset + offset(item));
            Located::new(item.clone(), Location { line, column })
        })
        .collect()
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: Location,
}

impl<T> Located<T> {
    pub fn new(value: T, at: Location) -> Self {
        Located { value, at }
    }
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct LoadedContent {
    /// Boxed: a parsed post is nearly 1 KB, and the model moves each one several times while it
    /// sorts and selects them (`besok serve` rebuilds it after some edits, where moving 10,000
    /// of them cost as much as the rest of the rebuild's first steps).
    pub posts: Vec<Box<PostSource>>,
    pub municipality_pages: Vec<MunicipalityPage>,
    /// Plain pages (`content/pages/`).
    pub pages: Vec<PageSource>,
    pub errors: Vec<Diagnostic>,
    /// How many post files were found, those that could not be read or parsed included.
    pub post_files: usize,
}

/// Reads every post under `content/posts/`, every page under `content/municipalities/` and
/// every plain page under `content/pages/`.
/// Problems in one file never stop the others from being read: all are reported together.
pub fn load(root: &Path, reading: Reading) -> LoadedContent {
    load_timed(root, reading, None)
}

/// [`load`], adding the time spent reading, on front matter and on markdown to `clock`.
pub fn load_timed(root: &Path, reading: Reading, clock: Option<&StageClock>) -> LoadedContent {
    let typography = reading.typography;
    let mut errors = Vec::new();
    let post_files = find_posts(root, &mut errors);
    let page_files = find_markdown(root, Path::new(MUNICIPALITY_PAGES), &mut errors);
    let plain_files = find_markdown(root, Path::new(PAGES_DIR), &mut errors);

    let packer = crate::markdown::Packer::new();
    let posts: Vec<Result<PostSource, Vec<Diagnostic>>> = post_files
        .posts
        .par_iter()
        .map(|rel| {
            let mut post = read_listed_post(root, rel, post_files.bundle_of(rel), reading, clock)?;
            packer.keep(&mut post.content.html);
            Ok(post)
        })
        .collect();
    let pages: Vec<Result<MunicipalityPage, Vec<Diagnostic>>> = page_files
        .par_iter()
        .map(|rel| read_text(root, rel).and_then(|text| parse_municipality_page(&text, rel, typography)))
        .collect();
    let plain: Vec<Result<PageSource, Vec<Diagnostic>>> = plain_files
        .par_iter()
        .map(|rel| read_text(root, rel).and_then(|text| parse_page(&text, rel, typography)))
        .collect();

    let mut loaded = LoadedContent {
        post_files: post_files.posts.len(),
        ..LoadedContent::default()
    };
    for r in posts {
        match r {
            Ok(p) => loaded.posts.push(Box::new(p)),
            Err(e) => errors.extend(e),
        }
    }
    for r in pages {
        match r {
            Ok(p) => loaded.municipality_pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    for r in plain {
        match r {
            Ok(p) => loaded.pages.push(p),
            Err(e) => errors.extend(e),
        }
    }
    loaded.errors = errors;
    loaded
}

/// The files under `content/posts/`, from one walk: the post files (every markdown file, but
/// in a bundle, a folder with an `index.md`, only the `index.md`), and what each bundle holds.
#[derive(Debug, Default)]
pub struct PostFiles {
    pub posts: Vec<PathBuf>,
    /// By bundle folder (relative to the site root).
    bundles: HashMap<PathBuf, BundleListing>,
}

impl PostFiles {
    /// What the bundle of post file `rel` holds; `None` when the post is no bundle's.
    pub fn bundle_of(&self, rel: &Path) -> Option<&BundleListing> {
        self.bundles.get(rel.parent()?)
    }
}

/// What a bundle's folder holds besides markdown: the files it publishes, and whether it has a
/// comments archive. Taken from the walk that finds the posts, so a bundle costs no walk of
/// its own.
#[derive(Debug, Default)]
pub struct BundleListing {
    /// Relative to the folder, sorted, the comments archive left out.
    files: Vec<PathBuf>,
    comments: bool,
}

impl BundleListing {
    /// Takes in a file of the bundle (`in_bundle`, relative to its folder): markdown is a post
    /// or nothing, the comments archive is shown on the post's page, and the rest is published.
    fn add(&mut self, in_bundle: &Path) {
        if in_bundle == Path::new(COMMENTS_FILE) {
            self.comments = true;
        } else if !is_markdown(in_bundle) {
            self.files.push(in_bundle.to_path_buf());
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// The post files under `content/posts/` and their bundles' files (see [`PostFiles`]).
pub fn find_posts(root: &Path, errors: &mut Vec<Diagnostic>) -> PostFiles {
    let all = crate::walk::site_files(root, Path::new(POSTS), errors);
    let mut bundles: HashMap<PathBuf, BundleListing> = all
        .iter()
        .filter(|p| is_bundle_index(p))
        .filter_map(|p| p.parent())
        .map(|dir| (dir.to_path_buf(), BundleListing::default()))
        .collect();
    for file in all.iter().filter(|p| !is_markdown(p)) {
        // A file belongs to every bundle above it, as a nested bundle's photo does to both.
        for dir in file.ancestors().skip(1).take_while(|d| *d != Path::new(POSTS)) {
            if let Some(listing) = bundles.get_mut(dir) {
                listing.add(file.strip_prefix(dir).expect("an ancestor"));
            }
        }
    }
    let posts = all
        .iter()
        .filter(|p| is_markdown(p))
        .filter(|p| is_bundle_index(p) || !p.ancestors().skip(1).any(|dir| bundles.contains_key(dir)))
        .cloned()
        .collect();
    PostFiles { posts, bundles }
}

/// The folder of posts.
pub const POSTS: &str = "content/posts";

/// The folder of municipality pages (a timeline's introduction, `<slug>.md`).
pub const MUNICIPALITY_PAGES: &str = "content/municipalities";

/// Whether a post file is a bundle's: an `index.md` in a folder of its own under content/posts/.
pub fn is_bundle_index(rel: &Path) -> bool {
    rel.file_name().is_some_and(|n| n == "index.md") && rel.parent().is_some_and(|d| d != Path::new(POSTS))
}

/// The `index.md` of the bundle a file under content/posts/ belongs to, if it is in one: a
/// photo of a bundle, or another markdown file in it, changes that post.
pub fn bundle_index_of(root: &Path, rel: &Path) -> Option<PathBuf> {
    rel.ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(POSTS) && *dir != Path::new(POSTS))
        .map(|dir| dir.join("index.md"))
        .find(|index| root.join(index).is_file())
}

/// Reads and parses one post file, with the files of its bundle when it is one (listed here:
/// for a post read alone, as `besok serve` reads an edited one).
pub fn read_post(
    root: &Path,
    rel: &Path,
    reading: Reading,
    clock: Option<&StageClock>,
) -> Result<PostSource, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let listing = is_bundle_index(rel).then(|| {
        let dir = rel.parent().expect("a bundle's index.md is in a folder");
        let mut listing = BundleListing::default();
        for f in crate::walk::site_files(root, dir, &mut errors) {
            if let Ok(in_bundle) = f.strip_prefix(dir) {
                listing.add(in_bundle);
            }
        }
        listing
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    read_listed_post(root, rel, listing.as_ref(), reading, clock)
}

/// [`read_post`] for a post whose bundle's files are listed already (`bundle`, `None` when it
/// is no bundle's).
pub fn read_listed_post(
    root: &Path,
    rel: &Path,
    bundle: Option<&BundleListing>,
    reading: Reading,
    clock: Option<&StageClock>,
) -> Result<PostSource, Vec<Diagnostic>> {
    let typography = reading.typography;
    let text = timed(clock, Stage::Read, || read_text(root, rel))?;
    let mut post = parse_post_timed(&text, rel, reading, clock)?;
    if let Some(listing) = bundle {
        let dir = rel.parent().expect("a bundle's index.md is in a folder").to_path_buf();
        if listing.comments {
            let archive = dir.join(COMMENTS_FILE);
            post.comments = read_text(root, &archive).and_then(|text| parse_comments(&text, &archive, typography))?;
        }
        let files = listing.files.clone();
        let sizes = if post.shortcodes.is_empty() {
            Vec::new()
        } else {
            files
                .iter()
                .map(|f| std::fs::metadata(root.join(&dir).join(f)).map_or(0, |m| m.len()))
                .collect()
        };
        post.bundle = Some(Bundle { dir, files, sizes });
    }
    Ok(post)
}

/// Markdown files under `root/dir`, relative to `root`, sorted so every build sees the same order.
/// Hidden files and editors' leftovers are skipped; links are followed inside the site only
/// (see [`crate::walk`]).
pub fn find_markdown(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    crate::walk::site_files(root, dir, errors)
        .into_iter()
        .filter(|p| is_markdown(p))
        .collect()
}
