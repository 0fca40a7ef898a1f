//! Site tests: build small sites in temporary folders and read the pages a reader would get.

use crate::common::{post, SiteTest};

#[test]
fn post_page_shows_content_and_escapes_the_title() {
    let site = SiteTest::new()
        .post(
            "farlig",
            "title = \"<script>alert(1)</script> & mer\"\ndate = 2020-01-02",
            "Första stycket med *betoning*.\n\n## Rubrik\n\nMer text.",
        )
        .build();
    let page = "posts/script-alert-1-script-mer/index.html";
    site.check(
        page,
        &[
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer",
            "<em>betoning</em>",
            "<h2 id=\"rubrik\">",
        ],
    )
    .check_not(page, &["<script>alert(1)"]);
    site.check("index.html", &["&lt;script&gt;"])
        .check_not("index.html", &["<script>alert"]);
    assert_eq!(site.select(page, "h1"), ["<script>alert(1)</script> & mer"]);
}

#[test]
fn markdown_extensions_and_swedish_punctuation() {
    let site = SiteTest::new()
        .post(
            "a",
            "title = \"Tabeller\"\ndate = 2020-01-02",
            "\"Citat\" och 'enkla' - tankstreck.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nFotnot[^1] och ~~struket~~.\n\n[^1]: Här.",
        )
        .build();
    site.check(
        "posts/tabeller/index.html",
        &[
            "”Citat” och ’enkla’ – tankstreck",
            "<table>",
            "<del>struket</del>",
            "footnote-definition",
        ],
    );
}

#[test]
fn english_sites_get_english_quotes_and_dates() {
    let site = SiteTest::new()
        .config("title = \"Blog\"\nlanguage = \"en\"\n")
        .post(
            "a",
            "title = \"Quotes\"\ndate = 2016-12-08",
            "\"Children\" and 'youth'.",
        )
        .build();
    site.check(
        "posts/quotes/index.html",
        &["“Children” and ‘youth’", "8 December 2016", "<html lang=\"en\">"],
    );
    assert!(
        site.exists("tags/index.html") && site.exists("municipalities/index.html") && site.exists("archive/index.html")
    );
}

#[test]
fn swedish_dates_are_written_in_swedish() {
    let site = SiteTest::new()
        .post("a", "title = \"Datum\"\ndate = 2016-12-08", "Text.")
        .build();
    site.check(
        "posts/datum/index.html",
        &[
            "8 december 2016",
            "<html lang=\"sv\">",
            "datetime=\"2016-12-08T00:00:00+00:00\"",
        ],
    );
}

#[test]
fn tag_pages_list_exactly_the_posts_with_that_tag() {
    let site = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\ntags = [\"Samverkan\", \"Barn och unga\"]",
            "a",
        )
        .post("b", "title = \"B\"\ndate = 2020-02-01\ntags = [\"samverkan\"]", "b")
        .post(
            "c",
            "title = \"C\"\ndate = 2020-03-01\ntags = [\"Förskola\", \"Samverkan\"]",
            "c",
        )
        .post("d", "title = \"D\"\ndate = 2020-04-01\ntags = [\"förskola\"]", "d")
        .build();
    // "Samverkan" and "samverkan" are one tag, named as most posts write it.
    assert_eq!(
        site.select("taggar/samverkan/index.html", "article h2"),
        ["C", "B", "A"]
    );
    assert_eq!(site.select("taggar/barn-och-unga/index.html", "article h2"), ["A"]);
    // Names keep å ä ö, URLs do not.
    assert_eq!(site.select("taggar/forskola/index.html", "article h2"), ["D", "C"]);
    assert_eq!(
        site.select("taggar/index.html", ".term-list a"),
        ["Barn och unga", "Förskola", "Samverkan"]
    );
    site.check(
        "taggar/index.html",
        &["href=\"/taggar/samverkan/\">Samverkan</a> <span class=\"count\">3 inlägg"],
    );
}

