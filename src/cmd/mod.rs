//! Subcommands. Each module parses nothing itself: clap does that here, the library does the work.

mod build;
mod check;
mod import;
mod init;
mod new;
mod serve;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "besok",
    version,
    about = "A static site generator for blogs of municipality visit reports"
)]
pub struct Cli {
    /// The site's folder, holding config.toml
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into a folder (public/ by default)
    Build(build::BuildArgs),
    /// Create a new site in a folder: config.toml, content/ and one example post
    Init(init::InitArgs),
    /// Write the report of the next visit (or a municipality page) with its front matter filled in
    New(new::NewArgs),
    /// Import posts from another blog: besok import wordpress EXPORT.xml
    Import(import::ImportArgs),
    /// Check the site without writing it: broken links and anchors, duplicate URLs, alias
    /// clashes, template errors, posts without tags, municipalities without a page
    Check(check::CheckArgs),
    /// Build the site into memory, serve it, and rebuild and reload the browser on every save
    Serve(serve::ServeArgs),
}

/// Exit codes: 0 success, 1 errors in the site's files, 2 wrong use of the command.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&cli.root, args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(&cli.root, args),
        Command::Import(args) => import::run(&cli.root, args),
        Command::Check(args) => check::run(&cli.root, args),
        Command::Serve(args) => serve::run(&cli.root, args),
    }
}

/// Prints a library error and picks the exit code for it.
pub fn report_error(e: &besok::Error) -> ExitCode {
    match e {
        // Each diagnostic already says "error:" after its file:line:col.
        besok::Error::Content(_) => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    match e {
        besok::Error::UnsafeOutput { .. } | besok::Error::Refused { .. } | besok::Error::Serve(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

/// Checks a `--base-url` value when the command line is parsed, so a bad one is a usage error.
pub fn parse_base_url(s: &str) -> Result<String, String> {
    besok::config::split_base_url(s)
        .map(|(url, _)| url)
        .map_err(|m| m.replace("`base_url`", "--base-url"))
}

/// Checks `besok init --base-url`: an address with a host, as config.toml's `base_url` would
/// be checked, a bare path refused too.
pub fn parse_absolute_base_url(s: &str) -> Result<String, String> {
    besok::config::absolute_base_url(s).map_err(|m| m.replace("`base_url`", "--base-url"))
}

/// A site folder must hold config.toml; otherwise a usage error (exit code 2).
pub fn require_site(root: &Path) -> Option<ExitCode> {
    if root.join("config.toml").is_file() {
        return None;
    }
    eprintln!(
        "error: {} has no config.toml; run besok in a site's folder or pass --root DIR",
        if root == Path::new(".") {
            "this folder".to_string()
        } else {
            root.display().to_string()
        }
    );
    Some(ExitCode::from(2))
}
