//! Getting the blog's files: from a local copy of `wp-content/uploads` first (`--uploads DIR`),
//! else from the old site over HTTP(S), a few at a time, each with timeouts and one retry.
//!
//! What a server sends is checked before it is saved: a photo must be one besok can read
//! whole, and a web page (a "not found" page answered with 200, or served as `image/jpeg`) is
//! never saved as a photo or a PDF. A file is written under a hidden name and renamed into
//! place when complete, and never over a file that is there: a file already saved (by an
//! earlier run) is kept and not downloaded again.

use super::media;
use crate::progress::Progress;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

/// How many files are fetched at once: enough to hide the latency of a slow host, few enough
/// not to be mistaken for an attack by the old site's firewall.
const AT_ONCE: usize = 4;

/// The largest file fetched: a video is better left where it is than half downloaded.
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The default time to wait for a server (to connect, to answer, between two reads).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where files come from.
#[derive(Debug, Clone)]
pub struct Sources {
    /// A copy of `wp-content/uploads`, asked first.
    pub uploads: Option<PathBuf>,
    /// How long to wait for the old site at each step.
    pub timeout: Duration,
}

/// One file to save: the addresses to try, best first ([`media::candidates`]), and every place
/// it goes (a post's bundle, `static/` for a page).
#[derive(Debug, Clone)]
pub struct Job {
    pub candidates: Vec<Url>,
    pub destinations: Vec<PathBuf>,
}

/// Where a saved file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Got {
    Uploads,
    Web,
    /// Saved by an earlier run: nothing was fetched.
    AlreadySaved,
}

/// A file saved at every destination of its job.
#[derive(Debug, Clone)]
pub struct Saved {
    pub bytes: u64,
    pub got: Got,
}

/// Why a file could not be had, in words for the summary ("the server answered 404").
pub type Failure = String;

