//! Place-mention finding on normalised text: names from the gazetteer, cue words before them,
//! coordinated lists, regions ("ريف X الشرقي") and relations ("قرب", "التابعة ل", "غرب").

use std::collections::HashSet;
use std::ops::Range;

use marsad_text::lexicon::{is_word_char, longest_non_overlapping};
use marsad_text::LexiconMatch;

use crate::data::Role;
use crate::{Gazetteer, PlaceId};

/// The place type a cue word announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// حي
    Neighbourhood,
    /// مدينة
    City,
    /// بلدة
    Town,
    /// قرية
    Village,
    /// منطقة
    Area,
    /// شارع
    Street,
    /// دوار
    Roundabout,
    /// معبر
    Crossing,
    /// حاجز
    Checkpoint,
    /// مطار
    Airport,
    /// حقل
    Field,
    /// مخيم
    Camp,
    /// ناحية
    Subdistrict,
    /// محافظة
    Governorate,
    /// قاعدة
    Base,
    /// تل, جبل
    Hill,
    /// جسر
    Bridge,
    /// ريف
    Countryside,
    /// بادية
    Desert,
}

impl CueKind {
    pub(crate) fn parse(s: &str) -> Option<CueKind> {
        Some(match s {
            "neighbourhood" => CueKind::Neighbourhood,
            "city" => CueKind::City,
            "town" => CueKind::Town,
            "village" => CueKind::Village,
            "area" => CueKind::Area,
            "street" => CueKind::Street,
            "roundabout" => CueKind::Roundabout,
            "crossing" => CueKind::Crossing,
            "checkpoint" => CueKind::Checkpoint,
            "airport" => CueKind::Airport,
            "field" => CueKind::Field,
            "camp" => CueKind::Camp,
            "subdistrict" => CueKind::Subdistrict,
            "governorate" => CueKind::Governorate,
            "base" => CueKind::Base,
            "hill" => CueKind::Hill,
            "bridge" => CueKind::Bridge,
            _ => return None,
        })
    }

    /// Cues specific enough that the word after them is a place even when the gazetteer does
    /// not know it ("حي الجورة", "حاجز البصيرة").
    pub(crate) fn admits_unknown(self) -> bool {
        !matches!(self, CueKind::Area | CueKind::Subdistrict | CueKind::Governorate | CueKind::Countryside | CueKind::Desert)
    }
}

/// A cue word in front of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The cue word without proclitics (normalised bytes).
    pub range: Range<usize>,
    /// What it announces.
    pub kind: CueKind,
    /// Plural or dual form ("قرى", "بلدتي"), which opens a list.
    pub plural: bool,
}

/// Kind of region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// ريف: the countryside of a governorate or city.
    Countryside,
    /// بادية: the desert of a place.
    Desert,
}

impl RegionKind {
    pub(crate) fn parse(s: &str) -> Option<RegionKind> {
        match s {
            "countryside" => Some(RegionKind::Countryside),
            "desert" => Some(RegionKind::Desert),
            _ => None,
        }
    }
}

/// A compass direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Direction {
    North,
    South,
    East,
    West,
    NorthEast,
    NorthWest,
    SouthEast,
    SouthWest,
}

impl Direction {
    pub(crate) fn parse(s: &str) -> Option<Direction> {
        Some(match s {
            "n" => Direction::North,
            "s" => Direction::South,
            "e" => Direction::East,
            "w" => Direction::West,
            "ne" => Direction::NorthEast,
            "nw" => Direction::NorthWest,
            "se" => Direction::SouthEast,
            "sw" => Direction::SouthWest,
            _ => return None,
        })
    }

    fn combine(self, other: Direction) -> Direction {
        use Direction::*;
        match (self, other) {
            (North, East) | (East, North) => NorthEast,
            (North, West) | (West, North) => NorthWest,
            (South, East) | (East, South) => SouthEast,
            (South, West) | (West, South) => SouthWest,
            (d, _) => d,
        }
    }

    /// English adjective ("eastern").
    pub fn adjective(self) -> &'static str {
        match self {
            Direction::North => "northern",
            Direction::South => "southern",
            Direction::East => "eastern",
            Direction::West => "western",
            Direction::NorthEast => "north-eastern",
            Direction::NorthWest => "north-western",
            Direction::SouthEast => "south-eastern",
            Direction::SouthWest => "south-western",
        }
    }
}

/// A region mention's shape: "ريف دير الزور الشرقي" is the eastern countryside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// Countryside or desert.
    pub kind: RegionKind,
    /// Direction adjective after the name, if any.
    pub direction: Option<Direction>,
}

