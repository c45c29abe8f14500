//! Commands: what a user asks the desk to do.

use serde::{Deserialize, Serialize};

use crate::catalog::BillingPlan;
use crate::customer::{Customer, CustomerId};
use crate::item::{ItemId, LinkToken, ProductKey, Selection};
use crate::order::OrderId;
use crate::support::{SupportRequestForm, SupportRequestId, SupportRequestStatus};

/// One line of an order being placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineRequest {
    /// The SKU (offer) id.
    #[serde(rename = "offerId")]
    pub sku: String,
    /// How many units.
    pub quantity: u32,
    /// The billing plan chosen on the review screen.
    #[serde(rename = "billingCycle")]
    pub billing_plan: BillingPlan,
}

/// What a user asks the desk to do; ids, keys and tokens come from the caller's generator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "type"
)]
pub enum Command {
    /// Add a customer to the partner's list.
    AddCustomer {
        /// The customer.
        customer: Customer,
    },
    /// Add products: place and pay an order.
    PlaceOrder {
        /// The customer.
        customer: CustomerId,
        /// The new order's id.
        order: OrderId,
        /// The lines.
        lines: Vec<LineRequest>,
    },
    /// Cancel some lines of an order (perpetual purchases per order, or subscriptions).
    CancelOrderLines {
        /// The customer.
        customer: CustomerId,
        /// The order.
        order: OrderId,
        /// The line numbers to cancel.
        lines: Vec<u32>,
        /// The "I have read the important message" checkbox.
        acknowledged: bool,
    },
    /// Cancel a subscription (`PATCH .../subscriptions/{id}` with `status: "deleted"`).
    CancelSubscription {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The "Yes" confirmation of the dialog.
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
    /// Change the billing frequency, from the next term on.
    SetBillingPlan {
        /// The customer.
        customer: CustomerId,
        /// The subscription.
        subscription: ItemId,
        /// The new plan.
        #[serde(rename = "billingCycle")]
        plan: BillingPlan,
    },
    /// Renew or expire every term that has ended by now (the clock moved on).
    EndDueTerms,
    /// Get key: show the product key.
    RevealKey {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
        /// The key the key service hands out, used the first time only.
        key: ProductKey,
    },
    /// Copy link: issue a fresh download link.
    IssueDownloadLink {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
        /// The new link's token.
        token: LinkToken,
    },
    /// Download the bits from the Software page.
    Download {
        /// The customer.
        customer: CustomerId,
        /// The purchase or subscription.
        item: ItemId,
        /// Version, language, file type/OS.
        selection: Selection,
    },
    /// Download through a link sent to the customer.
    DownloadViaLink {
        /// The link's token.
        token: LinkToken,
    },
    /// File a support request.
    FileSupportRequest {
        /// The new request's id.
        id: SupportRequestId,
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
}
