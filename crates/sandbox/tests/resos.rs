//! The resOS sandbox, judged by the real `resos` client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::time::Duration;

use futures::TryStreamExt;
use resos::jiff::civil::date;
use resos::{
    AddComment, AddRestaurantNote, AvailableTables, AvailableTimes, BookableDates, BookingStatus,
    CancelBooking, Client, CreateBooking, CustomQuery, CustomQueryDelivery, DateRange, Error,
    GetBooking, GetCustomer, GetOrder, ListBookings, ListCustomFields, ListCustomers, ListFeedback,
    ListOpeningHours, ListOrders, ListTables, LocalTime, NewGuest, Pacing, RetryPolicy,
    SetBookingStatus, Sort,
};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use tokio::time::Instant;

/// A client of `sandbox` that never retries, so any refusal surfaces as an error.
fn client(sandbox: &Sandbox) -> resos::ClientBuilder {
    let key = sandbox.credentials().api_key().unwrap().expose_secret();
    Client::builder()
        .api_key(key)
        .base_url(sandbox.base_url())
        .retry(RetryPolicy::never())
        .without_transport_timers()
}

async fn all(client: &Client, request: &ListBookings) -> Vec<resos::Booking> {
    client.bookings().list(request).try_collect().await.unwrap()
}

#[tokio::test(start_paused = true)]
async fn starts_on_loopback_with_the_vendor_base_path_and_hidden_key() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    assert!(sandbox.addr().ip().is_loopback());
    assert_ne!(sandbox.addr().port(), 0);
    assert_eq!(
        sandbox.base_url(),
        format!("http://127.0.0.1:{}/v1", sandbox.addr().port())
    );
    let key = sandbox
        .credentials()
        .api_key()
        .unwrap()
        .expose_secret()
        .to_owned();
    assert!(!format!("{:?}", sandbox.credentials()).contains(&key));
    assert!(!format!("{sandbox:?}").contains(&key));
}

