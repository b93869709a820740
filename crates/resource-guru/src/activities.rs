//! Activities (docs/vendors/resource-guru.md §7.2): the audit log of one booking. Entry fields are not documented,
//! so entries keep everything they carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::lenient;

/// One activity log entry (shape unknown, docs/vendors/resource-guru.md §11).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Activity {
    /// Entry id, when present.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Time of the activity, when present.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Everything else the entry carries.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use futures::Stream;
    use serde::{Deserialize, Serialize};

    use super::Activity;
    use crate::client::{Client, ListRequest};
    use crate::common::BookingId;
    use crate::endpoints as ep;

    /// "List booking activities": the audit log of one booking (not paged by the vendor: one
    /// request answers everything).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ListActivities {
        /// The booking.
        pub booking_id: BookingId,
    }

    impl ListActivities {
        /// The activities of `booking`.
        pub fn new(booking: impl Into<BookingId>) -> Self {
            ListActivities {
                booking_id: booking.into(),
            }
        }
    }

    impl ListRequest for ListActivities {
        fn path_id(&self) -> Option<String> {
            Some(self.booking_id.to_string())
        }
    }

    /// Activity operations: `client.activities()`.
    #[derive(Clone, Debug)]
    pub struct Activities {
        client: Client,
    }

    impl Client {
        /// Activity operations.
        pub fn activities(&self) -> Activities {
            Activities {
                client: self.clone(),
            }
        }
    }

    impl Activities {
        /// The lazy stream over the activities of one booking (not paged by the vendor: one
        /// request answers everything).
        pub fn list(
            &self,
            req: &ListActivities,
        ) -> impl Stream<Item = Result<Activity>> + Send + 'static {
            self.client.list_stream(&ep::ACTIVITIES_LIST, req)
        }

        /// "List booking activities" of one booking (not paged by the vendor: one request
        /// answers everything).
        pub async fn list_page(&self, req: &ListActivities) -> Result<Vec<Activity>> {
            self.client.list_page(&ep::ACTIVITIES_LIST, req).await
        }
    }
}
