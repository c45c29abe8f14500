//! Strings of after the sale: software, keys and downloads, cancelling purchases, billing,
//! the activity log, support requests, the customer's view, the clock, VL to CSP.

use csp_domain::{FieldProblem, SupportField, SupportRequestStatus};

/// The after-sale pages' strings.
pub struct AfterSaleTexts {
    // The clock.
    pub simulation_clock: &'static str,
    pub simulated_time: &'static str,
    pub plus_one_hour: &'static str,
    pub plus_one_day: &'static str,
    pub plus_seven_days: &'static str,
    pub plus_thirty_days: &'static str,
    pub jump_to_date: &'static str,

    // The Software tab.
    pub software: &'static str,
    pub loading_software: &'static str,
    pub no_software: &'static str,
    pub unknown_product: &'static str,
    pub order: &'static str,
    pub quantity: &'static str,
    pub purchased: &'static str,
    pub product: &'static str,
    pub customer: &'static str,
    pub version: &'static str,
    pub language: &'static str,
    pub file_type: &'static str,
    pub state_active: &'static str,
    pub state_cancellation_pending: fn(settles_at: &str) -> String,
    pub state_cancelled: &'static str,
    pub state_expired: &'static str,
    pub state_suspended: &'static str,
    pub state_unknown: &'static str,
    pub cancelled_no_key: &'static str,
    pub license_only: &'static str,
    pub installation_instructions: &'static str,
    pub get_keys_and_downloads: &'static str,
    pub keys_need_role: &'static str,
    pub get_key: &'static str,
    pub download: &'static str,
    pub copy_link: &'static str,
    pub downloaded: fn(file_name: &str) -> String,
    pub link_copied: &'static str,
    pub link_not_copied: &'static str,
    pub link_validity: fn(valid_until: &str, downloads_left: u32) -> String,
    pub download_link: &'static str,
    pub product_key: &'static str,
    pub revealing_key: &'static str,
    pub key_intro: &'static str,
    pub copy_key: &'static str,
    pub key_copied: &'static str,
    pub key_not_copied: &'static str,
    pub manage_subscription: &'static str,
    pub never_cancellable: &'static str,
    pub cancel_through_support: &'static str,
    pub report_a_problem: &'static str,

    // Cancelling a perpetual purchase.
    pub cancel: &'static str,
    pub cancel_needs_role: &'static str,
    pub cancel_title: fn(product: &str) -> String,
    pub loading_orders: &'static str,
    pub no_order_to_cancel: &'static str,
    pub order_number: &'static str,
    pub days_left: fn(days: i64, closes: &str) -> String,
    pub window_passed: fn(closed: &str) -> String,
    pub window_passed_next: &'static str,
    pub important: &'static str,
    pub revocation_message: &'static str,
    pub acknowledge: &'static str,
    pub submit: &'static str,
    pub cancel_confirmed: fn(product: &str, order: &str) -> String,

    // The download link page.
    pub download_title: &'static str,
    pub loading_link: &'static str,
    pub choice: &'static str,
    pub link_validity_page: fn(valid_until: &str, downloads_left: u32) -> String,
    pub link_expired: &'static str,
    pub link_expired_why: fn(valid_until: &str) -> String,
    pub link_revoked: &'static str,
    pub link_unknown: &'static str,

    // Billing.
    pub loading_credits: &'static str,
    pub no_credits: &'static str,
    pub invoice_month: fn(month: &str) -> String,
    pub booked: &'static str,
    pub credit: &'static str,

    // Settings.
    pub tools: &'static str,
    pub demo_data: &'static str,
    pub reset_demo_intro: &'static str,
    pub reset_demo: &'static str,
    pub reset_demo_confirm_title: &'static str,
    pub reset_demo_confirm: &'static str,
    pub keep_data: &'static str,
    pub reset_done: &'static str,

    // The activity log.
    pub from: &'static str,
    pub to: &'static str,
    pub loading_activity: &'static str,
    pub reading_clock: &'static str,
    pub no_activity: &'static str,
    pub activity_count: fn(count: usize) -> String,
    pub when: &'static str,
    pub user: &'static str,
    pub what: &'static str,
    pub someone_with_link: fn(customer: &str) -> String,
    pub key_viewed: &'static str,
    pub link_issued: &'static str,
    pub downloaded_activity: &'static str,

    // Support.
    pub your_requests: &'static str,
    pub loading_requests: &'static str,
    pub no_requests: &'static str,
    pub request_id: &'static str,
    pub field_title: &'static str,
    pub filed: &'static str,
    pub state: &'static str,
    pub request_state: fn(SupportRequestStatus) -> &'static str,
    pub report_intro: &'static str,
    pub problem_type: &'static str,
    pub problem_type_refund: &'static str,
    pub impact: &'static str,
    pub impact_minimal: &'static str,
    pub impact_moderate: &'static str,
    pub impact_critical: &'static str,
    pub description: &'static str,
    pub contact: &'static str,
    pub tenant_hint: &'static str,
    pub amount_hint: &'static str,
    pub files_optional: &'static str,
    pub attached_files: &'static str,
    pub field_label: fn(SupportField) -> &'static str,
    pub field_problem: fn(SupportField, &FieldProblem) -> String,
    pub form_has_errors: fn(fields: &str) -> String,
    pub request_filed: fn(id: &str) -> String,
    pub see_requests: &'static str,
    pub request_heading: fn(id: &str) -> String,
    pub loading_request: &'static str,
    pub what_was_filed: &'static str,
    pub added_information: &'static str,
    pub no_information_added: &'static str,
    pub attention_needed_hint: &'static str,
    pub add_information: &'static str,
    pub information_added: &'static str,
    pub close_request: &'static str,
    pub request_closed: &'static str,
    pub closed_hint: &'static str,
    pub back_to_requests: &'static str,
    pub refund_title: fn(product: &str) -> String,

