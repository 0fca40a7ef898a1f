//! `besok serve` under load, on 127.0.0.1 only: 50 connections requesting pages for a while
//! (15 s; `BESOK_SOAK=1` makes it 5 minutes) while a post is saved again and again; 100 open
//! live-reload streams; clients that go away in the middle of a stream.

use crate::common::server::{Served, PATIENCE};
use crate::common::{post, SiteTest};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 50;
const EDITED: &str = "/posts/sist/";

fn duration() -> Duration {
    if std::env::var("BESOK_SOAK").as_deref() == Ok("1") {
        Duration::from_secs(300)
    } else {
        Duration::from_secs(15)
    }
}

/// The edited post, version `n`: its number is in the title and in the text, so a page
/// showing two different numbers would mix two builds.
fn edited_post(n: u64) -> String {
    post(&format!("Sist {n}"), "2024-01-01")
        .line("slug = \"sist\"")
        .municipality("Kalmar")
        .tags(&["last"])
        .body(&format!("Ändring nummer {n}.\n\n{}", "En mening till. ".repeat(200)))
        .to_string()
}

/// Saves the post as editors do: a hidden temporary file renamed over the old one.
fn save(root: &Path, n: u64) {
    let tmp = root.join("content/posts/.sist.md.tmp");
    fs::write(&tmp, edited_post(n)).unwrap();
    fs::rename(&tmp, root.join("content/posts/sist.md")).unwrap();
}

fn site() -> SiteTest {
    let mut site = SiteTest::example();
    for i in 0..200 {
        site = site.post(
            &format!("p{i}"),
            &format!(
                "title = \"Besök {i}\"\ndate = 2020-01-01\nmunicipality = \"Kommun {}\"\ntags = [\"t{}\"]",
                i % 30,
                i % 10
            ),
            &format!("Text {i}.\n\n## Rubrik\n\nMer text om besöket."),
        );
    }
    site.write("content/posts/sist.md", edited_post(0));
    site
}

/// VmRSS of a process, in kB.
fn rss_kb(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).expect("the server runs");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

fn threads(pid: u32) -> usize {
    fs::read_dir(format!("/proc/{pid}/task"))
        .expect("the server runs")
        .count()
}

/// One GET over a fresh connection; `Err` says what went wrong.
fn get(port: u16, path: &str) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no header end: {:?}", String::from_utf8_lossy(&raw)))?;
    let head = std::str::from_utf8(&raw[..head_end]).map_err(|_| "header not UTF-8".to_string())?;
    let body = &raw[head_end + 4..];
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("no status: {head:?}"))?;
    let length: Option<usize> = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        })
        .and_then(|(_, v)| v.trim().parse().ok());
    if let Some(length) = length {
        if length != body.len() {
            return Err(format!("{path}: Content-Length {length}, got {} bytes", body.len()));
        }
    }
    let chunked = head.lines().any(|l| {
        l.split_once(':').is_some_and(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding") && v.trim().eq_ignore_ascii_case("chunked")
        })
    });
    // Large pages (the municipality index with its map) come in chunks.
    let body = if chunked { dechunk(path, body)? } else { body.to_vec() };
    let body = String::from_utf8(body).map_err(|_| format!("{path}: not UTF-8"))?;
    Ok((status, body))
}

/// The body of a response sent with `Transfer-Encoding: chunked`, which must end with its last
/// (empty) chunk. Chunks may cut a character in two, so they are joined as bytes.
fn dechunk(path: &str, mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| format!("{path}: a chunk without its size line"))?;
        let size = std::str::from_utf8(&rest[..line_end]).unwrap_or("");
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| format!("{path}: chunk size {size:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest
            .get(..size)
            .ok_or_else(|| format!("{path}: incomplete page, a chunk of {size} bytes cut short"))?;
        body.extend_from_slice(chunk);
        rest = rest[size..]
            .strip_prefix(b"\r\n")
            .ok_or_else(|| format!("{path}: a chunk not ended by CRLF"))?;
    }
}

/// What a page must be: 200, whole, and (for the edited post) from one build.
fn check_page(path: &str, status: u16, body: &str) -> Result<(), String> {
    if status != 200 {
        return Err(format!("{path}: status {status}"));
    }
    if path.ends_with('/') && !body.trim_end().ends_with("</html>") {
        return Err(format!(
            "{path}: incomplete page, ends {:?}",
            &body[body.len().saturating_sub(80)..]
        ));
    }
    if path == EDITED {
        let title = body.split("<h1>Sist ").nth(1).and_then(|r| r.split("</h1>").next());
        let text = body.split("Ändring nummer ").nth(1).and_then(|r| r.split('.').next());
        if title.is_none() || title != text {
            return Err(format!("{EDITED} mixes builds: title {title:?}, text {text:?}"));
        }
    }
    Ok(())
}

