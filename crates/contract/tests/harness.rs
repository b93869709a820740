//! Tests of the harness itself on the `_selftest` fixtures: what makes a run fail, and how.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{OPERATIONS, client, dispatch};

/// The self-test spec with its snapshots copied to a fresh scratch folder named after `prefix`,
/// where `items.get.snap` is broken: the spec, the folder (to remove) and the broken file.
fn with_a_broken_snapshot(
    prefix: &str,
) -> (contract::VendorSpec, std::path::PathBuf, std::path::PathBuf) {
    let mut spec = contract::VendorSpec::new("_selftest", OPERATIONS, env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
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
    (spec, scratch, victim)
}

/// Breaking one snapshot makes the run fail (and so `cargo xtask contract` exit non-zero), and
/// the failure names the fixture.
#[tokio::test(start_paused = true)]
async fn a_broken_snapshot_fails_the_run() {
    let (spec, scratch, victim) = with_a_broken_snapshot("bookbridge-broken-snap");

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

/// A synthetic `_selftest` fixture document of `operation`.
fn synthetic(operation: &str, source: &str, exchanges: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "vendor": "_selftest", "operation": operation, "provenance": "synthetic",
        "source": source, "exchanges": exchanges
    })
}

/// `value` read and linted as the fixture file `<name>.json`.
fn parse(
    name: &str,
    value: &serde_json::Value,
) -> Result<contract::Fixture, Vec<contract::LintError>> {
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    let path = std::path::PathBuf::from(format!("{name}.json"));
    contract::fixture::parse_fixture(&path, &text, "_selftest")
}

fn fixture_from(name: &str, value: serde_json::Value) -> contract::Fixture {
    parse(name, &value).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A fixture whose request `body` is `null` asserts that no body is sent: a stray body (even
/// `{}`) is an unexpected request and leaves the exchange unused.
#[tokio::test(start_paused = true)]
async fn a_stray_request_body_fails_a_fixture_whose_body_is_null() {
    let fixture = fixture_from(
        "items.delete",
        synthetic(
            "items.delete",
            "synthetic: DELETE carries no body",
            serde_json::json!([{
                "request": {"method": "DELETE", "path": "/v1/items/1", "body": null},
                "response": {"status": 204}
            }]),
        ),
    );
    let send = |body: Option<serde_json::Value>| {
        let fixture = fixture.clone();
        async move {
            contract::serve(&fixture, |base| async move {
                let mut req = client(&base).delete("/items/1");
                if let Some(body) = body {
                    req = req.json(&body);
                }
                req.send().await.map(|r| r.status().as_u16())
            })
            .await
        }
    };
    let (clean, problems) = send(None).await;
    assert_eq!(clean.unwrap(), 204);
    assert!(problems.is_empty(), "{problems:?}");

    for stray in [serde_json::json!({}), serde_json::json!({"id": 1})] {
        let (_, problems) = send(Some(stray.clone())).await;
        assert!(
            problems.iter().any(|p| p.contains("used 0 times")),
            "{stray}: {problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unexpected request: DELETE /v1/items/1")),
            "{stray}: {problems:?}"
        );
    }
}

