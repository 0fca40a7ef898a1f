//! Writing the built site safely: into a temporary sibling folder, swapped in only when the
//! whole build succeeded, and never over a folder besok did not write.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file besok leaves in every output folder, so a later build knows the folder is its own.
pub const MARKER: &str = ".besok-output";

/// Checks that building into `output` cannot destroy the writer's files.
pub fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<()> {
    let refuse = |reason: &str| Error::UnsafeOutput {
        path: output.to_path_buf(),
        reason: reason.to_string(),
    };
    let root_abs = absolute(root);
    let out_abs = absolute(output);
    if out_abs == root_abs {
        return Err(refuse("it is the site's own folder (choose e.g. --output-dir public)"));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(refuse("the site's own folder is inside it"));
    }
    for protected in ["content", "themes", "templates", "static"] {
        if out_abs.starts_with(root_abs.join(protected)) {
            return Err(refuse(&format!("it is inside the site's {protected}/ folder")));
        }
    }
    if !out_abs.exists() {
        return Ok(());
    }
    if !out_abs.is_dir() {
        return Err(refuse("it is a file, not a folder"));
    }
    if out_abs.join("config.toml").exists() || out_abs.join("content").exists() {
        return Err(refuse(
            "it holds a config.toml or content/ folder, so it looks like a site, not a build",
        ));
    }
    if force || out_abs.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = fs::read_dir(&out_abs)
        .map_err(|e| Error::io("cannot read", &out_abs, e))?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        Err(refuse(&format!(
            "it holds files that besok did not write (no {MARKER} marker from an earlier build); \
             choose another --output-dir, or pass --force to replace its contents"
        )))
    }
}

/// Resolves a path against the current directory and its existing ancestors' real locations,
/// so `public`, `./public` and a symlinked path compare equal.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return joined,
        }
    }
}

/// What the name of every file and folder a build keeps beside its output folder `name` starts
/// with: `.public.besok-` for `public/`. The lock (`lock`) and the lists of written files
/// (`files`) and published addresses (`addresses`) stay; the build's temporary folder (`tmp-<pid>`) and the previous output while it
/// is swapped out (`old-<pid>`) are gone when it ends. `besok init`'s `.gitignore` ignores them
/// by it.
pub fn beside_prefix(name: &str) -> String {
    format!(".{name}.besok-")
}

/// Holds the output folder for one build: an advisory lock (`flock`) on a file next to the
/// folder, `.<name>.besok-lock`. Two builds swapping folders at once could each move the
/// other's result aside and leave no output at all, so the second one stops with
/// [`Error::Busy`] instead. The kernel drops the lock when the process ends, however it ends,
/// so a crashed build never leaves a stale lock behind. The file itself stays (removing a
/// locked file would let a third build lock a fresh file while the second still holds the old).
pub struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    pub fn acquire(target: &Path) -> Result<OutputLock> {
        let (parent, name) = parent_and_name(&absolute(target));
        create_parent(&parent)?;
        let path = parent.join(format!("{}lock", beside_prefix(&name)));
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io("cannot write the output folder's lock file", &path, kept(e)))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                // The holder writes its id right after locking: give it a moment.
                let mut holder = String::new();
                for _ in 0..50 {
                    holder.clear();
                    let _ = io::Seek::rewind(&mut file);
                    let _ = io::Read::read_to_string(&mut file, &mut holder);
                    if !holder.trim().is_empty() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                let holder = holder.trim();
                return Err(Error::Busy {
                    path: target.to_path_buf(),
                    holder: if holder.is_empty() {
                        "see its lock file ".to_string() + &path.display().to_string()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io("cannot lock", &path, e)),
        }
        // Who holds it, for the other build's message; best effort.
        let _ = file.set_len(0);
        let _ = io::Write::write_all(&mut file, format!("process {}", std::process::id()).as_bytes());
        Ok(OutputLock { _file: file })
    }
}

fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// A build in progress: pages go into a temporary folder next to the target, and `commit`
/// swaps it in. Dropped without commit, it removes the temporary folder and leaves the target
/// as it was.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
    /// What the previous build wrote, by file: an unchanged file is linked from it, keeping
    /// its time, so a deploy by `rsync -a` or a sync tool uploads only what changed.
    previous: HashMap<String, Written>,
    /// What this build wrote, for the next build.
    written: Mutex<Vec<(String, Written)>>,
    manifest: PathBuf,
    /// The addresses this build publishes, for the next build to compare with, and where they
    /// are kept.
    addresses: Vec<Published>,
    addresses_file: PathBuf,
}

