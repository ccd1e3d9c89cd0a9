//! `dedup-report EXTRACTED.jsonl [--corpus CORPUS.jsonl.gz] [--pairs OUT.jsonl]`: clusters every
//! event of a `marsad extract` run across reports and prints the merge rate. Given the input
//! corpus, it also reads each report's URL and, for the fact-check corpus, its claim, and counts
//! merges within one claim and across claims. `--pairs` writes every merge link and every
//! unmerged pair of same-type events of two reports about one claim, for a hand check.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Parser;
use marsad_dedup::{cluster, combine, compare, SourcedEvent, Verdict};
use marsad_model::{Event, OutputDocument};
use serde::Deserialize;
use serde_json::json;

#[derive(Parser)]
#[command(about = "Cross-report deduplication over a `marsad extract` output: merge rates and pairs to check")]
struct Args {
    /// Output of `marsad extract` (JSONL).
    extracted: PathBuf,
    /// The input corpus (.jsonl or .jsonl.gz): URLs, publication dates and (fact-check corpus) claims.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Write merge links and unmerged same-claim pairs here (JSONL).
    #[arg(long)]
    pairs: Option<PathBuf>,
}

/// What the corpus says about a report beyond its text.
#[derive(Deserialize, Default, Clone)]
struct Meta {
    doc_id: String,
    #[serde(default)]
    claim_id: Option<String>,
    #[serde(default)]
    stance: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let read: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") { Box::new(flate2::read::GzDecoder::new(file)) } else { Box::new(file) };
    Ok(Box::new(BufReader::new(read)))
}

/// Reads JSON lines; a bad line is reported with its number and skipped.
fn read_lines<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for (n, line) in open(path)?.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: unreadable", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&line) {
            Ok(v) => out.push(v),
            Err(e) => eprintln!("{}:{}: skipped: {e}", path.display(), n + 1),
        }
    }
    Ok(out)
}

/// The outlet: the source given, else the host of the URL.
fn outlet(meta: &Meta, doc: &OutputDocument) -> Option<String> {
    doc.source.clone().or_else(|| meta.source.clone()).or_else(|| {
        let url = meta.url.as_deref()?;
        let host = url.split("://").nth(1)?.split('/').next()?;
        Some(host.trim_start_matches("www.").to_string())
    })
}

