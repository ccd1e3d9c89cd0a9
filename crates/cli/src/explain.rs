//! `marsad extract --explain`: a report's events as a reader checks them, field by field, each
//! with its value, the ids of the rules that decided it and the words each rule read; then the
//! event words that became no event, with the rule that dropped each.

use std::fmt::Write as _;

use marsad_extract::rules::RuleBook;
use marsad_extract::Explained;
use marsad_model::{Actor, Event, Evidence};

/// Fields in the order a reader goes through an event.
const FIELDS: &[&str] = &[
    "event", "event_type", "sub_event_type", "disorder_type", "date", "date_precision", "location", "sides", "actor1",
    "assoc_actor1", "actor2", "assoc_actor2", "fatalities", "injured", "arrested", "civilian_targeting", "interaction",
    "notes",
];

/// Renders one explained report.
pub fn render(origin: &str, x: &Explained, book: &RuleBook) -> String {
    let doc = &x.output;
    let mut out = String::new();
    let _ = writeln!(out, "== {} ({origin}) published {}", doc.doc_id, doc.published.as_deref().unwrap_or("unknown"));
    for w in &doc.warnings {
        let _ = writeln!(out, "   warning: {w}");
    }
    if doc.events.is_empty() {
        let _ = writeln!(out, "   no event");
    }
    for (n, (event, fired)) in doc.events.iter().zip(&x.events).enumerate() {
        let _ = writeln!(out, "\n-- event {} of {}: {} / {}", n + 1, doc.events.len(), event.event_type, event.sub_event_type);
        for &field in FIELDS {
            let rules: Vec<_> = fired.iter().filter(|(f, _, _)| *f == field).collect();
            let value = value_of(event, field);
            if rules.is_empty() && value.is_none() {
                continue;
            }
            let _ = writeln!(out, "   {field:<18} {}", value.unwrap_or_default());
            let mut seen: Vec<(&str, usize, usize)> = Vec::new();
            for (_, rule, ev) in rules {
                // The same rule on the same words says nothing new.
                if seen.contains(&(rule.id(), ev.start, ev.end)) {
                    continue;
                }
                seen.push((rule.id(), ev.start, ev.end));
                let _ = writeln!(out, "      {:<30} {}", rule.id(), quote(ev));
            }
        }
    }
    if !doc.dropped.is_empty() {
        let _ = writeln!(out, "\n-- not events ({})", doc.dropped.len());
        for (d, why) in doc.dropped.iter().zip(&x.dropped) {
            let about = book.get(&d.rule).map(|e| e.description.as_str()).unwrap_or("");
            let _ = writeln!(out, "   «{}» [{}..{}]  {}  {}", d.text, d.start, d.end, d.rule, quote(why));
            if !about.is_empty() {
                let _ = writeln!(out, "      ({about})");
            }
        }
    }
    out
}

/// The words a rule read, quoted as written (right-to-left text is left as it is).
fn quote(ev: &Evidence) -> String {
    match ev.text.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => {
            let one_line: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = one_line.chars().take(90).collect();
            let more = if one_line.chars().count() > 90 { "…" } else { "" };
            format!("«{short}{more}» [{}..{}]", ev.start, ev.end)
        }
        _ => "(no words: the publication date or a default)".to_string(),
    }
}

fn actor(a: &Actor) -> String {
    format!("{} ({})", a.name_en, a.mentions.join(" / "))
}

/// A field's value as text, `None` when it has none.
fn value_of(e: &Event, field: &str) -> Option<String> {
    match field {
        "event" => Some(format!("kept (confidence {})", e.confidence)),
        "event_type" => Some(e.event_type.clone()),
        "sub_event_type" => Some(e.sub_event_type.clone()),
        "disorder_type" => Some(e.disorder_type.clone()),
        "date" => e.date.clone(),
        "date_precision" => e.date_precision.clone(),
        "location" => e.location.as_ref().map(|p| {
            format!("{} ({}, {}, precision {})", p.name_ar, p.name_en.as_deref().unwrap_or("?"), p.admin1.as_deref().unwrap_or("?"), p.geo_precision.unwrap_or(0))
        }),
        "actor1" => e.actor1.as_ref().map(actor),
        "actor2" => e.actor2.as_ref().map(actor),
        "assoc_actor1" => (!e.assoc_actor1.is_empty()).then(|| e.assoc_actor1.iter().map(actor).collect::<Vec<_>>().join("; ")),
        "assoc_actor2" => (!e.assoc_actor2.is_empty()).then(|| e.assoc_actor2.iter().map(actor).collect::<Vec<_>>().join("; ")),
        "fatalities" => Some(e.fatalities.to_string()),
        "injured" => e.injured.map(|v| v.to_string()),
        "arrested" => e.arrested.map(|v| v.to_string()),
        "civilian_targeting" => Some(e.civilian_targeting.to_string()),
        "interaction" => e.interaction.map(|v| v.to_string()),
        "notes" => Some(e.notes.clone()),
        _ => None,
    }
}
