//! The site model: posts, tags, municipalities with their timelines, the year archive, and
//! plain pages.
//!
//! Built once from the loaded content and read-only afterwards. Rendering reads it and never
//! goes back to the files; relations are indices into `Site::posts`, so nothing is copied.

mod archive;
mod kept;
mod links;
mod municipalities;
mod pages;
mod selection;
mod tags;
#[cfg(test)]
mod test_posts;

pub use crate::markdown::PostHtml;
pub use kept::KeptPost;
pub use links::content_key;
pub use municipalities::next_visit_number;
pub use pages::{Page, PageId};
pub use selection::{Future, HeldBack, Selection};

use crate::config::Config;
use crate::content::{Bundle, LoadedContent, Located, Location, MunicipalityPage, PostDate, PostSource};
use crate::diagnostics::Diagnostic;
use crate::identity::Spellings;
use crate::markdown::{Heading, ImageRef, Link};
use kept::{merged_order, Origin};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub type PostId = usize;
pub type TagId = usize;
pub type MunicipalityId = usize;

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first. Boxed: `besok serve` keeps posts from one model to the next and puts
    /// them in order again, which then moves pointers, not the near kilobyte each post is.
    pub posts: Vec<Box<Post>>,
    /// Alphabetical in the site's language.
    pub tags: Vec<Tag>,
    /// Alphabetical in the site's language.
    pub municipalities: Vec<Municipality>,
    /// Newest year first.
    pub years: Vec<Year>,
    /// Plain pages ("Om oss"), sorted by path.
    pub pages: Vec<Page>,
    pub warnings: Vec<Diagnostic>,
    /// Posts dated after the run's time, left out until then.
    pub held_back: HeldBack,
    /// The sizes of the static photos posts show ([`Site::files`] has the posts' own files).
    pub static_photo_files: Vec<crate::assets::OutputFile>,
    /// The posts' images, made ready: kept for `besok serve` to show an edited post's images.
    pub images: crate::assets::Images,
    /// The theme's shortcode templates: kept for `besok serve` to render an edited post's.
    pub shortcodes: Arc<crate::shortcodes::Shortcodes>,
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
    /// Dated after the run's time and shown only as a preview (`besok serve`).
    pub scheduled: bool,
    pub content_html: PostHtml,
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
    /// The local images of the body.
    pub images: Vec<Located<ImageRef>>,
    /// The post's own folder and files, when it is a bundle.
    pub bundle: Option<Bundle>,
    /// What the post publishes beside its page: its bundle's files, of which photos in their
    /// sizes ([`crate::assets::post_outputs`]). Made with the post's photos, and kept with it.
    pub files: Vec<crate::assets::OutputFile>,
    /// `image` and `image_alt` of the front matter, as written.
    pub featured: Option<Located<ImageRef>>,
    /// Readers' comments kept from the blog the site moved from, in the archive's order.
    pub comments: Vec<crate::content::Comment>,
    /// The shortcodes of the body, rendered into `content_html` by the model.
    pub shortcodes: Vec<crate::content::ShortcodeCall>,
    /// The featured image, made ready.
    pub image: Option<crate::assets::Picture>,
    /// The image that shares the post (`og:image`): the featured one, else its first photo.
    pub share_image: Option<crate::assets::Picture>,
    /// A hash of the URLs the model gave the body's links to other content files (0 without
    /// any): the post's HTML changes with it while its file stays the same, so `besok serve`
    /// counts it as part of the post.
    pub resolved_links: u64,
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
    pub spellings: Spellings,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub page: Option<MunicipalityPage>,
    /// The timeline: oldest visit first.
    pub visits: Vec<PostId>,
    /// Which of Sweden's 290 municipalities it is (its code, county, position and outline on
    /// the map), by its name: exactly, or the one a misspelling was warned about. `None` for a
    /// name not among them, and on a site with `municipalities = "any"`.
    pub sweden: Option<&'static crate::sweden::Municipality>,
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
        self.images = s.images;
        self.featured = s.featured;
        self.comments = s.comments;
        self.shortcodes = s.shortcodes;
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

