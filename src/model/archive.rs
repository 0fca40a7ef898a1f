//! The year archive: the site's posts grouped by the year of their date.

use super::{Post, Year};

/// The years of `posts` (newest first), newest year first, each with its posts newest first.
pub fn years(posts: &[Box<Post>]) -> Vec<Year> {
    let mut years: Vec<Year> = Vec::new();
    for (id, p) in posts.iter().enumerate() {
        let year = chrono::Datelike::year(&p.date.local_date());
        match years.last_mut() {
            Some(y) if y.year == year => y.posts.push(id),
            _ => years.push(Year { year, posts: vec![id] }),
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::super::test_posts::{config, posts};
    use super::super::Site;
    use crate::content::LoadedContent;

    #[test]
    fn posts_are_grouped_by_year_newest_first() {
        let sources = posts(&[
            ("a.md", "2021-03-01", ""),
            ("b.md", "2019-12-31", ""),
            ("c.md", "2021-01-01", ""),
        ]);
        let content = LoadedContent {
            posts: sources,
            municipality_pages: Vec::new(),
            pages: Vec::new(),
            errors: Vec::new(),
            post_files: 3,
        };
        let site = Site::build(
            config(),
            content,
            Default::default(),
            Default::default(),
            super::super::Selection::published(),
        )
        .expect("builds");
        let years: Vec<(i32, Vec<usize>)> = super::years(&site.posts)
            .into_iter()
            .map(|y| (y.year, y.posts))
            .collect();
        assert_eq!(years, [(2021, vec![0, 1]), (2019, vec![2])]);
    }
}
