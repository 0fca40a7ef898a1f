//! Tests with the real codecs, on pictures made here: small ones, since the test profile
//! decodes and encodes without optimisation.

use std::collections::HashSet;
use std::fs;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

use super::decode::{self, check_jpeg_ends};
use super::*;

// ---- pictures --------------------------------------------------------------------------

/// Smooth gradients with some detail, so encoders have something to do.
fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x ^ y) & 0x3F) as u8 + 100,
        ])
    })
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90).encode_image(image).unwrap();
    out
}

fn png_rgb(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png_rgba(image: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    out
}

fn webp(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(image.as_bytes(), image.width(), image.height(), image.color().into())
        .unwrap();
    out
}

/// Inserts a segment (`marker`, then the big-endian length, then `payload`) right after the
/// JPEG's start-of-image marker, as a camera puts its APP1 there.
fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let length = u16::try_from(payload.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// One big-endian TIFF IFD entry.
fn ifd_entry(tag: u16, kind: u16, count: u32, value: [u8; 4]) -> Vec<u8> {
    let mut entry = tag.to_be_bytes().to_vec();
    entry.extend_from_slice(&kind.to_be_bytes());
    entry.extend_from_slice(&count.to_be_bytes());
    entry.extend_from_slice(&value);
    entry
}

const SHORT: u16 = 3;
const LONG: u16 = 4;
const ASCII: u16 = 2;
const RATIONAL: u16 = 5;

/// The GPS latitude as it sits in the EXIF block: 59°, 19', 42.4242" as three rationals.
/// No output may contain these bytes.
fn gps_latitude_bytes() -> Vec<u8> {
    [(59u32, 1u32), (19, 1), (424_242, 10_000)]
        .iter()
        .flat_map(|(n, d)| [n.to_be_bytes(), d.to_be_bytes()])
        .flatten()
        .collect()
}

/// An APP1 EXIF payload ("Exif\0\0" and a big-endian TIFF block) with an Orientation tag and,
/// when `gps`, a GPS IFD with a latitude and longitude, as a phone writes them.
fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    let ifd0_entries = if gps { 2u16 } else { 1 };
    let ifd0_size = 2 + 12 * u32::from(ifd0_entries) + 4;
    let gps_ifd = 8 + ifd0_size;
    tiff.extend_from_slice(&ifd0_entries.to_be_bytes());
    let o = orientation.to_be_bytes();
    tiff.extend(ifd_entry(0x0112, SHORT, 1, [o[0], o[1], 0, 0]));
    if gps {
        tiff.extend(ifd_entry(0x8825, LONG, 1, gps_ifd.to_be_bytes()));
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    if gps {
        let gps_size = 2 + 12 * 4 + 4;
        let latitude_at = gps_ifd + gps_size;
        let longitude_at = latitude_at + 24;
        tiff.extend_from_slice(&4u16.to_be_bytes());
        tiff.extend(ifd_entry(0x0001, ASCII, 2, *b"N\0\0\0"));
        tiff.extend(ifd_entry(0x0002, RATIONAL, 3, latitude_at.to_be_bytes()));
        tiff.extend(ifd_entry(0x0003, ASCII, 2, *b"E\0\0\0"));
        tiff.extend(ifd_entry(0x0004, RATIONAL, 3, longitude_at.to_be_bytes()));
        tiff.extend_from_slice(&0u32.to_be_bytes());
        tiff.extend(gps_latitude_bytes());
        let longitude: Vec<u8> = [(18u32, 1u32), (4, 1), (131_313, 10_000)]
            .iter()
            .flat_map(|(n, d)| [n.to_be_bytes(), d.to_be_bytes()])
            .flatten()
            .collect();
        tiff.extend(longitude);
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    payload
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn settings(widths: &[u32]) -> ImageSettings {
    ImageSettings {
        widths: widths.to_vec(),
        ..ImageSettings::default()
    }
}

fn decode_output(variant: &Variant) -> DynamicImage {
    image::load_from_memory(&variant.bytes).unwrap()
}

// ---- widths ------------------------------------------------------------------------------

#[test]
fn target_widths_never_upscale_and_add_the_photos_own_width_when_narrower() {
    assert_eq!(target_widths(4000, &[480, 960, 1600]), vec![480, 960, 1600]);
    assert_eq!(target_widths(1200, &[480, 960, 1600]), vec![480, 960, 1200]);
    assert_eq!(target_widths(960, &[480, 960, 1600]), vec![480, 960]);
    assert_eq!(target_widths(300, &[480, 960, 1600]), vec![300]);
    assert_eq!(target_widths(1600, &[1600, 480, 960, 480]), vec![480, 960, 1600]);
    assert_eq!(target_widths(800, &[]), vec![800]);
    assert_eq!(target_widths(800, &[0, 400]), vec![400]);
}

// ---- processing --------------------------------------------------------------------------

#[test]
fn a_jpeg_gets_one_variant_per_width_with_its_aspect_ratio_and_real_size() {
    let source = jpeg(&photo(640, 480));
    let out = process("Visit to Örebro", &source, &settings(&[100, 320, 1000])).unwrap();
    assert_eq!((out.width, out.height), (640, 480));
    let sizes: Vec<(u32, u32)> = out.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(
        sizes,
        vec![(100, 75), (320, 240), (640, 480)],
        "1000 is dropped, the photo's 640 added"
    );
    for variant in &out.variants {
        assert_eq!(variant.encoding, Encoding::Jpeg);
        let decoded = decode_output(variant);
        assert_eq!((decoded.width(), decoded.height()), (variant.width, variant.height));
        let hash = blake3::hash(&variant.bytes).to_hex();
        assert_eq!(
            variant.file_name,
            format!("visit-to-orebro-{}w.{}.jpg", variant.width, &hash[..8])
        );
    }
}

#[test]
fn odd_aspect_ratios_round_to_the_nearest_pixel_and_never_reach_zero() {
    let out = process("strip", &png_rgb(&photo(1000, 3)), &settings(&[10, 333])).unwrap();
    let sizes: Vec<(u32, u32)> = out.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, vec![(10, 1), (333, 1)], "3 × 333 / 1000 rounds to 1");
}

#[test]
fn the_output_format_follows_the_policy() {
    let rgb = photo(64, 48);
    let rgba = RgbaImage::from_fn(64, 48, |x, _| Rgba([200, 10, 10, if x < 32 { 0 } else { 255 }]));
    let cases = [
        (jpeg(&rgb), OutputFormat::Auto, Encoding::Jpeg),
        (png_rgb(&rgb), OutputFormat::Auto, Encoding::Png),
        (
            webp(&DynamicImage::ImageRgb8(rgb.clone())),
            OutputFormat::Auto,
            Encoding::Jpeg,
        ),
        (
            webp(&DynamicImage::ImageRgba8(rgba.clone())),
            OutputFormat::Auto,
            Encoding::Png,
        ),
        (png_rgba(&rgba), OutputFormat::Jpeg, Encoding::Jpeg),
        (jpeg(&rgb), OutputFormat::Png, Encoding::Png),
    ];
    for (source, format, expected) in cases {
        let out = process(
            "p",
            &source,
            &ImageSettings {
                widths: vec![32],
                format,
                ..Default::default()
            },
        )
        .unwrap();
        for variant in &out.variants {
            assert_eq!(variant.encoding, expected, "{format:?}");
            assert!(variant.file_name.ends_with(expected.extension()));
            decode_output(variant);
        }
    }
}

#[test]
fn transparency_is_laid_on_white_in_a_jpeg() {
    let rgba = RgbaImage::from_pixel(16, 16, Rgba([0, 0, 0, 0]));
    let out = process(
        "clear",
        &png_rgba(&rgba),
        &ImageSettings {
            widths: vec![16],
            format: OutputFormat::Jpeg,
            ..Default::default()
        },
    )
    .unwrap();
    let pixel = decode_output(&out.variants[0]).to_rgb8().get_pixel(8, 8).0;
    assert!(pixel.iter().all(|&c| c > 245), "white, not black: {pixel:?}");
}

#[test]
fn exif_orientation_6_turns_a_wide_photo_upright() {
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise to view", so
    // the upright photo is tall with red on top.
    let wide = RgbImage::from_fn(32, 16, |x, _| if x < 16 { Rgb([255, 0, 0]) } else { Rgb([0, 0, 255]) });
    let source = with_segment(&jpeg(&wide), 0xE1, &exif_app1(6, false));
    let out = process("turned", &source, &settings(&[8, 16])).unwrap();
    assert_eq!((out.width, out.height), (16, 32));
    let sizes: Vec<(u32, u32)> = out.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, vec![(8, 16), (16, 32)]);
    let upright = decode_output(&out.variants[1]).to_rgb8();
    let top = upright.get_pixel(8, 4).0;
    let bottom = upright.get_pixel(8, 28).0;
    assert!(top[0] > 200 && top[2] < 60, "red on top: {top:?}");
    assert!(bottom[2] > 200 && bottom[0] < 60, "blue below: {bottom:?}");
}

#[test]
fn the_minimal_two_by_one_photo_with_orientation_6_comes_out_one_by_two() {
    let source = with_segment(&jpeg(&photo(2, 1)), 0xE1, &exif_app1(6, false));
    let out = process("tiny", &source, &ImageSettings::default()).unwrap();
    assert_eq!((out.width, out.height), (1, 2));
    assert_eq!(out.variants.len(), 1);
    let decoded = decode_output(&out.variants[0]);
    assert_eq!((decoded.width(), decoded.height()), (1, 2));
}

#[test]
fn no_metadata_survives_exif_gps_xmp_or_icc() {
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let mut icc_payload = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc_payload.extend_from_slice(&p3);
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>59,19.707N</exif:GPSLatitude></x:xmpmeta>";
    let mut source = jpeg(&photo(64, 48));
    source = with_segment(&source, 0xE2, &icc_payload);
    source = with_segment(&source, 0xE1, xmp);
    source = with_segment(&source, 0xE1, &exif_app1(1, true));
    assert!(
        contains(&source, b"Exif") && contains(&source, &gps_latitude_bytes()),
        "the test photo carries its GPS"
    );

    for format in [OutputFormat::Jpeg, OutputFormat::Png] {
        let out = process(
            "home",
            &source,
            &ImageSettings {
                widths: vec![16, 64],
                format,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out.variants.len(), 2);
        for variant in &out.variants {
            let bytes = &variant.bytes;
            for marker in [
                &b"Exif"[..],
                &gps_latitude_bytes(),
                b"GPSLatitude",
                b"xmpmeta",
                b"ICC_PROFILE",
                b"acsp",
                b"iCCP",
                b"eXIf",
            ] {
                assert!(
                    !contains(bytes, marker),
                    "{} carries {:?}",
                    variant.file_name,
                    String::from_utf8_lossy(marker)
                );
            }
        }
    }
}

#[test]
fn a_display_p3_photo_is_converted_to_srgb_before_its_profile_goes() {
    // A P3 red at 200 is a deeper red than sRGB's (200, 0, 0): in sRGB it is about (219, 0, 0).
    // Dropping the profile without converting would leave it at 200 and dull the photo.
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let mut icc_payload = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc_payload.extend_from_slice(&p3);
    let grey_and_red = RgbImage::from_fn(
        16,
        16,
        |x, _| if x < 8 { Rgb([128, 128, 128]) } else { Rgb([200, 0, 0]) },
    );
    let untagged = jpeg(&grey_and_red);
    let tagged = with_segment(&untagged, 0xE2, &icc_payload);
    let png_out = ImageSettings {
        widths: vec![16],
        format: OutputFormat::Png,
        ..Default::default()
    };
    let pixels = |source: &[u8]| decode_output(&process("p3", source, &png_out).unwrap().variants[0]).to_rgb8();

    let converted = pixels(&tagged);
    let grey = converted.get_pixel(2, 8).0;
    let red = converted.get_pixel(13, 8).0;
    assert!(grey.iter().all(|&c| c.abs_diff(128) <= 4), "grey stays grey: {grey:?}");
    assert!(
        red[0] >= 212 && red[1] < 20 && red[2] < 20,
        "P3 red is a deeper sRGB red: {red:?}"
    );

    let plain = pixels(&untagged).get_pixel(13, 8).0;
    assert!(
        plain[0].abs_diff(200) <= 5,
        "without a profile the pixels are kept: {plain:?}"
    );
}

// ---- hostile input ---------------------------------------------------------------------

#[test]
fn empty_unrecognised_and_unsupported_files_are_named_plainly() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("text", b"Notes from the visit to Kiruna\n".to_vec()),
        ("html", b"<!doctype html><html><body>Not found</body></html>".to_vec()),
        (
            "gif",
            b"GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;"
                .to_vec(),
        ),
        ("bmp", [b"BM".as_slice(), &[0; 60]].concat()),
        ("heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec()),
        (
            "svg",
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        ),
        ("pdf", b"%PDF-1.7\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let error = process(name, &bytes, &ImageSettings::default()).unwrap_err();
        let text = error.to_string();
        match name {
            "empty" => assert!(matches!(error, ImageError::Empty), "{name}: {error:?}"),
            "text" | "html" => assert!(matches!(error, ImageError::NotAnImage), "{name}: {error:?}"),
            _ => {
                let ImageError::Unsupported { format } = &error else {
                    panic!("{name}: {error:?}")
                };
                assert!(format.to_lowercase().starts_with(name), "{name}: {format}");
                assert!(text.contains("not supported") && text.contains("JPEG"), "{text}");
            }
        }
    }
}

/// A PNG's IHDR with the given size and colour type, with correct CRCs and no pixel data.
fn png_header_only(width: u32, height: u32, color_type: u8) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&width.to_be_bytes());
    chunk.extend_from_slice(&height.to_be_bytes());
    chunk.extend_from_slice(&[8, color_type, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&chunk);
    png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    // An empty IDAT: the decoder reads up to the first one before it reports the size.
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IDAT");
    png.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
    // An IEND, so the size is what is checked, not the missing end.
    png.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_header_claiming_50000_by_50000_pixels_is_refused_before_decoding() {
    let error = process("huge", &png_header_only(50_000, 50_000, 2), &ImageSettings::default()).unwrap_err();
    assert!(
        matches!(
            error,
            ImageError::TooLarge {
                width: 50_000,
                height: 50_000,
                limit: MAX_SIDE
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("50000 × 50000 pixels"), "{error}");

    // The same claim in a JPEG: a real small JPEG with its frame header's size rewritten.
    let mut huge_jpeg = jpeg(&photo(16, 16));
    let sof = huge_jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    huge_jpeg[sof + 5..sof + 9].copy_from_slice(&[0xC3, 0x50, 0xC3, 0x50]); // 50000 × 50000
    let error = process("huge", &huge_jpeg, &ImageSettings::default()).unwrap_err();
    assert!(
        matches!(
            error,
            ImageError::TooLarge {
                width: 50_000,
                height: 50_000,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn a_picture_within_the_side_limit_that_needs_too_much_memory_is_refused() {
    // 20,000 × 20,000 RGBA: each side is allowed, the 1.5 GiB of pixels are not.
    let error = process(
        "panorama",
        &png_header_only(20_000, 20_000, 6),
        &ImageSettings::default(),
    )
    .unwrap_err();
    let ImageError::TooMuchMemory {
        needed_mib, limit_mib, ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(limit_mib, 512);
    assert!(needed_mib > 1500, "{needed_mib}");
}

/// Every proper prefix of a valid file is an error (never a panic, never a grey-filled photo).
fn assert_every_truncation_fails(name: &str, bytes: &[u8]) {
    let settings = ImageSettings {
        widths: vec![8],
        ..Default::default()
    };
    assert!(
        process_unguarded(name, bytes, &settings).is_ok(),
        "{name}: the whole file is fine"
    );
    for length in 0..bytes.len() {
        let result = process_unguarded(name, &bytes[..length], &settings);
        assert!(
            result.is_err(),
            "{name} cut to {length} of {} bytes was accepted",
            bytes.len()
        );
    }
}

#[test]
fn a_jpeg_cut_short_anywhere_is_an_error() {
    let source = with_segment(&jpeg(&photo(24, 20)), 0xE1, &exif_app1(6, true));
    assert_every_truncation_fails("jpeg", &source);
    let error = process("cut", &source[..source.len() / 2], &ImageSettings::default()).unwrap_err();
    assert!(matches!(error, ImageError::Corrupt { format: "JPEG", .. }), "{error:?}");
    assert!(error.to_string().contains("cut short"), "{error}");
}

#[test]
fn a_png_cut_short_anywhere_is_an_error() {
    assert_every_truncation_fails("png", &png_rgb(&photo(24, 20)));
}

#[test]
fn a_webp_cut_short_anywhere_is_an_error() {
    assert_every_truncation_fails("webp", &webp(&DynamicImage::ImageRgb8(photo(24, 20))));
}

#[test]
fn the_jpeg_structure_check_accepts_data_after_the_end_and_finds_a_missing_end() {
    let source = jpeg(&photo(16, 16));
    assert_eq!(check_jpeg_ends(&source), Ok(()));
    let mut trailing = source.clone();
    trailing.extend_from_slice(b"some camera's trailer");
    assert_eq!(check_jpeg_ends(&trailing), Ok(()));
    assert!(check_jpeg_ends(&source[..source.len() - 2]).is_err());
}

#[test]
fn sniffing_does_not_take_text_for_a_picture() {
    assert!(matches!(
        decode::sniff(b"P1 is the first point"),
        Err(ImageError::NotAnImage)
    ));
    assert!(matches!(decode::sniff(b"\0\0\x01\0"), Err(ImageError::NotAnImage)));
}

mod fuzz {
    use proptest::prelude::*;

    use super::*;

    fn seeds() -> Vec<Vec<u8>> {
        vec![
            jpeg(&photo(16, 12)),
            png_rgb(&photo(16, 12)),
            webp(&DynamicImage::ImageRgb8(photo(16, 12))),
            with_segment(&jpeg(&photo(16, 12)), 0xE1, &exif_app1(6, true)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Damaged files (bytes overwritten anywhere, then possibly cut) never panic; they
        /// decode to something or fail with an error.
        #[test]
        fn damaged_files_never_panic(
            seed in 0usize..4,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
            do_cut in any::<bool>(),
        ) {
            let mut bytes = seeds()[seed].clone();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if do_cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            let settings = ImageSettings { widths: vec![8], ..Default::default() };
            let _ = process_unguarded("fuzz", &bytes, &settings);
        }

        /// Arbitrary bytes behind a valid signature never panic.
        #[test]
        fn noise_behind_a_signature_never_panics(
            signature in 0usize..3,
            noise in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let start: &[u8] = [&b"\xFF\xD8\xFF"[..], b"\x89PNG\r\n\x1a\n", b"RIFF\x40\0\0\0WEBPVP8L"][signature];
            let bytes = [start, &noise].concat();
            let _ = process_unguarded("noise", &bytes, &ImageSettings::default());
        }
    }
}

// ---- cache -------------------------------------------------------------------------------

fn cache_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn the_second_build_is_served_from_the_cache_and_encodes_nothing() {
    let dir = cache_dir();
    let root = dir.path().join(".besok-cache/images");
    let source = jpeg(&photo(200, 100));
    let settings = settings(&[50, 100]);

    let first = ImageCache::new(&root);
    let (key, made) = first.get_or_process("a", &source, &settings).unwrap();
    assert_eq!(
        first.stats(),
        CacheStats {
            hits: 0,
            misses: 1,
            encoded: 1
        }
    );

    let second = ImageCache::new(&root);
    let (again, cached) = second.get_or_process("a", &source, &settings).unwrap();
    assert_eq!(
        second.stats(),
        CacheStats {
            hits: 1,
            misses: 0,
            encoded: 0
        }
    );
    assert_eq!((again, &cached), (key, &made));

    // The same photo under another name is the same entry, with file names from the new name.
    let (_, renamed) = second.get_or_process("b", &source, &settings).unwrap();
    assert_eq!(second.stats().encoded, 0);
    assert!(renamed.variants.iter().all(|v| v.file_name.starts_with("b-")));
    assert_eq!(renamed.variants[0].bytes, made.variants[0].bytes);

    // Other settings, other entry.
    let (other, _) = second
        .get_or_process(
            "a",
            &source,
            &ImageSettings {
                jpeg_quality: 50,
                ..settings.clone()
            },
        )
        .unwrap();
    assert_ne!(other, key);
    assert_eq!(second.stats().encoded, 1);
}

#[test]
fn keys_depend_on_the_settings_as_they_act() {
    let source = b"bytes";
    let base = Key::new(source, &settings(&[480, 960]));
    assert_eq!(base, Key::new(source, &settings(&[960, 480, 480, 0])));
    assert_ne!(base, Key::new(source, &settings(&[480, 961])));
    assert_ne!(base, Key::new(b"bytez", &settings(&[480, 960])));
    assert_ne!(
        base,
        Key::new(
            source,
            &ImageSettings {
                format: OutputFormat::Png,
                ..settings(&[480, 960])
            }
        )
    );
    assert_eq!(Key::from_hex(&base.to_hex()), Some(base));
    assert_eq!(Key::from_hex(&base.to_hex().to_uppercase()), None);
    assert_eq!(Key::from_hex("manifest.json"), None);
}

#[test]
fn a_damaged_entry_is_a_miss_and_is_rebuilt_never_served() {
    let dir = cache_dir();
    let source = png_rgb(&photo(64, 32));
    let settings = settings(&[16, 32]);
    let (key, good) = ImageCache::new(dir.path())
        .get_or_process("d", &source, &settings)
        .unwrap();
    let entry = dir.path().join(key.to_hex());
    let variant = entry.join("16w.png");
    let manifest = entry.join("manifest.json");
    let original_manifest = fs::read(&manifest).unwrap();

    type Damage<'a> = Box<dyn Fn() + 'a>;
    let damages: Vec<(&str, Damage)> = vec![
        (
            "a flipped byte",
            Box::new(|| {
                let mut bytes = fs::read(&variant).unwrap();
                let last = bytes.len() - 1;
                bytes[last] ^= 1;
                fs::write(&variant, bytes).unwrap();
            }),
        ),
        ("a missing variant", Box::new(|| fs::remove_file(&variant).unwrap())),
        (
            "a cut manifest",
            Box::new(|| fs::write(&manifest, &original_manifest[..original_manifest.len() / 2]).unwrap()),
        ),
        (
            "a manifest naming another key",
            Box::new(|| {
                let text = String::from_utf8(original_manifest.clone()).unwrap();
                fs::write(&manifest, text.replace(&key.to_hex(), &"0".repeat(64))).unwrap();
            }),
        ),
        (
            "a manifest pointing outside",
            Box::new(|| {
                let text = String::from_utf8(original_manifest.clone()).unwrap();
                fs::write(&manifest, text.replace("\"16w.png\"", "\"../../16w.png\"")).unwrap();
            }),
        ),
        (
            "a foreign JSON file",
            Box::new(|| fs::write(&manifest, b"{\"widths\": [1, 2]}").unwrap()),
        ),
    ];
    for (name, damage) in damages {
        damage();
        let cache = ImageCache::new(dir.path());
        assert_eq!(cache.lookup(&key, "d"), None, "{name} was served");
        let (_, rebuilt) = cache.get_or_process("d", &source, &settings).unwrap();
        assert_eq!(rebuilt, good, "{name}");
        assert_eq!(
            cache.stats(),
            CacheStats {
                hits: 0,
                misses: 2,
                encoded: 1
            },
            "{name}"
        );
        let healed = ImageCache::new(dir.path());
        assert!(healed.lookup(&key, "d").is_some(), "{name}: the entry is whole again");
    }
}

#[test]
fn a_link_or_file_in_place_of_an_entry_is_neither_followed_nor_replaced() {
    let dir = cache_dir();
    let root = dir.path().join("cache");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&root).unwrap();
    fs::create_dir_all(&outside).unwrap();
    let source = jpeg(&photo(20, 10));
    let settings = settings(&[10]);
    let key = Key::new(&source, &settings);
    std::os::unix::fs::symlink(&outside, root.join(key.to_hex())).unwrap();

    let cache = ImageCache::new(&root);
    let error = cache.get_or_process("x", &source, &settings).unwrap_err();
    assert!(matches!(error, ImageError::Cache { .. }), "{error:?}");
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written through the link"
    );

    let report = cache.prune(&HashSet::new()).unwrap();
    assert_eq!(report.left_alone, vec![root.join(key.to_hex())]);
    assert!(outside.exists());
}

#[test]
fn prune_removes_unused_entries_and_only_what_besok_wrote() {
    let dir = cache_dir();
    let root = dir.path().join("images");
    let cache = ImageCache::new(&root);
    let settings = settings(&[10, 20]);
    let (kept, _) = cache.get_or_process("kept", &jpeg(&photo(30, 20)), &settings).unwrap();
    let (gone, _) = cache.get_or_process("gone", &jpeg(&photo(31, 20)), &settings).unwrap();
    let (mixed, _) = cache
        .get_or_process("mixed", &png_rgb(&photo(32, 20)), &settings)
        .unwrap();
    // A leftover temporary file in an unused entry is ours too.
    fs::write(root.join(gone.to_hex()).join(".besok-1-2-10w.jpg.tmp"), b"half").unwrap();
    // Things besok did not write: in the root, and inside an unused entry.
    fs::write(root.join("notes.txt"), b"mine").unwrap();
    fs::create_dir(root.join("holiday")).unwrap();
    fs::write(root.join("holiday/10w.jpg"), b"mine").unwrap();
    fs::write(root.join(mixed.to_hex()).join("README"), b"mine").unwrap();
    fs::write(root.join(mixed.to_hex()).join("010w.jpg"), b"mine").unwrap();

    let report = cache.prune(&HashSet::from([kept])).unwrap();
    assert_eq!(report.removed_entries, 1);
    assert_eq!(
        report.removed_files,
        4 + 3,
        "gone: 2 variants, manifest, temp file; mixed: 2 variants, manifest"
    );
    assert_eq!(
        report.left_alone,
        vec![root.join(mixed.to_hex()), root.join("holiday"), root.join("notes.txt")]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert!(!root.join(gone.to_hex()).exists());
    assert!(root.join(mixed.to_hex()).join("README").exists());
    assert!(root.join(mixed.to_hex()).join("010w.jpg").exists());
    assert!(!root.join(mixed.to_hex()).join("manifest.json").exists());
    assert!(root.join("notes.txt").exists() && root.join("holiday/10w.jpg").exists());
    assert!(root.join("CACHEDIR.TAG").exists());

    let after = ImageCache::new(&root);
    assert!(after.lookup(&kept, "kept").is_some(), "the kept entry is whole");
    assert!(after.lookup(&gone, "gone").is_none());

    assert_eq!(
        ImageCache::new(dir.path().join("never-made"))
            .prune(&HashSet::new())
            .unwrap(),
        PruneReport::default()
    );
}