#[tokio::test]
async fn a_bad_window_scale_is_refused() {
    for scale in [0.0, -1.0, f64::NAN] {
        let err = Sandbox::start(Vendor::Resos, SandboxOptions::default().window_scale(scale))
            .await
            .unwrap_err();
        assert!(matches!(err, sandbox::Error::Config(_)), "{err:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn seeds_come_from_the_fixtures() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let bookings = all(&client, &ListBookings::new()).await;
    let ids: BTreeSet<String> = bookings.iter().map(|b| b.id.to_string()).collect();
    assert_eq!(ids.len(), bookings.len(), "each seed once");
    assert!(ids.contains("Bk000000000000001"), "{ids:?}");
    let tables = client
        .tables()
        .list_page(&ListTables::default())
        .await
        .unwrap();
    assert!(tables.iter().any(|t| t.name.as_deref() == Some("Table 1")));
}

#[tokio::test(start_paused = true)]
async fn seeds_can_come_from_a_fixtures_directory() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/resos");
    let from_dir = Sandbox::start(Vendor::Resos, SandboxOptions::default().fixtures_dir(dir))
        .await
        .unwrap();
    let client = client(&from_dir).build().unwrap();
    let bookings = all(&client, &ListBookings::new()).await;
    assert!(
        bookings
            .iter()
            .any(|b| b.id.to_string() == "Bk000000000000001")
    );

    let missing = Sandbox::start(
        Vendor::Resos,
        SandboxOptions::default().fixtures_dir(format!("{dir}/does-not-exist")),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(missing, sandbox::Error::Seed { .. }),
        "{missing:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn create_list_cancel_behaves_like_the_vendor() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let before = all(&client, &ListBookings::new()).await;

    let guest = NewGuest::new("Ada Example");
    let request = CreateBooking::new(date(2031, 3, 14), LocalTime::hm(19, 30).unwrap(), 4, guest)
        .duration(120)
        .tables(["Tb100000000000001"]);
    let id = client.bookings().create(&request).await.unwrap();
    assert_eq!(id.to_string().len(), 17, "a resOS-like id: {id}");

    let created = client
        .bookings()
        .get(&GetBooking::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(created.people, Some(4));
    assert_eq!(
        created.status,
        Some(BookingStatus::Request),
        "resOS's default status"
    );
    assert_eq!(created.tables[0].name.as_deref(), Some("Table 1"));

    let after = all(&client, &ListBookings::new()).await;
    assert_eq!(after.len(), before.len() + 1);
    let in_range = all(
        &client,
        &ListBookings::new().range(DateRange::day(date(2031, 3, 14))),
    )
    .await;
    assert_eq!(
        in_range.len(),
        1,
        "the range filter finds only the new booking"
    );
    assert_eq!(in_range[0].id, id);

    client
        .bookings()
        .cancel(&CancelBooking::new(id.clone()))
        .await
        .unwrap();
    let cancelled = client
        .bookings()
        .get(&GetBooking::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(cancelled.status, Some(BookingStatus::Canceled));
    assert!(cancelled.canceled_at.is_some(), "resOS sets canceledAt");
    // Cancelling a cancelled booking succeeds; cancelled bookings stay in the list.
    client
        .bookings()
        .cancel(&CancelBooking::new(id.clone()))
        .await
        .unwrap();
    assert_eq!(all(&client, &ListBookings::new()).await.len(), after.len());

    assert_eq!(sandbox.hits("POST /v1/bookings"), 1);
    assert_eq!(sandbox.hits("PUT /v1/bookings/{id}"), 2);
    assert_eq!(sandbox.hits("GET /v1/bookings/{id}"), 2);
}

#[tokio::test(start_paused = true)]
async fn a_create_with_an_unknown_table_or_bad_fields_is_refused_like_the_vendor() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let request = CreateBooking::new(
        date(2031, 3, 14),
        LocalTime::hm(19, 30).unwrap(),
        2,
        NewGuest::new("Ada"),
    )
    .tables(["NoSuchTable000000"]);
    let err = client.bookings().create(&request).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");

    let raw = client
        .http()
        .post("/bookings")
        .json(
            &serde_json::json!({"date": "2031-03-14", "time": "19:30", "people": 2,
            "guest": {"name": "Ada"}, "colour": "red"}),
        )
        .send()
        .await
        .unwrap_err();
    match raw {
        Error::Api(api) => {
            assert_eq!(api.status, 422);
            assert!(api.message.contains("colour"), "{api:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn paging_returns_every_booking_exactly_once() {
    let sandbox = Sandbox::start(
        Vendor::Resos,
        SandboxOptions::default().generated_bookings(250),
    )
    .await
    .unwrap();
    let client = client(&sandbox).build().unwrap();
    let bookings = all(&client, &ListBookings::new()).await;
    let ids: BTreeSet<String> = bookings.iter().map(|b| b.id.to_string()).collect();
    assert_eq!(ids.len(), bookings.len(), "no booking twice");
    assert!(
        bookings.len() > 250,
        "seeds plus generated: {}",
        bookings.len()
    );
    for n in [1, 100, 101, 250] {
        assert!(ids.contains(&format!("Sb{n:015}")), "generated booking {n}");
    }
    // 8 seeds + 250 = 258: pages of 100, 100, 58.
    assert_eq!(
        sandbox.hits("GET /v1/bookings"),
        bookings.len().div_ceil(100) as u64
    );

    let small_pages = all(&client, &ListBookings::new().limit(7)).await;
    let small_ids: Vec<String> = small_pages.iter().map(|b| b.id.to_string()).collect();
    let page_ids: Vec<String> = bookings.iter().map(|b| b.id.to_string()).collect();
    assert_eq!(small_ids, page_ids, "the same bookings in the same order");

    let over = client
        .http()
        .get("/bookings")
        .query("limit", 101)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&over, Error::Api(api) if api.status == 422),
        "{over:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_bad_key_is_unauthorized_with_the_vendor_text() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = Client::builder()
        .api_key("not-the-key")
        .base_url(sandbox.base_url())
        .retry(RetryPolicy::never())
        .without_transport_timers()
        .build()
        .unwrap();
    let err = client
        .bookings()
        .list_page(&ListBookings::new())
        .await
        .unwrap_err();
    match err {
        Error::Unauthorized(api) => {
            assert_eq!(api.status, 401);
            assert_eq!(api.message, "Unauthorized");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.hits("GET /v1/bookings"), 1);
}

#[tokio::test(start_paused = true)]
async fn an_unknown_id_is_not_found() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let err = client
        .bookings()
        .get(&GetBooking::new("DoesNotExist00000"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NotFound(api) if api.message == "Booking not found"),
        "{err:?}"
    );
    let err = client
        .bookings()
        .cancel(&CancelBooking::new("DoesNotExist00000"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn a_naive_burst_gets_429_with_retry_after_in_milliseconds() {
    let window = Duration::from_secs(60);
    let sandbox = Sandbox::start(
        Vendor::Resos,
        SandboxOptions::default().rate_limit_window(window),
    )
    .await
    .unwrap();
    let naive = client(&sandbox).pacing(Pacing::none()).build().unwrap();
    let mut refused = None;
    for i in 0..101 {
        match naive
            .bookings()
            .list_page(&ListBookings::new().limit(1))
            .await
        {
            Ok(_) => assert!(i < 100, "request {i} passed the limit"),
            Err(e) => {
                assert_eq!(i, 100, "refused too early: {e:?}");
                refused = Some(e);
            }
        }
    }
    match refused {
        Some(Error::RateLimited {
            retry_after: Some(wait),
            api: Some(api),
        }) => {
            assert_eq!(api.status, 429);
            // 60000 read as milliseconds is the window; read as seconds it would be 1000×.
            assert!(wait <= window && wait > window / 2, "{wait:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sandbox.hits("GET /v1/bookings"), 101);

    // The window resets on its boundary.
    tokio::time::sleep(window).await;
    naive
        .bookings()
        .list_page(&ListBookings::new().limit(1))
        .await
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_client_default_pacing_on_the_same_window_never_gets_429() {
    let window = Duration::from_millis(600);
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default().window_scale(0.01))
        .await
        .unwrap();
    let paced = client(&sandbox).rate_limit_window(window).build().unwrap();
    let start = Instant::now();
    for _ in 0..250 {
        // RetryPolicy::never: a 429 would be an Err here.
        paced
            .bookings()
            .list_page(&ListBookings::new().limit(1))
            .await
            .unwrap();
    }
    assert_eq!(
        sandbox.hits("GET /v1/bookings"),
        250,
        "each request exactly once"
    );
    assert!(
        start.elapsed() >= window * 2,
        "250 requests need three windows: {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn hits_count_every_request_per_route() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    assert!(sandbox.all_hits().is_empty());
    client
        .tables()
        .list_page(&ListTables::default())
        .await
        .unwrap();
    client
        .tables()
        .list_page(&ListTables::default())
        .await
        .unwrap();
    let _ = client
        .bookings()
        .get(&GetBooking::new("Bk000000000000001"))
        .await;
    let hits = sandbox.all_hits();
    assert_eq!(hits.get("GET /v1/tables"), Some(&2));
    assert_eq!(hits.get("GET /v1/bookings/{id}"), Some(&1));
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[tokio::test]
async fn shutdown_ends_even_with_a_client_holding_a_kept_alive_connection() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    client
        .tables()
        .list_page(&ListTables::default())
        .await
        .unwrap();
    // A guard, not a measurement: graceful shutdown must not wait for the idle connection.
    tokio::time::timeout(Duration::from_secs(10), sandbox.shutdown())
        .await
        .expect("shutdown hangs on an idle keep-alive connection");
    drop(client);
}

#[tokio::test]
async fn dropping_the_sandbox_stops_the_server() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let addr = sandbox.addr();
    sandbox.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let dropped = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let addr = dropped.addr();
    drop(dropped);
    // The server task sees the signal when it next runs.
    let mut refused = false;
    for _ in 0..100 {
        tokio::task::yield_now().await;
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "still listening after drop");
}

/// Creates a booking on `day` at `hh:mm` for `people` at `table`, and returns its id.
async fn book(
    client: &Client,
    day: resos::jiff::civil::Date,
    (hh, mm): (i8, i8),
    people: u32,
    table: &str,
) -> resos::BookingId {
    let request = CreateBooking::new(
        day,
        LocalTime::hm(hh, mm).unwrap(),
        people,
        NewGuest::new("Flow Guest"),
    )
    .duration(120)
    .tables([table]);
    client.bookings().create(&request).await.unwrap()
}

#[tokio::test(start_paused = true)]
async fn custom_query_filters_bookings_in_the_parameter_and_in_the_header() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let day = date(2031, 5, 5);
    for people in [2, 5, 7] {
        let request = CreateBooking::new(
            day,
            LocalTime::hm(19, 0).unwrap(),
            people,
            NewGuest::new(format!("Query Guest {people}")).phone(format!("+451111111{people}")),
        );
        client(&sandbox)
            .build()
            .unwrap()
            .bookings()
            .create(&request)
            .await
            .unwrap();
    }
    let query = CustomQuery::new()
        .greater_than("people", 4)
        .equals("date", day)
        .contains("guest.name", "Query Guest");
    for delivery in [
        CustomQueryDelivery::QueryParameter,
        CustomQueryDelivery::Header,
    ] {
        let client = client(&sandbox)
            .custom_query_delivery(delivery)
            .build()
            .unwrap();
        let found = all(&client, &ListBookings::new().custom_query(query.clone())).await;
        let mut people: Vec<u32> = found.iter().filter_map(|b| b.people).collect();
        people.sort_unstable();
        assert_eq!(people, vec![5, 7], "{delivery:?}");
    }
    // Phone numbers are searched as digits with the country code first.
    let client = client(&sandbox).build().unwrap();
    let by_phone = all(
        &client,
        &ListBookings::new()
            .custom_query(CustomQuery::new().phone_equals("guest.phone", "+45 11 11 11 12")),
    )
    .await;
    assert_eq!(by_phone.len(), 1);
    assert_eq!(by_phone[0].people, Some(2));
}

#[tokio::test(start_paused = true)]
async fn sort_and_only_confirmed_shape_the_booking_list() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let range = DateRange::day(date(2031, 6, 2));
    let late = book(&client, date(2031, 6, 2), (21, 0), 2, "Tb100000000000001").await;
    let early = book(&client, date(2031, 6, 2), (18, 0), 2, "Tb100000000000002").await;
    let sorted = all(
        &client,
        &ListBookings::new().range(range).sort(Sort::asc("time")),
    )
    .await;
    let ids: Vec<_> = sorted.iter().map(|b| b.id.clone()).collect();
    assert_eq!(ids, vec![early.clone(), late.clone()]);
    let desc = all(
        &client,
        &ListBookings::new().range(range).sort(Sort::desc("time")),
    )
    .await;
    assert_eq!(desc[0].id, late);

    // New bookings are requests; only the approved one is confirmed.
    client
        .bookings()
        .set_status(&SetBookingStatus::new(
            early.clone(),
            BookingStatus::Approved,
        ))
        .await
        .unwrap();
    let mut confirmed = ListBookings::new().range(range);
    confirmed.only_confirmed = Some(true);
    let found = all(&client, &confirmed).await;
    let ids: Vec<_> = found.iter().map(|b| b.id.clone()).collect();
    assert_eq!(ids, vec![early]);
}

#[tokio::test(start_paused = true)]
async fn notes_and_comments_are_stored_on_the_booking() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let id = book(&client, date(2031, 7, 7), (19, 0), 2, "Tb100000000000001").await;
    let note = client
        .bookings()
        .add_restaurant_note(&AddRestaurantNote::new(id.clone(), "Window seat"))
        .await
        .unwrap();
    let comment = client
        .bookings()
        .add_comment(&AddComment::new(id.clone(), "See you soon"))
        .await
        .unwrap();
    assert_ne!(note.to_string(), comment.to_string());
    let booking = client.bookings().get(&GetBooking::new(id)).await.unwrap();
    let raw = serde_json::to_value(&booking).unwrap();
    assert!(raw.to_string().contains("Window seat"), "{raw}");
    assert!(raw.to_string().contains("See you soon"), "{raw}");
    let err = client
        .bookings()
        .add_restaurant_note(&AddRestaurantNote::new("NoSuchBooking0000", "x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn booking_flow_times_follow_opening_hours_tables_and_bookings() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    // The seeded dinner: Mondays (day 1) 17:30–22:00, a seating every 30 min for 120 min.
    let monday = date(2031, 3, 3);
    let times = |periods: &[resos::TimeSlot]| -> (Vec<String>, Vec<String>) {
        let p = &periods[0];
        (
            p.available_times.iter().map(ToString::to_string).collect(),
            p.unavailable_times
                .iter()
                .map(ToString::to_string)
                .collect(),
        )
    };
    let open = client
        .booking_flow()
        .times(&AvailableTimes::new(monday, 2))
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id.to_string(), "OhDinner000000001");
    let (available, unavailable) = times(&open);
    assert_eq!(
        available,
        ["17:30", "18:00", "18:30", "19:00", "19:30", "20:00"]
    );
    assert!(unavailable.is_empty());
    // Every table that seats two is taken from 20:00.
    for table in [
        "Tb100000000000001",
        "Tb100000000000002",
        "Tb100000000000007",
    ] {
        book(&client, monday, (20, 0), 2, table).await;
    }
    let full = client
        .booking_flow()
        .times(&AvailableTimes::new(monday, 2))
        .await
        .unwrap();
    let (available, unavailable) = times(&full);
    assert_eq!(available, ["17:30", "18:00"]);
    assert_eq!(unavailable, ["18:30", "19:00", "19:30", "20:00"]);
    // A party of six fits only Table 2; a closed weekday has no period.
    let tuesday = client
        .booking_flow()
        .times(&AvailableTimes::new(date(2031, 3, 4), 2))
        .await
        .unwrap();
    assert!(tuesday.is_empty());
    assert_eq!(sandbox.hits("GET /v1/bookingFlow/times"), 3);
}

#[tokio::test(start_paused = true)]
async fn booking_flow_dates_and_free_tables() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let dates = client
        .booking_flow()
        .dates(&BookableDates::new(date(2031, 3, 1), date(2031, 3, 14)))
        .await
        .unwrap();
    assert_eq!(
        dates,
        vec![date(2031, 3, 3), date(2031, 3, 10)],
        "the Mondays"
    );

    book(&client, date(2031, 3, 3), (19, 0), 2, "Tb100000000000001").await;
    let range = DateRange::new(
        date(2031, 3, 3).at(19, 30, 0, 0),
        date(2031, 3, 3).at(21, 0, 0, 0),
    )
    .unwrap();
    let free = client
        .booking_flow()
        .available_tables(&AvailableTables::new(4, range))
        .await
        .unwrap();
    let names: Vec<_> = free.iter().filter_map(|t| t.name.clone()).collect();
    assert_eq!(names, ["Table 2"], "Table 1 is booked, Table 7 seats two");
    let every = client
        .booking_flow()
        .available_tables(&AvailableTables::new(4, range).include_booked(true))
        .await
        .unwrap();
    let booked: Vec<_> = every
        .iter()
        .map(|t| (t.name.clone().unwrap(), t.booked))
        .collect();
    assert_eq!(
        booked,
        [
            ("Table 1".to_owned(), Some(true)),
            ("Table 2".to_owned(), Some(false))
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn customers_orders_feedback_fields_hours_and_health_are_served_from_the_seeds() {
    let sandbox = Sandbox::start(Vendor::Resos, SandboxOptions::default())
        .await
        .unwrap();
    let client = client(&sandbox).build().unwrap();
    let customers: Vec<resos::Customer> = client
        .customers()
        .list(&ListCustomers::new().custom_query(CustomQuery::new().contains("email", "c1@")))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(customers.len(), 1);
    let one = client
        .customers()
        .get(&GetCustomer::new(customers[0].id.clone()))
        .await
        .unwrap();
    assert_eq!(one.email.as_deref(), Some("c1@example.org"));
    let orders: Vec<resos::Order> = client
        .orders()
        .list(&ListOrders::new())
        .try_collect()
        .await
        .unwrap();
    assert!(!orders.is_empty());
    client
        .orders()
        .get(&GetOrder::new(orders[0].id.clone()))
        .await
        .unwrap();
    let low: Vec<resos::FeedbackEntry> = client
        .feedback()
        .list(&ListFeedback::new().custom_query(CustomQuery::new().less_than("rating", 3)))
        .try_collect()
        .await
        .unwrap();
    assert!(low.is_empty(), "the seeded feedback is rated 5");
    let fields = client
        .custom_fields()
        .list_page(&ListCustomFields::default())
        .await
        .unwrap();
    assert!(!fields.is_empty());
    let hours = client
        .opening_hours()
        .list_page(&ListOpeningHours::default())
        .await
        .unwrap();
    assert!(
        hours
            .iter()
            .any(|h| h.id.to_string() == "OhDinner000000001")
    );
    let special = client
        .opening_hours()
        .list_page(&ListOpeningHours {
            only_special: Some(true),
            ..ListOpeningHours::default()
        })
        .await
        .unwrap();
    assert!(special.iter().all(|h| h.special == Some(true)) && !special.is_empty());
    let health = client.healthcheck().await.unwrap();
    assert_eq!(
        health.restaurant_id.map(|r| r.to_string()).as_deref(),
        Some("Rk4mTq9ZpLw2XcV7s")
    );
    let err = client
        .customers()
        .get(&GetCustomer::new("NoSuchCustomer00"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}
