//! The server's state: the database, the desk rebuilt from its log, the clock and the sessions,
//! and the one way a command changes them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use csp_domain::accounts::Account;
use csp_domain::execute::{Executed, Randomness};
use csp_domain::{seed, Desk, Event, User, UserId};
use csp_domain::{Intent, Refusal};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::random::{hex, OsRandom};
use crate::store::{Store, StoredReply, StoredSession};

/// What the pages read: the desk folded from the kept log, and the simulation clock.
pub struct Live {
    /// The desk after every kept event.
    pub desk: Desk,
    /// The kept events, the same as the database's log; a refused command's desk is rebuilt
    /// from it.
    pub log: Vec<Event>,
    /// The simulation clock's now; it stands still until someone moves it.
    pub now: DateTime<Utc>,
}

impl Live {
    fn from_store(store: &Store) -> rusqlite::Result<Live> {
        let log = store.events()?;
        Ok(Live {
            desk: Desk::from_events(&log),
            log,
            now: store.clock()?,
        })
    }
}

/// How the server runs: a shared demo, or a real partner's desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Demo users picked from a list, the demo seed, a simulation clock, reset.
    Demo,
    /// Accounts with passwords, the system's clock, nothing that wipes data.
    Real,
}

/// A session as the server holds it.
#[derive(Debug)]
struct Session {
    user: UserId,
    created: DateTime<Utc>,
    /// Seconds since 1970 of the last use: atomic, so a request notes its use under the read
    /// lock that every request takes, without queueing behind the others.
    last_used: AtomicI64,
    /// When `last_used` was last written to the database, in seconds since 1970.
    noted: AtomicI64,
}

/// A session ends after this long without use.
pub const SESSION_IDLE_LIMIT: Duration = Duration::hours(8);
/// A session ends this long after sign-in, used or not.
pub const SESSION_LIFETIME: Duration = Duration::days(7);
/// How often a session's last use is written down; a restart may shorten its idle time by
/// at most this.
const SESSION_NOTE_EVERY: Duration = Duration::minutes(5);

impl Session {
    fn new(user: UserId, created: DateTime<Utc>, last_used: DateTime<Utc>) -> Session {
        Session {
            user,
            created,
            last_used: AtomicI64::new(last_used.timestamp()),
            noted: AtomicI64::new(last_used.timestamp()),
        }
    }

    fn is_over(&self, now: DateTime<Utc>) -> bool {
        let idle = now.timestamp() - self.last_used.load(Ordering::Relaxed);
        idle >= SESSION_IDLE_LIMIT.num_seconds() || now - self.created >= SESSION_LIFETIME
    }
}

/// The failed sign-ins of one email within the lockout window.
#[derive(Debug, Default)]
struct Attempts {
    times: Vec<DateTime<Utc>>,
    /// Whether the lockout was recorded, so a flood of refused attempts writes one line.
    lock_recorded: bool,
}

struct Shared {
    mode: Mode,
    // Lock order: store, then live. Holding the store lock serializes commands, so a check
    // (If-Match, idempotency) and the command it guards happen as one step.
    store: Mutex<Store>,
    live: RwLock<Live>,
    /// Token hash → session; a copy of the sessions table, so a request needs no database read.
    sessions: RwLock<HashMap<String, Session>>,
    /// Who may sign in: the demo's users, or the accounts of the users table.
    accounts: RwLock<Vec<Account>>,
    /// Failed sign-ins per email, for the lockout.
    failures: Mutex<HashMap<String, Attempts>>,
}

/// The state every handler shares; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// An answer to a write: what is sent, and what a retry with the same key gets again.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The JSON body, as text so its fields keep the order the domain types give them.
    pub body: String,
    /// The resource's ETag, for orders and subscriptions.
    pub etag: Option<String>,
    /// Where a created resource lives.
    pub location: Option<String>,
}

impl Reply {
    /// 200 with `body`.
    pub fn ok(body: &impl Serialize) -> Result<Reply, ApiError> {
        Reply::with_status(StatusCode::OK, body)
    }

