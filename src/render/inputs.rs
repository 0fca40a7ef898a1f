//! What each page shows, declared once.
//!
//! [`Renderer::inputs`] says, for every kind of page, what it is made of: which posts as list
//! entries, which in full, which page of which list, which shared values (a tag's entry, the
//! municipality list), and which values made for it alone. Everything else is derived from
//! that declaration, so a new page kind is taught to besok in one place:
//! - the template data ([`PageInputs::context`]): each part becomes one key;
//! - the fingerprint ([`Renderer::fingerprint`]): each part is hashed, posts by their tokens;
//! - what an edit affects ([`Dependents`]): each part names the [`Dep`]s it reads, and the
//!   pages that read a changed dep are the ones `besok serve` looks at again.
//!
//! Config, UI words and templates are inputs of every page (their change re-renders all), so
//! they are not parts; the page's base context (config, words, its path and title) is hashed
//! into every fingerprint.

use super::context::{self, SharedValues};
use super::pages::{archive_year_path, feed_path, paginated_path, AliasOf, FeedOf, PageJob, PageKind, Paginator};
use super::{aliases, sitemap, Renderer, SEARCH_INDEX_PATH};
use crate::diagnostics::Diagnostic;
use crate::model::{MunicipalityId, PostId, Site, TagId};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A list of posts of the site, as pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListOf {
    /// Every post, newest first.
    All,
    Tag(TagId),
    /// A municipality's visits, oldest first.
    Municipality(MunicipalityId),
    /// One year of the archive (index into `Site::years`).
    Year(usize),
}

/// A value made once per build and shown by several pages (see [`SharedValues`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SharedOf {
    TagEntry(TagId),
    /// Every tag's entry.
    Tags,
    MunicipalityEntry(MunicipalityId),
    /// Every municipality's entry.
    Municipalities,
}

/// One thing a page reads, as `besok serve` tracks them: when one changes, the pages that read
/// it are looked at again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dep {
    /// A post as listed (title, date, summary, tags, ...).
    Entry(PostId),
    /// A post in full (its content too).
    Full(PostId),
    /// Which posts a list holds, in which order.
    List(ListOf),
    Shared(SharedOf),
    /// The published names of the static stylesheets and scripts.
    StaticNames,
}

