//! The embedded backend: an append-only event log in `localStorage`, folded into a `Desk`.

use std::sync::{Arc, Mutex, MutexGuard};

use csp_domain::{seed, Customer, CustomerId, Desk, Event, User};
use serde::{Deserialize, Serialize};

use super::{BackendError, CustomerFilter, CustomerList};
use crate::storage::KeyValueStore;

/// Where the event log is kept. The version moves when the stored shape changes.
pub const EVENTS_KEY: &str = "csp-desk.events.v1";
/// Every version of the event log shares this prefix; others are kept aside, never read.
const EVENTS_PREFIX: &str = "csp-desk.events.";
const STORE_VERSION: u32 = 1;

/// What went wrong with the saved data on opening; shown in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreReport {
    /// The saved log could not be read; it was copied to `key` and the demo data loaded.
    KeptAside { key: String, reason: String },
    /// Nothing can be written; the desk works in memory until the page reloads.
    Unwritable { reason: String },
}

#[derive(Serialize, Deserialize)]
struct StoredLog {
    version: u32,
    events: Vec<Event>,
}

struct State {
    desk: Desk,
    /// Writes after a failed one stay in memory only.
    unwritable: bool,
}

/// The embedded backend, cheap to clone; all clones share one log.
#[derive(Clone)]
pub struct LocalBackend {
    state: Arc<Mutex<State>>,
}

