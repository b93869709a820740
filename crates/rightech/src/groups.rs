//! `groups`: owner and access groups (docs/vendors/rightech.md §9). Fields beyond the common ones
//! are not documented and are kept in `extra`.

/// Store name of groups.
pub const STORE: &str = "groups";

record! {
    /// A group.
    pub struct Group {}
}
