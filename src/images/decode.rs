//! Reading a photo's bytes into upright 8-bit sRGB pixels, defensively.
//!
//! The bytes come from the writer's folder, which may hold anything: a photo cut short by an
//! interrupted copy, an HTML page saved as `.jpg`, a HEIC straight from a phone, or a file
//! crafted to make a decoder allocate gigabytes. So the format is recognised from the bytes
//! (never from the file name), the header's size is checked against fixed limits before any
//! pixel memory is taken, a JPEG must run to its end marker, and every failure is a typed
//! [`ImageError`] that tells the writer what is wrong.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::ImageError;

/// The largest width or height accepted, in pixels.
///
/// 20,000 px is well above any phone or camera (a 200 MP sensor is about 16,000 px wide) and
/// far below what a hostile header can claim (65,535 for JPEG, 2³¹ for PNG).
pub const MAX_SIDE: u32 = 20_000;

/// The most memory one photo's decoded pixels may take: 512 MiB.
///
/// A 48 MP phone photo takes 144 MiB as 8-bit RGB. Decoding happens on several threads at once
/// (one photo each), so this bounds the build's memory at a few times this figure.
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// A picture format besok reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceFormat {
    Jpeg,
    Png,
    WebP,
}

impl SourceFormat {
    pub(crate) fn name(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "JPEG",
            SourceFormat::Png => "PNG",
            SourceFormat::WebP => "WebP",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            SourceFormat::Jpeg => ImageFormat::Jpeg,
            SourceFormat::Png => ImageFormat::Png,
            SourceFormat::WebP => ImageFormat::WebP,
        }
    }
}

/// A decoded photo: upright (EXIF orientation applied), 8-bit RGB or RGBA, sRGB, and with none
/// of the source's metadata (only the pixels are kept).
pub(crate) struct Decoded {
    pub(crate) image: DynamicImage,
    pub(crate) format: SourceFormat,
}

/// Recognises the format from the first bytes.
///
/// Own sniffing rather than `image::guess_format`, so that formats besok does not read are
/// named to the writer (HEIC and SVG are common in a photo folder, and `image` knows neither),
/// and so that a text file starting with "P1" is not taken for a PNM picture.
pub(crate) fn sniff(bytes: &[u8]) -> Result<SourceFormat, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    let unsupported = |format: &str| {
        Err(ImageError::Unsupported {
            format: format.to_string(),
        })
    };
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(SourceFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(SourceFormat::Png);
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Ok(SourceFormat::WebP);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return unsupported("GIF");
    }
    if bytes.starts_with(b"BM") && bytes.len() >= 14 {
        return unsupported("BMP");
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return unsupported("TIFF (or camera raw)");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if brand == b"avif" || brand == b"avis" {
            return unsupported("AVIF");
        }
        if [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"]
            .iter()
            .any(|b| brand == *b)
        {
            return unsupported("HEIC");
        }
    }
    if bytes.starts_with(b"%PDF") {
        return unsupported("PDF");
    }
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    if text.contains("<svg") {
        return unsupported("SVG");
    }
    Err(ImageError::NotAnImage)
}

/// Reads `bytes` into upright sRGB pixels within [`MAX_SIDE`] and [`MAX_DECODE_BYTES`].
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, ImageError> {
    let format = sniff(bytes)?;
    let corrupt = |reason: String| ImageError::Corrupt {
        format: format.name(),
        reason,
    };
    match format {
        SourceFormat::Jpeg => check_jpeg_ends(bytes).map_err(|r| corrupt(r.to_string()))?,
        SourceFormat::Png => check_png_ends(bytes).map_err(|r| corrupt(r.to_string()))?,
        SourceFormat::WebP => check_webp_length(bytes).map_err(|r| corrupt(r.to_string()))?,
    }

    // The side limits are left out here and checked by hand below, so that the error can say
    // how large the picture claims to be; the memory allowance is given to the decoder at once
    // (PNG takes its limits when it is made).
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(memory_limits(MAX_DECODE_BYTES));
    let mut decoder = reader.into_decoder().map_err(|e| from_image_error(format, e))?;

    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge {
            width,
            height,
            limit: MAX_SIDE,
        });
    }
    // The decoded buffer, plus the 8-bit RGB(A) copy made below when the source has 16 bits or
    // grey pixels: budget for the larger of the two, so neither is started that cannot finish.
    let rgba = u64::from(width) * u64::from(height) * 4;
    let needed = decoder.total_bytes().max(rgba);
    if needed > MAX_DECODE_BYTES {
        const MIB: u64 = 1024 * 1024;
        return Err(ImageError::TooMuchMemory {
            width,
            height,
            needed_mib: needed.div_ceil(MIB),
            limit_mib: MAX_DECODE_BYTES / MIB,
        });
    }
    let mut limits = memory_limits(MAX_DECODE_BYTES);
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    decoder.set_limits(limits).map_err(|e| from_image_error(format, e))?;

    // A broken EXIF block costs the photo its rotation, not its place on the page: browsers
    // would show it unrotated too.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();

    let image = DynamicImage::from_decoder(decoder).map_err(|e| from_image_error(format, e))?;
    let mut image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    if let Some(icc) = icc {
        super::color::to_srgb(&mut image, &icc);
    }
    image.apply_orientation(orientation);
    Ok(Decoded { image, format })
}

