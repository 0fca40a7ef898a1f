//! Property tests: whatever a writer's folder holds, besok gives a page or a clear error with
//! file:line:column, and never panics.
//!
//! The parsers are exercised directly (hundreds of cases a second); whole sites are built with
//! fewer cases because each one renders and writes every page. `PROPTEST_CASES=N` raises (or
//! lowers) every case count for a longer soak run.

use besok::config::SlugsFrom;
use besok::content::{parse_municipality_page, parse_page, parse_post, Reading};
use besok::diagnostics::Diagnostic;
use besok::markdown::{render, Typography};
use besok::source::read_text;
use besok::{BuildOptions, Error};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// `default` cases, or `PROPTEST_CASES` when set.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        // Shrinking a failing site build can take minutes; the first failure is shown in full.
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    }
}

/// Checks that every diagnostic points into `text` (the file named `path`): line and column
/// inside the file (a column may be one past the end of its line) and a message.
fn assert_points_into(diagnostics: &[Diagnostic], path: &Path, text: &str) {
    assert!(!diagnostics.is_empty(), "an error without any diagnostic");
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diagnostics {
        assert_eq!(d.path, path, "{d}");
        assert!(d.line >= 1 && d.line <= lines.len(), "line out of the file: {d}");
        let line_chars = lines[d.line - 1].chars().count();
        assert!(
            d.column >= 1 && d.column <= line_chars + 1,
            "column {} out of line {} ({} chars): {d}",
            d.column,
            d.line,
            line_chars
        );
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        let head = d.headline();
        assert!(
            head.starts_with(&format!("{}:{}:{}: error: ", path.display(), d.line, d.column)),
            "{head}"
        );
    }
}

/// Reads `bytes` the way a build does (UTF-8 check, then the post parser).
fn load_post_bytes(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let rel = Path::new("content/posts/p.md");
    fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    fs::write(dir.path().join(rel), bytes).unwrap();
    match read_text(dir.path(), rel) {
        Err(ds) => {
            // Not UTF-8: the error names the file, and the byte offset of the first bad byte.
            let valid = std::str::from_utf8(bytes).unwrap_err().valid_up_to();
            assert_eq!(ds.len(), 1);
            assert!(ds[0].message.contains(&format!("byte {valid} ")), "{}", ds[0]);
            let good = std::str::from_utf8(&bytes[..valid]).unwrap();
            assert_points_into(&ds, rel, good);
        }
        Ok(text) => check_post_text(&text, rel),
    }
}

fn check_post_text(text: &str, rel: &Path) {
    for (typography, slugs_from) in [
        (Typography::Swedish, SlugsFrom::File),
        (Typography::English, SlugsFrom::Title),
    ] {
        if let Err(ds) = parse_post(text, rel, Reading { typography, slugs_from }) {
            // Positions are counted after a leading byte order mark, as an editor shows them.
            assert_points_into(&ds, rel, text.strip_prefix('\u{feff}').unwrap_or(text));
        }
        if let Err(ds) = parse_municipality_page(text, rel, typography) {
            assert_points_into(&ds, rel, text.strip_prefix('\u{feff}').unwrap_or(text));
        }
        if let Err(ds) = parse_page(text, rel, typography) {
            assert_points_into(&ds, rel, text.strip_prefix('\u{feff}').unwrap_or(text));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Text a writer (or a broken editor, or an attacker) could put in a name: any Unicode, empty,
/// very long, only punctuation, right-to-left, emoji, NUL and other control characters.
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-ZåäöÅÄÖ ]{1,20}",
        2 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
        1 => Just(String::new()),
        1 => "[ \t]{1,3}",
        1 => ".{1,3}".prop_map(|s: String| s.repeat(10_000 / s.chars().count().max(1))),
        1 => "[!-/:-@\\[-`{-~]{1,12}",
        1 => "[\u{0590}-\u{05ff}\u{0600}-\u{06ff}\u{202e}\u{200f} ]{1,20}",
        1 => "[\u{1f300}-\u{1faff}\u{200d}\u{fe0f}]{1,8}",
        1 => "[a-z\u{0}-\u{1f}\u{7f}-\u{9f}]{1,12}",
        2 => prop::sample::select(vec![
            "Åre", "Are", "are", "ÅRE", "C++", "C", "c", "C#", "Växjö", "Vaxjo", "Malmö", "Malmo",
            "Ängelholm", "page", "atom.xml", "posts", "index", "404", "sok", "..", "/", "a/b",
            "../../etc", "Kalmar ", " Kalmar", "KALMAR", "İstanbul", "ß", "ss", "ﬁ", "fi",
        ])
        .prop_map(str::to_string),
    ]
    .boxed()
}

