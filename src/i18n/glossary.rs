//! One word per thing: the product's terms that more than one page shows, so a thing has the
//! same name, state and plural wherever a person reads it.

use csp_domain::{ItemState, Money, OrderStatus};

use super::format;

/// The shared terms of one language.
pub struct Glossary {
    /// The heading over what to have at hand before cancelling.
    pub have_ready: &'static str,
    /// The customer's tenant, as the cancel dialogs and the support form name it.
    pub tenant_or_domain: &'static str,
    /// Whether an amount includes tax; every amount says which.
    pub tax_note: fn(includes_tax: bool) -> &'static str,
    /// A subscription's or purchase's state.
    pub state_name: fn(&ItemState) -> &'static str,
    /// An order's status, capitalized like the states.
    pub order_status_name: fn(OrderStatus) -> &'static str,
    /// A count of days, singular or plural.
    pub days: fn(days: i64) -> String,
}

/// An amount with its tax note, as every amount a person reads is written:
/// "395.10 EUR (excl. tax)".
pub fn money_with_tax(glossary: &Glossary, amount: &Money, includes_tax: bool) -> String {
    format!(
        "{} ({})",
        format::money(amount),
        (glossary.tax_note)(includes_tax)
    )
}

pub const ENGLISH: Glossary = Glossary {
    have_ready: "Have this ready",
    tenant_or_domain: "Customer tenant GUID or domain name",
    tax_note: |includes_tax| {
        if includes_tax {
            "incl. tax"
        } else {
            "excl. tax"
        }
    },
    state_name: |state| match state {
        ItemState::Active => "Active",
        ItemState::CancellationPending { .. } => "Cancellation pending",
        ItemState::Cancelled => "Cancelled",
        ItemState::Expired => "Expired",
        ItemState::Suspended => "Suspended",
        ItemState::Unknown => "Unknown",
    },
    order_status_name: |status| match status {
        OrderStatus::Pending => "Pending",
        OrderStatus::Completed => "Completed",
        OrderStatus::Cancelled => "Cancelled",
        OrderStatus::Unknown => "Unknown",
    },
    days: |days| match days {
        1 | -1 => format!("{days} day"),
        days => format!("{days} days"),
    },
};
