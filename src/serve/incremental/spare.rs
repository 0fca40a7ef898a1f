//! What a model rebuild keeps of the model before: the posts whose files did not change and
//! whose content does not depend on the rest of the site ([`Site::build_keeping`]).

use super::*;

/// Posts of an earlier model that the next model rebuild may keep as they are: the last good
/// build's, or those of a rebuild that failed since.
pub(super) struct Spare {
    pub(super) posts: Vec<Box<Post>>,
    /// Each post's id by its file, hashed by the path's bytes (hashing a `Path` splits it into
    /// components: 10,000 lookups took milliseconds of a writer's wait).
    pub(super) ids: rustc_hash::FxHashMap<std::ffi::OsString, PostId>,
    /// Whether and while what the next model may keep each post, by post.
    pub(super) keepable: Vec<Keep>,
    /// The photos made ready for these posts: the last good build's (`None` after a failed
    /// rebuild, whose posts' photos may not all be ready).
    pub(super) images: Option<crate::assets::Images>,
}

/// Whether the next model may keep a post as it is, while its file is of the parse generation
/// it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    No,
    /// The post [`Post::stands_alone`].
    Alone(u64),
    /// The post [`Post::shows_only_its_own_files`] and shows photos of its bundle only: kept
    /// while config.toml is unchanged too (image settings), with its photos as they were.
    WithItsBundle(u64),
}

impl Keep {
    /// How the next model may keep `post`, made from `generation` of its file (`None`: not
    /// known), whose photos are made ready in `images` (`None`: not known).
    pub(super) fn of(post: &Post, generation: Option<u64>, images: Option<&crate::assets::Images>) -> Keep {
        let Some(generation) = generation else {
            return Keep::No;
        };
        if post.stands_alone() {
            return Keep::Alone(generation);
        }
        let own = post.bundle.is_some()
            && post.shows_only_its_own_files()
            && images.is_some_and(|images| images.shows_only_bundle_photos(&post.source));
        if own {
            Keep::WithItsBundle(generation)
        } else {
            Keep::No
        }
    }
}

/// The posts of the next model, as a model rebuild sorts them.
pub(super) struct PostsForModel<'a> {
    /// Copies of the parsed files of the posts made again.
    pub(super) parsed: Vec<Box<PostSource>>,
    pub(super) kept: Vec<KeptPost<'a>>,
    /// The kept posts that keep their bundle's photos: each by its file and its bundle's folder.
    pub(super) with_bundles: Vec<(&'a Path, &'a Path)>,
    /// The earlier model's posts not kept, to be freed once the writer's pages are served.
    pub(super) not_kept: Vec<Box<Post>>,
    /// The photos made ready for the earlier model, of which the kept posts take theirs.
    pub(super) images: Option<crate::assets::Images>,
}

/// Sorts the parsed `posts` into those the next model keeps from `spare`, the earlier model
/// (their files did not change and their content does not depend on the rest of the site; see
/// [`Keep`]), and those it makes again. The model takes those as its own: the `copies` made
/// after the last rebuild serve, and only posts parsed since are copied now. When config.toml
/// changed (`config_changed`), only posts that stand alone are kept.
pub(super) fn posts_for_model<'a>(
    posts: &'a BTreeMap<PathBuf, Parsed<PostSource>>,
    spare: Option<Spare>,
    copies: &mut HashMap<u64, Box<PostSource>>,
    config_changed: bool,
) -> PostsForModel<'a> {
    let mut keep: Vec<Option<&PostSource>> = vec![None; spare.as_ref().map_or(0, |o| o.posts.len())];
    let mut with_bundles: Vec<(&Path, &Path)> = Vec::new();
    let mut parsed = Vec::new();
    for (path, (p, generation)) in posts.iter().filter_map(|(path, r)| Some((path, r.as_ref().ok()?))) {
        let kept_as = spare.as_ref().and_then(|o| {
            let id = *o.ids.get(path.as_os_str())?;
            match o.keepable[id] {
                Keep::Alone(g) if g == *generation => Some(id),
                Keep::WithItsBundle(g) if g == *generation && !config_changed && o.images.is_some() => {
                    let dir = &p.bundle.as_ref()?.dir;
                    with_bundles.push((path.as_path(), dir.as_path()));
                    Some(id)
                }
                _ => None,
            }
        });
        match kept_as {
            Some(id) => keep[id] = Some(p),
            None => parsed.push(copies.remove(generation).unwrap_or_else(|| Box::new(p.clone()))),
        }
    }
    let (spare_posts, images) = spare.map_or((Vec::new(), None), |o| (o.posts, o.images));
    let mut not_kept: Vec<Box<Post>> = Vec::new();
    let kept = spare_posts
        .into_iter()
        .zip(keep)
        .filter_map(|(post, source)| match source {
            Some(source) => Some(KeptPost { source, post }),
            None => {
                not_kept.push(post);
                None
            }
        })
        .collect();
    PostsForModel {
        parsed,
        kept,
        with_bundles,
        not_kept,
        images,
    }
}

impl Spare {
    /// The posts of a model that failed, each made from the generation of its file that
    /// `generations` gives by post (`None`: not known).
    pub(super) fn of_failed(posts: Vec<Box<Post>>, generations: Vec<Option<u64>>) -> Spare {
        let (ids, keepable) = keeping_index(&posts, generations, None);
        Spare {
            posts,
            ids,
            keepable,
            images: None,
        }
    }
}

/// [`Spare::ids`] and [`Spare::keepable`] of `posts`, made from the generations of their files
/// and the photos made ready for them.
pub(super) fn keeping_index(
    posts: &[Box<Post>],
    generations: Vec<Option<u64>>,
    images: Option<&crate::assets::Images>,
) -> (rustc_hash::FxHashMap<std::ffi::OsString, PostId>, Vec<Keep>) {
    let ids = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone().into_os_string(), i))
        .collect();
    let keepable = posts
        .par_iter()
        .zip(generations)
        .map(|(p, generation)| Keep::of(p, generation, images))
        .collect();
    (ids, keepable)
}

impl Built {
    /// Takes the model's posts and photos out, for the next model rebuild to keep.
    pub(super) fn spare(&mut self) -> Spare {
        Spare {
            posts: std::mem::take(&mut self.site.posts),
            ids: std::mem::take(&mut self.ids),
            keepable: std::mem::take(&mut self.keepable),
            images: Some(std::mem::take(&mut self.site.images)),
        }
    }
}
