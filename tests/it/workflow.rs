//! The writer's workflow as a user runs it, with the built binary in temp folders far from this
//! repository (so no themes/ folder can be found by accident): `besok init`, `besok new`,
//! `besok import wordpress`, and building what they wrote.

use crate::common::{besok, ok, published, read, repo, snapshot, stderr, stdout, SiteTest};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A new site made by `besok init` in a fresh temp folder; returns the temp folder and the site.
fn init_site(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut all = vec!["init", "sajt"];
    all.extend_from_slice(args);
    ok(&besok(&all, tmp.path()));
    let site = tmp.path().join("sajt");
    (tmp, site)
}

fn files_under(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

#[test]
fn init_then_build_with_the_built_in_theme_and_no_themes_folder() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(!repo().starts_with(tmp.path()) && !tmp.path().starts_with(repo()));
    let out = ok(&besok(&["init", "blogg", "--title", "Vår \"blogg\""], tmp.path()));
    assert!(out.starts_with("Created a new site in blogg:\n"), "{out}");
    let site = tmp.path().join("blogg");
    assert_eq!(
        files_under(&site),
        [".gitignore", "config.toml", "content/posts/valkommen-till-bloggen.md"]
    );
    assert_eq!(
        read(site.join(".gitignore")),
        "# Made by besok: the built site, the build's own files beside it and the cache of photo sizes.\npublic/\n.public.besok-*\n.besok-cache/\n"
    );
    let config = read(site.join("config.toml"));
    assert!(config.contains("docs/configuration.md"), "{config}");
    assert!(config.contains("base_url = \"/\""), "{config}");
    assert!(site.join("content/municipalities").is_dir());
    assert!(!site.join("themes").exists());

    let run = besok(&["build"], &site);
    let built = ok(&run);
    assert!(built.starts_with("Built "), "{built}");
    // base_url = "/" builds, with one warning saying where to set the real address.
    let warnings: Vec<String> = stderr(&run)
        .lines()
        .filter(|l| l.contains("warning:"))
        .map(String::from)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let line = 1 + config
        .lines()
        .position(|l| l.starts_with("base_url"))
        .expect("a base_url line");
    assert!(
        warnings[0].starts_with(&format!(
            "config.toml:{line}:12: warning: `base_url` is \"/\", a path without a host"
        )),
        "{warnings:?}"
    );
    let home = read(site.join("public/index.html"));
    assert!(home.contains("Vår &quot;blogg&quot;"), "{home}");
    assert!(home.contains("<html lang=\"sv\""), "{home}");
    assert!(home.contains("Välkommen till bloggen"), "{home}");
    // The stylesheet comes out of the binary, byte for byte the repository's.
    assert_eq!(
        fs::read(site.join("public").join(published(&site.join("public"), "style.css"))).unwrap(),
        fs::read(repo().join("themes/default/static/style.css")).unwrap()
    );
    assert!(site.join("public/posts/valkommen-till-bloggen/index.html").is_file());
    // Everything a build writes is ignored by git: the site and the files beside it.
    let beside: Vec<String> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(!beside.is_empty());
    for name in beside {
        assert!(
            name == ".public.besok-files" || name == ".public.besok-lock" || name == ".public.besok-addresses",
            "{name} is not ignored"
        );
    }
}

#[test]
fn init_writes_the_base_url_asked_for_and_the_build_uses_it() {
    let (_tmp, site) = init_site(&["--base-url", "https://kommun.example.se/blogg"]);
    let config = read(site.join("config.toml"));
    assert!(
        config.contains("base_url = \"https://kommun.example.se/blogg/\"\n"),
        "{config}"
    );
    ok(&besok(&["build"], &site));
    assert!(read(site.join("public/index.html")).contains("href=\"https://kommun.example.se/blogg/\""));
    assert!(
        read(site.join("public/atom.xml")).contains("https://kommun.example.se/blogg/posts/valkommen-till-bloggen/")
    );
}

