//! Measures the two candidate resizers for besok's photo variants on a phone-sized photo.
//!
//! Run with `cargo run --release --example image_resize_bench`. It makes a 4000 × 3000 RGB
//! image in memory (smooth gradients plus fine detail and noise, so the filters have real work:
//! a flat image would flatter every resizer alike), resizes it to the default widths 1600, 960
//! and 480 with `image::imageops::resize` and with `fast_image_resize`, each with Lanczos3 and
//! CatmullRom, single-threaded (besok spreads photos over rayon's threads, one photo per
//! thread, so a per-image thread pool would only compete with itself), and prints the median
//! of several runs. It also prints the PSNR between the two crates' outputs for the same filter,
//! to show that the faster one gives the same picture, not a cheaper approximation.
//!
//! Then it times the whole of `besok::images::process` on the same picture saved as a JPEG
//! (decode, resize to the three widths, encode), to show where the time of one photo goes.
//!
//! The numbers and the choice they led to are in docs/images.md.

use std::time::{Duration, Instant};

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::imageops::{self, FilterType as ImageFilter};
use image::{Rgb, RgbImage};

const SOURCE: (u32, u32) = (4000, 3000);
const WIDTHS: [u32; 3] = [1600, 960, 480];
const RUNS: usize = 5;

fn main() {
    let source = photo_like(SOURCE.0, SOURCE.1);
    println!(
        "source {}x{} RGB8, {} runs each, median, single thread",
        SOURCE.0, SOURCE.1, RUNS
    );
    println!(
        "fast_image_resize CPU extensions: {:?}",
        Resizer::new().cpu_extensions()
    );
    println!();
    println!("{:<34} {:>8} {:>8} {:>8} {:>8}", "resizer", "1600", "960", "480", "all");

    for (name, image_filter, fir_filter) in [
        ("Lanczos3", ImageFilter::Lanczos3, FilterType::Lanczos3),
        ("CatmullRom", ImageFilter::CatmullRom, FilterType::CatmullRom),
    ] {
        let mut image_times = Vec::new();
        let mut fir_times = Vec::new();
        let mut psnrs = Vec::new();
        for &width in &WIDTHS {
            let height = scaled_height(SOURCE, width);
            let (image_out, image_time) = median_of(|| imageops::resize(&source, width, height, image_filter));
            let (fir_out, fir_time) = median_of(|| fir_resize(&source, width, height, fir_filter));
            psnrs.push(psnr(image_out.as_raw(), &fir_out));
            image_times.push(image_time);
            fir_times.push(fir_time);
        }
        print_row(&format!("image::imageops::resize {name}"), &image_times);
        print_row(&format!("fast_image_resize {name}"), &fir_times);
        println!(
            "{:<34} {}",
            format!("PSNR between the two, {name}"),
            psnrs
                .iter()
                .map(|p| format!("{p:>6.1} dB"))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }

    let mut photo = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut photo, 92)
        .encode_image(&source)
        .expect("encodes");
    println!();
    println!(
        "the same picture as a {:.1} MB JPEG (quality 92):",
        photo.len() as f64 / 1e6
    );
    let (_, decode_time) = median_of(|| image::load_from_memory(&photo).expect("decodes"));
    println!("{:<34} {:>5.1} ms", "decode only", decode_time.as_secs_f64() * 1000.0);
    let settings = besok::images::ImageSettings::default();
    let (processed, process_time) =
        median_of(|| besok::images::process("photo", &photo, &settings).expect("processes"));
    println!(
        "{:<34} {:>5.1} ms",
        "besok::images::process, defaults",
        process_time.as_secs_f64() * 1000.0
    );
    for variant in &processed.variants {
        println!(
            "  {:<32} {:>4}x{:<4} {:>6.0} kB",
            variant.file_name,
            variant.width,
            variant.height,
            variant.bytes.len() as f64 / 1e3
        );
    }
}

fn fir_resize(source: &RgbImage, width: u32, height: u32, filter: FilterType) -> Vec<u8> {
    let src = ImageRef::new(source.width(), source.height(), source.as_raw(), PixelType::U8x3)
        .expect("buffer matches its size");
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .expect("same pixel type");
    dst.into_vec()
}

fn scaled_height((w, h): (u32, u32), width: u32) -> u32 {
    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)).max(1) as u32
}

fn median_of<T>(mut run: impl FnMut() -> T) -> (T, Duration) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = run();
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    (last.expect("RUNS > 0"), times[RUNS / 2])
}

fn print_row(name: &str, times: &[Duration]) {
    let total: Duration = times.iter().sum();
    let ms = |d: &Duration| format!("{:>5.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{:<34} {} {}",
        name,
        times.iter().map(ms).collect::<Vec<_>>().join(" "),
        ms(&total)
    );
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let mse = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum::<f64>()
        / a.len() as f64;
    if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0f64 * 255.0 / mse).log10()
    }
}

/// Gradients, a fine checker near the Nyquist limit, circles and a little deterministic noise.
fn photo_like(width: u32, height: u32) -> RgbImage {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state % 17) as i32 - 8;
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let checker = if ((x / 3) + (y / 3)) % 2 == 0 { 30 } else { -30 };
        let dx = fx - 0.5;
        let dy = fy - 0.5;
        let ring = ((dx * dx + dy * dy).sqrt() * 120.0).sin() * 40.0;
        let c = |base: f32| (base as i32 + noise + checker / 2 + ring as i32).clamp(0, 255) as u8;
        Rgb([c(255.0 * fx), c(255.0 * fy), c(128.0 + 100.0 * (fx - fy))])
    })
}
