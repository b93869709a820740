//! Any bytes decode into every resource_guru response model or fail with a path; never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bookbridge_fuzz::decode_all(bookbridge_fuzz::RESOURCE_GURU, data);
});
