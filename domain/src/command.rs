//! Commands: what a user asks the desk to do.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::BillingPlan;
use crate::customer::{Customer, CustomerId};
use crate::decide::check_quantity;
use crate::item::{ItemId, LinkToken, ProductKey, Selection};
use crate::order::OrderId;
use crate::refusal::Refusal;
use crate::support::{SupportRequestForm, SupportRequestId, SupportRequestStatus};

/// One line of an order being placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Adds `line` to the lines chosen so far: a line of the same SKU and billing plan grows
/// rather than a second one appearing. Answers the position of the line that holds it, or
/// refuses a quantity the order would refuse, leaving `lines` as they were.
pub fn add_line(lines: &mut Vec<LineRequest>, line: LineRequest) -> Result<usize, Refusal> {
    let same =
        |chosen: &LineRequest| chosen.sku == line.sku && chosen.billing_plan == line.billing_plan;
    let before = lines.iter().position(same);
    // A zero is refused as itself, not hidden in the sum.
    check_quantity(&line.sku, line.quantity)?;
    let quantity = before
        .map_or(0, |at| lines[at].quantity)
        .saturating_add(line.quantity);
    check_quantity(&line.sku, quantity)?;
    Ok(match before {
        Some(at) => {
            lines[at].quantity = quantity;
            at
        }
        None => {
            lines.push(line);
            lines.len() - 1
        }
    })
}

/// Changes the billing plan of the line at `at`; if another line already has that SKU and
/// plan, the two become one (refused, and nothing changed, above the most units a line holds).
pub fn change_plan(
    lines: &mut Vec<LineRequest>,
    at: usize,
    plan: BillingPlan,
) -> Result<(), Refusal> {
    let Some(line) = lines.get(at) else {
        return Ok(());
    };
    let same = |other: &LineRequest| other.sku == line.sku && other.billing_plan == plan;
    match lines.iter().position(same) {
        None => lines[at].billing_plan = plan,
        Some(other) if other == at => {}
        Some(other) => {
            let quantity = lines[other].quantity.saturating_add(line.quantity);
            check_quantity(&line.sku, quantity)?;
            lines[other].quantity = quantity;
            lines.remove(at);
        }
    }
    Ok(())
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
    /// Add several customers at once, all or none.
    ImportCustomers {
        /// The customers.
        customers: Vec<Customer>,
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
    /// Add information to a support request that is not closed.
    AddSupportRequestNote {
        /// The request.
        id: SupportRequestId,
        /// The information.
        text: String,
    },
    /// Remember a customer's MAK deadline, from the last KMS activation day.
    RememberMakDeadline {
        /// The customer moving from volume licensing.
        customer: CustomerId,
        /// The last KMS activation day.
        #[serde(deserialize_with = "crate::wire_time::day")]
        last_kms_activation: NaiveDate,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(sku: &str, quantity: u32, billing_plan: BillingPlan) -> LineRequest {
        LineRequest {
            sku: sku.to_owned(),
            quantity,
            billing_plan,
        }
    }

    #[test]
    fn the_same_item_added_twice_is_one_line_with_both_quantities() {
        let mut lines = vec![line("a", 2, BillingPlan::Annual)];
        assert_eq!(
            add_line(&mut lines, line("a", 3, BillingPlan::Annual)),
            Ok(0)
        );
        assert_eq!(lines, vec![line("a", 5, BillingPlan::Annual)]);
        // Another plan of the same SKU is another line.
        assert_eq!(
            add_line(&mut lines, line("a", 1, BillingPlan::Monthly)),
            Ok(1)
        );
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_line_may_grow_to_10_000_units_and_not_to_10_001() {
        let mut lines = vec![line("a", 9_999, BillingPlan::Annual)];
        assert_eq!(
            add_line(&mut lines, line("a", 1, BillingPlan::Annual)),
            Ok(0)
        );
        assert_eq!(
            add_line(&mut lines, line("a", 1, BillingPlan::Annual)),
            Err(Refusal::InvalidQuantity {
                sku: "a".to_owned(),
                quantity: 10_001
            })
        );
        assert_eq!(lines, vec![line("a", 10_000, BillingPlan::Annual)]);
        assert!(matches!(
            add_line(&mut lines, line("b", 0, BillingPlan::Annual)),
            Err(Refusal::InvalidQuantity { quantity: 0, .. })
        ));
    }

    #[test]
    fn changing_a_plan_to_one_already_chosen_merges_the_lines_in_place() {
        let mut lines = vec![
            line("a", 2, BillingPlan::Annual),
            line("b", 1, BillingPlan::Annual),
            line("a", 3, BillingPlan::Monthly),
        ];
        assert_eq!(change_plan(&mut lines, 1, BillingPlan::Monthly), Ok(()));
        assert_eq!(lines[1], line("b", 1, BillingPlan::Monthly));
        assert_eq!(change_plan(&mut lines, 2, BillingPlan::Annual), Ok(()));
        assert_eq!(
            lines,
            vec![
                line("a", 5, BillingPlan::Annual),
                line("b", 1, BillingPlan::Monthly)
            ]
        );
    }
}