#[test]
fn municipality_timeline_is_in_date_order_with_visit_numbers_and_neighbour_links() {
    let site = SiteTest::new()
        .file(
            "content/posts/v3.md",
            post("Tredje", "2018-05-01").municipality("Vetlanda").body("tre"),
        )
        .file(
            "content/posts/v1.md",
            post("Första", "2016-01-10").municipality("Vetlanda").body("ett"),
        )
        .file(
            "content/posts/v2.md",
            post("Andra", "2017-03-01").municipality("Vetlanda").body("två"),
        )
        .file(
            "content/posts/k.md",
            post("Kalmar", "2017-01-01")
                .municipality("Kalmar")
                .line("visit = 2")
                .body("k"),
        )
        .build();
    let page = "kommuner/vetlanda/index.html";
    assert_eq!(site.select(page, ".timeline h3 a"), ["Första", "Andra", "Tredje"]);
    assert_eq!(
        site.select(page, ".visit-label"),
        [
            "Första besöket · 10 januari 2016",
            "Besök 2 · 1 mars 2017",
            "Besök 3 · 1 maj 2018"
        ]
    );
    // The middle visit links to both neighbours; the first only forward; the last only back.
    assert_eq!(
        site.attrs("posts/andra/index.html", ".visit-nav a", "href"),
        ["/posts/forsta/", "/posts/tredje/"]
    );
    assert_eq!(
        site.attrs("posts/forsta/index.html", ".visit-nav a[rel=next]", "href"),
        ["/posts/andra/"]
    );
    assert!(site
        .attrs("posts/forsta/index.html", ".visit-nav a[rel=prev]", "href")
        .is_empty());
    assert_eq!(
        site.attrs("posts/tredje/index.html", ".visit-nav a", "href"),
        ["/posts/andra/"]
    );
    // A declared visit number is kept.
    assert_eq!(
        site.select("kommuner/kalmar/index.html", ".visit-label"),
        ["Besök 2 · 1 januari 2017"]
    );
    // The index lists every municipality by county, in Sweden's order (Jönköpings län before
    // Kalmar län), with visits, reports and last visit: Kalmar's one report is of visit 2.
    assert_eq!(
        site.select("kommuner/index.html", "tbody tr"),
        ["Vetlanda 3 3 1 maj 2018", "Kalmar 2 1 1 januari 2017"]
    );
}

#[test]
fn numbering_continues_after_a_declared_visit_and_contradictions_are_warned() {
    let site = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("A", "2016-01-01").municipality("Eda").line("visit = 3").body("a"),
        )
        .file(
            "content/posts/b.md",
            post("B", "2017-01-01").municipality("Eda").body("b"),
        )
        .file(
            "content/posts/c.md",
            post("C", "2018-01-01").municipality("Eda").line("visit = 2").body("c"),
        )
        .build();
    assert_eq!(
        site.select("kommuner/eda/index.html", ".visit-label"),
        [
            "Besök 3 · 1 januari 2016",
            "Besök 4 · 1 januari 2017",
            "Besök 2 · 1 januari 2018"
        ]
    );
    let warnings = site.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/posts/c.md:5:9: warning: `visit = 2` contradicts the dates"),
        "{}",
        warnings[0]
    );
}

#[test]
fn municipality_pages_add_county_website_and_intro() {
    let site = SiteTest::new()
        .file("content/municipalities/vetlanda.md", "+++\nname = \"Vetlanda\"\ncounty = \"Jönköpings län\"\nwebsite = \"https://www.vetlanda.se/\"\n+++\nEn *kommun* i Småland.\n")
        .file("content/posts/v.md", post("V", "2016-12-08").municipality("Vetlanda").body("v"))
        .build();
    site.check(
        "kommuner/vetlanda/index.html",
        &[
            "Jönköpings län",
            "href=\"https://www.vetlanda.se/\"",
            "En <em>kommun</em> i Småland.",
        ],
    );
    site.check("kommuner/index.html", &["Jönköpings län"]);
}

