//! `id_newtype!`: identifier newtypes over an opaque string or an integer.

/// Defines identifier newtypes, each over `String` (opaque text ids) or `u64` (integer ids).
///
/// Every id gets `Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord`, `Display`, `From` of
/// its inner value, serde (transparent: the id is written as the bare string or number) and a
/// schemars `JsonSchema`. String ids also get `new`, `as_str`, `AsRef<str>` and
/// `From<&str>`; integer ids are `Copy`, get `get()`, and decode from a number or a string of
/// digits (vendors send both), refusing negative and fractional values.
///
/// ```
/// model_kit::id_newtype! {
///     /// A restaurant booking id.
///     pub struct BookingId(String);
///     /// A table id.
///     pub struct TableId(u64);
/// }
///
/// let b: BookingId = serde_json::from_str(r#""A3CAfJycSJMHEWHHd""#)?;
/// assert_eq!(b.as_str(), "A3CAfJycSJMHEWHHd");
/// let t: TableId = serde_json::from_str(r#""12""#)?;
/// assert_eq!(t, TableId(12));
/// assert_eq!(serde_json::to_string(&t)?, "12");
/// assert!(serde_json::from_str::<TableId>("-1").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! id_newtype {
    () => {};
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident(String);
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(pub ::std::string::String);

        impl $name {
            /// A new id from its text.
            pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                $name(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(id: ::std::string::String) -> Self {
                $name(id)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(
                    deserializer,
                )
                .map($name)
            }
        }

        $crate::__text_display_serialize!($name);
        $crate::__fixed_json_schema!($name, { "type": "string" });

        $crate::id_newtype!($($rest)*);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident(u64);
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(pub u64);

        impl $name {
            /// The number.
            pub fn get(self) -> u64 {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::convert::From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::lenient::u64_or_digits(deserializer).map($name)
            }
        }

        $crate::__fixed_json_schema!($name, { "type": "integer", "minimum": 0 });

        $crate::id_newtype!($($rest)*);
    };
}

#[cfg(test)]
mod tests {
    crate::id_newtype! {
        /// Text id.
        pub struct TextId(String);
        /// Number id.
        pub struct NumberId(u64);
    }

    #[test]
    fn text_ids_round_trip() {
        let id: TextId = serde_json::from_str(r#""abc""#).unwrap();
        assert_eq!(id, TextId::new("abc"));
        assert_eq!(id.to_string(), "abc");
        assert_eq!(id.as_str(), "abc");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""abc""#);
        assert!(serde_json::from_str::<TextId>("12").is_err());
    }

    #[test]
    fn number_ids_accept_numbers_and_digit_strings_only() {
        for ok in ["42", r#""42""#, r#"" 42 ""#, "42.0"] {
            assert_eq!(
                serde_json::from_str::<NumberId>(ok).unwrap(),
                NumberId(42),
                "{ok}"
            );
        }
        for bad in ["-1", "4.5", r#""x""#, "null", r#""""#, "1e30"] {
            assert!(serde_json::from_str::<NumberId>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&NumberId(7)).unwrap(), "7");
        assert_eq!(NumberId::from(7).get(), 7);
    }
}
