//! Every message a writer can get for bad input, pinned down: file, line, column and wording.

use crate::common::{post, SiteTest};
use std::fs;

fn errors_for_post(front_matter: &str) -> Vec<String> {
    SiteTest::new().file("content/posts/a.md", front_matter).errors()
}

#[test]
fn bad_date() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-13-01\n+++\n"),
        ["content/posts/a.md:3:8: error: invalid date, expected month between 01 and 12; expected a date like 2016-12-08 or 2016-12-08T10:00:00+01:00"]
    );
}

#[test]
fn date_written_as_text() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = \"8 december 2016\"\n+++\n"),
        ["content/posts/a.md:3:8: error: invalid type: string \"8 december 2016\"; expected a date like 2016-12-08 (no quotes) or 2016-12-08T10:00:00+01:00"]
    );
}

#[test]
fn time_without_date() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 10:00:00\n+++\n"),
        ["content/posts/a.md:3:8: error: `date` is the time 10:00:00 with no date; expected a date like 2016-12-08 or a date and time like 2016-12-08T10:00:00+01:00"]
    );
}

#[test]
fn missing_title() {
    assert_eq!(
        errors_for_post("+++\ndate = 2016-12-08\n+++\n"),
        ["content/posts/a.md:2:1: error: missing required key `title`; expected a line like `title = \"Besök i Vetlanda\"`"]
    );
}

#[test]
fn missing_date() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\n+++\n"),
        ["content/posts/a.md:2:1: error: missing required key `date`; expected a line like `date = 2016-12-08`"]
    );
}

#[test]
fn unknown_key_is_named() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\ntagz = [\"x\"]\n+++\n"),
        ["content/posts/a.md:4:1: error: unknown key `tagz` in the post's front matter; did you mean `tags`? Expected one of `title`, `date`, `municipality`, `visit`, `tags`, `draft`, `author`, `summary`, `slug`, `aliases`, `image`, `image_alt`, `extra` (put keys of your own under [extra])"]
    );
}

/// A bad date, a misspelt key and a wrong type in one post are three messages of one run.
#[test]
fn every_mistake_of_a_front_matter_is_reported_at_once() {
    assert_eq!(
        errors_for_post(
            "+++\ntitle = \"A\"\ndate = 2016-13-40\nmunicipalty = \"Eksjö\"\ndraft = \"ja\"\n+++\n"
        ),
        [
            "content/posts/a.md:3:8: error: invalid date, expected month between 01 and 12; expected a date like 2016-12-08 or 2016-12-08T10:00:00+01:00",
            "content/posts/a.md:4:1: error: unknown key `municipalty` in the post's front matter; did you mean `municipality`? Expected one of `title`, `date`, `municipality`, `visit`, `tags`, `draft`, `author`, `summary`, `slug`, `aliases`, `image`, `image_alt`, `extra` (put keys of your own under [extra])",
            "content/posts/a.md:5:9: error: invalid type: string \"ja\", expected a boolean",
        ]
    );
}

/// In config.toml too: a misspelt key does not hide a bad value after it.
#[test]
fn every_mistake_of_config_toml_is_reported_at_once() {
    let errors = SiteTest::new()
        .config("title = \"T\"\ndescripton = \"x\"\nmunicipalities = 3\n")
        .errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "config.toml:2:1: error: unknown key `descripton` in config.toml; did you mean `description`?"
        ),
        "{errors:?}"
    );
    assert!(errors[1].starts_with("config.toml:3:18: error: "), "{errors:?}");
}

#[test]
fn keys_under_extra_are_allowed() {
    SiteTest::new()
        .file(
            "content/posts/a.md",
            "+++\ntitle = \"A\"\ndate = 2016-12-08\n[extra]\nvad_som_helst = 1\n+++\n",
        )
        .build();
}

#[test]
fn broken_toml() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\ndate = 2016-12-08\n+++\n"),
        ["content/posts/a.md:2:11: error: invalid basic string, expected `\"`"]
    );
}

#[test]
fn no_front_matter() {
    assert_eq!(
        errors_for_post("Bara text.\n"),
        ["content/posts/a.md:1:1: error: expected front matter opening with a line `+++`, found `Bara text.`"]
    );
}

#[test]
fn unclosed_front_matter() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\n"),
        ["content/posts/a.md:1:1: error: the front matter opened here is never closed; expected a line `+++` after it"]
    );
}

#[test]
fn empty_title_and_bad_visit_in_one_file_are_both_reported() {
    assert_eq!(
        errors_for_post("+++\ntitle = \" \"\ndate = 2016-12-08\nmunicipality = \"Eda\"\nvisit = 0\n+++\n"),
        [
            "content/posts/a.md:2:9: error: `title` is empty; expected the post's title",
            "content/posts/a.md:5:9: error: `visit` is 0; expected which visit this is: 1 for the first, 2 for the second, ...",
        ]
    );
}

#[test]
fn visit_without_municipality() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\nvisit = 2\n+++\n"),
        ["content/posts/a.md:4:9: error: `visit` is set but `municipality` is not; expected the municipality that was visited"]
    );
}

#[test]
fn errors_in_two_files_are_both_reported() {
    let errors = SiteTest::new()
        .file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2016-02-30\n+++\n")
        .file("content/posts/b.md", "+++\ntitle = \"B\"\ndatum = 2016-12-08\n+++\n")
        .errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("content/posts/a.md:3:8: error: invalid date"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("content/posts/b.md:3:1: error: unknown key `datum`"),
        "{errors:?}"
    );
}

#[test]
fn two_posts_with_one_url() {
    let errors = SiteTest::new()
        .file(
            "content/posts/a.md",
            "+++\ntitle = \"Besök i Åre\"\ndate = 2016-01-01\n+++\n",
        )
        .file(
            "content/posts/b.md",
            "+++\ntitle = \"Besok i Are\"\ndate = 2016-01-02\n+++\n",
        )
        .errors();
    assert_eq!(
        errors,
        ["content/posts/b.md:2:9: error: this post's URL posts/besok-i-are/ is already taken by content/posts/a.md; give one of them another `slug`"]
    );
}

#[test]
fn config_unknown_key() {
    let errors = SiteTest::new().config("title = \"T\"\nlanguag = \"sv\"\n").errors();
    assert_eq!(
        errors,
        ["config.toml:2:1: error: unknown key `languag` in config.toml; did you mean `language`? Expected one of `title`, `description`, `base_url`, `language`, `author`, `paginate_by`, `tags_path`, `municipalities_path`, `archive_path`, `theme`, `search_path`, `feed_content`, `feed_limit`, `images`, `municipalities`, `slugs_from`, `extra` (put keys of your own under [extra])"]
    );
}

#[test]
fn config_bad_values_are_all_reported() {
    let errors = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"example.org\"\npaginate_by = 0\ntags_path = \"kommuner\"\n")
        .errors();
    assert_eq!(
        errors,
        [
            "config.toml:2:12: error: `base_url` is \"example.org\"; expected an address like \"https://example.org/\" or \"https://example.org/blogg/\"",
            "config.toml:3:15: error: `paginate_by` is 0; expected a whole number of posts per page, 1 or more",
        ]
    );
}

#[test]
fn config_path_words_must_differ() {
    let errors = SiteTest::new()
        .config("title = \"T\"\ntags_path = \"arkiv\"\narchive_path = \"arkiv\"\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:3:16: error: `archive_path` and `tags_path` are both \"arkiv\"; each section needs its own URL word"]
    );
}

#[test]
fn missing_theme() {
    let errors = SiteTest::new().config("title = \"T\"\ntheme = \"saknas\"\n").errors();
    assert_eq!(
        errors,
        ["config.toml:1:1: error: theme \"saknas\" not found; expected a folder themes/saknas (or theme = \"default\" for the built-in theme)"]
    );
}

#[test]
fn template_syntax_error_names_the_sites_own_file() {
    let errors = SiteTest::new()
        .file(
            "templates/tags.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ tags | }}\n{% endblock content %}\n",
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("templates/tags.html:3:"), "{errors:?}");
    assert!(errors[0].contains("template syntax"), "{errors:?}");
}

#[test]
fn template_render_error_points_at_the_line_using_the_variable() {
    let errors = SiteTest::new()
        .file(
            "templates/404.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<p>\n{{ saknas.falt }}\n</p>\n{% endblock content %}\n",
        )
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("templates/404.html:4:4: error: Failed to render '404.html'"),
        "{errors:?}"
    );
    assert!(errors[0].contains("saknas.falt"), "{errors:?}");
}

#[test]
fn a_card_that_does_not_render_is_one_error_at_its_line() {
    // Every list showing the post needs its card: the error is still reported once.
    let errors = SiteTest::new()
        .file(
            "templates/cards/summary.html",
            "<article>\n{{ post.saknas.falt }}\n</article>\n",
        )
        .post("a", "title = \"A\"\ndate = 2020-01-01\ntags = [\"x\", \"y\"]", "x")
        .errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("templates/cards/summary.html:2:4: error: Failed to render 'cards/summary.html'"),
        "{errors:?}"
    );
}

#[test]
fn not_utf8_names_the_byte() {
    let site = SiteTest::new();
    std::fs::create_dir_all(site.root().join("content/posts")).unwrap();
    std::fs::write(
        site.root().join("content/posts/latin1.md"),
        b"+++\ntitle = \"Bes\xf6k\"\n",
    )
    .unwrap();
    assert_eq!(
        site.errors(),
        ["content/posts/latin1.md:2:13: error: the file is not UTF-8 text (byte 16 is not valid UTF-8); save it as UTF-8"]
    );
}

