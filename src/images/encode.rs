//! Encoding the resized pixels. Only pixels are written: no EXIF, XMP, IPTC, ICC profile or
//! text chunk, because the encoders are never given any (the `image` crate's JPEG encoder
//! writes a bare JFIF header, its PNG encoder only the chunks the pixels need).

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};

use super::{Encoding, ImageError};

/// Encodes an RGB8 or RGBA8 image as `encoding`.
pub(crate) fn encode(image: &DynamicImage, encoding: Encoding, jpeg_quality: u8) -> Result<Vec<u8>, ImageError> {
    let failed = |e: image::ImageError| ImageError::Encode { reason: e.to_string() };
    let mut out = Vec::new();
    match encoding {
        Encoding::Jpeg => {
            let flattened;
            let rgb = match image {
                DynamicImage::ImageRgb8(rgb) => rgb,
                other => {
                    flattened = flatten_on_white(other);
                    &flattened
                }
            };
            JpegEncoder::new_with_quality(&mut out, jpeg_quality)
                .encode_image(rgb)
                .map_err(failed)?;
        }
        Encoding::Png => {
            let encoder = PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive);
            encoder
                .write_image(image.as_bytes(), image.width(), image.height(), image.color().into())
                .map_err(failed)?;
        }
    }
    Ok(out)
}

/// JPEG has no transparency: transparent pixels are laid on white, the usual page background,
/// rather than on the black that dropping the alpha channel would show.
fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let a = u32::from(a);
        let over_white = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        Rgb([over_white(r), over_white(g), over_white(b)])
    })
}
