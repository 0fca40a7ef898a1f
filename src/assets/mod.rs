//! A post's own files and the local images of posts, made ready to publish: the pipeline's
//! stage between loading and the model.
//!
//! A post may be a bundle (`content/posts/<name>/index.md` with its photos and files beside
//! it). Its relative links and images point into the bundle; an image may also come from the
//! site's `static/` folder (`/bilder/karta.png`). Every JPEG, PNG or WebP an image shows is
//! resized to the configured widths, turned upright and stripped of all metadata (a phone's
//! photo carries the GPS position of the visit) by [`crate::images`], through the build cache
//! in `.besok-cache/images/`; only those variants are published, never the photo as it was.
//! Other files of a bundle (PDFs, GIFs, SVGs) are published as they are.

use crate::content::{Bundle, Located, PostSource};
use crate::diagnostics::Diagnostic;
mod memo;

pub use memo::Memo;
use memo::Stamp;

use crate::html::escape_html;
use crate::images::{ImageCache, ImageSettings, Key};
use crate::markdown::ImageRef;
use crate::markdown::LinkKind;
use crate::progress::Progress;
use crate::static_names::StaticSource;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The folder of the build cache, in the site's folder.
pub const CACHE_DIR: &str = ".besok-cache";

/// Largest source file read as an image: a camera's largest photos are a few tens of MB.
const MAX_IMAGE_FILE: u64 = 200 * 1024 * 1024;

/// Where a local file a post links to or shows is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// In the post's bundle: the file relative to the site root, and relative to the bundle.
    Bundle { path: PathBuf, in_bundle: String },
    /// A static file: its path in the output.
    Static { output: String },
}

/// Finds the file `dest` (as written in the markdown of `post`) names.
pub fn resolve(post: &PostSource, dest: &str, statics: &BTreeMap<String, StaticSource>) -> Result<Source, String> {
    resolve_in(post.bundle.as_ref(), dest, statics)
}

/// [`resolve`] for a post with the bundle `bundle`.
pub fn resolve_in(
    bundle: Option<&Bundle>,
    dest: &str,
    statics: &BTreeMap<String, StaticSource>,
) -> Result<Source, String> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if let Some(rooted) = decoded.strip_prefix('/') {
        return if statics.contains_key(rooted) {
            Ok(Source::Static {
                output: rooted.to_string(),
            })
        } else {
            Err(format!(
                "there is no static file {rooted}; files under / come from the site's static/ folder"
            ))
        };
    }
    let Some(bundle) = bundle else {
        return Err(
            "a post's own files go beside it in a bundle: make the post content/posts/<name>/index.md and put the file in that folder"
                .to_string(),
        );
    };
    let Some(in_bundle) = normalize(&decoded) else {
        return Err("it leads out of the post's folder; link to a file beside the post".to_string());
    };
    if bundle.files.iter().any(|f| f == Path::new(&in_bundle)) {
        Ok(Source::Bundle {
            path: bundle.dir.join(&in_bundle),
            in_bundle,
        })
    } else {
        Err(format!(
            "there is no {}",
            crate::diagnostics::display_path(&bundle.dir.join(&in_bundle))
        ))
    }
}

/// `a/./b/../c.jpg` as `a/c.jpg`; `None` when it leaves the folder.
fn normalize(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Whether besok makes sizes of an image file (by its name; its bytes are checked on decoding).
pub fn is_processed_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| lower.ends_with(e))
}

/// One size of a processed image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// Its file name, made from the photo's name, width and content (`foto-960w.1a2b3c4d.jpg`).
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    /// Where the build cache keeps it.
    pub cached: PathBuf,
}

/// An image made ready: its size (upright) and its sizes, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub width: u32,
    pub height: u32,
    pub sizes: Vec<Size>,
}

impl Prepared {
    /// The size a browser without `srcset` loads: the narrowest at least 960 px wide, else the widest.
    pub fn fallback(&self) -> &Size {
        self.sizes
            .iter()
            .find(|s| s.width >= 960)
            .or(self.sizes.last())
            .expect("an image has at least one size")
    }

