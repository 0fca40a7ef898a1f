//! A post file: front matter checked field by field, body rendered to HTML.

use super::{front_matter, Located, Reading};
use crate::config::SlugsFrom;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered, Typography};
use crate::timing::{timed, Stage, StageClock};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Instant;
use toml::Spanned;

/// A post as written in its file, with its markdown already rendered. The model is built from these.
#[derive(Debug, Clone)]
pub struct PostSource {
    /// Path relative to the site root, as shown in messages (`content/posts/a.md`).
    pub path: PathBuf,
    pub title: Located<String>,
    pub date: Located<PostDate>,
    pub municipality: Option<Located<String>>,
    pub visit: Option<Located<u32>>,
    pub tags: Vec<Located<String>>,
    pub draft: bool,
    pub author: Option<String>,
    /// The slug asked for in front matter, or the one made from the file's name (a bundle's
    /// folder) or the title, as the site's `slugs_from` says.
    pub slug: Located<String>,
    /// Whether `slug` was written in front matter.
    pub slug_written: bool,
    /// The URL word of the file's name (a bundle's folder name): the post's address with
    /// `slugs_from = "file"` and no `slug`. Empty when the name has no letters or digits.
    pub file_slug: String,
    pub aliases: Vec<Located<String>>,
    pub extra: toml::Table,
    pub content: Rendered,
    /// The links of the body that the model resolves or checks, with their places in the file.
    pub links: Vec<Located<markdown::Link>>,
    /// `summary` from front matter as HTML and text, overriding the one taken from the body.
    pub summary_override: Option<(String, String)>,
    /// The local images of the body, with their places in the file.
    pub images: Vec<Located<markdown::ImageRef>>,
    /// The post's own folder and files, when it is a bundle (`content/posts/<name>/index.md`).
    pub bundle: Option<Bundle>,
    /// The featured photo (`image` and `image_alt` in front matter), a figure of its own.
    pub featured: Option<Located<markdown::ImageRef>>,
    /// Readers' comments kept from the blog the site moved from (`comments.toml` in a bundle).
    pub comments: Vec<super::Comment>,
    /// The shortcodes of the body, with their places in the file (their arguments' offsets
    /// are in the body).
    pub shortcodes: Vec<super::ShortcodeCall>,
}

impl PostSource {
    /// The order of posts in the site (a post's id is its place): newest first, then by URL
    /// word and file, so the order is the same on every build. Read backwards it is the order
    /// of a municipality's visits, oldest first, which numbers them: the build and `besok new`
    /// both take it from here, so the number `new` writes is the one the timeline shows.
    pub fn site_order(a: &PostSource, b: &PostSource) -> std::cmp::Ordering {
        b.date
            .value
            .cmp(&a.date.value)
            .then_with(|| a.slug.value.cmp(&b.slug.value))
            .then_with(|| a.path.cmp(&b.path))
    }
}

/// A post's folder and the files beside its `index.md` (photos, PDFs): published next to the
/// post's page, and what its relative links and images point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The folder, relative to the site root (`content/posts/kalmar-2016`).
    pub dir: PathBuf,
    /// Its files but markdown ones, relative to the folder (`foto.jpg`, `bilder/a.png`), sorted.
    pub files: Vec<PathBuf>,
    /// The size in bytes of each of `files`, when the post calls a shortcode (which may show
    /// them, as a document's size); empty otherwise.
    pub sizes: Vec<u64>,
}

/// When a post was written: the writer's own calendar date, and an instant for ordering and feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PostDate {
    pub datetime: DateTime<FixedOffset>,
    /// Whether the writer gave a time of day (otherwise midnight is assumed for ordering).
    pub has_time: bool,
}

