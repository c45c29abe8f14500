use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::customer::Customer;
use crate::role::UserId;

/// Something that happened, with when and by whom; the event log is the source of truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// When it happened, on the desk's clock.
    pub at: DateTime<Utc>,
    /// Who did it; `None` for the system (seeding, term ends).
    pub actor: Option<UserId>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum EventKind {
    /// A customer was added to the partner's customer list.
    CustomerAdded {
        /// The customer as added.
        customer: Customer,
    },
}
