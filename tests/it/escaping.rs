//! Every string a writer gives besok lands somewhere: HTML text and attributes, Atom feeds, the
//! sitemap, the search index, redirect pages, the short-link script. One site whose every such
//! string is a hostile payload is built, and every output file is parsed with a real parser
//! (html5ever through scraper, roxmltree, serde_json) to check that each payload arrived as
//! text, whole, and injected nothing.
//!
//! Markdown (the body and `summary`) may hold HTML on purpose (it is the writer's own, as in
//! CommonMark); here the payload is written there as escaped text, so it must stay text too.

use crate::common::{unhashed, SiteTest};
use std::fs;
use std::path::Path;

/// Closes a script, opens one, breaks out of an attribute, adds an element with a handler,
/// ends a CDATA section, and carries a bare ampersand and both quotes.
const P: &str = r#"</script><script>alert(1)</script>"><img src=x onerror=alert(1)>]]>&amp;&'"#;

fn toml(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The payload as markdown text: every character that could start HTML escaped.
fn md_text(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '<' | '>' | '&' | '[' | ']' | '*' | '_' | '`' | '\\' | '!' | '"' | '\'' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

fn hostile_site() -> SiteTest {
    let config = format!(
        "title = {t}\ndescription = {t}\nauthor = {t}\nbase_url = \"https://example.org/blogg/\"\nlanguage = \"sv\"\n[extra]\nfoo = {t}\n",
        t = toml(&format!("Sajt {P}"))
    );
    let post = format!(
        "+++\ntitle = {title}\ndate = 2016-12-08\nmunicipality = {m}\ntags = [{tag}, \"samverkan\"]\nauthor = {author}\nsummary = {summary}\naliases = [\"/gammal/it's&more/\", \"/?p=1&x=2\"]\n[extra]\nbar = {title}\n+++\nBrödtext med {body}.\n",
        title = toml(&format!("Titel {P}")),
        m = toml(&format!("Kommun {P}")),
        tag = toml(&format!("Tagg {P}")),
        author = toml(&format!("Författare {P}")),
        summary = toml(&format!("Sammanfattning {}", md_text(P))),
        body = md_text(P),
    );
    let page = format!(
        "+++\nname = {name}\ncounty = {county}\nwebsite = {web}\n+++\nOm kommunen {intro}.\n",
        name = toml(&format!("Kommun {P}")),
        county = toml(&format!("Län {P}")),
        web = toml(&format!("https://example.se/{P}")),
        intro = md_text(P),
    );
    SiteTest::new()
        .config(&config)
        .file("content/posts/a.md", &post)
        .file(
            "content/posts/b.md",
            "+++\ntitle = \"Granne\"\ndate = 2016-12-09\n+++\nText.\n",
        )
        .file("content/municipalities/kommun.md", &page)
        .file(
            "content/pages/om.md",
            format!(
                "+++\ntitle = {title}\nmenu = 1\naliases = [\"/?page_id=1&y=2\"]\n+++\nSidans text {body}.\n",
                title = toml(&format!("Sida {P}")),
                body = md_text(P),
            ),
        )
        // Only punctuation around a real name's letters: Malung-Sälen, misspelt, so on the map.
        .file(
            "content/posts/c.md",
            format!(
                "+++\ntitle = \"Malung\"\ndate = 2016-12-10\nmunicipality = {}\n+++\nText.\n",
                toml(MALUNG)
            ),
        )
}

/// A name the map draws (as Malung-Sälen) whose every other character is markup.
const MALUNG: &str = r#"Malung"'</><!--&#]]>Sälen"#;

fn all_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Scripts the default theme loads; anything else would be injected.
const KNOWN_SCRIPTS: &[&str] = &["old-links.js", "stemmers.js", "search.js"];

fn check_html(file: &Path, text: &str) {
    let doc = scraper::Html::parse_document(text);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "{}: <{name} {attr}={value:?}>", file.display());
            if attr == "href" || attr == "src" {
                assert!(
                    !value.trim_start().to_lowercase().starts_with("javascript:"),
                    "{}: {attr}={value}",
                    file.display()
                );
            }
        }
        match name {
            "script" => {
                let src = el
                    .value()
                    .attr("src")
                    .unwrap_or_else(|| panic!("{}: an inline script", file.display()));
                assert!(
                    KNOWN_SCRIPTS.iter().any(|s| unhashed(src).ends_with(s)),
                    "{}: script {src}",
                    file.display()
                );
                assert_eq!(el.text().collect::<String>(), "", "{}", file.display());
            }
            "img" => panic!("{}: an <img> was injected: {}", file.display(), el.html()),
            _ => {}
        }
    }
}

/// Text of the elements matching `css`.
fn texts(text: &str, css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(text);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>()).collect()
}