#[test]
fn municipality_page_errors() {
    let errors = SiteTest::new()
        .file(
            "content/municipalities/eda.md",
            "+++\nname = \"Eda\"\nlat = 100.0\nwebsite = \"eda.se\"\n+++\n",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/municipalities/eda.md:3:7: error: `lat` is 100; expected a latitude between -90 and 90",
            "content/municipalities/eda.md:4:11: error: `website` is \"eda.se\"; expected an address starting with https://",
        ]
    );
}

#[test]
fn refuses_to_write_into_the_site_root() {
    let mut site = SiteTest::example();
    site.options.output_dir = Some(site.root().to_path_buf());
    let e = site.build_err();
    assert!(matches!(e, besok::Error::UnsafeOutput { .. }), "{e}");
    assert!(e.to_string().contains("it is the site's own folder"), "{e}");
    // Nothing of the site was touched.
    assert!(site
        .root()
        .join("content/posts/besok-i-vetlanda-8-december.md")
        .exists());
}

#[test]
fn refuses_a_folder_besok_did_not_write_unless_forced() {
    let mut site = SiteTest::example();
    let out = site.root().join("mina-filer");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("viktigt.txt"), "behåll mig").unwrap();
    site.options.output_dir = Some(out.clone());
    let e = site.build_err();
    assert!(e.to_string().contains("holds files that besok did not write"), "{e}");
    assert_eq!(std::fs::read_to_string(out.join("viktigt.txt")).unwrap(), "behåll mig");
    site.options.force = true;
    let site = site.build();
    assert!(site.exists("index.html"));
}

#[test]
fn refuses_a_folder_that_holds_a_site() {
    let mut site = SiteTest::example();
    let other = site.root().join("annan");
    std::fs::create_dir_all(other.join("content")).unwrap();
    site.options.output_dir = Some(other);
    site.options.force = true;
    let e = site.build_err();
    assert!(e.to_string().contains("looks like a site"), "{e}");
}

/// The built-in theme's UI words of `language` without the lines of `keys`: a site's copy made
/// before a newer besok added those words.
fn built_in_words_without(language: &str, keys: &[&str]) -> String {
    let text =
        std::fs::read_to_string(crate::common::repo().join(format!("themes/default/i18n/{language}.toml"))).unwrap();
    text.lines()
        .filter(|l| !keys.iter().any(|k| l.starts_with(&format!("{k} ="))))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A site as `besok init` makes it: the default theme is the built-in one, no `themes/` folder.
fn site_with_built_in_theme() -> SiteTest {
    let site = SiteTest::new();
    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    site
}

/// A site's own words made for an older besok lack the words added since: the built-in
/// theme's are used, with one warning naming every missing word and the file.
#[test]
fn a_translation_missing_in_the_sites_own_words_falls_back_with_one_warning() {
    let site = site_with_built_in_theme()
        .file("i18n/sv.toml", built_in_words_without("sv", &["read_more", "search"]))
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08").tags(&["x"]),
        )
        .build();
    assert_eq!(
        site.warnings(),
        ["i18n/sv.toml:1:1: warning: missing translations `read_more`, `search` for language \"sv\"; the built-in theme's words are used (\"Läs mer\", \"Sök\"): add `read_more = \"...\"` and `search = \"...\"` to choose your own"]
    );
    site.check("sok/index.html", &["<h1>Sök</h1>"]);
}

/// A copy of the default theme (`themes/default/`) made for an older besok: the same.
#[test]
fn a_translation_missing_in_a_copied_theme_falls_back_with_one_warning() {
    let site = SiteTest::new()
        .file("themes/default/i18n/sv.toml", built_in_words_without("sv", &["search"]))
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08").tags(&["x"]),
        )
        .build();
    assert_eq!(
        site.warnings(),
        ["themes/default/i18n/sv.toml:1:1: warning: missing translation `search` for language \"sv\"; the built-in theme's word is used (\"Sök\"): add `search = \"...\"` to choose your own"]
    );
    site.check("sok/index.html", &["<h1>Sök</h1>"]);
}

/// A word of a theme of one's own that the site's language lacks, and no layer below has in
/// that language, is still an error naming the file that has it.
#[test]
fn a_translation_found_in_no_file_of_the_language_is_an_error() {
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\ntheme = \"eget\"\n")
        .file("themes/eget/templates/index.html", "{{ t.egen }}")
        .file(
            "themes/eget/i18n/en.toml",
            "locale = \"en_GB\"\ndate_format = \"%-d %B %Y\"\negen = \"Own\"\n",
        )
        .file(
            "themes/eget/i18n/sv.toml",
            "locale = \"sv_SE\"\ndate_format = \"%-d %B %Y\"\n",
        );
    assert_eq!(
        site.errors(),
        ["themes/eget/i18n/sv.toml:1:1: error: missing translation `egen` for language \"sv\" (themes/eget/i18n/en.toml has it); add `egen = \"...\"`"]
    );
}

/// A word besok's templates never print is most likely a misspelt one: named, with the word
/// meant when one is near, at its line and column.
#[test]
fn an_unknown_translation_is_named_with_the_word_meant() {
    let words =
        built_in_words_without("sv", &["read_more"]).replace("published =", "read_mroe = \"Läs vidare\"\npublished =");
    let site = site_with_built_in_theme()
        .file("i18n/sv.toml", words.clone() + "hemligt_ord = \"x\"\n")
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08").tags(&["x"]),
        )
        .build();
    let line = words.lines().position(|l| l.starts_with("read_mroe")).unwrap() + 1;
    let last = words.lines().count() + 1;
    assert_eq!(
        site.warnings(),
        [
            "i18n/sv.toml:1:1: warning: missing translation `read_more` for language \"sv\"; the built-in theme's word is used (\"Läs mer\"): add `read_more = \"...\"` to choose your own".to_string(),
            format!("i18n/sv.toml:{line}:1: warning: `read_mroe` is not a word the theme prints; did you mean `read_more`?"),
            format!("i18n/sv.toml:{last}:1: warning: `hemligt_ord` is not a word the theme prints (no template uses `t.hemligt_ord`); check its spelling or remove it"),
        ]
    );
}

/// A word of the site's own templates is no typo, though besok's theme has no such word.
#[test]
fn a_word_of_the_sites_own_templates_is_known() {
    let words = built_in_words_without("sv", &[]) + "egen_rubrik = \"Våra besök\"\n";
    let site = site_with_built_in_theme()
        .file("i18n/sv.toml", words)
        .file(
            "templates/index.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ t.egen_rubrik }}</h1>{% endblock %}",
        )
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08").tags(&["x"]),
        )
        .build();
    assert_eq!(site.warnings(), Vec::<String>::new());
    site.check("index.html", &["Våra besök"]);
}

// --- base_url without a host -----------------------------------------------------------------

/// What the warning about a `base_url` without a host says after naming where it was set.
const NEEDS_A_HOST: &str =
    "feeds, the sitemap, robots.txt, og:image and canonical links need absolute URLs and get only paths (\"/posts/…\")";

/// A site of two posts with `config` (and `slugs_from`, whose own warning is tested elsewhere).
fn site_with_config(config: &str) -> SiteTest {
    SiteTest::new()
        .config(&format!("{config}slugs_from = \"title\"\n"))
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08").tags(&["x"]),
        )
        .file(
            "content/posts/b.md",
            crate::common::post("B", "2016-12-09").tags(&["x"]),
        )
}

/// `base_url = "/"`, as `besok init` writes it: one warning for the whole build, at the value.
#[test]
fn a_base_url_without_a_host_is_one_warning_at_its_value() {
    let site = site_with_config("title = \"T\"\nlanguage = \"sv\"\nbase_url = \"/blogg/\"\n").build();
    assert_eq!(
        site.warnings(),
        [format!("config.toml:3:12: warning: `base_url` is \"/blogg/\", a path without a host: {NEEDS_A_HOST}; write the address the site is published at, e.g. `base_url = \"https://example.org/blogg/\"`")]
    );
    // What it warns about.
    site.check("atom.xml", &["<id>/blogg/</id>"]);
    site.check("sitemap.xml", &["<loc>/blogg/posts/a/</loc>"]);
    site.check("robots.txt", &["Sitemap: /blogg/sitemap.xml"]);
}

#[test]
fn a_config_without_base_url_is_one_warning() {
    let site = site_with_config("title = \"T\"\nlanguage = \"sv\"\n").build();
    assert_eq!(
        site.warnings(),
        [format!("config.toml:1:1: warning: config.toml has no `base_url`: {NEEDS_A_HOST}; add the address the site is published at, e.g. `base_url = \"https://example.org/\"`")]
    );
}

#[test]
fn a_base_url_flag_without_a_host_is_one_warning() {
    let mut site = site_with_config("title = \"T\"\nlanguage = \"sv\"\nbase_url = \"https://example.org/\"\n");
    site.options.base_url = Some("/test/".into());
    let site = site.build();
    assert_eq!(
        site.warnings(),
        [format!("--base-url:1:1: warning: --base-url \"/test/\" is a path without a host: {NEEDS_A_HOST}; give the address the site is published at, e.g. --base-url https://example.org/test/")]
    );
}

fn check_options(root: &std::path::Path) -> besok::CheckOptions {
    besok::CheckOptions {
        root: root.to_path_buf(),
        drafts: false,
        future: false,
        base_url: None,
        external: false,
    }
}

