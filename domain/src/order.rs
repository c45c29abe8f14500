//! Orders and their lines, with Partner Center's status names.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{BillingPlan, Term};
use crate::customer::CustomerId;
use crate::item::ItemId;
use crate::money::Money;

/// An order's id, as in `/v1/customers/{id}/orders/{order}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct OrderId(pub String);

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An order's status, with Partner Center's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Submitted, not yet provisioned.
    Pending,
    /// Provisioned; stays so when only some lines are cancelled.
    Completed,
    /// Every line cancelled.
    Cancelled,
    /// A status this version does not know, read from outside.
    #[serde(other)]
    Unknown,
}

crate::tagged::unit_variants_by_hand!(OrderStatus {
    Pending = "pending",
    Completed = "completed",
    Cancelled = "cancelled",
} other Unknown);

impl OrderStatus {
    /// The status once provisioned; only a pending order completes.
    pub fn complete(self) -> Option<OrderStatus> {
        (self == OrderStatus::Pending).then_some(OrderStatus::Completed)
    }

    /// The status after cancelling lines: cancelled once every line is at quantity 0.
    pub fn after_cancelling(self, every_line_cancelled: bool) -> OrderStatus {
        if every_line_cancelled {
            OrderStatus::Cancelled
        } else {
            self
        }
    }
}

/// One line of an order: a SKU, a quantity, a billing plan, the item it bought.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    /// The line number, from 0.
    #[serde(rename = "lineItemNumber")]
    pub number: u32,
    /// The subscription or purchase this line bought.
    pub item: ItemId,
    /// The catalog product id.
    pub product: String,
    /// The SKU (offer) id.
    #[serde(rename = "offerId")]
    pub sku: String,
    /// The term.
    pub term_duration: Term,
    /// The billing plan.
    #[serde(rename = "billingCycle")]
    pub billing_plan: BillingPlan,
    /// The quantity now: 0 once the line is cancelled.
    pub quantity: u32,
    /// The quantity ordered.
    pub ordered_quantity: u32,
    /// The price of one unit for one term.
    pub unit_price: Money,
    /// Whether the price includes tax (Australia and Brazil).
    pub includes_tax: bool,
}

crate::tagged::read_by_hand!(OrderLine);

impl OrderLine {
    /// An order line read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<OrderLine, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "lineItemNumber",
                "item",
                "product",
                "offerId",
                "termDuration",
                "billingCycle",
                "quantity",
                "orderedQuantity",
                "unitPrice",
                "includesTax",
            ],
            10,
        )?;
        Ok(OrderLine {
            number: fields.field("lineItemNumber")?,
            item: fields.field("item")?,
            product: fields.field("product")?,
            sku: fields.field("offerId")?,
            term_duration: fields.field("termDuration")?,
            billing_plan: fields.field("billingCycle")?,
            quantity: fields.field("quantity")?,
            ordered_quantity: fields.field("orderedQuantity")?,
            unit_price: fields.field("unitPrice")?,
            includes_tax: fields.field("includesTax")?,
        })
    }
}

/// An order, as listed on the customer's Order history (every purchase, whatever its date).
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// The order id.
    pub id: OrderId,
    /// The customer.
    #[serde(rename = "referenceCustomerId")]
    pub customer: CustomerId,
    /// When it was placed.
    #[serde(rename = "creationDate")]
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub created_at: DateTime<Utc>,
    /// pending, completed or cancelled.
    pub status: OrderStatus,
    /// The lines.
    #[serde(rename = "lineItems")]
    pub lines: Vec<OrderLine>,
}

crate::tagged::read_by_hand!(Order);

impl Order {
    /// An order read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Order, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "id",
                "referenceCustomerId",
                "creationDate",
                "status",
                "lineItems",
            ],
            5,
        )?;
        Ok(Order {
            id: fields.field("id")?,
            customer: fields.field("referenceCustomerId")?,
            created_at: crate::wire_time::instant(fields.take("creationDate")?)?,
            status: fields.field("status")?,
            lines: fields.field("lineItems")?,
        })
    }

    /// What the order costs for its terms: each line's unit price × quantity; `None` for an
    /// empty order or one mixing currencies (never seen, but not summed wrongly either).
    pub fn total(&self) -> Option<Money> {
        crate::money::sum(
            self.lines
                .iter()
                .map(|line| line.unit_price.times(i64::from(line.quantity))),
        )
    }

    /// Whether the order's prices include tax: its lines are all in its customer's market, so
    /// all with tax (Australia, Brazil) or all without.
    pub fn includes_tax(&self) -> bool {
        self.lines.first().is_some_and(|line| line.includes_tax)
    }

    /// The line with `number`.
    pub fn line(&self, number: u32) -> Option<&OrderLine> {
        self.lines.iter().find(|line| line.number == number)
    }

    /// Zeroes the cancelled line and moves the order to `cancelled` once no line is left.
    pub fn cancel_line(&mut self, number: u32) {
        if let Some(line) = self.lines.iter_mut().find(|line| line.number == number) {
            line.quantity = 0;
        }
        let all = self.lines.iter().all(|line| line.quantity == 0);
        self.status = self.status.after_cancelling(all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            OrderStatus::READ_BY_NAME,
            OrderStatus::from_value,
        );
    }

    #[test]
    fn an_order_is_read_by_hand_as_the_derived_reader_reads_it() {
        let desk = crate::desk::Desk::from_events(&crate::seed::demo_events());
        let orders: Vec<Order> = crate::seed::demo_customers()
            .iter()
            .flat_map(|customer| desk.orders_of(&customer.id))
            .cloned()
            .collect();
        crate::tagged::tests::reads_as_derived(&orders, Order::from_value);
        let lines: Vec<OrderLine> = orders
            .iter()
            .flat_map(|order| order.lines.clone())
            .collect();
        assert!(lines.iter().any(|line| line.includes_tax));
        crate::tagged::tests::reads_as_derived(&lines, OrderLine::from_value);
    }

    #[test]
    fn order_statuses_use_partner_center_names_and_unknown_ones_read_as_unknown() {
        let json = serde_json::to_string(&[OrderStatus::Pending, OrderStatus::Cancelled]).unwrap();
        assert_eq!(json, r#"["pending","cancelled"]"#);
        let read: Vec<OrderStatus> = serde_json::from_str(r#"["completed","on_hold"]"#).unwrap();
        assert_eq!(read, [OrderStatus::Completed, OrderStatus::Unknown]);
    }

    #[test]
    fn only_a_pending_order_completes() {
        assert_eq!(
            OrderStatus::Pending.complete(),
            Some(OrderStatus::Completed)
        );
        assert_eq!(OrderStatus::Cancelled.complete(), None);
    }
}
