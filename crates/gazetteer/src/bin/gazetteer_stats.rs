//! Corpus statistics for the stoplist: reads JSONL reports (`text` field) on stdin, finds
//! mentions with the gazetteer in `data/gazetteer` (stoplist ignored), and prints how often each
//! name was taken *without* a cue word, most frequent first, with how often it appeared cued.
//!
//! Usage: `zcat corpus/*.jsonl.gz | cargo run -p marsad-gazetteer --features build --bin
//! gazetteer-stats -- data/gazetteer > /tmp/uncued.tsv`

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use marsad_gazetteer::{Gazetteer, Sources};
use marsad_text::AlignedText;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "data/gazetteer".into());
    let dir = Path::new(&dir);
    let read = |f: &str| std::fs::read_to_string(dir.join(f));
    let (places, overlay, cues) = (read("places.tsv")?, read("overlay.tsv")?, read("cues.tsv")?);
    let g = Gazetteer::from_sources(Sources { places: &places, overlay: &overlay, cues: &cues, stopnames: "" }, &[])?;
    let mut counts: HashMap<String, (u32, u32, u32)> = HashMap::new();
    let mut docs = 0;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
        docs += 1;
        let t = AlignedText::new(text);
        let norm = t.normalized();
        let mut seen: Vec<&str> = Vec::new();
        for m in g.find_mentions(norm) {
            if m.candidates.is_empty() {
                continue;
            }
            let key = &norm[m.name_range.clone()];
            let e = counts.entry(key.to_string()).or_default();
            if m.cue.is_none() {
                e.0 += 1;
                if !seen.contains(&key) {
                    e.2 += 1;
                    seen.push(key);
                }
            } else {
                e.1 += 1;
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().filter(|(_, c)| c.0 > 0).collect();
    v.sort_by(|a, b| b.1 .2.cmp(&a.1 .2));
    println!("# {docs} documents\nname\tuncued\tcued\tdocs_uncued");
    for (k, (u, c, d)) in v {
        println!("{k}\t{u}\t{c}\t{d}");
    }
    Ok(())
}
