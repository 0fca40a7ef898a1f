//! `besok serve` keeps running, and keeps watching, when the site's folders are pulled from
//! under it: content/ deleted and restored, config.toml broken and fixed, the theme folder
//! renamed, and the port's other user going away.

use crate::common::server::{request, Served};
use crate::common::{copy_dir, SiteTest};
use std::fs;

const KALMAR: &str = "/posts/kommunbesok-2-i-kalmar/";
const KALMAR_MD: &str = "content/posts/kommunbesok-2-i-kalmar/index.md";

/// Checks that the server still picks up edits: a fresh text in the Kalmar post shows.
fn still_watching(site: &SiteTest, s: &Served, marker: &str) {
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    site.write(KALMAR_MD, format!("{text}\n\n{marker}\n"));
    s.wait_for_text(KALMAR, marker);
}

#[test]
fn content_deleted_and_restored() {
    let site = SiteTest::example();
    let mut s = Served::start(site.root(), &[]);
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&site.root().join("content"), backup.path());

    fs::remove_dir_all(site.root().join("content")).unwrap();
    // The posts are gone from the served site; the server answers and runs on.
    s.wait_until(KALMAR, "the post gone", |r| r.status == 404);
    assert!(s.running(), "the server ended:\n{}", s.stderr());
    assert!(!s.stderr().contains("panicked"), "{}", s.stderr());
    assert_eq!(request(s.port, "GET", &s.stylesheet("/")).status, 200);

    copy_dir(backup.path(), &site.root().join("content"));
    s.wait_for_text(KALMAR, "<h1>Kommunbesök 2 i Kalmar</h1>");
    // The restored folders are watched again.
    still_watching(&site, &s, "Återställd och bevakad.");
    assert!(s.running());
}

#[test]
fn config_broken_and_fixed() {
    let site = SiteTest::example();
    let mut s = Served::start(site.root(), &[]);
    let config = fs::read_to_string(site.root().join("config.toml")).unwrap();

    site.write("config.toml", format!("{config}\ntitle = \n"));
    let err = s.wait_for_stderr("config.toml:");
    assert!(err.contains("error: string values must be quoted"), "{err}");
    // The last good site is still served.
    let page = s.get(KALMAR);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h1>Kommunbesök 2 i Kalmar</h1>"));

    fs::remove_file(site.root().join("config.toml")).unwrap();
    s.wait_for_stderr("config.toml:1:1: error: cannot read the site configuration");
    assert!(s.running(), "the server ended without config.toml:\n{}", s.stderr());

    let fixed = config.replacen("title = \"Kommunbesök\"", "title = \"Lagad titel\"", 1);
    assert_ne!(fixed, config);
    site.write("config.toml", &fixed);
    s.wait_for_text("/", "Lagad titel");
    still_watching(&site, &s, "Konfigurationen lagad.");
}

#[test]
fn theme_folder_renamed_falls_back_to_the_built_in_theme() {
    let site = SiteTest::example();
    let base = site.root().join("themes/default/templates/base.html");
    let html = fs::read_to_string(&base).unwrap();
    assert!(html.contains("</body>"));
    fs::write(
        &base,
        html.replacen("</body>", "<p>Sajtens egen kopia av temat</p></body>", 1),
    )
    .unwrap();
    let mut s = Served::start(site.root(), &[]);
    s.wait_for_text(KALMAR, "Sajtens egen kopia av temat");

    fs::rename(site.root().join("themes/default"), site.root().join("themes/gammal")).unwrap();
    // The built-in default theme takes over: the page is whole, without the local change.
    let page = s.wait_until(KALMAR, "the built-in theme", |r| {
        r.status == 200 && !r.body.contains("Sajtens egen kopia") && r.body.contains("<h1>Kommunbesök 2 i Kalmar</h1>")
    });
    assert!(page.body.trim_end().ends_with("</html>"));
    assert_eq!(
        s.get(&s.stylesheet("/")).status,
        200,
        "the built-in theme's static files"
    );
    assert!(s.running());

    fs::rename(site.root().join("themes/gammal"), site.root().join("themes/default")).unwrap();
    s.wait_for_text(KALMAR, "Sajtens egen kopia av temat");
    still_watching(&site, &s, "Temat tillbaka och bevakat.");
}

#[test]
fn the_ports_other_user_exiting() {
    let site = SiteTest::example();
    // Another program holds a port; besok moves to the next one and keeps serving after the
    // other program has exited.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = other.local_addr().unwrap().port();
    let mut s = Served::start(site.root(), &["--port", &port.to_string()]);
    assert_ne!(s.port, port);
    drop(other);
    for _ in 0..20 {
        assert_eq!(request(s.port, "GET", KALMAR).status, 200);
    }
    still_watching(&site, &s, "Efter den andra.");
    assert!(s.running());

    // A besok serve that exits after answering requests (its closed connections wait in
    // TIME_WAIT) does not keep the next one off its port.
    let first_port = s.port;
    drop(s);
    let again = Served::start(site.root(), &["--port", &first_port.to_string()]);
    assert_eq!(again.port, first_port, "the port was free again");
    assert_eq!(request(again.port, "GET", KALMAR).status, 200);
}
