//! `marsad places`: what the geocoder finds in a text and why — each place mention, its cue
//! word, relation and region, the candidates with their scores and reasons, the chosen place
//! and its precision — as text for analysts or as JSON.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;

use anyhow::Context as _;
use marsad_gazetteer::{Gazetteer, PlaceMention, ResolvedPlace};
use serde_json::{json, Value};

use crate::Status;

/// Arguments of `marsad places`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arabic text to geocode (or `-` for standard input).
    #[arg(conflicts_with = "file")]
    pub text: Option<String>,
    /// Read the text from a file instead.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print JSON (one object with a `mentions` array) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Extra overlay files (`overlay.tsv` format) on top of the embedded gazetteer.
    #[arg(long, value_name = "TSV")]
    pub overlay: Vec<PathBuf>,
}

/// Runs `marsad places`.
///
/// # Errors
/// When the gazetteer or an overlay cannot be loaded or the output cannot be written. An empty or
/// unreadable text is an input error (exit 1).
pub fn run(args: Args) -> anyhow::Result<Status> {
    // Input problems are named like those of the other subcommands and give exit 1.
    let (origin, read) = match (&args.text, &args.file) {
        (_, Some(path)) => (path.display().to_string(), std::fs::read_to_string(path)),
        (Some(t), None) if t != "-" => ("text".to_owned(), Ok(t.clone())),
        _ => {
            let mut s = String::new();
            ("stdin".to_owned(), std::io::stdin().read_to_string(&mut s).map(|_| s))
        }
    };
    let text = match read {
        Ok(text) if text.trim().is_empty() => {
            eprintln!("marsad: {origin}: empty input");
            return Ok(Status::InputErrors);
        }
        Ok(text) => text,
        Err(e) => {
            let problem = if e.kind() == std::io::ErrorKind::InvalidData {
                "not UTF-8".to_owned()
            } else {
                crate::input::io_message(&e)
            };
            eprintln!("marsad: {origin}: {problem}");
            return Ok(Status::InputErrors);
        }
    };
    let owned;
    let g: &Gazetteer = if args.overlay.is_empty() {
        Gazetteer::embedded()?
    } else {
        let texts = args
            .overlay
            .iter()
            .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        owned = Gazetteer::with_user_overlays(&texts)?;
        &owned
    };
    let aligned = marsad_gazetteer::AlignedText::new(&text);
    let norm = aligned.normalized();
    let mentions = g.find_mentions(norm);
    let resolved = g.resolve(norm, &mentions);
    let mut out = std::io::stdout().lock();
    if args.json {
        let items: Vec<Value> =
            mentions.iter().zip(&resolved).enumerate().map(|(i, (m, r))| mention_json(g, &aligned, i, m, r)).collect();
        serde_json::to_writer_pretty(&mut out, &json!({ "mentions": items }))?;
        writeln!(out)?;
    } else {
        if mentions.is_empty() {
            writeln!(out, "no place mentions found")?;
        }
        for (i, (m, r)) in mentions.iter().zip(&resolved).enumerate() {
            write_text(&mut out, g, &aligned, i, m, r)?;
        }
    }
    Ok(Status::Clean)
}

fn original(aligned: &marsad_gazetteer::AlignedText, range: &std::ops::Range<usize>) -> String {
    if range.end > aligned.normalized().len() {
        return String::new();
    }
    aligned.original_slice(range.clone()).trim().to_string()
}

fn how(m: &PlaceMention) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(c) = &m.cue {
        parts.push(format!("cue {:?}{}", c.kind, if c.plural { " (list)" } else { "" }));
    }
    if let Some(r) = &m.region {
        parts.push(format!("region {:?}{}", r.kind, r.direction.map(|d| format!(" {}", d.adjective())).unwrap_or_default()));
    }
    if let Some(rel) = &m.relation {
        parts.push(format!("relation {rel:?}"));
    }
    if let Some(p) = m.parent {
        parts.push(format!("parent #{}", p + 1));
    }
    if m.anaphor {
        parts.push("anaphor".into());
    }
    parts
}

fn write_text(
    out: &mut impl std::io::Write,
    g: &Gazetteer,
    aligned: &marsad_gazetteer::AlignedText,
    i: usize,
    m: &PlaceMention,
    r: &ResolvedPlace,
) -> std::io::Result<()> {
    writeln!(out, "#{} «{}»  {}", i + 1, original(aligned, &m.range), how(m).join(", "))?;
    match (&r.gazetteer_id, r.lat, r.lon) {
        (Some(id), Some(lat), Some(lon)) => writeln!(
            out,
            "   -> {} [{id}] {} / {} / {}  ({lat:.4}, {lon:.4})  geo_precision {}  where_prec {}  score {:.2}",
            r.name_en.as_deref().unwrap_or("?"),
            r.admin1.as_deref().unwrap_or("-"),
            r.admin2.as_deref().unwrap_or("-"),
            r.admin3.as_deref().unwrap_or("-"),
            r.geo_precision,
            r.where_prec,
            r.score
        )?,
        _ => writeln!(
            out,
            "   -> UNRESOLVED (governorate {})  where_prec {}",
            r.admin1.as_deref().unwrap_or("unknown"),
            r.where_prec
        )?,
    }
    for why in &r.reasons {
        writeln!(out, "      because: {why}")?;
    }
    for (k, c) in r.ranking.iter().enumerate().take(8) {
        let p = g.place(c.place);
        writeln!(
            out,
            "      {} {:>6.2}  {} [{}] {} {}  {}",
            if k == 0 { "*" } else { " " },
            c.score,
            p.name_en,
            p.id,
            p.kind.as_str(),
            p.adm1_en,
            c.reasons.join("; ")
        )?;
    }
    if r.ranking.len() > 8 {
        writeln!(out, "        … {} more candidates", r.ranking.len() - 8)?;
    }
    Ok(())
}

fn mention_json(g: &Gazetteer, aligned: &marsad_gazetteer::AlignedText, i: usize, m: &PlaceMention, r: &ResolvedPlace) -> Value {
    let candidates: Vec<Value> = r
        .ranking
        .iter()
        .map(|c| {
            let p = g.place(c.place);
            json!({
                "gazetteer_id": p.id, "name_en": p.name_en, "names_ar": p.names_ar, "kind": p.kind.as_str(),
                "admin1": p.adm1_en, "admin2": p.adm2_en, "lat": p.lat, "lon": p.lon,
                "score": c.score, "reasons": c.reasons,
            })
        })
        .collect();
    json!({
        "index": i + 1,
        "text": original(aligned, &m.range),
        "name": original(aligned, &m.name_range),
        "cue": m.cue.as_ref().map(|c| format!("{:?}", c.kind)),
        "region": m.region.map(|r| json!({ "kind": format!("{:?}", r.kind), "direction": r.direction.map(|d| d.adjective()) })),
        "relation": m.relation.map(|r| format!("{r:?}")),
        "parent": m.parent.map(|p| p + 1),
        "anaphor": m.anaphor,
        "resolved": r.gazetteer_id.is_some(),
        "chosen": {
            "gazetteer_id": r.gazetteer_id, "name_ar": r.name_ar, "name_en": r.name_en,
            "admin1": r.admin1, "admin2": r.admin2, "admin3": r.admin3, "lat": r.lat, "lon": r.lon,
            "geo_precision": r.geo_precision, "where_prec": r.where_prec, "score": r.score, "reasons": r.reasons,
        },
        "candidates": candidates,
    })
}
