//! The invariants every layer of marsad keeps on any input, as checks shared by the fuzz
//! targets (`fuzz/`), the seed regression test and the property tests.
//!
//! A check runs one layer on a text and returns the first broken promise as a [`Violation`]
//! instead of panicking: libFuzzer turns it into a panic, `cargo test` into a failure message.
//! A panic inside the layer itself is not caught here; both callers report it as it is.
#![deny(missing_docs)]

mod extract;
mod html;
mod layers;
mod spans;

pub use extract::{check_evidence, check_extract, check_extract_document};
pub use html::{check_html, check_html_bytes};
pub use layers::{check_dates, check_lexicons, check_numbers, check_places, check_text};

/// A broken invariant: which layer, what was promised, and the values that break it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Violation(pub String);

/// Returns a [`Violation`] with the formatted message when the condition is false.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err($crate::Violation(format!($($msg)+)));
        }
    };
}
pub(crate) use ensure;

/// A check of one layer over a text.
pub type Check = fn(&str) -> Result<(), Violation>;

/// Every fuzz target with its check, by the name of its directory under `fuzz/seeds/` (and of
/// its file under `fuzz/fuzz_targets/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("text", check_text),
    ("numbers", check_numbers),
    ("dates", check_dates),
    ("lexicons", check_lexicons),
    ("places", check_places),
    ("extract", check_extract),
    ("html", check_html),
];

/// Turns a fuzzer's bytes into text the way marsad's readers would see it: invalid UTF-8 is
/// refused by the readers, so it is replaced rather than wasted.
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
