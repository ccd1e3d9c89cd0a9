//! Cross-report deduplication in the store: which stored events are one real-world event, kept
//! as a layer of merges over the events (never a change to them), each with the reasons its
//! members matched, and undoable.
//!
//! A run clusters every stored event with marsad-dedup (blocked by event type and time, so about
//! one comparison per event and open group, not all pairs) and reconciles the result with the
//! merges stored: a group already stored is left alone (its row is rewritten only when a
//! member's record changed), a new group is added, a stored merge whose group no longer comes
//! out (a report was edited, the rules changed) is removed. An undone merge stays, marked, and
//! its members are kept apart in every later run: the analyst's decision outlives re-clustering.

use std::collections::{HashMap, HashSet};

use marsad_dedup::{cluster, combine, split, Combined, Fatalities, Group, Rules, Source, SourcedEvent};
use marsad_model::Event;
use rusqlite::{params, Connection, OptionalExtension as _, Transaction};

use crate::ingest::now_rfc3339;
use crate::query::{self, Filter};
use crate::{Result, StoreError};

/// What a deduplication run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DedupSummary {
    /// Events clustered.
    pub events: usize,
    /// Merges in force after the run.
    pub merges: usize,
    /// Events that belong to a merge in force.
    pub merged_events: usize,
    /// Merges added by this run.
    pub created: usize,
    /// Merges whose record was rewritten because a member's record changed.
    pub updated: usize,
    /// Merges removed because their group no longer comes out.
    pub removed: usize,
    /// Groups split because an undone merge keeps two of their events apart.
    pub kept_apart: usize,
}

/// One event of a merge and why it joined.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MergeMember {
    /// The report.
    pub doc_id: String,
    /// The event's id in that report's extraction.
    pub event_id: String,
    /// The reasons of its verdict against the anchor (empty for the anchor itself).
    pub reasons: Vec<String>,
}

/// A stored merge.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Merge {
    /// The merge's id (`marsad dedup --undo ID`).
    pub id: i64,
    /// `marsad_dedup::Rules::version()` of the rules that made it.
    pub rules_version: String,
    /// When it was made (UTC, RFC 3339).
    pub created_at: String,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
    /// The members, the anchor first.
    pub members: Vec<MergeMember>,
    /// The merged event, its sources, figures and disagreements.
    pub combined: Combined,
}

/// An event as `marsad query --merged` shows it: a merged event with every report that tells
/// it, or an event no other report tells.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DedupedEvent {
    /// The merge, when the event is one.
    pub merge: Option<i64>,
    /// The event: for a merge, its finest member with ACLED's fatality figure and a merged id.
    pub event: Event,
    /// Every report of the event, one entry per member event.
    pub sources: Vec<Source>,
    /// Fatalities ACLED's way (the lowest credible figure) and UCDP's (low / best / high).
    pub fatalities: Fatalities,
    /// Where the reports differ.
    pub disagreements: Vec<String>,
}

impl DedupedEvent {
    /// An event that only one report tells.
    pub fn single(s: query::StoredEvent) -> DedupedEvent {
        let f = s.event.fatalities;
        DedupedEvent {
            merge: None,
            sources: vec![Source { doc_id: s.doc_id.clone(), source: s.source, url: s.url, published: s.published, event_id: s.event.event_id.clone() }],
            fatalities: Fatalities { acled: f, low: f, best: f, high: f, reported: vec![(s.doc_id, f)] },
            disagreements: Vec::new(),
            event: s.event,
        }
    }

    fn merged(id: i64, c: Combined) -> DedupedEvent {
        DedupedEvent { merge: Some(id), event: c.event, sources: c.sources, fatalities: c.fatalities, disagreements: c.disagreements }
    }
}

/// The identity of a member event: stable across re-ingests of the same report.
fn member(doc_id: &str, event_id: &str) -> String {
    format!("{doc_id}#{event_id}")
}

/// Every stored event with its report, in storage order.
fn sourced_events(conn: &Connection) -> Result<Vec<SourcedEvent>> {
    let mut stmt = conn.prepare(
        "SELECT d.doc_id, d.source, d.url, d.published_used, e.json FROM events e JOIN documents d ON d.id = e.document ORDER BY e.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (doc_id, source, url, published, json) = row?;
        let event = serde_json::from_str(&json).map_err(|source| StoreError::Json { what: format!("an event of {doc_id}"), source })?;
        out.push(SourcedEvent { doc_id, source, url, published, event });
    }
    Ok(out)
}

