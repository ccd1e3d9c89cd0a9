//! The deduplication rules' facts, read from `data/dedup/rules.toml`: thresholds, compatible
//! sub-event types, and which actors count as unknown (with the actor dictionary's parents).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use marsad_lexicon::actors::{ActorKind, ActorLexicon};
use serde::Deserialize;

/// Errors from loading the rules.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The TOML file does not parse or lacks a field.
    #[error("{file}: {source}")]
    Toml {
        /// The file.
        file: String,
        /// The parser's error.
        source: toml::de::Error,
    },
    /// An entry of the file is wrong (names the entry).
    #[error("{file}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The actor dictionary failed to load.
    #[error(transparent)]
    Lexicon(#[from] marsad_lexicon::LexiconError),
}

const FILE: &str = "data/dedup/rules.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    max_weak: usize,
    date: DateRules,
    place: PlaceRules,
    sides: SideRules,
    #[serde(default)]
    compatible: Vec<CompatibleEntry>,
}

/// Date thresholds (see the file's comments).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRules {
    /// A "week" date is a day within this many days either side.
    pub week_half_width_days: i64,
    /// Two "day" dates may differ by this many days.
    pub day_slack_days: i64,
    /// An undated event happened at most this many days before its report's publication.
    pub undated_freshness_days: i64,
    /// Whether two undated events of unpublished reports may merge.
    pub merge_undated_unpublished: bool,
}

/// Distance thresholds by geo precision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceRules {
    /// Largest distance (km) when both locations are precision 1.
    pub max_km_precision_1: f64,
    /// Largest distance (km) when the coarser location is precision 2.
    pub max_km_precision_2: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SideRules {
    unknown_kinds: Vec<ActorKind>,
    new_actors_unknown: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompatibleEntry {
    event_type: String,
    sub_event_types: [String; 2],
    reason: String,
}

/// The loaded rules.
#[derive(Debug)]
pub struct Rules {
    /// How many criteria may hold only loosely in one merge.
    pub max_weak: usize,
    /// Date thresholds.
    pub date: DateRules,
    /// Place thresholds.
    pub place: PlaceRules,
    /// (event_type, sub-type, sub-type) → why outlets differ; both orders are present.
    compatible: HashMap<(String, String, String), String>,
    /// Actor ids that name no one in particular.
    unknown_actors: HashSet<String>,
    new_actors_unknown: bool,
    /// Actor id → its ancestors' ids (a branch → the army), from the actor dictionary.
    ancestors: HashMap<String, Vec<String>>,
    /// A short hash of the rules file, so a stored merge says which rules made it.
    version: String,
}

impl Rules {
    /// The rules compiled into the binary, parsed once.
    ///
    /// # Panics
    /// When the embedded file or the actor dictionary does not load: a build defect, which the
    /// crate's unit tests catch (`rules::tests::embedded_rules_load`).
    pub fn embedded() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| {
            let src = include_str!("../../../data/dedup/rules.toml");
            let actors = ActorLexicon::embedded();
            match actors.map_err(RulesError::from).and_then(|a| Rules::from_toml(src, &a)) {
                Ok(rules) => rules,
                Err(e) => panic!("embedded deduplication rules: {e}"),
            }
        })
    }

    /// Rules from a TOML text and an actor dictionary.
    ///
    /// # Errors
    /// When the text does not parse or an entry is malformed.
    pub fn from_toml(src: &str, actors: &ActorLexicon) -> Result<Rules, RulesError> {
        let file: RulesFile = toml::from_str(src).map_err(|source| RulesError::Toml { file: FILE.into(), source })?;
        let mut compatible = HashMap::new();
        for c in file.compatible {
            let [a, b] = c.sub_event_types;
            if a == b || c.reason.trim().is_empty() {
                return Err(RulesError::Invalid { file: FILE.into(), message: format!("compatible entry {a:?}/{b:?}: two different sub-types and a reason are needed") });
            }
            compatible.insert((c.event_type.clone(), a.clone(), b.clone()), c.reason.clone());
            compatible.insert((c.event_type, b, a), c.reason);
        }
        let kinds = file.sides.unknown_kinds;
        let mut unknown_actors = HashSet::new();
        let mut ancestors = HashMap::new();
        for (i, entry) in actors.entries().iter().enumerate() {
            if kinds.contains(&entry.kind) {
                unknown_actors.insert(entry.id.clone());
            }
            let up: Vec<String> = actors.ancestors(i).into_iter().map(|j| actors.entries()[j].id.clone()).collect();
            ancestors.insert(entry.id.clone(), up);
        }
        if unknown_actors.is_empty() && !kinds.is_empty() {
            return Err(RulesError::Invalid { file: FILE.into(), message: format!("unknown_kinds {kinds:?} match no actor of the dictionary") });
        }
        Ok(Rules {
            max_weak: file.max_weak,
            date: file.date,
            place: file.place,
            compatible,
            unknown_actors,
            new_actors_unknown: file.sides.new_actors_unknown,
            ancestors,
            version: short_hash(src),
        })
    }

    /// Why two sub-event types of one event type can be one event, if they can.
    pub fn compatible_reason(&self, event_type: &str, a: &str, b: &str) -> Option<&str> {
        self.compatible.get(&(event_type.to_string(), a.to_string(), b.to_string())).map(String::as_str)
    }

    /// Whether an actor id names no one in particular (an unidentified group, unknown aircraft,
    /// or, when the rules say so, a group the dictionary lacks).
    pub fn is_unknown_actor(&self, id: &str) -> bool {
        self.unknown_actors.contains(id) || (self.new_actors_unknown && id.starts_with("new:"))
    }

    /// The actor and every actor it belongs to, nearest first.
    pub fn with_ancestors<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once(id).chain(self.ancestors.get(id).into_iter().flatten().map(String::as_str))
    }

    /// A short hash of the rules file: stored with every merge so a later run can tell whether
    /// the rules changed.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions (unlike `DefaultHasher`).
fn short_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_load() {
        let r = Rules::embedded();
        assert!(r.is_unknown_actor("unidentified_armed_group"));
        assert!(r.is_unknown_actor("aircraft_unknown"));
        assert!(!r.is_unknown_actor("syria_military"));
        assert!(r.compatible_reason("Battles", "Government regains territory", "Armed clash").is_some());
        assert!(r.compatible_reason("Battles", "Armed clash", "Air/drone strike").is_none());
    }

    #[test]
    fn a_compatible_entry_needs_a_reason() {
        let actors = ActorLexicon::embedded().unwrap();
        let src = include_str!("../../../data/dedup/rules.toml").replace(
            "reason = \"قصف names both; outlets often do not say whether aircraft or guns struck\"",
            "reason = \"\"",
        );
        assert!(matches!(Rules::from_toml(&src, &actors), Err(RulesError::Invalid { .. })));
    }
}