impl PostDate {
    /// The date as the writer wrote it, in their own offset.
    pub fn local_date(&self) -> NaiveDate {
        self.datetime.date_naive()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPost {
    title: Spanned<String>,
    date: Spanned<toml::value::Datetime>,
    municipality: Option<Spanned<String>>,
    visit: Option<Spanned<i64>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    author: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    image: Option<Spanned<String>>,
    image_alt: Option<String>,
    #[serde(default)]
    extra: toml::Table,
}

/// Reads one post. `display_path` names the file in messages; all problems in it are returned.
pub fn parse_post(text: &str, display_path: &Path, reading: Reading) -> Result<PostSource, Vec<Diagnostic>> {
    parse_post_timed(text, display_path, reading, None)
}

/// The name a post's address is made from with `slugs_from = "file"`: its file's name without
/// `.md`, or its folder's name for a bundle's `index.md`.
pub fn file_name_of(display_path: &Path) -> String {
    let named = if super::is_bundle_index(display_path) {
        display_path.parent().and_then(Path::file_name)
    } else {
        display_path.file_stem()
    };
    named.map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// [`parse_post`], adding the time spent on front matter and on markdown to `clock`.
pub fn parse_post_timed(
    text: &str,
    display_path: &Path,
    reading: Reading,
    clock: Option<&StageClock>,
) -> Result<PostSource, Vec<Diagnostic>> {
    let typography: Typography = reading.typography;
    let started = Instant::now();
    let (mut fm, raw) = front_matter::read::<RawPost>(text, display_path, "post")?;

    let title = fm.required("title", &raw.title, "the post's title").value;
    // Strings that land in pages and feeds as they are may not hold invisible control characters.
    for (key, value) in [
        ("municipality", raw.municipality.as_ref()),
        ("summary", raw.summary.as_ref()),
    ]
    .into_iter()
    .chain(raw.tags.iter().map(|t| ("tags", Some(t))))
    .chain(raw.author.as_ref().map(|a| ("author", Some(a))))
    {
        if let Some(v) = value {
            fm.text(key, v);
        }
    }

    let date = match convert_date(raw.date.get_ref()) {
        Ok(d) => Some(d),
        Err(msg) => {
            fm.error(raw.date.span().start, msg);
            None
        }
    };

    let municipality = match &raw.municipality {
        Some(m) => {
            let name = m.get_ref().trim().to_string();
            if crate::slugs::slugify(&name).is_empty() {
                fm.error(
                    m.span().start,
                    format!(
                        "`municipality` is \"{}\"; expected a municipality's name, like \"Vetlanda\"",
                        m.get_ref()
                    ),
                );
            }
            Some(Located::new(name, fm.at(m.span().start)))
        }
        None => None,
    };

    let visit = match &raw.visit {
        Some(v) if !(1..=10_000).contains(v.get_ref()) => {
            fm.error(
                v.span().start,
                format!(
                    "`visit` is {}; expected which visit this is: 1 for the first, 2 for the second, ...",
                    v.get_ref()
                ),
            );
            None
        }
        Some(v) => Some(Located::new(*v.get_ref() as u32, fm.at(v.span().start))),
        None => None,
    };
    if visit.is_some() && municipality.is_none() {
        let v = raw.visit.as_ref().map_or(0, |v| v.span().start);
        fm.error(
            v,
            "`visit` is set but `municipality` is not; expected the municipality that was visited",
        );
    }

    let mut tags = Vec::new();
    for t in &raw.tags {
        let name = t.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
        if crate::slugs::slugify(&name).is_empty() {
            fm.error(
                t.span().start,
                format!(
                    "tag \"{}\" has no letters or digits; expected a word or phrase like \"samverkan\"",
                    t.get_ref()
                ),
            );
        } else {
            tags.push(Located::new(name, fm.at(t.span().start)));
        }
    }

    let file_name = file_name_of(display_path);
    let file_slug = crate::slugs::slugify(&file_name);
    let slug = match &raw.slug {
        Some(s) => fm.slug(s, "besok-i-vetlanda"),
        None if reading.slugs_from == SlugsFrom::File => {
            if file_slug.is_empty() {
                fm.error(
                    raw.title.span().start,
                    format!(
                        "the file name \"{file_name}\" has no letters or digits to make the post's address from; rename the file or add `slug = \"...\"`"
                    ),
                );
            }
            Located::new(file_slug.clone(), fm.at(raw.title.span().start))
        }
        None => {
            let from_title = crate::slugs::slugify(&title);
            let chosen = if from_title.is_empty() {
                file_slug.clone()
            } else {
                from_title
            };
            if chosen.is_empty() && !title.is_empty() {
                fm.error(
                    raw.title.span().start,
                    "neither the title nor the file name has letters or digits to make a URL from; add `slug = \"...\"`",
                );
            }
            Located::new(chosen, fm.at(raw.title.span().start))
        }
    };

    let aliases = fm.aliases(&raw.aliases);

    if let Some(c) = clock {
        c.add(Stage::FrontMatter, started.elapsed());
    }
    // A link to a content file needs the model to resolve it, which only body links get.
    let summary_override = timed(clock, Stage::Markdown, || {
        raw.summary
            .as_ref()
            .filter(|s| !s.get_ref().trim().is_empty())
            .and_then(|s| match markdown::render_fragment(s.get_ref().trim(), typography) {
                (_, _, true) => {
                    fm.error(
                        s.span().start,
                        "`summary` links to a content file or shows a local image; such links work only in the text below the front matter (write the page's URL here instead)",
                    );
                    None
                }
                (html, text, false) => Some((html, text)),
            })
    });

    let content = timed(clock, Stage::Markdown, || {
        markdown::render_post(fm.split.body, typography)
    });
    for e in &content.shortcode_errors {
        fm.body_error(e.offset, e.message.clone());
    }
    fm.finish()?;
    let (text, split) = (fm.text, &fm.split);
    let featured = raw.image.as_ref().map(|i| {
        Located::new(
            markdown::ImageRef {
                dest: i.get_ref().trim().to_string(),
                alt: raw.image_alt.clone().unwrap_or_default(),
                title: String::new(),
                offset: 0,
                block: true,
            },
            fm.at(i.span().start),
        )
    });
    Ok(PostSource {
        path: display_path.to_path_buf(),
        title: Located::new(title, fm.at(raw.title.span().start)),
        date: Located::new(date.expect("date checked above"), fm.at(raw.date.span().start)),
        municipality,
        visit,
        tags,
        draft: raw.draft,
        author: raw
            .author
            .map(|a| a.into_inner().trim().to_string())
            .filter(|a| !a.is_empty()),
        slug,
        slug_written: raw.slug.is_some(),
        file_slug,
        aliases,
        extra: raw.extra,
        links: super::locate_links(text, split.body, &content.links),
        images: super::locate_images(text, split.body, &content.images),
        shortcodes: super::locate_shortcodes(text, split.body, &content.shortcodes),
        content,
        summary_override,
        bundle: None,
        featured,
        comments: Vec::new(),
    })
}

/// Front matter dates: a TOML date (`2016-12-08`), or a date-time with an offset
/// (`2016-12-08T10:00:00+01:00`). A date-time without offset is taken as UTC, and a date alone
/// as midnight UTC (when a scheduled post is due).
pub(super) fn convert_date(value: &toml::value::Datetime) -> Result<PostDate, String> {
    const EXPECTED: &str = "expected a date like 2016-12-08 or a date and time like 2016-12-08T10:00:00+01:00";
    let Some(d) = value.date else {
        return Err(format!("`date` is the time {value} with no date; {EXPECTED}"));
    };
    let date = NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
        .ok_or_else(|| format!("`date` {value} is not a day of the calendar; {EXPECTED}"))?;
    let (time, has_time) = match value.time {
        Some(t) => (
            NaiveTime::from_hms_nano_opt(t.hour as u32, t.minute as u32, t.second as u32, t.nanosecond)
                .ok_or_else(|| format!("`date` {value} has an impossible time of day; {EXPECTED}"))?,
            true,
        ),
        None => (NaiveTime::MIN, false),
    };
    let offset_seconds = match value.offset {
        Some(toml::value::Offset::Z) | None => 0,
        Some(toml::value::Offset::Custom { minutes }) => i32::from(minutes) * 60,
    };
    let offset = FixedOffset::east_opt(offset_seconds)
        .ok_or_else(|| format!("`date` {value} has an impossible offset; {EXPECTED}"))?;
    let datetime = offset
        .from_local_datetime(&date.and_time(time))
        .single()
        .ok_or_else(|| format!("`date` {value} cannot be placed in time; {EXPECTED}"))?;
    Ok(PostDate { datetime, has_time })
}
