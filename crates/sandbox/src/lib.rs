//! # sandbox
//!
//! Local, stateful fakes of the booking vendors' APIs, so bookbridge can be tried with no
//! vendor account and its clients can be tested and measured at each vendor's real limits.
//! A fake listens on loopback only (`127.0.0.1`, a free port by default), keeps its state in
//! memory (create → list → cancel behaves like the vendor), is seeded from the contract
//! fixtures' bodies, answers with the vendor's paths, auth, paging, error bodies and
//! rate-limit policy, and counts the requests per route so that tests can assert
//! exactly-once. It stops when the [`Sandbox`] is dropped.
//!
//! **Vendors built:** resOS ([`Vendor::Resos`]), Launch27 ([`Vendor::Launch27`]), Resource
//! Guru ([`Vendor::ResourceGuru`]) and Rightech ([`Vendor::Rightech`]).
//!
//! ## resOS
//!
//! - Base URL `http://127.0.0.1:<port>/v1`; credentials: an API key
//!   ([`Credentials::ApiKey`]), sent as the HTTP Basic user name with an empty password. Any
//!   other `Authorization` gets `401` with the text body `Unauthorized`.
//! - Routes: `GET /v1/bookings` (`skip`/`limit`, at most 100 per page, no totals; the
//!   `fromDateTime`/`toDateTime` range filters only when both ends are sent, compared with
//!   the booking's local `date` and `time`; `onlyConfirmed=true` keeps the statuses
//!   `approved`, `arrived`, `seated` and `left` (assumed: the vendor does not say)),
//!   `GET /v1/bookings/{id}`, `POST /v1/bookings`
//!   (answers the new id as a bare JSON string), `PUT /v1/bookings/{id}` (update, status
//!   change and cancel with `{"status": "canceled"}`, which sets `canceledAt`; answers
//!   `true`), `DELETE /v1/bookings/{id}` (400, as resOS), `POST /v1/bookings/{id}/restaurantNote`
//!   and `/comment` (`{text}`, stored in the booking's `restaurantNotes` / `comments`, the
//!   new id answered as a bare string), `GET /v1/tables`, `GET /v1/customFields` and
//!   `GET /v1/openingHours` (not paged; `showDeleted`, `onlySpecial`, `type`),
//!   `GET /v1/openingHours/{id}`, `GET /v1/customers`, `/v1/orders`, `/v1/feedback` (paged
//!   as bookings) and their `/{id}`, and `GET /v1/healthcheck` (`{status, restaurantId}`).
//!   Every list takes `sort` (`field:1`, `field:-1`, dot paths, several keys) and `customQuery`
//!   (as a parameter or as a header: `<`, `>`, `:` equals, `;` contains, quoted values with
//!   `\` escapes; a quoted value of digits equals a phone field with those digits).
//! - The booking flow is computed from the stored opening hours, tables and bookings:
//!   `GET /v1/bookingFlow/times` (one object per period of the day: the day's special
//!   entries, a closure giving none, else the regular ones of its ISO weekday; a time every
//!   `seating.interval` minutes while `seating.duration` fits before `close`, available
//!   when a table of the party's size (and `areaId`) holds no overlapping booking),
//!   `GET /v1/bookingFlow/dates` (the days of `fromDate..=toDate` with a period, at most 366
//!   days) and `GET /v1/bookingFlow/availableTables` (the tables that seat the party,
//!   `booked` when a booking overlaps the range, listed only with `returnAllTables=true`).
//! - Errors are text bodies: `404 Booking not found`, `422` for a malformed parameter or
//!   body (unknown keys in a create body included), `429 Too many requests`.
//! - Rate limit: 100 requests per fixed window (60 s, or [`SandboxOptions::window_scale`] /
//!   [`SandboxOptions::rate_limit_window`]), counted from the server's start and reset on
//!   the boundaries; every answer carries `Retry-After` in **milliseconds** until the reset.
//!   Refused and unauthorized requests do not use the budget.
//! - Seeds: the records of the fixtures of each collection (bookings, tables, customers,
//!   orders, feedback, custom fields, opening hours) and the health check's restaurant id.
//! - Not faked yet: `expand` (ignored), waiting lists and online-booking payment rules in the
//!   booking flow, table assignment on create.
//!
//! ## Launch27
//!
//! - Base URL `http://127.0.0.1:<port>/v1`; the `launch27` client takes the
//!   [`Sandbox::origin`] (it appends `/v1` itself). Credentials: an e-mail and a password
//!   ([`Credentials::Login`]; the user of the `auth.login` fixture, `pat@example.com`, a
//!   `Tenant::Customer`).
//! - `POST /v1/login` answers the user and a fresh JWT in `bearer`: HS256-shaped
//!   (`header.payload.signature`, base64url), with `email`, `exp` (Unix seconds), `iss` and
//!   `jti` claims; the signature is not an HMAC, the server knows the tokens it issued. A
//!   wrong e-mail or password gets `401` with the text `Unauthorized`; an empty or too long
//!   member `422` with the vendor's field errors (`{"email": [{"type": "string_gte",
//!   "message": ...}]}`). The public helpers (below) take an optional login; every other
//!   route needs `Authorization: Bearer <jwt>`. A missing (where one is needed), unknown,
//!   expired or revoked token gets `401 Unauthorized`. Tokens live one hour
//!   ([`SandboxOptions::token_lifetime`]) on tokio's clock, and [`Sandbox::revoke_tokens`]
//!   ends them all at once (the client then logs in again and replays the call).
//! - Routes: `GET /v1/customer/bookings` (`limit` default and maximum 100 (assumed: the
//!   vendor documents none for this list), more is a 422; `offset`; `sort` `asc`/`desc`,
//!   default `desc` by service date; `from`/`to` on the service date's UTC day, then only
//!   active bookings; `options` `completed`/`not_completed`/`with_feedback`/`without_feedback`;
//!   `query` over the address, city and phone; no totals), `GET /v1/customer/bookings/count`,
//!   `GET /v1/customer/bookings/{id}` and `POST /v1/customer/bookings/{id}/cancel` (the
//!   booking becomes inactive, answer `{"id", "active": false}`; `406 Booking can not be
//!   cancelled` when it is inactive, completed or its `actions.cancel` is false; `422` when
//!   `actions.late_cancel` is set without `confirmed_late`, or `actions.recurring_cancel`
//!   without `confirmed_recurring`). An unknown id or path is `404 Not Found` (text).
//! - A POST without `Content-Type: application/json` gets `415`, an empty or non-object JSON
//!   body `400 Bad Request` (docs/vendors/launch27.md §3).
//! - Rate limits: a read bucket (GET: 30 tokens) and a write bucket (everything else, the
//!   login included: 10 tokens), each refilled with one token per 500 ms (scaled by
//!   [`SandboxOptions::window_scale`] / set by [`SandboxOptions::rate_limit_window`]).
//!   Every answer carries the documented headers `x-rate-limit-read-limit`,
//!   `x-rate-limit-read-ttl` (`500ms`, or `5ms`, `2500us` when scaled), `x-rate-limit-write-limit`
//!   and `x-rate-limit-write-ttl`; an empty bucket answers `429 Too Many Requests` with
//!   `Retry-After` in seconds until the next token (`0.5`: a fraction, rounded up to a
//!   millisecond). Unauthorized and refused requests take no token.
//! - Seeds: the user from `auth.login`, the bookings of the `customer_bookings.list*` and
//!   `customer_bookings.get` fixtures (512, 513, 514); [`SandboxOptions::generated_bookings`]
//!   adds bookings 100001, 100002, ... (service dates every 15 minutes from 2030-01-01).
//! - Staff: `GET /v1/staff/bookings` (as the customer list; `options` `completed` and
//!   `exclude_forecasted`, no `query` or `filter` yet (422)) and `GET /v1/staff/bookings/{id}`,
//!   seeded from the `staff.list_bookings*` and `staff.booking` fixtures (900, 901), for the
//!   login of [`Sandbox::staff_credentials`]. The customer routes answer a staff login, and
//!   the staff routes a customer login, with `403 Forbidden` (the request takes a token).
//! - Reference data, read-only and served as the fixtures' answers show it (the richest
//!   answer seen; the anonymous one to an anonymous caller): `GET /v1/settings`,
//!   `/v1/countries`, `/v1/booking/form`, `/v1/booking/custom_fields`,
//!   `/v1/booking/frequencies`, `/v1/booking/arrival_windows`, `/v1/booking/services`
//!   (`mode=tags` wraps `{tags_info, services}`; `booking_uuid` needs a login and a booking
//!   of the caller), `/v1/policy/booking`, `/v1/policy/location`, `/v1/quote/form` and
//!   `/v1/quote/custom_fields` without a login; `/v1/settings/general`, `/v1/profile` (the
//!   caller's) and the other policies with one; the staff lists `/v1/staff/locations`,
//!   `/locations/available`, `/checklists`, `/reports/pending_charges` (and `/count`) and
//!   `/teams/payments/summary` for staff, paged by `limit`/`offset` (no `limit`: all).
//!   A feature on in either settings answer is on in both (the plan is one).
//! - Writes and helpers, computed from the stored bookings and the reference data:
//!   `POST /v1/booking` (a guest's booking, no login) and `POST /v1/customer/bookings` check
//!   the documented members (`user`, `address` 1–255, `city` 1–100, `state` 1–3, `zip` 1–10,
//!   `phone` 1–20, `arrival_window` 0–1440, a known `frequency_id`, services, extras and
//!   pricing parameters, `payment_method`, `stripe_token` with `stripe`; else `422` with
//!   field errors), price the booking (services, extras, parameters × quantity, the
//!   frequency's discount), store it with `service_date` read in the tenant's zone
//!   (`settings.timezone`) and answer `{id, ga_transaction, ga_item}` (ids after 1000); the
//!   customer's own (or a guest's with the customer's e-mail) join the customer's list.
//!   `PUT /v1/customer/bookings/{id}` applies the members sent (checked the same way) and
//!   answers the booking; `406` when it is inactive, completed or `actions.edit` is false.
//!   `POST /v1/booking/estimate_price` (the same price; staff and customer members never
//!   mixed), `/v1/booking/spots` (`days` 1–42, `mode`; the location's
//!   `service_availability` for the weekday (`0` Sunday, assumed), a spot an hour, `free`
//!   unless a booking starts then), `/v1/booking/frequencies/{id}/next` (the interval
//!   `1w`, `2m15d`, ... added in the tenant's zone; `422` for one-time),
//!   `/v1/booking/location` (the first location whose `postcodes` hold the zip or are
//!   empty; a miss is a `422` with the location policy's text when it prevents booking),
//!   `/v1/booking/teams` and `/v1/staff/bookings/available_teams` (the teams of the staff
//!   lists), `POST /v1/quote` (stored) and `/v1/booking/quote` (looked up by
//!   `quote_uuid`), `POST /v1/giftcard` and `/v1/giftcard/discount` (`403` without the
//!   `gift_cards` feature; codes seeded from the fixtures, another is a `422`), and the
//!   payment tokens (`/v1/setup/billing/setup_intent`, `/authorize_charge`,
//!   `/v1/fspay/token`, `/token/exchange`: fresh sandbox values).
//! - Not faked yet: one-time codes, the lockout after five failed logins, admin users, the
//!   staff list's `query` and `filter`, team schedules, discount codes in prices, the
//!   observed header dialect (`x-rate-limit-limit` twice).
//!
//! ## Resource Guru
//!
//! - Base URL `http://127.0.0.1:<port>` ([`Sandbox::base_url`] is the origin: the client's
//!   paths start with `/v1` and `/oauth`). Credentials: [`Credentials::OAuth`] with the
//!   account of the seeds (`acme-studio`), an application (`client_id`, `client_secret`),
//!   a user for the password grant (`priya@acme-studio.test`) and a single-use code for the
//!   authorization-code grant.
//! - `POST /oauth/token` (form-encoded) answers `access_token`, `refresh_token`,
//!   `token_type: bearer`, `expires_in` (7 days, or [`SandboxOptions::token_lifetime`]) and
//!   `created_at` for the `password`, `authorization_code` and `refresh_token` grants.
//!   Refresh tokens rotate: a refresh ends the one it used. A wrong application gets `401
//!   {"error": "invalid_client", ...}`, a wrong grant `400 {"error": "invalid_grant", ...}`,
//!   another grant type `400 unsupported_grant_type`. Every `/v1/{account}/...` route needs
//!   `Authorization: Bearer <access token>`: a missing, unknown, expired (tokio's clock) or
//!   revoked ([`Sandbox::revoke_tokens`]) one gets `401 {"errors": ["The access token is
//!   invalid"]}`. Another account in the path is a `404`.
//! - Bookings: `GET /v1/{account}/bookings` (in id order; `limit` (no default: everything,
//!   `0` everything) and `offset`; `start_date`/`end_date` keep the bookings that overlap the
//!   range, either end optional (assumed: the vendor does not say whether it is overlap or
//!   containment); `resource_ids` repeated or with brackets; `booker_id` (an id or `me`);
//!   `approval_states` (assumed shape: `approval_state` maps resource ids to states, and a
//!   booking without one needs no approval and counts as `approved`); `waiting=1` keeps
//!   bookings with a day on the waiting list; `group_id`; `calendar` and the `include_*`
//!   flags are ignored), the same list per client, project and resource
//!   (`/v1/{account}/{clients|projects|resources}/{id}/bookings`, `404` for an unknown
//!   owner), `GET /v1/{account}/bookings/{id}`, `POST /v1/{account}/bookings` (`201` with
//!   the booking: `resource_id` or a non-empty `resource_ids` of known resources,
//!   `start_date` ≤ `end_date`, `duration` 1..=1440, `start_time` 0..=1440 or none, else
//!   `422 {"errors": [...]}`; `durations` one entry per day, `booker` the seeds' user),
//!   `PUT .../bookings/{id}` (the body's fields over the booking, checked as a create; `200`;
//!   `affects` accepted with no effect), `DELETE .../bookings/{id}` (`204`; a body with
//!   `date` removes that day, moving the start or end, the booking goes with its last day),
//!   `POST .../bookings/{id}/split` (`200` with both parts), `.../resolve` (`resolution`
//!   per resource recorded in `approval_state`, `200` with the booking), `.../remind`
//!   (`204`) and `GET .../bookings/{id}/activities`.
//! - One generic collection type serves list, get, create, update and delete as the vendor
//!   has them for accounts (`/v1/accounts`, get and update with its three required
//!   fields), clients and projects (paged, default and maximum 50; `archived` lists; the
//!   active list leaves archived and deleted ones out unless `includeArchived`/
//!   `includeDeleted`, which ignore paging), resources (as clients; `ids`; `me`; create
//!   links `resource_type`, `human`, `timezone` `{name, offset}` and `capacity`; the type,
//!   `email` and `invite` cannot change), users (read-only; `me`, `users/all`), resource
//!   and downtime types (read-only), calendars (update checks
//!   `incoming_calendar_subscriptions`), custom fields (unique `label`, options created with
//!   the field, `type` fixed) and options (`custom_field_id` filter), downtimes (paged with
//!   no default; `resource_ids`, `booker_id`, `from`/`to`; `block_by_clashes` gets `400
//!   {"clashes": [...], "allowClashResolution": true}` from the stored bookings) and
//!   webhooks. Create answers `201` with the record, a missing required field `422
//!   {"errors": {field: ["can't be blank"]}}`; delete answers `204`. A list parameter the
//!   fake does not know gets `422 {"errors": ["sandbox: ..."]}` rather than being ignored.
//! - Also: `GET /v1/me`; downtime clashes (`POST .../downtimes/clashes`, from the stored
//!   bookings) and split; overtime (`201`); custom availability (list, set by weekday
//!   `0`..=`6` from Sunday, reset); a resource's availability (`201`, stored on the
//!   resource; clashes are not checked); calendar external events; a webhook's payload
//!   queue (paged), re-send (`200`, a payload of that webhook) and the two tests (the JSON
//!   string `"status: 200"`, nothing delivered). Reports v1 and v2 need `start_date` and
//!   `end_date` and answer the seeded report of the same path (not computed from the stored
//!   bookings; another path is `404`).
//!   An unknown id is `404 {"errors": ["Not found"]}`.
//! - Rate limit: 200 requests per fixed window of 60 s (scaled by
//!   [`SandboxOptions::window_scale`] / set by [`SandboxOptions::rate_limit_window`]),
//!   counted from the server's start, for every token of the application. Every answer of
//!   an authorized request carries `X-RateLimit-Limit: 200` and `X-RateLimit-Remaining` (what
//!   is left in the window after it); over the limit `429 {"errors": ["Rate Limit
//!   Exceeded"]}` with `Retry-After` in whole **seconds** until the window resets, rounded
//!   up (at least `1`, also when the window is scaled below a second). Unauthorized
//!   requests and token requests do not use the budget.
//! - Seeds: the `200` answers to the `GET` requests of the get and list fixtures of every
//!   resource, stored by the request's path (seeds of one record fill each other's missing
//!   fields; booleans written as strings are stored as booleans);
//!   [`SandboxOptions::generated_bookings`] adds one-day bookings with ids after 100000
//!   (from 2030-01-01, one a day).
//! - Not faked yet: repeat rules (`rrule` is stored, no occurrences), availability and
//!   clashes of bookings, the waiting list, pending approvals, plan limits, user rights
//!   (the sandbox's user is an administrator), HTTP Basic auth, the token endpoint's own
//!   limits (20 a minute, 1,000 a day), the legacy 403 with `Retry-After`.
//!
//! ## Rightech
//!
//! - Base URL `http://127.0.0.1:<port>` ([`Sandbox::base_url`] is the origin: the client's
//!   paths start with `/api/v1`). Credentials: [`Credentials::LoginAndToken`], the login
//!   `sandbox-rightech-user` with a password for both login calls, and a static API token.
//! - `POST /api/v1/auth/token` answers `{success, type: "access", token, issuedAt,
//!   expiresAt}` (milliseconds; 24 hours, or [`SandboxOptions::token_lifetime`]);
//!   `POST /api/v1/auth` answers `{success: true}` and `Set-Cookie: sid=...; Max-Age=...`.
//!   A wrong login or password, and any other route without `Authorization: Bearer <API
//!   token or issued token>` or `Cookie: sid=<issued>` (missing, unknown, expired on tokio's
//!   clock, revoked by [`Sandbox::revoke_tokens`]), gets `401 {"success": false, "code":
//!   "401", "message": "Unauthorized", "tags": ["error_unauthorized"]}`.
//! - Any store name is a store (`/api/v1/{store}`, empty until written): list (a bare array;
//!   `offset`, `limit` 1..=10000 (default 10000), `only`, `from`/`to` or `begin`/`end` on the
//!   creation `time`, inclusive, milliseconds or `YYYY-MM-DDThh:mm` read as UTC, `where.<field>`
//!   equality (dotted paths; an array field matches an element), `meta=true` answering
//!   `{count, first, last}` (assumed shape), any other parameter `400`), get, create (the
//!   server sets `_id`, `owner`, `group`, `time`; `objects` requires `model`, `id`, `name`,
//!   `users` `role`, `name`, `email`, `login`, `password`), `PATCH` (top-level fields replaced,
//!   `null` removes one, a system field is a `400`) and delete (answers the removed record).
//!   Unknown ids get `404 {..., "tags": ["error_not_found"]}`. Hits count per store:
//!   `"GET /api/v1/reservations/{id}"`; the special endpoints by their pattern:
//!   `"POST /api/v1/objects/{id}/commands/{command}"`.
//! - List parameters of one store: `events` takes `events=a,b` (only these event names) and
//!   `events!=c,d` (not these); `users` takes `search=<text>` (case-insensitive, in `name`,
//!   `login`, `email`, `phone`).
//! - Special endpoints (docs/vendors/rightech.md §9), each answering `404` for an unknown
//!   object, table, report or build: `GET /api/v1/events/org` (the event names per model: the
//!   seeded document, read-only); `GET /api/v1/tasks/kinds` (read-only);
//!   `GET`/`POST /api/v1/objects/{id}/packets` (a packet gets `_id`, `_ts` in microseconds,
//!   `time`, `online` and becomes the object's `state`; answers `{"success": true}`);
//!   `GET /api/v1/objects/{id}/events` and `/model`; `POST .../commands/{command}` (id
//!   `^[a-z0-9-_]+$`, optional JSON object; `{"success": true, "command"}`) and
//!   `POST .../automatons/{automaton}/start|stop` (`{"success": true}`);
//!   `POST /api/v1/reports/{id}/build` (`period.from` ≤ `period.to` in milliseconds, else
//!   `400`; a `pending` build), `GET /api/v1/reports/builds` (newest first, the 10 newest
//!   kept), `POST /api/v1/reports/builds/{id}/cancel` (a pending build becomes `cancelled`,
//!   any other is answered unchanged) and `GET .../export?format=` (the seeded file, else an
//!   empty JSON or CSV table); `/api/v1/tables/{id}/rows[/{row}]` (a store of the table's
//!   own; any parameter that is not a list parameter filters a column by equality).
//! - No rate limit (none is documented). Seeds: the records of every Rightech fixture's
//!   successful GET answers, filed by their path (a store, `tables/{id}/rows`,
//!   `objects/{id}/packets`, ...; an operation's own fixture before its cases, so a lenient
//!   case does not replace a documented record; records without an ObjectId are skipped,
//!   except an object's events); [`SandboxOptions::generated_bookings`] adds records to
//!   `reservations` in the booking-domain adapter's default mapping (a start every 15 minutes
//!   from 2030-01-01).
//! - Not faked yet: roles and access rights (every call is allowed: no `403`), a build that
//!   completes, commands and automatons checked against the object's model, the answers
//!   `success: false`, `xlsx`/`pdf` exports of builds without a seeded file (`400 sandbox:`),
//!   HTML error pages.
//!
//! ## Faults
//!
//! [`SandboxOptions::faults`] puts a seeded [`FaultPlan`] in front of every route of any
//! vendor (see [`faults`]): a status with the vendor's error body or a given one,
//! `Retry-After` values (absurd ones included), a TCP reset before the response or in the
//! middle of the body, a stall after the headers, latency, a truncated, oversized, gzip
//! (or gzip-bomb), HTML, empty, mislabelled, invalid-UTF-8, duplicate-key or deeply nested
//! body, and a paging server that repeats a page. Rules filter by route and method, by
//! request index, or fire with a seeded probability; the same seed gives the same faults
//! ([`Sandbox::fault_log`]). A replacing fault leaves the state alone unless the rule says
//! [`FaultRule::after_state`]: then a create is stored and its answer lost. Faulted requests
//! are counted in [`Sandbox::hits`] like any other.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use sandbox::{Fault, FaultPlan, FaultRule, Sandbox, SandboxOptions, Vendor};
//!
//! // The first create is stored, but the connection is reset before its answer.
//! let plan = FaultPlan::new(7).rule(
//!     FaultRule::new(Fault::ResetBeforeResponse)
//!         .route("POST /v1/bookings")
//!         .nth(0)
//!         .after_state(),
//! );
//! let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default().faults(plan)).await?;
//! assert!(sandbox.fault_log().is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt;
//! use resource_guru::jiff::civil::date;
//! use resource_guru::{Client, CreateBooking, DurationMinutes, ListBookings, OAuth, ResourceId};
//! use sandbox::{Sandbox, SandboxOptions, Vendor};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start(Vendor::ResourceGuru, SandboxOptions::default()).await?;
//! let c = sandbox.credentials().oauth().ok_or("Resource Guru uses OAuth2")?;
//! let client = Client::builder(c.account.clone())
//!     .base_url(sandbox.base_url())
//!     .oauth(OAuth::password(
//!         c.client_id.clone(),
//!         c.client_secret.expose_secret(),
//!         c.username.clone(),
//!         c.password.expose_secret(),
//!     ))
//!     .build()?;
//! let new = CreateBooking::new(
//!     vec![ResourceId::from(311)],
//!     date(2026, 3, 9),
//!     date(2026, 3, 9),
//!     DurationMinutes(120),
//! );
//! let created = client.bookings().create(&new).await?;
//! let all: Vec<resource_guru::Booking> =
//!     client.bookings().list(&ListBookings::new()).try_collect().await?;
//! assert!(all.iter().any(|b| b.id == created.id));
//! assert_eq!(sandbox.hits("POST /oauth/token"), 1);
//! # Ok(())
//! # }
//! ```
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt;
//! use launch27::{BookingRef, CancelCustomerBooking, CancelTerms, Client, ListCustomerBookings};
//! use sandbox::{Sandbox, SandboxOptions, Vendor};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start(Vendor::Launch27, SandboxOptions::default()).await?;
//! let (email, password) = sandbox.credentials().login().ok_or("Launch27 logs in")?;
//! let client = Client::builder()
//!     .base_url(sandbox.origin())
//!     .credentials(email, password.expose_secret())
//!     .build()?;
//! let all: Vec<launch27::CustomerBooking> = client
//!     .customer_bookings()
//!     .list(&ListCustomerBookings::default())
//!     .try_collect()
//!     .await?;
//! assert_eq!(all.len(), 3);
//! let cancel = CancelCustomerBooking::new(512, CancelTerms::default());
//! client.customer_bookings().cancel(&cancel).await?;
//! let booking = client.customer_bookings().get(&BookingRef::new(512)).await?;
//! assert_eq!(booking.active, Some(false));
//! assert_eq!(sandbox.hits("POST /v1/login"), 1);
//! # Ok(())
//! # }
//! ```
//!
//! ## Example (resOS)
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures::TryStreamExt;
//! use resos::jiff::civil::date;
//! use resos::{CancelBooking, Client, CreateBooking, GetBooking, ListBookings, LocalTime, NewGuest};
//! use sandbox::{Sandbox, SandboxOptions, Vendor};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default()).await?;
//! let key = sandbox.credentials().api_key().ok_or("resOS has an API key")?;
//! let client = Client::builder()
//!     .api_key(key.expose_secret())
//!     .base_url(sandbox.base_url())
//!     .build()?;
//!
//! let seeded: Vec<resos::Booking> = client.bookings().list(&ListBookings::new()).try_collect().await?;
//! let time = LocalTime::hm(19, 30).ok_or("a valid time")?;
//! let new = CreateBooking::new(date(2026, 3, 14), time, 4, NewGuest::new("Ada Example"));
//! let id = client.bookings().create(&new).await?;
//! client.bookings().cancel(&CancelBooking::new(id.clone())).await?;
//! let booking = client.bookings().get(&GetBooking::new(id)).await?;
//! assert_eq!(booking.status, Some(resos::BookingStatus::Canceled));
//!
//! let all: Vec<resos::Booking> = client.bookings().list(&ListBookings::new()).try_collect().await?;
//! assert_eq!(all.len(), seeded.len() + 1);
//! assert_eq!(sandbox.hits("POST /v1/bookings"), 1);
//! drop(sandbox); // stops the server
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultBody, FaultEvent, FaultPlan, FaultRule};

