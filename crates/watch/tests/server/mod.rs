//! A real HTTP/1.1 server on an ephemeral loopback port, for feed tests: it serves files set by
//! the test, answers conditional requests as a web server does (`If-None-Match` against the
//! ETag, then `If-Modified-Since` against Last-Modified), and counts what it was asked.
//! One connection at a time, `Connection: close`: enough for a client that polls.
#![allow(dead_code)] // Each test binary uses a part of it.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// What the server answers at one path.
#[derive(Clone, Debug)]
pub struct Route {
    /// Status for an unconditional request (or one whose validators do not match).
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The `Last-Modified` header, if any.
    pub last_modified: Option<String>,
}

impl Route {
    /// A 200 with a body and a content type.
    pub fn ok(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Route { status: 200, body: body.into(), content_type: content_type.to_owned(), etag: None, last_modified: None }
    }

    /// The same with an ETag.
    pub fn etag(mut self, etag: &str) -> Route {
        self.etag = Some(etag.to_owned());
        self
    }

    /// The same with a Last-Modified date.
    pub fn last_modified(mut self, date: &str) -> Route {
        self.last_modified = Some(date.to_owned());
        self
    }

    /// An error status with a short body.
    pub fn status(status: u16) -> Route {
        Route { status, body: b"error".to_vec(), content_type: "text/plain".to_owned(), etag: None, last_modified: None }
    }
}

/// What was asked of one path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// Requests.
    pub requests: usize,
    /// Requests carrying If-None-Match or If-Modified-Since.
    pub conditional: usize,
    /// Answered 304.
    pub not_modified: usize,
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, Route>,
    hits: HashMap<String, Hits>,
}

/// The running server; stopped when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on a free loopback port.
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let shared = Arc::new(Mutex::new(Shared::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (Arc::clone(&shared), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    // A client that hangs up early is its own business.
                    let _ = serve(stream, &s);
                }
            }
        });
        Server { base, shared, stop, thread: Some(thread) }
    }

    /// The full address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Serves `route` at `path` from now on.
    pub fn set(&self, path: &str, route: Route) {
        self.shared.lock().unwrap().routes.insert(path.to_owned(), route);
    }

    /// What was asked of `path` so far.
    pub fn hits(&self, path: &str) -> Hits {
        self.shared.lock().unwrap().hits.get(path).cloned().unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, shared: &Mutex<Shared>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let route = {
        let mut shared = shared.lock().unwrap();
        let route = shared.routes.get(&path).cloned();
        let hits = shared.hits.entry(path.clone()).or_default();
        hits.requests += 1;
        let if_none_match = headers.get("if-none-match");
        let if_modified_since = headers.get("if-modified-since");
        if if_none_match.is_some() || if_modified_since.is_some() {
            hits.conditional += 1;
        }
        // RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since otherwise.
        let not_modified = route.as_ref().is_some_and(|r| {
            r.status == 200
                && match (if_none_match, &r.etag) {
                    (Some(sent), Some(etag)) => sent == etag,
                    (Some(_), None) => false,
                    (None, _) => if_modified_since.is_some() && if_modified_since == r.last_modified.as_ref(),
                }
        });
        if not_modified {
            hits.not_modified += 1;
        }
        (route, not_modified)
    };
    let mut out = stream;
    match route {
        (None, _) => write_response(&mut out, 404, &Route::status(404), false),
        (Some(r), not_modified) => write_response(&mut out, if not_modified { 304 } else { r.status }, &r, not_modified),
    }
}

fn write_response(out: &mut TcpStream, status: u16, route: &Route, not_modified: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
    if let Some(etag) = &route.etag {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    if let Some(date) = &route.last_modified {
        head.push_str(&format!("Last-Modified: {date}\r\n"));
    }
    let body: &[u8] = if not_modified { b"" } else { &route.body };
    if !not_modified {
        head.push_str(&format!("Content-Type: {}\r\nContent-Length: {}\r\n", route.content_type, body.len()));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}
