//! Errors as the API answers them: `{ "code", "description" }` with the HTTP status that fits,
//! plus the domain's typed `refusal` when the rules said no.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use csp_domain::{FieldProblem, Refusal};
use serde_json::{json, Value};

/// An error answer: a status, a stable snake_case code, a sentence, and the refusal if any.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable, machine-readable snake_case code.
    pub code: String,
    /// A sentence a person can act on.
    pub description: String,
    /// The domain's refusal as JSON, when the rules refused.
    pub refusal: Option<Value>,
    /// Seconds to wait before asking again, sent as `Retry-After` (429).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with a code and a sentence.
    pub fn new(status: StatusCode, code: &str, description: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_owned(),
            description: description.into(),
            refusal: None,
            retry_after: None,
        }
    }

    /// 400: the body or query could not be read at all.
    pub fn bad_request(description: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", description)
    }

    /// 422: the request was read but a field is wrong.
    pub fn invalid(description: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            description,
        )
    }

    /// 401: no session, or one the server does not know.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Sign in first: send `Authorization: Bearer TOKEN` with a token from POST /v1/session.",
        )
    }

    /// 404 for a path the API does not have.
    pub fn no_such_route(method: &str, path: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("There is no {method} {path} in this API; see /v1/openapi.json."),
        )
    }

    /// 500: the server could not keep what it decided; nothing of it is shown.
    pub fn storage(error: impl std::fmt::Display) -> ApiError {
        tracing::error!("storage failed: {error}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage_failed",
            "The server could not save this; nothing was changed. Try again.",
        )
    }

    /// 500 for anything else that should not happen.
    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {error}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on the server.",
        )
    }
}

/// The HTTP status a refusal answers with. Exhaustive on purpose: a new refusal in the domain
/// does not compile here until someone decides its status.
pub fn refusal_status(refusal: &Refusal) -> StatusCode {
    use Refusal::*;
    match refusal {
        MissingRole { .. } | NotYourCustomer { .. } => StatusCode::FORBIDDEN,
        // A domain or tenant already used is a conflict with what is stored, as a customer
        // that exists is: the same request was fine before, and its form is not at fault.
        InvalidField {
            problem: FieldProblem::Taken,
            ..
        } => StatusCode::CONFLICT,
        ImportRejected { problems }
            if problems
                .iter()
                .all(|row| matches!(row.problem, FieldProblem::Taken)) =>
        {
            StatusCode::CONFLICT
        }
        UnknownCustomer { .. }
        | UnknownSku { .. }
        | UnknownOrder { .. }
        | UnknownLine { .. }
        | UnknownItem { .. }
        | UnknownLink
        | UnknownSupportRequest { .. }
        | UnknownUser { .. } => StatusCode::NOT_FOUND,
        CustomerExists { .. }
        | OrderExists { .. }
        | LinkExists
        | SupportRequestExists { .. }
        | CancellationWindowClosed { .. }
        | NeverCancellable { .. }
        | CancelThroughSupportRequest { .. }
        | AlreadyCancelled { .. }
        | NotActive { .. }
        | AutorenewNotOffered { .. }
        | NotAcknowledged
        | NoKeysOrDownloads { .. }
        | StatusChangeNotAllowed { .. }
        | SupportRequestClosed { .. }
        | ClockBackwards { .. }
        // How far the clock may move depends on where it stands now, as going back does.
        | ClockTooFar { .. }
        | LastGlobalAdmin => StatusCode::CONFLICT,
        ChangedSinceRead => StatusCode::PRECONDITION_FAILED,
        // Once revoked or expired, a key or link never comes back: Gone.
        Revoked { .. } | LinkExpired { .. } | DownloadLimitReached { .. } => StatusCode::GONE,
        NothingChosen
        | InvalidQuantity { .. }
        | NotSoldInMarket { .. }
        | PlanNotOffered { .. }
        | NoPriceInCurrency { .. }
        | InvalidProductKey
        | InvalidLinkToken
        | InvalidContinuationToken
        | ChoiceNotOffered { .. }
        | InvalidField { .. }
        | InvalidDateRange
        | DateOutOfRange { .. }
        | ActivationInFuture { .. }
        | ImportRejected { .. }
        | NothingToImport
        | TooManyRows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// `missingRole` → `missing_role`.
fn snake_case(camel: &str) -> String {
    let mut snake = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            snake.push('_');
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        let json = serde_json::to_value(&refusal).unwrap_or(Value::Null);
        // A refusal is its camelCase kind (`"unknownLink"`) or an object under it
        // (`{"missingRole": {...}}`); the API's codes are snake_case.
        let kind = match &json {
            Value::String(kind) => Some(kind.as_str()),
            Value::Object(fields) => fields.keys().next().map(String::as_str),
            _ => None,
        };
        let code = kind.map(snake_case).unwrap_or_else(|| "refused".to_owned());
        ApiError {
            status: refusal_status(&refusal),
            code,
            description: refusal.to_string(),
            refusal: Some(json),
            retry_after: None,
        }
    }
}

impl ApiError {
    /// The JSON body of this error.
    pub fn body(&self) -> Value {
        let mut body = json!({ "code": self.code, "description": self.description });
        if let Some(refusal) = &self.refusal {
            body["refusal"] = refusal.clone();
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csp_domain::{Action, PartnerRole};

    #[test]
    fn a_missing_role_is_forbidden_with_a_snake_case_code_and_the_role_named() {
        let error = ApiError::from(Refusal::MissingRole {
            action: Action::Cancel,
            needs: vec![PartnerRole::AdminAgent],
        });
        assert_eq!(error.status, StatusCode::FORBIDDEN);
        assert_eq!(error.code, "missing_role");
        assert!(error.description.contains("Admin agent"));
        assert_eq!(
            error.body()["refusal"]["missingRole"]["needs"][0],
            "admin_agent"
        );
    }
}
