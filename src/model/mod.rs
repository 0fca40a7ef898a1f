//! The site model: posts, tags, municipalities with their timelines, and the year archive.
//!
//! Built once from the loaded content and read-only afterwards. Rendering reads it and never
//! goes back to the files; relations are indices into `Site::posts`, so nothing is copied.

mod links;

pub use links::content_key;

use crate::collation;
use crate::config::Config;
use crate::content::{LoadedContent, Located, Location, MunicipalityPage, PostDate, PostSource};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Heading, Link, LinkKind};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

pub type PostId = usize;
pub type TagId = usize;
pub type MunicipalityId = usize;

/// The ways one name was written, with how often each was used.
type Spellings = Vec<(String, usize)>;

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first.
    pub posts: Vec<Post>,
    /// Alphabetical in the site's language.
    pub tags: Vec<Tag>,
    /// Alphabetical in the site's language.
    pub municipalities: Vec<Municipality>,
    /// Newest year first.
    pub years: Vec<Year>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub source: PathBuf,
    pub slug: String,
    /// Site path of the page, like `posts/besok-i-vetlanda/`.
    pub path: String,
    pub title: String,
    pub date: PostDate,
    pub author: Option<String>,
    pub municipality: Option<MunicipalityId>,
    /// Which visit to the municipality this is, 1 for the first.
    pub visit_number: Option<u32>,
    pub tags: Vec<TagId>,
    pub draft: bool,
    pub content_html: Arc<str>,
    pub summary_html: String,
    pub summary_text: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    /// The body as plain text (for the search index).
    pub plain_text: Arc<str>,
    /// Old URL paths (normalised, without a leading `/`) that redirect here, with where each
    /// was written.
    pub aliases: Vec<Located<String>>,
    /// Where the title was written: the place a message about the whole post points to.
    pub title_at: Location,
    /// Where `municipality` was written.
    pub municipality_at: Option<Location>,
    /// The links of the body that besok checks (internal, anchors, external).
    pub links: Vec<Located<Link>>,
    pub extra: toml::Table,
    /// The visits to the same municipality before and after this one.
    pub previous_visit: Option<PostId>,
    pub next_visit: Option<PostId>,
    /// The posts before and after this one in time, across the whole site.
    pub older: Option<PostId>,
    pub newer: Option<PostId>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Newest first.
    pub posts: Vec<PostId>,
    /// How many posts write the tag each way ("Samverkan", "samverkan"), in the order the
    /// spellings were first written: the name is chosen from these.
    pub spellings: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub page: Option<MunicipalityPage>,
    /// The timeline: oldest visit first.
    pub visits: Vec<PostId>,
}

impl Post {
    /// Takes from the post file what only this post shows: title, author, content (with its
    /// plain text and links), summary, table of contents, word count and `extra`. The other fields relate the post to the
    /// rest of the site and are set by [`Site::build`]; when two versions of a file agree on
    /// those ([`same_place`]), `besok serve` updates a post with this alone.
    pub fn set_content(&mut self, s: PostSource) {
        let (summary_html, summary_text) = match s.summary_override {
            Some(o) => o,
            None => (s.content.summary_html, s.content.summary_text),
        };
        self.title = s.title.value;
        self.title_at = s.title.at;
        self.links = s.links;
        self.plain_text = s.content.text;
        self.author = s.author;
        self.content_html = s.content.html;
        self.summary_html = summary_html;
        self.summary_text = summary_text;
        self.toc = s.content.toc;
        self.word_count = s.content.word_count;
        self.extra = s.extra;
    }
}

/// Whether two versions of a post file give the post the same place in the site: the same
/// URL, date, municipality, visit, tags, draft state and aliases, written at the same lines
/// (messages point there). Everything else is what [`Post::set_content`] takes.
pub fn same_place(a: &PostSource, b: &PostSource) -> bool {
    a.tags == b.tags && same_place_but_tags(a, b)
}

