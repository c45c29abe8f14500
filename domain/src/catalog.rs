//! What can be bought: products, their SKUs, terms, billing plans and prices.

use std::fmt;

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::customer::Customer;
use crate::money::{minor_digits, Money, Price};
use crate::refusal::Refusal;
use crate::time::billing_frequency_start;

/// The kinds of product Partner Center sells through this procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    /// An Azure reservation; not sold in the markets of the exclusion list.
    AzureReservation,
    /// A software subscription with a 1-year or 3-year term.
    SoftwareSubscription,
    /// Perpetual software, bought once.
    PerpetualSoftware,
    /// A license only: the right to use a service, no key and no download.
    LicenseOnly,
    /// Extended Security Updates, with installation instructions.
    ExtendedSecurityUpdates,
    /// A RedHat or SUSE software plan in Azure: never cancelled or exchanged.
    SoftwarePlan,
}

/// How long one SKU lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Term {
    /// One year, renewed or expired at its end.
    #[serde(rename = "P1Y")]
    OneYear,
    /// Three years, renewed or expired at its end.
    #[serde(rename = "P3Y")]
    ThreeYears,
    /// Bought once, kept for ever.
    #[serde(rename = "perpetual")]
    Perpetual,
}

crate::tagged::unit_variants_by_hand!(Term {
    OneYear = "P1Y",
    ThreeYears = "P3Y",
    Perpetual = "perpetual",
});

impl Term {
    /// The months a term lasts; `None` for perpetual.
    pub fn months(self) -> Option<u32> {
        match self {
            Term::OneYear => Some(12),
            Term::ThreeYears => Some(36),
            Term::Perpetual => None,
        }
    }

    /// When a term starting at `start` ends; `None` for perpetual.
    pub fn end_of_term_from(self, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
        start.checked_add_months(Months::new(self.months()?))
    }

    /// The plan that bills once for the whole term (the only plan before 22 Oct 2021).
    pub fn once_per_term_plan(self) -> BillingPlan {
        match self {
            Term::OneYear => BillingPlan::Annual,
            Term::ThreeYears => BillingPlan::Triennial,
            Term::Perpetual => BillingPlan::OneTime,
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Term::OneYear => "1 year",
            Term::ThreeYears => "3 years",
            Term::Perpetual => "perpetual",
        })
    }
}

/// How often a purchase is billed, with Partner Center's billing cycle names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingPlan {
    /// Every month.
    Monthly,
    /// Every year.
    Annual,
    /// Every three years.
    Triennial,
    /// Once.
    OneTime,
    /// A cycle this version does not know, read from outside.
    #[serde(other)]
    Unknown,
}

crate::tagged::unit_variants_by_hand!(BillingPlan {
    Monthly = "monthly",
    Annual = "annual",
    Triennial = "triennial",
    OneTime = "one_time",
} other Unknown);

impl BillingPlan {
    /// The months one billing period lasts within a term of `term`; `None` for one-time billing.
    pub fn period_months(self, term: Term) -> Option<u32> {
        match self {
            BillingPlan::Monthly => Some(1),
            BillingPlan::Annual => Some(12),
            BillingPlan::Triennial => Some(36),
            BillingPlan::OneTime | BillingPlan::Unknown => term.months(),
        }
    }

    /// How many billing periods a term has.
    pub fn periods_per_term(self, term: Term) -> i64 {
        match (term.months(), self.period_months(term)) {
            (Some(term), Some(period)) if period > 0 => i64::from((term / period).max(1)),
            _ => 1,
        }
    }
}

impl fmt::Display for BillingPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BillingPlan::Monthly => "monthly",
            BillingPlan::Annual => "annual",
            BillingPlan::Triennial => "triennial",
            BillingPlan::OneTime => "one_time",
            BillingPlan::Unknown => "unknown",
        })
    }
}

/// What the Software page offers for a product once bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// A product key and downloadable bits.
    KeysAndDownloads,
    /// A product key only (nothing to download).
    KeyOnly,
    /// Neither: a license to use a service.
    LicenseOnly,
    /// Neither: it is used inside Azure.
    InAzure,
}

impl Delivery {
    /// Whether the product has a key to reveal.
    pub fn has_key(self) -> bool {
        matches!(self, Delivery::KeysAndDownloads | Delivery::KeyOnly)
    }

