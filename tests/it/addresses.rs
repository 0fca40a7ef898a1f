//! A post's address never moves by accident: it comes from its file's name (a bundle's folder)
//! unless `slug` says otherwise, sites whose addresses came from titles keep them until they
//! choose, and a build that no longer publishes an address the previous build published says
//! which file's `aliases` would keep it.

use crate::common::{besok, ok, post, read, stderr, stdout, SiteTest};
use std::fs;

const FILE: &str =
    "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"file\"\n";
const TITLE: &str =
    "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"title\"\n";

#[test]
fn the_address_comes_from_the_file_name_and_a_new_title_keeps_it() {
    let site = SiteTest::new()
        .config(FILE)
        .file("content/posts/eksjo.md", post("Besök i Eksjö", "2016-12-08"))
        .file(
            "content/posts/kalmar-2016/index.md",
            post("Kommunbesök 2 i Kalmar", "2016-11-10"),
        )
        .file("content/posts/2017/Besök i Ödeshög.md", post("Ödeshög", "2017-01-10"))
        .file(
            "content/posts/vetlanda.md",
            post("Vetlanda", "2016-10-01").line("slug = \"besok-i-vetlanda\""),
        )
        .build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
    for page in [
        "posts/eksjo/index.html",
        "posts/kalmar-2016/index.html",
        "posts/besok-i-odeshog/index.html",
        "posts/besok-i-vetlanda/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
    assert!(!site.exists("posts/besok-i-eksjo/index.html"));

    site.write("content/posts/eksjo.md", post("Andra besöket i Eksjö", "2016-12-08"));
    let site = site.build();
    site.check("posts/eksjo/index.html", &["Andra besöket i Eksjö"]);
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
}

#[test]
fn a_site_that_says_title_keeps_addresses_from_titles_without_warnings() {
    let site = SiteTest::new()
        .config(TITLE)
        .file("content/posts/eksjo.md", post("Besök i Eksjö", "2016-12-08"))
        .build();
    assert!(site.exists("posts/besok-i-eksjo/index.html"));
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
}

/// `besok check` compares with the last build in `public/` too, without writing.
#[test]
fn check_says_which_address_would_be_lost() {
    let site = SiteTest::new()
        .config(FILE)
        .file(
            "content/posts/eksjo.md",
            post("Besök i Eksjö", "2016-12-08").tags(&["samverkan"]),
        )
        .build();
    fs::rename(
        site.root().join("content/posts/eksjo.md"),
        site.root().join("content/posts/eksjo-2016.md"),
    )
    .unwrap();
    let out = besok(&["check"], site.root());
    assert!(
        stderr(&out).contains("content/posts/eksjo-2016.md:2:9: warning: the previous build published this post (then content/posts/eksjo.md) at /posts/eksjo/, which this build does not; add `aliases = [\"/posts/eksjo/\"]` to keep that address working"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("1 warning"), "{}", stdout(&out));
}

#[test]
fn init_writes_slugs_from_file_and_new_names_the_file_by_the_slug() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(
        &["init", "sajt", "--base-url", "https://example.org/"],
        tmp.path(),
    ));
    let site = tmp.path().join("sajt");
    let config = read(site.join("config.toml"));
    assert!(config.contains("\nslugs_from = \"file\"\n"), "{config}");
    let o = besok(&["new", "Besök i Eksjö", "--municipality", "Eksjö"], &site);
    assert_eq!(ok(&o), "content/posts/besok-i-eksjo.md\n");
    // The title may change; the address stays.
    let path = site.join("content/posts/besok-i-eksjo.md");
    let text = read(&path).replace("Besök i Eksjö", "Ett nytt namn");
    fs::write(&path, text).unwrap();
    let built = besok(&["build"], &site);
    ok(&built);
    assert!(site.join("public/posts/besok-i-eksjo/index.html").is_file());
    assert!(!stderr(&built).contains("warning"), "{}", stderr(&built));
}