#[test]
fn pagination_at_paginate_by_boundaries() {
    for (posts, pages) in [(0usize, 1usize), (1, 1), (3, 1), (4, 2), (6, 2), (7, 3)] {
        let mut site = SiteTest::new().config("title = \"T\"\nlanguage = \"sv\"\npaginate_by = 3\n");
        for i in 0..posts {
            site = site.post(
                &format!("p{i}"),
                &format!("title = \"Post {i}\"\ndate = 2020-01-{:02}\ntags = [\"alla\"]", i + 1),
                "x",
            );
        }
        let site = site.build();
        for n in 1..=pages {
            let path = if n == 1 {
                "index.html".to_string()
            } else {
                format!("page/{n}/index.html")
            };
            let shown = site.select(&path, "article h2").len();
            let expected = if n < pages { 3 } else { posts - 3 * (pages - 1) };
            assert_eq!(shown, expected, "{posts} posts, page {n}");
        }
        assert!(
            !site.exists(&format!("page/{}/index.html", pages + 1)),
            "{posts} posts: no page {}",
            pages + 1
        );
        if posts > 0 {
            assert!(site.exists(&format!(
                "taggar/alla/{}index.html",
                if pages > 1 {
                    format!("page/{pages}/")
                } else {
                    String::new()
                }
            )));
        }
    }
}

