//! The one pipeline every command runs: load → model → page list → render → write.
//!
//! `besok build` runs every stage and writes; `besok check` runs them without writing;
//! `besok serve` keeps the results of each stage between edits and calls a stage again only
//! for what changed. Each stage is a function here, so the three never differ in what they
//! load, which pages they make or which errors they find.

use crate::config::Config;
use crate::content::{self, LoadedContent, Located};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::model::{Selection, Site};
use crate::output::Published;
use crate::render::{self, PageInputs, PageJob, PageKind, Renderer, SharedValues, Templates};
use crate::shortcodes::Shortcodes;
use crate::theme::Theme;
use crate::timing::{Stage, StageClock};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Stage 1a: `config.toml`, with `base_url` replaced when the command was given one.
pub fn load_config(root: &Path, base_url: Option<&str>) -> std::result::Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(&root.join("config.toml"), Path::new("config.toml"))?;
    if let Some(url) = base_url {
        config.set_base_url(url).map_err(|msg| {
            vec![Diagnostic::error(
                "--base-url",
                1,
                1,
                msg.replace("`base_url`", "--base-url"),
            )]
        })?;
    }
    Ok(config)
}

/// A theme with its templates compiled, ready to render with.
pub struct LoadedTheme {
    pub theme: Theme,
    pub templates: Arc<Templates>,
    /// The templates of `templates/shortcodes/`, which the model renders posts' shortcodes with.
    pub shortcodes: Arc<Shortcodes>,
}

/// Stage 1b: the theme's files and its compiled templates.
pub fn load_theme(root: &Path, config: &Config) -> std::result::Result<LoadedTheme, Vec<Diagnostic>> {
    let theme = Theme::load(root, config)?;
    let templates = Templates::compile(&theme, &config.base_path)?;
    let shortcodes = Shortcodes::compile(&theme, &config.base_path, &config.language)?;
    Ok(LoadedTheme {
        theme,
        templates: Arc::new(templates),
        shortcodes: Arc::new(shortcodes),
    })
}

/// Stage 1c: every content file, read and parsed in parallel.
pub fn load_content(root: &Path, config: Option<&Config>, clock: Option<&StageClock>) -> LoadedContent {
    let reading = config.map_or_else(
        || content::Reading {
            typography: Typography::for_language("en"),
            slugs_from: crate::config::SlugsFrom::Title,
        },
        content::Reading::of,
    );
    content::load_timed(root, reading, clock)
}

/// The site's build cache folder, absolute: the sizes it makes are published from where it
/// says they are, and a path relative to a relative `--root` would be read relative to it a
/// second time.
fn cache_dir(root: &Path) -> std::path::PathBuf {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    root.join(crate::assets::CACHE_DIR)
}

/// The site's build cache of processed images.
pub fn image_cache(root: &Path) -> crate::images::ImageCache {
    crate::images::ImageCache::new(cache_dir(root).join("images"))
}

/// What the last run knew of the site's photos (see [`crate::assets::Memo`]).
pub fn image_memo(root: &Path) -> crate::assets::Memo {
    crate::assets::Memo::load(&cache_dir(root))
}

/// Stage 1d: the posts' images made ready (resized, metadata stripped, through the cache) for
/// the model; every missing or bad image is an error. A photo that `memo` knows unchanged is
/// neither read nor hashed; what this run learnt is written back to the cache folder. A post
/// calling a shortcode that uses the bundle's photos (see [`Shortcodes::uses_photos`]) has all
/// of them made ready.
pub fn prepare_images(
    root: &Path,
    content: &LoadedContent,
    theme: &LoadedTheme,
    config: &Config,
    memo: &crate::assets::Memo,
) -> PreparedImages {
    let cache = image_cache(root);
    let hits_before = memo.hits();
    let all_photos = |name: &str| theme.shortcodes.uses_photos(name);
    let (images, errors) = crate::assets::prepare(
        root,
        &content.posts,
        &theme.theme.static_files,
        &config.images,
        &cache,
        Some(memo),
        &all_photos,
    );
    memo.save(&cache_dir(root));
    let stats = cache.stats();
    let unchanged = memo.hits() - hits_before;
    let counts = ImageCounts {
        made: stats.encoded as usize,
        from_cache: stats.hits as usize + unchanged,
        unchanged,
    };
    PreparedImages { images, errors, counts }
}

