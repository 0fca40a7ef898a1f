//! The slow path: the model built again from every parsed file (nothing is read again), every
//! page's fingerprint compared and the changed pages rendered; and what both paths share to
//! render pages and store what they made.

use super::*;

impl Incremental {
    /// The slow path: the model built again from every parsed file, and every page whose
    /// fingerprint changed rendered.
    ///
    /// When posts were edited (`edited`, their files) and other pages changed too, the edited
    /// posts' pages and the home page are rendered first and handed to `first` with everything
    /// else of the new build (removed files, new photos) while the other changed pages are
    /// rendered: at 10,000 posts a new post shifts over a thousand listing pages, and the
    /// writer looks at one page.
    pub(super) fn rebuild_model_and_render(
        &mut self,
        spare: Option<Spare>,
        edited: &[PathBuf],
        started: Instant,
        first: &mut dyn FnMut(FirstPages),
    ) -> Result<Outcome> {
        let errors = self.errors();
        let (Ok(config), Ok(loaded_theme @ LoadedTheme { theme, templates, .. }), true) =
            (&self.config, &self.theme, errors.is_empty())
        else {
            self.spare = spare;
            return Err(content_error(errors));
        };
        let full = self.needs_full;
        let mut copies = std::mem::take(&mut self.post_copies);
        let PostsForModel {
            parsed,
            kept,
            with_bundles,
            not_kept,
            images: spare_images,
        } = posts_for_model(&self.posts, spare, &mut copies, full);
        let loaded = LoadedContent {
            posts: parsed,
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
        // Only the posts made again have their photos looked at; the kept ones take theirs
        // from the last build (their bundles did not change: a changed file of a bundle is a
        // new parse of its post).
        let mut prepared = pipeline::prepare_images(&self.root, &loaded, loaded_theme, config, &self.image_memo);
        if !prepared.errors.is_empty() {
            return Err(content_error(prepared.errors));
        }
        if let Some(mut older) = spare_images {
            let newer = std::mem::take(&mut prepared.images);
            older.keep_posts_and_add(&with_bundles, newer);
            prepared.images = older;
        }
        let built = Site::build_keeping(
            config.clone(),
            loaded,
            kept,
            prepared.images,
            loaded_theme.shortcodes.clone(),
            selection,
        );
        let mut site = match built {
            Ok(site) => site,
            Err(problems) => {
                // Its posts are of the files as they are now: the fix keeps them.
                let generation_of = |p: &Post| Some(self.posts.get(&p.source)?.as_ref().ok()?.1);
                let generations = problems.posts.iter().map(|p| generation_of(p)).collect();
                self.spare = Some(Spare::of_failed(problems.posts, generations));
                return Err(content_error(problems.errors));
            }
        };
        pipeline::with_theme_warnings(&mut site, theme);

        // The site's pages, checked, beside the posts' list entries: each side has long
        // stretches on one core (listing 16,000 pages at 10,000 posts), which the other fills.
        let before = self.published_before.current(&self.root.join("public"));
        let (posts, entries_cache, root, checked_outputs, known) = (
            &self.posts,
            &mut self.entries,
            &self.root,
            self.checked_outputs,
            &self.fingerprints,
        );
        let ((jobs, lost, outputs, checked, gone), (tokens, generations, shared)) = rayon::join(
            || {
                let jobs = render::jobs(&site);
                // What the last `besok build` published and this edit would take away.
                let lost = pipeline::lost_addresses(root, &before, &site, &jobs);
                let outputs = outputs_key(&jobs, theme);
                let (checked, gone) = match checked_outputs == Some(outputs) {
                    // The same paths as the last build's: none is gone.
                    true => (Ok(()), Vec::new()),
                    false => (pipeline::check_pages(&site, &jobs, theme), pages_gone(known, &jobs)),
                };
                (jobs, lost, outputs, checked, gone)
            },
            || {
                let (entries, tokens, generations) = entries_for(posts, entries_cache, &site, theme);
                let shared = SharedValues::with_post_entries(&site, &theme.translations, entries);
                (tokens, generations, shared)
            },
        );
        checked?;
        let renderer = Renderer::with_parts(&site, templates.clone(), shared).with_jobs(jobs);
        let jobs = renderer.jobs();

        // The pages the writer looks at (the edited posts' own, the home page) are rendered and
        // served before any page's fingerprint is made: at 10,000 posts fingerprinting every
        // page takes 30 ms, and rendering the pages a new post shifts 150 ms more.
        let first_todo: Vec<PageToRender> = if full {
            Vec::new()
        } else {
            jobs.par_iter()
                .filter(|job| serves_first(job, &site, edited))
                .map(|job| (job.clone(), renderer.inputs(job)))
                .collect()
        };
        let pages = render_pages(&renderer, &first_todo)?;
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

        // Everything succeeded: make this the last good build.
        let mut outcome = Outcome {
            full,
            pages: jobs.len(),
            posts: site.posts.len(),
            ..Outcome::default()
        };
        for file in gone {
            self.files.remove(&file);
            outcome.removed.push(file);
        }
        if let Some(statics) = statics {
            let job_files = files_of(jobs);
            for (rel, bytes) in &statics {
                if self.statics.get(rel) != Some(bytes) {
                    self.files.insert(rel.clone(), bytes.clone());
                    outcome.copied.push(rel.clone());
                }
            }
            for rel in self.statics.keys() {
                if !statics.contains_key(rel) && !job_files.contains(rel.as_str()) {
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
        // The edited posts' own files (a new photo's sizes) are served with their pages; the
        // other posts' are gathered after those are served (30,000 files at 10,000 photos).
        let edited_posts = site.posts.iter().filter(|p| is_edited(&p.source, edited));
        self.post_files
            .serve_files_of(&self.root, edited_posts, &mut self.files, &mut outcome)?;
        store_pages(&mut self.files, pages, &mut outcome);
        outcome.removed.sort();
        outcome.copied.sort();
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
        let served_first: HashSet<&str> = first_todo.iter().map(|(job, _)| job.file.as_str()).collect();
        if !served_first.is_empty() {
            // Every other page may be one of those that changed: each is pending until the
            // pages that did are rendered. Should that fail, `self.fingerprints` still holds
            // the previous build's, so the next rebuild renders them (the first ones too).
            let pending = jobs
                .iter()
                .map(|j| j.file.as_str())
                .filter(|file| !served_first.contains(file))
                .collect();
            hand_over_first(&mut outcome, &self.files, pending, started, first);
        }
        // The last model's posts not kept, freed once the writer's pages are served.
        drop(not_kept);
        let job_files = files_of(jobs);
        self.post_files
            .update(&self.root, &site, &mut self.files, &job_files, &mut outcome)?;
        outcome.removed.sort();
        outcome.copied.sort();

        // Each page's inputs are made once: for its fingerprint and dependencies, and, when the
        // fingerprint changed, to render it.
        let known = &self.fingerprints;
        let read: Vec<PageRead> = jobs
            .par_iter()
            .map(|job| {
                let inputs = renderer.inputs(job);
                let fingerprint = renderer.fingerprint(job, &inputs, &tokens);
                let deps = inputs.deps().collect();
                let changed =
                    !served_first.contains(job.file.as_str()) && (full || known.get(&job.file) != Some(&fingerprint));
                PageRead {
                    fingerprint,
                    deps,
                    to_render: changed.then(|| (job.clone(), inputs)),
                }
            })
            .collect();
        let mut dependents = Dependents::default();
        let mut fingerprints = Vec::with_capacity(read.len());
        let mut todo = Vec::new();
        for (i, page) in read.into_iter().enumerate() {
            dependents.add(i, page.deps);
            fingerprints.push(page.fingerprint);
            todo.extend(page.to_render);
        }
        let search = todo.iter().any(|(job, _)| job.kind == PageKind::SearchIndex);
        let pages = render_pages(&renderer, &todo)?;
        store_pages(&mut self.files, pages, &mut outcome);
        self.fingerprints = jobs.iter().map(|j| j.file.clone()).zip(fingerprints).collect();
        // Post ids may have moved: parts waiting to be replaced are made with the whole index.
        if search || !self.search_updates.is_empty() {
            self.search_pending = true;
            self.search_updates.clear();
        }
        // These borrow the renderer's jobs, which the model keeps.
        drop((served_first, job_files));
        drop(first_todo);
        // The values every page read, kept for the next edit: moved, not copied (10,000 posts'
        // entries).
        let (jobs, shared) = renderer.into_jobs_and_shared();
        let SharedValues {
            post_entries: entries,
            tag_entries,
            municipality_entries,
            ..
        } = shared;
        let generations = generations.into_iter().map(Some).collect();
        let (ids, keepable) = keeping_index(&site.posts, generations, Some(&site.images));
        self.last = Some(Built {
            site,
            jobs,
            entries,
            tokens,
            ids,
            keepable,
            dependents,
            tag_entries,
            municipality_entries,
        });
        // Copies for the next rebuild of the posts it cannot keep, made now that the pages
        // are served; those left of the last ones are of posts parsed again since, freed off
        // the rebuild thread.
        std::thread::spawn(move || drop(copies));
        let last = self.last.as_ref().expect("just made");
        self.post_copies = self
            .posts
            .par_iter()
            .filter_map(|(path, r)| r.as_ref().ok().map(|parsed| (path, parsed)))
            .filter(|(path, _)| {
                last.ids
                    .get(path.as_os_str())
                    .is_none_or(|&id| last.keepable[id] == Keep::No)
            })
            .map(|(_, (p, generation))| (*generation, Box::new(p.clone())))
            .collect();
        Ok(outcome)
    }

    /// Puts the search index's shards in place of the old ones, and its manifest like a
    /// page: the manifest names every shard by a hash of its content, so it changes whenever
    /// a shard does, and it alone stands for the index in the outcome.
    pub(super) fn store_search_files(&mut self, outcome: &mut Outcome) {
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
}

/// A page to render, with what its template reads.
pub(super) type PageToRender<'a> = (PageJob, PageInputs<'a>);

/// Whether `job` is a page the writer looks at when `edited` posts were saved: their own pages
/// and the home page, rendered and served before the other pages.
pub(super) fn serves_first(job: &PageJob, site: &Site, edited: &[PathBuf]) -> bool {
    !edited.is_empty()
        && match job.kind {
            PageKind::Post(id) => is_edited(&site.posts[id].source, edited),
            PageKind::Home(1) => true,
            _ => false,
        }
}

/// Whether the post of the file `source` is one of `edited`. By the paths' bytes: comparing
/// `Path`s splits them into components, and this is asked of every post.
fn is_edited(source: &Path, edited: &[PathBuf]) -> bool {
    edited.iter().any(|e| e.as_os_str() == source.as_os_str())
}

/// Splits the pages to render into those the writer looks at, rendered and served first
/// ([`serves_first`]), and the rest; the search index stays with the rest.
pub(super) fn split_first<'a>(
    todo: Vec<PageToRender<'a>>,
    site: &Site,
    edited: &[PathBuf],
) -> (Vec<PageToRender<'a>>, Vec<PageToRender<'a>>) {
    let (first, rest): (Vec<_>, Vec<_>) = todo.into_iter().partition(|(job, _)| serves_first(job, site, edited));
    if first.is_empty() {
        (rest, Vec::new())
    } else {
        (first, rest)
    }
}

/// Hands what a rebuild made so far to `first` (see [`FirstPages`]), and starts the outcome of
/// its step that renders the rest.
pub(super) fn hand_over_first(
    outcome: &mut Outcome,
    files: &Files,
    pending: PendingPages,
    started: Instant,
    first: &mut dyn FnMut(FirstPages),
) {
    outcome.more_to_come = true;
    outcome.elapsed = started.elapsed();
    first(FirstPages {
        outcome,
        files,
        pending: Arc::new(pending),
    });
    *outcome = Outcome {
        pages: outcome.pages,
        posts: outcome.posts,
        in_place: outcome.in_place,
        ..Outcome::default()
    };
}

/// What a rebuild serves before it renders the rest of the pages it changes.
pub struct FirstPages<'a> {
    /// What the rebuild did so far: the first pages, and every file it removed or copied.
    pub outcome: &'a Outcome,
    pub files: &'a Files,
    /// Pages still to render, whose bytes in `files` are those of the build before (or missing,
    /// for a new page): a request for one is answered once the rebuild returns. Made as the
    /// set the server keeps with the snapshot, so it is not copied again.
    pub pending: Arc<PendingPages>,
}

/// A post's part of the search index with the full token it was made for.
pub(super) type SearchEntry = (u64, Arc<PostTerms>);

/// A search index made from cached parts, and the new cache.
type SearchIndexAndCache = (SearchIndex, HashMap<PathBuf, SearchEntry>);

/// One page as a rebuild read it: its fingerprint, what it reads, and, when its fingerprint
/// changed, its job and inputs to render it with.
pub(super) struct PageRead<'a> {
    pub(super) fingerprint: u64,
    pub(super) deps: Vec<Dep>,
    pub(super) to_render: Option<(PageJob, PageInputs<'a>)>,
}

/// Renders `todo` but the search index, which is made whole from every post's part after
/// the pages are served ([`Incremental::finish_search`]).
pub(super) fn render_pages(renderer: &Renderer, todo: &[PageToRender]) -> Result<RenderedPages> {
    let pages: Vec<&PageToRender> = todo
        .iter()
        .filter(|(job, _)| job.kind != PageKind::SearchIndex)
        .collect();
    pipeline::render_inputs_to_memory(renderer, &pages)
}

/// The search index of `site`, made from the parts in `cache` that are still current and new
/// parts for the rest.
pub(super) fn search_index_from_parts(
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

/// The files of the last build's pages (`known`, by their fingerprints) that none of `jobs`
/// makes any more: those the server stops serving.
fn pages_gone(known: &HashMap<String, u64>, jobs: &[PageJob]) -> Vec<String> {
    let files = files_of(jobs);
    known
        .keys()
        .filter(|file| !files.contains(file.as_str()))
        .cloned()
        .collect()
}

/// The file of each of `jobs`, to look up.
fn files_of(jobs: &[PageJob]) -> rustc_hash::FxHashSet<&str> {
    jobs.iter().map(|j| j.file.as_str()).collect()
}

/// Every output path of a build (pages, aliases, static files), hashed: what the collision
/// checks look at. In any order: a re-dated post moves its page among the jobs, not its path.
pub(super) fn outputs_key(jobs: &[PageJob], theme: &Theme) -> u64 {
    use std::hash::BuildHasher as _;
    // Fx: 16,000 paths at 10,000 posts, and no one chooses them to collide.
    let hash = |file: &String| rustc_hash::FxBuildHasher.hash_one(file);
    let pages = jobs.iter().map(|job| hash(&job.file)).fold(0u64, u64::wrapping_add);
    let statics = theme.static_files.keys().map(hash).fold(0u64, u64::wrapping_add);
    pages ^ statics.rotate_left(1) ^ (jobs.len() as u64)
}

/// Puts rendered pages into the site; pages whose bytes did not change are not counted as
/// changed, so open pages do not reload for nothing.
pub(super) fn store_pages(files: &mut Files, pages: RenderedPages, outcome: &mut Outcome) {
    for (file, html) in pages {
        store(files, file, Arc::new(html), outcome);
    }
    outcome.rendered.sort();
    outcome.changed_pages.sort();
}

/// Puts one rendered file into the site, counted as changed only when its bytes differ, so
/// open pages do not reload for nothing.
pub(super) fn store(files: &mut Files, file: String, bytes: FileBytes, outcome: &mut Outcome) {
    outcome.rendered.push(file.clone());
    if files.get(&file).is_some_and(|old| *old == bytes) {
        return;
    }
    outcome.changed_pages.push(file.clone());
    files.insert(file, bytes);
}

/// The bytes of every static file of the theme and the site.
pub(super) fn read_statics(theme: &Theme, images: &crate::assets::Images) -> Result<HashMap<String, FileBytes>> {
    images
        .published_statics(&theme.static_files)
        .par_iter()
        .map(|&(rel, source)| {
            let bytes = match source {
                StaticSource::File(path) => std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?,
                StaticSource::BuiltIn { bytes, .. } => bytes.to_vec(),
                StaticSource::Hashed { bytes, .. } => return Ok((rel.clone(), bytes.clone())),
            };
            Ok((rel.clone(), Arc::new(bytes)))
        })
        .collect()
}
