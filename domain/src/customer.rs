//! Customers and their ids.

use std::fmt;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::catalog::has_price_list;
use crate::csv;
use crate::desk::Desk;
use crate::market::Market;
use crate::refusal::{Refusal, RowProblem};
use crate::support::{is_domain, is_tenant_guid, FieldProblem, FormField};

/// A customer's id, as in Partner Center's `/v1/customers/{id}` (the tenant id there).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CustomerId(pub String);

// A customer is found by the id in a key of text, without building a `CustomerId`; `Ord` on
// both is the string's, so a map of ids can be searched by `str`.
impl std::borrow::Borrow<str> for CustomerId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A business customer the partner buys software for.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// The id used in URLs and API paths.
    pub id: CustomerId,
    /// The company name.
    pub name: String,
    /// The default domain, such as `contoso.onmicrosoft.com`.
    pub default_domain: String,
    /// The Microsoft Entra tenant GUID, lower case with hyphens.
    pub tenant_id: String,
    /// The customer's market, which decides tax display and what may be sold.
    pub market: Market,
    /// The ISO 4217 currency the customer is billed in.
    pub currency: String,
}

crate::tagged::read_by_hand!(Customer);

impl Customer {
    /// A customer read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Customer, serde_json::Error> {
        let names = [
            "id",
            "name",
            "defaultDomain",
            "tenantId",
            "market",
            "currency",
        ];
        let mut fields = crate::tagged::fields(value, &names, 6)?;
        Ok(Customer {
            id: fields.field("id")?,
            name: fields.field("name")?,
            default_domain: fields.field("defaultDomain")?,
            tenant_id: fields.field("tenantId")?,
            market: fields.field("market")?,
            currency: fields.field("currency")?,
        })
    }
}

/// `text` with its capitals made small, so a search ignores case: "müller" finds "MÜLLER".
pub fn folded(text: &str) -> String {
    let mut small = String::with_capacity(text.len());
    small.extend(text.chars().map(small_letter));
    small
}

/// The small letter of a capital of the scripts the desk's customers write their names in:
/// Latin (with Latin-1 and Extended-A, which hold German's and Hungarian's letters, and most of
/// Extended-B, which holds Romanian's), Greek and Cyrillic. Anything else stays as it is; Chinese has no capitals.
// std's `to_lowercase` carries Unicode's whole case table, 7.5 KB of the gzipped wasm.
fn small_letter(letter: char) -> char {
    // (first, last, what to add, which of them: 0 every one, 1 the even, 2 the odd).
    const RANGES: [(u32, u32, u32, u32); 25] = [
        (0x41, 0x5A, 0x20, 0),
        (0xC0, 0xD6, 0x20, 0),
        (0xD8, 0xDE, 0x20, 0),
        (0x100, 0x12F, 1, 1),
        (0x132, 0x137, 1, 1),
        (0x139, 0x148, 1, 2),
        (0x14A, 0x177, 1, 1),
        (0x179, 0x17E, 1, 2),
        (0x1DE, 0x1EF, 1, 1),
        (0x1F8, 0x21F, 1, 1),
        (0x222, 0x233, 1, 1),
        (0x246, 0x24F, 1, 1),
        (0x386, 0x386, 0x26, 0),
        (0x388, 0x38A, 0x25, 0),
        (0x38C, 0x38C, 0x40, 0),
        (0x38E, 0x38F, 0x3F, 0),
        (0x391, 0x3A1, 0x20, 0),
        (0x3A3, 0x3AB, 0x20, 0),
        (0x3D8, 0x3EF, 1, 1),
        (0x400, 0x40F, 0x50, 0),
        (0x410, 0x42F, 0x20, 0),
        (0x460, 0x481, 1, 1),
        (0x48A, 0x4BF, 1, 1),
        (0x4C1, 0x4CE, 1, 2),
        (0x4D0, 0x4FF, 1, 1),
    ];
    let code = letter as u32;
    let small = match code {
        // İ: Unicode makes it "i" and a combining dot, which no one types in a search.
        0x130 => 0x69,
        0x178 => 0xFF,
        // A final sigma is the same letter as σ.
        0x3C2 => 0x3C3,
        // The ranges rise: those past the letter are not read, so the ASCII that most of a
        // name, a domain or a GUID is written in costs a look at one or two.
        _ => RANGES
            .iter()
            .take_while(|&&(first, ..)| first <= code)
            .find(|&&(first, last, _, which)| {
                (first..=last).contains(&code)
                    && (which == 0 || code.is_multiple_of(2) == (which == 1))
            })
            .map_or(code, |&(_, _, add, _)| code + add),
    };
    char::from_u32(small).unwrap_or(letter)
}

