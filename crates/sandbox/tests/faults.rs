//! The fault plan (`SandboxOptions::faults`), one test per fault kind, seen on the wire with
//! a plain reqwest client (not the vendor clients: what a fault puts on the wire must not
//! depend on how our clients read it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Read;
use std::time::Duration;

use base64::Engine;
use sandbox::{
    Error, Fault, FaultBody, FaultEvent, FaultPlan, FaultRule, Sandbox, SandboxOptions, Vendor,
};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio::time::Instant;

const LIST: &str = "GET /v1/bookings";

async fn resos(plan: FaultPlan) -> Sandbox {
    Sandbox::start(Vendor::Resos, SandboxOptions::default().faults(plan))
        .await
        .unwrap()
}

fn plain() -> reqwest::Client {
    reqwest::Client::builder().no_gzip().build().unwrap()
}

fn basic(sandbox: &Sandbox) -> String {
    let key = sandbox.credentials().api_key().unwrap().expose_secret();
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    )
}

/// `GET <base>/bookings` (resOS) with a plain client.
async fn list(sandbox: &Sandbox, client: &reqwest::Client, query: &str) -> reqwest::Response {
    client
        .get(format!("{}/bookings{query}", sandbox.base_url()))
        .header("authorization", basic(sandbox))
        .send()
        .await
        .unwrap()
}

fn create_body() -> Value {
    json!({"date": "2026-03-14", "time": "19:30", "people": 2, "guest": {"name": "Ada Example"}})
}

async fn create(sandbox: &Sandbox, client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{}/bookings", sandbox.base_url()))
        .header("authorization", basic(sandbox))
        .json(&create_body())
        .send()
        .await
}

async fn count_bookings(sandbox: &Sandbox) -> usize {
    let body: Vec<Value> = list(sandbox, &plain(), "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    body.len()
}

/// Whether an I/O "connection reset" is somewhere in the error's causes.
fn is_reset(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionReset
        {
            return true;
        }
        cause = e.source();
    }
    false
}

#[tokio::test]
async fn a_status_comes_with_each_vendors_error_body_and_the_hit_counts() {
    let plan = || FaultPlan::new(1).rule(FaultRule::new(Fault::status(503)).route(LIST));
    let sandbox = resos(plan()).await;
    let answer = list(&sandbox, &plain(), "").await;
    assert_eq!(answer.status(), 503);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(answer.text().await.unwrap(), "Service Unavailable");
    // Counted although the vendor never saw it (and nothing else was counted).
    assert_eq!(sandbox.hits(LIST), 1);
    assert_eq!(sandbox.all_hits().len(), 1);

    // The same plan on Resource Guru: its JSON shape, on its own route pattern.
    let rg = Sandbox::start(
        Vendor::ResourceGuru,
        SandboxOptions::default()
            .faults(FaultPlan::new(1).rule(FaultRule::new(Fault::status(503)).method("GET"))),
    )
    .await
    .unwrap();
    let answer = plain()
        .get(format!("{}/v1/acme-studio/bookings", rg.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 503);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body, json!({"errors": ["Service Unavailable"]}));
    assert_eq!(rg.hits("GET /v1/{account}/bookings"), 1);

    // A given body instead of the vendor's.
    let given = Sandbox::start(
        Vendor::Launch27,
        SandboxOptions::default().faults(FaultPlan::new(1).rule(FaultRule::new(Fault::Status {
            status: 500,
            body: FaultBody::json(&json!({"oops": true})),
            retry_after: None,
        }))),
    )
    .await
    .unwrap();
    let answer = plain()
        .post(format!("{}/login", given.base_url()))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 500);
    assert_eq!(answer.json::<Value>().await.unwrap(), json!({"oops": true}));
    assert_eq!(given.hits("POST /v1/login"), 1);
}

#[tokio::test]
async fn retry_after_values_are_sent_as_given_even_absurd_ones() {
    let plan = FaultPlan::new(1)
        .rule(FaultRule::new(Fault::retry_after(429, "99999999999")).nth(0))
        .rule(FaultRule::new(Fault::retry_after(503, "-1")).nth(1))
        .rule(FaultRule::new(Fault::retry_after(429, "soon")).nth(2));
    let sandbox = resos(plan).await;
    let client = plain();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let answer = list(&sandbox, &client, "").await;
        seen.push((
            answer.status().as_u16(),
            answer.headers()["retry-after"].to_str().unwrap().to_owned(),
            answer.text().await.unwrap(),
        ));
    }
    assert_eq!(
        seen,
        [
            (
                429,
                "99999999999".to_owned(),
                "Too many requests".to_owned()
            ),
            (503, "-1".to_owned(), "Service Unavailable".to_owned()),
            (429, "soon".to_owned(), "Too many requests".to_owned()),
        ]
    );
    // The fourth request is the vendor's again (resOS: Retry-After in ms to the reset).
    let answer = list(&sandbox, &client, "").await;
    assert_eq!(answer.status(), 200);
    let ms: u64 = answer.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(ms <= 60_000);
}