mod bucket;
mod conn;
pub mod faults;
mod launch27;
mod resos;
mod resource_guru;
mod rightech;
mod window;

/// The vendors a sandbox can fake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// resOS (restaurant bookings).
    Resos,
    /// Launch27 (cleaning-service bookings).
    Launch27,
    /// Resource Guru (resource scheduling).
    ResourceGuru,
    /// Rightech IoT Cloud (low-code IoT platform; generic stores).
    Rightech,
}

impl Vendor {
    /// Every vendor, built or not.
    pub const ALL: [Vendor; 4] = [
        Vendor::Resos,
        Vendor::Launch27,
        Vendor::ResourceGuru,
        Vendor::Rightech,
    ];

    /// The vendor's name as in the workspace's crates and fixtures (`resos`, `launch27`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Vendor::Resos => "resos",
            Vendor::Launch27 => "launch27",
            Vendor::ResourceGuru => "resource-guru",
            Vendor::Rightech => "rightech",
        }
    }
}

impl std::fmt::Display for Vendor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The fake of this vendor does not exist yet.
    #[error("the {0} sandbox is not built yet (built: resos, launch27, resource-guru, rightech)")]
    NotBuilt(Vendor),
    /// The loopback listener could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// A seed fixture could not be read or parsed.
    #[error("seed fixture {file}: {message}")]
    Seed {
        /// The fixture's file name (or directory).
        file: String,
        /// What went wrong.
        message: String,
    },
    /// An option is out of range.
    #[error("invalid sandbox option: {0}")]
    Config(String),
}

