//! The embedded backend: an append-only event log in the browser's IndexedDB, folded into a
//! `Desk`, with the simulation clock beside it. Every call is decided by `csp-domain` for the
//! signed-in user, exactly as the server decides it.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::deadlines::deadlines;
use csp_domain::execute::{self, Randomness};
use csp_domain::paging::{numbered_page, Page};
use csp_domain::queries::{
    self, CustomerFilter, CustomerList, LinkView, Offer, SoftwareView, SubscriptionView,
};
use csp_domain::{
    seed, ActivityRecord, CancelOption, Charge, Credit, CreditsByMonth, Customer, CustomerId,
    Deadline, DeadlineFilter, Desk, Event, Intent, ItemId, LinkToken, Order, OrderId, Refusal,
    Reply, SupportRequest, SupportRequestId, User, UserId,
};
use serde::{Deserialize, Serialize};

use super::{Answer, BackendError, Unavailable};
use crate::storage::{KeyValueStore, RecordLog};

/// Where version 1 kept the whole event log, in `localStorage`: carried over into the record
/// log on the first start that finds it, then removed.
pub const EVENTS_KEY: &str = "csp-desk.events.v1";
/// Where an unreadable version 1 log is moved. This version writes no version 1 log, so there
/// is at most one; version 1 itself numbered its own (`….unreadable.1`), which stay as they are.
const UNREADABLE_V1_KEY: &str = "csp-desk.events.v1.unreadable";
/// Where the simulation clock's now was kept before it moved into the log's own write.
const CLOCK_KEY: &str = "csp-desk.clock.v1";
/// Version 1: one value holding every event. Version 2: one record for each write.
const WHOLE_LOG: u32 = 1;
const RECORD: u32 = 2;

/// What went wrong with the saved data on opening; shown in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreReport {
    /// The saved log could not be read; it was kept aside at `key` and the demo data loaded.
    KeptAside { key: String, reason: String },
    /// Nothing can be written; the desk works in memory until the page reloads.
    Unwritable { reason: String },
}

/// Events and the clock after them in one value, so one write keeps both or neither: in
/// version 1 every event, in version 2 the events of one write.
#[derive(Serialize, Deserialize)]
struct StoredLog<Events> {
    version: u32,
    events: Events,
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
    log: Arc<dyn RecordLog>,
    random: Arc<Mutex<dyn Randomness + Send>>,
}

fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; keep using it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LocalBackend {
    /// Opens the record log `log`: reads it; or, when it is empty, carries over the version 1
    /// log from `store`; or seeds the demo, whose events `demo` fetches only then. A log that
    /// cannot be read is kept aside, never dropped, and reported.
    pub async fn open(
        store: &dyn KeyValueStore,
        log: Arc<dyn RecordLog>,
        random: impl Randomness + Send + 'static,
        demo: impl Future<Output = Answer<Vec<Event>>>,
    ) -> Answer<(LocalBackend, Option<StoreReport>)> {
        let mut report = None;
        let mut found = None;
        match log.read().await {
            Ok(records) if !records.is_empty() => match read_records(&records) {
                Ok(kept) => found = Some(kept),
                Err(reason) => {
                    report = Some(match log.keep_aside().await {
                        Ok(key) => StoreReport::KeptAside { key, reason },
                        Err(error) => StoreReport::Unwritable { reason: error.0 },
                    })
                }
            },
            Ok(_) => {}
            Err(error) => report = Some(StoreReport::Unwritable { reason: error.0 }),
        }
        let mut unwritable = matches!(report, Some(StoreReport::Unwritable { .. }));
        // Nothing to write when the record log holds what was read.
        let mut write = found.is_none() && !unwritable;
        let mut carried = false;
        if found.is_none() && !matches!(report, Some(StoreReport::KeptAside { .. })) {
            match store.get(EVENTS_KEY) {
                Ok(Some(text)) => match read_log(&text, WHOLE_LOG) {
                    Ok(kept) => (found, carried) = (Some(kept), true),
                    Err(reason) => {
                        report = Some(match keep_aside(store, &text) {
                            Ok(key) => StoreReport::KeptAside { key, reason },
                            Err(error) => StoreReport::Unwritable { reason: error },
                        })
                    }
                },
                Ok(None) => {}
                Err(error) => report = report.or(Some(StoreReport::Unwritable { reason: error.0 })),
            }
        }
        let (events, now) = match found {
            Some((events, now)) => {
                let now = now.or_else(|| read_clock(store));
                (events, now.unwrap_or_else(seed::demo_now))
            }
            None => (demo.await?, seed::demo_now()),
        };
        unwritable |= matches!(report, Some(StoreReport::Unwritable { .. }));
        write &= !unwritable;
        if write {
            match log.replace(vec![record(&events, now)?]).await {
                Ok(()) if carried => {
                    // Kept in the record log now: the old keys only take up the 5 MB.
                    let _ = store.remove(EVENTS_KEY);
                    let _ = store.remove(CLOCK_KEY);
                }
                Ok(()) => {}
                Err(error) => {
                    unwritable = true;
                    report = Some(StoreReport::Unwritable { reason: error.0 });
                }
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
            log,
            random: Arc::new(Mutex::new(random)),
        };
        Ok((backend, report))
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

    /// The `number`th page of 50 of the list `query` reads for the signed-in user, as a table
    /// shows it; `None` for all of it.
    fn read_page<T>(
        &self,
        number: Option<usize>,
        query: impl FnOnce(&Desk, &User, DateTime<Utc>) -> Result<Vec<T>, Refusal>,
    ) -> Answer<Page<T>> {
        Ok(numbered_page(self.read(query)?, number))
    }

    /// Runs `intent` through the domain for the signed-in user and keeps its events and the
    /// clock in one record; if that cannot be kept, the desk and the clock go back to what was
    /// kept, so nothing unsaved shows.
    pub async fn execute(&self, intent: Intent) -> Answer<Reply> {
        let (kept, before, written, reply) = {
            let mut state = self.state();
            let actor = Self::signed_in(&state)?;
            let before = state.now;
            let executed = {
                let mut random = lock(&self.random);
                csp_domain::execute(&mut state.desk, &actor, before, &mut *random, intent)?
            };
            let written = if state.unwritable {
                None
            } else {
                Some(self.log.append(record(&executed.events, executed.now)?))
            };
            let kept = state.log.len();
            state.log.extend(executed.events);
            state.now = executed.now;
            (kept, before, written, executed.reply)
        };
        if let Some(written) = written {
            if written.await.is_err() {
                let mut state = self.state();
                // A write queued behind a failed one fails too, and finds its events gone.
                if state.log.len() > kept {
                    state.log.truncate(kept);
                    state.now = before;
                    state.desk = Desk::from_events(&state.log);
                }
                return Err(Unavailable::NotSaved.into());
            }
        }
        // Kept even if the answer could not be read: the events happened.
        Ok(reply?)
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
    pub async fn reset_demo(&self, demo: Vec<Event>) -> Answer<()> {
        let (events, now, unwritable) = {
            let state = self.state();
            let actor = Self::signed_in(&state)?;
            let (events, now) = execute::reset_demo(&actor, || demo)?;
            (events, now, state.unwritable)
        };
        if !unwritable {
            let records = vec![record(&events, now)?];
            self.log
                .replace(records)
                .await
                .map_err(|_| Unavailable::NotSaved)?;
        }
        let mut state = self.state();
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

    /// A page of a customer's orders, newest first; `None` for all of them.
    pub fn orders(&self, customer: CustomerId, number: Option<usize>) -> Answer<Page<Order>> {
        self.read_page(number, |desk, user, _| {
            queries::orders(desk, user, &customer)
        })
    }

    /// One order.
    pub fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.read(|desk, user, _| queries::order(desk, user, &customer, &order))
    }

    /// A page of the listed subscriptions; `None` for all of them.
    pub fn subscriptions(
        &self,
        customer: CustomerId,
        number: Option<usize>,
    ) -> Answer<Page<SubscriptionView>> {
        self.read_page(number, |desk, user, now| {
            queries::subscriptions(desk, user, &customer, now)
        })
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

    /// A page of the Software tab.
    pub fn software(&self, customer: CustomerId, number: usize) -> Answer<Page<SoftwareView>> {
        self.read_page(Some(number), |desk, user, now| {
            queries::software(desk, user, &customer, now)
        })
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

    /// A page of the credits the user may see, newest first; `None` for all of them.
    pub fn credits(&self, number: Option<usize>) -> Answer<Page<Credit>> {
        self.read_page(number, |desk, user, _| Ok(queries::credits(desk, user)))
    }

    /// Billing's chart of the credits the user may see.
    pub fn credits_by_month(&self) -> Answer<Vec<CreditsByMonth>> {
        self.read(|desk, user, now| Ok(queries::credits_chart(desk, user, now)))
    }

    /// A page of the charges the user may see, newest first.
    pub fn charges(&self, number: usize) -> Answer<Page<Charge>> {
        self.read_page(Some(number), |desk, user, _| {
            Ok(queries::charges(desk, user))
        })
    }

    /// A page of the activity log of a date range, newest first; `None` for all of it.
    pub fn activity(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        number: Option<usize>,
    ) -> Answer<Page<ActivityRecord>> {
        self.read_page(number, |desk, user, now| {
            queries::activity(desk, user, now, from, to)
        })
    }

    /// A page of the support requests, newest first, for partner users.
    pub fn support_requests(&self, number: usize) -> Answer<Page<SupportRequest>> {
        self.read_page(Some(number), |desk, user, _| {
            queries::support_requests(desk, user)
        })
    }

    /// One support request, for partner users.
    pub fn support_request(&self, id: SupportRequestId) -> Answer<SupportRequest> {
        self.read(|desk, user, _| queries::support_request(desk, user, &id))
    }

    /// Closing soon: the deadlines the filter asks for, soonest first.
    pub fn deadlines(
        &self,
        filter: DeadlineFilter,
        number: Option<usize>,
    ) -> Answer<Page<Deadline>> {
        self.read_page(number, |desk, user, now| {
            deadlines(desk, user, now, &filter)
        })
    }
}

/// The clock as logs saved before it moved into the log kept it.
fn read_clock(store: &dyn KeyValueStore) -> Option<DateTime<Utc>> {
    let text = store.get(CLOCK_KEY).ok().flatten()?;
    csp_domain::wire_time::parse_instant(&text)
}

fn read_log(text: &str, version: u32) -> Result<(Vec<Event>, Option<DateTime<Utc>>), String> {
    let stored: StoredLog<Vec<Event>> =
        crate::storage::from_json(text).map_err(|error| error.to_string())?;
    if stored.version != version {
        return Err(format!(
            "it is version {} of the store, this app reads version {version}",
            stored.version
        ));
    }
    Ok((stored.events, stored.now))
}

/// Every record's events in order, and the clock of the last.
fn read_records(records: &[String]) -> Result<(Vec<Event>, Option<DateTime<Utc>>), String> {
    let mut events = Vec::new();
    let mut now = None;
    for text in records {
        let (more, at) = read_log(text, RECORD)?;
        events.extend(more);
        now = at.or(now);
    }
    Ok((events, now))
}

/// The record of one write: its events and the clock after it.
fn record(events: &[Event], now: DateTime<Utc>) -> Answer<String> {
    let stored = StoredLog {
        version: RECORD,
        events,
        now: Some(now),
    };
    serde_json::to_string(&stored).map_err(|_| Unavailable::NotSaved.into())
}

/// Moves an unreadable version 1 log to `UNREADABLE_V1_KEY` and answers that key.
fn keep_aside(store: &dyn KeyValueStore, text: &str) -> Result<String, String> {
    store
        .set(UNREADABLE_V1_KEY, text)
        .and_then(|()| store.remove(EVENTS_KEY))
        .map_err(|error| error.0)?;
    Ok(UNREADABLE_V1_KEY.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{MemoryLog, MemoryStore};
    use csp_domain::LineRequest;

    /// The answer of `future`, which the memory stores make ready on its first poll.
    fn ready<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(answer) => answer,
            std::task::Poll::Pending => panic!("a memory store answers at once"),
        }
    }

    /// A browser's two stores: `localStorage` (where version 1 kept the log) and the record log.
    #[derive(Clone, Default)]
    struct Browser {
        store: Arc<MemoryStore>,
        log: Arc<MemoryLog>,
    }

    impl Browser {
        fn with_store(store: MemoryStore) -> Browser {
            Browser {
                store: Arc::new(store),
                ..Browser::default()
            }
        }

        fn records(&self) -> Vec<String> {
            ready(self.log.read()).unwrap()
        }
    }

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
        ready(backend.execute(intent)).map(|reply| reply.into_order().unwrap())
    }

    fn move_clock(backend: &LocalBackend, to: DateTime<Utc>) -> Answer<DateTime<Utc>> {
        let intent = Intent::MoveClock { to };
        ready(backend.execute(intent)).map(|reply| reply.into_clock().unwrap())
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

    fn open(browser: &Browser) -> (LocalBackend, Option<StoreReport>) {
        let demo = async { Ok(seed::demo_events()) };
        ready(LocalBackend::open(
            browser.store.as_ref(),
            browser.log.clone(),
            Counting(0),
            demo,
        ))
        .unwrap()
    }

    fn everyone() -> CustomerFilter {
        CustomerFilter::default()
    }

    fn id(text: &str) -> CustomerId {
        CustomerId(text.to_owned())
    }

    #[test]
    fn a_new_browser_starts_with_the_demo_customers_and_keeps_them() {
        let browser = Browser::default();
        let (backend, report) = open(&browser);
        assert_eq!(report, None);
        assert_eq!(
            backend.customers(everyone()).unwrap().total,
            seed::demo_customers().len()
        );
        assert_eq!(browser.records().len(), 1, "the demo is kept in one write");
        assert_eq!(browser.store.get(EVENTS_KEY).unwrap(), None);
        assert_eq!(backend.now().unwrap(), seed::demo_now());

        let (reopened, report) = open(&browser);
        assert_eq!(report, None);
        assert_eq!(
            reopened.customers(everyone()).unwrap(),
            backend.customers(everyone()).unwrap()
        );
    }

    #[test]
    fn a_corrupt_version_1_log_is_kept_aside_and_reported_not_dropped() {
        let earlier = "csp-desk.events.v1.unreadable.1";
        let browser = Browser::with_store(MemoryStore::with(&[
            (EVENTS_KEY, "{not json"),
            (earlier, "kept by version 1"),
        ]));
        let store = browser.store.clone();
        let (backend, report) = open(&browser);
        let Some(StoreReport::KeptAside { key, reason }) = report else {
            panic!("expected the store to be kept aside, got {report:?}");
        };
        assert_eq!(key, "csp-desk.events.v1.unreadable");
        assert!(!reason.is_empty());
        assert_eq!(store.get(&key).unwrap().as_deref(), Some("{not json"));
        assert_eq!(store.get(EVENTS_KEY).unwrap(), None);
        assert_eq!(
            store.get(earlier).unwrap().as_deref(),
            Some("kept by version 1")
        );
        assert_eq!(
            backend.customers(everyone()).unwrap().total,
            seed::demo_customers().len()
        );
        let (_, report) = open(&browser);
        assert_eq!(report, None, "reported once");
    }

    #[test]
    fn a_full_store_is_reported_and_the_desk_still_works_in_memory() {
        let browser = Browser {
            log: Arc::new(MemoryLog::full()),
            ..Browser::default()
        };
        let (backend, report) = open(&browser);
        assert!(matches!(report, Some(StoreReport::Unwritable { .. })));
        assert!(backend.is_unwritable());
        assert!(backend.customers(everyone()).unwrap().total >= 12);
    }

    #[test]
    fn the_list_narrows_by_search_and_market_but_counts_everyone() {
        let (backend, _) = open(&Browser::default());
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
        let (backend, _) = open(&Browser::default());
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
        let (backend, _) = open(&Browser::default());
        let subscription = backend
            .subscriptions(id("adatum"), Some(1))
            .unwrap()
            .items
            .remove(0)
            .subscription
            .id;
        backend.sign_in(UserId("sam".into())).unwrap();
        let refused = ready(backend.execute(Intent::CancelSubscription {
            customer: id("adatum"),
            subscription: subscription.clone(),
            acknowledged: true,
        }))
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
        let (backend, _) = open(&Browser::default());
        backend.sign_in(UserId("contoso-admin".into())).unwrap();
        assert_eq!(backend.customers(everyone()).unwrap().total, 1);
        assert!(backend.software(id("contoso"), 1).is_ok());
        assert!(matches!(
            backend.software(id("fabrikam"), 1),
            Err(BackendError::Refused(Refusal::NotYourCustomer { .. }))
        ));
    }

    #[test]
    fn an_order_survives_a_reload_and_a_failed_save_changes_nothing() {
        let browser = Browser::default();
        let (backend, _) = open(&browser);
        let line = LineRequest {
            quantity: 2,
            ..some_line(&backend)
        };
        let order = place_order(&backend, id("fabrikam"), vec![line.clone()]).unwrap();
        let (reopened, _) = open(&browser);
        assert_eq!(
            reopened.order(id("fabrikam"), order.id.clone()).unwrap(),
            order
        );

        let unknown_user = backend.sign_in(UserId("nobody".into()));
        assert!(unknown_user.is_err(), "an unknown user cannot sign in");
        let before = backend.orders(id("fabrikam"), None).unwrap().items;
        let failing = LocalBackend {
            log: Arc::new(MemoryLog::full()),
            ..backend.clone()
        };
        assert_eq!(
            place_order(&failing, id("fabrikam"), vec![line]),
            Err(BackendError::Unavailable(Unavailable::NotSaved))
        );
        assert_eq!(
            backend.orders(id("fabrikam"), None).unwrap().items,
            before,
            "the unsaved order is not shown"
        );
    }

    #[test]
    fn the_clock_moves_forward_only_and_survives_a_reload_and_reset_restores_the_demo() {
        let browser = Browser::default();
        let (backend, _) = open(&browser);
        let later = seed::demo_now() + chrono::Duration::days(7);
        assert_eq!(move_clock(&backend, later).unwrap(), later);
        assert_eq!(
            move_clock(&backend, seed::demo_now()),
            Err(BackendError::Refused(Refusal::ClockBackwards {
                now: later
            }))
        );
        let (reopened, _) = open(&browser);
        assert_eq!(reopened.now().unwrap(), later);

        place_order(&reopened, id("fabrikam"), vec![some_line(&reopened)]).unwrap();
        ready(reopened.reset_demo(seed::demo_events())).unwrap();
        assert_eq!(reopened.now().unwrap(), seed::demo_now());
        let (fresh, _) = open(&Browser::default());
        assert_eq!(
            reopened.orders(id("fabrikam"), None).unwrap().items,
            fresh.orders(id("fabrikam"), None).unwrap().items
        );
    }

    #[test]
    fn a_clock_move_that_cannot_be_saved_leaves_the_clock_and_its_renewals_unmoved() {
        let (backend, _) = open(&Browser::default());
        let before = backend.subscriptions(id("adatum"), None).unwrap().items;
        let failing = LocalBackend {
            log: Arc::new(MemoryLog::full()),
            ..backend.clone()
        };
        let a_year_on = seed::demo_now() + chrono::Duration::days(400);
        assert_eq!(
            move_clock(&failing, a_year_on),
            Err(BackendError::Unavailable(Unavailable::NotSaved))
        );
        assert_eq!(backend.now().unwrap(), seed::demo_now());
        assert_eq!(
            backend.subscriptions(id("adatum"), None).unwrap().items,
            before
        );
    }

    #[test]
    fn the_clock_is_kept_in_the_same_record_as_the_events_of_its_write() {
        let browser = Browser::default();
        let (backend, _) = open(&browser);
        let later = seed::demo_now() + chrono::Duration::days(3);
        move_clock(&backend, later).unwrap();
        let records = browser.records();
        assert_eq!(records.len(), 2, "the demo's record and the clock's");
        let at = later.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        assert!(records[1].contains(&at), "{}", records[1]);
        assert!(
            !records[1].contains("customerAdded"),
            "only the new events are written"
        );
    }

    /// Each write adds one record and leaves the ones before it as they were, so a write costs
    /// the same at the 10th event as at the 200,000th.
    #[test]
    fn a_change_appends_one_record_and_rewrites_none() {
        let browser = Browser::default();
        let (backend, _) = open(&browser);
        let before = browser.records();
        let csv = "name,defaultDomain,tenantId,market,currency\r\nZeta,zeta.onmicrosoft.com,00000000-0000-4000-8000-000000000001,DE,EUR\r\n";
        ready(backend.execute(Intent::ImportCustomers {
            csv: csv.to_owned(),
        }))
        .unwrap();
        let after = browser.records();
        assert_eq!(after.len(), before.len() + 1);
        assert_eq!(after[..before.len()], before[..]);
        let (reopened, _) = open(&browser);
        assert_eq!(
            reopened.customers(everyone()).unwrap().total,
            seed::demo_customers().len() + 1
        );
    }

    /// A browser that used version 1 kept its whole log under one `localStorage` key: the first
    /// start of this version carries it into the record log with nothing lost, then frees the key.
    #[test]
    fn a_version_1_log_is_carried_over_with_nothing_lost() {
        let used = Browser::default();
        let (backend, _) = open(&used);
        let order = place_order(&backend, id("fabrikam"), vec![some_line(&backend)]).unwrap();
        let later = seed::demo_now() + chrono::Duration::days(40);
        move_clock(&backend, later).unwrap();
        let events = lock(&backend.state).log.clone();
        let saved = serde_json::json!({ "version": 1, "events": events, "now": later });

        let old = Browser::with_store(MemoryStore::with(&[(EVENTS_KEY, &saved.to_string())]));
        let (carried, report) = open(&old);
        assert_eq!(report, None);
        assert_eq!(carried.now().unwrap(), later);
        assert_eq!(
            carried.order(id("fabrikam"), order.id.clone()).unwrap(),
            backend.order(id("fabrikam"), order.id).unwrap()
        );
        assert_eq!(
            carried.subscriptions(id("adatum"), None).unwrap().items,
            backend.subscriptions(id("adatum"), None).unwrap().items
        );
        assert_eq!(lock(&carried.state).log, events);
        assert_eq!(old.records().len(), 1);
        assert_eq!(
            old.store.get(EVENTS_KEY).unwrap(),
            None,
            "the 5 MB is freed"
        );

        // Once carried over, the record log is what opens.
        let (reopened, _) = open(&old);
        assert_eq!(lock(&reopened.state).log, events);
    }

    /// A log as version 1 saved it, kept as a file that is never regenerated: the demo, then a
    /// customer imported, an order placed and the clock moved by 10 days.
    const SAVED_V1: &str = include_str!("../../end2end/fixtures/store-v1.json");

    #[test]
    fn a_log_saved_by_version_1_opens_with_everything_in_it() {
        let old = Browser::with_store(MemoryStore::with(&[(EVENTS_KEY, SAVED_V1)]));
        let (carried, report) = open(&old);
        assert_eq!(report, None);
        assert_eq!(lock(&carried.state).log.len(), 47);
        assert_eq!(
            carried.now().unwrap().to_rfc3339(),
            "2021-11-25T10:00:00+00:00"
        );
        let kept = carried
            .customer(id("11111111-2222-4333-8444-555555555555"))
            .unwrap();
        assert_eq!(kept.name, "Kept From Version One");
        let order = carried
            .order(id("fabrikam"), OrderId("ORD-A3UME7YRJB".to_owned()))
            .unwrap();
        assert_eq!(order.lines[0].quantity, 3);
        assert_eq!(old.store.get(EVENTS_KEY).unwrap(), None);
    }

    #[test]
    fn a_version_1_log_saved_before_the_clock_moved_in_keeps_its_clock() {
        let old = Browser::with_store(MemoryStore::with(&[
            (EVENTS_KEY, r#"{"version":1,"events":[]}"#),
            (CLOCK_KEY, "2021-12-01T10:00:00Z"),
        ]));
        let (reopened, _) = open(&old);
        assert_eq!(
            reopened.now().unwrap().to_rfc3339(),
            "2021-12-01T10:00:00+00:00"
        );
        assert_eq!(old.store.get(CLOCK_KEY).unwrap(), None);
    }

    #[test]
    fn an_unreadable_record_log_is_kept_aside_whole_and_the_demo_loads() {
        let browser = Browser::default();
        let (backend, _) = open(&browser);
        place_order(&backend, id("fabrikam"), vec![some_line(&backend)]).unwrap();
        ready(browser.log.append("{oops".to_owned())).unwrap();
        let damaged = browser.records();

        let (reopened, report) = open(&browser);
        let Some(StoreReport::KeptAside { key, reason }) = report else {
            panic!("expected the log to be kept aside, got {report:?}");
        };
        assert_eq!(key, "csp-desk.events.v2.unreadable.1");
        assert!(!reason.is_empty());
        assert_eq!(browser.log.kept_aside(1), Some(damaged));
        assert_eq!(
            reopened.customers(everyone()).unwrap().total,
            seed::demo_customers().len()
        );
        assert_eq!(browser.records().len(), 1, "the demo, kept anew");
    }

    /// Lists that name customers (Billing, the activity log) carry each customer's name: 600
    /// customers sorting before the demo's still leave Fabrikam named, with no page of
    /// customers read.
    #[test]
    fn charges_name_their_customers_however_many_customers_there_are() {
        let (backend, _) = open(&Browser::default());
        let mut csv = String::from("name,defaultDomain,tenantId,market,currency\r\n");
        for n in 1..=600 {
            csv += &format!(
                "Aaa {n:03},aaa{n:03}.onmicrosoft.com,00000000-0000-4000-8000-{n:012},DE,EUR\r\n"
            );
        }
        ready(backend.execute(Intent::ImportCustomers { csv })).unwrap();
        let charges = backend.charges(1).unwrap().items;
        assert!(charges.iter().all(|c| c.customer_name != c.customer.0));
        let fabrikam = charges.iter().find(|c| c.customer.0 == "fabrikam").unwrap();
        assert_eq!(fabrikam.customer_name, "Fabrikam Inc");
    }

    fn some_line(backend: &LocalBackend) -> LineRequest {
        let offer = backend
            .offers(id("fabrikam"))
            .unwrap()
            .into_iter()
            .find(|o| o.unavailable.is_none())
            .unwrap();
        LineRequest {
            sku: offer.sku,
            quantity: 1,
            billing_plan: offer.plans[0],
        }
    }
}