/// [`same_place`] but for the tags, which [`Site::existing_tags`] and [`Site::set_tags`] can
/// change in place.
pub fn same_place_but_tags(a: &PostSource, b: &PostSource) -> bool {
    a.path == b.path
        && a.slug == b.slug
        && a.date == b.date
        && a.municipality == b.municipality
        && a.visit == b.visit
        && a.draft == b.draft
        && a.aliases == b.aliases
}

impl Municipality {
    pub fn last_visit(&self) -> Option<PostId> {
        self.visits.last().copied()
    }
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Newest first.
    pub posts: Vec<PostId>,
}

impl Site {
    /// The tags a post file names (`written`, where it named `was` before), as ids of tags the
    /// site has, for `besok serve` to move the post between tags in place. `None` unless each
    /// tag it joins or leaves is one that every post writes exactly so (then joining or leaving
    /// it changes no tag's name or warning), each tag it keeps is written as before (a new
    /// spelling changes the tag's counts), and no tag is left empty.
    pub fn existing_tags(
        &self,
        id: PostId,
        was: &[Located<String>],
        written: &[Located<String>],
    ) -> Option<Vec<TagId>> {
        let mut ids: Vec<TagId> = Vec::new();
        for t in written {
            let tag = self.tags.iter().position(|tag| tag.name == t.value)?;
            if !ids.contains(&tag) {
                ids.push(tag);
            }
        }
        let spelled = |tags: &[Located<String>], tag: &Tag| -> Vec<String> {
            tags.iter()
                .map(|t| t.value.clone())
                .filter(|v| crate::slugs::slugify(v) == tag.slug)
                .collect()
        };
        let old = &self.posts[id].tags;
        for &t in ids.iter().filter(|t| old.contains(t)) {
            if spelled(was, &self.tags[t]) != spelled(written, &self.tags[t]) {
                return None;
            }
        }
        let touched = old
            .iter()
            .filter(|t| !ids.contains(t))
            .chain(ids.iter().filter(|t| !old.contains(t)));
        for &t in touched {
            let tag = &self.tags[t];
            let unanimous = matches!(tag.spellings.as_slice(), [(name, _)] if *name == tag.name);
            let emptied = old.contains(&t) && tag.posts.len() == 1;
            if !unanimous || emptied {
                return None;
            }
        }
        Some(ids)
    }

    /// Gives post `id` the tags `ids` (from [`Site::existing_tags`]), adding it to and taking it
    /// from the tags' lists.
    pub fn set_tags(&mut self, id: PostId, ids: Vec<TagId>) {
        let old = std::mem::take(&mut self.posts[id].tags);
        for &t in old.iter().filter(|t| !ids.contains(t)) {
            let tag = &mut self.tags[t];
            if let Ok(i) = tag.posts.binary_search(&id) {
                tag.posts.remove(i);
                tag.spellings[0].1 -= 1;
            }
        }
        for &t in ids.iter().filter(|t| !old.contains(t)) {
            let tag = &mut self.tags[t];
            if let Err(i) = tag.posts.binary_search(&id) {
                tag.posts.insert(i, id);
                tag.spellings[0].1 += 1;
            }
        }
        self.posts[id].tags = ids;
    }

