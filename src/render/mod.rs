//! Rendering: which pages the site has, and each page's HTML from the model and the templates.

mod aliases;
mod collisions;
mod context;
mod feeds;
mod search;
mod sitemap;
mod templates;

pub use aliases::{alias_file, check_aliases};
pub use collisions::path_collisions;
pub use search::{is_search_shard, post_of_doc, post_terms, PostTerms, SearchFile, SearchIndex, SEARCH_INDEX_PATH};

pub use context::{post_entry, SharedValues};
pub use templates::{escape_html, Templates, REQUIRED as REQUIRED_TEMPLATES};

use crate::diagnostics::Diagnostic;
use crate::model::{MunicipalityId, PostId, Site, TagId};
use crate::theme::Theme;
use crate::timing::{Stage, StageClock};
use serde_json::{json, Map, Value};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

impl PageKind {
    /// Whether the page is made from the whole site (archive, indexes, search index, sitemap,
    /// site feed) or a year of it (a year's archive page, hundreds of posts in one list): each
    /// is one long job, which a parallel build (and an edit in `besok serve`) starts first so
    /// that no thread is left working alone on one at the end.
    pub fn is_long(&self) -> bool {
        matches!(
            self,
            PageKind::Archive
                | PageKind::ArchiveYear(_)
                | PageKind::TagIndex
                | PageKind::MunicipalityIndex
                | PageKind::SearchIndex
                | PageKind::Sitemap
                | PageKind::Feed(FeedOf::Site)
        )
    }
}

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Post(PostId),
    /// Page number of the home listing, 1-based.
    Home(usize),
    TagIndex,
    Tag(TagId, usize),
    MunicipalityIndex,
    Municipality(MunicipalityId),
    /// The archive's front page: every year with its number of posts.
    Archive,
    /// One year of the archive (index into `Site::years`): its posts, newest first. A page per
    /// year keeps pages small on a site with thousands of posts.
    ArchiveYear(usize),
    NotFound,
    /// The search page; it loads [`PageKind::SearchIndex`] in the reader's browser.
    Search,
    /// A redirect from an old URL: the post and which of its aliases.
    Alias(PostId, usize),
    Feed(FeedOf),
    Sitemap,
    Robots,
    /// The search index: its manifest at this job's file and the shards beside it, all made
    /// at once from every post (`Renderer::search_index`), never one by one.
    SearchIndex,
    /// A script for the home page that sends old query short links (`/?p=412`) to their posts.
    QueryRedirects,
}

/// Whose posts an Atom feed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedOf {
    Site,
    Tag(TagId),
    Municipality(MunicipalityId),
}

impl PageKind {
    /// Whether the page is an HTML page a reader (and a search engine) should find: what the
    /// sitemap lists. Not the 404 page, not redirects, not feeds or other files.
    pub fn is_public_page(&self) -> bool {
        !matches!(
            self,
            PageKind::NotFound
                | PageKind::Alias(..)
                | PageKind::Feed(_)
                | PageKind::Sitemap
                | PageKind::Robots
                | PageKind::SearchIndex
                | PageKind::QueryRedirects
        )
    }
}

/// Site path of a feed: `atom.xml`, or `atom.xml` inside the tag's or municipality's folder.
pub fn feed_path(site: &Site, of: FeedOf) -> String {
    match of {
        FeedOf::Site => "atom.xml".into(),
        FeedOf::Tag(id) => format!("{}atom.xml", site.tags[id].path),
        FeedOf::Municipality(id) => format!("{}atom.xml", site.municipalities[id].path),
    }
}

/// A page to render and where it goes, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageJob {
    pub kind: PageKind,
    /// Site path of the page (`posts/x/`, `` for home, `404.html` for the not-found page).
    pub path: String,
    /// File to write, relative to the output folder (`posts/x/index.html`).
    pub file: String,
}

impl PageJob {
    fn dir(kind: PageKind, path: String) -> PageJob {
        PageJob {
            kind,
            file: format!("{path}index.html"),
            path,
        }
    }
}

/// Number of pages needed to list `count` items `per_page` at a time (at least one).
pub fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page.max(1)).max(1)
}

