//! Launch27 error bodies (docs/vendors/launch27.md §6): plain text for 400/403/406, a JSON object
//! of field errors for 422.

use core_http::error_body::default_message;
use core_http::http::{HeaderMap, StatusCode};
use core_http::{ApiError, ApiErrorKind, ErrorParser, FieldError};
use serde_json::{Map, Value};

/// Words of a 403 text that say the account's plan lacks the feature (docs/vendors/launch27.md §6:
/// "403 if requested feature (f.i. Giftcards API) is not available on current client plan"). The
/// exact wording is not documented (inferred).
pub const PLAN_FEATURE_MARKERS: &[&str] = &["plan", "feature", "not available"];

/// Paths of plan features: a 403 there is a missing feature, whatever the text says
/// (docs/vendors/launch27.md §13, gift cards).
pub const PLAN_FEATURE_PATHS: &[&str] = &["/giftcard"];

/// Parses Launch27 error responses into [`ApiError`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Launch27ErrorParser;

impl ErrorParser for Launch27ErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8], error: &mut ApiError) {
        if status == StatusCode::UNPROCESSABLE_ENTITY
            && let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body)
        {
            let fields = field_errors(&map);
            if !fields.is_empty() {
                let mut fields_named: Vec<&str> = Vec::new();
                for f in &fields {
                    if !fields_named.contains(&f.field.as_str()) {
                        fields_named.push(&f.field);
                    }
                }
                error.message = format!("validation failed for {}", fields_named.join(", "));
                error.field_errors = fields;
                return;
            }
        }
        error.message = default_message(status, body);
        if status == StatusCode::FORBIDDEN {
            let text = error.message.to_ascii_lowercase();
            let on_feature_path = PLAN_FEATURE_PATHS
                .iter()
                .any(|p| error.request.contains(&format!(" {p}")));
            let looks_like_plan = PLAN_FEATURE_MARKERS.iter().any(|m| text.contains(m));
            if on_feature_path || looks_like_plan {
                error.kind = ApiErrorKind::FeatureUnavailable;
            }
        }
    }
}

/// `{"field": [{"type", "message", "description"?, "value"?, "details"?}], ...}` → one
/// [`FieldError`] per entry; `details` keeps every member but `type` and `message`.
fn field_errors(map: &Map<String, Value>) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, entries) in map {
        let entries = match entries {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for entry in entries {
            match entry {
                Value::Object(mut obj) => {
                    let code = match obj.remove("type") {
                        Some(Value::String(s)) => Some(s),
                        _ => None,
                    };
                    let message = match obj.remove("message") {
                        Some(Value::String(s)) => s,
                        Some(other) => other.to_string(),
                        None => code.clone().unwrap_or_default(),
                    };
                    if is_sensitive(field) {
                        // The rejected value of a credential is not kept.
                        obj.remove("value");
                    }
                    out.push(FieldError {
                        field: field.clone(),
                        code,
                        message,
                        details: (!obj.is_empty()).then_some(Value::Object(obj)),
                    });
                }
                Value::String(message) => out.push(FieldError {
                    field: field.clone(),
                    code: None,
                    message,
                    details: None,
                }),
                other => out.push(FieldError {
                    field: field.clone(),
                    code: None,
                    message: other.to_string(),
                    details: None,
                }),
            }
        }
    }
    out
}

/// Field names whose rejected `value` is dropped from [`FieldError::details`].
pub const SENSITIVE_FIELDS: &[&str] = &["password", "token", "card", "cvc", "secret"];

fn is_sensitive(field: &str) -> bool {
    let f = field.to_ascii_lowercase();
    SENSITIVE_FIELDS.iter().any(|s| f.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, request: &str, body: &str) -> ApiError {
        let mut e = ApiError::new(status);
        e.request = request.to_owned();
        Launch27ErrorParser.parse(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            &mut e,
        );
        e
    }

    #[test]
    fn seed_422_example() {
        let e = parse(
            422,
            "POST /login",
            r#"{"password":[{"type":"string_gte","message":"password: String length must be greater than or equal to 1","description":"String length must be greater than or equal to 1","value":"","details":{"field":"password","min":1}}]}"#,
        );
        assert_eq!(e.field_errors.len(), 1);
        let f = &e.field_errors[0];
        assert_eq!(f.field, "password");
        assert_eq!(f.code.as_deref(), Some("string_gte"));
        assert_eq!(f.details.as_ref().unwrap()["details"]["min"], 1);
        assert!(
            f.details.as_ref().unwrap().get("value").is_none(),
            "password value dropped"
        );
        assert_eq!(e.message, "validation failed for password");
        assert!(f.message.contains("greater than or equal to 1"));
    }

    #[test]
    fn text_errors_and_plan_features() {
        assert_eq!(
            parse(400, "POST /booking", "Bad Request").message,
            "Bad Request"
        );
        let e = parse(
            406,
            "PUT /customer/bookings/{id}",
            "Booking can not be edited",
        );
        assert_eq!(e.kind, ApiErrorKind::NotAcceptable);
        assert_eq!(e.message, "Booking can not be edited");
        let e = parse(403, "POST /giftcard", "Forbidden");
        assert_eq!(e.kind, ApiErrorKind::FeatureUnavailable);
        let e = parse(
            403,
            "GET /customer/bookings",
            "Giftcards are not available on your plan",
        );
        assert_eq!(e.kind, ApiErrorKind::FeatureUnavailable);
        let e = parse(403, "POST /login", "OTP token is required");
        assert_eq!(e.kind, ApiErrorKind::Forbidden);
    }
}
