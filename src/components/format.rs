//! Dates and money as a person reads them. Rules run in UTC; times show in the browser's zone.

use chrono::{DateTime, Local, Offset, Utc};

/// "15 Nov 2021, 10:00 UTC" in the browser's time zone.
pub fn date_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    format!(
        "{} {}",
        local.format("%-d %b %Y, %H:%M"),
        zone(local.offset().fix().local_minus_utc())
    )
}

/// "15 Nov 2021" in the browser's time zone.
pub fn date(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%-d %b %Y").to_string()
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
    use super::zone;

    #[test]
    fn the_time_zone_is_named_as_an_offset_from_utc() {
        assert_eq!(zone(0), "UTC");
        assert_eq!(zone(3600), "UTC+01:00");
        assert_eq!(zone(-(5 * 3600 + 30 * 60)), "UTC-05:30");
    }
}
