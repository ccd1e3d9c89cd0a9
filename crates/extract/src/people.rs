//! People named in a report: names introduced by cue words (`data/lexicon/people.toml`), with
//! their roles, ranks, affiliations, areas, aliases and kin, and one [`PersonGroup`] per person
//! after near-duplicate spellings are merged with a recorded reason.
//!
//! A person is found where a cue introduces a name: "المدعو “كعبول اللاحج”", "القيادي في
//! ميليشيا الدفاع الوطني “أحمد الحاج”", "قائد ميليشيا الدفاع الوطني في دير الزور، فراس الجهام،
//! والمعروف باسم فراس العراقية". After a role or rank cue the actor and the place that follow
//! are the person's affiliation and area; a name is either quoted or up to `max_words` words
//! that stop at punctuation, a stop word or any other mention. An alias cue after a name adds a
//! second name to the same person; a kin cue between two people ties them.
//!
//! Mentions of one report are merged into persons when they share a name or an alias, or when
//! they are near-duplicate spellings ("أحمد الحاج" / "أحمد اللاحج": same first name, surname
//! within a small edit distance) backed by the same affiliation or role or by a relative who
//! bears the other spelling.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use marsad_lexicon::actors::ActorLexicon;
use marsad_lexicon::LexiconError;
use marsad_model::{Evidence, Kinship, Person};
use marsad_text::lexicon::{is_word_char, normalize_key};
use marsad_text::{AlignedText, LexiconMatcher, MatchOptions};
use serde::Deserialize;

use crate::mentions::{ActorKey, Mentions};

const FILE: &str = "people.toml";

/// What a cue word says about the name after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// "المدعو": a name follows.
    Intro,
    /// A function in an armed group ("قائد", "القيادي").
    Role,
    /// A military rank ("العميد").
    Rank,
    /// An honorific ("الشيخ").
    Title,
    /// "المعروف باسم": a second name of the person just named.
    Alias,
    /// "شقيق": a family tie between the person before and the person after.
    Kin,
}

/// One cue of `people.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// Surface forms.
    pub forms: Vec<String>,
    /// What the cue introduces.
    pub kind: CueKind,
    /// The role in English ("commander"), for role, rank and title cues.
    #[serde(default)]
    pub role_en: Option<String>,
    /// For role and rank cues the relation to the group named after the cue ("commands",
    /// "member_of"); for kin cues the tie ("brother_of").
    #[serde(default)]
    pub relation: Option<String>,
    /// The cue introduces a person only when an armed group follows it.
    #[serde(default)]
    pub needs_affiliation: bool,
    /// Where the entry comes from.
    pub source: String,
}

/// A phrase that relates two actors ("التابعة لـ", "المدعومة من").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkCue {
    /// Surface forms.
    pub forms: Vec<String>,
    /// The relation from the actor before the phrase to the one after it.
    pub kind: String,
    /// Where the entry comes from.
    pub source: String,
}

