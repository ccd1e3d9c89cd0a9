//! Extraction (being written).
