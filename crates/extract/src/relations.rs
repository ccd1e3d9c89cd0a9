//! The conflict system behind a report: the entities it names (actors, people, places), the
//! collective references that point back at them ("الطرفين", "الأخيرة", "الدورية"), and typed
//! relations with evidence and dates:
//!
//! * `commands` / `member_of`: a person and the group a role cue names ("قائد ميليشيا ...").
//! * family ties (`brother_of`, ...) between people.
//! * `part_of` / `ally_of` / `backed_by`: "X التابعة لـ Y", "الموالية لـ", "المدعومة من", and the
//!   dictionary's parent (umbrella actor) of every actor named.
//! * `fights` / `attacks`: actor1 and actor2 of each event of the report.
//! * `controls`: an actor and a place: "X الخاضع لسيطرة Y", "بمناطق سيطرة Y", a seizure verb with
//!   facilities ("استولوا على حواجز ومقرات تابعة للقاطرجي في قرى العشارة وصبيخان ودوير"), and the
//!   territory events of the report.
//!
//! A relation read from a sentence takes the date of the event told in that sentence, else the
//! report's date. All phrases live in `data/lexicon/people.toml`.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use marsad_lexicon::actors::{ActorKind, ActorLexicon};
use marsad_model::{Actor, Entities, EntityRef, Event, Evidence, NewActor, Place, Relation};
use marsad_text::AlignedText;

use crate::mentions::{ActorKey, Mentions};
use crate::people::{self, evidence, PeopleLexicon};

/// What a collective reference points back at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectiveKind {
    /// "الطرفين", "الجانبين": the two sides of the last clash.
    BothSides,
    /// "الأخيرة", "الأخير": the last-named actor.
    Latter,
    /// "الدورية المشتركة", "الدورية": the patrol and the branches named as composing it.
    Patrol,
}

/// A word that refers to actors named elsewhere, resolved to actor mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectiveReference {
    /// The referring words (normalised byte range).
    pub range: Range<usize>,
    /// Which sort of reference.
    pub kind: CollectiveKind,
    /// The sides referred to, each as the actor mentions (indices into `Mentions::actors`) that
    /// make it up: two for [`CollectiveKind::BothSides`], one otherwise. A joint patrol is one
    /// side made of its branches (they are associated actors of that side).
    pub sides: Vec<Vec<usize>>,
}

/// A stretch of text that names one side: an actor mention, or a patrol with its members.
#[derive(Debug, Clone)]
struct Unit {
    range: Range<usize>,
    members: Vec<usize>,
    /// Named only as who holds a place ("مناطق سيطرة قسد"): context, not a party.
    context: bool,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The text between two positions without spaces and quotes ("\0" for an invalid span).
fn gap_text(text: &str, from: usize, to: usize) -> &str {
    if from <= to && to <= text.len() && text.is_char_boundary(from) && text.is_char_boundary(to) {
        text[from..to].trim_matches(|c: char| c == ' ' || c == '"')
    } else {
        "\u{0}"
    }
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !marsad_text::lexicon::is_word_char(c)).filter(|w| !w.is_empty()).count()
}

/// An unknown "group" introduced by a definite head without quotes ("ارتكاب الميليشيا تجاوزات
/// وانتهاكات") is an anaphor followed by ordinary words, not a new group's name.
pub fn is_anaphoric_unknown(text: &str, m: &Mentions, i: usize) -> bool {
    let Some(a) = m.actors.get(i) else { return false };
    if !matches!(a.actor, ActorKey::Unknown(_)) {
        return false;
    }
    let surface = &text[a.range.clone()];
    if surface.contains('"') {
        return false;
    }
    let first = surface.split(' ').next().unwrap_or("");
    ["ال", "وال", "بال", "فال", "لل"].iter().any(|p| first.starts_with(p))
}

