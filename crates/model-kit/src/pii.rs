//! `Pii`: personal data (a guest's e-mail address or phone number) that `Debug` never shows.
//!
//! A model holding `Option<Email>` serialises, deserialises and describes itself (schemars)
//! exactly as one holding `Option<String>`: the wrapper is transparent on the wire. Only
//! `Debug` differs, so that logging a booking with `{:?}` leaks no personal data. There is no
//! `Display`; the value is read with [`Pii::as_str`] or through `Deref` (to `str`).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// What `Debug` prints instead of the value.
pub const MASK: &str = "[personal data]";

/// Personal data: transparent in serde and schemars, masked in `Debug`.
///
/// ```
/// use model_kit::Email;
///
/// #[derive(Debug, serde::Serialize, serde::Deserialize)]
/// struct Guest {
///     email: Option<Email>,
/// }
///
/// let g: Guest = serde_json::from_str(r#"{"email": "ada@example.com"}"#)?;
/// assert_eq!(g.email.as_ref().map(|e| e.as_str()), Some("ada@example.com"));
/// assert!(!format!("{g:?}").contains("ada@"));
/// assert_eq!(serde_json::to_string(&g)?, r#"{"email":"ada@example.com"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pii(String);

/// An e-mail address (personal data: masked in `Debug`).
pub type Email = Pii;

/// A phone number (personal data: masked in `Debug`).
pub type Phone = Pii;

impl Pii {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Pii(value.into())
    }

    /// The value as text, for code that means to read it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, for code that means to read it (same as [`Pii::as_str`]).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Pii {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl Deref for Pii {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Pii {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Pii {
    fn from(value: String) -> Self {
        Pii(value)
    }
}

impl From<&str> for Pii {
    fn from(value: &str) -> Self {
        Pii(value.to_owned())
    }
}

impl From<&String> for Pii {
    fn from(value: &String) -> Self {
        Pii(value.clone())
    }
}

impl From<Pii> for String {
    fn from(value: Pii) -> Self {
        value.0
    }
}

impl PartialEq<str> for Pii {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Pii {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// `String`'s schema, name and id: a model's schema is the same with or without the wrapper.
impl JsonSchema for Pii {
    fn inline_schema() -> bool {
        String::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Serialize, Deserialize, JsonSchema, PartialEq)]
    struct Wrapped {
        email: Option<Email>,
        phone: Phone,
    }

    #[derive(Serialize, Deserialize, JsonSchema)]
    struct Plain {
        email: Option<String>,
        phone: String,
    }

    #[test]
    fn debug_masks_and_json_round_trips() -> Result<(), serde_json::Error> {
        let text = r#"{"email":"ada@example.com","phone":"+447700900123"}"#;
        let w: Wrapped = serde_json::from_str(text)?;
        let debug = format!("{w:?} {w:#?}");
        assert!(!debug.contains("ada@example.com"), "{debug}");
        assert!(!debug.contains("7700900123"), "{debug}");
        assert!(debug.contains(MASK), "{debug}");
        assert_eq!(serde_json::to_string(&w)?, text);
        assert_eq!(w.phone, "+447700900123");
        Ok(())
    }

    #[test]
    fn schema_is_the_inner_type_schema() -> Result<(), serde_json::Error> {
        let wrapped = serde_json::to_value(schemars::schema_for!(Wrapped))?;
        let plain = serde_json::to_value(schemars::schema_for!(Plain))?;
        let mut wrapped = wrapped;
        if let Some(o) = wrapped.as_object_mut() {
            o.insert("title".into(), "Plain".into());
        }
        assert_eq!(wrapped, plain);
        Ok(())
    }
}
