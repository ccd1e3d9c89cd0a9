//! `marsad-gen`: a deterministic benchmark corpus, JSONL on stdout.
//!
//! Sentences are cut from the bundled reports (`examples/`, `eval/*.jsonl`, and any `--from`
//! JSONL files), then recombined into new reports: each sentence's place names and actor names
//! are swapped for random ones from the gazetteer and the actor dictionary, so a large corpus
//! does not repeat the same few names and no cache is flattered. Same seed, same output.
//!
//! ```text
//! marsad-gen [--size 50MB] [--seed N] [--root DIR] [--from FILE.jsonl]... > corpus.jsonl
//! ```

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marsad_bench::{bundled_reports, read_jsonl_texts, workspace_root, SplitMix64};
use marsad_model::InputDocument;
use marsad_text::{split_sentences, AlignedText, LexiconMatcher, MatchOptions};

const PLACE: u32 = 0;
const ACTOR: u32 = 1;

struct Args {
    size: u64,
    seed: u64,
    root: PathBuf,
    from: Vec<PathBuf>,
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1 << 30)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1 << 20)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1 << 10)
    } else {
        (s.as_str(), 1)
    };
    num.trim().parse::<f64>().ok().filter(|v| *v > 0.0).map(|v| (v * mult as f64) as u64)
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { size: 50 << 20, seed: 6, root: workspace_root(), from: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--size" => args.size = parse_size(&value()?).ok_or("--size: e.g. 50MB, 1GB")?,
            "--seed" => args.seed = value()?.parse().map_err(|_| "--seed: a number")?,
            "--root" => args.root = PathBuf::from(value()?),
            "--from" => args.from.push(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: marsad-gen [--size 50MB] [--seed N] [--root DIR] [--from FILE.jsonl]...".into())
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(args)
}

/// Arabic place names from `data/gazetteer/places.tsv` (column `names_ar`, `|`-separated).
fn place_names(root: &Path) -> io::Result<Vec<String>> {
    let src = std::fs::read_to_string(root.join("data/gazetteer/places.tsv"))?;
    let mut out: Vec<String> = src
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(3))
        .flat_map(|names| names.split('|'))
        .map(str::trim)
        .filter(|n| n.chars().count() >= 3)
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Arabic actor names and aliases from `data/lexicon/actors.toml`.
fn actor_names(root: &Path) -> io::Result<Vec<String>> {
    let src = std::fs::read_to_string(root.join("data/lexicon/actors.toml"))?;
    let table: toml::Table = src.parse().map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("actors.toml: {e}")))?;
    let mut out = Vec::new();
    for actor in table.get("actor").and_then(|a| a.as_array()).into_iter().flatten() {
        if let Some(n) = actor.get("name_ar").and_then(|v| v.as_str()) {
            out.push(n.to_owned());
        }
        for alias in actor.get("aliases_ar").and_then(|v| v.as_array()).into_iter().flatten() {
            if let Some(a) = alias.as_str() {
                out.push(a.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Sentences of the original texts (not normalised: normalisation is part of what is measured).
fn sentences(texts: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts {
        let aligned = AlignedText::new(t);
        for r in split_sentences(aligned.normalized()) {
            let s = aligned.original_slice(r).trim();
            if s.chars().count() >= 12 {
                out.push(s.to_owned());
            }
        }
    }
    out
}

/// `sentence` with every known place and actor name replaced by a random one of its kind.
fn reshuffle(sentence: &str, matcher: &LexiconMatcher, pools: [&[String]; 2], rng: &mut SplitMix64) -> String {
    let aligned = AlignedText::new(sentence);
    let mut out = String::with_capacity(sentence.len() + 32);
    let mut at = 0;
    for m in matcher.find(aligned.normalized()) {
        let r = aligned.original_range(m.key_range.clone());
        if r.start < at {
            continue;
        }
        let Some(name) = pools.get(m.value as usize).and_then(|p| rng.pick(p)) else { continue };
        out.push_str(&sentence[at..r.start]);
        out.push_str(name);
        at = r.end;
    }
    out.push_str(&sentence[at..]);
    out
}

fn run(args: Args) -> Result<(), String> {
    let mut texts = bundled_reports(&args.root).map_err(|e| format!("bundled reports under {}: {e}", args.root.display()))?;
    for f in &args.from {
        texts.extend(read_jsonl_texts(f).map_err(|e| format!("{}: {e}", f.display()))?.0);
    }
    let pool = sentences(&texts);
    if pool.is_empty() {
        return Err("no sentences in the source reports".into());
    }
    let places = place_names(&args.root).map_err(|e| format!("places.tsv: {e}"))?;
    let actors = actor_names(&args.root).map_err(|e| format!("actors.toml: {e}"))?;
    let keys = places.iter().map(|p| (p.as_str(), PLACE)).chain(actors.iter().map(|a| (a.as_str(), ACTOR)));
    let matcher = LexiconMatcher::new(keys, MatchOptions::names()).map_err(|e| e.to_string())?;

    let mut rng = SplitMix64::new(args.seed);
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    let mut written = 0u64;
    let mut n = 0u64;
    while written < args.size {
        let count = 3 + rng.below(23);
        let mut text = String::new();
        for k in 0..count {
            if k > 0 {
                text.push_str(if rng.chance(0.3) { "\n" } else { " " });
            }
            let Some(s) = rng.pick(&pool) else { break };
            text.push_str(&reshuffle(s, &matcher, [&places, &actors], &mut rng));
        }
        let doc = InputDocument {
            doc_id: format!("gen_{n:08}"),
            published: Some(format!("{}-{:02}-{:02}", 2017 + rng.below(8), 1 + rng.below(12), 1 + rng.below(28))),
            source: Some("marsad-gen".into()),
            url: None,
            text,
        };
        let line = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
        writeln!(w, "{line}").map_err(|e| format!("writing: {e}"))?;
        written += line.len() as u64 + 1;
        n += 1;
    }
    w.flush().map_err(|e| format!("writing: {e}"))?;
    eprintln!("marsad-gen: {n} documents, {written} bytes from {} sentences (seed {})", pool.len(), args.seed);
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marsad-gen: {e}");
            ExitCode::FAILURE
        }
    }
}
