//! Every URL of the app, built in one place so links and routes cannot drift apart.

use csp_domain::{CustomerId, ItemId, LinkToken, OrderId, SupportRequestId, User};
use leptos::prelude::*;

use crate::i18n::Texts;

/// The home page: tiles in Workspaces view.
pub const HOME: &str = "/";
/// The customer list.
pub const CUSTOMERS: &str = "/customers";
/// Invoices and credits.
pub const BILLING: &str = "/billing";
/// Who saw which key: Settings → Account settings → Activity log.
pub const ACTIVITY_LOG: &str = "/settings/activity-log";
/// Support requests.
pub const SUPPORT: &str = "/support";
/// Settings.
pub const SETTINGS: &str = "/settings";
/// The support request form, "Report a problem".
pub const REPORT_A_PROBLEM: &str = "/support/report-a-problem";
/// The customer's own view: Billing > Your products > Software.
pub const YOUR_PRODUCTS: &str = "/your-products";
/// The helper for moving a customer from volume licensing (KMS) to CSP (MAK).
pub const VL_TO_CSP: &str = "/vl-to-csp";
/// Settings → Users, on a real server.
pub const USERS: &str = "/settings/users";
/// Add customer, and the import of customers.
pub const ADD_CUSTOMER: &str = "/customers/new";
/// Closing soon: every deadline of every customer, soonest first.
pub const CLOSING_SOON: &str = "/closing-soon";

/// A tab of the customer detail page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CustomerTab {
    #[default]
    Subscriptions,
    Software,
    OrderHistory,
}

impl CustomerTab {
    /// The tabs, in the order the page shows them.
    pub const ALL: [CustomerTab; 3] = [
        CustomerTab::Subscriptions,
        CustomerTab::Software,
        CustomerTab::OrderHistory,
    ];

    /// The tab's path segment.
    pub fn slug(self) -> &'static str {
        match self {
            CustomerTab::Subscriptions => "subscriptions",
            CustomerTab::Software => "software",
            CustomerTab::OrderHistory => "orders",
        }
    }

    /// The tab a path segment names, if any.
    pub fn from_slug(slug: &str) -> Option<CustomerTab> {
        CustomerTab::ALL.into_iter().find(|tab| tab.slug() == slug)
    }
}

/// A page of the app, as its URL names it.
// Matched by hand rather than by leptos_router's `<Routes>`, whose fifteen generic routes
// cost the wasm 35 KB gzipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    Customers,
    /// A customer's detail page, on one of its tabs.
    Customer {
        customer: CustomerId,
        tab: CustomerTab,
    },
    AddProducts {
        customer: CustomerId,
    },
    Subscription {
        customer: CustomerId,
        subscription: ItemId,
    },
    Order {
        customer: CustomerId,
        order: OrderId,
    },
    Billing,
    Settings,
    ActivityLog,
    /// Settings → Users.
    Users,
    /// Add customer (one, or a CSV file of them).
    AddCustomer,
    Support,
    ReportAProblem,
    /// One support request.
    SupportRequest {
        id: SupportRequestId,
    },
    YourProducts,
    /// The page a copied download link opens.
    DownloadLink {
        token: LinkToken,
    },
    VlToCsp,
    /// Every deadline across customers.
    ClosingSoon,
    /// A URL that names no page.
    NotFound,
}

