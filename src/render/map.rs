//! The maps of Sweden: the municipality index's map of all 290 municipalities, the visited
//! ones filled by their number of visits and linked to their timelines, and the small locator
//! map of one municipality in its county on its timeline.
//!
//! Made here as whole `<svg>` strings, every name escaped, so templates only place them (a
//! template drawing 290 paths would be slow to render and easy to get wrong). Inline SVG of the
//! embedded outlines ([`crate::sweden`]) and no script: the map works offline, in print and
//! without JavaScript, and costs no request to any server. Colours are the theme's (classes
//! styled by its stylesheet), so dark mode and print are the stylesheet's business.

use crate::html::escape_html;
use crate::model::{Municipality, Site};
use crate::sweden;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// The fill step of a municipality visited `visits` times: 1, 2, or 3 for three or more, the
/// three steps the index's legend explains (`visits-1` … `visits-3` in the stylesheet).
pub fn step(visits: u64) -> u64 {
    visits.clamp(1, 3)
}

/// The map of Sweden with every municipality, the visited ones (with a report on the site)
/// filled by their number of visits, each a link to its timeline named by its name and counts
/// ("Kalmar – 2 besök"). `entries` are the municipalities' template data (same index as
/// `Site::municipalities`): the link and the counts are taken from them, so the map says what
/// the table beside it says. `label` names the whole map.
pub fn sweden_map(site: &Site, entries: &[Value], label: &str) -> String {
    let mut visited: HashMap<&str, usize> = HashMap::new();
    for (i, m) in site.municipalities.iter().enumerate() {
        if let (Some(s), true) = (m.sweden, m.report_count() > 0) {
            visited.entry(s.code).or_insert(i);
        }
    }
    let all = sweden::municipalities();
    // The paths are ~60 KB; a little more for the markup around them.
    let mut svg = String::with_capacity(all.iter().map(|m| m.path.len() + 16).sum::<usize>() + 200 * visited.len());
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="sweden-map" viewBox="{}" fill-rule="evenodd" role="group" aria-label="{}">"#,
        sweden::view_box(),
        escape_html(label)
    );
    // The land first, the visited on top, so their outlines are drawn whole.
    svg.push_str(r#"<g class="land" aria-hidden="true">"#);
    for m in all.iter().filter(|m| !visited.contains_key(m.code)) {
        let _ = write!(svg, r#"<path d="{}"/>"#, m.path);
    }
    svg.push_str(r#"</g><g class="visited">"#);
    for m in all {
        let Some(&i) = visited.get(m.code) else { continue };
        let entry = &entries[i];
        let name = format!(
            "{} – {}",
            entry["name"].as_str().unwrap_or_default(),
            entry["visits_text"].as_str().unwrap_or_default()
        );
        let name = escape_html(&name);
        let _ = write!(
            svg,
            r#"<a href="{}" aria-label="{name}"><title>{name}</title><path class="visits-{}" d="{}"/></a>"#,
            escape_html(entry["url"].as_str().unwrap_or_default()),
            step(entry["visit_count"].as_u64().unwrap_or(1)),
            m.path
        );
    }
    svg.push_str("</g></svg>");
    svg
}

/// The small map on a municipality's timeline: the municipalities of its county, it marked,
/// cut to the county's bounds. `None` for a municipality not among Sweden's 290. `label`
/// names it for those who cannot see it ("Vetlanda i Jönköpings län").
pub fn locator_map(m: &Municipality, label: &str) -> Option<String> {
    let here = m.sweden?;
    let county: Vec<&sweden::Municipality> = sweden::municipalities()
        .iter()
        .filter(|x| x.county == here.county)
        .collect();
    let b = county
        .iter()
        .map(|x| sweden::bounds(x.path))
        .reduce(sweden::Bounds::union)?;
    // A margin, so the outline's stroke is not cut at the edges.
    let (w, h) = (b.max_x - b.min_x, b.max_y - b.min_y);
    let margin = (w.max(h) / 25).max(2);
    let label = escape_html(label);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="locator-map" viewBox="{} {} {} {}" fill-rule="evenodd" role="img" aria-label="{label}"><title>{label}</title>"#,
        b.min_x - margin,
        b.min_y - margin,
        w + 2 * margin,
        h + 2 * margin
    );
    for x in county.iter().filter(|x| x.code != here.code) {
        let _ = write!(svg, r#"<path d="{}"/>"#, x.path);
    }
    let _ = write!(svg, r#"<path class="here" d="{}"/></svg>"#, here.path);
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_steps_of_visits() {
        assert_eq!([0, 1, 2, 3, 4, 40].map(step), [1, 1, 2, 3, 3, 3]);
    }
}
