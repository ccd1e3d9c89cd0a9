//! Event triggers (`data/lexicon/triggers.toml`): the words that report ACLED events, the
//! instruments that refine them, casualty words, and the modifiers (negation, hypothesis,
//! background, reported speech) that change what a trigger near them means.
//!
//! A trigger is a hint, not an event: most sentences with "هجوم" or "قصف" are statements,
//! threats or background. Each entry carries a `confidence` and a `weak` flag, and the
//! assembler combines triggers with actors, places, dates and modifiers before it codes
//! anything. The event types are checked against ACLED's taxonomy when the file is loaded.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use marsad_text::lexicon::normalize_key;
use marsad_text::{LexiconMatch, LexiconMatcher, MatchOptions};
use serde::Deserialize;

use crate::LexiconError;

const FILE: &str = "triggers.toml";

/// ACLED's event types and sub-event types, as ACLED spells them.
pub const ACLED_TAXONOMY: &[(&str, &[&str])] = &[
    ("Battles", &["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]),
    (
        "Explosions/Remote violence",
        &[
            "Air/drone strike",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
            "Chemical weapon",
        ],
    ),
    ("Violence against civilians", &["Attack", "Abduction/forced disappearance", "Sexual violence"]),
    ("Protests", &["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// True when `sub_event_type` is one of ACLED's sub-types of `event_type`.
pub fn is_acled_pair(event_type: &str, sub_event_type: &str) -> bool {
    ACLED_TAXONOMY.iter().any(|(e, subs)| *e == event_type && subs.contains(&sub_event_type))
}

/// The ACLED event type a sub-event type belongs to.
pub fn event_type_of(sub_event_type: &str) -> Option<&'static str> {
    ACLED_TAXONOMY.iter().find(|(_, subs)| subs.contains(&sub_event_type)).map(|(e, _)| *e)
}

/// What a trigger word tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerClass {
    /// Reports an event ("اشتباكات", "قصفت", "اعتقلت").
    Event,
    /// Tells how a strike was delivered ("غارة"، "قذائف هاون"، "عبوة ناسفة"); refines an event
    /// trigger nearby.
    Instrument,
    /// Someone was killed ("مقتل", "قتلى", "استشهد").
    Killed,
    /// Someone was injured ("أصيب", "جرحى").
    Injured,
    /// Someone was detained or abducted ("معتقلين", "مختطفين").
    Arrested,
}

/// How a strike was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// Warplanes and helicopters.
    Air,
    /// Drones.
    Drone,
    /// Artillery, mortars, tanks, rockets fired from the ground.
    Artillery,
    /// Missiles (ground-launched unless aircraft are named).
    Missile,
    /// IEDs, landmines, car bombs.
    Explosive,
    /// Suicide attackers.
    Suicide,
    /// Hand grenades.
    Grenade,
    /// Small arms.
    Gunfire,
    /// Toxic gas (chlorine, sarin) and other chemical agents.
    Chemical,
}

impl Instrument {
    /// The ACLED sub-event type this instrument implies for a remote attack; `None` for gunfire
    /// (a clash or an attack, decided by the target).
    pub fn sub_event_type(self) -> Option<&'static str> {
        match self {
            Instrument::Air | Instrument::Drone => Some("Air/drone strike"),
            Instrument::Artillery | Instrument::Missile => Some("Shelling/artillery/missile attack"),
            Instrument::Explosive => Some("Remote explosive/landmine/IED"),
            Instrument::Suicide => Some("Suicide bomb"),
            Instrument::Grenade => Some("Grenade"),
            Instrument::Gunfire => None,
            Instrument::Chemical => Some("Chemical weapon"),
        }
    }
}

/// One trigger family.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerEntry {
    /// Stable slug ("clash", "air_strike").
    pub id: String,
    /// Surface forms, as written in the file (the matcher normalises them).
    pub forms: Vec<String>,
    /// Whether the forms also match with pronoun and plural suffixes and the future prefix.
    #[serde(default)]
    pub inflect: bool,
    /// What the word tells.
    pub class: TriggerClass,
    /// ACLED event type, when the word settles it.
    #[serde(default)]
    pub event_type: Option<String>,
    /// ACLED sub-event type, when the word settles it (the default reading).
    #[serde(default)]
    pub sub_event_type: Option<String>,
    /// The sub-event type when the initiator is a state force (territory taken by the
    /// government: "Government regains territory").
    #[serde(default)]
    pub state_sub_event_type: Option<String>,
    /// The instrument the word names, if any.
    #[serde(default)]
    pub instrument: Option<Instrument>,
    /// Prior that a match reports a codable event of this type (0..1).
    pub confidence: f32,
    /// Needs support from context (an actor, a place, a casualty) before an event is built.
    #[serde(default)]
    pub weak: bool,
    /// Where the entry comes from.
    pub source: String,
}

