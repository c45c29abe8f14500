//! Strings of after the sale: software, keys and downloads, cancelling purchases, billing,
//! the activity log, support requests, the customer's view, the clock, VL to CSP.

use csp_domain::{FieldProblem, FormField, SupportRequestStatus};

use super::catalog::{catalog, fill, plural};
use super::format;

catalog! {
    /// The after-sale pages' strings.
    pub struct AfterSaleTexts in "after_sale" {
        // The clock.
        simulation_clock: "Simulation clock",
        simulated_time: "Simulated time:",
        plus_one_hour: "+1 hour",
        plus_one_day: "+1 day",
        plus_seven_days: "+7 days",
        plus_thirty_days: "+30 days",
        jump_to_date: "Jump to date",

        // The Software tab.
        software: "Software",
        loading_software: "Loading software…",
        no_software: "No software has been bought for this customer.",
        unknown_product: "This product is not in the catalog of this version.",
        order: "Order",
        quantity: "Quantity",
        purchased: "Purchased",
        product: "Product",
        customer: "Customer",
        version: "Version",
        language: "Language",
        file_type: "File type/OS",
        state_active: "Active",
        state_cancellation_pending: "Cancellation pending (shows as cancelled from {settles_at})",
        state_cancelled: "Cancelled",
        state_expired: "Expired",
        state_suspended: "Suspended",
        state_unknown: "Unknown state",
        cancelled_no_key: "This purchase was cancelled: its product key and download links are revoked.",
        license_only: "This is a license-only product: it needs no product key and has nothing to download.",
        installation_instructions: "Installation instructions",
        get_keys_and_downloads: "Get keys and downloads",
        keys_need_role: "Getting keys and downloads needs the Admin agent role.",
        get_key: "Get key",
        download: "Download",
        copy_link: "Copy link",
        downloaded: "Downloaded {file_name}.",
        link_copied: "The download link is copied to the clipboard.",
        link_not_copied: "The browser did not allow copying; copy the link from the field below.",
        link_validity: "It is valid until {valid_until}, with {downloads_left} of 50 downloads left.",
        download_link: "Download link",
        product_key: "Product key",
        revealing_key: "Getting the product key…",
        key_intro: "The Multiple Activation Key (MAK) of this purchase. Viewing it is written to the activity log.",
        copy_key: "Copy key",
        key_copied: "The key is copied to the clipboard.",
        key_not_copied: "The browser did not allow copying; select the key and copy it.",
        manage_subscription: "Manage or cancel this subscription",
        never_cancellable: "RedHat and SUSE software plans cannot be cancelled or exchanged.",
        cancel_through_support: "Windows 7 ESU 2020 is cancelled through a customer support request.",
        report_a_problem: "Report a problem",

        // Cancelling a perpetual purchase.
        cancel: "Cancel",
        cancel_needs_role: "Cancelling a purchase needs the Admin agent role.",
        cancel_title: "Cancel {product}",
        loading_orders: "Loading orders…",
        no_order_to_cancel: "No order of this product can be cancelled any more.",
        order_number: "Order number",
        days_left_one: "{days} day left to cancel this order (until {closes}).",
        days_left: "{days} days left to cancel this order (until {closes}).",
        window_passed: "The 30-day window of this order has passed (it closed on {closed}); it can no longer be cancelled here.",
        window_passed_next: "To ask for a refund now, file a support request.",
        important: "Important:",
        revocation_message: "Cancelling revokes every product key and download link of this purchase. A revoked key is never shown again and old links stop working. There is no early termination fee; a 100% credit shows on the next monthly invoice. The dashboard may take up to 15 minutes to show the cancellation.",
        acknowledge: "I have read and understood this message",
        submit: "Submit",
        cancel_confirmed: "{product} on order {order} is cancelled. Its keys and download links are revoked, and a credit shows on the next monthly invoice. The dashboard shows the cancellation within 15 minutes.",

        // The download link page.
        download_title: "Download",
        loading_link: "Checking the link…",
        choice: "Version, language and file type",
        link_validity_page: "This link is valid until {valid_until}: {downloads_left} of 50 downloads left.",
        link_expired: "This link has expired",
        link_expired_why: "A download link works for two weeks (this one until {valid_until}) or 50 downloads, whichever comes first. Ask for a fresh link.",
        link_revoked: "This link was revoked because the purchase was cancelled.",
        link_unknown: "This download link does not exist. Check that it was copied completely.",

        // Billing.
        loading_credits: "Loading credits and charges…",
        no_credits: "No credits yet. Cancelling a purchase or subscription books one on the next monthly invoice.",
        invoice_month: "Invoice {month}",
        booked: "Booked",
        credit: "Credit",
        charges: "Charges per invoice month",
        no_charges: "No charges yet. A purchase is charged on the next monthly invoice, and a subscription each billing period as the period starts.",
        charges_invoice_month: "Charges on invoice {month}",
        billing_period: "Billing period",
        billed: "Billed",
        charge: "Charge",

        // Settings.
        tools: "Tools",
        demo_data: "Demo data",
        reset_demo_intro: "Start over from the demo customers, purchases and clock.",
        reset_demo: "Reset demo data",
        reset_demo_confirm_title: "Reset the demo data?",
        reset_demo_confirm: "Everything done in this browser is replaced by the demo data, and the simulation clock goes back to 15 Nov 2021, 10:00 UTC.",
        keep_data: "Keep my data",
        reset_done: "The demo data was restored.",

        // The activity log.
        from: "From",
        to: "To",
        loading_activity: "Loading the activity log…",
        reading_clock: "Reading the simulation clock…",
        no_activity: "Nobody accessed a key or downloaded software in this date range.",
        activity_count_one: "{count} entry",
        activity_count: "{count} entries",
        when: "When",
        user: "User",
        what: "What",
        someone_with_link: "Download link ({customer})",
        key_viewed: "Viewed the product key",
        link_issued: "Issued a download link",
        downloaded_activity: "Downloaded",

        // Support.
        your_requests: "Your support requests",
        loading_requests: "Loading support requests…",
        no_requests: "No support requests yet.",
        request_id: "Request",
        field_title: "Title",
        filed: "Filed",
        state: "State",
        request_state_open: "Open",
        request_state_attention_needed: "Attention needed",
        request_state_closed: "Closed",
        request_state_unknown: "Unknown",
        report_intro: "Ask partner support to cancel or refund a purchase on behalf of a customer. Every field except the files is required.",
        problem_type: "Type of problem",
        problem_type_refund: "CSP Purchase/Refund on behalf of customers",
        impact: "Impact",
        impact_minimal: "Minimal",
        impact_moderate: "Moderate",
        impact_critical: "Critical",
        description: "Description",
        contact: "Contact",
        tenant_hint: "Like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01 or contoso.onmicrosoft.com",
        amount_hint: "In the customer's currency, like 120.50",
        files_optional: "Files (optional)",
        attached_files: "Attached files",
        label_title: "Title",
        label_tenant_or_domain: "Customer tenant GUID or domain name",
        label_order_or_subscription_id: "Order ID or subscription ID",
        label_refund_reason: "Refund reason",
        label_amount_requested: "Amount requested",
        label_contact_name: "Contact name",
        label_contact_email: "Email",
        label_contact_phone: "Phone",
        label_files: "Files",
        label_note: "Information to add",
        label_company_name: "Company name",
        label_default_domain: "Default domain",
        label_tenant_id: "Tenant ID",
        label_market: "Country/region",
        label_currency: "Currency",
        label_email: "Email",
        label_display_name: "Name",
        label_password: "Password",
        /// A field's problem: the field's label, then why.
        field_problem: "{field}: {problem}",
        problem_missing: "please fill this in.",
        problem_too_long: "use at most {max} characters.",
        problem_not_tenant_or_domain: "enter the tenant GUID (like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01) or a domain (like contoso.onmicrosoft.com).",
        problem_not_an_amount: "enter a positive amount like 120.50 or 1,000,000.",
        problem_not_of_the_tenant: "this order or subscription belongs to another customer's tenant.",
        problem_not_an_email: "enter an email address like name@example.com.",
        problem_not_a_phone_number: "enter a phone number of at least 6 digits, like +49 30 1234567.",
        problem_too_many_files: "attach at most {max} files.",
        problem_bad_file_name: "a file name is empty or holds a path.",
        problem_too_short: "use at least {min} characters.",
        problem_not_a_domain: "enter a domain name like contoso.onmicrosoft.com.",
        problem_not_a_tenant_guid: "enter a GUID like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01.",
        problem_unknown_market: "enter the two-letter code of a country Partner Center sells in, like DE.",
        problem_no_price_list: "there is no price list in this currency; use one like EUR or USD.",
        problem_taken: "this is already used by another one.",
        problem_not_csv: "this row cannot be read: a quote is not closed, or it has more or fewer columns than the header.",
        problem_not_text: "remove the control characters.",
        form_has_errors: "Check these fields: {fields}. What you typed is kept.",
        request_filed: "Support request {id} was filed.",
        see_requests: "See your support requests",
        request_heading: "Support request {id}",
        loading_request: "Loading the support request…",
        what_was_filed: "What was filed",
        added_information: "Information added",
        no_information_added: "Nothing added since it was filed.",
        attention_needed_hint: "Microsoft support needs more information from you. Add it below; the request then goes back to them.",
        add_information: "Add information",
        information_added: "The information was added.",
        close_request: "Close this request",
        request_closed: "The request is closed.",
        closed_hint: "This request is closed. For anything more, file a new one.",
        back_to_requests: "Back to support requests",
        refund_title: "Refund {product}",

        // The customer's view.
        your_products_title: "Your products",
        customer_view_path: "Billing › Your products › Software",
        billing_crumb: "Billing",
        customer_view_for_partners: "This is the customer's own view (Microsoft 365 admin center › Billing › Your products › Software). A customer's Global admin sees their organization's software, with keys and downloads, here. Sign in as Casey (Contoso Global admin) to see it.",
        partner_software_hint: "As a partner user, open a customer's Software tab instead",

        // VL to CSP.
        vl_to_csp_title: "Move from volume licensing to CSP",
        vl_to_csp_intro: "KMS activations last 180 days before a device tries to renew them. Deploy the customer's new MAK before then, by hand or with slmgr.vbs, and there is no downtime; after that, devices may be limited until they are reactivated.",
        last_kms_activation: "Last KMS activation date",
        enter_kms_date: "Enter the date of the last KMS activation to see the deadline.",
        mak_deadline_one: "Deploy the MAK by {deadline}: {days} day left.",
        mak_deadline: "Deploy the MAK by {deadline}: {days} days left.",
        mak_deadline_passed: "The 180 days ended on {deadline}. Devices may be limited until they are reactivated with the MAK.",
    }
}

