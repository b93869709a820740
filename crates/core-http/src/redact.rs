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

/// Secrets at least this long are removed wherever they occur; shorter ones only where they
/// stand as a whole token (between non-word characters) or a whole JSON string value, so that a
/// 3-character password does not turn every word containing those letters into `[redacted]`.
pub const SHORT_SECRET: usize = 4;

/// Replaces every occurrence of each secret in `text` (also in its JSON-escaped form and inside
/// JSON strings written with escapes), then masks the values of sensitive JSON keys
/// (`"password": "..."` becomes `"password": "[redacted]"`, an object or number value becomes
/// `"[redacted]"`).
///
/// The masking reads the text as JSON as far as it goes (escaped quotes, nesting), and stays
/// safe on text that is not JSON or is cut off.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut secrets: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    // Longest first, so that a secret containing another is removed whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_owned();
    for secret in &secrets {
        out = replace_secret(&out, secret);
        let escaped = json_escaped(secret);
        if escaped != *secret {
            out = replace_secret(&out, &escaped);
        }
    }
    mask_json(&out, &secrets)
}

/// Removes `secret` from `text`: everywhere when it is long, as a whole token when short.
fn replace_secret(text: &str, secret: &str) -> String {
    if secret.len() >= SHORT_SECRET {
        return text.replace(secret, REDACTED);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(secret) {
        let (before, from) = rest.split_at(at);
        let after = from.get(secret.len()..).unwrap_or("");
        let prev = before
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        let bounded_before = prev.is_none_or(|c| !is_word(c));
        let bounded_after = after.chars().next().is_none_or(|c| !is_word(c));
        out.push_str(before);
        if bounded_before && bounded_after {
            out.push_str(REDACTED);
        } else {
            out.push_str(secret);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `secret` as it appears inside a JSON string (without the quotes).
fn json_escaped(secret: &str) -> String {
    let quoted = serde_json::to_string(secret).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(secret)
        .to_owned()
}

/// Whether a (decoded) key is one whose value is always masked.
fn is_sensitive(key: &str) -> bool {
    SENSITIVE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// Walks `text` as JSON: masks the values of sensitive keys, and removes secrets from string
/// literals written with escapes (which the plain replacement cannot see).
fn mask_json(text: &str, secrets: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let body = from_quote.get(1..).unwrap_or("");
        let Some(close) = closing_quote(body) else {
            // Cut off inside a string: what is left is part of one string.
            out.push('"');
            out.push_str(&clean_string(body, secrets));
            return out;
        };
        let raw = body.get(..close).unwrap_or("");
        let after = body.get(close + 1..).unwrap_or("");
        out.push('"');
        out.push_str(&clean_string(raw, secrets));
        out.push('"');
        rest = after;
        let trimmed = after.trim_start();
        let Some(after_colon) = trimmed.strip_prefix(':') else {
            continue;
        };
        if !is_sensitive(&unescape(raw).unwrap_or_else(|| raw.to_owned())) {
            continue;
        }
        let value = after_colon.trim_start();
        // Copy the separator as it was, then the masked value.
        let sep_len = after.len() - value.len();
        out.push_str(after.get(..sep_len).unwrap_or(":"));
        if value.starts_with("null") {
            rest = value;
            continue;
        }
        if value.is_empty() {
            return out;
        }
        out.push('"');
        out.push_str(REDACTED);
        out.push('"');
        match value_end(value) {
            Some(end) => rest = value.get(end..).unwrap_or(""),
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The raw content of one string literal with secrets removed from its decoded form (only
/// when it holds escapes; plain occurrences were already replaced).
fn clean_string(raw: &str, secrets: &[&str]) -> String {
    if secrets.is_empty() || !raw.contains('\\') {
        return raw.to_owned();
    }
    let Some(decoded) = unescape(raw) else {
        return raw.to_owned();
    };
    let mut cleaned = decoded.clone();
    for secret in secrets {
        cleaned = replace_secret(&cleaned, secret);
    }
    if cleaned == decoded {
        raw.to_owned()
    } else {
        json_escaped(&cleaned)
    }
}

/// Decodes the content of a JSON string literal; `None` when it is not valid JSON.
fn unescape(raw: &str) -> Option<String> {
    if !raw.contains('\\') {
        return Some(raw.to_owned());
    }
    serde_json::from_str(&format!("\"{raw}\"")).ok()
}

/// Byte length of the JSON value at the start of `s` (a string, a balanced object or array,
/// or a bare token), `None` when it is cut off. Scans bytes: every structural character is
/// ASCII, and no byte of a multi-byte character is.
fn value_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let close = closing_quote(s.get(i + 1..)?)?;
                i += close + 2;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' | b'}' | b']' if depth == 0 => return Some(i),
            b if depth == 0 && b.is_ascii_whitespace() => return Some(i),
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(s.len())
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
            r#"{"password":"[redacted]""#
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

    #[test]
    fn escaped_quotes_do_not_misalign_the_masking() {
        let body = r#"{"note":"a\"b","access_token":"T","id":{}}"#;
        let s = redact(body, &[]);
        assert_eq!(s, r#"{"note":"a\"b","access_token":"[redacted]","id":{}}"#);
        let s = redact(r#"{"x":"\\","bearer":"T","y":"\\\""}"#, &[]);
        assert!(!s.contains(r#""T""#), "{s}");
    }

    #[test]
    fn nested_and_scalar_sensitive_values_are_masked() {
        let s = redact(
            r#"{"token":{"value":"T1","n":[1,"}"]},"password":12345,"secret":null,"ok":true}"#,
            &[],
        );
        assert_eq!(
            s,
            r#"{"token":"[redacted]","password":"[redacted]","secret":null,"ok":true}"#
        );
    }

    #[test]
    fn short_secrets_are_removed_as_whole_tokens() {
        let secrets = ["pw1".to_owned()];
        assert_eq!(
            redact("invalid password pw1 for pw10 and xpw1", &secrets),
            "invalid password [redacted] for pw10 and xpw1"
        );
        assert_eq!(
            redact(r#"{"echo":"pw1","other":"pw12"}"#, &secrets),
            r#"{"echo":"[redacted]","other":"pw12"}"#
        );
        assert_eq!(redact("pw1", &secrets), "[redacted]");
    }

    #[test]
    fn escaped_secrets_are_removed() {
        let secret = "ab\"c\\d/é".to_owned();
        let written = serde_json::to_string(&secret).unwrap();
        let body = format!(
            r#"{{"echo":{written},"msg":"x {inner} y"}}"#,
            inner = &written[1..written.len() - 1]
        );
        let s = redact(&body, std::slice::from_ref(&secret));
        assert!(!s.contains(&written[1..written.len() - 1]), "{s}");
        // The same secret with every character written as \u escapes.
        let unicode: String = secret
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        let s = redact(&format!(r#"{{"echo":"{unicode}"}}"#), &[secret]);
        assert_eq!(s, r#"{"echo":"[redacted]"}"#);
    }

    mod planted {
        use super::*;
        use proptest::prelude::*;

        /// Filler text: lowercase and spaces only, so that it cannot contain a secret (which
        /// starts with a character outside that alphabet) nor can `[redacted]`.
        fn filler() -> impl Strategy<Value = String> {
            "[a-z ]{0,12}"
        }

        /// A random JSON value with `secret` planted in some places.
        fn planted(secret: String) -> impl Strategy<Value = serde_json::Value> {
            use serde_json::Value;
            let leaf = prop_oneof![
                filler().prop_map(Value::String),
                any::<u16>().prop_map(Value::from),
                Just(Value::Null),
                Just(Value::String(secret.clone())),
                (filler(), filler()).prop_map({
                    let secret = secret.clone();
                    move |(a, b)| Value::String(format!("{a} {secret} {b}"))
                }),
            ];
            let keys = prop_oneof![
                filler(),
                prop::sample::select(SENSITIVE_KEYS.to_vec()).prop_map(str::to_owned),
            ];
            leaf.prop_recursive(4, 32, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    prop::collection::vec((keys.clone(), inner), 0..5)
                        .prop_map(|kv| Value::Object(kv.into_iter().collect())),
                ]
            })
        }

        fn shows(text: &str, secret: &str) -> bool {
            text.contains(secret) || text.contains(&json_escaped(secret))
        }

        fn case() -> impl Strategy<Value = (String, serde_json::Value, String)> {
            // Long secrets with characters JSON escapes; short ones of 1 to 3 characters.
            let secret = prop_oneof![
                r#"[A-Z0-9"\\é\n][A-Za-z0-9"\\é\t/ ]{3,12}"#,
                "[A-Z][A-Z0-9]{0,2}",
            ];
            secret.prop_flat_map(|s| (Just(s.clone()), planted(s), filler()))
        }

        proptest! {
            #[test]
            fn planted_secrets_never_show((secret, value, text) in case()) {
                let secrets = [secret.clone()];
                let json = serde_json::to_string(&value).unwrap();
                let out = redact(&json, &secrets);
                prop_assert!(!shows(&out, &secret), "{json} -> {out}");
                let pretty = serde_json::to_string_pretty(&value).unwrap();
                let out = redact(&pretty, &secrets);
                prop_assert!(!shows(&out, &secret), "{pretty} -> {out}");
                // A text error around the secret.
                let plain = format!("error: {text} {secret}: {text}");
                let out = redact(&plain, &secrets);
                prop_assert!(!shows(&out, &secret), "{plain} -> {out}");
                // Every piece the snippets are cut from, redacted first then cut.
                let out = truncate(&redact(&json, &secrets));
                prop_assert!(!shows(&out, &secret), "{out}");
                // Values under sensitive keys never show, whatever they are.
                let out = redact_json(value, &secrets);
                let out = serde_json::to_string(&out).unwrap();
                prop_assert!(!shows(&out, &secret), "{out}");
            }
        }
    }
}
