//! What a handler takes from a request: who is calling, a JSON body read strictly, and the
//! write headers (`Idempotency-Key`, `If-Match`). Every rejection is a JSON [`ApiError`].

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use csp_domain::time::{day_in_range, EARLIEST_DAY, LATEST_DAY};
use csp_domain::{BillingPlan, Refusal, SupportRequestStatus, User};
use serde::de::{DeserializeOwned, Error as _, IntoDeserializer};
use serde::{Deserialize, Deserializer};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::random::hex;
use crate::state::{AppState, Write};

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The bearer token of the request, if it has one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|token| !token.is_empty())
}

/// The signed-in user calling; 401 without a known token.
pub struct Caller(pub User);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        bearer_token(&parts.headers)
            .and_then(|token| state.user_for_token(token))
            .map(Caller)
            .ok_or_else(ApiError::unauthorized)
    }
}

/// Reads `bytes` as JSON of `T`: unreadable JSON is a 400, JSON of the wrong shape a 422 that
/// names the field by its path (`lineItems[0].billingCycle`), so the caller knows what to fix.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Read as any JSON first: read straight into `T`, serde_json calls a number where an enum
    // belongs a syntax error, and that body is valid JSON with a wrong field.
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        ApiError::bad_request(format!("The request body is not valid JSON: {error}."))
    })?;
    serde_path_to_error::deserialize(whole_numbers_as_integers(json)).map_err(|error| {
        let description = match error.path().to_string().as_str() {
            "." => format!(
                "The request body is not of the shape this request takes: {}.",
                error.inner()
            ),
            path => format!("{path}: {}.", error.inner()),
        };
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            description,
        )
    })
}

/// `json` with every number that has no fraction (`3.0`, `1e2`) written as an integer: JSON
/// Schema counts it as one, so a field the document calls an integer takes it.
fn whole_numbers_as_integers(json: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match json {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => {
            let whole = number
                .as_f64()
                .filter(|float| float.fract() == 0.0 && float.abs() < 9.0e15);
            // Below 2^53 the float is exactly the integer; beyond, it stays as sent.
            match whole {
                Some(float) if float < 0.0 => Value::from(float as i64),
                Some(float) => Value::from(float as u64),
                None => Value::Number(number),
            }
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(whole_numbers_as_integers).collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(name, value)| (name, whole_numbers_as_integers(value)))
                .collect(),
        ),
        other => other,
    }
}

/// A domain enum that reads a value it does not know as its catch-all (`#[serde(other)]`), so
/// that events a newer version wrote still load. A request must name a value it knows.
pub trait Lenient: DeserializeOwned {
    /// Every value a request may name, as the API writes it: all but the catch-all.
    const KNOWN: &'static [&'static str];
}

impl Lenient for BillingPlan {
    const KNOWN: &'static [&'static str] = &["monthly", "annual", "triennial", "one_time"];
}

impl Lenient for SupportRequestStatus {
    const KNOWN: &'static [&'static str] = &["open", "attention_needed", "closed"];
}

/// A lenient enum as a request must send it: one of its known values, or a 422 naming the value
/// sent and the values allowed, before the command runs.
#[derive(Debug)]
pub struct Known<E>(pub E);

impl<'de, E: Lenient> Deserialize<'de> for Known<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Known<E>, D::Error> {
        let name = String::deserialize(deserializer)?;
        if !E::KNOWN.contains(&name.as_str()) {
            return Err(D::Error::unknown_variant(&name, E::KNOWN));
        }
        E::deserialize(IntoDeserializer::<D::Error>::into_deserializer(name)).map(Known)
    }
}

/// The schema of a [`Known`] value: a string, one of `E::KNOWN`.
pub fn known_schema<E: Lenient>() -> utoipa::openapi::schema::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(E::KNOWN.iter().copied()))
        .build()
}

/// The schema of a billing cycle a request may name.
pub fn billing_cycle_schema() -> utoipa::openapi::schema::Object {
    known_schema::<BillingPlan>()
}

/// The schema of a support request status a request may name.
pub fn support_request_status_schema() -> utoipa::openapi::schema::Object {
    known_schema::<SupportRequestStatus>()
}

/// For `#[serde(default, deserialize_with = "present")]` on an optional field: absent is
/// `None`, but a `null` sent is the wrong type, not a silent "absent".
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Where a request names a date: its unreadable values answer as the rest of that part of the
/// request does (`invalid_request` for the query, `invalid_body` for the body).
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    /// A query parameter, by name.
    Query(&'a str),
    /// A body field, by its JSON path.
    Body(&'a str),
}

impl Field<'_> {
    /// 422 for a value that is not written as this field takes it.
    fn unreadable(self, description: String) -> ApiError {
        match self {
            Field::Query(_) => ApiError::invalid(description),
            Field::Body(_) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                description,
            ),
        }
    }

    /// The domain's `DateOutOfRange` (so the app words it in the reader's language), described
    /// for the API's reader with this field and the value sent.
    fn out_of_range(self, text: &str, refusal: Refusal) -> ApiError {
        ApiError {
            description: format!(
                "{self}: {text} is outside the years the desk works with; send one from \
                 {EARLIEST_DAY} to {LATEST_DAY}."
            ),
            ..ApiError::from(refusal)
        }
    }
}

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Query(name) | Field::Body(name) => f.write_str(name),
        }
    }
}

