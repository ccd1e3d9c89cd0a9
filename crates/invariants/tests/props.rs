//! Property tests across the layers: mention offsets valid and ordered, and every evidence span
//! inside its document with the text it claims, on Arabic-like text generated from the words of
//! real reports and on real reports (`eval/corpus_dev.jsonl`) cut at random points.
//!
//! Case counts are small: each case runs the whole extractor in a debug build.

use std::sync::OnceLock;

use marsad_invariants::{check_dates, check_extract, check_lexicons, check_numbers, check_places, check_text};
use proptest::prelude::*;

/// The development reports (never the test split) and the words they are made of.
struct Corpus {
    texts: Vec<String>,
    words: Vec<String>,
}

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/corpus_dev.jsonl");
        let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let texts: Vec<String> = src
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .collect();
        let mut words: Vec<String> = texts.iter().flat_map(|t| t.split_whitespace().map(str::to_owned)).collect();
        words.sort();
        words.dedup();
        Corpus { texts, words }
    })
}

/// What goes between words: mostly a space, sometimes punctuation, a line break, or nothing
/// (words glued by scraping).
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "، ", ". ", "\n", " - ", " (", ") ", " \"", "\" ", ""];

/// Text made of real words with odd separators, numbers and now and then any character.
fn arabic_text() -> impl Strategy<Value = String> {
    let n = corpus().words.len();
    let piece = prop_oneof![
        10 => (0..n, prop::sample::select(SEPARATORS))
            .prop_map(|(i, sep)| format!("{}{sep}", corpus().words[i])),
        1 => (0u32..3000).prop_map(|x| format!("{x} ")),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// A development report cut at two random char positions, with or without a date line.
fn report_slice() -> impl Strategy<Value = String> {
    let n = corpus().texts.len();
    (0..n, any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()).prop_map(|(i, a, b, dated)| {
        let chars: Vec<char> = corpus().texts[i].chars().collect();
        let (a, b) = (a.index(chars.len() + 1), b.index(chars.len() + 1));
        let body: String = chars[a.min(b)..a.max(b)].iter().collect();
        // A short first line is the publication date (see marsad_invariants::check_extract).
        if dated { format!("2017-10-11\n{body}") } else { format!("\n{body}") }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn text_core_offsets_and_map(s in arabic_text()) {
        check_text(&s).map_err(|v| TestCaseError::fail(v.0))?;
    }

    #[test]
    fn mention_offsets_are_valid_and_ordered(s in arabic_text()) {
        for check in [check_numbers, check_dates, check_lexicons, check_places] {
            check(&s).map_err(|v| TestCaseError::fail(v.0))?;
        }
    }

    #[test]
    fn evidence_of_generated_text_is_inside_it(s in arabic_text()) {
        check_extract(&format!("2017-10-11\n{s}")).map_err(|v| TestCaseError::fail(v.0))?;
    }

    #[test]
    fn evidence_of_cut_reports_is_inside_them(s in report_slice()) {
        check_extract(&s).map_err(|v| TestCaseError::fail(v.0))?;
    }
}

/// Every whole development report keeps the invariants of every layer.
#[test]
fn every_development_report_keeps_the_invariants() {
    let texts = &corpus().texts;
    assert!(texts.len() > 100, "only {} reports read", texts.len());
    for (i, t) in texts.iter().enumerate() {
        for check in [check_text, check_numbers, check_dates, check_lexicons, check_places] {
            if let Err(v) = check(t) {
                panic!("report {i} of eval/corpus_dev.jsonl: {v}");
            }
        }
        if let Err(v) = check_extract(&format!("\n{t}")) {
            panic!("report {i} of eval/corpus_dev.jsonl: {v}");
        }
    }
}
