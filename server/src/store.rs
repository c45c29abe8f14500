//! The SQLite database: the append-only event log, sessions, idempotency records and the
//! simulation clock, with the schema created by versioned migrations at start.

use chrono::{DateTime, SecondsFormat, Utc};
use csp_domain::accounts::{Account, AccountRecord};
use csp_domain::{seed, Event, User, UserId};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The schema, one migration per version, applied in order and never edited once shipped:
/// a database at version N gets migrations N+1.. at start.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE events (
        seq   INTEGER PRIMARY KEY,
        at    TEXT NOT NULL,
        actor TEXT,
        body  TEXT NOT NULL
    );
    -- Events are facts: the log only grows (a demo reset empties it as a whole).
    CREATE TRIGGER events_are_append_only BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE idempotency (
        user_id     TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        status      INTEGER NOT NULL,
        etag        TEXT,
        location    TEXT,
        body        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
    );
    CREATE TABLE clock (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        now TEXT NOT NULL
    );",
    // 2: accounts for a real server: users with Argon2id password hashes, the record of
    // sign-ins and user changes, and when each session was last used.
    "CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        body          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE account_records (
        seq     INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        body    TEXT NOT NULL
    );
    CREATE TRIGGER account_records_are_append_only BEFORE UPDATE ON account_records
    BEGIN SELECT RAISE(ABORT, 'the account record is append-only'); END;
    ALTER TABLE sessions ADD COLUMN last_used_at TEXT;
    -- How the server that made this database runs: a demo's data never opens as a real
    -- server's, nor a real server's (with its accounts) as a demo anyone can reset.
    CREATE TABLE server (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL
    );",
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// A stored answer to a write, replayed when the same user retries with the same key.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReply {
    /// What identifies the request (method, path, body), so a reused key is noticed.
    pub fingerprint: String,
    /// The HTTP status.
    pub status: u16,
    /// The ETag header, if the answer had one.
    pub etag: Option<String>,
    /// The Location header, if the answer had one.
    pub location: Option<String>,
    /// The JSON body.
    pub body: String,
}

/// The database connection and what is read from and written to it.
pub struct Store {
    connection: Connection,
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn parse_time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
}

impl Store {
    /// Opens (or creates) the database at `path` (`:memory:` for a throwaway one), migrates it,
    /// and, for a demo, seeds the demo desk if the log is empty.
    pub fn open(path: &str, demo: bool) -> rusqlite::Result<Store> {
        let connection = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        // WAL lets readers of the file go on while a command commits; FULL syncs every commit,
        // so an acknowledged command survives a crash or power cut right after the answer.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut store = Store { connection };
        store.migrate()?;
        store.claim_mode(demo)?;
        if demo && store.event_count()? == 0 {
            store.replace_log(&seed::demo_events(), seed::demo_now())?;
        }
        Ok(store)
    }

    /// Records the mode of a new database, and refuses one made in the other mode. A database
    /// from before modes were recorded that holds events is a demo's (only demos existed).
    fn claim_mode(&mut self, demo: bool) -> rusqlite::Result<()> {
        let asked = if demo { "demo" } else { "real" };
        let recorded: Option<String> = self
            .connection
            .query_row("SELECT mode FROM server WHERE id = 1", [], |row| row.get(0))
            .optional()?;
        let recorded = match recorded {
            Some(mode) => mode,
            None if self.event_count()? > 0 => "demo".to_owned(),
            None => asked.to_owned(),
        };
        if recorded != asked {
            return Err(rusqlite::Error::InvalidParameterName(match demo {
                true => "this database belongs to a real server (with its users and data); \
                         a demo must not open it: start without --demo, or give the demo a \
                         new database"
                    .to_owned(),
                false => "this database holds a demo's data (made with --demo): start with \
                          --demo, or give the real server a new database"
                    .to_owned(),
            }));
        }
        self.connection.execute(
            "INSERT INTO server (id, mode) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING",
            [&recorded],
        )?;
        Ok(())
    }

