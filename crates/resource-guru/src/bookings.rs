//! Bookings (docs/vendors/resource-guru.md §5, §7.3, §10): the model with per-day `durations`, repeat rules and
//! approval states, and the eleven booking operations.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::common::{
    BookingId, ClientId, GroupId, MinuteOfDay, ProjectId, ResourceId, UserId, UserRef, Weekday,
    lenient,
};
use crate::zones::RailsZone;

model_kit::open_enum! {
    /// Approval state of a booking, as used by list filters and decisions.
    pub enum ApprovalState {
        /// Waiting for an approver.
        Pending = "pending",
        /// Approved.
        Approved = "approved",
        /// Declined.
        Declined = "declined",
    }
}

model_kit::open_enum! {
    /// Which occurrences of a repeat booking an update or delete affects (docs/vendors/resource-guru.md §6).
    pub enum Affects {
        /// Every occurrence.
        All = "all",
        /// This occurrence and the following ones.
        Following = "following",
        /// This occurrence only.
        Single = "single",
    }
}

model_kit::open_enum! {
    /// What to do when a booking does not fit (docs/vendors/resource-guru.md §6).
    pub enum ClashResolution {
        /// Put the booking on the waiting list.
        AddToWaitingList = "add_to_waiting_list",
        /// Book it as overtime.
        BookWithOvertime = "book_with_overtime",
        /// Increase the resource's availability.
        IncreaseAvailability = "increase_availability",
    }
}

model_kit::open_enum! {
    /// The decision on a booking awaiting approval.
    pub enum Resolution {
        /// Approve.
        Approved = "approved",
        /// Decline.
        Declined = "declined",
    }
}

/// One booked day of a booking (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BookingDuration {
    /// The day.
    #[serde(default)]
    pub date: Option<Date>,
    /// Minutes booked that day.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    /// Start, minutes since midnight (deprecated; null without a set time).
    #[serde(default)]
    pub start_time: Option<MinuteOfDay>,
    /// End, minutes since midnight (deprecated).
    #[serde(default)]
    pub end_time: Option<MinuteOfDay>,
    /// Whether this day is on the waiting list.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub waiting: Option<bool>,
    /// Fields not known to this client.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// When a repeat series ends (docs/vendors/resource-guru.md §10: only `{"type": "count", "count": n}` is known).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RruleEnds {
    /// How the series ends, such as `count`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Number of occurrences, for `count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Other keys (an end date...), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RruleEnds {
    /// Ends after `count` occurrences.
    pub fn after(count: u32) -> Self {
        RruleEnds {
            kind: Some("count".into()),
            count: Some(count),
            extra: Map::new(),
        }
    }
}

/// One weekday or several (whether the API accepts several is unknown, docs/vendors/resource-guru.md §10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WeekdaySpec {
    /// One day.
    One(Weekday),
    /// Several days.
    Many(Vec<Weekday>),
}

/// Body of a weekly, monthly or yearly repeat rule: `interval`, `ends`, and the rest unchanged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RepeatRule {
    /// Every N weeks (months, years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u32>,
    /// Day of week (weekly rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<WeekdaySpec>,
    /// When the series stops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<RruleEnds>,
    /// Other keys (day selection of monthly and yearly rules, unknown), kept unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A booking's repeat rule (docs/vendors/resource-guru.md §10), an object keyed by its frequency:
/// `{"weekly": {"interval": 1, "weekday": 6, "ends": {"type": "count", "count": 1}}}`.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
pub enum Rrule {
    /// `{"weekly": {...}}`.
    Weekly(RepeatRule),
    /// `{"monthly": {...}}` (inferred shape).
    Monthly(RepeatRule),
    /// `{"yearly": {...}}` (inferred shape).
    Yearly(RepeatRule),
    /// Any other shape, kept as sent.
    Other(Value),
}

impl Rrule {
    /// Every `interval` weeks on `weekday`, ending as `ends` says.
    pub fn weekly(interval: u32, weekday: Weekday, ends: RruleEnds) -> Self {
        Rrule::Weekly(RepeatRule {
            interval: Some(interval),
            weekday: Some(WeekdaySpec::One(weekday)),
            ends: Some(ends),
            extra: Map::new(),
        })
    }
}

