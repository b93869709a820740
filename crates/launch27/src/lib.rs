//! # launch27
//!
//! A typed client for the [Launch27](https://www.launch27.com) booking API (`/v1`, "API 2.0 /
//! 2.1"), built on `core-http`. It covers every `/v1` endpoint known from the vendor's wiki and
//! public captures (47, one of them unverified), grouped by resource. The vendor notes (limits,
//! quirks, what is unverified, sources) are in `docs/vendors/launch27.md` in the repository.
//!
//! | handle | endpoints |
//! |---|---|
//! | [`Client::auth`] → [`Auth`] | `POST /login` |
//! | [`Client::account`] → [`Account`] | settings, general settings, profile, countries |
//! | [`Client::booking`] → [`Booking`] | booking form, services (extras, pricing parameters), frequencies and next date, custom fields, location check, spots (availability), price estimate, teams, quote lookup, arrival windows (unverified), guest booking |
//! | [`Client::policies`] → [`Policies`] | booking, reschedule, cancellation, location, recurring, invite-teams policies |
//! | [`Client::customer_bookings`] → [`CustomerBookings`] | list (filters, paging), count, get, create, update, cancel |
//! | [`Client::gift_cards`] → [`GiftCards`] | buy, check a discount (plan feature) |
//! | [`Client::payments`] → [`Payments`] | Stripe setup intent and charge authorization, FullSteam tokens |
//! | [`Client::quotes`] → [`Quotes`] | quote request, quote form, quote custom fields |
//! | [`Client::staff`] → [`Staff`] | staff bookings, booking, available teams, locations, checklists, pending charges, team payments |
//!
//! A handle owns a cheap clone of the client, so it can be kept, cloned and moved into tasks.
//!
//! **Paging:** every list operation comes in two forms: `list(&req)` is a lazy stream over
//! all pages (use `futures::TryStreamExt`, e.g. `.try_collect::<Vec<_>>()`), `list_page(&req)` fetches
//! one page.
//!
//! In this crate the pairs are [`CustomerBookings::list`] / [`CustomerBookings::list_page`],
//! [`Staff::list_bookings`] / [`Staff::list_bookings_page`], and likewise `list_locations`,
//! `list_available_locations`, `list_checklists`, `list_pending_charges` and
//! `list_team_payments` on [`Staff`] (Launch27 pages by `limit`/`offset` and gives no totals;
//! the `/count` endpoints count). The countries, services, frequencies and custom fields are
//! not paged by the vendor: one request answers everything, and their pairs
//! (`list_countries` / `list_countries_page`, ...) follow the same habit.
//!
//! ## Things to know
//!
//! - **Hosts**: `https://<tenant>.launch27.com` ([`Environment::Production`]) or
//!   `https://<tenant>.l27.co` ([`Environment::Testing`]), under `/v1` (default) or `/latest`
//!   ([`BasePath`]).
//! - **Auth**: [`ClientBuilder::credentials`] logs in with `POST /login`, keeps the JWT from
//!   `bearer` until shortly before its `exp` claim, logs in again after a 401 and replays the
//!   call, and lets one task log in while the others wait (single-flight). Without credentials
//!   the client is anonymous: the booking helpers that work without a login still work. The
//!   legacy `Authorization: <email>:<token>` header is not offered: the vendor retired it on
//!   1 March 2023.
//! - **Pacing**: separate read and write token buckets (burst 30 and 10, one token per 500 ms),
//!   resized from the `x-rate-limit-*` headers in both the documented dialect
//!   (`x-rate-limit-read-limit`, `-read-ttl`, `-write-limit`, `-write-ttl`) and the one observed
//!   in 2026 (`x-rate-limit-limit` twice: reads then writes). A 429 pauses the client.
//!   Reads sent as POST (spots, location, estimate, next date...) use the read bucket.
//!   [`ClientBuilder::pacing`] replaces this pacing (e.g. `Pacing::none()`); the builder's
//!   transport settings (timeouts, user agent suffix, retry, body size, own `reqwest::Client`)
//!   have the same names in every bookbridge client.
//! - **Dates**: `service_date` and other incoming datetimes are sent as `YYYY-MM-DDTHH:MM:SS`
//!   in the tenant's time zone ([`ServiceDate`]); datetimes in answers are UTC timestamps.
//! - **Money** is [`Money`], an exact decimal; ids are newtypes ([`BookingId`], ...).
//! - **Errors** are [`Error`] (core-http's, re-exported with [`Result`]): 400/406 texts
//!   become the message; 403 for a plan feature (gift cards) is
//!   [`ApiErrorKind::FeatureUnavailable`]; 422 bodies fill `field_errors` (field, type as
//!   `code`, message, and the rest in `details`). Failures particular to an operation are in
//!   its `# Errors` section.
//! - JSON labelled `text/plain` (seen on `/settings/general`) is decoded all the same, and the
//!   create answer's misspelt `affilation` key is read into [`GaTransaction::affiliation`].
//! - The legacy `/api/...` endpoints (API v2.0 with `X-API-Key`) are out of scope.
//! - Feature `domain`: `domain::Launch27Provider`, a customer's bookings behind
//!   booking-domain's vendor-neutral `BookingProvider` trait (list, get, cancel, services as
//!   resources; its module docs hold the capabilities and every mapping).
//!
//! ## Assumptions
//!
//! The vendor's documentation is partial; where this client had to assume, it says so here
//! (see also `docs/vendors/launch27.md` §19, what is unverified):
//!
//! - The observed `x-rate-limit-limit` header carries the read limit first and the write
//!   limit second; `x-rate-limit-duration` is recorded but does not change the refill interval
//!   (the documented 500 ms is kept, the safer of the two readings).
//! - A 403 is a missing plan feature when it comes from `/giftcard...` or its text mentions a
//!   plan, a feature or "not available"; other 403s (locked login, one-time code required, wrong
//!   user type) stay `Forbidden`.
//! - Spots accept 1–42 days (documented 1–7; the vendor's own web app asks for 35).
//! - The customer booking list has no documented page maximum; 100 (the staff list's) is used.
//! - Booking updates send only the members set (the vendor's update schema is not fully known).
//! - `POST /fspay/token` and an empty cancel send `{}`, never an empty body (which Launch27
//!   answers with 400).
//! - Answers whose shape is undocumented (`/policy/recurring`, `POST /quote`, a cancel,
//!   `/booking/arrival_windows`, staff checklists and pending charges) are returned as JSON.
//! - `GET /booking/arrival_windows` is unverified: one third-party client calls it.
//!
//! ## Example
//!
//! ```
//! use futures::TryStreamExt;
//! use launch27::{Client, ListCustomerBookings, Result};
//! use httpmock::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<()> {
//! // A stand-in for https://acme.launch27.com.
//! let server = MockServer::start_async().await;
//! server.mock(|when, then| {
//!     when.method(POST).path("/v1/login");
//!     then.status(200).json_body(serde_json::json!({
//!         "id": 42, "email": "pat@example.com", "type": "Tenant::Customer",
//!         "bearer": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln"
//!     }));
//! });
//! server.mock(|when, then| {
//!     when.method(GET).path("/v1/customer/bookings")
//!         .query_param("limit", "10")
//!         .header("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln");
//!     then.status(200).json_body(serde_json::json!([
//!         {"id": 512, "service_date": "2026-04-07T12:00:00Z", "active": true,
//!          "summary": {"total": 169.00}}
//!     ]));
//! });
//!
//! let client = Client::builder()
//!     .base_url(server.base_url()) // normally .tenant("acme")
//!     .credentials("pat@example.com", "correct horse")
//!     .build()?;
//! let request = ListCustomerBookings { limit: Some(10), ..Default::default() };
//!
//! // One page:
//! let page = client.customer_bookings().list_page(&request).await?;
//! assert_eq!(page[0].id.get(), 512);
//! // Every page, lazily (a short page ends the stream):
//! let all: Vec<launch27::CustomerBooking> =
//!     client.customer_bookings().list(&request).try_collect().await?;
//! assert_eq!(all.len(), 1);
//! assert_eq!(all[0].summary.as_ref().and_then(|s| s.total).map(|m| m.to_string()),
//!            Some("169".to_owned()));
//! // The service date is a `jiff` timestamp; `launch27::jiff` is re-exported.
//! let start: Option<launch27::jiff::Timestamp> = all[0].service_date;
//! assert!(start.is_some());
//! # Ok(()) }
//! ```

