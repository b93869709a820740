//! Properties of Resource Guru's response decoding and of personal data in `Debug`: any bytes
//! (arbitrary JSON, mutated fixture bodies) decode into every response model or yield
//! `Error::Decode` with a field path, never a panic; `{:?}` shows no e-mail or phone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use contract::props::{self, Decoder};

const DECODERS: &[Decoder] = &[
    ("Booking", props::decode::<resource_guru::Booking>),
    ("Vec<Booking>", props::decode::<Vec<resource_guru::Booking>>),
    ("Resource", props::decode::<resource_guru::Resource>),
    (
        "Vec<Resource>",
        props::decode::<Vec<resource_guru::Resource>>,
    ),
    ("Project", props::decode::<resource_guru::Project>),
    ("ClientRecord", props::decode::<resource_guru::ClientRecord>),
    ("User", props::decode::<resource_guru::User>),
    ("Vec<User>", props::decode::<Vec<resource_guru::User>>),
    ("Account", props::decode::<resource_guru::Account>),
    ("Downtime", props::decode::<resource_guru::Downtime>),
    (
        "Vec<Activity>",
        props::decode::<Vec<resource_guru::Activity>>,
    ),
    ("Calendar", props::decode::<resource_guru::Calendar>),
    ("CustomField", props::decode::<resource_guru::CustomField>),
    ("Webhook", props::decode::<resource_guru::Webhook>),
    (
        "ResourcesReport",
        props::decode::<resource_guru::ResourcesReport>,
    ),
    (
        "Vec<Delivery>",
        props::decode::<Vec<resource_guru::Delivery>>,
    ),
    ("ResourceType", props::decode::<resource_guru::ResourceType>),
];

contract::decoding_properties!("resource-guru", DECODERS);

#[test]
fn debug_of_people_masks_email_and_phone() {
    let resource: resource_guru::Resource = serde_json::from_value(serde_json::json!({
        "id": 1, "name": "Ada", "email": "ada@example.org", "phone": "+447700900123"
    }))
    .unwrap();
    let debug = format!("{resource:?} {resource:#?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("7700900123"),
        "{debug}"
    );
    assert_eq!(resource.email.as_deref(), Some("ada@example.org"));
    let json = serde_json::to_value(&resource).unwrap();
    assert_eq!(json["email"], "ada@example.org");
    assert_eq!(json["phone"], "+447700900123");

    let user: resource_guru::User = serde_json::from_value(serde_json::json!({
        "id": 2, "email": "bob@example.org"
    }))
    .unwrap();
    assert!(!format!("{user:?}").contains("bob@example.org"));
}
