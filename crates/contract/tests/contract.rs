//! Self-test of the harness: `fixtures/_selftest` driven through core-http directly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core_http::auth::Basic;
use core_http::pacing::{HeaderFeedback, TimeUnit};
use core_http::paging::offset_pages;
use core_http::{Client, RetryPolicy};
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The operations of the pretend vendor.
const OPERATIONS: &[&str] = &["items.get", "items.list", "items.create"];

#[derive(Debug, Serialize, Deserialize)]
struct Item {
    #[serde(rename = "_id")]
    id: String,
    name: String,
    seats: u32,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Deserialize)]
struct GetItem {
    id: String,
}

#[derive(Deserialize)]
struct ListItems {
    page_size: u32,
}

#[derive(Serialize, Deserialize)]
struct NewItem {
    name: String,
    seats: u32,
}

fn client(base: &str) -> Client {
    Client::builder(format!("{base}/v1"))
        .vendor("_selftest")
        .auth(Basic::api_key("selftest-key"))
        .feedback(HeaderFeedback::with_unit(TimeUnit::Milliseconds))
        .retry(RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        })
        .without_transport_timers()
        .build()
        .unwrap()
}

async fn dispatch(fixture: contract::Fixture, base: String) -> Option<Value> {
    let client = client(&base);
    Some(match fixture.operation.as_str() {
        "items.get" => {
            let input: GetItem = match contract::input(&fixture) {
                Ok(i) => i,
                Err(e) => return Some(e),
            };
            contract::outcome(
                client
                    .get("/items/{id}")
                    .path_param("id", &input.id)
                    .send_json::<Item>()
                    .await,
            )
        }
        "items.list" => {
            let input: ListItems = match contract::input(&fixture) {
                Ok(i) => i,
                Err(e) => return Some(e),
            };
            let c = client.clone();
            let items: core_http::Result<Vec<Item>> =
                offset_pages(input.page_size, 100, 0, move |p| {
                    let c = c.clone();
                    async move {
                        c.get("/items")
                            .query("skip", p.offset)
                            .query("limit", p.limit)
                            .send_page::<Item>()
                            .await
                    }
                })
                .try_collect()
                .await;
            contract::outcome(items)
        }
        "items.create" => {
            let input: NewItem = match contract::input(&fixture) {
                Ok(i) => i,
                Err(e) => return Some(e),
            };
            contract::outcome(
                client
                    .post("/items")
                    .json(&input)
                    .send_json::<String>()
                    .await,
            )
        }
        _ => return None,
    })
}

#[tokio::test(start_paused = true)]
async fn selftest_fixtures_pass() {
    let spec = contract::VendorSpec::new("_selftest", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    contract::run_and_assert(&spec, dispatch).await;
}

/// Breaking one snapshot makes the run fail (and so `cargo xtask contract` exit non-zero), and
/// the failure names the fixture.
#[tokio::test(start_paused = true)]
async fn a_broken_snapshot_fails_the_run() {
    let mut spec = contract::VendorSpec::new("_selftest", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    let scratch =
        std::env::temp_dir().join(format!("bookbridge-broken-snap-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    for entry in std::fs::read_dir(&spec.snapshot_dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, scratch.join(path.file_name().unwrap())).unwrap();
    }
    let victim = scratch.join("items.get.snap");
    let text = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(&victim, text.replace("\"seats\": 4", "\"seats\": 5")).unwrap();
    spec.snapshot_dir = scratch.clone();

    let report = contract::run(&spec, dispatch).await;
    let repaired = std::fs::read_to_string(&victim).unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
    if std::env::var("INSTA_UPDATE").as_deref() == Ok("always") {
        // Accepting snapshots (`cargo xtask contract --accept`) rewrites the broken one.
        assert!(report.ok(), "{}", report.problems());
        assert!(repaired.contains("\"seats\": 4"), "{repaired}");
        return;
    }
    assert!(!report.ok());
    assert_eq!(report.failed, 1, "{}", report.problems());
    assert!(
        report.problems().contains("items.get"),
        "{}",
        report.problems()
    );
}

/// A fixture whose operation the test does not dispatch, and an operation without a fixture,
/// are both reported.
#[tokio::test(start_paused = true)]
async fn uncovered_operations_are_reported() {
    const MORE: &[&str] = &["items.get", "items.list", "items.create", "items.delete"];
    let spec = contract::VendorSpec::new("_selftest", MORE, env!("CARGO_MANIFEST_DIR"));
    let report = contract::run(&spec, |f, base| async move {
        if f.operation == "items.create" {
            return None;
        }
        dispatch(f, base).await
    })
    .await;
    assert_eq!(
        report.operations_without_fixture,
        vec!["items.delete".to_owned()]
    );
    let mut without_test = report.fixtures_without_test.clone();
    without_test.sort();
    assert_eq!(
        without_test,
        vec![
            "items.create".to_owned(),
            "items.create--unprocessable".to_owned()
        ]
    );
    assert!(!report.ok());
}

/// A request that differs from the fixture is reported with what was sent.
#[tokio::test(start_paused = true)]
async fn a_wrong_request_is_reported() {
    let fixture = contract::fixture::load_dir(&contract::fixture::vendor_dir("_selftest"))
        .unwrap()
        .into_iter()
        .find(|f| f.name == "items.get")
        .unwrap();
    let (status, problems) = contract::serve(&fixture, |base| async move {
        client(&base)
            .get("/items/OTHER")
            .send()
            .await
            .map(|r| r.status().as_u16())
    })
    .await;
    assert_eq!(
        status.unwrap_err().status(),
        Some(contract::UNMATCHED_STATUS)
    );
    assert!(
        problems.iter().any(|p| p.contains("used 0 times")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("GET /v1/items/OTHER")),
        "{problems:?}"
    );
}