#[tokio::test]
async fn a_reset_before_the_response_stores_nothing_by_default() {
    let plan = FaultPlan::new(1)
        .rule(FaultRule::new(Fault::ResetBeforeResponse).route("POST /v1/bookings"));
    let sandbox = resos(plan).await;
    let before = count_bookings(&sandbox).await;
    let err = create(&sandbox, &plain()).await.unwrap_err();
    assert!(is_reset(&err), "{err:?}");
    assert_eq!(sandbox.hits("POST /v1/bookings"), 1);
    assert_eq!(count_bookings(&sandbox).await, before);
    let log = sandbox.fault_log();
    assert_eq!(log.len(), 1);
    let event = &log[0];
    assert_eq!(
        (event.request, event.route.as_str(), event.rule, event.fault),
        (1, "POST /v1/bookings", 0, "reset_before_response")
    );
}

#[tokio::test]
async fn after_state_a_create_is_stored_but_its_answer_is_lost() {
    let plan = FaultPlan::new(1).rule(
        FaultRule::new(Fault::ResetBeforeResponse)
            .route("POST /v1/bookings")
            .after_state(),
    );
    let sandbox = resos(plan).await;
    let before = count_bookings(&sandbox).await;
    let err = create(&sandbox, &plain()).await.unwrap_err();
    assert!(is_reset(&err), "{err:?}");
    // Received once, stored once: what issue 13's "0 duplicate creates" is measured with.
    assert_eq!(sandbox.hits("POST /v1/bookings"), 1);
    assert_eq!(count_bookings(&sandbox).await, before + 1);
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_comes_after_the_head_and_half_the_body() {
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::ResetMidBody).route(LIST));
    let sandbox = resos(plan).await;
    let mut answer = list(&sandbox, &plain(), "").await;
    assert_eq!(answer.status(), 200);
    let length = answer.content_length().unwrap();
    let mut received = Vec::new();
    let err = loop {
        match answer.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("the body ended without a reset"),
            Err(e) => break e,
        }
    };
    assert!(is_reset(&err), "{err:?}");
    assert!(length > 100);
    assert_eq!(received.len() as u64, length / 2);
}

#[tokio::test(start_paused = true)]
async fn a_stall_after_the_headers_delays_only_the_body() {
    let pause = Duration::from_secs(30);
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::StallAfterHeaders(pause)).route(LIST));
    let sandbox = resos(plan).await;
    let start = Instant::now();
    let answer = list(&sandbox, &plain(), "").await;
    assert_eq!(answer.status(), 200);
    assert!(start.elapsed() < pause);
    let body: Vec<Value> = answer.json().await.unwrap();
    assert!(!body.is_empty());
    assert!(start.elapsed() >= pause);
}

#[tokio::test(start_paused = true)]
async fn latency_comes_before_the_answer_and_before_the_state_by_default() {
    let pause = Duration::from_secs(5);
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::Latency(pause)).method("POST"));
    let sandbox = resos(plan).await;
    let start = Instant::now();
    let answer = create(&sandbox, &plain()).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(start.elapsed() >= pause);

    // Before the state: a client that gives up during the wait leaves nothing stored.
    let before = count_bookings(&sandbox).await;
    let gave_up = tokio::time::timeout(Duration::from_secs(1), create(&sandbox, &plain())).await;
    assert!(gave_up.is_err());
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(count_bookings(&sandbox).await, before);

    // After the state: stored although the client gave up.
    let plan = FaultPlan::new(1).rule(
        FaultRule::new(Fault::Latency(pause))
            .method("POST")
            .after_state(),
    );
    let sandbox = resos(plan).await;
    let before = count_bookings(&sandbox).await;
    let gave_up = tokio::time::timeout(Duration::from_secs(1), create(&sandbox, &plain())).await;
    assert!(gave_up.is_err());
    assert_eq!(count_bookings(&sandbox).await, before + 1);
}

#[tokio::test]
async fn a_truncated_body_is_a_complete_message_holding_half_the_json() {
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::TruncatedBody).route(LIST).nth(1));
    let sandbox = resos(plan).await;
    let client = plain();
    let whole = list(&sandbox, &client, "").await.bytes().await.unwrap();
    let answer = list(&sandbox, &client, "").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.content_length(), Some(whole.len() as u64 / 2));
    let cut = answer.bytes().await.unwrap();
    assert_eq!(cut, whole.slice(..whole.len() / 2));
    let err = serde_json::from_slice::<Value>(&cut).unwrap_err();
    assert!(err.is_eof(), "{err}");
}

