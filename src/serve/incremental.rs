//! Incremental rebuilds for `besok serve`: re-read only the files that changed, update or
//! rebuild the model, and re-render only the pages whose template data changed.
//!
//! Which pages a change affects is decided from the model, not guessed from the file: every
//! page gets a fingerprint ([`Renderer::fingerprint`]) of the data its template sees, with
//! each post stood for by tokens that change only when that post's list entry or page
//! content does. A post whose word count changed gets a new entry token, so its neighbours,
//! its tags' and municipality's pages and the home and archive pages listing it get new
//! fingerprints; a post deleted or added shifts pagination, and the pages whose lists
//! changed get new fingerprints. Pages that no longer exist are dropped.
//!
//! Two paths (at 10,000 posts, 16–64 ms against 430–530 ms from save to served page):
//! - in place (`Incremental::render_in_place`): the edited posts keep their place in the
//!   site (same URL, date, municipality, ...; tags may change to other tags the site has), so
//!   the last model is updated, the pages to render are read off it, and the search index
//!   replaces those posts' parts;
//! - the model rebuilt (`Incremental::render`) from every parsed file (nothing is read again),
//!   every page's fingerprint compared; the search index is then left for
//!   [`Incremental::finish_search`], which the server calls once the pages are served.
//!
//! Config, templates and UI words are inputs of every page: a change to one re-renders all.
//! A static file change only re-reads the static files.

use super::site_state::{FileBytes, Files};
use super::watch::{is_content_folder, Changes};
use crate::config::Config;
use crate::content::{self, LoadedContent, MunicipalityPage, PageSource, PostSource};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::model::{same_place, same_place_but_tags, Future, Post, PostId, Selection, Site};
use crate::pipeline::{self, content_error, render_to_memory, LoadedTheme, RenderedPages};
use crate::render::{
    self, post_entry, Dep, Dependents, ListOf, PageJob, PageKind, Paginator, PostTerms, PostTokens, Renderer,
    SearchFile, SearchIndex, SharedOf, SharedValues,
};
use crate::static_names::StaticSource;
use crate::theme::Theme;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A parsed file with the generation it was parsed in, or what is wrong with it.
type Parsed<T> = std::result::Result<(T, u64), Vec<Diagnostic>>;

/// What one rebuild did, for the log line.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Pages rendered (files, like `posts/x/index.html`).
    pub rendered: Vec<String>,
    /// Pages rendered whose bytes differ from before (new pages included).
    pub changed_pages: Vec<String>,
    /// Pages and static files that are gone.
    pub removed: Vec<String>,
    /// Static files whose bytes changed or that are new.
    pub copied: Vec<String>,
    /// Stylesheets and scripts published under a new name (their content changed): the old
    /// file, then the new.
    pub renamed: Vec<(String, String)>,
    /// When the rebuild changed nothing but stylesheets, the old and new URL of each: open
    /// pages swap them in without reloading (each page's HTML changed only in naming them).
    pub stylesheet_swaps: Option<Vec<(String, String)>>,
    /// Whether every page was rendered (first build, config, template or UI words change).
    pub full: bool,
    /// Whether the last model was updated in place (the edit left every post where it was, or
    /// only moved posts between existing tags), rather than built again from all posts.
    pub in_place: bool,
    pub pages: usize,
    pub posts: usize,
    /// Warnings of this build that the previous one did not have.
    pub new_warnings: Vec<Diagnostic>,
    /// When the search index was updated: how many of its shards are new, and how many it has.
    /// (Its manifest alone stands for it in `rendered` and `changed_pages`: no page depends on
    /// the shards, so they are not listed as changed or removed.)
    pub search_files: Option<(usize, usize)>,
    /// Whether this is the step that made the search index after the pages were served.
    pub search_step: bool,
    /// The search page, when the index changed: an open one reloads to read the new index
    /// (the shards its old manifest names are gone).
    pub search_page: Option<String>,
    pub elapsed: Duration,
}

impl Outcome {
    /// Adds what a later step of the same rebuild did (the search index made after the pages).
    pub fn merge(&mut self, later: Outcome) {
        self.rendered.extend(later.rendered);
        self.changed_pages.extend(later.changed_pages);
        self.removed.extend(later.removed);
        self.copied.extend(later.copied);
        self.renamed.extend(later.renamed);
        for list in [
            &mut self.rendered,
            &mut self.changed_pages,
            &mut self.removed,
            &mut self.copied,
        ] {
            list.sort();
            list.dedup();
        }
        self.new_warnings.extend(later.new_warnings);
        self.search_files = later.search_files.or(self.search_files);
        self.search_page = later.search_page.or(self.search_page.take());
        self.elapsed += later.elapsed;
    }

    /// Whether the served site changed at all.
    pub fn changed(&self) -> bool {
        !(self.changed_pages.is_empty() && self.removed.is_empty() && self.copied.is_empty())
    }

