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

    /// Where the site will be published, an absolute address such as
    /// https://example.org/blogg/ (written to config.toml; default: "/", set it before publishing)
    #[arg(long, value_name = "URL", value_parser = super::parse_absolute_base_url)]
    pub base_url: Option<String>,
}

pub fn run(args: InitArgs) -> ExitCode {
    let options = besok::scaffold::InitOptions {
        dir: args.dir,
        language: args.language,
        title: args.title,
        base_url: args.base_url,
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
