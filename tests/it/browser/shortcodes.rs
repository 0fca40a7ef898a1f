//! The `video` shortcode in Chromium: nothing of the video's site is fetched until the reader
//! clicks its poster, and the click puts the privacy-enhanced player in its place.

use crate::common::browser;
use std::time::Duration;

#[test]
fn a_video_poster_loads_the_player_only_when_clicked() {
    let site = crate::shortcodes::kalmar_site().build();
    let server = browser::StaticServer::start(&site.output());
    // Every host but the test's own is unknown to this browser: a request to one fails at once
    // and sends nothing out, but is still seen by the page.
    let (chrome, _profile) =
        browser::launch_with(1280, 900, &["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]);
    let tab = browser::open(&chrome, &server.url("posts/besok-i-kalmar/"));
    let role = "document.querySelector('a.video-poster').getAttribute('role')";
    assert!(
        browser::wait_until(Duration::from_secs(10), || browser::eval(&tab, role) == "button"),
        "video.js did not run"
    );
    // Every photo of the page loaded (lazy ones too), then what was fetched.
    browser::eval(&tab, "window.scrollTo(0, document.body.scrollHeight)");
    let loaded = "Array.from(document.images).every(i => i.complete)";
    assert!(browser::wait_until(Duration::from_secs(10), || browser::eval(
        &tab, loaded
    ) == true));
    let hosts = browser::eval(
        &tab,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => new URL(e.name).host))",
    );
    let hosts: Vec<String> = serde_json::from_str(hosts.as_str().unwrap()).unwrap();
    let own = server.base.trim_start_matches("http://");
    assert!(hosts.len() >= 4, "{hosts:?}");
    assert!(hosts.iter().all(|h| h == own), "fetched before any click: {hosts:?}");
    assert_eq!(browser::eval(&tab, "document.querySelectorAll('iframe').length"), 0);

    tab.find_element("a.video-poster[href*='youtube']")
        .unwrap()
        .click()
        .unwrap();
    let src = "(document.querySelector('.video iframe') || {}).src || ''";
    assert!(
        browser::wait_until(Duration::from_secs(10), || browser::eval(&tab, src)
            .as_str()
            .is_some_and(
                |s| s.starts_with("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
            )),
        "no player after the click: {}",
        browser::eval(&tab, src)
    );
    assert_eq!(
        browser::eval(&tab, "document.querySelector('.video iframe').title"),
        "Samtal på stadshuset"
    );
    // The other video is still its poster, and the page did not leave for YouTube.
    assert_eq!(
        browser::eval(&tab, "document.querySelectorAll('a.video-poster').length"),
        1
    );
    assert!(tab.get_url().starts_with(&server.base));
    // The player's request is seen the same way (so the check before the click could see one).
    let player_seen =
        "performance.getEntriesByType('resource').some(e => e.name.startsWith('https://www.youtube-nocookie.com/'))";
    assert!(browser::wait_until(Duration::from_secs(10), || browser::eval(
        &tab,
        player_seen
    ) == true));
}