    /// Every changed file, as the live-reload script compares them with its own page.
    pub fn changed_files(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .changed_pages
            .iter()
            .chain(&self.removed)
            .chain(&self.copied)
            .chain(&self.search_page)
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The old and new names of the renamed stylesheets, when they are all the files that
    /// came and went (the rebuild's changes being static files only, the pages then changed
    /// only in naming them).
    fn stylesheets_renamed(&self) -> Option<&[(String, String)]> {
        let renamed = &self.renamed;
        let all_css = !renamed.is_empty() && renamed.iter().all(|(_, new)| new.ends_with(".css"));
        let old = |f: &String| renamed.iter().any(|(o, _)| o == f);
        let new = |f: &String| renamed.iter().any(|(_, n)| n == f);
        (all_css && self.removed.iter().all(old) && self.copied.iter().all(new)).then_some(renamed.as_slice())
    }

    /// "re-rendered 14 pages in 6 ms", with static files and the search index when they
    /// changed; "made the search index (…) in 380 ms" for the step after the pages.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.search_step {
            parts.push("made the search index".to_string());
        } else {
            parts.push(format!(
                "re-rendered {} page{}",
                self.rendered.len(),
                plural(self.rendered.len())
            ));
        }
        if let Some((new, all)) = self.search_files {
            parts.push(format!("search index: {new} of {all} shards new"));
        }
        if !self.copied.is_empty() {
            parts.push(format!(
                "copied {} static file{}",
                self.copied.len(),
                plural(self.copied.len())
            ));
        }
        if !self.removed.is_empty() {
            parts.push(format!(
                "removed {} file{}",
                self.removed.len(),
                plural(self.removed.len())
            ));
        }
        format!("{} in {} ms", parts.join(", "), self.elapsed.as_millis())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A post's list entry from the previous build, reused while nothing it is made of changed.
struct CachedEntry {
    /// [`entry_key`] of what the entry was made from.
    key: u64,
    value: Arc<Value>,
    token: u64,
}

/// The dev server's site: the parsed files, and the last good build with its fingerprints.
pub struct Incremental {
    root: PathBuf,
    drafts: bool,
    /// The server's own address, replacing config.toml's base URL so links stay local.
    base_url: String,
    config: std::result::Result<Config, Vec<Diagnostic>>,
    theme: std::result::Result<LoadedTheme, Vec<Diagnostic>>,
    /// The language (quotes and dashes depend on it) and `slugs_from` (posts' addresses do)
    /// the content was parsed for.
    parsed_as: Option<(String, crate::config::SlugsFrom)>,
    posts: BTreeMap<PathBuf, Parsed<PostSource>>,
    pages: BTreeMap<PathBuf, Parsed<MunicipalityPage>>,
    /// Plain pages (`content/pages/`). An edit of one takes the slow path: pages are few, and
    /// one moved or renamed changes the navigation of every page.
    plain_pages: BTreeMap<PathBuf, Parsed<PageSource>>,
    walk_errors: Vec<Diagnostic>,
    next_generation: u64,
    entries: HashMap<PathBuf, CachedEntry>,
    /// Fingerprint of every page of the last good build, by file.
    fingerprints: HashMap<String, u64>,
    /// Static files of the last good build.
    statics: HashMap<String, FileBytes>,
    /// The published names of the stylesheets and scripts of the last good build.
    static_names: crate::static_names::StaticNames,
    /// The posts' own files and image sizes of the last good build: where each came from and
    /// when that was changed, so an unchanged one is not read again.
    post_files: HashMap<String, PostFile>,
    /// The photos made ready so far, so a model rebuild reads only those that changed.
    image_memo: crate::assets::Memo,
    /// The static files that posts show as photos (served only in their sizes).
    processed_statics: Vec<String>,
    /// The last good build.
    files: Files,
    /// Set when config, templates or UI words changed since the last good build.
    needs_full: bool,
    statics_dirty: bool,
    warnings: Vec<Diagnostic>,
    /// The model of the last good build, for edits done in place.
    last: Option<Built>,
    /// Each post's part of the search index, by file, with the post's full token it was made
    /// for: making every post's part again takes most of the time of a fresh index.
    search: HashMap<PathBuf, SearchEntry>,
    /// The search index now served; an edit in place replaces the post's part of it.
    search_index: Option<SearchIndex>,
    /// The files of the search index now served; its shards' names change with their content.
    search_files: Vec<String>,
    /// Shards of the index served before the current one and not part of it, still served
    /// until the index changes again (see [`Incremental::retired_search_files`]).
    retired_search_files: Vec<String>,
    /// Set when the model was rebuilt and the search index is to be made again from it: the
    /// pages are served first, and [`Incremental::finish_search`] makes the index after.
    search_pending: bool,
    /// [`outputs_key`] of the last build whose output paths were checked for collisions: the
    /// checks pass again while no page, alias or static file comes or goes.
    checked_outputs: Option<u64>,
}

/// The last good build's model and what was made of it, kept for the fast path.
struct Built {
    site: Site,
    jobs: Vec<PageJob>,
    entries: Vec<Arc<Value>>,
    tokens: Vec<PostTokens>,
    ids: HashMap<PathBuf, PostId>,
    /// Which pages read what, from the pages' declared inputs: an edit in place looks again
    /// only at the pages that read what it changed.
    dependents: Dependents,
    /// The tags' and municipalities' entries the pages were made with, to tell which changed.
    tag_entries: Vec<Value>,
    municipality_entries: Vec<Value>,
}

impl Incremental {
    pub fn new(root: &Path, drafts: bool, base_url: &str) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            config: Err(Vec::new()),
            theme: Err(Vec::new()),
            parsed_as: None,
            posts: BTreeMap::new(),
            pages: BTreeMap::new(),
            plain_pages: BTreeMap::new(),
            walk_errors: Vec::new(),
            next_generation: 1,
            entries: HashMap::new(),
            fingerprints: HashMap::new(),
            statics: HashMap::new(),
            static_names: Default::default(),
            post_files: HashMap::new(),
            image_memo: Default::default(),
            processed_statics: Vec::new(),
            files: Files::new(),
            needs_full: true,
            statics_dirty: true,
            warnings: Vec::new(),
            last: None,
            search: HashMap::new(),
            search_index: None,
            search_files: Vec::new(),
            retired_search_files: Vec::new(),
            search_pending: false,
            checked_outputs: None,
        }
    }

    /// The last good build.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The first build: everything is read and rendered, the search index too.
    pub fn initial(&mut self) -> Result<Outcome> {
        let mut outcome = self.rebuild(&Changes::everything())?;
        if let Some(search) = self.finish_search() {
            outcome.merge(search);
        }
        Ok(outcome)
    }

    /// Shards of the previous search index that the current one no longer has, served (beside
    /// the current index, which never names them) until the index changes again: a search page
    /// that read the previous manifest just before a swap can still fetch every shard it names,
    /// while the live-reload event brings it to the new one.
    pub fn retired_search_files(&self) -> &[String] {
        &self.retired_search_files
    }

    /// Whether the search index is still to be made for the pages now built.
    pub fn search_pending(&self) -> bool {
        self.search_pending
    }

    /// Makes the search index of the last good build when a rebuild left it to do: at 10,000
    /// posts that takes longer than all pages an edit changes, so the server swaps in and
    /// announces the pages first and calls this after (unless more edits are waiting). Until
    /// then the previous index is served whole: its manifest and every shard it names.
    pub fn finish_search(&mut self) -> Option<Outcome> {
        if !self.search_pending {
            return None;
        }
        let started = Instant::now();
        let last = self.last.as_ref()?;
        let (index, cache) = search_index_from_parts(&self.search, &last.site, &last.entries, &last.tokens);
        let mut outcome = Outcome {
            pages: last.jobs.len(),
            posts: last.site.posts.len(),
            ..Outcome::default()
        };
        self.search = cache;
        self.search_index = Some(index);
        self.search_pending = false;
        outcome.search_step = true;
        self.store_search_files(&mut outcome);
        outcome.removed.sort();
        outcome.elapsed = started.elapsed();
        Some(outcome)
    }

    /// Applies `changes` and renders what they affect. On error the last good build stays.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Outcome> {
        let started = Instant::now();
        let (changes, bundle_files) = self.bundle_changes(changes);
        let changes = &changes;
        let fast = self.last.is_some() && changes.only_posts() && !self.needs_full && !bundle_files;
        let replaced = self.read_changes(changes);
        let mut outcome = match fast.then(|| self.render_in_place(&replaced)).flatten() {
            Some(outcome) => outcome,
            None => {
                // Whatever fails, the next rebuild starts from a fresh model.
                self.last = None;
                self.render()?
            }
        };
        if let (true, Some(renamed), Ok(config)) = (changes.only_statics(), outcome.stylesheets_renamed(), &self.config)
        {
            let url = |f: &String| config.url(f);
            outcome.stylesheet_swaps = Some(renamed.iter().map(|(a, b)| (url(a), url(b))).collect());
        }
        outcome.elapsed = started.elapsed();
        Ok(outcome)
    }

    /// `changes` with every changed file of a bundle (a photo, a PDF, a markdown file beside
    /// its `index.md`) standing for the bundle's post, and whether there was one: its images
    /// are then made again with the model.
    fn bundle_changes(&self, changes: &Changes) -> (Changes, bool) {
        let mut out = changes.clone();
        let mut any = false;
        for rel in changes.posts.iter().chain(&changes.content_other) {
            if let Some(index) = content::bundle_index_of(&self.root, rel).filter(|i| i != rel) {
                out.posts.remove(rel);
                out.content_other.remove(rel);
                out.posts.insert(index);
                any = true;
            }
        }
        (out, any)
    }

    fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// Re-reads what changed: config, theme, and the changed content files.
    /// Returns the posts re-read alone, with what they were before.
    fn read_changes(&mut self, changes: &Changes) -> Vec<(PathBuf, Option<Parsed<PostSource>>)> {
        let mut replaced = Vec::new();
        if changes.config || self.config.is_err() {
            self.config = pipeline::load_config(&self.root, Some(&self.base_url));
            self.needs_full = true;
            self.entries.clear();
        }
        let Ok(config) = &self.config else { return replaced };
        if changes.config || changes.theme || changes.statics || self.theme.is_err() {
            self.theme = pipeline::load_theme(&self.root, config);
            if changes.config || changes.theme {
                self.needs_full = true;
                self.entries.clear();
            }
            self.statics_dirty = true;
        }
        let reading = content::Reading::of(config);
        let typography = reading.typography;
        let parsed_as = (config.language.clone(), reading.slugs_from);
        let language_changed = self.parsed_as.as_ref() != Some(&parsed_as);
        let moved = changes.content_other.iter().any(|rel| {
            let known = self
                .posts
                .keys()
                .chain(self.pages.keys())
                .chain(self.plain_pages.keys());
            is_content_folder(&self.root, rel, known)
        });
        if language_changed || changes.content_rescan || moved {
            self.parsed_as = Some(parsed_as);
            self.rescan(reading, language_changed, changes);
        } else {
            for rel in &changes.posts {
                let before = self.posts.get(rel).cloned();
                self.read_post(rel, reading);
                replaced.push((rel.clone(), before));
            }
            for rel in &changes.municipality_pages {
                self.read_page(rel, typography);
            }
            for rel in &changes.pages {
                self.read_plain_page(rel, typography);
            }
        }
        replaced
    }

    /// Walks `content/` again: new files are read, missing ones dropped, and changed ones
    /// (or all, when `all`) re-read. Used when folders move or the language changes.
    fn rescan(&mut self, reading: content::Reading, all: bool, changes: &Changes) {
        let typography = reading.typography;
        let mut errors = Vec::new();
        let post_files = content::find_posts(&self.root, &mut errors);
        let page_files = content::find_markdown(&self.root, Path::new(content::MUNICIPALITY_PAGES), &mut errors);
        let plain_files = content::find_markdown(&self.root, Path::new(content::PAGES_DIR), &mut errors);
        self.walk_errors = errors;
        self.posts.retain(|k, _| post_files.contains(k));
        self.pages.retain(|k, _| page_files.contains(k));
        self.plain_pages.retain(|k, _| plain_files.contains(k));
        let stale = |rel: &PathBuf, known: bool| all || !known || changes.touches(rel);
        let to_read: Vec<PathBuf> = post_files
            .into_iter()
            .filter(|rel| stale(rel, self.posts.contains_key(rel)))
            .collect();
        let root = &self.root;
        let parsed: Vec<(PathBuf, std::result::Result<PostSource, Vec<Diagnostic>>)> = to_read
            .into_par_iter()
            .map(|rel| {
                let r = content::read_post(root, &rel, reading, None);
                (rel, r)
            })
            .collect();
        for (rel, r) in parsed {
            let g = self.generation();
            self.posts.insert(rel, r.map(|p| (p, g)));
        }
        for rel in page_files {
            if stale(&rel, self.pages.contains_key(&rel)) {
                self.read_page(&rel, typography);
            }
        }
        for rel in plain_files {
            if stale(&rel, self.plain_pages.contains_key(&rel)) {
                self.read_plain_page(&rel, typography);
            }
        }
    }

    fn read_post(&mut self, rel: &Path, reading: content::Reading) {
        if !self.root.join(rel).is_file() {
            self.posts.remove(rel);
            return;
        }
        let parsed = content::read_post(&self.root, rel, reading, None);
        let g = self.generation();
        self.posts.insert(rel.to_path_buf(), parsed.map(|p| (p, g)));
    }

    fn read_page(&mut self, rel: &Path, typography: Typography) {
        if !self.root.join(rel).is_file() {
            self.pages.remove(rel);
            return;
        }
        let parsed = crate::source::read_text(&self.root, rel)
            .and_then(|t| content::parse_municipality_page(&t, rel, typography));
        let g = self.generation();
        self.pages.insert(rel.to_path_buf(), parsed.map(|p| (p, g)));
    }

    fn read_plain_page(&mut self, rel: &Path, typography: Typography) {
        if !self.root.join(rel).is_file() {
            self.plain_pages.remove(rel);
            return;
        }
        let parsed = crate::source::read_text(&self.root, rel).and_then(|t| content::parse_page(&t, rel, typography));
        let g = self.generation();
        self.plain_pages.insert(rel.to_path_buf(), parsed.map(|p| (p, g)));
    }

    /// Every error of the files as they are now, all reported together.
    fn errors(&self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        if let Err(e) = &self.config {
            errors.extend(e.iter().cloned());
        }
        if let Err(e) = &self.theme {
            errors.extend(e.iter().cloned());
        }
        errors.extend(self.walk_errors.iter().cloned());
        for r in self.posts.values() {
            if let Err(e) = r {
                errors.extend(e.iter().cloned());
            }
        }
        for r in self.pages.values() {
            if let Err(e) = r {
                errors.extend(e.iter().cloned());
            }
        }
        for r in self.plain_pages.values() {
            if let Err(e) = r {
                errors.extend(e.iter().cloned());
            }
        }
        errors
    }

    /// The slow path: the model built again from every parsed file, and every page whose
    /// fingerprint changed rendered.
    fn render(&mut self) -> Result<Outcome> {
        let errors = self.errors();
        let (Ok(config), Ok(LoadedTheme { theme, templates }), true) = (&self.config, &self.theme, errors.is_empty())
        else {
            return Err(content_error(errors));
        };
        let loaded = LoadedContent {
            posts: self
                .posts
                .values()
                .filter_map(|r| r.as_ref().ok())
                .map(|(p, _)| p.clone())
                .collect(),
            municipality_pages: self
                .pages
                .values()
                .filter_map(|r| r.as_ref().ok())
                .map(|(p, _)| p.clone())
                .collect(),
            pages: self
                .plain_pages
                .values()
                .filter_map(|r| r.as_ref().ok())
                .map(|(p, _)| p.clone())
                .collect(),
            errors: Vec::new(),
            post_files: self.posts.len(),
        };
        // Posts dated after now are shown marked as scheduled, so a writer can preview them.
        let selection = Selection {
            drafts: self.drafts,
            future: Future::Preview,
            now: chrono::Utc::now(),
        };
        let prepared = pipeline::prepare_images(&self.root, &loaded, theme, config, Some(&self.image_memo));
        if !prepared.errors.is_empty() {
            return Err(content_error(prepared.errors));
        }
        let site = Site::build(config.clone(), loaded, prepared.images, selection).map_err(content_error)?;

        let (entries, tokens, cache) = self.entries_for(&site, theme);
        let shared = SharedValues::with_post_entries(&site, &theme.translations, entries.clone());
        let renderer = Renderer::with_parts(&site, templates.clone(), shared);
        let jobs = renderer.jobs();
        // What the last `besok build` published and this edit would take away.
        let lost = pipeline::lost_addresses(&self.root, &self.root.join("public"), &site, jobs);
        let outputs = outputs_key(jobs, theme);
        if self.checked_outputs != Some(outputs) {
            pipeline::check_pages(&site, jobs, theme)?;
        }

        let read: Vec<(u64, Vec<Dep>)> = jobs
            .par_iter()
            .map(|j| {
                let inputs = renderer.inputs(j);
                (renderer.fingerprint(j, &inputs, &tokens), inputs.deps().collect())
            })
            .collect();
        let mut dependents = Dependents::default();
        let mut fingerprints = Vec::with_capacity(read.len());
        for (i, (fingerprint, deps)) in read.into_iter().enumerate() {
            dependents.add(i, deps);
            fingerprints.push(fingerprint);
        }
        let full = self.needs_full;
        let todo: Vec<render::PageJob> = jobs
            .iter()
            .zip(&fingerprints)
            .filter(|(job, fp)| full || self.fingerprints.get(&job.file) != Some(fp))
            .map(|(job, _)| job.clone())
            .collect();
        let (pages, search) = render_pages(&renderer, &todo)?;
        // Static photos that posts show are served in their sizes only: when that set changes,
        // the static files are taken again.
        let mut processed_statics: Vec<String> = site
            .images
            .prepared
            .keys()
            .filter_map(|s| match s {
                crate::assets::Source::Static { output } => Some(output.clone()),
                _ => None,
            })
            .collect();
        processed_statics.sort();
        if processed_statics != self.processed_statics {
            self.statics_dirty = true;
        }
        let statics = if self.statics_dirty {
            Some(read_statics(theme, &site.images)?)
        } else {
            None
        };
        let post_files = self.read_post_files(&site.files)?;
        let (tag_entries, municipality_entries) = (
            renderer.shared().tag_entries.clone(),
            renderer.shared().municipality_entries.clone(),
        );
        let jobs = renderer.into_jobs();

        // Everything succeeded: make this the last good build.
        let new_fingerprints: HashMap<String, u64> = jobs.iter().map(|j| j.file.clone()).zip(fingerprints).collect();
        let mut outcome = Outcome {
            full,
            pages: jobs.len(),
            posts: site.posts.len(),
            ..Outcome::default()
        };
        for file in self.fingerprints.keys() {
            if !new_fingerprints.contains_key(file) {
                self.files.remove(file);
                outcome.removed.push(file.clone());
            }
        }
        if let Some(statics) = statics {
            for (rel, bytes) in &statics {
                if self.statics.get(rel) != Some(bytes) {
                    self.files.insert(rel.clone(), bytes.clone());
                    outcome.copied.push(rel.clone());
                }
            }
            for rel in self.statics.keys() {
                if !statics.contains_key(rel) && !new_fingerprints.contains_key(rel) {
                    self.files.remove(rel);
                    outcome.removed.push(rel.clone());
                }
            }
            self.statics = statics;
            self.statics_dirty = false;
            self.processed_statics = processed_statics;
        }
        for (source, old) in self.static_names.iter() {
            let new = theme.static_names.published(source);
            if new != old && new != source {
                outcome.renamed.push((old.to_string(), new.to_string()));
            }
        }
        self.static_names = theme.static_names.clone();
        for (file, (_, _, bytes)) in &post_files {
            if self.post_files.get(file).is_none_or(|(_, _, old)| old != bytes) {
                self.files.insert(file.clone(), bytes.clone());
                outcome.copied.push(file.clone());
            }
        }
        for file in self.post_files.keys() {
            if !post_files.contains_key(file) && !new_fingerprints.contains_key(file) {
                self.files.remove(file);
                outcome.removed.push(file.clone());
            }
        }
        self.post_files = post_files;
        self.store_pages(pages, &mut outcome);
        if search {
            self.search_pending = true;
        }
        outcome.removed.sort();
        outcome.copied.sort();
        self.fingerprints = new_fingerprints;
        self.entries = cache;
        self.checked_outputs = Some(outputs);
        self.needs_full = false;
        let mut warnings = site.warnings.clone();
        warnings.extend(lost);
        warnings.sort();
        outcome.new_warnings = warnings
            .iter()
            .filter(|w| !self.warnings.contains(w))
            .cloned()
            .collect();
        self.warnings = warnings;
        let ids = site
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (p.source.clone(), i))
            .collect();
        self.last = Some(Built {
            site,
            jobs,
            entries,
            tokens,
            ids,
            dependents,
            tag_entries,
            municipality_entries,
        });
        Ok(outcome)
    }

    /// Puts the search index's shards in place of the old ones, and its manifest like a
    /// page: the manifest names every shard by a hash of its content, so it changes whenever
    /// a shard does, and it alone stands for the index in the outcome.
    fn store_search_files(&mut self, outcome: &mut Outcome) {
        let Some(index) = &self.search_index else { return };
        let shards: Vec<&SearchFile> = index.files().filter(|f| f.file != render::SEARCH_INDEX_PATH).collect();
        let new: std::collections::HashSet<&str> = shards.iter().map(|f| f.file.as_str()).collect();
        // A page may have read the manifest just before this swap: the shards it names stay
        // served until the next change of the index. Those of the one before go now.
        let changed =
            self.search_files.len() != new.len() || self.search_files.iter().any(|f| !new.contains(f.as_str()));
        if changed {
            for old in &self.retired_search_files {
                if !new.contains(old.as_str()) {
                    self.files.remove(old);
                }
            }
            self.retired_search_files = self
                .search_files
                .iter()
                .filter(|f| !new.contains(f.as_str()))
                .cloned()
                .collect();
        }
        let mut made = 0;
        for f in &shards {
            // Names are hashes of the content: a name already served has these bytes.
            if !self.files.contains_key(&f.file) {
                self.files.insert(f.file.clone(), f.body.clone());
                made += 1;
            }
        }
        outcome.search_files = Some((made, shards.len()));
        self.search_files = shards.iter().map(|f| f.file.clone()).collect();
        let manifest = index.manifest();
        let before = outcome.changed_pages.len();
        store(&mut self.files, manifest.file.clone(), manifest.body.clone(), outcome);
        if outcome.changed_pages.len() > before {
            if let Ok(config) = &self.config {
                outcome.search_page = Some(format!("{}/index.html", config.search_path));
            }
        }
        outcome.rendered.sort();
        outcome.changed_pages.sort();
    }

    /// Puts rendered pages into the site; pages whose bytes did not change are not counted
    /// as changed, so open pages do not reload for nothing.
    fn store_pages(&mut self, pages: RenderedPages, outcome: &mut Outcome) {
        for (file, html) in pages {
            store(&mut self.files, file, Arc::new(html), outcome);
        }
        outcome.rendered.sort();
        outcome.changed_pages.sort();
    }

    /// The fast path, for edits that leave every changed post in its place in the site (same
    /// URL, date, municipality, ...: [`same_place`]), or move it only between tags the site
    /// has, which is most saves of a post: the model is updated in place, what changed is
    /// named as [`Dep`]s, and the pages that read them (from their declared inputs) are
    /// fingerprinted again and rendered when their fingerprint changed. `None` when the edit is
    /// not of that kind; the caller then takes the slow path.
    fn render_in_place(&mut self, replaced: &[(PathBuf, Option<Parsed<PostSource>>)]) -> Option<Outcome> {
        let (Ok(LoadedTheme { theme, templates }), Some(last)) = (&self.theme, self.last.as_mut()) else {
            return None;
        };
        let mut updates = Vec::new();
        let mut retags = Vec::new();
        for (rel, before) in replaced {
            let (Some(Ok((old, _))), Some(Ok((new, generation)))) = (before, self.posts.get(rel)) else {
                return None;
            };
            // A post read without some of markdown gets a warning, which the model makes.
            if old.content.read_without.is_some() || new.content.read_without.is_some() {
                return None;
            }
            let same = same_place(old, new);
            if !same && !same_place_but_tags(old, new) {
                return None;
            }
            // Other images are made ready with the model (off this path: from the cache).
            let dests = |p: &PostSource| {
                let featured = p.featured.iter().map(|f| f.value.dest.clone());
                p.images
                    .iter()
                    .map(|i| i.value.dest.clone())
                    .chain(featured)
                    .collect::<Vec<_>>()
            };
            if dests(old) != dests(new) {
                return None;
            }
            match last.ids.get(rel) {
                Some(&id) => {
                    if !same {
                        retags.push((id, last.site.existing_tags(id, &old.tags, &new.tags)?));
                    }
                    updates.push((id, new.clone(), *generation));
                }
                // A draft left out stays left out.
                None if same && !self.drafts && new.draft => {}
                None => return None,
            }
        }
        // What the edit changed, as the pages' inputs name it.
        let mut changed: Vec<Dep> = Vec::new();
        // Tags joined or left: the posts move between the tags' lists. A tag whose number of
        // pages changes (or that empties) changes the site's pages: the slow path makes them.
        let per = last.site.config.paginate_by;
        let page_counts =
            |site: &Site| -> Vec<usize> { site.tags.iter().map(|t| Paginator::pages(t.posts.len(), per)).collect() };
        let pages_before = if retags.is_empty() {
            Vec::new()
        } else {
            page_counts(&last.site)
        };
        for (id, ids) in &retags {
            let old = &last.site.posts[*id].tags;
            for &t in old
                .iter()
                .filter(|t| !ids.contains(t))
                .chain(ids.iter().filter(|t| !old.contains(t)))
            {
                changed.push(Dep::List(ListOf::Tag(t)));
            }
            last.site.set_tags(*id, ids.clone());
        }
        if !retags.is_empty()
            && (page_counts(&last.site) != pages_before || last.site.tags.iter().any(|t| t.posts.is_empty()))
        {
            return None;
        }
        let updated: Vec<PostId> = updates.iter().map(|(id, _, _)| *id).collect();
        for (id, source, generation) in updates {
            last.site.posts[id].set_content(source);
            // Its links and images, as the model gives them; a broken one: the slow path says so.
            last.site.resolve_post(id).ok()?;
            let p = &last.site.posts[id];
            let entry = Arc::new(post_entry(&last.site, p, &theme.translations));
            if *entry != *last.entries[id] {
                last.tokens[id].entry = new_token(&entry, generation);
                changed.push(Dep::Entry(id));
            }
            last.tokens[id].full = full_token(last.tokens[id].entry, generation, p.resolved_links);
            changed.push(Dep::Full(id));
            self.entries.insert(
                p.source.clone(),
                CachedEntry {
                    key: entry_key(&last.site, p, generation),
                    value: entry.clone(),
                    token: last.tokens[id].entry,
                },
            );
            last.entries[id] = entry;
        }
        let shared = SharedValues::with_post_entries(&last.site, &theme.translations, last.entries.clone());
        let tags = (0..shared.tag_entries.len()).filter(|&t| shared.tag_entries[t] != last.tag_entries[t]);
        changed.extend(tags.map(|t| Dep::Shared(SharedOf::TagEntry(t))));
        let municipalities = (0..shared.municipality_entries.len())
            .filter(|&m| shared.municipality_entries[m] != last.municipality_entries[m]);
        changed.extend(municipalities.map(|m| Dep::Shared(SharedOf::MunicipalityEntry(m))));
        if changed.iter().any(|d| matches!(d, Dep::Shared(SharedOf::TagEntry(_)))) {
            changed.push(Dep::Shared(SharedOf::Tags));
        }
        if changed
            .iter()
            .any(|d| matches!(d, Dep::Shared(SharedOf::MunicipalityEntry(_))))
        {
            changed.push(Dep::Shared(SharedOf::Municipalities));
        }
        last.tag_entries.clone_from(&shared.tag_entries);
        last.municipality_entries.clone_from(&shared.municipality_entries);
        let renderer = Renderer::with_parts(&last.site, templates.clone(), shared);

        // The pages that read what changed, with their inputs as they are now. A moved post
        // changes which posts a list's pages show, so those pages are recorded again.
        let moved = !retags.is_empty();
        let candidates = last.dependents.of(changed);
        let read: Vec<(usize, u64, Vec<Dep>)> = candidates
            .par_iter()
            .map(|&i| {
                let job = &last.jobs[i];
                let inputs = renderer.inputs(job);
                let deps = if moved { inputs.deps().collect() } else { Vec::new() };
                (i, renderer.fingerprint(job, &inputs, &last.tokens), deps)
            })
            .collect();
        let mut todo: Vec<PageJob> = Vec::new();
        let mut fingerprints: Vec<u64> = Vec::new();
        for (i, fingerprint, deps) in read {
            let job = &last.jobs[i];
            if self.fingerprints.get(&job.file) != Some(&fingerprint) {
                fingerprints.push(fingerprint);
                todo.push(job.clone());
            }
            if moved {
                last.dependents.add(i, deps);
            }
        }
        // A template error on one of these pages: the slow path reports it. The pages' new
        // fingerprints are recorded only once they rendered: recorded before, they would tell
        // the slow path that these pages are up to date, and it would skip them (stale pages
        // served, the error never shown).
        let (pages, search) = render_pages(&renderer, &todo).ok()?;
        for (job, fingerprint) in todo.iter().zip(fingerprints) {
            self.fingerprints.insert(job.file.clone(), fingerprint);
        }
        // A search index still to be made from the last model is made with this edit in it.
        let index = self.search_index.as_mut().filter(|_| !self.search_pending);
        if let (true, Some(index)) = (search, index) {
            let parts: Vec<(PostId, Arc<PostTerms>)> = updated
                .par_iter()
                .map(|&id| (id, Arc::new(render::post_terms(&last.site, &last.entries[id], id))))
                .collect();
            for (id, part) in &parts {
                let entry = (last.tokens[*id].full, part.clone());
                self.search.insert(last.site.posts[*id].source.clone(), entry);
            }
            let posts = last.site.posts.len();
            index.replace(
                parts
                    .into_iter()
                    .map(|(id, part)| (render::post_of_doc(posts, id), part))
                    .collect(),
            );
        }
        let mut outcome = Outcome {
            pages: last.jobs.len(),
            posts: last.site.posts.len(),
            in_place: true,
            ..Outcome::default()
        };
        drop(renderer);
        self.store_pages(pages, &mut outcome);
        if search && !self.search_pending {
            self.store_search_files(&mut outcome);
        }
        Some(outcome)
    }

    /// The list entry and tokens of every post, reusing the previous build's entry of each
    /// post nothing of which changed. Returns the entries, the tokens and the new cache.
    fn entries_for(
        &self,
        site: &Site,
        theme: &Theme,
    ) -> (Vec<Arc<Value>>, Vec<PostTokens>, HashMap<PathBuf, CachedEntry>) {
        let computed: Vec<(Arc<Value>, PostTokens, u64)> = site
            .posts
            .par_iter()
            .map(|p| {
                let generation = match self.posts.get(&p.source) {
                    Some(Ok((_, g))) => *g,
                    _ => 0,
                };
                let key = entry_key(site, p, generation);
                let cached = self.entries.get(&p.source);
                let (value, token) = match cached {
                    Some(c) if c.key == key => (c.value.clone(), c.token),
                    _ => {
                        let value = Arc::new(post_entry(site, p, &theme.translations));
                        let token = match cached {
                            Some(c) if c.value == value => c.token,
                            _ => new_token(&value, generation),
                        };
                        (value, token)
                    }
                };
                let tokens = PostTokens {
                    entry: token,
                    full: full_token(token, generation, p.resolved_links),
                };
                (value, tokens, key)
            })
            .collect();
        let mut values = Vec::with_capacity(computed.len());
        let mut tokens = Vec::with_capacity(computed.len());
        let mut cache = HashMap::with_capacity(computed.len());
        for ((value, t, key), p) in computed.into_iter().zip(&site.posts) {
            cache.insert(
                p.source.clone(),
                CachedEntry {
                    key,
                    value: value.clone(),
                    token: t.entry,
                },
            );
            values.push(value);
            tokens.push(t);
        }
        (values, tokens, cache)
    }
}

