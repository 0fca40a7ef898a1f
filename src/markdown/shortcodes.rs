//! Shortcodes written in markdown: `{{ name(key="value", n=3) }}` inline, and
//! `{% name(args) %}` … `{% end %}` around a body of markdown.
//!
//! They are found in the text before it is parsed, outside code spans, code blocks and HTML
//! comments (found by a first parse), and each is replaced by a placeholder comment: the call
//! with its typed arguments is kept, and the theme's template for it is rendered once the
//! model knows the post's files (the theme is loaded after content). A body stays markdown of
//! the document between two placeholders, so its links, images, headings and words are the
//! post's own, and the HTML between them becomes the template's `body`.

use super::guard::read_guarded;
use pulldown_cmark::{Event, Tag};
use std::ops::Range;

/// A value given to a shortcode's argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    String(String),
    Number(f64),
    Bool(bool),
    Array(Vec<ArgValue>),
}

impl ArgValue {
    /// The value as template data: a whole number without a fraction.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ArgValue::String(s) => serde_json::Value::String(s.clone()),
            ArgValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => serde_json::Value::from(*n as i64),
            ArgValue::Number(n) => serde_json::Value::from(*n),
            ArgValue::Bool(b) => serde_json::Value::Bool(*b),
            ArgValue::Array(a) => serde_json::Value::Array(a.iter().map(ArgValue::to_json).collect()),
        }
    }

    /// The value as it could be written, for messages.
    pub fn written(&self) -> String {
        match self {
            ArgValue::String(s) => format!("\"{s}\""),
            ArgValue::Number(n) => n.to_string(),
            ArgValue::Bool(b) => b.to_string(),
            ArgValue::Array(a) => format!("[{}]", a.iter().map(ArgValue::written).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// One argument of a call: `key=value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub key: String,
    pub value: ArgValue,
    /// Byte offset of the key in the markdown text.
    pub offset: usize,
    /// Byte offset of the value.
    pub value_offset: usize,
}

/// A shortcode call as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<Arg>,
    /// Byte offset of its `{{` or `{%` in the markdown text.
    pub offset: usize,
    /// Whether it is the body form, `{% name() %}` … `{% end %}`.
    pub body: bool,
}

impl Shortcode {
    pub fn arg(&self, key: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.key == key)
    }
}

/// A mistake in how a shortcode is written, at a byte offset of the markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// The HTML that stands for shortcode `n` (its start, for the body form) until the model
/// renders it.
pub fn shortcode_placeholder(n: usize) -> String {
    format!("<!--besok-shortcode:{n}-->")
}

/// The HTML that ends the body of shortcode `n`.
pub fn shortcode_end_placeholder(n: usize) -> String {
    format!("<!--besok-shortcode-end:{n}-->")
}

/// The markdown with its shortcodes replaced by placeholders.
pub(super) struct Found {
    pub(super) text: String,
    pub(super) calls: Vec<Shortcode>,
    pub(super) errors: Vec<SyntaxError>,
    /// Where each stretch of `text` between placeholders starts, in `text` and in the markdown.
    segments: Vec<(usize, usize)>,
}

impl Found {
    /// The offset in the markdown of offset `at` of the replaced text.
    pub(super) fn original(&self, at: usize) -> usize {
        let i = self.segments.partition_point(|&(new, _)| new <= at).saturating_sub(1);
        let (new, old) = self.segments[i];
        old + (at - new)
    }
}

/// Whether `markdown` may hold a shortcode: most texts have no `{{` or `{%`, and are read once.
pub(super) fn may_have(markdown: &str) -> bool {
    markdown.contains("{{") || markdown.contains("{%")
}

/// Finds the shortcodes of `markdown` (see the module's doc).
pub(super) fn find(markdown: &str) -> Found {
    let (skipped, _) = read_guarded(markdown, |events| left_as_text(markdown, events));
    let mut scan = Scanner {
        text: markdown,
        calls: Vec::new(),
        errors: Vec::new(),
        replacements: Vec::new(),
        open: Vec::new(),
    };
    let mut at = 0;
    let bytes = markdown.as_bytes();
    while let Some(i) = markdown[at..].find('{').map(|i| i + at) {
        at = i + 1;
        if !matches!(bytes.get(i + 1), Some(b'{' | b'%')) || in_ranges(&skipped, i) {
            continue;
        }
        if let Some(end) = scan.tag(i) {
            at = end;
        }
    }
    for n in std::mem::take(&mut scan.open) {
        let call = &scan.calls[n];
        scan.errors.push(SyntaxError {
            offset: call.offset,
            message: format!(
                "shortcode `{}` has no `{{% end %}}`; a body shortcode's text ends with `{{% end %}}` on a line of its own",
                call.name
            ),
        });
    }
    let mut text = String::with_capacity(markdown.len());
    let mut segments = vec![(0, 0)];
    let mut last = 0;
    for (range, with) in &scan.replacements {
        text.push_str(&markdown[last..range.start]);
        text.push_str(with);
        last = range.end;
        segments.push((text.len(), last));
    }
    text.push_str(&markdown[last..]);
    Found {
        text,
        calls: scan.calls,
        errors: scan.errors,
        segments,
    }
}

