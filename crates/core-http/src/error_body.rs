//! Turning a vendor's error response into an [`ApiError`].

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::ApiError;

/// Parses a vendor's error body. Vendor crates implement it; the client has already filled in
/// `status`, `kind` (from the status), `retry_after`, `request_id`, `request` and a redacted,
/// truncated `body`, and this fills in `message`, `field_errors` and a refined `kind`.
pub trait ErrorParser: Send + Sync + std::fmt::Debug + 'static {
    /// Refines `error` from the raw (unredacted) body. Must not copy secrets into `error`:
    /// the client redacts `message` afterwards, but only of the secrets it knows.
    fn parse(&self, status: StatusCode, headers: &HeaderMap, body: &[u8], error: &mut ApiError);
}

/// The fallback parser: a JSON object's `message`, `error`, `error_description` or `errors`
/// member when there is one, otherwise the body as text (HTML pages are summarised).
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultErrorParser;

impl ErrorParser for DefaultErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8], error: &mut ApiError) {
        error.message = default_message(status, body);
    }
}

/// The message [`DefaultErrorParser`] would give; useful to vendor parsers as a fallback.
pub fn default_message(status: StatusCode, body: &[u8]) -> String {
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        if let Some(msg) = message_from_json(&value) {
            return msg;
        }
        if let Value::String(s) = value {
            return s;
        }
    }
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if looks_like_html(trimmed) {
        let title = html_title(trimmed).unwrap_or_default();
        return format!(
            "HTML error page instead of an API response{}{}",
            if title.is_empty() { "" } else { ": " },
            title
        );
    }
    if trimmed.is_empty() {
        return status.canonical_reason().unwrap_or("no message").to_owned();
    }
    crate::redact::truncate(trimmed)
}

fn message_from_json(value: &Value) -> Option<String> {
    let obj = value.as_object()?;
    for key in ["message", "error_description", "error", "errors", "detail"] {
        match obj.get(key) {
            Some(Value::String(s)) if !s.is_empty() => return Some(s.clone()),
            Some(Value::Array(items)) if !items.is_empty() => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                return Some(parts.join("; "));
            }
            Some(Value::Object(inner)) => {
                if let Some(Value::String(s)) = inner.get("message") {
                    return Some(s.clone());
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a body is an HTML page (a proxy's error page, a landing page).
pub fn looks_like_html(text: &str) -> bool {
    let head = text
        .get(..text.len().min(64))
        .unwrap_or("")
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower.get(start..)?.find("</title>")? + start;
    Some(text.get(start..end)?.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_common_shapes() {
        let s = StatusCode::BAD_REQUEST;
        assert_eq!(default_message(s, br#"{"message":"nope"}"#), "nope");
        assert_eq!(default_message(s, br#"{"errors":["a","b"]}"#), "a; b");
        assert_eq!(default_message(s, br#"{"error":{"message":"x"}}"#), "x");
        assert_eq!(
            default_message(s, b"no suitable table"),
            "no suitable table"
        );
        assert_eq!(default_message(s, b""), "Bad Request");
        assert_eq!(
            default_message(
                StatusCode::BAD_GATEWAY,
                b"<html><head><title>502 Bad Gateway</title></head></html>"
            ),
            "HTML error page instead of an API response: 502 Bad Gateway"
        );
    }
}
