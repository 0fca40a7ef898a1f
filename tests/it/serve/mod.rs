//! `besok serve` as a writer uses it: the real binary on a free port, serving a site in a
//! temp folder, answering HTTP, and rebuilding as files change.

mod incremental;
mod load;
mod random_edits;
mod survives;

use crate::common::server::{hello, request, stylesheet_of, Served};
use crate::common::{besok, post, SiteTest};
use std::fs;
use std::sync::{Arc, Mutex};

const KALMAR: &str = "/posts/kommunbesok-2-i-kalmar/";
const KALMAR_MD: &str = "content/posts/kommunbesok-2-i-kalmar/index.md";
const VETLANDA: &str = "/posts/besok-i-vetlanda-8-december/";

#[test]
fn serves_pages_with_types_redirects_404_and_head() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);

    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    assert!(home.body.contains("Kommunbesök 2 i Kalmar"), "{}", home.body);
    // Links stay on the server, whatever config.toml's base_url says.
    assert!(
        home.body.contains("href=\"/posts/kommunbesok-2-i-kalmar/\""),
        "{}",
        home.body
    );
    // The live-reload script comes right before </body>.
    assert!(
        home.body
            .contains("<script src=\"/__besok/livereload.js\" data-version="),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("data-file=\"index.html\"></script></body>"),
        "{}",
        home.body
    );

    let post = s.get(KALMAR);
    assert_eq!(post.status, 200);
    assert!(post.body.contains("<h1>Kommunbesök 2 i Kalmar</h1>"));
    assert_eq!(s.get(&format!("{KALMAR}index.html")).body, post.body);

    let css = s.get(&s.stylesheet("/"));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert!(!css.body.contains("livereload"), "only HTML gets the script");
    assert_eq!(
        css.body.as_bytes(),
        fs::read(site.root().join("themes/default/static/style.css")).unwrap()
    );

    let js = s.get("/__besok/livereload.js");
    assert_eq!(js.status, 200);
    assert_eq!(js.header("Content-Type"), Some("text/javascript; charset=utf-8"));
    assert!(js.body.contains("EventSource(\"/__besok/events\")"));

    let redirect = s.get("/posts/kommunbesok-2-i-kalmar?x=1");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("Location"), Some("/posts/kommunbesok-2-i-kalmar/?x=1"));
    assert_eq!(s.get("/kommuner").header("Location"), Some("/kommuner/"));

    let missing = s.get("/finns/inte/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(
        missing.body.contains("Sidan finns inte"),
        "the site's own 404.html: {}",
        missing.body
    );
    assert!(missing.body.contains("data-file=\"404.html\""), "{}", missing.body);

    let head = s.raw("HEAD", KALMAR);
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "", "HEAD has no body");
    assert_eq!(
        head.header("Content-Length"),
        Some(post.body.len().to_string().as_str())
    );
    assert_eq!(head.header("Content-Type"), Some("text/html; charset=utf-8"));

    assert_eq!(s.raw("POST", "/").status, 405);
    assert!(!site.root().join("public").exists(), "serve never writes public/");
}

