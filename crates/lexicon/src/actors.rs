//! The actor dictionary (`data/lexicon/actors.toml`): who the armed and unarmed actors in Syria
//! are, their ACLED names and inter codes, and how Arabic reports write them.
//!
//! [`ActorLexicon::find`] finds actor mentions in normalised text. A mention covers the head
//! nouns that introduce the name ("عناصر من ميليشيا قاطرجي", "مسلحي "قسد""), quotes between head
//! and name included. After an open head noun ("ميليشيا", "فصيل", "كتيبة" ...) a name that is not
//! in the dictionary is reported as an unknown actor ([`ActorRef::Unknown`]), so that new groups
//! are seen rather than silently dropped.
//!
//! Everything Syrian lives in the TOML file; this module only holds the mechanism.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use marsad_text::lexicon::{is_word_char, normalize_key};
use marsad_text::{LexiconMatch, LexiconMatcher, MatchOptions};
use serde::Deserialize;

use crate::LexiconError;

const FILE: &str = "actors.toml";

/// What sort of actor an entry is. Drives how the event assembler treats it (an aircraft of
/// unknown nationality is resolved from context, civilians are victims, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A national army or the state as an armed actor.
    StateForce,
    /// An intelligence or security service, or a named unit of one.
    SecurityBranch,
    /// Police forces.
    Police,
    /// A militia (pro-government, Iranian-backed, ...).
    Militia,
    /// A non-state rebel force (opposition factions, SDF, SNA ...).
    Rebel,
    /// A jihadist organisation (IS, HTS ...).
    Jihadist,
    /// A tribe or clan force.
    Tribal,
    /// The armed forces of a foreign state or a foreign-led coalition.
    ForeignState,
    /// Aircraft whose nationality the phrase does not give ("الطيران الحربي").
    AircraftUnknown,
    /// Civilians (victims).
    Civilians,
    /// Protesters.
    Protesters,
    /// Rioters.
    Rioters,
    /// Unidentified perpetrators ("مسلحون مجهولون").
    Unidentified,
}

/// One actor of the dictionary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    /// Stable slug ("ndf", "sdf"); never reused.
    pub id: String,
    /// ACLED-style canonical name ("NDF: National Defence Forces").
    pub name_en: String,
    /// The specific unit inside `name_en` when ACLED codes it under an umbrella actor (a
    /// security branch under "Military Forces of Syria (2000-2024)").
    #[serde(default)]
    pub unit_en: Option<String>,
    /// Canonical Arabic name.
    pub name_ar: String,
    /// Surface forms safe to match anywhere.
    #[serde(default)]
    pub aliases_ar: Vec<String>,
    /// Surface forms that are ambiguous without a head noun or a Syrian context ("الهيئة",
    /// "النظام"); their mentions without a head are flagged [`ActorMention::weak`].
    #[serde(default)]
    pub aliases_weak_ar: Vec<String>,
    /// Words that say who their referent is whatever else the report names, yet are no proper
    /// name: descriptions of a kind of armed group ("مجموعات مسلحة", "مسلحون"), an owner's
    /// adjective ("الأميركيتين" after two bases). Weak like [`ActorEntry::aliases_weak_ar`] (a
    /// name in the same sentence outranks them) but a side on their own; their mentions are
    /// flagged [`ActorMention::generic`].
    #[serde(default)]
    pub aliases_generic_ar: Vec<String>,
    /// Surface forms matched only right after a head noun ("ميليشيا الدفاع" → NDF).
    #[serde(default)]
    pub aliases_headed_ar: Vec<String>,
    /// Latin-script forms ("YPG", "SDF").
    #[serde(default)]
    pub aliases_latn: Vec<String>,
    /// ACLED inter code, 1..=8.
    pub inter: u8,
    /// Id of the actor this one belongs to (a branch's army, the YPG's SDF).
    #[serde(default)]
    pub parent: Option<String>,
    /// What sort of actor this is.
    pub kind: ActorKind,
    /// Years for which the name holds, ACLED style ("2000-2024").
    #[serde(default)]
    pub period: Option<String>,
    /// Where the entry comes from ("eval coding rules", "common usage in corpus", ...).
    pub source: String,
}