/// The longest company name the desk keeps, as Partner Center's form allows.
pub const MAX_COMPANY_NAME: usize = 100;

/// The "Add customer" form, and a row of an import, as a person typed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerForm {
    /// The company name: up to 100 characters, no control characters.
    #[cfg_attr(feature = "openapi", schema(required = true, schema_with = crate::customer::company_name_schema))]
    pub name: String,
    /// The default domain, in use by no other customer (any case).
    #[cfg_attr(feature = "openapi", schema(required = true, schema_with = crate::customer::domain_schema))]
    pub default_domain: String,
    /// The Microsoft Entra tenant GUID, which becomes the customer's id; in use by no other
    /// customer.
    #[cfg_attr(feature = "openapi", schema(required = true, schema_with = crate::customer::tenant_schema))]
    pub tenant_id: String,
    /// The two-letter market code, in either case.
    #[cfg_attr(feature = "openapi", schema(required = true, schema_with = crate::market::named_market_schema))]
    pub market: String,
    /// The ISO 4217 currency code of a price list.
    #[cfg_attr(feature = "openapi", schema(required = true, schema_with = crate::catalog::price_list_schema))]
    pub currency: String,
}

/// The schema of a company name as `problems` reads it.
#[cfg(feature = "openapi")]
pub(crate) fn company_name_schema() -> utoipa::openapi::schema::Object {
    crate::support::schemas::text(MAX_COMPANY_NAME, r"\x00-\x1f\x7f-\x9f", "Fabrikam")
}

/// The schema of a default domain as `problems` reads it.
#[cfg(feature = "openapi")]
pub(crate) fn domain_schema() -> utoipa::openapi::schema::Object {
    crate::support::schemas::shaped(
        253,
        &crate::support::schemas::short_domain(),
        "fabrikam.example",
    )
}

/// The schema of a tenant GUID as `problems` reads it.
#[cfg(feature = "openapi")]
pub(crate) fn tenant_schema() -> utoipa::openapi::schema::Object {
    crate::support::schemas::shaped(
        36,
        crate::support::schemas::GUID,
        "5a9a4d8e-4b1f-4d4c-9e0e-0d6a7a3b2c10",
    )
}

/// The tenants (and ids) and default domains in use, in lower case: what a new customer must
/// not repeat. Looked up in a sorted set, so an import of thousands of rows stays quick.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TakenNames {
    tenants: BTreeSet<String>,
    domains: BTreeSet<String>,
}

impl TakenNames {
    /// Notes a tenant and a domain as used, whatever their case.
    pub fn note(&mut self, tenant: &str, domain: &str) {
        self.tenants.insert(tenant.trim().to_ascii_lowercase());
        self.domains.insert(domain.trim().to_ascii_lowercase());
    }

    /// Whether `tenant` (in any case) is in use.
    pub fn has_tenant(&self, tenant: &str) -> bool {
        self.tenants.contains(&tenant.trim().to_ascii_lowercase())
    }

    /// Whether `domain` (in any case) is in use.
    pub fn has_domain(&self, domain: &str) -> bool {
        self.domains.contains(&domain.trim().to_ascii_lowercase())
    }
}

/// The names a desk's customers use (kept by the desk), and those noted since: the earlier
/// rows of the same import.
pub struct NamesInUse<'a> {
    desk: &'a TakenNames,
    noted: TakenNames,
}

