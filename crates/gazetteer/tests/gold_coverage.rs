//! Coverage of the annotated gold locations: for every gold event location in `eval/dev.jsonl`
//! and `eval/seeds.jsonl`, is there a mention whose text matches the gold `name_ar` and, when
//! resolved, the gold governorate? Prints a report (`cargo test -p marsad-gazetteer --test
//! gold_coverage -- --nocapture`) and fails when coverage falls below the floors, or when a
//! resolved place lacks coordinates or a governorate.

/// Gold locations found (of 53), and found with the gold governorate. Floors only rise.
const FOUND_FLOOR: usize = 52;
const ADMIN1_FLOOR: usize = 50;

use marsad_gazetteer::Gazetteer;
use marsad_text::lexicon::normalize_key;
use marsad_text::AlignedText;

fn strip(s: &str) -> String {
    normalize_key(s).split(' ').map(|w| w.strip_prefix("ال").unwrap_or(w).to_string()).collect::<Vec<_>>().join(" ")
}

#[test]
fn gold_location_coverage() {
    let g = Gazetteer::embedded().expect("loads");
    let (mut total, mut found, mut admin_ok) = (0, 0, 0usize);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval");
    for file in ["seeds.jsonl", "dev.jsonl"] {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("eval file present");
        for line in text.lines() {
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let body = doc["text"].as_str().unwrap_or("");
            let t = AlignedText::new(body);
            let norm = t.normalized();
            let mentions = g.find_mentions(norm);
            let resolved = g.resolve(norm, &mentions);
            for r in &resolved {
                if r.place.is_some() {
                    assert!(r.lat.is_some() && r.lon.is_some() && r.admin1.is_some(), "resolved without coordinates/admin1: {r:?}");
                }
            }
            for ev in doc["events"].as_array().into_iter().flatten() {
                let loc = &ev["location"];
                let Some(name) = loc["name_ar"].as_str() else { continue };
                total += 1;
                let gold = strip(name);
                let hit = resolved.iter().zip(&mentions).find(|(r, m)| {
                    let a = strip(&r.name_ar);
                    let b = strip(&norm[m.name_range.clone()]);
                    !b.is_empty() && (gold.contains(&b) || a.contains(&gold) || b.contains(&gold))
                });
                let doc_id = doc["doc_id"].as_str().unwrap_or("?");
                match hit {
                    Some((r, _)) => {
                        found += 1;
                        let ok = r.admin1.as_deref() == loc["admin1"].as_str();
                        admin_ok += usize::from(ok);
                        eprintln!(
                            "FOUND {doc_id:<16} {name:<28} -> {} | {:?} | {:?} prec {}{}",
                            r.name_ar,
                            r.name_en,
                            r.admin1,
                            r.geo_precision,
                            if ok { "" } else { "  (admin1 differs)" }
                        );
                    }
                    None => eprintln!("MISS  {doc_id:<16} {name}"),
                }
            }
        }
    }
    eprintln!("gold locations: {total}, found {found}, admin1 right {admin_ok}");
    assert!(found >= FOUND_FLOOR, "gold locations found {found} < floor {FOUND_FLOOR}");
    assert!(admin_ok >= ADMIN1_FLOOR, "gold locations with the right governorate {admin_ok} < floor {ADMIN1_FLOOR}");
}
