//! The crate's local macros: `record!` for simple store records, `checked_id!` for ids with a
//! documented format, `page_setters!` for the `offset`/`limit` of a list query.

/// A simple record type: system fields, the common `name`/`description`/`time`, listed extra
/// fields, and everything else in `extra`.
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub struct $name {
            /// `_id`, `owner`, `group`, `access`, `branch`.
            #[serde(flatten)]
            pub system: $crate::store::SystemFields,
            /// `name`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            /// `description`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub description: Option<String>,
            /// `time`: creation time (epoch milliseconds).
            #[serde(default, with = "crate::time::opt_millis", skip_serializing_if = "Option::is_none")]
            #[schemars(with = "Option<i64>")]
            pub time: Option<jiff::Timestamp>,
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: $ty,
            )*
            /// Every other field.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }
    };
}

/// A string id whose format the vendor documents (ObjectId, device id, command id): `new`
/// checks it (and may normalise it), JSON input goes through `new`, and there is deliberately
/// no unchecked `From<&str>`. `model_kit::id_newtype!` is not used for these because it has no
/// hook for such a check.
macro_rules! checked_id {
    (
        $(#[$meta:meta])*
        pub struct $name:ident;
        field = $field:literal,
        error = $error:literal,
        check = |$id:ident| $check:expr,
        normalise = |$raw:ident| $norm:expr $(,)?
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an id ([`core_http::Error::Validation`] when it is malformed).
            pub fn new(id: impl AsRef<str>) -> core_http::Result<Self> {
                let $id: &str = id.as_ref();
                if $check {
                    let $raw = $id;
                    Ok($name($norm))
                } else {
                    Err(core_http::Error::validation($field, format!($error, id = $id)))
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = core_http::Error;
            fn from_str(s: &str) -> core_http::Result<Self> {
                $name::new(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::new(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// The `offset` and `limit` setters of a query whose `offset: Option<u64>` and
/// `limit: Option<u32>` fields are one page's window.
macro_rules! page_setters {
    ($name:ident) => {
        impl $name {
            /// `offset`: records to skip.
            pub fn offset(mut self, offset: u64) -> Self {
                self.offset = Some(offset);
                self
            }

            /// `limit`: most records to return (1..=10000, checked before sending).
            pub fn limit(mut self, limit: u32) -> Self {
                self.limit = Some(limit);
                self
            }
        }
    };
}
