//! Reads for browsing the store (the HTTP API and the web page): a page of events with the
//! total, one event with its report and merge history, one report with every evidence span,
//! actors, places, and who held what on a day. Every value reaches SQL as a bound parameter;
//! the only SQL assembled from pieces is this module's own fixed fragments.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::{ToSql, ValueRef};
use rusqlite::{Connection, OptionalExtension as _};

use crate::query::{conditions, Filter, StoredEvent};
use crate::{ControlPeriod, Result, Store, StoreError};

/// The orders a page of events can be sorted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventSort {
    /// Oldest first, undated last (as `marsad query`).
    #[default]
    DateAsc,
    /// Newest first, undated last.
    DateDesc,
    /// Most killed first.
    FatalitiesDesc,
    /// By event type, then sub-type.
    Type,
    /// By place (English name, else Arabic).
    Place,
}

impl EventSort {
    /// The names the API accepts, with their order.
    pub const NAMES: [(&'static str, EventSort); 5] = [
        ("date", EventSort::DateAsc),
        ("-date", EventSort::DateDesc),
        ("-fatalities", EventSort::FatalitiesDesc),
        ("type", EventSort::Type),
        ("place", EventSort::Place),
    ];

    /// The sort named `name` in [`EventSort::NAMES`].
    pub fn from_name(name: &str) -> Option<EventSort> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    /// A fixed ORDER BY clause; ties always end in report and position, so paging is stable.
    fn order_by(self) -> &'static str {
        match self {
            EventSort::DateAsc => "e.date IS NULL, e.date, d.doc_id, e.ordinal",
            EventSort::DateDesc => "e.date IS NULL, e.date DESC, d.doc_id, e.ordinal",
            EventSort::FatalitiesDesc => "e.fatalities DESC, e.date IS NULL, e.date, d.doc_id, e.ordinal",
            EventSort::Type => "e.event_type, e.sub_event_type, e.date IS NULL, e.date, d.doc_id, e.ordinal",
            EventSort::Place => "coalesce(e.place_en, e.place_ar) IS NULL, coalesce(e.place_en, e.place_ar), d.doc_id, e.ordinal",
        }
    }
}

/// One page of a query's events and how many there are in all.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventPage {
    /// Events matching the filter, all pages together.
    pub total: u64,
    /// This page's events.
    pub events: Vec<StoredEvent>,
}

/// A report behind an event.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    /// The report's doc_id.
    pub doc_id: String,
    /// The outlet.
    pub source: Option<String>,
    /// The report's address.
    pub url: Option<String>,
    /// Publication date as extraction used it.
    pub published: Option<String>,
}

/// One event with what stands behind it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventDetail {
    /// The event and its report (evidence and rules are in the event record).
    pub event: StoredEvent,
    /// The reports that tell this event: its own, then those of events merged with it.
    pub sources: Vec<Source>,
    /// Every merge this event is or was a member of (empty when the store has no merge
    /// tables): `{"merge": the merge's row, "members": every member's row}`, rows as
    /// column → value.
    pub merges: Vec<serde_json::Value>,
}

/// An evidence span of a report: which event and field it supports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Span {
    /// The event's id.
    pub event_id: String,
    /// The field it supports (`location`, `actor1`, `fatalities`, ...).
    pub field: String,
    /// Start, in characters of the report's text.
    pub start: u64,
    /// End (exclusive), in characters.
    pub end: u64,
    /// The text it covers.
    pub text: Option<String>,
}

/// A report as stored, with every evidence span of its events.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentView {
    /// The report's doc_id.
    pub doc_id: String,
    /// The outlet.
    pub source: Option<String>,
    /// The report's address.
    pub url: Option<String>,
    /// Publication date as extraction used it.
    pub published: Option<String>,
    /// The original text; span offsets count its characters.
    pub text: String,
    /// Extraction's warnings.
    pub warnings: Vec<String>,
    /// The report's events, in output order.
    pub events: Vec<marsad_model::Event>,
    /// Every evidence span of every event, by event then position.
    pub spans: Vec<Span>,
}

/// An actor and how often the store names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActorSummary {
    /// The actor dictionary's id.
    pub id: String,
    /// ACLED-style English name.
    pub name_en: String,
    /// Arabic name.
    pub name_ar: String,
    /// ACLED inter code.
    pub inter: i64,
    /// Reports that mention it.
    pub documents: u64,
    /// Events it is a side of.
    pub events: u64,
}