#[test]
fn never_serves_anything_outside_the_built_site() {
    let site = SiteTest::example();
    // A secret beside the site, and the site's own sources: none of it is part of the site.
    let outside = site.root().parent().unwrap().join("besok-secret.txt");
    fs::write(&outside, "TOPSECRET").unwrap();
    let s = Served::start(site.root(), &[]);
    let name = site.root().file_name().unwrap().to_str().unwrap();
    for target in [
        "/../besok-secret.txt".to_string(),
        format!("/../{name}/config.toml"),
        "/posts/../../besok-secret.txt".into(),
        "/%2e%2e/besok-secret.txt".into(),
        "/%2E%2E/%2e%2E/besok-secret.txt".into(),
        "/posts/%2e%2e/%2e%2e/besok-secret.txt".into(),
        "/.%2e/besok-secret.txt".into(),
        "/..%2fbesok-secret.txt".into(),
        "/%2e%2e%2fbesok-secret.txt".into(),
        "/posts%2f..%2f..%2fbesok-secret.txt".into(),
        "/%2fetc%2fpasswd".into(),
        "/..\\besok-secret.txt".into(),
        "/%5c..%5cbesok-secret.txt".into(),
        "/posts/..%5c..%5cbesok-secret.txt".into(),
        "//etc/passwd".into(),
        format!("/{}", outside.display())
            .replace("//", "/")
            .replacen('/', "//", 1),
        "/C:/Windows/win.ini".into(),
        "/style.css%00.html".into(),
        "/%00".into(),
        "/index.html%00".into(),
        "/%c0%ae%c0%ae/besok-secret.txt".into(),
        "/./config.toml".into(),
        "etc/passwd".into(),
        "http://127.0.0.1/../besok-secret.txt".into(),
    ] {
        let r = s.get(&target);
        assert_eq!(r.status, 400, "{target} got {} {}", r.status, r.body);
        assert!(
            !r.body.contains("TOPSECRET") && !r.body.contains("title ="),
            "{target} leaked: {}",
            r.body
        );
    }
    // Files of the site's folder that are not part of the built site are simply not there.
    for target in [
        "/config.toml",
        "/content/posts/kommunbesok-2-i-kalmar/index.md",
        "/themes/default/templates/base.html",
        "/static/style.css",
    ] {
        let r = s.get(target);
        assert_eq!(r.status, 404, "{target}: {}", r.body);
        assert!(!r.body.contains("title ="), "{target} leaked the source");
    }
    fs::remove_file(outside).unwrap();
}

/// A log for a server run in the test's process: it keeps the pages each rebuild rendered.
#[derive(Clone, Default)]
struct RenderedLog {
    /// The files each rebuild rendered, in order (the search index's own step left out).
    rebuilds: Arc<Mutex<Vec<Vec<String>>>>,
    /// The pages a rebuild served first, while it renders the rest.
    served_first: Arc<Mutex<Vec<String>>>,
    errors: Arc<Mutex<Vec<String>>>,
}

impl besok::serve::Log for RenderedLog {
    fn info(&self, _: &str) {}
    fn error(&self, text: &str) {
        self.errors.lock().unwrap().push(text.to_string());
    }
    fn rebuilt(&self, outcome: &besok::serve::incremental::Outcome) {
        if outcome.search_step {
            return;
        }
        let mut first = self.served_first.lock().unwrap();
        first.extend(outcome.rendered.iter().cloned());
        if !outcome.more_to_come {
            self.rebuilds.lock().unwrap().push(std::mem::take(&mut *first));
        }
    }
}

impl RenderedLog {
    /// `besok serve` of the site in the test's process, on a free port, with this log.
    fn serve(site: &SiteTest) -> (besok::serve::Server, RenderedLog) {
        let log = RenderedLog::default();
        let options = besok::serve::ServeOptions {
            root: site.root().to_path_buf(),
            interface: "127.0.0.1".parse().unwrap(),
            port: 0,
            try_next_ports: false,
            drafts: false,
        };
        let server = besok::serve::Server::start(&options, log.clone()).expect("the server starts");
        assert!(server.initial.is_ok(), "the site builds");
        (server, log)
    }

