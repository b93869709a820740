//! The Rightech error body (docs/vendors/rightech.md §8) and the crate's
//! [`core_http::ErrorParser`] (internal: it runs inside the client).
//!
//! Bodies look like `{"success": false, "code": "403", "message": "Forbidden",
//! "tags": ["error_credentials", "error_forbidden"], "helper": {"message": "...", "links": []}}`
//! (`sucess` in some examples; `code` is a string). Pages from the nginx ingress arrive as HTML
//! and become an [`core_http::Error::Api`] whose message names the page title and shows a
//! snippet of its text.

use core_http::error_body::{default_message, looks_like_html};
use core_http::http::{HeaderMap, StatusCode};
use core_http::{ApiError, ApiErrorKind, ErrorParser};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Tag of a 401 (docs/vendors/rightech.md §8).
pub const TAG_UNAUTHORIZED: &str = "error_unauthorized";
/// Tag of a 403 (docs/vendors/rightech.md §8).
pub const TAG_FORBIDDEN: &str = "error_forbidden";
/// Tag of a 404 (docs/vendors/rightech.md §8).
pub const TAG_NOT_FOUND: &str = "error_not_found";

/// Longest piece of an HTML page's text kept in the error message.
const HTML_SNIPPET_MAX: usize = 120;

/// A Rightech error body. Every field is optional: unknown shapes still parse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// `success` (normally `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// `sucess`: the misspelling used in some vendor examples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sucess: Option<bool>,
    /// `code`: the status code as a string (a number is accepted too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Value>,
    /// `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `tags`: machine tags such as `error_forbidden`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// `helper`: extra advice, read by the vendor's own client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helper: Option<Helper>,
    /// Anything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The optional `helper` of an error body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Helper {
    /// Advice text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Links to documentation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Anything else.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ErrorBody {
    /// Parses a body; `None` when it is not a JSON object.
    pub fn parse(body: &[u8]) -> Option<Self> {
        match serde_json::from_slice::<Value>(body).ok()? {
            Value::Object(map) => serde_json::from_value(Value::Object(map)).ok(),
            _ => None,
        }
    }

    /// The success flag under either spelling.
    pub fn success_flag(&self) -> Option<bool> {
        self.success.or(self.sucess)
    }

    /// The message with the helper's advice and the tags appended.
    pub fn describe(&self) -> Option<String> {
        let mut out = self.message.clone().filter(|m| !m.is_empty())?;
        if let Some(help) = self.helper.as_ref().and_then(|h| h.message.as_ref())
            && !help.is_empty()
        {
            out.push_str(" (");
            out.push_str(help);
            out.push(')');
        }
        if !self.tags.is_empty() {
            out.push_str(" [");
            out.push_str(&self.tags.join(", "));
            out.push(']');
        }
        Some(out)
    }

    /// The error kind the tags point to, when they are more specific than the status.
    pub fn kind_from_tags(&self) -> Option<ApiErrorKind> {
        let has = |t: &str| self.tags.iter().any(|x| x == t);
        if has(TAG_NOT_FOUND) {
            Some(ApiErrorKind::NotFound)
        } else if has(TAG_FORBIDDEN) {
            Some(ApiErrorKind::Forbidden)
        } else if has(TAG_UNAUTHORIZED) {
            Some(ApiErrorKind::Unauthorized)
        } else {
            None
        }
    }
}

/// The [`ErrorParser`] of Rightech: JSON error bodies under both spellings of the success
/// flag, and HTML pages from a proxy summarised with their title and a text snippet.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RightechErrorParser;

