//! The fixture format (design §6): types, loading and linting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a fixture's bodies come from. The fixture's `source` string names the document,
/// capture or case; the lint requires both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// Only what the vendor's own documents show (reference pages, official examples).
    Docs,
    /// A third party's public capture of a live server (a HAR file, logged responses),
    /// values replaced.
    Captured,
    /// Captured by us from a live account (a future `cargo xtask record`), secrets and personal
    /// data redacted. None yet.
    Recorded,
    /// From secondary descriptions of the real API, not the vendor's documents and not a live
    /// server: public client code (even the vendor's own SDK or integrations) or a third-party
    /// or machine-drafted specification. Unverified: treat as a well-founded guess.
    Secondary,
    /// An edge case we invented (its `source` starts with `synthetic:`).
    Synthetic,
}

impl Provenance {
    /// Every value, in the order the lint prints them.
    pub const ALL: [Provenance; 5] = [
        Provenance::Docs,
        Provenance::Captured,
        Provenance::Recorded,
        Provenance::Secondary,
        Provenance::Synthetic,
    ];

    /// The word used in fixture files.
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Docs => "docs",
            Provenance::Captured => "captured",
            Provenance::Recorded => "recorded",
            Provenance::Secondary => "secondary",
            Provenance::Synthetic => "synthetic",
        }
    }
}

/// One fixture file: an operation, its input, and the HTTP exchanges it causes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Vendor name, equal to the fixture's folder name.
    pub vendor: String,
    /// Operation name, such as `bookings.list`; the file name starts with it.
    pub operation: String,
    /// Where the exchanges come from.
    pub provenance: Provenance,
    /// Names where the bodies come from: the vendor document and section, the capture, or
    /// `synthetic: <the case>`.
    pub source: String,
    /// What the case shows, when the name does not say it all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `skip: <reason>` when the case is not replayed against the sandbox because it needs
    /// stored state or vendor behaviour the sandbox does not fake
    /// (`crates/sandbox/tests/fixtures.rs`); absent: it is replayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<String>,
    /// How the test builds the client for this case (auth mode, options), in a shape the
    /// vendor's contract test defines; `null` for the default client.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub client: Value,
    /// The operation's arguments as JSON (request types implement `Deserialize`).
    #[serde(default)]
    pub input: Value,
    /// The exchanges, in the order the client sends them. Empty means "no request may be sent"
    /// (input refused before sending).
    pub exchanges: Vec<Exchange>,
    /// The file stem (`bookings.list--empty`), set by the loader.
    #[serde(skip)]
    pub name: String,
    /// The file path, set by the loader.
    #[serde(skip)]
    pub path: PathBuf,
}

impl Fixture {
    /// The string option `key` of [`Fixture::client`], if set.
    pub fn client_option(&self, key: &str) -> Option<&str> {
        self.client.get(key).and_then(Value::as_str)
    }
}

/// One request and the response it gets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// What the client must send.
    pub request: RecordedRequest,
    /// What the server answers.
    pub response: RecordedResponse,
}

/// A query value: one string, or several for a repeated key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum QueryValue {
    /// `key=value`.
    One(String),
    /// `key=a&key=b`.
    Many(Vec<String>),
}

