//! Downtimes ("time off": vacation, holidays, sickness) and their types (docs/vendors/resource-guru.md
//! §5, §7.7).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{
    AccountId, DowntimeId, DowntimeTypeId, MinuteOfDay, ResourceId, UserId, lenient,
};
use crate::zones::RailsZone;

model_kit::open_enum! {
    /// What to do with bookings that clash with a new downtime (docs/vendors/resource-guru.md §6).
    pub enum DowntimeClashResolution {
        /// Move them to the waiting list.
        AddToWaitingList = "add_to_waiting_list",
        /// Delete them.
        Delete = "delete",
    }
}

/// A downtime (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Downtime {
    /// Downtime id.
    pub id: DowntimeId,
    /// Resources off.
    #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
    pub resource_ids: Option<Vec<ResourceId>>,
    /// First day.
    #[serde(default)]
    pub from: Option<jiff::civil::Date>,
    /// Last day.
    #[serde(default)]
    pub to: Option<jiff::civil::Date>,
    /// Start, minutes since midnight (a whole day is 0..1440).
    #[serde(default)]
    pub start_time: Option<MinuteOfDay>,
    /// End, minutes since midnight.
    #[serde(default)]
    pub end_time: Option<MinuteOfDay>,
    /// Rails zone (null: each resource's own zone).
    #[serde(default)]
    pub timezone: Option<RailsZone>,
    /// Type.
    #[serde(default)]
    pub downtime_type_id: Option<DowntimeTypeId>,
    /// Details.
    #[serde(default)]
    pub details: Option<String>,
    /// Booker.
    #[serde(default)]
    pub booker_id: Option<UserId>,
    /// Deprecated alias of `booker_id`.
    #[serde(default)]
    pub creator_id: Option<UserId>,
    /// Account.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Last updater.
    #[serde(default)]
    pub last_updated_by: Option<UserId>,
    /// Leave-request linkage (inferred).
    #[serde(default)]
    pub leave: Option<Value>,
    /// State, such as `Approved`.
    #[serde(default)]
    pub state: Option<String>,
    /// Deleted.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A downtime type, such as Vacation (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DowntimeType {
    /// Type id.
    pub id: DowntimeTypeId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Account.
    #[serde(default)]
    pub account_id: Option<AccountId>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Built-in type.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub default: Option<bool>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(feature = "client")]
pub use handle::*;

#[cfg(feature = "client")]
mod handle {
    use core_http::{Error, Result};
    use futures::Stream;
    use jiff::civil::Date;
    use serde::{Deserialize, Serialize};
    use serde_json::Value;

    use super::{Downtime, DowntimeClashResolution, DowntimeType};
    use crate::client::{Client, ListRequest, Query, check, limit_offset_paging, one_request};
    use crate::common::{
        DowntimeId, DowntimeTypeId, MinuteOfDay, ResourceId, UserId, empty_request, id_request,
        lenient,
    };
    use crate::crud::{Crud, Validate, managed};
    use crate::endpoints as ep;
    use crate::zones::RailsZone;