/// Which actor a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorRef {
    /// An entry of the dictionary: an index into [`ActorLexicon::entries`].
    Known(usize),
    /// A group introduced by a head noun ("ميليشيا أبو الفضل العباس") whose name is not in the
    /// dictionary; its surface form is [`ActorMention::name_range`].
    Unknown,
}

/// One actor mention in normalised text. All ranges are byte ranges of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// The whole mention: head nouns, quotes and clitics included ("وعناصر من ميليشيا "الدفاع
    /// الوطني"").
    pub range: Range<usize>,
    /// The name itself, without head nouns, quotes or proclitics ("الدفاع الوطني").
    pub name_range: Range<usize>,
    /// The actor named.
    pub actor: ActorRef,
    /// The head-noun phrase before the name ("عناصر من ميليشيا"), when there is one.
    pub head: Option<Range<usize>>,
    /// True when the alias is ambiguous on its own (a weak alias with no head noun): the caller
    /// should accept it only in a context that settles it.
    pub weak: bool,
    /// True when the name was written in quotes.
    pub quoted: bool,
    /// True for a description of a kind of group ("مسلحون"): weak, yet needs no other mention
    /// of its actor to stand.
    pub generic: bool,
}

impl ActorMention {
    /// The dictionary index, for a known actor.
    pub fn known(&self) -> Option<usize> {
        match self.actor {
            ActorRef::Known(i) => Some(i),
            ActorRef::Unknown => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    heads: RawHeads,
    unknown: RawUnknown,
    #[serde(default)]
    actor: Vec<ActorEntry>,
    #[serde(default)]
    stop: Vec<RawStop>,
    #[serde(default)]
    nationality: Option<RawNationality>,
    #[serde(default)]
    sides: Option<RawSides>,
}

/// Words that tell which side of an event a mention stands on (see `[sides]` in actors.toml).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSides {
    target_nouns: Vec<String>,
    #[serde(default)]
    patient_before: Vec<String>,
    #[serde(default)]
    agent_before: Vec<String>,
    #[serde(default)]
    unclaimed_attacks_on: Vec<String>,
    source: String,
}

/// Word classes that decide the sides of an event, normalised like the text.
#[derive(Debug, Clone, Default)]
pub struct SideWords {
    /// Things that are hit, named by their owner ("القاعدة الأميركية", "مقرات قسد").
    pub target_nouns: HashSet<String>,
    /// Words right before a mention that make it the side acted upon ("ضد", "في صفوف").
    pub patient_before: Vec<String>,
    /// Words right before a mention that make it the side that acted ("من قبل", "على يد",
    /// "نفذتها").
    pub agent_before: Vec<String>,
    /// Actor ids: an unclaimed drone or rocket attack on them is by an unidentified armed group.
    pub unclaimed_attacks_on: Vec<String>,
}

/// "طائرات إسرائيلية", "القصف الروسي": a means of striking named by the adjective of the state
/// whose forces used it. The aliases are generated: each noun, bare with the bare adjectives and
/// with the article (on every word) with the definite ones.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNationality {
    nouns: Vec<String>,
    adjective: Vec<RawAdjective>,
    #[serde(default)]
    joint: Vec<RawJoint>,
    source: String,
}

