//! Feed watching: polls outlets' RSS and Atom feeds, fetches each new article's page, reads it
//! (character set, article text, date: `marsad-html`), extracts its events and stores it once.
//!
//! A [`Watcher`] owns the store and remembers, in `watch_*` tables of the same SQLite file
//! ([`state`]), each feed's `ETag` and `Last-Modified` (sent back, so an unchanged feed costs a
//! 304), its failures in a row and when it is due next, and every item already handled, so a
//! restarted watcher neither re-fetches nor re-ingests. A feed that fails is polled again after
//! its interval times 2^failures, at most [`WatchOptions::backoff_cap`]; the other feeds go on.
//!
//! ```no_run
//! use marsad_watch::{FeedList, WatchOptions, Watcher};
//! let feeds = FeedList::load("feeds.toml".as_ref())?;
//! let store = marsad_store::Store::open("marsad.db".as_ref())?;
//! let mut watcher = Watcher::new(store, feeds, WatchOptions::default())?;
//! for report in watcher.poll_all()? {
//!     println!("{}: {:?}", report.url, report.outcome);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod fetch;
pub mod state;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;
use marsad_store::{Extracted, Store};

pub use config::{ConfigError, Feed, FeedList};
use fetch::{Client, Fetched, Validators};
use state::{FeedState, ItemRecord, ItemStatus, PollRecord};

/// Least share of Arabic among a page's letters for it to be read as a report (as `marsad
/// extract` requires of its inputs).
const MIN_ARABIC_SHARE: f64 = 0.2;

/// What stops the watcher itself (a feed's or an article's failure never does).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The store could not be written or read.
    #[error(transparent)]
    Store(#[from] marsad_store::StoreError),
    /// The watcher's own tables could not be written or read.
    #[error("the watcher's state in the store: {0}")]
    State(#[from] rusqlite::Error),
    /// The extraction pipeline could not be loaded.
    #[error("loading the extraction pipeline: {0}")]
    Pipeline(#[from] marsad_extract::ExtractError),
}

/// Result with [`WatchError`].
pub type Result<T, E = WatchError> = std::result::Result<T, E>;

/// Settings of a watcher.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Longest time for one request (feed or page), connection to last byte.
    pub timeout: Duration,
    /// Largest feed or page read, in bytes.
    pub max_bytes: usize,
    /// Longest wait after failures, whatever the interval and the failures (unless the
    /// interval itself is longer).
    pub backoff_cap: Duration,
    /// Polls at which an article page may fail for now (5xx, timeout) before it is given up.
    pub max_attempts: u32,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            timeout: Duration::from_secs(30),
            max_bytes: 5 << 20,
            backoff_cap: Duration::from_secs(6 * 3600),
            max_attempts: 5,
        }
    }
}

/// How one poll of one feed went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedReport {
    /// The feed's address.
    pub url: String,
    /// What happened.
    pub outcome: Outcome,
}

/// What one poll of a feed did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 304: nothing new since the last full read.
    NotModified,
    /// The feed was read; its items counted by what became of them.
    Read(ItemCounts),
    /// The feed could not be fetched or parsed.
    Failed {
        /// What went wrong.
        error: String,
        /// Failed polls in a row, this one included.
        failures: u32,
        /// Time until the next poll.
        retry_in: Duration,
    },
}

/// What became of a feed's items in one poll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemCounts {
    /// Items in the feed.
    pub items: usize,
    /// Items handled at an earlier poll (or from another feed), left alone.
    pub known: usize,
    /// Articles stored.
    pub ingested: usize,
    /// Events extracted from the stored articles.
    pub events: usize,
    /// Items given up on (no link, page gone, no readable Arabic text, too many failures).
    pub skipped: usize,
    /// Articles that failed for now and are tried again at the next poll.
    pub retry: usize,
}

/// What became of one article.
enum Article {
    Ingested { events: usize },
    Skipped(String),
    Retry(String),
}

/// Polls feeds and stores their new articles. See the crate documentation.
pub struct Watcher {
    store: Store,
    pipeline: Pipeline,
    client: Client,
    feeds: Vec<Feed>,
    options: WatchOptions,
    log: Box<dyn FnMut(&str)>,
}

