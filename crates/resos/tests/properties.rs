//! Properties of resOS's response decoding, `customQuery` quoting and personal data in `Debug`.
//!
//! - Any bytes (arbitrary JSON, mutated fixture bodies) decode into every response model or
//!   yield `Error::Decode` with a field path; nothing panics.
//! - `customQuery` string values cannot inject conditions or operators: the rendered expression
//!   parses back into exactly the conditions that were built.
//! - `{:?}` of a booking or customer shows no guest e-mail or phone; JSON round-trips.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use contract::props::{self, Decoder};
use proptest::prelude::*;
use resos::{CustomQuery, Operator, QueryValue, Sort};

const DECODERS: &[Decoder] = &[
    ("Booking", props::decode::<resos::Booking>),
    ("Vec<Booking>", props::decode::<Vec<resos::Booking>>),
    ("Customer", props::decode::<resos::Customer>),
    ("Vec<Customer>", props::decode::<Vec<resos::Customer>>),
    ("Vec<Table>", props::decode::<Vec<resos::Table>>),
    ("Vec<Area>", props::decode::<Vec<resos::Area>>),
    ("Vec<OpeningHour>", props::decode::<Vec<resos::OpeningHour>>),
    ("Order", props::decode::<resos::Order>),
    (
        "Vec<FeedbackEntry>",
        props::decode::<Vec<resos::FeedbackEntry>>,
    ),
    ("Vec<CustomField>", props::decode::<Vec<resos::CustomField>>),
    (
        "Vec<AvailableTimes>",
        props::decode::<Vec<resos::AvailableTimes>>,
    ),
    ("BookableDates", props::decode::<resos::BookableDates>),
    ("AvailableTables", props::decode::<resos::AvailableTables>),
];

contract::decoding_properties!("resos", DECODERS);

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn custom_query_values_round_trip_and_inject_nothing(conditions in conditions()) {
        let mut q = CustomQuery::new();
        for (field, op, value) in &conditions {
            q = q.condition(field.clone(), *op, value.clone());
        }
        let expression = q.to_expression().unwrap();
        let parsed = parse(&expression).unwrap_or_else(|e| panic!("{e}: {expression}"));
        prop_assert_eq!(parsed.len(), conditions.len(), "{}", expression);
        for ((field, op, value), (pf, pop, pv)) in conditions.iter().zip(&parsed) {
            prop_assert_eq!(field, pf);
            prop_assert_eq!(op.as_str(), pop.as_str());
            let expected = match value {
                QueryValue::String(s) => s.clone(),
                QueryValue::Number(n) => n.to_string(),
                QueryValue::Bool(b) => b.to_string(),
                other => panic!("not generated: {other:?}"),
            };
            prop_assert_eq!(&expected, pv, "{}", expression);
        }
    }

    #[test]
    fn field_paths_with_operators_are_refused(field in "[a-z]{0,4}[^a-zA-Z0-9_.]{1,3}[a-z.]{0,4}", value in "\\PC{0,8}") {
        let q = CustomQuery::new().equals(field.clone(), value.as_str());
        let refused = matches!(q.to_expression(), Err(resos::Error::Validation { .. }));
        prop_assert!(refused, "field {:?} was accepted", field);
        let refused = matches!(Sort::asc(field.clone()).to_param(), Err(resos::Error::Validation { .. }));
        prop_assert!(refused, "sort field {:?} was accepted", field);
    }

    #[test]
    fn sort_round_trips(keys in prop::collection::vec((field(), any::<bool>()), 1..5)) {
        let mut sort = Sort::default();
        for (field, asc) in &keys {
            sort = if *asc { sort.then_asc(field.clone()) } else { sort.then_desc(field.clone()) };
        }
        let param = sort.to_param().unwrap();
        prop_assert_eq!(Sort::parse(&param).unwrap(), sort);
    }
}

/// A valid field path.
fn field() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,8}(\\.[a-zA-Z0-9_]{1,6}){0,2}"
}

/// Conditions whose values are hostile strings (quotes, backslashes, commas, operator
/// characters), numbers and booleans, each with an operator that takes it.
fn conditions() -> impl Strategy<Value = Vec<(String, Operator, QueryValue)>> {
    let hostile = prop_oneof![
        "\\PC{0,12}",
        "[\"\\\\,:;<> a]{0,12}",
        Just("a\",people>1,x:\"".to_owned()),
        Just("\\".to_owned()),
    ];
    let string = (
        prop::sample::select(vec![Operator::Equals, Operator::Contains]),
        hostile,
    )
        .prop_map(|(op, s)| (op, QueryValue::String(s)));
    let number = (
        prop::sample::select(vec![
            Operator::Equals,
            Operator::LessThan,
            Operator::GreaterThan,
        ]),
        -1.0e6f64..1.0e6,
    )
        .prop_map(|(op, n)| (op, QueryValue::Number(n)));
    let boolean = any::<bool>().prop_map(|b| (Operator::Equals, QueryValue::Bool(b)));
    let value = prop_oneof![3 => string, 1 => number, 1 => boolean];
    prop::collection::vec((field(), value).prop_map(|(f, (op, v))| (f, op, v)), 0..5)
}

/// A reader of the expression syntax (independent of the crate's writer): conditions split on
/// commas outside quotes, a field of `[A-Za-z0-9_.]`, one operator character, then a quoted
/// value (backslash escapes) or a bare one. Returns `(field, operator, value text)`.
fn parse(expr: &str) -> Result<Vec<(String, String, String)>, String> {
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
        if !matches!(op, '<' | '>' | ':' | ';') {
            return Err(format!("`{op}` is not an operator"));
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next().ok_or("unterminated string")? {
                    '\\' => value.push(chars.next().ok_or("dangling escape")?),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
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

#[test]
fn debug_of_bookings_and_customers_masks_guest_contact() {
    let body = serde_json::json!({
        "_id": "Bk1", "restaurantId": "R1", "date": "2024-05-10", "time": "19:30",
        "people": 2, "status": "approved",
        "guest": {"name": "Guest 7", "email": "guest7@example.org", "phone": "+4520000007"}
    });
    let booking: resos::Booking = serde_json::from_value(body.clone()).unwrap();
    let debug = format!("{booking:?} {booking:#?}");
    assert!(!debug.contains("guest7@example.org"), "{debug}");
    assert!(!debug.contains("4520000007"), "{debug}");
    let guest = booking.guest.as_ref().unwrap();
    assert_eq!(guest.email.as_deref(), Some("guest7@example.org"));
    // Transparent in serde: the JSON is what came in.
    let again = serde_json::to_value(&booking).unwrap();
    assert_eq!(again["guest"], body["guest"]);

    let customer: resos::Customer = serde_json::from_value(serde_json::json!({
        "_id": "C1", "name": "Ada", "email": "ada@example.org", "phone": "+4511111111"
    }))
    .unwrap();
    let debug = format!("{customer:?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("4511111111"),
        "{debug}"
    );

    let new = resos::NewGuest::new("Ada")
        .email("ada@example.org")
        .phone("+4511111111");
    let debug = format!("{new:?}");
    assert!(
        !debug.contains("ada@example.org") && !debug.contains("4511111111"),
        "{debug}"
    );
    assert_eq!(
        serde_json::to_value(&new).unwrap()["email"],
        serde_json::json!("ada@example.org")
    );
}

#[test]
fn the_reader_reads_what_the_docs_show() {
    let parsed = parse(r#"people>2,status:"approved",source;"goo\"gle,x""#).unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed[2].2, "goo\"gle,x");
}
