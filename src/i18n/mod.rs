//! The one translation layer: every string a user reads comes from a [`Texts`] catalog.
//!
//! A catalog is a struct, so a language that lacks a string does not compile; strings with
//! values in them are functions. English is complete; other languages fall back to it until
//! their catalogs land.

mod after_sale;
pub mod format;
pub mod glossary;
pub mod messages;
mod selling;

pub use after_sale::AfterSaleTexts;
pub use glossary::Glossary;
pub use messages::MessageTexts;
pub use selling::SellingTexts;

use csp_domain::{Language, Market, PartnerRole};
use leptos::prelude::GetUntracked;
/// Every user-visible string of the app, in one language.
pub struct Texts {
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub signed_in_as: &'static str,
    pub layout: &'static str,
    pub workspaces_view: &'static str,
    pub current_view: &'static str,
    pub main_menu: &'static str,
    /// The disclosure the header's controls fold behind on a phone.
    pub menu: &'static str,
    pub workspaces: &'static str,
    pub breadcrumb: &'static str,
    pub home: &'static str,
    pub backend_local: &'static str,
    pub backend_http: fn(server: &str) -> String,
    pub connecting: &'static str,

    pub customers: &'static str,
    pub billing: &'static str,
    pub activity_log: &'static str,
    pub support: &'static str,
    pub settings: &'static str,
    pub customers_summary: &'static str,
    pub billing_summary: &'static str,
    pub activity_log_summary: &'static str,
    pub support_summary: &'static str,
    pub settings_summary: &'static str,
    pub your_products_summary: &'static str,
    pub home_customer_intro: &'static str,

    pub home_workspaces_intro: &'static str,
    pub home_current_intro: &'static str,

    pub search_customers: &'static str,
    pub search_customers_hint: &'static str,
    pub market: &'static str,
    pub all_markets: &'static str,
    pub name: &'static str,
    pub default_domain: &'static str,
    pub tenant_guid: &'static str,
    pub currency: &'static str,
    pub loading_customers: &'static str,
    pub loading_users: &'static str,
    pub showing_customers: fn(shown: usize, total: usize) -> String,
    pub no_customer_matches: &'static str,
    pub clear_filters: &'static str,

    pub loading_customer: &'static str,
    pub customer_details: &'static str,
    pub prices: &'static str,
    pub prices_exclude_tax: &'static str,
    pub prices_include_tax: &'static str,
    pub azure_reservations: &'static str,
    pub azure_reservations_sold: &'static str,
    pub azure_reservations_not_sold: &'static str,
    pub all_customers: &'static str,
    pub no_such_customer: fn(id: &str) -> String,

    pub billing_intro: &'static str,
    pub activity_log_intro: &'static str,
    pub support_intro: &'static str,
    pub account_settings: &'static str,
    pub settings_intro: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: fn(path: &str) -> String,
    pub go_home: &'static str,
    pub close: &'static str,

    pub could_not_load: fn(reason: &str) -> String,
    pub try_again: &'static str,
    pub reload: &'static str,
    pub store_kept_aside: fn(key: &str, reason: &str) -> String,
    pub store_unwritable: fn(reason: &str) -> String,

    pub role_name: fn(PartnerRole) -> &'static str,
    pub no_partner_role: &'static str,
    pub customer_global_admin: &'static str,

    /// Add products, subscriptions, orders.
    pub glossary: Glossary,
    pub selling: SellingTexts,
    /// Software, keys, cancelling purchases, billing, activity log, support, the clock.
    pub after_sale: AfterSaleTexts,
    /// Refusals, actions, roles, unavailable data: typed messages rendered for the page.
    pub messages: MessageTexts,
}

