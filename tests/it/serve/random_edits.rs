//! Random sequences of edits of every kind, applied in `besok serve`'s incremental engine: after
//! each step, the site it serves is, byte for byte and file for file, the site `besok build`
//! writes from the same files (none missing, none extra).

use crate::common::{snapshot, SiteTest};
use besok::serve::incremental::Incremental;
use besok::serve::watch::Changes;
use besok::BuildOptions;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::fs;

const BASE: &str = "http://127.0.0.1:1111/";
const TAGS: [&str; 4] = ["skola", "samverkan", "Skola", "ny tagg"];
const MUNICIPALITIES: [&str; 5] = ["Kalmar", "Vetlanda", "Håbo", "Habo", "kalmar"];

/// A post file as the test writes it.
#[derive(Debug, Clone)]
struct PostFile {
    file: String,
    slug: String,
    title: String,
    day: u32,
    municipality: Option<usize>,
    visit: Option<u32>,
    tags: Vec<usize>,
    draft: bool,
    words: usize,
}

impl PostFile {
    fn new(n: usize, day: u32) -> PostFile {
        PostFile {
            file: format!("p{n}.md"),
            slug: format!("post-{n}"),
            title: format!("Post {n}"),
            day,
            municipality: Some(n % MUNICIPALITIES.len()),
            visit: None,
            tags: vec![n % TAGS.len()],
            draft: false,
            words: 3,
        }
    }

    fn text(&self) -> String {
        let mut front = format!(
            "+++\ntitle = \"{}\"\nslug = \"{}\"\ndate = 2020-01-{:02}\n",
            self.title, self.slug, self.day
        );
        if let Some(m) = self.municipality {
            front += &format!("municipality = \"{}\"\n", MUNICIPALITIES[m]);
            if let Some(v) = self.visit {
                front += &format!("visit = {v}\n");
            }
        }
        let tags: Vec<String> = self.tags.iter().map(|&t| format!("\"{}\"", TAGS[t])).collect();
        front += &format!("tags = [{}]\n", tags.join(", "));
        if self.draft {
            front += "draft = true\n";
        }
        format!(
            "{front}+++\n\n{}\n\n## Del\n\nMer.\n",
            "ord ".repeat(self.words).trim_end()
        )
    }
}

/// A plain page file (`content/pages/`) as the test writes it.
#[derive(Debug, Clone)]
struct PageFile {
    /// Below `content/pages/`: some pages are nested in a folder.
    file: String,
    title: String,
    menu: Option<i8>,
    version: u8,
}

impl PageFile {
    fn new(n: usize, nested: bool) -> PageFile {
        PageFile {
            file: if nested {
                format!("om/sida-{n}.md")
            } else {
                format!("sida-{n}.md")
            },
            title: format!("Sida {n}"),
            menu: None,
            version: 0,
        }
    }

