//! [`create_or_find`]: a create that survives an unknown outcome without booking twice.

use futures::StreamExt;

use crate::model::{Booking, BookingStatus, Customer, NewBooking};
use crate::provider::BookingProvider;
use crate::query::BookingQuery;
use crate::{Error, Result};

/// How [`create_or_find`] got its booking.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CreateOrFind {
    /// The create succeeded at once.
    Created(Booking),
    /// The create's outcome was unknown and the booking it made was found by listing.
    Found(Booking),
    /// The create's outcome was unknown, the listing proved it absent, and the one repeat
    /// succeeded.
    CreatedOnRetry(Booking),
}

impl CreateOrFind {
    /// The booking, however it was obtained.
    pub fn booking(&self) -> &Booking {
        match self {
            CreateOrFind::Created(b) | CreateOrFind::Found(b) | CreateOrFind::CreatedOnRetry(b) => {
                b
            }
        }
    }

    /// The booking, however it was obtained.
    pub fn into_booking(self) -> Booking {
        match self {
            CreateOrFind::Created(b) | CreateOrFind::Found(b) | CreateOrFind::CreatedOnRetry(b) => {
                b
            }
        }
    }
}

/// Creates `booking`, reconciling when the create's outcome is unknown, so that a booking is
/// never made twice by a retry.
///
/// 1. [`BookingProvider::create`]; success is [`CreateOrFind::Created`], and any error other
///    than [`Error::OutcomeUnknown`] is returned as it is (the vendor refused, or the request
///    provably never left).
/// 2. On an unknown outcome, the bookings of the start's local day are listed and matched
///    ([`is_same_booking`]: same start instant, the customer's given name, e-mail and phone,
///    the party size, the resources asked for; cancelled ones excluded). One match is
///    [`CreateOrFind::Found`].
/// 3. No match after a complete listing proves the create absent: it is sent once more
///    ([`CreateOrFind::CreatedOnRetry`]; a second failure is returned as it is). It is not
///    repeated when the first attempt's status line said success (the vendor did book; the
///    listing missed it).
///
/// The original [`Error::OutcomeUnknown`] is returned when the provider cannot list, the
/// listing fails, or several bookings match (the caller must choose).
///
/// Limits: a booking identical in every compared field that existed before the call is taken
/// for the one created; a vendor that makes a booking visible to listings only later than the
/// create returns can be booked twice by step 3.
///
/// # Errors
/// As above: the create's error, the second create's error, or the unknown outcome.
pub async fn create_or_find<P>(provider: &P, booking: &NewBooking) -> Result<CreateOrFind>
where
    P: BookingProvider + ?Sized,
{
    let unknown = match provider.create(booking).await {
        Ok(created) => return Ok(CreateOrFind::Created(created)),
        Err(e) if e.is_outcome_unknown() => e,
        Err(e) => return Err(e),
    };
    if provider.capabilities().list.is_none() {
        return Err(unknown);
    }
    let start = &booking.starts_at;
    let day = start.date();
    let Ok(query) = BookingQuery::new().days(day, day, start.time_zone()) else {
        return Err(unknown);
    };
    let mut stream = provider.list(&query);
    let mut matches = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(existing) if is_same_booking(booking, &existing) => matches.push(existing),
            Ok(_) => {}
            // Not a complete listing: absence is not proven.
            Err(_) => return Err(unknown),
        }
    }
    let mut matches = matches.into_iter();
    match (matches.next(), matches.next()) {
        (Some(found), None) => Ok(CreateOrFind::Found(found)),
        (Some(_), Some(_)) => Err(unknown),
        (None, _) if reported_success(&unknown) => Err(unknown),
        (None, _) => provider
            .create(booking)
            .await
            .map(CreateOrFind::CreatedOnRetry),
    }
}

/// Whether the unknown outcome's status line was a success (`201` whose body was cut off).
fn reported_success(err: &Error) -> bool {
    match err {
        Error::OutcomeUnknown { status, .. } => status.is_some_and(|s| (200..300).contains(&s)),
        Error::RetriesExhausted { last, .. } => reported_success(last),
        _ => false,
    }
}