impl Watcher {
    /// A watcher of `feeds` storing into `store`; creates the watcher's tables in the store when
    /// missing. Notices (failures with the feed's address, skipped and stored articles) go to
    /// stderr unless [`Watcher::with_log`] sends them elsewhere.
    ///
    /// # Errors
    /// The tables cannot be created; the pipeline cannot be loaded.
    pub fn new(store: Store, feeds: FeedList, options: WatchOptions) -> Result<Watcher> {
        state::create(store.connection())?;
        Ok(Watcher {
            store,
            pipeline: Pipeline::embedded()?,
            client: Client::new(options.timeout, options.max_bytes),
            feeds: feeds.feeds,
            options,
            log: Box::new(|line| eprintln!("marsad watch: {line}")),
        })
    }

    /// Sends notices to `log` instead of stderr.
    #[must_use]
    pub fn with_log(mut self, log: impl FnMut(&str) + 'static) -> Watcher {
        self.log = Box::new(log);
        self
    }

    /// The store written to.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Polls every feed once, now, whatever its schedule (`marsad watch --once`).
    ///
    /// # Errors
    /// Only the store's; feeds and articles that fail are reported and remembered.
    pub fn poll_all(&mut self) -> Result<Vec<FeedReport>> {
        let now = unix_now();
        (0..self.feeds.len()).map(|i| self.poll(i, now)).collect()
    }

    /// Polls the feeds due at `now` (Unix seconds): never polled, or past their interval or
    /// back-off.
    ///
    /// # Errors
    /// As [`Watcher::poll_all`].
    pub fn poll_due(&mut self, now: i64) -> Result<Vec<FeedReport>> {
        let mut reports = Vec::new();
        for i in 0..self.feeds.len() {
            let due = state::feed(self.store.connection(), &self.feeds[i].url)?.next_poll.is_none_or(|t| t <= now);
            if due {
                reports.push(self.poll(i, now)?);
            }
        }
        Ok(reports)
    }

    /// When the next feed is due (Unix seconds); a feed never polled is due at once (`i64::MIN`).
    ///
    /// # Errors
    /// The state cannot be read.
    pub fn next_due(&self) -> Result<i64> {
        let mut next = i64::MAX;
        for feed in &self.feeds {
            next = next.min(state::feed(self.store.connection(), &feed.url)?.next_poll.unwrap_or(i64::MIN));
        }
        Ok(next)
    }

    /// Polls each feed when it is due, for ever (`marsad watch`).
    ///
    /// # Errors
    /// As [`Watcher::poll_all`]; the loop ends only on such an error.
    pub fn run(&mut self) -> Result<()> {
        loop {
            self.poll_due(unix_now())?;
            let wait = self.next_due()?.saturating_sub(unix_now()).clamp(1, 60);
            std::thread::sleep(Duration::from_secs(wait.unsigned_abs()));
        }
    }

    /// Polls feed `i` at `now` and remembers how it went.
    fn poll(&mut self, i: usize, now: i64) -> Result<FeedReport> {
        let feed = self.feeds[i].clone();
        let old = state::feed(self.store.connection(), &feed.url)?;
        let validators = Validators { etag: old.etag.as_deref(), last_modified: old.last_modified.as_deref() };
        let fetched = self.client.get(&feed.url, validators);
        let next_ok = now.saturating_add(secs(feed.interval));
        let read = match fetched {
            Err(e) => Err(e.to_string()),
            Ok(Fetched::NotModified) => Ok(None),
            Ok(Fetched::Body(body)) => match parse_feed(&feed.url, &body.bytes) {
                Err(e) => Err(e),
                Ok(parsed) => Ok(Some((self.items(&feed, &parsed, now)?, body))),
            },
        };
        let (new, outcome) = match read {
            Ok(None) => (FeedState { failures: 0, next_poll: Some(next_ok), ..old }, Outcome::NotModified),
            Ok(Some((counts, body))) => {
                // With articles left to retry, the old validators stay, so that the next poll
                // gets the whole feed again (a 304 would hide those articles).
                let (etag, last_modified) = if counts.retry == 0 { (body.etag, body.last_modified) } else { (old.etag, old.last_modified) };
                (FeedState { etag, last_modified, failures: 0, next_poll: Some(next_ok) }, Outcome::Read(counts))
            }
            Err(error) => {
                let failures = old.failures.saturating_add(1);
                let retry_in = retry_delay(feed.interval, failures, self.options.backoff_cap);
                (self.log)(&format!("{}: {error} (failure {failures} in a row); next poll in {}", feed.url, human(retry_in)));
                let state = FeedState { failures, next_poll: Some(now.saturating_add(secs(retry_in))), ..old };
                (state, Outcome::Failed { error, failures, retry_in })
            }
        };
        let error = match &outcome {
            Outcome::Failed { error, .. } => Some(error.as_str()),
            _ => None,
        };
        state::save_feed(self.store.connection(), &PollRecord { feed: &feed, state: &new, at: &rfc3339(now), error })?;
        Ok(FeedReport { url: feed.url, outcome })
    }

