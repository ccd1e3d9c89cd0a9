//! The work queue: documents enqueued once (keyed by a hash of the document and its reference
//! date), claimed by workers in batches under a lease (`FOR UPDATE SKIP LOCKED`), and completed
//! together with their extraction in one transaction. A lease token fences a worker whose lease
//! was taken over: its commit finds the token changed and writes nothing, so each document's
//! results are committed exactly once per extractor version.

use std::time::Duration;

use marsad_model::{InputDocument, OutputDocument};
use marsad_store::Extracted;
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator as _;

use crate::ingest::{ingest_batch, sha256_hex};
use crate::{PgError, PgStore, Result};

/// The channel idle workers listen on.
const CHANNEL: &str = "marsad_jobs";

/// Times a completion is tried again after a conflict with another worker's (two jobs writing
/// the same document, a deadlock).
const COMPLETE_TRIES: usize = 4;

/// What [`PgStore::enqueue`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnqueueSummary {
    /// New jobs.
    pub added: u64,
    /// Jobs known already (same document, same reference date), left as they were.
    pub already: u64,
    /// Known jobs done or parked by another extractor version, queued again.
    pub requeued: u64,
}

/// A job a worker holds under a lease.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Job id.
    pub job: i64,
    /// The lease's fence: the completion writes only while the job still carries it.
    token: i64,
    /// The document, or why its stored JSON could not be read.
    pub doc: std::result::Result<InputDocument, String>,
    /// The reference date to extract with (`YYYY-MM-DD`).
    pub reference_date: Option<String>,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// What a worker made of one claimed job.
#[derive(Debug, Clone)]
pub enum JobOutcome {
    /// Extracted: the record to store.
    Extracted(Box<OutputDocument>),
    /// Extraction failed (unreadable, over the time budget): the error to keep.
    Failed(String),
}

/// What [`PgStore::complete`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completed {
    /// Jobs done, their results stored.
    pub done: usize,
    /// Failed jobs queued again for another attempt.
    pub retried: usize,
    /// Failed jobs parked after their last attempt.
    pub parked: usize,
    /// Jobs whose lease another worker had taken over: nothing written for them.
    pub lost_lease: usize,
    /// Events stored.
    pub events: usize,
}

/// A parked job, for `marsad jobs`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ParkedJob {
    /// The document's id.
    pub doc_id: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last error.
    pub error: Option<String>,
}

/// The queue at a glance, for `marsad jobs`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct QueueStatus {
    /// Jobs waiting for a worker.
    pub ready: i64,
    /// Jobs held by workers now.
    pub leased: i64,
    /// Jobs done by this extractor version.
    pub done: i64,
    /// Jobs done by another extractor version (`marsad enqueue --stale` queues them again).
    pub done_other_version: i64,
    /// Jobs parked after their last attempt.
    pub parked: i64,
    /// Jobs whose results were committed more than once for one extractor version (0 unless
    /// the lease fence failed).
    pub doubled: i64,
    /// The first parked jobs, oldest first.
    pub parked_jobs: Vec<ParkedJob>,
    /// Documents completed in the last minute.
    pub last_minute: i64,
    /// Documents per second between the first and the last completion of this version.
    pub per_second: Option<f64>,
    /// Documents completed by each worker (this version).
    pub workers: Vec<(String, i64)>,
}

/// The job key: sha256 over the document's JSON and the reference date, so that the same
/// report enqueued twice is one job, and an edited one (or another date) is another.
fn job_hash(doc: &InputDocument, reference_date: Option<&str>) -> String {
    let json = serde_json::to_string(doc).unwrap_or_default();
    sha256_hex(format!("{json}\n{}", reference_date.unwrap_or("none")).as_bytes())
}

fn is_conflict(e: &PgError) -> bool {
    let PgError::Postgres(e) = e else { return false };
    [SqlState::UNIQUE_VIOLATION, SqlState::T_R_DEADLOCK_DETECTED, SqlState::T_R_SERIALIZATION_FAILURE]
        .iter()
        .any(|s| e.code() == Some(s))
}

