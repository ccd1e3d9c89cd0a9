//! Control over time: who held each place, folded from every report.
//!
//! Two kinds of statement say that an actor holds a place: a "controls" relation (actor →
//! place, with whom it was taken from when the text says), and a territory event — a takeover
//! ("Non-state actor overtakes territory", "Government regains territory": actor1 took the
//! place from actor2) or a base set up ("Headquarters or base established": actor1 is there).
//! Each is a claim dated by the event or relation (else the report's date). A place's claims,
//! in date order, become periods: consecutive claims by the same actor are one period, which
//! lasts until another actor's claim begins the next.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::{keys, Result};

/// Sub-event types that move territory: actor1 takes the place from actor2.
const TAKEOVERS: [&str; 2] = ["Non-state actor overtakes territory", "Government regains territory"];
/// Sub-event type that puts actor1 in the place without saying whom it displaced.
const BASE_ESTABLISHED: &str = "Headquarters or base established";

/// One statement that an actor held a place.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ControlClaim {
    /// Gazetteer id of the place.
    pub place_id: String,
    /// English name of the place.
    pub place_en: String,
    /// The place as written in the report.
    pub place_ar: Option<String>,
    /// Actor id of the holder.
    pub holder_id: String,
    /// ACLED-style name of the holder.
    pub holder: String,
    /// Actor id of whom it was taken from, when said.
    pub from_id: Option<String>,
    /// Name of whom it was taken from.
    pub from: Option<String>,
    /// `YYYY-MM-DD`: the event's or relation's date, else the report's.
    pub date: Option<String>,
    /// What is held ("checkpoints", "headquarters"), when said.
    pub facilities: Vec<String>,
    /// The report.
    pub doc_id: String,
    /// "relation" or "event".
    pub basis: &'static str,
    /// The place's latitude, when the gazetteer gives it.
    pub lat: Option<f64>,
    /// The place's longitude.
    pub lon: Option<f64>,
}

/// A stretch of time in which one actor held a place.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ControlPeriod {
    /// Gazetteer id of the place.
    pub place_id: String,
    /// English name of the place.
    pub place_en: String,
    /// Arabic names of the place as the reports write them.
    pub place_ar: Vec<String>,
    /// Actor id of the holder.
    pub holder_id: String,
    /// ACLED-style name of the holder.
    pub holder: String,
    /// The first claim's date.
    pub since: Option<String>,
    /// The date another actor's claim begins the next period, if any.
    pub until: Option<String>,
    /// Whom the place was taken from (id, name), from the first claim that says.
    pub taken_from_id: Option<String>,
    /// Name of whom it was taken from.
    pub taken_from: Option<String>,
    /// What is held, from every claim.
    pub facilities: Vec<String>,
    /// The reports that support the period, sorted.
    pub doc_ids: Vec<String>,
    /// The claims folded into the period.
    pub claims: Vec<ControlClaim>,
    /// The place's latitude (WGS 84), from the first claim that gives it.
    pub lat: Option<f64>,
    /// The place's longitude.
    pub lon: Option<f64>,
}

