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
    /// What a writer should know but need not fix now: UI words the site's language file lacks
    /// (taken from the built-in theme) or that no template prints.
    pub warnings: Vec<Diagnostic>,
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

        // The highest layer that has the language's file wins, and the words it lacks are
        // taken from the layers below it, then from the built-in theme (with a warning).
        let file_name = format!("{}.toml", config.language);
        let mut same_language: Vec<Found> = Vec::new();
        for layer in &layers {
            if let Some(f) = layer
                .files(root, "i18n", &mut errors)
                .into_iter()
                .find(|f| f.name == file_name)
            {
                same_language.push(f);
            }
        }
        let chosen = same_language.pop();
        let mut warnings = Vec::new();
        let translations = match chosen {
            Some(found) => {
                let parsed = read_found(root, &found)
                    .and_then(|text| Translations::parse(&config.language, &text, &found.display).map(|t| (t, text)));
                match parsed {
                    Ok((mut t, text)) => {
                        // The site's own layer (the last) may hold only some languages; the
                        // theme's must be whole.
                        let words = Words {
                            root,
                            theme_layers: &layers[..layers.len() - 1],
                            lower: &same_language,
                            templates: &templates,
                        };
                        let (e, w) = words.complete(&mut t, &text);
                        errors.extend(e);
                        warnings.extend(w);
                        Some(t)
                    }
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

        match translations {
            Some(translations) if errors.is_empty() => Ok(Theme {
                templates: templates.into_values().collect(),
                static_files,
                static_names,
                translations,
                warnings,
            }),
            _ => Err(errors),
        }
    }

    pub fn template(&self, name: &str) -> Option<&TemplateFile> {
        self.templates.iter().find(|t| t.name == name)
    }
}

/// What the UI words of the site's language are checked against and completed from.
struct Words<'a> {
    root: &'a Path,
    /// The theme's layers, without the site's own.
    theme_layers: &'a [Layer],
    /// The language's files below the one in use, lowest layer first.
    lower: &'a [Found],
    templates: &'a BTreeMap<String, TemplateFile>,
}

/// The keys of an i18n file that are settings, not UI words.
fn is_setting(key: &str) -> bool {
    key == "locale" || key == "date_format"
}

