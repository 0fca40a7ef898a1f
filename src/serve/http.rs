//! Answering HTTP requests from the in-memory site.
//!
//! A request path is never joined to a file system path: it is decoded and checked segment
//! by segment and then looked up in the snapshot's map, so only files of the built site can
//! be served. Paths that try to climb out (`..`, `%2e%2e`), hide a separator (`%2f`, `\`),
//! name an absolute path (`//etc/passwd`, `/C:/...`) or hold a NUL byte are refused with
//! 400, never normalised into something that might exist.

use super::livereload::{self, Broadcaster, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::site_state::{SiteState, Snapshot};
use std::io::Cursor;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// How long a request for a page still being rendered waits for it before it is answered with
/// what is there.
const PENDING_PATIENCE: Duration = Duration::from_secs(30);

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by its key (`posts/x/index.html`).
    File(String),
    /// A folder asked for without its slash: redirect there.
    Redirect(String),
    /// Nothing of the site is there.
    NotFound,
    Events,
    Script,
    /// A path that could point outside the site, with the reason.
    Refused(&'static str),
}

/// Decides what a request URL (path and optional query) refers to in `files`.
pub fn resolve(url: &str, exists: impl Fn(&str) -> bool) -> Target {
    let (path, query) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    if !path.starts_with('/') {
        return Target::Refused("the path must start with /");
    }
    if path.contains('\\') {
        return Target::Refused("backslashes are not allowed in paths");
    }
    if path == EVENTS_PATH {
        return Target::Events;
    }
    if path == SCRIPT_PATH {
        return Target::Script;
    }
    let raw_segments: Vec<&str> = path[1..].split('/').collect();
    let last = raw_segments.len() - 1;
    let mut segments = Vec::with_capacity(raw_segments.len());
    for (i, raw) in raw_segments.iter().enumerate() {
        let Some(segment) = percent_decode(raw) else {
            return Target::Refused("bad percent-encoding or not UTF-8");
        };
        if segment.is_empty() {
            if i == last {
                break;
            }
            return Target::Refused("empty path segment (an absolute path?)");
        }
        if segment == "." || segment == ".." {
            return Target::Refused("`.` and `..` are not allowed in paths");
        }
        if segment.contains(['/', '\\', '\0']) {
            return Target::Refused("an encoded /, \\ or NUL is not allowed in paths");
        }
        if i == 0 && segment.len() == 2 && segment.ends_with(':') {
            return Target::Refused("a drive letter is not allowed in paths");
        }
        segments.push(segment);
    }
    let key = segments.join("/");
    if key.starts_with("__besok") {
        return Target::NotFound;
    }
    if key.is_empty() || path.ends_with('/') {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&key) {
        Target::File(key)
    } else if exists(&format!("{key}/index.html")) {
        Target::Redirect(format!("{path}/{query}"))
    } else {
        Target::NotFound
    }
}

/// `%XX` decoding of one path segment; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values are ASCII")
}

/// Content-Type by file extension; text gets `charset=utf-8` (besok writes UTF-8).
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "atom+xml" | "rss+xml"
        );
    if text {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let len = body.len();
    let mut response = Response::new(StatusCode(status), Vec::new(), Cursor::new(body), Some(len), None)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    for (name, value) in extra {
        response = response.with_header(header(name, value));
    }
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// Answers one request. Event streams are handed to a thread of their own.
pub fn handle(request: Request, state: &SiteState, events: &Broadcaster) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
            &[("Allow", "GET, HEAD")],
        );
    }
    let mut snapshot = state.get();
    let target = resolve(request.url(), |key| {
        snapshot.files.contains_key(key) || snapshot.is_pending(key)
    });
    match target {
        Target::File(key) => {
            if snapshot.is_pending(&key) {
                snapshot = state.get_when_made(&key, PENDING_PATIENCE);
            }
            let Some(bytes) = snapshot.files.get(&key) else {
                return not_found(request, &snapshot);
            };
            let content_type = content_type(&key);
            let body = page_body(&snapshot, &key, bytes, &content_type);
            respond(request, 200, &content_type, body, &[]);
        }
        Target::Redirect(location) => respond(
            request,
            302,
            "text/plain; charset=utf-8",
            format!("see {location}\n").into_bytes(),
            &[("Location", &location)],
        ),
        Target::NotFound => not_found(request, &snapshot),
        Target::Refused(reason) => respond(
            request,
            400,
            "text/plain; charset=utf-8",
            format!("400 bad request: {reason}\n").into_bytes(),
            &[],
        ),
        Target::Script => respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes().to_vec(),
            &[],
        ),
        Target::Events => {
            // Subscribe first, then read the version: an update published in between is
            // both in the hello and in the stream (the script ignores the repeat), where the
            // other order would lose it and leave the page stale.
            let rx = events.subscribe();
            let now = state.get();
            let first = livereload::format_event(
                "hello",
                &serde_json::json!({"version": now.version, "error": now.error}),
            );
            let out = request.into_writer();
            std::thread::spawn(move || livereload::stream(out, first, rx));
        }
    }
}

/// HTML pages get the live-reload script; everything else is sent as built.
fn page_body(snapshot: &Snapshot, key: &str, bytes: &[u8], content_type: &str) -> Vec<u8> {
    if content_type.starts_with("text/html") {
        livereload::inject(bytes, &livereload::script_tag(&snapshot.version, key))
    } else {
        bytes.to_vec()
    }
}

/// The site's own 404.html with status 404, or a short page when the site has none yet (the
/// first build failed), which still carries the script so the error overlay shows.
fn not_found(request: Request, snapshot: &Snapshot) {
    let key = "404.html";
    let body = match snapshot.files.get(key) {
        Some(bytes) => page_body(snapshot, key, bytes, "text/html"),
        None => page_body(
            snapshot,
            key,
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>",
            "text/html",
        ),
    };
    respond(request, 404, "text/html; charset=utf-8", body, &[]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        ["index.html", "posts/a/index.html", "style.css", "404.html"].contains(&key)
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(resolve("/posts/a/", site), Target::File("posts/a/index.html".into()));
        assert_eq!(
            resolve("/posts/a/?x=1", site),
            Target::File("posts/a/index.html".into())
        );
        assert_eq!(resolve("/style.css", site), Target::File("style.css".into()));
        assert_eq!(resolve("/posts/a?x=1", site), Target::Redirect("/posts/a/?x=1".into()));
        assert_eq!(resolve("/posts/b/", site), Target::NotFound);
        assert_eq!(resolve("/%70osts/a/", site), Target::File("posts/a/index.html".into()));
    }

    #[test]
    fn refuses_paths_that_could_leave_the_site() {
        for url in [
            "/../etc/passwd",
            "/posts/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2E/etc/passwd",
            "/posts/%2e%2e/%2e%2e/x",
            "/./style.css",
            "/..%2fetc%2fpasswd",
            "/%2fetc%2fpasswd",
            "/posts%2fa/index.html",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "/style.css%00.html",
            "/%00",
            "etc/passwd",
            "http://example.org/../x",
            "/%zz",
            "/%c0%ae%c0%ae/etc",
        ] {
            assert!(
                matches!(resolve(url, site), Target::Refused(_)),
                "{url} was not refused"
            );
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("img/a.png"), "image/png");
        assert_eq!(content_type("x.unknownext"), "application/octet-stream");
    }
}