/// Something a group holds or takes ("حواجز" → checkpoints).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// Surface forms.
    pub forms: Vec<String>,
    /// English name.
    pub name_en: String,
    /// Where the entry comes from.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawName {
    max_words: usize,
    min_unquoted_words: usize,
    stop_words: Vec<String>,
    #[serde(default)]
    skip_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLinks {
    affiliation: Vec<String>,
    area: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    held: Vec<String>,
    held_gap: Vec<String>,
    seize: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollective {
    both: Vec<String>,
    latter: Vec<String>,
    patrol: Vec<String>,
    patrol_joint: Vec<String>,
    patrol_of: Vec<String>,
    between: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: RawName,
    cue: Vec<Cue>,
    links: RawLinks,
    #[serde(default)]
    link: Vec<LinkCue>,
    control: RawControl,
    #[serde(default)]
    facility: Vec<Facility>,
    collective: RawCollective,
}

/// The compiled `people.toml`: cue words for people and the phrases relations and collective
/// references are read from.
#[derive(Debug, Clone)]
pub struct PeopleLexicon {
    /// Person cues, in file order; [`CueMatch::cue`] indexes into it.
    pub cues: Vec<Cue>,
    cue_matcher: LexiconMatcher,
    stop: HashSet<String>,
    skip: HashSet<String>,
    max_words: usize,
    min_unquoted_words: usize,
    affiliation_links: HashSet<String>,
    area_links: HashSet<String>,
    /// Actor–actor link phrases; matches carry their index.
    pub links: Vec<LinkCue>,
    pub(crate) link_matcher: LexiconMatcher,
    pub(crate) held_matcher: LexiconMatcher,
    pub(crate) held_gap: HashSet<String>,
    pub(crate) seize_matcher: LexiconMatcher,
    /// Facility nouns; matches carry their index.
    pub facilities: Vec<Facility>,
    pub(crate) facility_matcher: LexiconMatcher,
    pub(crate) both_matcher: LexiconMatcher,
    pub(crate) latter_matcher: LexiconMatcher,
    pub(crate) patrol_matcher: LexiconMatcher,
    pub(crate) patrol_joint: Vec<String>,
    pub(crate) patrol_of: Vec<String>,
    pub(crate) between: Vec<String>,
}

fn invalid(entry: &str, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid { file: FILE.to_string(), entry: entry.to_string(), message: message.into() }
}

fn matcher<'a>(keys: impl IntoIterator<Item = (&'a str, u32)>) -> Result<LexiconMatcher, LexiconError> {
    LexiconMatcher::new(keys, MatchOptions::names())
        .map_err(|source| LexiconError::Matcher { file: FILE.to_string(), source })
}

fn flat(forms: &[String]) -> Result<LexiconMatcher, LexiconError> {
    matcher(forms.iter().map(|f| (f.as_str(), 0)))
}

impl PeopleLexicon {
    /// The lexicon shipped with marsad (`data/lexicon/people.toml`), loaded once.
    ///
    /// # Errors
    /// When the embedded file is malformed (a bug caught by the tests).
    pub fn embedded() -> Result<&'static PeopleLexicon, &'static LexiconError> {
        static LEX: OnceLock<Result<PeopleLexicon, LexiconError>> = OnceLock::new();
        LEX.get_or_init(|| Self::from_toml(include_str!("../../../data/lexicon/people.toml"))).as_ref()
    }

    /// Loads the lexicon from TOML source.
    ///
    /// # Errors
    /// [`LexiconError::Parse`] for bad TOML, [`LexiconError::Invalid`] for an entry without
    /// forms or source, a role cue without `role_en`, a role or kin cue without `relation`.
    pub fn from_toml(src: &str) -> Result<Self, LexiconError> {
        let raw: RawFile =
            toml::from_str(src).map_err(|e| LexiconError::Parse { file: FILE.to_string(), message: e.to_string() })?;
        for c in &raw.cue {
            let entry = c.forms.first().map_or("", String::as_str);
            if c.forms.is_empty() || c.source.trim().is_empty() {
                return Err(invalid(entry, "a cue needs forms and a source"));
            }
            if matches!(c.kind, CueKind::Role | CueKind::Rank | CueKind::Title) && c.role_en.is_none() {
                return Err(invalid(entry, "role, rank and title cues need role_en"));
            }
            if matches!(c.kind, CueKind::Role | CueKind::Rank | CueKind::Kin) && c.relation.is_none() {
                return Err(invalid(entry, "role, rank and kin cues need a relation"));
            }
        }
        for l in &raw.link {
            if l.forms.is_empty() || l.source.trim().is_empty() {
                return Err(invalid(&l.kind, "a link needs forms and a source"));
            }
        }
        for f in &raw.facility {
            if f.forms.is_empty() || f.source.trim().is_empty() {
                return Err(invalid(&f.name_en, "a facility needs forms and a source"));
            }
        }
        if raw.control.source.trim().is_empty() || raw.collective.source.trim().is_empty() {
            return Err(invalid("control/collective", "missing source"));
        }
        if raw.name.max_words == 0 || raw.name.min_unquoted_words == 0 {
            return Err(invalid("name", "max_words and min_unquoted_words must be at least 1"));
        }
        let set = |v: &[String]| v.iter().map(|s| normalize_key(s)).collect::<HashSet<_>>();
        let list = |v: &[String]| v.iter().map(|s| normalize_key(s)).collect::<Vec<_>>();
        let indexed = |groups: Vec<&Vec<String>>| -> Result<LexiconMatcher, LexiconError> {
            matcher(groups.into_iter().enumerate().flat_map(|(i, forms)| forms.iter().map(move |f| (f.as_str(), i as u32))))
        };
        Ok(PeopleLexicon {
            cue_matcher: indexed(raw.cue.iter().map(|c| &c.forms).collect())?,
            link_matcher: indexed(raw.link.iter().map(|c| &c.forms).collect())?,
            facility_matcher: indexed(raw.facility.iter().map(|c| &c.forms).collect())?,
            held_matcher: flat(&raw.control.held)?,
            seize_matcher: flat(&raw.control.seize)?,
            both_matcher: flat(&raw.collective.both)?,
            latter_matcher: flat(&raw.collective.latter)?,
            patrol_matcher: flat(&raw.collective.patrol)?,
            stop: set(&raw.name.stop_words),
            skip: set(&raw.name.skip_words),
            max_words: raw.name.max_words,
            min_unquoted_words: raw.name.min_unquoted_words,
            affiliation_links: set(&raw.links.affiliation),
            area_links: set(&raw.links.area),
            held_gap: set(&raw.control.held_gap),
            patrol_joint: list(&raw.collective.patrol_joint),
            patrol_of: list(&raw.collective.patrol_of),
            between: list(&raw.collective.between),
            cues: raw.cue,
            links: raw.link,
            facilities: raw.facility,
        })
    }