/// An address a build published (`/posts/besok-i-eksjo/`, an alias), the kind of file it came
/// from (`post`, `page`), that file and its title: what the next build compares its own with,
/// to say which file's `aliases` would keep an address it no longer publishes. Kept beside the
/// output as `.<name>.besok-addresses`, one address a line, its fields separated by tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub address: String,
    pub kind: String,
    pub source: String,
    pub title: String,
}

impl Published {
    fn line(&self) -> String {
        let field = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        format!(
            "{}\t{}\t{}\t{}\n",
            field(&self.address),
            field(&self.kind),
            field(&self.source),
            field(&self.title)
        )
    }

    fn parse(line: &str) -> Option<Published> {
        let mut parts = line.splitn(4, '\t');
        Some(Published {
            address: parts.next()?.to_string(),
            kind: parts.next()?.to_string(),
            source: parts.next()?.to_string(),
            title: parts.next()?.to_string(),
        })
    }
}

/// The addresses the last build into `target` published (empty when there is none, or it
/// was made by a besok that did not keep them).
pub fn published_before(target: &Path) -> Vec<Published> {
    addresses_file(target)
        .and_then(|file| fs::read_to_string(file).ok())
        .map(|text| text.lines().filter_map(Published::parse).collect())
        .unwrap_or_default()
}

/// Where a build into `target` keeps the addresses it published, when `target` is there.
fn addresses_file(target: &Path) -> Option<PathBuf> {
    let target = absolute(target);
    if !target.is_dir() {
        return None;
    }
    let (parent, name) = parent_and_name(&target);
    Some(parent.join(format!("{}addresses", beside_prefix(&name))))
}

/// [`published_before`], read again only when the list's file changed (its length or time):
/// `besok serve` asks after each edit whether one is lost, and reading the 10,000 lines of a
/// 10,000-post site took 5 ms each time.
#[derive(Debug, Default)]
pub struct PublishedBefore {
    stamp: Option<(u64, std::time::SystemTime)>,
    addresses: std::sync::Arc<Vec<Published>>,
}

impl PublishedBefore {
    /// The addresses the last build into `target` published, as its file is now.
    pub fn current(&mut self, target: &Path) -> std::sync::Arc<Vec<Published>> {
        let stamp = addresses_file(target)
            .and_then(|file| fs::metadata(file).ok())
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        if stamp.is_none() || stamp != self.stamp {
            self.addresses = std::sync::Arc::new(published_before(target));
            self.stamp = stamp;
        }
        self.addresses.clone()
    }
}

/// One file of a build, as the next build finds it: its length and the time it had when it
/// was written (a file changed since, by anyone, is written again), and the hash of its bytes.
/// The next build compares a page's hash with it instead of reading the old file: hashing every
/// page (XXH3, tens of GB/s) costs a fraction of opening and reading each old one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    len: u64,
    modified_ns: u128,
    /// XXH3-128 of the bytes; `None` for a file listed by a besok that did not hash (its bytes
    /// are compared instead) or linked without being read (a photo's size).
    hash: Option<u128>,
}

impl Written {
    fn line(&self, file: &str) -> String {
        match self.hash {
            Some(hash) => format!("{}\t{}\t{hash:032x}\t{file}\n", self.len, self.modified_ns),
            None => format!("{}\t{}\t{file}\n", self.len, self.modified_ns),
        }
    }

    fn parse(line: &str) -> Option<(String, Written)> {
        let mut parts = line.splitn(3, '\t');
        let len = parts.next()?.parse().ok()?;
        let modified_ns = parts.next()?.parse().ok()?;
        let rest = parts.next()?;
        // A hash is 32 hex digits before the file; a line without one is all file.
        let hashed = rest
            .split_once('\t')
            .filter(|(hash, _)| hash.len() == 32)
            .and_then(|(hash, file)| Some((file, u128::from_str_radix(hash, 16).ok()?)));
        let (file, hash) = match hashed {
            Some((file, hash)) => (file, Some(hash)),
            None => (rest, None),
        };
        Some((file.to_string(), Written { len, modified_ns, hash }))
    }
}

