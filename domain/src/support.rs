//! "Report a problem": the CSP Purchase/Refund support request, and its states.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::Refusal;
use crate::role::UserId;

/// A service request's id, as in `/v1/servicerequests/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct SupportRequestId(pub String);

impl fmt::Display for SupportRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The type of problem; cancelling on a customer's behalf uses this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProblemType {
    /// "CSP Purchase/Refund on behalf of customers".
    #[default]
    #[serde(rename = "CSP Purchase/Refund on behalf of customers")]
    CspPurchaseRefund,
}

crate::tagged::unit_variants_by_hand!(ProblemType {
    CspPurchaseRefund = "CSP Purchase/Refund on behalf of customers",
});

/// How much the problem hurts the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Minimal impact.
    Minimal,
    /// Moderate impact.
    Moderate,
    /// Critical impact.
    Critical,
}

crate::tagged::unit_variants_by_hand!(Impact {
    Minimal = "minimal",
    Moderate = "moderate",
    Critical = "critical",
});

/// A service request's state, with Partner Center's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupportRequestStatus {
    /// Being worked on.
    Open,
    /// Support needs something from the partner.
    AttentionNeeded,
    /// Done.
    Closed,
    /// A status this version does not know, read from outside.
    #[serde(other)]
    Unknown,
}

crate::tagged::unit_variants_by_hand!(SupportRequestStatus {
    Open = "open",
    AttentionNeeded = "attention_needed",
    Closed = "closed",
} other Unknown);

impl SupportRequestStatus {
    /// The state after moving to `to`: open ⇄ attention_needed, either → closed; closed stays.
    pub fn move_to(self, to: SupportRequestStatus) -> Result<SupportRequestStatus, Refusal> {
        use SupportRequestStatus::*;
        match (self, to) {
            (Open, AttentionNeeded)
            | (AttentionNeeded, Open)
            | (Open | AttentionNeeded, Closed) => Ok(to),
            _ => Err(Refusal::StatusChangeNotAllowed { from: self, to }),
        }
    }
}

impl fmt::Display for SupportRequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SupportRequestStatus::Open => "open",
            SupportRequestStatus::AttentionNeeded => "attention_needed",
            SupportRequestStatus::Closed => "closed",
            SupportRequestStatus::Unknown => "unknown",
        })
    }
}

/// A field of a form a person fills in: a support request, a new customer, a new user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum FormField {
    /// Title.
    Title,
    /// Customer tenant GUID or domain name.
    TenantOrDomain,
    /// Order ID or subscription ID.
    OrderOrSubscriptionId,
    /// Refund reason.
    RefundReason,
    /// Amount requested.
    AmountRequested,
    /// Contact name.
    ContactName,
    /// Contact email.
    ContactEmail,
    /// Contact phone.
    ContactPhone,
    /// Attached files.
    Files,
    /// Information added to a filed request.
    Note,
    /// A new customer's company name.
    CompanyName,
    /// A new customer's default domain, such as `contoso.onmicrosoft.com`.
    DefaultDomain,
    /// A new customer's Microsoft Entra tenant GUID.
    TenantId,
    /// A new customer's market (country or region).
    Market,
    /// A new customer's billing currency.
    Currency,
    /// A user's sign-in email.
    Email,
    /// A user's display name.
    DisplayName,
    /// A user's password.
    Password,
}

crate::tagged::unit_variants_by_hand!(FormField {
    Title = "title",
    TenantOrDomain = "tenantOrDomain",
    OrderOrSubscriptionId = "orderOrSubscriptionId",
    RefundReason = "refundReason",
    AmountRequested = "amountRequested",
    ContactName = "contactName",
    ContactEmail = "contactEmail",
    ContactPhone = "contactPhone",
    Files = "files",
    Note = "note",
    CompanyName = "companyName",
    DefaultDomain = "defaultDomain",
    TenantId = "tenantId",
    Market = "market",
    Currency = "currency",
    Email = "email",
    DisplayName = "displayName",
    Password = "password",
});

impl FormField {
    /// The field's label on the form.
    pub fn label(self) -> &'static str {
        match self {
            FormField::Title => "Title",
            FormField::TenantOrDomain => "Customer tenant GUID or domain name",
            FormField::OrderOrSubscriptionId => "Order ID or subscription ID",
            FormField::RefundReason => "Refund reason",
            FormField::AmountRequested => "Amount requested",
            FormField::ContactName => "Contact name",
            FormField::ContactEmail => "Email",
            FormField::ContactPhone => "Phone",
            FormField::Files => "Files",
            FormField::Note => "Information to add",
            FormField::CompanyName => "Company name",
            FormField::DefaultDomain => "Default domain",
            FormField::TenantId => "Tenant ID",
            FormField::Market => "Country/region",
            FormField::Currency => "Currency",
            FormField::Email => "Email",
            FormField::DisplayName => "Name",
            FormField::Password => "Password",
        }
    }
}

