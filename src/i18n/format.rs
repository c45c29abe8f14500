//! Dates, numbers and money as a person reads them, in one place. Rules run in UTC; times show
//! in the browser's time zone with the zone named.
//!
//! In the browser the formatting is the browser's own (`Intl`), in the chosen language's locale,
//! which costs the wasm almost nothing; a native build (the unit tests) writes the English form
//! by hand.

pub use imp::{date, date_time, duration, integer, list_or, money, set_locale};

/// The largest two units of the time left until a deadline, never zero: "2 days 5 hours",
/// "23 hours", "40 minutes"; below a minute counts as one.
pub fn time_left(left: chrono::Duration) -> String {
    let minutes = left.num_minutes().max(1);
    let (days, hours, rest) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    if days > 0 {
        duration(&[("days", days), ("hours", hours)])
    } else if hours > 0 {
        duration(&[("hours", hours), ("minutes", rest)])
    } else {
        duration(&[("minutes", rest)])
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;

    use chrono::{DateTime, Utc};
    use csp_domain::money::minor_digits;
    use csp_domain::Money;
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// The formatters of the chosen locale, made once each: making one is slow, using it fast.
    #[derive(Default)]
    struct Formatters {
        locale: String,
        date_time: Option<Intl::DateTimeFormat>,
        date: Option<Intl::DateTimeFormat>,
        integer: Option<Intl::NumberFormat>,
        /// By currency; a page shows one or two.
        money: Vec<(String, Intl::NumberFormat)>,
    }

    thread_local! {
        static FORMATTERS: RefCell<Formatters> = RefCell::new(Formatters {
            locale: "en-GB".to_owned(),
            ..Formatters::default()
        });
    }

    /// Formats from now on for `locale`, a BCP 47 tag such as `de-DE`.
    pub fn set_locale(locale: &str) {
        FORMATTERS.with_borrow_mut(|formatters| {
            if formatters.locale != locale {
                *formatters = Formatters {
                    locale: locale.to_owned(),
                    ..Formatters::default()
                };
            }
        });
    }

    fn options(entries: &[(&str, &JsValue)]) -> Object {
        let options = Object::new();
        for (name, value) in entries {
            let _ = Reflect::set(&options, &JsValue::from_str(name), value);
        }
        options
    }

    fn locales(locale: &str) -> Array {
        Array::of1(&JsValue::from_str(locale))
    }

    fn call(format: &js_sys::Function, value: &JsValue) -> String {
        format
            .call1(&JsValue::UNDEFINED, value)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default()
    }

    fn js_date(at: DateTime<Utc>) -> JsValue {
        Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)).into()
    }

    fn date_format(locale: &str, with_time: bool) -> Intl::DateTimeFormat {
        let numeric = JsValue::from_str("numeric");
        let short = JsValue::from_str("short");
        let two = JsValue::from_str("2-digit");
        let mut entries = vec![("year", &numeric), ("month", &short), ("day", &numeric)];
        if with_time {
            entries.extend([("hour", &two), ("minute", &two), ("timeZoneName", &short)]);
        }
        let options = options(&entries);
        if with_time {
            let _ = Reflect::set(&options, &"hourCycle".into(), &"h23".into());
        }
        Intl::DateTimeFormat::new(&locales(locale), &options)
    }

    /// "15 Nov 2021, 11:00 CET" in en-GB, "15. Nov. 2021, 11:00 MEZ" in German.
    pub fn date_time(at: DateTime<Utc>) -> String {
        FORMATTERS.with_borrow_mut(|f| {
            let locale = f.locale.clone();
            let format = f
                .date_time
                .get_or_insert_with(|| date_format(&locale, true));
            call(&format.format(), &js_date(at))
        })
    }

    /// "15 Nov 2021" in the browser's time zone.
    pub fn date(at: DateTime<Utc>) -> String {
        FORMATTERS.with_borrow_mut(|f| {
            let locale = f.locale.clone();
            let format = f.date.get_or_insert_with(|| date_format(&locale, false));
            call(&format.format(), &js_date(at))
        })
    }

    /// A whole number with the locale's grouping: "4,034", "4.034", "4 034".
    pub fn integer(number: i64) -> String {
        FORMATTERS.with_borrow_mut(|f| {
            let locale = f.locale.clone();
            let format = f
                .integer
                .get_or_insert_with(|| Intl::NumberFormat::new(&locales(&locale), &Object::new()));
            call(&format.format(), &JsValue::from_f64(number as f64))
        })
    }

    /// An amount as the locale writes its currency: "€1,234.56", "1.234,56 €", "¥1,234.56".
    pub fn money(amount: &Money) -> String {
        let digits = minor_digits(&amount.currency);
        let value = amount.minor as f64 / 10f64.powi(digits as i32);
        FORMATTERS.with_borrow_mut(|f| {
            let locale = f.locale.clone();
            let known = f
                .money
                .iter()
                .position(|(code, _)| *code == amount.currency);
            let at = known.unwrap_or_else(|| {
                // Forints are written without decimals where an amount has none.
                let least = if amount.currency == "HUF" { 0 } else { digits };
                let options = options(&[
                    ("style", &"currency".into()),
                    ("currency", &JsValue::from_str(&amount.currency)),
                    (
                        "minimumFractionDigits",
                        &JsValue::from_f64(f64::from(least)),
                    ),
                    (
                        "maximumFractionDigits",
                        &JsValue::from_f64(f64::from(digits)),
                    ),
                ]);
                let format = Intl::NumberFormat::new(&locales(&locale), &options);
                f.money.push((amount.currency.clone(), format));
                f.money.len() - 1
            });
            let format = &f.money[at].1;
            call(&format.format(), &JsValue::from_f64(value))
        })
    }

    /// A duration of whole units (`days`, `hours`, `minutes`) in words, by the browser's
    /// `Intl.DurationFormat` ("2 days, 5 hours", "2 Tage und 5 Stunden"); units of 0 are left
    /// out. A browser without it gets the numbers with the units' short names.
    pub fn duration(units: &[(&str, i64)]) -> String {
        let locale = FORMATTERS.with_borrow(|f| f.locale.clone());
        let shown: Vec<(&str, i64)> = units.iter().copied().filter(|(_, n)| *n != 0).collect();
        let value = Object::new();
        for (unit, count) in &shown {
            let _ = Reflect::set(
                &value,
                &JsValue::from_str(unit),
                &JsValue::from_f64(*count as f64),
            );
        }
        let formatted = Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| Reflect::get(&intl, &"DurationFormat".into()))
            .ok()
            .filter(|constructor| constructor.is_function())
            .and_then(|constructor| {
                let args = Array::of2(&locales(&locale), &options(&[("style", &"long".into())]));
                let constructor: &js_sys::Function = constructor.unchecked_ref();
                let format = Reflect::construct(constructor, &args).ok()?;
                let method = Reflect::get(&format, &"format".into()).ok()?;
                let method: &js_sys::Function = method.dyn_ref()?;
                method.call1(&format, &value).ok()?.as_string()
            });
        formatted.unwrap_or_else(|| {
            shown
                .iter()
                .map(|(unit, count)| format!("{count} {}", &unit[..1]))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// Names joined as a choice: "A, B or C", "A, B oder C", "A、B或C".
    pub fn list_or(names: &[&str]) -> String {
        let locale = FORMATTERS.with_borrow(|f| f.locale.clone());
        let options = options(&[("type", &"disjunction".into())]);
        let list: Array = names.iter().map(|name| JsValue::from_str(name)).collect();
        Intl::ListFormat::new(&locales(&locale), &options)
            .format(&list)
            .into()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use chrono::{DateTime, Datelike, Local, Offset, Timelike, Utc};
    use csp_domain::money::minor_digits;
    use csp_domain::Money;

    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];

    /// Native builds write English only.
    pub fn set_locale(_locale: &str) {}

    pub fn date_time(at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&Local);
        format!(
            "{}, {:02}:{:02} {}",
            date(at),
            local.hour(),
            local.minute(),
            super::zone(local.offset().fix().local_minus_utc())
        )
    }

    pub fn date(at: DateTime<Utc>) -> String {
        let local = at.with_timezone(&Local);
        format!(
            "{} {} {:04}",
            local.day(),
            MONTHS[local.month0() as usize],
            local.year()
        )
    }

    pub fn integer(number: i64) -> String {
        number.to_string()
    }

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

    pub fn duration(units: &[(&str, i64)]) -> String {
        units
            .iter()
            .filter(|(_, count)| *count != 0)
            .map(|(unit, count)| match count {
                1 => format!("1 {}", unit.trim_end_matches('s')),
                _ => format!("{count} {unit}"),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn list_or(names: &[&str]) -> String {
        match names {
            [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
            names => names.join(""),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn zone(seconds_east: i32) -> String {
    if seconds_east == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds_east < 0 { '-' } else { '+' };
    let minutes = seconds_east.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{list_or, money, zone};
    use csp_domain::Money;

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

    #[test]
    fn time_left_names_the_two_largest_units_and_never_zero() {
        use super::time_left;
        use chrono::Duration;
        assert_eq!(
            time_left(Duration::days(2) + Duration::hours(5)),
            "2 days 5 hours"
        );
        assert_eq!(time_left(Duration::hours(23)), "23 hours");
        assert_eq!(
            time_left(Duration::hours(1) + Duration::minutes(1)),
            "1 hour 1 minute"
        );
        assert_eq!(time_left(Duration::days(1)), "1 day");
        assert_eq!(time_left(Duration::seconds(20)), "1 minute");
    }

    #[test]
    fn a_choice_of_names_ends_with_or() {
        assert_eq!(list_or(&["A", "B", "C"]), "A, B or C");
        assert_eq!(list_or(&["A"]), "A");
    }
}