#[test]
fn init_in_english() {
    let (_tmp, site) = init_site(&["--language", "en"]);
    assert!(read(site.join("config.toml")).contains("language = \"en\""));
    assert!(site.join("content/posts/welcome-to-the-blog.md").is_file());
    ok(&besok(&["build"], &site));
    let home = read(site.join("public/index.html"));
    assert!(
        home.contains("<html lang=\"en\"") && home.contains("My visit reports"),
        "{home}"
    );
}

#[test]
fn init_refuses_a_folder_that_holds_anything_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mapp");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(".anteckningar"), "mina").unwrap();
    let o = besok(&["init", "mapp"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: will not write mapp: the folder is not empty, and besok init never writes over files; choose a new or empty folder\n"
    );
    assert_eq!(files_under(&dir), [".anteckningar"]);
    assert_eq!(read(dir.join(".anteckningar")), "mina");
    // An empty folder is fine.
    fs::create_dir(tmp.path().join("tom")).unwrap();
    ok(&besok(&["init", "tom"], tmp.path()));
}

#[test]
fn a_sites_own_theme_files_replace_the_built_in_ones_file_by_file() {
    let (_tmp, site) = init_site(&[]);
    fs::create_dir_all(site.join("themes/default/static")).unwrap();
    fs::write(site.join("themes/default/static/style.css"), "body { color: teal }").unwrap();
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/extra.txt"), "egen fil").unwrap();
    ok(&besok(&["build"], &site));
    assert_eq!(
        read(site.join("public").join(published(&site.join("public"), "style.css"))),
        "body { color: teal }"
    );
    assert_eq!(read(site.join("public/extra.txt")), "egen fil");
    // Templates still come from the binary.
    assert!(read(site.join("public/index.html")).contains("Välkommen till bloggen"));
}

#[test]
fn built_in_templates_are_named_as_such_and_site_templates_by_their_path() {
    let site = tempfile::tempdir().unwrap();
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(site.path().join("templates/tag.html"), "{{ tag.name }}").unwrap();
    let config = besok::config::Config::parse("title = \"T\"\nlanguage = \"sv\"\n", Path::new("config.toml")).unwrap();
    let theme = besok::theme::Theme::load(site.path(), &config).unwrap();
    let path = |name: &str| besok::diagnostics::display_path(&theme.template(name).unwrap().path);
    assert_eq!(path("post.html"), "<built-in theme>/templates/post.html");
    assert_eq!(path("tag.html"), "templates/tag.html");
    assert_eq!(theme.translations.words.get("tags").map(String::as_str), Some("Taggar"));
}

fn front_matter_value(file: &str, key: &str) -> Option<String> {
    let fm = file.split("+++").nth(1)?;
    fm.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .map(|l| l[key.len() + 3..].to_string())
}