impl Page {
    /// The page at `path` (a URL's path, without query); segments are percent-decoded.
    pub fn at(path: &str) -> Page {
        let path = path
            .strip_suffix('/')
            .filter(|rest| !rest.is_empty())
            .unwrap_or(path);
        let Some(segments) = path
            .strip_prefix('/')
            .and_then(|rest| rest.split('/').map(decode).collect::<Option<Vec<_>>>())
        else {
            return Page::NotFound;
        };
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let customer = |id: &str| CustomerId(id.to_owned());
        match segments.as_slice() {
            [""] => Page::Home,
            ["customers"] => Page::Customers,
            // Before a customer's id: a tenant GUID is never "new".
            ["customers", "new"] => Page::AddCustomer,
            ["customers", id] => Page::Customer {
                customer: customer(id),
                tab: CustomerTab::Subscriptions,
            },
            ["customers", id, "add-products"] => Page::AddProducts {
                customer: customer(id),
            },
            ["customers", id, "subscriptions", subscription] => Page::Subscription {
                customer: customer(id),
                subscription: ItemId((*subscription).to_owned()),
            },
            ["customers", id, "orders", order] => Page::Order {
                customer: customer(id),
                order: OrderId((*order).to_owned()),
            },
            ["customers", id, tab] => match CustomerTab::from_slug(tab) {
                Some(tab) => Page::Customer {
                    customer: customer(id),
                    tab,
                },
                None => Page::NotFound,
            },
            ["billing"] => Page::Billing,
            ["settings"] => Page::Settings,
            ["settings", "activity-log"] => Page::ActivityLog,
            ["settings", "users"] => Page::Users,
            ["support"] => Page::Support,
            ["support", "report-a-problem"] => Page::ReportAProblem,
            ["support", "requests", id] => Page::SupportRequest {
                id: SupportRequestId((*id).to_owned()),
            },
            ["your-products"] => Page::YourProducts,
            ["download", token] => Page::DownloadLink {
                token: LinkToken((*token).to_owned()),
            },
            ["vl-to-csp"] => Page::VlToCsp,
            ["closing-soon"] => Page::ClosingSoon,
            _ => Page::NotFound,
        }
    }

    /// The page as drawn: a customer's tabs are one page, which switches tabs in place.
    pub fn drawn(&self) -> Page {
        match self {
            Page::Customer { customer, .. } => Page::Customer {
                customer: customer.clone(),
                tab: CustomerTab::default(),
            },
            other => other.clone(),
        }
    }
}

/// The page the URL names, provided once by the shell.
#[derive(Clone, Copy)]
pub struct CurrentPage(pub Memo<Page>);

/// The customer tab the URL names. While another page takes over it keeps its last value.
pub fn use_customer_tab() -> Memo<CustomerTab> {
    let CurrentPage(page) = expect_context();
    Memo::new(move |last: Option<&CustomerTab>| {
        page.with(|page| match page {
            Page::Customer { tab, .. } => *tab,
            _ => last.copied().unwrap_or_default(),
        })
    })
}

/// A tab of a customer's detail page.
pub fn customer_tab(id: &CustomerId, tab: CustomerTab) -> String {
    format!("{}/{}", customer(id), tab.slug())
}

/// Add products for a customer.
pub fn add_products(id: &CustomerId) -> String {
    format!("{}/add-products", customer(id))
}

/// A subscription's page.
pub fn subscription(customer_id: &CustomerId, subscription: &ItemId) -> String {
    format!(
        "{}/subscriptions/{}",
        customer(customer_id),
        encode(&subscription.0)
    )
}

/// An order's page, with its line items.
pub fn order(customer_id: &CustomerId, order: &OrderId) -> String {
    format!("{}/orders/{}", customer(customer_id), encode(&order.0))
}

/// One support request's page.
pub fn support_request(id: &SupportRequestId) -> String {
    format!("{SUPPORT}/requests/{}", encode(&id.0))
}

/// The page a copied download link opens.
pub fn download_link(token: &LinkToken) -> String {
    format!("/download/{}", encode(&token.0))
}

/// A customer's detail page.
pub fn customer(id: &CustomerId) -> String {
    format!("{CUSTOMERS}/{}", encode(&id.0))
}

/// The customer list, filtered by a search and a market code (both may be empty).
pub fn customers_filtered(search: &str, market: &str) -> String {
    customers_page(search, market, 1)
}

/// The customer list's `page`th page (from 1) for a search and market.
pub fn customers_page(search: &str, market: &str, page: usize) -> String {
    let mut query = Vec::new();
    if !search.is_empty() {
        query.push(format!("q={}", encode(search)));
    }
    if !market.is_empty() {
        query.push(format!("market={}", encode(market)));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        CUSTOMERS.to_owned()
    } else {
        format!("{CUSTOMERS}?{}", query.join("&"))
    }
}

/// Closing soon filtered by a kind's slug, a customer id and a horizon's slug (any may be
/// empty; the default horizon is left out).
pub fn closing_soon_filtered(kind: &str, customer: &str, within: &str) -> String {
    let query: Vec<String> = [("kind", kind), ("customer", customer), ("within", within)]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    if query.is_empty() {
        CLOSING_SOON.to_owned()
    } else {
        format!("{CLOSING_SOON}?{}", query.join("&"))
    }
}

