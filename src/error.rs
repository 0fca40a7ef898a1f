//! The library's error type. The binary maps each variant to an exit code.

use crate::diagnostics::{format_all, Diagnostic};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the writer's files (content, config, templates): exit code 1.
    #[error("{}", format_all(.0))]
    Content(Vec<Diagnostic>),

    /// besok will not write where it was asked to, because it could destroy files it did not
    /// write. Fixed by choosing another directory or `--force`: a usage error, exit code 2.
    #[error("refusing to write the site into {}: {reason}", path.display())]
    UnsafeOutput { path: PathBuf, reason: String },

    /// besok was asked to create a file or site where one already is; it never replaces the
    /// writer's files. Fixed by choosing another name or folder: a usage error, exit code 2.
    #[error("will not write {}: {reason}", crate::diagnostics::display_path(path))]
    Refused { path: PathBuf, reason: String },
    /// The dev server cannot start (its port is taken, ...): exit code 2.
    #[error("{0}")]
    Serve(String),
    /// Another build is writing the same output folder right now: exit code 1 (try again).
    #[error("another besok build ({holder}) is writing {} right now; wait for it to finish and build again", path.display())]
    Busy { path: PathBuf, holder: String },

    /// A file could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
