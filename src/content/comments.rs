//! A post's comments archive: `comments.toml` in its bundle, the readers' comments of the blog
//! the site moved from (`besok import wordpress` writes it), shown read-only under the post.
//!
//! Each `[[comment]]` has an `id`, the `author`'s name, a `date`, its `text` in markdown and,
//! for a reply, `reply_to` with the id it answers. The file is checked like front matter:
//! unknown keys, a reply to a comment that is not there, a loop of replies are errors at their
//! line and column.

use super::{Located, Location, PostDate};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{self, Link, Typography};
use crate::source::{control_character, control_character_message};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// The archive's name in a post's bundle.
pub const COMMENTS_FILE: &str = "comments.toml";

/// One comment, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: i64,
    /// The comment it answers.
    pub reply_to: Option<i64>,
    pub author: String,
    pub date: PostDate,
    /// `pingback` or `trackback` for a note that another site linked to the post.
    pub kind: Option<String>,
    /// A pingback's address: the page that linked to the post.
    pub url: Option<String>,
    /// The text as HTML; links to content files are placeholders until the model resolves them.
    pub html: String,
    /// Its links to content files, with where the text is written.
    pub links: Vec<Located<Link>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArchive {
    #[serde(default)]
    comment: Vec<RawComment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    id: Spanned<i64>,
    reply_to: Option<Spanned<i64>>,
    author: Spanned<String>,
    date: Spanned<toml::value::Datetime>,
    kind: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    text: Spanned<String>,
}

/// Reads a comments archive; every problem in it is returned.
pub fn parse_comments(text: &str, path: &Path, typography: Typography) -> Result<Vec<Comment>, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |offset: usize, msg: String| Diagnostic::at_offset(Severity::Error, path, text, 1, offset, msg);
    let raw: RawArchive = crate::source::parse_toml(text, path, 1, "comments archive")?;
    let mut errors = Vec::new();
    let mut ids: HashMap<i64, usize> = HashMap::new();
    for c in &raw.comment {
        if ids.insert(*c.id.get_ref(), c.id.span().start).is_some() {
            errors.push(error(
                c.id.span().start,
                format!(
                    "two comments have the id {}; expected each comment's own number",
                    c.id.get_ref()
                ),
            ));
        }
    }
    let parents: HashMap<i64, i64> = raw
        .comment
        .iter()
        .filter_map(|c| Some((*c.id.get_ref(), *c.reply_to.as_ref()?.get_ref())))
        .collect();
    let mut comments = Vec::new();
    for c in &raw.comment {
        let author = c.author.get_ref().trim().to_string();
        if author.is_empty() {
            errors.push(error(
                c.author.span().start,
                "`author` is empty; expected the name the comment was signed with".into(),
            ));
        }
        if let Some(ch) = control_character(&author) {
            errors.push(error(c.author.span().start, control_character_message("author", ch)));
        }
        if let Some(r) = &c.reply_to {
            if !ids.contains_key(r.get_ref()) {
                errors.push(error(
                    r.span().start,
                    format!(
                        "`reply_to` is {}, but no comment has that id; expected the id of the comment this one answers",
                        r.get_ref()
                    ),
                ));
            } else if replies_in_a_loop(*c.id.get_ref(), &parents) {
                errors.push(error(
                    r.span().start,
                    format!(
                        "comment {}'s `reply_to` leads back to itself; expected replies to lead to a comment that answers none",
                        c.id.get_ref()
                    ),
                ));
            }
        }
        if let Some(k) = &c.kind {
            if !matches!(k.get_ref().as_str(), "pingback" | "trackback") {
                errors.push(error(
                    k.span().start,
                    format!(
                        "`kind` is \"{}\"; expected \"pingback\" or \"trackback\", or no kind for a reader's comment",
                        k.get_ref()
                    ),
                ));
            }
        }
        if let Some(u) = &c.url {
            let lower = u.get_ref().to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                errors.push(error(
                    u.span().start,
                    format!(
                        "`url` is \"{}\"; expected an address starting with https://",
                        u.get_ref()
                    ),
                ));
            }
        }
        let date = match super::post::convert_date(c.date.get_ref()) {
            Ok(d) => d,
            Err(msg) => {
                errors.push(error(c.date.span().start, msg));
                continue;
            }
        };
        let (html, links) = markdown::render_comment(c.text.get_ref(), typography);
        let at = Location::at(text, 1, c.text.span().start);
        comments.push(Comment {
            id: *c.id.get_ref(),
            reply_to: c.reply_to.as_ref().map(|r| *r.get_ref()),
            author,
            date,
            kind: c.kind.as_ref().map(|k| k.get_ref().clone()),
            url: c.url.as_ref().map(|u| u.get_ref().trim().to_string()),
            html,
            links: links.into_iter().map(|l| Located::new(l, at)).collect(),
        });
    }
    if errors.is_empty() {
        Ok(comments)
    } else {
        Err(errors)
    }
}

/// Whether following `reply_to` from comment `id` comes back to it.
fn replies_in_a_loop(id: i64, parents: &HashMap<i64, i64>) -> bool {
    let mut seen = HashSet::new();
    let mut at = id;
    while let Some(&parent) = parents.get(&at) {
        if parent == id {
            return true;
        }
        if !seen.insert(parent) {
            return false;
        }
        at = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Comment>, Vec<String>> {
        parse_comments(text, Path::new("content/posts/a/comments.toml"), Typography::Swedish).map_err(|e| {
            e.iter()
                .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
                .collect()
        })
    }

    #[test]
    fn a_comment_is_shown_as_text_with_its_links_marked_as_not_vouched_for() {
        let c = parse(
            "[[comment]]\nid = 7\nauthor = \"Karin\"\ndate = 2016-11-10T12:00:00+01:00\ntext = \"\"\"\n# Rubrik\n\nSe <b>detta</b> [här](https://exempel.se/) och [där](@/posts/b.md) och ![bild](https://exempel.se/a.jpg).\n\"\"\"\n",
        )
        .unwrap();
        assert_eq!(
            c[0].html,
            "<p>Rubrik</p>\n<p>Se &lt;b&gt;detta&lt;/b&gt; <a href=\"https://exempel.se/\" rel=\"nofollow ugc\">här</a> och <a href=\"besok-internal-link:0\">där</a> och <a href=\"https://exempel.se/a.jpg\" rel=\"nofollow ugc\">bild</a>.</p>"
        );
        assert_eq!(c[0].links.len(), 1);
        assert_eq!(c[0].links[0].at.line, 5);
    }

    #[test]
    fn replies_must_answer_a_comment_that_is_there() {
        let errors = parse(
            "[[comment]]\nid = 1\nreply_to = 2\nauthor = \"A\"\ndate = 2016-11-10\ntext = \"x\"\n\n[[comment]]\nid = 2\nreply_to = 1\nauthor = \"\"\ndate = 2016-11-10\ntext = \"y\"\n\n[[comment]]\nid = 3\nreply_to = 9\nauthor = \"C\"\ndate = 2016-11-10\nkind = \"like\"\ntext = \"z\"\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "3:12: comment 1's `reply_to` leads back to itself; expected replies to lead to a comment that answers none",
                "11:10: `author` is empty; expected the name the comment was signed with",
                "10:12: comment 2's `reply_to` leads back to itself; expected replies to lead to a comment that answers none",
                "17:12: `reply_to` is 9, but no comment has that id; expected the id of the comment this one answers",
                "20:8: `kind` is \"like\"; expected \"pingback\" or \"trackback\", or no kind for a reader's comment",
            ]
        );
    }
}