/// Site path of page `n` of a listing whose first page is at `base`.
pub fn paginated_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// The page numbers a paginator links to from page `n` of `total`: the first, the last and
/// two on each side of the current one, in order. Listing every page would make a listing of
/// N pages cost O(N²) (a 10,000-post home page has 1,000 pages), and no reader wants 1,000 links.
pub fn page_window(n: usize, total: usize) -> impl Iterator<Item = usize> {
    let middle = n.saturating_sub(2).max(2)..=(n + 2).min(total.saturating_sub(1));
    std::iter::once(1).chain(middle).chain((total > 1).then_some(total))
}

/// Every page of the site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<PageJob> {
    let c = &site.config;
    let mut jobs = Vec::new();
    for (id, p) in site.posts.iter().enumerate() {
        jobs.push(PageJob::dir(PageKind::Post(id), p.path.clone()));
    }
    for n in 1..=page_count(site.posts.len(), c.paginate_by) {
        jobs.push(PageJob::dir(PageKind::Home(n), paginated_path("", n)));
    }
    jobs.push(PageJob::dir(PageKind::TagIndex, format!("{}/", c.tags_path)));
    for (id, t) in site.tags.iter().enumerate() {
        for n in 1..=page_count(t.posts.len(), c.paginate_by) {
            jobs.push(PageJob::dir(PageKind::Tag(id, n), paginated_path(&t.path, n)));
        }
    }
    jobs.push(PageJob::dir(
        PageKind::MunicipalityIndex,
        format!("{}/", c.municipalities_path),
    ));
    for (id, m) in site.municipalities.iter().enumerate() {
        jobs.push(PageJob::dir(PageKind::Municipality(id), m.path.clone()));
    }
    jobs.push(PageJob::dir(PageKind::Archive, format!("{}/", c.archive_path)));
    for (i, y) in site.years.iter().enumerate() {
        jobs.push(PageJob::dir(PageKind::ArchiveYear(i), archive_year_path(site, y.year)));
    }
    jobs.push(PageJob {
        kind: PageKind::NotFound,
        path: "404.html".into(),
        file: "404.html".into(),
    });
    jobs.push(PageJob::dir(PageKind::Search, format!("{}/", c.search_path)));
    let file = |kind: PageKind, path: String| PageJob {
        kind,
        file: path.clone(),
        path,
    };
    jobs.push(file(PageKind::Feed(FeedOf::Site), feed_path(site, FeedOf::Site)));
    for id in 0..site.tags.len() {
        jobs.push(file(PageKind::Feed(FeedOf::Tag(id)), feed_path(site, FeedOf::Tag(id))));
    }
    for (id, m) in site.municipalities.iter().enumerate() {
        if !m.visits.is_empty() {
            let of = FeedOf::Municipality(id);
            jobs.push(file(PageKind::Feed(of), feed_path(site, of)));
        }
    }
    jobs.push(file(PageKind::Sitemap, "sitemap.xml".into()));
    jobs.push(file(PageKind::Robots, "robots.txt".into()));
    jobs.push(file(PageKind::SearchIndex, SEARCH_INDEX_PATH.into()));
    if aliases::has_query_aliases(site) {
        jobs.push(file(PageKind::QueryRedirects, aliases::QUERY_REDIRECTS_PATH.into()));
    }
    for (id, p) in site.posts.iter().enumerate() {
        // A query alias cannot be a file; the home page's script redirects it instead.
        for (n, alias) in p
            .aliases
            .iter()
            .enumerate()
            .filter(|(_, a)| !aliases::is_query_alias(&a.value))
        {
            jobs.push(PageJob {
                kind: PageKind::Alias(id, n),
                path: alias.value.clone(),
                file: alias_file(&alias.value),
            });
        }
    }
    jobs
}

/// Site path of one year of the archive, like `arkiv/2016/`.
pub fn archive_year_path(site: &Site, year: i32) -> String {
    format!("{}/{}/", site.config.archive_path, year)
}

