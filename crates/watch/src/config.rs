//! The feeds file: which feeds to watch, how often, and what to call their reports.
//!
//! ```toml
//! interval = "30m"            # default for feeds that give none (default 30 minutes)
//!
//! [[feed]]
//! url = "https://www.example.org/feed/"
//! name = "SY24"               # `source` of the stored reports (also accepted as `source`)
//! interval = "15m"            # seconds as a number, or a number with s, m or h
//! source_scale = "National"   # ACLED source scale of the outlet, kept with the feed's state
//! ```

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

/// The interval of a feed that gives none, when the file gives no default either.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30 * 60);

/// ACLED's source scales (relative to Syria), as `data/export/source_scales.tsv` uses them.
pub const SOURCE_SCALES: &[&str] = &["Subnational", "National", "Regional", "International", "New media", "Other"];

/// A feeds file that cannot be used: the file, the line and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    /// The feeds file as named by the caller.
    pub file: String,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// One feed to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's address (RSS or Atom), `http` or `https`.
    pub url: String,
    /// The outlet's name, given to every report from this feed as its `source`; without it, the
    /// page's site name, else the feed's title.
    pub name: Option<String>,
    /// Time between two polls when all goes well.
    pub interval: Duration,
    /// The outlet's ACLED source scale, one of [`SOURCE_SCALES`].
    pub source_scale: Option<String>,
}

/// The feeds of a feeds file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedList {
    /// The feeds, each URL once.
    pub feeds: Vec<Feed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    interval: Option<Spanned<Interval>>,
    #[serde(default)]
    feed: Vec<RawFeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: Spanned<String>,
    #[serde(alias = "source")]
    name: Option<String>,
    interval: Option<Spanned<Interval>>,
    source_scale: Option<Spanned<String>>,
}

/// An interval as written: seconds, or text such as `"90s"`, `"15m"`, `"2h"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Interval {
    Seconds(i64),
    Text(String),
}

impl FeedList {
    /// Reads a feeds file.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, has unknown keys, or a feed with a bad URL,
    /// interval or source scale, or a URL given twice; the error names the file and line.
    pub fn load(path: &Path) -> Result<FeedList, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.display().to_string(),
            line: None,
            message: e.to_string(),
        })?;
        FeedList::parse(&text, &path.display().to_string())
    }

    /// Reads the text of a feeds file; `file` names it in errors.
    ///
    /// # Errors
    /// As [`FeedList::load`].
    pub fn parse(text: &str, file: &str) -> Result<FeedList, ConfigError> {
        let error = |at: Option<usize>, message: String| ConfigError {
            file: file.to_owned(),
            line: at.map(|offset| line_of(text, offset)),
            message,
        };
        let raw: RawFile =
            toml::from_str(text).map_err(|e| error(e.span().map(|s| s.start), e.message().trim().to_owned()))?;
        let default_interval = match &raw.interval {
            Some(i) => interval(i.get_ref()).map_err(|m| error(Some(i.span().start), m))?,
            None => DEFAULT_INTERVAL,
        };
        let mut seen = HashSet::new();
        let mut feeds = Vec::with_capacity(raw.feed.len());
        for f in raw.feed {
            let at = Some(f.url.span().start);
            let url = f.url.get_ref().trim().to_owned();
            if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(char::is_whitespace) {
                return Err(error(at, format!("feed url {url:?} is not an http:// or https:// address")));
            }
            if !seen.insert(url.clone()) {
                return Err(error(at, format!("feed {url} is listed twice")));
            }
            let interval = match &f.interval {
                Some(i) => interval(i.get_ref()).map_err(|m| error(Some(i.span().start), m))?,
                None => default_interval,
            };
            if let Some(scale) = &f.source_scale {
                if !SOURCE_SCALES.contains(&scale.get_ref().as_str()) {
                    let message = format!("source_scale {:?} is not one of {}", scale.get_ref(), SOURCE_SCALES.join(", "));
                    return Err(error(Some(scale.span().start), message));
                }
            }
            let name = f.name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
            feeds.push(Feed { url, name, interval, source_scale: f.source_scale.map(Spanned::into_inner) });
        }
        if feeds.is_empty() {
            return Err(error(None, "no feeds: add a [[feed]] table with a url".to_owned()));
        }
        Ok(FeedList { feeds })
    }
}

/// An interval of at least one second.
fn interval(value: &Interval) -> Result<Duration, String> {
    let bad = || "interval must be a number of seconds or a number with s, m or h (\"15m\"), at least 1 second".to_owned();
    let secs = match value {
        Interval::Seconds(s) => u64::try_from(*s).map_err(|_| bad())?,
        Interval::Text(t) => {
            let t = t.trim();
            let (number, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
            let n: u64 = number.parse().map_err(|_| bad())?;
            let scale = match unit.trim() {
                "" | "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => return Err(bad()),
            };
            n.checked_mul(scale).ok_or_else(bad)?
        }
    };
    if secs == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(secs))
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_with_defaults_and_units() {
        let list = FeedList::parse(
            "interval = 600\n[[feed]]\nurl = \"https://a.example/feed\"\nsource = \" SY24 \"\n\
             [[feed]]\nurl = \"http://b.example/rss\"\ninterval = \"2h\"\nsource_scale = \"Subnational\"\n",
            "f.toml",
        )
        .unwrap();
        assert_eq!(list.feeds[0].name.as_deref(), Some("SY24"));
        assert_eq!(list.feeds[0].interval, Duration::from_secs(600));
        assert_eq!(list.feeds[1].interval, Duration::from_secs(7200));
        assert_eq!(list.feeds[1].source_scale.as_deref(), Some("Subnational"));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let err = |text: &str| FeedList::parse(text, "feeds.toml").unwrap_err().to_string();
        assert_eq!(
            err("[[feed]]\nurl = \"ftp://x\"\n"),
            "feeds.toml:2: feed url \"ftp://x\" is not an http:// or https:// address"
        );
        assert!(err("[[feed]]\nurl = \"http://x\"\n[[feed]]\nurl = \"http://x\"\n").starts_with("feeds.toml:4: feed http://x is listed twice"));
        assert!(err("[[feed]]\nurl = \"http://x\"\ninterval = \"5 days\"\n").starts_with("feeds.toml:3: interval must be"));
        assert!(err("[[feed]]\nurl = \"http://x\"\ninterval = 0\n").starts_with("feeds.toml:3: interval"));
        assert!(err("[[feed]]\nurl = \"http://x\"\nsource_scale = \"Huge\"\n").starts_with("feeds.toml:3: source_scale \"Huge\""));
        assert!(err("[[feed]]\nurl = \"http://x\"\nintervl = 5\n").starts_with("feeds.toml:3: unknown field `intervl`"), "{}", err("[[feed]]\nurl = \"http://x\"\nintervl = 5\n"));
        assert!(err("[[feed]]\nname = \"x\"\n").starts_with("feeds.toml:1: missing field `url`"), "{}", err("[[feed]]\nname = \"x\"\n"));
        assert_eq!(err("# nothing\n"), "feeds.toml: no feeds: add a [[feed]] table with a url");
    }

    #[test]
    fn the_example_feeds_file_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/feeds.toml");
        let list = FeedList::load(&path).unwrap();
        let names: Vec<_> = list.feeds.iter().map(|f| f.name.as_deref().unwrap_or("")).collect();
        assert_eq!(names, ["SY24", "Enab Baladi", "Deir Ezzor 24"]);
        assert_eq!(list.feeds[1].interval, DEFAULT_INTERVAL);
        assert_eq!(list.feeds[2].interval, Duration::from_secs(20 * 60));
    }
}
