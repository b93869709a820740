//! Every contract fixture (`fixtures/<vendor>/*.json`, loaded with `crates/contract`) of
//! every vendor the sandbox fakes, replayed against a fresh sandbox: the answer's status
//! must be the fixture's, and a JSON answer must have the fixture's shape (the same JSON
//! type; for objects, and the first item of arrays, the same type of every key both have).
//!
//! Vendor-independent: a vendor whose fake is not built is reported and skipped; credentials
//! come from [`Sandbox::credentials`] and the fixtures' own conventions (see [`Session`]).
//!
//! **Which fixtures are excluded**, by a rule applied in this order (never by a list in
//! this file):
//!
//! 1. `no request`: `"exchanges": []` (the client refuses the input before sending).
//! 2. `tagged`: the fixture says `"sandbox": "skip: <reason>"` (design §6: a case that needs
//!    stored state or vendor behaviour the sandbox does not fake: a closed restaurant, a
//!    booking past its cancellation window, an answer against the vendor's own docs). The
//!    reasons are printed.
//! 3. `fault`: an exchange answers 429 or 5xx, or an exchange other than the last answers
//!    ≥ 400 (the client recovered from a refusal: retry, re-login, refresh). Issue 13's fault
//!    matrix covers these with the fault plan.
//! 4. `not faked`: the sandbox counted no hit for one of the fixture's requests (`route`: not
//!    served), answered `405` (`method`: the path is served, the method is not), or refused a
//!    parameter it does not fake yet (`parameter`: a `422` whose body starts with `sandbox:`). The list
//!    of such fixtures is printed, so a route that should match and does not shows up.
//! 5. `state`: an exchange answers 2xx in the fixture, and the sandbox answers 404 for a
//!    request whose path names a record (a path segment with a digit) that the fresh
//!    sandbox does not hold. Printed too.
//!
//! A request the fixture expects to pass the credential check carries the sandbox's
//! credentials (headers and the credential members of a login body); one it expects to be
//! refused with 401 carries invalid ones. When the sandbox answers 403 where the fixture
//! does not, the exchange is sent once more with [`Sandbox::staff_credentials`] (routes
//! for staff).
//!
//! Everything else must pass.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine;
use contract::{Exchange, Fixture, RecordedRequest};
use sandbox::{Credentials, Error, Sandbox, SandboxOptions, Vendor};
use secrecy::ExposeSecret;
use serde_json::Value;

/// How a fixture ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Passed,
    Excluded(&'static str),
    Failed(String),
}

/// The request that logs in, from the fixtures: the exchange an `<issued:exchanges[i]...>`
/// marker of another fixture names, and where its answer carries the token.
#[derive(Clone, Debug)]
struct LoginTemplate {
    request: RecordedRequest,
    /// `body.<field>` path of the token in the login answer.
    token_field: Option<String>,
}

/// Finds the vendor's login exchange through the fixtures' issued-credential markers.
fn login_template(fixtures: &[Fixture]) -> Option<LoginTemplate> {
    for fixture in fixtures {
        for exchange in &fixture.exchanges {
            let Some(marker) = exchange
                .request
                .headers
                .get("authorization")
                .and_then(|v| v.split("<issued:exchanges[").nth(1))
            else {
                continue;
            };
            let (index, rest) = marker.split_once(']')?;
            let index: usize = index.parse().ok()?;
            let field = rest
                .strip_prefix(".response.body.")
                .map(|f| f.trim_end_matches('>').to_owned());
            let login = fixture.exchanges.get(index)?;
            return Some(LoginTemplate {
                request: login.request.clone(),
                token_field: field,
            });
        }
    }
    None
}

/// Credential values by the body keys that carry them (JSON members or form fields).
fn credential_fields(credentials: &Credentials) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    if let Some((email, password)) = credentials.login() {
        for key in ["email", "login", "username"] {
            out.insert(key, email.to_owned());
        }
        out.insert("password", password.expose_secret().to_owned());
    }
    if let Some(o) = credentials.oauth() {
        out.insert("username", o.username.clone());
        out.insert("password", o.password.expose_secret().to_owned());
        out.insert("client_id", o.client_id.clone());
        out.insert("client_secret", o.client_secret.expose_secret().to_owned());
        out.insert("code", o.authorization_code.expose_secret().to_owned());
        out.insert("redirect_uri", o.redirect_uri.clone());
    }
    out
}