    /// Whether the product has bits to download.
    pub fn has_download(self) -> bool {
        matches!(self, Delivery::KeysAndDownloads)
    }
}

/// How a bought product may be cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CancellationPolicy {
    /// Within 7 days of each term start, prorated refund.
    WithinSevenDaysOfEachTerm,
    /// Within 30 days of purchase, 100% credit.
    WithinThirtyDaysOfPurchase,
    /// Never cancelled or exchanged (RedHat and SUSE software plans).
    Never,
    /// Only through a customer support request (Windows 7 ESU 2020).
    ThroughSupportRequest,
}

/// One way to buy a product: a term, the billing plans offered, a list price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Sku {
    /// The SKU id used in orders.
    pub id: &'static str,
    /// The SKU's title, such as "3 years".
    pub title: &'static str,
    /// How long it lasts.
    pub term: Term,
    /// The billing plans offered from 22 Oct 2021; before that only the once-per-term plan.
    pub plans: &'static [BillingPlan],
    /// The price for one unit and one whole term, in US cents, before conversion.
    pub list_price_usd_cents: i64,
}

impl Sku {
    /// The billing plans offered for a purchase at `at`.
    pub fn plans_offered_on(&self, at: DateTime<Utc>) -> Vec<BillingPlan> {
        if at < billing_frequency_start() {
            vec![self.term.once_per_term_plan()]
        } else {
            self.plans.to_vec()
        }
    }
}

/// A product in the catalog with its SKUs and the choices the Software page asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// The product id.
    pub id: &'static str,
    /// The product name as Partner Center shows it.
    pub name: &'static str,
    /// The kind, which decides the rules.
    pub kind: ProductKind,
    /// What the Software page offers once bought.
    pub delivery: Delivery,
    /// The SKUs.
    pub skus: &'static [Sku],
    /// Versions to choose from; empty hides the choice.
    pub versions: &'static [&'static str],
    /// Languages to choose from; empty hides the choice.
    pub languages: &'static [&'static str],
    /// File types or operating systems to choose from; empty hides the choice.
    pub file_types: &'static [&'static str],
    /// A link to installation instructions (ESU products).
    pub installation_instructions: Option<&'static str>,
    /// How it may be cancelled.
    pub cancellation: CancellationPolicy,
}

impl Product {
    /// Why the console may not cancel what was bought of this product, if it may not: the
    /// cancel itself and the cancel dialog's choices ask the same.
    pub fn cancel_refusal(&self) -> Option<Refusal> {
        let product = self.name.to_owned();
        match self.cancellation {
            CancellationPolicy::Never => Some(Refusal::NeverCancellable { product }),
            CancellationPolicy::ThroughSupportRequest => {
                Some(Refusal::CancelThroughSupportRequest { product })
            }
            _ => None,
        }
    }
}

/// One SKU of the catalog with its product.
pub type CatalogSku = (&'static Product, &'static Sku);

/// Every product the partner can sell.
pub fn catalog() -> &'static [Product] {
    CATALOG
}

/// The product with `id`.
pub fn product(id: &str) -> Option<&'static Product> {
    CATALOG.iter().find(|product| product.id == id)
}

/// The SKU with `id` and its product.
pub fn sku(id: &str) -> Option<CatalogSku> {
    CATALOG.iter().find_map(|product| {
        product
            .skus
            .iter()
            .find(|sku| sku.id == id)
            .map(|sku| (product, sku))
    })
}

/// The price of one unit for one term of `sku` for `customer`, or `None` for a currency without
/// a price list.
pub fn price_for(sku: &Sku, customer: &Customer) -> Option<Price> {
    let rate = usd_rate(&customer.currency)?;
    let scale = 10i128.pow(minor_digits(&customer.currency));
    // Price lists are per currency; this fixed rate stands in for them in the demo.
    let minor = i128::from(sku.list_price_usd_cents) * i128::from(rate) * scale / (10_000 * 100);
    Some(Price {
        amount: Money::new(i64::try_from(minor).ok()?, customer.currency.clone()),
        includes_tax: customer.market.prices_include_tax(),
    })
}

/// Whether there is a price list in `currency`, so a customer billed in it can buy.
pub fn has_price_list(currency: &str) -> bool {
    usd_rate(currency).is_some()
}

