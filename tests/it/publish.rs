//! Publishing: Atom feeds, sitemap, robots.txt, aliases, canonical and OpenGraph meta, internal
//! links, the search index, and a whole site under a base URL with a path, crawled link by link.

use crate::common::{post, SiteTest};
use std::collections::BTreeSet;
use std::path::Path;

/// Three posts: two visits to Kalmar, one to Eda; "samverkan" on two of them.
fn three_posts() -> SiteTest {
    SiteTest::new()
        .file(
            "content/posts/kalmar-1.md",
            post("Första besöket i Kalmar", "2016-03-01")
                .municipality("Kalmar")
                .tags(&["samverkan"])
                .body("Text om [Kalmar](/kommuner/kalmar/).\n\n## Mer\n\nResten."),
        )
        .file(
            "content/posts/eda.md",
            post("Besök i Eda", "2016-06-01")
                .municipality("Eda")
                .tags(&["ledarskap"])
                .body("Om Eda."),
        )
        .file(
            "content/posts/kalmar-2.md",
            post("Andra besöket i Kalmar", "2016-11-10T10:00:00+01:00")
                .municipality("Kalmar")
                .tags(&["samverkan", "ledarskap"])
                .body("Uppföljning."),
        )
}

fn parse_feed(site: &SiteTest, rel: &str) -> feed_rs::model::Feed {
    let xml = site.read(rel);
    feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{rel} is not a valid feed: {e}\n{xml}"))
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect()
}

#[test]
fn feeds_parse_and_hold_the_right_posts_newest_first() {
    let site = three_posts().build();
    let feed = parse_feed(&site, "atom.xml");
    assert_eq!(
        titles(&feed),
        ["Andra besöket i Kalmar", "Besök i Eda", "Första besöket i Kalmar"]
    );
    assert_eq!(feed.title.as_ref().unwrap().content, "Testbloggen");
    assert_eq!(feed.id, "https://example.org/");
    assert_eq!(feed.updated.unwrap().to_rfc3339(), "2016-11-10T09:00:00+00:00");
    let first = &feed.entries[0];
    assert_eq!(first.id, "https://example.org/posts/andra-besoket-i-kalmar/");
    assert_eq!(first.links[0].href, "https://example.org/posts/andra-besoket-i-kalmar/");
    let cats: Vec<&str> = first.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(cats, ["samverkan", "ledarskap"]);
    // Full content by default, with links made absolute for feed readers.
    let oldest = feed.entries[2].content.as_ref().unwrap().body.clone().unwrap();
    assert!(oldest.contains("<h2 id=\"mer\">Mer</h2>"), "{oldest}");
    assert!(
        oldest.contains("href=\"https://example.org/kommuner/kalmar/\""),
        "{oldest}"
    );

    let tag = parse_feed(&site, "taggar/samverkan/atom.xml");
    assert_eq!(titles(&tag), ["Andra besöket i Kalmar", "Första besöket i Kalmar"]);
    assert_eq!(tag.title.as_ref().unwrap().content, "Testbloggen – samverkan");
    let kalmar = parse_feed(&site, "kommuner/kalmar/atom.xml");
    assert_eq!(titles(&kalmar), ["Andra besöket i Kalmar", "Första besöket i Kalmar"]);
    let eda = parse_feed(&site, "kommuner/eda/atom.xml");
    assert_eq!(titles(&eda), ["Besök i Eda"]);
}

#[test]
fn feeds_are_linked_from_their_pages() {
    let site = three_posts().build();
    let alternate = "link[rel=alternate][type=\"application/atom+xml\"]";
    assert_eq!(site.attrs("index.html", alternate, "href"), ["/atom.xml"]);
    assert_eq!(
        site.attrs("taggar/samverkan/index.html", alternate, "href"),
        ["/atom.xml", "/taggar/samverkan/atom.xml"]
    );
    assert_eq!(
        site.attrs("kommuner/kalmar/index.html", alternate, "href"),
        ["/atom.xml", "/kommuner/kalmar/atom.xml"]
    );
    assert_eq!(
        site.attrs("kommuner/kalmar/index.html", "a.feed-link", "href"),
        ["/kommuner/kalmar/atom.xml"]
    );
}

#[test]
fn feed_content_summary_and_feed_limit() {
    let site = three_posts()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nfeed_content = \"summary\"\nfeed_limit = 2\n")
        .build();
    let feed = parse_feed(&site, "atom.xml");
    assert_eq!(titles(&feed), ["Andra besöket i Kalmar", "Besök i Eda"]);
    assert!(feed.entries.iter().all(|e| e.content.is_none()));
    assert_eq!(feed.entries[1].summary.as_ref().unwrap().content, "<p>Om Eda.</p>");
}

