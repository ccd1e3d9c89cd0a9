//! One module per subcommand, plus the argument parsers they share.

pub mod actors;
pub mod control;
pub mod dedup;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod places;
pub mod query;
pub mod queue;
pub mod reprocess;
pub mod serve;
pub mod stats;
pub mod store;
pub mod rules;
pub mod watch;

use chrono::NaiveDate;

/// Parses `YYYY-MM-DD` for clap.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

/// `--reference-date`: a date, or `none` to leave year-less dates unresolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceDate(pub Option<NaiveDate>);

/// Parses `YYYY-MM-DD` or `none` for clap.
pub fn parse_reference_date(s: &str) -> Result<ReferenceDate, String> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(ReferenceDate(None));
    }
    parse_day(s).map(|d| ReferenceDate(Some(d)))
}

/// Today's date (UTC) from the system clock: the "crawl date" used when reports carry no year.
pub fn today() -> Option<NaiveDate> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    chrono::DateTime::from_timestamp(i64::try_from(secs).ok()?, 0).map(|t| t.date_naive())
}

/// Parses `--threads` for clap: a whole number of at least 1.
pub fn parse_threads(s: &str) -> Result<std::num::NonZeroUsize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) => std::num::NonZeroUsize::new(n).ok_or_else(|| "--threads must be at least 1".to_owned()),
        Err(_) => Err(format!("{s:?} is not a number of threads (at least 1)")),
    }
}

/// Largest `--max-document-mb`: a report of 1 GB is already hours of work and that much memory
/// per thread.
const MAX_DOCUMENT_MB: usize = 1024;

/// Parses `--max-document-mb` for clap: a whole number of megabytes, 1 to 1024.
pub fn parse_document_mb(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_DOCUMENT_MB).contains(&n) => Ok(n),
        _ => Err(format!("--max-document-mb must be a whole number of megabytes from 1 to {MAX_DOCUMENT_MB}")),
    }
}

/// `--max-document-mb` in bytes.
pub fn document_bytes(mb: usize) -> usize {
    mb << 20
}

/// `--time-budget`: the longest extraction of one report, or `None` for no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBudget(pub Option<std::time::Duration>);

/// Parses `--time-budget` for clap: seconds, fractions allowed; 0 means no budget.
pub fn parse_time_budget(s: &str) -> Result<TimeBudget, String> {
    let message = || format!("--time-budget must be a number of seconds (0 for none), not {s:?}");
    let secs: f64 = s.trim().parse().map_err(|_| message())?;
    if secs == 0.0 {
        return Ok(TimeBudget(None));
    }
    if !secs.is_finite() || secs < 0.0 {
        return Err(message());
    }
    std::time::Duration::try_from_secs_f64(secs).map(|d| TimeBudget(Some(d))).map_err(|_| message())
}

/// `--threads`, defaulting to the machine's available parallelism.
pub fn thread_count(requested: Option<std::num::NonZeroUsize>) -> usize {
    requested
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, std::num::NonZeroUsize::get)
}
