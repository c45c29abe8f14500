//! The embedded backend: an append-only event log in `localStorage`, folded into a `Desk`,
//! with the simulation clock beside it. Every call is decided by `csp-domain` for the
//! signed-in user, exactly as the server decides it.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::service::{link_holder, Outcome, Randomness, Service};
use csp_domain::sort::{sort_and_dedup, sort_by};
use csp_domain::view::{self, DownloadFile, LinkView, Offer, SoftwareView, SubscriptionView};
use csp_domain::{
    seed, ActivityRecord, BillingPlan, CancelOption, Credit, Customer, CustomerId, Desk, Event,
    ItemId, LineRequest, LinkToken, Order, OrderId, ProductKey, Refusal, Selection, SupportRequest,
    SupportRequestForm, User, UserId, Window,
};
use serde::{Deserialize, Serialize};

use super::{Answer, BackendError, CustomerFilter, CustomerList};
use crate::storage::KeyValueStore;

/// Where the event log is kept. The version moves when the stored shape changes.
pub const EVENTS_KEY: &str = "csp-desk.events.v1";
/// Where the simulation clock's now is kept.
pub const CLOCK_KEY: &str = "csp-desk.clock.v1";
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
    pub fn open(
        store: Arc<dyn KeyValueStore>,
        random: impl Randomness + Send + 'static,
    ) -> (LocalBackend, Option<StoreReport>) {
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
        let now = read_clock(store.as_ref()).unwrap_or_else(seed::demo_now);
        let mut unwritable = matches!(report, Some(StoreReport::Unwritable { .. }));
        if !unwritable {
            if let Err(reason) =
                write_log(store.as_ref(), &events).and_then(|()| write_clock(store.as_ref(), now))
            {
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
            .ok_or_else(|| BackendError::Unavailable(format!("there is no user {}", state.user)))
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

    /// Runs a use case for `actor` (the signed-in user if `None`) and keeps its events; if
    /// they cannot be kept, the desk goes back to the log that was kept, so nothing unsaved shows.
    fn command<T>(
        &self,
        actor: Option<User>,
        run: impl FnOnce(&mut Service<'_>) -> Result<Outcome<T>, Refusal>,
    ) -> Answer<T> {
        let mut state = self.state();
        let actor = match actor {
            Some(actor) => actor,
            None => Self::signed_in(&state)?,
        };
        let now = state.now;
        let outcome = {
            let mut random = lock(&self.random);
            let mut service = Service {
                desk: &mut state.desk,
                actor: &actor,
                now,
                random: &mut *random,
            };
            run(&mut service)
        };
        // A refusal applied nothing: the desk is still the log's.
        let outcome = outcome?;
        let kept = state.log.len();
        state.log.extend(outcome.events);
        if !state.unwritable {
            if let Err(reason) = write_log(self.store.as_ref(), &state.log) {
                state.log.truncate(kept);
                state.desk = Desk::from_events(&state.log);
                return Err(BackendError::Unavailable(format!(
                    "the change could not be saved ({reason})"
                )));
            }
        }
        // Kept even if the answer could not be read: the events happened.
        Ok(outcome.answer?)
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

    /// Moves the clock forward and records the terms that ended on the way.
    pub fn move_clock(&self, to: DateTime<Utc>) -> Answer<DateTime<Utc>> {
        {
            let mut state = self.state();
            if to < state.now {
                return Err(BackendError::Unavailable(
                    "the simulation clock only moves forward; reset the demo data to start over"
                        .to_owned(),
                ));
            }
            if !state.unwritable {
                write_clock(self.store.as_ref(), to).map_err(BackendError::Unavailable)?;
            }
            state.now = to;
        }
        self.command(None, |service| service.end_due_terms())?;
        Ok(to)
    }

    /// Starts over from the demo data and the demo clock.
    pub fn reset_demo(&self) -> Answer<()> {
        let mut state = self.state();
        let events = seed::demo_events();
        let now = seed::demo_now();
        if !state.unwritable {
            write_log(self.store.as_ref(), &events)
                .and_then(|()| write_clock(self.store.as_ref(), now))
                .map_err(BackendError::Unavailable)?;
        }
        state.desk = Desk::from_events(&events);
        state.log = events;
        state.now = now;
        Ok(())
    }

    /// The customers that match `filter`.
    pub fn customers(&self, filter: CustomerFilter) -> Answer<CustomerList> {
        self.read(|desk, user, _| {
            let all = view::customers(desk, user);
            let mut markets: Vec<_> = all.iter().map(|customer| customer.market).collect();
            sort_and_dedup(&mut markets);
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
        })
    }

    /// One customer.
    pub fn customer(&self, id: CustomerId) -> Answer<Customer> {
        self.read(|desk, user, _| view::readable_customer(desk, user, &id).cloned())
    }

    /// What Add products offers.
    pub fn offers(&self, customer: CustomerId) -> Answer<Vec<Offer>> {
        self.read(|desk, user, now| view::offers(desk, user, &customer, now))
    }

    /// Places an order.
    pub fn place_order(&self, customer: CustomerId, lines: Vec<LineRequest>) -> Answer<Order> {
        self.command(None, |service| service.place_order(&customer, lines))
    }

    /// Every order of a customer.
    pub fn orders(&self, customer: CustomerId) -> Answer<Vec<Order>> {
        self.read(|desk, user, _| view::orders(desk, user, &customer))
    }

    /// One order.
    pub fn order(&self, customer: CustomerId, order: OrderId) -> Answer<Order> {
        self.read(|desk, user, _| view::order(desk, user, &customer, &order))
    }

    /// The listed subscriptions.
    pub fn subscriptions(&self, customer: CustomerId) -> Answer<Vec<SubscriptionView>> {
        self.read(|desk, user, now| view::subscriptions(desk, user, &customer, now))
    }

    /// One subscription.
    pub fn subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
    ) -> Answer<SubscriptionView> {
        self.read(|desk, user, now| view::subscription(desk, user, &customer, &subscription, now))
    }

    /// Turns autorenew on or off.
    pub fn set_autorenew(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        enabled: bool,
    ) -> Answer<SubscriptionView> {
        self.command(None, |service| {
            service.set_autorenew(&customer, &subscription, enabled)
        })
    }

    /// Changes the billing frequency.
    pub fn set_billing_plan(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        plan: BillingPlan,
    ) -> Answer<SubscriptionView> {
        self.command(None, |service| {
            service.set_billing_plan(&customer, &subscription, plan)
        })
    }

    /// Cancels a subscription.
    pub fn cancel_subscription(
        &self,
        customer: CustomerId,
        subscription: ItemId,
        acknowledged: bool,
    ) -> Answer<SubscriptionView> {
        self.command(None, |service| {
            service.cancel_subscription(&customer, &subscription, acknowledged)
        })
    }

    /// The Software tab.
    pub fn software(&self, customer: CustomerId) -> Answer<Vec<SoftwareView>> {
        self.read(|desk, user, now| view::software(desk, user, &customer, now))
    }

    /// The cancel dialog's orders of a product.
    pub fn cancel_options(
        &self,
        customer: CustomerId,
        product: String,
    ) -> Answer<Vec<CancelOption>> {
        self.read(|desk, user, now| {
            view::readable_customer(desk, user, &customer)?;
            Ok(desk.cancel_options(&customer, &product, now))
        })
    }

    /// Cancels lines of an order.
    pub fn cancel_order_lines(
        &self,
        customer: CustomerId,
        order: OrderId,
        lines: Vec<u32>,
        acknowledged: bool,
    ) -> Answer<Order> {
        self.command(None, |service| {
            service.cancel_order_lines(&customer, &order, lines, acknowledged)
        })
    }

    /// Shows the product key.
    pub fn reveal_key(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<ProductKey> {
        self.command(None, |service| {
            service.reveal_key(&customer, &item, selection)
        })
    }

    /// Issues a fresh download link.
    pub fn issue_download_link(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<LinkView> {
        self.command(None, |service| {
            service.issue_download_link(&customer, &item, selection)
        })
    }

    /// Downloads the bits.
    pub fn download(
        &self,
        customer: CustomerId,
        item: ItemId,
        selection: Selection,
    ) -> Answer<DownloadFile> {
        self.command(None, |service| {
            service.download(&customer, &item, selection)
        })
    }

    /// A link by its token; the token is the credential.
    pub fn link(&self, token: LinkToken) -> Answer<LinkView> {
        let state = self.state();
        Ok(view::link(&state.desk, &token, state.now)?)
    }

    /// Downloads through a link, as whoever holds it.
    pub fn download_via_link(&self, token: LinkToken) -> Answer<DownloadFile> {
        self.command(Some(link_holder()), |service| {
            service.download_via_link(&token)
        })
    }

    /// The credits the user may see, newest first.
    pub fn credits(&self) -> Answer<Vec<Credit>> {
        self.read(|desk, user, _| {
            let mut credits: Vec<Credit> = desk
                .credits()
                .iter()
                .filter(|credit| {
                    user.own_customer()
                        .is_none_or(|own| own == &credit.customer)
                })
                .cloned()
                .collect();
            sort_by(&mut credits, |a, b| b.booked_at.cmp(&a.booked_at));
            Ok(credits)
        })
    }

    /// The activity log of a date range.
    pub fn activity(&self, from: NaiveDate, to: NaiveDate) -> Answer<Vec<ActivityRecord>> {
        self.read(|desk, user, _| {
            Ok(desk
                .activity(user, Window::days(from, to))?
                .into_iter()
                .cloned()
                .collect())
        })
    }

    /// The support requests, newest first, for partner users.
    pub fn support_requests(&self) -> Answer<Vec<SupportRequest>> {
        self.read(|desk, user, _| {
            if user.own_customer().is_some() {
                return Err(Refusal::MissingRole {
                    action: csp_domain::Action::FileSupportRequest,
                    needs: Vec::new(),
                });
            }
            let mut requests: Vec<SupportRequest> =
                desk.support_requests().into_iter().cloned().collect();
            sort_by(&mut requests, |a, b| b.filed_at.cmp(&a.filed_at));
            Ok(requests)
        })
    }

    /// Files a support request.
    pub fn file_support_request(&self, form: SupportRequestForm) -> Answer<SupportRequest> {
        self.command(None, |service| service.file_support_request(form))
    }
}

fn read_clock(store: &dyn KeyValueStore) -> Option<DateTime<Utc>> {
    let text = store.get(CLOCK_KEY).ok().flatten()?;
    DateTime::parse_from_rfc3339(&text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

fn write_clock(store: &dyn KeyValueStore, now: DateTime<Utc>) -> Result<(), String> {
    store
        .set(CLOCK_KEY, &now.to_rfc3339())
        .map_err(|error| error.0)
}

fn read_log(text: &str) -> Result<Vec<Event>, String> {
    let stored: StoredLog = crate::storage::from_json(text).map_err(|error| error.to_string())?;
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
        LocalBackend::open(store.clone(), Counting(0))
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
        assert!(error.to_string().contains("nobody"));
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
            .cancel_subscription(id("adatum"), subscription.clone(), true)
            .unwrap_err();
        assert!(refused.to_string().contains("Admin agent"), "{refused}");
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
        let order = backend
            .place_order(id("fabrikam"), vec![line.clone()])
            .unwrap();
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
        assert!(matches!(
            failing.place_order(id("fabrikam"), vec![line]),
            Err(BackendError::Unavailable(_))
        ));
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
        assert_eq!(backend.move_clock(later).unwrap(), later);
        assert!(backend.move_clock(seed::demo_now()).is_err());
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
        reopened.place_order(id("fabrikam"), vec![line]).unwrap();
        reopened.reset_demo().unwrap();
        assert_eq!(reopened.now().unwrap(), seed::demo_now());
        let (fresh, _) = open(&Arc::new(MemoryStore::default()));
        assert_eq!(
            reopened.orders(id("fabrikam")).unwrap(),
            fresh.orders(id("fabrikam")).unwrap()
        );
    }
}
