//! See `bookbridge_fuzz::redact`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bookbridge_fuzz::redact(data);
});