/// What a modifier does to a trigger near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModifierEffect {
    /// The event did not happen, or is denied ("لم", "نفى").
    Negation,
    /// Future, threat, fear or intention ("تخوفات من", "يعتزم", "سوف"): not coded.
    Hypothetical,
    /// Background with no recoverable date ("ليست الأولى", "سابقا").
    Background,
    /// A page's furniture ("أخبار ذات صلة", "اقرأ أيضاً"): from it to the end of its line the
    /// text is links to other reports, not this one (D12).
    Furniture,
    /// A particle read by the verb after it ("قد"): before the imperfect it hedges ("قد يشن",
    /// not coded), before the perfect it asserts ("قد شن").
    Modal,
    /// An earlier incident told in passing ("كانت قد", "يذكر أن", "في وقت سابق"): an event
    /// only when its own words date it within the week before the report (D11).
    Retrospective,
    /// Attribution to a source or a claim ("أعلن", "قال", "بحسب").
    Report,
    /// Activity the rules do not code (reinforcements, patrols, overflights).
    NotCoded,
    /// Crime ("جريمة قتل", "عصابة", "بدافع السرقة"): violence with no organised armed actor is
    /// not coded.
    Criminal,
    /// The title of someone who speaks ("الرئيس", "مندوب", "الناطق"): an attack they launch
    /// ("هاجم الرئيس ...", "شن مندوب سوريا هجوما على ...") is one of words.
    Speaker,
    /// A word that makes the event word right after it what a protest, a comment, an inquiry
    /// or an anniversary is about ("تنديداً بالقصف", "تعليقاً على الهجوم", "التحقيق في هجمات",
    /// "ذكرى تحرير"): a topic, not an event told.
    Topic,
}

/// One modifier family.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifierEntry {
    /// Stable slug.
    pub id: String,
    /// Surface forms.
    pub forms: Vec<String>,
    /// What the modifier does.
    pub effect: ModifierEffect,
    /// How reliably the words have that effect (0..1).
    pub confidence: f32,
    /// Where the entry comes from.
    pub source: String,
}

/// A trigger word found in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerMention {
    /// Byte range in the normalised text, clitics and suffixes included.
    pub range: Range<usize>,
    /// Index into [`TriggerLexicon::entries`].
    pub entry: usize,
}

/// A modifier found in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierMention {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// Index into [`TriggerLexicon::modifiers`].
    pub entry: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    trigger: Vec<TriggerEntry>,
    #[serde(default)]
    modifier: Vec<ModifierEntry>,
    #[serde(default)]
    nonevent: Vec<RawNonEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNonEvent {
    phrases: Vec<String>,
    /// Where the phrases were seen or which rule they follow.
    #[serde(default)]
    #[allow(dead_code)]
    source: String,
}

