//! The build cache of photo variants, in the site's `.besok-cache/images/`.
//!
//! Encoding a phone photo's variants takes a good fraction of a second; a site has hundreds of
//! photos and is built on every edit. So each photo's variants are kept under a [`Key`] made
//! from the photo's bytes and the settings, and a later build that finds them encodes nothing.
//!
//! Layout: one folder per key, named by the key's 64 hex digits, holding `<width>w.<ext>` for
//! each variant and a `manifest.json` written last. An entry is used only after it checks out
//! whole (the manifest parses and names this key, each file is there with the length and
//! BLAKE3 checksum the manifest gives), so a half-written entry, a disk error, an entry from
//! another besok version or a hand-edited file is a miss and is rebuilt, never served.
//! Every file is written to a temporary name and renamed into place, so a build stopped
//! midway leaves no half file under a real name. [`ImageCache::prune`] removes the entries a
//! build did not use, and only files named as this module names them, inside the cache folder.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{
    file_name_from_hash, process, Encoding, ImageError, ImageSettings, ProcessedImage, Variant, FORMAT_VERSION,
};

const MANIFEST: &str = "manifest.json";
/// The marker in each manifest, so a JSON file that happens to sit there is not taken for one.
const MANIFEST_KIND: &str = "besok image cache entry";
/// Marks the folder as a cache for backup tools (https://bford.info/cachedir/).
const CACHEDIR_TAG: &str = "CACHEDIR.TAG";
const CACHEDIR_TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by besok (its resized photos).\n\
    # besok rebuilds everything here when it is missing.\n";
/// Temporary files start with this and end with `.tmp`, so prune knows them as its own.
const TEMP_PREFIX: &str = ".besok-";

/// A cache entry's name: the BLAKE3 hash of the photo's bytes, the settings as they act, and
/// [`FORMAT_VERSION`].
///
/// BLAKE3 rather than `std`'s `DefaultHasher`, whose output may change with any Rust release
/// (it says so) and would silently empty the cache, or worse, tie a key on disk to another
/// input. BLAKE3's output is fixed by its specification; it is also fast (several GB/s, so
/// hashing a 5 MB photo costs about a millisecond) and 256 bits wide, so two different photos
/// never share a key in practice. The photo's name is not in the key: the same photo under
/// two names is encoded once (the variant file names are made per call from the stem).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// The key of `source` processed with `settings`.
    pub fn new(source: &[u8], settings: &ImageSettings) -> Key {
        let settings = settings.normalized();
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"besok images\0");
        hasher.update(&FORMAT_VERSION.to_le_bytes());
        hasher.update(&(settings.widths.len() as u64).to_le_bytes());
        for width in &settings.widths {
            hasher.update(&width.to_le_bytes());
        }
        hasher.update(&[settings.jpeg_quality]);
        let format: &[u8] = match settings.format {
            super::OutputFormat::Auto => b"auto",
            super::OutputFormat::Jpeg => b"jpeg",
            super::OutputFormat::Png => b"png",
        };
        hasher.update(&(format.len() as u64).to_le_bytes());
        hasher.update(format);
        hasher.update(&(source.len() as u64).to_le_bytes());
        hasher.update(source);
        Key(*hasher.finalize().as_bytes())
    }

    /// The 64 lowercase hex digits that name the key's folder.
    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    /// Reads a folder name back into a key; `None` unless it is exactly 64 lowercase hex digits.
    pub fn from_hex(hex: &str) -> Option<Key> {
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return None;
        }
        blake3::Hash::from_hex(hex).ok().map(|h| Key(*h.as_bytes()))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", &self.to_hex()[..16])
    }
}

/// How the cache has been used since it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups that found a whole entry.
    pub hits: u64,
    /// Lookups that found none, or a broken or foreign one.
    pub misses: u64,
    /// Photos decoded and encoded by [`ImageCache::get_or_process`].
    pub encoded: u64,
}

/// What [`ImageCache::prune`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PruneReport {
    /// Entries removed whole.
    pub removed_entries: usize,
    /// Files removed (variants, manifests, leftover temporary files).
    pub removed_files: usize,
    /// Things left alone because besok did not write them: other files and folders in the
    /// cache folder, and entry folders still holding such a thing after their own files went.
    pub left_alone: Vec<PathBuf>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    kind: String,
    format_version: u32,
    key: String,
    width: u32,
    height: u32,
    variants: Vec<ManifestVariant>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestVariant {
    width: u32,
    height: u32,
    /// `<width>w.<ext>`; checked against width and extension, never used as a path unchecked.
    file: String,
    bytes: u64,
    blake3: String,
}