impl Post {
    /// The post of a parsed file, with what only the file says; its place in the site
    /// (tags, municipality, visit, neighbours) is left empty for [`Site::build_keeping`] to set.
    fn of_source(mut s: Box<PostSource>) -> Box<Post> {
        // Moved, not copied, out of the parsed post: each copy is an allocation, and the
        // parsed post is freed right after.
        let slug = std::mem::take(&mut s.slug.value);
        let mut post = Post {
            title_at: s.title.at,
            municipality_at: s.municipality.as_ref().map(|m| m.at),
            links: Vec::new(),
            images: Vec::new(),
            bundle: s.bundle.take(),
            files: Vec::new(),
            featured: None,
            comments: Vec::new(),
            shortcodes: Vec::new(),
            image: None,
            share_image: None,
            resolved_links: 0,
            path: format!("posts/{slug}/"),
            slug,
            source: std::mem::take(&mut s.path),
            title: String::new(),
            date: s.date.value,
            author: None,
            municipality: None,
            visit_number: None,
            tags: Vec::new(),
            draft: s.draft,
            scheduled: false,
            content_html: PostHtml::default(),
            summary_html: String::new(),
            summary_text: String::new(),
            toc: Vec::new(),
            word_count: 0,
            plain_text: Arc::from(""),
            aliases: std::mem::take(&mut s.aliases),
            extra: toml::Table::new(),
            previous_visit: None,
            next_visit: None,
            newer: None,
            older: None,
        };
        post.set_content(*s);
        Box::new(post)
    }

    /// Whether the post's content is the same whatever the rest of the site: it has no link
    /// to another file, no image, featured image, shortcode or bundle. Such a post is kept as
    /// it is when the model is made again ([`Site::build_keeping`]), and so is one that
    /// [`Post::shows_only_its_own_files`] while those files are unchanged; the others are made
    /// again from their files, since a link's target or a photo's sizes may have moved.
    pub fn stands_alone(&self) -> bool {
        !links::post_needs_work(self) && self.featured.is_none() && self.bundle.is_none()
    }

    /// Whether the post's content is the same whatever the rest of the site, as long as its
    /// own files (its bundle's, its photos' sizes) are: neither it nor its comments link to
    /// another post, page or municipality, and it calls no shortcode (which may show what
    /// other posts have).
    pub fn shows_only_its_own_files(&self) -> bool {
        let own = |links: &[Located<Link>]| {
            links
                .iter()
                .all(|l| !matches!(l.value.kind, crate::markdown::LinkKind::Internal(_)))
        };
        own(&self.links) && self.shortcodes.is_empty() && self.comments.iter().all(|c| own(&c.links))
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
        && a.bundle == b.bundle
}

/// Why a post of the site's files is not in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    Draft,
    /// Dated after the run's time.
    Scheduled,
}

impl Post {
    /// Whether the post is shown only as a preview (a draft, or scheduled): it is never in
    /// feeds, the sitemap or the search index, which readers and other sites take as published.
    pub fn is_preview(&self) -> bool {
        self.draft || self.scheduled
    }
}

impl Municipality {
    pub fn last_visit(&self) -> Option<PostId> {
        self.visits.last().copied()
    }

    /// How many reports (posts) of it the site has.
    pub fn report_count(&self) -> usize {
        self.visits.len()
    }

    /// The highest visit number of its reports. Not the number of reports: the site may hold
    /// only the report of visit 2, and then there were two visits.
    pub fn last_visit_number(&self, posts: &[Box<Post>]) -> Option<u32> {
        self.visits.iter().filter_map(|&id| posts[id].visit_number).max()
    }

    /// How many visits the site knows of: the highest visit number (or the number of reports,
    /// should a `visit` written by hand say less).
    pub fn visit_count(&self, posts: &[Box<Post>]) -> usize {
        let numbered = self.last_visit_number(posts).map_or(0, |n| n as usize);
        numbered.max(self.report_count())
    }
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    /// Newest first.
    pub posts: Vec<PostId>,
}