    /// Every cue word in normalised text, longest first, none overlapping.
    pub fn find_cues(&self, text: &str) -> Vec<CueMatch> {
        self.cue_matcher
            .find(text)
            .into_iter()
            .filter(|m| (m.value as usize) < self.cues.len())
            .map(|m| CueMatch { range: m.range, cue: m.value as usize })
            .collect()
    }
}

/// A cue word found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// Normalised byte range, proclitics included.
    pub range: Range<usize>,
    /// Index into [`PeopleLexicon::cues`].
    pub cue: usize,
}

/// One place where the text names a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// The name, quotes excluded (normalised byte range).
    pub name: Range<usize>,
    /// The whole phrase: cue words, affiliation, area, name and alias.
    pub span: Range<usize>,
    /// Role, rank, title and intro cues that introduce the name.
    pub cues: Vec<CueMatch>,
    /// The actor named as the person's group (index into `Mentions::actors`).
    pub affiliation: Option<usize>,
    /// The place named as the person's area (index into `Mentions::places`).
    pub area: Option<usize>,
    /// Names given by an alias cue ("والمعروف باسم فراس العراقية").
    pub aliases: Vec<Range<usize>>,
    /// The alias cues, for evidence.
    pub alias_cues: Vec<Range<usize>>,
}

/// A family tie stated between two person mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KinLink {
    /// The person before the kin word (index into [`People::mentions`]).
    pub subject: usize,
    /// The person after it.
    pub object: usize,
    /// The tie from the subject's side ("brother_of").
    pub relation: String,
    /// The kin word.
    pub cue: Range<usize>,
}

/// The mentions of one person after merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonGroup {
    /// Indices into [`People::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// Why differently written mentions were merged.
    pub merge_reasons: Vec<String>,
}

/// The people of one report.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Every place a person is named by a cue, in text order.
    pub mentions: Vec<PersonMention>,
    /// Family ties between mentions.
    pub kin: Vec<KinLink>,
    /// One group per person, in order of first mention.
    pub persons: Vec<PersonGroup>,
}

impl People {
    /// The group a mention belongs to.
    pub fn person_of(&self, mention: usize) -> Option<usize> {
        self.persons.iter().position(|g| g.mentions.contains(&mention))
    }
}