impl<'a> NamesInUse<'a> {
    /// The names the desk's customers use.
    pub fn of(desk: &'a Desk) -> NamesInUse<'a> {
        NamesInUse {
            desk: desk.taken_names(),
            noted: TakenNames::default(),
        }
    }

    /// Notes a tenant and a domain as used, whatever their case.
    pub fn note(&mut self, tenant: &str, domain: &str) {
        self.noted.note(tenant, domain);
    }

    /// Whether `tenant` (in any case) is in use.
    pub fn has_tenant(&self, tenant: &str) -> bool {
        self.desk.has_tenant(tenant) || self.noted.has_tenant(tenant)
    }

    /// Whether `domain` (in any case) is in use.
    pub fn has_domain(&self, domain: &str) -> bool {
        self.desk.has_domain(domain) || self.noted.has_domain(domain)
    }
}

impl CustomerForm {
    /// What is wrong with each field, checked against the names `taken` by the desk's
    /// customers (and by earlier rows of an import); empty when the customer can be added.
    pub fn problems(&self, taken: &NamesInUse) -> Vec<(FormField, FieldProblem)> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        let domain = self.default_domain.trim().to_ascii_lowercase();
        let tenant = self.tenant_id.trim().to_ascii_lowercase();
        if name.is_empty() {
            problems.push((FormField::CompanyName, FieldProblem::Missing));
        } else if name.chars().count() > MAX_COMPANY_NAME {
            let max = MAX_COMPANY_NAME;
            problems.push((FormField::CompanyName, FieldProblem::TooLong { max }));
        } else if name.chars().any(char::is_control) {
            // A name is shown and searched as text; a NUL would also cut the desk's index key.
            problems.push((FormField::CompanyName, FieldProblem::NotText));
        }
        let domain_problem = if domain.is_empty() {
            Some(FieldProblem::Missing)
        } else if domain.len() > 253 || !is_domain(&domain) {
            Some(FieldProblem::NotADomain)
        } else if taken.has_domain(&domain) {
            Some(FieldProblem::Taken)
        } else {
            None
        };
        if let Some(problem) = domain_problem {
            problems.push((FormField::DefaultDomain, problem));
        }
        let tenant_problem = if tenant.is_empty() {
            Some(FieldProblem::Missing)
        } else if !is_tenant_guid(&tenant) {
            Some(FieldProblem::NotATenantGuid)
        } else if taken.has_tenant(&tenant) {
            Some(FieldProblem::Taken)
        } else {
            None
        };
        if let Some(problem) = tenant_problem {
            problems.push((FormField::TenantId, problem));
        }
        let market = self.market.trim();
        if market.is_empty() {
            problems.push((FormField::Market, FieldProblem::Missing));
        } else if !Market::new(market).is_some_and(|m| m.is_named()) {
            problems.push((FormField::Market, FieldProblem::UnknownMarket));
        }
        let currency = self.currency.trim().to_ascii_uppercase();
        if currency.is_empty() {
            problems.push((FormField::Currency, FieldProblem::Missing));
        } else if !has_price_list(&currency) {
            problems.push((FormField::Currency, FieldProblem::NoPriceList));
        }
        problems
    }

    /// The customer this form adds, its id the tenant GUID as Partner Center's is; the first
    /// problem refuses it.
    pub fn customer(&self, desk: &Desk) -> Result<Customer, Refusal> {
        if let Some((field, problem)) = self.problems(&NamesInUse::of(desk)).into_iter().next() {
            return Err(Refusal::InvalidField { field, problem });
        }
        self.accepted()
    }

    /// The customer of a form without problems.
    fn accepted(&self) -> Result<Customer, Refusal> {
        let tenant = self.tenant_id.trim().to_ascii_lowercase();
        let market = Market::new(self.market.trim()).ok_or(Refusal::InvalidField {
            field: FormField::Market,
            problem: FieldProblem::UnknownMarket,
        })?;
        Ok(Customer {
            id: CustomerId(tenant.clone()),
            name: self.name.trim().to_owned(),
            default_domain: self.default_domain.trim().to_ascii_lowercase(),
            tenant_id: tenant,
            market,
            currency: self.currency.trim().to_ascii_uppercase(),
        })
    }
}

