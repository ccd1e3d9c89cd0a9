//! Cross-report deduplication: which events told by different reports are one event
//! ([`compare`], [`cluster`]), and how their figures combine ([`combine`]).
//!
//! A pure library over event records: the store persists what it returns. Every merge carries
//! the reasons of each criterion, so it can be explained, and [`split`] undoes one. The rules'
//! facts (thresholds, compatible sub-types, unknown actors) are data in
//! `data/dedup/rules.toml`; the rules, the thresholds and their measured effect are in
//! `docs/DEDUP.md`.
#![deny(missing_docs)]

mod combine;
mod criteria;
pub mod rules;

use chrono::NaiveDate;
use marsad_model::Event;
use serde::{Deserialize, Serialize};

pub use combine::{combine, Combined, Fatalities, Source};
use criteria::When;
pub use rules::{Rules, RulesError};

/// An event with the report it comes from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourcedEvent {
    /// The report's id: events of one report never merge with each other.
    pub doc_id: String,
    /// Outlet name.
    pub source: Option<String>,
    /// Address of the report.
    pub url: Option<String>,
    /// The report's publication date `YYYY-MM-DD`: places undated events in time.
    pub published: Option<String>,
    /// The event as extracted.
    pub event: Event,
}

/// Whether two events are one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// One event: every criterion holds; one reason per criterion, naming the values.
    Same {
        /// "date: …", "place: …", "type: …", "sides: …".
        reasons: Vec<String>,
    },
    /// Two events: the first criterion that fails, with the values.
    Different {
        /// Why not.
        reason: String,
    },
}

impl Verdict {
    /// Whether the verdict is [`Verdict::Same`].
    pub fn is_same(&self) -> bool {
        matches!(self, Verdict::Same { .. })
    }
}

/// Compares two events with the embedded rules. See [`compare_with`].
pub fn compare(a: &SourcedEvent, b: &SourcedEvent) -> Verdict {
    compare_with(a, b, Rules::embedded())
}

/// Whether two events of different reports are one event: dates compatible, places the same or
/// nearby, types compatible and sides without contradiction (`docs/DEDUP.md`).
pub fn compare_with(a: &SourcedEvent, b: &SourcedEvent, rules: &Rules) -> Verdict {
    if a.doc_id == b.doc_id {
        return Verdict::Different { reason: format!("report: both from {}", a.doc_id) };
    }
    let checks = [
        criteria::kind(&a.event, &b.event, rules),
        criteria::date(criteria::when(a, rules), criteria::when(b, rules), rules),
        criteria::place(a.event.location.as_ref(), b.event.location.as_ref(), rules),
        criteria::sides(&a.event, &b.event, rules),
    ];
    let mut reasons = Vec::with_capacity(checks.len());
    let mut weak = Vec::new();
    for check in checks {
        match check {
            Ok((r, false)) => reasons.push(r),
            Ok((r, true)) => {
                weak.push(r.clone());
                reasons.push(format!("{r} [weak]"));
            }
            Err(reason) => return Verdict::Different { reason },
        }
    }
    if weak.len() > rules.max_weak {
        return Verdict::Different { reason: format!("weak: {} loose matches (> {}): {}", weak.len(), rules.max_weak, weak.join("; ")) };
    }
    Verdict::Same { reasons }
}

/// Why an event joined its group: the reasons of its [`Verdict::Same`] with the anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Index (into the clustered slice) of the group's anchor.
    pub anchor: usize,
    /// Index of the event that joined.
    pub member: usize,
    /// The reasons, one per criterion.
    pub reasons: Vec<String>,
}

/// Events taken as one event. Indices refer to the slice given to [`cluster`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Members in cluster order; the first is the anchor every other member matched.
    pub members: Vec<usize>,
    /// One link per member after the anchor.
    pub links: Vec<Link>,
}

impl Group {
    /// The anchor: the earliest-dated member, which every other member was compared with.
    pub fn anchor(&self) -> usize {
        self.members[0]
    }

    /// The members' events.
    pub fn members<'a>(&self, events: &'a [SourcedEvent]) -> Vec<&'a SourcedEvent> {
        self.members.iter().filter_map(|&i| events.get(i)).collect()
    }

    /// How many different reports tell the event.
    pub fn sources(&self, events: &[SourcedEvent]) -> usize {
        let mut docs: Vec<&str> = self.members(events).iter().map(|e| e.doc_id.as_str()).collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    }
}

/// Groups events with the embedded rules. See [`cluster_with`].
pub fn cluster(events: &[SourcedEvent]) -> Vec<Group> {
    cluster_with(events, Rules::embedded())
}

