//! The four criteria of [`crate::compare`]: date, place, type and sides. Each gives the reason
//! it holds (`Ok`, with whether the match is only weak) or the reason it fails (`Err`), naming
//! the criterion and the values.

/// A criterion that holds: its reason, and whether it holds only loosely (a date window wider
/// than a day, a place by admin unit or beyond the precision-1 distance, a sub-type by the
/// compatibility table, no actor shared by either side).
pub(crate) type Match = Result<(String, bool), String>;

use chrono::{Datelike, Duration, NaiveDate};
use marsad_model::{Actor, Event, Place};

use crate::rules::Rules;
use crate::SourcedEvent;

/// When an event can have happened, as far as its record tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// A dated event: some day in `start..=end`.
    Dated { date: NaiveDate, start: NaiveDate, end: NaiveDate, precision: &'static str },
    /// No event date; the report's publication date, if it has one.
    Undated { published: Option<NaiveDate> },
}

impl When {
    /// The days the event can fall on, for sorting and sweeping: an undated event of a
    /// published report lies in the freshness window before publication.
    pub(crate) fn span(&self, rules: &Rules) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            When::Dated { start, end, .. } => Some((start, end)),
            When::Undated { published: Some(p) } => Some((p - Duration::days(rules.date.undated_freshness_days), p)),
            When::Undated { published: None } => None,
        }
    }
}

fn parse_day(s: Option<&str>) -> Option<NaiveDate> {
    let s = s?;
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// The window of an event's date by its precision; a date that does not parse counts as none.
pub(crate) fn when(e: &SourcedEvent, rules: &Rules) -> When {
    let Some(date) = parse_day(e.event.date.as_deref()) else {
        return When::Undated { published: parse_day(e.published.as_deref()) };
    };
    let (start, end, precision) = match e.event.date_precision.as_deref() {
        Some("week") => {
            let w = Duration::days(rules.date.week_half_width_days);
            (date - w, date + w, "week")
        }
        Some("month") => {
            let first = date.with_day(1).unwrap_or(date);
            let next = if first.month() == 12 { first.with_year(first.year() + 1).and_then(|d| d.with_month(1)) } else { first.with_month(first.month() + 1) };
            (first, next.map_or(date, |n| n - Duration::days(1)), "month")
        }
        _ => (date, date, "day"),
    };
    When::Dated { date, start, end, precision }
}

/// Dates compatible: windows overlap (with the day slack); undated events by publication.
pub(crate) fn date(a: When, b: When, rules: &Rules) -> Match {
    let slack = Duration::days(rules.date.day_slack_days);
    let fresh = rules.date.undated_freshness_days;
    match (a, b) {
        (When::Dated { date: da, start: sa, end: ea, precision: pa }, When::Dated { date: db, start: sb, end: eb, precision: pb }) => {
            if sa - slack <= eb && sb - slack <= ea {
                if da == db && pa == "day" && pb == "day" {
                    Ok((format!("date: {da} = {db} (day)"), false))
                } else {
                    Ok((format!("date: {da} ({pa}, {sa}..{ea}) overlaps {db} ({pb}, {sb}..{eb})"), true))
                }
            } else {
                Err(format!("date: {da} ({pa}) vs {db} ({pb}): no overlap"))
            }
        }
        (When::Dated { date, start, end, precision }, When::Undated { published }) | (When::Undated { published }, When::Dated { date, start, end, precision }) => match published {
            Some(p) if p >= start && p <= end + Duration::days(fresh) => {
                Ok((format!("date: {date} ({precision}) vs undated in a report published {p} (≤ {fresh} days after)"), true))
            }
            Some(p) => Err(format!("date: {date} ({precision}) vs undated in a report published {p}")),
            None => Err(format!("date: {date} ({precision}) vs undated in a report without publication date")),
        },
        (When::Undated { published: Some(pa) }, When::Undated { published: Some(pb) }) => {
            let gap = (pa - pb).num_days().abs();
            if gap <= fresh {
                Ok((format!("date: both undated, reports published {pa} and {pb} ({gap} days apart, ≤ {fresh})"), true))
            } else {
                Err(format!("date: both undated, reports published {pa} and {pb} ({gap} days apart)"))
            }
        }
        (When::Undated { .. }, When::Undated { .. }) => {
            if rules.date.merge_undated_unpublished {
                Ok(("date: unknown (both undated, a report without publication date)".to_string(), true))
            } else {
                Err("date: both undated, a report without publication date".to_string())
            }
        }
    }
}

/// Great-circle distance in km.
pub(crate) fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn name(p: &Place) -> &str {
    p.name_en.as_deref().unwrap_or(&p.name_ar)
}

fn precision(p: &Place) -> u8 {
    p.geo_precision.unwrap_or(3)
}

/// The admin unit a coarse place stands for: its district when it has one, else its governorate.
fn unit(p: &Place) -> (&'static str, Option<&str>) {
    match p.admin2.as_deref() {
        Some(a2) => ("admin2", Some(a2)),
        None => ("admin1", p.admin1.as_deref()),
    }
}

fn inside(fine: &Place, coarse: &Place) -> Option<String> {
    let (level, want) = unit(coarse);
    let want = want?;
    let have = if level == "admin2" { fine.admin2.as_deref() } else { fine.admin1.as_deref() };
    (have == Some(want)).then(|| format!("place: {} inside {} ({level} {want})", name(fine), name(coarse)))
}

/// Places the same or nearby: the same gazetteer place; within the distance of the coarser
/// precision (1 or 2); or, when one is a region/district/governorate (3), the other inside it.
pub(crate) fn place(a: Option<&Place>, b: Option<&Place>, rules: &Rules) -> Match {
    let (Some(a), Some(b)) = (a, b) else {
        return Err("place: no location on one side".to_string());
    };
    if a.gazetteer_id.is_some() && a.gazetteer_id == b.gazetteer_id {
        return Ok((format!("place: same place ({})", name(a)), false));
    }
    let coarser = precision(a).max(precision(b));
    if coarser >= 3 {
        let found = if precision(a) >= precision(b) { inside(b, a).or_else(|| inside(a, b)) } else { inside(a, b).or_else(|| inside(b, a)) };
        return found.map(|r| (r, true)).ok_or_else(|| format!("place: {} ({}) not inside {} ({}) nor the reverse", name(a), precision(a), name(b), precision(b)));
    }
    let (Some(la), Some(oa), Some(lb), Some(ob)) = (a.lat, a.lon, b.lat, b.lon) else {
        return Err(format!("place: no coordinates for {} or {}", name(a), name(b)));
    };
    let km = haversine_km(la, oa, lb, ob);
    let max = if coarser == 1 { rules.place.max_km_precision_1 } else { rules.place.max_km_precision_2 };
    if km <= max {
        Ok((format!("place: {km:.1} km apart ({} / {}, precision {coarser}, ≤ {max} km)", name(a), name(b)), km > rules.place.max_km_precision_1))
    } else {
        Err(format!("place: {km:.1} km apart ({} / {}, precision {coarser}, > {max} km)", name(a), name(b)))
    }
}

/// Types compatible: the same event type, and the same sub-type or a pair of the rules' table.
pub(crate) fn kind(a: &Event, b: &Event, rules: &Rules) -> Match {
    if a.event_type != b.event_type {
        return Err(format!("type: {} ≠ {}", a.event_type, b.event_type));
    }
    if a.sub_event_type == b.sub_event_type {
        return Ok((format!("type: {} / {}", a.event_type, a.sub_event_type), false));
    }
    match rules.compatible_reason(&a.event_type, &a.sub_event_type, &b.sub_event_type) {
        Some(why) => Ok((format!("type: {} ~ {} ({why})", a.sub_event_type, b.sub_event_type), true)),
        None => Err(format!("type: {} ≠ {}", a.sub_event_type, b.sub_event_type)),
    }
}

/// The known actors of one side (the actor, its associates, and every actor they belong to);
/// `None` when the side names no one in particular.
fn side<'a>(main: Option<&'a Actor>, assoc: &'a [Actor], rules: &'a Rules) -> Option<Vec<&'a str>> {
    let ids: Vec<&str> = main
        .into_iter()
        .chain(assoc)
        .filter(|a| !rules.is_unknown_actor(&a.id))
        .flat_map(|a| rules.with_ancestors(&a.id))
        .collect();
    (!ids.is_empty()).then_some(ids)
}

