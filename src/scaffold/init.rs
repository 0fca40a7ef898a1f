//! `besok init`: a new site that builds at once, with the built-in theme and one example post.

use super::{create_new, file_text, shown, toml_date};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to create the site in; it must not exist or be empty.
    pub dir: PathBuf,
    /// `sv` or `en`: decides config.toml's language and the example post's words.
    pub language: String,
    /// The site's name; a default in the language when `None`.
    pub title: Option<String>,
    /// config.toml's `base_url`: an absolute `http(s)://` address (anything else is refused
    /// before a file is written); `"/"` when `None`.
    pub base_url: Option<String>,
    /// The example post's date.
    pub today: NaiveDate,
}

#[derive(Debug)]
pub struct InitReport {
    /// Every file and folder written, relative to the site.
    pub created: Vec<PathBuf>,
}

#[derive(Serialize)]
struct ExamplePost<'a> {
    title: &'a str,
    date: toml::value::Datetime,
    tags: Vec<&'a str>,
}

/// Words of the new site in its language.
struct Words {
    title: &'static str,
    post_title: &'static str,
    post_file: &'static str,
    tag: &'static str,
    comments: [&'static str; 3],
    body: &'static str,
}

const SWEDISH: Words = Words {
    title: "Min besöksblogg",
    post_title: "Välkommen till bloggen",
    post_file: "valkommen-till-bloggen.md",
    tag: "om bloggen",
    comments: [
        "Ett besöksreferat säger också vilken kommun och vilket besök det gäller:",
        "municipality = \"Vetlanda\"",
        "visit = 2   (annars räknas besöken fram i datumordning)",
    ],
    body: "Det här är bloggens första inlägg. Skriv referatet från nästa besök med\n\n    besok new \"Besök i Vetlanda\" --municipality Vetlanda\n\nså fylls datum, kommun och besöksnummer i åt dig. `besok build` bygger sidan till mappen public/.\n\n<!-- more -->\n\nTexten före raden med `more` ovan blir inläggets sammanfattning på startsidan. Ta bort det här inlägget när du har skrivit ditt första riktiga.\n",
};

const ENGLISH: Words = Words {
    title: "My visit reports",
    post_title: "Welcome to the blog",
    post_file: "welcome-to-the-blog.md",
    tag: "about",
    comments: [
        "A visit report also says which municipality it was and which visit:",
        "municipality = \"Vetlanda\"",
        "visit = 2   (otherwise visits are counted in date order)",
    ],
    body: "This is the blog's first post. Write the report of your next visit with\n\n    besok new \"Visit to Vetlanda\" --municipality Vetlanda\n\nand the date, municipality and visit number are filled in for you. `besok build` builds the site into public/.\n\n<!-- more -->\n\nThe text before the `more` line above is the post's summary on the home page. Delete this post once you have written your first real one.\n",
};

/// Creates a new site in `options.dir`. A folder that holds anything is refused, so no file
/// of the writer's is ever replaced.
pub fn init(options: &InitOptions) -> Result<InitReport> {
    let dir = &options.dir;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Refused {
                path: dir.clone(),
                reason: "it is a file; choose a new or empty folder for the site".into(),
            });
        }
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Refused {
                path: dir.clone(),
                reason: "the folder is not empty, and besok init never writes over files; choose a new or empty folder"
                    .into(),
            });
        }
    }
    let base_url = match &options.base_url {
        Some(raw) => crate::config::absolute_base_url(raw).map_err(|reason| Error::Refused {
            path: dir.join("config.toml"),
            reason,
        })?,
        None => "/".to_string(),
    };
    let swedish = options.language == "sv";
    let words = if swedish { &SWEDISH } else { &ENGLISH };
    let title = options
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(words.title);

    let mut created = Vec::new();
    let mut write = |rel: &Path, text: &str| -> Result<()> {
        create_new(&dir.join(rel), text)?;
        created.push(rel.to_path_buf());
        Ok(())
    };
    write(
        Path::new("config.toml"),
        &config_text(title, &options.language, &base_url),
    )?;
    // What besok makes is not the writer's work: the built site, the files a build keeps beside
    // it (its lock and list of written files) and the cache of photo sizes.
    write(
        Path::new(".gitignore"),
        &format!(
            "# Made by besok: the built site, the build's own files beside it and the cache of photo sizes.\npublic/\n{}*\n{}/\n",
            crate::output::beside_prefix("public"),
            crate::assets::CACHE_DIR
        ),
    )?;
    let post = ExamplePost {
        title: words.post_title,
        date: toml_date(options.today),
        tags: vec![words.tag],
    };
    let comments: Vec<String> = words.comments.iter().map(|c| c.to_string()).collect();
    write(
        &Path::new("content/posts").join(words.post_file),
        &file_text(&post, &comments, words.body),
    )?;
    let pages = Path::new(crate::content::MUNICIPALITY_PAGES);
    fs::create_dir_all(dir.join(pages)).map_err(|e| Error::io("cannot create", dir.join(pages), e))?;
    created.push(pages.to_path_buf());
    Ok(InitReport { created })
}

/// config.toml with every key a new site is likely to change, explained. The title is written
/// as a TOML string by the toml crate, so quotes in it are escaped.
fn config_text(title: &str, language: &str, base_url: &str) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!(
        "# The site's settings. Every key, and what it may hold, is described in besok's manual:\n\
         # docs/configuration.md in besok's source.\n\
         title = {title}\n\
         description = \"\"\n\
         # Where the site will be published, e.g. \"https://example.org/blogg/\".\n\
         base_url = {base_url}\n\
         language = {language}\n\
         # author = \"The visiting team\"\n\
         paginate_by = 10\n\
         # A post's address is its file's name (a bundle's folder name): posts/besok-i-eksjo/ for\n\
         # content/posts/besok-i-eksjo.md, whatever its title says. `slug = \"...\"` in a post says otherwise.\n\
         slugs_from = \"file\"\n\
         # \"default\" is the theme built into besok; put your own files in templates/ and static/\n\
         # to replace its files one by one.\n\
         theme = \"default\"\n\
         \n\
         [extra]\n",
        title = quote(title),
        language = quote(language),
        base_url = quote(base_url),
    )
}

/// Lines `besok init` prints after creating a site.
pub fn next_steps(dir: &Path, language: &str) -> String {
    let example = if language == "sv" {
        "besok new \"Besök i Vetlanda\" --municipality Vetlanda"
    } else {
        "besok new \"Visit to Vetlanda\" --municipality Vetlanda"
    };
    format!("Next:\n  cd {}\n  {example}\n  besok build", shown(dir))
}