/// One part of a page's data. The `&'static str` is the key it has in the template data.
#[derive(Debug, Clone)]
pub enum Part<'a> {
    /// One post's list entry, or null.
    Entry(&'static str, Option<PostId>),
    /// One post in full.
    Full(&'static str, PostId),
    /// A whole list's entries.
    List(&'static str, ListOf, Cow<'a, [PostId]>),
    /// Page `paginator.current` of a list: `posts` (the page's entries) and `paginator`.
    Page {
        of: ListOf,
        posts: &'a [PostId],
        /// Site path of the list's first page.
        base: &'a str,
        paginator: Paginator,
    },
    /// Posts in full, for files made without templates (feeds, the search index).
    FullPosts(ListOf, Cow<'a, [PostId]>),
    Shared(&'static str, SharedOf),
    /// A value made for this page from the model. `from` names what it is made of that can
    /// change while the site keeps its pages (empty: only what moves pages, which makes the
    /// whole page list again).
    Made {
        key: &'static str,
        value: Value,
        from: Vec<Dep>,
    },
    /// The published names of the static stylesheets and scripts (each with its content's
    /// hash), which a template reads through `get_url`, not as a key of its data. Every
    /// template page has it: which files a theme's templates load is theirs to say, so an
    /// edit of a stylesheet re-renders every page made with a template.
    StaticNames,
}

/// How a page's file is made from its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// A theme template, with `page_kind` in its data.
    Template {
        template: &'static str,
        page_kind: &'static str,
    },
    Feed(FeedOf),
    Sitemap,
    Robots,
    /// The search index's manifest (its shards are made with it, never one by one).
    SearchIndex,
    QueryRedirects,
}

/// Everything one page shows: the single declaration of what it depends on.
#[derive(Debug, Clone)]
pub struct PageInputs<'a> {
    pub output: Output,
    pub title: Option<Cow<'a, str>>,
    /// The page's own description (meta, OpenGraph); the site's otherwise.
    pub description: Option<String>,
    pub parts: Vec<Part<'a>>,
}

impl<'a> PageInputs<'a> {
    fn template(template: &'static str, page_kind: &'static str) -> PageInputs<'a> {
        PageInputs::new(Output::Template { template, page_kind }).with(Part::StaticNames)
    }

    fn new(output: Output) -> PageInputs<'a> {
        PageInputs {
            output,
            title: None,
            description: None,
            parts: Vec::new(),
        }
    }

    fn title(mut self, title: impl Into<Cow<'a, str>>) -> Self {
        self.title = Some(title.into());
        self
    }

    fn with(mut self, part: Part<'a>) -> Self {
        self.parts.push(part);
        self
    }

    fn made(self, key: &'static str, value: Value, from: Vec<Dep>) -> Self {
        self.with(Part::Made { key, value, from })
    }

    /// Every dep the page reads, from its parts.
    pub fn deps(&self) -> impl Iterator<Item = Dep> + '_ {
        self.parts
            .iter()
            .flat_map(|part| -> Box<dyn Iterator<Item = Dep> + '_> {
                match part {
                    Part::Entry(_, id) => Box::new(id.map(Dep::Entry).into_iter()),
                    Part::Full(_, id) => Box::new(std::iter::once(Dep::Full(*id))),
                    Part::List(_, of, ids) => {
                        Box::new(std::iter::once(Dep::List(*of)).chain(ids.iter().map(|&i| Dep::Entry(i))))
                    }
                    Part::Page {
                        of, posts, paginator, ..
                    } => Box::new(
                        std::iter::once(Dep::List(*of)).chain(paginator.slice(posts).iter().map(|&i| Dep::Entry(i))),
                    ),
                    Part::FullPosts(of, ids) => {
                        Box::new(std::iter::once(Dep::List(*of)).chain(ids.iter().map(|&i| Dep::Full(i))))
                    }
                    Part::Shared(_, of) => Box::new(std::iter::once(Dep::Shared(*of))),
                    Part::Made { from, .. } => Box::new(from.iter().copied()),
                    Part::StaticNames => Box::new(std::iter::once(Dep::StaticNames)),
                }
            })
    }

    /// The page's template data: the base every page gets, then one key per part. Fails only
    /// when a card of a listed post does not render.
    pub fn context(&self, r: &Renderer, job: &PageJob) -> Result<PageData, Diagnostic> {
        let (site, shared) = (r.site, &r.shared);
        let Output::Template { page_kind, .. } = self.output else {
            return Ok(PageData::default());
        };
        let mut values = context::page_context(site, shared, page_kind, &job.path, self.title.as_deref());
        if let Some(d) = &self.description {
            values.insert("page_description".into(), json!(d));
        }
        let mut data = PageData::default();
        // A post shown as an entry (listed, or a page's neighbour) carries its cards.
        let listed = |ids: &[PostId]| ids.iter().map(|&id| r.listed_entry(id)).collect::<Result<Vec<_>, _>>();
        for part in &self.parts {
            let (key, value) = match part {
                Part::Entry(key, Some(id)) => {
                    data.entries.push((key, r.listed_entry(*id)?));
                    continue;
                }
                Part::Entry(key, None) => (*key, Value::Null),
                Part::Full(key, id) => (*key, context::full_post(site, shared, *id)),
                Part::List(key, _, ids) => {
                    data.lists.push((key, listed(ids)?));
                    continue;
                }
                Part::Page {
                    posts, base, paginator, ..
                } => {
                    data.lists.push(("posts", listed(paginator.slice(posts))?));
                    ("paginator", paginator_value(r, base, paginator))
                }
                Part::FullPosts(..) | Part::StaticNames => continue,
                Part::Shared(key, of) => (*key, shared_value(shared, *of)),
                Part::Made { key, value, .. } => (*key, value.clone()),
            };
            values.insert(key.into(), value);
        }
        data.values = values;
        Ok(data)
    }

    /// The posts of the page's [`Part::FullPosts`] (feeds, the search index).
    pub fn full_posts(&self) -> &[PostId] {
        self.parts
            .iter()
            .find_map(|p| match p {
                Part::FullPosts(_, ids) => Some(&ids[..]),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// The value of the page's [`Part::Made`] part `key`.
    pub fn made_value(&self, key: &str) -> Option<&Value> {
        self.parts.iter().find_map(|p| match p {
            Part::Made { key: k, value, .. } if *k == key => Some(value),
            _ => None,
        })
    }
}

/// A page's template data: the values made for it, and the entries of the posts it shows,
/// which it shares with the renderer (see [`PageData::put_into`]).
#[derive(Default)]
pub struct PageData {
    values: Map<String, Value>,
    /// Single entries by key (`older`, `newer`, ...).
    entries: Vec<(&'static str, Arc<Value>)>,
    /// Lists of entries by key (`posts`, `visits`).
    lists: Vec<(&'static str, Vec<Arc<Value>>)>,
}

impl PageData {
    /// Puts the data into `context` and returns its keys, for the caller to take out again.
    /// Entries go in shared, not copied: a post is listed on four or five pages and is the
    /// neighbour of two to four posts, and copying its entry into each of them (and freeing
    /// the copies) was about a twentieth of a build (the tera in `vendor/tera` reads shared
    /// values in place).
    pub fn put_into(self, context: &mut tera::Context) -> Vec<String> {
        let mut keys: Vec<String> = self.values.keys().cloned().collect();
        keys.extend(self.entries.iter().map(|(k, _)| k.to_string()));
        keys.extend(self.lists.iter().map(|(k, _)| k.to_string()));
        context.extend(tera::Context::from_value(Value::Object(self.values)).expect("an object is a valid context"));
        for (key, entry) in self.entries {
            context.insert_shared(key, entry);
        }
        for (key, list) in self.lists {
            context.insert_shared_list(key, list);
        }
        keys
    }
}

/// Page `n` of the list `posts`, whose first page is at `base`.
fn page<'p>(of: ListOf, posts: &'p [PostId], base: &'p str, n: usize, per_page: usize) -> Part<'p> {
    Part::Page {
        of,
        posts,
        base,
        paginator: Paginator::new(posts.len(), per_page, n),
    }
}

fn paginator_value(r: &Renderer, base: &str, p: &Paginator) -> Value {
    let url = |k: usize| r.site.config.url(&paginated_path(base, k));
    let (n, total) = (p.current, p.total_pages);
    json!({
        "current": n,
        "total": total,
        "total_items": p.total_items,
        "previous_url": (n > 1).then(|| url(n - 1)),
        "next_url": (n < total).then(|| url(n + 1)),
        "first_url": url(1),
        "last_url": url(total),
        "pages": p.window().map(|k| json!({"number": k, "url": url(k), "current": k == n})).collect::<Vec<_>>(),
    })
}

fn shared_value(shared: &SharedValues, of: SharedOf) -> Value {
    match of {
        SharedOf::TagEntry(t) => shared.tag_entries[t].clone(),
        SharedOf::Tags => Value::Array(shared.tag_entries.clone()),
        SharedOf::MunicipalityEntry(m) => shared.municipality_entries[m].clone(),
        SharedOf::Municipalities => Value::Array(shared.municipality_entries.clone()),
    }
}

/// A hash of a shared value, as fingerprints take it.
pub fn shared_hash(shared: &SharedValues, of: SharedOf) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match of {
        SharedOf::TagEntry(t) => hash_value(&mut h, &shared.tag_entries[t]),
        SharedOf::Tags => shared.tag_entries.iter().for_each(|v| hash_value(&mut h, v)),
        SharedOf::MunicipalityEntry(m) => hash_value(&mut h, &shared.municipality_entries[m]),
        SharedOf::Municipalities => shared.municipality_entries.iter().for_each(|v| hash_value(&mut h, v)),
    }
    h.finish()
}

/// What a page shows of one post, as two opaque tokens that change whenever that part does:
/// `entry` for the post as listed (title, date, summary, ...), `full` for its own page. The
/// caller (`besok serve`) keeps them across rebuilds to decide which pages to re-render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostTokens {
    pub entry: u64,
    pub full: u64,
}

impl<'a> Renderer<'a> {
    /// What `job` shows: the one declaration its data, fingerprint and dependents come from.
    pub fn inputs(&self, job: &PageJob) -> PageInputs<'_> {
        let site: &Site = self.site;
        let c = &site.config;
        let word = |key: &str, fallback: &'static str| -> String {
            self.shared
                .words
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or(fallback)
                .to_string()
        };
        let per = c.paginate_by;
        match job.kind {
            PageKind::Post(id) => {
                let p = &site.posts[id];
                let mut inputs = PageInputs::template("post.html", "post")
                    .title(p.title.as_str())
                    .with(Part::Full("post", id))
                    .with(Part::Entry("previous_visit", p.previous_visit))
                    .with(Part::Entry("next_visit", p.next_visit))
                    .with(Part::Entry("older", p.older))
                    .with(Part::Entry("newer", p.newer));
                inputs.description = Some(context::shorten(&p.summary_text, context::DESCRIPTION_CHARS));
                inputs
            }
            PageKind::Home(n) => {
                // The first page is the site's name alone (no `page_title`), the next say their number.
                let inputs =
                    PageInputs::template("index.html", "home").with(page(ListOf::All, &self.all_posts, "", n, per));
                match n {
                    1 => inputs,
                    _ => inputs.title(format!("{} {n}", word("page", "Page"))),
                }
            }
            PageKind::TagIndex => PageInputs::template("tags.html", "tags")
                .title(word("tags", "Tags"))
                .with(Part::Shared("tags", SharedOf::Tags)),
            PageKind::Tag(id, n) => {
                let t = &site.tags[id];
                let mut title = format!("{} {}", word("posts_tagged", "Posts tagged"), t.name);
                if n > 1 {
                    title = format!("{title} – {} {n}", word("page", "Page"));
                }
                PageInputs::template("tag.html", "tag")
                    .title(title)
                    .with(Part::Shared("tag", SharedOf::TagEntry(id)))
                    .with(page(ListOf::Tag(id), &t.posts, &t.path, n, per))
                    .made("page_feed", self.feed_link(FeedOf::Tag(id), &t.name), vec![])
            }
            PageKind::MunicipalityIndex => {
                let map = self.sweden_map();
                let credit = self.map_credit(&map);
                PageInputs::template("municipalities.html", "municipalities")
                    .title(word("municipalities", "Municipalities"))
                    .with(Part::Shared("municipalities", SharedOf::Municipalities))
                    .made("counties", self.counties(), vec![Dep::Shared(SharedOf::Municipalities)])
                    .made("map_svg", map, vec![Dep::Shared(SharedOf::Municipalities)])
                    .made("map_credit", credit, vec![])
            }
            PageKind::Municipality(id) => {
                let m = &site.municipalities[id];
                let mut entry = self.shared.municipality_entries[id].clone();
                entry["intro_html"] = json!(m.page.as_ref().map(|p| p.intro_html.clone()));
                entry["extra"] = json!(m.page.as_ref().map(|p| p.extra.clone()));
                let feed = if m.visits.is_empty() {
                    Value::Null
                } else {
                    self.feed_link(FeedOf::Municipality(id), &m.name)
                };
                let locator = self.locator_map(id);
                let credit = self.map_credit(&locator);
                PageInputs::template("municipality.html", "municipality")
                    .title(m.name.as_str())
                    .made(
                        "municipality",
                        entry,
                        vec![Dep::Shared(SharedOf::MunicipalityEntry(id))],
                    )
                    .made(
                        "locator_svg",
                        locator,
                        vec![Dep::Shared(SharedOf::MunicipalityEntry(id))],
                    )
                    .made("map_credit", credit, vec![])
                    .with(Part::List("visits", ListOf::Municipality(id), Cow::Borrowed(&m.visits)))
                    .made("page_feed", feed, vec![])
            }
            PageKind::Archive => PageInputs::template("archive.html", "archive")
                .title(word("archive", "Archive"))
                .made("years", self.archive_years(), vec![]),
            PageKind::ArchiveYear(i) => {
                let y = &site.years[i];
                // Years are newest first: the newer year is the one before this in the list.
                let link = |j: Option<usize>| {
                    j.and_then(|j| site.years.get(j)).map_or(
                        Value::Null,
                        |y| json!({"year": y.year, "url": c.url(&archive_year_path(site, y.year))}),
                    )
                };
                PageInputs::template("archive_year.html", "archive_year")
                    .title(format!("{} {}", word("archive", "Archive"), y.year))
                    .made(
                        "year",
                        json!({"year": y.year, "count": y.posts.len(), "url": c.url(&archive_year_path(site, y.year))}),
                        vec![],
                    )
                    .with(Part::List("posts", ListOf::Year(i), Cow::Borrowed(&y.posts)))
                    .made("years", self.archive_years(), vec![])
                    .made("newer_year", link(i.checked_sub(1)), vec![])
                    .made("older_year", link(Some(i + 1)), vec![])
            }
            PageKind::NotFound => PageInputs::template("404.html", "not_found"),
            PageKind::Search => PageInputs::template("search.html", "search")
                .title(word("search", "Search"))
                .made("search_index_url", json!(c.url(SEARCH_INDEX_PATH)), vec![]),
            PageKind::Plain(id) => {
                let p = &site.pages[id];
                // Made from the page's file alone (its links resolved by the model), so `from` is
                // empty: `besok serve` builds the model again for every edit of a page.
                let mut inputs = PageInputs::template("page.html", "page").title(p.title.as_str()).made(
                    "page",
                    context::page_value(site, p),
                    vec![],
                );
                inputs.description =
                    Some(context::shorten(&p.summary_text, context::DESCRIPTION_CHARS)).filter(|d| !d.is_empty());
                inputs
            }
            PageKind::Alias(AliasOf::Post(id), _) => PageInputs::template("alias.html", "alias")
                .title(site.posts[id].title.as_str())
                .with(Part::Entry("post", Some(id))),
            // A page's alias gives its template the same `post` as a post's (title, url,
            // permalink), so one alias.html serves both.
            PageKind::Alias(AliasOf::Page(id), _) => {
                let p = &site.pages[id];
                let value = json!({"title": p.title, "url": c.url(&p.path), "permalink": c.permalink(&p.path)});
                PageInputs::template("alias.html", "alias")
                    .title(p.title.as_str())
                    .made("post", value, vec![])
            }
            PageKind::Feed(of) => {
                let (list, ids): (ListOf, Vec<PostId>) = match of {
                    FeedOf::Site => (ListOf::All, self.all_posts.clone()),
                    FeedOf::Tag(t) => (ListOf::Tag(t), site.tags[t].posts.clone()),
                    // The timeline is oldest first; feeds are newest first.
                    FeedOf::Municipality(m) => (
                        ListOf::Municipality(m),
                        site.municipalities[m].visits.iter().rev().copied().collect(),
                    ),
                };
                // Feed readers take what is in a feed as published: no drafts, nothing scheduled.
                let ids: Vec<PostId> = ids
                    .into_iter()
                    .filter(|&id| !site.posts[id].is_preview())
                    .take(c.feed_limit)
                    .collect();
                let title = match of {
                    FeedOf::Site => c.title.clone(),
                    FeedOf::Tag(t) => format!("{} – {}", c.title, site.tags[t].name),
                    FeedOf::Municipality(m) => format!("{} – {}", c.title, site.municipalities[m].name),
                };
                PageInputs::new(Output::Feed(of))
                    .title(title)
                    .with(Part::FullPosts(list, Cow::Owned(ids)))
            }
            PageKind::Sitemap => {
                // Every public page's address and the date its last-modified time is taken from
                // (the newest post it shows: which posts a list holds moves that).
                let rows: Vec<Value> = self
                    .jobs()
                    .iter()
                    .filter(|j| j.kind.is_public_page())
                    // Search engines take what is in the sitemap as published.
                    .filter(|j| match j.kind {
                        PageKind::Post(id) => !site.posts[id].is_preview(),
                        PageKind::Plain(id) => !site.pages[id].is_preview(),
                        _ => true,
                    })
                    .map(|j| {
                        let date = sitemap::newest_post(site, j.kind)
                            .map(|id| site.posts[id].date.local_date().format("%Y-%m-%d").to_string());
                        json!([j.path, date])
                    })
                    .collect();
                let lists = std::iter::once(ListOf::All)
                    .chain((0..site.tags.len()).map(ListOf::Tag))
                    .chain((0..site.municipalities.len()).map(ListOf::Municipality))
                    .map(Dep::List)
                    .collect();
                PageInputs::new(Output::Sitemap).made("pages", Value::Array(rows), lists)
            }
            PageKind::Robots => PageInputs::new(Output::Robots),
            PageKind::SearchIndex => {
                // Plain pages are docs after the posts; a page edit rebuilds the model, so this
                // value (what each page's part of the index is made of) needs no deps.
                let pages = site
                    .pages
                    .iter()
                    .map(|p| json!([p.path, p.title, p.draft, p.summary_text, &*p.plain_text, p.toc]))
                    .collect();
                PageInputs::new(Output::SearchIndex)
                    .with(Part::FullPosts(ListOf::All, Cow::Borrowed(&self.all_posts)))
                    .made("pages", Value::Array(pages), vec![])
            }
            PageKind::QueryRedirects => {
                PageInputs::new(Output::QueryRedirects).made("redirects", aliases::query_redirects(site), vec![])
            }
        }
    }

    /// A hash of everything a page shows, from its [`PageInputs`], with each post stood for by
    /// its tokens (`tokens[id]`), so a rebuild can skip pages whose data did not change without
    /// building their data. Post ids are not hashed, only what they stand for, so a new post
    /// that shifts every id does not make every page look changed. The config, the UI words and
    /// the templates are not hashed: when one of them changes, the caller re-renders every page.
    pub fn fingerprint(&self, job: &PageJob, inputs: &PageInputs, tokens: &[PostTokens]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            &job.path,
            inputs.output,
            &inputs.title,
            &inputs.description,
            self.base_hash,
        )
            .hash(&mut h);
        for part in &inputs.parts {
            std::mem::discriminant(part).hash(&mut h);
            match part {
                Part::Entry(key, id) => (key, id.map(|i| tokens[i].entry)).hash(&mut h),
                Part::Full(key, id) => (key, tokens[*id].full).hash(&mut h),
                Part::List(key, _, ids) => {
                    (key, ids.len()).hash(&mut h);
                    ids.iter().for_each(|&i| tokens[i].entry.hash(&mut h));
                }
                Part::Page {
                    base, paginator, posts, ..
                } => {
                    (base, paginator).hash(&mut h);
                    paginator
                        .slice(posts)
                        .iter()
                        .for_each(|&i| tokens[i].entry.hash(&mut h));
                }
                Part::FullPosts(_, ids) => {
                    ids.len().hash(&mut h);
                    ids.iter().for_each(|&i| tokens[i].full.hash(&mut h));
                }
                Part::Shared(key, of) => (key, shared_hash(&self.shared, *of)).hash(&mut h),
                Part::Made { key, value, .. } => {
                    key.hash(&mut h);
                    hash_value(&mut h, value);
                }
                Part::StaticNames => self.templates.static_names().hash(&mut h),
            }
        }
        h.finish()
    }

    /// Every year of the archive with its number of posts and its page.
    fn archive_years(&self) -> Value {
        let site = self.site;
        Value::Array(
            site.years
                .iter()
                .map(|y| json!({"year": y.year, "count": y.posts.len(), "url": site.config.url(&archive_year_path(site, y.year))}))
                .collect(),
        )
    }

    /// Municipalities grouped by county, so the index is easy to scan without any JavaScript
    /// sorting. Of Sweden's municipalities, by the 21 counties in their official order (by
    /// code, as Sweden lists them), each with how many of its municipalities have reports; on a
    /// site of other places, by the county its page gives, alphabetically. Counties none of
    /// the site's municipalities lie in are left out; municipalities of no known county come
    /// last, in a group without a name (the theme calls it "Other").
    fn counties(&self) -> Value {
        let site = self.site;
        let entries = &self.shared.municipality_entries;
        let group = |name: Option<&str>, code: Option<&str>, total: Option<usize>, ids: &[usize]| {
            json!({
                "name": name,
                "id": name.map_or_else(|| "county-none".to_string(), |c| format!("county-{}", crate::slugs::slugify(c))),
                "code": code,
                "visited": ids.iter().filter(|&&id| site.municipalities[id].report_count() > 0).count(),
                "total": total,
                "municipalities": ids.iter().map(|&id| entries[id].clone()).collect::<Vec<_>>(),
            })
        };
        let mut groups = Vec::new();
        let mut others = Vec::new();
        if site.config.municipalities == crate::config::Municipalities::Sweden {
            let mut by_county: HashMap<&str, Vec<usize>> = HashMap::new();
            for (id, m) in site.municipalities.iter().enumerate() {
                match m.sweden {
                    Some(s) => by_county.entry(s.county).or_default().push(id),
                    None => others.push(id),
                }
            }
            for c in crate::sweden::counties() {
                if let Some(ids) = by_county.get(c.code) {
                    let total = crate::sweden::municipalities()
                        .iter()
                        .filter(|m| m.county == c.code)
                        .count();
                    groups.push(group(Some(c.name), Some(c.code), Some(total), ids));
                }
            }
        } else {
            let mut named: Vec<(&str, Vec<usize>)> = Vec::new();
            for (id, m) in site.municipalities.iter().enumerate() {
                match m.page.as_ref().and_then(|p| p.county.as_deref()) {
                    Some(county) => match named.iter_mut().find(|(c, _)| *c == county) {
                        Some((_, ids)) => ids.push(id),
                        None => named.push((county, vec![id])),
                    },
                    None => others.push(id),
                }
            }
            named.sort_by(|a, b| crate::collation::compare(a.0, b.0, &site.config.language));
            groups.extend(named.iter().map(|(c, ids)| group(Some(c), None, None, ids)));
        }
        if !others.is_empty() {
            groups.push(group(None, None, None, &others));
        }
        Value::Array(groups)
    }

    /// The map of Sweden for the municipality index, or null on a site of other places.
    fn sweden_map(&self) -> Value {
        if self.site.config.municipalities != crate::config::Municipalities::Sweden {
            return Value::Null;
        }
        let label = self.word("map_label", "Map of Sweden's municipalities, the visited ones filled");
        json!(super::map::sweden_map(
            self.site,
            &self.shared.municipality_entries,
            label
        ))
    }

    /// The locator map of municipality `id`, or null when it is not one of Sweden's.
    fn locator_map(&self, id: MunicipalityId) -> Value {
        let m = &self.site.municipalities[id];
        let county = m.sweden.and_then(|s| crate::sweden::county(s.county));
        let (Some(county), crate::config::Municipalities::Sweden) = (county, self.site.config.municipalities) else {
            return Value::Null;
        };
        let label = self
            .word("locator_label", "{name} in {county}")
            .replace("{name}", &m.name)
            .replace("{county}", county.name);
        json!(super::map::locator_map(m, &label))
    }

    /// The credit line of the map's data, for pages that show a map (null on the others).
    fn map_credit(&self, shown: &Value) -> Value {
        if shown.is_null() {
            Value::Null
        } else {
            json!(crate::sweden::CREDIT)
        }
    }

    /// A UI word of the theme, or `fallback` when the theme has none.
    fn word<'s>(&'s self, key: &str, fallback: &'s str) -> &'s str {
        self.shared.words.get(key).and_then(Value::as_str).unwrap_or(fallback)
    }

    /// `page_feed` of a page with its own feed: its URL and a title for `<link rel="alternate">`.
    fn feed_link(&self, of: FeedOf, name: &str) -> Value {
        let c = &self.site.config;
        let path = feed_path(self.site, of);
        json!({ "url": c.url(&path), "permalink": c.permalink(&path), "title": format!("{} – {}", c.title, name) })
    }
}

