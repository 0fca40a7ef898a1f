//! The blog's own files (photos, PDFs) that posts and pages show or link to: which files they
//! are, which original each resized copy was made from, and what each is called once saved.
//!
//! WordPress keeps every uploaded photo in several sizes (`foto-300x200.jpg`, `foto-1024x683.jpg`)
//! and, since 5.3, a large photo's downscaled `foto-scaled.jpg`; posts show those copies. besok
//! makes its own sizes, so the import fetches the original (`foto.jpg`) when the blog still has
//! it and falls back to the copy the post names.

use super::urls::OwnUrl;
use std::collections::HashMap;
use std::path::PathBuf;
use url::Url;

/// Where the blog's uploads are: `wp-content/uploads/` below the blog's address.
const UPLOADS: &str = "/wp-content/uploads/";

/// Extensions of web pages: a link to such an address is a page, not a file to save.
const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "php", "asp", "aspx", "xml", "shtml"];

/// An attachment of the export (an item of type `attachment`): a file in the media library.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: u64,
    /// Its file (`wp:attachment_url`).
    pub url: String,
    /// The post or page it was uploaded to (0: none).
    pub parent: u64,
    /// Its alt text (`_wp_attachment_image_alt`).
    pub alt: Option<String>,
}

/// The export's attachments by id, and which belong to each post or page.
#[derive(Debug, Default)]
pub struct Library {
    by_id: HashMap<u64, Attachment>,
    /// Post or page id → its attachments' ids, in the export's order.
    by_parent: HashMap<u64, Vec<u64>>,
    /// Attachments whose item names no file (no `wp:attachment_url`).
    without_file: std::collections::HashSet<u64>,
}

impl Library {
    pub fn add(&mut self, attachment: Attachment) {
        if attachment.parent != 0 {
            self.by_parent.entry(attachment.parent).or_default().push(attachment.id);
        }
        self.by_id.insert(attachment.id, attachment);
    }

    /// An attachment of the export that names no file.
    pub fn add_without_file(&mut self, id: u64) {
        self.without_file.insert(id);
    }

    /// Whether attachment `id` is in the export without a file.
    pub fn has_no_file(&self, id: u64) -> bool {
        self.without_file.contains(&id)
    }

    pub fn get(&self, id: u64) -> Option<&Attachment> {
        self.by_id.get(&id)
    }

    pub fn values(&self) -> impl Iterator<Item = &Attachment> {
        self.by_id.values()
    }

    /// The attachments uploaded to post or page `parent`, in the export's order.
    pub fn of(&self, parent: u64) -> impl Iterator<Item = &Attachment> {
        self.by_parent
            .get(&parent)
            .into_iter()
            .flatten()
            .filter_map(|id| self.by_id.get(id))
    }
}

/// Whether an address on the blog is a file rather than a page: it is in the uploads folder or
/// ends in a file name that is not a web page's.
pub fn is_file(url: &OwnUrl) -> bool {
    let path = url.fetch.path();
    if path.contains(UPLOADS) {
        return true;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && !ext.is_empty() && !PAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

/// Whether the file at `url` (as written) is a photo, by its extension.
pub fn is_photo_name(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rsplit_once('.').is_some_and(|(_, ext)| {
        ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"].contains(&ext.to_ascii_lowercase().as_str())
    })
}

/// The addresses to try for the file at `url`, best first: the original a resized copy was
/// made from (`foto.jpg` for `foto-300x200.jpg` and `foto-scaled.jpg`), WordPress's downscaled
/// copy of it (`foto-scaled.jpg`), and last `url` itself.
pub fn candidates(url: &Url) -> Vec<Url> {
    let mut out = Vec::new();
    if let Some(stem) = original_stem(url) {
        let (_, ext) = split_name(url);
        for name in [format!("{stem}.{ext}"), format!("{stem}-scaled.{ext}")] {
            let mut u = url.clone();
            u.set_query(None);
            if let Ok(mut segments) = u.path_segments_mut() {
                segments.pop().push(&decode(&name));
            }
            if !out.contains(&u) && u != *url {
                out.push(u);
            }
        }
    }
    out.push(url.clone());
    out
}

/// The name of the file (decoded) and its extension, of the last part of `url`'s path.
fn split_name(url: &Url) -> (String, String) {
    let last = decode(url.path().rsplit('/').next().unwrap_or(""));
    match last.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_string(), ext.to_string()),
        None => (last.clone(), String::new()),
    }
}