/// `besok check` says it once too; an address with a host is no warning.
#[test]
fn check_warns_once_about_a_base_url_without_a_host() {
    let site = site_with_config("title = \"T\"\nlanguage = \"sv\"\nbase_url = \"/\"\n");
    let report = besok::check(&check_options(site.root())).unwrap();
    let shown: Vec<String> = report.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(
        shown,
        [format!("config.toml:3:12: warning: `base_url` is \"/\", a path without a host: {NEEDS_A_HOST}; write the address the site is published at, e.g. `base_url = \"https://example.org/\"`")]
    );
    site.write(
        "config.toml",
        "title = \"T\"\nlanguage = \"sv\"\nbase_url = \"https://example.org/\"\nslugs_from = \"title\"\n",
    );
    let report = besok::check(&check_options(site.root())).unwrap();
    assert_eq!(report.diagnostics, []);
}

// --- besok init, new and import -------------------------------------------------------------

fn import_error(xml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.xml");
    std::fs::write(&export, xml).unwrap();
    let options = besok::import::ImportOptions::new(export.clone(), dir.path());
    let e = besok::import::import_wordpress(&options).unwrap_err();
    assert!(!dir.path().join("content").exists(), "a failed import wrote files");
    let shown = e.to_string();
    shown.replace(&besok::diagnostics::display_path(&export), "export.xml")
}

#[test]
fn import_malformed_xml_names_line_and_column() {
    assert_eq!(
        import_error("<rss>\n<channel>\n<item><title>x</titel></item>\n</channel></rss>\n"),
        "export.xml:3:15: error: malformed XML: expected 'title' tag, not 'titel'\n   |\n 3 | <item><title>x</titel></item>\n   |               ^\n1 error found; nothing was written"
    );
}

#[test]
fn import_cut_off_export() {
    assert_eq!(
        import_error("<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<item><wp:post_type>post</wp:post_type></item>\n"),
        "export.xml:3:47: error: the export ends in the middle of the XML (the root node was opened but never closed); the file is cut off, expected it to end with </channel></rss>; export it again\n   |\n 3 | <item><wp:post_type>post</wp:post_type></item>\n   |                                               ^\n1 error found; nothing was written"
    );
}

#[test]
fn import_something_else_than_an_export() {
    assert_eq!(
        import_error("<html><body>Hej</body></html>"),
        "export.xml:1:1: error: <html> is not a WordPress export; expected an <rss> document with a <channel> (WordPress: Tools → Export → All content)\n   |\n 1 | <html><body>Hej</body></html>\n   | ^\n1 error found; nothing was written"
    );
    let feed = import_error("<rss>\n<channel><item><title>Hej</title></item></channel></rss>");
    assert!(
        feed.starts_with("export.xml:2:1: error: this is an RSS feed, not a WordPress export: it has no wp: elements"),
        "{feed}"
    );
    assert_eq!(
        import_error(""),
        "export.xml:1:1: error: the export is empty; expected the XML file from WordPress's Tools → Export\n1 error found; nothing was written"
    );
}

#[test]
fn import_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.xml");
    std::fs::write(&export, b"<rss>\n<channel>Bes\xf6k</channel></rss>").unwrap();
    let options = besok::import::ImportOptions::new(export.clone(), dir.path());
    let shown = besok::import::import_wordpress(&options).unwrap_err().to_string();
    assert!(
        shown.ends_with(":2:13: error: the file is not UTF-8 text (byte 18 is not valid UTF-8); save it as UTF-8\n1 error found; nothing was written"),
        "{shown}"
    );
}

#[test]
fn init_refuses_a_base_url_without_a_host() {
    let tmp = tempfile::tempdir().unwrap();
    for (bad, why) in [
        ("/blogg/", "--base-url is \"/blogg/\", a path without a host; expected an absolute address like \"https://example.org/\" or \"https://example.org/blogg/\""),
        ("example.org", "--base-url is \"example.org\"; expected an address like \"https://example.org/\" or \"https://example.org/blogg/\""),
        ("ftp://example.org/", "--base-url is \"ftp://example.org/\"; expected an address like \"https://example.org/\" or \"https://example.org/blogg/\""),
    ] {
        let o = crate::common::besok(&["init", "sajt", "--base-url", bad], tmp.path());
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            crate::common::stderr(&o),
            format!("error: invalid value '{bad}' for '--base-url <URL>': {why}\n\nFor more information, try '--help'.\n")
        );
        assert!(!tmp.path().join("sajt").exists());
    }
    // The library refuses it too, before writing anything.
    let dir = tmp.path().join("sajt");
    let options = besok::scaffold::InitOptions {
        dir: dir.clone(),
        language: "sv".into(),
        title: None,
        base_url: Some("/blogg/".into()),
        today: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    };
    assert_eq!(
        besok::scaffold::init(&options).unwrap_err().to_string(),
        format!(
            "will not write {}: `base_url` is \"/blogg/\", a path without a host; expected an absolute address like \"https://example.org/\" or \"https://example.org/blogg/\"",
            besok::diagnostics::display_path(&dir.join("config.toml"))
        )
    );
    assert!(!dir.exists());
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "x").unwrap();
    let options = besok::scaffold::InitOptions {
        dir: dir.path().to_path_buf(),
        language: "sv".into(),
        title: None,
        base_url: None,
        today: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    };
    let e = besok::scaffold::init(&options).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "will not write {}: the folder is not empty, and besok init never writes over files; choose a new or empty folder",
            besok::diagnostics::display_path(dir.path())
        )
    );
}

fn new_post(site: &SiteTest, title: &str, slug: Option<&str>) -> String {
    let request = besok::scaffold::NewPost {
        root: site.root().to_path_buf(),
        title: title.into(),
        municipality: Some("Kalmar".into()),
        date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        tags: vec![],
        slug: slug.map(str::to_string),
    };
    besok::scaffold::new_post(&request).unwrap_err().to_string()
}

#[test]
fn new_refuses_an_existing_file_a_taken_url_and_an_empty_title() {
    let site = SiteTest::example();
    assert_eq!(
        new_post(&site, "Besök i Vetlanda 8 december", None),
        "will not write content/posts/besok-i-vetlanda-8-december.md: the file already exists, and besok never replaces a file; choose another title or pass --slug WORD"
    );
    // A post bundle (content/posts/<name>/index.md) holds the URL the new file would get.
    assert_eq!(
        new_post(&site, "Kommunbesök 2 i Kalmar", None),
        "will not write content/posts/kommunbesok-2-i-kalmar.md: its URL posts/kommunbesok-2-i-kalmar/ is already taken by content/posts/kommunbesok-2-i-kalmar/index.md; choose another title or pass --slug WORD"
    );
    site.write(
        "content/posts/annan-fil.md",
        "+++\ntitle = \"Besök i Kalmar\"\ndate = 2020-01-01\nslug = \"besok-i-kalmar\"\n+++\n",
    );
    assert_eq!(
        new_post(&site, "Besök i Kalmar!", Some("besok-i-kalmar")),
        "will not write content/posts/besok-i-kalmar.md: its URL posts/besok-i-kalmar/ is already taken by content/posts/annan-fil.md; choose another title or pass --slug WORD"
    );
    assert_eq!(
        new_post(&site, "!!!", None),
        "will not write content/posts/.md: the title has no letters or digits to make a file name from; pass --slug WORD"
    );
}

#[test]
fn new_municipality_page_that_exists() {
    let site = SiteTest::example();
    let request = besok::scaffold::NewMunicipalityPage {
        root: site.root().to_path_buf(),
        name: "KALMAR".into(),
        county: None,
        website: None,
    };
    assert_eq!(
        besok::scaffold::new_municipality_page(&request).unwrap_err().to_string(),
        "will not write content/municipalities/kalmar.md: content/municipalities/kalmar.md is already the page of Kalmar"
    );
}

#[test]
fn alias_with_an_odd_query() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\naliases = [\"/?p=<1>\"]\n+++\n"),
        ["content/posts/a.md:4:12: error: alias \"/?p=<1>\" has an unusual query; expected an old URL path like \"/2016/12/08/besok-i-vetlanda/\" or a short link like \"/?p=123\""]
    );
    SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2016-12-08\naliases = [\"/?p=12\", \"/?page_id=3\"]",
            "Text",
        )
        .build();
}

#[test]
fn config_feed_and_search_settings() {
    let errors = SiteTest::new()
        .config("title = \"T\"\nfeed_content = \"allt\"\nfeed_limit = 0\nsearch_path = \"taggar\"\nlanguage = \"sv\"\n")
        .errors();
    assert_eq!(
        errors,
        [
            "config.toml:2:16: error: `feed_content` is \"allt\"; expected \"full\" (whole posts) or \"summary\"",
            "config.toml:3:14: error: `feed_limit` is 0; expected how many of the newest posts a feed holds, 1 or more",
            "config.toml:4:15: error: `search_path` and `tags_path` are both \"taggar\"; each section needs its own URL word",
        ]
    );
}

#[test]
fn alias_taken_by_another_alias_or_given_twice() {
    let errors = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2020-01-01\naliases = [\"/gammal/\"]", "")
        .post(
            "b",
            "title = \"B\"\ndate = 2020-01-02\naliases = [\"/gammal\", \"/x/\", \"x\"]",
            "",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/posts/b.md:4:12: error: alias \"/gammal\" is already an alias of content/posts/a.md; each old URL can redirect to one page only",
            "content/posts/b.md:4:30: error: alias \"/x\" is given twice in this post; each old URL can redirect to one page only",
        ]
    );
}

