//! Rendering an operation's result as JSON for snapshots.

use serde::Serialize;
use serde_json::{Value, json};

/// `{"ok": <value>}` or `{"error": <error as JSON>}`.
pub fn outcome<T: Serialize>(result: core_http::Result<T>) -> Value {
    match result {
        Ok(v) => {
            json!({ "ok": serde_json::to_value(v).unwrap_or_else(|e| json!({"unserializable": e.to_string()})) })
        }
        Err(e) => json!({ "error": error_json(&e) }),
    }
}

/// A stable JSON rendering of an error (variant, status, kind, message, field errors...).
pub fn error_json(err: &core_http::Error) -> Value {
    use core_http::Error as E;
    let variant = match err {
        E::Api(_) => "Api",
        E::RateLimited { .. } => "RateLimited",
        E::Unauthorized(_) => "Unauthorized",
        E::NotFound(_) => "NotFound",
        E::Validation { .. } => "Validation",
        E::Transport { .. } => "Transport",
        E::Timeout => "Timeout",
        E::Decode { .. } => "Decode",
        E::Config(_) => "Config",
        E::Unsupported { .. } => "Unsupported",
        E::RetriesExhausted { .. } => "RetriesExhausted",
        _ => "Other",
    };
    let mut out = json!({ "variant": variant, "display": err.to_string() });
    if let Some(api) = err.api() {
        out["status"] = json!(api.status);
        out["kind"] = json!(format!("{:?}", api.kind));
        out["message"] = json!(api.message);
        if !api.field_errors.is_empty() {
            out["field_errors"] = serde_json::to_value(&api.field_errors).unwrap_or(Value::Null);
        }
    }
    if let Some(wait) = err.retry_after() {
        out["retry_after_ms"] = json!(wait.as_millis() as u64);
    }
    if let E::Decode { path, .. } = err {
        out["path"] = json!(path);
    }
    out
}