/// What is wrong with a field.
// Read through `FieldProblemRecord`, the same JSON: a tagged enum costs the wasm much more.
// The browser reads the record by hand (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    derive(Deserialize),
    serde(try_from = "FieldProblemRecord")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "problem"
)]
pub enum FieldProblem {
    /// Left empty.
    Missing,
    /// Longer than allowed.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// Neither a tenant GUID nor a domain name.
    NotTenantOrDomain,
    /// Not an amount such as 120.50.
    NotAnAmount,
    /// An order or subscription of another customer than the tenant named.
    NotOfTheTenant,
    /// Not an email address.
    NotAnEmail,
    /// Not a phone number.
    NotAPhoneNumber,
    /// More files than allowed.
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    TooManyFiles {
        /// The most files allowed.
        max: usize,
    },
    /// A file name that is empty or has a path in it.
    BadFileName,
    /// Shorter than allowed (a password).
    #[cfg_attr(feature = "openapi", schema(rename_all = "camelCase"))]
    TooShort {
        /// The fewest characters allowed.
        min: usize,
    },
    /// Not a domain name such as `contoso.onmicrosoft.com`.
    NotADomain,
    /// Not a GUID such as `3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01`.
    NotATenantGuid,
    /// Not a market the desk knows (a two-letter country code such as DE).
    UnknownMarket,
    /// A currency without a price list, so nothing could be bought.
    NoPriceList,
    /// Already used by another customer or user.
    Taken,
    /// A row of a CSV file that cannot be read: a quote never closed, or more or fewer
    /// columns than the header.
    NotCsv,
    /// Holds control characters (such as a terminal's escape sequences).
    NotText,
}

/// A [`FieldProblem`] as JSON has it.
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
struct FieldProblemRecord {
    problem: FieldProblemName,
    max: Option<usize>,
    min: Option<usize>,
}

// Written only by the tests, which read it back: the browser never writes it.
#[derive(Clone, Copy, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(test, derive(Debug, PartialEq))]
#[serde(rename_all = "camelCase")]
enum FieldProblemName {
    Missing,
    TooLong,
    NotTenantOrDomain,
    NotAnAmount,
    NotOfTheTenant,
    NotAnEmail,
    NotAPhoneNumber,
    TooManyFiles,
    BadFileName,
    TooShort,
    NotADomain,
    NotATenantGuid,
    UnknownMarket,
    NoPriceList,
    Taken,
    NotCsv,
    NotText,
}

crate::tagged::unit_variants_by_hand!(FieldProblemName {
    Missing = "missing",
    TooLong = "tooLong",
    NotTenantOrDomain = "notTenantOrDomain",
    NotAnAmount = "notAnAmount",
    NotOfTheTenant = "notOfTheTenant",
    NotAnEmail = "notAnEmail",
    NotAPhoneNumber = "notAPhoneNumber",
    TooManyFiles = "tooManyFiles",
    BadFileName = "badFileName",
    TooShort = "tooShort",
    NotADomain = "notADomain",
    NotATenantGuid = "notATenantGuid",
    UnknownMarket = "unknownMarket",
    NoPriceList = "noPriceList",
    Taken = "taken",
    NotCsv = "notCsv",
    NotText = "notText",
});

crate::tagged::read_by_hand!(FieldProblem);