    /// Handles a feed's items, oldest first (feeds list the newest first).
    fn items(&mut self, feed: &Feed, parsed: &feed_rs::model::Feed, now: i64) -> Result<ItemCounts> {
        let mut counts = ItemCounts { items: parsed.entries.len(), ..ItemCounts::default() };
        let feed_title = parsed.title.as_ref().map(|t| t.content.trim().to_owned()).filter(|t| !t.is_empty());
        for entry in parsed.entries.iter().rev() {
            self.item(feed, feed_title.as_deref(), entry, now, &mut counts)?;
        }
        Ok(counts)
    }

    /// Handles one item unless it is known, and counts what became of it.
    fn item(&mut self, feed: &Feed, feed_title: Option<&str>, entry: &feed_rs::model::Entry, now: i64, counts: &mut ItemCounts) -> Result<()> {
        let link = article_link(entry);
        let key = if entry.id.trim().is_empty() { link.clone().unwrap_or_default() } else { entry.id.clone() };
        if state::is_done(self.store.connection(), &feed.url, &key, link.as_deref())? {
            counts.known += 1;
            return Ok(());
        }
        let article = match &link {
            Some(link) => self.article(feed, feed_title, entry, link, now)?,
            None => Article::Skipped("the item has no link".to_owned()),
        };
        self.settle(feed, &key, link.as_deref(), &article, now, counts)
    }

    /// Records what became of an item, says it, and counts it.
    fn settle(&mut self, feed: &Feed, key: &str, link: Option<&str>, article: &Article, now: i64, counts: &mut ItemCounts) -> Result<()> {
        let (status, detail) = match article {
            Article::Ingested { .. } => (ItemStatus::Ingested, None),
            Article::Skipped(why) => (ItemStatus::Skipped, Some(why.as_str())),
            Article::Retry(why) => (ItemStatus::Retry, Some(why.as_str())),
        };
        let doc_id = link.filter(|_| status == ItemStatus::Ingested);
        let at = rfc3339(now);
        let record = ItemRecord { feed_url: &feed.url, key, url: link, status, doc_id, detail, at: &at };
        let attempts = state::save_item(self.store.connection(), &record)?;
        let item = format!("{}: {}", feed.url, link.unwrap_or(key));
        match article {
            Article::Ingested { events } => {
                (self.log)(&format!("{item}: stored, {events} events"));
                counts.ingested += 1;
                counts.events += events;
            }
            Article::Skipped(why) => {
                (self.log)(&format!("{item}: skipped: {why}"));
                counts.skipped += 1;
            }
            Article::Retry(why) if attempts >= self.options.max_attempts => {
                let detail = format!("gave up after {attempts} attempts: {why}");
                (self.log)(&format!("{item}: {detail}"));
                state::give_up(self.store.connection(), &feed.url, key, &detail)?;
                counts.skipped += 1;
            }
            Article::Retry(why) => {
                (self.log)(&format!("{item}: {why}; tried again at the next poll"));
                counts.retry += 1;
            }
        }
        Ok(())
    }

