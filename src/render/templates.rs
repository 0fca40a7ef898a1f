//! Compiling the theme's templates with tera once per build, and explaining template errors
//! with the file the template really came from and a line where one can be found.

use crate::diagnostics::{Diagnostic, Severity};
use crate::html::escape_html;
use crate::static_names::StaticNames;
use crate::theme::{TemplateFile, Theme};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Tera;

/// The templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "post.html",
    "tags.html",
    "tag.html",
    "municipalities.html",
    "municipality.html",
    "archive.html",
    "archive_year.html",
    "404.html",
    "search.html",
];

/// The template of plain pages (`content/pages/`). Not in [`REQUIRED`]: a theme made before
/// plain pages existed still builds a site that has none (see `pipeline::check_pages`).
pub const PAGE_TEMPLATE: &str = "page.html";

/// The redirect page of an alias, used when the theme has no `alias.html` of its own: it
/// sends browsers on at once (meta refresh), tells search engines where the page now is
/// (canonical) and shows a link for anyone the refresh does not move.
const BUILTIN_ALIAS: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ post.title }}</title>
<link rel="canonical" href="{{ post.permalink }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ post.permalink }}">
</head>
<body>
<p><a href="{{ post.permalink }}">{{ post.title }}</a></p>
</body>
</html>
"#;

pub struct Templates {
    pub tera: Tera,
    files: HashMap<String, TemplateFile>,
    /// The names `get_url` gives stylesheets and scripts (with their content's hash).
    static_names: StaticNames,
    /// The size of each template's last page, for the next page's buffer: tera's own starts at
    /// 2 KB and doubles, copying a 30 KB post page four times over.
    last_sizes: HashMap<String, AtomicUsize>,
}

impl Templates {
    /// Parses every template; all parse errors are reported together.
    pub fn compile(theme: &Theme, base_path: &str) -> Result<Templates, Vec<Diagnostic>> {
        let mut files: HashMap<String, TemplateFile> =
            theme.templates.iter().map(|t| (t.name.clone(), t.clone())).collect();
        files.entry("alias.html".into()).or_insert_with(|| TemplateFile {
            name: "alias.html".into(),
            path: PathBuf::from("(besok's built-in alias.html)"),
            source: BUILTIN_ALIAS.into(),
        });
        let mut errors = Vec::new();
        for name in REQUIRED {
            if !files.contains_key(*name) {
                errors.push(Diagnostic::error(
                    PathBuf::from("templates").join(name),
                    1,
                    1,
                    format!("the theme has no template {name}; expected it in the theme's templates/ folder or the site's templates/"),
                ));
            }
        }
        // Parse each file alone first, so every broken template is named, not only the first.
        for t in files.values() {
            if let Err(e) = tera::Template::new(&t.name, None, &t.source) {
                errors.push(error_in_file(t, &e));
            }
        }
        if !errors.is_empty() {
            errors.sort();
            return Err(errors);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.set_escape_fn_with_check(escape_html, crate::html::needs_escaping);
        let mut sources: Vec<(&str, &str)> = files.values().map(|t| (t.name.as_str(), t.source.as_str())).collect();
        sources.sort();
        if let Err(e) = tera.add_raw_templates(sources) {
            // Inheritance problems (a missing parent template) only show once all are added.
            let name = quoted_name(&e.to_string()).unwrap_or_default();
            let path = files
                .get(&name)
                .map_or_else(|| PathBuf::from("templates"), |t| t.path.clone());
            return Err(vec![Diagnostic::error(path, 1, 1, crate::diagnostics::error_chain(&e))]);
        }
        let base = base_path.to_string();
        let names = theme.static_names.clone();
        tera.register_function("get_url", move |args: &HashMap<String, tera::Value>| {
            let path = args
                .get("path")
                .and_then(|v| v.as_str())
                .ok_or_else(|| tera::Error::msg("get_url needs path=\"...\""))?;
            Ok(tera::Value::String(get_url(&base, &names, path)))
        });
        let icons = theme.static_names.icons().to_vec();
        tera.register_function("icons", move |_: &HashMap<String, tera::Value>| {
            Ok(tera::Value::from(icons.clone()))
        });
        let last_sizes = files.keys().map(|name| (name.clone(), AtomicUsize::new(0))).collect();
        Ok(Templates {
            tera,
            files,
            static_names: theme.static_names.clone(),
            last_sizes,
        })
    }

    /// Every template as `(name, source)`.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.values().map(|t| (t.name.as_str(), t.source.as_str()))
    }

    /// The names `get_url` gives stylesheets and scripts: what every page's template reads
    /// besides its data (see `Part::StaticNames`).
    pub fn static_names(&self) -> &StaticNames {
        &self.static_names
    }

