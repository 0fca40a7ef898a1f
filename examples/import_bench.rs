//! Times `besok import wordpress --no-media` on generated exports of growing size, to show that
//! the import grows linearly with the export (each size's time per post should stay flat).
//!
//!   cargo run --release --example import_bench               # 1,000, 3,000 and 10,000 posts
//!   cargo run --release --example import_bench -- 500 2000   # other sizes
//!
//! Each post is shaped like the real blog's: a title naming a municipality, a few classic-editor
//! paragraphs with a link to an earlier post and a photo in the uploads folder (an attachment
//! of its own), a category and a tag, and three readers' comments with e-mail and IP addresses.
//! The exports and imported sites go to a temporary folder in BENCH_DIR (default: /dev/shm, a
//! RAM disk, when it exists, as for scripts/bench.sh), removed afterwards: on a shared virtual
//! disk the time is mostly the kernel's, creating 20,000 files.

use besok::import::{import_wordpress, ImportOptions};
use std::fmt::Write as _;
use std::time::Instant;

const PLACES: &[&str] = &[
    "Vetlanda",
    "Kalmar",
    "Växjö",
    "Eksjö",
    "Nässjö",
    "Jönköping",
    "Örebro",
    "Borås",
    "Håbo",
    "Luleå",
];

/// An export of `posts` posts (and their attachments and comments) and two pages.
fn export(posts: usize) -> String {
    let site = "https://blogg.example.se";
    let mut items = String::new();
    for n in 1..=posts {
        let id = n * 10;
        let place = PLACES[n % PLACES.len()];
        let (y, m, d) = (2010 + n / 3000, 1 + (n / 250) % 12, 1 + n % 28);
        let earlier = if n > 1 { (n - 1) * 10 } else { id };
        let comments: String = (1..=3)
            .map(|c| {
                format!(
                    "<wp:comment><wp:comment_id>{}</wp:comment_id><wp:comment_author><![CDATA[Läsare {c}]]></wp:comment_author>\
                     <wp:comment_author_email><![CDATA[lasare{n}-{c}@example.se]]></wp:comment_author_email>\
                     <wp:comment_author_IP><![CDATA[192.0.{}.{}]]></wp:comment_author_IP>\
                     <wp:comment_agent><![CDATA[Mozilla/5.0 (X11; Linux x86_64) Läsare/{n}]]></wp:comment_agent>\
                     <wp:comment_date><![CDATA[{y}-{m:02}-{d:02} 18:0{c}:00]]></wp:comment_date><wp:comment_date_gmt><![CDATA[{y}-{m:02}-{d:02} 17:0{c}:00]]></wp:comment_date_gmt>\
                     <wp:comment_content><![CDATA[Tack för rapporten från {place}! Skriv till lasare{n}-{c}@example.se.]]></wp:comment_content>\
                     <wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type>\
                     <wp:comment_parent>0</wp:comment_parent></wp:comment>\n",
                    id * 10 + c,
                    n % 250,
                    c
                )
            })
            .collect();
        let _ = write!(
            items,
            r#"<item>
<title><![CDATA[Besök i {place} nummer {n}]]></title>
<link>{site}/{y}/{m:02}/{d:02}/besok-{n}/</link>
<dc:creator><![CDATA[anna]]></dc:creator>
<content:encoded><![CDATA[Vi besökte {place} en dag i {y}. Kommunen visade oss sitt arbete med barn och unga.
Det var en lång dag.

<h2>Samverkan</h2>
Som i <a href="{site}/?p={earlier}">förra besöket</a> talade vi om samverkan mellan förvaltningarna.

[caption id="attachment_{a}" width="300"]<img src="{site}/wp-content/uploads/{y}/{m:02}/foto-{n}-300x200.jpg" alt="Rådhuset i {place}" /> Rådhuset[/caption]

Läs mer på <a href="https://{slug}.se/">kommunens webbplats</a>.]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:post_date><![CDATA[{y}-{m:02}-{d:02} 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[{y}-{m:02}-{d:02} 09:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[besok-{n}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="barn-och-unga"><![CDATA[Barn och unga]]></category>
<category domain="post_tag" nicename="samverkan"><![CDATA[samverkan]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[{a}]]></wp:meta_value></wp:postmeta>
{comments}</item>
<item>
<title><![CDATA[foto-{n}]]></title>
<wp:post_id>{a}</wp:post_id>
<wp:post_parent>{id}</wp:post_parent>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{site}/wp-content/uploads/{y}/{m:02}/foto-{n}.jpg]]></wp:attachment_url>
</item>
"#,
            a = id + 1,
            slug = besok::slugs::slugify(place),
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Kommunbesök</title>
<link>{site}</link>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[anna]]></wp:author_login><wp:author_display_name><![CDATA[Anna Ågren]]></wp:author_display_name></wp:author>
{items}<item>
<title><![CDATA[Om oss]]></title>
<link>{site}/om-oss/</link>
<content:encoded><![CDATA[Vi besöker kommuner.]]></content:encoded>
<wp:post_id>2</wp:post_id>
<wp:post_name><![CDATA[om-oss]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[page]]></wp:post_type>
</item>
</channel>
</rss>
"#
    )
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("sizes are numbers of posts"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 3_000, 10_000]
    } else {
        sizes
    };
    let base = std::env::var_os("BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("/dev/shm"));
    let base = if base.is_dir() { base } else { std::env::temp_dir() };
    println!("in {}", base.display());
    println!(
        "{:>8} {:>10} {:>10} {:>14}",
        "posts", "export", "seconds", "ms per post"
    );
    for posts in sizes {
        let dir = tempfile::tempdir_in(&base).expect("temp dir");
        let file = dir.path().join("export.xml");
        let text = export(posts);
        std::fs::write(&file, &text).expect("write export");
        let mut options = ImportOptions::new(&file, dir.path());
        options.media = false;
        let start = Instant::now();
        let report = import_wordpress(&options).expect("imports");
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(report.imported.len(), posts, "every post imported");
        println!(
            "{posts:>8} {:>8} MB {seconds:>10.2} {:>14.3}",
            text.len() / 1_000_000,
            seconds * 1000.0 / posts as f64
        );
    }
}
