//! `marsad serve`: a JSON API over the store (described by an OpenAPI 3 document at
//! `/api/openapi.json`) and the analyst's web page, from one process.
//!
//! Reads are open; `POST /api/documents` needs the write token given at start-up (compared in
//! constant time). Every request has a body limit and a time limit; extractions run on blocking
//! threads, at most [`Config::max_ingests`] at once. The page and its scripts are compiled into
//! the binary and need no network; its Content-Security-Policy forbids inline script, and report
//! text reaches the page only as JSON strings that the page writes as text.
//!
//! ```no_run
//! let config = marsad_server::Config::new("marsad.db".into());
//! marsad_server::run(config)?;
//! # Ok::<(), marsad_server::ServerError>(())
//! ```
#![deny(missing_docs)]

mod api;
mod assets;
mod error;
mod intake;
mod params;
mod pool;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ServerError;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store (created when missing).
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The token `POST /api/documents` needs; `None` refuses every write.
    pub write_token: Option<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest a request may take before it is answered 503.
    pub timeout: Duration,
    /// Most ingests (extraction and storing) running at once; others wait their turn.
    pub max_ingests: usize,
}

/// Default listening address: loopback only, since reads are open.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

impl Config {
    /// Defaults: loopback port 8080, no writes, 5 MB bodies, 60 s per request, 2 ingests at once.
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            write_token: None,
            max_body_bytes: 5 << 20,
            timeout: Duration::from_secs(60),
            max_ingests: 2,
        }
    }
}

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) readers: pool::Readers,
    pub(crate) writer: std::sync::Mutex<marsad_store::Store>,
    pub(crate) pipeline: marsad_extract::Pipeline,
    pub(crate) write_token: Option<String>,
    pub(crate) ingests: tokio::sync::Semaphore,
}

/// The API's routes as (method, path), in the OpenAPI document's path syntax; the test suite
/// checks that the OpenAPI document describes exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/openapi.json"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/documents/{id}"),
    ("post", "/api/documents"),
    ("get", "/api/actors"),
    ("get", "/api/actors/{id}"),
    ("get", "/api/places"),
    ("get", "/api/places/{id}/control"),
    ("get", "/api/control"),
];

/// Content-Security-Policy of every response: scripts, styles and data only from this server,
/// no inline script or style elements, no plugins, not framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Builds the application for `config`: opens the store and loads the pipeline.
///
/// # Errors
/// The store cannot be opened; the pipeline cannot be loaded.
pub fn app(config: &Config) -> Result<Router, ServerError> {
    let writer = marsad_store::Store::open(&config.db).map_err(|e| ServerError::Store(config.db.clone(), e))?;
    let pipeline = marsad_extract::Pipeline::embedded().map_err(|e| ServerError::Pipeline(e.to_string()))?;
    let state = Arc::new(AppState {
        readers: pool::Readers::new(config.db.clone()),
        writer: std::sync::Mutex::new(writer),
        pipeline,
        write_token: config.write_token.clone().filter(|t| !t.is_empty()),
        ingests: tokio::sync::Semaphore::new(config.max_ingests.max(1)),
    });
    Ok(router(state, config))
}

fn router(state: Arc<AppState>, config: &Config) -> Router {
    let api = Router::new()
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/events", get(api::events))
        .route("/api/events/{id}", get(api::event))
        .route("/api/documents", axum::routing::post(api::post_documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{id}", get(api::actor))
        .route("/api/places", get(api::places))
        .route("/api/places/{id}/control", get(api::place_control))
        .route("/api/control", get(api::control))
        .route("/api/{*rest}", axum::routing::any(api::no_route))
        .with_state(state);
    assets::routes()
        .merge(api)
        // axum's own limit stays as a second guard for bodies without a length.
        .layer(axum::extract::DefaultBodyLimit::max(config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, config.timeout))
        // Outside the limits, so that their refusals are JSON too.
        .layer(axum::middleware::from_fn(error::json_errors))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

/// Serves `app` on `listener` until `shutdown` resolves.
///
/// # Errors
/// The listener fails.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await.map_err(ServerError::Io)
}

/// Runs the server for `config` until Ctrl-C or SIGTERM, on a runtime of its own.
///
/// # Errors
/// The store cannot be opened, the pipeline cannot be loaded, or the address cannot be bound.
pub fn run(config: Config) -> Result<(), ServerError> {
    let app = app(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServerError::Io)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr).await.map_err(|e| ServerError::Bind(config.addr, e))?;
        let bound = listener.local_addr().map_err(ServerError::Io)?;
        eprintln!("marsad: serving {} on http://{bound}/", config.db.display());
        if config.write_token.is_none() {
            eprintln!("marsad: no write token (--token-file or MARSAD_WRITE_TOKEN): POST /api/documents is refused");
        }
        serve_on(listener, app, shutdown_signal()).await
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a signal handler the server runs until killed, which is still correct.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
