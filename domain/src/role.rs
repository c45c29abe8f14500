//! Partner roles, users, and the permission table.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::customer::CustomerId;
use crate::refusal::Refusal;

/// A role a partner user holds in the partner tenant; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

crate::tagged::unit_variants_by_hand!(PartnerRole {
    AdminAgent = "admin_agent",
    SalesAgent = "sales_agent",
    HelpdeskAgent = "helpdesk_agent",
    GlobalAdmin = "global_admin",
    AccountAdmin = "account_admin",
    BillingAdmin = "billing_admin",
    ReferralAdmin = "referral_admin",
    MarketingContentAdmin = "marketing_content_admin",
});

impl PartnerRole {
    /// The role's name as Partner Center shows it in English.
    pub fn title(self) -> &'static str {
        match self {
            PartnerRole::AdminAgent => "Admin agent",
            PartnerRole::SalesAgent => "Sales agent",
            PartnerRole::HelpdeskAgent => "Helpdesk agent",
            PartnerRole::GlobalAdmin => "Global admin",
            PartnerRole::AccountAdmin => "Account admin",
            PartnerRole::BillingAdmin => "Billing admin",
            PartnerRole::ReferralAdmin => "Referral admin",
            PartnerRole::MarketingContentAdmin => "Marketing content admin",
        }
    }

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UserId(pub String);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Someone who signs in: partner staff with roles, or a customer's own Global admin.
// Read through `UserRecord`, the same JSON: serde reads a `kind`-tagged enum by buffering
// every field, which cost the browser's wasm far more than one flat record.
// The browser reads the record by hand (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Deserialize),
    serde(try_from = "UserRecord")
)]
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

/// A [`User`] as JSON has it: its `kind`, and the fields of either kind.
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Deserialize),
    serde(rename_all = "camelCase")
)]
struct UserRecord {
    kind: UserKind,
    id: UserId,
    name: String,
    roles: Option<Vec<PartnerRole>>,
    customer: Option<CustomerId>,
}

// Written only by the tests, which read it back: the browser never writes it.
#[derive(Clone, Copy, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "camelCase")]
enum UserKind {
    Partner,
    CustomerGlobalAdmin,
}

crate::tagged::unit_variants_by_hand!(UserKind {
    Partner = "partner",
    CustomerGlobalAdmin = "customerGlobalAdmin",
});

crate::tagged::read_by_hand!(User);

impl User {
    /// A user read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<User, serde_json::Error> {
        let names = ["kind", "id", "name", "roles", "customer"];
        let mut fields = crate::tagged::fields(value, &names, 5)?;
        let record = UserRecord {
            kind: fields.field("kind")?,
            id: fields.field("id")?,
            name: fields.field("name")?,
            roles: fields.field_or_default("roles")?,
            customer: fields.field_or_default("customer")?,
        };
        User::try_from(record).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<UserRecord> for User {
    type Error = &'static str;

    fn try_from(record: UserRecord) -> Result<User, Self::Error> {
        let UserRecord {
            id,
            name,
            roles,
            customer,
            ..
        } = record;
        match (record.kind, roles, customer) {
            (UserKind::Partner, Some(roles), _) => Ok(User::Partner { id, name, roles }),
            (UserKind::CustomerGlobalAdmin, _, Some(customer)) => {
                Ok(User::CustomerGlobalAdmin { id, name, customer })
            }
            (UserKind::Partner, None, _) => Err("a partner user lists their `roles`"),
            (UserKind::CustomerGlobalAdmin, _, None) => {
                Err("a customer's Global admin names their `customer`")
            }
        }
    }
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

impl fmt::Display for PartnerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Something a user asks to do, as listed in the permission table of PRODUCT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Buy products for a customer (Add products), or add a customer.
    BuyProducts,
    /// Get keys and downloads, or copy a download link.
    GetKeysAndDownloads,
    /// Cancel a subscription or a perpetual purchase.
    Cancel,
    /// Toggle autorenew or change the billing frequency.
    ManageSubscription,
    /// View the activity log of key access and downloads.
    ViewActivityLog,
    /// File or follow up a support request.
    FileSupportRequest,
    /// Start the demo over from its seed.
    ResetDemo,
    /// Add users, change their roles, disable them, and read who signed in.
    ManageUsers,
}

crate::tagged::unit_variants_by_hand!(Action {
    BuyProducts = "buy_products",
    GetKeysAndDownloads = "get_keys_and_downloads",
    Cancel = "cancel",
    ManageSubscription = "manage_subscription",
    ViewActivityLog = "view_activity_log",
    FileSupportRequest = "file_support_request",
    ResetDemo = "reset_demo",
    ManageUsers = "manage_users",
});

impl Action {
    /// The partner roles that may do this; an empty list means any partner user.
    pub fn allowed_roles(self) -> &'static [PartnerRole] {
        use PartnerRole::*;
        match self {
            Action::BuyProducts => &[AdminAgent, GlobalAdmin],
            Action::GetKeysAndDownloads | Action::Cancel | Action::ManageSubscription => {
                &[AdminAgent]
            }
            Action::ViewActivityLog => &[
                GlobalAdmin,
                AccountAdmin,
                ReferralAdmin,
                MarketingContentAdmin,
            ],
            Action::FileSupportRequest | Action::ResetDemo => &[],
            Action::ManageUsers => &[GlobalAdmin],
        }
    }

