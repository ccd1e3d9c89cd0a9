//! Knowledge as data. Each module loads one reviewed file of `data/lexicon/` (embedded at build
//! time, or read from a path a user gives) and compiles it into a [`marsad_text::LexiconMatcher`]:
//! who the armed actors are and what they are called ([`actors`]), which words report which
//! ACLED event types ([`triggers`]), and how Arabic reports say when ([`time`]).
#![deny(missing_docs)]

pub mod actors;
pub mod error;
pub mod time;
pub mod triggers;

pub use error::LexiconError;
