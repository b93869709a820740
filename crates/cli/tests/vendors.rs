//! `bookings` against httpmock for resOS, Launch27, Resource Guru and Rightech, answering with the
//! contract fixtures' bodies: list as a table and as JSON lines, get, create, cancel, and the
//! failures (missing credentials, bad date, plain http to a remote host, unknown vendor,
//! not found, refused credentials, rate limit, network), each with its exit code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{anything, assert_error, body, bookings};
use httpmock::MockServer;
use serde_json::{Value, json};

const RESOS_LIST: &str = include_str!("../../../fixtures/resos/bookings.list.json");
const RESOS_TIMES: &str = include_str!("../../../fixtures/resos/booking_flow.times.json");
const RESOS_TABLES: &str = include_str!("../../../fixtures/resos/tables.list.json");
const RESOS_GET: &str = include_str!("../../../fixtures/resos/bookings.get.json");
const L27_LOGIN: &str = include_str!("../../../fixtures/launch27/auth.login.json");
const L27_LIST: &str = include_str!("../../../fixtures/launch27/customer_bookings.list.json");
const L27_GET: &str = include_str!("../../../fixtures/launch27/customer_bookings.get.json");
const RG_LIST: &str = include_str!("../../../fixtures/resource-guru/bookings.list--paging.json");
const RG_GET: &str = include_str!("../../../fixtures/resource-guru/bookings.get.json");
const RG_CREATE: &str = include_str!("../../../fixtures/resource-guru/bookings.create.json");
const RT_LIST: &str = include_str!("../../../fixtures/rightech/store.list--reservations.json");
const RT_ROOMS: &str = include_str!("../../../fixtures/rightech/store.list--rooms.json");
const RT_LOGIN: &str =
    include_str!("../../../fixtures/rightech/objects.list_page--token-login.json");

/// The key the resOS tests use, and its HTTP Basic header (`cli-test-key:` in base64).
const RESOS_KEY: &str = "cli-test-key";
const RESOS_BASIC: &str = "Basic Y2xpLXRlc3Qta2V5Og==";

fn resos_env() -> [(&'static str, &'static str); 1] {
    [("RESOS_API_KEY", RESOS_KEY)]
}

/// `--vendor resos --base-url <mock>/v1 --tz Europe/Copenhagen` and `rest`.
fn resos_args<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--vendor",
        "resos",
        "--base-url",
        url,
        "--tz",
        "Europe/Copenhagen",
    ];
    args.extend_from_slice(rest);
    args
}

// ---------------------------------------------------------------------------------------
// resOS

