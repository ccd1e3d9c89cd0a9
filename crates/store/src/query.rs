//! Event queries: every filter is a fixed SQL fragment with bound values.

use marsad_model::Event;
use rusqlite::types::ToSql;
use rusqlite::Connection;

use crate::{keys, Result, StoreError};

/// What `marsad query` asks for. Every field narrows the result; `Default` is everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Events on or after this day (`YYYY-MM-DD`); undated events are left out.
    pub from: Option<String>,
    /// Events on or before this day (`YYYY-MM-DD`); undated events are left out.
    pub to: Option<String>,
    /// Governorate whose English name contains this (any case).
    pub admin1: Option<String>,
    /// Place whose English or Arabic name contains this (Arabic in any spelling).
    pub place: Option<String>,
    /// `[min_lon, min_lat, max_lon, max_lat]`, degrees.
    pub bbox: Option<[f64; 4]>,
    /// `(lat, lon, km)`: events within `km` of the point.
    pub near: Option<(f64, f64, f64)>,
    /// An actor on either side (or associated) whose English name or Arabic name or surface
    /// form contains this (any case, Arabic in any spelling).
    pub actor: Option<String>,
    /// ACLED event type, exactly (any case).
    pub event_type: Option<String>,
    /// ACLED sub-event type, exactly (any case).
    pub sub_event_type: Option<String>,
    /// At least this many killed.
    pub min_fatalities: Option<u32>,
    /// Reports whose text contains every word of this (Arabic in any spelling, with or without
    /// proclitics and the article).
    pub text: Option<String>,
    /// At most this many events.
    pub limit: Option<usize>,
}

/// An event with the report it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredEvent {
    /// The report's doc_id.
    pub doc_id: String,
    /// The report's outlet.
    pub source: Option<String>,
    /// The report's address.
    pub url: Option<String>,
    /// The report's publication date as extraction used it.
    pub published: Option<String>,
    /// The event, as extraction wrote it.
    #[serde(flatten)]
    pub event: Event,
}

/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.195;

/// The SQL conditions and their values.
#[derive(Default)]
pub(crate) struct Conditions {
    pub(crate) sql: Vec<&'static str>,
    pub(crate) values: Vec<Box<dyn ToSql>>,
}

impl Conditions {
    fn add(&mut self, sql: &'static str, values: Vec<Box<dyn ToSql>>) {
        self.sql.push(sql);
        self.values.extend(values);
    }
}

pub(crate) fn conditions(f: &Filter) -> Result<Conditions> {
    let mut c = Conditions::default();
    if let Some(from) = &f.from {
        c.add("e.date >= ?", vec![Box::new(from.clone())]);
    }
    if let Some(to) = &f.to {
        c.add("e.date <= ?", vec![Box::new(to.clone())]);
    }
    if let Some(admin1) = &f.admin1 {
        c.add("instr(lower(e.admin1), ?) > 0", vec![Box::new(admin1.trim().to_lowercase())]);
    }
    if let Some(place) = &f.place {
        c.add("instr(e.place_key, ?) > 0", vec![Box::new(keys::fold(place.trim()))]);
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
        c.add(
            "e.id IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)",
            vec![Box::new(min_lon), Box::new(max_lon), Box::new(min_lat), Box::new(max_lat)],
        );
    }
    if let Some((lat, lon, km)) = f.near {
        // The box around the circle narrows by the R*Tree; the distance decides.
        let dlat = km / KM_PER_DEGREE;
        let dlon = km / (KM_PER_DEGREE * lat.to_radians().cos().max(0.01));
        c.add(
            "e.id IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)",
            vec![Box::new(lon - dlon), Box::new(lon + dlon), Box::new(lat - dlat), Box::new(lat + dlat)],
        );
        c.add("distance_km(e.lat, e.lon, ?, ?) <= ?", vec![Box::new(lat), Box::new(lon), Box::new(km)]);
    }
    if let Some(actor) = &f.actor {
        c.add(
            "EXISTS (SELECT 1 FROM event_actors a WHERE a.event = e.id AND instr(a.key, ?) > 0)",
            vec![Box::new(keys::fold(actor.trim()))],
        );
    }
    if let Some(t) = &f.event_type {
        c.add("e.event_type = ? COLLATE NOCASE", vec![Box::new(t.trim().to_owned())]);
    }
    if let Some(s) = &f.sub_event_type {
        c.add("e.sub_event_type = ? COLLATE NOCASE", vec![Box::new(s.trim().to_owned())]);
    }
    if let Some(n) = f.min_fatalities {
        c.add("e.fatalities >= ?", vec![Box::new(n)]);
    }
    if let Some(text) = &f.text {
        let q = keys::fts_query(text)
            .ok_or_else(|| StoreError::BadQuery(format!("nothing to search for in {text:?}: give a word")))?;
        c.add("e.document IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)", vec![Box::new(q)]);
    }
    Ok(c)
}

/// See [`crate::Store::query`].
pub fn query(conn: &Connection, f: &Filter) -> Result<Vec<StoredEvent>> {
    let c = conditions(f)?;
    let mut sql = String::from(
        "SELECT d.doc_id, d.source, d.url, d.published_used, e.json FROM events e JOIN documents d ON d.id = e.document",
    );
    if !c.sql.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&c.sql.join(" AND "));
    }
    sql.push_str(" ORDER BY e.date IS NULL, e.date, d.doc_id, e.ordinal LIMIT ?");
    let limit = f.limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut values: Vec<&dyn ToSql> = c.values.iter().map(|v| v.as_ref()).collect();
    values.push(&limit);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(values.as_slice(), |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (doc_id, source, url, published, json) = row?;
        let event = serde_json::from_str(&json).map_err(|source| StoreError::Json { what: format!("an event of {doc_id}"), source })?;
        out.push(StoredEvent { doc_id, source, url, published, event });
    }
    Ok(out)
}
