//! The fault matrix (issue "Reliability and security"): every vendor's client, through its
//! booking-domain provider, against its sandbox fake with one fault class injected at a time.
//!
//! Each cell is the outcome: `ok after N` (N = requests the sandbox received on the faulted
//! route), or the typed error variant (`RetriesExhausted(Api 503)`), and for creates the
//! POSTs the sandbox received and how many copies of the booking it then holds
//! (`duplicates 0`). The table is compared with `tests/faults_matrix.md`, so every expected
//! cell is asserted; `FAULTS_MATRIX_UPDATE=1` rewrites that file (review the diff), and
//! `FAULTS_TABLE_OUT=<file>` writes the table there too (`cargo xtask faults` prints it).
//!
//! Timings are scaled: a 2 s request timeout (3 s stalls and latencies; generous, so that a loaded CI machine never times out a healthy request), 5-20 ms backoff, 3 attempts, a 1 MiB body
//! limit. A client that panics shows `PANIC` in its cell and fails the test; so does any
//! duplicate create.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::Arc;
use std::time::Duration;

use booking_domain::jiff::tz::TimeZone;
use booking_domain::jiff::{SignedDuration, Zoned};
use booking_domain::{
    BookingProvider, BookingQuery, CreateOrFind, Customer, Error, NewBooking, create_or_find,
    is_same_booking,
};
use core_http::RetryPolicy;
use core_http::pacing::Pacing;
use futures::StreamExt;
use sandbox::{Fault, FaultPlan, FaultRule, Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;

const TIMEOUT: Duration = Duration::from_secs(2);
const SLOW: Duration = Duration::from_secs(3);
const MAX_BODY: u64 = 1 << 20;

/// What a scenario does.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    /// `provider.list` (all pages).
    List,
    /// `provider.create`.
    Create,
    /// `booking_domain::create_or_find`.
    CreateOrFind,
}

struct Scenario {
    class: &'static str,
    op: Op,
    /// The rule, given the faulted route (`"GET /v1/bookings"`).
    rule: fn(&str) -> FaultRule,
    /// Bookings generated in the sandbox on top of its seeds (paging).
    generated: usize,
}

fn sc(class: &'static str, op: Op, rule: fn(&str) -> FaultRule) -> Scenario {
    Scenario {
        class,
        op,
        rule,
        generated: 0,
    }
}

fn scenarios() -> Vec<Scenario> {
    use Op::*;
    let mut all = vec![
        sc("500", List, |r| FaultRule::new(Fault::status(500)).route(r)),
        sc("502 (twice)", List, |r| {
            FaultRule::new(Fault::status(502)).route(r).requests(..2)
        }),
        sc("503 (twice)", List, |r| {
            FaultRule::new(Fault::status(503)).route(r).requests(..2)
        }),
        sc("504 (always)", List, |r| {
            FaultRule::new(Fault::status(504)).route(r)
        }),
        sc("429 with Retry-After: 1", List, |r| {
            FaultRule::new(Fault::retry_after(429, "1")).route(r).nth(0)
        }),
        sc("429 without Retry-After", List, |r| {
            FaultRule::new(Fault::status(429)).route(r).nth(0)
        }),
        sc("429 with absurd Retry-After", List, |r| {
            FaultRule::new(Fault::retry_after(429, "99999999999")).route(r)
        }),
        sc("reset before response (twice)", List, |r| {
            FaultRule::new(Fault::ResetBeforeResponse)
                .route(r)
                .requests(..2)
        }),
        sc("reset mid-body (twice)", List, |r| {
            FaultRule::new(Fault::ResetMidBody).route(r).requests(..2)
        }),
        // After the state: the vendor counts the request, then the answer is late.
        sc("read timeout (once)", List, |r| {
            FaultRule::new(Fault::Latency(SLOW))
                .route(r)
                .nth(0)
                .after_state()
        }),
        sc("stall after headers (always)", List, |r| {
            FaultRule::new(Fault::StallAfterHeaders(SLOW)).route(r)
        }),
        sc("truncated JSON", List, |r| {
            FaultRule::new(Fault::TruncatedBody).route(r)
        }),
        sc("HTML error page (502, always)", List, |r| {
            FaultRule::new(Fault::HtmlErrorPage { status: 502 }).route(r)
        }),
        sc("empty 200", List, |r| {
            FaultRule::new(Fault::Empty200).route(r)
        }),
        sc("wrong content type", List, |r| {
            FaultRule::new(Fault::WrongContentType("text/html".into())).route(r)
        }),
        sc("body over the maximum", List, |r| {
            FaultRule::new(Fault::OversizedBody {
                bytes: 4 * MAX_BODY,
            })
            .route(r)
        }),
        sc("gzip bomb", List, |r| {
            FaultRule::new(Fault::GzipBomb {
                inflated: 2 * MAX_BODY,
            })
            .route(r)
        }),
        sc("invalid UTF-8", List, |r| {
            FaultRule::new(Fault::InvalidUtf8).route(r)
        }),
        sc("duplicate keys", List, |r| {
            FaultRule::new(Fault::DuplicateKeys).route(r)
        }),
        sc("deeply nested JSON", List, |r| {
            FaultRule::new(Fault::DeepNesting { depth: 100_000 }).route(r)
        }),
    ];
    all.push(Scenario {
        generated: 250,
        ..sc("repeated page", List, |r| {
            FaultRule::new(Fault::RepeatPage).route(r)
        })
    });
    all.extend([
        sc("create: 503", Create, |r| {
            FaultRule::new(Fault::status(503)).route(r)
        }),
        sc("create: 429 (once)", Create, |r| {
            FaultRule::new(Fault::status(429)).route(r).nth(0)
        }),
        sc("create: reset before it is stored", Create, |r| {
            FaultRule::new(Fault::ResetBeforeResponse).route(r)
        }),
        sc("create: reset after it is stored", Create, |r| {
            FaultRule::new(Fault::ResetBeforeResponse)
                .route(r)
                .after_state()
        }),
        sc("create: reset mid-body", Create, |r| {
            FaultRule::new(Fault::ResetMidBody).route(r)
        }),
        sc("create: timeout after it is stored", Create, |r| {
            FaultRule::new(Fault::Latency(SLOW)).route(r).after_state()
        }),
        sc("create: 504 after it is stored", Create, |r| {
            FaultRule::new(Fault::status(504)).route(r).after_state()
        }),
        sc(
            "create_or_find: reset after it is stored",
            CreateOrFind,
            |r| {
                FaultRule::new(Fault::ResetBeforeResponse)
                    .route(r)
                    .nth(0)
                    .after_state()
            },
        ),
        sc(
            "create_or_find: reset before it is stored",
            CreateOrFind,
            |r| FaultRule::new(Fault::ResetBeforeResponse).route(r).nth(0),
        ),
        sc(
            "create_or_find: timeout after it is stored",
            CreateOrFind,
            |r| {
                FaultRule::new(Fault::Latency(SLOW))
                    .route(r)
                    .nth(0)
                    .after_state()
            },
        ),
    ]);
    all
}

