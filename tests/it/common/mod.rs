//! What the tests share: `SiteTest`, a fluent builder for a site in a temporary folder, so each
//! test says only what is special about its site and what it expects of the built pages;
//! `post()`, the markdown file of a post; `besok()`, the built binary run as a user runs it.
#![allow(dead_code)]

pub mod browser;
pub mod server;

use besok::{BuildOptions, BuildReport, Error};
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's own folder, where the default theme and the example site live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub struct SiteTest {
    dir: tempfile::TempDir,
    pub options: BuildOptions,
    pub report: Option<BuildReport>,
}

impl SiteTest {
    /// An empty Swedish site with the default theme. Its posts take their addresses from their
    /// titles (`slugs_from = "title"`), as the tests written before `slugs_from` expect.
    pub fn new() -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("themes/default"), &dir.path().join("themes/default"));
        let options = BuildOptions::new(dir.path());
        let t = SiteTest {
            dir,
            options,
            report: None,
        };
        t.config(
            "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"title\"\n",
        )
    }

    /// A copy of the repository's example site.
    pub fn example() -> SiteTest {
        let t = SiteTest::new();
        copy_dir(&repo().join("content"), &t.root().join("content"));
        fs::copy(repo().join("config.toml"), t.root().join("config.toml")).unwrap();
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.options.output_path()
    }

    pub fn config(self, text: &str) -> SiteTest {
        self.file("config.toml", text)
    }

    pub fn file(self, rel: &str, text: impl fmt::Display) -> SiteTest {
        self.write(rel, text);
        self
    }

    /// Writes a file in the site (for tests that change a site between builds).
    pub fn write(&self, rel: &str, text: impl fmt::Display) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text.to_string()).unwrap();
    }

    /// Adds `content/posts/<name>.md` with the given front matter lines and body (the file
    /// [`post`] makes, for tests that spell out their front matter).
    pub fn post(self, name: &str, front_matter: &str, body: &str) -> SiteTest {
        self.file(
            &format!("content/posts/{name}.md"),
            Post::front_matter(front_matter).body(body),
        )
    }

    pub fn drafts(mut self) -> SiteTest {
        self.options.drafts = true;
        self
    }

    /// Publishes posts dated in the future too (`--future`).
    pub fn future(mut self) -> SiteTest {
        self.options.future = true;
        self
    }

    /// Builds and expects success.
    pub fn build(mut self) -> SiteTest {
        match besok::build(&self.options) {
            Ok(r) => self.report = Some(r),
            Err(e) => panic!("build failed:\n{e}"),
        }
        self
    }

    /// Builds and expects failure; returns the error.
    pub fn build_err(&self) -> Error {
        match besok::build(&self.options) {
            Ok(r) => panic!("build succeeded but should fail: {}", r.summary()),
            Err(e) => e,
        }
    }

    /// Builds, expects content errors, and returns their one-line forms.
    pub fn errors(&self) -> Vec<String> {
        match self.build_err() {
            Error::Content(ds) => ds.iter().map(|d| d.headline()).collect(),
            other => panic!("expected content errors, got: {other}"),
        }
    }

    pub fn warnings(&self) -> Vec<String> {
        self.report
            .as_ref()
            .expect("built")
            .warnings
            .iter()
            .map(|d| d.headline())
            .collect()
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.output().join(rel).exists()
    }

    /// Asserts that the page holds every one of `needles`.
    pub fn check(&self, rel: &str, needles: &[&str]) -> &SiteTest {
        let html = self.read(rel);
        for n in needles {
            assert!(html.contains(n), "{rel} lacks {n:?}:\n{html}");
        }
        self
    }

    pub fn check_not(&self, rel: &str, needles: &[&str]) -> &SiteTest {
        let html = self.read(rel);
        for n in needles {
            assert!(!html.contains(n), "{rel} should not hold {n:?}:\n{html}");
        }
        self
    }

    /// Text of every element matching a CSS selector on a page, in document order.
    pub fn select(&self, rel: &str, selector: &str) -> Vec<String> {
        let html = scraper::Html::parse_document(&self.read(rel));
        let sel = scraper::Selector::parse(selector).unwrap();
        html.select(&sel)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// An attribute of every element matching a CSS selector.
    pub fn attrs(&self, rel: &str, selector: &str, attr: &str) -> Vec<String> {
        let html = scraper::Html::parse_document(&self.read(rel));
        let sel = scraper::Selector::parse(selector).unwrap();
        html.select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// The output path of the stylesheet or script `name` of `static/` (see [`published`]).
    pub fn published(&self, name: &str) -> String {
        published(&self.output(), name)
    }

    /// Every file of the output with its bytes, for comparing whole builds.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.output())
    }
}

/// The markdown file of a post: `+++`, its front matter, `+++`, then its body and a newline.
///
/// `post("Besök i Eda", "2016-12-08")` has a title, a date and the body `Text.`; the other
/// methods add front matter lines in the order they are called, and `body` replaces the body.
/// Titles and names are written between quotes as given (escape `"` and `\` yourself). Written
/// with `SiteTest::file`, `SiteTest::write` or `to_string()`:
///
/// ```ignore
/// site.file("content/posts/a.md", post("A", "2016-01-01").municipality("Eda").tags(&["samverkan"]));
/// ```
#[derive(Clone, Debug)]
pub struct Post {
    front_matter: String,
    body: String,
}

