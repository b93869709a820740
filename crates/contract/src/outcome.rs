//! Rendering an operation's result as JSON for snapshots.

use serde::Serialize;
use serde_json::{Map, Value, json};

/// `{"ok": <value>}` or `{"error": <error as JSON>}`. A successful value's drift (fields kept
/// only in `extra`, enum values in `Unknown`: see [`crate::drift`]) is noted for the report.
pub fn outcome<T: Serialize + std::fmt::Debug>(result: core_http::Result<T>) -> Value {
    if let Ok(v) = &result {
        crate::drift::note(crate::drift::Drift::of(v));
    }
    render(result)
}

/// [`outcome`] without noting drift (the unified mapping's results, whose model has no
/// `extra`).
pub(crate) fn render<T: Serialize>(result: core_http::Result<T>) -> Value {
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
        E::EmptyBody { .. } => "EmptyBody",
        E::Paging { .. } => "Paging",
        E::Config(_) => "Config",
        E::Unsupported { .. } => "Unsupported",
        E::RetriesExhausted { .. } => "RetriesExhausted",
        E::OutcomeUnknown { .. } => "OutcomeUnknown",
        _ => "Other",
    };
    let mut out = Map::new();
    out.insert("variant".into(), json!(variant));
    out.insert("display".into(), json!(err.to_string()));
    if let Some(api) = err.api() {
        out.insert("status".into(), json!(api.status));
        out.insert("kind".into(), json!(format!("{:?}", api.kind)));
        out.insert("message".into(), json!(api.message));
        if !api.field_errors.is_empty() {
            out.insert(
                "field_errors".into(),
                serde_json::to_value(&api.field_errors).unwrap_or(Value::Null),
            );
        }
    }
    if let Some(wait) = err.retry_after() {
        out.insert("retry_after_ms".into(), json!(wait.as_millis() as u64));
    }
    if let E::Decode { path, .. } = err {
        out.insert("path".into(), json!(path));
    }
    Value::Object(out)
}
