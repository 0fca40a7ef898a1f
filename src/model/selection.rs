//! Which posts a run publishes. Drafts only when asked; a post dated after the run's time is
//! held back until its date (a site rebuilt daily publishes it then), unless asked; the dev
//! server shows held-back posts marked as scheduled, so a writer can preview them.

use chrono::{DateTime, Utc};

/// What to do with posts dated after the run's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Future {
    /// Left out of every page, list, feed, sitemap and search index (`besok build`).
    Hold,
    /// Published like any other post (`besok build --future`).
    Publish,
    /// Shown in pages and lists marked as scheduled, but kept out of feeds, the sitemap and
    /// the search index, as drafts are (`besok serve`).
    Preview,
}

/// Which posts a run takes in.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    /// Posts marked `draft = true` are shown (marked), but never in feeds, the sitemap or
    /// the search index.
    pub drafts: bool,
    pub future: Future,
    /// The run's time: a post dated after it is in the future.
    pub now: DateTime<Utc>,
}

impl Selection {
    /// What `besok build` takes in by default: no drafts, no posts dated after now.
    pub fn published() -> Selection {
        Selection {
            drafts: false,
            future: Future::Hold,
            now: Utc::now(),
        }
    }
}

impl Selection {
    /// Whether a run takes in `post`: not a draft (unless drafts are asked for), not dated
    /// after the run's time (unless such posts are published or previewed).
    pub fn takes(&self, post: &crate::content::PostSource) -> bool {
        (self.drafts || !post.draft) && (self.future != Future::Hold || post.date.value.datetime <= self.now)
    }
}

/// Posts held back until their date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldBack {
    pub count: usize,
    /// The first date one of them is due.
    pub next: Option<DateTime<chrono::FixedOffset>>,
}

impl HeldBack {
    pub fn add(&mut self, date: DateTime<chrono::FixedOffset>) {
        self.count += 1;
        if self.next.is_none_or(|n| date < n) {
            self.next = Some(date);
        }
    }
}