#[test]
fn new_numbers_visits_counting_drafts_and_offers_earlier_tags() {
    let (_tmp, site) = init_site(&[]);
    let first = besok(
        &[
            "new",
            "Besök i Växjö",
            "--municipality",
            "Växjö",
            "--date",
            "2024-01-10",
        ],
        &site,
    );
    assert_eq!(ok(&first), "content/posts/besok-i-vaxjo.md\n");
    assert!(
        stderr(&first).contains("note: no post or municipality page of this site names Växjö yet"),
        "{}",
        stderr(&first)
    );
    let text = read(site.join("content/posts/besok-i-vaxjo.md"));
    assert_eq!(
        text,
        "+++\ntitle = \"Besök i Växjö\"\ndate = 2024-01-10\nmunicipality = \"Växjö\"\nvisit = 1\ntags = []\n+++\n"
    );

    let second = besok(
        &[
            "new",
            "Besök 2 i Växjö",
            "--municipality",
            "vaxjo",
            "--date",
            "2024-05-02",
            "--tags",
            "samverkan,barn och unga",
        ],
        &site,
    );
    let path = ok(&second);
    let text = read(site.join(path.trim()));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("2"));
    // The site's spelling wins over the typed one.
    assert_eq!(front_matter_value(&text, "municipality").as_deref(), Some("\"Växjö\""));
    assert_eq!(
        front_matter_value(&text, "tags").as_deref(),
        Some("[\"samverkan\", \"barn och unga\"]")
    );
    // Drafts count: the writer has not published the second visit yet.
    fs::write(site.join(path.trim()), text.replacen("+++\n", "+++\ndraft = true\n", 1)).unwrap();

    let third = besok(
        &[
            "new",
            "Tredje besöket",
            "--municipality",
            "Växjö",
            "--date",
            "2024-09-30",
            "--tags",
            "ledarskap",
        ],
        &site,
    );
    let text = read(site.join(ok(&third).trim()));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("3"));
    assert!(
        text.contains(
            "# Tags of earlier visits to Växjö, to copy into `tags` above:\n# \"barn och unga\", \"samverkan\"\n+++"
        ),
        "{text}"
    );

    // A visit dated before the others is the first, and the writer is told about the later ones.
    let early = besok(
        &["new", "Tidigt besök", "--municipality", "Växjö", "--date", "2023-06-01"],
        &site,
    );
    let text = read(site.join(ok(&early).trim()));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("1"));
    assert!(
        stderr(&early).contains("3 visits to Växjö are dated after 2023-06-01"),
        "{}",
        stderr(&early)
    );

    // What new wrote builds, and the timeline agrees with the numbers written.
    ok(&besok(&["build", "--drafts"], &site));
}

#[test]
fn new_continues_after_a_declared_visit_number() {
    // The example site's only Kalmar post says `visit = 2`: the first visit was before the blog.
    let site = SiteTest::example();
    let o = besok(
        &["new", "Kommunbesök 3 i Kalmar", "--municipality", "Kalmar"],
        site.root(),
    );
    let text = read(site.root().join(ok(&o).trim()));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("3"));
    assert!(text.contains("\"ledarskap\""), "{text}");
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(front_matter_value(&text, "date"), Some(today));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
}

/// Two visits on one day, only one of them numbered: `besok new` must count them in the order
/// the build numbers them (newest first by date, then URL word, then file, reversed), or the
/// number it writes disagrees with the timeline.
#[test]
fn new_numbers_same_day_visits_in_the_order_the_build_does() {
    let (_tmp, site) = init_site(&[]);
    let visit = |title: &str, slug: &str, extra: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2016-12-08\nmunicipality = \"Eksjö\"\nslug = \"{slug}\"\n{extra}tags = [\"samverkan\"]\n+++\nText.\n"
        )
    };
    // By file a.md comes first; by URL word the build takes "zeta" first (oldest first is the
    // site order reversed) and gives it the declared 3, so "alfa" is the 4th visit.
    fs::write(site.join("content/posts/a.md"), visit("Alfa", "alfa", "")).unwrap();
    fs::write(site.join("content/posts/b.md"), visit("Zeta", "zeta", "visit = 3\n")).unwrap();
    ok(&besok(&["build"], &site));
    let page = read(site.join("public/kommuner/eksjo/index.html"));
    let timeline = &page[page.find("<ol class=\"timeline\">").expect("a timeline")..];
    let (zeta, alfa) = (timeline.find(">Zeta<").unwrap(), timeline.find(">Alfa<").unwrap());
    let fourth = timeline.find("Besök 4 ·").expect("a fourth visit");
    assert!(zeta < fourth && fourth < alfa, "Zeta 3rd, Alfa 4th: {timeline}");
    let o = besok(&["new", "Besök i Eksjö igen", "--municipality", "Eksjö"], &site);
    let text = read(site.join(ok(&o).trim()));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("5"), "{text}");
}

