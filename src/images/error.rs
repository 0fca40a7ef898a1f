//! The one error type of the images module.
//!
//! Each variant's Display text is written for the writer whose photo it is, not for a Rust
//! programmer: it says what is wrong with the file in plain words and, where there is one, what
//! to do about it. The caller puts the file's path in front (`content/x/photo.jpg: ...`), so
//! the texts do not repeat it.

use std::path::PathBuf;

/// Why a photo could not be turned into web variants, or why the cache could not keep them.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The file has no bytes at all (an interrupted copy or a placeholder).
    #[error("the file is empty (0 bytes): copy the photo again")]
    Empty,

    /// The bytes do not start like any picture format besok knows.
    #[error("this is not a picture besok can recognise: use a JPEG, PNG or WebP file")]
    NotAnImage,

    /// A picture, but in a format besok does not read (GIF, BMP, TIFF, HEIC, SVG, ...).
    #[error("{format} pictures are not supported: save it as JPEG (photos) or PNG (drawings, screenshots)")]
    Unsupported {
        /// The format's common name, e.g. "GIF" or "HEIC".
        format: String,
    },

    /// The header claims more pixels on a side than besok accepts. Checked before any pixel
    /// memory is taken, so a hostile header cannot make the build allocate gigabytes.
    #[error(
        "the picture is {width} × {height} pixels, more than the {limit} pixels a side besok \
         accepts: export it smaller"
    )]
    TooLarge {
        /// The width the file's header claims.
        width: u32,
        /// The height the file's header claims.
        height: u32,
        /// The largest width or height accepted.
        limit: u32,
    },

    /// Each side is within the limit, but the decoded pixels would need more memory than one
    /// photo may take (e.g. a 20,000 × 20,000 panorama).
    #[error(
        "the picture is {width} × {height} pixels and would need {needed_mib} MiB of memory to \
         read, more than the {limit_mib} MiB besok allows for one photo: export it smaller"
    )]
    TooMuchMemory {
        /// The width the file's header claims.
        width: u32,
        /// The height the file's header claims.
        height: u32,
        /// Memory the decoded pixels would need, in MiB (rounded up).
        needed_mib: u64,
        /// The allowance, in MiB.
        limit_mib: u64,
    },

    /// The file starts like a JPEG, PNG or WebP but cannot be read to the end: cut short by an
    /// interrupted copy, or damaged.
    #[error("the {format} file is damaged or cut short ({reason}): copy or export the photo again")]
    Corrupt {
        /// "JPEG", "PNG" or "WebP".
        format: &'static str,
        /// What the reader found wrong, in as plain words as the decoder gives.
        reason: String,
    },

    /// Writing a resized picture failed. It should not happen for a picture that was read; it
    /// is a bug in besok or in its encoder if it does.
    #[error("the resized picture could not be written ({reason}); this is a bug in besok")]
    Encode {
        /// The encoder's message.
        reason: String,
    },

    /// The image cache folder could not be read or written, or something besok did not write
    /// is where an entry should go.
    #[error("the image cache at {} could not be used: {source}", path.display())]
    Cache {
        /// The file or folder that failed.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
