//! Fixture-issued credentials: `<issued:PATH>` in a request header.
//!
//! A re-login fixture must prove that the replayed request carries the credential the *new*
//! login issued, not the refused one. A `<redacted>` header only checks a prefix, so the fixture
//! names the credential instead, as a path into the fixture itself:
//!
//! ```text
//! "authorization": "Bearer <issued:exchanges[1].response.body.bearer>"
//! "cookie":        "sid=<issued:exchanges[2].response.headers.set-cookie>"
//! ```
//!
//! - `exchanges[N].response.body.<key>[.<key>|[<index>]]*` is a string (or number) in the JSON
//!   body of exchange `N`'s response;
//! - `exchanges[N].response.headers.<name>` is that response header; for `set-cookie`, the
//!   value of the cookie named just before the placeholder (`sid=` above), taken from the
//!   line `sid=<value>; attributes`.
//!
//! `N` must be an earlier exchange than the one whose request cites it (a credential is issued
//! before it is used). The mock server then requires exactly that value (for `cookie`: that
//! `name=value` pair among the cookies sent). Such credentials are invented by the fixture, so
//! the lint accepts them in secret headers; a response `set-cookie` that issues one may hold a
//! plain value only if a later request cites it and the value starts with [`FAKE_PREFIX`].

use serde_json::Value;

use crate::fixture::Exchange;

/// Opens a reference to a credential issued by an earlier exchange of the same fixture.
pub const ISSUED_OPEN: &str = "<issued:";

/// Every plain credential a fixture issues in a response header starts with this.
pub const FAKE_PREFIX: &str = "fake-";

/// One `<issued:...>` found in a header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Text before the placeholder (`Bearer `, `sid=`).
    pub prefix: String,
    /// The path inside the placeholder.
    pub path: String,
    /// Text after the placeholder.
    pub suffix: String,
    /// The exchange the path points into.
    pub exchange: usize,
    /// Whether the path names a response `set-cookie` header.
    pub set_cookie: bool,
}

/// Finds the `<issued:...>` placeholder in a header value (at most one per value).
/// `Ok(None)`: there is none.
pub fn cite(value: &str) -> Result<Option<Citation>, String> {
    let Some(start) = value.find(ISSUED_OPEN) else {
        return Ok(None);
    };
    let prefix = value.get(..start).unwrap_or_default();
    let rest = value.get(start + ISSUED_OPEN.len()..).unwrap_or_default();
    let Some(end) = rest.find('>') else {
        return Err(format!("`{ISSUED_OPEN}` without a closing `>`"));
    };
    let path = rest.get(..end).unwrap_or_default();
    let suffix = rest.get(end + 1..).unwrap_or_default();
    if suffix.contains(ISSUED_OPEN) {
        return Err("at most one `<issued:...>` per header value".into());
    }
    let after = path.strip_prefix("exchanges[").ok_or_else(|| {
        format!("`<issued:{path}>`: the path must start with `exchanges[N].response.`")
    })?;
    let close = after
        .find(']')
        .ok_or_else(|| format!("`<issued:{path}>`: no `]` after the exchange index"))?;
    let exchange: usize = after
        .get(..close)
        .unwrap_or_default()
        .parse()
        .map_err(|_| format!("`<issued:{path}>`: the exchange index is not a number"))?;
    let tail = after.get(close + 1..).unwrap_or_default();
    let set_cookie = tail == ".response.headers.set-cookie";
    if !tail.starts_with(".response.body") && !tail.starts_with(".response.headers.") {
        return Err(format!(
            "`<issued:{path}>`: only `exchanges[N].response.body...` and `exchanges[N].response.headers.<name>` can be cited"
        ));
    }
    Ok(Some(Citation {
        prefix: prefix.to_owned(),
        path: path.to_owned(),
        suffix: suffix.to_owned(),
        exchange,
        set_cookie,
    }))
}

/// The header value `value` of exchange `at`'s request with its `<issued:...>` replaced by the
/// credential it cites. `Ok(None)`: the value cites nothing.
pub fn resolve(value: &str, exchanges: &[Exchange], at: usize) -> Result<Option<String>, String> {
    let Some(c) = cite(value)? else {
        return Ok(None);
    };
    if c.exchange >= at {
        return Err(format!(
            "`<issued:{}>` in exchange {at}: a credential must be issued by an earlier exchange",
            c.path
        ));
    }
    let response = &exchanges
        .get(c.exchange)
        .ok_or_else(|| format!("`<issued:{}>`: no exchange {}", c.path, c.exchange))?
        .response;
    let tail = c
        .path
        .split_once(']')
        .map(|(_, t)| t)
        .unwrap_or_default()
        .strip_prefix(".response.")
        .unwrap_or_default();
    let credential = if let Some(name) = tail.strip_prefix("headers.") {
        let header = response
            .headers
            .get(name)
            .ok_or_else(|| format!("`<issued:{}>`: the response has no `{name}`", c.path))?;
        if c.set_cookie {
            let cookie = cookie_name(&c.prefix).ok_or_else(|| {
                format!(
                    "`<issued:{}>`: write the cookie name before it (`sid=<issued:...>`)",
                    c.path
                )
            })?;
            set_cookie_value(header, cookie).ok_or_else(|| {
                format!(
                    "`<issued:{}>`: the response sets no cookie `{cookie}`",
                    c.path
                )
            })?
        } else {
            header.clone()
        }
    } else {
        let pointer = body_pointer(tail.strip_prefix("body").unwrap_or_default())
            .ok_or_else(|| format!("`<issued:{}>`: bad body path", c.path))?;
        match response.body.pointer(&pointer) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => {
                return Err(format!("`<issued:{}>`: not a string or number", c.path));
            }
            None => return Err(format!("`<issued:{}>`: nothing there", c.path)),
        }
    };
    Ok(Some(format!("{}{credential}{}", c.prefix, c.suffix)))
}

