//! Links between content files: `@/posts/x.md`, `@/pages/x.md` and relative `x.md` links become
//! the target's URL,
//! and every link to a missing file or heading is an error at the link's file:line:column.
//!
//! Markdown is rendered while files load in parallel, before any post's URL is known, so the
//! renderer leaves a placeholder `href` that is replaced here, once the model knows every URL.

use super::{LeftOut, Municipality, Page, Post};
use crate::assets::{self, Images, Picture, Shown, Source};
use crate::config::Config;
use crate::content::{Bundle, Located};
use crate::diagnostics::Diagnostic;
use crate::markdown::{escape_attr, Heading, ImageRef, Link, LinkKind};
use crate::shortcodes::{PostFiles, Shortcodes};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// Where a content file ends up, and the heading ids a link may point at.
pub struct Target<'a> {
    /// Site path, like `posts/x/`.
    pub path: &'a str,
    /// `None` when the page's anchors are not known (a municipality page's intro).
    pub anchors: Option<Anchors<'a>>,
}

/// The heading ids of a document, which links with a `#fragment` may point at. Looked up in
/// the document's table of contents as it is: a document has few headings, and a link with a
/// fragment is rare, so no set is made for each document of a site.
#[derive(Clone, Copy)]
pub struct Anchors<'a>(&'a [Heading]);

impl Anchors<'_> {
    fn contains(&self, id: &str) -> bool {
        self.0.iter().any(|h| h.id == id)
    }

    /// The ids, sorted, for a message.
    fn sorted(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.0.iter().map(|h| h.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Everything needed to resolve the links of one site.
pub struct Resolver<'a> {
    pub config: &'a Config,
    /// What links may lead to: the map of targets is made from them at the first link to a
    /// content file. On a site whose posts show photos but link to no post, `besok serve`
    /// resolves the edited post (for its photos) and never needs the map of 10,000 posts.
    documents: Documents<'a>,
    /// Content key (`posts/a.md`, relative to content/) → target.
    targets: std::sync::OnceLock<HashMap<String, Target<'a>>>,
    /// Content keys of posts left out of this build, and why.
    pub left_out: HashMap<String, LeftOut>,
    pub shortcodes: &'a Shortcodes,
}

/// A post's own files, for its file links and images.
pub struct OwnFiles<'a> {
    /// The post's site path (`posts/kalmar/`): its files are published below it.
    pub page: &'a str,
    pub bundle: Option<&'a Bundle>,
    pub images: &'a [Located<ImageRef>],
    /// Where each of `images` is (from the assets stage).
    pub sources: &'a [Option<Source>],
    pub prepared: &'a Images,
}

impl OwnFiles<'_> {
    /// The URL of a file a link of the post names, or what is wrong with it.
    fn file_url(&self, config: &Config, dest: &str) -> Result<String, String> {
        let source = assets::resolve_in(self.bundle, dest, &Default::default())?;
        let Source::Bundle { in_bundle, .. } = &source else {
            unreachable!("a file link is relative, so it is in the bundle")
        };
        if assets::is_processed_image(in_bundle) {
            // The photo as it was is never published: its largest size stands for it.
            let p = self
                .prepared
                .prepared
                .get(&source)
                .ok_or("the image could not be read")?;
            return Ok(config.url(&format!(
                "{}{}{}",
                self.page,
                assets::folder_of(in_bundle),
                p.largest().file_name
            )));
        }
        Ok(config.url(&format!("{}{in_bundle}", self.page)))
    }

    /// The HTML of the post's image `n`.
    fn image_html(&self, config: &Config, n: usize) -> String {
        let (Some(image), Some(Some(source))) = (self.images.get(n), self.sources.get(n)) else {
            // Not found: an error of the assets stage.
            return String::new();
        };
        let (folder, name) = match source {
            Source::Bundle { in_bundle, .. } => (format!("{}{}", self.page, assets::folder_of(in_bundle)), in_bundle),
            Source::Static { output } => (assets::folder_of(output).to_string(), output),
        };
        let name = name.rsplit('/').next().unwrap_or(name);
        let shown = match self.prepared.prepared.get(source) {
            Some(p) => Shown::Sized(p),
            None => Shown::AsIs,
        };
        assets::image_html(&image.value, name, shown, &|file| {
            config.url(&format!("{folder}{file}"))
        })
    }
}