fn gap_is(text: &str, from: usize, to: usize, allowed: &HashSet<String>) -> bool {
    if from > to || to > text.len() || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
        return false;
    }
    let gap = text[from..to].trim_matches(|c: char| c == ' ' || c == '"');
    // Hashing is the costly part, and most candidate gaps run far across the report: a gap
    // longer than every allowed phrase is none of them.
    let longest = allowed.iter().map(String::len).max().unwrap_or(0);
    gap.is_empty() || (gap.len() <= longest && allowed.contains(gap))
}

/// Skips spaces, commas, colons and dashes (not quotes, not line breaks).
fn skip_separators(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start_matches([' ', '،', ',', ':', '-', '–']).len())
}

fn skip_spaces(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start_matches(' ').len())
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// What a name may not run into: other mentions of any kind.
struct Blocked<'a> {
    m: &'a Mentions,
    cues: &'a [CueMatch],
}

impl Blocked<'_> {
    fn hits(&self, r: &Range<usize>) -> bool {
        self.m.actors.iter().any(|a| overlaps(&a.range, r))
            || self.m.places.iter().any(|p| overlaps(&p.range, r))
            || self.m.times.iter().any(|t| overlaps(&t.range, r))
            || self.m.triggers.iter().any(|t| overlaps(&t.range, r))
            || self.m.casualty_words.iter().any(|t| overlaps(&t.range, r))
            || self.cues.iter().any(|c| overlaps(&c.range, r))
    }
}

