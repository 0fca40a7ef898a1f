//! Post cards: how a theme shows one post in a list, made once per post and build however
//! many lists show it.
//!
//! A post is listed on the home pages, on a page of each of its tags, on its municipality's
//! timeline and in the archive: rendering its card with a macro on each of those pages renders
//! the same HTML four or five times, and on a site of long summaries that was most of the time
//! spent in templates. A theme that puts a card in `templates/cards/NAME.html` gets it instead as
//! `post.cards.NAME` on every post of every list (`posts` of the home, tag and archive pages,
//! `visits` of a municipality's page), rendered the first time the post is listed, with `post`
//! (the list entry) and what every page gets and no page changes (`t`, `config`, `coverage`,
//! `lang`: the renderer's base context) as its only data, so it is the same wherever it is shown.
//!
//! The cards are kept by the [`super::Renderer`], which holds one version of the site: `besok
//! serve` makes a new one for each edit, and re-renders every page when a template changes.

use super::{Renderer, Templates};
use crate::diagnostics::Diagnostic;
use crate::model::PostId;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The folder of card templates, inside `templates/`.
const CARDS_DIR: &str = "cards/";

/// The theme's card templates, and each post's cards once made.
pub struct Cards {
    /// `(key in post.cards, template name)`, in name order.
    kinds: Vec<(String, String)>,
    made: Vec<OnceLock<Result<Value, Diagnostic>>>,
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
                made: Vec::new(),
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
            made: if kinds.is_empty() {
                Vec::new()
            } else {
                (0..posts).map(|_| OnceLock::new()).collect()
            },
            kinds,
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
        r.with_base_context(|context| {
            context.insert("post", &*r.shared().post_entries[id]);
            let cards: Result<Map<String, Value>, Diagnostic> = self
                .kinds
                .iter()
                .map(|(key, template)| Ok((key.clone(), Value::String(r.templates.render(template, context)?))))
                .collect();
            context.remove("post");
            cards.map(Value::Object)
        })
    }
}
