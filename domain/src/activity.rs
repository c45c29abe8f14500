//! The audit trail of key views and downloads, the charges billed and the credits that
//! cancellations book.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::customer::CustomerId;
use crate::item::ItemId;
use crate::money::Money;
use crate::order::OrderId;
use crate::role::UserId;
use crate::time::{InvoiceMonth, Window};

/// What a user did with a key or download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Viewed a product key.
    KeyViewed,
    /// Issued (copied) a download link.
    LinkIssued,
    /// Downloaded the bits.
    Downloaded,
}

crate::tagged::unit_variants_by_hand!(ActivityKind {
    KeyViewed = "key_viewed",
    LinkIssued = "link_issued",
    Downloaded = "downloaded",
});

/// One line of the activity log: who, when, which customer and product, what.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActivityRecord {
    /// When.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub at: DateTime<Utc>,
    /// Who; `None` for a download through a link by someone not signed in.
    pub user: Option<UserId>,
    /// Whose software.
    pub customer: CustomerId,
    /// The catalog product id.
    pub product: String,
    /// The purchase or subscription.
    pub item: ItemId,
    /// What was done.
    pub what: ActivityKind,
    /// The customer's name, as Partner Center's audit records carry it, so a page of the log
    /// names its customers without reading every customer. Filled in when the log is read.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_name: String,
}

crate::tagged::read_by_hand!(ActivityRecord);

impl ActivityRecord {
    /// A record read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<ActivityRecord, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "at",
                "user",
                "customer",
                "product",
                "item",
                "what",
                "customerName",
            ],
            6,
        )?;
        Ok(ActivityRecord {
            at: crate::wire_time::instant(fields.take("at")?)?,
            user: fields.field("user")?,
            customer: fields.field("customer")?,
            product: fields.field("product")?,
            item: fields.field("item")?,
            what: fields.field("what")?,
            customer_name: fields.field_or_default("customerName")?,
        })
    }
}

/// A credit booked by a cancellation, shown on the next monthly invoice.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Credit {
    /// The customer.
    pub customer: CustomerId,
    /// The order.
    pub order: OrderId,
    /// The cancelled item.
    pub item: ItemId,
    /// The catalog product of the item (the desk fills it from the order line, so a log
    /// written before credits named it reads the same).
    #[serde(default)]
    pub product: String,
    /// Whether the amount includes tax, as the line's price did.
    #[serde(default)]
    pub includes_tax: bool,
    /// The amount: 100% for perpetual, prorated for subscriptions.
    pub amount: Money,
    /// When it was booked.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub booked_at: DateTime<Utc>,
    /// The invoice it shows on.
    pub invoice_month: InvoiceMonth,
    /// The customer's name, filled in when the credits are read (a booked credit's event does
    /// not keep it), so a page of credits names its customers without reading every customer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_name: String,
}

crate::tagged::read_by_hand!(Credit);

impl Credit {
    /// A credit read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Credit, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "customer",
                "order",
                "item",
                "product",
                "includesTax",
                "amount",
                "bookedAt",
                "invoiceMonth",
                "customerName",
            ],
            8,
        )?;
        Ok(Credit {
            customer: fields.field("customer")?,
            order: fields.field("order")?,
            item: fields.field("item")?,
            product: fields.field_or_default("product")?,
            includes_tax: fields.field_or_default("includesTax")?,
            amount: fields.field("amount")?,
            booked_at: crate::wire_time::instant(fields.take("bookedAt")?)?,
            invoice_month: fields.field("invoiceMonth")?,
            customer_name: fields.field_or_default("customerName")?,
        })
    }
}

/// A charge billed for a purchase or a subscription's billing period, shown on the next monthly
/// invoice like a credit.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    /// The customer.
    pub customer: CustomerId,
    /// The order that bought the item.
    pub order: OrderId,
    /// The subscription or purchase.
    pub item: ItemId,
    /// The catalog product of the item.
    pub product: String,
    /// Whether the amount includes tax, as the line's price did.
    pub includes_tax: bool,
    /// The amount billed.
    pub amount: Money,
    /// When it was billed.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub billed_at: DateTime<Utc>,
    /// The billing period it pays for; `None` for a perpetual purchase.
    pub period: Option<Window>,
    /// The invoice it shows on.
    pub invoice_month: InvoiceMonth,
    /// The customer's name, as for a credit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_name: String,
}

crate::tagged::read_by_hand!(Charge);

impl Charge {
    /// A charge read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Charge, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "customer",
                "order",
                "item",
                "product",
                "includesTax",
                "amount",
                "billedAt",
                "period",
                "invoiceMonth",
                "customerName",
            ],
            9,
        )?;
        Ok(Charge {
            customer: fields.field("customer")?,
            order: fields.field("order")?,
            item: fields.field("item")?,
            product: fields.field("product")?,
            includes_tax: fields.field("includesTax")?,
            amount: fields.field("amount")?,
            billed_at: crate::wire_time::instant(fields.take("billedAt")?)?,
            period: fields.field("period")?,
            invoice_month: fields.field("invoiceMonth")?,
            customer_name: fields.field_or_default("customerName")?,
        })
    }
}

/// The credits of one invoice month for one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceCredits {
    /// The invoice month.
    pub invoice_month: InvoiceMonth,
    /// The sum of the credits, in the customer's currency.
    pub total: Money,
    /// The credits.
    pub credits: Vec<Credit>,
}

/// How many invoice months the Billing chart shows.
pub const CHART_MONTHS: usize = 12;

/// One currency's credits over the last [`CHART_MONTHS`] invoice months, oldest first, with
/// a zero for a month without credits: the Billing chart's bars and its table.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreditsByMonth {
    /// The currency every total is in.
    pub currency: String,
    /// Each month and its total.
    pub months: Vec<MonthCredits>,
}