#[test]
fn alias_taken_by_a_page() {
    let errors = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\naliases = [\"/taggar/\", \"atom.xml\"]",
            "",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/posts/a.md:4:12: error: alias \"/taggar/\" is the address of the page /taggar/; an alias must be an old URL that no page uses",
            "content/posts/a.md:4:24: error: alias \"/atom.xml\" is the address of the page /atom.xml; an alias must be an old URL that no page uses",
        ]
    );
}

#[test]
fn broken_internal_links_fail_the_build() {
    let errors = SiteTest::new()
        .post("utkast", "title = \"Utkast\"\ndate = 2020-01-01\ndraft = true", "")
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-02",
            "[u](@/posts/utkast.md)\n[v](../../utanfor.md)\n[w](@/posts/saknas.md)",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/posts/a.md:5:1: error: link to \"@/posts/utkast.md\": content/posts/utkast.md is a draft, left out of this build (build with --drafts, or remove the link)",
            "content/posts/a.md:6:1: error: link to \"../../utanfor.md\" leads outside content/; expected a path like \"@/posts/besok-i-vetlanda.md\"",
            "content/posts/a.md:7:1: error: link to \"@/posts/saknas.md\": there is no content/posts/saknas.md; expected a post, a page or a municipality page, like \"@/posts/besok-i-vetlanda.md\"",
        ]
    );
}

#[test]
fn link_to_a_missing_heading() {
    let errors = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01",
            "## Första rubriken\n\n## Andra {#andra}",
        )
        .post("b", "title = \"B\"\ndate = 2020-01-02", "Se [a](a.md#tredje).")
        .errors();
    assert_eq!(
        errors,
        ["content/posts/b.md:5:4: error: link to \"a.md#tredje\": content/posts/a.md has no heading with the id \"tredje\"; its heading ids are: andra, forsta-rubriken"]
    );
}

#[test]
fn content_file_link_in_summary() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\nsummary = \"Se [b](@/posts/b.md)\"\n+++\n"),
        ["content/posts/a.md:4:11: error: `summary` links to a content file or shows a local image; such links work only in the text below the front matter (write the page's URL here instead)"]
    );
}

#[test]
fn serve_on_a_taken_port() {
    struct Quiet;
    impl besok::serve::Log for Quiet {
        fn info(&self, _: &str) {}
        fn error(&self, _: &str) {}
    }
    let site = SiteTest::example();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let options = besok::serve::ServeOptions {
        root: site.root().to_path_buf(),
        interface: "127.0.0.1".parse().unwrap(),
        port,
        try_next_ports: false,
        drafts: false,
    };
    let e = match besok::serve::Server::start(&options, Quiet) {
        Ok(_) => panic!("a taken port was used"),
        Err(e) => e.to_string(),
    };
    assert!(e.starts_with(&format!("cannot listen on 127.0.0.1:{port}: ")), "{e}");
    assert!(
        e.ends_with("is another server running there? Choose another with --port"),
        "{e}"
    );
}

#[test]
fn control_character_in_a_title() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"Besök\\u0000 i Eda\"\ndate = 2016-12-08\n+++\n"),
        ["content/posts/a.md:2:9: error: `title` contains the invisible character U+0000; remove it (it cannot be shown on a page or written to a feed)"]
    );
}

#[test]
fn control_character_in_a_tag_and_the_message_does_not_print_it() {
    let errors = errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\ntags = [\"ok\", \"\\u001b[31mröd\"]\n+++\n");
    assert_eq!(
        errors,
        ["content/posts/a.md:4:15: error: `tags` contains the invisible character U+001B; remove it (it cannot be shown on a page or written to a feed)"]
    );
}

#[test]
fn control_character_in_config() {
    let errors = SiteTest::new()
        .config("title = \"Bloggen\"\ndescription = \"Om\\u0007 oss\"\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:2:15: error: `description` contains the invisible character U+0007; remove it (it cannot be shown on a page or written to a feed)"]
    );
}

#[test]
fn control_character_in_a_municipality_page() {
    let errors = SiteTest::new()
        .file(
            "content/municipalities/eda.md",
            "+++\nname = \"Eda\"\ncounty = \"Värmlands\\u0085län\"\n+++\n",
        )
        .errors();
    assert_eq!(
        errors,
        ["content/municipalities/eda.md:3:10: error: `county` contains the invisible character U+0085; remove it (it cannot be shown on a page or written to a feed)"]
    );
}

#[test]
fn a_quoted_escape_character_is_shown_escaped() {
    // The message quotes the writer's text; the escape character must not reach the terminal.
    let errors = errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\ntags = [\"\\u001b\"]\n+++\n");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| !e.contains('\u{1b}')), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("tag \"\\u{1b}\" has no letters or digits")),
        "{errors:?}"
    );
}

#[test]
fn slug_too_long() {
    let slug = "a".repeat(201);
    assert_eq!(
        errors_for_post(&format!("+++\ntitle = \"A\"\ndate = 2016-12-08\nslug = \"{slug}\"\n+++\n")),
        ["content/posts/a.md:4:8: error: `slug` is 201 characters long; expected a URL word of at most 200 characters (it becomes a folder name)"]
    );
}

#[test]
fn alias_too_long() {
    let part = "x".repeat(201);
    assert_eq!(
        errors_for_post(&format!("+++\ntitle = \"A\"\ndate = 2016-12-08\naliases = [\"/{part}/\"]\n+++\n")),
        [format!("content/posts/a.md:4:12: error: alias \"/{}…\" is too long; expected an old URL path whose parts have at most 200 characters", "x".repeat(59))]
    );
}

#[test]
fn alias_with_a_control_character() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2016-12-08\naliases = [\"/gammal\\u0000/\"]\n+++\n"),
        ["content/posts/a.md:4:12: error: alias \"/gammal\\u{0}/\" is not a path inside the site; expected an old URL path like \"/2016/12/08/besok-i-vetlanda/\""]
    );
}

#[test]
fn output_held_by_another_build() {
    let mut site = SiteTest::example();
    let out = site.root().join("public");
    let _held = besok::output::OutputLock::acquire(&out).unwrap();
    site.options.output_dir = Some(out.clone());
    let e = site.build_err();
    assert!(matches!(e, besok::Error::Busy { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!(
            "another besok build (process {}) is writing {} right now; wait for it to finish and build again",
            std::process::id(),
            out.display()
        )
    );
}

#[test]
fn output_folder_under_a_file() {
    let mut site = SiteTest::example().file("blocked", "a file");
    let out = site.root().join("blocked/public");
    site.options.output_dir = Some(out);
    let blocked = site.root().canonicalize().unwrap().join("blocked");
    assert_eq!(
        site.build_err().to_string(),
        format!(
            "cannot create the output's folder {}: {} is a file, not a folder",
            blocked.display(),
            blocked.display()
        )
    );
}

#[test]
fn alias_or_static_file_in_place_of_the_search_index() {
    let errors = SiteTest::new()
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-01\naliases = [\"/search_index/gammal.html\"]",
            "",
        )
        .file("static/search_index/t0.json", "{}")
        .errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.contains(
        &"content/posts/a.md:4:12: error: alias \"/search_index/gammal.html\" is the address of the search index; an alias must be an old URL that no page uses".to_string()
    ), "{errors:?}");
    // Static files are named by their full path, as in every static-file message.
    assert!(
        errors.iter().any(|e| e.ends_with(
            "/static/search_index/t0.json:1:1: error: this static file would replace search_index/t0.json of the search index; rename or remove it"
        )),
        "{errors:?}"
    );
}

/// The errors of a site whose only page is `content/pages/<rel>` with this text.
fn errors_for_page(rel: &str, text: &str) -> Vec<String> {
    SiteTest::new().file(&format!("content/pages/{rel}"), text).errors()
}

#[test]
fn page_unknown_key_is_named() {
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \"Om oss\"\ndate = 2020-01-01\n+++\n"),
        ["content/pages/om.md:3:1: error: unknown key `date` in the page's front matter; expected one of `title`, `slug`, `aliases`, `draft`, `menu`, `extra` (put keys of your own under [extra])"]
    );
    SiteTest::new()
        .file(
            "content/pages/om.md",
            "+++\ntitle = \"Om oss\"\n[extra]\nbild = \"om.jpg\"\n+++\n",
        )
        .build();
}

#[test]
fn page_title_missing_empty_or_with_a_control_character() {
    assert_eq!(
        errors_for_page("om.md", "+++\nmenu = 1\n+++\n"),
        ["content/pages/om.md:2:1: error: missing required key `title`; expected a line like `title = \"Om oss\"`"]
    );
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \" \"\n+++\n"),
        ["content/pages/om.md:2:9: error: `title` is empty; expected the page's title, like \"Om oss\""]
    );
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \"Om\\u0007oss\"\n+++\n"),
        ["content/pages/om.md:2:9: error: `title` contains the invisible character U+0007; remove it (it cannot be shown on a page or written to a feed)"]
    );
}

#[test]
fn page_menu_slug_and_alias_values() {
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \"Om\"\nmenu = \"först\"\n+++\n"),
        ["content/pages/om.md:3:8: error: invalid type: string \"först\", expected i64"]
    );
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \"Om\"\nslug = \"!!\"\n+++\n"),
        ["content/pages/om.md:3:8: error: `slug` is \"!!\"; expected a URL word like \"om-oss\""]
    );
    assert_eq!(
        errors_for_page("om.md", &format!("+++\ntitle = \"Om\"\nslug = \"{}\"\n+++\n", "a".repeat(201))),
        ["content/pages/om.md:3:8: error: `slug` is 201 characters long; expected a URL word of at most 200 characters (it becomes a folder name)"]
    );
    assert_eq!(
        errors_for_page("om.md", "+++\ntitle = \"Om\"\naliases = [\"/../om/\"]\n+++\n"),
        ["content/pages/om.md:3:12: error: alias \"/../om/\" is not a path inside the site; expected an old URL path like \"/2016/12/08/besok-i-vetlanda/\""]
    );
}