/// Pairs of events that undone merges keep apart (each pair in sorted order).
fn kept_apart(conn: &Connection) -> Result<HashSet<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT mm.merge, mm.doc_id, mm.event_id FROM merge_members mm JOIN merges m ON m.id = mm.merge
         WHERE m.undone_at IS NOT NULL ORDER BY mm.merge, mm.ordinal",
    )?;
    let mut by_merge: HashMap<i64, Vec<String>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (merge, doc, event) = row?;
        by_merge.entry(merge).or_default().push(member(&doc, &event));
    }
    let mut pairs = HashSet::new();
    for members in by_merge.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                pairs.insert(ordered(a, b));
            }
        }
    }
    Ok(pairs)
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b { (a.to_owned(), b.to_owned()) } else { (b.to_owned(), a.to_owned()) }
}

/// The first member of `group` that an undone merge keeps apart from an earlier member.
fn conflict(events: &[SourcedEvent], group: &Group, apart: &HashSet<(String, String)>) -> Option<usize> {
    let keys: Vec<String> = group.members.iter().map(|&m| member(&events[m].doc_id, &events[m].event.event_id)).collect();
    for (j, b) in keys.iter().enumerate() {
        if keys[..j].iter().any(|a| apart.contains(&ordered(a, b))) {
            return Some(group.members[j]);
        }
    }
    None
}

/// Splits groups until no two members are kept apart; counts the splits.
fn enforce_apart(events: &[SourcedEvent], groups: Vec<Group>, apart: &HashSet<(String, String)>) -> (Vec<Group>, usize) {
    if apart.is_empty() {
        return (groups, 0);
    }
    let (mut out, mut work, mut splits) = (Vec::new(), groups, 0);
    while let Some(g) = work.pop() {
        match conflict(events, &g, apart) {
            // Each split leaves smaller groups, so this ends.
            Some(m) => {
                splits += 1;
                work.extend(split(events, &g, m));
            }
            None => out.push(g),
        }
    }
    (out, splits)
}

/// A merge as it should be stored.
struct Planned {
    key: String,
    members: Vec<MergeMember>,
    combined: Combined,
    json: String,
}

fn plan(events: &[SourcedEvent], group: &Group) -> Option<Planned> {
    let combined = combine(&group.members(events))?;
    let members: Vec<MergeMember> = group
        .members
        .iter()
        .map(|&m| {
            let reasons = group.links.iter().find(|l| l.member == m).map(|l| l.reasons.clone()).unwrap_or_default();
            MergeMember { doc_id: events[m].doc_id.clone(), event_id: events[m].event.event_id.clone(), reasons }
        })
        .collect();
    let mut keys: Vec<String> = members.iter().map(|m| member(&m.doc_id, &m.event_id)).collect();
    keys.sort();
    let json = serde_json::to_string(&combined).unwrap_or_default();
    Some(Planned { key: keys.join("\n"), members, combined, json })
}

/// See [`crate::Store::dedup`].
pub fn run(conn: &mut Connection) -> Result<DedupSummary> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let events = sourced_events(&tx)?;
    let apart = kept_apart(&tx)?;
    let (groups, kept) = enforce_apart(&events, cluster(&events), &apart);
    let mut planned: Vec<Planned> = groups.iter().filter(|g| g.members.len() > 1).filter_map(|g| plan(&events, g)).collect();
    planned.sort_by(|a, b| a.key.cmp(&b.key));
    let mut stored: HashMap<String, (i64, String)> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT member_key, id, json FROM merges WHERE undone_at IS NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))? {
            let (key, id, json) = row?;
            stored.insert(key, (id, json));
        }
    }
    let mut summary = DedupSummary { events: events.len(), kept_apart: kept, ..DedupSummary::default() };
    let now = now_rfc3339();
    let rules = Rules::embedded().version();
    for p in &planned {
        summary.merged_events += p.members.len();
        match stored.remove(&p.key) {
            Some((_, json)) if json == p.json => {}
            Some((id, _)) => {
                tx.prepare_cached("DELETE FROM merges WHERE id = ?1")?.execute([id])?;
                insert(&tx, p, rules, &now, Some(id))?;
                summary.updated += 1;
            }
            None => {
                insert(&tx, p, rules, &now, None)?;
                summary.created += 1;
            }
        }
    }
    for (id, _) in stored.values() {
        tx.prepare_cached("DELETE FROM merges WHERE id = ?1")?.execute([id])?;
        summary.removed += 1;
    }
    summary.merges = planned.len();
    tx.commit()?;
    Ok(summary)
}

