//! Sweden's 290 municipalities in a site: names checked against them (with the right spelling
//! suggested), counties and places taken from the table, coverage, reports told apart from
//! visits, the map of Sweden on the municipality index and the locator map on each timeline.

use crate::common::{besok, post, stderr, stdout, SiteTest};
use std::fs;

const INDEX: &str = "kommuner/index.html";

/// A site whose own template for the timeline prints the municipality's template data, and
/// every page's `coverage`, as `key=value` lines.
fn data_site() -> SiteTest {
    SiteTest::new().file(
        "templates/municipality.html",
        "{% for key in ['name', 'code', 'county', 'county_code', 'lat', 'lon', 'visit_count', 'report_count', \
         'last_visit_number', 'visits_text', 'has_page'] %}{{ key }}={{ municipality[key] | json_encode() | safe }}\n{% endfor %}\
         coverage={{ coverage | json_encode() | safe }}\n",
    )
}

/// `key=value` lines of a page `data_site` made, as a map of JSON values.
fn data(site: &SiteTest, page: &str) -> serde_json::Map<String, serde_json::Value> {
    site.read(page)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            (
                k.to_string(),
                serde_json::from_str(v).unwrap_or_else(|_| panic!("{k}={v}")),
            )
        })
        .collect()
}

#[test]
fn the_example_index_shows_the_map_with_its_two_municipalities_filled_and_linked() {
    let site = SiteTest::example().build();
    assert_eq!(site.select(INDEX, ".coverage"), ["Besökta kommuner: 2 av 290"]);
    // All 290 outlines, on the table's drawing area, holes left open.
    assert_eq!(site.select(INDEX, "svg.sweden-map path").len(), 290);
    assert_eq!(
        site.attrs(INDEX, "svg.sweden-map", "viewBox"),
        [besok::sweden::view_box().to_string()]
    );
    assert_eq!(site.attrs(INDEX, "svg.sweden-map", "fill-rule"), ["evenodd"]);
    // The visited ones (in the table's order, by code) are links to their timelines, named by
    // their counts: each has one report, of visit 2.
    let visited = ".sweden-map .visited a";
    assert_eq!(
        site.attrs(INDEX, visited, "href"),
        ["/kommuner/vetlanda/", "/kommuner/kalmar/"]
    );
    assert_eq!(
        site.attrs(INDEX, visited, "aria-label"),
        [
            "Vetlanda – 1 rapport · senaste besöket: nr 2",
            "Kalmar – 1 rapport · senaste besöket: nr 2"
        ]
    );
    assert_eq!(
        site.select(INDEX, &format!("{visited} title")),
        site.attrs(INDEX, visited, "aria-label")
    );
    assert_eq!(
        site.attrs(INDEX, &format!("{visited} path"), "class"),
        ["visits-2", "visits-2"]
    );
    let vetlanda = besok::sweden::by_name("Vetlanda").unwrap();
    assert_eq!(site.attrs(INDEX, &format!("{visited} path"), "d")[0], vetlanda.path);
    // The others are plain land: no link, nothing for a screen reader (the table says it all).
    assert_eq!(site.select(INDEX, ".sweden-map a").len(), 2);
    assert_eq!(
        site.select(INDEX, ".sweden-map .land[aria-hidden=true] path").len(),
        288
    );
    assert_eq!(
        site.select(INDEX, ".map-legend li"),
        ["1 besök", "2 besök", "3 eller fler besök", "Inte besökt"]
    );
    site.check(INDEX, &["Tabellen nedan listar samma kommuner."]);
    // Nothing is fetched for the map: no script, image or stylesheet but the theme's own.
    let html = site.read(INDEX);
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<iframe"));
    assert_eq!(
        site.attrs(INDEX, "link[rel=stylesheet]", "href"),
        [format!("/{}", site.published("style.css"))]
    );
    // The data's credit, where the map is shown and only there.
    assert_eq!(site.select(INDEX, "footer .map-credit"), [besok::sweden::CREDIT]);
    assert!(site.select("index.html", "footer .map-credit").is_empty());
}

#[test]
fn the_index_with_the_map_weighs_under_200_kb_even_with_every_municipality_visited() {
    let site = SiteTest::example().build();
    let weight = fs::metadata(site.output().join(INDEX)).unwrap().len();
    assert!(weight < 200_000, "{weight} bytes");

    // The heaviest index: all 290 visited, each in its table row and a link on the map.
    let mut site = SiteTest::new();
    for (i, m) in besok::sweden::municipalities().iter().enumerate() {
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Besök {i}"), "2020-01-01").municipality(m.name),
        );
    }
    let site = site.build();
    // Only that Håbo's URL word is not Habo's.
    assert_eq!(site.warnings().len(), 1, "{:?}", site.warnings());
    assert_eq!(site.select(INDEX, ".coverage"), ["Besökta kommuner: 290 av 290"]);
    assert_eq!(site.select(INDEX, ".sweden-map a").len(), 290);
    let weight = fs::metadata(site.output().join(INDEX)).unwrap().len();
    assert!(weight < 200_000, "{weight} bytes");
}