impl AfterSaleTexts {
    pub fn state_cancellation_pending(&self, settles_at: &str) -> String {
        fill(
            self.state_cancellation_pending,
            &[("settles_at", settles_at)],
        )
    }

    pub fn downloaded(&self, file_name: &str) -> String {
        fill(self.downloaded, &[("file_name", file_name)])
    }

    pub fn link_validity(&self, valid_until: &str, downloads_left: u32) -> String {
        let left = format::integer(downloads_left.into());
        fill(
            self.link_validity,
            &[("valid_until", valid_until), ("downloads_left", &left)],
        )
    }

    pub fn link_validity_page(&self, valid_until: &str, downloads_left: u32) -> String {
        let left = format::integer(downloads_left.into());
        fill(
            self.link_validity_page,
            &[("valid_until", valid_until), ("downloads_left", &left)],
        )
    }

    pub fn link_expired_why(&self, valid_until: &str) -> String {
        fill(self.link_expired_why, &[("valid_until", valid_until)])
    }

    pub fn cancel_title(&self, product: &str) -> String {
        fill(self.cancel_title, &[("product", product)])
    }

    pub fn days_left(&self, days: i64, closes: &str) -> String {
        let template = plural(days, self.days_left_one, self.days_left);
        fill(
            template,
            &[("days", &format::integer(days)), ("closes", closes)],
        )
    }

