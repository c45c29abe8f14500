//! The one translation layer: every string a user reads comes from a [`Texts`] catalog.
//!
//! English is compiled in. German, Hungarian, Dutch and Simplified Chinese are JSON files of
//! the same keys (`locales/*.json`, served as assets), fetched when a person chooses one, so an
//! English user downloads none of them. See `catalog.rs` for how a catalog is declared.

mod accounts;
mod after_sale;
pub mod catalog;
pub mod choose;
mod closing;
pub mod format;
pub mod glossary;
pub mod messages;
mod selling;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod completeness;

use std::cell::RefCell;

pub use accounts::AccountTexts;
pub use after_sale::AfterSaleTexts;
pub use closing::ClosingTexts;
pub use glossary::Glossary;
pub use messages::MessageTexts;
pub use selling::SellingTexts;

use catalog::{catalog, fill, Catalog};
use csp_domain::{Language, Market};
use leptos::prelude::GetUntracked;

catalog! {
    /// Every user-visible string of the app, in one language.
    pub struct Texts in "app" {
        @nested {
            glossary: Glossary,
            /// Add products, subscriptions, orders.
            selling: SellingTexts,
            /// Software, keys, cancelling purchases, billing, activity log, support, the clock.
            after_sale: AfterSaleTexts,
            /// Refusals, actions, roles, unavailable data: typed messages rendered for the page.
            messages: MessageTexts,
            /// Signing in, users, adding and importing customers.
            accounts: AccountTexts,
            /// Closing soon, the downloads of tables and the credits chart.
            closing: ClosingTexts,
            /// Market names, which only the loaded languages carry.
            markets: MarketNames,
        }
        app_name: "csp-desk",
        skip_to_content: "Skip to content",
        signed_in_as: "Signed in as",
        layout: "Layout",
        workspaces_view: "Workspaces view",
        current_view: "Current view",
        main_menu: "Main menu",
        /// The disclosure the header's controls fold behind on a phone.
        menu: "Menu",
        workspaces: "Workspaces",
        breadcrumb: "Breadcrumb",
        home: "Home",
        backend_local: "Data is kept in this browser (local backend).",
        backend_http: "Data is kept by the server at {server}, shared with your team (server backend).",

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
        customers_one: "{total} customer",
        customers_all: "{total} customers",
        customers_some: "Showing {shown} of {total} customers",
        no_customer_matches: "No customer matches this search.",
        /// A long list shown a page at a time: which rows these are, and how to move.
        page_range: "{first}–{last} of {count}",
        pages: "Pages",
        previous_page: "Previous page",
        next_page: "Next page",
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
        no_such_customer: "There is no customer with the id “{id}”.",

        billing_intro: "Credits from cancellations, and charges for purchases and each billing period, show here per invoice month.",
        activity_log_intro: "Enter a date range to see who accessed software keys or downloaded software.",
        support_intro: "Report a problem to the partner support team, for example a refund on behalf of a customer.",
        account_settings: "Account settings",
        settings_intro: "Settings of the partner account.",

        not_found_title: "Page not found",
        not_found_body: "There is no page at {path}.",
        go_home: "Go to home",
        close: "Close",

        could_not_load: "This could not be loaded: {reason}",
        try_again: "Try again",
        reload: "Reload",
        store_kept_aside: "The data saved in this browser could not be read ({reason}). It was kept aside under the storage key “{key}” and the demo data was loaded instead.",
        store_unwritable: "Changes cannot be saved in this browser ({reason}); they last until you reload.",

        no_partner_role: "no admin role",
        customer_global_admin: "Customer Global admin",

        /// The language picker's label.
        language: "Language",
        loading_language: "Loading {language}…",
        language_failed: "{language} could not be loaded ({reason}); the page stays in English.",
    }
}

impl Texts {
    pub fn backend_http(&self, server: &str) -> String {
        fill(self.backend_http, &[("server", server)])
    }

    /// "51–100 of 4,034": the rows a page shows of a list.
    pub fn page_range(&self, first: usize, last: usize, count: usize) -> String {
        let [first, last, count] = [first, last, count].map(|n| format::integer(n as i64));
        fill(
            self.page_range,
            &[("first", &first), ("last", &last), ("count", &count)],
        )
    }

    pub fn showing_customers(&self, shown: usize, total: usize) -> String {
        let template = match (shown == total, total) {
            (true, 1) => self.customers_one,
            (true, _) => self.customers_all,
            (false, _) => self.customers_some,
        };
        let (shown, total) = (format::integer(shown as i64), format::integer(total as i64));
        fill(template, &[("shown", &shown), ("total", &total)])
    }

    pub fn no_such_customer(&self, id: &str) -> String {
        fill(self.no_such_customer, &[("id", id)])
    }

    pub fn not_found_body(&self, path: &str) -> String {
        fill(self.not_found_body, &[("path", path)])
    }

    pub fn could_not_load(&self, reason: &str) -> String {
        fill(self.could_not_load, &[("reason", reason)])
    }

    pub fn store_kept_aside(&self, key: &str, reason: &str) -> String {
        fill(self.store_kept_aside, &[("key", key), ("reason", reason)])
    }

    pub fn store_unwritable(&self, reason: &str) -> String {
        fill(self.store_unwritable, &[("reason", reason)])
    }

    pub fn loading_language(&self, language: &str) -> String {
        fill(self.loading_language, &[("language", language)])
    }

    pub fn language_failed(&self, language: &str, reason: &str) -> String {
        fill(
            self.language_failed,
            &[("language", language), ("reason", reason)],
        )
    }

