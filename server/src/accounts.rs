//! Signing in and out, and the users of a real server: Argon2id password hashes, the lockout
//! after failed sign-ins, and the record of both for a Global admin.
//!
//! Passwords and tokens never reach a log: requests are logged by method, path and status only,
//! and the record keeps the email tried and the client's address, never what was typed as the
//! password.

use std::net::SocketAddr;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use csp_domain::accounts::{
    change_account, is_sign_in_email, normalized_email, Account, AccountChange, AccountEventKind,
    AccountRecord, NewAccount,
};
use csp_domain::{Action, CustomerId, User, UserId};
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::{bearer_token, Caller, JsonBody, Params};
use crate::random::{hex, OsRandom};
use crate::state::{AppState, Mode};

/// Failed sign-ins for one email within [`LOCKOUT_WINDOW`] after which sign-in is refused.
pub const LOCKOUT_FAILURES: usize = 5;
/// How far back failed sign-ins count.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);

/// Hashes `password` with Argon2id (the crate's defaults: 19 MiB, 2 passes) and a random salt,
/// as a PHC string.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut random = OsRandom::new().map_err(ApiError::internal)?;
    let mut salt = [0u8; 16];
    csp_domain::execute::Randomness::fill(&mut random, &mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(ApiError::internal)
}

/// Whether `password` is the one `hash` was made from.
fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash no password matches, checked for an unknown email so that a wrong email takes as
/// long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// How many password hashes are checked at once.
fn hashing_turns() -> &'static tokio::sync::Semaphore {
    static TURNS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |cores| cores.get());
        tokio::sync::Semaphore::new(cores.clamp(1, 8))
    })
}

/// The client's address, when the server was started with it (always, outside tests).
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip().to_string());
        Ok(ClientAddress(address))
    }
}

fn record(kind: AccountEventKind, at: DateTime<Utc>) -> AccountRecord {
    AccountRecord {
        at,
        kind,
        email: None,
        actor: None,
        address: None,
        roles: None,
    }
}

/// Keeps a line of the record; a record that cannot be kept is logged, and the sign-in goes on.
async fn keep(state: &AppState, line: AccountRecord) {
    let kept = state
        .with_store(move |store| store.record(&line).map_err(ApiError::storage))
        .await;
    if kept.is_err() {
        tracing::error!("a sign-in could not be recorded");
    }
}

/// What signing in sends: a demo user's id on a demo server, an email and password on a real
/// one.
#[derive(Deserialize)]
pub struct SignIn {
    user: Option<UserId>,
    email: Option<String>,
    password: Option<String>,
}

/// What signing in answers: the session's token and who it signs in.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignedIn {
    /// The bearer token for `Authorization: Bearer TOKEN`.
    token: String,
    /// The user signed in.
    user: User,
}

fn signed_in(token: String, user: User) -> Response {
    (StatusCode::CREATED, Json(SignedIn { token, user })).into_response()
}

fn wrong_email_or_password() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "sign_in_failed",
        "The email or password is wrong.",
    )
}

