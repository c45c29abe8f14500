//! The files a table downloads: CSV (RFC 4180) for every list, iCalendar (RFC 5545) for
//! Closing soon. Both backends' pages write the same bytes from the same answers.
//!
//! CSV columns carry the API's names (so a customers file imports back), times in UTC as
//! ISO 8601, and amounts as plain numbers beside their currency, whatever the page's language.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::activity::{ActivityKind, ActivityRecord, Credit};
use crate::catalog::{self, BillingPlan};
use crate::customer::Customer;
use crate::deadlines::Deadline;
use crate::item::SubscriptionStatus;
use crate::money::Money;
use crate::order::{Order, OrderStatus};
use crate::queries::SubscriptionView;

/// A time as the exports write it: `2021-11-22T10:00:00Z`.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A catalog product's name, or its id when the catalog does not know it.
fn product_name(product: &str) -> String {
    catalog::product(product)
        .map_or(product, |p| p.name)
        .to_owned()
}

fn money_cells(amount: Option<&Money>) -> [String; 2] {
    match amount {
        Some(amount) => [amount.decimal(), amount.currency.clone()],
        None => [String::new(), String::new()],
    }
}

/// A CSV file: a byte-order mark (so spreadsheets read UTF-8), the header, then each row, with
/// CRLF line ends.
pub fn csv_file(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut file = String::from("\u{feff}");
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|cell| crate::csv::field(&inert(cell))).collect();
        file.push_str(&cells.join(","));
        file.push_str("\r\n");
    };
    line(&mut header.iter().map(|name| (*name).to_owned()));
    for row in rows {
        line(&mut row.into_iter());
    }
    file
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading apostrophe, so
/// a customer named `=HYPERLINK(...)` stays a name; numbers such as `-5.00` stay numbers.
fn inert(cell: String) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell
        .trim_start_matches('-')
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.');
    if formula && !number {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The customer list, in the import's columns: a file downloaded here imports elsewhere.
pub fn customers_csv(customers: &[Customer]) -> String {
    csv_file(
        &["name", "defaultDomain", "tenantId", "market", "currency"],
        customers.iter().map(|c| {
            vec![
                c.name.clone(),
                c.default_domain.clone(),
                c.tenant_id.clone(),
                c.market.code().to_owned(),
                c.currency.clone(),
            ]
        }),
    )
}

fn billing_cycle(plan: BillingPlan) -> &'static str {
    match plan {
        BillingPlan::Monthly => "monthly",
        BillingPlan::Annual => "annual",
        BillingPlan::Triennial => "triennial",
        BillingPlan::OneTime => "one_time",
        BillingPlan::Unknown => "unknown",
    }
}

/// A customer's subscriptions as the Subscriptions tab lists them.
pub fn subscriptions_csv(subscriptions: &[SubscriptionView]) -> String {
    csv_file(
        &[
            "id",
            "customerId",
            "product",
            "offerId",
            "quantity",
            "status",
            "termStart",
            "termEnd",
            "billingCycle",
            "autoRenewEnabled",
            "cancellationWindowCloses",
            "currentCharge",
            "billed",
            "currency",
        ],
        subscriptions.iter().map(|view| {
            let s = &view.subscription;
            let status = match s.status {
                SubscriptionStatus::Active => "active",
                SubscriptionStatus::Suspended => "suspended",
                SubscriptionStatus::Expired => "expired",
                SubscriptionStatus::Deleted => "deleted",
                SubscriptionStatus::Unknown => "unknown",
            };
            vec![
                s.id.0.clone(),
                s.customer.0.clone(),
                product_name(&s.product),
                s.sku.clone(),
                s.quantity.to_string(),
                status.to_owned(),
                instant(s.term.opens),
                instant(s.term.closes),
                billing_cycle(s.billing_plan).to_owned(),
                s.autorenew.to_string(),
                instant(view.cancellation_window.closes),
                s.current_charge.decimal(),
                s.billed.decimal(),
                s.billed.currency.clone(),
            ]
        }),
    )
}

/// A customer's orders, one row per line item.
pub fn orders_csv(orders: &[Order]) -> String {
    csv_file(
        &[
            "orderId",
            "customerId",
            "creationDate",
            "status",
            "lineItemNumber",
            "product",
            "offerId",
            "quantity",
            "billingCycle",
            "unitPrice",
            "currency",
        ],
        orders.iter().flat_map(|order| {
            let status = match order.status {
                OrderStatus::Pending => "pending",
                OrderStatus::Completed => "completed",
                OrderStatus::Cancelled => "cancelled",
                OrderStatus::Unknown => "unknown",
            };
            order.lines.iter().map(move |line| {
                let [amount, currency] = money_cells(Some(&line.unit_price));
                vec![
                    order.id.0.clone(),
                    order.customer.0.clone(),
                    instant(order.created_at),
                    status.to_owned(),
                    line.number.to_string(),
                    product_name(&line.product),
                    line.sku.clone(),
                    line.quantity.to_string(),
                    billing_cycle(line.billing_plan).to_owned(),
                    amount,
                    currency,
                ]
            })
        }),
    )
}

