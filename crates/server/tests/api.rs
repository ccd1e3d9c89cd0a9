//! The API over a real SQLite store (the seed reports and `examples/`, extracted by the real
//! pipeline), served on an ephemeral loopback port and called with a real HTTP client.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;
use marsad_store::{Filter, Store};
use serde_json::Value;

const TOKEN: &str = "test-token-3f9a";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed reports and the examples, extracted and stored in `db`.
fn fill(db: &Path) {
    let pipeline = Pipeline::embedded().unwrap();
    let mut docs: Vec<InputDocument> = std::fs::read_to_string(repo().join("eval/seeds.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for entry in std::fs::read_dir(repo().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            docs.push(InputDocument { doc_id: name, text: std::fs::read_to_string(&path).unwrap(), ..InputDocument::default() });
        }
    }
    let options = ExtractOptions { reference_date: None, dropped: false };
    let outputs: Vec<_> = docs.iter().map(|d| pipeline.extract(d, &options)).collect();
    let version = marsad_extract::extractor_version();
    let batch: Vec<_> = docs
        .iter()
        .zip(&outputs)
        .map(|(input, output)| marsad_store::Extracted { input, output, extractor_version: version, reference_date: None })
        .collect();
    Store::open(db).unwrap().ingest_batch(&batch, false).unwrap();
}

/// A running server; stops when dropped.
struct Server {
    addr: SocketAddr,
    db: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(configure: impl FnOnce(&mut marsad_server::Config)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("marsad.db");
        fill(&db);
        let mut config = marsad_server::Config::new(db.clone());
        config.write_token = Some(TOKEN.into());
        configure(&mut config);
        let app = marsad_server::app(&config).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime
                .block_on(marsad_server::serve_on(listener, app, async {
                    let _ = stopped.await;
                }))
                .unwrap();
        });
        Server { addr, db, stop: Some(stop), thread: Some(thread), _dir: dir }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> (u16, Value) {
        answer(ureq::get(&self.url(path)).call())
    }

    fn post(&self, path: &str, content_type: &str, token: Option<&str>, body: &[u8]) -> (u16, Value) {
        let mut request = ureq::post(&self.url(path)).set("Content-Type", content_type);
        if let Some(t) = token {
            request = request.set("Authorization", &format!("Bearer {t}"));
        }
        answer(request.send_bytes(body))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Status and JSON body; every answer of the API, errors included, must be JSON.
fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    assert_eq!(response.content_type(), "application/json", "status {status}");
    let body: Value = response.into_json().unwrap();
    (status, body)
}

/// A 4xx answer with a message.
fn refused(answer: (u16, Value), status: u16, words: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    let message = answer.1["error"].as_str().unwrap_or_else(|| panic!("no error message in {}", answer.1));
    assert!(message.contains(words), "{message:?} does not say {words:?}");
}

fn all_events(db: &Path) -> Vec<marsad_store::StoredEvent> {
    Store::open(db).unwrap().query(&Filter::default()).unwrap()
}

#[test]
fn openapi_describes_every_route_and_only_those() {
    let server = Server::start(|_| {});
    let (status, spec) = server.get("/api/openapi.json");
    assert_eq!(status, 200);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let mut described = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            described.insert((method.clone(), path.clone()));
        }
    }
    let routes: BTreeSet<(String, String)> = marsad_server::ROUTES.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
    assert_eq!(described, routes);
    // Each route is served: the router's own "no such route" never answers a described path.
    for (method, path) in marsad_server::ROUTES {
        let path = path.replace("{id}", "x");
        let (_, body) = match *method {
            "get" => server.get(&path),
            _ => server.post(&path, "text/plain", None, b""),
        };
        assert!(!body["error"].as_str().unwrap_or("").contains("no such API route"), "{method} {path}: {body}");
    }
    refused(server.get("/api/nothing-here"), 404, "no such API route");
}

