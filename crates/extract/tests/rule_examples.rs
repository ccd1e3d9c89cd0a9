//! The rules' own tests: every example of `data/rules/rules.toml` run through the real
//! extractor, checked against its expectations and against the trace (the rule must fire); the
//! ids in the code and in the file are the same set; and every field of every event of the dev
//! reports (`eval/dev.jsonl`) names at least one rule that decided it.

use std::collections::BTreeSet;
use std::path::Path;

use marsad_extract::rules::{Expect, Rule, RuleBook, RuleExample};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{Event, InputDocument, OutputDocument};

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().expect("embedded resources load"))
}

fn book() -> RuleBook {
    RuleBook::embedded().expect("data/rules/rules.toml loads")
}

fn run(doc_id: &str, text: &str, published: Option<&str>) -> OutputDocument {
    let doc = InputDocument { doc_id: doc_id.into(), text: text.into(), published: published.map(Into::into), source: None, url: None };
    pipeline().extract(&doc, &ExtractOptions { reference_date: None, dropped: true })
}

#[test]
fn the_code_and_the_registry_name_the_same_rules() {
    let book = book();
    let file: Vec<&str> = book.entries().iter().map(|e| e.id.as_str()).collect();
    let unique: BTreeSet<&str> = file.iter().copied().collect();
    assert_eq!(unique.len(), file.len(), "an id is registered twice in rules.toml");
    let code: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    let missing_in_file: Vec<_> = code.difference(&unique).collect();
    let missing_in_code: Vec<_> = unique.difference(&code).collect();
    assert!(missing_in_file.is_empty(), "ids fired by the code but not registered in rules.toml: {missing_in_file:?}");
    assert!(missing_in_code.is_empty(), "ids registered in rules.toml that the code does not know: {missing_in_code:?}");
    for e in book.entries() {
        assert!(e.id.starts_with(&format!("{}.", e.stage)), "{}: its stage is {:?}", e.id, e.stage);
        assert!(!e.fields.is_empty() && !e.description.is_empty() && !e.implements.is_empty(), "{}: fields, description and implements are required", e.id);
    }
}

#[test]
fn every_registered_rule_is_fired_somewhere_in_the_code() {
    // The enum makes every id the code fires a registered one; this checks the converse: each
    // variant is used by the extractor outside its declaration.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut code = String::new();
    for entry in std::fs::read_dir(&src).expect("src readable") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "rules.rs") {
            code.push_str(&std::fs::read_to_string(&path).expect("source readable"));
        }
    }
    let unused: Vec<&str> = Rule::ALL.iter().filter(|r| !code.contains(&format!("Rule::{r:?}"))).map(|r| r.id()).collect();
    assert!(unused.is_empty(), "registered rules that no code fires: {unused:?}");
}

/// Whether the rule appears in the trace of an event or of a dropped word.
fn fired(out: &OutputDocument, id: &str) -> bool {
    out.events.iter().any(|e| e.rules.values().flatten().any(|r| r == id)) || out.dropped.iter().any(|d| d.rule == id)
}

fn name(a: &Option<marsad_model::Actor>) -> Option<&str> {
    a.as_ref().map(|a| a.name_en.as_str())
}