    /// Waits for the `n`th rebuild (1-based) and returns the files it rendered.
    fn rebuild(&self, n: usize) -> Vec<String> {
        let start = std::time::Instant::now();
        loop {
            if let Some(rendered) = self.rebuilds.lock().unwrap().get(n - 1) {
                return rendered.clone();
            }
            assert!(
                start.elapsed() < crate::common::server::PATIENCE,
                "no rebuild {n}; errors: {:?}",
                self.errors.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// Writes `rel` as one change: the text is written beside the site and renamed into place, so
/// the server never reads it half written.
fn save(site: &SiteTest, rel: &str, text: &str) {
    site.write("staging/save.tmp", text);
    fs::rename(site.root().join("staging/save.tmp"), site.root().join(rel)).unwrap();
}

/// The HTML pages among `files`, but the post's own (`own`).
fn other_pages<'a>(files: &'a [String], own: &str) -> Vec<&'a str> {
    files
        .iter()
        .map(String::as_str)
        .filter(|f| f.ends_with(".html") && *f != own)
        .collect()
}

#[test]
fn edit_in_place_shows_and_only_affected_pages_are_rendered() {
    let site = SiteTest::example();
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    let (server, log) = RenderedLog::serve(&site);
    let port = server.addr.port();
    let own = "posts/kommunbesok-2-i-kalmar/index.html";
    let wait_for_text = |needle: &str| {
        let start = std::time::Instant::now();
        while !request(port, "GET", KALMAR).body.contains(needle) {
            assert!(
                start.elapsed() < crate::common::server::PATIENCE,
                "{needle} never shown"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };

    // Same word count and summary: the post's page changes, and what holds its full text
    // (its feeds and the search index), but no page that lists it, nor any other page.
    save(&site, KALMAR_MD, &text.replace("## Samverkan", "## Samarbete"));
    wait_for_text("Samarbete</h2>");
    let rendered = log.rebuild(1);
    assert!(rendered.iter().any(|f| f == own), "{rendered:?}");
    assert_eq!(
        other_pages(&rendered, own),
        Vec::<&str>::new(),
        "a text edit rendered these"
    );

    // More words change the post as listed: the lists that show it are rendered again (the
    // home page, its year, its municipality, each of its tags), those that do not are not.
    save(&site, KALMAR_MD, &format!("{text}\nEtt helt nytt stycke med ord.\n"));
    wait_for_text("Ett helt nytt stycke med ord.");
    let rendered = log.rebuild(2);
    let pages = other_pages(&rendered, own);
    for listing in [
        "index.html",
        "arkiv/2016/index.html",
        "kommuner/kalmar/index.html",
        "taggar/samverkan/index.html",
        "taggar/ledarskap/index.html",
        "taggar/barn-och-unga/index.html",
    ] {
        assert!(pages.contains(&listing), "{listing} was not rendered: {pages:?}");
    }
    for other in [
        "kommuner/vetlanda/index.html",
        "taggar/delaktighet/index.html",
        "taggar/kompetensforsorjning/index.html",
    ] {
        assert!(!pages.contains(&other), "{other} does not list the post: {pages:?}");
    }
    assert!(
        log.errors.lock().unwrap().is_empty(),
        "{:?}",
        log.errors.lock().unwrap()
    );
    drop(server);
}

#[test]
fn rename_over_and_delete_then_create_are_seen() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    let root = site.root();
    let text = fs::read_to_string(root.join(KALMAR_MD)).unwrap();

    // vim: a swap file, a probe file, the new text in a temp file renamed over the post (in
    // the post's bundle folder, beside its index.md and photos).
    site.write("content/posts/kommunbesok-2-i-kalmar/.index.md.swp", "swap");
    site.write("content/posts/kommunbesok-2-i-kalmar/4913", "");
    fs::remove_file(root.join("content/posts/kommunbesok-2-i-kalmar/4913")).unwrap();
    site.write("content/posts/kommunbesok-2-i-kalmar/index.md~", "backup");
    site.write("content/posts/kommunbesok-2-i-kalmar/.#index.md", "lock");
    site.write(
        "content/posts/kommunbesok-2-i-kalmar/index.md.tmp",
        text.replace("## Samverkan", "## Rename-över"),
    );
    fs::rename(
        root.join("content/posts/kommunbesok-2-i-kalmar/index.md.tmp"),
        root.join(KALMAR_MD),
    )
    .unwrap();
    s.wait_for_text(KALMAR, "Rename-över");

    // Delete, then create again.
    fs::remove_file(root.join(KALMAR_MD)).unwrap();
    site.write(KALMAR_MD, text.replace("## Samverkan", "## Återskapad"));
    s.wait_for_text(KALMAR, "Återskapad");
    assert!(!s.stderr().contains("error"), "{}", s.stderr());
}

#[test]
fn new_and_deleted_posts_update_lists() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    site.write(
        "content/posts/ny.md",
        post("Ett nytt besök", "2017-03-01")
            .municipality("Kalmar")
            .tags(&["samverkan", "alldeles ny tagg"])
            .body("Nytt här."),
    );
    s.wait_for_text("/posts/ny/", "Nytt här.");
    s.wait_for_text("/taggar/samverkan/", "Ett nytt besök");
    s.wait_for_text("/taggar/alldeles-ny-tagg/", "Ett nytt besök");
    s.wait_for_text("/", "Ett nytt besök");
    s.wait_for_text("/kommuner/kalmar/", "Ett nytt besök");

    fs::remove_file(site.root().join("content/posts/ny.md")).unwrap();
    s.wait_until("/posts/ny/", "404", |r| r.status == 404);
    let tag = s.wait_until("/taggar/samverkan/", "no deleted post", |r| {
        !r.body.contains("Ett nytt besök")
    });
    assert_eq!(tag.status, 200);
    assert!(
        tag.body.contains("Besök i Vetlanda"),
        "the other posts stay: {}",
        tag.body
    );
    s.wait_until("/taggar/alldeles-ny-tagg/", "404", |r| r.status == 404);
    s.wait_until("/", "no deleted post", |r| !r.body.contains("Ett nytt besök"));
    s.wait_until("/kommuner/kalmar/", "no deleted post", |r| {
        !r.body.contains("Ett nytt besök")
    });
}

/// A new post's own page is served before the listing pages it shifts are rendered; a listing
/// page asked for in between is answered with its new version once made, never the old one.
#[test]
fn a_page_still_rendering_is_answered_with_its_new_version() {
    let mut site = SiteTest::example()
        .config("title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"file\"\npaginate_by = 1\n");
    // Newer than the example's posts, so "Post 299" is the newest before the new one: every one
    // of the 300 home pages shifts by one post.
    for i in 0..300 {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(i);
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), &date.to_string()).municipality("Kalmar"),
        );
    }
    let s = Served::start(site.root(), &[]);
    let before = request(s.port, "GET", "/page/2/");
    assert!(before.body.contains("Post 298"), "{}", before.body);

    site.write(
        "content/posts/nyast.md",
        post("Nyast av alla", "2025-06-01").municipality("Kalmar"),
    );
    s.wait_for_text("/posts/nyast/", "Nyast av alla");
    // At once: the second home page now shows what the first showed.
    let shifted = request(s.port, "GET", "/page/2/");
    assert_eq!(shifted.status, 200);
    assert!(
        shifted.body.contains("Post 299") && !shifted.body.contains("Post 298"),
        "the second home page was served before it was made again: {}",
        shifted.body
    );
    // A page the new post adds at the end is served too, never a 404 in between.
    let last = request(s.port, "GET", "/page/301/");
    assert_eq!(last.status, 200, "{}", last.body);
}

