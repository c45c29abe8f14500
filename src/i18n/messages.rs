//! Typed messages as a person reads them: refusals, field problems, actions, roles, and why
//! the data was unavailable.
//!
//! The domain's `Display` impls are for logs; the page renders a [`Refusal`] here, so each
//! language's wording is a catalog entry and a new refusal without wording does not compile.

use chrono::{Local, NaiveDate, TimeZone};
use csp_domain::{Action, PartnerRole, Refusal, RowProblem};

use super::catalog::{catalog, fill};
use super::format::{self, date, date_time};
use super::{use_texts, Texts};
use crate::backend::Unavailable;

catalog! {
    /// Typed messages in one language.
    pub struct MessageTexts in "messages" {
        action_buy_products: "Buying products for a customer",
        action_get_keys_and_downloads: "Getting keys and downloads",
        action_cancel: "Cancelling a purchase",
        action_manage_subscription: "Changing autorenew or billing frequency",
        action_view_activity_log: "Viewing the activity log",
        action_file_support_request: "Filing a support request",
        action_reset_demo: "Resetting the demo data",
        action_manage_users: "Managing users",

        role_admin_agent: "Admin agent",
        role_sales_agent: "Sales agent",
        role_helpdesk_agent: "Helpdesk agent",
        role_global_admin: "Global admin",
        role_account_admin: "Account admin",
        role_billing_admin: "Billing admin",
        role_referral_admin: "Referral admin",
        role_marketing_content_admin: "Marketing content admin",
        /// Who may act when no role is named.
        roles_none: "a partner user",
        roles_one: "the {role} role",
        /// `{roles}` is a list such as "Admin agent, Global admin or Sales agent".
        roles_many: "one of the roles {roles}",

        unavailable_unreachable: "The server could not be reached. Check the connection and try again.",
        unavailable_unreadable: "The server's answer could not be read.",
        unavailable_server_error: "The server failed (HTTP status {status}). Try again later.",
        unavailable_not_saved: "This browser's storage refused the change; nothing was changed.",
        unavailable_unknown_user: "The signed-in user is no longer known.",
        unavailable_signed_out: "Your session has ended: reload the page and sign in again.",

        refused_for_partners: "{action} is for partner users.",
        refused_missing_role: "{action} needs {roles}, which you do not hold.",
        refused_not_your_customer: "You can only see your own organization, not {customer}.",
        refused_unknown_customer: "There is no customer {customer}.",
        refused_customer_exists: "A customer with the id {customer} already exists.",
        refused_unknown_sku: "The catalog has no SKU {sku}.",
        refused_unknown_order: "There is no order {order}.",
        refused_order_exists: "An order {order} already exists.",
        refused_unknown_line: "Order {order} has no line {line}.",
        refused_unknown_item: "There is no purchase or subscription {item}.",
        refused_nothing_chosen: "Choose at least one item.",
        refused_invalid_quantity: "A quantity of {quantity} for {sku} is not possible: choose 1 to 10000.",
        refused_not_sold_in_market: "{product} is an Azure reservation, which is not sold in {market}.",
        refused_plan_not_offered: "SKU {sku} is not billed {plan}; it offers: {offered}.",
        refused_no_price_in_currency: "There is no price list in {currency}.",
        refused_cancellation_window_closed: "The cancellation window closed on {closed_at}; this can no longer be cancelled.",
        refused_never_cancellable: "{product} is a RedHat or SUSE software plan, which cannot be cancelled or exchanged.",
        refused_cancel_through_support_request: "{product} is cancelled through a customer support request (CSP Purchase/Refund on behalf of customers).",
        refused_already_cancelled: "This is already cancelled.",
        refused_not_active: "This subscription is no longer active.",
        refused_autorenew_not_offered: "Bought on {purchased_at}, before 14 October 2021: it expires at its end date and cannot autorenew.",
        refused_not_acknowledged: "Confirm that you have read the message about cancelling.",
        refused_no_keys_or_downloads: "{product} is sold as a license: it has no product key or download.",
        refused_revoked: "This purchase was cancelled, so its keys and download links are revoked.",
        refused_invalid_product_key: "A product key (MAK) has 32 letters and digits.",
        refused_invalid_link_token: "A link token needs at least 20 letters, digits, - or _.",
        refused_invalid_continuation_token: "This continuation token belongs to no page of this list; start again from the first page.",
        refused_link_exists: "This link token is already in use.",
        refused_unknown_link: "This download link does not exist.",
        refused_link_expired: "This download link expired on {expired_at}. Ask for a fresh link.",
        refused_download_limit_reached: "This download link has been used {limit} times and has expired. Ask for a fresh link.",
        refused_choice_not_offered: "{value} is not a {choice} offered for this product.",
        refused_choice_missing: "Choose a {choice}.",
        refused_unknown_support_request: "There is no support request {id}.",
        refused_support_request_exists: "A support request {id} already exists.",
        refused_support_request_closed: "Support request {id} is closed; file a new one.",
        refused_status_change_not_allowed: "A support request that is “{from}” cannot become “{to}”.",
        refused_invalid_date_range: "The date range ends before it starts.",
        refused_date_out_of_range: "Choose a date from {earliest} to {latest}.",
        refused_clock_backwards: "The clock only moves forward; it is {now} now. Reset the demo data to start over.",
        refused_clock_too_far: "The clock can move at most to {latest} from here.",
        refused_activation_in_future: "The last KMS activation cannot be after today ({today}).",
        refused_changed_since_read: "Changed by someone else since you opened it: nothing was changed. Reload to see the current state.",
        refused_import_rejected: "Nothing was imported. Fix these rows and import the file again: {rows}",
        /// One bad row of an import: its line in the file (the header is row 1), then why.
        import_row_problem: "Row {row}: {problem}",
        refused_nothing_to_import: "The file has no customers: a header row, then one row per customer.",
        refused_too_many_rows: "One import adds at most {max} customers; split the file.",
        refused_last_global_admin: "This is the last active Global admin: give another user the role first.",
        refused_unknown_user: "There is no user {user}.",
    }
}

