//! Readers' comments of a WordPress post, kept as a read-only archive in the post's bundle
//! (`comments.toml`, described in docs/content.md).
//!
//! Only what the blog showed its readers is kept: the name the commenter gave, the date and
//! the text. The e-mail address, IP address and user agent WordPress stored with each comment
//! are never written, nor is any of them where it turns up elsewhere (a name typed as an
//! e-mail address, an address quoted in a text). Spam, trashed and unapproved comments are
//! left out and counted; pingbacks and trackbacks (notes that another site linked to the post)
//! are kept only when asked for.

use super::wxr;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The archive's file name in a post's bundle.
pub const FILE_NAME: &str = crate::content::COMMENTS_FILE;

/// What stands where a removed e-mail or IP address was.
const REMOVED: &str = "[…]";

/// The name shown for a comment whose author gave none (or gave an e-mail address).
const ANONYMOUS: &str = "Anonym";

/// How many comments of the export were kept, and how many left out for each reason.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CommentCounts {
    pub kept: usize,
    /// Posts with kept comments.
    pub posts: usize,
    /// Pages with kept comments (in their text: a plain page has no archive).
    pub pages: usize,
    pub spam: usize,
    pub trash: usize,
    /// Awaiting approval (never shown on the blog).
    pub unapproved: usize,
    /// Pingbacks and trackbacks, left out without `--pingbacks`.
    pub pingbacks: usize,
}

impl CommentCounts {
    pub fn add(&mut self, other: CommentCounts) {
        self.kept += other.kept;
        self.posts += other.posts;
        self.pages += other.pages;
        self.spam += other.spam;
        self.trash += other.trash;
        self.unapproved += other.unapproved;
        self.pingbacks += other.pingbacks;
    }
}

/// Whether a comment is a pingback or trackback rather than a reader's comment.
fn is_pingback(c: &wxr::Comment) -> bool {
    matches!(c.kind.as_str(), "pingback" | "trackback")
}

/// The comments of a post or page that are kept (their indices, in the export's order), and
/// the count of those left out.
pub fn select(comments: &[wxr::Comment], pingbacks: bool) -> (Vec<usize>, CommentCounts) {
    let mut counts = CommentCounts::default();
    let mut kept = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        match c.approved.as_str() {
            "1" | "approve" | "approved" => {}
            "spam" => {
                counts.spam += 1;
                continue;
            }
            "trash" | "post-trashed" => {
                counts.trash += 1;
                continue;
            }
            _ => {
                counts.unapproved += 1;
                continue;
            }
        }
        if is_pingback(c) && !pingbacks {
            counts.pingbacks += 1;
            continue;
        }
        kept.push(i);
    }
    counts.kept = kept.len();
    counts.posts = usize::from(!kept.is_empty());
    (kept, counts)
}

/// Every e-mail address, IP address and user agent of the export's comments: none of them may
/// reach a written file.
#[derive(Debug, Default)]
pub struct Scrub {
    /// All of them at once, found without case in one pass over a text (however many comments
    /// the export has, each text is read once: looking for each secret in turn was quadratic).
    secrets: Option<aho_corasick::AhoCorasick>,
}