/// What an example gets wrong, if anything.
fn check(id: &str, ex: &RuleExample) -> Vec<String> {
    let out = run(id, &ex.text, Some(ex.published.as_deref().unwrap_or("2025-03-10")));
    let x: &Expect = &ex.expect;
    let mut wrong = Vec::new();
    if x.fires != fired(&out, id) {
        wrong.push(format!("fires: expected {}", x.fires));
    }
    if let Some(n) = x.events {
        if out.events.len() != n {
            wrong.push(format!("events: {} instead of {n}", out.events.len()));
        }
    }
    let wants_event = x.event_type.is_some() || x.sub_event_type.is_some() || x.actor1.is_some() || x.actor2.is_some() || x.location.is_some() || x.fatalities.is_some() || x.injured.is_some() || x.date.is_some();
    if wants_event {
        let k = x.event.unwrap_or(0);
        let Some(e): Option<&Event> = out.events.get(k) else {
            wrong.push(format!("no event {k}"));
            return wrong;
        };
        let mut cmp = |what: &str, got: Option<String>, want: Option<String>| {
            if want.is_some() && got != want {
                wrong.push(format!("{what}: {got:?} instead of {want:?}"));
            }
        };
        cmp("event_type", Some(e.event_type.clone()), x.event_type.clone());
        cmp("sub_event_type", Some(e.sub_event_type.clone()), x.sub_event_type.clone());
        cmp("actor1", name(&e.actor1).map(String::from), x.actor1.clone());
        cmp("actor2", name(&e.actor2).map(String::from), x.actor2.clone());
        cmp("location", e.location.as_ref().map(|l| l.name_ar.clone()), x.location.clone());
        cmp("fatalities", Some(e.fatalities.to_string()), x.fatalities.map(|v| v.to_string()));
        cmp("injured", e.injured.map(|v| v.to_string()), x.injured.map(|v| v.to_string()));
        cmp("date", e.date.clone(), x.date.clone());
    }
    if !wrong.is_empty() {
        let rules: Vec<String> = out.events.iter().map(|e| format!("{:?}", e.rules)).chain(out.dropped.iter().map(|d| format!("dropped {} «{}»", d.rule, d.text))).collect();
        wrong.push(format!("trace: {rules:#?}"));
    }
    wrong
}

#[test]
fn every_example_gives_what_it_expects_and_fires_its_rule() {
    let book = book();
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in book.entries() {
        for (n, ex) in e.examples.iter().enumerate() {
            checked += 1;
            assert!(ex.expect.fires, "{} example {n}: every example says `fires = true`", e.id);
            let wrong = check(&e.id, ex);
            if !wrong.is_empty() {
                failures.push(format!("{} example {n} «{}»:\n  {}", e.id, ex.text, wrong.join("\n  ")));
            }
        }
    }
    assert!(checked > 0, "no example in rules.toml");
    assert!(failures.is_empty(), "{} of {checked} examples fail:\n{}", failures.len(), failures.join("\n"));
}

/// The fields of an event that hold a value.
fn filled(e: &Event) -> Vec<&'static str> {
    let mut f = vec!["event", "event_type", "sub_event_type", "disorder_type", "notes"];
    let pairs: [(&'static str, bool); 11] = [
        ("date", e.date.is_some()),
        ("date_precision", e.date_precision.is_some()),
        ("location", e.location.is_some()),
        ("actor1", e.actor1.is_some()),
        ("actor2", e.actor2.is_some()),
        ("assoc_actor1", !e.assoc_actor1.is_empty()),
        ("assoc_actor2", !e.assoc_actor2.is_empty()),
        ("fatalities", e.fatalities > 0),
        ("injured", e.injured.is_some()),
        ("arrested", e.arrested.is_some()),
        ("interaction", e.interaction.is_some()),
    ];
    f.extend(pairs.iter().filter(|(_, has)| *has).map(|(k, _)| *k));
    if e.civilian_targeting {
        f.push("civilian_targeting");
    }
    f
}

#[test]
fn every_filled_field_of_the_dev_events_names_a_rule() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/dev.jsonl");
    let text = std::fs::read_to_string(&path).expect("eval/dev.jsonl readable");
    let mut events = 0;
    let mut bare = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: InputDocument = serde_json::from_str(line).expect("a dev report");
        let out = run(&doc.doc_id, &doc.text, doc.published.as_deref());
        for (k, e) in out.events.iter().enumerate() {
            events += 1;
            for field in filled(e) {
                if e.rules.get(field).is_none_or(Vec::is_empty) {
                    bare.push(format!("{} event {k}: {field}", doc.doc_id));
                }
            }
        }
        assert!(out.dropped.iter().all(|d| d.rule != Rule::TraceUnattributed.id()), "{}: a dropped word no rule claims: {:?}", doc.doc_id, out.dropped);
    }
    assert!(events > 30, "only {events} events in the dev reports");
    assert!(bare.is_empty(), "fields with no rule: {bare:#?}");
}
