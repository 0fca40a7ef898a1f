//! The posts' own files as the dev server serves them (bundle files, sizes of photos), updated
//! in place after a model rebuild: on a site where every post has a photo there are three
//! files a post, and making their map again took a fifth of the writer's wait.

use super::*;
use crate::assets::OutputFile;
use std::time::SystemTime;

/// The posts' files of the last good build, by output path.
#[derive(Default)]
pub(super) struct PostFiles {
    by_path: rustc_hash::FxHashMap<String, PostFile>,
    /// Counts updates: a file whose `seen_in` is not the last one's is no longer published.
    round: u64,
}

/// A post's file as served.
struct PostFile {
    /// Where it was read: relative to the site's folder, or absolute (the build cache).
    from: PathBuf,
    /// Its modification time then, for a file whose name does not say its content.
    modified: Option<SystemTime>,
    bytes: FileBytes,
    /// The update that last found it published.
    seen_in: u64,
}

/// What an update found of one file the site publishes.
enum Found {
    /// As served: nothing to do.
    Same,
    /// A path an earlier post of the site publishes already: the first keeps it.
    Taken,
    /// New, or changed since: read it.
    Read { modified: Option<SystemTime> },
}

impl PostFiles {
    /// Makes the served files those `site` publishes beside its pages: reads those that are new
    /// or changed (a file whose name says its content and that comes from where it came from
    /// is not looked at again; another is when its time changed), puts them in `files`, and
    /// takes away from `files` those no longer published, unless a page (`pages`) is there now.
    pub(super) fn update(
        &mut self,
        root: &Path,
        site: &Site,
        files: &mut Files,
        pages: &rustc_hash::FxHashSet<&str>,
        outcome: &mut Outcome,
    ) -> Result<()> {
        // In the site's order, as `Site::files` takes them: the first to publish a path keeps it.
        let wanted: Vec<&OutputFile> = site
            .posts
            .iter()
            .flat_map(|p| &p.files)
            .chain(&site.static_photo_files)
            .collect();
        // Only files whose names do not say their content are asked for their time: at 10,000
        // photos, asking for every size's took 11 ms of the writer's wait.
        let modified: Vec<Option<SystemTime>> = wanted
            .par_iter()
            .map(|f| {
                let unknown = f.named_by_content || self.by_path.get(&f.file).is_none_or(|k| k.from != f.from);
                if unknown {
                    None
                } else {
                    std::fs::metadata(root.join(&f.from)).and_then(|m| m.modified()).ok()
                }
            })
            .collect();
        self.round += 1;
        let round = self.round;
        let mut new: rustc_hash::FxHashSet<&str> = Default::default();
        let mut to_read = Vec::new();
        for (f, modified) in wanted.into_iter().zip(modified) {
            let found = match self.by_path.get_mut(&f.file) {
                Some(known) if known.seen_in == round => Found::Taken,
                Some(known) => {
                    known.seen_in = round;
                    // Compared as bytes: comparing `Path`s splits them into components.
                    let same_source = known.from.as_os_str() == f.from.as_os_str();
                    if same_source && (f.named_by_content || (modified.is_some() && known.modified == modified)) {
                        Found::Same
                    } else {
                        Found::Read { modified }
                    }
                }
                None if new.insert(f.file.as_str()) => Found::Read { modified },
                None => Found::Taken,
            };
            if let Found::Read { modified } = found {
                to_read.push((f, modified));
            }
        }
        let read: Vec<(&OutputFile, PostFile)> = to_read
            .into_par_iter()
            .map(|(f, modified)| {
                let path = root.join(&f.from);
                // A new file's time is taken before it is read: a change while it is read
                // shows at the next rebuild.
                let modified = match (modified, f.named_by_content) {
                    (None, false) => std::fs::metadata(&path).and_then(|m| m.modified()).ok(),
                    _ => modified,
                };
                let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
                let file = PostFile {
                    from: f.from.clone(),
                    modified,
                    bytes: Arc::new(bytes),
                    seen_in: round,
                };
                Ok((f, file))
            })
            .collect::<Result<_>>()?;
        for (f, file) in read {
            if files.get(&f.file) != Some(&file.bytes) {
                files.insert(f.file.clone(), file.bytes.clone());
                outcome.copied.push(f.file.clone());
            }
            self.by_path.insert(f.file.clone(), file);
        }
        self.by_path.retain(|path, file| {
            let published = file.seen_in == round;
            if !published && !pages.contains(path.as_str()) {
                files.remove(path);
                outcome.removed.push(path.clone());
            }
            published
        });
        Ok(())
    }
}

/// Puts the files of `posts` in `files` where they are new or changed, reading them: before
/// [`PostFiles::update`], for the posts whose pages are served first.
pub(super) fn serve_files_of<'a>(
    root: &Path,
    posts: impl Iterator<Item = &'a Box<Post>>,
    files: &mut Files,
    outcome: &mut Outcome,
) -> Result<()> {
    for f in posts.flat_map(|p| &p.files) {
        // A size of a photo is named by its content: served under its name, it is this.
        if f.named_by_content && files.contains_key(&f.file) {
            continue;
        }
        let path = root.join(&f.from);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
        if files.get(&f.file).is_none_or(|old| **old != bytes) {
            files.insert(f.file.clone(), Arc::new(bytes));
            outcome.copied.push(f.file.clone());
        }
    }
    Ok(())
}
