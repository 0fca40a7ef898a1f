//! What is known of each photo between runs, so a photo that did not change costs nothing:
//! neither it nor its sizes are read or hashed again.
//!
//! A photo is known by its file: its length, modification time and (on Unix) inode; with the
//! image settings it was made with, the cache key it was made under and its sizes, each with
//! the length and time of its file in the cache. When all of these are as they were, the photo
//! is taken as made. Anything else (the photo edited or replaced, other settings, a size
//! deleted or altered in the cache) makes it again through the verified cache. `besok build`
//! reads the memo from the site's cache folder and writes it back; `besok serve` keeps it in
//! memory between edits and writes it back too, so the two share one mechanism.

use super::{Prepared, Size};
use crate::images::{ImageSettings, Key};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The memo's file in the site's cache folder.
pub const MEMO_FILE: &str = "image-memo.tsv";
/// The first line of the file: another line means another format, read as empty.
const HEADER: &str = "# besok image memo 1";

/// A file as the file system describes it: what tells a photo (or a cached size) is as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    /// Modification time, nanoseconds since the epoch.
    modified: u128,
    /// The inode on Unix (a file replaced by a rename has another), else 0.
    inode: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified,
            inode,
        })
    }
}

/// One photo as it was last made.
#[derive(Debug, Clone)]
struct Entry {
    stamp: Stamp,
    settings: String,
    key: Key,
    prepared: Prepared,
    /// The stamp of each size's file in the cache, in the order of `prepared.sizes`.
    sizes: Vec<Stamp>,
}

/// The photos made so far, by file. See the module's documentation.
#[derive(Debug, Default)]
pub struct Memo {
    seen: Mutex<HashMap<PathBuf, Entry>>,
    changed: AtomicBool,
    hits: AtomicUsize,
}

/// The settings as the memo compares them.
pub(super) fn settings_key(settings: &ImageSettings) -> String {
    format!("{settings:?}")
}

impl Memo {
    /// The memo kept in `dir` (the site's cache folder); empty when there is none or it cannot
    /// be read (a memo is only ever a shortcut).
    pub fn load(dir: &Path) -> Memo {
        let memo = Memo::default();
        let Ok(text) = std::fs::read_to_string(dir.join(MEMO_FILE)) else {
            return memo;
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return memo;
        }
        let mut seen = HashMap::new();
        for line in lines {
            if let Some((path, entry)) = parse_line(line) {
                seen.insert(path, entry);
            }
        }
        *memo.seen.lock().unwrap_or_else(|e| e.into_inner()) = seen;
        memo
    }

    /// Writes the memo into `dir` when it changed since it was loaded or last saved, to a
    /// temporary file renamed into place. A failure costs only the next run's shortcut.
    pub fn save(&self, dir: &Path) {
        if !self.changed.swap(false, Ordering::Relaxed) {
            return;
        }
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines: Vec<String> = seen.iter().filter_map(|(path, e)| format_line(path, e)).collect();
        lines.sort();
        let text = format!(
            "{HEADER}\n{}",
            lines.iter().map(|l| format!("{l}\n")).collect::<String>()
        );
        let temporary = dir.join(format!("{MEMO_FILE}.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&temporary, text))
            .and_then(|()| std::fs::rename(&temporary, dir.join(MEMO_FILE)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// How many photos were taken from the memo.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The photo in `file`, when it, the settings and its sizes in the cache are as they were.
    /// `settings` is the run's settings as [`settings_key`] writes them.
    pub(super) fn get(&self, file: &Path, stamp: &Stamp, settings: &str) -> Option<(Key, Prepared)> {
        // Taken out of the lock before the sizes' files are looked at: photos are looked up
        // in parallel, and a lock held over file-system calls would make them wait in turn.
        let e = self.seen.lock().unwrap_or_else(|e| e.into_inner()).get(file)?.clone();
        let same = e.stamp == *stamp
            && e.settings == settings
            && e.sizes.len() == e.prepared.sizes.len()
            && e.prepared
                .sizes
                .iter()
                .zip(&e.sizes)
                .all(|(size, stamp)| Stamp::of(&size.cached).as_ref() == Some(stamp));
        if !same {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some((e.key, e.prepared))
    }

    /// Remembers the photo in `file`, as just made (or taken from the verified cache).
    pub(super) fn put(&self, file: &Path, stamp: Stamp, settings: &ImageSettings, key: &Key, prepared: &Prepared) {
        let Some(sizes) = prepared.sizes.iter().map(|s| Stamp::of(&s.cached)).collect() else {
            return;
        };
        let entry = Entry {
            stamp,
            settings: settings_key(settings),
            key: *key,
            prepared: prepared.clone(),
            sizes,
        };
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_path_buf(), entry);
        self.changed.store(true, Ordering::Relaxed);
    }
}

fn stamp_fields(s: &Stamp) -> String {
    format!("{}\t{}\t{}", s.len, s.modified, s.inode)
}

/// `path, stamp, settings, key, width, height`, then each size's `file name, width, height,
/// cached path, stamp`, tab-separated. A path or setting that holds a tab or line break is not
/// written (it could not be read back).
fn format_line(path: &Path, e: &Entry) -> Option<String> {
    let clean = |s: &str| (!s.contains(['\t', '\n', '\r'])).then(|| s.to_string());
    let mut fields = vec![
        clean(path.to_str()?)?,
        stamp_fields(&e.stamp),
        clean(&e.settings)?,
        e.key.to_hex(),
        e.prepared.width.to_string(),
        e.prepared.height.to_string(),
    ];
    for (size, stamp) in e.prepared.sizes.iter().zip(&e.sizes) {
        fields.push(clean(&size.file_name)?);
        fields.push(size.width.to_string());
        fields.push(size.height.to_string());
        fields.push(clean(size.cached.to_str()?)?);
        fields.push(stamp_fields(stamp));
    }
    Some(fields.join("\t"))
}

fn parse_line(line: &str) -> Option<(PathBuf, Entry)> {
    let mut f = line.split('\t');
    let stamp = |f: &mut std::str::Split<'_, char>| {
        Some(Stamp {
            len: f.next()?.parse().ok()?,
            modified: f.next()?.parse().ok()?,
            inode: f.next()?.parse().ok()?,
        })
    };
    let path = PathBuf::from(f.next()?);
    let file_stamp = stamp(&mut f)?;
    let settings = f.next()?.to_string();
    let key = Key::from_hex(f.next()?)?;
    let width = f.next()?.parse().ok()?;
    let height = f.next()?.parse().ok()?;
    let mut sizes = Vec::new();
    let mut size_stamps = Vec::new();
    while let Some(file_name) = f.next() {
        sizes.push(Size {
            file_name: file_name.to_string(),
            width: f.next()?.parse().ok()?,
            height: f.next()?.parse().ok()?,
            cached: PathBuf::from(f.next()?),
        });
        size_stamps.push(stamp(&mut f)?);
    }
    if sizes.is_empty() {
        return None;
    }
    let entry = Entry {
        stamp: file_stamp,
        settings,
        key,
        prepared: Prepared { width, height, sizes },
        sizes: size_stamps,
    };
    Some((path, entry))
}
