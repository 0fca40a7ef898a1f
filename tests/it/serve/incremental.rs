//! The dev server's incremental rebuilds give byte for byte the site a fresh build gives,
//! through a series of edits of every kind: the fast in-place path for body edits and the
//! model rebuild with fingerprints for the rest.

use crate::common::{post, SiteTest};
use besok::serve::incremental::{Incremental, Outcome};
use besok::serve::watch::Changes;
use std::fs;

const BASE: &str = "http://127.0.0.1:1111/";

/// Rebuilds after `files` changed and checks the result against a fresh build; returns how
/// many pages were rendered.
fn step(site: &SiteTest, engine: &mut Incremental, what: &str, files: &[&str]) -> usize {
    step_outcome(site, engine, what, files).rendered.len()
}

/// [`step`] for an edit that the engine does in place, without building its model again;
/// returns the files it rendered.
fn step_in_place(site: &SiteTest, engine: &mut Incremental, what: &str, files: &[&str]) -> Vec<String> {
    let outcome = step_outcome(site, engine, what, files);
    assert!(outcome.in_place, "{what} was not done in place");
    outcome.rendered
}

/// The HTML pages among `files` (feeds and the search index left out).
fn html_pages(files: &[String]) -> Vec<&str> {
    files
        .iter()
        .map(String::as_str)
        .filter(|f| f.ends_with(".html"))
        .collect()
}

fn step_outcome(site: &SiteTest, engine: &mut Incremental, what: &str, files: &[&str]) -> Outcome {
    let mut changes = Changes::default();
    let root = site.root().canonicalize().unwrap();
    for f in files {
        changes.add_path(&root, &root.join(f));
    }
    let mut outcome = engine.rebuild(&changes).unwrap_or_else(|e| panic!("{what}: {e}"));
    // The server makes the search index after serving the pages, when a rebuild left it.
    if let Some(search) = engine.finish_search() {
        outcome.merge(search);
    }
    let mut fresh = Incremental::new(site.root(), false, BASE);
    fresh.initial().unwrap();
    let (a, b) = (engine.files(), fresh.files());
    // The previous search index's shards are still served for pages that read it just before.
    let retired = engine.retired_search_files();
    assert!(retired.iter().all(|f| f.starts_with("search_index/")), "{retired:?}");
    let mut differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k) && !retired.contains(k))
        .collect();
    differ.sort();
    differ.dedup();
    assert!(
        differ.is_empty(),
        "after {what}, these differ from a fresh build: {differ:?}"
    );
    outcome
}

/// How many pages (not static files) a fresh build of the site has.
fn all_pages(root: &std::path::Path) -> usize {
    Incremental::new(root, false, BASE).initial().unwrap().pages
}

