//! See `bookbridge_fuzz::custom_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bookbridge_fuzz::custom_query(data);
});
