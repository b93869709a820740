//! Contract test: every fixture of `fixtures/launch27` served by a mock server, called through
//! the client, and its typed result snapshotted; with the `domain` feature, every fixture whose
//! responses hold customer bookings also snapshots the adapter's unified mapping of them
//! (`<fixture>.unified.snap`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt;
use launch27::*;
use serde_json::Value;

/// A JWT whose `exp` is in 2100, so the client never renews it by itself.
const TEST_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InBhdEBleGFtcGxlLmNvbSIsImV4cCI6NDEwMjQ0NDgwMCwiaXNzIjoiTGF1bmNoMjcifQ.ZmFrZS1zaWduYXR1cmU";

/// How the fixture expects the client to be set up, read from its first exchange: a login
/// first (credentials, no token), a Bearer header (a stored token plus credentials, so that a
/// 401 can log in again), or nothing (anonymous).
fn client_for(fixture: &contract::Fixture, base: &str) -> Client {
    let first = &fixture.exchanges[0].request;
    let builder = Client::builder()
        .base_url(base)
        .retry(core_http::RetryPolicy {
            jitter: false,
            ..core_http::RetryPolicy::default()
        })
        .without_transport_timers();
    let builder = if first.path.ends_with("/login") && fixture.operation != "auth.login" {
        builder.credentials("pat@example.com", "test-password")
    } else if first.headers.contains_key("authorization") {
        builder
            .credentials("pat@example.com", "test-password")
            .token(TEST_JWT)
    } else {
        builder
    };
    builder.build().unwrap()
}

macro_rules! call {
    ($fixture:expr, |$input:ident: $ty:ty| $call:expr) => {{
        let $input: $ty = match contract::input(&$fixture) {
            Ok(i) => i,
            Err(e) => return Some(e),
        };
        contract::outcome($call.await)
    }};
}