pub fn post(title: &str, date: &str) -> Post {
    Post {
        front_matter: format!("title = \"{title}\"\ndate = {date}\n"),
        body: "Text.".to_string(),
    }
}

impl Post {
    /// A post with these front matter lines (surrounding whitespace trimmed) and an empty body.
    pub fn front_matter(lines: &str) -> Post {
        Post {
            front_matter: format!("{}\n", lines.trim()),
            body: String::new(),
        }
    }

    pub fn municipality(self, name: &str) -> Post {
        self.line(&format!("municipality = \"{name}\""))
    }

    /// `tags = ["a", "b"]`.
    pub fn tags(self, tags: &[&str]) -> Post {
        let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        self.line(&format!("tags = [{}]", quoted.join(", ")))
    }

    /// Any other front matter line (or lines), as written.
    pub fn line(mut self, toml: &str) -> Post {
        self.front_matter.push_str(toml);
        self.front_matter.push('\n');
        self
    }

    pub fn body(mut self, body: &str) -> Post {
        self.body = body.to_string();
        self
    }
}

impl fmt::Display for Post {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+++\n{}+++\n{}\n", self.front_matter, self.body)
    }
}

/// The built `besok` binary, for tests that start it themselves (to run it in the background,
/// or several at once); [`besok`] runs it and waits.
pub fn besok_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_besok"))
}

/// Runs the built `besok` binary with `args` in the folder `dir`, as a user does, and waits
/// for it to end.
pub fn besok(args: &[&str], dir: &Path) -> Output {
    besok_command()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("besok runs")
}

/// What a finished `besok` printed on stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// What a finished `besok` printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// What a `besok` run printed on stdout, after checking that it succeeded (else both outputs
/// are shown).
#[track_caller]
pub fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
    stdout(o)
}

/// A file's text; the test fails with its path when it cannot be read.
pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// `name` without the hash of its content that besok puts in the names of stylesheets and
/// scripts (`css/style.3f2a9c1e.css` is `css/style.css`); any other name as it is.
pub fn unhashed(name: &str) -> String {
    let mut parts: Vec<&str> = name.rsplitn(3, '.').collect();
    let hashed = parts.len() == 3
        && parts[1].len() == 8
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hashed {
        parts.remove(1);
    }
    parts.reverse();
    parts.join(".")
}

/// The path in the output folder `out` of the stylesheet or script `name` of `static/`,
/// published under a name with its content's hash (or any other file, under its own): the
/// one file of that folder whose [`unhashed`] name it is.
pub fn published(out: &Path, name: &str) -> String {
    let found: Vec<String> = snapshot(out).into_keys().filter(|f| unhashed(f) == name).collect();
    assert_eq!(found.len(), 1, "{name} is published as {found:?}");
    found.into_iter().next().unwrap()
}

/// The search index of a built site as its search page reads it: the manifest, and what a
/// result shows of every post (from the doc shards, in doc id order).
#[allow(dead_code)]
pub fn search_docs(out: &Path) -> (serde_json::Value, Vec<serde_json::Value>) {
    let read = |rel: &str| -> serde_json::Value {
        let text = fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let manifest = read("search_index.json");
    let mut docs = Vec::new();
    for file in manifest["docs"].as_array().expect("the manifest lists doc shards") {
        let shard = read(file.as_str().unwrap());
        docs.extend(shard["docs"].as_array().unwrap().iter().cloned());
    }
    (manifest, docs)
}

/// The word of the search index a Swedish word is found under: its stem.
#[allow(dead_code)]
pub fn sv_stem(word: &str) -> String {
    besok::render::Language::of("sv").stem(word).into_owned()
}

/// Every word of the search index's term shards with the doc ids it is found in (decoded from
/// their deltas), checking each shard holds the range the manifest says.
#[allow(dead_code)]
pub fn search_terms(out: &Path, manifest: &serde_json::Value) -> Vec<(String, Vec<u64>)> {
    search_terms_of(out, manifest, "terms")
}

/// The entries of the manifest's `key` shards ("terms", or "suffixes", whose ranges are of
/// the words spelled backwards), decoded as [`search_terms`] does.
#[allow(dead_code)]
pub fn search_terms_of(out: &Path, manifest: &serde_json::Value, key: &str) -> Vec<(String, Vec<u64>)> {
    let as_keyed = |word: &serde_json::Value| -> String {
        let word = word.as_str().unwrap();
        if key == "suffixes" {
            word.chars().rev().collect()
        } else {
            word.to_string()
        }
    };
    let mut terms = Vec::new();
    for shard in manifest[key].as_array().unwrap() {
        let rel = shard["file"].as_str().unwrap();
        let body: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join(rel)).unwrap()).unwrap();
        let entries = body["terms"].as_array().unwrap();
        assert_eq!(
            as_keyed(&entries.first().unwrap()[0]),
            shard["first"].as_str().unwrap(),
            "{rel}"
        );
        assert_eq!(
            as_keyed(&entries.last().unwrap()[0]),
            shard["last"].as_str().unwrap(),
            "{rel}"
        );
        for entry in entries {
            let postings = entry[1].as_array().unwrap();
            let mut doc = 0;
            let docs = postings
                .chunks(2)
                .map(|p| {
                    doc += p[0].as_u64().unwrap();
                    assert!(p[1].as_u64().unwrap() >= 1, "weights are positive");
                    doc
                })
                .collect();
            terms.push((entry[0].as_str().unwrap().to_string(), docs));
        }
    }
    terms
}