/// English, the complete catalog.
pub static ENGLISH: Texts = Texts {
    app_name: "csp-desk",
    skip_to_content: "Skip to content",
    signed_in_as: "Signed in as",
    layout: "Layout",
    workspaces_view: "Workspaces view",
    current_view: "Current view",
    main_menu: "Main menu",
    menu: "Menu",
    workspaces: "Workspaces",
    breadcrumb: "Breadcrumb",
    home: "Home",
    backend_local: "Data is kept in this browser (local backend).",
    backend_http: |server| format!("Data is kept by the server at {server}, shared with your team (server backend)."),
    connecting: "Connecting…",

    customers: "Customers",
    billing: "Billing",
    activity_log: "Activity log",
    support: "Support",
    settings: "Settings",
    customers_summary: "Find a customer, see their products and buy on their behalf.",
    billing_summary: "Invoices and the credits that cancellations book on them.",
    activity_log_summary: "Who saw which product key or downloaded software, and when.",
    support_summary: "Report a problem, such as a refund for a purchase.",
    settings_summary: "Account settings, including the activity log.",
    your_products_summary: "Your organization's software: product keys and downloads.",
    home_customer_intro: "Your organization's products, bought through your Microsoft partner.",

    home_workspaces_intro: "Choose a workspace.",
    home_current_intro: "Choose an entry from the menu.",

    search_customers: "Search customers",
    search_customers_hint: "Name, domain or tenant GUID",
    market: "Market",
    all_markets: "All markets",
    name: "Name",
    default_domain: "Default domain",
    tenant_guid: "Tenant GUID",
    currency: "Currency",
    loading_customers: "Loading customers…",
    loading_users: "Loading users…",
    showing_customers: showing_customers_en,
    no_customer_matches: "No customer matches this search.",
    clear_filters: "Clear search and market",

    loading_customer: "Loading customer…",
    customer_details: "Customer details",
    prices: "Prices",
    prices_exclude_tax: "excl. tax",
    prices_include_tax: "incl. tax",
    azure_reservations: "Azure reservations",
    azure_reservations_sold: "Sold in this market",
    azure_reservations_not_sold: "Not sold in this market",
    all_customers: "All customers",
    no_such_customer: no_such_customer_en,

    billing_intro: "Credits from cancellations show here, per invoice month.",
    activity_log_intro: "Enter a date range to see who accessed software keys or downloaded software.",
    support_intro: "Report a problem to the partner support team, for example a refund on behalf of a customer.",
    account_settings: "Account settings",
    settings_intro: "Settings of the partner account.",

    not_found_title: "Page not found",
    not_found_body: not_found_body_en,
    go_home: "Go to home",
    close: "Close",

    could_not_load: could_not_load_en,
    try_again: "Try again",
    reload: "Reload",
    store_kept_aside: store_kept_aside_en,
    store_unwritable: store_unwritable_en,

    role_name: role_name_en,
    no_partner_role: "no admin role",
    customer_global_admin: "Customer Global admin",

    glossary: glossary::ENGLISH,
    selling: selling::ENGLISH,
    after_sale: after_sale::ENGLISH,
    messages: messages::ENGLISH,
};

fn showing_customers_en(shown: usize, total: usize) -> String {
    if shown == total && total == 1 {
        "1 customer".to_owned()
    } else if shown == total {
        format!("{total} customers")
    } else {
        format!("Showing {shown} of {total} customers")
    }
}

fn no_such_customer_en(id: &str) -> String {
    format!("There is no customer with the id “{id}”.")
}

fn not_found_body_en(path: &str) -> String {
    format!("There is no page at {path}.")
}

fn could_not_load_en(reason: &str) -> String {
    format!("This could not be loaded: {reason}")
}

fn store_kept_aside_en(key: &str, reason: &str) -> String {
    format!(
        "The data saved in this browser could not be read ({reason}). It was kept aside under \
         the storage key “{key}” and the demo data was loaded instead."
    )
}

fn store_unwritable_en(reason: &str) -> String {
    format!("Changes cannot be saved in this browser ({reason}); they last until you reload.")
}

fn role_name_en(role: PartnerRole) -> &'static str {
    match role {
        PartnerRole::AdminAgent => "Admin agent",
        PartnerRole::SalesAgent => "Sales agent",
        PartnerRole::HelpdeskAgent => "Helpdesk agent",
        PartnerRole::GlobalAdmin => "Global admin",
        PartnerRole::AccountAdmin => "Account admin",
        PartnerRole::BillingAdmin => "Billing admin",
        PartnerRole::ReferralAdmin => "Referral admin",
        PartnerRole::MarketingContentAdmin => "Marketing content admin",
    }
}

/// A market as lists show it: its name, then its code, as in "Germany (DE)".
// In English, like every page until the other catalogs land; their market names are to come
// with them, loaded on demand, so what an English user downloads carries none of them.
pub fn market_label(market: Market) -> String {
    format!("{} ({})", market.english_name(), market.code())
}

/// The catalog for `language`.
pub fn texts(language: Language) -> &'static Texts {
    match language {
        // Until their catalogs land, the other languages read English.
        Language::English
        | Language::German
        | Language::Hungarian
        | Language::Dutch
        | Language::ChineseSimplified => &ENGLISH,
    }
}

/// The catalog of the chosen language. Read once as a page renders, not tracked: the shell
/// draws every page anew when the language changes, so pages hold plain strings, which keeps
/// the wasm small (a reactive closure per string costs code).
pub fn use_texts() -> &'static Texts {
    texts(use_language())
}

/// The chosen language, as the page renders; see [`use_texts`].
pub fn use_language() -> Language {
    crate::preferences::use_preferences()
        .language
        .get_untracked()
}
