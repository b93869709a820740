//! `roles`: sets of allowed API methods (docs/vendors/rightech.md §3, §9). Fields beyond the common
//! ones are not documented and are kept in `extra`.

/// Store name of roles.
pub const STORE: &str = "roles";

record! {
    /// A role.
    pub struct Role {}
}
