//! The demo data a new desk starts with: customers over the markets that matter to the rules,
//! and users covering the roles.

use chrono::{DateTime, TimeZone, Utc};

use crate::catalog::BillingPlan;
use crate::command::{Command, LineRequest};
use crate::customer::{Customer, CustomerId};
use crate::decide::decide;
use crate::desk::{evolve, Desk};
use crate::event::{Event, EventKind};
use crate::item::{ItemId, LinkToken, ProductKey, Selection};
use crate::market::Market;
use crate::order::OrderId;
use crate::role::{PartnerRole, User, UserId};
use crate::support::{
    Impact, ProblemType, SupportRequestForm, SupportRequestId, SupportRequestStatus,
};

/// When the demo customers were added: before the 14 Oct 2021 cutoff, so both sides of it can
/// be seeded later.
pub fn demo_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 6, 1, 9, 0, 0)
        .single()
        .expect("a valid date")
}

/// Id, name, default domain, tenant GUID, market, currency.
const DEMO_CUSTOMERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "contoso",
        "Contoso Ltd",
        "contoso.onmicrosoft.com",
        "3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01",
        "US",
        "USD",
    ),
    (
        "fabrikam",
        "Fabrikam Inc",
        "fabrikam.onmicrosoft.com",
        "8d1e4a7b-2c3f-4e5d-8a9b-0c1d2e3f4a02",
        "US",
        "USD",
    ),
    (
        "wingtip",
        "Wingtip Toys Pty",
        "wingtiptoys.onmicrosoft.com",
        "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c03",
        "AU",
        "AUD",
    ),
    (
        "tailspin",
        "Tailspin Toys Brasil",
        "tailspintoys.onmicrosoft.com",
        "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d04",
        "BR",
        "BRL",
    ),
    (
        "northwind",
        "Northwind Traders GmbH",
        "northwindtraders.onmicrosoft.com",
        "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a05",
        "DE",
        "EUR",
    ),
    (
        "adatum",
        "Adatum Corporation B.V.",
        "adatum.onmicrosoft.com",
        "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e06",
        "NL",
        "EUR",
    ),
    (
        "litware",
        "Litware Kft.",
        "litware.onmicrosoft.com",
        "9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b07",
        "HU",
        "HUF",
    ),
    (
        "lucerne",
        "Lucerne Publishing (Beijing)",
        "lucernepublishing.partner.onmschina.cn",
        "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f08",
        "CN",
        "CNY",
    ),
    (
        "proseware",
        "Proseware Prishtina",
        "proseware.onmicrosoft.com",
        "6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b09",
        "XK",
        "EUR",
    ),
    (
        "woodgrove",
        "Woodgrove Bank",
        "woodgrovebank.onmicrosoft.com",
        "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c10",
        "GB",
        "GBP",
    ),
    (
        "alpine",
        "Alpine Ski House",
        "alpineskihouse.onmicrosoft.com",
        "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d11",
        "FR",
        "EUR",
    ),
    (
        "coho",
        "Coho Winery",
        "cohowinery.onmicrosoft.com",
        "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e12",
        "CA",
        "CAD",
    ),
    (
        "relecloud",
        "Relecloud KK",
        "relecloud.onmicrosoft.com",
        "d3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f13",
        "JP",
        "JPY",
    ),
    (
        "margies",
        "Margie's Travel",
        "margiestravel.onmicrosoft.com",
        "e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a14",
        "AU",
        "AUD",
    ),
];

/// The demo customers.
pub fn demo_customers() -> Vec<Customer> {
    DEMO_CUSTOMERS
        .iter()
        .map(|&(id, name, domain, tenant, market, currency)| Customer {
            id: CustomerId(id.to_owned()),
            name: name.to_owned(),
            default_domain: domain.to_owned(),
            tenant_id: tenant.to_owned(),
            market: Market::new(market).expect("demo markets are ISO codes"),
            currency: currency.to_owned(),
        })
        .collect()
}

/// The moment a demo desk's clock starts: 15 Nov 2021, 10:00 UTC. Adatum's subscription bought
/// three days earlier is inside its 7-day window, Wingtip's Office is inside its 30 days, and
/// Contoso's Datacenter purchase is past them.
pub fn demo_now() -> DateTime<Utc> {
    at(2021, 11, 15, 10, 0)
}

fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()
        .expect("a valid date")
}

fn line(sku: &str, quantity: u32, billing_plan: BillingPlan) -> LineRequest {
    LineRequest {
        sku: sku.to_owned(),
        quantity,
        billing_plan,
    }
}

fn order(customer: &str, id: &str, lines: Vec<LineRequest>) -> Command {
    Command::PlaceOrder {
        customer: CustomerId(customer.to_owned()),
        order: OrderId(id.to_owned()),
        lines,
    }
}

fn office_choice() -> Selection {
    Selection {
        version: Some("2021".to_owned()),
        language: Some("English".to_owned()),
        file_type: Some("64-bit".to_owned()),
    }
}

/// What happened on the demo desk before [`demo_now`], in order, as the commands users gave.
fn demo_history() -> Vec<(DateTime<Utc>, &'static str, Command)> {
    use BillingPlan::*;
    let avery = "avery";
    vec![
        // Before 14 Oct 2021: not on the Subscriptions page, no autorenew.
        (
            at(2021, 7, 15, 9, 30),
            avery,
            order(
                "contoso",
                "ORD-1001",
                vec![line("DG7GMGF0D5RK:0001", 2, Annual)],
            ),
        ),
        // Perpetual, long past its 30 days.
        (
            at(2021, 9, 1, 14, 0),
            avery,
            order(
                "contoso",
                "ORD-1002",
                vec![line("DG7GMGF0D65N:0002", 1, OneTime)],
            ),
        ),
        // One second before the cutoff, and on the cutoff day (3-year, triennial only then).
        (
            at(2021, 10, 13, 23, 59),
            "gale",
            order(
                "fabrikam",
                "ORD-1003",
                vec![line("DG7GMGF0FKZV:0001", 1, Annual)],
            ),
        ),
        (
            at(2021, 10, 14, 9, 0),
            avery,
            order(
                "fabrikam",
                "ORD-1004",
                vec![line("DG7GMGF0FKZV:0002", 2, Triennial)],
            ),
        ),
        // Perpetual Office in Australia (prices incl. tax), inside its 30 days at demo_now.
        (
            at(2021, 10, 20, 8, 0),
            avery,
            order(
                "wingtip",
                "ORD-1005",
                vec![line("DG7GMGF0D7FV:0002", 10, OneTime)],
            ),
        ),
        // From 22 Oct 2021: a 3-year SKU billed annually and the RDS CAL 2022 monthly.
        (
            at(2021, 10, 25, 11, 0),
            avery,
            order(
                "northwind",
                "ORD-1006",
                vec![
                    line("DG7GMGF0D5RK:0002", 4, Annual),
                    line("DG7GMGF0F4MH:0002", 25, Monthly),
                ],
            ),
        ),
        // ESUs, one of them Windows 7 ESU 2020 (cancelled only through support).
        (
            at(2021, 11, 1, 13, 0),
            avery,
            order(
                "litware",
                "ORD-1007",
                vec![
                    line("DG7GMGF0FKZW:0001", 5, OneTime),
                    line("DG7GMGF0K4DL:0001", 2, OneTime),
                ],
            ),
        ),
        // Office bought and cancelled two days later: a credit on the December invoice.
        (
            at(2021, 11, 1, 15, 0),
            avery,
            order(
                "woodgrove",
                "ORD-1008",
                vec![line("DG7GMGF0D7FV:0002", 3, OneTime)],
            ),
        ),
        (
            at(2021, 11, 3, 10, 0),
            avery,
            Command::CancelOrderLines {
                customer: CustomerId("woodgrove".to_owned()),
                order: OrderId("ORD-1008".to_owned()),
                lines: vec![0],
                acknowledged: true,
            },
        ),
        // A RedHat plan and a 3-year SQL subscription billed triennially in Brazil.
        (
            at(2021, 11, 2, 12, 0),
            "gale",
            order(
                "tailspin",
                "ORD-1009",
                vec![
                    line("DZH318Z0BXWC:0001", 2, Annual),
                    line("DG7GMGF0FKZV:0002", 1, Triennial),
                ],
            ),
        ),
        // An Azure reservation (3-year, annual) and a license-only CAL pack.
        (
            at(2021, 11, 5, 16, 0),
            avery,
            order(
                "contoso",
                "ORD-1010",
                vec![
                    line("DZH318Z0BQ3Q:0002", 1, Annual),
                    line("DG7GMGF0D5VX:0005", 50, OneTime),
                ],
            ),
        ),
        (
            at(2021, 11, 8, 9, 0),
            avery,
            order(
                "relecloud",
                "ORD-1011",
                vec![line("DZH318Z0BXWD:0001", 1, Annual)],
            ),
        ),
        // Three days before demo_now: inside its 7-day cancellation window.
        (
            at(2021, 11, 12, 10, 0),
            avery,
            order(
                "adatum",
                "ORD-1012",
                vec![line("DG7GMGF0D5RK:0001", 1, Annual)],
            ),
        ),
        // Keys and downloads for the activity log.
        (
            at(2021, 10, 21, 9, 0),
            avery,
            Command::RevealKey {
                customer: CustomerId("wingtip".to_owned()),
                item: ItemId("ORD-1005-0".to_owned()),
                selection: office_choice(),
                key: ProductKey("W1NGT1PD3M0K3Y0FF1CE2021LTSC0001".to_owned()),
            },
        ),
        (
            at(2021, 10, 21, 9, 5),
            avery,
            Command::IssueDownloadLink {
                customer: CustomerId("wingtip".to_owned()),
                item: ItemId("ORD-1005-0".to_owned()),
                selection: office_choice(),
                token: LinkToken("dl-wingtip-office-2021-10-21".to_owned()),
            },
        ),
        (
            at(2021, 10, 22, 7, 30),
            "avery",
            Command::DownloadViaLink {
                token: LinkToken("dl-wingtip-office-2021-10-21".to_owned()),
            },
        ),
        (
            at(2021, 11, 4, 11, 0),
            avery,
            Command::FileSupportRequest {
                id: SupportRequestId("SR-2111040001".to_owned()),
                form: SupportRequestForm {
                    problem_type: ProblemType::CspPurchaseRefund,
                    impact: Impact::Moderate,
                    title: "Cancel Windows 7 ESU 2020 for Litware".to_owned(),
                    tenant_or_domain: "litware.onmicrosoft.com".to_owned(),
                    order_or_subscription_id: "ORD-1007".to_owned(),
                    refund_reason: "Devices were upgraded to Windows 10 before use.".to_owned(),
                    amount_requested: "750.00".to_owned(),
                    contact_name: "Avery Admin".to_owned(),
                    contact_email: "avery@partner.example".to_owned(),
                    contact_phone: "+36 1 555 0100".to_owned(),
                    files: Vec::new(),
                },
            },
        ),
        (
            at(2021, 11, 5, 8, 0),
            avery,
            Command::SetSupportRequestStatus {
                id: SupportRequestId("SR-2111040001".to_owned()),
                status: SupportRequestStatus::AttentionNeeded,
            },
        ),
    ]
}