/// Every file the served search manifest names is served: checked while the index changes.
fn assert_search_index_whole(s: &Served) -> serde_json::Value {
    let manifest: serde_json::Value = serde_json::from_str(&s.get("/search_index.json").body).unwrap();
    let named = ["terms", "suffixes", "words", "folds", "fold_suffixes"]
        .iter()
        .flat_map(|k| manifest[*k].as_array().unwrap().iter())
        .map(|t| t["file"].as_str().unwrap())
        .chain(manifest["docs"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()));
    for file in named {
        let r = s.get(&format!("/{file}"));
        assert_eq!(r.status, 200, "the manifest names {file}, which is not served");
    }
    manifest
}

#[test]
fn the_search_index_follows_new_posts_and_edits_and_is_always_whole() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    let before = assert_search_index_whole(&s)["posts"].as_u64().unwrap();
    site.write(
        "content/posts/ny.md",
        post("Ett nytt besök", "2017-03-01")
            .municipality("Kalmar")
            .tags(&["samverkan"])
            .body("Ordet sökmarkörett står här."),
    );
    // The pages come first; the index follows (a new post moves every doc id).
    s.wait_for_text("/posts/ny/", "sökmarkörett");
    assert_search_index_whole(&s);
    let has_word = |s: &Served, word: &str| {
        let word = crate::common::sv_stem(word);
        let word = word.as_str();
        let manifest = assert_search_index_whole(s);
        manifest["terms"].as_array().unwrap().iter().any(|t| {
            let (first, last) = (t["first"].as_str().unwrap(), t["last"].as_str().unwrap());
            (first..=last).contains(&word) && s.get(&format!("/{}", t["file"].as_str().unwrap())).body.contains(word)
        })
    };
    let start = std::time::Instant::now();
    while !has_word(&s, "sökmarkörett") {
        assert!(
            start.elapsed() < crate::common::server::PATIENCE,
            "the new post's words never reached the index"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(assert_search_index_whole(&s)["posts"].as_u64().unwrap(), before + 1);

    // An edit in place: the post's old word leaves the index as its new one comes in.
    site.write(
        "content/posts/ny.md",
        post("Ett nytt besök", "2017-03-01")
            .municipality("Kalmar")
            .tags(&["samverkan"])
            .body("Ordet sökmarkörtvå står här."),
    );
    s.wait_for_text("/posts/ny/", "sökmarkörtvå");
    let start = std::time::Instant::now();
    while !has_word(&s, "sökmarkörtvå") || has_word(&s, "sökmarkörett") {
        assert!(
            start.elapsed() < crate::common::server::PATIENCE,
            "the edit never reached the index"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn template_static_and_config_changes() {
    let site = SiteTest::example();
    let mut s = Served::start(site.root(), &[]);
    let base = site.root().join("themes/default/templates/base.html");
    let html = fs::read_to_string(&base).unwrap();
    fs::write(&base, html.replace("</footer>", "<p>Mallmarkör</p></footer>")).unwrap();
    for page in ["/", KALMAR, VETLANDA, "/taggar/", "/arkiv/"] {
        s.wait_for_text(page, "Mallmarkör");
    }

    // The edited stylesheet gets a new name, and the pages name it.
    let before = s.stylesheet("/");
    let css = site.root().join("themes/default/static/style.css");
    fs::write(
        &css,
        format!("{}\n.besok-test {{ color: red }}\n", fs::read_to_string(&css).unwrap()),
    )
    .unwrap();
    let page = s.wait_until("/", "the new stylesheet", |r| stylesheet_of(&r.body) != before);
    s.wait_for_text(&stylesheet_of(&page.body), ".besok-test");
    s.wait_for_line("copied 1 static file, removed 1 file");
    assert_eq!(s.get(&before).status, 404);

    site.write(
        "config.toml",
        fs::read_to_string(site.root().join("config.toml"))
            .unwrap()
            .replace("title = \"", "title = \"Ny titel: "),
    );
    s.wait_for_text("/", "Ny titel: ");
    s.wait_for_text(KALMAR, "Ny titel: ");
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_reports_until_fixed() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    assert_eq!(hello(s.port)["error"], serde_json::Value::Null);

    site.write(KALMAR_MD, text.replace("date = ", "datum = "));
    let err = s.wait_for_stderr("content/posts/kommunbesok-2-i-kalmar/index.md:");
    assert!(err.contains("error: unknown key `datum`"), "{err}");
    // The event stream tells pages the same text the terminal shows.
    let start = std::time::Instant::now();
    let error = loop {
        if let Some(e) = hello(s.port)["error"].as_str() {
            break e.to_string();
        }
        assert!(
            start.elapsed() < crate::common::server::PATIENCE,
            "no error on the event stream"
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    };
    assert!(
        error.contains("content/posts/kommunbesok-2-i-kalmar/index.md:3:1: error: unknown key `datum`"),
        "{error}"
    );
    // The terminal gets the whole text too; its last lines may come a moment after the first
    // one the wait above saw (which is the race this once failed on).
    s.wait_for_stderr(&error);
    // The last good site is still served.
    let page = s.get(KALMAR);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Kommunbesök 2 i Kalmar</h1>"));

    site.write(KALMAR_MD, text.replace("## Samverkan", "## Lagat"));
    s.wait_for_text(KALMAR, "Lagat");
    assert_eq!(hello(s.port)["error"], serde_json::Value::Null);
}

#[test]
fn a_broken_template_is_reported_and_fixed() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    let path = site.root().join("themes/default/templates/post.html");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(&path, good.replace("{{ post.title }}", "{{ post.title }")).unwrap();
    let err = s.wait_for_stderr("themes/default/templates/post.html:");
    assert!(err.contains("error: template syntax"), "{err}");
    fs::write(
        &path,
        good.replace("<h1>{{ post.title }}</h1>", "<h1>Lagad: {{ post.title }}</h1>"),
    )
    .unwrap();
    s.wait_for_text(KALMAR, "Lagad: Kommunbesök 2 i Kalmar");
    assert_eq!(hello(s.port)["error"], serde_json::Value::Null);
}

#[test]
fn a_template_error_of_one_post_is_shown_and_the_page_recovers_once_fixed() {
    let site = SiteTest::example();
    // The post template shows `extra.betyg` through a filter that fails for a word.
    let template = site.root().join("themes/default/templates/post.html");
    let good = fs::read_to_string(&template).unwrap();
    fs::write(
        &template,
        good.replace(
            "<h1>{{ post.title }}</h1>",
            "<h1>{{ post.title }}</h1>{% if post.extra.betyg %}<p>Betyg {{ post.extra.betyg | round }}</p>{% endif %}",
        ),
    )
    .unwrap();
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    let betyg = |value: &str| text.replacen("\n+++\n", &format!("\n[extra]\nbetyg = {value}\n+++\n"), 1);
    site.write(KALMAR_MD, betyg("4"));
    let s = Served::start(site.root(), &[]);
    assert!(s.get(KALMAR).body.contains("Betyg 4"));

    // An edit the post's page cannot be made of: the terminal and open pages say so.
    site.write(KALMAR_MD, betyg("\"fyra\""));
    let err = s.wait_for_stderr("post.html");
    assert!(err.contains("round"), "{err}");
    let start = std::time::Instant::now();
    while hello(s.port)["error"].is_null() {
        assert!(
            start.elapsed() < crate::common::server::PATIENCE,
            "no error on the event stream; stderr:\n{}",
            s.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    // The last good page is still served.
    assert!(s.get(KALMAR).body.contains("Betyg 4"));

    site.write(KALMAR_MD, betyg("2"));
    s.wait_for_text(KALMAR, "Betyg 2");
    assert_eq!(hello(s.port)["error"], serde_json::Value::Null);
}

#[test]
fn a_burst_of_saves_gives_few_rebuilds() {
    let site = SiteTest::example();
    let (server, log) = RenderedLog::serve(&site);
    let port = server.addr.port();
    let posts_indexed = || -> u64 {
        let manifest: serde_json::Value =
            serde_json::from_str(&request(port, "GET", "/search_index.json").body).unwrap();
        manifest["posts"].as_u64().unwrap()
    };
    let before = posts_indexed();
    // The files are written first outside the watched folders and then renamed in, so the 30
    // saves land within microseconds even on a busy machine: a burst, as a "save all" gives.
    for i in 0..30 {
        site.write(
            &format!("staging/burst-{i}.md"),
            post(&format!("Skur {i}"), "2017-03-01")
                .municipality("Kalmar")
                .tags(&["skur"]),
        );
    }
    for i in 0..30 {
        std::fs::rename(
            site.root().join(format!("staging/burst-{i}.md")),
            site.root().join(format!("content/posts/burst-{i}.md")),
        )
        .unwrap();
    }
    // The search index is made after the pages of the last rebuild are served and logged: once
    // it holds all 30 posts, every rebuild of the burst has been counted.
    let start = std::time::Instant::now();
    while posts_indexed() != before + 30 {
        assert!(
            start.elapsed() < crate::common::server::PATIENCE,
            "the search index never held the 30 new posts; rebuilds: {}, errors: {:?}",
            log.rebuilds.lock().unwrap().len(),
            log.errors.lock().unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for i in 0..30 {
        let page = request(port, "GET", &format!("/posts/burst-{i}/"));
        assert!(page.body.contains(&format!("Skur {i}")), "post {i}: {}", page.status);
    }
    let rebuilds = log.rebuilds.lock().unwrap().len();
    assert!((1..=5).contains(&rebuilds), "{rebuilds} rebuilds for 30 saves");
    drop(server);
}

/// Sends a GET on `connection` (kept alive) and reads the whole response, by its
/// Content-Length; returns the status and body.
fn get_on(connection: &mut std::io::BufReader<std::net::TcpStream>, path: &str) -> (u16, Vec<u8>) {
    use std::io::{BufRead, Read, Write};
    write!(connection.get_mut(), "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut status = None;
    let mut length = None;
    loop {
        let mut line = String::new();
        let read = connection
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("no answer to GET {path} on the connection: {e}"));
        assert!(read > 0, "the connection closed");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if status.is_none() {
            status = line.split(' ').nth(1).and_then(|c| c.parse().ok());
        } else if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let mut body = vec![0; length.expect("a Content-Length")];
    connection.read_exact(&mut body).unwrap();
    (status.expect("a status line"), body)
}

#[test]
fn a_second_request_on_a_kept_alive_connection_is_answered_at_once() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    // The best of a few connections: one slow answer may be the machine's; every one slow is
    // the server's (small writes held back until the reader acknowledges, ~40 ms).
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let stream = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        // The test's own requests go out at once: only the server's answers are measured.
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut connection = std::io::BufReader::new(stream);
        let (status, first) = get_on(&mut connection, KALMAR);
        assert_eq!(status, 200);
        let start = std::time::Instant::now();
        let (status, second) = get_on(&mut connection, KALMAR);
        best = best.min(start.elapsed());
        assert_eq!(status, 200);
        assert_eq!(second, first, "the same page both times");
    }
    assert!(
        best < std::time::Duration::from_millis(20),
        "the second request on a connection took {best:?} at best"
    );
}

/// A browser opens several connections at once (six per site) and keeps them open. Every one
/// is answered: a connection that arrived together with another once stayed unread while the
/// others stayed open, and the page's request on it never finished.
#[test]
fn connections_opened_together_are_all_answered() {
    let site = SiteTest::example();
    let s = Served::start(site.root(), &[]);
    let open = || {
        let stream = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        std::io::BufReader::new(stream)
    };
    let mut kept = Vec::new();
    for round in 0..12 {
        // Connections a page keeps open, each having asked for something.
        while kept.len() < 5 {
            let mut connection = open();
            assert_eq!(get_on(&mut connection, "/").0, 200);
            kept.push(connection);
        }
        // One closes; the server is left with one idle thread of its pool...
        drop(kept.remove(0));
        std::thread::sleep(std::time::Duration::from_millis(50));
        // ...when two connections arrive at the same moment, as on a reload.
        let (mut a, mut b) = (open(), open());
        for (name, connection) in [("first", &mut a), ("second", &mut b)] {
            let (status, _) = get_on(connection, "/");
            assert_eq!(
                status, 200,
                "round {round}: the {name} of two connections opened together"
            );
        }
        kept.push(a);
        kept.push(b);
        kept.truncate(3);
    }
}

#[test]
fn a_taken_port_moves_to_the_next_one_and_says_so() {
    let site = SiteTest::example();
    let first = Served::start(site.root(), &[]);
    let port = first.port.to_string();
    let mut second = Served::start(site.root(), &["--port", &port]);
    let line = second.wait_for_line("is in use");
    assert!(
        line.starts_with(&format!("Port {port} is in use; using port ")),
        "{line}"
    );
    assert_ne!(second.port, first.port);
    assert_eq!(request(second.port, "GET", "/").status, 200);
}

#[test]
fn a_site_that_does_not_build_is_served_once_fixed() {
    let site = SiteTest::example().file("content/posts/fel.md", "+++\ntitle = \"Fel\"\n+++\n");
    let s = Served::start(site.root(), &[]);
    s.wait_for_stderr("content/posts/fel.md:2:1: error: missing required key `date`");
    let page = s.get("/");
    assert_eq!(page.status, 404);
    assert!(
        page.body.contains("/__besok/livereload.js"),
        "the overlay can show: {}",
        page.body
    );
    site.write(
        "content/posts/fel.md",
        "+++\ntitle = \"Rätt\"\ndate = 2020-01-01\n+++\nNu går det.\n",
    );
    s.wait_for_text("/posts/fel/", "Nu går det.");
}

#[test]
fn no_site_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = besok(&["serve", "--port", "0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no config.toml"));
}

/// The example site built, then served, and the Kalmar post given the slug `kalmar-2016`
/// (away from the address the build published) and served there; with the post's text before.
fn built_and_served_with_kalmar_moved() -> (SiteTest, Served, String) {
    let site = SiteTest::example().build();
    let s = Served::start(site.root(), &[]);
    let text = fs::read_to_string(site.root().join(KALMAR_MD)).unwrap();
    save(
        &site,
        KALMAR_MD,
        &text.replacen("+++\n", "+++\nslug = \"kalmar-2016\"\n", 1),
    );
    s.wait_for_text("/posts/kalmar-2016/", "Kalmar");
    (site, s, text)
}

/// An edit that moves a post from the address the last `besok build` published says so in the
/// terminal, with the alias that keeps it.
#[test]
fn an_edit_that_loses_a_published_address_says_so() {
    let (_site, s, _) = built_and_served_with_kalmar_moved();
    let err = s.wait_for_stderr("/posts/kommunbesok-2-i-kalmar/");
    assert!(
        err.contains("content/posts/kommunbesok-2-i-kalmar/index.md:7:12: warning: the previous build published this post at /posts/kommunbesok-2-i-kalmar/, which this build does not; add it to `aliases`: `aliases = [\"/2016/11/10/kommunbesok-2-i-kalmar/\", \"/posts/kommunbesok-2-i-kalmar/\"]` keeps that address working"),
        "{err}"
    );
}

/// A `besok build` run while the server runs publishes anew: the next edit compares with
/// what it published, not with what the server found when it started.
#[test]
fn an_edit_after_a_build_compares_with_what_that_build_published() {
    let (site, s, text) = built_and_served_with_kalmar_moved();
    let site = site.build();
    save(&site, KALMAR_MD, &text);
    s.wait_for_text("/posts/kommunbesok-2-i-kalmar/", "Kalmar");
    let err = s.wait_for_stderr("/posts/kalmar-2016/");
    assert!(
        err.contains(
            "warning: the previous build published this post at /posts/kalmar-2016/, which this build does not"
        ),
        "{err}"
    );
}