const VENDORS: [Vendor; 4] = [
    Vendor::Resos,
    Vendor::Launch27,
    Vendor::ResourceGuru,
    Vendor::Rightech,
];

fn list_route(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Resos => "GET /v1/bookings",
        Vendor::Launch27 => "GET /v1/customer/bookings",
        Vendor::ResourceGuru => "GET /v1/{account}/bookings",
        _ => "GET /api/v1/{store}",
    }
}

fn create_route(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Resos => "POST /v1/bookings",
        // Launch27's provider does not create (its capabilities say so): nothing is sent.
        Vendor::Launch27 => "POST /v1/customer/bookings",
        Vendor::ResourceGuru => "POST /v1/{account}/bookings",
        _ => "POST /api/v1/{store}",
    }
}

fn zone(vendor: Vendor) -> TimeZone {
    let name = match vendor {
        Vendor::Resos => "Europe/Copenhagen",
        Vendor::Launch27 => "America/Chicago",
        Vendor::ResourceGuru => "Europe/Lisbon",
        _ => "Europe/Berlin",
    };
    TimeZone::get(name).unwrap()
}

fn at(vendor: Vendor, text: &str) -> Zoned {
    text.parse::<booking_domain::jiff::Timestamp>()
        .unwrap()
        .to_zoned(zone(vendor))
}

/// A booking each vendor's fake accepts.
fn new_booking(vendor: Vendor) -> NewBooking {
    let guest = || {
        Customer::named("Ada Example")
            .email("ada@example.org")
            .phone("+4520000099")
    };
    match vendor {
        Vendor::Resos => {
            let start = at(vendor, "2026-03-14T18:30:00Z");
            NewBooking::new(start.clone(), guest())
                .ends_at(start.checked_add(SignedDuration::from_mins(90)).unwrap())
                .party_size(4u32)
                .resource("Tb100000000000001")
        }
        Vendor::ResourceGuru => {
            NewBooking::new(at(vendor, "2026-03-09T10:00:00Z"), Customer::default())
                .ends_at(at(vendor, "2026-03-11T12:00:00Z"))
                .resource("311")
                .notes("Planning days")
        }
        Vendor::Rightech => {
            let start = at(vendor, "2026-07-04T17:30:00Z");
            NewBooking::new(start.clone(), guest())
                .ends_at(start.checked_add(SignedDuration::from_mins(90)).unwrap())
                .party_size(4u32)
                .resource("64f000000000000000000001")
        }
        _ => NewBooking::new(at(vendor, "2026-03-14T18:30:00Z"), guest()),
    }
}