    /// Builds the model from loaded content. Errors found here (duplicate slugs, ...) are
    /// returned together with those of loading, so one run reports everything.
    pub fn build(config: Config, content: LoadedContent, include_drafts: bool) -> Result<Site, Vec<Diagnostic>> {
        let mut errors = content.errors;
        let mut warnings = Vec::new();
        let language = config.language.clone();

        let drafts: HashSet<String> = content
            .posts
            .iter()
            .filter(|p| p.draft && !include_drafts)
            .map(|p| content_key(&p.path))
            .collect();
        let mut sources: Vec<PostSource> = content
            .posts
            .into_iter()
            .filter(|p| include_drafts || !p.draft)
            .collect();
        sources.sort_by(site_order);

        check_duplicate_slugs(&sources, &mut errors);
        for s in &sources {
            if let Some(without) = s.content.read_without {
                warnings.push(Diagnostic::warning(
                    &s.path,
                    s.title.at.line,
                    s.title.at.column,
                    format!(
                        "the markdown parser failed on this post, so it was read without {without}; \
                         check its headings that end in `{{...}}`"
                    ),
                ));
            }
        }

        // The slugs of tag and municipality names, each made once: a site of 10,000 posts
        // names its few dozen tags tens of thousands of times.
        let mut slugs: HashMap<String, String> = HashMap::new();
        let mut slug_of = |name: &str| -> String {
            if let Some(slug) = slugs.get(name) {
                return slug.clone();
            }
            let slug = crate::slugs::slugify(name);
            slugs.insert(name.to_string(), slug.clone());
            slug
        };

        // Tags: one per slug, so "Samverkan" and "samverkan" are one tag.
        let mut tag_groups: HashMap<String, (Spellings, Vec<PostId>)> = HashMap::new();
        // Oldest first, so on a tie the name a tag was first given wins.
        for (post_id, p) in sources.iter().enumerate().rev() {
            let mut seen_here: Vec<String> = Vec::new();
            for t in &p.tags {
                let slug = slug_of(&t.value);
                if seen_here.contains(&slug) {
                    continue;
                }
                let entry = tag_groups.entry(slug.clone()).or_default();
                count_spelling(&mut entry.0, &t.value);
                entry.1.push(post_id);
                seen_here.push(slug);
            }
        }
        let mut tags: Vec<Tag> = tag_groups
            .into_iter()
            .map(|(slug, (spellings, mut posts))| {
                posts.reverse();
                warn_on_slug_collision(&spellings, &slug, "tag", &sources, &posts, &mut warnings);
                Tag {
                    path: format!("{}/{}/", config.tags_path, slug),
                    name: preferred_spelling(&spellings),
                    slug,
                    posts,
                    spellings,
                }
            })
            .collect();
        tags.sort_by(|a, b| collation::compare(&a.name, &b.name, &language));
        // Each post keeps its tags in the order the writer gave them.
        let tag_by_slug: HashMap<&str, TagId> = tags.iter().enumerate().map(|(i, t)| (t.slug.as_str(), i)).collect();
        let post_tags: Vec<Vec<TagId>> = sources
            .iter()
            .map(|p| {
                let mut ids: Vec<TagId> = Vec::new();
                for t in &p.tags {
                    let id = tag_by_slug[slug_of(&t.value).as_str()];
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                ids
            })
            .collect();

        // Municipalities: from posts and from municipality pages, one per name. Names that
        // differ only in case, spaces or punctuation are one municipality; names with other
        // letters are not, even where their URL words would be the same (Håbo and Habo).
        type Group = (Spellings, Option<MunicipalityPage>, Vec<PostId>);
        let mut by_name: HashMap<String, Group> = HashMap::new();
        for page in content.municipality_pages {
            let entry = by_name.entry(municipality_key(&page.name.value)).or_default();
            if let Some(existing) = &entry.1 {
                errors.push(Diagnostic::error(
                    &page.path,
                    page.name.at.line,
                    page.name.at.column,
                    format!(
                        "a second page for municipality \"{}\"; {} is already its page",
                        page.name.value,
                        existing.path.display()
                    ),
                ));
            } else {
                entry.1 = Some(page);
            }
        }
        for (post_id, p) in sources.iter().enumerate().rev() {
            if let Some(m) = &p.municipality {
                let entry = by_name.entry(municipality_key(&m.value)).or_default();
                count_spelling(&mut entry.0, &m.value);
                entry.2.push(post_id); // oldest first, since we walk newest-first in reverse
            }
        }
        let mut named: Vec<(String, Group)> = by_name
            .into_values()
            .map(|group| {
                let name = match &group.1 {
                    Some(p) => p.name.value.clone(),
                    None => preferred_spelling(&group.0),
                };
                (name, group)
            })
            .collect();
        named.sort_by(|a, b| collation::compare(&a.0, &b.0, &language).then_with(|| a.0.cmp(&b.0)));
        let slugs = municipality_slugs(&named.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), &mut slug_of);
        for (i, (name, (_, page, visits))) in named.iter().enumerate() {
            let slug = &slugs[i];
            let plain = slug_of(name);
            if *slug != plain {
                let others: Vec<String> = named
                    .iter()
                    .filter(|(other, _)| other != name && slug_of(other) == plain)
                    .map(|(other, _)| format!("\"{other}\""))
                    .collect();
                let (path, at) = match (page, visits.first()) {
                    (Some(page), _) => (&page.path, page.name.at),
                    (None, Some(&pid)) => (
                        &sources[pid].path,
                        sources[pid]
                            .municipality
                            .as_ref()
                            .map_or_else(Location::default, |m| m.at),
                    ),
                    (None, None) => continue,
                };
                warnings.push(Diagnostic::warning(
                    path,
                    at.line.max(1),
                    at.column.max(1),
                    format!(
                        "the municipality \"{name}\" has the URL word \"{slug}\", as \"{plain}\" would also be that of {}",
                        others.join(", ")
                    ),
                ));
            }
            if let Some(page) = page {
                let stem = page
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                if stem != *slug {
                    warnings.push(Diagnostic::warning(
                        &page.path,
                        page.name.at.line,
                        page.name.at.column,
                        format!(
                            "the page for \"{}\" is expected at content/municipalities/{slug}.md; its name decides its URL",
                            page.name.value
                        ),
                    ));
                }
            }
        }
        let mut municipalities: Vec<Municipality> = named
            .into_iter()
            .zip(slugs)
            .map(|((name, (spellings, page, visits)), slug)| {
                warn_on_slug_collision(&spellings, &slug, "municipality", &sources, &visits, &mut warnings);
                Municipality {
                    path: format!("{}/{}/", config.municipalities_path, slug),
                    name,
                    slug,
                    page,
                    visits,
                }
            })
            .collect();
        municipalities.sort_by(|a, b| collation::compare(&a.name, &b.name, &language));

        // Posts in their final form, then the timeline relations.
        let mut post_municipality = vec![None; sources.len()];
        for (mid, m) in municipalities.iter().enumerate() {
            for &pid in &m.visits {
                post_municipality[pid] = Some(mid);
            }
        }
        let mut visit_numbers: Vec<Option<u32>> = vec![None; sources.len()];
        let mut neighbours: Vec<(Option<PostId>, Option<PostId>)> = vec![(None, None); sources.len()];
        for m in &municipalities {
            number_visits(m, &sources, &mut visit_numbers, &mut warnings);
            for (i, &pid) in m.visits.iter().enumerate() {
                neighbours[pid] = (i.checked_sub(1).map(|j| m.visits[j]), m.visits.get(i + 1).copied());
            }
        }

        let count = sources.len();
        let posts: Vec<Post> = sources
            .into_iter()
            .zip(post_tags)
            .enumerate()
            .map(|(id, (s, tags))| {
                let mut post = Post {
                    title_at: s.title.at,
                    municipality_at: s.municipality.as_ref().map(|m| m.at),
                    links: Vec::new(),
                    path: format!("posts/{}/", s.slug.value),
                    slug: s.slug.value.clone(),
                    source: s.path.clone(),
                    title: String::new(),
                    date: s.date.value,
                    author: None,
                    municipality: post_municipality[id],
                    visit_number: visit_numbers[id],
                    tags,
                    draft: s.draft,
                    content_html: Arc::from(""),
                    summary_html: String::new(),
                    summary_text: String::new(),
                    toc: Vec::new(),
                    word_count: 0,
                    plain_text: Arc::from(""),
                    aliases: s.aliases.clone(),
                    extra: toml::Table::new(),
                    previous_visit: neighbours[id].0,
                    next_visit: neighbours[id].1,
                    newer: id.checked_sub(1),
                    older: (id + 1 < count).then_some(id + 1),
                };
                post.set_content(s);
                post
            })
            .collect();

        let mut posts = posts;
        resolve_links(&config, &mut posts, &mut municipalities, drafts, &mut errors);

        let mut years: Vec<Year> = Vec::new();
        for (id, p) in posts.iter().enumerate() {
            let year = chrono::Datelike::year(&p.date.local_date());
            match years.last_mut() {
                Some(y) if y.year == year => y.posts.push(id),
                _ => years.push(Year { year, posts: vec![id] }),
            }
        }

        if errors.is_empty() {
            warnings.sort();
            Ok(Site {
                config,
                posts,
                tags,
                municipalities,
                years,
                warnings,
            })
        } else {
            errors.sort();
            errors.dedup();
            Err(errors)
        }
    }
}

