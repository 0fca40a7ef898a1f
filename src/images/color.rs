//! Converting a photo with an embedded colour profile to sRGB before the profile is dropped.
//!
//! besok strips all metadata, the ICC profile included (it can name the camera or the editing
//! software, and the web assumes sRGB anyway). Dropping a profile without converting would
//! change the colours of every photo not in sRGB: an iPhone photo in Display P3 would look
//! washed out. So the pixels are converted to sRGB first, with moxcms, the colour management
//! crate that `image` itself depends on (no new code in the build).

use image::DynamicImage;
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions};

/// Pixels converted per call, so the conversion needs a small buffer instead of a second copy
/// of the photo.
const CHUNK_PIXELS: usize = 64 * 1024;

/// Converts an 8-bit RGB or RGBA image from the colour space of `icc` to sRGB, in place.
///
/// A profile that cannot be read, or that is not an RGB profile (a grey or CMYK one, whose
/// pixels the decoder has already turned into RGB its own way), leaves the pixels as they are:
/// the photo then looks as it would in a browser that ignores profiles, which is better than
/// refusing it.
pub(crate) fn to_srgb(image: &mut DynamicImage, icc: &[u8]) {
    let Ok(profile) = ColorProfile::new_from_slice(icc) else {
        return;
    };
    if profile.color_space != DataColorSpace::Rgb {
        return;
    }
    let (layout, channels, pixels): (Layout, usize, &mut [u8]) = match image {
        DynamicImage::ImageRgb8(buffer) => (Layout::Rgb, 3, buffer.as_mut()),
        DynamicImage::ImageRgba8(buffer) => (Layout::Rgba, 4, buffer.as_mut()),
        _ => return,
    };
    let srgb = ColorProfile::new_srgb();
    let Ok(transform) = profile.create_transform_8bit(layout, &srgb, layout, TransformOptions::default()) else {
        return;
    };
    let mut out = vec![0u8; CHUNK_PIXELS * channels];
    for chunk in pixels.chunks_mut(CHUNK_PIXELS * channels) {
        let out = &mut out[..chunk.len()];
        if transform.transform(chunk, out).is_err() {
            return;
        }
        chunk.copy_from_slice(out);
    }
}
