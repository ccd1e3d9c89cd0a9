//! The JSON API's handlers. Store reads run on blocking threads with a pooled connection;
//! ingests take a permit of the ingest semaphore first.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_extract::ExtractOptions;
use marsad_model::InputDocument;
use marsad_store::{IngestOutcome, Store, StoreError};
use serde_json::{json, Value};
use subtle::ConstantTimeEq as _;

use crate::error::ApiError;
use crate::intake::{self, BodyKind, Meta};
use crate::params;
use crate::AppState;

type Shared = State<Arc<AppState>>;
type Params = Query<HashMap<String, String>>;
type ApiResult = Result<Response, ApiError>;

/// The OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("openapi.json");

fn internal(e: impl std::fmt::Display) -> ApiError {
    eprintln!("marsad: internal error: {e}");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error (see the server's log)")
}

/// Runs a store read on a blocking thread.
async fn read<T, F>(state: &Arc<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    let state = Arc::clone(state);
    let out = tokio::task::spawn_blocking(move || state.readers.with(f)).await.map_err(internal)?;
    Ok(out?)
}

fn found<T: serde::Serialize>(value: Option<T>, what: impl FnOnce() -> String) -> ApiResult {
    match value {
        Some(v) => Ok(Json(v).into_response()),
        None => Err(ApiError::not_found(what())),
    }
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// Any other `/api/...` path.
pub async fn no_route(request: Request<Body>) -> ApiError {
    ApiError::not_found(format!("no such API route: {} {} (see /api/openapi.json)", request.method(), request.uri().path()))
}

/// `GET /api/events`.
pub async fn events(State(state): Shared, Query(params): Params) -> ApiResult {
    let q = params::event_query(&params)?;
    let (offset, limit) = (q.offset, q.limit);
    let page = read(&state, move |s| s.events_page(&q.filter, q.sort, q.offset, q.limit)).await?;
    // Serialised straight from the records, without an intermediate JSON tree.
    #[derive(serde::Serialize)]
    struct Page {
        total: u64,
        offset: u64,
        limit: u64,
        events: Vec<marsad_store::StoredEvent>,
    }
    Ok(Json(Page { total: page.total, offset, limit, events: page.events }).into_response())
}

/// `GET /api/events/{id}`.
pub async fn event(State(state): Shared, Path(id): Path<String>, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let key = id.clone();
    let detail = read(&state, move |s| s.event_detail(&key)).await?;
    found(detail, || format!("no event with id {id:?}"))
}

/// `GET /api/documents/{id}`.
pub async fn document(State(state): Shared, Path(id): Path<String>, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let key = id.clone();
    let doc = read(&state, move |s| s.document_view(&key)).await?;
    found(doc, || format!("no document with doc_id {id:?}"))
}

/// `GET /api/actors`.
pub async fn actors(State(state): Shared, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let actors = read(&state, Store::actors).await?;
    Ok(Json(json!({ "actors": actors })).into_response())
}

/// `GET /api/actors/{id}`.
pub async fn actor(State(state): Shared, Path(id): Path<String>, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let key = id.clone();
    let actor = read(&state, move |s| s.actor_detail(&key)).await?;
    found(actor, || format!("no actor with id {id:?}"))
}

/// `GET /api/places`.
pub async fn places(State(state): Shared, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let places = read(&state, Store::places).await?;
    Ok(Json(json!({ "places": places })).into_response())
}

/// `GET /api/places/{id}/control`.
pub async fn place_control(State(state): Shared, Path(id): Path<String>, Query(params): Params) -> ApiResult {
    params::only(&params, &[])?;
    let key = id.clone();
    let (place, periods) = read(&state, move |s| Ok((s.place(&key)?, s.place_control(&key)?))).await?;
    if place.is_none() && periods.is_empty() {
        return Err(ApiError::not_found(format!("no place with gazetteer id {id:?}")));
    }
    Ok(Json(json!({ "place": place, "periods": periods })).into_response())
}

/// `GET /api/control?date=YYYY-MM-DD`.
pub async fn control(State(state): Shared, Query(params): Params) -> ApiResult {
    params::only(&params, &["date"])?;
    let Some(date) = params.get("date") else {
        return Err(ApiError::bad_request("date is required: /api/control?date=YYYY-MM-DD"));
    };
    let day = params::day("date", date)?;
    let key = day.clone();
    let places = read(&state, move |s| s.held_on(&key)).await?;
    Ok(Json(json!({ "date": day, "places": places })).into_response())
}

/// Checks the `Authorization: Bearer TOKEN` header against the write token, in constant time.
fn authorise(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &state.write_token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: start marsad serve with --token-file FILE or MARSAD_WRITE_TOKEN",
        ));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let Some(given) = given else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "a write token is required: Authorization: Bearer TOKEN"));
    };
    // `ct_eq` on slices of different lengths answers at once; the length is not the secret.
    if bool::from(given.trim().as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "wrong write token"))
    }
}

