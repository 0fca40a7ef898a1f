//! Scheduled posts (dated after the build's time) and drafts: what each kind of run publishes.

use crate::common::{besok, post, search_docs, snapshot, stdout, SiteTest};
use besok::serve::incremental::Incremental;

/// A site with a published post, a post dated far in the future and a draft, each with a word
/// found nowhere else, in the same tag and municipality.
fn site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/posts/nu.md",
            post("Publicerad nu", "2020-05-01")
                .municipality("Kalmar")
                .tags(&["skola"])
                .body("Ordet publicerat."),
        )
        .file(
            "content/posts/sen.md",
            post("Framtidsbesoket", "2099-01-05T09:30:00+01:00")
                .municipality("Kalmar")
                .tags(&["skola"])
                .body("Ordet framtidsord."),
        )
        .file(
            "content/posts/utkast.md",
            post("Utkastbesoket", "2020-04-01")
                .municipality("Kalmar")
                .tags(&["skola"])
                .line("draft = true")
                .body("Ordet utkastord."),
        )
}

/// Every output file that mentions `needle`.
fn files_with(site: &SiteTest, needle: &str) -> Vec<String> {
    snapshot(&site.output())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(file, _)| file)
        .collect()
}

fn search_titles(site: &SiteTest) -> Vec<String> {
    let (_, docs) = search_docs(&site.output());
    docs.iter()
        .filter_map(|d| d["title"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_post_dated_in_the_future_is_in_no_output_and_the_build_says_when_it_is_due() {
    let site = site().build();
    for needle in ["Framtidsbesoket", "framtidsord", "framtidsbesoket"] {
        assert_eq!(files_with(&site, needle), Vec::<String>::new(), "{needle}");
    }
    assert!(!site.exists("posts/framtidsbesoket/index.html"));
    let report = site.report.as_ref().unwrap();
    assert_eq!(report.held_back.count, 1);
    assert_eq!(
        report.held_back_note().unwrap(),
        "Held back 1 post dated in the future; the next is due 2099-01-05 09:30 +01:00 (build with --future to publish it now)"
    );
}

#[test]
fn with_future_it_is_published_everywhere() {
    let site = site().future().build();
    site.check("posts/framtidsbesoket/index.html", &["Framtidsbesoket"]);
    site.check("index.html", &["Framtidsbesoket"]);
    site.check("atom.xml", &["Framtidsbesoket"]);
    site.check("taggar/skola/atom.xml", &["Framtidsbesoket"]);
    site.check("kommuner/kalmar/atom.xml", &["Framtidsbesoket"]);
    site.check("sitemap.xml", &["posts/framtidsbesoket/"]);
    assert!(search_titles(&site).contains(&"Framtidsbesoket".to_string()));
    assert_eq!(site.report.as_ref().unwrap().held_back_note(), None);
}

#[test]
fn drafts_built_with_drafts_stay_out_of_feeds_sitemap_and_search() {
    let site = site().drafts().build();
    // Shown, marked, on its page and in lists.
    site.check("posts/utkastbesoket/index.html", &["Utkastbesoket", "Utkast"]);
    site.check("index.html", &["Utkastbesoket"]);
    // Never where readers and other sites take it as published.
    let mut leaks = files_with(&site, "Utkastbesoket");
    leaks.extend(files_with(&site, "utkastord"));
    leaks.retain(|f| f.ends_with(".xml") || f.ends_with(".json"));
    assert_eq!(leaks, Vec::<String>::new());
    assert!(!site.read("sitemap.xml").contains("posts/utkastbesoket/"));
    let titles = search_titles(&site);
    assert!(titles.contains(&"Publicerad nu".to_string()), "{titles:?}");
    assert!(!titles.contains(&"Utkastbesoket".to_string()), "{titles:?}");
}

#[test]
fn a_link_to_a_scheduled_post_is_an_error_that_says_why() {
    let site = site().file(
        "content/posts/lankar.md",
        post("Länkar", "2020-06-01").body("Se [nästa besök](@/posts/sen.md)."),
    );
    let errors = site.errors();
    assert_eq!(
        errors,
        ["content/posts/lankar.md:5:4: error: link to \"@/posts/sen.md\": content/posts/sen.md is dated in the future, held back until then (build with --future, or remove the link)"]
    );
    site.future().build();
}

#[test]
fn the_dev_server_previews_a_scheduled_post_marked_and_keeps_it_out_of_feeds() {
    let site = site();
    let mut engine = Incremental::new(site.root(), false, "http://127.0.0.1:1111/");
    engine.initial().unwrap();
    let page = |file: &str| String::from_utf8(engine.files().get(file).expect(file).to_vec()).unwrap();
    assert!(page("posts/framtidsbesoket/index.html").contains("Schemalagd"));
    assert!(page("index.html").contains("Framtidsbesoket"));
    assert!(!page("atom.xml").contains("Framtidsbesoket"));
    assert!(!page("sitemap.xml").contains("framtidsbesoket"));
}

#[test]
fn the_command_line_says_what_was_held_back() {
    let site = site();
    let out = besok(&["build"], site.root());
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("Held back 1 post dated in the future; the next is due 2099-01-05 09:30 +01:00"),
        "{}",
        stdout(&out)
    );
    let out = besok(&["build", "--future"], site.root());
    assert!(!stdout(&out).contains("Held back"), "{}", stdout(&out));
    assert!(site.root().join("public/posts/framtidsbesoket/index.html").is_file());
}
