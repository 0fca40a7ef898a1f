//! Running the import again over what an earlier run wrote: each post and page whose file is
//! there is left as it is, but for the files that run could not get (the old site did not
//! answer, `--no-media`): those its text still loads from the old blog are fetched again, and
//! where they were saved, the old address in the text becomes the saved file's name. Nothing
//! else of the text changes, so the writer's edits stay; a post without a folder of its own
//! moves into one (`x.md` → `x/index.md`) to hold its files.

use super::rewrite::CheckKind;
use super::{Doc, ImportOptions, ImportReport, Kind, Skipped, State, ToCheck, Updated};
use crate::content::front_matter;
use crate::error::{Error, Result};
use crate::scaffold::{create_new, shown};
use std::path::Path;

/// Updates each post and page an earlier run wrote with the files saved for it now, and tells
/// the report what was updated, what was left as it is and what still cannot be had.
pub fn update(docs: &mut [Doc], options: &ImportOptions, report: &mut ImportReport) -> Result<()> {
    for doc in docs.iter_mut() {
        let (State::Exists(rel), Some(text)) = (&doc.state, &doc.existing) else {
            continue;
        };
        let path = options.into.join(rel);
        let mut new = text.clone();
        let mut saved = 0;
        let mut urls: Vec<_> = doc.files.iter().collect();
        urls.sort_by(|a, b| a.0.cmp(b.0));
        let featured = doc.featured.as_ref().filter(|_| lacks_featured_image(text));
        for (url, state) in urls {
            match state {
                Ok(name) if featured.is_some_and(|(f, _)| f == url) => {
                    let alt = featured.and_then(|(_, alt)| alt.as_deref());
                    if let Some(with_image) = with_featured_image(&new, name, alt) {
                        new = with_image;
                        saved += 1;
                    }
                }
                Ok(name) => {
                    let (replaced, n) = replace_destination(&new, url.as_str(), name);
                    new = replaced;
                    saved += usize::from(n > 0);
                }
                Err(why) if featured.is_some_and(|(f, _)| f == url) => report.to_check.push(ToCheck {
                    kind: CheckKind::NotDownloaded,
                    path: path.clone(),
                    export_line: doc.item().line,
                    what: format!("{url}: {why}; the post's featured image, which it has none of yet"),
                }),
                Err(why) => report.to_check.push(ToCheck {
                    kind: CheckKind::NotDownloaded,
                    path: path.clone(),
                    export_line: doc.item().line_of(url.as_str()),
                    what: format!("{url}: {why}; the text still loads it from the old blog"),
                }),
            }
        }
        let noun = match doc.kind {
            Kind::Post(_) => "post",
            Kind::Page(_) => "page",
        };
        if saved == 0 {
            report.skipped.push(Skipped {
                what: format!("{noun} \"{}\" ({})", doc.title(), shown(&path)),
                reason: "the file already exists; left as it is".into(),
            });
            continue;
        }
        // A post that was written without a folder gets one for its files.
        let bundle = doc.rel(true);
        if matches!(doc.kind, Kind::Post(_)) && *rel != bundle {
            let to = options.into.join(&bundle);
            create_new(&to, &new)?;
            std::fs::remove_file(&path).map_err(|e| Error::io("cannot remove", &path, e))?;
            let relinked = relink(&options.into, rel, &bundle)?;
            report.updated.push(Updated {
                path: to,
                files: saved,
                moved_from: Some(path),
                relinked,
            });
            doc.rel = Some(bundle);
        } else {
            replace_file(&path, &new)?;
            report.updated.push(Updated {
                path,
                files: saved,
                moved_from: None,
                relinked: 0,
            });
        }
    }
    Ok(())
}

/// Whether a post's front matter reads and names no featured image (`image`): one the writer
/// broke is left as it is.
pub fn lacks_featured_image(text: &str) -> bool {
    front_matter::split(text, Path::new(""))
        .ok()
        .and_then(|split| split.front_matter.parse::<toml::Table>().ok())
        .is_some_and(|table| !table.contains_key("image"))
}

