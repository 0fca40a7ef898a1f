//! Photos for the web: resized variants, upright, without metadata, cached between builds.
//!
//! A visit report's photos come straight from a phone: 4000 px wide, several MB, rotated by an
//! EXIF tag rather than in their pixels, and carrying the GPS position where they were taken
//! (often the writer's home). [`process`] turns one photo's bytes into a few smaller variants
//! for a `srcset` ([`ImageSettings::widths`]), each upright and re-encoded from the pixels
//! alone, so no EXIF, XMP, IPTC or ICC block reaches the published site. [`ImageCache`] keeps
//! the variants between builds, so a photo is encoded once, not on every build.
//!
//! The module reads no files and knows nothing of pages: the caller (the markdown renderer,
//! once wired) reads the photo, calls [`ImageCache::get_or_process`], writes the variants'
//! bytes next to the page under their [`Variant::file_name`]s, and prints an [`ImageError`]
//! after the photo's path if it fails. docs/images.md says what the writer sees.

mod cache;
mod color;
mod decode;
mod encode;
mod error;
mod resize;
#[cfg(test)]
mod tests;

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Deserialize;

pub use cache::{CacheStats, ImageCache, Key, PruneReport};
pub use decode::{MAX_DECODE_BYTES, MAX_SIDE};
pub use error::ImageError;

use decode::SourceFormat;

/// The version of what [`process`] makes from given bytes and settings. It is part of every
/// cache [`Key`], so raising it makes every cached variant a miss and rebuilds it. Raise it
/// whenever the output for the same input changes on purpose: another filter, encoder,
/// colour handling or naming.
pub const FORMAT_VERSION: u32 = 1;

/// The default variant widths: a phone's column, a laptop's column, and a full-width or
/// high-density view.
pub const DEFAULT_WIDTHS: [u32; 3] = [480, 960, 1600];

/// The default JPEG quality: where artefacts stop being visible in photos at page size, at
/// about a tenth of a phone camera's file size.
pub const DEFAULT_JPEG_QUALITY: u8 = 80;

/// How photos are turned into variants. Part of the cache [`Key`]: changing any field
/// rebuilds every photo.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImageSettings {
    /// The widths to make, in pixels. Widths larger than the photo are left out (no
    /// upscaling), and the photo's own width is added when it is smaller than the largest
    /// width, so the sharpest variant there can be is always there. See [`target_widths`].
    pub widths: Vec<u32>,
    /// JPEG quality, 1 to 100 (values outside are brought into that range).
    pub jpeg_quality: u8,
    /// Which format the variants are written in.
    pub format: OutputFormat,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            jpeg_quality: DEFAULT_JPEG_QUALITY,
            format: OutputFormat::Auto,
        }
    }
}

impl ImageSettings {
    /// The settings as they act: widths sorted without zeros or repeats, quality in 1..=100.
    /// Two settings that act the same give the same cache key.
    fn normalized(&self) -> ImageSettings {
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|&w| w > 0).collect();
        widths.sort_unstable();
        widths.dedup();
        ImageSettings {
            widths,
            jpeg_quality: self.jpeg_quality.clamp(1, 100),
            format: self.format,
        }
    }
}

/// The format policy for variants.
///
/// There is no WebP output: the `image` crate's WebP encoder is lossless only, which makes a
/// photo several times larger than a JPEG of the same look. WebP photos become JPEGs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// JPEG stays JPEG; PNG stays PNG (screenshots, maps and drawings, whose sharp edges and
    /// flat colours JPEG would smear); WebP becomes JPEG, or PNG when it has transparency.
    #[default]
    Auto,
    /// Always JPEG; transparent parts are laid on white.
    Jpeg,
    /// Always PNG: lossless, and large for photos.
    Png,
}

/// The format a variant is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Baseline JPEG at [`ImageSettings::jpeg_quality`].
    Jpeg,
    /// PNG, lossless, 8-bit RGB or RGBA.
    Png,
}

impl Encoding {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
        }
    }

    fn from_extension(extension: &str) -> Option<Encoding> {
        match extension {
            "jpg" => Some(Encoding::Jpeg),
            "png" => Some(Encoding::Png),
            _ => None,
        }
    }

    fn choose(policy: OutputFormat, source: SourceFormat, has_alpha: bool) -> Encoding {
        match (policy, source) {
            (OutputFormat::Jpeg, _) => Encoding::Jpeg,
            (OutputFormat::Png, _) | (OutputFormat::Auto, SourceFormat::Png) => Encoding::Png,
            (OutputFormat::Auto, SourceFormat::WebP) if has_alpha => Encoding::Png,
            (OutputFormat::Auto, _) => Encoding::Jpeg,
        }
    }
}