/// A post's part of the search index with the full token it was made for.
type SearchEntry = (u64, Arc<PostTerms>);

/// A search index made from cached parts, and the new cache.
type SearchIndexAndCache = (SearchIndex, HashMap<PathBuf, SearchEntry>);

/// Renders `todo` but the search index; and whether the search index was among them.
fn render_pages(renderer: &Renderer, todo: &[PageJob]) -> Result<(RenderedPages, bool)> {
    let (index, others): (Vec<PageJob>, Vec<PageJob>) =
        todo.iter().cloned().partition(|j| j.kind == PageKind::SearchIndex);
    Ok((render_to_memory(renderer, &others)?, !index.is_empty()))
}

/// The search index of `site`, made from the parts in `cache` that are still current and new
/// parts for the rest.
fn search_index_from_parts(
    cache: &HashMap<PathBuf, SearchEntry>,
    site: &Site,
    entries: &[Arc<Value>],
    tokens: &[PostTokens],
) -> SearchIndexAndCache {
    let entries: Vec<(PathBuf, SearchEntry)> = site
        .posts
        .par_iter()
        .enumerate()
        .map(|(id, p)| {
            let token = tokens[id].full;
            let entry = match cache.get(&p.source) {
                // A post's part depends on the post alone (its token), not on its place.
                Some((t, e)) if *t == token => e.clone(),
                _ => Arc::new(render::post_terms(site, &entries[id], id)),
            };
            (p.source.clone(), (token, entry))
        })
        .collect();
    let parts: Vec<Arc<PostTerms>> = entries.iter().map(|(_, (_, e))| e.clone()).collect();
    (render::index_of(site, parts), entries.into_iter().collect())
}