/// `text` with `image = "name"` (and `image_alt`) added at the end of its front matter's
/// top-level keys (before its first table, or its closing `+++`).
fn with_featured_image(text: &str, name: &str, alt: Option<&str>) -> Option<String> {
    let split = front_matter::split(text, Path::new("")).ok()?;
    let start = split.front_matter.as_ptr() as usize - text.as_ptr() as usize;
    let mut at = start + split.front_matter.len();
    let mut offset = start;
    for line in split.front_matter.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            at = offset;
            break;
        }
        offset += line.len();
    }
    let mut keys = format!("image = {}\n", toml::Value::String(name.to_string()));
    if let Some(alt) = alt.filter(|a| !a.is_empty()) {
        keys.push_str(&format!("image_alt = {}\n", toml::Value::String(alt.to_string())));
    }
    Some(format!("{}{keys}{}", &text[..at], &text[at..]))
}

/// `text` with every markdown destination `url` (`](url)`, `](url "title")`, `](<url>)`)
/// made `name`, and how many there were. The address elsewhere (in a sentence, a code block)
/// is left as it is.
fn replace_destination(text: &str, url: &str, name: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(url) {
        let before = &rest[..at];
        let after = &rest[at + url.len()..];
        let bracketed = before.ends_with("](<") && after.starts_with('>');
        let plain = before.ends_with("](") && (after.starts_with(')') || after.starts_with(" \""));
        if bracketed || plain {
            out.push_str(if bracketed { &before[..before.len() - 1] } else { before });
            out.push_str(name);
            rest = if bracketed { &after[1..] } else { after };
            count += 1;
        } else {
            out.push_str(&rest[..at + url.len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    (out, count)
}

/// The links of the site's texts and comments archives to a post that moved from `from` to
/// `to` (below the content folder `into`) made to lead there, as the build asks; how many files
/// had any.
fn relink(into: &Path, from: &Path, to: &Path) -> Result<usize> {
    let key = |p: &Path| format!("@/{}", p.to_string_lossy().replace('\\', "/"));
    let (from, to) = (key(from), key(to));
    let mut changed = 0;
    for rel in crate::walk::site_files(into, Path::new(""), &mut Vec::new()) {
        if !rel.extension().is_some_and(|e| e == "md" || e == "toml") {
            continue;
        }
        let path = into.join(&rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !text.contains(&from) {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&from) {
            let after = &rest[at + from.len()..];
            out.push_str(&rest[..at]);
            let is_link = rest[..at].ends_with("](") || rest[..at].ends_with("](<");
            let ends = after.starts_with([')', '#', '>', ' ']);
            out.push_str(if is_link && ends { &to } else { &from });
            rest = after;
        }
        out.push_str(rest);
        if out != text {
            replace_file(&path, &out)?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Replaces a file's text: written beside it under a hidden name, then renamed over it.
fn replace_file(path: &Path, text: &str) -> Result<()> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let part = path.with_file_name(format!(".{name}.besok-part"));
    std::fs::write(&part, text).map_err(|e| Error::io("cannot write", &part, e))?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        Error::io("cannot write", path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_featured_image_goes_before_the_first_table_of_the_front_matter() {
        let text = "+++\ntitle = \"A\"\ndate = 2018-05-02\n[extra]\nx = 1\n+++\n\n[Text](a.md)\n";
        assert!(lacks_featured_image(text));
        let out = with_featured_image(text, "foto.jpg", Some("Torget \"i\" Eksjö")).unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"A\"\ndate = 2018-05-02\nimage = \"foto.jpg\"\nimage_alt = 'Torget \"i\" Eksjö'\n[extra]\nx = 1\n+++\n\n[Text](a.md)\n"
        );
        assert!(!lacks_featured_image(&out));
        assert!(lacks_featured_image("+++\ntitle = \"A\"\nimage_alt = \"x\"\n+++\n"));
        // An `image` of another table is not the post's; a front matter that does not read
        // is left alone.
        assert!(lacks_featured_image(
            "+++\ntitle = \"A\"\n[extra]\nimage = \"x\"\n+++\n"
        ));
        assert!(!lacks_featured_image("+++\ntitle = \n+++\n"));
        assert!(with_featured_image("no front matter", "a.jpg", None).is_none());
    }

    #[test]
    fn only_destinations_are_replaced() {
        let url = "http://b.se/u/a.jpg";
        let text = "![A](http://b.se/u/a.jpg) [x](<http://b.se/u/a.jpg>) ![T](http://b.se/u/a.jpg \"t\") http://b.se/u/a.jpg ![B](http://b.se/u/a.jpg2)";
        assert_eq!(
            replace_destination(text, url, "a.jpg"),
            (
                "![A](a.jpg) [x](a.jpg) ![T](a.jpg \"t\") http://b.se/u/a.jpg ![B](http://b.se/u/a.jpg2)".to_string(),
                3
            )
        );
    }
}