/// Whether two sides can be the same: one unknown, or a shared actor (the reason names it).
fn meet(a: &Option<Vec<&str>>, b: &Option<Vec<&str>>) -> Result<(String, bool), String> {
    match (a, b) {
        (Some(a), Some(b)) => match a.iter().find(|x| b.contains(x)) {
            Some(shared) => Ok((shared.to_string(), true)),
            None => Err(format!("{} vs {}", a[0], b[0])),
        },
        (Some(a), None) => Ok((format!("{} / unknown", a[0]), false)),
        (None, Some(b)) => Ok((format!("unknown / {}", b[0]), false)),
        (None, None) => Ok(("unknown".to_string(), false)),
    }
}

/// Sides compatible: each side shares an actor with the other report's same side, or one of
/// them is unknown; in Battles the sides may be swapped (who attacked is told differently).
pub(crate) fn sides(a: &Event, b: &Event, rules: &Rules) -> Match {
    let (a1, a2) = (side(a.actor1.as_ref(), &a.assoc_actor1, rules), side(a.actor2.as_ref(), &a.assoc_actor2, rules));
    let (b1, b2) = (side(b.actor1.as_ref(), &b.assoc_actor1, rules), side(b.actor2.as_ref(), &b.assoc_actor2, rules));
    let direct = (meet(&a1, &b1), meet(&a2, &b2));
    if let (Ok((s1, k1)), Ok((s2, k2))) = &direct {
        return Ok((format!("sides: actor1 {s1}; actor2 {s2}"), !(k1 | k2)));
    }
    if a.event_type == "Battles" {
        if let (Ok((s1, k1)), Ok((s2, k2))) = (meet(&a1, &b2), meet(&a2, &b1)) {
            return Ok((format!("sides: swapped (Battles): actor1/actor2 {s1}; actor2/actor1 {s2}"), !(k1 | k2)));
        }
    }
    let why: Vec<String> = [("actor1", direct.0), ("actor2", direct.1)].into_iter().filter_map(|(n, r)| r.err().map(|e| format!("{n} {e}"))).collect();
    Err(format!("sides: {}", why.join("; ")))
}