/// A post's featured image, and the image that shares it (`og:image`): the featured one, else
/// the first photo of its text.
pub(super) fn pictures(config: &Config, p: &Post, images: &Images) -> (Option<Picture>, Option<Picture>) {
    let picture = |source: &Source, alt: &str| -> Option<Picture> {
        let prepared = images.prepared.get(source)?;
        let folder = match source {
            Source::Bundle { in_bundle, .. } => format!("{}{}", p.path, assets::folder_of(in_bundle)),
            Source::Static { output } => assets::folder_of(output).to_string(),
        };
        Some(Picture::new(
            prepared,
            alt,
            &|f| config.url(&format!("{folder}{f}")),
            &|f| config.permalink(&format!("{folder}{f}")),
        ))
    };
    let featured = images
        .featured
        .get(&p.source)
        .and_then(|s| picture(s, p.featured.as_ref().map_or("", |f| f.value.alt.as_str())));
    let share = featured.clone().or_else(|| {
        let sources = images.sources.get(&p.source)?;
        p.images
            .iter()
            .zip(sources)
            .find_map(|(image, source)| source.as_ref().and_then(|s| picture(s, &image.value.alt)))
    });
    (featured, share)
}

/// The key of a content file: its path below `content/`, with `/`.
pub fn content_key(path: &Path) -> String {
    let s = crate::diagnostics::display_path(path);
    s.strip_prefix("content/").unwrap_or(&s).to_string()
}

