//! Shortcodes: the templates of `templates/shortcodes/` (the theme's and the site's own), what
//! each declares of its arguments, and a post's calls rendered with them.
//!
//! Markdown leaves each call as a placeholder with its typed arguments (see
//! `markdown/shortcodes.rs`), because content is read before the theme; the model renders
//! them here once it knows the post's files and their URLs, after the post's links and images
//! are resolved, so a body shortcode's `body` is the finished HTML of its markdown.
//!
//! A template declares its arguments in a Tera comment at its start:
//!
//! ```text
//! {#- args: files?: photos, captions?: array, columns?: number
//!     uses: photos -#}
//! ```
//!
//! `name?` is optional; a type (`string`, `number`, `bool`, `array`, `file`, `files`, `photo`,
//! `photos`) is checked when given, and a `file` or `photo` argument names a file of the post's
//! bundle, given to the template as that file's data. `uses: photos` makes every photo of the
//! bundle ready (in its sizes) for the template's `page.photos`. A template without `args:`
//! takes any arguments.

use crate::assets::{self, Images, Picture, Source};
use crate::config::Config;
use crate::content::{Bundle, Located, Location, ShortcodeCall};
use crate::diagnostics::Diagnostic;
use crate::markdown::{shortcode_end_placeholder, ArgValue, ImageRef};
use crate::theme::{TemplateFile, Theme};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The folder of shortcode templates inside `templates/`.
pub const FOLDER: &str = "shortcodes/";

/// Names a shortcode template's data has besides its arguments.
const RESERVED: &[&str] = &["body", "page", "t", "lang"];