/// A fresh sandbox and the credentials a replay sends.
struct Session {
    sandbox: Sandbox,
    /// The credentials in use: the sandbox's, or its staff login after a 403.
    credentials: Credentials,
    http: reqwest::Client,
    login: Option<LoginTemplate>,
    token: Option<String>,
    cookie: Option<String>,
}

fn percent(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn form_decode(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| {
                let s = s.replace('+', " ");
                let bytes = s.as_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%'
                        && i + 2 < bytes.len()
                        && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
                    {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    out.push(bytes[i]);
                    i += 1;
                }
                String::from_utf8_lossy(&out).into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

impl Session {
    async fn start(vendor: Vendor, login: Option<LoginTemplate>) -> Result<Session, Error> {
        let sandbox = Sandbox::start(vendor, SandboxOptions::default()).await?;
        Ok(Session {
            credentials: sandbox.credentials().clone(),
            sandbox,
            http: reqwest::Client::builder().no_gzip().build().unwrap(),
            login,
            token: None,
            cookie: None,
        })
    }

    /// Logs in once with the sandbox's credentials, through the vendor's login template:
    /// an OAuth application uses the standard password grant on the template's path; a login
    /// sends the template's body with the credential members replaced.
    async fn log_in(&mut self) -> Result<(), String> {
        if self.token.is_some() || self.cookie.is_some() {
            return Ok(());
        }
        let template = self
            .login
            .clone()
            .ok_or("no fixture shows how this vendor logs in")?;
        let credentials = self.credentials.clone();
        let mut request = template.request.clone();
        if let Some(o) = credentials.oauth() {
            request.body = Value::Null;
            request.body_text = Some(format!(
                "grant_type=password&username={}&password={}&client_id={}&client_secret={}",
                percent(&o.username),
                percent(o.password.expose_secret()),
                percent(&o.client_id),
                percent(o.client_secret.expose_secret())
            ));
        }
        request.headers.remove("authorization");
        request.headers.remove("cookie");
        let (answer, _) = Box::pin(self.send(&request, true)).await?;
        let status = answer.status();
        let cookie = answer
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        let body: Value = answer.json().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("the login answered {status}: {body}"));
        }
        let field = template.token_field.as_deref().unwrap_or("access_token");
        self.token = body.get(field).and_then(Value::as_str).map(str::to_owned);
        self.cookie = cookie;
        Ok(())
    }

    /// The value of a credential header the fixture redacted.
    async fn credential_header(
        &mut self,
        name: &str,
        fixture_value: &str,
        valid: bool,
    ) -> Result<String, String> {
        let scheme = fixture_value
            .split_once(' ')
            .map(|(s, _)| s)
            .unwrap_or("Bearer");
        if !valid {
            return Ok(match name {
                "cookie" => "sid=invalid-sandbox-session".into(),
                _ if scheme == "Basic" => format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode("invalid-sandbox-key:")
                ),
                _ => format!("{scheme} invalid-sandbox-token"),
            });
        }
        if let Some(key) = self.credentials.api_key() {
            let key = key.expose_secret();
            return Ok(if scheme == "Basic" {
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
                )
            } else {
                format!("{scheme} {key}")
            });
        }
        self.log_in().await?;
        match name {
            "cookie" => self.cookie.clone().ok_or("the login set no cookie".into()),
            _ => self
                .token
                .clone()
                .map(|t| format!("{scheme} {t}"))
                .ok_or("the login answered no token".into()),
        }
    }

    /// Sends `request`; `valid` says whether the fixture expects it to pass the credential
    /// check (then it carries the sandbox's credentials, else invalid ones).
    /// Also says whether the sandbox counted a hit for it (a route it serves).
    async fn send(
        &mut self,
        request: &RecordedRequest,
        valid: bool,
    ) -> Result<(reqwest::Response, bool), String> {
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut query = Vec::new();
        for (key, value) in &request.query {
            for v in value.values() {
                query.push((key.clone(), v.to_owned()));
            }
        }
        let url = format!("{}{}", self.sandbox.origin(), request.path);
        let mut builder = self.http.request(method, url);
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &request.headers {
            let secret = value.contains("<redacted>") || value.contains("<issued:");
            let value = if name == "authorization" || name == "cookie" {
                if secret {
                    self.credential_header(name, value, valid).await?
                } else {
                    value.clone()
                }
            } else if secret {
                continue;
            } else {
                value.clone()
            };
            builder = builder.header(name.as_str(), value);
        }
        let fields = if valid {
            credential_fields(&self.credentials)
        } else {
            BTreeMap::new()
        };
        if let Some(text) = &request.body_text {
            let text = if !fields.is_empty()
                && text.contains('=')
                && !text.trim_start().starts_with('{')
            {
                form_decode(text)
                    .into_iter()
                    .map(|(k, v)| {
                        let v = fields.get(k.as_str()).cloned().unwrap_or(v);
                        format!("{}={}", percent(&k), percent(&v))
                    })
                    .collect::<Vec<_>>()
                    .join("&")
            } else {
                text.clone()
            };
            builder = builder.body(text);
        } else if !request.body.is_null() {
            let mut body = request.body.clone();
            if let Value::Object(map) = &mut body {
                for (key, value) in map.iter_mut() {
                    if let (Some(v), true) = (fields.get(key.as_str()), value.is_string()) {
                        *value = Value::String(v.clone());
                    }
                }
            }
            if !request.headers.contains_key("content-type") {
                builder = builder.header("content-type", "application/json");
            }
            builder = builder.body(body.to_string());
        }
        let before = hit_total(&self.sandbox);
        let answer = builder.send().await.map_err(|e| format!("{e:?}"))?;
        Ok((answer, hit_total(&self.sandbox) > before))
    }
}

