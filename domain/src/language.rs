//! The languages the app is shown in.

use serde::{Deserialize, Serialize};

/// A language the app is shown in; the seeds give market names in each of them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
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
}
