//! End-to-end tests of the `marsad` binary: input formats, bad inputs, output formats, thread
//! independence, and `marsad eval` against `eval/score.py`.
//!
//! Extraction runs pass `--reference-date` so that results do not depend on the clock.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_marsad");

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn score_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/score")
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("marsad-cli-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

impl Run {
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad output line {l:?}: {e}")))
            .collect()
    }

    fn ids(&self) -> Vec<String> {
        self.lines().iter().map(|d| d["doc_id"].as_str().unwrap_or_default().to_owned()).collect()
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marsad");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(input).expect("write stdin");
    }
    let Output { stdout, stderr, status } = child.wait_with_output().expect("wait marsad");
    Run {
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        code: status.code(),
    }
}

fn extract(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut all = vec!["extract", "--reference-date", "2024-01-20"];
    all.extend_from_slice(args);
    run_in(dir, &all, stdin)
}

const ARABIC: &str = "اندلعت اشتباكات عنيفة في حي الجورة بمدينة دير الزور بين عناصر الدفاع الوطني وعناصر الأمن العسكري.";

#[test]
fn txt_file_takes_flags_and_path_as_id() {
    let dir = scratch("txt");
    fs::write(dir.join("report.txt"), ARABIC).unwrap();
    let r = extract(&dir, &["report.txt", "--published", "2024-01-13", "--source", "SY24"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["doc_id"], "report.txt");
    assert_eq!(docs[0]["published"], "2024-01-13");
    assert_eq!(docs[0]["source"], "SY24");
    assert!(docs[0]["events"].is_array());
    let summary = r.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(summary.starts_with("1 documents, ") && summary.ends_with(", 0 errors"), "{}", r.stderr);
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = scratch("flags");
    let r = run_in(&dir, &["extract", "--published", "13/01/2024"], Some(b""));
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    for command in ["extract", "actors", "eval"] {
        let r = run_in(&dir, &[command, "--threads", "0", "gold.jsonl"], Some(b""));
        assert_eq!(r.code, Some(2));
        assert!(r.stderr.contains("--threads must be at least 1"), "{command}: {}", r.stderr);
        assert!(!r.stderr.contains("non-zero type"), "{command}: {}", r.stderr);
    }
}

#[test]
fn empty_input_is_an_input_error_for_every_subcommand() {
    let dir = scratch("empty-input");
    for input in [&b""[..], b" \n\n"] {
        for args in [&["extract", "--reference-date", "none"][..], &["actors", "--reference-date", "none"], &["places"], &["places", "-"]] {
            let r = run_in(&dir, args, Some(input));
            assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
            assert_eq!(r.stderr.lines().next(), Some("marsad: stdin: empty input"), "{args:?}: {}", r.stderr);
        }
    }
    fs::write(dir.join("blank.txt"), "\n").unwrap();
    let r = run_in(&dir, &["places", "--file", "blank.txt"], None);
    assert_eq!((r.code, r.stderr.trim()), (Some(1), "marsad: blank.txt: empty input"));
    let r = run_in(&dir, &["places", "--file", "nope.txt"], None);
    assert_eq!((r.code, r.stderr.trim()), (Some(1), "marsad: nope.txt: no such file or directory"));
    // Finding no place in a text is an answer, not an error.
    let r = run_in(&dir, &["places", "نص بلا أماكن"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn help_gives_the_exit_codes_of_every_subcommand() {
    let dir = scratch("help");
    let r = run_in(&dir, &["--help"], None);
    assert_eq!(r.code, Some(0));
    for command in ["extract", "eval", "actors", "places"] {
        assert!(r.stdout.lines().any(|l| l.trim_start().starts_with(command) && l.contains("1:")), "{command}: {}", r.stdout);
        let sub = run_in(&dir, &[command, "--help"], None);
        assert!(sub.stdout.contains("Exit status: 0"), "{command}: {}", sub.stdout);
    }
}

#[test]
fn html_is_stripped_and_metadata_read() {
    let dir = scratch("html");
    let page = format!(
        "<html><head><title>اشتباك في &quot;الجورة&quot;</title>\
         <meta property=\"article:published_time\" content=\"2024-01-13T09:30:00+03:00\">\
         <meta property=\"og:site_name\" content=\"Syria TV\">\
         <script>document.write('<p>لا</p>')</script><style>p{{}}</style></head>\
         <body><p>{ARABIC}</p><p>&#1575;&#x644;&#x62C;&#x648;&#x631;&#x629;&nbsp;&amp; دير الزور</p></body></html>"
    );
    fs::write(dir.join("page.html"), page).unwrap();
    let r = extract(&dir, &["page.html", "--format", "input"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.lines();
    assert_eq!(docs[0]["doc_id"], "page.html");
    assert_eq!(docs[0]["published"], "2024-01-13");
    assert_eq!(docs[0]["source"], "Syria TV");
    assert_eq!(
        docs[0]["text"],
        format!("اشتباك في \"الجورة\"\n{ARABIC}\nالجورة & دير الزور").as_str()
    );
    // The same page through the pipeline gives one output document.
    let r = extract(&dir, &["page.html"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["page.html"]);
}

/// The page in `tests/data/read_also.html` (written for this test): an article on a water
/// station, with a «اقرأ أيضاً» list of two violent headlines from elsewhere inside the article.
#[test]
fn read_also_list_on_a_page_gives_no_event() {
    let dir = scratch("read_also");
    let page = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/read_also.html")).unwrap();
    fs::write(dir.join("page.html"), &page).unwrap();
    // The list's headlines, read as a report, do give an event: the page must not.
    let headlines: Vec<&str> = page
        .lines()
        .filter_map(|l| l.split_once("\">").and_then(|(_, rest)| rest.strip_suffix("</a></li>")))
        .collect();
    assert_eq!(headlines.len(), 2);
    fs::write(dir.join("list.txt"), headlines.join("\n")).unwrap();
    let r = extract(&dir, &["list.txt", "--published", "2024-01-18"], None);
    assert!(!r.lines()[0]["events"].as_array().unwrap().is_empty(), "{}", r.stdout);

    let r = extract(&dir, &["page.html", "--format", "input"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let doc = &r.lines()[0];
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("إعادة تشغيل محطة مياه في سرمدا بعد صيانتها\nأعادت ورشات المجلس المحلي"), "{text}");
    assert!(text.ends_with("بأسعار مرتفعة."), "{text}");
    for gone in ["اقرأ أيضاً", headlines[0], headlines[1], "تقارير", "جميع الحقوق محفوظة"] {
        assert!(!text.contains(gone), "{gone} kept in {text}");
    }
    assert_eq!((doc["published"].as_str(), doc["source"].as_str()), (Some("2024-01-18"), Some("شبكة أخبار البلدات")));

    let r = extract(&dir, &["page.html"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.lines()[0]["events"], serde_json::json!([]), "{}", r.stdout);
}

/// A windows-1256 page (marsad-html's fixture) reads as its UTF-8 twin: bytes, not UTF-8 text.
#[test]
fn windows_1256_page_is_read() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../html/tests/pages");
    let dir = scratch("cp1256");
    fs::copy(pages.join("arabic_article.html"), dir.join("utf8.html")).unwrap();
    fs::copy(pages.join("arabic_article.cp1256.html"), dir.join("cp1256.htm")).unwrap();
    let r = extract(&dir, &["utf8.html", "cp1256.htm", "--format", "input"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.lines();
    assert!(docs[0]["text"].as_str().unwrap().contains("بالقرب من بلدة قلدون في منطقة القلمون"));
    assert_eq!(docs[0]["text"], docs[1]["text"]);
    assert_eq!(docs[1]["url"], "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html");
}

#[test]
fn jsonl_keeps_ids_order_and_metadata() {
    let dir = scratch("jsonl");
    let lines = [
        format!("{{\"id\": \"first\", \"text\": \"{ARABIC}\", \"published\": \"2024-01-10\", \"events\": [], \"origin\": \"x\"}}"),
        String::new(),
        format!("{{\"doc_id\": \"second\", \"text\": \"{ARABIC}\", \"source\": \"Own\"}}"),
    ];
    fs::write(dir.join("in.jsonl"), lines.join("\n")).unwrap();
    let r = extract(&dir, &["in.jsonl", "--published", "2024-01-13", "--source", "Flag"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let docs = r.lines();
    assert_eq!(r.ids(), ["first", "second"]);
    // The document's own values win; flags fill gaps.
    assert_eq!(docs[0]["published"], "2024-01-10");
    assert_eq!(docs[0]["source"], "Flag");
    assert_eq!(docs[1]["published"], "2024-01-13");
    assert_eq!(docs[1]["source"], "Own");
}

#[test]
fn gold_files_feed_in_as_they_are() {
    let root = repo_root();
    let r = extract(&root, &["eval/seeds.jsonl", "eval/dev.jsonl"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let gold: Vec<String> = ["eval/seeds.jsonl", "eval/dev.jsonl"]
        .iter()
        .flat_map(|f| fs::read_to_string(root.join(f)).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(&l).unwrap()["doc_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(r.ids(), gold);
}

#[test]
fn stdin_jsonl_and_text() {
    let dir = scratch("stdin");
    let jsonl = format!("  \n{{\"doc_id\": \"a\", \"text\": \"{ARABIC}\"}}\n{{\"doc_id\": \"b\", \"text\": \"{ARABIC}\"}}\n");
    let r = extract(&dir, &[], Some(jsonl.as_bytes()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["a", "b"]);
    let r = extract(&dir, &["-", "--published", "2024-01-13"], Some(ARABIC.as_bytes()));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["stdin"]);
    assert_eq!(r.lines()[0]["published"], "2024-01-13");
    let r = extract(&dir, &["-"], Some(b"\n\n"));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("marsad: stdin: empty input"), "{}", r.stderr);
}

#[test]
fn directories_recurse_in_name_order() {
    let dir = scratch("dir");
    let root = dir.join("reports");
    fs::create_dir_all(root.join("sub/deeper")).unwrap();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::write(root.join("b.txt"), ARABIC).unwrap();
    fs::write(root.join("a.htm"), format!("<p>{ARABIC}</p>")).unwrap();
    fs::write(root.join("sub/deeper/z.txt"), ARABIC).unwrap();
    fs::write(root.join("sub/c.jsonl"), format!("{{\"doc_id\": \"c1\", \"text\": \"{ARABIC}\"}}\n")).unwrap();
    fs::write(root.join("notes.md"), "# not a report").unwrap();
    fs::write(root.join(".hidden.txt"), ARABIC).unwrap();
    fs::write(root.join(".git/x.txt"), ARABIC).unwrap();
    fs::write(root.join("sub/photo.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    fs::write(root.join("sub/deeper/tool.exe"), "MZ").unwrap();
    let r = extract(&dir, &["reports"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.ids(), ["a.htm", "b.txt", "c1", "sub/deeper/z.txt"]);
    // Files of other types are skipped with one notice per directory named (hidden ones are
    // not counted); the notice is no error.
    let notice = "marsad: reports: skipped 3 files that are not reports (.txt .html .htm .jsonl .jsonl.gz)";
    let got: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(got.len(), 2, "{}", r.stderr);
    assert_eq!(got[0], notice);
    assert!(got[1].starts_with("4 documents, ") && got[1].ends_with(", 0 errors"), "{}", r.stderr);
    let r = extract(&dir, &["reports/sub/", "reports/b.txt", "reports/sub/deeper"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let notices: Vec<&str> = r.stderr.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(
        notices,
        [
            "marsad: reports/sub/: skipped 2 files that are not reports (.txt .html .htm .jsonl .jsonl.gz)",
            "marsad: reports/sub/deeper: skipped 1 file that is not a report (.txt .html .htm .jsonl .jsonl.gz)",
        ],
        "{}",
        r.stderr
    );
    // A file named explicitly is read whatever its name.
    let r = extract(&dir, &["reports/notes.md", "--format", "input"], None);
    assert_eq!((r.code, r.stderr.contains("skipped")), (Some(1), false), "{}", r.stderr);
}

#[test]
fn the_document_limit_can_be_raised_and_says_how() {
    let dir = scratch("limit");
    let big = ARABIC.repeat(6 * 1024 * 1024 / ARABIC.len() + 1);
    fs::write(dir.join("huge.txt"), &big).unwrap();
    let r = extract(&dir, &["huge.txt", "--format", "input"], None);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr.lines().next(), Some("marsad: huge.txt: too large: more than 5 MB (raise it with --max-document-mb)"));
    let r = extract(&dir, &["huge.txt", "--format", "input", "--max-document-mb", "7"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.lines()[0]["text"].as_str().map(str::len), Some(big.len()));
    // A JSON line over the limit, and a gold document over it in eval.
    let mid = ARABIC.repeat(1536 * 1024 / ARABIC.len());
    let lines = format!("{{\"doc_id\": \"small\", \"text\": \"{ARABIC}\", \"events\": []}}\n{{\"doc_id\": \"mid\", \"text\": \"{mid}\", \"events\": []}}\n");
    fs::write(dir.join("docs.jsonl"), lines).unwrap();
    let r = extract(&dir, &["docs.jsonl", "--format", "input"], None);
    assert_eq!(r.ids(), ["small", "mid"], "{}", r.stderr);
    let r = extract(&dir, &["docs.jsonl", "--format", "input", "--max-document-mb", "1"], None);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.ids(), ["small"]);
    assert_eq!(r.stderr.lines().next(), Some("marsad: docs.jsonl:2: line too long: more than 1 MB (raise it with --max-document-mb)"));
    let r = run_in(&dir, &["eval", "docs.jsonl", "--max-document-mb", "1"], None);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr.lines().next(), Some("marsad: docs.jsonl:2: too large: more than 1 MB (raise it with --max-document-mb)"));
    for bad in ["0", "2.5", "100000"] {
        let r = extract(&dir, &["docs.jsonl", "--max-document-mb", bad], None);
        assert_eq!(r.code, Some(2), "{bad}");
        assert!(r.stderr.contains("--max-document-mb must be"), "{bad}: {}", r.stderr);
    }
}

#[test]
fn bad_inputs_are_named_and_skipped() {
    let dir = scratch("bad");
    fs::write(dir.join("01-good.txt"), ARABIC).unwrap();
    fs::write(dir.join("02-latin1.txt"), [b'q', 0xE9, 0xFF, b'x']).unwrap();
    fs::write(dir.join("03-empty.txt"), "").unwrap();
    fs::write(dir.join("04-junk.html"), "<html><script>x()</script><div> &nbsp; </div></html>").unwrap();
    fs::write(dir.join("05-english.txt"), "Clashes broke out in Deir ez-Zor on Friday.").unwrap();
    let big = ARABIC.repeat(6 * 1024 * 1024 / ARABIC.len() + 1);
    fs::write(dir.join("06-huge.txt"), &big).unwrap();
    let jsonl = [
        format!("{{\"doc_id\": \"j1\", \"text\": \"{ARABIC}\"}}"),
        "{\"doc_id\": \"j2\", \"text\": ".to_owned(),
        "{\"doc_id\": \"j3\"}".to_owned(),
        format!("{{\"doc_id\": \"j4\", \"text\": \"{ARABIC}\"}}"),
    ];
    fs::write(dir.join("07-lines.jsonl"), jsonl.join("\n") + "\n").unwrap();
    fs::write(dir.join("08-empty.jsonl"), "\n\n").unwrap();
    fs::write(dir.join("09-good.txt"), ARABIC).unwrap();
    let r = extract(&dir, &["."], None);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    // Nothing good is lost, and order is kept.
    assert_eq!(r.ids(), ["01-good.txt", "j1", "j4", "09-good.txt"]);
    let expected = [
        "marsad: ./02-latin1.txt: not UTF-8: invalid byte at offset 1",
        "marsad: ./03-empty.txt: empty document: no text",
        "marsad: ./04-junk.html: empty document: no text",
        "marsad: ./05-english.txt: not Arabic: 0% of 34 letters are Arabic (at least 20% needed)",
        "marsad: ./06-huge.txt: too large: more than 5 MB (raise it with --max-document-mb)",
        "marsad: ./07-lines.jsonl:2: not JSON: EOF while parsing a value at column 25",
        "marsad: ./07-lines.jsonl:3: bad document: missing field `text`",
        "marsad: ./08-empty.jsonl: empty file: no JSON lines",
    ];
    let got: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(got[..got.len() - 1], expected, "{}", r.stderr);
    // The event count depends on the pipeline of the day.
    let summary = got[got.len() - 1];
    assert!(summary.starts_with("4 documents, ") && summary.ends_with(" events, 8 errors"), "{summary}");
}

#[test]
fn missing_path_is_an_error_not_a_stop() {
    let dir = scratch("missing");
    fs::write(dir.join("ok.txt"), ARABIC).unwrap();
    let r = extract(&dir, &["nope.txt", "ok.txt"], None);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.ids(), ["ok.txt"]);
    assert!(r.stderr.contains("marsad: nope.txt: no such file or directory"), "{}", r.stderr);
}

/// Gzip-compresses `text` in-process (the engine needs no `gzip` program, nor do its tests).
fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzipped_jsonl_is_read_and_a_broken_archive_is_one_error() {
    let dir = scratch("gz");
    let lines: String =
        (0..40).map(|i| format!("{{\"doc_id\": \"z{i}\", \"text\": \"{ARABIC}\"}}\n")).collect();
    fs::write(dir.join("in.jsonl.gz"), gzip(&lines)).unwrap();
    let whole = gzip(&lines);
    // Cut mid-stream: the documents before the cut come out, then one error for the archive.
    fs::write(dir.join("cut.jsonl.gz"), &whole[..whole.len() * 2 / 3]).unwrap();
    fs::write(dir.join("bad.jsonl.gz"), "not gzip").unwrap();
    let r = extract(&dir, &["in.jsonl.gz", "bad.jsonl.gz", "cut.jsonl.gz"], None);
    assert_eq!(r.code, Some(1));
    let ids = r.ids();
    let whole_file: Vec<String> = (0..40).map(|i| format!("z{i}")).collect();
    assert_eq!(ids[..40], whole_file[..]);
    // The cut archive gives its first documents, in order, and not all of them.
    let from_cut = &ids[40..];
    assert!(!from_cut.is_empty() && from_cut.len() < 40, "{ids:?}");
    assert_eq!(from_cut, &whole_file[..from_cut.len()]);
    assert_eq!(r.stderr.matches("bad.jsonl.gz").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("marsad: bad.jsonl.gz: broken gzip archive"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("cut.jsonl.gz").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("marsad: cut.jsonl.gz: broken gzip archive after line"), "{}", r.stderr);
}

/// Splits RFC 4180 CSV text into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "CSV does not end with a full row");
    rows
}

#[test]
fn csv_has_one_acled_row_per_event() {
    let root = repo_root();
    let args = ["eval/seeds.jsonl", "eval/dev.jsonl"];
    let jsonl = extract(&root, &args, None);
    let mut with_csv = args.to_vec();
    with_csv.extend(["--format", "csv"]);
    let csv = extract(&root, &with_csv, None);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let rows = parse_csv(&csv.stdout);
    // ACLED's columns, names and order (docs/EXPORTS.md).
    let header = "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type \
actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region \
country admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes \
fatalities tags timestamp";
    assert_eq!(rows[0], header.split(' ').collect::<Vec<_>>());
    let events: Vec<(Value, Value)> = jsonl
        .lines()
        .into_iter()
        .flat_map(|d| {
            let events = d["events"].as_array().cloned().unwrap_or_default();
            events.into_iter().map(move |e| (d.clone(), e))
        })
        .collect();
    assert_eq!(rows.len() - 1, events.len());
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    for (row, (doc, event)) in rows[1..].iter().zip(&events) {
        assert_eq!(row.len(), 31);
        assert!(row[0].starts_with("SYR"), "{row:?}");
        assert_eq!(row[1], text(&event["date"]));
        assert_eq!(row[5], text(&event["event_type"]));
        assert_eq!(row[7], text(&event["actor1"]["name_en"]));
        assert_eq!(row[13], event["interaction"].as_u64().map_or_else(String::new, |n| n.to_string()));
        let place = &event["location"];
        // Unresolved places keep their Arabic name and are placed in no country.
        let name = if place["name_en"].is_string() { &place["name_en"] } else { &place["name_ar"] };
        assert_eq!(row[21], text(name));
        let resolved = place["gazetteer_id"].is_string() || place["lat"].is_number();
        assert_eq!(row[17], if resolved { "Syria" } else { "" });
        assert_eq!(row[25], text(&doc["source"]));
        assert_eq!(row[27], text(&event["notes"]));
        assert_eq!(row[28], event["fatalities"].to_string());
    }
}

#[test]
fn thread_count_does_not_change_output() {
    let dir = scratch("threads");
    let root = repo_root();
    // Enough documents for several chunks, with errors in between.
    let mut lines = Vec::new();
    for k in 0..20 {
        for f in ["eval/seeds.jsonl", "eval/dev.jsonl"] {
            for line in fs::read_to_string(root.join(f)).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let mut doc: Value = serde_json::from_str(line).unwrap();
                doc["doc_id"] = Value::from(format!("{}-{k}", doc["doc_id"].as_str().unwrap()));
                lines.push(doc.to_string());
            }
        }
        lines.push("{broken".to_owned());
    }
    fs::write(dir.join("many.jsonl"), lines.join("\n")).unwrap();
    let one = extract(&dir, &["many.jsonl", "--threads", "1"], None);
    let four = extract(&dir, &["many.jsonl", "--threads", "4"], None);
    let many = extract(&dir, &["many.jsonl", "--threads", "7"], None);
    assert_eq!(one.code, Some(1));
    assert_eq!(one.lines().len(), 280);
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(one.stderr, four.stderr);
}

fn python3() -> Option<&'static str> {
    let ok = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

#[test]
fn eval_matches_recorded_score_py_output() {
    let data = score_data();
    let mut checked = 0;
    for entry in fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_prefix("pred_").and_then(|n| n.strip_suffix(".jsonl")) else {
            continue;
        };
        let text = run_in(&data, &["eval", "gold.jsonl", &name, "--verbose"], None);
        let json = run_in(&data, &["eval", "gold.jsonl", &name, "--json"], None);
        assert_eq!(text.code, Some(0), "{}", text.stderr);
        let want = fs::read_to_string(data.join(format!("pred_{stem}.expected.txt"))).unwrap();
        assert_eq!(text.stdout, want, "text output for {name}");
        let want = fs::read_to_string(data.join(format!("pred_{stem}.expected.json"))).unwrap();
        assert_eq!(json.stdout, want, "JSON output for {name}");
        checked += 1;
    }
    assert!(checked >= 7);
}

#[test]
fn eval_matches_live_score_py() {
    let Some(python) = python3() else {
        eprintln!("note: python3 not found; live comparison with eval/score.py skipped");
        return;
    };
    let score_py = repo_root().join("eval/score.py");
    let data = score_data();
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pred_")) && path.extension().is_some_and(|e| e == "jsonl") {
            pairs.push((data.join("gold.jsonl"), path));
        }
    }
    let root = repo_root();
    for f in ["eval/dev.jsonl", "eval/seeds.jsonl"] {
        pairs.push((root.join(f), root.join(f)));
    }
    // The pipeline's own output on dev, whatever it is today.
    let dir = scratch("live");
    let pred = extract(&root, &["eval/dev.jsonl", "eval/seeds.jsonl"], None);
    fs::write(dir.join("pred.jsonl"), &pred.stdout).unwrap();
    pairs.push((root.join("eval/dev.jsonl"), dir.join("pred.jsonl")));
    pairs.push((root.join("eval/seeds.jsonl"), dir.join("pred.jsonl")));
    for (gold, pred) in &pairs {
        for flags in [&["--verbose"][..], &["--json"][..], &[][..]] {
            let g = gold.to_str().unwrap();
            let p = pred.to_str().unwrap();
            let py = Command::new(python).arg(&score_py).args([g, p]).args(flags).output().unwrap();
            let mut args = vec!["eval", g, p];
            args.extend(flags);
            let ours = run_in(&dir, &args, None);
            assert_eq!(ours.stdout, String::from_utf8_lossy(&py.stdout), "{g} {p} {flags:?}");
        }
    }
}

#[test]
fn eval_runs_the_pipeline_without_pred() {
    let root = repo_root();
    let r = run_in(&root, &["eval", "eval/seeds.jsonl"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("event_f1=") && last.contains(" strict="), "{}", r.stdout);
}

#[test]
fn eval_reports_broken_lines_like_score_py() {
    let dir = scratch("eval-bad");
    fs::write(dir.join("gold.jsonl"), "{\"doc_id\": \"a\", \"events\": []}\n\n[oops\n").unwrap();
    let r = run_in(&dir, &["eval", "gold.jsonl", "gold.jsonl"], None);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.starts_with("marsad: gold.jsonl:3: not JSON: "), "{}", r.stderr);
}

#[test]
fn eval_tables_count_types_and_confused_sub_types() {
    let data = score_data();
    let r = run_in(&data, &["eval", "gold.jsonl", "pred_dates.jsonl", "--tables"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let tables = r.stdout.split_once("\nby event type").expect("a per-type table").1;
    // gold.jsonl holds six non-optional events: the type rows add up to them.
    let gold: usize = tables
        .lines()
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().rev().nth(4).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(gold, 6, "{tables}");
    assert!(tables.contains("sub-type confusion"), "{tables}");
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    use std::io::BufRead as _;
    let dir = scratch("pipe");
    let lines: String =
        (0..3000).map(|i| format!("{{\"doc_id\": \"p{i}\", \"text\": \"{ARABIC}\"}}\n")).collect();
    fs::write(dir.join("many.jsonl"), lines).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["extract", "many.jsonl", "--reference-date", "none"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `marsad extract ... | head -1`: read one line, then close the pipe.
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains("\"p0\""), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe") && !stderr.contains("error"), "{stderr}");
}

/// Runs `marsad extract` with `MARSAD_TEST_DELAY` set: the extraction of the documents with that
/// id sleeps first. Returns the run and how long it took.
fn extract_delayed(dir: &Path, delay: &str, args: &[&str]) -> (Run, std::time::Duration) {
    let start = std::time::Instant::now();
    let child = Command::new(BIN)
        .args(["extract", "--reference-date", "2024-01-20"])
        .args(args)
        .env("MARSAD_TEST_DELAY", delay)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run marsad");
    let Output { stdout, stderr, status } = child.wait_with_output().expect("wait marsad");
    let run = Run {
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        code: status.code(),
    };
    (run, start.elapsed())
}

#[test]
fn a_report_over_the_time_budget_is_named_and_the_batch_goes_on() {
    let dir = scratch("budget");
    let doc = |id: &str| format!("{{\"doc_id\": \"{id}\", \"text\": \"{ARABIC}\"}}");
    let lines = [doc("a"), doc("slow"), doc("c"), "{broken".to_owned(), doc("d")];
    fs::write(dir.join("in.jsonl"), lines.join("\n") + "\n").unwrap();
    for threads in ["1", "3"] {
        let (r, took) = extract_delayed(&dir, "slow=60", &["in.jsonl", "--time-budget", "2.5", "--threads", threads]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(r.ids(), ["a", "c", "d"], "{}", r.stderr);
        let got: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(got.len(), 3, "{}", r.stderr);
        assert_eq!(got[0], "marsad: in.jsonl:2: skipped: extraction took longer than 2.5 s (--time-budget)");
        assert!(got[1].starts_with("marsad: in.jsonl:4: not JSON"), "{}", r.stderr);
        assert!(got[2].starts_with("3 documents, ") && got[2].ends_with(" events, 2 errors"), "{}", r.stderr);
        assert!(took < std::time::Duration::from_secs(40), "the budget was not kept: {took:?}");
    }
    // `--time-budget 0` is no budget: the slow report is waited for.
    let (r, _) = extract_delayed(&dir, "slow=3", &["in.jsonl", "--time-budget", "0"]);
    assert_eq!(r.ids(), ["a", "slow", "c", "d"], "{}", r.stderr);
    for bad in ["-1", "soon", "inf", "NaN"] {
        let r = extract(&dir, &["in.jsonl", &format!("--time-budget={bad}")], None);
        assert_eq!(r.code, Some(2), "{bad}");
        assert!(r.stderr.contains("--time-budget must be a number of seconds"), "{bad}: {}", r.stderr);
    }
}

#[test]
fn reports_over_the_budget_leave_a_bounded_number_of_threads_running() {
    // One thread: at most two extraction threads alive. The first two slow reports overrun at
    // about 1 s and 2 s; the third has to wait for the first to end (at 5 s) before it starts.
    let dir = scratch("budget-bound");
    let doc = |id: &str| format!("{{\"doc_id\": \"{id}\", \"text\": \"{ARABIC}\"}}");
    let lines = [doc("slow"), doc("slow"), doc("slow"), doc("a")];
    fs::write(dir.join("in.jsonl"), lines.join("\n") + "\n").unwrap();
    let (r, took) = extract_delayed(&dir, "slow=5", &["in.jsonl", "--time-budget", "1", "--threads", "1"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(r.ids(), ["a"], "{}", r.stderr);
    assert_eq!(r.stderr.lines().filter(|l| l.ends_with("longer than 1 s (--time-budget)")).count(), 3, "{}", r.stderr);
    assert!(took >= std::time::Duration::from_millis(5500), "more threads left running than the bound: {took:?}");
}

#[test]
fn no_progress_bar_unless_stderr_is_a_terminal() {
    let root = repo_root();
    let piped = extract(&root, &["eval/seeds.jsonl"], None);
    assert_eq!(piped.code, Some(0));
    let events: usize = piped.lines().iter().map(|d| d["events"].as_array().map_or(0, Vec::len)).sum();
    // Nothing but the summary line: no bar, no carriage returns or escape codes.
    assert_eq!(piped.stderr, format!("2 documents, {events} events, 0 errors\n"));
    let quiet = extract(&root, &["eval/seeds.jsonl", "--quiet"], None);
    assert_eq!((quiet.code, quiet.stderr.as_str(), quiet.stdout), (Some(0), "", piped.stdout));
}

#[test]
fn progress_bar_on_a_terminal() {
    // `script` (util-linux) runs the command on a pseudo-terminal and copies what it draws.
    let available = Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: `script` (util-linux) is not installed, so no terminal could be simulated");
        return;
    }
    let root = repo_root();
    let command = format!("{BIN} extract --reference-date none --threads 1 eval/dev.jsonl eval/seeds.jsonl > /dev/null");
    let out = Command::new("script").args(["-qec", &command, "/dev/null"]).current_dir(&root).output().expect("run script");
    let drawn = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{drawn}");
    // JSON Lines inputs: the bar follows bytes and shows the report count and rate.
    assert!(drawn.contains(" reports, ") && drawn.contains("/s"), "{drawn:?}");
    assert!(drawn.contains("14 documents, "), "{drawn:?}");
}