/// The cookie name a prefix such as `lang=en; sid=` ends with.
fn cookie_name(prefix: &str) -> Option<&str> {
    let pair = prefix.rsplit(';').next()?.trim_start();
    let name = pair.strip_suffix('=')?;
    (!name.is_empty() && !name.contains('=')).then_some(name)
}

/// The value of cookie `name` in a `set-cookie` header (lines separated by `\n`).
pub fn set_cookie_value(header: &str, name: &str) -> Option<String> {
    header.split('\n').find_map(|line| {
        let pair = line.split(';').next()?.trim();
        let (n, v) = pair.split_once('=')?;
        (n == name).then(|| v.to_owned())
    })
}

/// `.a.b[0]` as the JSON pointer `/a/b/0`; empty means the whole body.
fn body_pointer(path: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let key = r.get(..end)?;
            if key.is_empty() {
                return None;
            }
            out.push('/');
            out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            rest = r.get(end..)?;
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let index: usize = r.get(..end)?.parse().ok()?;
            out.push_str(&format!("/{index}"));
            rest = r.get(end + 1..)?;
        } else {
            return None;
        }
    }
    Some(out)
}

/// Whether a received header value satisfies a resolved one: equal, or for `cookie` every
/// expected `name=value` pair among the pairs sent.
pub fn header_satisfies(name: &str, received: &[&str], expected: &str) -> bool {
    if name == "cookie" {
        let sent: Vec<&str> = received
            .iter()
            .flat_map(|v| v.split(';'))
            .map(str::trim)
            .collect();
        expected
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .all(|p| sent.contains(&p))
    } else {
        received.contains(&expected)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn exchanges() -> Vec<Exchange> {
        serde_json::from_value(serde_json::json!([
            {"request": {"method": "POST", "path": "/login"},
             "response": {"status": 200,
                          "headers": {"set-cookie": "lang=en\nsid=fake-s1; Path=/"},
                          "body": {"auth": {"tokens": ["fake-t1"]}, "n": 7, "o": {}}}},
            {"request": {"method": "GET", "path": "/x"}, "response": {"status": 200}}
        ]))
        .unwrap()
    }

    #[test]
    fn body_and_cookie_paths_resolve() {
        let ex = exchanges();
        let r = |v: &str| resolve(v, &ex, 1);
        assert_eq!(
            r("Bearer <issued:exchanges[0].response.body.auth.tokens[0]>").unwrap(),
            Some("Bearer fake-t1".into())
        );
        assert_eq!(
            r("<issued:exchanges[0].response.body.n>").unwrap(),
            Some("7".into())
        );
        assert_eq!(
            r("sid=<issued:exchanges[0].response.headers.set-cookie>").unwrap(),
            Some("sid=fake-s1".into())
        );
        assert_eq!(r("Bearer <redacted>").unwrap(), None);
    }

    #[test]
    fn bad_citations_are_refused() {
        let ex = exchanges();
        for bad in [
            "Bearer <issued:exchanges[1].response.body.auth>",
            "Bearer <issued:exchanges[0].response.body.missing>",
            "Bearer <issued:exchanges[0].response.body.o>",
            "Bearer <issued:exchanges[0].request.body>",
            "Bearer <issued:exchanges[x].response.body>",
            "Bearer <issued:exchanges[0].response.body",
            "<issued:exchanges[0].response.headers.set-cookie>",
            "nope=<issued:exchanges[0].response.headers.set-cookie>",
        ] {
            assert!(resolve(bad, &ex, 1).is_err(), "{bad}");
        }
    }

    #[test]
    fn cookies_match_as_pairs() {
        assert!(header_satisfies(
            "cookie",
            &["lang=en; sid=fake-s2"],
            "sid=fake-s2"
        ));
        assert!(!header_satisfies(
            "cookie",
            &["lang=en; sid=fake-s1"],
            "sid=fake-s2"
        ));
        assert!(header_satisfies(
            "authorization",
            &["Bearer fake-2"],
            "Bearer fake-2"
        ));
        assert!(!header_satisfies(
            "authorization",
            &["Bearer fake-1"],
            "Bearer fake-2"
        ));
    }
}
