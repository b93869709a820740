//! The Rightech sandbox, judged by the real `rightech` client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use futures::TryStreamExt;
use rightech::{Client, Error, ListQuery, MetaQuery, ObjectId, Patch, RetryPolicy, TimeBound};
use sandbox::{Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const TOKEN_LOGIN: &str = "POST /api/v1/auth/token";
const SESSION_LOGIN: &str = "POST /api/v1/auth";

async fn start(options: SandboxOptions) -> Sandbox {
    Sandbox::start(Vendor::Rightech, options).await.unwrap()
}

fn builder(sandbox: &Sandbox) -> rightech::ClientBuilder {
    Client::builder()
        .base_url(sandbox.base_url())
        .retry(RetryPolicy::never())
        .without_transport_timers()
}

fn login(sandbox: &Sandbox) -> (String, String) {
    let (login, password) = sandbox.credentials().login().unwrap();
    (login.to_owned(), password.expose_secret().to_owned())
}

fn with_token(sandbox: &Sandbox) -> Client {
    let token = sandbox.credentials().token().unwrap().expose_secret();
    builder(sandbox).token(token).build().unwrap()
}

async fn all(client: &Client, store: &str, query: &ListQuery) -> Vec<Value> {
    client
        .store::<Value>(store)
        .list(query)
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_vendor_is_built() {
    for vendor in Vendor::ALL {
        let sandbox = Sandbox::start(vendor, SandboxOptions::default()).await;
        assert!(sandbox.is_ok(), "{vendor}: {:?}", sandbox.err());
    }
}

#[tokio::test]
async fn a_token_login_issues_a_token_that_the_store_routes_accept() {
    let sandbox = start(SandboxOptions::default()).await;
    let (user, password) = login(&sandbox);
    assert_eq!(user, "api-user");
    // Debug never shows the password or the API token.
    let token = sandbox
        .credentials()
        .token()
        .unwrap()
        .expose_secret()
        .to_owned();
    for shown in [
        format!("{:?}", sandbox.credentials()),
        format!("{sandbox:?}"),
    ] {
        assert!(
            !shown.contains(&password) && !shown.contains(&token),
            "{shown}"
        );
        assert!(shown.contains("api-user"), "{shown}");
    }
    let client = builder(&sandbox)
        .login_token(user, password)
        .build()
        .unwrap();
    let objects: Vec<rightech::Object> = client
        .objects()
        .list(&ListQuery::new())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = objects
        .iter()
        .map(|o| o.system.id.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(
        ids,
        ["64b000000000000000000001", "64b000000000000000000002"]
    );
    let one = client
        .objects()
        .get(&ObjectId::new("64b000000000000000000002").unwrap())
        .await
        .unwrap();
    assert_eq!(one.name.as_deref(), Some("Pump B"));
    // One login for both calls.
    assert_eq!(sandbox.hits(TOKEN_LOGIN), 1);
    assert_eq!(sandbox.hits("GET /api/v1/objects"), 1);
    assert_eq!(sandbox.hits("GET /api/v1/objects/{id}"), 1);
}

#[tokio::test]
async fn a_session_login_sets_a_sid_cookie_that_the_store_routes_accept() {
    let sandbox = start(SandboxOptions::default()).await;
    let (user, password) = login(&sandbox);
    let client = builder(&sandbox).session(user, password).build().unwrap();
    let models = all(&client, "models", &ListQuery::new()).await;
    assert!(!models.is_empty());
    let headers = client.auth_headers().await.unwrap();
    let cookie = headers.get("cookie").unwrap().to_str().unwrap();
    assert!(cookie.starts_with("sid=sandbox-sid-"), "{cookie}");
    assert_eq!(sandbox.hits(SESSION_LOGIN), 1);
    assert_eq!(sandbox.hits(TOKEN_LOGIN), 0);
}

#[tokio::test]
async fn bad_credentials_get_the_vendors_401() {
    let sandbox = start(SandboxOptions::default()).await;
    let wrong = builder(&sandbox).token("not-the-token").build().unwrap();
    let err = wrong
        .store::<Value>("reservations")
        .list_page(&ListQuery::new())
        .await
        .unwrap_err();
    let Error::Unauthorized(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.status, 401);
    assert!(api.message.contains("Unauthorized"), "{}", api.message);
    let body: Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        body,
        json!({"success": false, "code": "401", "message": "Unauthorized",
            "tags": ["error_unauthorized"]})
    );
    for client in [
        builder(&sandbox)
            .login_token("api-user", "wrong")
            .build()
            .unwrap(),
        builder(&sandbox)
            .session("api-user", "wrong")
            .build()
            .unwrap(),
    ] {
        let err = all_err(&client).await;
        assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    }
    // Refused logins are not retried in a loop.
    assert_eq!(sandbox.hits(TOKEN_LOGIN), 1);
    assert_eq!(sandbox.hits(SESSION_LOGIN), 1);
    // No credentials at all.
    let none = builder(&sandbox).build().unwrap();
    assert!(matches!(all_err(&none).await, Error::Unauthorized(_)));
}

async fn all_err(client: &Client) -> Error {
    client
        .store::<Value>("reservations")
        .list_page(&ListQuery::new())
        .await
        .unwrap_err()
}

#[tokio::test]
async fn revoked_logins_are_refused_and_the_client_logs_in_again() {
    let sandbox = start(SandboxOptions::default()).await;
    let (user, password) = login(&sandbox);
    let client = builder(&sandbox)
        .login_token(user, password)
        .build()
        .unwrap();
    let store = client.store::<Value>("rooms");
    assert_eq!(store.list_page(&ListQuery::new()).await.unwrap().len(), 2);
    sandbox.revoke_tokens();
    assert_eq!(store.list_page(&ListQuery::new()).await.unwrap().len(), 2);
    assert_eq!(sandbox.hits(TOKEN_LOGIN), 2);
    // The refused call and its replay.
    assert_eq!(sandbox.hits("GET /api/v1/rooms"), 3);
    // The static API token is not a login: revoking does not end it.
    let static_token = with_token(&sandbox);
    assert_eq!(
        all(&static_token, "rooms", &ListQuery::new()).await.len(),
        2
    );
}

#[tokio::test]
async fn a_store_record_goes_through_create_get_list_patch_and_delete() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let store = client.store::<Value>("reservations");
    let seeded = all(&client, "reservations", &ListQuery::new()).await;
    assert_eq!(seeded.len(), 4);
    let created = store
        .create(
            &json!({"start": 1_790_000_000_000_i64, "status": "requested",
            "customer": {"name": "Ada"}, "_id": "ffffffffffffffffffffffff"}),
        )
        .await
        .unwrap();
    let id = ObjectId::new(created["_id"].as_str().unwrap()).unwrap();
    // The server chooses the id and sets the system fields and the creation time.
    assert_ne!(id.as_str(), "ffffffffffffffffffffffff");
    assert_eq!(created["owner"], "64a000000000000000000009");
    assert!(created["time"].as_i64().unwrap() > 1_700_000_000_000);
    assert_eq!(store.get(&id).await.unwrap(), created);
    let listed = all(&client, "reservations", &ListQuery::new()).await;
    assert_eq!(listed.len(), 5);
    assert_eq!(listed[4], created);

    let patch = Patch::new()
        .set("status", "cancelled")
        .unwrap()
        .clear("customer")
        .unwrap();
    let patched = store.patch(&id, &patch).await.unwrap();
    assert_eq!(patched["status"], "cancelled");
    assert!(patched.get("customer").is_none());
    assert_eq!(patched["start"], 1_790_000_000_000_i64);

    let removed = store.delete(&id).await.unwrap();
    assert_eq!(removed, patched);
    let err = store.get(&id).await.unwrap_err();
    let Error::NotFound(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.status, 404);
    assert!(store.delete(&id).await.is_err());
    assert_eq!(sandbox.hits("POST /api/v1/reservations"), 1);
    assert_eq!(sandbox.hits("PATCH /api/v1/reservations/{id}"), 1);
    assert_eq!(sandbox.hits("DELETE /api/v1/reservations/{id}"), 2);
    assert_eq!(sandbox.hits("GET /api/v1/reservations/{id}"), 2);
    // A new store starts empty and exists once written.
    assert!(all(&client, "notes", &ListQuery::new()).await.is_empty());
    client
        .store::<Value>("notes")
        .create(&json!({"text": "hi"}))
        .await
        .unwrap();
    assert_eq!(all(&client, "notes", &ListQuery::new()).await.len(), 1);
}

#[tokio::test]
async fn lists_page_filter_project_and_count() {
    let sandbox = start(SandboxOptions::default().generated_bookings(25)).await;
    let client = with_token(&sandbox);
    // 4 seeds + 25 generated, in pages of 10: 3 requests, the last one short.
    let every = all(&client, "reservations", &ListQuery::new().limit(10)).await;
    assert_eq!(every.len(), 29);
    assert_eq!(sandbox.hits("GET /api/v1/reservations"), 3);
    assert_eq!(every[4]["customer"]["name"], "Sandbox Guest 1");

    // `where.` equality, also on an element of an array field and on a nested field.
    let table_1 = all(
        &client,
        "reservations",
        &ListQuery::new().filter("resource", "64f000000000000000000001"),
    )
    .await;
    let ids: Vec<&str> = table_1.iter().map(|r| r["_id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "64e000000000000000000001",
            "64e000000000000000000003",
            "64e000000000000000000004"
        ]
    );
    let ada = all(
        &client,
        "reservations",
        &ListQuery::new().filter("customer.name", "Ada Example"),
    )
    .await;
    assert_eq!(ada.len(), 1);

    // The creation-time window, inclusive, and the projection.
    let window = ListQuery::new()
        .from(TimeBound::millis(1_779_000_100_000))
        .to(TimeBound::millis(1_779_000_200_000))
        .only(["status"]);
    let windowed = all(&client, "reservations", &window).await;
    assert_eq!(
        windowed,
        [
            json!({"_id": "64e000000000000000000002", "status": "cancelled"}),
            json!({"_id": "64e000000000000000000003", "status": "on_hold"})
        ]
    );

    let meta = client
        .store::<Value>("reservations")
        .meta(&MetaQuery::new().filter("status", "requested"))
        .await
        .unwrap();
    assert_eq!(meta.count(), Some(1));
    assert_eq!(meta.first().unwrap()["_id"], "64e000000000000000000004");
}

#[tokio::test]
async fn the_server_refuses_what_the_vendor_refuses() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let http = client.http();
    for (path, query) in [
        ("/api/v1/reservations", vec![("limit", "10001")]),
        (
            "/api/v1/reservations",
            vec![("meta", "true"), ("limit", "5")],
        ),
        ("/api/v1/reservations", vec![("from", "1"), ("begin", "2")]),
        ("/api/v1/reservations", vec![("sort", "start")]),
    ] {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let err = http
            .get(path)
            .query_pairs(pairs)
            .send_json::<Value>()
            .await
            .unwrap_err();
        match &err {
            Error::Api(api) => assert_eq!(api.status, 400, "{query:?}"),
            Error::Validation { .. } => {}
            other => panic!("{query:?}: {other:?}"),
        }
    }
    // A system field cannot be patched (the client refuses too: send it raw).
    let err = http
        .patch("/api/v1/reservations/64e000000000000000000001")
        .json(&json!({"owner": "64a000000000000000000001"}))
        .send_json::<Value>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 400),
        "{err:?}"
    );
    // An object needs model, id and name.
    let err = client
        .store::<Value>("objects")
        .create(&json!({"name": "Pump C"}))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 400),
        "{err:?}"
    );
    // Nothing changed.
    let first = client
        .store::<Value>("reservations")
        .get(&ObjectId::new("64e000000000000000000001").unwrap())
        .await
        .unwrap();
    assert_eq!(first["owner"], "64a000000000000000000009");
}

#[tokio::test]
async fn there_is_no_rate_limit() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let store = client.store::<Value>("rooms");
    for _ in 0..300 {
        store.list_page(&ListQuery::new()).await.unwrap();
    }
    assert_eq!(sandbox.hits("GET /api/v1/rooms"), 300);
    assert_eq!(sandbox.all_hits().len(), 1);
}