/// Result with the sandbox's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How a sandbox starts. `SandboxOptions::default()` listens on a free loopback port with the
/// vendor's real rate-limit window, seeded from the fixtures built into the crate.
#[derive(Clone, Debug, Default)]
pub struct SandboxOptions {
    port: u16,
    window_scale: Option<f64>,
    window: Option<Duration>,
    fixtures_dir: Option<PathBuf>,
    generated_bookings: usize,
    token_lifetime: Option<Duration>,
    faults: FaultPlan,
}

impl SandboxOptions {
    /// The loopback port (default 0: a free port, see [`Sandbox::base_url`]).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Multiplies every rate-limit window of the vendor by `scale`, keeping the number of
    /// requests: `0.01` turns resOS's 100 per 60 s into 100 per 600 ms (Resource Guru's 200
    /// per 60 s into 200 per 600 ms), and Launch27's refill
    /// of one token per 500 ms into one per 5 ms (bucket sizes unchanged). Must be positive.
    pub fn window_scale(mut self, scale: f64) -> Self {
        self.window_scale = Some(scale);
        self
    }

    /// Sets the rate-limit window outright (wins over [`window_scale`](Self::window_scale)):
    /// resOS's and Resource Guru's fixed window, Launch27's refill interval per token.
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// Seeds from every `*.json` fixture in `dir` (a `fixtures/<vendor>` directory) instead of
    /// the fixtures built into the crate.
    pub fn fixtures_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.fixtures_dir = Some(dir.into());
        self
    }

    /// Adds `n` invented bookings after the seeds (for paging tests and benchmarks).
    pub fn generated_bookings(mut self, n: usize) -> Self {
        self.generated_bookings = n;
        self
    }

    /// How long a token issued by the sandbox's login stays valid (Launch27's JWT, default
    /// one hour; Resource Guru's access token, default the vendor's 7 days, announced in
    /// `expires_in`). The server expires it on tokio's clock, so a test can pass the lifetime in
    /// virtual time; the token's `exp` claim says the same in wall-clock Unix seconds.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = Some(lifetime);
        self
    }

    /// Injects faults from `plan` in front of every route of the vendor (see [`faults`]):
    /// status codes, `Retry-After` values, resets, stalls, latency, truncated, oversized,
    /// compressed and malformed bodies, repeated pages. Default: none.
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.faults = plan;
        self
    }

    /// The window that applies to a vendor window of `vendor_window`.
    fn scaled(&self, vendor_window: Duration) -> Result<Duration> {
        if let Some(window) = self.window {
            return Ok(window);
        }
        let Some(scale) = self.window_scale else {
            return Ok(vendor_window);
        };
        if !(scale.is_finite() && scale > 0.0) {
            return Err(Error::Config(format!(
                "window_scale must be positive, got {scale}"
            )));
        }
        Duration::try_from_secs_f64(vendor_window.as_secs_f64() * scale)
            .map_err(|e| Error::Config(format!("window_scale {scale}: {e}")))
    }
}

