//! Removing secrets from text that ends up in errors and logs.

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// JSON keys whose string values are always masked in snippets and error bodies.
const SENSITIVE_KEYS: &[&str] = &[
    "password",
    "token",
    "access_token",
    "refresh_token",
    "bearer",
    "api_key",
    "apikey",
    "secret",
    "client_secret",
    "authorization",
    "single_access_token",
    "sid",
];

/// Longest snippet kept in a decode error or an API error body.
pub const SNIPPET_MAX: usize = 240;

/// Replaces every occurrence of each secret in `text`, then masks the string values of
/// sensitive JSON keys (`"password": "..."` becomes `"password": "[redacted]"`).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        if secret.len() >= 4 {
            out = out.replace(secret.as_str(), REDACTED);
        }
    }
    mask_sensitive_values(&out)
}

/// Redacts a JSON value: string values of sensitive keys become `[redacted]`, and known secrets
/// are removed from every other string.
pub fn redact_json(value: serde_json::Value, secrets: &[String]) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(redact(&s, secrets)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| redact_json(v, secrets)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let sensitive = SENSITIVE_KEYS.iter().any(|s| s.eq_ignore_ascii_case(&k));
                    let v = if sensitive && !v.is_null() {
                        Value::String(REDACTED.to_owned())
                    } else {
                        redact_json(v, secrets)
                    };
                    (k, v)
                })
                .collect(),
        ),
        other => other,
    }
}

/// Masks the string values that follow sensitive JSON keys.
fn mask_sensitive_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let after_quote = from_quote.get(1..).unwrap_or("");
        let Some(end) = after_quote.find('"') else {
            out.push_str(from_quote);
            return out;
        };
        let key = after_quote.get(..end).unwrap_or("");
        let after_key = after_quote.get(end + 1..).unwrap_or("");
        out.push('"');
        out.push_str(key);
        out.push('"');
        rest = after_key;
        if !SENSITIVE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        let trimmed = rest.trim_start();
        let Some(after_colon) = trimmed.strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start();
        let Some(value_body) = value.strip_prefix('"') else {
            continue;
        };
        // Copy the separator as it was, then the masked value.
        let sep_len = rest.len() - value.len();
        out.push_str(rest.get(..sep_len).unwrap_or(":"));
        out.push('"');
        out.push_str(REDACTED);
        match closing_quote(value_body) {
            Some(close) => {
                out.push('"');
                rest = value_body.get(close + 1..).unwrap_or("");
            }
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Byte index of the first unescaped `"` in `s`.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Cuts `text` to at most [`SNIPPET_MAX`] bytes on a character boundary, marking the cut.
pub fn truncate(text: &str) -> String {
    if text.len() <= SNIPPET_MAX {
        return text.to_owned();
    }
    let mut end = SNIPPET_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or(""))
}

/// A window of `text` around byte `pos` (about `SNIPPET_MAX` bytes), on character boundaries.
pub fn window(text: &str, pos: usize) -> String {
    let half = SNIPPET_MAX / 2;
    let mut start = pos.saturating_sub(half).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (pos + half).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text.get(start..end).unwrap_or(""));
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_secrets_are_replaced() {
        let s = redact("key=abcd1234 and abcd1234", &["abcd1234".into()]);
        assert_eq!(s, "key=[redacted] and [redacted]");
    }

    #[test]
    fn sensitive_json_values_are_masked() {
        let s = redact(
            r#"{"email":"a@b.c","password" : "p\"w","bearer":"eyJ","n":1}"#,
            &[],
        );
        assert_eq!(
            s,
            r#"{"email":"a@b.c","password" : "[redacted]","bearer":"[redacted]","n":1}"#
        );
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        assert_eq!(
            redact(r#"{"password":"abc"#, &[]),
            r#"{"password":"[redacted]"#
        );
        assert_eq!(redact(r#"{"pass"#, &[]), r#"{"pass"#);
    }

    #[test]
    fn json_values_are_redacted_deeply() {
        let v = serde_json::json!({
            "value": "my secret-123 here",
            "details": {"password": "pw", "field": "zip", "list": ["secret-123"]}
        });
        let out = redact_json(v, &["secret-123".into()]);
        assert_eq!(
            out,
            serde_json::json!({
                "value": "my [redacted] here",
                "details": {"password": "[redacted]", "field": "zip", "list": ["[redacted]"]}
            })
        );
    }

    #[test]
    fn window_respects_char_boundaries() {
        let text = "é".repeat(400);
        let w = window(&text, 301);
        assert!(w.starts_with('…') && w.ends_with('…'));
        assert!(truncate(&text).ends_with('…'));
    }
}
