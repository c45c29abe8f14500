//! Strings of a real server's accounts and customers: signing in and out, Settings → Users,
//! the record of sign-ins, adding and importing customers.

use csp_domain::accounts::AccountEventKind;

use super::catalog::{catalog, fill, plural};

catalog! {
    /// The account and customer pages' strings.
    pub struct AccountTexts in "accounts" {
        // Signing in.
        sign_in_heading: "Sign in to csp-desk",
        sign_in_intro: "Sign in with the email and password your Global admin gave you.",
        email: "Email",
        password: "Password",
        sign_in: "Sign in",
        signing_in: "Signing in…",
        sign_in_failed: "The email or password is wrong.",
        too_many_sign_ins_one: "Too many failed sign-ins for this email: try again in {minutes} minute.",
        too_many_sign_ins: "Too many failed sign-ins for this email: try again in {minutes} minutes.",
        sign_out: "Sign out",
        signing_out: "Signing out…",

        // Settings → Users.
        users: "Users",
        users_summary: "Add users, change their roles or disable them, and see who signed in.",
        loading_accounts: "Loading users…",
        add_user: "Add user",
        roles: "Roles",
        status: "Status",
        active: "Active",
        disabled: "Disabled",
        actions: "Actions",
        disable: "Disable",
        enable: "Enable",
        /// The accessible names of a row's buttons, which name the user.
        disable_user: "Disable {name}",
        enable_user: "Enable {name}",
        save_roles: "Save roles",
        save_roles_of: "Save the roles of {name}",
        roles_of: "Roles of {name}",
        change_roles_of: "Change the roles of {name}",
        password_hint: "At least 12 characters. Give it to the user in person or by another channel.",
        adding_user: "Adding…",
        user_added: "{name} was added and can sign in now.",
        roles_saved: "The roles of {name} were saved.",
        user_disabled: "{name} is disabled; their sessions have ended.",
        user_enabled: "{name} can sign in again.",
        customer_admin_of: "Global admin of customer {customer}",

        // The record of sign-ins and user changes.
        account_records: "Sign-ins and user changes",
        loading_records: "Loading the record…",
        no_records: "Nothing is recorded yet.",
        record_time: "Time",
        record_what: "What",
        record_email: "Email",
        record_by: "By",
        record_address: "Address",
        record_signed_in: "Signed in",
        record_sign_in_failed: "Sign-in failed",
        record_sign_in_locked: "Sign-in refused: too many failures",
        record_signed_out: "Signed out",
        record_user_added: "User added",
        record_roles_changed: "Roles changed",
        record_user_disabled: "User disabled",
        record_user_enabled: "User enabled",

        // Adding and importing customers.
        add_customer: "Add customer",
        add_customer_intro: "Add a customer you sell to. The tenant ID becomes the customer's ID, as in Partner Center.",
        market_hint: "The two-letter country code, such as DE.",
        currency_hint: "The billing currency, such as EUR.",
        adding_customer: "Adding…",
        customer_added: "{name} was added.",
        open_customer: "Open {name}",
        import_heading: "Import customers from a CSV file",
        import_intro: "The first row names the columns name, defaultDomain, tenantId, market and currency; then one customer per row. Every row is checked first: if one is wrong, nothing is imported.",
        csv_file: "CSV file",
        import: "Import",
        importing: "Importing…",
        imported_one: "{count} customer was imported.",
        imported: "{count} customers were imported.",
        file_unreadable: "The file could not be read.",
        choose_a_file: "Choose a CSV file first.",
    }
}

impl AccountTexts {
    /// Why sign-in is refused for now.
    pub fn too_many_sign_ins(&self, minutes: u64) -> String {
        let template = plural(
            minutes as i64,
            self.too_many_sign_ins_one,
            self.too_many_sign_ins,
        );
        fill(template, &[("minutes", &minutes.to_string())])
    }

    /// A template filled with a user's name.
    pub fn named(&self, template: &str, name: &str) -> String {
        fill(template, &[("name", name)])
    }

    /// A customer's Global admin, described.
    pub fn customer_admin_of(&self, customer: &str) -> String {
        fill(self.customer_admin_of, &[("customer", customer)])
    }

    /// How many customers an import added.
    pub fn imported(&self, count: usize) -> String {
        let template = plural(count as i64, self.imported_one, self.imported);
        fill(
            template,
            &[("count", &super::format::integer(count as i64))],
        )
    }

    /// What a line of the record says happened.
    pub fn record_kind(&self, kind: AccountEventKind) -> &'static str {
        match kind {
            AccountEventKind::SignedIn => self.record_signed_in,
            AccountEventKind::SignInFailed => self.record_sign_in_failed,
            AccountEventKind::SignInLocked => self.record_sign_in_locked,
            AccountEventKind::SignedOut => self.record_signed_out,
            AccountEventKind::UserAdded => self.record_user_added,
            AccountEventKind::RolesChanged => self.record_roles_changed,
            AccountEventKind::UserDisabled => self.record_user_disabled,
            AccountEventKind::UserEnabled => self.record_user_enabled,
        }
    }
}