    /// Renders a template; an error names the template file and, where it can be found, the line.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| self.render_error(name, &e))
    }

    /// [`Templates::render`] as bytes, for a page that is written or served as it is: tera
    /// writes nothing but `str`s, and checking a whole page again to make it a `String` was
    /// a twentieth of a build of long posts.
    pub fn render_bytes(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        let last = self.last_sizes.get(name);
        let size = last.map_or(0, |s| s.load(Ordering::Relaxed));
        let mut page = Vec::with_capacity(size + size / 8 + 256);
        self.tera
            .render_to(name, context, &mut page)
            .map_err(|e| self.render_error(name, &e))?;
        if let Some(last) = last {
            last.store(page.len(), Ordering::Relaxed);
        }
        Ok(page)
    }

    fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let message = crate::diagnostics::error_chain(e);
        // Tera names the identifier in backquotes; find where the template (or one it extends
        // or includes) uses it, so the writer is sent to the right file and line.
        let needle = message.split('`').nth(1).map(|s| s.to_string());
        let mut visited = Vec::new();
        let mut queue = vec![name.to_string()];
        while let Some(current) = queue.pop() {
            if visited.contains(&current) {
                continue;
            }
            visited.push(current.clone());
            let Some(file) = self.files.get(&current) else { continue };
            if let Some(needle) = &needle {
                if let Some(offset) = find_in_tags(&file.source, needle) {
                    return Diagnostic::at_offset(Severity::Error, &file.path, &file.source, 1, offset, message);
                }
            }
            queue.extend(referenced_templates(&file.source));
        }
        let path = self
            .files
            .get(name)
            .map_or_else(|| PathBuf::from(name), |f| f.path.clone());
        Diagnostic::error(path, 1, 1, message)
    }
}

/// The URL of the site's file `path`: the path of `base_url` in front, and a stylesheet's or
/// script's published name (with its content's hash) in place of its name in `static/`. A
/// query or fragment is kept.
fn get_url(base: &str, names: &StaticNames, path: &str) -> String {
    names.url(base, path)
}

/// A parse error in one template file, at the line and column tera reports.
fn error_in_file(t: &TemplateFile, e: &tera::Error) -> Diagnostic {
    let message = crate::diagnostics::error_chain(e);
    let (line, column) = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let pos: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
            let (l, c) = pos.split_once(':')?;
            Some((l.parse().ok()?, c.parse().ok()?))
        })
        .unwrap_or((1, 1));
    let detail = message.rsplit("= ").next().unwrap_or(&message).trim().to_string();
    let mut d = Diagnostic::error(&t.path, line, column, format!("template syntax: {detail}"));
    d.source_line = t.source.lines().nth(line.saturating_sub(1)).map(str::to_string);
    d
}

fn quoted_name(message: &str) -> Option<String> {
    message.split('\'').nth(1).map(str::to_string)
}

/// Byte offset of `needle` inside a `{{ }}` or `{% %}` tag of `source`.
fn find_in_tags(source: &str, needle: &str) -> Option<usize> {
    let mut search_from = 0;
    while let Some(found) = source[search_from..].find(needle) {
        let offset = search_from + found;
        let before = &source[..offset];
        let open = before.rfind("{{").into_iter().chain(before.rfind("{%")).max();
        let close = before.rfind("}}").into_iter().chain(before.rfind("%}")).max();
        if open.is_some() && open > close {
            return Some(offset);
        }
        search_from = offset + needle.len();
    }
    None
}

/// Templates named in `extends`, `include` and `import` tags.
fn referenced_templates(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for keyword in ["extends", "include", "import"] {
        for part in source.split(keyword).skip(1) {
            let part = part.trim_start();
            if let Some(q) = part.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if let Some(end) = part[1..].find(q) {
                    out.push(part[1..1 + end].to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::get_url;
    use crate::static_names::StaticNames;

    #[test]
    fn get_url_gives_a_stylesheet_its_published_name_under_the_sites_path() {
        let mut files = std::collections::BTreeMap::new();
        files.insert(
            "css/style.css".to_string(),
            crate::static_names::StaticSource::BuiltIn {
                path: "static/css/style.css".into(),
                bytes: b"body {}",
            },
        );
        let names = crate::static_names::rename(&mut files, "/blogg/", |_| String::new()).unwrap();
        let css = names.published("css/style.css");
        assert_ne!(css, "css/style.css");
        assert_eq!(get_url("/blogg/", &names, "css/style.css"), format!("/blogg/{css}"));
        assert_eq!(
            get_url("/blogg/", &names, "/css/style.css?v=2#x"),
            format!("/blogg/{css}?v=2#x")
        );
        assert_eq!(get_url("/", &StaticNames::default(), "/bilder/a.png"), "/bilder/a.png");
    }
}