fn brief(e: &Event) -> String {
    let place = e.location.as_ref().map_or("-".to_string(), |l| format!("{} [{}]", l.name_en.as_deref().unwrap_or(&l.name_ar), l.geo_precision.unwrap_or(0)));
    let side = |a: &Option<marsad_model::Actor>| a.as_ref().map_or("-".to_string(), |a| a.id.clone());
    format!("{} | {} | {} | {} vs {} | killed {}", e.event_id, e.sub_event_type, place, side(&e.actor1), side(&e.actor2), e.fatalities)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let docs: Vec<OutputDocument> = read_lines(&args.extracted)?;
    let meta: HashMap<String, Meta> = match &args.corpus {
        Some(p) => read_lines::<Meta>(p)?.into_iter().map(|m| (m.doc_id.clone(), m)).collect(),
        None => HashMap::new(),
    };
    let mut events = Vec::new();
    for doc in &docs {
        let m = meta.get(&doc.doc_id).cloned().unwrap_or_default();
        for e in &doc.events {
            events.push(SourcedEvent {
                doc_id: doc.doc_id.clone(),
                source: outlet(&m, doc),
                url: m.url.clone(),
                published: doc.published.clone().or(m.published.clone()),
                event: e.clone(),
            });
        }
    }
    let claim = |i: usize| meta.get(&events[i].doc_id).and_then(|m| m.claim_id.clone());
    let groups = cluster(&events);
    let multi: Vec<_> = groups.iter().filter(|g| g.sources(&events) >= 2).collect();
    let merged_events: usize = multi.iter().map(|g| g.members.len()).sum();
    let (mut links_within, mut links_across) = (0, 0);
    // Links by kind: the same page crawled twice, two pages of one outlet, two outlets.
    let mut link_kinds: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut pairs_out = args.pairs.as_ref().map(|p| File::create(p).map(BufWriter::new).with_context(|| format!("{}: cannot write", p.display()))).transpose()?;
    for g in &multi {
        for l in &g.links {
            let within = claim(l.anchor).is_some() && claim(l.anchor) == claim(l.member);
            if within { links_within += 1 } else { links_across += 1 }
            let (a, b) = (&events[l.anchor], &events[l.member]);
            let kind = if a.url.is_some() && a.url == b.url {
                "same URL"
            } else if a.source.is_some() && a.source == b.source {
                "same outlet, other page"
            } else {
                "different outlets"
            };
            *link_kinds.entry((kind, if within { "within one claim" } else { "across claims" })).or_default() += 1;
            if let Some(w) = pairs_out.as_mut() {
                let rec = json!({"kind": "merge", "within_claim": within, "same_url": events[l.anchor].url.is_some() && events[l.anchor].url == events[l.member].url,
                    "a": {"doc": events[l.anchor].doc_id, "claim": claim(l.anchor), "event": brief(&events[l.anchor].event)},
                    "b": {"doc": events[l.member].doc_id, "claim": claim(l.member), "event": brief(&events[l.member].event)},
                    "reasons": l.reasons,
                    "disagreements": combine(&g.members(&events)).map(|c| c.disagreements).unwrap_or_default()});
                writeln!(w, "{rec}")?;
            }
        }
    }
    let groups_mixed = multi.iter().filter(|g| g.members.iter().any(|&m| claim(m) != claim(g.anchor()))).count();

    // Unmerged same-type pairs of reports about one claim (stance agree/discuss), by failing criterion.
    let group_of: HashMap<usize, usize> = groups.iter().enumerate().flat_map(|(gi, g)| g.members.iter().map(move |&m| (m, gi))).collect();
    let mut by_claim: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let on_topic = meta.get(&e.doc_id).and_then(|m| m.stance.as_deref()).is_some_and(|s| s == "agree" || s == "discuss");
        if let (Some(c), true) = (claim(i), on_topic) {
            by_claim.entry(c).or_default().push(i);
        }
    }
    let (mut same_claim_pairs, mut same_claim_merged) = (0, 0);
    let mut misses: BTreeMap<String, usize> = BTreeMap::new();
    for members in by_claim.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if events[a].doc_id == events[b].doc_id || events[a].event.event_type != events[b].event.event_type {
                    continue;
                }
                same_claim_pairs += 1;
                if group_of.get(&a) == group_of.get(&b) {
                    same_claim_merged += 1;
                    continue;
                }
                let reason = match compare(&events[a], &events[b]) {
                    Verdict::Different { reason } => reason,
                    Verdict::Same { .. } => "guard: same as each other, not with the anchor of a group, or report already in it".into(),
                };
                *misses.entry(reason.split(':').next().unwrap_or("").to_string()).or_default() += 1;
                if let Some(w) = pairs_out.as_mut() {
                    let rec = json!({"kind": "unmerged", "claim": claim(a),
                        "a": {"doc": events[a].doc_id, "event": brief(&events[a].event)},
                        "b": {"doc": events[b].doc_id, "event": brief(&events[b].event)},
                        "reason": reason});
                    writeln!(w, "{rec}")?;
                }
            }
        }
    }
    if let Some(mut w) = pairs_out {
        w.flush()?;
    }

    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!("reports: {}, events: {}", docs.len(), events.len());
    println!("groups: {} ({} with two or more reports)", groups.len(), multi.len());
    println!("events merged: {} of {} ({:.1}%)", merged_events, events.len(), pct(merged_events, events.len()));
    println!("events removed as duplicates: {} ({:.1}%)", merged_events - multi.len(), pct(merged_events - multi.len(), events.len()));
    if !meta.is_empty() {
        println!("merge links: {} within one claim, {} across claims ({:.1}% within)", links_within, links_across, pct(links_within, links_within + links_across));
        for ((kind, claims), n) in &link_kinds {
            println!("  {kind}, {claims}: {n}");
        }
        println!("groups spanning claims: {} of {}", groups_mixed, multi.len());
        println!("same-claim same-type event pairs (stance agree/discuss, different reports): {}, merged {} ({:.1}%)", same_claim_pairs, same_claim_merged, pct(same_claim_merged, same_claim_pairs));
        for (criterion, n) in &misses {
            println!("  not merged, first failing criterion {criterion}: {n}");
        }
    }
    Ok(())
}
