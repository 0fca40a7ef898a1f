//! Running `besok serve` as a user does, on a free port, and talking HTTP to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a change may take to show before a test fails (generous: CI machines are slow).
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `besok serve`; killed when dropped.
pub struct Served {
    child: Child,
    pub port: u16,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

/// Collects a child's output lines on a thread, so the pipe never fills up.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

impl Served {
    /// Starts `besok serve --port 0 <extra>` (or the `--port` in `extra`) on the site and waits until it prints its URL.
    pub fn start(root: &Path, extra: &[&str]) -> Served {
        let port: &[&str] = if extra.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = super::besok_command()
            .args(["serve", "--root", root.to_str().unwrap()])
            .args(port)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("besok runs");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let mut served = Served {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let line = served.wait_for_line("Serving the site at http://127.0.0.1:");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        served.port = port;
        served
    }

    /// The server's process id (for /proc/PID/status and /proc/PID/task).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    pub fn stdout(&self) -> Vec<String> {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().join("\n")
    }

    /// Waits until a stdout line contains `needle`; returns it.
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self.stdout().into_iter().find(|l| l.contains(needle)) {
                return l;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "besok serve ended ({status}) before printing {needle:?}\nstdout: {:?}\nstderr: {}",
                    self.stdout(),
                    self.stderr()
                );
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no line with {needle:?}; stdout: {:?}\nstderr: {}",
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a request line as given (no normalisation of the path) and reads the response.
    pub fn raw(&self, method: &str, target: &str) -> Response {
        request(self.port, method, target)
    }

    pub fn get(&self, path: &str) -> Response {
        self.raw("GET", path)
    }

    /// The URL of the stylesheet `page` links to: its name has a hash of its content, so it
    /// changes with every edit of the stylesheet.
    pub fn stylesheet(&self, page: &str) -> String {
        stylesheet_of(&self.get(page).body)
    }

    /// Polls `path` until `check` holds for the response; panics with the last one after
    /// [`PATIENCE`].
    pub fn wait_until(&self, path: &str, what: &str, check: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if check(&r) {
                return r;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{path} never got {what}; last response {} {}\nstdout: {:?}\nstderr: {}",
                r.status,
                r.body,
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the page holds `needle`.
    pub fn wait_for_text(&self, path: &str, needle: &str) -> Response {
        self.wait_until(path, needle, |r| r.status == 200 && r.body.contains(needle))
    }

    /// Waits until stderr holds `needle`.
    pub fn wait_for_stderr(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let err = self.stderr();
            if err.contains(needle) {
                return err;
            }
            assert!(start.elapsed() < PATIENCE, "stderr never got {needle:?}:\n{err}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, read whole.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request over a fresh connection, the target sent byte for byte.
/// The URL of the stylesheet an HTML page links to.
pub fn stylesheet_of(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let link = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = doc.select(&link).next().and_then(|l| l.value().attr("href"));
    href.unwrap_or_else(|| panic!("no stylesheet in {html}")).to_string()
}

pub fn request(port: u16, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to besok serve");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response to {target}: {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// The first event-stream message from the server (`hello`), as its JSON data.
pub fn hello(port: u16) -> serde_json::Value {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /__besok/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the event stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data.trim()).unwrap();
        }
    }
}
