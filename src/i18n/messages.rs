//! Typed messages as a person reads them: refusals, field problems, actions, roles, and why
//! the data was unavailable.
//!
//! The domain's `Display` impls are for logs; the page renders a [`Refusal`] here, so each
//! language's wording is a catalog entry and a new refusal without wording does not compile.

use chrono::{Local, NaiveDate, TimeZone};
use csp_domain::{Action, PartnerRole, Refusal};

use super::format::{date, date_time};
use super::{market_label, use_texts, Texts};
use crate::backend::Unavailable;

/// Typed messages in one language; each is one function with one match, which keeps the wasm
/// small.
pub struct MessageTexts {
    pub refusal: fn(&Refusal) -> String,
    pub action: fn(Action) -> &'static str,
    pub roles: fn(&[PartnerRole]) -> String,
    pub unavailable: fn(&Unavailable) -> String,
}

pub(super) const ENGLISH: MessageTexts = MessageTexts {
    refusal: refusal_en,
    action: action_en,
    roles: roles_en,
    unavailable: unavailable_en,
};

/// Why a command was refused, in the chosen language.
pub fn refusal(refusal: &Refusal) -> String {
    (use_texts().messages.refusal)(refusal)
}

/// Why there is no answer from the data, in the chosen language.
pub fn unavailable(reason: &Unavailable) -> String {
    (use_texts().messages.unavailable)(reason)
}

/// A calendar day in the page's date format: the instant at local noon shows as that day.
fn day(day: NaiveDate) -> String {
    day.and_hms_opt(12, 0, 0)
        .and_then(|noon| Local.from_local_datetime(&noon).earliest())
        .map_or_else(|| day.to_string(), |at| date(at.to_utc()))
}

fn action_en(action: Action) -> &'static str {
    match action {
        Action::BuyProducts => "Buying products for a customer",
        Action::GetKeysAndDownloads => "Getting keys and downloads",
        Action::Cancel => "Cancelling a purchase",
        Action::ManageSubscription => "Changing autorenew or billing frequency",
        Action::ViewActivityLog => "Viewing the activity log",
        Action::FileSupportRequest => "Filing a support request",
        Action::ResetDemo => "Resetting the demo data",
    }
}

fn roles_en(roles: &[PartnerRole]) -> String {
    let names: Vec<_> = roles.iter().copied().map(super::role_name_en).collect();
    match names.as_slice() {
        [] => "a partner user".to_owned(),
        [one] => format!("the {one} role"),
        [init @ .., last] => format!("one of the roles {} or {last}", init.join(", ")),
    }
}

fn unavailable_en(reason: &Unavailable) -> String {
    match reason {
        Unavailable::Unreachable => {
            "The server could not be reached. Check the connection and try again.".to_owned()
        }
        Unavailable::Unreadable => "The server's answer could not be read.".to_owned(),
        Unavailable::ServerError { status } => {
            format!("The server failed (HTTP status {status}). Try again later.")
        }
        Unavailable::NotSaved => {
            "This browser's storage refused the change; nothing was changed.".to_owned()
        }
        Unavailable::UnknownUser => "The signed-in user is no longer known.".to_owned(),
    }
}