    pub fn window_passed(&self, closed: &str) -> String {
        fill(self.window_passed, &[("closed", closed)])
    }

    pub fn cancel_confirmed(&self, product: &str, order: &str) -> String {
        fill(
            self.cancel_confirmed,
            &[("product", product), ("order", order)],
        )
    }

    pub fn invoice_month(&self, month: &str) -> String {
        fill(self.invoice_month, &[("month", month)])
    }

    pub fn charges_invoice_month(&self, month: &str) -> String {
        fill(self.charges_invoice_month, &[("month", month)])
    }

    pub fn activity_count(&self, count: usize) -> String {
        let template = plural(count as i64, self.activity_count_one, self.activity_count);
        fill(template, &[("count", &format::integer(count as i64))])
    }

    pub fn someone_with_link(&self, customer: &str) -> String {
        fill(self.someone_with_link, &[("customer", customer)])
    }

    pub fn request_state(&self, status: SupportRequestStatus) -> &'static str {
        match status {
            SupportRequestStatus::Open => self.request_state_open,
            SupportRequestStatus::AttentionNeeded => self.request_state_attention_needed,
            SupportRequestStatus::Closed => self.request_state_closed,
            SupportRequestStatus::Unknown => self.request_state_unknown,
        }
    }

    pub fn field_label(&self, field: FormField) -> &'static str {
        match field {
            FormField::Title => self.label_title,
            FormField::TenantOrDomain => self.label_tenant_or_domain,
            FormField::OrderOrSubscriptionId => self.label_order_or_subscription_id,
            FormField::RefundReason => self.label_refund_reason,
            FormField::AmountRequested => self.label_amount_requested,
            FormField::ContactName => self.label_contact_name,
            FormField::ContactEmail => self.label_contact_email,
            FormField::ContactPhone => self.label_contact_phone,
            FormField::Files => self.label_files,
            FormField::Note => self.label_note,
            FormField::CompanyName => self.label_company_name,
            FormField::DefaultDomain => self.label_default_domain,
            FormField::TenantId => self.label_tenant_id,
            FormField::Market => self.label_market,
            FormField::Currency => self.label_currency,
            FormField::Email => self.label_email,
            FormField::DisplayName => self.label_display_name,
            FormField::Password => self.label_password,
        }
    }

    pub fn field_problem(&self, field: FormField, problem: &FieldProblem) -> String {
        fill(
            self.field_problem,
            &[
                ("field", self.field_label(field)),
                ("problem", &self.problem(problem)),
            ],
        )
    }

    /// What is wrong, without the field's name.
    pub fn problem(&self, problem: &FieldProblem) -> String {
        let (template, max) = match problem {
            FieldProblem::Missing => (self.problem_missing, 0),
            FieldProblem::TooLong { max } => (self.problem_too_long, *max),
            FieldProblem::NotTenantOrDomain => (self.problem_not_tenant_or_domain, 0),
            FieldProblem::NotAnAmount => (self.problem_not_an_amount, 0),
            FieldProblem::NotOfTheTenant => (self.problem_not_of_the_tenant, 0),
            FieldProblem::NotAnEmail => (self.problem_not_an_email, 0),
            FieldProblem::NotAPhoneNumber => (self.problem_not_a_phone_number, 0),
            FieldProblem::TooManyFiles { max } => (self.problem_too_many_files, *max),
            FieldProblem::BadFileName => (self.problem_bad_file_name, 0),
            FieldProblem::TooShort { min } => (self.problem_too_short, *min),
            FieldProblem::NotADomain => (self.problem_not_a_domain, 0),
            FieldProblem::NotATenantGuid => (self.problem_not_a_tenant_guid, 0),
            FieldProblem::UnknownMarket => (self.problem_unknown_market, 0),
            FieldProblem::NoPriceList => (self.problem_no_price_list, 0),
            FieldProblem::Taken => (self.problem_taken, 0),
            FieldProblem::NotCsv => (self.problem_not_csv, 0),
            FieldProblem::NotText => (self.problem_not_text, 0),
        };
        let bound = format::integer(max as i64);
        fill(template, &[("max", &bound), ("min", &bound)])
    }

    pub fn form_has_errors(&self, fields: &str) -> String {
        fill(self.form_has_errors, &[("fields", fields)])
    }

    pub fn request_filed(&self, id: &str) -> String {
        fill(self.request_filed, &[("id", id)])
    }

    pub fn request_heading(&self, id: &str) -> String {
        fill(self.request_heading, &[("id", id)])
    }

    pub fn refund_title(&self, product: &str) -> String {
        fill(self.refund_title, &[("product", product)])
    }

    pub fn mak_deadline(&self, deadline: &str, days_left: i64) -> String {
        let template = plural(days_left, self.mak_deadline_one, self.mak_deadline);
        fill(
            template,
            &[
                ("deadline", deadline),
                ("days", &format::integer(days_left)),
            ],
        )
    }

    pub fn mak_deadline_passed(&self, deadline: &str) -> String {
        fill(self.mak_deadline_passed, &[("deadline", deadline)])
    }
}
