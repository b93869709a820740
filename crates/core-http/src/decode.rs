//! JSON decoding that names the failing field and never leaks secrets.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::redact;

/// Decodes `body` as `T`. On failure the error names the JSON path of the failing value
/// (`bookings[3].guest.phone`) and carries a snippet of the body around the failure with
/// `secrets` and sensitive values removed.
///
/// - The body's content type is not consulted: some vendors label JSON as `text/plain`.
/// - An object with a duplicate key decodes with the last value winning, as JavaScript's
///   `JSON.parse` does.
/// - An empty (or blank) body is [`Error::EmptyBody`].
pub fn decode_json<T: DeserializeOwned>(body: &[u8], secrets: &[String]) -> Result<T> {
    decode_json_lazy(body, None, || secrets.to_vec())
}

/// Like [`decode_json`], asking for the secrets only when decoding fails, and naming the
/// response's `status` in an [`Error::EmptyBody`].
///
/// The normal path is plain `serde_json`; path tracking, the duplicate-key fallback and the
/// gathering of secrets run only after it failed.
pub(crate) fn decode_json_lazy<T: DeserializeOwned>(
    body: &[u8],
    status: Option<u16>,
    secrets: impl FnOnce() -> Vec<String>,
) -> Result<T> {
    match serde_json::from_slice::<T>(body) {
        Ok(value) => Ok(value),
        Err(first) => decode_after_failure(body, status, &first, secrets),
    }
}

/// The slow path: a clear error for an empty body, the last-wins retry for duplicate keys,
/// and otherwise a second decode with path tracking to build the error.
#[cold]
fn decode_after_failure<T: DeserializeOwned>(
    body: &[u8],
    status: Option<u16>,
    first: &serde_json::Error,
    secrets: impl FnOnce() -> Vec<String>,
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyBody { status });
    }
    if is_duplicate_field(first)
        && let Some(value) = decode_last_wins(body)
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let decoded = serde_path_to_error::deserialize(&mut de)
        .map_err(|err| (shown_path(err.path()), err.into_inner()))
        .and_then(|value: T| de.end().map(|()| value).map_err(|e| (".".to_owned(), e)));
    decoded.map_err(|(path, inner)| {
        let secrets = secrets();
        let text = String::from_utf8_lossy(body);
        let pos = byte_offset(&text, inner.line(), inner.column());
        Error::Decode {
            path,
            message: redact::redact(&inner.to_string(), &secrets),
            snippet: redacted_window(&text, pos, &secrets),
        }
    })
}

/// The path as text. A path whose text is empty (the failing value sits under the key `""`)
/// is shown as `""`, so every decode error names a path a reader can see.
fn shown_path(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text.is_empty() {
        "\"\"".to_owned()
    } else {
        text
    }
}

/// Whether serde refused a struct because one of its fields appeared twice.
fn is_duplicate_field(err: &serde_json::Error) -> bool {
    err.is_data() && err.to_string().starts_with("duplicate field `")
}

/// Decodes through a `serde_json::Value`, whose objects keep the last value of a repeated
/// key. `None` when that fails too (the caller then reports the original error).
fn decode_last_wins<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    T::deserialize(value).ok()
}

/// A window of the redacted body around the failure. Redaction runs on the whole body first,
/// so that a window starting inside a string cannot misalign the masking of sensitive values.
fn redacted_window(text: &str, pos: usize, secrets: &[String]) -> String {
    let full = redact::redact(text, secrets);
    let mut cut = pos.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let shifted = redact::redact(text.get(..cut).unwrap_or(""), secrets).len();
    redact::window(&full, shifted.min(full.len()))
}

