//! Posts kept from the previous model of the same files (`besok serve`), and where they go
//! among the posts parsed again.

use super::Post;
use crate::content::PostSource;

/// A post of the previous model of the same files, with the parsed file it was made from
/// (see [`Site::build_keeping`]).
pub struct KeptPost<'a> {
    pub source: &'a PostSource,
    pub post: Box<Post>,
}

/// Where a post of the model comes from: a parsed file or a post kept from the previous
/// model, by its place in that list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    Parsed(usize),
    Kept(usize),
}

/// The site's order of `parsed` and `kept`, each already in that order: each parsed post is
/// put where a binary search among the kept ones places it, so a serve edit compares a few
/// posts rather than sorting 10,000 again.
pub(super) fn merged_order(parsed: &[Box<PostSource>], kept: &[KeptPost]) -> Vec<Origin> {
    debug_assert!(kept.is_sorted_by(|a, b| PostSource::site_order(a.source, b.source).is_le()));
    let mut order = Vec::with_capacity(parsed.len() + kept.len());
    let mut next_kept = 0;
    for (i, p) in parsed.iter().enumerate() {
        let before = next_kept + kept[next_kept..].partition_point(|k| PostSource::site_order(k.source, p).is_lt());
        order.extend((next_kept..before).map(Origin::Kept));
        order.push(Origin::Parsed(i));
        next_kept = before;
    }
    order.extend((next_kept..kept.len()).map(Origin::Kept));
    order
}

#[cfg(test)]
mod tests {
    use super::super::test_posts::{config, posts};
    use super::super::{Future, Post, Selection, Site};
    use super::{merged_order, KeptPost, Origin};
    use crate::content::{LoadedContent, PostSource};
    use proptest::prelude::*;

    fn content(posts: Vec<Box<PostSource>>) -> LoadedContent {
        LoadedContent {
            post_files: posts.len(),
            posts,
            municipality_pages: Vec::new(),
            pages: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn selection() -> Selection {
        Selection {
            drafts: false,
            future: Future::Preview,
            now: chrono::DateTime::parse_from_rfc3339("2021-06-01T00:00:00Z")
                .unwrap()
                .into(),
        }
    }

    /// Posts `p0.md`... of the given days of 2020, in Kalmar or Vetlanda (visits numbered by
    /// the model) and tagged as the day says, so a post kept may change its neighbours, its
    /// visit number, and the ids of its tags.
    fn specs(days: &[u32]) -> Vec<(String, String, String)> {
        days.iter()
            .enumerate()
            .map(|(i, day)| {
                let place = ["Kalmar", "Vetlanda"][*day as usize % 2];
                let tag = ["skola", "samverkan", "bibliotek"][*day as usize % 3];
                let front = format!("municipality = \"{place}\"\ntags = [\"{tag}\"]");
                (
                    format!("p{i}.md"),
                    format!("2020-{:02}-{:02}", 1 + day / 28, 1 + day % 28),
                    front,
                )
            })
            .collect()
    }

    fn parsed(specs: &[(String, String, String)]) -> Vec<Box<PostSource>> {
        let specs: Vec<(&str, &str, &str)> = specs
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        posts(&specs)
    }

    fn build(sources: Vec<Box<PostSource>>, kept: Vec<KeptPost>) -> Site {
        let images = crate::assets::Images::default();
        Site::build_keeping(
            config(),
            content(sources),
            kept,
            images,
            Default::default(),
            selection(),
        )
        .unwrap_or_else(|p| panic!("{:?}", p.errors))
    }

    proptest! {
        /// The model made of posts kept from the last one and posts parsed again is the model
        /// made of every file parsed: the same posts in the same order, each with the same
        /// neighbours, visit number and tags, and the same tags, municipalities and years.
        #[test]
        fn a_model_keeping_posts_is_the_model_of_every_file(
            before in proptest::collection::vec(0u32..300, 1..24),
            changed in proptest::collection::vec(any::<bool>(), 24),
            added in proptest::collection::vec(0u32..300, 0..4),
        ) {
            let old_specs = specs(&before);
            let last = build(parsed(&old_specs), Vec::new());
            // Each post marked changed is re-dated (a day later) or, every other one, deleted.
            let mut new_specs = Vec::new();
            for (i, spec) in old_specs.iter().enumerate() {
                match changed[i] {
                    false => new_specs.push(spec.clone()),
                    true if i % 2 == 0 => {}
                    true => {
                        let day = before[i] + 1;
                        new_specs.push(specs(&[day])[0].clone());
                        new_specs.last_mut().unwrap().0 = spec.0.clone();
                    }
                }
            }
            for (j, day) in added.iter().enumerate() {
                let mut spec = specs(&[*day])[0].clone();
                spec.0 = format!("new{j}.md");
                new_specs.push(spec);
            }
            let unchanged: Vec<bool> = old_specs.iter().map(|s| new_specs.contains(s)).collect();
            let files = parsed(&new_specs);
            let by_file = |post: &Post| files.iter().find(|f| f.path == post.source);
            let mut kept = Vec::new();
            let mut again = Vec::new();
            for post in last.posts {
                let i = old_specs.iter().position(|s| post.source.ends_with(&s.0)).unwrap();
                if unchanged[i] {
                    kept.push(KeptPost { source: by_file(&post).unwrap(), post });
                }
            }
            for spec in &new_specs {
                if !kept.iter().any(|k| k.source.path.ends_with(&spec.0)) {
                    again.extend(parsed(std::slice::from_ref(spec)));
                }
            }
            let keeping = build(again, kept);
            let fresh = build(parsed(&new_specs), Vec::new());
            prop_assert_eq!(format!("{:#?}", keeping.posts), format!("{:#?}", fresh.posts));
            prop_assert_eq!(format!("{:#?}", keeping.tags), format!("{:#?}", fresh.tags));
            prop_assert_eq!(format!("{:#?}", keeping.municipalities), format!("{:#?}", fresh.municipalities));
            prop_assert_eq!(format!("{:#?}", keeping.years), format!("{:#?}", fresh.years));
            prop_assert_eq!(keeping.warnings, fresh.warnings);
        }
    }

    /// A new post goes where the site's order puts it, among posts kept in that order.
    #[test]
    fn parsed_posts_go_between_kept_ones_in_the_sites_order() {
        let all = parsed(&specs(&[40, 30, 20, 10]));
        let kept: Vec<KeptPost> = [&all[0], &all[2]]
            .into_iter()
            .map(|s| KeptPost {
                source: s,
                post: Post::of_source(s.clone()),
            })
            .collect();
        let mut new = vec![all[3].clone(), all[1].clone()];
        new.sort_by(|a, b| PostSource::site_order(a, b));
        let order = merged_order(&new, &kept);
        assert_eq!(
            order,
            [Origin::Kept(0), Origin::Parsed(0), Origin::Kept(1), Origin::Parsed(1)]
        );
    }
}
