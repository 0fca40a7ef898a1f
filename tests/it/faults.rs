//! Faults during `besok build`: an output folder that cannot be written, a full disk, two
//! builds at once on one output, a post changed or deleted while the build runs. In every
//! case the binary exits 1 with a clear message, the previous output stays byte for byte as it
//! was, and no temporary folder is left next to it.
//!
//! The read-only and full-disk cases mount a small tmpfs, which needs root (CI runs as root).
//! Without root they fail under `CI=true`, and elsewhere say loudly that they did not run.

use crate::common::{besok, besok_command, post, snapshot, stderr, SiteTest};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `besok build --root ROOT --output-dir OUTPUT`.
fn besok_build(root: &Path, output: &Path) -> Output {
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output-dir",
        output.to_str().unwrap(),
    ];
    besok(&args, root)
}

/// The names in `dir`, except the build lock file and the lists of the files and addresses the
/// last build wrote (they stay beside the output on purpose, see `OutputLock` and `Staging`).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !n.ends_with(".besok-lock") && !n.ends_with(".besok-files") && !n.ends_with(".besok-addresses"))
        .collect();
    names.sort();
    names
}

/// Asserts a failed build: exit code 1, a message holding each of `needles`, no panic.
fn assert_failed(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
}

/// A tmpfs mounted for one test, unmounted when dropped (also when the test fails).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (as mount's `size=`), or returns `None` after saying why not
    /// (and panics under CI, where the test must run).
    fn mount(size: &str) -> Option<Tmpfs> {
        let uid = fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("Uid:"))
                    .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
            })
            .unwrap_or_default();
        if uid != "0" {
            let why = "this test mounts a tmpfs and needs root (uid 0); CI runs as root";
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{why}, but this run is uid {uid:?}");
            }
            eprintln!("NOT RUN: {why}; run it as root to test this fault");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("the mount command exists");
        assert!(status.success(), "mount -t tmpfs failed ({status}) as root");
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// The example site plus `extra` posts, built once into `output`; returns the site and the
/// output's files.
fn built(output: &Path, extra: usize) -> (SiteTest, BTreeMap<String, Vec<u8>>) {
    let mut site = SiteTest::example();
    for i in 0..extra {
        site = site.post(
            &format!("extra-{i}"),
            &format!(
                "title = \"Extra {i}\"\ndate = 2020-01-01\nmunicipality = \"Kommun {}\"\ntags = [\"t{}\"]",
                i % 40,
                i % 15
            ),
            &format!("Text {i} om kommunen.\n\n## Rubrik\n\nMer text."),
        );
    }
    let first = besok_build(site.root(), output);
    assert!(first.status.success(), "first build: {}", stderr(&first));
    let before = snapshot(output);
    assert!(before.contains_key("index.html"));
    (site, before)
}

#[test]
fn read_only_output_folder_is_a_clear_error_and_keeps_the_previous_build() {
    let Some(fs_) = Tmpfs::mount("16m") else { return };
    let output = fs_.path().join("public");
    let (site, before) = built(&output, 0);
    site.write(
        "content/posts/ny.md",
        "+++\ntitle = \"Ny\"\ndate = 2020-01-01\n+++\nText\n",
    );
    fs_.remount_read_only();

    let o = besok_build(site.root(), &output);
    assert_failed(
        &o,
        &[
            &fs_.path().display().to_string(),
            "Read-only file system",
            "the previous build is left as it was",
        ],
    );
    assert_eq!(snapshot(&output), before, "the previous build changed");
    assert_eq!(entries(fs_.path()), ["public"]);
}