#[test]
fn page_file_or_folder_name_without_letters() {
    assert_eq!(
        errors_for_page("!!.md", "+++\ntitle = \"Om\"\n+++\n"),
        ["content/pages/!!.md:1:1: error: the file name has no letters or digits to make a URL from; rename the file or add `slug = \"...\"`"]
    );
    assert_eq!(
        errors_for_page("--/om.md", "+++\ntitle = \"Om\"\n+++\n"),
        ["content/pages/--/om.md:1:1: error: the folder name \"--\" has no letters or digits to make a URL from; rename the folder"]
    );
}

#[test]
fn page_address_taken_by_another_output() {
    let errors = SiteTest::new()
        .file("content/pages/taggar.md", "+++\ntitle = \"Taggar\"\n+++\n")
        .file("content/pages/om.md", "+++\ntitle = \"Om\"\n+++\n")
        .file("content/pages/x.md", "+++\ntitle = \"X\"\nslug = \"om\"\n+++\n")
        .errors();
    assert_eq!(
        errors,
        [
            "content/pages/taggar.md:1:1: error: this page's URL /taggar/ is already the address of the tag index; rename the file or give the page another `slug`",
            "content/pages/x.md:3:8: error: this page's URL /om/ is already the address of the page content/pages/om.md; rename the file or give the page another `slug`",
        ]
    );
}

#[test]
fn link_to_a_missing_or_draft_page() {
    let errors = SiteTest::new()
        .file(
            "content/pages/utkast.md",
            "+++\ntitle = \"Utkast\"\ndraft = true\n+++\n",
        )
        .post(
            "a",
            "title = \"A\"\ndate = 2020-01-02",
            "[u](@/pages/utkast.md)\n[v](../pages/saknas.md)",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/posts/a.md:5:1: error: link to \"@/pages/utkast.md\": content/pages/utkast.md is a draft, left out of this build (build with --drafts, or remove the link)",
            "content/posts/a.md:6:1: error: link to \"../pages/saknas.md\": there is no content/pages/saknas.md; expected a post, a page or a municipality page, like \"@/posts/besok-i-vetlanda.md\"",
        ]
    );
}

#[test]
fn page_alias_taken_or_given_twice() {
    let errors = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2020-01-01\naliases = [\"/gammal/\"]", "")
        .file(
            "content/pages/om.md",
            "+++\ntitle = \"Om\"\naliases = [\"/gammal\", \"/x/\", \"x\", \"/taggar/\"]\n+++\n",
        )
        .errors();
    assert_eq!(
        errors,
        [
            "content/pages/om.md:3:30: error: alias \"/x\" is given twice in this page; each old URL can redirect to one page only",
            "content/pages/om.md:3:35: error: alias \"/taggar/\" is the address of the page /taggar/; an alias must be an old URL that no page uses",
            // Aliases are taken in file order: the page's file comes first.
            "content/posts/a.md:4:12: error: alias \"/gammal/\" is already an alias of content/pages/om.md; each old URL can redirect to one page only",
        ]
    );
}

#[test]
fn theme_without_a_page_template() {
    let site = SiteTest::new()
        .config("title = \"T\"\nlanguage = \"sv\"\ntheme = \"egen\"\n")
        .file("content/pages/om.md", "+++\ntitle = \"Om\"\n+++\n");
    crate::common::copy_dir(
        &crate::common::repo().join("themes/default"),
        &site.root().join("themes/egen"),
    );
    std::fs::remove_file(site.root().join("themes/egen/templates/page.html")).unwrap();
    assert_eq!(
        site.errors(),
        ["content/pages/om.md:1:1: error: the theme has no template page.html for the pages of content/pages/; add one to the theme's templates/ folder or the site's templates/"]
    );
}

#[test]
fn new_page_refused() {
    let site = SiteTest::new().file("content/pages/om-oss/index.md", "+++\ntitle = \"Om oss\"\n+++\n");
    let o = crate::common::besok(&["new", "--page", "Om oss"], site.root());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        crate::common::stderr(&o),
        "error: will not write content/pages/om-oss.md: its URL om-oss/ is already taken by content/pages/om-oss/index.md; choose another title or pass --slug WORD\n"
    );
    let o = crate::common::besok(&["new", "--page", "?"], site.root());
    assert_eq!(
        crate::common::stderr(&o),
        "error: will not write content/pages/.md: the title has no letters or digits to make a file name from; pass --slug WORD\n"
    );
}

/// `besok new --municipality-page` refuses a `--county` that Sweden's table contradicts, naming
/// the right one, and writes nothing; the right county, in any of the ways the build accepts
/// it, is written as given.
#[test]
fn new_municipality_page_refuses_another_county() {
    let site = SiteTest::new();
    for (name, county, right) in [
        ("Vetlanda", "Kalmar län", "Jönköpings län"),
        ("vetlanda", "Kronoberg", "Jönköpings län"),
        ("Habo", "Uppsala län", "Jönköpings län"),
        ("Håbo", "Jönköpings län", "Uppsala län"),
    ] {
        let o = crate::common::besok(&["new", "--municipality-page", name, "--county", county], site.root());
        assert_eq!(o.status.code(), Some(2), "{name}");
        let shown = name.chars().next().unwrap().to_uppercase().collect::<String>() + &name[1..];
        let slug = besok::slugs::slugify(name);
        assert_eq!(
            crate::common::stderr(&o),
            format!(
                "error: will not write content/municipalities/{slug}.md: {shown} lies in {right}, not \"{county}\"; pass --county \"{right}\", or leave --county out (the county comes from the table of Sweden's municipalities)\n"
            )
        );
        assert!(!site.root().join("content/municipalities").exists(), "{name}");
    }
    for county in ["Jönköpings län", "jönköpings län", "Jönköping", "Jönköpings"] {
        let o = crate::common::besok(
            &["new", "--municipality-page", "Vetlanda", "--county", county],
            site.root(),
        );
        assert_eq!(o.status.code(), Some(0), "{county}: {}", crate::common::stderr(&o));
        std::fs::remove_file(site.root().join("content/municipalities/vetlanda.md")).unwrap();
    }
    // A place not in the table, and any place on a site about other places, is not checked.
    for (config, name) in [
        ("title = \"T\"\nlanguage = \"sv\"\n", "Bullerbyn"),
        (
            "title = \"T\"\nlanguage = \"sv\"\nmunicipalities = \"any\"\n",
            "Vetlanda",
        ),
    ] {
        site.write("config.toml", config);
        let o = crate::common::besok(
            &["new", "--municipality-page", name, "--county", "Kalmar län"],
            site.root(),
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", crate::common::stderr(&o));
    }
}

#[test]
fn config_municipalities_of_no_known_kind() {
    let errors = SiteTest::new()
        .config("title = \"T\"\nmunicipalities = \"norway\"\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:2:18: error: `municipalities` is \"norway\"; expected \"sweden\" (names checked against Sweden's 290 municipalities, with a map) or \"any\" (names of any places, not checked)"]
    );
}

/// Warnings about municipality names, checked against Sweden's 290: a misspelling in each
/// file that has it, a name of no municipality once, a page's county the table contradicts.
#[test]
fn municipality_names_not_swedens() {
    let site = SiteTest::new()
        .post("a", "title = \"A\"\ndate = 2020-01-01\nmunicipality = \"Vaxjo\"", "")
        .post("b", "title = \"B\"\ndate = 2020-01-02\nmunicipality = \"vaxjo\"", "")
        .post("c", "title = \"C\"\ndate = 2020-01-03\nmunicipality = \"Latensby\"", "")
        .post("d", "title = \"D\"\ndate = 2020-01-04\nmunicipality = \"Latensby\"", "")
        .post("e", "title = \"E\"\ndate = 2020-01-05\nmunicipality = \"Vetlanda\"", "")
        .file(
            "content/municipalities/vetlanda.md",
            "+++\nname = \"Vetlanda\"\ncounty = \"Kalmar län\"\n+++\n",
        )
        .build();
    assert_eq!(
        site.warnings(),
        [
            "content/municipalities/vetlanda.md:3:10: warning: Vetlanda lies in Jönköpings län, not \"Kalmar län\"; the county comes from the table of Sweden's municipalities, so `county` can go",
            "content/posts/a.md:4:16: warning: \"Vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named",
            "content/posts/b.md:4:16: warning: \"vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named",
            "content/posts/c.md:4:16: warning: \"Latensby\" is not one of Sweden's 290 municipalities; check the spelling, or set `municipalities = \"any\"` in config.toml for a site about other places",
        ]
    );
}

// --- besok import wordpress: the summary and the comments archive --------------------------

