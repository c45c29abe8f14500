//! Windows, the dates the rules turn on, and invoice months.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A span of time: open from `opens` (inclusive) until `closes` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Window {
    /// The first moment inside the window.
    pub opens: DateTime<Utc>,
    /// The first moment after the window.
    pub closes: DateTime<Utc>,
}

impl Window {
    /// The window from `opens` lasting `length`.
    pub fn starting(opens: DateTime<Utc>, length: Duration) -> Window {
        Window {
            opens,
            closes: opens + length,
        }
    }

    /// The whole UTC days from `first` to `last`, both included (a date-range picker's meaning).
    pub fn days(first: NaiveDate, last: NaiveDate) -> Window {
        Window {
            opens: start_of_day(first),
            closes: start_of_day(last) + Duration::days(1),
        }
    }

    /// Whether `now` lies inside the window.
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        self.opens <= now && now < self.closes
    }

    /// Whether the window has closed by `now`.
    pub fn has_closed(&self, now: DateTime<Utc>) -> bool {
        now >= self.closes
    }

    /// Whole days left before the window closes, counting a started day as a day; 0 once closed.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        if self.has_closed(now) {
            return 0;
        }
        let left = self.closes - now.max(self.opens);
        let days = left.num_days();
        if left > Duration::days(days) {
            days + 1
        } else {
            days
        }
    }

    /// The length in whole days, rounded down.
    pub fn whole_days(&self) -> i64 {
        (self.closes - self.opens).num_days()
    }
}

/// Software bought on or after this moment is listed by Get Subscriptions and autorenews by default.
pub fn visibility_cutoff() -> DateTime<Utc> {
    utc(2021, 10, 14)
}

/// From this moment 3-year SKUs bill annually or triennially and the RDS CAL 2022 monthly.
pub fn billing_frequency_start() -> DateTime<Utc> {
    utc(2021, 10, 22)
}

/// A subscription can be cancelled within this many days of each term start.
pub const SUBSCRIPTION_CANCELLATION_DAYS: i64 = 7;
/// A perpetual purchase can be cancelled within this many days of the purchase.
pub const PERPETUAL_CANCELLATION_DAYS: i64 = 30;
/// A download link works for this many days after it was issued...
pub const DOWNLOAD_LINK_DAYS: i64 = 14;
/// ...or for this many downloads, whichever comes first.
pub const DOWNLOAD_LINK_MAX_DOWNLOADS: u32 = 50;
/// A cancellation shows as pending on the dashboard for this many minutes.
pub const CANCELLATION_SETTLING_MINUTES: i64 = 15;
/// A KMS activation lasts this many days before the device tries to renew it.
pub const KMS_ACTIVATION_DAYS: i64 = 180;

/// Midnight UTC at the start of a calendar day; callers pass real dates.
pub fn utc(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, month, day)
        .map(start_of_day)
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
}

/// The month of a monthly invoice, shown and serialized as `2021-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InvoiceMonth {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl InvoiceMonth {
    /// The invoice after the month of `at`: where a credit booked at `at` shows.
    pub fn next_after(at: DateTime<Utc>) -> InvoiceMonth {
        if at.month() == 12 {
            InvoiceMonth {
                year: at.year() + 1,
                month: 1,
            }
        } else {
            InvoiceMonth {
                year: at.year(),
                month: at.month() + 1,
            }
        }
    }
}

impl fmt::Display for InvoiceMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for InvoiceMonth {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let parsed = text.split_once('-').and_then(|(year, month)| {
            let year = year.parse().ok()?;
            let month = month.parse().ok().filter(|m| (1..=12).contains(m))?;
            Some(InvoiceMonth { year, month })
        });
        parsed.ok_or_else(|| format!("`{text}` is not an invoice month like 2021-11"))
    }
}

impl From<InvoiceMonth> for String {
    fn from(month: InvoiceMonth) -> String {
        month.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_includes_its_opening_and_excludes_its_closing_moment() {
        let window = Window::starting(utc(2021, 10, 14), Duration::days(7));
        assert!(window.contains(utc(2021, 10, 14)));
        assert!(window.contains(utc(2021, 10, 21) - Duration::seconds(1)));
        assert!(!window.contains(utc(2021, 10, 21)));
        assert!(window.has_closed(utc(2021, 10, 21)));
    }

    #[test]
    fn days_left_counts_a_started_day() {
        let window = Window::starting(utc(2021, 11, 1), Duration::days(30));
        assert_eq!(window.days_left(utc(2021, 11, 1)), 30);
        assert_eq!(window.days_left(utc(2021, 11, 30) + Duration::hours(1)), 1);
        assert_eq!(window.days_left(utc(2021, 12, 1)), 0);
    }

    #[test]
    fn a_credit_shows_on_the_next_months_invoice_also_across_a_year_end() {
        assert_eq!(
            InvoiceMonth::next_after(utc(2021, 12, 31)).to_string(),
            "2022-01"
        );
        assert_eq!(
            InvoiceMonth::next_after(utc(2021, 10, 14)).to_string(),
            "2021-11"
        );
        let json = serde_json::to_string(&InvoiceMonth::next_after(utc(2021, 1, 5))).unwrap();
        assert_eq!(json, "\"2021-02\"");
        assert!(serde_json::from_str::<InvoiceMonth>("\"2021-13\"").is_err());
    }
}
