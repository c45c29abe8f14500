//! The languages the app is shown in.

use serde::Serialize;

/// A language the app is shown in; the seeds give market names in each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
pub enum Language {
    /// English, the language of the product's rules.
    #[default]
    #[serde(rename = "en")]
    English,
    /// German.
    #[serde(rename = "de")]
    German,
    /// Hungarian.
    #[serde(rename = "hu")]
    Hungarian,
    /// Dutch.
    #[serde(rename = "nl")]
    Dutch,
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    ChineseSimplified,
}

crate::tagged::unit_variants_by_hand!(Language {
    English = "en",
    German = "de",
    Hungarian = "hu",
    Dutch = "nl",
    ChineseSimplified = "zh-Hans",
});

impl Language {
    /// Every language, in the order a language picker lists them.
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::German,
        Language::Hungarian,
        Language::Dutch,
        Language::ChineseSimplified,
    ];

    /// The BCP 47 tag, as used in `lang` attributes and stored preferences.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::Hungarian => "hu",
            Language::Dutch => "nl",
            Language::ChineseSimplified => "zh-Hans",
        }
    }

    /// The language for a BCP 47 tag, if it is one we show.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.tag().eq_ignore_ascii_case(tag))
    }

    /// The language a browser's tag asks for, region and script aside: `de-AT` is German,
    /// `zh-CN`, `zh-SG` and `zh-Hans` are Simplified Chinese; Traditional Chinese is none.
    pub fn from_browser_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next()?;
        let rest: Vec<&str> = parts.collect();
        match primary {
            "en" => Some(Language::English),
            "de" => Some(Language::German),
            "hu" => Some(Language::Hungarian),
            "nl" => Some(Language::Dutch),
            "zh" if rest
                .iter()
                .any(|part| matches!(*part, "hant" | "tw" | "hk" | "mo")) =>
            {
                None
            }
            "zh" => Some(Language::ChineseSimplified),
            _ => None,
        }
    }

    /// The first of a browser's preferred tags that names one of our languages.
    pub fn preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Language> {
        tags.into_iter().find_map(Language::from_browser_tag)
    }

    /// The locale to write dates and money in: the browser's own tag where it is this
    /// language (`de-AT` keeps Austrian forms), else the language's main locale.
    pub fn locale<'a>(self, browser_tags: impl IntoIterator<Item = &'a str>) -> String {
        browser_tags
            .into_iter()
            .find(|tag| Language::from_browser_tag(tag) == Some(self))
            .map(str::to_owned)
            .unwrap_or_else(|| {
                match self {
                    Language::English => "en-US",
                    Language::German => "de-DE",
                    Language::Hungarian => "hu-HU",
                    Language::Dutch => "nl-NL",
                    Language::ChineseSimplified => "zh-CN",
                }
                .to_owned()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            Language::READ_BY_NAME,
            Language::from_value,
        );
    }

    #[test]
    fn a_browser_tag_names_a_language_whatever_its_region() {
        assert_eq!(Language::from_browser_tag("de-AT"), Some(Language::German));
        assert_eq!(Language::from_browser_tag("nl-BE"), Some(Language::Dutch));
        assert_eq!(Language::from_browser_tag("hu"), Some(Language::Hungarian));
        assert_eq!(Language::from_browser_tag("en-GB"), Some(Language::English));
        assert_eq!(
            Language::from_browser_tag("zh-CN"),
            Some(Language::ChineseSimplified)
        );
        assert_eq!(
            Language::from_browser_tag("zh-Hans-SG"),
            Some(Language::ChineseSimplified)
        );
    }

    #[test]
    fn traditional_chinese_and_other_languages_are_none_of_ours() {
        assert_eq!(Language::from_browser_tag("zh-TW"), None);
        assert_eq!(Language::from_browser_tag("zh-Hant"), None);
        assert_eq!(Language::from_browser_tag("fr-FR"), None);
        assert_eq!(Language::from_browser_tag(""), None);
    }

    #[test]
    fn the_first_preferred_language_we_show_wins() {
        assert_eq!(
            Language::preferred(["fr-FR", "nl-NL", "de-DE"]),
            Some(Language::Dutch)
        );
        assert_eq!(Language::preferred(["fr-FR", "es"]), None);
    }

    #[test]
    fn the_locale_keeps_the_browsers_region_for_its_language() {
        assert_eq!(Language::German.locale(["en-GB", "de-AT"]), "de-AT");
        assert_eq!(Language::German.locale(["en-GB"]), "de-DE");
        assert_eq!(Language::ChineseSimplified.locale(["zh-TW"]), "zh-CN");
        assert_eq!(Language::English.locale(["en-GB"]), "en-GB");
    }
}