/// The original's name without extension when `url` names a copy WordPress made of a photo:
/// `foto-300x200.jpg`, `foto-scaled.jpg`, `foto-rotated.jpg`, `foto-scaled-300x200.jpg`.
fn original_stem(url: &Url) -> Option<String> {
    let (stem, ext) = split_name(url);
    if !["jpg", "jpeg", "png", "gif", "webp"].contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut s = stem.as_str();
    if let Some((base, size)) = s.rsplit_once('-') {
        let is_size = size.split_once('x').is_some_and(|(w, h)| {
            !w.is_empty()
                && !h.is_empty()
                && w.bytes().all(|b| b.is_ascii_digit())
                && h.bytes().all(|b| b.is_ascii_digit())
        });
        if is_size {
            s = base;
        }
    }
    for suffix in ["-scaled", "-rotated"] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    (s != stem && !s.is_empty()).then(|| s.to_string())
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The file's path below the uploads folder (`2016/12/foto.jpg`), for `--uploads DIR`. `None`
/// when it is not in the uploads folder, or its path would lead out of it.
pub fn uploads_path(url: &Url) -> Option<PathBuf> {
    let path = url.path();
    let rest = &path[path.find(UPLOADS)? + UPLOADS.len()..];
    let mut out = PathBuf::new();
    for part in rest.split('/') {
        let part = decode(part);
        if part.is_empty() || part == "." || part == ".." || part.contains(['/', '\\', '\0']) {
            return None;
        }
        out.push(part);
    }
    Some(out)
}

/// A file name that is safe on every file system and in a markdown link: the URL word of its
/// name (`Rådhus 1.JPG` → `radhus-1.jpg`), or `fil` when that has no letters.
pub fn file_name(url: &Url) -> String {
    let (stem, ext) = split_name(url);
    let mut word = crate::slugs::slugify(&stem);
    if word.is_empty() {
        word = "fil".to_string();
    }
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match ext.as_str() {
        "" => word,
        // Beside a post's index.md, a markdown file would be taken for text of the site, and
        // the comments archive's name is taken: such files get a name published as it is.
        "md" => format!("{word}.md.txt"),
        "toml" if word == "comments" => "comments-fil.toml".to_string(),
        _ => format!("{word}.{ext}"),
    }
}

/// The path a page's file gets under the site's `static/` folder: its path on the old site,
/// each part made safe (`wp-content/uploads/2016/12/radhus.jpg`), so the file keeps its address.
pub fn static_path(url: &Url) -> PathBuf {
    let mut out = PathBuf::new();
    let parts: Vec<&str> = url.path().split('/').filter(|p| !p.is_empty()).collect();
    if let Some((_, folders)) = parts.split_last() {
        for folder in folders {
            let word = crate::slugs::slugify(decode(folder));
            if !word.is_empty() {
                out.push(word);
            }
        }
    }
    out.push(file_name(url));
    out
}

/// Gives each file of one folder a name of its own: the second `foto.jpg` from another address
/// is `foto-2.jpg`. Names are handed out in the order files are asked for, so a second import
/// of the same export names them the same.
#[derive(Debug, Default)]
pub struct Names {
    taken: HashMap<String, Url>,
}

impl Names {
    /// The name for the file at `original` (the same name each time it is asked for).
    pub fn name(&mut self, original: &Url, wanted: &str) -> String {
        let (stem, ext) = match wanted.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (wanted.to_string(), String::new()),
        };
        let mut n = 1;
        loop {
            let name = if n == 1 {
                wanted.to_string()
            } else {
                format!("{stem}-{n}{ext}")
            };
            match self.taken.get(&name) {
                Some(u) if u == original => return name,
                Some(_) => n += 1,
                None => {
                    self.taken.insert(name.clone(), original.clone());
                    return name;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn names(urls: Vec<Url>) -> Vec<String> {
        urls.iter().map(|u| u.path().to_string()).collect()
    }

    #[test]
    fn a_resized_copy_is_fetched_as_its_original_first() {
        assert_eq!(
            names(candidates(&url(
                "https://b.se/wp-content/uploads/2016/12/foto-300x200.jpg"
            ))),
            [
                "/wp-content/uploads/2016/12/foto.jpg",
                "/wp-content/uploads/2016/12/foto-scaled.jpg",
                "/wp-content/uploads/2016/12/foto-300x200.jpg"
            ]
        );
        assert_eq!(
            names(candidates(&url("https://b.se/u/foto-scaled.jpg"))),
            ["/u/foto.jpg", "/u/foto-scaled.jpg"]
        );
        assert_eq!(
            names(candidates(&url("https://b.se/u/foto-scaled-1024x683.jpeg"))),
            ["/u/foto.jpeg", "/u/foto-scaled.jpeg", "/u/foto-scaled-1024x683.jpeg"]
        );
        // Names that only look alike, and files that are not photos, are fetched as they are.
        for kept in [
            "/u/karta-sverige.png",
            "/u/rapport-300x200.pdf",
            "/u/x-300xa.jpg",
            "/u/-300x200.jpg",
        ] {
            assert_eq!(names(candidates(&url(&format!("https://b.se{kept}")))), [kept]);
        }
    }

    #[test]
    fn file_names_and_uploads_paths_are_safe() {
        assert_eq!(file_name(&url("https://b.se/u/R%C3%A5dhus%201.JPG")), "radhus-1.jpg");
        assert_eq!(file_name(&url("https://b.se/u/%20.png")), "fil.png");
        assert_eq!(file_name(&url("https://b.se/u/index.md")), "index.md.txt");
        assert_eq!(file_name(&url("https://b.se/u/comments.toml")), "comments-fil.toml");
        assert_eq!(
            uploads_path(&url("https://b.se/wp-content/uploads/2016/12/a%20b.jpg")),
            Some(PathBuf::from("2016/12/a b.jpg"))
        );
        assert_eq!(
            uploads_path(&url("https://b.se/wp-content/uploads/2016%2F..%2F..%2Fx.jpg")),
            None
        );
        assert_eq!(uploads_path(&url("https://b.se/bilder/x.jpg")), None);
        assert_eq!(
            static_path(&url("https://b.se/wp-content/uploads/2016/12/Karta.PNG")),
            PathBuf::from("wp-content/uploads/2016/12/karta.png")
        );
    }

    #[test]
    fn two_files_of_one_name_get_two_names() {
        let mut names = Names::default();
        let a = url("https://b.se/2016/a.jpg");
        let b = url("https://b.se/2017/a.jpg");
        assert_eq!(names.name(&a, "a.jpg"), "a.jpg");
        assert_eq!(names.name(&b, "a.jpg"), "a-2.jpg");
        assert_eq!(names.name(&a, "a.jpg"), "a.jpg");
    }
}
