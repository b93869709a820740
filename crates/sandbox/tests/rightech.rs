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
    assert_eq!(user, "sandbox-rightech-user");
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
        assert!(shown.contains("sandbox-rightech-user"), "{shown}");
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
    // The objects of every fixture's GET answers, in the order the fixtures are read.
    assert_eq!(
        ids,
        [
            "64b000000000000000000001",
            "64b00000000000000000000b",
            "64b00000000000000000000c",
            "64b000000000000000000002"
        ]
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
            .login_token("sandbox-rightech-user", "wrong")
            .build()
            .unwrap(),
        builder(&sandbox)
            .session("sandbox-rightech-user", "wrong")
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

fn oid(id: &str) -> ObjectId {
    ObjectId::new(id).unwrap()
}

const PUMP: &str = "64b000000000000000000001";

#[tokio::test]
async fn every_fixture_get_answer_seeds_its_store() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    // Records that only a fixture of their own operation shows (before: 404).
    for (store, id) in [
        ("users", "68a000000000000000000001"),
        ("roles", "68b000000000000000000001"),
        ("groups", "64a000000000000000000008"),
        ("scenes", "6da000000000000000000001"),
        ("geofences", "6ca000000000000000000001"),
        ("tables", "69a000000000000000000001"),
        ("tasks", "6aa000000000000000000001"),
        ("reports", "6ba000000000000000000001"),
        ("events", "67a000000000000000000001"),
    ] {
        let record = client.store::<Value>(store).get(&oid(id)).await;
        assert_eq!(record.unwrap()["_id"], id, "{store}");
    }
    // A lenient case does not replace the documented record: `time` stays a number.
    let pump = client.store::<Value>("objects").get(&oid(PUMP)).await;
    assert!(pump.unwrap()["time"].is_number());
    // `bookings`: the 3 of store.list and the 2 of the second page of store.list--over-10000;
    // the 10,000 `{}` of its first page have no `_id` and seed nothing.
    let meta = client
        .store::<Value>("bookings")
        .meta(&MetaQuery::new())
        .await
        .unwrap();
    assert_eq!(meta.count(), Some(5));
}

