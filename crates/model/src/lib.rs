//! The event record: marsad's output contract (see `docs/EVENTS.md`), as serde types that the
//! extractor, the CLI, the exports and the scorer share. Field names are the contract: add
//! fields, never rename or drop them.
#![deny(missing_docs)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One input report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct InputDocument {
    /// Kept as given; for files, the path relative to the input root.
    #[serde(alias = "id")]
    pub doc_id: String,
    /// The article, UTF-8.
    pub text: String,
    /// Publication date `YYYY-MM-DD`, the anchor for relative dates.
    #[serde(default)]
    pub published: Option<String>,
    /// Outlet name.
    #[serde(default)]
    pub source: Option<String>,
    /// Address of the report.
    #[serde(default)]
    pub url: Option<String>,
}

/// The record written for one input report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OutputDocument {
    /// As in the input.
    pub doc_id: String,
    /// As in the input.
    pub source: Option<String>,
    /// The publication date used: given, or read from the report's own date line.
    pub published: Option<String>,
    /// Events found, in order of their first evidence.
    pub events: Vec<Event>,
    /// Every actor, person and place found in the report, whether or not an event uses it.
    pub entities: Entities,
    /// Things a reader should know about how fields were filled (inferred years, unresolved
    /// places, ...).
    pub warnings: Vec<String>,
    /// The conflict system the report describes: who commands, belongs to, backs, fights or
    /// controls whom and what, each with evidence (absent in records of older releases).
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Event words that did not become events, each with the rule that dropped it (filled only
    /// when asked for, `marsad extract --explain` or `--dropped`; absent otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<Dropped>,
}

/// An event word of the report that did not become an event, and why.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Dropped {
    /// The id of the rule that dropped it (`data/rules/rules.toml`).
    pub rule: String,
    /// Start of the event word, in Unicode scalar values of the input text.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// The event word as written.
    pub text: String,
}

/// Entities named in a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Entities {
    /// Armed groups, forces, civilians, protesters.
    pub actors: Vec<Actor>,
    /// Named persons.
    pub people: Vec<Person>,
    /// Places.
    pub places: Vec<Place>,
    /// Armed groups the actor dictionary lacks, as written, with a low confidence (they are
    /// also in `actors`, with an id `new:<surface>`).
    #[serde(default)]
    pub new_actors: Vec<NewActor>,
}

/// An armed group named in a report but missing from the actor dictionary.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct NewActor {
    /// `new:<surface>`, as in `Entities::actors`.
    pub id: String,
    /// The name as written (normalised Arabic), without the head noun.
    pub surface: String,
    /// The mentions as written in the text, head nouns included.
    pub mentions: Vec<String>,
    /// Spans of every mention.
    pub evidence: Vec<Evidence>,
    /// 0..1: how sure it is that this is a group at all.
    pub confidence: f64,
}

/// A family tie between two people of one report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Kinship {
    /// "brother_of", "son_of", "cousin_of", ... read from this person's side.
    pub relation: String,
    /// The other person's `Person::id`.
    pub person: String,
    /// The other person's name as first written.
    pub name_ar: String,
}

/// One end of a relation: an actor, a person or a place.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    /// "actor", "person" or "place".
    pub kind: String,
    /// The actor's dictionary id (or `new:<surface>`), the person's id, the place's gazetteer id.
    pub id: String,
    /// A readable name (ACLED-style for actors, as written for people, English for places).
    pub name: String,
}

/// A typed relation read from one report, with its evidence.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Relation {
    /// "commands", "member_of", "part_of", "ally_of", "backed_by", "fights", "attacks",
    /// "controls", or a family tie ("brother_of", ...).
    pub kind: String,
    /// Who or what the relation is about.
    pub subject: EntityRef,
    /// The other end.
    pub object: EntityRef,
    /// When it held, `YYYY-MM-DD`: the event's date, else the report's date.
    pub date: Option<String>,
    /// Spans of the input text that state it (for dictionary relations: the actor's mention).
    pub evidence: Vec<Evidence>,
    /// 0..1.
    pub confidence: f64,
    /// Where the relation holds, when the text says ("commander ... in Deir ez-Zor").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EntityRef>,
    /// For `controls`: the actor the place was taken from, when the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<EntityRef>,
    /// For `controls`: what is held ("checkpoints", "headquarters", "crossing").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<String>,
    /// Where the relation comes from: "text", "event", "dictionary" (joined by "+").
    #[serde(default)]
    pub basis: String,
}

