//! Watching the site's files and turning file events into [`Changes`].
//!
//! Events only say *which* paths were touched; what happened to them is read from the disk
//! when the rebuild runs. That is what makes every editor's way of saving work the same:
//! writing in place, writing a temporary file and renaming it over the post (vim, most IDEs),
//! or deleting and creating it again all end with the post file on disk, and the rebuild
//! reads it. Editors' leftovers (`.x.md.swp`, `x.md~`, `.#x.md`, vim's `4913` probe) are
//! ignored by name or because they are not part of the site.

use crate::walk::is_ignored_name;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long events of one save are gathered before a rebuild starts. Saves are bursts of a
/// few events within a millisecond or two; a longer burst (a `git checkout`) is gathered by
/// the rebuild loop, which takes every change that arrived while it was busy at once. Every
/// millisecond here is one of the writer's: with the 2 ms tick, a save waits 5–7 ms.
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

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    /// Watches `root` (absolute) and sends the changes of every debounced burst to `tx`.
    pub fn start(root: &Path, tx: Sender<Changes>) -> notify::Result<Watcher> {
        let event_root = root.to_path_buf();
        let debouncer = new_debouncer(
            DEBOUNCE,
            Some(Duration::from_millis(2)),
            move |result: DebounceEventResult| {
                let mut changes = Changes::default();
                match result {
                    Ok(events) => {
                        for event in events {
                            // Reading files (which every rebuild does) is no change.
                            if matches!(event.kind, notify::EventKind::Access(_)) {
                                continue;
                            }
                            if event.need_rescan() {
                                changes.merge(Changes::everything());
                            }
                            for path in &event.paths {
                                changes.add_path(&event_root, path);
                            }
                        }
                    }
                    Err(errors) => {
                        for e in errors {
                            eprintln!("warning: watching files: {e}");
                        }
                        // Events may have been lost: read everything again to be sure.
                        changes.merge(Changes::everything());
                    }
                }
                if !changes.is_empty() {
                    let _ = tx.send(changes);
                }
            },
        )?;
        let mut watcher = Watcher { debouncer };
        // The root itself, not recursively: config.toml (which editors replace by renaming,
        // so watching the file itself would lose it) and folders created later.
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
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
        self.debouncer.watch(dir, RecursiveMode::Recursive)
    }
}

/// Whether a changed path under `content/` that is not a markdown file means posts moved:
/// it is a folder now, or it was the folder of a known file.
pub fn is_content_folder<'a>(root: &Path, rel: &Path, mut known: impl Iterator<Item = &'a PathBuf>) -> bool {
    root.join(rel).is_dir() || known.any(|k| k.starts_with(rel) && k != rel)
}

#[cfg(test)]
mod tests {
    use super::Changes;
    use std::path::{Path, PathBuf};

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