    /// The widest size.
    pub fn largest(&self) -> &Size {
        self.sizes.last().expect("an image has at least one size")
    }
}

/// The images of a run, made ready, by source.
#[derive(Debug, Default, Clone)]
pub struct Images {
    pub prepared: FxHashMap<Source, Arc<Prepared>>,
    /// Where each post's images are (by post file, then by the image's number in the post;
    /// `None` for one that is not there, which is an error of this stage).
    pub sources: FxHashMap<PathBuf, Vec<Option<Source>>>,
    /// Where each post's featured image is, by post file.
    pub featured: FxHashMap<PathBuf, Source>,
    /// The cache entries this run used: what a build keeps when it prunes the cache.
    pub keys: HashSet<Key>,
}

impl Images {
    /// Whether every photo the post in `post` (its file) shows, featured or in its text, is
    /// one of its bundle's (none of `static/`).
    pub fn shows_only_bundle_photos(&self, post: &Path) -> bool {
        let bundle = |s: &Source| matches!(s, Source::Bundle { .. });
        self.sources
            .get(post)
            .is_none_or(|sources| sources.iter().all(|s| s.as_ref().is_some_and(bundle)))
            && self.featured.get(post).is_none_or(bundle)
    }

    /// Keeps of these images, those of an earlier run on the same files, only what is of the
    /// posts `kept` (each by its file and its bundle's folder): where each post's photos and
    /// featured photo are, and every photo of its bundle made ready; then adds `newer`, the
    /// images of the other posts made ready now. For `besok serve`, which keeps posts whose
    /// bundles did not change without looking at their photos again. When nearly every post
    /// is kept, this touches only what changed: copying 10,000 posts' entries took 12 ms.
    /// `keys` then holds the earlier run's too.
    pub fn keep_posts_and_add(&mut self, kept: &[(&Path, &Path)], newer: Images) {
        use std::ffi::OsStr;
        // The three maps are apart, so each is pruned on a core of its own: at 10,000 kept
        // posts each is some 10,000 lookups of a path, while the writer waits.
        let Images {
            prepared,
            sources,
            featured,
            keys,
        } = self;
        rayon::join(
            || {
                let bundles: rustc_hash::FxHashSet<&OsStr> = kept.iter().map(|(_, dir)| dir.as_os_str()).collect();
                prepared.retain(|source, _| {
                    let Source::Bundle { path, in_bundle } = source else {
                        return false;
                    };
                    let dir = path.to_str().and_then(|p| p.strip_suffix(in_bundle.as_str()));
                    dir.is_some_and(|d| bundles.contains(OsStr::new(d.trim_end_matches('/'))))
                });
                prepared.extend(newer.prepared);
            },
            || {
                let posts: rustc_hash::FxHashSet<&OsStr> = kept.iter().map(|(post, _)| post.as_os_str()).collect();
                rayon::join(
                    || {
                        sources.retain(|post, _| posts.contains(post.as_os_str()));
                        sources.extend(newer.sources);
                    },
                    || {
                        featured.retain(|post, _| posts.contains(post.as_os_str()));
                        featured.extend(newer.featured);
                    },
                );
                keys.extend(newer.keys);
            },
        );
    }

    /// Whether a static file is a photo posts show: it is then published only in its sizes,
    /// never as it is (with its metadata).
    pub fn is_processed_static(&self, output: &str) -> bool {
        self.prepared.contains_key(&Source::Static {
            output: output.to_string(),
        })
    }

    /// The static files a site publishes as they are: all of `statics` but the photos posts
    /// show, which are published in their sizes only, never as they were (with their metadata).
    /// `besok build` writes these and `besok serve` serves them.
    pub fn published_statics<'a>(
        &self,
        statics: &'a BTreeMap<String, StaticSource>,
    ) -> Vec<(&'a String, &'a StaticSource)> {
        statics
            .iter()
            .filter(|(rel, _)| !self.is_processed_static(rel))
            .collect()
    }
}