#[test]
fn pages_are_newest_first_and_link_to_the_next_page() {
    let mut site = SiteTest::new().config("title = \"T\"\nlanguage = \"sv\"\npaginate_by = 2\n");
    for (i, d) in ["2020-01-01", "2021-01-01", "2019-06-01"].iter().enumerate() {
        site = site.post(&format!("p{i}"), &format!("title = \"P{i}\"\ndate = {d}"), "x");
    }
    let site = site.build();
    assert_eq!(site.select("index.html", "article h2"), ["P1", "P0"]);
    assert_eq!(site.select("page/2/index.html", "article h2"), ["P2"]);
    assert_eq!(
        site.attrs("index.html", ".pagination a[rel=next]", "href"),
        ["/page/2/"]
    );
    assert_eq!(
        site.attrs("page/2/index.html", ".pagination a[rel=prev]", "href"),
        ["/"]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let make = || {
        SiteTest::new()
            .post("klar", "title = \"Klar\"\ndate = 2020-01-01\ntags = [\"t\"]", "x")
            .post(
                "utkast",
                "title = \"Utkast\"\ndate = 2020-02-01\ndraft = true\ntags = [\"t\"]\nmunicipality = \"Eda\"",
                "x",
            )
    };
    let site = make().build();
    assert!(!site.exists("posts/utkast/index.html"));
    assert!(!site.exists("kommuner/eda/index.html"));
    assert_eq!(site.select("taggar/t/index.html", "article h2"), ["Klar"]);
    let site = make().drafts().build();
    assert!(site.exists("posts/utkast/index.html"));
    site.check("posts/utkast/index.html", &["Utkast</strong>"]);
}

#[test]
fn year_archive_groups_posts_by_year_newest_first() {
    let site = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2016-12-08", "x")
        .post("b", "title = \"B\"\ndate = 2017-01-01", "x")
        .post("c", "title = \"C\"\ndate = 2016-03-01", "x")
        .build();
    assert_eq!(
        site.select("arkiv/index.html", ".year-list li"),
        ["2017 1 inlägg", "2016 2 inlägg"]
    );
    assert_eq!(
        site.attrs("arkiv/index.html", ".year-list a", "href"),
        ["/arkiv/2017/", "/arkiv/2016/"]
    );
    assert_eq!(site.select("arkiv/2016/index.html", ".archive-list a"), ["A", "C"]);
    assert_eq!(site.select("arkiv/2017/index.html", ".archive-list a"), ["B"]);
    // Each year links to its neighbours.
    assert_eq!(
        site.attrs("arkiv/2016/index.html", ".pagination a", "href"),
        ["/arkiv/2017/"]
    );
    assert_eq!(
        site.attrs("arkiv/2017/index.html", ".pagination a", "href"),
        ["/arkiv/2016/"]
    );
}

#[test]
fn a_site_template_replaces_the_theme_file_and_sees_config_extra() {
    let site = SiteTest::new()
        .config("title = \"T\"\nlanguage = \"sv\"\n[extra]\nslogan = \"Vi besöker\"\n")
        .file("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p id=egen>{{ config.extra.slogan }}</p>{% endblock content %}")
        .file("static/style.css", "body{color:red}")
        .post("a", "title = \"A\"\ndate = 2020-01-01", "x")
        .build();
    site.check("404.html", &["<p id=egen>Vi besöker</p>"]);
    assert_eq!(site.read(&site.published("style.css")), "body{color:red}");
    // Other templates still come from the theme.
    site.check("posts/a/index.html", &["class=\"post\""]);
}

#[test]
fn a_card_is_the_same_in_every_list_that_shows_the_post() {
    // A site's own card: the home page, the tag page and the municipality's timeline all show
    // it as `post.cards.NAME`, made from the post's entry, `t` and `config` only.
    let site = SiteTest::new()
        .config("title = \"Besök\"\nlanguage = \"sv\"\n")
        .file(
            "templates/cards/rad.html",
            "<p class=rad>{{ post.title }} · {{ post.date_display }} · {{ t.tags }} · {{ config.title }}</p>",
        )
        .file(
            "templates/tag.html",
            "{% extends \"base.html\" %}{% block content %}{% for post in posts %}{{ post.cards.rad | safe }}{% endfor %}{% endblock content %}",
        )
        .file(
            "templates/municipality.html",
            "{% extends \"base.html\" %}{% block content %}{% for post in visits %}{{ post.cards.rad | safe }}{% endfor %}{% endblock content %}",
        )
        .post(
            "a",
            "title = \"Kalmar <1>\"\ndate = 2020-03-01\ntags = [\"skola\"]\nmunicipality = \"Kalmar\"",
            "x",
        )
        .post(
            "b",
            "title = \"Kalmar igen\"\ndate = 2021-03-01\ntags = [\"skola\"]\nmunicipality = \"Kalmar\"",
            "x",
        )
        .build();
    let expected = [
        "<p class=rad>Kalmar igen · 1 mars 2021 · Taggar · Besök</p>",
        "<p class=rad>Kalmar &lt;1&gt; · 1 mars 2020 · Taggar · Besök</p>",
    ];
    let tag = site.read("taggar/skola/index.html");
    let timeline = site.read("kommuner/kalmar/index.html");
    let shown = |html: &str| {
        html.lines()
            .flat_map(|l| l.split("</p>"))
            .filter(|l| l.contains("class=rad"))
            .map(|l| format!("{}</p>", l.trim()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&tag), expected, "{tag}");
    // The timeline lists the oldest visit first; the same cards.
    assert_eq!(shown(&timeline), [expected[1], expected[0]], "{timeline}");
    // The default theme's home page keeps its own card (`cards/summary.html`).
    assert_eq!(
        site.select("index.html", "article.card h2 a"),
        ["Kalmar igen", "Kalmar <1>"]
    );
}

#[test]
fn a_site_template_calling_the_themes_card_macro_still_builds() {
    // A home page of the site's own from before cards existed.
    let site = SiteTest::new()
        .file(
            "templates/index.html",
            "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}{% for post in posts %}{{ m::post_card(post=post, t=t) }}{% endfor %}{% endblock content %}",
        )
        .post("a", "title = \"A\"\ndate = 2020-01-01", "x")
        .build();
    assert_eq!(site.select("index.html", "article.card h2 a"), ["A"]);
}

#[test]
fn listed_posts_read_the_same_in_every_way_a_template_can_reach_them() {
    // The posts' entries are shared with the templates, not copied (vendor/tera/BESOK.md):
    // a loop, a test, a filter, an index, a macro's argument and a name set over them must
    // all still see the list, and the neighbours of a post its entries.
    let site = SiteTest::new()
        .file(
            "templates/index.html",
            "{% macro titles(list) %}{% for p in list %}{{ p.title }};{% endfor %}{% endmacro titles %}\
             [{% if posts %}some{% endif %}{% if not posts %}none{% endif %}|{{ posts | length }}|{{ posts[0].title }}|{{ posts.1.title }}\
             |{% for p in posts %}{{ loop.index }}:{{ p.title }}/{{ p.cards.summary | length > 0 }};{% else %}empty{% endfor %}\
             |{% for p in posts | reverse %}{{ p.title }};{% endfor %}|{{ self::titles(list=posts) }}\
             |{% for p in posts %}{{ posts[loop.index0].title }}{% endfor %}|{{ posts.2 | json_encode() | length > 10 }}\
             |{% for posts in [1, 2] %}{{ posts }}{% endfor %}|{% set posts = [\"x\"] %}{% for p in posts %}{{ p }}{% endfor %}]",
        )
        .file(
            "templates/post.html",
            "[{{ post.title }}|{{ older.title | default(value=\"-\") }}|{{ newer.title | default(value=\"-\") }}\
             |{% if older %}o{% endif %}{% if newer %}n{% endif %}|{{ post.cards | default(value=\"no cards\") }}]",
        )
        .post("a", "title = \"A\"\ndate = 2020-01-01", "x")
        .post("b", "title = \"B\"\ndate = 2020-01-02", "x")
        .post("c", "title = \"C\"\ndate = 2020-01-03", "x")
        .build();
    assert_eq!(
        site.read("index.html"),
        "[some|3|C|B|1:C/true;2:B/true;3:A/true;|A;B;C;|C;B;A;|CBA|true|12|x]"
    );
    assert_eq!(site.read("posts/b/index.html"), "[B|A|C|on|no cards]");
    assert_eq!(site.read("posts/a/index.html"), "[A|-|B|n|no cards]");
}

#[test]
fn templates_read_keys_holding_a_slash_or_a_tilde() {
    // Tera looks names up as pointers, where `/` and `~` are escaped: the copy of tera in
    // vendor/tera undoes the escapes only for names that have one.
    let site = SiteTest::new()
        .file(
            "templates/post.html",
            "[{{ post.extra[\"a/b\"] }}|{{ post.extra[\"x~y\"] }}|{{ post.extra.plain }}|{{ post.extra.nested.deep }}]",
        )
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\n[extra]\n\"a/b\" = \"snedstreck\"\n\"x~y\" = \"tilde\"\nplain = \"vanlig\"\nnested = { deep = \"djup\" }",
            "x",
        )
        .build();
    assert_eq!(site.read("posts/a/index.html"), "[snedstreck|tilde|vanlig|djup]");
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = SiteTest::new()
        .config("title = \"T\"\nlanguage = \"sv\"\nbase_url = \"https://example.org/blogg/\"\n")
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\ntags = [\"x\"]\nmunicipality = \"Eda\"",
            "x",
        )
        .build();
    let hrefs = site.attrs("posts/a/index.html", "a[href], link[href]", "href");
    assert!(
        hrefs
            .iter()
            .filter(|h| h.starts_with('/'))
            .all(|h| h.starts_with("/blogg/")),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&format!("/blogg/{}", site.published("style.css"))));
    assert!(hrefs.contains(&"/blogg/taggar/x/".to_string()));
}