#[test]
fn resos_list_as_a_table() {
    let server = MockServer::start();
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/bookings")
            .header("authorization", RESOS_BASIC)
            .query_param("skip", "0");
        then.status(200).json_body(body(RESOS_LIST, 0));
    });
    let url = server.url("/v1");
    let run = bookings(&resos_env(), &resos_args(&url, &["list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    list.assert_calls(1);
    let lines = run.lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    for header in [
        "STATUS",
        "STARTS",
        "ENDS",
        "PARTY",
        "CUSTOMER",
        "RESOURCES",
        "NOTES",
    ] {
        assert!(lines[0].contains(header), "{header}: {}", lines[0]);
    }
    // 19:30 local in Copenhagen, two hours, three people.
    assert!(
        lines[1].starts_with("Bk000000000000001  confirmed  2024-05-04 19:30  21:30  3"),
        "{}",
        run.stdout
    );
    // Aligned: the STATUS column starts at the same place on every line.
    let col = lines[0].find("STATUS").unwrap();
    assert!(lines[1..].iter().all(|l| l.get(col..col + 1) != Some(" ")));
    assert_eq!(
        run.stderr, "",
        "no progress line when stderr is not a terminal"
    );
}

#[test]
fn resos_list_as_json_lines_with_a_range_of_days() {
    let server = MockServer::start();
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/bookings")
            .query_param("fromDateTime", "2024-05-01T00:00:00")
            .query_param("toDateTime", "2024-05-31T23:59:59");
        then.status(200).json_body(body(RESOS_LIST, 0));
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(
            &url,
            &[
                "--json",
                "list",
                "--from",
                "2024-05-01",
                "--to",
                "2024-05-31",
            ],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    list.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), 2);
    let first = items[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        &keys[..4],
        ["id", "vendor", "status", "starts_at"],
        "{keys:?}"
    );
    assert!(!first.contains_key("raw"));
    assert_eq!(first["id"], "Bk000000000000001");
    assert_eq!(first["vendor"], "resos");
    assert_eq!(
        first["starts_at"],
        "2024-05-04T19:30:00+02:00[Europe/Copenhagen]"
    );
}

#[test]
fn resos_list_raw_is_the_vendor_json() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method("GET").path("/v1/bookings");
        then.status(200).json_body(body(RESOS_LIST, 0));
    });
    let url = server.url("/v1");
    let run = bookings(&resos_env(), &resos_args(&url, &["--raw", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        Value::Array(run.json_lines()),
        body(RESOS_LIST, 0),
        "one vendor object per line, as received"
    );
}

#[test]
fn resos_availability_and_resources() {
    let server = MockServer::start();
    let times = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/bookingFlow/times")
            .query_param("people", "4");
        then.status(200).json_body(body(RESOS_TIMES, 0));
    });
    let tables = server.mock(|when, then| {
        when.method("GET").path("/v1/tables");
        then.status(200).json_body(body(RESOS_TABLES, 0));
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(
            &url,
            &["availability", "--date", "2026-03-14", "--party", "4"],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(times.calls() >= 1);
    let starts: Vec<String> = run.lines()[1..]
        .iter()
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect();
    // The bookable times of both periods, not the waiting-list or unavailable ones.
    assert_eq!(
        starts,
        [
            "2026-03-14 11:30",
            "2026-03-14 12:00",
            "2026-03-14 12:30",
            "2026-03-14 18:00",
            "2026-03-14 09:30"
        ]
    );

    let run = bookings(&resos_env(), &resos_args(&url, &["--json", "resources"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    tables.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), body(RESOS_TABLES, 0).as_array().unwrap().len());
    assert_eq!(items[0]["kind"], "table");
    assert!(items[0].get("raw").is_none());
}

#[test]
fn resos_capabilities_need_no_request() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.url("/v1");
    let run = bookings(&resos_env(), &resos_args(&url, &["--json", "capabilities"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let caps = &run.json_lines()[0];
    assert_eq!(caps["vendor"], "resos");
    assert_eq!(caps["cancel"], "marks_cancelled");
    let run = bookings(&resos_env(), &resos_args(&url, &["capabilities"]));
    assert!(
        run.stdout.contains("bookings.list    yes"),
        "{}",
        run.stdout
    );
    any.assert_calls(0);
}

#[test]
fn resos_get_as_a_table_and_raw() {
    let server = MockServer::start();
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/bookings/Bk000000000000007");
        then.status(200).json_body(body(RESOS_GET, 0));
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(&url, &["get", "Bk000000000000007"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[1].starts_with("Bk000000000000007  confirmed"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("Guest 7"), "{}", lines[1]);

    let run = bookings(
        &resos_env(),
        &resos_args(&url, &["--raw", "get", "Bk000000000000007"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let raw: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
    assert_eq!(raw, body(RESOS_GET, 0), "--raw is the vendor's JSON");
    get.assert_calls(2);
}

#[test]
fn resos_create_then_reads_the_new_booking() {
    let server = MockServer::start();
    let create = server.mock(|when, then| {
        when.method("POST").path("/v1/bookings").json_body_includes(
            json!({
                "date": "2026-03-14", "time": "19:30", "people": 4, "duration": 120,
                "guest": {"name": "Ada Example", "email": "ada@example.org"}
            })
            .to_string(),
        );
        then.status(200).json_body(json!("Qm3Xr7TtLpW2aZk9c"));
    });
    let mut stored = body(RESOS_GET, 0);
    stored["_id"] = json!("Qm3Xr7TtLpW2aZk9c");
    stored["status"] = json!("request");
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/bookings/Qm3Xr7TtLpW2aZk9c");
        then.status(200).json_body(stored);
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(
            &url,
            &[
                "--json",
                "create",
                "--start",
                "2026-03-14T19:30",
                "--duration",
                "2h",
                "--party",
                "4",
                "--name",
                "Ada Example",
                "--email",
                "ada@example.org",
            ],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    create.assert_calls(1);
    get.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "Qm3Xr7TtLpW2aZk9c");
    assert_eq!(items[0]["status"], "requested");
}

#[test]
fn resos_cancel_marks_the_booking_cancelled() {
    let server = MockServer::start();
    let cancel = server.mock(|when, then| {
        when.method("PUT")
            .path("/v1/bookings/Bk000000000000007")
            .json_body(json!({"status": "canceled"}));
        then.status(200).json_body(json!(true));
    });
    let mut stored = body(RESOS_GET, 0);
    stored["status"] = json!("canceled");
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/bookings/Bk000000000000007");
        then.status(200).json_body(stored);
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(&url, &["cancel", "Bk000000000000007"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    cancel.assert_calls(1);
    get.assert_calls(1);
    assert!(
        run.lines()[1].starts_with("Bk000000000000007  cancelled"),
        "{}",
        run.stdout
    );
}

#[test]
fn resos_missing_credentials_exit_3_and_send_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.url("/v1");
    let run = bookings(&[], &resos_args(&url, &["list"]));
    assert_error(&run, 3, "RESOS_API_KEY");
    any.assert_calls(0);
}

#[test]
fn resos_refused_credentials_exit_3_without_echoing_the_key() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method("GET").path("/v1/bookings");
        then.status(401)
            .header("content-type", "text/plain; charset=utf-8")
            .body("Unauthorized");
    });
    let url = server.url("/v1");
    let run = bookings(&resos_env(), &resos_args(&url, &["list"]));
    assert_error(&run, 3, "refused the credentials");
    assert!(!run.stderr.contains(RESOS_KEY) && !run.stderr.contains("Y2xp"));
}

#[test]
fn resos_bad_date_exit_2_and_send_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.url("/v1");
    for bad in [
        &["list", "--date", "2025-02-30"][..],
        &["list", "--from", "next week"],
        &["list", "--from", "2025-06-07", "--to", "2025-06-01"],
        &[
            "create", "--start", "tomorrow", "--party", "2", "--name", "A",
        ],
    ] {
        let run = bookings(&resos_env(), &resos_args(&url, bad));
        assert_error(&run, 2, "");
        assert!(
            run.stderr.contains("not a day")
                || run.stderr.contains("before")
                || run.stderr.contains("not a local date"),
            "{bad:?}: {}",
            run.stderr
        );
    }
    any.assert_calls(0);
}

#[test]
fn resos_plain_http_to_a_remote_host_is_refused_with_exit_2() {
    let run = bookings(
        &resos_env(),
        &resos_args("http://bookings.example.com/v1", &["list"]),
    );
    assert_error(&run, 2, "refusing plain http to bookings.example.com");
    assert!(!run.stderr.contains(RESOS_KEY));
}

#[test]
fn resos_not_found_exit_4() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method("GET").path("/v1/bookings/DoesNotExist00000");
        then.status(404)
            .header("content-type", "text/plain; charset=utf-8")
            .body("Booking not found");
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(&url, &["get", "DoesNotExist00000"]),
    );
    assert_error(&run, 4, "Booking not found");
}

#[test]
fn resos_rate_limited_create_exit_5() {
    let server = MockServer::start();
    let create = server.mock(|when, then| {
        when.method("POST").path("/v1/bookings");
        then.status(429)
            .header("retry-after", "60000")
            .header("content-type", "text/plain; charset=utf-8")
            .body("Too many requests");
    });
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(
            &url,
            &[
                "create",
                "--start",
                "2026-03-14T19:30",
                "--party",
                "2",
                "--name",
                "Ada",
            ],
        ),
    );
    assert_error(&run, 5, "rate limited");
    create.assert_calls(1);
}

#[test]
fn resos_unreachable_exit_7() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let run = bookings(&resos_env(), &resos_args(&url, &["get", "Bk1"]));
    assert_error(&run, 7, "transport error");
}

#[test]
fn resos_unsupported_availability_filter_exit_8_and_sends_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.url("/v1");
    let run = bookings(
        &resos_env(),
        &resos_args(
            &url,
            &[
                "availability",
                "--date",
                "2026-03-14",
                "--party",
                "2",
                "--resource",
                "t1",
            ],
        ),
    );
    assert_error(&run, 8, "does not support");
    any.assert_calls(0);
}

// ---------------------------------------------------------------------------------------
// Vendor-independent

#[test]
fn an_unknown_vendor_exit_2() {
    let run = bookings(&resos_env(), &["--vendor", "opentable", "list"]);
    assert_error(&run, 2, "invalid value 'opentable' for '--vendor");
    assert!(
        run.stderr.contains("resource-guru"),
        "names the vendors: {}",
        run.stderr
    );
}

#[test]
fn no_vendor_exit_2() {
    let run = bookings(&resos_env(), &["list"]);
    assert_error(&run, 2, "--vendor is required");
}

#[test]
fn help_names_the_variables_and_the_exit_codes() {
    let run = bookings(&[], &["--help"]);
    assert_eq!(run.code, 0);
    for needle in [
        "RESOS_API_KEY",
        "LAUNCH27_EMAIL",
        "LAUNCH27_PASSWORD",
        "RESOURCE_GURU_ACCESS_TOKEN",
        "RIGHTECH_TOKEN",
        "RIGHTECH_LOGIN",
        "RIGHTECH_PASSWORD",
        "RIGHTECH_BOOKINGS_STORE",
        "RIGHTECH_RESOURCES_STORE",
        "Exit codes:",
        "3  credentials",
        "8  unsupported",
    ] {
        assert!(run.stdout.contains(needle), "{needle}");
    }
}

// ---------------------------------------------------------------------------------------
// Launch27

const L27_EMAIL: &str = "pat@example.com";
const L27_PASSWORD: &str = "cli-test-password";

fn l27_env() -> [(&'static str, &'static str); 2] {
    [
        ("LAUNCH27_EMAIL", L27_EMAIL),
        ("LAUNCH27_PASSWORD", L27_PASSWORD),
    ]
}

/// The login mock: the fixture's answer (a JWT that expires in 2100).
fn l27_login(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.method("POST")
            .path("/v1/login")
            .json_body(json!({"email": L27_EMAIL, "password": L27_PASSWORD}));
        then.status(200).json_body(body(L27_LOGIN, 0));
    })
}

