//! Storing extracted documents on PostgreSQL: the rules of the SQLite store (new, unchanged,
//! replaced by doc_id or URL), with the search words and the PostGIS points written as well.

use marsad_model::{Actor, Event, InputDocument, OutputDocument, Relation};
use marsad_store::{keys, BatchSummary, Extracted, IngestOutcome};
use postgres::{Client, GenericClient, Statement, Transaction};
use sha2::{Digest, Sha256};

use crate::Result;

/// sha256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A count or an offset as a BIGINT (no document comes near 2^63).
fn big(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Serialises a model value; these types always serialise.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
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
        self.hash == hash && self.version == version && self.published == doc.published && self.source == doc.source && self.url == doc.url
    }
}

fn stored(client: &mut impl GenericClient, doc_id: &str) -> Result<Option<Stored>> {
    let row = client.query_opt(
        "SELECT id, content_hash, extractor_version, published, source, url FROM documents WHERE doc_id = $1",
        &[&doc_id],
    )?;
    Ok(row.map(|r| Stored { id: r.get(0), hash: r.get(1), version: r.get(2), published: r.get(3), source: r.get(4), url: r.get(5) }))
}

/// See [`marsad_store::EventStore::is_current`].
pub fn is_current(client: &mut Client, doc: &InputDocument, version: &str) -> Result<bool> {
    Ok(stored(client, &doc.doc_id)?.is_some_and(|s| s.same(doc, &sha256_hex(doc.text.as_bytes()), version)))
}

/// The insert statements, prepared once per batch.
struct Statements {
    event: Statement,
    side: Statement,
    evidence: Statement,
    actor: Statement,
    person: Statement,
    place: Statement,
    relation: Statement,
}

impl Statements {
    fn prepare(tx: &mut Transaction<'_>) -> Result<Statements> {
        Ok(Statements {
            event: tx.prepare(
                "INSERT INTO events (document, ordinal, event_id, date, date_precision, disorder_type, event_type,
                    sub_event_type, admin1, admin2, admin3, place_ar, place_en, gazetteer_id, lat, lon, geo_precision,
                    actor1, actor1_id, inter1, actor2, actor2_id, inter2, interaction, fatalities, injured, arrested,
                    civilian_targeting, confidence, place_key, json, geom)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                    $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31,
                    CASE WHEN $15::float8 IS NOT NULL AND $16::float8 IS NOT NULL THEN ST_SetSRID(ST_MakePoint($16, $15), 4326) END)
                 RETURNING id",
            )?,
            side: tx.prepare("INSERT INTO event_actors (event, role, actor_id, name_en, name_ar, inter, key) VALUES ($1, $2, $3, $4, $5, $6, $7)")?,
            evidence: tx.prepare(r#"INSERT INTO evidence (event, field, start, "end", text) VALUES ($1, $2, $3, $4, $5)"#)?,
            actor: tx.prepare("INSERT INTO actors (document, actor_id, name_en, name_ar, inter, mentions) VALUES ($1, $2, $3, $4, $5, $6)")?,
            person: tx.prepare("INSERT INTO people (document, person_id, name_ar, affiliation, area, json) VALUES ($1, $2, $3, $4, $5, $6)")?,
            place: tx.prepare(
                "INSERT INTO places (document, gazetteer_id, name_ar, name_en, admin1, admin2, admin3, lat, lon, geo_precision, geom)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                    CASE WHEN $8::float8 IS NOT NULL AND $9::float8 IS NOT NULL THEN ST_SetSRID(ST_MakePoint($9, $8), 4326) END)",
            )?,
            relation: tx.prepare(
                "INSERT INTO relations (document, ordinal, kind, subject_kind, subject_id, subject_name, object_kind, object_id,
                    object_name, date, from_id, from_name, place_id, facilities, basis, confidence, json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
            )?,
        })
    }
}