/// A day a request names in `field`: 422 unless written `YYYY-MM-DD` and within the years the
/// desk works with (`csp_domain::time::day_in_range`), so no date arithmetic nears chrono's
/// limits.
pub fn day(field: Field<'_>, text: &str) -> Result<NaiveDate, ApiError> {
    // chrono's %Y also reads signed and longer years (+262142-12-31, -2021-01-01) and %m, %d
    // single digits: only exactly four digits, two and two are a day here.
    let written_as_a_day = matches!(
        text.as_bytes(),
        [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]
            if [y1, y2, y3, y4, m1, m2, d1, d2].iter().all(|b| b.is_ascii_digit())
    );
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| written_as_a_day)
        .ok_or_else(|| {
            field.unreadable(format!(
                "{field} must be a day from {EARLIEST_DAY} to {LATEST_DAY}, written YYYY-MM-DD \
                 like 2021-11-15 (a four-digit year without a sign, then a two-digit month and \
                 day), not {text:?}."
            ))
        })?;
    day_in_range(day).map_err(|refusal| field.out_of_range(text, refusal))
}

/// A time a request names in `field`: 422 unless RFC 3339 (which has four-digit years) and on a
/// day within the years the desk works with, so every time the API writes back is RFC 3339 too.
pub fn instant(field: Field<'_>, text: &str) -> Result<DateTime<Utc>, ApiError> {
    let at = DateTime::parse_from_rfc3339(text)
        .map(|at| at.to_utc())
        .map_err(|_| {
            field.unreadable(format!(
                "{field} must be an RFC 3339 time from {EARLIEST_DAY} to {LATEST_DAY} (UTC), \
                 like 2021-11-15T10:00:00Z, not {text:?}."
            ))
        })?;
    day_in_range(at.date_naive()).map_err(|refusal| field.out_of_range(text, refusal))?;
    Ok(at)
}

async fn read_body(request: Request) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, &())
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("A request body may hold at most {BODY_LIMIT} bytes."),
                )
            } else {
                ApiError::bad_request("The request body could not be read.")
            }
        })
}

/// A write: the caller, its JSON body, and the headers that make a write safe to retry and to
/// race.
pub struct WriteRequest<T> {
    /// Who asks, with the idempotency key and the request's fingerprint.
    pub write: Write,
    /// The body.
    pub body: T,
    /// `If-Match`, if sent.
    pub if_match: Option<String>,
}

/// What every write carries before its body is read: the write, `If-Match`, the body's bytes
/// and its content type.
async fn write_parts(
    request: Request,
    state: &AppState,
) -> Result<(Write, Option<String>, Bytes, String), ApiError> {
    let (mut parts, body) = request.into_parts();
    // Who comes first: an anonymous caller learns nothing about the body's problems.
    let Caller(actor) = Caller::from_request_parts(&mut parts, state).await?;
    let key = match parts.headers.get("idempotency-key") {
        None => None,
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|key| !key.is_empty() && key.len() <= 255)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "Idempotency-Key must be 1 to 255 visible ASCII characters.",
                    )
                })?
                .to_owned(),
        ),
    };
    let if_match = parts
        .headers
        .get(header::IF_MATCH)
        .map(|value| value.to_str().unwrap_or_default().to_owned());
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let method = parts.method.clone();
    let path = parts.uri.path().to_owned();
    let bytes = read_body(Request::from_parts(parts, body)).await?;
    let idempotency = key.map(|key| {
        let mut fingerprint = Sha256::new();
        fingerprint.update(method.as_str());
        fingerprint.update(b" ");
        fingerprint.update(path.as_bytes());
        fingerprint.update(b"\n");
        fingerprint.update(&bytes);
        (key, hex(&fingerprint.finalize()))
    });
    Ok((Write { actor, idempotency }, if_match, bytes, content_type))
}

impl<T: DeserializeOwned> FromRequest<AppState> for WriteRequest<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let (write, if_match, bytes, _) = write_parts(request, state).await?;
        Ok(WriteRequest {
            write,
            body: parse_json(&bytes)?,
            if_match,
        })
    }
}

/// A body sent as CSV (`Content-Type: text/csv`) or as JSON.
pub enum CsvOrJson<T> {
    /// The CSV text.
    Csv(String),
    /// The JSON body.
    Json(T),
}

/// A write whose body may be a CSV file.
pub struct CsvWrite<T> {
    /// Who asks.
    pub write: Write,
    /// The body.
    pub body: CsvOrJson<T>,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsvWrite<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let (write, _, bytes, content_type) = write_parts(request, state).await?;
        let body = if content_type.starts_with("text/csv") {
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| ApiError::bad_request("The CSV file must be UTF-8 text."))?;
            CsvOrJson::Csv(text)
        } else {
            CsvOrJson::Json(parse_json(&bytes)?)
        };
        Ok(CsvWrite { write, body })
    }
}

