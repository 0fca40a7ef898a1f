//! Links and local images as the build leaves them until the model knows where they go:
//! internal links and a bundle's files as numbered `href` placeholders, local images as numbered
//! comments that become `<img>` or `<picture>` once their sizes are made.

/// A link written in markdown that besok looks at after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The destination as written, such as `@/posts/kalmar.md#samverkan`.
    pub dest: String,
    /// Byte offset of the link in the markdown text, for file:line:column in messages.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A link to another content file (`@/posts/x.md` or a relative `x.md`). Its `href` is the
    /// placeholder [`placeholder`]`(n)` until the model knows the target's URL; `n` is the
    /// index among this document's internal links.
    Internal(usize),
    /// A link to a file beside the post (`rapport.pdf` in its bundle), with a placeholder
    /// numbered like [`LinkKind::Internal`]'s.
    File(usize),
    /// A link to a heading of the same page (`#rubrik`).
    Anchor,
    /// An `http(s)://` link, checked only by `besok check --external`.
    External,
}

/// A local image written in markdown (`![alt](foto.jpg "title")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The source as written: relative to the post, or from the site root (`/bilder/x.jpg`).
    pub dest: String,
    /// The alt text (the image's text in markdown), plain.
    pub alt: String,
    /// The title, shown as the caption of an image on a line of its own.
    pub title: String,
    /// Byte offset of the image in the markdown text.
    pub offset: usize,
    /// Whether the image stands alone in its paragraph: it is then a figure, not inline.
    pub block: bool,
}

/// The HTML that stands for local image `n` until the build has made its sizes.
pub fn image_placeholder(n: usize) -> String {
    format!("<!--besok-image:{n}-->")
}

/// `html` with each local image placeholder replaced by `make(n)`, in one pass.
pub fn replace_images(html: &str, mut make: impl FnMut(usize) -> String) -> String {
    const START: &str = "<!--besok-image:";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(START) {
        out.push_str(&rest[..i]);
        let after = &rest[i + START.len()..];
        match after
            .find("-->")
            .and_then(|j| after[..j].parse::<usize>().ok().map(|n| (n, j)))
        {
            Some((n, j)) => {
                out.push_str(&make(n));
                rest = &after[j + 3..];
            }
            None => {
                out.push_str(START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `html` with its local images as plain `<img>` tags of the paths as written, for texts whose
/// images besok does not make sizes of.
pub fn images_as_written(html: &str, images: &[ImageRef]) -> String {
    if images.is_empty() {
        return html.to_string();
    }
    replace_images(html, |n| {
        images.get(n).map_or_else(String::new, |i| {
            format!(
                "<img src=\"{}\" alt=\"{}\">",
                escape_attr(&i.dest),
                escape_attr(i.alt.trim())
            )
        })
    })
}

/// Whether an image or link destination is a local file: no scheme, not protocol-relative, not
/// a data URL.
pub(super) fn is_local(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    !path.is_empty() && !has_scheme && !path.starts_with("//")
}

/// The `href` written for internal link `n` until the model replaces it with the real URL.
/// The closing quote is part of it so `…:1"` never matches inside `…:10"`.
pub fn placeholder(n: usize) -> String {
    format!("href=\"besok-internal-link:{n}\"")
}

/// Escapes a value for a double-quoted HTML attribute.
pub fn escape_attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// What kind of link a markdown destination is.
pub(super) fn classify(dest: &str) -> Option<LinkKind> {
    if dest.starts_with("@/") {
        return Some(LinkKind::Internal(0));
    }
    if dest.starts_with('#') && dest.len() > 1 {
        return Some(LinkKind::Anchor);
    }
    let lower = dest.get(..8).unwrap_or(dest).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(LinkKind::External);
    }
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    if !has_scheme && !path.starts_with('/') && path.ends_with(".md") {
        return Some(LinkKind::Internal(0));
    }
    // A file beside the post, by its name (`rapport.pdf`). A root-relative link, or one
    // without a file name (`kontakt/`, `x`) or to a web page (`gammal.html`), may be a page of
    // the site or of the host: left alone.
    if is_local(dest) && !path.starts_with('/') && is_file_name(path) {
        return Some(LinkKind::File(0));
    }
    None
}

/// Whether the last part of a path names a file of a post's own (an extension that is not a
/// web page's).
fn is_file_name(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !["html", "htm", "php", "asp", "aspx", "xml"].contains(&ext.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, Typography};

    #[test]
    fn internal_links_get_placeholders_and_others_are_recorded() {
        let r = render(
            "[a](@/posts/a.md) [b](../b.md#x) [c](#rubrik) [d](https://kalmar.se/) [e](/om/) [f](mailto:a@b.se)",
            Typography::English,
        );
        assert!(r.html.text().contains(&placeholder(0)), "{}", r.html.text());
        assert!(r.html.text().contains(&placeholder(1)), "{}", r.html.text());
        let kinds: Vec<(LinkKind, &str, usize)> = r.links.iter().map(|l| (l.kind, l.dest.as_str(), l.offset)).collect();
        assert_eq!(
            kinds,
            [
                (LinkKind::Internal(0), "@/posts/a.md", 0),
                (LinkKind::Internal(1), "../b.md#x", 18),
                (LinkKind::Anchor, "#rubrik", 33),
                (LinkKind::External, "https://kalmar.se/", 46),
            ]
        );
    }
}
