//! `besok serve`: the site built into memory, served over HTTP, rebuilt as files change, and
//! open pages told to reload. `public/` is never touched.
//!
//! Threads: a few HTTP workers answer requests from the current [`site_state::Snapshot`];
//! one rebuild thread takes file changes from the watcher, runs the [`incremental`] build
//! and swaps in the new snapshot, then tells open pages through [`livereload`].

pub mod http;
pub mod incremental;
pub mod livereload;
pub mod site_state;
pub mod watch;

use crate::error::{Error, Result};
use incremental::{Incremental, Outcome};
use livereload::Broadcaster;
use serde_json::json;
use site_state::{Files, PendingPages, SiteState, Snapshot};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use watch::{Changes, Watcher};

/// How many requests are answered at once (event streams do not count: each has a thread).
const HTTP_WORKERS: usize = 4;
/// Above this many changed files, pages are told "reload" without the list.
const MAX_LISTED_CHANGES: usize = 200;
/// How long more waiting changes may put off making the search index after a model rebuild.
const SEARCH_PATIENCE: Duration = Duration::from_secs(2);

/// What `besok serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    /// 0 lets the system pick a free port.
    pub port: u16,
    /// If the port is taken, try the next ones (the command line does; tests pass 0).
    pub try_next_ports: bool,
    pub drafts: bool,
}

/// Where the server prints what it does; the CLI prints to the terminal, tests may collect.
pub trait Log: Send + 'static {
    fn info(&self, line: &str);
    fn error(&self, text: &str);
    /// A rebuild, or a step of one, changed the served site; `outcome` is what it did
    /// (which pages it rendered, ...). Prints its one-line summary.
    fn rebuilt(&self, outcome: &Outcome) {
        self.info(&outcome.summary());
    }
}

/// Prints to stdout and stderr.
pub struct TerminalLog;

impl Log for TerminalLog {
    fn info(&self, line: &str) {
        println!("{line}");
    }
    fn error(&self, text: &str) {
        eprintln!("{text}");
    }
}

/// A running dev server. Serving stops when it is dropped.
pub struct Server {
    pub addr: SocketAddr,
    /// The address asked for was taken and this one was used instead.
    pub port_was_taken: Option<u16>,
    http: Arc<tiny_http::Server>,
    /// Outcome of the first build (errors leave the site empty but the server running).
    pub initial: std::result::Result<Outcome, Error>,
    /// Taken on drop, which ends the rebuild thread.
    watcher: Arc<Mutex<Option<Watcher>>>,
}