/// The currencies with a price list, for the schema of a form that names one.
#[cfg(feature = "openapi")]
pub const PRICE_LIST_CURRENCIES: [&str; 9] = [
    "USD", "AUD", "BRL", "EUR", "GBP", "CAD", "HUF", "CNY", "JPY",
];

/// The schema of a currency a form may name: one with a price list.
#[cfg(feature = "openapi")]
pub fn price_list_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(
            PRICE_LIST_CURRENCIES
                .into_iter()
                .filter(|currency| has_price_list(currency)),
        ))
        .examples(["EUR"])
        .build()
}

/// How many units of a currency one US dollar buys, × 10 000.
fn usd_rate(currency: &str) -> Option<i64> {
    Some(match currency {
        "USD" => 10_000,
        "AUD" => 15_000,
        "BRL" => 54_000,
        "EUR" => 9_000,
        "GBP" => 7_800,
        "CAD" => 12_500,
        "HUF" => 3_000_000,
        "CNY" => 65_000,
        "JPY" => 1_100_000,
        _ => return None,
    })
}

/// How long the first billing period of a term lasts when billed with `plan`.
pub fn billing_period(term: Term, plan: BillingPlan, term_start: DateTime<Utc>) -> Duration {
    let months = plan.period_months(term).unwrap_or(0);
    term_start
        .checked_add_months(Months::new(months))
        .map_or(Duration::zero(), |end| end - term_start)
}

const ONE_YEAR: &[BillingPlan] = &[BillingPlan::Annual];
const THREE_YEARS: &[BillingPlan] = &[BillingPlan::Annual, BillingPlan::Triennial];
const ONE_TIME: &[BillingPlan] = &[BillingPlan::OneTime];
const RDS_ONE_YEAR: &[BillingPlan] = &[BillingPlan::Annual, BillingPlan::Monthly];
const RDS_THREE_YEARS: &[BillingPlan] = &[
    BillingPlan::Annual,
    BillingPlan::Triennial,
    BillingPlan::Monthly,
];
const LANGUAGES: &[&str] = &[
    "English",
    "German",
    "Hungarian",
    "Dutch",
    "Chinese (Simplified)",
];

const fn subscription_skus(
    one_year: &'static str,
    three_years: &'static str,
    one_year_cents: i64,
    three_year_cents: i64,
) -> [Sku; 2] {
    [
        Sku {
            id: one_year,
            title: "1 year",
            term: Term::OneYear,
            plans: ONE_YEAR,
            list_price_usd_cents: one_year_cents,
        },
        Sku {
            id: three_years,
            title: "3 years",
            term: Term::ThreeYears,
            plans: THREE_YEARS,
            list_price_usd_cents: three_year_cents,
        },
    ]
}

const fn perpetual_sku(id: &'static str, cents: i64) -> [Sku; 1] {
    [Sku {
        id,
        title: "Perpetual",
        term: Term::Perpetual,
        plans: ONE_TIME,
        list_price_usd_cents: cents,
    }]
}