/// Byte offset of a 1-based line and column, clamped to the text.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        bookings: Vec<Booking>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Booking {
        guest: Guest,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Guest {
        phone: String,
    }

    #[test]
    fn decode_error_names_path_and_hides_key() {
        let key = "aIcCpRKQqKPg9zVL0a7-RJt2_zx8jPq8jR20XWp_pZN";
        let ok = r#"{"guest":{"phone":"45"}}"#;
        let body = format!(
            r#"{{"bookings":[{ok},{ok},{ok},{{"note":"{key}","guest":{{"phone":4511111111,"password":"hunter2"}}}}]}}"#
        );
        let err = decode_json::<Page>(body.as_bytes(), &[key.to_owned()]).unwrap_err();
        match &err {
            Error::Decode { path, snippet, .. } => {
                assert_eq!(path, "bookings[3].guest.phone");
                assert!(snippet.contains("4511111111"), "{snippet}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn escaped_quote_before_a_token_does_not_leak_it() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Login {
            access_token: String,
            id: u32,
        }
        for key in ["access_token", "bearer"] {
            let body = format!(r#"{{"note":"a\"b","{key}":"T","access_token":"T","id":{{}}}}"#);
            let err = decode_json::<Login>(body.as_bytes(), &[]).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(r#""T""#), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        let err = decode_json::<Vec<u8>>(b"[1,2] x", &[]).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }));
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Named {
        id: u32,
        name: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn duplicate_keys_decode_last_wins() {
        let body = br#"{"id":1,"name":"first","tags":["a"],"name":"second","id":2}"#;
        let v: Named = decode_json(body, &[]).unwrap();
        assert_eq!(
            v,
            Named {
                id: 2,
                name: "second".into(),
                tags: vec!["a".into()]
            }
        );
        // Nested, inside an array.
        let body = br#"[{"id":1,"name":"x","tags":["a"],"tags":["b","c"]}]"#;
        let v: Vec<Named> = decode_json(body, &[]).unwrap();
        assert_eq!(v[0].tags, vec!["b".to_owned(), "c".to_owned()]);
    }

    #[derive(Debug, serde::Deserialize)]
    struct Open {
        id: u32,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn duplicate_keys_decode_last_wins_with_flattened_extras() {
        let body = br#"{"id":1,"x":"a","id":2,"x":"b"}"#;
        let v: Open = decode_json(body, &[]).unwrap();
        assert_eq!(v.id, 2);
        assert_eq!(v.extra.get("x"), Some(&serde_json::json!("b")));
    }

    #[test]
    fn duplicate_keys_with_a_wrong_last_value_still_name_the_path() {
        let body = br#"[{"id":1,"name":"x","id":"not a number"}]"#;
        let err = decode_json::<Vec<Named>>(body, &[]).unwrap_err();
        match err {
            Error::Decode { path, .. } => assert!(path.starts_with("[0]"), "{path}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn empty_body_is_a_clear_error() {
        for body in [&b""[..], b"  \r\n"] {
            let err = decode_json_lazy::<Named>(body, Some(204), Vec::new).unwrap_err();
            assert!(
                matches!(err, Error::EmptyBody { status: Some(204) }),
                "{err:?}"
            );
            assert!(!err.to_string().contains("EOF"), "{err}");
        }
        // A body that starts but stops is still a decode error with a path.
        let err = decode_json::<Named>(br#"{"id":1"#, &[]).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }

    /// Records the type of the deserializer it was decoded with.
    struct Probe(&'static str);

    impl<'de> serde::Deserialize<'de> for Probe {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d)?;
            Ok(Probe(std::any::type_name::<D>()))
        }
    }

    #[test]
    fn an_error_under_the_empty_key_still_shows_a_path() {
        // Found by `cargo xtask fuzz` (decode_launch27): a bad value under the key "" gave
        // an empty path.
        let err = decode_json::<std::collections::BTreeMap<String, u32>>(br#"{"": "x"}"#, &[])
            .unwrap_err();
        match err {
            Error::Decode { path, .. } => assert_eq!(path, "\"\""),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn success_runs_without_path_tracking() {
        let probe: Probe = decode_json(br#"{"a":[1,2,3]}"#, &[]).unwrap();
        assert!(!probe.0.contains("serde_path_to_error"), "{}", probe.0);
    }

    #[test]
    fn bare_scalars_decode() {
        let id: String = decode_json(br#""A3CAfJycSJMHEWHHd""#, &[]).unwrap();
        assert_eq!(id, "A3CAfJycSJMHEWHHd");
        let ok: bool = decode_json(b"true", &[]).unwrap();
        assert!(ok);
    }

    #[test]
    fn errors_inside_a_single_keep_their_path() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Ids {
            #[serde(deserialize_with = "model_kit::lenient::sparse_vec")]
            ids: Vec<serde_json::Value>,
            #[serde(default, deserialize_with = "model_kit::lenient::opt_sparse_vec")]
            more: Option<Vec<u32>>,
        }
        let body = br#"[{"ids":{"0":1},"more":{"0":"x"}}]"#;
        let err = decode_json::<model_kit::lenient::Single<Ids>>(body, &[]).unwrap_err();
        match err {
            Error::Decode { path, .. } => assert_eq!(path, "[0].more.0"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