/// Whether `existing` is the booking `new` would have made: the same start instant; each
/// customer field `new` gives (name and e-mail compared without case and surrounding blanks,
/// phone by its digits) held alike by `existing`; the same party size when both say one; every
/// resource `new` asks for used by `existing`; and `existing` not cancelled.
pub fn is_same_booking(new: &NewBooking, existing: &Booking) -> bool {
    if existing.starts_at.timestamp() != new.starts_at.timestamp()
        || existing.status == BookingStatus::Cancelled
    {
        return false;
    }
    if let (Some(a), Some(b)) = (new.party_size, existing.party_size)
        && a != b
    {
        return false;
    }
    if !new.resources.iter().all(|r| existing.uses(r)) {
        return false;
    }
    same_customer(&new.customer, existing.customer.as_ref())
}

fn same_customer(new: &Customer, existing: Option<&Customer>) -> bool {
    let empty = Customer::default();
    let existing = existing.unwrap_or(&empty);
    let text = |s: &str| s.trim().to_lowercase();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let field = |given: Option<&str>, held: Option<&str>, norm: &dyn Fn(&str) -> String| {
        given.is_none_or(|g| held.is_some_and(|h| norm(g) == norm(h)))
    };
    field(new.name.as_deref(), existing.name.as_deref(), &text)
        && field(new.email.as_deref(), existing.email.as_deref(), &text)
        && field(new.phone.as_deref(), existing.phone.as_deref(), &digits)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::Zoned;
    use std::time::Duration;

    fn at(text: &str) -> Zoned {
        text.parse().unwrap()
    }

    fn new() -> NewBooking {
        let mut b = NewBooking::new(
            at("2026-03-14T19:30:00+01:00[Europe/Copenhagen]"),
            Customer::named("Ada Example")
                .email("Ada@Example.org")
                .phone("+45 20 00 00 99"),
        )
        .resource("t7");
        b.party_size = Some(2);
        b
    }

    fn existing() -> Booking {
        serde_json::from_value(serde_json::json!({
            "id": "b1", "vendor": "resos", "status": "confirmed",
            // The same instant, written in another zone.
            "starts_at": "2026-03-14T18:30:00+00:00[UTC]",
            "party_size": 2,
            "customer": {"name": " ada example", "email": "ada@example.org", "phone": "+4520000099"},
            "resources": [{"id": "t7"}, {"id": "t8"}],
            "raw": {}
        }))
        .unwrap()
    }

    #[test]
    fn the_same_booking_matches_across_zones_case_and_phone_format() {
        assert!(is_same_booking(&new(), &existing()));
    }

    #[test]
    fn any_differing_field_is_another_booking() {
        let base = existing();
        let mut later = base.clone();
        later.starts_at = at("2026-03-14T18:45:00+00:00[UTC]");
        let mut bigger = base.clone();
        bigger.party_size = Some(3);
        let mut other_guest = base.clone();
        other_guest.customer = Some(Customer::named("Bob").email("ada@example.org"));
        let mut no_guest = base.clone();
        no_guest.customer = None;
        let mut other_table = base.clone();
        other_table.resources.remove(0);
        let mut cancelled = base.clone();
        cancelled.status = BookingStatus::Cancelled;
        let mut other_phone = base;
        other_phone.customer = Some(
            Customer::named("Ada Example")
                .email("ada@example.org")
                .phone("+4520000098"),
        );
        for (name, b) in [
            ("start", later),
            ("party", bigger),
            ("name", other_guest),
            ("no customer", no_guest),
            ("table", other_table),
            ("cancelled", cancelled),
            ("phone", other_phone),
        ] {
            assert!(!is_same_booking(&new(), &b), "{name} should differ");
        }
    }

    #[test]
    fn fields_the_new_booking_leaves_open_or_the_vendor_does_not_return_are_not_compared() {
        let mut open = new();
        open.customer = Customer::default();
        open.resources.clear();
        let mut b = existing();
        b.party_size = None;
        assert!(is_same_booking(&open, &b));
        assert!(is_same_booking(&new(), &b));
    }

    #[test]
    fn only_a_success_status_line_counts_as_reported_success() {
        let unknown = |status| Error::OutcomeUnknown {
            method: "POST".into(),
            path: "/bookings".into(),
            attempts: 1,
            elapsed: Duration::from_millis(5),
            status,
            cause: Box::new(Error::Timeout),
        };
        assert!(reported_success(&unknown(Some(201))));
        assert!(!reported_success(&unknown(Some(504))));
        assert!(!reported_success(&unknown(None)));
        let wrapped = Error::RetriesExhausted {
            attempts: 2,
            elapsed: Duration::from_millis(5),
            last: Box::new(unknown(Some(200))),
        };
        assert!(reported_success(&wrapped));
    }
}
