//! What WordPress shows in place of a shortcode or an embed block, made into elements the HTML
//! conversion knows ([`super::html`]), before it runs.
//!
//! WordPress stores a video as `[embed]URL[/embed]`, a URL alone on a line (which it "auto-embeds"),
//! a `wp:embed` block or an `<iframe>`; a gallery as `[gallery ids="..."]`; a video or sound file
//! as `[video mp4="..."]` or `[audio mp3="..."]`. Each becomes an element of besok's own
//! (`<besok-embed url>`, `<besok-gallery ids>`, `<besok-media src>`), which the conversion writes
//! as `{{ video(url="...") }}`, `{{ gallery(files=[...]) }}` or `{{ file(name="...") }}`. Any other
//! shortcode is left in the text and named, so nothing is lost without a word.

use crate::html::escape_html;
use url::Url;

/// Something of the post that markdown cannot hold: what it was, and text of the post's HTML
/// to find its line in the export by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub what: String,
    pub needle: String,
}

/// Shortcodes besok turns into something of its own.
const HANDLED: &[&str] = &[
    "caption",
    "wp_caption",
    "embed",
    "gallery",
    "video",
    "audio",
    "youtube",
    "vimeo",
];

/// Shortcodes of WordPress and its common plugins, named when found even without attributes.
const KNOWN: &[&str] = &[
    "playlist",
    "wpvideo",
    "soundcloud",
    "googlemaps",
    "instagram",
    "twitter",
    "facebook",
    "slideshow",
    "recipe",
    "contact-form",
    "contact-form-7",
    "gravityform",
    "ninja_form",
    "wpforms",
    "spotify",
    "ted",
    "dailymotion",
    "issuu",
    "scribd",
    "pdf-embedder",
];

/// The attributes of media shortcodes that name a file, most useful first.
const MEDIA_SOURCES: &[&str] = &[
    "mp4", "m4v", "webm", "ogv", "mov", "wmv", "flv", "mp3", "m4a", "ogg", "oga", "wav", "flac", "wma", "src",
];

/// A shortcode found in a text: its name, attributes, the text between it and its closing tag
/// (when it has one), and the bytes it spans.
#[derive(Debug)]
struct Shortcode<'a> {
    name: String,
    /// The opening tag as written (`[gallery ids="1,2"]`).
    open: &'a str,
    attrs: Vec<(String, String)>,
    /// A value written without a name (`[youtube URL]`, `[youtube=URL]`).
    bare: Option<String>,
    inner: Option<&'a str>,
    end: usize,
}

impl Shortcode<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The shortcode starting at byte `at` of `text` (which holds `[`), if one does.
fn shortcode_at(text: &str, at: usize) -> Option<Shortcode<'_>> {
    let rest = &text[at + 1..];
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = rest[name_len..].chars().next()?;
    if !matches!(after, ']' | ' ' | '/' | '=' | '\u{a0}') {
        return None;
    }
    // The opening tag ends at the first `]` outside quotes; it never spans a blank line.
    let mut quote = None;
    let mut close = None;
    for (i, c) in rest.char_indices().skip(name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, ']') => {
                close = Some(i);
                break;
            }
            (None, '[') => return None,
            _ => {}
        }
        if rest[..i].ends_with("\n\n") {
            return None;
        }
    }
    let close = close?;
    let open = &text[at..at + 1 + close + 1];
    let (attrs, bare) = attributes(rest[name_len..close].trim_end_matches('/'));
    let mut end = at + 1 + close + 1;
    let closing = format!("[/{name}]");
    let inner = if open.ends_with("/]") {
        None
    } else {
        text[end..].find(&closing).map(|i| {
            let inner = &text[end..end + i];
            end += i + closing.len();
            inner
        })
    };
    Some(Shortcode {
        name: name.to_ascii_lowercase(),
        open,
        attrs,
        bare,
        inner,
        end,
    })
}

