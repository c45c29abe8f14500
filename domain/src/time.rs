//! Windows, the dates the rules turn on, and invoice months.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::Refusal;

/// The first year the desk works with: the catalog starts in 2019, so no rule turns on a day
/// before 2000.
pub const EARLIEST_YEAR: i32 = 2000;
/// The last year the desk works with: the simulation clock never passes 2100.
pub const LATEST_YEAR: i32 = 2100;
/// The first day the desk accepts, 1 January of [`EARLIEST_YEAR`].
pub const EARLIEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1) {
    Some(day) => day,
    // Evaluated by the compiler, so this can never happen at run time.
    None => panic!("1 January of EARLIEST_YEAR is a date"),
};
/// The last day the desk accepts, 31 December of [`LATEST_YEAR`].
pub const LATEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(LATEST_YEAR, 12, 31) {
    Some(day) => day,
    // Evaluated by the compiler, so this can never happen at run time.
    None => panic!("31 December of LATEST_YEAR is a date"),
};

/// The day itself when it lies from [`EARLIEST_DAY`] to [`LATEST_DAY`], both included; the one
/// checked way to read a day a person typed, so no date arithmetic nears chrono's limits.
pub fn day_in_range(day: NaiveDate) -> Result<NaiveDate, Refusal> {
    if (EARLIEST_DAY..=LATEST_DAY).contains(&day) {
        Ok(day)
    } else {
        Err(Refusal::DateOutOfRange {
            earliest: EARLIEST_DAY,
            latest: LATEST_DAY,
        })
    }
}

/// A span of time: open from `opens` (inclusive) until `closes` (exclusive).
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Window {
    /// The first moment inside the window.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub opens: DateTime<Utc>,
    /// The first moment after the window.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub closes: DateTime<Utc>,
}

crate::tagged::read_by_hand!(Window);

impl Window {
    /// A window read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Window, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["opens", "closes"], 2)?;
        Ok(Window {
            opens: crate::wire_time::instant(fields.take("opens")?)?,
            closes: crate::wire_time::instant(fields.take("closes")?)?,
        })
    }
}

impl Window {
    /// The window from `opens` lasting `length`; one that would end beyond the last (or before
    /// the first) moment chrono can hold ends there instead of panicking.
    pub fn starting(opens: DateTime<Utc>, length: Duration) -> Window {
        let limit = if length < Duration::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        };
        Window {
            opens,
            closes: opens.checked_add_signed(length).unwrap_or(limit),
        }
    }

    /// The whole UTC days from `first` to `last`, both included (a date-range picker's meaning).
    /// Never panics: when `last` is chrono's last day, which has no next day, the window closes
    /// at the last moment chrono can hold, so only that day's final nanosecond is left out.
    pub fn days(first: NaiveDate, last: NaiveDate) -> Window {
        Window {
            opens: start_of_day(first),
            closes: last
                .succ_opt()
                .map(start_of_day)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
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

impl InvoiceMonth {
    /// The month before.
    pub fn previous(self) -> InvoiceMonth {
        if self.month == 1 {
            InvoiceMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            InvoiceMonth {
                year: self.year,
                month: self.month - 1,
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

// Written by hand: the month is serialized as a string (`into = "String"`).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for InvoiceMonth {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{4}-(0[1-9]|1[0-2])$"))
            .description(Some("The month of a monthly invoice, YYYY-MM."))
            .examples(["2021-11"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for InvoiceMonth {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_read_by_hand_as_the_derived_reader_reads_it() {
        let window = Window::starting(utc(2021, 10, 14), Duration::days(7));
        crate::tagged::tests::reads_as_derived(&[window], Window::from_value);
    }

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

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn the_desk_accepts_days_from_1_january_2000_to_31_december_2100_and_refuses_the_ones_beyond() {
        let out_of_range = Err(Refusal::DateOutOfRange {
            earliest: day(2000, 1, 1),
            latest: day(2100, 12, 31),
        });
        assert_eq!(day_in_range(day(1999, 12, 31)), out_of_range);
        assert_eq!(day_in_range(day(2000, 1, 1)), Ok(day(2000, 1, 1)));
        assert_eq!(day_in_range(day(2021, 11, 15)), Ok(day(2021, 11, 15)));
        assert_eq!(day_in_range(day(2100, 12, 31)), Ok(day(2100, 12, 31)));
        assert_eq!(day_in_range(day(2101, 1, 1)), out_of_range);
        assert_eq!(day_in_range(NaiveDate::MIN), out_of_range);
        assert_eq!(day_in_range(NaiveDate::MAX), out_of_range);
    }

    #[test]
    fn a_window_of_days_includes_the_whole_last_day() {
        let window = Window::days(day(2021, 11, 1), day(2021, 11, 15));
        assert!(window.contains(utc(2021, 11, 1)));
        assert!(window.contains(utc(2021, 11, 16) - Duration::nanoseconds(1)));
        assert!(!window.contains(utc(2021, 11, 16)));
        assert_eq!(window.whole_days(), 15);
    }

    #[test]
    fn a_window_of_days_at_chronos_limits_ends_at_the_last_moment_instead_of_panicking() {
        let everything = Window::days(NaiveDate::MIN, NaiveDate::MAX);
        assert_eq!(everything.opens, DateTime::<Utc>::MIN_UTC);
        assert_eq!(everything.closes, DateTime::<Utc>::MAX_UTC);
        let last_day = Window::days(NaiveDate::MAX, NaiveDate::MAX);
        assert!(last_day.contains(DateTime::<Utc>::MAX_UTC - Duration::nanoseconds(1)));
        assert!(last_day.days_left(DateTime::<Utc>::MIN_UTC) >= 1);
        let backwards = Window::days(NaiveDate::MAX, NaiveDate::MIN);
        assert!(!backwards.contains(utc(2021, 11, 15)));
    }

    #[test]
    fn a_window_that_would_outlast_chrono_ends_at_its_last_moment() {
        let late = DateTime::<Utc>::MAX_UTC - Duration::days(1);
        let window = Window::starting(late, Duration::days(7));
        assert_eq!(window.closes, DateTime::<Utc>::MAX_UTC);
        let early = Window::starting(DateTime::<Utc>::MIN_UTC, -Duration::days(7));
        assert_eq!(early.closes, DateTime::<Utc>::MIN_UTC);
        assert_eq!(
            Window::starting(utc(2021, 10, 14), Duration::days(7)).closes,
            utc(2021, 10, 21)
        );
    }
}
