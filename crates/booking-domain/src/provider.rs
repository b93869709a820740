//! The [`BookingProvider`] trait and the [`Capabilities`] a provider declares.

use async_trait::async_trait;
use futures::stream::{self, BoxStream, StreamExt};
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Booking, BookingChange, BookingId, NewBooking, Resource, TimeSlot};
use crate::query::{AvailabilityQuery, BookingQuery};
use crate::{Error, Result};

/// The operations of [`BookingProvider`], in the order of the capability matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// [`BookingProvider::list`].
    List,
    /// [`BookingProvider::get`].
    Get,
    /// [`BookingProvider::create`].
    Create,
    /// [`BookingProvider::update`].
    Update,
    /// [`BookingProvider::cancel`].
    Cancel,
    /// [`BookingProvider::availability`].
    Availability,
    /// [`BookingProvider::resources`].
    Resources,
}

impl Operation {
    /// Every operation, in the order of the capability matrix.
    pub const ALL: [Operation; 7] = [
        Operation::List,
        Operation::Get,
        Operation::Create,
        Operation::Update,
        Operation::Cancel,
        Operation::Availability,
        Operation::Resources,
    ];

    /// The operation's name, as [`Error::Unsupported`]'s `operation` carries it
    /// (`bookings.list`, ..., `availability`, `resources`).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::List => "bookings.list",
            Operation::Get => "bookings.get",
            Operation::Create => "bookings.create",
            Operation::Update => "bookings.update",
            Operation::Cancel => "bookings.cancel",
            Operation::Availability => "availability",
            Operation::Resources => "resources",
        }
    }
}

/// How a provider applies one filter of a query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilterSupport {
    /// The vendor applies it: only matching items are fetched.
    Server,
    /// The vendor cannot: the provider fetches more and drops what does not match on this side
    /// ([`crate::filter_bookings`]). The answer is the same, the traffic is larger.
    Client,
    /// The filter cannot be applied at all; a query that uses it fails with
    /// [`Error::Unsupported`] before anything is sent.
    #[default]
    Unsupported,
}

/// The filters of [`BookingProvider::list`] and how each is applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ListFilters {
    /// [`BookingQuery::from`] / [`BookingQuery::until`].
    pub date_range: FilterSupport,
    /// [`BookingQuery::statuses`].
    pub status: FilterSupport,
    /// [`BookingQuery::resource`].
    pub resource: FilterSupport,
}

impl ListFilters {
    /// The part of `query` that must be applied on this side: the filters marked
    /// [`FilterSupport::Client`] (give it to [`crate::filter_bookings`]).
    ///
    /// # Errors
    /// [`Error::Unsupported`] naming `vendor` when `query` uses a filter marked
    /// [`FilterSupport::Unsupported`].
    pub fn client_side(&self, vendor: &'static str, query: &BookingQuery) -> Result<BookingQuery> {
        let mut out = BookingQuery::new();
        let ranged = query.from.is_some() || query.until.is_some();
        for (used, support, operation) in [
            (ranged, self.date_range, "bookings.list with a date range"),
            (
                !query.statuses.is_empty(),
                self.status,
                "bookings.list by status",
            ),
            (
                query.resource.is_some(),
                self.resource,
                "bookings.list by resource",
            ),
        ] {
            if used && support == FilterSupport::Unsupported {
                return Err(Error::Unsupported { vendor, operation });
            }
        }
        if self.date_range == FilterSupport::Client {
            out.from = query.from;
            out.until = query.until;
        }
        if self.status == FilterSupport::Client {
            out.statuses.clone_from(&query.statuses);
        }
        if self.resource == FilterSupport::Client {
            out.resource.clone_from(&query.resource);
        }
        Ok(out)
    }
}

/// The filters of [`BookingProvider::availability`] and how each is applied (the date range
/// is always required and applied).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AvailabilityFilters {
    /// [`AvailabilityQuery::party_size`].
    pub party_size: FilterSupport,
    /// [`AvailabilityQuery::resource`].
    pub resource: FilterSupport,
    /// [`AvailabilityQuery::duration`].
    pub duration: FilterSupport,
}

/// What [`BookingProvider::cancel`] does to the booking at this vendor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CancelEffect {
    /// The booking stays, with status [`crate::BookingStatus::Cancelled`].
    MarksCancelled,
    /// The booking is deleted: [`BookingProvider::get`] then answers [`Error::NotFound`].
    Removes,
}

