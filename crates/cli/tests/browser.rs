//! The web page in a real browser: runs `scripts/browser-test.sh` (Playwright driving Debian's
//! Chromium against `marsad serve` on the seed reports and examples) with this build's
//! `marsad`. It lives here rather than in crates/server because it needs the `marsad` binary,
//! which only this crate's tests are given (`CARGO_BIN_EXE_marsad`).
//!
//! Without node and npm, or when the script cannot install Chromium or playwright-core, the
//! test says "skipped: ..." on stderr and passes, unless MARSAD_REQUIRE_SERVICES=1.

use std::path::Path;
use std::process::Command;

/// The script's exit status for "a requirement could not be had".
const MISSING: i32 = 3;

fn required() -> bool {
    std::env::var("MARSAD_REQUIRE_SERVICES").is_ok_and(|v| v == "1")
}

fn skip(why: &str) {
    assert!(!required(), "MARSAD_REQUIRE_SERVICES=1 but the browser test cannot run: {why}");
    eprintln!("skipped: {why}");
}

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_web_page_works_in_chromium() {
    if !have("node") || !have("npm") {
        return skip("node and npm are needed for the browser test (apt-get install nodejs npm)");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new("bash")
        .arg(root.join("scripts/browser-test.sh"))
        .env("MARSAD_BIN", env!("CARGO_BIN_EXE_marsad"))
        .output()
        .expect("running scripts/browser-test.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    if output.status.code() == Some(MISSING) {
        let why = stderr.lines().rev().find(|l| l.starts_with("browser-test:")).unwrap_or("a requirement is missing");
        return skip(why);
    }
    assert!(output.status.success(), "browser tests failed (screenshots in target/browser-artefacts/):\n{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
