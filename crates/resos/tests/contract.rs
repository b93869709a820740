//! Contract test: every fixture under `fixtures/resos` is served from a mock server, sent
//! through the client, and its typed outcome snapshotted; with the `domain` feature, every
//! fixture whose responses hold bookings also snapshots the adapter's unified mapping of them
//! (`<fixture>.unified.snap`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt;
use resos::{Client, CustomQueryDelivery, RetryPolicy};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn client(base: &str, fixture: &contract::Fixture) -> Client {
    let delivery = if fixture.client_option("custom_query_delivery") == Some("header") {
        CustomQueryDelivery::Header
    } else {
        CustomQueryDelivery::QueryParameter
    };
    Client::builder()
        .api_key("contract-test-key")
        .base_url(format!("{base}/v1"))
        .retry(RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        })
        .custom_query_delivery(delivery)
        .without_transport_timers()
        .build()
        .unwrap()
}

fn input<T: DeserializeOwned>(fixture: &contract::Fixture) -> Result<T, Value> {
    contract::input(fixture)
}

/// A booking plus what the snapshot should make visible: the typed status (an `Unknown`
/// variant shows as such) and which fields landed in `extra`.
fn booking_view(b: &resos::Booking) -> Value {
    serde_json::json!({
        "booking": b,
        "status_variant": format!("{:?}", b.status),
        "source_variant": format!("{:?}", b.source),
        "extra_keys": b.extra.keys().collect::<Vec<_>>(),
        "guest_extra_keys": b.guest.as_ref().map(|g| g.extra.keys().collect::<Vec<_>>()),
    })
}

async fn dispatch(fixture: contract::Fixture, base: String) -> Option<Value> {
    let c = client(&base, &fixture);
    macro_rules! call {
        (|$req:ident: $ty:ty| $body:expr) => {{
            let $req: $ty = match input(&fixture) {
                Ok(r) => r,
                Err(e) => return Some(e),
            };
            contract::outcome($body.await)
        }};
    }
    Some(match fixture.operation.as_str() {
        "bookings.list" => {
            call!(|r: resos::ListBookings| c.bookings().list(&r).try_collect::<Vec<_>>())
        }
        "bookings.list_page" => call!(|r: resos::ListBookings| c.bookings().list_page(&r)),
        "bookings.get" => call!(|r: resos::GetBooking| async {
            c.bookings().get(&r).await.map(|b| booking_view(&b))
        }),
        "bookings.create" => call!(|r: resos::CreateBooking| c.bookings().create(&r)),
        "bookings.update" => call!(|r: resos::UpdateBooking| c.bookings().update(&r)),
        "bookings.set_status" => {
            call!(|r: resos::SetBookingStatus| c.bookings().set_status(&r))
        }
        "bookings.cancel" => call!(|r: resos::CancelBooking| c.bookings().cancel(&r)),
        "bookings.add_restaurant_note" => {
            call!(|r: resos::AddRestaurantNote| c.bookings().add_restaurant_note(&r))
        }
        "bookings.add_comment" => call!(|r: resos::AddComment| c.bookings().add_comment(&r)),
        "booking_flow.times" => call!(|r: resos::AvailableTimes| c.booking_flow().times(&r)),
        "booking_flow.dates" => call!(|r: resos::BookableDates| c.booking_flow().dates(&r)),
        "booking_flow.available_tables" => {
            call!(|r: resos::AvailableTables| c.booking_flow().available_tables(&r))
        }
        "opening_hours.list" => {
            call!(|r: resos::ListOpeningHours| c.opening_hours().list(&r).try_collect::<Vec<_>>())
        }
        "opening_hours.list_page" => {
            call!(|r: resos::ListOpeningHours| c.opening_hours().list_page(&r))
        }
        "opening_hours.get" => call!(|r: resos::GetOpeningHours| c.opening_hours().get(&r)),
        "tables.list" => {
            call!(|r: resos::ListTables| c.tables().list(&r).try_collect::<Vec<_>>())
        }
        "tables.list_page" => call!(|r: resos::ListTables| c.tables().list_page(&r)),
        "tables.list_areas" => {
            call!(|r: resos::ListAreas| c.tables().list_areas(&r).try_collect::<Vec<_>>())
        }
        "tables.list_areas_page" => {
            call!(|r: resos::ListAreas| c.tables().list_areas_page(&r))
        }
        "custom_fields.list" => {
            call!(|r: resos::ListCustomFields| c.custom_fields().list(&r).try_collect::<Vec<_>>())
        }
        "custom_fields.list_page" => {
            call!(|r: resos::ListCustomFields| c.custom_fields().list_page(&r))
        }
        "healthcheck" => contract::outcome(c.healthcheck().await),
        "customers.list" => {
            call!(|r: resos::ListCustomers| c.customers().list(&r).try_collect::<Vec<_>>())
        }
        "customers.list_page" => call!(|r: resos::ListCustomers| c.customers().list_page(&r)),
        "customers.get" => call!(|r: resos::GetCustomer| c.customers().get(&r)),
        "orders.list" => call!(|r: resos::ListOrders| c.orders().list(&r).try_collect::<Vec<_>>()),
        "orders.list_page" => call!(|r: resos::ListOrders| c.orders().list_page(&r)),
        "orders.get" => call!(|r: resos::GetOrder| c.orders().get(&r)),
        "feedback.list" => {
            call!(|r: resos::ListFeedback| c.feedback().list(&r).try_collect::<Vec<_>>())
        }
        "feedback.list_page" => call!(|r: resos::ListFeedback| c.feedback().list_page(&r)),
        "feedback.get" => call!(|r: resos::GetFeedback| c.feedback().get(&r)),
        _ => return None,
    })
}

/// The operations whose responses hold resOS bookings, as the adapter maps them.
#[cfg(feature = "domain")]
const BOOKING_OPERATIONS: &[&str] = &["bookings.list", "bookings.list_page", "bookings.get"];

/// The restaurant's zone of the unified snapshots (resOS's local times are read in it).
#[cfg(feature = "domain")]
const UNIFIED_ZONE: &str = "Europe/Copenhagen";

/// The adapter's mapping (`resos::domain::booking_from_raw`) of every booking in the
/// fixture's `/bookings` answers.
#[cfg(feature = "domain")]
fn unified(fixture: &contract::Fixture) -> Option<Value> {
    if !BOOKING_OPERATIONS.contains(&fixture.operation.as_str()) {
        return None;
    }
    let tz = resos::jiff::tz::TimeZone::get(UNIFIED_ZONE).unwrap();
    contract::unified_bookings(
        fixture,
        |e| e.request.path.contains("/bookings"),
        |raw| resos::domain::booking_from_raw(raw, &tz),
    )
}

/// One test case per fixture (libtest-mimic): `cargo test -p resos --test contract <fixture>`.
fn main() {
    let spec = contract::VendorSpec::new("resos", resos::OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    #[cfg(feature = "domain")]
    let spec = spec.with_unified(unified);
    contract::main(spec, dispatch)
}
