//! The benchmark corpus generator (`examples/gen_corpus.rs`): deterministic, and shaped like
//! the real blog, so benchmark figures mean something and can be reproduced.

use crate::common::snapshot;
use crate::gen_corpus::{generate, shape, CorpusOptions, Shape, MUNICIPALITIES, SHAPES};
use std::collections::{BTreeMap, HashSet};
use std::fs;

fn corpus(posts: usize, seed: u64) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    shaped(posts, seed, Shape::default())
}

fn shaped(posts: usize, seed: u64, shape: Shape) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    generate(&CorpusOptions {
        seed,
        shape,
        ..CorpusOptions::new(posts, out.clone())
    })
    .expect("generates");
    let files = snapshot(&out);
    (dir, files)
}

#[test]
fn the_same_seed_writes_the_same_files() {
    let (_a, first) = corpus(150, 7);
    let (_b, second) = corpus(150, 7);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{path} differs between two runs with the same seed"
        );
    }
    let (_c, other) = corpus(150, 8);
    assert_ne!(first, other, "another seed must give another corpus");
}

#[test]
fn regenerating_into_an_earlier_corpus_replaces_it_and_a_foreign_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    generate(&CorpusOptions {
        seed: 1,
        photos: 0,
        ..CorpusOptions::new(40, out.clone())
    })
    .unwrap();
    generate(&CorpusOptions {
        seed: 1,
        photos: 0,
        ..CorpusOptions::new(20, out.clone())
    })
    .unwrap();
    assert_eq!(fs::read_dir(out.join("content/posts")).unwrap().count(), 20);

    let foreign = dir.path().join("mine");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let err = generate(&CorpusOptions {
        seed: 1,
        photos: 0,
        ..CorpusOptions::new(5, foreign.clone())
    })
    .unwrap_err();
    assert!(err.to_string().contains("not written by gen_corpus"), "{err}");
    assert_eq!(fs::read_to_string(foreign.join("notes.txt")).unwrap(), "keep me");
}

#[test]
fn posts_look_like_real_visit_reports() {
    let (_d, files) = corpus(300, 1);
    let posts: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.starts_with("content/posts/"))
        .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
        .collect();
    assert_eq!(posts.len(), 300);
    let mut municipalities = HashSet::new();
    let mut with_visit = 0;
    let mut years = HashSet::new();
    for (path, text) in &posts {
        let (front, body) = text
            .trim_start_matches("+++\n")
            .split_once("+++\n")
            .expect("front matter");
        let fm: toml::Table = toml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}"));
        let tags = fm["tags"].as_array().unwrap().len();
        assert!((2..=5).contains(&tags), "{path} has {tags} tags");
        let words = body
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        assert!((600..=950).contains(&words), "{path} has {words} words");
        assert!(body.contains("\n## "), "{path} has no heading");
        assert!(body.contains("]("), "{path} has no link");
        if let Some(m) = fm.get("municipality") {
            municipalities.insert(m.as_str().unwrap().to_string());
        }
        with_visit += usize::from(fm.contains_key("visit"));
        years.insert(fm["date"].to_string()[..4].to_string());
    }
    assert!(
        municipalities.len() > 150,
        "only {} municipalities",
        municipalities.len()
    );
    assert!(with_visit > 30 && with_visit < 200, "{with_visit} posts with `visit`");
    assert_eq!(years.len(), 10, "dates over ten years: {years:?}");
    assert!(posts.iter().any(|(_, t)| t.contains("- ")), "lists");
    assert!(posts.iter().any(|(_, t)| t.contains("**")), "emphasis");
    assert!(files.contains_key("config.toml") && files.contains_key("themes/default/templates/post.html"));
}

#[test]
fn the_municipality_list_is_all_290_of_sweden() {
    assert_eq!(MUNICIPALITIES.len(), 290);
    let names: HashSet<&str> = MUNICIPALITIES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names.len(), 290, "a name is listed twice");
    let counties: HashSet<&str> = MUNICIPALITIES.iter().map(|(_, c)| *c).collect();
    assert_eq!(counties.len(), 21);
    for name in [
        "Åre",
        "Malmö",
        "Övertorneå",
        "Upplands Väsby",
        "Malung-Sälen",
        "Håbo",
        "Habo",
    ] {
        assert!(names.contains(name), "{name} missing");
    }
}