#[tokio::test]
async fn an_oversized_body_is_padded_valid_json_of_the_given_size() {
    let size = 3 * 1024 * 1024 + 5;
    let plan = FaultPlan::new(1).rule(
        FaultRule::new(Fault::OversizedBody { bytes: size })
            .route(LIST)
            .nth(1),
    );
    let sandbox = resos(plan).await;
    let client = plain();
    let whole: Value = list(&sandbox, &client, "").await.json().await.unwrap();
    let big = list(&sandbox, &client, "").await.bytes().await.unwrap();
    assert_eq!(big.len() as u64, size);
    assert_eq!(serde_json::from_slice::<Value>(&big).unwrap(), whole);
}

#[tokio::test]
async fn a_gzip_body_is_compressed_unasked_and_decodes_to_the_vendors_body() {
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::Gzip).route(LIST).requests(1..));
    let sandbox = resos(plan).await;
    let whole = list(&sandbox, &plain(), "").await.bytes().await.unwrap();
    let answer = list(&sandbox, &plain(), "").await;
    assert_eq!(answer.headers()["content-encoding"], "gzip");
    let wire = answer.bytes().await.unwrap();
    assert_eq!(wire[..2], [0x1f, 0x8b]);
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated, whole);
    // A client that decompresses sees the vendor's JSON.
    let decoding = reqwest::Client::new();
    let answer = list(&sandbox, &decoding, "").await;
    assert_eq!(answer.bytes().await.unwrap(), whole);
}

#[tokio::test]
async fn a_gzip_bomb_is_small_on_the_wire_and_huge_inflated() {
    let inflated = 8 * 1024 * 1024;
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::GzipBomb { inflated }).route(LIST));
    let sandbox = resos(plan).await;
    let answer = list(&sandbox, &plain(), "").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-encoding"], "gzip");
    let wire = answer.bytes().await.unwrap();
    assert!(wire.len() < 64 * 1024, "{} bytes on the wire", wire.len());
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out.len() as u64, inflated);
    assert_eq!(serde_json::from_slice::<Value>(&out).unwrap(), json!([]));
}

#[tokio::test]
async fn an_html_error_page_empty_200_and_deep_nesting_replace_the_answer() {
    let plan = FaultPlan::new(1)
        .rule(FaultRule::new(Fault::HtmlErrorPage { status: 502 }).nth(0))
        .rule(FaultRule::new(Fault::Empty200).nth(1))
        .rule(FaultRule::new(Fault::DeepNesting { depth: 1000 }).nth(2));
    let sandbox = resos(plan).await;
    let client = plain();

    let page = list(&sandbox, &client, "").await;
    assert_eq!(page.status(), 502);
    assert_eq!(page.headers()["content-type"], "text/html");
    let text = page.text().await.unwrap();
    assert!(text.contains("<title>502 Bad Gateway</title>"), "{text}");

    let empty = list(&sandbox, &client, "").await;
    assert_eq!(empty.status(), 200);
    assert_eq!(empty.headers()["content-type"], "application/json");
    assert!(empty.bytes().await.unwrap().is_empty());

    let deep = list(&sandbox, &client, "").await.bytes().await.unwrap();
    assert_eq!(deep.len(), 2000);
    let err = serde_json::from_slice::<Value>(&deep).unwrap_err();
    assert!(err.to_string().contains("recursion limit"), "{err}");
    assert_eq!(sandbox.hits(LIST), 3);
}

#[tokio::test]
async fn a_wrong_content_type_invalid_utf8_and_duplicate_keys_mangle_the_real_body() {
    let plan = FaultPlan::new(1)
        .rule(FaultRule::new(Fault::WrongContentType("text/html".into())).nth(1))
        .rule(FaultRule::new(Fault::InvalidUtf8).nth(2))
        .rule(FaultRule::new(Fault::DuplicateKeys).nth(3));
    let sandbox = resos(plan).await;
    let client = plain();
    let whole = list(&sandbox, &client, "").await.bytes().await.unwrap();
    let first_key = serde_json::from_slice::<Value>(&whole).unwrap()[0]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();

    let labelled = list(&sandbox, &client, "").await;
    assert_eq!(labelled.headers()["content-type"], "text/html");
    assert_eq!(labelled.bytes().await.unwrap(), whole);

    let broken = list(&sandbox, &client, "").await.bytes().await.unwrap();
    assert_eq!(broken.len(), whole.len() + 1);
    assert!(std::str::from_utf8(&broken).is_err());
    assert!(serde_json::from_slice::<Value>(&broken).is_err());

    let twice = list(&sandbox, &client, "").await.text().await.unwrap();
    let needle = format!("{}:", Value::String(first_key));
    let once = String::from_utf8(whole.to_vec()).unwrap();
    assert_eq!(
        twice.matches(&needle).count(),
        once.matches(&needle).count() + 1,
        "{twice}"
    );
    assert!(twice.starts_with(&format!("[{{{needle}\"sandbox-duplicate\",{needle}")));
    // Last wins: the real value.
    assert_eq!(
        serde_json::from_str::<Value>(&twice).unwrap(),
        serde_json::from_slice::<Value>(&whole).unwrap()
    );
}

