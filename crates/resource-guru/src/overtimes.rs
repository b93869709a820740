//! Overtime (docs/vendors/resource-guru.md §7.8): extra minutes a resource works on one day. The path is
//! unverified (P2) and the success body is not documented.

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use jiff::civil::Date;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use crate::client::{Client, check};
    use crate::common::{DurationMinutes, ResourceId};
    use crate::endpoints as ep;

    /// "Set overtime" (all fields required).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SetOvertime {
        /// The resource.
        pub resource_id: ResourceId,
        /// The day.
        pub date: Date,
        /// Extra minutes, 1..=1440.
        pub duration: DurationMinutes,
    }

    impl SetOvertime {
        /// `duration` minutes of overtime for `resource` on `date`.
        pub fn new(resource: impl Into<ResourceId>, date: Date, duration: DurationMinutes) -> Self {
            SetOvertime {
                resource_id: resource.into(),
                date,
                duration,
            }
        }
    }

    /// Overtime operations: `client.overtimes()`.
    #[derive(Clone, Debug)]
    pub struct Overtimes {
        client: Client,
    }

    impl Client {
        /// Overtime operations.
        pub fn overtimes(&self) -> Overtimes {
            Overtimes {
                client: self.clone(),
            }
        }
    }

    impl Overtimes {
        /// "Set overtime" → the answer as JSON (`null` when empty; shape unknown).
        ///
        /// # Errors
        /// [`crate::Error::Validation`] for a duration outside 1..=1440; a success status
        /// whose body says "not done" (`false`, a non-empty `errors`) is an
        /// [`crate::Error::Api`] (docs/vendors/resource-guru.md §1).
        pub async fn set(&self, req: &SetOvertime) -> Result<Value> {
            check::duration("duration", Some(req.duration))?;
            let endpoint = &ep::OVERTIMES_SET;
            let resp = self.client.call(endpoint).json(req).send().await?;
            crate::client::done_or_error(&resp, endpoint)
        }
    }
}