impl QueryValue {
    /// The values in order.
    pub fn values(&self) -> Vec<&str> {
        match self {
            QueryValue::One(v) => vec![v.as_str()],
            QueryValue::Many(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

/// The request the client must send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Full path including the vendor's base path (`/v1/bookings`), without query.
    pub path: String,
    /// The exact query: no parameter more, none less.
    #[serde(default)]
    pub query: BTreeMap<String, QueryValue>,
    /// Headers that must be present (names lower case). A value ending in `<redacted>` only
    /// requires the text before it (`Basic <redacted>` means "starts with `Basic `").
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The JSON body, compared as JSON; `null` or absent means "no JSON body expected".
    #[serde(default)]
    pub body: Value,
    /// A non-JSON body (form, text), compared as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

/// The response the mock server sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// Status code.
    pub status: u16,
    /// Headers (names lower case). Repeated headers: separate values with `\n`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// A JSON body (`null`: none, unless `body_text` is set).
    #[serde(default)]
    pub body: Value,
    /// A raw body (text errors, HTML pages, JSON labelled as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

/// A problem found in a fixture file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Header names whose values are credentials and must be stored as `<redacted>`.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "proxy-authorization",
];

/// Marker for a removed secret.
pub const REDACTED: &str = "<redacted>";

/// Whether a credential header's value hides its secret: `<scheme> <redacted>` in general;
/// for `set-cookie`, `name=<redacted>` followed by any attributes (`; Max-Age=3600`); for
/// `cookie`, every `name=<redacted>` pair.
fn is_redacted(name: &str, value: &str) -> bool {
    match name {
        "set-cookie" => value.split('\n').all(|c| {
            c.split(';')
                .next()
                .is_some_and(|pair| pair.trim_end().ends_with(REDACTED))
        }),
        "cookie" => value.split(';').all(|pair| pair.trim().ends_with(REDACTED)),
        _ => value.ends_with(REDACTED),
    }
}

/// The workspace root (the folder holding `fixtures/`).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|p| p.join("fixtures").is_dir() && p.join("Cargo.toml").is_file())
        .unwrap_or(here)
        .to_path_buf()
}

/// The fixtures folder of `vendor`.
pub fn vendor_dir(vendor: &str) -> PathBuf {
    workspace_root().join("fixtures").join(vendor)
}

/// Parses and lints one fixture file's text. `dir_vendor` is the folder name.
pub fn parse_fixture(path: &Path, text: &str, dir_vendor: &str) -> Result<Fixture, Vec<LintError>> {
    let err = |message: String| LintError {
        path: path.to_path_buf(),
        message,
    };
    let value: Value =
        serde_json::from_str(text).map_err(|e| vec![err(format!("not JSON: {e}"))])?;
    let mut errors = Vec::new();
    match serde_json::to_string_pretty(&value) {
        Ok(pretty) if pretty.trim_end() == text.trim_end() && text.ends_with('\n') => {}
        Ok(_) => errors.push(err(
            "not pretty-printed (2-space indent, keys in file order, final newline); run `cargo xtask lint-fixtures --fix`".into(),
        )),
        Err(e) => errors.push(err(format!("cannot re-print: {e}"))),
    }
    if let Some(p) = value.get("provenance").and_then(Value::as_str)
        && !Provenance::ALL.iter().any(|known| known.as_str() == p)
    {
        errors.push(err(format!(
            "provenance `{p}` is not one of {}",
            Provenance::ALL.map(Provenance::as_str).join(", ")
        )));
        return Err(errors);
    }
    let mut fixture: Fixture = match serde_json::from_value(value) {
        Ok(f) => f,
        Err(e) => {
            errors.push(err(format!("bad shape: {e}")));
            return Err(errors);
        }
    };
    let source = fixture.source.trim();
    if source.is_empty() {
        errors.push(err(
            "`source` is empty: name where the bodies come from (document and section, capture, or `synthetic: <case>`)".into(),
        ));
    } else if (fixture.provenance == Provenance::Synthetic) != source.starts_with("synthetic:") {
        errors.push(err(
            "`source` starts with `synthetic:` exactly when `provenance` is `synthetic`".into(),
        ));
    }
    if let Some(sandbox) = &fixture.sandbox
        && sandbox
            .strip_prefix("skip: ")
            .is_none_or(|reason| reason.trim().is_empty())
    {
        errors.push(err(
            "`sandbox` is `skip: <reason>` (why the case is not replayed against the sandbox)"
                .into(),
        ));
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    if fixture.vendor != dir_vendor {
        errors.push(err(format!(
            "vendor `{}` differs from folder `{dir_vendor}`",
            fixture.vendor
        )));
    }
    let op_part = stem.split("--").next().unwrap_or_default();
    if op_part != fixture.operation {
        errors.push(err(format!(
            "file name must be `{}[--case].json`",
            fixture.operation
        )));
    }
    for (i, ex) in fixture.exchanges.iter().enumerate() {
        let req = &ex.request;
        let at = |m: &str| err(format!("exchange {i}: {m}"));
        if !matches!(
            req.method.as_str(),
            "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
        ) {
            errors.push(at(&format!("unknown method `{}`", req.method)));
        }
        if !req.path.starts_with('/') || req.path.contains('?') {
            errors.push(at("path must start with `/` and hold no query"));
        }
        if !req.body.is_null() && req.body_text.is_some() {
            errors.push(at("request has both body and body_text"));
        }
        if !ex.response.body.is_null() && ex.response.body_text.is_some() {
            errors.push(at("response has both body and body_text"));
        }
        for name in req.headers.keys().chain(ex.response.headers.keys()) {
            if name.to_ascii_lowercase() != *name {
                errors.push(at(&format!("header `{name}` must be lower case")));
            }
        }
        for (name, value) in &req.headers {
            match crate::issued::resolve(value, &fixture.exchanges, i) {
                Err(m) => errors.push(at(&format!("header `{name}`: {m}"))),
                // A credential the fixture itself issued: invented, and checked exactly.
                Ok(Some(_)) => {}
                Ok(None) => {
                    if SECRET_HEADERS.contains(&name.as_str()) && !is_redacted(name, value) {
                        errors.push(at(&format!(
                            "header `{name}` holds an unredacted value; write `<scheme> {REDACTED}`, `name={REDACTED}` or cite a credential an earlier exchange issued (`<issued:exchanges[N].response...>`)"
                        )));
                    }
                }
            }
        }
        for (name, value) in &ex.response.headers {
            if !SECRET_HEADERS.contains(&name.as_str()) || is_redacted(name, value) {
                continue;
            }
            if name == "set-cookie" && issues_fake_cookies(&fixture, i, value) {
                continue;
            }
            errors.push(at(&format!(
                "response header `{name}` holds an unredacted value; write `name={REDACTED}`, or, for a session a later request cites with `<issued:exchanges[{i}].response.headers.set-cookie>`, an invented value starting with `{}`",
                crate::issued::FAKE_PREFIX
            )));
        }
    }
    fixture.name = stem;
    fixture.path = path.to_path_buf();
    if errors.is_empty() {
        Ok(fixture)
    } else {
        Err(errors)
    }
}

/// Whether exchange `i`'s `set-cookie` only issues invented sessions (each plain value starts
/// with [`crate::issued::FAKE_PREFIX`]) that a later request cites.
fn issues_fake_cookies(fixture: &Fixture, i: usize, value: &str) -> bool {
    let all_fake = value.split('\n').all(|line| {
        let pair = line.split(';').next().unwrap_or_default().trim();
        pair.ends_with(REDACTED)
            || pair
                .split_once('=')
                .is_some_and(|(_, v)| v.starts_with(crate::issued::FAKE_PREFIX))
    });
    let cited = fixture.exchanges.iter().skip(i + 1).any(|ex| {
        ex.request.headers.values().any(|v| {
            crate::issued::cite(v)
                .ok()
                .flatten()
                .is_some_and(|c| c.exchange == i && c.set_cookie)
        })
    });
    all_fake && cited
}

/// Loads every `*.json` fixture of a folder, sorted by file name: the fixtures that parse, and
/// the problems of the others (a folder that cannot be read is one problem).
pub fn load_dir_partial(dir: &Path) -> (Vec<Fixture>, Vec<LintError>) {
    let dir_vendor = dir
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(e) => {
            return (
                Vec::new(),
                vec![LintError {
                    path: dir.to_path_buf(),
                    message: format!("cannot read folder: {e}"),
                }],
            );
        }
    };
    paths.sort();
    let mut fixtures = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => match parse_fixture(&path, &text, &dir_vendor) {
                Ok(f) => fixtures.push(f),
                Err(mut e) => errors.append(&mut e),
            },
            Err(e) => errors.push(LintError {
                path: path.clone(),
                message: format!("cannot read: {e}"),
            }),
        }
    }
    (fixtures, errors)
}