/// An export whose every post shows one thing the import reports: a file the old site refuses
/// to give (its address is a closed port on 127.0.0.1), another site's image, links the new
/// site cannot keep, a featured image that cannot be had, a page in the trash, a post whose URL
/// a file of the site already has, comments left out, a file of the media library no post
/// shows, an embedded map, a featured image without an address and a post without a date.
fn reporting_export(old: &str) -> String {
    let item = |id: u32, title: &str, name: &str, status: &str, kind: &str, body: &str, extra: &str| {
        format!(
            "<item><title><![CDATA[{title}]]></title><link>{old}/{name}/</link><content:encoded><![CDATA[{body}]]></content:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date>2016-12-08 10:00:00</wp:post_date><wp:post_date_gmt>2016-12-08 09:00:00</wp:post_date_gmt>\
             <wp:post_name>{name}</wp:post_name><wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type>{extra}</item>\n"
        )
    };
    let comment = |id: u32, approved: &str, kind: &str| {
        format!(
            "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Läsare</wp:comment_author><wp:comment_date>2016-12-09 10:00:00</wp:comment_date>\
             <wp:comment_content>Text</wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type></wp:comment>"
        )
    };
    let items = [
        item(
            1,
            "Besök i Kalmar",
            "besok-i-kalmar",
            "publish",
            "post",
            &format!("<img src=\"{old}/wp-content/uploads/a.jpg\" alt=\"A\"> <img src=\"https://annan.example.org/b.jpg\" alt=\"B\">\n<a href=\"#ingen\">ankare</a> <a href=\"{old}/tag/kalmar/\">taggen</a> <a href=\"{old}/?p=2\">utkastet</a> <a href=\"{old}/?p=3\">papperskorgen</a>"),
            &[comment(1, "spam", ""), comment(2, "trash", ""), comment(3, "0", ""), comment(4, "1", "pingback")].concat(),
        ),
        item(2, "Besök i Eksjö", "besok-i-eksjo", "draft", "post", "Utkast.", "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>"),
        item(3, "Gammalt", "gammalt", "trash", "post", "Bort.", ""),
        item(4, "Besök i Vetlanda", "besok-i-vetlanda", "publish", "post", "Text.", ""),
        item(5, "Gammal sida", "gammal-sida", "trash", "page", "Bort.", ""),
        format!("<item><title>c</title><wp:post_id>9</wp:post_id><wp:post_parent>2</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>{old}/wp-content/uploads/c.jpg</wp:attachment_url></item>\n"),
        format!("<item><title>d</title><wp:post_id>10</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>{old}/wp-content/uploads/d.jpg</wp:attachment_url></item>\n"),
        item(6, "Besök i Växjö", "besok-i-vaxjo", "publish", "post", "<iframe src=\"https://kartor.example.org/karta\"></iframe>", "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>11</wp:meta_value></wp:postmeta>"),
        "<item><title>Besök i Borås</title><content:encoded>Utan datum.</content:encoded><wp:post_id>7</wp:post_id><wp:post_name>besok-i-boras</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n".to_string(),
        "<item><title>e</title><wp:post_id>11</wp:post_id><wp:post_parent>6</wp:post_parent><wp:post_type>attachment</wp:post_type></item>\n".to_string(),
    ]
    .concat();
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<wp:base_site_url>{old}</wp:base_site_url>\n{items}</channel>\n</rss>\n"
    )
}

#[test]
fn import_summary_names_what_was_written_skipped_and_to_check() {
    // A port nothing listens on: the old site refuses every connection.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let old = format!("http://127.0.0.1:{closed}");
    let site = SiteTest::new().post(
        "vetlanda",
        "title = \"Vetlanda\"\ndate = 2016-01-01\nslug = \"besok-i-vetlanda\"",
        "Text.",
    );
    let export = site.root().join("export.xml");
    std::fs::write(&export, reporting_export(&old)).unwrap();
    let o = crate::common::besok(&["import", "wordpress", "export.xml", "--timeout", "2"], site.root());
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    assert_eq!(
        crate::common::stdout(&o),
        format!(
            "Imported 4 posts (2 drafts), 0 pages, 0 media files (0 bytes) and 0 comments from export.xml into content
  content/posts/besok-i-kalmar.md (Kalmar; from the title)
  content/posts/besok-i-eksjo.md (Eksjö; from the title; draft)
  content/posts/besok-i-vaxjo.md (Växjö; from the title)
  content/posts/besok-i-boras.md (Borås; from the title; draft)
Comments: 0 kept in 0 posts; left out: 1 spam, 1 in the trash, 1 awaiting approval, 1 pingback (import with --pingbacks to keep them)
Skipped 4:
  post \"Gammalt\" (line 8 of the export): its WordPress status is \"trash\", not a post to keep
  page \"Gammal sida\" (line 10 of the export): its WordPress status is \"trash\", not a page to keep
  post \"Besök i Vetlanda\" (content/posts/besok-i-vetlanda.md): its URL posts/besok-i-vetlanda/ is taken by content/posts/vetlanda.md; left out
  1 file of the media library: no imported post or page shows or owns it, so it was not downloaded (its address is in the export)
To check by hand (10):
  Files not saved: these still load from the old blog; save them before it is switched off (2):
    content/posts/besok-i-eksjo.md (export.xml:7): featured image {old}/wp-content/uploads/c.jpg: the connection was refused; the post has no image
    content/posts/besok-i-kalmar.md (export.xml:5): {old}/wp-content/uploads/a.jpg: the connection was refused; the text still loads it from the old blog
  Images from other sites, still loaded from there (1):
    content/posts/besok-i-kalmar.md (export.xml:5): image from another site: https://annan.example.org/b.jpg
  Links the new site cannot keep, written as their text (4):
    content/posts/besok-i-kalmar.md (export.xml:6): link to \"#ingen\": the text has no heading with that id
    content/posts/besok-i-kalmar.md (export.xml:6): link to {old}/tag/kalmar/: a page of the old blog that is not a post or page of the export
    content/posts/besok-i-kalmar.md (export.xml:6): link to {old}/?p=2: \"Besök i Eksjö\" is a draft, which the build leaves out; link it again when it is published
    content/posts/besok-i-kalmar.md (export.xml:6): link to {old}/?p=3: a page of the old blog that is not a post or page of the export
  Not carried over (written as a link, left as text or left out): compare with the old post (2):
    content/posts/besok-i-vaxjo.md (export.xml:13): featured image: attachment 11 has no file address in the export (wp:attachment_url); the post has no image
    content/posts/besok-i-vaxjo.md (export.xml:13): an embedded page from kartor.example.org (iframe), written as a link to it: https://kartor.example.org/karta
  Not inferred (1):
    content/posts/besok-i-boras.md (export.xml:14): date: the post has none; imported as a draft dated as the post before it in the export, \"Besök i Växjö\": give it its date, then remove draft = true
Next steps:
  1. besok check: what a build would warn about, before publishing
  2. config.toml: base_url is \"https://example.org/\", not the old blog's \"{old}/\": ask the old blog's host to redirect (301) every address to the same path there
  3. besok serve --open: look at the site
"
        )
    );
}

#[test]
fn import_refuses_an_uploads_folder_that_is_not_there_and_a_timeout_that_is_no_time() {
    let site = SiteTest::new().file("export.xml", "<rss/>");
    let o = crate::common::besok(
        &["import", "wordpress", "export.xml", "--uploads", "backup"],
        site.root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        crate::common::stderr(&o),
        "error: --uploads backup is not a folder; expected a copy of the blog's wp-content/uploads\n"
    );
    for bad in ["0", "inf", "4000"] {
        let o = crate::common::besok(&["import", "wordpress", "export.xml", "--timeout", bad], site.root());
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(
            crate::common::stderr(&o),
            format!("error: --timeout {bad} is not a number of seconds from 0 to 3600\n")
        );
    }
}

fn comments_errors(archive: &str) -> Vec<String> {
    SiteTest::new()
        .file(
            "content/posts/a/index.md",
            "+++\ntitle = \"A\"\ndate = 2016-12-08\n+++\nText.\n",
        )
        .file("content/posts/a/comments.toml", archive)
        .errors()
}

#[test]
fn comments_archive_mistakes_name_their_line() {
    assert_eq!(
        comments_errors("[[comment]]\nid = 1\nauthor = \"A\"\ndate = 2016-12-09\ntext = \"x\"\nemail = \"a@example.se\"\n"),
        ["content/posts/a/comments.toml:6:1: error: unknown key `email` in a [[comment]] of the comments archive; expected one of `id`, `reply_to`, `author`, `date`, `kind`, `url`, `text`"]
    );
    assert_eq!(
        comments_errors("[[comment]]\nid = 1\nauthor = \" \"\ndate = 2016-12-09\nreply_to = 5\nkind = \"like\"\nurl = \"ftp://x\"\ntext = \"x\"\n\n[[comment]]\nid = 1\nauthor = \"B\"\ndate = 2016-13-09\ntext = \"y\"\n"),
        [
            "content/posts/a/comments.toml:13:8: error: invalid date, expected month between 01 and 12; expected a date like 2016-12-08 or 2016-12-08T10:00:00+01:00",
        ]
    );
    assert_eq!(
        comments_errors("[[comment]]\nid = 1\nauthor = \" \"\ndate = 2016-12-09\nreply_to = 5\nkind = \"like\"\nurl = \"ftp://x\"\ntext = \"x\"\n\n[[comment]]\nid = 1\nreply_to = 1\nauthor = \"B\"\ndate = 2016-12-09\ntext = \"[länk](@/posts/saknas.md)\"\n"),
        [
            "content/posts/a/comments.toml:3:10: error: `author` is empty; expected the name the comment was signed with",
            "content/posts/a/comments.toml:5:12: error: `reply_to` is 5, but no comment has that id; expected the id of the comment this one answers",
            "content/posts/a/comments.toml:6:8: error: `kind` is \"like\"; expected \"pingback\" or \"trackback\", or no kind for a reader's comment",
            "content/posts/a/comments.toml:7:7: error: `url` is \"ftp://x\"; expected an address starting with https://",
            "content/posts/a/comments.toml:11:6: error: two comments have the id 1; expected each comment's own number",
            "content/posts/a/comments.toml:12:12: error: comment 1's `reply_to` leads back to itself; expected replies to lead to a comment that answers none",
        ]
    );
    // A comment's links to content files are checked like a post's.
    assert_eq!(
        comments_errors("[[comment]]\nid = 1\nauthor = \"A\"\ndate = 2016-12-09\ntext = \"Se [där](@/posts/saknas.md).\"\n"),
        ["content/posts/a/comments.toml:5:8: error: link to \"@/posts/saknas.md\": there is no content/posts/saknas.md; expected a post, a page or a municipality page, like \"@/posts/besok-i-vetlanda.md\""]
    );
}

