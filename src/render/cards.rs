//! Post cards: how a theme shows one post in a list, made once per post and build however
//! many lists show it.
//!
//! A post is listed on the home pages, on a page of each of its tags, on its municipality's
//! timeline and in the archive: rendering its card with a macro on each of those pages renders
//! the same HTML four or five times, and on a site of long summaries that was most of the time
//! spent in templates. A theme that puts a card in `templates/cards/NAME.html` gets it instead as
//! `post.cards.NAME` on every post of every list (`posts` of the home, tag and archive pages,
//! `visits` of a municipality's page), rendered the first time the post is listed, with `post`
//! (the list entry), `t` and `config` as its only data, so it is the same wherever it is shown.
//!
//! The cards are kept by the [`super::Renderer`], which holds one version of the site: `besok
//! serve` makes a new one for each edit, and re-renders every page when a template changes.

use super::{Renderer, Templates};
use crate::diagnostics::Diagnostic;
use crate::model::PostId;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Tells one [`Cards`] from another, for [`CONTEXT`].
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The card context of this thread, with `t` and `config` of the [`Cards`] whose id it
    /// holds: serialising those two for each post cost more than rendering its cards.
    static CONTEXT: RefCell<Option<(u64, tera::Context)>> = const { RefCell::new(None) };
}

/// The folder of card templates, inside `templates/`.
const CARDS_DIR: &str = "cards/";

/// The theme's card templates, and each post's cards once made.
pub struct Cards {
    /// `(key in post.cards, template name)`, in name order.
    kinds: Vec<(String, String)>,
    made: Vec<OnceLock<Result<Value, Diagnostic>>>,
    id: u64,
}

impl Cards {
    /// The cards of a theme for a site of `posts` posts. A theme whose other templates never
    /// read `.cards` gets none made (a site's own `index.html` over the built-in theme's cards).
    pub fn new(templates: &Templates, posts: usize) -> Cards {
        let read = templates
            .files()
            .any(|(name, source)| !name.starts_with(CARDS_DIR) && source.contains(".cards"));
        let mut kinds: Vec<(String, String)> = templates
            .files()
            .filter(|_| read)
            .filter_map(|(name, _)| {
                let key = name.strip_prefix(CARDS_DIR)?.strip_suffix(".html")?;
                (!key.contains('/')).then(|| (key.to_string(), name.to_string()))
            })
            .collect();
        kinds.sort();
        Cards {
            made: if kinds.is_empty() {
                Vec::new()
            } else {
                (0..posts).map(|_| OnceLock::new()).collect()
            },
            kinds,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// `post.cards` of post `id`: its cards by name, made on first use; `None` when the theme
    /// has no cards.
    pub fn of(&self, r: &Renderer, id: PostId) -> Result<Option<&Value>, Diagnostic> {
        if self.kinds.is_empty() {
            return Ok(None);
        }
        match self.made[id].get_or_init(|| self.make(r, id)) {
            Ok(cards) => Ok(Some(cards)),
            Err(e) => Err(e.clone()),
        }
    }

    fn make(&self, r: &Renderer, id: PostId) -> Result<Value, Diagnostic> {
        let shared = r.shared();
        CONTEXT.with(|context| {
            let mut context = context.borrow_mut();
            let context = match &mut *context {
                Some((of, context)) if *of == self.id => context,
                other => {
                    let mut context = tera::Context::new();
                    context.insert("t", &shared.words);
                    context.insert("config", &shared.config);
                    &mut other.insert((self.id, context)).1
                }
            };
            context.insert("post", &*shared.post_entries[id]);
            let mut cards = Map::new();
            for (key, template) in &self.kinds {
                cards.insert(key.clone(), Value::String(r.templates.render(template, context)?));
            }
            Ok(Value::Object(cards))
        })
    }
}
