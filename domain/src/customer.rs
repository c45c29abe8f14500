//! Customers and their ids.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::market::Market;

/// A customer's id, as in Partner Center's `/v1/customers/{id}` (the tenant id there).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerId(pub String);

impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A business customer the partner buys software for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

impl Customer {
    /// Whether this customer matches a search by name, default domain or tenant GUID,
    /// ignoring case and surrounding blanks; an empty search matches everyone.
    pub fn matches(&self, search: &str) -> bool {
        let search = search.trim().to_lowercase();
        search.is_empty()
            || self.name.to_lowercase().contains(&search)
            || self.default_domain.to_lowercase().contains(&search)
            || self.tenant_id.to_lowercase().contains(&search)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contoso() -> Customer {
        Customer {
            id: CustomerId("contoso".into()),
            name: "Contoso Ltd".into(),
            default_domain: "contoso.onmicrosoft.com".into(),
            tenant_id: "0b4f3b6e-2c1d-4f4e-9a55-7d7f9e2c1a01".into(),
            market: Market::new("US").unwrap(),
            currency: "USD".into(),
        }
    }

    #[test]
    fn search_finds_a_customer_by_name_domain_or_tenant_guid_in_any_case() {
        let customer = contoso();
        for search in ["conTOSO", "onmicrosoft.com", "7D7F9E2C", "  ltd  ", ""] {
            assert!(customer.matches(search), "{search:?} should match");
        }
        assert!(!customer.matches("fabrikam"));
    }
}
