//! The catalogs against English: every language has every key, with the same `{values}`, and
//! every key is used by the code. `locales/en.json` is written from the Rust catalog, so a
//! translator reads English beside their language without reading Rust.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use csp_domain::Language;

use super::{named_markets, Texts};

fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

fn english() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    Texts::english(&mut out);
    out
}

/// The English catalog as JSON, one key per line in the order the code declares them.
fn english_json() -> String {
    let lines: Vec<String> = english()
        .iter()
        .map(|(key, text)| {
            format!(
                "  {}: {}",
                serde_json::to_string(key).unwrap(),
                serde_json::to_string(text).unwrap()
            )
        })
        .collect();
    format!("{{\n{}\n}}\n", lines.join(",\n"))
}

/// The `{names}` a template fills.
fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}

#[test]
fn the_english_file_is_the_english_catalog() {
    crate::generated::check(
        "locales/en.json",
        &english_json(),
        "the English catalog of the code",
    );
}

#[test]
fn every_language_has_every_key_with_the_same_values() {
    let english_in_order = english();
    let english: BTreeMap<String, &str> = english_in_order.iter().cloned().collect();
    let mut problems = Vec::new();
    for language in Language::ALL
        .into_iter()
        .filter(|l| *l != Language::English)
    {
        let file = format!("{}.json", language.tag());
        let text = std::fs::read_to_string(locales().join(&file))
            .unwrap_or_else(|error| panic!("locales/{file}: {error}"));
        let catalog: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|error| {
                panic!("locales/{file} is not a JSON object of texts: {error}")
            });
        for (key, english_text) in &english {
            match catalog.get(key) {
                None => problems.push(format!("{file}: missing {key}")),
                Some(text) if text.trim().is_empty() => {
                    problems.push(format!("{file}: {key} is empty"))
                }
                Some(text) if placeholders(text) != placeholders(english_text) => {
                    problems.push(format!(
                        "{file}: {key} fills {:?}, English fills {:?}",
                        placeholders(text),
                        placeholders(english_text)
                    ))
                }
                Some(_) => {}
            }
        }
        for key in catalog.keys().filter(|key| !english.contains_key(*key)) {
            problems.push(format!("{file}: {key} is not a key of the English catalog"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_is_used_by_the_code() {
    let mut sources = String::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                sources.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let unused: Vec<String> = english()
        .into_iter()
        .map(|(key, _)| key)
        .filter(|key| !key.starts_with("market."))
        .filter(|key| {
            let field = key.rsplit('.').next().unwrap();
            let used = format!(".{field}");
            !sources.match_indices(&used).any(|(at, _)| {
                let after = sources[at + used.len()..].chars().next();
                !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn every_named_market_has_a_key() {
    let keys: BTreeSet<String> = english().into_iter().map(|(key, _)| key).collect();
    for market in named_markets() {
        assert!(
            keys.contains(&format!("market.{}", market.code())),
            "{market:?}"
        );
    }
}

/// Writes each language's market names from the domain's table, for a translator to start
/// from: `cargo test -p csp-desk write_market_names -- --ignored`.
#[test]
#[ignore]
fn write_market_names() {
    for language in Language::ALL
        .into_iter()
        .filter(|l| *l != Language::English)
    {
        let names: BTreeMap<String, String> = named_markets()
            .map(|market| {
                (
                    format!("market.{}", market.code()),
                    market.name(language).to_owned(),
                )
            })
            .collect();
        let path = std::env::temp_dir().join(format!("markets-{}.json", language.tag()));
        std::fs::write(path, serde_json::to_string_pretty(&names).unwrap()).unwrap();
    }
}

#[test]
fn every_language_file_is_accepted_by_the_app() {
    for language in Language::ALL
        .into_iter()
        .filter(|l| *l != Language::English)
    {
        let file = format!("{}.json", language.tag());
        let text = std::fs::read_to_string(locales().join(&file)).unwrap();
        let loaded = super::keep_catalog(language, &text)
            .unwrap_or_else(|error| panic!("locales/{file}: {error}"));
        assert_ne!(
            loaded.selling.add_products,
            Texts::ENGLISH.selling.add_products,
            "{file}"
        );
        assert_ne!(loaded.customers, Texts::ENGLISH.customers, "{file}");
        let germany = csp_domain::Market::new("DE").unwrap();
        assert_ne!(loaded.market_label(germany), "Germany (DE)", "{file}");
    }
}