#[test]
fn a_misspelt_name_is_a_warning_with_the_right_spelling_and_still_on_the_map() {
    let site = SiteTest::new()
        .file(
            "content/posts/x.md",
            post("Besök i Växjö", "2020-01-01").municipality("Vaxjo"),
        )
        .build();
    assert_eq!(
        site.warnings(),
        ["content/posts/x.md:4:16: warning: \"Vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named"]
    );
    // One municipality is meant, so it is that one: named so, in its county, on the map.
    assert_eq!(site.attrs(INDEX, ".sweden-map a", "href"), ["/kommuner/vaxjo/"]);
    site.check("kommuner/vaxjo/index.html", &["<h1>Växjö</h1>"]);
    assert_eq!(
        site.select(INDEX, "section.county h2")[0],
        "Kronobergs län 1 av 8 besökta"
    );
}

#[test]
fn a_name_of_no_municipality_is_a_warning_unless_the_site_is_about_other_places() {
    let site = SiteTest::new()
        .file(
            "content/posts/x.md",
            post("Besök i Latensby", "2020-01-01").municipality("Latensby"),
        )
        .file(
            "content/posts/y.md",
            post("Besök i Eda", "2020-01-02").municipality("Eda"),
        )
        .build();
    assert_eq!(
        site.warnings(),
        ["content/posts/x.md:4:16: warning: \"Latensby\" is not one of Sweden's 290 municipalities; check the spelling, or set `municipalities = \"any\"` in config.toml for a site about other places"]
    );
    // It has its timeline, listed last under "Övriga", and is not on the map.
    assert!(site.exists("kommuner/latensby/index.html"));
    assert_eq!(
        site.select(INDEX, "section.county h2"),
        ["Värmlands län 1 av 16 besökta", "Övriga 1 kommun"]
    );
    assert_eq!(site.attrs(INDEX, ".sweden-map a", "href"), ["/kommuner/eda/"]);
    assert_eq!(site.select(INDEX, ".coverage"), ["Besökta kommuner: 1 av 290"]);

    // A site about other places: no warning, no map, no coverage, its pages' counties.
    let site = SiteTest::new()
        .config("title = \"T\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\nmunicipalities = \"any\"\nslugs_from = \"title\"\n")
        .file(
            "content/posts/x.md",
            post("Besök i Latensby", "2020-01-01").municipality("Latensby"),
        )
        .file(
            "content/posts/y.md",
            post("Besök i Vaxjo", "2020-01-02").municipality("Vaxjo"),
        )
        .file(
            "content/municipalities/latensby.md",
            "+++\nname = \"Latensby\"\ncounty = \"Nordlän\"\n+++\n",
        )
        .build();
    assert!(site.warnings().is_empty(), "{:?}", site.warnings());
    assert!(site.select(INDEX, "svg").is_empty());
    assert!(site.select(INDEX, ".coverage").is_empty());
    assert!(site.select("kommuner/latensby/index.html", "svg").is_empty());
    assert_eq!(
        site.select(INDEX, "section.county h2"),
        ["Nordlän 1 kommun", "Övriga 1 kommun"]
    );
    assert!(site.select(INDEX, "footer .map-credit").is_empty());
}

#[test]
fn habo_and_haabo_are_each_their_own_municipality() {
    let site = data_site()
        .file("content/posts/a.md", post("Habo 1", "2020-01-01").municipality("Habo"))
        .file("content/posts/b.md", post("Håbo 2", "2020-01-02").municipality("Håbo"))
        .build();
    // Their URL words would be the same, which is the only thing said.
    assert_eq!(site.warnings().len(), 1, "{:?}", site.warnings());
    assert!(site.warnings()[0].contains("URL word"), "{:?}", site.warnings());
    let habo = data(&site, "kommuner/habo/index.html");
    let haabo = data(&site, "kommuner/haabo/index.html");
    assert_eq!(
        (&habo["code"], &habo["county"]),
        (&"0643".into(), &"Jönköpings län".into())
    );
    assert_eq!(
        (&haabo["code"], &haabo["county"]),
        (&"0305".into(), &"Uppsala län".into())
    );
    assert_eq!(
        site.attrs(INDEX, ".sweden-map a", "href"),
        ["/kommuner/haabo/", "/kommuner/habo/"]
    );
}