/// Turns `@/posts/x.md` and relative `.md` links into URLs and checks every internal link
/// and heading anchor of posts and municipality intros.
fn resolve_links(
    config: &Config,
    posts: &mut [Post],
    municipalities: &mut [Municipality],
    drafts: HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) {
    let needs_work = |links: &[Located<Link>]| links.iter().any(|l| l.value.kind != LinkKind::External);
    if !posts.iter().any(|p| needs_work(&p.links))
        && !municipalities
            .iter()
            .any(|m| m.page.as_ref().is_some_and(|p| needs_work(&p.links)))
    {
        return;
    }
    let anchors: Vec<HashSet<String>> = posts
        .iter()
        .map(|p| p.toc.iter().map(|h| h.id.clone()).collect())
        .collect();
    let mut targets = HashMap::new();
    let mut replacements: Vec<(usize, String, String)> = Vec::new();
    let mut intros: Vec<(usize, String)> = Vec::new();
    {
        for (p, a) in posts.iter().zip(&anchors) {
            targets.insert(
                content_key(&p.source),
                links::Target {
                    path: &p.path,
                    anchors: Some(a.iter().map(String::as_str).collect()),
                },
            );
        }
        for m in municipalities.iter() {
            if let Some(page) = &m.page {
                targets.insert(
                    content_key(&page.path),
                    links::Target {
                        path: &m.path,
                        anchors: None,
                    },
                );
            }
        }
        let resolver = links::Resolver {
            config,
            targets,
            drafts,
        };
        for (i, p) in posts.iter().enumerate() {
            if !needs_work(&p.links) {
                continue;
            }
            let own: HashSet<&str> = anchors[i].iter().map(String::as_str).collect();
            let mut content = p.content_html.to_string();
            let mut summary = p.summary_html.clone();
            resolver.resolve(
                &p.source,
                &p.links,
                Some(&own),
                &mut [&mut content, &mut summary],
                errors,
            );
            replacements.push((i, content, summary));
        }
        for (i, m) in municipalities.iter().enumerate() {
            if let Some(page) = m.page.as_ref().filter(|p| needs_work(&p.links)) {
                let mut intro = page.intro_html.clone();
                resolver.resolve(&page.path, &page.links, None, &mut [&mut intro], errors);
                intros.push((i, intro));
            }
        }
    }
    for (i, intro) in intros {
        if let Some(page) = municipalities[i].page.as_mut() {
            page.intro_html = intro;
        }
    }
    for (i, content, summary) in replacements {
        posts[i].content_html = content.into();
        posts[i].summary_html = summary;
    }
}

