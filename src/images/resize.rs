//! Resizing with fast_image_resize (measured against `image::imageops::resize` in
//! `examples/image_resize_bench.rs`; the numbers are in docs/images.md).
//!
//! Lanczos3, the sharpest of the usual downscaling filters, which is what a photo on a page
//! wants. fast_image_resize also weighs RGBA pixels by their alpha ("premultiplies") while
//! filtering, so a transparent PNG gets no dark fringe at its edges, which `image`'s resize
//! would give it.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, RgbImage, RgbaImage};

use super::ImageError;

/// The height that keeps `source`'s aspect ratio at `width`, rounded to the nearest pixel and
/// at least 1.
pub(crate) fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let (w, h) = (u64::from(source_width), u64::from(source_height));
    let height = (h * u64::from(width) + w / 2) / w.max(1);
    // width <= source_width, so the height is at most the source's and fits a u32.
    u32::try_from(height.max(1)).unwrap_or(source_height)
}

/// Resizes an RGB8 or RGBA8 image (what [`super::decode`] makes) to exactly `width` × `height`.
pub(crate) fn resize(
    resizer: &mut Resizer,
    image: &DynamicImage,
    width: u32,
    height: u32,
) -> Result<DynamicImage, ImageError> {
    let (pixel_type, raw): (PixelType, &[u8]) = match image {
        DynamicImage::ImageRgb8(buffer) => (PixelType::U8x3, buffer.as_raw()),
        DynamicImage::ImageRgba8(buffer) => (PixelType::U8x4, buffer.as_raw()),
        other => {
            return Err(ImageError::Encode {
                reason: format!("unexpected pixel layout {:?} to resize", other.color()),
            })
        }
    };
    let failed = |e: &dyn std::fmt::Display| ImageError::Encode {
        reason: format!("resizing failed: {e}"),
    };
    let source = ImageRef::new(image.width(), image.height(), raw, pixel_type).map_err(|e| failed(&e))?;
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer.resize(&source, &mut target, &options).map_err(|e| failed(&e))?;
    let pixels = target.into_vec();
    let wrong_size = || ImageError::Encode {
        reason: "the resized buffer has the wrong size".to_string(),
    };
    Ok(match pixel_type {
        PixelType::U8x4 => DynamicImage::ImageRgba8(RgbaImage::from_raw(width, height, pixels).ok_or_else(wrong_size)?),
        _ => DynamicImage::ImageRgb8(RgbImage::from_raw(width, height, pixels).ok_or_else(wrong_size)?),
    })
}
