//! Properties of Rightech's response decoding and of personal data in `Debug`: any bytes
//! (arbitrary JSON, mutated fixture bodies) decode into every response model or yield
//! `Error::Decode` with a field path, never a panic; `{:?}` shows no user e-mail or phone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use contract::props::{self, Decoder};

const DECODERS: &[Decoder] = &[
    ("Object", props::decode::<rightech::Object>),
    ("Vec<Object>", props::decode::<Vec<rightech::Object>>),
    ("Model", props::decode::<rightech::Model>),
    ("Vec<Event>", props::decode::<Vec<rightech::Event>>),
    ("Group", props::decode::<rightech::Group>),
    ("Geofence", props::decode::<rightech::Geofence>),
    ("Role", props::decode::<rightech::Role>),
    ("Scene", props::decode::<rightech::Scene>),
    ("Task", props::decode::<rightech::Task>),
    ("Vec<Task>", props::decode::<Vec<rightech::Task>>),
    ("User", props::decode::<rightech::User>),
    ("Vec<User>", props::decode::<Vec<rightech::User>>),
    ("Report", props::decode::<rightech::Report>),
    ("Table", props::decode::<rightech::Table>),
    ("Vec<Row>", props::decode::<Vec<rightech::Row>>),
    ("Vec<Packet>", props::decode::<Vec<rightech::Packet>>),
    ("TokenResponse", props::decode::<rightech::TokenResponse>),
];

contract::decoding_properties!("rightech", DECODERS);

#[test]
fn debug_of_users_masks_email_and_phone() {
    let user: rightech::User = serde_json::from_value(serde_json::json!({
        "_id": "5f0c4fb6a1d5a2001b6a1111", "email": "ada@example.org", "phone": "+79990000000"
    }))
    .unwrap();
    let debug = format!("{user:?} {user:#?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("79990000000"),
        "{debug}"
    );
    assert_eq!(user.email.as_deref(), Some("ada@example.org"));
    let json = serde_json::to_value(&user).unwrap();
    assert_eq!(json["email"], "ada@example.org");
    assert_eq!(json["phone"], "+79990000000");
}