    fn migrate(&mut self) -> rusqlite::Result<()> {
        self.connection.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                applied_at TEXT NOT NULL
            );",
        )?;
        let current: i64 = self.connection.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |row| row.get(0),
        )?;
        if current > schema_version() {
            // A newer server wrote this file; running old code on it could lose events.
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "the database has schema version {current}, newer than this server's {}",
                schema_version()
            )));
        }
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let tx = self.connection.transaction()?;
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                params![index as i64 + 1, rfc3339(Utc::now())],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    pub fn version(&self) -> rusqlite::Result<i64> {
        self.connection
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |row| {
                row.get(0)
            })
    }

    fn event_count(&self) -> rusqlite::Result<i64> {
        self.connection
            .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))
    }

    /// Every event of the log, oldest first.
    pub fn events(&self) -> rusqlite::Result<Vec<Event>> {
        let mut statement = self
            .connection
            .prepare("SELECT body FROM events ORDER BY seq")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        rows.map(|body| {
            let body = body?;
            serde_json::from_str(&body)
                .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
        })
        .collect()
    }

    /// The simulation clock's now.
    pub fn clock(&self) -> rusqlite::Result<DateTime<Utc>> {
        let text: Option<String> = self
            .connection
            .query_row("SELECT now FROM clock WHERE id = 1", [], |row| row.get(0))
            .optional()?;
        match text {
            Some(text) => parse_time(&text),
            None => Ok(seed::demo_now()),
        }
    }

    /// Empties the event log and the stored replies (they name orders that no longer exist),
    /// then writes `events` and sets the clock to `now`, in one transaction (the demo's reset).
    /// Sessions are kept, so everyone stays signed in.
    pub fn replace_log(&mut self, events: &[Event], now: DateTime<Utc>) -> rusqlite::Result<()> {
        let tx = self.connection.transaction()?;
        tx.execute("DELETE FROM events", [])?;
        tx.execute("DELETE FROM idempotency", [])?;
        append_events(&tx, events)?;
        set_clock(&tx, now)?;
        tx.commit()
    }

    /// Keeps one command: its events, the clock if it moved, and the reply for its idempotency
    /// key, all in one transaction, so either all of it is kept or none.
    pub fn commit(
        &mut self,
        events: &[Event],
        clock: Option<DateTime<Utc>>,
        idempotency: Option<(&UserId, &str, &StoredReply)>,
    ) -> rusqlite::Result<()> {
        let tx = self.connection.transaction()?;
        append_events(&tx, events)?;
        if let Some(now) = clock {
            set_clock(&tx, now)?;
        }
        if let Some((user, key, reply)) = idempotency {
            tx.execute(
                "INSERT INTO idempotency
                 (user_id, key, fingerprint, status, etag, location, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    user.0,
                    key,
                    reply.fingerprint,
                    reply.status,
                    reply.etag,
                    reply.location,
                    reply.body,
                    rfc3339(Utc::now())
                ],
            )?;
        }
        tx.commit()
    }

    /// The reply stored for `user`'s `key`, if that write was done before.
    pub fn stored_reply(&self, user: &UserId, key: &str) -> rusqlite::Result<Option<StoredReply>> {
        self.connection
            .query_row(
                "SELECT fingerprint, status, etag, location, body FROM idempotency
                 WHERE user_id = ?1 AND key = ?2",
                params![user.0, key],
                |row| {
                    Ok(StoredReply {
                        fingerprint: row.get(0)?,
                        status: row.get(1)?,
                        etag: row.get(2)?,
                        location: row.get(3)?,
                        body: row.get(4)?,
                    })
                },
            )
            .optional()
    }

    /// Keeps a session: the hash of its token, never the token.
    pub fn add_session(
        &self,
        token_hash: &str,
        user: &UserId,
        at: DateTime<Utc>,
    ) -> rusqlite::Result<()> {
        self.connection.execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_used_at)
             VALUES (?1, ?2, ?3, ?3)",
            params![token_hash, user.0, rfc3339(at)],
        )?;
        Ok(())
    }

    /// Notes when a session was last used, so a restart keeps its idle time.
    pub fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> rusqlite::Result<()> {
        self.connection.execute(
            "UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1",
            params![token_hash, rfc3339(at)],
        )?;
        Ok(())
    }

    /// Ends every session of `user`.
    pub fn remove_sessions_of(&self, user: &UserId) -> rusqlite::Result<()> {
        self.connection
            .execute("DELETE FROM sessions WHERE user_id = ?1", [&user.0])?;
        Ok(())
    }

    /// Every account, oldest first.
    pub fn accounts(&self) -> rusqlite::Result<Vec<Account>> {
        let mut statement = self
            .connection
            .prepare("SELECT body, email, disabled FROM users ORDER BY created_at, id")?;
        let rows = statement.query_map([], |row| {
            let body: String = row.get(0)?;
            let user: User = serde_json::from_str(&body)
                .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
            Ok(Account {
                user,
                email: row.get(1)?,
                disabled: row.get(2)?,
            })
        })?;
        rows.collect()
    }

    /// The user id and password hash of the account with `email`, if there is one.
    pub fn password_hash(&self, email: &str) -> rusqlite::Result<Option<(UserId, String)>> {
        self.connection
            .query_row(
                "SELECT id, password_hash FROM users WHERE email = ?1",
                [email],
                |row| Ok((UserId(row.get(0)?), row.get(1)?)),
            )
            .optional()
    }

    /// Keeps a new account with its password hash, and the record of it, in one transaction.
    pub fn add_account(
        &mut self,
        account: &Account,
        password_hash: &str,
        record: &AccountRecord,
    ) -> rusqlite::Result<()> {
        let tx = self.connection.transaction()?;
        tx.execute(
            "INSERT INTO users (id, email, body, password_hash, disabled, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                account.user.id().0,
                account.email,
                to_json(&account.user)?,
                password_hash,
                account.disabled,
                rfc3339(record.at)
            ],
        )?;
        add_record(&tx, record)?;
        tx.commit()
    }

    /// Keeps a changed account and the record of it; a disabled user's sessions end in the same
    /// transaction.
    pub fn change_account(
        &mut self,
        account: &Account,
        record: &AccountRecord,
    ) -> rusqlite::Result<()> {
        let tx = self.connection.transaction()?;
        tx.execute(
            "UPDATE users SET body = ?2, disabled = ?3 WHERE id = ?1",
            params![
                account.user.id().0,
                to_json(&account.user)?,
                account.disabled
            ],
        )?;
        if account.disabled {
            tx.execute(
                "DELETE FROM sessions WHERE user_id = ?1",
                [&account.user.id().0],
            )?;
        }
        add_record(&tx, record)?;
        tx.commit()
    }

    /// Adds a line to the record of sign-ins and user changes.
    pub fn record(&mut self, record: &AccountRecord) -> rusqlite::Result<()> {
        let tx = self.connection.transaction()?;
        add_record(&tx, record)?;
        tx.commit()
    }

    /// The newest `limit` lines of the record of sign-ins and user changes, newest first.
    pub fn records(&self, limit: usize) -> rusqlite::Result<Vec<AccountRecord>> {
        let mut statement = self
            .connection
            .prepare("SELECT body FROM account_records ORDER BY seq DESC LIMIT ?1")?;
        let rows = statement.query_map([limit as i64], |row| row.get::<_, String>(0))?;
        rows.map(|body| {
            serde_json::from_str(&body?)
                .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
        })
        .collect()
    }

    /// Ends a session.
    pub fn remove_session(&self, token_hash: &str) -> rusqlite::Result<()> {
        self.connection
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Every session: token hash, user, when it began and when it was last used.
    pub fn sessions(&self) -> rusqlite::Result<Vec<StoredSession>> {
        let mut statement = self
            .connection
            .prepare("SELECT token_hash, user_id, created_at, last_used_at FROM sessions")?;
        let rows = statement.query_map([], |row| {
            let created: String = row.get(2)?;
            let used: Option<String> = row.get(3)?;
            let created = parse_time(&created)?;
            Ok(StoredSession {
                token_hash: row.get(0)?,
                user: UserId(row.get(1)?),
                created,
                last_used: used
                    .as_deref()
                    .map(parse_time)
                    .transpose()?
                    .unwrap_or(created),
            })
        })?;
        rows.collect()
    }
}