/// The entry whose side an entry fights on (units and state branches under their umbrella), as
/// the event records code sides.
fn side_root(lex: &ActorLexicon, k: usize) -> usize {
    let state = |kind: ActorKind| matches!(kind, ActorKind::StateForce | ActorKind::SecurityBranch | ActorKind::Police);
    let mut cur = k;
    for _ in 0..8 {
        let Some(e) = lex.entries().get(cur) else { break };
        match e.parent.as_deref().and_then(|p| lex.index_of(p)) {
            Some(p) => {
                let pe = &lex.entries()[p];
                if pe.name_en == e.name_en || (state(e.kind) && state(pe.kind) && pe.inter == e.inter) {
                    cur = p;
                } else {
                    break;
                }
            }
            None => break,
        }
    }
    cur
}

fn side_key(m: &Mentions, lex: &ActorLexicon, i: usize) -> String {
    match &m.actors[i].actor {
        ActorKey::Known(k) => format!("k{}", side_root(lex, *k)),
        ActorKey::Unknown(s) => format!("u{s}"),
    }
}

fn unit_key(m: &Mentions, lex: &ActorLexicon, u: &Unit) -> String {
    u.members.first().map(|&i| side_key(m, lex, i)).unwrap_or_default()
}

fn is_victim(m: &Mentions, lex: &ActorLexicon, i: usize) -> bool {
    match m.actors[i].actor {
        ActorKey::Known(k) => lex.entries().get(k).is_some_and(|e| e.inter == 7),
        ActorKey::Unknown(_) => false,
    }
}

/// Patrol references and what composes each: (reference range, members).
fn patrols(text: &str, m: &Mentions, lex: &PeopleLexicon) -> Vec<(Range<usize>, Vec<usize>)> {
    let mut refs: Vec<(Range<usize>, Option<Vec<usize>>)> = Vec::new();
    for p in lex.patrol_matcher.find(text) {
        let word = &text[p.range.clone()];
        let definite = ["ال", "وال", "بال", "فال", "لل"].iter().any(|x| word.starts_with(x));
        let mut pos = p.range.end;
        // Adjectives: "أمنية مشتركة".
        let rest = text[pos..].trim_start_matches(' ');
        let best = lex
            .patrol_joint
            .iter()
            .filter(|j| rest.starts_with(j.as_str()) && !rest[j.len()..].starts_with(|c: char| c.is_alphanumeric()))
            .map(String::len)
            .max();
        if let Some(len) = best {
            pos += text[pos..].len() - rest.len() + len;
        }
        // Composition: "من فرع ... و... و...".
        let rest = text[pos..].trim_start_matches(' ');
        let mut members = Vec::new();
        if let Some(of) = lex.patrol_of.iter().find(|of| rest.starts_with(of.as_str()) && rest[of.len()..].starts_with(' ')) {
            let mut cursor = pos + (text[pos..].len() - rest.len()) + of.len();
            for (i, a) in m.actors.iter().enumerate() {
                if a.range.start < cursor {
                    continue;
                }
                if matches!(gap_text(text, cursor, a.range.start), "" | "،" | ",") {
                    members.push(i);
                    cursor = a.range.end;
                } else {
                    break;
                }
            }
        }
        if !definite && best.is_none() && members.is_empty() {
            continue;
        }
        refs.push((p.range.clone(), if members.is_empty() { None } else { Some(members) }));
    }
    // Each reference takes the nearest composition before it, else the first after it.
    let compositions: Vec<(usize, Vec<usize>)> = refs.iter().filter_map(|(r, c)| c.clone().map(|c| (r.start, c))).collect();
    refs.iter()
        .filter_map(|(r, c)| {
            let members = c.clone().or_else(|| {
                compositions
                    .iter()
                    .rev()
                    .find(|(s, _)| *s <= r.start)
                    .or_else(|| compositions.iter().find(|(s, _)| *s > r.start))
                    .map(|(_, c)| c.clone())
            })?;
            Some((r.clone(), members))
        })
        .collect()
}

