//! The `besok` binary as a user runs it: output, exit codes, and what it leaves on disk.

use crate::common::{besok, SiteTest};

#[test]
fn build_prints_one_summary_line_and_exits_0() {
    let site = SiteTest::example();
    let out = besok(&["build"], site.root());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 34 pages (2 posts, 7 tags, 2 municipalities)"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
    assert!(site.root().join("public/kommuner/kalmar/index.html").is_file());
}

#[test]
fn root_and_output_dir_flags() {
    let site = SiteTest::example();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("ut");
    let out = besok(
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--output-dir",
            target.to_str().unwrap(),
        ],
        out_dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(target.join("index.html").is_file());
    assert!(!site.root().join("public").exists());
}

#[test]
fn content_errors_exit_1_and_go_to_stderr() {
    let site = SiteTest::example().file("content/posts/fel.md", "+++\ntitle = \"Fel\"\n+++\n");
    let out = besok(&["build"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/posts/fel.md:2:1: error: missing required key `date`"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error found; nothing was written"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let site = SiteTest::example();
    for args in [
        &["bild"][..],
        &["build", "--no-such-flag"],
        &["build", "--base-url", "example.org"],
        &["build", "--output-dir", "."],
    ] {
        let out = besok(args, site.root());
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = besok(&["build"], &site.root().join("content"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no config.toml"));
}

#[test]
fn base_url_flag_overrides_config_for_one_build() {
    let site = SiteTest::example();
    let out = besok(
        &["build", "--base-url", "https://kommun.example.se/blogg/"],
        site.root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(site.root().join("public/index.html")).unwrap();
    let css = crate::common::published(&site.root().join("public"), "style.css");
    assert!(html.contains(&format!("href=\"/blogg/{css}\"")), "{html}");
}

#[test]
fn drafts_flag() {
    let site = SiteTest::example().post("utkast", "title = \"Utkast\"\ndate = 2020-01-01\ndraft = true", "x");
    besok(&["build"], site.root());
    assert!(!site.root().join("public/posts/utkast").exists());
    let out = besok(&["build", "--drafts"], site.root());
    assert_eq!(out.status.code(), Some(0));
    assert!(site.root().join("public/posts/utkast/index.html").is_file());
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = besok(&["--version"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("besok "));
    let out = besok(&["build", "--help"], dir.path());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--root", "--output-dir", "--drafts", "--base-url", "--force"] {
        assert!(help.contains(flag), "{help}");
    }
}
