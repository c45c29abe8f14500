//! The users of a real csp-server, who sign in with an email and a password: the rules for
//! adding them, changing their roles and disabling them. The server keeps the accounts and
//! the password hashes; these rules decide what it may keep.

use serde::{Deserialize, Serialize};

use crate::customer::CustomerId;
use crate::refusal::Refusal;
use crate::role::{Action, PartnerRole, User, UserId};
use crate::support::{is_email, FieldProblem, FormField};

/// The fewest characters a password has.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The most characters a password has, so hashing one costs a bounded time.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// The longest email or display name kept.
pub const MAX_ACCOUNT_TEXT: usize = 254;

/// A user who signs in with an email, as a Global admin sees them; never the password.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The user, with their roles.
    pub user: User,
    /// The sign-in email, lower case.
    pub email: String,
    /// A disabled user cannot sign in, and their sessions ended when they were disabled.
    pub disabled: bool,
}

crate::tagged::read_by_hand!(Account);

impl Account {
    /// An account read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<Account, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["user", "email", "disabled"], 3)?;
        Ok(Account {
            user: fields.field("user")?,
            email: fields.field("email")?,
            disabled: fields.field("disabled")?,
        })
    }
}

impl Account {
    /// Whether this account is an active Global admin.
    pub fn is_active_global_admin(&self) -> bool {
        !self.disabled
            && matches!(&self.user, User::Partner { roles, .. } if roles.contains(&PartnerRole::GlobalAdmin))
    }
}

/// A new user as a Global admin (or `csp-server user add`) enters them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct NewAccount {
    /// The sign-in email.
    pub email: String,
    /// The display name.
    pub name: String,
    /// The partner roles; none for a customer's own Global admin.
    pub roles: Vec<PartnerRole>,
    /// The customer, for a customer's own Global admin.
    pub customer: Option<CustomerId>,
    /// The password, hashed by the server before it is kept.
    pub password: String,
}

/// The email as it is kept and compared: trimmed, lower case.
pub fn normalized_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whether `email` (normalized) could be an account's: an email address no longer than an
/// account's email may be.
pub fn is_sign_in_email(email: &str) -> bool {
    email.len() <= MAX_ACCOUNT_TEXT && is_email(email) && !email.chars().any(char::is_control)
}

/// What is wrong with a password, if anything.
pub fn password_problem(password: &str) -> Option<FieldProblem> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        Some(FieldProblem::TooShort {
            min: MIN_PASSWORD_CHARS,
        })
    } else if length > MAX_PASSWORD_CHARS {
        Some(FieldProblem::TooLong {
            max: MAX_PASSWORD_CHARS,
        })
    } else {
        None
    }
}

impl NewAccount {
    /// What is wrong with each field, given the accounts there are.
    pub fn problems(&self, accounts: &[Account]) -> Vec<(FormField, FieldProblem)> {
        let mut problems = Vec::new();
        let email = normalized_email(&self.email);
        if email.is_empty() {
            problems.push((FormField::Email, FieldProblem::Missing));
        } else if !is_sign_in_email(&email) {
            problems.push((FormField::Email, FieldProblem::NotAnEmail));
        } else if accounts.iter().any(|account| account.email == email) {
            problems.push((FormField::Email, FieldProblem::Taken));
        }
        let name = self.name.trim();
        if name.is_empty() {
            problems.push((FormField::DisplayName, FieldProblem::Missing));
        } else if name.chars().any(char::is_control) {
            // Shown in terminals (`csp-server user list`) and pages: no escape sequences.
            problems.push((FormField::DisplayName, FieldProblem::NotText));
        } else if name.chars().count() > MAX_ACCOUNT_TEXT {
            let max = MAX_ACCOUNT_TEXT;
            problems.push((FormField::DisplayName, FieldProblem::TooLong { max }));
        }
        if let Some(problem) = password_problem(&self.password) {
            problems.push((FormField::Password, problem));
        }
        problems
    }

    /// The account this form adds as `id`, refused by its first problem. Anyone may add the
    /// first user (from the command line); after that, only a Global admin.
    pub fn account(
        &self,
        actor: Option<&User>,
        accounts: &[Account],
        id: UserId,
    ) -> Result<Account, Refusal> {
        if let Some(actor) = actor {
            actor.require(Action::ManageUsers)?;
        }
        if let Some((field, problem)) = self.problems(accounts).into_iter().next() {
            return Err(Refusal::InvalidField { field, problem });
        }
        let name = self.name.trim().to_owned();
        let user = match &self.customer {
            Some(customer) => User::CustomerGlobalAdmin {
                id,
                name,
                customer: customer.clone(),
            },
            None => {
                let mut roles = self.roles.clone();
                roles.sort();
                roles.dedup();
                User::Partner { id, name, roles }
            }
        };
        Ok(Account {
            user,
            email: normalized_email(&self.email),
            disabled: false,
        })
    }
}

