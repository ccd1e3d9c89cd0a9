//! The fuzz corpus as ordinary regression inputs: every seed (`fuzz/seeds/<target>/`) and every
//! input that once broke a target (`fuzz/regressions/<target>/`, crash files kept after their
//! fix) goes through the target's check, so a fixed crash stays fixed without libFuzzer.

use std::fs;
use std::path::{Path, PathBuf};

use marsad_invariants::{text_of, TARGETS};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of a directory in name order (none when it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

/// The seed files of a target: `fuzz/seeds/<target>/` and the directories that
/// `fuzz/seeds/<target>.dirs` names (test data kept where its own tests use it; scripts/fuzz.sh
/// gives libFuzzer the same directories).
fn seeds(target: &str) -> Vec<PathBuf> {
    let mut out = files(&fuzz_dir().join("seeds").join(target));
    let listed = fs::read_to_string(fuzz_dir().join("seeds").join(format!("{target}.dirs"))).unwrap_or_default();
    for dir in listed.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let more = files(&fuzz_dir().join("..").join(dir));
        assert!(!more.is_empty(), "fuzz/seeds/{target}.dirs names {dir}, which holds no file");
        out.extend(more);
    }
    out
}

/// Runs every file of `kind` (seeds or regressions) through its target's check; returns the
/// number of files read and the failures.
fn run(kind: &str) -> (usize, Vec<String>) {
    let (mut read, mut failures) = (0, Vec::new());
    for (name, check) in TARGETS {
        let paths = if kind == "seeds" { seeds(name) } else { files(&fuzz_dir().join(kind).join(name)) };
        for path in paths {
            let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            read += 1;
            if let Err(v) = check(&text_of(&data)) {
                failures.push(format!("{}: {v}", path.display()));
            }
        }
    }
    (read, failures)
}

#[test]
fn every_target_has_seeds_and_every_seed_passes() {
    for (name, _) in TARGETS {
        let dir = fuzz_dir().join("seeds").join(name);
        assert!(!files(&dir).is_empty(), "no seeds in {}", dir.display());
    }
    let (read, failures) = run("seeds");
    assert!(read >= TARGETS.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_saved_crash_stays_fixed() {
    let (_, failures) = run("regressions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every target in `fuzz/fuzz_targets/` has its check here, and the other way round.
#[test]
fn fuzz_targets_match_the_checks() {
    let mut on_disk: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}
