//! Reading times and days from JSON, by hand: chrono's own reader handles every format it
//! knows and costs the browser's wasm some 6 KB; the API writes only RFC 3339 and ISO days.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer};

/// A day written `2021-11-15`.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (year, rest) = text.split_at_checked(text.len().checked_sub(6)?)?;
    let rest = rest.strip_prefix('-')?;
    let (month, day) = rest.split_once('-')?;
    if month.len() != 2 || day.len() != 2 || year.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(
        number(year.strip_prefix('+').unwrap_or(year))?,
        number(month)?,
        number(day)?,
    )
}

fn number<T: std::str::FromStr>(digits: &str) -> Option<T> {
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An instant written in RFC 3339: `2021-11-15T10:00:00Z`, `2021-11-15T11:00:00.5+01:00`.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    let (day, rest) = text.split_once(['T', 't', ' '])?;
    let day = parse_day(day)?;
    let (time, offset_seconds) = if let Some(time) = rest.strip_suffix(['Z', 'z']) {
        (time, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (time, offset) = rest.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = offset[1..].split_once(':')?;
        let (hours, minutes): (i32, i32) = (number(hours)?, number(minutes)?);
        (time, sign * (hours * 3600 + minutes * 60))
    };
    let (whole, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = whole.split(':');
    let (hour, minute, second) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if parts.next().is_some() || (!fraction.is_empty() && number::<u64>(fraction).is_none()) {
        return None;
    }
    let nanos = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'));
    let local = day.and_time(NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?);
    let offset = FixedOffset::east_opt(offset_seconds)?;
    Some(offset.from_local_datetime(&local).single()?.to_utc())
}

/// For `#[serde(deserialize_with)]` on a `DateTime<Utc>`.
pub fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_instant(&text)
        .ok_or_else(|| serde::de::Error::custom(format_args!("`{text}` is not an RFC 3339 time")))
}

/// For `#[serde(deserialize_with)]` on an `Option<DateTime<Utc>>`.
pub fn maybe_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_instant(&text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format_args!("`{text}` is not an RFC 3339 time"))
        }),
    }
}

/// For `#[serde(deserialize_with)]` on a `NaiveDate`.
pub fn day<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_day(&text).ok_or_else(|| {
        serde::de::Error::custom(format_args!("`{text}` is not a day like 2021-11-15"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_writes_and_reads() {
        let at = Utc.with_ymd_and_hms(2021, 11, 15, 10, 0, 0).unwrap();
        for text in [
            at.to_rfc3339(),
            "2021-11-15T10:00:00Z".to_owned(),
            "2021-11-15T11:00:00+01:00".to_owned(),
            "2021-11-15t05:30:00-04:30".to_owned(),
        ] {
            assert_eq!(parse_instant(&text), Some(at), "{text}");
            assert_eq!(text.parse::<DateTime<Utc>>().ok(), Some(at), "{text}");
        }
        let fine = "2021-11-15T10:00:00.123456789Z";
        assert_eq!(parse_instant(fine), fine.parse::<DateTime<Utc>>().ok());
        assert_eq!(
            parse_instant("2021-11-15T10:00:00.5Z"),
            "2021-11-15T10:00:00.5Z".parse().ok()
        );
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for text in [
            "",
            "2021-11-15",
            "2021-11-15T10:00Z",
            "2021-13-01T00:00:00Z",
            "2021-11-15T10:00:00",
            "2021-11-15T25:00:00Z",
            "x021-11-15T10:00:00Z",
            "2021-11-15T10:00:00.x1Z",
        ] {
            assert_eq!(parse_instant(text), None, "{text}");
        }
    }

    #[test]
    fn reads_days_as_chrono_does() {
        for text in ["2021-11-15", "2000-02-29", "+10000-01-01", "0000-01-01"] {
            assert_eq!(parse_day(text), text.parse::<NaiveDate>().ok(), "{text}");
        }
        for text in [
            "2021-02-29",
            "2021-1-15",
            "21-11-15x",
            "",
            "2021-11-15T",
            "abcd-11-15",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }
}
