//! Serde helpers for answers that bend their documented shape in known ways.
//!
//! - [`sparse_vec`] / [`opt_sparse_vec`]: an array that arrives as an object with numeric-string
//!   keys (`{"0": "123", "1": 124}`, how PHP and Rails write a sparse array) decodes as the
//!   array, in numeric key order.
//! - [`Single`]: one object that arrives as a one-element array decodes as that object; a
//!   longer array is an error.
//!
//! ```
//! use core_http::lenient::{self, Single};
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

    #[test]
    fn errors_inside_keep_their_path() {
        let body = br#"[{"ids":{"0":1},"more":{"0":"x"}}]"#;
        let err = crate::decode_json::<Single<Ids>>(body, &[]).unwrap_err();
        match err {
            crate::Error::Decode { path, .. } => assert_eq!(path, "[0].more.0"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