/// The shortcode templates of a theme, compiled, with their declarations.
#[derive(Default)]
pub struct Shortcodes {
    tera: tera::Tera,
    declared: BTreeMap<String, Declared>,
    /// `t` in shortcode templates: the theme's UI words.
    words: Value,
    language: String,
    /// Whether these are a theme's (the default value stands in for a theme that failed to
    /// load, whose errors are reported: its posts' shortcodes are then left alone).
    loaded: bool,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("declared", &self.declared.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// What a shortcode template says of itself.
#[derive(Debug, Clone)]
struct Declared {
    /// The template's name for tera (`shortcodes/gallery.html`).
    template: String,
    path: PathBuf,
    /// `None` when it declares none: any arguments are taken.
    params: Option<Vec<Param>>,
    uses_photos: bool,
}

#[derive(Debug, Clone)]
struct Param {
    name: String,
    optional: bool,
    kind: Option<Kind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
    Array,
    File,
    Files,
    Photo,
    Photos,
}

impl Kind {
    const ALL: [(&'static str, Kind); 8] = [
        ("string", Kind::String),
        ("number", Kind::Number),
        ("bool", Kind::Bool),
        ("array", Kind::Array),
        ("file", Kind::File),
        ("files", Kind::Files),
        ("photo", Kind::Photo),
        ("photos", Kind::Photos),
    ];

    /// "a number", as messages say what was expected.
    fn expected(self) -> &'static str {
        match self {
            Kind::String => "a string in quotes",
            Kind::Number => "a number",
            Kind::Bool => "true or false",
            Kind::Array => "a list in [ ]",
            Kind::File => "the name of a file beside the post, in quotes",
            Kind::Files => "a list of names of files beside the post, like [\"a.pdf\", \"b.pdf\"]",
            Kind::Photo => "the name of a photo beside the post, in quotes",
            Kind::Photos => "a list of names of photos beside the post, like [\"a.jpg\", \"b.jpg\"]",
        }
    }
}

impl Shortcodes {
    /// The shortcode templates of `theme` (parse errors are the theme's templates' own, reported
    /// with them), each with its declaration; a declaration that cannot be read is an error.
    pub fn compile(theme: &Theme, base_path: &str, language: &str) -> Result<Shortcodes, Vec<Diagnostic>> {
        let mut declared = BTreeMap::new();
        let mut errors = Vec::new();
        let files: Vec<&TemplateFile> = theme
            .templates
            .iter()
            .filter(|t| t.name.starts_with(FOLDER) && t.name.ends_with(".html"))
            .collect();
        for t in &files {
            let name = t.name[FOLDER.len()..t.name.len() - ".html".len()].to_string();
            match declaration(&t.source) {
                Ok((params, uses_photos)) => {
                    declared.insert(
                        name,
                        Declared {
                            template: t.name.clone(),
                            path: t.path.clone(),
                            params,
                            uses_photos,
                        },
                    );
                }
                Err((line, message)) => errors.push(Diagnostic::error(&t.path, line, 1, message)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn_with_check(crate::html::escape_html, crate::html::needs_escaping);
        let sources: Vec<(&str, &str)> = files.iter().map(|t| (t.name.as_str(), t.source.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            let path = files
                .first()
                .map_or_else(|| PathBuf::from("templates"), |t| t.path.clone());
            return Err(vec![Diagnostic::error(path, 1, 1, crate::diagnostics::error_chain(&e))]);
        }
        let base = base_path.to_string();
        let names = theme.static_names.clone();
        tera.register_function("get_url", move |args: &HashMap<String, Value>| {
            let path = args
                .get("path")
                .and_then(|v| v.as_str())
                .ok_or_else(|| tera::Error::msg("get_url needs path=\"...\""))?;
            Ok(Value::String(names.url(&base, path)))
        });
        tera.register_function("video_embed", |args: &HashMap<String, Value>| {
            let url = args
                .get("url")
                .and_then(|v| v.as_str())
                .ok_or_else(|| tera::Error::msg("video_embed needs url=\"...\""))?;
            video_embed(url).map_err(tera::Error::msg)
        });
        Ok(Shortcodes {
            tera,
            declared,
            words: serde_json::to_value(&theme.translations.words).unwrap_or(Value::Null),
            language: language.to_string(),
            loaded: true,
        })
    }

    /// Whether the shortcode `name` is given every photo of a post's bundle (`uses: photos`):
    /// a post that calls it has them all made ready.
    pub fn uses_photos(&self, name: &str) -> bool {
        self.declared.get(name).is_some_and(|d| d.uses_photos)
    }

    /// Renders the shortcodes of a post in each of `htmls`, reporting every mistake at the call
    /// or argument of `source` it is in. Returns the plain text of what they show (captions,
    /// titles: for the search index) and a hash of their HTML.
    pub fn expand(
        &self,
        source: &Path,
        calls: &[ShortcodeCall],
        files: &PostFiles,
        htmls: &mut [&mut String],
        errors: &mut Vec<Diagnostic>,
    ) -> Expanded {
        if !self.loaded {
            return Expanded::default();
        }
        let mut run = Run {
            shortcodes: self,
            source,
            calls,
            files,
            page: None,
            texts: BTreeMap::new(),
            errors: Vec::new(),
            hash: std::collections::hash_map::DefaultHasher::new(),
        };
        for html in htmls.iter_mut() {
            if html.contains(PLACEHOLDER) {
                **html = run.expand_in(html);
            }
        }
        let text = run
            .texts
            .into_values()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let hash = run.hash.finish();
        errors.extend(run.errors);
        Expanded { text, hash }
    }
}

/// What [`Shortcodes::expand`] made besides the HTML.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The text of every shortcode's HTML, in order, without markup.
    pub text: String,
    pub hash: u64,
}

/// A post's files as its shortcodes see them.
pub struct PostFiles<'a> {
    pub config: &'a Config,
    /// The post's site path (`posts/kalmar/`).
    pub page: &'a str,
    pub title: &'a str,
    pub bundle: Option<&'a Bundle>,
    pub prepared: &'a Images,
    /// The photos the post's text shows, and where each is: a photo shown is not shown again
    /// by a gallery of "the rest", and its alt text is the photo's.
    pub images: &'a [Located<ImageRef>],
    pub sources: &'a [Option<Source>],
}

const PLACEHOLDER: &str = "<!--besok-shortcode:";

/// One post's shortcodes being rendered.
struct Run<'a> {
    shortcodes: &'a Shortcodes,
    source: &'a Path,
    calls: &'a [ShortcodeCall],
    files: &'a PostFiles<'a>,
    /// `page` of the templates' data, made on first use.
    page: Option<Value>,
    /// The text of each call's HTML, by its number.
    texts: BTreeMap<usize, String>,
    errors: Vec<Diagnostic>,
    hash: std::collections::hash_map::DefaultHasher,
}

impl Run<'_> {
    /// `html` with each placeholder replaced by its shortcode's HTML; a body shortcode's body
    /// is the HTML up to its end (or to the end of `html`, in a summary cut inside it).
    fn expand_in(&mut self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(PLACEHOLDER) {
            out.push_str(&rest[..i]);
            let after = &rest[i + PLACEHOLDER.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let n = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with("-->"));
            let Some((n, call)) = n.and_then(|n| self.calls.get(n).map(|c| (n, c))) else {
                out.push_str(PLACEHOLDER);
                rest = after;
                continue;
            };
            rest = &after[digits + 3..];
            let body = if call.call.body {
                let end = shortcode_end_placeholder(n);
                let (inside, next) = match rest.find(&end) {
                    Some(j) => (&rest[..j], &rest[j + end.len()..]),
                    None => (rest, ""),
                };
                rest = next;
                Some(self.expand_in(inside).trim().to_string())
            } else {
                None
            };
            let made = self.render(n, call, body);
            out.push_str(&made);
        }
        out.push_str(rest);
        out
    }

    /// The HTML of call `n`, or nothing (and an error) when it cannot be made.
    fn render(&mut self, n: usize, call: &ShortcodeCall, body: Option<String>) -> String {
        let name = &call.call.name;
        let Some(declared) = self.shortcodes.declared.get(name) else {
            let known = self.shortcodes.declared.keys().map(String::as_str);
            let hint = match crate::suggest::closest(name, known) {
                Some(s) => format!("; did you mean `{s}`?"),
                None => {
                    let all: Vec<&str> = self.shortcodes.declared.keys().map(String::as_str).collect();
                    format!("; the shortcodes are: {}", all.join(", "))
                }
            };
            self.error(
                call.at,
                format!(
                    "unknown shortcode `{name}`{hint} (a shortcode is a template templates/shortcodes/{name}.html)"
                ),
            );
            return String::new();
        };
        let Some(mut ctx) = self.arguments(call, declared) else {
            return String::new();
        };
        if let Some(body) = &body {
            ctx.insert("body".into(), Value::String(body.clone()));
        }
        let page = self.page().clone();
        ctx.insert("page".into(), page);
        ctx.insert("t".into(), self.shortcodes.words.clone());
        ctx.insert("lang".into(), Value::String(self.shortcodes.language.clone()));
        let context = match tera::Context::from_value(Value::Object(ctx)) {
            Ok(c) => c,
            Err(e) => {
                self.error(call.at, format!("shortcode `{name}`: {e}"));
                return String::new();
            }
        };
        match self.shortcodes.tera.render(&declared.template, &context) {
            Ok(html) => {
                html.hash(&mut self.hash);
                // A body's text is the post's own already.
                let shown = match &body {
                    Some(body) if !body.is_empty() => html.replace(body.as_str(), " "),
                    _ => html.clone(),
                };
                self.texts.entry(n).or_insert_with(|| text_of(&shown));
                html.trim().to_string()
            }
            Err(e) => {
                let chain = crate::diagnostics::error_chain(&e);
                // A function's own message (an address that is no video's, a template's
                // `throw`) says what is wrong with the call; anything else is the template's.
                let message = match chain
                    .split_once("' failed: ")
                    .filter(|(before, _)| before.contains("Function call '"))
                {
                    Some((_, why)) => format!("shortcode `{name}`: {why}"),
                    None => format!(
                        "shortcode `{name}`: its template {} failed: {chain}",
                        crate::diagnostics::display_path(&declared.path)
                    ),
                };
                self.error(call.at, message);
                String::new()
            }
        }
    }

    /// The call's arguments as template data, checked against what the template declares.
    fn arguments(&mut self, call: &ShortcodeCall, declared: &Declared) -> Option<Map<String, Value>> {
        let name = &call.call.name;
        let mut ctx = Map::new();
        let mut ok = true;
        let Some(params) = &declared.params else {
            for a in &call.call.args {
                ctx.insert(a.key.clone(), a.value.to_json());
            }
            return Some(ctx);
        };
        let list = || {
            params
                .iter()
                .map(|p| format!("{}{}", p.name, if p.optional { "?" } else { "" }))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (a, (key_at, value_at)) in call.call.args.iter().zip(&call.args_at) {
            let Some(param) = params.iter().find(|p| p.name == a.key) else {
                let hint = crate::suggest::closest(&a.key, params.iter().map(|p| p.name.as_str()))
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                let args = if params.is_empty() {
                    "it takes none".to_string()
                } else {
                    format!("its arguments are: {}", list())
                };
                self.error(
                    *key_at,
                    format!("shortcode `{name}` has no argument `{}`; {hint}{args}", a.key),
                );
                ok = false;
                continue;
            };
            match self.value(param, &a.value) {
                Ok(v) => {
                    ctx.insert(a.key.clone(), v);
                }
                Err(why) => {
                    self.error(
                        *value_at,
                        format!("shortcode `{name}`: `{}` is {}; {why}", a.key, a.value.written()),
                    );
                    ok = false;
                }
            }
        }
        for p in params {
            if call.call.arg(&p.name).is_none() {
                if p.optional {
                    ctx.insert(p.name.clone(), Value::Null);
                } else {
                    self.error(
                        call.at,
                        format!(
                            "shortcode `{name}` needs the argument `{}`; its arguments are: {} (? marks the optional)",
                            p.name,
                            list()
                        ),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(ctx)
    }

    /// A value as the template gets it, or why it is not what the parameter takes.
    fn value(&mut self, param: &Param, value: &ArgValue) -> Result<Value, String> {
        let Some(kind) = param.kind else {
            return Ok(value.to_json());
        };
        let expected = || format!("expected {}", kind.expected());
        let names = |v: &ArgValue| -> Result<Vec<String>, String> {
            match v {
                ArgValue::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        ArgValue::String(s) => Ok(s.clone()),
                        _ => Err(expected()),
                    })
                    .collect(),
                _ => Err(expected()),
            }
        };
        match (kind, value) {
            (Kind::String, ArgValue::String(_))
            | (Kind::Number, ArgValue::Number(_))
            | (Kind::Bool, ArgValue::Bool(_))
            | (Kind::Array, ArgValue::Array(_)) => Ok(value.to_json()),
            (Kind::File | Kind::Photo, ArgValue::String(s)) => self.file(s, kind == Kind::Photo),
            (Kind::Files | Kind::Photos, v) => names(v)?
                .iter()
                .map(|s| self.file(s, kind == Kind::Photos))
                .collect::<Result<Vec<Value>, String>>()
                .map(Value::Array),
            _ => Err(expected()),
        }
    }

    /// The data of the bundle's file `name`, or what is wrong with it.
    fn file(&mut self, name: &str, photo: bool) -> Result<Value, String> {
        if name.starts_with('/') {
            return Err("a shortcode shows the post's own files: put it beside the post and give its name".into());
        }
        let source = assets::resolve_in(self.files.bundle, name, &Default::default()).map_err(|why| {
            let names: Vec<String> = self
                .files
                .bundle
                .map(|b| b.files.iter().map(|f| f.to_string_lossy().replace('\\', "/")).collect())
                .unwrap_or_default();
            match crate::suggest::closest(name, names.iter().map(String::as_str)) {
                Some(near) => format!("{why}; did you mean \"{near}\"?"),
                None => why,
            }
        })?;
        let Source::Bundle { in_bundle, .. } = &source else {
            unreachable!("a name without a leading / is in the bundle")
        };
        if photo && !assets::is_processed_image(in_bundle) {
            return Err(format!("{in_bundle} is not a photo; expected a JPEG, PNG or WebP file"));
        }
        self.page();
        let page = self.page.as_ref().expect("made above");
        page["files"]
            .get(in_bundle.as_str())
            .cloned()
            .ok_or_else(|| "the image could not be read".to_string())
    }

    /// `page` of the templates' data: the post's URL, title, files (by name) and photos.
    fn page(&mut self) -> &Value {
        if self.page.is_none() {
            self.page = Some(page_data(self.files, &named_files(self.files.bundle, self.calls)));
        }
        self.page.as_ref().expect("made above")
    }

    fn error(&mut self, at: Location, message: String) {
        self.errors
            .push(Diagnostic::error(self.source, at.line, at.column, message));
    }
}

/// The files of the bundle that the calls' arguments name (by their names in the bundle).
fn named_files(bundle: Option<&Bundle>, calls: &[ShortcodeCall]) -> std::collections::HashSet<String> {
    let mut named = std::collections::HashSet::new();
    for call in calls {
        let mut values: Vec<&ArgValue> = call.call.args.iter().map(|a| &a.value).collect();
        while let Some(v) = values.pop() {
            match v {
                ArgValue::String(s) if !s.starts_with('/') => {
                    if let Ok(Source::Bundle { in_bundle, .. }) = assets::resolve_in(bundle, s, &Default::default()) {
                        named.insert(in_bundle);
                    }
                }
                ArgValue::Array(items) => values.extend(items),
                _ => {}
            }
        }
    }
    named
}

/// The data of a post's files: `files`, by name, and `photos`, in the bundle's order. A photo
/// is `shown` when the text shows it or a shortcode's argument names it (`named`).
fn page_data(f: &PostFiles, named: &std::collections::HashSet<String>) -> Value {
    let config = f.config;
    let mut files = Map::new();
    let mut photos = Vec::new();
    if let Some(bundle) = f.bundle {
        for (i, path) in bundle.files.iter().enumerate() {
            let in_bundle = path.to_string_lossy().replace('\\', "/");
            let bytes = bundle.sizes.get(i).copied().unwrap_or(0);
            let ext = in_bundle.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
            let mut file = json!({
                "name": in_bundle,
                "bytes": bytes,
                "size": size_text(bytes, &config.language),
                "kind": ext.to_ascii_uppercase(),
                "is_photo": false,
            });
            let source = Source::Bundle {
                path: bundle.dir.join(path),
                in_bundle: in_bundle.clone(),
            };
            if assets::is_processed_image(&in_bundle) {
                // Only its sizes are published, and only when it was made ready.
                let Some(prepared) = f.prepared.prepared.get(&source) else {
                    continue;
                };
                let folder = format!("{}{}", f.page, assets::folder_of(&in_bundle));
                let shown = f
                    .images
                    .iter()
                    .zip(f.sources)
                    .filter(|(_, s)| s.as_ref() == Some(&source))
                    .map(|(i, _)| i.value.alt.trim())
                    .collect::<Vec<_>>();
                let alt = shown
                    .iter()
                    .find(|a| !a.is_empty())
                    .map_or_else(|| readable_name(&in_bundle), |a| a.to_string());
                let picture = Picture::new(
                    prepared,
                    &alt,
                    &|name| config.url(&format!("{folder}{name}")),
                    &|name| config.permalink(&format!("{folder}{name}")),
                );
                let map = file.as_object_mut().expect("an object");
                map.insert(
                    "url".into(),
                    json!(config.url(&format!("{folder}{}", prepared.largest().file_name))),
                );
                map.insert("is_photo".into(), json!(true));
                map.insert("src".into(), json!(picture.src));
                map.insert("srcset".into(), json!(picture.srcset));
                map.insert("width".into(), json!(picture.width));
                map.insert("height".into(), json!(picture.height));
                map.insert("alt".into(), json!(picture.alt));
                map.insert("shown".into(), json!(!shown.is_empty() || named.contains(&in_bundle)));
                photos.push(file.clone());
            } else {
                file.as_object_mut()
                    .expect("an object")
                    .insert("url".into(), json!(config.url(&format!("{}{in_bundle}", f.page))));
            }
            files.insert(in_bundle, file);
        }
    }
    json!({
        "url": config.url(f.page),
        "permalink": config.permalink(f.page),
        "title": f.title,
        "files": files,
        "photos": photos,
    })
}

/// A photo's file name as words, the alt text of a photo nothing else describes
/// (`kalmar-slott_2.jpg` → "kalmar slott 2").
fn readable_name(in_bundle: &str) -> String {
    let name = in_bundle.rsplit('/').next().unwrap_or(in_bundle);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file's size as readers read it: "812 B", "240 kB", "3.4 MB" (a decimal comma in languages
/// that write one).
pub fn size_text(bytes: u64, language: &str) -> String {
    let comma = !language.starts_with("en");
    let decimal = |value: f64| {
        let s = if value < 10.0 {
            format!("{value:.1}")
        } else {
            format!("{value:.0}")
        };
        if comma {
            s.replace('.', ",")
        } else {
            s
        }
    };
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} kB", (b as f64 / 1000.0).round().max(1.0)),
        b if b < 1_000_000_000 => format!("{} MB", decimal(b as f64 / 1e6)),
        b => format!("{} GB", decimal(b as f64 / 1e9)),
    }
}

/// A template's parameters (`None`: any are taken) and whether it uses the bundle's photos.
type Declaration = (Option<Vec<Param>>, bool);

/// Reads a template's declaration (see the module's doc): its parameters (`None` without
/// `args:`) and whether it uses the bundle's photos. An error has the line it is on.
fn declaration(source: &str) -> Result<Declaration, (usize, String)> {
    let trimmed = source.trim_start();
    let skipped_lines = source[..source.len() - trimmed.len()].matches('\n').count();
    let Some(comment) = trimmed.strip_prefix("{#") else {
        return Ok((None, false));
    };
    let Some(end) = comment.find("#}") else {
        return Ok((None, false));
    };
    let comment = comment[..end].trim_start_matches('-').trim_end_matches('-');
    let mut params = None;
    let mut uses_photos = false;
    for (i, line) in comment.lines().enumerate() {
        let line_no = skipped_lines + i + 1;
        let line = line.trim();
        if let Some(list) = line.strip_prefix("args:") {
            let mut out: Vec<Param> = Vec::new();
            for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let (name, kind) = match item.split_once(':') {
                    Some((n, k)) => (n.trim(), Some(k.trim())),
                    None => (item, None),
                };
                let (name, optional) = match name.strip_suffix('?') {
                    Some(n) => (n.trim(), true),
                    None => (name, false),
                };
                let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err((line_no, format!("the shortcode's `args:` names an argument \"{name}\"; expected names like `caption` or `caption?` (optional), separated by commas")));
                }
                if RESERVED.contains(&name) {
                    return Err((line_no, format!("the shortcode's argument `{name}` has a name its template's data already has (body, page, t, lang); choose another")));
                }
                let kind = match kind {
                    None => None,
                    Some(k) => match Kind::ALL.iter().find(|(n, _)| *n == k) {
                        Some((_, kind)) => Some(*kind),
                        None => {
                            let names: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
                            return Err((
                                line_no,
                                format!(
                                    "the shortcode's argument `{name}` has the type `{k}`; expected one of: {}",
                                    names.join(", ")
                                ),
                            ));
                        }
                    },
                };
                out.push(Param {
                    name: name.to_string(),
                    optional,
                    kind,
                });
            }
            params = Some(out);
        } else if let Some(uses) = line.strip_prefix("uses:") {
            for u in uses.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if u == "photos" {
                    uses_photos = true;
                } else {
                    return Err((line_no, format!("the shortcode uses \"{u}\"; expected `uses: photos` (every photo of the post's bundle, made ready)")));
                }
            }
        }
    }
    Ok((params, uses_photos))
}

/// A YouTube or Vimeo address as its parts: the provider, the video's id, the address to
/// watch it at, and its privacy-enhanced player's (`youtube-nocookie.com`; Vimeo with
/// `dnt=1`), which starts playing when loaded (a reader clicked to load it).
pub fn video_embed(address: &str) -> Result<Value, String> {
    let bad = || {
        format!(
            "\"{address}\" is not a YouTube or Vimeo video's address; expected one like https://www.youtube.com/watch?v=… or https://vimeo.com/…"
        )
    };
    let url = url::Url::parse(address.trim()).map_err(|_| bad())?;
    let host = url
        .host_str()
        .unwrap_or("")
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let query = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    let youtube_id = |id: &str| id.len() == 11 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match host {
        "youtube.com" | "youtu.be" | "youtube-nocookie.com" => {
            let id = match (host, segments.as_slice()) {
                ("youtu.be", [id, ..]) => Some(id.to_string()),
                (_, ["watch"]) => query("v"),
                (_, ["embed" | "shorts" | "live" | "v", id, ..]) => Some(id.to_string()),
                _ => None,
            }
            .filter(|id| youtube_id(id))
            .ok_or_else(bad)?;
            let start = query("t").or_else(|| query("start")).and_then(|t| seconds(&t));
            let start_param = start.map_or(String::new(), |s| format!("&start={s}"));
            Ok(json!({
                "provider": "YouTube",
                "id": id,
                "url": format!("https://www.youtube.com/watch?v={id}{}", start.map_or(String::new(), |s| format!("&t={s}s"))),
                "embed": format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1{start_param}"),
            }))
        }
        "vimeo.com" | "player.vimeo.com" => {
            let digits = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            let at = segments.iter().position(digits).ok_or_else(bad)?;
            let id = segments[at];
            // An unlisted video's address has its hash after the id, or as `h=`.
            let hash = segments
                .get(at + 1)
                .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric()))
                .map(|h| h.to_string())
                .or_else(|| query("h"));
            let h = hash.as_ref().map_or(String::new(), |h| format!("&h={h}"));
            Ok(json!({
                "provider": "Vimeo",
                "id": id,
                "url": format!("https://vimeo.com/{id}{}", hash.as_ref().map_or(String::new(), |h| format!("/{h}"))),
                "embed": format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1{h}"),
            }))
        }
        _ => Err(bad()),
    }
}