/// The JSON type of a value, for the shape check.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Same JSON type at the top; for objects (and the first item of two non-empty arrays) the
/// same type of each key both have (`null` matches anything: optional fields).
fn same_shape(want: &Value, got: &Value) -> Result<(), String> {
    if kind(want) != kind(got) {
        return Err(format!(
            "body is {} in the fixture, {} from the sandbox",
            kind(want),
            kind(got)
        ));
    }
    let (want, got) = match (want, got) {
        (Value::Array(w), Value::Array(g)) => match (w.first(), g.first()) {
            (Some(w), Some(g)) => (w, g),
            _ => return Ok(()),
        },
        _ => (want, got),
    };
    if let (Value::Object(w), Value::Object(g)) = (want, got) {
        for (key, wv) in w {
            if let Some(gv) = g.get(key)
                && !wv.is_null()
                && !gv.is_null()
                && kind(wv) != kind(gv)
            {
                return Err(format!(
                    "`{key}` is {} in the fixture, {} from the sandbox",
                    kind(wv),
                    kind(gv)
                ));
            }
        }
    }
    Ok(())
}

/// Rules 1 and 2 (from the fixture alone).
fn excluded_up_front(fixture: &Fixture) -> Option<&'static str> {
    if fixture.exchanges.is_empty() {
        return Some("no request");
    }
    if fixture
        .sandbox
        .as_deref()
        .is_some_and(|s| s.starts_with("skip:"))
    {
        return Some("tagged");
    }
    let last = fixture.exchanges.len() - 1;
    let fault = fixture.exchanges.iter().enumerate().any(|(i, e)| {
        let s = e.response.status;
        s == 429 || s >= 500 || (i < last && s >= 400)
    });
    fault.then_some("fault")
}

/// Whether the fixture's path names a record (a segment with a digit in it).
fn names_a_record(path: &str) -> bool {
    path.split('/')
        .any(|s| s.bytes().any(|b| b.is_ascii_digit()) && s != "v1" && s != "v2")
}

fn hit_total(sandbox: &Sandbox) -> u64 {
    sandbox.all_hits().values().sum()
}