/// Makes every local image that `posts` show ready: each source once, in parallel, through
/// `cache`. A missing file or a bad image is an error at the image in the post (the first post
/// showing it), so a writer sees every problem of a run at once. Shortcodes show photos too:
/// each photo of the bundle a call's argument names, and every photo of the bundle of a post
/// calling a shortcode for which `all_photos` says so.
#[allow(clippy::too_many_arguments)]
pub fn prepare(
    root: &Path,
    posts: &[Box<PostSource>],
    statics: &BTreeMap<String, StaticSource>,
    settings: &ImageSettings,
    cache: &ImageCache,
    memo: Option<&Memo>,
    all_photos: &dyn Fn(&str) -> bool,
) -> (Images, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    // Each source with the first place that shows it.
    let mut wanted: FxHashMap<Source, (&PostSource, &Located<ImageRef>)> = FxHashMap::default();
    let mut wanted_links: Vec<(Source, &PostSource, Located<ImageRef>)> = Vec::new();
    let mut sources: FxHashMap<PathBuf, Vec<Option<Source>>> = FxHashMap::default();
    // Found in parallel (a site of photos has one or more in every post), then gathered in the
    // posts' order, so the first post showing a photo is the one an error about it names.
    let found_images: Vec<Vec<Result<Source, String>>> = posts
        .par_iter()
        .map(|post| {
            post.images
                .iter()
                .map(|image| resolve(post, &image.value.dest, statics))
                .collect()
        })
        .collect();
    for (post, resolved_images) in posts.iter().zip(found_images) {
        if post.images.is_empty() {
            continue;
        }
        let found = sources.entry(post.path.clone()).or_default();
        for (image, resolved) in post.images.iter().zip(resolved_images) {
            found.push(resolved.as_ref().ok().cloned());
            match resolved {
                Ok(source) => {
                    let name = match &source {
                        Source::Bundle { in_bundle, .. } => in_bundle.as_str(),
                        Source::Static { output } => output.as_str(),
                    };
                    if is_processed_image(name) {
                        wanted.entry(source).or_insert((post, image));
                    }
                }
                Err(why) => errors.push(image_error(post, image, &why)),
            }
        }
    }
    let mut featured: FxHashMap<PathBuf, Source> = FxHashMap::default();
    for post in posts {
        if let Some(image) = &post.featured {
            match resolve(post, &image.value.dest, statics) {
                Ok(source) => {
                    let name = match &source {
                        Source::Bundle { in_bundle, .. } => in_bundle.as_str(),
                        Source::Static { output } => output.as_str(),
                    };
                    if is_processed_image(name) {
                        featured.insert(post.path.clone(), source.clone());
                        wanted.entry(source).or_insert((post, image));
                    } else {
                        errors.push(image_error(
                            post,
                            image,
                            "a featured image is a JPEG, PNG or WebP photo",
                        ));
                    }
                }
                Err(why) => errors.push(image_error(post, image, &why)),
            }
        }
    }
    // A link to a photo of the bundle leads to its largest size: the photo as it was (with
    // its metadata) is never published. Missing files are the model's errors, with the link's.
    for post in posts {
        for link in post.links.iter().filter(|l| matches!(l.value.kind, LinkKind::File(_))) {
            if let Ok(source @ Source::Bundle { .. }) = resolve(post, &link.value.dest, statics) {
                if let Source::Bundle { in_bundle, .. } = &source {
                    if is_processed_image(in_bundle) {
                        let image = Located::new(
                            ImageRef {
                                dest: link.value.dest.clone(),
                                alt: String::new(),
                                title: String::new(),
                                offset: link.value.offset,
                                block: false,
                            },
                            link.at,
                        );
                        wanted_links.push((source, post, image));
                    }
                }
            }
        }
    }
    for post in posts {
        wanted_links.extend(shortcode_photos(post, all_photos));
    }
    for (source, post, image) in &wanted_links {
        wanted.entry(source.clone()).or_insert((post, image));
    }
    let todo: Vec<(Source, &PostSource, &Located<ImageRef>)> = wanted
        .into_iter()
        .map(|(source, (post, image))| (source, post, image))
        .collect();
    let progress = Progress::start(todo.len(), "Images", "made");
    let settings_key = memo::settings_key(settings);
    let done: Vec<Result<(Source, Key, Prepared), Diagnostic>> = todo
        .par_iter()
        .map(|(source, post, image)| {
            let file = match source {
                Source::Bundle { path, .. } => Some(root.join(path)),
                Source::Static { output } => match &statics[output] {
                    StaticSource::File(path) => Some(path.clone()),
                    StaticSource::BuiltIn { .. } | StaticSource::Hashed { .. } => None,
                },
            };
            let stamp = file.as_deref().and_then(Stamp::of);
            if let (Some(memo), Some(file), Some(stamp)) = (memo, &file, &stamp) {
                if let Some((key, prepared)) = memo.get(file, stamp, &settings_key) {
                    progress.tick();
                    return Ok((source.clone(), key, prepared));
                }
            }
            let result = prepare_one(root, source, statics, settings, cache)
                .map(|(key, prepared)| {
                    if let (Some(memo), Some(file), Some(stamp)) = (memo, &file, stamp) {
                        memo.put(file, stamp, settings, &key, &prepared);
                    }
                    (source.clone(), key, prepared)
                })
                .map_err(|why| image_error(post, image, &why));
            progress.tick();
            result
        })
        .collect();
    progress.finish();
    let mut images = Images {
        sources,
        featured,
        ..Images::default()
    };
    for r in done {
        match r {
            Ok((source, key, prepared)) => {
                images.keys.insert(key);
                images.prepared.insert(source, Arc::new(prepared));
            }
            Err(e) => errors.push(e),
        }
    }
    (images, errors)
}