    // The customer's view.
    pub your_products_title: &'static str,
    pub customer_view_path: &'static str,
    pub billing_crumb: &'static str,
    pub customer_view_for_partners: &'static str,
    pub partner_software_hint: &'static str,

    // VL to CSP.
    pub vl_to_csp_title: &'static str,
    pub vl_to_csp_intro: &'static str,
    pub last_kms_activation: &'static str,
    pub enter_kms_date: &'static str,
    pub mak_deadline: fn(deadline: &str, days_left: i64) -> String,
    pub mak_deadline_passed: fn(deadline: &str) -> String,
}

pub(super) const ENGLISH: AfterSaleTexts = AfterSaleTexts {
    simulation_clock: "Simulation clock",
    simulated_time: "Simulated time:",
    plus_one_hour: "+1 hour",
    plus_one_day: "+1 day",
    plus_seven_days: "+7 days",
    plus_thirty_days: "+30 days",
    jump_to_date: "Jump to date",

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
    state_cancellation_pending: state_cancellation_pending_en,
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
    downloaded: downloaded_en,
    link_copied: "The download link is copied to the clipboard.",
    link_not_copied: "The browser did not allow copying; copy the link from the field below.",
    link_validity: link_validity_en,
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

    cancel: "Cancel",
    cancel_needs_role: "Cancelling a purchase needs the Admin agent role.",
    cancel_title: cancel_title_en,
    loading_orders: "Loading orders…",
    no_order_to_cancel: "No order of this product can be cancelled any more.",
    order_number: "Order number",
    days_left: days_left_en,
    window_passed: window_passed_en,
    window_passed_next: "To ask for a refund now, file a support request.",
    important: "Important:",
    revocation_message: "Cancelling revokes every product key and download link of this purchase. A revoked key is never shown again and old links stop working. There is no early termination fee; a 100% credit shows on the next monthly invoice. The dashboard may take up to 15 minutes to show the cancellation.",
    acknowledge: "I have read and understood this message",
    submit: "Submit",
    cancel_confirmed: cancel_confirmed_en,

    download_title: "Download",
    loading_link: "Checking the link…",
    choice: "Version, language and file type",
    link_validity_page: link_validity_page_en,
    link_expired: "This link has expired",
    link_expired_why: link_expired_why_en,
    link_revoked: "This link was revoked because the purchase was cancelled.",
    link_unknown: "This download link does not exist. Check that it was copied completely.",

    loading_credits: "Loading credits…",
    no_credits: "No credits yet. Cancelling a purchase or subscription books one on the next monthly invoice.",
    invoice_month: invoice_month_en,
    booked: "Booked",
    credit: "Credit",

    tools: "Tools",
    demo_data: "Demo data",
    reset_demo_intro: "Start over from the demo customers, purchases and clock.",
    reset_demo: "Reset demo data",
    reset_demo_confirm_title: "Reset the demo data?",
    reset_demo_confirm: "Everything done in this browser is replaced by the demo data, and the simulation clock goes back to 15 Nov 2021, 10:00 UTC.",
    keep_data: "Keep my data",
    reset_done: "The demo data was restored.",

    from: "From",
    to: "To",
    loading_activity: "Loading the activity log…",
    reading_clock: "Reading the simulation clock…",
    no_activity: "Nobody accessed a key or downloaded software in this date range.",
    activity_count: activity_count_en,
    when: "When",
    user: "User",
    what: "What",
    someone_with_link: |customer| format!("Download link ({customer})"),
    key_viewed: "Viewed the product key",
    link_issued: "Issued a download link",
    downloaded_activity: "Downloaded",

    your_requests: "Your support requests",
    loading_requests: "Loading support requests…",
    no_requests: "No support requests yet.",
    request_id: "Request",
    field_title: "Title",
    filed: "Filed",
    state: "State",
    request_state: request_state_en,
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
    field_label: field_label_en,
    field_problem: field_problem_en,
    form_has_errors: form_has_errors_en,
    request_filed: request_filed_en,
    see_requests: "See your support requests",
    request_heading: |id| format!("Support request {id}"),
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
    refund_title: refund_title_en,

    your_products_title: "Your products",
    customer_view_path: "Billing › Your products › Software",
    billing_crumb: "Billing",
    customer_view_for_partners: "This is the customer's own view (Microsoft 365 admin center › Billing › Your products › Software). A customer's Global admin sees their organization's software, with keys and downloads, here. Sign in as Casey (Contoso Global admin) to see it.",
    partner_software_hint: "As a partner user, open a customer's Software tab instead",

    vl_to_csp_title: "Move from volume licensing to CSP",
    vl_to_csp_intro: "KMS activations last 180 days before a device tries to renew them. Deploy the customer's new MAK before then, by hand or with slmgr.vbs, and there is no downtime; after that, devices may be limited until they are reactivated.",
    last_kms_activation: "Last KMS activation date",
    enter_kms_date: "Enter the date of the last KMS activation to see the deadline.",
    mak_deadline: mak_deadline_en,
    mak_deadline_passed: mak_deadline_passed_en,
};