/// How the text places the event relative to the named place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// "قرب", "بالقرب من", "محيط": near the place.
    Near,
    /// "التابعة ل", "في": part of / inside the place (links a mention to its parent).
    PartOf,
    /// "شرق", "غربي": in that direction from the place.
    Direction(Direction),
}

impl Relation {
    pub(crate) fn parse(s: &str) -> Option<Relation> {
        match s {
            "near" => Some(Relation::Near),
            "part_of" => Some(Relation::PartOf),
            _ => None,
        }
    }
}

/// One place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// The whole mention, cue word and proclitics included (normalised bytes).
    pub range: Range<usize>,
    /// The name itself (article included, proclitics excluded); for "ريفها" the cue word.
    pub name_range: Range<usize>,
    /// The cue word that announced it, if any (shared by every item of a cued list).
    pub cue: Option<Cue>,
    /// Places the name can denote; empty for a cued name the gazetteer does not know.
    pub candidates: Vec<PlaceId>,
    /// Set for "ريف X", "بادية X", "ريفها".
    pub region: Option<Region>,
    /// Relation word in front of it ("قرب X", "شرق X"), if any.
    pub relation: Option<Relation>,
    /// Index (in the returned list) of the mention this one belongs to: "حي الجورة غرب مدينة
    /// ديرالزور", "بقرص التابعة لمدينة الميادين", and for "ريفها" the place "ها" refers to.
    pub parent: Option<usize>,
    /// An anaphor ("المدينة", "ريف المدينة", "ريفها"): the place is its parent's.
    pub anaphor: bool,
}

/// Skips spaces; with `list`, also one list separator (, ، : ؛) and the spaces around it.
/// Returns the new position and whether a separator was crossed.
fn skip_gap(text: &str, mut pos: usize, list: bool) -> (usize, bool) {
    let b = text.as_bytes();
    while pos < b.len() && b[pos] == b' ' {
        pos += 1;
    }
    let mut sep = false;
    if list {
        for s in [",", "،", ":", "؛"] {
            if text[pos..].starts_with(s) {
                pos += s.len();
                sep = true;
                while pos < b.len() && b[pos] == b' ' {
                    pos += 1;
                }
                break;
            }
        }
    }
    (pos, sep)
}

/// Like [`skip_gap`], but also over quotation marks: names are often quoted ("بلدتي " سقبا " و
/// " عين ترما "", "قاعدتي "الشدادي" و"التنف""), and the quote is no part of the name.
fn skip_quoted_gap(text: &str, mut pos: usize, list: bool) -> (usize, bool) {
    let mut sep = false;
    loop {
        let (p, s) = skip_gap(text, pos, list && !sep);
        sep |= s;
        let b = text.as_bytes();
        if p < b.len() && b[p] == b'"' {
            pos = p + 1;
        } else {
            return (p, sep);
        }
    }
}

/// The word starting at `pos` (empty when `pos` is not at a word).
fn word_at(text: &str, pos: usize) -> &str {
    let rest = &text[pos.min(text.len())..];
    let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    &rest[..end]
}

fn is_arabic_word(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

struct Finder<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    names: Vec<LexiconMatch>,
    cues: Vec<LexiconMatch>,
    used_names: Vec<bool>,
    out: Vec<PlaceMention>,
    /// Name entries seen with a cue: later bare occurrences in the same report count too.
    cued_keys: HashSet<u32>,
    /// Starts of anaphor mentions, resolved once every mention is known.
    anaphors: Vec<usize>,
    /// Starts of mentions opened by a head cue ("تل").
    head_cued: Vec<usize>,
    /// The singular of the dual cue whose list is being read ("حقل" for "حقلي").
    singular: Option<String>,
}

impl<'a> Finder<'a> {
    fn name_at(&self, pos: usize) -> Option<usize> {
        let i = self.names.partition_point(|m| m.range.start < pos);
        (i < self.names.len() && self.names[i].range.start == pos && !self.used_names[i]).then_some(i)
    }

    fn cue_at(&self, pos: usize) -> Option<(usize, Role)> {
        let i = self.cues.partition_point(|m| m.range.start < pos);
        (i < self.cues.len() && self.cues[i].range.start == pos)
            .then(|| (i, self.g.cues.roles[self.cues[i].value as usize]))
    }

    /// The name span of a hit: the key, plus an article written before it.
    fn name_span(&self, h: &LexiconMatch) -> Range<usize> {
        let mut s = h.key_range.start;
        if s >= h.range.start + 4 && self.text[..s].ends_with("ال") {
            s -= 4;
        }
        s..h.key_range.end
    }