impl FieldProblem {
    /// A problem read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<FieldProblem, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["problem", "max", "min"], 3)?;
        let record = FieldProblemRecord {
            problem: fields.field("problem")?,
            max: fields.field("max")?,
            min: fields.field("min")?,
        };
        FieldProblem::try_from(record).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<FieldProblemRecord> for FieldProblem {
    type Error = &'static str;

    fn try_from(record: FieldProblemRecord) -> Result<FieldProblem, Self::Error> {
        let max = || record.max.ok_or("this problem says its `max`");
        Ok(match record.problem {
            FieldProblemName::Missing => FieldProblem::Missing,
            FieldProblemName::TooLong => FieldProblem::TooLong { max: max()? },
            FieldProblemName::NotTenantOrDomain => FieldProblem::NotTenantOrDomain,
            FieldProblemName::NotAnAmount => FieldProblem::NotAnAmount,
            FieldProblemName::NotOfTheTenant => FieldProblem::NotOfTheTenant,
            FieldProblemName::NotAnEmail => FieldProblem::NotAnEmail,
            FieldProblemName::NotAPhoneNumber => FieldProblem::NotAPhoneNumber,
            FieldProblemName::TooManyFiles => FieldProblem::TooManyFiles { max: max()? },
            FieldProblemName::BadFileName => FieldProblem::BadFileName,
            FieldProblemName::TooShort => FieldProblem::TooShort {
                min: record.min.ok_or("this problem says its `min`")?,
            },
            FieldProblemName::NotADomain => FieldProblem::NotADomain,
            FieldProblemName::NotATenantGuid => FieldProblem::NotATenantGuid,
            FieldProblemName::UnknownMarket => FieldProblem::UnknownMarket,
            FieldProblemName::NoPriceList => FieldProblem::NoPriceList,
            FieldProblemName::Taken => FieldProblem::Taken,
            FieldProblemName::NotCsv => FieldProblem::NotCsv,
            FieldProblemName::NotText => FieldProblem::NotText,
        })
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldProblem::Missing => f.write_str("please fill this in."),
            FieldProblem::TooLong { max } => write!(f, "use at most {max} characters."),
            FieldProblem::NotTenantOrDomain => f.write_str(
                "enter the tenant GUID (like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01) or a domain \
                 (like contoso.onmicrosoft.com).",
            ),
            FieldProblem::NotAnAmount => f.write_str("enter an amount like 120.50 or 1,000,000."),
            FieldProblem::NotOfTheTenant => {
                f.write_str("this order or subscription belongs to another customer's tenant.")
            }
            FieldProblem::NotAnEmail => {
                f.write_str("enter an email address like name@example.com.")
            }
            FieldProblem::NotAPhoneNumber => {
                f.write_str("enter a phone number of at least 6 digits, like +49 30 1234567.")
            }
            FieldProblem::TooManyFiles { max } => write!(f, "attach at most {max} files."),
            FieldProblem::BadFileName => f.write_str("a file name is empty or holds a path."),
            FieldProblem::TooShort { min } => write!(f, "use at least {min} characters."),
            FieldProblem::NotADomain => {
                f.write_str("enter a domain name like contoso.onmicrosoft.com.")
            }
            FieldProblem::NotATenantGuid => {
                f.write_str("enter a GUID like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01.")
            }
            FieldProblem::UnknownMarket => f.write_str(
                "enter a two-letter country code that Partner Center sells in, like DE.",
            ),
            FieldProblem::NoPriceList => {
                f.write_str("there is no price list in this currency; use one like EUR or USD.")
            }
            FieldProblem::Taken => f.write_str("this is already used by another one."),
            FieldProblem::NotCsv => f.write_str(
                "this row cannot be read: a quote is not closed, or it has more or fewer \
                 columns than the header.",
            ),
            FieldProblem::NotText => f.write_str("remove the control characters."),
        }
    }
}

/// The "Report a problem" form for cancelling or refunding on a customer's behalf.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SupportRequestForm {
    /// Always "CSP Purchase/Refund on behalf of customers".
    #[serde(default)]
    pub problem_type: ProblemType,
    /// How much it hurts.
    pub impact: Impact,
    /// A short title.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::title))]
    pub title: String,
    /// The customer's tenant GUID or domain name.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::tenant_or_domain))]
    pub tenant_or_domain: String,
    /// The order ID or subscription ID.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::text_200))]
    pub order_or_subscription_id: String,
    /// Why a refund is asked for.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::reason))]
    pub refund_reason: String,
    /// The amount requested, as typed (such as 120.50).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::amount))]
    pub amount_requested: String,
    /// The contact's name.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::text_200))]
    pub contact_name: String,
    /// The contact's email.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::email))]
    pub contact_email: String,
    /// The contact's phone.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::phone))]
    pub contact_phone: String,
    /// Names of attached files (optional).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::support::schemas::files))]
    pub files: Vec<String>,
}

crate::tagged::read_by_hand!(SupportRequestForm);

const MAX_TEXT: usize = 200;