/// Two states' adjectives on one noun ("المقاتلات الروسية والسورية"): coded as one actor.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJoint {
    adjectives_of: [String; 2],
    actor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdjective {
    actor: String,
    forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeads {
    forms: Vec<String>,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    open_forms: Vec<String>,
    #[serde(default)]
    open_quoted_forms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnknown {
    max_words: usize,
    #[serde(default)]
    stop_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStop {
    phrases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Strong,
    Weak,
    Generic,
    Headed,
}

/// One key of the name matcher: which actor (None for a stop phrase) and how safe it is.
#[derive(Debug, Clone, Copy)]
struct Alias {
    actor: Option<usize>,
    strength: Strength,
}

/// Whether a head noun may introduce a name that is not in the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opens {
    No,
    QuotedOnly,
    Any,
}

/// The compiled actor dictionary.
#[derive(Debug, Clone)]
pub struct ActorLexicon {
    entries: Vec<ActorEntry>,
    by_id: HashMap<String, usize>,
    aliases: Vec<Alias>,
    names: LexiconMatcher,
    heads: LexiconMatcher,
    head_opens: Vec<Opens>,
    connectors: HashSet<String>,
    unknown_max_words: usize,
    unknown_stop: HashSet<String>,
    sides: SideWords,
}

fn invalid(entry: &str, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid { file: FILE.to_string(), entry: entry.to_string(), message: message.into() }
}

impl ActorLexicon {
    /// The dictionary shipped with marsad (`data/lexicon/actors.toml`, embedded at build time).
    ///
    /// # Errors
    /// When the embedded file is malformed (a bug caught by the tests).
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_toml(FILE, include_str!("../../../data/lexicon/actors.toml"))
    }

    /// Loads a dictionary from TOML source; `name` names the file in errors.
    ///
    /// # Errors
    /// [`LexiconError::Parse`] for bad TOML or unknown fields, [`LexiconError::Invalid`] for a
    /// duplicate id, an unknown parent, an inter code outside 1..=8 or an entry with no alias,
    /// [`LexiconError::Matcher`] when the matchers cannot be built.
    pub fn from_toml(name: &str, src: &str) -> Result<Self, LexiconError> {
        let raw: RawFile = toml::from_str(src)
            .map_err(|e| LexiconError::Parse { file: name.to_string(), message: e.to_string() })?;
        let rename = |e: LexiconError| match e {
            LexiconError::Invalid { entry, message, .. } => {
                LexiconError::Invalid { file: name.to_string(), entry, message }
            }
            other => other,
        };
        Self::build(name, raw).map_err(rename)
    }

    fn build(name: &str, raw: RawFile) -> Result<Self, LexiconError> {
        let entries = raw.actor;
        let mut by_id = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if e.id.trim().is_empty() {
                return Err(invalid(&e.name_en, "empty id"));
            }
            if by_id.insert(e.id.clone(), i).is_some() {
                return Err(invalid(&e.id, "duplicate id"));
            }
            if !(1..=8).contains(&e.inter) {
                return Err(invalid(&e.id, format!("inter {} is not an ACLED code 1..8", e.inter)));
            }
            if e.name_en.trim().is_empty() || e.name_ar.trim().is_empty() {
                return Err(invalid(&e.id, "empty name_en or name_ar"));
            }
            if e.aliases_ar.is_empty() && e.aliases_weak_ar.is_empty() && e.aliases_generic_ar.is_empty() && e.aliases_headed_ar.is_empty() {
                return Err(invalid(&e.id, "no Arabic alias"));
            }
        }
        for e in &entries {
            if let Some(p) = &e.parent {
                if !by_id.contains_key(p) {
                    return Err(invalid(&e.id, format!("unknown parent {p:?}")));
                }
            }
        }

        // One key per alias; the canonical Arabic name is an alias too.
        let mut aliases = Vec::new();
        let mut keys: Vec<(String, u32)> = Vec::new();
        let mut push = |key: &str, alias: Alias, keys: &mut Vec<(String, u32)>| {
            keys.push((key.to_string(), aliases.len() as u32));
            aliases.push(alias);
        };
        for (i, e) in entries.iter().enumerate() {
            let strong = Alias { actor: Some(i), strength: Strength::Strong };
            for a in std::iter::once(&e.name_ar).chain(&e.aliases_ar).chain(&e.aliases_latn) {
                push(a, strong, &mut keys);
            }
            for a in &e.aliases_weak_ar {
                push(a, Alias { actor: Some(i), strength: Strength::Weak }, &mut keys);
            }
            for a in &e.aliases_generic_ar {
                push(a, Alias { actor: Some(i), strength: Strength::Generic }, &mut keys);
            }
            for a in &e.aliases_headed_ar {
                push(a, Alias { actor: Some(i), strength: Strength::Headed }, &mut keys);
            }
        }
        if let Some(nat) = &raw.nationality {
            if nat.source.trim().is_empty() {
                return Err(invalid("nationality", "no source note"));
            }
            let taken: HashSet<String> = keys.iter().map(|(k, _)| normalize_key(k)).collect();
            let mut generated: HashSet<String> = HashSet::new();
            for adj in &nat.adjective {
                let Some(&i) = by_id.get(&adj.actor) else {
                    return Err(invalid(&adj.actor, "nationality adjective for an unknown actor"));
                };
                for noun in &nat.nouns {
                    let definite = noun.split(' ').map(|w| format!("ال{w}")).collect::<Vec<_>>().join(" ");
                    for form in &adj.forms {
                        let phrase = if form.starts_with("ال") { format!("{definite} {form}") } else { format!("{noun} {form}") };
                        let key = normalize_key(&phrase);
                        if !taken.contains(&key) && generated.insert(key) {
                            push(&phrase, Alias { actor: Some(i), strength: Strength::Strong }, &mut keys);
                        }
                    }
                }
            }
            // Both adjectives, in either order, with or without و, agreeing in definiteness and
            // gender: "الطائرات الروسية والسورية", "الطيران السوري الروسي".
            for j in &nat.joint {
                let Some(&i) = by_id.get(&j.actor) else {
                    return Err(invalid(&j.actor, "joint nationality for an unknown actor"));
                };
                let forms_of = |id: &str| nat.adjective.iter().filter(|a| a.actor == id).flat_map(|a| a.forms.iter()).collect::<Vec<_>>();
                let (a, b) = (forms_of(&j.adjectives_of[0]), forms_of(&j.adjectives_of[1]));
                if a.is_empty() || b.is_empty() {
                    return Err(invalid(&j.actor, "joint nationality of an actor with no adjective"));
                }
                let agree = |x: &str, y: &str| x.starts_with("ال") == y.starts_with("ال") && x.ends_with('ة') == y.ends_with('ة');
                for noun in &nat.nouns {
                    let definite = noun.split(' ').map(|w| format!("ال{w}")).collect::<Vec<_>>().join(" ");
                    for (x, y) in a.iter().flat_map(|x| b.iter().map(move |y| (*x, *y))).chain(b.iter().flat_map(|y| a.iter().map(move |x| (*y, *x)))) {
                        if !agree(x, y) {
                            continue;
                        }
                        let head = if x.starts_with("ال") { &definite } else { noun };
                        for phrase in [format!("{head} {x} و{y}"), format!("{head} {x} {y}")] {
                            let key = normalize_key(&phrase);
                            if !taken.contains(&key) && generated.insert(key) {
                                push(&phrase, Alias { actor: Some(i), strength: Strength::Strong }, &mut keys);
                            }
                        }
                    }
                }
            }
        }
        for s in &raw.stop {
            for p in &s.phrases {
                push(p, Alias { actor: None, strength: Strength::Strong }, &mut keys);
            }
        }
        if let Some((k, _)) = keys.iter().find(|(k, _)| normalize_key(k).is_empty()) {
            return Err(invalid(k, "empty alias"));
        }
        let names = LexiconMatcher::new(keys.iter().map(|(k, v)| (k.as_str(), *v)), MatchOptions::names())
            .map_err(|source| LexiconError::Matcher { file: name.to_string(), source })?;

        let open: HashSet<String> = raw.heads.open_forms.iter().map(|s| normalize_key(s)).collect();
        let open_quoted: HashSet<String> =
            raw.heads.open_quoted_forms.iter().map(|s| normalize_key(s)).collect();
        let mut head_forms: Vec<String> = raw.heads.forms.iter().map(|s| normalize_key(s)).collect();
        // Open forms are heads too, even if the file forgot to list them there.
        for f in open.iter().chain(open_quoted.iter()) {
            if !head_forms.contains(f) {
                head_forms.push(f.clone());
            }
        }
        if head_forms.iter().any(|f| f.is_empty()) {
            return Err(invalid("heads", "empty head form"));
        }
        let head_opens = head_forms
            .iter()
            .map(|f| {
                if open.contains(f) {
                    Opens::Any
                } else if open_quoted.contains(f) {
                    Opens::QuotedOnly
                } else {
                    Opens::No
                }
            })
            .collect();
        let heads = LexiconMatcher::new(
            head_forms.iter().enumerate().map(|(i, f)| (f.as_str(), i as u32)),
            MatchOptions::names(),
        )
        .map_err(|source| LexiconError::Matcher { file: name.to_string(), source })?;

        if raw.unknown.max_words == 0 {
            return Err(invalid("unknown", "max_words must be at least 1"));
        }
        let sides = match &raw.sides {
            Some(sw) => {
                if sw.source.trim().is_empty() {
                    return Err(invalid("sides", "no source note"));
                }
                for id in &sw.unclaimed_attacks_on {
                    if !by_id.contains_key(id) {
                        return Err(invalid("sides", format!("unknown actor {id:?}")));
                    }
                }
                let norm = |v: &[String]| -> Vec<String> { v.iter().map(|s| normalize_key(s)).filter(|s| !s.is_empty()).collect() };
                SideWords {
                    target_nouns: norm(&sw.target_nouns).into_iter().collect(),
                    patient_before: norm(&sw.patient_before),
                    agent_before: norm(&sw.agent_before),
                    unclaimed_attacks_on: sw.unclaimed_attacks_on.clone(),
                }
            }
            None => SideWords::default(),
        };
        Ok(ActorLexicon {
            entries,
            by_id,
            aliases,
            names,
            heads,
            head_opens,
            connectors: raw.heads.connectors.iter().map(|s| normalize_key(s)).collect(),
            unknown_max_words: raw.unknown.max_words,
            unknown_stop: raw.unknown.stop_words.iter().map(|s| normalize_key(s)).collect(),
            sides,
        })
    }

    /// All entries, in file order; [`ActorRef::Known`] indexes into this slice.
    pub fn entries(&self) -> &[ActorEntry] {
        &self.entries
    }

    /// The words that tell which side of an event a mention stands on.
    pub fn side_words(&self) -> &SideWords {
        &self.sides
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&ActorEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The index of the entry with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The chain of parents of an entry, nearest first (a branch → the army). Stops at a cycle.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.entries.get(index).and_then(|e| e.parent.as_deref());
        while let Some(id) = cur {
            let Some(&i) = self.by_id.get(id) else { break };
            if i == index || out.contains(&i) {
                break;
            }
            out.push(i);
            cur = self.entries[i].parent.as_deref();
        }
        out
    }

    /// Every actor mention in `text_norm` (text normalised by [`marsad_text::AlignedText`]), in
    /// order, none overlapping. Longer readings win ("ميليشيا الدفاع الوطني" over "الدفاع").
    pub fn find(&self, text_norm: &str) -> Vec<ActorMention> {
        let heads = self.heads.find(text_norm);
        let head_by_end: HashMap<usize, usize> =
            heads.iter().enumerate().map(|(i, h)| (h.range.end, i)).collect();
        let mut used_heads = vec![false; heads.len()];
        let mut out = Vec::new();
        let mut stops: Vec<Range<usize>> = Vec::new();

        for m in self.names.find(text_norm) {
            let Some(alias) = self.aliases.get(m.value as usize).copied() else { continue };
            let Some(actor) = alias.actor else {
                // A stop phrase: it has claimed its stretch of text; heads inside it are spent.
                mark_overlapping(&heads, &m.range, &mut used_heads);
                stops.push(m.range.clone());
                continue;
            };
            // Head nouns introduce armed groups; civilians, protesters and rioters take none
            // ("وحركة المدنيين" is traffic, not a movement).
            let takes_head = !matches!(
                self.entries[actor].kind,
                ActorKind::Civilians | ActorKind::Protesters | ActorKind::Rioters
            );
            let (start, head, quoted) =
                if takes_head && attachable_prefix(&text_norm[m.range.start..m.key_range.start]) {
                    self.extend_heads(text_norm, &heads, &head_by_end, m.range.start, &mut used_heads)
                } else {
                    (m.range.start, None, false)
                };
            if alias.strength == Strength::Headed && head.is_none() {
                continue;
            }
            mark_overlapping(&heads, &m.range, &mut used_heads);
            // A closing quote belongs to the mention when a head stands before the opening one.
            let end = if quoted && head.is_some() { closing_quote_end(text_norm, m.range.end) } else { m.range.end };
            out.push(ActorMention {
                range: start..end,
                name_range: name_range(text_norm, &m),
                actor: ActorRef::Known(actor),
                head: head.clone(),
                weak: matches!(alias.strength, Strength::Weak | Strength::Generic) && head.is_none(),
                quoted,
                generic: alias.strength == Strength::Generic && head.is_none(),
            });
        }

        for (i, h) in heads.iter().enumerate() {
            if used_heads[i] {
                continue;
            }
            let opens = self.head_opens.get(h.value as usize).copied().unwrap_or(Opens::No);
            if opens == Opens::No {
                continue;
            }
            let Some((name, quoted, end)) = self.unknown_name(text_norm, h.range.end, opens) else { continue };
            // The unknown name must not run into a head or a known mention.
            if heads.iter().any(|o| overlaps(&o.range, &name))
                || out.iter().any(|k| overlaps(&k.range, &name))
                || stops.iter().any(|r| overlaps(r, &name))
            {
                continue;
            }
            let mut scratch = used_heads.clone();
            let (start, head, _) =
                self.extend_heads(text_norm, &heads, &head_by_end, name.start, &mut scratch);
            out.push(ActorMention {
                range: start..end,
                name_range: name,
                actor: ActorRef::Unknown,
                head,
                weak: false,
                quoted,
                generic: false,
            });
        }

        keep_longest(out)
    }

    /// Walks back from `start` over head nouns ("عناصر من ميليشيا"), connectors, and the quotes and
    /// spaces between them. Returns the new start (unchanged without a head), the head phrase, and
    /// whether a quote opens right before the name.
    fn extend_heads(
        &self,
        text: &str,
        heads: &[LexiconMatch],
        head_by_end: &HashMap<usize, usize>,
        start: usize,
        used: &mut [bool],
    ) -> (usize, Option<Range<usize>>, bool) {
        let (head_end, quoted) = skip_back_gap(text, start, true);
        let mut probe = head_end;
        let mut first: Option<usize> = None;
        loop {
            if let Some(&hi) = head_by_end.get(&probe) {
                used[hi] = true;
                first = Some(heads[hi].range.start);
                probe = skip_back_gap(text, heads[hi].range.start, false).0;
                continue;
            }
            // A connector joins a head to what follows it: "عناصر من ميليشيا", "عنصر من قسد".
            if let Some(word) = word_before(text, probe) {
                if self.connectors.contains(&text[word.clone()]) {
                    let before = skip_back_gap(text, word.start, false).0;
                    if head_by_end.contains_key(&before) {
                        probe = before;
                        continue;
                    }
                }
            }
            break;
        }
        match first {
            Some(s) => (s, Some(s..head_end), quoted),
            None => (start, None, quoted),
        }
    }

    /// The name after an open head that ends at `from`: quoted text up to the closing quote, or
    /// (when the head allows it) up to `max_words` words before a stop word or punctuation.
    /// Returns the name's range, whether it was quoted, and the end of the mention.
    fn unknown_name(&self, text: &str, from: usize, opens: Opens) -> Option<(Range<usize>, bool, usize)> {
        let rest = &text[from..];
        let lead = rest.len() - rest.trim_start_matches([' ', '\n']).len();
        if lead > 0 && rest[..lead].contains('\n') {
            return None;
        }
        let at = from + lead;
        let after = &text[at..];
        if let Some(inner) = after.strip_prefix('"') {
            let close = inner.find(['"', '\n'])?;
            if !inner[close..].starts_with('"') {
                return None;
            }
            let content = &inner[..close];
            let trimmed = content.trim();
            let words = trimmed.split_whitespace().count();
            // Quoted slogans and speech are not group names.
            if trimmed.chars().filter(|c| c.is_alphabetic()).count() < 2 || words > 6 {
                return None;
            }
            let lead_ws = content.len() - content.trim_start().len();
            let s = at + 1 + lead_ws;
            return Some((s..s + trimmed.len(), true, at + 1 + close + 1));
        }
        if opens != Opens::Any {
            return None;
        }
        let mut end = at;
        let mut count = 0;
        let mut pos = at;
        while count < self.unknown_max_words {
            let w_len = text[pos..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - pos);
            if w_len == 0 {
                break;
            }
            let word = &text[pos..pos + w_len];
            if self.unknown_stop.contains(word)
                || word.chars().all(|c| c.is_ascii_digit())
                || word.chars().count() < 2
            {
                break;
            }
            end = pos + w_len;
            count += 1;
            // Only a single space continues the name; punctuation ends it.
            let next = &text[end..];
            if !next.starts_with(' ') || next[1..].starts_with([' ', '\n']) {
                break;
            }
            pos = end + 1;
        }
        if count == 0 {
            return None;
        }
        // A name must have at least one letter word; "ميليشيا 313" is handled by the digits rule.
        Some((at..end, false, end))
    }
}

