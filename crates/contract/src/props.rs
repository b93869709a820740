//! Property-test support for the vendor crates' `tests/properties.rs`: proptest strategies that
//! make arbitrary JSON and mutated fixture bodies, and the check every response decoder must
//! pass on them.
//!
//! The property: decoding any bytes into a vendor model never panics; it either succeeds or
//! yields [`core_http::Error::Decode`] with a field path (`.` for the root), or
//! [`core_http::Error::EmptyBody`] for a blank body. Nothing else.
//!
//! ```no_run
//! use contract::props::{self, Decoder};
//! use proptest::prelude::*;
//!
//! #[derive(serde::Deserialize)]
//! struct Item {
//!     id: u64,
//! }
//! const DECODERS: &[Decoder] = &[("Item", props::decode::<Item>)];
//!
//! proptest! {
//!     #[test]
//!     fn items_decode_or_fail_with_a_path(body in props::mutated_body("_selftest")) {
//!         props::check(DECODERS, &body)?;
//!     }
//! }
//! ```

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::fixture::{load_dir_partial, vendor_dir};

/// A named decoder of one model type: `(type name, decode function)`.
pub type Decoder = (&'static str, fn(&[u8]) -> core_http::Result<()>);

/// Decodes `body` as `T` the way the clients do ([`core_http::decode_json`]), dropping the value.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> core_http::Result<()> {
    core_http::decode_json::<T>(body, &[]).map(|_: T| ())
}

/// Checks the decoding property for every decoder on `body`.
pub fn check(decoders: &[Decoder], body: &[u8]) -> Result<(), TestCaseError> {
    for (name, decode) in decoders {
        match decode(body) {
            Ok(()) => {}
            Err(core_http::Error::Decode { path, .. }) => {
                prop_assert!(!path.is_empty(), "{name}: a decode error without a path");
            }
            Err(core_http::Error::EmptyBody { .. }) => {
                prop_assert!(
                    body.iter().all(u8::is_ascii_whitespace),
                    "{name}: EmptyBody for a body that is not blank"
                );
            }
            Err(other) => {
                return Err(TestCaseError::fail(format!(
                    "{name}: unexpected error {other:?} for {}",
                    String::from_utf8_lossy(body)
                )));
            }
        }
    }
    Ok(())
}

/// The JSON response bodies (any status, `null` ones left out) of a vendor's fixtures.
pub fn response_bodies(vendor: &str) -> Vec<Value> {
    let (fixtures, _) = load_dir_partial(&vendor_dir(vendor));
    fixtures
        .iter()
        .flat_map(|f| f.exchanges.iter())
        .map(|e| e.response.body.clone())
        .filter(|b| !b.is_null())
        .collect()
}

/// Every object key that occurs in `bodies` (sorted, without repeats): arbitrary JSON built
/// from these reaches into the models' fields instead of landing in `extra`.
pub fn keys_of(bodies: &[Value]) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.push(k.clone());
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    bodies.iter().for_each(|b| walk(b, &mut out));
    out.sort();
    out.dedup();
    out
}

/// Arbitrary JSON values whose object keys are drawn from `keys` (or are random), with the
/// leaves vendors get wrong: numbers as strings, huge and negative numbers, odd dates, empty
/// strings, non-ASCII text.
pub fn arbitrary_json(keys: Vec<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,16}".prop_map(Value::String),
        prop::sample::select(vec![
            "",
            "0",
            "-1",
            "1.5",
            "true",
            "null",
            "2024-02-30",
            "2024-05-01T19:00:00Z",
            "2024-05-01T19:00:00+02:00",
            "19:00",
            "25:61",
            "+447700900123",
            "[]",
            "{}",
            "1e400",
            "Europe/Copenhagen",
            "Eastern Time (US & Canada)",
        ])
        .prop_map(Value::from),
    ];
    let key = if keys.is_empty() {
        "[a-z_]{1,8}".boxed()
    } else {
        prop_oneof![4 => prop::sample::select(keys), 1 => "[a-zA-Z_]{1,8}"].boxed()
    };
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// One change to a fixture body.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Replace the n-th node (pre-order) with another value.
    Replace(Index, Value),
    /// Remove the n-th node from its object or array.
    Remove(Index),
    /// Write the n-th node's number as a string, a string as a number, wrap anything else in
    /// an array.
    Retype(Index),
    /// Cut the serialised body at a byte.
    Truncate(Index),
    /// Overwrite one byte of the serialised body (also with bytes that are not UTF-8).
    Byte(Index, u8),
    /// Repeat the first key of the n-th object with another value (duplicate keys).
    Duplicate(Index, Value),
}