/// A change a Global admin makes to a user: new roles, or disabled (or enabled again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountChange {
    /// The partner roles the user holds from now.
    Roles(Vec<PartnerRole>),
    /// Whether the user is disabled from now.
    Disabled(bool),
}

// Written by hand: serde reads an externally tagged enum as an object of exactly one key.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for AccountChange {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, OneOfBuilder, Type};
        use utoipa::openapi::{ObjectBuilder, Ref};
        let only = |name: &str, schema: utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>| {
            ObjectBuilder::new()
                .property(name, schema)
                .required(name)
                .additional_properties(Some(AdditionalProperties::FreeForm(false)))
                .build()
        };
        let roles = ArrayBuilder::new()
            .items(Ref::from_schema_name("PartnerRole"))
            .build();
        let disabled = ObjectBuilder::new().schema_type(Type::Boolean).build();
        utoipa::openapi::schema::Schema::OneOf(
            OneOfBuilder::new()
                .description(Some(
                    "New roles, or disabled (or enabled again): one change at a time.",
                ))
                .item(only("roles", roles.into()))
                .item(only("disabled", disabled.into()))
                .examples([serde_json::json!({ "disabled": true })])
                .build(),
        )
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for AccountChange {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "PartnerRole".to_owned(),
            <PartnerRole as utoipa::PartialSchema>::schema(),
        ));
    }
}

/// The account `id` after `change`, if `actor` may make it: a Global admin only, and never
/// one that leaves no active Global admin.
pub fn change_account(
    actor: &User,
    accounts: &[Account],
    id: &UserId,
    change: AccountChange,
) -> Result<Account, Refusal> {
    actor.require(Action::ManageUsers)?;
    let mut changed = accounts
        .iter()
        .find(|account| account.user.id() == id)
        .cloned()
        .ok_or_else(|| Refusal::UnknownUser { user: id.clone() })?;
    match change {
        AccountChange::Disabled(disabled) => changed.disabled = disabled,
        AccountChange::Roles(mut new_roles) => {
            if let User::Partner { roles, .. } = &mut changed.user {
                new_roles.sort();
                new_roles.dedup();
                *roles = new_roles;
            }
        }
    }
    let admins_left = accounts
        .iter()
        .map(|account| {
            if account.user.id() == id {
                &changed
            } else {
                account
            }
        })
        .filter(|account| account.is_active_global_admin())
        .count();
    if admins_left == 0 {
        return Err(Refusal::LastGlobalAdmin);
    }
    Ok(changed)
}

/// What happened to an account, as the server records it for a Global admin to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountEventKind {
    /// Signed in with the right password.
    SignedIn,
    /// A sign-in with a wrong email or password.
    SignInFailed,
    /// A sign-in refused because of too many failures.
    SignInLocked,
    /// Signed out.
    SignedOut,
    /// A user was added.
    UserAdded,
    /// A user's roles were changed.
    RolesChanged,
    /// A user was disabled; their sessions ended.
    UserDisabled,
    /// A user was enabled again.
    UserEnabled,
}

crate::tagged::unit_variants_by_hand!(AccountEventKind {
    SignedIn = "signed_in",
    SignInFailed = "sign_in_failed",
    SignInLocked = "sign_in_locked",
    SignedOut = "signed_out",
    UserAdded = "user_added",
    RolesChanged = "roles_changed",
    UserDisabled = "user_disabled",
    UserEnabled = "user_enabled",
});

/// One line of the record of sign-ins and user changes.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountRecord {
    /// When.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// What happened.
    pub kind: AccountEventKind,
    /// The email signed in with, or of the user changed.
    pub email: Option<String>,
    /// Who made the change; none for a sign-in or the command line.
    pub actor: Option<UserId>,
    /// The client's address, for sign-ins.
    pub address: Option<String>,
    /// The roles given, for a roles change.
    pub roles: Option<Vec<PartnerRole>>,
}

crate::tagged::read_by_hand!(AccountRecord);

