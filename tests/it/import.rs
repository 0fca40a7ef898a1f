//! `besok import wordpress` moving a whole blog, as a user runs it: an export with photos,
//! pages, comments and links in every spelling, and every odd shape real exports come in;
//! the old blog served on loopback by a real HTTP server with a missing file, a slow one and a
//! web page served as a photo; then `besok build`, and the built site read back.

use crate::common::{besok, ok, read, snapshot, stderr};
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A photo's bytes: a small JPEG or PNG that besok can read.
fn photo(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([(x * 5) as u8, (y * 7) as u8, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, format).unwrap();
    bytes.into_inner()
}

/// What the old blog answers at a path.
#[derive(Clone)]
enum Answer {
    File(&'static str, Vec<u8>),
    /// The file, after this long: past the import's timeout.
    Slow(Duration, Vec<u8>),
}

/// The old WordPress blog, on 127.0.0.1 (loopback only): its uploads, every other path 404. Each request is
/// answered on a thread of its own, so a slow answer does not hold up the others.
struct OldBlog {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl OldBlog {
    fn start(files: HashMap<String, Answer>) -> OldBlog {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                log.lock().unwrap().push(request.url().to_string());
                let answer = files.get(request.url()).cloned();
                std::thread::spawn(move || {
                    let (status, kind, body) = match answer {
                        Some(Answer::File(kind, body)) => (200, kind, body),
                        Some(Answer::Slow(wait, body)) => {
                            std::thread::sleep(wait);
                            (200, "image/jpeg", body)
                        }
                        None => (
                            404,
                            "text/html",
                            b"<!DOCTYPE html><title>Hittades inte</title>".to_vec(),
                        ),
                    };
                    let header = tiny_http::Header::from_bytes("Content-Type", kind).unwrap();
                    let _ = request.respond(
                        tiny_http::Response::from_data(body)
                            .with_status_code(status)
                            .with_header(header),
                    );
                });
            }
        });
        OldBlog { port, requests }
    }

    /// The blog's address: `localhost`, so that `www.localhost` is one of its spellings (the
    /// server answers on 127.0.0.1, which `localhost` names).
    fn host(&self) -> String {
        format!("localhost:{}", self.port)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

/// The old blog's files: a photo whose post shows a resized copy, a missing one, a slow one,
/// a web page served as a photo, a photo WordPress downscaled (`-scaled`, the original gone),
/// a PDF, the featured image and a page's photo.
fn old_blog() -> OldBlog {
    let jpeg = photo(image::ImageFormat::Jpeg);
    let png = photo(image::ImageFormat::Png);
    let up = |p: &str| format!("/wp-content/uploads/{p}");
    OldBlog::start(HashMap::from([
        (up("2016/12/radhus.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (
            up("2016/12/radhus-300x200.jpg"),
            Answer::File("image/jpeg", jpeg.clone()),
        ),
        (
            up("2016/12/langsam.jpg"),
            Answer::Slow(Duration::from_secs(4), jpeg.clone()),
        ),
        (
            up("2016/12/falsk.jpg"),
            Answer::File(
                "image/jpeg",
                b"<!DOCTYPE html><html><body>Inloggning</body></html>".to_vec(),
            ),
        ),
        (up("2017/03/stor-scaled.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (
            up("2017/01/rapport.pdf"),
            Answer::File("application/pdf", b"%PDF-1.4\n% rapport\n%%EOF\n".to_vec()),
        ),
        (up("2017/02/karta.png"), Answer::File("image/png", png.clone())),
        (up("2017/04/team.png"), Answer::File("image/png", png)),
    ]))
}

/// The e-mail addresses, IP addresses and user agents of the export's comments: none may be
/// written anywhere.
const PII: &[&str] = &[
    "karin.hemlig@example.se",
    "203.0.113.77",
    "Hemlig Agent/1.0",
    "olle.hemlig@example.se",
    "198.51.100.23",
    "spammare@example.com",
];

/// An export of a blog with photos, pages and comments, in every odd shape real exports come
/// in: a redundant `xmlns=""`, `wp:` bound again on an item and under another prefix, CRLF line
/// endings, content escaped with entities instead of CDATA, an item without a title, a
/// `0000-00-00` GMT date, and names with spaces and %-escapes.
fn export(host: &str) -> String {
    let site = format!("http://{host}");
    let comment = |id: u32,
                   parent: u32,
                   author: &str,
                   email: &str,
                   ip: &str,
                   approved: &str,
                   kind: &str,
                   text: &str| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author><![CDATA[{author}]]></wp:comment_author>\
             <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email><wp:comment_author_url>https://annan.example.org/inlagg/</wp:comment_author_url>\
             <wp:comment_author_IP><![CDATA[{ip}]]></wp:comment_author_IP><wp:comment_agent><![CDATA[Hemlig Agent/1.0]]></wp:comment_agent>\
             <wp:comment_date><![CDATA[2016-11-11 09:{id:02}:00]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2016-11-11 08:{id:02}:00]]></wp:comment_date_gmt>\
             <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>\
             <wp:comment_type><![CDATA[{kind}]]></wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
        )
    };
    let comments = [
        comment(1, 0, "Karin", PII[0], PII[1], "1", "comment", &format!("Tack! Som ni skrev i <a href=\"{site}/?p=412\">Vetlanda</a>. Mejla mig på karin.hemlig@example.se eller läs <a href=\"https://kalmar.se/\">kommunens sida</a>.")),
        comment(2, 1, "Anna Ågren", "anna@example.se", "192.0.2.10", "1", "", "Tack själv, Karin!"),
        comment(3, 0, "Billiga klockor", PII[5], "192.0.2.66", "spam", "", "Köp nu"),
        comment(4, 0, "Borttagen", "x@example.se", "192.0.2.67", "trash", "", "Raderad"),
        comment(5, 0, "Väntar", "v@example.se", "192.0.2.68", "0", "", "Ej godkänd"),
        comment(6, 0, "Annan blogg", "", "192.0.2.69", "1", "pingback", "[…] länkade hit […]"),
        comment(7, 0, PII[3], PII[3], PII[4], "1", "", "Namnet var en e-postadress."),
        comment(8, 3, "Svar på spam", "s@example.se", "192.0.2.70", "1", "", "Jag svarade på något som försvann."),
    ]
    .concat();
    let vetlanda = format!(
        r##"Intro med <a href="#finns">en länk till rubriken</a> och <a href="#saknas">en trasig</a>.
<h2>Finns</h2>
[caption id="attachment_501" align="alignnone" width="300"]<a href="{site}/wp-content/uploads/2016/12/radhus.jpg"><img class="wp-image-501" src="https://{host}/wp-content/uploads/2016/12/radhus-300x200.jpg" alt="Rådhuset i Vetlanda" width="300" height="200" /></a> Rådhuset[/caption]

<img src="//{host}/wp-content/uploads/2016/12/saknas.jpg" alt="Saknas" /> <img src="/wp-content/uploads/2016/12/langsam.jpg" alt="Långsam" /> <img src="http://www.{host}/wp-content/uploads/2016/12/falsk.jpg" alt="Falsk" />

<img src="{site}/wp-content/uploads/2017/03/stor-1024x683.jpg" alt="Stor" /> <img src="{site}/wp-content/uploads/2016/12/fran-backup.jpg" alt="Från backupen" /> <img src="https://bilder.example.org/annan.jpg" alt="Annan sajt" />

Läs <a href="{site}/wp-content/uploads/2017/01/rapport.pdf">rapporten</a>, besöket i <a href="{site}/2016/11/10/kommunbesok-2-i-kalmar/">Kalmar</a> och dess <a href="/2016/11/10/kommunbesok-2-i-kalmar#samverkan">samverkan</a>, en <a href="/?p=388#finns-inte">saknad rubrik</a>, <a href="{site}/?page_id=2">om oss</a>, <a href="https://{host}/om-oss/styrelsen">styrelsen</a>, <a href="{site}/category/kalmar/">kategorin</a>, <a href="/?p=430">utkastet</a> och <a href="https://kalmar.se/">Kalmar kommun</a>."##
    );
    // The item that has no title, a 0000 GMT date, a name with %-escapes and spaces, its
    // content escaped with entities, and the wp: namespace bound again under other prefixes.
    let odd = format!(
        r#"<item xmlns:wp="http://wordpress.org/export/1.2/">
<title></title>
<link>{site}/2016/10/01/bes%c3%b6k i %c3%b6rebro/</link>
<content:encoded>&lt;p&gt;Ett inlägg &amp;amp; &lt;a href="{site}/?p=412#finns"&gt;en länk&lt;/a&gt;.&lt;/p&gt;</content:encoded>
<wp:post_id>450</wp:post_id>
<wp:post_date>2016-10-01 10:00:00</wp:post_date>
<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
<wp:post_name>bes%C3%B6k i %C3%B6rebro</wp:post_name>
<w:status xmlns:w="http://wordpress.org/export/1.2/">publish</w:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="barn och%20unga"><![CDATA[Barn och unga]]></category>
</item>"#
    );
    let text = format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns="" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Kommunbesök</title>
<link>{site}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[anna]]></wp:author_login><wp:author_email><![CDATA[anna@example.se]]></wp:author_email><wp:author_display_name><![CDATA[Anna Ågren]]></wp:author_display_name></wp:author>
<item>
<title><![CDATA[Besök i Vetlanda]]></title>
<link>{site}/2016/12/08/besok-i-vetlanda/</link>
<dc:creator><![CDATA[anna]]></dc:creator>
<content:encoded><![CDATA[{vetlanda}]]></content:encoded>
<excerpt:encoded><![CDATA[Om <a href="{site}/?p=388">Kalmar</a> och <img src="{site}/wp-content/uploads/2016/12/radhus.jpg" alt="rådhuset">.]]></excerpt:encoded>
<wp:post_id>412</wp:post_id>
<wp:post_date><![CDATA[2016-12-08 16:05:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2016-12-08 15:05:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[besok-i-vetlanda]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
</item>
<item>
<title><![CDATA[Kommunbesök 2 i Kalmar]]></title>
<link>{site}/2016/11/10/kommunbesok-2-i-kalmar/</link>
<dc:creator><![CDATA[anna]]></dc:creator>
<content:encoded><![CDATA[Kalmar var det andra besöket.

<h2>Samverkan</h2>
Om samverkan.]]></content:encoded>
<wp:post_id>388</wp:post_id>
<wp:post_date><![CDATA[2016-11-10 10:30:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2016-11-10 09:30:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[kommunbesok-2-i-kalmar]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[601]]></wp:meta_value></wp:postmeta>
{comments}</item>
<item>
<title><![CDATA[Återbesök i Eksjö]]></title>
<link>{site}/?p=430</link>
<content:encoded><![CDATA[Utkast.]]></content:encoded>
<wp:post_id>430</wp:post_id>
<wp:post_date><![CDATA[2017-02-01 09:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
<wp:status><![CDATA[draft]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
</item>
{odd}
<item>
<title><![CDATA[Om oss]]></title>
<link>{site}/om-oss/</link>
<content:encoded><![CDATA[Vi besöker kommuner. <img src="{site}/wp-content/uploads/2017/04/team.png" alt="Teamet" />

Läs om <a href="{site}/2016/12/08/besok-i-vetlanda/">Vetlanda</a>.]]></content:encoded>
<wp:post_id>2</wp:post_id>
<wp:post_name><![CDATA[om-oss]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[page]]></wp:post_type>
{page_comment}</item>
<item>
<title><![CDATA[Styrelsen]]></title>
<link>{site}/om-oss/styrelsen/</link>
<content:encoded><![CDATA[Styrelsen består av tre personer.]]></content:encoded>
<wp:post_id>3</wp:post_id>
<wp:post_parent>2</wp:post_parent>
<wp:post_name><![CDATA[styrelsen]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[page]]></wp:post_type>
</item>
<item>
<title><![CDATA[radhus]]></title>
<link>{site}/2016/12/08/besok-i-vetlanda/radhus/</link>
<wp:post_id>501</wp:post_id>
<wp:post_parent>412</wp:post_parent>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{site}/wp-content/uploads/2016/12/radhus.jpg]]></wp:attachment_url>
</item>
<item>
<title><![CDATA[karta]]></title>
<wp:post_id>601</wp:post_id>
<wp:post_parent>388</wp:post_parent>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{site}/wp-content/uploads/2017/02/karta.png]]></wp:attachment_url>
<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[Karta över Kalmar]]></wp:meta_value></wp:postmeta>
</item>
<item>
<title><![CDATA[oanvand]]></title>
<wp:post_id>701</wp:post_id>
<wp:post_parent>0</wp:post_parent>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{site}/wp-content/uploads/2015/01/oanvand.jpg]]></wp:attachment_url>
</item>
</channel>
</rss>
"#,
        page_comment = comment(
            9,
            0,
            "Sidkommentar",
            "sid@example.se",
            "192.0.2.71",
            "1",
            "",
            "På en sida."
        ),
    );
    // Saved on Windows: CRLF line endings throughout.
    text.replace('\n', "\r\n")
}