/// Renders pages of one site with one theme. Build it once; `render` is called from many threads.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: Arc<Templates>,
    shared: SharedValues,
    clock: StageClock,
    /// Every page of the site, made once when first needed (by the caller, the sitemap and its
    /// fingerprint): 16,000 jobs for a 10,000-post site take a few ms to make.
    all_jobs: std::sync::OnceLock<Vec<PageJob>>,
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
    pub fn new(site: &'a Site, theme: &Theme) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let templates = Templates::compile(theme, &site.config.base_path)?;
        let shared = SharedValues::new(site, &theme.translations);
        Ok(Renderer::with_parts(site, Arc::new(templates), shared))
    }

    /// A renderer from templates compiled earlier and shared values made by the caller, so a
    /// dev-server rebuild reuses what did not change.
    pub fn with_parts(site: &'a Site, templates: Arc<Templates>, shared: SharedValues) -> Renderer<'a> {
        Renderer {
            site,
            templates,
            shared,
            clock: StageClock::default(),
            all_jobs: std::sync::OnceLock::new(),
        }
    }

    /// Every page of the site, as [`jobs`] makes them.
    pub fn jobs(&self) -> &[PageJob] {
        self.all_jobs.get_or_init(|| jobs(self.site))
    }

    /// The pages of the site, kept after rendering (by `besok serve`, for the next edit).
    pub fn into_jobs(self) -> Vec<PageJob> {
        let site = self.site;
        self.all_jobs.into_inner().unwrap_or_else(|| jobs(site))
    }

    /// The data shared by the pages of this build.
    pub fn shared(&self) -> &SharedValues {
        &self.shared
    }

    /// A hash of everything `context` puts into this page's template data, with each post
    /// stood for by its tokens (`tokens[id]`), so a rebuild can skip pages whose data did not
    /// change without building their data. Keep it in step with `context`: whatever a page's
    /// context gains must be hashed here too. Post ids are not hashed, only what they stand
    /// for, so a new post that shifts every id does not make every page look changed. The
    /// config, the UI words and the templates are not hashed: when one of them changes, the
    /// caller re-renders every page.
    pub fn fingerprint(&self, job: &PageJob, tokens: &[PostTokens]) -> u64 {
        let site = self.site;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        job.path.hash(&mut h);
        let entry = |h: &mut std::collections::hash_map::DefaultHasher, id: Option<PostId>| {
            id.map(|i| tokens[i].entry).hash(h);
        };
        let page = |h: &mut std::collections::hash_map::DefaultHasher, ids: &[PostId], n: usize| {
            let per = site.config.paginate_by;
            (n, ids.len()).hash(h);
            let start = ((n - 1) * per).min(ids.len());
            let end = (start + per).min(ids.len());
            ids[start..end].iter().for_each(|&i| tokens[i].entry.hash(h));
        };
        match job.kind {
            PageKind::Post(id) => {
                let p = &site.posts[id];
                (0u8, tokens[id]).hash(&mut h);
                for n in [p.previous_visit, p.next_visit, p.older, p.newer] {
                    entry(&mut h, n);
                }
            }
            PageKind::Home(n) => {
                1u8.hash(&mut h);
                let ids: Vec<PostId> = (0..site.posts.len()).collect();
                page(&mut h, &ids, n);
            }
            PageKind::TagIndex => {
                2u8.hash(&mut h);
                hash_value(&mut h, &Value::Array(self.shared.tag_entries.clone()));
            }
            PageKind::Tag(id, n) => {
                3u8.hash(&mut h);
                hash_value(&mut h, &self.shared.tag_entries[id]);
                page(&mut h, &site.tags[id].posts, n);
            }
            PageKind::MunicipalityIndex => {
                4u8.hash(&mut h);
                hash_value(&mut h, &Value::Array(self.shared.municipality_entries.clone()));
            }
            PageKind::Municipality(id) => {
                5u8.hash(&mut h);
                let m = &site.municipalities[id];
                hash_value(&mut h, &self.shared.municipality_entries[id]);
                m.page.as_ref().map(|p| &p.intro_html).hash(&mut h);
                hash_value(&mut h, &json!(m.page.as_ref().map(|p| p.extra.clone())));
                m.visits.iter().for_each(|&i| tokens[i].entry.hash(&mut h));
            }
            PageKind::Archive => {
                6u8.hash(&mut h);
                site.years.iter().for_each(|y| (y.year, y.posts.len()).hash(&mut h));
            }
            PageKind::ArchiveYear(i) => {
                13u8.hash(&mut h);
                // Each year page links to the other years, so their counts are part of it.
                site.years.iter().for_each(|y| (y.year, y.posts.len()).hash(&mut h));
                site.years[i].posts.iter().for_each(|&p| tokens[p].entry.hash(&mut h));
            }
            PageKind::NotFound => 7u8.hash(&mut h),
            PageKind::Search => 8u8.hash(&mut h),
            PageKind::Alias(id, _) => (9u8, tokens[id].entry).hash(&mut h),
            PageKind::Feed(of) => {
                10u8.hash(&mut h);
                let (entry, ids): (&Value, Vec<PostId>) = match of {
                    FeedOf::Site => (&Value::Null, (0..site.posts.len()).collect()),
                    FeedOf::Tag(t) => (&self.shared.tag_entries[t], site.tags[t].posts.clone()),
                    FeedOf::Municipality(m) => (
                        &self.shared.municipality_entries[m],
                        site.municipalities[m].visits.iter().rev().copied().collect(),
                    ),
                };
                hash_value(&mut h, entry);
                ids.iter()
                    .take(site.config.feed_limit)
                    .for_each(|&i| tokens[i].full.hash(&mut h));
            }
            PageKind::Sitemap => {
                // Every page's address and the date its last-modified time is taken from (the
                // newest post it shows: tag membership moves which post opens a tag's page).
                11u8.hash(&mut h);
                for j in self.jobs().iter().filter(|j| j.kind.is_public_page()) {
                    j.path.hash(&mut h);
                    sitemap::newest_post(site, j.kind)
                        .map(|id| site.posts[id].date.local_date())
                        .hash(&mut h);
                }
            }
            PageKind::Robots => 12u8.hash(&mut h),
            PageKind::SearchIndex => {
                13u8.hash(&mut h);
                tokens.iter().for_each(|t| t.full.hash(&mut h));
            }
            PageKind::QueryRedirects => {
                14u8.hash(&mut h);
                for p in &site.posts {
                    p.path.hash(&mut h);
                    p.aliases.iter().for_each(|a| a.value.hash(&mut h));
                }
            }
        }
        h.finish()
    }

    /// The text of one page (HTML, or the XML, text or JSON of the site's other files).
    pub fn render(&self, job: &PageJob) -> Result<String, Diagnostic> {
        let other = |make: &dyn Fn() -> String| Ok(self.clock.time(Stage::OtherFiles, make));
        match job.kind {
            PageKind::Feed(of) => return other(&|| feeds::atom(self.site, of)),
            PageKind::Sitemap => return other(&|| sitemap::sitemap(self.site, self.jobs())),
            PageKind::Robots => return other(&|| sitemap::robots(self.site)),
            PageKind::QueryRedirects => return other(&|| aliases::query_redirects_script(self.site)),
            // Only the manifest; callers that write the site use `search_index` instead.
            PageKind::SearchIndex => {
                return other(&|| String::from_utf8_lossy(&self.search_index().manifest().body).into_owned())
            }
            _ => {}
        }
        let (template, context) = self.clock.time(Stage::Context, || {
            let (template, context) = self.context(job);
            let context = tera::Context::from_value(Value::Object(context)).expect("an object is a valid context");
            (template, context)
        });
        self.clock
            .time(Stage::Templates, || self.templates.render(template, &context))
    }

    /// Time spent so far assembling template data and in tera, summed over threads.
    pub fn clock(&self) -> &StageClock {
        &self.clock
    }

    /// The search index (not pages: its files are built together, from the whole site).
    pub fn search_index(&self) -> SearchIndex {
        search::search_index(self.site, &self.shared)
    }

    fn entries(&self, ids: &[PostId]) -> Value {
        Value::Array(
            ids.iter()
                .map(|&id| Value::clone(&self.shared.post_entries[id]))
                .collect(),
        )
    }

    fn entry(&self, id: Option<PostId>) -> Value {
        id.map_or(Value::Null, |id| Value::clone(&self.shared.post_entries[id]))
    }

    /// Slices `ids` to page `n` and adds `posts` and `paginator` to the context.
    fn paginate(&self, ctx: &mut Map<String, Value>, ids: &[PostId], base: &str, n: usize) {
        let per = self.site.config.paginate_by;
        let total = page_count(ids.len(), per);
        let start = ((n - 1) * per).min(ids.len());
        let end = (start + per).min(ids.len());
        ctx.insert("posts".into(), self.entries(&ids[start..end]));
        let url = |k: usize| self.site.config.url(&paginated_path(base, k));
        ctx.insert(
            "paginator".into(),
            json!({
                "current": n,
                "total": total,
                "total_items": ids.len(),
                "previous_url": (n > 1).then(|| url(n - 1)),
                "next_url": (n < total).then(|| url(n + 1)),
                "first_url": url(1),
                "last_url": url(total),
                "pages": page_window(n, total).map(|k| json!({"number": k, "url": url(k), "current": k == n})).collect::<Vec<_>>(),
            }),
        );
    }

    /// Municipalities grouped by county, counties in alphabetical order and those without a
    /// county last: the index stays easy to scan without any JavaScript sorting.
    fn counties(&self) -> Value {
        let site = self.site;
        let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
        for (id, m) in site.municipalities.iter().enumerate() {
            let county = m.page.as_ref().and_then(|p| p.county.as_deref());
            match groups.iter_mut().find(|(c, _)| *c == county) {
                Some((_, ids)) => ids.push(id),
                None => groups.push((county, vec![id])),
            }
        }
        groups.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => crate::collation::compare(x, y, &site.config.language),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        Value::Array(
            groups
                .into_iter()
                .map(|(county, ids)| {
                    json!({
                        "name": county,
                        "id": county.map_or_else(|| "county-none".to_string(), |c| format!("county-{}", crate::slugs::slugify(c))),
                        "municipalities": ids.iter().map(|&id| self.shared.municipality_entries[id].clone()).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        )
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

    fn context(&self, job: &PageJob) -> (&'static str, Map<String, Value>) {
        let site = self.site;
        let shared = &self.shared;
        let base = |kind: &str, title: Option<&str>| context::page_context(site, shared, kind, &job.path, title);
        match job.kind {
            PageKind::Post(id) => {
                let p = &site.posts[id];
                let mut ctx = base("post", Some(&p.title));
                let description = context::shorten(&p.summary_text, context::DESCRIPTION_CHARS);
                ctx.insert("page_description".into(), json!(description));
                ctx.insert("post".into(), context::full_post(site, shared, id));
                ctx.insert("previous_visit".into(), self.entry(p.previous_visit));
                ctx.insert("next_visit".into(), self.entry(p.next_visit));
                ctx.insert("older".into(), self.entry(p.older));
                ctx.insert("newer".into(), self.entry(p.newer));
                ("post.html", ctx)
            }
            PageKind::Home(n) => {
                let mut ctx = base("home", None);
                let ids: Vec<PostId> = (0..site.posts.len()).collect();
                self.paginate(&mut ctx, &ids, "", n);
                ("index.html", ctx)
            }
            PageKind::TagIndex => {
                let mut ctx = base("tags", None);
                ctx.insert("tags".into(), Value::Array(shared.tag_entries.clone()));
                ("tags.html", ctx)
            }
            PageKind::Tag(id, n) => {
                let t = &site.tags[id];
                let mut ctx = base("tag", Some(&t.name));
                ctx.insert("tag".into(), shared.tag_entries[id].clone());
                self.paginate(&mut ctx, &t.posts, &t.path, n);
                ctx.insert("page_feed".into(), self.feed_link(FeedOf::Tag(id), &t.name));
                ("tag.html", ctx)
            }
            PageKind::MunicipalityIndex => {
                let mut ctx = base("municipalities", None);
                ctx.insert(
                    "municipalities".into(),
                    Value::Array(shared.municipality_entries.clone()),
                );
                ctx.insert("counties".into(), self.counties());
                ("municipalities.html", ctx)
            }
            PageKind::Municipality(id) => {
                let m = &site.municipalities[id];
                let mut ctx = base("municipality", Some(&m.name));
                let mut entry = shared.municipality_entries[id].clone();
                entry["intro_html"] = json!(m.page.as_ref().map(|p| p.intro_html.clone()));
                entry["extra"] = json!(m.page.as_ref().map(|p| p.extra.clone()));
                ctx.insert("municipality".into(), entry);
                ctx.insert("visits".into(), self.entries(&m.visits));
                if !m.visits.is_empty() {
                    ctx.insert("page_feed".into(), self.feed_link(FeedOf::Municipality(id), &m.name));
                }
                ("municipality.html", ctx)
            }
            PageKind::Archive => {
                let mut ctx = base("archive", None);
                ctx.insert("years".into(), self.archive_years());
                ("archive.html", ctx)
            }
            PageKind::ArchiveYear(i) => {
                let y = &site.years[i];
                let title = format!(
                    "{} {}",
                    shared.words.get("archive").and_then(Value::as_str).unwrap_or("Archive"),
                    y.year
                );
                let mut ctx = base("archive_year", Some(&title));
                ctx.insert("year".into(), json!({"year": y.year, "count": y.posts.len(), "url": site.config.url(&archive_year_path(site, y.year))}));
                ctx.insert("posts".into(), self.entries(&y.posts));
                ctx.insert("years".into(), self.archive_years());
                // Years are newest first: the newer year is the one before this in the list.
                let link = |j: Option<usize>| {
                    j.and_then(|j| site.years.get(j)).map_or(
                        Value::Null,
                        |y| json!({"year": y.year, "url": site.config.url(&archive_year_path(site, y.year))}),
                    )
                };
                ctx.insert("newer_year".into(), link(i.checked_sub(1)));
                ctx.insert("older_year".into(), link(Some(i + 1)));
                ("archive_year.html", ctx)
            }
            PageKind::NotFound => ("404.html", base("not_found", None)),
            PageKind::Search => {
                let title = shared.words.get("search").and_then(Value::as_str);
                let mut ctx = base("search", title);
                ctx.insert("search_index_url".into(), json!(site.config.url(SEARCH_INDEX_PATH)));
                ("search.html", ctx)
            }
            PageKind::Alias(id, _) => {
                let p = &site.posts[id];
                let mut ctx = base("alias", Some(&p.title));
                ctx.insert("post".into(), Value::clone(&shared.post_entries[id]));
                ("alias.html", ctx)
            }
            PageKind::Feed(_)
            | PageKind::Sitemap
            | PageKind::Robots
            | PageKind::SearchIndex
            | PageKind::QueryRedirects => {
                unreachable!("rendered without templates in `render`")
            }
        }
    }

    /// `page_feed` of a page with its own feed: its URL and a title for `<link rel="alternate">`.
    fn feed_link(&self, of: FeedOf, name: &str) -> Value {
        let c = &self.site.config;
        let path = feed_path(self.site, of);
        json!({ "url": c.url(&path), "permalink": c.permalink(&path), "title": format!("{} – {}", c.title, name) })
    }
}

/// Feeds a JSON value's serialisation into a hasher without building the string.
fn hash_value(h: &mut impl Hasher, value: &Value) {
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

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn the_paginator_window_has_first_last_and_neighbours() {
        let w = |n, total| page_window(n, total).collect::<Vec<_>>();
        assert_eq!(w(1, 1), [1]);
        assert_eq!(w(1, 2), [1, 2]);
        assert_eq!(w(2, 3), [1, 2, 3]);
        assert_eq!(w(1, 1000), [1, 2, 3, 1000]);
        assert_eq!(w(500, 1000), [1, 498, 499, 500, 501, 502, 1000]);
        assert_eq!(w(1000, 1000), [1, 998, 999, 1000]);
        assert_eq!(w(4, 6), [1, 2, 3, 4, 5, 6]);
    }
}
