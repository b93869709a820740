//! Webhook signature verification and the delivery envelope (docs/vendors/resource-guru.md §8).
#![cfg(feature = "webhooks")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use resource_guru::clients::ClientRecord;
use resource_guru::webhooks::{
    Delivery, PayloadAction, PayloadType, SignatureError, sign, verify_delivery, verify_key_header,
    verify_signature,
};

const SECRET: &[u8] = b"test-webhook-secret";
const BODY: &str = r#"{"id":5531,"timestamp":1714641100,"payload":{"id":1207,"archived":false,"color":null,"name":"Northwind Ltd","notes":"","action":"create","type":"client"},"user":{"id":27,"name":"Priya Shah","email":"priya@acme-studio.test"}}"#;

/// Computed independently with Python:
/// `hmac.new(b'test-webhook-secret', BODY.encode(), hashlib.sha256).hexdigest()`.
const BODY_SIGNATURE: &str = "ed672bb5f9cb0ed3db4278ccfa50c7fa27d4521f0f540212ed4f9054f90d5279";

#[test]
fn known_vectors_match() {
    assert_eq!(sign(SECRET, BODY.as_bytes()), BODY_SIGNATURE);
    // Python: hmac.new(b'key', b'The quick brown fox jumps over the lazy dog', hashlib.sha256).hexdigest()
    assert_eq!(
        sign(b"key", b"The quick brown fox jumps over the lazy dog"),
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    );
}

#[test]
fn valid_signature_is_accepted_in_either_case() {
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some(BODY_SIGNATURE)),
        Ok(())
    );
    let upper = BODY_SIGNATURE.to_ascii_uppercase();
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some(format!(" {upper} ").as_str())),
        Ok(())
    );
}

#[test]
fn tampered_body_is_rejected() {
    let tampered = BODY.replace("Northwind Ltd", "Northwind Plc");
    assert_eq!(
        verify_signature(SECRET, tampered.as_bytes(), Some(BODY_SIGNATURE)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn wrong_secret_is_rejected() {
    assert_eq!(
        verify_signature(b"another-secret", BODY.as_bytes(), Some(BODY_SIGNATURE)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn missing_header_is_rejected() {
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), None),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some("  ")),
        Err(SignatureError::Missing)
    );
}

#[test]
fn non_hex_and_short_headers_are_rejected() {
    let not_hex = "zz".repeat(32);
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some(not_hex.as_str())),
        Err(SignatureError::NotHex)
    );
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some(&BODY_SIGNATURE[..62])),
        Err(SignatureError::WrongLength(31))
    );
    assert_eq!(
        verify_signature(SECRET, BODY.as_bytes(), Some(&BODY_SIGNATURE[..63])),
        Err(SignatureError::WrongLength(31))
    );
}

#[test]
fn delivery_is_typed_and_decodes_its_object() {
    let d = verify_delivery(SECRET, BODY.as_bytes(), Some(BODY_SIGNATURE), None).unwrap();
    assert_eq!(d.id, Some(5531));
    assert_eq!(d.payload.action, Some(PayloadAction::Create));
    assert_eq!(d.payload.kind, Some(PayloadType::Client));
    assert_eq!(d.occurred_at().unwrap().to_string(), "2024-05-02T09:11:40Z");
    assert_eq!(d.user.as_ref().unwrap().name.as_deref(), Some("Priya Shah"));
    let client: ClientRecord = d.payload.decode().unwrap();
    assert_eq!(client.id.0, 1207);
    assert_eq!(client.name.as_deref(), Some("Northwind Ltd"));
    assert_eq!(client.extra["action"], "create");
}

#[test]
fn unknown_payload_types_are_kept() {
    let body = br#"{"id":1,"timestamp":1714641100,"payload":{"id":9,"action":"archive","type":"custom_field"}}"#;
    let d = Delivery::parse(body).unwrap();
    assert_eq!(
        d.payload.kind,
        Some(PayloadType::Unknown("custom_field".into()))
    );
    assert_eq!(
        d.payload.action,
        Some(PayloadAction::Unknown("archive".into()))
    );
}

#[test]
fn timestamp_tolerance() {
    let at = jiff::Timestamp::from_second(1_714_641_100).unwrap();
    let five_min = Duration::from_secs(300);
    let near = at + jiff::SignedDuration::from_secs(120);
    assert!(
        verify_delivery(
            SECRET,
            BODY.as_bytes(),
            Some(BODY_SIGNATURE),
            Some((near, five_min))
        )
        .is_ok()
    );
    let late = at + jiff::SignedDuration::from_secs(3600);
    assert_eq!(
        verify_delivery(
            SECRET,
            BODY.as_bytes(),
            Some(BODY_SIGNATURE),
            Some((late, five_min))
        )
        .unwrap_err(),
        SignatureError::Stale(Duration::from_secs(3600))
    );
    // The signature is checked first: a bad one never reaches the body.
    assert_eq!(
        verify_delivery(SECRET, b"not json", Some(BODY_SIGNATURE), None).unwrap_err(),
        SignatureError::Mismatch
    );
    let sig = sign(SECRET, b"not json");
    assert!(matches!(
        verify_delivery(SECRET, b"not json", Some(sig.as_str()), None),
        Err(SignatureError::Body(_))
    ));
}

#[test]
fn key_header_is_compared_with_the_secret() {
    assert_eq!(
        verify_key_header(SECRET, Some("test-webhook-secret")),
        Ok(())
    );
    assert_eq!(
        verify_key_header(SECRET, Some("test-webhook-secreT")),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_key_header(SECRET, None),
        Err(SignatureError::Missing)
    );
}

#[test]
fn verification_takes_a_str_secret_and_a_header_map() {
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "x-resourceguru-signature",
        http::HeaderValue::from_static(BODY_SIGNATURE),
    );
    headers.insert(
        "x-resourceguru-key",
        http::HeaderValue::from_static("test-webhook-secret"),
    );
    let secret: &str = "test-webhook-secret";
    assert_eq!(verify_signature(secret, BODY.as_bytes(), &headers), Ok(()));
    assert_eq!(verify_key_header(secret, &headers), Ok(()));
    let d = verify_delivery(String::from(secret), BODY.as_bytes(), &headers, None).unwrap();
    assert!(d.id.is_some());
    assert_eq!(
        verify_signature(secret, BODY.as_bytes(), &http::HeaderMap::new()),
        Err(SignatureError::Missing)
    );
}

#[test]
fn a_signed_body_that_is_not_a_delivery_keeps_the_json_error_as_source() {
    use std::error::Error as _;
    let sig = sign("test-webhook-secret", b"not json");
    let err = verify_delivery("test-webhook-secret", b"not json", sig.as_str(), None).unwrap_err();
    let source = err.source().expect("the serde error");
    assert!(
        source.downcast_ref::<serde_json::Error>().is_some(),
        "{source:?}"
    );
    assert!(source.to_string().contains("expected ident"), "{source}");
}