impl PeopleLexicon {
    /// Reads a name at `pos`: quoted (returns the inner range and the end after the closing
    /// quote) or unquoted. `None` when no acceptable name stands there.
    fn read_name(&self, text: &str, pos: usize, blocked: &Blocked) -> Option<(Range<usize>, usize)> {
        let mut pos = skip_spaces(text, pos);
        // "اللواء احتياط X": words that stand between a rank and the name.
        loop {
            let len = text[pos..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - pos);
            if len > 0 && self.skip.contains(&text[pos..pos + len]) {
                pos = skip_spaces(text, pos + len);
            } else {
                break;
            }
        }
        // A quote that closes an earlier one ("القيادي في "الهيئة" , مصطفى") opens no name.
        let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..pos].matches('"').count() % 2 == 1 && text[pos..].starts_with('"') {
            pos = skip_separators(text, pos + 1);
        }
        let rest = &text[pos..];
        if let Some(inner) = rest.strip_prefix('"') {
            let close = inner.find(['"', '\n'])?;
            if !inner[close..].starts_with('"') {
                return None;
            }
            let content = &inner[..close];
            let trimmed = content.trim();
            let words = trimmed.split(' ').filter(|w| !w.is_empty()).count();
            if words == 0 || words > self.max_words + 1 {
                return None;
            }
            if !trimmed.chars().all(|c| is_word_char(c) || c == ' ') || trimmed.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            let start = pos + 1 + (content.len() - content.trim_start().len());
            let range = start..start + trimmed.len();
            if blocked.m.actors.iter().any(|a| overlaps(&a.range, &range))
                || blocked.m.places.iter().any(|p| overlaps(&p.range, &range))
            {
                return None;
            }
            return Some((range, pos + 1 + close + 1));
        }
        let mut end = pos;
        let mut count = 0;
        let mut p = pos;
        while count < self.max_words {
            let len = text[p..].find(|c: char| !is_word_char(c)).unwrap_or(text.len() - p);
            if len == 0 {
                break;
            }
            let word = &text[p..p + len];
            let arabic = word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
            // After the first word: "ورئيس" (a conjoined stop word) and "للقناة", "بالجيش"
            // (a preposition with the article) end the name.
            let conjoined = count > 0
                && (word.strip_prefix('و').is_some_and(|w| self.stop.contains(w))
                    || ["لل", "بال", "وال", "فال", "كال"].iter().any(|x| word.starts_with(x)));
            if !arabic || conjoined || self.stop.contains(word) || word.chars().count() < 2 || blocked.hits(&(p..p + len)) {
                break;
            }
            // Given names do not take the article: "الحاج" may be a surname, never a first word.
            if count == 0 && (word.starts_with("ال") || word.starts_with("وال") || word.starts_with("بال")) {
                return None;
            }
            end = p + len;
            count += 1;
            let next = &text[end..];
            if !next.starts_with(' ') || next[1..].starts_with([' ', '\n']) {
                break;
            }
            p = end + 1;
        }
        if count < self.min_unquoted_words {
            return None;
        }
        Some((pos..end, end))
    }

    /// The actor a role cue speaks of: a mention that holds the cue (its head noun, as in "قائد
    /// ميليشيا ...") or starts right after it, with at most a link word ("في") between. Weak
    /// mentions ("الجيش", "النظام") are not taken.
    fn affiliation_at(&self, text: &str, m: &Mentions, cue: &Range<usize>, pos: usize) -> Option<usize> {
        m.actors
            .iter()
            .position(|a| a.range.start <= cue.start && a.range.end > cue.start)
            .or_else(|| {
                m.actors
                    .iter()
                    .position(|a| a.range.start >= pos && gap_is(text, pos, a.range.start, &self.affiliation_links))
            })
            .filter(|&a| !m.actors[a].weak)
    }

    /// Finds the people of one report (`text` is the normalised text of `m`).
    pub fn find_people(&self, text: &str, m: &Mentions, actors: &ActorLexicon) -> People {
        let cues = self.find_cues(text);
        let blocked = Blocked { m, cues: &cues };
        let mut used = vec![false; cues.len()];
        let mut out = People::default();

        for i in 0..cues.len() {
            if used[i] {
                continue;
            }
            if matches!(self.cues[cues[i].cue].kind, CueKind::Alias | CueKind::Kin) {
                continue;
            }
            let mut frame = vec![cues[i].clone()];
            let mut pos = cues[i].range.end;
            let mut affiliation = None;
            let mut area = None;
            let mut chained = vec![i];
            loop {
                let cue_range = frame.last().map(|c| c.range.clone()).unwrap_or(0..0);
                let cue_kind = frame.last().map(|c| self.cues[c.cue].kind);
                if affiliation.is_none() && matches!(cue_kind, Some(CueKind::Role | CueKind::Rank)) {
                    if let Some(a) = self.affiliation_at(text, m, &cue_range, pos) {
                        affiliation = Some(a);
                        pos = pos.max(m.actors[a].range.end);
                    }
                }
                if area.is_none() && affiliation.is_some() {
                    let found = m.places.iter().position(|p| p.range.start >= pos && gap_is(text, pos, p.range.start, &self.area_links));
                    if let Some(p) = found {
                        area = Some(p);
                        pos = m.places[p].range.end;
                    }
                }
                // Another role, rank or title right after: "القيادي العميد ...".
                let next = skip_spaces(text, pos);
                let follow = (0..cues.len()).find(|&j| {
                    !used[j]
                        && !chained.contains(&j)
                        && cues[j].range.start == next
                        && matches!(self.cues[cues[j].cue].kind, CueKind::Role | CueKind::Rank | CueKind::Title)
                });
                match follow {
                    Some(j) => {
                        chained.push(j);
                        frame.push(cues[j].clone());
                        pos = cues[j].range.end;
                    }
                    None => break,
                }
            }
            if affiliation.is_none() && frame.iter().any(|c| self.cues[c.cue].needs_affiliation) {
                continue;
            }
            let name_at = skip_separators(text, pos);
            let Some((name, mut end)) = self.read_name(text, name_at, &blocked) else { continue };
            for &j in &chained {
                used[j] = true;
            }
            let mut aliases = Vec::new();
            let mut alias_cues = Vec::new();
            let after = skip_separators(text, end);
            if let Some(j) = cues.iter().position(|c| c.range.start == after && self.cues[c.cue].kind == CueKind::Alias) {
                if let Some((alias, alias_end)) = self.read_name(text, skip_separators(text, cues[j].range.end), &blocked) {
                    used[j] = true;
                    aliases.push(alias);
                    alias_cues.push(cues[j].range.clone());
                    end = alias_end;
                }
            }
            let start = frame.first().map_or(name.start, |c| c.range.start);
            let start = affiliation.map_or(start, |a| start.min(m.actors[a].range.start));
            out.mentions.push(PersonMention { name, span: start..end, cues: frame, affiliation, area, aliases, alias_cues });
        }
        out.mentions.sort_by_key(|p| p.span.start);

        // Kin: "X شقيق Y": the person ending right before the kin word and the one right after.
        for c in cues.iter().filter(|c| self.cues[c.cue].kind == CueKind::Kin) {
            let relation = self.cues[c.cue].relation.clone().unwrap_or_default();
            let subject = out.mentions.iter().position(|p| {
                let end = p.aliases.last().map_or(p.name.end, |a| a.end);
                end <= c.range.start && text[end..c.range.start].trim_matches([' ', '"', '،', ',']).is_empty()
            });
            let Some(subject) = subject else { continue };
            let object_at = skip_spaces(text, c.range.end);
            let object = match out.mentions.iter().position(|p| p.span.start == object_at || p.name.start == object_at) {
                Some(o) => Some(o),
                // A bare name right after the kin word: "شقيق “أحمد”".
                None => self.read_name(text, object_at, &blocked).map(|(name, end)| {
                    out.mentions.push(PersonMention {
                        name,
                        span: c.range.end..end,
                        cues: Vec::new(),
                        affiliation: None,
                        area: None,
                        aliases: Vec::new(),
                        alias_cues: Vec::new(),
                    });
                    out.mentions.len() - 1
                }),
            };
            if let Some(o) = object {
                if subject != o {
                    out.kin.push(KinLink { subject, object: o, relation, cue: c.range.clone() });
                }
            }
        }

        out.persons = self.merge(text, m, actors, &out);
        out
    }

    fn merge(&self, text: &str, m: &Mentions, actors: &ActorLexicon, people: &People) -> Vec<PersonGroup> {
        let n = people.mentions.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut r = i;
            while p[r] != r {
                r = p[r];
            }
            let mut c = i;
            while p[c] != r {
                let next = p[c];
                p[c] = r;
                c = next;
            }
            r
        }
        let key = |r: &Range<usize>| normalize_key(&text[r.clone()]);
        let names: Vec<Vec<String>> =
            people.mentions.iter().map(|p| std::iter::once(&p.name).chain(&p.aliases).map(key).collect()).collect();
        let mut reasons: Vec<(usize, String)> = Vec::new();
        // First the same name or a stated alias, then spelling variants between what is left.
        for a in 0..n {
            for b in a + 1..n {
                if find(&mut parent, a) == find(&mut parent, b) {
                    continue;
                }
                if let Some(s) = names[a].iter().find(|x| names[b].contains(x)) {
                    let (pa, pb) = (&names[a][0], &names[b][0]);
                    if pa != pb {
                        reasons.push((a, format!("\"{pa}\" and \"{pb}\" share the name \"{s}\" (stated alias)")));
                    }
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    parent[rb] = ra;
                }
            }
        }
        for a in 0..n {
            for b in a + 1..n {
                if find(&mut parent, a) == find(&mut parent, b) {
                    continue;
                }
                if let Some(reason) = self.near_duplicate(m, actors, people, (a, b), &names) {
                    reasons.push((a, reason));
                    let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                    parent[rb] = ra;
                }
            }
        }
        let mut groups: Vec<PersonGroup> = Vec::new();
        let mut roots: Vec<usize> = Vec::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            match roots.iter().position(|&x| x == r) {
                Some(g) => groups[g].mentions.push(i),
                None => {
                    roots.push(r);
                    groups.push(PersonGroup { mentions: vec![i], merge_reasons: Vec::new() });
                }
            }
        }
        for (a, reason) in reasons {
            let r = find(&mut parent, a);
            if let Some(g) = roots.iter().position(|&x| x == r) {
                if !groups[g].merge_reasons.contains(&reason) {
                    groups[g].merge_reasons.push(reason);
                }
            }
        }
        groups
    }

    /// Two mentions written differently that are one person: same first name, surnames within
    /// a small edit distance, no conflicting affiliation, and something else that agrees (role,
    /// affiliation, a relative bearing the other spelling), or a one-letter difference in a long
    /// surname.
    fn near_duplicate(
        &self,
        m: &Mentions,
        actors: &ActorLexicon,
        people: &People,
        (a, b): (usize, usize),
        names: &[Vec<String>],
    ) -> Option<String> {
        let (na, nb) = (names[a].first()?, names[b].first()?);
        let (wa, wb): (Vec<&str>, Vec<&str>) = (na.split(' ').collect(), nb.split(' ').collect());
        if wa.len() < 2 || wb.len() < 2 || wa[0] != wb[0] {
            return None;
        }
        let (sa, sb) = (wa[1..].join(" "), wb[1..].join(" "));
        let distance = levenshtein(&sa, &sb);
        let shortest = sa.chars().count().min(sb.chars().count());
        if distance == 0 || distance > 2 || shortest < 4 || distance * 3 > shortest + 1 {
            return None;
        }
        let (pa, pb) = (&people.mentions[a], &people.mentions[b]);
        let aff = |p: &PersonMention| p.affiliation.map(|i| m.actors[i].actor.clone());
        let (fa, fb) = (aff(pa), aff(pb));
        if let (Some(x), Some(y)) = (&fa, &fb) {
            if x != y {
                return None;
            }
        }
        let roles = |p: &PersonMention| -> Vec<String> { p.cues.iter().filter_map(|c| self.cues[c.cue].role_en.clone()).collect() };
        let (ra, rb) = (roles(pa), roles(pb));
        let mut support = Vec::new();
        if let Some(r) = ra.iter().find(|r| rb.contains(r)) {
            support.push(format!("same role ({r})"));
        }
        if let (Some(ActorKey::Known(k)), Some(_)) = (&fa, &fb) {
            let name = actors.entries().get(*k).map_or_else(String::new, |e| e.name_en.clone());
            support.push(format!("same affiliation ({name})"));
        } else if let (Some(ActorKey::Unknown(s)), Some(_)) = (&fa, &fb) {
            support.push(format!("same affiliation ({s})"));
        }
        // A relative of either mention who bears the other mention's surname.
        for k in &people.kin {
            for (me, other_surname) in [(a, &sb), (b, &sa)] {
                let relative = if k.subject == me {
                    k.object
                } else if k.object == me {
                    k.subject
                } else {
                    continue;
                };
                if let Some(rn) = names.get(relative).and_then(|v| v.first()) {
                    if rn.ends_with(other_surname.as_str()) {
                        support.push(format!("surname \"{other_surname}\" shared with kin \"{rn}\" ({})", k.relation));
                    }
                }
            }
        }
        if support.is_empty() && (distance > 1 || shortest < 5) {
            return None;
        }
        let mut reason = format!("spelling variants \"{na}\" and \"{nb}\": same first name, surname edit distance {distance}");
        for s in support {
            reason.push_str("; ");
            reason.push_str(&s);
        }
        Some(reason)
    }
}