fn state_cancellation_pending_en(settles_at: &str) -> String {
    format!("Cancellation pending (shows as cancelled from {settles_at})")
}

fn downloaded_en(file_name: &str) -> String {
    format!("Downloaded {file_name}.")
}

fn link_validity_en(valid_until: &str, downloads_left: u32) -> String {
    format!("It is valid until {valid_until}, with {downloads_left} of 50 downloads left.")
}

fn link_validity_page_en(valid_until: &str, downloads_left: u32) -> String {
    format!("This link is valid until {valid_until}: {downloads_left} of 50 downloads left.")
}

fn link_expired_why_en(valid_until: &str) -> String {
    format!(
        "A download link works for two weeks (this one until {valid_until}) or 50 downloads, \
         whichever comes first. Ask for a fresh link."
    )
}

fn cancel_title_en(product: &str) -> String {
    format!("Cancel {product}")
}

fn days_left_en(days: i64, closes: &str) -> String {
    format!(
        "{} left to cancel this order (until {closes}).",
        (super::glossary::ENGLISH.days)(days)
    )
}

fn window_passed_en(closed: &str) -> String {
    format!("The 30-day window of this order has passed (it closed on {closed}); it can no longer be cancelled here.")
}

fn cancel_confirmed_en(product: &str, order: &str) -> String {
    format!(
        "{product} on order {order} is cancelled. Its keys and download links are revoked, and a \
         credit shows on the next monthly invoice. The dashboard shows the cancellation within \
         15 minutes."
    )
}

fn invoice_month_en(month: &str) -> String {
    format!("Invoice {month}")
}

fn activity_count_en(count: usize) -> String {
    if count == 1 {
        "1 entry".to_owned()
    } else {
        format!("{count} entries")
    }
}

fn request_state_en(status: SupportRequestStatus) -> &'static str {
    match status {
        SupportRequestStatus::Open => "Open",
        SupportRequestStatus::AttentionNeeded => "Attention needed",
        SupportRequestStatus::Closed => "Closed",
        SupportRequestStatus::Unknown => "Unknown",
    }
}

fn field_label_en(field: SupportField) -> &'static str {
    match field {
        SupportField::Title => "Title",
        SupportField::TenantOrDomain => "Customer tenant GUID or domain name",
        SupportField::OrderOrSubscriptionId => "Order ID or subscription ID",
        SupportField::RefundReason => "Refund reason",
        SupportField::AmountRequested => "Amount requested",
        SupportField::ContactName => "Contact name",
        SupportField::ContactEmail => "Email",
        SupportField::ContactPhone => "Phone",
        SupportField::Files => "Files",
        SupportField::Note => "Information to add",
    }
}

fn field_problem_en(field: SupportField, problem: &FieldProblem) -> String {
    let why = match problem {
        FieldProblem::Missing => "please fill this in.".to_owned(),
        FieldProblem::TooLong { max } => format!("use at most {max} characters."),
        FieldProblem::NotTenantOrDomain => "enter the tenant GUID (like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01) or a domain (like contoso.onmicrosoft.com).".to_owned(),
        FieldProblem::NotAnAmount => "enter a positive amount like 120.50 or 1,000,000.".to_owned(),
        FieldProblem::NotOfTheTenant => "this order or subscription belongs to another customer's tenant.".to_owned(),
        FieldProblem::NotAnEmail => "enter an email address like name@example.com.".to_owned(),
        FieldProblem::NotAPhoneNumber => "enter a phone number of at least 6 digits, like +49 30 1234567.".to_owned(),
        FieldProblem::TooManyFiles { max } => format!("attach at most {max} files."),
        FieldProblem::BadFileName => "a file name is empty or holds a path.".to_owned(),
    };
    format!("{}: {why}", field_label_en(field))
}

fn form_has_errors_en(fields: &str) -> String {
    format!("Check these fields: {fields}. What you typed is kept.")
}

fn request_filed_en(id: &str) -> String {
    format!("Support request {id} was filed.")
}

fn refund_title_en(product: &str) -> String {
    format!("Refund {product}")
}

fn mak_deadline_en(deadline: &str, days_left: i64) -> String {
    format!(
        "Deploy the MAK by {deadline}: {} left.",
        (super::glossary::ENGLISH.days)(days_left)
    )
}

fn mak_deadline_passed_en(deadline: &str) -> String {
    format!(
        "The 180 days ended on {deadline}. Devices may be limited until they are reactivated \
         with the MAK."
    )
}
