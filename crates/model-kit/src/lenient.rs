//! Serde helpers for answers that bend their documented shape in known ways.
//!
//! - [`sparse_vec`] / [`opt_sparse_vec`]: an array that arrives as an object with numeric-string
//!   keys (`{"0": "123", "1": 124}`, how PHP and Rails write a sparse array) decodes as the
//!   array, in numeric key order.
//! - [`Single`]: one object that arrives as a one-element array decodes as that object; a
//!   longer array is an error.
//! - [`u64_or_digits`] / [`opt_u64`]: an unsigned integer sent as a number or a string of
//!   digits.
//! - [`opt_f64`], [`opt_bool`], [`opt_string`]: numbers, booleans and strings in the other
//!   shapes vendors send them (`"12.5"`, `"1"`/`"true"`, `12`).
//! - [`nullable`] tells an absent field from an explicit `null`; [`null_as_default`] reads
//!   `null` as the type's default.
//!
//! ```
//! use model_kit::lenient::{self, Single};
//!
//! #[derive(serde::Deserialize)]
//! struct Team {
//!     #[serde(deserialize_with = "lenient::sparse_vec")]
//!     member_ids: Vec<serde_json::Value>,
//! }
//!
//! let t: Team = serde_json::from_str(r#"{"member_ids": {"1": 124, "0": "123"}}"#)?;
//! assert_eq!(t.member_ids, vec![serde_json::json!("123"), serde_json::json!(124)]);
//!
//! let Single(t): Single<Team> = serde_json::from_str(r#"[{"member_ids": []}]"#)?;
//! assert!(t.member_ids.is_empty());
//! assert!(serde_json::from_str::<Single<Team>>(r#"[{"member_ids": []}, {"member_ids": []}]"#).is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Decodes an array, or an object whose keys are array indexes (`"0"`, `"1"`, ... possibly with
/// gaps, in any order) as the array of its values in numeric key order.
pub fn sparse_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(SparseVisitor(PhantomData))
}

/// [`sparse_vec`] for an optional field: `null` is `None`. Use with `#[serde(default)]`.
pub fn opt_sparse_vec<'de, D, T>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_option(OptSparseVisitor(PhantomData))
}

struct SparseVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SparseVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, or an object with array indexes as keys")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries: Vec<(u64, T)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let index = key.trim().parse::<u64>().map_err(|_| {
                de::Error::invalid_value(de::Unexpected::Str(&key), &"an array index as key")
            })?;
            entries.push((index, map.next_value()?));
        }
        // Stable: keys that name the same index keep their order.
        entries.sort_by_key(|(index, _)| *index);
        Ok(entries.into_iter().map(|(_, value)| value).collect())
    }
}

struct OptSparseVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptSparseVisitor<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null, an array, or an object with array indexes as keys")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        sparse_vec(deserializer).map(Some)
    }
}

/// One value that may arrive wrapped in a one-element array. A longer (or empty) array is an
/// error; an object decodes as `T` directly.
#[derive(Clone, Debug, PartialEq)]
pub struct Single<T>(pub T);

impl<T> Single<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Single<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(SingleVisitor(PhantomData))
            .map(Single)
    }
}

struct SingleVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SingleVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or an array of exactly one object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let Some(value) = seq.next_element::<T>()? else {
            return Err(de::Error::invalid_length(0, &self));
        };
        let mut count = 1;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        if count > 1 {
            return Err(de::Error::invalid_length(count, &self));
        }
        Ok(value)
    }
}

/// An unsigned integer sent as a number (`42`, `42.0`) or a string of digits (`"42"`, spaces
/// trimmed). Negative, fractional and out-of-range values are errors.
pub fn u64_or_digits<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_any(U64Visitor)
}

/// [`u64_or_digits`] for an optional field: `null` and `""` are `None`. Use with
/// `#[serde(default)]`.
pub fn opt_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_option(OptVisitor(U64Visitor))
}

/// A number sent as a number or a numeric string; `null` and `""` are `None`. Use with
/// `#[serde(default)]`.
pub fn opt_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_option(OptVisitor(F64Visitor))
}

/// `true`/`false`, `1`/`0`, or the strings `"true"`/`"false"`, `"1"`/`"0"`, `"yes"`/`"no"`
/// (`""` is false); `null` is `None`. Use with `#[serde(default)]`.
pub fn opt_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_option(OptVisitor(BoolVisitor))
}

/// A string, or a number or boolean written as text (`12` → `"12"`); `null` is `None`. Use
/// with `#[serde(default)]`.
pub fn opt_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_option(OptVisitor(StringVisitor))
}

/// For `Option<Option<T>>` fields: absent is `None` (with `#[serde(default)]`), `null` is
/// `Some(None)`, a value is `Some(Some(value))`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// `null` as `T::default()` (an empty list for `null` instead of an error).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Largest `f64` below 2^64, so that a whole float converts to `u64` exactly.
const U64_FLOAT_LIMIT: f64 = 18_446_744_073_709_549_568.0;

struct U64Visitor;

impl Visitor<'_> for U64Visitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer or a string of digits")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::custom(format!("expected a non-negative integer, got {v}")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        if v.fract() == 0.0 && (0.0..=U64_FLOAT_LIMIT).contains(&v) {
            // Whole and in range: the conversion is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(v as u64)
        } else {
            Err(E::custom(format!(
                "expected a non-negative integer, got {v}"
            )))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::custom(format!("expected a string of digits, got {v:?}")))
    }
}