/// The columns an import's header row names, in any order and case.
pub const IMPORT_COLUMNS: [(&str, FormField); 5] = [
    ("name", FormField::CompanyName),
    ("defaultDomain", FormField::DefaultDomain),
    ("tenantId", FormField::TenantId),
    ("market", FormField::Market),
    ("currency", FormField::Currency),
];

/// The most customers one import adds.
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// The customers of a CSV file whose header row names [`IMPORT_COLUMNS`]: all of them, or,
/// if any row has a problem, a refusal that names every bad row and why, so nothing is added
/// until the file is right.
pub fn customers_from_csv(desk: &Desk, text: &str) -> Result<Vec<Customer>, Refusal> {
    let rows = csv::read(text).map_err(|line| Refusal::ImportRejected {
        problems: vec![RowProblem {
            row: line,
            field: None,
            problem: FieldProblem::NotCsv,
        }],
    })?;
    let Some(((_, header), rows)) = rows.split_first() else {
        return Err(Refusal::NothingToImport);
    };
    let mut problems = Vec::new();
    let mut positions = [0; 5];
    for (position, (name, field)) in positions.iter_mut().zip(IMPORT_COLUMNS) {
        match header
            .iter()
            .position(|column| column.trim().eq_ignore_ascii_case(name))
        {
            Some(at) => *position = at,
            None => problems.push(RowProblem {
                row: 1,
                field: Some(field),
                problem: FieldProblem::Missing,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(Refusal::ImportRejected { problems });
    }
    if rows.is_empty() {
        return Err(Refusal::NothingToImport);
    }
    if rows.len() > MAX_IMPORT_ROWS {
        return Err(Refusal::TooManyRows {
            max: MAX_IMPORT_ROWS,
        });
    }
    let mut customers: Vec<Customer> = Vec::with_capacity(rows.len());
    let mut taken = NamesInUse::of(desk);
    for (line, row) in rows {
        if row.len() != header.len() {
            problems.push(RowProblem {
                row: *line,
                field: None,
                problem: FieldProblem::NotCsv,
            });
            continue;
        }
        let cell = |at: usize| row[positions[at]].clone();
        let form = CustomerForm {
            name: cell(0),
            default_domain: cell(1),
            tenant_id: cell(2),
            market: cell(3),
            currency: cell(4),
        };
        let found = form.problems(&taken);
        // Every row's names count as taken for the rows after it, a bad row's too, so one
        // refusal names every clash at once.
        taken.note(&form.tenant_id, &form.default_domain);
        if found.is_empty() {
            customers.push(form.accepted()?);
        }
        problems.extend(found.into_iter().map(|(field, problem)| RowProblem {
            row: *line,
            field: Some(field),
            problem,
        }));
    }
    if problems.is_empty() {
        Ok(customers)
    } else {
        Err(Refusal::ImportRejected { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_are_read_by_hand_as_the_derived_reader_reads_them() {
        crate::tagged::tests::reads_as_derived(
            &crate::seed::demo_customers(),
            Customer::from_value,
        );
    }

    #[test]
    fn small_letters_are_unicodes_own_up_to_cyrillic() {
        // Where Unicode's small letter is one character, ours is the same, but for the
        // irregular letters of Latin Extended-B and archaic Greek, left out, and the final
        // sigma, made to match σ.
        let left_out = |code: &u32| {
            matches!(code, 0x180..=0x1DD | 0x1F0..=0x1F7 | 0x220 | 0x23A..=0x245)
                || [
                    0x370, 0x372, 0x376, 0x37F, 0x3C2, 0x3CF, 0x3F4, 0x3F7, 0x3F9, 0x3FA, 0x3FD,
                ]
                .contains(code)
                || [0x3FE, 0x3FF, 0x4C0].contains(code)
        };
        for code in (0..0x500).filter(|code| !left_out(code)) {
            let Some(letter) = char::from_u32(code) else {
                continue;
            };
            let mut unicode = letter.to_lowercase();
            if let (Some(small), None) = (unicode.next(), unicode.next()) {
                assert_eq!(small_letter(letter), small, "U+{code:04X}");
            }
        }
        assert_eq!(folded("İ ς"), "i σ");
    }
}