/// What [`prepare_images`] made: the images the model shows, and what went wrong.
pub struct PreparedImages {
    pub images: crate::assets::Images,
    pub errors: Vec<Diagnostic>,
    pub counts: ImageCounts,
}

/// How a run's images were made ready.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageCounts {
    /// Decoded, resized and encoded.
    pub made: usize,
    /// Taken whole from the build cache.
    pub from_cache: usize,
    /// Of those, the photos known unchanged since the last run (see [`crate::assets::Memo`]):
    /// neither they nor their sizes were read.
    pub unchanged: usize,
}

/// Time spent in each stage of loading.
#[derive(Debug, Clone, Default)]
pub struct LoadTimings {
    /// Reading files, parsing front matter and rendering markdown (in parallel; wall clock).
    pub load: Duration,
    pub theme: Duration,
    /// Images made ready (from the cache, or resized and encoded).
    pub images: Duration,
    pub model: Duration,
    /// Summed over threads: reading content files.
    pub read: Duration,
    /// Summed over threads: front matter.
    pub front_matter: Duration,
    /// Summed over threads: markdown to HTML.
    pub markdown: Duration,
}

/// A loaded site: the model and the theme, ready to render.
pub struct Loaded {
    pub site: Site,
    pub theme: LoadedTheme,
    pub timings: LoadTimings,
    /// The image cache's entries this run used (what a build keeps when it prunes the cache).
    pub image_keys: std::collections::HashSet<crate::images::Key>,
    pub image_counts: ImageCounts,
}

impl Loaded {
    /// A renderer of this site with this theme.
    pub fn renderer(&self) -> Renderer<'_> {
        let shared = SharedValues::new(&self.site, &self.theme.theme.translations);
        Renderer::with_parts(&self.site, self.theme.templates.clone(), shared)
    }
}

/// Stages 1 and 2: config, content and theme loaded and the model built. Every error of every
/// stage is collected, so a writer sees all problems of a run at once.
pub fn load(root: &Path, selection: Selection, base_url: Option<&str>) -> Result<Loaded> {
    load_or_problems(root, selection, base_url).map_err(|f| content_error(f.errors))
}

/// Why a site could not be loaded: every error, the warnings found on the way, and how many
/// posts were read (those with errors included), so `besok check` can say what it checked.
#[derive(Debug, Default)]
pub struct NotLoaded {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub posts: usize,
}

/// [`load`], keeping the warnings and the count of posts of a run with errors.
pub fn load_or_problems(
    root: &Path,
    selection: Selection,
    base_url: Option<&str>,
) -> std::result::Result<Loaded, NotLoaded> {
    let mut timings = LoadTimings::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let config = load_config(root, base_url).map_err(|e| errors.extend(e)).ok();

    // The theme and the photos' memo are read while the content loads: neither needs it, and
    // compiling the templates keeps one core busy for a while.
    let clock = StageClock::default();
    let ((loaded, load_time), (theme, theme_time, memo)) = rayon::join(
        || {
            let start = Instant::now();
            let loaded = load_content(root, config.as_ref(), Some(&clock));
            (loaded, start.elapsed())
        },
        || {
            let start = Instant::now();
            let theme = config.as_ref().map(|c| load_theme(root, c));
            let theme_time = start.elapsed();
            let memo = theme.as_ref().is_some_and(|t| t.is_ok()).then(|| image_memo(root));
            (theme, theme_time, memo)
        },
    );
    timings.load = load_time;
    timings.read = clock.get(Stage::Read);
    timings.front_matter = clock.get(Stage::FrontMatter);
    timings.markdown = clock.get(Stage::Markdown);

    // Every post file the run takes in, those that could not be read included.
    let posts = loaded.posts.iter().filter(|p| selection.takes(p)).count() + loaded.post_files - loaded.posts.len();
    let (Some(config), Some(theme)) = (config, theme) else {
        errors.extend(loaded.errors);
        return Err(not_loaded(errors, Vec::new(), posts));
    };
    let theme = theme.map_err(|e| errors.extend(e)).ok();
    timings.theme = theme_time;

    let start = Instant::now();
    let mut images = crate::assets::Images::default();
    let mut image_counts = ImageCounts::default();
    if let (Some(theme), Some(memo)) = (&theme, &memo) {
        let prepared = prepare_images(root, &loaded, theme, &config, memo);
        errors.extend(prepared.errors);
        (images, image_counts) = (prepared.images, prepared.counts);
    }
    timings.images = start.elapsed();
    let image_keys = images.keys.clone();

    let start = Instant::now();
    let shortcodes = theme.as_ref().map(|t| t.shortcodes.clone()).unwrap_or_default();
    let mut warnings = Vec::new();
    let site = Site::build_or_problems(config, loaded, images, shortcodes, selection)
        .map_err(|p| {
            errors.extend(p.errors);
            warnings = p.warnings;
        })
        .ok();
    timings.model = start.elapsed();
    match (site, theme) {
        (Some(mut site), Some(theme)) if errors.is_empty() => Ok(Loaded {
            site: {
                with_theme_warnings(&mut site, &theme.theme);
                site.pack_html_if_large();
                site
            },
            theme,
            timings,
            image_keys,
            image_counts,
        }),
        (site, _) => {
            if let Some(site) = site {
                warnings = site.warnings;
            }
            Err(not_loaded(errors, warnings, posts))
        }
    }
}