    /// A market as lists show it: its name, then its code, as in "Germany (DE)".
    pub fn market_label(&self, market: Market) -> String {
        let code = market.code();
        format!("{} ({code})", self.markets.name(market).unwrap_or(code))
    }
}

/// The names of the markets in a loaded language, by code. English names are compiled into
/// the domain; the other languages' names come with their catalog (`"market.DE"`), so what an
/// English user downloads carries none of them.
#[derive(Clone, Copy, Default)]
pub struct MarketNames(Option<&'static [(Market, &'static str)]>);

impl MarketNames {
    pub const ENGLISH: MarketNames = MarketNames(None);

    /// The market's name, in English where the language has none.
    pub fn name(&self, market: Market) -> Option<&'static str> {
        self.0
            .and_then(|names| names.iter().find(|(known, _)| *known == market))
            .map(|(_, name)| *name)
            // In the browser English names come with the English catalog, like the others'.
            .or_else(|| {
                ENGLISH_COMPILED_IN
                    .then(|| market.known_english_name())
                    .flatten()
            })
    }

    /// Its keys are not signed: a language may name more or fewer markets.
    pub const fn signature(hash: u32) -> u32 {
        hash
    }

    /// Takes the market names that come next in the catalog.
    pub fn localize(&mut self, texts: &mut catalog::Texts) {
        let names: Vec<_> = texts
            .take_markets()
            .into_iter()
            .filter_map(|(code, name)| Some((Market::new(code)?, name)))
            .collect();
        self.0 = Some(Box::leak(names.into_boxed_slice()));
    }

    /// Every named market's key with its English name.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn english(out: &mut Vec<(String, &'static str)>) {
        for market in named_markets() {
            if let Some(name) = market.known_english_name() {
                out.push((format!("{}{}", catalog::MARKET_PREFIX, market.code()), name));
            }
        }
    }
}

/// Every market the domain has a name for, in code order.
#[cfg(not(target_arch = "wasm32"))]
pub fn named_markets() -> impl Iterator<Item = Market> {
    (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| [a, b]))
        .filter_map(|code| Market::new(std::str::from_utf8(&code).ok()?))
        .filter(|market| market.english_name() != market.code())
}

/// English, compiled into native builds; in the browser, the empty catalog the loaded ones
/// are built on (English arrives from `locales/en.json`).
pub static ENGLISH: Texts = Texts::ENGLISH;

/// Whether this build carries English in its code (native builds) rather than fetching it.
const ENGLISH_COMPILED_IN: bool = !cfg!(target_arch = "wasm32");

/// A market as lists show it, in the chosen language: "Germany (DE)", "Deutschland (DE)".
pub fn market_label(market: Market) -> String {
    use_texts().market_label(market)
}

/// A language's own name, as the picker lists it whatever the page's language.
pub fn own_name(language: Language) -> &'static str {
    match language {
        Language::English => "English",
        Language::German => "Deutsch",
        Language::Hungarian => "Magyar",
        Language::Dutch => "Nederlands",
        Language::ChineseSimplified => "简体中文",
    }
}

thread_local! {
    /// The catalogs loaded so far; each is built once and lives as long as the page.
    static LOADED: RefCell<Vec<(Language, &'static Texts)>> = const { RefCell::new(Vec::new()) };
}

/// The catalog for `language`: English until that language's catalog is loaded.
// Out of line: it is read by every page, and inlined it would be in the wasm at each.
#[inline(never)]
pub fn texts(language: Language) -> &'static Texts {
    let loaded = |wanted: Language| {
        LOADED.with_borrow(|loaded| {
            loaded
                .iter()
                .find(|(known, _)| *known == wanted)
                .map(|(_, texts)| *texts)
        })
    };
    loaded(language)
        .or_else(|| loaded(Language::English))
        .unwrap_or(&ENGLISH)
}

/// Whether `language` can be shown now without fetching anything.
pub fn is_loaded(language: Language) -> bool {
    (ENGLISH_COMPILED_IN && language == Language::English)
        || LOADED.with_borrow(|loaded| loaded.iter().any(|(known, _)| *known == language))
}

/// Builds `language`'s catalog from its JSON text and keeps it.
pub fn keep_catalog(language: Language, json: &str) -> Result<&'static Texts, String> {
    // Two loads of one language at once (a quick second pick) keep the first.
    if is_loaded(language) && (language != Language::English || !ENGLISH_COMPILED_IN) {
        return Ok(texts(language));
    }
    // Worked out as the app is compiled, so no key name is in the wasm.
    const SIGNATURE: u32 = Texts::signature(catalog::UNSIGNED);
    let catalog = Catalog::parse(json, SIGNATURE)?;
    // A copy of the static, not of the const: a const would put a second table in the wasm.
    let mut localized = *texts(Language::English);
    localized.localize(&mut catalog.texts());
    let localized: &'static Texts = Box::leak(Box::new(localized));
    LOADED.with_borrow_mut(|loaded| loaded.push((language, localized)));
    Ok(localized)
}

/// The address of `language`'s catalog among the app's assets.
pub fn catalog_url(language: Language) -> String {
    format!("/locales/{}.json", language.tag())
}

/// The catalog of the chosen language. Read once as a page renders, not tracked: the shell
/// draws every page anew when the language changes, so pages hold plain strings, which keeps
/// the wasm small (a reactive closure per string costs code).
#[inline(never)]
pub fn use_texts() -> &'static Texts {
    texts(use_language())
}

/// The chosen language, as the page renders; see [`use_texts`].
pub fn use_language() -> Language {
    crate::preferences::use_preferences()
        .language
        .get_untracked()
}
