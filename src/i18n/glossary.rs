//! One word per thing: the product's terms that more than one page shows, so a thing has the
//! same name, state and plural wherever a person reads it.

use csp_domain::{ItemState, Money, OrderStatus};

use super::catalog::{catalog, fill, plural};
use super::format;

catalog! {
    /// The shared terms of one language.
    pub struct Glossary in "glossary" {
        /// The heading over what to have at hand before cancelling.
        have_ready: "Have this ready",
        /// The customer's tenant, as the cancel dialogs and the support form name it.
        tenant_or_domain: "Customer tenant GUID or domain name",
        /// Whether an amount includes tax; every amount says which.
        tax_included: "incl. tax",
        tax_excluded: "excl. tax",
        /// An amount with its tax note, as every amount a person reads is written.
        amount_with_tax: "{amount} ({tax})",
        /// A subscription's or purchase's state.
        state_active: "Active",
        state_cancellation_pending: "Cancellation pending",
        state_cancelled: "Cancelled",
        state_expired: "Expired",
        state_suspended: "Suspended",
        state_unknown: "Unknown",
        /// An order's status, capitalized like the states.
        order_pending: "Pending",
        order_completed: "Completed",
        order_cancelled: "Cancelled",
        order_unknown: "Unknown",
        /// A count of days, singular or plural.
        days_one: "{days} day",
        days: "{days} days",
    }
}

impl Glossary {
    pub fn tax_note(&self, includes_tax: bool) -> &'static str {
        if includes_tax {
            self.tax_included
        } else {
            self.tax_excluded
        }
    }

    pub fn state_name(&self, state: &ItemState) -> &'static str {
        match state {
            ItemState::Active => self.state_active,
            ItemState::CancellationPending { .. } => self.state_cancellation_pending,
            ItemState::Cancelled => self.state_cancelled,
            ItemState::Expired => self.state_expired,
            ItemState::Suspended => self.state_suspended,
            ItemState::Unknown => self.state_unknown,
        }
    }

    pub fn order_status_name(&self, status: OrderStatus) -> &'static str {
        match status {
            OrderStatus::Pending => self.order_pending,
            OrderStatus::Completed => self.order_completed,
            OrderStatus::Cancelled => self.order_cancelled,
            OrderStatus::Unknown => self.order_unknown,
        }
    }

    pub fn days(&self, days: i64) -> String {
        fill(
            plural(days, self.days_one, self.days),
            &[("days", &format::integer(days))],
        )
    }
}

/// An amount with its tax note, as every amount a person reads is written:
/// "395.10 EUR (excl. tax)".
pub fn money_with_tax(glossary: &Glossary, amount: &Money, includes_tax: bool) -> String {
    fill(
        glossary.amount_with_tax,
        &[
            ("amount", &format::money(amount)),
            ("tax", glossary.tax_note(includes_tax)),
        ],
    )
}