fn count_spelling(spellings: &mut Vec<(String, usize)>, name: &str) {
    // Composed, so an "å" typed as "a" and a combining ring is the same spelling as one typed
    // as "å" (the two look the same; only one would be shown).
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(name);
    match spellings.iter_mut().find(|(s, _)| *s == name) {
        Some((_, n)) => *n += 1,
        None => spellings.push((name.into_owned(), 1)),
    }
}

/// The most used spelling of a name; on a tie, the one counted first (callers count oldest
/// post first, so the name as first written wins), so the choice is the same on every build.
fn preferred_spelling(spellings: &[(String, usize)]) -> String {
    let mut best: Option<&(String, usize)> = None;
    for s in spellings {
        if best.is_none_or(|b| s.1 > b.1) {
            best = Some(s);
        }
    }
    best.map(|b| b.0.clone()).unwrap_or_default()
}

/// Names that differ beyond letter case but share a URL ("Åre" and "Are") are joined into one
/// page; say so, so it never happens unnoticed.
fn warn_on_slug_collision(
    spellings: &[(String, usize)],
    slug: &str,
    what: &str,
    sources: &[PostSource],
    posts: &[PostId],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut distinct: Vec<String> = spellings.iter().map(|(s, _)| s.to_lowercase()).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 {
        return;
    }
    let names: Vec<String> = spellings.iter().map(|(s, _)| format!("\"{s}\"")).collect();
    if let Some(&pid) = posts.first() {
        let p = &sources[pid];
        let at = if what == "tag" {
            p.tags
                .iter()
                .find(|t| crate::slugs::slugify(&t.value) == slug)
                .map(|t| t.at)
        } else {
            p.municipality.as_ref().map(|m| m.at)
        }
        .unwrap_or_default();
        warnings.push(Diagnostic::warning(
            &p.path,
            at.line.max(1),
            at.column.max(1),
            format!(
                "the {what} names {} all have the URL word \"{slug}\" and are shown as one {what}",
                names.join(", ")
            ),
        ));
    }
}