/// The schemas of the form's fields as the checks below read them: trimmed of Rust's white
/// space, then not empty, not too long, and of the field's shape.
#[cfg(feature = "openapi")]
pub(crate) mod schemas {
    use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Type};

    /// What `str::trim` removes (Unicode White_Space).
    const SPACE: &str = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// A character of a domain's label: an ASCII letter or digit, or anything outside ASCII but
    /// blanks and control characters (`is_domain`).
    fn label_char() -> String {
        format!(r"(?:[A-Za-z0-9]|[^\x00-\x9f{SPACE}])")
    }

    /// A tenant GUID as `is_tenant_guid` takes it.
    pub(crate) const GUID: &str =
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /// A string that, trimmed, is 1 to `max` characters, none of them `forbidden` (a regex
    /// class body, such as control characters).
    pub(crate) fn text(max: usize, forbidden: &str, example: &str) -> Object {
        let w = format!("[{SPACE}]");
        let n = format!("[^{SPACE}{forbidden}]");
        let any = if forbidden.is_empty() {
            r"[\s\S]".to_owned()
        } else {
            format!("[^{forbidden}]")
        };
        let pattern = format!("^{w}*(?:{n}|{n}{any}{{0,{}}}{n}){w}*$", max - 2);
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(pattern))
            .examples([example])
            .build()
    }

    /// A string of `shape`, at most `max` characters. The checks trim it first; the schema
    /// asks for it without white space around.
    pub(crate) fn shaped(max: usize, shape: &str, example: &str) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^(?:{shape})$")))
            .max_length(Some(max))
            .examples([example])
            .build()
    }

    /// A domain name of at most 5 labels of at most 22 characters each, as `is_domain` takes
    /// it (it takes longer ones too).
    pub(crate) fn short_domain() -> String {
        let c = label_char();
        let label = format!(r"{c}(?:(?:{c}|-){{0,20}}{c})?");
        format!(r"(?:{label}\.){{1,4}}{label}")
    }

    pub(crate) fn title() -> Object {
        text(super::MAX_TEXT, "", "Refund of a duplicate order")
    }

    pub(crate) fn text_200() -> Object {
        text(super::MAX_TEXT, "", "ORD-1012")
    }

    pub(crate) fn reason() -> Object {
        text(super::MAX_REASON, "", "Ordered twice by mistake.")
    }

    pub(crate) fn tenant_or_domain() -> Object {
        shaped(
            super::MAX_TEXT,
            &format!("{GUID}|{}", short_domain()),
            "adatum.example",
        )
    }

    pub(crate) fn amount() -> Object {
        shaped(
            20,
            // One thousands separator throughout, as `is_amount` reads it: 936 619 502.20.
            &[
                r"[0-9]{1,17}(?:[.,][0-9]{1,2})?",
                r"[0-9]{1,3}(?:,[0-9]{3}){1,3}(?:\.[0-9]{1,2})?",
                r"[0-9]{1,3}(?:\.[0-9]{3}){1,3}(?:,[0-9]{1,2})?",
                r"[0-9]{1,3}(?: [0-9]{3}){1,3}(?:[.,][0-9]{1,2})?",
                r"[0-9]{1,3}(?:'[0-9]{3}){1,3}(?:[.,][0-9]{1,2})?",
                r"[0-9]{1,3}(?:\u00a0[0-9]{3}){1,3}(?:[.,][0-9]{1,2})?",
                r"[0-9]{1,3}(?:\u202f[0-9]{3}){1,3}(?:[.,][0-9]{1,2})?",
            ]
            .join("|"),
            "120.50",
        )
    }

    pub(crate) fn email() -> Object {
        shaped(
            super::MAX_TEXT,
            &format!("[^@{SPACE}]{{1,64}}@{}", short_domain()),
            "ops@adatum.example",
        )
    }

    pub(crate) fn phone() -> Object {
        shaped(
            40,
            r"\+?\(?[0-9](?:[ ()/.-]{0,2}[0-9]){5,19}",
            "+31 20 123 4567",
        )
    }

    pub(crate) fn files() -> utoipa::openapi::schema::Array {
        let name = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!(
                r"^(?![{SPACE}]*\.\.[{SPACE}]*$)[^/\\]*[^/\\{SPACE}][^/\\]*$"
            )))
            .build();
        ArrayBuilder::new()
            .items(name)
            .max_items(Some(super::MAX_FILES))
            .build()
    }
}
const MAX_REASON: usize = 2000;
const MAX_FILES: usize = 5;

/// The field's text trimmed, or why a required field is wrong.
fn required(value: &str, max: usize) -> Result<&str, FieldProblem> {
    let value = value.trim();
    if value.is_empty() {
        Err(FieldProblem::Missing)
    } else if value.chars().count() > max {
        Err(FieldProblem::TooLong { max })
    } else {
        Ok(value)
    }
}

/// A required field that must also have a shape, such as an email address.
fn shaped(
    value: &str,
    max: usize,
    fits: fn(&str) -> bool,
    problem: FieldProblem,
) -> Result<(), FieldProblem> {
    let value = required(value, max)?;
    if fits(value) {
        Ok(())
    } else {
        Err(problem)
    }
}

pub(crate) fn is_tenant_guid(text: &str) -> bool {
    let groups: Vec<_> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub(crate) fn is_domain(text: &str) -> bool {
    let labels: Vec<_> = text.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || is_idn_letter(c))
        })
}

/// A character outside ASCII that may stand in an internationalized domain name's label, as in
/// "müller.de" or "例子.中国": anything but blanks and control characters.
// std's `is_alphanumeric` carries Unicode's letter tables, 2 KB of the gzipped wasm, for a
// check the domain's registry makes again anyway.
fn is_idn_letter(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control()
}

