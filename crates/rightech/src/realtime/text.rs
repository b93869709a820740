//! Cutting server-supplied text before it reaches an item or a log line.

/// Longest server-supplied text kept in a [`super::Signal::Reconnecting`] reason, an error
/// or a log line (in bytes, cut at a character boundary).
pub const REASON_MAX: usize = 200;

/// `text`, cut to at most `max` bytes at a character boundary, with `…` and the full length
/// appended when it was cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end).unwrap_or_default();
    format!("{head}… ({} bytes)", text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_char_boundaries() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("ééé", 3), "é… (6 bytes)");
        assert_eq!(cut(&"x".repeat(1000), 4), "xxxx… (1000 bytes)");
    }
}
