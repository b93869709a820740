//! Resources (people, meeting rooms, vehicles...) and resource types (docs/vendors/resource-guru.md
//! §5, §7.12).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::common::{LinkRef, MinuteOfDay, ResourceId, ResourceTypeId, UserId, Weekday, lenient};
use crate::custom_fields::CustomField;
use crate::zones::RailsZone;

/// A resource's zone: the Rails name and the current UTC offset in minutes (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceTimezone {
    /// Rails zone name.
    #[serde(default)]
    pub name: Option<RailsZone>,
    /// Current UTC offset, minutes.
    #[serde(default)]
    pub offset: Option<i64>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One period of normal weekly availability (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AvailablePeriod {
    /// Day of week, 0 = Sunday.
    #[serde(default)]
    pub week_day: Option<Weekday>,
    /// Start, minutes since midnight.
    #[serde(default)]
    pub start_time: Option<MinuteOfDay>,
    /// End, minutes since midnight.
    #[serde(default)]
    pub end_time: Option<MinuteOfDay>,
    /// First day it applies (responses only).
    #[serde(default)]
    pub valid_from: Option<jiff::civil::Date>,
    /// Last day (null: open-ended).
    #[serde(default)]
    pub valid_until: Option<jiff::civil::Date>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field option set on a resource: `{id, value}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SelectedOption {
    /// Option id.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub id: Option<u64>,
    /// Option text.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub value: Option<String>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A resource: list item or detail (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Resource {
    /// Resource id.
    pub id: ResourceId,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// First name (humans).
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name (humans).
    #[serde(default)]
    pub last_name: Option<String>,
    /// Archived.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub archived: Option<bool>,
    /// Bookable.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub bookable: Option<bool>,
    /// A person.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub human: Option<bool>,
    /// Colour.
    #[serde(default)]
    pub color: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<model_kit::Email>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<model_kit::Phone>,
    /// Avatar URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Avatar URLs by size.
    #[serde(default)]
    pub images: Option<Map<String, Value>>,
    /// Job title.
    #[serde(default)]
    pub job_title: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// Deleted.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub deleted: Option<bool>,
    /// Deletion time.
    #[serde(default)]
    pub deleted_at: Option<crate::common::DateOrTimestamp>,
    /// Linked user.
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// Creator.
    #[serde(default)]
    pub creator_id: Option<UserId>,
    /// Last updater.
    #[serde(default)]
    pub last_updated_by: Option<UserId>,
    /// Clients with bookings of this resource.
    #[serde(default)]
    pub booked_client_ids: Option<Vec<u64>>,
    /// Projects with bookings of this resource.
    #[serde(default)]
    pub booked_project_ids: Option<Vec<u64>>,
    /// The account.
    #[serde(default)]
    pub account: Option<LinkRef>,
    /// Vacation allowance, days.
    #[serde(default, deserialize_with = "lenient::opt_f64")]
    pub vacation_allowance: Option<f64>,
    /// Normal weekly availability.
    #[serde(default)]
    pub available_periods: Option<Vec<AvailablePeriod>>,
    /// Custom availability (shape unknown).
    #[serde(default)]
    pub custom_available_periods: Option<Vec<Value>>,
    /// Overtime (shape unknown).
    #[serde(default)]
    pub overtimes: Option<Vec<Value>>,
    /// Resource type.
    #[serde(default)]
    pub resource_type: Option<LinkRef>,
    /// Minutes of availability per day.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub minutes_per_day: Option<u64>,
    /// Custom field options set on it.
    #[serde(default)]
    pub selected_custom_field_options: Option<Vec<SelectedOption>>,
    /// Type-specific attributes (`phone`, `capacity`, `registration_number`).
    #[serde(default)]
    pub custom_attributes: Option<Map<String, Value>>,
    /// Zone and current offset.
    #[serde(default)]
    pub timezone: Option<ResourceTimezone>,
    /// Booking approvers (user ids).
    #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
    pub booking_approver_ids: Option<Vec<UserId>>,
    /// Linked user's role, such as `basic_user`.
    #[serde(default)]
    pub role: Option<String>,
    /// Linked user's permissions by area.
    #[serde(default)]
    pub permissions: Option<Map<String, Value>>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A resource type, such as Person, Meeting Room or Vehicle (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceType {
    /// Type id.
    pub id: ResourceTypeId,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether resources of this type are people.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub human: Option<bool>,
    /// Attribute names (`["capacity"]`), or an object in some answers.
    #[serde(default)]
    pub custom_attributes: Option<Value>,
    /// Custom fields with their options.
    #[serde(default)]
    pub custom_fields: Option<Vec<CustomField>>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
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
    use serde::{Deserialize, Serialize, Serializer};
    use serde_json::Value;

    use super::{Resource, ResourceType};
    use crate::client::{Client, ListRequest, Query, check, limit_offset_paging};
    use crate::common::{
        CustomFieldOptionId, MinuteOfDay, ResourceId, ResourceTypeId, UserId, Weekday,
        empty_request, id_request, lenient,
    };
    use crate::crud::{Crud, DeleteRequest, Validate, managed};
    use crate::endpoints::{self as ep, Endpoint};
    use crate::zones::RailsZone;

    /// A resource by id, or `me` (the authenticated user's resource).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum ResourceKey {
        /// By id.
        Id(ResourceId),
        /// The authenticated user's resource.
        Me,
    }

    impl std::fmt::Display for ResourceKey {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ResourceKey::Id(id) => id.fmt(f),
                ResourceKey::Me => f.write_str("me"),
            }
        }
    }

    impl From<ResourceId> for ResourceKey {
        fn from(id: ResourceId) -> Self {
            ResourceKey::Id(id)
        }
    }

    impl From<u64> for ResourceKey {
        fn from(id: u64) -> Self {
            ResourceKey::Id(ResourceId(id))
        }
    }

    /// "List active resources" and "List archived resources" (docs/vendors/resource-guru.md §7.12).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListResources {
        /// Page size (default 50; `0` = all).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
        /// Include the detail fields.
        pub detail: Option<bool>,
        /// Only these resources.
        pub ids: Vec<ResourceId>,
        /// Include custom available periods (server default: yes).
        pub show_availability: Option<bool>,
    }

    impl ListResources {
        /// The first page.
        pub fn new() -> Self {
            Self::default()
        }

        /// Only these resources.
        pub fn ids(mut self, ids: impl Into<Vec<ResourceId>>) -> Self {
            self.ids = ids.into();
            self
        }
    }

    impl ListRequest for ListResources {
        fn query_pairs(&self, client: &Client, endpoint: &Endpoint) -> Vec<(String, String)> {
            Query::new()
                .flag("detail", self.detail)
                .array("ids", &self.ids, client.array_style(endpoint))
                .flag("show_availability", self.show_availability)
                .0
        }

        limit_offset_paging!();
    }

    model_kit::setters!(ListResources {
        limit: u32,
        offset: u64,
        detail: bool,
        show_availability: bool
    });

    /// `invite` goes as the string `"true"`/`"false"` (docs/vendors/resource-guru.md §7.12).
    fn bool_as_string<S: Serializer>(
        v: &Option<bool>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(if *b { "true" } else { "false" }),
            None => s.serialize_none(),
        }
    }

    /// "Create resource" (docs/vendors/resource-guru.md §7.12). Humans need `first_name` and `last_name`, other
    /// types a `name`.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateResource {
        /// Type (Person, Meeting Room...).
        pub resource_type_id: ResourceTypeId,
        /// Name (non-human types; ≤ 255).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// First name (humans).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub first_name: Option<String>,
        /// Last name (humans).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub last_name: Option<String>,
        /// Email (≤ 255).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<model_kit::Email>,
        /// Email an invitation (sent as `"true"`/`"false"`).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "bool_as_string",
            deserialize_with = "lenient::opt_bool"
        )]
        pub invite: Option<bool>,
        /// Phone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub phone: Option<model_kit::Phone>,
        /// Job title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub job_title: Option<String>,
        /// Rails zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<RailsZone>,
        /// Colour.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color: Option<String>,
        /// Bookable.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub bookable: Option<bool>,
        /// Notes (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub notes: Option<String>,
        /// Capacity of a meeting room (a string of digits).
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "lenient::opt_string"
        )]
        pub capacity: Option<String>,
        /// Registration number of a vehicle.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub registration_number: Option<String>,
        /// Custom field options to set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub custom_field_option_ids: Option<Vec<CustomFieldOptionId>>,
        /// Booking approvers (user ids).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub booking_approver_ids: Option<Vec<UserId>>,
    }

    impl CreateResource {
        /// A resource of type `resource_type_id`; set a name next.
        pub fn new(resource_type_id: impl Into<ResourceTypeId>) -> Self {
            CreateResource {
                resource_type_id: resource_type_id.into(),
                name: None,
                first_name: None,
                last_name: None,
                email: None,
                invite: None,
                phone: None,
                job_title: None,
                timezone: None,
                color: None,
                bookable: None,
                notes: None,
                capacity: None,
                registration_number: None,
                custom_field_option_ids: None,
                booking_approver_ids: None,
            }
        }
    }

    impl Validate for CreateResource {
        fn validate(&self) -> Result<()> {
            if self.name.is_none() && (self.first_name.is_none() || self.last_name.is_none()) {
                return Err(Error::validation(
                    "name",
                    "set `name`, or `first_name` and `last_name`",
                ));
            }
            common_checks(
                &[
                    ("name", self.name.as_deref()),
                    ("first_name", self.first_name.as_deref()),
                    ("last_name", self.last_name.as_deref()),
                    ("email", self.email.as_deref()),
                    ("job_title", self.job_title.as_deref()),
                    ("phone", self.phone.as_deref()),
                    ("registration_number", self.registration_number.as_deref()),
                ],
                self.color.as_deref(),
                self.notes.as_deref(),
                self.capacity.as_deref(),
            )
        }
    }

    /// The constraints shared by create and update (docs/vendors/resource-guru.md §7.12):
    /// names, email, job title, phone and registration number ≤ 255, notes ≤ 65535, a hex
    /// colour, and a capacity of digits only (`^\d*$`).
    fn common_checks(
        short: &[(&str, Option<&str>)],
        color: Option<&str>,
        notes: Option<&str>,
        capacity: Option<&str>,
    ) -> Result<()> {
        for (field, value) in short {
            check::max_len(field, *value, check::NAME_MAX)?;
        }
        check::color("color", color)?;
        check::max_len("notes", notes, check::TEXT_MAX)?;
        if let Some(c) = capacity
            && !c.chars().all(|ch| ch.is_ascii_digit())
        {
            return Err(Error::validation("capacity", "must be a string of digits"));
        }
        Ok(())
    }

    model_kit::setters!(CreateResource {
        name: String,
        first_name: String,
        last_name: String,
        email: model_kit::Email,
        invite: bool,
        phone: model_kit::Phone,
        job_title: String,
        timezone: RailsZone,
        color: String,
        bookable: bool,
        notes: String,
        capacity: String,
        registration_number: String,
        custom_field_option_ids: Vec<CustomFieldOptionId>,
        booking_approver_ids: Vec<UserId>,
    });

    id_request! {
        /// "Update resource" (the type, `invite` and `email` cannot be changed here; prefer
        /// [`Resources::update_availability`] for the zone).
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateResource {
            /// The resource (path).
            pub id: ResourceId,
            /// Name.
            pub name: Option<String>,
            /// First name.
            pub first_name: Option<String>,
            /// Last name.
            pub last_name: Option<String>,
            /// Phone.
            pub phone: Option<model_kit::Phone>,
            /// Job title.
            pub job_title: Option<String>,
            /// Rails zone.
            pub timezone: Option<RailsZone>,
            /// Colour.
            pub color: Option<String>,
            /// Bookable.
            pub bookable: Option<bool>,
            /// Notes.
            pub notes: Option<String>,
            /// Capacity (digits).
            #[serde(deserialize_with = "lenient::opt_string")]
            pub capacity: Option<String>,
            /// Registration number.
            pub registration_number: Option<String>,
            /// Custom field options.
            pub custom_field_option_ids: Option<Vec<CustomFieldOptionId>>,
            /// Booking approvers.
            pub booking_approver_ids: Option<Vec<UserId>>,
            /// Archive or unarchive.
            pub archived: Option<bool>,
            /// Needed when the change removes the only approver of some resource.
            pub replacement_approver_user_id: Option<UserId>,
        }
        /// An update of resource `id` that changes nothing yet.
        fn new;
    }

    impl Validate for UpdateResource {
        fn validate(&self) -> Result<()> {
            common_checks(
                &[
                    ("name", self.name.as_deref()),
                    ("first_name", self.first_name.as_deref()),
                    ("last_name", self.last_name.as_deref()),
                    ("job_title", self.job_title.as_deref()),
                    ("phone", self.phone.as_deref()),
                    ("registration_number", self.registration_number.as_deref()),
                ],
                self.color.as_deref(),
                self.notes.as_deref(),
                self.capacity.as_deref(),
            )
        }
    }

    id_request! {
        /// "Delete resource". Future bookings booked by it move to the authenticated user; future
        /// bookings of it are deleted.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct DeleteResource {
            /// The resource (path).
            pub id: ResourceId,
            /// Replacement approver (sent as a JSON body when set).
            pub replacement_approver_user_id: Option<UserId>,
        }
        /// Deletes resource `id`.
        fn new;
    }

    impl From<ResourceId> for DeleteResource {
        fn from(id: ResourceId) -> Self {
            DeleteResource::new(id)
        }
    }

    impl From<u64> for DeleteResource {
        fn from(id: u64) -> Self {
            DeleteResource::new(id)
        }
    }

    impl From<&DeleteResource> for DeleteResource {
        fn from(req: &DeleteResource) -> Self {
            req.clone()
        }
    }

    impl DeleteRequest for DeleteResource {
        fn target(&self) -> String {
            self.id.to_string()
        }

        /// `{"replacement_approver_user_id": id}` when set; no body otherwise.
        fn body(&self) -> Option<Value> {
            self.replacement_approver_user_id
                .map(|user| serde_json::json!({ "replacement_approver_user_id": user }))
        }
    }

    /// One period of new normal availability.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct AvailablePeriodInput {
        /// Day of week, 0 = Sunday.
        pub week_day: Weekday,
        /// Start, minutes since midnight.
        pub start_time: MinuteOfDay,
        /// End, minutes since midnight.
        pub end_time: MinuteOfDay,
    }

    /// "Update availability or timezone" from `date` on (docs/vendors/resource-guru.md §7.12). Clashing bookings
    /// without a clash option give a 400 with the clashes ([`core_http::ApiErrorKind::Conflict`]).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct UpdateAvailability {
        /// The resource (path).
        #[serde(skip_serializing)]
        pub id: ResourceId,
        /// The changes apply from this date.
        pub date: Date,
        /// New Rails zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<RailsZone>,
        /// New normal weekly availability.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub available_periods: Option<Vec<AvailablePeriodInput>>,
        /// Delete bookings that no longer fit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub delete_invalid_bookings: Option<bool>,
        /// Deprecated (server default true).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_waiting: Option<bool>,
    }

    impl UpdateAvailability {
        /// Changes of resource `id` from `date`.
        pub fn new(id: impl Into<ResourceId>, date: Date) -> Self {
            UpdateAvailability {
                id: id.into(),
                date,
                timezone: None,
                available_periods: None,
                delete_invalid_bookings: None,
                allow_waiting: None,
            }
        }
    }

    impl Validate for UpdateAvailability {
        fn validate(&self) -> Result<()> {
            for p in self.available_periods.iter().flatten() {
                if !p.week_day.is_valid() {
                    return Err(Error::validation(
                        "available_periods.week_day",
                        "must be within 0..=6",
                    ));
                }
                check::minute("available_periods.start_time", Some(p.start_time))?;
                check::minute("available_periods.end_time", Some(p.end_time))?;
                if p.end_time < p.start_time {
                    return Err(Error::validation(
                        "available_periods.end_time",
                        "must not be before start_time",
                    ));
                }
            }
            Ok(())
        }
    }

    model_kit::setters!(UpdateAvailability {
        timezone: RailsZone,
        available_periods: Vec<AvailablePeriodInput>,
        delete_invalid_bookings: bool,
        allow_waiting: bool,
    });

    managed!(Resource {
        key: ResourceKey, list: ListResources, update: UpdateResource, delete: DeleteResource,
        endpoints: RESOURCES_LIST, RESOURCES_GET, RESOURCES_UPDATE, RESOURCES_DELETE,
        create: CreateResource => RESOURCES_CREATE,
        archived: ListResources => RESOURCES_LIST_ARCHIVED
    });

    /// Resource operations: `client.resources()` (the shared [`Crud`] operations, `get` by
    /// id or [`ResourceKey::Me`], plus the archived list and the availability update).
    /// "Delete" moves future bookings booked by the resource to the authenticated user and
    /// deletes future bookings of it.
    pub type Resources = Crud<Resource>;

    empty_request!(
        /// "List resource types" (not paged by the vendor: one request answers everything).
        ListResourceTypes
    );

    /// Resource type operations: `client.resource_types()`.
    #[derive(Clone, Debug)]
    pub struct ResourceTypes {
        client: Client,
    }

    impl Client {
        /// Resource operations.
        pub fn resources(&self) -> Resources {
            Crud::new(self)
        }

        /// Resource type operations.
        pub fn resource_types(&self) -> ResourceTypes {
            ResourceTypes {
                client: self.clone(),
            }
        }
    }

    impl Crud<Resource> {
        /// "Update availability or timezone" (201) → the answer as JSON (`null` when empty:
        /// the vendor documents no success body).
        ///
        /// # Errors
        /// [`crate::Error::Validation`] before sending; clashing bookings without a clash
        /// option give a 400 with the clashes ([`core_http::ApiErrorKind::Conflict`]); a
        /// success status whose body still says "not done" (`false`, non-empty `clashes` or
        /// `errors`) is an [`crate::Error::Api`] too (docs/vendors/resource-guru.md §7.12).
        pub async fn update_availability(&self, req: &UpdateAvailability) -> Result<Value> {
            req.validate()?;
            self.client
                .send_done(&ep::RESOURCES_UPDATE_AVAILABILITY, req.id, req)
                .await
        }
    }

    impl ResourceTypes {
        /// The lazy stream over every resource type (not paged by the vendor: one request
        /// answers everything).
        pub fn list(
            &self,
            req: &ListResourceTypes,
        ) -> impl Stream<Item = Result<ResourceType>> + Send + 'static {
            self.client.list_stream(&ep::RESOURCE_TYPES_LIST, req)
        }

        /// "List resource types" (not paged by the vendor: one request answers everything).
        pub async fn list_page(&self, req: &ListResourceTypes) -> Result<Vec<ResourceType>> {
            self.client.list_page(&ep::RESOURCE_TYPES_LIST, req).await
        }

        /// "Get resource type".
        pub async fn get(&self, id: impl Into<ResourceTypeId>) -> Result<ResourceType> {
            self.client
                .call_id(&ep::RESOURCE_TYPES_GET, id.into())
                .send_json()
                .await
        }
    }
}
