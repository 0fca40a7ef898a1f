//! The example site in a real browser: it loads over HTTP and its stylesheet applies.

use crate::common::browser;
use crate::common::SiteTest;

#[test]
fn example_site_renders_with_its_stylesheet_in_chromium() {
    let site = SiteTest::example().build();
    let server = browser::StaticServer::start(&site.output());
    let (chrome, _profile) = browser::launch();
    let tab = browser::open(&chrome, &server.url("kommuner/vetlanda/"));
    assert_eq!(
        browser::eval(&tab, "document.querySelector('h1').textContent"),
        "Vetlanda"
    );
    // The timeline's dots come from style.css: if the stylesheet did not load, there is no border.
    let border = browser::eval(
        &tab,
        "getComputedStyle(document.querySelector('.timeline')).borderLeftStyle",
    );
    assert_eq!(border, "solid");
    let tab = browser::open(&chrome, &server.url("finns-inte/"));
    assert_eq!(
        browser::eval(&tab, "document.querySelector('h1').textContent"),
        "Sidan finns inte"
    );
}
