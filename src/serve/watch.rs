//! Watching the site's files and turning file events into [`Changes`].
//!
//! Events only say *which* paths were touched; what happened to them is read from the disk
//! when the rebuild runs. That is what makes every editor's way of saving work the same:
//! writing in place, writing a temporary file and renaming it over the post (vim, most IDEs),
//! or deleting and creating it again all end with the post file on disk, and the rebuild
//! reads it. Editors' leftovers (`.x.md.swp`, `x.md~`, `.#x.md`, vim's `4913` probe) are
//! ignored by name or because they are not part of the site.

use crate::walk::is_ignored_name;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode, Watcher as _};
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// How long the events of a save are gathered, when the save does not say it is done, before
/// a rebuild starts. A save that writes a file and closes it, or renames one into place, says
/// so (the file system reports both, on Linux), and its rebuild starts at once; a deletion, a
/// rename away or a change of a file's times waits this long for what may follow (a file
/// written again after it was deleted). A longer burst (a `git checkout`) is gathered by the
/// rebuild loop, which takes every change that arrived while it was busy at once.
pub const DEBOUNCE: Duration = Duration::from_millis(5);

/// The folders of a site that a rebuild depends on.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "static", "themes", "i18n"];

/// What changed since the last rebuild, by kind of input.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Post files (`content/posts/**/*.md`), relative to the site root.
    pub posts: BTreeSet<PathBuf>,
    /// Municipality pages (`content/municipalities/**/*.md`).
    pub municipality_pages: BTreeSet<PathBuf>,
    /// Plain pages (`content/pages/**/*.md`): the model is built again for them.
    pub pages: BTreeSet<PathBuf>,
    /// Other paths under `content/`: a folder that moved means its posts did.
    pub content_other: BTreeSet<PathBuf>,
    /// Read `content/` again from scratch.
    pub content_rescan: bool,
    /// Templates or UI words (the site's or a theme's).
    pub theme: bool,
    pub statics: bool,
    pub config: bool,
    /// Watched folders that did not exist when watching started and do now.
    pub new_dirs: BTreeSet<PathBuf>,
}