#[test]
fn counties_in_swedens_order_each_with_its_coverage_and_other_places_last() {
    let mut site = SiteTest::new();
    for (file, name) in [
        ("a", "Kiruna"),
        ("b", "Malmö"),
        ("c", "Latensby"),
        ("d", "Stockholm"),
        ("e", "Eda"),
        ("f", "Arvika"),
        ("g", "Lund"),
    ] {
        site = site.file(
            &format!("content/posts/{file}.md"),
            post(name, "2020-01-01").municipality(name),
        );
    }
    let site = site.build();
    let total = |county: &str| {
        besok::sweden::municipalities()
            .iter()
            .filter(|m| m.county == county)
            .count()
    };
    assert_eq!(
        site.select(INDEX, "section.county h2"),
        [
            format!("Stockholms län 1 av {} besökta", total("01")),
            format!("Skåne län 2 av {} besökta", total("12")),
            format!("Värmlands län 2 av {} besökta", total("17")),
            format!("Norrbottens län 1 av {} besökta", total("25")),
            "Övriga 1 kommun".to_string(),
        ]
    );
    // Alphabetical inside a county.
    assert_eq!(
        site.select("kommuner/index.html", "#county-skane-lan ~ table tbody td:first-child"),
        ["Lund", "Malmö"]
    );
    assert_eq!(site.select(INDEX, ".coverage"), ["Besökta kommuner: 6 av 290"]);
}

#[test]
fn county_code_and_place_come_from_the_table_and_a_page_may_refine_the_place() {
    let site = data_site()
        .file("content/posts/a.md", post("Eda", "2020-01-01").municipality("Eda"))
        .file(
            "content/posts/b.md",
            post("Kalmar", "2020-01-02").municipality("Kalmar"),
        )
        .file(
            "content/municipalities/kalmar.md",
            "+++\nname = \"Kalmar\"\nlat = 56.6634\nlon = 16.3568\n+++\n",
        )
        .build();
    let eda = besok::sweden::by_name("Eda").unwrap();
    let d = data(&site, "kommuner/eda/index.html");
    assert_eq!(d["code"], "1730");
    assert_eq!(d["county"], "Värmlands län");
    assert_eq!(d["county_code"], "17");
    assert_eq!(d["lat"], serde_json::json!(eda.lat.to_string().parse::<f64>().unwrap()));
    assert_eq!(d["lon"], serde_json::json!(eda.lon.to_string().parse::<f64>().unwrap()));
    assert_eq!(d["has_page"], false);
    assert_eq!(
        d["coverage"],
        serde_json::json!({"visited": 2, "total": 290, "share": 2.0 / 290.0, "percent": 0.7})
    );
    let d = data(&site, "kommuner/kalmar/index.html");
    assert_eq!(
        (&d["lat"], &d["lon"]),
        (&serde_json::json!(56.6634), &serde_json::json!(16.3568))
    );
    assert_eq!(d["county"], "Kalmar län");
}

#[test]
fn reports_and_visits_are_told_apart_when_the_first_visit_has_no_report() {
    let site = data_site()
        .file(
            "content/posts/k.md",
            post("Kalmar", "2020-01-01").municipality("Kalmar").line("visit = 2"),
        )
        .file("content/posts/e1.md", post("Eda 1", "2019-01-01").municipality("Eda"))
        .file("content/posts/e2.md", post("Eda 2", "2020-01-01").municipality("Eda"))
        .build();
    let d = data(&site, "kommuner/kalmar/index.html");
    assert_eq!(
        (&d["report_count"], &d["last_visit_number"], &d["visit_count"]),
        (&1.into(), &2.into(), &2.into())
    );
    assert_eq!(d["visits_text"], "1 rapport · senaste besöket: nr 2");
    let d = data(&site, "kommuner/eda/index.html");
    assert_eq!(d["visits_text"], "2 besök");

    // The default theme's timeline, index and map say the same.
    let site = SiteTest::new()
        .file(
            "content/posts/k.md",
            post("Kalmar", "2020-01-01").municipality("Kalmar").line("visit = 2"),
        )
        .file("content/posts/e1.md", post("Eda 1", "2019-01-01").municipality("Eda"))
        .file("content/posts/e2.md", post("Eda 2", "2020-01-01").municipality("Eda"))
        .build();
    assert_eq!(
        site.select("kommuner/kalmar/index.html", ".municipality-header .meta"),
        ["Kalmar län · 1 rapport · senaste besöket: nr 2 · Prenumerera (Atom)"]
    );
    site.check_not("kommuner/kalmar/index.html", &["1 besök"]);
    assert_eq!(
        site.select("kommuner/eda/index.html", ".municipality-header .meta"),
        ["Värmlands län · 2 besök · Prenumerera (Atom)"]
    );
    assert_eq!(
        site.select(INDEX, "tbody tr"),
        ["Kalmar 2 1 1 januari 2020", "Eda 2 2 1 januari 2020"]
    );
    assert_eq!(
        site.select(INDEX, "thead th")[..4],
        ["Kommun", "Besök", "Rapporter", "Senaste besök"]
    );
    assert_eq!(
        site.attrs(INDEX, ".sweden-map a", "aria-label"),
        ["Kalmar – 1 rapport · senaste besöket: nr 2", "Eda – 2 besök"]
    );
}

