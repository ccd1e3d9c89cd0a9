//! Writing drafts out as event records: actors resolved to ACLED sides, places, dates,
//! evidence spans in the original text's characters, an English note, a stable id.

use std::ops::Range;

use marsad_lexicon::actors::{ActorEntry, ActorKind, ActorLexicon};
use marsad_lexicon::time::Precision;
use marsad_model::{Actor, Event, Evidence};
use marsad_text::lexicon::is_word_char;
use marsad_text::AlignedText;

use crate::assemble::{tolls, Draft};
use crate::mentions::{ActorKey, Mentions};
use crate::rules::{Fired, Rule};
use crate::taxonomy::{self, *};

/// 64-bit FNV-1a: a stable hash for event ids (the same input gives the same id on every
/// platform and release, which `std`'s hasher does not promise).
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// One side of an event: actor mentions that name the same ACLED actor.
struct Side {
    name_en: String,
    name_ar: String,
    inter: u8,
    id: String,
    mentions: Vec<usize>,
    /// Units of the side named beside it (a security branch of the army).
    units: Vec<(String, String, usize)>,
}

impl Side {
    /// A side the text implies rather than names (an unidentified perpetrator, protesters):
    /// the dictionary entry, with no mention.
    fn implied(e: &ActorEntry) -> Side {
        Side { name_en: e.name_en.clone(), name_ar: e.name_ar.clone(), inter: e.inter, id: e.id.clone(), mentions: Vec::new(), units: Vec::new() }
    }
}

fn is_state_apparatus(kind: ActorKind) -> bool {
    matches!(kind, ActorKind::StateForce | ActorKind::SecurityBranch | ActorKind::Police)
}