fn not_loaded(mut errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>, posts: usize) -> NotLoaded {
    errors.sort();
    errors.dedup();
    NotLoaded {
        errors,
        warnings,
        posts,
    }
}

/// The theme's warnings (UI words missing or misspelt) put with the site's, in order, so every
/// command reports them as it reports the content's.
pub fn with_theme_warnings(site: &mut Site, theme: &Theme) {
    if !theme.warnings.is_empty() {
        site.warnings.extend(theme.warnings.iter().cloned());
        site.warnings.sort();
        site.warnings.dedup();
    }
}

/// Every problem of a run as one error, sorted and without repeats.
pub fn content_error(mut errors: Vec<Diagnostic>) -> Error {
    errors.sort();
    errors.dedup();
    Error::Content(errors)
}

/// Stage 3: the page list, checked: no two outputs want the same file. Aliases against pages
/// and each other, static files against generated pages, and a file where another output needs
/// a folder or a name that differs only in case, since one would silently replace the other
/// (or fail half-way).
pub fn check_pages(site: &Site, jobs: &[PageJob], theme: &Theme) -> Result<()> {
    // The checks read every output path; two at a time on two cores.
    let outputs = render::output_files(jobs, theme);
    let ((mut errors, paths), (pages, files)) = rayon::join(
        || {
            (
                render::check_aliases(site, jobs),
                render::path_collisions(site, jobs, theme, &outputs),
            )
        },
        || (render::page_collisions(site, jobs), file_collisions(site, &outputs)),
    );
    errors.extend(pages);
    if let Some(first) = site.pages.first() {
        if !theme.templates.iter().any(|t| t.name == render::PAGE_TEMPLATE) {
            errors.push(Diagnostic::error(
                &first.source,
                1,
                1,
                format!(
                    "the theme has no template {} for the pages of content/pages/; add one to the theme's templates/ folder or the site's templates/",
                    render::PAGE_TEMPLATE
                ),
            ));
        }
    }
    errors.extend(render::static_collisions(jobs, theme));
    errors.extend(paths);
    errors.extend(render::search_collisions(site, jobs, theme));
    errors.extend(files);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(content_error(errors))
    }
}

/// A post's file (a bundle's, or a size of an image) in the place of a page or static file.
/// `taken` is every page's and static file's file ([`render::output_files`]).
fn file_collisions(site: &Site, taken: &rustc_hash::FxHashSet<&str>) -> Vec<Diagnostic> {
    let files = site.files_in_order();
    // In the site's order, the first to publish a path is the one published (`Site::files`):
    // the others are not named. Only the few in a page's place are looked at twice.
    let mut named: rustc_hash::FxHashSet<&str> = Default::default();
    files
        .filter(|f| taken.contains(f.file.as_str()) && named.insert(f.file.as_str()))
        .map(|f| {
            Diagnostic::error(
                &f.from,
                1,
                1,
                format!(
                    "this file would be published at {}, which another page or static file already is; rename it",
                    f.file
                ),
            )
        })
        .collect()
}

