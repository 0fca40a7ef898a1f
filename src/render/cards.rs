//! Post cards: how a theme shows one post in a list, made once per post and build however
//! many lists show it.
//!
//! A post is listed on the home pages, on a page of each of its tags, on its municipality's
//! timeline and in the archive: rendering its card with a macro on each of those pages renders
//! the same HTML four or five times, and on a site of long summaries that was most of the time
//! spent in templates. A theme that puts a card in `templates/cards/NAME.html` gets it instead as
//! `post.cards.NAME` on every post of every list (`posts` of the home, tag and archive pages,
//! `visits` of a municipality's page) and on every post entry a page gets (a post page's
//! neighbours, an alias page's `post`). `besok build` renders every post's cards before the
//! pages, into its entry; `besok serve` the first time a page shows the post. A card's only
//! data is `post` (the list entry) and what every page gets and no page changes (`t`, `config`,
//! `coverage`, `lang`: the renderer's base context), so it is the same wherever it is shown.
//!
//! The cards are kept by the [`super::Renderer`], which holds one version of the site: `besok
//! serve` makes a new one for each edit, and re-renders every page when a template changes.

use super::{Renderer, Templates};
use crate::diagnostics::Diagnostic;
use crate::model::PostId;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::sync::{Arc, OnceLock};

/// The folder of card templates, inside `templates/`.
const CARDS_DIR: &str = "cards/";
/// The key of a listed post's cards: `post.cards.NAME`.
pub const CARDS_KEY: &str = "cards";

/// The theme's card templates, and each post's list entry with its cards once made (when its
/// entry does not hold them: see [`Cards::put_into_entries`]).
pub struct Cards {
    /// `(key in post.cards, template name)`, in name order.
    kinds: Vec<(String, String)>,
    listed: Vec<OnceLock<Result<Arc<Value>, Diagnostic>>>,
}

impl Cards {
    /// The cards of a theme for a site of `posts` posts. A theme whose other templates never
    /// read `.cards` gets none made (a site's own `index.html` over the built-in theme's cards).
    pub fn new(templates: &Templates, posts: usize) -> Cards {
        let read = templates
            .files()
            .any(|(name, source)| !name.starts_with(CARDS_DIR) && source.contains(".cards"));
        if !read {
            return Cards {
                kinds: Vec::new(),
                listed: Vec::new(),
            };
        }
        let mut kinds: Vec<(String, String)> = templates
            .files()
            .filter_map(|(name, _)| {
                let key = name.strip_prefix(CARDS_DIR)?.strip_suffix(".html")?;
                (!key.contains('/')).then(|| (key.to_string(), name.to_string()))
            })
            .collect();
        kinds.sort();
        Cards {
            listed: if kinds.is_empty() {
                Vec::new()
            } else {
                (0..posts).map(|_| OnceLock::new()).collect()
            },
            kinds,
        }
    }

    /// Post `id`'s entry as lists show it: its entry and, when the theme has cards, `cards`.
    /// Shared, not copied, when the entry holds its cards already; otherwise made on first use
    /// (one copy of the entry per post, however many lists show it).
    pub fn listed_entry(&self, r: &Renderer, id: PostId) -> Result<Arc<Value>, Diagnostic> {
        let entry = &r.shared().post_entries[id];
        if self.kinds.is_empty() || entry.get(CARDS_KEY).is_some() {
            return Ok(Arc::clone(entry));
        }
        self.listed[id]
            .get_or_init(|| {
                let cards = self.make(r, entry)?;
                let mut listed = Value::clone(entry);
                if let Value::Object(map) = &mut listed {
                    map.insert(CARDS_KEY.into(), cards);
                }
                Ok(Arc::new(listed))
            })
            .clone()
    }

    /// Makes every post's cards now, in parallel, and puts them into the post's entry in
    /// `entries`, where that entry is not shared (a build's are not; `besok serve` keeps its
    /// entries from one edit to the next, and makes cards on first use). Lists then share the
    /// entries as they are, and a site's entries are not held twice. A card that does not
    /// render is left to be made, and reported, when a list shows its post.
    pub fn put_into_entries(&self, r: &Renderer, entries: &mut [Arc<Value>]) {
        if self.kinds.is_empty() {
            return;
        }
        let made: Vec<Option<Value>> = entries.par_iter().map(|entry| self.make(r, entry).ok()).collect();
        for (entry, cards) in entries.iter_mut().zip(made) {
            if let (Some(cards), Some(Value::Object(map))) = (cards, Arc::get_mut(entry)) {
                map.insert(CARDS_KEY.into(), cards);
            }
        }
    }

    /// The cards of the post whose list entry is `entry`.
    fn make(&self, r: &Renderer, entry: &Arc<Value>) -> Result<Value, Diagnostic> {
        r.with_base_context(|context| {
            context.insert_shared("post", Arc::clone(entry));
            let cards: Result<Map<String, Value>, Diagnostic> = self
                .kinds
                .iter()
                .map(|(key, template)| Ok((key.clone(), Value::String(r.templates.render(template, context)?))))
                .collect();
            context.discard("post");
            cards.map(Value::Object)
        })
    }
}
