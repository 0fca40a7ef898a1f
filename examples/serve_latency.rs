//! Edit-to-served latency of `besok serve`: starts the dev server on a site, edits one post
//! several times, and measures from each file write until the server answers with the new
//! HTML. Prints every measurement and the median.
//!
//! ```sh
//! cargo run --release --example serve_latency -- --site DIR [--edits 7]
//! ```
//!
//! The post edited is the first one under `content/posts/` by name; it is restored at the end.
//! Eight kinds of edit are timed. Alternately, one that changes only the post's own page (a
//! word replaced further down), and one that adds a word, which changes the post as every
//! list shows it (word count), so its neighbours, tag, municipality, home and archive pages
//! are rendered again too. Then a tag added to the post and taken away (the post moves in
//! that tag's list), and a new post, newest of all, created and deleted (every page of the
//! home listing and of its tags' listings shifts).

use besok::serve::{Log, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The allocator of the `besok` binary, so the server is timed as it runs for a writer.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The pause before each edit: long enough for the server to finish the edit before (the
/// pages it renders after the first ones, the search index), so each edit starts on an idle
/// server, as a writer's next save does.
const IDLE: Duration = Duration::from_millis(1200);

struct Print;

impl Log for Print {
    fn info(&self, line: &str) {
        println!("  server: {line}");
    }
    fn error(&self, text: &str) {
        eprintln!("  server error: {text}");
    }
}

fn main() {
    let mut site: Option<PathBuf> = None;
    let mut edits = 7usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--site" => site = args.next().map(PathBuf::from),
            "--edits" => edits = args.next().and_then(|n| n.parse().ok()).expect("--edits N"),
            _ => panic!("usage: serve_latency --site DIR [--edits N]"),
        }
    }
    let site = site.expect("usage: serve_latency --site DIR [--edits N]");
    let post = first_post(&site);
    let original = std::fs::read_to_string(&post).expect("read the post");
    let rel = post.strip_prefix(&site).unwrap().to_path_buf();
    let config = besok::config::Config::load(&site.join("config.toml"), std::path::Path::new("config.toml"))
        .expect("the site's config.toml reads");
    let slug = besok::content::parse_post(&original, &rel, besok::content::Reading::of(&config))
        .expect("the post parses")
        .slug
        .value;
    let url = format!("/posts/{slug}/");

    // As `besok serve` does.
    besok::memory::keep_freed_memory();
    let options = ServeOptions {
        root: site.clone(),
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        try_next_ports: false,
        drafts: false,
    };
    let started = Instant::now();
    let server = Server::start(&options, Print).expect("the server starts");
    let initial = match &server.initial {
        Ok(outcome) => outcome,
        Err(e) => panic!("the site does not build:\n{e}"),
    };
    println!(
        "{} posts, {} pages built in memory in {} ms (start-up {} ms); editing {}",
        initial.posts,
        initial.pages,
        initial.elapsed.as_millis(),
        started.elapsed().as_millis(),
        rel.display()
    );

    let mut same_entry = Vec::new();
    let mut new_entry = Vec::new();
    for i in 0..edits * 2 {
        std::thread::sleep(IDLE);
        let marker = format!("latensmarkör{i}x{}", std::process::id());
        // Odd edits add a word; even ones keep the word count of the edit before.
        let words = " extra".repeat(i.div_ceil(2));
        let text = format!("{}\n{marker}{words}\n", original.trim_end());
        let t0 = Instant::now();
        std::fs::write(&post, text).expect("write the post");
        loop {
            if get(server.addr, &url).contains(&marker) {
                break;
            }
            assert!(t0.elapsed() < Duration::from_secs(30), "the edit never showed");
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        // The first edit adds the marker line itself: a new word count, whatever its kind.
        let kind = if i % 2 == 0 && i > 0 {
            &mut same_entry
        } else {
            &mut new_entry
        };
        println!("edit {}: {ms:.1} ms", i + 1);
        kind.push(ms);
    }
    std::fs::write(&post, &original).expect("restore the post");

    // A tag added to the post, and taken away again: the post moves into (out of) the tag's
    // list, shifting every later page of it, and the tag index's counts change.
    let tag = ["samverkan", "ledarskap"]
        .into_iter()
        .find(|t| !original.contains(&format!("\"{t}\"")))
        .unwrap();
    let tagged = original.replacen("tags = [", &format!("tags = [\"{tag}\", "), 1);
    assert_ne!(tagged, original, "the post has a tags line");
    let tag_link = format!("/{}/", besok::slugs::slugify(tag));
    let mut retagged = Vec::new();
    for i in 0..edits * 2 {
        std::thread::sleep(IDLE);
        let (text, shown) = if i % 2 == 0 {
            (&tagged, true)
        } else {
            (&original, false)
        };
        let t0 = Instant::now();
        std::fs::write(&post, text).expect("write the post");
        wait_for(server.addr, &url, t0, |page| page.contains(&tag_link) == shown);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        println!("tag edit {}: {ms:.1} ms", i + 1);
        retagged.push(ms);
    }
    std::fs::write(&post, &original).expect("restore the post");

    // A new post, newest of all (every home page and its tags' pages shift), then deleted.
    let new_post = site.join("content/posts/latensprov-ny-post.md");
    let new_text = original
        .lines()
        // Its own visit number would contradict the dates of the visits before it; a bundle's
        // photo is not beside this flat post.
        .filter(|l| !l.starts_with("visit = ") && !l.starts_with("!["))
        .map(|l| {
            if l.starts_with("date = ") {
                "date = 2099-01-01"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replacen("title = \"", "slug = \"latensprov-ny-post\"\ntitle = \"Ny: ", 1);
    let mut added = Vec::new();
    let mut deleted = Vec::new();
    for i in 0..edits {
        std::thread::sleep(IDLE);
        let t0 = Instant::now();
        std::fs::write(&new_post, &new_text).expect("write the new post");
        wait_for(server.addr, "/posts/latensprov-ny-post/", t0, |page| {
            page.starts_with("HTTP/1.1 200")
        });
        added.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(IDLE);
        let t0 = Instant::now();
        std::fs::remove_file(&new_post).expect("delete the new post");
        wait_for(server.addr, "/posts/latensprov-ny-post/", t0, |page| {
            page.starts_with("HTTP/1.1 404")
        });
        deleted.push(t0.elapsed().as_secs_f64() * 1000.0);
        println!("new post {}: {:.1} ms, deleted: {:.1} ms", i + 1, added[i], deleted[i]);
    }

    // Edits that move the post in the site: the model is built again. Each is made and undone,
    // and each way is timed until the post's page shows it.
    let date_line = original
        .lines()
        .find(|l| l.starts_with("date = "))
        .expect("the post has a date")
        .to_string();
    let redated = original.replacen(&date_line, "date = 2015-06-15", 1);
    let new_tag = original.replacen("tags = [", "tags = [\"latensprov ny tagg\", ", 1);
    let municipality_line = original
        .lines()
        .find(|l| l.starts_with("municipality = "))
        .map(str::to_string);
    let moved = municipality_line
        .as_ref()
        .map(|l| original.replacen(l, "municipality = \"Latensby\"", 1));
    let mut kinds: Vec<(&str, String, &str, Vec<f64>)> = vec![
        ("re-dated post", redated, "15 juni 2015", Vec::new()),
        ("a new tag on the post", new_tag, "latensprov-ny-tagg", Vec::new()),
    ];
    if let Some(moved) = moved {
        kinds.push(("the post moved to another municipality", moved, "latensby", Vec::new()));
    }
    for (what, text, shown, times) in kinds.iter_mut() {
        for i in 0..edits * 2 {
            std::thread::sleep(IDLE);
            let (text, present) = if i % 2 == 0 { (&*text, true) } else { (&original, false) };
            let t0 = Instant::now();
            std::fs::write(&post, text).expect("write the post");
            wait_for(server.addr, &url, t0, |page| page.contains(*shown) == present);
            let ms = t0.elapsed().as_secs_f64() * 1000.0;
            println!("{what} {}: {ms:.1} ms", i + 1);
            times.push(ms);
        }
    }
    std::fs::write(&post, &original).expect("restore the post");

    report("edit of the post's page only", &mut same_entry);
    report("edit that changes its list entry", &mut new_entry);
    report("a tag added to or taken from the post", &mut retagged);
    report("a new post (newest of all)", &mut added);
    report("that post deleted", &mut deleted);
    for (what, _, _, times) in kinds.iter_mut() {
        report(what, times);
    }
}

/// Polls `path` until `done` says the served page is the new one.
fn wait_for(addr: SocketAddr, path: &str, t0: Instant, done: impl Fn(&str) -> bool) {
    while !done(&get(addr, path)) {
        assert!(t0.elapsed() < Duration::from_secs(60), "the edit never showed");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn report(what: &str, times: &mut [f64]) {
    if times.is_empty() {
        return;
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{what}: median {:.1} ms (min {:.1}, max {:.1}, {} edits)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

fn first_post(site: &Path) -> PathBuf {
    let mut posts: Vec<PathBuf> = std::fs::read_dir(site.join("content/posts"))
        .expect("a site with content/posts")
        .map(|e| e.unwrap().path())
        // A flat post, or a bundle's index.md (a site of photos).
        .map(|p| if p.is_dir() { p.join("index.md") } else { p })
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .collect();
    posts.sort();
    posts.into_iter().next().expect("at least one post")
}

/// One GET over a fresh connection; the body as text.
fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}