/// The compiled trigger lexicon.
#[derive(Debug, Clone)]
pub struct TriggerLexicon {
    entries: Vec<TriggerEntry>,
    modifiers: Vec<ModifierEntry>,
    by_id: HashMap<String, usize>,
    /// Forms of inflecting entries (suffixes allowed).
    inflected: LexiconMatcher,
    /// Forms of fixed entries, and the non-event phrases (values at and above
    /// `entries.len()`).
    fixed: LexiconMatcher,
    modifier_matcher: LexiconMatcher,
}

fn invalid(file: &str, entry: &str, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid { file: file.to_string(), entry: entry.to_string(), message: message.into() }
}

impl TriggerLexicon {
    /// The lexicon shipped with marsad (`data/lexicon/triggers.toml`, embedded at build time).
    ///
    /// # Errors
    /// When the embedded file is malformed (a bug caught by the tests).
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_toml(FILE, include_str!("../../../data/lexicon/triggers.toml"))
    }

    /// Loads a lexicon from TOML source; `name` names the file in errors.
    ///
    /// # Errors
    /// [`LexiconError::Parse`] for bad TOML or unknown fields; [`LexiconError::Invalid`] for a
    /// misspelt ACLED type or sub-type, a sub-type under the wrong type, an instrument trigger
    /// without an instrument, a casualty word with an event type, a confidence outside 0..1, an
    /// empty form or a duplicate id; [`LexiconError::Matcher`] when the matchers cannot be built.
    pub fn from_toml(name: &str, src: &str) -> Result<Self, LexiconError> {
        let raw: RawFile = toml::from_str(src)
            .map_err(|e| LexiconError::Parse { file: name.to_string(), message: e.to_string() })?;
        let mut by_id = HashMap::new();
        for (i, t) in raw.trigger.iter().enumerate() {
            validate_trigger(name, t)?;
            if by_id.insert(t.id.clone(), i).is_some() {
                return Err(invalid(name, &t.id, "duplicate id"));
            }
        }
        let mut modifier_ids = BTreeSet::new();
        for m in &raw.modifier {
            if !modifier_ids.insert(m.id.as_str()) {
                return Err(invalid(name, &m.id, "duplicate modifier id"));
            }
            if !(0.0..=1.0).contains(&m.confidence) {
                return Err(invalid(name, &m.id, "confidence outside 0..1"));
            }
            if m.forms.iter().any(|f| normalize_key(f).is_empty()) || m.forms.is_empty() {
                return Err(invalid(name, &m.id, "empty form"));
            }
        }

        let n = raw.trigger.len() as u32;
        let mut inflected_keys: Vec<(&str, u32)> = Vec::new();
        let mut fixed_keys: Vec<(&str, u32)> = Vec::new();
        for (i, t) in raw.trigger.iter().enumerate() {
            let keys = if t.inflect { &mut inflected_keys } else { &mut fixed_keys };
            keys.extend(t.forms.iter().map(|f| (f.as_str(), i as u32)));
        }
        for ne in &raw.nonevent {
            for p in &ne.phrases {
                if normalize_key(p).is_empty() {
                    return Err(invalid(name, "nonevent", "empty phrase"));
                }
                fixed_keys.push((p.as_str(), n));
            }
        }
        let matcher_err = |source| LexiconError::Matcher { file: name.to_string(), source };
        let inflected = LexiconMatcher::new(inflected_keys, MatchOptions::words()).map_err(matcher_err)?;
        let fixed = LexiconMatcher::new(fixed_keys, MatchOptions::names()).map_err(matcher_err)?;
        let modifier_matcher = LexiconMatcher::new(
            raw.modifier
                .iter()
                .enumerate()
                .flat_map(|(i, m)| m.forms.iter().map(move |f| (f.as_str(), i as u32))),
            MatchOptions::names(),
        )
        .map_err(matcher_err)?;
        Ok(TriggerLexicon { entries: raw.trigger, modifiers: raw.modifier, by_id, inflected, fixed, modifier_matcher })
    }

    /// All trigger entries, in file order; [`TriggerMention::entry`] indexes into this slice.
    pub fn entries(&self) -> &[TriggerEntry] {
        &self.entries
    }

    /// All modifier entries; [`ModifierMention::entry`] indexes into this slice.
    pub fn modifiers(&self) -> &[ModifierEntry] {
        &self.modifiers
    }

    /// The trigger entry with this id.
    pub fn get(&self, id: &str) -> Option<&TriggerEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// Trigger words in `text_norm` (normalised text), in order of start. Overlapping matches
    /// are resolved longest first ("قصف جوي" over "قصف"); when several entries share the winning
    /// stretch (a word that is both an explosion and an instrument, "عبوة ناسفة"), each gets a
    /// mention. Words inside a non-event phrase ("هجوم إعلامي", "الخاضعة لسيطرة") give none.
    pub fn find(&self, text_norm: &str) -> Vec<TriggerMention> {
        let mut all: Vec<LexiconMatch> = self.inflected.find_all(text_norm);
        all.extend(self.fixed.find_all(text_norm));
        // Longest stretches first; a stretch is kept when it overlaps none kept before.
        let mut spans: Vec<Range<usize>> = all.iter().map(|m| m.range.clone()).collect();
        spans.sort_by_key(|r| (std::cmp::Reverse(r.len()), r.start));
        spans.dedup();
        let mut kept: Vec<Range<usize>> = Vec::new();
        for r in spans {
            if kept.iter().all(|k| k.end <= r.start || r.end <= k.start) {
                kept.push(r);
            }
        }
        let n = self.entries.len() as u32;
        let mut out = Vec::new();
        for r in kept {
            let values: BTreeSet<u32> = all.iter().filter(|m| m.range == r).map(|m| m.value).collect();
            if values.contains(&n) {
                continue;
            }
            out.extend(values.into_iter().map(|v| TriggerMention { range: r.clone(), entry: v as usize }));
        }
        out.sort_by_key(|m| (m.range.start, m.entry));
        out
    }

    /// Modifier words in `text_norm`, longest first, none overlapping, in order of start.
    pub fn find_modifiers(&self, text_norm: &str) -> Vec<ModifierMention> {
        self.modifier_matcher
            .find(text_norm)
            .into_iter()
            .map(|m| ModifierMention { range: m.range, entry: m.value as usize })
            .collect()
    }
}

