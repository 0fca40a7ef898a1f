//! The default theme as readers get it: valid HTML (Nu HTML Checker), no accessibility
//! violations (axe-core in headless Chromium, light and dark), a layout that fits a 375 px
//! phone, and screenshots of every page type for a person to look at.
//!
//! Needs axe-core and vnu-jar in node_modules/ (`npm ci`, pinned in package-lock.json), Java
//! and Chromium; `scripts/test` installs them. A missing tool fails the test.

use crate::common::browser;
use crate::common::{repo, SiteTest};
use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use image::{ImageEncoder, RgbImage};
use std::path::PathBuf;
use std::process::Command;

/// A made-up picture of `w`×`h` pixels (a sky, hills and a house; `hue` shifts its colours) as
/// JPEG or PNG bytes: enough of a photo for the theme to show.
fn picture(w: u32, h: u32, hue: u8, png: bool) -> Vec<u8> {
    let (fw, fh) = (w as f32, h as f32);
    let pixels = RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / fw, y as f32 / fh);
        let hill = 0.62 + 0.08 * (u * 9.0).sin();
        let house = (0.3..0.55).contains(&u) && (0.42..hill + 0.05).contains(&v);
        let rgb = if house {
            [178, 58, 48]
        } else if v > hill {
            [40 + hue / 3, (120.0 - 50.0 * v) as u8, 60]
        } else {
            [(150.0 + 80.0 * v) as u8, (180.0 + 60.0 * v) as u8, 240 - hue / 4]
        };
        image::Rgb(rgb)
    });
    let mut out = Vec::new();
    if png {
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(pixels.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .write_image(pixels.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
    }
    out
}

/// The showcase's post with photos: a bundle with a featured photo, a tall photo with a
/// caption, a wide one without, and a map wider than a phone inside a paragraph.
const PHOTO_POST: &str = "posts/tredje-besoket-i-eda/";

/// The example site plus enough to produce every page type: pagination, a long post with a
/// table of contents, an image, a table and a quote, and a post bundle with photos.
fn showcase() -> SiteTest {
    let site = SiteTest::example();
    let config = std::fs::read_to_string(site.root().join("config.toml"))
        .unwrap()
        .replace("paginate_by = 10", "paginate_by = 2")
        .replace("slugs_from = \"file\"", "slugs_from = \"title\"");
    let long_body = "Inledning om besöket.\n\n## Bakgrund\n\nText med en [länk](https://example.org/) och *betoning*.\n\n\
        ## Vad vi såg\n\n![Kommunhuset i Eda en vinterdag](https://example.org/eda.jpg)\n\n> Ett citat från en socialsekreterare.\n\n\
        | Fas | År |\n|---|---|\n| Ny | 0–2 |\n| Erfaren | 2–5 |\n\n## Nästa steg\n\n1. Följa upp\n2. Återkoppla\n";
    site.config(&config)
        .post("eda-1", "title = \"Första besöket i Eda\"\ndate = 2015-03-02\nmunicipality = \"Eda\"\ntags = [\"samverkan\"]", long_body)
        .post("eda-2", "title = \"Återbesök i Eda\"\ndate = 2017-09-14\nmunicipality = \"Eda\"\ntags = [\"samverkan\", \"barn och unga\"]", long_body)
        .file(
            "content/posts/eda-3/index.md",
            "+++\ntitle = \"Tredje besöket i Eda\"\ndate = 2018-03-20\nmunicipality = \"Eda\"\ntags = [\"samverkan\"]\n\
             image = \"omslag.jpg\"\nimage_alt = \"Edas kommunhus, ett rött hus vid foten av en grön kulle\"\n+++\n\n\
             Vi kom tillbaka till Eda en klar vårdag, och den här gången tog vi bilder.\n\n\
             ![Kommunhusets entré med en ramp och en bänk](entre.jpg \"Entrén till kommunhuset, mars 2018\")\n\n\
             ## Vad vi såg\n\nUtanför centrum ![Karta över Edas centrum med kommunhuset markerat](karta.png) ligger skolan.\n\n\
             ![Socialsekreterare och rektorer samlade kring ett bord](samtal.jpg)\n\nSamtalet fortsatte efter lunch.\n\n\
             {{ video(url=\"https://vimeo.com/76979871\", title=\"Samtal om samverkan i Eda\") }}\n",
        )
        .bytes("content/posts/eda-3/omslag.jpg", &picture(1600, 1000, 0, false))
        .bytes("content/posts/eda-3/entre.jpg", &picture(900, 1200, 120, false))
        .bytes("content/posts/eda-3/samtal.jpg", &picture(1400, 800, 200, false))
        .bytes("content/posts/eda-3/karta.png", &picture(700, 320, 60, true))
        .build()
}

/// Writing a file's bytes into a site under construction.
trait Bytes {
    fn bytes(self, rel: &str, bytes: &[u8]) -> Self;
}

impl Bytes for SiteTest {
    fn bytes(self, rel: &str, bytes: &[u8]) -> SiteTest {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }
}

/// One page of each type, by site path.
const PAGES: &[(&str, &str)] = &[
    ("home", ""),
    ("home-page-2", "page/2/"),
    ("post", "posts/aterbesok-i-eda/"),
    ("post-example", "posts/kommunbesok-2-i-kalmar/"),
    ("post-photos", PHOTO_POST),
    ("tags", "taggar/"),
    ("tag", "taggar/samverkan/"),
    ("municipalities", "kommuner/"),
    ("municipality", "kommuner/eda/"),
    ("archive", "arkiv/"),
    ("archive-year", "arkiv/2016/"),
    ("search", "sok/"),
    ("page", "om/"),
    ("not-found", "404.html"),
];

fn node_modules() -> PathBuf {
    let dir = repo().join("node_modules");
    assert!(
        dir.join("axe-core/axe.min.js").is_file() && dir.join("vnu-jar/build/dist/vnu.jar").is_file(),
        "axe-core and vnu-jar are missing from {}: run `scripts/test`, which installs them (`npm ci`)",
        dir.display()
    );
    dir
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let site = showcase();
    let jar = node_modules().join("vnu-jar/build/dist/vnu.jar");
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(site.output())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert!(pages.len() >= 20, "{pages:?}");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&pages)
        .output()
        .expect("java is needed to run the Nu HTML Checker: run `scripts/test`, which installs it");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("vnu output: {}", String::from_utf8_lossy(&out.stderr)));
    let messages = report["messages"].as_array().unwrap();
    assert!(
        messages.is_empty(),
        "vnu found errors:\n{}",
        serde_json::to_string_pretty(messages).unwrap()
    );
}

