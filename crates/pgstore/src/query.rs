//! Event queries, control claims and counts on PostgreSQL: each filter of
//! [`marsad_store::Filter`] as a fixed SQL fragment with bound values, written to answer as the
//! SQLite store does (same folding, same distance formula, same order).

use marsad_store::{keys, ControlClaim, Filter, Stats, StoreError, StoredEvent};
use postgres::types::ToSql;
use postgres::Client;

use crate::{PgError, Result};

/// Kilometres per degree of latitude (the SQLite store's box around a circle).
const KM_PER_DEGREE: f64 = 111.195;

/// The SQL conditions and their values; `$n` placeholders are numbered as they are added.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    values: Vec<Box<dyn ToSql + Sync>>,
}

impl Conditions {
    /// Adds a condition whose placeholders are written `?`, numbering them `$n` in order.
    fn add(&mut self, sql: &str, values: Vec<Box<dyn ToSql + Sync>>) {
        let mut n = self.values.len();
        let mut out = String::with_capacity(sql.len() + 8);
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        self.values.extend(values);
        self.sql.push(out);
    }
}

fn conditions(f: &Filter) -> Result<Conditions, StoreError> {
    let mut c = Conditions::default();
    if let Some(from) = &f.from {
        c.add("e.date >= ? COLLATE \"C\"", vec![Box::new(from.clone())]);
    }
    if let Some(to) = &f.to {
        c.add("e.date <= ? COLLATE \"C\"", vec![Box::new(to.clone())]);
    }
    if let Some(admin1) = &f.admin1 {
        c.add("strpos(lower(e.admin1), ?) > 0", vec![Box::new(admin1.trim().to_lowercase())]);
    }
    if let Some(place) = &f.place {
        c.add("strpos(e.place_key, ?) > 0", vec![Box::new(keys::fold(place.trim()))]);
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
        c.add("e.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", vec![Box::new(min_lon), Box::new(min_lat), Box::new(max_lon), Box::new(max_lat)]);
    }
    if let Some((lat, lon, km)) = f.near {
        // The GiST index narrows to the box around the circle; the distance decides.
        let dlat = km / KM_PER_DEGREE;
        let dlon = km / (KM_PER_DEGREE * lat.to_radians().cos().max(0.01));
        c.add(
            "e.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)",
            vec![Box::new(lon - dlon), Box::new(lat - dlat), Box::new(lon + dlon), Box::new(lat + dlat)],
        );
        c.add("marsad_distance_km(e.lat, e.lon, ?, ?) <= ?", vec![Box::new(lat), Box::new(lon), Box::new(km)]);
    }
    if let Some(actor) = &f.actor {
        c.add("EXISTS (SELECT 1 FROM event_actors a WHERE a.event = e.id AND strpos(a.key, ?) > 0)", vec![Box::new(keys::fold(actor.trim()))]);
    }
    if let Some(t) = &f.event_type {
        c.add("lower(e.event_type) = lower(?)", vec![Box::new(t.trim().to_owned())]);
    }
    if let Some(s) = &f.sub_event_type {
        c.add("lower(e.sub_event_type) = lower(?)", vec![Box::new(s.trim().to_owned())]);
    }
    if let Some(n) = f.min_fatalities {
        c.add("e.fatalities >= ?", vec![Box::new(i64::from(n))]);
    }
    if let Some(text) = &f.text {
        if keys::fts_query(text).is_none() {
            return Err(StoreError::BadQuery(format!("nothing to search for in {text:?}: give a word")));
        }
        // Every word required, as in the SQLite index: plainto_tsquery ANDs the words.
        c.add("d.search @@ plainto_tsquery('simple', ?)", vec![Box::new(keys::search_words(text).to_lowercase())]);
    }
    Ok(c)
}

/// See [`marsad_store::EventStore::query`].
pub fn query(client: &mut Client, f: &Filter) -> Result<Vec<StoredEvent>, StoreError> {
    let mut c = conditions(f)?;
    let mut sql = String::from(
        "SELECT d.doc_id, d.source, d.url, d.published_used, e.json FROM events e JOIN documents d ON d.id = e.document",
    );
    if !c.sql.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&c.sql.join(" AND "));
    }
    // Byte order ("C"), as SQLite compares text.
    sql.push_str(&format!(
        " ORDER BY e.date IS NULL, e.date COLLATE \"C\", d.doc_id COLLATE \"C\", e.ordinal LIMIT ${}",
        c.values.len() + 1
    ));
    let limit: Option<i64> = f.limit.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
    c.values.push(Box::new(limit));
    let params: Vec<&(dyn ToSql + Sync)> = c.values.iter().map(|v| v.as_ref()).collect();
    let rows = client.query(sql.as_str(), &params).map_err(PgError::from)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let doc_id: String = r.get(0);
        let json: String = r.get(4);
        let event = serde_json::from_str(&json)
            .map_err(|source| PgError::Json { what: format!("an event of {doc_id}"), source })?;
        out.push(StoredEvent { doc_id, source: r.get(1), url: r.get(2), published: r.get(3), event });
    }
    Ok(out)
}

