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

    /// Use this base URL instead of config.toml's, e.g. https://example.org/blogg/
    #[arg(long, value_name = "URL", value_parser = super::parse_base_url)]
    pub base_url: Option<String>,

    /// Replace the output folder's contents even if besok did not write them
    #[arg(long)]
    pub force: bool,

    /// Print the time spent in each stage of the build
    #[arg(long)]
    pub timings: bool,
}

pub fn run(root: &Path, args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: args.output_dir,
        drafts: args.drafts,
        base_url: args.base_url,
        force: args.force,
    };
    if let Some(code) = super::require_site(root) {
        return code;
    }
    match besok::build(&options) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{w}");
            }
            println!("{}", report.summary());
            if args.timings {
                let t = &report.timings;
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                println!(
                    "timings: load+markdown {:.1} ms, theme {:.1} ms, model {:.1} ms, render+write {:.1} ms, static {:.1} ms, commit {:.1} ms",
                    ms(t.load),
                    ms(t.theme),
                    ms(t.model),
                    ms(t.render_and_write),
                    ms(t.static_files),
                    ms(t.commit)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => super::report_error(&e),
    }
}