impl Serialize for Rrule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (key, rule) = match self {
            Rrule::Weekly(r) => ("weekly", r),
            Rrule::Monthly(r) => ("monthly", r),
            Rrule::Yearly(r) => ("yearly", r),
            Rrule::Other(v) => return v.serialize(s),
        };
        let mut map = std::collections::BTreeMap::new();
        map.insert(key, rule);
        map.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Rrule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        if let Value::Object(obj) = &value
            && obj.len() == 1
            && let Some((key, inner)) = obj.iter().next()
            && let Ok(rule) = serde_json::from_value::<RepeatRule>(inner.clone())
        {
            return Ok(match key.as_str() {
                "weekly" => Rrule::Weekly(rule),
                "monthly" => Rrule::Monthly(rule),
                "yearly" => Rrule::Yearly(rule),
                _ => Rrule::Other(value),
            });
        }
        Ok(Rrule::Other(value))
    }
}

/// A booking (docs/vendors/resource-guru.md §5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Booking {
    /// Booking id.
    pub id: BookingId,
    /// First or only booked resource.
    #[serde(default)]
    pub resource_id: Option<ResourceId>,
    /// All booked resources.
    #[serde(default, deserialize_with = "lenient::opt_sparse_vec")]
    pub resource_ids: Option<Vec<ResourceId>>,
    /// Who made the booking.
    #[serde(default)]
    pub booker: Option<UserRef>,
    /// First day.
    #[serde(default)]
    pub start_date: Option<Date>,
    /// Last day.
    #[serde(default)]
    pub end_date: Option<Date>,
    /// Minutes per day.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub duration: Option<u64>,
    /// Start time, minutes since midnight (null: no set start time).
    #[serde(default)]
    pub start_time: Option<MinuteOfDay>,
    /// Per-day breakdown.
    #[serde(default)]
    pub durations: Option<Vec<BookingDuration>>,
    /// Free text.
    #[serde(default)]
    pub details: Option<String>,
    /// Deprecated copy of `details`.
    #[serde(default)]
    pub notes: Option<String>,
    /// Billable.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub billable: Option<bool>,
    /// Project.
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    /// Client.
    #[serde(default)]
    pub client_id: Option<ClientId>,
    /// Whether the booking changed recently.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub refreshable: Option<bool>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<jiff::Timestamp>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<jiff::Timestamp>,
    /// User who last updated it.
    #[serde(default)]
    pub last_updated_by: Option<UserId>,
    /// Repeat rule (null when not repeating).
    #[serde(default)]
    pub rrule: Option<Rrule>,
    /// Group of bookings created together (inferred).
    #[serde(default)]
    pub group_id: Option<GroupId>,
    /// Position within the group (inferred).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub sequence_no: Option<u64>,
    /// Rails zone the booking was made in (null: each resource's own zone).
    #[serde(default)]
    pub timezone: Option<RailsZone>,
    /// Tentative bookings do not use up availability.
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub tentative: Option<bool>,
    /// Approval state (shape unknown, docs/vendors/resource-guru.md §11).
    #[serde(default)]
    pub approval_state: Option<Value>,
    /// Aggregated approval state (shape unknown).
    #[serde(default)]
    pub aggregated_approval_state: Option<Value>,
    /// Fields not known to this client (webhook payload extras such as `resource`, `affects`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Booking {
    /// The start of the first day as a zoned time, in the booking's own Rails zone (or
    /// `fallback` when the booking has none, such as the resource's zone). `None` without a
    /// start date, a start time or a known zone.
    pub fn starts_at(&self, fallback: Option<&RailsZone>) -> Option<jiff::Zoned> {
        let zone = self.timezone.as_ref().or(fallback)?.time_zone()?;
        let time = self.start_time?.to_time()?;
        self.start_date?.to_datetime(time).to_zoned(zone).ok()
    }
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

    use super::{Affects, ApprovalState, Booking, ClashResolution, Resolution, Rrule};
    use crate::client::{Client, ListRequest, Query, check, limit_offset_paging};
    use crate::common::{
        ActivityTypeId, BookingId, ClientId, DurationMinutes, GroupId, MinuteOfDay, ProjectId,
        ResourceId, UserId, id_request, lenient,
    };
    use crate::endpoints as ep;
    use crate::zones::RailsZone;

    /// Filters of "List bookings" (docs/vendors/resource-guru.md §7.3). The `include_*` filters default to `"1"` on
    /// the server, so they are sent only when set.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ListBookings {
        /// Bookings starting on or after.
        pub start_date: Option<Date>,
        /// Bookings ending on or before.
        pub end_date: Option<Date>,
        /// Only these approval states.
        pub approval_states: Vec<ApprovalState>,
        /// Include all related days of matching bookings.
        pub calendar: Option<bool>,
        /// Only these resources.
        pub resource_ids: Vec<ResourceId>,
        /// Only bookings booked by this user id, or `me`.
        #[serde(deserialize_with = "lenient::opt_string")]
        pub booker_id: Option<String>,
        /// Only bookings on the waiting list.
        pub waiting: Option<bool>,
        /// Include archived resources (server default: yes).
        pub include_archived_resources: Option<bool>,
        /// Include deleted resources (server default: yes).
        pub include_deleted_resources: Option<bool>,
        /// Include non-bookable resources (server default: yes).
        pub include_non_bookable_resources: Option<bool>,
        /// Only this group.
        pub group_id: Option<GroupId>,
        /// Page size (the server has no default limit; streams send 50).
        pub limit: Option<u32>,
        /// Items to skip.
        pub offset: Option<u64>,
    }

    model_kit::setters!(ListBookings {
        start_date: Date,
        end_date: Date,
        calendar: bool,
        waiting: bool,
        include_archived_resources: bool,
        include_deleted_resources: bool,
        include_non_bookable_resources: bool,
        group_id: GroupId,
        limit: u32,
        offset: u64,
    });

    impl ListBookings {
        /// No filters.
        pub fn new() -> Self {
            Self::default()
        }

        /// Only these resources.
        pub fn resource_ids(mut self, ids: impl Into<Vec<ResourceId>>) -> Self {
            self.resource_ids = ids.into();
            self
        }

        /// Only these approval states.
        pub fn approval_states(mut self, states: impl Into<Vec<ApprovalState>>) -> Self {
            self.approval_states = states.into();
            self
        }

        /// Only bookings booked by this user.
        pub fn booker_id(mut self, id: UserId) -> Self {
            self.booker_id = Some(id.to_string());
            self
        }

        /// Only bookings booked by the authenticated user (`booker_id=me`).
        pub fn booked_by_me(mut self) -> Self {
            self.booker_id = Some("me".into());
            self
        }
    }

    impl ListRequest for ListBookings {
        fn query_pairs(&self, client: &Client, endpoint: &ep::Endpoint) -> Vec<(String, String)> {
            let style = client.array_style(endpoint);
            Query::new()
                .opt("start_date", self.start_date)
                .opt("end_date", self.end_date)
                .array("approval_states", &self.approval_states, style)
                .flag("calendar", self.calendar)
                .array("resource_ids", &self.resource_ids, style)
                .opt("booker_id", self.booker_id.as_deref())
                .flag("waiting", self.waiting)
                .flag(
                    "include_archived_resources",
                    self.include_archived_resources,
                )
                .flag("include_deleted_resources", self.include_deleted_resources)
                .flag(
                    "include_non_bookable_resources",
                    self.include_non_bookable_resources,
                )
                .opt("group_id", self.group_id)
                .0
        }

        limit_offset_paging!();
    }

    /// Defines the request of a "bookings of one client/project/resource" listing
    /// (`approval_states` is sent only by the resource listing, the only one that takes it).
    macro_rules! related_list {
        ($(#[$m:meta])* $name:ident, $idfield:ident: $idty:ty, states: $states:literal) => {
            $(#[$m])*
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            pub struct $name {
                /// Whose bookings.
                pub $idfield: $idty,
                /// Bookings starting on or after.
                #[serde(default)]
                pub start_date: Option<Date>,
                /// Bookings ending on or before.
                #[serde(default)]
                pub end_date: Option<Date>,
                /// Only these approval states (resource listing only).
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub approval_states: Vec<ApprovalState>,
                /// Page size.
                #[serde(default)]
                pub limit: Option<u32>,
                /// Items to skip.
                #[serde(default)]
                pub offset: Option<u64>,
            }

            impl $name {
                /// Bookings of this one.
                pub fn new($idfield: impl Into<$idty>) -> Self {
                    $name {
                        $idfield: $idfield.into(),
                        start_date: None,
                        end_date: None,
                        approval_states: Vec::new(),
                        limit: None,
                        offset: None,
                    }
                }
            }

            model_kit::setters!($name { start_date: Date, end_date: Date, limit: u32, offset: u64 });

            impl ListRequest for $name {
                fn path_id(&self) -> Option<String> {
                    Some(self.$idfield.to_string())
                }

                fn query_pairs(
                    &self,
                    client: &Client,
                    endpoint: &ep::Endpoint,
                ) -> Vec<(String, String)> {
                    let states: &[ApprovalState] = if $states { &self.approval_states } else { &[] };
                    Query::new()
                        .opt("start_date", self.start_date)
                        .opt("end_date", self.end_date)
                        .array("approval_states", states, client.array_style(endpoint))
                        .0
                }

                limit_offset_paging!();
            }
        };
    }

    related_list!(
        /// "List client bookings" (docs/vendors/resource-guru.md §7.3).
        ListClientBookings, client_id: ClientId, states: false
    );
    related_list!(
        /// "List project bookings" (docs/vendors/resource-guru.md §7.3).
        ListProjectBookings, project_id: ProjectId, states: false
    );
    related_list!(
        /// "List resource bookings" (docs/vendors/resource-guru.md §7.3); also takes `approval_states`.
        ListResourceBookings, resource_id: ResourceId, states: true
    );

    impl ListResourceBookings {
        /// Only these approval states.
        pub fn approval_states(mut self, states: impl Into<Vec<ApprovalState>>) -> Self {
            self.approval_states = states.into();
            self
        }
    }

    /// "Create booking" (docs/vendors/resource-guru.md §7.3).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct CreateBooking {
        /// The only resource (alternative to `resource_ids`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resource_id: Option<ResourceId>,
        /// The booked resources (non-empty unless `resource_id` is set).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub resource_ids: Vec<ResourceId>,
        /// First day.
        pub start_date: Date,
        /// Last day.
        pub end_date: Date,
        /// Minutes per day, 1..=1440.
        pub duration: DurationMinutes,
        /// Start time for time-specific bookings (0..=1440).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub start_time: Option<MinuteOfDay>,
        /// Free text (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub details: Option<String>,
        /// Booker (default: the authenticated user).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub booker_id: Option<UserId>,
        /// Billable (default: the project's `default_billable`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub billable: Option<bool>,
        /// Project.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub project_id: Option<ProjectId>,
        /// Client (legacy docs: project or client, not both).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub client_id: Option<ClientId>,
        /// Deprecated: use `clash_resolution`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_waiting: Option<bool>,
        /// Deprecated: use `clash_resolution`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub allow_overtime: Option<bool>,
        /// Repeat rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rrule: Option<Rrule>,
        /// Rails zone (none: each resource's zone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<RailsZone>,
        /// Tentative booking.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tentative: Option<bool>,
        /// What to do on a clash.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub clash_resolution: Option<ClashResolution>,
        /// Activity type (spec-generated CLI only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub activity_type_id: Option<ActivityTypeId>,
        /// Custom field values, keyed by strings. The vendor documents no value shape, so any JSON
        /// is passed through as given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub custom_field_values: Option<Map<String, Value>>,
    }

    impl CreateBooking {
        /// A booking of `resource_ids` from `start_date` to `end_date`, `duration` minutes a day.
        pub fn new(
            resource_ids: impl Into<Vec<ResourceId>>,
            start_date: Date,
            end_date: Date,
            duration: DurationMinutes,
        ) -> Self {
            CreateBooking {
                resource_id: None,
                resource_ids: resource_ids.into(),
                start_date,
                end_date,
                duration,
                start_time: None,
                details: None,
                booker_id: None,
                billable: None,
                project_id: None,
                client_id: None,
                allow_waiting: None,
                allow_overtime: None,
                rrule: None,
                timezone: None,
                tentative: None,
                clash_resolution: None,
                activity_type_id: None,
                custom_field_values: None,
            }
        }

        pub(crate) fn validate(&self) -> Result<()> {
            if self.resource_id.is_none() {
                check::non_empty("resource_ids", &self.resource_ids)?;
            }
            if self.end_date < self.start_date {
                return Err(core_http::Error::validation(
                    "end_date",
                    "must not be before start_date",
                ));
            }
            check::duration("duration", Some(self.duration))?;
            check::minute("start_time", self.start_time)?;
            check::max_len("details", self.details.as_deref(), check::TEXT_MAX)
        }
    }

    model_kit::setters!(CreateBooking {
        resource_id: ResourceId,
        start_time: MinuteOfDay,
        details: String,
        booker_id: UserId,
        billable: bool,
        project_id: ProjectId,
        client_id: ClientId,
        allow_waiting: bool,
        allow_overtime: bool,
        rrule: Rrule,
        timezone: RailsZone,
        tentative: bool,
        clash_resolution: ClashResolution,
        activity_type_id: ActivityTypeId,
        custom_field_values: Map<String, Value>,
    });

    id_request! {
        /// "Update booking" (docs/vendors/resource-guru.md §7.3): the create fields, all optional; `Some(None)` sends
        /// `null` (clears) where the API allows it.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct UpdateBooking {
            /// The booking (path, not body).
            pub id: BookingId,
            /// Which occurrences of a repeat booking (query, not body).
            #[serde(skip_serializing)]
            pub affects: Option<Affects>,
            /// The only resource.
            pub resource_id: Option<ResourceId>,
            /// The booked resources.
            pub resource_ids: Option<Vec<ResourceId>>,
            /// First day.
            pub start_date: Option<Date>,
            /// Last day.
            pub end_date: Option<Date>,
            /// Minutes per day.
            pub duration: Option<DurationMinutes>,
            /// Start time (`Some(None)`: no set time).
            #[serde(deserialize_with = "lenient::nullable")]
            pub start_time: Option<Option<MinuteOfDay>>,
            /// Free text.
            pub details: Option<String>,
            /// Booker.
            pub booker_id: Option<UserId>,
            /// Billable.
            pub billable: Option<bool>,
            /// Project (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub project_id: Option<Option<ProjectId>>,
            /// Client (`Some(None)`: none).
            #[serde(deserialize_with = "lenient::nullable")]
            pub client_id: Option<Option<ClientId>>,
            /// Deprecated.
            pub allow_waiting: Option<bool>,
            /// Deprecated.
            pub allow_overtime: Option<bool>,
            /// Repeat rule (`Some(None)`: stop repeating).
            #[serde(deserialize_with = "lenient::nullable")]
            pub rrule: Option<Option<Rrule>>,
            /// Rails zone (`Some(None)`: each resource's zone).
            #[serde(deserialize_with = "lenient::nullable")]
            pub timezone: Option<Option<RailsZone>>,
            /// Tentative.
            pub tentative: Option<bool>,
            /// What to do on a clash.
            pub clash_resolution: Option<ClashResolution>,
        }
        /// An update of booking `id` that changes nothing yet.
        fn new;
    }

    impl UpdateBooking {
        pub(crate) fn validate(&self) -> Result<()> {
            if let Some(ids) = &self.resource_ids {
                check::non_empty("resource_ids", ids)?;
            }
            check::duration("duration", self.duration)?;
            check::minute("start_time", self.start_time.flatten())?;
            check::max_len("details", self.details.as_deref(), check::TEXT_MAX)
        }
    }

    id_request! {
        /// "Delete booking" (docs/vendors/resource-guru.md §7.3): the whole booking, or one day of it.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct DeleteBooking {
            /// The booking (path).
            pub id: BookingId,
            /// Which occurrences of a repeat booking (query).
            #[serde(skip_serializing)]
            pub affects: Option<Affects>,
            /// Delete just this day.
            pub date: Option<Date>,
            /// Remove that day for every resource of the booking.
            pub remove_for_all: Option<bool>,
        }
        /// Deletes booking `id`.
        fn new;
    }

    /// "Split booking": the second part starts on `date` (docs/vendors/resource-guru.md §7.3).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SplitBooking {
        /// The booking (path).
        #[serde(skip_serializing)]
        pub id: BookingId,
        /// First day of the second part.
        pub date: Date,
    }

    impl SplitBooking {
        /// Splits booking `id` at `date`.
        pub fn new(id: impl Into<BookingId>, date: Date) -> Self {
            SplitBooking {
                id: id.into(),
                date,
            }
        }
    }

    /// "Approve/Decline a booking" (docs/vendors/resource-guru.md §7.3).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct ResolveBooking {
        /// The booking (path).
        #[serde(skip_serializing)]
        pub id: BookingId,
        /// The decision.
        pub resolution: Resolution,
        /// The resources the decision applies to (non-empty).
        pub resource_ids: Vec<ResourceId>,
        /// Reason for declining (≤ 65535).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub reason: Option<String>,
    }

    impl ResolveBooking {
        /// Decides on booking `id` for `resource_ids`.
        pub fn new(
            id: impl Into<BookingId>,
            resolution: Resolution,
            resource_ids: impl Into<Vec<ResourceId>>,
        ) -> Self {
            ResolveBooking {
                id: id.into(),
                resolution,
                resource_ids: resource_ids.into(),
                reason: None,
            }
        }
    }

    model_kit::setters!(ResolveBooking { reason: String });

    /// "Remind approvers" (docs/vendors/resource-guru.md §7.3). (inferred) The body holds `resource_ids`; an empty
    /// body (`{}`) reminds the approvers of every resource.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct RemindApprovers {
        /// The booking (path).
        #[serde(skip_serializing)]
        pub id: BookingId,
        /// Resources whose approvers to remind.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub resource_ids: Vec<ResourceId>,
    }

    impl RemindApprovers {
        /// Reminds all approvers of booking `id`.
        pub fn new(id: impl Into<BookingId>) -> Self {
            RemindApprovers {
                id: id.into(),
                resource_ids: Vec::new(),
            }
        }

        /// Only the approvers of these resources.
        pub fn resource_ids(mut self, ids: impl Into<Vec<ResourceId>>) -> Self {
            self.resource_ids = ids.into();
            self
        }
    }

    /// The booking operations: `client.bookings()`.
    #[derive(Clone, Debug)]
    pub struct Bookings {
        client: Client,
    }

    impl Client {
        /// Booking operations.
        pub fn bookings(&self) -> Bookings {
            Bookings {
                client: self.clone(),
            }
        }
    }

    /// Defines the two forms of a list operation of [`Bookings`].
    macro_rules! list_pair {
        ($(#[$m:meta])* $stream:ident, $page:ident, $req:ty, $endpoint:ident) => {
            $(#[$m])*
            ///
            /// The lazy stream over every page (page size: the request's `limit`, default 50).
            pub fn $stream(
                &self,
                req: &$req,
            ) -> impl Stream<Item = Result<Booking>> + Send + 'static {
                self.client.list_stream(&ep::$endpoint, req)
            }

            $(#[$m])*
            ///
            /// One page (`limit` and `offset` as the request sets them).
            pub async fn $page(&self, req: &$req) -> Result<Vec<Booking>> {
                self.client.list_page(&ep::$endpoint, req).await
            }
        };
    }

    impl Bookings {
        list_pair!(
            /// "List bookings".
            list, list_page, ListBookings, BOOKINGS_LIST
        );
        list_pair!(
            /// "List client bookings": the bookings of one client.
            list_for_client, list_for_client_page, ListClientBookings, BOOKINGS_LIST_FOR_CLIENT
        );
        list_pair!(
            /// "List project bookings": the bookings of one project.
            list_for_project, list_for_project_page, ListProjectBookings,
            BOOKINGS_LIST_FOR_PROJECT
        );
        list_pair!(
            /// "List resource bookings": the bookings of one resource.
            list_for_resource, list_for_resource_page, ListResourceBookings,
            BOOKINGS_LIST_FOR_RESOURCE
        );

        /// "Create booking" → the new booking (201; a one-element array is accepted too).
        ///
        /// # Errors
        /// [`crate::Error::Validation`] before sending; a booking that does not fit and has no
        /// clash option fails with a 422 ([`core_http::ApiErrorKind::Unprocessable`], the
        /// vendor's messages as field errors).
        pub async fn create(&self, req: &CreateBooking) -> Result<Booking> {
            req.validate()?;
            self.client
                .call(&ep::BOOKINGS_CREATE)
                .json(req)
                .send_json::<model_kit::lenient::Single<_>>()
                .await
                .map(model_kit::lenient::Single::into_inner)
        }

        /// "Get booking".
        pub async fn get(&self, id: BookingId) -> Result<Booking> {
            self.client.call_id(&ep::BOOKINGS_GET, id).send_json().await
        }

        /// "Update booking" (`affects` as a query parameter).
        pub async fn update(&self, req: &UpdateBooking) -> Result<Booking> {
            req.validate()?;
            self.client
                .call_id(&ep::BOOKINGS_UPDATE, req.id)
                .query_pairs(Query::new().opt("affects", req.affects.as_ref()).0)
                .json(req)
                .send_json()
                .await
        }

        /// "Delete booking" (204). Sends a JSON body only when `date` or `remove_for_all` is set.
        pub async fn delete(&self, req: &DeleteBooking) -> Result<()> {
            let mut call = self
                .client
                .call_id(&ep::BOOKINGS_DELETE, req.id)
                .query_pairs(Query::new().opt("affects", req.affects.as_ref()).0);
            if req.date.is_some() || req.remove_for_all.is_some() {
                call = call.json(req);
            }
            call.send_unit().await
        }

        /// "Split booking" → the parts.
        pub async fn split(&self, req: &SplitBooking) -> Result<Vec<Booking>> {
            self.client
                .call_id(&ep::BOOKINGS_SPLIT, req.id)
                .json(req)
                .send_json()
                .await
        }

        /// "Approve/Decline a booking". The success body is not documented: returned as JSON
        /// (`null` when empty).
        ///
        /// # Errors
        /// [`crate::Error::Validation`] before sending (empty `resource_ids`, long `reason`); a
        /// success status whose body says "not done" (`false`, a non-empty `errors`) is an
        /// [`crate::Error::Api`] (docs/vendors/resource-guru.md §1).
        pub async fn resolve(&self, req: &ResolveBooking) -> Result<Value> {
            check::non_empty("resource_ids", &req.resource_ids)?;
            check::max_len("reason", req.reason.as_deref(), check::TEXT_MAX)?;
            self.client
                .send_done(&ep::BOOKINGS_RESOLVE, req.id, req)
                .await
        }

        /// "Remind approvers". The success body is not documented: returned as JSON (`null`
        /// when empty).
        ///
        /// # Errors
        /// A success status whose body says "not done" (`false`, a non-empty `errors`) is an
        /// [`crate::Error::Api`] (docs/vendors/resource-guru.md §1).
        pub async fn remind(&self, req: &RemindApprovers) -> Result<Value> {
            self.client
                .send_done(&ep::BOOKINGS_REMIND, req.id, req)
                .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rrule_round_trips_known_and_unknown_shapes() {
        let weekly = r#"{"weekly":{"interval":1,"weekday":6,"ends":{"type":"count","count":1}}}"#;
        let r: Rrule = serde_json::from_str(weekly).unwrap();
        assert_eq!(r, Rrule::weekly(1, Weekday(6), RruleEnds::after(1)));
        assert_eq!(serde_json::to_string(&r).unwrap(), weekly);
        let monthly = r#"{"monthly":{"interval":2,"day_of_month":15}}"#;
        let r: Rrule = serde_json::from_str(monthly).unwrap();
        match &r {
            Rrule::Monthly(rule) => assert_eq!(rule.extra["day_of_month"], 15),
            other => panic!("{other:?}"),
        }
        assert_eq!(serde_json::to_string(&r).unwrap(), monthly);
        let odd = r#"{"daily":{"interval":1},"x":1}"#;
        let r: Rrule = serde_json::from_str(odd).unwrap();
        assert!(matches!(r, Rrule::Other(_)));
        assert_eq!(serde_json::to_string(&r).unwrap(), odd);
    }

    #[test]
    fn booking_start_in_its_rails_zone() {
        let b: Booking = serde_json::from_value(serde_json::json!({
            "id": 1, "start_date": "2024-07-01", "start_time": 540,
            "timezone": "Pacific Time (US & Canada)"
        }))
        .unwrap();
        let at = b.starts_at(None).unwrap();
        assert_eq!(at.timestamp().to_string(), "2024-07-01T16:00:00Z");
        let mut utc = b.clone();
        utc.timezone = None;
        assert!(utc.starts_at(None).is_none());
        let lisbon = RailsZone::new("Lisbon");
        assert_eq!(
            utc.starts_at(Some(&lisbon))
                .unwrap()
                .timestamp()
                .to_string(),
            "2024-07-01T08:00:00Z"
        );
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let s: ApprovalState = serde_json::from_str("\"escalated\"").unwrap();
        assert_eq!(s, ApprovalState::Unknown("escalated".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"escalated\"");
        assert_eq!(
            ClashResolution::AddToWaitingList.as_str(),
            "add_to_waiting_list"
        );
    }
}