fn l27_args<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--vendor",
        "launch27",
        "--base-url",
        url,
        "--tz",
        "America/Chicago",
    ];
    args.extend_from_slice(rest);
    args
}

#[test]
fn launch27_list_as_a_table_and_as_json_lines() {
    let server = MockServer::start();
    let login = l27_login(&server);
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/customer/bookings")
            .query_param("sort", "asc")
            .header_exists("authorization");
        then.status(200).json_body(body(L27_LIST, 0));
    });
    let url = server.base_url();
    let run = bookings(&l27_env(), &l27_args(&url, &["list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    // 12:00 UTC is 07:00 in Chicago (daylight time).
    assert!(
        lines[1].starts_with("512  confirmed  2026-04-07 07:00"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("513  "), "{}", lines[2]);

    let run = bookings(&l27_env(), &l27_args(&url, &["--json", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = run.json_lines();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], "512");
    assert_eq!(items[0]["vendor"], "launch27");
    assert_eq!(
        items[0]["starts_at"],
        "2026-04-07T07:00:00-05:00[America/Chicago]"
    );
    login.assert_calls(2);
    list.assert_calls(2);
}

#[test]
fn launch27_get() {
    let server = MockServer::start();
    l27_login(&server);
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/customer/bookings/512");
        then.status(200).json_body(body(L27_GET, 0));
    });
    let url = server.base_url();
    let run = bookings(&l27_env(), &l27_args(&url, &["--raw", "get", "512"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    get.assert_calls(1);
    let raw: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
    assert_eq!(raw, body(L27_GET, 0));
}

#[test]
fn launch27_create_is_unsupported_exit_8_and_sends_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(
        &l27_env(),
        &l27_args(
            &url,
            &["create", "--start", "2026-04-07T07:00", "--name", "Pat Lee"],
        ),
    );
    assert_error(&run, 8, "launch27 does not support bookings.create");
    any.assert_calls(0);
}

#[test]
fn launch27_cancel_marks_the_booking_inactive() {
    let server = MockServer::start();
    l27_login(&server);
    let cancel = server.mock(|when, then| {
        when.method("POST")
            .path("/v1/customer/bookings/512/cancel")
            .json_body(json!({}));
        then.status(200).body("");
    });
    let mut stored = body(L27_GET, 0);
    stored["active"] = json!(false);
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/customer/bookings/512");
        then.status(200).json_body(stored);
    });
    let url = server.base_url();
    let run = bookings(&l27_env(), &l27_args(&url, &["cancel", "512"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    cancel.assert_calls(1);
    get.assert_calls(1);
    assert!(
        run.lines()[1].starts_with("512  cancelled"),
        "{}",
        run.stdout
    );
}

#[test]
fn launch27_missing_credentials_exit_3_and_send_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(&[("LAUNCH27_EMAIL", L27_EMAIL)], &l27_args(&url, &["list"]));
    assert_error(&run, 3, "LAUNCH27_PASSWORD");
    assert!(!run.stderr.contains(L27_EMAIL));
    // Without --base-url the tenant is needed too.
    let run = bookings(&l27_env(), &["--vendor", "launch27", "list"]);
    assert_error(&run, 3, "LAUNCH27_TENANT");
    any.assert_calls(0);
}

#[test]
fn launch27_bad_date_exit_2() {
    let run = bookings(
        &l27_env(),
        &l27_args("http://127.0.0.1:9", &["list", "--date", "31/12/2025"]),
    );
    assert_error(&run, 2, "not a day");
}

#[test]
fn launch27_plain_http_to_a_remote_host_is_refused_with_exit_2() {
    let run = bookings(&l27_env(), &l27_args("http://acme.launch27.com", &["list"]));
    assert_error(&run, 2, "refusing plain http to acme.launch27.com");
    assert!(!run.stderr.contains(L27_PASSWORD));
}

// ---------------------------------------------------------------------------------------
// Resource Guru

const RG_TOKEN: &str = "cli-test-access-token";

fn rg_env() -> [(&'static str, &'static str); 2] {
    [
        ("RESOURCE_GURU_ACCOUNT", "acme-studio"),
        ("RESOURCE_GURU_ACCESS_TOKEN", RG_TOKEN),
    ]
}

fn rg_args<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--vendor",
        "resource-guru",
        "--base-url",
        url,
        "--tz",
        "Europe/Lisbon",
    ];
    args.extend_from_slice(rest);
    args
}

#[test]
fn resource_guru_list_as_a_table_and_as_json_lines() {
    let server = MockServer::start();
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/v1/acme-studio/bookings")
            .header("authorization", format!("Bearer {RG_TOKEN}"));
        then.status(200).json_body(body(RG_LIST, 0));
    });
    let url = server.base_url();
    let run = bookings(&rg_env(), &rg_args(&url, &["list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[1].starts_with("80412  waitlisted  2024-05-13 10:00  2024-05-15 14:00"),
        "{}",
        lines[1]
    );

    let run = bookings(&rg_env(), &rg_args(&url, &["--json", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = run.json_lines();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], "80412");
    assert_eq!(items[0]["vendor"], "resource-guru");
    assert_eq!(items[0]["resources"], json!([{"id": "311"}]));
    list.assert_calls(2);
}

#[test]
fn resource_guru_get() {
    let server = MockServer::start();
    let get = server.mock(|when, then| {
        when.method("GET").path("/v1/acme-studio/bookings/80412");
        then.status(200).json_body(body(RG_GET, 0));
    });
    let url = server.base_url();
    let run = bookings(&rg_env(), &rg_args(&url, &["get", "80412"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    get.assert_calls(1);
    assert!(run.lines()[1].starts_with("80412  "), "{}", run.stdout);
    assert!(run.stdout.contains("Kick-off workshop"), "{}", run.stdout);
}

#[test]
fn resource_guru_create() {
    let server = MockServer::start();
    let create = server.mock(|when, then| {
        when.method("POST")
            .path("/v1/acme-studio/bookings")
            .json_body(json!({
                "resource_ids": [311], "start_date": "2024-05-13", "end_date": "2024-05-15",
                "duration": 240, "start_time": 600, "details": "Kick-off workshop",
                "timezone": "Lisbon"
            }));
        then.status(201).json_body(body(RG_CREATE, 0));
    });
    let url = server.base_url();
    let run = bookings(
        &rg_env(),
        &rg_args(
            &url,
            &[
                "--json",
                "create",
                "--start",
                "2024-05-13T10:00",
                "--end",
                "2024-05-15T14:00",
                "--resource",
                "311",
                "--notes",
                "Kick-off workshop",
            ],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    create.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "80412");
}

#[test]
fn resource_guru_cancel_deletes_and_says_so_on_stderr() {
    let server = MockServer::start();
    let delete = server.mock(|when, then| {
        when.method("DELETE").path("/v1/acme-studio/bookings/80412");
        then.status(204);
    });
    let url = server.base_url();
    let run = bookings(&rg_env(), &rg_args(&url, &["cancel", "80412"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    delete.assert_calls(1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("booking 80412 cancelled (resource-guru deletes"),
        "{}",
        run.stderr
    );
}

#[test]
fn resource_guru_missing_credentials_exit_3_and_send_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(
        &[("RESOURCE_GURU_ACCOUNT", "acme-studio")],
        &rg_args(&url, &["list"]),
    );
    assert_error(&run, 3, "RESOURCE_GURU_ACCESS_TOKEN");
    let run = bookings(
        &[("RESOURCE_GURU_ACCESS_TOKEN", RG_TOKEN)],
        &rg_args(&url, &["list"]),
    );
    assert_error(&run, 3, "RESOURCE_GURU_ACCOUNT");
    assert!(!run.stderr.contains(RG_TOKEN));
    any.assert_calls(0);
}

#[test]
fn resource_guru_bad_date_exit_2() {
    let run = bookings(
        &rg_env(),
        &rg_args("http://127.0.0.1:9", &["list", "--to", "2024-5-1"]),
    );
    assert_error(&run, 2, "not a day");
}

#[test]
fn resource_guru_plain_http_to_a_remote_host_is_refused_with_exit_2() {
    let run = bookings(
        &rg_env(),
        &rg_args("http://api.resourceguruapp.com", &["list"]),
    );
    assert_error(&run, 2, "refusing plain http to api.resourceguruapp.com");
    assert!(!run.stderr.contains(RG_TOKEN));
}

#[test]
fn resource_guru_not_found_exit_4() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method("GET").path("/v1/acme-studio/bookings/404");
        then.status(404).json_body(json!({"errors": ["Not found"]}));
    });
    let url = server.base_url();
    let run = bookings(&rg_env(), &rg_args(&url, &["get", "404"]));
    assert_error(&run, 4, "not found");
}

// ---------------------------------------------------------------------------------------
// Rightech

const RT_TOKEN: &str = "cli-test-rightech-token";
/// The first record of the `reservations` fixture.
const RT_ID: &str = "64e000000000000000000001";

fn rt_env() -> [(&'static str, &'static str); 1] {
    [("RIGHTECH_TOKEN", RT_TOKEN)]
}

/// `--vendor rightech --base-url <mock> --tz Europe/Copenhagen` and `rest` (the client
/// appends `/api/v1`; the default store is `reservations`).
fn rt_args<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--vendor",
        "rightech",
        "--base-url",
        url,
        "--tz",
        "Europe/Copenhagen",
    ];
    args.extend_from_slice(rest);
    args
}

/// The `reservations` fixture's record with `_id` `id`.
fn rt_record(id: &str) -> Value {
    body(RT_LIST, 0)
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["_id"] == id)
        .unwrap()
        .clone()
}

/// The list mock: the default store, one page of 10 000, the token as Bearer.
fn rt_list(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/reservations")
            .query_param("offset", "0")
            .query_param("limit", "10000")
            .header("authorization", format!("Bearer {RT_TOKEN}"));
        then.status(200).json_body(body(RT_LIST, 0));
    })
}

#[test]
fn rightech_list_as_a_table_and_as_json_lines() {
    let server = MockServer::start();
    let list = rt_list(&server);
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    // 17:00 UTC in milliseconds is 19:00 in Copenhagen; 90 minutes; four people.
    assert!(
        lines[1].starts_with("64e000000000000000000001  confirmed  2026-06-01 19:00  20:30  4"),
        "{}",
        run.stdout
    );
    assert!(lines[1].contains("Ada Example"), "{}", lines[1]);
    // A status outside the default table is the store's own text.
    assert!(
        lines[3].starts_with("64e000000000000000000003  on_hold  "),
        "{}",
        run.stdout
    );

    let run = bookings(&rt_env(), &rt_args(&url, &["--json", "list"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = run.json_lines();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["id"], RT_ID);
    assert_eq!(items[0]["vendor"], "rightech");
    assert_eq!(
        items[0]["starts_at"],
        "2026-06-01T19:00:00+02:00[Europe/Copenhagen]"
    );
    assert_eq!(items[0]["party_size"], 4);
    assert_eq!(
        items[0]["resources"],
        json!([{"id": "64f000000000000000000001"}])
    );
    // Party size as text and two resources, read through the default mapping.
    assert_eq!(items[2]["party_size"], 3);
    assert_eq!(items[2]["resources"].as_array().unwrap().len(), 2);
    assert!(items[0].get("raw").is_none());
    list.assert_calls(2);
}

#[test]
fn rightech_list_a_range_of_days_is_filtered_here_and_raw_is_the_record() {
    let server = MockServer::start();
    let list = rt_list(&server);
    let url = server.base_url();
    // Rightech's from/to bound the creation time, so the range is not sent: the whole store
    // is read and only bookings starting on 1-2 June (Copenhagen) are kept.
    let run = bookings(
        &rt_env(),
        &rt_args(
            &url,
            &[
                "--raw",
                "list",
                "--from",
                "2026-06-01",
                "--to",
                "2026-06-02",
            ],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    list.assert_calls(1);
    assert_eq!(
        run.json_lines(),
        [
            rt_record("64e000000000000000000001"),
            rt_record("64e000000000000000000002")
        ],
        "the records as received"
    );
}

#[test]
fn rightech_get_as_a_table_and_raw() {
    let server = MockServer::start();
    let get = server.mock(|when, then| {
        when.method("GET")
            .path(format!("/api/v1/reservations/{RT_ID}"))
            .header("authorization", format!("Bearer {RT_TOKEN}"));
        then.status(200).json_body(rt_record(RT_ID));
    });
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["get", RT_ID]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[1].starts_with("64e000000000000000000001  confirmed  2026-06-01 19:00"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("window seat"), "{}", lines[1]);

    let run = bookings(&rt_env(), &rt_args(&url, &["--raw", "get", RT_ID]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let raw: Value = serde_json::from_str(run.stdout.trim_end()).unwrap();
    assert_eq!(raw, rt_record(RT_ID), "--raw is the record");
    get.assert_calls(2);
}

#[test]
fn rightech_get_with_an_id_that_is_no_object_id_exit_2_and_sends_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["get", "Bk1"]));
    assert_error(&run, 2, "ObjectId");
    any.assert_calls(0);
}

#[test]
fn rightech_create_writes_the_default_mapping() {
    let server = MockServer::start();
    let create = server.mock(|when, then| {
        when.method("POST")
            .path("/api/v1/reservations")
            .header("authorization", format!("Bearer {RT_TOKEN}"))
            .json_body(json!({
                "start": 1_780_333_200_000_i64, "end": 1_780_338_600_000_i64,
                "status": "confirmed", "partySize": 4,
                "customer": {"name": "Ada Example", "email": "ada@example.org"},
                "resource": "64f000000000000000000001", "notes": "window seat"
            }));
        then.status(200).json_body(rt_record(RT_ID));
    });
    let url = server.base_url();
    let run = bookings(
        &rt_env(),
        &rt_args(
            &url,
            &[
                "--json",
                "create",
                "--start",
                "2026-06-01T19:00",
                "--duration",
                "90m",
                "--party",
                "4",
                "--name",
                "Ada Example",
                "--email",
                "ada@example.org",
                "--resource",
                "64f000000000000000000001",
                "--notes",
                "window seat",
            ],
        ),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    create.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], RT_ID);
    assert_eq!(items[0]["status"], "confirmed");
    assert_eq!(
        items[0]["ends_at"],
        "2026-06-01T20:30:00+02:00[Europe/Copenhagen]"
    );
}

#[test]
fn rightech_cancel_marks_the_record_cancelled() {
    let server = MockServer::start();
    let mut stored = rt_record(RT_ID);
    stored["status"] = json!("cancelled");
    let cancel = server.mock(|when, then| {
        when.method("PATCH")
            .path(format!("/api/v1/reservations/{RT_ID}"))
            .json_body(json!({"status": "cancelled"}));
        then.status(200).json_body(stored);
    });
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["cancel", RT_ID]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    cancel.assert_calls(1);
    assert!(
        run.lines()[1].starts_with("64e000000000000000000001  cancelled"),
        "{}",
        run.stdout
    );
}

#[test]
fn rightech_login_and_password_log_in_for_a_token() {
    let server = MockServer::start();
    let login = server.mock(|when, then| {
        when.method("POST")
            .path("/api/v1/auth/token")
            .json_body(json!({"login": "api-user", "password": "cli-test-password"}));
        then.status(200).json_body(body(RT_LOGIN, 0));
    });
    let issued = body(RT_LOGIN, 0)["token"].as_str().unwrap().to_owned();
    let list = server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/bookings-2026")
            .header("authorization", format!("Bearer {issued}"));
        then.status(200).json_body(body(RT_LIST, 0));
    });
    let url = server.base_url();
    let run = bookings(
        &[
            ("RIGHTECH_LOGIN", "api-user"),
            ("RIGHTECH_PASSWORD", "cli-test-password"),
            ("RIGHTECH_BOOKINGS_STORE", "bookings-2026"),
        ],
        &rt_args(&url, &["--json", "list"]),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    login.assert_calls(1);
    list.assert_calls(1);
    assert_eq!(run.json_lines().len(), 4);
}

#[test]
fn rightech_resources_come_from_the_named_store_or_are_unsupported() {
    let server = MockServer::start();
    let rooms = server.mock(|when, then| {
        when.method("GET").path("/api/v1/rooms");
        then.status(200).json_body(body(RT_ROOMS, 0));
    });
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["resources"]));
    assert_error(&run, 8, "rightech does not support");
    rooms.assert_calls(0);

    let env = [
        ("RIGHTECH_TOKEN", RT_TOKEN),
        ("RIGHTECH_RESOURCES_STORE", "rooms"),
    ];
    let run = bookings(&env, &rt_args(&url, &["--json", "resources"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    rooms.assert_calls(1);
    let items = run.json_lines();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["name"], "Table 1");
    assert_eq!(items[1]["capacity"], 8);
}

#[test]
fn rightech_capabilities_need_no_request_and_availability_is_unsupported() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(&rt_env(), &rt_args(&url, &["--json", "capabilities"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let caps = &run.json_lines()[0];
    assert_eq!(caps["vendor"], "rightech");
    assert_eq!(caps["cancel"], "marks_cancelled");
    let run = bookings(
        &rt_env(),
        &rt_args(&url, &["availability", "--date", "2026-06-01"]),
    );
    assert_error(&run, 8, "rightech does not support");
    any.assert_calls(0);
}

#[test]
fn rightech_missing_credentials_exit_3_and_send_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let run = bookings(&[], &rt_args(&url, &["list"]));
    assert_error(&run, 3, "RIGHTECH_TOKEN");
    // A login without its password.
    let run = bookings(&[("RIGHTECH_LOGIN", "api-user")], &rt_args(&url, &["list"]));
    assert_error(&run, 3, "RIGHTECH_PASSWORD");
    assert!(!run.stderr.contains("api-user"));
    any.assert_calls(0);
}

#[test]
fn rightech_bad_date_exit_2() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    for bad in [
        &["list", "--date", "2026-06-31"][..],
        &["list", "--from", "1 June"],
        &["create", "--start", "19:00", "--name", "Ada"],
    ] {
        let run = bookings(&rt_env(), &rt_args(&url, bad));
        assert_error(&run, 2, "");
        assert!(
            run.stderr.contains("not a day") || run.stderr.contains("not a local date"),
            "{bad:?}: {}",
            run.stderr
        );
    }
    any.assert_calls(0);
}

#[test]
fn rightech_plain_http_to_a_remote_host_is_refused_with_exit_2() {
    let run = bookings(&rt_env(), &rt_args("http://dev.rightech.io", &["list"]));
    assert_error(&run, 2, "refusing plain http to dev.rightech.io");
    assert!(!run.stderr.contains(RT_TOKEN));
}

#[test]
fn rightech_bad_store_name_exit_2_and_sends_nothing() {
    let server = MockServer::start();
    let any = anything(&server);
    let url = server.base_url();
    let env = [
        ("RIGHTECH_TOKEN", RT_TOKEN),
        ("RIGHTECH_BOOKINGS_STORE", ".."),
    ];
    let run = bookings(&env, &rt_args(&url, &["list"]));
    assert_error(&run, 2, "rightech booking mapping");
    any.assert_calls(0);
}

#[test]
fn rightech_not_found_exit_4() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method("GET")
            .path("/api/v1/reservations/64e000000000000000000099");
        then.status(404).json_body(json!({
            "success": false, "code": "404", "message": "Not found",
            "tags": ["error_not_found"]
        }));
    });
    let url = server.base_url();
    let run = bookings(
        &rt_env(),
        &rt_args(&url, &["get", "64e000000000000000000099"]),
    );
    assert_error(&run, 4, "Not found");
}