/// Mutated fixture bodies of `vendor`, as the bytes a server would send.
pub fn mutated_body(vendor: &str) -> impl Strategy<Value = Vec<u8>> {
    let bodies = response_bodies(vendor);
    let keys = keys_of(&bodies);
    let bodies = if bodies.is_empty() {
        vec![Value::Null]
    } else {
        bodies
    };
    let value = arbitrary_json(keys).boxed();
    let mutation = prop_oneof![
        3 => (any::<Index>(), value.clone()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => any::<Index>().prop_map(Mutation::Remove),
        2 => any::<Index>().prop_map(Mutation::Retype),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Byte(i, b)),
        1 => (any::<Index>(), value).prop_map(|(i, v)| Mutation::Duplicate(i, v)),
    ];
    (
        prop::sample::select(bodies),
        prop::collection::vec(mutation, 1..4),
    )
        .prop_map(|(body, mutations): (Value, Vec<Mutation>)| apply(body, &mutations))
}

/// Arbitrary JSON (keys from `vendor`'s fixtures), serialised.
pub fn arbitrary_body(vendor: &str) -> impl Strategy<Value = Vec<u8>> {
    arbitrary_json(keys_of(&response_bodies(vendor)))
        .prop_map(|v| serde_json::to_vec(&v).unwrap_or_default())
}

/// Applies `mutations` in order; the byte-level ones work on the serialised text, after which
/// the remaining structural ones have nothing to work on and are skipped.
pub fn apply(body: Value, mutations: &[Mutation]) -> Vec<u8> {
    let mut value = body;
    let mut bytes: Option<Vec<u8>> = None;
    for m in mutations {
        match (m, bytes.as_mut()) {
            (Mutation::Replace(i, v), None) => {
                if let Some(node) = nth_node(&mut value, i) {
                    *node = v.clone();
                }
            }
            (Mutation::Remove(i), None) => remove_nth(&mut value, i),
            (Mutation::Retype(i), None) => {
                if let Some(node) = nth_node(&mut value, i) {
                    *node = match node.take() {
                        Value::Number(n) => Value::String(n.to_string()),
                        Value::String(s) => s
                            .parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map_or(Value::from(s.len()), Value::Number),
                        other => Value::Array(vec![other]),
                    };
                }
            }
            (Mutation::Duplicate(i, v), None) => {
                let text = duplicate_key(&value, i, v);
                bytes = Some(text.into_bytes());
            }
            (Mutation::Truncate(i), _) => {
                let b = bytes.get_or_insert_with(|| serde_json::to_vec(&value).unwrap_or_default());
                let cut = i.index(b.len() + 1);
                b.truncate(cut);
            }
            (Mutation::Byte(i, byte), _) => {
                let b = bytes.get_or_insert_with(|| serde_json::to_vec(&value).unwrap_or_default());
                if !b.is_empty() {
                    let at = i.index(b.len());
                    if let Some(slot) = b.get_mut(at) {
                        *slot = *byte;
                    }
                }
            }
            (_, Some(_)) => {}
        }
    }
    bytes.unwrap_or_else(|| serde_json::to_vec(&value).unwrap_or_default())
}

/// Number of nodes of `v` (pre-order).
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(count).sum(),
        Value::Array(a) => a.iter().map(count).sum(),
        _ => 0,
    }
}

/// The node at pre-order position `i.index(count)`.
fn nth_node<'a>(v: &'a mut Value, i: &Index) -> Option<&'a mut Value> {
    let n = i.index(count(v));
    nth(v, n)
}

fn nth(v: &mut Value, mut n: usize) -> Option<&mut Value> {
    if n == 0 {
        return Some(v);
    }
    n -= 1;
    let children: Vec<&mut Value> = match v {
        Value::Object(m) => m.values_mut().collect(),
        Value::Array(a) => a.iter_mut().collect(),
        _ => return None,
    };
    for child in children {
        let c = count(child);
        if n < c {
            return nth(child, n);
        }
        n -= c;
    }
    None
}

