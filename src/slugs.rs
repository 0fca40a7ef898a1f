//! URL words ("slugs") made from names: `slug` does the transliteration (å → a, ö → o), this
//! module keeps the result short enough to be a folder name on every file system.
//!
//! A folder name may have at most 255 bytes on Linux, macOS and Windows alike; a 10,000-character
//! title would otherwise make a build fail with "File name too long" in the middle of writing.
//! Every slug besok makes from a title, tag or municipality name goes through [`slugify`], so
//! the build, `besok new` and the import all agree on a name's URL.

/// Longest URL word made from a name, in bytes (slugs are ASCII, so also in characters).
pub const MAX_MADE: usize = 80;

/// Longest URL word a writer may ask for with `slug = "..."`, in bytes: well under the 255 a
/// folder name may have, leaving room for a `.besok-tmp-` prefix and similar.
pub const MAX_WRITTEN: usize = 200;

/// The URL word of `name`, cut at a dash to at most [`MAX_MADE`] characters. Empty when the
/// name has no letters or digits.
pub fn slugify(name: impl AsRef<str>) -> String {
    cut(slug::slugify(name), MAX_MADE)
}

/// The URL word of a `slug` the writer wrote, not shortened: a long one is an error there.
pub fn slugify_written(name: impl AsRef<str>) -> String {
    slug::slugify(name)
}

fn cut(slug: String, max: usize) -> String {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    // Cut at the last dash, unless that throws away more than half of what fits.
    let end = match head.rfind('-') {
        Some(i) if i >= max / 2 => i,
        _ => max,
    };
    head[..end].trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_untouched() {
        assert_eq!(slugify("Besök i Växjö"), "besok-i-vaxjo");
    }

    #[test]
    fn long_names_are_cut_at_a_dash() {
        let s = slugify("Kommunbesök ".repeat(20));
        assert!(s.len() <= MAX_MADE, "{s}");
        assert!(s.ends_with("kommunbesok"), "{s}");
        let s = slugify("x".repeat(10_000));
        assert_eq!(s.len(), MAX_MADE);
    }
}