/// The entry whose side an entry fights on: units of the same ACLED actor, and state
/// branches of the state they serve, are coded under their umbrella; affiliated groups
/// (YPG under the SDF, NDF beside the army) are sides of their own.
fn side_root(lex: &ActorLexicon, k: usize) -> usize {
    let mut cur = k;
    for _ in 0..8 {
        let e = &lex.entries()[cur];
        match e.parent.as_deref().and_then(|p| lex.index_of(p)) {
            Some(p) => {
                let pe = &lex.entries()[p];
                let same_actor = pe.name_en == e.name_en;
                let state = is_state_apparatus(e.kind) && is_state_apparatus(pe.kind) && pe.inter == e.inter;
                if same_actor || state {
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

fn side_of(m: &Mentions, lex: &ActorLexicon, text: &AlignedText, i: usize) -> Side {
    match &m.actors[i].actor {
        ActorKey::Known(k) => {
            let e = &lex.entries()[*k];
            let root = side_root(lex, *k);
            let re = &lex.entries()[root];
            let units = if root == *k && e.unit_en.is_none() {
                Vec::new()
            } else {
                let name = match &e.unit_en {
                    Some(u) => format!("{}: {}", e.name_en, u),
                    None => e.name_en.clone(),
                };
                vec![(name, e.name_ar.clone(), i)]
            };
            Side {
                name_en: re.name_en.clone(),
                name_ar: re.name_ar.clone(),
                inter: re.inter,
                id: re.id.clone(),
                mentions: vec![i],
                units,
            }
        }
        ActorKey::Unknown(surface) => Side {
            name_en: format!("Unidentified Armed Group (Syria): {}", text.original_slice(m.actors[i].range.clone()).trim()),
            name_ar: surface.clone(),
            inter: 3,
            id: format!("new:{surface}"),
            mentions: vec![i],
            units: Vec::new(),
        },
    }
}

/// Phrases (normalised) after which an actor is the ally of the side named before it.
const ALLY_PHRASES: &[&str] = &[
    "بالتعاون مع", "بالتنسيق مع", "بموازره", "بموازره من", "بمسانده", "بمسانده من", "بدعم من", "بدعم", "باسناد من",
    "باسناد", "مدعومه ب", "مدعومين ب", "مدعوما ب", "الي جانب",
];

/// Groups the draft's actor mentions into sides, in order of first appearance; civilians and
/// other victims never open the list when an armed actor is named.
fn sides(m: &Mentions, lex: &ActorLexicon, text: &AlignedText, d: &Draft, fired: &mut Vec<Fired>) -> Vec<Side> {
    let told = d.triggers.first().map_or(0..0, |&t| m.triggers[t].range.clone());
    let span_of = |s: &Side| s.mentions.first().map_or(told.clone(), |&i| m.actors[i].range.clone());
    let mut out: Vec<Side> = Vec::new();
    for &i in &d.actors {
        let s = side_of(m, lex, text, i);
        // "وحدات حماية الشعب ووحدات حماية المرأة سيطرت": actors joined by و fight on one side,
        // the second beside the first, unless the text names it on its own elsewhere.
        let start = m.actors[i].range.start;
        let previous = d.actors.iter().copied().filter(|&j| m.actors[j].range.start < start).max_by_key(|&j| m.actors[j].range.start);
        // "بالتعاون مع مجموعات الدفاع الشعبي", "بمؤازرة الطيران الروسي": an ally fights beside
        // the side named before it, never against it.
        let ally = previous.is_some() && {
            let before = text.normalized()[..start].trim_end_matches([' ', '"', '(']);
            ALLY_PHRASES.iter().any(|p| before.ends_with(p))
        };
        if let Some(j) = previous.filter(|_| ally) {
            if !out.iter().any(|o| o.name_en == s.name_en) {
                if let Some(o) = out.iter_mut().find(|o| o.mentions.contains(&j)) {
                    if o.name_en != s.name_en {
                        o.units.push((s.name_en.clone(), s.name_ar.clone(), i));
                        fired.push(Fired::new("sides", Rule::SidesAllyJoins, m.actors[i].range.clone()));
                    }
                }
            }
            continue;
        }
        if let Some(j) = previous {
            if conjoined_after(m, text, j, i) && !out.iter().any(|o| o.name_en == s.name_en) {
                if let Some(o) = out.iter_mut().find(|o| o.mentions.contains(&j)) {
                    if o.name_en != s.name_en && o.inter == s.inter {
                        o.units.push((s.name_en.clone(), s.name_ar.clone(), i));
                        fired.push(Fired::new("sides", Rule::SidesConjoined, m.actors[i].range.clone()));
                        continue;
                    }
                }
            }
        }
        match out.iter_mut().find(|o| o.name_en == s.name_en) {
            Some(o) => {
                o.mentions.push(i);
                for u in s.units {
                    if !o.units.iter().any(|x| x.0 == u.0) {
                        o.units.push(u);
                    }
                }
            }
            None => out.push(s),
        }
    }
    let victim = |s: &Side| s.inter == 7;
    // Facilities named by their owner ("القاعدة الأميركية", "مقرات قسد") are what was hit: the
    // owner is the target side, never the attacker (the nouns are data: `[sides]`).
    let words = lex.side_words();
    let target_nouns = &words.target_nouns;
    let norm = text.normalized();
    let bare = |w: &str| -> String {
        let w = w.strip_prefix('و').unwrap_or(w);
        w.strip_prefix('ب').or_else(|| w.strip_prefix('ل')).unwrap_or(w).to_string()
    };
    // "قاعدة القوات الأميركية", "قاعدتي التحالف", "أهدافاً عسكرية لـ"هيئة تحرير الشام"": the
    // group is the possessor of what was hit (a construct, or ل after the noun and at most one
    // adjective).
    let possessor_of_target = |i: usize| -> bool {
        let r = &m.actors[i].range;
        let mut before = norm[..r.start].rsplit(|c: char| c.is_whitespace()).filter(|w| w.chars().any(is_word_char));
        let (w1, w2) = (before.next().unwrap_or(""), before.next().unwrap_or(""));
        let with_lam = norm[r.start..].starts_with('ل') || w1 == "ل" || w1.ends_with("ل\"");
        let w1 = w1.trim_matches('"');
        // "مواقع لهيئة "تحرير الشام"": the name's own first word, cut off by a quote, carries the ل.
        let with_lam = with_lam || w1.starts_with('ل') && norm[..r.start].trim_end().ends_with('"');
        target_nouns.contains(bare(w1).as_str())
            || with_lam && (target_nouns.contains(bare(w1).as_str()) || target_nouns.contains(bare(w2).as_str()))
    };
    // Judged by how the side is first named: "القاعدة الأميركية" names a target even if
    // "طائرات أميركية" comes later.
    let is_target = |s: &Side| {
        !s.mentions.is_empty()
            && s.mentions.iter().min_by_key(|&&i| m.actors[i].range.start).into_iter().all(|&i| {
                let surface = &norm[m.actors[i].range.clone()];
                let first = surface.split(' ').next().unwrap_or("");
                target_nouns.contains(bare(first).as_str()) || possessor_of_target(i) || marked_by(norm, m.actors[i].range.start, &words.patient_before)
            })
    };
    // "بطائرتين مسيرتين" names how, not who, when the text names who; the owner of what was
    // hit ("دمر الطيران الحربي نقاطاً للإرهابيين") is not who.
    let aircraft = |s: &Side| lex.get(&s.id).is_some_and(|e| e.kind == ActorKind::AircraftUnknown);
    if out.iter().any(|s| !aircraft(s) && s.inter != 7 && !is_target(s)) {
        fired.extend(out.iter().filter(|s| aircraft(s)).map(|s| Fired::new("sides", Rule::SidesAircraftIsMeans, span_of(s))));
        out.retain(|s| !aircraft(s));
    }
    // Weak mentions (التنظيم، النظام) alone make no side when a strong one is there.
    if out.len() > 2 {
        let weak = |s: &Side| s.mentions.iter().all(|&i| m.actors[i].weak);
        fired.extend(out.iter().filter(|s| weak(s)).map(|s| Fired::new("sides", Rule::SidesWeakName, span_of(s))));
        out.retain(|s| !s.mentions.iter().all(|&i| m.actors[i].weak));
    }
    if out.first().is_some_and(is_target) {
        if out.len() >= 2 && !is_target(&out[1]) {
            fired.push(Fired::new("actor2", Rule::SidesTargetOwner, span_of(&out[0])));
            out.swap(0, 1);
        } else if d.event_type == REMOTE {
            if let Some(u) = unnamed_perpetrator(lex, d.sub_event_type) {
                fired.push(Fired::new("actor1", Rule::SidesUnidentifiedStriker, told.clone()));
                fired.push(Fired::new("actor2", Rule::SidesTargetOwner, span_of(&out[0])));
                out.insert(0, u);
            }
        }
    }
    // The agent follows a verbal noun in Arabic: its possessor ("جراء استهداف فصائل المعارضة
    // مواقع النظام") stands right after it, and initiated the event.
    // Only where the act is told as a cause ("جراء/إثر/نتيجة استهداف ..."): elsewhere the
    // subject may stand before the verb ("ميليشيا الدفاع الوطني ... طردت عناصر قاطرجي").
    let causal = |r: &std::ops::Range<usize>| {
        let before = text.normalized()[..r.start].trim_end();
        let word = before.rsplit(' ').next().unwrap_or("");
        ["جراء", "اثر", "نتيجه", "بسبب", "بفعل"].contains(&word)
    };
    // A verb in the feminine perfect ("قصفت "قسد" قرية بقرص") has its subject right after it, in
    // the Arabic order verb-subject-object: that subject is the agent too. (Nouns of these
    // families end in ات or in no ت at all.)
    let feminine_perfect = |r: &std::ops::Range<usize>| {
        let word = norm[r.clone()].trim_end_matches(['"', '\'']);
        word.ends_with('ت') && !word.ends_with("ات")
    };
    // Any mention of the side's actors counts: the draft keeps one mention per actor, not
    // necessarily the one next to the verb.
    let right_after = |s: &Side, first: &std::ops::Range<usize>, gap: usize| {
        m.actors.iter().any(|a| {
            let r = &a.range;
            // Words are counted only up to the gap: the mention may lie at the far end of a
            // long report, and counting every word to it made long reports quadratic.
            r.start >= first.end
                && r.start - first.end <= AGENT_GAP_BYTES
                && norm[first.end..r.start]
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .take(gap + 1)
                    .count()
                    <= gap
                && s.mentions.iter().any(|&i| m.actors[i].actor == a.actor)
        })
    };
    let mut agent_triggers: Vec<(std::ops::Range<usize>, usize)> = d
        .triggers
        .iter()
        .map(|&t| m.triggers[t].range.clone())
        .filter_map(|r| if causal(&r) { Some((r, 1)) } else if feminine_perfect(&r) { Some((r, 0)) } else { None })
        .collect();
    agent_triggers.sort_by_key(|(r, _)| r.start);
    let mut grammatical_agent = false;
    // "من قبل حاجز للجيش", "في غارة نفذتها القوات الجوية الروسية": the grammar names the agent.
    // The mark must follow a word that names the event (a trigger or the weapon) a few words
    // on. A clash "بين X وY" names its sides in the order the coding rules read: a later
    // "هجمات معاكسة من قبل Y" tells a turn of it, not who began it.
    let between = d.actors.iter().any(|&i| {
        let before = norm[..m.actors[i].range.start].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '('));
        let w = before.rsplit(|c: char| !is_word_char(c)).next().unwrap_or("");
        w == "بين" || w == "وبين"
    });
    // Where the mark's event word stands (the earliest that reaches it), if the mention is
    // marked as the agent.
    let agent_marked = |i: usize| -> Option<usize> {
        let r = &m.actors[i].range;
        if between || !marked_by(norm, r.start, &words.agent_before) {
            return None;
        }
        let sentence = m.sentences.iter().find(|s| s.start <= r.start && r.end <= s.end)?;
        let in_sentence = |x: &std::ops::Range<usize>| sentence.start <= x.start && x.end <= r.start;
        let triggers = d.triggers.iter().map(|&t| &m.triggers[t].range);
        let anchors = triggers.chain(m.instruments.iter().map(|(x, _)| x)).filter(|x| in_sentence(x));
        anchors
            .filter(|a| norm[a.end..r.start].split_whitespace().filter(|w| w.chars().any(is_word_char)).take(7).count() <= 6)
            .map(|a| a.start)
            .min()
    };
    let marked: Option<(usize, usize)> =
        out.iter().enumerate().filter(|(_, s)| !victim(s)).filter_map(|(k, s)| s.mentions.iter().filter_map(|&i| agent_marked(i)).min().map(|at| (at, k))).min();
    // The subject of a verb (verb-subject-object) or of a verbal noun of cause.
    let subject: Option<(usize, usize)> = agent_triggers
        .iter()
        .find_map(|(first, gap)| out.iter().position(|s| right_after(s, first, *gap) && !victim(s) && !is_target(s)).map(|k| (first.start, k)));
    // Whichever the text tells first is the event's own: "استعادت X السيطرة ... بعد انتزاعه من
    // قبل Y" is X's; "قتل ... في غارة نفذتها Y" is Y's.
    let agent = match (marked, subject) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|x| x.1),
    };
    if let Some(k) = agent {
        if k > 0 {
            let agent = out.remove(k);
            out.insert(0, agent);
        }
        grammatical_agent = true;
        fired.push(Fired::new("actor1", Rule::SidesGrammaticalAgent, span_of(&out[0])));
    }
    // Protests have protesters, riots rioters, even when the text only says "مظاهرات".
    let crowd = match d.event_type {
        PROTESTS => Some(ActorKind::Protesters),
        RIOTS => Some(ActorKind::Rioters),
        _ => None,
    };
    if let Some(kind) = crowd {
        if !out.iter().any(|s| lex.get(&s.id).is_some_and(|e| e.kind == kind)) {
            if let Some(e) = lex.entries().iter().find(|e| e.kind == kind && e.parent.is_none()) {
                fired.push(Fired::new("actor1", Rule::SidesCrowd, told.clone()));
                out.insert(0, Side::implied(e));
            }
        }
    }
    // In a battle civilians are casualties, not a side.
    if d.event_type == BATTLES && out.iter().any(|s| !victim(s)) {
        fired.extend(out.iter().filter(|s| victim(s)).map(|s| Fired::new("sides", Rule::SidesBattleNoCivilians, span_of(s))));
        out.retain(|s| !victim(s));
    }
    // Violence against civilians and remote violence that hit civilians: the attacker is the
    // armed group named nearest the attack, the civilians are the other side.
    if d.event_type != BATTLES && out.len() > 2 {
        if let Some(v) = out.iter().position(victim) {
            let anchor = d.triggers.iter().map(|&t| m.triggers[t].range.start).min().unwrap_or(0);
            let distance = |s: &Side| s.mentions.iter().map(|&i| m.actors[i].range.start.abs_diff(anchor)).min().unwrap_or(usize::MAX);
            // The grammar, when it names the agent, outranks nearness.
            let attacker = if grammatical_agent && !victim(&out[0]) {
                Some(0)
            } else {
                out.iter().enumerate().filter(|(_, s)| !victim(s)).min_by_key(|(_, s)| distance(s)).map(|(i, _)| i)
            };
            if let Some(a) = attacker {
                fired.push(Fired::new("actor2", Rule::SidesCivilianVictim, span_of(&out[v])));
                fired.extend(out.iter().enumerate().filter(|(k, _)| *k != a && *k != v).map(|(_, s)| Fired::new("sides", Rule::SidesThirdParty, span_of(s))));
                let (att, vic) = (out.swap_remove(a.max(v)), out.swap_remove(a.min(v)));
                out = if a > v { vec![att, vic] } else { vec![vic, att] };
            }
        }
    }
    if out.len() >= 2 && victim(&out[0]) && !victim(&out[1]) {
        fired.push(Fired::new("actor2", Rule::SidesCivilianVictim, span_of(&out[0])));
        out.swap(0, 1);
    }
    // A third group named in the sentences is context (who holds the area, whose village it
    // is), not a party: the text would have to say it fought beside one side.
    fired.extend(out.iter().skip(2).map(|s| Fired::new("sides", Rule::SidesThirdParty, span_of(s))));
    out.truncate(2);
    out
}

/// Whether the words right before `start` (quotes and brackets skipped) are one of `phrases`,
/// whole words, with or without a proclitic (و ف ب ل) on the first: "على يد"، "وعلى يد"، "بصفوف".
fn marked_by(norm: &str, start: usize, phrases: &[String]) -> bool {
    let before = norm[..start].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '«' | '<'));
    phrases.iter().any(|p| {
        let Some(rest) = before.strip_suffix(p.as_str()) else { return false };
        let rest = rest.strip_suffix(['و', 'ف', 'ب', 'ل']).filter(|r| !r.ends_with(is_word_char)).unwrap_or(rest);
        !rest.ends_with(is_word_char)
    })
}