/// `markdown` with every `{{` and `{%` that is not in code written `{&#123;` and `{&#37;`: text
/// that shows the braces as they are and is never read as a shortcode, for text written
/// elsewhere (an imported post). A character reference rather than a backslash, because it
/// reads the same in text, in a link's title and in raw HTML.
pub fn escape_shortcodes(markdown: &str) -> String {
    if !may_have(markdown) {
        return markdown.to_string();
    }
    let (skipped, _) = read_guarded(markdown, |events| left_as_text(markdown, events));
    let bytes = markdown.as_bytes();
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut last = 0;
    for (i, _) in markdown.match_indices('{') {
        if i < last {
            continue;
        }
        let with = match bytes.get(i + 1) {
            Some(b'{') => "&#123;",
            Some(b'%') => "&#37;",
            _ => continue,
        };
        if in_ranges(&skipped, i) {
            continue;
        }
        out.push_str(&markdown[last..=i]);
        out.push_str(with);
        last = i + 2;
    }
    out.push_str(&markdown[last..]);
    out
}

/// Where shortcodes are text: code spans, code blocks and HTML comments (a shortcode written
/// there is shown, or left out, as written).
fn left_as_text<'a>(markdown: &str, events: impl Iterator<Item = (Event<'a>, Range<usize>)>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (event, range) in events {
        let comment = || markdown[range.clone()].trim_start().starts_with("<!--");
        let skip = match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => true,
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => comment(),
            _ => false,
        };
        if skip && out.last().is_none_or(|last| last.end <= range.start) {
            out.push(range);
        }
    }
    out
}

fn in_ranges(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.start <= at)
}

struct Scanner<'a> {
    text: &'a str,
    calls: Vec<Shortcode>,
    errors: Vec<SyntaxError>,
    /// Each part of the text replaced, in order, and its placeholder.
    replacements: Vec<(Range<usize>, String)>,
    /// The body shortcodes not yet ended, innermost last.
    open: Vec<usize>,
}

/// A mistake found while reading a call: where, and what.
type Mistake = (usize, String);