    /// What the action is called in a sentence ("Cancelling a purchase needs ...").
    pub fn describe(self) -> &'static str {
        match self {
            Action::BuyProducts => "Buying products for a customer",
            Action::GetKeysAndDownloads => "Getting keys and downloads",
            Action::Cancel => "Cancelling a purchase",
            Action::ManageSubscription => "Changing autorenew or billing frequency",
            Action::ViewActivityLog => "Viewing the activity log",
            Action::FileSupportRequest => "Filing a support request",
            Action::ResetDemo => "Resetting the demo data",
            Action::ManageUsers => "Managing users",
        }
    }
}

impl User {
    /// Whether this partner user may do `action` (customer users are handled by the caller,
    /// since what they may see depends on the customer).
    pub fn may(&self, action: Action) -> bool {
        match self {
            User::Partner { roles, .. } => {
                let allowed = action.allowed_roles();
                allowed.is_empty() || roles.iter().any(|role| allowed.contains(role))
            }
            User::CustomerGlobalAdmin { .. } => false,
        }
    }

    /// Refuses `action` with the roles that would allow it, unless this user may do it.
    pub fn require(&self, action: Action) -> Result<(), Refusal> {
        if self.may(action) {
            Ok(())
        } else {
            Err(Refusal::MissingRole {
                action,
                needs: action.allowed_roles().to_vec(),
            })
        }
    }

    /// Whether this user may get keys and downloads of `customer`'s software: an Admin agent,
    /// or the customer's own Global admin in the customer view.
    pub fn may_get_keys_of(&self, customer: &CustomerId) -> bool {
        match self.own_customer() {
            Some(own) => own == customer,
            None => self.may(Action::GetKeysAndDownloads),
        }
    }

    /// The customer a customer user belongs to; `None` for partner users.
    pub fn own_customer(&self) -> Option<&CustomerId> {
        match self {
            User::Partner { .. } => None,
            User::CustomerGlobalAdmin { customer, .. } => Some(customer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            Action::READ_BY_NAME,
            Action::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            PartnerRole::READ_BY_NAME,
            PartnerRole::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            UserKind::READ_BY_NAME,
            UserKind::from_value,
        );
    }

    fn with(roles: &[PartnerRole]) -> User {
        User::Partner {
            id: UserId("u".into()),
            name: "U".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn users_are_read_by_hand_as_the_derived_reader_reads_them() {
        crate::tagged::tests::reads_as_derived(&crate::seed::demo_users(), User::from_value);
    }

    #[test]
    fn each_action_is_allowed_exactly_to_the_roles_of_the_permission_table() {
        use PartnerRole::*;
        let table = [
            (Action::BuyProducts, vec![AdminAgent, GlobalAdmin]),
            (Action::GetKeysAndDownloads, vec![AdminAgent]),
            (Action::Cancel, vec![AdminAgent]),
            (Action::ManageSubscription, vec![AdminAgent]),
            (
                Action::ViewActivityLog,
                vec![
                    GlobalAdmin,
                    AccountAdmin,
                    ReferralAdmin,
                    MarketingContentAdmin,
                ],
            ),
            (Action::FileSupportRequest, PartnerRole::ALL.to_vec()),
            (Action::ResetDemo, PartnerRole::ALL.to_vec()),
            (Action::ManageUsers, vec![GlobalAdmin]),
        ];
        for (action, allowed) in table {
            for role in PartnerRole::ALL {
                assert_eq!(
                    with(&[role]).may(action),
                    allowed.contains(&role),
                    "{role} and {action:?}"
                );
            }
        }
        assert!(with(&[]).may(Action::FileSupportRequest));
        assert!(!with(&[]).may(Action::BuyProducts));
    }

    #[test]
    fn a_user_reads_back_from_its_json_and_a_kind_missing_its_field_is_refused() {
        for user in crate::seed::demo_users() {
            let json = serde_json::to_value(&user).unwrap();
            assert_eq!(serde_json::from_value::<User>(json).unwrap(), user);
        }
        let partner = serde_json::json!({"kind": "partner", "id": "a", "name": "A"});
        assert!(serde_json::from_value::<User>(partner).is_err());
        let customer = serde_json::json!({"kind": "customerGlobalAdmin", "id": "c", "name": "C"});
        assert!(serde_json::from_value::<User>(customer).is_err());
        let other = serde_json::json!({"kind": "guest", "id": "g", "name": "G", "roles": []});
        assert!(serde_json::from_value::<User>(other).is_err());
    }
}