/// An amount as people write it: `120.50`, `1,000,000`, `1.000.000,50` or `1 000 000`. The
/// last `.` or `,` with one or two digits after it is the decimal mark; before it, digits,
/// either unbroken or in groups of three split by one kind of separator.
fn is_amount(text: &str) -> bool {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let (whole, mark, fraction) = match text.rfind(['.', ',']) {
        Some(at) if (2..=3).contains(&(text.len() - at)) => {
            (&text[..at], text[at..].chars().next(), &text[at + 1..])
        }
        _ => (text, None, ""),
    };
    if mark.is_some() && !digits(fraction) {
        return false;
    }
    let separator = whole.chars().find(|c| !c.is_ascii_digit());
    match separator {
        None => digits(whole),
        Some(separator) => {
            let allowed = matches!(separator, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'');
            let mut groups = whole.split(separator);
            let first = groups.next().unwrap_or("");
            allowed
                && Some(separator) != mark
                && digits(first)
                && first.len() <= 3
                && groups.all(|group| group.len() == 3 && digits(group))
        }
    }
}

pub(crate) fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => !local.is_empty() && !local.contains(' ') && is_domain(domain),
        None => false,
    }
}

fn is_phone(text: &str) -> bool {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let allowed = |c: char| c.is_ascii_digit() || " +-()/.".contains(c);
    (6..=20).contains(&digits)
        && text.chars().all(allowed)
        && !text.chars().skip(1).any(|c| c == '+')
}

impl SupportRequestForm {
    /// A form read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<SupportRequestForm, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "problemType",
                "impact",
                "title",
                "tenantOrDomain",
                "orderOrSubscriptionId",
                "refundReason",
                "amountRequested",
                "contactName",
                "contactEmail",
                "contactPhone",
                "files",
            ],
            10,
        )?;
        Ok(SupportRequestForm {
            problem_type: fields.field_or_default("problemType")?,
            impact: fields.field("impact")?,
            title: fields.field("title")?,
            tenant_or_domain: fields.field("tenantOrDomain")?,
            order_or_subscription_id: fields.field("orderOrSubscriptionId")?,
            refund_reason: fields.field("refundReason")?,
            amount_requested: fields.field("amountRequested")?,
            contact_name: fields.field("contactName")?,
            contact_email: fields.field("contactEmail")?,
            contact_phone: fields.field("contactPhone")?,
            files: fields.field_or_default("files")?,
        })
    }

    /// Every wrong field and why, in the form's order, so the page marks them all at once.
    pub fn problems(&self) -> Vec<(FormField, FieldProblem)> {
        use FormField::*;
        let plain = |value: &str, max| required(value, max).map(|_| ());
        let is_tenant = |text: &str| is_tenant_guid(text) || is_domain(text);
        let checks = [
            (Title, plain(&self.title, MAX_TEXT)),
            (
                TenantOrDomain,
                shaped(
                    &self.tenant_or_domain,
                    MAX_TEXT,
                    is_tenant,
                    FieldProblem::NotTenantOrDomain,
                ),
            ),
            (
                OrderOrSubscriptionId,
                plain(&self.order_or_subscription_id, MAX_TEXT),
            ),
            (RefundReason, plain(&self.refund_reason, MAX_REASON)),
            (
                AmountRequested,
                shaped(
                    &self.amount_requested,
                    20,
                    is_amount,
                    FieldProblem::NotAnAmount,
                ),
            ),
            (ContactName, plain(&self.contact_name, MAX_TEXT)),
            (
                ContactEmail,
                shaped(
                    &self.contact_email,
                    MAX_TEXT,
                    is_email,
                    FieldProblem::NotAnEmail,
                ),
            ),
            (
                ContactPhone,
                shaped(
                    &self.contact_phone,
                    40,
                    is_phone,
                    FieldProblem::NotAPhoneNumber,
                ),
            ),
            (Files, self.check_files()),
        ];
        checks
            .into_iter()
            .filter_map(|(field, check)| check.err().map(|problem| (field, problem)))
            .collect()
    }

    fn check_files(&self) -> Result<(), FieldProblem> {
        if self.files.len() > MAX_FILES {
            return Err(FieldProblem::TooManyFiles { max: MAX_FILES });
        }
        let bad_name = |name: &String| {
            let name = name.trim();
            name.is_empty() || name.contains('/') || name.contains('\\') || name == ".."
        };
        if self.files.iter().any(bad_name) {
            return Err(FieldProblem::BadFileName);
        }
        Ok(())
    }

    /// Checks every field, refusing with the first that is wrong and why.
    pub fn check(&self) -> Result<(), Refusal> {
        match self.problems().into_iter().next() {
            Some((field, problem)) => Err(Refusal::InvalidField { field, problem }),
            None => Ok(()),
        }
    }
}