crate::tagged::read_by_hand!(CreditsByMonth);

impl CreditsByMonth {
    /// A chart's figures read from JSON as the derived `Deserialize` reads them, in a fraction
    /// of the wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<CreditsByMonth, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["currency", "months"], 2)?;
        Ok(CreditsByMonth {
            currency: fields.field("currency")?,
            months: fields.field("months")?,
        })
    }
}

/// One invoice month's credits in one currency.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MonthCredits {
    /// The invoice month.
    pub invoice_month: InvoiceMonth,
    /// What was credited on it (zero when nothing was).
    pub total: Money,
}

crate::tagged::read_by_hand!(MonthCredits);

impl MonthCredits {
    /// A month's credits read from JSON as the derived `Deserialize` reads them (see `tagged`):
    /// the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<MonthCredits, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["invoiceMonth", "total"], 2)?;
        Ok(MonthCredits {
            invoice_month: fields.field("invoiceMonth")?,
            total: fields.field("total")?,
        })
    }
}

/// The credits of `credits` per invoice month and currency, for the twelve invoices up to the
/// one a credit booked at `now` would show on; currencies in alphabetical order, and one with
/// no credit in those months left out.
pub fn credits_by_month(credits: &[Credit], now: DateTime<Utc>) -> Vec<CreditsByMonth> {
    let mut months = vec![InvoiceMonth::next_after(now)];
    while months.len() < CHART_MONTHS {
        let earlier = months[months.len() - 1].previous();
        months.push(earlier);
    }
    months.reverse();
    let mut currencies: Vec<&str> = credits
        .iter()
        .filter(|credit| months.contains(&credit.invoice_month))
        .map(|credit| credit.amount.currency.as_str())
        .collect();
    crate::sort::sort_and_dedup(&mut currencies);
    currencies
        .into_iter()
        .map(|currency| CreditsByMonth {
            currency: currency.to_owned(),
            months: months
                .iter()
                .map(|&month| MonthCredits {
                    invoice_month: month,
                    total: credits
                        .iter()
                        .filter(|c| c.invoice_month == month && c.amount.currency == currency)
                        .fold(Money::zero(currency), |total, c| {
                            total.plus(&c.amount).unwrap_or(total)
                        }),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            ActivityKind::READ_BY_NAME,
            ActivityKind::from_value,
        );
    }

    #[test]
    fn a_credit_chart_is_read_by_hand_as_the_derived_reader_reads_it() {
        let now = crate::seed::demo_now();
        let credit = |currency: &str, minor: i64| Credit {
            customer: CustomerId("contoso".into()),
            order: OrderId("o-1".into()),
            item: ItemId("o-1-1".into()),
            product: "office".into(),
            includes_tax: false,
            amount: Money {
                minor,
                currency: currency.into(),
            },
            booked_at: now,
            invoice_month: InvoiceMonth::next_after(now),
            customer_name: String::new(),
        };
        let chart = credits_by_month(&[credit("EUR", 1250), credit("USD", 99)], now);
        assert_eq!(chart.len(), 2);
        crate::tagged::tests::reads_as_derived(&chart, CreditsByMonth::from_value);
        crate::tagged::tests::reads_as_derived(&chart[0].months, MonthCredits::from_value);
    }

    #[test]
    fn a_credit_is_read_by_hand_as_the_derived_reader_reads_it() {
        let credit = Credit {
            customer: CustomerId("contoso".into()),
            order: OrderId("o-1".into()),
            item: ItemId("o-1-1".into()),
            product: "office".into(),
            includes_tax: true,
            amount: Money {
                minor: 1250,
                currency: "EUR".into(),
            },
            booked_at: crate::seed::demo_now(),
            invoice_month: InvoiceMonth {
                year: 2021,
                month: 12,
            },
            customer_name: "Contoso".into(),
        };
        let unnamed = Credit {
            customer_name: String::new(),
            ..credit.clone()
        };
        crate::tagged::tests::reads_as_derived(&[credit, unnamed], Credit::from_value);
    }

    #[test]
    fn an_activity_record_is_read_by_hand_as_the_derived_reader_reads_it() {
        let record = ActivityRecord {
            at: crate::seed::demo_now(),
            user: Some(UserId("avery".into())),
            customer: CustomerId("contoso".into()),
            product: "office".into(),
            item: ItemId("o-1-1".into()),
            what: ActivityKind::KeyViewed,
            customer_name: "Contoso Ltd".into(),
        };
        let through_a_link = ActivityRecord {
            user: None,
            what: ActivityKind::Downloaded,
            customer_name: String::new(),
            ..record.clone()
        };
        crate::tagged::tests::reads_as_derived(
            &[record, through_a_link],
            ActivityRecord::from_value,
        );
    }

    #[test]
    fn a_charge_is_read_by_hand_as_the_derived_reader_reads_it() {
        let at = crate::seed::demo_now();
        let charge = Charge {
            customer: CustomerId("northwind".into()),
            order: OrderId("o-1".into()),
            item: ItemId("o-1-1".into()),
            product: "rds-cal".into(),
            includes_tax: false,
            amount: Money {
                minor: 1250,
                currency: "USD".into(),
            },
            billed_at: at,
            period: Some(Window {
                opens: at,
                closes: at + chrono::Duration::days(30),
            }),
            invoice_month: InvoiceMonth::next_after(at),
            customer_name: String::new(),
        };
        let perpetual = Charge {
            period: None,
            customer_name: "Northwind Traders".into(),
            ..charge.clone()
        };
        crate::tagged::tests::reads_as_derived(&[charge, perpetual], Charge::from_value);
    }
}