/// A session as the database keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    /// The SHA-256 of the token.
    pub token_hash: String,
    /// Whose session.
    pub user: UserId,
    /// When it began.
    pub created: DateTime<Utc>,
    /// When it was last used (noted at most every few minutes).
    pub last_used: DateTime<Utc>,
}

fn to_json(value: &impl serde::Serialize) -> rusqlite::Result<String> {
    serde_json::to_string(value)
        .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
}

fn add_record(tx: &Transaction<'_>, record: &AccountRecord) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO account_records (at, body) VALUES (?1, ?2)",
        params![rfc3339(record.at), to_json(record)?],
    )?;
    Ok(())
}

fn append_events(tx: &Transaction<'_>, events: &[Event]) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT INTO events (at, actor, body) VALUES (?1, ?2, ?3)")?;
    for event in events {
        let body = serde_json::to_string(event)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        insert.execute(params![
            rfc3339(event.at),
            event.actor.as_ref().map(|actor| actor.0.as_str()),
            body
        ])?;
    }
    Ok(())
}

fn set_clock(tx: &Transaction<'_>, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO clock (id, now) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET now = excluded.now",
        [rfc3339(now)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_migrated_to_the_latest_version_and_seeded_with_the_demo() {
        let store = Store::open(":memory:", true).unwrap();
        assert_eq!(store.version().unwrap(), schema_version());
        assert_eq!(store.events().unwrap(), seed::demo_events());
        assert_eq!(store.clock().unwrap(), seed::demo_now());
    }

    #[test]
    fn a_demo_database_never_opens_as_a_real_server_nor_a_real_one_as_a_demo() {
        let folder = tempfile::tempdir().unwrap();
        let demo = folder.path().join("demo.sqlite3");
        let demo = demo.to_str().unwrap();
        drop(Store::open(demo, true).unwrap());
        assert!(Store::open(demo, false).is_err());
        assert!(Store::open(demo, true).is_ok());
        let real = folder.path().join("real.sqlite3");
        let real = real.to_str().unwrap();
        drop(Store::open(real, false).unwrap());
        let refused = Store::open(real, true).err().unwrap().to_string();
        assert!(refused.contains("real server"), "{refused}");
        assert!(Store::open(real, false).is_ok());
    }

    #[test]
    fn an_event_cannot_be_rewritten() {
        let store = Store::open(":memory:", true).unwrap();
        let rewrite = store
            .connection
            .execute("UPDATE events SET actor = 'mallory' WHERE seq = 1", []);
        assert!(rewrite.is_err());
    }
}
