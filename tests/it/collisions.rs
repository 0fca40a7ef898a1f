//! Distinct names that end up at one URL are joined with a warning or refused with an error;
//! no output ever silently replaces another (the file system has the last word otherwise).

use crate::common::{post, SiteTest};

/// The hrefs of every post card on a listing page.
fn listed(t: &SiteTest, page: &str) -> Vec<String> {
    t.attrs(page, "article.card h2 a", "href")
}

#[test]
fn tags_are_and_aare_are_one_tag_with_a_warning() {
    let t = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01").tags(&["Åre"]))
        .file("content/posts/b.md", post("B", "2016-01-02").tags(&["Are"]))
        .build();
    assert_eq!(
        listed(&t, "taggar/are/index.html"),
        ["/posts/b/", "/posts/a/"],
        "both posts on the one tag page"
    );
    let warnings = t.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("\"Åre\"") && warnings[0].contains("\"Are\"") && warnings[0].contains("\"are\""),
        "{warnings:?}"
    );
}

#[test]
fn tags_c_plus_plus_and_c_are_one_tag_with_a_warning() {
    let t = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01").tags(&["C++"]))
        .file("content/posts/b.md", post("B", "2016-01-02").tags(&["C"]))
        .build();
    assert_eq!(listed(&t, "taggar/c/index.html"), ["/posts/b/", "/posts/a/"]);
    assert!(t.warnings()[0].contains("\"C++\""), "{:?}", t.warnings());
}

/// Håbo and Habo are two municipalities whose names differ only by å: joining them (as
/// tags that share a URL word are joined) would merge two timelines. Each keeps its own, and
/// the one with å takes the long spelling in its URL.
#[test]
fn municipalities_haabo_and_habo_are_two_timelines_with_a_warning() {
    let t = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01").municipality("Håbo"))
        .file("content/posts/b.md", post("B", "2016-01-02").municipality("Habo"))
        .file(
            "content/posts/c.md",
            post("C", "2016-01-03").municipality("Ha\u{030a}bo"),
        )
        .file(
            "content/municipalities/haabo.md",
            "+++\nname = \"Håbo\"\ncounty = \"Uppsala län\"\n+++\nBålsta.\n",
        )
        .build();
    let visits = |page: &str| t.attrs(page, "main a[href^='/posts/']", "href");
    // A decomposed "å" (a and a combining ring) is the same Håbo.
    assert_eq!(visits("kommuner/haabo/index.html"), ["/posts/a/", "/posts/c/"]);
    assert_eq!(visits("kommuner/habo/index.html"), ["/posts/b/"]);
    t.check("kommuner/haabo/index.html", &["Bålsta.", "Uppsala län"]);
    t.check("posts/b/index.html", &["href=\"/kommuner/habo/\""]);
    let names = t.select("kommuner/index.html", "main a[href^='/kommuner/']");
    assert!(
        names.contains(&"Håbo".to_string()) && names.contains(&"Habo".to_string()),
        "{names:?}"
    );
    assert_eq!(
        t.warnings(),
        ["content/municipalities/haabo.md:2:8: warning: the municipality \"Håbo\" has the URL word \"haabo\", as \"habo\" would also be that of \"Habo\""]
    );
}

/// Names written with other spaces, punctuation or case are one municipality, named as most
/// posts write it, with a warning.
#[test]
fn municipality_names_differing_only_in_punctuation_are_one_timeline_with_a_warning() {
    let t = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").municipality("Malung-Sälen"),
        )
        .file(
            "content/posts/b.md",
            post("B", "2016-01-02").municipality("Malung-Sälen"),
        )
        .file(
            "content/posts/c.md",
            post("C", "2016-01-03").municipality("malung sälen"),
        )
        .build();
    let visits = t.attrs("kommuner/malung-salen/index.html", "main a[href^='/posts/']", "href");
    assert_eq!(visits, ["/posts/a/", "/posts/b/", "/posts/c/"]);
    t.check("kommuner/malung-salen/index.html", &["<h1>Malung-Sälen</h1>"]);
    // The one not spelt as Sweden spells it is told so, and that is all.
    assert_eq!(
        t.warnings(),
        ["content/posts/c.md:4:16: warning: \"malung sälen\" is counted as Malung-Sälen; write it \"Malung-Sälen\", as the municipality is named"]
    );
}

#[test]
fn posts_c_plus_plus_and_c_are_an_error_naming_both() {
    let errors = SiteTest::new()
        .file("content/posts/a.md", post("C++", "2016-01-01"))
        .file("content/posts/b.md", post("C", "2016-01-02"))
        .errors();
    assert_eq!(
        errors,
        ["content/posts/b.md:2:9: error: this post's URL posts/c/ is already taken by content/posts/a.md; give one of them another `slug`"]
    );
}