impl AccountRecord {
    /// A line of the account record read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<AccountRecord, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &["at", "kind", "email", "actor", "address", "roles"],
            6,
        )?;
        Ok(AccountRecord {
            at: crate::wire_time::instant(fields.take("at")?)?,
            kind: fields.field("kind")?,
            email: fields.field("email")?,
            actor: fields.field("actor")?,
            address: fields.field("address")?,
            roles: fields.field("roles")?,
        })
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
            AccountEventKind::READ_BY_NAME,
            AccountEventKind::from_value,
        );
    }

    fn account(id: &str, roles: &[PartnerRole]) -> Account {
        Account {
            user: User::Partner {
                id: UserId(id.into()),
                name: id.into(),
                roles: roles.to_vec(),
            },
            email: format!("{id}@contoso.com"),
            disabled: false,
        }
    }

    fn form(email: &str, password: &str) -> NewAccount {
        NewAccount {
            email: email.into(),
            name: "Ada".into(),
            roles: vec![PartnerRole::AdminAgent],
            customer: None,
            password: password.into(),
        }
    }

    #[test]
    fn accounts_and_their_record_are_read_by_hand_as_the_derived_reader_reads_them() {
        let admin = account("ada", &[PartnerRole::GlobalAdmin]);
        let disabled = Account {
            disabled: true,
            ..account("bob", &[])
        };
        crate::tagged::tests::reads_as_derived(&[admin, disabled], Account::from_value);
        let signed_in = AccountRecord {
            at: crate::seed::demo_now(),
            kind: AccountEventKind::SignedIn,
            email: Some("ada@contoso.com".into()),
            actor: None,
            address: Some("127.0.0.1".into()),
            roles: None,
        };
        let roles_changed = AccountRecord {
            kind: AccountEventKind::RolesChanged,
            actor: Some(UserId("ada".into())),
            address: None,
            roles: Some(vec![PartnerRole::AdminAgent, PartnerRole::SalesAgent]),
            ..signed_in.clone()
        };
        crate::tagged::tests::reads_as_derived(
            &[signed_in, roles_changed],
            AccountRecord::from_value,
        );
    }

    #[test]
    fn a_password_of_11_characters_is_refused_and_one_of_12_is_kept() {
        let refused = form("ada@contoso.com", "elevenchars").account(None, &[], UserId("u".into()));
        assert_eq!(
            refused,
            Err(Refusal::InvalidField {
                field: FormField::Password,
                problem: FieldProblem::TooShort { min: 12 },
            })
        );
        let kept = form(" Ada@Contoso.com ", "twelve chars").account(None, &[], UserId("u".into()));
        assert_eq!(kept.unwrap().email, "ada@contoso.com");
    }

    #[test]
    fn an_email_already_used_is_refused_whatever_its_case() {
        let accounts = [account("ada", &[])];
        let refused =
            form("ADA@contoso.com", "long enough pw").account(None, &accounts, UserId("u".into()));
        assert_eq!(
            refused,
            Err(Refusal::InvalidField {
                field: FormField::Email,
                problem: FieldProblem::Taken,
            })
        );
    }

    #[test]
    fn only_a_global_admin_adds_or_changes_users() {
        let agent = account("agent", &[PartnerRole::AdminAgent]);
        let refused = form("new@contoso.com", "long enough pw").account(
            Some(&agent.user),
            &[],
            UserId("u".into()),
        );
        assert!(matches!(
            refused,
            Err(Refusal::MissingRole {
                action: Action::ManageUsers,
                ..
            })
        ));
        let change = change_account(
            &agent.user,
            std::slice::from_ref(&agent),
            agent.user.id(),
            AccountChange::Disabled(true),
        );
        assert!(matches!(change, Err(Refusal::MissingRole { .. })));
    }

    #[test]
    fn the_last_global_admin_can_be_neither_disabled_nor_stripped_of_the_role() {
        let admin = account("admin", &[PartnerRole::GlobalAdmin]);
        let accounts = [admin.clone(), account("agent", &[PartnerRole::AdminAgent])];
        let id = admin.user.id();
        for change in [
            AccountChange::Disabled(true),
            AccountChange::Roles(vec![PartnerRole::AdminAgent]),
        ] {
            assert_eq!(
                change_account(&admin.user, &accounts, id, change),
                Err(Refusal::LastGlobalAdmin)
            );
        }
        let second = account("second", &[PartnerRole::GlobalAdmin]);
        let accounts = [admin.clone(), second];
        let disabled = change_account(&admin.user, &accounts, id, AccountChange::Disabled(true));
        assert!(disabled.unwrap().disabled);
    }
}
