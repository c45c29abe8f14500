//! Choosing the language: from a link's `?lang=`, the saved choice, or the browser's
//! preferred languages; and fetching a catalog before the page shows it.

use csp_domain::Language;
use leptos::prelude::*;

use super::{catalog_url, format, is_loaded, keep_catalog};
use crate::preferences::Preferences;

/// Where loading a language stands, for the picker and the banner.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum LanguageLoad {
    #[default]
    Idle,
    Loading(Language),
    Failed {
        language: Language,
        reason: String,
    },
}

/// The language loading state, provided once by the shell.
#[derive(Clone, Copy)]
pub struct LanguageStatus(pub RwSignal<LanguageLoad>);

/// The browser's preferred language tags, most preferred first.
pub fn browser_tags() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect()
}

/// The language a link asks for with `?lang=de`, if it is one we show.
pub fn asked_in_url() -> Option<Language> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    Language::from_browser_tag(&params.get("lang")?)
}

/// The language a first visit shows: the first of the browser's that we have, else English.
pub fn first_visit_language() -> Language {
    let tags = browser_tags();
    Language::preferred(tags.iter().map(String::as_str)).unwrap_or_default()
}

/// Fetches `language`'s catalog unless it is here already.
pub async fn load(language: Language) -> Result<(), String> {
    if is_loaded(language) {
        return Ok(());
    }
    let response = gloo_net::http::Request::get(&catalog_url(language))
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let json = response.text().await.map_err(|error| error.to_string())?;
    keep_catalog(language, &json).map(|_| ())
}

/// Shows `language` from now on: dates and money in its locale, every page redrawn in it.
pub fn show(preferences: Preferences, language: Language) {
    let tags = browser_tags();
    format::set_locale(&language.locale(tags.iter().map(String::as_str)));
    if preferences.language.get_untracked() != language {
        preferences.language.set(language);
    }
}

/// Shows this page in English, without changing the saved choice of language.
pub fn show_english_for_now() {
    let tags = browser_tags();
    format::set_locale(&Language::English.locale(tags.iter().map(String::as_str)));
}

/// Loads `language` and shows it; on failure the page stays as it is and says why.
pub async fn choose(preferences: Preferences, status: LanguageStatus, language: Language) {
    status.0.set(LanguageLoad::Loading(language));
    match load(language).await {
        Ok(()) => {
            status.0.set(LanguageLoad::Idle);
            show(preferences, language);
        }
        Err(reason) => status.0.set(LanguageLoad::Failed { language, reason }),
    }
}