/// The dictionary id (or `new:<surface>`) of an actor mention.
pub fn actor_id(m: &Mentions, actors: &ActorLexicon, i: usize) -> String {
    match &m.actors[i].actor {
        ActorKey::Known(k) => actors.entries().get(*k).map_or_else(String::new, |e| e.id.clone()),
        ActorKey::Unknown(s) => format!("new:{s}"),
    }
}

/// The key two spellings of a name share when they differ only in hamza, ta marbuta, alef
/// maqsura, diacritics, quotes or spacing (for merging people across reports).
pub fn name_key(name: &str) -> String {
    normalize_key(name.trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c.is_whitespace()))
}

/// Edit distance (insertions, deletions, substitutions) between two strings, by characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Evidence for a normalised range.
pub(crate) fn evidence(text: &AlignedText, field: &str, range: Range<usize>) -> Evidence {
    let chars = text.char_range(range.clone());
    Evidence { field: field.to_string(), start: chars.start, end: chars.end, text: Some(text.original_slice(range).to_string()) }
}

/// The id of a person group: `person:` and its first name, normalised.
pub fn person_id(text: &str, people: &People, group: usize) -> String {
    let first = people.persons.get(group).and_then(|g| g.mentions.first()).and_then(|&i| people.mentions.get(i));
    match first {
        Some(p) => format!("person:{}", normalize_key(&text[p.name.clone()])),
        None => String::new(),
    }
}