    /// A common noun or adjective written without the article ("قريتين", "مصرية"): no name.
    fn bare_common(&self, h: &LexiconMatch) -> bool {
        self.name_span(h).start == h.key_range.start && self.g.cues.role_of(&self.text[h.key_range.clone()]) == Some(Role::Common)
    }

    /// Whether the word just before `pos` takes a complement that is not a place ("عيد الجلاء").
    fn after_not_place(&self, pos: usize) -> bool {
        let i = self.cues.partition_point(|m| m.range.end <= pos);
        self.cues[..i].last().is_some_and(|c| {
            self.g.cues.roles[c.value as usize] == Role::NotPlaceAfter && self.text[c.range.end..pos].chars().all(|ch| ch == ' ')
        })
    }

    /// Extends a name over a following direction adjective or upper/lower qualifier ("الكرك
    /// الشرقي", "بقرص فوقاني"), re-looking the longer name up. Returns the new end and the
    /// candidates when the longer name is itself known.
    fn extend(&self, end: usize) -> Option<(usize, bool)> {
        let (p, _) = skip_gap(self.text, end, false);
        if p == end {
            return None;
        }
        let w = word_at(self.text, p);
        match self.g.cues.role_of(w) {
            Some(Role::DirectionAdj(_)) => Some((p + w.len(), false)),
            Some(Role::Qualifier { .. }) => Some((p + w.len(), true)),
            _ => None,
        }
    }

    /// The singular of a dual cue word: the word less its dual ending "ي", with "ت" back to
    /// ta marbuta ("حقلي" -> "حقل", "قريتي" -> "قريه"), when that is itself a cue.
    fn singular_of_dual(&self, word: &str) -> Option<String> {
        let stem = word.strip_suffix('ي')?;
        let sing = match stem.strip_suffix('ت') {
            Some(s) => format!("{s}ه"),
            None => stem.to_string(),
        };
        matches!(self.g.cues.role_of(&sing), Some(Role::Cue { plural: false, .. })).then_some(sing)
    }

