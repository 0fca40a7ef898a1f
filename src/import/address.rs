//! Where the new site is published, for the old blog's addresses to keep working: besok's
//! aliases are paths inside the site, below its `base_url`. When config.toml does not say yet
//! (`base_url = "/"`, as `besok init` writes it), the site is taken to be published where the
//! blog was, and the old blog's address is written there.

use super::SiteAddress;
use crate::config::Config;
use std::path::Path;
use url::Url;

/// config.toml's `base_url` and its path, when it says where the site is published (not the
/// bare `/` a new site has).
pub fn configured(config: Option<&Path>) -> Option<(String, String)> {
    let config = Config::load(config?, Path::new("config.toml")).ok()?;
    (config.base_url != "/").then(|| (config.base_url.clone(), config.base_path.clone()))
}

/// The old blog's address as a `base_url` (`https://example.se/blogg/`), when it is a web
/// address.
pub fn old_address(site_url: Option<&str>) -> Option<String> {
    let mut url = Url::parse(site_url?.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let path = format!("{}/", url.path().trim_end_matches('/'));
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    Some(url.to_string())
}

/// Writes the old blog's address into config.toml as `base_url` when it has none (the line
/// `base_url = "/"`, or no line), and says what the site's address is now.
pub fn settle(config: Option<&Path>, old: Option<&str>) -> Option<SiteAddress> {
    let old = old_address(old)?;
    if let Some((base_url, _)) = configured(config) {
        return Some(if base_url == old {
            SiteAddress::Same(old)
        } else {
            SiteAddress::Other(base_url, old)
        });
    }
    let written = config.and_then(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        let new = with_base_url(&text, &old)?;
        // Only a file that still reads as a configuration is written.
        Config::parse(&new, Path::new("config.toml")).ok()?;
        let part = path.with_file_name(".config.toml.besok-part");
        std::fs::write(&part, &new).ok()?;
        std::fs::rename(&part, path).ok().or_else(|| {
            let _ = std::fs::remove_file(&part);
            None
        })
    });
    Some(match written {
        Some(()) => SiteAddress::Written(old),
        None => SiteAddress::ToSet(old),
    })
}

/// `text` (config.toml) with `base_url = "<url>"`: its line `base_url = "/"` replaced, or the
/// line added before the first table when there is none; `None` when it has another.
fn with_base_url(text: &str, url: &str) -> Option<String> {
    let line = format!("base_url = {}", toml::Value::String(url.to_string()));
    let mut out = String::with_capacity(text.len() + line.len() + 1);
    let mut done = false;
    let mut top = true;
    for l in text.split_inclusive('\n') {
        let trimmed = l.trim();
        top &= !trimmed.starts_with('[');
        if top && !done {
            if let Some((key, value)) = trimmed.split_once('=') {
                if key.trim() == "base_url" {
                    let value = value.split('#').next().unwrap_or("").trim();
                    if value != "\"/\"" && value != "'/'" {
                        return None;
                    }
                    out.push_str(&line);
                    out.push('\n');
                    done = true;
                    continue;
                }
            }
        }
        if !top && !done {
            out.push_str(&line);
            out.push_str("\n\n");
            done = true;
        }
        out.push_str(l);
    }
    if !done {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&line);
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_address_replaces_a_bare_slash_and_nothing_else() {
        let url = "https://example.se/blogg/";
        assert_eq!(
            with_base_url("title = \"T\"\nbase_url = \"/\"\n[extra]\n", url).as_deref(),
            Some("title = \"T\"\nbase_url = \"https://example.se/blogg/\"\n[extra]\n")
        );
        assert_eq!(
            with_base_url("title = \"T\"\n\n[extra]\nbase_url = \"/\"\n", url).as_deref(),
            Some("title = \"T\"\n\nbase_url = \"https://example.se/blogg/\"\n\n[extra]\nbase_url = \"/\"\n")
        );
        assert_eq!(
            with_base_url("title = \"T\"", url).as_deref(),
            Some("title = \"T\"\nbase_url = \"https://example.se/blogg/\"\n")
        );
        assert_eq!(with_base_url("base_url = \"/sajt/\"\n", url), None);
        assert_eq!(
            old_address(Some("https://example.se/blogg")).as_deref(),
            Some("https://example.se/blogg/")
        );
        assert_eq!(old_address(Some("http://b.se")).as_deref(), Some("http://b.se/"));
        assert_eq!(old_address(Some("/blogg")), None);
    }
}