fn modified_ns(meta: &fs::Metadata) -> Option<u128> {
    meta.modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_nanos())
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        let target = absolute(target);
        let (parent, name) = parent_and_name(&target);
        create_parent(&parent)?;
        let temp = parent.join(format!("{}tmp-{}", beside_prefix(&name), std::process::id()));
        if temp.exists() {
            fs::remove_dir_all(&temp).map_err(|e| Error::io("cannot clear", &temp, kept(e)))?;
        }
        fs::create_dir(&temp).map_err(|e| Error::io("cannot create", &temp, kept(e)))?;
        // Beside the output, not in it: nothing of it is published.
        let manifest = parent.join(format!("{}files", beside_prefix(&name)));
        let previous = if target.is_dir() {
            fs::read_to_string(&manifest)
                .map(|text| text.lines().filter_map(Written::parse).collect())
                .unwrap_or_default()
        } else {
            HashMap::new()
        };
        Ok(Staging {
            target,
            temp,
            committed: false,
            previous,
            written: Mutex::new(Vec::new()),
            manifest,
            addresses: Vec::new(),
            addresses_file: parent.join(format!("{}addresses", beside_prefix(&name))),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.temp
    }

    /// Writes one file, `rel` being a `/`-separated path inside the site. A file the previous
    /// build wrote with the same bytes (and nobody changed since) is linked instead, so it keeps
    /// its modification time and a deploy can skip it.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staged_path(rel)?;
        let len = bytes.len() as u64;
        let hash = xxhash_rust::xxh3::xxh3_128(bytes);
        if let Some(old) = self.untouched(rel).filter(|w| w.len == len) {
            let before = self.target.join(rel);
            // The hash stands for the old file's bytes only while its time says it is as
            // listed: on a file system that keeps whole seconds (FAT, some network shares) a
            // same-length edit within the second keeps the time, so its bytes are read.
            let fine_time = old.modified_ns % 1_000_000_000 != 0;
            let same = match old.hash.filter(|_| fine_time) {
                Some(h) => h == hash,
                None => fs::read(&before).is_ok_and(|b| b == bytes),
            };
            if same && fs::hard_link(&before, &path).is_ok() {
                self.record(
                    rel,
                    Written {
                        hash: Some(hash),
                        ..old.clone()
                    },
                );
                return Ok(());
            }
        }
        let mut file = fs::File::create(&path).map_err(|e| Error::io("cannot write", self.shown(&path), kept(e)))?;
        io::Write::write_all(&mut file, bytes).map_err(|e| Error::io("cannot write", self.shown(&path), kept(e)))?;
        if let Some(modified_ns) = file.metadata().ok().as_ref().and_then(modified_ns) {
            self.record(
                rel,
                Written {
                    len,
                    modified_ns,
                    hash: Some(hash),
                },
            );
        }
        Ok(())
    }

    /// Where `rel` goes in the build being made, its folder created.
    fn staged_path(&self, rel: &str) -> Result<PathBuf> {
        let path = self.temp.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", self.shown(parent), kept(e)))?;
        }
        Ok(path)
    }

    /// What the previous build wrote at `rel`, when its file is still as it left it (length
    /// and modification time).
    fn untouched(&self, rel: &str) -> Option<&Written> {
        let old = self.previous.get(rel)?;
        let m = fs::symlink_metadata(self.target.join(rel)).ok()?;
        (m.is_file() && m.len() == old.len && modified_ns(&m) == Some(old.modified_ns)).then_some(old)
    }

    fn record(&self, rel: &str, written: Written) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), written));
    }

    /// The addresses this build publishes, kept beside the output when it is committed.
    pub fn set_addresses(&mut self, addresses: Vec<Published>) {
        self.addresses = addresses;
    }

    /// Copies a file into the site at `rel` (as [`Staging::write`] writes it).
    pub fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        let bytes = fs::read(source).map_err(|e| Error::io("cannot copy", source, kept(e)))?;
        self.write(rel, &bytes)
    }

    /// Copies a file whose name says its content (an image size, `foto-960w.1a2b3c4d.jpg`):
    /// the previous build's file of that name, as it left it, is linked without reading either
    /// file, which makes a rebuild of a site of many photos cost what one without them does.
    pub fn copy_named_by_content(&self, rel: &str, source: &Path) -> Result<()> {
        if let Some(old) = self.untouched(rel) {
            if fs::hard_link(self.target.join(rel), self.staged_path(rel)?).is_ok() {
                self.record(rel, old.clone());
                return Ok(());
            }
        }
        self.copy(rel, source)
    }

    /// Puts the finished build in place of the target folder.
    pub fn commit(mut self) -> Result<PathBuf> {
        self.write(
            MARKER,
            b"This folder was written by besok; the next build replaces it.\n",
        )?;
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let old = self
            .temp
            .with_file_name(format!("{}old-{}", beside_prefix(&name), std::process::id()));
        let had_target = self.target.exists();
        if had_target {
            fs::rename(&self.target, &old)
                .map_err(|e| Error::io("cannot move aside the previous build in", &self.target, kept(e)))?;
        }
        if let Err(e) = fs::rename(&self.temp, &self.target) {
            let restored = !had_target || fs::rename(&old, &self.target).is_ok();
            let e = if restored { kept(e) } else { e };
            return Err(Error::io("cannot put the new build in place at", &self.target, e));
        }
        self.committed = true;
        // The previous build is removed while the lists are written.
        let ((), ()) = rayon::join(
            || self.write_lists(&name),
            || {
                if had_target {
                    remove_quietly(&old);
                }
            },
        );
        Ok(self.target.clone())
    }

    /// The lists of what this build wrote and published, beside the output, for the next build
    /// to compare with. Written after the swap: a list that says more than the output holds
    /// would only make the next build write more.
    fn write_lists(&self, name: &str) {
        let mut lines: Vec<(String, Written)> =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        lines.sort_by(|a, b| a.0.cmp(&b.0));
        let text: String = lines.iter().map(|(f, w)| w.line(f)).collect();
        let tmp = self.manifest.with_extension("tmp");
        if fs::write(&tmp, text)
            .and_then(|()| fs::rename(&tmp, &self.manifest))
            .is_err()
        {
            // Only the next build's chance to keep unchanged files' times is lost.
            let _ = fs::remove_file(&self.manifest);
        }
        let text: String = self.addresses.iter().map(Published::line).collect();
        let file = &self.addresses_file;
        let tmp = file.with_file_name(format!("{}tmp-addresses", beside_prefix(name)));
        if fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, file)).is_err() {
            // Only the next build's warning about an address it no longer publishes is lost.
            let _ = fs::remove_file(file);
        }
    }
}