#[test]
fn a_file_where_the_output_folder_must_go_is_a_clear_error() {
    let site = SiteTest::example();
    let parent = tempfile::tempdir().unwrap();
    fs::write(parent.path().join("blocked"), "a file, not a folder").unwrap();
    let output = parent.path().join("blocked/public");

    let o = besok_build(site.root(), &output);
    let blocked = parent.path().join("blocked").display().to_string();
    assert_failed(&o, &[&format!("{blocked} is a file, not a folder")]);
    assert_eq!(entries(parent.path()), ["blocked"]);
    assert_eq!(
        fs::read_to_string(parent.path().join("blocked")).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn full_disk_is_a_clear_error_and_keeps_the_previous_build() {
    let Some(fs_) = Tmpfs::mount("2m") else { return };
    let output = fs_.path().join("public");
    let (site, before) = built(&output, 0);
    let size: usize = before.values().map(Vec::len).sum();
    assert!(size < 1_000_000, "the first build must fit twice: {size} bytes");
    // A 3 MB post: its page alone does not fit.
    let body = "Ett långt stycke om kommunen. ".repeat(100_000);
    site.write("content/posts/stor.md", post("Stor", "2020-01-01").body(&body));

    let o = besok_build(site.root(), &output);
    assert_failed(
        &o,
        &[
            &format!("cannot write {}/", output.display()),
            "No space left on device",
            "the previous build is left as it was",
        ],
    );
    assert_eq!(snapshot(&output), before, "the previous build changed");
    assert_eq!(entries(fs_.path()), ["public"], "temporary folders left behind");
}

#[test]
fn a_second_build_while_one_holds_the_output_stops_with_a_clear_error() {
    let parent = tempfile::tempdir().unwrap();
    let output = parent.path().join("public");
    let (site, before) = built(&output, 0);
    // This process plays the other build.
    let lock = besok::output::OutputLock::acquire(&output).unwrap();
    let o = besok_build(site.root(), &output);
    assert_failed(
        &o,
        &[
            &format!("another besok build (process {}) is writing", std::process::id()),
            &output.display().to_string(),
        ],
    );
    assert_eq!(snapshot(&output), before);
    assert_eq!(entries(parent.path()), ["public"]);
    drop(lock);
    let o = besok_build(site.root(), &output);
    assert!(o.status.success(), "after the other build: {}", stderr(&o));
}

#[test]
fn two_builds_at_once_end_with_one_whole_output() {
    let parent = tempfile::tempdir().unwrap();
    let output = parent.path().join("public");
    let (site, before) = built(&output, 300);
    let mut busy = 0;
    for round in 0..6 {
        let start = || {
            besok_command()
                .args(["build", "--root", site.root().to_str().unwrap(), "--output-dir"])
                .arg(&output)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for o in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            if !o.status.success() {
                assert_failed(&o, &["another besok build (process ", "is writing"]);
                busy += 1;
            }
        }
        assert_eq!(
            snapshot(&output),
            before,
            "round {round}: the output is not one whole build"
        );
        assert_eq!(entries(parent.path()), ["public"], "round {round}");
    }
    eprintln!("two builds at once: 6 rounds, {busy} builds stopped by the lock");
}

/// The post page's title and text, which must come from the same version of the file.
fn post_version(output: &Path) -> Option<(String, String)> {
    let html = fs::read_to_string(output.join("posts/andras/index.html")).ok()?;
    let title = html.split("<h1>").nth(1)?.split("</h1>").next()?.to_string();
    let text = ["alfa", "beta"]
        .into_iter()
        .find(|v| html.contains(&format!("Texten i version {v}.")))
        .unwrap_or("none")
        .to_string();
    Some((title, text))
}

#[test]
fn a_post_changed_or_deleted_during_builds_gives_a_whole_build_or_a_clear_error() {
    let parent = tempfile::tempdir().unwrap();
    let output: PathBuf = parent.path().join("public");
    let (site, _) = built(&output, 300);
    let post = site.root().join("content/posts/andras.md");
    let version = |v: &str| {
        crate::common::post(&format!("Version {v}"), "2020-02-02")
            .tags(&[v])
            .body(&format!("Texten i version {v}."))
            .to_string()
    };
    fs::write(&post, version("alfa")).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let (stop, post, alfa, beta) = (stop.clone(), post.clone(), version("alfa"), version("beta"));
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match i % 3 {
                    0 => fs::write(&post, &alfa).unwrap(),
                    1 => fs::write(&post, &beta).unwrap(),
                    _ => {
                        let _ = fs::remove_file(&post);
                    }
                }
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            i
        })
    };
    let (mut ok, mut failed) = (0, 0);
    for round in 0..8 {
        let before = snapshot(&output);
        let o = besok_build(site.root(), &output);
        if o.status.success() {
            ok += 1;
            if let Some((title, text)) = post_version(&output) {
                assert_eq!(
                    title,
                    format!("Version {text}"),
                    "round {round}: a page mixing two versions"
                );
            }
        } else {
            failed += 1;
            assert_failed(&o, &["andras"]);
            assert_eq!(
                snapshot(&output),
                before,
                "round {round}: a failed build changed the output"
            );
        }
        assert_eq!(entries(parent.path()), ["public"], "round {round}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = editor.join().unwrap();
    eprintln!("post edited during builds: {edits} edits, {ok} builds whole, {failed} failed clearly");
}