fn units(text: &str, m: &Mentions, actors: &ActorLexicon, lex: &PeopleLexicon) -> Vec<Unit> {
    let patrols = patrols(text, m, lex);
    // Who holds a place, and who an actor is linked to ("المتهم بالارتباط بتنظيم الدولة",
    // "المدعوم من تركيا"), are named as context, not as parties.
    let held: Vec<Range<usize>> =
        lex.held_matcher.find(text).into_iter().chain(lex.link_matcher.find(text)).map(|h| h.range).collect();
    let mut out: Vec<Unit> = Vec::new();
    for (r, members) in &patrols {
        out.push(Unit { range: r.clone(), members: members.clone(), context: false });
    }
    for (i, a) in m.actors.iter().enumerate() {
        if is_anaphoric_unknown(text, m, i) || is_victim(m, actors, i) {
            continue;
        }
        // Branches named as a patrol's members speak through the patrol.
        if patrols.iter().any(|(_, ms)| ms.contains(&i)) {
            continue;
        }
        let context = held.iter().any(|h| h.end <= a.range.start && gap_text(text, h.end, a.range.start).is_empty());
        out.push(Unit { range: a.range.clone(), members: vec![i], context });
    }
    out.sort_by_key(|u| u.range.start);
    out
}

/// Resolves "الطرفين"/"الجانبين" (the two sides of the last clash: the pair after the nearest
/// "بين X و Y" before it, else the pair of the previous such reference, else the two nearest
/// distinct sides named before it), "الأخيرة"/"الأخير" (the last side named in its sentence or
/// the one before, not after a definite noun: "الفترة الأخيرة" is an adjective) and patrol
/// references ("دورية مشتركة من فرع الأمن الجنائي ومكافحة المخدرات ...", then "الدورية": the
/// branches named as composing the patrol, nearest composition before, else the first after)
/// to actor mentions. Groups named only as holders of a place ("بمناطق سيطرة قسد") and
/// civilians are never a side. Returns one entry per resolved reference, in text order.
///
/// `text` is the normalised text the mentions were found in (`AlignedText::normalized`).
pub fn collective_referents(text: &str, m: &Mentions, actors: &ActorLexicon) -> Vec<CollectiveReference> {
    let Ok(lex) = PeopleLexicon::embedded() else { return Vec::new() };
    collective_referents_with(text, m, actors, lex)
}

