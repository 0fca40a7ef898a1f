//! `besok check`

use besok::CheckOptions;
use clap::Args;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Include posts marked `draft = true`
    #[arg(long)]
    pub drafts: bool,

    /// Include posts dated in the future (held back until their date otherwise)
    #[arg(long)]
    pub future: bool,

    /// Use this base URL instead of config.toml's, e.g. https://example.org/blogg/
    #[arg(long, value_name = "URL", value_parser = super::parse_base_url)]
    pub base_url: Option<String>,

    /// Also list the external links and check that each answers (needs the network)
    #[arg(long)]
    pub external: bool,
}

pub fn run(root: &Path, args: CheckArgs) -> ExitCode {
    if !root.join("config.toml").is_file() {
        eprintln!(
            "error: {} has no config.toml; run besok in a site's folder or pass --root DIR",
            besok::check::display_root(root)
        );
        return ExitCode::from(2);
    }
    let options = CheckOptions {
        root: root.to_path_buf(),
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url,
        external: args.external,
    };
    let report = match besok::check(&options) {
        Ok(r) => r,
        Err(e) => return super::report_error(&e),
    };
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    if let Some(why) = &report.unreachable {
        eprintln!("error: {why}");
    }
    if args.external {
        println!("External links ({}):", report.external.len());
        for link in &report.external {
            let state = match &link.result {
                Some(Ok(code)) => format!("ok ({code})"),
                Some(Err(why)) => format!("BROKEN: {why}"),
                None => "not checked".into(),
            };
            let places: Vec<String> = link
                .places
                .iter()
                .map(|(p, at)| format!("{}:{}:{}", besok::diagnostics::display_path(p), at.line, at.column))
                .collect();
            println!("  {} {state} [{}]", link.url, places.join(", "));
        }
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let pages = match report.pages {
        Some(n) => format!(" and {}", plural(n, "page", "pages")),
        None => " (pages are rendered once the errors are fixed)".to_string(),
    };
    let mut summary = format!(
        "Checked {}{pages}: {}, {}",
        plural(report.posts, "post", "posts"),
        plural(report.errors(), "error", "errors"),
        plural(report.warnings(), "warning", "warnings"),
    );
    if !args.external && !report.external.is_empty() {
        summary.push_str(&format!(
            "; {} not checked (use --external)",
            plural(report.external.len(), "external link", "external links")
        ));
    }
    println!("{summary}");
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