/// Groups events that are one event. An event joins the first open group (in time order) whose
/// anchor — its earliest member — it is [`Verdict::Same`] with and which holds no event of its
/// own report; else it starts a group. Matching the anchor, not any member, keeps chains
/// (A near B, B near C, A far from C) from growing. Events are taken by event type and in time
/// order, and a group closes once its anchor's window lies behind, so a corpus costs about one
/// comparison per event and open group, not all pairs. Events without a date of a report
/// without a publication date come last and stay alone unless the rules'
/// `merge_undated_unpublished` lets them meet the undated groups of their type. Groups come out
/// in the order of their anchors; singletons are groups too.
pub fn cluster_with(events: &[SourcedEvent], rules: &Rules) -> Vec<Group> {
    let whens: Vec<When> = events.iter().map(|e| criteria::when(e, rules)).collect();
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| sort_key(events, &whens, rules, a).cmp(&sort_key(events, &whens, rules, b)));

    let mut groups: Vec<Group> = Vec::new();
    let mut open_from = 0; // groups before this index are closed (same type, window behind)
    let mut undated_groups: Vec<usize> = Vec::new(); // groups whose anchor has no event date
    let slack = chrono::Duration::days(rules.date.day_slack_days);
    for &i in &order {
        let e = &events[i];
        let span = whens[i].span(rules);
        // Close groups of another type or whose anchor window ends before this event starts.
        while open_from < groups.len() {
            let anchor = groups[open_from].anchor();
            let same_type = events[anchor].event.event_type == e.event.event_type;
            let behind = match (whens[anchor].span(rules), span) {
                (Some((_, end)), Some((start, _))) => end + slack < start,
                (Some(_), None) => false, // undated-unpublished: see `candidates`
                (None, _) => false,
            };
            if same_type && !behind {
                break;
            }
            open_from += 1;
        }
        let candidates: Vec<usize> = match span {
            Some(_) => (open_from..groups.len()).collect(),
            // Nothing places it in time: when the rules let such events merge at all, any
            // undated group of its type (they come after the dated ones of the type).
            None if rules.date.merge_undated_unpublished => {
                undated_groups.iter().copied().filter(|&g| events[groups[g].anchor()].event.event_type == e.event.event_type).collect()
            }
            None => Vec::new(),
        };
        let mut joined = false;
        for g in candidates {
            if groups[g].members.iter().any(|&m| events[m].doc_id == e.doc_id) {
                continue;
            }
            let anchor = groups[g].anchor();
            if let Verdict::Same { reasons } = compare_with(&events[anchor], e, rules) {
                groups[g].members.push(i);
                groups[g].links.push(Link { anchor, member: i, reasons });
                joined = true;
                break;
            }
        }
        if !joined {
            if matches!(whens[i], When::Undated { .. }) {
                undated_groups.push(groups.len());
            }
            groups.push(Group { members: vec![i], links: Vec::new() });
        }
    }
    groups
}

/// Time first (an undated event of an unpublished report last), then the finer date and place,
/// then the report and the event id, so the order never depends on the input order.
fn sort_key<'a>(events: &'a [SourcedEvent], whens: &[When], rules: &Rules, i: usize) -> (String, bool, Option<NaiveDate>, u8, u8, &'a str, &'a str, usize) {
    let e = &events[i];
    let span = whens[i].span(rules);
    let date_rank = match whens[i] {
        When::Dated { precision: "day", .. } => 0,
        When::Dated { precision: "week", .. } => 1,
        When::Dated { .. } => 2,
        When::Undated { .. } => 3,
    };
    let geo = e.event.location.as_ref().and_then(|l| l.geo_precision).unwrap_or(4);
    (e.event.event_type.clone(), span.is_none(), span.map(|s| s.0), date_rank, geo, e.doc_id.as_str(), e.event.event_id.as_str(), i)
}

/// Undoes a member's merge: the member alone, and the rest of the group clustered again (a
/// group whose anchor is split off may fall apart, since its members matched that anchor).
/// Indices stay those of `events`. The store keeps the split as an analyst's decision and applies
/// it again after any re-clustering (see `docs/DEDUP.md`).
pub fn split(events: &[SourcedEvent], group: &Group, member: usize) -> Vec<Group> {
    let rest: Vec<usize> = group.members.iter().copied().filter(|&m| m != member).collect();
    let sub: Vec<SourcedEvent> = rest.iter().filter_map(|&m| events.get(m).cloned()).collect();
    let mut out: Vec<Group> = cluster(&sub)
        .into_iter()
        .map(|g| Group {
            members: g.members.iter().map(|&m| rest[m]).collect(),
            links: g.links.into_iter().map(|l| Link { anchor: rest[l.anchor], member: rest[l.member], reasons: l.reasons }).collect(),
        })
        .collect();
    if group.members.contains(&member) {
        out.push(Group { members: vec![member], links: Vec::new() });
    }
    out.sort_by(|a, b| a.members.cmp(&b.members));
    out
}