/// Parameters of `POST /api/documents`.
const POST_PARAMS: &[&str] = &["doc_id", "published", "source", "url", "reference_date"];

/// `POST /api/documents`: a text, HTML or JSON Lines body, extracted and stored.
pub async fn post_documents(State(state): Shared, request: Request<Body>) -> ApiResult {
    authorise(&state, request.headers())?;
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let Some(kind) = BodyKind::from_content_type(&content_type) else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Content-Type {content_type:?} is not read; send {}", intake::ACCEPTED),
        ));
    };
    let query: Query<HashMap<String, String>> =
        Query::try_from_uri(request.uri()).map_err(|e| ApiError::bad_request(e.body_text()))?;
    params::only(&query, POST_PARAMS)?;
    let meta = Meta {
        doc_id: query.get("doc_id").cloned().filter(|v| !v.trim().is_empty()),
        published: query.get("published").map(|v| params::day("published", v)).transpose()?,
        source: query.get("source").cloned(),
        url: query.get("url").cloned(),
    };
    let reference_date = match query.get("reference_date").map(String::as_str) {
        None => today(),
        Some("none") => None,
        Some(v) => Some(chrono::NaiveDate::parse_from_str(&params::day("reference_date", v)?, "%Y-%m-%d").map_err(internal)?),
    };
    // The body limit layer bounds this read.
    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .map_err(|e| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("request body refused: {e}")))?;
    let items = intake::read(kind, &body, &content_type, &meta);
    let _permit = state.ingests.acquire().await.map_err(internal)?;
    let shared = Arc::clone(&state);
    let report = tokio::task::spawn_blocking(move || ingest(&shared, items, reference_date)).await.map_err(internal)??;
    Ok(report.into_response())
}

/// What a POST stored and refused.
struct IngestReport {
    stored: Vec<Value>,
    errors: Vec<Value>,
    changed: bool,
}

impl IntoResponse for IngestReport {
    fn into_response(self) -> Response {
        if self.stored.is_empty() {
            let first = self.errors.first().and_then(|e| e["error"].as_str()).unwrap_or("nothing to store").to_owned();
            let body = json!({ "error": format!("nothing stored: {first}"), "errors": self.errors });
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
        }
        let status = if self.changed { StatusCode::CREATED } else { StatusCode::OK };
        (status, Json(json!({ "stored": self.stored, "errors": self.errors }))).into_response()
    }
}

fn ingest(state: &AppState, items: Vec<intake::Item>, reference_date: Option<chrono::NaiveDate>) -> Result<IngestReport, ApiError> {
    let options = ExtractOptions { reference_date, dropped: false };
    let reference = reference_date.map(|d| d.format("%Y-%m-%d").to_string());
    let version = marsad_extract::extractor_version();
    let mut report = IngestReport { stored: Vec::new(), errors: Vec::new(), changed: false };
    for item in items {
        let doc: InputDocument = match item.doc {
            Ok(doc) => doc,
            Err(e) => {
                report.errors.push(json!({ "origin": item.origin, "error": e }));
                continue;
            }
        };
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| state.pipeline.extract(&doc, &options)));
        let Ok(output) = extracted else {
            report.errors.push(json!({ "origin": item.origin, "error": "extraction failed (an internal error; see the server's log)" }));
            continue;
        };
        let batch = [marsad_store::Extracted { input: &doc, output: &output, extractor_version: version, reference_date: reference.as_deref() }];
        let summary = {
            let mut writer = state.writer.lock().map_err(|_| internal("the store writer was poisoned by an earlier failure"))?;
            writer.ingest_batch(&batch, false)?
        };
        let outcome = if summary.new > 0 {
            IngestOutcome::New
        } else if summary.replaced > 0 {
            IngestOutcome::Replaced
        } else {
            IngestOutcome::Unchanged
        };
        report.changed |= outcome != IngestOutcome::Unchanged;
        let event_ids: Vec<&str> = output.events.iter().map(|e| e.event_id.as_str()).collect();
        let outcome = match outcome {
            IngestOutcome::New => "new",
            IngestOutcome::Replaced => "replaced",
            IngestOutcome::Unchanged => "unchanged",
        };
        report.stored.push(json!({ "origin": item.origin, "doc_id": doc.doc_id, "outcome": outcome, "event_ids": event_ids }));
    }
    Ok(report)
}

/// Today's date (UTC): the reference date `marsad ingest` uses by default.
fn today() -> Option<chrono::NaiveDate> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0).map(|t| t.date_naive())
}