mod account;
mod auth;
mod booking;
mod client;
mod common;
mod customer_bookings;
#[cfg(feature = "domain")]
pub mod domain;
mod error;
mod gift_cards;
mod payments;
mod policies;
mod quotes;
mod rate_limit;
mod staff;

/// The error type of every call (core-http's, shared by all bookbridge clients).
pub use core_http::Error;
/// `Result<T, Error>`.
pub use core_http::Result;
/// Client-side pacing, for [`ClientBuilder::pacing`].
pub use core_http::pacing::Pacing;
/// Pacing state in Redis, shared by every process on the same key (feature `redis`): give it
/// to [`ClientBuilder::shared_pacing`].
#[cfg(feature = "redis")]
pub use core_http::pacing::{RedisPacing, Unreachable};
/// Parts of an [`Error`] a caller matches on, and the retry policy of
/// [`ClientBuilder::retry`].
pub use core_http::{ApiError, ApiErrorKind, FieldError, RetryPolicy};
/// The date and time library of the models (`jiff::Timestamp`, `jiff::civil::Date`, ...).
pub use jiff;

pub use account::{
    Account, AccountStatus, Country, Currency, Features, GeneralSettings, Profile, Settings,
};
pub use auth::{
    Auth, EMAIL_MAX, LOGIN_PATH, LoginRequest, LoginResponse, OTP_DIGITS, SecretText, UserType,
};
pub use booking::{
    ARRIVAL_WINDOW_MAX, Availability, Booking, BookingDetails, BookingForm, BookingTeams,
    ControlType, CreateGuestBooking, CreatedBooking, CustomField, CustomFieldOption, EstimatePrice,
    FindLocation, FindSpots, FormHeading, FormType, Frequency, GaItem, GaTransaction,
    GetBookingForm, GuestUser, HourlyLimits, ListCustomFields, ListFrequencies, ListServices,
    LocationMatch, NextDate, NextDateAnswer, PaymentMethod, PriceEstimate, PricingParameter,
    QuoteLookup, QuotePrefill, SPOTS_DAYS_MAX, SPOTS_DAYS_MIN, Service, ServiceCatalog,
    ServiceExtra, Spot, SpotDay, SpotsMode, TeamsForDay,
};
pub use client::{
    BasePath, Client, ClientBuilder, DEFAULT_REFRESH_MARGIN, Environment, PRODUCTION_DOMAIN,
    TESTING_DOMAIN, VENDOR, jwt_expiry,
};
pub use common::{
    Address, BookingId, Count, CustomFieldChoice, CustomFieldId, CustomFieldValue, DateBody, Extra,
    ExtraId, ExtraSelection, FrequencyId, HourlySelection, LocationId, Money, NamedRef,
    PricingParameterId, PricingParameterSelection, SERVICE_DATE_FORMAT, ServiceDate, ServiceId,
    ServiceSelection, TeamId, UserId,
};
pub use customer_bookings::{
    BookedService, BookingActions, BookingChanges, BookingFrequency, BookingLocation, BookingRef,
    BookingSummary, CONFIRMED_FEE_MAX, CancelCustomerBooking, CancelTerms, ConfirmedRecurring,
    CreateCustomerBooking, CustomerBooking, CustomerBookings, ListCustomerBookings, ListOption,
    NextRecurring, PAGE_MAX as CUSTOMER_PAGE_MAX, PaymentMethodInfo, SortOrder,
    UpdateCustomerBooking,
};
pub use error::{PLAN_FEATURE_MARKERS, PLAN_FEATURE_PATHS, SENSITIVE_FIELDS};
pub use gift_cards::{
    CheckGiftCardDiscount, CreateGiftCard, GiftCardDiscount, GiftCardPurchase, GiftCards,
};
pub use payments::{
    AuthorizeCharge, ChargeAuthorization, CreateSetupIntent, FspayExchange, FspayPaymentMethod,
    FspayToken, Payments, SetupIntent,
};
pub use policies::{
    CancellationPolicy, InviteTeamsPolicy, LeadTimePolicy, LeadTimeUnit, LocationPolicy, Policies,
};
pub use quotes::{CreateQuote, QuoteForm, Quotes};
pub use rate_limit::{
    DEFAULT_429_PAUSE, HEADER_DURATION, HEADER_LIMIT, HEADER_READ_LIMIT, HEADER_READ_TTL,
    HEADER_WRITE_LIMIT, HEADER_WRITE_TTL, MAX_ANNOUNCED_INTERVAL, READ_BURST, REFILL_INTERVAL,
    RateLimits, WRITE_BURST,
};
pub use staff::{
    AvailableTeams, BookingStatus, ListStaffBookings, PAGE_MAX as STAFF_PAGE_MAX, PageParams,
    Staff, StaffBooking, StaffLocation, TeamAvailability, TeamPaymentSummary, TeamPaymentsQuery,
};

