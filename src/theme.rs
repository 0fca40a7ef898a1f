//! Finding a theme's files, with the site's own files replacing the theme's file by file.
//!
//! The default theme is compiled into the binary, so an installed `besok` builds a site that has
//! no `themes/` folder at all. Layers, lowest priority first: the built-in theme (when the site
//! uses "default"), the site's `themes/<name>/`, then the site's own `templates/`, `static/` and
//! `i18n/`. A higher layer replaces a lower one file by file.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::static_names::{StaticNames, StaticSource};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme as it was when this binary was compiled. `include_dir` reads every file
/// with `include_bytes!`, so cargo rebuilds when one changes (a newly added file needs a touch
/// of this module; the test `embedded_theme_matches_the_repository` catches a stale copy).
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The name of the theme compiled into besok.
pub const BUILT_IN_NAME: &str = "default";

/// How files of the built-in theme are named in messages: they have no place on disk.
pub const BUILT_IN_PREFIX: &str = "<built-in theme>";

/// The site's icons, in the order pages link them: browsers take the last they can show, so an
/// SVG after the ICO, which browsers without SVG icons (and those asking `/favicon.ico` on their
/// own) get. They are one set: the highest layer holding any of them gives all the icons, so a
/// site's own `favicon.ico` is not outdone by the theme's `favicon.svg`.
pub const ICONS: &[&str] = &["favicon.ico", "favicon.svg"];

/// A template's source and where it came from (named in error messages).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    /// Path relative to the site root, such as `themes/default/templates/post.html`, or
    /// `<built-in theme>/templates/post.html` for the theme compiled into besok.
    pub path: PathBuf,
    pub source: String,
}

/// Everything the renderer needs from the theme and the site's overrides.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    /// Output path (relative, `/`-separated) → where its bytes come from. Site files replace
    /// theme files. Stylesheets and scripts are here under their published, hashed names.
    pub static_files: BTreeMap<String, StaticSource>,
    /// The published name of each stylesheet and script, by its name in `static/`: what
    /// `get_url` gives templates.
    pub static_names: StaticNames,
    pub translations: Translations,
}

/// One layer of theme files.
enum Layer {
    BuiltIn,
    /// A folder relative to the site root (`themes/<name>` or the root itself).
    Disk(PathBuf),
}

/// A file found in a layer: its name inside the kind folder, how it is named in messages, and
/// its bytes when built in.
struct Found {
    name: String,
    display: PathBuf,
    built_in: Option<&'static [u8]>,
}

impl Layer {
    fn files(&self, root: &Path, kind: &str, errors: &mut Vec<Diagnostic>) -> Vec<Found> {
        match self {
            Layer::BuiltIn => {
                let mut out = Vec::new();
                if let Some(dir) = BUILT_IN.get_dir(kind) {
                    collect_built_in(dir, kind, &mut out);
                }
                out.sort_by(|a, b| a.name.cmp(&b.name));
                out
            }
            Layer::Disk(dir) => files_under(root, &dir.join(kind), errors)
                .into_iter()
                .map(|(name, rel)| Found {
                    name,
                    display: rel,
                    built_in: None,
                })
                .collect(),
        }
    }
}

fn collect_built_in(dir: &'static Dir<'static>, kind: &str, out: &mut Vec<Found>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let name = path.strip_prefix(&format!("{kind}/")).unwrap_or(&path).to_string();
        if crate::walk::is_ignored_name(name.rsplit('/').next().unwrap_or(&name)) {
            continue;
        }
        out.push(Found {
            name,
            display: PathBuf::from(format!("{BUILT_IN_PREFIX}/{path}")),
            built_in: Some(file.contents()),
        });
    }
    for sub in dir.dirs() {
        collect_built_in(sub, kind, out);
    }
}

/// The text of a built-in file, or a diagnostic if it is not UTF-8 (it always is: it is ours).
fn built_in_text(found: &Found, bytes: &'static [u8]) -> Result<String, Vec<Diagnostic>> {
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        vec![Diagnostic::error(
            &found.display,
            1,
            1,
            "the built-in file is not UTF-8 text",
        )]
    })
}

