//! Whole-report tests on the bundled example reports: evidence offsets point at the words they
//! claim, the seed dates resolve as the coding rules say, and the full output is pinned by
//! insta snapshots (refresh with `cargo insta review` or `INSTA_UPDATE=always cargo test`).

mod common;

use chrono::NaiveDate;
use common::pipeline;
use marsad_extract::ExtractOptions;
use marsad_model::{InputDocument, OutputDocument};

const SY24: &str = include_str!("../../../examples/sy24_jorah_clash.txt");
const POLITICAL_KEYS: &str = include_str!("../../../examples/political_keys_ndf_qaterji.txt");


fn options() -> ExtractOptions {
    ExtractOptions { reference_date: NaiveDate::from_ymd_opt(2026, 11, 22), ..Default::default() }
}

fn run(doc_id: &str, text: &str, published: Option<&str>) -> OutputDocument {
    let doc = InputDocument {
        doc_id: doc_id.into(),
        text: text.into(),
        published: published.map(String::from),
        source: None,
        url: None,
    };
    pipeline().extract(&doc, &options())
}

fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn check_evidence(text: &str, out: &OutputDocument) {
    let n = text.chars().count();
    for e in &out.events {
        assert!(!e.evidence.is_empty(), "event {} has no evidence", e.event_id);
        for ev in &e.evidence {
            assert!(ev.start < ev.end && ev.end <= n, "bad span {ev:?}");
            let covered = char_slice(text, ev.start, ev.end);
            assert_eq!(Some(&covered), ev.text.as_ref(), "span text differs for {ev:?}");
        }
        for field in ["event_type"] {
            assert!(e.evidence.iter().any(|x| x.field == field), "event {} lacks {field} evidence", e.event_id);
        }
        if e.location.is_some() {
            assert!(e.evidence.iter().any(|x| x.field == "location"));
        }
        if e.date.is_some() && e.date_precision.is_some() {
            // A date either comes from a time expression (evidence) or from the report date.
        }
    }
}

#[test]
fn evidence_spans_cover_supporting_words_in_every_example() {
    for (id, text) in [("sy24", SY24), ("political_keys", POLITICAL_KEYS)] {
        let out = run(id, text, None);
        assert!(!out.events.is_empty(), "{id}: no events");
        check_evidence(text, &out);
    }
}

#[test]
fn evidence_fields_name_the_words() {
    let out = run("political_keys", POLITICAL_KEYS, Some("2024-01-13"));
    let asharah = out
        .events
        .iter()
        .find(|e| e.date.as_deref() == Some("2024-01-12"))
        .expect("the al-Asharah clash");
    let by_field = |f: &str| asharah.evidence.iter().filter(|e| e.field == f).filter_map(|e| e.text.clone()).collect::<Vec<_>>();
    assert!(by_field("date").iter().any(|t| t.contains("أمس")), "{:?}", by_field("date"));
    assert!(by_field("location").iter().any(|t| t.contains("العشارة")), "{:?}", by_field("location"));
    assert!(by_field("fatalities").iter().any(|t| t.contains("قتيلين")), "{:?}", by_field("fatalities"));
    assert!(by_field("event_type").iter().any(|t| t.contains("اشتباك")), "{:?}", by_field("event_type"));
}

#[test]
fn asharah_clash_is_dated_from_yesterday_friday_without_published() {
    let out = run("political_keys", POLITICAL_KEYS, None);
    let clash = out
        .events
        .iter()
        .find(|e| e.sub_event_type == "Armed clash" && e.location.as_ref().is_some_and(|l| l.name_ar.contains("العشارة")))
        .expect("a clash in al-Asharah");
    assert_eq!(clash.date.as_deref(), Some("2024-01-12"));
    assert_eq!(clash.date_precision.as_deref(), Some("day"));
    assert_eq!(clash.fatalities, 2);
    assert_eq!(clash.injured, Some(4));
    assert!(out.warnings.iter().any(|w| w.contains("inferred")), "{:?}", out.warnings);
}

#[test]
fn buqrus_clash_five_days_before() {
    let out = run("political_keys", POLITICAL_KEYS, Some("2024-01-13"));
    let clash = out
        .events
        .iter()
        .find(|e| e.location.as_ref().is_some_and(|l| l.name_ar.contains("بقرص")))
        .expect("a clash in Buqrus");
    assert_eq!(clash.date.as_deref(), Some("2024-01-08"));
    assert_eq!(clash.date_precision.as_deref(), Some("week"));
    assert_eq!(clash.fatalities, 1);
    assert_eq!(clash.injured, Some(3));
}

#[test]
fn jorah_clash_has_no_date_and_six_injured() {
    let out = run("sy24", SY24, None);
    let clash = out
        .events
        .iter()
        .find(|e| e.sub_event_type == "Armed clash")
        .expect("the al-Jorah clash");
    assert_eq!(clash.date, None);
    let loc = clash.location.as_ref().expect("a location");
    assert!(loc.name_ar.contains("الجورة"), "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(clash.injured, Some(6));
    let names: Vec<&str> = [&clash.actor1, &clash.actor2].iter().filter_map(|a| a.as_ref()).map(|a| a.name_en.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("NDF")), "{names:?}");
}

#[test]
fn snapshots_of_whole_reports() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.bind(|| {
        insta::assert_json_snapshot!("sy24_jorah_clash", run("sy24_jorah_clash.txt", SY24, None));
        insta::assert_json_snapshot!(
            "political_keys_ndf_qaterji",
            run("political_keys_ndf_qaterji.txt", POLITICAL_KEYS, Some("2024-01-13"))
        );
    });
}

#[test]
fn a_report_with_no_event_gives_no_event() {
    let text = "قال وزير الخارجية السوري اليوم إن دمشق لن تسمح بانتهاك سيادة الدولة، مؤكدا أن الحوار هو السبيل الوحيد.";
    let out = run("statement", text, Some("2017-10-11"));
    assert!(out.events.is_empty(), "{:?}", out.events);
}
