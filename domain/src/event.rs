//! Events: what happened, the append-only source of truth.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::activity::Credit;
use crate::catalog::BillingPlan;
use crate::customer::{Customer, CustomerId};
use crate::item::{DownloadLink, ItemId, LinkToken, ProductKey, Selection};
use crate::money::Money;
use crate::order::{Order, OrderId};
use crate::role::UserId;
use crate::support::{SupportNote, SupportRequest, SupportRequestId, SupportRequestStatus};
use crate::time::Window;

/// Something that happened, with when and by whom; the event log is the source of truth.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// When it happened, on the desk's clock.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub at: DateTime<Utc>,
    /// Who did it; `None` for the system (seeding, term ends).
    pub actor: Option<UserId>,
    /// What happened.
    pub kind: EventKind,
}

crate::tagged::read_by_hand!(Event);

impl Event {
    /// An event read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Event, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["at", "actor", "kind"], 3)?;
        Ok(Event {
            at: crate::wire_time::instant(fields.take("at")?)?,
            actor: fields.field("actor")?,
            kind: fields.field("kind")?,
        })
    }
}

/// What happened.
// Externally tagged (`{"orderPlaced": {...}}`): an internally tagged or flattened enum makes
// serde buffer every event, which cost 13 KB of gzipped wasm. Read by hand in the browser
// (see `tagged`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum EventKind {
    /// A customer was added to the partner's customer list.
    CustomerAdded {
        /// The customer as added.
        customer: Customer,
    },
    /// An order was submitted, `pending`, with its lines priced.
    OrderPlaced {
        /// The order as placed.
        order: Order,
    },
    /// An order was provisioned: its subscriptions and purchases exist from now.
    OrderCompleted {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: OrderId,
    },
    /// A subscription started a new term (and a new cancellation window) at its term end.
    TermRenewed {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The new term.
        term: Window,
        /// How the new term is billed.
        billing_plan: BillingPlan,
        /// What was billed for the new term's first billing period.
        charge: Money,
    },
    /// A billing period after a term's first opened, and was billed (the first is billed when
    /// the term starts).
    PeriodBilled {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The billing period.
        period: Window,
        /// What was billed for it.
        charge: Money,
    },
    /// A subscription without autorenew ended at its term end.
    SubscriptionExpired {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
    },
    /// Autorenew was turned on or off.
    AutorenewSet {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// On or off.
        enabled: bool,
    },
    /// The billing plan for the next term was changed.
    BillingPlanSet {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The plan from the next term on.
        plan: BillingPlan,
    },
    /// An order line was cancelled: its item is cancelled, its keys and links revoked, and a
    /// credit booked.
    LineCancelled {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: OrderId,
        /// The line number.
        line: u32,
        /// The cancelled subscription or purchase.
        item: ItemId,
        /// The credit for the next monthly invoice.
        credit: Credit,
    },
    /// A product key was shown.
    KeyRevealed {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// The catalog product id.
        product: String,
        /// What was chosen.
        selection: Selection,
        /// The key shown.
        key: ProductKey,
    },
    /// A download link was issued.
    DownloadLinkIssued {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// The catalog product id.
        product: String,
        /// The link.
        link: DownloadLink,
    },
    /// The bits were downloaded, from the Software page or through a link.
    SoftwareDownloaded {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// The catalog product id.
        product: String,
        /// What was downloaded.
        selection: Selection,
        /// The link used, if any.
        link: Option<LinkToken>,
    },
    /// A support request was filed, `open`.
    SupportRequestFiled {
        /// The request.
        request: SupportRequest,
    },
    /// A support request changed state.
    SupportRequestStatusChanged {
        /// The request.
        id: SupportRequestId,
        /// The new state.
        status: SupportRequestStatus,
    },
    /// Information was added to a support request.
    SupportRequestNoteAdded {
        /// The request.
        id: SupportRequestId,
        /// The information, who added it and when.
        note: SupportNote,
    },
    /// The VL to CSP helper's deadline was remembered for a customer: Closing soon lists it.
    MakDeadlineRemembered {
        /// The customer moving from volume licensing.
        customer: CustomerId,
        /// The last KMS activation (midnight UTC of the day typed); the MAK is due 180 days on.
        #[serde(deserialize_with = "crate::wire_time::instant")]
        last_kms_activation: DateTime<Utc>,
    },
}

crate::tagged::read_by_hand!(EventKind);