/// A name that has a letter or digit and no control character, however odd the rest is: one
/// that must build.
fn usable_name() -> BoxedStrategy<String> {
    (name(), "[a-zA-Z0-9åäöÅÄÖ]", any::<bool>())
        .prop_map(|(n, letter, front)| {
            let n: String = n.chars().filter(|c| !c.is_control()).collect();
            if front {
                format!("{letter}{n}")
            } else {
                format!("{n}{letter}")
            }
        })
        .boxed()
}

/// A TOML value as it would be written in front matter, valid or not.
fn toml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        name().prop_map(|s| toml::Value::String(s).to_string()),
        "\"[^\"\\\\\n]{0,10}\"",
        "'[^'\n]{0,10}'",
        "\"\"\"[^\"]{0,20}\"\"\"",
        any::<i64>().prop_map(|i| i.to_string()),
        "-?[0-9]{1,3}\\.[0-9]{1,3}",
        Just("true".to_string()),
        Just("false".to_string()),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?",
        "[0-9]{2}:[0-9]{2}:[0-9]{2}",
        Just("nan".to_string()),
        Just("inf".to_string()),
        ".{0,8}",
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3).prop_map(|kv| {
                let parts: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", parts.join(", "))
            }),
        ]
    })
}

/// One line of front matter: a known key, a misspelt one, a table header, or noise.
fn front_matter_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        6 => prop::sample::select(vec![
            "title", "date", "municipality", "visit", "tags", "draft", "author", "summary", "slug",
            "aliases", "extra", "name", "county", "lat", "lon", "website", "menu",
        ])
        .prop_map(str::to_string),
        1 => "[a-z_]{1,8}",
        1 => "\"[^\"\n]{0,6}\"",
        1 => "[a-z]{1,4}\\.[a-z]{1,4}",
    ];
    prop_oneof![
        8 => (key, toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => Just("[extra]".to_string()),
        1 => "\\[{1,2}[a-z.]{0,8}\\]{0,2}",
        1 => "#.{0,10}",
        1 => "[^\n]{0,20}",
        1 => Just(String::new()),
    ]
}

/// Markdown built from the constructs pulldown-cmark has, nested, with arbitrary text in them.
fn markdown() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        4 => "[a-zA-ZåäöÅÄÖ ,.!?'\"-]{0,30}",
        1 => any::<String>().prop_map(|s| s.chars().take(20).collect()),
        1 => "[*_`~\\[\\]()<>!#|\\\\{}&;:-]{1,10}",
    ];
    let inline = prop_oneof![
        4 => text.clone(),
        1 => text.clone().prop_map(|t| format!("*{t}*")),
        1 => text.clone().prop_map(|t| format!("**{t}**")),
        1 => text.clone().prop_map(|t| format!("~~{t}~~")),
        1 => text.clone().prop_map(|t| format!("`{t}`")),
        1 => (text.clone(), prop::sample::select(vec![
            "@/posts/p.md", "@/posts/missing.md", "p.md", "other.md#x", "#rubrik", "#", "@/",
            "https://example.org/", "http://", "javascript:alert(1)", "", "@/municipalities/x.md",
            "../../../etc/passwd.md", "<>", "a b.md",
        ])).prop_map(|(t, d)| format!("[{t}]({d})")),
        1 => (text.clone(), ".{0,10}").prop_map(|(t, d)| format!("[{t}]({d})")),
        1 => text.clone().prop_map(|t| format!("![{t}](bild.png \"{t}\")")),
        1 => text.clone().prop_map(|t| format!("[^{}]", t.len() % 3)),
        1 => Just("<!-- more -->".to_string()),
        1 => Just("<span onclick=\"x\">html</span>".to_string()),
        1 => Just("  \n".to_string()),
    ];
    let line = prop::collection::vec(inline, 0..5).prop_map(|v| v.concat());
    let block = prop_oneof![
        6 => line.clone(),
        1 => (1..=7usize, line.clone()).prop_map(|(n, l)| format!("{} {l}", "#".repeat(n))),
        1 => (line.clone(), "[a-z-]{0,6}").prop_map(|(l, id)| format!("## {l} {{#{id}}}")),
        1 => line.clone().prop_map(|l| format!("```\n{l}\n```")),
        1 => line.clone().prop_map(|l| format!("```\n{l}")),
        1 => line.clone().prop_map(|l| format!("    {l}")),
        1 => (line.clone(), line.clone()).prop_map(|(a, b)| format!("| {a} | {b} |\n|---|---|\n| {b} | {a} |")),
        1 => line.clone().prop_map(|l| format!("[^0]: {l}")),
        1 => line.clone().prop_map(|l| format!("- [x] {l}")),
        1 => Just("---".to_string()),
        1 => Just("+++".to_string()),
        1 => Just("<!-- more -->".to_string()),
        1 => Just("<div>\n\n*in html*\n\n</div>".to_string()),
    ];
    let nested = block.prop_recursive(6, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| indent_all(&v.join("\n"), "> ")),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| indent_list(&v, "- ")),
            prop::collection::vec(inner, 1..4).prop_map(|v| indent_list(&v, "1. ")),
        ]
    });
    prop::collection::vec(nested, 0..8).prop_map(|v| v.join("\n\n"))
}

