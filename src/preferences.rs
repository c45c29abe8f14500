//! What a person chose and expects back after a reload: the layout, the language and the
//! signed-in demo user.

use std::sync::Arc;

use csp_domain::{Language, UserId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage::KeyValueStore;

/// Where the preferences are kept.
pub const PREFERENCES_KEY: &str = "csp-desk.preferences.v1";

/// The two layouts of the same pages.
// Read from its name by a match: serde's derived reader of an enum weighed 900 bytes of wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum ViewMode {
    /// A home of tiles.
    #[default]
    Workspaces,
    /// A left-hand menu beside every page.
    Current,
}

impl TryFrom<String> for ViewMode {
    type Error = String;

    fn try_from(name: String) -> Result<ViewMode, String> {
        match name.as_str() {
            "workspaces" => Ok(ViewMode::Workspaces),
            "current" => Ok(ViewMode::Current),
            _ => Err(format!("unknown view `{name}`")),
        }
    }
}

/// The user a new browser is signed in as: the demo's Admin agent.
pub const DEFAULT_USER: &str = "avery";

#[derive(Serialize, Deserialize)]
struct Saved {
    view: ViewMode,
    language: Language,
    user: UserId,
}

/// The preferences as signals, provided once by the shell.
#[derive(Clone, Copy)]
pub struct Preferences {
    pub view: RwSignal<ViewMode>,
    pub language: RwSignal<Language>,
    pub user: RwSignal<UserId>,
}

impl Preferences {
    /// The saved preferences, or the defaults where none were saved or they cannot be read
    /// (a preference is cheap to choose again, unlike the event log); a first visit's
    /// language is `first_language`.
    pub fn load(
        store: &dyn KeyValueStore,
        first_language: impl FnOnce() -> Language,
    ) -> Preferences {
        let saved = store
            .get(PREFERENCES_KEY)
            .ok()
            .flatten()
            .and_then(|text| crate::storage::from_json::<Saved>(&text).ok());
        let (view, language, user) = match saved {
            Some(saved) => (saved.view, saved.language, saved.user),
            None => (
                ViewMode::default(),
                first_language(),
                UserId(DEFAULT_USER.to_owned()),
            ),
        };
        Preferences {
            view: RwSignal::new(view),
            language: RwSignal::new(language),
            user: RwSignal::new(user),
        }
    }

    /// Saves every change from now on.
    pub fn keep_in(self, store: Arc<dyn KeyValueStore>) {
        Effect::new(move |_| {
            let saved = Saved {
                view: self.view.get(),
                language: self.language.get(),
                user: self.user.get(),
            };
            if let Ok(text) = serde_json::to_string(&saved) {
                // A preference that cannot be saved is chosen again next time; nothing is lost.
                let _ = store.set(PREFERENCES_KEY, &text);
            }
        });
    }
}

/// The preferences provided by the shell.
pub fn use_preferences() -> Preferences {
    expect_context::<Preferences>()
}

#[cfg(test)]
mod tests {
    use super::ViewMode;

    #[test]
    fn every_view_reads_back_as_it_was_saved_and_an_unknown_one_is_refused() {
        for view in [ViewMode::Workspaces, ViewMode::Current] {
            // Without a new view here, this match does not compile.
            match view {
                ViewMode::Workspaces | ViewMode::Current => {}
            }
            let saved = serde_json::to_value(view).unwrap();
            assert_eq!(serde_json::from_value::<ViewMode>(saved).unwrap(), view);
        }
        for unknown in [serde_json::json!("tiles"), serde_json::json!("Current")] {
            assert!(serde_json::from_value::<ViewMode>(unknown).is_err());
        }
    }
}
