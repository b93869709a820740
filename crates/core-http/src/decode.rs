//! JSON decoding that names the failing field and never leaks secrets.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::redact;

/// Decodes `body` as `T`. On failure the error names the JSON path of the failing value
/// (`bookings[3].guest.phone`) and carries a snippet of the body around the failure with
/// `secrets` and sensitive values removed.
///
/// The body's content type is not consulted: some vendors label JSON as `text/plain`.
pub fn decode_json<T: DeserializeOwned>(body: &[u8], secrets: &[String]) -> Result<T> {
    decode_json_lazy(body, || secrets.to_vec())
}

/// Like [`decode_json`], asking for the secrets only when decoding fails (so a successful
/// decode costs nothing extra).
pub(crate) fn decode_json_lazy<T: DeserializeOwned>(
    body: &[u8],
    secrets: impl FnOnce() -> Vec<String>,
) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let decoded = serde_path_to_error::deserialize(&mut de)
        .map_err(|err| (err.path().to_string(), err.into_inner()))
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
    fn trailing_garbage_is_an_error() {
        let err = decode_json::<Vec<u8>>(b"[1,2] x", &[]).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }));
    }

    #[test]
    fn bare_scalars_decode() {
        let id: String = decode_json(br#""A3CAfJycSJMHEWHHd""#, &[]).unwrap();
        assert_eq!(id, "A3CAfJycSJMHEWHHd");
        let ok: bool = decode_json(b"true", &[]).unwrap();
        assert!(ok);
    }
}