/// `POST /v1/session`.
#[utoipa::path(
    post,
    path = "/v1/session",
    summary = "Signs in",
    description = "Signs in. Real server: {\"email\", \"password\"}; a wrong email or password alike is 401 sign_in_failed; after 5 failures for one email within 15 minutes, 429 too_many_sign_ins with Retry-After until the window passes. Demo: {\"user\": USER_ID}. Sessions end after 8 hours without use and 7 days at most.",
    tag = "session",
    request_body = crate::accounts::SignIn,
    responses((status = 201, description = "Signed in: the token to send as `Authorization: Bearer TOKEN`, and the user.", body = crate::accounts::SignedIn), (status = 401, description = "sign_in_failed: a wrong email or password alike.", body = crate::openapi::ErrorBody), (status = 404, description = "unknown_user: a demo server has no such demo user.", body = crate::openapi::ErrorBody), (status = 429, description = "too_many_sign_ins: 5 failures for one email within 15 minutes; Retry-After says when to try again.", body = crate::openapi::ErrorBody, headers(("Retry-After" = u64, description = "Seconds to wait."))))
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<SignIn>,
) -> Result<Response, ApiError> {
    if state.mode() == Mode::Demo {
        let Some(id) = body.user else {
            return Err(ApiError::invalid(
                "This is a demo server: sign in as a demo user with {\"user\": ID}; \
                 GET /v1/session/users lists them.",
            ));
        };
        let user = state
            .users()
            .into_iter()
            .find(|user| user.id() == &id)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_user",
                    format!("There is no demo user {id}; GET /v1/session/users lists them."),
                )
            })?;
        let token = state.sign_in(user.id().clone()).await?;
        return Ok(signed_in(token, user));
    }
    let (Some(email), Some(password)) = (body.email, body.password) else {
        return Err(ApiError::invalid(
            "Sign in with {\"email\": ..., \"password\": ...}.",
        ));
    };
    let email = normalized_email(&email);
    // What cannot be an account's email is refused at once: nothing to count, hash or record,
    // so no flood of made-up text fills the lockout's memory or the record.
    if !is_sign_in_email(&email) {
        return Err(wrong_email_or_password());
    }
    // Argon2id costs 19 MiB and tens of milliseconds a check: a few at a time, so a flood of
    // sign-ins queues here instead of taking every core and all memory. The attempt is counted
    // once it has its turn, so however many arrive at once, at most five are checked.
    let _turn = hashing_turns()
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let now = Utc::now();
    let mut line = record(AccountEventKind::SignInFailed, now);
    line.email = Some(email.clone());
    line.address = address;
    let attempt = state.take_sign_in_attempt(&email, now, LOCKOUT_FAILURES, LOCKOUT_WINDOW);
    if let Err((lapses, first_refusal)) = attempt {
        let wait = (lapses - now).num_seconds().max(1) as u64;
        if first_refusal {
            line.kind = AccountEventKind::SignInLocked;
            keep(&state, line).await;
        }
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_sign_ins",
            format!(
                "Too many failed sign-ins for this email: try again in {} minutes.",
                wait.div_ceil(60)
            ),
        );
        error.retry_after = Some(wait);
        return Err(error);
    }
    let lookup = email.clone();
    let found = state
        .with_store(move |store| store.password_hash(&lookup).map_err(ApiError::storage))
        .await?;
    let (id, matches) = tokio::task::spawn_blocking(move || match found {
        Some((id, hash)) => {
            let matches = password_matches(&password, &hash);
            (Some(id), matches)
        }
        None => {
            password_matches(&password, decoy_hash());
            (None, false)
        }
    })
    .await
    .map_err(ApiError::internal)?;
    let known = |id: &UserId| {
        state
            .accounts()
            .into_iter()
            .find(|account| account.user.id() == id)
    };
    if let Some(id) = &id {
        if matches && known(id).is_none() {
            // Added from the command line since the server started.
            state.refresh_accounts().await?;
        }
    }
    let account = id
        .as_ref()
        .and_then(known)
        .filter(|account| !account.disabled);
    let Some(account) = account.filter(|_| matches) else {
        // The attempt taken above stays counted as a failure.
        keep(&state, line).await;
        return Err(wrong_email_or_password());
    };
    state.sign_in_succeeded(&email);
    let token = state.sign_in(account.user.id().clone()).await?;
    line.kind = AccountEventKind::SignedIn;
    line.actor = Some(account.user.id().clone());
    keep(&state, line).await;
    Ok(signed_in(token, account.user))
}

/// `GET /v1/session`: who the token signs in, so a reloaded page need not sign in again.
#[utoipa::path(
    get,
    path = "/v1/session",
    summary = "The user the token signs in",
    description = "The user the token signs in.",
    tag = "session",
    responses((status = 200, description = "The user the token signs in.", body = csp_domain::User)),
    security(("bearer" = []))
)]
pub async fn current_user(Caller(user): Caller) -> Json<User> {
    Json(user)
}

/// `DELETE /v1/session`.
#[utoipa::path(
    delete,
    path = "/v1/session",
    summary = "Signs out",
    description = "Signs out: the token stops working.",
    tag = "session",
    responses((status = 204, description = "Signed out: the token stops working, so every later request with it is 401.")),
    security(("bearer" = []))
)]
pub async fn sign_out(
    State(state): State<AppState>,
    Caller(user): Caller,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = bearer_token(&headers).unwrap_or_default().to_owned();
    state.sign_out(token).await?;
    if state.mode() == Mode::Real {
        let mut line = record(AccountEventKind::SignedOut, Utc::now());
        line.actor = Some(user.id().clone());
        line.address = address;
        keep(&state, line).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

fn accounts_are_real(state: &AppState) -> Result<(), ApiError> {
    match state.mode() {
        Mode::Real => Ok(()),
        Mode::Demo => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "demo_users_are_fixed",
            "This is a demo server: its users are fixed (GET /v1/session/users). Users are \
             managed on a real server.",
        )),
    }
}

/// `GET /v1/users`: every user, for a Global admin.
#[utoipa::path(
    get,
    path = "/v1/users",
    summary = "Every user, for a Global admin",
    description = "Global admin, real server: every user with email and roles, disabled ones too; never a password.",
    tag = "users",
    responses((status = 200, description = "Every user with email and roles, disabled ones too; never a password.", body = crate::routes::Page<csp_domain::accounts::Account>), (status = 404, description = "demo_users_are_fixed: a demo server has no accounts.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_users(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Response, ApiError> {
    accounts_are_real(&state)?;
    actor.require(Action::ManageUsers)?;
    let accounts = state.accounts();
    Ok(Json(crate::routes::page(accounts)).into_response())
}

/// Adds a user as `actor` (a Global admin), or as the command line (`None`): checks the form,
/// hashes the password, keeps both and the record in one transaction.
pub async fn add_account(
    state: &AppState,
    actor: Option<&User>,
    form: NewAccount,
) -> Result<Account, ApiError> {
    if let Some(customer) = &form.customer {
        customer_exists(state, customer)?;
    }
    let mut random = OsRandom::new().map_err(ApiError::internal)?;
    let mut bytes = [0u8; 6];
    csp_domain::execute::Randomness::fill(&mut random, &mut bytes);
    let id = UserId(format!("u-{}", hex(&bytes)));
    // Checked once before the slow hash, so a bad form is answered at once, and again below
    // with the database held, so two additions at once cannot both take one email.
    form.account(actor, &state.accounts(), id.clone())?;
    let password = form.password.clone();
    let _turn = hashing_turns()
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)??;
    let actor = actor.cloned();
    let shared = state.clone();
    state
        .with_store(move |store| {
            let account = form.account(actor.as_ref(), &shared.accounts(), id)?;
            let mut line = record(AccountEventKind::UserAdded, Utc::now());
            line.email = Some(account.email.clone());
            line.actor = actor.map(|actor| actor.id().clone());
            if let User::Partner { roles, .. } = &account.user {
                line.roles = Some(roles.clone());
            }
            store
                .add_account(&account, &hash, &line)
                .map_err(ApiError::storage)?;
            shared.account_changed(account.clone());
            Ok(account)
        })
        .await
}

