//! `besok check`: the example site is clean; broken sites get every problem with file:line:col.
//! No test here touches the network: external links point at a server on 127.0.0.1.

use crate::common::{besok, stderr, stdout, SiteTest};

#[test]
fn the_example_site_is_clean_and_nothing_is_written() {
    let site = SiteTest::example();
    let out = besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(
        stdout(&out).starts_with("Checked 2 posts and 34 pages: 0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn broken_links_anchors_slugs_and_aliases_are_errors_with_their_place() {
    let site = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\ntags = [\"t\"]",
            "## Rubrik\n\nSe [b](@/posts/b.md#saknas), [c](saknas.md) och [d](#inget).",
        )
        .post(
            "b",
            "title = \"B\"\ndate = 2020-01-02\ntags = [\"t\"]\naliases = [\"/posts/a/\"]",
            "Text.",
        )
        .post("c", "title = \"A\"\ndate = 2020-01-03\ntags = [\"t\"]", "Text.");
    let out = besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "content/posts/a.md:8:4: error: link to \"@/posts/b.md#saknas\": content/posts/b.md has no heading with the id \"saknas\"",
        "content/posts/a.md:8:30: error: link to \"saknas.md\": there is no content/posts/saknas.md",
        "content/posts/a.md:8:49: error: link to \"#inget\": this page has no heading with the id \"inget\"",
        "content/posts/c.md:2:9: error: this post's URL posts/a/ is already taken by content/posts/a.md",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(stdout(&out).contains("4 errors"), "{}", stdout(&out));

    // With the duplicate gone, the alias that takes a post's address is found too.
    site.write(
        "content/posts/c.md",
        "+++\ntitle = \"C\"\ndate = 2020-01-03\ntags = [\"t\"]\n+++\nText.\n",
    );
    site.write(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2020-01-01\ntags = [\"t\"]\n+++\nText.\n",
    );
    let out = besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/posts/b.md:5:12: error: alias \"/posts/a/\" is the address of the page /posts/a/ (the post content/posts/a.md)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn posts_without_tags_or_municipality_page_are_warnings() {
    // On a site of other places a page is where a municipality's facts come from.
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nmunicipalities = \"any\"\nslugs_from = \"title\"\n")
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\nmunicipality = \"Eksjö\"",
            "Text.",
        )
        .post(
            "b",
            "title = \"B\"\ndate = 2020-01-02\nmunicipality = \"Eda\"\ntags = [\"t\"]",
            "Text.",
        )
        .file("content/municipalities/eda.md", "+++\nname = \"Eda\"\n+++\n");
    let out = besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stderr = stderr(&out);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "content/posts/a.md:2:9: warning: this post has no tags; add a line like `tags = [\"samverkan\"]` so readers can find it by theme",
            "content/posts/a.md:4:16: warning: the municipality \"Eksjö\" has no page; add content/municipalities/eksjo.md with `name = \"Eksjö\"` to give its timeline an introduction",
        ]
    );
    assert!(stdout(&out).contains("0 errors, 2 warnings"), "{}", stdout(&out));

    // Sweden's municipalities have their county and place from the table: no page needed.
    site.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"title\"\n",
    );
    let out = besok(&["check"], site.root());
    assert_eq!(
        crate::common::stderr(&out).lines().collect::<Vec<_>>(),
        ["content/posts/a.md:2:9: warning: this post has no tags; add a line like `tags = [\"samverkan\"]` so readers can find it by theme"]
    );
}

#[test]
fn external_links_are_only_counted_unless_asked() {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let code = if request.url() == "/finns" { 200 } else { 404 };
            let _ = request.respond(tiny_http::Response::empty(code));
        }
    });
    let ok = format!("http://127.0.0.1:{port}/finns");
    let broken = format!("http://127.0.0.1:{port}/borta");
    let site = SiteTest::new().post(
        "a",
        "title = \"A\"\ndate = 2020-01-01\ntags = [\"t\"]",
        &format!("[ok]({ok}) och\n[trasig]({broken})."),
    );

    let out = besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2 external links not checked (use --external)"),
        "{}",
        stdout(&out)
    );

    let out = besok(&["check", "--external"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout(&out);
    assert!(stdout.contains("External links (2):"), "{stdout}");
    assert!(
        stdout.contains(&format!("{ok} ok (200) [content/posts/a.md:6:1]")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{broken} BROKEN: the server answered 404 [content/posts/a.md:7:1]"
        )),
        "{stdout}"
    );
    assert!(
        stderr(&out).contains(&format!(
            "content/posts/a.md:7:1: error: external link {broken} does not work: the server answered 404"
        )),
        "{}",
        stderr(&out)
    );
}