fn set_dark(tab: &headless_chrome::Tab, dark: bool) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature {
            name: "prefers-color-scheme".into(),
            value: if dark { "dark" } else { "light" }.into(),
        }]),
    })
    .unwrap();
}

#[test]
fn every_page_type_has_no_axe_violations_in_light_and_dark() {
    let site = showcase();
    let axe = std::fs::read_to_string(node_modules().join("axe-core/axe.min.js")).unwrap();
    let server = browser::StaticServer::start(&site.output());
    let (chrome, _profile) = browser::launch();
    let mut failures = Vec::new();
    for (name, path) in PAGES {
        let tab = browser::open(&chrome, &server.url(path));
        tab.evaluate(&axe, false).unwrap();
        for dark in [false, true] {
            set_dark(&tab, dark);
            let js = "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))))";
            let result = browser::eval(&tab, js);
            let violations: serde_json::Value = serde_json::from_str(result.as_str().unwrap()).unwrap();
            if violations.as_array().is_some_and(|v| !v.is_empty()) {
                failures.push(format!(
                    "{name} ({}): {violations}",
                    if dark { "dark" } else { "light" }
                ));
            }
        }
        let h1s = browser::eval(&tab, "document.querySelectorAll('h1').length");
        assert_eq!(h1s, 1, "{name} should have exactly one h1");
        for landmark in ["header", "nav", "main", "footer"] {
            assert_eq!(
                browser::eval(&tab, &format!("!!document.querySelector('{landmark}')")),
                true,
                "{name} lacks <{landmark}>"
            );
        }
    }
    assert!(failures.is_empty(), "axe violations:\n{}", failures.join("\n"));
}

