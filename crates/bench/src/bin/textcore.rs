//! `marsad-textcore`: times marsad's text core alone (normalisation with its offset map, then
//! tokenisation with clitic stems) over the texts of a JSONL file, for an apples-to-apples
//! comparison with other Arabic normalisers and tokenisers. Texts are read before the clock
//! starts; one thread.
//!
//! ```text
//! marsad-textcore FILE.jsonl [--repeat N]
//! ```
//! prints `docs=… bytes=… tokens=… seconds=… mb_per_s=…` (best of N runs).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use marsad_bench::read_jsonl_texts;
use marsad_text::{tokenize, AlignedText};

fn main() -> ExitCode {
    let mut path: Option<PathBuf> = None;
    let mut repeat = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => repeat = n,
                _ => {
                    eprintln!("marsad-textcore: --repeat needs a positive number");
                    return ExitCode::FAILURE;
                }
            },
            _ => path = Some(PathBuf::from(a)),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: marsad-textcore FILE.jsonl [--repeat N]");
        return ExitCode::FAILURE;
    };
    let texts = match read_jsonl_texts(&path) {
        Ok((t, _)) => t,
        Err(e) => {
            eprintln!("marsad-textcore: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::INFINITY;
    let mut tokens = 0usize;
    for _ in 0..repeat {
        let start = Instant::now();
        let mut count = 0usize;
        for t in &texts {
            let aligned = AlignedText::new(t);
            count += tokenize(aligned.normalized()).len();
        }
        best = best.min(start.elapsed().as_secs_f64());
        tokens = count;
    }
    println!(
        "docs={} bytes={} tokens={} seconds={:.4} mb_per_s={:.2}",
        texts.len(),
        bytes,
        tokens,
        best,
        bytes as f64 / 1e6 / best.max(1e-9)
    );
    ExitCode::SUCCESS
}
