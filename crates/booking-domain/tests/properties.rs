//! Personal data in the unified model: `{:?}` of a `Customer` or a `Booking` (its `raw` vendor
//! JSON included) shows no e-mail address or phone number, while serde stays transparent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use booking_domain::{Booking, Customer};
use proptest::prelude::*;

fn booking(customer: Customer, raw: serde_json::Value) -> Booking {
    serde_json::from_value(serde_json::json!({
        "id": "b1", "vendor": "resos", "status": "confirmed",
        "starts_at": "2025-06-01T19:00:00+02:00[Europe/Copenhagen]",
        "customer": customer, "resources": [], "raw": raw
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn debug_never_shows_contact_data(
        local in "[a-z0-9._]{3,12}",
        domain in "[a-z]{3,10}\\.(org|com|dk)",
        phone in "\\+[1-9][0-9]{7,13}",
        raw_key in prop::sample::select(vec!["email", "guestEmail", "phone", "mobilePhone", "customer_email"]),
    ) {
        let email = format!("{local}@{domain}");
        let customer = Customer::named("Ada").email(email.as_str()).phone(phone.as_str());
        let debug = format!("{customer:?} {customer:#?}");
        prop_assert!(!debug.contains(&email) && !debug.contains(&phone), "{}", debug);

        let raw = serde_json::json!({
            "guest": {raw_key: email, "contact": {"phone": phone}},
            "emails": [email],
        });
        let b = booking(customer.clone(), raw.clone());
        let debug = format!("{b:?} {b:#?}");
        prop_assert!(!debug.contains(&email) && !debug.contains(&phone), "{}", debug);

        // serde is transparent: the JSON keeps the values, and round-trips.
        let json = serde_json::to_value(&b).unwrap();
        prop_assert_eq!(&json["customer"]["email"], &serde_json::json!(email));
        prop_assert_eq!(&json["raw"], &raw);
        let back: Booking = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back, b);
    }
}

#[test]
fn debug_keeps_what_is_not_personal() {
    let b = booking(
        Customer::named("Ada").email("ada@example.org"),
        serde_json::json!({"status": "approved", "notificationEmail": true}),
    );
    let debug = format!("{b:?}");
    assert!(
        debug.contains("approved") && debug.contains("notificationEmail"),
        "{debug}"
    );
    assert!(debug.contains(model_kit::pii::MASK), "{debug}");
}
