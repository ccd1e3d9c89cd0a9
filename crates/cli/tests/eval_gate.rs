//! The regression gate: the engine's scores on the annotated reports in `eval/` must not fall
//! below the floors in `eval/floors.toml`, which only ever rise.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads `key = number` under `[section]` from the floors file (a tiny subset of TOML, so the
/// test needs no parser dependency).
fn floor(section: &str, key: &str) -> f64 {
    let text = std::fs::read_to_string(repo().join("eval/floors.toml")).expect("eval/floors.toml");
    let mut in_section = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == format!("[{section}]");
        } else if in_section {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    return v.trim().parse().expect("a number");
                }
            }
        }
    }
    panic!("no {key} under [{section}] in eval/floors.toml");
}

fn summary(gold: &str) -> (f64, f64) {
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .current_dir(repo())
        .args(["eval", gold, "--reference-date", "none"])
        .output()
        .expect("run marsad eval");
    assert!(out.status.success(), "marsad eval failed: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().expect("a summary line");
    let get = |key: &str| -> f64 {
        last.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {last:?}"))
    };
    println!("{gold}: {last}");
    (get("event_f1"), get("strict"))
}

/// Fails when `gold`'s scores fall below the floors of `section`.
fn gate(section: &str, gold: &str) {
    let (f1, strict) = summary(gold);
    assert!(f1 >= floor(section, "event_f1"), "{gold}: event F1 {f1} fell below its floor");
    assert!(strict >= floor(section, "strict"), "{gold}: strict {strict} fell below its floor");
}

#[test]
fn seeds_do_not_regress() {
    gate("seeds", "eval/seeds.jsonl");
}

#[test]
fn dev_does_not_regress() {
    gate("dev", "eval/dev.jsonl");
}

#[test]
fn corpus_dev_does_not_regress() {
    gate("corpus_dev", "eval/corpus_dev.jsonl");
}

#[test]
fn corpus_test_does_not_regress() {
    gate("corpus_test", "eval/corpus_test.jsonl");
}
