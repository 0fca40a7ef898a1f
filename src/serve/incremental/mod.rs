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
//! - in place (`Incremental::update_in_place`, `in_place.rs`): the edited posts keep their place in the
//!   site (same URL, date, municipality, ...; tags may change to other tags the site has), so
//!   the last model is updated, the pages to render are read off it, and the search index
//!   replaces those posts' parts;
//! - the model rebuilt (`Incremental::rebuild_model_and_render`, `rebuilt.rs`) from every parsed file (nothing is read again),
//!   every page's fingerprint compared; the search index is then left for
//!   [`Incremental::finish_search`], which the server calls once the pages are served.
//!
//! Config, templates and UI words are inputs of every page: a change to one re-renders all.
//! A static file change only re-reads the static files.

use super::site_state::{FileBytes, Files, PendingPages};
use super::watch::{is_content_folder, Changes};
use crate::config::Config;
use crate::content::{self, LoadedContent, MunicipalityPage, PageSource, PostSource};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::Typography;
use crate::model::{same_place, same_place_but_tags, Future, KeptPost, Post, PostId, Selection, Site};
use crate::pipeline::{self, content_error, LoadedTheme, RenderedPages};
use crate::render::{
    self, post_entry, Dep, Dependents, ListOf, PageInputs, PageJob, PageKind, Paginator, PostTerms, PostTokens,
    Renderer, SearchFile, SearchIndex, SharedOf, SharedValues,
};
use crate::static_names::StaticSource;
use crate::theme::Theme;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A parsed file with the generation it was parsed in, or what is wrong with it.
type Parsed<T> = std::result::Result<(T, u64), Vec<Diagnostic>>;

mod entries;
mod in_place;
mod outcome;
mod post_files;
mod rebuilt;
mod spare;

use entries::{entries_for, entry_key, full_token, new_token, PlaceHashes};
pub use outcome::Outcome;
use post_files::PostFiles;
pub use rebuilt::FirstPages;
use rebuilt::{
    hand_over_first, render_pages, search_index_from_parts, split_first, store_pages, PageRead, PageToRender,
    SearchEntry,
};
use spare::{keeping_index, posts_for_model, Keep, PostsForModel, Spare};

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
    /// A copy of each parsed post that the next model cannot keep as it is ([`Keep::No`], or
    /// not in the site), by its generation, made after a model rebuild served its pages: the
    /// next rebuild's model takes these instead of copying posts while the writer waits. A
    /// post parsed again since has a new generation and is copied then.
    post_copies: HashMap<u64, Box<PostSource>>,
    pages: BTreeMap<PathBuf, Parsed<MunicipalityPage>>,
    /// Plain pages (`content/pages/`). An edit of one takes the slow path: pages are few, and
    /// one moved or renamed changes the navigation of every page.
    plain_pages: BTreeMap<PathBuf, Parsed<PageSource>>,
    walk_errors: Vec<Diagnostic>,
    next_generation: u64,
    entries: rustc_hash::FxHashMap<std::ffi::OsString, CachedEntry>,
    /// Fingerprint of every page of the last good build, by file.
    fingerprints: HashMap<String, u64>,
    /// Static files of the last good build.
    statics: HashMap<String, FileBytes>,
    /// The published names of the stylesheets and scripts of the last good build.
    static_names: crate::static_names::StaticNames,
    /// The posts' own files and image sizes of the last good build: where each came from and
    /// when that was changed, so an unchanged one is not read again.
    post_files: PostFiles,
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
    /// The posts of a model rebuild that failed, for the next one to keep (see [`Spare`]).
    spare: Option<Spare>,
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
    /// Posts edited in place whose parts of the search index are to be replaced, after their
    /// pages are served: a few milliseconds a post that the browser need not wait for.
    search_updates: Vec<PostId>,
    /// [`outputs_key`] of the last build whose output paths were checked for collisions: the
    /// checks pass again while no page, alias or static file comes or goes.
    checked_outputs: Option<u64>,
    /// What the last `besok build` published: each rebuild warns of an address it would lose.
    published_before: crate::output::PublishedBefore,
}

