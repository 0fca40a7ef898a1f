//! `besok check`: everything a build checks, without writing anything, plus what a writer may
//! want to fix before publishing (posts without tags, municipalities without a page) and, when
//! asked, whether external links still answer.
//!
//! Internal links, heading anchors, duplicate URLs and alias collisions are errors of the
//! build itself (see `model` and `render`), so `check` and `build` never disagree on them.

use crate::content::Location;
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::markdown::LinkKind;
use crate::model::{Future, Selection, Site};
use crate::pipeline::{self, Loaded};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long one external link may take to answer.
pub const EXTERNAL_TIMEOUT: Duration = Duration::from_secs(8);

/// What `besok check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Check posts dated after now too (a build holds them back).
    pub future: bool,
    pub base_url: Option<String>,
    /// Check external links over the network (otherwise they are only counted).
    pub external: bool,
}

/// An external link and every place it is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub places: Vec<(PathBuf, Location)>,
    /// `Ok(status)` or why it failed; `None` when external links were not checked.
    pub result: Option<std::result::Result<u16, String>>,
}

#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors and warnings, sorted by file and place.
    pub diagnostics: Vec<Diagnostic>,
    pub posts: usize,
    /// Pages and files that were rendered (`None` when errors kept the site from being built).
    pub pages: Option<usize>,
    /// Why no external link could be checked, when no server of theirs could be reached (the
    /// network is most likely down): said once instead of at every link.
    pub unreachable: Option<String>,
    pub external: Vec<ExternalLink>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count() + usize::from(self.unreachable.is_some())
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }
}

/// Loads and renders the site in memory and reports every problem. Only problems with the
/// command itself (an unreadable folder) are `Err`; problems in the site are in the report.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let selection = Selection {
        drafts: options.drafts,
        future: if options.future { Future::Publish } else { Future::Hold },
        now: chrono::Utc::now(),
    };
    let loaded = match pipeline::load_or_problems(&options.root, selection, options.base_url.as_deref()) {
        Ok(loaded) => loaded,
        Err(not_loaded) => {
            report.posts = not_loaded.posts;
            report.diagnostics = not_loaded.errors;
            report.diagnostics.extend(not_loaded.warnings);
            report.diagnostics.sort();
            report.diagnostics.dedup();
            return Ok(report);
        }
    };
    let Loaded { site, theme, .. } = &loaded;
    report.posts = site.posts.len();
    report.diagnostics.extend(site.warnings.iter().cloned());
    report.diagnostics.extend(site.config.base_url_warning());
    report.diagnostics.extend(lints(site));
    report.external = external_links(site);

    let renderer = loaded.renderer();
    let jobs = renderer.jobs();
    report.pages = Some(jobs.len());
    // What the last `besok build` published and this site would not.
    let output = options.root.join("public");
    report.diagnostics.extend(pipeline::lost_addresses(
        &options.root,
        &crate::output::published_before(&output),
        site,
        jobs,
    ));
    // Every page rendered as a build renders it, and thrown away.
    let rendered = pipeline::check_pages(site, jobs, &theme.theme)
        .and_then(|()| pipeline::render_all(&renderer, jobs, |_, _| Ok(())));
    match rendered {
        Ok(()) => {}
        Err(Error::Content(ds)) => report.diagnostics.extend(ds),
        Err(e) => return Err(e),
    }

    if options.external {
        check_external(&mut report.external);
        report.unreachable = unreachable(&mut report.external);
        for link in &report.external {
            if let Some(Err(why)) = &link.result {
                for (path, at) in &link.places {
                    report.diagnostics.push(Diagnostic::error(
                        path,
                        at.line,
                        at.column,
                        format!("external link {} does not work: {why}", link.url),
                    ));
                }
            }
        }
    }
    report.diagnostics.sort();
    report.diagnostics.dedup();
    Ok(report)
}

/// Warnings about what a reader would miss, not about what is broken.
fn lints(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &site.posts {
        if p.tags.is_empty() {
            out.push(Diagnostic::warning(
                &p.source,
                p.title_at.line,
                p.title_at.column,
                "this post has no tags; add a line like `tags = [\"samverkan\"]` so readers can find it by theme",
            ));
        }
        if let (Some(m), Some(at)) = (p.municipality, p.municipality_at) {
            let m = &site.municipalities[m];
            // Sweden's municipalities have their county and place from the table, so a page
            // only adds an introduction (and a name not among them is warned about already):
            // only a site of other places needs pages for its facts.
            if m.page.is_none() && site.config.municipalities == crate::config::Municipalities::Any {
                out.push(Diagnostic::warning(
                    &p.source,
                    at.line,
                    at.column,
                    format!(
                        "the municipality \"{}\" has no page; add content/municipalities/{}.md with `name = \"{}\"` to give its timeline an introduction",
                        m.name, m.slug, m.name
                    ),
                ));
            }
        }
        // Readers who cannot see a photo hear or read its alt text instead.
        for image in p.images.iter().filter(|i| i.value.alt.trim().is_empty()) {
            out.push(Diagnostic::warning(
                &p.source,
                image.at.line,
                image.at.column,
                format!(
                    "image \"{}\" has no alt text; say what it shows for readers who cannot see it: ![Rådhuset i Kalmar]({})",
                    image.value.dest, image.value.dest
                ),
            ));
        }
        if let Some(f) = p.featured.as_ref().filter(|f| f.value.alt.trim().is_empty()) {
            out.push(Diagnostic::warning(
                &p.source,
                f.at.line,
                f.at.column,
                "the featured image has no alt text; add `image_alt = \"...\"` saying what it shows",
            ));
        }
    }
    out
}