impl Scrub {
    pub fn new<'a>(comments: impl IntoIterator<Item = &'a wxr::Comment>) -> Scrub {
        let mut secrets: HashSet<String> = HashSet::new();
        for c in comments {
            for s in [&c.author_email, &c.author_ip, &c.agent] {
                let s = s.trim();
                // Shorter strings ("1.2", "-") are no address and would eat ordinary words.
                if s.len() >= 6 {
                    secrets.insert(s.to_ascii_lowercase());
                }
            }
        }
        let mut secrets: Vec<String> = secrets.into_iter().collect();
        secrets.sort();
        let secrets = (!secrets.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&secrets)
                .expect("the secrets make an automaton")
        });
        Scrub { secrets }
    }

    /// `text` without any of the secrets (compared without case): every stretch that one or
    /// more of them cover, overlapping or not, becomes one `[…]`.
    pub fn clean(&self, text: &str) -> String {
        let Some(secrets) = &self.secrets else {
            return text.to_string();
        };
        let mut found: Vec<(usize, usize)> = secrets
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let mut covered: Vec<(usize, usize)> = Vec::new();
        for (start, end) in found {
            match covered.last_mut() {
                Some((_, last)) if start <= *last => *last = (*last).max(end),
                _ => covered.push((start, end)),
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end) in covered {
            out.push_str(&text[from..start]);
            out.push_str(REMOVED);
            from = end;
        }
        out.push_str(&text[from..]);
        out
    }

    /// The name shown for a commenter: as given, unless it is empty or an e-mail address.
    pub fn author(&self, name: &str) -> String {
        let name = self.clean(name.trim());
        let looks_like_mail = name
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains(' '));
        if name.is_empty() || name == REMOVED || looks_like_mail {
            ANONYMOUS.to_string()
        } else {
            name
        }
    }
}

/// The archive file's form: a `[[comment]]` table per comment.
#[derive(Serialize)]
struct ArchiveFile {
    comment: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<u64>,
    author: String,
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    text: String,
}

/// One kept comment, converted: its date and its text as markdown.
pub struct Converted {
    pub date: toml::value::Datetime,
    pub markdown: String,
}

/// The text of `comments.toml` for a post's kept comments (see [`select`]). `convert` gives
/// each comment's date and text; a reply to a comment left out answers the nearest comment
/// above it that is kept, or the post.
pub fn archive(
    all: &[wxr::Comment],
    kept: &[usize],
    scrub: &Scrub,
    mut convert: impl FnMut(&wxr::Comment) -> Converted,
) -> String {
    let replies = Replies::new(all, kept);
    let entries = kept
        .iter()
        .map(|&i| {
            let c = &all[i];
            let converted = convert(c);
            let pingback = is_pingback(c);
            Entry {
                id: c.id,
                reply_to: replies.answered(c.parent),
                author: scrub.author(&c.author),
                date: converted.date,
                kind: pingback.then(|| c.kind.clone()),
                // A pingback's address is the page that linked to the post, which is what it
                // tells; a reader's own website is not kept.
                url: pingback
                    .then(|| scrub.clean(c.author_url.trim()))
                    .filter(|u| u.starts_with("http")),
                text: scrub.clean(converted.markdown.trim()),
            }
        })
        .collect();
    let toml = toml::to_string(&ArchiveFile { comment: entries }).expect("comments serialise to TOML");
    format!(
        "# Comments kept from WordPress: a read-only archive, shown under the post.\n\
         # Each [[comment]] has the name its author gave, its date and its text (markdown);\n\
         # reply_to is the id of the comment it answers. E-mail and IP addresses were not kept.\n\n{toml}"
    )
}