/// Stage 4: renders every job in parallel (the longest first) and hands each page to `write`
/// as soon as it is ready, so pages are never all held in memory. The search index is not
/// rendered here: its files are made together, from the whole site, by each caller that needs
/// them (`besok build` with [`crate::render::search_index_taking_text`] before the pages,
/// `besok serve` from the posts' parts it keeps).
/// Template errors are gathered, one per distinct problem.
pub fn render_all<W>(renderer: &Renderer, jobs: &[PageJob], write: W) -> Result<()>
where
    W: Fn(&PageJob, Vec<u8>) -> Result<()> + Sync,
{
    let pages = jobs.iter().filter(|j| j.kind != PageKind::SearchIndex);
    let long_first: Vec<&PageJob> = pages
        .clone()
        .filter(|j| j.kind.is_long())
        .chain(pages.filter(|j| !j.kind.is_long()))
        .collect();
    render_each(&long_first, |job| *job, |job| renderer.render(job), write)
}

/// Renders each of `items` in parallel with `render` and hands the page of its job to `write`;
/// template errors are gathered, one per distinct problem.
fn render_each<T: Sync, W>(
    items: &[T],
    job_of: impl Fn(&T) -> &PageJob + Sync,
    render: impl Fn(&T) -> std::result::Result<Vec<u8>, Diagnostic> + Sync,
    write: W,
) -> Result<()>
where
    W: Fn(&PageJob, Vec<u8>) -> Result<()> + Sync,
{
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    items.par_iter().try_for_each(|item| {
        match render(item) {
            Ok(html) => write(job_of(item), html)?,
            Err(d) => errors.lock().expect("no panics while holding the lock").push(d),
        }
        Ok::<(), Error>(())
    })?;
    let errors = errors.into_inner().expect("no panics while holding the lock");
    if errors.is_empty() {
        Ok(())
    } else {
        Err(content_error(errors))
    }
}

/// Renders pages whose inputs the caller already made (`besok serve` makes them to learn
/// which pages changed; making them again to render would do the work twice: a timeline's
/// locator map, the sitemap's rows). Into memory, as `(file, bytes)` pairs in no particular order,
/// so `public/` is never touched by the dev server.
pub fn render_inputs_to_memory(renderer: &Renderer, pages: &[&(PageJob, PageInputs)]) -> Result<RenderedPages> {
    let rendered = Mutex::new(Vec::with_capacity(pages.len()));
    render_each(
        pages,
        |(job, _)| job,
        |(job, inputs)| renderer.render_inputs(job, inputs),
        |job, html| {
            rendered
                .lock()
                .expect("no panics while holding the lock")
                .push((job.file.clone(), html));
            Ok(())
        },
    )?;
    Ok(rendered.into_inner().expect("no panics while holding the lock"))
}

/// Pages rendered into memory: `(file, bytes)`.
pub type RenderedPages = Vec<(String, Vec<u8>)>;
/// The addresses a build of `site` publishes, for the next build to compare with: each post's
/// and plain page's own and its aliases, previews (drafts, scheduled posts) left out.
pub fn published_addresses(site: &Site) -> Vec<Published> {
    let mut out = Vec::new();
    let mut add = |kind: &str, source: &Path, title: &str, own: &str, aliases: &[Located<String>]| {
        for address in std::iter::once(own).chain(aliases.iter().map(|a| a.value.as_str())) {
            out.push(Published {
                address: format!("/{address}"),
                kind: kind.to_string(),
                source: crate::diagnostics::display_path(source),
                title: title.to_string(),
            });
        }
    };
    for p in site.posts.iter().filter(|p| !p.is_preview()) {
        add("post", &p.source, &p.title, &p.path, &p.aliases);
    }
    for p in site.pages.iter().filter(|p| !p.is_preview()) {
        add("page", &p.source, &p.title, &p.path, &p.aliases);
    }
    out
}