/// What a provider supports: one entry per operation (`None` or `false` = unsupported, and
/// the operation returns [`Error::Unsupported`] without sending anything), with the filters
/// it applies. The README's capability matrix is generated from this.
///
/// Build it from [`Capabilities::none`] and set what the vendor supports:
///
/// ```
/// use booking_domain::{Capabilities, FilterSupport, ListFilters, Operation};
///
/// let mut caps = Capabilities::none("example");
/// caps.list = Some(ListFilters {
///     date_range: FilterSupport::Server,
///     status: FilterSupport::Client,
///     resource: FilterSupport::Unsupported,
/// });
/// caps.get = true;
/// assert!(caps.supports(Operation::Get) && !caps.supports(Operation::Create));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Capabilities {
    /// The vendor crate's name (`resos`, `launch27`, `resource-guru`, `rightech`), as
    /// [`Booking::vendor`] and [`Error::Unsupported`] carry it.
    pub vendor: &'static str,
    /// [`BookingProvider::list`], with how each filter is applied.
    pub list: Option<ListFilters>,
    /// [`BookingProvider::get`].
    pub get: bool,
    /// [`BookingProvider::create`].
    pub create: bool,
    /// [`BookingProvider::update`].
    pub update: bool,
    /// [`BookingProvider::cancel`], with what it does to the booking.
    pub cancel: Option<CancelEffect>,
    /// [`BookingProvider::availability`], with how each filter is applied.
    pub availability: Option<AvailabilityFilters>,
    /// [`BookingProvider::resources`].
    pub resources: bool,
}

impl Capabilities {
    /// Nothing supported: the starting point of every provider's capabilities.
    pub fn none(vendor: &'static str) -> Self {
        Capabilities {
            vendor,
            list: None,
            get: false,
            create: false,
            update: false,
            cancel: None,
            availability: None,
            resources: false,
        }
    }

    /// Whether `operation` is supported.
    pub fn supports(&self, operation: Operation) -> bool {
        match operation {
            Operation::List => self.list.is_some(),
            Operation::Get => self.get,
            Operation::Create => self.create,
            Operation::Update => self.update,
            Operation::Cancel => self.cancel.is_some(),
            Operation::Availability => self.availability.is_some(),
            Operation::Resources => self.resources,
        }
    }

    /// The [`Error::Unsupported`] for `operation` at this vendor.
    pub fn unsupported(&self, operation: Operation) -> Error {
        unsupported(self.vendor, operation)
    }
}

/// The [`Error::Unsupported`] for `operation` at `vendor`.
pub fn unsupported(vendor: &'static str, operation: Operation) -> Error {
    Error::Unsupported {
        vendor,
        operation: operation.as_str(),
    }
}

/// One interface over every vendor's bookings: write code once against it and switch vendors
/// by configuration.
///
/// Each vendor crate implements it behind its `domain` feature. An implementation overrides
/// only the operations its vendor supports and says so in [`BookingProvider::capabilities`];
/// the default bodies of the others return [`Error::Unsupported`] (named after
/// `capabilities().vendor`) without doing anything else, so nothing is sent.
///
/// The trait is object safe and `Send + Sync`: keep providers as `Arc<dyn BookingProvider>`
/// and choose one at run time.
#[async_trait]
pub trait BookingProvider: Send + Sync {
    /// What this provider supports, and how it applies each filter. Cheap: no request.
    fn capabilities(&self) -> Capabilities;

