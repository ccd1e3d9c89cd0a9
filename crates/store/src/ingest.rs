//! Storing extracted documents: new, unchanged, or replacing an earlier version.

use marsad_model::{Actor, Event, InputDocument, OutputDocument, Relation};
use rusqlite::{params, Connection, OptionalExtension as _, Transaction};
use sha2::{Digest, Sha256};

use crate::keys;
use crate::Result;

/// One document to store: the input as read and the record extraction made of it.
#[derive(Debug, Clone, Copy)]
pub struct Extracted<'a> {
    /// The input document (its text is stored as given).
    pub input: &'a InputDocument,
    /// What extraction wrote for it.
    pub output: &'a OutputDocument,
    /// `marsad_extract::extractor_version()` of the extraction.
    pub extractor_version: &'a str,
    /// The reference date extraction used (`YYYY-MM-DD`), kept so reprocessing uses it again.
    pub reference_date: Option<&'a str>,
}

/// What ingesting one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    /// A document the store did not have.
    New,
    /// Stored already, with the same text, metadata and extractor version: nothing written.
    Unchanged,
    /// An earlier version (same doc_id or URL) was replaced with its events.
    Replaced,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Documents added.
    pub new: usize,
    /// Documents left as they were.
    pub unchanged: usize,
    /// Documents that replaced an earlier version.
    pub replaced: usize,
    /// Events written (of new and replaced documents).
    pub events: usize,
}

impl BatchSummary {
    /// Adds another summary's counts to this one.
    pub fn add(&mut self, other: &BatchSummary) {
        self.new += other.new;
        self.unchanged += other.unchanged;
        self.replaced += other.replaced;
        self.events += other.events;
    }
}

/// sha256 of the text, lowercase hex.
fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored for a doc_id, to compare with a new input.
struct Stored {
    id: i64,
    hash: String,
    version: String,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

impl Stored {
    fn same(&self, doc: &InputDocument, hash: &str, version: &str) -> bool {
        self.hash == hash
            && self.version == version
            && self.published == doc.published
            && self.source == doc.source
            && self.url == doc.url
    }
}

fn stored(conn: &Connection, doc_id: &str) -> rusqlite::Result<Option<Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, content_hash, extractor_version, published, source, url FROM documents WHERE doc_id = ?1",
    )?;
    stmt.query_row([doc_id], |r| {
        Ok(Stored { id: r.get(0)?, hash: r.get(1)?, version: r.get(2)?, published: r.get(3)?, source: r.get(4)?, url: r.get(5)? })
    })
    .optional()
}

/// See [`crate::Store::is_current`].
pub fn is_current(conn: &Connection, doc: &InputDocument, version: &str) -> Result<bool> {
    Ok(stored(conn, &doc.doc_id)?.is_some_and(|s| s.same(doc, &content_hash(&doc.text), version)))
}