/// Why a command was refused, in the chosen language.
pub fn refusal(refusal: &Refusal) -> String {
    use_texts().refusal(refusal)
}

/// Why there is no answer from the data, in the chosen language.
pub fn unavailable(reason: &Unavailable) -> String {
    use_texts().unavailable(reason)
}

/// A calendar day in the page's date format: the instant at local noon shows as that day.
fn day(day: NaiveDate) -> String {
    day.and_hms_opt(12, 0, 0)
        .and_then(|noon| Local.from_local_datetime(&noon).earliest())
        .map_or_else(|| day.to_string(), |at| date(at.to_utc()))
}

impl Texts {
    /// An action, as a refusal names it.
    pub fn action(&self, action: Action) -> &'static str {
        let m = &self.messages;
        match action {
            Action::BuyProducts => m.action_buy_products,
            Action::GetKeysAndDownloads => m.action_get_keys_and_downloads,
            Action::Cancel => m.action_cancel,
            Action::ManageSubscription => m.action_manage_subscription,
            Action::ViewActivityLog => m.action_view_activity_log,
            Action::FileSupportRequest => m.action_file_support_request,
            Action::ResetDemo => m.action_reset_demo,
            Action::ManageUsers => m.action_manage_users,
        }
    }

    /// A partner role's name.
    pub fn role_name(&self, role: PartnerRole) -> &'static str {
        let m = &self.messages;
        match role {
            PartnerRole::AdminAgent => m.role_admin_agent,
            PartnerRole::SalesAgent => m.role_sales_agent,
            PartnerRole::HelpdeskAgent => m.role_helpdesk_agent,
            PartnerRole::GlobalAdmin => m.role_global_admin,
            PartnerRole::AccountAdmin => m.role_account_admin,
            PartnerRole::BillingAdmin => m.role_billing_admin,
            PartnerRole::ReferralAdmin => m.role_referral_admin,
            PartnerRole::MarketingContentAdmin => m.role_marketing_content_admin,
        }
    }

    /// The roles that may act: "the Admin agent role", "one of the roles A, B or C".
    pub fn roles(&self, roles: &[PartnerRole]) -> String {
        let names: Vec<_> = roles.iter().map(|&role| self.role_name(role)).collect();
        match names.as_slice() {
            [] => self.messages.roles_none.to_owned(),
            [one] => fill(self.messages.roles_one, &[("role", one)]),
            names => fill(
                self.messages.roles_many,
                &[("roles", &format::list_or(names))],
            ),
        }
    }

    /// Why there is no answer from the data.
    pub fn unavailable(&self, reason: &Unavailable) -> String {
        let m = &self.messages;
        match reason {
            Unavailable::Unreachable => m.unavailable_unreachable.to_owned(),
            Unavailable::Unreadable => m.unavailable_unreadable.to_owned(),
            Unavailable::ServerError { status } => fill(
                m.unavailable_server_error,
                &[("status", &status.to_string())],
            ),
            Unavailable::NotSaved => m.unavailable_not_saved.to_owned(),
            Unavailable::UnknownUser => m.unavailable_unknown_user.to_owned(),
            Unavailable::SignedOut => m.unavailable_signed_out.to_owned(),
            Unavailable::SignInFailed => self.accounts.sign_in_failed.to_owned(),
            Unavailable::TooManySignIns { minutes } => self.accounts.too_many_sign_ins(*minutes),
            Unavailable::NoTexts { reason } => format!(
                "The texts of this page could not be loaded ({reason}). Die Texte konnten nicht \
                 geladen werden. A szövegek nem tölthetők be. De teksten konden niet worden \
                 geladen. 无法加载页面文字。"
            ),
        }
    }

    /// One bad row of an import, as the import page lists it.
    pub fn row_problem(&self, row: &RowProblem) -> String {
        let t = &self.after_sale;
        let problem = match row.field {
            Some(field) => t.field_problem(field, &row.problem),
            None => t.problem(&row.problem),
        };
        fill(
            self.messages.import_row_problem,
            &[("row", &row.row.to_string()), ("problem", &problem)],
        )
    }

    /// Why a command was refused.
    pub fn refusal(&self, refusal: &Refusal) -> String {
        let m = &self.messages;
        let says = |template: &str, values: &[(&str, &str)]| fill(template, values);
        match refusal {
            Refusal::MissingRole { action, needs } if needs.is_empty() => {
                says(m.refused_for_partners, &[("action", self.action(*action))])
            }
            Refusal::MissingRole { action, needs } => says(
                m.refused_missing_role,
                &[
                    ("action", self.action(*action)),
                    ("roles", &self.roles(needs)),
                ],
            ),
            Refusal::NotYourCustomer { customer } => {
                says(m.refused_not_your_customer, &[("customer", &customer.0)])
            }
            Refusal::UnknownCustomer { customer } => {
                says(m.refused_unknown_customer, &[("customer", &customer.0)])
            }
            Refusal::CustomerExists { customer } => {
                says(m.refused_customer_exists, &[("customer", &customer.0)])
            }
            Refusal::UnknownSku { sku } => says(m.refused_unknown_sku, &[("sku", sku)]),
            Refusal::UnknownOrder { order } => {
                says(m.refused_unknown_order, &[("order", &order.0)])
            }
            Refusal::OrderExists { order } => says(m.refused_order_exists, &[("order", &order.0)]),
            Refusal::UnknownLine { order, line } => says(
                m.refused_unknown_line,
                &[("order", &order.0), ("line", &line.to_string())],
            ),
            Refusal::UnknownItem { item } => says(m.refused_unknown_item, &[("item", &item.0)]),
            Refusal::NothingChosen => m.refused_nothing_chosen.to_owned(),
            Refusal::InvalidQuantity { sku, quantity } => says(
                m.refused_invalid_quantity,
                &[("quantity", &quantity.to_string()), ("sku", sku)],
            ),
            Refusal::NotSoldInMarket { product, market } => says(
                m.refused_not_sold_in_market,
                &[
                    ("product", product),
                    ("market", &self.market_label(*market)),
                ],
            ),
            Refusal::PlanNotOffered { sku, plan, offered } => {
                let offered: Vec<_> = offered
                    .iter()
                    .map(|&plan| self.selling.plan_name(plan))
                    .collect();
                says(
                    m.refused_plan_not_offered,
                    &[
                        ("sku", sku),
                        ("plan", self.selling.plan_name(*plan)),
                        ("offered", &offered.join(", ")),
                    ],
                )
            }
            Refusal::NoPriceInCurrency { currency } => {
                says(m.refused_no_price_in_currency, &[("currency", currency)])
            }
            // Said beside the item or in answer to acting on it, so it names no item id.
            Refusal::CancellationWindowClosed { closed_at, .. } => says(
                m.refused_cancellation_window_closed,
                &[("closed_at", &date_time(*closed_at))],
            ),
            Refusal::NeverCancellable { product } => {
                says(m.refused_never_cancellable, &[("product", product)])
            }
            Refusal::CancelThroughSupportRequest { product } => says(
                m.refused_cancel_through_support_request,
                &[("product", product)],
            ),
            Refusal::AlreadyCancelled { .. } => m.refused_already_cancelled.to_owned(),
            Refusal::NotActive { .. } => m.refused_not_active.to_owned(),
            Refusal::AutorenewNotOffered { purchased_at, .. } => says(
                m.refused_autorenew_not_offered,
                &[("purchased_at", &date(*purchased_at))],
            ),
            Refusal::NotAcknowledged => m.refused_not_acknowledged.to_owned(),
            Refusal::NoKeysOrDownloads { product } => {
                says(m.refused_no_keys_or_downloads, &[("product", product)])
            }
            Refusal::Revoked { .. } => m.refused_revoked.to_owned(),
            Refusal::InvalidProductKey => m.refused_invalid_product_key.to_owned(),
            Refusal::InvalidLinkToken => m.refused_invalid_link_token.to_owned(),
            Refusal::InvalidContinuationToken => m.refused_invalid_continuation_token.to_owned(),
            Refusal::LinkExists => m.refused_link_exists.to_owned(),
            Refusal::UnknownLink => m.refused_unknown_link.to_owned(),
            Refusal::LinkExpired { expired_at } => says(
                m.refused_link_expired,
                &[("expired_at", &date_time(*expired_at))],
            ),
            Refusal::DownloadLimitReached { limit } => says(
                m.refused_download_limit_reached,
                &[("limit", &limit.to_string())],
            ),
            Refusal::ChoiceNotOffered { choice, value } => {
                // The domain names the choice in English, as its API does; the page in words.
                let choice = match choice.as_str() {
                    "version" => self.after_sale.version,
                    "language" => self.after_sale.language,
                    "file type/OS" => self.after_sale.file_type,
                    other => other,
                };
                match value {
                    Some(value) => says(
                        m.refused_choice_not_offered,
                        &[("value", value), ("choice", choice)],
                    ),
                    None => says(m.refused_choice_missing, &[("choice", choice)]),
                }
            }
            Refusal::InvalidField { field, problem } => {
                self.after_sale.field_problem(*field, problem)
            }
            Refusal::UnknownSupportRequest { id } => {
                says(m.refused_unknown_support_request, &[("id", &id.0)])
            }
            Refusal::SupportRequestExists { id } => {
                says(m.refused_support_request_exists, &[("id", &id.0)])
            }
            Refusal::SupportRequestClosed { id } => {
                says(m.refused_support_request_closed, &[("id", &id.0)])
            }
            Refusal::StatusChangeNotAllowed { from, to } => says(
                m.refused_status_change_not_allowed,
                &[
                    ("from", self.after_sale.request_state(*from)),
                    ("to", self.after_sale.request_state(*to)),
                ],
            ),
            Refusal::InvalidDateRange => m.refused_invalid_date_range.to_owned(),
            Refusal::DateOutOfRange { earliest, latest } => says(
                m.refused_date_out_of_range,
                &[("earliest", &day(*earliest)), ("latest", &day(*latest))],
            ),
            Refusal::ClockBackwards { now } => {
                says(m.refused_clock_backwards, &[("now", &date_time(*now))])
            }
            Refusal::ClockTooFar { latest } => {
                says(m.refused_clock_too_far, &[("latest", &date_time(*latest))])
            }
            Refusal::ActivationInFuture { today } => {
                says(m.refused_activation_in_future, &[("today", &day(*today))])
            }
            Refusal::ChangedSinceRead => m.refused_changed_since_read.to_owned(),
            Refusal::ImportRejected { problems } => {
                let rows: Vec<String> = problems.iter().map(|row| self.row_problem(row)).collect();
                says(m.refused_import_rejected, &[("rows", &rows.join(" "))])
            }
            Refusal::NothingToImport => m.refused_nothing_to_import.to_owned(),
            Refusal::TooManyRows { max } => says(
                m.refused_too_many_rows,
                &[("max", &format::integer(*max as i64))],
            ),
            Refusal::LastGlobalAdmin => m.refused_last_global_admin.to_owned(),
            Refusal::UnknownUser { user } => says(m.refused_unknown_user, &[("user", &user.0)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use csp_domain::{
        Action, BillingPlan, CustomerId, FieldProblem, FormField, ItemId, Market, OrderId,
        PartnerRole, Refusal, SupportRequestId, SupportRequestStatus,
    };

    use super::{date_time, day, Texts, Unavailable};

    fn refusal_en(refusal: &Refusal) -> String {
        Texts::ENGLISH.refusal(refusal)
    }

    fn unavailable_en(reason: &Unavailable) -> String {
        Texts::ENGLISH.unavailable(reason)
    }

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
            Refusal::InvalidContinuationToken,
            Refusal::LinkExists,
            Refusal::UnknownLink,
            Refusal::LinkExpired { expired_at: at() },
            Refusal::DownloadLimitReached { limit: 50 },
            Refusal::ChoiceNotOffered {
                choice: "version".into(),
                value: None,
            },
            Refusal::InvalidField {
                field: FormField::ContactEmail,
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
            Refusal::ImportRejected {
                problems: vec![csp_domain::RowProblem {
                    row: 3,
                    field: Some(FormField::TenantId),
                    problem: FieldProblem::NotATenantGuid,
                }],
            },
            Refusal::NothingToImport,
            Refusal::TooManyRows { max: 10_000 },
            Refusal::LastGlobalAdmin,
            Refusal::UnknownUser {
                user: csp_domain::UserId("bo".into()),
            },
        ]
    }

    #[test]
    fn every_refusal_reads_back_from_its_json() {
        for refusal in every_refusal() {
            let json = serde_json::to_string(&refusal).unwrap();
            let read: Refusal =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(read, refusal, "{json}");
        }
        let unknown = serde_json::from_str::<Refusal>(r#""noSuchRefusal""#).unwrap_err();
        assert!(unknown.to_string().contains("noSuchRefusal"), "{unknown}");
        let missing = serde_json::from_str::<Refusal>(r#"{"unknownSku": {}}"#).unwrap_err();
        assert!(missing.to_string().contains("sku"), "{missing}");
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
            field: FormField::ContactEmail,
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
