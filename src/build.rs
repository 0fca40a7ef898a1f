//! `besok build`: the [`pipeline`](crate::pipeline)'s stages in order, then the write stage
//! (every file into a staging folder, swapped in whole), timed.

use crate::diagnostics::counted;
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Future, HeldBack, Selection};
use crate::output::{check_output_dir, OutputLock, Staging};
use crate::pipeline::{self, Loaded};
use crate::render::SearchFile;
use crate::static_names::StaticSource;
use crate::timing::{Stage, StageClock};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `besok build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding config.toml).
    pub root: PathBuf,
    /// Where to write; `None` means `<root>/public`.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    /// Publish posts dated after now too (they are held back otherwise).
    pub future: bool,
    /// Overrides `base_url` of config.toml for this build.
    pub base_url: Option<String>,
    /// Write even into a folder that does not look like an earlier besok build.
    pub force: bool,
    /// Worker threads; `None` uses rayon's global pool (one per core). `Some(1)` builds
    /// sequentially, which the tests use to check that parallelism never changes the output.
    pub threads: Option<usize>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output_dir: None,
            drafts: false,
            future: false,
            base_url: None,
            force: false,
            threads: None,
        }
    }

    /// The posts this build takes in.
    pub fn selection(&self) -> Selection {
        Selection {
            drafts: self.drafts,
            future: if self.future { Future::Publish } else { Future::Hold },
            now: chrono::Utc::now(),
        }
    }

    pub fn output_path(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Time spent in each stage of a build.
///
/// The phases (`load`, `theme`, `model`, `prepare`, `render_and_write`, `static_files`,
/// `commit`) are wall-clock times that add up to the build. Within the two parallel phases the
/// stages are interleaved on every thread, so their times (`read`, `front_matter`, `markdown`
/// in loading; `context`, `templates`, `write` in rendering) are summed over threads instead.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading files, parsing front matter and rendering markdown (in parallel; wall clock).
    pub load: Duration,
    pub theme: Duration,
    pub model: Duration,
    /// Listing and checking pages, serialising shared template data.
    pub prepare: Duration,
    /// Rendering templates and writing pages (in parallel; wall clock).
    pub render_and_write: Duration,
    /// Building the search index and writing its files.
    pub search_index: Duration,
    /// Making the posts' images ready (from the cache, or resized and encoded).
    pub images: Duration,
    /// Copying the posts' own files and image sizes.
    pub post_files: Duration,
    pub static_files: Duration,
    /// Swapping the new build in and removing the previous one.
    pub commit: Duration,
    /// Threads the parallel phases ran on.
    pub threads: usize,
    /// Summed over threads: reading content files.
    pub read: Duration,
    /// Summed over threads: front matter.
    pub front_matter: Duration,
    /// Summed over threads: markdown to HTML.
    pub markdown: Duration,
    /// Summed over threads: assembling each page's template data.
    pub context: Duration,
    /// Summed over threads: tera.
    pub templates: Duration,
    /// Summed over threads: feeds, sitemap and other files made without templates (the search
    /// index is timed on its own, in `search_index`).
    pub other_files: Duration,
    /// Summed over threads: writing pages.
    pub write: Duration,
}

impl Timings {
    fn set_load(&mut self, load: &pipeline::LoadTimings) {
        self.load = load.load;
        self.theme = load.theme;
        self.images = load.images;
        self.model = load.model;
        self.read = load.read;
        self.front_matter = load.front_matter;
        self.markdown = load.markdown;
    }

    /// The lines `besok build --timings` prints.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "timings (wall clock): load {:.1} ms, theme {:.1} ms, images {:.1} ms, model {:.1} ms, prepare {:.1} ms, search index {:.1} ms, render+write {:.1} ms, post files {:.1} ms, static {:.1} ms, commit {:.1} ms\n\
             timings (summed over {} threads): read {:.1} ms, front matter {:.1} ms, markdown {:.1} ms | context {:.1} ms, templates {:.1} ms, feeds/sitemap {:.1} ms, write {:.1} ms",
            ms(self.load),
            ms(self.theme),
            ms(self.images),
            ms(self.model),
            ms(self.prepare),
            ms(self.search_index),
            ms(self.render_and_write),
            ms(self.post_files),
            ms(self.static_files),
            ms(self.commit),
            self.threads,
            ms(self.read),
            ms(self.front_matter),
            ms(self.markdown),
            ms(self.context),
            ms(self.templates),
            ms(self.other_files),
            ms(self.write),
        )
    }
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub posts: usize,
    pub tags: usize,
    pub municipalities: usize,
    pub static_files: usize,
    /// Files the posts publish beside their pages (bundle files, image sizes).
    pub post_files: usize,
    /// How the posts' images were made ready.
    pub images: pipeline::ImageCounts,
    pub warnings: Vec<Diagnostic>,
    /// Posts dated after the build's time, left out.
    pub held_back: HeldBack,
    pub elapsed: Duration,
    pub timings: Timings,
}

impl BuildReport {
    /// The one line `besok build` prints on success.
    pub fn summary(&self) -> String {
        let files = if self.post_files > 0 {
            format!(", {}", counted(self.post_files, "file of posts", "files of posts"))
        } else {
            String::new()
        };
        format!(
            "Built {} ({}, {}, {}){files} and copied {} into {} in {} ms",
            counted(self.pages, "page", "pages"),
            counted(self.posts, "post", "posts"),
            counted(self.tags, "tag", "tags"),
            counted(self.municipalities, "municipality", "municipalities"),
            counted(self.static_files, "static file", "static files"),
            self.output.display(),
            self.elapsed.as_millis()
        )
    }

    /// The line that says which posts wait for their date, when some do.
    pub fn held_back_note(&self) -> Option<String> {
        let next = self.held_back.next?;
        let n = self.held_back.count;
        Some(format!(
            "Held back {n} post{} dated in the future; the next is due {} (build with --future to publish {} now)",
            if n == 1 { "" } else { "s" },
            next.format("%Y-%m-%d %H:%M %:z"),
            if n == 1 { "it" } else { "them" }
        ))
    }
}

/// Builds the site into its output folder. On any error the previous output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    match options.threads {
        None => build_here(options),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| Error::Io {
                action: "cannot start",
                path: PathBuf::from(format!("{n} build threads")),
                source: std::io::Error::other(e),
            })?
            .install(|| build_here(options)),
    }
}

/// [`build`] on the current rayon pool.
fn build_here(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let output = options.output_path();
    // Held until this function returns, after the swap.
    let _lock = OutputLock::acquire(&output)?;
    check_output_dir(&options.root, &output, options.force)?;

    let mut loaded = pipeline::load(&options.root, options.selection(), options.base_url.as_deref())?;
    timings.set_load(&loaded.timings);
    let start = Instant::now();
    let jobs = crate::render::jobs(&loaded.site);
    pipeline::check_pages(&loaded.site, &jobs, &loaded.theme.theme)?;
    let mut staging = Staging::new(&output)?;
    timings.prepare = start.elapsed();

    // The search index, all its files at once, before the pages: it takes the posts' plain
    // text out of the model (nothing after it reads it), and it is dropped before the pages'
    // data is made, so a large site never holds both.
    let start = Instant::now();
    let index = crate::render::search_index_taking_text(&mut loaded.site, &loaded.theme.theme.translations);
    let files: Vec<&SearchFile> = index.files().collect();
    files.par_iter().try_for_each(|f| staging.write(&f.file, &f.body))?;
    drop(index);
    timings.search_index = start.elapsed();

    let Loaded { site, theme, .. } = &loaded;
    let start = Instant::now();
    let renderer = loaded.renderer().with_jobs(jobs);
    timings.prepare += start.elapsed();

    let start = Instant::now();
    let renderer = renderer.with_cards_in_entries();
    let jobs = renderer.jobs();
    let clock = StageClock::default();
    pipeline::render_all(&renderer, jobs, |job, html| {
        clock.time(Stage::Write, || staging.write(&job.file, &html))
    })?;
    timings.render_and_write = start.elapsed();
    timings.threads = rayon::current_num_threads();
    timings.context = renderer.clock().get(Stage::Context);
    timings.templates = renderer.clock().get(Stage::Templates);
    timings.other_files = renderer.clock().get(Stage::OtherFiles);
    timings.write = clock.get(Stage::Write);

    // The posts' own files and the sizes of their images, copied (from the build cache).
    let start = Instant::now();
    let post_files = site.files();
    post_files.par_iter().try_for_each(|f| {
        let from = options.root.join(&f.from);
        if f.named_by_content {
            staging.copy_named_by_content(&f.file, &from)
        } else {
            staging.copy(&f.file, &from)
        }
    })?;
    timings.post_files = start.elapsed();

    let start = Instant::now();
    site.images
        .published_statics(&theme.theme.static_files)
        .par_iter()
        .try_for_each(|&(rel, source)| match source {
            StaticSource::File(path) => staging.copy(rel, path),
            StaticSource::BuiltIn { bytes, .. } => staging.write(rel, bytes),
            StaticSource::Hashed { bytes, .. } => staging.write(rel, bytes),
        })?;
    timings.static_files = start.elapsed();

    // Addresses the previous build published and this one does not: said before they are gone.
    let lost = pipeline::lost_addresses(&options.root, &crate::output::published_before(&output), site, jobs);
    staging.set_addresses(pipeline::published_addresses(site));
    let start = Instant::now();
    let output = staging.commit()?;
    timings.commit = start.elapsed();
    // The cache keeps what this build used: photos removed or changed leave no stale sizes
    // (a failure here loses nothing: the build is done, and the next one prunes again).
    let pruned = pipeline::image_cache(&options.root).prune(&loaded.image_keys);
    let mut warnings = site.warnings.clone();
    warnings.extend(site.config.base_url_warning());
    warnings.extend(lost);
    warnings.sort();
    if let Err(e) = pruned {
        warnings.push(Diagnostic::warning(
            crate::assets::CACHE_DIR,
            1,
            1,
            format!("the image cache could not be cleaned up: {e}"),
        ));
    }

    let report = BuildReport {
        output,
        pages: jobs.len(),
        posts: site.posts.len(),
        tags: site.tags.len(),
        municipalities: site.municipalities.len(),
        static_files: theme.theme.static_files.len(),
        warnings,
        post_files: post_files.len(),
        images: loaded.image_counts,
        held_back: site.held_back.clone(),
        elapsed: started.elapsed(),
        timings,
    };
    // Freeing a large site's model and its pages' data, piece by piece, takes tens of
    // milliseconds (~2% of a 10,000-post build): a thread of its own does it, and `besok
    // build` exits without waiting for it.
    let owned = renderer.into_owned_data();
    // A thread that cannot be made frees them here instead, as it returns the closure.
    let _ = std::thread::Builder::new().spawn(move || drop((owned, loaded)));
    Ok(report)
}