#[tokio::test]
async fn the_event_log_filters_by_event_name_and_names_the_events() {
    use rightech::{EventKind, EventQuery};
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let events = client.events();
    let all = events
        .list_by_kind_page(&EventQuery::new(ListQuery::new()))
        .await
        .unwrap();
    let packets = events
        .list_by_kind_page(&EventQuery::new(ListQuery::new()).events([EventKind::ObjectPacket]))
        .await
        .unwrap();
    let not_packets = events
        .list_by_kind_page(&EventQuery::new(ListQuery::new()).exclude([EventKind::ObjectPacket]))
        .await
        .unwrap();
    assert!(!packets.is_empty());
    assert!(
        packets
            .iter()
            .all(|e| e.event == Some(EventKind::ObjectPacket))
    );
    assert_eq!(packets.len() + not_packets.len(), all.len());
    let none = events
        .list_by_kind_page(
            &EventQuery::new(ListQuery::new()).events([EventKind::from("door-open")]),
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    // `events/org` is not a record id: the seeded names per model.
    let names = events.names().await.unwrap();
    assert!(names.unique.iter().any(|n| n == "object-packet"));
    assert_eq!(names.no_model, ["object-online"]);
    assert_eq!(sandbox.hits("GET /api/v1/events/org"), 1);
    assert_eq!(sandbox.hits("GET /api/v1/events"), 4);
    // Elsewhere `events` is no parameter.
    let err = client
        .http()
        .get("/api/v1/objects")
        .query("events", "object-packet")
        .send_json::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
}

#[tokio::test]
async fn users_search_matches_names_and_contacts_and_create_needs_every_field() {
    use rightech::UserSearch;
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let users = client.users();
    for text in ["ann", "ANN OPER", "example.com", "+1000"] {
        let found = users.search_page(&UserSearch::new(text)).await.unwrap();
        assert!(!found.is_empty(), "{text}");
    }
    let none = users.search_page(&UserSearch::new("zed")).await.unwrap();
    assert!(none.is_empty());
    let err = client
        .store::<Value>("users")
        .create(&json!({"name": "No Login", "email": "n@example.com"}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
}

#[tokio::test]
async fn task_kinds_and_report_builds_are_collections_not_record_ids() {
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let kinds = client.tasks().list_kinds_page().await.unwrap();
    assert_eq!(kinds.len(), 1);
    let builds = client
        .reports()
        .list_builds_page(&ListQuery::new())
        .await
        .unwrap();
    let statuses: Vec<&str> = builds.iter().filter_map(|b| b.status_text()).collect();
    assert_eq!(statuses, ["pending", "completed", "cancelled"]);
    let found = client
        .reports()
        .find_build(&oid("6bb000000000000000000002"))
        .await
        .unwrap();
    assert_eq!(found.unwrap().status_text(), Some("completed"));
    let missing = client
        .reports()
        .find_build(&oid("6bb000000000000000000009"))
        .await
        .unwrap();
    assert!(missing.is_none());
    assert_eq!(sandbox.hits("GET /api/v1/tasks/kinds"), 1);
    assert_eq!(sandbox.hits("GET /api/v1/reports/builds"), 3);
    assert_eq!(sandbox.hits("GET /api/v1/tasks/{id}"), 0);
}

#[tokio::test]
async fn an_object_takes_packets_commands_and_automatons_and_shows_its_events_and_model() {
    use rightech::{AutomatonAction, CommandId, ObjectEventsQuery, PacketQuery, SendCommand};
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let objects = client.objects();
    let pump = oid(PUMP);
    let before = objects
        .list_packets_page(&pump, &PacketQuery::new())
        .await
        .unwrap();
    let mut packet = serde_json::Map::new();
    packet.insert("temp".into(), json!(30.5));
    objects.send_packet(&pump, &packet).await.unwrap();
    let after = objects
        .list_packets_page(&pump, &PacketQuery::new())
        .await
        .unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let state = client.store::<Value>("objects").get(&pump).await.unwrap();
    assert_eq!(state["state"]["temp"], 30.5);

    let sent = objects
        .command(&SendCommand::new(
            pump.clone(),
            CommandId::new("open-door").unwrap(),
        ))
        .await
        .unwrap();
    assert_eq!(sent["command"], "open-door");
    objects
        .automaton(
            &pump,
            &oid("66a000000000000000000001"),
            AutomatonAction::Start,
        )
        .await
        .unwrap();
    let events = objects
        .list_events_page(&pump, &ObjectEventsQuery::new())
        .await
        .unwrap();
    assert!(!events.is_empty());
    let model = objects.model(&pump).await.unwrap();
    assert_eq!(
        model.system.id.as_ref().map(ObjectId::as_str),
        Some("64c000000000000000000001")
    );
    // An unknown object has none of these.
    let ghost = oid("64b0000000000000000000ff");
    let err = objects.send_packet(&ghost, &packet).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    let err = objects.model(&ghost).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(sandbox.hits("POST /api/v1/objects/{id}/packets"), 2);
    assert_eq!(
        sandbox.hits("POST /api/v1/objects/{id}/commands/{command}"),
        1
    );
    assert_eq!(
        sandbox.hits("POST /api/v1/objects/{id}/automatons/{automaton}/{action}"),
        1
    );
}

#[tokio::test]
async fn a_report_build_is_pending_then_cancelled_and_only_ten_are_kept() {
    use rightech::{BuildReport, ExportFormat};
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let reports = client.reports();
    let report = oid("6ba000000000000000000001");
    let request = BuildReport::new(
        rightech::jiff::Timestamp::from_millisecond(1_700_000_000_000).unwrap(),
        rightech::jiff::Timestamp::from_millisecond(1_700_086_400_000).unwrap(),
        vec![oid(PUMP)],
    );
    let build = reports.build(&report, &request).await.unwrap();
    assert_eq!(build.status_text(), Some("pending"));
    let id = build.system.id.clone().unwrap();
    let newest = reports.list_builds_page(&ListQuery::new()).await.unwrap();
    assert_eq!(newest[0].system.id.as_ref(), Some(&id));
    let cancelled = reports.cancel_build(&id).await.unwrap();
    assert_eq!(cancelled.status_text(), Some("cancelled"));
    // A completed build stays completed.
    let completed = reports
        .cancel_build(&oid("6bb000000000000000000002"))
        .await
        .unwrap();
    assert_eq!(completed.status_text(), Some("completed"));
    // The seeded export, and an empty one of a new build.
    let csv = reports
        .export(&oid("6bb000000000000000000001"), ExportFormat::Csv)
        .await
        .unwrap();
    assert_eq!(csv.content_type.as_deref(), Some("text/csv"));
    assert!(
        String::from_utf8(csv.bytes(1 << 20).await.unwrap())
            .unwrap()
            .starts_with("object,")
    );
    let json = reports.export(&id, ExportFormat::Json).await.unwrap();
    assert_eq!(json.bytes(1 << 20).await.unwrap(), b"[]");
    // Only the 10 newest builds are kept.
    for _ in 0..10 {
        reports.build(&report, &request).await.unwrap();
    }
    let kept = reports.list_builds_page(&ListQuery::new()).await.unwrap();
    assert_eq!(kept.len(), 10);
    assert!(kept.iter().all(|b| b.system.id.as_ref() != Some(&id)));
    // `from` after `to`, sent raw: the server refuses too; an unknown report is a 404.
    let http = client.http();
    let err = http
        .post("/api/v1/reports/6ba000000000000000000001/build")
        .json(&json!({"period": {"from": 2, "to": 1}, "objectIds": []}))
        .send_json::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    let err = reports
        .build(&oid("6ba0000000000000000000ff"), &request)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
}

#[tokio::test]
async fn a_tables_rows_are_a_store_of_their_own() {
    use rightech::RowQuery;
    let sandbox = start(SandboxOptions::default()).await;
    let client = with_token(&sandbox);
    let table = oid("69a000000000000000000001");
    let rows = client.tables().rows(&table);
    let created = rows
        .create(&json!({"dock": 7, "carrier": "Globex"}))
        .await
        .unwrap();
    let id = created.system.id.clone().unwrap();
    let dock_7 = rows
        .list_by_columns_page(&RowQuery::new().column("dock", 7))
        .await
        .unwrap();
    assert_eq!(dock_7.len(), 1);
    assert_eq!(dock_7[0].columns["carrier"], "Globex");
    let patched = rows
        .patch(&id, &Patch::new().set("carrier", "Initech").unwrap())
        .await
        .unwrap();
    assert_eq!(patched.columns["carrier"], "Initech");
    rows.delete(&id).await.unwrap();
    let err = rows.get(&id).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    // The rows of an unknown table do not exist.
    let err = client
        .tables()
        .rows(&oid("69a0000000000000000000ff"))
        .list_page(&ListQuery::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(sandbox.hits("POST /api/v1/tables/{id}/rows"), 1);
    assert_eq!(sandbox.hits("GET /api/v1/tables/{id}/rows/{row}"), 1);
}
