//! `setters!`: builder-style setters for the optional fields of a request type.

/// Generates, for each listed `field: Type` of a struct whose field is `Option<Type>`, a
/// consuming setter `field(value: impl Into<Type>) -> Self` that sets it to `Some`.
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
/// ```
#[macro_export]
macro_rules! setters {
    ($ty:ident { $( $(#[$meta:meta])* $field:ident : $t:ty ),* $(,)? }) => {
        impl $ty {
            $(
                $(#[$meta])*
                #[doc = concat!("Sets `", stringify!($field), "`.")]
                pub fn $field(mut self, value: impl ::std::convert::Into<$t>) -> Self {
                    self.$field = ::std::option::Option::Some(value.into());
                    self
                }
            )*
        }
    };
}
