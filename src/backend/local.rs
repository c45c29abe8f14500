//! The embedded backend: an append-only event log in `localStorage`, folded into a `Desk`,
//! with the simulation clock beside it. Every call is decided by `csp-domain` for the
//! signed-in user, exactly as the server decides it.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::deadlines::deadlines;
use csp_domain::execute::{self, Randomness};
use csp_domain::queries::{
    self, CustomerFilter, CustomerList, LinkView, Offer, SoftwareView, SubscriptionView,
};
use csp_domain::{
    seed, ActivityRecord, CancelOption, Credit, Customer, CustomerId, Deadline, DeadlineFilter,
    Desk, Event, Intent, ItemId, LinkToken, Order, OrderId, Refusal, Reply, SupportRequest, User,
    UserId,
};
use serde::{Deserialize, Serialize};

use super::{Answer, BackendError, Unavailable};
use crate::storage::KeyValueStore;

/// Where the event log is kept. The version moves when the stored shape changes.
pub const EVENTS_KEY: &str = "csp-desk.events.v1";
/// Where the simulation clock's now was kept before it moved into the log's own write.
const CLOCK_KEY: &str = "csp-desk.clock.v1";
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

/// The log and the clock in one value, so one write keeps both or neither.
#[derive(Serialize, Deserialize)]
struct StoredLog {
    version: u32,
    events: Vec<Event>,
    /// Absent in logs saved before the clock moved in; then `CLOCK_KEY` holds it.
    #[serde(default, deserialize_with = "csp_domain::wire_time::maybe_instant")]
    now: Option<DateTime<Utc>>,
}

struct State {
    log: Vec<Event>,
    desk: Desk,
    now: DateTime<Utc>,
    user: UserId,
    /// Set when the store could not be written from the start: work in memory only.
    unwritable: bool,
}

/// The embedded backend, cheap to clone; all clones share one log.
#[derive(Clone)]
pub struct LocalBackend {
    state: Arc<Mutex<State>>,
    store: Arc<dyn KeyValueStore>,
    random: Arc<Mutex<dyn Randomness + Send>>,
}

fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; keep using it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LocalBackend {
    /// Opens the log in `store`: reads it, or seeds the demo on first start. A log that cannot
    /// be read is kept aside under another key, never dropped, and reported.
    /// The demo's events come from `demo`, asked only when the log must be seeded.
    pub fn open(
        store: Arc<dyn KeyValueStore>,
        random: impl Randomness + Send + 'static,
        demo: impl FnOnce() -> Vec<Event>,
    ) -> (LocalBackend, Option<StoreReport>) {
        let demo = || (demo(), None);
        let ((events, saved_now), mut report) = match store.get(EVENTS_KEY) {
            Ok(Some(text)) => match read_log(&text) {
                Ok(log) => (log, None),
                Err(reason) => match keep_aside(store.as_ref(), &text) {
                    Ok(key) => (demo(), Some(StoreReport::KeptAside { key, reason })),
                    Err(error) => (demo(), Some(StoreReport::Unwritable { reason: error })),
                },
            },
            Ok(None) => (demo(), None),
            Err(error) => (demo(), Some(StoreReport::Unwritable { reason: error.0 })),
        };
        if report.is_none() {
            report = keep_aside_older_versions(store.as_ref());
        }
        let now = saved_now
            .or_else(|| read_clock(store.as_ref()))
            .unwrap_or_else(seed::demo_now);
        let mut unwritable = matches!(report, Some(StoreReport::Unwritable { .. }));
        if !unwritable {
            if let Err(reason) = write_log(store.as_ref(), &events, now) {
                unwritable = true;
                report = Some(StoreReport::Unwritable { reason });
            }
        }
        let state = State {
            desk: Desk::from_events(&events),
            log: events,
            now,
            user: UserId(crate::preferences::DEFAULT_USER.to_owned()),
            unwritable,
        };
        let backend = LocalBackend {
            state: Arc::new(Mutex::new(state)),
            store,
            random: Arc::new(Mutex::new(random)),
        };
        (backend, report)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Whether changes are kept only until the page reloads.
    pub fn is_unwritable(&self) -> bool {
        self.state().unwritable
    }

    fn signed_in(state: &State) -> Answer<User> {
        seed::demo_users()
            .into_iter()
            .find(|user| user.id() == &state.user)
            .ok_or(BackendError::Unavailable(Unavailable::UnknownUser))
    }

    /// Answers a read of the desk for the signed-in user at the clock's now.
    fn read<T>(
        &self,
        read: impl FnOnce(&Desk, &User, DateTime<Utc>) -> Result<T, Refusal>,
    ) -> Answer<T> {
        let state = self.state();
        let user = Self::signed_in(&state)?;
        Ok(read(&state.desk, &user, state.now)?)
    }

    /// Runs `intent` through the domain for the signed-in user and keeps its events and the
    /// clock in one write; if they cannot be kept, the desk and the clock go back to what was
    /// kept, so nothing unsaved shows.
    pub fn execute(&self, intent: Intent) -> Answer<Reply> {
        let mut state = self.state();
        let actor = Self::signed_in(&state)?;
        let now = state.now;
        let executed = {
            let mut random = lock(&self.random);
            csp_domain::execute(&mut state.desk, &actor, now, &mut *random, intent)?
        };
        let kept = state.log.len();
        state.log.extend(executed.events);
        state.now = executed.now;
        if !state.unwritable && write_log(self.store.as_ref(), &state.log, state.now).is_err() {
            state.log.truncate(kept);
            state.now = now;
            state.desk = Desk::from_events(&state.log);
            return Err(Unavailable::NotSaved.into());
        }
        // Kept even if the answer could not be read: the events happened.
        Ok(executed.reply?)
    }

    /// The demo users.
    pub fn users(&self) -> Answer<Vec<User>> {
        Ok(seed::demo_users())
    }

    /// Signs in as `user`.
    pub fn sign_in(&self, user: UserId) -> Answer<User> {
        let mut state = self.state();
        let previous = std::mem::replace(&mut state.user, user);
        Self::signed_in(&state).inspect_err(|_| state.user = previous)
    }

    /// The simulation clock's now.
    pub fn now(&self) -> Answer<DateTime<Utc>> {
        Ok(self.state().now)
    }

    /// Starts over from the demo data (`demo`) and the demo clock, if the domain lets the user.
    pub fn reset_demo(&self, demo: impl FnOnce() -> Vec<Event>) -> Answer<()> {
        let mut state = self.state();
        let actor = Self::signed_in(&state)?;
        let (events, now) = execute::reset_demo(&actor, demo)?;
        if !state.unwritable {
            write_log(self.store.as_ref(), &events, now).map_err(|_| Unavailable::NotSaved)?;
        }
        state.desk = Desk::from_events(&events);
        state.log = events;
        state.now = now;
        Ok(())
    }

    /// The customers that match `filter`.
    pub fn customers(&self, filter: CustomerFilter) -> Answer<CustomerList> {
        self.read(|desk, user, _| queries::customer_list(desk, user, &filter))
    }

    /// One customer.
    pub fn customer(&self, id: CustomerId) -> Answer<Customer> {
        self.read(|desk, user, _| queries::readable_customer(desk, user, &id).cloned())
    }

    /// What Add products offers.
    pub fn offers(&self, customer: CustomerId) -> Answer<Vec<Offer>> {
        self.read(|desk, user, now| queries::offers(desk, user, &customer, now))
    }

    /// Every order of a customer.
    pub fn orders(&self, customer: CustomerId) -> Answer<Vec<Order>> {
        self.read(|desk, user, _| queries::orders(desk, user, &customer))
    }

    /// One order.
    pub fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.read(|desk, user, _| queries::order(desk, user, &customer, &order))
    }

    /// The listed subscriptions.
    pub fn subscriptions(&self, customer: CustomerId) -> Answer<Vec<SubscriptionView>> {
        self.read(|desk, user, now| queries::subscriptions(desk, user, &customer, now))
    }

    /// One subscription.
    pub fn subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
    ) -> Answer<SubscriptionView> {
        self.read(|desk, user, now| {
            queries::subscription(desk, user, &customer, &subscription, now)
        })
    }

    /// The Software tab.
    pub fn software(&self, customer: CustomerId) -> Answer<Vec<SoftwareView>> {
        self.read(|desk, user, now| queries::software(desk, user, &customer, now))
    }

    /// The cancel dialog's orders of a product.
    pub fn cancel_options(
        &self,
        customer: CustomerId,
        product: String,
    ) -> Answer<Vec<CancelOption>> {
        self.read(|desk, user, now| queries::cancel_options(desk, user, &customer, &product, now))
    }

    /// A link by its token; the token is the credential.
    pub fn link(&self, token: LinkToken) -> Answer<LinkView> {
        let state = self.state();
        Ok(queries::link(&state.desk, &token, state.now)?)
    }

    /// The credits the user may see, newest first.
    pub fn credits(&self) -> Answer<Vec<Credit>> {
        self.read(|desk, user, _| Ok(queries::credits(desk, user)))
    }

    /// The activity log of a date range.
    pub fn activity(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Answer<Vec<ActivityRecord>> {
        self.read(|desk, user, now| queries::activity(desk, user, now, from, to))
    }

    /// The support requests, newest first, for partner users.
    pub fn support_requests(&self) -> Answer<Vec<SupportRequest>> {
        self.read(|desk, user, _| queries::support_requests(desk, user))
    }

    /// Closing soon: the deadlines the filter asks for, soonest first.
    pub fn deadlines(&self, filter: DeadlineFilter) -> Answer<Vec<Deadline>> {
        self.read(|desk, user, now| deadlines(desk, user, now, &filter))
    }
}

