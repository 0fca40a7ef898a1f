//! Stage timings that cost nothing noticeable in a parallel build.
//!
//! Reading, markdown, template rendering and writing are interleaved on every thread, so a
//! wall-clock timer per stage cannot separate them. Each thread instead adds the time of each
//! piece of work to a shared atomic counter (one relaxed add per file or page), giving the time
//! spent per stage summed over all threads: what to optimise next, independent of the core count.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The fine-grained stages of a build, whose times are summed over threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading content files from disk and checking they are UTF-8.
    Read,
    /// Front matter: TOML parsing and checks.
    FrontMatter,
    /// Markdown to HTML (pulldown-cmark, heading ids, summary, typography).
    Markdown,
    /// Assembling each page's template data from the pre-serialised values.
    Context,
    /// Tera rendering.
    Templates,
    /// Feeds, sitemap, robots.txt, search index and redirect script (written without templates).
    OtherFiles,
    /// Writing pages into the staging folder.
    Write,
}

const STAGES: usize = 7;

/// Accumulated nanoseconds per [`Stage`]; shared by reference between threads.
#[derive(Debug, Default)]
pub struct StageClock {
    nanos: [AtomicU64; STAGES],
}

impl StageClock {
    /// Runs `work` and adds its duration to `stage`.
    pub fn time<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        self.add(stage, start.elapsed());
        out
    }

    pub fn add(&self, stage: Stage, d: Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.nanos[stage as usize].fetch_add(nanos, Ordering::Relaxed);
    }

    /// The time summed over threads so far.
    pub fn get(&self, stage: Stage) -> Duration {
        Duration::from_nanos(self.nanos[stage as usize].load(Ordering::Relaxed))
    }
}

/// Runs `work` and adds its duration to `stage`, if there is a clock.
pub(crate) fn timed<T>(clock: Option<&StageClock>, stage: Stage, work: impl FnOnce() -> T) -> T {
    match clock {
        Some(c) => c.time(stage, work),
        None => work(),
    }
}