#[test]
fn every_kind_of_edit_gives_the_same_site_as_a_fresh_build() {
    let mut site = SiteTest::example();
    site = site.config("title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\npaginate_by = 2\n");
    for i in 0..7 {
        let tags = if i % 2 == 0 {
            ["jämn", "alla"]
        } else {
            ["udda", "alla"]
        };
        let m = ["Kalmar", "Vetlanda", "Eksjö"][i % 3];
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), &format!("2018-0{}-01", i + 1))
                .municipality(m)
                .tags(&tags)
                .body(&format!("Text {i} här.\n\n## Del\n\nMer.")),
        );
    }
    let mut engine = Incremental::new(site.root(), false, BASE);
    let all = engine.initial().unwrap().rendered.len();

    // With its own slug, a new title leaves the post in its place (the in-place path).
    let p3 = site.root().join("content/posts/p3.md");
    let text = fs::read_to_string(&p3).unwrap().replace(
        "title = \"Post 3\"\n",
        "title = \"Post 3\"\nslug = \"post-3\"\naliases = [\"/gammal/p3/\"]\n",
    );
    site.write("content/posts/p3.md", &text);
    step(&site, &mut engine, "a slug given", &["content/posts/p3.md"]);
    site.write("content/posts/p3.md", text.replace("## Del", "## Avsnitt"));
    let own = step_in_place(&site, &mut engine, "a heading edit", &["content/posts/p3.md"]);
    // The post as listed (summary, word count, ...) is the same: its own page is rendered, and
    // what holds its full text (feeds, the search index), but no list of posts, no other page.
    assert_eq!(
        html_pages(&own),
        ["posts/post-3/index.html"],
        "a heading edit rendered {own:?}"
    );

    site.write("content/posts/p3.md", text.replace("Mer.", "Mer text med fler ord."));
    let listed = step_in_place(&site, &mut engine, "a word-count edit", &["content/posts/p3.md"]);
    // A new word count changes the post as listed: every list showing it is rendered (home
    // page 2, its year, its municipality, its tags' pages holding it), and no list without it.
    let pages = html_pages(&listed);
    for listing in [
        "page/2/index.html",
        "arkiv/2018/index.html",
        "kommuner/kalmar/index.html",
        "taggar/udda/index.html",
        "taggar/alla/page/2/index.html",
    ] {
        assert!(pages.contains(&listing), "{listing} was not rendered: {pages:?}");
    }
    for other in [
        "index.html",
        "kommuner/vetlanda/index.html",
        "kommuner/eksjo/index.html",
        "taggar/alla/index.html",
        "taggar/jamn/index.html",
        "taggar/index.html",
        "kommuner/index.html",
    ] {
        assert!(!pages.contains(&other), "{other} does not list the post: {pages:?}");
    }
    assert!(listed.len() < all, "{} of {all}", listed.len());

    site.write("content/posts/p3.md", text.replace("Text 3 här.", "Ny sammanfattning."));
    step(&site, &mut engine, "a summary edit", &["content/posts/p3.md"]);

    site.write("content/posts/p3.md", text.replace("\"Post 3\"", "\"Nytt namn\""));
    let n = step(&site, &mut engine, "a title edit (slug kept)", &["content/posts/p3.md"]);
    assert!(n > 1 && n < all, "{n} of {all}");

    site.write("content/posts/p3.md", text.replace("\"alla\"]", "\"alla\", \"ny\"]"));
    step(&site, &mut engine, "a new tag", &["content/posts/p3.md"]);

    // p3 is "udda": it joins the "jämn" list, between posts of it (and its pages shift).
    site.write(
        "content/posts/p3.md",
        text.replace("\"udda\", ", "\"udda\", \"jämn\", "),
    );
    step(&site, &mut engine, "an existing tag added", &["content/posts/p3.md"]);
    // Another: the tag keeps its number of pages, but which post opens each page changes
    // (and with it the sitemap's last-modified dates of those pages).
    let p5 = site.root().join("content/posts/p5.md");
    let text5 = fs::read_to_string(&p5).unwrap();
    site.write(
        "content/posts/p5.md",
        text5.replace("\"udda\", ", "\"udda\", \"jämn\", "),
    );
    let n = step_in_place(
        &site,
        &mut engine,
        "the tag added to one more post",
        &["content/posts/p5.md"],
    )
    .len();
    assert!(n < all, "{n} of {all}");
    site.write("content/posts/p5.md", &text5);
    step_in_place(&site, &mut engine, "taken away from it", &["content/posts/p5.md"]);
    site.write("content/posts/p3.md", &text);
    step(&site, &mut engine, "and from the first", &["content/posts/p3.md"]);

    site.write("content/posts/p3.md", text.replace("2018-04-01", "2015-04-01"));
    step(&site, &mut engine, "a new date", &["content/posts/p3.md"]);

    site.write("content/posts/p3.md", text.replace("\"Kalmar\"", "\"Nybro\""));
    step(&site, &mut engine, "a new municipality", &["content/posts/p3.md"]);

    site.write("content/posts/p3.md", text.replace("\n+++\n", "\ndraft = true\n+++\n"));
    step(&site, &mut engine, "a post made a draft", &["content/posts/p3.md"]);

    site.write("content/posts/p3.md", &text);
    step(&site, &mut engine, "the draft published", &["content/posts/p3.md"]);

    site.write(
        "content/posts/ny.md",
        post("Ny", "2019-01-01")
            .municipality("Kalmar")
            .tags(&["jämn"])
            .body("Ny."),
    );
    step(&site, &mut engine, "a new post", &["content/posts/ny.md"]);

    fs::remove_file(site.root().join("content/posts/p0.md")).unwrap();
    step(&site, &mut engine, "a deleted post", &["content/posts/p0.md"]);

    fs::create_dir_all(site.root().join("content/posts/arkiv")).unwrap();
    fs::rename(
        site.root().join("content/posts/p1.md"),
        site.root().join("content/posts/arkiv/p1.md"),
    )
    .unwrap();
    step(
        &site,
        &mut engine,
        "a post moved into a folder",
        &["content/posts/p1.md", "content/posts/arkiv"],
    );

    let kalmar = site.root().join("content/municipalities/kalmar.md");
    let page = fs::read_to_string(&kalmar).unwrap();
    site.write(
        "content/municipalities/kalmar.md",
        format!("{page}\nEn ny rad om Kalmar.\n"),
    );
    step(
        &site,
        &mut engine,
        "a municipality page edit",
        &["content/municipalities/kalmar.md"],
    );

    site.write("content/posts/p5.md", "+++\ntitle = \"Trasig\"\n+++\n");
    let root = site.root().canonicalize().unwrap();
    let mut changes = Changes::default();
    changes.add_path(&root, &root.join("content/posts/p5.md"));
    assert!(engine.rebuild(&changes).is_err(), "a broken post is an error");
    site.write(
        "content/posts/p5.md",
        post("Lagad", "2018-06-01")
            .municipality("Kalmar")
            .tags(&["udda"])
            .body("Lagad."),
    );
    step(&site, &mut engine, "a fix after an error", &["content/posts/p5.md"]);

    // A stylesheet's name holds its content's hash: an edit renames it, and every page made
    // with a template (each names it) is rendered again, nothing else; open pages swap it in.
    let css = site.root().join("themes/default/static/style.css");
    fs::write(&css, "body { color: red }\n").unwrap();
    let before: Vec<String> = engine.files().keys().filter(|f| f.ends_with(".css")).cloned().collect();
    let outcome = step_outcome(
        &site,
        &mut engine,
        "a stylesheet edit",
        &["themes/default/static/style.css"],
    );
    let mut pages: Vec<&String> = engine.files().keys().filter(|f| f.ends_with(".html")).collect();
    pages.sort();
    assert_eq!(outcome.rendered.iter().collect::<Vec<_>>(), pages);
    let after: Vec<String> = engine.files().keys().filter(|f| f.ends_with(".css")).cloned().collect();
    assert_eq!((before.len(), after.len()), (1, 1));
    assert_eq!(
        outcome.stylesheet_swaps,
        Some(vec![(format!("/{}", before[0]), format!("/{}", after[0]))])
    );
    assert_eq!((outcome.removed, outcome.copied), (before, after));
    // A file that keeps its name renders nothing.
    site.write("static/anteckning.txt", "text");
    assert_eq!(
        step(&site, &mut engine, "a new static file", &["static/anteckning.txt"]),
        0
    );
    // An icon of the site's own replaces the theme's whole set: the pages link it alone.
    site.write("static/favicon.ico", "ico");
    assert!(step(&site, &mut engine, "an icon of the site's own", &["static/favicon.ico"]) > 0);
    assert!(!engine.files().contains_key("favicon.svg"));

    let t = site.root().join("themes/default/templates/base.html");
    fs::write(
        &t,
        fs::read_to_string(&t)
            .unwrap()
            .replace("</footer>", "<p>x</p></footer>"),
    )
    .unwrap();
    let n = step(
        &site,
        &mut engine,
        "a template edit",
        &["themes/default/templates/base.html"],
    );
    assert_eq!(n, all_pages(site.root()), "a template edit renders every page");

    site.write(
        "config.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\npaginate_by = 3\n",
    );
    step(&site, &mut engine, "a config edit", &["config.toml"]);
}