#[test]
fn photo_posts_are_bundles_with_a_camera_sized_photo() {
    let make = || {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        generate(&CorpusOptions {
            seed: 5,
            photos: 1,
            ..CorpusOptions::new(3, out.clone())
        })
        .expect("generates");
        (dir, snapshot(&out))
    };
    let (_keep, files) = make();
    let photos: Vec<&String> = files.keys().filter(|f| f.ends_with("/foto.jpg")).collect();
    assert_eq!(photos.len(), 1, "{:?}", files.keys());
    let index = photos[0].replace("foto.jpg", "index.md");
    let text = String::from_utf8(files[&index].clone()).unwrap();
    assert!(
        text.contains("![Foto från besöket](foto.jpg \"Från besöket\")"),
        "{text}"
    );
    let picture = image::load_from_memory(&files[photos[0]]).unwrap();
    assert_eq!((picture.width(), picture.height()), (4000, 3000));
    // The same seed writes the same photo.
    let (_keep2, again) = make();
    assert_eq!(files[photos[0]], again[photos[0]]);
}

/// A post file's front matter and the words of its body and of its first paragraph.
fn read_post(path: &str, text: &str) -> (toml::Table, usize, usize) {
    let (front, body) = text
        .trim_start_matches("+++\n")
        .split_once("+++\n")
        .expect("front matter");
    let fm: toml::Table = toml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}"));
    let words = |t: &str| {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    let first = body.trim_start().split("\n\n").next().unwrap_or("");
    (fm, words(body), words(first))
}

#[test]
fn every_named_shape_gives_posts_of_its_shape() {
    assert_eq!(shape("default"), Some(Shape::default()));
    assert_eq!(shape("nope"), None);
    for (name, _) in SHAPES {
        // Photos are the photo test's; here their posts' text is what counts.
        let shape = Shape {
            photos_per_mille: 0,
            ..shape(name).unwrap()
        };
        let (_d, files) = shaped(300, 2, shape.clone());
        let posts: Vec<(toml::Table, usize, usize)> = files
            .iter()
            .filter(|(p, _)| p.starts_with("content/posts/"))
            .map(|(p, b)| read_post(p, &String::from_utf8(b.clone()).unwrap()))
            .collect();
        assert_eq!(posts.len(), 300, "{name}");
        let (fewest, most) = shape.words;
        let mut tags = HashSet::new();
        let mut municipalities = HashSet::new();
        let (mut summaries, mut mores) = (0, 0);
        for (fm, words, first) in &posts {
            // The text stops once it has its words, in the sentence or list that reached them,
            // and a closing line follows.
            assert!(
                (fewest..=most + 60).contains(words),
                "{name}: {words} words, not {fewest}-{most}"
            );
            if let Some((low, high)) = shape.first_paragraph {
                assert!(
                    (low..=high + 40).contains(first),
                    "{name}: a first paragraph of {first} words, not {low}-{high}"
                );
            }
            summaries += usize::from(fm.contains_key("summary"));
            tags.extend(fm["tags"].as_array().unwrap().iter().map(|t| t.to_string()));
            if let Some(m) = fm.get("municipality") {
                municipalities.insert(m.to_string());
            }
        }
        mores += files
            .values()
            .filter(|b| b.windows(13).any(|w| w == b"<!-- more -->"))
            .count();
        let share = |n: usize, percent: usize| {
            let expected = 300 * percent / 100;
            n.abs_diff(expected) <= 30 + expected / 4
        };
        assert!(share(summaries, shape.summary), "{name}: {summaries} summaries");
        assert!(share(mores, shape.more), "{name}: {mores} <!-- more -->");
        assert!(tags.len() <= shape.tags, "{name}: {} tags", tags.len());
        assert!(
            tags.len() * 3 >= shape.tags.min(300),
            "{name}: only {} tags",
            tags.len()
        );
        assert!(municipalities.len() <= shape.municipalities, "{name}");
        assert!(
            municipalities.len() * 2 >= shape.municipalities.min(150),
            "{name}: only {} municipalities",
            municipalities.len()
        );
    }
}

#[test]
fn a_shape_with_few_municipalities_refuses_more_posts_than_it_has_days_for() {
    let dir = tempfile::tempdir().unwrap();
    let err = generate(&CorpusOptions {
        shape: Shape {
            municipalities: 1,
            ..Shape::default()
        },
        ..CorpusOptions::new(5000, dir.path().join("site"))
    })
    .unwrap_err();
    assert!(err.to_string().contains("too many: at most 3652"), "{err}");
}