async fn start(
    vendor: Vendor,
    plan: FaultPlan,
    generated: usize,
) -> (Sandbox, Arc<dyn BookingProvider>) {
    let sandbox = Sandbox::start(
        vendor,
        SandboxOptions::default()
            .faults(plan)
            .generated_bookings(generated),
    )
    .await
    .unwrap();
    let retry = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        budget: Duration::from_secs(5),
        jitter: false,
    };
    let creds = sandbox.credentials();
    let tz = zone(vendor);
    // The same transport settings on every vendor's builder.
    macro_rules! scaled {
        ($builder:expr) => {
            $builder
                .request_timeout(Some(TIMEOUT))
                .connect_timeout(Some(TIMEOUT))
                .retry(retry.clone())
                .max_response_size(MAX_BODY)
                .max_server_pause(Duration::from_secs(2))
                .pacing(Pacing::none())
                .build()
                .unwrap()
        };
    }
    let provider: Arc<dyn BookingProvider> = match vendor {
        Vendor::Resos => {
            let key = creds.api_key().unwrap().expose_secret();
            let client = scaled!(
                resos::Client::builder()
                    .api_key(key)
                    .base_url(sandbox.base_url())
            );
            Arc::new(resos::domain::ResosProvider::new(client, tz))
        }
        Vendor::Launch27 => {
            let (email, password) = creds.login().unwrap();
            let client = scaled!(
                launch27::Client::builder()
                    .credentials(email, password.expose_secret())
                    .base_url(sandbox.origin())
            );
            Arc::new(launch27::domain::Launch27Provider::new(client, tz))
        }
        Vendor::ResourceGuru => {
            let c = creds.oauth().unwrap();
            let client = scaled!(
                resource_guru::Client::builder(c.account.clone())
                    .base_url(sandbox.base_url())
                    .oauth(resource_guru::OAuth::password(
                        c.client_id.clone(),
                        c.client_secret.expose_secret(),
                        c.username.clone(),
                        c.password.expose_secret(),
                    ))
            );
            Arc::new(resource_guru::domain::ResourceGuruProvider::new(client, tz))
        }
        _ => {
            let (login, password) = creds.login().unwrap();
            let client = scaled!(
                rightech::Client::builder()
                    .base_url(sandbox.base_url())
                    .login_token(login, password.expose_secret())
            );
            let mapping = rightech::domain::BookingMapping::new("reservations").resources(
                rightech::domain::ResourceMapping::new("rooms")
                    .kind(booking_domain::ResourceKind::Room),
            );
            Arc::new(rightech::domain::RightechProvider::new(client, tz, mapping).unwrap())
        }
    };
    (sandbox, provider)
}

/// The error's variant, looking inside the wrappers.
fn describe(err: &Error) -> String {
    match err {
        Error::Api(api) => format!("Api {}", api.status),
        Error::RateLimited { .. } => "RateLimited".into(),
        Error::Unauthorized(_) => "Unauthorized".into(),
        Error::NotFound(_) => "NotFound".into(),
        Error::Validation { field, .. } => format!("Validation({field})"),
        Error::Transport { .. } => "Transport".into(),
        Error::Timeout => "Timeout".into(),
        Error::Decode { .. } => "Decode".into(),
        Error::EmptyBody { .. } => "EmptyBody".into(),
        Error::Paging { .. } => "Paging".into(),
        Error::Unsupported { .. } => "Unsupported".into(),
        Error::RetriesExhausted { last, .. } => format!("RetriesExhausted({})", describe(last)),
        Error::BodyTooLarge { .. } => "BodyTooLarge".into(),
        Error::OutcomeUnknown { cause, status, .. } => match status {
            Some(s) => format!("OutcomeUnknown({}, status {s})", describe(cause)),
            None => format!("OutcomeUnknown({})", describe(cause)),
        },
        other => format!("Other({other})"),
    }
}

/// Requests the sandbox received on `route`. The Rightech fake counts a store route under
/// the store's name (`GET /api/v1/reservations`) while the fault layer counts the requests
/// it answers itself under the pattern (`GET /api/v1/{store}`): both are added.
fn requests(sandbox: &Sandbox, route: &str) -> u64 {
    let named = route.replace("{store}", "reservations");
    let extra = if named == route {
        0
    } else {
        sandbox.hits(&named)
    };
    sandbox.hits(route) + extra
}

/// Copies of `new` the vendor holds (listed without faults: the rules fault creates only).
async fn copies(provider: &dyn BookingProvider, new: &NewBooking) -> usize {
    let day = new.starts_at.date();
    let query = BookingQuery::new()
        .days(day, day, new.starts_at.time_zone())
        .unwrap();
    let mut stream = provider.list(&query);
    let mut n = 0;
    while let Some(item) = stream.next().await {
        if is_same_booking(new, &item.unwrap()) {
            n += 1;
        }
    }
    n
}