    /// `status` with `body`.
    pub fn with_status(status: StatusCode, body: &impl Serialize) -> Result<Reply, ApiError> {
        Ok(Reply {
            status,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
            etag: None,
            location: None,
        })
    }

    /// The same reply with an ETag.
    pub fn tagged(mut self, etag: String) -> Reply {
        self.etag = Some(etag);
        self
    }

    /// The same reply with a Location.
    pub fn located(mut self, location: String) -> Reply {
        self.location = Some(location);
        self
    }

    fn stored(&self, fingerprint: &str) -> StoredReply {
        StoredReply {
            fingerprint: fingerprint.to_owned(),
            status: self.status.as_u16(),
            etag: self.etag.clone(),
            location: self.location.clone(),
            body: self.body.clone(),
        }
    }

    fn replayed(stored: StoredReply) -> Result<Reply, ApiError> {
        Ok(Reply {
            status: StatusCode::from_u16(stored.status).map_err(ApiError::internal)?,
            body: stored.body,
            etag: stored.etag,
            location: stored.location,
        })
    }
}

/// What a command decided: the events to keep and the answer.
pub struct Decided {
    /// The events, already applied to the desk.
    pub events: Vec<Event>,
    /// The answer.
    pub reply: Reply,
}

impl Decided {
    /// What an intent did: its events, and the reply `reply` makes of its answer. If the
    /// answer could not be read or sent, the reply says so; the events are kept either way.
    pub fn of(
        executed: Executed,
        reply: impl FnOnce(csp_domain::Reply) -> Result<Reply, ApiError>,
    ) -> Decided {
        let reply = executed
            .reply
            .map_err(ApiError::from)
            .and_then(reply)
            .unwrap_or_else(Reply::from);
        Decided {
            events: executed.events,
            reply,
        }
    }
}

/// An error as the answer to a write that happened, sent (and replayed) like any answer.
impl From<ApiError> for Reply {
    fn from(error: ApiError) -> Reply {
        Reply {
            status: error.status,
            body: error.body().to_string(),
            etag: None,
            location: None,
        }
    }
}

/// What a command may use: the desk, who asks, the clock (a clock command moves it) and a
/// random source.
pub struct CommandContext<'a> {
    /// The desk; a command applies its events to it.
    pub desk: &'a mut Desk,
    /// Who asks.
    pub actor: &'a User,
    /// The clock; a command that sets it moves the simulation clock once its events are kept.
    pub now: DateTime<Utc>,
    /// Where ids, keys and tokens come from.
    pub random: &'a mut dyn Randomness,
}

impl CommandContext<'_> {
    /// Runs `intent` through the domain's one `execute` for this actor at this moment; the
    /// clock it leaves is kept with its events.
    pub fn execute(&mut self, intent: Intent) -> Result<Executed, Refusal> {
        let executed = csp_domain::execute(self.desk, self.actor, self.now, self.random, intent)?;
        self.now = executed.now;
        Ok(executed)
    }
}

/// A write as it arrived: who, and the idempotency key with what identifies the request.
pub struct Write {
    /// Who asks.
    pub actor: User,
    /// `Idempotency-Key` and the request's fingerprint (method, path, body).
    pub idempotency: Option<(String, String)>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not take the whole server down with poisoned locks; the command
    // runner never leaves the desk half-changed across a panic point it controls.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The SHA-256 of a session token, as the sessions table keeps it.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The ETag of a resource: a hash of its JSON, so any change to what the caller saw changes it.
pub fn etag_of(resource: &impl Serialize) -> String {
    let json = serde_json::to_vec(resource).unwrap_or_default();
    format!("\"{}\"", &hex(&Sha256::digest(json))[..32])
}

impl AppState {
    /// Opens the database at `db` (`:memory:` for a throwaway one) as a demo, and rebuilds the
    /// desk from its log.
    pub fn open(db: &str) -> rusqlite::Result<AppState> {
        AppState::open_as(db, Mode::Demo)
    }