fn memory_limits(max_alloc: u64) -> Limits {
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(max_alloc);
    limits
}

/// Puts the `image` crate's error into words for the writer. A limit hit during decoding
/// (rather than by the header check) means the file's chunks ask for more memory than its
/// size warrants, which is damage, not a large photo.
fn from_image_error(format: SourceFormat, error: image::ImageError) -> ImageError {
    use image::ImageError as E;
    let reason = match error {
        E::Decoding(e) => e.to_string(),
        E::Unsupported(e) => format!("it uses a feature besok cannot read: {e}"),
        E::Limits(e) => format!("it asks for more memory than its size warrants: {e}"),
        E::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => "it ends too early".to_string(),
        E::IoError(e) => e.to_string(),
        E::Parameter(e) => e.to_string(),
        E::Encoding(e) => e.to_string(),
    };
    ImageError::Corrupt {
        format: format.name(),
        reason,
    }
}

/// Checks that a JPEG's segments and scans run to the end-of-image marker.
///
/// JPEG decoders are lenient on purpose: zune-jpeg (used by `image`) paints a photo that is
/// cut short grey from where its data stops, and reports success. A writer would then publish
/// a half-grey photo without a word, so besok walks the file's structure first: each segment's
/// length must fit in the file, and the entropy-coded data after each start-of-scan must be
/// followed by a marker, until the end-of-image marker (bytes after it, which some cameras
/// append, are allowed).
pub(crate) fn check_jpeg_ends(bytes: &[u8]) -> Result<(), &'static str> {
    const CUT: &str = "it ends before the picture does";
    let mut i = 2; // after the start-of-image marker
    loop {
        // Find the next marker; tolerate stray bytes between segments, as decoders do.
        while i < bytes.len() && bytes[i] != 0xFF {
            i += 1;
        }
        // Fill bytes: any number of 0xFF may precede a marker.
        while i + 1 < bytes.len() && bytes[i + 1] == 0xFF {
            i += 1;
        }
        if i + 1 >= bytes.len() {
            return Err(CUT);
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return Ok(()),
            // Markers without a length: restart markers, TEM, and a stray start-of-image.
            0xD0..=0xD8 | 0x01 => i += 2,
            0x00 => i += 2, // a stuffed zero outside a scan: stray data, skip it
            _ => {
                if i + 3 >= bytes.len() {
                    return Err(CUT);
                }
                let length = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
                if length < 2 {
                    return Err("a segment has an impossible length");
                }
                let end = i + 2 + length;
                if end > bytes.len() {
                    return Err(CUT);
                }
                i = end;
                if marker == 0xDA {
                    i = skip_entropy_coded_data(bytes, i).ok_or(CUT)?;
                }
            }
        }
    }
}

/// Skips a scan's entropy-coded data, returning the offset of the marker that ends it, or
/// `None` when the file ends first. Inside the data a 0xFF byte is followed by a stuffed zero,
/// a restart marker or more fill bytes; anything else is the next marker.
fn skip_entropy_coded_data(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i + 1 < bytes.len() {
        if bytes[i] == 0xFF {
            match bytes[i + 1] {
                0x00 | 0xD0..=0xD7 => i += 2,
                0xFF => i += 1,
                _ => return Some(i),
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Checks that a PNG has its closing IEND chunk. The png crate reports a file cut inside its
/// pixel data, but one cut after the last pixel row and before IEND (or cut in a trailing
/// text chunk) decodes fine, and a file that lost its end lost something: it is reported too,
/// which keeps "cut short" a plain yes or no for every format.
fn check_png_ends(bytes: &[u8]) -> Result<(), &'static str> {
    const IEND: &[u8] = b"\0\0\0\0IEND\xAE\x42\x60\x82";
    // Searched from the end, where IEND almost always is.
    if bytes.windows(IEND.len()).rev().any(|w| w == IEND) {
        Ok(())
    } else {
        Err("it ends before its end marker")
    }
}

/// Checks that a WebP file is as long as its RIFF header says it is.
fn check_webp_length(bytes: &[u8]) -> Result<(), &'static str> {
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    // The RIFF size counts everything after the first 8 bytes.
    if (bytes.len() as u64) < u64::from(declared) + 8 {
        Err("it is shorter than its header says")
    } else {
        Ok(())
    }
}