    fn text(&self) -> String {
        let mut front = format!("+++\ntitle = \"{}\"\n", self.title);
        if let Some(m) = self.menu {
            front += &format!("menu = {m}\n");
        }
        format!(
            "{front}+++\n\nSidans text, version {}.\n\n## Del\n\nMer.\n",
            self.version
        )
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Text(usize, usize),
    Title(usize, u8),
    Date(usize, u32),
    Tags(usize, Vec<usize>),
    Municipality(usize, Option<usize>),
    Visit(usize, Option<u32>),
    Draft(usize),
    New(u32),
    Delete(usize),
    Rename(usize),
    Config(u8),
    Template(u8),
    MunicipalityPage(usize, u8),
    /// A new plain page (nested in a folder or not).
    PageNew(bool),
    /// A plain page's text and title.
    PageText(usize, u8),
    /// A plain page joins, leaves or moves in the menu.
    PageMenu(usize, Option<i8>),
    PageDelete(usize),
    /// The site's stylesheet (replacing the theme's) gets new text, which renames it.
    Stylesheet(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let post = 0usize..16;
    prop_oneof![
        (post.clone(), 1usize..12).prop_map(|(p, w)| Edit::Text(p, w)),
        (post.clone(), any::<u8>()).prop_map(|(p, t)| Edit::Title(p, t)),
        (post.clone(), 1u32..28).prop_map(|(p, d)| Edit::Date(p, d)),
        (post.clone(), proptest::collection::vec(0..TAGS.len(), 0..3)).prop_map(|(p, t)| Edit::Tags(p, t)),
        (post.clone(), proptest::option::of(0..MUNICIPALITIES.len())).prop_map(|(p, m)| Edit::Municipality(p, m)),
        (post.clone(), proptest::option::of(1u32..4)).prop_map(|(p, v)| Edit::Visit(p, v)),
        post.clone().prop_map(Edit::Draft),
        (1u32..28).prop_map(Edit::New),
        post.clone().prop_map(Edit::Delete),
        post.clone().prop_map(Edit::Rename),
        any::<u8>().prop_map(Edit::Config),
        any::<u8>().prop_map(Edit::Template),
        (0..MUNICIPALITIES.len(), any::<u8>()).prop_map(|(m, t)| Edit::MunicipalityPage(m, t)),
        any::<bool>().prop_map(Edit::PageNew),
        (0usize..4, any::<u8>()).prop_map(|(p, v)| Edit::PageText(p, v)),
        (0usize..4, proptest::option::of(-2i8..3)).prop_map(|(p, m)| Edit::PageMenu(p, m)),
        (0usize..4).prop_map(Edit::PageDelete),
        any::<u8>().prop_map(Edit::Stylesheet),
    ]
}

/// The site as the test keeps it: its posts, and the files each step touched.
struct World {
    site: SiteTest,
    posts: Vec<PostFile>,
    pages: Vec<PageFile>,
    next: usize,
    touched: Vec<String>,
}

impl World {
    fn write_post(&mut self, i: usize) {
        let p = &self.posts[i];
        let rel = format!("content/posts/{}", p.file);
        self.site.write(&rel, p.text());
        self.touched.push(rel);
    }

    fn write_page(&mut self, i: usize) {
        let p = &self.pages[i];
        let rel = format!("content/pages/{}", p.file);
        self.site.write(&rel, p.text());
        self.touched.push(rel);
    }

    fn config(&mut self, variant: u8) {
        let per = [1, 2, 3][variant as usize % 3];
        let title = ["Test", "Besök"][variant as usize / 3 % 2];
        self.site.write(
            "config.toml",
            format!(
                "title = \"{title}\"\nbase_url = \"https://example.org/\"\nlanguage = \"sv\"\npaginate_by = {per}\n"
            ),
        );
        self.touched.push("config.toml".into());
    }

    fn apply(&mut self, edit: &Edit) {
        let n = self.posts.len();
        let at = |i: usize| i % n.max(1);
        let pages = self.pages.len();
        let page = |i: usize| i % pages.max(1);
        match edit.clone() {
            Edit::PageNew(nested) => {
                self.pages.push(PageFile::new(self.next, nested));
                self.next += 1;
                self.write_page(self.pages.len() - 1);
            }
            Edit::PageText(..) | Edit::PageMenu(..) | Edit::PageDelete(_) if pages == 0 => {}
            Edit::PageText(i, v) => {
                let p = &mut self.pages[page(i)];
                p.version = v;
                // Titles order the menu among pages of one weight.
                p.title = format!("{} {}", ["Om", "Kontakt", "Ära"][v as usize % 3], p.file.len());
                self.write_page(page(i));
            }
            Edit::PageMenu(i, m) => {
                self.pages[page(i)].menu = m;
                self.write_page(page(i));
            }
            Edit::PageDelete(i) => {
                let p = self.pages.remove(page(i));
                let rel = format!("content/pages/{}", p.file);
                fs::remove_file(self.site.root().join(&rel)).unwrap();
                self.touched.push(rel);
            }
            Edit::New(day) => {
                self.posts.push(PostFile::new(self.next, day));
                self.next += 1;
                self.write_post(self.posts.len() - 1);
            }
            Edit::Config(v) => self.config(v),
            Edit::Stylesheet(v) => {
                self.site
                    .write("static/style.css", format!("body {{ margin: {v}px }}\n"));
                self.touched.push("static/style.css".into());
            }
            Edit::Template(v) => {
                let base =
                    fs::read_to_string(crate::common::repo().join("themes/default/templates/base.html")).unwrap();
                let text = base.replacen("<body", &format!("<body data-variant=\"{v}\""), 1);
                self.site.write("templates/base.html", &text);
                self.touched.push("templates/base.html".into());
            }
            Edit::MunicipalityPage(m, v) => {
                let name = MUNICIPALITIES[m];
                let rel = format!("content/municipalities/{}.md", besok::slugs::slugify(name));
                // Håbo's page is haabo.md beside Habo; a page at the plain word is a warning only.
                self.site.write(
                    &rel,
                    format!("+++\nname = \"{name}\"\n+++\n\nOm {name}, version {v}.\n"),
                );
                self.touched.push(rel);
            }
            _ if n == 0 => {}
            Edit::Text(i, w) => {
                self.posts[at(i)].words = w;
                self.write_post(at(i));
            }
            Edit::Title(i, t) => {
                self.posts[at(i)].title = format!("Rubrik {t}");
                self.write_post(at(i));
            }
            Edit::Date(i, d) => {
                self.posts[at(i)].day = d;
                self.write_post(at(i));
            }
            Edit::Tags(i, t) => {
                self.posts[at(i)].tags = t;
                self.write_post(at(i));
            }
            Edit::Municipality(i, m) => {
                self.posts[at(i)].municipality = m;
                self.write_post(at(i));
            }
            Edit::Visit(i, v) => {
                self.posts[at(i)].visit = v;
                self.write_post(at(i));
            }
            Edit::Draft(i) => {
                self.posts[at(i)].draft ^= true;
                self.write_post(at(i));
            }
            Edit::Delete(i) => {
                let p = self.posts.remove(at(i));
                let rel = format!("content/posts/{}", p.file);
                fs::remove_file(self.site.root().join(&rel)).unwrap();
                self.touched.push(rel);
            }
            Edit::Rename(i) => {
                let i = at(i);
                let from = format!("content/posts/{}", self.posts[i].file);
                self.posts[i].file = format!("r{}-{}", self.next, self.posts[i].file);
                self.next += 1;
                let to = format!("content/posts/{}", self.posts[i].file);
                fs::rename(self.site.root().join(&from), self.site.root().join(&to)).unwrap();
                self.touched.push(from);
                self.touched.push(to);
            }
        }
    }
}

/// The files `besok build` writes for the site now.
fn built(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(site.root());
    options.output_dir = Some(out.path().join("public"));
    options.base_url = Some(BASE.into());
    besok::build(&options).unwrap_or_else(|e| panic!("the site does not build: {e}"));
    let mut files = snapshot(&out.path().join("public"));
    // The mark that tells a later build the folder is besok's own: not part of the site.
    files.remove(".besok-output");
    files
}

/// The files the engine serves now, but for the previous search index's shards, kept a while
/// for pages that read the index just before it changed.
fn served(engine: &Incremental) -> BTreeMap<String, Vec<u8>> {
    let retired = engine.retired_search_files();
    engine
        .files()
        .iter()
        .filter(|(file, _)| !retired.contains(*file))
        .map(|(file, bytes)| (file.clone(), bytes.to_vec()))
        .collect()
}

fn run(edits: &[Edit]) {
    let mut world = World {
        site: SiteTest::example(),
        posts: Vec::new(),
        pages: Vec::new(),
        next: 0,
        touched: Vec::new(),
    };
    fs::remove_dir_all(world.site.root().join("content")).unwrap();
    world.site.write(
        "content/municipalities/kalmar.md",
        "+++\nname = \"Kalmar\"\n+++\n\nOm Kalmar.\n",
    );
    world.config(1);
    for day in [3, 9, 14, 20] {
        world.apply(&Edit::New(day));
    }
    let mut engine = Incremental::new(world.site.root(), false, BASE);
    engine.initial().unwrap_or_else(|e| panic!("first build: {e}"));
    let root = world.site.root().canonicalize().unwrap();
    for (step, edit) in edits.iter().enumerate() {
        world.touched.clear();
        world.apply(edit);
        let mut changes = Changes::default();
        for rel in &world.touched {
            changes.add_path(&root, &root.join(rel));
        }
        engine
            .rebuild(&changes)
            .unwrap_or_else(|e| panic!("step {step} ({edit:?}): {e}"));
        // The server makes the search index after serving the pages, when a rebuild left it.
        engine.finish_search();
        let (served, built) = (served(&engine), built(&world.site));
        let differ: Vec<&String> = served
            .keys()
            .chain(built.keys())
            .filter(|f| served.get(*f) != built.get(*f))
            .collect();
        assert!(
            differ.is_empty(),
            "after step {step} ({edit:?}) of {edits:?}, these differ from `besok build`: {differ:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn serve_after_any_edits_equals_a_clean_build(edits in proptest::collection::vec(edit(), 1..10)) {
        run(&edits);
    }
}

/// The kinds of edit the issue names, each once, in an order that exercises both paths.
#[test]
fn every_kind_of_edit_in_turn_equals_a_clean_build() {
    run(&[
        Edit::Text(0, 7),
        Edit::Title(1, 3),
        Edit::Date(2, 27),
        Edit::Tags(3, vec![1, 3]),
        Edit::Municipality(0, Some(3)),
        Edit::Visit(1, Some(2)),
        Edit::Draft(2),
        Edit::New(25),
        Edit::Delete(1),
        Edit::Rename(0),
        Edit::Config(4),
        Edit::Template(9),
        Edit::MunicipalityPage(2, 1),
        Edit::MunicipalityPage(2, 2),
        Edit::Draft(2),
        Edit::PageNew(false),
        Edit::PageNew(true),
        Edit::PageText(0, 4),
        Edit::PageMenu(1, Some(1)),
        Edit::PageMenu(0, Some(1)),
        Edit::PageText(1, 2),
        Edit::PageMenu(1, None),
        Edit::PageDelete(0),
        Edit::Stylesheet(1),
        Edit::Text(0, 2),
        Edit::Stylesheet(2),
    ]);
}
