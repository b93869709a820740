//! See `bookbridge_fuzz::fixture_loader`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bookbridge_fuzz::fixture_loader(data);
});
