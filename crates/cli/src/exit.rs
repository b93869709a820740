//! Exit codes: one per class of failure, so that scripts can tell a missing credential from
//! a vendor outage. [`CliError`] is what every command returns; `main` prints its one line on
//! stderr and exits with its code.

use std::fmt;

use booking_domain::Error;
use resos::ApiErrorKind;

/// The class of a failure, and its exit code (`--help` and the README carry the same table:
/// [`TABLE`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// 1: a failure of this machine or a bug (the sandbox could not start, stdout closed...).
    Internal,
    /// 2: bad arguments (clap's own errors exit with 2 too), a bad date or zone, an unknown
    /// vendor, a bad store name (Rightech), a refused base URL (plain `http://` to a host that is not
    /// loopback), or input the vendor's adapter refuses before sending anything.
    Usage,
    /// 3: a credential (environment variable) is missing, or the vendor refused the
    /// credentials (401, 403).
    Credentials,
    /// 4: the vendor has no such booking (404).
    NotFound,
    /// 5: the vendor's rate limit was hit (429), after the client's own pacing and retries.
    RateLimited,
    /// 6: the vendor answered with an error, or with something that could not be read.
    Vendor,
    /// 7: the vendor could not be reached, or did not answer in time.
    Network,
    /// 8: the vendor does not support this operation (nothing was sent).
    Unsupported,
}

impl Class {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Class::Internal => 1,
            Class::Usage => 2,
            Class::Credentials => 3,
            Class::NotFound => 4,
            Class::RateLimited => 5,
            Class::Vendor => 6,
            Class::Network => 7,
            Class::Unsupported => 8,
        }
    }
}

/// The exit-code table, as `--help` shows it (the README has the same table).
pub const TABLE: &str = "\
Exit codes:
  0  success
  1  internal: a failure of this machine or a bug (the sandbox could not start, ...)
  2  usage: bad arguments, date or zone; unknown vendor or bad store name; a refused
     base URL (plain http:// to a host that is not loopback); input refused before sending
  3  credentials: a credential variable is missing, or the vendor refused it (401, 403)
  4  not found: the vendor has no such booking (404)
  5  rate limited: the vendor's limit was hit (429) after the client's pacing and retries
  6  vendor error: the vendor answered an error, or something that could not be read
  7  network: the vendor could not be reached or did not answer in time
  8  unsupported: the vendor does not support this operation (nothing was sent)";

/// A failure of a command: its class and one line of text. The text never holds a secret:
/// credentials are read from the environment and never formatted, and the clients' errors
/// have their secrets removed before they are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    class: Class,
    message: String,
}

impl CliError {
    /// A failure of class `class`.
    pub fn new(class: Class, message: impl Into<String>) -> Self {
        CliError {
            class,
            message: message.into(),
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(Class::Usage, message)
    }

    /// A missing or refused credential (exit 3).
    pub fn credentials(message: impl Into<String>) -> Self {
        CliError::new(Class::Credentials, message)
    }

    /// An internal failure (exit 1).
    pub fn internal(message: impl Into<String>) -> Self {
        CliError::new(Class::Internal, message)
    }

    /// The class.
    #[cfg(test)]
    pub fn class(&self) -> Class {
        self.class
    }

    /// The process exit code.
    pub fn code(&self) -> u8 {
        self.class.code()
    }
}

impl fmt::Display for CliError {
    /// One line: line breaks in a vendor's message become spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one_line: String = self
            .message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        f.write_str(&one_line)
    }
}

/// The class of a client error.
pub fn classify(error: &Error) -> Class {
    match error {
        Error::Unauthorized(_) => Class::Credentials,
        Error::NotFound(_) => Class::NotFound,
        Error::RateLimited { .. } => Class::RateLimited,
        Error::Api(api) => match api.kind {
            ApiErrorKind::Unauthorized | ApiErrorKind::Forbidden => Class::Credentials,
            ApiErrorKind::NotFound => Class::NotFound,
            ApiErrorKind::RateLimited => Class::RateLimited,
            _ => Class::Vendor,
        },
        Error::Validation { .. } | Error::Config(_) => Class::Usage,
        Error::Transport { .. } | Error::Timeout => Class::Network,
        Error::Unsupported { .. } => Class::Unsupported,
        Error::RetriesExhausted { last, .. } => classify(last),
        _ => Class::Vendor,
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        let class = classify(&error);
        let message = match class {
            Class::Credentials => format!("the vendor refused the credentials: {error}"),
            _ => error.to_string(),
        };
        CliError::new(class, message)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;
    use resos::ApiError;
    use std::time::Duration;

    fn api(status: u16) -> Error {
        Error::Api(Box::new(ApiError::new(status)))
    }

    #[test]
    fn every_client_error_has_its_class() {
        let cases = [
            (
                Error::Unauthorized(Box::new(ApiError::new(401))),
                Class::Credentials,
            ),
            (api(403), Class::Credentials),
            (
                Error::NotFound(Box::new(ApiError::new(404))),
                Class::NotFound,
            ),
            (
                Error::RateLimited {
                    retry_after: None,
                    api: None,
                },
                Class::RateLimited,
            ),
            (api(422), Class::Vendor),
            (api(500), Class::Vendor),
            (Error::validation("starts_at", "bad"), Class::Usage),
            (Error::Config("refusing plain http".into()), Class::Usage),
            (Error::Timeout, Class::Network),
            (
                Error::Unsupported {
                    vendor: "v",
                    operation: "availability",
                },
                Class::Unsupported,
            ),
            (
                Error::RetriesExhausted {
                    attempts: 4,
                    elapsed: Duration::from_secs(2),
                    last: Box::new(Error::Timeout),
                },
                Class::Network,
            ),
        ];
        for (error, class) in cases {
            let text = error.to_string();
            assert_eq!(CliError::from(error).class(), class, "{text}");
        }
    }

    #[test]
    fn codes_are_distinct_and_listed_in_the_table() {
        let all = [
            Class::Internal,
            Class::Usage,
            Class::Credentials,
            Class::NotFound,
            Class::RateLimited,
            Class::Vendor,
            Class::Network,
            Class::Unsupported,
        ];
        let mut codes: Vec<u8> = all.iter().map(|c| c.code()).collect();
        codes.dedup();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 8]);
        for code in codes {
            assert!(TABLE.contains(&format!("\n  {code}  ")), "{code}");
        }
    }

    #[test]
    fn the_readme_has_the_same_exit_codes() {
        let readme = include_str!("../../../README.md");
        let mut seen = 0;
        for line in TABLE.lines() {
            let mut words = line.split_whitespace();
            let (Some(code), Some(class)) = (words.next(), words.next()) else {
                continue;
            };
            if code.parse::<u8>().is_err() {
                continue;
            }
            let class = class.trim_end_matches(':');
            assert!(
                readme.contains(&format!("| {code} | {class}")),
                "README lacks | {code} | {class}"
            );
            seen += 1;
        }
        assert_eq!(seen, 9);
    }

    #[test]
    fn the_message_is_one_line() {
        let e = CliError::new(Class::Vendor, "first\nsecond\r\u{1b}[31m");
        assert_eq!(e.to_string(), "first second  [31m");
    }
}
