//! `cargo xtask scan-secrets`: no credential in fixtures, snapshots or captured logs.
//!
//! What is scanned (and nothing else):
//!
//! 1. every fixture file, `fixtures/<vendor>/*.json`;
//! 2. every snapshot, `crates/*/tests/snapshots/**/*.snap`;
//! 3. the captured `tracing` output: every `*.log` file under the trace directory
//!    (`$BOOKBRIDGE_TRACE_DIR`, default `target/trace-capture`). Tests write there only when
//!    `BOOKBRIDGE_TRACE_DIR` is set: the contract suite (every fixture case of every vendor,
//!    at TRACE level, `contract::TRACE_DIR_ENV`), core-http's `tests/tracing.rs` and
//!    Rightech's `tests/realtime_logs.rs`. Other tests' logs are not captured. CI runs the
//!    tests with the variable set, then this scan; a missing or empty directory fails the
//!    scan (run the tests with the variable first, or pass `--no-traces`).
//!
//! What counts as a finding:
//!
//! - a **credential used in tests**: the string constants named like a key, token, password,
//!   secret, cookie or session id (`const TOKEN: &str = "..."`) and the string arguments of
//!   `api_key(..)`, `password(..)`, `token(..)`, `bearer(..)`, `client_secret(..)` in
//!   `crates/*/tests/**.rs` and in the sandbox's and bench's sources (the sandbox's accounts);
//!   and every fixture's `<issued:...>` value (the token or cookie a login fixture issues).
//!   An issued value may appear in its own fixture (that is where it is issued); nowhere else;
//! - anything **shaped like a live credential**: a JWT (`eyJ...`, three base64url parts), an
//!   `Authorization: Bearer`/`Basic` value that is not a placeholder (`<...>`, `[redacted]`),
//!   a known key prefix (`sk_live_`, `ghp_`, `xoxb-`, `AKIA`, a PEM private key, ...), or a
//!   long high-entropy token (32+ characters of mixed letters and digits, more than 4.3 bits
//!   of Shannon entropy per character).
//!
//! Findings can be allowed only through [`ALLOW`], one entry per value and file, each with
//! its reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::TaskResult;

/// The environment variable naming the trace directory (same as `contract::TRACE_DIR_ENV`).
pub const TRACE_DIR_ENV: &str = "BOOKBRIDGE_TRACE_DIR";

/// An allowed finding: the files (a part of the path relative to the workspace, such as
/// `launch27/` or `fixtures/resos/bookings.get.json`), the exact value, and why it is not a
/// secret.
pub struct Allow {
    /// A part of the file's path, `/` separated.
    pub file: &'static str,
    /// The value found.
    pub value: &'static str,
    /// Why it is allowed (required, never empty).
    pub reason: &'static str,
}

/// The allow-list. Every entry says why; keep it short.
pub const ALLOW: &[Allow] = &[
    Allow {
        file: "fixtures/launch27/",
        value: "test-password",
        reason: "the login request bodies must carry the invented password the contract test \
                 logs in with, or the mock would not match them",
    },
    Allow {
        file: "fixtures/resource-guru/",
        value: "test-app-id",
        reason: "an OAuth grant's form body must carry the invented client id of the contract \
                 test for the mock to match it",
    },
    Allow {
        file: "fixtures/resource-guru/",
        value: "test-app-secret",
        reason: "an OAuth grant's form body must carry the invented client secret of the \
                 contract test for the mock to match it",
    },
    Allow {
        file: "fixtures/resource-guru/users.me_summary--oauth-password.json",
        value: "test-password",
        reason: "the password grant's form body must carry the invented password of the \
                 contract test",
    },
    Allow {
        file: "fixtures/resource-guru/",
        value: "test-refresh-1",
        reason: "an invented refresh token: issued by one token response, sent back by the \
                 refresh grant the fixture checks",
    },
    Allow {
        file: "fixtures/resource-guru/users.me_summary--oauth-password.json",
        value: "test-access-1",
        reason: "the invented access token the fixture's token response issues",
    },
    Allow {
        file: "fixtures/resource-guru/webhooks.create",
        value: "test-webhook-secret",
        reason: "creating a webhook sends its signing secret (the request the fixture checks) \
                 and Resource Guru echoes it; an invented value",
    },
    Allow {
        file: "launch27/",
        value: "Q7w2e4r5t6y7u8i9o0p1a2s3d4f5g6h7",
        reason: "an invented Google Analytics transaction id (a keyboard walk), not a key; in \
                 Launch27 fixtures and the snapshots decoded from them",
    },
];

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What was found (the kind, and the value cut short).
    pub what: String,
    /// The full value (for the allow-list).
    pub value: String,
}

