//! The one command path both backends run: a page's [`Intent`] becomes a [`Command`] with
//! fresh ids, keys and tokens, is decided, applied to the desk, and answered.
//!
//! An intent that is refused has applied nothing. One that is not has applied its events to
//! the desk and returns them with the clock: the backend keeps both in one write (in
//! `localStorage` or one SQLite transaction). If it cannot, it must rebuild its desk from the
//! log it did keep, so nothing unsaved is shown.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::catalog::BillingPlan;
use crate::command::{Command, LineRequest};
use crate::customer::{customers_from_csv, Customer, CustomerForm, CustomerId};
use crate::decide::decide;
use crate::desk::Desk;
use crate::event::Event;
use crate::item::{ItemId, LinkToken, ProductKey, Selection};
use crate::order::{Order, OrderId};
use crate::queries::{self, DownloadFile, LinkView, SubscriptionView};
use crate::refusal::Refusal;
use crate::role::{Action, User, UserId};
use crate::seed;
use crate::support::{SupportRequest, SupportRequestForm, SupportRequestId, SupportRequestStatus};
use crate::time::utc;
use crate::vl::{mak_deadline, MakDeadline};

/// A source of unpredictable bytes: the browser's `crypto.getRandomValues`, the server's OS
/// generator, or a fixed sequence in tests.
pub trait Randomness {
    /// Fills `bytes` with random bytes.
    fn fill(&mut self, bytes: &mut [u8]);
}

const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const TOKEN_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `length` characters of `alphabet`, whose size divides 256 so every character is equally likely.
fn random_text(random: &mut dyn Randomness, alphabet: &[u8], length: usize) -> String {
    let mut bytes = vec![0; length];
    random.fill(&mut bytes);
    bytes
        .iter()
        .map(|byte| alphabet[*byte as usize % alphabet.len()] as char)
        .collect()
}

/// A new 32-character product key (letters and digits, no look-alikes).
pub fn new_product_key(random: &mut dyn Randomness) -> ProductKey {
    ProductKey(random_text(random, CODE_ALPHABET, ProductKey::LENGTH))
}

/// A new unguessable link token: 32 URL-safe characters, 192 bits.
pub fn new_link_token(random: &mut dyn Randomness) -> LinkToken {
    LinkToken(random_text(random, TOKEN_ALPHABET, 32))
}

/// Who downloads through a link: whoever holds it; the link is the credential.
pub fn link_holder() -> User {
    User::Partner {
        id: UserId("link-holder".to_owned()),
        name: "Anyone with the link".to_owned(),
        roles: Vec::new(),
    }
}

/// What a page asks a backend to do: a [`Command`] before the ids, keys and tokens that
/// [`execute`] draws for it. Every change goes through here, on both backends.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Add a customer from the "Add customer" form.
    AddCustomer {
        /// The form as typed.
        form: CustomerForm,
    },
    /// Add every customer of a CSV file, or none.
    ImportCustomers {
        /// The file's text.
        csv: String,
    },
    /// Add products: place and pay an order.
    PlaceOrder {
        /// The customer.
        customer: CustomerId,
        /// The lines.
        lines: Vec<LineRequest>,
    },
    /// Cancel lines of an order (a perpetual purchase within its 30 days).
    CancelOrderLines {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: OrderId,
        /// The line numbers.
        lines: Vec<u32>,
        /// The "I have read the important message" checkbox.
        acknowledged: bool,
    },
    /// Cancel a subscription inside its 7-day window.
    CancelSubscription {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The dialog's "Yes".
        acknowledged: bool,
    },
    /// Turn autorenew on or off.
    SetAutorenew {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// On or off.
        enabled: bool,
    },
    /// Change the billing frequency from the next term.
    SetBillingPlan {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The new plan.
        plan: BillingPlan,
    },
    /// Get key (the first reveal gives the purchase its key); logged.
    RevealKey {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
    },
    /// Copy link: a fresh download link for the customer; logged.
    IssueDownloadLink {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
    },
    /// Download the bits from the Software page; logged.
    Download {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
    },
    /// Download through a link, counting one of its 50; logged as [`link_holder`], whoever
    /// asks.
    DownloadViaLink {
        /// The link's token.
        token: LinkToken,
    },
    /// File a support request.
    FileSupportRequest {
        /// The form.
        form: SupportRequestForm,
    },
    /// Move a support request to another state.
    SetSupportRequestStatus {
        /// The request.
        id: SupportRequestId,
        /// The new state.
        status: SupportRequestStatus,
    },
    /// Add information to a support request; one that needed attention is open again.
    AddSupportRequestNote {
        /// The request.
        id: SupportRequestId,
        /// The information.
        text: String,
    },
    /// Remember the VL to CSP helper's MAK deadline for a customer, for Closing soon.
    RememberMakDeadline {
        /// The customer moving from volume licensing.
        customer: CustomerId,
        /// The last KMS activation day typed.
        last_kms_activation: NaiveDate,
    },
    /// Move the simulation clock forward; the terms that end on the way renew or expire.
    MoveClock {
        /// The new now.
        to: DateTime<Utc>,
    },
}

