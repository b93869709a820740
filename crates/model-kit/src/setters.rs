//! `setters!`: builder-style setters for the optional fields of a request type.

/// Generates, for each listed `field: Type` of a struct whose field is `Option<Type>`, a
/// consuming setter `field(value: impl Into<Type>) -> Self` that sets it to `Some`.
///
/// `Struct.inner { ... }` does the same for the fields of the struct's field `inner` (a request
/// that holds its changes in a separate body struct).
///
/// ```
/// #[derive(Default)]
/// pub struct ListBookings {
///     limit: Option<u32>,
///     query: Option<String>,
/// }
/// model_kit::setters!(ListBookings {
///     /// Page size.
///     limit: u32,
///     query: String,
/// });
///
/// let req = ListBookings::default().limit(50u32).query("smith");
/// assert_eq!(req.limit, Some(50));
/// assert_eq!(req.query.as_deref(), Some("smith"));
///
/// #[derive(Default)]
/// pub struct Changes {
///     name: Option<String>,
/// }
/// #[derive(Default)]
/// pub struct Update {
///     changes: Changes,
/// }
/// model_kit::setters!(Update.changes {
///     /// New name.
///     name: String,
/// });
/// assert_eq!(Update::default().name("Ada").changes.name.as_deref(), Some("Ada"));
/// ```
#[macro_export]
macro_rules! setters {
    ($ty:ident { $( $(#[$meta:meta])* $field:ident : $t:ty ),* $(,)? }) => {
        impl $ty {
            $( $crate::setters!(@one [$(#[$meta])*] $field: $t => $field); )*
        }
    };
    ($ty:ident . $inner:ident { $( $(#[$meta:meta])* $field:ident : $t:ty ),* $(,)? }) => {
        impl $ty {
            $( $crate::setters!(@one [$(#[$meta])*] $field: $t => $inner.$field); )*
        }
    };
    (@one [$(#[$meta:meta])*] $field:ident : $t:ty => $($path:ident).+) => {
        $(#[$meta])*
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        pub fn $field(mut self, value: impl ::std::convert::Into<$t>) -> Self {
            self.$($path).+ = ::std::option::Option::Some(value.into());
            self
        }
    };
}
