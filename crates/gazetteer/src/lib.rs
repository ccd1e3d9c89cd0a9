//! The Syria gazetteer (being written).