impl Site {
    /// Resolves the links and images of post `id` alone, after `besok serve` replaced its
    /// content in place ([`Post::set_content`]). Errors mean the edit needs the whole model
    /// (which reports them with every other problem).
    pub fn resolve_post(&mut self, id: PostId) -> Result<(), Vec<Diagnostic>> {
        links::resolve_post(self, id)
    }

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
            let unanimous = matches!(tag.spellings.as_slice(), [only] if only.name == tag.name);
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
                tag.spellings.adjust_only(-1);
            }
        }
        for &t in ids.iter().filter(|t| !old.contains(t)) {
            let tag = &mut self.tags[t];
            if let Err(i) = tag.posts.binary_search(&id) {
                tag.posts.insert(i, id);
                tag.spellings.adjust_only(1);
            }
        }
        self.posts[id].tags = ids;
    }

    /// Builds the model from loaded content. Errors found here (duplicate slugs, ...) are
    /// returned together with those of loading, so one run reports everything.
    pub fn build(
        config: Config,
        content: LoadedContent,
        images: crate::assets::Images,
        shortcodes: Arc<crate::shortcodes::Shortcodes>,
        selection: Selection,
    ) -> Result<Site, Vec<Diagnostic>> {
        Site::build_or_problems(config, content, images, shortcodes, selection).map_err(|p| p.errors)
    }

    /// [`Site::build`], keeping the warnings of a model that has errors too (`besok check`
    /// shows both).
    pub fn build_or_problems(
        config: Config,
        content: LoadedContent,
        images: crate::assets::Images,
        shortcodes: Arc<crate::shortcodes::Shortcodes>,
        selection: Selection,
    ) -> Result<Site, Problems> {
        Site::build_keeping(config, content, Vec::new(), images, shortcodes, selection)
    }

    /// [`Site::build_or_problems`] of `content` and of posts `kept` from the previous model of
    /// the same files (`besok serve`): each kept post keeps its content as it is, and only its
    /// place in the site (tags, municipality, visit, neighbours) is made again, by the same
    /// rules as a parsed post's. At 10,000 posts, making every post again from a copy of its
    /// parsed file took a third of a writer's wait for a new post.
    ///
    /// `kept` is in the site's order (as the previous model had them). A kept post's content,
    /// pictures and `resolved_links` are kept as they are, not resolved again: each is one
    /// that [`Post::stands_alone`], or one that [`Post::shows_only_its_own_files`] whose
    /// files are as they were (same files, same settings), and `images` has its photos.
    pub fn build_keeping(
        config: Config,
        content: LoadedContent,
        kept: Vec<KeptPost<'_>>,
        images: crate::assets::Images,
        shortcodes: Arc<crate::shortcodes::Shortcodes>,
        selection: Selection,
    ) -> Result<Site, Problems> {
        let mut errors = content.errors;
        let mut warnings = Vec::new();
        if config.slugs_from.is_none() {
            let every = content.posts.iter().map(|p| &**p).chain(kept.iter().map(|k| k.source));
            warn_on_addresses_from_titles(every, &mut warnings);
        }

        // Posts left out: links to them are errors that say why.
        let mut left_out: HashMap<String, LeftOut> = HashMap::new();
        let mut held_back = HeldBack::default();
        let mut leave_out = |p: &PostSource| -> bool {
            if p.draft && !selection.drafts {
                left_out.insert(content_key(&p.path), LeftOut::Draft);
            } else if p.date.value.datetime > selection.now && selection.future == Future::Hold {
                held_back.add(p.date.value.datetime);
                left_out.insert(content_key(&p.path), LeftOut::Scheduled);
            } else {
                return false;
            }
            true
        };
        let parsed: Vec<Box<PostSource>> = content.posts.into_iter().filter(|p| !leave_out(p)).collect();
        let kept: Vec<KeptPost> = kept.into_iter().filter(|k| !leave_out(k.source)).collect();
        let parsed = in_site_order(parsed);
        let order = merged_order(&parsed, &kept);
        let sources: Vec<&PostSource> = order
            .iter()
            .map(|o| match *o {
                Origin::Parsed(i) => &*parsed[i],
                Origin::Kept(i) => kept[i].source,
            })
            .collect();
        let mut pages = pages::pages(content.pages, selection, &mut left_out, &mut warnings);

        // The passes below read the posts and not each other's results, so they run side by
        // side: `besok serve` builds the model again after some edits, and at 10,000 posts
        // each pass is milliseconds of reading posts no longer in any cache.
        // The slugs are checked beside the municipalities: the tags take as long as the two.
        let ((tags, tag_problems), (mut municipalities, timelines, place_problems)) = rayon::join(
            || {
                let mut problems = Problems::default();
                warn_on_markdown_read_without(&sources, &mut problems.warnings);
                let tags = tags::tags(&sources, &config, &mut slugger(), &mut problems.warnings);
                (tags, problems)
            },
            || {
                let mut problems = Problems::default();
                check_duplicate_slugs(&sources, &mut problems.errors);
                let municipalities = municipalities::municipalities(
                    &sources,
                    content.municipality_pages,
                    &config,
                    &mut slugger(),
                    &mut problems.errors,
                    &mut problems.warnings,
                );
                let timelines = municipalities::timelines(&municipalities, &sources, &mut problems.warnings);
                (municipalities, timelines, problems)
            },
        );
        for problems in [tag_problems, place_problems] {
            errors.extend(problems.errors);
            warnings.extend(problems.warnings);
        }

        // Posts in their final form: the parsed ones made from their files (in parallel:
        // moving 10,000 posts' text is felt in serve), then each given its place.
        use rayon::prelude::*;
        let count = order.len();
        let made: Vec<Box<Post>> = parsed.into_par_iter().map(Post::of_source).collect();
        let mut posts: Vec<Box<Post>> = if kept.is_empty() {
            made
        } else {
            // The merged order takes each list from its start: every post is moved once.
            let (mut made, mut kept) = (made.into_iter(), kept.into_iter());
            order
                .iter()
                .filter_map(|o| match o {
                    Origin::Parsed(_) => made.next(),
                    Origin::Kept(_) => kept.next().map(|k| k.post),
                })
                .collect()
        };
        posts
            .par_iter_mut()
            .zip(tags.of_post)
            .enumerate()
            .for_each(|(id, (post, tags))| {
                post.municipality = timelines.municipality[id];
                post.visit_number = timelines.visit_number[id];
                post.tags = tags;
                post.scheduled = selection.future == Future::Preview && post.date.datetime > selection.now;
                post.previous_visit = timelines.neighbours[id].previous;
                post.next_visit = timelines.neighbours[id].next;
                post.newer = id.checked_sub(1);
                post.older = (id + 1 < count).then_some(id + 1);
            });
        let tags = tags.tags;

        // A kept post's content and pictures are as the last model resolved them (see
        // `build_keeping`): only the others are resolved.
        let is_kept: Vec<bool> = order.iter().map(|o| matches!(o, Origin::Kept(_))).collect();
        links::resolve_links(
            &config,
            &mut posts,
            &is_kept,
            &mut municipalities,
            &mut pages,
            left_out,
            &images,
            &shortcodes,
            &mut errors,
        );
        // A kept post keeps its files too: its bundle and photos did not change.
        posts
            .par_iter_mut()
            .zip(&is_kept)
            .filter(|(_, kept)| !**kept)
            .for_each(|(p, _)| {
                (p.image, p.share_image) = links::pictures(&config, p, &images);
                p.files = p
                    .bundle
                    .as_ref()
                    .map_or_else(Vec::new, |b| crate::assets::post_outputs(b, &p.path, &images));
            });
        let static_photo_files = crate::assets::static_photo_outputs(&images);
        let years = archive::years(&posts);

        if errors.is_empty() {
            warnings.sort();
            Ok(Site {
                config,
                posts,
                tags,
                municipalities,
                years,
                pages,
                warnings,
                held_back,
                static_photo_files,
                images,
                shortcodes,
            })
        } else {
            errors.sort();
            errors.dedup();
            warnings.sort();
            Err(Problems {
                errors,
                warnings,
                posts,
            })
        }
    }
}