/// The event log a new desk starts from: the demo customers, then the demo history, all before
/// [`demo_now`] and the same on every call.
pub fn demo_events() -> Vec<Event> {
    let mut events: Vec<Event> = demo_customers()
        .into_iter()
        .map(|customer| Event {
            at: demo_start(),
            actor: None,
            kind: EventKind::CustomerAdded { customer },
        })
        .collect();
    let mut desk = Desk::from_events(&events);
    let users = demo_users();
    let mut history = demo_history();
    crate::sort::sort_by(&mut history, |a, b| a.0.cmp(&b.0));
    for (when, user, command) in history {
        let actor = users
            .iter()
            .find(|u| u.id().0 == user)
            .expect("a demo user");
        // Named without the refusal: its Display or Debug would keep every refusal's English
        // in the browser's wasm; the time is enough to find the step in `demo_history`.
        let decided = decide(&desk, actor, when, command)
            .unwrap_or_else(|_| panic!("the demo history breaks a rule at {when}"));
        for event in decided {
            evolve(&mut desk, &event);
            events.push(event);
        }
    }
    events
}

/// The users one can sign in as in the demo, covering every role that the rules tell apart.
pub fn demo_users() -> Vec<User> {
    let partner = |id: &str, name: &str, roles: &[PartnerRole]| User::Partner {
        id: UserId(id.to_owned()),
        name: name.to_owned(),
        roles: roles.to_vec(),
    };
    vec![
        partner("avery", "Avery Admin", &[PartnerRole::AdminAgent]),
        partner("gale", "Gale Global", &[PartnerRole::GlobalAdmin]),
        partner("sam", "Sam Sales", &[PartnerRole::SalesAgent]),
        partner("hollis", "Hollis Helpdesk", &[PartnerRole::HelpdeskAgent]),
        partner("ari", "Ari Account", &[PartnerRole::AccountAdmin]),
        partner("bea", "Bea Billing", &[PartnerRole::BillingAdmin]),
        partner("remy", "Remy Referral", &[PartnerRole::ReferralAdmin]),
        partner(
            "mika",
            "Mika Marketing",
            &[PartnerRole::MarketingContentAdmin],
        ),
        partner("nico", "Nico Newcomer", &[]),
        User::CustomerGlobalAdmin {
            id: UserId("contoso-admin".to_owned()),
            name: "Casey (Contoso Global admin)".to_owned(),
            customer: CustomerId("contoso".to_owned()),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::Desk;

    #[test]
    fn the_demo_desk_has_customers_in_every_market_the_rules_tell_apart() {
        let desk = Desk::from_events(&demo_events());
        let customers = desk.customers();
        assert!(customers.len() >= 12);
        let markets: Vec<_> = customers.iter().map(|c| c.market.code()).collect();
        for needed in ["AU", "BR", "CN", "XK", "US", "DE", "NL", "HU"] {
            assert!(markets.contains(&needed), "no demo customer in {needed}");
        }
        assert!(customers
            .iter()
            .any(|c| !c.market.sells_azure_reservations()));
        assert!(
            customers
                .iter()
                .filter(|c| c.market.prices_include_tax())
                .count()
                >= 2
        );
    }

    #[test]
    fn the_demo_history_covers_both_sides_of_every_date_rule() {
        use crate::item::ItemState;
        let events = demo_events();
        assert_eq!(events, demo_events(), "the seed is deterministic");
        assert!(events.iter().all(|e| e.at < demo_now()));
        let desk = Desk::from_events(&events);
        let now = demo_now();
        let id = |s: &str| CustomerId(s.to_owned());
        // Bought before 14 Oct 2021: in the orders, not on the Subscriptions page.
        assert_eq!(desk.orders_of(&id("contoso")).len(), 3);
        assert!(desk
            .subscriptions_of(&id("contoso"))
            .iter()
            .all(|s| s.order.0 != "ORD-1001"));
        let adatum = desk.subscriptions_of(&id("adatum"));
        assert!(adatum[0].cancellation_window().contains(now));
        assert!(adatum[0].autorenew);
        let old = desk.subscription(&ItemId("ORD-1001-0".into())).unwrap();
        assert!(!old.autorenew && !old.cancellation_window().contains(now));
        let plans: Vec<_> = desk
            .subscriptions_of(&id("northwind"))
            .iter()
            .map(|s| s.billing_plan)
            .collect();
        assert!(plans.contains(&BillingPlan::Annual) && plans.contains(&BillingPlan::Monthly));
        let office = desk.purchase(&ItemId("ORD-1005-0".into())).unwrap();
        assert!(office.cancellation_window().contains(now));
        let datacenter = desk.purchase(&ItemId("ORD-1002-0".into())).unwrap();
        assert!(!datacenter.cancellation_window().contains(now));
        let cancelled = desk.purchase(&ItemId("ORD-1008-0".into())).unwrap();
        assert_eq!(cancelled.state(now), ItemState::Cancelled);
        assert_eq!(desk.credits_per_invoice_month(&id("woodgrove")).len(), 1);
        assert!(desk
            .subscriptions_of(&id("tailspin"))
            .iter()
            .any(|s| s.product == "redhat-enterprise-linux-plan"));
    }

    #[test]
    fn demo_ids_and_tenants_are_unique() {
        let customers = demo_customers();
        let mut ids: Vec<_> = customers.iter().map(|c| &c.id).collect();
        let mut tenants: Vec<_> = customers.iter().map(|c| &c.tenant_id).collect();
        ids.sort();
        ids.dedup();
        tenants.sort();
        tenants.dedup();
        assert_eq!(ids.len(), customers.len());
        assert_eq!(tenants.len(), customers.len());
    }
}