async fn dispatch(fixture: contract::Fixture, base: String) -> Option<Value> {
    let c = client_for(&fixture, &base);
    let f = &fixture;
    Some(match fixture.operation.as_str() {
        "auth.login" => call!(f, |i: LoginRequest| c.auth().login(&i)),
        "account.settings" => contract::outcome(c.account().settings().await),
        "account.general_settings" => contract::outcome(c.account().general_settings().await),
        "account.profile" => contract::outcome(c.account().profile().await),
        "account.list_countries" => {
            contract::outcome(c.account().list_countries().try_collect::<Vec<_>>().await)
        }
        "account.list_countries_page" => contract::outcome(c.account().list_countries_page().await),
        "booking.form" => call!(f, |i: GetBookingForm| c.booking().form(&i)),
        "booking.list_services" => call!(f, |i: ListServices| c
            .booking()
            .list_services(&i)
            .try_collect::<Vec<_>>()),
        "booking.list_services_page" => {
            call!(f, |i: ListServices| c.booking().list_services_page(&i))
        }
        "booking.list_frequencies" => call!(f, |i: ListFrequencies| c
            .booking()
            .list_frequencies(&i)
            .try_collect::<Vec<_>>()),
        "booking.list_frequencies_page" => {
            call!(f, |i: ListFrequencies| c
                .booking()
                .list_frequencies_page(&i))
        }
        "booking.next_date" => call!(f, |i: NextDate| c.booking().next_date(&i)),
        "booking.list_custom_fields" => call!(f, |i: ListCustomFields| c
            .booking()
            .list_custom_fields(&i)
            .try_collect::<Vec<_>>()),
        "booking.list_custom_fields_page" => {
            call!(f, |i: ListCustomFields| c
                .booking()
                .list_custom_fields_page(&i))
        }
        "booking.location" => call!(f, |i: FindLocation| c.booking().location(&i)),
        "booking.spots" => call!(f, |i: FindSpots| c.booking().spots(&i)),
        "booking.estimate_price" => {
            call!(f, |i: EstimatePrice| c.booking().estimate_price(&i))
        }
        "booking.teams" => call!(f, |i: BookingTeams| c.booking().teams(&i)),
        "booking.quote" => call!(f, |i: QuoteLookup| c.booking().quote(&i)),
        "booking.arrival_windows" => contract::outcome(c.booking().arrival_windows().await),
        "booking.create" => call!(f, |i: CreateGuestBooking| c.booking().create(&i)),
        "policies.booking" => contract::outcome(c.policies().booking().await),
        "policies.reschedule" => contract::outcome(c.policies().reschedule().await),
        "policies.cancellation" => contract::outcome(c.policies().cancellation().await),
        "policies.location" => contract::outcome(c.policies().location().await),
        "policies.recurring" => contract::outcome(c.policies().recurring().await),
        "policies.invite_teams" => contract::outcome(c.policies().invite_teams().await),
        "customer_bookings.list" => call!(f, |i: ListCustomerBookings| c
            .customer_bookings()
            .list(&i)
            .try_collect::<Vec<_>>()),
        "customer_bookings.list_page" => {
            call!(f, |i: ListCustomerBookings| c
                .customer_bookings()
                .list_page(&i))
        }
        "customer_bookings.count" => contract::outcome(c.customer_bookings().count().await),
        "customer_bookings.get" => call!(f, |i: BookingRef| c.customer_bookings().get(&i)),
        "customer_bookings.create" => {
            call!(f, |i: CreateCustomerBooking| c
                .customer_bookings()
                .create(&i))
        }
        "customer_bookings.update" => {
            call!(f, |i: UpdateCustomerBooking| c
                .customer_bookings()
                .update(&i))
        }
        "customer_bookings.cancel" => {
            call!(f, |i: CancelCustomerBooking| c
                .customer_bookings()
                .cancel(&i))
        }
        "gift_cards.create" => call!(f, |i: CreateGiftCard| c.gift_cards().create(&i)),
        "gift_cards.check_discount" => {
            call!(f, |i: CheckGiftCardDiscount| c
                .gift_cards()
                .check_discount(&i))
        }
        "payments.setup_intent" => {
            call!(f, |i: CreateSetupIntent| c.payments().setup_intent(&i))
        }
        "payments.authorize_charge" => {
            call!(f, |i: AuthorizeCharge| c.payments().authorize_charge(&i))
        }
        "payments.fspay_token" => contract::outcome(c.payments().fspay_token().await),
        "payments.fspay_exchange" => {
            call!(f, |i: FspayExchange| c.payments().fspay_exchange(&i))
        }
        "quotes.create" => call!(f, |i: CreateQuote| c.quotes().create(&i)),
        "quotes.form" => contract::outcome(c.quotes().form().await),
        "quotes.list_custom_fields" => contract::outcome(
            c.quotes()
                .list_custom_fields()
                .try_collect::<Vec<_>>()
                .await,
        ),
        "quotes.list_custom_fields_page" => {
            contract::outcome(c.quotes().list_custom_fields_page().await)
        }
        "staff.list_bookings" => call!(f, |i: ListStaffBookings| c
            .staff()
            .list_bookings(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_bookings_page" => {
            call!(f, |i: ListStaffBookings| c.staff().list_bookings_page(&i))
        }
        "staff.booking" => call!(f, |i: BookingRef| c.staff().booking(&i)),
        "staff.available_teams" => {
            call!(f, |i: AvailableTeams| c.staff().available_teams(&i))
        }
        "staff.list_locations" => call!(f, |i: PageParams| c
            .staff()
            .list_locations(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_locations_page" => call!(f, |i: PageParams| c.staff().list_locations_page(&i)),
        "staff.list_available_locations" => call!(f, |i: PageParams| c
            .staff()
            .list_available_locations(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_available_locations_page" => {
            call!(f, |i: PageParams| c
                .staff()
                .list_available_locations_page(&i))
        }
        "staff.list_checklists" => call!(f, |i: PageParams| c
            .staff()
            .list_checklists(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_checklists_page" => {
            call!(f, |i: PageParams| c.staff().list_checklists_page(&i))
        }
        "staff.list_pending_charges" => call!(f, |i: PageParams| c
            .staff()
            .list_pending_charges(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_pending_charges_page" => {
            call!(f, |i: PageParams| c.staff().list_pending_charges_page(&i))
        }
        "staff.pending_charges_count" => contract::outcome(c.staff().pending_charges_count().await),
        "staff.list_team_payments" => call!(f, |i: TeamPaymentsQuery| c
            .staff()
            .list_team_payments(&i)
            .try_collect::<Vec<_>>()),
        "staff.list_team_payments_page" => {
            call!(f, |i: TeamPaymentsQuery| c
                .staff()
                .list_team_payments_page(&i))
        }
        _ => return None,
    })
}

/// The operations whose responses hold customer bookings, the model the adapter maps (staff
/// bookings are another model, which the adapter does not use; a cancel answers only the id
/// and the flags).
#[cfg(feature = "domain")]
const BOOKING_OPERATIONS: &[&str] = &[
    "customer_bookings.list",
    "customer_bookings.list_page",
    "customer_bookings.get",
    "customer_bookings.update",
];

/// The tenant's zone of the unified snapshots (service dates are shown in it).
#[cfg(feature = "domain")]
const UNIFIED_ZONE: &str = "America/Chicago";

/// The adapter's mapping (`launch27::domain::booking_from_raw`) of every booking in the
/// fixture's `/customer/bookings` answers (not the login of a re-login fixture).
#[cfg(feature = "domain")]
fn unified(fixture: &contract::Fixture) -> Option<Value> {
    if !BOOKING_OPERATIONS.contains(&fixture.operation.as_str()) {
        return None;
    }
    let tz = launch27::jiff::tz::TimeZone::get(UNIFIED_ZONE).unwrap();
    contract::unified_bookings(
        fixture,
        |e| e.request.path.contains("/customer/bookings"),
        |raw| launch27::domain::booking_from_raw(raw, &tz),
    )
}

/// One test case per fixture (libtest-mimic): `cargo test -p launch27 --test contract <fixture>`.
fn main() {
    let spec = contract::VendorSpec::new("launch27", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    #[cfg(feature = "domain")]
    let spec = spec.with_unified(unified);
    contract::main(spec, dispatch)
}
