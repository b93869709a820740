//! `open_enum!`: vendor string enums that keep values they do not know.

/// Defines an enum of a vendor's string values with an `Unknown(String)` fallback that keeps
/// the original text, so a value added by the vendor tomorrow is neither an error nor lost:
/// it deserialises to `Unknown("...")` and serialises back unchanged.
///
/// The enum gets `Clone, Debug, PartialEq, Eq, Hash`, `as_str()`, `is_known()`,
/// `From<&str>`, `FromStr`, `Display`, serde `Serialize`/`Deserialize` and schemars
/// `JsonSchema` (a string schema listing the known values).
///
/// ```
/// model_kit::open_enum! {
///     /// Status of a booking.
///     pub enum Status {
///         /// Confirmed by the venue.
///         Confirmed = "confirmed",
///         /// Cancelled.
///         Canceled = "canceled",
///     }
/// }
///
/// let s: Status = serde_json::from_str("\"confirmed\"")?;
/// assert_eq!(s, Status::Confirmed);
/// let new: Status = serde_json::from_str("\"pending_payment\"")?;
/// assert_eq!(new, Status::Unknown("pending_payment".into()));
/// assert!(!new.is_known());
/// assert_eq!(serde_json::to_string(&new)?, "\"pending_payment\"");
/// assert_eq!(Status::Canceled.to_string(), "canceled");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not know (yet), kept exactly as the vendor sent it.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value this crate knows, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The vendor's text for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Unknown(other) => other.as_str(),
                }
            }

            /// Whether this is one of the values the crate knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $text => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($name::from(text))
            }
        }

        $crate::__text_display_serialize!($name);

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let text = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from(text.as_ref()))
            }
        }

        $crate::__fixed_json_schema!($name, {
            "type": "string",
            "description": "A known value, or any other text the vendor sends (kept as is).",
            "examples": [$($text),+]
        });
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Test enum.
        pub enum Colour {
            /// Red.
            Red = "red",
            /// Dark blue.
            DarkBlue = "dark-blue",
        }
    }

    #[test]
    fn known_and_unknown_round_trip() {
        for text in ["red", "dark-blue", "Red", "", "ultraviolet"] {
            let c: Colour = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(serde_json::to_value(&c).unwrap(), serde_json::json!(text));
            assert_eq!(c.as_str(), text);
        }
        assert_eq!(Colour::from("dark-blue"), Colour::DarkBlue);
        assert_eq!("red".parse::<Colour>(), Ok(Colour::Red));
        assert_eq!(Colour::KNOWN, &["red", "dark-blue"]);
        assert!(Colour::Red.is_known() && !Colour::from("x").is_known());
    }

    #[test]
    fn non_strings_are_rejected_with_a_message() {
        let err = serde_json::from_str::<Colour>("3").unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn schema_lists_known_values() {
        let schema = schemars::schema_for!(Colour);
        let text = serde_json::to_string(&schema).unwrap();
        assert!(
            text.contains("dark-blue") && text.contains("\"string\""),
            "{text}"
        );
    }
}
