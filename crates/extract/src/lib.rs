//! The extraction pipeline: from one report to ACLED-style events with evidence.
#![deny(missing_docs)]

use chrono::NaiveDate;
use marsad_model::{InputDocument, OutputDocument};

/// Errors from building the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A lexicon failed to load.
    #[error(transparent)]
    Lexicon(#[from] marsad_lexicon::LexiconError),
}

/// Per-run settings.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The day that counts as "now" when a report carries neither a publication date nor a
    /// year: the latest year not after it is chosen for "Saturday 13 January". `None` leaves such
    /// dates null.
    pub reference_date: Option<NaiveDate>,
}

/// The loaded resources (gazetteer, lexicons), built once and shared by every thread.
#[derive(Debug)]
pub struct Pipeline {}

impl Pipeline {
    /// Builds the pipeline from the resources embedded in the binary.
    ///
    /// # Errors
    /// When an embedded resource fails to load (a build defect).
    pub fn embedded() -> Result<Self, ExtractError> {
        Ok(Pipeline {})
    }

    /// Extracts the events of one report.
    pub fn extract(&self, doc: &InputDocument, _options: &ExtractOptions) -> OutputDocument {
        OutputDocument {
            doc_id: doc.doc_id.clone(),
            source: doc.source.clone(),
            published: doc.published.clone(),
            ..Default::default()
        }
    }
}
