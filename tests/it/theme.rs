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
use std::path::PathBuf;
use std::process::Command;

/// The example site plus enough to produce every page type: pagination, a long post with a
/// table of contents, an image, a table and a quote.
fn showcase() -> SiteTest {
    let site = SiteTest::example();
    let config = std::fs::read_to_string(site.root().join("config.toml"))
        .unwrap()
        .replace("paginate_by = 10", "paginate_by = 2");
    let long_body = "Inledning om besöket.\n\n## Bakgrund\n\nText med en [länk](https://example.org/) och *betoning*.\n\n\
        ## Vad vi såg\n\n![Kommunhuset i Eda en vinterdag](https://example.org/eda.jpg)\n\n> Ett citat från en socialsekreterare.\n\n\
        | Fas | År |\n|---|---|\n| Ny | 0–2 |\n| Erfaren | 2–5 |\n\n## Nästa steg\n\n1. Följa upp\n2. Återkoppla\n";
    site.config(&config)
        .post("eda-1", "title = \"Första besöket i Eda\"\ndate = 2015-03-02\nmunicipality = \"Eda\"\ntags = [\"samverkan\"]", long_body)
        .post("eda-2", "title = \"Återbesök i Eda\"\ndate = 2017-09-14\nmunicipality = \"Eda\"\ntags = [\"samverkan\", \"barn och unga\"]", long_body)
        .build()
}

/// One page of each type, by site path.
const PAGES: &[(&str, &str)] = &[
    ("home", ""),
    ("home-page-2", "page/2/"),
    ("post", "posts/aterbesok-i-eda/"),
    ("post-example", "posts/kommunbesok-2-i-kalmar/"),
    ("tags", "taggar/"),
    ("tag", "taggar/samverkan/"),
    ("municipalities", "kommuner/"),
    ("municipality", "kommuner/eda/"),
    ("archive", "arkiv/"),
    ("archive-year", "arkiv/2016/"),
    ("search", "sok/"),
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
            // Headless windows have a minimum width, so the phone size is emulated.
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
