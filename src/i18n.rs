//! UI words and date formats of a language, from the theme's `i18n/<lang>.toml`.

use crate::diagnostics::{Diagnostic, Severity};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// The words a theme prints, in the site's language, and how dates are written in it.
#[derive(Debug, Clone)]
pub struct Translations {
    pub language: String,
    /// The file the words came from, named in messages.
    pub source: std::path::PathBuf,
    /// chrono's locale for month and day names, e.g. `sv_SE`.
    pub locale: chrono::Locale,
    /// strftime-style format, e.g. `%-d %B %Y` for "8 december 2016".
    pub date_format: String,
    /// Every other key of the file: the UI words templates print as `t.<key>`.
    pub words: BTreeMap<String, String>,
}

impl Translations {
    /// Parses an i18n file. `locale` and `date_format` are required; all other keys must be strings.
    pub fn parse(language: &str, text: &str, display_path: &Path) -> Result<Translations, Vec<Diagnostic>> {
        let error =
            |offset: usize, msg: String| Diagnostic::at_offset(Severity::Error, display_path, text, 1, offset, msg);
        let table: toml::Spanned<toml::Table> = toml::from_str(text)
            .map_err(|e| vec![error(e.span().map_or(0, |s| s.start), crate::source::toml_message(&e))])?;
        let mut errors = Vec::new();
        let raw: &toml::Table = table.get_ref();
        let position_of = |key: &str| text.find(&format!("{key} =")).or_else(|| text.find(key)).unwrap_or(0);
        let mut words = BTreeMap::new();
        let mut locale = None;
        let mut date_format = None;
        for (key, value) in raw {
            let Some(s) = value.as_str() else {
                errors.push(error(
                    position_of(key),
                    format!("`{key}` is not text; expected `{key} = \"...\"`"),
                ));
                continue;
            };
            match key.as_str() {
                "locale" => match chrono::Locale::try_from(s) {
                    Ok(l) => locale = Some(l),
                    Err(_) => errors.push(error(
                        position_of(key),
                        format!("`locale` is \"{s}\", which is not a known locale; expected a name like \"sv_SE\" or \"en_GB\""),
                    )),
                },
                "date_format" => date_format = Some(s.to_string()),
                _ => {
                    words.insert(key.clone(), s.to_string());
                }
            }
        }
        for required in ["locale", "date_format"] {
            if !raw.contains_key(required) {
                errors.push(error(0, format!("missing required key `{required}`")));
            }
        }
        if let Some(f) = &date_format {
            if chrono::format::StrftimeItems::new(f).any(|i| matches!(i, chrono::format::Item::Error)) {
                errors.push(error(
                    position_of("date_format"),
                    format!("`date_format` \"{f}\" is not a valid date format; expected e.g. \"%-d %B %Y\""),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Translations {
            language: language.to_string(),
            source: display_path.to_path_buf(),
            locale: locale.expect("checked"),
            date_format: date_format.expect("checked"),
            words,
        })
    }

    /// The UI word `key`, or `fallback` when the theme has none (a theme made before the word
    /// was added): for text besok writes itself, such as the map's names.
    pub fn word<'a>(&'a self, key: &str, fallback: &'a str) -> &'a str {
        self.words.get(key).map_or(fallback, String::as_str)
    }

    /// A date in the site's language: "8 december 2016" in Swedish, "8 December 2016" in English.
    pub fn format_date(&self, date: NaiveDate) -> String {
        date.format_localized(&self.date_format, self.locale).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's languages must offer exactly the same words.
    #[test]
    fn default_theme_languages_have_the_same_keys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let keys = |lang: &str| -> Vec<String> {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.toml"))).unwrap();
            text.parse::<toml::Table>().unwrap().keys().cloned().collect()
        };
        let (sv, en) = (keys("sv"), keys("en"));
        let only_sv: Vec<_> = sv.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !sv.contains(k)).collect();
        assert!(
            only_sv.is_empty() && only_en.is_empty(),
            "only in sv: {only_sv:?}, only in en: {only_en:?}"
        );
        assert!(sv.len() > 30);
    }

    #[test]
    fn dates_follow_the_language() {
        let sv = Translations::parse(
            "sv",
            "locale = \"sv_SE\"\ndate_format = \"%-d %B %Y\"\n",
            Path::new("sv.toml"),
        )
        .unwrap();
        let en = Translations::parse(
            "en",
            "locale = \"en_GB\"\ndate_format = \"%-d %B %Y\"\n",
            Path::new("en.toml"),
        )
        .unwrap();
        let d = NaiveDate::from_ymd_opt(2016, 12, 8).unwrap();
        assert_eq!(sv.format_date(d), "8 december 2016");
        assert_eq!(en.format_date(d), "8 December 2016");
    }
}