/// Everything a post's list entry is made of, besides config and UI words (whose change
/// empties the cache), hashed: the file as parsed (its generation) and what the model adds.
fn entry_key(site: &Site, p: &Post, generation: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (generation, p.visit_number, p.resolved_links).hash(&mut h);
    if let Some(m) = p.municipality {
        let m = &site.municipalities[m];
        (&m.name, &m.path).hash(&mut h);
    }
    for &t in &p.tags {
        (&site.tags[t].name, &site.tags[t].path).hash(&mut h);
    }
    h.finish()
}

/// What a post's own page shows, as a token: its entry, its file as parsed (`generation`) and
/// where its links to other files lead (`resolved`, which moves when a target's URL does).
fn full_token(entry: u64, generation: u64, resolved: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (entry, generation, resolved).hash(&mut h);
    h.finish()
}

/// A token for an entry that did not exist before or changed: unique to this entry's content
/// in this run (a counter would do too, but this needs no shared state across threads).
fn new_token(value: &Value, generation: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    generation.hash(&mut h);
    value.to_string().hash(&mut h);
    h.finish()
}

/// Every output path of a build (pages, aliases, static files), hashed: what the collision
/// checks look at.
fn outputs_key(jobs: &[PageJob], theme: &Theme) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for job in jobs {
        job.file.hash(&mut h);
    }
    for file in theme.static_files.keys() {
        file.hash(&mut h);
    }
    h.finish()
}

