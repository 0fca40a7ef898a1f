//! A progress line for long steps on a terminal: a first build of a photo archive, or the
//! download of a blog's media, takes minutes. Nothing is printed when standard error is not a
//! terminal (a log, a CI run), and nothing in the first second.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The progress of `total` pieces of work, told as "`what`: 3/10 `done`, about 12 s left".
pub struct Progress {
    what: &'static str,
    done_word: &'static str,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    shown: Mutex<Option<Instant>>,
    terminal: bool,
}

impl Progress {
    /// Starts counting, e.g. `Progress::start(40, "Images", "made")`.
    pub fn start(total: usize, what: &'static str, done_word: &'static str) -> Progress {
        Progress {
            what,
            done_word,
            total,
            done: AtomicUsize::new(0),
            started: Instant::now(),
            shown: Mutex::new(None),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// One piece is done; the line is redrawn at most four times a second.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.terminal || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if shown.is_some_and(|t| t.elapsed() < Duration::from_millis(250)) {
            return;
        }
        *shown = Some(Instant::now());
        let per = self.started.elapsed().as_secs_f64() / done as f64;
        let left = per * self.total.saturating_sub(done) as f64;
        eprint!(
            "\r{}: {done}/{} {}, about {} s left   ",
            self.what,
            self.total,
            self.done_word,
            left.ceil() as u64
        );
    }

    /// Ends the line, if one was shown.
    pub fn finish(&self) {
        if self.shown.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
            eprintln!(
                "\r{}: {} of {} {} in {} s               ",
                self.what,
                self.total,
                self.total,
                self.done_word,
                self.started.elapsed().as_secs()
            );
        }
    }
}