/// The photos of a post's bundle that its shortcodes show (see [`prepare`]), each with the call
/// that names it, where an error making it ready is reported.
fn shortcode_photos<'a>(
    post: &'a PostSource,
    all_photos: &dyn Fn(&str) -> bool,
) -> Vec<(Source, &'a PostSource, Located<ImageRef>)> {
    let Some(bundle) = &post.bundle else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut add = |name: &str, at: crate::content::Location| {
        if let Ok(source @ Source::Bundle { .. }) = resolve_in(Some(bundle), name, &BTreeMap::new()) {
            if let Source::Bundle { in_bundle, .. } = &source {
                if is_processed_image(in_bundle) {
                    let image = ImageRef {
                        dest: name.to_string(),
                        alt: String::new(),
                        title: String::new(),
                        offset: 0,
                        block: false,
                    };
                    out.push((source, post, Located::new(image, at)));
                }
            }
        }
    };
    for call in &post.shortcodes {
        if all_photos(&call.call.name) {
            for f in &bundle.files {
                add(&f.to_string_lossy().replace('\\', "/"), call.at);
            }
        }
        for (arg, (_, at)) in call.call.args.iter().zip(&call.args_at) {
            let mut strings = vec![&arg.value];
            while let Some(v) = strings.pop() {
                match v {
                    crate::markdown::ArgValue::String(s) if !s.starts_with('/') => add(s, *at),
                    crate::markdown::ArgValue::Array(items) => strings.extend(items),
                    _ => {}
                }
            }
        }
    }
    out
}

fn image_error(post: &PostSource, image: &Located<ImageRef>, why: &str) -> Diagnostic {
    Diagnostic::error(
        &post.path,
        image.at.line,
        image.at.column,
        format!("image \"{}\": {why}", image.value.dest),
    )
}

