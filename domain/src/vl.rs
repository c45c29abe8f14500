//! Moving a customer from volume licensing (KMS) to CSP (MAK) without downtime.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::time::{Window, KMS_ACTIVATION_DAYS};

/// When the new MAK must be deployed to avoid downtime, and how long is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MakDeadline {
    /// When the last KMS activation runs out (180 days after it).
    pub deadline: DateTime<Utc>,
    /// Whole days left, counting a started day; 0 once passed.
    pub days_left: i64,
    /// Whether devices may already be limited until reactivated.
    pub passed: bool,
}

/// The deadline for deploying the MAK, from the last KMS activation date.
pub fn mak_deadline(last_kms_activation: DateTime<Utc>, now: DateTime<Utc>) -> MakDeadline {
    let window = Window::starting(last_kms_activation, Duration::days(KMS_ACTIVATION_DAYS));
    MakDeadline {
        deadline: window.closes,
        days_left: window.days_left(now),
        passed: window.has_closed(now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::utc;

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
}