/// Who struck when the text names no one (the coding rules): aircraft of unknown origin are
/// unidentified military forces, anything else an unidentified armed group.
fn unnamed_perpetrator(lex: &ActorLexicon, sub_event_type: &str) -> Option<Side> {
    let e = if sub_event_type == AIR_STRIKE {
        lex.entries().iter().find(|e| e.kind == ActorKind::AircraftUnknown)
    } else {
        lex.entries().iter().find(|e| e.kind == ActorKind::Unidentified && e.name_en == "Unidentified Armed Group (Syria)")
    }?;
    Some(Side::implied(e))
}

/// Whether mention `i` is joined by و right after mention `j` as one party: nothing but spaces
/// and quotes between them, and no "بين" before the pair (which makes them the two sides).
fn conjoined_after(m: &Mentions, text: &AlignedText, j: usize, i: usize) -> bool {
    let (a, b) = (&m.actors[j], &m.actors[i]);
    if !b.conjoined || a.range.end > b.range.start {
        return false;
    }
    let norm = text.normalized();
    let gap = &norm[a.range.end..b.range.start];
    if !gap.chars().all(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '(' | ')')) {
        return false;
    }
    let before = norm[..a.range.start].trim_end();
    let word = before.rsplit(' ').next().unwrap_or("");
    !matches!(word, "بين" | "وبين")
}