fn validate_trigger(file: &str, t: &TriggerEntry) -> Result<(), LexiconError> {
    let bad = |msg: String| Err(invalid(file, &t.id, msg));
    if t.id.trim().is_empty() {
        return bad("empty id".into());
    }
    if t.forms.is_empty() || t.forms.iter().any(|f| normalize_key(f).is_empty()) {
        return bad("empty form".into());
    }
    if !(0.0..=1.0).contains(&t.confidence) {
        return bad(format!("confidence {} outside 0..1", t.confidence));
    }
    if let Some(et) = &t.event_type {
        if !ACLED_TAXONOMY.iter().any(|(e, _)| e == et) {
            return bad(format!("unknown ACLED event type {et:?}"));
        }
    }
    for sub in [&t.sub_event_type, &t.state_sub_event_type].into_iter().flatten() {
        let Some(et) = &t.event_type else {
            return bad(format!("sub-event type {sub:?} without an event type"));
        };
        if !is_acled_pair(et, sub) {
            return bad(format!("{sub:?} is not an ACLED sub-event type of {et:?}"));
        }
    }
    match t.class {
        TriggerClass::Instrument if t.instrument.is_none() => bad("instrument trigger without an instrument".into()),
        TriggerClass::Instrument | TriggerClass::Killed | TriggerClass::Injured | TriggerClass::Arrested
            if t.event_type.is_some() =>
        {
            bad(format!("a {:?} word carries no event type", t.class))
        }
        _ => Ok(()),
    }
}
