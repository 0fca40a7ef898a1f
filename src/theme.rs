//! Finding a theme's files, with the site's own files replacing the theme's file by file.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A template's source and where it came from (named in error messages).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    /// Path relative to the site root, such as `themes/default/templates/post.html`.
    pub path: PathBuf,
    pub source: String,
}

/// Everything the renderer needs from the theme and the site's overrides.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    /// Output path (relative, `/`-separated) → source file (absolute). Site files replace theme files.
    pub static_files: BTreeMap<String, PathBuf>,
    pub translations: Translations,
}

impl Theme {
    /// Loads templates, static files and translations, reporting every problem found.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme_rel = Path::new("themes").join(&config.theme);
        let mut errors = Vec::new();
        if !root.join(&theme_rel).is_dir() {
            errors.push(Diagnostic::error(
                "config.toml",
                1,
                1,
                format!(
                    "theme \"{}\" not found; expected a folder {}",
                    config.theme,
                    theme_rel.display()
                ),
            ));
            return Err(errors);
        }
        // Layers from lowest to highest priority.
        let layers = [theme_rel.clone(), PathBuf::new()];

        let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
        for layer in &layers {
            for (name, rel) in files_under(root, &layer.join("templates"), &mut errors) {
                match crate::content::read_text(root, &rel) {
                    Ok(source) => {
                        templates.insert(
                            name.clone(),
                            TemplateFile {
                                name,
                                path: rel,
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
            for (name, rel) in files_under(root, &layer.join("static"), &mut errors) {
                static_files.insert(name, root.join(rel));
            }
        }

        let file_name = format!("{}.toml", config.language);
        let candidates = [
            PathBuf::from("i18n").join(&file_name),
            theme_rel.join("i18n").join(&file_name),
        ];
        let translations = match candidates.iter().find(|c| root.join(c).is_file()) {
            Some(rel) => match crate::content::read_text(root, rel) {
                Ok(text) => match Translations::parse(&config.language, &text, rel) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        errors.extend(e);
                        None
                    }
                },
                Err(e) => {
                    errors.extend(e);
                    None
                }
            },
            None => {
                errors.push(Diagnostic::error(
                    "config.toml",
                    1,
                    1,
                    format!(
                        "the theme \"{}\" has no translations for language \"{}\"; expected {}",
                        config.theme,
                        config.language,
                        candidates[1].display()
                    ),
                ));
                None
            }
        };

        if let Some(t) = &translations {
            errors.extend(check_translation_keys(root, &theme_rel.join("i18n"), t));
        }

        match translations {
            Some(translations) if errors.is_empty() => Ok(Theme {
                templates: templates.into_values().collect(),
                static_files,
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
fn check_translation_keys(root: &Path, i18n_dir: &Path, t: &Translations) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut ignored = Vec::new();
    for (name, rel) in files_under(root, i18n_dir, &mut ignored) {
        if !name.ends_with(".toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        for key in table.keys() {
            let special = key == "locale" || key == "date_format";
            if !special
                && !t.words.contains_key(key)
                && !errors
                    .iter()
                    .any(|d: &Diagnostic| d.message.contains(&format!("`{key}`")))
            {
                errors.push(Diagnostic::error(
                    &t.source,
                    1,
                    1,
                    format!(
                        "missing translation `{key}` for language \"{}\" ({} has it); add `{key} = \"...\"`",
                        t.language,
                        rel.display()
                    ),
                ));
            }
        }
    }
    errors
}

/// Files below `root/dir` as (name relative to dir with `/`, path relative to root), skipping
/// hidden files and editor leftovers.
fn files_under(root: &Path, dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&full)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::content::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e
                    .path()
                    .strip_prefix(&full)
                    .unwrap_or(e.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                out.push((name, rel));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                errors.push(Diagnostic::error(path, 1, 1, format!("cannot read: {err}")));
            }
        }
    }
    out
}