impl Scanner<'_> {
    /// Reads the tag at `start` (`{{` or `{%`): a call, an end, or text that only looks like
    /// one. Returns where reading goes on when it was a tag.
    fn tag(&mut self, start: usize) -> Option<usize> {
        let body = &self.text[start + 1..start + 2] == "%";
        let mut p = Cursor {
            text: self.text,
            at: start + 2,
        };
        p.spaces();
        let name_at = p.at;
        let name = p.ident()?;
        p.spaces();
        if body && name == "end" {
            if !p.eat("%}") {
                return None;
            }
            let end = p.at;
            let Some(n) = self.open.pop() else {
                self.errors.push(SyntaxError {
                    offset: start,
                    message: "`{% end %}` ends no shortcode; it closes a body shortcode begun with `{% name(...) %}`"
                        .to_string(),
                });
                return Some(end);
            };
            if !self.on_own_line(start, end) {
                let name = self.calls[n].name.clone();
                self.own_line_error(start, &name);
            }
            self.replacements.push((start..end, shortcode_end_placeholder(n)));
            return Some(end);
        }
        if !p.eat("(") {
            return None;
        }
        let (args, end) = match self.call(&mut p, &name, body) {
            Ok(read) => read,
            Err((offset, message)) => {
                self.errors.push(SyntaxError { offset, message });
                return Some(name_at);
            }
        };
        let n = self.calls.len();
        if body {
            if !self.on_own_line(start, end) {
                self.own_line_error(start, &name);
            }
            self.open.push(n);
        }
        self.calls.push(Shortcode {
            name,
            args,
            offset: start,
            body,
        });
        self.replacements.push((start..end, shortcode_placeholder(n)));
        Some(end)
    }

    /// The arguments of a call after its `(`, to its closing `}}` or `%}`.
    fn call(&mut self, p: &mut Cursor, name: &str, body: bool) -> Result<(Vec<Arg>, usize), Mistake> {
        let mut args: Vec<Arg> = Vec::new();
        loop {
            p.spaces();
            if p.eat(")") {
                break;
            }
            let offset = p.at;
            let Some(key) = p.ident() else {
                return Err((
                    p.at,
                    format!("shortcode `{name}`: expected an argument like key=\"value\" or a `)`"),
                ));
            };
            p.spaces();
            if !p.eat("=") {
                return Err((
                    p.at,
                    format!("shortcode `{name}`: argument `{key}` has no value; expected {key}=value"),
                ));
            }
            p.spaces();
            let value_offset = p.at;
            let value = p
                .value()
                .map_err(|(at, why)| (at, format!("shortcode `{name}`: the value of `{key}` {why}")))?;
            if args.iter().any(|a| a.key == key) {
                return Err((offset, format!("shortcode `{name}`: argument `{key}` is given twice")));
            }
            args.push(Arg {
                key,
                value,
                offset,
                value_offset,
            });
            p.spaces();
            if p.eat(",") {
                continue;
            }
            if p.eat(")") {
                break;
            }
            return Err((
                p.at,
                format!("shortcode `{name}`: expected `,` before the next argument, or `)` after the last"),
            ));
        }
        p.spaces();
        let close = if body { "%}" } else { "}}" };
        if !p.eat(close) {
            return Err((
                p.at,
                format!("shortcode `{name}`: expected `{close}` after its arguments' `)`"),
            ));
        }
        Ok((args, p.at))
    }

    /// Whether the tag at `start..end` has nothing but spaces (and a quote's `>`) before it on
    /// its line, and nothing but spaces after it.
    fn on_own_line(&self, start: usize, end: usize) -> bool {
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[end..].find('\n').map_or(self.text.len(), |i| end + i);
        self.text[line_start..start]
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '>')
            && self.text[end..line_end].trim().is_empty()
    }

    fn own_line_error(&mut self, at: usize, name: &str) {
        self.errors.push(SyntaxError {
            offset: at,
            message: format!(
                "the body shortcode `{name}` is written inside a line; its `{{% {name}(...) %}}` and its `{{% end %}}` each stand on a line of their own"
            ),
        });
    }
}

