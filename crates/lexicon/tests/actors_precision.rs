//! Precision survey, not a regression test: run with
//! `MARSAD_CORPUS_TXT=/path/one-doc-per-line.txt cargo test -p marsad-lexicon --test actors_precision -- --ignored --nocapture`
//! It counts actor mentions per entry and prints samples of weak and unknown mentions so that a
//! reader can eyeball false positives.

use std::collections::BTreeMap;

use marsad_lexicon::actors::{ActorLexicon, ActorRef};
use marsad_text::AlignedText;

#[test]
#[ignore]
fn survey() {
    let Ok(path) = std::env::var("MARSAD_CORPUS_TXT") else { return };
    let Ok(src) = std::fs::read_to_string(&path) else { return };
    let lex = ActorLexicon::embedded().expect("loads");
    let sample: usize = std::env::var("MARSAD_SAMPLE_EVERY").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let (mut n, mut docs) = (0usize, 0usize);
    for line in src.lines() {
        docs += 1;
        let t = AlignedText::new(line);
        let norm = t.normalized();
        for m in lex.find(norm) {
            n += 1;
            let ctx = |r: std::ops::Range<usize>| {
                let s = norm[..r.start].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
                let e = norm[r.end..].char_indices().nth(30).map_or(norm.len(), |(i, _)| r.end + i);
                format!("{}[{}]{}", &norm[s..r.start], &norm[r.clone()], &norm[r.end..e])
            };
            match m.actor {
                ActorRef::Known(i) => {
                    let c = per.entry(lex.entries()[i].id.clone()).or_default();
                    c.0 += 1;
                    if m.weak {
                        c.1 += 1;
                    }
                    if m.head.is_some() {
                        c.2 += 1;
                    }
                    if n % sample == 0 {
                        println!("{:<24} {} {}", lex.entries()[i].id, if m.weak { "W" } else { " " }, ctx(m.range.clone()));
                    }
                }
                ActorRef::Unknown => {
                    *unknown.entry(norm[m.name_range.clone()].to_string()).or_default() += 1;
                }
            }
        }
    }
    println!("docs {docs}, mentions {n}");
    for (id, (c, w, h)) in &per {
        println!("{id:<28} {c:>6} weak {w:>5} headed {h:>5}");
    }
    let mut u: Vec<_> = unknown.into_iter().collect();
    u.sort_by(|a, b| b.1.cmp(&a.1));
    println!("unknown names: {}", u.len());
    for (k, v) in u.iter().take(60) {
        println!("  {v:>4} {k}");
    }
}