impl Staging {
    /// Where a staged file will be once committed: the path a writer knows, in messages
    /// (the temporary folder is gone by the time they read it).
    fn shown(&self, staged: &Path) -> PathBuf {
        staged
            .strip_prefix(&self.temp)
            .map_or_else(|_| staged.to_path_buf(), |rel| self.target.join(rel))
    }
}

/// Adds to an I/O error that the previous build was not touched, which is what a writer whose
/// disk just filled up wants to know first.
fn kept(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{e}; the previous build is left as it was"))
}

/// Creates the folder the output goes in; a file where a folder must be is named as such.
fn create_parent(parent: &Path) -> Result<()> {
    fs::create_dir_all(parent).map_err(|e| match parent.ancestors().find(|a| a.exists() && !a.is_dir()) {
        Some(file) => Error::io(
            "cannot create the output's folder",
            parent,
            io::Error::other(format!("{} is a file, not a folder", file.display())),
        ),
        None => Error::io("cannot create", parent, e),
    })
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_quietly(&self.temp);
        }
    }
}

fn remove_quietly(path: &Path) {
    if let Err(e) = remove_tree(path) {
        if e.kind() != io::ErrorKind::NotFound {
            eprintln!("warning: could not remove {}: {e}", path.display());
        }
    }
}

/// `fs::remove_dir_all`, with the folder's entries removed in parallel: a file is removed
/// under a lock on its folder, so the entries of one folder go no faster on two threads, but
/// two folders do (`posts/` and the rest of a site: a quarter off the end of a build).
fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| match entry.file_type()? {
        t if t.is_dir() => fs::remove_dir_all(entry.path()),
        _ => fs::remove_file(entry.path()),
    })?;
    fs::remove_dir(path)
}
