//! Headless Chromium for tests, and a tiny static file server so pages load over HTTP like on a
//! real host. Chromium must be installed (Debian: `apt-get install chromium chromium-driver`);
//! a missing browser fails the test loudly, it never skips.
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
    let path = PathBuf::from(std::env::var("BESOK_CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string()));
    assert!(
        path.exists(),
        "headless Chromium is needed for this test but {} does not exist; install it with \
         `apt-get install -y chromium chromium-driver` (or set BESOK_CHROMIUM)",
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

/// Serves a folder on 127.0.0.1 (a free port) from a background thread, like a plain static
/// host: `index.html` for folders, `404.html` with status 404 for anything missing.
pub struct StaticServer {
    pub base: String,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let dir = dir.to_path_buf();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
                let decoded = percent_decode(&path);
                let mut file = dir.join(decoded.trim_start_matches('/'));
                if decoded.split('/').any(|seg| seg == "..") {
                    file = dir.join("404.html");
                }
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, file) = if file.is_file() {
                    (200, file)
                } else {
                    (404, dir.join("404.html"))
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
                let header = tiny_http::Header::from_bytes("Content-Type", mime).unwrap();
                let _ = request.respond(
                    tiny_http::Response::from_data(body)
                        .with_status_code(status)
                        .with_header(header),
                );
            }
        });
        StaticServer {
            base: format!("http://127.0.0.1:{port}"),
            server,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
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