#[test]
fn each_timeline_shows_its_county_with_it_marked() {
    let site = SiteTest::example().build();
    let page = "kommuner/vetlanda/index.html";
    let label = site.attrs(page, "svg.locator-map", "aria-label");
    assert_eq!(label, ["Vetlanda i Jönköpings län"]);
    assert_eq!(site.attrs(page, "svg.locator-map", "role"), ["img"]);
    let in_county = besok::sweden::municipalities()
        .iter()
        .filter(|m| m.county == "06")
        .count();
    assert_eq!(site.select(page, "svg.locator-map path").len(), in_county);
    assert_eq!(
        site.attrs(page, "svg.locator-map path.here", "d"),
        [besok::sweden::by_name("Vetlanda").unwrap().path]
    );
    // Cut to the county: far smaller than the whole map.
    let view_box = &site.attrs(page, "svg.locator-map", "viewBox")[0];
    let n: Vec<i32> = view_box.split(' ').map(|n| n.parse().unwrap()).collect();
    assert!(n[2] < 200 && n[3] < 200 && n[1] > 600, "{view_box}");
    assert_eq!(site.select(page, "footer .map-credit"), [besok::sweden::CREDIT]);
}

#[test]
fn new_writes_swedens_spelling_and_says_so() {
    let site = SiteTest::new();
    let o = besok(
        &[
            "new",
            "Besök i Växjö",
            "--municipality",
            "vaxjo",
            "--date",
            "2024-01-10",
        ],
        site.root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/posts/besok-i-vaxjo.md\n");
    assert_eq!(
        fs::read_to_string(site.root().join("content/posts/besok-i-vaxjo.md")).unwrap(),
        "+++\ntitle = \"Besök i Växjö\"\ndate = 2024-01-10\nmunicipality = \"Växjö\"\nvisit = 1\ntags = []\n+++\n"
    );
    assert!(
        stderr(&o).contains(
            "note: wrote the municipality as \"Växjö\", the name of the Swedish municipality; no post or municipality page of this site names it yet, so this is its first visit"
        ),
        "{}",
        stderr(&o)
    );

    let o = besok(
        &[
            "new",
            "Besök i Latensby",
            "--municipality",
            "Latensby",
            "--date",
            "2024-01-11",
        ],
        site.root(),
    );
    assert!(
        stderr(&o).contains("note: \"Latensby\" is not one of Sweden's 290 municipalities"),
        "{}",
        stderr(&o)
    );
}

/// A name `sweden::lookup` resolves with confidence (case, missing å, ä, ö) is that
/// municipality everywhere: its timeline, visit numbers, map, counts, feed and URL, with a
/// warning saying how to write it.
#[test]
fn a_misspelt_name_joins_the_municipality_it_means() {
    let site = data_site()
        .file(
            "content/posts/a.md",
            post("Första besöket", "2019-01-01").municipality("Växjö"),
        )
        .file(
            "content/posts/b.md",
            post("Andra besöket", "2020-01-01").municipality("Vaxjo"),
        )
        .file(
            "content/posts/c.md",
            post("Tredje besöket", "2021-01-01").municipality("VÄXJÖ"),
        )
        .build();
    assert_eq!(
        site.warnings(),
        [
            "content/posts/b.md:4:16: warning: \"Vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named",
            "content/posts/c.md:4:16: warning: \"VÄXJÖ\" is counted as Växjö; write it \"Växjö\", as the municipality is named",
        ]
    );
    let vaxjo = data(&site, "kommuner/vaxjo/index.html");
    assert_eq!(vaxjo["name"], "Växjö");
    assert_eq!(vaxjo["report_count"], 3);
    assert_eq!(vaxjo["code"], "0780");
    assert!(!site.exists("kommuner/vaexjoe/index.html"));
    assert_eq!(site.attrs(INDEX, ".sweden-map a", "href"), ["/kommuner/vaxjo/"]);
    assert_eq!(site.select(INDEX, ".coverage"), ["Besökta kommuner: 1 av 290"]);
    assert_eq!(
        site.select(INDEX, "section.county h2"),
        ["Kronobergs län 1 av 8 besökta"]
    );
    let feed = site.read("kommuner/vaxjo/atom.xml");
    for title in ["Första besöket", "Andra besöket", "Tredje besöket"] {
        assert!(feed.contains(title), "{title} not in the feed:\n{feed}");
    }
    // The third visit is visit 3, counted over all three spellings.
    site.check("posts/tredje-besoket/index.html", &["href=\"/kommuner/vaxjo/\""]);
    assert_eq!(data(&site, "kommuner/vaxjo/index.html")["last_visit_number"], 3);
}

/// A municipality page written "Vaxjo" is Växjö's page, beside posts that write it right.
#[test]
fn a_page_with_a_misspelt_name_is_the_page_of_the_municipality_it_means() {
    let site = SiteTest::new()
        .file(
            "content/posts/a.md",
            post("Besök i Växjö", "2019-01-01").municipality("Växjö"),
        )
        .file(
            "content/municipalities/vaxjo.md",
            "+++\nname = \"Vaxjo\"\n+++\nVäxjö ligger vid sjöarna.\n",
        )
        .build();
    assert_eq!(
        site.warnings(),
        ["content/municipalities/vaxjo.md:2:8: warning: \"Vaxjo\" is counted as Växjö; write it \"Växjö\", as the municipality is named"]
    );
    site.check(
        "kommuner/vaxjo/index.html",
        &["<h1>Växjö</h1>", "Växjö ligger vid sjöarna.", "Besök i Växjö"],
    );
}

/// Sweden's names own their URL words: a name of no municipality that would share one gets
/// another, and stays under "Övriga" with a warning.
#[test]
fn a_name_of_no_municipality_never_takes_a_municipalitys_url_word() {
    // "Hàbo" could be Håbo or Habo: no guess, so it is no municipality.
    let site = SiteTest::new()
        .file("content/posts/a.md", post("A", "2020-01-01").municipality("Hàbo"))
        .file("content/posts/b.md", post("B", "2020-01-02").municipality("Håbo"))
        .build();
    assert!(site.exists("kommuner/habo/index.html"));
    site.check("kommuner/habo/index.html", &["<h1>Håbo</h1>"]);
    site.check("kommuner/habo-2/index.html", &["<h1>Hàbo</h1>"]);
    assert_eq!(site.attrs(INDEX, ".sweden-map a", "href"), ["/kommuner/habo/"]);
    assert_eq!(
        site.select(INDEX, "section.county h2"),
        ["Uppsala län 1 av 8 besökta", "Övriga 1 kommun"]
    );
    let warnings = site.warnings();
    assert!(
        warnings.contains(&"content/posts/a.md:4:16: warning: \"Hàbo\" is not one of Sweden's 290 municipalities; check the spelling, or set `municipalities = \"any\"` in config.toml for a site about other places".to_string()),
        "{warnings:?}"
    );
}

/// `municipalities = "any"` takes names as written: two spellings are two places.
#[test]
fn on_a_site_of_any_places_spellings_stay_apart() {
    let site = SiteTest::new()
        .config("title = \"T\"\nlanguage = \"sv\"\nmunicipalities = \"any\"\nslugs_from = \"title\"\n")
        .file("content/posts/a.md", post("A", "2019-01-01").municipality("Växjö"))
        .file("content/posts/b.md", post("B", "2020-01-01").municipality("Vaxjo"))
        .build();
    site.check("kommuner/vaxjo/index.html", &["<h1>Vaxjo</h1>"]);
    site.check("kommuner/vaexjoe/index.html", &["<h1>Växjö</h1>"]);
}

/// `besok new` counts a misspelt visit as the municipality's, as the build does (the import's
/// test is `import::a_misspelt_municipality_is_written_as_swedens_and_counted_with_the_sites_visits`).
#[test]
fn new_counts_a_misspelt_visit_as_the_municipalitys() {
    let site = SiteTest::new().file(
        "content/posts/a.md",
        post("Besök i Växjö", "2019-01-01").municipality("Vaxjo"),
    );
    let o = besok(
        &["new", "Nytt besök", "--municipality", "Växjö", "--date", "2024-01-10"],
        site.root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(site.root().join("content/posts/nytt-besok.md")).unwrap();
    assert!(text.contains("municipality = \"Växjö\"\nvisit = 2\n"), "{text}");
}
