//! Launch27's booking helpers and writes (docs/vendors/launch27.md §9, §11–§17): creating
//! and updating bookings, prices, spots, the next visit of a frequency, locations, teams,
//! quotes, gift cards and the payment tokens. Everything is computed from the stored
//! bookings and the reference data ([`Reference`]); quotes and discount codes are seeded
//! from the fixtures that show them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::reference::Reference;
use super::{Caller, Launch27, field_error, json_answer, json_body, lock, text};

/// Routes that need no login (docs/vendors/launch27.md §3, §9, §11, §13–§15).
pub(crate) const PUBLIC: &[&str] = &[
    "/v1/booking",
    "/v1/booking/location",
    "/v1/booking/spots",
    "/v1/booking/estimate_price",
    "/v1/booking/quote",
    "/v1/quote",
    "/v1/giftcard",
    "/v1/giftcard/discount",
    "/v1/setup/billing/setup_intent",
    "/v1/setup/billing/authorize_charge",
    "/v1/fspay/token",
    "/v1/fspay/token/exchange",
];

/// Payment methods of a booking (docs/vendors/launch27.md §11).
const PAYMENT_METHODS: &[&str] = &["stripe", "paypal", "cash", "check", "fspay"];
/// Ids of bookings created in the sandbox start after this (the seeds are below it).
const CREATED_ID_BASE: u64 = 1_000;
/// Most days `POST /booking/spots` answers (docs/vendors/launch27.md §9).
const MAX_SPOT_DAYS: i64 = 42;
/// Minutes between two spots of a day (assumed: the vendor's grid is not documented).
const SPOT_STEP: i64 = 60;
/// Arrival window of a spot, in minutes (assumed).
const SPOT_ARRIVAL_WINDOW: i64 = 120;

/// Quotes and discount codes.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Quotes by `quote_uuid`: the members a booking form is pre-filled with.
    quotes: HashMap<String, Map<String, Value>>,
    /// Discount answers (`{message, percent}`) by code.
    discounts: HashMap<String, Value>,
}