#[tokio::test]
async fn a_repeated_page_answers_the_previous_page_again() {
    let plan = FaultPlan::new(1).rule(FaultRule::new(Fault::RepeatPage).route(LIST).nth(1));
    let sandbox = resos(plan).await;
    let client = plain();
    let first: Vec<Value> = list(&sandbox, &client, "?skip=0&limit=2")
        .await
        .json()
        .await
        .unwrap();
    let second: Vec<Value> = list(&sandbox, &client, "?skip=2&limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(second, first);
    let third: Vec<Value> = list(&sandbox, &client, "?skip=2&limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(third, first);
    assert_eq!(sandbox.hits(LIST), 3);
}

/// The statuses of `n` list requests against a sandbox with `plan`.
async fn statuses(plan: FaultPlan, n: usize) -> (Vec<u16>, Vec<FaultEvent>) {
    let sandbox = resos(plan).await;
    let client = plain();
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(list(&sandbox, &client, "").await.status().as_u16());
    }
    (out, sandbox.fault_log())
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults_and_filters_select_requests() {
    let plan = |seed| {
        FaultPlan::new(seed)
            .rule(
                FaultRule::new(Fault::status(500))
                    .route(LIST)
                    .probability(0.3),
            )
            .rule(
                FaultRule::new(Fault::status(502))
                    .route(LIST)
                    .requests(5..7),
            )
            // Another route and method: never matches these requests.
            .rule(FaultRule::new(Fault::status(504)).route("POST /v1/bookings"))
    };
    let (a, log_a) = statuses(plan(42), 40).await;
    let (b, log_b) = statuses(plan(42), 40).await;
    let (c, _) = statuses(plan(43), 40).await;
    assert_eq!(a, b);
    assert_eq!(log_a, log_b);
    assert_ne!(a, c);
    let failed = a.iter().filter(|s| **s == 500).count();
    assert!((4..=20).contains(&failed), "{failed} of 40 at p = 0.3");
    assert!(!a.contains(&504));
    // Requests 5 and 6 fail with 502 unless the first rule took them.
    for i in [5, 6] {
        assert!(a[i] == 502 || a[i] == 500, "{a:?}");
    }
    assert!(
        a.iter()
            .enumerate()
            .all(|(i, s)| *s != 502 || (5..7).contains(&i))
    );
    assert_eq!(log_a.len(), a.iter().filter(|s| **s != 200).count());
}

#[tokio::test]
async fn a_bad_probability_or_status_is_refused_at_start() {
    for rule in [
        FaultRule::new(Fault::status(500)).probability(1.5),
        FaultRule::new(Fault::status(1000)),
    ] {
        let err = Sandbox::start(
            Vendor::Resos,
            SandboxOptions::default().faults(FaultPlan::new(0).rule(rule)),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
    }
}

#[tokio::test]
async fn a_mid_body_reset_of_an_empty_answer_resets_before_the_head_after_the_state() {
    let plan = FaultPlan::new(1)
        .rule(FaultRule::new(Fault::ResetMidBody).route("DELETE /v1/{account}/bookings/{id}"));
    let rg = Sandbox::start(Vendor::ResourceGuru, SandboxOptions::default().faults(plan))
        .await
        .unwrap();
    let c = rg.credentials().oauth().unwrap();
    let client = plain();
    let token: Value = client
        .post(format!("{}/oauth/token", rg.base_url()))
        .form(&[
            ("grant_type", "password"),
            ("username", c.username.as_str()),
            ("password", c.password.expose_secret()),
            ("client_id", c.client_id.as_str()),
            ("client_secret", c.client_secret.expose_secret()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let booking = format!("{}/v1/{}/bookings/80412", rg.base_url(), c.account);
    let err = client
        .delete(&booking)
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap_err();
    assert!(is_reset(&err), "{err:?}");
    // Mangling faults run after the state: the booking is gone (204 lost on the wire).
    let gone = client
        .get(&booking)
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    assert_eq!(rg.hits("DELETE /v1/{account}/bookings/{id}"), 1);
}