/// A warning for each file whose post or page the last build into `output` published at an
/// address this run of `site` does not publish (a new title or slug, a renamed or deleted
/// file, an alias taken out), with the `aliases` line that keeps the address working. Files
/// left out on purpose (a draft, a post dated in the future) are not warned about.
/// `before` is what the last build published ([`crate::output::published_before`]).
pub fn lost_addresses(root: &Path, before: &[Published], site: &Site, jobs: &[PageJob]) -> Vec<Diagnostic> {
    if before.is_empty() {
        return Vec::new();
    }
    let now: HashSet<&str> = jobs
        .iter()
        .map(|j| j.path.as_str())
        .chain(
            site.posts
                .iter()
                .flat_map(|p| p.aliases.iter().map(|a| a.value.as_str())),
        )
        .chain(
            site.pages
                .iter()
                .flat_map(|p| p.aliases.iter().map(|a| a.value.as_str())),
        )
        .collect();
    // Nearly every run loses none: the rest looks at only the addresses it does lose.
    let missing: Vec<&Published> = before
        .iter()
        .filter(|b| !now.contains(b.address.trim_start_matches('/')))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    // The files of this run's posts and pages: what can take an alias.
    let mut owners: Vec<Owner> = site
        .posts
        .iter()
        .map(|p| Owner {
            kind: "post",
            source: crate::diagnostics::display_path(&p.source),
            title: &p.title,
            title_at: p.title_at,
            aliases: &p.aliases,
        })
        .chain(site.pages.iter().map(|p| Owner {
            kind: "page",
            source: crate::diagnostics::display_path(&p.source),
            title: &p.title,
            title_at: p.title_at,
            aliases: &p.aliases,
        }))
        .collect();
    owners.sort_by(|a, b| a.source.cmp(&b.source));
    let sources_before: HashSet<&str> = before.iter().map(|b| b.source.as_str()).collect();
    // Lost addresses by the file that would keep them (`Some`: one of this run's), or by the
    // file that is gone.
    let mut lost: BTreeMap<(String, Option<usize>), Vec<&Published>> = BTreeMap::new();
    for b in missing {
        // Each file is one post or page: found by its path, in order.
        let owner = owners
            .binary_search_by(|o| o.source.as_str().cmp(&b.source))
            .ok()
            .filter(|&i| owners[i].kind == b.kind);
        let owner = match owner {
            Some(i) => Some(i),
            // Still there but left out of this run (a draft, a post dated later): on purpose.
            None if root.join(&b.source).is_file() => continue,
            // Gone: the post or page of the same title in a file the last build did not have.
            None => {
                let mut same = owners.iter().enumerate().filter(|(_, o)| {
                    o.kind == b.kind && o.title == b.title && !sources_before.contains(o.source.as_str())
                });
                match (same.next(), same.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            }
        };
        lost.entry((b.source.clone(), owner)).or_default().push(b);
    }
    let mut warnings = Vec::new();
    for ((source, owner), addresses) in lost {
        let kind = addresses[0].kind.as_str();
        let mut shown: Vec<&str> = addresses.iter().map(|a| a.address.as_str()).collect();
        shown.dedup();
        let quoted = |list: &[&str]| {
            list.iter()
                .map(|a| toml::Value::String(a.to_string()).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let at_list = shown.join(", ");
        match owner.map(|i| &owners[i]) {
            Some(o) => {
                let then = if o.source == source {
                    String::new()
                } else {
                    format!(" (then {source})")
                };
                let said = format!("the previous build published this {kind}{then} at {at_list}, which this build does not");
                let (at, message) = match o.aliases.first() {
                    None => (
                        o.title_at,
                        format!(
                            "{said}; add `aliases = [{}]` to keep that address working",
                            quoted(&shown)
                        ),
                    ),
                    Some(first) => {
                        let mut all: Vec<String> = o.aliases.iter().map(|a| format!("/{}", a.value)).collect();
                        all.extend(shown.iter().map(|a| a.to_string()));
                        let all: Vec<&str> = all.iter().map(String::as_str).collect();
                        (
                            first.at,
                            format!(
                                "{said}; add it to `aliases`: `aliases = [{}]` keeps that address working",
                                quoted(&all)
                            ),
                        )
                    }
                };
                warnings.push(Diagnostic::warning(
                    &o.source,
                    at.line.max(1),
                    at.column.max(1),
                    message,
                ));
            }
            None => warnings.push(Diagnostic::warning(
                &source,
                1,
                1,
                format!(
                    "the previous build published this file's {kind} at {at_list}, which this build does not (the file is gone); \
                     if the {kind} is in another file now, add `aliases = [{}]` to it",
                    quoted(&shown)
                ),
            )),
        }
    }
    warnings
}

/// A post or page of this run, as [`lost_addresses`] names it.
struct Owner<'a> {
    kind: &'static str,
    source: String,
    title: &'a str,
    title_at: crate::content::Location,
    aliases: &'a [Located<String>],
}