impl PgStore {
    /// Adds documents to the queue, in one transaction, and wakes idle workers. A document
    /// already queued with the same reference date is left alone, unless it was done (or
    /// parked) by another extractor version than `extractor_version`: it is then queued again.
    ///
    /// # Errors
    /// The database failed; nothing is enqueued.
    pub fn enqueue(&self, docs: &[InputDocument], reference_date: Option<&str>, extractor_version: &str) -> Result<EnqueueSummary> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let insert = tx.prepare(
            "INSERT INTO jobs (hash, doc_id, document, reference_date) VALUES ($1, $2, $3, $4)
             ON CONFLICT (hash) DO UPDATE SET state = 'ready', attempts = 0, last_error = NULL, finished_at = NULL
                 WHERE jobs.state IN ('done', 'parked') AND jobs.version IS DISTINCT FROM $5
             RETURNING (xmax = 0)",
        )?;
        let mut summary = EnqueueSummary::default();
        for doc in docs {
            let json = serde_json::to_string(doc).unwrap_or_default();
            let row = tx.query_opt(&insert, &[&job_hash(doc, reference_date), &doc.doc_id, &json, &reference_date, &extractor_version])?;
            match row.map(|r| r.get::<_, bool>(0)) {
                Some(true) => summary.added += 1,
                Some(false) => summary.requeued += 1,
                None => summary.already += 1,
            }
        }
        tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        tx.commit()?;
        Ok(summary)
    }

    /// Queues again every job done or parked by another extractor version than
    /// `extractor_version` (after a lexicon change): what this version has not processed.
    ///
    /// # Errors
    /// The database failed.
    pub fn requeue_stale(&self, extractor_version: &str) -> Result<u64> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let n = tx.execute(
            "UPDATE jobs SET state = 'ready', attempts = 0, last_error = NULL, finished_at = NULL
             WHERE state IN ('done', 'parked') AND version IS DISTINCT FROM $1",
            &[&extractor_version],
        )?;
        tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        tx.commit()?;
        Ok(n)
    }

    /// Takes back the jobs whose lease expired (their worker died or stalled): queued again,
    /// or parked when they have had `max_attempts`. Jobs being completed right now are locked
    /// and skipped.
    ///
    /// # Errors
    /// The database failed.
    pub fn reclaim_expired(&self, max_attempts: i64) -> Result<u64> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let n = tx.execute(
            "WITH expired AS (SELECT id FROM jobs WHERE state = 'leased' AND lease_until < now() FOR UPDATE SKIP LOCKED)
             UPDATE jobs j SET state = CASE WHEN j.attempts >= $1 THEN 'parked' ELSE 'ready' END,
                 last_error = 'lease expired: ' || coalesce(j.worker, 'a worker') || ' died or stalled',
                 lease_token = NULL, lease_until = NULL
             FROM expired WHERE j.id = expired.id",
            &[&max_attempts],
        )?;
        if n > 0 {
            tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Claims up to `n` ready jobs, oldest first, for `lease`; other workers skip them.
    ///
    /// # Errors
    /// The database failed.
    pub fn claim(&self, worker: &str, n: usize, lease: Duration) -> Result<Vec<Claimed>> {
        let rows = self.client().query(
            "WITH picked AS (SELECT id FROM jobs WHERE state = 'ready' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
             UPDATE jobs j SET state = 'leased', attempts = j.attempts + 1, lease_token = nextval('job_lease_tokens'),
                 lease_until = now() + make_interval(secs => $2), worker = $3
             FROM picked WHERE j.id = picked.id
             RETURNING j.id, j.lease_token, j.document, j.reference_date, j.attempts",
            &[&i64::try_from(n).unwrap_or(i64::MAX), &lease.as_secs_f64(), &worker],
        )?;
        let mut claimed: Vec<Claimed> = rows
            .iter()
            .map(|r| {
                let json: String = r.get(2);
                Claimed {
                    job: r.get(0),
                    token: r.get(1),
                    doc: serde_json::from_str(&json).map_err(|e| format!("the queued document is not valid JSON: {e}")),
                    reference_date: r.get(3),
                    attempts: r.get(4),
                }
            })
            .collect();
        claimed.sort_by_key(|c| c.job);
        Ok(claimed)
    }

    /// Commits a batch's outcomes with its jobs' completion in one transaction: the records of
    /// the jobs still leased to this worker are stored and the jobs marked done; failed jobs are
    /// queued again, or parked once they have had `max_attempts`. Jobs whose lease another
    /// worker took over are left to it. A conflict with another worker's commit (the same
    /// report in two jobs) is retried.
    ///
    /// # Errors
    /// The database failed; nothing of the batch is written and the leases run out.
    pub fn complete(&self, worker: &str, claimed: &[Claimed], outcomes: &[JobOutcome], extractor_version: &str, max_attempts: i64) -> Result<Completed> {
        let mut tries = 0;
        loop {
            match self.complete_once(worker, claimed, outcomes, extractor_version, max_attempts) {
                Err(e) if is_conflict(&e) && tries + 1 < COMPLETE_TRIES => tries += 1,
                other => return other,
            }
        }
    }

    fn complete_once(&self, worker: &str, claimed: &[Claimed], outcomes: &[JobOutcome], version: &str, max_attempts: i64) -> Result<Completed> {
        let mut client = self.client();
        let mut tx = client.transaction()?;
        let ids: Vec<i64> = claimed.iter().map(|c| c.job).collect();
        let held: std::collections::HashMap<i64, i64> = tx
            .query("SELECT id, lease_token FROM jobs WHERE id = ANY($1) AND state = 'leased' ORDER BY id FOR UPDATE", &[&ids])?
            .iter()
            .filter_map(|r| r.get::<_, Option<i64>>(1).map(|t| (r.get(0), t)))
            .collect();
        let mut done = Completed::default();
        let (mut batch, mut done_ids, mut done_events) = (Vec::new(), Vec::new(), Vec::new());
        for (c, outcome) in claimed.iter().zip(outcomes) {
            if held.get(&c.job) != Some(&c.token) {
                done.lost_lease += 1;
                continue;
            }
            match (outcome, &c.doc) {
                (JobOutcome::Extracted(output), Ok(input)) => {
                    batch.push(Extracted { input, output, extractor_version: version, reference_date: c.reference_date.as_deref() });
                    done_ids.push(c.job);
                    done_events.push(i64::try_from(output.events.len()).unwrap_or(i64::MAX));
                }
                (JobOutcome::Failed(error), _) | (_, Err(error)) => {
                    let parked = fail(&mut tx, c.job, error, version, max_attempts)?;
                    if parked { done.parked += 1 } else { done.retried += 1 }
                }
            }
        }
        done.events = ingest_batch(&mut tx, &batch, false)?.events;
        done.done = done_ids.len();
        tx.execute(
            "UPDATE jobs SET state = 'done', version = $2, finished_at = now(), last_error = NULL, lease_token = NULL,
                 lease_until = NULL, worker = $3
             WHERE id = ANY($1)",
            &[&done_ids, &version, &worker],
        )?;
        tx.execute(
            "INSERT INTO job_results (job, extractor_version, worker, events)
             SELECT job, $2, $3, events FROM unnest($1::bigint[], $4::bigint[]) AS t(job, events)
             ON CONFLICT (job, extractor_version) DO UPDATE
                 SET commits = job_results.commits + 1, worker = EXCLUDED.worker, events = EXCLUDED.events, finished_at = now()",
            &[&done_ids, &version, &worker, &done_events],
        )?;
        if done.retried > 0 {
            tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        }
        tx.commit()?;
        Ok(done)
    }

    /// Waits up to `timeout` for work to be announced (an enqueue, a failed attempt, a lease
    /// taken back); true when woken by one.
    ///
    /// # Errors
    /// The database failed.
    pub fn wait_for_work(&self, timeout: Duration) -> Result<bool> {
        let mut client = self.client();
        client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        let mut notifications = client.notifications();
        let woken = notifications.timeout_iter(timeout).next()?.is_some();
        // Several announcements while busy are one wake-up.
        while notifications.iter().next()?.is_some() {}
        Ok(woken)
    }

    /// Jobs ready or leased: the work not finished yet.
    ///
    /// # Errors
    /// The database failed.
    pub fn unfinished(&self) -> Result<i64> {
        Ok(self.client().query_one("SELECT count(*) FROM jobs WHERE state IN ('ready', 'leased')", &[])?.get(0))
    }

    /// Counts, parked jobs (the first `parked_limit`) and throughput.
    ///
    /// # Errors
    /// The database failed.
    pub fn queue_status(&self, extractor_version: &str, parked_limit: usize) -> Result<QueueStatus> {
        let mut client = self.client();
        let mut s = QueueStatus::default();
        for r in client.query(
            "SELECT state, version IS NOT DISTINCT FROM $1, count(*) FROM jobs GROUP BY 1, 2",
            &[&extractor_version],
        )? {
            let (state, current, n): (String, bool, i64) = (r.get(0), r.get(1), r.get(2));
            match state.as_str() {
                "ready" => s.ready += n,
                "leased" => s.leased += n,
                "done" if current => s.done += n,
                "done" => s.done_other_version += n,
                _ => s.parked += n,
            }
        }
        s.parked_jobs = client
            .query(
                "SELECT doc_id, attempts, last_error FROM jobs WHERE state = 'parked' ORDER BY id LIMIT $1",
                &[&i64::try_from(parked_limit).unwrap_or(i64::MAX)],
            )?
            .iter()
            .map(|r| ParkedJob { doc_id: r.get(0), attempts: r.get(1), error: r.get(2) })
            .collect();
        let r = client.query_one(
            "SELECT count(*) FILTER (WHERE finished_at > now() - interval '1 minute'), count(*),
                    extract(epoch FROM max(finished_at) - min(finished_at))::float8
             FROM job_results WHERE extractor_version = $1",
            &[&extractor_version],
        )?;
        s.last_minute = r.get(0);
        let (total, span): (i64, Option<f64>) = (r.get(1), r.get(2));
        s.per_second = span.filter(|t| *t > 0.0).map(|t| total as f64 / t);
        s.doubled = client.query_one("SELECT count(*) FROM job_results WHERE commits > 1", &[])?.get(0);
        s.workers = client
            .query(
                "SELECT worker, count(*) FROM job_results WHERE extractor_version = $1 GROUP BY worker ORDER BY 2 DESC, 1",
                &[&extractor_version],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        Ok(s)
    }
}

/// Records a failed attempt: queued again, or parked after `max_attempts`. True when parked.
fn fail(tx: &mut postgres::Transaction<'_>, job: i64, error: &str, version: &str, max_attempts: i64) -> Result<bool> {
    let row = tx.query_one(
        "UPDATE jobs SET state = CASE WHEN attempts >= $3 THEN 'parked' ELSE 'ready' END, last_error = $2,
             version = $4, lease_token = NULL, lease_until = NULL
         WHERE id = $1 RETURNING state = 'parked'",
        &[&job, &error, &max_attempts, &version],
    )?;
    Ok(row.get(0))
}
