//! `besok import wordpress`

use besok::import::{import_wordpress, ImportOptions};
use besok::scaffold::shown;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Subcommand, Debug)]
pub enum Source {
    /// Import posts from a WordPress export (Tools → Export → All content)
    Wordpress {
        /// The export file (WXR, .xml)
        #[arg(value_name = "EXPORT.xml")]
        export: PathBuf,

        /// The site's content folder; posts are written to its posts/ (default: content/ in the site)
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
    },
}

pub fn run(root: &Path, args: ImportArgs) -> ExitCode {
    let Source::Wordpress { export, into } = args.source;
    if !export.is_file() {
        eprintln!(
            "error: {} is not a file; expected a WordPress export (.xml)",
            shown(&export)
        );
        return ExitCode::from(2);
    }
    let options = ImportOptions {
        into: into.unwrap_or_else(|| root.join("content")),
        export,
    };
    let report = match import_wordpress(&options) {
        Ok(r) => r,
        Err(e) => return super::report_error(&e),
    };
    let drafts = report.imported.iter().filter(|p| p.draft).count();
    println!(
        "Imported {} post{} ({drafts} draft{}) from {} into {}",
        report.imported.len(),
        if report.imported.len() == 1 { "" } else { "s" },
        if drafts == 1 { "" } else { "s" },
        shown(&options.export),
        shown(&options.into.join("posts")),
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
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", about.join("; "))
        };
        println!("  {}{about}", shown(&p.path));
    }
    if !report.skipped.is_empty() {
        println!("Skipped {}:", report.skipped.len());
        for s in &report.skipped {
            println!("  {}: {}", s.what, s.reason);
        }
    }
    if !report.not_inferred.is_empty() {
        println!("Not inferred ({}), to check by hand:", report.not_inferred.len());
        for n in &report.not_inferred {
            println!(
                "  {} ({}:{}): {}",
                shown(&n.path),
                shown(&options.export),
                n.export_line,
                n.what
            );
        }
    }
    if report.remote_images > 0 {
        println!(
            "{} image{} still load{} from the old site; download them before it closes.",
            report.remote_images,
            if report.remote_images == 1 { "" } else { "s" },
            if report.remote_images == 1 { "s" } else { "" }
        );
    }
    if report.comments > 0 {
        println!(
            "{} comment{} not imported: besok has no comments.",
            report.comments,
            if report.comments == 1 { " was" } else { "s were" }
        );
    }
    ExitCode::SUCCESS
}