fn to_actor(m: &Mentions, text: &AlignedText, s: &Side) -> Actor {
    let mut mentions: Vec<String> = Vec::new();
    for &i in &s.mentions {
        let surface = text.original_slice(m.actors[i].range.clone()).trim().to_string();
        if !mentions.contains(&surface) {
            mentions.push(surface);
        }
    }
    Actor { name_en: s.name_en.clone(), name_ar: s.name_ar.clone(), mentions, inter: s.inter, id: s.id.clone() }
}

fn evidence(text: &AlignedText, field: &str, range: Range<usize>) -> Evidence {
    let chars = text.char_range(range.clone());
    Evidence {
        field: field.to_string(),
        start: chars.start,
        end: chars.end,
        text: Some(text.original_slice(range).to_string()),
    }
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
    }
}

/// How far (normalised bytes) after its verb an agent may stand: the gap allowed is a word or
/// two, and looking further made every event scan every later actor of a long report.
const AGENT_GAP_BYTES: usize = 200;

/// Builds the output record of a draft, and the rules that decided it, field by field, with the
/// words each read (normalised bytes).
pub fn write_event(
    doc_id: &str,
    index: usize,
    m: &Mentions,
    lex: &ActorLexicon,
    text: &AlignedText,
    d: &Draft,
) -> (Event, Vec<Fired>) {
    let mut fired = d.trace.clone();
    let mut sides = sides(m, lex, text, d, &mut fired);
    let told = d.triggers.first().map_or(0..0, |&t| m.triggers[t].range.clone());
    // In a protest event the protesters are actor1; who intervened is actor2 (ACLED).
    if d.event_type == PROTESTS {
        if let Some(k) = sides.iter().position(|s| s.inter == 6) {
            fired.push(Fired::new("actor1", Rule::SidesProtestersFirst, sides[k].mentions.first().map_or(told.clone(), |&i| m.actors[i].range.clone())));
            let protesters = sides.remove(k);
            sides.insert(0, protesters);
        }
    }
    // An explosive device is planted by someone the text rarely names: the named group is the
    // target unless the text attributes the attack. With no side named at all ("انفجار قنبلة
    // في حافلة"), the unnamed perpetrator is the only side. Civilians are hit, never the ones
    // who strike from afar: an air strike or shelling whose only named side is civilians
    // ("قنبلة ألقتها مروحية على بلدة ... قتل خمسة مدنيين") has an unnamed striker too.
    let unnamed = d.sub_event_type == REMOTE_EXPLOSIVE && sides.len() <= 1
        || d.event_type == REMOTE && sides.first().is_some_and(|s| s.inter == 7);
    if unnamed {
        if let Some(u) = unnamed_perpetrator(lex, d.sub_event_type) {
            fired.push(Fired::new("actor1", Rule::SidesUnnamedPerpetrator, told.clone()));
            sides.insert(0, u);
        }
    }
    // An unclaimed drone or rocket attack on a foreign force (a US or Turkish base) comes from
    // an armed group, not from unidentified aircraft (the coding rules; D15).
    if d.event_type == REMOTE && sides.len() >= 2 && lex.side_words().unclaimed_attacks_on.contains(&sides[1].id) {
        let unclaimed = lex.get(&sides[0].id).is_some_and(|e| e.kind == ActorKind::AircraftUnknown || e.kind == ActorKind::Unidentified);
        if unclaimed {
            if let Some(u) = unnamed_perpetrator(lex, REMOTE_EXPLOSIVE) {
                fired.push(Fired::new("actor1", Rule::SidesUnclaimedAttack, sides[1].mentions.first().map_or(told.clone(), |&i| m.actors[i].range.clone())));
                sides[0] = Side { mentions: Vec::new(), units: Vec::new(), ..u };
            }
        }
    }
    let mut evidence_list = Vec::new();
    for &t in &d.triggers {
        evidence_list.push(evidence(text, "event_type", m.triggers[t].range.clone()));
    }
    let mut located_by = None;
    let location = d.place.map(|p| {
        let pm = &m.places[p];
        let r = &pm.resolved;
        // An area spanned by several named places is written as the list, at precision 2.
        let (span, precision) = match &d.area {
            Some(members) if members.len() > 1 => {
                let first = members.iter().map(|&q| m.places[q].range.start).min().unwrap_or(pm.range.start);
                let last = members.iter().map(|&q| m.places[q].range.end).max().unwrap_or(pm.range.end);
                (first..last, r.geo_precision.max(2))
            }
            _ => (pm.range.clone(), r.geo_precision),
        };
        evidence_list.push(evidence(text, "location", span.clone()));
        let mut place = pm.to_model(text, span, precision);
        // A place the gazetteer lacks ("بير قورات") is located by the nearest known place the
        // event's sentences name, at lower precision: every located event has coordinates and a
        // governorate, and the name as written says what was meant.
        if place.lat.is_none() || place.admin1.is_none() {
            let nearest = m
                .places
                .iter()
                .filter(|q| q.resolved.place.is_some() && q.resolved.lat.is_some() && q.resolved.admin1.is_some() && d.in_sentences(m, &q.range))
                .min_by_key(|q| q.range.start.abs_diff(pm.range.start));
            if let Some(q) = nearest {
                located_by = Some(q.range.clone());
                let near = q.to_model(text, q.range.clone(), q.resolved.geo_precision);
                place.admin1 = place.admin1.or(near.admin1);
                if place.lat.is_none() {
                    place.admin2 = place.admin2.or(near.admin2);
                    place.admin3 = place.admin3.or(near.admin3);
                    place.lat = near.lat;
                    place.lon = near.lon;
                    place.geo_precision = Some(if q.is_region() { 3 } else { precision.max(2) });
                }
            }
        }
        place
    });
    if let Some(r) = &d.date_evidence {
        evidence_list.push(evidence(text, "date", r.clone()));
    }
    for (n, s) in sides.iter().enumerate().take(2) {
        for &i in &s.mentions {
            evidence_list.push(evidence(text, if n == 0 { "actor1" } else { "actor2" }, m.actors[i].range.clone()));
        }
    }
    for (_, f) in &d.figures {
        let field = match f.class {
            crate::mentions::CasualtyClass::Killed => "fatalities",
            crate::mentions::CasualtyClass::Injured => "injured",
            crate::mentions::CasualtyClass::Arrested => "arrested",
        };
        evidence_list.push(evidence(text, field, f.range.clone()));
    }
    evidence_list.sort_by_key(|e| (e.start, e.end));
    evidence_list.dedup();

    let actor1 = sides.first().map(|s| to_actor(m, text, s));
    let actor2 = sides.get(1).map(|s| to_actor(m, text, s));
    let assoc = |s: Option<&Side>| -> Vec<Actor> {
        s.map(|s| {
            s.units
                .iter()
                .map(|(unit, ar, i)| Actor {
                    name_en: unit.clone(),
                    name_ar: ar.clone(),
                    mentions: vec![text.original_slice(m.actors[*i].range.clone()).trim().to_string()],
                    inter: s.inter,
                    id: match &m.actors[*i].actor {
                        ActorKey::Known(k) => lex.entries()[*k].id.clone(),
                        ActorKey::Unknown(x) => format!("new:{x}"),
                    },
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let assoc_actor1 = assoc(sides.first());
    let assoc_actor2 = assoc(sides.get(1));
    let (fatalities, injured, arrested) = tolls(d);
    let civilian_targeting = actor2.as_ref().is_some_and(|a| a.inter == 7) && d.event_type != BATTLES;
    let interaction = taxonomy::interaction(actor1.as_ref().map(|a| a.inter), actor2.as_ref().map(|a| a.inter));
    let date = d.date.map(|x| x.date.format("%Y-%m-%d").to_string());
    let place_key = d.place.map(|p| m.places[p].key.clone()).unwrap_or_default();
    let id = fnv1a(&[doc_id, &index.to_string(), d.sub_event_type, &place_key, date.as_deref().unwrap_or("")]);
    let mut event = Event {
        event_id: format!("{:016x}", id),
        disorder_type: disorder_type(d.event_type, d.sub_event_type).to_string(),
        event_type: d.event_type.to_string(),
        sub_event_type: d.sub_event_type.to_string(),
        date,
        date_precision: d.date.map(|x| precision_name(x.precision).to_string()),
        location,
        actor1,
        actor2,
        assoc_actor1,
        assoc_actor2,
        fatalities,
        injured,
        arrested,
        civilian_targeting,
        interaction,
        notes: String::new(),
        evidence: evidence_list,
        confidence: (f64::from(d.confidence) * if d.place.is_some() { 1.0 } else { 0.7 } * 1000.0).round() / 1000.0,
        rules: Default::default(),
    };
    event.notes = crate::notes::note(&event);
    if let Some(r) = located_by {
        fired.push(Fired::new("location", Rule::PlaceLocatedByNeighbour, r));
    }
    fired.extend(crate::assemble::toll_rules(d));
    for (field, side) in [("assoc_actor1", sides.first()), ("assoc_actor2", sides.get(1))] {
        fired.extend(side.into_iter().flat_map(|s| &s.units).map(|(_, _, i)| Fired::new(field, Rule::SidesUnit, m.actors[*i].range.clone())));
    }
    // A side no rule placed is where the order of first mention put it.
    for (field, side) in [("actor1", sides.first()), ("actor2", sides.get(1))] {
        if let Some(s) = side.filter(|_| !fired.iter().any(|f| f.field == field)) {
            fired.push(Fired::new(field, Rule::SidesFirstNamed, s.mentions.first().map_or(told.clone(), |&i| m.actors[i].range.clone())));
        }
    }
    fired.push(Fired::new("disorder_type", Rule::DeriveDisorderType, told.clone()));
    if event.interaction.is_some() {
        fired.push(Fired::new("interaction", Rule::DeriveInteraction, told.clone()));
    }
    if event.civilian_targeting {
        fired.push(Fired::new("civilian_targeting", Rule::DeriveCivilianTargeting, told.clone()));
    }
    if event.date_precision.is_some() {
        fired.push(Fired::new("date_precision", Rule::DeriveDatePrecision, d.date_evidence.clone().unwrap_or(0..0)));
    }
    fired.push(Fired::new("notes", Rule::DeriveNotes, told));
    fired.retain(|f| field_has_value(&event, f.field));
    event.rules = rules_by_field(&fired);
    (event, fired)
}

/// Whether an event's field holds a value, so that rules about it belong in its trace (the
/// rules about a place the event did not keep do not).
fn field_has_value(e: &Event, field: &str) -> bool {
    match field {
        "location" => e.location.is_some(),
        "date" => e.date.is_some(),
        "actor1" => e.actor1.is_some(),
        "actor2" => e.actor2.is_some(),
        "fatalities" => e.fatalities > 0,
        "injured" => e.injured.is_some(),
        "arrested" => e.arrested.is_some(),
        _ => true,
    }
}

/// Rule ids by field, each id once, in firing order.
fn rules_by_field(fired: &[Fired]) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for f in fired {
        let ids = out.entry(f.field.to_string()).or_default();
        if !ids.iter().any(|x| x == f.rule.id()) {
            ids.push(f.rule.id().to_string());
        }
    }
    out
}
