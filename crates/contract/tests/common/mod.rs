//! The pretend vendor of the harness self-test: `fixtures/_selftest` driven through core-http.
#![allow(dead_code)] // each test file uses a part
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
pub const OPERATIONS: &[&str] = &["items.get", "items.list", "items.create"];

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

pub fn client(base: &str) -> Client {
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

pub async fn dispatch(fixture: contract::Fixture, base: String) -> Option<Value> {
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