/// One resized, re-encoded version of a photo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Its width in pixels, one of [`target_widths`].
    pub width: u32,
    /// Its height in pixels, keeping the photo's aspect ratio (rounded, at least 1).
    pub height: u32,
    /// The format of [`Variant::bytes`].
    pub encoding: Encoding,
    /// `<stem>-<width>w.<hash8>.<ext>`, where hash8 is the start of the bytes' BLAKE3 hash:
    /// a new photo under the same name gets a new file name, so a browser or CDN never shows
    /// the old one from its cache, and the files can be served as immutable.
    pub file_name: String,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

/// A photo's variants and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessedImage {
    /// The photo's width after its EXIF orientation is applied (for `width` and `height`
    /// attributes, so the page does not jump while photos load).
    pub width: u32,
    /// The photo's height after its EXIF orientation is applied.
    pub height: u32,
    /// Narrowest first.
    pub variants: Vec<Variant>,
}

/// The widths made for a photo `source_width` pixels wide: the configured widths up to the
/// photo's width (never upscaled, which would only make larger files of the same picture),
/// plus the photo's own width when it is narrower than the largest configured width (so a
/// 1200 px photo still gets a 1200 px variant when 1600 is asked for). With no width
/// configured, the photo's own width: it is still re-encoded, to strip its metadata.
pub fn target_widths(source_width: u32, configured: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = configured
        .iter()
        .copied()
        .filter(|&w| w > 0 && w <= source_width)
        .collect();
    let largest = configured.iter().copied().max().unwrap_or(0);
    if source_width < largest || widths.is_empty() {
        widths.push(source_width);
    }
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The published file name of a variant: `<stem>-<width>w.<hash8>.<ext>`.
///
/// `stem` is the photo's file name without extension; it is slugified ("Örebro slott" becomes
/// "orebro-slott") so the name is safe in any URL and on any file system, and cut to 60
/// characters. A stem with nothing left becomes "image".
pub fn variant_file_name(stem: &str, width: u32, encoding: Encoding, bytes: &[u8]) -> String {
    file_name_from_hash(stem, width, encoding, blake3::hash(bytes).to_hex().as_str())
}

fn file_name_from_hash(stem: &str, width: u32, encoding: Encoding, hash_hex: &str) -> String {
    let mut slug = slug::slugify(stem);
    if slug.len() > 60 {
        // slugify leaves ASCII only, so any byte index is a char boundary.
        slug.truncate(60);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    if slug.is_empty() {
        slug.push_str("image");
    }
    format!("{slug}-{width}w.{}.{}", &hash_hex[..8], encoding.extension())
}

/// Decodes one photo and makes its variants.
///
/// `stem` names the files (see [`variant_file_name`]). Never panics: a panic inside a decoder
/// (third-party code fed bytes from anywhere) is caught and reported as a damaged file, so one
/// bad photo fails with a message instead of ending the whole build.
pub fn process(stem: &str, bytes: &[u8], settings: &ImageSettings) -> Result<ProcessedImage, ImageError> {
    guarded(bytes, || process_unguarded(stem, bytes, settings))
}

/// Runs `work` on `bytes`, a panic of the decoder being an error about the picture.
fn guarded<T>(bytes: &[u8], work: impl FnOnce() -> Result<T, ImageError>) -> Result<T, ImageError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(ImageError::Corrupt {
            format: decode::sniff(bytes).map(SourceFormat::name).unwrap_or("picture"),
            reason: "the decoder failed on it".to_string(),
        })
    })
}

/// Whether `bytes` are a photo [`process`] can read (JPEG, PNG or WebP, whole, within the
/// limits), without making any size of it: `besok import` checks what a server sent before
/// saving it, so that a web page served as `image/jpeg` never reaches a post.
pub fn check_readable(bytes: &[u8]) -> Result<(), ImageError> {
    guarded(bytes, || decode::decode(bytes).map(|_| ()))
}

/// [`process`] without the panic guard, so the tests see any panic.
fn process_unguarded(stem: &str, bytes: &[u8], settings: &ImageSettings) -> Result<ProcessedImage, ImageError> {
    let settings = settings.normalized();
    let decoded = decode::decode(bytes)?;
    let source = &decoded.image;
    let (width, height) = (source.width(), source.height());
    let encoding = Encoding::choose(settings.format, decoded.format, source.color().has_alpha());
    let mut resizer = fast_image_resize::Resizer::new();
    let mut variants = Vec::new();
    for target_width in target_widths(width, &settings.widths) {
        let target_height = resize::scaled_height(width, height, target_width);
        let bytes = if target_width == width {
            encode::encode(source, encoding, settings.jpeg_quality)?
        } else {
            let resized = resize::resize(&mut resizer, source, target_width, target_height)?;
            encode::encode(&resized, encoding, settings.jpeg_quality)?
        };
        let file_name = variant_file_name(stem, target_width, encoding, &bytes);
        variants.push(Variant {
            width: target_width,
            height: target_height,
            encoding,
            file_name,
            bytes,
        });
    }
    Ok(ProcessedImage {
        width,
        height,
        variants,
    })
}