/// A filed support request.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SupportRequest {
    /// The id.
    pub id: SupportRequestId,
    /// What was filed.
    pub form: SupportRequestForm,
    /// Who filed it.
    pub filed_by: UserId,
    /// When.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub filed_at: DateTime<Utc>,
    /// open, attention_needed or closed.
    pub status: SupportRequestStatus,
    /// When the status last changed.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub updated_at: DateTime<Utc>,
    /// The information added since it was filed, oldest first.
    #[serde(default)]
    pub notes: Vec<SupportNote>,
}

crate::tagged::read_by_hand!(SupportRequest);

impl SupportRequest {
    /// A request read from JSON as the derived `Deserialize` reads it, in a fraction of the
    /// wasm (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<SupportRequest, serde_json::Error> {
        let mut fields = crate::tagged::fields(
            value,
            &[
                "id",
                "form",
                "filedBy",
                "filedAt",
                "status",
                "updatedAt",
                "notes",
            ],
            6,
        )?;
        Ok(SupportRequest {
            id: fields.field("id")?,
            form: fields.field("form")?,
            filed_by: fields.field("filedBy")?,
            filed_at: crate::wire_time::instant(fields.take("filedAt")?)?,
            status: fields.field("status")?,
            updated_at: crate::wire_time::instant(fields.take("updatedAt")?)?,
            notes: fields.field_or_default("notes")?,
        })
    }
}

/// Information added to a support request after it was filed.
// Read by hand in the browser (see `tagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SupportNote {
    /// What was added.
    pub text: String,
    /// Who added it.
    pub added_by: UserId,
    /// When.
    #[serde(deserialize_with = "crate::wire_time::instant")]
    pub added_at: DateTime<Utc>,
}

crate::tagged::read_by_hand!(SupportNote);

impl SupportNote {
    /// A note read from JSON as the derived `Deserialize` reads it, in a fraction of the wasm
    /// (see `tagged`): the browser's `Deserialize`.
    pub fn from_value(value: serde_json::Value) -> Result<SupportNote, serde_json::Error> {
        let mut fields = crate::tagged::fields(value, &["text", "addedBy", "addedAt"], 3)?;
        Ok(SupportNote {
            text: fields.field("text")?,
            added_by: fields.field("addedBy")?,
            added_at: crate::wire_time::instant(fields.take("addedAt")?)?,
        })
    }

    /// The most characters one note may hold.
    pub const MAX_CHARS: usize = 2_000;

    /// The schema of a note's text as [`Self::check`] reads it.
    #[cfg(feature = "openapi")]
    pub fn text_schema() -> utoipa::openapi::schema::Object {
        schemas::text(Self::MAX_CHARS, "", "Customer confirmed the amount.")
    }

