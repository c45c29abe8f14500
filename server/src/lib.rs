//! csp-server: the JSON backend of csp-desk.
//!
//! It serves the API of `shared/ARCHITECTURE.md` under `/v1` with axum, decides every command
//! for the signed-in user with csp-domain, and keeps the append-only event log in SQLite, one
//! transaction per command. The desk is rebuilt from the log at start and kept in memory.

#![warn(missing_docs)]

pub mod accounts;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod random;
pub mod routes;
pub mod state;
pub mod store;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{Any, CorsLayer};

pub use error::ApiError;
pub use state::AppState;

/// How the server is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The SQLite file, or `:memory:`.
    pub db: String,
    /// The built app to serve beside the API, if any.
    pub static_dir: Option<PathBuf>,
    /// A demo (demo users, seed, simulation clock, reset) or a real server.
    pub mode: state::Mode,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: "target/csp-desk.sqlite3".to_owned(),
            static_dir: None,
            mode: state::Mode::Real,
        }
    }
}

async fn no_such_route(method: Method, uri: Uri) -> ApiError {
    ApiError::no_such_route(method.as_str(), uri.path())
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!(
            "{} does not answer {method}; see /v1/openapi.json.",
            uri.path()
        ),
    )
}

/// The paths whose next segment is a link's token: the API's, and the app's own page that a
/// copied link opens.
const TOKEN_PATHS: [&str; 2] = ["/v1/links/", "/download/"];

/// The path as it may be logged: a link's token is its only credential, so it is cut out.
pub fn loggable_path(path: &str) -> String {
    for prefix in TOKEN_PATHS {
        if let Some(rest) = path.strip_prefix(prefix) {
            return match rest.split_once('/') {
                Some((_, tail)) => format!("{prefix}{{token}}/{tail}"),
                None => format!("{prefix}{{token}}"),
            };
        }
    }
    path.to_owned()
}

/// Logs method, path (tokens cut out), status and time; never headers, query or bodies, which
/// may carry session tokens, keys or personal data.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = loggable_path(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

fn panic_answer(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a handler panicked").into_response()
}

fn api_router() -> Router<AppState> {
    routes::api()
        .into_router()
        // Unknown paths under /v1 answer JSON even when the app is served beside the API.
        .route("/v1", any(no_such_route))
        .route("/v1/{*rest}", any(no_such_route))
        .method_not_allowed_fallback(method_not_allowed)
}

/// Pages served from elsewhere (`?backend=` in the app) may call the API. Sessions are bearer
/// tokens, never cookies, so another origin gains nothing a page could not send itself.
fn cross_origin() -> CorsLayer {
    let idempotency_key = HeaderName::from_static("idempotency-key");
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            idempotency_key,
        ])
        .expose_headers([header::ETAG, header::CONTENT_DISPOSITION, header::LOCATION])
}

fn finish(router: Router<AppState>, state: AppState, policy: &web::Policy) -> Router {
    let router = router
        .layer(cross_origin())
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_answer));
    // Outside the panic catcher, so a panic's 500 carries the security headers too.
    web::around(router, policy)
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// The API alone: every `/v1` route, JSON errors for anything else.
pub fn router(state: AppState) -> Router {
    finish(
        api_router().fallback(no_such_route),
        state,
        &web::Policy::api_only(),
    )
}

/// The API plus the built app from `static_dir`: paths outside `/v1` are files of the app, and
/// unknown ones get its `index.html`, so a deep link into the app works. See [`web`] for how
/// they are compressed, cached and protected.
pub fn app(state: AppState, static_dir: Option<&Path>) -> Router {
    match static_dir {
        None => router(state),
        Some(dir) => finish(
            api_router().fallback_service(web::files(dir)),
            state,
            &web::Policy::for_app(dir),
        ),
    }
}

/// The routes the router serves, as (method, path).
pub fn served_routes() -> Vec<(String, String)> {
    routes::api()
        .served()
        .iter()
        .map(|(method, path)| (method.to_string(), (*path).to_owned()))
        .collect()
}

/// Serves `state` on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    static_dir: Option<PathBuf>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if state.mode() == state::Mode::Real {
        // Real time moves on its own: each second, the terms that ended renew or expire.
        let ticking = state.clone();
        tokio::spawn(async move {
            let mut every_second = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                every_second.tick().await;
                if let Err(error) = ticking.catch_up().await {
                    tracing::error!("could not bring the desk to now: {}", error.description);
                }
            }
        });
    }
    // Every minute: ended sessions and old failed sign-ins are forgotten, so neither grows.
    let forgetting = state.clone();
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            if let Err(error) = forgetting.forget_the_past(accounts::LOCKOUT_WINDOW).await {
                tracing::error!("could not forget ended sessions: {}", error.description);
            }
        }
    });
    // The client's address is recorded with each sign-in.
    let service =
        app(state, static_dir.as_deref()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Opens the database, binds `config.listen` and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let state = AppState::open_as(&config.db, config.mode)?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    tracing::info!(
        "csp-server ({}) listening on http://{address}/ (database {}, app {})",
        match config.mode {
            state::Mode::Demo => "demo: demo users, simulation clock",
            state::Mode::Real => "real: accounts, system clock",
        },
        config.db,
        config
            .static_dir
            .as_ref()
            .map_or("not served".to_owned(), |dir| dir.display().to_string())
    );
    serve_on(listener, state, config.static_dir, shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_token_is_cut_out_of_the_logged_path() {
        assert_eq!(loggable_path("/v1/links/SECRET"), "/v1/links/{token}");
        assert_eq!(
            loggable_path("/v1/links/SECRET/download"),
            "/v1/links/{token}/download"
        );
        assert_eq!(loggable_path("/download/SECRET"), "/download/{token}");
        assert_eq!(loggable_path("/v1/customers"), "/v1/customers");
    }
}