/// Fetches and saves every job, a few at a time, with a progress line on a terminal.
pub fn run(jobs: &[Job], sources: &Sources) -> Vec<Result<Saved, Failure>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_resolve(Some(sources.timeout))
        .timeout_connect(Some(sources.timeout))
        .timeout_send_request(Some(sources.timeout))
        .timeout_recv_response(Some(sources.timeout))
        .timeout_per_read(Some(sources.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("besok-import/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let progress = Progress::start(jobs.len(), "Media", "saved");
    let one = |job: &Job| {
        let result = save(job, sources, &agent);
        progress.tick();
        result
    };
    let results = match rayon::ThreadPoolBuilder::new().num_threads(AT_ONCE).build() {
        Ok(pool) => pool.install(|| jobs.par_iter().map(one).collect()),
        Err(_) => jobs.iter().map(one).collect(),
    };
    progress.finish();
    results
}

/// One job: a file already saved is copied to the places that lack it; else the candidates
/// are tried in order until one gives a file that passes [`check`].
fn save(job: &Job, sources: &Sources, agent: &ureq::Agent) -> Result<Saved, Failure> {
    let missing: Vec<&PathBuf> = job.destinations.iter().filter(|d| !exists(d)).collect();
    if missing.is_empty() {
        let bytes = job
            .destinations
            .first()
            .and_then(|d| d.metadata().ok())
            .map_or(0, |m| m.len());
        return Ok(Saved {
            bytes,
            got: Got::AlreadySaved,
        });
    }
    if let Some(saved) = job.destinations.iter().find(|d| exists(d)) {
        let bytes = std::fs::read(saved).map_err(|e| format!("cannot read {}: {e}", saved.display()))?;
        write_all(&missing, &bytes)?;
        return Ok(Saved {
            bytes: bytes.len() as u64,
            got: Got::AlreadySaved,
        });
    }
    let name = job.destinations.first().map_or_else(String::new, |d| {
        d.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    });
    let mut last = "nothing to fetch".to_string();
    for url in &job.candidates {
        let (bytes, got) = match fetch(url, sources, agent) {
            Ok(got) => got,
            Err(why) => {
                last = why;
                continue;
            }
        };
        if let Err(why) = check(&name, &bytes) {
            last = why;
            continue;
        }
        write_all(&missing, &bytes)?;
        return Ok(Saved {
            bytes: bytes.len() as u64,
            got,
        });
    }
    Err(last)
}

fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// The bytes of the file at `url`: from the uploads copy when it has it, else from the web.
fn fetch(url: &Url, sources: &Sources, agent: &ureq::Agent) -> Result<(Vec<u8>, Got), Failure> {
    if let (Some(dir), Some(rel)) = (&sources.uploads, media::uploads_path(url)) {
        let path = dir.join(rel);
        if path.is_file() {
            return std::fs::read(&path)
                .map(|b| (b, Got::Uploads))
                .map_err(|e| format!("cannot read {}: {e}", path.display()));
        }
    }
    match get(url, agent) {
        Err(Attempt::Retry(_)) => get(url, agent),
        other => other,
    }
    .map(|b| (b, Got::Web))
    .map_err(|a| match a {
        Attempt::Retry(why) | Attempt::Final(why) => why,
    })
}

/// The outcome of one request that failed: worth a second try (a timeout, a dropped
/// connection, a server error), or not (404).
enum Attempt {
    Retry(Failure),
    Final(Failure),
}

fn get(url: &Url, agent: &ureq::Agent) -> Result<Vec<u8>, Attempt> {
    let response = agent.get(url.as_str()).call().map_err(|e| transport(&e))?;
    let status = response.status().as_u16();
    if status != 200 {
        let why = format!("the server answered {status}");
        return Err(if status >= 500 || status == 429 || status == 408 {
            Attempt::Retry(why)
        } else {
            Attempt::Final(why)
        });
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Attempt::Retry(format!("the download broke off: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Attempt::Final(format!(
            "the file is larger than {} MB, which the import does not download",
            MAX_BYTES / 1024 / 1024
        )));
    }
    Ok(bytes)
}

/// A transport error in words; all of them are worth a second try.
fn transport(e: &ureq::Error) -> Attempt {
    use std::io::ErrorKind;
    let why = match e {
        ureq::Error::Timeout(_) => "no answer in time (timed out)".to_string(),
        ureq::Error::HostNotFound => "the host was not found".to_string(),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => "the connection was refused".to_string(),
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => "no answer in time (timed out)".to_string(),
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => "the host was not found".to_string(),
        ureq::Error::ConnectionFailed => "could not connect".to_string(),
        other => other.to_string(),
    };
    Attempt::Retry(why)
}

/// Whether `bytes` are what a file called `name` should hold: a photo besok can read, a GIF,
/// a PDF; and never a web page under another name.
pub fn check(name: &str, bytes: &[u8]) -> Result<(), Failure> {
    let ext = name
        .rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase());
    if bytes.is_empty() {
        return Err("the server sent an empty file".to_string());
    }
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "webp" => crate::images::check_readable(bytes)
            .map_err(|e| format!("what the server sent is not a photo besok can use: {e}")),
        "gif" if !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) => {
            Err("what the server sent is not a GIF picture".to_string())
        }
        "pdf" if !bytes.starts_with(b"%PDF") => Err("what the server sent is not a PDF".to_string()),
        "html" | "htm" => Ok(()),
        _ if looks_like_a_web_page(bytes) => Err("the server sent a web page instead of the file".to_string()),
        _ => Ok(()),
    }
}

fn looks_like_a_web_page(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

/// Writes `bytes` to each path under a hidden name first, then renames it into place, so an
/// interrupted import leaves no half file under the real name; a file that appeared meanwhile
/// is left as it is.
fn write_all(paths: &[&PathBuf], bytes: &[u8]) -> Result<(), Failure> {
    for path in paths {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let part = dir.join(format!(".{}.besok-part", name.to_string_lossy()));
        std::fs::write(&part, bytes).map_err(|e| format!("cannot write {}: {e}", part.display()))?;
        let placed = if exists(path) {
            Ok(())
        } else {
            std::fs::rename(&part, path)
        };
        let _ = std::fs::remove_file(&part);
        placed.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_page_is_never_saved_as_a_file() {
        let page = b"<!DOCTYPE html><html><body>Not found</body></html>";
        assert!(check("foto.jpg", page).unwrap_err().contains("not a photo"));
        assert!(check("rapport.pdf", page).unwrap_err().contains("not a PDF"));
        assert!(check("data.csv", page).unwrap_err().contains("web page"));
        assert!(check("a.gif", b"GIF89a....").is_ok());
        assert!(check("a.csv", b"kommun;besok\n").is_ok());
        assert!(check("a.pdf", b"").is_err());
    }
}