/// The line `besok build` prints counts each thing in the singular for one and the plural
/// otherwise, zero included.
#[test]
fn build_summary_counts_in_the_singular_and_the_plural() {
    let site = SiteTest::new()
        .file(
            "content/posts/a.md",
            crate::common::post("A", "2016-12-08")
                .municipality("Eda")
                .tags(&["samverkan"]),
        )
        .build();
    let mut report = site.report.unwrap();
    let summary = |r: &besok::BuildReport| {
        let shown = r.summary();
        let (line, _) = shown.split_once(" into ").unwrap();
        line.to_string()
    };
    assert!(
        summary(&report).contains(" (1 post, 1 tag, 1 municipality) and copied "),
        "{}",
        summary(&report)
    );
    (report.pages, report.posts, report.tags, report.municipalities) = (1, 1, 1, 1);
    (report.post_files, report.static_files) = (1, 1);
    assert_eq!(
        summary(&report),
        "Built 1 page (1 post, 1 tag, 1 municipality), 1 file of posts and copied 1 static file"
    );
    (report.pages, report.posts, report.tags, report.municipalities) = (2, 0, 2, 0);
    (report.post_files, report.static_files) = (2, 0);
    assert_eq!(
        summary(&report),
        "Built 2 pages (0 posts, 2 tags, 0 municipalities), 2 files of posts and copied 0 static files"
    );
}

// Addresses: where a post's address comes from, and an address a build no longer publishes.

const SLUGS_FROM_FILE: &str =
    "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"file\"\n";
const SLUGS_FROM_TITLE: &str =
    "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nslugs_from = \"title\"\n";
const SLUGS_FROM_UNSET: &str = "title = \"Testbloggen\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\n";

#[test]
fn slugs_from_takes_file_or_title() {
    let errors = SiteTest::new()
        .config("title = \"T\"\nslugs_from = \"name\"\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:2:14: error: `slugs_from` is \"name\"; expected \"file\" (a post's address from its file's name, or its bundle folder's) or \"title\" (from its title)"]
    );
}

/// A site from before `slugs_from` keeps every address, and is told which posts need a `slug`
/// line before it can take addresses from file names.
#[test]
fn a_site_without_the_key_keeps_its_addresses_and_is_told_what_to_add() {
    let site = SiteTest::new()
        .config(SLUGS_FROM_UNSET)
        .file("content/posts/eksjo.md", post("Besök i Eksjö", "2016-12-08"))
        .file("content/posts/besok-i-kalmar.md", post("Besök i Kalmar", "2016-11-10"))
        .file(
            "content/posts/vetlanda.md",
            post("Vetlanda", "2016-10-01").line("slug = \"besok-i-vetlanda\""),
        )
        .build();
    assert!(site.exists("posts/besok-i-eksjo/index.html"));
    assert!(site.exists("posts/besok-i-kalmar/index.html"));
    assert!(site.exists("posts/besok-i-vetlanda/index.html"));
    assert_eq!(
        site.warnings(),
        [
            "config.toml:1:1: warning: posts take their addresses from their titles, so a new title moves a post; add `slugs_from = \"file\"` to take them from the files' names instead (1 post needs a `slug` line first, as its warning says), or `slugs_from = \"title\"` to keep titles",
            "content/posts/eksjo.md:2:9: warning: the address posts/besok-i-eksjo/ is made from the title and would be posts/eksjo/ with `slugs_from = \"file\"`; add `slug = \"besok-i-eksjo\"` to keep it",
        ]
    );

    // With the slug line, nothing would move, and the key can be set.
    site.write(
        "content/posts/eksjo.md",
        post("Besök i Eksjö", "2016-12-08").line("slug = \"besok-i-eksjo\""),
    );
    let site = site.build();
    assert_eq!(
        site.warnings(),
        ["config.toml:1:1: warning: posts take their addresses from their titles, so a new title moves a post; add `slugs_from = \"file\"` to take them from the files' names instead (no post's address changes), or `slugs_from = \"title\"` to keep titles"]
    );
    site.write("config.toml", SLUGS_FROM_FILE);
    let site = site.build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
    assert!(site.exists("posts/besok-i-eksjo/index.html"));
}

#[test]
fn a_file_name_without_letters_needs_a_slug() {
    let errors = SiteTest::new()
        .config(SLUGS_FROM_FILE)
        .file("content/posts/!!!.md", post("Besök i Eksjö", "2016-12-08"))
        .errors();
    assert_eq!(
        errors,
        ["content/posts/!!!.md:2:9: error: the file name \"!!!\" has no letters or digits to make the post's address from; rename the file or add `slug = \"...\"`"]
    );
}

/// The previous build's list of addresses is compared with this build's: an address that is
/// gone is a warning at the file whose `aliases` would keep it, with the line to add.
#[test]
fn an_address_the_previous_build_published_and_this_one_does_not_is_a_warning() {
    let site = SiteTest::new()
        .config(SLUGS_FROM_TITLE)
        .file("content/posts/eksjo.md", post("Besök i Eksjö", "2016-12-08"))
        .file(
            "content/posts/kalmar.md",
            post("Besök i Kalmar", "2016-11-10").line("aliases = [\"/2016/11/10/kalmar/\"]"),
        )
        .file("content/posts/vetlanda.md", post("Besök i Vetlanda", "2016-10-01"))
        .file("content/pages/om.md", "+++\ntitle = \"Om oss\"\n+++\nVi.\n")
        .build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());

    // A new title moves a post; a new slug moves another; a renamed page moves; a deleted
    // post's address is gone with it.
    site.write("content/posts/eksjo.md", post("Återbesök i Eksjö", "2016-12-08"));
    site.write(
        "content/posts/kalmar.md",
        post("Besök i Kalmar", "2016-11-10")
            .line("aliases = [\"/2016/11/10/kalmar/\"]")
            .line("slug = \"kalmar\""),
    );
    fs::remove_file(site.root().join("content/posts/vetlanda.md")).unwrap();
    fs::rename(
        site.root().join("content/pages/om.md"),
        site.root().join("content/pages/om-oss.md"),
    )
    .unwrap();
    let site = site.build();
    assert_eq!(
        site.warnings(),
        [
            "content/pages/om-oss.md:2:9: warning: the previous build published this page (then content/pages/om.md) at /om/, which this build does not; add `aliases = [\"/om/\"]` to keep that address working",
            "content/posts/eksjo.md:2:9: warning: the previous build published this post at /posts/besok-i-eksjo/, which this build does not; add `aliases = [\"/posts/besok-i-eksjo/\"]` to keep that address working",
            "content/posts/kalmar.md:4:12: warning: the previous build published this post at /posts/besok-i-kalmar/, which this build does not; add it to `aliases`: `aliases = [\"/2016/11/10/kalmar/\", \"/posts/besok-i-kalmar/\"]` keeps that address working",
            "content/posts/vetlanda.md:1:1: warning: the previous build published this file's post at /posts/besok-i-vetlanda/, which this build does not (the file is gone); if the post is in another file now, add `aliases = [\"/posts/besok-i-vetlanda/\"]` to it",
        ]
    );

    // Said once: the build after it compares with this one.
    let site = site.build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());

    // A post renamed in title mode keeps its address (from its title): nothing to say. A
    // post that becomes a draft is left out on purpose: nothing to say either.
    fs::rename(
        site.root().join("content/posts/eksjo.md"),
        site.root().join("content/posts/eksjo-2016.md"),
    )
    .unwrap();
    site.write(
        "content/posts/kalmar.md",
        post("Besök i Kalmar", "2016-11-10")
            .line("slug = \"kalmar\"")
            .line("draft = true"),
    );
    let site = site.build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
}

// Smaller messages: each says what is wrong, where, and what would be right.

#[test]
fn a_key_written_twice_is_named_with_the_line_of_the_first() {
    assert_eq!(
        errors_for_post("+++\ntitle = \"A\"\ndate = 2020-01-01\ntitle = \"B\"\n+++\n"),
        ["content/posts/a.md:4:1: error: `title` is written twice; the first is on line 2 (keep one of them)"]
    );
    let errors = SiteTest::new()
        .config("title = \"T\"\nlanguage = \"sv\"\n[images]\njpeg_quality = 70\nwidths = [480]\njpeg_quality = 90\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:6:1: error: `jpeg_quality` is written twice; the first is on line 4 (keep one of them)"]
    );
    let errors = SiteTest::new()
        .config("title = \"T\"\n[images]\nwidths = [480]\n[images]\njpeg_quality = 90\n")
        .errors();
    assert_eq!(
        errors,
        ["config.toml:4:2: error: `[images]` is written twice; the first is on line 2 (keep one of them)"]
    );
}