/// Stores a batch inside the caller's transaction (see [`marsad_store::Store::ingest_batch`]).
pub fn ingest_batch(tx: &mut Transaction<'_>, batch: &[Extracted<'_>], force: bool) -> Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    if batch.is_empty() {
        return Ok(summary);
    }
    let statements = Statements::prepare(tx)?;
    let now: String = tx.query_one("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", &[])?.get(0);
    for doc in batch {
        let written = doc.output.events.len();
        match ingest_one(tx, &statements, doc, force, &now)? {
            IngestOutcome::New => (summary.new, summary.events) = (summary.new + 1, summary.events + written),
            IngestOutcome::Replaced => (summary.replaced, summary.events) = (summary.replaced + 1, summary.events + written),
            IngestOutcome::Unchanged => summary.unchanged += 1,
        }
    }
    Ok(summary)
}

fn ingest_one(tx: &mut Transaction<'_>, st: &Statements, doc: &Extracted<'_>, force: bool, now: &str) -> Result<IngestOutcome> {
    let input = doc.input;
    let hash = sha256_hex(input.text.as_bytes());
    let by_id = stored(tx, &input.doc_id)?;
    if let Some(s) = &by_id {
        if !force && s.same(input, &hash, doc.extractor_version) {
            return Ok(IngestOutcome::Unchanged);
        }
    }
    let by_url: Option<i64> = match &input.url {
        Some(url) => tx.query_opt("SELECT id FROM documents WHERE url = $1", &[url])?.map(|r| r.get(0)),
        None => None,
    };
    let target = match (&by_id, by_url) {
        (Some(s), Some(other)) if other != s.id => {
            tx.execute("DELETE FROM documents WHERE id = $1", &[&other])?;
            Some(s.id)
        }
        (Some(s), _) => Some(s.id),
        (None, other) => other,
    };
    let (i, o) = (input, doc.output);
    let words = keys::search_words(&i.text).to_lowercase();
    let (warnings, new_actors) = (json(&o.warnings), json(&o.entities.new_actors));
    let (id, outcome) = match target {
        Some(id) => {
            clear_children(tx, id)?;
            tx.execute(
                "UPDATE documents SET doc_id = $1, source = $2, url = $3, published = $4, published_used = $5, text = $6,
                    content_hash = $7, extractor_version = $8, reference_date = $9, warnings = $10, new_actors = $11,
                    ingested_at = $12, search = strip(to_tsvector('simple', $13)) WHERE id = $14",
                &[&i.doc_id, &i.source, &i.url, &i.published, &o.published, &i.text, &hash, &doc.extractor_version,
                    &doc.reference_date, &warnings, &new_actors, &now, &words, &id],
            )?;
            (id, IngestOutcome::Replaced)
        }
        None => {
            let row = tx.query_one(
                "INSERT INTO documents (doc_id, source, url, published, published_used, text, content_hash,
                    extractor_version, reference_date, warnings, new_actors, ingested_at, search)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, strip(to_tsvector('simple', $13))) RETURNING id",
                &[&i.doc_id, &i.source, &i.url, &i.published, &o.published, &i.text, &hash, &doc.extractor_version,
                    &doc.reference_date, &warnings, &new_actors, &now, &words],
            )?;
            (row.get(0), IngestOutcome::New)
        }
    };
    write_children(tx, st, id, o)?;
    Ok(outcome)
}

/// Removes what was extracted from a document; evidence and sides go with their events.
fn clear_children(tx: &mut Transaction<'_>, id: i64) -> Result<()> {
    for table in ["events", "actors", "people", "places", "relations"] {
        // Table names are this module's constants, not input.
        tx.execute(&format!("DELETE FROM {table} WHERE document = $1"), &[&id])?;
    }
    Ok(())
}