    /// Fetches, reads, extracts and stores one article.
    fn article(&mut self, feed: &Feed, feed_title: Option<&str>, entry: &feed_rs::model::Entry, link: &str, now: i64) -> Result<Article> {
        let body = match self.client.get(link, Validators::default()) {
            Ok(Fetched::Body(body)) => body,
            Ok(Fetched::NotModified) => return Ok(Article::Retry("HTTP 304 to an unconditional request".to_owned())),
            Err(e) if e.is_transient() => return Ok(Article::Retry(e.to_string())),
            Err(e) => return Ok(Article::Skipped(e.to_string())),
        };
        let page = marsad_html::read_page(&body.bytes, body.content_type.as_deref());
        if let Err(why) = readable(&page.text) {
            return Ok(Article::Skipped(why));
        }
        // The page's own date first: it keeps the outlet's local day, which the feed's UTC
        // timestamp may move across midnight.
        let feed_date = entry.published.or(entry.updated).map(|d| d.format("%Y-%m-%d").to_string());
        let published = page.published.as_deref().and_then(day).or(feed_date);
        let source = feed.name.clone().or(page.site_name).or_else(|| feed_title.map(str::to_owned));
        let doc = InputDocument { doc_id: link.to_owned(), text: page.text, published, source, url: Some(link.to_owned()) };
        let reference_date = DateTime::from_timestamp(now, 0).map(|t| t.date_naive());
        let output = self.pipeline.extract(&doc, &ExtractOptions { reference_date, dropped: false });
        let reference = reference_date.map(|d| d.format("%Y-%m-%d").to_string());
        let extracted = Extracted {
            input: &doc,
            output: &output,
            extractor_version: marsad_extract::extractor_version(),
            reference_date: reference.as_deref(),
        };
        self.store.ingest_batch(&[extracted], false)?;
        Ok(Article::Ingested { events: output.events.len() })
    }
}

/// A feed body parsed; relative links are resolved against the feed's address.
fn parse_feed(url: &str, bytes: &[u8]) -> std::result::Result<feed_rs::model::Feed, String> {
    let parser = feed_rs::parser::Builder::new().base_uri(Some(url)).build();
    parser.parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))
}

/// The article's address: the entry's `alternate` link, else its first.
fn article_link(entry: &feed_rs::model::Entry) -> Option<String> {
    let alternate = entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
    alternate.or(entry.links.first()).map(|l| l.href.trim().to_owned()).filter(|h| h.starts_with("http://") || h.starts_with("https://"))
}

/// Whether a page's text is a report marsad reads: some text, a fair share of it Arabic.
fn readable(text: &str) -> std::result::Result<(), String> {
    let (letters, arabic) = text.chars().filter(|c| c.is_alphabetic()).fold((0usize, 0usize), |(l, a), c| {
        (l + 1, a + usize::from(matches!(c, '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' | '\u{8a0}'..='\u{8ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')))
    });
    if letters == 0 {
        return Err("no readable text on the page".to_owned());
    }
    let share = arabic as f64 / letters as f64;
    if share < MIN_ARABIC_SHARE {
        return Err(format!("not Arabic: {:.0}% of {letters} letters are Arabic", share * 100.0));
    }
    Ok(())
}

/// `YYYY-MM-DD` from a date or a timestamp that starts with one.
fn day(s: &str) -> Option<String> {
    let head = s.trim().get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

/// The wait after `failures` failed polls in a row: the interval times 2^failures, at most
/// `cap` (or the interval, when that is longer).
pub fn retry_delay(interval: Duration, failures: u32, cap: Duration) -> Duration {
    let factor = 1u32.checked_shl(failures.min(31)).unwrap_or(u32::MAX);
    interval.saturating_mul(factor).min(cap.max(interval))
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// "90 s", "15 min", "2 h 30 min" for notices.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=119 => format!("{s} s"),
        120..=3599 => format!("{} min", s / 60),
        _ if s % 3600 / 60 == 0 => format!("{} h", s / 3600),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn rfc3339(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_stops_at_the_cap() {
        let m = |n: u64| Duration::from_secs(n * 60);
        let cap = m(360);
        let waits: Vec<_> = (1..=6).map(|f| retry_delay(m(15), f, cap)).collect();
        assert_eq!(waits, [m(30), m(60), m(120), m(240), m(360), m(360)]);
        assert_eq!(retry_delay(m(15), 1000, cap), cap);
        // A feed polled daily is not polled more often for failing.
        assert_eq!(retry_delay(m(1440), 3, cap), m(1440));
    }

    #[test]
    fn pages_must_be_arabic() {
        assert!(readable("قصف على حلب").is_ok());
        assert_eq!(readable("  123 "), Err("no readable text on the page".to_owned()));
        assert!(readable("Cookies are used on this site").unwrap_err().starts_with("not Arabic: 0%"));
        assert_eq!(day("2024-01-13T08:00:00+03:00").as_deref(), Some("2024-01-13"));
        assert_eq!(day("13/01/2024"), None);
        assert_eq!(human(Duration::from_secs(9000)), "2 h 30 min");
        assert_eq!(human(Duration::from_secs(3600)), "1 h");
    }
}
