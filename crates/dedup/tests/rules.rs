//! compare / cluster / combine / split on constructed events: each test changes one field of an
//! otherwise matching pair, so each criterion is seen to decide.

use marsad_dedup::{cluster, combine, compare, split, SourcedEvent, Verdict};
use marsad_model::{Actor, Event, Evidence, Place};

fn actor(id: &str) -> Actor {
    Actor { id: id.into(), name_en: id.into(), ..Actor::default() }
}

/// Douma (Rural Damascus), day precision, army vs opposition, no figure.
fn ev(doc: &str, sub: &str, date: &str) -> SourcedEvent {
    let event_type = match sub {
        "Armed clash" | "Government regains territory" => "Battles",
        "Peaceful protest" => "Protests",
        _ => "Explosions/Remote violence",
    };
    SourcedEvent {
        doc_id: doc.into(),
        source: Some(format!("outlet of {doc}")),
        url: None,
        published: None,
        event: Event {
            event_id: format!("{doc}-e"),
            event_type: event_type.into(),
            sub_event_type: sub.into(),
            date: Some(date.into()),
            date_precision: Some("day".into()),
            location: Some(place("Douma", 33.5711, 36.4027, 1)),
            actor1: Some(actor("syria_military")),
            actor2: Some(actor("opposition")),
            ..Event::default()
        },
    }
}

fn place(name: &str, lat: f64, lon: f64, precision: u8) -> Place {
    Place {
        name_ar: name.into(),
        name_en: Some(name.into()),
        admin1: Some("Rural Damascus".into()),
        admin2: Some("Duma".into()),
        lat: Some(lat),
        lon: Some(lon),
        geo_precision: Some(precision),
        gazetteer_id: Some(format!("test:{name}")),
        ..Place::default()
    }
}

fn reason(v: Verdict) -> String {
    match v {
        Verdict::Same { reasons } => format!("SAME {}", reasons.join(" | ")),
        Verdict::Different { reason } => reason,
    }
}

#[test]
fn the_same_clash_told_twice_is_one_event_with_a_reason_per_criterion() {
    let v = compare(&ev("a", "Armed clash", "2018-04-14"), &ev("b", "Armed clash", "2018-04-14"));
    let Verdict::Same { reasons } = v else { panic!("{v:?}") };
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert!(reasons.iter().any(|r| r == "date: 2018-04-14 = 2018-04-14 (day)"), "{reasons:?}");
    assert!(reasons.iter().any(|r| r == "place: same place (Douma)"), "{reasons:?}");
}

#[test]
fn events_of_one_report_never_merge() {
    assert!(reason(compare(&ev("a", "Armed clash", "2018-04-14"), &ev("a", "Armed clash", "2018-04-14"))).starts_with("report:"));
}

#[test]
fn day_dates_must_be_the_same_day_but_a_week_date_spans_three_days_either_side() {
    let a = ev("a", "Armed clash", "2018-04-14");
    assert!(reason(compare(&a, &ev("b", "Armed clash", "2018-04-15"))).starts_with("date:"));
    let mut week = ev("b", "Armed clash", "2018-04-17");
    week.event.date_precision = Some("week".into());
    assert!(compare(&a, &week).is_same(), "{}", reason(compare(&a, &week)));
    week.event.date = Some("2018-04-18".into());
    assert!(reason(compare(&a, &week)).starts_with("date:"));
}

#[test]
fn a_month_date_covers_its_calendar_month() {
    let mut month = ev("b", "Armed clash", "2018-04-15");
    month.event.date_precision = Some("month".into());
    assert!(compare(&ev("a", "Armed clash", "2018-04-30"), &month).is_same());
    assert!(!compare(&ev("a", "Armed clash", "2018-05-01"), &month).is_same());
}

