//! besok: a static site generator for blogs of municipality visit reports.
//!
//! The pipeline runs one way: [`content`] loads the writer's files, [`model`] turns them into
//! the site's data (posts, tags, municipalities with their timelines, archive), [`render`] turns
//! the model into pages with the [`theme`]'s templates, and [`output`] writes them safely.
//! [`build()`] runs the stages in order.

pub(crate) mod assets;
pub mod build;
pub mod check;
pub(crate) mod collation;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod error;
pub(crate) mod html;
pub(crate) mod i18n;
pub(crate) mod identity;
pub mod images;
pub mod import;
pub mod markdown;
pub mod memory;
pub(crate) mod model;
pub mod output;
pub(crate) mod pipeline;
pub(crate) mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub(crate) mod shortcodes;
pub mod slugs;
pub mod source;
pub mod static_names;
pub(crate) mod suggest;
pub mod sweden;
pub mod theme;
pub(crate) mod timing;
pub(crate) mod walk;

pub use build::{build, BuildOptions, BuildReport};
pub use check::{check, CheckOptions, CheckReport};
pub use error::{Error, Result};
