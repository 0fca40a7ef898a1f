//! Post bundles and photos: a post's own files published beside it, every local photo resized
//! to responsive sizes with its metadata (the visit's GPS position) gone, through a build cache.

use crate::common::{besok, ok, post, snapshot, SiteTest};
use image::{ImageEncoder, RgbImage};
use std::fs;

/// A photo of `w`×`h` pixels as a JPEG, with an EXIF block (orientation `orientation` and a GPS
/// position whose map datum is the marker `GPSMARKER57N`), as a phone writes it.
fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let picture = RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .write_image(picture.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    // TIFF, little-endian: IFD0 with Orientation and a GPS IFD pointer; the GPS IFD with a
    // latitude reference and a map datum string.
    let mut tiff = b"II\x2a\0\x08\0\0\0".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value);
        e
    };
    let gps_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    tiff.extend(entry(0x0112, 3, 1, [o[0], o[1], 0, 0]));
    tiff.extend(entry(0x8825, 4, 1, gps_ifd.to_le_bytes()));
    tiff.extend(0u32.to_le_bytes());
    let datum_at: u32 = gps_ifd + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
    tiff.extend(entry(0x0012, 2, 13, datum_at.to_le_bytes()));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(b"GPSMARKER57N\0");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 40, 200]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(picture.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A site with a bundle post (a tall phone photo taken sideways, a PNG, a PDF) and a flat post.
fn site() -> SiteTest {
    let site = SiteTest::new()
        .file(
            "content/posts/kalmar-2016/index.md",
            post("Besök i Kalmar", "2016-11-10").municipality("Kalmar").body(
                "Vi träffade socialtjänsten.\n\n![Rådhuset i Kalmar](radhus.jpg \"Rådhuset, november 2016\")\n\n\
                 En karta ![kartan](bilder/karta.png) i texten, och [rapporten](rapport.pdf).\n",
            ),
        )
        .file(
            "content/posts/vetlanda.md",
            post("Besök i Vetlanda", "2016-12-08").body("Text."),
        );
    // 2000×1500 as stored, orientation 6: upright it is 1500 wide and 2000 tall.
    fs::write(
        site.root().join("content/posts/kalmar-2016/radhus.jpg"),
        phone_photo(2000, 1500, 6),
    )
    .unwrap();
    fs::create_dir_all(site.root().join("content/posts/kalmar-2016/bilder")).unwrap();
    fs::write(
        site.root().join("content/posts/kalmar-2016/bilder/karta.png"),
        png(700, 350),
    )
    .unwrap();
    fs::write(
        site.root().join("content/posts/kalmar-2016/rapport.pdf"),
        b"%PDF-1.4 rapport",
    )
    .unwrap();
    site
}

#[test]
fn a_bundle_publishes_its_files_and_every_photo_in_sizes_that_fit() {
    let site = site().build();
    let out = snapshot(&site.output());
    let page = site.read("posts/besok-i-kalmar/index.html");
    // The PDF as it is, beside the page, and the link to it.
    assert_eq!(out["posts/besok-i-kalmar/rapport.pdf"], b"%PDF-1.4 rapport");
    assert!(page.contains("href=\"/posts/besok-i-kalmar/rapport.pdf\""), "{page}");
    // The photo: never as it was, only its sizes, each decoded to the size srcset says.
    assert!(!out.contains_key("posts/besok-i-kalmar/radhus.jpg"));
    let imgs = site.select("posts/besok-i-kalmar/index.html", "figure > img");
    assert_eq!(imgs.len(), 1, "{page}");
    let srcset = &site.attrs("posts/besok-i-kalmar/index.html", "figure > img", "srcset")[0];
    let mut widths = Vec::new();
    for candidate in srcset.split(", ") {
        let (url, w) = candidate.split_once(' ').unwrap();
        let w: u32 = w.trim_end_matches('w').parse().unwrap();
        let file = url.trim_start_matches('/');
        let decoded = image::load_from_memory(&out[file]).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(decoded.width(), w, "{file}");
        // Upright: 3 wide for 4 tall.
        assert_eq!(decoded.height(), w * 4 / 3, "{file}");
        assert!(
            file.starts_with("posts/besok-i-kalmar/radhus-") && file.ends_with(".jpg"),
            "{file}"
        );
        widths.push(w);
    }
    // 480, 960 and the photo's own 1500 (narrower than 1600: never upscaled).
    assert_eq!(widths, [480, 960, 1500]);
    let attr = |a: &str| site.attrs("posts/besok-i-kalmar/index.html", "figure > img", a)[0].clone();
    assert_eq!(
        (attr("width"), attr("height")),
        ("1500".to_string(), "2000".to_string())
    );
    assert_eq!(
        (attr("loading"), attr("decoding")),
        ("lazy".to_string(), "async".to_string())
    );
    assert_eq!(attr("alt"), "Rådhuset i Kalmar");
    assert!(attr("src").contains("radhus-960w."), "{}", attr("src"));
    assert_eq!(
        site.select("posts/besok-i-kalmar/index.html", "figure > figcaption"),
        ["Rådhuset, november 2016"]
    );
    // The inline PNG stays inline (in its paragraph), in its folder, as PNG.
    let inline = site.attrs("posts/besok-i-kalmar/index.html", "p > img", "src");
    assert_eq!(inline.len(), 1);
    assert!(
        inline[0].starts_with("/posts/besok-i-kalmar/bilder/karta-700w.") && inline[0].ends_with(".png"),
        "{inline:?}"
    );
    // The flat post beside it still builds as before.
    site.check("posts/besok-i-vetlanda/index.html", &["Besök i Vetlanda"]);
}

#[test]
fn a_site_named_by_a_relative_path_publishes_its_photos() {
    // `besok build --root site` from the folder above, as a script runs it: the sizes are
    // published from the cache inside the site, found once, not under `site/site/`.
    let site = site();
    let (above, name) = (site.root().parent().unwrap(), site.root().file_name().unwrap());
    let name = name.to_str().unwrap();
    let output = format!("{name}/public");
    ok(&besok(&["build", "--root", name, "--output-dir", &output], above));
    ok(&besok(&["build", "--root", name, "--output-dir", &output], above));
    let out = snapshot(&site.root().join("public"));
    let sizes: Vec<&String> = out.keys().filter(|f| f.contains("radhus-")).collect();
    assert_eq!(sizes.len(), 3, "{:?}", out.keys());
}

#[test]
fn no_photo_metadata_reaches_the_site() {
    let site = site().build();
    for (file, bytes) in snapshot(&site.output()) {
        assert!(!contains(&bytes, b"GPSMARKER57N"), "{file} carries the GPS block");
        if file.ends_with(".jpg") || file.ends_with(".png") {
            assert!(!contains(&bytes, b"Exif\0\0"), "{file} carries EXIF");
        }
    }
}

#[test]
fn a_second_build_takes_every_photo_from_the_cache() {
    let site = site();
    let first = besok::build(&site.options).unwrap();
    assert_eq!((first.images.made, first.images.from_cache), (2, 0));
    let second = besok::build(&site.options).unwrap();
    assert_eq!((second.images.made, second.images.from_cache), (0, 2));
    // Known unchanged by their files: neither the photos nor their sizes were read again.
    assert_eq!(second.images.unchanged, 2);
    assert!(site.root().join(".besok-cache/images").is_dir());
    // A photo no post shows any more leaves the cache at the next build.
    site.write(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10").body("![Rådhuset i Kalmar](radhus.jpg)"),
    );
    besok::build(&site.options).unwrap();
    let entries = fs::read_dir(site.root().join(".besok-cache/images"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(entries, 1);
}

/// A photo edited in place (new bytes, or the same length written again later) or replaced
/// by another file is made again: the memo of unchanged photos never serves a stale one.
#[test]
fn an_edited_or_replaced_photo_is_made_again() {
    let site = site();
    besok::build(&site.options).unwrap();
    let photo = site.root().join("content/posts/kalmar-2016/radhus.jpg");
    let original = fs::read(&photo).unwrap();
    let mut other = image::RgbImage::new(320, 200);
    for (x, _, p) in other.enumerate_pixels_mut() {
        *p = image::Rgb([(x % 256) as u8, 90, 40]);
    }
    other.save(&photo).unwrap();
    let edited = besok::build(&site.options).unwrap();
    assert_eq!((edited.images.made, edited.images.unchanged), (1, 1));
    // Back to the first bytes, through a new file renamed over it: made again (the last build
    // pruned its sizes), not taken from the memo (the file is another).
    let replacement = site.root().join("content/posts/kalmar-2016/ny.tmp");
    fs::write(&replacement, &original).unwrap();
    fs::rename(&replacement, &photo).unwrap();
    let replaced = besok::build(&site.options).unwrap();
    assert_eq!((replaced.images.made, replaced.images.unchanged), (1, 1));
    let out = snapshot(&site.output());
    assert!(out.keys().any(|f| f.contains("radhus-")), "{:?}", out.keys());
}

#[test]
fn a_corrupt_cache_entry_is_made_again_never_served() {
    let site = site();
    besok::build(&site.options).unwrap();
    // Spoil every cached file of every entry.
    for entry in fs::read_dir(site.root().join(".besok-cache/images")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            for f in fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "jpg" || e == "png") {
                    fs::write(&f, b"not the photo").unwrap();
                }
            }
        }
    }
    let report = besok::build(&site.options).unwrap();
    assert_eq!(report.images.made, 2);
    for (file, bytes) in snapshot(&site.output()) {
        if file.ends_with(".jpg") || file.ends_with(".png") {
            image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}

#[test]
fn a_missing_file_or_image_is_an_error_at_its_place() {
    let site = SiteTest::new()
        .file(
            "content/posts/kalmar/index.md",
            post("Kalmar", "2016-11-10").body("![Rådhuset](saknas.jpg)\n\n[rapporten](saknas.pdf)"),
        )
        .file(
            "content/posts/platt.md",
            post("Platt", "2016-11-11").body("![Foto](foto.jpg)"),
        )
        .file(
            "content/posts/stat.md",
            post("Statisk", "2016-11-12").body("![Karta](/bilder/karta.png)"),
        );
    assert_eq!(
        site.errors(),
        [
            "content/posts/kalmar/index.md:5:1: error: image \"saknas.jpg\": there is no content/posts/kalmar/saknas.jpg",
            "content/posts/kalmar/index.md:7:1: error: link to \"saknas.pdf\": there is no content/posts/kalmar/saknas.pdf",
            "content/posts/platt.md:5:1: error: image \"foto.jpg\": a post's own files go beside it in a bundle: make the post content/posts/<name>/index.md and put the file in that folder",
            "content/posts/stat.md:5:1: error: image \"/bilder/karta.png\": there is no static file bilder/karta.png; files under / come from the site's static/ folder",
        ]
    );
}

#[test]
fn a_photo_under_static_is_resized_beside_it() {
    let site = SiteTest::new().file(
        "content/posts/a.md",
        post("A", "2016-11-10").body("![Karta](/bilder/karta.png)"),
    );
    fs::create_dir_all(site.root().join("static/bilder")).unwrap();
    fs::write(site.root().join("static/bilder/karta.png"), png(600, 300)).unwrap();
    let site = site.build();
    let src = site.attrs("posts/a/index.html", "figure > img", "src");
    assert!(
        src[0].starts_with("/bilder/karta-600w.") && src[0].ends_with(".png"),
        "{src:?}"
    );
    assert!(site.exists(src[0].trim_start_matches('/')));
    // The photo as it was (with its metadata) is not published from static/ either.
    assert!(!site.exists("bilder/karta.png"));
}

#[test]
fn every_bad_image_is_a_clear_error_and_the_previous_output_stays() {
    let site = site().build();
    let before = snapshot(&site.output());
    let dir = site.root().join("content/posts/kalmar-2016");
    let good = phone_photo(400, 300, 1);
    fs::write(dir.join("trasig.jpg"), &good[..good.len() / 2]).unwrap();
    fs::write(dir.join("tom.jpg"), b"").unwrap();
    fs::write(dir.join("text.jpg"), "det här är ingen bild").unwrap();
    fs::write(
        dir.join("gif.png"),
        b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;",
    )
    .unwrap();
    // A whole PNG whose header claims 50,000 × 50,000 pixels (7.5 GB decoded).
    let mut bomb = png(8, 8);
    bomb[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    fs::write(dir.join("bomb.png"), bomb).unwrap();
    site.write(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10")
            .body("![a](trasig.jpg)\n\n![b](tom.jpg)\n\n![c](text.jpg)\n\n![d](gif.png)\n\n![e](bomb.png)\n"),
    );
    assert_eq!(
        site.errors(),
        [
            "content/posts/kalmar-2016/index.md:5:1: error: image \"trasig.jpg\": the JPEG file is damaged or cut short (it ends before the picture does): copy or export the photo again",
            "content/posts/kalmar-2016/index.md:7:1: error: image \"tom.jpg\": the file is empty (0 bytes): copy the photo again",
            "content/posts/kalmar-2016/index.md:9:1: error: image \"text.jpg\": this is not a picture besok can recognise: use a JPEG, PNG or WebP file",
            "content/posts/kalmar-2016/index.md:11:1: error: image \"gif.png\": GIF pictures are not supported: save it as JPEG (photos) or PNG (drawings, screenshots)",
            "content/posts/kalmar-2016/index.md:13:1: error: image \"bomb.png\": the picture is 50000 × 50000 pixels, more than the 20000 pixels a side besok accepts: export it smaller",
        ]
    );
    assert_eq!(snapshot(&site.output()), before);
}

/// The files `besok serve` serves, and those `besok build` writes, for the site as it is now.
fn served_and_built(
    site: &SiteTest,
    engine: &besok::serve::incremental::Incremental,
) -> (
    std::collections::BTreeMap<String, Vec<u8>>,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let retired = engine.retired_search_files();
    let served = engine
        .files()
        .iter()
        .filter(|(f, _)| !retired.contains(*f))
        .map(|(f, b)| (f.clone(), b.to_vec()))
        .collect();
    let out = tempfile::tempdir().unwrap();
    let mut options = besok::BuildOptions::new(site.root());
    options.output_dir = Some(out.path().join("public"));
    options.base_url = Some("http://127.0.0.1:1111/".into());
    besok::build(&options).unwrap();
    let mut built = snapshot(&out.path().join("public"));
    built.remove(".besok-output");
    (served, built)
}

#[test]
fn the_dev_server_serves_a_bundle_as_the_build_writes_it_through_edits() {
    use besok::serve::incremental::Incremental;
    use besok::serve::watch::Changes;
    let site = site();
    let mut engine = Incremental::new(site.root(), false, "http://127.0.0.1:1111/");
    engine.initial().unwrap();
    let root = site.root().canonicalize().unwrap();
    let mut step = |what: &str, files: &[&str]| {
        let mut changes = Changes::default();
        for f in files {
            changes.add_path(&root, &root.join(f));
        }
        engine.rebuild(&changes).unwrap_or_else(|e| panic!("{what}: {e}"));
        engine.finish_search();
        let (served, built) = served_and_built(&site, &engine);
        let differ: Vec<&String> = served
            .keys()
            .chain(built.keys())
            .filter(|f| served.get(*f) != built.get(*f))
            .collect();
        assert!(differ.is_empty(), "after {what}: {differ:?}");
        served
    };
    step("nothing", &[]);
    // A text edit: the post keeps its place and its images.
    site.write(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10").municipality("Kalmar").body(
            "Vi träffade socialtjänsten igen.\n\n![Rådhuset i Kalmar](radhus.jpg \"Rådhuset, november 2016\")\n\n\
             En karta ![kartan](bilder/karta.png) i texten, och [rapporten](rapport.pdf).\n",
        ),
    );
    step("a text edit", &["content/posts/kalmar-2016/index.md"]);
    // The photo replaced by another: new sizes, the old ones gone.
    fs::write(
        site.root().join("content/posts/kalmar-2016/radhus.jpg"),
        phone_photo(1200, 900, 1),
    )
    .unwrap();
    let served = step("a photo replaced", &["content/posts/kalmar-2016/radhus.jpg"]);
    assert!(
        served
            .keys()
            .any(|f| f.starts_with("posts/besok-i-kalmar/radhus-1200w.")),
        "{:?}",
        served.keys()
    );
    // A new file in the bundle.
    fs::write(
        site.root().join("content/posts/kalmar-2016/bilaga.pdf"),
        b"%PDF-1.4 bilaga",
    )
    .unwrap();
    let served = step("a file added", &["content/posts/kalmar-2016/bilaga.pdf"]);
    assert!(served.contains_key("posts/besok-i-kalmar/bilaga.pdf"));
}

#[test]
fn a_featured_image_is_the_posts_picture_and_shares_it() {
    let site = site()
        .file(
            "content/posts/kalmar-2016/index.md",
            post("Besök i Kalmar", "2016-11-10")
                .line("image = \"bilder/karta.png\"\nimage_alt = \"Karta över Kalmar\"")
                .body("![Rådhuset i Kalmar](radhus.jpg)"),
        )
        .build();
    let meta = |p: &str| {
        site.attrs(
            "posts/besok-i-kalmar/index.html",
            &format!("meta[property=\"{p}\"]"),
            "content",
        )
    };
    let og = meta("og:image");
    assert_eq!(og.len(), 1);
    assert!(
        og[0].starts_with("https://example.org/posts/besok-i-kalmar/bilder/karta-700w.") && og[0].ends_with(".png"),
        "{og:?}"
    );
    assert_eq!(meta("og:image:width"), ["700"]);
    assert_eq!(meta("og:image:height"), ["350"]);
    assert_eq!(meta("og:image:alt"), ["Karta över Kalmar"]);
    assert_eq!(
        site.attrs(
            "posts/besok-i-kalmar/index.html",
            "meta[name=\"twitter:card\"]",
            "content"
        ),
        ["summary_large_image"]
    );
    // Without `image`, the first photo of the text shares the post.
    let other = SiteTest::new().file(
        "content/posts/a/index.md",
        post("A", "2016-11-10").body("Text.\n\n![Rådhuset](radhus.jpg)"),
    );
    fs::write(
        other.root().join("content/posts/a/radhus.jpg"),
        phone_photo(800, 600, 1),
    )
    .unwrap();
    let other = other.build();
    let og = other.attrs("posts/a/index.html", "meta[property=\"og:image\"]", "content");
    assert!(og[0].starts_with("https://example.org/posts/a/radhus-800w."), "{og:?}");
    // A post without photos is shared as a summary.
    other.check_not("index.html", &["og:image"]);
}

#[test]
fn a_featured_image_that_is_not_there_or_not_a_photo_is_an_error() {
    let site = site().file(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10").line("image = \"saknas.jpg\""),
    );
    assert_eq!(
        site.errors(),
        ["content/posts/kalmar-2016/index.md:4:9: error: image \"saknas.jpg\": there is no content/posts/kalmar-2016/saknas.jpg"]
    );
    let site = site.file(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10").line("image = \"rapport.pdf\""),
    );
    assert_eq!(
        site.errors(),
        ["content/posts/kalmar-2016/index.md:4:9: error: image \"rapport.pdf\": a featured image is a JPEG, PNG or WebP photo"]
    );
}

#[test]
fn check_warns_about_images_without_alt_text() {
    let site = site().file(
        "content/posts/kalmar-2016/index.md",
        post("Besök i Kalmar", "2016-11-10")
            .tags(&["skola"])
            .line("image = \"radhus.jpg\"")
            .body("![](bilder/karta.png)"),
    );
    let report = besok::check(&besok::CheckOptions {
        root: site.root().to_path_buf(),
        drafts: false,
        future: false,
        base_url: None,
        external: false,
    })
    .unwrap();
    let warnings: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(
        warnings,
        [
            "content/posts/kalmar-2016/index.md:5:9: warning: the featured image has no alt text; add `image_alt = \"...\"` saying what it shows",
            "content/posts/kalmar-2016/index.md:7:1: warning: image \"bilder/karta.png\" has no alt text; say what it shows for readers who cannot see it: ![Rådhuset i Kalmar](bilder/karta.png)",
            "content/posts/vetlanda.md:2:9: warning: this post has no tags; add a line like `tags = [\"samverkan\"]` so readers can find it by theme",
        ]
    );
}