/// One relation between an actor (or person) and another entity, as the reports give it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RelationSummary {
    /// `ally_of`, `fights`, `controls`, `part_of`, `commands`, `member_of`, ...
    pub kind: String,
    /// Subject kind (`actor`, `person`).
    pub subject_kind: String,
    /// Subject id.
    pub subject_id: String,
    /// Subject name.
    pub subject_name: String,
    /// Object kind (`actor`, `person`, `place`).
    pub object_kind: String,
    /// Object id.
    pub object_id: String,
    /// Object name.
    pub object_name: String,
    /// Reports that state it, sorted.
    pub doc_ids: Vec<String>,
}

/// An actor with its names, people and relations.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ActorDetail {
    /// Counts and names.
    #[serde(flatten)]
    pub summary: ActorSummary,
    /// Every way the reports write it, sorted.
    pub aliases: Vec<String>,
    /// People the reports place in it (the PERSON records).
    pub people: Vec<serde_json::Value>,
    /// Relations it is a subject or object of, and those of its people.
    pub relations: Vec<RelationSummary>,
}

/// A place that reports or events name.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlaceSummary {
    /// Gazetteer id.
    pub id: String,
    /// English name.
    pub name_en: Option<String>,
    /// Arabic name as a report writes it.
    pub name_ar: String,
    /// Governorate.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Reports that name it.
    pub documents: u64,
    /// Events at it.
    pub events: u64,
}

/// The holder of a place on a day, with where the place is.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HeldPlace {
    /// The period of control in force that day.
    #[serde(flatten)]
    pub period: ControlPeriod,
    /// Latitude of the place.
    pub lat: Option<f64>,
    /// Longitude of the place.
    pub lon: Option<f64>,
}

/// Largest page of events one call returns.
pub const MAX_PAGE: u64 = 1000;

impl Store {
    /// Events matching `filter` (its `limit` is ignored), sorted, `limit` of them from `offset`,
    /// and how many match in all.
    ///
    /// # Errors
    /// SQLite errors; [`StoreError::BadQuery`] for a text query with nothing searchable.
    pub fn events_page(&self, filter: &Filter, sort: EventSort, offset: u64, limit: u64) -> Result<EventPage> {
        let c = conditions(filter)?;
        let mut from = String::from(" FROM events e JOIN documents d ON d.id = e.document");
        if !c.sql.is_empty() {
            from.push_str(" WHERE ");
            from.push_str(&c.sql.join(" AND "));
        }
        let values: Vec<&dyn ToSql> = c.values.iter().map(|v| v.as_ref()).collect();
        let total: i64 = self.conn.query_row(&format!("SELECT count(*){from}"), values.as_slice(), |r| r.get(0))?;
        let sql = format!(
            "SELECT d.doc_id, d.source, d.url, d.published_used, e.json{from} ORDER BY {} LIMIT ? OFFSET ?",
            sort.order_by()
        );
        let limit = i64::try_from(limit.min(MAX_PAGE)).unwrap_or(0);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut values = values;
        values.push(&limit);
        values.push(&offset);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(values.as_slice(), stored_event_row)?;
        let events = rows.map(|row| row.map_err(StoreError::from).and_then(into_stored_event)).collect::<Result<_>>()?;
        Ok(EventPage { total: u64::try_from(total).unwrap_or(0), events })
    }

    /// The event with this `event_id` (the first stored, should two reports share one), its
    /// report and merge history.
    ///
    /// # Errors
    /// SQLite errors; a stored record that is not JSON.
    pub fn event_detail(&self, event_id: &str) -> Result<Option<EventDetail>> {
        let row = self
            .conn
            .query_row(
                "SELECT d.doc_id, d.source, d.url, d.published_used, e.json FROM events e JOIN documents d ON d.id = e.document
                 WHERE e.event_id = ?1 ORDER BY e.id LIMIT 1",
                [event_id],
                stored_event_row,
            )
            .optional()?;
        let Some(row) = row else { return Ok(None) };
        let event = into_stored_event(row)?;
        let mut sources = vec![Source {
            doc_id: event.doc_id.clone(),
            source: event.source.clone(),
            url: event.url.clone(),
            published: event.published.clone(),
        }];
        let merges = merge_history(&self.conn, event_id)?;
        for doc_id in merge_documents(&merges) {
            if sources.iter().all(|s| s.doc_id != doc_id) {
                sources.extend(self.source(&doc_id)?);
            }
        }
        Ok(Some(EventDetail { event, sources, merges }))
    }