/// See [`crate::Store::ingest_batch`].
pub fn ingest_batch(conn: &mut Connection, batch: &[Extracted<'_>], force: bool) -> Result<BatchSummary> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut summary = BatchSummary::default();
    let now = now_rfc3339();
    for doc in batch {
        let written = doc.output.events.len();
        match ingest_one(&tx, doc, force, &now)? {
            IngestOutcome::New => (summary.new, summary.events) = (summary.new + 1, summary.events + written),
            IngestOutcome::Replaced => (summary.replaced, summary.events) = (summary.replaced + 1, summary.events + written),
            IngestOutcome::Unchanged => summary.unchanged += 1,
        }
    }
    tx.commit()?;
    Ok(summary)
}

fn ingest_one(tx: &Transaction<'_>, doc: &Extracted<'_>, force: bool, now: &str) -> Result<IngestOutcome> {
    let input = doc.input;
    let hash = content_hash(&input.text);
    let by_id = stored(tx, &input.doc_id)?;
    if let Some(s) = &by_id {
        if !force && s.same(input, &hash, doc.extractor_version) {
            return Ok(IngestOutcome::Unchanged);
        }
    }
    // The same report under another doc_id (an outlet's URL is its identity too).
    let by_url: Option<i64> = match &input.url {
        Some(url) => tx
            .prepare_cached("SELECT id FROM documents WHERE url = ?1")?
            .query_row([url], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let target = match (&by_id, by_url) {
        (Some(s), Some(other)) if other != s.id => {
            delete_document(tx, other)?;
            Some(s.id)
        }
        (Some(s), _) => Some(s.id),
        (None, other) => other,
    };
    let values = DocumentValues { doc, hash: &hash, now };
    let (id, outcome) = match target {
        Some(id) => {
            clear_children(tx, id)?;
            values.update(tx, id)?;
            (id, IngestOutcome::Replaced)
        }
        None => (values.insert(tx)?, IngestOutcome::New),
    };
    write_children(tx, id, &input.text, doc.output)?;
    Ok(outcome)
}

/// The columns of a document row.
struct DocumentValues<'a> {
    doc: &'a Extracted<'a>,
    hash: &'a str,
    now: &'a str,
}

impl DocumentValues<'_> {
    fn insert(&self, tx: &Transaction<'_>) -> Result<i64> {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO documents (doc_id, source, url, published, published_used, text, content_hash,
                extractor_version, reference_date, warnings, new_actors, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let (i, o) = (self.doc.input, self.doc.output);
        stmt.execute(params![
            i.doc_id, i.source, i.url, i.published, o.published, i.text, self.hash,
            self.doc.extractor_version, self.doc.reference_date,
            json(&o.warnings), json(&o.entities.new_actors), self.now
        ])?;
        Ok(tx.last_insert_rowid())
    }

    fn update(&self, tx: &Transaction<'_>, id: i64) -> Result<()> {
        let mut stmt = tx.prepare_cached(
            "UPDATE documents SET doc_id = ?1, source = ?2, url = ?3, published = ?4, published_used = ?5,
                text = ?6, content_hash = ?7, extractor_version = ?8, reference_date = ?9, warnings = ?10,
                new_actors = ?11, ingested_at = ?12
             WHERE id = ?13",
        )?;
        let (i, o) = (self.doc.input, self.doc.output);
        stmt.execute(params![
            i.doc_id, i.source, i.url, i.published, o.published, i.text, self.hash,
            self.doc.extractor_version, self.doc.reference_date,
            json(&o.warnings), json(&o.entities.new_actors), self.now, id
        ])?;
        Ok(())
    }
}

/// Serialises a model value; these types always serialise.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Removes a document and everything extracted from it.
fn delete_document(tx: &Transaction<'_>, id: i64) -> Result<()> {
    clear_children(tx, id)?;
    tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?.execute([id])?;
    Ok(())
}

/// Removes what was extracted from a document (the virtual tables have no cascades).
fn clear_children(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM events_rtree WHERE id IN (SELECT id FROM events WHERE document = ?1)")?.execute([id])?;
    tx.prepare_cached("DELETE FROM documents_fts WHERE rowid = ?1")?.execute([id])?;
    for table in ["events", "actors", "people", "places", "relations"] {
        // Table names are this module's constants, not input.
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE document = ?1"))?.execute([id])?;
    }
    Ok(())
}

/// Writes the events, entities, relations and search entries of a document.
fn write_children(tx: &Transaction<'_>, id: i64, text: &str, out: &OutputDocument) -> Result<()> {
    tx.prepare_cached("INSERT INTO documents_fts (rowid, body) VALUES (?1, ?2)")?.execute(params![id, keys::search_words(text)])?;
    for (ordinal, event) in out.events.iter().enumerate() {
        write_event(tx, id, ordinal, event)?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO actors (document, actor_id, name_en, name_ar, inter, mentions) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for a in &out.entities.actors {
        stmt.execute(params![id, a.id, a.name_en, a.name_ar, a.inter, json(&a.mentions)])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO people (document, person_id, name_ar, affiliation, area, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in &out.entities.people {
        stmt.execute(params![id, p.id, p.name_ar, p.affiliation, p.area, json(p)])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO places (document, gazetteer_id, name_ar, name_en, admin1, admin2, admin3, lat, lon, geo_precision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for p in &out.entities.places {
        stmt.execute(params![id, p.gazetteer_id, p.name_ar, p.name_en, p.admin1, p.admin2, p.admin3, p.lat, p.lon, p.geo_precision])?;
    }
    for (ordinal, r) in out.relations.iter().enumerate() {
        write_relation(tx, id, ordinal, r)?;
    }
    Ok(())
}

fn write_event(tx: &Transaction<'_>, document: i64, ordinal: usize, e: &Event) -> Result<()> {
    let place = e.location.as_ref();
    let place_key = place.map(|p| keys::key([p.name_en.as_deref().unwrap_or(""), p.name_ar.as_str()])).unwrap_or_default();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (document, ordinal, event_id, date, date_precision, disorder_type, event_type,
            sub_event_type, admin1, admin2, admin3, place_ar, place_en, gazetteer_id, lat, lon, geo_precision,
            actor1, actor1_id, inter1, actor2, actor2_id, inter2, interaction, fatalities, injured, arrested,
            civilian_targeting, confidence, place_key, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?;
    let (a1, a2) = (e.actor1.as_ref(), e.actor2.as_ref());
    stmt.execute(params![
        document, ordinal, e.event_id, e.date, e.date_precision, e.disorder_type, e.event_type, e.sub_event_type,
        place.and_then(|p| p.admin1.as_deref()), place.and_then(|p| p.admin2.as_deref()), place.and_then(|p| p.admin3.as_deref()),
        place.map(|p| p.name_ar.as_str()), place.and_then(|p| p.name_en.as_deref()), place.and_then(|p| p.gazetteer_id.as_deref()),
        place.and_then(|p| p.lat), place.and_then(|p| p.lon), place.and_then(|p| p.geo_precision),
        a1.map(|a| a.name_en.as_str()), a1.map(|a| a.id.as_str()), a1.map(|a| a.inter),
        a2.map(|a| a.name_en.as_str()), a2.map(|a| a.id.as_str()), a2.map(|a| a.inter),
        e.interaction, e.fatalities, e.injured, e.arrested, e.civilian_targeting, e.confidence, place_key, json(e)
    ])?;
    let event = tx.last_insert_rowid();
    if let (Some(lat), Some(lon)) = (place.and_then(|p| p.lat), place.and_then(|p| p.lon)) {
        tx.prepare_cached("INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?1, ?2, ?2, ?3, ?3)")?
            .execute(params![event, lon, lat])?;
    }
    let sides = [("actor1", a1.into_iter().collect::<Vec<_>>()), ("actor2", a2.into_iter().collect()),
        ("assoc_actor1", e.assoc_actor1.iter().collect()), ("assoc_actor2", e.assoc_actor2.iter().collect())];
    for (role, actors) in sides {
        for a in actors {
            write_side(tx, event, role, a)?;
        }
    }
    let mut stmt = tx.prepare_cached(r#"INSERT INTO evidence (event, field, start, "end", text) VALUES (?1, ?2, ?3, ?4, ?5)"#)?;
    for ev in &e.evidence {
        stmt.execute(params![event, ev.field, ev.start, ev.end, ev.text])?;
    }
    Ok(())
}

fn write_side(tx: &Transaction<'_>, event: i64, role: &str, a: &Actor) -> Result<()> {
    let names = [a.name_en.as_str(), a.name_ar.as_str()].into_iter().chain(a.mentions.iter().map(String::as_str));
    tx.prepare_cached("INSERT INTO event_actors (event, role, actor_id, name_en, name_ar, inter, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![event, role, a.id, a.name_en, a.name_ar, a.inter, keys::key(names)])?;
    Ok(())
}

fn write_relation(tx: &Transaction<'_>, document: i64, ordinal: usize, r: &Relation) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO relations (document, ordinal, kind, subject_kind, subject_id, subject_name, object_kind, object_id,
            object_name, date, from_id, from_name, place_id, facilities, basis, confidence, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    stmt.execute(params![
        document, ordinal, r.kind, r.subject.kind, r.subject.id, r.subject.name, r.object.kind, r.object.id, r.object.name,
        r.date, r.from.as_ref().map(|f| f.id.as_str()), r.from.as_ref().map(|f| f.name.as_str()),
        r.place.as_ref().map(|p| p.id.as_str()), json(&r.facilities), r.basis, r.confidence, json(r)
    ])?;
    Ok(())
}

/// The current time, UTC, to the second (RFC 3339).
pub(crate) fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}