impl Site {
    /// Every file the posts publish beside their pages (bundle files, sizes of photos), each
    /// once, sorted by path: where two would publish one path, the first in the site's order
    /// keeps it, and a post's own file keeps it before a static photo's size.
    pub fn files(&self) -> Vec<&crate::assets::OutputFile> {
        crate::assets::each_output_once(self.files_in_order())
    }

    /// The files the posts publish beside their pages in the order that decides who keeps a
    /// path two would publish (see [`Site::files`]): each post's in the site's order, then
    /// the sizes of static photos. Repeats included.
    pub fn files_in_order(&self) -> impl Iterator<Item = &crate::assets::OutputFile> {
        let posts = self.posts.iter().flat_map(|p| &p.files);
        posts.chain(&self.static_photo_files)
    }

    /// Packs every post's HTML when the site's is large, above [`crate::markdown::pack_above`]
    /// bytes in all: what lets a site of 100,000 posts build in 2 GiB. Loading packed the
    /// posts read after the site's HTML passed the limit (see [`crate::markdown::Packer`]);
    /// this packs those read before it.
    pub fn pack_html_if_large(&mut self) {
        use rayon::prelude::*;
        // Once loading packed some, the site is large: the held lengths, some packed, may no
        // longer add up to the limit they passed.
        let packed_some = self.posts.iter().any(|p| p.content_html.is_packed());
        let total: usize = self.posts.iter().map(|p| p.content_html.held_len()).sum();
        if packed_some || total > crate::markdown::pack_above() {
            self.posts.par_iter_mut().for_each(|p| p.content_html.pack());
        }
    }
}

/// What keeps a model from being built: its errors, with the warnings found on the way.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// The posts as the model made them: `besok serve` keeps those that stand alone for its
    /// next model, so fixing the mistake does not make every post again.
    pub posts: Vec<Box<Post>>,
}

