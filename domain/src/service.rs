//! The use cases both backends offer, written once: make the ids, keys and tokens a command
//! needs, decide it, apply its events to the desk, and answer with what the page shows.
//!
//! A use case that refuses has applied nothing. One that does not has applied its events to
//! the desk and returns them: the backend keeps them (in `localStorage` or SQLite), even when
//! the answer could not be read afterwards. If it cannot keep them, it must rebuild its desk
//! from the log it did keep, so nothing unsaved is shown.

use chrono::{DateTime, Utc};

use crate::catalog::BillingPlan;
use crate::command::{Command, LineRequest};
use crate::customer::CustomerId;
use crate::decide::decide;
use crate::desk::Desk;
use crate::event::Event;
use crate::item::{ItemId, LinkToken, ProductKey, Selection};
use crate::order::{Order, OrderId};
use crate::refusal::Refusal;
use crate::role::{User, UserId};
use crate::support::{SupportRequest, SupportRequestForm, SupportRequestId, SupportRequestStatus};
use crate::view::{self, DownloadFile, LinkView, SubscriptionView};

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

/// What a command did: the events to keep, and what to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    /// The events, already applied to the desk; the backend must keep them.
    pub events: Vec<Event>,
    /// What the page shows. Reading it after the events cannot fail while the rules hold; if
    /// it ever did, the events happened all the same and are kept.
    pub answer: Result<T, Refusal>,
}

/// A desk with the moment and the person commands are decided for.
pub struct Service<'a> {
    /// The desk; commands apply their events to it.
    pub desk: &'a mut Desk,
    /// Who asks.
    pub actor: &'a User,
    /// The desk clock's now.
    pub now: DateTime<Utc>,
    /// Where ids, keys and tokens come from.
    pub random: &'a mut dyn Randomness,
}

