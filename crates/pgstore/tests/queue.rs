//! The work queue on a real server: idempotent enqueue, claims that never overlap, expired
//! leases taken back, a taken-over worker fenced off, failures retried then parked, and a new
//! extractor version re-processing exactly what it has not processed.

mod common;

use std::time::Duration;

use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::InputDocument;
use marsad_pgstore::{JobOutcome, PgStore};
use marsad_store::{EventStore, Filter};

use common::{repo, TestDb};

fn seeds_and_dev() -> Vec<InputDocument> {
    ["eval/seeds.jsonl", "eval/dev.jsonl"]
        .iter()
        .flat_map(|f| std::fs::read_to_string(repo(f)).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect::<Vec<_>>())
        .collect()
}

fn extract(claimed: &[marsad_pgstore::Claimed]) -> Vec<JobOutcome> {
    let pipeline = Pipeline::embedded().unwrap();
    let options = ExtractOptions { reference_date: None, ..Default::default() };
    claimed.iter().map(|c| JobOutcome::Extracted(Box::new(pipeline.extract(c.doc.as_ref().unwrap(), &options)))).collect()
}

const LONG: Duration = Duration::from_secs(600);

#[test]
fn claims_do_not_overlap_and_expired_leases_are_fenced_off() {
    let Some(db) = TestDb::new("claims_do_not_overlap_and_expired_leases_are_fenced_off") else { return };
    let (a, b) = (PgStore::connect(&db.url).unwrap(), PgStore::connect(&db.url).unwrap());
    let docs = seeds_and_dev();
    let s = a.enqueue(&docs, None, "v1").unwrap();
    assert_eq!((s.added, s.already), (docs.len() as u64, 0));
    assert_eq!(a.enqueue(&docs, None, "v1").unwrap().already, docs.len() as u64, "enqueue is idempotent");

    let first = a.claim("a", 5, Duration::from_secs(1)).unwrap();
    let second = b.claim("b", 100, LONG).unwrap();
    assert_eq!(first.len() + second.len(), docs.len());
    assert!(first.iter().all(|x| second.iter().all(|y| x.job != y.job)), "two workers hold one job");

    // a stalls past its lease; b takes its jobs back and completes them; a's late commit is refused.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(b.reclaim_expired(3).unwrap(), 5);
    let retaken = b.claim("b", 100, LONG).unwrap();
    assert_eq!(retaken.len(), 5);
    assert!(retaken.iter().all(|c| c.attempts == 2));
    let done_b = b.complete("b", &retaken, &extract(&retaken), "v1", 3).unwrap();
    assert_eq!(done_b.done, 5);
    let late = a.complete("a", &first, &extract(&first), "v1", 3).unwrap();
    assert_eq!((late.done, late.lost_lease), (0, 5));
    b.complete("b", &second, &extract(&second), "v1", 3).unwrap();

    let status = a.queue_status("v1", 10).unwrap();
    assert_eq!((status.done, status.ready, status.leased, status.doubled), (docs.len() as i64, 0, 0, 0));
    assert_eq!(a.stats().unwrap().documents, docs.len() as i64);
}

#[test]
fn failing_documents_are_retried_then_parked_and_a_new_version_redoes_the_rest() {
    let Some(db) = TestDb::new("failing_documents_are_retried_then_parked_and_a_new_version_redoes_the_rest") else { return };
    let q = PgStore::connect(&db.url).unwrap();
    let docs = seeds_and_dev();
    q.enqueue(&docs, None, "v1").unwrap();
    // Every attempt at the first document fails; the others succeed.
    let mut errors = 0;
    loop {
        let claimed = q.claim("w", 100, LONG).unwrap();
        if claimed.is_empty() {
            break;
        }
        let mut outcomes = extract(&claimed);
        for (c, o) in claimed.iter().zip(outcomes.iter_mut()) {
            if c.doc.as_ref().unwrap().doc_id == docs[0].doc_id {
                *o = JobOutcome::Failed("boom".into());
                errors += 1;
            }
        }
        q.complete("w", &claimed, &outcomes, "v1", 3).unwrap();
    }
    assert_eq!(errors, 3, "tried exactly max_attempts times");
    let status = q.queue_status("v1", 10).unwrap();
    assert_eq!((status.parked, status.done), (1, docs.len() as i64 - 1));
    assert_eq!(status.parked_jobs[0].doc_id, docs[0].doc_id);
    assert_eq!(status.parked_jobs[0].error.as_deref(), Some("boom"));
    let events_v1 = q.query(&Filter::default()).unwrap();

    // A new extractor version: enqueueing the same documents again (plus one new report)
    // queues everything v2 has not processed, once.
    let mut more = docs.clone();
    let mut extra = docs[1].clone();
    extra.doc_id = "extra".into();
    more.push(extra);
    let s = q.enqueue(&more, None, "v2").unwrap();
    assert_eq!((s.added, s.requeued, s.already), (1, docs.len() as u64, 0));
    assert_eq!(q.enqueue(&more, None, "v2").unwrap().already, more.len() as u64);
    let claimed = q.claim("w", 100, LONG).unwrap();
    assert_eq!(claimed.len(), more.len());
    q.complete("w", &claimed, &extract(&claimed), "v2", 3).unwrap();
    let status = q.queue_status("v2", 10).unwrap();
    assert_eq!((status.done, status.parked, status.doubled), (more.len() as i64, 0, 0));
    assert_eq!(q.stale_documents("v2", false).unwrap(), Vec::<String>::new());
    // The first report is now stored too; the others' events are as before.
    assert!(q.query(&Filter::default()).unwrap().len() > events_v1.len());
}