/// Names that differ beyond letter case but share a URL ("Åre" and "Are") are joined into one
/// page; say so, so it never happens unnoticed.
pub(super) fn warn_on_slug_collision(
    spellings: &Spellings,
    slug: &str,
    what: &str,
    sources: &[&PostSource],
    posts: &[PostId],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut distinct: Vec<String> = spellings.iter().map(|s| s.name.to_lowercase()).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() < 2 {
        return;
    }
    let names: Vec<String> = spellings.iter().map(|s| format!("\"{}\"", s.name)).collect();
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

/// A site whose config.toml does not say `slugs_from` was made before posts took their
/// addresses from their files' names: its posts keep the addresses their titles give them, and
/// it is told, once in config.toml and at each post whose address a file name would change,
/// what to add to choose (drafts included: they are published one day).
fn warn_on_addresses_from_titles<'a>(posts: impl Iterator<Item = &'a PostSource>, warnings: &mut Vec<Diagnostic>) {
    let mut would_move: Vec<&PostSource> = posts
        .filter(|p| !p.slug_written && !p.file_slug.is_empty() && p.file_slug != p.slug.value)
        .collect();
    would_move.sort_by(|a, b| a.path.cmp(&b.path));
    let first = match would_move.len() {
        0 => "no post's address changes".to_string(),
        1 => "1 post needs a `slug` line first, as its warning says".to_string(),
        n => format!("{n} posts need a `slug` line first, as their warnings say"),
    };
    warnings.push(Diagnostic::warning(
        "config.toml",
        1,
        1,
        format!(
            "posts take their addresses from their titles, so a new title moves a post; add `slugs_from = \"file\"` \
             to take them from the files' names instead ({first}), or `slugs_from = \"title\"` to keep titles"
        ),
    ));
    for p in would_move {
        warnings.push(Diagnostic::warning(
            &p.path,
            p.slug.at.line,
            p.slug.at.column,
            format!(
                "the address posts/{}/ is made from the title and would be posts/{}/ with `slugs_from = \"file\"`; add `slug = \"{}\"` to keep it",
                p.slug.value, p.file_slug, p.slug.value
            ),
        ));
    }
}

/// Slugs a tag or municipality name, each name once: a site of 10,000 posts names its few
/// dozen tags tens of thousands of times.
fn slugger() -> impl FnMut(&str) -> String {
    let mut slugs: rustc_hash::FxHashMap<String, String> = Default::default();
    move |name: &str| {
        if let Some(slug) = slugs.get(name) {
            return slug.clone();
        }
        let slug = crate::slugs::slugify(name);
        slugs.insert(name.to_string(), slug.clone());
        slug
    }
}

/// Warns of each post the markdown parser could read only without some of markdown.
fn warn_on_markdown_read_without(sources: &[&PostSource], warnings: &mut Vec<Diagnostic>) {
    for s in sources {
        if let Some(without) = s.content.read_without {
            warnings.push(read_without_warning(&s.path, s.title.at, "post", without));
        }
    }
}

/// The warning for a post or page (`what`) that the markdown parser could read only without
/// some of markdown (`without`), at its title.
fn read_without_warning(path: &std::path::Path, at: Location, what: &str, without: &str) -> Diagnostic {
    Diagnostic::warning(
        path,
        at.line,
        at.column,
        format!(
            "the markdown parser failed on this {what}, so it was read without {without}; \
             check its headings that end in `{{...}}`"
        ),
    )
}

/// `sources` in the site's order ([`PostSource::site_order`]). The posts are boxed, so
/// sorting moves pointers, not the nearly 1 KB each post is.
fn in_site_order(mut sources: Vec<Box<PostSource>>) -> Vec<Box<PostSource>> {
    sources.sort_by(|a, b| PostSource::site_order(a, b));
    sources
}

/// Two posts may not have the same URL: the second would silently replace the first. The
/// first by file path keeps it, so the message is the same on every build.
fn check_duplicate_slugs(sources: &[&PostSource], errors: &mut Vec<Diagnostic>) {
    // The first post of each slug, and the posts of the slugs that more than one has: no
    // list is made for the slugs one post has (nearly all).
    let mut first: rustc_hash::FxHashMap<&str, &PostSource> = Default::default();
    first.reserve(sources.len());
    let mut by_slug: rustc_hash::FxHashMap<&str, Vec<&PostSource>> = Default::default();
    for p in sources {
        let slug = p.slug.value.as_str();
        match first.entry(slug) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(p);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                by_slug.entry(slug).or_insert_with(|| vec![*e.get()]).push(p)
            }
        }
    }
    let mut shared: Vec<Vec<&PostSource>> = by_slug.into_values().collect();
    for posts in &mut shared {
        posts.sort_by(|a, b| a.path.cmp(&b.path));
    }
    shared.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    for posts in shared {
        let first = posts[0];
        for p in &posts[1..] {
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
        }
    }
}
