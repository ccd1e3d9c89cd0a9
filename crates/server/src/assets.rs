//! The web page and what it loads, compiled into the binary: the page itself, the script and
//! style bundle built from `web/` (committed, so building marsad needs no npm), and the map of
//! Syria from `data/boundaries/`.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const INDEX: &[u8] = include_bytes!("../assets/index.html");
const APP_JS: &[u8] = include_bytes!("../assets/app.js");
const APP_CSS: &[u8] = include_bytes!("../assets/app.css");
const SYRIA: &[u8] = include_bytes!("../../../data/boundaries/syria_adm1.geojson");

fn asset(content_type: &'static str, body: &'static [u8]) -> impl IntoResponse {
    // The bundle changes only with the binary; a short cache keeps reloads after an upgrade right.
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=300")], body)
}

/// Routes of the page and its assets.
pub fn routes() -> Router {
    Router::new()
        .route("/", get(|| async { asset("text/html; charset=utf-8", INDEX) }))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/syria.geojson", get(|| async { asset("application/json", SYRIA) }))
}
