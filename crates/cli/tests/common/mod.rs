//! Helpers of the CLI tests: run the `bookings` binary with a clean environment, read
//! fixture bodies.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::process::{Command, Output};

use httpmock::MockServer;
use serde_json::Value;

/// What a run of `bookings` gave.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output's lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// Standard output as JSON lines.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

/// Runs `bookings args...` with only the variables `env` (the caller's environment is
/// cleared, so a developer's own credentials cannot leak into a test).
pub fn bookings(env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bookings"));
    cmd.env_clear().args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    };
    // Never a panic or a backtrace, whatever happened.
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("backtrace"),
        "{}",
        run.stderr
    );
    run
}

/// The fixture's `exchanges[i].response.body`.
pub fn body(fixture: &str, i: usize) -> Value {
    let f: Value = serde_json::from_str(fixture).unwrap();
    f["exchanges"][i]["response"]["body"].clone()
}

/// A mock that answers anything: with no other mock on the server, its hits are every
/// request sent.
pub fn anything(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|_when, then| {
        then.status(500);
    })
}

/// Asserts a one-line error on stderr with exit code `code`.
pub fn assert_error(run: &Run, code: i32, needle: &str) {
    assert_eq!(
        run.code, code,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.starts_with("bookings: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "`{needle}` not in: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "", "nothing on stdout");
}