/// What a page is shown after an intent, the same from both backends.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The order placed or changed.
    Order(Order),
    /// The subscription changed (boxed: it is the largest reply by far).
    Subscription(Box<SubscriptionView>),
    /// The product key.
    Key(ProductKey),
    /// The download link issued.
    Link(LinkView),
    /// The file downloaded.
    File(DownloadFile),
    /// The support request filed or changed.
    SupportRequest(SupportRequest),
    /// The clock's new now.
    Clock(DateTime<Utc>),
    /// The customer added.
    Customer(Customer),
    /// The customers an import added.
    Customers(Vec<Customer>),
    /// The MAK deadline remembered.
    MakDeadline(MakDeadline),
}

impl Reply {
    /// The order, when this answers with one.
    pub fn into_order(self) -> Option<Order> {
        match self {
            Reply::Order(order) => Some(order),
            _ => None,
        }
    }

    /// The subscription, when this answers with one.
    pub fn into_subscription(self) -> Option<SubscriptionView> {
        match self {
            Reply::Subscription(subscription) => Some(*subscription),
            _ => None,
        }
    }

    /// The product key, when this answers with one.
    pub fn into_key(self) -> Option<ProductKey> {
        match self {
            Reply::Key(key) => Some(key),
            _ => None,
        }
    }

    /// The download link, when this answers with one.
    pub fn into_link(self) -> Option<LinkView> {
        match self {
            Reply::Link(link) => Some(link),
            _ => None,
        }
    }

    /// The file, when this answers with one.
    pub fn into_file(self) -> Option<DownloadFile> {
        match self {
            Reply::File(file) => Some(file),
            _ => None,
        }
    }

    /// The support request, when this answers with one.
    pub fn into_support_request(self) -> Option<SupportRequest> {
        match self {
            Reply::SupportRequest(request) => Some(request),
            _ => None,
        }
    }

    /// The customer, when this answers with one.
    pub fn into_customer(self) -> Option<Customer> {
        match self {
            Reply::Customer(customer) => Some(customer),
            _ => None,
        }
    }

    /// The customers imported, when this answers with them.
    pub fn into_customers(self) -> Option<Vec<Customer>> {
        match self {
            Reply::Customers(customers) => Some(customers),
            _ => None,
        }
    }

    /// The MAK deadline, when this answers with one.
    pub fn into_mak_deadline(self) -> Option<MakDeadline> {
        match self {
            Reply::MakDeadline(deadline) => Some(deadline),
            _ => None,
        }
    }

    /// The clock's now, when this answers with it.
    pub fn into_clock(self) -> Option<DateTime<Utc>> {
        match self {
            Reply::Clock(now) => Some(now),
            _ => None,
        }
    }
}

/// What an accepted intent did.
#[derive(Debug, Clone, PartialEq)]
pub struct Executed {
    /// The events, already applied to the desk; the backend must keep them.
    pub events: Vec<Event>,
    /// The clock after the intent (moved only by [`Intent::MoveClock`]); kept in the same write.
    pub now: DateTime<Utc>,
    /// What the page shows. Reading it after the events cannot fail while the rules hold; if
    /// it ever did, the events happened all the same and are kept.
    pub reply: Result<Reply, Refusal>,
}