/// What makes two municipality names the same municipality: their letters and digits,
/// lowercased ("Malung-Sälen" and "malung sälen" are one). Å, ä and ö are letters of their
/// own, so "Håbo" and "Habo", two municipalities, stay two.
pub fn municipality_key(name: &str) -> String {
    // Composed first: a decomposed "å" is an "a" and a ring, and the ring is no letter.
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(name);
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if key.is_empty() {
        name.to_lowercase()
    } else {
        key
    }
}

/// The URL word of each municipality (`names` in collation order): its name's slug, unless
/// that is also another's ("habo" for Håbo and Habo). Then each of those takes the long
/// Swedish spelling of å, ä and ö (aa, ae, oe: "haabo" and "habo"), and any still sharing one
/// are numbered in collation order ("-2", "-3"), so every name keeps a URL of its own, the
/// same on every build of the same site.
fn municipality_slugs(names: &[&str], slug_of: &mut impl FnMut(&str) -> String) -> Vec<String> {
    let plain: Vec<String> = names.iter().map(|n| slug_of(n)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for s in &plain {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut slugs: Vec<String> = names
        .iter()
        .zip(&plain)
        .map(|(name, slug)| {
            if count[slug.as_str()] > 1 {
                crate::slugs::slugify(long_swedish(name))
            } else {
                slug.clone()
            }
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    let mut numbered: HashMap<String, usize> = HashMap::new();
    // Plain slugs first, so a numbered one never takes a name's own.
    let unique: HashSet<String> = slugs
        .iter()
        .filter(|s| slugs.iter().filter(|t| t == s).count() == 1)
        .cloned()
        .collect();
    for slug in slugs.iter_mut() {
        if unique.contains(slug.as_str()) {
            taken.insert(slug.clone());
            continue;
        }
        let base = slug.clone();
        let n = numbered.entry(base.clone()).or_insert(0);
        loop {
            *n += 1;
            let candidate = if *n == 1 { base.clone() } else { format!("{base}-{n}") };
            if !taken.contains(&candidate) && !unique.contains(&candidate) {
                *slug = candidate;
                break;
            }
        }
        taken.insert(slug.clone());
    }
    slugs
}

/// The order of posts in the site (a post's id is its place): newest first, then by URL word
/// and file, so the order is the same on every build.
fn site_order(a: &PostSource, b: &PostSource) -> std::cmp::Ordering {
    b.date
        .value
        .cmp(&a.date.value)
        .then_with(|| a.slug.value.cmp(&b.slug.value))
        .then_with(|| a.path.cmp(&b.path))
}

/// The names of the municipalities that `posts` (drafts left out, as a build does) and `pages`
/// name, chosen as [`Site::build`] chooses them: a municipality's page's name, else the spelling
/// most posts use, the oldest post's on a tie. What `besok new` needs to tell the URL words the
/// build will give before it runs.
pub fn municipality_names(posts: &[PostSource], pages: &[MunicipalityPage]) -> Vec<String> {
    let mut sources: Vec<&PostSource> = posts.iter().filter(|p| !p.draft).collect();
    sources.sort_by(|a, b| site_order(a, b));
    let mut groups: HashMap<String, (Spellings, Option<&str>)> = HashMap::new();
    for page in pages {
        let entry = groups.entry(municipality_key(&page.name.value)).or_default();
        entry.1.get_or_insert(page.name.value.as_str());
    }
    for p in sources.iter().rev() {
        if let Some(m) = &p.municipality {
            count_spelling(&mut groups.entry(municipality_key(&m.value)).or_default().0, &m.value);
        }
    }
    groups
        .into_values()
        .map(|(spellings, page)| page.map_or_else(|| preferred_spelling(&spellings), str::to_string))
        .collect()
}

/// The URL word the municipality `name` gets on a site whose municipalities are `others`
/// (see [`municipality_names`]; one of them may be `name` itself, in another spelling):
/// what `besok new` needs to name a municipality page's file before the site is built.
pub fn municipality_slug(name: &str, others: &[&str], language: &str) -> String {
    let key = municipality_key(name);
    let mut seen = HashSet::new();
    let mut names: Vec<&str> = std::iter::once(name)
        .chain(others.iter().copied())
        .filter(|n| seen.insert(municipality_key(n)))
        .collect();
    names.sort_by(|a, b| collation::compare(a, b, language).then_with(|| a.cmp(b)));
    let slugs = municipality_slugs(&names, &mut |n: &str| crate::slugs::slugify(n));
    names
        .iter()
        .position(|n| municipality_key(n) == key)
        .map(|i| slugs[i].clone())
        .unwrap_or_default()
}

/// Å, ä and ö written the long way (aa, ae, oe), as in names spelled without those letters.
fn long_swedish(name: &str) -> String {
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(name);
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            'å' => out.push_str("aa"),
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'Å' => out.push_str("Aa"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            c => out.push(c),
        }
    }
    out
}

/// Two posts may not have the same URL: the second would silently replace the first.
fn check_duplicate_slugs(sources: &[PostSource], errors: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &PostSource> = HashMap::new();
    let mut by_path: Vec<&PostSource> = sources.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for p in by_path {
        if let Some(first) = seen.get(p.slug.value.as_str()) {
            errors.push(Diagnostic::error(
                &p.path,
                p.slug.at.line,
                p.slug.at.column,
                format!(
                    "this post's URL posts/{}/ is already taken by {}; give one of them another `slug`",
                    p.slug.value,
                    first.path.display()
                ),
            ));
        } else {
            seen.insert(&p.slug.value, p);
        }
    }
}

/// The number of a visit that does not say its own: the one after the visit before it, or 1.
/// `besok new` uses the same rule, so the number it writes is the one the build would give.
pub fn next_visit_number(previous: Option<u32>) -> u32 {
    previous.map_or(1, |n| n + 1)
}

/// Numbers a municipality's visits in date order: a post's own `visit` wins, otherwise it is
/// the visit after the one before. A `visit` that contradicts the dates is a warning.
fn number_visits(
    m: &Municipality,
    sources: &[PostSource],
    numbers: &mut [Option<u32>],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut previous: Option<(u32, PostId)> = None;
    for &pid in &m.visits {
        let p = &sources[pid];
        let number = match &p.visit {
            Some(v) => {
                if let Some((prev_number, prev_id)) = previous {
                    if v.value <= prev_number {
                        let prev = &sources[prev_id];
                        warnings.push(Diagnostic::warning(
                            &p.path,
                            v.at.line,
                            v.at.column,
                            format!(
                                "`visit = {}` contradicts the dates: the earlier visit to {} in {} ({}) is visit {}",
                                v.value,
                                m.name,
                                prev.path.display(),
                                prev.date.value.local_date(),
                                prev_number
                            ),
                        ));
                    }
                }
                v.value
            }
            None => next_visit_number(previous.map(|(n, _)| n)),
        };
        numbers[pid] = Some(number);
        previous = Some((number, pid));
    }
}