#[test]
fn an_image_setting_out_of_range_points_at_its_value() {
    let errors = SiteTest::new()
        .config("title = \"T\"\n[images]\nwidths = [480, 5]\njpeg_quality = 120\n")
        .errors();
    assert_eq!(
        errors,
        [
            "config.toml:3:10: error: `images.widths` is [480, 5]; expected one or more widths in pixels from 16 to 10000, like [480, 960, 1600]",
            "config.toml:4:16: error: `images.jpeg_quality` is 120; expected 1 to 100 (80 keeps photos sharp at a tenth of their size)",
        ]
    );
}

#[test]
fn a_language_the_theme_has_no_words_for_suggests_one_it_has() {
    let errors = SiteTest::new().config("title = \"T\"\nlanguage = \"sv-SE\"\n").errors();
    assert_eq!(
        errors,
        ["config.toml:2:12: error: the theme \"default\" has no translations for language \"sv-se\"; did you mean \"sv\"? (it has \"en\" and \"sv\"; another language needs themes/default/i18n/sv-se.toml)"]
    );
    let errors = SiteTest::new().config("title = \"T\"\nlanguage = \"de\"\n").errors();
    assert_eq!(
        errors,
        ["config.toml:2:12: error: the theme \"default\" has no translations for language \"de\"; it has \"en\" and \"sv\" (another language needs themes/default/i18n/de.toml)"]
    );
}

#[test]
fn a_link_from_a_bundle_to_a_post_beside_it_suggests_the_path_up() {
    let errors = SiteTest::new()
        .file("content/posts/aterbesok.md", post("Återbesök", "2020-01-02"))
        .file(
            "content/posts/kalmar/index.md",
            post("Kalmar", "2020-01-01").body("Se [gammal](aterbesok.md)."),
        )
        .errors();
    assert_eq!(
        errors,
        ["content/posts/kalmar/index.md:5:4: error: link to \"aterbesok.md\": there is no content/posts/kalmar/aterbesok.md; did you mean \"../aterbesok.md\"? (a link in a bundle's index.md is relative to its folder)"]
    );
}

/// A run with errors still says how much it checked, and keeps its warnings.
#[test]
fn check_with_errors_counts_what_it_checked_and_keeps_the_warnings() {
    let site = SiteTest::new()
        .file("content/posts/a.md", "+++\ntitle = \"A\"\n+++\n")
        .file("content/posts/b.md", post("B", "2020-01-02").municipality("Vaxjo"))
        .file("content/posts/c.md", post("C", "2020-01-03"));
    let out = crate::common::besok(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        crate::common::stderr(&out).lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect::<Vec<_>>(),
        [
            "content/posts/a.md:2:1: error: missing required key `date`; expected a line like `date = 2016-12-08`",
            "content/posts/b.md:4:16: warning: \"Vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named",
        ]
    );
    assert_eq!(
        crate::common::stdout(&out),
        "Checked 3 posts (pages are rendered once the errors are fixed): 1 error, 1 warning\n"
    );
}

/// Offline, `--external` says once that no server answered, not once a link.
#[test]
fn check_external_without_a_network_says_so_once() {
    // `.invalid` names are never found (RFC 2606): no server answers, as offline.
    let site = SiteTest::new().post(
        "a",
        "title = \"A\"\ndate = 2020-01-01\ntags = [\"t\"]",
        "[ett](http://eksjo.invalid/) och\n[två](https://kalmar.invalid/sida) och\n[tre](https://kalmar.invalid/annan).",
    );
    let out = crate::common::besok(&["check", "--external"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let stderr = crate::common::stderr(&out);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        ["error: no external link was checked: none of the 2 servers could be reached (eksjo.invalid: host not found); is the network down? Run besok check --external again once it is up"],
        "{stderr}"
    );
    let stdout = crate::common::stdout(&out);
    assert!(
        stdout.contains("http://eksjo.invalid/ not checked [content/posts/a.md:6:1]"),
        "{stdout}"
    );
    assert!(stdout.ends_with(": 1 error, 0 warnings\n"), "{stdout}");
}

/// The errors of a bundle post `content/posts/k/index.md` (beside it: `rapport.pdf`) whose text
/// below its four lines of front matter is `body`.
fn shortcode_errors(body: &str) -> Vec<String> {
    SiteTest::new()
        .file(
            "content/posts/k/index.md",
            format!("+++\ntitle = \"K\"\ndate = 2016-12-08\n+++\n{body}"),
        )
        .file("content/posts/k/rapport.pdf", "%PDF-1.4\n")
        .errors()
}

#[test]
fn shortcodes_written_wrongly() {
    assert_eq!(
        shortcode_errors("Se {{ file(name=rapport.pdf) }}.\n"),
        ["content/posts/k/index.md:5:17: error: shortcode `file`: the value of `name` is rapport.pdf; expected a string in quotes (\"...\"), a number, true, false or a list in [ ]"]
    );
    assert_eq!(
        shortcode_errors("{{ file(name=\"rapport.pdf\" title=\"x\") }}\n"),
        ["content/posts/k/index.md:5:28: error: shortcode `file`: expected `,` before the next argument, or `)` after the last"]
    );
    assert_eq!(
        shortcode_errors("{{ file(name=”rapport.pdf”) }}\n"),
        ["content/posts/k/index.md:5:14: error: shortcode `file`: the value of `name` starts with the typographic quote ”; write straight quotes: \"...\""]
    );
    assert_eq!(
        shortcode_errors("{% note() %}\nText\n"),
        ["content/posts/k/index.md:5:1: error: shortcode `note` has no `{% end %}`; a body shortcode's text ends with `{% end %}` on a line of its own"]
    );
    assert_eq!(
        shortcode_errors("Text {% note() %}\nx\n{% end %}\n"),
        ["content/posts/k/index.md:5:6: error: the body shortcode `note` is written inside a line; its `{% note(...) %}` and its `{% end %}` each stand on a line of their own"]
    );
    assert_eq!(
        shortcode_errors("Text\n\n{% end %}\n"),
        ["content/posts/k/index.md:7:1: error: `{% end %}` ends no shortcode; it closes a body shortcode begun with `{% name(...) %}`"]
    );
}

#[test]
fn shortcodes_the_theme_does_not_have_or_that_are_called_wrongly() {
    assert_eq!(
        shortcode_errors(
            "{{ galery() }}\n{{ file(name=\"rapport.pdf\", titel=\"x\") }}\n{{ file(title=\"x\") }}\n{{ gallery(captions=\"x\") }}\n{{ file(name=\"rapprt.pdf\") }}\n{{ video(url=\"https://example.com/v\") }}\n{{ gallery(files=[\"rapport.pdf\"]) }}\n{{ video() }}\n{{ file(name=\"/rapport.pdf\") }}\n"
        ),
        [
            "content/posts/k/index.md:5:1: error: unknown shortcode `galery`; did you mean `gallery`? (a shortcode is a template templates/shortcodes/galery.html)",
            "content/posts/k/index.md:6:29: error: shortcode `file` has no argument `titel`; did you mean `title`? its arguments are: name, title?",
            "content/posts/k/index.md:7:1: error: shortcode `file` needs the argument `name`; its arguments are: name, title? (? marks the optional)",
            "content/posts/k/index.md:8:21: error: shortcode `gallery`: `captions` is \"x\"; expected a list in [ ]",
            "content/posts/k/index.md:9:14: error: shortcode `file`: `name` is \"rapprt.pdf\"; there is no content/posts/k/rapprt.pdf; did you mean \"rapport.pdf\"?",
            "content/posts/k/index.md:10:1: error: shortcode `video`: \"https://example.com/v\" is not a YouTube or Vimeo video's address; expected one like https://www.youtube.com/watch?v=… or https://vimeo.com/…",
            "content/posts/k/index.md:11:18: error: shortcode `gallery`: `files` is [\"rapport.pdf\"]; rapport.pdf is not a photo; expected a JPEG, PNG or WebP file",
            "content/posts/k/index.md:12:1: error: shortcode `video`: give the video's address as url=\"https://…\", or a video file beside the post as file=\"film.mp4\"",
            "content/posts/k/index.md:13:14: error: shortcode `file`: `name` is \"/rapport.pdf\"; a shortcode shows the post's own files: put it beside the post and give its name",
        ]
    );
}

#[test]
fn a_shortcode_template_declaring_its_arguments_wrongly() {
    let errors = SiteTest::new()
        .file(
            "templates/shortcodes/note.html",
            "{#- A note.\n    args: kind: colour -#}\n<aside>{{ body | safe }}</aside>\n",
        )
        .post("a", "title = \"A\"\ndate = 2016-12-08", "Text.\n")
        .errors();
    assert_eq!(
        errors,
        ["templates/shortcodes/note.html:2:1: error: the shortcode's argument `kind` has the type `colour`; expected one of: string, number, bool, array, file, files, photo, photos"]
    );
}

#[test]
fn a_shortcode_template_that_fails_names_its_file() {
    let errors = SiteTest::new()
        .file("templates/shortcodes/note.html", "<aside>{{ colour }}</aside>\n")
        .post("a", "title = \"A\"\ndate = 2016-12-08", "{{ note() }}\n")
        .errors();
    assert_eq!(
        errors,
        ["content/posts/a.md:5:1: error: shortcode `note`: its template templates/shortcodes/note.html failed: Failed to render 'shortcodes/note.html': Variable `colour` not found in context while rendering 'shortcodes/note.html'"]
    );
}