/// A new site at a new address without its example post, the export beside it, and a copy of
/// the blog's uploads folder holding one file the old site no longer has.
fn site_with_export(host: &str) -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    // The new site has an address of its own: what it shows of the old host is what it loads
    // from there.
    ok(&besok(
        &["init", "sajt", "--base-url", "https://ny.example.se/"],
        tmp.path(),
    ));
    let site = tmp.path().join("sajt");
    fs::remove_file(site.join("content/posts/valkommen-till-bloggen.md")).unwrap();
    let export_file = tmp.path().join("export.xml");
    fs::write(&export_file, export(host)).unwrap();
    let uploads = tmp.path().join("uploads");
    fs::create_dir_all(uploads.join("2016/12")).unwrap();
    fs::write(uploads.join("2016/12/fran-backup.jpg"), photo(image::ImageFormat::Jpeg)).unwrap();
    (tmp, site, export_file, uploads)
}

fn import(site: &Path, export: &Path, uploads: &Path) -> Output {
    besok(
        &[
            "import",
            "wordpress",
            export.to_str().unwrap(),
            "--uploads",
            uploads.to_str().unwrap(),
            "--timeout",
            "1",
        ],
        site,
    )
}

/// The lines of the summary's group whose heading starts with `heading`.
fn group(out: &str, heading: &str) -> Vec<String> {
    let mut lines = out.lines().skip_while(|l| !l.trim_start().starts_with(heading));
    lines.next();
    lines
        .take_while(|l| l.starts_with("    "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// Every address on the old host in the built site's files, with the file it is in.
fn old_host_addresses(public: &Path, host: &str) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (rel, bytes) in snapshot(public) {
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let mut rest = text.as_str();
        while let Some(at) = rest.find(host) {
            let start = rest[..at]
                .rfind(['"', '\'', '(', ' ', '>', '\n', ';', '='])
                .map_or(0, |i| i + 1);
            let end = at
                + rest[at..]
                    .find(['"', '\'', ')', ' ', '<', '\n', '&'])
                    .unwrap_or(rest.len() - at);
            found.insert((rest[start..end].to_string(), rel.clone()));
            rest = &rest[end..];
        }
    }
    found
}

#[test]
fn a_whole_blog_moves_and_the_built_site_loads_nothing_from_the_old_host_but_what_the_summary_names() {
    let blog = old_blog();
    let host = blog.host();
    let (_tmp, site, export_file, uploads) = site_with_export(&host);
    let out = ok(&import(&site, &export_file, &uploads));

    assert!(
        out.starts_with("Imported 4 posts (1 draft), 2 pages, 6 media files ("),
        "{out}"
    );
    for needle in [
        "content/posts/besok-i-vetlanda/index.md (Vetlanda; from the title; 4 files)\n",
        "content/posts/kommunbesok-2-i-kalmar/index.md (Kalmar, visit 2; from the title; 1 file; 4 comments)\n",
        "content/posts/besok-i-orebro.md\n",
        "content/pages/om-oss.md",
        "content/pages/om-oss/styrelsen.md",
        "Media: 1 from the uploads folder, 5 from the old site",
        "Comments: 5 kept in 1 post and 1 page; left out: 1 spam, 1 in the trash, 1 awaiting approval, 1 pingback (import with --pingbacks to keep them)",
        "1 file of the media library: no imported post or page shows or owns it, so it was not downloaded",
    ] {
        assert!(out.contains(needle), "summary lacks {needle:?}:\n{out}");
    }

    // The files that could not be had are named with the post and the export's line, and the
    // text keeps loading them from the old blog by their whole address.
    let not_saved = group(&out, "Files not saved");
    let export_name = export_file.display().to_string();
    let line = |needle: &str| {
        export(&host)
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let saknas_line = line("saknas.jpg");
    assert_eq!(
        not_saved,
        [
            format!("content/posts/besok-i-vetlanda/index.md ({export_name}:{saknas_line}): http://{host}/wp-content/uploads/2016/12/saknas.jpg: the server answered 404; the text still loads it from the old blog"),
            format!("content/posts/besok-i-vetlanda/index.md ({export_name}:{saknas_line}): http://{host}/wp-content/uploads/2016/12/langsam.jpg: no answer in time (timed out); the text still loads it from the old blog"),
            format!("content/posts/besok-i-vetlanda/index.md ({export_name}:{saknas_line}): http://{host}/wp-content/uploads/2016/12/falsk.jpg: what the server sent is not a photo besok can use: this is not a picture besok can recognise: use a JPEG, PNG or WebP file; the text still loads it from the old blog"),
        ],
        "{out}"
    );
    assert_eq!(
        group(&out, "Images from other sites"),
        [format!(
            "content/posts/besok-i-vetlanda/index.md ({export_name}:{}): image from another site: https://bilder.example.org/annan.jpg",
            line("annan.jpg")
        )]
    );
    let as_text = group(&out, "Links the new site cannot keep").join("\n");
    for needle in [
        "link to \"#saknas\": the text has no heading with that id",
        "link to /?p=388#finns-inte: \"Kommunbesök 2 i Kalmar\" has no heading with the id \"finns-inte\"",
        &format!(
            "link to http://{host}/category/kalmar/: a page of the old blog that is not a post or page of the export"
        ),
        "link to /?p=430: \"Återbesök i Eksjö\" is a draft, which the build leaves out",
    ] {
        assert!(as_text.contains(needle), "{needle:?} not in:\n{as_text}");
    }

    // The bundle holds the originals (not the resized copy the post showed), the PDF, and the
    // file WordPress downscaled, whose original the old site no longer has.
    let bundle = site.join("content/posts/besok-i-vetlanda");
    let mut files: Vec<String> = snapshot(&bundle).into_keys().collect();
    files.sort();
    assert_eq!(
        files,
        ["fran-backup.jpg", "index.md", "radhus.jpg", "rapport.pdf", "stor.jpg"]
    );
    let post = read(bundle.join("index.md"));
    for needle in [
        // The caption is the figure's, the link to the photo itself the figure's own.
        "![Rådhuset i Vetlanda](radhus.jpg \"Rådhuset\")",
        "[rapporten](rapport.pdf)",
        "[Kalmar](@/posts/kommunbesok-2-i-kalmar/index.md)",
        "[samverkan](@/posts/kommunbesok-2-i-kalmar/index.md#samverkan)",
        "[om oss](@/pages/om-oss.md)",
        "[styrelsen](@/pages/om-oss/styrelsen.md)",
        "[en länk till rubriken](#finns)",
        " och en trasig.",
        "en saknad rubrik, ",
        "kategorin, utkastet och [Kalmar kommun](https://kalmar.se/)",
        "![Annan sajt](https://bilder.example.org/annan.jpg)",
        "summary = \"Om Kalmar och rådhuset.\"",
    ] {
        assert!(post.contains(needle), "{needle:?} not in:\n{post}");
    }
    let kalmar = read(site.join("content/posts/kommunbesok-2-i-kalmar/index.md"));
    assert!(
        kalmar.contains("image = \"karta.png\"\nimage_alt = \"Karta över Kalmar\""),
        "{kalmar}"
    );
    let archive = read(site.join("content/posts/kommunbesok-2-i-kalmar/comments.toml"));
    assert!(
        archive
            .contains("[[comment]]\nid = 2\nreply_to = 1\nauthor = \"Anna Ågren\"\ndate = 2016-11-11T09:02:00+01:00\n"),
        "{archive}"
    );
    assert!(
        archive.contains("[Vetlanda](@/posts/besok-i-vetlanda/index.md)"),
        "{archive}"
    );
    assert!(
        archive.contains("id = 8\nauthor = \"Svar på spam\""),
        "a reply to spam answers the post:\n{archive}"
    );
    // A page's photo is saved in static/ at its old path.
    assert!(site.join("static/wp-content/uploads/2017/04/team.png").is_file());
    let page = read(site.join("content/pages/om-oss.md"));
    assert!(
        page.contains("![Teamet](/wp-content/uploads/2017/04/team.png)"),
        "{page}"
    );
    assert!(page.contains("aliases = [\"/?page_id=2\"]"), "{page}");
    // A page has no comments archive: its comments are kept in its text, as readers saw them.
    assert!(
        page.contains("\n## Kommentarer\n\n> **Sidkommentar**, 2016-11-11\n>\n> På en sida.\n"),
        "{page}"
    );
    let odd = read(site.join("content/posts/besok-i-orebro.md"));
    assert!(odd.contains("title = \"besök i örebro\""), "{odd}");
    assert!(
        odd.contains("Ett inlägg & [en länk](@/posts/besok-i-vetlanda/index.md#finns)."),
        "{odd}"
    );

    // Nothing the commenters did not show readers is written anywhere.
    for (rel, bytes) in snapshot(&site) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for secret in PII {
            assert!(!text.contains(&secret.to_lowercase()), "{secret} written in {rel}");
        }
    }

    // The site builds; what loads from the old host is exactly what the summary named.
    ok(&besok(&["build"], &site));
    let public = site.join("public");
    let on_old_host: BTreeSet<String> = old_host_addresses(&public, &host)
        .into_iter()
        .map(|(url, _)| url)
        .collect();
    let named: BTreeSet<String> = not_saved
        .iter()
        .filter_map(|l| l.split("): ").nth(1)?.split(": ").next().map(str::to_string))
        .collect();
    assert_eq!(on_old_host, named, "{:#?}", old_host_addresses(&public, &host));

    let html = read(public.join("posts/besok-i-vetlanda/index.html"));
    for needle in [
        "href=\"/posts/kommunbesok-2-i-kalmar/\"",
        "href=\"/posts/kommunbesok-2-i-kalmar/#samverkan\"",
        "href=\"/om-oss/\"",
        "href=\"/om-oss/styrelsen/\"",
        "href=\"#finns\"",
    ] {
        assert!(html.contains(needle), "{needle} not in the built post");
    }
    assert!(
        html.contains("/posts/besok-i-vetlanda/rapport.pdf\""),
        "the PDF is published beside the post"
    );
    assert!(public.join("posts/besok-i-vetlanda/rapport.pdf").is_file());
    let kalmar = read(public.join("posts/kommunbesok-2-i-kalmar/index.html"));
    assert!(
        kalmar.contains("<h2 id=\"comments-title\">Kommentarer</h2>"),
        "{kalmar}"
    );
    assert!(
        kalmar.contains("<a href=\"https://kalmar.se/\" rel=\"nofollow ugc\">kommunens sida</a>"),
        "{kalmar}"
    );
    assert!(
        kalmar.contains("<a href=\"/posts/besok-i-vetlanda/\">Vetlanda</a>"),
        "{kalmar}"
    );
    assert!(kalmar.contains("id=\"comment-1\""));
    // The reply is inside its parent's item.
    let first = &kalmar[kalmar.find("id=\"comment-1\"").unwrap()..];
    assert!(
        first.find("id=\"comment-2\"").unwrap() < first.find("</li>").unwrap(),
        "{first}"
    );
    assert!(kalmar.contains("Anonym"), "{kalmar}");
    assert!(
        !kalmar.contains("Annan blogg"),
        "a pingback was kept without --pingbacks"
    );
    // Comments are not the post's content: not in its feed entry.
    assert!(!read(public.join("atom.xml")).contains("Tack själv"));
    assert!(read(public.join("om-oss/styrelsen/index.html")).contains("Styrelsen består"));
}

#[test]
fn a_second_import_changes_no_byte_and_asks_only_for_what_the_first_could_not_get() {
    let blog = old_blog();
    let (_tmp, site, export_file, uploads) = site_with_export(&blog.host());
    ok(&import(&site, &export_file, &uploads));
    let before = snapshot(&site);
    let asked = blog.requests().len();
    // The missing, slow and false files are asked for again; nothing saved is.
    let again = ok(&import(&site, &export_file, &uploads));
    assert!(
        again.starts_with("Imported 0 posts (0 drafts), 0 pages, 0 media files (0 bytes) and 0 comments"),
        "{again}"
    );
    assert!(again.contains("post \"Besök i Vetlanda\" (content/posts/besok-i-vetlanda/index.md): the file already exists; left as it is"), "{again}");
    assert!(
        again
            .contains("page \"Styrelsen\" (content/pages/om-oss/styrelsen.md): the file already exists; left as it is"),
        "{again}"
    );
    let again_asked: BTreeSet<String> = blog.requests()[asked..].iter().cloned().collect();
    assert_eq!(
        again_asked,
        BTreeSet::from(["saknas.jpg", "langsam.jpg", "falsk.jpg"].map(|f| format!("/wp-content/uploads/2016/12/{f}"))),
    );
    assert!(again.contains("Files not saved"), "{again}");
    assert_eq!(snapshot(&site), before);
}

#[test]
fn a_rerun_saves_what_the_first_could_not_get_and_keeps_the_writers_edits() {
    let jpeg = photo(image::ImageFormat::Jpeg);
    let png = photo(image::ImageFormat::Png);
    let up = |p: &str| format!("/wp-content/uploads/{p}");
    let blog = OldBlog::start(HashMap::from([
        (up("2018/05/a.jpg"), Answer::File("image/jpeg", jpeg)),
        (up("2018/05/b.png"), Answer::File("image/png", png)),
        (
            up("2018/05/rapport.pdf"),
            Answer::File("application/pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
        ),
    ]));
    let s = format!("http://{}", blog.host());
    let page = format!(
        "<item>\n<title><![CDATA[Om oss]]></title>\n<link>{s}/om-oss/</link>\n\
         <content:encoded><![CDATA[Vi. <img src=\"{s}/wp-content/uploads/2018/05/b.png\" alt=\"B\" />]]></content:encoded>\n<wp:post_id>2</wp:post_id>\n\
         <wp:post_name><![CDATA[om-oss]]></wp:post_name>\n<wp:status><![CDATA[publish]]></wp:status>\n\
         <wp:post_type><![CDATA[page]]></wp:post_type>\n</item>\n"
    );
    let body = format!(
        "Text. <img src=\"{s}/wp-content/uploads/2018/05/a.jpg\" alt=\"A\" />\n\nLäs <a href=\"{s}/wp-content/uploads/2018/05/rapport.pdf\">rapporten</a> här."
    );
    let items = [
        post_item(
            &s,
            40,
            "Besök i Eksjö",
            "besok-i-eksjo",
            Some("2018-05-02 10:00:00"),
            &body,
        ),
        post_item(
            &s,
            41,
            "Besök i Kalmar",
            "besok-i-kalmar",
            Some("2018-05-03 10:00:00"),
            &format!("Som i <a href=\"{s}/?p=40\">Eksjö</a>."),
        ),
        page,
    ]
    .concat();
    let (_tmp, site, export_file) = new_site_and_export(&s, &items);
    let export_arg = export_file.to_str().unwrap();
    ok(&besok(&["import", "wordpress", export_arg, "--no-media"], &site));
    assert!(blog.requests().is_empty());

    // The writer edits the post: a line of their own, and the report's link taken out.
    let first = site.join("content/posts/besok-i-eksjo.md");
    let text = read(&first);
    assert!(
        text.contains(&format!("![A]({s}/wp-content/uploads/2018/05/a.jpg)")),
        "{text}"
    );
    let edited = text.replace(
        &format!("Läs [rapporten]({s}/wp-content/uploads/2018/05/rapport.pdf) här."),
        "Min egen rad.",
    );
    assert_ne!(edited, text);
    fs::write(&first, &edited).unwrap();

    let out = ok(&besok(&["import", "wordpress", export_arg], &site));
    assert!(
        out.starts_with("Imported 0 posts (0 drafts), 0 pages, 2 media files ("),
        "{out}"
    );
    let needle = "Saved now what an earlier import could not get (2 files):\n  content/posts/besok-i-eksjo/index.md (1 file; moved from content/posts/besok-i-eksjo.md into its own folder; the links to it in 1 file made to lead there)\n  content/pages/om-oss.md (1 file)\n";
    assert!(out.contains(needle), "{needle:?} not in:\n{out}");
    // Only what the text still shows is fetched.
    let asked: BTreeSet<String> = blog.requests().into_iter().collect();
    assert_eq!(asked, BTreeSet::from([up("2018/05/a.jpg"), up("2018/05/b.png")]));
    assert!(!first.exists());
    let bundle = site.join("content/posts/besok-i-eksjo");
    assert_eq!(
        read(bundle.join("index.md")),
        edited.replace(&format!("{s}/wp-content/uploads/2018/05/a.jpg"), "a.jpg")
    );
    assert!(bundle.join("a.jpg").is_file());
    assert!(read(site.join("content/posts/besok-i-kalmar.md")).contains("[Eksjö](@/posts/besok-i-eksjo/index.md)"));
    assert!(!bundle.join("rapport.pdf").exists());
    assert!(read(site.join("content/pages/om-oss.md")).contains("![B](/wp-content/uploads/2018/05/b.png)"));
    assert!(site.join("static/wp-content/uploads/2018/05/b.png").is_file());

    a_third_run_gets_nothing_and_the_site_builds(&blog, &site, export_arg);
}

/// A featured image the first run could not get is fetched by a rerun and named in the post's
/// front matter; the writer's edits stay.
#[test]
fn a_rerun_gives_a_post_the_featured_image_the_first_could_not_get() {
    let up = |p: &str| format!("/wp-content/uploads/{p}");
    let blog = OldBlog::start(HashMap::from([(
        up("2018/05/torget.jpg"),
        Answer::File("image/jpeg", photo(image::ImageFormat::Jpeg)),
    )]));
    let s = format!("http://{}", blog.host());
    let post = post_item(&s, 40, "Besök i Eksjö", "besok-i-eksjo", Some("2018-05-02 10:00:00"), "Text.").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[50]]></wp:meta_value></wp:postmeta>\n</item>",
    );
    let items = post + &attachment_item(&s, 50, 40, "2018/05/torget.jpg", "Torget en lördag");
    let (_tmp, site, export_file) = new_site_and_export(&s, &items);
    let export_arg = export_file.to_str().unwrap();
    let out = ok(&besok(&["import", "wordpress", export_arg, "--no-media"], &site));
    assert!(
        out.contains("torget.jpg"),
        "the summary names the featured image: {out}"
    );
    let first = site.join("content/posts/besok-i-eksjo.md");
    let text = read(&first);
    assert!(!text.contains("image"), "{text}");
    fs::write(&first, text.replace("Text.", "Min egen text.")).unwrap();

    let out = ok(&besok(&["import", "wordpress", export_arg], &site));
    assert!(
        out.contains("Saved now what an earlier import could not get (1 file)"),
        "{out}"
    );
    let bundle = site.join("content/posts/besok-i-eksjo");
    let now = read(bundle.join("index.md"));
    assert!(
        now.contains("image = \"torget.jpg\"\nimage_alt = \"Torget en lördag\"\n"),
        "{now}"
    );
    assert!(now.contains("Min egen text."), "{now}");
    assert!(bundle.join("torget.jpg").is_file());

    a_third_run_gets_nothing_and_the_site_builds(&blog, &site, export_arg);
    let page = read(site.join("public/posts/besok-i-eksjo/index.html"));
    assert!(
        page.contains("torget-") && page.contains("alt=\"Torget en lördag\""),
        "{page}"
    );
}

#[test]
fn without_media_the_posts_keep_their_addresses_and_the_site_still_builds() {
    let blog = old_blog();
    let host = blog.host();
    let (_tmp, site, export_file, _uploads) = site_with_export(&host);
    let out = ok(&besok(
        &["import", "wordpress", export_file.to_str().unwrap(), "--no-media"],
        &site,
    ));
    assert!(blog.requests().is_empty(), "{:?}", blog.requests());
    assert!(
        out.contains(&format!(
            "http://{host}/wp-content/uploads/2016/12/radhus.jpg: not downloaded (--no-media)"
        )),
        "{out}"
    );
    assert!(site.join("content/posts/besok-i-vetlanda.md").is_file());
    ok(&besok(&["build"], &site));
}

#[test]
fn an_export_of_terms_alone_imports_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(&["init", "sajt"], tmp.path()));
    let site = tmp.path().join("sajt");
    let export = tmp.path().join("terms.xml");
    fs::write(
        &export,
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>barn och unga</wp:category_nicename><wp:cat_name><![CDATA[Barn och unga]]></wp:cat_name></wp:category>\n</channel>\n</rss>\n",
    )
    .unwrap();
    let out = ok(&besok(&["import", "wordpress", export.to_str().unwrap()], &site));
    assert!(
        out.starts_with("Imported 0 posts (0 drafts), 0 pages, 0 media files (0 bytes) and 0 comments from "),
        "{out}"
    );
}