fn refusal_en(refusal: &Refusal) -> String {
    let t: &Texts = &super::ENGLISH;
    match refusal {
        Refusal::MissingRole { action, needs } if needs.is_empty() => {
            format!("{} is for partner users.", action_en(*action))
        }
        Refusal::MissingRole { action, needs } => format!(
            "{} needs {}, which you do not hold.",
            action_en(*action),
            roles_en(needs)
        ),
        Refusal::NotYourCustomer { customer } => {
            format!("You can only see your own organization, not {customer}.")
        }
        Refusal::UnknownCustomer { customer } => format!("There is no customer {customer}."),
        Refusal::CustomerExists { customer } => {
            format!("A customer with the id {customer} already exists.")
        }
        Refusal::UnknownSku { sku } => format!("The catalog has no SKU {sku}."),
        Refusal::UnknownOrder { order } => format!("There is no order {order}."),
        Refusal::OrderExists { order } => format!("An order {order} already exists."),
        Refusal::UnknownLine { order, line } => format!("Order {order} has no line {line}."),
        Refusal::UnknownItem { item } => format!("There is no purchase or subscription {item}."),
        Refusal::NothingChosen => "Choose at least one item.".to_owned(),
        Refusal::InvalidQuantity { sku, quantity } => {
            format!("A quantity of {quantity} for {sku} is not possible: choose 1 to 10000.")
        }
        Refusal::NotSoldInMarket { product, market } => format!(
            "{product} is an Azure reservation, which is not sold in {}.",
            market_label(*market)
        ),
        Refusal::PlanNotOffered { sku, plan, offered } => {
            let offered: Vec<_> = offered
                .iter()
                .map(|&plan| (t.selling.plan_name)(plan))
                .collect();
            format!(
                "SKU {sku} is not billed {}; it offers: {}.",
                (t.selling.plan_name)(*plan),
                offered.join(", ")
            )
        }
        Refusal::NoPriceInCurrency { currency } => {
            format!("There is no price list in {currency}.")
        }
        // Said beside the item or in answer to acting on it, so it names no item id.
        Refusal::CancellationWindowClosed { closed_at, .. } => format!(
            "The cancellation window closed on {}; this can no longer be cancelled.",
            date_time(*closed_at)
        ),
        Refusal::NeverCancellable { product } => format!(
            "{product} is a RedHat or SUSE software plan, which cannot be cancelled or exchanged."
        ),
        Refusal::CancelThroughSupportRequest { product } => format!(
            "{product} is cancelled through a customer support request \
             (CSP Purchase/Refund on behalf of customers)."
        ),
        Refusal::AlreadyCancelled { .. } => "This is already cancelled.".to_owned(),
        Refusal::NotActive { .. } => "This subscription is no longer active.".to_owned(),
        Refusal::AutorenewNotOffered { purchased_at, .. } => format!(
            "Bought on {}, before 14 October 2021: it expires at its end date and cannot \
             autorenew.",
            date(*purchased_at)
        ),
        Refusal::NotAcknowledged => {
            "Confirm that you have read the message about cancelling.".to_owned()
        }
        Refusal::NoKeysOrDownloads { product } => {
            format!("{product} is sold as a license: it has no product key or download.")
        }
        Refusal::Revoked { .. } => {
            "This purchase was cancelled, so its keys and download links are revoked.".to_owned()
        }
        Refusal::InvalidProductKey => "A product key (MAK) has 32 letters and digits.".to_owned(),
        Refusal::InvalidLinkToken => {
            "A link token needs at least 20 letters, digits, - or _.".to_owned()
        }
        Refusal::LinkExists => "This link token is already in use.".to_owned(),
        Refusal::UnknownLink => "This download link does not exist.".to_owned(),
        Refusal::LinkExpired { expired_at } => format!(
            "This download link expired on {}. Ask for a fresh link.",
            date_time(*expired_at)
        ),
        Refusal::DownloadLimitReached { limit } => format!(
            "This download link has been used {limit} times and has expired. Ask for a fresh link."
        ),
        Refusal::ChoiceNotOffered { choice, value } => match value {
            Some(value) => format!("{value} is not a {choice} offered for this product."),
            None => format!("Choose a {choice}."),
        },
        Refusal::InvalidField { field, problem } => (t.after_sale.field_problem)(*field, problem),
        Refusal::UnknownSupportRequest { id } => format!("There is no support request {id}."),
        Refusal::SupportRequestExists { id } => format!("A support request {id} already exists."),
        Refusal::SupportRequestClosed { id } => {
            format!("Support request {id} is closed; file a new one.")
        }
        Refusal::StatusChangeNotAllowed { from, to } => format!(
            "A support request that is “{}” cannot become “{}”.",
            (t.after_sale.request_state)(*from),
            (t.after_sale.request_state)(*to)
        ),
        Refusal::InvalidDateRange => "The date range ends before it starts.".to_owned(),
        Refusal::DateOutOfRange { earliest, latest } => {
            format!("Choose a date from {} to {}.", day(*earliest), day(*latest))
        }
        Refusal::ClockBackwards { now } => format!(
            "The clock only moves forward; it is {} now. Reset the demo data to start over.",
            date_time(*now)
        ),
        Refusal::ClockTooFar { latest } => format!(
            "The clock can move at most to {} from here.",
            date_time(*latest)
        ),
        Refusal::ActivationInFuture { today } => format!(
            "The last KMS activation cannot be after today ({}).",
            day(*today)
        ),
        Refusal::ChangedSinceRead => "Changed by someone else since you opened it: nothing was \
                                      changed. Reload to see the current state."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use csp_domain::{
        Action, BillingPlan, CustomerId, FieldProblem, ItemId, Market, OrderId, PartnerRole,
        Refusal, SupportField, SupportRequestId, SupportRequestStatus,
    };

    use super::{date_time, day, refusal_en, unavailable_en, Unavailable};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2021, 11, 15, 10, 0, 0).unwrap()
    }

    fn every_refusal() -> Vec<Refusal> {
        let customer = || CustomerId("contoso".into());
        let order = || OrderId("ord-1".into());
        let item = || ItemId("ord-1-1".into());
        let product = || "Windows Server".to_owned();
        let id = || SupportRequestId("sr-1".into());
        let day = NaiveDate::from_ymd_opt(2021, 11, 5).unwrap();
        vec![
            Refusal::MissingRole {
                action: Action::Cancel,
                needs: vec![PartnerRole::AdminAgent],
            },
            Refusal::NotYourCustomer {
                customer: customer(),
            },
            Refusal::UnknownCustomer {
                customer: customer(),
            },
            Refusal::CustomerExists {
                customer: customer(),
            },
            Refusal::UnknownSku {
                sku: "sku-1".into(),
            },
            Refusal::UnknownOrder { order: order() },
            Refusal::OrderExists { order: order() },
            Refusal::UnknownLine {
                order: order(),
                line: 2,
            },
            Refusal::UnknownItem { item: item() },
            Refusal::NothingChosen,
            Refusal::InvalidQuantity {
                sku: "sku-1".into(),
                quantity: 0,
            },
            Refusal::NotSoldInMarket {
                product: product(),
                market: Market::new("de").unwrap(),
            },
            Refusal::PlanNotOffered {
                sku: "sku-1".into(),
                plan: BillingPlan::Monthly,
                offered: vec![BillingPlan::Annual, BillingPlan::Triennial],
            },
            Refusal::NoPriceInCurrency {
                currency: "HUF".into(),
            },
            Refusal::CancellationWindowClosed {
                item: item(),
                closed_at: at(),
            },
            Refusal::NeverCancellable { product: product() },
            Refusal::CancelThroughSupportRequest { product: product() },
            Refusal::AlreadyCancelled { item: item() },
            Refusal::NotActive { item: item() },
            Refusal::AutorenewNotOffered {
                item: item(),
                purchased_at: at(),
            },
            Refusal::NotAcknowledged,
            Refusal::NoKeysOrDownloads { product: product() },
            Refusal::Revoked { item: item() },
            Refusal::InvalidProductKey,
            Refusal::InvalidLinkToken,
            Refusal::LinkExists,
            Refusal::UnknownLink,
            Refusal::LinkExpired { expired_at: at() },
            Refusal::DownloadLimitReached { limit: 50 },
            Refusal::ChoiceNotOffered {
                choice: "version".into(),
                value: None,
            },
            Refusal::InvalidField {
                field: SupportField::ContactEmail,
                problem: FieldProblem::NotAnEmail,
            },
            Refusal::UnknownSupportRequest { id: id() },
            Refusal::SupportRequestExists { id: id() },
            Refusal::StatusChangeNotAllowed {
                from: SupportRequestStatus::Closed,
                to: SupportRequestStatus::Open,
            },
            Refusal::InvalidDateRange,
            Refusal::DateOutOfRange {
                earliest: day,
                latest: day,
            },
            Refusal::ClockBackwards { now: at() },
            Refusal::ClockTooFar { latest: at() },
            Refusal::ActivationInFuture {
                today: NaiveDate::from_ymd_opt(2021, 11, 15).unwrap(),
            },
            Refusal::ChangedSinceRead,
        ]
    }

    #[test]
    fn every_refusal_reads_as_a_sentence() {
        for refusal in every_refusal() {
            let text = refusal_en(&refusal);
            assert!(text.ends_with('.'), "{refusal:?} reads {text:?}");
            assert!(text.len() > 10, "{refusal:?} reads {text:?}");
        }
    }

    #[test]
    fn a_missing_role_names_the_role() {
        let text = refusal_en(&Refusal::MissingRole {
            action: Action::Cancel,
            needs: vec![PartnerRole::AdminAgent],
        });
        assert_eq!(
            text,
            "Cancelling a purchase needs the Admin agent role, which you do not hold."
        );
    }

    #[test]
    fn several_roles_read_as_a_choice() {
        let text = refusal_en(&Refusal::MissingRole {
            action: Action::BuyProducts,
            needs: vec![
                PartnerRole::AdminAgent,
                PartnerRole::GlobalAdmin,
                PartnerRole::SalesAgent,
            ],
        });
        assert!(
            text.contains("one of the roles Admin agent, Global admin or Sales agent"),
            "{text}"
        );
    }

    #[test]
    fn an_action_for_any_partner_user_says_so() {
        let text = refusal_en(&Refusal::MissingRole {
            action: Action::ResetDemo,
            needs: vec![],
        });
        assert_eq!(text, "Resetting the demo data is for partner users.");
    }

    #[test]
    fn a_change_since_reading_blames_someone_else() {
        assert!(refusal_en(&Refusal::ChangedSinceRead).contains("someone else"));
    }

    #[test]
    fn a_closed_cancellation_window_shows_when_it_closed() {
        let text = refusal_en(&Refusal::CancellationWindowClosed {
            item: ItemId("ord-1-1".into()),
            closed_at: at(),
        });
        assert!(text.contains(&date_time(at())), "{text}");
        assert!(text.contains("2021"), "{text}");
    }

    #[test]
    fn a_field_problem_names_the_field() {
        let text = refusal_en(&Refusal::InvalidField {
            field: SupportField::ContactEmail,
            problem: FieldProblem::Missing,
        });
        assert_eq!(text, "Email: please fill this in.");
    }

    #[test]
    fn a_market_is_named_in_words_and_code() {
        let text = refusal_en(&Refusal::NotSoldInMarket {
            product: "Azure reservation".into(),
            market: Market::new("de").unwrap(),
        });
        assert!(text.contains("Germany (DE)"), "{text}");
    }

    #[test]
    fn a_calendar_day_keeps_its_date_in_any_time_zone() {
        assert_eq!(
            day(NaiveDate::from_ymd_opt(2021, 11, 5).unwrap()),
            "5 Nov 2021"
        );
    }

    #[test]
    fn an_unreachable_server_says_to_try_again() {
        assert!(unavailable_en(&Unavailable::Unreachable).contains("try again"));
        assert!(unavailable_en(&Unavailable::ServerError { status: 503 }).contains("503"));
    }
}