/// A customer's own Global admin is added only for a customer the desk has.
fn customer_exists(state: &AppState, customer: &CustomerId) -> Result<(), ApiError> {
    match state.live().desk.customer(customer) {
        Some(_) => Ok(()),
        None => Err(csp_domain::Refusal::UnknownCustomer {
            customer: customer.clone(),
        }
        .into()),
    }
}

/// `POST /v1/users`.
#[utoipa::path(
    post,
    path = "/v1/users",
    summary = "Adds a user",
    description = "Global admin, real server: adds a user; the password (12 to 256 characters) is kept as an Argon2id hash; an email in use is 422.",
    tag = "users",
    request_body = csp_domain::accounts::NewAccount,
    responses((status = 201, description = "The user added; the password is kept as an Argon2id hash.", body = csp_domain::accounts::Account), (status = 404, description = "demo_users_are_fixed, or unknown_customer.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn add_user(
    State(state): State<AppState>,
    Caller(actor): Caller,
    JsonBody(form): JsonBody<NewAccount>,
) -> Result<Response, ApiError> {
    accounts_are_real(&state)?;
    actor.require(Action::ManageUsers)?;
    let account = add_account(&state, Some(&actor), form).await?;
    Ok((StatusCode::CREATED, Json(account)).into_response())
}

/// `PATCH /v1/users/{userId}`: `{"roles": [...]}` or `{"disabled": true}`.
#[utoipa::path(
    patch,
    path = "/v1/users/{userId}",
    summary = "Changes a user's roles, or disables them",
    description = "Global admin, real server: new roles, or disabled (their sessions end at once). The last active Global admin cannot be disabled or lose the role (409 last_global_admin).",
    tag = "users",
    request_body = csp_domain::accounts::AccountChange,
    params(("userId" = String, Path, description = "The user's id.")),
    responses((status = 200, description = "The user as changed.", body = csp_domain::accounts::Account), (status = 409, description = "last_global_admin: the last active Global admin cannot be disabled or lose the role.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn change_user(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Params(id): Params<UserId>,
    JsonBody(change): JsonBody<AccountChange>,
) -> Result<Response, ApiError> {
    accounts_are_real(&state)?;
    let kind = match &change {
        AccountChange::Roles(_) => AccountEventKind::RolesChanged,
        AccountChange::Disabled(true) => AccountEventKind::UserDisabled,
        AccountChange::Disabled(false) => AccountEventKind::UserEnabled,
    };
    // Decided with the database held, against the accounts as they are then: two changes at
    // once cannot both pass the last-Global-admin rule.
    let shared = state.clone();
    let changed = state
        .with_store(move |store| {
            let changed = change_account(&actor, &shared.accounts(), &id, change)?;
            let mut line = record(kind, Utc::now());
            line.email = Some(changed.email.clone());
            line.actor = Some(actor.id().clone());
            if let (AccountEventKind::RolesChanged, User::Partner { roles, .. }) =
                (kind, &changed.user)
            {
                line.roles = Some(roles.clone());
            }
            store
                .change_account(&changed, &line)
                .map_err(ApiError::storage)?;
            shared.account_changed(changed.clone());
            Ok(changed)
        })
        .await?;
    Ok(Json(changed).into_response())
}

/// `GET /v1/accountrecords`: sign-ins and user changes, newest first, for a Global admin.
#[utoipa::path(
    get,
    path = "/v1/accountrecords",
    summary = "Sign-ins and user changes, for a Global admin",
    description = "Global admin, real server: sign-ins (success, failure, lockout; time and client address) and user changes, newest first, the latest 1000.",
    tag = "accountrecords",
    responses((status = 200, description = "Sign-ins and user changes, newest first, the latest 1000.", body = crate::routes::Page<csp_domain::accounts::AccountRecord>), (status = 404, description = "demo_users_are_fixed: a demo server has no accounts.", body = crate::openapi::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn account_records(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Response, ApiError> {
    accounts_are_real(&state)?;
    actor.require(Action::ManageUsers)?;
    let records = state
        .with_store(|store| store.records(1_000).map_err(ApiError::storage))
        .await?;
    Ok(Json(crate::routes::page(records)).into_response())
}
