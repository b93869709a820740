//! Resource Guru's error bodies (docs/vendors/resource-guru.md §1): `{"errors": [...]}` (strings or objects),
//! `{"errors": {field: [messages]}}`, clash answers `{"clashes": [...], "allowClashResolution":
//! bool}`, and OAuth token errors `{"error": "...", "error_description": "..."}`.

use core_http::error_body::default_message;
use core_http::http::{HeaderMap, StatusCode};
use core_http::{ApiError, ApiErrorKind, ErrorParser, FieldError};
use serde_json::Value;

/// Parses Resource Guru error bodies into [`ApiError`] messages and field errors.
#[derive(Clone, Copy, Debug, Default)]
pub struct RgErrorParser;

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl ErrorParser for RgErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8], error: &mut ApiError) {
        let Ok(Value::Object(obj)) = serde_json::from_slice::<Value>(body) else {
            error.message = default_message(status, body);
            return;
        };
        let mut messages = Vec::new();
        match obj.get("errors") {
            Some(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::Object(o) => {
                            let message = o
                                .get("message")
                                .map(text)
                                .unwrap_or_else(|| item.to_string());
                            if let Some(field) = o.get("field").or_else(|| o.get("attribute")) {
                                error.field_errors.push(FieldError {
                                    field: text(field),
                                    code: o.get("code").map(text),
                                    message: message.clone(),
                                    details: None,
                                });
                            }
                            messages.push(message);
                        }
                        other => messages.push(text(other)),
                    }
                }
            }
            Some(Value::Object(fields)) => {
                for (field, v) in fields {
                    let list = match v {
                        Value::Array(items) => items.iter().map(text).collect(),
                        other => vec![text(other)],
                    };
                    for message in list {
                        messages.push(format!("{field} {message}"));
                        error.field_errors.push(FieldError {
                            field: field.clone(),
                            code: None,
                            message,
                            details: None,
                        });
                    }
                }
            }
            Some(Value::String(s)) => messages.push(s.clone()),
            _ => {}
        }
        if let Some(clashes) = obj.get("clashes") {
            let n = clashes.as_array().map_or(0, Vec::len);
            let allow = obj
                .get("allowClashResolution")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            messages.push(format!(
                "{n} clash(es) with existing bookings (clash resolution allowed: {allow})"
            ));
            error.field_errors.push(FieldError {
                field: "clashes".into(),
                code: Some("clash".into()),
                message: format!("{n} clash(es)"),
                details: Some(clashes.clone()),
            });
            error.kind = ApiErrorKind::Conflict;
        }
        if let Some(code) = obj.get("error").and_then(Value::as_str) {
            let description = obj
                .get("error_description")
                .and_then(Value::as_str)
                .unwrap_or("");
            messages.push(if description.is_empty() {
                code.to_owned()
            } else {
                format!("{description} ({code})")
            });
        }
        error.message = if messages.is_empty() {
            default_message(status, body)
        } else {
            messages.join("; ")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> ApiError {
        let mut e = ApiError::new(status);
        RgErrorParser.parse(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            &mut e,
        );
        e
    }

    #[test]
    fn errors_array_and_object() {
        let e = parse(
            422,
            r#"{"errors":["Name can't be blank","Color is invalid"]}"#,
        );
        assert_eq!(e.message, "Name can't be blank; Color is invalid");
        let e = parse(422, r#"{"errors":{"name":["can't be blank"]}}"#);
        assert_eq!(e.field_errors.len(), 1);
        assert_eq!(e.field_errors[0].field, "name");
        assert_eq!(e.message, "name can't be blank");
    }

    #[test]
    fn clashes_and_oauth_errors() {
        let e = parse(400, r#"{"clashes":[{"id":1}],"allowClashResolution":true}"#);
        assert_eq!(e.kind, ApiErrorKind::Conflict);
        assert!(e.message.contains("1 clash"));
        let e = parse(
            400,
            r#"{"error":"invalid_grant","error_description":"expired"}"#,
        );
        assert_eq!(e.message, "expired (invalid_grant)");
        let e = parse(500, "oops");
        assert_eq!(e.message, "oops");
    }
}
