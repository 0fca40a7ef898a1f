//! Posts for the model's unit tests, parsed from front matter as a site's files are.

use crate::config::Config;
use crate::content::{parse_post, PostSource};
use std::path::Path;

/// The example site's settings (Swedish, `taggar/`, `kommuner/`).
pub fn config() -> Config {
    Config::parse(
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\n\
         tags_path = \"taggar\"\nmunicipalities_path = \"kommuner\"\nslugs_from = \"title\"\n",
        Path::new("config.toml"),
    )
    .expect("a valid config")
}

/// Posts `(file, date, more front matter)`, in the order given (give them newest first, as the
/// site orders them).
pub fn posts(specs: &[(&str, &str, &str)]) -> Vec<Box<PostSource>> {
    specs
        .iter()
        .map(|(file, date, more)| {
            let text = format!("+++\ntitle = \"{file}\"\ndate = {date}\n{more}\n+++\nText.\n");
            let rel = Path::new("content/posts").join(file);
            Box::new(parse_post(&text, &rel, crate::content::Reading::of(&config())).expect("a valid post"))
        })
        .collect()
}

/// The posts as the model's passes read them.
pub fn as_read(posts: &[Box<PostSource>]) -> Vec<&PostSource> {
    posts.iter().map(|p| &**p).collect()
}