    /// Opens the database at `db` in `mode` and rebuilds the desk from its log.
    pub fn open_as(db: &str, mode: Mode) -> rusqlite::Result<AppState> {
        let store = Store::open(db, mode == Mode::Demo)?;
        let mut live = Live::from_store(&store)?;
        let accounts = match mode {
            Mode::Demo => seed::demo_users()
                .into_iter()
                .map(|user| Account {
                    user,
                    email: String::new(),
                    disabled: false,
                })
                .collect(),
            Mode::Real => {
                live.now = Utc::now();
                store.accounts()?
            }
        };
        let sessions = store
            .sessions()?
            .into_iter()
            .map(|stored: StoredSession| {
                let session = Session::new(stored.user, stored.created, stored.last_used);
                (stored.token_hash, session)
            })
            .collect();
        Ok(AppState(Arc::new(Shared {
            mode,
            store: Mutex::new(store),
            live: RwLock::new(live),
            sessions: RwLock::new(sessions),
            accounts: RwLock::new(accounts),
            failures: Mutex::new(HashMap::new()),
        })))
    }

    /// How the server runs.
    pub fn mode(&self) -> Mode {
        self.0.mode
    }

    /// Every user, disabled ones too (their names still stand in the logs).
    pub fn users(&self) -> Vec<User> {
        self.accounts()
            .into_iter()
            .map(|account| account.user)
            .collect()
    }

    /// Every account.
    pub fn accounts(&self) -> Vec<Account> {
        self.0
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The database, for the account routes, off the async threads.
    pub async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let shared = self.0.clone();
        blocking(move || work(&mut lock(&shared.store))).await
    }

    /// Keeps `account` in memory as the database now has it; a disabled user's sessions end.
    pub fn account_changed(&self, account: Account) {
        let mut accounts = self
            .0
            .accounts
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if account.disabled {
            self.0
                .sessions
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .retain(|_, session| &session.user != account.user.id());
        }
        match accounts
            .iter_mut()
            .find(|known| known.user.id() == account.user.id())
        {
            Some(known) => *known = account,
            None => accounts.push(account),
        }
    }

    /// Takes one attempt to sign in as `email`: counted as a failure until it succeeds, so
    /// attempts made at once cannot all slip under the limit. When `limit` attempts already
    /// failed within `window`, none is taken: the answer is when the oldest of them lapses,
    /// and whether this is the first refusal of the lockout (the one to record).
    pub fn take_sign_in_attempt(
        &self,
        email: &str,
        now: DateTime<Utc>,
        limit: usize,
        window: Duration,
    ) -> Result<(), (DateTime<Utc>, bool)> {
        let mut failures = lock(&self.0.failures);
        let attempts = failures.entry(email.to_owned()).or_default();
        attempts.times.retain(|at| now - *at < window);
        if attempts.times.len() >= limit {
            let oldest = attempts.times.iter().min().copied().unwrap_or(now);
            let first = !attempts.lock_recorded;
            attempts.lock_recorded = true;
            return Err((oldest + window, first));
        }
        attempts.lock_recorded = false;
        attempts.times.push(now);
        Ok(())
    }

    /// Forgets the failed sign-ins older than `window`, and the sessions that have ended: run
    /// every minute, so neither grows without bound.
    pub async fn forget_the_past(&self, window: Duration) -> Result<(), ApiError> {
        let now = Utc::now();
        lock(&self.0.failures).retain(|_, attempts| {
            attempts.times.retain(|at| now - *at < window);
            !attempts.times.is_empty()
        });
        let ended: Vec<String> = {
            let mut sessions = self
                .0
                .sessions
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            let ended: Vec<String> = sessions
                .iter()
                .filter(|(_, session)| session.is_over(now))
                .map(|(hash, _)| hash.clone())
                .collect();
            for hash in &ended {
                sessions.remove(hash);
            }
            ended
        };
        if ended.is_empty() {
            return Ok(());
        }
        let shared = self.0.clone();
        blocking(move || {
            let store = lock(&shared.store);
            for hash in &ended {
                store.remove_session(hash).map_err(ApiError::storage)?;
            }
            Ok(())
        })
        .await
    }

