//! Live reload: a script injected into served HTML pages, and a Server-Sent Events stream
//! (`/__besok/events`) that tells open pages about every rebuild.
//!
//! SSE rather than WebSockets: the browser's `EventSource` reconnects by itself (so pages
//! find a restarted server again), it is one-way like our messages, and it is plain HTTP
//! that tiny_http can stream without another crate.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// URL of the event stream.
pub const EVENTS_PATH: &str = "/__besok/events";
/// URL of the script.
pub const SCRIPT_PATH: &str = "/__besok/livereload.js";
/// The script itself.
pub const SCRIPT: &str = include_str!("livereload.js");

/// How often an idle stream gets a comment line, so closed tabs are noticed and their threads
/// end: a write to a closed connection is only refused from the second one on, so a closed
/// tab's thread lives up to twice this long. A 15-byte line every 5 s per tab costs nothing.
const KEEPALIVE: Duration = Duration::from_secs(5);

/// Sends each event to every open page.
#[derive(Default)]
pub struct Broadcaster {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Broadcaster {
    /// A new listener; its receiver ends when the broadcaster is dropped.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        rx
    }

    /// Sends one SSE event (`event:` name and JSON data) to every listener still there.
    pub fn send(&self, event: &str, data: &serde_json::Value) {
        let message = format_event(event, data);
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.send(message.clone()).is_ok());
    }
}

pub fn format_event(event: &str, data: &serde_json::Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// Streams events to one page until it goes away. `first` is sent right away (the current
/// version and error). Runs on its own thread: the stream stays open as long as the page.
pub fn stream(mut out: Box<dyn Write + Send>, first: String, events: Receiver<String>) {
    // The response head is written by hand: tiny_http would buffer a streamed body.
    // `retry` makes the browser reconnect quickly after the server restarts.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 300\n\n";
    if out.write_all(head.as_bytes()).is_err() || send(&mut out, &first).is_err() {
        return;
    }
    loop {
        let message = match events.recv_timeout(KEEPALIVE) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut out, &message).is_err() {
            return;
        }
    }
}

fn send(out: &mut Box<dyn Write + Send>, message: &str) -> std::io::Result<()> {
    out.write_all(message.as_bytes())?;
    out.flush()
}

/// The script tag for a page: which build it is from, and which file it is, so the script
/// knows whether an update concerns it.
pub fn script_tag(version: &str, file: &str) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\" data-file=\"{}\"></script>",
        crate::html::escape_html(version),
        crate::html::escape_html(file)
    )
}

/// Puts `tag` before the page's last `</body>` (any letter case), or at the end if it has none.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let lower: Vec<u8> = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_closing_body() {
        let html = b"<html><body><p>x</p><pre>&lt;/body&gt;</pre></BODY></html>";
        let out = String::from_utf8(inject(html, "<s>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><pre>&lt;/body&gt;</pre><s></BODY></html>");
    }

    #[test]
    fn appends_when_there_is_no_body_end() {
        assert_eq!(inject(b"<p>x", "<s>"), b"<p>x<s>");
    }

    #[test]
    fn script_tag_escapes_its_attributes() {
        let tag = script_tag("1-2", "a\"b/index.html");
        assert!(tag.contains("data-file=\"a&quot;b/index.html\""), "{tag}");
    }
}
