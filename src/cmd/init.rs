//! `besok init`

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder for the new site; it must not exist yet or be empty
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The site's language: dates, UI words and the example post
    #[arg(long, default_value = "sv", value_parser = ["sv", "en"])]
    pub language: String,

    /// The site's name (default: "Min besöksblogg" or "My visit reports")
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
}

pub fn run(args: InitArgs) -> ExitCode {
    let options = besok::scaffold::InitOptions {
        dir: args.dir,
        language: args.language,
        title: args.title,
        today: chrono::Local::now().date_naive(),
    };
    match besok::scaffold::init(&options) {
        Ok(report) => {
            println!("Created a new site in {}:", besok::scaffold::shown(&options.dir));
            for path in &report.created {
                println!("  {}", besok::scaffold::shown(path));
            }
            println!("{}", besok::scaffold::init::next_steps(&options.dir, &options.language));
            ExitCode::SUCCESS
        }
        Err(e) => super::report_error(&e),
    }
}