impl Theme {
    /// Loads templates, static files and translations, reporting every problem found.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme_rel = Path::new("themes").join(&config.theme);
        let mut errors = Vec::new();
        let built_in = config.theme == BUILT_IN_NAME;
        let on_disk = root.join(&theme_rel).is_dir();
        if !on_disk && !built_in {
            errors.push(Diagnostic::error(
                "config.toml",
                1,
                1,
                format!(
                    "theme \"{}\" not found; expected a folder {} (or theme = \"{BUILT_IN_NAME}\" for the built-in theme)",
                    config.theme,
                    theme_rel.display()
                ),
            ));
            return Err(errors);
        }
        // Layers from lowest to highest priority.
        let mut layers = Vec::new();
        if built_in {
            layers.push(Layer::BuiltIn);
        }
        if on_disk {
            layers.push(Layer::Disk(theme_rel.clone()));
        }
        layers.push(Layer::Disk(PathBuf::new()));

        let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
        for layer in &layers {
            for found in layer.files(root, "templates", &mut errors) {
                match read_found(root, &found) {
                    Ok(source) => {
                        templates.insert(
                            found.name.clone(),
                            TemplateFile {
                                name: found.name,
                                path: found.display,
                                source,
                            },
                        );
                    }
                    Err(e) => errors.extend(e),
                }
            }
        }

        let mut static_files = BTreeMap::new();
        for layer in &layers {
            let found = layer.files(root, "static", &mut errors);
            if found.iter().any(|f| ICONS.contains(&f.name.as_str())) {
                static_files.retain(|name: &String, _| !ICONS.contains(&name.as_str()));
            }
            for found in found {
                let source = match found.built_in {
                    Some(bytes) => StaticSource::BuiltIn {
                        path: found.display,
                        bytes,
                    },
                    None => StaticSource::File(root.join(found.display)),
                };
                static_files.insert(found.name, source);
            }
        }
        let shown = |s: &StaticSource| {
            let p = s.display_path();
            p.strip_prefix(root).unwrap_or(p).display().to_string()
        };
        let static_names = crate::static_names::rename(&mut static_files, &config.base_path, shown)
            .map_err(|e| errors.extend(e))
            .unwrap_or_default()
            .with_icons(
                ICONS
                    .iter()
                    .filter(|name| static_files.contains_key(**name))
                    .map(|name| name.to_string())
                    .collect(),
            );

        // The highest layer that has the language's file wins (whole file, not key by key).
        let file_name = format!("{}.toml", config.language);
        let mut chosen: Option<Found> = None;
        for layer in &layers {
            if let Some(f) = layer
                .files(root, "i18n", &mut errors)
                .into_iter()
                .find(|f| f.name == file_name)
            {
                chosen = Some(f);
            }
        }
        let translations = match chosen {
            Some(found) => {
                match read_found(root, &found)
                    .and_then(|text| Translations::parse(&config.language, &text, &found.display))
                {
                    Ok(t) => Some(t),
                    Err(e) => {
                        errors.extend(e);
                        None
                    }
                }
            }
            None => {
                // The languages it has: a "sv-se" is most likely meant as "sv".
                let mut languages: Vec<String> = Vec::new();
                for layer in &layers {
                    for f in layer.files(root, "i18n", &mut Vec::new()) {
                        if let Some(l) = f.name.strip_suffix(".toml").filter(|l| !l.contains('/')) {
                            languages.push(l.to_string());
                        }
                    }
                }
                languages.sort();
                languages.dedup();
                let primary = config.language.split('-').next().unwrap_or_default();
                let meant = languages
                    .iter()
                    .find(|l| *l == primary)
                    .map(String::as_str)
                    .or_else(|| crate::suggest::closest(&config.language, languages.iter().map(String::as_str)));
                let has = match languages.as_slice() {
                    [] => "it has none".to_string(),
                    [one] => format!("it has \"{one}\""),
                    [rest @ .., last] => format!(
                        "it has {} and \"{last}\"",
                        rest.iter().map(|l| format!("\"{l}\"")).collect::<Vec<_>>().join(", ")
                    ),
                };
                let needs = format!(
                    "another language needs {}",
                    theme_rel.join("i18n").join(&file_name).display()
                );
                let told = match meant {
                    Some(m) => format!("; did you mean \"{m}\"? ({has}; {needs})"),
                    None => format!("; {has} ({needs})"),
                };
                let (line, column) = config.language_at.unwrap_or((1, 1));
                errors.push(Diagnostic::error(
                    "config.toml",
                    line,
                    column,
                    format!(
                        "the theme \"{}\" has no translations for language \"{}\"{told}",
                        config.theme, config.language
                    ),
                ));
                None
            }
        };