/// The import reads a misspelt municipality as the build does: "Vaxjo" is Växjö, written as
/// Sweden names it, and a return visit after the site's own first visit is left to the build
/// to number.
#[test]
fn a_misspelt_municipality_is_written_as_swedens_and_counted_with_the_sites_visits() {
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(&["init", "sajt"], tmp.path()));
    let site = tmp.path().join("sajt");
    fs::create_dir_all(site.join("content/posts")).unwrap();
    fs::write(
        site.join("content/posts/vaxjo.md"),
        "+++\ntitle = \"Besök i Växjö\"\ndate = 2019-01-01\nmunicipality = \"Växjö\"\n+++\nText.\n",
    )
    .unwrap();
    let blog = "https://blogg.example.se";
    let items = post_item(
        blog,
        1,
        "Återbesök i Vaxjo",
        "aterbesok-i-vaxjo",
        Some("2020-05-01 10:00:00"),
        "<p>Igen.</p>",
    ) + &post_item(
        blog,
        2,
        "Besök i Eksjo",
        "besok-i-eksjo",
        Some("2020-06-01 10:00:00"),
        "<p>Först.</p>",
    );
    let export = tmp.path().join("export.xml");
    fs::write(&export, wxr(blog, &items)).unwrap();
    ok(&besok(
        &["import", "wordpress", export.to_str().unwrap(), "--no-media"],
        &site,
    ));
    let again = fs::read_to_string(site.join("content/posts/aterbesok-i-vaxjo.md")).unwrap();
    assert!(again.contains("municipality = \"Växjö\"\n"), "{again}");
    assert!(
        !again.contains("visit ="),
        "the build numbers it after the site's visit: {again}"
    );
    let eksjo = fs::read_to_string(site.join("content/posts/besok-i-eksjo.md")).unwrap();
    assert!(eksjo.contains("municipality = \"Eksjö\"\n"), "{eksjo}");
    let built = besok(&["build"], &site);
    ok(&built);
    assert!(!stderr(&built).contains("is counted as"), "{}", stderr(&built));
    let timeline = fs::read_to_string(site.join("public/kommuner/vaxjo/index.html")).unwrap();
    assert!(
        timeline.contains("Återbesök i Vaxjo") && timeline.contains("Besök i Växjö"),
        "{timeline}"
    );
}