/// Loads every `*.json` fixture of a folder, sorted by file name; fails with every problem if
/// any file does not pass the lint.
pub fn load_dir(dir: &Path) -> Result<Vec<Fixture>, Vec<LintError>> {
    let (fixtures, errors) = load_dir_partial(dir);
    if errors.is_empty() {
        Ok(fixtures)
    } else {
        Err(errors)
    }
}

/// Lints every vendor folder under `fixtures/`; returns the number of files checked.
pub fn lint_all(fixtures_root: &Path) -> Result<usize, Vec<LintError>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_root)
        .map_err(|e| {
            vec![LintError {
                path: fixtures_root.to_path_buf(),
                message: format!("cannot read: {e}"),
            }]
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut count = 0;
    let mut errors = Vec::new();
    for dir in dirs {
        match load_dir(&dir) {
            Ok(f) => count += f.len(),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(count)
    } else {
        Err(errors)
    }
}

/// Re-prints a fixture file's JSON in the canonical pretty form (keys keep their order).
pub fn pretty(text: &str) -> Result<String, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    Ok(serde_json::to_string_pretty(&value)? + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        serde_json::json!({
            "vendor": "_selftest",
            "operation": "items.get",
            "provenance": "synthetic",
            "source": "synthetic: unit test",
            "input": {"id": "1"},
            "exchanges": [{
                "request": {"method": "GET", "path": "/v1/items/1",
                            "headers": {"authorization": "Basic <redacted>"}},
                "response": {"status": 200, "body": {"id": "1"}}
            }]
        })
    }

    fn check(value: &Value, name: &str) -> Result<Fixture, Vec<LintError>> {
        let text = serde_json::to_string_pretty(value).unwrap() + "\n";
        parse_fixture(Path::new(name), &text, "_selftest")
    }

    #[test]
    fn a_good_fixture_passes() {
        let f = check(&sample(), "items.get--ok.json").unwrap();
        assert_eq!(f.name, "items.get--ok");
        assert_eq!(
            f.exchanges[0].request.headers["authorization"],
            "Basic <redacted>"
        );
    }

    #[test]
    fn client_options_are_read() {
        let mut v = sample();
        let plain = check(&v, "items.get.json").unwrap();
        assert_eq!(plain.client_option("auth"), None);
        v["client"] = serde_json::json!({"auth": "oauth-password", "n": 1});
        let f = check(&v, "items.get.json").unwrap();
        assert_eq!(f.client_option("auth"), Some("oauth-password"));
        assert_eq!(f.client_option("n"), None);
    }

    #[test]
    fn unredacted_authorization_fails() {
        let mut v = sample();
        v["exchanges"][0]["request"]["headers"]["authorization"] = "Basic YWJjOg==".into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("unredacted"), "{errs:?}");
    }

    #[test]
    fn cookie_attributes_may_follow_a_redacted_value() {
        assert!(is_redacted(
            "set-cookie",
            "sid=<redacted>; Max-Age=3600; Path=/"
        ));
        assert!(is_redacted(
            "set-cookie",
            "sid=<redacted>\nlang=<redacted>; Path=/"
        ));
        assert!(!is_redacted(
            "set-cookie",
            "sid=s%3Aabc; Max-Age=<redacted>"
        ));
        assert!(is_redacted("cookie", "sid=<redacted>; lang=<redacted>"));
        assert!(!is_redacted("cookie", "sid=<redacted>; lang=en"));
        assert!(!is_redacted("authorization", "Bearer abc"));
    }

    #[test]
    fn unknown_top_level_key_fails() {
        let mut v = sample();
        v["extra"] = 1.into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("unknown field"), "{errs:?}");
    }

    #[test]
    fn compact_json_fails() {
        let text = serde_json::to_string(&sample()).unwrap();
        let errs = parse_fixture(Path::new("items.get.json"), &text, "_selftest").unwrap_err();
        assert!(errs[0].message.contains("pretty"), "{errs:?}");
    }

    #[test]
    fn provenance_and_source_are_required_and_agree() {
        for p in ["docs", "captured", "recorded", "secondary"] {
            let mut v = sample();
            v["provenance"] = p.into();
            v["source"] = "Vendor API docs, GET /v1/items example".into();
            assert!(check(&v, "items.get.json").is_ok(), "{p}");
        }
        let mut v = sample();
        v["provenance"] = "invented".into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("not one of"), "{errs:?}");
        let mut v = sample();
        v.as_object_mut().unwrap().remove("source");
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("source"), "{errs:?}");
        let mut v = sample();
        v["source"] = " ".into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("empty"), "{errs:?}");
        let mut v = sample();
        v["provenance"] = "docs".into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("synthetic:"), "{errs:?}");
        let mut v = sample();
        v["source"] = "Vendor API docs".into();
        let errs = check(&v, "items.get.json").unwrap_err();
        assert!(errs[0].message.contains("synthetic:"), "{errs:?}");
    }

    #[test]
    fn a_sandbox_skip_needs_a_reason() {
        let mut v = sample();
        v["sandbox"] = "skip: needs a table that is taken".into();
        assert!(check(&v, "items.get.json").is_ok());
        for bad in ["skip: ", "skip", "yes"] {
            v["sandbox"] = bad.into();
            let errs = check(&v, "items.get.json").unwrap_err();
            assert!(
                errs[0].message.contains("skip: <reason>"),
                "{bad}: {errs:?}"
            );
        }
    }

    #[test]
    fn file_name_must_start_with_operation() {
        let errs = check(&sample(), "other.json").unwrap_err();
        assert!(errs[0].message.contains("file name"), "{errs:?}");
    }
}