/// Sub-event types that move territory, and the one that sets a base (as in marsad-store).
const TAKEOVERS: [&str; 2] = ["Non-state actor overtakes territory", "Government regains territory"];
const BASE_ESTABLISHED: &str = "Headquarters or base established";

/// Every control claim in the database, unsorted (see `marsad_store::periods`).
pub fn claims(client: &mut Client) -> Result<Vec<ControlClaim>> {
    let mut out = Vec::new();
    let rows = client.query(
        "SELECT r.object_id, r.object_name,
                (SELECT p.name_ar FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id LIMIT 1),
                r.subject_id, r.subject_name, r.from_id, r.from_name, coalesce(r.date, d.published_used), r.facilities, d.doc_id,
                (SELECT p.lat FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id AND p.lat IS NOT NULL LIMIT 1),
                (SELECT p.lon FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id AND p.lon IS NOT NULL LIMIT 1)
         FROM relations r JOIN documents d ON d.id = r.document
         WHERE r.kind = 'controls' AND r.subject_kind = 'actor' AND r.object_kind = 'place'",
        &[],
    )?;
    for r in rows {
        let facilities: String = r.get(8);
        out.push(ControlClaim {
            place_id: r.get(0),
            place_en: r.get(1),
            place_ar: r.get(2),
            holder_id: r.get(3),
            holder: r.get(4),
            from_id: r.get(5),
            from: r.get(6),
            date: r.get(7),
            facilities: serde_json::from_str(&facilities).unwrap_or_default(),
            doc_id: r.get(9),
            basis: "relation",
            lat: r.get(10),
            lon: r.get(11),
        });
    }
    let rows = client.query(
        "SELECT e.gazetteer_id, coalesce(e.place_en, e.place_ar), e.place_ar, e.actor1_id, e.actor1,
                CASE WHEN e.sub_event_type IN ($1, $2) THEN e.actor2_id END,
                CASE WHEN e.sub_event_type IN ($1, $2) THEN e.actor2 END,
                coalesce(e.date, d.published_used), d.doc_id, e.lat, e.lon
         FROM events e JOIN documents d ON d.id = e.document
         WHERE e.sub_event_type IN ($1, $2, $3) AND e.gazetteer_id IS NOT NULL AND e.actor1_id IS NOT NULL",
        &[&TAKEOVERS[0], &TAKEOVERS[1], &BASE_ESTABLISHED],
    )?;
    for r in rows {
        out.push(ControlClaim {
            place_id: r.get(0),
            place_en: r.get(1),
            place_ar: r.get(2),
            holder_id: r.get(3),
            holder: r.get(4),
            from_id: r.get(5),
            from: r.get(6),
            date: r.get(7),
            facilities: Vec::new(),
            doc_id: r.get(8),
            basis: "event",
            lat: r.get(9),
            lon: r.get(10),
        });
    }
    Ok(out)
}

/// Counts for `marsad stats`.
pub fn stats(client: &mut Client) -> Result<Stats> {
    let mut count = |sql: &str| -> Result<i64> { Ok(client.query_one(sql, &[])?.get(0)) };
    let stats = Stats {
        schema_version: count("SELECT version FROM marsad_schema")?,
        documents: count("SELECT count(*) FROM documents")?,
        events: count("SELECT count(*) FROM events")?,
        event_places: count("SELECT count(DISTINCT gazetteer_id) FROM events")?,
        event_actors: count("SELECT count(DISTINCT actor_id) FROM event_actors")?,
        relations: count("SELECT count(*) FROM relations")?,
        extractor_versions: Vec::new(),
        // Cross-report merges are made by the SQLite store's dedup; the PostgreSQL store keeps
        // every report's events as they are.
        merges: 0,
        merged_events: 0,
    };
    let rows = client.query(
        "SELECT extractor_version, count(*) FROM documents GROUP BY extractor_version ORDER BY 2 DESC, extractor_version COLLATE \"C\"",
        &[],
    )?;
    Ok(Stats { extractor_versions: rows.iter().map(|r| (r.get(0), r.get(1))).collect(), ..stats })
}