/// Runs the scan from the workspace root.
pub fn run(root: &Path, trace_dir: Option<PathBuf>, no_traces: bool) -> TaskResult {
    let trace_dir = trace_dir
        .or_else(|| std::env::var_os(TRACE_DIR_ENV).map(PathBuf::from))
        .unwrap_or_else(|| root.join("target").join("trace-capture"));
    let traces = if no_traces {
        None
    } else {
        Some(trace_dir.as_path())
    };
    let report = scan(root, traces)?;
    println!(
        "scan-secrets: {} test credentials known; scanned {} fixtures, {} snapshots, {} trace logs{}",
        report.credentials,
        report.fixtures,
        report.snapshots,
        report.traces,
        if no_traces {
            " (traces skipped: --no-traces)".to_owned()
        } else {
            format!(" from {}", trace_dir.display())
        }
    );
    if !no_traces && report.traces == 0 {
        println!(
            "scan-secrets: no captured trace in {}: run the tests with {TRACE_DIR_ENV}={} first \
             (CI does), or pass --no-traces",
            trace_dir.display(),
            trace_dir.display()
        );
        return Ok(false);
    }
    for f in &report.findings {
        let file = f.file.strip_prefix(root).unwrap_or(&f.file);
        println!("{}:{}: {}", file.display(), f.line, f.what);
    }
    if report.findings.is_empty() {
        println!("scan-secrets: clean");
        Ok(true)
    } else {
        println!("scan-secrets: {} finding(s)", report.findings.len());
        Ok(false)
    }
}

/// What a scan saw and found.
#[derive(Debug, Default)]
pub struct Report {
    /// Number of distinct test credentials collected.
    pub credentials: usize,
    /// Fixture files scanned.
    pub fixtures: usize,
    /// Snapshot files scanned.
    pub snapshots: usize,
    /// Trace logs scanned.
    pub traces: usize,
    /// Findings not on the allow-list.
    pub findings: Vec<Finding>,
}

/// Scans the workspace at `root` (and the trace directory, if given).
pub fn scan(root: &Path, traces: Option<&Path>) -> Result<Report> {
    let mut report = Report::default();
    let mut creds = test_credentials(root)?;
    // Fixtures: each may hold its own issued values, no other credential.
    let fixtures = files(&root.join("fixtures"), &|p| has_ext(p, "json"))?;
    let mut issued_all = BTreeSet::new();
    let mut fixture_texts = Vec::new();
    for path in &fixtures {
        let text = read(path)?;
        let own = issued_values(&text);
        issued_all.extend(own.iter().cloned());
        fixture_texts.push((path.clone(), text, own));
    }
    creds.extend(issued_all.iter().cloned());
    let creds: Vec<String> = creds.into_iter().collect();
    report.credentials = creds.len();
    for (path, text, own) in &fixture_texts {
        let others: Vec<String> = creds
            .iter()
            .filter(|c| !own.contains(*c))
            .cloned()
            .collect();
        report.findings.extend(scan_text(path, text, &others, own));
        report.fixtures += 1;
    }
    let crates = root.join("crates");
    let snapshots = files(&crates, &|p| {
        has_ext(p, "snap") && p.components().any(|c| c.as_os_str() == "snapshots")
    })?;
    for path in &snapshots {
        let text = read(path)?;
        report
            .findings
            .extend(scan_text(path, &text, &creds, &BTreeSet::new()));
        report.snapshots += 1;
    }
    if let Some(dir) = traces
        && dir.is_dir()
    {
        for path in files(dir, &|p| has_ext(p, "log"))? {
            let text = read(&path)?;
            report
                .findings
                .extend(scan_text(&path, &text, &creds, &BTreeSet::new()));
            report.traces += 1;
        }
    }
    report.findings.retain(|f| !allowed(root, f));
    Ok(report)
}

fn allowed(root: &Path, f: &Finding) -> bool {
    let rel = f.file.strip_prefix(root).unwrap_or(&f.file);
    let rel = rel.to_string_lossy().replace('\\', "/");
    ALLOW
        .iter()
        .any(|a| !a.reason.trim().is_empty() && a.value == f.value && rel.contains(a.file))
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e == ext)
}

