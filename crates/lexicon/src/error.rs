//! Errors from loading lexicon files.

/// A lexicon file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not valid TOML of the expected shape.
    #[error("{file}: {message}")]
    Parse {
        /// Which lexicon file.
        file: String,
        /// What is wrong, with the line when known.
        message: String,
    },
    /// An entry is well-formed TOML but makes no sense (unknown event type, empty key, ...).
    #[error("{file}: entry {entry}: {message}")]
    Invalid {
        /// Which lexicon file.
        file: String,
        /// The entry's id or key.
        entry: String,
        /// What is wrong.
        message: String,
    },
    /// The keys could not be compiled into a matcher.
    #[error("{file}: {source}")]
    Matcher {
        /// Which lexicon file.
        file: String,
        /// The matcher's complaint.
        source: marsad_text::lexicon::BuildError,
    },
}
