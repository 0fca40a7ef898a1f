//! `besok import wordpress`

use besok::import::{import_wordpress, CheckKind, ImportOptions, ImportReport, SiteAddress, DEFAULT_TIMEOUT};
use besok::scaffold::shown;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Subcommand, Debug)]
pub enum Source {
    /// Import posts, pages, photos and comments from a WordPress export (Tools → Export → All content)
    Wordpress {
        /// The export file (WXR, .xml)
        #[arg(value_name = "EXPORT.xml")]
        export: PathBuf,

        /// The site's content folder; posts are written to its posts/, pages to its pages/ (default: content/ in the site)
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,

        /// A copy of the blog's wp-content/uploads folder (from a backup or FTP), used before the old site
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,

        /// Do not fetch photos and files: posts keep linking to them on the old site
        #[arg(long)]
        no_media: bool,

        /// Keep pingbacks and trackbacks with the comments
        #[arg(long)]
        pingbacks: bool,

        /// Seconds to wait for the old site to connect, answer or send more (default: 30)
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
    },
}

pub fn run(root: &Path, args: ImportArgs) -> ExitCode {
    let Source::Wordpress {
        export,
        into,
        uploads,
        no_media,
        pingbacks,
        timeout,
    } = args.source;
    if !export.is_file() {
        eprintln!(
            "error: {} is not a file; expected a WordPress export (.xml)",
            shown(&export)
        );
        return ExitCode::from(2);
    }
    if let Some(dir) = uploads.as_ref().filter(|d| !d.is_dir()) {
        eprintln!(
            "error: --uploads {} is not a folder; expected a copy of the blog's wp-content/uploads",
            shown(dir)
        );
        return ExitCode::from(2);
    }
    let timeout = match timeout {
        None => DEFAULT_TIMEOUT,
        Some(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Duration::from_secs_f64(s),
        Some(s) => {
            eprintln!("error: --timeout {s} is not a number of seconds from 0 to 3600");
            return ExitCode::from(2);
        }
    };
    let mut options = ImportOptions::new(export, root);
    if let Some(into) = into {
        options.into = into;
    }
    options.uploads = uploads;
    options.media = !no_media;
    options.pingbacks = pingbacks;
    options.timeout = timeout;
    let report = match import_wordpress(&options) {
        Ok(r) => r,
        Err(e) => return super::report_error(&e),
    };
    print_summary(&report, &options);
    ExitCode::SUCCESS
}

/// "1 post", "2 posts".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A size as people read it: "820 bytes", "14 kB", "3.2 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} bytes"),
        b if b < 1_000_000 => format!("{} kB", (b as f64 / 1_000.0).round()),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1_000_000.0),
        b => format!("{:.2} GB", b as f64 / 1_000_000_000.0),
    }
}

