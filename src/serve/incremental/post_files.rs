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
        // In the order in which the first to publish a path keeps it.
        let wanted: Vec<&OutputFile> = site.files_in_order().collect();
        // Only files whose names do not say their content are asked for their time: at 10,000
        // photos, asking for every size's took 11 ms of the writer's wait.
        let modified: Vec<Option<SystemTime>> = wanted.par_iter().map(|f| modified_time(root, f)).collect();
        self.round += 1;
        let round = self.round;
        let mut new: rustc_hash::FxHashSet<&str> = Default::default();
        let mut to_read = Vec::new();
        for (f, modified) in wanted.into_iter().zip(modified) {
            let found = match self.by_path.get_mut(&f.file) {
                Some(known) if known.seen_in == round => Found::Taken,
                Some(known) => {
                    known.seen_in = round;
                    match known.is_current(f, modified) {
                        true => Found::Same,
                        false => Found::Read { modified },
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
            .map(|(f, modified)| Ok((f, read(root, f, modified, round)?)))
            .collect::<Result<_>>()?;
        for (f, file) in read {
            self.put(f, file, files, outcome);
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

    /// Puts the files of `posts` in `files` where they are new or changed, reading them: before
    /// [`PostFiles::update`], for the posts whose pages are served first. What it reads is
    /// kept as the last update's, so the next update does not read it again.
    pub(super) fn serve_files_of<'a>(
        &mut self,
        root: &Path,
        posts: impl Iterator<Item = &'a Box<Post>>,
        files: &mut Files,
        outcome: &mut Outcome,
    ) -> Result<()> {
        for f in posts.flat_map(|p| &p.files) {
            let modified = modified_time(root, f);
            let current = self.by_path.get(&f.file).is_some_and(|k| k.is_current(f, modified));
            // A size of a photo is named by its content: served under its name, it is this.
            if current || (f.named_by_content && files.contains_key(&f.file)) {
                continue;
            }
            let file = read(root, f, modified, self.round)?;
            self.put(f, file, files, outcome);
        }
        Ok(())
    }

    /// Serves `file` as `f`, counted as copied when its bytes are new there.
    fn put(&mut self, f: &OutputFile, file: PostFile, files: &mut Files, outcome: &mut Outcome) {
        if files.get(&f.file) != Some(&file.bytes) {
            files.insert(f.file.clone(), file.bytes.clone());
            outcome.copied.push(f.file.clone());
        }
        self.by_path.insert(f.file.clone(), file);
    }
}

impl PostFile {
    /// Whether this is `f` as it is now, whose time is `modified`: from the same place, and
    /// named by its content or of the same time. Places compared as bytes: comparing `Path`s
    /// splits them into components.
    fn is_current(&self, f: &OutputFile, modified: Option<SystemTime>) -> bool {
        self.from.as_os_str() == f.from.as_os_str()
            && (f.named_by_content || (modified.is_some() && self.modified == modified))
    }
}

/// The modification time of `f`'s source, for a file whose name does not say its content.
fn modified_time(root: &Path, f: &OutputFile) -> Option<SystemTime> {
    if f.named_by_content {
        return None;
    }
    std::fs::metadata(root.join(&f.from)).and_then(|m| m.modified()).ok()
}

/// `f` read, with its time `modified`, taken before it was read: a change while it is read
/// shows at the next rebuild.
fn read(root: &Path, f: &OutputFile, modified: Option<SystemTime>, seen_in: u64) -> Result<PostFile> {
    let path = root.join(&f.from);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
    Ok(PostFile {
        from: f.from.clone(),
        modified,
        bytes: Arc::new(bytes),
        seen_in,
    })
}