/// A named person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Person {
    /// Identifier within the report (`person:<normalised name>`), used by relations and kin.
    #[serde(default)]
    pub id: String,
    /// The name as first written (Arabic).
    pub name_ar: String,
    /// Other names and spellings in the report.
    pub aliases: Vec<String>,
    /// Role words around the name ("القيادي", "قائد").
    pub roles: Vec<String>,
    /// The actor the person belongs to, by actor id, when the text says.
    pub affiliation: Option<String>,
    /// Spans of every mention.
    pub evidence: Vec<Evidence>,
    /// The roles in English ("commander", "leader", "colonel").
    #[serde(default)]
    pub roles_en: Vec<String>,
    /// Where the person serves, when the text says ("قائد ... في دير الزور"): the place's name.
    #[serde(default)]
    pub area: Option<String>,
    /// Why mentions written differently were taken as one person ("same first name, surname
    /// edit distance 2, same role and affiliation").
    #[serde(default)]
    pub merge_reasons: Vec<String>,
    /// Family ties to other people of the report.
    #[serde(default)]
    pub kin: Vec<Kinship>,
}

/// One conflict event, ACLED-compatible.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Event {
    /// Stable: the same input gives the same id.
    pub event_id: String,
    /// "Political violence", "Demonstrations" or "Strategic developments".
    pub disorder_type: String,
    /// One of ACLED's six event types.
    pub event_type: String,
    /// ACLED sub-event type, spelled as ACLED spells it.
    pub sub_event_type: String,
    /// When it happened, `YYYY-MM-DD`, or null when nothing supports a date.
    pub date: Option<String>,
    /// "day", "week" or "month" (ACLED time precision 1, 2, 3).
    pub date_precision: Option<String>,
    /// Where it happened.
    pub location: Option<Place>,
    /// The initiating side.
    pub actor1: Option<Actor>,
    /// The other side.
    pub actor2: Option<Actor>,
    /// Units or allies named beside actor1.
    pub assoc_actor1: Vec<Actor>,
    /// Units or allies named beside actor2.
    pub assoc_actor2: Vec<Actor>,
    /// Killed, all sides.
    pub fatalities: u32,
    /// Injured, null when no figure is given.
    pub injured: Option<u32>,
    /// Arrested or abducted, null when no figure is given.
    pub arrested: Option<u32>,
    /// Whether civilians were the target.
    pub civilian_targeting: bool,
    /// ACLED interaction code (the two inter codes, smaller first, e.g. 13).
    pub interaction: Option<u32>,
    /// A short English summary.
    pub notes: String,
    /// Spans of the input text that support each field.
    pub evidence: Vec<Evidence>,
    /// 0..1.
    pub confidence: f64,
    /// For each field, the ids of the rules that decided it (`data/rules/rules.toml`), in the
    /// order they fired; the key "event" holds the rules that kept the event at all.
    #[serde(default)]
    pub rules: BTreeMap<String, Vec<String>>,
}

/// A span of the input text supporting a field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evidence {
    /// The field it supports ("event_type", "date", "location", "actor1", "fatalities", ...).
    pub field: String,
    /// Start, in Unicode scalar values of the input text.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// The covered text, for readers (the contract only needs the offsets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A located place.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Place {
    /// As written in the text.
    pub name_ar: String,
    /// Common English name.
    pub name_en: Option<String>,
    /// Governorate (English).
    pub admin1: Option<String>,
    /// District (English).
    pub admin2: Option<String>,
    /// Sub-district (English).
    pub admin3: Option<String>,
    /// Latitude (WGS84).
    pub lat: Option<f64>,
    /// Longitude (WGS84).
    pub lon: Option<f64>,
    /// 1 town or neighbourhood, 2 nearby or part of a district, 3 governorate or region.
    pub geo_precision: Option<u8>,
    /// Identifier in marsad's gazetteer.
    pub gazetteer_id: Option<String>,
}

/// One side of an event.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Actor {
    /// ACLED-style canonical name.
    pub name_en: String,
    /// Canonical Arabic name.
    pub name_ar: String,
    /// Surface forms found in this text.
    pub mentions: Vec<String>,
    /// ACLED actor type 1..8.
    pub inter: u8,
    /// Stable id in the actor dictionary (`new:<surface>` for actors the dictionary lacks).
    pub id: String,
}
