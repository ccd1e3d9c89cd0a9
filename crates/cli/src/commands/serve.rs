//! `marsad serve`: the JSON API and the web page over a store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};

use super::store::DbArg;
use crate::Status;

/// Environment variable holding the write token when `--token-file` is not given.
const TOKEN_VAR: &str = "MARSAD_WRITE_TOKEN";

/// Arguments of `marsad serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on (loopback by default: reads need no token).
    #[arg(long, value_name = "HOST:PORT", default_value = marsad_server::DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// File holding the token that `POST /api/documents` needs (else $MARSAD_WRITE_TOKEN; with
    /// neither, writes are refused).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest request body, in megabytes.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_body_mb: usize,
    /// Longest a request may take, in seconds (it is then answered 503).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// Most documents being extracted and stored at once; further POSTs wait their turn.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub max_ingests: usize,
}

/// Runs `marsad serve` until Ctrl-C or SIGTERM.
///
/// # Errors
/// When the token file cannot be read, or the server cannot start.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (_, db) = args.db.sqlite_create("serve")?;
    let write_token = match &args.token_file {
        Some(path) => {
            let token = std::fs::read_to_string(path).with_context(|| format!("reading the token file {}", path.display()))?;
            let token = token.trim().to_owned();
            if token.is_empty() {
                bail!("the token file {} is empty", path.display());
            }
            Some(token)
        }
        None => std::env::var(TOKEN_VAR).ok().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
    };
    if args.max_body_mb == 0 || args.max_ingests == 0 || args.timeout == 0 {
        bail!("--max-body-mb, --max-ingests and --timeout must be at least 1");
    }
    let config = marsad_server::Config {
        db,
        addr: args.addr,
        write_token,
        max_body_bytes: args.max_body_mb.saturating_mul(1 << 20),
        timeout: Duration::from_secs(args.timeout),
        max_ingests: args.max_ingests,
    };
    marsad_server::run(config)?;
    Ok(Status::Clean)
}