    /// Why `text` cannot be added, if it cannot: empty, or longer than [`Self::MAX_CHARS`].
    pub fn check(text: &str) -> Result<(), Refusal> {
        let problem = if text.trim().is_empty() {
            FieldProblem::Missing
        } else if text.chars().count() > Self::MAX_CHARS {
            FieldProblem::TooLong {
                max: Self::MAX_CHARS,
            }
        } else {
            return Ok(());
        };
        Err(Refusal::InvalidField {
            field: FormField::Note,
            problem,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The browser reads these by their table (`unit_variants_by_hand!`): every variant and
    /// every name as the derived reader does.
    #[test]
    fn the_browser_reads_unit_variants_as_the_derived_reader_does() {
        crate::tagged::tests::reads_unit_variants_as_derived(
            FormField::READ_BY_NAME,
            FormField::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            FieldProblemName::READ_BY_NAME,
            FieldProblemName::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            Impact::READ_BY_NAME,
            Impact::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            SupportRequestStatus::READ_BY_NAME,
            SupportRequestStatus::from_value,
        );
        crate::tagged::tests::reads_unit_variants_as_derived(
            ProblemType::READ_BY_NAME,
            ProblemType::from_value,
        );
    }

    #[test]
    fn a_note_is_read_by_hand_as_the_derived_reader_reads_it() {
        let note = SupportNote {
            text: "Called the customer back".into(),
            added_by: UserId("nico".into()),
            added_at: crate::seed::demo_now(),
        };
        crate::tagged::tests::reads_as_derived(&[note], SupportNote::from_value);
    }

    #[test]
    fn a_support_request_and_its_form_are_read_by_hand_as_the_derived_reader_reads_them() {
        let at = crate::seed::demo_now();
        let mut without_files = valid_form();
        without_files.files.clear();
        let filed = SupportRequest {
            id: SupportRequestId("sr-1".into()),
            form: valid_form(),
            filed_by: UserId("avery".into()),
            filed_at: at,
            status: SupportRequestStatus::Open,
            updated_at: at,
            notes: vec![],
        };
        let mut noted = filed.clone();
        noted.form = without_files.clone();
        noted.notes.push(SupportNote {
            text: "More".into(),
            added_by: UserId("avery".into()),
            added_at: at,
        });
        crate::tagged::tests::reads_as_derived(
            &[valid_form(), without_files],
            SupportRequestForm::from_value,
        );
        crate::tagged::tests::reads_as_derived(&[filed, noted], SupportRequest::from_value);
    }

    pub(crate) fn valid_form() -> SupportRequestForm {
        SupportRequestForm {
            problem_type: ProblemType::CspPurchaseRefund,
            impact: Impact::Moderate,
            title: "Refund Windows 7 ESU 2020".into(),
            tenant_or_domain: "contoso.onmicrosoft.com".into(),
            order_or_subscription_id: "ORD-1".into(),
            refund_reason: "Bought by mistake".into(),
            amount_requested: "50.00".into(),
            contact_name: "Avery Admin".into(),
            contact_email: "avery@partner.example".into(),
            contact_phone: "+49 30 1234567".into(),
            files: vec!["invoice.pdf".into()],
        }
    }

    fn problem_with(
        change: impl FnOnce(&mut SupportRequestForm),
    ) -> Option<(FormField, FieldProblem)> {
        let mut form = valid_form();
        change(&mut form);
        match form.check() {
            Ok(()) => None,
            Err(Refusal::InvalidField { field, problem }) => Some((field, problem)),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_complete_support_request_form_is_accepted_with_a_guid_or_a_domain() {
        assert_eq!(problem_with(|_| {}), None);
        assert_eq!(
            problem_with(|f| f.tenant_or_domain = "3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01".into()),
            None
        );
        assert_eq!(problem_with(|f| f.files.clear()), None);
    }

    #[test]
    fn each_invalid_support_field_is_refused_naming_the_field_and_why() {
        use FormField::*;
        type Change = Box<dyn FnOnce(&mut SupportRequestForm)>;
        let cases: Vec<(Change, FormField, FieldProblem)> = vec![
            (
                Box::new(|f| f.title = " ".into()),
                Title,
                FieldProblem::Missing,
            ),
            (
                Box::new(|f| f.title = "x".repeat(201)),
                Title,
                FieldProblem::TooLong { max: 200 },
            ),
            (
                Box::new(|f| f.tenant_or_domain = "contoso".into()),
                TenantOrDomain,
                FieldProblem::NotTenantOrDomain,
            ),
            (
                Box::new(|f| f.order_or_subscription_id.clear()),
                OrderOrSubscriptionId,
                FieldProblem::Missing,
            ),
            (
                Box::new(|f| f.refund_reason.clear()),
                RefundReason,
                FieldProblem::Missing,
            ),
            (
                Box::new(|f| f.amount_requested = "fifty".into()),
                AmountRequested,
                FieldProblem::NotAnAmount,
            ),
            (
                Box::new(|f| f.amount_requested = "-5".into()),
                AmountRequested,
                FieldProblem::NotAnAmount,
            ),
            (
                Box::new(|f| f.contact_name.clear()),
                ContactName,
                FieldProblem::Missing,
            ),
            (
                Box::new(|f| f.contact_email = "avery.partner".into()),
                ContactEmail,
                FieldProblem::NotAnEmail,
            ),
            (
                Box::new(|f| f.contact_phone = "call me".into()),
                ContactPhone,
                FieldProblem::NotAPhoneNumber,
            ),
            (
                Box::new(|f| f.files = vec!["a".into(); 6]),
                Files,
                FieldProblem::TooManyFiles { max: 5 },
            ),
            (
                Box::new(|f| f.files = vec!["../etc/passwd".into()]),
                Files,
                FieldProblem::BadFileName,
            ),
        ];
        for (change, field, problem) in cases {
            assert_eq!(
                problem_with(change),
                Some((field, problem.clone())),
                "{field:?}"
            );
        }
        let refusal = valid_form_with_email("nope").check().unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "Email: enter an email address like name@example.com."
        );
    }

    fn valid_form_with_email(email: &str) -> SupportRequestForm {
        SupportRequestForm {
            contact_email: email.into(),
            ..valid_form()
        }
    }

    #[test]
    fn support_requests_move_between_open_and_attention_needed_until_closed() {
        use SupportRequestStatus::*;
        assert_eq!(Open.move_to(AttentionNeeded), Ok(AttentionNeeded));
        assert_eq!(AttentionNeeded.move_to(Open), Ok(Open));
        assert_eq!(AttentionNeeded.move_to(Closed), Ok(Closed));
        assert!(Closed.move_to(Open).is_err());
        let read: SupportRequestStatus = serde_json::from_str("\"escalated\"").unwrap();
        assert_eq!(read, Unknown);
        assert_eq!(
            serde_json::to_string(&AttentionNeeded).unwrap(),
            "\"attention_needed\""
        );
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn the_browser_reads_every_field_problem_as_the_derived_reader_does() {
        let problems = [
            FieldProblem::Missing,
            FieldProblem::TooLong { max: 100 },
            FieldProblem::NotTenantOrDomain,
            FieldProblem::NotAnAmount,
            FieldProblem::NotOfTheTenant,
            FieldProblem::NotAnEmail,
            FieldProblem::NotAPhoneNumber,
            FieldProblem::TooManyFiles { max: 5 },
            FieldProblem::BadFileName,
            FieldProblem::TooShort { min: 12 },
            FieldProblem::NotADomain,
            FieldProblem::NotATenantGuid,
            FieldProblem::UnknownMarket,
            FieldProblem::NoPriceList,
            FieldProblem::Taken,
            FieldProblem::NotCsv,
            FieldProblem::NotText,
        ];
        crate::tagged::tests::reads_as_derived(&problems, FieldProblem::from_value);
    }

    fn form() -> SupportRequestForm {
        SupportRequestForm {
            problem_type: ProblemType::CspPurchaseRefund,
            impact: Impact::Moderate,
            title: "Refund Office".into(),
            tenant_or_domain: "contoso.onmicrosoft.com".into(),
            order_or_subscription_id: "ORD-1002".into(),
            refund_reason: "Bought twice".into(),
            amount_requested: "120.50".into(),
            contact_name: "Avery Admin".into(),
            contact_email: "avery@partner.example".into(),
            contact_phone: "+49 30 1234567".into(),
            files: vec!["invoice.pdf".into()],
        }
    }

    #[test]
    fn a_complete_form_has_no_problems() {
        assert!(form().problems().is_empty());
        assert_eq!(form().check(), Ok(()));
    }

    #[test]
    fn every_bad_field_is_named_at_once_in_form_order_and_check_refuses_the_first() {
        let bad = SupportRequestForm {
            title: " ".into(),
            amount_requested: "-5".into(),
            contact_email: "avery.partner".into(),
            files: vec!["../secret".into()],
            ..form()
        };
        let found = bad.problems();
        let fields: Vec<_> = found.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            [
                FormField::Title,
                FormField::AmountRequested,
                FormField::ContactEmail,
                FormField::Files
            ]
        );
        assert_eq!(found[1].1, FieldProblem::NotAnAmount);
        assert_eq!(found[3].1, FieldProblem::BadFileName);
        assert_eq!(
            bad.check(),
            Err(Refusal::InvalidField {
                field: FormField::Title,
                problem: FieldProblem::Missing
            })
        );
    }

    #[test]
    fn an_empty_form_names_every_required_field_as_missing() {
        let empty = SupportRequestForm {
            problem_type: ProblemType::CspPurchaseRefund,
            impact: Impact::Moderate,
            title: String::new(),
            tenant_or_domain: String::new(),
            order_or_subscription_id: String::new(),
            refund_reason: String::new(),
            amount_requested: String::new(),
            contact_name: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            files: Vec::new(),
        };
        let found = empty.problems();
        assert_eq!(found.len(), 8);
        assert!(found
            .iter()
            .all(|(_, problem)| *problem == FieldProblem::Missing));
    }

    #[test]
    fn an_amount_may_be_written_as_the_locale_writes_it() {
        for written in [
            "120.50",
            "120",
            "0.5",
            "1,000,000",
            "1,000,000.50",
            "1.000.000,50",
            "1 000 000",
            "1\u{a0}000,5",
            "120,50",
            "1'000.00",
        ] {
            assert!(is_amount(written), "{written} is an amount");
        }
        for written in [
            "",
            "-5",
            "fifty",
            "1,2,3",
            "1,00,000",
            "10000,000",
            "1.000,000.5",
            "120.",
            ".5",
            "1,000.000,50",
            "1..5",
            "12,3456",
        ] {
            assert!(!is_amount(written), "{written} is not an amount");
        }
    }

    #[test]
    fn a_field_problem_reads_back_from_its_json() {
        for problem in [
            FieldProblem::Missing,
            FieldProblem::TooLong { max: 200 },
            FieldProblem::NotOfTheTenant,
            FieldProblem::TooManyFiles { max: 5 },
        ] {
            let json = serde_json::to_value(&problem).unwrap();
            assert_eq!(
                serde_json::from_value::<FieldProblem>(json).unwrap(),
                problem
            );
        }
        let without_max = serde_json::json!({"problem": "tooLong"});
        assert!(serde_json::from_value::<FieldProblem>(without_max).is_err());
    }
}
