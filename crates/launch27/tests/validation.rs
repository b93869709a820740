//! Inputs the vendor schema refuses are refused before any request is sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core_http::Error;
use httpmock::prelude::*;
use launch27::*;

/// The field named by the `Validation` error `call` must fail with (nothing is sent then).
async fn refused_field<T: std::fmt::Debug>(
    call: impl std::future::Future<Output = core_http::Result<T>>,
) -> String {
    match call.await {
        Err(Error::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn details() -> BookingDetails {
    BookingDetails::new(
        "1 Main St",
        1,
        jiff::civil::date(2026, 4, 7).at(8, 0, 0, 0),
        120,
        vec![ServiceSelection::new(7).extra(3, 1)],
        PaymentMethod::Cash,
    )
}

/// A client on a server that counts every request it receives (and answers 500).
async fn refusing(server: &MockServer) -> (Client, httpmock::Mock<'_>) {
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let c = Client::builder()
        .base_url(server.base_url())
        .token("jwt")
        .build()
        .unwrap();
    (c, any)
}

#[tokio::test]
async fn refused_inputs_send_nothing() {
    let server = MockServer::start_async().await;
    let (c, any) = refusing(&server).await;
    let day = jiff::civil::date(2026, 4, 7);

    assert_eq!(
        refused_field(c.booking().spots(&FindSpots::new(day, 0, SpotsMode::New))).await,
        "days"
    );
    assert_eq!(
        refused_field(
            c.booking()
                .spots(&FindSpots::new(day, 43, SpotsMode::Reschedule))
        )
        .await,
        "days"
    );
    assert_eq!(
        refused_field(c.booking().location(&FindLocation::default())).await,
        "location"
    );
    assert_eq!(
        refused_field(c.booking().location(&FindLocation::zip("12345678901"))).await,
        "zip"
    );
    let guest = GuestUser {
        email: "sam@example.com".into(),
        first_name: "Sam".into(),
        last_name: "Roe".into(),
        company_name: None,
    };
    let mut bad = details();
    bad.state = Some("ILLI".into());
    assert_eq!(
        refused_field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
        )
        .await,
        "state"
    );
    let mut bad = details();
    bad.arrival_window = 1441;
    assert_eq!(
        refused_field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
        )
        .await,
        "arrival_window"
    );
    let mut bad = details();
    bad.services.clear();
    assert_eq!(
        refused_field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
        )
        .await,
        "services"
    );
    let mut bad = details();
    bad.payment_method = PaymentMethod::Stripe;
    assert_eq!(
        refused_field(c.booking().create(&CreateGuestBooking::new(guest, bad))).await,
        "stripe_token"
    );
    let cancel = CancelCustomerBooking {
        id: BookingId(1),
        terms: CancelTerms {
            confirmed_fee: Some(Money::from(10)),
            ..CancelTerms::default()
        },
    };
    assert_eq!(
        refused_field(c.customer_bookings().cancel(&cancel)).await,
        "confirmed_fee"
    );
    assert_eq!(
        refused_field(
            c.auth()
                .login(&LoginRequest::new("pat@example.com", "pw").one_time_code("12345"))
        )
        .await,
        "token"
    );
    assert_eq!(
        refused_field(c.auth().login(&LoginRequest::new("", "pw"))).await,
        "email"
    );
    let list = ListStaffBookings {
        limit: Some(101),
        ..ListStaffBookings::default()
    };
    assert_eq!(
        refused_field(c.staff().list_bookings_page(&list)).await,
        "limit"
    );
    assert_eq!(any.calls_async().await, 0);
}