#[test]
fn building_twice_gives_identical_output() {
    let site = SiteTest::example().build();
    let first = site.snapshot();
    let site = site.build();
    assert_eq!(first, site.snapshot());
    assert!(first.len() > 10);
}

/// A large site keeps its posts' HTML packed while it builds (to stay within memory); what it
/// writes is the same, byte for byte, feeds with full content included. With a limit of 0
/// every post is packed as it is read; with one between the HTML of one post and of both
/// (about 5 and 4 KB), the post read first is packed after loading.
#[test]
fn packing_the_posts_html_changes_no_byte_written() {
    let site = SiteTest::example().build();
    let plain = site.snapshot();
    for limit in ["0", "7500"] {
        let out = crate::common::besok_command()
            .args(["build"])
            .env("BESOK_PACK_HTML_ABOVE", limit)
            .current_dir(site.root())
            .output()
            .unwrap();
        crate::common::ok(&out);
        assert_eq!(plain, site.snapshot(), "packed above {limit} bytes");
    }
    let post = String::from_utf8(plain["posts/kommunbesok-2-i-kalmar/index.html"].clone()).unwrap();
    assert!(
        post.contains("<h2 id=\"samverkan\">"),
        "the post's HTML is there: {post}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::example().build();
    let before = site.snapshot();
    site.write(
        "content/posts/trasig.md",
        "+++\ntitle = \"Trasig\"\ndate = 2016-13-01\n+++\n",
    );
    let _ = site.errors();
    assert_eq!(before, site.snapshot());
    // No temporary folders are left behind next to the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("besok-tmp") || n.contains("besok-old"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_error_also_leaves_the_previous_output_untouched() {
    let site = SiteTest::example().build();
    let before = site.snapshot();
    site.write(
        "templates/post.html",
        "{% extends \"base.html\" %}{% block content %}{{ post.nope.deeper }}{% endblock content %}",
    );
    let errors = site.errors();
    assert!(errors[0].starts_with("templates/post.html:1:"), "{errors:?}");
    assert_eq!(before, site.snapshot());
}

#[test]
fn the_example_site_builds_every_promised_page() {
    let site = SiteTest::example().build();
    for page in [
        "index.html",
        "posts/besok-i-vetlanda-8-december/index.html",
        "posts/kommunbesok-2-i-kalmar/index.html",
        "taggar/index.html",
        "kommuner/vetlanda/index.html",
        "kommuner/kalmar/index.html",
        "kommuner/index.html",
        "arkiv/index.html",
        "404.html",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
    site.published("style.css");
    site.check(
        "posts/besok-i-vetlanda-8-december/index.html",
        &[
            "8 december 2016",
            "Vetlanda",
            "<h2 id=\"barn-eller-ungdom-vi-lyssnar-pa-dig\">",
        ],
    );
    site.check(
        "posts/kommunbesok-2-i-kalmar/index.html",
        &["<li>Kalmar har tagit fram tydliga riktlinjer"],
    );
    assert!(
        site.report.as_ref().unwrap().warnings.is_empty(),
        "{:?}",
        site.warnings()
    );
}

/// Every list page's `<title>` says what the page is, in the site's language, before the
/// site's name; the home page is the site's name alone, its later pages say their number.
#[test]
fn list_pages_say_what_they_are_in_their_title() {
    let make = |config: &str| {
        SiteTest::new()
            .config(config)
            .file(
                "content/posts/a.md",
                post("A", "2016-03-01").municipality("Eda").tags(&["samverkan"]),
            )
            .file(
                "content/posts/b.md",
                post("B", "2016-12-08").municipality("Eda").tags(&["samverkan"]),
            )
            .build()
    };
    let title = |site: &SiteTest, page: &str| site.select(page, "head > title");
    let sv = make("title = \"Kommunbesök\"\nlanguage = \"sv\"\npaginate_by = 1\n");
    for (page, expected) in [
        ("index.html", "Kommunbesök"),
        ("page/2/index.html", "Sida 2 – Kommunbesök"),
        ("kommuner/index.html", "Kommuner – Kommunbesök"),
        ("kommuner/eda/index.html", "Eda – Kommunbesök"),
        ("taggar/index.html", "Taggar – Kommunbesök"),
        (
            "taggar/samverkan/index.html",
            "Inlägg med taggen samverkan – Kommunbesök",
        ),
        (
            "taggar/samverkan/page/2/index.html",
            "Inlägg med taggen samverkan – Sida 2 – Kommunbesök",
        ),
        ("arkiv/index.html", "Arkiv – Kommunbesök"),
        ("arkiv/2016/index.html", "Arkiv 2016 – Kommunbesök"),
        ("sok/index.html", "Sök – Kommunbesök"),
    ] {
        assert_eq!(title(&sv, page), [expected], "{page}");
    }
    // OpenGraph's title is the page's own, without the site's name.
    assert_eq!(
        sv.attrs("taggar/index.html", "meta[property=\"og:title\"]", "content"),
        ["Taggar"]
    );
    let en = make("title = \"Visits\"\nlanguage = \"en\"\npaginate_by = 1\n");
    for (page, expected) in [
        ("index.html", "Visits"),
        ("page/2/index.html", "Page 2 – Visits"),
        ("municipalities/index.html", "Municipalities – Visits"),
        ("tags/index.html", "Tags – Visits"),
        ("tags/samverkan/index.html", "Posts tagged samverkan – Visits"),
        ("archive/index.html", "Archive – Visits"),
        ("archive/2016/index.html", "Archive 2016 – Visits"),
    ] {
        assert_eq!(title(&en, page), [expected], "{page}");
    }
}

/// A post's footer links each neighbour once: where the next visit to its municipality is also
/// the next post of the whole site, one link says it is both; where they differ, the visit and
/// the post are each linked under their own heading and label.
#[test]
fn a_posts_neighbours_are_linked_once_and_labelled_apart() {
    let site = SiteTest::new()
        .file(
            "content/posts/v1.md",
            post("Första", "2016-01-10").municipality("Vetlanda"),
        )
        .file(
            "content/posts/k.md",
            post("Kalmar", "2016-06-01").municipality("Kalmar"),
        )
        .file(
            "content/posts/v2.md",
            post("Andra", "2017-03-01").municipality("Vetlanda"),
        )
        .file(
            "content/posts/v3.md",
            post("Tredje", "2017-06-01").municipality("Vetlanda"),
        )
        .file("content/posts/e.md", post("Eda", "2018-01-01"))
        .build();
    // (label, href) of every link of a post's footer, in order.
    let links = |name: &str| -> Vec<(String, String)> {
        let page = format!("posts/{name}/index.html");
        site.select(&page, ".post-footer a > span")
            .into_iter()
            .zip(site.attrs(&page, ".post-footer a", "href"))
            .collect()
    };
    let pair = |label: &str, href: &str| (label.to_string(), href.to_string());
    // Första: the next visit (Andra) and the newer post (Kalmar) differ: both, labelled apart.
    assert_eq!(
        links("forsta"),
        [
            pair("Nästa besök →", "/posts/andra/"),
            pair("Nyare inlägg →", "/posts/kalmar/")
        ]
    );
    assert_eq!(
        site.select("posts/forsta/index.html", ".post-footer .nav-title"),
        ["Besök i Vetlanda", "Alla inlägg"]
    );
    // Andra: the next visit is the newer post too (one link, saying so); the older post is
    // Kalmar, not the previous visit.
    assert_eq!(
        links("andra"),
        [
            pair("← Föregående besök", "/posts/forsta/"),
            pair("Nästa besök och nyare inlägg →", "/posts/tredje/"),
            pair("← Äldre inlägg", "/posts/kalmar/"),
        ]
    );
    // Tredje: the previous visit is the older post; the newer post (Eda) is in no timeline.
    assert_eq!(
        links("tredje"),
        [
            pair("← Föregående besök och äldre inlägg", "/posts/andra/"),
            pair("Nyare inlägg →", "/posts/eda/"),
        ]
    );
    // No footer links one post twice.
    for name in ["forsta", "kalmar", "andra", "tredje", "eda"] {
        let hrefs: Vec<String> = links(name).into_iter().map(|(_, h)| h).collect();
        let mut unique = hrefs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), hrefs.len(), "{name}: {hrefs:?}");
    }
    // The timeline's links keep their rel, whatever else they are.
    assert_eq!(
        site.attrs("posts/andra/index.html", ".visit-nav a[rel=next]", "href"),
        ["/posts/tredje/"]
    );
}
