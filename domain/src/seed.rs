//! The demo data a new desk starts with: customers over the markets that matter to the rules,
//! and users covering the roles.

use chrono::{DateTime, TimeZone, Utc};

use crate::customer::{Customer, CustomerId};
use crate::event::{Event, EventKind};
use crate::market::Market;
use crate::role::{PartnerRole, User, UserId};

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

/// The event log a new desk starts from.
pub fn demo_events() -> Vec<Event> {
    demo_customers()
        .into_iter()
        .map(|customer| Event {
            at: demo_start(),
            actor: None,
            kind: EventKind::CustomerAdded { customer },
        })
        .collect()
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
