//! The fast path: the edited posts keep their place in the site (same URL, date,
//! municipality, ...; tags may change to other tags the site has), so the last model is
//! updated, the pages that read what changed are fingerprinted again and rendered where it
//! changed, and the search index replaces those posts' parts.

use super::*;

impl Incremental {
    /// The fast path, for edits that leave every changed post in its place in the site (same
    /// URL, date, municipality, ...: [`same_place`]), or move it only between tags the site
    /// has, which is most saves of a post: the model is updated in place, what changed is
    /// named as [`Dep`]s, and the pages that read them (from their declared inputs) are
    /// fingerprinted again and rendered when their fingerprint changed. `None` when the edit is
    /// not of that kind; the caller then takes the slow path.
    pub(super) fn update_in_place(
        &mut self,
        replaced: &[(PathBuf, Option<Parsed<PostSource>>)],
        started: Instant,
        first: &mut dyn FnMut(FirstPages),
    ) -> Option<Outcome> {
        let (Ok(LoadedTheme { theme, templates, .. }), Some(last)) = (&self.theme, self.last.as_mut()) else {
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
            match last.ids.get(rel.as_os_str()) {
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
        let places = PlaceHashes::of(&last.site);
        for (id, source, generation) in updates {
            last.site.posts[id].set_content(source);
            // Its links and images, as the model gives them; a broken one: the slow path says so.
            last.site.resolve_post(id).ok()?;
            let p = &last.site.posts[id];
            // Only now is the post as the model would make it: until then, it keeps the
            // generation it had, so the slow path makes it again (and reports its mistake).
            last.keepable[id] = Keep::of(p, Some(generation), Some(&last.site.images));
            let entry = Arc::new(post_entry(&last.site, p, &theme.translations));
            if *entry != *last.entries[id] {
                last.tokens[id].entry = new_token(&entry, generation);
                changed.push(Dep::Entry(id));
            }
            last.tokens[id].full = full_token(last.tokens[id].entry, generation, p.resolved_links);
            changed.push(Dep::Full(id));
            self.entries.insert(
                p.source.clone().into_os_string(),
                CachedEntry {
                    key: entry_key(&places, p, generation),
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
        let known = &self.fingerprints;
        let read: Vec<(usize, PageRead)> = candidates
            .par_iter()
            .map(|&i| {
                let job = &last.jobs[i];
                let inputs = renderer.inputs(job);
                let deps = if moved { inputs.deps().collect() } else { Vec::new() };
                let fingerprint = renderer.fingerprint(job, &inputs, &last.tokens);
                let changed = known.get(&job.file) != Some(&fingerprint);
                let to_render = changed.then(|| (job.clone(), inputs));
                (
                    i,
                    PageRead {
                        fingerprint,
                        deps,
                        to_render,
                    },
                )
            })
            .collect();
        let mut todo = Vec::new();
        let mut fingerprints: HashMap<String, u64> = HashMap::new();
        for (i, page) in read {
            if let Some((job, _)) = &page.to_render {
                fingerprints.insert(job.file.clone(), page.fingerprint);
            }
            todo.extend(page.to_render);
            if moved {
                last.dependents.add(i, page.deps);
            }
        }
        // A template error on one of these pages: the slow path reports it. The pages' new
        // fingerprints are recorded only once they rendered: recorded before, they would tell
        // the slow path that these pages are up to date, and it would skip them (stale pages
        // served, the error never shown).
        let search = todo.iter().any(|(job, _)| job.kind == PageKind::SearchIndex);
        let edited: Vec<PathBuf> = replaced.iter().map(|(rel, _)| rel.clone()).collect();
        let (todo, rest) = split_first(todo, &last.site, &edited);
        let mut outcome = Outcome {
            pages: last.jobs.len(),
            posts: last.site.posts.len(),
            in_place: true,
            ..Outcome::default()
        };
        let record = |fingerprints_of: &mut HashMap<String, u64>, todo: &[PageToRender]| {
            for (job, _) in todo {
                if let Some(fingerprint) = fingerprints.get(&job.file) {
                    fingerprints_of.insert(job.file.clone(), *fingerprint);
                }
            }
        };
        let pages = render_pages(&renderer, &todo).ok()?;
        record(&mut self.fingerprints, &todo);
        store_pages(&mut self.files, pages, &mut outcome);
        if !rest.is_empty() {
            // The edited post's page first; the lists it moved in after.
            let pending = rest.iter().map(|(job, _)| job.file.as_str()).collect();
            hand_over_first(&mut outcome, &self.files, pending, started, first);
            let pages = render_pages(&renderer, &rest).ok()?;
            record(&mut self.fingerprints, &rest);
            store_pages(&mut self.files, pages, &mut outcome);
        }
        // The edited posts' parts of the search index are replaced after the pages are served
        // (`finish_search`); a whole index still to be made has this edit in it anyway.
        if search && !self.search_pending {
            self.search_updates.extend(updated);
        }
        Some(outcome)
    }
}
