use std::fmt;

use serde::{Deserialize, Serialize};

use crate::customer::CustomerId;

/// A role a partner user holds in the partner tenant; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRole {
    /// Buys, hands out keys, cancels, changes autorenew and billing.
    AdminAgent,
    /// Sells, but may not cancel or see keys.
    SalesAgent,
    /// Answers support questions.
    HelpdeskAgent,
    /// Administers the partner tenant.
    GlobalAdmin,
    /// Administers the partner account.
    AccountAdmin,
    /// Looks after billing.
    BillingAdmin,
    /// Manages referrals.
    ReferralAdmin,
    /// Manages marketing content.
    MarketingContentAdmin,
}

impl PartnerRole {
    /// Every partner role, in the order Partner Center lists them.
    pub const ALL: [PartnerRole; 8] = [
        PartnerRole::AdminAgent,
        PartnerRole::SalesAgent,
        PartnerRole::HelpdeskAgent,
        PartnerRole::GlobalAdmin,
        PartnerRole::AccountAdmin,
        PartnerRole::BillingAdmin,
        PartnerRole::ReferralAdmin,
        PartnerRole::MarketingContentAdmin,
    ];
}

/// A user's id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub String);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Someone who signs in: partner staff with roles, or a customer's own Global admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum User {
    /// A user of the partner tenant.
    Partner {
        /// The user's id.
        id: UserId,
        /// The display name.
        name: String,
        /// The roles held; may be empty.
        roles: Vec<PartnerRole>,
    },
    /// The Global admin of one customer's tenant, in Microsoft 365 admin center.
    CustomerGlobalAdmin {
        /// The user's id.
        id: UserId,
        /// The display name.
        name: String,
        /// The only customer whose data this user may see.
        customer: CustomerId,
    },
}

impl User {
    /// The user's id.
    pub fn id(&self) -> &UserId {
        match self {
            User::Partner { id, .. } | User::CustomerGlobalAdmin { id, .. } => id,
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        match self {
            User::Partner { name, .. } | User::CustomerGlobalAdmin { name, .. } => name,
        }
    }

    /// Whether a partner user holds `role`; customer users hold no partner role.
    pub fn has_role(&self, role: PartnerRole) -> bool {
        matches!(self, User::Partner { roles, .. } if roles.contains(&role))
    }
}