struct F64Visitor;

impl Visitor<'_> for F64Visitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a numeric string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        #[allow(clippy::cast_precision_loss)]
        Ok(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::custom(format!("expected a number, got {v:?}")))
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, 0/1, or a boolean written as text")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format!("expected a boolean, got {v}"))),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::custom(format!("expected a boolean, got {v}"))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            _ => Err(E::custom(format!("expected a boolean, got {v:?}"))),
        }
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or a boolean")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Wraps a scalar visitor: `null`/absent is `None`, a blank string is `None` (except for
/// strings, where it is kept), anything else goes to the inner visitor.
struct OptVisitor<V>(V);

impl<'de, V> Visitor<'de> for OptVisitor<V>
where
    V: Visitor<'de> + BlankIsNone,
{
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if V::BLANK_IS_NONE && v.trim().is_empty() {
            return Ok(None);
        }
        self.0.visit_str(v).map(Some)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if V::BLANK_IS_NONE && v.trim().is_empty() {
            return Ok(None);
        }
        self.0.visit_string(v).map(Some)
    }
}

/// Whether an optional value written as a blank string means "none".
trait BlankIsNone {
    const BLANK_IS_NONE: bool;
}

impl BlankIsNone for U64Visitor {
    const BLANK_IS_NONE: bool = true;
}

impl BlankIsNone for F64Visitor {
    const BLANK_IS_NONE: bool = true;
}

impl BlankIsNone for BoolVisitor {
    const BLANK_IS_NONE: bool = false;
}

impl BlankIsNone for StringVisitor {
    const BLANK_IS_NONE: bool = false;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Ids {
        #[serde(deserialize_with = "sparse_vec")]
        ids: Vec<Value>,
        #[serde(default, deserialize_with = "opt_sparse_vec")]
        more: Option<Vec<u32>>,
    }

    #[test]
    fn sparse_objects_decode_in_numeric_key_order() {
        let v: Ids =
            serde_json::from_str(r#"{"ids":{"10":"c","2":124,"0":"123"},"more":{"1":5,"0":4}}"#)
                .unwrap();
        assert_eq!(v.ids, vec![json!("123"), json!(124), json!("c")]);
        assert_eq!(v.more, Some(vec![4, 5]));
        let v: Ids = serde_json::from_str(r#"{"ids":[1,"2"],"more":null}"#).unwrap();
        assert_eq!(v.ids, vec![json!(1), json!("2")]);
        assert_eq!(v.more, None);
        let v: Ids = serde_json::from_str(r#"{"ids":{}}"#).unwrap();
        assert!(v.ids.is_empty() && v.more.is_none());
    }

    #[test]
    fn non_index_keys_are_an_error() {
        let err = serde_json::from_str::<Ids>(r#"{"ids":{"a":1}}"#).unwrap_err();
        assert!(err.to_string().contains("array index"), "{err}");
        assert!(serde_json::from_str::<Ids>(r#"{"ids":"1,2"}"#).is_err());
    }

    #[test]
    fn single_accepts_an_object_or_a_one_element_array() {
        let Single(v): Single<Ids> = serde_json::from_str(r#"{"ids":[1]}"#).unwrap();
        assert_eq!(v.ids, vec![json!(1)]);
        let Single(v): Single<Ids> = serde_json::from_str(r#"[{"ids":[2]}]"#).unwrap();
        assert_eq!(v.ids, vec![json!(2)]);
        let Single(v): Single<Value> = serde_json::from_str(r#"[{"a":1}]"#).unwrap();
        assert_eq!(v, json!({"a": 1}));
        for bad in [r#"[]"#, r#"[{"ids":[]},{"ids":[]}]"#, r#""x""#] {
            assert!(serde_json::from_str::<Single<Ids>>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Single<Ids>>(r#"[{"ids":[]},{"ids":[]}]"#).unwrap_err();
        assert!(err.to_string().contains("invalid length 2"), "{err}");
    }
    #[derive(Debug, serde::Deserialize, PartialEq, Default)]
    #[serde(default)]
    struct Scalars {
        #[serde(deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(deserialize_with = "opt_f64")]
        x: Option<f64>,
        #[serde(deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(deserialize_with = "nullable")]
        maybe: Option<Option<u8>>,
        #[serde(deserialize_with = "null_as_default")]
        list: Vec<u8>,
    }

    #[test]
    fn scalars_in_their_other_shapes() {
        let v: Scalars =
            serde_json::from_str(r#"{"n":"12","x":"2.5","b":"1","s":12,"maybe":null,"list":null}"#)
                .unwrap();
        assert_eq!(
            v,
            Scalars {
                n: Some(12),
                x: Some(2.5),
                b: Some(true),
                s: Some("12".into()),
                maybe: Some(None),
                list: vec![],
            }
        );
        let v: Scalars = serde_json::from_str(r#"{"n":"","x":"","b":"","s":""}"#).unwrap();
        assert_eq!(
            (v.n, v.x, v.b, v.s.as_deref()),
            (None, None, Some(false), Some(""))
        );
        let v: Scalars = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(v, Scalars::default());
        for bad in [
            r#"{"n":-1}"#,
            r#"{"n":"x"}"#,
            r#"{"x":"x"}"#,
            r#"{"b":"maybe"}"#,
            r#"{"b":2}"#,
        ] {
            assert!(serde_json::from_str::<Scalars>(bad).is_err(), "{bad}");
        }
    }
}