/// A login strategy for the tests: `POST /v1/login` answers `{"token": "..."}`. With `stale`,
/// it keeps handing out the first token it ever got (the bug a re-login fixture must catch).
#[derive(Debug, Default)]
struct TokenLogin {
    stale: bool,
    first: std::sync::Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl core_http::auth::Login for TokenLogin {
    async fn login(
        &self,
        client: &core_http::Client,
        _previous: Option<&core_http::auth::Token>,
    ) -> core_http::Result<core_http::auth::Token> {
        #[derive(serde::Deserialize)]
        struct Answer {
            token: String,
        }
        let answer: Answer = client.post("/login").without_auth().send_json().await?;
        let mut first = self.first.lock().unwrap();
        let token = match (&*first, self.stale) {
            (Some(old), true) => old.clone(),
            _ => answer.token,
        };
        first.get_or_insert_with(|| token.clone());
        Ok(core_http::auth::Token::new(token))
    }
}

fn relogin_fixture(credential: impl Fn(usize) -> String) -> contract::Fixture {
    let login = |token: &str| {
        serde_json::json!({
            "request": {"method": "POST", "path": "/v1/login"},
            "response": {"status": 200, "body": {"token": token}}
        })
    };
    let get = |at: usize, status: u16| {
        serde_json::json!({
            "request": {"method": "GET", "path": "/v1/items/1",
                        "headers": {"authorization": credential(at)}},
            "response": {"status": status,
                         "body": {"_id": "1", "name": "Table 1", "seats": 4}}
        })
    };
    fixture_from(
        "items.get--relogin",
        synthetic(
            "items.get",
            "synthetic: re-login",
            serde_json::json!([
                login("fake-token-1"),
                get(0, 401),
                login("fake-token-2"),
                get(2, 200)
            ]),
        ),
    )
}

async fn relogin_run(fixture: &contract::Fixture, stale: bool) -> (u16, Vec<String>) {
    let (status, problems) = contract::serve(fixture, |base| async move {
        let auth = core_http::auth::LoginAuth::new(
            TokenLogin {
                stale,
                ..TokenLogin::default()
            },
            core_http::auth::Placement::Bearer,
        );
        let client = core_http::Client::builder(format!("{base}/v1"))
            .vendor("_selftest")
            .auth(auth)
            .without_transport_timers()
            .build()
            .unwrap();
        match client.get("/items/1").send().await {
            Ok(r) => r.status().as_u16(),
            Err(e) => e.status().unwrap_or(0),
        }
    })
    .await;
    (status, problems)
}

/// A re-login fixture that cites the credential each login issued
/// (`Bearer <issued:exchanges[2].response.body.token>`) fails a client that replays the
/// refused token, which the old `Bearer <redacted>` prefix let through.
#[tokio::test(start_paused = true)]
async fn a_stale_credential_on_a_replay_fails_a_relogin_fixture() {
    let cited =
        relogin_fixture(|at| format!("Bearer <issued:exchanges[{at}].response.body.token>"));
    let (status, problems) = relogin_run(&cited, false).await;
    assert_eq!(status, 200);
    assert!(problems.is_empty(), "{problems:?}");

    let (_, problems) = relogin_run(&cited, true).await;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("exchange 3 (GET /v1/items/1) was used 0 times")),
        "{problems:?}"
    );

    // The blind spot the citation closes: a prefix-only header accepts the stale replay.
    let prefix_only = relogin_fixture(|_| "Bearer <redacted>".into());
    let (status, problems) = relogin_run(&prefix_only, true).await;
    assert_eq!(status, 200);
    assert!(problems.is_empty(), "{problems:?}");
}

/// A session login that sets `cookie`, then `GET /v1/items/1` sending `cite` as its cookie.
fn session(cookie: &str, cite: &str) -> serde_json::Value {
    synthetic(
        "items.get",
        "synthetic: re-login",
        serde_json::json!([
            {"request": {"method": "POST", "path": "/v1/auth"},
             "response": {"status": 200, "headers": {"set-cookie": cookie}}},
            {"request": {"method": "GET", "path": "/v1/items/1", "headers": {"cookie": cite}},
             "response": {"status": 200}}
        ]),
    )
}

/// Session cookies: the replay must carry the cookie the second login set.
#[tokio::test(start_paused = true)]
async fn a_cited_session_cookie_must_be_the_new_one() {
    let fixture = fixture_from(
        "items.get--session",
        session(
            "sid=fake-session-1; Path=/",
            "sid=<issued:exchanges[0].response.headers.set-cookie>",
        ),
    );
    for (sent, ok) in [("sid=fake-session-1", true), ("sid=fake-session-0", false)] {
        let (_, problems) = contract::serve(&fixture, |base| async move {
            let c = client(&base);
            let _ = c.post("/auth").without_auth().send().await;
            let _ = c
                .get("/items/1")
                .without_auth()
                .header("cookie", sent)
                .send()
                .await;
        })
        .await;
        assert_eq!(problems.is_empty(), ok, "{sent}: {problems:?}");
    }
}

