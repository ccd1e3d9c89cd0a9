//! `marsad serve` as a user starts it: the address it prints, a page and an API answer over
//! plain HTTP on loopback, a write with the token from a file, a clean stop on SIGTERM, and
//! refusals of a bad start.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_marsad");

/// One HTTP/1.1 request; the status and the body.
fn http(addr: &str, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    http(addr, &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"))
}

#[test]
fn serve_prints_its_address_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/seeds.jsonl");
    let ingest = Command::new(BIN).args(["ingest", "--reference-date", "none", "--db"]).arg(&db).arg(&seeds).output().unwrap();
    assert!(ingest.status.success(), "{}", String::from_utf8_lossy(&ingest.stderr));
    let token = dir.path().join("token");
    std::fs::write(&token, "s3cret\n").unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .arg("--token-file")
        .arg(&token)
        .env_remove("MARSAD_WRITE_TOKEN")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line.trim().rsplit_once("http://").map(|(_, a)| a.trim_end_matches('/').to_owned()).unwrap_or_else(|| panic!("{line}"));
    let (status, page) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/app.js\""));
    let (status, events) = get(&addr, "/api/events?limit=1");
    assert_eq!(status, 200);
    assert!(events.contains("\"total\":4"), "{events}");
    let body = "قصف جوي على مدينة إدلب أدى إلى مقتل ثلاثة مدنيين";
    let post = |token: &str| {
        http(&addr, &format!(
            "POST /api/documents?doc_id=cli-1 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    };
    assert_eq!(post("wrong").0, 403);
    assert_eq!(post("s3cret").0, 201, "the token is read from the file, without its newline");
    // SIGTERM: a clean stop, exit 0.
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_bad_start_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(BIN).arg("serve").arg("--db").arg(&db).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, err) = run(&["--token-file", empty.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("token file") && err.contains("empty"), "{err}");
    let (code, err) = run(&["--token-file", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(err.contains("reading the token file"), "{err}");
    let (code, err) = run(&["--addr", "nowhere"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--addr"), "{err}");
}