/// The last good build's model and what was made of it, kept for the fast path.
struct Built {
    site: Site,
    jobs: Vec<PageJob>,
    entries: Vec<Arc<Value>>,
    tokens: Vec<PostTokens>,
    /// As [`Spare::ids`].
    ids: rustc_hash::FxHashMap<std::ffi::OsString, PostId>,
    /// As [`Spare::keepable`]; an edit in place keeps it up to date.
    keepable: Vec<Keep>,
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
            post_copies: HashMap::new(),
            pages: BTreeMap::new(),
            plain_pages: BTreeMap::new(),
            walk_errors: Vec::new(),
            next_generation: 1,
            entries: Default::default(),
            fingerprints: HashMap::new(),
            statics: HashMap::new(),
            static_names: Default::default(),
            post_files: PostFiles::default(),
            image_memo: pipeline::image_memo(root),
            processed_statics: Vec::new(),
            files: Files::new(),
            needs_full: true,
            statics_dirty: true,
            warnings: Vec::new(),
            last: None,
            spare: None,
            search: HashMap::new(),
            search_index: None,
            search_files: Vec::new(),
            retired_search_files: Vec::new(),
            search_pending: false,
            search_updates: Vec::new(),
            checked_outputs: None,
            published_before: Default::default(),
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

    /// Whether the search index is still to be made (or updated) for the pages now built.
    pub fn search_pending(&self) -> bool {
        self.search_pending || !self.search_updates.is_empty()
    }

    /// Makes the search index of the last good build when a rebuild left it to do: at 10,000
    /// posts that takes longer than all pages an edit changes, so the server swaps in and
    /// announces the pages first and calls this after (unless more edits are waiting). Until
    /// then the previous index is served whole: its manifest and every shard it names.
    pub fn finish_search(&mut self) -> Option<Outcome> {
        if !self.search_pending {
            return self.update_search_in_place();
        }
        self.search_updates.clear();
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

    /// Replaces the parts of the search index of the posts edited in place since it was made.
    fn update_search_in_place(&mut self) -> Option<Outcome> {
        if self.search_updates.is_empty() {
            return None;
        }
        let started = Instant::now();
        let mut updated = std::mem::take(&mut self.search_updates);
        updated.sort_unstable();
        updated.dedup();
        let last = self.last.as_ref()?;
        let index = self.search_index.as_mut()?;
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
        let mut outcome = Outcome {
            pages: last.jobs.len(),
            posts,
            in_place: true,
            search_step: true,
            ..Outcome::default()
        };
        self.store_search_files(&mut outcome);
        outcome.elapsed = started.elapsed();
        Some(outcome)
    }

    /// Applies `changes` and renders what they affect. On error the last good build stays.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Outcome> {
        let mut served_first: Option<Outcome> = None;
        let later = self.rebuild_serving_first(changes, &mut |first| served_first = Some(first.outcome.clone()))?;
        Ok(match served_first {
            Some(mut outcome) => {
                let elapsed = later.elapsed;
                outcome.more_to_come = false;
                outcome.merge(later);
                outcome.elapsed = elapsed;
                outcome
            }
            None => later,
        })
    }

    /// [`Incremental::rebuild`], handing the pages the writer looks at to `first` as soon as
    /// they are made, when other pages are still to render (see [`FirstPages`]). On an error
    /// after that, those first pages stay and the error is returned.
    pub fn rebuild_serving_first(&mut self, changes: &Changes, first: &mut dyn FnMut(FirstPages)) -> Result<Outcome> {
        let started = Instant::now();
        let (changes, bundle_files) = self.bundle_changes(changes);
        let changes = &changes;
        let fast = self.last.is_some() && changes.only_posts() && !self.needs_full && !bundle_files;
        let replaced = self.read_changes(changes);
        let mut outcome = match fast.then(|| self.update_in_place(&replaced, started, first)).flatten() {
            Some(outcome) => outcome,
            None => {
                // Whatever fails, the next rebuild starts from a fresh model, keeping the posts
                // it can (see `Keep`). The rest of the old model is freed once the writer's pages
                // are served: at 10,000 posts that takes milliseconds on a core the new model's
                // making needs.
                let mut old = self.last.take();
                let spare = old.as_mut().map(Built::spare).or_else(|| self.spare.take());
                let edited: Vec<PathBuf> = changes.posts.iter().cloned().collect();
                let outcome = self.rebuild_model_and_render(spare, &edited, started, first);
                drop(old);
                outcome?
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
        let listed: std::collections::HashSet<&PathBuf> = post_files.posts.iter().collect();
        self.posts.retain(|k, _| listed.contains(k));
        self.pages.retain(|k, _| page_files.contains(k));
        self.plain_pages.retain(|k, _| plain_files.contains(k));
        let stale = |rel: &PathBuf, known: bool| all || !known || changes.touches(rel);
        let to_read: Vec<&PathBuf> = post_files
            .posts
            .iter()
            .filter(|rel| stale(rel, self.posts.contains_key(*rel)))
            .collect();
        let root = &self.root;
        let parsed: Vec<(PathBuf, std::result::Result<PostSource, Vec<Diagnostic>>)> = to_read
            .into_par_iter()
            .map(|rel| {
                let r = content::read_listed_post(root, rel, post_files.bundle_of(rel), reading, None);
                (rel.clone(), r)
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
}
