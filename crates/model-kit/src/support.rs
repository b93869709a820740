//! Pieces the exported macros share; not a public API.

/// Implements `Display` and serde `Serialize` for `$name` as the text of its `as_str()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __text_display_serialize {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// Implements schemars `JsonSchema` for `$name` with the fixed JSON schema `$schema`, named
/// after the type.
#[doc(hidden)]
#[macro_export]
macro_rules! __fixed_json_schema {
    ($name:ident, $schema:tt) => {
        impl $crate::__private::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn json_schema(
                _generator: &mut $crate::__private::schemars::SchemaGenerator,
            ) -> $crate::__private::schemars::Schema {
                $crate::__private::schemars::json_schema!($schema)
            }
        }
    };
}