/// Every external link of posts, plain pages and municipality pages, once per URL, in URL order.
fn external_links(site: &Site) -> Vec<ExternalLink> {
    let mut by_url: BTreeMap<String, Vec<(PathBuf, Location)>> = BTreeMap::new();
    let posts = site.posts.iter().map(|p| (&p.source, &p.links));
    let plain = site.pages.iter().map(|p| (&p.source, &p.links));
    let pages = site
        .municipalities
        .iter()
        .filter_map(|m| m.page.as_ref())
        .map(|p| (&p.path, &p.links));
    for (source, links) in posts.chain(plain).chain(pages) {
        for l in links.iter().filter(|l| l.value.kind == LinkKind::External) {
            by_url
                .entry(l.value.dest.clone())
                .or_default()
                .push((source.clone(), l.at));
        }
    }
    by_url
        .into_iter()
        .map(|(url, places)| ExternalLink {
            url,
            places,
            result: None,
        })
        .collect()
}

/// Asks every external URL whether it answers, several at a time, each with a short timeout.
fn check_external(links: &mut [ExternalLink]) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(EXTERNAL_TIMEOUT))
        .http_status_as_error(false)
        .user_agent("besok-link-checker")
        .build()
        .into();
    let check = |link: &mut ExternalLink| link.result = Some(probe(&agent, &link.url));
    match rayon::ThreadPoolBuilder::new().num_threads(8).build() {
        Ok(pool) => pool.install(|| links.par_iter_mut().for_each(check)),
        Err(_) => links.iter_mut().for_each(check),
    }
}

/// Why no link was checked when none of their servers could be reached, on two hosts or more
/// (one dead host is a broken link; all of them at once is a network that is down): the
/// links are then marked as not checked, and the reason is said once.
fn unreachable(links: &mut [ExternalLink]) -> Option<String> {
    let host = |url: &str| {
        url.split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let mut hosts: Vec<String> = links.iter().map(|l| host(&l.url)).collect();
    hosts.sort();
    hosts.dedup();
    let none_reached = links
        .iter()
        .all(|l| matches!(&l.result, Some(Err(why)) if why.starts_with(NOT_REACHED)));
    if hosts.len() < 2 || !none_reached {
        return None;
    }
    let first = links.first().map(|l| {
        let why = l
            .result
            .as_ref()
            .and_then(|r| r.as_ref().err())
            .cloned()
            .unwrap_or_default();
        format!("{}: {}", host(&l.url), why.trim_start_matches(NOT_REACHED))
    });
    for l in links.iter_mut() {
        l.result = None;
    }
    Some(format!(
        "no external link was checked: none of the {} servers could be reached ({}); is the network down? Run besok check --external again once it is up",
        hosts.len(),
        first.unwrap_or_default()
    ))
}

/// What the reason for a link whose server could not be reached starts with (its host not
/// found, no route to it, no answer in time): no server said anything about the link.
const NOT_REACHED: &str = "the server could not be reached: ";

/// Why a request got no answer from a server, in a writer's words, marked [`NOT_REACHED`] when
/// no server could be reached at all.
fn failure(e: &ureq::Error) -> String {
    use std::io::ErrorKind;
    let not_reached = |why: &str| format!("{NOT_REACHED}{why}");
    match e {
        ureq::Error::HostNotFound => not_reached("host not found"),
        ureq::Error::Io(io) if io.to_string().contains("lookup address") => not_reached("host not found"),
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable | ErrorKind::NetworkDown
            ) =>
        {
            not_reached("no route to the server")
        }
        ureq::Error::Timeout(_) => not_reached("no answer in time"),
        other => other.to_string(),
    }
}

/// HEAD first (cheap); some servers refuse HEAD, so a 4xx/5xx is tried again with GET.
fn probe(agent: &ureq::Agent, url: &str) -> std::result::Result<u16, String> {
    let status = |r: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|resp| resp.status().as_u16()).map_err(|e| failure(&e))
    };
    let mut code = status(agent.head(url).call())?;
    if code >= 400 {
        code = status(agent.get(url).call())?;
    }
    if code >= 400 {
        Err(format!("the server answered {code}"))
    } else {
        Ok(code)
    }
}

/// Where a diagnostic's file is shown from: the site root.
pub fn display_root(root: &Path) -> String {
    if root == Path::new(".") {
        "this folder".to_string()
    } else {
        root.display().to_string()
    }
}