/// Emulates a screen `width`×`height` CSS pixels large (a phone's when narrower than 600):
/// headless windows have a minimum width, so a phone's size cannot be the window's.
fn set_viewport(tab: &headless_chrome::Tab, width: u32, height: u32) {
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: width < 600,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

#[test]
fn pages_fit_a_phone_and_screenshots_are_kept_for_review() {
    let site = showcase();
    let server = browser::StaticServer::start(&site.output());
    let shots = repo().join("tests/output/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let (chrome, _profile) = browser::launch();
    for (width, height) in [(375u32, 812u32), (1280, 900)] {
        for (name, path) in PAGES {
            let tab = chrome.new_tab().unwrap();
            set_viewport(&tab, width, height);
            tab.navigate_to(&server.url(path))
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            assert_eq!(browser::eval(&tab, "window.innerWidth"), width, "viewport of {name}");
            for dark in [false, true] {
                set_dark(&tab, dark);
                let overflow = browser::eval(
                    &tab,
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
                );
                assert_eq!(overflow, 0, "{name} at {width}px scrolls sideways");
                let png = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                assert!(
                    png.starts_with(b"\x89PNG") && png.len() > 5_000,
                    "{name} screenshot is empty"
                );
                let file = shots.join(format!("{name}-{width}-{}.png", if dark { "dark" } else { "light" }));
                std::fs::write(file, png).unwrap();
            }
        }
    }
    // Dark mode really changes the page: the background differs.
    let tab = browser::open(&chrome, &server.url(""));
    let bg = |tab: &headless_chrome::Tab| browser::eval(tab, "getComputedStyle(document.body).backgroundColor");
    set_dark(&tab, false);
    let light = bg(&tab);
    set_dark(&tab, true);
    assert_ne!(light, bg(&tab));
}

/// Scrolls to every image of the page, as a reader does, so that lazy ones load too; waits
/// until each has loaded or failed (10 s at most) and returns, for each, its URL, its loaded
/// width (`naturalWidth`, 0 for one that failed) and where it is drawn, back at the top.
const LOAD_EVERY_IMAGE: &str = "(async () => {
    const images = [...document.images];
    for (const img of images) {
        img.scrollIntoView({block: 'center'});
        await new Promise(r => setTimeout(r, 30));
    }
    const loaded = img => img.complete ? Promise.resolve() : new Promise(r => {
        img.addEventListener('load', r, {once: true});
        img.addEventListener('error', r, {once: true});
    });
    await Promise.race([Promise.all(images.map(loaded)), new Promise(r => setTimeout(r, 10000))]);
    window.scrollTo(0, 0);
    return JSON.stringify(images.map(img => {
        const box = img.getBoundingClientRect();
        return {src: img.currentSrc, natural: img.naturalWidth, left: box.left, right: box.right, width: box.width, height: box.height,
                loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority'), cls: img.className};
    }));
})()";

/// Pages with photos at a phone's and a laptop's width: nothing scrolls sideways, every image
/// loads and is drawn inside the screen, the post's featured photo is fetched first, and
/// screenshots (the first screen and the whole page) are kept for a person to look at.
#[test]
fn photos_load_and_fit_a_phone_and_a_laptop() {
    let site = showcase();
    let server = browser::StaticServer::start(&site.output());
    let shots = repo().join("tests/output/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let (chrome, _profile) = browser::launch();
    // The photo post shows a featured photo, two photos and a map; the example's Kalmar visit
    // shows its own two pictures, a gallery of three and a video's poster; lists show each
    // post's featured photo small.
    let pages = [
        ("photos-post", PHOTO_POST, 4),
        ("photos-example", "posts/kommunbesok-2-i-kalmar/", 6),
        ("photos-home", "", 1),
        ("photos-municipality", "kommuner/eda/", 1),
        ("photos-kalmar", "kommuner/kalmar/", 1),
    ];
    for (width, height) in [(375u32, 812u32), (1280, 900)] {
        for (name, path, count) in pages {
            let tab = chrome.new_tab().unwrap();
            tab.set_default_timeout(std::time::Duration::from_secs(30));
            set_viewport(&tab, width, height);
            tab.navigate_to(&server.url(path))
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            let at = format!("{name} at {width}px");
            let report = browser::eval(&tab, LOAD_EVERY_IMAGE);
            let images: Vec<serde_json::Value> = serde_json::from_str(report.as_str().unwrap()).unwrap();
            assert_eq!(images.len(), count, "{at}: {images:#?}");
            let inner = f64::from(width);
            for img in &images {
                assert!(
                    img["natural"].as_u64().unwrap() > 0,
                    "{at}: an image did not load: {img}"
                );
                let (left, right, w) = (
                    img["left"].as_f64().unwrap(),
                    img["right"].as_f64().unwrap(),
                    img["width"].as_f64().unwrap(),
                );
                assert!(w > 0.0 && w <= inner, "{at}: an image is drawn {w}px wide: {img}");
                assert!(left >= 0.0 && right <= inner, "{at}: an image sticks out: {img}");
                let tall = img["height"].as_f64().unwrap();
                assert!(
                    tall <= f64::from(height),
                    "{at}: an image is taller than the screen: {img}"
                );
                if img["cls"] == "featured" {
                    assert_eq!(img["priority"], "high", "{at}: {img}");
                    assert!(img["loading"].is_null(), "{at}: the featured photo is lazy: {img}");
                } else {
                    assert_eq!(img["loading"], "lazy", "{at}: {img}");
                }
            }
            if path == PHOTO_POST {
                let classes: Vec<&str> = images.iter().map(|i| i["cls"].as_str().unwrap()).collect();
                assert_eq!(classes[0], "featured", "{at}: {images:#?}");
                // A figure fills the column (its photo is wider than the column).
                let column = browser::eval(&tab, "document.querySelector('.content').getBoundingClientRect().width");
                let figure = browser::eval(
                    &tab,
                    "document.querySelector('.content figure img').getBoundingClientRect().width",
                );
                assert!(
                    (column.as_f64().unwrap() - figure.as_f64().unwrap()).abs() < 1.0,
                    "{at}: {column} {figure}"
                );
            }
            for dark in [false, true] {
                set_dark(&tab, dark);
                let fits = browser::eval(&tab, "document.documentElement.scrollWidth <= window.innerWidth");
                assert_eq!(fits, true, "{at} scrolls sideways");
                let mode = if dark { "dark" } else { "light" };
                let first = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                std::fs::write(shots.join(format!("{name}-{width}-{mode}.png")), first).unwrap();
                // The whole page: a screen as tall as the page, then back.
                let tall = browser::eval(&tab, "document.documentElement.scrollHeight")
                    .as_u64()
                    .unwrap() as u32;
                set_viewport(&tab, width, tall.min(8000));
                let whole = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .unwrap();
                assert!(
                    whole.starts_with(b"\x89PNG") && whole.len() > 5_000,
                    "{at}: empty screenshot"
                );
                std::fs::write(shots.join(format!("{name}-{width}-{mode}-full.png")), whole).unwrap();
                set_viewport(&tab, width, height);
            }
            tab.close(true).unwrap();
        }
    }
}

/// The built-in shortcodes of the example's Kalmar visit (a gallery, a video's poster, a
/// document's card) and the showcase's video without a poster photo, at a phone's and a
/// laptop's width, light and dark: each fits the column,
/// a gallery's three photos are two rows on a phone and one on a laptop, and a screenshot of each is
/// kept for a person to look at (`shortcode-<name>-<width>-<mode>.png`).
#[test]
fn shortcodes_fit_a_phone_and_a_laptop_and_screenshots_are_kept() {
    const KALMAR: &str = "posts/kommunbesok-2-i-kalmar/";
    let site = showcase();
    let server = browser::StaticServer::start(&site.output());
    let shots = repo().join("tests/output/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let (chrome, _profile) = browser::launch();
    for (width, height, rows) in [(375u32, 812u32, 2u64), (1280, 900, 1)] {
        let tab = chrome.new_tab().unwrap();
        tab.set_default_timeout(std::time::Duration::from_secs(30));
        set_viewport(&tab, width, height);
        tab.navigate_to(&server.url(KALMAR))
            .unwrap()
            .wait_until_navigated()
            .unwrap();
        browser::eval(&tab, LOAD_EVERY_IMAGE);
        let tops = browser::eval(
            &tab,
            "new Set([...document.querySelectorAll('.gallery figure')].map(f => f.offsetTop)).size",
        );
        assert_eq!(tops, rows, "rows of the gallery at {width}px");
        for dark in [false, true] {
            set_dark(&tab, dark);
            let mode = if dark { "dark" } else { "light" };
            for (name, page, selector) in [
                ("gallery", KALMAR, ".gallery"),
                ("video", KALMAR, ".video"),
                ("file", KALMAR, ".file-card"),
                ("video-plain", PHOTO_POST, ".video"),
            ] {
                if !tab.get_url().ends_with(page) {
                    tab.navigate_to(&server.url(page))
                        .unwrap()
                        .wait_until_navigated()
                        .unwrap();
                    browser::eval(&tab, LOAD_EVERY_IMAGE);
                    set_dark(&tab, dark);
                }
                let js = format!(
                    "(() => {{ const e = document.querySelector('{selector}'); e.scrollIntoView({{block: 'center'}});
                       const b = e.getBoundingClientRect(), c = document.querySelector('.content').getBoundingClientRect();
                       return JSON.stringify({{x: b.left + scrollX, y: b.top + scrollY, w: b.width, h: b.height, left: b.left - c.left, right: c.right - b.right}}); }})()"
                );
                let b: serde_json::Value = serde_json::from_str(browser::eval(&tab, &js).as_str().unwrap()).unwrap();
                let at = format!("{name} at {width}px ({mode})");
                let f = |k: &str| b[k].as_f64().unwrap();
                assert!(f("w") > 100.0 && f("h") > 40.0, "{at}: {b}");
                assert!(
                    f("left") > -1.0 && f("right") > -1.0,
                    "{at} sticks out of the column: {b}"
                );
                let margin = 12.0;
                let clip = headless_chrome::protocol::cdp::Page::Viewport {
                    x: (f("x") - margin).max(0.0),
                    y: (f("y") - margin).max(0.0),
                    width: (f("w") + 2.0 * margin).min(f64::from(width)),
                    height: f("h") + 2.0 * margin,
                    scale: 1.0,
                };
                let png = tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, Some(clip), true)
                    .unwrap();
                assert!(
                    png.starts_with(b"\x89PNG") && png.len() > 2_000,
                    "{at}: empty screenshot"
                );
                std::fs::write(shots.join(format!("shortcode-{name}-{width}-{mode}.png")), png).unwrap();
            }
            let fits = browser::eval(&tab, "document.documentElement.scrollWidth <= window.innerWidth");
            assert_eq!(fits, true, "the post scrolls sideways at {width}px");
        }
        tab.close(true).unwrap();
    }
}

#[test]
fn print_stylesheet_hides_navigation_and_shows_link_targets() {
    let site = showcase();
    let server = browser::StaticServer::start(&site.output());
    let (chrome, _profile) = browser::launch();
    let tab = browser::open(&chrome, &server.url("posts/aterbesok-i-eda/"));
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some("print".into()),
        features: None,
    })
    .unwrap();
    assert_eq!(
        browser::eval(
            &tab,
            "getComputedStyle(document.querySelector('.site-header nav')).display"
        ),
        "none"
    );
    let after = browser::eval(
        &tab,
        "getComputedStyle(document.querySelector('.content a[href^=\"http\"]'), '::after').content",
    );
    assert!(after.as_str().unwrap().contains("https://example.org/"), "{after}");
}