    fn source(&self, doc_id: &str) -> Result<Option<Source>> {
        let found = self
            .conn
            .query_row(
                "SELECT doc_id, source, url, published_used FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| Ok(Source { doc_id: r.get(0)?, source: r.get(1)?, url: r.get(2)?, published: r.get(3)? }),
            )
            .optional()?;
        Ok(found)
    }

    /// The report `doc_id` with its text, events and every evidence span.
    ///
    /// # Errors
    /// SQLite errors; a stored record that is not JSON.
    pub fn document_view(&self, doc_id: &str) -> Result<Option<DocumentView>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, doc_id, source, url, published_used, text, warnings FROM documents WHERE doc_id = ?1",
                [doc_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, doc_id, source, url, published, text, warnings)) = row else { return Ok(None) };
        let mut stmt = self.conn.prepare_cached("SELECT json FROM events WHERE document = ?1 ORDER BY ordinal")?;
        let events = stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .map(|json| parse::<marsad_model::Event>(&json?, || format!("an event of {doc_id}")))
            .collect::<Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            r#"SELECT e.event_id, v.field, v.start, v."end", v.text FROM evidence v JOIN events e ON e.id = v.event
               WHERE e.document = ?1 ORDER BY e.ordinal, v.start, v."end""#,
        )?;
        let spans = stmt
            .query_map([id], |r| Ok(Span { event_id: r.get(0)?, field: r.get(1)?, start: r.get(2)?, end: r.get(3)?, text: r.get(4)? }))?
            .collect::<rusqlite::Result<_>>()?;
        let warnings = parse(&warnings, || format!("the warnings of {doc_id}"))?;
        Ok(Some(DocumentView { doc_id, source, url, published, text, warnings, events, spans }))
    }

    /// Every actor that a report names or an event has as a side, most events first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn actors(&self) -> Result<Vec<ActorSummary>> {
        let mut stmt = self.conn.prepare(ACTORS_SQL)?;
        let rows = stmt.query_map([], actor_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One actor with its aliases, people and relations.
    ///
    /// # Errors
    /// SQLite errors; a stored record that is not JSON.
    pub fn actor_detail(&self, actor_id: &str) -> Result<Option<ActorDetail>> {
        let sql = format!("SELECT * FROM ({ACTORS_SQL}) WHERE id = ?1");
        let Some(summary) = self.conn.query_row(&sql, [actor_id], actor_row).optional()? else { return Ok(None) };
        let mut aliases = BTreeSet::new();
        let mut stmt = self.conn.prepare("SELECT name_ar, mentions FROM actors WHERE actor_id = ?1")?;
        for row in stmt.query_map([actor_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (name, mentions) = row?;
            aliases.insert(name);
            aliases.extend(parse::<Vec<String>>(&mentions, || format!("the mentions of {actor_id}"))?);
        }
        let mut stmt = self.conn.prepare("SELECT DISTINCT name_ar FROM event_actors WHERE actor_id = ?1")?;
        for name in stmt.query_map([actor_id], |r| r.get::<_, String>(0))? {
            aliases.insert(name?);
        }
        let mut people = BTreeMap::new();
        let mut stmt = self.conn.prepare("SELECT person_id, json FROM people WHERE affiliation = ?1 ORDER BY person_id")?;
        for row in stmt.query_map([actor_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, json) = row?;
            // One record per person: the reports' records of the same person differ only in
            // their evidence.
            people.entry(id).or_insert(parse::<serde_json::Value>(&json, || format!("a person of {actor_id}"))?);
        }
        let relations = self.relations_of(actor_id, people.keys())?;
        Ok(Some(ActorDetail { summary, aliases: aliases.into_iter().collect(), people: people.into_values().collect(), relations }))
    }

    fn relations_of<'a>(&self, actor_id: &'a str, people: impl Iterator<Item = &'a String>) -> Result<Vec<RelationSummary>> {
        let mut found: BTreeMap<[String; 7], BTreeSet<String>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.kind, r.subject_kind, r.subject_id, r.subject_name, r.object_kind, r.object_id, r.object_name, d.doc_id
             FROM relations r JOIN documents d ON d.id = r.document WHERE r.subject_id = ?1 OR r.object_id = ?1",
        )?;
        for id in std::iter::once(actor_id).chain(people.map(String::as_str)) {
            let rows = stmt.query_map([id], |r| {
                Ok(([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?], r.get::<_, String>(7)?))
            })?;
            for row in rows {
                let (key, doc_id) = row?;
                found.entry(key).or_default().insert(doc_id);
            }
        }
        Ok(found
            .into_iter()
            .map(|([kind, subject_kind, subject_id, subject_name, object_kind, object_id, object_name], docs)| RelationSummary {
                kind,
                subject_kind,
                subject_id,
                subject_name,
                object_kind,
                object_id,
                object_name,
                doc_ids: docs.into_iter().collect(),
            })
            .collect())
    }

    /// Every gazetteer place that a report names or an event happened at, most events first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn places(&self) -> Result<Vec<PlaceSummary>> {
        let mut stmt = self.conn.prepare(PLACES_SQL)?;
        let rows = stmt.query_map([], place_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One place by gazetteer id.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn place(&self, id: &str) -> Result<Option<PlaceSummary>> {
        let sql = format!("SELECT * FROM ({PLACES_SQL}) WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], place_row).optional()?)
    }

    /// The control history of one place (by gazetteer id), oldest period first.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn place_control(&self, id: &str) -> Result<Vec<ControlPeriod>> {
        Ok(self.control(Some(id), None)?.into_iter().filter(|p| p.place_id == id).collect())
    }

    /// Every place whose holder is known on `day` (`YYYY-MM-DD`), with its coordinates.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn held_on(&self, day: &str) -> Result<Vec<HeldPlace>> {
        let mut out = Vec::new();
        for period in self.control(None, Some(day))? {
            let place = self.place(&period.place_id)?;
            let (lat, lon) = place.map_or((None, None), |p| (p.lat, p.lon));
            out.push(HeldPlace { period, lat, lon });
        }
        Ok(out)
    }
}