#[test]
fn fifty_connections_while_a_post_is_edited() {
    let site = site();
    let s = Served::start(site.root(), &[]);
    let (port, pid) = (s.port, s.pid());
    // Named by its content; leaked, as the workers take `'static` paths.
    let css: &'static str = String::leak(s.stylesheet("/"));
    let paths = [
        EDITED,
        "/",
        "/kommuner/",
        "/taggar/",
        "/posts/p7/",
        css,
        "/atom.xml",
        "/finns-inte/",
    ];
    let paths: Vec<&str> = paths.into_iter().filter(|p| *p != "/finns-inte/").collect();
    for p in &paths {
        let (status, body) = get(port, p).unwrap();
        check_page(p, status, &body).unwrap();
    }

    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicU64::new(0));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for w in 0..CONNECTIONS {
        let (stop, served, failures, paths) = (stop.clone(), served.clone(), failures.clone(), paths.clone());
        workers.push(std::thread::spawn(move || {
            let mut i = w;
            while !stop.load(Ordering::Relaxed) {
                let path = paths[i % paths.len()];
                i += 1;
                match get(port, path).and_then(|(status, body)| check_page(path, status, &body)) {
                    Ok(()) => {
                        served.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => failures.lock().unwrap().push(e),
                }
            }
        }));
    }

    let start = Instant::now();
    let (mut edits, mut samples) = (0u64, Vec::new());
    while start.elapsed() < duration() {
        edits += 1;
        save(site.root(), edits);
        std::thread::sleep(Duration::from_millis(250));
        samples.push((start.elapsed(), rss_kb(pid)));
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    // The last edit shows, so edits were being built all along.
    s.wait_for_text(EDITED, &format!("Ändring nummer {edits}."));

    let served = served.load(Ordering::Relaxed);
    let failures = failures.lock().unwrap();
    // Memory: the first 2 s warm up (thread stacks, the allocator's pools); after that the
    // server holds one site (about 1 MB of pages here) plus the one being built, so any growth
    // past 32 MB over the warm-up peak would be a leak of whole builds (~100 edits were made).
    let warm = samples
        .iter()
        .filter(|(t, _)| *t <= Duration::from_secs(2))
        .map(|(_, r)| *r)
        .max()
        .unwrap();
    let peak = samples.iter().map(|(_, r)| *r).max().unwrap();
    let last = samples.last().unwrap().1;
    eprintln!(
        "serve under load: {served} requests in {:.0} s over {CONNECTIONS} connections, {} failed, {edits} edits; RSS warm {warm} kB, peak {peak} kB, last {last} kB",
        duration().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failed requests, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(served > 500, "only {served} requests served");
    assert!(
        peak <= warm + 32 * 1024,
        "RSS grew from {warm} kB to {peak} kB: {samples:?}"
    );
}

/// Opens an event stream and reads until its first message.
fn open_stream(port: u16) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(s, "GET /__besok/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    read_until_data(&mut reader).expect("the hello message");
    reader
}

/// The next `data:` line's JSON on a stream.
fn read_until_data(reader: &mut BufReader<TcpStream>) -> Result<serde_json::Value, String> {
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => return Err("the stream ended".into()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data.trim()).map_err(|e| e.to_string());
        }
    }
}

/// Waits until the server has at most `most` threads.
fn wait_for_threads(pid: u32, most: usize, why: &str) -> usize {
    let start = Instant::now();
    loop {
        let n = threads(pid);
        if n <= most {
            return n;
        }
        assert!(
            start.elapsed() < Duration::from_secs(45),
            "{why}: {n} threads, expected at most {most}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_hundred_live_reload_streams_get_the_event_and_leave_no_thread_when_closed() {
    let site = site();
    let s = Served::start(site.root(), &[]);
    let (port, pid) = (s.port, s.pid());
    // Let the server settle: tiny_http's connection threads of the startup requests end.
    let _ = get(port, "/");
    std::thread::sleep(Duration::from_millis(500));
    let before = threads(pid);

    let mut streams: Vec<_> = (0..100).map(|_| open_stream(port)).collect();
    let open = threads(pid);
    assert!(open >= before + 100, "each stream has its thread: {before} → {open}");

    save(site.root(), 1);
    let start = Instant::now();
    for (i, r) in streams.iter_mut().enumerate() {
        let event = read_until_data(r).unwrap_or_else(|e| panic!("stream {i}: {e}"));
        assert!(
            event["reload"].is_array() || event["reload"] == "all",
            "stream {i}: {event}"
        );
        assert!(event["error"].is_null(), "stream {i}: {event}");
    }
    eprintln!(
        "100 live-reload streams: all got the update within {} ms of the save; threads {before} → {open}",
        start.elapsed().as_millis()
    );

    // Half the clients go away in the middle of their stream; the other half stay.
    let mut stay = streams.split_off(50);
    drop(streams);
    let closed = Instant::now();
    let after = wait_for_threads(pid, open - 100, "closed streams still have their threads");
    let took = closed.elapsed();
    // The 50 open ones still get events.
    save(site.root(), 2);
    for (i, r) in stay.iter_mut().enumerate() {
        read_until_data(r).unwrap_or_else(|e| panic!("open stream {i} after the others closed: {e}"));
    }
    drop(stay);
    let end = wait_for_threads(pid, before + 2, "closed streams still have their threads");
    eprintln!(
        "threads: {before} before, {open} with 100 streams, {after} {} ms after 50 closed, {end} after all closed",
        took.as_millis()
    );
    // The server still answers.
    assert_eq!(get(port, EDITED).unwrap().0, 200);
}