/// A mistake the model finds (a URL two posts take) or the parser finds (front matter that
/// does not read) fails the rebuild; fixing it gives the site a fresh build gives, with every
/// post that did not change kept from the model before and given its new place.
#[test]
fn fixing_a_mistake_after_a_failed_rebuild_gives_the_same_site_as_a_fresh_build() {
    let mut site = SiteTest::example();
    for i in 0..5 {
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), &format!("2018-0{}-01", i + 1))
                .municipality(["Kalmar", "Vetlanda"][i % 2])
                .tags(&["alla"]),
        );
    }
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    let mut changes = Changes::default();
    let root = site.root().canonicalize().unwrap();
    changes.add_path(&root, &root.join("content/posts/ny.md"));

    // The newest post of all, in Kalmar (every later visit there is numbered anew), taking the
    // URL of another post.
    let new = |date: &str| post("Ny", date).municipality("Kalmar").tags(&["ny tagg"]);
    site.write(
        "content/posts/ny.md",
        new("2019-01-01").line("slug = \"p2\"").to_string(),
    );
    let error = engine
        .rebuild(&changes)
        .expect_err("two posts take one URL")
        .to_string();
    assert!(error.contains("posts/p2/ is already taken"), "{error}");
    site.write("content/posts/ny.md", new("2019-01-01").to_string());
    step(&site, &mut engine, "the URL fixed", &["content/posts/ny.md"]);

    site.write("content/posts/ny.md", "+++\ntitle = \"Ny\"\ndate = 2019-01-0\n+++\n");
    engine.rebuild(&changes).expect_err("a date that does not read");
    site.write("content/posts/ny.md", new("2017-06-01").to_string());
    step(
        &site,
        &mut engine,
        "the date fixed, older than some posts",
        &["content/posts/ny.md"],
    );
}