/// Which pages read each [`Dep`], made from every page's [`PageInputs`]: what `besok serve`
/// looks at again after an edit that kept the site's pages.
#[derive(Debug, Default, Clone)]
pub struct Dependents {
    /// Indices into the job list.
    by_dep: HashMap<Dep, Vec<u32>>,
}

impl Dependents {
    /// Records that page `job` (an index into the job list) reads `deps` (its
    /// [`PageInputs::deps`]). A page whose inputs change is added again: an index that names a
    /// page too often only makes the caller fingerprint it once more, never miss it.
    pub fn add(&mut self, job: usize, deps: impl IntoIterator<Item = Dep>) {
        let job = u32::try_from(job).expect("fewer than 4 billion pages");
        for dep in deps {
            let pages = self.by_dep.entry(dep).or_default();
            if pages.last() != Some(&job) {
                pages.push(job);
            }
        }
    }

    /// The pages that read any of `deps`, each once, in job order.
    pub fn of(&self, deps: impl IntoIterator<Item = Dep>) -> Vec<usize> {
        let mut pages: Vec<usize> = deps
            .into_iter()
            .filter_map(|d| self.by_dep.get(&d))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    }
}

/// Feeds a JSON value's serialisation into a hasher without building the string.
pub(super) fn hash_value(h: &mut impl Hasher, value: &Value) {
    struct Feed<'h, H: Hasher>(&'h mut H);
    impl<H: Hasher> std::io::Write for Feed<'_, H> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(Feed(h), value).expect("a JSON value always serialises");
}