#[test]
fn new_never_overwrites_and_slug_gives_another_name() {
    let (_tmp, site) = init_site(&[]);
    let file = site.join("content/posts/besok-i-vaxjo.md");
    fs::write(&file, "mitt eget utkast").unwrap();
    let o = besok(&["new", "Besök i Växjö", "--municipality", "Växjö"], &site);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(read(&file), "mitt eget utkast");
    let o = besok(
        &[
            "new",
            "Besök i Växjö",
            "--municipality",
            "Växjö",
            "--slug",
            "besok-i-vaxjo-igen",
        ],
        &site,
    );
    assert_eq!(ok(&o), "content/posts/besok-i-vaxjo-igen.md\n");
    let text = read(site.join("content/posts/besok-i-vaxjo-igen.md"));
    assert_eq!(
        front_matter_value(&text, "slug").as_deref(),
        Some("\"besok-i-vaxjo-igen\"")
    );
    assert_eq!(read(&file), "mitt eget utkast");
}

#[test]
fn new_municipality_page_shows_on_the_timeline_and_index() {
    let (_tmp, site) = init_site(&[]);
    let o = besok(
        &[
            "new",
            "--municipality-page",
            "Växjö",
            "--county",
            "Kronobergs län",
            "--website",
            "https://vaxjo.se/",
        ],
        &site,
    );
    assert_eq!(ok(&o), "content/municipalities/vaxjo.md\n");
    let page = read(site.join("content/municipalities/vaxjo.md"));
    assert!(
        page.starts_with("+++\nname = \"Växjö\"\ncounty = \"Kronobergs län\"\nwebsite = \"https://vaxjo.se/\"\n"),
        "{page}"
    );
    fs::write(
        site.join("content/municipalities/vaxjo.md"),
        format!("{page}Växjö ligger vid sjöarna.\n"),
    )
    .unwrap();
    ok(&besok(
        &[
            "new",
            "Besök i Växjö",
            "--municipality",
            "Växjö",
            "--date",
            "2024-01-10",
        ],
        &site,
    ));
    ok(&besok(&["build"], &site));
    let timeline = read(site.join("public/kommuner/vaxjo/index.html"));
    for needle in [
        "Kronobergs län",
        "https://vaxjo.se/",
        "Växjö ligger vid sjöarna.",
        "Besök i Växjö",
    ] {
        assert!(timeline.contains(needle), "timeline lacks {needle}:\n{timeline}");
    }
    assert!(read(site.join("public/kommuner/index.html")).contains("Kronobergs län"));

    let again = besok(&["new", "--municipality-page", "växjö"], &site);
    assert_eq!(again.status.code(), Some(2));
    assert!(read(site.join("content/municipalities/vaxjo.md")).contains("sjöarna"));
}

/// Habo and Håbo are two municipalities: `new` counts only the visits to the one asked for,
/// keeps its spelling, and names Håbo's page as the build will give its URL.
#[test]
fn new_tells_habo_and_haabo_apart() {
    let (_tmp, site) = init_site(&[]);
    for date in ["2020-01-10", "2021-01-10"] {
        ok(&besok(
            &[
                "new",
                &format!("Besök i Habo {date}"),
                "--municipality",
                "Habo",
                "--date",
                date,
            ],
            &site,
        ));
    }
    // Read first, but the build names the municipality as most posts write it: "Habo".
    fs::write(
        site.join("content/posts/aaa-tidigt.md"),
        "+++\ntitle = \"Tidigt\"\ndate = 2019-01-10\nmunicipality = \"Ha-bo\"\n+++\nText.\n",
    )
    .unwrap();
    let o = besok(
        &["new", "Besök i Håbo", "--municipality", "Håbo", "--date", "2022-01-10"],
        &site,
    );
    let text = read(site.join(ok(&o).trim()));
    assert_eq!(front_matter_value(&text, "municipality").as_deref(), Some("\"Håbo\""));
    assert_eq!(front_matter_value(&text, "visit").as_deref(), Some("1"), "{text}");
    assert!(!stderr(&o).contains("as the site already spells it"), "{}", stderr(&o));

    let o = besok(
        &["new", "--municipality-page", "Håbo", "--county", "Uppsala län"],
        &site,
    );
    assert_eq!(ok(&o), "content/municipalities/haabo.md\n");
    let o = besok(&["new", "--municipality-page", "Habo"], &site);
    assert_eq!(ok(&o), "content/municipalities/habo.md\n");
    let built = besok(&["build"], &site);
    ok(&built);
    assert!(read(site.join("public/kommuner/haabo/index.html")).contains("Uppsala län"));
    assert!(read(site.join("public/kommuner/habo/index.html")).contains("Besök i Habo 2021-01-10"));
    assert!(!stderr(&built).contains("is expected at"), "{}", stderr(&built));
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/wordpress-export.xml")
}