/// [`collective_referents`] with an explicit lexicon.
pub fn collective_referents_with(text: &str, m: &Mentions, actors: &ActorLexicon, lex: &PeopleLexicon) -> Vec<CollectiveReference> {
    let units = units(text, m, actors, lex);
    let mut out = Vec::new();
    let sentence_of = |pos: usize| m.sentences.iter().position(|s| s.start <= pos && pos < s.end);
    let inside_actor = |r: &Range<usize>| m.actors.iter().any(|a| overlaps(&a.range, r));

    for u in &units {
        if m.actors.iter().all(|a| a.range != u.range) {
            out.push(CollectiveReference { range: u.range.clone(), kind: CollectiveKind::Patrol, sides: vec![u.members.clone()] });
        }
    }

    let mut last_pair: Option<(usize, usize)> = None;
    for r in lex.both_matcher.find(text) {
        if inside_actor(&r.range) {
            continue;
        }
        let Some(s) = sentence_of(r.range.start) else { continue };
        let sentence = m.sentences[s].clone();
        let before: Vec<usize> =
            (0..units.len()).filter(|&u| units[u].range.start >= sentence.start && units[u].range.end <= r.range.start).collect();
        // "بين X و Y" nearest before the reference.
        let mut betweens: Vec<(usize, usize)> = Vec::new();
        for word in &lex.between {
            for (i, _) in text[sentence.start..r.range.start].match_indices(word.as_str()) {
                let i = sentence.start + i;
                let prev = text[..i].chars().next_back();
                let next = text[i + word.len()..].chars().next();
                if !prev.is_some_and(char::is_alphanumeric) && !next.is_some_and(char::is_alphanumeric) {
                    betweens.push((i, i + word.len()));
                }
            }
        }
        betweens.sort_unstable();
        let mut pair = None;
        for &(b, b_end) in betweens.iter().rev() {
            let after: Vec<usize> = before.iter().copied().filter(|&u| units[u].range.start > b && !units[u].context).collect();
            let (Some(&u1), Some(&u2)) = (after.first(), after.get(1)) else { continue };
            let close = word_count(gap_text(text, b_end, units[u1].range.start)) <= 3
                && word_count(gap_text(text, units[u1].range.end, units[u2].range.start)) <= 3;
            let joined = text[units[u1].range.end..units[u2].range.end].contains('و');
            if close && joined && unit_key(m, actors, &units[u1]) != unit_key(m, actors, &units[u2]) {
                pair = Some((u1, u2));
                break;
            }
        }
        if pair.is_none() {
            pair = last_pair;
        }
        if pair.is_none() {
            // The two nearest distinct sides named before it.
            let mut seen: Vec<usize> = Vec::new();
            for u in (0..units.len()).rev().filter(|&u| units[u].range.end <= r.range.start && !units[u].context) {
                if seen.iter().all(|&x| unit_key(m, actors, &units[x]) != unit_key(m, actors, &units[u])) {
                    seen.push(u);
                }
                if seen.len() == 2 {
                    break;
                }
            }
            if let [b, a] = seen[..] {
                pair = Some((a, b));
            }
        }
        if let Some((a, b)) = pair {
            last_pair = Some((a, b));
            out.push(CollectiveReference {
                range: r.range.clone(),
                kind: CollectiveKind::BothSides,
                sides: vec![units[a].members.clone(), units[b].members.clone()],
            });
        }
    }

    for r in lex.latter_matcher.find(text) {
        if inside_actor(&r.range) {
            continue;
        }
        if !text[r.range.clone()].starts_with("هذ") {
            // After a definite noun it is an adjective ("الفترة الأخيرة").
            let prev = text[..r.range.start].trim_end_matches(' ');
            let prev_word = prev.rsplit(|c: char| !marsad_text::lexicon::is_word_char(c)).next().unwrap_or("");
            if ["ال", "وال", "بال", "فال", "لل"].iter().any(|p| prev_word.starts_with(p)) {
                continue;
            }
        }
        let Some(s) = sentence_of(r.range.start) else { continue };
        let from = m.sentences.get(s.saturating_sub(1)).map_or(0, |x| x.start);
        if let Some(u) = units.iter().rev().find(|u| u.range.end <= r.range.start && u.range.start >= from) {
            out.push(CollectiveReference { range: r.range.clone(), kind: CollectiveKind::Latter, sides: vec![u.members.clone()] });
        }
    }
    out.sort_by_key(|c| c.range.start);
    out
}

// ------------------------------------------------------------------------------------------------
// Entities and relations
// ------------------------------------------------------------------------------------------------

fn actor_entity(m: &Mentions, actors: &ActorLexicon, text: &AlignedText, i: usize) -> (String, Actor) {
    let id = people::actor_id(m, actors, i);
    let actor = match &m.actors[i].actor {
        ActorKey::Known(k) => {
            let e = &actors.entries()[*k];
            let name_en = match &e.unit_en {
                Some(u) => format!("{}: {}", e.name_en, u),
                None => e.name_en.clone(),
            };
            Actor { name_en, name_ar: e.name_ar.clone(), mentions: Vec::new(), inter: e.inter, id: id.clone() }
        }
        ActorKey::Unknown(surface) => Actor {
            name_en: format!("Unidentified Armed Group (Syria): {}", text.original_slice(m.actors[i].range.clone()).trim()),
            name_ar: surface.clone(),
            mentions: Vec::new(),
            inter: 3,
            id: id.clone(),
        },
    };
    (id, actor)
}

