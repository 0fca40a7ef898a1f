//! Headless Chromium for tests, and a small static file server so pages load over HTTP like on
//! a real host. Chromium must be installed (`scripts/test` installs it: `apt-get install chromium
//! chromium-driver`); a missing browser fails the test loudly, it never skips.
#![allow(dead_code)]

use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Starts headless Chromium with a fresh profile and no background network traffic.
pub fn launch() -> (Browser, tempfile::TempDir) {
    launch_sized(1280, 900)
}

pub fn launch_sized(width: u32, height: u32) -> (Browser, tempfile::TempDir) {
    launch_with(width, height, &[])
}

/// [`launch_sized`] with more command line switches.
pub fn launch_with(width: u32, height: u32, extra: &[&str]) -> (Browser, tempfile::TempDir) {
    let path = PathBuf::from(std::env::var("BESOK_CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string()));
    assert!(
        path.exists(),
        "headless Chromium is needed for this test but {} does not exist; run `scripts/test`, \
         which installs it (`apt-get install -y chromium chromium-driver`), or set BESOK_CHROMIUM",
        path.display()
    );
    let profile = tempfile::tempdir().unwrap();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--hide-scrollbars",
    ]
    .iter()
    .chain(extra)
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("headless Chromium failed to start");
    (browser, profile)
}

/// Opens `url` in a new tab and waits for it to load.
pub fn open(browser: &Browser, url: &str) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(url).unwrap().wait_until_navigated().unwrap();
    tab
}

/// Evaluates a JavaScript expression and returns its value as JSON.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let result = tab
        .evaluate(js, true)
        .unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    result.value.unwrap_or(serde_json::Value::Null)
}

/// Polls `check` until it returns true or `timeout` passes; returns whether it did.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

/// Serves a folder on 127.0.0.1 (a free port) from background threads, like a plain static
/// host: `index.html` for folders, `404.html` with status 404 for anything missing.
///
/// Not tiny_http: its connection pool can leave a new connection waiting until another one
/// closes, and a page fetching many files at once (the search page of a large site) then
/// stalled for as long as the browser kept its other connections open. Here every connection
/// gets its own thread and is closed after one response.
pub struct StaticServer {
    pub base: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dir, stopped) = (dir.to_path_buf(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let dir = dir.clone();
                std::thread::spawn(move || respond(&dir, stream));
            }
        });
        StaticServer {
            base: format!("http://{addr}"),
            stop,
            addr,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request from `stream` and answers it from `dir`.
fn respond(dir: &Path, mut stream: std::net::TcpStream) {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let target = loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => break request.path.unwrap_or("/").to_string(),
            Ok(httparse::Status::Partial) if buf.len() < 64 * 1024 => continue,
            _ => return,
        }
    };
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let decoded = percent_decode(&path);
    let mut file = dir.join(decoded.trim_start_matches('/'));
    if decoded.split('/').any(|seg| seg == "..") {
        file = dir.join("404.html");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", dir.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}
