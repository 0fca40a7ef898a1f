//! The built site as the dev server sees it: file bytes by path, plus the last error.
//!
//! Each rebuild makes a whole new [`Snapshot`] and swaps it in as one `Arc`, so a request
//! is answered entirely from one build: never a mix of an old page and a new stylesheet, and
//! never a half-rendered site while a rebuild runs.

use std::hash::BuildHasher;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// A file of the built site; shared between snapshots, so a rebuild copies only what changed.
pub type FileBytes = Arc<Vec<u8>>;

/// Site files by `/`-separated path relative to the site root (`posts/x/index.html`).
///
/// A persistent map: every rebuild hands the server a new snapshot of all files, and copying
/// a std `HashMap` of a 10,000-post site (16,000 files) took 4–8 ms of an edit's time; this
/// one is cloned in constant time and shares all it did not change with the previous one.
pub type Files = imbl::HashMap<String, FileBytes>;

/// The pages a rebuild is still rendering, kept as a hash of each path: a structural edit at
/// 10,000 posts leaves 16,000 pages pending, and copying every path into a set of strings
/// took 2–3 ms of the writer's wait; hashing them takes a tenth of that. Two paths with one
/// hash (a chance in 2^64 for a pair) only make a request for a page already made wait for
/// the end of the rebuild, as a pending one does.
#[derive(Debug, Default)]
pub struct PendingPages(rustc_hash::FxHashSet<u64>);

impl PendingPages {
    pub fn contains(&self, file: &str) -> bool {
        self.0.contains(&path_hash(file))
    }
}

impl<'a> FromIterator<&'a str> for PendingPages {
    fn from_iter<I: IntoIterator<Item = &'a str>>(files: I) -> PendingPages {
        PendingPages(files.into_iter().map(path_hash).collect())
    }
}

fn path_hash(file: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(file)
}

/// One consistent state of the site being served.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub files: Arc<Files>,
    /// Changes whenever `files` does; differs between server runs, so a page served by an
    /// earlier run reloads when it reconnects.
    pub version: String,
    /// The errors of the last rebuild, as the terminal shows them, while they are not fixed.
    /// `files` is then still the last good build.
    pub error: Option<String>,
    /// Pages a rebuild is still rendering, after it served the ones the writer looks at
    /// first: their bytes in `files` are the previous build's (or missing, when new), so a
    /// request for one waits for the snapshot that has them.
    pub pending: Option<Arc<PendingPages>>,
}

impl Snapshot {
    /// Whether `file`'s bytes here are still to come from the rebuild running.
    pub fn is_pending(&self, file: &str) -> bool {
        self.pending.as_ref().is_some_and(|p| p.contains(file))
    }
}

/// The current snapshot, read by every request and replaced by the rebuild thread.
pub struct SiteState {
    current: RwLock<Arc<Snapshot>>,
    /// Wakes the requests waiting for a pending page at each swap.
    swap: Mutex<()>,
    swapped: Condvar,
}

impl SiteState {
    pub fn new(snapshot: Snapshot) -> SiteState {
        SiteState {
            current: RwLock::new(Arc::new(snapshot)),
            swap: Mutex::new(()),
            swapped: Condvar::new(),
        }
    }

    /// The snapshot to answer one request from; holding it keeps that build alive.
    pub fn get(&self) -> Arc<Snapshot> {
        // A poisoned lock still holds a complete snapshot: swaps never leave it half done.
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set(&self, snapshot: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
        // Taken, so a request between reading the snapshot and waiting cannot miss the wake.
        drop(self.swap.lock().unwrap_or_else(|e| e.into_inner()));
        self.swapped.notify_all();
    }

    /// The snapshot to answer a request for `file` from: the current one, or, while `file` is
    /// a page the running rebuild has still to render, the first one after that has it. After
    /// `patience` the current one is taken as it is (a rebuild that hangs must not hang the
    /// browser too).
    pub fn get_when_made(&self, file: &str, patience: Duration) -> Arc<Snapshot> {
        let until = Instant::now() + patience;
        let mut swap = self.swap.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let snapshot = self.get();
            let left = until.saturating_duration_since(Instant::now());
            if !snapshot.is_pending(file) || left.is_zero() {
                return snapshot;
            }
            swap = self
                .swapped
                .wait_timeout(swap, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(version: &str, pending: &[&str]) -> Snapshot {
        Snapshot {
            files: Arc::new(Files::new()),
            version: version.to_string(),
            error: None,
            pending: (!pending.is_empty()).then(|| Arc::new(pending.iter().copied().collect())),
        }
    }

    #[test]
    fn a_request_for_a_pending_page_waits_for_the_snapshot_that_has_it() {
        let state = Arc::new(SiteState::new(snapshot("1", &["page/2/index.html"])));
        // A page not pending is answered at once.
        assert_eq!(state.get_when_made("index.html", Duration::from_secs(30)).version, "1");
        let swapper = {
            let state = state.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                // A swap that still has it pending does not end the wait.
                state.set(snapshot("2", &["page/2/index.html"]));
                std::thread::sleep(Duration::from_millis(50));
                state.set(snapshot("3", &[]));
            })
        };
        let started = Instant::now();
        let got = state.get_when_made("page/2/index.html", Duration::from_secs(30));
        assert_eq!(got.version, "3");
        assert!(started.elapsed() >= Duration::from_millis(100));
        swapper.join().unwrap();
    }

    #[test]
    fn a_page_that_stays_pending_is_answered_after_the_patience() {
        let state = SiteState::new(snapshot("1", &["a.html"]));
        let started = Instant::now();
        assert_eq!(state.get_when_made("a.html", Duration::from_millis(30)).version, "1");
        assert!(started.elapsed() >= Duration::from_millis(30));
    }
}