impl LocalBackend {
    /// Opens the log in `store`: reads it, or seeds the demo on first start. A log that cannot
    /// be read is kept aside under another key, never dropped, and reported.
    pub fn open(store: Arc<dyn KeyValueStore>) -> (LocalBackend, Option<StoreReport>) {
        let (events, mut report) = match store.get(EVENTS_KEY) {
            Ok(Some(text)) => match read_log(&text) {
                Ok(events) => (events, None),
                Err(reason) => match keep_aside(store.as_ref(), &text) {
                    Ok(key) => (
                        seed::demo_events(),
                        Some(StoreReport::KeptAside { key, reason }),
                    ),
                    Err(error) => (
                        seed::demo_events(),
                        Some(StoreReport::Unwritable { reason: error }),
                    ),
                },
            },
            Ok(None) => (seed::demo_events(), None),
            Err(error) => (
                seed::demo_events(),
                Some(StoreReport::Unwritable { reason: error.0 }),
            ),
        };
        if report.is_none() {
            report = keep_aside_older_versions(store.as_ref());
        }
        let mut unwritable = matches!(report, Some(StoreReport::Unwritable { .. }));
        if !unwritable {
            if let Err(reason) = write_log(store.as_ref(), &events) {
                unwritable = true;
                report = Some(StoreReport::Unwritable { reason });
            }
        }
        let state = State {
            desk: Desk::from_events(&events),
            unwritable,
        };
        (
            LocalBackend {
                state: Arc::new(Mutex::new(state)),
            },
            report,
        )
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether changes are kept only until the page reloads.
    pub fn is_unwritable(&self) -> bool {
        self.state().unwritable
    }

    /// The customers that match `filter`.
    pub fn customers(&self, filter: &CustomerFilter) -> Result<CustomerList, BackendError> {
        let state = self.state();
        let all = state.desk.customers();
        let mut markets: Vec<_> = all.iter().map(|customer| customer.market).collect();
        markets.sort();
        markets.dedup();
        let customers = all
            .iter()
            .filter(|customer| filter.market.is_none_or(|market| customer.market == market))
            .filter(|customer| customer.matches(&filter.search))
            .map(|customer| (*customer).clone())
            .collect();
        Ok(CustomerList {
            customers,
            total: all.len(),
            markets,
        })
    }

    /// One customer.
    pub fn customer(&self, id: &CustomerId) -> Result<Customer, BackendError> {
        self.state()
            .desk
            .customer(id)
            .cloned()
            .ok_or_else(|| BackendError::CustomerNotFound(id.clone()))
    }

    /// The demo users.
    pub fn users(&self) -> Vec<User> {
        seed::demo_users()
    }
}

fn read_log(text: &str) -> Result<Vec<Event>, String> {
    let stored: StoredLog = serde_json::from_str(text).map_err(|error| error.to_string())?;
    if stored.version != STORE_VERSION {
        return Err(format!(
            "it is version {} of the store, this app reads version {STORE_VERSION}",
            stored.version
        ));
    }
    Ok(stored.events)
}

fn write_log(store: &dyn KeyValueStore, events: &[Event]) -> Result<(), String> {
    let stored = StoredLog {
        version: STORE_VERSION,
        events: events.to_vec(),
    };
    let text = serde_json::to_string(&stored).map_err(|error| error.to_string())?;
    store.set(EVENTS_KEY, &text).map_err(|error| error.0)
}

/// Copies `text` under the first free `…v1.unreadable.N` key and answers that key.
fn keep_aside(store: &dyn KeyValueStore, text: &str) -> Result<String, String> {
    let keys = store.keys().map_err(|error| error.0)?;
    let key = (1..)
        .map(|n| format!("{EVENTS_KEY}.unreadable.{n}"))
        .find(|key| !keys.contains(key))
        .expect("an unbounded range has a free key");
    store.set(&key, text).map_err(|error| error.0)?;
    Ok(key)
}

/// Logs of another version are not read; report the first so the person knows it is there.
fn keep_aside_older_versions(store: &dyn KeyValueStore) -> Option<StoreReport> {
    let keys = store.keys().ok()?;
    let other = keys.into_iter().find(|key| {
        key.starts_with(EVENTS_PREFIX) && key != EVENTS_KEY && !key.contains(".unreadable.")
    })?;
    Some(StoreReport::KeptAside {
        reason: "it was saved by another version of this app".to_owned(),
        key: other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    fn open(store: &Arc<MemoryStore>) -> (LocalBackend, Option<StoreReport>) {
        LocalBackend::open(store.clone())
    }

    fn everyone() -> CustomerFilter {
        CustomerFilter::default()
    }

    #[test]
    fn a_new_browser_starts_with_the_demo_customers_and_keeps_them() {
        let store = Arc::new(MemoryStore::default());
        let (backend, report) = open(&store);
        assert_eq!(report, None);
        assert_eq!(
            backend.customers(&everyone()).unwrap().total,
            seed::demo_customers().len()
        );
        assert!(store.get(EVENTS_KEY).unwrap().is_some());

        let (reopened, report) = open(&store);
        assert_eq!(report, None);
        assert_eq!(
            reopened.customers(&everyone()).unwrap(),
            backend.customers(&everyone()).unwrap()
        );
    }

    #[test]
    fn a_corrupt_store_is_kept_aside_and_reported_not_dropped() {
        let store = Arc::new(MemoryStore::with(&[(EVENTS_KEY, "{not json")]));
        let (backend, report) = open(&store);
        let Some(StoreReport::KeptAside { key, reason }) = report else {
            panic!("expected the store to be kept aside, got {report:?}");
        };
        assert_eq!(key, "csp-desk.events.v1.unreadable.1");
        assert!(!reason.is_empty());
        assert_eq!(store.get(&key).unwrap().as_deref(), Some("{not json"));
        assert!(backend.customers(&everyone()).unwrap().total >= 12);

        // A second bad log does not overwrite the first one kept aside.
        store.set(EVENTS_KEY, "[]").unwrap();
        let (_, report) = open(&store);
        assert!(
            matches!(report, Some(StoreReport::KeptAside { key, .. }) if key.ends_with(".unreadable.2"))
        );
        assert_eq!(
            store
                .get("csp-desk.events.v1.unreadable.1")
                .unwrap()
                .as_deref(),
            Some("{not json")
        );
    }

    #[test]
    fn a_log_of_another_version_is_reported_and_left_in_place() {
        let store = Arc::new(MemoryStore::with(&[("csp-desk.events.v0", "[]")]));
        let (_, report) = open(&store);
        assert!(
            matches!(report, Some(StoreReport::KeptAside { key, .. }) if key == "csp-desk.events.v0")
        );
        assert_eq!(
            store.get("csp-desk.events.v0").unwrap().as_deref(),
            Some("[]")
        );
    }

    #[test]
    fn a_full_store_is_reported_and_the_desk_still_works_in_memory() {
        let store = Arc::new(MemoryStore::full());
        let (backend, report) = open(&store);
        assert!(matches!(report, Some(StoreReport::Unwritable { .. })));
        assert!(backend.is_unwritable());
        assert!(backend.customers(&everyone()).unwrap().total >= 12);
    }

    #[test]
    fn the_list_narrows_by_search_and_market_but_counts_everyone() {
        let store = Arc::new(MemoryStore::default());
        let (backend, _) = open(&store);
        let filter = |search: &str, market: Option<&str>| CustomerFilter {
            search: search.to_owned(),
            market: market.and_then(csp_domain::Market::new),
        };
        let wingtip = backend.customers(&filter("wingtip", None)).unwrap();
        assert_eq!(wingtip.customers.len(), 1);
        assert_eq!(wingtip.total, seed::demo_customers().len());
        let australians = backend.customers(&filter("", Some("AU"))).unwrap();
        assert!(australians.customers.len() >= 2);
        assert!(australians
            .customers
            .iter()
            .all(|c| c.market.code() == "AU"));
        let by_guid = backend.customers(&filter("8D1E4A7B", None)).unwrap();
        assert_eq!(by_guid.customers[0].name, "Fabrikam Inc");
        assert!(backend
            .customers(&filter("wingtip", Some("DE")))
            .unwrap()
            .customers
            .is_empty());
    }

    #[test]
    fn an_unknown_customer_is_named_in_the_error() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        let missing = CustomerId("nobody".into());
        assert_eq!(
            backend.customer(&missing),
            Err(BackendError::CustomerNotFound(missing))
        );
    }
}