/// Posts that show photos of their own bundles are kept from one model to the next with their
/// photos (the writer's wait at 10,000 such posts). A new post, a photo replaced in a kept
/// bundle and new image settings each give the site a fresh build gives, photos' sizes
/// included.
#[test]
fn posts_with_photos_kept_across_rebuilds_give_the_same_site_as_a_fresh_build() {
    let mut site = SiteTest::example();
    site = site.config("title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\n");
    for i in 0..4 {
        let featured = if i == 0 { "image = \"foto.jpg\"\n" } else { "" };
        let post = post(&format!("Bild {i}"), &format!("2018-0{}-01", i + 1))
            .municipality(["Kalmar", "Vetlanda"][i % 2])
            .line(featured.trim_end())
            .body("![Hamnen](foto.jpg)\n\nSe [rapporten](rapport.pdf) och [Kalmar](https://kalmar.se/).");
        site = site.file(&format!("content/posts/b{i}/index.md"), post);
        fs::write(
            site.root().join(format!("content/posts/b{i}/foto.jpg")),
            crate::shortcodes::jpeg(640, 480, 40 * i as u8),
        )
        .unwrap();
        fs::write(
            site.root().join(format!("content/posts/b{i}/rapport.pdf")),
            b"%PDF-1.4\n",
        )
        .unwrap();
    }
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();

    site.write(
        "content/posts/ny.md",
        post("Nyast", "2019-01-01").municipality("Kalmar").to_string(),
    );
    step(&site, &mut engine, "a new newest post", &["content/posts/ny.md"]);

    fs::write(
        site.root().join("content/posts/b2/foto.jpg"),
        crate::shortcodes::jpeg(800, 400, 200),
    )
    .unwrap();
    step(
        &site,
        &mut engine,
        "a photo of a kept bundle replaced",
        &["content/posts/b2/foto.jpg"],
    );

    let dated = fs::read_to_string(site.root().join("content/posts/ny.md"))
        .unwrap()
        .replace("2019-01-01", "2018-02-15");
    site.write("content/posts/ny.md", dated);
    step(
        &site,
        &mut engine,
        "the new post re-dated between them",
        &["content/posts/ny.md"],
    );

    site.write(
        "config.toml",
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\n[images]\nwidths = [320, 500]\n",
    );
    step(&site, &mut engine, "new widths for photos", &["config.toml"]);

    fs::remove_file(site.root().join("content/posts/ny.md")).unwrap();
    step(&site, &mut engine, "the new post deleted", &["content/posts/ny.md"]);
}