#[test]
fn undated_events_meet_dated_ones_only_through_a_fresh_publication_date() {
    let dated = ev("a", "Armed clash", "2018-04-14");
    let mut undated = ev("b", "Armed clash", "2018-04-14");
    undated.event.date = None;
    undated.event.date_precision = None;
    assert!(reason(compare(&dated, &undated)).contains("without publication date"));
    undated.published = Some("2018-04-16".into());
    assert!(compare(&dated, &undated).is_same());
    undated.published = Some("2018-04-30".into());
    assert!(!compare(&dated, &undated).is_same());
    // Two undated events of reports without publication date: nothing says they are one.
    let mut other = undated.clone();
    other.doc_id = "c".into();
    undated.published = None;
    other.published = None;
    assert!(reason(compare(&undated, &other)).starts_with("date: both undated"));
}

#[test]
fn distance_threshold_follows_the_coarser_precision() {
    let a = ev("a", "Armed clash", "2018-04-14");
    let mut b = ev("b", "Armed clash", "2018-04-14");
    // Harasta, about 4.6 km from Douma.
    b.event.location = Some(place("Harasta", 33.5586, 36.3533, 1));
    assert!(compare(&a, &b).is_same(), "{}", reason(compare(&a, &b)));
    // Kafr Batna, about 7 km away: too far for two towns, close enough when one is "near".
    b.event.location = Some(place("Kafr Batna", 33.5140, 36.3770, 1));
    assert!(reason(compare(&a, &b)).starts_with("place:"));
    b.event.location = Some(place("Kafr Batna", 33.5140, 36.3770, 2));
    assert!(compare(&a, &b).is_same(), "{}", reason(compare(&a, &b)));
}

#[test]
fn a_region_holds_the_places_of_its_district_only() {
    let a = ev("a", "Armed clash", "2018-04-14");
    let mut b = ev("b", "Armed clash", "2018-04-14");
    let mut district = place("Duma district", 33.6, 36.5, 3);
    b.event.location = Some(district.clone());
    assert!(compare(&a, &b).is_same(), "{}", reason(compare(&a, &b)));
    district.admin2 = Some("Qatana".into());
    b.event.location = Some(district);
    assert!(reason(compare(&a, &b)).starts_with("place:"));
}

#[test]
fn sub_types_merge_only_through_the_table() {
    let a = ev("a", "Armed clash", "2018-04-14");
    let taken = ev("b", "Government regains territory", "2018-04-14");
    let v = reason(compare(&a, &taken));
    assert!(v.contains("type: Armed clash ~ Government regains territory"), "{v}");
    let strike = ev("a", "Air/drone strike", "2018-04-14");
    let bomb = ev("b", "Remote explosive/landmine/IED", "2018-04-14");
    assert!(reason(compare(&strike, &bomb)).starts_with("type:"));
    let protest = ev("b", "Peaceful protest", "2018-04-14");
    assert!(reason(compare(&a, &protest)).starts_with("type:"));
}

#[test]
fn sides_contradict_unless_unknown_or_of_one_family_and_battles_may_swap_them() {
    let a = ev("a", "Armed clash", "2018-04-14");
    let mut b = ev("b", "Armed clash", "2018-04-14");
    b.event.actor1 = Some(actor("islamic_state"));
    assert!(reason(compare(&a, &b)).starts_with("sides: actor1 syria_military vs islamic_state"));
    b.event.actor1 = Some(actor("unidentified_armed_group"));
    assert!(compare(&a, &b).is_same());
    // A branch of the army is the army.
    b.event.actor1 = Some(actor("syria_fourth_division"));
    assert!(compare(&a, &b).is_same(), "{}", reason(compare(&a, &b)));
    // Swapped sides: allowed for battles, not for strikes.
    b.event.actor1 = Some(actor("opposition"));
    b.event.actor2 = Some(actor("syria_military"));
    assert!(reason(compare(&a, &b)).contains("swapped"));
    let mut s1 = ev("a", "Air/drone strike", "2018-04-14");
    let mut s2 = ev("b", "Air/drone strike", "2018-04-14");
    s1.event.actor2 = Some(actor("opposition"));
    s2.event.actor1 = Some(actor("opposition"));
    s2.event.actor2 = Some(actor("syria_military"));
    assert!(reason(compare(&s1, &s2)).starts_with("sides:"));
}