/// Files under `dir` (recursively, sorted) that `keep` accepts; none when `dir` is missing.
fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("listing {}", d.display()))? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if keep(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The credentials the tests use (see the module docs).
pub fn test_credentials(root: &Path) -> Result<BTreeSet<String>> {
    let crates = root.join("crates");
    let mut sources = files(&crates, &|p| {
        has_ext(p, "rs") && p.components().any(|c| c.as_os_str() == "tests")
    })?;
    for dir in ["sandbox", "bench"] {
        sources.extend(files(&crates.join(dir).join("src"), &|p| has_ext(p, "rs"))?);
    }
    let mut out = BTreeSet::new();
    for path in sources {
        out.extend(credentials_in_source(&read(&path)?));
    }
    Ok(out)
}

/// Credentials written in Rust source: named constants and arguments of credential setters.
pub fn credentials_in_source(source: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "KEY", "TOKEN", "PASSWORD", "SECRET", "SID", "COOKIE", "PASS",
    ];
    const NOT: &[&str] = &["HEADER", "PATH", "ENV", "URL", "NAME", "PREFIX"];
    const SETTERS: &[&str] = &[
        "api_key(\"",
        "password(\"",
        "token(\"",
        "bearer(\"",
        "client_secret(\"",
        "secret(\"",
    ];
    let mut out = Vec::new();
    for line in source.lines() {
        let t = line.trim_start();
        let decl = t
            .strip_prefix("pub ")
            .unwrap_or(t)
            .strip_prefix("pub(crate) ")
            .unwrap_or(t.strip_prefix("pub ").unwrap_or(t));
        if let Some(rest) = decl
            .strip_prefix("const ")
            .or_else(|| decl.strip_prefix("static "))
            && let Some((name, value)) = rest.split_once(": &str = \"")
        {
            let named =
                NAMES.iter().any(|n| name.contains(n)) && !NOT.iter().any(|n| name.contains(n));
            if named && let Some(v) = value.split('"').next() {
                out.push(v.to_owned());
            }
        }
        for literal in line.split('"').skip(1).step_by(2) {
            if is_conventional_test_credential(literal) {
                out.push(literal.to_owned());
            }
        }
        for setter in SETTERS {
            let mut rest = line;
            while let Some(at) = rest.find(setter) {
                let after = rest.get(at + setter.len()..).unwrap_or("");
                if let Some(v) = after.split('"').next() {
                    out.push(v.to_owned());
                }
                rest = after;
            }
        }
    }
    out.retain(|v| looks_like_a_credential(v));
    out
}

/// The workspace's naming conventions for invented credentials: any literal with `SECRET` in
/// it (`pw-SECRET-login-33d0`), and `test-`, `sandbox-` or `bench-` literals naming a key,
/// token, secret, password, code, app or access/refresh token (`test-app-secret`).
fn is_conventional_test_credential(literal: &str) -> bool {
    const WORDS: &[&str] = &[
        "key", "token", "secret", "password", "code", "app", "access", "refresh",
    ];
    let lower = literal.to_ascii_lowercase();
    literal.contains("SECRET")
        || (["test-", "sandbox-", "bench-"]
            .iter()
            .any(|p| lower.starts_with(p))
            && WORDS.iter().any(|w| lower.contains(w)))
}

/// A literal worth looking for: 8+ characters, no spaces, not a path, placeholder or constant
/// name.
fn looks_like_a_credential(v: &str) -> bool {
    v.len() >= 8
        && !v.contains(char::is_whitespace)
        && !v.starts_with(['/', '<', '[', '{'])
        && !v.contains("redacted")
        && v.chars()
            .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && !v.contains("{}")
}

/// The values a fixture's `<issued:...>` references resolve to.
fn issued_values(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return out;
    };
    let Ok(exchanges) = serde_json::from_value::<Vec<contract::Exchange>>(
        value.get("exchanges").cloned().unwrap_or_default(),
    ) else {
        return out;
    };
    for (at, exchange) in exchanges.iter().enumerate() {
        for header in exchange.request.headers.values() {
            if let Ok(Some(v)) = contract::issued::resolve(header, &exchanges, at) {
                // The header value with the reference replaced: keep the credential part.
                let cred = v
                    .rsplit([' ', '='])
                    .next()
                    .unwrap_or(&v)
                    .trim_end_matches(';')
                    .to_owned();
                if cred.len() >= 6 {
                    out.insert(cred);
                }
                if v.len() >= 6 {
                    out.insert(v);
                }
            }
        }
    }
    out
}