/// One cell.
async fn run(vendor: Vendor, scenario: &Scenario) -> String {
    let route = match scenario.op {
        Op::List => list_route(vendor),
        Op::Create | Op::CreateOrFind => create_route(vendor),
    };
    let plan = FaultPlan::new(13).rule((scenario.rule)(route));
    let (sandbox, provider) = start(vendor, plan, scenario.generated).await;
    let cell = match scenario.op {
        Op::List => {
            let mut stream = provider.list(&BookingQuery::new());
            let mut items = 0usize;
            let mut error = None;
            while let Some(item) = stream.next().await {
                match item {
                    Ok(_) => items += 1,
                    Err(e) => {
                        error = Some(e);
                        break;
                    }
                }
            }
            let hits = requests(&sandbox, route);
            match error {
                None => format!("ok after {hits} · {items} bookings"),
                Some(e) => format!("{} · {hits} req", describe(&e)),
            }
        }
        Op::Create | Op::CreateOrFind => {
            let new = new_booking(vendor);
            if !provider.capabilities().create {
                let err = provider.create(&new).await.unwrap_err();
                return format!("{} · POSTs {}", describe(&err), requests(&sandbox, route));
            }
            let before = copies(&*provider, &new).await;
            let outcome = if scenario.op == Op::Create {
                provider.create(&new).await.map(|_| "ok".to_owned())
            } else {
                create_or_find(&*provider, &new).await.map(|o| {
                    match o {
                        CreateOrFind::Created(_) => "Created",
                        CreateOrFind::Found(_) => "Found",
                        CreateOrFind::CreatedOnRetry(_) => "CreatedOnRetry",
                        _ => "other",
                    }
                    .to_owned()
                })
            };
            let posts = requests(&sandbox, route);
            let after = copies(&*provider, &new).await;
            let stored = after.saturating_sub(before);
            let duplicates = stored.saturating_sub(1);
            let head = match outcome {
                Ok(ok) => ok,
                Err(e) => describe(&e),
            };
            format!("{head} · POSTs {posts} · stored {stored} · duplicates {duplicates}")
        }
    };
    sandbox.shutdown().await;
    cell
}

fn table(rows: &[(&str, Vec<String>)]) -> String {
    let mut out = String::from("| fault class |");
    for v in VENDORS {
        out.push_str(&format!(" {v} |"));
    }
    out.push_str("\n|---|");
    for _ in VENDORS {
        out.push_str("---|");
    }
    out.push('\n');
    for (class, cells) in rows {
        out.push_str(&format!("| {class} |"));
        for c in cells {
            out.push_str(&format!(" {c} |"));
        }
        out.push('\n');
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    let scenarios = Arc::new(scenarios());
    let mut rows: Vec<(&str, Vec<String>)> = Vec::new();
    for (i, scenario) in scenarios.iter().enumerate() {
        // The four vendors of a class at once, each in its own task: a panic becomes a cell.
        let tasks: Vec<_> = VENDORS
            .iter()
            .map(|&vendor| {
                let scenarios = scenarios.clone();
                tokio::spawn(async move { run(vendor, &scenarios[i]).await })
            })
            .collect();
        let mut cells = Vec::new();
        for task in tasks {
            cells.push(match task.await {
                Ok(cell) => cell,
                Err(e) if e.is_panic() => "PANIC".to_owned(),
                Err(e) => format!("task failed: {e}"),
            });
        }
        rows.push((scenario.class, cells));
    }
    let text = table(&rows);
    println!("{text}");
    if let Ok(out) = std::env::var("FAULTS_TABLE_OUT") {
        std::fs::write(out, &text).unwrap();
    }
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/faults_matrix.md");
    if std::env::var_os("FAULTS_MATRIX_UPDATE").is_some() {
        std::fs::write(golden, &text).unwrap();
    }
    assert!(!text.contains("PANIC"), "a client panicked:\n{text}");
    assert!(
        !rows
            .iter()
            .flat_map(|(_, cells)| cells)
            .any(|c| c.contains("duplicates") && !c.ends_with("duplicates 0")),
        "a create was stored twice:\n{text}"
    );
    let expected = std::fs::read_to_string(golden).unwrap();
    for ((class, cells), line) in rows.iter().zip(expected.lines().skip(2)) {
        let want: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        for (vendor, (got, want)) in VENDORS.iter().zip(cells.iter().zip(want.iter().skip(1))) {
            assert_eq!(got, want, "cell {class} × {vendor}\n{text}");
        }
    }
    assert_eq!(
        expected.lines().count(),
        rows.len() + 2,
        "rows differ:\n{text}"
    );
}
