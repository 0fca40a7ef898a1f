//! The build pipeline: load → model → render → write, each stage in its own module; this one
//! only runs them in order, gathers every error, and times the stages.

use crate::config::Config;
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::model::Site;
use crate::output::{check_output_dir, OutputLock, Staging};
use crate::render::{self, PageJob, PageKind, Renderer, SearchFile};
use crate::theme::{StaticSource, Theme};
use crate::timing::{Stage, StageClock};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What `besok build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's folder (holding config.toml).
    pub root: PathBuf,
    /// Where to write; `None` means `<root>/public`.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
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
            base_url: None,
            force: false,
            threads: None,
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
    /// Compiling templates, serialising shared template data, listing pages.
    pub prepare: Duration,
    /// Rendering templates and writing pages (in parallel; wall clock).
    pub render_and_write: Duration,
    /// Building the search index and writing its files.
    pub search_index: Duration,
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
    /// The lines `besok build --timings` prints.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "timings (wall clock): load {:.1} ms, theme {:.1} ms, model {:.1} ms, prepare {:.1} ms, render+write {:.1} ms, search index {:.1} ms, static {:.1} ms, commit {:.1} ms\n\
             timings (summed over {} threads): read {:.1} ms, front matter {:.1} ms, markdown {:.1} ms | context {:.1} ms, templates {:.1} ms, feeds/sitemap {:.1} ms, write {:.1} ms",
            ms(self.load),
            ms(self.theme),
            ms(self.model),
            ms(self.prepare),
            ms(self.render_and_write),
            ms(self.search_index),
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
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub timings: Timings,
}

impl BuildReport {
    /// The one line `besok build` prints on success.
    pub fn summary(&self) -> String {
        format!(
            "Built {} pages ({} posts, {} tags, {} municipalities) and copied {} static files into {} in {} ms",
            self.pages,
            self.posts,
            self.tags,
            self.municipalities,
            self.static_files,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// A loaded site: the model and the theme, ready to render.
pub struct LoadedSite {
    pub site: Site,
    pub theme: Theme,
}

/// Loads config, content and theme and builds the model. Every error of every stage is
/// collected, so a writer sees all problems of a build at once.
pub fn load_site(root: &Path, drafts: bool, base_url: Option<&str>, timings: &mut Timings) -> Result<LoadedSite> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let config = match Config::load(&root.join("config.toml"), Path::new("config.toml")) {
        Ok(mut c) => {
            if let Some(url) = base_url {
                if let Err(msg) = c.set_base_url(url) {
                    errors.push(Diagnostic::error(
                        "--base-url",
                        1,
                        1,
                        msg.replace("`base_url`", "--base-url"),
                    ));
                }
            }
            Some(c)
        }
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let typography = Typography::for_language(config.as_ref().map_or("en", |c| c.language.as_str()));

    let start = Instant::now();
    let clock = StageClock::default();
    let loaded = content::load_timed(root, typography, Some(&clock));
    timings.load = start.elapsed();
    timings.read = clock.get(Stage::Read);
    timings.front_matter = clock.get(Stage::FrontMatter);
    timings.markdown = clock.get(Stage::Markdown);

    let start = Instant::now();
    let theme = config.as_ref().map(|c| Theme::load(root, c));
    timings.theme = start.elapsed();

    let (Some(config), Some(theme)) = (config, theme) else {
        errors.extend(loaded.errors);
        return Err(content_error(errors));
    };
    let theme = match theme {
        Ok(t) => Some(t),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let start = Instant::now();
    let site = match Site::build(config, loaded, drafts) {
        Ok(site) => Some(site),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    timings.model = start.elapsed();
    match (site, theme) {
        (Some(site), Some(theme)) if errors.is_empty() => Ok(LoadedSite { site, theme }),
        _ => Err(content_error(errors)),
    }
}

pub(crate) fn content_error(mut errors: Vec<Diagnostic>) -> Error {
    errors.sort();
    errors.dedup();
    Error::Content(errors)
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

    let LoadedSite { site, theme } =
        load_site(&options.root, options.drafts, options.base_url.as_deref(), &mut timings)?;
    let start = Instant::now();
    let renderer = Renderer::new(&site, &theme).map_err(content_error)?;
    let jobs = renderer.jobs();
    check_jobs(&site, jobs, &theme)?;
    let staging = Staging::new(&output)?;
    timings.prepare = start.elapsed();

    let start = Instant::now();
    let clock = StageClock::default();
    // The search index is written below, all its files at once.
    let pages: Vec<PageJob> = jobs
        .iter()
        .filter(|j| j.kind != PageKind::SearchIndex)
        .cloned()
        .collect();
    render_all(&renderer, &pages, |job, html| {
        clock.time(Stage::Write, || staging.write(&job.file, html.as_bytes()))
    })?;
    timings.render_and_write = start.elapsed();
    timings.threads = rayon::current_num_threads();
    timings.context = renderer.clock().get(Stage::Context);
    timings.templates = renderer.clock().get(Stage::Templates);
    timings.other_files = renderer.clock().get(Stage::OtherFiles);
    timings.write = clock.get(Stage::Write);

    let start = Instant::now();
    let index = renderer.search_index();
    let files: Vec<&SearchFile> = index.files().collect();
    files.par_iter().try_for_each(|f| staging.write(&f.file, &f.body))?;
    timings.search_index = start.elapsed();

    let start = Instant::now();
    theme
        .static_files
        .par_iter()
        .try_for_each(|(rel, source)| match source {
            StaticSource::File(path) => staging.copy(rel, path),
            StaticSource::BuiltIn { bytes, .. } => staging.write(rel, bytes),
        })?;
    timings.static_files = start.elapsed();

    let start = Instant::now();
    let output = staging.commit()?;
    timings.commit = start.elapsed();

    Ok(BuildReport {
        output,
        pages: jobs.len(),
        posts: site.posts.len(),
        tags: site.tags.len(),
        municipalities: site.municipalities.len(),
        static_files: theme.static_files.len(),
        warnings: site.warnings.clone(),
        elapsed: started.elapsed(),
        timings,
    })
}

/// Renders every job in parallel and hands each page to `write` as soon as it is ready, so
/// pages are never all held in memory. Template errors are gathered, one per distinct problem.
pub fn render_all<W>(renderer: &Renderer, jobs: &[PageJob], write: W) -> Result<()>
where
    W: Fn(&PageJob, String) -> Result<()> + Sync,
{
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let long_first: Vec<&PageJob> = jobs
        .iter()
        .filter(|j| j.kind.is_long())
        .chain(jobs.iter().filter(|j| !j.kind.is_long()))
        .collect();
    long_first.par_iter().try_for_each(|job| {
        match renderer.render(job) {
            Ok(html) => write(job, html)?,
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

/// Renders `jobs` into memory, as `(file, html)` pairs in no particular order: what
/// `besok serve` uses instead of writing, so `public/` is never touched by the dev server.
pub fn render_to_memory(renderer: &Renderer, jobs: &[PageJob]) -> Result<Vec<(String, String)>> {
    let pages = Mutex::new(Vec::with_capacity(jobs.len()));
    render_all(renderer, jobs, |job, html| {
        pages
            .lock()
            .expect("no panics while holding the lock")
            .push((job.file.clone(), html));
        Ok(())
    })?;
    Ok(pages.into_inner().expect("no panics while holding the lock"))
}

/// Checks that no two outputs want the same file: aliases against pages and each other, static
/// files against generated pages, and a file where another output needs a folder or a name that
/// differs only in case, since one would silently replace the other (or fail half-way).
pub fn check_jobs(site: &Site, jobs: &[PageJob], theme: &Theme) -> Result<()> {
    let mut errors = render::check_aliases(site, jobs);
    errors.extend(static_collisions(jobs, theme));
    errors.extend(render::path_collisions(site, jobs, theme));
    errors.extend(search_collisions(site, jobs, theme));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(content_error(errors))
    }
}

/// The search index's files are not page jobs (they are built together from the whole site), so
/// a static file or alias in their place is caught here.
fn search_collisions(site: &Site, jobs: &[PageJob], theme: &Theme) -> Vec<Diagnostic> {
    let statics = theme
        .static_files
        .iter()
        .filter(|(file, _)| render::is_search_shard(file))
        .map(|(file, src)| {
            Diagnostic::error(
                src.display_path(),
                1,
                1,
                format!("this static file would replace {file} of the search index; rename or remove it"),
            )
        });
    let aliases = jobs.iter().filter_map(|job| match job.kind {
        PageKind::Alias(post, n) if render::is_search_shard(&job.file) => {
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

fn static_collisions(jobs: &[PageJob], theme: &Theme) -> Vec<Diagnostic> {
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
