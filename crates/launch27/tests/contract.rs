//! Contract test: every fixture of `fixtures/launch27` served by a mock server, called through
//! the client, and its typed result snapshotted.
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
        "account.countries" => contract::outcome(c.account().countries().await),
        "booking.form" => call!(f, |i: GetBookingForm| c.booking().form(&i)),
        "booking.services" => call!(f, |i: ListServices| c.booking().services(&i)),
        "booking.frequencies" => call!(f, |i: ListFrequencies| c.booking().frequencies(&i)),
        "booking.next_date" => call!(f, |i: NextDate| c.booking().next_date(&i)),
        "booking.custom_fields" => {
            call!(f, |i: ListCustomFields| c.booking().custom_fields(&i))
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
        "customer_bookings.list" => {
            call!(f, |i: ListCustomerBookings| c.customer_bookings().list(&i))
        }
        "customer_bookings.list_all" => call!(f, |i: ListCustomerBookings| c
            .customer_bookings()
            .list_all(&i)
            .try_collect::<Vec<_>>()),
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
        "quotes.custom_fields" => contract::outcome(c.quotes().custom_fields().await),
        "staff.bookings" => call!(f, |i: ListStaffBookings| c.staff().bookings(&i)),
        "staff.bookings_all" => call!(f, |i: ListStaffBookings| c
            .staff()
            .bookings_all(&i)
            .try_collect::<Vec<_>>()),
        "staff.booking" => call!(f, |i: BookingRef| c.staff().booking(&i)),
        "staff.available_teams" => {
            call!(f, |i: AvailableTeams| c.staff().available_teams(&i))
        }
        "staff.locations" => call!(f, |i: Page| c.staff().locations(&i)),
        "staff.available_locations" => call!(f, |i: Page| c.staff().available_locations(&i)),
        "staff.checklists" => call!(f, |i: Page| c.staff().checklists(&i)),
        "staff.pending_charges" => call!(f, |i: Page| c.staff().pending_charges(&i)),
        "staff.pending_charges_count" => contract::outcome(c.staff().pending_charges_count().await),
        "staff.team_payments" => {
            call!(f, |i: TeamPaymentsQuery| c.staff().team_payments(&i))
        }
        _ => return None,
    })
}

/// One test case per fixture (libtest-mimic): `cargo test -p launch27 --test contract <fixture>`.
fn main() {
    let spec = contract::VendorSpec::new("launch27", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    contract::main(spec, dispatch)
}