/// The credits the reader may see.
pub fn credits_csv(credits: &[Credit]) -> String {
    csv_file(
        &[
            "bookedAt",
            "invoiceMonth",
            "customerId",
            "orderId",
            "itemId",
            "product",
            "amount",
            "currency",
            "includesTax",
        ],
        credits.iter().map(|credit| {
            let [amount, currency] = money_cells(Some(&credit.amount));
            vec![
                instant(credit.booked_at),
                credit.invoice_month.to_string(),
                credit.customer.0.clone(),
                credit.order.0.clone(),
                credit.item.0.clone(),
                product_name(&credit.product),
                amount,
                currency,
                credit.includes_tax.to_string(),
            ]
        }),
    )
}

/// The activity log of the range shown.
pub fn activity_csv(records: &[ActivityRecord]) -> String {
    csv_file(
        &["at", "userId", "customerId", "product", "itemId", "what"],
        records.iter().map(|record| {
            let what = match record.what {
                ActivityKind::KeyViewed => "key_viewed",
                ActivityKind::LinkIssued => "link_issued",
                ActivityKind::Downloaded => "downloaded",
            };
            vec![
                instant(record.at),
                record
                    .user
                    .as_ref()
                    .map(|u| u.0.clone())
                    .unwrap_or_default(),
                record.customer.0.clone(),
                product_name(&record.product),
                record.item.0.clone(),
                what.to_owned(),
            ]
        }),
    )
}

/// Closing soon's list, in the page's order.
pub fn deadlines_csv(deadlines: &[Deadline]) -> String {
    csv_file(
        &[
            "due",
            "kind",
            "customer",
            "customerId",
            "product",
            "itemId",
            "orderId",
            "amount",
            "currency",
            "includesTax",
        ],
        deadlines.iter().map(|deadline| {
            let [amount, currency] = money_cells(deadline.amount.as_ref());
            vec![
                instant(deadline.at),
                deadline.kind.slug().to_owned(),
                deadline.customer_name.clone(),
                deadline.customer.0.clone(),
                deadline
                    .product
                    .as_deref()
                    .map(product_name)
                    .unwrap_or_default(),
                deadline
                    .item
                    .as_ref()
                    .map(|i| i.0.clone())
                    .unwrap_or_default(),
                deadline
                    .order
                    .as_ref()
                    .map(|o| o.0.clone())
                    .unwrap_or_default(),
                amount,
                currency,
                deadline.includes_tax.to_string(),
            ]
        }),
    )
}

/// A UTC time as iCalendar writes it: `20211122T100000Z`.
fn ics_time(at: DateTime<Utc>) -> String {
    instant(at).replace(['-', ':'], "")
}

/// Text as an iCalendar TEXT value: backslash, semicolon, comma and line breaks escaped.
fn ics_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// One content line, folded so no line passes 75 octets (a continuation starts with a space),
/// never inside a character.
fn ics_line(calendar: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            calendar.push_str("\r\n ");
            used = 1;
        }
        calendar.push(c);
        used += c.len_utf8();
    }
    calendar.push_str("\r\n");
}

/// Closing soon's list as an iCalendar file: one event per deadline at its moment (UTC), with
/// a reminder a day before. `describe` gives each event's title and description in the
/// person's language; `now` stamps the file.
pub fn deadlines_calendar(
    deadlines: &[Deadline],
    now: DateTime<Utc>,
    describe: impl Fn(&Deadline) -> (String, String),
) -> String {
    let mut calendar = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//csp-desk//Closing soon//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        ics_line(&mut calendar, line);
    }
    let stamp = ics_time(now);
    for deadline in deadlines {
        let (title, description) = describe(deadline);
        let (title, description) = (ics_text(&title), ics_text(&description));
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@csp-desk", ics_text(&deadline.id)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", ics_time(deadline.at)),
            format!("SUMMARY:{title}"),
            format!("DESCRIPTION:{description}"),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{title}"),
            "TRIGGER:-P1D".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            ics_line(&mut calendar, &line);
        }
    }
    ics_line(&mut calendar, "END:VCALENDAR");
    calendar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::utc;

    #[test]
    fn a_formula_is_kept_as_text_and_a_negative_number_as_a_number() {
        assert_eq!(inert("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(inert("-5.00".into()), "-5.00");
        assert_eq!(inert("Contoso".into()), "Contoso");
    }

    #[test]
    fn a_csv_file_starts_with_a_byte_order_mark_and_ends_each_row_with_crlf() {
        let file = csv_file(&["a", "b"], [vec!["x, y".to_owned(), "z".to_owned()]]);
        assert_eq!(file, "\u{feff}a,b\r\n\"x, y\",z\r\n");
        let rows = crate::csv::read(&file).unwrap();
        assert_eq!(rows[1].1, vec!["x, y", "z"]);
    }

    #[test]
    fn calendar_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut calendar = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        ics_line(&mut calendar, &long);
        for line in calendar.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = calendar.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn calendar_text_escapes_what_ical_reserves() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(ics_time(utc(2021, 11, 22)), "20211122T000000Z");
    }
}