#[test]
fn long_titles_that_share_their_first_80_characters_are_an_error() {
    let common = "Uppföljning av samverkan kring barn och unga i kommunen ".repeat(3);
    let errors = SiteTest::new()
        .file("content/posts/a.md", post(&format!("{common} del ett"), "2016-01-01"))
        .file("content/posts/b.md", post(&format!("{common} del två"), "2016-01-02"))
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("is already taken by content/posts/a.md"),
        "{errors:?}"
    );
}

#[test]
fn a_very_long_title_gets_a_short_url() {
    let title = "Kommunbesök ".repeat(1000);
    let t = SiteTest::new()
        .file("content/posts/a.md", post(&title, "2016-01-01").tags(&["samverkan"]))
        .build();
    let urls = listed(&t, "index.html");
    assert_eq!(urls.len(), 1);
    assert!(urls[0].len() <= "/posts//".len() + 80, "{urls:?}");
    t.check(
        &format!("{}index.html", urls[0].trim_start_matches('/')),
        &["Kommunbesök Kommunbesök"],
    );
}

#[test]
fn a_tag_named_page_does_not_take_the_tag_index_pagination() {
    let mut t = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\npaginate_by = 1\n");
    for i in 1..=3 {
        t = t.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("P{i}"), &format!("2016-01-0{i}")).tags(&["page", "x"]),
        );
    }
    let t = t.build();
    assert_eq!(listed(&t, "taggar/page/index.html"), ["/posts/p3/"]);
    assert_eq!(listed(&t, "taggar/page/page/2/index.html"), ["/posts/p2/"]);
    assert_eq!(listed(&t, "taggar/x/page/3/index.html"), ["/posts/p1/"]);
    assert_eq!(listed(&t, "page/2/index.html"), ["/posts/p2/"]);
}

#[test]
fn an_alias_on_a_feed_is_an_error() {
    let errors = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").line("aliases = [\"/atom.xml\"]"),
        )
        .errors();
    assert_eq!(
        errors,
        ["content/posts/a.md:4:12: error: alias \"/atom.xml\" is the address of the page /atom.xml; an alias must be an old URL that no page uses"]
    );
}

#[test]
fn an_alias_inside_a_feed_file_is_an_error() {
    let errors = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").line("aliases = [\"/atom.xml/gammal/\"]"),
        )
        .errors();
    assert_eq!(
        errors,
        ["content/posts/a.md:4:12: error: the alias \"/atom.xml/gammal/\" of content/posts/a.md needs a folder atom.xml/, but the page /atom.xml is the file atom.xml; rename or remove one of them"]
    );
}

#[test]
fn an_alias_on_a_tag_page_is_an_error() {
    let errors = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01")
                .tags(&["Samverkan"])
                .line("aliases = [\"/taggar/samverkan/\"]"),
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("is the address of the page /taggar/samverkan/"),
        "{errors:?}"
    );
}

#[test]
fn an_alias_on_a_static_file_is_an_error() {
    let errors = SiteTest::new()
        .file("static/favicon.ico", "ico")
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").line("aliases = [\"/favicon.ico\"]"),
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("would replace the generated page favicon.ico"),
        "{errors:?}"
    );
}

#[test]
fn a_static_file_on_a_page_is_an_error() {
    let errors = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01"))
        .file("static/posts/a/index.html", "<p>mine</p>")
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("static/posts/a/index.html:1:1: error: this static file would replace the generated page posts/a/index.html"),
        "{errors:?}"
    );
}

#[test]
fn a_static_file_where_a_page_is_a_file_is_an_error() {
    let errors = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01"))
        .file("static/404.html/x.txt", "x")
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("static/404.html/x.txt:1:1: error: the static file static/404.html/x.txt needs a folder 404.html/, but the page /404.html is the file 404.html; rename or remove one of them")
            || errors[0].contains("needs a folder 404.html/"),
        "{errors:?}"
    );
}

#[test]
fn aliases_that_differ_only_in_case_are_an_error() {
    let errors = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").line("aliases = [\"/Gammal/\"]"),
        )
        .file(
            "content/posts/b.md",
            post("B", "2016-01-02").line("aliases = [\"/gammal/\"]"),
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("differ only in upper and lower case"), "{errors:?}");
}

#[test]
fn an_alias_that_is_a_post_of_another_case_is_an_error() {
    let errors = SiteTest::new()
        .file("content/posts/a.md", post("A", "2016-01-01"))
        .file(
            "content/posts/b.md",
            post("B", "2016-01-02").line("aliases = [\"/posts/A/\"]"),
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/posts/b.md:4:12: error: the alias \"/posts/A/\" of content/posts/b.md (posts/A/index.html) and the page /posts/a/ (posts/a/index.html) differ only in upper and lower case"),
        "{errors:?}"
    );
}