    /// Reads the accounts again from the database: a user added with `csp-server user add`
    /// while the server runs can then sign in.
    pub async fn refresh_accounts(&self) -> Result<(), ApiError> {
        let shared = self.0.clone();
        blocking(move || {
            let store = lock(&shared.store);
            let accounts = store.accounts().map_err(ApiError::storage)?;
            *shared
                .accounts
                .write()
                .unwrap_or_else(PoisonError::into_inner) = accounts;
            Ok(())
        })
        .await
    }

    /// Forgets the failures for `email` after a sign-in that succeeded.
    pub fn sign_in_succeeded(&self, email: &str) {
        lock(&self.0.failures).remove(email);
    }

    /// The desk and the clock, for reading.
    pub fn live(&self) -> RwLockReadGuard<'_, Live> {
        self.0.live.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The user signed in with `token`, if the session is known, not over, and its user is
    /// not disabled; using it counts as use.
    pub fn user_for_token(&self, token: &str) -> Option<User> {
        let hash = token_hash(token);
        let now = Utc::now();
        let sessions = self
            .0
            .sessions
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let session = sessions.get(&hash)?;
        // An ended session is refused here; `forget_the_past` removes it within the minute.
        if session.is_over(now) {
            return None;
        }
        let seconds = now.timestamp();
        session.last_used.store(seconds, Ordering::Relaxed);
        let noted = session.noted.load(Ordering::Relaxed);
        // One request of many at once writes the use down.
        if seconds - noted >= SESSION_NOTE_EVERY.num_seconds()
            && session
                .noted
                .compare_exchange(noted, seconds, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            let shared = self.0.clone();
            let hash = hash.clone();
            tokio::task::spawn_blocking(move || {
                let _ = lock(&shared.store).touch_session(&hash, now);
            });
        }
        let user = session.user.clone();
        drop(sessions);
        self.0
            .accounts
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .find(|account| account.user.id() == &user && !account.disabled)
            .map(|account| account.user.clone())
    }

    /// Signs `user` in: a new random token, kept only as its hash.
    pub async fn sign_in(&self, user: UserId) -> Result<String, ApiError> {
        let shared = self.0.clone();
        blocking(move || {
            let mut random = OsRandom::new().map_err(ApiError::internal)?;
            let mut bytes = [0u8; 32];
            random.fill(&mut bytes);
            let token = hex(&bytes);
            let hash = token_hash(&token);
            let now = Utc::now();
            let store = lock(&shared.store);
            // Checked with the database held, as disabling is: a sign-in racing a disable
            // cannot leave a session behind it.
            let active = shared
                .accounts
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .iter()
                .any(|account| account.user.id() == &user && !account.disabled);
            if !active {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "sign_in_failed",
                    "The email or password is wrong.",
                ));
            }
            store
                .add_session(&hash, &user, now)
                .map_err(ApiError::storage)?;
            drop(store);
            let session = Session::new(user, now, now);
            shared
                .sessions
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(hash, session);
            Ok(token)
        })
        .await
    }

    /// On a real server, brings the desk to the system's now: the terms that ended since renew
    /// or expire, as the simulation clock's move would. Run every second, and before every
    /// command.
    pub async fn catch_up(&self) -> Result<(), ApiError> {
        if self.0.mode == Mode::Demo {
            return Ok(());
        }
        let due = {
            let live = self.live();
            !live.desk.due_term_events(Utc::now()).is_empty()
        };
        if due {
            let write = Write {
                actor: csp_domain::execute::link_holder(),
                idempotency: None,
            };
            self.run(write, |_| {
                Ok(Decided {
                    events: Vec::new(),
                    reply: Reply::ok(&())?,
                })
            })
            .await?;
        } else {
            self.0
                .live
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .now = Utc::now();
        }
        Ok(())
    }

    /// Signs the session of `token` out.
    pub async fn sign_out(&self, token: String) -> Result<(), ApiError> {
        let shared = self.0.clone();
        blocking(move || {
            let hash = token_hash(&token);
            lock(&shared.store)
                .remove_session(&hash)
                .map_err(ApiError::storage)?;
            shared
                .sessions
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&hash);
            Ok(())
        })
        .await
    }

    /// Replaces the whole log and the clock (the demo's reset, which the domain allowed);
    /// sessions stay.
    pub async fn replace_log(
        &self,
        events: Vec<Event>,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let shared = self.0.clone();
        blocking(move || {
            let mut store = lock(&shared.store);
            let mut live = shared.live.write().unwrap_or_else(PoisonError::into_inner);
            let reset = store.replace_log(&events, now);
            // Whether or not the reset was kept, show what the database holds.
            reload(&store, &mut live);
            reset.map_err(ApiError::storage)
        })
        .await
    }

    /// Runs a command: replays the stored answer of a retried idempotency key, or decides the
    /// command, keeps its events (with the clock and the answer for the key) in one
    /// transaction, and answers. Runs off the async threads, since a commit waits for the disk.
    pub async fn run<F>(&self, write: Write, command: F) -> Result<Reply, ApiError>
    where
        F: FnOnce(&mut CommandContext<'_>) -> Result<Decided, ApiError> + Send + 'static,
    {
        let shared = self.0.clone();
        blocking(move || shared.run(write, command)).await
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)?
}