/// Importing `export` into `site` once more asks the old blog for nothing and changes no byte;
/// the site builds.
fn a_third_run_gets_nothing_and_the_site_builds(blog: &OldBlog, site: &Path, export: &str) {
    let before = snapshot(site);
    let asked = blog.requests().len();
    ok(&besok(&["import", "wordpress", export], site));
    assert_eq!(blog.requests().len(), asked);
    assert_eq!(snapshot(site), before);
    ok(&besok(&["build"], site));
}

/// A new site (`besok init`, its address on the new host) and an export of `items` of the blog
/// at `blog` beside it: the temporary folder, the site and the export file.
fn new_site_and_export(blog: &str, items: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(
        &["init", "sajt", "--base-url", "https://ny.example.se/"],
        tmp.path(),
    ));
    let export_file = tmp.path().join("export.xml");
    fs::write(&export_file, wxr(blog, items)).unwrap();
    let site = tmp.path().join("sajt");
    (tmp, site, export_file)
}

/// A minimal export of `items` on the blog at `site`.
fn wxr(site: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Kommunbesök</title>
<link>{site}</link>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
{items}</channel>
</rss>
"#
    )
}

/// A post item of an export: its id, title, URL word, date, status and HTML.
fn post_item(site: &str, id: u32, title: &str, name: &str, date: Option<&str>, body: &str) -> String {
    let date = date.map_or(String::new(), |d| {
        format!("<wp:post_date><![CDATA[{d}]]></wp:post_date>\n<wp:post_date_gmt><![CDATA[{d}]]></wp:post_date_gmt>\n")
    });
    format!(
        "<item>\n<title><![CDATA[{title}]]></title>\n<link>{site}/{name}/</link>\n<content:encoded><![CDATA[{body}]]></content:encoded>\n\
         <wp:post_id>{id}</wp:post_id>\n{date}<wp:post_name><![CDATA[{name}]]></wp:post_name>\n\
         <wp:status><![CDATA[publish]]></wp:status>\n<wp:post_type><![CDATA[post]]></wp:post_type>\n</item>\n"
    )
}