/// Every public operation, as named in fixtures (`fixtures/launch27/<operation>[--case].json`).
pub const OPERATIONS: &[&str] = &[
    "auth.login",
    "account.settings",
    "account.general_settings",
    "account.profile",
    "account.list_countries",
    "account.list_countries_page",
    "booking.form",
    "booking.list_services",
    "booking.list_services_page",
    "booking.list_frequencies",
    "booking.list_frequencies_page",
    "booking.next_date",
    "booking.list_custom_fields",
    "booking.list_custom_fields_page",
    "booking.location",
    "booking.spots",
    "booking.estimate_price",
    "booking.teams",
    "booking.quote",
    "booking.arrival_windows",
    "booking.create",
    "policies.booking",
    "policies.reschedule",
    "policies.cancellation",
    "policies.location",
    "policies.recurring",
    "policies.invite_teams",
    "customer_bookings.list",
    "customer_bookings.list_page",
    "customer_bookings.count",
    "customer_bookings.get",
    "customer_bookings.create",
    "customer_bookings.update",
    "customer_bookings.cancel",
    "gift_cards.create",
    "gift_cards.check_discount",
    "payments.setup_intent",
    "payments.authorize_charge",
    "payments.fspay_token",
    "payments.fspay_exchange",
    "quotes.create",
    "quotes.form",
    "quotes.list_custom_fields",
    "quotes.list_custom_fields_page",
    "staff.list_bookings",
    "staff.list_bookings_page",
    "staff.booking",
    "staff.available_teams",
    "staff.list_locations",
    "staff.list_locations_page",
    "staff.list_available_locations",
    "staff.list_available_locations_page",
    "staff.list_checklists",
    "staff.list_checklists_page",
    "staff.list_pending_charges",
    "staff.list_pending_charges_page",
    "staff.pending_charges_count",
    "staff.list_team_payments",
    "staff.list_team_payments_page",
];