/// What a client needs to sign in to a sandbox. `Debug` never shows a secret.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// An API key (resOS: the HTTP Basic user name).
    ApiKey(SecretString),
    /// An e-mail and a password for the vendor's login (Launch27: `POST /v1/login`).
    Login {
        /// The e-mail (not a secret).
        email: String,
        /// The password.
        password: SecretString,
    },
    /// An OAuth2 application and a user (Resource Guru: `POST /oauth/token`).
    OAuth(OAuthCredentials),
    /// A login and a password for the vendor's login calls, and a static API token
    /// (Rightech: `POST /api/v1/auth/token`, `POST /api/v1/auth`, `Authorization: Bearer`).
    LoginAndToken {
        /// The login (not a secret).
        login: String,
        /// The password.
        password: SecretString,
        /// The static API token.
        token: SecretString,
    },
}

/// What a Resource Guru client needs: the account, the OAuth2 application and the grants'
/// inputs. `Debug` never shows a secret.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OAuthCredentials {
    /// The Account URL ID of the paths (`/v1/{account}/...`; not a secret).
    pub account: String,
    /// The application's `client_id` (not a secret).
    pub client_id: String,
    /// The application's `client_secret`.
    pub client_secret: SecretString,
    /// The user's e-mail, for the password grant (not a secret).
    pub username: String,
    /// The user's password, for the password grant.
    pub password: SecretString,
    /// A code for the authorization-code grant: valid once per sandbox, with any
    /// `redirect_uri`.
    pub authorization_code: SecretString,
    /// A redirect URI to send with [`authorization_code`](Self::authorization_code).
    pub redirect_uri: String,
}