/// How far one move may take the simulation clock: ten years, enough to watch any term renew.
pub const MAX_CLOCK_MOVE_DAYS: i64 = 3_653;

/// The furthest the clock goes: the end of the last year the desk works with.
pub fn clock_limit() -> DateTime<Utc> {
    utc(crate::time::LATEST_YEAR + 1, 1, 1) - Duration::seconds(1)
}

/// The furthest the clock may move from `now` in one move.
pub fn latest_move(now: DateTime<Utc>) -> DateTime<Utc> {
    (now + Duration::days(MAX_CLOCK_MOVE_DAYS)).min(clock_limit())
}

/// Checks a move of the clock from `now` to `to`: forward only, and not too far.
pub fn check_clock_move(now: DateTime<Utc>, to: DateTime<Utc>) -> Result<(), Refusal> {
    if to < now {
        return Err(Refusal::ClockBackwards { now });
    }
    let latest = latest_move(now);
    if to > latest {
        return Err(Refusal::ClockTooFar { latest });
    }
    Ok(())
}

fn code(random: &mut dyn Randomness, prefix: &str) -> String {
    format!("{prefix}-{}", random_text(random, CODE_ALPHABET, 10))
}

/// What an accepted command is answered with, read from the desk once its events applied.
enum Answer {
    Order(CustomerId, OrderId),
    Subscription(CustomerId, ItemId),
    Key(ItemId),
    Link(LinkToken),
    // The file is named before the download, which changes nothing it is named after.
    File(Option<DownloadFile>, ItemId),
    LinkFile(LinkToken),
    SupportRequest(SupportRequestId),
    Clock,
    Customer(CustomerId),
    Customers(Vec<CustomerId>),
    MakDeadline(CustomerId),
}

/// Runs `intent` for `actor` at `now`: draws what it needs from `random`, decides it, applies
/// its events to `desk`, and answers. A refusal applies nothing.
pub fn execute(
    desk: &mut Desk,
    actor: &User,
    now: DateTime<Utc>,
    random: &mut dyn Randomness,
    intent: Intent,
) -> Result<Executed, Refusal> {
    // The link is the credential: whoever holds it downloads, and the log says so.
    let holder;
    let actor = if matches!(intent, Intent::DownloadViaLink { .. }) {
        holder = link_holder();
        &holder
    } else {
        actor
    };
    let mut clock = now;
    let (command, answer) = match intent {
        Intent::AddCustomer { form } => {
            actor.require(Action::BuyProducts)?;
            let customer = form.customer(desk)?;
            let answer = Answer::Customer(customer.id.clone());
            (Command::AddCustomer { customer }, answer)
        }
        Intent::ImportCustomers { csv } => {
            actor.require(Action::BuyProducts)?;
            let customers = customers_from_csv(desk, &csv)?;
            let answer = Answer::Customers(customers.iter().map(|c| c.id.clone()).collect());
            (Command::ImportCustomers { customers }, answer)
        }
        Intent::PlaceOrder { customer, lines } => {
            let order = OrderId(code(random, "ORD"));
            let answer = Answer::Order(customer.clone(), order.clone());
            let command = Command::PlaceOrder {
                customer,
                order,
                lines,
            };
            (command, answer)
        }
        Intent::CancelOrderLines {
            customer,
            order,
            lines,
            acknowledged,
        } => {
            let answer = Answer::Order(customer.clone(), order.clone());
            let command = Command::CancelOrderLines {
                customer,
                order,
                lines,
                acknowledged,
            };
            (command, answer)
        }
        Intent::CancelSubscription {
            customer,
            subscription,
            acknowledged,
        } => {
            let answer = Answer::Subscription(customer.clone(), subscription.clone());
            let command = Command::CancelSubscription {
                customer,
                subscription,
                acknowledged,
            };
            (command, answer)
        }
        Intent::SetAutorenew {
            customer,
            subscription,
            enabled,
        } => {
            let answer = Answer::Subscription(customer.clone(), subscription.clone());
            let command = Command::SetAutorenew {
                customer,
                subscription,
                enabled,
            };
            (command, answer)
        }
        Intent::SetBillingPlan {
            customer,
            subscription,
            plan,
        } => {
            let answer = Answer::Subscription(customer.clone(), subscription.clone());
            let command = Command::SetBillingPlan {
                customer,
                subscription,
                plan,
            };
            (command, answer)
        }
        Intent::RevealKey {
            customer,
            item,
            selection,
        } => {
            let answer = Answer::Key(item.clone());
            let key = new_product_key(random);
            let command = Command::RevealKey {
                customer,
                item,
                selection,
                key,
            };
            (command, answer)
        }
        Intent::IssueDownloadLink {
            customer,
            item,
            selection,
        } => {
            let token = new_link_token(random);
            let answer = Answer::Link(token.clone());
            let command = Command::IssueDownloadLink {
                customer,
                item,
                selection,
                token,
            };
            (command, answer)
        }
        Intent::Download {
            customer,
            item,
            selection,
        } => {
            let file = desk
                .item(&item)
                .map(|found| queries::download_file(found.product_id(), &selection));
            let answer = Answer::File(file, item.clone());
            let command = Command::Download {
                customer,
                item,
                selection,
            };
            (command, answer)
        }
        Intent::DownloadViaLink { token } => {
            let answer = Answer::LinkFile(token.clone());
            (Command::DownloadViaLink { token }, answer)
        }
        Intent::FileSupportRequest { form } => {
            let id = SupportRequestId(code(random, "SR"));
            let answer = Answer::SupportRequest(id.clone());
            (Command::FileSupportRequest { id, form }, answer)
        }
        Intent::SetSupportRequestStatus { id, status } => {
            let answer = Answer::SupportRequest(id.clone());
            (Command::SetSupportRequestStatus { id, status }, answer)
        }
        Intent::AddSupportRequestNote { id, text } => {
            let answer = Answer::SupportRequest(id.clone());
            (Command::AddSupportRequestNote { id, text }, answer)
        }
        Intent::RememberMakDeadline {
            customer,
            last_kms_activation,
        } => {
            let answer = Answer::MakDeadline(customer.clone());
            let command = Command::RememberMakDeadline {
                customer,
                last_kms_activation,
            };
            (command, answer)
        }
        Intent::MoveClock { to } => {
            check_clock_move(now, to)?;
            clock = to;
            (Command::EndDueTerms, Answer::Clock)
        }
    };
    let events = decide(desk, actor, clock, command)?;
    desk.apply(&events);
    let reply = answer_with(desk, actor, clock, answer);
    Ok(Executed {
        events,
        now: clock,
        reply,
    })
}

