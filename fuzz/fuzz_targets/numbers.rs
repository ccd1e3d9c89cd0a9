//! Fuzz target: `marsad_invariants::check_numbers` on arbitrary bytes read as text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(v) = marsad_invariants::check_numbers(&marsad_invariants::text_of(data)) {
        panic!("{v}");
    }
});