impl Server {
    /// Binds the port, builds the site and starts watching and serving, all before returning.
    pub fn start(options: &ServeOptions, log: impl Log) -> Result<Server> {
        let root = options
            .root
            .canonicalize()
            .map_err(|e| Error::io("cannot open the site folder", &options.root, e))?;
        let (http, addr, port_was_taken) = bind(options)?;
        let http = Arc::new(http);

        let mut engine = Incremental::new(&root, options.drafts, &base_url(addr));
        let boot = boot_id();
        let mut build_number = 1u64;
        let version = move |n: u64| format!("{boot}-{n}");
        let initial = engine.initial();
        let snapshot = Snapshot {
            files: Arc::new(engine.files().clone()),
            version: version(build_number),
            error: initial.as_ref().err().map(|e| e.to_string()),
            pending: None,
        };
        let state = Arc::new(SiteState::new(snapshot));
        let events = Arc::new(Broadcaster::default());

        let (tx, rx) = mpsc::channel();
        let watcher = Watcher::start(&root, tx).map_err(|e| Error::Io {
            action: "cannot watch",
            path: root.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;

        for _ in 0..HTTP_WORKERS {
            let (http, state, events) = (http.clone(), state.clone(), events.clone());
            std::thread::spawn(move || {
                // `recv` fails only when the server is shut down.
                while let Ok(request) = http.recv() {
                    http::handle(request, &state, &events);
                }
            });
        }

        let watcher = Arc::new(Mutex::new(Some(watcher)));
        let (rebuild_state, rebuild_watcher) = (state.clone(), watcher.clone());
        std::thread::spawn(move || {
            let mut next_version = || {
                build_number += 1;
                version(build_number)
            };
            rebuild_loop(
                rx,
                &mut engine,
                &rebuild_state,
                &events,
                &log,
                &rebuild_watcher,
                &mut next_version,
            )
        });
        Ok(Server {
            addr,
            port_was_taken,
            http,
            initial,
            watcher,
        })
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        format!("http://{}/", display_addr(self.addr))
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        loop {
            std::thread::park();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        self.watcher.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

/// Takes the changes of each burst (and all that piled up during the previous rebuild, so
/// a burst of saves gives one rebuild), rebuilds, and swaps in the new snapshot. When the
/// rebuild left the search index to do, it is made after the pages are served and announced,
/// unless more changes wait: those are taken first, and the index is made once they are in.
fn rebuild_loop(
    rx: Receiver<Changes>,
    engine: &mut Incremental,
    state: &SiteState,
    events: &Broadcaster,
    log: &dyn Log,
    watcher: &Mutex<Option<Watcher>>,
    next_version: &mut dyn FnMut() -> String,
) {
    let mut waiting: Option<Changes> = None;
    let mut search_pending_since: Option<Instant> = None;
    loop {
        let mut changes = match waiting.take() {
            Some(changes) => changes,
            None => match rx.recv() {
                Ok(changes) => changes,
                Err(_) => return,
            },
        };
        while let Ok(more) = rx.try_recv() {
            changes.merge(more);
        }
        // Folders created after the start are watched from now on.
        for dir in std::mem::take(&mut changes.new_dirs) {
            if let Some(w) = watcher.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                if let Err(e) = w.watch_dir(&dir) {
                    log.error(&format!("warning: cannot watch {}: {e}", dir.display()));
                }
            }
        }
        let rebuilt = engine.rebuild_serving_first(&changes, &mut |first| {
            publish(
                first.outcome,
                first.files,
                Some(first.pending),
                state,
                events,
                log,
                next_version,
            );
        });
        // The pages served first may be in the current snapshot already.
        let current = state.get();
        match rebuilt {
            Ok(outcome) => publish(&outcome, engine.files(), None, state, events, log, next_version),
            Err(e) => {
                let text = e.to_string();
                log.error(&text);
                state.set(Snapshot {
                    error: Some(text.clone()),
                    pending: None,
                    ..(*current).clone()
                });
                events.send("update", &json!({"version": current.version, "error": text}));
            }
        }
        if engine.search_pending() {
            let since = *search_pending_since.get_or_insert_with(Instant::now);
            match rx.try_recv() {
                Ok(more) => waiting = Some(more),
                Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            // Saves that keep coming (a script writing many files) delay the index, not forever.
            if waiting.is_none() || since.elapsed() >= SEARCH_PATIENCE {
                if let Some(outcome) = engine.finish_search() {
                    publish(&outcome, engine.files(), None, state, events, log, next_version);
                }
            }
        }
        if !engine.search_pending() {
            search_pending_since = None;
        }
    }
}

/// Swaps in the engine's files after a good rebuild (or step of one) and tells open pages
/// which files changed. `pending`: the pages the rebuild is still rendering.
fn publish(
    outcome: &Outcome,
    files: &Files,
    pending: Option<Arc<PendingPages>>,
    state: &SiteState,
    events: &Broadcaster,
    log: &dyn Log,
    next_version: &mut dyn FnMut() -> String,
) {
    for w in &outcome.new_warnings {
        log.error(&w.to_string());
    }
    let current = state.get();
    let had_error = current.error.is_some();
    if !outcome.changed() && !had_error && current.pending.is_none() && pending.is_none() {
        return;
    }
    let version = if outcome.changed() {
        next_version()
    } else {
        current.version.clone()
    };
    state.set(Snapshot {
        files: if outcome.changed() {
            Arc::new(files.clone())
        } else {
            current.files.clone()
        },
        version: version.clone(),
        error: None,
        pending,
    });
    if had_error {
        log.info("fixed: the site builds again");
    }
    if outcome.changed() {
        log.rebuilt(outcome);
    }
    let changed = outcome.changed_files();
    let swaps = &outcome.stylesheet_swaps;
    let reload = if swaps.is_some() {
        json!([])
    } else if outcome.full || changed.len() > MAX_LISTED_CHANGES {
        json!("all")
    } else {
        json!(changed)
    };
    events.send(
        "update",
        &json!({"version": version, "error": null, "reload": reload, "css": swaps}),
    );
}

/// Binds the interface and port; a taken port is a clear error, or with `try_next_ports`
/// the next free one of the following ten.
fn bind(options: &ServeOptions) -> Result<(tiny_http::Server, SocketAddr, Option<u16>)> {
    let tries = if options.try_next_ports && options.port != 0 {
        10
    } else {
        1
    };
    let mut first_error = None;
    for i in 0..tries {
        let Some(port) = options.port.checked_add(i) else { break };
        let addr = SocketAddr::new(options.interface, port);
        let server = TcpListener::bind(addr).and_then(|listener| {
            answer_at_once(&listener);
            let bound = listener.local_addr()?;
            let server = tiny_http::Server::from_listener(listener, None).map_err(std::io::Error::other)?;
            Ok((server, bound))
        });
        match server {
            Ok((server, bound)) => {
                let taken = (i > 0).then_some(options.port);
                return Ok((server, bound, taken));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let e = first_error.map_or_else(|| "no port to try".to_string(), |e| e.to_string());
    let addr = SocketAddr::new(options.interface, options.port);
    let hint = if tries > 1 {
        format!(" (nor the {} ports after it)", tries - 1)
    } else {
        String::new()
    };
    Err(Error::Serve(format!(
        "cannot listen on {}{hint}: {e}; is another server running there? Choose another with --port",
        display_addr(addr)
    )))
}

/// Sets TCP_NODELAY on the listening socket, which the connections it accepts inherit (Linux,
/// the BSDs, macOS; tiny_http gives no access to them itself). tiny_http writes a response's
/// head and its body in separate writes; without this, the body of every response but the
/// first on a kept-alive connection waited for the browser's delayed acknowledgement of the
/// head (Nagle's algorithm): ~40 ms a request instead of well under one. Best effort: a
/// socket that refuses only answers slower.
fn answer_at_once(listener: &TcpListener) {
    // The option belongs to the socket, not to a descriptor of it: it is set through a
    // duplicate, as a TcpStream, the one std type that sets it.
    #[cfg(unix)]
    let socket = std::os::fd::AsFd::as_fd(listener).try_clone_to_owned();
    #[cfg(windows)]
    let socket = std::os::windows::io::AsSocket::as_socket(listener).try_clone_to_owned();
    #[cfg(any(unix, windows))]
    if let Ok(socket) = socket {
        let _ = std::net::TcpStream::from(socket).set_nodelay(true);
    }
}

/// The base URL pages are rendered with: the server's own address, so every link stays on
/// it. For an unspecified interface (0.0.0.0) links are root-relative, as the host that
/// readers use is unknown.
fn base_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        "/".to_string()
    } else {
        format!("http://{}/", display_addr(addr))
    }
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

/// Differs between runs, so pages served by an earlier run reload when they reconnect.
fn boot_id() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{:x}", nanos ^ (u128::from(std::process::id()) << 64))
}
