//! The resOS error body: a text description, not a JSON object (docs/vendors/resos.md §6).

use core_http::error_body::default_message;
use core_http::http::{HeaderMap, StatusCode};
use core_http::{ApiError, ApiErrorKind, ErrorParser};

/// Text of a 422 that means no table can take the booking (docs/vendors/resos.md §6, §8.4).
pub const NO_SUITABLE_TABLE: &str = "no suitable table";

/// Parses resOS error bodies.
///
/// The body is a text description (sometimes with a hint); clients also meet JSON strings and,
/// rarely, JSON objects, so the text is taken as is, a JSON string is unwrapped and a JSON
/// object's `message`/`error` member is used. A 422 whose text mentions
/// [`NO_SUITABLE_TABLE`] becomes [`ApiErrorKind::NoAvailability`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ResosErrorParser;

impl ErrorParser for ResosErrorParser {
    fn parse(&self, status: StatusCode, _headers: &HeaderMap, body: &[u8], error: &mut ApiError) {
        error.message = default_message(status, body);
        if status == StatusCode::UNPROCESSABLE_ENTITY
            && error.message.to_lowercase().contains(NO_SUITABLE_TABLE)
        {
            error.kind = ApiErrorKind::NoAvailability;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> ApiError {
        let mut err = ApiError::new(status);
        let status = StatusCode::from_u16(status).unwrap();
        ResosErrorParser.parse(status, &HeaderMap::new(), body.as_bytes(), &mut err);
        err
    }

    #[test]
    fn text_bodies_become_messages() {
        let e = parse(422, "Unknown key: colour");
        assert_eq!(e.message, "Unknown key: colour");
        assert_eq!(e.kind, ApiErrorKind::Unprocessable);
        let e = parse(400, r#""Bookings cannot be deleted""#);
        assert_eq!(e.message, "Bookings cannot be deleted");
        assert_eq!(e.kind, ApiErrorKind::BadRequest);
    }

    #[test]
    fn no_suitable_table_is_no_availability() {
        let e = parse(422, "Error: No suitable table found for 12 people");
        assert_eq!(e.kind, ApiErrorKind::NoAvailability);
        // Only on 422: the same words on another status keep the status' kind.
        assert_eq!(
            parse(400, "no suitable table").kind,
            ApiErrorKind::BadRequest
        );
    }
}
