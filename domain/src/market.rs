use std::fmt;

use serde::{Deserialize, Serialize};

use crate::language::Language;

/// A market: an ISO 3166-1 alpha-2 country code such as `AU`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Market([u8; 2]);

impl Market {
    /// The market for a two-letter code, in either case; `None` for anything else.
    pub fn new(code: &str) -> Option<Market> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Market([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    /// The upper-case two-letter code.
    pub fn code(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Whether commercial prices in this market include tax (Australia and Brazil only).
    pub fn prices_include_tax(&self) -> bool {
        matches!(self.code(), "AU" | "BR")
    }

    /// Whether Azure reservations may be sold to a customer in this market.
    pub fn sells_azure_reservations(&self) -> bool {
        !AZURE_RESERVATIONS_NOT_SOLD.contains(&self.code())
    }

    /// The market's name in `language`, falling back to English, then to the code.
    pub fn name(&self, language: Language) -> &str {
        let Some(names) = MARKET_NAMES.iter().find(|names| names.0 == self.code()) else {
            return self.code();
        };
        let localized = match language {
            Language::English => names.1,
            Language::German => names.2,
            Language::Hungarian => names.3,
            Language::Dutch => names.4,
            Language::ChineseSimplified => names.5,
        };
        if localized.is_empty() {
            names.1
        } else {
            localized
        }
    }
}

impl fmt::Display for Market {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Market {
    type Error = String;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        Market::new(&code)
            .ok_or_else(|| format!("`{code}` is not an ISO 3166 two-letter market code"))
    }
}

impl From<Market> for String {
    fn from(market: Market) -> String {
        market.code().to_owned()
    }
}

/// Markets where Azure reservations are not sold (the 2021 list of the seeds).
// Placeholder subset until the full list lands with the domain rules.
const AZURE_RESERVATIONS_NOT_SOLD: &[&str] = &["CN", "XK"];

/// Code, then the name in English, German, Hungarian, Dutch and Simplified Chinese.
type MarketNames = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const MARKET_NAMES: &[MarketNames] = &[
    (
        "AU",
        "Australia",
        "Australien",
        "Ausztrália",
        "Australië",
        "澳大利亚",
    ),
    ("BR", "Brazil", "Brasilien", "Brazília", "Brazilië", "巴西"),
    ("CA", "Canada", "Kanada", "Kanada", "Canada", "加拿大"),
    ("CN", "China", "China", "Kína", "China", "中国"),
    (
        "DE",
        "Germany",
        "Deutschland",
        "Németország",
        "Duitsland",
        "德国",
    ),
    (
        "FR",
        "France",
        "Frankreich",
        "Franciaország",
        "Frankrijk",
        "法国",
    ),
    (
        "GB",
        "United Kingdom",
        "Vereinigtes Königreich",
        "Egyesült Királyság",
        "Verenigd Koninkrijk",
        "英国",
    ),
    (
        "HU",
        "Hungary",
        "Ungarn",
        "Magyarország",
        "Hongarije",
        "匈牙利",
    ),
    ("JP", "Japan", "Japan", "Japán", "Japan", "日本"),
    (
        "NL",
        "Netherlands",
        "Niederlande",
        "Hollandia",
        "Nederland",
        "荷兰",
    ),
    (
        "US",
        "United States",
        "Vereinigte Staaten",
        "Egyesült Államok",
        "Verenigde Staten",
        "美国",
    ),
    ("XK", "Kosovo", "Kosovo", "Koszovó", "Kosovo", "科索沃"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn market_codes_are_read_in_either_case_and_shown_upper_case() {
        assert_eq!(Market::new("au").unwrap().code(), "AU");
        assert_eq!(Market::new("AUS"), None);
        assert_eq!(Market::new("1A"), None);
    }

    #[test]
    fn only_australia_and_brazil_show_prices_including_tax() {
        let including: Vec<_> = ["AU", "BR", "DE", "US", "NL"]
            .into_iter()
            .filter(|code| Market::new(code).unwrap().prices_include_tax())
            .collect();
        assert_eq!(including, ["AU", "BR"]);
    }

    #[test]
    fn market_names_follow_the_language() {
        let germany = Market::new("DE").unwrap();
        assert_eq!(germany.name(Language::English), "Germany");
        assert_eq!(germany.name(Language::Dutch), "Duitsland");
        assert_eq!(Market::new("ZZ").unwrap().name(Language::German), "ZZ");
    }

    #[test]
    fn a_market_code_round_trips_through_json_and_bad_codes_are_refused() {
        let json = serde_json::to_string(&Market::new("br").unwrap()).unwrap();
        assert_eq!(json, "\"BR\"");
        assert!(serde_json::from_str::<Market>("\"Brazil\"").is_err());
    }
}
