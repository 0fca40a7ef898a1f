//! Posts' list entries and the tokens that stand for them in fingerprints: a token changes
//! only when what its post's entry or page shows does, so unchanged posts keep their pages.

use super::*;

impl Incremental {
    /// The list entry and tokens of every post, reusing the previous build's entry of each
    /// post nothing of which changed. Returns the entries, the tokens and the new cache.
    pub(super) fn entries_for(
        &self,
        site: &Site,
        theme: &Theme,
    ) -> (Vec<Arc<Value>>, Vec<PostTokens>, HashMap<PathBuf, CachedEntry>) {
        // By hash: a BTreeMap of paths compares them component by component, 14 times a
        // lookup, which was most of the time of this step at 10,000 posts.
        let generations: HashMap<&Path, u64> = self
            .posts
            .iter()
            .filter_map(|(path, parsed)| parsed.as_ref().ok().map(|(_, g)| (path.as_path(), *g)))
            .collect();
        let computed: Vec<(Arc<Value>, PostTokens, u64)> = site
            .posts
            .par_iter()
            .map(|p| {
                let generation = generations.get(p.source.as_path()).copied().unwrap_or(0);
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

/// Everything a post's list entry is made of, besides config and UI words (whose change
/// empties the cache), hashed: the file as parsed (its generation) and what the model adds.
pub(super) fn entry_key(site: &Site, p: &Post, generation: u64) -> u64 {
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
pub(super) fn full_token(entry: u64, generation: u64, resolved: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (entry, generation, resolved).hash(&mut h);
    h.finish()
}

/// A token for an entry that did not exist before or changed: unique to this entry's content
/// in this run (a counter would do too, but this needs no shared state across threads).
pub(super) fn new_token(value: &Value, generation: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    generation.hash(&mut h);
    value.to_string().hash(&mut h);
    h.finish()
}
