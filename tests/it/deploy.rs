//! Deploy-friendly output: a build rewrites a file only when its bytes change, so unchanged
//! files keep their modification time and `rsync -a` or a sync tool uploads only what changed.

use crate::common::{post, SiteTest};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// Every output file with its modification time and bytes.
fn files(dir: &Path) -> BTreeMap<String, (SystemTime, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            let meta = e.metadata().unwrap();
            (rel, (meta.modified().unwrap(), std::fs::read(e.path()).unwrap()))
        })
        .collect()
}

/// The list of written files a build keeps beside its output.
fn files_list(site: &SiteTest) -> std::path::PathBuf {
    let name = site.output().file_name().unwrap().to_string_lossy().to_string();
    site.output().with_file_name(format!(".{name}.besok-files"))
}

fn site() -> SiteTest {
    let mut site = SiteTest::example();
    for i in 0..12 {
        site = site.file(
            &format!("content/posts/p{i}.md"),
            post(&format!("Post {i}"), &format!("2019-01-{:02}", i + 1))
                .municipality(["Kalmar", "Vetlanda"][i % 2])
                .tags(&["skola"])
                .body(&format!("Text {i} här.\n\nMer text.")),
        );
    }
    site
}

#[test]
fn a_file_keeps_its_time_unless_its_bytes_change() {
    let site = site();
    besok::build(&site.options).unwrap();
    let first = files(&site.output());
    std::thread::sleep(std::time::Duration::from_millis(30));
    besok::build(&site.options).unwrap();
    let second = files(&site.output());
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    let moved: Vec<&String> = first.keys().filter(|f| first[*f].0 != second[*f].0).collect();
    assert!(moved.is_empty(), "an unchanged build moved the times of {moved:?}");

    // One post's text changes: exactly the files whose bytes change get a new time.
    std::thread::sleep(std::time::Duration::from_millis(30));
    site.write(
        "content/posts/p3.md",
        post("Post 3", "2019-01-04")
            .municipality("Vetlanda")
            .tags(&["skola"])
            .body("Text 3 här.\n\nMer text, nu ändrad."),
    );
    besok::build(&site.options).unwrap();
    let third = files(&site.output());
    let changed: Vec<&String> = second
        .keys()
        .filter(|f| third.get(*f).map(|t| &t.1) != Some(&second[*f].1))
        .collect();
    let moved: Vec<&String> = second
        .keys()
        .filter(|f| third.get(*f).map(|t| t.0) != Some(second[*f].0))
        .collect();
    assert_eq!(moved, changed);
    assert!(changed.contains(&&"posts/p3/index.html".to_string()), "{changed:?}");
    // The post's own page and what shows its text, not the whole site.
    assert!(
        changed.len() < second.len() / 3,
        "{} of {} changed: {changed:?}",
        changed.len(),
        second.len()
    );
}

#[test]
fn files_listed_by_a_besok_that_did_not_hash_them_keep_their_time() {
    // A build lists each file with the hash of its bytes, for the next build to compare
    // pages with; the list of an older besok has no hashes, and its files' bytes are read.
    let site = site();
    besok::build(&site.options).unwrap();
    let first = files(&site.output());
    let list = files_list(&site);
    let hashed = std::fs::read_to_string(&list).unwrap();
    let without_hashes: String = hashed
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.splitn(4, '\t').collect();
            assert_eq!(parts.len(), 4, "a line without a hash: {line:?}");
            assert_eq!(parts[2].len(), 32, "{line:?}");
            format!("{}\t{}\t{}\n", parts[0], parts[1], parts[3])
        })
        .collect();
    std::fs::write(&list, without_hashes).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    besok::build(&site.options).unwrap();
    let second = files(&site.output());
    let moved: Vec<&String> = first.keys().filter(|f| first[*f].0 != second[*f].0).collect();
    assert!(
        moved.is_empty(),
        "a build after an older besok's moved the times of {moved:?}"
    );
    // The pages are listed with their hashes again (a photo's size is linked unread).
    let pages = |list: &str| -> Vec<String> {
        list.lines()
            .filter(|l| l.ends_with(".html"))
            .map(String::from)
            .collect()
    };
    assert_eq!(pages(&std::fs::read_to_string(&list).unwrap()), pages(&hashed));
}

#[test]
fn a_same_length_edit_on_a_file_system_of_whole_seconds_is_written_again() {
    // Where file times are whole seconds (FAT, some network shares), an edit of the same length
    // within the second keeps the time the list has: the hash in the list no longer stands for
    // the file, and its bytes must be compared.
    let site = site();
    besok::build(&site.options).unwrap();
    let page = site.output().join("posts/p3/index.html");
    let good = std::fs::read(&page).unwrap();
    let mut edited = good.clone();
    edited[0] = if edited[0] == b'x' { b'y' } else { b'x' };
    std::fs::write(&page, &edited).unwrap();
    let second = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(second)
        .unwrap();
    // The list as a build on such a file system would have written it: the whole second.
    let list = files_list(&site);
    let text: String = std::fs::read_to_string(&list)
        .unwrap()
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.splitn(3, '\t').collect();
            match parts[2].ends_with("\tposts/p3/index.html") {
                true => format!("{}\t{}\t{}\n", parts[0], 1_700_000_000u128 * 1_000_000_000, parts[2]),
                false => format!("{line}\n"),
            }
        })
        .collect();
    std::fs::write(&list, text).unwrap();
    besok::build(&site.options).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), good);
}

#[test]
fn a_file_changed_in_the_output_by_someone_else_is_written_again() {
    let site = site();
    besok::build(&site.options).unwrap();
    let page = site.output().join("posts/p3/index.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"changed by hand").unwrap();
    besok::build(&site.options).unwrap();
    assert_eq!(std::fs::read(&page).unwrap(), good);
    // Nothing of the bookkeeping is published.
    assert!(!files(&site.output()).keys().any(|f| f.contains("besok-files")));
}

/// A photo's sizes are named by their content: a rebuild links the previous build's file
/// (reading neither it nor the cache), unless someone changed it in the output since, in which
/// case the size is copied from the cache again.
#[cfg(unix)]
#[test]
fn a_photo_size_is_linked_from_the_last_build_unless_it_was_changed() {
    use std::os::unix::fs::MetadataExt;
    let site = site();
    besok::build(&site.options).unwrap();
    let sizes: Vec<String> = files(&site.output())
        .into_keys()
        .filter(|f| f.starts_with("posts/kommunbesok-2-i-kalmar/") && f.ends_with(".jpg"))
        .collect();
    assert!(sizes.len() >= 3, "{sizes:?}");
    let inode = |rel: &str| std::fs::metadata(site.output().join(rel)).unwrap().ino();
    let before: Vec<u64> = sizes.iter().map(|f| inode(f)).collect();
    let good = std::fs::read(site.output().join(&sizes[0])).unwrap();
    std::fs::write(site.output().join(&sizes[0]), b"changed by hand").unwrap();
    besok::build(&site.options).unwrap();
    let after: Vec<u64> = sizes.iter().map(|f| inode(f)).collect();
    assert_eq!(after[1..], before[1..], "the untouched sizes are the same files");
    assert_eq!(std::fs::read(site.output().join(&sizes[0])).unwrap(), good);
}