#[test]
fn two_loose_matches_are_not_enough() {
    // A sub-type matched through the table and a week-wide date: two loose criteria.
    let a = ev("a", "Armed clash", "2018-04-14");
    let mut b = ev("b", "Government regains territory", "2018-04-15");
    b.event.date_precision = Some("week".into());
    assert!(reason(compare(&a, &b)).starts_with("weak: 2 loose matches"));
}

fn killed(doc: &str, n: u32, reported: bool) -> SourcedEvent {
    let mut e = ev(doc, "Armed clash", "2018-04-14");
    e.event.fatalities = n;
    if reported {
        e.event.evidence.push(Evidence { field: "fatalities".into(), start: 0, end: 1, text: None });
    }
    e
}

#[test]
fn fatalities_acled_lowest_reported_and_ucdp_low_best_high() {
    let (a, b, c, d) = (killed("a", 5, true), killed("b", 7, true), killed("c", 5, true), killed("d", 0, false));
    let f = combine(&[&a, &b, &c, &d]).expect("members").fatalities;
    assert_eq!((f.acled, f.low, f.best, f.high), (5, 5, 5, 7));
    assert_eq!(f.reported.len(), 3, "a report without a figure is no report of zero");
    // No most frequent figure: the lower median.
    let e = killed("e", 12, true);
    let f = combine(&[&a, &b, &e]).expect("members").fatalities;
    assert_eq!((f.low, f.best, f.high), (5, 7, 12));
    // An explicit zero is the UCDP low, but ACLED's figure is the lowest figure above it.
    let z = killed("z", 0, true);
    let f = combine(&[&z, &b]).expect("members").fatalities;
    assert_eq!((f.acled, f.low, f.best, f.high), (7, 0, 0, 7));
    assert!(combine(&[]).is_none());
}

#[test]
fn disagreements_are_flagged() {
    let a = killed("a", 5, true);
    let mut b = killed("b", 7, true);
    b.event.sub_event_type = "Government regains territory".into();
    b.event.location = Some(place("Douma", 33.5711, 36.4027, 2));
    let c = combine(&[&a, &b]).expect("members");
    let flags = c.disagreements.join("\n");
    assert!(flags.contains("fatalities: 5 (a) vs 7 (b)"), "{flags}");
    assert!(flags.contains("place precision: 1 (a) vs 2 (b)"), "{flags}");
    assert!(flags.contains("sub_event_type: Armed clash (a) vs Government regains territory (b)"), "{flags}");
    assert!(!flags.contains("date"), "{flags}");
    assert_eq!(c.event.fatalities, 5);
    assert_eq!(c.sources.len(), 2);
    assert!(c.event.event_id.starts_with("dedup:"));
}

#[test]
fn a_chain_does_not_grow_past_the_anchor() {
    // Douma, then Harasta (4.6 km from Douma), then Qaboun (about 4 km from Harasta, 8 km
    // from Douma): Qaboun does not join Douma's group.
    let a = ev("a", "Armed clash", "2018-04-14");
    let mut b = ev("b", "Armed clash", "2018-04-14");
    b.event.location = Some(place("Harasta", 33.5586, 36.3533, 1));
    let mut c = ev("c", "Armed clash", "2018-04-14");
    c.event.location = Some(place("Qaboun", 33.5450, 36.3180, 1));
    let events = vec![a, b, c];
    let groups = cluster(&events);
    assert_eq!(groups.iter().map(|g| g.members.len()).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(groups[0].links.len(), 1);
    assert_eq!(cluster(&events), groups, "deterministic");
}

#[test]
fn a_split_member_stands_alone_and_the_rest_stays_together() {
    let events = vec![ev("a", "Armed clash", "2018-04-14"), ev("b", "Armed clash", "2018-04-14"), ev("c", "Armed clash", "2018-04-14")];
    let groups = cluster(&events);
    assert_eq!(groups.len(), 1);
    let after = split(&events, &groups[0], 1);
    assert_eq!(after.iter().map(|g| g.members.clone()).collect::<Vec<_>>(), [vec![0, 2], vec![1]]);
}
