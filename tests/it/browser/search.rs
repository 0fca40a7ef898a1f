//! The search page in a real browser (headless Chromium): the example site is built, served on
//! 127.0.0.1, and a reader types into the search box.

use crate::common::browser::{launch, open, StaticServer};
use crate::common::SiteTest;

/// Types `query` into the search box of `url` and returns the result titles and their texts.
fn search(url: &str, query: &str) -> (Vec<String>, Vec<String>) {
    let (chrome, _profile) = launch();
    let tab = open(&chrome, url);
    // The index has loaded when the form says so.
    tab.wait_for_element("form[data-ready=\"true\"]").unwrap();
    tab.wait_for_element("#search-input").unwrap().click().unwrap();
    tab.type_str(query).unwrap();
    let results = tab.wait_for_elements("#search-results li h2 a").unwrap();
    let titles = results.iter().map(|e| e.get_inner_text().unwrap()).collect();
    let items = tab
        .find_elements("#search-results li")
        .unwrap()
        .iter()
        .map(|e| e.get_inner_text().unwrap())
        .collect();
    (titles, items)
}

#[test]
fn typing_kompetens_finds_the_kalmar_post() {
    let site = SiteTest::example().build();
    let server = StaticServer::start(&site.output());
    let (titles, items) = search(&server.url("sok/"), "kompetens");
    assert!(titles.contains(&"Kommunbesök 2 i Kalmar".to_string()), "{titles:?}");
    let kalmar = items.iter().find(|t| t.contains("Kalmar")).unwrap();
    // Each result shows its date, municipality and a snippet.
    assert!(kalmar.contains("10 november 2016"), "{kalmar}");
    assert!(kalmar.contains("· Kalmar"), "{kalmar}");
    assert!(
        kalmar.contains("Kalmar var det andra besöket efter Uppsala"),
        "{kalmar}"
    );
}

#[test]
fn swedish_letters_case_and_ranking() {
    let site = SiteTest::new()
        .post(
            "a",
            "title = \"Återbesök i Växjö\"\ndate = 2020-01-02\nmunicipality = \"Växjö\"",
            "Vi talade om samverkan.",
        )
        .post(
            "b",
            "title = \"Samverkan i Eda\"\ndate = 2020-01-03\nmunicipality = \"Eda\"",
            "Om Växjö nämns här en gång.",
        )
        .post(
            "c",
            "title = \"<script>alert(1)</script> \\\"citat\\\"\"\ndate = 2020-01-04",
            "Ingen träff på ort.",
        )
        .build();
    let server = StaticServer::start(&site.output());
    // Upper case and å ä ö in the query find the lower-case word in the title first.
    let (titles, _) = search(&server.url("sok/"), "VÄXJÖ");
    assert_eq!(titles, ["Återbesök i Växjö", "Samverkan i Eda"]);
    // A hostile title is shown as text, not run.
    let (titles, _) = search(&server.url("sok/"), "citat");
    assert_eq!(titles, ["<script>alert(1)</script> \"citat\""]);
}

/// Posts that match equally well are listed newest first (doc ids count from the oldest post,
/// so the page breaks ties by the higher id).
#[test]
fn equal_matches_are_listed_newest_first() {
    let mut site = SiteTest::new();
    for (slug, date) in [("b", "2019-05-01"), ("a", "2021-05-01"), ("c", "2020-05-01")] {
        site = site.post(
            slug,
            &format!("title = \"Besök {slug}\"\ndate = {date}"),
            "Ordet likadant står här en gång.",
        );
    }
    let site = site.build();
    let server = StaticServer::start(&site.output());
    let (titles, _) = search(&server.url("sok/"), "likadant");
    assert_eq!(titles, ["Besök a", "Besök c", "Besök b"]);
}