/// Proclitics that may stand between a head and the name it introduces: none, the article, or
/// the ب of "ما يسمى ب...".
fn attachable_prefix(prefix: &str) -> bool {
    matches!(prefix, "" | "ال" | "ب" | "بال")
}

/// The name without proclitics but with its article: the key as matched, extended back over an
/// ال that stands right before it.
fn name_range(text: &str, m: &LexiconMatch) -> Range<usize> {
    let prefix = &text[m.range.start..m.key_range.start];
    if prefix.ends_with("ال") {
        (m.key_range.start - "ال".len())..m.key_range.end
    } else {
        m.key_range.clone()
    }
}

/// Skips spaces (and, when `quotes`, quote marks and opening brackets) backwards from `pos`.
/// Returns the new position and whether a quote was skipped. Never crosses a line break.
fn skip_back_gap(text: &str, pos: usize, quotes: bool) -> (usize, bool) {
    let mut p = pos;
    let mut quoted = false;
    for (i, c) in text[..pos].char_indices().rev() {
        let skip = c == ' ' || (quotes && matches!(c, '"' | '\'' | '(' | '<' | '['));
        if !skip {
            break;
        }
        quoted |= c == '"' || c == '\'';
        p = i;
    }
    (p, quoted)
}

/// The word that ends exactly at `pos`.
fn word_before(text: &str, pos: usize) -> Option<Range<usize>> {
    let start = text[..pos]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i)?;
    Some(start..pos)
}

/// After a quoted name, the end of the closing quote (spaces before it allowed), else `end`.
fn closing_quote_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    if trimmed.starts_with(['"', '\'', ')', '>', ']']) {
        end + (rest.len() - trimmed.len()) + 1
    } else {
        end
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn mark_overlapping(heads: &[LexiconMatch], range: &Range<usize>, used: &mut [bool]) {
    for (i, h) in heads.iter().enumerate() {
        if overlaps(&h.range, range) {
            used[i] = true;
        }
    }
}

/// Longest mentions first, none overlapping, then in text order.
fn keep_longest(mut ms: Vec<ActorMention>) -> Vec<ActorMention> {
    ms.sort_by_key(|m| (std::cmp::Reverse(m.range.len()), m.range.start));
    let mut kept: Vec<ActorMention> = Vec::new();
    for m in ms {
        if kept.iter().all(|k| !overlaps(&k.range, &m.range)) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.range.start);
    kept
}