impl Store {
    /// Seeds quotes (a quote lookup's answer, a quote create's body) and discount codes
    /// from one fixture's 200 exchanges.
    pub(crate) fn seed(&mut self, fixture: &Value) {
        let exchanges = fixture.get("exchanges").and_then(Value::as_array);
        for exchange in exchanges.into_iter().flatten() {
            let (Some(request), Some(response)) =
                (exchange.get("request"), exchange.get("response"))
            else {
                continue;
            };
            if response.get("status").and_then(Value::as_u64) != Some(200) {
                continue;
            }
            let path = request.get("path").and_then(Value::as_str).unwrap_or("");
            let (sent, answer) = (request.get("body"), response.get("body"));
            let text_of = |v: Option<&Value>, key: &str| {
                v.and_then(|b| b.get(key))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            match (path, answer) {
                ("/v1/booking/quote", Some(Value::Object(quote))) => {
                    if let Some(uuid) = text_of(sent, "quote_uuid") {
                        self.quotes.entry(uuid).or_insert_with(|| quote.clone());
                    }
                }
                ("/v1/quote", Some(answer)) => {
                    if let (Some(uuid), Some(Value::Object(body))) =
                        (text_of(Some(answer), "quote_uuid"), sent)
                    {
                        self.quotes.entry(uuid).or_insert_with(|| body.clone());
                    }
                }
                ("/v1/giftcard/discount", Some(answer @ Value::Object(_))) => {
                    if let Some(code) = text_of(sent, "code") {
                        self.discounts.entry(code).or_insert_with(|| answer.clone());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Field errors collected for one 422 (`{field: [{type, message}]}`).
#[derive(Default)]
struct Errors(Map<String, Value>);

impl Errors {
    fn add(&mut self, field: &str, kind: &str, message: &str) {
        self.0.insert(
            field.to_owned(),
            json!([{"type": kind, "message": format!("{field}: {message}")}]),
        );
    }

    /// A string member of `min..=max` characters (`required` or optional).
    fn string(
        &mut self,
        body: &Map<String, Value>,
        field: &str,
        min: usize,
        max: usize,
        required: bool,
    ) {
        self.string_in(body.get(field), field, min, max, required);
    }

    fn string_in(
        &mut self,
        v: Option<&Value>,
        field: &str,
        min: usize,
        max: usize,
        required: bool,
    ) {
        match v {
            None | Some(Value::Null) if !required => {}
            Some(Value::String(s)) if (min..=max).contains(&s.chars().count()) => {}
            Some(Value::String(s)) if s.chars().count() > max => {
                self.add(
                    field,
                    "string_lte",
                    &format!("String length must be less than or equal to {max}"),
                );
            }
            Some(Value::String(_)) => {
                self.add(
                    field,
                    "string_gte",
                    &format!("String length must be greater than or equal to {min}"),
                );
            }
            None | Some(Value::Null) => self.add(field, "required", "is required"),
            Some(_) => self.add(field, "string", "must be a string"),
        }
    }

    /// An integer member in `min..=max`.
    fn int(
        &mut self,
        body: &Map<String, Value>,
        field: &str,
        min: i64,
        max: i64,
        required: bool,
    ) -> Option<i64> {
        match body.get(field) {
            None | Some(Value::Null) if !required => None,
            Some(v) => match v.as_i64() {
                Some(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    self.add(
                        field,
                        "int",
                        &format!("must be an integer from {min} to {max}"),
                    );
                    None
                }
            },
            None => {
                self.add(field, "required", "is required");
                None
            }
        }
    }

    fn answer(self) -> Option<Response> {
        (!self.0.is_empty())
            .then(|| json_answer(StatusCode::UNPROCESSABLE_ENTITY, &Value::Object(self.0)))
    }
}

fn number(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(0.0)
}

/// Rounds money to cents.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What a selection of services costs and takes: `(services, extras, parameters, minutes,
/// lines)`, where `lines` are the services as a booking shows them; `Err` names a bad member.
fn price(
    reference: &Reference,
    services: Option<&Value>,
) -> Result<(f64, f64, f64, i64, Vec<Value>), String> {
    let services = services
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
        .ok_or("services")?;
    let (mut base, mut extras, mut params, mut minutes) = (0.0, 0.0, 0.0, 0_i64);
    let mut lines = Vec::new();
    for chosen in services {
        let id = chosen
            .get("id")
            .and_then(Value::as_u64)
            .ok_or("services.id")?;
        let service = reference.service(id).ok_or("services.id")?;
        let find = |list: &str, id: Option<u64>| {
            service
                .get(list)
                .and_then(Value::as_array)
                .and_then(|l| l.iter().find(|x| x.get("id").and_then(Value::as_u64) == id))
                .cloned()
        };
        if let Some(hourly) = chosen.get("hourly") {
            let workers = number(hourly.get("quantity")).max(1.0);
            let mins = number(hourly.get("minutes")).max(0.0);
            base += number(service.get("price")) * workers * mins / 60.0;
            minutes =
                minutes.saturating_add(hourly.get("minutes").and_then(Value::as_i64).unwrap_or(0));
        } else {
            base += number(service.get("price"));
            minutes = minutes
                .saturating_add(service.get("duration").and_then(Value::as_i64).unwrap_or(0));
        }
        let mut extra_lines = Vec::new();
        for e in chosen
            .get("extras")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let known =
                find("extras", e.get("id").and_then(Value::as_u64)).ok_or("services.extras.id")?;
            let q = number(e.get("quantity")).max(1.0);
            extras += number(known.get("price")) * q;
            extra_lines.push(json!({"id": known.get("id"), "name": known.get("name"), "quantity": e.get("quantity")}));
        }
        for p in chosen
            .get("pricing_parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let known = find("pricing_parameters", p.get("id").and_then(Value::as_u64))
                .ok_or("services.pricing_parameters.id")?;
            params += number(known.get("price")) * number(p.get("quantity")).max(0.0);
        }
        lines.push(json!({
            "id": id, "name": service.get("name"), "price": service.get("price"),
            "extras": extra_lines, "pricing_parameters": chosen.get("pricing_parameters"),
            "commercial": service.get("commercial"),
            "discount_by_frequency": service.get("discount_by_frequency"),
            "discount_by_code": service.get("discount_by_code"),
        }));
    }
    Ok((cents(base), cents(extras), cents(params), minutes, lines))
}

/// A frequency's discount on `amount` (a percent or an amount, §9).
fn frequency_discount(frequency: &Value, amount: f64) -> f64 {
    let percent = number(frequency.get("percent"));
    if percent > 0.0 {
        cents(amount * percent / 100.0)
    } else {
        number(frequency.get("amount")).min(amount)
    }
}

/// A local `YYYY-MM-DDTHH:MM:SS` in the tenant's zone as a UTC instant (§4).
fn service_instant(reference: &Reference, text: Option<&Value>) -> Option<jiff::Timestamp> {
    let local: jiff::civil::DateTime = text?.as_str()?.parse().ok()?;
    local
        .to_zoned(reference.time_zone())
        .ok()
        .map(|z| z.timestamp())
}

/// A 32-character digest for a new booking.
fn digest(id: u64) -> String {
    format!("Sb{id:030}")
}

/// Checks a create body (`guest`: `POST /booking`, with `user` and `stripe_token`) and builds
/// the booking it describes, or the 422.
#[allow(clippy::result_large_err)] // the refusal is the answer
fn new_booking(
    state: &Launch27,
    body: &Map<String, Value>,
    guest: bool,
    id: u64,
) -> Result<Value, Response> {
    let reference = &state.reference;
    let mut errors = Errors::default();
    let user = if guest {
        let user = body
            .get("user")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for field in ["email", "first_name", "last_name"] {
            errors.string_in(user.get(field), &format!("user.{field}"), 1, 255, true);
        }
        user
    } else {
        state.user.clone()
    };
    errors.string(body, "address", 1, 255, true);
    errors.string(body, "city", 1, 100, false);
    errors.string(body, "state", 1, 3, false);
    errors.string(body, "zip", 1, 10, false);
    errors.string(body, "phone", 1, 20, false);
    errors.int(body, "arrival_window", 0, 1440, true);
    let frequency = errors
        .int(body, "frequency_id", 1, i64::MAX, true)
        .and_then(|id| reference.frequency(u64::try_from(id).ok()?).cloned());
    if frequency.is_none() && !errors.0.contains_key("frequency_id") {
        errors.add(
            "frequency_id",
            "invalid",
            "is not a frequency of this business",
        );
    }
    let when = service_instant(reference, body.get("service_date"));
    if when.is_none() {
        errors.add("service_date", "datetime", "must be YYYY-MM-DDTHH:MM:SS");
    }
    let method = body.get("payment_method").and_then(Value::as_str);
    if !method.is_some_and(|m| PAYMENT_METHODS.contains(&m)) {
        errors.add(
            "payment_method",
            "enum",
            "must be stripe, paypal, cash, check or fspay",
        );
    }
    if guest && method == Some("stripe") && body.get("stripe_token").is_none_or(Value::is_null) {
        errors.add("stripe_token", "required", "is required with stripe");
    }
    let priced = price(reference, body.get("services"));
    if let Err(field) = &priced {
        errors.add(
            field,
            "invalid",
            "must name services, extras and parameters of this business",
        );
    }
    if let Some(refused) = errors.answer() {
        return Err(refused);
    }
    let (Ok((services, extras, params, _, lines)), Some(frequency), Some(when)) =
        (priced, frequency, when)
    else {
        return Err(text(StatusCode::BAD_REQUEST, "Bad Request"));
    };
    let subtotal = services + extras + params;
    let discount = frequency_discount(&frequency, subtotal);
    let tip = number(body.get("tip"));
    let revenue = cents(subtotal - discount);
    let location = location_for(reference, body)
        .map(|l| json!({"id": l.get("id"), "name": l.get("name"), "active": l.get("active"), "default": l.get("default")}));
    let street = body.get("address").and_then(Value::as_str).unwrap_or("");
    let full = [Some(street), body.get("city").and_then(Value::as_str)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let name = [user.get("first_name"), user.get("last_name")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let recurring = frequency.get("interval").and_then(Value::as_str) != Some("o");
    Ok(json!({
        "id": id,
        "digest": digest(id),
        "location": location,
        "service_date": when.to_string(),
        "arrival_window": body.get("arrival_window"),
        "address": {"full_address": full, "street": street, "city": body.get("city"),
                    "state": body.get("state"), "zip": body.get("zip")},
        "active": true,
        "completed": false,
        "name": name,
        "email": user.get("email"),
        "phone": body.get("phone"),
        "frequency": {"id": frequency.get("id"), "interval": frequency.get("interval"), "name": frequency.get("name")},
        "payment_method_info": {"code": method},
        "first_recurring": recurring,
        "tip_recurring": body.get("tip_recurring").cloned().unwrap_or(json!(false)),
        "customer_notes": body.get("customer_notes"),
        "services": lines,
        "teams": [],
        "custom_fields": body.get("custom_fields").cloned().unwrap_or(json!([])),
        "summary": {"services": services, "pricing_parameters": params, "extras": extras,
                    "discount": discount, "adjustment": 0, "revenue": revenue, "tip": tip,
                    "total": cents(revenue + tip)},
        "discount_info": {},
        "actions": {"edit": true, "cancel": true, "late_cancel": false,
                    "recurring_cancel": recurring, "complete": false},
    }))
}

/// The analytics answer of a create: `{id, ga_transaction, ga_item}` (§11).
fn created_answer(state: &Launch27, booking: &Value) -> Response {
    let digest = booking.get("digest").cloned().unwrap_or(Value::Null);
    let revenue = booking
        .get("summary")
        .and_then(|s| s.get("revenue"))
        .cloned();
    json_answer(
        StatusCode::OK,
        &json!({
            "id": booking.get("id"),
            "ga_transaction": {"id": digest, "affilation": state.reference.business(), "revenue": revenue},
            "ga_item": {"id": digest, "name": "Booking", "price": revenue, "quantity": 1},
        }),
    )
}

/// `POST /v1/booking` (no login, §11) and `POST /v1/customer/bookings` (§12): a booking of
/// the logged-in customer, or of a guest whose e-mail is the customer's, joins the
/// customer's bookings.
async fn create(state: &Launch27, headers: &HeaderMap, body: &Bytes, guest: bool) -> Response {
    let body = match json_body(headers, body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let id = CREATED_ID_BASE.saturating_add(state.next_booking.fetch_add(1, Ordering::Relaxed));
    let booking = match new_booking(state, &body, guest, id) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let answer = created_answer(state, &booking);
    let email = booking.get("email").and_then(Value::as_str).unwrap_or("");
    if !guest || email.eq_ignore_ascii_case(&state.email) {
        lock(&state.data).insert_sorted(booking);
    }
    answer
}

/// `POST /v1/booking`.
pub(crate) async fn create_guest_booking(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create(&state, &headers, &body, true).await
}

/// `POST /v1/customer/bookings`.
pub(crate) async fn create_customer_booking(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    create(&state, &headers, &body, false).await
}

/// `PUT /v1/customer/bookings/{id}` (§12): the members sent, checked as on create, over
/// the booking; 406 when it is inactive, completed or its `actions.edit` is false. Answers
/// the booking.
pub(crate) async fn update_customer_booking(
    State(state): State<Arc<Launch27>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let changes = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let Some(id) = id.parse::<u64>().ok() else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    let mut data = lock(&state.data);
    let Some(Value::Object(booking)) = data.get_mut(id) else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    let flag = |v: Option<&Value>| v.and_then(Value::as_bool);
    if flag(booking.get("active")) == Some(false)
        || flag(booking.get("completed")) == Some(true)
        || flag(booking.get("actions").and_then(|a| a.get("edit"))) == Some(false)
    {
        return text(StatusCode::NOT_ACCEPTABLE, "Booking can not be changed");
    }
    let reference = &state.reference;
    let mut errors = Errors::default();
    errors.string(&changes, "address", 1, 255, false);
    errors.string(&changes, "city", 1, 100, false);
    errors.string(&changes, "state", 1, 3, false);
    errors.string(&changes, "zip", 1, 10, false);
    errors.string(&changes, "phone", 1, 20, false);
    errors.int(&changes, "arrival_window", 0, 1440, false);
    let when = changes
        .get("service_date")
        .map(|d| service_instant(reference, Some(d)));
    if when == Some(None) {
        errors.add("service_date", "datetime", "must be YYYY-MM-DDTHH:MM:SS");
    }
    let frequency = match changes.get("frequency_id").and_then(Value::as_u64) {
        Some(f) => match reference.frequency(f) {
            Some(f) => Some(f.clone()),
            None => {
                errors.add(
                    "frequency_id",
                    "invalid",
                    "is not a frequency of this business",
                );
                None
            }
        },
        None => None,
    };
    let priced = match changes.get("services") {
        Some(services) => match price(reference, Some(services)) {
            Ok(p) => Some(p),
            Err(field) => {
                errors.add(
                    &field,
                    "invalid",
                    "must name services, extras and parameters of this business",
                );
                None
            }
        },
        None => None,
    };
    if let Some(refused) = errors.answer() {
        return refused;
    }
    if let Some(Some(when)) = when {
        booking.insert("service_date".into(), json!(when.to_string()));
    }
    for key in [
        "arrival_window",
        "phone",
        "customer_notes",
        "tip_recurring",
        "custom_fields",
    ] {
        if let Some(v) = changes.get(key) {
            booking.insert(key.into(), v.clone());
        }
    }
    if let Some(Value::Object(address)) = booking.get_mut("address") {
        for (key, to) in [
            ("address", "street"),
            ("city", "city"),
            ("state", "state"),
            ("zip", "zip"),
        ] {
            if let Some(v) = changes.get(key) {
                address.insert(to.into(), v.clone());
            }
        }
    }
    if let Some(f) = &frequency {
        booking.insert(
            "frequency".into(),
            json!({"id": f.get("id"), "interval": f.get("interval"), "name": f.get("name")}),
        );
    }
    if let Some((services, extras, params, _, lines)) = priced {
        booking.insert("services".into(), Value::Array(lines));
        if let Some(Value::Object(summary)) = booking.get_mut("summary") {
            summary.insert("services".into(), json!(services));
            summary.insert("extras".into(), json!(extras));
            summary.insert("pricing_parameters".into(), json!(params));
        }
    }
    if let (Some(tip), Some(Value::Object(summary))) =
        (changes.get("tip"), booking.get_mut("summary"))
    {
        summary.insert("tip".into(), tip.clone());
        let total = number(summary.get("revenue")) + number(Some(tip));
        summary.insert("total".into(), json!(cents(total)));
    }
    let answer = Value::Object(booking.clone());
    data.reposition(id);
    json_answer(StatusCode::OK, &answer)
}

/// The location that serves a body's address: the first active one whose `postcodes`
/// hold the zip or are empty (serving everywhere), the default first.
fn location_for<'a>(reference: &'a Reference, body: &Map<String, Value>) -> Option<&'a Value> {
    if let Some(id) = body.get("location_id").and_then(Value::as_u64) {
        return reference
            .locations()
            .iter()
            .find(|l| l.get("id").and_then(Value::as_u64) == Some(id));
    }
    let zip = body.get("zip").and_then(Value::as_str);
    let mut serving: Vec<&Value> = reference
        .locations()
        .iter()
        .filter(|l| l.get("active").and_then(Value::as_bool) != Some(false))
        .filter(|l| {
            let codes = l.get("postcodes").and_then(Value::as_array);
            codes.is_none_or(Vec::is_empty)
                || codes.is_some_and(|c| c.iter().any(|p| p.as_str() == zip))
        })
        .collect();
    serving.sort_by_key(|l| l.get("default").and_then(Value::as_bool) != Some(true));
    serving.first().copied()
}

/// `POST /v1/booking/location` (§9): at least one of address, city, state, zip; the
/// location that serves it as `{id, name}`; a miss is a 422 with the location policy's text
/// when the policy prevents booking, else the default location.
pub(crate) async fn find_location(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let mut errors = Errors::default();
    errors.string(&body, "address", 1, 255, false);
    errors.string(&body, "city", 1, 100, false);
    errors.string(&body, "state", 1, 3, false);
    errors.string(&body, "zip", 1, 10, false);
    if !["address", "city", "state", "zip"]
        .iter()
        .any(|k| body.contains_key(*k))
    {
        errors.add(
            "zip",
            "required",
            "one of address, city, state and zip is required",
        );
    }
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let reference = &state.reference;
    match location_for(reference, &body) {
        Some(l) => json_answer(
            StatusCode::OK,
            &json!({"id": l.get("id"), "name": l.get("name")}),
        ),
        None => {
            let policy = reference.object("/v1/policy/location", true);
            let prevent = policy
                .and_then(|p| p.get("prevent_booking"))
                .and_then(Value::as_bool);
            let message = policy
                .and_then(|p| p.get("prevent_booking_text"))
                .and_then(Value::as_str)
                .unwrap_or("no location serves this address");
            if prevent == Some(true) {
                return field_error("zip", "invalid", message);
            }
            text(StatusCode::NOT_FOUND, "Not Found")
        }
    }
}

/// `POST /v1/booking/estimate_price` (§9): `service_date`, `frequency_id` and `services`
/// required; the staff members (`price_adjustment`, ...) and the customer members (`email`,
/// `booking_uuid`, `original_booking_id`) are two schemas, never mixed.
pub(crate) async fn estimate_price(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let reference = &state.reference;
    let mut errors = Errors::default();
    let staff = [
        "price_adjustment",
        "price_adjustment_recurring",
        "final_price",
    ]
    .iter()
    .any(|k| body.contains_key(*k));
    let customer = ["email", "booking_uuid", "original_booking_id"]
        .iter()
        .any(|k| body.contains_key(*k));
    if staff && customer {
        errors.add(
            "price_adjustment",
            "invalid",
            "staff and customer members cannot be mixed",
        );
    }
    if service_instant(reference, body.get("service_date")).is_none() {
        errors.add("service_date", "datetime", "must be YYYY-MM-DDTHH:MM:SS");
    }
    let frequency = errors
        .int(&body, "frequency_id", 1, i64::MAX, true)
        .and_then(|id| reference.frequency(u64::try_from(id).ok()?).cloned());
    if frequency.is_none() && !errors.0.contains_key("frequency_id") {
        errors.add(
            "frequency_id",
            "invalid",
            "is not a frequency of this business",
        );
    }
    let priced = price(reference, body.get("services"));
    if let Err(field) = &priced {
        errors.add(
            field,
            "invalid",
            "must name services, extras and parameters of this business",
        );
    }
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let (Ok((services, extras, params, minutes, _)), Some(frequency)) = (priced, frequency) else {
        return text(StatusCode::BAD_REQUEST, "Bad Request");
    };
    let subtotal = cents(services + extras + params);
    let discount = frequency_discount(&frequency, subtotal);
    let adjustment = number(body.get("price_adjustment"));
    let tip = number(body.get("tip"));
    let after_frequency = cents(subtotal - discount);
    let message = match number(frequency.get("percent")) {
        p if p > 0.0 => format!("{p}% off"),
        _ => String::new(),
    };
    json_answer(
        StatusCode::OK,
        &json!({
            "services": cents(services + params), "extras": extras,
            "discount_amount": discount, "discount_message": message,
            "giftcard_amount": 0, "price_adjustment": adjustment,
            "price_adjustment_after_tax": false, "tip": tip,
            "total": cents(after_frequency + adjustment + tip), "duration": minutes,
            "price_for_frequency": after_frequency, "price_for_discount_by_code": subtotal,
            "price_for_referral": subtotal, "price_recurring_for_frequency": after_frequency,
        }),
    )
}

/// A recurrence interval (`1w`, `2w`, `1m`, `2m15d`) as a span; `None` for one-time (`o`)
/// or an unknown form.
fn interval_span(interval: &str) -> Option<jiff::Span> {
    if interval == "o" || interval.is_empty() {
        return None;
    }
    let mut span = jiff::Span::new();
    let mut digits = String::new();
    for c in interval.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = std::mem::take(&mut digits).parse().ok()?;
        span = match c {
            'd' => span.try_days(n).ok()?,
            'w' => span.try_weeks(n).ok()?,
            'm' => span.try_months(n).ok()?,
            'y' => span.try_years(n).ok()?,
            _ => return None,
        };
    }
    digits.is_empty().then_some(span)
}

/// `POST /v1/booking/frequencies/{id}/next` (§9, login): `{date}` (local) → the next visit
/// `{date}` in UTC; 404 for an unknown frequency, 422 when it does not recur.
pub(crate) async fn next_date(
    State(state): State<Arc<Launch27>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let reference = &state.reference;
    let Some(frequency) = id
        .parse::<u64>()
        .ok()
        .and_then(|id| reference.frequency(id))
    else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    let Some(local) = body
        .get("date")
        .and_then(Value::as_str)
        .and_then(|d| d.parse::<jiff::civil::DateTime>().ok())
    else {
        return field_error("date", "datetime", "must be YYYY-MM-DDTHH:MM:SS");
    };
    let Some(span) = frequency
        .get("interval")
        .and_then(Value::as_str)
        .and_then(interval_span)
    else {
        return field_error("frequency_id", "invalid", "the frequency does not recur");
    };
    match local
        .checked_add(span)
        .ok()
        .and_then(|next| next.to_zoned(reference.time_zone()).ok())
    {
        Some(next) => json_answer(
            StatusCode::OK,
            &json!({"date": next.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()}),
        ),
        None => field_error("date", "datetime", "is out of range"),
    }
}

/// `POST /v1/booking/spots` (§9): `date`, `days` (1–42) and `mode` (`new`, `reschedule`)
/// required. Each day has the hours of the location's `service_availability` for its
/// weekday (`0` Sunday, assumed), a spot every hour from the start while the day's end
/// allows an hour; a spot is `free` unless an active booking of the customer starts then,
/// and `past` when it has begun.
pub(crate) async fn spots(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let mut errors = Errors::default();
    let first = body
        .get("date")
        .and_then(Value::as_str)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok());
    if first.is_none() {
        errors.add("date", "date", "must be YYYY-MM-DD");
    }
    let days = errors.int(&body, "days", 1, MAX_SPOT_DAYS, true);
    if !body
        .get("mode")
        .and_then(Value::as_str)
        .is_some_and(|m| m == "new" || m == "reschedule")
    {
        errors.add("mode", "enum", "must be new or reschedule");
    }
    errors.int(&body, "location_id", 1, i64::MAX, false);
    errors.int(&body, "duration", 0, 1440, false);
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let (Some(first), Some(days)) = (first, days) else {
        return text(StatusCode::BAD_REQUEST, "Bad Request");
    };
    let reference = &state.reference;
    let zone = reference.time_zone();
    let Some(location) = location_for(reference, &body) else {
        return text(StatusCode::NOT_FOUND, "Not Found");
    };
    let taken: Vec<jiff::Timestamp> = lock(&state.data)
        .bookings
        .iter()
        .filter(|b| b.get("active").and_then(Value::as_bool) != Some(false))
        .filter_map(super::service_date)
        .collect();
    let now = jiff::Timestamp::now();
    let mut out = Vec::new();
    let mut day = first;
    for _ in 0..days {
        let weekday = i64::from(day.weekday().to_sunday_zero_offset());
        let hours = location
            .get("service_availability")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter().find(|h| {
                    h.get("weekday").and_then(Value::as_i64) == Some(weekday)
                        && h.get("available").and_then(Value::as_bool) != Some(false)
                })
            });
        let clock = |key: &str| {
            hours
                .and_then(|h| h.get(key))
                .and_then(Value::as_str)
                .and_then(|t| t.parse::<jiff::civil::Time>().ok())
        };
        let mut spots = Vec::new();
        if let (Some(start), Some(end)) = (clock("start_time"), clock("end_time")) {
            let end_minute = i64::from(end.hour()) * 60 + i64::from(end.minute());
            let mut minute = i64::from(start.hour()) * 60 + i64::from(start.minute());
            while minute.saturating_add(SPOT_STEP) <= end_minute {
                let (h, m) = (minute / 60, minute % 60);
                let at = jiff::civil::Time::new(
                    i8::try_from(h).unwrap_or(0),
                    i8::try_from(m).unwrap_or(0),
                    0,
                    0,
                )
                .ok()
                .and_then(|t| day.to_datetime(t).to_zoned(zone.clone()).ok())
                .map(|z| z.timestamp());
                spots.push(json!({
                    "hours": h, "minutes": m, "arrival_window": SPOT_ARRIVAL_WINDOW,
                    "past": at.is_none_or(|at| at <= now),
                    "free": at.is_some_and(|at| !taken.contains(&at)),
                    "max_duration": end_minute - minute,
                }));
                minute = minute.saturating_add(SPOT_STEP);
            }
        }
        out.push(json!({
            "date": day.to_string(),
            "start_time": clock("start_time").map(|t| t.strftime("%H:%M").to_string()),
            "end_time": clock("end_time").map(|t| t.strftime("%H:%M").to_string()),
            "holiday": hours.is_none(),
            "spots": spots,
        }));
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    json_answer(StatusCode::OK, &Value::Array(out))
}

/// A `date` member (a date or a local date-time), checked.
fn date_member(body: &Map<String, Value>) -> Option<jiff::civil::Date> {
    let text = body.get("date")?.as_str()?;
    text.parse::<jiff::civil::DateTime>()
        .map(|d| d.date())
        .or_else(|_| text.parse::<jiff::civil::Date>())
        .ok()
}

/// A JSON body with a `date` member, or the refusal to answer (`hint` says the format).
#[allow(clippy::result_large_err)] // the refusal is the answer, as in json_body
fn dated_body(headers: &HeaderMap, body: &Bytes, hint: &str) -> Result<(), Response> {
    let body = json_body(headers, body)?;
    match date_member(&body) {
        Some(_) => Ok(()),
        None => Err(field_error("date", "date", hint)),
    }
}

/// `POST /v1/booking/teams` (§9, login): `{date}` → the business's teams that day.
pub(crate) async fn teams(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = dated_body(&headers, &body, "must be YYYY-MM-DD") {
        return refused;
    }
    json_answer(
        StatusCode::OK,
        &json!({"teams": state.reference.teams(), "hourly_wages": false}),
    )
}

/// `POST /v1/staff/bookings/available_teams` (§16): `{date}` → every team available (the
/// sandbox keeps no team schedules), none assigned.
pub(crate) async fn available_teams(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = dated_body(&headers, &body, "must be YYYY-MM-DDTHH:MM:SS") {
        return refused;
    }
    json_answer(
        StatusCode::OK,
        &json!({"assigned": [], "available": state.reference.teams(),
                "unavailable": [], "hourly_wages": false}),
    )
}

/// `POST /v1/quote` (§15): `first_name`, `last_name`, `email` (1–255) and `phone` (1–20)
/// required; the quote is stored and answered as `{id, quote_uuid}`.
pub(crate) async fn create_quote(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let mut errors = Errors::default();
    for field in ["first_name", "last_name", "email"] {
        errors.string(&body, field, 1, 255, true);
    }
    errors.string(&body, "phone", 1, 20, true);
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let id = state.next_write.fetch_add(1, Ordering::Relaxed);
    let uuid = format!("qt-sandbox-{id}");
    lock(&state.store).quotes.insert(uuid.clone(), body);
    json_answer(StatusCode::OK, &json!({"id": id, "quote_uuid": uuid}))
}

/// `POST /v1/booking/quote` (§9): `{quote_uuid}` → the quote's members; 404 for an unknown
/// one.
pub(crate) async fn quote(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let Some(uuid) = body.get("quote_uuid").and_then(Value::as_str) else {
        return field_error("quote_uuid", "required", "is required");
    };
    match lock(&state.store).quotes.get(uuid) {
        Some(quote) => json_answer(StatusCode::OK, &Value::Object(quote.clone())),
        None => text(StatusCode::NOT_FOUND, "Not Found"),
    }
}

/// `POST /v1/giftcard` (§13): 403 without the plan's `gift_cards` feature; the six members
/// required, `amount` above zero. Answers the analytics and a payment intent secret.
pub(crate) async fn create_gift_card(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    if !state.reference.feature("gift_cards") {
        return text(StatusCode::FORBIDDEN, "Forbidden");
    }
    let mut errors = Errors::default();
    for field in [
        "recipient_name",
        "recipient_email",
        "sender_name",
        "sender_email",
        "message",
    ] {
        errors.string(&body, field, 1, 255, true);
    }
    let amount = body
        .get("amount")
        .and_then(Value::as_f64)
        .filter(|a| *a > 0.0);
    if amount.is_none() {
        errors.add("amount", "number_gt", "must be greater than 0");
    }
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let n = state.next_write.fetch_add(1, Ordering::Relaxed);
    let id = format!("gc-sandbox-{n}");
    json_answer(
        StatusCode::OK,
        &json!({
            "ga_transaction": {"id": id, "affilation": state.reference.business(), "revenue": amount},
            "ga_item": {"id": id, "name": "Gift card", "price": amount, "quantity": 1},
            "stripe_payment_intent_secret": format!("pi_sandbox_{n}_secret_sandbox"),
            "stripe_requires_action": false,
        }),
    )
}

/// `POST /v1/giftcard/discount` (§13): `{email, code}` → `{message, percent}` for a known
/// code; 422 for another; 403 without the plan feature.
pub(crate) async fn check_discount(
    State(state): State<Arc<Launch27>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = match json_body(&headers, &body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    if !state.reference.feature("gift_cards") {
        return text(StatusCode::FORBIDDEN, "Forbidden");
    }
    let mut errors = Errors::default();
    errors.string(&body, "email", 1, 255, true);
    errors.string(&body, "code", 1, 255, true);
    if let Some(refused) = errors.answer() {
        return refused;
    }
    let code = body.get("code").and_then(Value::as_str).unwrap_or("");
    match lock(&state.store).discounts.get(code) {
        Some(answer) => json_answer(StatusCode::OK, answer),
        None => field_error("code", "invalid", "is not a valid code"),
    }
}

/// The payment endpoints (§14): each checks its required members and answers fresh
/// sandbox tokens in the vendor's members.
pub(crate) fn payment(state: &Launch27, step: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    let body = match json_body(headers, body) {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let n = state.next_write.fetch_add(1, Ordering::Relaxed);
    let (required, answer): (&[&str], Value) = match step {
        "setup_intent" => (
            &["email"],
            json!({"stripe_setup_intent_secret": format!("seti_sandbox_{n}_secret_sandbox")}),
        ),
        "authorize_charge" => (
            &["token", "stripe_setup_intent_id"],
            json!({"stripe_requires_action": false,
                   "stripe_payment_intent_secret": format!("pi_sandbox_{n}_secret_sandbox")}),
        ),
        "fspay_token" => (
            &[],
            json!({"authentication_key": format!("fs-sandbox-{n}")}),
        ),
        "fspay_exchange" => (
            &["hosted_payment_account_id"],
            json!({"fspay_payment_method_id": format!("fspm-sandbox-{n}")}),
        ),
        _ => return text(StatusCode::NOT_FOUND, "Not Found"),
    };
    let mut errors = Errors::default();
    for field in required {
        errors.string(&body, field, 1, 255, true);
    }
    match errors.answer() {
        Some(refused) => refused,
        None => json_answer(StatusCode::OK, &answer),
    }
}

/// `GET /v1/booking/services` (§9): `booking_uuid` (a booking's digest) needs a login and
/// a booking of the caller.
pub(crate) async fn services(
    State(state): State<Arc<Launch27>>,
    Extension(caller): Extension<Caller>,
    axum::extract::Query(query): axum::extract::Query<BTreeMap<String, String>>,
) -> Response {
    if let Some(uuid) = query.get("booking_uuid") {
        if caller.0.is_none() {
            return text(StatusCode::UNAUTHORIZED, "Unauthorized");
        }
        let known = lock(&state.data)
            .bookings
            .iter()
            .any(|b| b.get("digest").and_then(Value::as_str) == Some(uuid));
        if !known {
            return text(StatusCode::NOT_FOUND, "Not Found");
        }
    }
    match state.reference.services(&query) {
        Ok(answer) => json_answer(StatusCode::OK, &answer),
        Err(name) => field_error(&name, "invalid", "is not a location of this business"),
    }
}
