//! Events: what happened, the append-only source of truth.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// What happened.
// Externally tagged (`{"orderPlaced": {...}}`): an internally tagged or flattened enum makes
// serde buffer every event, which cost 13 KB of gzipped wasm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