impl Service<'_> {
    /// Decides `command` and applies its events; a refusal applies nothing.
    fn run(&mut self, command: Command) -> Result<Vec<Event>, Refusal> {
        let events = decide(self.desk, self.actor, self.now, command)?;
        self.desk.apply(&events);
        Ok(events)
    }

    fn code(&mut self, prefix: &str) -> String {
        format!("{prefix}-{}", random_text(self.random, CODE_ALPHABET, 10))
    }

    /// Places an order (it completes at once) and answers it.
    pub fn place_order(
        &mut self,
        customer: &CustomerId,
        lines: Vec<LineRequest>,
    ) -> Result<Outcome<Order>, Refusal> {
        let order = OrderId(self.code("ORD"));
        let events = self.run(Command::PlaceOrder {
            customer: customer.clone(),
            order: order.clone(),
            lines,
        })?;
        let answer = view::order(self.desk, self.actor, customer, &order);
        Ok(Outcome { events, answer })
    }

    /// Cancels lines of an order (a perpetual purchase within its 30 days) and answers the order.
    pub fn cancel_order_lines(
        &mut self,
        customer: &CustomerId,
        order: &OrderId,
        lines: Vec<u32>,
        acknowledged: bool,
    ) -> Result<Outcome<Order>, Refusal> {
        let command = Command::CancelOrderLines {
            customer: customer.clone(),
            order: order.clone(),
            lines,
            acknowledged,
        };
        let events = self.run(command)?;
        let answer = view::order(self.desk, self.actor, customer, order);
        Ok(Outcome { events, answer })
    }

    fn subscription_command(
        &mut self,
        customer: &CustomerId,
        subscription: &ItemId,
        command: Command,
    ) -> Result<Outcome<SubscriptionView>, Refusal> {
        let events = self.run(command)?;
        let answer = view::subscription(self.desk, self.actor, customer, subscription, self.now);
        Ok(Outcome { events, answer })
    }

    /// Cancels a subscription inside its 7-day window.
    pub fn cancel_subscription(
        &mut self,
        customer: &CustomerId,
        subscription: &ItemId,
        acknowledged: bool,
    ) -> Result<Outcome<SubscriptionView>, Refusal> {
        let command = Command::CancelSubscription {
            customer: customer.clone(),
            subscription: subscription.clone(),
            acknowledged,
        };
        self.subscription_command(customer, subscription, command)
    }

    /// Turns autorenew on or off.
    pub fn set_autorenew(
        &mut self,
        customer: &CustomerId,
        subscription: &ItemId,
        enabled: bool,
    ) -> Result<Outcome<SubscriptionView>, Refusal> {
        let command = Command::SetAutorenew {
            customer: customer.clone(),
            subscription: subscription.clone(),
            enabled,
        };
        self.subscription_command(customer, subscription, command)
    }

    /// Changes the billing frequency from the next term.
    pub fn set_billing_plan(
        &mut self,
        customer: &CustomerId,
        subscription: &ItemId,
        plan: BillingPlan,
    ) -> Result<Outcome<SubscriptionView>, Refusal> {
        let command = Command::SetBillingPlan {
            customer: customer.clone(),
            subscription: subscription.clone(),
            plan,
        };
        self.subscription_command(customer, subscription, command)
    }

    /// Shows the product key (the first reveal gives the purchase its key); logged.
    pub fn reveal_key(
        &mut self,
        customer: &CustomerId,
        item: &ItemId,
        selection: Selection,
    ) -> Result<Outcome<ProductKey>, Refusal> {
        let key = new_product_key(self.random);
        let command = Command::RevealKey {
            customer: customer.clone(),
            item: item.clone(),
            selection,
            key,
        };
        let events = self.run(command)?;
        let answer = self
            .desk
            .item(item)
            .and_then(|found| found.visible_key().cloned())
            .ok_or_else(|| Refusal::Revoked { item: item.clone() });
        Ok(Outcome { events, answer })
    }

    /// Issues a fresh download link for the customer; logged.
    pub fn issue_download_link(
        &mut self,
        customer: &CustomerId,
        item: &ItemId,
        selection: Selection,
    ) -> Result<Outcome<LinkView>, Refusal> {
        let token = new_link_token(self.random);
        let command = Command::IssueDownloadLink {
            customer: customer.clone(),
            item: item.clone(),
            selection,
            token: token.clone(),
        };
        let events = self.run(command)?;
        let answer = view::link(self.desk, &token, self.now);
        Ok(Outcome { events, answer })
    }

    /// Downloads the bits from the Software page; logged.
    pub fn download(
        &mut self,
        customer: &CustomerId,
        item: &ItemId,
        selection: Selection,
    ) -> Result<Outcome<DownloadFile>, Refusal> {
        let command = Command::Download {
            customer: customer.clone(),
            item: item.clone(),
            selection: selection.clone(),
        };
        let events = self.run(command)?;
        let product = self
            .desk
            .item(item)
            .map(|found| found.product_id().to_owned())
            .unwrap_or_default();
        Ok(Outcome {
            events,
            answer: Ok(view::download_file(&product, &selection)),
        })
    }

    /// Downloads through a link, counting one of its 50; logged. The actor should be
    /// [`link_holder`] unless a signed-in user opened it.
    pub fn download_via_link(
        &mut self,
        token: &LinkToken,
    ) -> Result<Outcome<DownloadFile>, Refusal> {
        let events = self.run(Command::DownloadViaLink {
            token: token.clone(),
        })?;
        let answer = view::link(self.desk, token, self.now)
            .map(|link| view::download_file(&link.product, &link.selection));
        Ok(Outcome { events, answer })
    }

    /// Files a support request.
    pub fn file_support_request(
        &mut self,
        form: SupportRequestForm,
    ) -> Result<Outcome<SupportRequest>, Refusal> {
        let id = SupportRequestId(self.code("SR"));
        let events = self.run(Command::FileSupportRequest {
            id: id.clone(),
            form,
        })?;
        let answer = self
            .desk
            .support_request(&id)
            .cloned()
            .ok_or(Refusal::UnknownSupportRequest { id });
        Ok(Outcome { events, answer })
    }

    /// Moves a support request to `status` (open ⇄ attention needed, either → closed).
    pub fn set_support_request_status(
        &mut self,
        id: &SupportRequestId,
        status: SupportRequestStatus,
    ) -> Result<Outcome<SupportRequest>, Refusal> {
        let events = self.run(Command::SetSupportRequestStatus {
            id: id.clone(),
            status,
        })?;
        let answer = self
            .desk
            .support_request(id)
            .cloned()
            .ok_or_else(|| Refusal::UnknownSupportRequest { id: id.clone() });
        Ok(Outcome { events, answer })
    }

    /// Records every term that has ended by now: renewals into a new term, or expiries.
    pub fn end_due_terms(&mut self) -> Result<Outcome<()>, Refusal> {
        let events = self.run(Command::EndDueTerms)?;
        Ok(Outcome {
            events,
            answer: Ok(()),
        })
    }
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
        let mut service = Service {
            desk: &mut desk,
            actor: &actor,
            now,
            random: &mut random,
        };
        let first = service
            .reveal_key(&customer, &office.0, selection.clone())
            .unwrap()
            .answer
            .unwrap();
        let again = service
            .reveal_key(&customer, &office.0, selection)
            .unwrap()
            .answer
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(first.0.len(), 32);
        let listed =
            serde_json::to_string(&view::software(&desk, &actor, &customer, now).unwrap()).unwrap();
        assert!(
            !listed.contains(&first.0),
            "the Software listing shows no key"
        );
    }

    #[test]
    fn a_refused_use_case_leaves_the_desk_as_it_was() {
        let mut desk = Desk::from_events(&seed::demo_events());
        let before = desk.clone();
        let sales_agent = seed::demo_users()
            .into_iter()
            .find(|user| user.id().0 == "sam")
            .unwrap();
        let mut random = Counting(0);
        let mut service = Service {
            desk: &mut desk,
            actor: &sales_agent,
            now: seed::demo_now(),
            random: &mut random,
        };
        let (customer, some_subscription) = service
            .desk
            .customers()
            .into_iter()
            .find_map(|customer| {
                let listed = service.desk.subscriptions_of(&customer.id);
                listed
                    .first()
                    .map(|found| (customer.id.clone(), found.id.clone()))
            })
            .unwrap();
        let refused = service.cancel_subscription(&customer, &some_subscription, true);
        assert!(matches!(refused, Err(Refusal::MissingRole { .. })));
        let refused = service.place_order(&customer, Vec::new());
        assert!(refused.is_err());
        assert_eq!(
            desk, before,
            "nothing applied, so there is nothing to rebuild"
        );
    }
}
