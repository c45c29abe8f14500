//! Money in minor units, and prices with their tax note.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in a currency's minor unit (cents, fillér, yen), so sums and refunds are exact.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Money {
    /// The amount in the currency's minor unit.
    pub minor: i64,
    /// The ISO 4217 currency code.
    pub currency: String,
}

crate::tagged::read_by_hand!(Money);

impl Money {
    /// An amount read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Money, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["minor", "currency"], 2)?;
        Ok(Money {
            minor: fields.field("minor")?,
            currency: fields.field("currency")?,
        })
    }

    /// An amount of `minor` units of `currency`.
    pub fn new(minor: i64, currency: impl Into<String>) -> Money {
        Money {
            minor,
            currency: currency.into(),
        }
    }

    /// Nothing, in `currency`.
    pub fn zero(currency: impl Into<String>) -> Money {
        Money::new(0, currency)
    }

    /// This amount times a whole number, such as a quantity.
    pub fn times(&self, factor: i64) -> Money {
        Money::new(self.minor.saturating_mul(factor), self.currency.clone())
    }

    /// This amount × `numerator` ÷ `denominator`, rounded down to the minor unit.
    pub fn prorate(&self, numerator: i64, denominator: i64) -> Money {
        if denominator <= 0 {
            return Money::zero(self.currency.clone());
        }
        // i128 so that large amounts times day counts cannot overflow.
        let minor = i128::from(self.minor) * i128::from(numerator) / i128::from(denominator);
        Money::new(
            i64::try_from(minor).unwrap_or(i64::MAX),
            self.currency.clone(),
        )
    }

    /// The sum of two amounts in the same currency; `None` if the currencies differ.
    pub fn plus(&self, other: &Money) -> Option<Money> {
        (self.currency == other.currency).then(|| {
            Money::new(
                self.minor.saturating_add(other.minor),
                self.currency.clone(),
            )
        })
    }
}

/// The sum of `amounts`; `None` for none, or when they mix currencies.
pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
    let mut amounts = amounts.into_iter();
    let first = amounts.next()?;
    amounts.try_fold(first, |sum, next| sum.plus(&next))
}

/// How many decimal places a currency's minor unit has (ISO 4217).
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "CLP" | "ISK" | "VND" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

impl Money {
    /// The amount as a plain number with the currency's minor digits: `1234.56`, `-0.05`, `1500`.
    pub fn decimal(&self) -> String {
        let digits = minor_digits(&self.currency);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if digits == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(digits);
        format!(
            "{sign}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = digits as usize
        )
    }
}

/// A price as shown to the partner: the amount and whether tax is included in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// The amount in the customer's currency.
    pub amount: Money,
    /// True in Australia and Brazil, where commercial prices include tax.
    pub includes_tax: bool,
}

impl Price {
    /// The label every shown price carries.
    pub fn tax_label(&self) -> &'static str {
        if self.includes_tax {
            "incl. tax"
        } else {
            "excl. tax"
        }
    }
}

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.amount, self.tax_label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_by_hand_as_the_derived_reader_reads_it() {
        let samples = [Money::new(123456, "EUR"), Money::new(-150, "GBP")];
        crate::tagged::tests::reads_as_derived(&samples, Money::from_value);
    }

    #[test]
    fn money_shows_the_minor_unit_of_its_currency() {
        assert_eq!(Money::new(123456, "EUR").to_string(), "1234.56 EUR");
        assert_eq!(Money::new(5, "USD").to_string(), "0.05 USD");
        assert_eq!(Money::new(32670, "JPY").to_string(), "32670 JPY");
        assert_eq!(Money::new(-150, "GBP").to_string(), "-1.50 GBP");
    }

    #[test]
    fn prorating_rounds_down_to_the_minor_unit() {
        assert_eq!(Money::new(1000, "USD").prorate(1, 3).minor, 333);
        assert_eq!(Money::new(1000, "USD").prorate(0, 3).minor, 0);
        assert_eq!(Money::new(1000, "USD").prorate(1, 0).minor, 0);
    }
}