/// Writes the people of a report as model records.
pub fn to_model(text: &AlignedText, m: &Mentions, actors: &ActorLexicon, lex: &PeopleLexicon, people: &People) -> Vec<Person> {
    let norm = text.normalized();
    let mut out = Vec::new();
    for (g, group) in people.persons.iter().enumerate() {
        let Some(&first) = group.mentions.first() else { continue };
        let name_ar = text.original_slice(people.mentions[first].name.clone()).trim().to_string();
        let mut person = Person { id: person_id(norm, people, g), name_ar, ..Default::default() };
        let mut seen_keys = vec![normalize_key(&norm[people.mentions[first].name.clone()])];
        for &i in &group.mentions {
            let p = &people.mentions[i];
            for r in std::iter::once(&p.name).chain(&p.aliases) {
                let k = normalize_key(&norm[r.clone()]);
                if !seen_keys.contains(&k) {
                    seen_keys.push(k);
                    person.aliases.push(text.original_slice(r.clone()).trim().to_string());
                }
            }
            for c in &p.cues {
                let cue = &lex.cues[c.cue];
                if cue.kind == CueKind::Intro {
                    continue;
                }
                let word = text.original_slice(c.range.clone()).trim();
                let word = word.strip_suffix(" في").unwrap_or(word).to_string();
                if !person.roles.contains(&word) {
                    person.roles.push(word);
                }
                if let Some(r) = &cue.role_en {
                    if !person.roles_en.contains(r) {
                        person.roles_en.push(r.clone());
                    }
                }
                person.evidence.push(evidence(text, "role", c.range.clone()));
            }
            if person.affiliation.is_none() {
                person.affiliation = p.affiliation.map(|a| actor_id(m, actors, a));
            }
            if let Some(a) = p.affiliation {
                person.evidence.push(evidence(text, "affiliation", m.actors[a].range.clone()));
            }
            if person.area.is_none() {
                person.area = p.area.map(|a| {
                    let r = &m.places[a].resolved;
                    r.name_en.clone().unwrap_or_else(|| r.name_ar.clone())
                });
            }
            person.evidence.push(evidence(text, "name", p.name.clone()));
            for (a, c) in p.aliases.iter().zip(&p.alias_cues) {
                person.evidence.push(evidence(text, "alias", c.start..a.end));
            }
        }
        // Later mentions of the same name without a cue.
        for key in &seen_keys {
            for r in find_word(norm, key) {
                let start = text.char_range(r.clone()).start;
                if !person.evidence.iter().any(|e| e.field == "name" && e.start == start) {
                    person.evidence.push(evidence(text, "name", r));
                }
            }
        }
        person.merge_reasons = group.merge_reasons.clone();
        for k in people.kin.iter().filter(|k| group.mentions.contains(&k.subject)) {
            let Some(og) = people.person_of(k.object) else { continue };
            let Some(&of) = people.persons[og].mentions.first() else { continue };
            let kin = Kinship {
                relation: k.relation.clone(),
                person: person_id(norm, people, og),
                name_ar: text.original_slice(people.mentions[of].name.clone()).trim().to_string(),
            };
            if !person.kin.contains(&kin) {
                person.kin.push(kin);
            }
            person.evidence.push(evidence(text, "kin", k.cue.clone()));
        }
        person.evidence.sort_by_key(|e| (e.start, e.end));
        person.evidence.dedup();
        out.push(person);
    }
    out
}

/// Occurrences of `key` in normalised text at word boundaries.
fn find_word(text: &str, key: &str) -> Vec<Range<usize>> {
    if key.is_empty() {
        return Vec::new();
    }
    text.match_indices(key)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + key.len()..].chars().next();
            !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
        })
        .map(|(i, _)| i..i + key.len())
        .collect()
}
