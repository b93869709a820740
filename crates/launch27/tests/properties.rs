//! Properties of Launch27's response decoding and of personal data in `Debug`: any bytes
//! (arbitrary JSON, mutated fixture bodies) decode into every response model or yield
//! `Error::Decode` with a field path, never a panic; `{:?}` shows no customer e-mail or phone.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use contract::props::{self, Decoder};

const DECODERS: &[Decoder] = &[
    ("Profile", props::decode::<launch27::Profile>),
    ("Settings", props::decode::<launch27::Settings>),
    ("LoginResponse", props::decode::<launch27::LoginResponse>),
    ("Vec<Service>", props::decode::<Vec<launch27::Service>>),
    ("Vec<Frequency>", props::decode::<Vec<launch27::Frequency>>),
    ("PriceEstimate", props::decode::<launch27::PriceEstimate>),
    ("Vec<SpotDay>", props::decode::<Vec<launch27::SpotDay>>),
    ("BookingForm", props::decode::<launch27::BookingForm>),
    ("CreatedBooking", props::decode::<launch27::CreatedBooking>),
    ("QuotePrefill", props::decode::<launch27::QuotePrefill>),
    ("Vec<Country>", props::decode::<Vec<launch27::Country>>),
    (
        "Vec<CustomerBooking>",
        props::decode::<Vec<launch27::CustomerBooking>>,
    ),
    (
        "CustomerBooking",
        props::decode::<launch27::CustomerBooking>,
    ),
    (
        "Vec<StaffBooking>",
        props::decode::<Vec<launch27::StaffBooking>>,
    ),
    (
        "CancellationPolicy",
        props::decode::<launch27::CancellationPolicy>,
    ),
    (
        "GiftCardDiscount",
        props::decode::<launch27::GiftCardDiscount>,
    ),
    ("SetupIntent", props::decode::<launch27::SetupIntent>),
];

contract::decoding_properties!("launch27", DECODERS);

#[test]
fn debug_of_customer_data_masks_email_and_phone() {
    let profile: launch27::Profile = serde_json::from_value(serde_json::json!({
        "user_id": 7, "email": "ada@example.org", "phone": "+15550100"
    }))
    .unwrap();
    let debug = format!("{profile:?} {profile:#?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("15550100"),
        "{debug}"
    );
    assert_eq!(profile.email.as_deref(), Some("ada@example.org"));
    let json = serde_json::to_value(&profile).unwrap();
    assert_eq!(json["email"], "ada@example.org");
    assert_eq!(json["phone"], "+15550100");

    let booking: launch27::CustomerBooking = serde_json::from_value(serde_json::json!({
        "id": 1, "email": "bob@example.org", "phone": "5550199"
    }))
    .unwrap();
    let debug = format!("{booking:?}");
    assert!(
        !debug.contains("bob@example.org") && !debug.contains("5550199"),
        "{debug}"
    );

    let quote = launch27::CreateQuote::new("Ada", "L", "ada@example.org", "5550100");
    let debug = format!("{quote:?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("5550100"),
        "{debug}"
    );
    assert_eq!(serde_json::to_value(&quote).unwrap()["phone"], "5550100");
}