fn write_children(tx: &mut Transaction<'_>, st: &Statements, id: i64, out: &OutputDocument) -> Result<()> {
    for (ordinal, event) in out.events.iter().enumerate() {
        write_event(tx, st, id, ordinal, event)?;
    }
    for a in &out.entities.actors {
        tx.execute(&st.actor, &[&id, &a.id, &a.name_en, &a.name_ar, &i64::from(a.inter), &json(&a.mentions)])?;
    }
    for p in &out.entities.people {
        tx.execute(&st.person, &[&id, &p.id, &p.name_ar, &p.affiliation, &p.area, &json(p)])?;
    }
    for p in &out.entities.places {
        let precision = p.geo_precision.map(i64::from);
        tx.execute(&st.place, &[&id, &p.gazetteer_id, &p.name_ar, &p.name_en, &p.admin1, &p.admin2, &p.admin3, &p.lat, &p.lon, &precision])?;
    }
    for (ordinal, r) in out.relations.iter().enumerate() {
        write_relation(tx, st, id, ordinal, r)?;
    }
    Ok(())
}

fn write_event(tx: &mut Transaction<'_>, st: &Statements, document: i64, ordinal: usize, e: &Event) -> Result<()> {
    let place = e.location.as_ref();
    let place_key = place.map(|p| keys::key([p.name_en.as_deref().unwrap_or(""), p.name_ar.as_str()])).unwrap_or_default();
    let (a1, a2) = (e.actor1.as_ref(), e.actor2.as_ref());
    let text = |f: fn(&marsad_model::Place) -> Option<&str>| place.and_then(f);
    let row = tx.query_one(
        &st.event,
        &[
            &document, &big(ordinal), &e.event_id, &e.date, &e.date_precision, &e.disorder_type, &e.event_type, &e.sub_event_type,
            &text(|p| p.admin1.as_deref()), &text(|p| p.admin2.as_deref()), &text(|p| p.admin3.as_deref()),
            &text(|p| Some(p.name_ar.as_str())), &text(|p| p.name_en.as_deref()), &text(|p| p.gazetteer_id.as_deref()),
            &place.and_then(|p| p.lat), &place.and_then(|p| p.lon), &place.and_then(|p| p.geo_precision).map(i64::from),
            &a1.map(|a| a.name_en.as_str()), &a1.map(|a| a.id.as_str()), &a1.map(|a| i64::from(a.inter)),
            &a2.map(|a| a.name_en.as_str()), &a2.map(|a| a.id.as_str()), &a2.map(|a| i64::from(a.inter)),
            &e.interaction.map(i64::from), &i64::from(e.fatalities), &e.injured.map(i64::from), &e.arrested.map(i64::from),
            &e.civilian_targeting, &e.confidence, &place_key, &json(e),
        ],
    )?;
    let event: i64 = row.get(0);
    let sides = [("actor1", a1.into_iter().collect::<Vec<_>>()), ("actor2", a2.into_iter().collect()),
        ("assoc_actor1", e.assoc_actor1.iter().collect()), ("assoc_actor2", e.assoc_actor2.iter().collect())];
    for (role, actors) in sides {
        for a in actors {
            write_side(tx, st, event, role, a)?;
        }
    }
    for ev in &e.evidence {
        tx.execute(&st.evidence, &[&event, &ev.field, &big(ev.start), &big(ev.end), &ev.text])?;
    }
    Ok(())
}

fn write_side(tx: &mut Transaction<'_>, st: &Statements, event: i64, role: &str, a: &Actor) -> Result<()> {
    let names = [a.name_en.as_str(), a.name_ar.as_str()].into_iter().chain(a.mentions.iter().map(String::as_str));
    tx.execute(&st.side, &[&event, &role, &a.id, &a.name_en, &a.name_ar, &i64::from(a.inter), &keys::key(names)])?;
    Ok(())
}

fn write_relation(tx: &mut Transaction<'_>, st: &Statements, document: i64, ordinal: usize, r: &Relation) -> Result<()> {
    tx.execute(
        &st.relation,
        &[
            &document, &big(ordinal), &r.kind, &r.subject.kind, &r.subject.id, &r.subject.name, &r.object.kind, &r.object.id,
            &r.object.name, &r.date, &r.from.as_ref().map(|f| f.id.as_str()), &r.from.as_ref().map(|f| f.name.as_str()),
            &r.place.as_ref().map(|p| p.id.as_str()), &json(&r.facilities), &r.basis, &r.confidence, &json(r),
        ],
    )?;
    Ok(())
}