/// Actors from both tables that name them: reports' entities and events' sides.
const ACTORS_SQL: &str = "
    SELECT u.id AS id, max(name_en) AS name_en, max(name_ar) AS name_ar, max(inter) AS inter,
           (SELECT count(DISTINCT a.document) FROM actors a WHERE a.actor_id = u.id) AS documents,
           (SELECT count(DISTINCT s.event) FROM event_actors s WHERE s.actor_id = u.id) AS events
    FROM (SELECT actor_id AS id, name_en, name_ar, inter FROM actors
          UNION ALL SELECT actor_id, name_en, name_ar, inter FROM event_actors) AS u
    GROUP BY u.id ORDER BY events DESC, documents DESC, id";

fn actor_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ActorSummary> {
    Ok(ActorSummary { id: r.get(0)?, name_en: r.get(1)?, name_ar: r.get(2)?, inter: r.get(3)?, documents: r.get(4)?, events: r.get(5)? })
}

/// Places from reports' entities and events' locations, with the first coordinates given.
const PLACES_SQL: &str = "
    SELECT u.id AS id, max(name_en) AS name_en, max(name_ar) AS name_ar, max(admin1) AS admin1, max(lat) AS lat, max(lon) AS lon,
           (SELECT count(DISTINCT p.document) FROM places p WHERE p.gazetteer_id = u.id) AS documents,
           (SELECT count(*) FROM events e WHERE e.gazetteer_id = u.id) AS events
    FROM (SELECT gazetteer_id AS id, name_en, name_ar, admin1, lat, lon FROM places WHERE gazetteer_id IS NOT NULL
          UNION ALL SELECT gazetteer_id, place_en, place_ar, admin1, lat, lon FROM events WHERE gazetteer_id IS NOT NULL) AS u
    GROUP BY u.id ORDER BY events DESC, documents DESC, id";

fn place_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlaceSummary> {
    Ok(PlaceSummary {
        id: r.get(0)?,
        name_en: r.get(1)?,
        name_ar: r.get(2)?,
        admin1: r.get(3)?,
        lat: r.get(4)?,
        lon: r.get(5)?,
        documents: r.get(6)?,
        events: r.get(7)?,
    })
}

