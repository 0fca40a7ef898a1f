//! `content/municipalities/<slug>.md`: facts and an intro for one municipality's timeline.

use super::{front_matter, Located, Location};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Typography};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, Clone)]
pub struct MunicipalityPage {
    pub path: PathBuf,
    pub name: Located<String>,
    pub county: Option<String>,
    /// Where `county` was written: a county that contradicts Sweden's table is a warning there.
    pub county_at: Option<Location>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub website: Option<String>,
    pub extra: toml::Table,
    pub intro_html: String,
    /// The links of the intro that the model resolves or checks, with their places in the file.
    pub links: Vec<Located<markdown::Link>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    name: Spanned<String>,
    county: Option<Spanned<String>>,
    lat: Option<Spanned<f64>>,
    lon: Option<Spanned<f64>>,
    website: Option<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

pub fn parse_municipality_page(
    text: &str,
    display_path: &Path,
    typography: Typography,
) -> Result<MunicipalityPage, Vec<Diagnostic>> {
    let (mut fm, raw) = front_matter::read::<RawPage>(text, display_path, "municipality page")?;
    let name = fm.text("name", &raw.name);
    if crate::slugs::slugify(&name).is_empty() {
        fm.error(
            raw.name.span().start,
            "`name` is empty; expected the municipality's name, like \"Vetlanda\"",
        );
    }
    for (key, value) in [("county", raw.county.as_ref()), ("website", raw.website.as_ref())] {
        if let Some(v) = value {
            fm.text(key, v);
        }
    }
    if let Some(lat) = &raw.lat {
        if !(-90.0..=90.0).contains(lat.get_ref()) {
            fm.error(
                lat.span().start,
                format!("`lat` is {}; expected a latitude between -90 and 90", lat.get_ref()),
            );
        }
    }
    if let Some(lon) = &raw.lon {
        if !(-180.0..=180.0).contains(lon.get_ref()) {
            fm.error(
                lon.span().start,
                format!("`lon` is {}; expected a longitude between -180 and 180", lon.get_ref()),
            );
        }
    }
    if let Some(w) = &raw.website {
        let w_str = w.get_ref().trim();
        if !(w_str.starts_with("https://") || w_str.starts_with("http://")) {
            fm.error(
                w.span().start,
                format!("`website` is \"{w_str}\"; expected an address starting with https://"),
            );
        }
    }
    fm.finish()?;
    let (text, split) = (fm.text, &fm.split);
    let intro = markdown::render(split.body, typography);
    Ok(MunicipalityPage {
        path: display_path.to_path_buf(),
        name: Located::new(name, fm.at(raw.name.span().start)),
        county_at: raw.county.as_ref().map(|c| fm.at(c.span().start)),
        county: raw
            .county
            .map(|c| c.into_inner().trim().to_string())
            .filter(|c| !c.is_empty()),
        lat: raw.lat.map(|l| *l.get_ref()),
        lon: raw.lon.map(|l| *l.get_ref()),
        website: raw.website.map(|w| w.get_ref().trim().to_string()),
        extra: raw.extra,
        // A municipality page has no folder of its own: its images are shown as written.
        intro_html: markdown::images_as_written(&intro.html.text(), &intro.images),
        links: super::locate_links(text, split.body, &intro.links),
    })
}