#[test]
fn hostile_titles_stay_text_in_feeds() {
    // A control character in a title is an error (tests/errors.rs); in the body it is dropped
    // from the feed, which XML would otherwise make unreadable.
    let title = "<b>Fet</b> & \\\"citat\\\" ]]>";
    let site = SiteTest::new()
        .post("a", &format!("title = \"{title}\"\ndate = 2020-01-01"), "Text \u{1}.")
        .build();
    let feed = parse_feed(&site, "atom.xml");
    assert_eq!(titles(&feed), ["<b>Fet</b> & \"citat\" ]]>"]);
    assert!(site.read("atom.xml").contains("Text ."));
}

#[test]
fn sitemap_lists_exactly_the_public_pages() {
    let site = SiteTest::example().build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut listed = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url.children().find(|n| n.has_tag_name("loc")).unwrap().text().unwrap();
        // A plain page shows no post, so besok knows no date it last changed.
        let lastmod = url
            .children()
            .find(|n| n.has_tag_name("lastmod"))
            .map(|n| n.text().unwrap());
        match lastmod {
            Some(lastmod) => assert!(
                chrono::NaiveDate::parse_from_str(lastmod, "%Y-%m-%d").is_ok(),
                "{lastmod}"
            ),
            None => assert_eq!(loc, "https://example.org/om/"),
        }
        assert!(listed.insert(loc.to_string()), "{loc} listed twice");
    }
    // Every HTML page written, except the 404 page and the two alias redirects.
    let redirects = [
        "2016/12/08/besok-i-vetlanda-8-december/index.html",
        "2016/11/10/kommunbesok-2-i-kalmar/index.html",
    ];
    let expected: BTreeSet<String> = html_files(&site.output())
        .into_iter()
        .filter(|f| f != "404.html" && !redirects.contains(&f.as_str()))
        .map(|f| format!("https://example.org/{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, expected);
    assert!(listed.contains("https://example.org/kommuner/kalmar/"));
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

fn html_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

#[test]
fn aliases_redirect_to_their_post() {
    let site = SiteTest::example().build();
    let page = "2016/12/08/besok-i-vetlanda-8-december/index.html";
    let target = "https://example.org/posts/besok-i-vetlanda-8-december/";
    assert_eq!(
        site.attrs(page, "meta[http-equiv=refresh]", "content"),
        [format!("0; url={target}")]
    );
    assert_eq!(site.attrs(page, "link[rel=canonical]", "href"), [target]);
    assert_eq!(site.attrs(page, "a", "href"), [target]);
    assert_eq!(site.select(page, "a"), ["Besök i Vetlanda 8 december"]);

    let site = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\naliases = [\"/gammal.html\", \"/gammal/sida\"]",
            "Text.",
        )
        .build();
    site.check("gammal.html", &["url=https://example.org/posts/a/"]);
    site.check("gammal/sida/index.html", &["url=https://example.org/posts/a/"]);
}

#[test]
fn every_page_has_canonical_and_opengraph_meta() {
    let site = SiteTest::example().build();
    for page in html_files(&site.output()) {
        if page.starts_with("2016/") {
            continue; // alias redirects have a canonical to their post instead
        }
        let canonical = site.attrs(&page, "link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{page}");
        let og_url = site.attrs(&page, "meta[property=\"og:url\"]", "content");
        assert_eq!(og_url, canonical, "{page}");
        assert_eq!(
            site.attrs(&page, "meta[property=\"og:site_name\"]", "content"),
            ["Kommunbesök"],
            "{page}"
        );
        assert_eq!(
            site.attrs(&page, "meta[property=\"og:locale\"]", "content"),
            ["sv_SE"],
            "{page}"
        );
        // The Kalmar visit has a featured photo, which gets the large card.
        let card = if page == "posts/kommunbesok-2-i-kalmar/index.html" {
            "summary_large_image"
        } else {
            "summary"
        };
        assert_eq!(
            site.attrs(&page, "meta[name=\"twitter:card\"]", "content"),
            [card],
            "{page}"
        );
    }
    let post = "posts/kommunbesok-2-i-kalmar/index.html";
    assert_eq!(
        site.attrs(post, "link[rel=canonical]", "href"),
        ["https://example.org/posts/kommunbesok-2-i-kalmar/"]
    );
    assert_eq!(
        site.attrs(post, "meta[property=\"og:title\"]", "content"),
        ["Kommunbesök 2 i Kalmar"]
    );
    assert_eq!(site.attrs(post, "meta[property=\"og:type\"]", "content"), ["article"]);
    let description = site.attrs(post, "meta[property=\"og:description\"]", "content");
    assert!(
        description[0].starts_with("Kalmar var det andra besöket efter Uppsala."),
        "{description:?}"
    );
}

/// A post whose first paragraph is long gets a description search engines can show (they cut
/// at ~160 characters), not the paragraph three times over in its head.
#[test]
fn a_long_first_paragraph_makes_a_short_description() {
    let paragraph = "Vi pratade länge om kompetensutveckling och samverkan i Vetlanda. ".repeat(40);
    let site = SiteTest::new()
        .post(
            "lang",
            "title = \"Lång\"\ndate = 2016-12-08",
            &format!("{paragraph}\n\nMer."),
        )
        .build();
    let page = "posts/lang/index.html";
    for selector in [
        "meta[name=\"description\"]",
        "meta[property=\"og:description\"]",
        "meta[name=\"twitter:description\"]",
    ] {
        let content = site.attrs(page, selector, "content");
        assert_eq!(content.len(), 1, "{selector}");
        let d = &content[0];
        assert!(d.chars().count() <= 161 && d.ends_with('…'), "{selector}: {d}");
        assert!(paragraph.starts_with(d.trim_end_matches('…')), "{selector}: {d}");
    }
    // The page itself still has the whole paragraph.
    assert!(site.read(page).contains(paragraph.trim()));
}

#[test]
fn links_to_posts_by_file_become_urls() {
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/blogg/\"\nlanguage = \"sv\"\n")
        .post("2016/a", "title = \"A\"\ndate = 2016-01-01", "## Rubrik\n\nText.")
        .post(
            "b",
            "title = \"B\"\ndate = 2016-01-02",
            "Se [a](@/posts/2016/a.md#rubrik), [igen](2016/a.md), [ort](../municipalities/eda.md) och [här](#sist).\n\n## Sist",
        )
        .file("content/municipalities/eda.md", "+++\nname = \"Eda\"\n+++\nSe [B](@/posts/b.md).\n")
        .build();
    assert_eq!(
        site.attrs("posts/b/index.html", ".content a", "href"),
        [
            "/blogg/posts/a/#rubrik",
            "/blogg/posts/a/",
            "/blogg/kommuner/eda/",
            "#sist"
        ]
    );
    assert_eq!(
        site.attrs("kommuner/eda/index.html", ".intro a", "href"),
        ["/blogg/posts/b/"]
    );
}

#[test]
fn search_index_holds_every_post() {
    let site = three_posts()
        .post(
            "farlig",
            "title = \"</script><script>alert(1)</script> \\\"x\\\"\"\ndate = 2015-01-01",
            "Kompetensutveckling och Va\u{308}xjö.",
        )
        .build();
    let (manifest, docs) = crate::common::search_docs(&site.output());
    assert_eq!(manifest["version"], 4);
    assert_eq!(manifest["language"], "sv");
    assert_eq!(manifest["posts"], 4);
    // Doc ids count from the oldest post, so a new post leaves the others' ids as they are.
    let titles: Vec<&str> = docs.iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "</script><script>alert(1)</script> \"x\"",
            "Första besöket i Kalmar",
            "Besök i Eda",
            "Andra besöket i Kalmar",
        ]
    );
    let kalmar = &docs[3];
    assert_eq!(kalmar["url"], "/posts/andra-besoket-i-kalmar/");
    assert_eq!(kalmar["date"], "2016-11-10");
    assert_eq!(kalmar["date_display"], "10 november 2016");
    assert_eq!(kalmar["municipality"], "Kalmar");
    assert_eq!(kalmar["snippet"], "Uppföljning.");

    // Words are lowercased, NFC-normalised (the decomposed "ä" is the same as a typed one) and
    // reduced to their stems, sorted, and each lists the posts it is in; tags and
    // municipalities are words too.
    let terms = crate::common::search_terms(&site.output(), &manifest);
    let words: Vec<&str> = terms.iter().map(|(w, _)| w.as_str()).collect();
    let mut sorted = words.clone();
    sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    sorted.dedup();
    assert_eq!(words, sorted, "words are sorted and unique");
    let posts_of = |w: &str| {
        let stem = crate::common::sv_stem(w);
        terms
            .iter()
            .find(|(t, _)| *t == stem)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    assert_eq!(posts_of("kompetensutveckling"), [0]);
    assert_eq!(posts_of("växjö"), [0]);
    assert_eq!(posts_of("kalmar"), [1, 3]);
    assert_eq!(posts_of("samverkan"), [1, 3]);
    assert_eq!(posts_of("ledarskap"), [2, 3]);
    // "besöket" and "besök" are one word of the index.
    assert_eq!(crate::common::sv_stem("besöket"), "besök");
    assert_eq!(posts_of("besöket"), [1, 2, 3]);
    assert!(terms.iter().all(|(w, _)| w != "besöket" && w != "Kalmar"));

    // The compounds: the long words again with the same postings, sorted by their endings.
    let suffixes = crate::common::search_terms_of(&site.output(), &manifest, "suffixes");
    let endings: Vec<String> = suffixes.iter().map(|(w, _)| w.chars().rev().collect()).collect();
    let mut sorted_endings = endings.clone();
    sorted_endings.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    assert_eq!(endings, sorted_endings);
    assert!(suffixes.iter().any(|(w, _)| w == "kompetensutveckling"));
    for (word, docs) in &suffixes {
        assert!(word.chars().count() >= 8, "{word}");
        assert_eq!(*docs, posts_of(word), "{word}");
    }
    // The words alone, for typos: every word of four letters or more, in order.
    let spelled: Vec<String> = manifest["words"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let shard: serde_json::Value = serde_json::from_str(&site.read(s["file"].as_str().unwrap())).unwrap();
            shard["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let long: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().count() >= 4 && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert_eq!(spelled, long);

    // Every shard the manifest names was written, and nothing else is in the index's folder.
    let listed: BTreeSet<String> = manifest["docs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            ["terms", "suffixes", "words"]
                .iter()
                .flat_map(|k| manifest[*k].as_array().unwrap().iter().map(|t| &t["file"])),
        )
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    let written: BTreeSet<String> = std::fs::read_dir(site.output().join("search_index"))
        .unwrap()
        .map(|e| format!("search_index/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(listed, written);

    // The search page points at the index and has no post data inlined in it.
    assert_eq!(
        site.attrs("sok/index.html", "form[data-search-index]", "data-search-index"),
        ["/search_index.json"]
    );
    site.check_not("sok/index.html", &["alert(1)"]);
}

/// Under a base URL with a path, every link, asset, feed, sitemap and search URL of every page
/// leads to a file that was written.
#[test]
fn a_site_under_a_path_crawls_clean() {
    let mut site = SiteTest::example();
    site.options.base_url = Some("https://example.org/blogg/".into());
    let site = site.build();
    let out = site.output();
    let mut urls: Vec<(String, String)> = Vec::new();
    for page in html_files(&out) {
        for (sel, attr) in [
            ("a", "href"),
            ("link", "href"),
            ("script", "src"),
            ("img", "src"),
            ("form", "action"),
            ("form", "data-search-index"),
            ("meta[property=\"og:url\"]", "content"),
        ] {
            for url in site.attrs(&page, sel, attr) {
                urls.push((page.clone(), url));
            }
        }
    }
    for feed in [
        "atom.xml",
        "kommuner/kalmar/atom.xml",
        "taggar/samverkan/atom.xml",
        "sitemap.xml",
    ] {
        let xml = site.read(feed);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for n in doc.descendants() {
            if let Some(href) = n.attribute("href") {
                urls.push((feed.into(), href.into()));
            }
            if n.has_tag_name("loc") || n.has_tag_name("id") {
                urls.push((feed.into(), n.text().unwrap().into()));
            }
        }
    }
    let (_, docs) = crate::common::search_docs(&site.output());
    assert_eq!(
        docs.len(),
        3,
        "both example posts and the Om page are in the search index"
    );
    for p in docs {
        urls.push(("search_index.json".into(), p["url"].as_str().unwrap().into()));
    }
    assert!(urls.len() > 100, "{}", urls.len());
    let mut checked = 0;
    for (page, url) in &urls {
        if url.starts_with("https://kalmar.se") || url.starts_with("https://www.vetlanda.se") {
            continue; // the municipalities' own websites
        }
        if url.starts_with("https://www.youtube.com/watch?v=") {
            continue; // the Kalmar visit's video, on YouTube
        }
        if url.starts_with('#') {
            continue;
        }
        let path = url
            .strip_prefix("https://example.org/blogg/")
            .or_else(|| url.strip_prefix("/blogg/"))
            .unwrap_or_else(|| panic!("{page}: {url} is not under the site's base URL"));
        let path = path.split('#').next().unwrap();
        let file = if path.is_empty() || path.ends_with('/') {
            out.join(path).join("index.html")
        } else {
            out.join(path)
        };
        assert!(file.is_file(), "{page}: {url} leads to no file ({})", file.display());
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn query_short_links_redirect_from_the_home_page_not_from_folders() {
    let site = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\naliases = [\"/?p=412\", \"/2020/01/01/a/\"]",
            "x",
        )
        .build();
    assert!(site.exists("2020/01/01/a/index.html"));
    assert!(!site.output().join("?p=412").exists());
    // Named by its content, as every script is, so a host may cache it for a year.
    let file = site.published("old-links.js");
    let script = site.read(&file);
    assert!(script.contains("{\"p=412\":\"/posts/a/\"}"), "{script}");
    assert_eq!(
        file,
        besok::static_names::hashed_name("old-links.js", script.as_bytes())
    );
    site.check("index.html", &[&format!("<script src=\"/{file}\"></script>")]);
    site.check_not("posts/a/index.html", &["old-links."]);
}