fn actor_ref(actor: &Actor) -> EntityRef {
    EntityRef { kind: "actor".into(), id: actor.id.clone(), name: actor.name_en.clone() }
}

fn place_model(text: &AlignedText, m: &Mentions, p: usize) -> Place {
    let pm = &m.places[p];
    pm.to_model(text, pm.range.clone(), pm.resolved.geo_precision)
}

fn place_ref_of(place: &Place) -> EntityRef {
    EntityRef {
        kind: "place".into(),
        id: place.gazetteer_id.clone().unwrap_or_else(|| format!("place:{}", place.name_ar)),
        name: place.name_en.clone().unwrap_or_else(|| place.name_ar.clone()),
    }
}

fn place_ref(text: &AlignedText, m: &Mentions, p: usize) -> EntityRef {
    place_ref_of(&place_model(text, m, p))
}

/// Collects relations, merging those with the same kind, ends and place.
#[derive(Default)]
struct Collector {
    relations: Vec<Relation>,
    index: HashMap<(String, String, String, String), usize>,
}

impl Collector {
    fn add(&mut self, r: Relation) {
        if r.subject.id.is_empty() || r.subject.id == r.object.id {
            return;
        }
        let key = (r.kind.clone(), r.subject.id.clone(), r.object.id.clone(), r.place.as_ref().map(|p| p.id.clone()).unwrap_or_default());
        let Some(&i) = self.index.get(&key) else {
            self.index.insert(key, self.relations.len());
            self.relations.push(r);
            return;
        };
        let old = &mut self.relations[i];
        for e in r.evidence {
            if !old.evidence.contains(&e) {
                old.evidence.push(e);
            }
        }
        old.evidence.sort_by_key(|e| (e.start, e.end));
        for f in r.facilities {
            if !old.facilities.contains(&f) {
                old.facilities.push(f);
            }
        }
        if old.from.is_none() {
            old.from = r.from;
        }
        if old.date.is_none() || (r.date.is_some() && r.date < old.date) {
            old.date = r.date;
        }
        old.confidence = old.confidence.max(r.confidence);
        if !old.basis.split('+').any(|b| b == r.basis) {
            old.basis = format!("{}+{}", old.basis, r.basis);
        }
    }
}

/// What [`system_view`] needs besides the lexicon.
pub struct ViewInput<'a> {
    /// The report's text.
    pub text: &'a AlignedText,
    /// Its mentions.
    pub mentions: &'a Mentions,
    /// The actor dictionary.
    pub actors: &'a ActorLexicon,
    /// The events already assembled from it.
    pub events: &'a [Event],
    /// The report's date, when known.
    pub published: Option<NaiveDate>,
}

/// The entities (actors, people, places, new actors) and relations of one report.
pub fn system_view(input: &ViewInput) -> (Entities, Vec<Relation>) {
    match PeopleLexicon::embedded() {
        Ok(lex) => system_view_with(input, lex),
        Err(_) => (Entities::default(), Vec::new()),
    }
}

