//! Rule ids: every decision of the extractor that keeps, drops, splits or merges an event or
//! fills one of its fields has a stable id, registered with its description, the coding rule it
//! implements and examples in `data/rules/rules.toml`. The mechanisms stay in Rust; this module
//! names them, so that each event can say which rules decided each field ([`Fired`]) and
//! `marsad rules stats` can count how often each fires.
//!
//! A rule is a variant of [`Rule`]: code can only fire a registered id, and the tests check that
//! the ids here and in the data file are the same set and that every id is fired somewhere.

use std::ops::Range;

use serde::Deserialize;

macro_rules! rules {
    ($($variant:ident => $id:literal,)*) => {
        /// A registered rule of the extractor (see `data/rules/rules.toml`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = concat!("`", $id, "`")]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in registry order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's stable id.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The rule with an id, if registered.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id {
                    $($id => Some(Rule::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

rules! {
    // Whether an event word reports an event (field "event").
    HappenedAsserted => "happened.asserted",
    HappenedFurniture => "happened.furniture",
    HappenedNegated => "happened.negated",
    HappenedFuture => "happened.future",
    HappenedModal => "happened.modal",
    HappenedSpeaker => "happened.speaker",
    HappenedBackground => "happened.background",
    HappenedRetrospective => "happened.retrospective",
    HappenedRetrospectiveRecent => "happened.retrospective-recent",
    HappenedTerritoryRelative => "happened.territory-relative",
    HappenedAny => "happened.any",
    HappenedComing => "happened.coming",
    HappenedCircumstance => "happened.circumstance",
    HappenedProtestTopic => "happened.protest-topic",
    HappenedPluperfect => "happened.pluperfect",
    HappenedPastHabit => "happened.past-habit",
    HappenedDescribesActor => "happened.describes-actor",
    HappenedPurpose => "happened.purpose",
    HappenedNamedCampaign => "happened.named-campaign",
    HappenedAttempt => "happened.attempt",
    HappenedHolding => "happened.holding",
    HappenedPurposeNoun => "happened.purpose-noun",
    HappenedClassOfEvents => "happened.class-of-events",
    HappenedControlNoun => "happened.control-noun",
    HappenedCounted => "happened.counted",
    HappenedCountedMunitions => "happened.counted-munitions",
    HappenedWeakUnsupported => "happened.weak-unsupported",
    HappenedQuestion => "happened.question",
    HappenedNotCodedAside => "happened.not-coded-aside",
    HappenedMinConfidence => "happened.min-confidence",
    // Dates.
    DateOwn => "date.own-expression",
    DateCarried => "date.carried",
    DateReport => "date.report",
    DatePageClock => "date.page-clock",
    DateFutureDay => "date.future-day",
    DateOld => "date.old-incident",
    DateBackground => "date.background",
    DateTerritorySummary => "date.territory-summary",
    // Scope: events in Syria only.
    ScopeForeignPlace => "scope.foreign-place",
    ScopeCrime => "scope.crime",
    ScopeUnlocatedAbroad => "scope.unlocated-abroad",
    ScopeNotSyria => "scope.not-syria",
    // Places.
    PlaceNearest => "place.nearest",
    PlaceWitness => "place.witness",
    PlaceInherited => "place.inherited",
    PlaceReferenceCity => "place.reference-city",
    PlaceDescriptive => "place.descriptive",
    PlaceNear => "place.near",
    PlaceOrigin => "place.origin",
    PlaceRegionOnly => "place.region-only",
    PlaceCoordinated => "place.coordinated",
    PlaceArea => "place.area",
    PlaceLocatedByNeighbour => "place.located-by-neighbour",
    PlaceUndergoer => "place.undergoer",
    PlaceRegionList => "place.region-list",
    // Splitting and merging.
    SplitListMember => "split.list-member",
    SplitContrast => "split.contrast",
    SplitOtherMeans => "split.other-means",
    MergeSameSentence => "merge.same-sentence",
    MergeSameEvent => "merge.same-event",
    MergeRefersBack => "merge.refers-back",
    MergeWithdrawal => "merge.withdrawal",
    MergeRefersToLast => "merge.refers-to-last",
    MergeMeans => "merge.means",
    MergePrecisePlace => "merge.precise-place",
    MergeBodyDate => "merge.body-date",
    MergePlacelessSummary => "merge.placeless-summary",
    MergeRestatedHeadline => "merge.restated-headline",
    // Event type and sub-type.
    TypeTrigger => "type.trigger",
    TypeDowning => "type.downing",
    TypeWithdrawalTransfer => "type.withdrawal-transfer",
    TypeTerritory => "type.territory",
    TypeTransfer => "type.transfer",
    TypeProtestForce => "type.protest-force",
    TypeProtestIntervention => "type.protest-intervention",
    TypeAttackOnCivilians => "type.attack-on-civilians",
    TypeStrikeFromAbroad => "type.strike-from-abroad",
    TypeGroundClash => "type.ground-clash",
    TypeAttackOnArmed => "type.attack-on-armed",
    TypeAttack => "type.attack",
    TypeArrestByAuthority => "type.arrest-by-authority",
    TypeAbduction => "type.abduction",
    TypeTakenAndLost => "type.taken-and-lost",
    SubtypeChemical => "subtype.chemical",
    SubtypeOwnMeans => "subtype.own-means",
    SubtypeExplosiveMeans => "subtype.explosive-means",
    SubtypeAirStrikeMeans => "subtype.air-strike-means",
    SubtypeShellingMeans => "subtype.shelling-means",
    // Sides.
    SidesFirstNamed => "sides.first-named",
    SidesCarried => "sides.carried",
    SidesHolder => "sides.holder",
    SidesSpeaker => "sides.speaker",
    SidesCollective => "sides.collective",
    SidesContrastAccount => "sides.contrast-account",
    SidesAllyJoins => "sides.ally-joins",
    SidesConjoined => "sides.conjoined",
    SidesUnit => "sides.unit",
    SidesTargetOwner => "sides.target-owner",
    SidesUnidentifiedStriker => "sides.unidentified-striker",
    SidesAircraftIsMeans => "sides.aircraft-is-means",
    SidesWeakName => "sides.weak-name",
    SidesGrammaticalAgent => "sides.grammatical-agent",
    SidesCrowd => "sides.crowd",
    SidesBattleNoCivilians => "sides.battle-no-civilians",
    SidesCivilianVictim => "sides.civilian-victim",
    SidesThirdParty => "sides.third-party",
    SidesProtestersFirst => "sides.protesters-first",
    SidesUnnamedPerpetrator => "sides.unnamed-perpetrator",
    SidesUnclaimedAttack => "sides.unclaimed-attack",
    // Tolls.
    TollFigure => "toll.figure",
    TollVague => "toll.vague-ten",
    TollSplit => "toll.split-share",
    TollJoint => "toll.joint",
    // Fields derived from others.
    DeriveDisorderType => "derive.disorder-type",
    DeriveInteraction => "derive.interaction",
    DeriveCivilianTargeting => "derive.civilian-targeting",
    DeriveDatePrecision => "derive.date-precision",
    DeriveNotes => "derive.notes",
    // A dropped event word no rule claimed: a gap in the tracing itself.
    TraceUnattributed => "trace.unattributed",
}

/// One rule that fired for a field of an event, with the span (normalised bytes) it read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The field it decided ("event", "event_type", "location", "actor1", ...).
    pub field: &'static str,
    /// The rule.
    pub rule: Rule,
    /// The words it read, in the normalised text.
    pub span: Range<usize>,
}

impl Fired {
    /// A rule firing for `field` on `span`.
    pub fn new(field: &'static str, rule: Rule, span: Range<usize>) -> Self {
        Fired { field, rule, span }
    }
}

/// A rule as registered in `data/rules/rules.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// The stable id ("happened.modal").
    pub id: String,
    /// The stage it belongs to ("happened", "date", "place", "sides", ...).
    pub stage: String,
    /// The fields it decides.
    pub fields: Vec<String>,
    /// One line: what it does.
    pub description: String,
    /// The coding rule it implements ("CODING_RULES D15", "eval/README rule 4").
    pub implements: String,
    /// Sentences that show it, with what the extractor must give for them.
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

/// One example of a rule: a sentence and the expected output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleExample {
    /// A news sentence (Arabic), written for the example.
    pub text: String,
    /// Publication date of the example (default 2025-03-10).
    #[serde(default)]
    pub published: Option<String>,
    /// What the extractor must give.
    pub expect: Expect,
}

/// Expectations of an example. Fields left out are not checked; event fields are checked on the
/// first event (or, with `event`, on the event at that position).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The rule appears in the trace (of an event, or among the dropped words).
    pub fires: bool,
    /// The number of events.
    pub events: Option<usize>,
    /// Which event the other fields are checked on (0-based).
    pub event: Option<usize>,
    /// ACLED event type.
    pub event_type: Option<String>,
    /// ACLED sub-event type.
    pub sub_event_type: Option<String>,
    /// actor1's English name.
    pub actor1: Option<String>,
    /// actor2's English name.
    pub actor2: Option<String>,
    /// The location as written (`name_ar`).
    pub location: Option<String>,
    /// Fatalities.
    pub fatalities: Option<u32>,
    /// Injured.
    pub injured: Option<u32>,
    /// The date, YYYY-MM-DD.
    pub date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleEntry>,
}

/// Errors loading the rule registry.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file is not the expected TOML.
    #[error("rules.toml: {0}")]
    Parse(String),
}

/// The registry of rules: ids, descriptions, examples.
#[derive(Debug, Clone)]
pub struct RuleBook {
    entries: Vec<RuleEntry>,
}

impl RuleBook {
    /// The registry embedded in the binary.
    ///
    /// # Errors
    /// When the embedded file is malformed (a build defect).
    pub fn embedded() -> Result<Self, RulesError> {
        Self::from_toml(include_str!("../../../data/rules/rules.toml"))
    }

    /// Reads a registry from TOML text.
    ///
    /// # Errors
    /// When the text is not the expected TOML.
    pub fn from_toml(src: &str) -> Result<Self, RulesError> {
        let file: RuleFile = toml::from_str(src).map_err(|e| RulesError::Parse(e.to_string()))?;
        Ok(RuleBook { entries: file.rule })
    }

    /// Every registered rule, in file order.
    pub fn entries(&self) -> &[RuleEntry] {
        &self.entries
    }

    /// The entry of a rule id.
    pub fn get(&self, id: &str) -> Option<&RuleEntry> {
        self.entries.iter().find(|e| e.id == id)
    }
}
