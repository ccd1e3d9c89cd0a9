//! HTTP: conditional GETs of feeds, plain GETs of article pages.

use std::time::Duration;

use ureq::Agent;

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// No answer, or a broken one: DNS, connection, TLS, timeout, a body over the limit.
    #[error("{0}")]
    Transport(#[from] ureq::Error),
}

impl FetchError {
    /// Whether trying again later may help: not for 404 Not Found, 410 Gone and other client
    /// errors about the address itself, which will not change by waiting.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Status(code) => *code >= 500 || *code == 408 || *code == 429,
            FetchError::Transport(ureq::Error::BodyExceedsLimit(_)) => false,
            FetchError::Transport(_) => true,
        }
    }
}

/// A response body with what the watcher needs of its headers.
#[derive(Debug)]
pub struct Body {
    /// The bytes, as sent (after transfer and content decoding).
    pub bytes: Vec<u8>,
    /// The `Content-Type` header (for the character set).
    pub content_type: Option<String>,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// What a GET gave.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the validators sent still hold.
    NotModified,
    /// 2xx with its body.
    Body(Body),
}

/// Validators from an earlier response, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Validators<'a> {
    /// The earlier `ETag`.
    pub etag: Option<&'a str>,
    /// The earlier `Last-Modified`.
    pub last_modified: Option<&'a str>,
}

/// The client every fetch goes through: one agent, so connections to an outlet are reused.
pub struct Client {
    agent: Agent,
    max_bytes: u64,
}

impl Client {
    /// A client with `timeout` for a whole request and bodies of at most `max_bytes`.
    pub fn new(timeout: Duration, max_bytes: usize) -> Client {
        let config = Agent::config_builder()
            .timeout_global(Some(timeout))
            // Statuses are answers the watcher reads (304, 404, 503), not transport failures.
            .http_status_as_error(false)
            .user_agent(concat!("marsad-watch/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent: config.into(), max_bytes: max_bytes as u64 }
    }

    /// GETs `url`, conditionally when validators are given.
    ///
    /// # Errors
    /// Transport failures, statuses other than 2xx and 304, bodies over the limit.
    pub fn get(&self, url: &str, validators: Validators<'_>) -> Result<Fetched, FetchError> {
        let mut request = self.agent.get(url);
        if let Some(etag) = validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = validators.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call()?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
        };
        let (content_type, etag, last_modified) = (header("content-type"), header("etag"), header("last-modified"));
        let bytes = response.body_mut().with_config().limit(self.max_bytes).read_to_vec()?;
        Ok(Fetched::Body(Body { bytes, content_type, etag, last_modified }))
    }
}
