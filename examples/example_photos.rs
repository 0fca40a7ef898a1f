//! Draws the two pictures of the example site's Kalmar visit: a stylised town hall facade and a
//! map-like picture of a town by a lake. Both are plainly drawn by this program, not photos, so
//! the example site carries no one's photo and no one's likeness.
//!
//! ```sh
//! cargo run --release --example example_photos [-- OUT_DIR]
//! ```
//!
//! writes `radhuset.jpg` (1600×1067) and `karta.jpg` (1200×900), JPEG quality 82, into OUT_DIR
//! (default: the Kalmar post's bundle, `content/posts/kommunbesok-2-i-kalmar/`). The drawing is
//! deterministic: the same program writes the same pictures.

use image::{ImageEncoder, RgbImage};
use std::path::PathBuf;

type Rgb = [f32; 3];

/// A colour from `#rrggbb` as 0–1 floats.
fn hex(c: u32) -> Rgb {
    [
        ((c >> 16) & 0xFF) as f32 / 255.0,
        ((c >> 8) & 0xFF) as f32 / 255.0,
        (c & 0xFF) as f32 / 255.0,
    ]
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn shade(c: Rgb, k: f32) -> Rgb {
    [c[0] * k, c[1] * k, c[2] * k]
}

/// How much of a pixel `d` (a signed distance in pixels, negative inside) covers: a soft edge
/// one pixel wide, so shapes have smooth outlines.
fn cover(d: f32) -> f32 {
    (0.5 - d).clamp(0.0, 1.0)
}

/// The signed distance to an axis-aligned box from (x0, y0) to (x1, y1).
fn rect(x: f32, y: f32, x0: f32, y0: f32, x1: f32, y1: f32) -> f32 {
    let dx = (x0 - x).max(x - x1);
    let dy = (y0 - y).max(y - y1);
    if dx > 0.0 && dy > 0.0 {
        (dx * dx + dy * dy).sqrt()
    } else {
        dx.max(dy)
    }
}

fn circle(x: f32, y: f32, cx: f32, cy: f32, r: f32) -> f32 {
    ((x - cx).powi(2) + (y - cy).powi(2)).sqrt() - r
}

/// The distance to the segment from a to b.
fn segment(x: f32, y: f32, a: (f32, f32), b: (f32, f32)) -> f32 {
    let (px, py) = (x - a.0, y - a.1);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let t = ((px * dx + py * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
    ((px - dx * t).powi(2) + (py - dy * t).powi(2)).sqrt()
}

/// A fixed pseudo-random value in 0–1 for a lattice point.
fn hash(ix: i32, iy: i32, seed: u32) -> f32 {
    let mut h =
        (ix as u32).wrapping_mul(0x8DA6_B343) ^ (iy as u32).wrapping_mul(0xD816_3841) ^ seed.wrapping_mul(0xCB1A_B31F);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5BD1_E995);
    h ^= h >> 15;
    (h & 0xFFFF) as f32 / 65535.0
}

/// Smooth value noise, about 0–1, with features `scale` pixels apart.
fn noise(x: f32, y: f32, scale: f32, seed: u32) -> f32 {
    let (fx, fy) = (x / scale, y / scale);
    let (ix, iy) = (fx.floor() as i32, fy.floor() as i32);
    let (tx, ty) = (fx - fx.floor(), fy - fy.floor());
    let s = |t: f32| t * t * (3.0 - 2.0 * t);
    let (sx, sy) = (s(tx), s(ty));
    let top = hash(ix, iy, seed) * (1.0 - sx) + hash(ix + 1, iy, seed) * sx;
    let bottom = hash(ix, iy + 1, seed) * (1.0 - sx) + hash(ix + 1, iy + 1, seed) * sx;
    top * (1.0 - sy) + bottom * sy
}

/// Noise of several octaves, about 0–1.
fn fractal(x: f32, y: f32, scale: f32, seed: u32) -> f32 {
    (noise(x, y, scale, seed) * 0.55
        + noise(x, y, scale / 2.0, seed + 1) * 0.3
        + noise(x, y, scale / 4.0, seed + 2) * 0.15)
        .clamp(0.0, 1.0)
}

/// Renders `w`×`h` pixels, each the average of 2×2 samples of `paint`.
fn render(w: u32, h: u32, paint: impl Fn(f32, f32) -> Rgb + Sync) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let mut sum = [0.0f32; 3];
        for (ox, oy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let c = paint(x as f32 + ox, y as f32 + oy);
            for i in 0..3 {
                sum[i] += c[i] / 4.0;
            }
        }
        image::Rgb(sum.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8))
    })
}

