//! A progress bar on stderr for long runs (extract, ingest, export): reports per second and the
//! time left, drawn only when stderr is a terminal and the user did not ask for quiet, so
//! redirected logs and pipes get nothing but the usual messages.

use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much work there is, as far as can be told cheaply before starting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// This many reports (one per file, when every input is a whole-document file).
    Reports(u64),
    /// This many bytes of input files (JSON Lines, gzip archives): the bar follows the bytes
    /// read, and counts reports beside it.
    Bytes(u64),
    /// Nothing known (stdin): a spinner with the count and the rate.
    Unknown,
    /// This many events (exports: the store knows how many it will write).
    Events(u64),
}

/// A progress bar, or nothing when hidden.
pub struct Progress {
    bar: ProgressBar,
    total: Total,
    reports: u64,
    started: Instant,
}

impl Progress {
    /// A bar for `total` work on stderr; hidden when `quiet` or when stderr is not a terminal.
    pub fn new(total: Total, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self::hidden(total);
        }
        let (len, template) = match total {
            Total::Reports(n) => (Some(n), "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} reports, {per_sec}, {eta} left"),
            Total::Bytes(n) => (Some(n), "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes}, {msg}, {eta} left"),
            Total::Unknown => (None, "{spinner} {elapsed_precise} {pos} reports, {per_sec}"),
            Total::Events(n) => (Some(n), "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} events, {per_sec}, {eta} left"),
        };
        let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
        // The templates are constants: a mistake in one shows as a plain bar, not a failure.
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar, total, reports: 0, started: Instant::now() }
    }

    /// A bar that draws nothing.
    pub fn hidden(total: Total) -> Self {
        Progress { bar: ProgressBar::hidden(), total, reports: 0, started: Instant::now() }
    }

    /// `n` more reports done.
    pub fn inc(&mut self, n: u64) {
        self.reports += n;
        if self.bar.is_hidden() {
            return;
        }
        match self.total {
            Total::Bytes(_) => {
                let secs = self.started.elapsed().as_secs_f64();
                let rate = if secs > 0.0 { self.reports as f64 / secs } else { 0.0 };
                self.bar.set_message(format!("{} reports, {rate:.1}/s", self.reports));
            }
            Total::Reports(_) | Total::Unknown | Total::Events(_) => self.bar.inc(n),
        }
    }

    /// Input bytes read so far (for [`Total::Bytes`]).
    pub fn set_bytes(&self, bytes: u64) {
        if matches!(self.total, Total::Bytes(_)) {
            self.bar.set_position(bytes);
        }
    }

    /// Runs `f` (which prints to stderr) with the bar cleared, so that messages and the bar do
    /// not overwrite each other.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the bar, leaving the terminal for the summary line.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_bars_count_but_draw_nothing() {
        let mut p = Progress::new(Total::Bytes(100), true);
        assert!(p.bar.is_hidden());
        p.inc(2);
        p.inc(3);
        p.set_bytes(40);
        assert_eq!(p.reports, 5);
        p.finish();
        let mut events = Progress::new(Total::Events(10), true);
        events.inc(4);
        assert!(events.bar.is_hidden());
        assert_eq!(events.reports, 4);
        events.finish();
    }
}