/// A copy of the fixture blog's uploads folder (from a backup), with its one photo: the import
/// reads it from there and asks no web server.
fn uploads(tmp: &Path) -> PathBuf {
    let dir = tmp.join("uploads");
    fs::create_dir_all(dir.join("2016/12")).unwrap();
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 120]));
    img.save(dir.join("2016/12/vetlanda-radhus.jpg")).unwrap();
    dir
}

/// A new site without its example post, with the fixture imported into it.
fn imported_site() -> (tempfile::TempDir, PathBuf, Output) {
    let (tmp, site) = init_site(&[]);
    fs::remove_file(site.join("content/posts/valkommen-till-bloggen.md")).unwrap();
    let o = import_fixture(tmp.path(), &site);
    (tmp, site, o)
}

fn import_fixture(tmp: &Path, site: &Path) -> Output {
    let uploads = uploads(tmp);
    besok(
        &[
            "import",
            "wordpress",
            fixture().to_str().unwrap(),
            "--uploads",
            uploads.to_str().unwrap(),
        ],
        site,
    )
}

#[test]
fn import_writes_each_post_with_its_front_matter() {
    let (_tmp, site, o) = imported_site();
    let out = ok(&o);
    assert_eq!(
        files_under(&site.join("content")),
        [
            "pages/om-projektet.md",
            "posts/aterbesok-i-eksjo.md",
            "posts/besok-i-vetlanda-8-december/index.md",
            "posts/besok-i-vetlanda-8-december/vetlanda-radhus.jpg",
            "posts/kommunbesok-2-i-kalmar/comments.toml",
            "posts/kommunbesok-2-i-kalmar/index.md",
            "posts/slutkonferensen.md",
            "posts/tankar-efter-dagen-pa-plats.md",
        ]
    );
    assert_eq!(
        read(site.join("content/posts/besok-i-vetlanda-8-december/index.md")),
        r#"+++
title = "Besök i Vetlanda 8 december"
date = 2016-12-08T16:05:00+01:00
author = "Anna Ågren"
municipality = "Vetlanda"
visit = 2
tags = ["barn och unga", "delaktighet", "samverkan", "socionomutbildning", "kompetensförsörjning", "Kommunbesök"]
aliases = ["/2016/12/08/besok-i-vetlanda-8-december/", "/?p=412"]
# Imported from WordPress: post 412, https://kommunbesok.example.se/2016/12/08/besok-i-vetlanda-8-december/
+++

Idag har vi varit på ett mycket positivt och stimulerande återbesök i Vetlanda. Så roligt att se all utveckling som skett! Förra gången berättade vi i blogginlägget om socialtjänstens kvalitetsarbete *Tryggve*.

<!-- more -->

## ”Barn eller ungdom – vi lyssnar på dig”

Dagen inleddes med barnen i fokus, ett tema som sedan präglade resten av dagen. **”Barn eller ungdom – vi lyssnar på dig!”** presenterades.  
Intervjuerna transkriberas sedan.

![Rådhuset i Vetlanda](vetlanda-radhus.jpg "Rådhuset i Vetlanda")

> Alla var överens om vinsterna i att tidigt fånga upp svårigheter!

Inte lätt att rekrytera – socionomernas marknad nu – men har man väl börjat i Vetlanda så trivs man!
"#
    );

    let kalmar = read(site.join("content/posts/kommunbesok-2-i-kalmar/index.md"));
    assert!(
        kalmar.starts_with(
            "+++\ntitle = \"Kommunbesök 2 i Kalmar\"\ndate = 2016-11-10T10:30:00+01:00\nauthor = \"Anna Ågren\"\nmunicipality = \"Kalmar\"\nvisit = 2\n\
             tags = [\"samverkan\", \"kompetensutveckling\", \"socionomutbildning\", \"barn och unga\", \"ledarskap\", \"Kommunbesök\"]\n\
             summary = \"Uppföljningsbesöket i Kalmar: samverkan, plan för handling och fackliga inspel.\"\n"
        ),
        "{kalmar}"
    );
    assert!(
        kalmar.contains(
            "## Kalmars plan för handling – vad har hänt sedan vårt första besök?\n\n- Kalmar har tagit fram"
        ),
        "{kalmar}"
    );

    let draft = read(site.join("content/posts/aterbesok-i-eksjo.md"));
    assert!(
        draft.starts_with(
            "+++\ntitle = \"Återbesök i Eksjö\"\ndate = 2017-02-01T09:00:00\nauthor = \"bertil\"\nmunicipality = \"Eksjö\"\nvisit = 2\ndraft = true\naliases = [\"/?p=430\"]\n"
        ),
        "{draft}"
    );
    assert!(
        draft.contains("Anteckningar från **återbesöket**, ännu inte klara.\n\n1. Skolan\n2. Socialtjänsten\n"),
        "{draft}"
    );

    // The municipality from a category the export names elsewhere; the old path decoded.
    let placed = read(site.join("content/posts/tankar-efter-dagen-pa-plats.md"));
    assert_eq!(
        front_matter_value(&placed, "municipality").as_deref(),
        Some("\"Vetlanda\"")
    );
    assert!(
        placed.contains("aliases = [\"/2016/12/09/tankar-efter-dagen-på-plats/\", \"/?p=418\"]"),
        "{placed}"
    );

    // A title with both kinds of quotes and a backslash is valid TOML and keeps its URL word.
    let general = read(site.join("content/posts/slutkonferensen.md"));
    assert!(
        general.contains("title = 'Slutkonferensen – ”Barn först” och \"citat\" \\ snedstreck'"),
        "{general}"
    );
    assert!(general.contains("slug = \"slutkonferensen\""), "{general}");
    assert!(!general.contains("Okategoriserade"), "{general}");

    // The reader's comment is kept in the post's bundle, without the e-mail and IP address
    // WordPress stored with it.
    let comments = read(site.join("content/posts/kommunbesok-2-i-kalmar/comments.toml"));
    assert!(
        comments.ends_with(
            "[[comment]]\nid = 7\nauthor = \"Karin\"\ndate = 2016-11-10T18:12:00+01:00\ntext = \"Tack för en bra sammanfattning!\"\n"
        ),
        "{comments}"
    );
    assert!(
        !comments.contains("karin@example.se") && !comments.contains("192.0.2.15"),
        "{comments}"
    );
    // The page is a plain page with its old addresses as aliases.
    let page = read(site.join("content/pages/om-projektet.md"));
    assert!(
        page.starts_with("+++\ntitle = \"Om projektet\"\naliases = [\"/?page_id=2\"]\n"),
        "{page}"
    );

    // The summary names what was written, what was not and why, and what to check, with the line.
    assert!(
        out.starts_with("Imported 5 posts (1 draft), 1 page, 1 media file (1 kB) and 1 comment from "),
        "{out}"
    );
    for needle in [
        "content/pages/om-projektet.md\n",
        "Media: 1 from the uploads folder\n",
        "Comments: 1 kept in 1 post\n",
        "post \"Gammalt utkast\" (line 197 of the export): its WordPress status is \"trash\"",
        "1 item of type nav_menu_item",
        "wordpress-export.xml:135): municipality: no \"besök i <name>\" in the title or a category",
        "content/posts/besok-i-vetlanda-8-december/index.md (Vetlanda, visit 2; from the title and the first paragraph; 1 file)",
        "content/posts/kommunbesok-2-i-kalmar/index.md (Kalmar, visit 2; from the title; 1 comment)",
        "content/posts/tankar-efter-dagen-pa-plats.md (Vetlanda; from category \"Vetlanda\")",
        "wordpress-export.xml:31): link to https://kommunbesok.example.se/2016/05/12/besok-i-vetlanda/: a page of the old blog that is not a post or page of the export",
    ] {
        assert!(out.contains(needle), "summary lacks {needle:?}:\n{out}");
    }
}