/// A post with a photo of its own, edited so that the model must report a mistake in it (a link
/// to a heading it does not have), reports it, though the post keeps its place in the site.
#[test]
fn a_mistake_in_a_post_with_its_own_photo_is_reported() {
    let site = SiteTest::example().file(
        "content/posts/bild/index.md",
        post("Bild", "2018-01-01").body("![Hamnen](foto.jpg)\n\nText."),
    );
    fs::write(
        site.root().join("content/posts/bild/foto.jpg"),
        crate::shortcodes::jpeg(640, 480, 40),
    )
    .unwrap();
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    let mut changes = Changes::default();
    let root = site.root().canonicalize().unwrap();
    changes.add_path(&root, &root.join("content/posts/bild/index.md"));

    site.write(
        "content/posts/bild/index.md",
        post("Bild", "2018-01-01")
            .body("![Hamnen](foto.jpg)\n\nSe [nedan](#saknas).")
            .to_string(),
    );
    let error = engine
        .rebuild(&changes)
        .expect_err("a link to a heading the post lacks")
        .to_string();
    assert!(error.contains("no heading with the id \"saknas\""), "{error}");
    // Saved again as it is, it is still the same mistake.
    engine.rebuild(&changes).expect_err("the same mistake, still there");
}

#[test]
fn editing_a_comments_archive_gives_the_same_site_as_a_fresh_build() {
    let site = SiteTest::example();
    let archive = "content/posts/kommunbesok-2-i-kalmar/comments.toml";
    let text = fs::read_to_string(site.root().join(archive)).unwrap();
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    let page = |engine: &Incremental| {
        let files = engine.files();
        let (_, bytes) = files
            .iter()
            .find(|(k, _)| k.as_str() == "posts/kommunbesok-2-i-kalmar/index.html")
            .expect("the post's page");
        String::from_utf8(bytes.to_vec()).unwrap()
    };

    site.write(
        archive,
        format!("{text}\n[[comment]]\nid = 12\nreply_to = 9\nauthor = \"Olle\"\ndate = 2016-11-12\ntext = \"Se även [Vetlanda](@/posts/besok-i-vetlanda-8-december.md).\"\n"),
    );
    step(&site, &mut engine, "a reply added to the archive", &[archive]);
    assert!(page(&engine).contains("id=\"comment-12\""));

    site.write(archive, text.replace("Tack för en bra", "Tack för en mycket bra"));
    step(&site, &mut engine, "a comment's text edited", &[archive]);
    assert!(page(&engine).contains("Tack för en mycket bra"));

    fs::remove_file(site.root().join(archive)).unwrap();
    step(&site, &mut engine, "the archive removed", &[archive]);
    assert!(!page(&engine).contains("Kommentarer"));
}

const KALMAR_MD: &str = "content/posts/kommunbesok-2-i-kalmar/index.md";
const KALMAR_PAGE: &str = "posts/kommunbesok-2-i-kalmar/index.html";

/// The post template shows `extra.betyg` through a filter that fails for a value that is not a
/// number: a template error that only some values of a post give.
fn site_with_a_picky_template() -> SiteTest {
    let site = SiteTest::example();
    let template = site.root().join("themes/default/templates/post.html");
    let good = fs::read_to_string(&template).unwrap();
    let picky = good.replace(
        "<h1>{{ post.title }}</h1>",
        "<h1>{{ post.title }}</h1>{% if post.extra.betyg %}<p class=\"betyg\">Betyg {{ post.extra.betyg | round }}</p>{% endif %}",
    );
    assert_ne!(picky, good, "the post template has its title heading");
    fs::write(&template, picky).unwrap();
    site
}

/// The Kalmar post with `betyg = <value>` under `[extra]`.
fn kalmar_with_betyg(site: &SiteTest, value: &str) -> String {
    let text = fs::read_to_string(repo_kalmar()).unwrap();
    let text = text.replacen("\n+++\n", &format!("\n[extra]\nbetyg = {value}\n+++\n"), 1);
    site.write(KALMAR_MD, &text);
    text
}

fn repo_kalmar() -> std::path::PathBuf {
    crate::common::repo().join(KALMAR_MD)
}

