//! Dates and money as a person reads them, in one place. Rules run in UTC; times show in the
//! browser's zone.

use chrono::{DateTime, Datelike, Local, Offset, Timelike, Utc};
use csp_domain::money::minor_digits;
use csp_domain::Money;

// Written by hand rather than with chrono's strftime, whose format parser weighs on the wasm.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "15 Nov 2021, 10:00 UTC" in the browser's time zone.
pub fn date_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    format!(
        "{}, {:02}:{:02} {}",
        day(local),
        local.hour(),
        local.minute(),
        zone(local.offset().fix().local_minus_utc())
    )
}

/// "15 Nov 2021" in the browser's time zone.
pub fn date(at: DateTime<Utc>) -> String {
    day(at.with_timezone(&Local))
}

/// "1234.56 EUR": the amount with its currency's minor digits, then its code.
pub fn money(amount: &Money) -> String {
    let digits = minor_digits(&amount.currency);
    let sign = if amount.minor < 0 { "-" } else { "" };
    let whole = amount.minor.unsigned_abs();
    let unit = 10u64.pow(digits);
    let fraction = match digits {
        0 => String::new(),
        _ => format!(".{:0width$}", whole % unit, width = digits as usize),
    };
    format!("{sign}{}{fraction} {}", whole / unit, amount.currency)
}

fn day(at: impl Datelike) -> String {
    format!(
        "{} {} {:04}",
        at.day(),
        MONTHS[at.month0() as usize],
        at.year()
    )
}

fn zone(seconds_east: i32) -> String {
    if seconds_east == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds_east < 0 { '-' } else { '+' };
    let minutes = seconds_east.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{day, money, zone};
    use csp_domain::Money;

    #[test]
    fn a_day_reads_day_month_year() {
        let at = NaiveDate::from_ymd_opt(2021, 11, 5).unwrap();
        assert_eq!(day(at), "5 Nov 2021");
    }

    #[test]
    fn money_shows_its_currencys_minor_digits_and_code() {
        assert_eq!(money(&Money::new(123_456, "EUR")), "1234.56 EUR");
        assert_eq!(money(&Money::new(-5, "USD")), "-0.05 USD");
        assert_eq!(money(&Money::new(1_500, "JPY")), "1500 JPY");
    }

    #[test]
    fn the_time_zone_is_named_as_an_offset_from_utc() {
        assert_eq!(zone(0), "UTC");
        assert_eq!(zone(3600), "UTC+01:00");
        assert_eq!(zone(-(5 * 3600 + 30 * 60)), "UTC-05:30");
    }
}
