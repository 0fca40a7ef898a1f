//! Shortcodes in posts: the default theme's gallery, video and file, a site's own shortcode
//! with a body, a site's shortcode replacing the theme's, and what feeds and the search index
//! make of them. (Their error messages are pinned in `errors.rs`, the click on a video's poster
//! in `browser::shortcodes`, and their look and accessibility in `theme.rs`.)

use crate::common::{post, search_terms, SiteTest};
use image::{ImageEncoder, RgbImage};
use std::fs;

/// A JPEG photo of `w`×`h` pixels.
pub fn jpeg(w: u32, h: u32, tint: u8) -> Vec<u8> {
    let picture = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, tint])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(picture.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The text of the Kalmar post: every built-in shortcode, the site's own `note` with a body,
/// and a shortcode in code, which stays text.
pub const KALMAR: &str = r#"Vi besökte Kalmar. Läs {{ file(name="rapport.pdf", title="Rapporten från besöket") }} först.

![Slottet i vinterljus](slott.jpg "Kalmar slott")

{{ gallery(captions=["Domkyrkan från torget"]) }}

{{ video(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="Samtal på stadshuset", poster="poster.jpg") }}

{{ video(url="https://vimeo.com/76979871", title="Hamnen") }}

{{ video(file="film.mp4", title="Egen film") }}

{% note(kind="info") %}
**Viktigt:** se [kommunens sida](https://kalmar.se/).
{% end %}

Så skrivs ett galleri: `{{ gallery() }}`
"#;

/// A site with the Kalmar bundle (three photos besides the one the text shows, a PDF of 2,400
/// bytes and a video file), a post without shortcodes, and the site's own `note` shortcode.
pub fn kalmar_site() -> SiteTest {
    let site = SiteTest::new()
        .file(
            "content/posts/kalmar/index.md",
            post("Besök i Kalmar", "2016-12-08").municipality("Kalmar").body(KALMAR),
        )
        .file("content/posts/vaxjo.md", post("Besök i Växjö", "2016-11-01").body("Inga koder här."))
        .file(
            "templates/shortcodes/note.html",
            "{#- A note beside the text.\n    args: kind? -#}\n<aside class=\"note note-{{ kind }}\">{{ body | safe }}</aside>\n",
        );
    let dir = site.root().join("content/posts/kalmar");
    for (name, w, h, tint) in [
        ("slott.jpg", 800, 600, 40),
        ("domkyrkan.jpg", 600, 800, 90),
        ("sund.jpg", 900, 600, 140),
        ("poster.jpg", 640, 360, 200),
    ] {
        fs::write(dir.join(name), jpeg(w, h, tint)).unwrap();
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(2400, b' ');
    fs::write(dir.join("rapport.pdf"), pdf).unwrap();
    fs::write(dir.join("film.mp4"), vec![0u8; 5000]).unwrap();
    site
}

const PAGE: &str = "posts/besok-i-kalmar/index.html";

#[test]
fn a_gallery_shows_the_photos_the_text_does_not_in_their_sizes_each_linking_to_its_largest() {
    let site = kalmar_site().build();
    // slott.jpg is in the text and poster.jpg is the video's: the rest, by name.
    let links = site.attrs(PAGE, ".gallery figure a", "href");
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(
        links[0].starts_with("/posts/besok-i-kalmar/domkyrkan-600w."),
        "{links:?}"
    );
    assert!(links[1].starts_with("/posts/besok-i-kalmar/sund-900w."), "{links:?}");
    for link in &links {
        assert!(site.exists(link.trim_start_matches('/')), "{link} is not published");
    }
    let srcsets = site.attrs(PAGE, ".gallery img", "srcset");
    assert!(
        srcsets[0].contains("480w") && srcsets[0].contains("600w"),
        "{srcsets:?}"
    );
    assert_eq!(site.attrs(PAGE, ".gallery img", "loading"), ["lazy", "lazy"]);
    assert_eq!(site.attrs(PAGE, ".gallery img", "width"), ["600", "900"]);
    assert_eq!(site.attrs(PAGE, ".gallery img", "height"), ["800", "600"]);
    // A caption is its photo's alt text too; a photo without one is named by its file.
    assert_eq!(
        site.attrs(PAGE, ".gallery img", "alt"),
        ["Domkyrkan från torget", "sund"]
    );
    assert_eq!(site.select(PAGE, ".gallery figcaption"), ["Domkyrkan från torget"]);
    // No photo is published as it was.
    assert!(!site.exists("posts/besok-i-kalmar/domkyrkan.jpg"));
}

#[test]
fn a_gallery_of_named_photos_keeps_their_order() {
    let site = kalmar_site();
    site.write(
        "content/posts/kalmar/index.md",
        post("Besök i Kalmar", "2016-12-08")
            .body("{{ gallery(files=[\"sund.jpg\", \"slott.jpg\"]) }}\n\n![Slottet](slott.jpg)\n"),
    );
    let site = site.build();
    let links = site.attrs(PAGE, ".gallery a", "href");
    assert_eq!(links.len(), 2);
    assert!(
        links[0].contains("/sund-900w.") && links[1].contains("/slott-800w."),
        "{links:?}"
    );
    // The text's alt text is the photo's in the gallery too.
    assert_eq!(site.attrs(PAGE, ".gallery img", "alt"), ["sund", "Slottet"]);
}

#[test]
fn a_video_loads_nothing_of_its_site_until_clicked_and_is_a_link_without_scripts() {
    let site = kalmar_site().build();
    let posters = site.attrs(PAGE, "a.video-poster", "href");
    assert_eq!(
        posters,
        [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/76979871"
        ]
    );
    assert_eq!(
        site.attrs(PAGE, "a.video-poster", "data-video-embed"),
        [
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
        ]
    );
    assert_eq!(
        site.select(PAGE, "a.video-poster .video-text"),
        [
            "Samtal på stadshuset Spela upp videon (YouTube)",
            "Hamnen Spela upp videon (Vimeo)"
        ]
    );
    // The poster photo is the site's own, in its sizes; the other video has a plain poster.
    let poster = site.attrs(PAGE, "a.video-poster img", "src");
    assert_eq!(poster.len(), 1);
    assert!(
        poster[0].starts_with("/posts/besok-i-kalmar/poster-640w."),
        "{poster:?}"
    );
    let html = site.read(PAGE);
    for third_party in ["<iframe", "youtube.com/embed", "i.ytimg.com", "vimeocdn"] {
        assert!(!html.contains(third_party), "the page holds {third_party}");
    }
    // The script that swaps in the player is on this page, and on no page without a video.
    let script = site.published("video.js");
    assert_eq!(site.attrs(PAGE, "script[src]", "src"), [format!("/{script}")]);
    assert!(site.exists(&script));
    assert!(!site.read("posts/besok-i-vaxjo/index.html").contains("video."));
    assert!(!site.read("index.html").contains(&script));
}

#[test]
fn a_video_file_of_the_bundle_is_played_in_the_page_and_loaded_only_then() {
    let site = kalmar_site().build();
    assert_eq!(
        site.attrs(PAGE, "video[controls][preload=none]", "src"),
        ["/posts/besok-i-kalmar/film.mp4"]
    );
    assert_eq!(site.select(PAGE, ".video figcaption"), ["Egen film"]);
    assert!(site.exists("posts/besok-i-kalmar/film.mp4"));
}

#[test]
fn a_document_is_a_card_with_its_type_and_size() {
    let site = kalmar_site().build();
    assert_eq!(
        site.attrs(PAGE, "a.file-card", "href"),
        ["/posts/besok-i-kalmar/rapport.pdf"]
    );
    assert_eq!(
        site.select(PAGE, ".file-card .file-text"),
        ["Rapporten från besöket PDF, 2 kB"]
    );
    assert!(site.exists("posts/besok-i-kalmar/rapport.pdf"));
}

#[test]
fn a_sites_own_shortcode_gets_its_body_as_html_and_code_keeps_shortcodes_as_text() {
    let site = kalmar_site().build();
    assert_eq!(site.select(PAGE, "aside.note-info strong"), ["Viktigt:"]);
    assert_eq!(site.attrs(PAGE, "aside.note-info a", "href"), ["https://kalmar.se/"]);
    assert_eq!(site.select(PAGE, ".content code"), ["{{ gallery() }}"]);
    site.check_not(PAGE, &["besok-shortcode", "{% note", "{% end"]);
}

#[test]
fn what_a_shortcode_prints_is_escaped_but_its_templates_html() {
    let site = kalmar_site();
    site.write(
        "content/posts/kalmar/index.md",
        post("Besök i Kalmar", "2016-12-08")
            .body("{{ file(name=\"rapport.pdf\", title=\"<script>alert(1)</script> & \\\"citat\\\"\") }}\n"),
    );
    let site = site.build();
    site.check(PAGE, &["&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;"]);
    site.check_not(PAGE, &["<script>alert"]);
    assert_eq!(
        site.select(PAGE, ".file-title"),
        ["<script>alert(1)</script> & \"citat\""]
    );
}

#[test]
fn a_sites_shortcode_replaces_the_themes_of_the_same_name() {
    let site = kalmar_site()
        .file(
            "templates/shortcodes/file.html",
            "{#- args: name: file, title? -#}\n<a class=\"eget-dokument\" href=\"{{ name.url }}\">{{ title }} ({{ name.size }})</a>\n",
        )
        .build();
    assert_eq!(site.select(PAGE, "a.eget-dokument"), ["Rapporten från besöket (2 kB)"]);
    assert!(site.select(PAGE, ".file-card").is_empty());
}

#[test]
fn feeds_show_galleries_as_images_and_videos_as_links_without_scripts() {
    let site = kalmar_site().build();
    let feed = site.read("atom.xml");
    let parsed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    let entry = parsed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content == "Besök i Kalmar"))
        .unwrap();
    let content = entry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    let html = scraper::Html::parse_fragment(&content);
    let select = |s: &str, attr: &str| -> Vec<String> {
        let sel = scraper::Selector::parse(s).unwrap();
        html.select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    };
    let gallery = select(".gallery img", "src");
    assert_eq!(gallery.len(), 2);
    assert!(
        gallery
            .iter()
            .all(|s| s.starts_with("https://example.org/posts/besok-i-kalmar/")),
        "{gallery:?}"
    );
    assert_eq!(
        select("a.video-poster", "href"),
        [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://vimeo.com/76979871"
        ]
    );
    assert!(
        !content.contains("<script") && !content.contains("<iframe"),
        "{content}"
    );
}

#[test]
fn the_search_index_has_a_shortcodes_captions_and_titles_and_none_of_its_markup() {
    let site = kalmar_site().build();
    let out = site.output();
    let (manifest, _) = crate::common::search_docs(&out);
    let terms: Vec<String> = search_terms(&out, &manifest).into_iter().map(|(t, _)| t).collect();
    for word in ["domkyrkan", "samtal", "stadshuset", "hamnen", "rapporten", "viktigt"] {
        let stem = crate::common::sv_stem(word);
        assert!(terms.contains(&stem), "{word} ({stem}) is not indexed: {terms:?}");
    }
    for markup in ["srcset", "480w", "lazy", "figure", "nocookie", "shortcode"] {
        assert!(
            !terms.iter().any(|t| t.contains(markup)),
            "{markup} is indexed: {terms:?}"
        );
    }
    // The theme's words on a video's poster and a document's card are not the post's.
    for word in ["spela", "videon", "youtube", "vimeo", "kb"] {
        let stem = crate::common::sv_stem(word);
        assert!(!terms.contains(&stem), "{word} ({stem}) is indexed: {terms:?}");
    }
}