fn served_text(engine: &Incremental, file: &str) -> String {
    let bytes = engine
        .files()
        .get(file)
        .unwrap_or_else(|| panic!("{file} is not served"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn rebuild_after(site: &SiteTest, engine: &mut Incremental, file: &str) -> besok::error::Result<Outcome> {
    let root = site.root().canonicalize().unwrap();
    let mut changes = Changes::default();
    changes.add_path(&root, &root.join(file));
    engine.rebuild(&changes)
}

#[test]
fn a_template_error_of_an_edit_in_place_is_an_error_until_fixed() {
    let site = site_with_a_picky_template();
    kalmar_with_betyg(&site, "4");
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    assert!(served_text(&engine, KALMAR_PAGE).contains("Betyg 4"));
    // An edit of `extra` leaves the post in its place: it is done in place.
    kalmar_with_betyg(&site, "3");
    step_in_place(&site, &mut engine, "a new betyg", &[KALMAR_MD]);
    assert!(served_text(&engine, KALMAR_PAGE).contains("Betyg 3"));

    // A value the template cannot show: the rebuild is an error, and the last good page stays.
    kalmar_with_betyg(&site, "\"fyra\"");
    let error = match rebuild_after(&site, &mut engine, KALMAR_MD) {
        Ok(outcome) => panic!("a template error was not reported; rendered {:?}", outcome.rendered),
        Err(e) => e.to_string(),
    };
    assert!(error.contains("post.html"), "{error}");
    assert!(served_text(&engine, KALMAR_PAGE).contains("Betyg 3"));
    // Saved again unchanged (or any other file saved): still an error, not a stale page.
    let again = rebuild_after(&site, &mut engine, KALMAR_MD);
    assert!(
        again.is_err(),
        "the error went away without a fix: {:?}",
        again.map(|o| o.rendered)
    );

    // Fixed: the page shows the new value, as a fresh build does.
    kalmar_with_betyg(&site, "2");
    step(&site, &mut engine, "the betyg fixed", &[KALMAR_MD]);
    assert!(served_text(&engine, KALMAR_PAGE).contains("Betyg 2"));
}

/// A post's shortcodes are rendered by the model with the theme's templates: a change to a
/// shortcode's template renders the post again, and so do an edit of the post (in place) and a
/// photo added to its folder, each giving the site a fresh build gives.
#[test]
fn shortcodes_follow_their_templates_their_posts_and_their_bundles() {
    let site = crate::shortcodes::kalmar_site();
    let page = "posts/besok-i-kalmar/index.html";
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    assert!(served_text(&engine, page).contains("class=\"note note-info\""));

    site.write(
        "templates/shortcodes/note.html",
        "{#- args: kind? -#}\n<aside class=\"ny-not\">{{ body | safe }}</aside>\n",
    );
    let rendered = step_outcome(
        &site,
        &mut engine,
        "the note template edited",
        &["templates/shortcodes/note.html"],
    )
    .rendered;
    assert!(rendered.iter().any(|f| f == page), "{rendered:?}");
    assert!(served_text(&engine, page).contains("<aside class=\"ny-not\"><p><strong>Viktigt:</strong>"));

    let text = crate::common::post("Besök i Kalmar", "2016-12-08")
        .municipality("Kalmar")
        .body(&crate::shortcodes::KALMAR.replace("Domkyrkan från torget", "Domkyrkan i kvällsljus"))
        .to_string();
    site.write("content/posts/kalmar/index.md", &text);
    let rendered = step_in_place(
        &site,
        &mut engine,
        "a caption edited",
        &["content/posts/kalmar/index.md"],
    );
    assert!(rendered.iter().any(|f| f == page), "{rendered:?}");
    assert!(served_text(&engine, page).contains("<figcaption>Domkyrkan i kvällsljus</figcaption>"));

    fs::write(
        site.root().join("content/posts/kalmar/hamnen.jpg"),
        crate::shortcodes::jpeg(700, 500, 10),
    )
    .unwrap();
    step(
        &site,
        &mut engine,
        "a photo added to the bundle",
        &["content/posts/kalmar/hamnen.jpg"],
    );
    assert!(served_text(&engine, page).contains("alt=\"hamnen\""));
}

/// A site of `count` posts (at most 9) in Kalmar, two a page, built by a new engine.
fn served_posts_in_kalmar(count: usize) -> (SiteTest, Incremental) {
    let mut site = SiteTest::example();
    site = site.config("title = \"Test\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\npaginate_by = 2\n");
    for i in 0..count {
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), &format!("2018-0{}-01", i + 1)).municipality("Kalmar"),
        );
    }
    let mut engine = Incremental::new(site.root(), false, BASE);
    engine.initial().unwrap();
    (site, engine)
}