impl EventKind {
    /// An event kind read from JSON as the derived `Deserialize` reads it, in a fraction of
    /// the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<EventKind, serde_json::Error> {
        let (name, mut fields) = crate::tagged::variant(value)?;
        Ok(match name.as_str() {
            "customerAdded" => EventKind::CustomerAdded {
                customer: fields.field("customer")?,
            },
            "orderPlaced" => EventKind::OrderPlaced {
                order: fields.field("order")?,
            },
            "orderCompleted" => EventKind::OrderCompleted {
                customer: fields.field("customer")?,
                order: fields.field("order")?,
            },
            "termRenewed" => EventKind::TermRenewed {
                customer: fields.field("customer")?,
                subscription: fields.field("subscription")?,
                term: fields.field("term")?,
                billing_plan: fields.field("billingPlan")?,
                charge: fields.field("charge")?,
            },
            "periodBilled" => EventKind::PeriodBilled {
                customer: fields.field("customer")?,
                subscription: fields.field("subscription")?,
                period: fields.field("period")?,
                charge: fields.field("charge")?,
            },
            "subscriptionExpired" => EventKind::SubscriptionExpired {
                customer: fields.field("customer")?,
                subscription: fields.field("subscription")?,
            },
            "autorenewSet" => EventKind::AutorenewSet {
                customer: fields.field("customer")?,
                subscription: fields.field("subscription")?,
                enabled: fields.field("enabled")?,
            },
            "billingPlanSet" => EventKind::BillingPlanSet {
                customer: fields.field("customer")?,
                subscription: fields.field("subscription")?,
                plan: fields.field("plan")?,
            },
            "lineCancelled" => EventKind::LineCancelled {
                customer: fields.field("customer")?,
                order: fields.field("order")?,
                line: fields.field("line")?,
                item: fields.field("item")?,
                credit: fields.field("credit")?,
            },
            "keyRevealed" => EventKind::KeyRevealed {
                customer: fields.field("customer")?,
                item: fields.field("item")?,
                product: fields.field("product")?,
                selection: fields.field("selection")?,
                key: fields.field("key")?,
            },
            "downloadLinkIssued" => EventKind::DownloadLinkIssued {
                customer: fields.field("customer")?,
                item: fields.field("item")?,
                product: fields.field("product")?,
                link: fields.field("link")?,
            },
            "softwareDownloaded" => EventKind::SoftwareDownloaded {
                customer: fields.field("customer")?,
                item: fields.field("item")?,
                product: fields.field("product")?,
                selection: fields.field("selection")?,
                link: fields.field("link")?,
            },
            "supportRequestFiled" => EventKind::SupportRequestFiled {
                request: fields.field("request")?,
            },
            "supportRequestStatusChanged" => EventKind::SupportRequestStatusChanged {
                id: fields.field("id")?,
                status: fields.field("status")?,
            },
            "supportRequestNoteAdded" => EventKind::SupportRequestNoteAdded {
                id: fields.field("id")?,
                note: fields.field("note")?,
            },
            "makDeadlineRemembered" => EventKind::MakDeadlineRemembered {
                customer: fields.field("customer")?,
                last_kms_activation: crate::wire_time::instant(fields.take("lastKmsActivation")?)?,
            },
            _ => return Err(crate::tagged::unknown_variant(&name)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagged::tests::{names_known, near_misses};
    use serde::Deserialize;

    #[test]
    fn an_event_is_read_by_hand_as_the_derived_reader_reads_it() {
        let events = crate::seed::demo_events();
        assert!(events.iter().any(|event| event.actor.is_none()));
        assert!(events.iter().any(|event| event.actor.is_some()));
        crate::tagged::tests::reads_as_derived(&events, Event::from_value);
    }

    /// The demo's events, and one of each kind the demo has none of.
    fn every_kind() -> Vec<EventKind> {
        use chrono::TimeZone;

        let at = Utc.with_ymd_and_hms(2021, 11, 15, 10, 0, 0).unwrap();
        let customer = CustomerId("contoso".into());
        let subscription = ItemId("o-1-1".into());
        let mut kinds: Vec<EventKind> = crate::seed::demo_events()
            .into_iter()
            .map(|event| event.kind)
            .collect();
        kinds.extend([
            EventKind::TermRenewed {
                customer: customer.clone(),
                subscription: subscription.clone(),
                term: Window {
                    opens: at,
                    closes: at + chrono::Duration::days(365),
                },
                billing_plan: BillingPlan::Monthly,
                charge: Money {
                    minor: 12050,
                    currency: "EUR".into(),
                },
            },
            EventKind::PeriodBilled {
                customer: customer.clone(),
                subscription: subscription.clone(),
                period: Window {
                    opens: at,
                    closes: at + chrono::Duration::days(30),
                },
                charge: Money {
                    minor: 1004,
                    currency: "EUR".into(),
                },
            },
            EventKind::SubscriptionExpired {
                customer: customer.clone(),
                subscription: subscription.clone(),
            },
            EventKind::AutorenewSet {
                customer: customer.clone(),
                subscription: subscription.clone(),
                enabled: true,
            },
            EventKind::BillingPlanSet {
                customer: customer.clone(),
                subscription,
                plan: BillingPlan::Annual,
            },
            EventKind::SupportRequestNoteAdded {
                id: SupportRequestId("sr-1".into()),
                note: SupportNote {
                    text: "More".into(),
                    added_by: UserId("u".into()),
                    added_at: at,
                },
            },
            EventKind::MakDeadlineRemembered {
                customer,
                last_kms_activation: at,
            },
        ]);
        kinds
    }

    fn name(value: &serde_json::Value) -> String {
        value.as_object().unwrap().keys().next().unwrap().clone()
    }

    #[test]
    fn every_event_kind_written_is_read_back_by_hand_as_it_was() {
        let mut named: Vec<String> = Vec::new();
        for kind in every_kind() {
            let value = serde_json::to_value(&kind).unwrap();
            named.push(name(&value));
            assert_eq!(EventKind::from_value(value).unwrap(), kind);
        }
        for name in names_known::<EventKind>() {
            assert!(
                named.iter().any(|written| written == name),
                "no sample of {name}"
            );
        }
    }

    #[test]
    fn the_hand_reader_accepts_and_refuses_what_the_derived_one_does() {
        let mut values: Vec<serde_json::Value> = every_kind()
            .iter()
            .flat_map(|kind| near_misses(&serde_json::to_value(kind).unwrap()))
            .collect();
        values.extend(names_known::<EventKind>().iter().flat_map(|name| {
            [
                serde_json::json!(name),
                serde_json::json!({ *name: {} }),
                serde_json::json!({ *name: null }),
            ]
        }));
        values.extend([
            serde_json::json!("noSuchEvent"),
            serde_json::json!({ "noSuchEvent": {} }),
            serde_json::json!({}),
            serde_json::json!(null),
            serde_json::json!(["orderCompleted"]),
        ]);
        for value in values {
            let derived = EventKind::deserialize(value.clone()).ok();
            assert_eq!(
                EventKind::from_value(value.clone()).ok(),
                derived,
                "{value}"
            );
        }
    }
}
