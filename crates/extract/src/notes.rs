//! The English note of an event, in ACLED's style: "On 12 January 2024, NDF: National Defence
//! Forces clashed with Qaterji Militia in Al-Asharah (Deir ez-Zor). 2 killed, 4 injured."

use marsad_model::Event;

use crate::taxonomy::*;

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

fn date_phrase(e: &Event) -> String {
    let Some(d) = e.date.as_deref() else { return "On an unknown date".to_string() };
    let mut parts = d.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(day))) = (parts.next(), parts.next(), parts.next()) else {
        return format!("On {d}");
    };
    let month = MONTHS.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?");
    match e.date_precision.as_deref() {
        Some("week") => format!("In the week of {day} {month} {y}"),
        Some("month") => format!("In {month} {y}"),
        _ => format!("On {day} {month} {y}"),
    }
}

fn verb(e: &Event) -> &'static str {
    match e.sub_event_type.as_str() {
        ARMED_CLASH => "clashed with",
        GOVERNMENT_REGAINS | NON_STATE_OVERTAKES => "took territory from",
        AIR_STRIKE => "carried out an air/drone strike on",
        SHELLING => "shelled",
        REMOTE_EXPLOSIVE => "used an explosive device against",
        ATTACK => "attacked",
        ABDUCTION => "abducted",
        ARRESTS => "arrested",
        PEACEFUL_PROTEST => "demonstrated",
        NON_VIOLENT_TRANSFER => "took over territory without fighting from",
        _ => "acted against",
    }
}

/// The note for an event whose other fields are filled.
pub fn note(e: &Event) -> String {
    let a1 = e.actor1.as_ref().map_or("Unidentified actors", |a| a.name_en.as_str());
    let mut s = format!("{}, {} {}", date_phrase(e), a1, verb(e));
    if e.sub_event_type != PEACEFUL_PROTEST {
        match &e.actor2 {
            Some(a) => s.push_str(&format!(" {}", a.name_en)),
            None => s.push_str(" unidentified targets"),
        }
    }
    if let Some(p) = &e.location {
        let name = p.name_en.clone().unwrap_or_else(|| p.name_ar.clone());
        match &p.admin1 {
            Some(a) if !name.contains(a.as_str()) => s.push_str(&format!(" in {name} ({a})")),
            _ => s.push_str(&format!(" in {name}")),
        }
    }
    s.push('.');
    let mut tolls = Vec::new();
    if e.fatalities > 0 {
        tolls.push(format!("{} killed", e.fatalities));
    }
    if let Some(n) = e.injured {
        tolls.push(format!("{n} injured"));
    }
    if let Some(n) = e.arrested {
        tolls.push(format!("{n} arrested"));
    }
    if !tolls.is_empty() {
        s.push_str(&format!(" {}.", tolls.join(", ")));
    }
    s
}
