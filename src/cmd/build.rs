//! `besok build`

use besok::BuildOptions;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Where to write the site (default: public/ in the site's folder)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// Include posts marked `draft = true`
    #[arg(long)]
    pub drafts: bool,

    /// Include posts dated in the future (held back until their date otherwise)
    #[arg(long)]
    pub future: bool,

    /// Use this base URL instead of config.toml's, e.g. https://example.org/blogg/
    #[arg(long, value_name = "URL", value_parser = super::parse_base_url)]
    pub base_url: Option<String>,

    /// Replace the output folder's contents even if besok did not write them
    #[arg(long)]
    pub force: bool,

    /// Print the time spent in each stage of the build
    #[arg(long)]
    pub timings: bool,

    /// Worker threads (default: one per core; 1 builds sequentially)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

pub fn run(root: &Path, args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: args.output_dir,
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url,
        force: args.force,
        threads: args.threads.map(usize::from),
    };
    if let Some(code) = super::require_site(root) {
        return code;
    }
    besok::memory::return_freed_memory_soon();
    match besok::build(&options) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{}", report.summary());
            if let Some(note) = report.held_back_note() {
                println!("{note}");
            }
            if args.timings {
                println!("{}", report.timings.report());
            }
            ExitCode::SUCCESS
        }
        Err(e) => super::report_error(&e),
    }
}