/// Puts one rendered file into the site, counted as changed only when its bytes differ, so
/// open pages do not reload for nothing.
fn store(files: &mut Files, file: String, bytes: FileBytes, outcome: &mut Outcome) {
    outcome.rendered.push(file.clone());
    if files.get(&file).is_some_and(|old| *old == bytes) {
        return;
    }
    outcome.changed_pages.push(file.clone());
    files.insert(file, bytes);
}

/// A post's file as served: where it was read, its modification time then, its bytes.
type PostFile = (PathBuf, Option<std::time::SystemTime>, FileBytes);

impl Incremental {
    /// The bytes of the posts' files (bundle files, image sizes from the cache), reading only
    /// those that are new or changed since the last good build.
    fn read_post_files(&self, files: &[crate::assets::OutputFile]) -> Result<HashMap<String, PostFile>> {
        files
            .par_iter()
            .map(|f| {
                let path = self.root.join(&f.from);
                let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
                let bytes = match self.post_files.get(&f.file) {
                    Some((from, when, bytes)) if *from == path && *when == modified && modified.is_some() => {
                        bytes.clone()
                    }
                    _ => Arc::new(std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?),
                };
                Ok((f.file.clone(), (path, modified, bytes)))
            })
            .collect()
    }
}

/// The bytes of every static file of the theme and the site.
fn read_statics(theme: &Theme, images: &crate::assets::Images) -> Result<HashMap<String, FileBytes>> {
    theme
        .static_files
        .par_iter()
        // A photo posts show is served in its sizes only, as the build publishes it.
        .filter(|(rel, _)| !images.is_processed_static(rel))
        .map(|(rel, source)| {
            let bytes = match source {
                StaticSource::File(path) => std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?,
                StaticSource::BuiltIn { bytes, .. } => bytes.to_vec(),
                StaticSource::Hashed { bytes, .. } => return Ok((rel.clone(), bytes.clone())),
            };
            Ok((rel.clone(), Arc::new(bytes)))
        })
        .collect()
}