/// A start time as seconds: `90`, `90s`, `1m30s`, `1h2m3s`.
fn seconds(t: &str) -> Option<u64> {
    if let Ok(n) = t.parse::<u64>() {
        return Some(n);
    }
    let mut total = 0;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().ok()?;
        number.clear();
        total += n * match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    number.is_empty().then_some(total)
}

/// The text of some HTML without its markup: scripts' and styles' content left out, and the
/// text of an element hidden from screen readers (`aria-hidden="true"`, such as a document's
/// type in its icon) or marked `data-search="skip"` (a button's "Play", a file's size: words
/// of the theme, not of the post), up to the next tag.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let tag = &rest[i..];
        let lower = tag.get(..7).unwrap_or(tag).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            tag.find("</script>").map(|j| j + 9)
        } else if lower.starts_with("<style") {
            tag.find("</style>").map(|j| j + 8)
        } else if tag.starts_with("<!--") {
            tag.find("-->").map(|j| j + 3)
        } else {
            tag.find('>').map(|j| {
                let head = &tag[..j];
                let hidden = head.contains("aria-hidden=\"true\"") || head.contains("data-search=\"skip\"");
                match tag[j..].find('<').filter(|_| hidden) {
                    Some(k) => j + k,
                    None => j + 1,
                }
            })
        };
        rest = skip_to.map_or("", |j| &tag[j..]);
    }
    out.push_str(rest);
    decode(&out)
}

