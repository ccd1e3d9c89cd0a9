//! One event from the reports that tell it: its sources, its fatality figures ACLED's way and
//! UCDP's way, and where the reports disagree.

use marsad_model::Event;
use serde::{Deserialize, Serialize};

use crate::SourcedEvent;

/// One report telling the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The report's id.
    pub doc_id: String,
    /// Outlet name.
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The event's id in that report's extraction.
    pub event_id: String,
}

/// Fatality figures of the merged event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fatalities {
    /// ACLED's figure: the lowest figure a report gives. A report that gives no figure is not a
    /// report of zero deaths, so it does not count; 0 only when no report gives a figure above 0.
    pub acled: u32,
    /// UCDP low: the lowest reported figure.
    pub low: u32,
    /// UCDP best: the figure most reports give; when no figure is given more often than the
    /// others, the lower median of the reported figures.
    pub best: u32,
    /// UCDP high: the highest reported figure.
    pub high: u32,
    /// The figures reported, by report id, in member order.
    pub reported: Vec<(String, u32)>,
}

/// The merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Combined {
    /// The finest member (place precision first, then date precision) with the ACLED fatality
    /// figure and a merged id (`dedup:` + a hash of the members' report and event ids).
    pub event: Event,
    /// Every report that tells it, in member order, one entry per event.
    pub sources: Vec<Source>,
    /// Fatalities ACLED's and UCDP's way.
    pub fatalities: Fatalities,
    /// Where the reports differ: fatalities, injured, date, place, place precision, sub-type.
    pub disagreements: Vec<String>,
}

/// Whether a report gives a fatality figure: a number above 0, or a 0 the text supports (an
/// evidence span on `fatalities`, e.g. "no casualties").
fn reported_fatalities(e: &Event) -> Option<u32> {
    (e.fatalities > 0 || e.evidence.iter().any(|ev| ev.field == "fatalities")).then_some(e.fatalities)
}

fn fatalities(members: &[&SourcedEvent]) -> Fatalities {
    let reported: Vec<(String, u32)> = members.iter().filter_map(|m| reported_fatalities(&m.event).map(|f| (m.doc_id.clone(), f))).collect();
    let mut figures: Vec<u32> = reported.iter().map(|r| r.1).collect();
    figures.sort_unstable();
    let positive = figures.iter().copied().find(|&f| f > 0);
    let (low, high) = (figures.first().copied().unwrap_or(0), figures.last().copied().unwrap_or(0));
    Fatalities { acled: positive.unwrap_or(0), low, best: best(&figures), high, reported }
}

/// The most frequent figure, or the lower median when none is more frequent than the others.
fn best(sorted: &[u32]) -> u32 {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for &f in sorted {
        match counts.last_mut() {
            Some((v, n)) if *v == f => *n += 1,
            _ => counts.push((f, 1)),
        }
    }
    let top = counts.iter().map(|c| c.1).max().unwrap_or(0);
    let modes: Vec<u32> = counts.iter().filter(|c| c.1 == top).map(|c| c.0).collect();
    match modes.as_slice() {
        [one] => *one,
        _ => sorted.get(sorted.len().saturating_sub(1) / 2).copied().unwrap_or(0),
    }
}

/// The values of one field across members, "value (doc)" joined, when they are not all equal.
fn differ(members: &[&SourcedEvent], what: &str, value: impl Fn(&Event) -> String) -> Option<String> {
    let values: Vec<String> = members.iter().map(|m| value(&m.event)).collect();
    if values.windows(2).all(|w| w[0] == w[1]) {
        return None;
    }
    let told: Vec<String> = members.iter().zip(&values).map(|(m, v)| format!("{v} ({})", m.doc_id)).collect();
    Some(format!("{what}: {}", told.join(" vs ")))
}

fn place_name(e: &Event) -> String {
    e.location.as_ref().map_or("none".into(), |l| l.name_en.clone().unwrap_or_else(|| l.name_ar.clone()))
}

fn disagreements(members: &[&SourcedEvent], f: &Fatalities) -> Vec<String> {
    let mut out = Vec::new();
    if f.low != f.high {
        let told: Vec<String> = f.reported.iter().map(|(d, n)| format!("{n} ({d})")).collect();
        out.push(format!("fatalities: {}", told.join(" vs ")));
    }
    let checks = [
        differ(members, "injured", |e| e.injured.map_or("no figure".into(), |n| n.to_string())),
        differ(members, "date", |e| format!("{} {}", e.date.as_deref().unwrap_or("undated"), e.date_precision.as_deref().unwrap_or(""))),
        differ(members, "place", place_name),
        differ(members, "place precision", |e| e.location.as_ref().and_then(|l| l.geo_precision).map_or("none".into(), |p| p.to_string())),
        differ(members, "sub_event_type", |e| e.sub_event_type.clone()),
    ];
    out.extend(checks.into_iter().flatten());
    out
}

/// Ranks a member for being the merged event's base: finer place, then finer date.
fn fineness(e: &Event) -> (u8, u8) {
    let geo = e.location.as_ref().and_then(|l| l.geo_precision).unwrap_or(4);
    let date = match (e.date.as_ref(), e.date_precision.as_deref()) {
        (None, _) => 3,
        (_, Some("month")) => 2,
        (_, Some("week")) => 1,
        _ => 0,
    };
    (geo, date)
}

/// FNV-1a, 64 bits, for the merged id: stable across platforms and runs.
fn fnv(parts: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in parts.join("\u{1f}").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("dedup:{h:016x}")
}

/// Combines the events of one group (see [`crate::Group::members`]) into one: its sources,
/// fatalities ACLED's way (the lowest reported figure) and UCDP's way (low / best / high), and
/// the disagreements between reports. `None` for an empty slice.
pub fn combine(members: &[&SourcedEvent]) -> Option<Combined> {
    let base = members.iter().min_by_key(|m| fineness(&m.event))?;
    let f = fatalities(members);
    let mut ids: Vec<String> = members.iter().map(|m| format!("{}#{}", m.doc_id, m.event.event_id)).collect();
    ids.sort();
    let mut event = base.event.clone();
    event.event_id = fnv(&ids);
    event.fatalities = f.acled;
    let sources = members
        .iter()
        .map(|m| Source { doc_id: m.doc_id.clone(), source: m.source.clone(), url: m.url.clone(), published: m.published.clone(), event_id: m.event.event_id.clone() })
        .collect();
    let disagreements = disagreements(members, &f);
    Some(Combined { event, sources, fatalities: f, disagreements })
}
