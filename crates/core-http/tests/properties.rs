//! Properties of redaction and decoding (the unit tests in `src/redact.rs` plant secrets in
//! JSON values; these go through the public API, as a decode error reaches a user):
//!
//! - a secret the client knows never survives `redact`, whatever text surrounds it;
//! - a decode error (message and snippet, `Display` and `Debug`) never shows a secret of the
//!   client or the value of a sensitive key, wherever the failure is;
//! - any bytes decode or yield `Error::Decode` with a path (or `EmptyBody`), never a panic;
//! - `window` and `truncate` take any text and position.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core_http::redact::{redact, truncate, window};
use core_http::{Error, decode_json};
use proptest::prelude::*;

/// Secrets of 4 or more characters (removed wherever they occur), including characters JSON
/// escapes.
fn secret() -> impl Strategy<Value = String> {
    r#"[A-Za-z0-9_\-"\\/é]{4,24}"#.prop_filter("not only spaces", |s| !s.trim().is_empty())
}

/// Whether `text` shows `secret`, raw or JSON-escaped.
fn shows(text: &str, secret: &str) -> bool {
    let escaped = serde_json::to_string(secret).unwrap();
    text.contains(secret) || text.contains(&escaped[1..escaped.len() - 1])
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Page {
    items: Vec<Item>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Item {
    id: u64,
    note: String,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_known_secret_never_survives_redaction(
        secret in secret(),
        before in "\\PC{0,40}",
        after in "\\PC{0,40}",
        copies in 1usize..4,
    ) {
        let text = format!("{before}{}{after}", [secret.as_str(); 3][..copies].join(" "));
        let out = redact(&text, std::slice::from_ref(&secret));
        prop_assert!(!shows(&out, &secret), "{} -> {}", text, out);
        // Also inside a JSON string and through the escaped form.
        let json = serde_json::json!({"message": text}).to_string();
        let out = redact(&json, std::slice::from_ref(&secret));
        prop_assert!(!shows(&out, &secret), "{} -> {}", json, out);
    }

    #[test]
    fn decode_errors_never_show_a_secret(
        secret in secret(),
        n in 0usize..20,
        bad in 0usize..20,
        sensitive in prop::sample::select(vec!["password", "access_token", "api_key", "secret", "bearer"]),
        sensitive_value in "[a-z]{6,12}",
    ) {
        // `n` items with the secret in their notes; item `bad` (if any) has a wrong id.
        let items: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let id = if i == bad { serde_json::json!("x") } else { serde_json::json!(i) };
                serde_json::json!({"id": id, "note": format!("see {secret} here"), sensitive: sensitive_value})
            })
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({"items": items})).unwrap();
        match decode_json::<Page>(&body, std::slice::from_ref(&secret)) {
            Ok(page) => prop_assert!(bad >= n && page.items.len() == n),
            Err(err) => {
                let shown = format!("{err} {err:?}");
                prop_assert!(!shows(&shown, &secret), "{}", shown);
                prop_assert!(!shown.contains(&sensitive_value), "{}", shown);
                let Error::Decode { path, .. } = &err else {
                    return Err(TestCaseError::fail(format!("{err:?}")));
                };
                prop_assert_eq!(path, &format!("items[{bad}].id"));
            }
        }
    }

    #[test]
    fn any_bytes_decode_or_fail_with_a_path(body in prop::collection::vec(any::<u8>(), 0..64)) {
        match decode_json::<serde_json::Value>(&body, &[]) {
            Ok(_) => {}
            Err(Error::Decode { path, .. }) => prop_assert!(!path.is_empty()),
            Err(Error::EmptyBody { .. }) => prop_assert!(body.iter().all(u8::is_ascii_whitespace)),
            Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
        }
    }

    #[test]
    fn window_and_truncate_take_any_text(text in "\\PC{0,400}", pos in 0usize..1000) {
        let w = window(&text, pos);
        prop_assert!(w.len() <= text.len() + 2 * '…'.len_utf8());
        let t = truncate(&text);
        prop_assert!(t.len() <= core_http::redact::SNIPPET_MAX + '…'.len_utf8());
        let _ = redact(&text, &[text.chars().take(5).collect()]);
    }
}
