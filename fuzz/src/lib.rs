//! The bodies of the fuzz targets, as plain functions: each takes the fuzzer's bytes and
//! panics only when a property breaks (a panic inside a client is a finding too). The same
//! properties, with proptest, are the crates' `tests/properties.rs`.

use contract::props::{self, Decoder};

/// Decodes `data` into every model of `decoders`: `Ok`, `Error::Decode` with a path, or
/// `Error::EmptyBody` for blank input; anything else (or a panic) is a finding.
pub fn decode_all(decoders: &[Decoder], data: &[u8]) {
    if let Err(e) = props::check(decoders, data) {
        panic!("{e}");
    }
}

/// resOS response models.
pub const RESOS: &[Decoder] = &[
    ("Booking", props::decode::<resos::Booking>),
    ("Vec<Booking>", props::decode::<Vec<resos::Booking>>),
    ("Customer", props::decode::<resos::Customer>),
    ("Vec<Table>", props::decode::<Vec<resos::Table>>),
    ("Vec<OpeningHour>", props::decode::<Vec<resos::OpeningHour>>),
    ("Order", props::decode::<resos::Order>),
    (
        "Vec<AvailableTimes>",
        props::decode::<Vec<resos::AvailableTimes>>,
    ),
];

/// Launch27 response models.
pub const LAUNCH27: &[Decoder] = &[
    ("Profile", props::decode::<launch27::Profile>),
    ("LoginResponse", props::decode::<launch27::LoginResponse>),
    ("Vec<Service>", props::decode::<Vec<launch27::Service>>),
    ("PriceEstimate", props::decode::<launch27::PriceEstimate>),
    (
        "Vec<CustomerBooking>",
        props::decode::<Vec<launch27::CustomerBooking>>,
    ),
    (
        "Vec<StaffBooking>",
        props::decode::<Vec<launch27::StaffBooking>>,
    ),
    ("BookingForm", props::decode::<launch27::BookingForm>),
];

/// Resource Guru response models.
pub const RESOURCE_GURU: &[Decoder] = &[
    ("Booking", props::decode::<resource_guru::Booking>),
    ("Vec<Booking>", props::decode::<Vec<resource_guru::Booking>>),
    ("Resource", props::decode::<resource_guru::Resource>),
    ("Project", props::decode::<resource_guru::Project>),
    ("Downtime", props::decode::<resource_guru::Downtime>),
    (
        "ResourcesReport",
        props::decode::<resource_guru::ResourcesReport>,
    ),
    ("Delivery", props::decode::<resource_guru::Delivery>),
];

/// Rightech response models.
pub const RIGHTECH: &[Decoder] = &[
    ("Object", props::decode::<rightech::Object>),
    ("Vec<Object>", props::decode::<Vec<rightech::Object>>),
    ("Model", props::decode::<rightech::Model>),
    ("Vec<Event>", props::decode::<Vec<rightech::Event>>),
    ("Task", props::decode::<rightech::Task>),
    ("User", props::decode::<rightech::User>),
    ("Vec<Packet>", props::decode::<Vec<rightech::Packet>>),
];

/// The fixture loader takes any text: a fixture, or lint errors with messages.
pub fn fixture_loader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let path = std::path::Path::new("fixtures/resos/bookings.get.json");
    match contract::fixture::parse_fixture(path, &text, "resos") {
        Ok(_) => {}
        Err(errors) => assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty())),
    }
}

/// `customQuery`: the bytes, split on `0xff`, are field/value pairs; a rendered expression
/// reads back as exactly the conditions built (values cannot inject operators or conditions).
pub fn custom_query(data: &[u8]) {
    let parts: Vec<String> = data
        .split(|b| *b == 0xff)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let mut q = resos::CustomQuery::new();
    let mut built = Vec::new();
    for pair in parts.chunks(2) {
        let (Some(field), Some(value)) = (pair.first(), pair.get(1)) else {
            break;
        };
        let op = if field.len() % 2 == 0 {
            resos::Operator::Equals
        } else {
            resos::Operator::Contains
        };
        q = q.condition(field.clone(), op, resos::QueryValue::String(value.clone()));
        built.push((field.clone(), op.as_str().to_owned(), value.clone()));
    }
    let Ok(expression) = q.to_expression() else {
        return; // a field that is not a path is refused before anything is sent
    };
    let read = read_expression(&expression);
    assert_eq!(read.as_ref(), Ok(&built), "{expression}");
}

/// Reads `field<op>"value",...` (quoted values with backslash escapes).
fn read_expression(expr: &str) -> Result<Vec<(String, String, String)>, String> {
    let mut out = Vec::new();
    if expr.is_empty() {
        return Ok(out);
    }
    let mut chars = expr.chars().peekable();
    loop {
        let mut field = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                field.push(c);
                chars.next();
            } else {
                break;
            }
        }
        let op = chars.next().ok_or("no operator")?;
        if chars.next() != Some('"') {
            return Err("value not quoted".into());
        }
        let mut value = String::new();
        loop {
            match chars.next().ok_or("unterminated")? {
                '\\' => value.push(chars.next().ok_or("dangling escape")?),
                '"' => break,
                c => value.push(c),
            }
        }
        out.push((field, op.to_string(), value));
        match chars.next() {
            None => return Ok(out),
            Some(',') => {}
            Some(c) => return Err(format!("`{c}` after a value")),
        }
    }
}

/// Redaction: the bytes, split at the first `0xff`, are a secret and a text; a secret of 4+
/// characters sharing none with `[redacted]` never survives `redact` (the replacement cannot
/// re-form it), and `window`/`truncate` take any text.
pub fn redact(data: &[u8]) {
    let (secret, text) = match data.iter().position(|b| *b == 0xff) {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 1..).unwrap_or_default(),
        ),
        None => (&[][..], data),
    };
    let secret = String::from_utf8_lossy(secret).into_owned();
    let text = String::from_utf8_lossy(text).into_owned();
    let out = core_http::redact::redact(&text, std::slice::from_ref(&secret));
    let checkable = secret.chars().count() >= 4
        && !secret
            .chars()
            .any(|c| core_http::redact::REDACTED.contains(c) || c == '"' || c == '\\');
    if checkable {
        assert!(!out.contains(&secret), "{secret:?} survived in {out:?}");
    }
    let _ = core_http::redact::window(&text, data.len());
    let _ = core_http::redact::truncate(&text);
}

/// Seeds: the response bodies of a vendor's fixtures (for `cargo xtask fuzz`).
pub fn seeds(vendor: &str) -> Vec<Vec<u8>> {
    props::response_bodies(vendor)
        .iter()
        .filter_map(|b| serde_json::to_vec(b).ok())
        .collect()
}