/// A page with what to do there once it opens (`?act=cancel`): the link from Closing soon
/// straight to the cancel dialog or the autorenew switch.
pub fn acting(page: &str, act: &str) -> String {
    format!("{page}?act={act}")
}

/// A customer's Software tab with the cancel dialog of one perpetual purchase open.
pub fn cancel_purchase(customer_id: &CustomerId, item: &ItemId) -> String {
    format!(
        "{}?act=cancel&item={}",
        customer_tab(customer_id, CustomerTab::Software),
        encode(&item.0)
    )
}

/// The VL to CSP helper with a customer chosen.
pub fn vl_to_csp_for(customer: &CustomerId) -> String {
    format!("{VL_TO_CSP}?customer={}", encode(&customer.0))
}

/// Percent-encodes a path segment or query value (RFC 3986 unreserved characters pass).
pub(crate) fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Percent-decodes a path segment; `None` if it is not UTF-8 once decoded.
fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

/// A workspace: one tile on the home page and one entry of the left-hand menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The customer's own view: their organization's software.
    YourProducts,
    Customers,
    ClosingSoon,
    Billing,
    ActivityLog,
    Support,
    Settings,
}

impl Section {
    /// Every workspace.
    pub const ALL: [Section; 7] = [
        Section::YourProducts,
        Section::Customers,
        Section::ClosingSoon,
        Section::Billing,
        Section::ActivityLog,
        Section::Support,
        Section::Settings,
    ];

    /// The partner console's workspaces, in the order tiles and menu show them: all but Your
    /// products.
    const PARTNER: &'static [Section] = Section::ALL.split_at(1).1;

    /// A customer's own view: their products first, and only what a customer can use (the
    /// activity log and support requests are the partner's).
    const CUSTOMER: &'static [Section] = &[
        Section::YourProducts,
        Section::ClosingSoon,
        Section::Billing,
        Section::Settings,
    ];

    /// The workspaces `user` is offered, in order.
    pub fn offered_to(user: Option<&User>) -> &'static [Section] {
        match user.and_then(User::own_customer) {
            Some(_) => Section::CUSTOMER,
            None => Section::PARTNER,
        }
    }

    /// Where the section lives.
    pub fn href(self) -> &'static str {
        match self {
            Section::YourProducts => YOUR_PRODUCTS,
            Section::Customers => CUSTOMERS,
            Section::ClosingSoon => CLOSING_SOON,
            Section::Billing => BILLING,
            Section::ActivityLog => ACTIVITY_LOG,
            Section::Support => SUPPORT,
            Section::Settings => SETTINGS,
        }
    }

    /// The section a page at `path` belongs to: the one with the longest matching href.
    pub fn of(path: &str) -> Option<Section> {
        Section::ALL
            .into_iter()
            .filter(|section| {
                let href = section.href();
                path.strip_prefix(href)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|section| section.href().len())
    }

    /// The section's name.
    pub fn label(self, texts: &Texts) -> &'static str {
        match self {
            Section::YourProducts => texts.after_sale.your_products_title,
            Section::Customers => texts.customers,
            Section::ClosingSoon => texts.closing.closing_soon,
            Section::Billing => texts.billing,
            Section::ActivityLog => texts.activity_log,
            Section::Support => texts.support,
            Section::Settings => texts.settings,
        }
    }

    /// One line on what the section is for, shown on its tile.
    pub fn summary(self, texts: &Texts) -> &'static str {
        match self {
            Section::YourProducts => texts.your_products_summary,
            Section::Customers => texts.customers_summary,
            Section::ClosingSoon => texts.closing.closing_soon_summary,
            Section::Billing => texts.billing_summary,
            Section::ActivityLog => texts.activity_log_summary,
            Section::Support => texts.support_summary,
            Section::Settings => texts.settings_summary,
        }
    }
}

