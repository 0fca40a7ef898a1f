//! Writing new files for the writer: a new site (`besok init`), the report of the next visit,
//! a municipality page and a plain page (`besok new`).
//!
//! Nothing here ever replaces a file: every file is created with `create_new`, so even a file
//! that appears between the check and the write is left alone. Front matter is written by the
//! toml crate, so any title (quotes, backslashes, emoji) comes out as valid TOML.

pub mod init;
pub mod new;

pub use init::{init, InitOptions, InitReport};
pub use new::{new_municipality_page, new_page, new_post, NewMunicipalityPage, NewPage, NewPost, NewPostReport};

use crate::diagnostics::display_path;
use crate::error::{Error, Result};
use serde::Serialize;
use std::fs;
use std::io::Write;
use std::path::Path;

/// Creates the file `path` holding `text`, and the folders above it. An existing file is
/// refused, never replaced.
pub fn create_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    let mut file = match fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Refused {
                path: path.to_path_buf(),
                reason: "the file already exists, and besok never replaces a file".into(),
            })
        }
        Err(e) => return Err(Error::io("cannot create", path, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("cannot write", path, e))
}

/// A content file: TOML front matter between `+++` lines (with `comments` as `#` lines at its
/// end), then the markdown body.
pub fn file_text<T: Serialize>(front_matter: &T, comments: &[String], body: &str) -> String {
    // Front matter of strings, numbers, dates and lists of strings always serialises.
    let toml = toml::to_string(front_matter).expect("front matter serialises to TOML");
    let mut out = String::from("+++\n");
    out.push_str(&toml);
    if !toml.ends_with('\n') {
        out.push('\n');
    }
    for c in comments {
        for line in c.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("+++\n");
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body.trim_end());
        out.push('\n');
    }
    out
}

/// A TOML date (no time, no offset), as front matter writes `date = 2016-12-08`.
pub fn toml_date(date: chrono::NaiveDate) -> toml::value::Datetime {
    use chrono::Datelike;
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// A path as the writer should see it: relative paths without a leading `./`.
pub fn shown(path: &Path) -> String {
    let s = display_path(path);
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
