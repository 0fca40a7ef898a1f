//! Live reload in a real browser: headless Chromium opens a post served by `besok serve`,
//! the test edits files, and the open page changes with no action of the test's.

use crate::common::browser::{launch, open};
use crate::common::server::{Served, PATIENCE};
use crate::common::SiteTest;
use headless_chrome::Tab;
use std::fs;
use std::time::{Duration, Instant};

/// Evaluates JavaScript in the page; `Null` while the page is between two loads (a reload by
/// the live-reload script), so callers poll.
fn eval(tab: &Tab, expression: &str) -> serde_json::Value {
    match tab.evaluate(expression, false) {
        Ok(r) => r.value.unwrap_or(serde_json::Value::Null),
        Err(_) => serde_json::Value::Null,
    }
}

/// Polls a JavaScript condition until it is true; fails with `what` after `patience`.
fn wait_for(tab: &Tab, expression: &str, what: &str, patience: Duration) {
    let start = Instant::now();
    while eval(tab, expression) != serde_json::Value::Bool(true) {
        assert!(
            start.elapsed() < patience,
            "the page never showed {what} ({expression}); page text: {}",
            eval(tab, "document.body && document.body.innerText")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

const KALMAR: &str = "/posts/kommunbesok-2-i-kalmar/";
const KALMAR_MD: &str = "content/posts/kommunbesok-2-i-kalmar/index.md";

#[test]
fn edits_show_in_the_open_page_and_errors_in_an_overlay() {
    let site = SiteTest::example();
    let served = Served::start(site.root(), &[]);
    let (browser, _profile) = launch();
    let tab = open(&browser, &served.url(KALMAR));
    wait_for(
        &tab,
        "document.querySelector('h1').innerText === 'Kommunbesök 2 i Kalmar'",
        "the post",
        PATIENCE,
    );
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();

    // An edit of the markdown shows without the test reloading anything.
    site.write(KALMAR_MD, text.replace("## Samverkan", "## Levande omladdning"));
    wait_for(
        &tab,
        "document.body.innerText.includes('Levande omladdning')",
        "the edit",
        PATIENCE,
    );

    // A broken edit: the overlay shows the terminal's message over the last good page.
    site.write(KALMAR_MD, text.replace("date = ", "datum = "));
    wait_for(
        &tab,
        "!!document.getElementById('besok-error-overlay')",
        "the error overlay",
        PATIENCE,
    );
    let overlay = eval(&tab, "document.getElementById('besok-error-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    assert!(
        overlay.contains("content/posts/kommunbesok-2-i-kalmar/index.md:3:1: error: unknown key `datum`"),
        "{overlay}"
    );
    let terminal = served.wait_for_stderr("unknown key `datum`");
    let first_line = overlay.lines().find(|l| l.contains("error:")).unwrap();
    assert!(
        terminal.contains(first_line),
        "terminal:\n{terminal}\noverlay:\n{overlay}"
    );
    assert!(eval(&tab, "document.body.innerText.includes('Levande omladdning')") == true);

    // The fix clears the overlay and shows the new text.
    site.write(KALMAR_MD, text.replace("## Samverkan", "## Lagad igen"));
    wait_for(
        &tab,
        "!document.getElementById('besok-error-overlay') && document.body.innerText.includes('Lagad igen')",
        "the fix",
        PATIENCE,
    );
}

#[test]
fn a_stylesheet_change_is_swapped_in_without_a_reload() {
    let site = SiteTest::example();
    let served = Served::start(site.root(), &[]);
    let (browser, _profile) = launch();
    let tab = open(&browser, &served.url(KALMAR));
    wait_for(&tab, "document.readyState === 'complete'", "the page loaded", PATIENCE);
    // Something only this page load has: gone if the page reloads.
    eval(&tab, "window.besokTestMark = 42");

    let css = site.root().join("themes/default/static/style.css");
    fs::write(
        &css,
        format!(
            "{}\nh1 {{ color: rgb(1, 2, 3) !important }}\n",
            fs::read_to_string(&css).unwrap()
        ),
    )
    .unwrap();
    wait_for(
        &tab,
        "getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'",
        "the new style",
        PATIENCE,
    );
    assert_eq!(
        eval(&tab, "window.besokTestMark"),
        42,
        "the page was reloaded for a CSS change"
    );
}

#[test]
fn the_page_reconnects_after_the_server_restarts() {
    let site = SiteTest::example();
    let served = Served::start(site.root(), &[]);
    let port = served.port.to_string();
    let (browser, _profile) = launch();
    let tab = open(&browser, &served.url(KALMAR));
    wait_for(&tab, "document.readyState === 'complete'", "the page loaded", PATIENCE);
    eval(&tab, "window.besokTestMark = 42");

    drop(served);
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    // Changed while no server ran: the new server's build has it.
    site.write(KALMAR_MD, text.replace("## Samverkan", "## Medan servern sov"));
    let _served = Served::start(site.root(), &["--port", &port]);
    wait_for(
        &tab,
        "window.besokTestMark === undefined && document.body.innerText.includes('Medan servern sov')",
        "a reload after the restart",
        PATIENCE,
    );
    // And it listens to the new server.
    site.write(KALMAR_MD, text.replace("## Samverkan", "## Efter omstarten"));
    wait_for(
        &tab,
        "document.body.innerText.includes('Efter omstarten')",
        "the next edit",
        PATIENCE,
    );
}

/// An open search page follows the index: a new post's words are found once the server has
/// made the index again (after the pages), without the reader reloading.
#[test]
fn an_open_search_page_reloads_when_the_index_changes() {
    let site = SiteTest::example();
    let served = Served::start(site.root(), &[]);
    let (browser, _profile) = launch();
    let tab = open(&browser, &served.url("/sok/?q=sökmarkörny"));
    wait_for(
        &tab,
        "document.querySelector('form[data-ready=\"true\"]') !== null",
        "the index loaded",
        PATIENCE,
    );
    assert_eq!(
        eval(&tab, "document.querySelectorAll('#search-results li h2 a').length"),
        0
    );
    eval(&tab, "window.besokTestMark = 42");

    fs::write(
        site.root().join("content/posts/ny.md"),
        "+++\ntitle = \"Ett nytt besök\"\ndate = 2017-03-01\nmunicipality = \"Kalmar\"\n+++\n\nOrdet sökmarkörny står här.\n",
    )
    .unwrap();
    wait_for(
        &tab,
        "window.besokTestMark === undefined && [...document.querySelectorAll('#search-results li h2 a')].some(a => a.innerText.includes('Ett nytt besök'))",
        "the new post among the results",
        PATIENCE,
    );
}
