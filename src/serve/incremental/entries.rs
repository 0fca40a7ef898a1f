//! Posts' list entries and the tokens that stand for them in fingerprints: a token changes
//! only when what its post's entry or page shows does, so unchanged posts keep their pages.

use super::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ffi::{OsStr, OsString};

/// The list entry and tokens of every post of `site`, reusing the entry in `cache` of each post
/// nothing of which changed since (`posts`: the parsed files, with their generations), and the
/// generation of each post's file. The cache is updated in place: at 10,000 posts, making it
/// anew copied 10,000 paths while the writer waited.
pub(super) fn entries_for(
    posts: &BTreeMap<PathBuf, Parsed<PostSource>>,
    cache: &mut FxHashMap<OsString, CachedEntry>,
    site: &Site,
    theme: &Theme,
) -> (Vec<Arc<Value>>, Vec<PostTokens>, Vec<u64>) {
    // By a hash of the path's bytes: a BTreeMap of paths compares them component by
    // component, 14 times a lookup, and even hashing a `Path` splits it into components
    // (the two were most of the time of this step at 10,000 posts).
    let generations: FxHashMap<&OsStr, u64> = posts
        .iter()
        .filter_map(|(path, parsed)| parsed.as_ref().ok().map(|(_, g)| (path.as_os_str(), *g)))
        .collect();
    let places = PlaceHashes::of(site);
    let known = &*cache;
    let computed: Vec<(Arc<Value>, PostTokens, Option<CachedEntry>, u64)> = site
        .posts
        .par_iter()
        .map(|p| {
            let generation = generations.get(p.source.as_os_str()).copied().unwrap_or(0);
            let key = entry_key(&places, p, generation);
            let cached = known.get(p.source.as_os_str());
            let (value, token, renewed) = match cached {
                Some(c) if c.key == key => (c.value.clone(), c.token, None),
                _ => {
                    let value = Arc::new(post_entry(site, p, &theme.translations));
                    let token = match cached {
                        Some(c) if c.value == value => c.token,
                        _ => new_token(&value, generation),
                    };
                    let renewed = CachedEntry {
                        key,
                        value: value.clone(),
                        token,
                    };
                    (value, token, Some(renewed))
                }
            };
            let tokens = PostTokens {
                entry: token,
                full: full_token(token, generation, p.resolved_links),
            };
            (value, tokens, renewed, generation)
        })
        .collect();
    let mut values = Vec::with_capacity(computed.len());
    let mut tokens = Vec::with_capacity(computed.len());
    let mut generations_of_posts = Vec::with_capacity(computed.len());
    for ((value, t, renewed, generation), p) in computed.into_iter().zip(&site.posts) {
        if let Some(renewed) = renewed {
            cache.insert(p.source.clone().into_os_string(), renewed);
        }
        values.push(value);
        tokens.push(t);
        generations_of_posts.push(generation);
    }
    // Posts deleted since: their entries go once they are as many as the posts.
    if cache.len() > 2 * site.posts.len() {
        let kept: FxHashSet<&OsStr> = site.posts.iter().map(|p| p.source.as_os_str()).collect();
        cache.retain(|path, _| kept.contains(path.as_os_str()));
    }
    (values, tokens, generations_of_posts)
}

/// A hash of each tag's and municipality's name and address, made once per rebuild: every
/// post's [`entry_key`] takes its tags' and municipality's from here instead of hashing their
/// text again.
pub(super) struct PlaceHashes {
    tags: Vec<u64>,
    municipalities: Vec<u64>,
}

impl PlaceHashes {
    pub(super) fn of(site: &Site) -> PlaceHashes {
        let hash = |name: &str, path: &str| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (name, path).hash(&mut h);
            h.finish()
        };
        PlaceHashes {
            tags: site.tags.iter().map(|t| hash(&t.name, &t.path)).collect(),
            municipalities: site.municipalities.iter().map(|m| hash(&m.name, &m.path)).collect(),
        }
    }
}

/// Everything a post's list entry is made of, besides config and UI words (whose change
/// empties the cache), hashed: the file as parsed (its generation) and what the model adds.
pub(super) fn entry_key(places: &PlaceHashes, p: &Post, generation: u64) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (generation, p.visit_number, p.resolved_links).hash(&mut h);
    if let Some(m) = p.municipality {
        places.municipalities[m].hash(&mut h);
    }
    for &t in &p.tags {
        places.tags[t].hash(&mut h);
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
