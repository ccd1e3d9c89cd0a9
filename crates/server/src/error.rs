//! Errors: the server's own (start-up), and the API's, always answered as JSON
//! `{"error": message}` with a fitting status.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("opening the store {0}: {1}")]
    Store(PathBuf, marsad_store::StoreError),
    /// The extraction pipeline could not be loaded.
    #[error("loading the extraction pipeline: {0}")]
    Pipeline(String),
    /// The address could not be bound.
    #[error("listening on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// The runtime or the listener failed.
    #[error(transparent)]
    Io(std::io::Error),
}

/// An API error: a status and a message for the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<marsad_store::StoreError> for ApiError {
    fn from(e: marsad_store::StoreError) -> ApiError {
        match e {
            marsad_store::StoreError::BadQuery(m) => ApiError::bad_request(m),
            other => {
                // The client learns that the store failed; the details go to the operator.
                eprintln!("marsad: store error: {other}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the store could not answer (see the server's log)")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// Largest plain-text error body turned into a JSON message; longer ones get the status's name.
const MAX_MESSAGE: usize = 4096;

/// Turns every error response that is not JSON already (axum's rejections of bad parameters,
/// the body limit's 413, the timeout's 503, an unknown method's 405) into `{"error": message}`,
/// keeping the message when there is one.
pub async fn json_errors(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_MESSAGE).await.ok().and_then(|b| String::from_utf8(b.to_vec()).ok());
    let message = match text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
        // The limit layer says only "length limit exceeded".
        Some(t) if status == StatusCode::PAYLOAD_TOO_LARGE => format!("{}: {t}", default_message(status)),
        Some(t) => t,
        None => default_message(status),
    };
    let mut out = ApiError::new(status, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

fn default_message(status: StatusCode) -> String {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => "request body too large for this server (marsad serve --max-body-mb)".to_owned(),
        StatusCode::SERVICE_UNAVAILABLE => "the request took too long and was stopped".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this path".to_owned(),
        s => s.canonical_reason().unwrap_or("error").to_lowercase(),
    }
}