type EventRow = (String, Option<String>, Option<String>, Option<String>, String);

fn stored_event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn into_stored_event((doc_id, source, url, published, json): EventRow) -> Result<StoredEvent> {
    let event = parse(&json, || format!("an event of {doc_id}"))?;
    Ok(StoredEvent { doc_id, source, url, published, event })
}

fn parse<T: serde::de::DeserializeOwned>(json: &str, what: impl FnOnce() -> String) -> Result<T> {
    serde_json::from_str(json).map_err(|source| StoreError::Json { what: what(), source })
}

/// The table of merge members, when the store has one (schema version 2 adds it): one row per
/// extracted event in a merge, naming it by `doc_id` and `event_id`.
const MEMBERS_TABLE: &str = "merge_members";
/// The table of merges themselves (one row per merged event), when the store has one.
const MERGES_TABLE: &str = "merges";

/// A JSON row: column → value.
type Row = serde_json::Map<String, serde_json::Value>;

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let names = conn.prepare("SELECT name FROM pragma_table_info(?1)")?.query_map([table], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Every merge that `event_id` is (or was: undone merges stay as history) a member of, each as
/// `{"merge": the merge's row or null, "members": its member rows}`. Tables are read by their
/// column names, so that this keeps working as the merge schema grows; the group column is
/// `merge` (schema version 2) or `merged_event`.
fn merge_history(conn: &Connection, event_id: &str) -> Result<Vec<serde_json::Value>> {
    let member_columns = columns(conn, MEMBERS_TABLE)?;
    if !member_columns.iter().any(|c| c == "event_id") {
        return Ok(Vec::new());
    }
    let Some(group) = ["merge", "merged_event"].into_iter().find(|g| member_columns.iter().any(|c| c == g)) else {
        // Members without a group: this event's own rows are all there is to show.
        let sql = format!("SELECT * FROM {MEMBERS_TABLE} WHERE event_id = ?1");
        return Ok(rows(conn, &sql, &[&event_id])?.into_iter().map(|m| serde_json::json!({ "merge": null, "members": [m] })).collect());
    };
    // Table and column names are this module's constants; the event id is bound.
    let groups: Vec<rusqlite::types::Value> = conn
        .prepare(&format!("SELECT DISTINCT \"{group}\" FROM {MEMBERS_TABLE} WHERE event_id = ?1 ORDER BY 1"))?
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let has_merges = columns(conn, MERGES_TABLE)?.iter().any(|c| c == "id");
    let mut out = Vec::new();
    for id in groups {
        let members = rows(conn, &format!("SELECT * FROM {MEMBERS_TABLE} WHERE \"{group}\" = ?1 ORDER BY rowid"), &[&id])?;
        let merge = if has_merges {
            rows(conn, &format!("SELECT * FROM {MERGES_TABLE} WHERE id = ?1"), &[&id])?.into_iter().next().map(serde_json::Value::Object)
        } else {
            None
        };
        out.push(serde_json::json!({ "merge": merge, "members": members }));
    }
    Ok(out)
}

fn rows(conn: &Connection, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let found = stmt.query_map(params, |r| {
        let mut map = Row::new();
        for (i, name) in names.iter().enumerate() {
            // A merge's `json` column is a record of its own: shown as JSON, not as a string.
            let value = json_value(r.get_ref(i)?);
            let value = match (name.as_str(), value) {
                ("json" | "reasons" | "disagreements", serde_json::Value::String(s)) => {
                    serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s))
                }
                (_, v) => v,
            };
            map.insert(name.clone(), value);
        }
        Ok(map)
    })?;
    Ok(found.collect::<rusqlite::Result<_>>()?)
}

/// The doc ids that merge members name (a `doc_id` column, or a text `document` column).
fn merge_documents(history: &[serde_json::Value]) -> Vec<String> {
    let mut out = Vec::new();
    for member in history.iter().filter_map(|h| h["members"].as_array()).flatten() {
        for key in ["doc_id", "document"] {
            if let Some(serde_json::Value::String(id)) = member.get(key) {
                if !out.contains(id) {
                    out.push(id.clone());
                }
            }
        }
    }
    out
}

fn json_value(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => f.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => format!("{} bytes", b.len()).into(),
    }
}