/// An attachment item: a file of the media library uploaded to post `parent`.
fn attachment_item(site: &str, id: u32, parent: u32, path: &str, alt: &str) -> String {
    format!(
        "<item>\n<title><![CDATA[a{id}]]></title>\n<wp:post_id>{id}</wp:post_id>\n<wp:post_parent>{parent}</wp:post_parent>\n\
         <wp:status><![CDATA[inherit]]></wp:status>\n<wp:post_type><![CDATA[attachment]]></wp:post_type>\n\
         <wp:attachment_url><![CDATA[{site}/wp-content/uploads/{path}]]></wp:attachment_url>\n\
         <wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>\n</item>\n"
    )
}

#[test]
fn every_wordpress_form_is_carried_over_or_named_in_the_summary() {
    let jpeg = photo(image::ImageFormat::Jpeg);
    let up = |p: &str| format!("/wp-content/uploads/{p}");
    let blog = OldBlog::start(HashMap::from([
        (up("2018/05/a.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (up("2018/05/b.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (up("2018/05/c.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (up("2018/05/d.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (up("2018/05/e.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (up("2018/05/f.jpg"), Answer::File("image/jpeg", jpeg.clone())),
        (
            up("2018/05/film.mp4"),
            Answer::File("video/mp4", b"\0\0\0\x18ftypmp42".to_vec()),
        ),
        (
            up("2018/05/intervju.mp3"),
            Answer::File("audio/mpeg", b"ID3\x03\0\0\0".to_vec()),
        ),
        (
            up("2018/05/protokoll.pdf"),
            Answer::File("application/pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
        ),
        (
            up("2018/05/budget.xlsx"),
            Answer::File("application/vnd.ms-excel", b"PK\x03\x04".to_vec()),
        ),
    ]));
    let site_url = format!("http://{}", blog.host());
    let s = &site_url;
    let classic = format!(
        r#"Inledning.

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" frameborder="0" allowfullscreen></iframe>

<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12" width="600" height="450"></iframe>

[embed]https://vimeo.com/76979871[/embed]

https://youtu.be/oHg5SJYRHA0

[gallery ids="801,802"]

[caption id="attachment_803" align="alignnone" width="300"]<a href="{s}/wp-content/uploads/2018/05/c.jpg"><img src="{s}/wp-content/uploads/2018/05/c-300x200.jpg" alt="Torget" width="300" height="200" /></a> Torget i Eksjö en lördag[/caption]

[video width="640" height="360" mp4="{s}/wp-content/uploads/2018/05/film.mp4"][/video]

[audio mp3="{s}/wp-content/uploads/2018/05/intervju.mp3"][/audio]

<a href="{s}/wp-content/uploads/2018/05/protokoll.pdf">Protokollet från mötet</a>

Se också <a href="{s}/wp-content/uploads/2018/05/budget.xlsx">budgeten</a> i texten.

<script src="https://widgets.example.org/w.js"></script>

[contact-form-7 id="12" title="Kontakt"]

Slut."#
    );
    let blocks = format!(
        r#"<!-- wp:paragraph -->
<p>Block.</p>
<!-- /wp:paragraph -->

<!-- wp:embed {{"url":"https://www.youtube.com/watch?v=9bZkp7q19f0","type":"video","providerNameSlug":"youtube","responsive":true}} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=9bZkp7q19f0
</div></figure>
<!-- /wp:embed -->

<!-- wp:embed {{"url":"https://twitter.com/kommun/status/1","type":"rich","providerNameSlug":"twitter"}} -->
<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter"><div class="wp-block-embed__wrapper">
https://twitter.com/kommun/status/1
</div></figure>
<!-- /wp:embed -->

<!-- wp:gallery {{"ids":[804,805]}} -->
<figure class="wp-block-gallery columns-2"><ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img src="{s}/wp-content/uploads/2018/05/d-1024x683.jpg" alt="D" data-id="804" class="wp-image-804"/></figure></li><li class="blocks-gallery-item"><figure><img src="{s}/wp-content/uploads/2018/05/e-1024x683.jpg" alt="E" data-id="805" class="wp-image-805"/><figcaption class="blocks-gallery-item__caption">Entrén <em>i dag</em></figcaption></figure></li></ul><figcaption class="blocks-gallery-caption">Bilder från dagen</figcaption></figure>
<!-- /wp:gallery -->

<!-- wp:image {{"id":806}} -->
<figure class="wp-block-image"><img src="{s}/wp-content/uploads/2018/05/f-1024x683.jpg" alt="Biblioteket" class="wp-image-806"/><figcaption>Biblioteket, <em>nytt</em> 2018</figcaption></figure>
<!-- /wp:image -->"#
    );
    let items = [
        post_item(
            s,
            800,
            "Besök i Eksjö",
            "besok-i-eksjo",
            Some("2018-05-02 10:00:00"),
            &classic,
        ),
        attachment_item(s, 801, 800, "2018/05/a.jpg", "A"),
        attachment_item(s, 802, 800, "2018/05/b.jpg", "B"),
        post_item(
            s,
            810,
            "Besök i Nässjö",
            "besok-i-nassjo",
            Some("2018-05-03 10:00:00"),
            &blocks,
        ),
    ]
    .concat();
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(&["init", "sajt"], tmp.path()));
    let site = tmp.path().join("sajt");
    let export_file = tmp.path().join("export.xml");
    let text = wxr(s, &items);
    fs::write(&export_file, &text).unwrap();
    let out = ok(&besok(
        &["import", "wordpress", export_file.to_str().unwrap(), "--timeout", "5"],
        &site,
    ));
    let eksjo = read(site.join("content/posts/besok-i-eksjo/index.md"));
    for needle in [
        "Inledning.\n\n{{ video(url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\") }}\n\n<https://www.google.com/maps/embed?pb=!1m18!1m12>\n\n{{ video(url=\"https://vimeo.com/76979871\") }}\n\n{{ video(url=\"https://www.youtube.com/watch?v=oHg5SJYRHA0\") }}\n\n{{ gallery(files=[\"a.jpg\", \"b.jpg\"]) }}\n\n![Torget](c.jpg \"Torget i Eksjö en lördag\")\n\n{{ video(file=\"film.mp4\") }}\n\n{{ file(name=\"intervju.mp3\") }}\n\n{{ file(name=\"protokoll.pdf\") }}\n\nSe också [budgeten](budget.xlsx) i texten.\n",
        "\\[contact-form-7 id=\"12\" title=\"Kontakt\"\\]\n\nSlut.",
    ] {
        assert!(eksjo.contains(needle), "{needle:?} not in:\n{eksjo}");
    }
    assert!(!eksjo.contains("widgets.example.org"), "{eksjo}");
    let nassjo = read(site.join("content/posts/besok-i-nassjo/index.md"));
    assert!(
        nassjo.contains(
            "Block.\n\n{{ video(url=\"https://www.youtube.com/watch?v=9bZkp7q19f0\") }}\n\n<https://twitter.com/kommun/status/1>\n\n{{ gallery(files=[\"d.jpg\", \"e.jpg\"], captions=[\"D\", \"Entrén i dag\"]) }}\n\nBilder från dagen\n\n![Biblioteket](f.jpg \"Biblioteket, nytt 2018\")\n"
        ),
        "{nassjo}"
    );
    let mut files: Vec<String> = snapshot(&site.join("content/posts/besok-i-eksjo"))
        .into_keys()
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "a.jpg",
            "b.jpg",
            "budget.xlsx",
            "c.jpg",
            "film.mp4",
            "index.md",
            "intervju.mp3",
            "protokoll.pdf"
        ]
    );

    // What markdown cannot hold is named with the file and the export's line.
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let export_name = export_file.display().to_string();
    assert_eq!(
        group(&out, "Not carried over"),
        [
            format!("content/posts/besok-i-eksjo/index.md ({export_name}:{}): an embedded page from www.google.com (iframe), written as a link to it: https://www.google.com/maps/embed?pb=!1m18!1m12", line("google.com/maps")),
            format!("content/posts/besok-i-eksjo/index.md ({export_name}:{}): a script from https://widgets.example.org/w.js, left out", line("<script")),
            format!("content/posts/besok-i-eksjo/index.md ({export_name}:{}): shortcode [contact-form-7 id=\"12\" title=\"Kontakt\"], left as text", line("[contact-form-7")),
            format!("content/posts/besok-i-nassjo/index.md ({export_name}:{}): an embed of twitter.com (wp:embed), written as a link to it: https://twitter.com/kommun/status/1", line("twitter.com/kommun")),
        ],
        "{out}"
    );
    ok(&besok(&["build"], &site));
}

#[test]
fn a_blog_under_a_sub_path_with_plain_permalinks_keeps_its_addresses_and_builds() {
    let site_url = "https://example.se/blogg";
    let page = "<item>\n<title><![CDATA[Om oss]]></title>\n<link>https://example.se/blogg/?page_id=2</link>\n\
                <content:encoded><![CDATA[Vi besöker kommuner.]]></content:encoded>\n<wp:post_id>2</wp:post_id>\n\
                <wp:post_name><![CDATA[om-oss]]></wp:post_name>\n<wp:status><![CDATA[publish]]></wp:status>\n\
                <wp:post_type><![CDATA[page]]></wp:post_type>\n</item>\n";
    let items = [
        post_item(
            site_url,
            40,
            "Besök i Eksjö",
            "besok-i-eksjo",
            Some("2018-05-02 10:00:00"),
            "Text.",
        )
        .replace(
            "<link>https://example.se/blogg/besok-i-eksjo/</link>",
            "<link>https://example.se/blogg/?p=40</link>",
        ),
        post_item(
            site_url,
            41,
            "Besök i Kalmar",
            "2018/05/03/besok-i-kalmar",
            Some("2018-05-03 10:00:00"),
            "Som i <a href=\"https://example.se/blogg/?p=40\">Eksjö</a>.",
        )
        .replace(
            "<wp:post_name><![CDATA[2018/05/03/besok-i-kalmar]]>",
            "<wp:post_name><![CDATA[besok-i-kalmar]]>",
        ),
        page.to_string(),
    ]
    .concat();
    let tmp = tempfile::tempdir().unwrap();
    ok(&besok(&["init", "sajt"], tmp.path()));
    let site = tmp.path().join("sajt");
    let export_file = tmp.path().join("export.xml");
    fs::write(&export_file, wxr(site_url, &items)).unwrap();
    ok(&besok(
        &["import", "wordpress", export_file.to_str().unwrap(), "--no-media"],
        &site,
    ));
    // The site is published where the blog was, so each alias is its old address there.
    assert!(
        read(site.join("config.toml")).contains("\nbase_url = \"https://example.se/blogg/\"\n"),
        "{}",
        read(site.join("config.toml"))
    );
    let eksjo = read(site.join("content/posts/besok-i-eksjo.md"));
    assert!(eksjo.contains("aliases = [\"/?p=40\"]"), "{eksjo}");
    let kalmar = read(site.join("content/posts/besok-i-kalmar.md"));
    assert!(
        kalmar.contains("aliases = [\"/2018/05/03/besok-i-kalmar/\", \"/?p=41\"]"),
        "{kalmar}"
    );
    assert!(kalmar.contains("[Eksjö](@/posts/besok-i-eksjo.md)"), "{kalmar}");
    let om = read(site.join("content/pages/om-oss.md"));
    assert!(om.contains("aliases = [\"/?page_id=2\"]"), "{om}");

    ok(&besok(&["build"], &site));
    let public = site.join("public");
    assert!(public.join("2018/05/03/besok-i-kalmar/index.html").is_file());
    let script = fs::read_dir(&public)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("old-links."))
        .expect("the short links' script");
    let script = read(script);
    assert!(script.contains("\"p=40\":\"/blogg/posts/besok-i-eksjo/\""), "{script}");
    assert!(script.contains("\"page_id=2\":\"/blogg/om-oss/\""), "{script}");
}