/// "Report a problem" with the customer's domain, the order and the product filled in, as the
/// cancel dialog links to it when the purchase can no longer be cancelled there.
pub fn report_a_problem_for(tenant_or_domain: &str, order: &str, product: &str) -> String {
    format!(
        "{REPORT_A_PROBLEM}?tenant={}&order={}&product={}",
        encode(tenant_or_domain),
        encode(order),
        encode(product)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_links_escape_what_a_path_segment_cannot_hold() {
        assert_eq!(
            customer(&CustomerId("contoso".into())),
            "/customers/contoso"
        );
        assert_eq!(
            customer(&CustomerId("a/b c".into())),
            "/customers/a%2Fb%20c"
        );
    }

    #[test]
    fn every_link_the_app_builds_names_its_page() {
        let id = CustomerId("a/b c".into());
        assert_eq!(
            Page::at(&customer(&id)),
            Page::Customer {
                customer: id.clone(),
                tab: CustomerTab::Subscriptions
            }
        );
        for tab in CustomerTab::ALL {
            assert_eq!(
                Page::at(&customer_tab(&id, tab)),
                Page::Customer {
                    customer: id.clone(),
                    tab
                }
            );
        }
        assert_eq!(
            Page::at(&add_products(&id)),
            Page::AddProducts {
                customer: id.clone()
            }
        );
        let item = ItemId("sub 1".into());
        assert_eq!(
            Page::at(&subscription(&id, &item)),
            Page::Subscription {
                customer: id.clone(),
                subscription: item
            }
        );
        let order_id = OrderId("ORD-1001".into());
        assert_eq!(
            Page::at(&order(&id, &order_id)),
            Page::Order {
                customer: id,
                order: order_id
            }
        );
        let token = LinkToken("abc-_XYZ0123456789abcdef".into());
        assert_eq!(
            Page::at(&download_link(&token)),
            Page::DownloadLink { token }
        );
        for (path, page) in [
            (HOME, Page::Home),
            (CUSTOMERS, Page::Customers),
            (BILLING, Page::Billing),
            (SETTINGS, Page::Settings),
            (ACTIVITY_LOG, Page::ActivityLog),
            (USERS, Page::Users),
            (ADD_CUSTOMER, Page::AddCustomer),
            (SUPPORT, Page::Support),
            (REPORT_A_PROBLEM, Page::ReportAProblem),
            (YOUR_PRODUCTS, Page::YourProducts),
            (VL_TO_CSP, Page::VlToCsp),
        ] {
            assert_eq!(Page::at(path), page, "{path}");
        }
        let request = SupportRequestId("SR-7 X".to_owned());
        assert_eq!(
            Page::at(&support_request(&request)),
            Page::SupportRequest { id: request }
        );
    }

    #[test]
    fn a_url_that_names_no_page_is_not_found() {
        assert_eq!(
            Page::at("/customers/"),
            Page::Customers,
            "a trailing slash is the same page"
        );
        for path in [
            "",
            "/nowhere",
            "/customers/contoso/invoices",
            "/customers/contoso/orders/ORD-1/lines",
            "/download",
            "/customers/%FF",
        ] {
            assert_eq!(Page::at(path), Page::NotFound, "{path}");
        }
    }

    #[test]
    fn a_page_belongs_to_the_section_with_the_longest_matching_path() {
        assert_eq!(
            Section::of("/customers/contoso/orders"),
            Some(Section::Customers)
        );
        assert_eq!(Section::of("/settings"), Some(Section::Settings));
        assert_eq!(
            Section::of("/settings/activity-log"),
            Some(Section::ActivityLog)
        );
        assert_eq!(Section::of("/supporting"), None);
        assert_eq!(Section::of("/"), None);
    }

    #[test]
    fn the_closing_soon_url_keeps_its_filters() {
        assert_eq!(closing_soon_filtered("", "", ""), "/closing-soon");
        assert_eq!(
            closing_soon_filtered("term_renews", "a b", "7d"),
            "/closing-soon?kind=term_renews&customer=a%20b&within=7d"
        );
        let path = closing_soon_filtered("", "", "90d");
        assert_eq!(Page::at(path.split('?').next().unwrap()), Page::ClosingSoon);
    }

    #[test]
    fn the_customer_list_url_keeps_search_and_market() {
        assert_eq!(customers_filtered("", ""), "/customers");
        assert_eq!(
            customers_filtered("wing tip&co", "AU"),
            "/customers?q=wing%20tip%26co&market=AU"
        );
        assert_eq!(customers_filtered("", "DE"), "/customers?market=DE");
        assert_eq!(customers_page("", "DE", 1), "/customers?market=DE");
        assert_eq!(customers_page("a", "", 3), "/customers?q=a&page=3");
    }
}