/// The demo catalog: one or more products of every kind the rules tell apart.
const CATALOG: &[Product] = &[
    Product {
        id: "azure-reserved-vm-d2s-v3",
        name: "Azure Reserved VM Instance, D2s v3",
        kind: ProductKind::AzureReservation,
        delivery: Delivery::InAzure,
        skus: &subscription_skus("DZH318Z0BQ3Q:0001", "DZH318Z0BQ3Q:0002", 73_600, 141_900),
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinSevenDaysOfEachTerm,
    },
    Product {
        id: "windows-server-2022-standard",
        name: "Windows Server 2022 Standard - 16 Core License Pack",
        kind: ProductKind::SoftwareSubscription,
        delivery: Delivery::KeysAndDownloads,
        skus: &subscription_skus("DG7GMGF0D5RK:0001", "DG7GMGF0D5RK:0002", 29_700, 89_100),
        versions: &["2022", "2019"],
        languages: LANGUAGES,
        file_types: &["ISO (64-bit)", "VHD (64-bit)"],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinSevenDaysOfEachTerm,
    },
    Product {
        id: "sql-server-2019-standard",
        name: "SQL Server 2019 Standard - 2 Core License Pack",
        kind: ProductKind::SoftwareSubscription,
        delivery: Delivery::KeysAndDownloads,
        skus: &subscription_skus("DG7GMGF0FKZV:0001", "DG7GMGF0FKZV:0002", 185_900, 557_700),
        versions: &["2019"],
        languages: LANGUAGES,
        file_types: &["ISO (64-bit)"],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinSevenDaysOfEachTerm,
    },
    Product {
        id: "windows-rds-cal-2022",
        name: "Windows Remote Desktop Server CAL 2022",
        kind: ProductKind::SoftwareSubscription,
        delivery: Delivery::KeyOnly,
        skus: &[
            Sku {
                id: "DG7GMGF0F4MH:0001",
                title: "1 year",
                term: Term::OneYear,
                plans: RDS_ONE_YEAR,
                list_price_usd_cents: 8_400,
            },
            Sku {
                id: "DG7GMGF0F4MH:0002",
                title: "3 years",
                term: Term::ThreeYears,
                plans: RDS_THREE_YEARS,
                list_price_usd_cents: 25_200,
            },
        ],
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinSevenDaysOfEachTerm,
    },
    Product {
        id: "windows-server-2022-datacenter",
        name: "Windows Server 2022 Datacenter - 16 Core License Pack",
        kind: ProductKind::PerpetualSoftware,
        delivery: Delivery::KeysAndDownloads,
        skus: &perpetual_sku("DG7GMGF0D65N:0002", 615_500),
        versions: &["2022"],
        languages: LANGUAGES,
        file_types: &["ISO (64-bit)", "VHD (64-bit)"],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinThirtyDaysOfPurchase,
    },
    Product {
        id: "office-ltsc-professional-plus-2021",
        name: "Office LTSC Professional Plus 2021",
        kind: ProductKind::PerpetualSoftware,
        delivery: Delivery::KeysAndDownloads,
        skus: &perpetual_sku("DG7GMGF0D7FV:0002", 43_900),
        versions: &["2021"],
        languages: LANGUAGES,
        file_types: &["32-bit", "64-bit"],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinThirtyDaysOfPurchase,
    },
    Product {
        id: "windows-server-2022-user-cal",
        name: "Windows Server 2022 - 1 User CAL",
        kind: ProductKind::LicenseOnly,
        delivery: Delivery::LicenseOnly,
        skus: &perpetual_sku("DG7GMGF0D5VX:0005", 4_500),
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: None,
        cancellation: CancellationPolicy::WithinThirtyDaysOfPurchase,
    },
    Product {
        id: "windows-server-2012-esu",
        name: "Windows Server 2012/R2 Extended Security Updates",
        kind: ProductKind::ExtendedSecurityUpdates,
        delivery: Delivery::KeyOnly,
        skus: &perpetual_sku("DG7GMGF0K4DL:0001", 89_200),
        versions: &["2012", "2012 R2"],
        languages: &[],
        file_types: &[],
        installation_instructions: Some(
            "https://learn.microsoft.com/windows-server/get-started/extended-security-updates-deploy",
        ),
        cancellation: CancellationPolicy::WithinThirtyDaysOfPurchase,
    },
    Product {
        id: "windows-7-esu-2020",
        name: "Windows 7 Extended Security Updates 2020",
        kind: ProductKind::ExtendedSecurityUpdates,
        delivery: Delivery::KeyOnly,
        skus: &perpetual_sku("DG7GMGF0FKZW:0001", 5_000),
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: Some(
            "https://learn.microsoft.com/troubleshoot/windows-client/windows-7-eos-faq/windows-7-extended-security-updates-faq",
        ),
        cancellation: CancellationPolicy::ThroughSupportRequest,
    },
    Product {
        id: "redhat-enterprise-linux-plan",
        name: "Red Hat Enterprise Linux software plan",
        kind: ProductKind::SoftwarePlan,
        delivery: Delivery::InAzure,
        skus: &subscription_skus("DZH318Z0BXWC:0001", "DZH318Z0BXWC:0002", 59_300, 142_300),
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: None,
        cancellation: CancellationPolicy::Never,
    },
    Product {
        id: "suse-linux-enterprise-server-plan",
        name: "SUSE Linux Enterprise Server software plan",
        kind: ProductKind::SoftwarePlan,
        delivery: Delivery::InAzure,
        skus: &subscription_skus("DZH318Z0BXWD:0001", "DZH318Z0BXWD:0002", 38_500, 92_400),
        versions: &[],
        languages: &[],
        file_types: &[],
        installation_instructions: None,
        cancellation: CancellationPolicy::Never,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::CustomerId;
    use crate::market::Market;
    use crate::time::utc;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            BillingPlan::READ_BY_NAME,
            BillingPlan::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(Term::READ_BY_NAME, Term::from_value);
    }

    fn customer(market: &str, currency: &str) -> Customer {
        Customer {
            id: CustomerId(market.to_lowercase()),
            name: market.into(),
            default_domain: format!("{market}.example"),
            tenant_id: "00000000-0000-4000-8000-000000000000".into(),
            market: Market::new(market).unwrap(),
            currency: currency.into(),
        }
    }

    #[test]
    fn the_catalog_holds_every_kind_of_product_the_rules_tell_apart() {
        use ProductKind::*;
        for kind in [
            AzureReservation,
            SoftwareSubscription,
            PerpetualSoftware,
            LicenseOnly,
            ExtendedSecurityUpdates,
            SoftwarePlan,
        ] {
            assert!(catalog().iter().any(|p| p.kind == kind), "no {kind:?}");
        }
        assert!(product("windows-7-esu-2020").is_some());
        assert!(product("windows-rds-cal-2022").is_some());
        assert!(catalog()
            .iter()
            .filter(|p| p.kind == ExtendedSecurityUpdates)
            .all(|p| p.installation_instructions.is_some()));
    }

    #[test]
    fn sku_ids_are_unique() {
        let mut ids: Vec<_> = catalog()
            .iter()
            .flat_map(|p| p.skus.iter().map(|s| s.id))
            .collect();
        let all = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), all);
    }

    #[test]
    fn australian_and_brazilian_prices_include_tax_and_german_prices_exclude_it() {
        let (_, sku) = sku("DG7GMGF0D5RK:0001").unwrap();
        let au = price_for(sku, &customer("AU", "AUD")).unwrap();
        let br = price_for(sku, &customer("BR", "BRL")).unwrap();
        let de = price_for(sku, &customer("DE", "EUR")).unwrap();
        assert!(au.includes_tax && br.includes_tax && !de.includes_tax);
        assert_eq!(au.to_string(), "445.50 AUD (incl. tax)");
        assert_eq!(br.amount, Money::new(160_380, "BRL"));
        assert_eq!(de.to_string(), "267.30 EUR (excl. tax)");
    }

    #[test]
    fn prices_are_in_the_customers_currency_and_its_minor_unit() {
        let (_, sku) = sku("DG7GMGF0D5RK:0001").unwrap();
        assert_eq!(
            price_for(sku, &customer("JP", "JPY")).unwrap().amount,
            Money::new(32_670, "JPY")
        );
        assert_eq!(price_for(sku, &customer("XX", "XXX")), None);
    }

    #[test]
    fn three_year_skus_offer_annual_or_triennial_billing_from_22_october_2021() {
        let (_, three_years) = sku("DG7GMGF0D5RK:0002").unwrap();
        assert_eq!(
            three_years.plans_offered_on(utc(2021, 10, 22) - Duration::seconds(1)),
            [BillingPlan::Triennial]
        );
        assert_eq!(
            three_years.plans_offered_on(utc(2021, 10, 22)),
            [BillingPlan::Annual, BillingPlan::Triennial]
        );
        let (_, rds) = sku("DG7GMGF0F4MH:0001").unwrap();
        assert!(rds
            .plans_offered_on(utc(2021, 10, 22))
            .contains(&BillingPlan::Monthly));
        assert!(!rds
            .plans_offered_on(utc(2021, 10, 21))
            .contains(&BillingPlan::Monthly));
    }

    #[test]
    fn billing_cycles_use_partner_center_names_and_unknown_ones_are_kept_as_unknown() {
        let json = serde_json::to_string(&[BillingPlan::OneTime, BillingPlan::Triennial]).unwrap();
        assert_eq!(json, r#"["one_time","triennial"]"#);
        let read: BillingPlan = serde_json::from_str("\"quarterly\"").unwrap();
        assert_eq!(read, BillingPlan::Unknown);
        assert_eq!(serde_json::to_string(&Term::ThreeYears).unwrap(), "\"P3Y\"");
    }
}