fn prepare_one(
    root: &Path,
    source: &Source,
    statics: &BTreeMap<String, StaticSource>,
    settings: &ImageSettings,
    cache: &ImageCache,
) -> Result<(Key, Prepared), String> {
    let (bytes, name): (std::borrow::Cow<[u8]>, &str) = match source {
        Source::Bundle { path, in_bundle } => (read_limited(&root.join(path))?.into(), in_bundle),
        Source::Static { output } => match &statics[output] {
            StaticSource::File(path) => (read_limited(path)?.into(), output),
            StaticSource::BuiltIn { bytes, .. } => ((*bytes).into(), output),
            StaticSource::Hashed { bytes, .. } => (bytes.as_slice().into(), output),
        },
    };
    let stem = Path::new(name)
        .file_stem()
        .map(|s| crate::slugs::slugify(s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "bild".to_string());
    let (key, processed) = cache
        .get_or_process(&stem, &bytes, settings)
        .map_err(|e| e.to_string())?;
    let sizes = processed
        .variants
        .iter()
        .map(|v| Size {
            file_name: v.file_name.clone(),
            width: v.width,
            height: v.height,
            cached: cache.variant_file(&key, v),
        })
        .collect();
    Ok((
        key,
        Prepared {
            width: processed.width,
            height: processed.height,
            sizes,
        },
    ))
}

fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot read it: {e}"))?
        .len();
    if len > MAX_IMAGE_FILE {
        return Err(format!(
            "the file is {} MB; besok reads images of at most {} MB",
            len / 1_000_000,
            MAX_IMAGE_FILE / 1_000_000
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))
}

/// A file to publish that no template makes: a bundle's file, or a size of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Where it goes in the output (`posts/kalmar/foto-960w.1a2b3c4d.jpg`).
    pub file: String,
    /// Where its bytes are: relative to the site's folder, or absolute (the build cache).
    pub from: PathBuf,
    /// Whether its name says its content (an image size, `foto-960w.1a2b3c4d.jpg`): a file of
    /// the same name in the previous build has these bytes, and need not be read to know it.
    pub named_by_content: bool,
}

/// The folder part of a `/`-separated path, with its slash (`bilder/` of `bilder/a.jpg`).
pub fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// The files a post publishes beside its page: its bundle's files (`bundle`, under the page's
/// path `page`), of which photos only in the sizes made ready in `images`, and those only when
/// the post shows or links to them. Made once a post: `besok serve` keeps it with a post whose
/// bundle did not change.
pub fn post_outputs(bundle: &Bundle, page: &str, images: &Images) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for f in &bundle.files {
        let in_bundle = f.to_string_lossy().replace('\\', "/");
        if is_processed_image(&in_bundle) {
            let source = Source::Bundle {
                path: bundle.dir.join(f),
                in_bundle: in_bundle.clone(),
            };
            if let Some(p) = images.prepared.get(&source) {
                for size in &p.sizes {
                    files.push(OutputFile {
                        file: format!("{page}{}{}", folder_of(&in_bundle), size.file_name),
                        from: size.cached.clone(),
                        named_by_content: true,
                    });
                }
            }
        } else {
            files.push(OutputFile {
                file: format!("{page}{in_bundle}"),
                from: bundle.dir.join(f),
                named_by_content: false,
            });
        }
    }
    files
}

/// The sizes of the static photos that posts show, which are published in place of the photos
/// themselves, in a fixed order.
pub fn static_photo_outputs(images: &Images) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = images
        .prepared
        .iter()
        .filter_map(|(source, p)| match source {
            Source::Static { output } => Some((output, p)),
            Source::Bundle { .. } => None,
        })
        .flat_map(|(output, p)| {
            p.sizes.iter().map(move |size| OutputFile {
                file: format!("{}{}", folder_of(output), size.file_name),
                from: size.cached.clone(),
                named_by_content: true,
            })
        })
        .collect();
    files.sort_by(|a, b| a.file.cmp(&b.file));
    files
}

/// Every file of `in_order` once, by path: where two publish one path, the first keeps it.
/// Sorted by path, so a build writes and reports them in a fixed order.
pub fn each_output_once<'a>(in_order: impl Iterator<Item = &'a OutputFile>) -> Vec<&'a OutputFile> {
    let mut files: Vec<(usize, &OutputFile)> = in_order.enumerate().collect();
    // Stable by path, then by place: the first of each path comes first.
    files.sort_unstable_by(|(i, a), (j, b)| a.file.cmp(&b.file).then(i.cmp(j)));
    files.dedup_by(|(_, later), (_, first)| later.file == first.file);
    files.into_iter().map(|(_, f)| f).collect()
}

/// A photo as templates get it: for a featured image on a post's page and list cards, and for
/// the `og:image` that shares a post on social media.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Picture {
    /// The size a browser without `srcset` loads.
    pub src: String,
    /// Every size, `url 480w, url 960w, ...`.
    pub srcset: String,
    /// The photo's width and height (of its largest size), for `width` and `height`.
    pub width: u32,
    pub height: u32,
    pub alt: String,
    /// The absolute URL of its largest size, with its width and height: what `og:image` names.
    pub share_url: String,
}

