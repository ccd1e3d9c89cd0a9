//! The Arabic text core of marsad: normalisation that keeps a byte map back to the original,
//! and one lexicon-matching mechanism shared by every word list. No I/O, no knowledge of
//! conflict: the facts live in `data/` and the crates that load it.
#![deny(missing_docs)]

pub mod lexicon;
pub mod normalize;
pub mod numbers;
pub mod sentences;
pub mod tokens;

pub use lexicon::{LexiconMatch, LexiconMatcher, MatchOptions};
pub use normalize::AlignedText;
pub use numbers::{find_quantities, parse_number_word, Approx, Quantity, Vague};
pub use sentences::{split_clauses, split_sentences};
pub use tokens::{
    is_arabic_letter, proclitic_host, strip_prefix, strip_suffix, tokenize, Token, TokenKind,
};