    /// "حقلي كونيكو والعمر", "مطاري دمشق وحلب": each name after a dual cue may be known only
    /// with the singular cue word in front ("حقل كونيكو", "حقل العمر"). Returns the name's
    /// start, end and places.
    fn dual_compound(&self, pos: usize) -> Option<(usize, usize, Vec<PlaceId>)> {
        let sing = self.singular.as_ref()?;
        let mut starts = vec![pos];
        if self.text[pos..].starts_with('و') {
            starts.push(pos + 'و'.len_utf8());
        }
        for s in starts {
            let mut e = s;
            let mut found = None;
            for _ in 0..3 {
                let w = word_at(self.text, e);
                if !is_arabic_word(w) {
                    break;
                }
                e += w.len();
                if let Some(entry) = self.g.key_entry(&format!("{sing} {}", &self.text[s..e])) {
                    if !entry.places.is_empty() {
                        found = Some((s, e, entry.places.to_vec()));
                    }
                }
                let (p, _) = skip_gap(self.text, e, false);
                if p == e {
                    break;
                }
                e = p;
            }
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// A name at `pos` after a cue: a known name, or (for specific cues) an unknown one.
    fn take_name(&mut self, pos: usize, kind: CueKind, plural_first: bool) -> Option<(Range<usize>, Range<usize>, Vec<PlaceId>)> {
        if let Some((s, e, cands)) = self.dual_compound(pos) {
            for (i, n) in self.names.iter().enumerate() {
                if n.range.start >= pos && n.range.end <= e {
                    self.used_names[i] = true;
                }
            }
            return Some((pos..e, s..e, cands));
        }
        if let Some(i) = self.name_at(pos) {
            if self.bare_common(&self.names[i]) {
                return None;
            }
            self.used_names[i] = true;
            let h = self.names[i].clone();
            self.cued_keys.insert(h.value);
            let mut name = self.name_span(&h);
            let mut cands = self.g.name_entry(h.value).places.to_vec();
            let mut end = h.range.end;
            if let Some((e, _)) = self.extend(end) {
                if let Some(entry) = self.g.key_entry(&self.text[name.start..e]) {
                    cands = entry.places.to_vec();
                }
                end = e;
                name.end = e;
            }
            return Some((pos..end, name, cands));
        }
        if !kind.admits_unknown() {
            return None;
        }
        let first = word_at(self.text, pos);
        let is_head = |r: Option<Role>| matches!(r, Some(Role::NameHead | Role::HeadCue(_)));
        let first_role = self.g.cues.role_of(first);
        if !is_arabic_word(first) || (first_role.is_some() && !is_head(first_role)) {
            return None;
        }
        let mut end = pos + first.len();
        let mut words = 1;
        let mut head = is_head(first_role);
        // Multi-word names: a head word (تل، أبو، خربة …) takes the next word; any word may be
        // followed by an adjective or second noun with the article ("الكرك الشرقي").
        while words < 3 {
            let (p, _) = skip_gap(self.text, end, false);
            if p == end {
                break;
            }
            let w = word_at(self.text, p);
            let role = self.g.cues.role_of(w);
            let ok = is_arabic_word(w)
                && (role.is_none()
                    || matches!(role, Some(Role::DirectionAdj(_)) | Some(Role::Qualifier { .. }) | Some(Role::DropSuffix)))
                && (head || w.starts_with("ال"));
            if !ok {
                break;
            }
            head = false;
            end = p + w.len();
            words += 1;
        }
        // "بلدة وادي خالد", "بلدة القاع اللبنانية": a place abroad, not one the Syrian data lacks.
        let abroad = |e: usize| self.g.cues.role_of(&self.text[pos..e]) == Some(Role::Abroad);
        if abroad(end) || self.text[pos..end].match_indices(' ').any(|(i, _)| abroad(pos + i)) {
            return None;
        }
        // After a plural cue an unknown first word is too often a noun ("حواجز ومقرات"), unless
        // a known place follows it in the list ("بلدات كفربطنا وبيت نايم").
        if plural_first && !self.known_next(end) {
            return None;
        }
        Some((pos..end, pos..end, Vec::new()))
    }

    /// Whether the list goes on after `end` with a place the gazetteer knows ("و"/"،" then a
    /// name with candidates).
    fn known_next(&self, end: usize) -> bool {
        let (q, sep) = skip_quoted_gap(self.text, end, true);
        let w = word_at(self.text, q);
        if !(sep || w.starts_with('و')) {
            return false;
        }
        let q = if w == "و" { skip_quoted_gap(self.text, q + w.len(), false).0 } else { q };
        self.name_at(q).is_some_and(|i| !self.bare_common(&self.names[i]) && !self.g.name_entry(self.names[i].value).places.is_empty())
    }

    fn push(&mut self, range: Range<usize>, name_range: Range<usize>, cue: Option<Cue>, candidates: Vec<PlaceId>) {
        self.out.push(PlaceMention { range, name_range, cue, candidates, region: None, relation: None, parent: None, anaphor: false });
    }

    /// Mentions announced by a cue word, with the list that may follow it.
    fn cued(&mut self, ci: usize, kind: CueKind, plural: bool) -> usize {
        let c = self.cues[ci].clone();
        let mut cue = Cue { range: c.key_range.clone(), kind, plural };
        // A name that itself begins with the cue word ("مطار دير الزور", "ريف دمشق").
        if let Some(i) = self.name_at(c.range.start) {
            if self.names[i].range.end > c.range.end {
                self.used_names[i] = true;
                let h = self.names[i].clone();
                let name = self.name_span(&h);
                let cands = self.g.name_entry(h.value).places.to_vec();
                self.push(h.range.clone(), name, Some(cue), cands);
                return ci + 1;
            }
        }
        let (mut p, _) = skip_quoted_gap(self.text, c.range.end, true);
        let mut next = ci + 1;
        // "قرى وبلدات X", "قاعدة حقل X": the cues stack; the inner one is the kind.
        while let Some((cj, Role::Cue { kind: k2, plural: p2 })) = self.cue_at(p) {
            if self.name_at(p).is_some_and(|i| self.names[i].range.end > self.cues[cj].range.end) {
                break;
            }
            cue.plural |= p2;
            if !cue.plural {
                cue.kind = k2;
            }
            p = skip_quoted_gap(self.text, self.cues[cj].range.end, true).0;
            next = cj + 1;
        }
        self.singular = if cue.plural { self.singular_of_dual(&self.text[c.key_range.clone()]) } else { None };
        // A dual promises two names: its first may be one the gazetteer lacks.
        let dual = self.singular.is_some();
        let taken = self.take_name(p, cue.kind, cue.plural && !dual);
        let Some((range, name, cands)) = taken else {
            self.singular = None;
            return next;
        };
        let mut end = range.end;
        let mut last_name = name.clone();
        self.push(c.range.start..range.end, name, Some(cue.clone()), cands);
        // The list: "وX", ", X" (commas only after a plural cue), "فوقاني وتحتاني".
        loop {
            let (q, sep) = skip_quoted_gap(self.text, end, cue.plural);
            let w = word_at(self.text, q);
            let conj = w.starts_with('و');
            if !(conj || sep) || w.is_empty() {
                break;
            }
            // "و "عين ترما"", "و"التنف"": a conjunction standing alone before a quoted name.
            if w == "و" {
                let (p2, _) = skip_quoted_gap(self.text, q + w.len(), false);
                let known = || self.name_at(p2).is_some_and(|i| self.g.name_entry(self.names[i].value).free || !self.g.name_entry(self.names[i].value).places.is_empty());
                if p2 > q + w.len() && self.text[q + w.len()..p2].contains('"') && (cue.plural || known()) {
                    if let Some((r, n, cands)) = self.take_name(p2, cue.kind, false) {
                        end = r.end;
                        last_name = n.clone();
                        self.push(q..r.end, n, Some(cue.clone()), cands);
                        continue;
                    }
                }
                break;
            }
            // "بقرص فوقاني وتحتاني": the second half shares the stem.
            if conj {
                let bare = &w['و'.len_utf8()..];
                if let Some(Role::Qualifier { .. }) = self.g.cues.role_of(bare) {
                    let stem_end = self.text[last_name.clone()].rfind(' ').map(|i| last_name.start + i);
                    if let Some(se) = stem_end {
                        let key = format!("{} {}", &self.text[last_name.start..se], bare);
                        let cands = self
                            .g
                            .key_entry(&key)
                            .or_else(|| self.g.key_entry(&self.text[last_name.start..se]))
                            .map(|e| e.places.to_vec())
                            .unwrap_or_default();
                        let r = q..q + w.len();
                        self.push(r.clone(), q + 'و'.len_utf8()..r.end, Some(cue.clone()), cands);
                        end = r.end;
                        continue;
                    }
                }
            }
            if self.dual_compound(q).is_some() {
                if let Some((r, n, cands)) = self.take_name(q, cue.kind, false) {
                    end = r.end;
                    last_name = n.clone();
                    self.push(r, n, Some(cue.clone()), cands);
                    continue;
                }
            }
            if let Some(i) = self.name_at(q) {
                let entry = self.g.name_entry(self.names[i].value);
                // After a singular cue only a known, safe name continues the list.
                if cue.plural || entry.free || !entry.places.is_empty() {
                    let (r, n, cands) = match self.take_name(q, cue.kind, false) {
                        Some(x) => x,
                        None => break,
                    };
                    end = r.end;
                    last_name = n.clone();
                    self.push(r, n, Some(cue.clone()), cands);
                    continue;
                }
                break;
            }
            if cue.plural && conj && cue.kind.admits_unknown() {
                let bare = &w['و'.len_utf8()..];
                let bare_role = self.g.cues.role_of(bare);
                if is_arabic_word(bare) && matches!(bare_role, Some(Role::NameHead | Role::HeadCue(_))) {
                    // "وبير قورات": a name head takes the next word.
                    let (p2, _) = skip_gap(self.text, q + w.len(), false);
                    let w2 = word_at(self.text, p2);
                    if p2 > q + w.len() && is_arabic_word(w2) && self.g.cues.role_of(w2).is_none() {
                        let r = q..p2 + w2.len();
                        end = r.end;
                        last_name = q + 'و'.len_utf8()..r.end;
                        self.push(r, last_name.clone(), Some(cue.clone()), Vec::new());
                        continue;
                    }
                }
                if is_arabic_word(bare) && bare.chars().count() >= 3 && bare_role.is_none() {
                    let r = q..q + w.len();
                    end = r.end;
                    last_name = q + 'و'.len_utf8()..r.end;
                    self.push(r, last_name.clone(), Some(cue.clone()), Vec::new());
                    continue;
                }
            }
            break;
        }
        self.singular = None;
        next
    }

    /// "ريف X [direction]", "بادية X"; after a dual or plural cue ("ريفي حماة الشمالي وإدلب
    /// الجنوبي") each name joined by "و" is a region of its own, sharing the cue.
    fn region(&mut self, ci: usize, kind: RegionKind, plural: bool) -> usize {
        let c = self.cues[ci].clone();
        let (p, _) = skip_gap(self.text, c.range.end, false);
        let ck = if kind == RegionKind::Desert { CueKind::Desert } else { CueKind::Countryside };
        if let Some((cj, Role::Anaphor(_))) = self.cue_at(p) {
            // "ريف المدينة الشمالي": the region of the last city named.
            let a = self.cues[cj].clone();
            let (end, direction) = self.direction_after(a.range.end);
            self.anaphors.push(c.range.start);
            self.out.push(PlaceMention {
                range: c.range.start..end,
                name_range: a.key_range.clone(),
                cue: Some(Cue { range: c.key_range.clone(), kind: ck, plural: false }),
                candidates: Vec::new(),
                region: Some(Region { kind, direction }),
                relation: None,
                parent: None,
                anaphor: true,
            });
            return cj + 1;
        }
        let Some(i) = self.name_at(p) else { return ci + 1 };
        self.used_names[i] = true;
        let h = self.names[i].clone();
        let name = self.name_span(&h);
        let (end, direction) = self.direction_after(h.range.end);
        let cands = self.g.name_entry(h.value).places.to_vec();
        let cue = Cue { range: c.key_range.clone(), kind: ck, plural };
        self.push_region(c.range.start..end, name, &cue, cands, Region { kind, direction });
        if plural {
            self.region_members(end, &cue, kind);
        }
        ci + 1
    }

    /// The members after the first of a dual or plural region cue: "و" and a known name with
    /// an optional direction, as long as the list goes on.
    fn region_members(&mut self, mut end: usize, cue: &Cue, kind: RegionKind) {
        loop {
            let (q, _) = skip_gap(self.text, end, false);
            let w = word_at(self.text, q);
            if q == end || !w.starts_with('و') || w.len() <= 'و'.len_utf8() {
                return;
            }
            let Some(i) = self.name_at(q) else { return };
            if self.used_names[i] || self.g.name_entry(self.names[i].value).places.is_empty() {
                return;
            }
            self.used_names[i] = true;
            let h = self.names[i].clone();
            let name = self.name_span(&h);
            let (e, direction) = self.direction_after(h.range.end);
            let cands = self.g.name_entry(h.value).places.to_vec();
            // The member is named without its conjunction: "إدلب الجنوبي", as "ريف" would have it.
            self.push_region(name.start..e, name, cue, cands, Region { kind, direction });
            end = e;
        }
    }

    fn push_region(&mut self, range: Range<usize>, name_range: Range<usize>, cue: &Cue, candidates: Vec<PlaceId>, region: Region) {
        self.out.push(PlaceMention {
            range,
            name_range,
            cue: Some(cue.clone()),
            candidates,
            region: Some(region),
            relation: None,
            parent: None,
            anaphor: false,
        });
    }

    /// A cued mention opened by a name head ("تل عشترة العسكري") when no known name starts
    /// there.
    fn head_cue(&mut self, ci: usize, kind: CueKind) {
        let c = self.cues[ci].clone();
        if self.name_at(c.key_range.start).is_some() || self.out.iter().any(|m| m.range.contains(&c.key_range.start)) {
            return;
        }
        let Some((range, name, _)) = self.take_name(c.key_range.start, kind, false) else { return };
        if name.end <= c.key_range.end {
            return;
        }
        let cands = self.g.key_entry(&self.text[name.clone()]).map(|e| e.places.to_vec()).unwrap_or_default();
        let cue = Cue { range: c.key_range.clone(), kind, plural: false };
        self.push(c.range.start..range.end, name, Some(cue), cands);
        self.head_cued.push(c.range.start);
    }

    /// One or two direction adjectives after `end` ("الشمالي الشرقي").
    fn direction_after(&self, end: usize) -> (usize, Option<Direction>) {
        let mut dir: Option<Direction> = None;
        let mut end_out = end;
        for _ in 0..2 {
            let (p, _) = skip_gap(self.text, end_out, false);
            if p == end_out {
                break;
            }
            let w = word_at(self.text, p);
            match self.g.cues.role_of(w) {
                Some(Role::DirectionAdj(d)) => {
                    dir = Some(dir.map_or(d, |x| x.combine(d)));
                    end_out = p + w.len();
                }
                _ => break,
            }
        }
        (end_out, dir)
    }

    fn run(mut self) -> Vec<PlaceMention> {
        let mut ci = 0;
        while ci < self.cues.len() {
            let role = self.g.cues.roles[self.cues[ci].value as usize];
            match role {
                Role::Cue { kind, plural } => {
                    ci = self.cued(ci, kind, plural);
                    continue;
                }
                Role::Region { kind, plural } => {
                    ci = self.region(ci, kind, plural);
                    continue;
                }
                Role::HeadCue(k) => self.head_cue(ci, k),
                Role::Anaphor(k) => {
                    let c = self.cues[ci].clone();
                    // Only as a location: "في المدينة", "بالمدينة", "داخل المدينة" (not "أهالي
                    // القرية", which names people).
                    let prefixed = self.text[c.range.start..c.key_range.start].ends_with('ب');
                    let before = self.text[..c.range.start].trim_end_matches(' ');
                    let prev = before.rsplit(|ch: char| !is_word_char(ch)).next().unwrap_or("");
                    let locative = prefixed || matches!(prev, "في" | "داخل" | "وسط" | "قرب");
                    if locative && !self.out.iter().any(|m| m.range.contains(&c.key_range.start)) {
                        self.anaphors.push(c.range.start);
                        self.out.push(PlaceMention {
                            range: c.range.clone(),
                            name_range: c.key_range.clone(),
                            cue: Some(Cue { range: c.key_range.clone(), kind: k, plural: false }),
                            candidates: Vec::new(),
                            region: None,
                            relation: None,
                            parent: None,
                            anaphor: true,
                        });
                    }
                }
                Role::RegionPronoun(k) => {
                    let c = self.cues[ci].clone();
                    let (end, direction) = self.direction_after(c.range.end);
                    let ck = if k == RegionKind::Desert { CueKind::Desert } else { CueKind::Countryside };
                    self.anaphors.push(c.range.start);
                    self.out.push(PlaceMention {
                        range: c.range.start..end,
                        name_range: c.key_range.clone(),
                        cue: Some(Cue { range: c.key_range.clone(), kind: ck, plural: false }),
                        candidates: Vec::new(),
                        region: Some(Region { kind: k, direction }),
                        relation: None,
                        parent: None,
                        anaphor: true,
                    });
                }
                _ => {}
            }
            ci += 1;
        }
        // Bare names: well-known places, or names the report also gives with a cue.
        for i in 0..self.names.len() {
            if self.used_names[i] {
                continue;
            }
            let h = self.names[i].clone();
            let entry = self.g.name_entry(h.value);
            if !(entry.free || self.cued_keys.contains(&h.value)) {
                continue;
            }
            // "على قريتين في ريف إدلب" (two villages), "بمناسبة عيد الجلاء" (a holiday).
            if self.bare_common(&h) || self.after_not_place(h.range.start) {
                continue;
            }
            if self.out.iter().any(|m| m.range.start < h.range.end && h.range.start < m.range.end) {
                continue;
            }
            let mut name = self.name_span(&h);
            let mut end = h.range.end;
            let mut cands = entry.places.to_vec();
            if let Some((e, _)) = self.extend(end) {
                if let Some(entry) = self.g.key_entry(&self.text[name.start..e]) {
                    cands = entry.places.to_vec();
                }
                end = e;
                name.end = e;
            }
            self.push(h.range.start..end, name, None, cands);
        }
        self.out.sort_by_key(|m| m.range.start);
        self.link_relations();
        self.link_by_preposition();
        // Anaphors ("ريفها", "ريف المدينة", "المدينة"): the last place of their kind named before.
        let starts = std::mem::take(&mut self.anaphors);
        for start in starts {
            let Some(idx) = self.out.iter().position(|m| m.range.start == start && m.anaphor) else { continue };
            let region = self.out[idx].region.is_some();
            let name_is_pronoun = self.out[idx].cue.as_ref().is_some_and(|c| c.range == self.out[idx].name_range);
            // "ريف المدينة": the word after the region cue says which kind it refers to.
            let word = &self.text[self.out[idx].name_range.clone()];
            let kind = match self.g.cues.role_of(word) {
                Some(Role::Anaphor(k)) => Some(k),
                _ if region && name_is_pronoun => None,
                _ => self.out[idx].cue.as_ref().map(|c| c.kind),
            };
            let parent = (0..idx).rev().find(|&j| {
                let m = &self.out[j];
                if m.anaphor || m.candidates.is_empty() {
                    return false;
                }
                let settles = |p: &PlaceId| {
                    let pl = self.g.place(*p);
                    match kind {
                        Some(CueKind::City) => pl.kind == crate::PlaceKind::City || pl.capital_level.is_some_and(|c| c <= 2),
                        Some(CueKind::Town) => matches!(pl.kind, crate::PlaceKind::City | crate::PlaceKind::Town),
                        Some(CueKind::Village) => matches!(pl.kind, crate::PlaceKind::Village | crate::PlaceKind::Town),
                        _ => pl.kind.is_admin() || pl.kind == crate::PlaceKind::City,
                    }
                };
                let cue_fits = kind.is_some() && m.cue.as_ref().is_some_and(|c| Some(c.kind) == kind);
                (region && kind.is_none() && m.region.is_some()) || cue_fits || m.candidates.iter().any(settles)
            });
            self.out[idx].parent = parent;
            // "مدينة X وفي ريف المدينة": X is what the anaphor refers to, not inside it.
            if let Some(j) = parent {
                if self.out[j].parent == Some(idx) {
                    self.out[j].parent = None;
                }
            }
        }
        // A bare "المدينة" that refers to nothing named is not a place mention; nor is a hill
        // the data lacks unless something locates it or it is called military.
        let keep: Vec<bool> = self
            .out
            .iter()
            .map(|m| {
                let lost_anaphor = m.anaphor && m.region.is_none() && m.parent.is_none();
                let lost_hill = self.head_cued.contains(&m.range.start)
                    && m.candidates.is_empty()
                    && m.parent.is_none()
                    && !self.ends_in_suffix(m);
                !(lost_anaphor || lost_hill)
            })
            .collect();
        self.retain(&keep);
        self.out
    }

    fn ends_in_suffix(&self, m: &PlaceMention) -> bool {
        let name = &self.text[m.name_range.clone()];
        name.rsplit(' ').next().is_some_and(|w| self.g.cues.role_of(w) == Some(Role::DropSuffix))
    }

    /// Keeps the mentions marked in `keep`, renumbering parents (a parent dropped is lost).
    fn retain(&mut self, keep: &[bool]) {
        if keep.iter().all(|&k| k) {
            return;
        }
        let mut new_index = vec![None; keep.len()];
        let mut n = 0;
        for (i, &k) in keep.iter().enumerate() {
            if k {
                new_index[i] = Some(n);
                n += 1;
            }
        }
        let old = std::mem::take(&mut self.out);
        for (i, mut m) in old.into_iter().enumerate() {
            if keep[i] {
                m.parent = m.parent.and_then(|p| new_index[p]);
                self.out.push(m);
            }
        }
    }

    /// "تل عشترة العسكري بريف درعا الغربي", "حي الميدان بدمشق": a place followed at once by
    /// another with the preposition ب lies in that place. A name the data lacks must be cued
    /// to count as a place at all.
    fn link_by_preposition(&mut self) {
        for i in 0..self.out.len().saturating_sub(1) {
            let m = &self.out[i];
            if m.parent.is_some() || (m.candidates.is_empty() && m.cue.is_none()) || m.anaphor {
                continue;
            }
            let (after, _) = skip_gap(self.text, m.range.end, false);
            let n = &self.out[i + 1];
            let head = n.cue.as_ref().map_or(n.name_range.start, |c| c.range.start.min(n.name_range.start));
            if n.range.start == after && n.range.start < head && self.text[n.range.start..head].starts_with('ب') {
                self.out[i].parent = Some(i + 1);
            }
        }
    }

    /// Relation and direction words between or before mentions.
    fn link_relations(&mut self) {
        for c in &self.cues {
            let rel = match self.g.cues.roles[c.value as usize] {
                Role::Relation(r) => r,
                Role::Direction(d) => Relation::Direction(d),
                _ => continue,
            };
            let (mut after, _) = skip_gap(self.text, c.range.end, false);
            let w = word_at(self.text, after);
            if matches!(self.g.cues.role_of(w), Some(Role::DirectionAdj(_))) {
                after = skip_gap(self.text, after + w.len(), false).0;
            }
            let Some(j) = self.out.iter().position(|m| m.range.start == after) else { continue };
            let before = self.text[..c.range.start].trim_end_matches(' ').len();
            let prev = self.out.iter().position(|m| m.range.end == before && before < c.range.start);
            match prev {
                Some(i) if i != j => {
                    // "X غرب مدينة Y", "X التابعة لمدينة Y", "حيي A وB في مدينة Y": X (and the
                    // rest of its list) belongs to Y.
                    let cue = self.out[i].cue.clone();
                    let mut k = i;
                    loop {
                        self.out[k].parent = Some(j);
                        if rel != Relation::PartOf {
                            self.out[k].relation = Some(rel);
                        }
                        if k == 0 || cue.is_none() || self.out[k - 1].cue != cue {
                            break;
                        }
                        k -= 1;
                    }
                }
                _ => {
                    if rel != Relation::PartOf {
                        self.out[j].relation = Some(rel);
                    }
                }
            }
        }
    }
}

/// Finds place mentions in normalised text.
pub(crate) fn find(g: &Gazetteer, text: &str) -> Vec<PlaceMention> {
    let cues = longest_non_overlapping(g.cues.matcher.find_all(text));
    let mut names = longest_non_overlapping(g.name_matches(text));
    // A name hit that is just a cue or function word with clitics is not a name.
    names.retain(|n| !cues.iter().any(|c| c.range == n.range));
    let n = names.len();
    Finder {
        g,
        text,
        names,
        cues,
        used_names: vec![false; n],
        out: Vec::new(),
        cued_keys: HashSet::new(),
        anaphors: Vec::new(),
        head_cued: Vec::new(),
        singular: None,
    }
        .run()
}