/// `ids="1,2" width=300 title='x'` as pairs; a value without a name (`=URL`, ` URL`) apart.
fn attributes(text: &str) -> (Vec<(String, String)>, Option<String>) {
    let mut attrs = Vec::new();
    let mut bare = None;
    let mut rest = text.trim_start_matches('=').trim();
    if text.trim_start().starts_with('=') {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        bare = Some(unquote(&rest[..end]));
        rest = rest[end..].trim_start();
    }
    while !rest.is_empty() {
        let key_len = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = &rest[..key_len];
        let after = rest[key_len..].trim_start();
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let (v, remaining) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => match value[1..].find(q) {
                    Some(e) => (&value[1..1 + e], &value[e + 2..]),
                    None => (&value[1..], ""),
                },
                _ => {
                    let e = value.find(char::is_whitespace).unwrap_or(value.len());
                    (&value[..e], &value[e..])
                }
            };
            attrs.push((key.to_string(), v.to_string()));
            rest = remaining.trim_start();
        } else {
            if bare.is_none() && !key.is_empty() {
                bare = Some(unquote(key));
            }
            rest = after;
        }
    }
    (attrs, bare)
}

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// An element of besok's own with one attribute, for the conversion.
fn element(name: &str, attribute: &str, value: &str) -> String {
    format!(
        "\n\n<{name} {attribute}=\"{}\"></{name}>\n\n",
        escape_html(&decode_amp(value.trim()))
    )
}

/// WordPress stores `&` in addresses as `&amp;` or `&#038;` in places.
fn decode_amp(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#038;", "&").replace("&#38;", "&")
}

/// The shortcodes of a post's HTML made into elements the conversion knows; captions into
/// figures; galleries, embeds, videos and sounds into besok's elements; the rest left as they
/// are and returned, to be named in the summary.
pub fn shortcodes(html: &str) -> (String, Vec<Dropped>) {
    let mut out = String::with_capacity(html.len());
    let mut dropped = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = html[search..].find('[') {
        let at = search + found;
        // `[[gallery]]` is WordPress's way to show a shortcode as text.
        if html[at..].starts_with("[[") {
            search = html[at..].find("]]").map_or(at + 2, |e| at + e + 2);
            continue;
        }
        let Some(code) = shortcode_at(html, at) else {
            search = at + 1;
            continue;
        };
        let replacement = match code.name.as_str() {
            "caption" | "wp_caption" => code.inner.map(caption),
            "embed" => code.inner.map(|url| element("besok-embed", "url", url)),
            "youtube" => code.bare.as_deref().map(|url| element("besok-embed", "url", url)),
            "vimeo" => code.bare.as_deref().map(|v| {
                let url = if v.bytes().all(|b| b.is_ascii_digit()) {
                    format!("https://vimeo.com/{v}")
                } else {
                    v.to_string()
                };
                element("besok-embed", "url", &url)
            }),
            "gallery" => Some(element(
                "besok-gallery",
                "ids",
                code.attr("ids").or(code.attr("include")).unwrap_or(""),
            )),
            "video" | "audio" => {
                let src = MEDIA_SOURCES.iter().find_map(|k| code.attr(k)).or(code.bare.as_deref());
                match src {
                    Some(src) if video_url(src).is_some() => Some(element("besok-embed", "url", src)),
                    Some(src) => Some(element("besok-media", "src", src)),
                    None => None,
                }
            }
            _ => None,
        };
        match replacement {
            Some(r) => {
                out.push_str(&html[from..at]);
                out.push_str(&r);
                from = code.end;
                search = code.end;
            }
            None => {
                let named = KNOWN.contains(&code.name.as_str())
                    || HANDLED.contains(&code.name.as_str())
                    || !code.attrs.is_empty()
                    || code.inner.is_some();
                if named {
                    dropped.push(Dropped {
                        what: format!("shortcode {}, left as text", shorten(code.open, 80)),
                        needle: code.open.to_string(),
                    });
                }
                search = at + code.open.len();
            }
        }
    }
    out.push_str(&html[from..]);
    (out, dropped)
}

/// `text` cut to `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// The inside of `[caption]<a><img ...></a> Caption text[/caption]` as a figure with its
/// caption.
fn caption(inner: &str) -> String {
    // The photo (and the link around it) ends at the `>` of its `<img>`, or of the `</a>` after
    // it; the caption, which may hold markup of its own, is the rest.
    let media_end = inner.rfind("<img").and_then(|img| {
        let end = img + inner[img..].find('>')? + 1;
        let rest = &inner[end..];
        let after_link = rest.trim_start().strip_prefix("</a>").map(|r| inner.len() - r.len());
        Some(after_link.unwrap_or(end))
    });
    let (media, caption) = match media_end.or_else(|| inner.rfind('>').map(|i| i + 1)) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => ("", inner.trim()),
    };
    let mut out = String::from("\n\n<figure>");
    out.push_str(media.trim());
    if !caption.is_empty() {
        out.push_str("<figcaption>");
        out.push_str(caption);
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n\n");
    out
}