/// The summary: what was written, then what was skipped and why, then what to check by hand,
/// grouped, each with the export's line.
fn print_summary(report: &ImportReport, options: &ImportOptions) {
    let drafts = report.imported.iter().filter(|p| p.draft).count();
    println!(
        "Imported {} ({}), {}, {} ({}) and {} from {} into {}",
        count(report.imported.len(), "post", "posts"),
        count(drafts, "draft", "drafts"),
        count(report.pages.len(), "page", "pages"),
        count(report.media.saved, "media file", "media files"),
        size(report.media.bytes),
        count(report.comments.kept, "comment", "comments"),
        shown(&options.export),
        shown(&options.into),
    );
    for p in &report.imported {
        let mut about = Vec::new();
        if let Some(m) = &p.municipality {
            about.push(match p.visit {
                Some(v) => format!("{m}, visit {v}"),
                None => m.clone(),
            });
        }
        if let Some(from) = &p.inferred_from {
            about.push(format!("from {from}"));
        }
        if p.draft {
            about.push("draft".into());
        }
        if p.files > 0 {
            about.push(count(p.files, "file", "files"));
        }
        if p.comments > 0 {
            about.push(count(p.comments, "comment", "comments"));
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", about.join("; "))
        };
        println!("  {}{about}", shown(&p.path));
    }
    for p in &report.pages {
        println!("  {}{}", shown(&p.path), if p.draft { " (draft)" } else { "" });
    }
    let m = &report.media;
    if m.saved + m.already_saved > 0 {
        let mut from = Vec::new();
        if m.from_uploads > 0 {
            from.push(format!("{} from the uploads folder", m.from_uploads));
        }
        if m.saved > m.from_uploads {
            from.push(format!("{} from the old site", m.saved - m.from_uploads));
        }
        if m.already_saved > 0 {
            from.push(format!("{} saved before, not fetched again", m.already_saved));
        }
        println!("Media: {}", from.join(", "));
    }
    if !report.updated.is_empty() {
        let files: usize = report.updated.iter().map(|u| u.files).sum();
        println!(
            "Saved now what an earlier import could not get ({}):",
            count(files, "file", "files")
        );
        for u in &report.updated {
            let mut about = vec![count(u.files, "file", "files")];
            if let Some(from) = &u.moved_from {
                about.push(format!("moved from {} into its own folder", shown(from)));
            }
            if u.relinked > 0 {
                about.push(format!(
                    "the links to it in {} made to lead there",
                    count(u.relinked, "file", "files")
                ));
            }
            println!("  {} ({})", shown(&u.path), about.join("; "));
        }
    }
    let c = &report.comments;
    let left_out: Vec<String> = [
        (c.spam, "spam".to_string()),
        (c.trash, "in the trash".to_string()),
        (c.unapproved, "awaiting approval".to_string()),
        (
            c.pingbacks,
            format!(
                "{} (import with --pingbacks to keep them)",
                if c.pingbacks == 1 { "pingback" } else { "pingbacks" }
            ),
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if c.kept > 0 || !left_out.is_empty() {
        let mut line = format!("Comments: {} kept in {}", c.kept, count(c.posts, "post", "posts"));
        if c.pages > 0 {
            line.push_str(&format!(" and {}", count(c.pages, "page", "pages")));
        }
        if !left_out.is_empty() {
            line.push_str(&format!("; left out: {}", left_out.join(", ")));
        }
        println!("{line}");
    }
    if !report.skipped.is_empty() {
        println!("Skipped {}:", report.skipped.len());
        for s in &report.skipped {
            println!("  {}: {}", s.what, s.reason);
        }
    }
    if !report.to_check.is_empty() {
        println!("To check by hand ({}):", report.to_check.len());
        let mut current = None;
        for n in &report.to_check {
            if current != Some(n.kind) {
                current = Some(n.kind);
                let in_kind = report.to_check.iter().filter(|t| t.kind == n.kind).count();
                println!("  {} ({in_kind}):", heading(n.kind));
            }
            println!(
                "    {} ({}:{}): {}",
                shown(&n.path),
                shown(&options.export),
                n.export_line,
                n.what
            );
        }
    }
    print!("{}", next_steps(report.site_address.as_ref()));
}

/// What to do next, last in the summary: check, publish at the right address, look.
fn next_steps(address: Option<&SiteAddress>) -> String {
    let config = match address {
        Some(SiteAddress::Written(url)) => format!(
            "config.toml: base_url = \"{url}\" was written, the old blog's address: published there, the site keeps the old addresses working"
        ),
        Some(SiteAddress::ToSet(url)) => format!(
            "config.toml: add base_url = \"{url}\", the old blog's address, and publish the site there: the old addresses then keep working"
        ),
        Some(SiteAddress::Other(base, old)) => format!(
            "config.toml: base_url is \"{base}\", not the old blog's \"{old}\": ask the old blog's host to redirect (301) every address to the same path there"
        ),
        Some(SiteAddress::Same(url)) => {
            format!("config.toml: base_url is the old blog's address, \"{url}\": publish the site there")
        }
        None => "config.toml: set base_url to the address the site will be published at".to_string(),
    };
    format!(
        "Next steps:\n  1. besok check: what a build would warn about, before publishing\n  2. {config}\n  3. besok serve --open: look at the site\n"
    )
}

/// The heading of a group of things to check.
fn heading(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::NotDownloaded => {
            "Files not saved: these still load from the old blog; save them before it is switched off"
        }
        CheckKind::OtherSiteImage => "Images from other sites, still loaded from there",
        CheckKind::LinkKeptAsText => "Links the new site cannot keep, written as their text",
        CheckKind::NotCarried => {
            "Not carried over (written as a link, left as text or left out): compare with the old post"
        }
        CheckKind::NotInferred => "Not inferred",
    }
}
