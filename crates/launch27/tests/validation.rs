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

fn field(err: Error) -> String {
    match err {
        Error::Validation { field, .. } => field,
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

#[tokio::test]
async fn refused_inputs_send_nothing() {
    let server = MockServer::start_async().await;
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
    let day = jiff::civil::date(2026, 4, 7);

    assert_eq!(
        field(
            c.booking()
                .spots(&FindSpots::new(day, 0))
                .await
                .unwrap_err()
        ),
        "days"
    );
    assert_eq!(
        field(
            c.booking()
                .spots(&FindSpots::new(day, 43))
                .await
                .unwrap_err()
        ),
        "days"
    );
    assert_eq!(
        field(
            c.booking()
                .location(&FindLocation::default())
                .await
                .unwrap_err()
        ),
        "location"
    );
    assert_eq!(
        field(
            c.booking()
                .location(&FindLocation::zip("12345678901"))
                .await
                .unwrap_err()
        ),
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
        field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
                .await
                .unwrap_err()
        ),
        "state"
    );
    let mut bad = details();
    bad.arrival_window = 1441;
    assert_eq!(
        field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
                .await
                .unwrap_err()
        ),
        "arrival_window"
    );
    let mut bad = details();
    bad.services.clear();
    assert_eq!(
        field(
            c.booking()
                .create(&CreateGuestBooking::new(guest.clone(), bad))
                .await
                .unwrap_err()
        ),
        "services"
    );
    let mut bad = details();
    bad.payment_method = PaymentMethod::Stripe;
    assert_eq!(
        field(
            c.booking()
                .create(&CreateGuestBooking::new(guest, bad))
                .await
                .unwrap_err()
        ),
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
        field(c.customer_bookings().cancel(&cancel).await.unwrap_err()),
        "confirmed_fee"
    );
    assert_eq!(
        field(
            c.auth()
                .login(&LoginRequest::new("pat@example.com", "pw").one_time_code("12345"))
                .await
                .unwrap_err()
        ),
        "token"
    );
    assert_eq!(
        field(
            c.auth()
                .login(&LoginRequest::new("", "pw"))
                .await
                .unwrap_err()
        ),
        "email"
    );
    let list = ListStaffBookings {
        limit: Some(101),
        ..ListStaffBookings::default()
    };
    assert_eq!(
        field(c.staff().list_bookings_page(&list).await.unwrap_err()),
        "limit"
    );
    assert_eq!(any.calls_async().await, 0);
}
