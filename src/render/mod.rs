//! Rendering: which pages the site has ([`pages`]), what each shows ([`inputs`], declared once),
//! and each page's file from the model and the templates.

mod aliases;
mod cards;
mod collisions;
mod context;
mod feeds;
mod inputs;
mod map;
mod pages;
mod search;
mod sitemap;
mod templates;

pub use aliases::{alias_file, check_aliases};
pub use collisions::{output_files, page_collisions, path_collisions, search_collisions, static_collisions};
pub use inputs::{Dep, Dependents, ListOf, Output, PageInputs, Part, PostTokens, SharedOf};
pub use pages::{archive_year_path, feed_path, jobs, paginated_path, AliasOf, FeedOf, PageJob, PageKind, Paginator};
pub use search::{
    fold, index_of, is_search_shard, page_terms, post_of_doc, post_terms, search_index_taking_text, words, Language,
    PostTerms, SearchFile, SearchIndex, SEARCH_INDEX_PATH,
};

pub use context::{post_entry, SharedValues};
pub use templates::{Templates, PAGE_TEMPLATE, REQUIRED as REQUIRED_TEMPLATES};

use crate::diagnostics::Diagnostic;
use crate::model::{PostId, Site};
use crate::theme::Theme;
use crate::timing::{Stage, StageClock};
use serde_json::Value;
use std::hash::Hasher;
use std::sync::Arc;

/// Tells one [`Renderer`] from another, for [`BASE_CONTEXT`].
static NEXT_RENDERER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

thread_local! {
    /// The [`context::base_context`] of the renderer whose id it holds, on this thread.
    static BASE_CONTEXT: std::cell::RefCell<Option<(u64, tera::Context)>> = const { std::cell::RefCell::new(None) };
}