fn attrs(text: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(text);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn hostile_strings_are_text_everywhere() {
    let t = hostile_site().build();
    let out = t.output();
    let mut html_files = 0;
    let mut xml_files = 0;
    for file in all_files(&out) {
        let name = file.to_string_lossy().to_string();
        let icon = ["favicon.ico", "favicon.svg"].iter().any(|i| name.ends_with(i));
        if name.contains("/vendor/") || name.ends_with(".css") || unhashed(&name).ends_with("search.js") || icon {
            continue; // the theme's own files
        }
        let text = fs::read_to_string(&file).unwrap();
        if name.ends_with(".html") {
            html_files += 1;
            check_html(&file, &text);
        } else if name.ends_with(".xml") {
            xml_files += 1;
            let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for node in doc.descendants().filter(|n| n.is_element()) {
                let tag = node.tag_name().name();
                assert!(!["script", "img"].contains(&tag), "{name}: <{tag}> in the XML");
                // HTML carried inside the feed is escaped text; read as HTML it injects nothing.
                if tag == "content" || tag == "summary" {
                    check_html(&file, node.text().unwrap_or(""));
                }
            }
        } else if name.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if unhashed(&name).ends_with("old-links.js") {
            let json = text
                .split("var links = ")
                .nth(1)
                .and_then(|rest| rest.split(";\n").next())
                .unwrap_or_else(|| panic!("{name}: {text}"));
            let map: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}: {json}"));
            assert_eq!(
                map["p=1&x=2"],
                "/blogg/posts/titel-script-script-alert-1-script-img-src-x-onerror-alert-1-amp/"
            );
            assert_eq!(map["page_id=1&y=2"], "/blogg/om/");
        }
    }
    assert!(
        html_files >= 10 && xml_files >= 4,
        "{html_files} HTML, {xml_files} XML files"
    );

    // Each payload arrived whole, as text, where it is shown.
    let post_url = "posts/titel-script-script-alert-1-script-img-src-x-onerror-alert-1-amp/";
    let post = t.read(&format!("{post_url}index.html"));
    assert_eq!(texts(&post, "article.post h1"), [format!("Titel {P}")]);
    assert_eq!(texts(&post, "title"), [format!("Titel {P} – Sajt {P}")]);
    assert_eq!(
        attrs(&post, "meta[name=description]", "content"),
        [format!("Sammanfattning {P}")]
    );
    assert_eq!(
        attrs(&post, "meta[property='og:site_name']", "content"),
        [format!("Sajt {P}")]
    );
    assert!(texts(&post, "ul.tags a").contains(&format!("Tagg {P}")));
    assert_eq!(texts(&post, ".kicker a"), [format!("Kommun {P}")]);
    assert!(texts(&post, "div.content p")[0].contains(&format!("Brödtext med {P}.")));

    let m = t.read("kommuner/kommun-script-script-alert-1-script-img-src-x-onerror-alert-1-amp/index.html");
    assert!(attrs(&m, "main a", "href").contains(&format!("https://example.se/{P}")));
    assert!(texts(&m, "main").iter().any(|s| s.contains(&format!("Län {P}"))));
    // The county is the page's own, shown on its timeline; on the index it is under "Övriga",
    // as it is not one of Sweden's municipalities.
    let index = t.read("kommuner/index.html");
    assert!(texts(&index, "#county-none + table a, #county-none ~ table a")
        .iter()
        .any(|s| s == &format!("Kommun {P}")));
    // A hostile spelling of one of Sweden's municipalities is that municipality, named on the
    // map (built by besok, not a template) as Sweden names it.
    assert_eq!(
        attrs(&index, ".sweden-map [aria-label]", "aria-label"),
        ["Malung-Sälen – 1 besök"]
    );
    assert_eq!(texts(&index, ".sweden-map .visited title"), ["Malung-Sälen – 1 besök"]);

    // A plain page's title, in its own heading and in every page's navigation.
    let page = t.read("om/index.html");
    assert_eq!(texts(&page, "article h1"), [format!("Sida {P}")]);
    assert!(texts(&page, "div.content p")[0].contains(&format!("Sidans text {P}.")));
    assert_eq!(texts(&post, "header nav a").last().unwrap(), &format!("Sida {P}"));

    let alias = t.read("gammal/it's&more/index.html");
    check_html(Path::new("alias"), &alias);
    assert!(attrs(&alias, "a", "href").iter().any(|h| h.ends_with(post_url)));

    let feed = t.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&format!("Sajt {P}").as_str()), "{titles:?}");
    assert!(titles.contains(&format!("Titel {P}").as_str()), "{titles:?}");
    let authors: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("name"))
        .filter_map(|n| n.text())
        .collect();
    assert!(authors.contains(&format!("Författare {P}").as_str()), "{authors:?}");

    let (manifest, docs) = crate::common::search_docs(&t.output());
    let (id, entry) = docs
        .iter()
        .enumerate()
        .find(|(_, p)| p["title"] == format!("Titel {P}"))
        .expect("the post in the search index");
    assert_eq!(entry["municipality"], format!("Kommun {P}"));
    assert_eq!(entry["snippet"], format!("Sammanfattning {P}"));
    // The tag's words are searchable words of the post.
    let terms = crate::common::search_terms(&t.output(), &manifest);
    let tagg = crate::common::sv_stem("tagg");
    assert!(terms.iter().any(|(w, d)| *w == tagg && d.contains(&(id as u64))));

    let sitemap_text = t.read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap_text).unwrap();
    assert!(sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .any(|n| n.text() == Some(format!("https://example.org/blogg/{post_url}").as_str())));
}
