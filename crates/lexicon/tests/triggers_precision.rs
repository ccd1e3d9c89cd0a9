//! Precision survey, not a regression test: run with
//! `MARSAD_CORPUS_TXT=/path/one-doc-per-line.txt cargo test -p marsad-lexicon --test triggers_precision -- --ignored --nocapture`
//! Counts trigger mentions per entry and prints a sample of each, with context, to eyeball.

use std::collections::BTreeMap;

use marsad_lexicon::triggers::TriggerLexicon;
use marsad_text::AlignedText;

#[test]
#[ignore]
fn survey() {
    let Ok(path) = std::env::var("MARSAD_CORPUS_TXT") else { return };
    let Ok(src) = std::fs::read_to_string(&path) else { return };
    let lex = TriggerLexicon::embedded().expect("loads");
    let every: usize = std::env::var("MARSAD_SAMPLE_EVERY").ok().and_then(|s| s.parse().ok()).unwrap_or(150);
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0usize;
    for line in src.lines() {
        let t = AlignedText::new(line);
        let norm = t.normalized();
        for m in lex.find(norm) {
            n += 1;
            let id = &lex.entries()[m.entry].id;
            *per.entry(id.clone()).or_default() += 1;
            if n % every == 0 {
                let r = m.range.clone();
                let s = norm[..r.start].char_indices().rev().nth(35).map_or(0, |(i, _)| i);
                let e = norm[r.end..].char_indices().nth(35).map_or(norm.len(), |(i, _)| r.end + i);
                println!("{id:<22} {}[{}]{}", &norm[s..r.start], &norm[r.clone()], &norm[r.end..e]);
            }
        }
    }
    println!("trigger mentions {n}");
    for (id, c) in &per {
        println!("{id:<24} {c:>6}");
    }
}