/// Reads a call's text.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.at..].starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.at += c.len_utf8();
        }
    }

    /// A name: a letter or `_`, then letters, digits and `_` (ASCII).
    fn ident(&mut self) -> Option<String> {
        let rest = &self.text[self.at..];
        let first = rest.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.at += len;
        Some(rest[..len].to_string())
    }

    /// A value: a string in quotes, a number, `true`, `false`, or a list in `[ ]`. The error
    /// completes "the value of `key` …".
    fn value(&mut self) -> Result<ArgValue, Mistake> {
        let start = self.at;
        match self.peek() {
            Some(q @ ('"' | '\'')) => {
                self.at += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err((start, format!("has no closing {q}"))),
                        Some(c) if c == q => {
                            self.at += 1;
                            return Ok(ArgValue::String(s));
                        }
                        Some('\\') => {
                            self.at += 1;
                            let escaped = match self.peek() {
                                Some('n') => '\n',
                                Some('t') => '\t',
                                Some(c @ ('\\' | '"' | '\'')) => c,
                                _ => {
                                    return Err((
                                        self.at - 1,
                                        "has an unknown escape; write \\\" for a quote and \\\\ for a backslash"
                                            .to_string(),
                                    ))
                                }
                            };
                            self.at += 1;
                            s.push(escaped);
                        }
                        Some(c) => {
                            self.at += c.len_utf8();
                            s.push(c);
                        }
                    }
                }
            }
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.spaces();
                    if self.eat("]") {
                        return Ok(ArgValue::Array(items));
                    }
                    items.push(self.value()?);
                    self.spaces();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(ArgValue::Array(items));
                    }
                    return Err((self.at, "is a list missing a `,` or its closing `]`".to_string()));
                }
            }
            Some(c @ ('“' | '”' | '„' | '‘' | '’' | '«' | '»')) => Err((
                start,
                format!("starts with the typographic quote {c}; write straight quotes: \"...\""),
            )),
            _ => {
                let rest = &self.text[self.at..];
                let len = rest
                    .find(|c: char| !(c.is_alphanumeric() || "+-._".contains(c)))
                    .unwrap_or(rest.len());
                let word = &rest[..len];
                let value = match word {
                    "true" => Some(ArgValue::Bool(true)),
                    "false" => Some(ArgValue::Bool(false)),
                    _ if word.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') => {
                        word.parse::<f64>().ok().filter(|n| n.is_finite()).map(ArgValue::Number)
                    }
                    _ => None,
                };
                match value {
                    Some(v) => {
                        self.at += len;
                        Ok(v)
                    }
                    None if word.is_empty() => Err((
                        start,
                        "is missing; expected a string in quotes (\"...\"), a number, true, false or a list in [ ]"
                            .to_string(),
                    )),
                    None => Err((
                        start,
                        format!(
                            "is {word}; expected a string in quotes (\"...\"), a number, true, false or a list in [ ]"
                        ),
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaped_text_shows_its_braces_and_calls_nothing() {
        let text = "Mallen {{ gallery() }} och {% note() %}, `{{ kod() }}` och {{{ tre\n\n<div>{{ x() }}</div>\n";
        let escaped = super::escape_shortcodes(text);
        assert_eq!(
            escaped,
            "Mallen {&#123; gallery() }} och {&#37; note() %}, `{{ kod() }}` och {&#123;{ tre\n\n<div>{&#123; x() }}</div>\n"
        );
        let found = super::find(&escaped);
        assert!(found.calls.is_empty() && found.errors.is_empty(), "{:?}", found.errors);
        let html = crate::markdown::render(&escaped, crate::markdown::Typography::for_language("sv"))
            .html
            .text()
            .to_string();
        assert!(
            html.contains("Mallen {{ gallery() }} och {% note() %}, <code>{{ kod() }}</code> och {{{ tre"),
            "{html}"
        );
        assert!(html.contains("<div>{&#123; x() }}</div>"), "{html}");
    }

    use super::*;

    fn calls(text: &str) -> (String, Vec<Shortcode>, Vec<String>) {
        let f = find(text);
        (f.text, f.calls, f.errors.into_iter().map(|e| e.message).collect())
    }

    #[test]
    fn inline_and_body_calls_become_placeholders_with_typed_arguments() {
        let text = "Se {{ file(name=\"a.pdf\", n=3, ok=true, list=[\"a\", 'b', 1.5]) }} här.\n\n{% note(kind=\"info\") %}\nText\n{% end %}\n";
        let (out, calls, errors) = calls(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            out,
            "Se <!--besok-shortcode:0--> här.\n\n<!--besok-shortcode:1-->\nText\n<!--besok-shortcode-end:1-->\n"
        );
        assert_eq!(calls[0].name, "file");
        assert_eq!(calls[0].offset, 3);
        assert_eq!(
            calls[0].args.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
            [
                ArgValue::String("a.pdf".into()),
                ArgValue::Number(3.0),
                ArgValue::Bool(true),
                ArgValue::Array(vec![
                    ArgValue::String("a".into()),
                    ArgValue::String("b".into()),
                    ArgValue::Number(1.5)
                ]),
            ]
        );
        assert!(calls[1].body);
    }

    #[test]
    fn code_and_comments_keep_shortcodes_as_text() {
        let text = "`{{ a() }}`\n\n```\n{{ b() }}\n```\n\n<!-- {{ c() }} -->\n\n    {{ d() }}\n";
        let (out, calls, errors) = calls(text);
        assert_eq!(out, text);
        assert!(calls.is_empty() && errors.is_empty());
    }

    #[test]
    fn text_that_only_looks_like_a_tag_is_left_alone() {
        let text = "{{ name }} och {% if x %} och {{";
        let (out, calls, errors) = calls(text);
        assert_eq!(out, text);
        assert!(calls.is_empty() && errors.is_empty());
    }

    #[test]
    fn mistakes_are_found() {
        for (text, expected) in [
            ("{{ a(x=) }}", "the value of `x` is missing"),
            ("{{ a(x=\"b) }}", "has no closing \""),
            ("{{ a(x=”b”) }}", "typographic quote"),
            ("{{ a(x=1 y=2) }}", "expected `,`"),
            ("{{ a(x=1, x=2) }}", "given twice"),
            ("{{ a(x) }}", "has no value"),
            ("{{ a(x=[1 2]) }}", "missing a `,`"),
            ("{{ a() %}", "expected `}}`"),
            ("{% a() %}\ntext\n", "has no `{% end %}`"),
            ("text {% end %}", "ends no shortcode"),
            ("Text {% a() %}\nx\n{% end %}", "on a line of their own"),
            ("{{ a(x=yes) }}", "is yes; expected"),
        ] {
            let (_, _, errors) = calls(text);
            assert!(errors.iter().any(|e| e.contains(expected)), "{text}: {errors:?}");
        }
    }

    #[test]
    fn offsets_of_the_replaced_text_map_back() {
        let f = find("ab {{ x(y=\"long value\") }} cd");
        let at = f.text.find("cd").unwrap();
        assert_eq!(f.original(at), "ab {{ x(y=\"long value\") }} cd".find("cd").unwrap());
        assert_eq!(f.original(1), 1);
    }
}