/// Findings in one text: credentials (other than `own`) and credential shapes (other than
/// `own` values).
pub fn scan_text(
    path: &Path,
    text: &str,
    creds: &[String],
    own: &BTreeSet<String>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let found = |what: String, value: &str| Finding {
            file: path.to_path_buf(),
            line: i + 1,
            what,
            value: value.to_owned(),
        };
        for c in creds {
            if line.contains(c.as_str()) {
                out.push(found(format!("test credential `{}`", short(c)), c));
            }
        }
        for (kind, value) in shapes(line) {
            if own
                .iter()
                .any(|o| o.contains(&value) || value.contains(o.as_str()))
            {
                continue;
            }
            if creds.iter().any(|c| value.contains(c.as_str())) {
                continue; // already reported as a credential
            }
            out.push(found(format!("{kind} `{}`", short(&value)), &value));
        }
    }
    out
}

/// The first characters of a value, so that a report does not print a whole secret.
fn short(v: &str) -> String {
    let cut: String = v.chars().take(12).collect();
    if cut.len() < v.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// Key prefixes of well-known live credentials.
const PREFIXES: &[&str] = &[
    "sk_live_",
    "rk_live_",
    "pk_live_",
    "sk_test_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "AKIA",
    "ASIA",
    "AIza",
    "ya29.",
    "SG.",
];

/// Credential shapes in one line: `(kind, value)`.
pub fn shapes(line: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if line.contains("PRIVATE KEY-----") {
        out.push(("PEM private key", line.trim().to_owned()));
    }
    let lower = line.to_ascii_lowercase();
    for scheme in ["bearer ", "basic "] {
        let mut from = 0;
        while let Some(at) = lower.get(from..).and_then(|l| l.find(scheme)) {
            let start = from + at + scheme.len();
            let value: String = line
                .get(start..)
                .unwrap_or("")
                .chars()
                .take_while(|c| is_token_char(*c))
                .collect();
            if value.len() >= 8 && !value.starts_with(['<', '[']) {
                out.push(("Authorization value", value));
            }
            from = start;
        }
    }
    for token in line.split(|c: char| !is_token_char(c)) {
        let token = token.trim_matches(['.', '=', '-', '/', '+']);
        if token.is_empty() {
            continue;
        }
        if is_jwt(token) {
            if !is_invented_jwt(token) {
                out.push(("JWT", token.to_owned()));
            }
        } else if let Some(p) = PREFIXES
            .iter()
            .find(|p| token.starts_with(**p) && token.len() >= p.len() + 12 && mixed(token))
        {
            let _ = p;
            out.push(("known key prefix", token.to_owned()));
        } else if token.len() >= 32 && mixed(token) && entropy(token) > 4.3 {
            out.push(("high-entropy string", token.to_owned()));
        }
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '~')
}

/// `eyJ...` header, then two more base64url parts of 8+ characters.
fn is_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && token.starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 8
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '=')
        })
}

/// A JWT whose signature is the base64url of text starting with `fake` (`ZmFrZ...`): the
/// fixtures' convention for invented tokens (as `fake-...` for issued cookies). A live token's
/// signature is random bytes.
fn is_invented_jwt(token: &str) -> bool {
    token
        .rsplit('.')
        .next()
        .is_some_and(|sig| sig.starts_with("ZmFrZ"))
}

