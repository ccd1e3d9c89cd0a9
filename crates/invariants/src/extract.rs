//! Checks of the whole extractor: evidence spans and the JSON record.

use std::sync::OnceLock;

use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{InputDocument, OutputDocument};
use serde_json::Value;

use crate::{ensure, Violation};

/// The embedded pipeline, built once per process.
pub(crate) fn pipeline() -> Result<&'static Pipeline, Violation> {
    static P: OnceLock<Result<Pipeline, String>> = OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Violation(format!("embedded pipeline does not load: {e}")))
}

/// The options every check extracts with: a fixed reference day, dropped event words kept.
pub(crate) fn options() -> ExtractOptions {
    ExtractOptions { reference_date: NaiveDate::from_ymd_opt(2018, 1, 13), dropped: true }
}

/// The longest first line read as a publication date rather than as report text.
const MAX_DATE_LINE: usize = 32;

/// Reads a fuzz input as a report: a short first line is its publication date (so that odd
/// dates reach the date logic too), the rest its text.
fn document_of(input: &str) -> InputDocument {
    let (published, text) = match input.split_once('\n') {
        Some((first, rest)) if first.len() <= MAX_DATE_LINE => (Some(first.to_owned()), rest),
        _ => (None, input),
    };
    InputDocument { doc_id: "fuzz".into(), text: text.to_owned(), published, source: None, url: None }
}

/// Extracts a report (see [`document_of`] for how the input is read) with a fixed reference
/// day and checks the record with [`check_extract_document`].
///
/// # Errors
/// The first invariant the record breaks.
pub fn check_extract(input: &str) -> Result<(), Violation> {
    let doc = document_of(input);
    let out = pipeline()?.extract(&doc, &options());
    check_extract_document(&doc, &out)
}

/// Checks the record extracted from `doc`: it survives a JSON round trip, and every evidence
/// span in it is inside the text with the text it claims ([`check_evidence`]).
///
/// # Errors
/// The first invariant the record breaks.
pub fn check_extract_document(doc: &InputDocument, out: &OutputDocument) -> Result<(), Violation> {
    let json = serde_json::to_value(out).map_err(|e| Violation(format!("record does not serialise: {e}")))?;
    let line = json.to_string();
    let back: Result<OutputDocument, _> = serde_json::from_str(&line);
    ensure!(back.as_ref().is_ok_and(|b| b == out), "record does not survive JSON: {line}");
    check_evidence(&doc.text, &json)
}

/// Every `evidence` list anywhere in a JSON record (events, entities, relations, and whatever is
/// added later) holds spans with `start <= end <= ` the text's length in chars, whose `text`,
/// when given, is the text's chars `start..end`.
///
/// # Errors
/// The first span that breaks it, with where it sits in the record.
pub fn check_evidence(text: &str, record: &Value) -> Result<(), Violation> {
    let chars: Vec<char> = text.chars().collect();
    walk(&chars, record, &mut String::new())
}

fn walk(chars: &[char], v: &Value, path: &mut String) -> Result<(), Violation> {
    match v {
        Value::Object(map) => {
            for (key, value) in map {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                if key == "evidence" {
                    check_spans(chars, value, path)?;
                }
                walk(chars, value, path)?;
                path.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(chars, item, path)?;
                path.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_spans(chars: &[char], spans: &Value, path: &str) -> Result<(), Violation> {
    let Some(list) = spans.as_array() else {
        return Err(Violation(format!("{path} is not a list")));
    };
    for (i, span) in list.iter().enumerate() {
        let (start, end) = (span["start"].as_u64(), span["end"].as_u64());
        let (Some(start), Some(end)) = (start.map(|x| x as usize), end.map(|x| x as usize)) else {
            return Err(Violation(format!("{path}[{i}] has no start/end: {span}")));
        };
        ensure!(start <= end && end <= chars.len(), "{path}[{i}] {start}..{end} lies outside a {}-char text", chars.len());
        if let Some(claimed) = span.get("text").and_then(Value::as_str) {
            let actual: String = chars[start..end].iter().collect();
            ensure!(claimed == actual, "{path}[{i}] {start}..{end} claims {claimed:?}, the text there is {actual:?}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(start: u64, end: u64, text: &str) -> Value {
        serde_json::json!({"events": [{"evidence": [{"field": "location", "start": start, "end": end, "text": text}]}]})
    }

    #[test]
    fn evidence_that_claims_its_text_passes() {
        assert_eq!(check_evidence("قتل ثلاثة في حي الجورة", &record(13, 22, "حي الجورة")), Ok(()));
    }

    #[test]
    fn evidence_with_other_text_or_outside_the_document_fails() {
        let text = "قتل ثلاثة في حي الجورة";
        let wrong = check_evidence(text, &record(12, 21, "حي الجورة")).unwrap_err();
        assert!(wrong.0.contains(".events[0].evidence[0] 12..21 claims"), "{wrong}");
        assert!(check_evidence(text, &record(13, 23, "حي الجورة")).is_err());
        assert!(check_evidence(text, &record(20, 13, "")).is_err());
    }
}
