//! `besok new`

use besok::scaffold::{self, NewMunicipalityPage, NewPage, NewPost};
use chrono::NaiveDate;
use clap::Args;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The post's title, e.g. "Besök i Växjö"
    #[arg(value_name = "TITLE", required_unless_present_any = ["municipality_page", "page"])]
    pub title: Option<String>,

    /// The municipality visited; the visit number is counted from the site's earlier posts
    #[arg(long, value_name = "NAME", conflicts_with_all = ["municipality_page", "page"])]
    pub municipality: Option<String>,

    /// The post's date (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, conflicts_with_all = ["municipality_page", "page"])]
    pub date: Option<NaiveDate>,

    /// Tags, separated by commas: --tags "samverkan,barn och unga"
    #[arg(
        long,
        value_name = "A,B",
        value_delimiter = ',',
        conflicts_with_all = ["municipality_page", "page"]
    )]
    pub tags: Vec<String>,

    /// The URL word and file name, when the title's is taken
    #[arg(long, value_name = "WORD", conflicts_with = "municipality_page")]
    pub slug: Option<String>,

    /// Write the page of a municipality (content/municipalities/<name>.md) instead of a post
    #[arg(long, value_name = "NAME", conflicts_with_all = ["title", "page"])]
    pub municipality_page: Option<String>,

    /// Write a plain page such as "Om oss" (content/pages/<title>.md) instead of a post
    #[arg(long, value_name = "TITLE", conflicts_with = "title")]
    pub page: Option<String>,

    /// The municipality's county, with --municipality-page, e.g. "Kronobergs län"
    #[arg(long, value_name = "COUNTY", requires = "municipality_page")]
    pub county: Option<String>,

    /// The municipality's website, with --municipality-page
    #[arg(long, value_name = "URL", requires = "municipality_page")]
    pub website: Option<String>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date; expected a day like 2016-12-08"))
}

pub fn run(root: &Path, args: NewArgs) -> ExitCode {
    if let Some(title) = args.page {
        let request = NewPage {
            root: root.to_path_buf(),
            title,
            slug: args.slug,
        };
        return match scaffold::new_page(&request) {
            Ok(path) => {
                println!("{}", scaffold::shown(&path));
                ExitCode::SUCCESS
            }
            Err(e) => super::report_error(&e),
        };
    }
    if let Some(name) = args.municipality_page {
        let request = NewMunicipalityPage {
            root: root.to_path_buf(),
            name,
            county: args.county,
            website: args.website,
        };
        return match scaffold::new_municipality_page(&request) {
            Ok(path) => {
                println!("{}", scaffold::shown(&path));
                ExitCode::SUCCESS
            }
            Err(e) => super::report_error(&e),
        };
    }
    let request = NewPost {
        root: root.to_path_buf(),
        title: args.title.unwrap_or_default(),
        municipality: args.municipality,
        date: args.date.unwrap_or_else(|| chrono::Local::now().date_naive()),
        tags: args.tags,
        slug: args.slug,
    };
    match scaffold::new_post(&request) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("{}", w.headline().replacen(": error: ", ": warning: ", 1));
            }
            if !report.warnings.is_empty() {
                eprintln!("note: the visit number counts only the posts that could be read");
            }
            // The path alone on stdout, so `$EDITOR "$(besok new ...)"` works; the rest on stderr.
            println!("{}", scaffold::shown(&report.path));
            if let (Some(m), Some(v)) = (&report.municipality, report.visit) {
                eprintln!("visit {v} to {m}");
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => super::report_error(&e),
    }
}
