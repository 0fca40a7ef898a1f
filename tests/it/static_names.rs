//! Stylesheets and scripts are published under names with a hash of their content, so a host
//! may cache them for a year: every page names the file by its published name, the file holds
//! the bytes of its source, a change gives it a new name (the old file goes with the next
//! build), and an unchanged build keeps the name and the file's time.

use crate::common::{post, repo, SiteTest};
use besok::static_names::hashed_name;
use std::fs;

/// Checks that every page linking a stylesheet links `href` alone (alias redirects link
/// none), and that most pages do.
fn every_page_links(site: &SiteTest, href: &str) {
    let pages: Vec<String> = site.snapshot().into_keys().filter(|f| f.ends_with(".html")).collect();
    let mut linking = 0;
    for page in &pages {
        let hrefs = site.attrs(page, "link[rel=stylesheet]", "href");
        if !hrefs.is_empty() {
            assert_eq!(hrefs, [href], "{page}");
            linking += 1;
        }
    }
    assert!(
        linking > 10 && linking * 2 > pages.len(),
        "{linking} of {}",
        pages.len()
    );
}

#[test]
fn stylesheets_and_scripts_are_published_under_the_hash_of_their_content() {
    let site = SiteTest::example()
        .file("static/bilder/logga.png", "png")
        .file("static/_headers", "/*.css\n  Cache-Control: public\n")
        .build();
    let theme = |name: &str| fs::read(repo().join("themes/default/static").join(name)).unwrap();

    let css = site.published("style.css");
    assert_eq!(css, hashed_name("style.css", &theme("style.css")));
    assert_ne!(css, "style.css");
    assert_eq!(fs::read(site.output().join(&css)).unwrap(), theme("style.css"));
    every_page_links(&site, &format!("/{css}"));

    let js = site.published("search.js");
    assert_eq!(js, hashed_name("search.js", &theme("search.js")));
    assert_eq!(fs::read(site.output().join(&js)).unwrap(), theme("search.js"));
    let stemmers = site.published("stemmers.js");
    assert_eq!(stemmers, hashed_name("stemmers.js", &theme("stemmers.js")));
    assert_eq!(
        site.attrs("sok/index.html", "script[src]", "src"),
        [format!("/{stemmers}"), format!("/{js}")]
    );

    // Other files keep their names; no stylesheet or script is published under its own.
    assert_eq!(site.read("bilder/logga.png"), "png");
    // A host's `_headers` file (docs/publishing.md) is published at the root as it is.
    assert_eq!(site.read("_headers"), "/*.css\n  Cache-Control: public\n");
    assert!(!site.exists("style.css") && !site.exists("search.js"));
}

#[test]
fn an_edited_stylesheet_gets_a_new_name_and_the_old_file_goes() {
    let site = SiteTest::example().file("static/style.css", "body { color: teal }\n");
    let time = |file: &str| fs::metadata(site.output().join(file)).unwrap().modified().unwrap();
    besok::build(&site.options).unwrap();
    let first = site.published("style.css");
    let first_time = time(&first);

    // Built again unchanged: the same name, the file untouched.
    std::thread::sleep(std::time::Duration::from_millis(30));
    besok::build(&site.options).unwrap();
    assert_eq!(site.published("style.css"), first);
    assert_eq!(time(&first), first_time);

    site.write("static/style.css", "body { color: navy }\n");
    besok::build(&site.options).unwrap();
    // `published` finds exactly one file: the old one is gone.
    let second = site.published("style.css");
    assert_ne!(second, first);
    assert!(!site.exists(&first));
    assert_eq!(site.read(&second), "body { color: navy }\n");
    every_page_links(&site, &format!("/{second}"));
}

#[test]
fn a_stylesheet_names_the_stylesheet_it_imports_by_its_published_name() {
    let site = SiteTest::new()
        .file(
            "static/style.css",
            "@import url(\"delar/extra.css\");\nbody { background: url(bilder/bg.png) }\n",
        )
        .file("static/delar/extra.css", "h1 { color: red }\n")
        .file("static/bilder/bg.png", "png")
        .file("content/posts/a.md", post("A", "2020-01-01"))
        .build();
    let extra = site.published("delar/extra.css");
    let extra_file = extra.rsplit('/').next().unwrap();
    let style = site.published("style.css");
    let published = site.read(&style);
    assert_eq!(
        published,
        format!("@import url(\"delar/{extra_file}\");\nbody {{ background: url(bilder/bg.png) }}\n")
    );
    assert_eq!(style, hashed_name("style.css", published.as_bytes()));
    assert_eq!(site.read(&extra), "h1 { color: red }\n");
}

