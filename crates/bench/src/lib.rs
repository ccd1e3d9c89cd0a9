//! Shared pieces of marsad's benchmarks: reading report texts from JSONL, the bundled sample
//! reports, and a small seeded random generator so every generated corpus is reproducible.
//!
//! The binaries are `marsad-gen` (a large varied corpus from the bundled reports) and
//! `marsad-textcore` (times the text core alone: normalisation and tokenisation); the criterion
//! suite is `benches/stages.rs`; `bench/run.sh` at the workspace root ties them together.
#![deny(missing_docs)]

use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads the `text` field of every line of a JSONL file (plain, not compressed). Lines that are
/// not JSON objects with a string `text` are skipped and counted.
///
/// # Errors
/// When the file cannot be opened or read.
pub fn read_jsonl_texts(path: &Path) -> io::Result<(Vec<String>, usize)> {
    let reader = BufReader::new(fs::File::open(path)?);
    let mut texts = Vec::new();
    let mut skipped = 0;
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let text = serde_json::from_str::<serde_json::Value>(&line)
            .ok()
            .and_then(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned));
        match text {
            Some(t) => texts.push(t),
            None => skipped += 1,
        }
    }
    Ok((texts, skipped))
}

/// The bundled sample reports: `examples/*.txt` and the texts of `eval/*.jsonl`, in name order.
///
/// # Errors
/// When a directory or file cannot be read.
pub fn bundled_reports(root: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for (dir, ext) in [("examples", "txt"), ("eval", "jsonl")] {
        let mut paths: Vec<PathBuf> = fs::read_dir(root.join(dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        paths.sort();
        for p in paths {
            if ext == "txt" {
                out.push(fs::read_to_string(&p)?);
            } else {
                out.extend(read_jsonl_texts(&p)?.0);
            }
        }
    }
    Ok(out)
}

/// A small, fast, seeded generator (SplitMix64): reproducible across platforms and releases,
/// which a library generator does not promise.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// A random element of `items` (`None` when empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}