/// Checks a 2xx acknowledgement (`{"success": true, ...}`) of an action such as a command:
/// an answer whose success flag (either spelling) is `false` means "not done" and becomes an
/// [`core_http::Error::Api`] with the vendor's message, tags and the (redacted) body. Any other
/// answer is returned as it came.
pub(crate) fn check_ack(
    client: &core_http::Client,
    request: &str,
    answer: Value,
) -> core_http::Result<Value> {
    let flag = ["success", "sucess"]
        .iter()
        .find_map(|key| answer.get(key).and_then(Value::as_bool));
    if flag != Some(false) {
        return Ok(answer);
    }
    let body: ErrorBody = serde_json::from_value(answer.clone()).unwrap_or_default();
    let mut api = ApiError::new(200);
    api.kind = body.kind_from_tags().unwrap_or(ApiErrorKind::Other);
    api.message = body.describe().map_or_else(
        || "the server answered `success: false`: the action was not done".to_owned(),
        |m| format!("not done: {m}"),
    );
    api.message = client.redact(&api.message);
    api.request = request.to_owned();
    api.body = client.redact(&core_http::redact::truncate(&answer.to_string()));
    Err(core_http::Error::Api(Box::new(api)))
}

impl ErrorParser for RightechErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8], error: &mut ApiError) {
        if let Some(parsed) = ErrorBody::parse(body)
            && let Some(message) = parsed.describe()
        {
            error.message = message;
            if let Some(kind) = parsed.kind_from_tags()
                && matches!(error.kind, ApiErrorKind::Other | ApiErrorKind::BadRequest)
            {
                error.kind = kind;
            }
            return;
        }
        let text = String::from_utf8_lossy(body);
        let trimmed = text.trim();
        if looks_like_html(trimmed) {
            let snippet = html_text_snippet(trimmed);
            let mut message = default_message(status, body);
            if !snippet.is_empty() {
                message.push_str(" — page text: ");
                message.push_str(&snippet);
            }
            error.message = message;
            return;
        }
        error.message = default_message(status, body);
    }
}

/// The visible text of an HTML page (tags removed, whitespace collapsed), shortened.
fn html_text_snippet(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_head = false;
    let mut tag = String::new();
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.trim().to_ascii_lowercase();
                if name.starts_with("head") || name.starts_with("title") {
                    in_head = true;
                } else if name.starts_with("/head") || name.starts_with("/title") {
                    in_head = false;
                }
                text.push(' ');
            }
            _ if in_tag => tag.push(c),
            _ if in_head => {}
            _ => text.push(c),
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > HTML_SNIPPET_MAX {
        let cut: String = collapsed.chars().take(HTML_SNIPPET_MAX).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> ApiError {
        let mut api = ApiError::new(status);
        RightechErrorParser.parse(
            StatusCode::from_u16(status).unwrap(),
            &HeaderMap::new(),
            body.as_bytes(),
            &mut api,
        );
        api
    }

    #[test]
    fn both_spellings_and_helper() {
        let api = parse(
            403,
            r#"{"success":false,"code":"403","message":"Forbidden","tags":["error_credentials","error_forbidden"],"helper":{"message":"ask an admin","links":["https://x"]}}"#,
        );
        assert_eq!(
            api.message,
            "Forbidden (ask an admin) [error_credentials, error_forbidden]"
        );
        assert_eq!(api.kind, ApiErrorKind::Forbidden);
        let body = ErrorBody::parse(br#"{"sucess":false,"code":404,"message":"x"}"#).unwrap();
        assert_eq!(body.success_flag(), Some(false));
    }

    #[test]
    fn tags_refine_an_unusual_status() {
        let api = parse(
            400,
            r#"{"success":false,"code":"404","message":"Not Found","tags":["error_not_found"]}"#,
        );
        assert_eq!(api.kind, ApiErrorKind::NotFound);
    }

    #[test]
    fn html_pages_get_title_and_snippet() {
        let api = parse(
            502,
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        );
        assert_eq!(
            api.message,
            "HTML error page instead of an API response: 502 Bad Gateway — page text: 502 Bad Gateway nginx"
        );
        assert_eq!(api.kind, ApiErrorKind::Server);
    }

    #[test]
    fn plain_text_and_empty_bodies() {
        assert_eq!(parse(500, "boom").message, "boom");
        assert_eq!(parse(503, "").message, "Service Unavailable");
        assert_eq!(parse(400, r#"{"tags":["x"]}"#).message, r#"{"tags":["x"]}"#);
    }
}