/// A town hall seen from its square on a clear day: two storeys, a central part with a
/// pediment and a clock, a slate roof, trees on either side, cobbles in front.
fn town_hall(w: u32, h: u32) -> RgbImage {
    let (fw, fh) = (w as f32, h as f32);
    let sky_top = hex(0x6FA8DC);
    let sky_low = hex(0xDCEBF5);
    let plaster = hex(0xE8CF98);
    let plaster_light = hex(0xF1DDB0);
    let trim = hex(0xFAF4E6);
    let roof = hex(0x4A5560);
    let glass = hex(0x2F4A63);
    let door = hex(0x5B3A29);
    let cobble = hex(0xB7AC9C);
    let leaf = hex(0x4F7F3A);
    let trunk = hex(0x5A4632);
    // The building in pixels.
    let (left, right) = (0.16 * fw, 0.84 * fw);
    let (eaves, ground) = (0.36 * fh, 0.80 * fh);
    let (mid_l, mid_r) = (0.42 * fw, 0.58 * fw);
    let mid_top = 0.27 * fh;
    let apex = 0.17 * fh;
    let cx = fw / 2.0;
    render(w, h, move |x, y| {
        // Sky, with a few soft clouds.
        let mut c = mix(sky_top, sky_low, y / (0.8 * fh));
        let cloud = fractal(x + 300.0, y * 2.2, 260.0, 7);
        let cloud = ((cloud - 0.58) * 4.0).clamp(0.0, 1.0) * (1.0 - y / (0.6 * fh)).clamp(0.0, 1.0);
        c = mix(c, hex(0xFFFFFF), cloud * 0.85);
        // The square: paving stones in rows that grow towards the viewer, each row offset by
        // half a stone, with darker joints.
        if y > ground {
            // Row n starts at ground + 9 n + n² (pixels): rows widen as they come closer.
            let depth = y - ground;
            let n = ((-9.0 + (81.0 + 4.0 * depth).sqrt()) / 2.0).floor();
            let row_top = 9.0 * n + n * n;
            let row_h = 9.0 + 2.0 * n + 1.0;
            let stone_w = row_h * 2.2;
            let sx = (x - cx) / stone_w + 0.5 * (n % 2.0);
            let stone = hash(sx.floor() as i32, n as i32, 3);
            let base = shade(mix(cobble, hex(0xD9D0C1), depth / (fh - ground)), 0.93 + 0.1 * stone);
            let joint = ((sx - sx.round()).abs() * stone_w)
                .min(depth - row_top)
                .min(row_top + row_h - depth);
            c = mix(shade(base, 0.82), base, ((joint - 0.4) / 1.2).clamp(0.0, 1.0));
            // The building's shadow on the square.
            let shadow = (1.0 - depth / (0.05 * fh)).clamp(0.0, 1.0) * cover(rect(x, y, left, ground, right, fh));
            c = shade(c, 1.0 - 0.2 * shadow);
        }
        // The slate roof of the wings: a trapezoid above the eaves.
        let roof_h = eaves - 0.29 * fh;
        let t = ((eaves - y) / roof_h).clamp(0.0, 1.0);
        let inset = t * 0.035 * fw;
        let roof_d = rect(x, y, left - 10.0 + inset, eaves - roof_h, right + 10.0 - inset, eaves);
        c = mix(c, shade(roof, 0.9 + 0.2 * (1.0 - t)), cover(roof_d));
        // The wings' walls, a little darker at the ends.
        let wall = rect(x, y, left, eaves, right, ground);
        let edge = ((x - cx).abs() / (right - cx)).powi(4);
        c = mix(c, shade(plaster, 1.0 - 0.12 * edge), cover(wall));
        // The middle part stands forward: lighter, taller, with a pediment.
        let mid = rect(x, y, mid_l, mid_top, mid_r, ground);
        c = mix(c, plaster_light, cover(mid));
        let half = (mid_r - mid_l) / 2.0 + 14.0;
        let slope = (x - cx).abs() / half;
        if y < mid_top + 2.0 && y > apex - 2.0 && slope < 1.0 {
            let top = apex + (mid_top - apex) * slope;
            c = mix(c, trim, cover(top - y));
            c = mix(
                c,
                plaster_light,
                cover(top + 10.0 - y) * cover(y - mid_top + 8.0) * cover(slope * half - half + 18.0),
            );
        }
        // Cornices: a light band at the eaves and between the storeys.
        for band in [eaves, 0.57 * fh] {
            let d = rect(x, y, left - 8.0, band - 5.0, right + 8.0, band + 5.0);
            c = mix(c, trim, cover(d));
        }
        c = mix(
            c,
            trim,
            cover(rect(x, y, mid_l - 8.0, mid_top - 6.0, mid_r + 8.0, mid_top + 4.0)),
        );
        // The clock in the pediment.
        let clock_y = mid_top - 0.045 * fh;
        c = mix(c, trim, cover(circle(x, y, cx, clock_y, 0.028 * fh)));
        c = mix(
            c,
            hex(0x1F2A33),
            cover(circle(x, y, cx, clock_y, 0.028 * fh).abs() - 2.5),
        );
        c = mix(
            c,
            hex(0x1F2A33),
            cover(segment(x, y, (cx, clock_y), (cx, clock_y - 0.02 * fh)) - 2.5),
        );
        c = mix(
            c,
            hex(0x1F2A33),
            cover(segment(x, y, (cx, clock_y), (cx + 0.013 * fh, clock_y + 0.006 * fh)) - 2.5),
        );
        // Windows: two storeys of tall windows with white frames and a cross.
        let win_w = 0.036 * fw;
        let (win_h, floors) = (0.12 * fh, [0.405 * fh, 0.62 * fh]);
        for wx in (0..12).map(|i| left + 0.04 * fw + i as f32 * 0.0555 * fw) {
            let wx_c = wx + win_w / 2.0;
            for (floor, &top) in floors.iter().enumerate() {
                // No ground-floor windows where the door is.
                if floor == 1 && (wx_c - cx).abs() < 0.05 * fw {
                    continue;
                }
                let frame = rect(x, y, wx - 6.0, top - 6.0, wx + win_w + 6.0, top + win_h + 6.0);
                c = mix(c, trim, cover(frame));
                let pane = rect(x, y, wx, top, wx + win_w, top + win_h);
                let sky_glint = 0.25 * (1.0 - (y - top) / win_h) * ((x - wx) / win_w);
                c = mix(c, mix(glass, hex(0x9CC3E0), sky_glint), cover(pane));
                let mullion = rect(x, y, wx_c - 2.5, top, wx_c + 2.5, top + win_h).min(rect(
                    x,
                    y,
                    wx,
                    top + win_h * 0.38 - 2.5,
                    wx + win_w,
                    top + win_h * 0.38 + 2.5,
                ));
                c = mix(c, trim, cover(mullion));
            }
        }
        // The door: an arch in the middle part, with steps.
        let (door_w, door_top) = (0.05 * fw, 0.64 * fh);
        let body = rect(x, y, cx - door_w / 2.0, door_top, cx + door_w / 2.0, ground);
        let arch = circle(x, y, cx, door_top, door_w / 2.0);
        let d = body.min(arch);
        c = mix(c, trim, cover(d - 8.0));
        c = mix(c, door, cover(d));
        c = mix(
            c,
            shade(door, 0.7),
            cover(segment(x, y, (cx, door_top), (cx, ground)) - 1.5),
        );
        for (i, step) in [0.0f32, 1.0, 2.0].iter().enumerate() {
            let sw = door_w * (0.9 + 0.25 * i as f32);
            let top = ground + step * 0.012 * fh;
            c = mix(
                c,
                shade(trim, 0.92 - 0.04 * i as f32),
                cover(rect(x, y, cx - sw, top, cx + sw, top + 0.012 * fh)),
            );
        }
        // Trees on either side: round crowns of leaves on trunks.
        for (tx, size) in [(0.07 * fw, 1.0f32), (0.93 * fw, 0.9)] {
            let crown_y = 0.5 * fh;
            let r = 0.16 * fh * size;
            c = mix(
                c,
                trunk,
                cover(rect(x, y, tx - 12.0, crown_y, tx + 12.0, ground + 0.02 * fh)),
            );
            let lumpy = circle(x, y, tx, crown_y, r) - 18.0 * (noise(x, y, 40.0, 11) - 0.5);
            let light = ((tx - x) + (crown_y - y)) / (2.0 * r);
            let leaves = shade(leaf, 0.8 + 0.35 * light + 0.12 * fractal(x, y, 36.0, 12));
            c = mix(c, leaves, cover(lumpy));
        }
        c
    })
}