#[test]
fn a_site_under_a_path_links_its_stylesheet_there() {
    let site = SiteTest::example()
        .config("title = \"T\"\nlanguage = \"sv\"\nbase_url = \"https://example.org/blogg/\"\n")
        .build();
    let css = site.published("style.css");
    assert_eq!(
        site.attrs("index.html", "link[rel=stylesheet]", "href"),
        [format!("/blogg/{css}")]
    );
}

#[test]
fn stylesheets_that_import_each_other_in_a_circle_are_an_error() {
    let errors = SiteTest::new()
        .file("static/a.css", "@import 'b.css';")
        .file("static/b.css", "@import url(a.css);")
        .file("content/posts/a.md", post("A", "2020-01-01"))
        .errors();
    assert_eq!(
        errors,
        ["static/a.css:1:1: error: these stylesheets refer to each other in a circle: a.css → b.css → a.css; besok names each by a hash of its content, which a circle makes impossible"]
    );
}

/// `(href, type)` of every page's icon links, and how many pages were looked at (alias
/// redirects have no head of their own and are left out).
fn icon_links(site: &SiteTest) -> (Vec<Vec<(String, String)>>, usize) {
    let pages: Vec<String> = site
        .snapshot()
        .into_keys()
        .filter(|f| f.ends_with(".html") && !site.read(f).contains("http-equiv=\"refresh\""))
        .collect();
    let links = pages
        .iter()
        .map(|page| {
            site.attrs(page, "head link[rel=icon]", "href")
                .into_iter()
                .zip(
                    scraper::Html::parse_document(&site.read(page))
                        .select(&scraper::Selector::parse("head link[rel=icon]").unwrap())
                        .map(|e| e.value().attr("type").unwrap_or("").to_string()),
                )
                .collect()
        })
        .collect();
    (links, pages.len())
}

/// The default theme brings an icon, at the addresses browsers ask for without a link too
/// (`/favicon.ico`), linked from every page's head under the site's path, and its files keep
/// their names: they are never renamed by their content.
#[test]
fn every_page_links_the_themes_icon_at_a_stable_address() {
    let site = SiteTest::example()
        .config("title = \"T\"\nbase_url = \"https://example.org/blogg/\"\nlanguage = \"sv\"\n")
        .build();
    let theme = |name: &str| fs::read(repo().join("themes/default/static").join(name)).unwrap();
    let (links, pages) = icon_links(&site);
    assert!(pages > 10, "{pages}");
    let expected = [
        ("/blogg/favicon.ico".to_string(), String::new()),
        ("/blogg/favicon.svg".to_string(), "image/svg+xml".to_string()),
    ];
    for page in &links {
        assert_eq!(page, &expected);
    }
    let svg = fs::read(site.output().join("favicon.svg")).unwrap();
    assert_eq!(svg, theme("favicon.svg"));
    roxmltree::Document::parse(std::str::from_utf8(&svg).unwrap()).unwrap();
    let ico = fs::read(site.output().join("favicon.ico")).unwrap();
    assert_eq!(ico, theme("favicon.ico"));
    assert_eq!(&ico[..4], [0, 0, 1, 0], "an ICO file's header");
}

/// A site's own icon in `static/` replaces the theme's: the same name replaces that file, and
/// a site that brings only one icon file has that one alone (the theme's other would win in
/// the browser over the site's own).
#[test]
fn a_sites_own_icon_replaces_the_themes() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>";
    let site = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2016-12-08", "x")
        .file("static/favicon.svg", svg)
        .file("static/favicon.ico", "ico of our own")
        .build();
    assert_eq!(fs::read_to_string(site.output().join("favicon.svg")).unwrap(), svg);
    assert_eq!(
        fs::read_to_string(site.output().join("favicon.ico")).unwrap(),
        "ico of our own"
    );
    assert_eq!(
        site.attrs("index.html", "head link[rel=icon]", "href"),
        ["/favicon.ico", "/favicon.svg"]
    );

    let only_ico = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2016-12-08", "x")
        .file("static/favicon.ico", "ico of our own")
        .build();
    assert_eq!(
        fs::read_to_string(only_ico.output().join("favicon.ico")).unwrap(),
        "ico of our own"
    );
    assert!(!only_ico.exists("favicon.svg"));
    let (links, _) = icon_links(&only_ico);
    for page in &links {
        assert_eq!(page, &[("/favicon.ico".to_string(), String::new())]);
    }

    let only_svg = SiteTest::new().file("static/favicon.svg", svg).build();
    assert!(!only_svg.exists("favicon.ico"));
    assert_eq!(
        only_svg.attrs("index.html", "head link[rel=icon]", "href"),
        ["/favicon.svg"]
    );
}