        if let Some(t) = &translations {
            // The site's own layer (the last) may hold only some languages; the theme's must be whole.
            let theme_layers = &layers[..layers.len() - 1];
            errors.extend(check_translation_keys(root, theme_layers, t));
        }

        match translations {
            Some(translations) if errors.is_empty() => Ok(Theme {
                templates: templates.into_values().collect(),
                static_files,
                static_names,
                translations,
            }),
            _ => Err(errors),
        }
    }

    pub fn template(&self, name: &str) -> Option<&TemplateFile> {
        self.templates.iter().find(|t| t.name == name)
    }
}

/// Every UI word any of the theme's languages has must exist in the site's language too, so a
/// page never shows a raw key: a missing one is an error naming the key and the file lacking it.
fn check_translation_keys(root: &Path, theme_layers: &[Layer], t: &Translations) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut ignored = Vec::new();
    for layer in theme_layers.iter().rev() {
        for found in layer.files(root, "i18n", &mut ignored) {
            if !found.name.ends_with(".toml") {
                continue;
            }
            let Ok(text) = read_found(root, &found) else { continue };
            let Ok(table) = text.parse::<toml::Table>() else {
                continue;
            };
            for key in table.keys() {
                let special = key == "locale" || key == "date_format";
                let reported = errors.iter().any(|d| d.message.contains(&format!("`{key}`")));
                if !special && !reported && !t.words.contains_key(key) {
                    errors.push(Diagnostic::error(
                        &t.source,
                        1,
                        1,
                        format!(
                            "missing translation `{key}` for language \"{}\" ({} has it); add `{key} = \"...\"`",
                            t.language,
                            found.display.display()
                        ),
                    ));
                }
            }
        }
    }
    errors
}

/// The text of a theme file, wherever it lives.
fn read_found(root: &Path, found: &Found) -> Result<String, Vec<Diagnostic>> {
    match found.built_in {
        Some(bytes) => built_in_text(found, bytes),
        None => crate::source::read_text(root, &found.display),
    }
}

/// Files below `root/dir` as (name relative to dir with `/`, path relative to root), skipping
/// hidden files and editor leftovers.
fn files_under(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let full = root.join(dir);
    crate::walk::site_files(root, dir, errors)
        .into_iter()
        .map(|rel| {
            let name = root
                .join(&rel)
                .strip_prefix(&full)
                .unwrap_or(&rel)
                .to_string_lossy()
                .replace('\\', "/");
            (name, rel)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The binary carries a copy of themes/default; a copy that differs from the repository's
    /// (a file added without a rebuild of this module) would ship a stale theme.
    #[test]
    fn embedded_theme_matches_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                on_disk.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
        on_disk.sort();
        let mut embedded = Vec::new();
        fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
            for f in dir.files() {
                out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents().to_vec()));
            }
            for d in dir.dirs() {
                walk(d, out);
            }
        }
        walk(&BUILT_IN, &mut embedded);
        embedded.sort();
        let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(&embedded),
            names(&on_disk),
            "the built-in theme is stale: touch src/theme.rs and rebuild"
        );
        assert!(
            embedded == on_disk,
            "the built-in theme is stale: touch src/theme.rs and rebuild"
        );
    }
}