impl Credentials {
    /// The API key, for vendors that use one.
    pub fn api_key(&self) -> Option<&SecretString> {
        match self {
            Credentials::ApiKey(key) => Some(key),
            _ => None,
        }
    }

    /// The OAuth2 application and grants, for vendors that use OAuth2 (Resource Guru).
    pub fn oauth(&self) -> Option<&OAuthCredentials> {
        match self {
            Credentials::OAuth(oauth) => Some(oauth),
            _ => None,
        }
    }

    /// The e-mail (Rightech: the login) and password, for vendors that log in with them.
    pub fn login(&self) -> Option<(&str, &SecretString)> {
        match self {
            Credentials::Login { email, password } => Some((email, password)),
            Credentials::LoginAndToken {
                login, password, ..
            } => Some((login, password)),
            _ => None,
        }
    }

    /// The static API token, for vendors that issue one (Rightech).
    pub fn token(&self) -> Option<&SecretString> {
        match self {
            Credentials::LoginAndToken { token, .. } => Some(token),
            _ => None,
        }
    }
}

/// The generation of the tokens a server issues: [`Sandbox::revoke_tokens`] starts a new one,
/// and tokens of an older generation are refused.
#[derive(Debug, Default)]
pub(crate) struct Sessions(AtomicU64);