async fn replay(vendor: Vendor, fixture: &Fixture, login: Option<LoginTemplate>) -> Outcome {
    if let Some(reason) = excluded_up_front(fixture) {
        return Outcome::Excluded(reason);
    }
    let mut session = match Session::start(vendor, login).await {
        Ok(s) => s,
        Err(e) => return Outcome::Failed(format!("start: {e}")),
    };
    for (i, Exchange { request, response }) in fixture.exchanges.iter().enumerate() {
        let valid = response.status != 401;
        let (mut answer, mut counted) = match session.send(request, valid).await {
            Ok(a) => a,
            Err(e) => return Outcome::Failed(format!("exchange {i}: {e}")),
        };
        if answer.status() == 403
            && response.status != 403
            && let Some(staff) = session.sandbox.staff_credentials()
        {
            session.credentials = staff;
            session.token = None;
            session.cookie = None;
            (answer, counted) = match session.send(request, valid).await {
                Ok(a) => a,
                Err(e) => return Outcome::Failed(format!("exchange {i} as staff: {e}")),
            };
        }
        let status = answer.status().as_u16();
        // A login exchange of the fixture itself issues the session the next ones send.
        if response.headers.contains_key("set-cookie")
            && let Some(cookie) = answer
                .headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
        {
            session.cookie = Some(cookie.to_owned());
        }
        let text = answer.bytes().await.unwrap_or_default();
        let refused_as_not_faked =
            status == 422 && String::from_utf8_lossy(&text).contains("sandbox:");
        if !counted {
            return Outcome::Excluded("not faked: route");
        }
        if status == 405 && response.status != 405 {
            return Outcome::Excluded("not faked: method");
        }
        if refused_as_not_faked {
            return Outcome::Excluded("not faked: parameter");
        }
        if status != response.status {
            if status == 404
                && (200..300).contains(&response.status)
                && names_a_record(&request.path)
            {
                return Outcome::Excluded("state");
            }
            return Outcome::Failed(format!(
                "exchange {i} ({} {}): status {status}, fixture {}: {}",
                request.method,
                request.path,
                response.status,
                String::from_utf8_lossy(&text)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ));
        }
        if !response.body.is_null()
            && let Ok(got) = serde_json::from_slice::<Value>(&text)
            && let Err(e) = same_shape(&response.body, &got)
        {
            return Outcome::Failed(format!(
                "exchange {i} ({} {}): {e}",
                request.method, request.path
            ));
        }
    }
    Outcome::Passed
}

#[tokio::test]
async fn every_fixture_that_needs_no_fault_and_no_stored_state_passes_against_the_sandbox() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for vendor in Vendor::ALL {
        let dir = contract::fixture::vendor_dir(vendor.name());
        let fixtures = contract::fixture::load_dir(&dir).unwrap();
        if let Err(Error::NotBuilt(_)) = Sandbox::start(vendor, SandboxOptions::default()).await {
            let _ = writeln!(
                report,
                "{vendor}: no fake yet ({} fixtures not replayed)",
                fixtures.len()
            );
            continue;
        }
        let login = login_template(&fixtures);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut listed: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for fixture in &fixtures {
            let outcome = replay(vendor, fixture, login.clone()).await;
            let key = match &outcome {
                Outcome::Passed => "passed".to_owned(),
                Outcome::Excluded(reason) => {
                    listed.entry(reason).or_default().push(fixture.name.clone());
                    format!("excluded: {reason}")
                }
                Outcome::Failed(why) => {
                    failures.push(format!("{vendor}/{}: {why}", fixture.name));
                    "FAILED".to_owned()
                }
            };
            *counts.entry(key).or_default() += 1;
        }
        let _ = writeln!(report, "{vendor}: {} fixtures: {counts:?}", fixtures.len());
        for (reason, names) in listed {
            if !["no request", "fault", "tagged"].contains(&reason) {
                let _ = writeln!(report, "  {reason}: {}", names.join(", "));
            }
        }
        for fixture in &fixtures {
            if let Some(reason) = &fixture.sandbox {
                let _ = writeln!(report, "  tagged {}: {reason}", fixture.name);
            }
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
}