impl Words<'_> {
    /// Every UI word any of the theme's languages has must exist in the site's language too,
    /// so a page never shows a raw key. One the file lacks (a word added to besok's theme
    /// after the file was copied) is taken from the layers below it, else from the built-in
    /// theme, with one warning naming them all; one found nowhere in that language is an
    /// error. A word no template prints and no theme has is most likely misspelt: a warning,
    /// with the word meant when one is near. Returns errors and warnings.
    fn complete(&self, t: &mut Translations, text: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let tables = |layers: &[Layer]| -> Vec<(PathBuf, toml::Table)> {
            let mut out = Vec::new();
            for layer in layers.iter().rev() {
                for found in layer.files(self.root, "i18n", &mut Vec::new()) {
                    if !found.name.ends_with(".toml") || found.display == t.source {
                        continue;
                    }
                    let Ok(text) = read_found(self.root, &found) else {
                        continue;
                    };
                    if let Ok(table) = text.parse::<toml::Table>() {
                        out.push((found.display, table));
                    }
                }
            }
            out
        };
        let theme = tables(self.theme_layers);
        let built_in = tables(&[Layer::BuiltIn]);

        // The words the theme needs, each with a file that has it.
        let mut needed: BTreeMap<&str, &Path> = BTreeMap::new();
        for (path, table) in &theme {
            for key in table.keys().filter(|k| !is_setting(k)) {
                needed.entry(key).or_insert(path);
            }
        }
        let own: Vec<String> = t.words.keys().cloned().collect();

        // Where a missing word is taken from: the language's files below this one, highest
        // first, then the built-in theme's file of the language, then its English one.
        let mut sources: Vec<(PathBuf, toml::Table)> = Vec::new();
        for found in self.lower.iter().rev() {
            if let Ok(Ok(table)) = read_found(self.root, found).map(|text| text.parse::<toml::Table>()) {
                sources.push((found.display.clone(), table));
            }
        }
        for language in [t.language.as_str(), "en"] {
            let name = format!("{language}.toml");
            if let Some((path, table)) = built_in
                .iter()
                .find(|(p, _)| p.file_name().is_some_and(|n| n == name.as_str()))
            {
                sources.push((path.clone(), table.clone()));
            }
        }

        let mut errors = Vec::new();
        let mut filled: Vec<(String, String, PathBuf)> = Vec::new();
        for (key, has_it) in &needed {
            if t.words.contains_key(*key) {
                continue;
            }
            let from = sources
                .iter()
                .find_map(|(path, table)| table.get(*key).and_then(|v| v.as_str()).map(|v| (v, path)));
            match from {
                Some((word, path)) => {
                    t.words.insert(key.to_string(), word.to_string());
                    filled.push((key.to_string(), word.to_string(), path.clone()));
                }
                None => errors.push(Diagnostic::error(
                    &t.source,
                    1,
                    1,
                    format!(
                        "missing translation `{key}` for language \"{}\" ({} has it); add `{key} = \"...\"`",
                        t.language,
                        has_it.display()
                    ),
                )),
            }
        }

        let mut warnings = Vec::new();
        if !filled.is_empty() {
            warnings.push(Diagnostic::warning(
                &t.source,
                1,
                1,
                filled_message(&t.language, &filled),
            ));
        }

        // Misspelt words: known to no theme file (but this one) and printed by no template.
        let known: Vec<&str> = theme
            .iter()
            .chain(&built_in)
            .flat_map(|(_, table)| table.keys())
            .map(String::as_str)
            .filter(|k| !is_setting(k))
            .collect();
        for key in &own {
            if known.contains(&key.as_str()) || self.templates.values().any(|f| mentions(&f.source, key)) {
                continue;
            }
            // Words the file lacks first: on a tie, the one it means is more likely a missing one.
            let (missing, present): (Vec<&str>, Vec<&str>) = known.iter().partition(|k| !own.iter().any(|o| o == *k));
            let meant = crate::suggest::closest(key, missing.into_iter().chain(present));
            let message = match meant {
                Some(k) => format!("`{key}` is not a word the theme prints; did you mean `{k}`?"),
                None => format!(
                    "`{key}` is not a word the theme prints (no template uses `t.{key}`); check its spelling or remove it"
                ),
            };
            warnings.push(Diagnostic::at_offset(
                crate::diagnostics::Severity::Warning,
                &t.source,
                text,
                1,
                key_offset(text, key),
                message,
            ));
        }
        (errors, warnings)
    }
}

/// The warning about words a file lacks and where they were taken from instead: `(key, word,
/// file)` of each.
fn filled_message(language: &str, filled: &[(String, String, PathBuf)]) -> String {
    let one = filled.len() == 1;
    let each = |f: fn(&(String, String, PathBuf)) -> String| filled.iter().map(f).collect::<Vec<_>>();
    let mut sources: Vec<String> = Vec::new();
    for (_, _, path) in filled {
        let built_in = path.starts_with(BUILT_IN_PREFIX)
            && path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == format!("{language}.toml"));
        let name = if built_in {
            "the built-in theme".to_string()
        } else {
            path.display().to_string()
        };
        if !sources.contains(&name) {
            sources.push(name);
        }
    }
    let (noun, verb) = if one { ("word", "is") } else { ("words", "are") };
    let whose = if sources == ["the built-in theme"] {
        format!("the built-in theme's {noun}")
    } else {
        format!("the {noun} of {}", and_list(&sources))
    };
    format!(
        "missing translation{} {} for language \"{language}\"; {whose} {verb} used ({}): add {} to choose your own",
        if one { "" } else { "s" },
        each(|(k, _, _)| format!("`{k}`")).join(", "),
        each(|(_, w, _)| format!("\"{w}\"")).join(", "),
        and_list(&each(|(k, _, _)| format!("`{k} = \"...\"`")))
    )
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether a template's source prints the UI word `key` (`t.key`, `t["key"]`, `t['key']`).
fn mentions(source: &str, key: &str) -> bool {
    let dotted = format!("t.{key}");
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    source.match_indices(&dotted).any(|(at, _)| {
        let before = source[..at].chars().next_back();
        let after = source[at + dotted.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    }) || source.contains(&format!("t[\"{key}\"]"))
        || source.contains(&format!("t['{key}']"))
}

/// Where the line setting `key` starts in an i18n file's text (0 when it cannot be found).
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return offset + (line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    0
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