/// A classic post's lines that hold nothing but the address of a YouTube or Vimeo video, which
/// WordPress shows as the video, made into `<besok-embed>`.
pub fn bare_video_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for line in html.split_inclusive('\n') {
        let url = line.trim();
        if url.starts_with("http") && !url.contains(char::is_whitespace) && video_url(url).is_some() {
            out.push_str(&element("besok-embed", "url", url));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Gutenberg's embed blocks (`<!-- wp:embed {"url":"..."} -->...<!-- /wp:embed -->`, and the
/// older `wp:core-embed/youtube`) as `<besok-embed>`, their caption kept as a paragraph.
pub fn embed_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let start = ["<!-- wp:embed ", "<!-- wp:core-embed/"]
            .iter()
            .filter_map(|open| rest.find(open))
            .min();
        let Some(start) = start else { break };
        let Some(head_end) = rest[start..].find("-->").map(|i| start + i + 3) else {
            break;
        };
        let head = &rest[start..head_end];
        let close = if head.starts_with("<!-- wp:embed ") {
            "<!-- /wp:embed -->".to_string()
        } else {
            let name = head["<!-- wp:".len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            format!("<!-- /wp:{name} -->")
        };
        let Some(end) = rest[head_end..].find(&close).map(|i| head_end + i) else {
            break;
        };
        let url = head
            .find('{')
            .and_then(|i| serde_json::from_str::<serde_json::Value>(head[i..].trim_end_matches("-->").trim()).ok())
            .and_then(|v| v.get("url").and_then(|u| u.as_str()).map(str::to_string));
        let Some(url) = url else {
            out.push_str(&rest[..head_end]);
            rest = &rest[head_end..];
            continue;
        };
        out.push_str(&rest[..start]);
        out.push_str(&element("besok-embed", "url", &url));
        let inner = &rest[head_end..end];
        if let Some(caption) = between(inner, "<figcaption", "</figcaption>") {
            let caption = caption.split_once('>').map_or("", |(_, c)| c);
            if !caption.trim().is_empty() {
                out.push_str(&format!("<p>{caption}</p>\n\n"));
            }
        }
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    out
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)?;
    let end = text[start..].find(close)? + start;
    Some(&text[start + open.len()..end])
}

/// `[gallery]` without `ids` shows the images uploaded to the post (less those of `exclude`):
/// written with their ids, `attached`, so that the conversion needs nothing but the text.
pub fn expand_galleries(html: &str, attached: &[u64]) -> String {
    if !html.contains("[gallery") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = html[search..].find("[gallery") {
        let at = search + found;
        search = at + 1;
        let Some(code) = shortcode_at(html, at) else { continue };
        if code.name != "gallery" || code.attr("ids").is_some() || code.attr("include").is_some() {
            continue;
        }
        let excluded: Vec<&str> = code.attr("exclude").unwrap_or("").split(',').map(str::trim).collect();
        let ids: Vec<String> = attached
            .iter()
            .map(u64::to_string)
            .filter(|id| !excluded.contains(&id.as_str()))
            .collect();
        out.push_str(&html[from..at]);
        out.push_str(&format!("[gallery ids=\"{}\"]", ids.join(",")));
        from = at + code.open.len();
        search = from;
    }
    out.push_str(&html[from..]);
    out
}

/// The address of a YouTube or Vimeo video in the form every player knows
/// (`https://www.youtube.com/watch?v=ID`, `https://vimeo.com/ID`), from any address WordPress
/// posts hold: a page, an embedded player, a short link.
pub fn video_url(raw: &str) -> Option<String> {
    let raw = decode_amp(raw.trim());
    let raw = match raw.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => raw,
    };
    let url = Url::parse(&raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host);
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let query = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    match host {
        "youtu.be" | "youtube.com" | "youtube-nocookie.com" => {
            let id = match (host, segments.as_slice()) {
                ("youtu.be", [id, ..]) => Some(id.to_string()),
                (_, ["watch"]) => query("v"),
                (_, ["embed" | "v" | "shorts" | "live", id, ..]) => Some(id.to_string()),
                _ => None,
            }?;
            let valid = id.len() >= 6 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !valid {
                return None;
            }
            let start = query("t")
                .or_else(|| query("start"))
                .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric()));
            Some(match start {
                Some(t) => format!("https://www.youtube.com/watch?v={id}&t={t}"),
                None => format!("https://www.youtube.com/watch?v={id}"),
            })
        }
        "vimeo.com" | "player.vimeo.com" => {
            let at = segments.iter().position(|s| s.bytes().all(|b| b.is_ascii_digit()))?;
            let id = segments[at];
            // An unlisted video's key: `vimeo.com/ID/KEY` or `?h=KEY`.
            let key = segments
                .get(at + 1)
                .map(|s| s.to_string())
                .or_else(|| query("h"))
                .filter(|k| k.bytes().all(|b| b.is_ascii_hexdigit()) && !k.is_empty());
            Some(match key {
                Some(k) => format!("https://vimeo.com/{id}/{k}"),
                None => format!("https://vimeo.com/{id}"),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_of_a_youtube_or_vimeo_video_is_known() {
        for (raw, want) in [
            (
                "https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            ),
            (
                "//www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            ),
            (
                "https://youtu.be/dQw4w9WgXcQ?t=42",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
            ),
            (
                "http://m.youtube.com/watch?v=dQw4w9WgXcQ&amp;feature=share",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            ),
            (
                "https://www.youtube.com/shorts/dQw4w9WgXcQ",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            ),
            (
                "https://player.vimeo.com/video/76979871?h=8272103f6e",
                "https://vimeo.com/76979871/8272103f6e",
            ),
            (
                "https://vimeo.com/channels/staffpicks/76979871",
                "https://vimeo.com/76979871",
            ),
        ] {
            assert_eq!(video_url(raw).as_deref(), Some(want), "{raw}");
        }
        for other in [
            "https://www.youtube.com/channel/UC123",
            "https://www.google.com/maps/embed?pb=1",
            "https://vimeo.com/about",
            "kalmar.se",
        ] {
            assert_eq!(video_url(other), None, "{other}");
        }
    }

    #[test]
    fn shortcodes_become_elements_and_unknown_ones_are_named() {
        let (html, dropped) = shortcodes(
            "A [gallery ids=\"1,2\" size=large] B [embed width=\"500\"]https://youtu.be/dQw4w9WgXcQ[/embed] \
             [audio mp3=\"/u/a.mp3\"][/audio] [video src='https://vimeo.com/1'] [youtube=https://youtu.be/dQw4w9WgXcQ] \
             [vimeo 76979871] [[gallery]] [1] [sic] [playlist ids=\"3\"] [form]x[/form]",
        );
        assert_eq!(
            html.split_whitespace().collect::<Vec<_>>().join(" "),
            "A <besok-gallery ids=\"1,2\"></besok-gallery> B <besok-embed url=\"https://youtu.be/dQw4w9WgXcQ\"></besok-embed> \
             <besok-media src=\"/u/a.mp3\"></besok-media> <besok-embed url=\"https://vimeo.com/1\"></besok-embed> \
             <besok-embed url=\"https://youtu.be/dQw4w9WgXcQ\"></besok-embed> <besok-embed url=\"https://vimeo.com/76979871\"></besok-embed> \
             [[gallery]] [1] [sic] [playlist ids=\"3\"] [form]x[/form]"
        );
        let named: Vec<&str> = dropped.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(
            named,
            [
                "shortcode [playlist ids=\"3\"], left as text",
                "shortcode [form], left as text"
            ]
        );
    }

    #[test]
    fn a_gallery_without_ids_shows_the_posts_own_images() {
        assert_eq!(
            expand_galleries(
                "[gallery columns=\"2\" exclude=\"5\"] och [gallery ids=\"9\"]",
                &[4, 5, 6]
            ),
            "[gallery ids=\"4,6\"] och [gallery ids=\"9\"]"
        );
    }
}