#[test]
fn a_new_post_serves_its_page_and_the_home_page_before_the_shifted_listings() {
    let (site, mut engine) = served_posts_in_kalmar(6);
    site.write(
        "content/posts/ny.md",
        post("Nyast", "2019-01-01").municipality("Kalmar").to_string(),
    );
    let mut changes = Changes::default();
    let root = site.root().canonicalize().unwrap();
    changes.add_path(&root, &root.join("content/posts/ny.md"));

    let shifted_pages = [
        "page/2/index.html",
        "page/3/index.html",
        "page/4/index.html",
        "kommuner/kalmar/index.html",
    ];
    /// What the first step served: its outcome, which of the probed pages it left pending,
    /// and the new post's page.
    type Served<'a> = (Outcome, Vec<&'a str>, Option<Vec<u8>>);
    let mut first: Option<Served> = None;
    let later = engine
        .rebuild_serving_first(&changes, &mut |served| {
            let page = served.files.get("posts/nyast/index.html").map(|b| b.to_vec());
            first = Some((
                served.outcome.clone(),
                shifted_pages
                    .iter()
                    .chain(&["index.html", "posts/nyast/index.html"])
                    .copied()
                    .filter(|p| served.pending.contains(p))
                    .collect::<Vec<_>>(),
                page,
            ));
        })
        .unwrap();
    let (outcome, pending, page) = first.expect("the new post's page was served first");
    assert_eq!(outcome.changed_pages, ["index.html", "posts/nyast/index.html"]);
    assert!(
        String::from_utf8(page.unwrap()).unwrap().contains("Nyast"),
        "the new post's page is in the files served first"
    );
    // Every home page after the first shifts by one post; they come after, with the rest.
    for shifted in shifted_pages {
        assert!(pending.contains(&shifted), "{shifted} not pending: {pending:?}");
        assert!(
            later.rendered.iter().any(|p| p == shifted),
            "{shifted} not rendered after"
        );
    }
    // The pages served first are not pending.
    assert!(!pending.contains(&"index.html") && !pending.contains(&"posts/nyast/index.html"));
    assert!(
        outcome.summary().contains("the other pages it changes follow"),
        "{}",
        outcome.summary()
    );
    // And the site is then the one a fresh build makes.
    step(&site, &mut engine, "nothing more", &[]);
}

#[test]
fn a_new_post_with_a_photo_serves_the_photos_sizes_with_its_page() {
    let (site, mut engine) = served_posts_in_kalmar(4);
    site.write(
        "content/posts/ny/index.md",
        post("Nyast", "2019-01-01")
            .municipality("Kalmar")
            .body("![Hamnen i Kalmar](hamnen.jpg)")
            .to_string(),
    );
    fs::write(
        site.root().join("content/posts/ny/hamnen.jpg"),
        crate::shortcodes::jpeg(700, 500, 10),
    )
    .unwrap();
    let mut changes = Changes::default();
    let root = site.root().canonicalize().unwrap();
    for file in ["content/posts/ny/index.md", "content/posts/ny/hamnen.jpg"] {
        changes.add_path(&root, &root.join(file));
    }

    // The photo's sizes the new page names, and which of them the first step served.
    let mut first: Option<(Vec<String>, Vec<String>)> = None;
    engine
        .rebuild_serving_first(&changes, &mut |served| {
            let page = served
                .files
                .get("posts/nyast/index.html")
                .expect("the new page is served first");
            let page = String::from_utf8(page.to_vec()).unwrap();
            let named: Vec<String> = page
                .split(['"', ' ', ','])
                .filter(|w| w.contains("hamnen-") && w.ends_with(".jpg"))
                .map(|url| url.trim_start_matches(BASE).trim_start_matches('/').to_string())
                .collect();
            let there = named
                .iter()
                .filter(|f| served.files.contains_key(*f))
                .cloned()
                .collect();
            first = Some((named, there));
        })
        .unwrap();
    let (named, there) = first.expect("the new post's page was served first");
    assert!(!named.is_empty(), "the page shows the photo in its sizes");
    assert_eq!(there, named, "every size the page names is served with it");
    step(&site, &mut engine, "nothing more", &[]);
}