    /// The bookings that match `query`, as a lazy stream: pages are fetched as the stream is
    /// polled, never ahead. Filters the vendor cannot apply are applied on this side
    /// ([`crate::filter_bookings`]; the capabilities say [`FilterSupport::Client`]). A filter
    /// marked [`FilterSupport::Unsupported`] makes the stream's one item an
    /// [`Error::Unsupported`].
    ///
    /// The stream owns what it needs (`'static`): it can be moved into a task.
    fn list(&self, query: &BookingQuery) -> BoxStream<'static, Result<Booking>> {
        let _ = query;
        let error = unsupported(self.capabilities().vendor, Operation::List);
        stream::once(async move { Err(error) }).boxed()
    }

    /// One booking by id ([`Error::NotFound`] when the vendor has none).
    async fn get(&self, id: &BookingId) -> Result<Booking> {
        let _ = id;
        Err(unsupported(self.capabilities().vendor, Operation::Get))
    }

    /// Creates a booking and returns it as the vendor stored it.
    async fn create(&self, booking: &NewBooking) -> Result<Booking> {
        let _ = booking;
        Err(unsupported(self.capabilities().vendor, Operation::Create))
    }

    /// Changes a booking and returns it as the vendor stored it.
    async fn update(&self, id: &BookingId, change: &BookingChange) -> Result<Booking> {
        let _ = (id, change);
        Err(unsupported(self.capabilities().vendor, Operation::Update))
    }

    /// Cancels a booking. `Some` is the booking after cancelling when the vendor answers with
    /// it; `None` when the vendor answers without it (or removed it: see
    /// [`Capabilities::cancel`]).
    async fn cancel(&self, id: &BookingId) -> Result<Option<Booking>> {
        let _ = id;
        Err(unsupported(self.capabilities().vendor, Operation::Cancel))
    }

    /// Free times that match `query`.
    async fn availability(&self, query: &AvailabilityQuery) -> Result<Vec<TimeSlot>> {
        let _ = query;
        Err(unsupported(
            self.capabilities().vendor,
            Operation::Availability,
        ))
    }

    /// Every bookable resource (tables, people, services...).
    async fn resources(&self) -> Result<Vec<Resource>> {
        Err(unsupported(
            self.capabilities().vendor,
            Operation::Resources,
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::model::{BookingStatus, Customer, ResourceId};
    use futures::executor::block_on;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A provider that overrides nothing but `capabilities`: it exercises the trait's own
    /// default bodies (not a stand-in for a vendor). It counts `capabilities()` calls, the only
    /// thing a default body may do.
    struct Bare {
        calls: AtomicUsize,
    }

    impl BookingProvider for Bare {
        fn capabilities(&self) -> Capabilities {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Capabilities::none("bare")
        }
    }

    fn is_unsupported(err: &Error, operation: Operation) -> bool {
        matches!(err, Error::Unsupported { vendor: "bare", operation: op } if *op == operation.as_str())
    }

    #[test]
    fn default_bodies_return_unsupported_and_work_through_arc_dyn() {
        let bare = Arc::new(Bare {
            calls: AtomicUsize::new(0),
        });
        let provider: Arc<dyn BookingProvider> = bare.clone();
        let id = BookingId::new("1");
        let start: jiff::Zoned = "2025-06-01T19:00:00+02:00[Europe/Berlin]".parse().unwrap();
        block_on(async {
            let mut list = provider.list(&BookingQuery::new());
            let first = list.next().await.unwrap().unwrap_err();
            assert!(is_unsupported(&first, Operation::List), "{first}");
            assert!(list.next().await.is_none());
            let e = provider.get(&id).await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Get), "{e}");
            let new = NewBooking::new(start.clone(), Customer::named("Ada"));
            let e = provider.create(&new).await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Create), "{e}");
            let change = BookingChange::default().status(BookingStatus::Seated);
            let e = provider.update(&id, &change).await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Update), "{e}");
            let e = provider.cancel(&id).await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Cancel), "{e}");
            let q = AvailabilityQuery::new(start.clone(), start.clone()).unwrap();
            let e = provider.availability(&q).await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Availability), "{e}");
            let e = provider.resources().await.unwrap_err();
            assert!(is_unsupported(&e, Operation::Resources), "{e}");
            assert_eq!(e.to_string(), "bare does not support resources");
        });
        // Seven calls, one capabilities() each: the defaults do nothing else.
        assert_eq!(bare.calls.load(Ordering::SeqCst), 7);
    }

    #[test]
    fn the_provider_and_its_stream_can_move_into_a_thread() {
        fn assert_send_static<T: Send + 'static>(_: &T) {}
        let provider: Arc<dyn BookingProvider> = Arc::new(Bare {
            calls: AtomicUsize::new(0),
        });
        let stream = provider.list(&BookingQuery::new());
        assert_send_static(&stream);
        drop(provider);
        // The stream outlives the provider.
        let items: Vec<_> = block_on(stream.collect::<Vec<_>>());
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn capabilities_answer_per_operation() {
        let mut caps = Capabilities::none("v");
        assert!(Operation::ALL.iter().all(|op| !caps.supports(*op)));
        caps.list = Some(ListFilters::default());
        caps.cancel = Some(CancelEffect::Removes);
        caps.resources = true;
        let supported: Vec<_> = Operation::ALL
            .into_iter()
            .filter(|op| caps.supports(*op))
            .collect();
        assert_eq!(
            supported,
            [Operation::List, Operation::Cancel, Operation::Resources]
        );
        let json = serde_json::to_value(&caps).unwrap();
        assert_eq!(json["cancel"], "removes");
        assert_eq!(json["list"]["status"], "unsupported");
    }

    #[test]
    fn client_side_keeps_only_the_filters_the_vendor_cannot_apply() {
        let filters = ListFilters {
            date_range: FilterSupport::Server,
            status: FilterSupport::Client,
            resource: FilterSupport::Unsupported,
        };
        let from: jiff::Timestamp = "2025-06-01T00:00:00Z".parse().unwrap();
        let query = BookingQuery::new()
            .between(from, from)
            .unwrap()
            .status(BookingStatus::Confirmed);
        let client = filters.client_side("v", &query).unwrap();
        assert_eq!(client, BookingQuery::new().status(BookingStatus::Confirmed));
        let err = filters
            .client_side("v", &query.resource(ResourceId::new("t1")))
            .unwrap_err();
        assert!(
            matches!(err, Error::Unsupported { vendor: "v", operation } if operation.contains("resource")),
            "{err}"
        );
        // A query without filters needs nothing on this side, whatever the support.
        assert!(
            filters
                .client_side("v", &BookingQuery::new())
                .unwrap()
                .is_empty()
        );
    }
}