/// The cache of photo variants in one folder. Shared by reference between threads: the
/// counters are atomic, and entries for different keys are separate folders.
#[derive(Debug)]
pub struct ImageCache {
    root: PathBuf,
    hits: AtomicU64,
    misses: AtomicU64,
    encoded: AtomicU64,
    temp_counter: AtomicU64,
}

impl ImageCache {
    /// A cache in `root` (the site's `.besok-cache/images/`). Nothing is created until the
    /// first entry is stored.
    pub fn new(root: impl Into<PathBuf>) -> ImageCache {
        ImageCache {
            root: root.into(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            encoded: AtomicU64::new(0),
            temp_counter: AtomicU64::new(0),
        }
    }

    /// The cache folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the cache keeps `variant` of the photo `key`, for a build to copy it from (after
    /// [`ImageCache::get_or_process`] gave that variant, the file is there and checked).
    pub fn variant_file(&self, key: &Key, variant: &Variant) -> PathBuf {
        self.root
            .join(key.to_hex())
            .join(variant_path_name(variant.width, variant.encoding))
    }

    /// The counts so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            encoded: self.encoded.load(Ordering::Relaxed),
        }
    }

    /// The photo's variants from the cache, or made by [`process`] and stored. Returns the key
    /// too, for the build to collect and hand to [`ImageCache::prune`].
    pub fn get_or_process(
        &self,
        stem: &str,
        source: &[u8],
        settings: &ImageSettings,
    ) -> Result<(Key, ProcessedImage), ImageError> {
        let key = Key::new(source, settings);
        if let Some(image) = self.lookup(&key, stem) {
            return Ok((key, image));
        }
        self.encoded.fetch_add(1, Ordering::Relaxed);
        let image = process(stem, source, settings)?;
        self.store(&key, &image)?;
        Ok((key, image))
    }

    /// The entry for `key`, if it is there and whole, with file names made from `stem`.
    /// Anything else (no entry, a manifest that does not parse or names another key, a missing
    /// or altered file) is a miss: the caller rebuilds and [`ImageCache::store`] overwrites.
    pub fn lookup(&self, key: &Key, stem: &str) -> Option<ProcessedImage> {
        let found = self.read_entry(key, stem);
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn read_entry(&self, key: &Key, stem: &str) -> Option<ProcessedImage> {
        let dir = self.root.join(key.to_hex());
        let manifest: Manifest = serde_json::from_slice(&fs::read(dir.join(MANIFEST)).ok()?).ok()?;
        if manifest.kind != MANIFEST_KIND || manifest.format_version != FORMAT_VERSION || manifest.key != key.to_hex() {
            return None;
        }
        if manifest.variants.is_empty() {
            return None;
        }
        let mut variants = Vec::with_capacity(manifest.variants.len());
        for entry in &manifest.variants {
            let encoding = variant_encoding(&entry.file)?;
            if entry.file != variant_path_name(entry.width, encoding) {
                return None;
            }
            let bytes = fs::read(dir.join(&entry.file)).ok()?;
            let hash = blake3::hash(&bytes).to_hex();
            if bytes.len() as u64 != entry.bytes || hash.as_str() != entry.blake3 {
                return None;
            }
            let file_name = file_name_from_hash(stem, entry.width, encoding, hash.as_str());
            variants.push(Variant {
                width: entry.width,
                height: entry.height,
                encoding,
                file_name,
                bytes,
            });
        }
        Some(ProcessedImage {
            width: manifest.width,
            height: manifest.height,
            variants,
        })
    }

    /// Stores `image` under `key`: each variant, then the manifest, each to a temporary file
    /// renamed into place. An entry already there (a broken one, or the same one written by
    /// another thread that processed the same photo) is replaced file by file.
    pub fn store(&self, key: &Key, image: &ProcessedImage) -> Result<(), ImageError> {
        let error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ImageError::Cache { path, source }
        };
        fs::create_dir_all(&self.root).map_err(error(&self.root))?;
        let tag = self.root.join(CACHEDIR_TAG);
        if !tag.exists() {
            self.write_atomically(&self.root, CACHEDIR_TAG, CACHEDIR_TAG_TEXT.as_bytes())
                .map_err(error(&tag))?;
        }
        let dir = self.root.join(key.to_hex());
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                // A file or a link where the entry's folder should be: not besok's, so neither
                // replaced nor followed out of the cache folder.
                let foreign = io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "something besok did not write is in the way",
                );
                return Err(ImageError::Cache {
                    path: dir,
                    source: foreign,
                });
            }
            Err(_) => fs::create_dir(&dir)
                .or_else(|e| if dir.is_dir() { Ok(()) } else { Err(e) })
                .map_err(error(&dir))?,
        }
        let mut entries = Vec::with_capacity(image.variants.len());
        for variant in &image.variants {
            let file = variant_path_name(variant.width, variant.encoding);
            self.write_atomically(&dir, &file, &variant.bytes)
                .map_err(error(&dir.join(&file)))?;
            entries.push(ManifestVariant {
                width: variant.width,
                height: variant.height,
                file,
                bytes: variant.bytes.len() as u64,
                blake3: blake3::hash(&variant.bytes).to_hex().to_string(),
            });
        }
        let manifest = Manifest {
            kind: MANIFEST_KIND.to_string(),
            format_version: FORMAT_VERSION,
            key: key.to_hex(),
            width: image.width,
            height: image.height,
            variants: entries,
        };
        let json = serde_json::to_vec_pretty(&manifest).expect("a manifest is plain data");
        self.write_atomically(&dir, MANIFEST, &json)
            .map_err(error(&dir.join(MANIFEST)))
    }

    /// Writes `bytes` to `dir/name` through a temporary file in the same folder (so the rename
    /// stays on one file system and is atomic). Not synced to disk: after a power cut a torn
    /// file fails its checksum and is rebuilt, which is cheaper than an fsync per file.
    fn write_atomically(&self, dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
        let n = self.temp_counter.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!("{TEMP_PREFIX}{}-{n}-{name}.tmp", std::process::id()));
        let written = fs::File::create_new(&temp).and_then(|mut file| file.write_all(bytes));
        let renamed = written.and_then(|()| fs::rename(&temp, dir.join(name)));
        if renamed.is_err() {
            let _ = fs::remove_file(&temp);
        }
        renamed
    }

    /// Removes every entry whose key is not in `keep` (the keys this build used).
    ///
    /// Only what this module writes is removed: folders named by a key, and in them only a
    /// manifest, `<width>w.jpg`/`.png` variants and leftover temporary files, all regular
    /// files. Links are never followed or removed, nothing outside the cache folder is
    /// touched, and anything else is listed in [`PruneReport::left_alone`]. A cache folder
    /// that does not exist yet is an empty cache.
    pub fn prune(&self, keep: &HashSet<Key>) -> Result<PruneReport, ImageError> {
        let error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ImageError::Cache { path, source }
        };
        let mut report = PruneReport::default();
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(report),
            Err(e) => return Err(error(&self.root)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(error(&self.root))?;
            let path = entry.path();
            let name = entry.file_name();
            let Some(key) = name.to_str().and_then(Key::from_hex) else {
                if name != CACHEDIR_TAG {
                    report.left_alone.push(path);
                }
                continue;
            };
            // DirEntry::file_type does not follow links: a link named like a key is not ours.
            if !entry.file_type().map_err(error(&path))?.is_dir() {
                report.left_alone.push(path);
                continue;
            }
            if keep.contains(&key) {
                continue;
            }
            let mut foreign = false;
            for file in fs::read_dir(&path).map_err(error(&path))? {
                let file = file.map_err(error(&path))?;
                let ours = file.file_type().map_err(error(&file.path()))?.is_file()
                    && file.file_name().to_str().is_some_and(is_own_file_name);
                if ours {
                    fs::remove_file(file.path()).map_err(error(&file.path()))?;
                    report.removed_files += 1;
                } else {
                    foreign = true;
                }
            }
            if foreign {
                report.left_alone.push(path);
            } else {
                fs::remove_dir(&path).map_err(error(&path))?;
                report.removed_entries += 1;
            }
        }
        report.left_alone.sort();
        Ok(report)
    }
}

/// `<width>w.<ext>`, the name of a variant inside its entry's folder.
fn variant_path_name(width: u32, encoding: Encoding) -> String {
    format!("{width}w.{}", encoding.extension())
}

fn variant_encoding(file: &str) -> Option<Encoding> {
    Encoding::from_extension(file.rsplit_once('.')?.1)
}

/// Whether a file in an entry folder has a name this module gives: the manifest, a variant
/// (`<digits>w.jpg` or `.png`, no leading zero), or a temporary file.
fn is_own_file_name(name: &str) -> bool {
    if name == MANIFEST {
        return true;
    }
    if name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") {
        return true;
    }
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let Some(digits) = stem.strip_suffix('w') else {
        return false;
    };
    Encoding::from_extension(extension).is_some()
        && !digits.is_empty()
        && !digits.starts_with('0')
        && digits.len() <= 10
        && digits.bytes().all(|b| b.is_ascii_digit())
}
