//! Parallelism must never change a byte of the output: a generated site of a few hundred posts
//! built on one thread and on several gives identical folders.

use crate::common::snapshot;
use crate::gen_corpus;
use besok::BuildOptions;
use std::collections::BTreeMap;
use std::path::Path;

fn build(site: &Path, out: &Path, threads: usize) -> BTreeMap<String, Vec<u8>> {
    let mut options = BuildOptions::new(site);
    options.output_dir = Some(out.to_path_buf());
    options.threads = Some(threads);
    let report = besok::build(&options).expect("the generated site builds");
    assert_eq!(
        report.timings.threads, threads,
        "the build ran on the pool it was given"
    );
    snapshot(out)
}

#[test]
fn a_parallel_build_equals_the_sequential_one_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    gen_corpus::generate(&gen_corpus::CorpusOptions {
        seed: 3,
        photos: 0,
        ..gen_corpus::CorpusOptions::new(400, site.clone())
    })
    .unwrap();

    let sequential = build(&site, &dir.path().join("one"), 1);
    let parallel = build(&site, &dir.path().join("four"), 4);

    // The corpus really exercises lists, pagination, tags and timelines.
    let pages = sequential.keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages > 600, "only {pages} pages");
    for page in [
        "index.html",
        "page/2/index.html",
        "taggar/samverkan/page/2/index.html",
        "kommuner/index.html",
        "arkiv/index.html",
    ] {
        assert!(sequential.contains_key(page), "{page} missing");
    }
    assert_eq!(
        sequential.keys().collect::<Vec<_>>(),
        parallel.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &sequential {
        assert!(
            parallel[path] == *bytes,
            "{path} differs between the sequential and the parallel build"
        );
    }
}