fn answer_with(
    desk: &Desk,
    actor: &User,
    now: DateTime<Utc>,
    answer: Answer,
) -> Result<Reply, Refusal> {
    match answer {
        Answer::Order(customer, order) => {
            queries::order(desk, actor, &customer, &order).map(Reply::Order)
        }
        Answer::Subscription(customer, subscription) => {
            queries::subscription(desk, actor, &customer, &subscription, now)
                .map(|found| Reply::Subscription(Box::new(found)))
        }
        Answer::Key(item) => desk
            .item(&item)
            .and_then(|found| found.visible_key().cloned())
            .map(Reply::Key)
            .ok_or(Refusal::Revoked { item }),
        Answer::Link(token) => queries::link(desk, &token, now).map(Reply::Link),
        Answer::File(file, item) => file.map(Reply::File).ok_or(Refusal::UnknownItem { item }),
        Answer::LinkFile(token) => queries::link(desk, &token, now)
            .map(|link| Reply::File(queries::download_file(&link.product, &link.selection))),
        Answer::SupportRequest(id) => desk
            .support_request(&id)
            .cloned()
            .map(Reply::SupportRequest)
            .ok_or(Refusal::UnknownSupportRequest { id }),
        Answer::Clock => Ok(Reply::Clock(now)),
        Answer::Customer(id) => desk
            .customer(&id)
            .cloned()
            .map(Reply::Customer)
            .ok_or(Refusal::UnknownCustomer { customer: id }),
        Answer::Customers(ids) => ids
            .into_iter()
            .map(|id| {
                desk.customer(&id)
                    .cloned()
                    .ok_or(Refusal::UnknownCustomer { customer: id })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Reply::Customers),
        Answer::MakDeadline(customer) => desk
            .mak_deadline_of(&customer)
            .map(|last| Reply::MakDeadline(mak_deadline(last, now)))
            .ok_or(Refusal::UnknownCustomer { customer }),
    }
}

/// Starts the demo over, on both backends by one rule (any partner user may): the seed's
/// events and its clock, which replace the log.
/// The demo's events come from `demo`, asked only when the user may reset: the browser
/// fetches them rather than carry the seed's code in its wasm.
pub fn reset_demo(
    actor: &User,
    demo: impl FnOnce() -> Vec<Event>,
) -> Result<(Vec<Event>, DateTime<Utc>), Refusal> {
    actor.require(Action::ResetDemo)?;
    Ok((demo(), seed::demo_now()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    /// Counts up, so every id differs and tests are repeatable.
    struct Counting(u8);

    impl Randomness for Counting {
        fn fill(&mut self, bytes: &mut [u8]) {
            for byte in bytes {
                self.0 = self.0.wrapping_add(37);
                *byte = self.0;
            }
        }
    }

    fn admin_agent() -> User {
        seed::demo_users()
            .into_iter()
            .find(|user| user.id().0 == "avery")
            .unwrap()
    }

    #[test]
    fn keys_and_tokens_from_the_generator_pass_the_domains_checks() {
        let mut random = Counting(0);
        assert!(new_product_key(&mut random).check().is_ok());
        assert!(new_link_token(&mut random).check().is_ok());
    }

    fn sales_agent() -> User {
        seed::demo_users()
            .into_iter()
            .find(|user| user.id().0 == "sam")
            .unwrap()
    }

    #[test]
    fn a_revealed_key_comes_back_the_same_and_a_listing_never_carries_it() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let actor = admin_agent();
        let mut random = Counting(0);
        let now = seed::demo_now();
        let customer = CustomerId("wingtip".into());
        let office = desk
            .software_of(&customer)
            .into_iter()
            .find(|item| {
                item.product().is_some_and(|p| p.delivery.has_key()) && !item.is_cancelled()
            })
            .map(|item| (item.id().clone(), item.product().unwrap()))
            .unwrap();
        let selection = Selection {
            version: office.1.versions.first().map(|v| v.to_string()),
            language: office.1.languages.first().map(|v| v.to_string()),
            file_type: office.1.file_types.first().map(|v| v.to_string()),
        };
        let mut reveal = || {
            let intent = Intent::RevealKey {
                customer: customer.clone(),
                item: office.0.clone(),
                selection: selection.clone(),
            };
            match execute(&mut desk, &actor, now, &mut random, intent)
                .unwrap()
                .reply
            {
                Ok(Reply::Key(key)) => key,
                other => panic!("expected a key, got {other:?}"),
            }
        };
        let first = reveal();
        let again = reveal();
        assert_eq!(first, again);
        assert_eq!(first.0.len(), 32);
        let listed =
            serde_json::to_string(&queries::software(&desk, &actor, &customer, now).unwrap())
                .unwrap();
        assert!(
            !listed.contains(&first.0),
            "the Software listing shows no key"
        );
    }

    #[test]
    fn a_refused_intent_leaves_the_desk_as_it_was() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let before = desk.clone();
        let mut random = Counting(0);
        let (customer, subscription) = desk
            .customers()
            .into_iter()
            .find_map(|customer| {
                let listed = desk.subscriptions_of(&customer.id);
                listed
                    .first()
                    .map(|found| (customer.id.clone(), found.id.clone()))
            })
            .unwrap();
        let cancel = Intent::CancelSubscription {
            customer: customer.clone(),
            subscription,
            acknowledged: true,
        };
        let refused = execute(
            &mut desk,
            &sales_agent(),
            seed::demo_now(),
            &mut random,
            cancel,
        );
        assert!(matches!(
            refused,
            Err(Refusal::MissingRole {
                action: Action::Cancel,
                ..
            })
        ));
        let empty = Intent::PlaceOrder {
            customer,
            lines: Vec::new(),
        };
        let refused = execute(
            &mut desk,
            &admin_agent(),
            seed::demo_now(),
            &mut random,
            empty,
        );
        assert_eq!(refused, Err(Refusal::NothingChosen));
        assert_eq!(
            desk, before,
            "nothing applied, so there is nothing to rebuild"
        );
    }

    fn move_clock(
        desk: &mut Desk,
        now: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Executed, Refusal> {
        execute(
            desk,
            &admin_agent(),
            now,
            &mut Counting(0),
            Intent::MoveClock { to },
        )
    }

    #[test]
    fn the_clock_moves_forward_to_the_second_and_not_a_second_back() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let now = seed::demo_now();
        let same = move_clock(&mut desk, now, now).unwrap();
        assert_eq!(same.now, now);
        assert_eq!(same.reply, Ok(Reply::Clock(now)));
        assert_eq!(
            move_clock(&mut desk, now, now - Duration::seconds(1)),
            Err(Refusal::ClockBackwards { now })
        );
    }

    #[test]
    fn the_clock_moves_at_most_ten_years_at_once_and_never_past_2100() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let now = seed::demo_now();
        let furthest = now + Duration::days(MAX_CLOCK_MOVE_DAYS);
        assert_eq!(
            move_clock(&mut desk.clone(), now, furthest).unwrap().now,
            furthest
        );
        assert_eq!(
            move_clock(&mut desk, now, furthest + Duration::seconds(1)),
            Err(Refusal::ClockTooFar { latest: furthest })
        );
        let late = utc(2099, 6, 1);
        assert_eq!(latest_move(late), clock_limit());
        assert_eq!(
            move_clock(&mut desk, late, clock_limit() + Duration::seconds(1)),
            Err(Refusal::ClockTooFar {
                latest: clock_limit()
            })
        );
    }

    #[test]
    fn moving_the_clock_answers_the_renewals_with_the_new_now_in_one_outcome() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let now = seed::demo_now();
        let later = now + Duration::days(400);
        let moved = move_clock(&mut desk, now, later).unwrap();
        assert_eq!(moved.now, later);
        assert!(
            !moved.events.is_empty(),
            "terms that ended on the way renewed or expired"
        );
        assert!(moved.events.iter().all(|event| event.at <= later));
    }

    #[test]
    fn only_partner_users_reset_the_demo() {
        assert!(reset_demo(&admin_agent(), seed::demo_events).is_ok());
        assert!(reset_demo(&sales_agent(), seed::demo_events).is_ok());
        let contoso = seed::demo_users()
            .into_iter()
            .find(|user| user.own_customer().is_some())
            .unwrap();
        assert_eq!(
            reset_demo(&contoso, seed::demo_events),
            Err(Refusal::MissingRole {
                action: Action::ResetDemo,
                needs: Vec::new()
            })
        );
    }

    #[test]
    fn a_download_through_a_link_names_no_user_in_the_activity_log() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let now = seed::demo_now();
        let customer = CustomerId("wingtip".into());
        let (item, product) = desk
            .software_of(&customer)
            .into_iter()
            .find(|item| {
                item.product().is_some_and(|p| p.delivery.has_download()) && !item.is_cancelled()
            })
            .map(|item| (item.id().clone(), item.product().unwrap()))
            .unwrap();
        let selection = Selection {
            version: product.versions.first().map(|v| v.to_string()),
            language: product.languages.first().map(|v| v.to_string()),
            file_type: product.file_types.first().map(|v| v.to_string()),
        };
        let issue = Intent::IssueDownloadLink {
            customer,
            item,
            selection,
        };
        let mut random = Counting(0);
        let issued = execute(&mut desk, &admin_agent(), now, &mut random, issue).unwrap();
        let Ok(Reply::Link(link)) = issued.reply else {
            panic!("a link was issued");
        };
        let download = Intent::DownloadViaLink { token: link.token };
        execute(&mut desk, &admin_agent(), now, &mut random, download).unwrap();
        let reader = seed::demo_users()
            .into_iter()
            .find(|user| user.id().0 == "gale")
            .unwrap();
        let today = crate::time::Window::days(now.date_naive(), now.date_naive());
        let log = desk.activity(&reader, today).unwrap();
        let last = log.last().unwrap();
        assert_eq!(last.what, crate::ActivityKind::Downloaded);
        assert_eq!(
            last.user, None,
            "the link holder, not the signed-in Admin agent"
        );
    }
}