    /// "List downtimes" (docs/vendors/resource-guru.md §7.7).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListDowntimes {
        /// Only these resources.
        pub resource_ids: Vec<ResourceId>,
        /// Only this booker.
        pub booker_id: Option<UserId>,
        /// Starting on or after.
        pub from: Option<Date>,
        /// Ending on or before.
        pub to: Option<Date>,
        /// Include archived resources (server default: yes).
        pub include_archived_resources: Option<bool>,
        /// Include deleted resources (server default: yes).
        pub include_deleted_resources: Option<bool>,
        /// Page size (no server default; streams send 50).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
    }

    impl ListDowntimes {
        /// No filters.
        pub fn new() -> Self {
            Self::default()
        }

        /// Only these resources.
        pub fn resource_ids(mut self, ids: impl Into<Vec<ResourceId>>) -> Self {
            self.resource_ids = ids.into();
            self
        }
    }

    impl ListRequest for ListDowntimes {
        fn query_pairs(&self, client: &Client, endpoint: &ep::Endpoint) -> Vec<(String, String)> {
            Query::new()
                .array(
                    "resource_ids",
                    &self.resource_ids,
                    client.array_style(endpoint),
                )
                .opt("booker_id", self.booker_id)
                .opt("from", self.from)
                .opt("to", self.to)
                .flag(
                    "include_archived_resources",
                    self.include_archived_resources,
                )
                .flag("include_deleted_resources", self.include_deleted_resources)
                .0
        }

        limit_offset_paging!();
    }

    model_kit::setters!(ListDowntimes {
        booker_id: UserId,
        from: Date,
        to: Date,
        include_archived_resources: bool,
        include_deleted_resources: bool,
        limit: u32,
        offset: u64,
    });

    /// "Create downtime" (docs/vendors/resource-guru.md §7.7).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateDowntime {
        /// Resources (non-empty).
        pub resource_ids: Vec<ResourceId>,
        /// First day.
        pub from: Date,
        /// Last day.
        pub to: Date,
        /// Start each day (0..=1440).
        pub start_time: MinuteOfDay,
        /// End each day (0..=1440).
        pub end_time: MinuteOfDay,
        /// Rails zone (none: each resource's zone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<RailsZone>,
        /// Type.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub downtime_type_id: Option<DowntimeTypeId>,
        /// Details (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub details: Option<String>,
        /// Booker (default: the authenticated user).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub booker_id: Option<UserId>,
        /// Fail with 400 on clashes (default false).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub block_by_clashes: Option<bool>,
        /// What to do with clashing bookings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub clash_resolution: Option<DowntimeClashResolution>,
        /// Deprecated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delete_invalid_bookings: Option<bool>,
        /// Deprecated (server default true).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_waiting: Option<bool>,
    }

    impl CreateDowntime {
        /// Downtime of `resource_ids` from `from` to `to`, `start_time..end_time` each day.
        pub fn new(
            resource_ids: impl Into<Vec<ResourceId>>,
            from: Date,
            to: Date,
            start_time: MinuteOfDay,
            end_time: MinuteOfDay,
        ) -> Self {
            CreateDowntime {
                resource_ids: resource_ids.into(),
                from,
                to,
                start_time,
                end_time,
                timezone: None,
                downtime_type_id: None,
                details: None,
                booker_id: None,
                block_by_clashes: None,
                clash_resolution: None,
                delete_invalid_bookings: None,
                allow_waiting: None,
            }
        }
    }

    impl Validate for CreateDowntime {
        fn validate(&self) -> Result<()> {
            check::downtime_span(
                &self.resource_ids,
                self.from,
                self.to,
                self.start_time,
                self.end_time,
            )?;
            check::max_len("details", self.details.as_deref(), check::TEXT_MAX)
        }
    }

    model_kit::setters!(CreateDowntime {
        timezone: RailsZone,
        downtime_type_id: DowntimeTypeId,
        details: String,
        booker_id: UserId,
        block_by_clashes: bool,
        clash_resolution: DowntimeClashResolution,
        delete_invalid_bookings: bool,
        allow_waiting: bool,
    });

    /// "List downtime clashes": the booking days a downtime would clash with (a read sent as
    /// POST).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct ListDowntimeClashes {
        /// First day.
        pub from: Date,
        /// Last day.
        pub to: Date,
        /// Start each day.
        pub start_time: MinuteOfDay,
        /// End each day.
        pub end_time: MinuteOfDay,
        /// Resources (non-empty).
        pub resource_ids: Vec<ResourceId>,
        /// Rails zone (default null).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<RailsZone>,
    }

    impl ListDowntimeClashes {
        /// The clashes a downtime of `resource_ids` would cause.
        pub fn new(
            resource_ids: impl Into<Vec<ResourceId>>,
            from: Date,
            to: Date,
            start_time: MinuteOfDay,
            end_time: MinuteOfDay,
        ) -> Self {
            ListDowntimeClashes {
                from,
                to,
                start_time,
                end_time,
                resource_ids: resource_ids.into(),
                timezone: None,
            }
        }
    }

    model_kit::setters!(ListDowntimeClashes {
        timezone: RailsZone
    });

    impl Validate for ListDowntimeClashes {
        fn validate(&self) -> Result<()> {
            check::downtime_span(
                &self.resource_ids,
                self.from,
                self.to,
                self.start_time,
                self.end_time,
            )
        }
    }

    id_request! {
        /// "Update downtime": the create fields, all optional.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateDowntime {
            /// The downtime (path).
            pub id: DowntimeId,
            /// Resources.
            pub resource_ids: Option<Vec<ResourceId>>,
            /// First day.
            pub from: Option<Date>,
            /// Last day.
            pub to: Option<Date>,
            /// Start each day.
            pub start_time: Option<MinuteOfDay>,
            /// End each day.
            pub end_time: Option<MinuteOfDay>,
            /// Rails zone (`Some(None)`: each resource's zone).
            #[serde(deserialize_with = "lenient::nullable")]
            pub timezone: Option<Option<RailsZone>>,
            /// Type (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub downtime_type_id: Option<Option<DowntimeTypeId>>,
            /// Details.
            pub details: Option<String>,
            /// Booker.
            pub booker_id: Option<UserId>,
            /// Fail with 400 on clashes.
            pub block_by_clashes: Option<bool>,
            /// What to do with clashing bookings.
            pub clash_resolution: Option<DowntimeClashResolution>,
        }
        /// An update of downtime `id` that changes nothing yet.
        fn new;
    }

    impl Validate for UpdateDowntime {
        fn validate(&self) -> Result<()> {
            if let Some(ids) = &self.resource_ids {
                check::non_empty("resource_ids", ids)?;
            }
            if let (Some(from), Some(to)) = (self.from, self.to)
                && to < from
            {
                return Err(Error::validation("to", "must not be before from"));
            }
            check::minute("start_time", self.start_time)?;
            check::minute("end_time", self.end_time)?;
            check::max_len("details", self.details.as_deref(), check::TEXT_MAX)
        }
    }

    /// "Split downtime" at midnight starting `date` (not for holiday/vacation downtimes).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SplitDowntime {
        /// The downtime (path).
        #[serde(skip_serializing)]
        pub id: DowntimeId,
        /// First day of the second part.
        pub date: Date,
        /// Resource whose zone defines that midnight.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_id: Option<ResourceId>,
    }

    impl SplitDowntime {
        /// Splits downtime `id` at `date`.
        pub fn new(id: impl Into<DowntimeId>, date: Date) -> Self {
            SplitDowntime {
                id: id.into(),
                date,
                resource_id: None,
            }
        }
    }

    model_kit::setters!(SplitDowntime {
        resource_id: ResourceId
    });

    managed!(Downtime {
        key: DowntimeId, list: ListDowntimes, update: UpdateDowntime, delete: DowntimeId,
        endpoints: DOWNTIMES_LIST, DOWNTIMES_GET, DOWNTIMES_UPDATE, DOWNTIMES_DELETE,
        create: CreateDowntime => DOWNTIMES_CREATE
    });

    /// Downtime operations: `client.downtimes()` (the shared [`Crud`] operations plus clashes
    /// and split).
    pub type Downtimes = Crud<Downtime>;

    empty_request!(
        /// "List downtime types" (not paged by the vendor: one request answers everything).
        ListDowntimeTypes
    );

    /// Downtime type operations: `client.downtime_types()`.
    #[derive(Clone, Debug)]
    pub struct DowntimeTypes {
        client: Client,
    }

    impl Client {
        /// Downtime (time off) operations.
        pub fn downtimes(&self) -> Downtimes {
            Crud::new(self)
        }

        /// Downtime type operations.
        pub fn downtime_types(&self) -> DowntimeTypes {
            DowntimeTypes {
                client: self.clone(),
            }
        }
    }

    impl Crud<Downtime> {
        /// The lazy stream over "List downtime clashes": the booking days a downtime would
        /// clash with, as sent (item shape unknown). Not paged by the vendor: one request (a
        /// read sent as POST) answers everything.
        pub fn list_clashes(
            &self,
            req: &ListDowntimeClashes,
        ) -> impl Stream<Item = Result<Value>> + Send + 'static {
            let this = self.clone();
            let req = req.clone();
            one_request(async move { this.list_clashes_page(&req).await })
        }

        /// "List downtime clashes" → the clashing booking days, as sent (shape unknown). Not
        /// paged by the vendor: one request answers everything.
        ///
        /// # Errors
        /// [`crate::Error::Validation`] before sending (empty `resource_ids`, `to` before
        /// `from`, times outside 0..=1440).
        pub async fn list_clashes_page(&self, req: &ListDowntimeClashes) -> Result<Vec<Value>> {
            req.validate()?;
            self.client
                .call(&ep::DOWNTIMES_CLASHES)
                .idempotent(true)
                .kind(core_http::pacing::RequestKind::Read)
                .json(req)
                .send_json()
                .await
        }

        /// "Split downtime" → the two parts (not for holiday/vacation downtimes).
        pub async fn split(&self, req: &SplitDowntime) -> Result<Vec<Downtime>> {
            self.client
                .call_id(&ep::DOWNTIMES_SPLIT, req.id)
                .json(req)
                .send_json()
                .await
        }
    }

    impl DowntimeTypes {
        /// The lazy stream over every downtime type (not paged by the vendor: one request
        /// answers everything).
        pub fn list(
            &self,
            req: &ListDowntimeTypes,
        ) -> impl Stream<Item = Result<DowntimeType>> + Send + 'static {
            self.client.list_stream(&ep::DOWNTIME_TYPES_LIST, req)
        }

        /// "List downtime types" (not paged by the vendor: one request answers everything).
        pub async fn list_page(&self, req: &ListDowntimeTypes) -> Result<Vec<DowntimeType>> {
            self.client.list_page(&ep::DOWNTIME_TYPES_LIST, req).await
        }
    }
}