/// Path parameters, answered with a JSON 400 when they cannot be read (such as bad UTF-8).
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(params)| Params(params))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
}

/// A JSON body for a request without a session (signing in).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(request).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Checks `If-Match` against the resource's current ETag: absent or `*` passes; otherwise one
/// of the listed tags (weak or strong) must equal it, or the write is refused with 412.
pub fn check_if_match(if_match: Option<&str>, current: &str) -> Result<(), ApiError> {
    let Some(if_match) = if_match else {
        return Ok(());
    };
    // `*` or entity tags, `"..."` or `W/"..."`: anything else is no precondition at all, and
    // answering it 412 would tell the caller someone changed the resource.
    let entity_tag = |tag: &str| {
        let opaque = tag.strip_prefix("W/").unwrap_or(tag);
        opaque.len() >= 2
            && opaque.starts_with('"')
            && opaque.ends_with('"')
            && opaque[1..opaque.len() - 1]
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b))
    };
    // Empty list elements are ignored (RFC 9110, 5.6.1): an empty If-Match names no tag, so
    // nothing matches it.
    if !if_match
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .all(|tag| tag == "*" || entity_tag(tag))
    {
        return Err(ApiError::bad_request(
            "If-Match must be * or entity tags such as \"abc\" or W/\"abc\", as ETag sends them.",
        ));
    }
    let matches = if_match.split(',').map(str::trim).any(|tag| {
        tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == current.trim_start_matches("W/")
    });
    if matches {
        Ok(())
    } else {
        Err(Refusal::ChangedSinceRead.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_passes_when_absent_starred_or_equal_and_fails_otherwise() {
        let tag = "\"abc\"";
        assert!(check_if_match(None, tag).is_ok());
        assert!(check_if_match(Some("*"), tag).is_ok());
        assert!(check_if_match(Some("\"x\", W/\"abc\""), tag).is_ok());
        let refused = check_if_match(Some("\"old\""), tag).unwrap_err();
        assert_eq!(refused.status, StatusCode::PRECONDITION_FAILED);
        let malformed = check_if_match(Some("{}"), tag).unwrap_err();
        assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
        let empty = check_if_match(Some(""), tag).unwrap_err();
        assert_eq!(empty.status, StatusCode::PRECONDITION_FAILED);
    }

    #[test]
    fn every_billing_cycle_and_support_request_status_but_the_catch_all_may_be_sent() {
        // A value the domain adds breaks these matches: add it to its KNOWN too.
        let cycle = |plan: BillingPlan| match plan {
            BillingPlan::Monthly
            | BillingPlan::Annual
            | BillingPlan::Triennial
            | BillingPlan::OneTime => 1,
            BillingPlan::Unknown => 0,
        };
        let status = |status: SupportRequestStatus| match status {
            SupportRequestStatus::Open
            | SupportRequestStatus::AttentionNeeded
            | SupportRequestStatus::Closed => 1,
            SupportRequestStatus::Unknown => 0,
        };
        for name in BillingPlan::KNOWN {
            let Known(plan) = parse_json::<Known<BillingPlan>>(format!("{name:?}").as_bytes())
                .unwrap_or_else(|error| panic!("{name}: {}", error.description));
            assert_eq!(cycle(plan), 1, "{name}");
            assert_eq!(serde_json::to_value(plan).unwrap(), *name);
        }
        for name in SupportRequestStatus::KNOWN {
            let Known(known) =
                parse_json::<Known<SupportRequestStatus>>(format!("{name:?}").as_bytes())
                    .unwrap_or_else(|error| panic!("{name}: {}", error.description));
            assert_eq!(status(known), 1, "{name}");
            assert_eq!(serde_json::to_value(known).unwrap(), *name);
        }
        let unknown = parse_json::<Known<BillingPlan>>(b"\"unknown\"").unwrap_err();
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn broken_json_is_a_bad_request_and_a_wrong_type_is_unprocessable() {
        let broken = parse_json::<serde_json::Value>(b"{\"a\":").unwrap_err();
        assert_eq!(broken.status, StatusCode::BAD_REQUEST);
        let wrong = parse_json::<Vec<u32>>(b"[\"one\"]").unwrap_err();
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_whole_number_written_with_a_fraction_is_an_integer_and_a_fraction_is_not() {
        let read = parse_json::<Vec<u32>>(b"[46677.0, 1e2, 0.0]").unwrap();
        assert_eq!(read, [46677, 100, 0]);
        let negative = parse_json::<Vec<i64>>(b"[-3.0]").unwrap();
        assert_eq!(negative, [-3]);
        let fraction = parse_json::<Vec<u32>>(b"[1.5]").unwrap_err();
        assert_eq!(fraction.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            fraction.description.contains("[0]"),
            "{}",
            fraction.description
        );
        let too_big = parse_json::<Vec<u32>>(b"[4294967296.0]").unwrap_err();
        assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