/// Removes one child of the n-th container node (if it is one and has children).
fn remove_nth(v: &mut Value, i: &Index) {
    let Some(node) = nth_node(v, i) else { return };
    match node {
        Value::Object(m) => {
            if let Some(k) = m.keys().nth(i.index(m.len().max(1))).cloned() {
                m.shift_remove(&k);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            a.remove(i.index(a.len()));
        }
        _ => {}
    }
}

/// `value` serialised with the first key of its n-th object written twice, the second time
/// with `other` (serde_json's `Value` cannot hold a repeated key, so this works on text).
fn duplicate_key(value: &Value, i: &Index, other: &Value) -> String {
    duplicate_key_at(value, |objects| i.index(objects), other)
}

/// [`duplicate_key`] with the object chosen by `pick(number of objects)`.
fn duplicate_key_at(value: &Value, pick: impl Fn(usize) -> usize, other: &Value) -> String {
    let mut value = value.clone();
    let objects = {
        fn objects(v: &Value) -> usize {
            usize::from(v.is_object())
                + match v {
                    Value::Object(m) => m.values().map(objects).sum(),
                    Value::Array(a) => a.iter().map(objects).sum(),
                    _ => 0,
                }
        }
        objects(&value)
    };
    if objects == 0 {
        return serde_json::to_string(&value).unwrap_or_default();
    }
    // Mark the chosen object's first key with a unique placeholder value, then splice.
    const MARK: &str = "\u{1}bookbridge-duplicate\u{1}";
    let target = pick(objects);
    let mut seen = 0;
    fn mark(v: &mut Value, target: usize, seen: &mut usize) -> Option<String> {
        if let Value::Object(m) = v {
            if *seen == target {
                let first = m.keys().next().cloned()?;
                let old = m.insert(first.clone(), Value::from(MARK))?;
                return serde_json::to_string(&old).ok();
            }
            *seen += 1;
            for child in m.values_mut() {
                if let Some(found) = mark(child, target, seen) {
                    return Some(found);
                }
            }
        } else if let Value::Array(a) = v {
            for child in a.iter_mut() {
                if let Some(found) = mark(child, target, seen) {
                    return Some(found);
                }
            }
        }
        None
    }
    let Some(old) = mark(&mut value, target, &mut seen) else {
        return serde_json::to_string(&value).unwrap_or_default();
    };
    let text = serde_json::to_string(&value).unwrap_or_default();
    let marker = serde_json::to_string(MARK).unwrap_or_default();
    // `"k":<MARK>` becomes `"k":<old>,"k":<other>`: find the key text before the marker.
    let Some(at) = text.find(&marker) else {
        return text;
    };
    let before = text.get(..at).unwrap_or("");
    let key_start = before
        .trim_end_matches(':')
        .rfind(['{', ','])
        .map_or(0, |p| p + 1);
    let key = before.get(key_start..).unwrap_or("");
    let after = text.get(at + marker.len()..).unwrap_or("");
    let other = serde_json::to_string(other).unwrap_or_default();
    format!("{before}{old},{key}{other}{after}")
}

/// The two decoding properties every vendor crate checks, as tests:
/// `arbitrary_json_decodes_or_fails_with_a_path` and
/// `mutated_fixture_bodies_decode_or_fail_with_a_path` (256 cases each), over `decoders` and
/// the vendor's fixture bodies. The calling crate needs `proptest` as a dev-dependency.
///
/// ```text
/// contract::decoding_properties!("resos", DECODERS);
/// ```
#[macro_export]
macro_rules! decoding_properties {
    ($vendor:literal, $decoders:expr) => {
        ::proptest::proptest! {
            #![proptest_config(::proptest::prelude::ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_json_decodes_or_fails_with_a_path(
                body in $crate::props::arbitrary_body($vendor)
            ) {
                $crate::props::check($decoders, &body)?;
            }

            #[test]
            fn mutated_fixture_bodies_decode_or_fail_with_a_path(
                body in $crate::props::mutated_body($vendor)
            ) {
                $crate::props::check($decoders, &body)?;
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_key_writes_the_first_key_twice() {
        let v = serde_json::json!({"a": {"x": 1, "y": 2}, "b": 3});
        let text = duplicate_key_at(&v, |_| 1, &Value::from("z"));
        assert_eq!(text, r#"{"a":{"x":1,"x":"z","y":2},"b":3}"#);
    }

    #[test]
    fn nodes_are_counted_in_pre_order() {
        let mut v = serde_json::json!({"a": [1, 2], "b": 3});
        assert_eq!(count(&v), 5);
        assert_eq!(nth(&mut v, 3).cloned(), Some(Value::from(2)));
        assert_eq!(nth(&mut v, 4).cloned(), Some(Value::from(3)));
    }
}