impl Resolver<'_> {
    /// Replaces the placeholders of internal links in each of `htmls` and checks anchors.
    /// `source` is the document's file, `own_anchors` its own heading ids. Returns a hash of
    /// the URLs the links were given (see [`Post::resolved_links`]).
    pub fn resolve(
        &self,
        source: &Path,
        links: &[Located<Link>],
        own_anchors: Option<Anchors>,
        own_files: Option<&OwnFiles>,
        htmls: &mut [&mut String],
        errors: &mut Vec<Diagnostic>,
    ) -> u64 {
        let error = |l: &Located<Link>, msg: String| Diagnostic::error(source, l.at.line, l.at.column, msg);
        // The `href` of each internal link, by its number; all are put in place in one pass
        // over each HTML text at the end (one pass per link would be quadratic in long posts).
        let mut hrefs: Vec<Option<String>> = Vec::new();
        for l in links {
            match l.value.kind {
                LinkKind::Anchor => {
                    let id = &l.value.dest[1..];
                    if own_anchors.is_some_and(|a| !a.contains(id)) {
                        errors.push(error(
                            l,
                            format!(
                                "link to \"{}\": this page has no heading with the id \"{id}\"",
                                l.value.dest
                            ),
                        ));
                    }
                }
                LinkKind::External => {}
                LinkKind::Internal(n) | LinkKind::File(n) => {
                    let url = match l.value.kind {
                        LinkKind::File(_) => match own_files {
                            Some(own) => own.file_url(self.config, &l.value.dest),
                            None => Err("only a post can have files of its own; put the file in static/ and link to it from the site root".to_string()),
                        }
                        .map_err(|why| format!("link to \"{}\": {why}", l.value.dest)),
                        _ => self.target_url(source, &l.value.dest),
                    };
                    let url = match url {
                        Ok(url) => url,
                        Err(msg) => {
                            errors.push(error(l, msg));
                            // Keep the page readable: the link goes nowhere rather than to a placeholder.
                            "#".to_string()
                        }
                    };
                    if hrefs.len() <= n {
                        hrefs.resize(n + 1, None);
                    }
                    hrefs[n] = Some(format!("href=\"{}\"", escape_attr(&url)));
                }
            }
        }
        if !hrefs.is_empty() {
            for html in htmls.iter_mut() {
                **html = replace_placeholders(html, &hrefs);
            }
        }
        if let Some(own) = own_files.filter(|o| !o.images.is_empty()) {
            for html in htmls.iter_mut() {
                **html = crate::markdown::replace_images(html, |n| own.image_html(self.config, n));
            }
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&hrefs, &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// The URL an internal link points to, or what is wrong with it.
    fn target_url(&self, source: &Path, dest: &str) -> Result<String, String> {
        let (file, fragment) = match dest.split_once('#') {
            Some((f, frag)) => (f, Some(frag)),
            None => (dest, None),
        };
        let file = file.split('?').next().unwrap_or(file).replace("%20", " ");
        let key = match file.strip_prefix("@/") {
            Some(rest) => normalize(Path::new(""), rest),
            None => normalize(Path::new(&content_key(source)).parent().unwrap_or(Path::new("")), &file),
        };
        let Some(key) = key else {
            return Err(format!(
                "link to \"{dest}\" leads outside content/; expected a path like \"@/posts/besok-i-vetlanda.md\""
            ));
        };
        let Some(target) = self.targets().get(&key) else {
            match self.left_out.get(&key) {
                Some(LeftOut::Draft) => {
                    return Err(format!(
                        "link to \"{dest}\": content/{key} is a draft, left out of this build (build with --drafts, or remove the link)"
                    ))
                }
                Some(LeftOut::Scheduled) => {
                    return Err(format!(
                        "link to \"{dest}\": content/{key} is dated in the future, held back until then (build with --future, or remove the link)"
                    ))
                }
                None => {}
            }
            // From a bundle's index.md, a file beside the bundle is one folder up.
            let source_key = content_key(source);
            let up = Path::new(&source_key)
                .parent()
                .filter(|_| crate::content::is_bundle_index(&Path::new("content").join(&source_key)))
                .and_then(Path::parent)
                .filter(|_| !file.starts_with("@/"))
                .and_then(|dir| normalize(dir, &file));
            if up.is_some_and(|k| self.targets().contains_key(&k)) {
                return Err(format!(
                    "link to \"{dest}\": there is no content/{key}; did you mean \"../{dest}\"? (a link in a bundle's index.md is relative to its folder)"
                ));
            }
            return Err(format!(
                "link to \"{dest}\": there is no content/{key}; expected a post, a page or a municipality page, like \"@/posts/besok-i-vetlanda.md\""
            ));
        };
        let mut url = self.config.url(target.path);
        if let Some(id) = fragment.filter(|f| !f.is_empty()) {
            if let Some(anchors) = &target.anchors {
                if !anchors.contains(id) {
                    let known = anchors.sorted();
                    let known = if known.is_empty() {
                        "it has no headings".to_string()
                    } else {
                        format!("its heading ids are: {}", known.join(", "))
                    };
                    return Err(format!(
                        "link to \"{dest}\": content/{key} has no heading with the id \"{id}\"; {known}"
                    ));
                }
            }
            url.push('#');
            url.push_str(id);
        }
        Ok(url)
    }
}

/// Joins `rel` onto `dir` (both below content/), resolving `.` and `..`; `None` if it leaves content/.
fn normalize(dir: &Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .iter()
        .map(|p| p.to_string_lossy().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}

/// `html` with every [`crate::markdown::placeholder`] whose number has an entry in `hrefs` replaced by it.
fn replace_placeholders(html: &str, hrefs: &[Option<String>]) -> String {
    const START: &str = "href=\"besok-internal-link:";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(START) {
        out.push_str(&rest[..i]);
        let after = &rest[i + START.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let href = after[..digits]
            .parse::<usize>()
            .ok()
            .filter(|_| after[digits..].starts_with('"'))
            .and_then(|n| hrefs.get(n).and_then(Option::as_ref));
        match href {
            Some(href) => {
                out.push_str(href);
                rest = &after[digits + 1..];
            }
            None => {
                out.push_str(START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The content files a link may lead to.
#[derive(Clone, Copy)]
struct Documents<'a> {
    posts: &'a [Box<Post>],
    pages: &'a [Page],
    municipalities: &'a [Municipality],
}

impl<'a> Resolver<'a> {
    fn new(
        config: &'a Config,
        documents: Documents<'a>,
        left_out: HashMap<String, LeftOut>,
        shortcodes: &'a Shortcodes,
    ) -> Resolver<'a> {
        Resolver {
            config,
            documents,
            targets: std::sync::OnceLock::new(),
            left_out,
            shortcodes,
        }
    }

    fn targets(&self) -> &HashMap<String, Target<'a>> {
        let Documents {
            posts,
            pages,
            municipalities,
        } = self.documents;
        self.targets.get_or_init(|| targets(posts, pages, municipalities))
    }
}

/// Every content file a link may lead to, with its anchors (a post's or plain page's heading
/// ids).
fn targets<'a>(
    posts: &'a [Box<Post>],
    pages: &'a [Page],
    municipalities: &'a [Municipality],
) -> HashMap<String, Target<'a>> {
    let mut targets = HashMap::with_capacity(posts.len() + pages.len() + municipalities.len());
    let documents = posts
        .iter()
        .map(|p| (&p.source, &p.path, &p.toc))
        .chain(pages.iter().map(|p| (&p.source, &p.path, &p.toc)));
    for (source, path, toc) in documents {
        targets.insert(
            content_key(source),
            Target {
                path,
                anchors: Some(Anchors(toc)),
            },
        );
    }
    for m in municipalities {
        if let Some(page) = &m.page {
            targets.insert(
                content_key(&page.path),
                Target {
                    path: &m.path,
                    anchors: None,
                },
            );
        }
    }
    targets
}

/// See [`super::Site::resolve_post`].
pub(super) fn resolve_post(site: &mut super::Site, id: usize) -> Result<(), Vec<Diagnostic>> {
    let p = &site.posts[id];
    if !post_needs_work(p) && p.featured.is_none() {
        site.posts[id].resolved_links = 0;
        return Ok(());
    }
    let documents = Documents {
        posts: &site.posts,
        pages: &site.pages,
        municipalities: &site.municipalities,
    };
    let resolver = Resolver::new(&site.config, documents, HashMap::new(), &site.shortcodes);
    let mut errors = Vec::new();
    let resolved = resolve_one(&resolver, p, &site.images, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (image, share_image) = pictures(&site.config, p, &site.images);
    let p = &mut site.posts[id];
    set_resolved(p, resolved);
    p.image = image;
    p.share_image = share_image;
    Ok(())
}

/// A post's content and summary with its links and images resolved, and where its links lead
/// (see `Post::resolved_links`): the one way a post is resolved, for a whole build and for one
/// post edited in place.
struct ResolvedPost {
    content: String,
    summary: String,
    resolved_links: u64,
    /// The HTML of each comment that links to content files, by its place in `Post::comments`.
    comments: Vec<(usize, String)>,
    /// The text its shortcodes show, for the search index.
    shortcode_text: String,
}

/// Puts a post's resolved content in place.
fn set_resolved(p: &mut Post, resolved: ResolvedPost) {
    p.content_html = resolved.content.into();
    p.summary_html = resolved.summary;
    p.resolved_links = resolved.resolved_links;
    if !resolved.shortcode_text.is_empty() {
        p.plain_text = format!("{} {}", p.plain_text, resolved.shortcode_text).trim().into();
    }
    set_comments(p, resolved.comments);
}

/// Whether a post has links or images for the model to resolve, in its text or its comments.
pub(super) fn post_needs_work(p: &Post) -> bool {
    let internal = |links: &[Located<Link>]| links.iter().any(|l| l.value.kind != LinkKind::External);
    internal(&p.links)
        || !p.images.is_empty()
        || !p.shortcodes.is_empty()
        || p.comments.iter().any(|c| internal(&c.links))
}

/// Puts the resolved HTML of comments in place.
fn set_comments(p: &mut Post, resolved: Vec<(usize, String)>) {
    for (i, html) in resolved {
        if let Some(c) = p.comments.get_mut(i) {
            c.html = html;
        }
    }
}

fn resolve_one(resolver: &Resolver, p: &Post, images: &Images, errors: &mut Vec<Diagnostic>) -> ResolvedPost {
    let files = OwnFiles {
        page: &p.path,
        bundle: p.bundle.as_ref(),
        images: &p.images,
        sources: images.sources.get(&p.source).map_or(&[][..], Vec::as_slice),
        prepared: images,
    };
    let mut content = p.content_html.text().into_owned();
    let mut summary = p.summary_html.clone();
    let mut resolved_links = resolver.resolve(
        &p.source,
        &p.links,
        Some(Anchors(&p.toc)),
        Some(&files),
        &mut [&mut content, &mut summary],
        errors,
    );
    // Shortcodes last, so a body shortcode's body is the finished HTML of its text.
    let mut shortcode_text = String::new();
    if !p.shortcodes.is_empty() {
        let post_files = PostFiles {
            config: resolver.config,
            page: &p.path,
            title: &p.title,
            bundle: p.bundle.as_ref(),
            prepared: images,
            images: &p.images,
            sources: files.sources,
        };
        let expanded = resolver.shortcodes.expand(
            &p.source,
            &p.shortcodes,
            &post_files,
            &mut [&mut content, &mut summary],
            errors,
        );
        resolved_links ^= expanded.hash;
        shortcode_text = expanded.text;
    }
    // A comment may link to posts and pages, but to none of the post's files or headings.
    let mut comments = Vec::new();
    for (i, c) in p.comments.iter().enumerate().filter(|(_, c)| !c.links.is_empty()) {
        let archive = p.source.with_file_name(crate::content::COMMENTS_FILE);
        let mut html = c.html.clone();
        resolved_links ^= resolver.resolve(&archive, &c.links, None, None, &mut [&mut html], errors);
        comments.push((i, html));
    }
    ResolvedPost {
        content,
        summary,
        resolved_links,
        comments,
        shortcode_text,
    }
}

/// Turns `@/posts/x.md` and relative `.md` links into URLs and checks every internal link
/// and heading anchor of posts, plain pages and municipality intros.
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve_links(
    config: &Config,
    posts: &mut [Box<Post>],
    kept: &[bool],
    municipalities: &mut [Municipality],
    pages: &mut [Page],
    left_out: HashMap<String, LeftOut>,
    images: &Images,
    shortcodes: &Shortcodes,
    errors: &mut Vec<Diagnostic>,
) {
    let needs_work = |links: &[Located<Link>]| links.iter().any(|l| l.value.kind != LinkKind::External);
    if !posts.iter().any(|p| post_needs_work(p))
        && !pages.iter().any(|p| needs_work(&p.links))
        && !municipalities
            .iter()
            .any(|m| m.page.as_ref().is_some_and(|p| needs_work(&p.links)))
    {
        return;
    }
    let replacements: Vec<(usize, ResolvedPost)>;
    let mut page_contents: Vec<(usize, String)> = Vec::new();
    let mut intros: Vec<(usize, String)> = Vec::new();
    {
        let documents = Documents {
            posts,
            pages,
            municipalities,
        };
        let resolver = Resolver::new(config, documents, left_out, shortcodes);
        // Posts in parallel: on a site whose posts show photos, every post has work here.
        let resolved: Vec<(usize, ResolvedPost, Vec<Diagnostic>)> = posts
            .par_iter()
            .enumerate()
            .filter(|(i, p)| !kept[*i] && post_needs_work(p))
            .map(|(i, p)| {
                let mut found = Vec::new();
                let r = resolve_one(&resolver, p, images, &mut found);
                (i, r, found)
            })
            .collect();
        replacements = resolved
            .into_iter()
            .map(|(i, r, found)| {
                errors.extend(found);
                (i, r)
            })
            .collect();
        for (i, p) in pages.iter().enumerate() {
            if !needs_work(&p.links) {
                continue;
            }
            let mut content = p.content_html.to_string();
            resolver.resolve(
                &p.source,
                &p.links,
                Some(Anchors(&p.toc)),
                None,
                &mut [&mut content],
                errors,
            );
            page_contents.push((i, content));
        }
        for (i, m) in municipalities.iter().enumerate() {
            if let Some(page) = m.page.as_ref().filter(|p| needs_work(&p.links)) {
                let mut intro = page.intro_html.clone();
                resolver.resolve(&page.path, &page.links, None, None, &mut [&mut intro], errors);
                intros.push((i, intro));
            }
        }
    }
    for (i, intro) in intros {
        if let Some(page) = municipalities[i].page.as_mut() {
            page.intro_html = intro;
        }
    }
    for (i, content) in page_contents {
        pages[i].content_html = content.into();
    }
    for (i, resolved) in replacements {
        set_resolved(&mut posts[i], resolved);
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use std::path::Path;

    #[test]
    fn relative_paths_are_resolved_inside_content() {
        assert_eq!(
            normalize(Path::new("posts/2016"), "../a.md").as_deref(),
            Some("posts/a.md")
        );
        assert_eq!(normalize(Path::new("posts"), "./b.md").as_deref(), Some("posts/b.md"));
        assert_eq!(normalize(Path::new("posts"), "../../x.md"), None);
    }
}
