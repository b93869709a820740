//! Custom availability: per-date availability that overrides a resource's normal weekly
//! availability (docs/vendors/resource-guru.md §7.5). All three paths are unverified (P2).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::lenient;

/// A custom available period (item shape unknown, docs/vendors/resource-guru.md §11).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomAvailablePeriod {
    /// Id, when present.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Everything else the item carries.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of "Set custom availability": `{"errors": {}, "custom_available_periods": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SetCustomAvailabilityResult {
    /// Problems (an object; empty on success).
    #[serde(default)]
    pub errors: Option<Value>,
    /// The periods now in force.
    #[serde(default)]
    pub custom_available_periods: Option<Vec<CustomAvailablePeriod>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::Result;
    use futures::Stream;
    use jiff::civil::Date;
    use serde::{Deserialize, Serialize};
    use serde_json::{Map, Value};

    use super::{CustomAvailablePeriod, SetCustomAvailabilityResult};
    use crate::client::{Client, ListRequest, Query, check};
    use crate::common::{ClashReport, ResourceId};
    use crate::endpoints as ep;

    /// "List custom availability" (`resource_ids[]` with brackets by default).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListCustomAvailability {
        /// Only these resources.
        pub resource_ids: Vec<ResourceId>,
        /// From (server default: one year ago).
        pub start_date: Option<Date>,
        /// To (server default: one year ahead).
        pub end_date: Option<Date>,
    }

    impl ListCustomAvailability {
        /// All resources, default range.
        pub fn new() -> Self {
            Self::default()
        }

        /// Only these resources.
        pub fn resource_ids(mut self, ids: impl Into<Vec<ResourceId>>) -> Self {
            self.resource_ids = ids.into();
            self
        }
    }

    model_kit::setters!(ListCustomAvailability {
        start_date: Date,
        end_date: Date
    });

    impl ListRequest for ListCustomAvailability {
        fn query_pairs(&self, client: &Client, endpoint: &ep::Endpoint) -> Vec<(String, String)> {
            Query::new()
                .array(
                    "resource_ids",
                    &self.resource_ids,
                    client.array_style(endpoint),
                )
                .opt("start_date", self.start_date)
                .opt("end_date", self.end_date)
                .0
        }
    }

    /// The `custom_available_periods` object of "Set custom availability".
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CustomAvailabilityInput {
        /// The resource.
        pub resource_instance_id: ResourceId,
        /// First day the custom availability applies to.
        pub start_date: Date,
        /// Last day.
        pub end_date: Date,
        /// Per-day availability (inner shape unknown, docs/vendors/resource-guru.md §11; passed through).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub days: Option<Map<String, Value>>,
    }

    /// "Set custom availability" (docs/vendors/resource-guru.md §7.5).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SetCustomAvailability {
        /// What to set.
        pub custom_available_periods: CustomAvailabilityInput,
        /// Move bookings that no longer fit to the waiting list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_waiting: Option<bool>,
        /// Delete bookings that no longer fit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delete_invalid_bookings: Option<bool>,
    }

    impl SetCustomAvailability {
        /// Custom availability of `resource` from `start_date` to `end_date`.
        pub fn new(
            resource: impl Into<ResourceId>,
            start_date: Date,
            end_date: Date,
            days: Option<Map<String, Value>>,
        ) -> Self {
            SetCustomAvailability {
                custom_available_periods: CustomAvailabilityInput {
                    resource_instance_id: resource.into(),
                    start_date,
                    end_date,
                    days,
                },
                allow_waiting: None,
                delete_invalid_bookings: None,
            }
        }
    }

    model_kit::setters!(SetCustomAvailability {
        allow_waiting: bool,
        delete_invalid_bookings: bool
    });

    /// "Reset custom availability": back to normal availability on `dates` (docs/vendors/resource-guru.md §7.5).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct ResetCustomAvailability {
        /// The resource.
        pub resource_instance_id: ResourceId,
        /// The dates to reset (non-empty).
        pub dates: Vec<Date>,
        /// Move bookings that no longer fit to the waiting list.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_waiting: Option<bool>,
        /// Delete bookings that no longer fit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delete_invalid_bookings: Option<bool>,
    }

    impl ResetCustomAvailability {
        /// Resets `dates` of `resource`.
        pub fn new(resource: impl Into<ResourceId>, dates: impl Into<Vec<Date>>) -> Self {
            ResetCustomAvailability {
                resource_instance_id: resource.into(),
                dates: dates.into(),
                allow_waiting: None,
                delete_invalid_bookings: None,
            }
        }
    }

    model_kit::setters!(ResetCustomAvailability {
        allow_waiting: bool,
        delete_invalid_bookings: bool
    });

    /// Custom availability operations: `client.custom_availability()`.
    #[derive(Clone, Debug)]
    pub struct CustomAvailability {
        client: Client,
    }

    impl Client {
        /// Custom availability operations.
        pub fn custom_availability(&self) -> CustomAvailability {
            CustomAvailability {
                client: self.clone(),
            }
        }
    }

    impl CustomAvailability {
        /// The lazy stream over the custom available periods (not paged by the vendor: one
        /// request answers everything).
        pub fn list(
            &self,
            req: &ListCustomAvailability,
        ) -> impl Stream<Item = Result<CustomAvailablePeriod>> + Send + 'static {
            self.client.list_stream(&ep::CUSTOM_AVAILABILITY_LIST, req)
        }

        /// "List custom availability" (not paged by the vendor: one request answers
        /// everything).
        pub async fn list_page(
            &self,
            req: &ListCustomAvailability,
        ) -> Result<Vec<CustomAvailablePeriod>> {
            self.client
                .list_page(&ep::CUSTOM_AVAILABILITY_LIST, req)
                .await
        }

        /// "Set custom availability".
        pub async fn set(
            &self,
            req: &SetCustomAvailability,
        ) -> Result<SetCustomAvailabilityResult> {
            let p = &req.custom_available_periods;
            if p.end_date < p.start_date {
                return Err(core_http::Error::validation(
                    "end_date",
                    "must not be before start_date",
                ));
            }
            self.client
                .call(&ep::CUSTOM_AVAILABILITY_SET)
                .json(req)
                .send_json()
                .await
        }

        /// "Reset custom availability" (a DELETE with a JSON body) → the clash report.
        pub async fn reset(&self, req: &ResetCustomAvailability) -> Result<ClashReport> {
            check::non_empty("dates", &req.dates)?;
            self.client
                .call(&ep::CUSTOM_AVAILABILITY_RESET)
                .json(req)
                .send_json()
                .await
        }
    }
}
