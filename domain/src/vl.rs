//! Moving a customer from volume licensing (KMS) to CSP (MAK) without downtime.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::refusal::Refusal;
use crate::time::{day_in_range, Window, KMS_ACTIVATION_DAYS};

/// When the new MAK must be deployed to avoid downtime, and how long is left.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MakDeadline {
    /// The last KMS activation it counts from.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub last_kms_activation: DateTime<Utc>,
    /// When the last KMS activation runs out (180 days after it).
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub deadline: DateTime<Utc>,
    /// Whole days left, counting a started day; 0 once passed.
    pub days_left: i64,
    /// Whether devices may already be limited until reactivated.
    pub passed: bool,
}

crate::tagged::read_by_hand!(MakDeadline);

impl MakDeadline {
    /// A MAK deadline read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<MakDeadline, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &["lastKmsActivation", "deadline", "daysLeft", "passed"],
            4,
        )?;
        Ok(MakDeadline {
            last_kms_activation: crate::wire_time::instant(fields.take("lastKmsActivation")?)?,
            deadline: crate::wire_time::instant(fields.take("deadline")?)?,
            days_left: fields.field("daysLeft")?,
            passed: fields.field("passed")?,
        })
    }
}

/// The deadline for deploying the MAK, from the last KMS activation date.
pub fn mak_deadline(last_kms_activation: DateTime<Utc>, now: DateTime<Utc>) -> MakDeadline {
    let window = Window::starting(last_kms_activation, Duration::days(KMS_ACTIVATION_DAYS));
    MakDeadline {
        last_kms_activation,
        deadline: window.closes,
        days_left: window.days_left(now),
        passed: window.has_closed(now),
    }
}

/// The deadline from the day a person typed as the last KMS activation (from its midnight,
/// UTC); a day after today has not happened and is refused.
pub fn mak_deadline_for_day(
    last_kms_activation: NaiveDate,
    now: DateTime<Utc>,
) -> Result<MakDeadline, Refusal> {
    let day = day_in_range(last_kms_activation)?;
    let today = now.date_naive();
    if day > today {
        return Err(Refusal::ActivationInFuture { today });
    }
    Ok(mak_deadline(
        day.and_time(chrono::NaiveTime::MIN).and_utc(),
        now,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::utc;

    #[test]
    fn a_mak_deadline_is_read_by_hand_as_the_derived_reader_reads_it() {
        let last = utc(2022, 1, 1);
        let samples = [
            mak_deadline(last, last),
            mak_deadline(last, utc(2022, 7, 1)),
        ];
        crate::tagged::tests::reads_as_derived(&samples, MakDeadline::from_value);
    }

    #[test]
    fn the_mak_must_be_deployed_within_180_days_of_the_last_kms_activation() {
        let last = utc(2022, 1, 1);
        let start = mak_deadline(last, last);
        assert_eq!(start.deadline, utc(2022, 6, 30));
        assert_eq!(start.days_left, 180);
        let last_day = mak_deadline(last, utc(2022, 6, 29) + Duration::hours(12));
        assert_eq!((last_day.days_left, last_day.passed), (1, false));
        let after = mak_deadline(last, utc(2022, 6, 30));
        assert_eq!((after.days_left, after.passed), (0, true));
    }

    #[test]
    fn an_activation_today_is_taken_and_one_tomorrow_is_refused() {
        let now = utc(2021, 11, 15) + Duration::hours(10);
        let today = now.date_naive();
        let taken = mak_deadline_for_day(today, now).unwrap();
        assert_eq!(taken.days_left, 180);
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(
            mak_deadline_for_day(tomorrow, now),
            Err(Refusal::ActivationInFuture { today })
        );
        assert!(matches!(
            mak_deadline_for_day(NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(), now),
            Err(Refusal::DateOutOfRange { .. })
        ));
    }
}