/// Writes a merge and its members; `id` keeps the id of the merge it rewrites.
fn insert(tx: &Transaction<'_>, p: &Planned, rules: &str, now: &str, id: Option<i64>) -> Result<()> {
    let (c, f) = (&p.combined, &p.combined.fatalities);
    let mut docs: Vec<&str> = c.sources.iter().map(|s| s.doc_id.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    tx.prepare_cached(
        "INSERT INTO merges (id, merged_id, member_key, rules_version, date, event_type, sub_event_type, sources,
            fatalities, fatalities_low, fatalities_best, fatalities_high, disagreements, json, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id, c.event.event_id, p.key, rules, c.event.date, c.event.event_type, c.event.sub_event_type, docs.len(),
        f.acled, f.low, f.best, f.high, serde_json::to_string(&c.disagreements).unwrap_or_default(), p.json, now
    ])?;
    let merge = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached("INSERT INTO merge_members (merge, ordinal, doc_id, event_id, reasons) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (k, m) in p.members.iter().enumerate() {
        stmt.execute(params![merge, k, m.doc_id, m.event_id, serde_json::to_string(&m.reasons).unwrap_or_default()])?;
    }
    Ok(())
}

/// See [`crate::Store::undo_merge`].
pub fn undo(conn: &Connection, id: i64) -> Result<Merge> {
    let found = load(conn, id)?.ok_or_else(|| StoreError::Merge(format!("no merge {id} in the store (`marsad dedup --list` shows them)")))?;
    if let Some(when) = &found.undone_at {
        return Err(StoreError::Merge(format!("merge {id} was undone already, at {when}")));
    }
    conn.execute("UPDATE merges SET undone_at = ?1 WHERE id = ?2", params![now_rfc3339(), id])?;
    Ok(load(conn, id)?.unwrap_or(found))
}

/// One merge by id.
fn load(conn: &Connection, id: i64) -> Result<Option<Merge>> {
    let row = conn
        .query_row("SELECT rules_version, created_at, undone_at, json FROM merges WHERE id = ?1", [id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?))
        })
        .optional()?;
    let Some((rules_version, created_at, undone_at, json)) = row else { return Ok(None) };
    let combined = serde_json::from_str(&json).map_err(|source| StoreError::Json { what: format!("merge {id}"), source })?;
    let mut stmt = conn.prepare_cached("SELECT doc_id, event_id, reasons FROM merge_members WHERE merge = ?1 ORDER BY ordinal")?;
    let members = stmt
        .query_map([id], |r| {
            let reasons: String = r.get(2)?;
            Ok(MergeMember { doc_id: r.get(0)?, event_id: r.get(1)?, reasons: serde_json::from_str(&reasons).unwrap_or_default() })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Merge { id, rules_version, created_at, undone_at, members, combined }))
}

/// See [`crate::Store::merges`].
pub fn list(conn: &Connection, undone: bool) -> Result<Vec<Merge>> {
    let mut stmt = conn.prepare("SELECT id FROM merges WHERE ?1 OR undone_at IS NULL ORDER BY date IS NULL, date, id")?;
    let ids: Vec<i64> = stmt.query_map([undone], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(load(conn, id)?);
    }
    Ok(out)
}

/// Which merge in force each member event belongs to.
fn membership(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare(
        "SELECT mm.doc_id, mm.event_id, m.id FROM merge_members mm JOIN merges m ON m.id = mm.merge WHERE m.undone_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (doc, event, id) = row?;
        out.insert(member(&doc, &event), id);
    }
    Ok(out)
}

/// See [`crate::Store::query_merged`].
pub fn query_merged(conn: &Connection, filter: &Filter) -> Result<Vec<DedupedEvent>> {
    let raw = query::query(conn, &Filter { limit: None, ..filter.clone() })?;
    let merges = membership(conn)?;
    let mut shown: HashSet<i64> = HashSet::new();
    let mut out = Vec::new();
    for s in raw {
        if filter.limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        match merges.get(&member(&s.doc_id, &s.event.event_id)) {
            // A merge shows once, where its first matching member would have been.
            Some(&id) => {
                if shown.insert(id) {
                    if let Some(m) = load(conn, id)? {
                        out.push(DedupedEvent::merged(id, m.combined));
                    }
                }
            }
            None => out.push(DedupedEvent::single(s)),
        }
    }
    Ok(out)
}