/// A map-like picture: fields and woods, a lake with an island and depth lines, roads, the
/// blocks of a small town by the shore, a pin where the town hall is, and a north arrow.
fn lake_map(w: u32, h: u32) -> RgbImage {
    let (fw, fh) = (w as f32, h as f32);
    let land = hex(0xF1ECDC);
    let wood = hex(0xC9DDB5);
    let water = hex(0xA8CDE6);
    let deep = hex(0x8DBBDC);
    let shore = hex(0x6E9FC4);
    let block = hex(0xD8C7B2);
    let road = hex(0xFFFFFF);
    let main_road = hex(0xF5CF7E);
    let casing = hex(0xB8A78C);
    let (lx, ly) = (0.62 * fw, 0.45 * fh);
    // How far (in pixels, negative inside) a point is from the lake's wavy shore.
    let lake = move |x: f32, y: f32| {
        let (dx, dy) = ((x - lx) / 1.25, y - ly);
        let a = dy.atan2(dx);
        let r = 0.3 * fh * (1.0 + 0.14 * (3.0 * a).sin() + 0.07 * (5.0 * a + 1.3).sin() + 0.04 * (9.0 * a).cos());
        (dx * dx + dy * dy).sqrt() - r + 14.0 * (noise(x, y, 60.0, 21) - 0.5)
    };
    let main: [(f32, f32); 4] = [
        (0.0, 0.82 * fh),
        (0.3 * fw, 0.74 * fh),
        (0.42 * fw, 0.5 * fh),
        (0.38 * fw, 0.0),
    ];
    let side: [(f32, f32); 3] = [(0.3 * fw, 0.74 * fh), (0.55 * fw, 0.93 * fh), (fw, 0.97 * fh)];
    let town = (0.27 * fw, 0.56 * fh);
    let pin = (0.33 * fw, 0.52 * fh);
    render(w, h, move |x, y| {
        // Fields, with woods where the noise is high.
        let forest = fractal(x, y, 180.0, 5);
        let mut c = mix(land, wood, ((forest - 0.52) * 12.0).clamp(0.0, 1.0));
        c = shade(c, 0.97 + 0.05 * noise(x, y, 9.0, 6));
        // The lake, darker where it is deep, with depth lines every 40 px from the shore.
        let d = lake(x, y);
        if d < 1.0 {
            let depth = (-d / (0.25 * fh)).clamp(0.0, 1.0);
            let mut wc = mix(water, deep, depth);
            // The distance to the nearest depth line.
            let line = 20.0 - (-d % 40.0 - 20.0).abs();
            if -d > 25.0 && -d < 150.0 {
                wc = mix(wc, mix(wc, hex(0xFFFFFF), 0.35), cover(line - 0.8));
            }
            c = mix(c, wc, cover(d));
        }
        c = mix(c, shore, cover(d.abs() - 1.6));
        // An island in the lake.
        let island = circle(x, y, lx + 0.12 * fw, ly - 0.05 * fh, 0.04 * fh) - 8.0 * noise(x, y, 20.0, 31);
        c = mix(c, mix(wood, hex(0x9DC08A), 0.5), cover(island));
        c = mix(c, shore, cover(island.abs() - 1.2));
        // The town's blocks, where there is land and no road.
        let (bx, by) = ((x - town.0) / 46.0, (y - town.1) / 38.0);
        let (cx, cy) = (bx.floor(), by.floor());
        // A whole block or none: its middle decides; a few lots are left empty.
        let (mx, my) = (cx + 0.5, cy + 0.5);
        let on_land = lake(town.0 + mx * 46.0, town.1 + my * 38.0) > 30.0;
        if mx * mx + my * my < 14.0 && on_land && hash(cx as i32, cy as i32, 41) > 0.18 {
            let (ux, uy) = ((bx - cx) * 46.0, (by - cy) * 38.0);
            let blk = rect(ux, uy, 8.0, 7.0, 38.0, 31.0);
            c = mix(
                c,
                shade(block, 0.92 + 0.12 * hash(cx as i32, cy as i32, 42)),
                cover(blk),
            );
            c = mix(c, shade(block, 0.75), cover(blk.abs() - 0.6));
        }
        // A grid of coordinate lines.
        for (v, step) in [(x, 150.0f32), (y, 150.0)] {
            let g = (v % step).min(step - v % step);
            c = mix(c, hex(0x7F9FBF), 0.35 * cover(g - 0.6));
        }
        // Roads: white with a darker casing; the main road yellow and wider.
        let mut r_side = f32::MAX;
        for pair in side.windows(2) {
            r_side = r_side.min(segment(x, y, pair[0], pair[1]));
        }
        let mut r_main = f32::MAX;
        for pair in main.windows(2) {
            r_main = r_main.min(segment(x, y, pair[0], pair[1]));
        }
        c = mix(c, casing, cover(r_side - 6.0));
        c = mix(c, road, cover(r_side - 4.0));
        c = mix(c, casing, cover(r_main - 9.0));
        c = mix(c, main_road, cover(r_main - 6.5));
        // The town hall's pin: a red drop with a white dot and a soft shadow.
        let shadow = circle((x - pin.0) / 2.0 + pin.0, y, pin.0 + 3.0, pin.1, 4.0);
        c = mix(c, shade(c, 0.75), cover(shadow) * 0.6);
        let head = circle(x, y, pin.0, pin.1 - 30.0, 17.0);
        let tip = segment(x, y, (pin.0, pin.1 - 30.0), pin) - 17.0 * ((pin.1 - y) / 30.0).clamp(0.0, 1.0);
        let drop = head.min(tip);
        c = mix(c, hex(0x8E1F1F), cover(drop));
        c = mix(c, hex(0xD64541), cover(drop + 2.0));
        c = mix(c, hex(0xFFFFFF), cover(circle(x, y, pin.0, pin.1 - 30.0, 6.5)));
        // A north arrow in the top left corner.
        let (nx, ny) = (0.07 * fw, 0.1 * fh);
        let disc = circle(x, y, nx, ny, 38.0);
        c = mix(c, hex(0xFFFFFF), 0.85 * cover(disc));
        c = mix(c, hex(0x44546A), cover(disc.abs() - 1.5));
        let (ax, ay) = (x - nx, y - ny);
        let half = if ax < 0.0 { 0.75 } else { 1.0 };
        let inside = ay > -28.0 && ay < 22.0 && ax.abs() < 14.0 * (ay + 28.0) / 50.0;
        if inside {
            c = mix(c, shade(hex(0x44546A), half), 1.0);
        }
        c
    })
}

fn write_jpeg(path: &std::path::Path, picture: &RgbImage) {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 82)
        .write_image(
            picture.as_raw(),
            picture.width(),
            picture.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encoding a JPEG in memory cannot fail");
    std::fs::write(path, &bytes).unwrap_or_else(|e| panic!("could not write {}: {e}", path.display()));
    println!(
        "wrote {} ({}×{}, {} KB)",
        path.display(),
        picture.width(),
        picture.height(),
        bytes.len() / 1024
    );
}

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/posts/kommunbesok-2-i-kalmar"));
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("could not make {}: {e}", out.display()));
    write_jpeg(&out.join("radhuset.jpg"), &town_hall(1600, 1067));
    write_jpeg(&out.join("karta.jpg"), &lake_map(1200, 900));
}