/// The common character references of HTML read, white space collapsed.
fn decode(text: &str) -> String {
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_read() {
        let (params, photos) =
            declaration("{#- args: files?: photos, caption?, n: number\n    uses: photos -#}\n<div></div>").unwrap();
        let params = params.unwrap();
        assert!(photos);
        assert_eq!(
            params
                .iter()
                .map(|p| (p.name.as_str(), p.optional, p.kind))
                .collect::<Vec<_>>(),
            [
                ("files", true, Some(Kind::Photos)),
                ("caption", true, None),
                ("n", false, Some(Kind::Number))
            ]
        );
        assert!(declaration("<p>{{ x }}</p>").unwrap().0.is_none());
        assert!(declaration("{# args: a: text #}")
            .unwrap_err()
            .1
            .contains("type `text`"));
        assert!(declaration("{# args: body #}").unwrap_err().1.contains("already has"));
        assert_eq!(declaration("\n\n{# x\nargs: a b #}").unwrap_err().0, 4);
    }

    #[test]
    fn sizes_read_as_readers_read_them() {
        assert_eq!(size_text(812, "sv"), "812 B");
        assert_eq!(size_text(240_123, "sv"), "240 kB");
        assert_eq!(size_text(3_400_000, "sv"), "3,4 MB");
        assert_eq!(size_text(3_400_000, "en"), "3.4 MB");
        assert_eq!(size_text(12_600_000, "en"), "13 MB");
    }

    #[test]
    fn video_addresses_are_read() {
        let yt = video_embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s").unwrap();
        assert_eq!(
            yt["embed"],
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90"
        );
        assert_eq!(yt["url"], "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s");
        for a in [
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
        ] {
            assert_eq!(video_embed(a).unwrap()["id"], "dQw4w9WgXcQ", "{a}");
        }
        let vimeo = video_embed("https://vimeo.com/76979871").unwrap();
        assert_eq!(
            vimeo["embed"],
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
        );
        let unlisted = video_embed("https://vimeo.com/76979871/abc123").unwrap();
        assert_eq!(
            unlisted["embed"],
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abc123"
        );
        for bad in [
            "https://example.com/v",
            "youtube.com/watch?v=x",
            "https://youtube.com/watch?v=short",
        ] {
            assert!(video_embed(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_of_html_leaves_markup_out() {
        assert_eq!(
            text_of("<figure><img alt=\"x\"><figcaption>Slott &amp; kyrka</figcaption></figure>\n<script>var a;</script><a><span aria-hidden=\"true\">PDF</span>Rapport <span data-search=\"skip\">PDF, 9 kB</span></a>"),
            "Slott & kyrka Rapport"
        );
    }

    #[test]
    fn readable_names() {
        assert_eq!(readable_name("bilder/kalmar-slott_2.jpg"), "kalmar slott 2");
    }
}
