//! Choosing the backend at start: `?backend=local` or `?backend=URL` (kept for the browser
//! tab), else the csp-server that served this page, else the embedded local backend.

use std::sync::Arc;

use csp_domain::{Event, User, UserId};

use super::{
    Backend, BackendError, BrowserRandomness, HttpBackend, LocalBackend, ServerMode, StoreReport,
    Unavailable,
};
use crate::preferences::DEFAULT_USER;
use crate::storage::{BrowserLog, KeyValueStore};

/// Where this browser tab keeps a `?backend=` choice, so deep links and reloads keep it.
pub const BACKEND_CHOICE_KEY: &str = "csp-desk.backend";

/// A backend ready to use, signed in.
#[derive(Clone)]
pub struct Connection {
    pub backend: Backend,
    pub user: Option<User>,
    /// What opening the local store found, if anything went wrong.
    pub report: Option<StoreReport>,
    /// The server's address for the footer; `None` for the local backend.
    pub server: Option<String>,
    /// Whether the server is real: a sign-in page, the system's clock, no demo controls.
    pub real: bool,
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The `?backend=` of this page, remembered for the tab; `None` when there is none.
fn chosen_backend() -> Option<String> {
    let window = web_sys::window()?;
    let search = window.location().search().ok()?;
    let chosen = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("backend");
    match chosen {
        Some(choice) => {
            if let Some(storage) = session_storage() {
                let _ = storage.set_item(BACKEND_CHOICE_KEY, &choice);
            }
            Some(choice)
        }
        None => session_storage()?.get_item(BACKEND_CHOICE_KEY).ok()?,
    }
}

/// The demo's events, an asset (`public/demo-events.json`, written from `csp_domain::seed` by
/// `make generated`): fetched when the local backend seeds or resets, so the seed's code is not
/// in every visitor's wasm.
pub async fn demo_events() -> Result<Vec<Event>, BackendError> {
    let response = gloo_net::http::Request::get(DEMO_EVENTS_URL)
        .send()
        .await
        .map_err(|_| Unavailable::Unreachable)?;
    if !response.ok() {
        return Err(Unavailable::ServerError {
            status: response.status(),
        }
        .into());
    }
    let text = response.text().await.map_err(|_| Unavailable::Unreadable)?;
    crate::storage::from_json(&text).map_err(|_| Unavailable::Unreadable.into())
}

/// Where the demo's events are served.
pub const DEMO_EVENTS_URL: &str = "/public/demo-events.json";

/// Opens the backend this page should use and signs in as `user` (or the default user if
/// `user` no longer exists).
pub async fn connect(
    store: Arc<dyn KeyValueStore>,
    user: UserId,
) -> Result<Connection, BackendError> {
    let (server, mode) = match chosen_backend() {
        Some(choice) if choice == "local" => (None, None),
        Some(url) => {
            let mode = HttpBackend::mode(&url).await;
            (Some(url), mode)
        }
        None => match HttpBackend::mode("").await {
            Some(mode) => (Some(String::new()), Some(mode)),
            None => (None, None),
        },
    };
    let real = mode == Some(ServerMode::Real);
    let (backend, report) = match &server {
        Some(base) => (Backend::Http(HttpBackend::new(base)), None),
        None => {
            let (local, report) = LocalBackend::open(
                store.as_ref(),
                Arc::new(BrowserLog),
                BrowserRandomness,
                demo_events(),
            )
            .await?;
            (Backend::Local(local), report)
        }
    };
    let signed_in = match (&backend, real) {
        // A real server: the kept session if it still holds, else the sign-in page.
        (Backend::Http(http), true) => {
            let token = store
                .get(&super::session_token_key(
                    server.as_deref().unwrap_or_default(),
                ))
                .ok()
                .flatten()
                .unwrap_or_default();
            if token.is_empty() {
                None
            } else {
                match http.resume(token).await {
                    Ok(user) => Some(user),
                    Err(BackendError::Unavailable(Unavailable::SignedOut)) => None,
                    Err(other) => return Err(other),
                }
            }
        }
        _ => Some(match backend.sign_in(user).await {
            Ok(user) => user,
            Err(BackendError::Unavailable(reason)) if server.is_some() => {
                return Err(BackendError::Unavailable(reason))
            }
            Err(_) => backend.sign_in(UserId(DEFAULT_USER.to_owned())).await?,
        }),
    };
    let server = server.map(|base| {
        if base.is_empty() {
            web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default()
        } else {
            base
        }
    });
    Ok(Connection {
        backend,
        user: signed_in,
        report,
        server,
        real,
    })
}