/// The request fields tightened against the vendor's schemas (issue "Contract strictness"):
/// each bad value is refused with `Error::Validation` and nothing reaches the server.
#[tokio::test]
async fn tightened_fields_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let (c, any) = refusing(&server).await;
    let at = jiff::civil::date(2026, 4, 7).at(8, 0, 0, 0);

    // E-mail format (login, guest, gift cards, setup intent, quote).
    assert_eq!(
        refused_field(c.auth().login(&LoginRequest::new("pat.example.com", "pw"))).await,
        "email"
    );
    let guest = GuestUser::new("sam@", "Sam", "Roe");
    assert_eq!(
        refused_field(
            c.booking()
                .create(&CreateGuestBooking::new(guest, details()))
        )
        .await,
        "user.email"
    );
    let card = CreateGiftCard::new(
        "Ann",
        "ann@example.com",
        "Bo",
        "bo at example.com",
        "Hi",
        50,
    );
    assert_eq!(
        refused_field(c.gift_cards().create(&card)).await,
        "sender_email"
    );
    assert_eq!(
        refused_field(
            c.gift_cards()
                .check_discount(&CheckGiftCardDiscount::new("", "SPRING"))
        )
        .await,
        "email"
    );
    assert_eq!(
        refused_field(
            c.payments()
                .setup_intent(&CreateSetupIntent::new("pat@example"))
        )
        .await,
        "email"
    );
    let quote = CreateQuote::new("Pat", "Lee", "pat@example.com", "555-0100");
    let mut bad = quote.clone();
    bad.email = "pat lee@example.com".into();
    assert_eq!(refused_field(c.quotes().create(&bad)).await, "email");

    // Custom field values: exactly one of an option id and a text.
    let mut bad = quote;
    bad.custom_fields = Some(vec![CustomFieldValue {
        id: CustomFieldId(11),
        values: vec![CustomFieldChoice {
            id: None,
            value: None,
            other: None,
        }],
    }]);
    assert_eq!(
        refused_field(c.quotes().create(&bad)).await,
        "custom_fields[0].values[0]"
    );

    // Estimate: the staff and customer variants of the vendor schema do not mix.
    let mut estimate = EstimatePrice::new(at, 1, vec![ServiceSelection::new(7)]);
    estimate.final_price = Some(Money::from(100));
    estimate.email = Some("pat@example.com".into());
    assert_eq!(
        refused_field(c.booking().estimate_price(&estimate)).await,
        "final_price"
    );

    // Payment methods outside the documented set are not sent.
    let mut bad = details();
    bad.payment_method = serde_json::from_str("\"bitcoin\"").unwrap();
    assert_eq!(
        refused_field(
            c.customer_bookings()
                .create(&CreateCustomerBooking::new(bad))
        )
        .await,
        "payment_method"
    );
    let changes = BookingChanges {
        frequency_id: Some(FrequencyId(0)),
        ..BookingChanges::default()
    };
    assert_eq!(
        refused_field(
            c.customer_bookings()
                .update(&UpdateCustomerBooking::new(512, changes))
        )
        .await,
        "frequency_id"
    );

    // Ids start at 1.
    assert_eq!(
        refused_field(c.booking().next_date(&NextDate::new(0, at))).await,
        "frequency_id"
    );
    let services = ListServices {
        location_id: Some(LocationId(0)),
        ..ListServices::default()
    };
    assert_eq!(
        refused_field(c.booking().list_services_page(&services)).await,
        "location_id"
    );

    // Contradicting list filters, and zero page sizes.
    let list = ListCustomerBookings {
        options: vec![ListOption::Completed, ListOption::NotCompleted],
        ..ListCustomerBookings::default()
    };
    assert_eq!(
        refused_field(c.customer_bookings().list_page(&list)).await,
        "options"
    );
    let page = PageParams {
        limit: Some(0),
        offset: None,
    };
    assert_eq!(
        refused_field(c.staff().list_locations_page(&page)).await,
        "limit"
    );
    let payments = TeamPaymentsQuery {
        from: Some(jiff::civil::date(2026, 3, 31)),
        to: Some(jiff::civil::date(2026, 3, 1)),
        ..TeamPaymentsQuery::default()
    };
    assert_eq!(
        refused_field(c.staff().list_team_payments_page(&payments)).await,
        "to"
    );
    assert_eq!(any.calls_async().await, 0);
}

/// Constructor-required fields are required in fixture `input` too.
#[test]
fn required_fields_have_no_serde_default() {
    let spots = serde_json::json!({"date": "2026-04-07", "days": 2});
    assert!(
        serde_json::from_value::<FindSpots>(spots).is_err(),
        "mode is required"
    );
    let gift = serde_json::json!({
        "recipient_name": "Ann", "recipient_email": "ann@example.com",
        "sender_name": "Bo", "sender_email": "bo@example.com", "message": "Hi"
    });
    assert!(
        serde_json::from_value::<CreateGiftCard>(gift).is_err(),
        "amount is required"
    );
}
