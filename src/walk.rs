//! Listing the files of one of the site's folders (`content/posts`, `static`, a theme's
//! `templates`, ...), the same way for every folder.
//!
//! - Hidden files and editors' leftovers (swap, backup and lock files) are skipped, even when
//!   they are broken symbolic links, as Emacs's `.#post.md` lock files are.
//! - Symbolic links are followed when they stay inside the site (or inside the listed folder,
//!   which may itself be a link to elsewhere). A link that points outside is an error naming it:
//!   a static file linked to `~/.ssh/id_rsa` would otherwise be published.
//! - A link that loops back to a folder above it, or whose target is gone, is an error naming it.

use crate::diagnostics::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};

/// Files under `root/dir`, as paths relative to `root` (through links, as the writer sees them),
/// sorted by name so every build sees the same order. Problems are added to `errors`.
pub fn site_files(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Vec::new();
    }
    let listed = full.canonicalize().ok();
    let allowed: Vec<PathBuf> = root.canonicalize().ok().into_iter().chain(listed.clone()).collect();
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();

    let mut files = Vec::new();
    let mut walker = walkdir::WalkDir::new(&full)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| full.clone());
                if path != full && is_ignored_path(&path) {
                    continue;
                }
                errors.push(Diagnostic::error(rel(&path), 1, 1, walk_error_message(&err, &path)));
                continue;
            }
        };
        if entry.depth() > 0 && is_ignored_name(&entry.file_name().to_string_lossy()) {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.depth() > 0 && entry.path_is_symlink() {
            if let Ok(target) = entry.path().canonicalize() {
                // A link to a folder holding the listed one loops, whether or not walkdir's own
                // check sees it (it only compares with the folders of this walk).
                if entry.file_type().is_dir() && listed.as_ref().is_some_and(|l| l.starts_with(&target)) {
                    errors.push(Diagnostic::error(rel(entry.path()), 1, 1, LOOP_MESSAGE));
                    walker.skip_current_dir();
                    continue;
                }
                if !allowed.iter().any(|a| target.starts_with(a)) {
                    errors.push(Diagnostic::error(
                        rel(entry.path()),
                        1,
                        1,
                        format!(
                            "a symbolic link to {}, outside the site; besok only reads the site's own files (copy it in instead)",
                            target.display()
                        ),
                    ));
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
        }
        if entry.file_type().is_file() {
            files.push(rel(entry.path()));
        }
    }
    files
}

/// Whether the last part of `path` is a leftover's name.
fn is_ignored_path(path: &Path) -> bool {
    path.file_name().is_some_and(|n| is_ignored_name(&n.to_string_lossy()))
}

const LOOP_MESSAGE: &str = "a symbolic link here loops back to a folder above it; remove the link";

fn walk_error_message(err: &walkdir::Error, path: &Path) -> String {
    if err.loop_ancestor().is_some() {
        return LOOP_MESSAGE.to_string();
    }
    if let Ok(target) = fs::read_link(path) {
        if !path.exists() {
            return format!(
                "a symbolic link to {}, which does not exist; remove the link or restore its target",
                target.display()
            );
        }
    }
    format!(
        "cannot read: {}",
        err.io_error().map_or_else(|| err.to_string(), |e| e.to_string())
    )
}

/// Names that editors and operating systems leave beside real files: hidden files (`.DS_Store`,
/// `.post.md.swp`, Emacs's `.#post.md`), `#post.md#`, `post.md~`, and swap, temp and backup files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name == "4913"
}