/// The lint accepts a fixture-issued credential only where it is cited correctly, and an
/// issued plain `set-cookie` only when a later request cites it and it is visibly invented.
#[test]
fn the_lint_checks_issued_credentials() {
    let lint = |v: serde_json::Value| parse("items.get--x", &v);
    let cite = "sid=<issued:exchanges[0].response.headers.set-cookie>";
    assert!(lint(session("sid=fake-s1; Path=/", cite)).is_ok());
    // a real-looking session value
    assert!(lint(session("sid=s%3Aabc; Path=/", cite)).is_err());
    // an invented value nobody cites
    assert!(lint(session("sid=fake-s1", "sid=<redacted>")).is_err());
    // a citation of the exchange itself (not issued earlier)
    assert!(
        lint(session(
            "sid=<redacted>",
            "sid=<issued:exchanges[1].response.headers.set-cookie>"
        ))
        .is_err()
    );
}

/// Each fixture is its own test case: a broken snapshot fails exactly the case named after the
/// fixture, a filter selects one operation's fixtures (or, with `--exact`, one fixture), and
/// only an unfiltered run may write the report.
#[test]
fn each_fixture_is_its_own_case_and_a_failure_names_it() {
    let (spec, scratch, _) = with_a_broken_snapshot("bookbridge-cases");

    let args = |list: &[&str]| {
        contract::libtest_mimic::Arguments::from_iter(
            std::iter::once("contract")
                .chain(["--test-threads", "1", "--format", "json"])
                .chain(list.iter().copied()),
        )
    };
    let run = |a: &contract::libtest_mimic::Arguments| {
        let mut suite = contract::Suite::new(&spec, dispatch);
        let names: Vec<String> = suite.trials.iter().map(|t| t.name().to_owned()).collect();
        let trials = std::mem::take(&mut suite.trials);
        let conclusion = contract::libtest_mimic::run(a, trials);
        (names, conclusion, suite.report())
    };
    let accepting = std::env::var("INSTA_UPDATE").as_deref() == Ok("always");

    let (names, conclusion, report) = run(&args(&[]));
    assert!(
        names.contains(&"items.get--not-found".to_owned()),
        "{names:?}"
    );
    for check in [
        "suite::lint",
        "suite::operations_without_fixture",
        "suite::fixtures_without_test",
        "suite::unreferenced_snapshots",
    ] {
        assert!(names.contains(&check.to_owned()), "{names:?}");
    }
    assert_eq!(conclusion.num_passed + conclusion.num_failed, 11);
    if !accepting {
        assert_eq!(conclusion.num_failed, 1);
        let failed: Vec<&str> = report
            .results
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(failed, ["items.get"]);
    }
    assert!(contract::is_unfiltered(&args(&[])));

    let (_, conclusion, report) = run(&args(&["items.get"]));
    assert_eq!(conclusion.num_passed + conclusion.num_failed, 3);
    assert_eq!(report.results.len(), 3);
    assert!(!contract::is_unfiltered(&args(&["items.get"])));

    let (_, conclusion, _) = run(&args(&["--exact", "items.get--not-found"]));
    assert_eq!((conclusion.num_passed, conclusion.num_failed), (1, 0));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A unified projection of the self-test: every item the `/items` answers hold, as `{"label":
/// "<name> (<seats>)"}`; nothing for `items.create` (no items in its answers).
fn labels(fixture: &contract::Fixture) -> Option<serde_json::Value> {
    if fixture.operation == "items.create" {
        return None;
    }
    contract::unified_bookings(
        fixture,
        |e| e.request.path.starts_with("/v1/items"),
        |item| {
            let name = item["name"].as_str().unwrap_or_default().to_owned();
            Ok(serde_json::json!({ "label": format!("{name} ({})", item["seats"]) }))
        },
    )
}

/// The self-test spec with its snapshots copied to a fresh scratch folder.
fn in_scratch(prefix: &str) -> (contract::VendorSpec, std::path::PathBuf) {
    let (mut spec, scratch, victim) = with_a_broken_snapshot(prefix);
    // Undo the break: these tests are about the unified snapshots only.
    let text = std::fs::read_to_string(&victim).unwrap();
    std::fs::write(&victim, text.replace("\"seats\": 5", "\"seats\": 4")).unwrap();
    spec.snapshot_dir = scratch.clone();
    (spec, scratch)
}

/// With a unified projection, each fixture it maps has a second snapshot,
/// `<fixture>.unified.snap`: a missing one fails that fixture, a stale one fails it too, a
/// correct one passes, and a unified snapshot no fixture produces is reported.
#[tokio::test(start_paused = true)]
async fn unified_snapshots_are_checked_next_to_the_typed_ones() {
    if std::env::var("INSTA_UPDATE").as_deref() == Ok("always") {
        return; // accepting would write the missing snapshots this test expects to fail
    }
    let (spec, scratch) = in_scratch("bookbridge-unified");
    let spec = spec.with_unified(labels);

    // No unified snapshots yet: every fixture with items fails, naming the unified snapshot.
    let report = contract::run(&spec, dispatch).await;
    let failed: Vec<&str> = report
        .results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.name.as_str())
        .collect();
    assert!(failed.contains(&"items.get"), "{}", report.problems());
    assert!(failed.contains(&"items.list"), "{}", report.problems());
    assert!(!failed.contains(&"items.create"), "{}", report.problems());
    assert!(!failed.contains(&"items.get--not-found"), "{failed:?}");
    assert!(
        report.problems().contains("items.get.unified"),
        "{}",
        report.problems()
    );

    // Write the unified snapshots a run should produce (insta's file format, from the
    // projection), then a run passes.
    let fixtures = contract::fixture::load_dir(&spec.fixtures_dir).unwrap();
    for f in &fixtures {
        if let Some(value) = labels(f) {
            let body = serde_json::to_string_pretty(&value).unwrap();
            std::fs::write(
                scratch.join(format!("{}.unified.snap", f.name)),
                format!("---\nsource: crates/contract/src/runner.rs\n---\n{body}\n"),
            )
            .unwrap();
        }
    }
    let get = std::fs::read_to_string(scratch.join("items.get.unified.snap")).unwrap();
    assert!(get.contains("\"label\": \"Ærø table (4)\""), "{get}");
    let report = contract::run(&spec, dispatch).await;
    assert!(report.ok(), "{}", report.problems());

    // A stale unified snapshot fails its fixture.
    std::fs::write(
        scratch.join("items.get.unified.snap"),
        get.replace("(4)", "(5)"),
    )
    .unwrap();
    let report = contract::run(&spec, dispatch).await;
    assert_eq!(report.failed, 1, "{}", report.problems());
    assert!(
        report.problems().contains("items.get.unified"),
        "{}",
        report.problems()
    );
    std::fs::write(scratch.join("items.get.unified.snap"), &get).unwrap();

    // A unified snapshot no fixture produces is unreferenced; without a projection (a build
    // without the adapter) unified snapshots are left alone.
    std::fs::write(scratch.join("items.create.unified.snap"), &get).unwrap();
    let report = contract::run(&spec, dispatch).await;
    assert_eq!(
        report.unreferenced_snapshots,
        ["items.create.unified.snap"],
        "{}",
        report.problems()
    );
    let mut plain = spec.clone();
    plain.unified = None;
    assert!(contract::unreferenced(&plain, &fixtures).is_empty());
    let _ = std::fs::remove_dir_all(&scratch);
}