/// Every claim in the store, unsorted.
fn claims(conn: &Connection) -> Result<Vec<ControlClaim>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT r.object_id, r.object_name,
                (SELECT p.name_ar FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id LIMIT 1),
                r.subject_id, r.subject_name, r.from_id, r.from_name, coalesce(r.date, d.published_used), r.facilities, d.doc_id,
                (SELECT p.lat FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id AND p.lat IS NOT NULL LIMIT 1),
                (SELECT p.lon FROM places p WHERE p.document = r.document AND p.gazetteer_id = r.object_id AND p.lon IS NOT NULL LIMIT 1)
         FROM relations r JOIN documents d ON d.id = r.document
         WHERE r.kind = 'controls' AND r.subject_kind = 'actor' AND r.object_kind = 'place'",
    )?;
    let rows = stmt.query_map([], |r| {
        let facilities: String = r.get(8)?;
        Ok(ControlClaim {
            place_id: r.get(0)?,
            place_en: r.get(1)?,
            place_ar: r.get(2)?,
            holder_id: r.get(3)?,
            holder: r.get(4)?,
            from_id: r.get(5)?,
            from: r.get(6)?,
            date: r.get(7)?,
            facilities: serde_json::from_str(&facilities).unwrap_or_default(),
            doc_id: r.get(9)?,
            basis: "relation",
            lat: r.get(10)?,
            lon: r.get(11)?,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    let mut stmt = conn.prepare(
        "SELECT e.gazetteer_id, coalesce(e.place_en, e.place_ar), e.place_ar, e.actor1_id, e.actor1,
                CASE WHEN e.sub_event_type IN (?1, ?2) THEN e.actor2_id END,
                CASE WHEN e.sub_event_type IN (?1, ?2) THEN e.actor2 END,
                coalesce(e.date, d.published_used), d.doc_id, e.lat, e.lon
         FROM events e JOIN documents d ON d.id = e.document
         WHERE e.sub_event_type IN (?1, ?2, ?3) AND e.gazetteer_id IS NOT NULL AND e.actor1_id IS NOT NULL",
    )?;
    let rows = stmt.query_map((TAKEOVERS[0], TAKEOVERS[1], BASE_ESTABLISHED), |r| {
        Ok(ControlClaim {
            place_id: r.get(0)?,
            place_en: r.get(1)?,
            place_ar: r.get(2)?,
            holder_id: r.get(3)?,
            holder: r.get(4)?,
            from_id: r.get(5)?,
            from: r.get(6)?,
            date: r.get(7)?,
            facilities: Vec::new(),
            doc_id: r.get(8)?,
            basis: "event",
            lat: r.get(9)?,
            lon: r.get(10)?,
        })
    })?;
    for row in rows {
        out.push(row?);
    }
    Ok(out)
}

/// See [`crate::Store::control`].
pub fn history(conn: &Connection, place: Option<&str>, at: Option<&str>) -> Result<Vec<ControlPeriod>> {
    Ok(periods(claims(conn)?, place, at))
}

/// Folds claims, as any store reads them, into each place's periods: the one rule of
/// [`crate::Store::control`], shared by every [`crate::EventStore`] so that they answer alike.
pub fn periods(claims: Vec<ControlClaim>, place: Option<&str>, at: Option<&str>) -> Vec<ControlPeriod> {
    let mut by_place: BTreeMap<String, Vec<ControlClaim>> = BTreeMap::new();
    for claim in claims {
        by_place.entry(claim.place_id.clone()).or_default().push(claim);
    }
    let wanted = place.map(|p| keys::fold(p.trim()));
    let mut out = Vec::new();
    for (_, mut claims) in by_place {
        sort_claims(&mut claims);
        let periods = fold_periods(claims);
        if let Some(wanted) = &wanted {
            let names = periods.iter().flat_map(|p| std::iter::once(p.place_en.as_str()).chain(p.place_ar.iter().map(String::as_str)));
            let id_matches = periods.first().is_some_and(|p| p.place_id.to_lowercase() == *wanted);
            if !keys::key(names).contains(wanted.as_str()) && !id_matches {
                continue;
            }
        }
        match at {
            // The holder on that day: the last period begun by then.
            Some(day) => out.extend(periods.into_iter().filter(|p| p.since.as_deref().is_some_and(|s| s <= day)).last()),
            None => out.extend(periods),
        }
    }
    out
}

/// Orders one place's claims in time, undated ones last. On one day, an actor that another
/// claim of that day took the place from comes first (it held the place before); then claims
/// are grouped by holder, so that reports of one day do not alternate.
fn sort_claims(claims: &mut [ControlClaim]) {
    let losers: std::collections::HashSet<(Option<String>, String)> =
        claims.iter().filter_map(|c| c.from_id.clone().map(|f| (c.date.clone(), f))).collect();
    let lost_that_day = |c: &ControlClaim| !losers.contains(&(c.date.clone(), c.holder_id.clone()));
    claims.sort_by(|a, b| {
        // Down to every field, so that the order (and the names a period keeps first) does not
        // depend on the order a store returns rows in.
        (a.date.is_none(), &a.date, lost_that_day(a), &a.holder_id, &a.doc_id, a.basis, (&a.place_ar, &a.from_id, &a.facilities, &a.place_en))
            .cmp(&(b.date.is_none(), &b.date, lost_that_day(b), &b.holder_id, &b.doc_id, b.basis, (&b.place_ar, &b.from_id, &b.facilities, &b.place_en)))
    });
}

/// Folds one place's sorted claims into periods.
fn fold_periods(claims: Vec<ControlClaim>) -> Vec<ControlPeriod> {
    let mut periods: Vec<ControlPeriod> = Vec::new();
    for claim in claims {
        let names: Vec<String> = claim.place_ar.iter().cloned().collect();
        match periods.last_mut() {
            Some(p) if p.holder_id == claim.holder_id => p.absorb(claim),
            _ => {
                if let Some(prev) = periods.last_mut() {
                    prev.until.clone_from(&claim.date);
                }
                let mut period = ControlPeriod {
                    place_id: claim.place_id.clone(),
                    place_en: claim.place_en.clone(),
                    place_ar: names,
                    holder_id: claim.holder_id.clone(),
                    holder: claim.holder.clone(),
                    since: claim.date.clone(),
                    until: None,
                    taken_from_id: None,
                    taken_from: None,
                    facilities: Vec::new(),
                    doc_ids: Vec::new(),
                    claims: Vec::new(),
                    lat: None,
                    lon: None,
                };
                period.absorb(claim);
                periods.push(period);
            }
        }
    }
    periods
}

impl ControlPeriod {
    fn absorb(&mut self, claim: ControlClaim) {
        if self.lat.is_none() && claim.lat.is_some() && claim.lon.is_some() {
            (self.lat, self.lon) = (claim.lat, claim.lon);
        }
        if self.taken_from_id.is_none() && claim.from_id.is_some() {
            self.taken_from_id.clone_from(&claim.from_id);
            self.taken_from.clone_from(&claim.from);
        }
        for f in &claim.facilities {
            if !self.facilities.contains(f) {
                self.facilities.push(f.clone());
            }
        }
        if let Some(name) = &claim.place_ar {
            if !self.place_ar.contains(name) {
                self.place_ar.push(name.clone());
            }
        }
        if let Err(i) = self.doc_ids.binary_search(&claim.doc_id) {
            self.doc_ids.insert(i, claim.doc_id.clone());
        }
        self.claims.push(claim);
    }
}
