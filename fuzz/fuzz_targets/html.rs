//! Fuzz target: `marsad_invariants::check_html_bytes` on arbitrary bytes read as a fetched page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(v) = marsad_invariants::check_html_bytes(data) {
        panic!("{v}");
    }
});
