//! Tags: one per URL word, so "Samverkan" and "samverkan" are one tag, named by the spelling
//! most posts use.

use super::{PostId, Tag, TagId};
use crate::collation;
use crate::config::Config;
use crate::content::{Located, PostSource};
use crate::diagnostics::Diagnostic;
use crate::identity::Spellings;
use rustc_hash::FxHashMap as HashMap;

/// The site's tags, and each post's tags in the order its writer gave them.
#[derive(Debug)]
pub struct Tags {
    /// Alphabetical in the site's language.
    pub tags: Vec<Tag>,
    /// By post id.
    pub of_post: Vec<Vec<TagId>>,
}

/// The posts that write one tag, and how.
#[derive(Debug, Default)]
struct TagGroup {
    spellings: Spellings,
    /// Oldest first while counting.
    posts: Vec<PostId>,
}

/// The tags of `sources` (newest first, as the site orders them).
pub fn tags(
    sources: &[&PostSource],
    config: &Config,
    slug_of: &mut impl FnMut(&str) -> String,
    warnings: &mut Vec<Diagnostic>,
) -> Tags {
    // Each name as written is slugged once, and stands for its group: a site of 10,000 posts
    // writes its few dozen tags tens of thousands of times.
    let mut group_of_name: HashMap<&str, usize> = HashMap::default();
    let mut group_of_slug: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<(String, TagGroup)> = Vec::new();
    let mut of_post: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    // Each post's names gathered first, in loops that do nothing else: the posts and their
    // tags lie apart in memory, and a loop this small has many of them read at once, where
    // the loop below, hashing as it goes, waited on each in turn (a quarter of its time at
    // 10,000 posts).
    let written: Vec<&[Located<String>]> = sources.iter().map(|p| p.tags.as_slice()).collect();
    let names: Vec<&str> = written
        .iter()
        .flat_map(|tags| tags.iter().map(|t| t.value.as_str()))
        .collect();
    let mut next_names = names.len();
    // Oldest first, so on a tie the name a tag was first given wins.
    for (post_id, tags) in written.iter().enumerate().rev() {
        let here = &mut of_post[post_id];
        next_names -= tags.len();
        for &name in &names[next_names..next_names + tags.len()] {
            let g = *group_of_name.entry(name).or_insert_with(|| {
                *group_of_slug.entry(slug_of(name)).or_insert_with_key(|slug| {
                    groups.push((slug.clone(), TagGroup::default()));
                    groups.len() - 1
                })
            });
            if here.contains(&g) {
                continue;
            }
            let group = &mut groups[g].1;
            group.spellings.count(name);
            group.posts.push(post_id);
            here.push(g);
        }
    }
    let mut tags: Vec<(usize, Tag)> = groups
        .into_iter()
        .enumerate()
        .map(|(g, (slug, mut group))| {
            group.posts.reverse();
            super::warn_on_slug_collision(&group.spellings, &slug, "tag", sources, &group.posts, warnings);
            let tag = Tag {
                path: format!("{}/{}/", config.tags_path, slug),
                name: group.spellings.preferred(),
                slug,
                posts: group.posts,
                spellings: group.spellings,
            };
            (g, tag)
        })
        .collect();
    tags.sort_by(|(_, a), (_, b)| collation::compare(&a.name, &b.name, &config.language));
    let mut id_of_group = vec![0; tags.len()];
    for (id, (g, _)) in tags.iter().enumerate() {
        id_of_group[*g] = id;
    }
    for ids in &mut of_post {
        for g in ids.iter_mut() {
            *g = id_of_group[*g];
        }
    }
    let tags = tags.into_iter().map(|(_, tag)| tag).collect();
    Tags { tags, of_post }
}

#[cfg(test)]
mod tests {
    use super::super::test_posts::{as_read, config, posts};

    #[test]
    fn spellings_of_one_url_word_are_one_tag_named_as_most_posts_write_it() {
        let sources = posts(&[
            ("a.md", "2020-01-03", r#"tags = ["Samverkan", "skola"]"#),
            ("b.md", "2020-01-02", r#"tags = ["samverkan"]"#),
            ("c.md", "2020-01-01", r#"tags = ["samverkan", "Skola", "skola"]"#),
        ]);
        let mut warnings = Vec::new();
        let t = super::tags(
            &as_read(&sources),
            &config(),
            &mut |n: &str| crate::slugs::slugify(n),
            &mut warnings,
        );
        let names: Vec<&str> = t.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["samverkan", "Skola"]);
        // Newest first; a post naming a tag twice is listed once.
        assert_eq!(t.tags[0].posts, [0, 1, 2]);
        assert_eq!(t.tags[1].posts, [0, 2]);
        assert_eq!(t.of_post, [vec![0, 1], vec![0], vec![0, 1]]);
        assert_eq!(t.tags[0].path, "taggar/samverkan/");
        // Both spellings differ only in case: no warning.
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