/// The kept comments of a page as a section of its text, since a plain page has no archive:
/// a heading, then each comment quoted with the name its author gave and its date, its
/// replies quoted inside it. What is kept of each, and what never is, is the archive's.
pub fn section(
    all: &[wxr::Comment],
    kept: &[usize],
    scrub: &Scrub,
    mut convert: impl FnMut(&wxr::Comment) -> Converted,
) -> String {
    let replies = Replies::new(all, kept);
    // Each kept comment's quote, and the kept comment it answers.
    let mut quotes: Vec<(u64, Option<u64>, String)> = Vec::new();
    for &i in kept {
        let c = &all[i];
        let converted = convert(c);
        let date = converted
            .date
            .date
            .map(|d| format!(", {:04}-{:02}-{:02}", d.year, d.month, d.day))
            .unwrap_or_default();
        let text = scrub.clean(converted.markdown.trim());
        let quote = format!("**{}**{date}\n\n{text}", escape_markdown(&scrub.author(&c.author)));
        quotes.push((c.id, replies.answered(c.parent), quote));
    }
    fn quoted(id: Option<u64>, quotes: &[(u64, Option<u64>, String)], depth: usize) -> Vec<String> {
        quotes
            .iter()
            .filter(|(_, parent, _)| *parent == id && depth < 6)
            .map(|(own, _, text)| {
                let mut block = text.clone();
                for reply in quoted(Some(*own), quotes, depth + 1) {
                    block.push_str("\n\n");
                    block.push_str(&reply);
                }
                block
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }
    let mut out = String::from("## Kommentarer\n");
    for block in quoted(None, &quotes, 0) {
        out.push('\n');
        out.push_str(&block);
        out.push('\n');
    }
    out
}

/// A name as markdown shows it as it is.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '!' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which kept comment a comment answers, for the archive and a page's section alike.
struct Replies {
    parents: HashMap<u64, u64>,
    kept: HashSet<u64>,
}

impl Replies {
    /// The comments `all`, of which those at `kept` are kept.
    fn new(all: &[wxr::Comment], kept: &[usize]) -> Replies {
        Replies {
            parents: all.iter().map(|c| (c.id, c.parent)).collect(),
            kept: kept.iter().map(|&i| all[i].id).collect(),
        }
    }

    /// The nearest comment above `parent` (itself first) that is kept.
    fn answered(&self, mut parent: u64) -> Option<u64> {
        let mut seen = HashSet::new();
        while parent != 0 && seen.insert(parent) {
            if self.kept.contains(&parent) {
                return Some(parent);
            }
            parent = self.parents.get(&parent).copied().unwrap_or(0);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u64, parent: u64, approved: &str, kind: &str) -> wxr::Comment {
        wxr::Comment {
            id,
            parent,
            author: format!("Läsare {id}"),
            author_email: format!("lasare{id}@example.se"),
            author_ip: format!("192.0.2.{id}"),
            agent: "Mozilla/5.0 (X11; Linux x86_64)".into(),
            approved: approved.into(),
            kind: kind.into(),
            content: "Text".into(),
            ..Default::default()
        }
    }

    #[test]
    fn spam_trash_unapproved_and_pingbacks_are_counted_and_replies_find_a_kept_parent() {
        let all = vec![
            comment(1, 0, "1", ""),
            comment(2, 1, "spam", ""),
            comment(3, 2, "1", "comment"),
            comment(4, 0, "0", ""),
            comment(5, 0, "trash", ""),
            comment(6, 0, "1", "pingback"),
        ];
        let (kept, counts) = select(&all, false);
        assert_eq!(kept.iter().map(|&i| all[i].id).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(
            counts,
            CommentCounts {
                kept: 2,
                posts: 1,
                spam: 1,
                trash: 1,
                unapproved: 1,
                pingbacks: 1,
                pages: 0
            }
        );
        let scrub = Scrub::new(&all);
        let date = toml::value::Datetime {
            date: Some(toml::value::Date {
                year: 2016,
                month: 12,
                day: 8,
            }),
            time: None,
            offset: None,
        };
        let text = archive(&all, &kept, &scrub, |c| Converted {
            date,
            markdown: format!("Skriv till lasare{}@EXAMPLE.se, från 192.0.2.{}", c.id, c.id),
        });
        // Comment 3 answered spam that is gone: it answers comment 1, above it.
        assert!(text.contains("id = 3\nreply_to = 1\n"), "{text}");
        assert!(
            !text.to_lowercase().contains("@example.se") && !text.contains("192.0.2."),
            "{text}"
        );
        assert!(text.contains("Skriv till […], från […]"), "{text}");
        let (with_pingbacks, _) = select(&all, true);
        assert_eq!(with_pingbacks.len(), 3);
    }

    #[test]
    fn a_name_given_as_an_e_mail_address_is_not_shown() {
        let scrub = Scrub::default();
        assert_eq!(scrub.author("karin@example.se"), "Anonym");
        assert_eq!(scrub.author("  "), "Anonym");
        assert_eq!(scrub.author("Karin @ Kalmar kommun"), "Karin @ Kalmar kommun");
    }
}