fn indent_all(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent_list(items: &[String], marker: &str) -> String {
    let pad = " ".repeat(marker.len());
    items
        .iter()
        .map(|item| {
            let mut lines = item.lines();
            let first = lines.next().unwrap_or("");
            let rest: Vec<String> = lines.map(|l| format!("{pad}{l}")).collect();
            std::iter::once(format!("{marker}{first}"))
                .chain(rest)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Parsers: many cases, fast.

proptest! {
    #![proptest_config(cases(512))]

    /// Any bytes at all in a post file.
    #[test]
    fn arbitrary_bytes_as_a_post(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        (prop::collection::vec(any::<u8>(), 0..300), prop::collection::vec(any::<u8>(), 0..300))
            .prop_map(|(a, b)| [b"+++\n".as_slice(), &a, b"\n+++\n", &b].concat()),
        (prop::collection::vec(any::<u8>(), 0..300))
            .prop_map(|b| [b"+++\ntitle = \"A\"\ndate = 2016-12-08\n+++\n".as_slice(), &b].concat()),
        ".{0,400}".prop_map(String::into_bytes),
    ]) {
        load_post_bytes(&bytes);
    }

    /// Front matter of arbitrary TOML-like lines (valid TOML or not), with any line endings and
    /// a byte order mark or not.
    #[test]
    fn arbitrary_front_matter(
        lines in prop::collection::vec(front_matter_line(), 0..12),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        body in markdown(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let text = format!(
            "{}+++{eol}{}{eol}+++{eol}{}",
            if bom { "\u{feff}" } else { "" },
            lines.join(eol),
            body.replace('\n', eol)
        );
        check_post_text(&text, Path::new("content/posts/p.md"));
    }

    /// Arbitrary markdown in a valid post: always a page, never an error or a panic; the
    /// summary and table of contents come from the same text.
    #[test]
    fn arbitrary_markdown(body in markdown()) {
        for typography in [Typography::Swedish, Typography::English] {
            let r = render(&body, typography);
            prop_assert!(r.word_count <= body.split_whitespace().count() * 2 + 10);
            for link in &r.links {
                prop_assert!(link.offset <= body.len());
            }
            let text = format!("+++\ntitle = \"A\"\ndate = 2016-12-08\n+++\n{body}");
            let reading = Reading { typography, slugs_from: SlugsFrom::File };
            let post = parse_post(&text, Path::new("content/posts/p.md"), reading);
            prop_assert!(post.is_ok(), "{:?}", post.err());
            let post = post.unwrap();
            for l in &post.links {
                let lines = text.lines().count().max(1);
                prop_assert!(l.at.line >= 5 && l.at.line <= lines + 1, "{:?} in {} lines", l.at, lines);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole sites: fewer cases, each a real build.

#[derive(Debug, Clone)]
struct PostSpec {
    title: String,
    tags: Vec<String>,
    municipality: Option<String>,
}

fn post_spec(name: BoxedStrategy<String>) -> impl Strategy<Value = PostSpec> {
    (
        name.clone(),
        prop::collection::vec(name.clone(), 0..3),
        prop::option::of(name),
    )
        .prop_map(|(title, tags, municipality)| PostSpec {
            title,
            tags,
            municipality,
        })
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes a site with these posts (and a municipality page per `pages` name) and builds it.
fn build_site(dir: &Path, site_title: &str, posts: &[PostSpec], pages: &[String]) -> besok::Result<besok::BuildReport> {
    fs::write(
        dir.join("config.toml"),
        format!("title = {}\nlanguage = \"sv\"\n", toml_string(site_title)),
    )
    .unwrap();
    fs::create_dir_all(dir.join("content/posts")).unwrap();
    fs::create_dir_all(dir.join("content/municipalities")).unwrap();
    for (i, p) in posts.iter().enumerate() {
        let tags: Vec<String> = p.tags.iter().map(|t| toml_string(t)).collect();
        let mut text = format!(
            "+++\ntitle = {}\ndate = 2016-12-{:02}\ntags = [{}]\n",
            toml_string(&p.title),
            i + 1,
            tags.join(", ")
        );
        if let Some(m) = &p.municipality {
            text.push_str(&format!("municipality = {}\n", toml_string(m)));
        }
        text.push_str("+++\nText.\n");
        fs::write(dir.join(format!("content/posts/p{i}.md")), text).unwrap();
    }
    for (i, name) in pages.iter().enumerate() {
        fs::write(
            dir.join(format!("content/municipalities/m{i}.md")),
            format!("+++\nname = {}\n+++\nOm kommunen.\n", toml_string(name)),
        )
        .unwrap();
    }
    besok::build(&BuildOptions::new(dir))
}

/// Text as a reader sees it after an HTML parser: line breaks normalised, NUL replaced,
/// runs of white space as one space.
fn seen_as_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn select_text(html: &scraper::Html, css: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    html.select(&sel)
        .map(|e| seen_as_text(&e.text().collect::<String>()))
        .collect()
}

fn select_attr(html: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(css).unwrap();
    html.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn page_file(out: &Path, url: &str) -> std::path::PathBuf {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn read_page(out: &Path, url: &str) -> scraper::Html {
    let file = page_file(out, url);
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{url} → {}: {e}", file.display()));
    scraper::Html::parse_document(&text)
}

/// After a successful build every post has a page of its own showing its title, and every tag
/// and municipality it links to has a page listing it: no page silently replaced another.
fn assert_every_post_reachable(dir: &Path, posts: &[PostSpec]) {
    let out = dir.join("public");
    let (_, entries) = crate::common::search_docs(&out);
    assert_eq!(entries.len(), posts.len(), "every post is in the search index");
    let urls: BTreeSet<&str> = entries.iter().map(|e| e["url"].as_str().unwrap()).collect();
    assert_eq!(urls.len(), posts.len(), "every post has its own URL: {urls:?}");

    let mut titles_seen: Vec<String> = Vec::new();
    for url in &urls {
        let page = read_page(&out, url);
        let h1 = select_text(&page, "article.post h1");
        assert_eq!(h1.len(), 1, "{url}");
        titles_seen.push(h1[0].clone());
        for link in select_attr(&page, "article.post ul.tags a, article.post .kicker a", "href") {
            let listing = read_page(&out, &link);
            let listed = select_attr(&listing, "main a", "href");
            assert!(listed.iter().any(|l| l == url), "{link} does not list {url}");
        }
    }
    let mut titles_written: Vec<String> = posts.iter().map(|p| seen_as_text(&p.title)).collect();
    titles_written.sort();
    titles_seen.sort();
    assert_eq!(titles_seen, titles_written);

    // Every tag written is on the tag index under its own name or joined with one sharing its
    // URL word (reported as a warning).
    let tags_page = read_page(&out, "/taggar/");
    let shown: BTreeSet<String> = select_text(&tags_page, "main a").into_iter().collect();
    let tag_count = tags_page.select(&scraper::Selector::parse("main a").unwrap()).count();
    assert_eq!(
        shown.len(),
        tag_count,
        "two tags with the same name on the index: {shown:?}"
    );

    // Feeds and the sitemap are well-formed XML.
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "xml") {
            let text = fs::read_to_string(entry.path()).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{} is not well-formed XML: {e}", entry.path().display());
            }
        }
    }
}

/// After a failed build, every error names a file of the site and a line and column in it.
fn assert_errors_point_into_site(dir: &Path, error: &Error) {
    let Error::Content(ds) = error else {
        panic!("expected errors in the site's files, got: {error}");
    };
    assert!(!ds.is_empty());
    for d in ds {
        let file = dir.join(&d.path);
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{d}: names {}: {e}", file.display()));
        assert_points_into(std::slice::from_ref(d), &d.path, &text);
    }
}

proptest! {
    #![proptest_config(cases(48))]

    /// Titles, tags and municipality names of any kind: a site whose pages each hold what they
    /// should, or errors that point at the line to fix.
    #[test]
    fn arbitrary_names_build_or_explain(
        site_title in name(),
        posts in prop::collection::vec(post_spec(name()), 1..4),
        pages in prop::collection::vec(name(), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        match build_site(dir.path(), &site_title, &posts, &pages) {
            Ok(_) => assert_every_post_reachable(dir.path(), &posts),
            Err(e) => assert_errors_point_into_site(dir.path(), &e),
        }
    }

    /// Names with a letter or digit and no control characters always build, unless two posts
    /// (or two municipality pages) share a URL, which is an error naming both; tags sharing a
    /// URL word are joined, municipalities are given URL words of their own.
    #[test]
    fn usable_names_always_build(
        site_title in usable_name(),
        posts in prop::collection::vec(post_spec(usable_name()), 1..5),
        pages in prop::collection::vec(usable_name(), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        match build_site(dir.path(), &site_title, &posts, &pages) {
            Ok(_) => assert_every_post_reachable(dir.path(), &posts),
            Err(e) => {
                assert_errors_point_into_site(dir.path(), &e);
                let Error::Content(ds) = &e else { unreachable!() };
                for d in ds {
                    prop_assert!(
                        d.message.contains("is already taken by") || d.message.contains("a second page for municipality"),
                        "{}", d
                    );
                }
            }
        }
    }
}
