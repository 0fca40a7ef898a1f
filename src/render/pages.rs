//! Which pages the site has: the page kinds, where each is written, and pagination (computed
//! here and nowhere else).

use super::aliases;
use super::search::SEARCH_INDEX_PATH;
use crate::model::{MunicipalityId, PageId, PostId, Site, TagId};

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
    /// A plain page of `content/pages/` ("Om oss").
    Plain(PageId),
    /// A redirect from an old URL: what it leads to and which of its aliases.
    Alias(AliasOf, usize),
    Feed(FeedOf),
    Sitemap,
    Robots,
    /// The search index: its manifest at this job's file and the shards beside it, all made
    /// at once from every post (`Renderer::search_index`), never one by one, so
    /// [`super::render_all`] leaves it out and each caller writes it whole.
    SearchIndex,
    /// A script for the home page that sends old query short links (`/?p=412`) to their posts.
    QueryRedirects,
}

/// What an alias redirects to: a post or a plain page, each with aliases of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasOf {
    Post(PostId),
    Page(PageId),
}

/// Whose posts an Atom feed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedOf {
    Site,
    Tag(TagId),
    Municipality(MunicipalityId),
}

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

    fn file(kind: PageKind, path: String) -> PageJob {
        PageJob {
            kind,
            file: path.clone(),
            path,
        }
    }
}

/// Page `current` of a list of `total_items` shown `per_page` at a time: the one place that
/// says which items a listing page shows and how many pages a list has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paginator {
    /// 1-based.
    pub current: usize,
    /// At least one: an empty list still has its first page.
    pub total_pages: usize,
    pub total_items: usize,
    /// The items of this page: `start..end` of the list.
    pub start: usize,
    pub end: usize,
}

impl Paginator {
    pub fn new(total_items: usize, per_page: usize, current: usize) -> Paginator {
        let per = per_page.max(1);
        let start = (current.saturating_sub(1) * per).min(total_items);
        Paginator {
            current,
            total_pages: Paginator::pages(total_items, per),
            total_items,
            start,
            end: (start + per).min(total_items),
        }
    }

    /// Number of pages needed to list `count` items `per_page` at a time (at least one).
    pub fn pages(count: usize, per_page: usize) -> usize {
        count.div_ceil(per_page.max(1)).max(1)
    }

    /// The page that shows item `index` of a list.
    pub fn page_of(index: usize, per_page: usize) -> usize {
        index / per_page.max(1) + 1
    }

    /// This page's part of `items`.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        &items[self.start..self.end]
    }

    /// The page numbers a paginator links to: the first, the last and two on each side of the
    /// current one, in order. Listing every page would make a listing of N pages cost O(N²)
    /// (a 10,000-post home page has 1,000 pages), and no reader wants 1,000 links.
    pub fn window(&self) -> impl Iterator<Item = usize> {
        let (n, total) = (self.current, self.total_pages);
        let middle = n.saturating_sub(2).max(2)..=(n + 2).min(total.saturating_sub(1));
        std::iter::once(1).chain(middle).chain((total > 1).then_some(total))
    }
}

/// Site path of page `n` of a listing whose first page is at `base`.
pub fn paginated_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Site path of one year of the archive, like `arkiv/2016/`.
pub fn archive_year_path(site: &Site, year: i32) -> String {
    format!("{}/{}/", site.config.archive_path, year)
}

/// Every page of the site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<PageJob> {
    let c = &site.config;
    let per = c.paginate_by;
    let mut jobs = Vec::new();
    for (id, p) in site.posts.iter().enumerate() {
        jobs.push(PageJob::dir(PageKind::Post(id), p.path.clone()));
    }
    for n in 1..=Paginator::pages(site.posts.len(), per) {
        jobs.push(PageJob::dir(PageKind::Home(n), paginated_path("", n)));
    }
    jobs.push(PageJob::dir(PageKind::TagIndex, format!("{}/", c.tags_path)));
    for (id, t) in site.tags.iter().enumerate() {
        for n in 1..=Paginator::pages(t.posts.len(), per) {
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
    jobs.push(PageJob::file(PageKind::NotFound, "404.html".into()));
    jobs.push(PageJob::dir(PageKind::Search, format!("{}/", c.search_path)));
    for (id, p) in site.pages.iter().enumerate() {
        jobs.push(PageJob::dir(PageKind::Plain(id), p.path.clone()));
    }
    jobs.push(PageJob::file(
        PageKind::Feed(FeedOf::Site),
        feed_path(site, FeedOf::Site),
    ));
    for id in 0..site.tags.len() {
        let of = FeedOf::Tag(id);
        jobs.push(PageJob::file(PageKind::Feed(of), feed_path(site, of)));
    }
    for (id, m) in site.municipalities.iter().enumerate() {
        if !m.visits.is_empty() {
            let of = FeedOf::Municipality(id);
            jobs.push(PageJob::file(PageKind::Feed(of), feed_path(site, of)));
        }
    }
    jobs.push(PageJob::file(PageKind::Sitemap, "sitemap.xml".into()));
    jobs.push(PageJob::file(PageKind::Robots, "robots.txt".into()));
    jobs.push(PageJob::file(PageKind::SearchIndex, SEARCH_INDEX_PATH.into()));
    if let Some(file) = aliases::query_redirects_file(site) {
        jobs.push(PageJob::file(PageKind::QueryRedirects, file));
    }
    for (of, target) in aliases::targets(site) {
        // A query alias cannot be a file; the home page's script redirects it instead.
        for (n, alias) in target
            .aliases
            .iter()
            .enumerate()
            .filter(|(_, a)| !aliases::is_query_alias(&a.value))
        {
            jobs.push(PageJob {
                kind: PageKind::Alias(of, n),
                path: alias.value.clone(),
                file: aliases::alias_file(&alias.value),
            });
        }
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::Paginator;

    #[test]
    fn the_paginator_window_has_first_last_and_neighbours() {
        let w = |n: usize, total: usize| Paginator::new(total * 10, 10, n).window().collect::<Vec<_>>();
        assert_eq!(w(1, 1), [1]);
        assert_eq!(w(1, 2), [1, 2]);
        assert_eq!(w(2, 3), [1, 2, 3]);
        assert_eq!(w(1, 1000), [1, 2, 3, 1000]);
        assert_eq!(w(500, 1000), [1, 498, 499, 500, 501, 502, 1000]);
        assert_eq!(w(1000, 1000), [1, 998, 999, 1000]);
        assert_eq!(w(4, 6), [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_page_shows_its_slice_and_the_last_page_the_rest() {
        let p = Paginator::new(25, 10, 3);
        assert_eq!((p.start, p.end, p.total_pages), (20, 25, 3));
        assert_eq!(Paginator::new(0, 10, 1).total_pages, 1);
        assert_eq!(Paginator::new(0, 10, 1).slice(&[0u8; 0]).len(), 0);
        assert_eq!(Paginator::page_of(9, 10), 1);
        assert_eq!(Paginator::page_of(10, 10), 2);
    }
}