impl Sessions {
    /// The current generation.
    pub(crate) fn generation(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    fn revoke(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// The records a fixture exchange's successful (200) answer carries: its body's items when it
/// is an array, the body itself when it is one object; `None` for any other answer.
pub(crate) fn ok_body_items(exchange: &serde_json::Value) -> Option<Vec<serde_json::Value>> {
    use serde_json::Value;
    let response = exchange.get("response")?;
    if response.get("status").and_then(Value::as_u64) != Some(200) {
        return None;
    }
    match response.get("body") {
        Some(Value::Array(items)) => Some(items.clone()),
        Some(item @ Value::Object(_)) => Some(vec![item.clone()]),
        _ => None,
    }
}

/// The seed fixtures' names and texts: every `*.json` file of
/// [`SandboxOptions::fixtures_dir`] (sorted by name) when set, else the `embedded` ones.
pub(crate) fn seed_texts(
    options: &SandboxOptions,
    embedded: &[(&str, &str)],
) -> Result<Vec<(String, String)>> {
    let Some(dir) = &options.fixtures_dir else {
        return Ok(embedded
            .iter()
            .map(|(file, text)| ((*file).to_owned(), (*text).to_owned()))
            .collect());
    };
    let unreadable = |e: std::io::Error| Error::Seed {
        file: dir.display().to_string(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            std::fs::read_to_string(&path)
                .map(|text| (name.clone(), text))
                .map_err(|e| Error::Seed {
                    file: name,
                    message: e.to_string(),
                })
        })
        .collect()
}

/// Requests counted per route, shared by a server and its [`Sandbox`] handle.
#[derive(Debug, Default)]
pub(crate) struct Hits(Mutex<BTreeMap<String, u64>>);

impl Hits {
    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        match self.0.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Counts one request to `route` (`"GET /v1/bookings/{id}"`).
    pub(crate) fn record(&self, route: String) {
        let mut map = self.map();
        let n = map.entry(route).or_insert(0);
        *n = n.saturating_add(1);
    }
}

/// A running fake vendor server. Dropping it stops the server (gracefully: requests in
/// flight are answered, idle connections closed); [`Sandbox::shutdown`] also waits for that.
#[derive(Debug)]
pub struct Sandbox {
    vendor: Vendor,
    addr: SocketAddr,
    base_path: &'static str,
    credentials: Credentials,
    hits: Arc<Hits>,
    sessions: Arc<Sessions>,
    faults: Option<Arc<faults::Faults>>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Sandbox {
    /// Starts the fake of `vendor` on loopback. Must be called within a tokio runtime (the
    /// server is a task of it).
    ///
    /// # Errors
    ///
    /// [`Error::NotBuilt`] for a vendor whose fake does not exist yet, [`Error::Bind`] when
    /// the port is taken, [`Error::Seed`] for an unreadable seed fixture and
    /// [`Error::Config`] for an invalid option.
    pub async fn start(vendor: Vendor, options: SandboxOptions) -> Result<Sandbox> {
        let hits = Arc::new(Hits::default());
        let sessions = Arc::new(Sessions::default());
        let (router, credentials, base_path) = match vendor {
            Vendor::Resos => resos::build(&options, hits.clone())?,
            Vendor::Launch27 => launch27::build(&options, hits.clone(), sessions.clone())?,
            Vendor::ResourceGuru => resource_guru::build(&options, hits.clone(), sessions.clone())?,
            Vendor::Rightech => rightech::build(&options, hits.clone(), sessions.clone())?,
        };
        options.faults.check().map_err(Error::Config)?;
        // The fault layer wraps every route of the finished router, outside the vendor's
        // own layers, so it sees the route pattern and works for any vendor.
        let (router, faults) = if options.faults.is_empty() {
            (router, None)
        } else {
            let faults = Arc::new(faults::Faults::new(vendor, &options.faults, hits.clone()));
            let layer = axum::middleware::from_fn_with_state(faults.clone(), faults::layer);
            (router.route_layer(layer), Some(faults))
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        // Every connection is wrapped so that the fault plan can reset it (conn.rs).
        let service = router.into_make_service_with_connect_info::<conn::Conn>();
        let server = axum::serve(conn::FaultListener(listener), service).with_graceful_shutdown(
            async move {
                let _ = stopped.await;
            },
        );
        let task = tokio::spawn(async move { server.await });
        Ok(Sandbox {
            vendor,
            addr,
            base_path,
            credentials,
            hits,
            sessions,
            faults,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The vendor this server fakes.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The loopback address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL of the vendor's API, with the vendor's base path
    /// (`http://127.0.0.1:PORT/v1` for resOS and Launch27; Resource Guru has none, its paths
    /// start with `/v1` or `/oauth`, so this is the origin). The resOS and Resource Guru
    /// clients take this one; the Launch27 client takes the [`origin`](Self::origin) and
    /// appends `/v1` itself.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path)
    }

    /// The origin, without a base path: `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Makes every token issued so far invalid, as when a vendor ends the sessions: the next
    /// request with one gets the vendor's 401 (Launch27: its JWTs, a fresh login works;
    /// Resource Guru: the access tokens, while the refresh tokens keep working, so a client
    /// refreshes and replays). No effect on API keys.
    pub fn revoke_tokens(&self) {
        self.sessions.revoke();
    }

    /// The credentials the server accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// A second login with staff rights, for vendors with staff routes (Launch27:
    /// `sam.staff@example.com`, a `Tenant::Staff`, with the same password); `None` for the
    /// others.
    pub fn staff_credentials(&self) -> Option<Credentials> {
        match (self.vendor, &self.credentials) {
            (Vendor::Launch27, Credentials::Login { password, .. }) => Some(Credentials::Login {
                email: launch27::STAFF_EMAIL.to_owned(),
                password: password.clone(),
            }),
            _ => None,
        }
    }

    /// Requests received on `route`, written as `"<METHOD> <path pattern>"` with the base
    /// path: `"GET /v1/bookings"`, `"PUT /v1/bookings/{id}"`. Every request counts,
    /// refused ones (401, 429) included; paths the fake does not serve are not counted.
    pub fn hits(&self, route: &str) -> u64 {
        self.hits.map().get(route).copied().unwrap_or(0)
    }

    /// Requests received on every route so far.
    pub fn all_hits(&self) -> BTreeMap<String, u64> {
        self.hits.map().clone()
    }

    /// The faults injected so far by the [`SandboxOptions::faults`] plan, in order (empty
    /// without a plan).
    pub fn fault_log(&self) -> Vec<FaultEvent> {
        self.faults.as_ref().map(|f| f.log()).unwrap_or_default()
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