#[test]
fn events_are_filtered_paged_and_sorted() {
    let server = Server::start(|_| {});
    let stored = all_events(&server.db);
    assert!(stored.len() >= 4, "the fixture has events");
    let (status, page) = server.get("/api/events");
    assert_eq!(status, 200);
    assert_eq!(page["total"], stored.len());
    let ids = |page: &Value| -> Vec<String> { page["events"].as_array().unwrap().iter().map(|e| e["event_id"].as_str().unwrap().to_owned()).collect() };
    let expected: Vec<String> = stored.iter().map(|e| e.event.event_id.clone()).collect();
    assert_eq!(ids(&page), expected, "default order is marsad query's");
    // Pages of 2 join up to the whole list.
    let mut paged = Vec::new();
    for offset in (0..stored.len()).step_by(2) {
        let (_, p) = server.get(&format!("/api/events?limit=2&offset={offset}"));
        assert_eq!(p["total"], stored.len());
        paged.extend(ids(&p));
    }
    assert_eq!(paged, expected);
    let (_, p) = server.get("/api/events?sort=-fatalities");
    let killed: Vec<u64> = p["events"].as_array().unwrap().iter().map(|e| e["fatalities"].as_u64().unwrap()).collect();
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
    assert!(killed[0] > 0);
    // Filters as marsad query's.
    let (_, p) = server.get("/api/events?from=2024-01-10&to=2024-01-31");
    let dates: Vec<&str> = p["events"].as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(!dates.is_empty() && dates.iter().all(|d| ("2024-01-10"..="2024-01-31").contains(d)), "{dates:?}");
    let (_, p) = server.get(&format!("/api/events?actor={}", urlencode("ميليشيا القاطرجي")));
    let events = p["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["actor1"]["id"] == "qaterji" || e["actor2"]["id"] == "qaterji"));
    assert!((p["total"].as_u64().unwrap() as usize) < stored.len());
    let (_, p) = server.get("/api/events?type=Battles&sub_type=Armed%20clash&min_fatalities=1");
    assert!(p["events"].as_array().unwrap().iter().all(|e| e["sub_event_type"] == "Armed clash" && e["fatalities"].as_u64().unwrap() >= 1));
    let (_, p) = server.get(&format!("/api/events?text={}", urlencode("العشارة")));
    assert!(p["total"].as_u64().unwrap() > 0);
}

#[test]
fn bad_parameters_are_refused_with_a_message() {
    let server = Server::start(|_| {});
    refused(server.get("/api/events?from=2024-13-45"), 400, "from");
    refused(server.get("/api/events?from=2024-02-01&to=2024-01-01"), 400, "after");
    refused(server.get("/api/events?limit=0"), 400, "limit");
    refused(server.get("/api/events?limit=many"), 400, "limit");
    refused(server.get("/api/events?offset=-3"), 400, "offset");
    refused(server.get("/api/events?sort=colour"), 400, "sort");
    refused(server.get("/api/events?bbox=1,2,3"), 400, "bbox");
    refused(server.get("/api/events?near=35,40"), 400, "km");
    refused(server.get("/api/events?min_fatalities=x"), 400, "min_fatalities");
    refused(server.get("/api/events?colour=red"), 400, "colour");
    refused(server.get("/api/events?text=%21%21"), 400, "nothing to search");
    refused(server.get("/api/control"), 400, "date is required");
    refused(server.get("/api/control?date=yesterday"), 400, "date");
    refused(server.get("/api/actors?x=1"), 400, "unknown parameter");
    refused(server.get("/api/events/nope"), 404, "no event");
    refused(server.get("/api/documents/nope"), 404, "no document");
    refused(server.get("/api/actors/nope"), 404, "no actor");
    refused(server.get("/api/places/nope/control"), 404, "no place");
    let response = match ureq::delete(&server.url("/api/events")).call() {
        Err(ureq::Error::Status(_, r)) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(response.status(), 405);
    assert_eq!(response.content_type(), "application/json");
}

#[test]
fn an_event_has_its_sources_evidence_and_rules() {
    let server = Server::start(|_| {});
    let stored = all_events(&server.db);
    let first = stored.iter().find(|e| e.doc_id == "seed-003").unwrap();
    let (status, detail) = server.get(&format!("/api/events/{}", first.event.event_id));
    assert_eq!(status, 200);
    assert_eq!(detail["event"]["event_id"], first.event.event_id.as_str());
    assert_eq!(detail["sources"][0]["doc_id"], "seed-003");
    assert_eq!(detail["sources"][0]["source"].as_str(), first.source.as_deref());
    assert!(!detail["event"]["evidence"].as_array().unwrap().is_empty());
    assert!(!detail["event"]["rules"].as_object().unwrap().is_empty());
    assert!(detail["merges"].as_array().unwrap().is_empty(), "no merge tables in this store");
}

#[test]
fn a_document_has_its_text_and_every_span() {
    let server = Server::start(|_| {});
    let (status, doc) = server.get("/api/documents/seed-003");
    assert_eq!(status, 200);
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let spans = doc["spans"].as_array().unwrap();
    let evidence: usize = doc["events"].as_array().unwrap().iter().map(|e| e["evidence"].as_array().unwrap().len()).sum();
    assert_eq!(spans.len(), evidence);
    assert!(spans.len() > 5);
    for span in spans {
        let (start, end) = (span["start"].as_u64().unwrap() as usize, span["end"].as_u64().unwrap() as usize);
        let covered: String = text[start..end].iter().collect();
        assert_eq!(Some(covered.as_str()), span["text"].as_str(), "{span}");
    }
    let fields: BTreeSet<&str> = spans.iter().map(|s| s["field"].as_str().unwrap()).collect();
    assert!(fields.contains("location") && fields.contains("actor1"), "{fields:?}");
    // A doc_id with a slash or spaces is one path segment, percent-encoded.
    let (status, doc) = server.get("/api/documents/sy24_jorah_clash.txt");
    assert_eq!((status, doc["doc_id"].as_str()), (200, Some("sy24_jorah_clash.txt")));
}

#[test]
fn actors_have_aliases_people_and_relations() {
    let server = Server::start(|_| {});
    let (status, list) = server.get("/api/actors");
    assert_eq!(status, 200);
    let actors = list["actors"].as_array().unwrap();
    let ndf = actors.iter().find(|a| a["id"] == "ndf").unwrap();
    assert!(ndf["events"].as_u64().unwrap() >= 4);
    assert_eq!(actors[0]["id"], "ndf", "most events first");
    let (status, ndf) = server.get("/api/actors/ndf");
    assert_eq!(status, 200);
    assert_eq!(ndf["name_ar"], "الدفاع الوطني");
    let aliases: Vec<&str> = ndf["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(aliases.len() > 1 && aliases.iter().any(|a| a.contains("الدفاع الوطني")), "{aliases:?}");
    assert!(ndf["people"].as_array().unwrap().iter().any(|p| p["affiliation"] == "ndf"));
    let relations = ndf["relations"].as_array().unwrap();
    assert!(relations.iter().any(|r| r["kind"] == "controls" && r["subject_id"] == "ndf" && r["object_id"] == "C5210"));
    assert!(relations.iter().all(|r| !r["doc_ids"].as_array().unwrap().is_empty()));
}

#[test]
fn places_and_control_history() {
    let server = Server::start(|_| {});
    let (status, list) = server.get("/api/places");
    assert_eq!(status, 200);
    let ashara = list["places"].as_array().unwrap().iter().find(|p| p["id"] == "C5210").unwrap();
    assert!(ashara["lat"].as_f64().is_some() && ashara["events"].as_u64().unwrap() > 0);
    let (status, history) = server.get("/api/places/C5210/control");
    assert_eq!(status, 200);
    assert_eq!(history["place"]["id"], "C5210");
    let periods = history["periods"].as_array().unwrap();
    let ndf = periods.iter().find(|p| p["holder_id"] == "ndf").unwrap();
    assert_eq!(ndf["since"], "2024-01-13");
    assert_eq!(ndf["taken_from_id"], "qaterji");
    assert!(periods.iter().all(|p| p["place_id"] == "C5210"));
    // On a day after the takeover the NDF holds it; before any claim nothing is known.
    let (status, day) = server.get("/api/control?date=2024-02-01");
    assert_eq!(status, 200);
    let held = day["places"].as_array().unwrap().iter().find(|p| p["place_id"] == "C5210").unwrap();
    assert_eq!(held["holder_id"], "ndf");
    assert!(held["lat"].as_f64().is_some());
    let (_, before) = server.get("/api/control?date=2000-01-01");
    assert!(before["places"].as_array().unwrap().is_empty());
}

#[test]
fn writes_need_the_right_token() {
    let server = Server::start(|_| {});
    let body = "قصف جوي على مدينة إدلب أدى إلى مقتل ثلاثة مدنيين".as_bytes();
    refused(server.post("/api/documents", "text/plain", None, body), 401, "token");
    refused(server.post("/api/documents", "text/plain", Some("test-token-3f9b"), body), 403, "wrong");
    refused(server.post("/api/documents", "text/plain", Some("x"), body), 403, "wrong");
    refused(server.post("/api/documents", "image/png", Some(TOKEN), body), 415, "text/plain");
    refused(server.post("/api/documents?published=soon", "text/plain", Some(TOKEN), body), 400, "published");
    refused(server.post("/api/documents", "text/plain", Some(TOKEN), b"hello, this is English"), 422, "not Arabic");
    let (status, _) = server.post("/api/documents", "text/plain", Some(TOKEN), body);
    assert_eq!(status, 201);
    let disabled = Server::start(|c| c.write_token = None);
    refused(disabled.post("/api/documents", "text/plain", Some(TOKEN), body), 403, "disabled");
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::start(|c| c.max_body_bytes = 64 * 1024);
    let big = "قصف ".repeat(20_000);
    refused(server.post("/api/documents", "text/plain", Some(TOKEN), big.as_bytes()), 413, "too large");
    let (status, _) = server.post("/api/documents", "text/plain", Some(TOKEN), "قصف على حلب".as_bytes());
    assert_eq!(status, 201, "a body under the limit is taken");
}

#[test]
fn a_report_with_markup_is_stored_and_returned_as_text() {
    let server = Server::start(|_| {});
    let text = "<script>alert('x')</script><b onmouseover=\"alert(1)\">عاجل</b>: قصف جوي روسي على مدينة إدلب أدى إلى مقتل ثلاثة مدنيين <img src=x onerror=alert(2)>";
    let (status, stored) = server.post("/api/documents?doc_id=markup-1&published=2024-03-01&source=Test", "text/plain", Some(TOKEN), text.as_bytes());
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["stored"][0]["outcome"], "new");
    let event_ids = stored["stored"][0]["event_ids"].as_array().unwrap().clone();
    assert!(!event_ids.is_empty(), "the airstrike is an event: {stored}");
    let response = ureq::get(&server.url("/api/documents/markup-1")).call().unwrap();
    assert_eq!(response.content_type(), "application/json");
    assert!(response.header("content-security-policy").unwrap().contains("script-src 'self'"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    let raw = response.into_string().unwrap();
    let doc: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(doc["text"], text, "the text comes back exactly as posted, as a JSON string");
    assert_eq!(doc["source"], "Test");
    let (status, _) = server.get(&format!("/api/events/{}", event_ids[0].as_str().unwrap()));
    assert_eq!(status, 200);
    // The same report again changes nothing.
    let (status, again) = server.post("/api/documents?doc_id=markup-1&published=2024-03-01&source=Test", "text/plain", Some(TOKEN), text.as_bytes());
    assert_eq!((status, again["stored"][0]["outcome"].as_str()), (200, Some("unchanged")));
}

#[test]
fn html_and_json_lines_bodies_are_read() {
    let server = Server::start(|_| {});
    let page = "<html><head><title>x</title><meta property=\"og:site_name\" content=\"Outlet\">\
        <meta property=\"article:published_time\" content=\"2024-02-03T10:00:00Z\"></head><body>\
        <nav><a href=\"/\">الرئيسية</a></nav><article><h1>قصف على إدلب</h1>\
        <p>قصف جوي روسي على مدينة إدلب أدى إلى مقتل ثلاثة مدنيين يوم الجمعة.</p></article></body></html>";
    let (status, stored) = server.post("/api/documents?doc_id=page-1", "text/html; charset=utf-8", Some(TOKEN), page.as_bytes());
    assert_eq!(status, 201, "{stored}");
    let (_, doc) = server.get("/api/documents/page-1");
    let text = doc["text"].as_str().unwrap();
    assert!(text.contains("قصف جوي") && !text.contains("<p>") && !text.contains("الرئيسية"), "{text}");
    assert_eq!(doc["published"], "2024-02-03");
    let lines = "{\"doc_id\":\"l1\",\"text\":\"اشتباكات بين قوات النظام وفصائل المعارضة في ريف حلب\"}\nnot json\n{\"doc_id\":\"l2\",\"text\":\"English only here\"}\n";
    let (status, stored) = server.post("/api/documents", "application/x-ndjson", Some(TOKEN), lines.as_bytes());
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["stored"].as_array().unwrap().len(), 1);
    let errors = stored["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["origin"], "line 2");
    assert!(errors[1]["error"].as_str().unwrap().contains("not Arabic"));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn the_page_is_served_with_a_policy_that_forbids_inline_script() {
    let server = Server::start(|_| {});
    let response = ureq::get(&server.url("/")).call().unwrap();
    assert!(response.content_type().starts_with("text/html"));
    let csp = response.header("content-security-policy").unwrap().to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{csp}");
    let page = response.into_string().unwrap();
    // Every script is a file of this server; none is inline.
    assert!(page.matches("<script").count() == page.matches("<script src=\"/").count(), "{page}");
    for asset in ["/app.js", "/app.css", "/syria.geojson"] {
        let r = ureq::get(&server.url(asset)).call().unwrap();
        assert_eq!(r.status(), 200, "{asset}");
        assert!(r.into_string().unwrap().len() > 1000, "{asset}");
    }
    // The page's own code writes text only: no HTML is ever parsed from data.
    let source = std::fs::read_to_string(repo().join("web/src/app.js")).unwrap();
    for sink in [".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "eval("] {
        assert!(!source.contains(sink), "web/src/app.js uses {sink}");
    }
}

/// The merge tables of store schema version 2 (cross-report deduplication), as that schema
/// writes them; the API reads whatever columns they have. A store that already migrated to
/// version 2 has them, so they are created only when missing.
const MERGE_TABLES: &str = "
CREATE TABLE IF NOT EXISTS merges (id INTEGER PRIMARY KEY, merged_id TEXT NOT NULL, member_key TEXT NOT NULL, rules_version TEXT NOT NULL,
    date TEXT, event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL, sources INTEGER NOT NULL, fatalities INTEGER NOT NULL,
    fatalities_low INTEGER NOT NULL, fatalities_best INTEGER NOT NULL, fatalities_high INTEGER NOT NULL,
    disagreements TEXT NOT NULL, json TEXT NOT NULL, created_at TEXT NOT NULL, undone_at TEXT);
CREATE TABLE IF NOT EXISTS merge_members (merge INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL,
    doc_id TEXT NOT NULL, event_id TEXT NOT NULL, reasons TEXT NOT NULL, PRIMARY KEY (merge, ordinal));";

#[test]
fn an_event_shows_its_merge_history_when_the_store_has_merges() {
    let server = Server::start(|_| {});
    let stored = all_events(&server.db);
    // The same takeover of al-Asharah, told by the seed report and by the example.
    let takeover = |doc: &str| {
        stored
            .iter()
            .find(|e| e.doc_id == doc && e.event.sub_event_type == "Non-state actor overtakes territory")
            .map(|e| e.event.event_id.clone())
            .unwrap()
    };
    let (a, b) = (takeover("seed-003"), takeover("political_keys_ndf_qaterji.txt"));
    let store = Store::open(&server.db).unwrap();
    store.connection().execute_batch(MERGE_TABLES).unwrap();
    store
        .connection()
        .execute(
            "INSERT INTO merges VALUES (1, 'dedup:1', ?1, 'r1', '2024-01-13', 'Battles', 'Non-state actor overtakes territory', 2, 0, 0, 0, 0, '[]', '{\"sources\": 2}', '2026-12-08T00:00:00Z', NULL)",
            [format!("political_keys_ndf_qaterji.txt#{b}\nseed-003#{a}")],
        )
        .unwrap();
    store
        .connection()
        .execute(
            "INSERT INTO merge_members VALUES (1, 0, 'seed-003', ?1, '[]'), (1, 1, 'political_keys_ndf_qaterji.txt', ?2, '[\"date: same day\", \"place: C5210\"]')",
            [&a, &b],
        )
        .unwrap();
    let (status, detail) = server.get(&format!("/api/events/{a}"));
    assert_eq!(status, 200);
    let merges = detail["merges"].as_array().unwrap();
    assert_eq!(merges.len(), 1, "{detail}");
    assert_eq!(merges[0]["merge"]["merged_id"], "dedup:1");
    assert_eq!(merges[0]["merge"]["json"]["sources"], 2, "a record column is JSON, not a string");
    let members: Vec<&str> = merges[0]["members"].as_array().unwrap().iter().map(|m| m["event_id"].as_str().unwrap()).collect();
    assert_eq!(members, [a.as_str(), b.as_str()]);
    assert_eq!(merges[0]["members"][1]["reasons"][1], "place: C5210");
    let sources: Vec<&str> = detail["sources"].as_array().unwrap().iter().map(|s| s["doc_id"].as_str().unwrap()).collect();
    assert_eq!(sources, ["seed-003", "political_keys_ndf_qaterji.txt"]);
    // The other member shows the same merge; an event in no merge shows none.
    let (_, other) = server.get(&format!("/api/events/{b}"));
    assert_eq!(other["merges"][0]["merge"]["id"], 1);
    let lone = stored.iter().find(|e| e.doc_id == "seed-000").unwrap();
    let (_, lone) = server.get(&format!("/api/events/{}", lone.event.event_id));
    assert!(lone["merges"].as_array().unwrap().is_empty());
}

#[test]
fn concurrent_ingests_wait_their_turn_and_all_are_stored() {
    let server = Server::start(|c| c.max_ingests = 1);
    let posts: Vec<_> = (0..6)
        .map(|i| {
            let url = server.url(&format!("/api/documents?doc_id=parallel-{i}&published=2024-03-0{}", i + 1));
            std::thread::spawn(move || {
                let body = format!("قصف جوي على مدينة إدلب أدى إلى مقتل {} مدنيين", i + 2);
                answer(ureq::post(&url).set("Content-Type", "text/plain").set("Authorization", &format!("Bearer {TOKEN}")).send_string(&body))
            })
        })
        .collect();
    for post in posts {
        let (status, body) = post.join().unwrap();
        assert_eq!(status, 201, "{body}");
    }
    for i in 0..6 {
        let (status, doc) = server.get(&format!("/api/documents/parallel-{i}"));
        assert_eq!(status, 200);
        assert!(!doc["events"].as_array().unwrap().is_empty());
    }
}