/// Upper- and lower-case letters and digits.
fn mixed(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_uppercase())
        && s.chars().any(|c| c.is_ascii_lowercase())
        && s.chars().any(|c| c.is_ascii_digit())
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            #[allow(clippy::cast_precision_loss)]
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    /// A scratch workspace with one clean fixture, one snapshot, one test file and one trace.
    fn scratch(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("scan-secrets-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("fixtures/acme")).unwrap();
        std::fs::create_dir_all(root.join("crates/acme/tests/snapshots")).unwrap();
        std::fs::create_dir_all(root.join("traces")).unwrap();
        std::fs::write(
            root.join("crates/acme/tests/client.rs"),
            "const TOKEN: &str = \"tok-SECRET-test-4242\";\nconst AUTH_HEADER: &str = \"X-Acme-Key\";\n",
        )
        .unwrap();
        std::fs::write(
            root.join("fixtures/acme/items.get.json"),
            r#"{"exchanges": [{"request": {"method": "GET", "path": "/x", "headers": {"authorization": "Bearer <redacted>"}}, "response": {"status": 200, "body": {"id": "Bk000000000000007"}}}]}"#,
        )
        .unwrap();
        std::fs::write(
            root.join("crates/acme/tests/snapshots/items.get.snap"),
            "---\nsource: x\n---\n{\"id\": \"Bk000000000000007\"}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("traces/acme.log"),
            "TRACE http.request{method=GET path=/x attempt=1} authorization: [redacted]\n",
        )
        .unwrap();
        root
    }

    #[test]
    fn a_clean_tree_is_clean() {
        let root = scratch("clean");
        let report = scan(&root, Some(&root.join("traces"))).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!(
            (report.fixtures, report.snapshots, report.traces),
            (1, 1, 1)
        );
        assert_eq!(report.credentials, 1, "the header name is not a credential");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_planted_test_credential_in_a_trace_fails() {
        let root = scratch("trace");
        std::fs::write(
            root.join("traces/acme.log"),
            "DEBUG sending authorization=tok-SECRET-test-4242\n",
        )
        .unwrap();
        let report = scan(&root, Some(&root.join("traces"))).unwrap();
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert!(report.findings[0].what.starts_with("test credential"));
        assert!(
            !report.findings[0].what.contains("4242"),
            "the report cuts the value short"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_planted_jwt_in_a_fixture_and_a_key_in_a_snapshot_fail() {
        let root = scratch("shapes");
        std::fs::write(
            root.join("fixtures/acme/items.get--jwt.json"),
            r#"{"note": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"}"#,
        )
        .unwrap();
        std::fs::write(
            root.join("crates/acme/tests/snapshots/items.get.snap"),
            "token: sk_live_4eC39HqLyjWDarjtT1zdp7dc\nhttp: Bearer abcdefgh12345678\n",
        )
        .unwrap();
        let report = scan(&root, Some(&root.join("traces"))).unwrap();
        let kinds: Vec<&str> = report.findings.iter().map(|f| f.what.as_str()).collect();
        assert!(kinds.iter().any(|k| k.starts_with("JWT")), "{kinds:?}");
        assert!(
            kinds.iter().any(|k| k.starts_with("known key prefix")),
            "{kinds:?}"
        );
        assert!(
            kinds.iter().any(|k| k.starts_with("Authorization value")),
            "{kinds:?}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn an_issued_value_may_stay_in_its_own_fixture_only() {
        let root = scratch("issued");
        std::fs::write(
            root.join("fixtures/acme/account.get--relogin.json"),
            r#"{"exchanges": [
  {"request": {"method": "POST", "path": "/login"}, "response": {"status": 200, "body": {"bearer": "fake-issued-token-77"}}},
  {"request": {"method": "GET", "path": "/account", "headers": {"authorization": "Bearer <issued:exchanges[0].response.body.bearer>"}}, "response": {"status": 200}}
]}"#,
        )
        .unwrap();
        let report = scan(&root, Some(&root.join("traces"))).unwrap();
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        std::fs::write(root.join("traces/acme.log"), "token fake-issued-token-77\n").unwrap();
        let report = scan(&root, Some(&root.join("traces"))).unwrap();
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn ordinary_ids_and_hashes_are_not_secrets() {
        for line in [
            r#""_id": "Bk000000000000007", "restaurantId": "Rk4mTq9ZpLw2XcV7s""#,
            "sha256=6f1ed002ab5595859014ebf0951522d9c9a1f1d6f5e4bd2e1bd9ae6e5b8b5f5a",
            r#""objectId": "5f0c4fb6a1d5a2001b6a1111""#,
            "path=/bookings/{id} status=200 elapsed=1.2ms",
        ] {
            assert!(shapes(line).is_empty(), "{line}: {:?}", shapes(line));
        }
    }

    #[test]
    fn every_allow_entry_has_a_reason() {
        assert!(
            ALLOW
                .iter()
                .all(|a| !a.reason.trim().is_empty() && !a.value.is_empty())
        );
    }
}