/// [`system_view`] with an explicit lexicon.
pub fn system_view_with(input: &ViewInput, lex: &PeopleLexicon) -> (Entities, Vec<Relation>) {
    let (text, m, actors) = (input.text, input.mentions, input.actors);
    let norm = text.normalized();
    let published = input.published.map(|d| d.format("%Y-%m-%d").to_string());
    let mut entities = Entities::default();

    // Actors, by id, in order of first mention.
    let mut actor_index: HashMap<String, usize> = HashMap::new();
    let mut mention_actor: Vec<Option<usize>> = vec![None; m.actors.len()];
    for (i, slot) in mention_actor.iter_mut().enumerate() {
        if is_anaphoric_unknown(norm, m, i) {
            continue;
        }
        let (id, actor) = actor_entity(m, actors, text, i);
        let k = *actor_index.entry(id.clone()).or_insert_with(|| {
            entities.actors.push(actor);
            entities.actors.len() - 1
        });
        *slot = Some(k);
        let surface = text.original_slice(m.actors[i].range.clone()).trim().to_string();
        if !entities.actors[k].mentions.contains(&surface) {
            entities.actors[k].mentions.push(surface.clone());
        }
        if let ActorKey::Unknown(s) = &m.actors[i].actor {
            let ev = evidence(text, "actor", m.actors[i].range.clone());
            match entities.new_actors.iter_mut().find(|n| n.id == id) {
                Some(n) => {
                    if !n.mentions.contains(&surface) {
                        n.mentions.push(surface);
                    }
                    n.evidence.push(ev);
                    // Named again: a little surer, never sure.
                    n.confidence = (n.confidence + 0.1).min(0.5);
                }
                None => entities.new_actors.push(NewActor {
                    id: id.clone(),
                    surface: s.clone(),
                    mentions: vec![surface],
                    evidence: vec![ev],
                    confidence: if norm[m.actors[i].range.clone()].contains('"') { 0.4 } else { 0.3 },
                }),
            }
        }
    }
    let aref = |i: usize| mention_actor.get(i).copied().flatten().map(|k| actor_ref(&entities.actors[k]));

    // Places, once each, leaving out those inside actor names ("مجلس دير الزور العسكري").
    let mut place_keys: Vec<&str> = Vec::new();
    for (p, pm) in m.places.iter().enumerate() {
        let in_actor = m.actors.iter().any(|a| overlaps(&a.range, &pm.range) && a.range.start < pm.range.start);
        if pm.resolved.gazetteer_id.is_none() || in_actor || place_keys.contains(&pm.key.as_str()) {
            continue;
        }
        place_keys.push(&pm.key);
        entities.places.push(place_model(text, m, p));
    }

    // The date a sentence speaks of: the event told there, else the report's.
    let date_at = |range: &Range<usize>| -> Option<String> {
        let sentence = m.sentences.iter().find(|s| s.start <= range.start && range.start < s.end).cloned().unwrap_or(range.clone());
        let chars = text.char_range(sentence);
        input
            .events
            .iter()
            .find(|e| e.evidence.iter().any(|x| x.field == "event_type" && x.start >= chars.start && x.end <= chars.end))
            .map_or_else(|| published.clone(), |e| e.date.clone())
    };
    // A relation the text states between two entities, dated by the event told in its sentence.
    let stated = |kind: String, subject: EntityRef, object: EntityRef, span: Range<usize>, confidence: f64| Relation {
        kind,
        subject,
        object,
        date: date_at(&span),
        evidence: vec![evidence(text, "relation", span)],
        confidence,
        basis: "text".into(),
        ..Default::default()
    };

    let mut rel = Collector::default();

    // People and what they are to groups and to each other.
    let found = lex.find_people(norm, m, actors);
    entities.people = people::to_model(text, m, actors, lex, &found);
    let person_ref = |g: usize| {
        entities.people.get(g).map(|p| EntityRef { kind: "person".into(), id: p.id.clone(), name: p.name_ar.clone() })
    };
    for (g, group) in found.persons.iter().enumerate() {
        let Some(pref) = person_ref(g) else { continue };
        for &i in &group.mentions {
            let pm = &found.mentions[i];
            let Some(object) = pm.affiliation.and_then(aref) else { continue };
            let relations: Vec<String> = pm.cues.iter().filter_map(|c| lex.cues[c.cue].relation.clone()).collect();
            let kind = if relations.iter().any(|r| r == "commands") { "commands".to_string() } else { "member_of".to_string() };
            rel.add(Relation { place: pm.area.map(|p| place_ref(text, m, p)), ..stated(kind, pref.clone(), object, pm.span.clone(), 0.8) });
        }
    }
    for k in &found.kin {
        let (Some(s), Some(o)) = (found.person_of(k.subject).and_then(person_ref), found.person_of(k.object).and_then(person_ref)) else {
            continue;
        };
        let span = found.mentions[k.subject].span.start.min(k.cue.start)..found.mentions[k.object].span.end.max(k.cue.end);
        rel.add(stated(k.relation.clone(), s, o, span, 0.8));
    }

    // "X التابعة لـ Y", "X المدعومة من Y".
    for l in lex.link_matcher.find(norm) {
        let Some(link) = lex.links.get(l.value as usize) else { continue };
        if m.actors.iter().any(|a| overlaps(&a.range, &l.range)) {
            continue;
        }
        let before = m.actors.iter().rposition(|a| a.range.end <= l.range.start && gap_text(norm, a.range.end, l.range.start).is_empty());
        let after = m
            .actors
            .iter()
            .position(|a| a.range.start >= l.range.end && matches!(gap_text(norm, l.range.end, a.range.start), "" | "ل" | "من" | "ب"));
        let (Some(x), Some(y)) = (before, after) else { continue };
        let (Some(s), Some(o)) = (aref(x), aref(y)) else { continue };
        let span = m.actors[x].range.start..m.actors[y].range.end;
        rel.add(stated(link.kind.clone(), s, o, span, 0.7));
    }

    // The dictionary's umbrella for every known actor named: a unit or branch is part of it,
    // an affiliated group of another kind (the NDF beside the army) is an ally.
    let mut seen_parent: Vec<usize> = Vec::new();
    for (i, a) in m.actors.iter().enumerate() {
        let ActorKey::Known(k) = a.actor else { continue };
        if seen_parent.contains(&k) {
            continue;
        }
        let Some(subject) = aref(i) else { continue };
        seen_parent.push(k);
        let e = &actors.entries()[k];
        let Some(p) = e.parent.as_deref().and_then(|p| actors.index_of(p)) else { continue };
        let pe = &actors.entries()[p];
        let kind = if side_root(actors, k) != k || e.kind == pe.kind || pe.name_en == e.name_en { "part_of" } else { "ally_of" };
        let object_name = match &pe.unit_en {
            Some(u) => format!("{}: {}", pe.name_en, u),
            None => pe.name_en.clone(),
        };
        rel.add(Relation {
            kind: kind.into(),
            subject,
            object: EntityRef { kind: "actor".into(), id: pe.id.clone(), name: object_name },
            date: published.clone(),
            evidence: vec![evidence(text, "subject", a.range.clone())],
            confidence: 0.5,
            basis: "dictionary".into(),
            ..Default::default()
        });
    }

    // Control: "X الخاضع لسيطرة Y", "قرية X الواقعة بمناطق سيطرة Y".
    for h in lex.held_matcher.find(norm) {
        let mut holders = Vec::new();
        let mut cursor = h.range.end;
        for (i, a) in m.actors.iter().enumerate() {
            if a.range.start < cursor {
                continue;
            }
            if !gap_text(norm, cursor, a.range.start).is_empty() {
                break;
            }
            holders.push(i);
            cursor = a.range.end;
        }
        let place = m.places.iter().rposition(|p| {
            p.range.end <= h.range.start && {
                let gap = gap_text(norm, p.range.end, h.range.start);
                gap.is_empty() || gap.split(' ').all(|w| lex.held_gap.contains(w))
            }
        });
        let Some(p) = place else { continue };
        let list = m.places[p].list;
        for &y in &holders {
            let Some(s) = aref(y) else { continue };
            for q in (0..m.places.len()).filter(|&q| m.places[q].list == list) {
                let span = m.places[q].range.start.min(m.places[p].range.start)..m.actors[y].range.end;
                rel.add(Relation {
                    kind: "controls".into(),
                    subject: s.clone(),
                    object: place_ref(text, m, q),
                    date: date_at(&h.range),
                    evidence: vec![evidence(text, "relation", span)],
                    confidence: 0.7,
                    basis: "text".into(),
                    ..Default::default()
                });
            }
        }
    }

    // Seizures: "عناصر الدفاع الوطني استولوا على حواجز ومقرات تابعة للقاطرجي في قرى ...": the
    // group before the verb, the facilities and the group they belonged to after it, and the
    // places (a whole list) they stand in.
    let facilities = lex.facility_matcher.find(norm);
    for v in lex.seize_matcher.find(norm) {
        let Some(sentence) = m.sentences.iter().find(|s| s.start <= v.range.start && v.range.start < s.end).cloned() else { continue };
        let subject = m.actors.iter().enumerate().rev().find(|(i, a)| {
            a.range.end <= v.range.start && a.range.start >= sentence.start && !a.weak && !is_victim(m, actors, *i)
        });
        let Some((subject, _)) = subject else { continue };
        let Some(s) = aref(subject) else { continue };
        let Some(place) = m.places.iter().position(|p| p.range.start >= v.range.end && p.range.end <= sentence.end) else { continue };
        let window = v.range.end..m.places[place].range.start;
        let mut held: Vec<String> = Vec::new();
        for f in facilities.iter().filter(|f| f.range.start >= window.start && f.range.end <= window.end) {
            if let Some(x) = lex.facilities.get(f.value as usize) {
                if !held.contains(&x.name_en) {
                    held.push(x.name_en.clone());
                }
            }
        }
        if held.is_empty() {
            continue;
        }
        let from = m
            .actors
            .iter()
            .position(|a| a.range.start >= window.start && a.range.end <= window.end)
            .and_then(aref)
            .filter(|f| f.id != s.id);
        let list = m.places[place].list;
        for q in (0..m.places.len()).filter(|&q| m.places[q].list == list) {
            let span = m.actors[subject].range.start..m.places[q].range.end;
            rel.add(Relation {
                kind: "controls".into(),
                subject: s.clone(),
                object: place_ref(text, m, q),
                date: date_at(&v.range),
                evidence: vec![evidence(text, "relation", span)],
                confidence: 0.7,
                from: from.clone(),
                facilities: held.clone(),
                basis: "text".into(),
                ..Default::default()
            });
        }
    }

    // Events: who fought or attacked whom, who took which place.
    for e in input.events {
        let Some(a1) = &e.actor1 else { continue };
        let ev: Vec<Evidence> =
            e.evidence.iter().filter(|x| matches!(x.field.as_str(), "event_type" | "actor1" | "actor2")).cloned().collect();
        if let Some(a2) = &e.actor2 {
            let kind = match e.event_type.as_str() {
                "Battles" => Some("fights"),
                "Explosions/Remote violence" | "Violence against civilians" => Some("attacks"),
                _ => None,
            };
            if let Some(kind) = kind {
                rel.add(Relation {
                    kind: kind.into(),
                    subject: actor_ref(a1),
                    object: actor_ref(a2),
                    date: e.date.clone(),
                    evidence: ev.clone(),
                    confidence: e.confidence.min(0.9),
                    place: e.location.as_ref().map(place_ref_of),
                    basis: "event".into(),
                    ..Default::default()
                });
            }
        }
        let territorial = matches!(
            e.sub_event_type.as_str(),
            "Non-state actor overtakes territory" | "Government regains territory" | "Non-violent transfer of territory"
        );
        if let (true, Some(loc)) = (territorial, &e.location) {
            rel.add(Relation {
                kind: "controls".into(),
                subject: actor_ref(a1),
                object: place_ref_of(loc),
                date: e.date.clone(),
                evidence: ev,
                confidence: e.confidence.min(0.8),
                from: e.actor2.as_ref().map(actor_ref),
                basis: "event".into(),
                ..Default::default()
            });
        }
    }
    (entities, rel.relations)
}