/// Shows what the database holds; if even that cannot be read, the kept in-memory log (which
/// mirrors every committed transaction) rebuilds the desk.
fn reload(store: &Store, live: &mut Live) {
    match Live::from_store(store) {
        Ok(fresh) => *live = fresh,
        Err(error) => {
            tracing::error!("could not reload the desk from the database: {error}");
            live.desk = Desk::from_events(&live.log);
        }
    }
}

impl Shared {
    fn run<F>(&self, write: Write, command: F) -> Result<Reply, ApiError>
    where
        F: FnOnce(&mut CommandContext<'_>) -> Result<Decided, ApiError>,
    {
        let mut store = lock(&self.store);
        let actor = write.actor;
        if let Some((key, fingerprint)) = &write.idempotency {
            if let Some(stored) = store
                .stored_reply(actor.id(), key)
                .map_err(ApiError::storage)?
            {
                if &stored.fingerprint != fingerprint {
                    return Err(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "idempotency_key_reused",
                        "This Idempotency-Key was already used for a different request; \
                         use a new key for a new request.",
                    ));
                }
                return Reply::replayed(stored);
            }
        }
        let mut random = OsRandom::new().map_err(ApiError::internal)?;
        let mut live = self.live.write().unwrap_or_else(PoisonError::into_inner);
        let live = &mut *live;
        // On a real server the clock is the system's: the terms that ended since the last
        // command renew or expire first, and are kept with this command's events.
        let mut caught_up = Vec::new();
        if self.mode == Mode::Real {
            let now = Utc::now().max(live.now);
            caught_up = live.desk.due_term_events(now);
            live.desk.apply(&caught_up);
            live.now = now;
        }
        let clock_before = live.now;
        let mut context = CommandContext {
            desk: &mut live.desk,
            actor: &actor,
            now: clock_before,
            random: &mut random,
        };
        let decided = command(&mut context);
        let clock_after = context.now;
        // An error here was met before anything applied: the desk is still the log's (the
        // terms caught up are applied, and kept on their own).
        let refused = decided.is_err();
        let mut decided = match decided {
            Ok(decided) => decided,
            Err(error) if caught_up.is_empty() => return Err(error),
            Err(error) => Decided {
                events: Vec::new(),
                reply: Reply::from(error),
            },
        };
        if !caught_up.is_empty() {
            caught_up.append(&mut decided.events);
            decided.events = caught_up;
        }
        let moved_clock =
            (clock_after != clock_before && self.mode == Mode::Demo).then_some(clock_after);
        // A refusal is not an answer to keep for the key: the same request may pass later.
        let stored = write
            .idempotency
            .as_ref()
            .filter(|_| !refused)
            .map(|(key, fingerprint)| (key, decided.reply.stored(fingerprint)));
        let kept = store.commit(
            &decided.events,
            moved_clock,
            stored
                .as_ref()
                .map(|(key, reply)| (actor.id(), key.as_str(), reply)),
        );
        match kept {
            Ok(()) => {
                live.log.extend(decided.events);
                live.now = clock_after;
                Ok(decided.reply)
            }
            Err(error) => {
                reload(&store, live);
                Err(ApiError::storage(error))
            }
        }
    }
}
