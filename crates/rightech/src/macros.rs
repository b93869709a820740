//! The `record!` macro for simple store records.

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