impl Changes {
    /// Everything, for the first build.
    pub fn everything() -> Changes {
        Changes {
            content_rescan: true,
            theme: true,
            statics: true,
            config: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    pub fn merge(&mut self, other: Changes) {
        self.posts.extend(other.posts);
        self.municipality_pages.extend(other.municipality_pages);
        self.pages.extend(other.pages);
        self.content_other.extend(other.content_other);
        self.content_rescan |= other.content_rescan;
        self.theme |= other.theme;
        self.statics |= other.statics;
        self.config |= other.config;
        self.new_dirs.extend(other.new_dirs);
    }

    /// Whether only post files changed (the case a rebuild can often do in place).
    pub fn only_posts(&self) -> bool {
        !self.posts.is_empty()
            && *self
                == Changes {
                    posts: self.posts.clone(),
                    ..Changes::default()
                }
    }

    /// Whether only static files changed (and folders of them appeared).
    pub fn only_statics(&self) -> bool {
        self.statics
            && *self
                == Changes {
                    statics: true,
                    new_dirs: self.new_dirs.clone(),
                    ..Changes::default()
                }
    }

    /// Whether this content file is among the changed ones.
    pub fn touches(&self, rel: &Path) -> bool {
        self.posts.contains(rel) || self.municipality_pages.contains(rel) || self.pages.contains(rel)
    }

    /// Files the rebuild depends on that `path` (absolute, inside `root`) may be.
    pub fn add_path(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else { return };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if parts.iter().any(|p| is_ignored_name(p)) {
            return;
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let is_md = parts.last().is_some_and(|p| p.ends_with(".md"));
        match parts.as_slice() {
            ["config.toml"] => self.config = true,
            [dir] if WATCHED_DIRS.contains(dir) => {
                if path.is_dir() {
                    self.new_dirs.insert(path.to_path_buf());
                }
                match *dir {
                    "content" => self.content_rescan = true,
                    "static" => self.statics = true,
                    _ => {
                        self.theme = true;
                        self.statics = true;
                    }
                }
            }
            ["content", "posts", _, ..] if is_md => {
                self.posts.insert(rel.to_path_buf());
            }
            ["content", "municipalities", _, ..] if is_md => {
                self.municipality_pages.insert(rel.to_path_buf());
            }
            ["content", "pages", _, ..] if is_md => {
                self.pages.insert(rel.to_path_buf());
            }
            ["content", ..] => {
                self.content_other.insert(rel.to_path_buf());
            }
            ["templates" | "i18n", ..] => self.theme = true,
            ["static", ..] => self.statics = true,
            ["themes", _, "static", ..] => self.statics = true,
            ["themes", _, "templates" | "i18n", ..] => self.theme = true,
            // A theme folder itself appeared, moved or went.
            ["themes", ..] => {
                self.theme = true;
                self.statics = true;
            }
            _ => {}
        }
    }
}

/// The running watcher; dropping it stops watching, and the thread gathering its events.
pub struct Watcher {
    watcher: notify::RecommendedWatcher,
}

impl Watcher {
    /// Watches `root` (absolute) and sends the changes of every save (see [`gather`]) to `tx`.
    pub fn start(root: &Path, tx: Sender<Changes>) -> notify::Result<Watcher> {
        let (events_tx, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = events_tx.send(event);
        })?;
        let event_root = root.to_path_buf();
        std::thread::Builder::new()
            .name("besok watch".into())
            .spawn(move || gather(&event_root, &events, &tx, DEBOUNCE))
            .map_err(notify::Error::io)?;
        let mut watcher = Watcher { watcher };
        // The root itself, not recursively: config.toml (which editors replace by renaming,
        // so watching the file itself would lose it) and folders created later.
        watcher.watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            let dir = root.join(dir);
            if dir.is_dir() {
                watcher.watch_dir(&dir)?;
            }
        }
        Ok(watcher)
    }

    /// Starts watching a folder and everything below it.
    pub fn watch_dir(&mut self, dir: &Path) -> notify::Result<()> {
        self.watcher.watch(dir, RecursiveMode::Recursive)
    }
}

/// Gathers the file events of `events` into one [`Changes`] per save and sends each to `tx`,
/// until either channel closes. A save is sent as soon as every site file it wrote is closed
/// (or renamed into place), else once no event came for `quiet`.
fn gather(root: &Path, events: &Receiver<notify::Result<Event>>, tx: &Sender<Changes>, quiet: Duration) {
    loop {
        let mut save = Save::default();
        while save.changes.is_empty() {
            match events.recv() {
                Ok(event) => save.add(root, event),
                Err(_) => return,
            }
        }
        while !save.done() {
            match events.recv_timeout(quiet) {
                Ok(event) => save.add(root, event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = tx.send(save.changes);
                    return;
                }
            }
        }
        // What came with the last event is part of the same save.
        while let Ok(event) = events.try_recv() {
            save.add(root, event);
        }
        if tx.send(save.changes).is_err() {
            return;
        }
    }
}

/// The events of one save so far.
#[derive(Default)]
struct Save {
    changes: Changes,
    /// Site files written to and not yet closed.
    writing: HashSet<PathBuf>,
    /// Whether a site file was closed after writing or renamed into place: the save says it
    /// is done once nothing is left in `writing`.
    settled: bool,
}

impl Save {
    fn add(&mut self, root: &Path, event: notify::Result<Event>) {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: watching files: {e}");
                // Events may have been lost: read everything again to be sure.
                self.changes.merge(Changes::everything());
                return;
            }
        };
        if event.need_rescan() {
            self.changes.merge(Changes::everything());
        }
        // Opening or reading a file (which every rebuild does, 10,000 times after some edits
        // at 10,000 posts) is no change: dropped before its paths are looked at.
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write)) {
            return;
        }
        for (i, path) in event.paths.iter().enumerate() {
            let mut changes = Changes::default();
            changes.add_path(root, path);
            if changes.is_empty() {
                continue;
            }
            match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                    self.writing.remove(path);
                    self.settled = true;
                }
                EventKind::Create(CreateKind::File | CreateKind::Any)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                    self.writing.insert(path.clone());
                }
                // A file renamed into place; of a rename within the site (`[from, to]`), only
                // the second path is in place: the first is gone, as after a deletion.
                EventKind::Modify(ModifyKind::Name(RenameMode::To)) => self.settled = true,
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)) if i == 1 => self.settled = true,
                // A deletion, a rename away, new times: something may follow.
                _ => {}
            }
            self.changes.merge(changes);
        }
    }

    fn done(&self) -> bool {
        self.settled && self.writing.is_empty()
    }
}

/// Whether a changed path under `content/` that is not a markdown file means posts moved:
/// it is a folder now, or it was the folder of a known file.
pub fn is_content_folder<'a>(root: &Path, rel: &Path, mut known: impl Iterator<Item = &'a PathBuf>) -> bool {
    root.join(rel).is_dir() || known.any(|k| k.starts_with(rel) && k != rel)
}

#[cfg(test)]
mod tests {
    use super::{gather, Changes};
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
    use notify::{Event, EventKind};
    use std::path::{Path, PathBuf};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    /// Runs [`gather`] on `events` sent at once, with a `quiet` time long enough to tell
    /// apart, and returns each save it sent with how long after the events it came.
    fn saves(events: &[(EventKind, &str)]) -> Vec<(Changes, Duration)> {
        let events: Vec<(EventKind, Vec<&str>)> = events.iter().map(|&(kind, rel)| (kind, vec![rel])).collect();
        saves_of(&events)
    }

