//! `bookings --sandbox --vendor X list` for each vendor (no credentials in the environment;
//! for Rightech also create, cancel and resources),
//! and `bookings sandbox serve`, whose printed base URL and credentials work for a second
//! `bookings` process.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{assert_error, bookings};

#[test]
fn sandbox_list_resos() {
    let run = bookings(&[], &["--sandbox", "--vendor", "resos", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    // The seeds of the resOS fixtures, in the restaurant's zone.
    let first: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        first[..5],
        [
            "Bk000000000000001",
            "confirmed",
            "2024-05-04",
            "19:30",
            "21:30"
        ],
        "{}",
        run.stdout
    );
    assert!(lines.len() > 3, "{}", run.stdout);
}

#[test]
fn sandbox_list_launch27() {
    let run = bookings(
        &[],
        &["--sandbox", "--vendor", "launch27", "--json", "list"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = run
        .json_lines()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["512", "513", "514"]);
}

#[test]
fn sandbox_list_resource_guru() {
    let run = bookings(&[], &["--sandbox", "--vendor", "resource-guru", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(lines[1].starts_with("80412  "), "{}", run.stdout);
    assert!(
        run.stdout.contains("2024-05-13 10:00"),
        "Lisbon time: {}",
        run.stdout
    );
}

#[test]
fn sandbox_list_rightech() {
    let run = bookings(&[], &["--sandbox", "--vendor", "rightech", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(lines[0].starts_with("ID "), "{}", run.stdout);
    // The seeded `reservations` store, in the default mapping, shown in Copenhagen.
    let first: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        first[..5],
        [
            "64e000000000000000000001",
            "confirmed",
            "2026-06-01",
            "19:00",
            "20:30"
        ],
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 5, "{}", run.stdout);
}

#[test]
fn sandbox_rightech_create_cancel_and_resources() {
    // A create in the sandbox answers the stored record; its resources are the seeded rooms.
    let run = bookings(
        &[],
        &[
            "--sandbox",
            "--vendor",
            "rightech",
            "--json",
            "create",
            "--start",
            "2026-07-01T18:00",
            "--duration",
            "2h",
            "--party",
            "2",
            "--name",
            "Grace",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let created = &run.json_lines()[0];
    assert_eq!(created["status"], "confirmed");
    assert_eq!(
        created["starts_at"],
        "2026-07-01T18:00:00+02:00[Europe/Copenhagen]"
    );
    assert_eq!(created["id"].as_str().unwrap().len(), 24, "an ObjectId");

    let run = bookings(
        &[],
        &[
            "--sandbox",
            "--vendor",
            "rightech",
            "cancel",
            "64e000000000000000000001",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.lines()[1].starts_with("64e000000000000000000001  cancelled"),
        "{}",
        run.stdout
    );

    let run = bookings(
        &[],
        &["--sandbox", "--vendor", "rightech", "--json", "resources"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = run
        .json_lines()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Table 1", "Terrace"]);
}

#[test]
fn sandbox_create_needs_the_vendor_s_inputs() {
    // resOS needs a party size: refused before sending, exit 2.
    let run = bookings(
        &[],
        &[
            "--sandbox",
            "--vendor",
            "resos",
            "create",
            "--start",
            "2026-03-14T19:30",
            "--name",
            "Ada",
        ],
    );
    assert_error(&run, 2, "");
}

#[test]
fn sandbox_serve_prints_a_base_url_and_credentials_that_work() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_bookings"))
        .env_clear()
        .args(["sandbox", "serve", "--vendor", "resos"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = server.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.starts_with("# Try:");
        banner.push(line);
        if done {
            break;
        }
    }
    let text = banner.join("\n");
    assert!(text.contains("not secrets"), "{text}");
    let base_url = banner[0]
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    assert!(base_url.ends_with("/v1"), "{base_url}");
    let key_line = banner
        .iter()
        .find(|l| l.starts_with("export RESOS_API_KEY="))
        .unwrap();
    let key = key_line
        .trim_start_matches("export RESOS_API_KEY=")
        .trim_matches('\'')
        .to_owned();

    let run = bookings(
        &[("RESOS_API_KEY", key.as_str())],
        &[
            "--vendor",
            "resos",
            "--base-url",
            &base_url,
            "--tz",
            "Europe/Copenhagen",
            "list",
        ],
    );
    let wrong = bookings(
        &[("RESOS_API_KEY", "not-the-sandbox-key")],
        &["--vendor", "resos", "--base-url", &base_url, "list"],
    );
    // Ctrl-C (SIGINT) stops it cleanly, with exit code 0.
    let interrupted = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Bk000000000000001"), "{}", run.stdout);
    assert_error(&wrong, 3, "refused the credentials");
}