#[test]
fn imported_site_builds_and_a_second_import_writes_nothing() {
    let (tmp, site, o) = imported_site();
    ok(&o);
    let before = snapshot(&site.join("content"));
    let again = import_fixture(tmp.path(), &site);
    let out = ok(&again);
    assert!(
        out.starts_with("Imported 0 posts (0 drafts), 0 pages, 0 media files"),
        "{out}"
    );
    assert!(
        out.contains("post \"Kommunbesök 2 i Kalmar\" (content/posts/kommunbesok-2-i-kalmar/index.md): the file already exists; left as it is"),
        "{out}"
    );
    assert_eq!(snapshot(&site.join("content")), before);

    ok(&besok(&["build"], &site));
    let vetlanda = read(site.join("public/kommuner/vetlanda/index.html"));
    assert!(vetlanda.contains("Besök i Vetlanda 8 december") && vetlanda.contains("Tankar efter dagen på plats"));
    assert!(
        !site.join("public/posts/aterbesok-i-eksjo").exists(),
        "a draft was published"
    );
    let post = read(site.join("public/posts/besok-i-vetlanda-8-december/index.html"));
    assert!(post.contains("<h2"), "{post}");
    assert!(post.contains("<blockquote>"), "{post}");
    // The photo is the post's own now, in sizes made by besok; nothing loads from the old blog.
    assert!(
        post.contains("srcset=\"/posts/besok-i-vetlanda-8-december/vetlanda-radhus-"),
        "{post}"
    );
    // The site is published where the blog was (the import wrote its address as base_url).
    assert!(
        read(site.join("config.toml")).contains("\nbase_url = \"https://kommunbesok.example.se/\"\n"),
        "{}",
        read(site.join("config.toml"))
    );
    assert!(!post.contains("kommunbesok.example.se/wp-content"), "{post}");
    let kalmar = read(site.join("public/posts/kommunbesok-2-i-kalmar/index.html"));
    assert!(
        kalmar.contains("<h2 id=\"comments-title\">Kommentarer</h2>"),
        "{kalmar}"
    );
    assert!(kalmar.contains("Tack för en bra sammanfattning!"), "{kalmar}");
    assert!(read(site.join("public/om-projektet/index.html")).contains("Projektet besöker kommuner"));
    ok(&besok(&["build", "--drafts"], &site));
    assert!(site.join("public/posts/aterbesok-i-eksjo/index.html").is_file());
}

#[test]
fn a_truncated_export_fails_with_its_line_and_writes_nothing() {
    let (tmp, site) = init_site(&[]);
    let full = read(fixture());
    let before = snapshot(&site);
    // Cut inside a CDATA section, and cut after a whole item.
    let inside = full.find("2016-12-08 16:05").unwrap() + 8;
    let after_item = full.find("</item>").unwrap() + "</item>".len();
    for (name, cut) in [("inne.xml", inside), ("efter.xml", after_item)] {
        let export = tmp.path().join(name);
        fs::write(&export, &full[..cut]).unwrap();
        let o = besok(&["import", "wordpress", export.to_str().unwrap()], &site);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        let err = stderr(&o);
        let line = full[..cut].lines().count();
        assert!(err.contains(&format!("{name}:{line}:")), "{err}");
        assert!(err.contains("cut off"), "{err}");
        assert!(err.ends_with("1 error found; nothing was written\n"), "{err}");
        assert_eq!(stdout(&o), "");
        assert_eq!(snapshot(&site), before, "{name} wrote files");
    }
}