/// The clock as logs saved before it moved into the log kept it.
fn read_clock(store: &dyn KeyValueStore) -> Option<DateTime<Utc>> {
    let text = store.get(CLOCK_KEY).ok().flatten()?;
    csp_domain::wire_time::parse_instant(&text)
}

/// The events and, when saved with them, the clock.
/// Whether opening `store` will seed the demo: it holds no log that can be read.
pub fn needs_demo(store: &dyn KeyValueStore) -> bool {
    // Read twice on start (here and on open), so the demo is fetched only when it is used.
    !matches!(store.get(EVENTS_KEY), Ok(Some(text)) if read_log(&text).is_ok())
}

fn read_log(text: &str) -> Result<(Vec<Event>, Option<DateTime<Utc>>), String> {
    let stored: StoredLog = crate::storage::from_json(text).map_err(|error| error.to_string())?;
    if stored.version != STORE_VERSION {
        return Err(format!(
            "it is version {} of the store, this app reads version {STORE_VERSION}",
            stored.version
        ));
    }
    Ok((stored.events, stored.now))
}

/// Keeps the events and the clock in one write: both or neither.
fn write_log(
    store: &dyn KeyValueStore,
    events: &[Event],
    now: DateTime<Utc>,
) -> Result<(), String> {
    let stored = StoredLog {
        version: STORE_VERSION,
        events: events.to_vec(),
        now: Some(now),
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
    use csp_domain::LineRequest;

    /// The asset the browser fetches to seed the demo is the domain's seed, as JSON.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_demo_file_is_the_demo_seed() {
        let expected = serde_json::to_string(&seed::demo_events()).unwrap() + "\n";
        crate::generated::check("public/demo-events.json", &expected, "the demo seed");
    }

    fn place_order(
        backend: &LocalBackend,
        customer: CustomerId,
        lines: Vec<LineRequest>,
    ) -> Answer<Order> {
        let intent = Intent::PlaceOrder { customer, lines };
        backend
            .execute(intent)
            .map(|reply| reply.into_order().unwrap())
    }

    fn move_clock(backend: &LocalBackend, to: DateTime<Utc>) -> Answer<DateTime<Utc>> {
        let intent = Intent::MoveClock { to };
        backend
            .execute(intent)
            .map(|reply| reply.into_clock().unwrap())
    }

    /// Counts up, so ids differ and tests repeat exactly.
    struct Counting(u8);

    impl Randomness for Counting {
        fn fill(&mut self, bytes: &mut [u8]) {
            for byte in bytes {
                self.0 = self.0.wrapping_add(89);
                *byte = self.0;
            }
        }
    }

    fn open(store: &Arc<MemoryStore>) -> (LocalBackend, Option<StoreReport>) {
        LocalBackend::open(store.clone(), Counting(0), seed::demo_events)
    }

    fn everyone() -> CustomerFilter {
        CustomerFilter::default()
    }

    fn id(text: &str) -> CustomerId {
        CustomerId(text.to_owned())
    }

    #[test]
    fn a_new_browser_starts_with_the_demo_customers_and_keeps_them() {
        let store = Arc::new(MemoryStore::default());
        let (backend, report) = open(&store);
        assert_eq!(report, None);
        assert_eq!(
            backend.customers(everyone()).unwrap().total,
            seed::demo_customers().len()
        );
        assert!(store.get(EVENTS_KEY).unwrap().is_some());
        assert_eq!(backend.now().unwrap(), seed::demo_now());

        let (reopened, report) = open(&store);
        assert_eq!(report, None);
        assert_eq!(
            reopened.customers(everyone()).unwrap(),
            backend.customers(everyone()).unwrap()
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
        assert!(backend.customers(everyone()).unwrap().total >= 12);

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
        assert!(backend.customers(everyone()).unwrap().total >= 12);
    }

    #[test]
    fn the_list_narrows_by_search_and_market_but_counts_everyone() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        let filter = |search: &str, market: Option<&str>| CustomerFilter {
            search: search.to_owned(),
            market: market.and_then(csp_domain::Market::new),
            ..CustomerFilter::default()
        };
        let wingtip = backend.customers(filter("wingtip", None)).unwrap();
        assert_eq!(wingtip.customers.len(), 1);
        assert_eq!(wingtip.total, seed::demo_customers().len());
        let australians = backend.customers(filter("", Some("AU"))).unwrap();
        assert!(australians.customers.len() >= 2);
        assert!(australians
            .customers
            .iter()
            .all(|c| c.market.code() == "AU"));
        let by_guid = backend.customers(filter("8D1E4A7B", None)).unwrap();
        assert_eq!(by_guid.customers[0].name, "Fabrikam Inc");
        assert!(backend
            .customers(filter("wingtip", Some("DE")))
            .unwrap()
            .customers
            .is_empty());
    }

    #[test]
    fn an_unknown_customer_is_named_in_the_refusal() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        let error = backend.customer(id("nobody")).unwrap_err();
        assert_eq!(
            error,
            BackendError::Refused(Refusal::UnknownCustomer {
                customer: id("nobody")
            })
        );
    }

    #[test]
    fn the_backend_refuses_a_sales_agent_whatever_the_page_shows_and_names_the_role() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        let subscription = backend
            .subscriptions(id("adatum"))
            .unwrap()
            .remove(0)
            .subscription
            .id;
        backend.sign_in(UserId("sam".into())).unwrap();
        let refused = backend
            .execute(Intent::CancelSubscription {
                customer: id("adatum"),
                subscription: subscription.clone(),
                acknowledged: true,
            })
            .unwrap_err();
        assert!(
            matches!(
                &refused,
                BackendError::Refused(Refusal::MissingRole { needs, .. })
                    if needs == &[csp_domain::PartnerRole::AdminAgent]
            ),
            "{refused:?}"
        );
        backend.sign_in(UserId("avery".into())).unwrap();
        assert!(backend
            .subscription(id("adatum"), subscription)
            .unwrap()
            .cancellation
            .is_ok());
    }

    #[test]
    fn a_customer_admin_reads_only_their_own_customer() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        backend.sign_in(UserId("contoso-admin".into())).unwrap();
        assert_eq!(backend.customers(everyone()).unwrap().total, 1);
        assert!(backend.software(id("contoso")).is_ok());
        assert!(matches!(
            backend.software(id("fabrikam")),
            Err(BackendError::Refused(Refusal::NotYourCustomer { .. }))
        ));
    }

    #[test]
    fn an_order_survives_a_reload_and_a_failed_save_changes_nothing() {
        let store = Arc::new(MemoryStore::default());
        let (backend, _) = open(&store);
        let offer = backend
            .offers(id("fabrikam"))
            .unwrap()
            .into_iter()
            .find(|o| o.unavailable.is_none())
            .unwrap();
        let line = LineRequest {
            sku: offer.sku.clone(),
            quantity: 2,
            billing_plan: offer.plans[0],
        };
        let order = place_order(&backend, id("fabrikam"), vec![line.clone()]).unwrap();
        let (reopened, _) = open(&store);
        assert_eq!(
            reopened.order(id("fabrikam"), order.id.clone()).unwrap(),
            order
        );

        let unknown_user = backend.sign_in(UserId("nobody".into()));
        assert!(unknown_user.is_err(), "an unknown user cannot sign in");
        let before = backend.orders(id("fabrikam")).unwrap();
        let full = Arc::new(MemoryStore::full());
        let failing = LocalBackend {
            store: full,
            ..backend.clone()
        };
        assert_eq!(
            place_order(&failing, id("fabrikam"), vec![line]),
            Err(BackendError::Unavailable(Unavailable::NotSaved))
        );
        assert_eq!(
            backend.orders(id("fabrikam")).unwrap(),
            before,
            "the unsaved order is not shown"
        );
    }

    #[test]
    fn the_clock_moves_forward_only_and_survives_a_reload_and_reset_restores_the_demo() {
        let store = Arc::new(MemoryStore::default());
        let (backend, _) = open(&store);
        let later = seed::demo_now() + chrono::Duration::days(7);
        assert_eq!(move_clock(&backend, later).unwrap(), later);
        assert_eq!(
            move_clock(&backend, seed::demo_now()),
            Err(BackendError::Refused(Refusal::ClockBackwards {
                now: later
            }))
        );
        let (reopened, _) = open(&store);
        assert_eq!(reopened.now().unwrap(), later);

        let offer = reopened
            .offers(id("fabrikam"))
            .unwrap()
            .into_iter()
            .find(|o| o.unavailable.is_none())
            .unwrap();
        let line = LineRequest {
            sku: offer.sku,
            quantity: 1,
            billing_plan: offer.plans[0],
        };
        place_order(&reopened, id("fabrikam"), vec![line]).unwrap();
        reopened.reset_demo(seed::demo_events).unwrap();
        assert_eq!(reopened.now().unwrap(), seed::demo_now());
        let (fresh, _) = open(&Arc::new(MemoryStore::default()));
        assert_eq!(
            reopened.orders(id("fabrikam")).unwrap(),
            fresh.orders(id("fabrikam")).unwrap()
        );
    }

    #[test]
    fn a_clock_move_that_cannot_be_saved_leaves_the_clock_and_its_renewals_unmoved() {
        let (backend, _) = open(&Arc::new(MemoryStore::default()));
        let before = backend.subscriptions(id("adatum")).unwrap();
        let failing = LocalBackend {
            store: Arc::new(MemoryStore::full()),
            ..backend.clone()
        };
        let a_year_on = seed::demo_now() + chrono::Duration::days(400);
        assert_eq!(
            move_clock(&failing, a_year_on),
            Err(BackendError::Unavailable(Unavailable::NotSaved))
        );
        assert_eq!(backend.now().unwrap(), seed::demo_now());
        assert_eq!(backend.subscriptions(id("adatum")).unwrap(), before);
    }

    #[test]
    fn the_clock_is_kept_in_the_same_write_as_the_events_and_an_older_clock_key_is_read() {
        let store = Arc::new(MemoryStore::default());
        let (backend, _) = open(&store);
        let later = seed::demo_now() + chrono::Duration::days(3);
        move_clock(&backend, later).unwrap();
        let saved = store.get(EVENTS_KEY).unwrap().unwrap();
        assert!(saved.contains(&later.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)));
        assert_eq!(store.get(CLOCK_KEY).unwrap(), None, "one key, one write");

        // A log saved before the clock moved in keeps its clock under the old key.
        let old = Arc::new(MemoryStore::with(&[
            (EVENTS_KEY, r#"{"version":1,"events":[]}"#),
            (CLOCK_KEY, "2021-12-01T10:00:00Z"),
        ]));
        let (reopened, _) = open(&old);
        assert_eq!(
            reopened.now().unwrap().to_rfc3339(),
            "2021-12-01T10:00:00+00:00"
        );
    }
}