impl Picture {
    /// `prepared` as templates get it; `url` and `permalink` give the root-relative and the
    /// absolute URL of a file in the image's folder by its name.
    pub fn new(
        prepared: &Prepared,
        alt: &str,
        url: &dyn Fn(&str) -> String,
        permalink: &dyn Fn(&str) -> String,
    ) -> Picture {
        let largest = prepared.largest();
        Picture {
            src: url(&prepared.fallback().file_name),
            srcset: prepared
                .sizes
                .iter()
                .map(|s| format!("{} {}w", url(&s.file_name), s.width))
                .collect::<Vec<_>>()
                .join(", "),
            width: largest.width,
            height: largest.height,
            alt: alt.trim().to_string(),
            share_url: permalink(&largest.file_name),
        }
    }
}

/// How an image is shown: in the sizes besok made, or as the file is (a GIF, an SVG).
pub enum Shown<'a> {
    Sized(&'a Prepared),
    AsIs,
}

/// The HTML of one image as a post shows it: `srcset` of its sizes, `width` and `height` so the
/// page does not move while it loads, lazy loading, and a figure with its title as caption when
/// it stands alone. `url` gives the URL of a file in the image's folder by its name (the image's
/// own name when shown as it is).
pub fn image_html(image: &ImageRef, name: &str, shown: Shown, url: &dyn Fn(&str) -> String) -> String {
    let alt = escape_html(image.alt.trim());
    let img = match shown {
        Shown::Sized(p) => {
            let srcset: Vec<String> = p
                .sizes
                .iter()
                .map(|s| format!("{} {}w", escape_html(&url(&s.file_name)), s.width))
                .collect();
            let largest = p.largest();
            format!(
                "<img src=\"{}\" srcset=\"{}\" sizes=\"(min-width: 48rem) 48rem, 100vw\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\" alt=\"{alt}\">",
                escape_html(&url(&p.fallback().file_name)),
                srcset.join(", "),
                largest.width,
                largest.height,
            )
        }
        Shown::AsIs => format!(
            "<img src=\"{}\" loading=\"lazy\" decoding=\"async\" alt=\"{alt}\">",
            escape_html(&url(name))
        ),
    };
    if !image.block {
        return img;
    }
    let caption = image.title.trim();
    if caption.is_empty() {
        format!("<figure>{img}</figure>\n")
    } else {
        format!(
            "<figure>{img}<figcaption>{}</figcaption></figure>\n",
            escape_html(caption)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{each_output_once, normalize, OutputFile};

    #[test]
    fn a_path_two_posts_publish_is_the_first_ones_and_files_come_sorted() {
        let file = |file: &str, from: &str| OutputFile {
            file: file.into(),
            from: from.into(),
            named_by_content: false,
        };
        let in_order = [
            file("posts/b/x.pdf", "content/posts/b/x.pdf"),
            file("posts/a/b/x.pdf", "content/posts/a/b/x.pdf"),
            file("posts/a/b/x.pdf", "content/posts/a-b/x.pdf"),
            file("posts/a/y.pdf", "content/posts/a/y.pdf"),
        ];
        let once: Vec<(&str, &str)> = each_output_once(in_order.iter())
            .into_iter()
            .map(|f| (f.file.as_str(), f.from.to_str().unwrap()))
            .collect();
        assert_eq!(
            once,
            [
                ("posts/a/b/x.pdf", "content/posts/a/b/x.pdf"),
                ("posts/a/y.pdf", "content/posts/a/y.pdf"),
                ("posts/b/x.pdf", "content/posts/b/x.pdf"),
            ]
        );
    }

    #[test]
    fn paths_stay_inside_the_folder() {
        assert_eq!(normalize("foto.jpg").as_deref(), Some("foto.jpg"));
        assert_eq!(normalize("./a/../b/foto.jpg").as_deref(), Some("b/foto.jpg"));
        assert_eq!(normalize("../annan/foto.jpg"), None);
        assert_eq!(normalize("a/../../foto.jpg"), None);
    }
}
