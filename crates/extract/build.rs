//! Computes the extractor version (`MARSAD_EXTRACTOR_VERSION`): the package version and a hash
//! of everything that decides what extraction writes — the sources of the crates of the
//! pipeline and the data files compiled into them. A store compares it with the version each
//! document was extracted by, so `marsad reprocess` knows what is stale. Reading files only; no
//! git, no network, so it builds the same from a tarball.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What extraction depends on, relative to the workspace root.
const INPUTS: &[&str] = &[
    "crates/text/src",
    "crates/gazetteer/src",
    "crates/lexicon/src",
    "crates/model/src",
    "crates/extract/src",
    "data/lexicon",
    "data/gazetteer",
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("../..");
    let mut files = Vec::new();
    for dir in INPUTS {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        collect(&dir, &mut files);
    }
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap_or(file);
        hash.update(rel.to_string_lossy().replace('\\', "/").as_bytes());
        hash.update([0]);
        // An unreadable file hashes as empty: the version still changes when it comes back.
        hash.update(fs::read(file).unwrap_or_default());
        hash.update([0]);
    }
    let digest = hash.finalize();
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=MARSAD_EXTRACTOR_VERSION={version}+{short}");
}

/// Every regular file under `dir`, recursively (hidden files skipped).
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect(&path, out),
            Ok(t) if t.is_file() => out.push(path),
            _ => {}
        }
    }
}