/// Renders pages of one site with one theme. Build it once; `render` is called from many threads.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: Arc<Templates>,
    shared: SharedValues,
    clock: StageClock,
    /// Every page of the site, made once when first needed (by the caller, the sitemap and its
    /// fingerprint): 16,000 jobs for a 10,000-post site take a few ms to make.
    all_jobs: std::sync::OnceLock<Vec<PageJob>>,
    /// Every post's id, newest first: the list the home pages, the site feed and the search
    /// index show.
    all_posts: Vec<PostId>,
    /// A hash of what every page's base context holds (config, UI words, the menu, coverage),
    /// part of every fingerprint.
    base_hash: u64,
    /// Each post's cards, made once however many lists show the post.
    cards: cards::Cards,
    /// Unique to this renderer (see [`BASE_CONTEXT`]).
    id: u64,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &Theme) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let templates = Templates::compile(theme, &site.config.base_path)?;
        let shared = SharedValues::new(site, &theme.translations);
        Ok(Renderer::with_parts(site, Arc::new(templates), shared))
    }

    /// A renderer from templates compiled earlier and shared values made by the caller, so a
    /// dev-server rebuild reuses what did not change.
    pub fn with_parts(site: &'a Site, templates: Arc<Templates>, shared: SharedValues) -> Renderer<'a> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        inputs::hash_value(&mut h, &shared.config);
        inputs::hash_value(&mut h, &shared.words);
        // Every page shows the menu, so a plain page that joins, leaves or moves in it (or is
        // renamed) changes every page.
        inputs::hash_value(&mut h, &shared.menu);
        // Every page gets `coverage`: a change re-renders all (it changes only with the model).
        inputs::hash_value(&mut h, &shared.coverage);
        Renderer {
            site,
            cards: cards::Cards::new(&templates, site.posts.len()),
            id: NEXT_RENDERER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            templates,
            base_hash: h.finish(),
            shared,
            clock: StageClock::default(),
            all_jobs: std::sync::OnceLock::new(),
            all_posts: (0..site.posts.len()).collect(),
        }
    }

    /// Every page of the site, as [`jobs`] makes them.
    pub fn jobs(&self) -> &[PageJob] {
        self.all_jobs.get_or_init(|| jobs(self.site))
    }

    /// This renderer with the site's pages made by the caller already (with [`jobs`]).
    pub fn with_jobs(self, jobs: Vec<PageJob>) -> Renderer<'a> {
        let _ = self.all_jobs.set(jobs);
        self
    }

    /// The pages of the site, kept after rendering (by `besok serve`, for the next edit).
    pub fn into_jobs(self) -> Vec<PageJob> {
        self.into_jobs_and_shared().0
    }

    /// The pages of the site and the values every page reads (the posts' list entries among
    /// them), kept by `besok serve` for the next edit without copying them.
    pub fn into_jobs_and_shared(self) -> (Vec<PageJob>, SharedValues) {
        let site = self.site;
        let jobs = self.all_jobs.into_inner().unwrap_or_else(|| jobs(site));
        (jobs, self.shared)
    }

    /// What this renderer owns (the posts' entries and cards, the pages), apart from the site
    /// it reads: for a caller to free on another thread.
    pub fn into_owned_data(self) -> impl Send + 'static {
        (self.shared, self.cards, self.all_jobs)
    }

    /// The data shared by the pages of this build.
    pub fn shared(&self) -> &SharedValues {
        &self.shared
    }

    /// The bytes of one page (HTML, or the XML, text or JSON of the site's other files), always
    /// UTF-8.
    pub fn render(&self, job: &PageJob) -> Result<Vec<u8>, Diagnostic> {
        let inputs = self.clock.time(Stage::Context, || self.inputs(job));
        self.render_inputs(job, &inputs)
    }

    /// [`Renderer::render`] of inputs the caller already has.
    pub fn render_inputs(&self, job: &PageJob, inputs: &PageInputs) -> Result<Vec<u8>, Diagnostic> {
        let other = |make: &dyn Fn() -> Vec<u8>| Ok(self.clock.time(Stage::OtherFiles, make));
        let none = Value::Null;
        match inputs.output {
            Output::Template { template, .. } => {
                let page = self.clock.time(Stage::Context, || inputs.context(self, job))?;
                self.with_base_context(|base| {
                    let keys = page.put_into(base);
                    let html = self
                        .clock
                        .time(Stage::Templates, || self.templates.render_bytes(template, base));
                    for key in &keys {
                        base.discard(key);
                    }
                    html
                })
            }
            Output::Feed(of) => other(&|| {
                feeds::atom(
                    self.site,
                    of,
                    inputs.title.as_deref().unwrap_or_default(),
                    inputs.full_posts(),
                )
            }),
            Output::Sitemap => {
                other(&|| sitemap::sitemap(self.site, inputs.made_value("pages").unwrap_or(&none)).into_bytes())
            }
            Output::Robots => other(&|| sitemap::robots(self.site).into_bytes()),
            Output::QueryRedirects => {
                other(&|| aliases::query_redirects_script(inputs.made_value("redirects").unwrap_or(&none)).into_bytes())
            }
            // The index's files are made together, from the whole site, by `besok build`
            // (`search_index_taking_text`) and `besok serve` (from its kept parts), never as
            // one page; its job exists for the collision checks and serve's dependencies.
            Output::SearchIndex => Err(Diagnostic::error(
                &job.path,
                1,
                1,
                "the search index is made with its shards, not rendered as a page",
            )),
        }
    }

    /// This renderer with every post's cards made now and kept in its entry (see
    /// [`cards::Cards::put_into_entries`]): for a build, which shows every post in lists.
    pub fn with_cards_in_entries(mut self) -> Renderer<'a> {
        let mut entries = std::mem::take(&mut self.shared.post_entries);
        self.clock
            .time(Stage::Context, || self.cards.put_into_entries(&self, &mut entries));
        self.shared.post_entries = entries;
        self
    }

    /// The entry of post `id` as lists show it: with its cards (see [`cards`]) when the theme
    /// has cards.
    fn listed_entry(&self, id: PostId) -> Result<Arc<Value>, Diagnostic> {
        self.cards.listed_entry(self, id)
    }

    /// Calls `f` with this thread's context holding the [`context::base_context`] of this
    /// renderer and nothing else, which `f` leaves as it found it.
    /// (Page contexts and cards both start from it; never called from within `f`.)
    fn with_base_context<R>(&self, f: impl FnOnce(&mut tera::Context) -> R) -> R {
        BASE_CONTEXT.with(|cell| {
            let mut cell = cell.borrow_mut();
            let base = match &mut *cell {
                Some((of, base)) if *of == self.id => base,
                other => {
                    let base = context::base_context(self.site, &self.shared);
                    let base = tera::Context::from_value(Value::Object(base)).expect("an object is a valid context");
                    &mut other.insert((self.id, base)).1
                }
            };
            f(base)
        })
    }

    /// Time spent so far assembling template data and in tera, summed over threads.
    pub fn clock(&self) -> &StageClock {
        &self.clock
    }
}