    /// [`saves`] of events with any number of paths each.
    fn saves_of(events: &[(EventKind, Vec<&str>)]) -> Vec<(Changes, Duration)> {
        let root = Path::new("/site");
        let (events_tx, events_rx) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        let quiet = Duration::from_millis(300);
        let gatherer = std::thread::spawn(move || gather(Path::new("/site"), &events_rx, &tx, quiet));
        let start = Instant::now();
        for (kind, rels) in events {
            let event = rels.iter().fold(Event::new(*kind), |e, rel| e.add_path(root.join(rel)));
            events_tx.send(Ok(event)).unwrap();
        }
        let mut sent = Vec::new();
        while let Ok(changes) = rx.recv_timeout(Duration::from_millis(900)) {
            sent.push((changes, start.elapsed()));
        }
        drop(events_tx);
        gatherer.join().unwrap();
        sent
    }

    fn posts(changes: &Changes) -> Vec<&str> {
        changes.posts.iter().map(|p| p.to_str().unwrap()).collect()
    }

    #[test]
    fn a_save_that_closes_its_file_is_sent_at_once_and_whole() {
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let sent = saves(&[
            (
                EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any)),
                "content/posts/a.md",
            ),
            (write, "content/posts/a.md"),
            (write, "content/posts/b.md"),
            (close, "content/posts/a.md"),
            (close, "content/posts/b.md"),
        ]);
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert_eq!(posts(&sent[0].0), ["content/posts/a.md", "content/posts/b.md"]);
        assert!(sent[0].1 < Duration::from_millis(150), "{:?}", sent[0].1);
    }

    #[test]
    fn a_file_renamed_into_place_is_sent_at_once() {
        let sent = saves(&[(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            "content/posts/a.md",
        )]);
        assert_eq!(posts(&sent[0].0), ["content/posts/a.md"]);
        assert!(sent[0].1 < Duration::from_millis(150), "{:?}", sent[0].1);
    }

    #[test]
    fn a_save_still_writing_or_deleting_waits_for_quiet() {
        // Written and not closed: the rest of the file may be coming.
        let sent = saves(&[(EventKind::Create(CreateKind::File), "content/posts/a.md")]);
        assert_eq!(posts(&sent[0].0), ["content/posts/a.md"]);
        assert!(sent[0].1 >= Duration::from_millis(300), "{:?}", sent[0].1);
        // Deleted: the file may be written again at once (an editor's save), and is then no
        // deletion at all.
        let sent = saves(&[(EventKind::Remove(RemoveKind::File), "content/posts/a.md")]);
        assert!(sent[0].1 >= Duration::from_millis(300), "{:?}", sent[0].1);
        // Renamed away, as vim does to keep a backup before it writes the file again: the
        // post is not gone, it is about to be written.
        let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let sent = saves_of(&[(both, vec!["content/posts/a.md", "content/posts/a.md~"])]);
        assert!(sent[0].1 >= Duration::from_millis(300), "{:?}", sent[0].1);
        // Renamed into place from an editor's temporary file: done.
        let sent = saves_of(&[(both, vec!["content/posts/.a.md.tmp", "content/posts/a.md"])]);
        assert!(sent[0].1 < Duration::from_millis(150), "{:?}", sent[0].1);
        // An editor's leftover closed after writing says nothing of the site's files.
        let sent = saves(&[
            (
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                "content/posts/a.md",
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                "content/posts/.a.md.swp",
            ),
        ]);
        assert!(sent[0].1 >= Duration::from_millis(300), "{:?}", sent[0].1);
    }

    #[test]
    fn reading_files_is_no_save() {
        let sent = saves(&[
            (
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "content/posts/a.md",
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                "content/posts/a.md",
            ),
        ]);
        assert!(sent.is_empty(), "{sent:?}");
    }

    #[test]
    fn each_kind_of_content_file_is_told_apart() {
        let root = Path::new("/site");
        let mut c = Changes::default();
        for rel in [
            "content/posts/a.md",
            "content/municipalities/kalmar.md",
            "content/pages/om.md",
            "content/pages/om/styrelsen.md",
            "content/pages/.om.md.swp",
            "content/pages/bild.jpg",
        ] {
            c.add_path(root, &root.join(rel));
        }
        let set = |paths: &[&str]| paths.iter().map(PathBuf::from).collect();
        assert_eq!(c.posts, set(&["content/posts/a.md"]));
        assert_eq!(c.municipality_pages, set(&["content/municipalities/kalmar.md"]));
        assert_eq!(c.pages, set(&["content/pages/om.md", "content/pages/om/styrelsen.md"]));
        assert_eq!(c.content_other, set(&["content/pages/bild.jpg"]));
        // A page edit is no edit of posts alone: the model is built again.
        assert!(!c.only_posts());
        assert!(c.touches(Path::new("content/pages/om.md")));
    }
}
