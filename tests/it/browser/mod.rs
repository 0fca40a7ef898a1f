//! Tests in a real browser (headless Chromium, see `common::browser`).

mod livereload;
mod search;
mod search_scale;
mod shortcodes;
mod smoke;
