//! Event assembly: from the mentions of one report to event drafts.
//!
//! The rules, in the order they apply:
//! 1. A sentence reports an event when it holds an event trigger that no modifier cancels
//!    (negation before it, fear or intention before it in its clause, background anywhere in
//!    the sentence) and that is not a count of unspecified events ("عدة حوادث").
//! 2. Each trigger takes the place named nearest after it (or, failing that, before it) in its
//!    sentence; places inside actor names ("مجلس دير الزور العسكري") do not count, and a region
//!    ("ريف دير الزور الشرقي") only when nothing more precise is named. Every place of a
//!    coordinated list becomes an event of its own (one event per named place). A sentence with
//!    no place continues the last event's place.
//! 3. Time carries forward: a sentence without a time word keeps the time of the sentence before
//!    it; the first sentences take the report's date; background without a recoverable date
//!    stops coding until a new time word.
//! 4. Casualty figures go to the event whose trigger or place stands nearest before them.
//! 5. Drafts of one event told in several sentences merge: same type, sub-type, date and place
//!    (or no place of their own), and compatible actors.
//! 6. A headline restates the body: its drafts are kept only when the body has no event of
//!    that type.

use std::collections::BTreeSet;
use std::ops::Range;

use marsad_lexicon::actors::{ActorKind, ActorLexicon};
use marsad_lexicon::time::{Precision, ResolvedDate};
use marsad_text::lexicon::is_word_char;
use marsad_text::numbers::Vague;

use crate::casualties::{self, Figure};
use crate::mentions::{ActorKey, CasualtyClass, Effect, Instrument, Mentions};
use crate::rules::{Fired, Rule};
use crate::taxonomy::*;

/// An event before it is written out: indices into [`Mentions`].
#[derive(Debug, Clone)]
pub struct Draft {
    /// ACLED event type.
    pub event_type: &'static str,
    /// ACLED sub-event type.
    pub sub_event_type: &'static str,
    /// Trigger mentions that report it.
    pub triggers: Vec<usize>,
    /// Where (index into `Mentions::places`); `None` when no place is named.
    pub place: Option<usize>,
    /// Whether the place was carried over from an earlier sentence.
    pub place_inherited: bool,
    /// When.
    pub date: Option<ResolvedDate>,
    /// The time expression that gave the date.
    pub date_evidence: Option<Range<usize>>,
    /// Actor mentions, in order of appearance.
    pub actors: Vec<usize>,
    /// Sentences that report it.
    pub sentences: Vec<usize>,
    /// Casualty figures, with the sentence each came from.
    pub figures: Vec<(usize, Figure)>,
    /// This draft is one of `n` places of a list, at position `i`: totals are split.
    pub share: Option<(usize, usize)>,
    /// The sentence that listed the places: only its totals are split (a later sentence that
    /// tells this place alone gives its own figures).
    pub share_sentence: usize,
    /// Came from the headline.
    pub from_title: bool,
    /// Told only by definite nouns ("الاشتباكات") that refer back to an event already told.
    pub anaphoric: bool,
    /// For an undated summary over several places: all of them (the event is located at the
    /// area they span, at lower precision).
    pub area: Option<Vec<usize>>,
    /// The run of sentences told at one time this draft belongs to.
    pub episode: usize,
    /// Shares of totals reported jointly for several events ("أدت تلك العمليات إلى مقتل عدد
    /// من العناصر"): the figure, this draft's position among the events, their number.
    pub shared: Vec<(Figure, usize, usize)>,
    /// 0..1.
    pub confidence: f32,
    /// The stretch of its sentence it was told in: (sentence, start of the stretch). A contrast
    /// ("فيما") opens a new stretch, so two accounts of one sentence never merge.
    pub account: (usize, usize),
    /// How plainly the means of a remote strike is told: 2 the event word names it ("غارة"،
    /// "قصف مدفعي"), 1 a means word stands in its sentence, 0 none (the sub-type is a default).
    pub means: u8,
    /// The rules that decided it so far, field by field, in firing order.
    pub trace: Vec<Fired>,
}

impl Draft {
    /// Whether a span lies in one of the sentences that tell this draft.
    pub fn in_sentences(&self, m: &Mentions, span: &Range<usize>) -> bool {
        self.sentences.iter().any(|&si| m.sentences.get(si).is_some_and(|s| within(span, s)))
    }
}

/// The time a sentence is read in.
#[derive(Debug, Clone)]
enum TimeContext {
    /// A date (with the expression that gave it, if any).
    Date(ResolvedDate, Option<Range<usize>>),
    /// No reference date: events are coded with a null date.
    Unknown,
    /// Background with no recoverable date: not coded.
    Background,
}

/// What the assembler needs besides the mentions.
pub struct Context<'a> {
    /// The normalised text.
    pub text: &'a str,
    /// The actor dictionary (for kinds and inter codes).
    pub actors: &'a ActorLexicon,
    /// The report's date, when known.
    pub reference: Option<ResolvedDate>,
    /// Range of the report's date line, if it has one.
    pub dateline: Option<Range<usize>>,
    /// End of the report's first line (where scraping glues the page header to the lead).
    pub first_line_end: usize,
    /// Dates of the opening that are the site's clock (D1): they date nothing.
    pub clocks: Vec<Range<usize>>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn within(inner: &Range<usize>, outer: &Range<usize>) -> bool {
    inner.start >= outer.start && inner.end <= outer.end
}

/// Clause boundaries inside a sentence: positions of "،", ",", ";" and "؛".
fn clause_of(text: &str, sentence: &Range<usize>, pos: usize) -> Range<usize> {
    let s = &text[sentence.clone()];
    let rel = pos.saturating_sub(sentence.start).min(s.len());
    let is_sep = |c: char| matches!(c, '،' | ',' | ';' | '؛');
    let start = s[..rel].rfind(is_sep).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let end = s[rel..].find(is_sep).map_or(s.len(), |i| rel + i);
    sentence.start + start..sentence.start + end
}

/// Words in `s`, counting no further than `limit` (callers ask "at most N words apart", and
/// the stretch between two far mentions can be a whole report).
fn count_words(s: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = is_word_char(c);
        if w && !in_word {
            n += 1;
            if n > limit {
                return n;
            }
        }
        in_word = w;
    }
    n
}

/// Whether two positions are at most `limit` words apart.
fn within_words(text: &str, a: usize, b: usize, limit: usize) -> bool {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    // A word is at least one byte, plus a separator: a cheap bound before counting.
    if b - a > limit.saturating_add(1) * 64 {
        return false;
    }
    count_words(&text[a..b], limit) <= limit
}

/// How a modifier leaves a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Reports an event.
    Event,
    /// Reports an event in the background, with no recoverable date.
    Background,
    /// Reports an earlier incident in passing: an event only when the sentence's own time
    /// word dates it within [`OLDER_THAN_DAYS`] before the report (D11).
    Retrospective,
    /// Does not report an event (negated, feared, intended, or a count of events).
    Cancelled,
}

/// How the modifiers around a trigger leave it, with the rule that decided and the words it
/// read.
fn reading(m: &Mentions, ctx: &Context<'_>, sentence: &Range<usize>, trigger: &Range<usize>) -> (Reading, Rule, Range<usize>) {
    // Page furniture (D12): a heading after the first line covers the rest of its line.
    let furniture = m.modifiers.iter().find(|md| {
        md.effect == Effect::Furniture
            && md.range.start > ctx.first_line_end
            && md.range.end <= trigger.start
            && !ctx.text[md.range.end..trigger.start].contains('\n')
    });
    if let Some(md) = furniture {
        return (Reading::Cancelled, Rule::HappenedFurniture, md.range.start..trigger.end);
    }
    let clause = clause_of(ctx.text, sentence, trigger.start);
    let next_clause = ctx.text[clause.end..sentence.end]
        .chars()
        .next()
        .map(|sep| clause_of(ctx.text, sentence, clause.end + sep.len_utf8()));
    let mut background = false;
    let mut retrospective = false;
    let mut background_why = (Rule::HappenedBackground, trigger.clone());
    let mut retrospective_why = (Rule::HappenedRetrospective, trigger.clone());
    for md in m.modifiers.iter().filter(|md| within(&md.range, sentence)) {
        match md.effect {
            Effect::Negation => {
                if md.range.end <= trigger.start && within_words(ctx.text, md.range.end, trigger.start, 3) {
                    return (Reading::Cancelled, Rule::HappenedNegated, md.range.clone());
                }
            }
            Effect::Future => {
                // "دعا المعزون إلى الثورة ... مما اضطر قوات الأمن إلى إطلاق الغاز": what a call
                // or an aim led to is told as having happened.
                let consequence = md.range.end <= trigger.start
                    && ctx.text[md.range.end..trigger.start]
                        .split(|c: char| !is_word_char(c))
                        .any(|w| ["مما", "ادي", "اسفر", "اضطر", "فاضطر"].contains(&w));
                if md.range.end <= trigger.start && md.range.start >= clause.start && !consequence {
                    return (Reading::Cancelled, Rule::HappenedFuture, md.range.clone());
                }
            }
            // "قد يشن" (may launch) hedges what follows in its clause; "قد شن" (has launched)
            // asserts it, and after كان ("وكانت الطائرات الحربية قد قصفت") tells an earlier
            // incident in passing.
            Effect::Modal => {
                if md.range.end <= trigger.start && md.range.start >= clause.start {
                    if imperfect(next_word(ctx.text, md.range.end)) {
                        return (Reading::Cancelled, Rule::HappenedModal, md.range.clone());
                    }
                    let kana = ctx.text[clause.start..md.range.start].split(|c: char| !is_word_char(c)).any(|w| KANA.contains(&w));
                    if kana {
                        retrospective = true;
                        retrospective_why = (Rule::HappenedRetrospective, md.range.clone());
                    }
                }
            }
            Effect::Criminal | Effect::NotCoded | Effect::Furniture | Effect::Topic => {}
            Effect::Speaker => {
                // "هاجم الرئيس الأمريكي ... سلفه": the subject right after the verb speaks.
                // "شن مندوب سوريا ... هجوما على الدول": شن with a speaker as its subject.
                let word = ctx.text[trigger.clone()].trim_start_matches(['و', 'ف']);
                let attack = ["هاجم", "يهاجم", "تهاجم", "هجوم", "هجوما", "هجمات"].iter().any(|a| word.starts_with(a));
                let subject_after = md.range.start >= trigger.end && within_words(ctx.text, trigger.end, md.range.start, 0);
                let launched = md.range.end <= trigger.start
                    // The subject's name and titles may stand between, set off by commas.
                    && within_words(ctx.text, md.range.end, trigger.start, 12)
                    && ["شن", "شنت", "وشن", "وشنت"].contains(&previous_word(ctx.text, md.range.start));
                if attack && (subject_after || launched) {
                    return (Reading::Cancelled, Rule::HappenedSpeaker, md.range.clone());
                }
            }
            Effect::Background | Effect::Retrospective => {
                // In the trigger's clause, or opening the clause right after it
                // ("المواجهات بين ...، ليست الأولى").
                let opens_next = next_clause.as_ref().is_some_and(|n| {
                    md.range.start >= n.start && within_words(ctx.text, n.start, md.range.start, 0)
                });
                // A phrase ("ليست الأولى", "في وقت سابق") frames the whole sentence; a single
                // adverb ("سابقاً") only its clause.
                let phrase = ctx.text[md.range.clone()].contains(' ');
                if phrase || within(&md.range, &clause) || opens_next {
                    if md.effect == Effect::Background {
                        background = true;
                        background_why = (Rule::HappenedBackground, md.range.clone());
                    } else {
                        retrospective = true;
                        retrospective_why = (Rule::HappenedRetrospective, md.range.clone());
                    }
                }
            }
        }
    }
    // "القرى التي تم طرد الميليشيا منها": a takeover in a relative clause describes an area
    // (who holds it), not a new event.
    let territory = m.triggers.iter().any(|t| {
        t.range == *trigger && (t.sub_event_type == NON_STATE_OVERTAKES || t.sub_event_type == GOVERNMENT_REGAINS)
    });
    let before: Vec<&str> = ctx.text[sentence.start..trigger.start]
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(2)
        .collect();
    let before4: Vec<&str> = ctx.text[sentence.start..trigger.start]
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    if territory && before.iter().any(|w| ["التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي"].contains(w)) {
        return (Reading::Cancelled, Rule::HappenedTerritoryRelative, trigger.clone());
    }
    // "لم تتعرض لأي مضايقات أو غارات", "عند حصول أي مداهمات": "any" ranges over events that
    // may or may not happen; it names none.
    if before4.iter().take(3).any(|w| ["اي", "لاي", "باي", "ولاي", "واي", "ايه", "لايه", "بايه"].contains(w)) {
        return (Reading::Cancelled, Rule::HappenedAny, trigger.clone());
    }
    // "معركة دير الزور المقبلة", "الهجوم القادم": an event still to come.
    let coming = ctx.text[trigger.end..sentence.end]
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| NEXT.contains(&w) || ["المرتقب", "المرتقبه", "المحتمل", "المحتمله"].contains(&w));
    if coming {
        return (Reading::Cancelled, Rule::HappenedComing, trigger.clone());
    }
    // "في ظل سيطرة الجيش", "في ضوء هجوم النظام": the event word names the circumstances of
    // something else.
    if before.len() == 2 && ["ظل", "ضوء"].contains(&before[0]) && ["في", "وفي"].contains(&before[1]) {
        return (Reading::Cancelled, Rule::HappenedCircumstance, trigger.clone());
    }
    // "خرجت مظاهرات تنديدا بالقصف", "تعليقاً على الهجوم", "التحقيق في هجمات": what a
    // protest, a comment or an inquiry is about is its topic, not an event the report tells.
    let topic = m.modifiers.iter().find(|md| {
        md.effect == Effect::Topic
            && within(&md.range, sentence)
            && md.range.end <= trigger.start
            && within_words(ctx.text, md.range.end, trigger.start, 1)
    });
    if let Some(md) = topic {
        return (Reading::Cancelled, Rule::HappenedProtestTopic, md.range.clone());
    }
    // "وكانت تحرير الشام سيطرت على ...", "وكان التنظيم هاجم ...": كان opening the sentence,
    // its subject, then the perfect: a pluperfect, an earlier incident told in passing (with a
    // time of its own within the week, "وكانت الفصائل سيطرت أمس على ...", still dated news).
    let opening = ctx.text[sentence.start..trigger.start].split(|c: char| !is_word_char(c)).find(|w| !w.is_empty());
    if opening.is_some_and(|w| KANA.contains(&w))
        && before4.len() <= 3
        && !before4.iter().any(|w| ["ان", "انه", "انها", "بان"].contains(w))
    {
        retrospective = true;
        retrospective_why = (Rule::HappenedPluperfect, sentence.start..trigger.end);
    }
    // "وكانت استهدفت قاعدتي الشدادي", "الجماعات التي كانت تقصف": كان right before the event
    // word makes a pluperfect or a past progressive, told in passing (as "كانت قد" is).
    // "كانت تقصف" (كان before the present) is a past habit, background whatever its date.
    if before.first().is_some_and(|w| KANA.contains(w)) {
        let word = ctx.text[trigger.clone()].trim_start_matches(['و', 'ف']);
        if present_verb_of_doing(word) {
            background = true;
            background_why = (Rule::HappenedPastHabit, sentence.start..trigger.end);
        } else {
            retrospective = true;
            retrospective_why = (Rule::HappenedPluperfect, sentence.start..trigger.end);
        }
    }
    // "المتمردين الذين يشنون عليه هجمات", "عمليات النظام التي تستهدف الوصول إلى": a relative
    // clause in the present tense describes what an actor does, not an event. Verbs that say a
    // place "witnesses" or "undergoes" the event (تشهد، تتعرض) still report it.
    if describes_actor(&before4, ctx.text, trigger) {
        return (Reading::Cancelled, Rule::HappenedDescribesActor, trigger.clone());
    }
    // "لطرد المحتل", "لخوض المعارك": لـ before a verbal noun says what someone set out to do.
    // After a word of undergoing or repelling ("تعرضت لقصف", "تصدت لهجوم") it is the event.
    if purpose(ctx.text, sentence, trigger, &before) {
        return (Reading::Cancelled, Rule::HappenedPurpose, trigger.clone());
    }
    // "معركة \"يا عباد الله اثبتوا\"": a named campaign, not one day's fighting.
    let named_campaign = ctx.text[trigger.end..sentence.end].trim_start().starts_with('"')
        && m.triggers.iter().any(|t| t.range == *trigger && t.weak);
    if named_campaign {
        return (Reading::Cancelled, Rule::HappenedNamedCampaign, trigger.clone());
    }
    // "حاولت قسد السيطرة عليهما": an attempt to take ground is not a takeover.
    if territory && before4.iter().any(|w| ["حاولت", "حاول", "حاولوا", "تحاول", "يحاول", "محاوله", "لمحاوله", "محاولات"].contains(w)) {
        return (Reading::Cancelled, Rule::HappenedAttempt, trigger.clone());
    }
    // "المناطق التي تسيطر عليها قسد": the present tense of a takeover verb describes who holds
    // ground, not a change; only a headline uses it for news.
    if territory {
        let w = &ctx.text[trigger.clone()];
        let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
        let in_headline = headline_end(ctx.text).is_some_and(|e| sentence.end <= e);
        let present = ["يسيطر", "تسيطر", "يسيطرون", "تستعيد", "يستعيد", "تطرد", "يطرد", "تستولي", "يستولي", "يستولون"];
        if !in_headline && present.iter().any(|p| w.starts_with(p)) {
            return (Reading::Cancelled, Rule::HappenedHolding, trigger.clone());
        }
    }
    // "لاستعادة السيطرة", "لانتزاعها": a verbal noun after لـ says what someone set out to do.
    if territory {
        let w = &ctx.text[trigger.clone()];
        let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
        if w.starts_with("لا") || w.starts_with("لل") {
            return (Reading::Cancelled, Rule::HappenedPurposeNoun, trigger.clone());
        }
    }
    // "سلسلة من الهجمات", "حوادث اغتيال متعددة": a class of events, not one event.
    let after_word = ctx.text[trigger.end..sentence.end]
        .split(|c: char| !is_word_char(c))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let two_before: Vec<&str> = before.iter().rev().copied().collect();
    if ["متعدده", "عده", "متكرره", "متفرقه", "كثيره", "مماثله", "عديده"].contains(&after_word)
        || two_before.first().is_some_and(|w| ["سلسله", "موجه"].contains(w))
        || (two_before.len() == 2 && ["سلسله", "موجه"].contains(&two_before[0]) && two_before[1] == "من")
    {
        return (Reading::Cancelled, Rule::HappenedClassOfEvents, trigger.clone());
    }
    // "خلافات على السيطرة على الحواجز": control as a noun after a preposition is a state of
    // affairs, not a takeover.
    if territory && is_definite(ctx.text, trigger) {
        let prev = previous_word(ctx.text, trigger.start);
        if ["علي", "في", "من", "عن", "حول", "بشان", "اجل"].contains(&prev) {
            return (Reading::Cancelled, Rule::HappenedControlNoun, trigger.clone());
        }
    }
    // "عدة حوادث", "عدداً من الهجمات": a count of events, not one event.
    let counted = m.quantities.iter().find(|q| {
        q.value.is_none()
            && matches!(q.vague, Some(Vague::Several | Vague::Many | Vague::Tens | Vague::Hundreds))
            && q.range.end <= trigger.start
            && within_words(ctx.text, q.range.end, trigger.start, 0)
            && q.range.start >= sentence.start
    });
    if let Some(q) = counted {
        // "تعرضت القرى لعدة غارات", "قصفت البلدة بعشرات القذائف": a count after ب or لـ
        // is the munitions of one attack (its means or what a place underwent), not a count
        // of attacks.
        if counts_munitions(m, ctx.text, &q.range, trigger) {
            return (Reading::Event, Rule::HappenedCountedMunitions, q.range.start..trigger.end);
        }
        (Reading::Cancelled, Rule::HappenedCounted, trigger.clone())
    } else if background {
        (Reading::Background, background_why.0, background_why.1)
    } else if retrospective {
        (Reading::Retrospective, retrospective_why.0, retrospective_why.1)
    } else {
        (Reading::Event, Rule::HappenedAsserted, trigger.clone())
    }
}

/// "وتعرضت قرى أ وب لغارات": the places between an undergoing verb and the event word are
/// the subject that underwent it, the event's own places though they come before its word.
/// Returns the verb's range when such a place stands there.
fn undergoing_place(text: &str, sentence: &Range<usize>, t: &Range<usize>, places: &[usize], m: &Mentions) -> Option<Range<usize>> {
    let clause = clause_of(text, sentence, t.start);
    let mut pos = clause.start.max(sentence.start);
    let mut verb = None;
    for w in text[pos..t.start].split(|c: char| !is_word_char(c)) {
        if UNDERGO.contains(&w.trim_start_matches(['و', 'ف'])) {
            verb = Some(pos..pos + w.len());
        }
        pos += w.len();
        pos += text[pos..].chars().next().map_or(0, char::len_utf8);
    }
    let verb = verb?;
    places.iter().any(|&p| m.places[p].range.start >= verb.end && m.places[p].range.end <= t.start).then_some(verb)
}

/// Verbs of undergoing an attack (normalised): their subject is where it fell.
const UNDERGO: [&str; 4] = ["تعرضت", "تعرض", "تتعرض", "يتعرض"];

/// Whether a vague count before a strike or munition word is led by ب or لـ ("بعدة قذائف",
/// "لعدة غارات"): the munitions of one attack. Gunfire is left out ("برصاص" counts people).
fn counts_munitions(m: &Mentions, text: &str, count: &Range<usize>, trigger: &Range<usize>) -> bool {
    // The count's word, proclitics included whether or not the quantity's span covers them.
    let start = text[..count.start].rfind(|c: char| !is_word_char(c)).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let word = text[start..count.end].trim_start_matches(['و', 'ف']);
    let led = word.starts_with('ب') || word.starts_with('ل');
    led && m.triggers.iter().any(|t| t.range == *trigger && (t.event_type == REMOTE || t.instrument.is_some_and(|i| i != Instrument::Firearm)))
}

const RELATIVES: [&str; 6] = ["التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي"];

/// كان with its conjunction: before a perfect it makes a pluperfect.
const KANA: [&str; 6] = ["كان", "كانت", "كانوا", "وكان", "وكانت", "وكانوا"];

/// Days before the report's date after which an incident is background. D11 says a week; the
/// 12-report dev set, coded before D11, keeps a two-week-old story, so the engine waits two.
const OLDER_THAN_DAYS: u64 = 14;

/// Whether a date lies more than [`OLDER_THAN_DAYS`] before the report's (D11).
fn older_than_window(date: chrono::NaiveDate, report: chrono::NaiveDate) -> bool {
    date + chrono::Days::new(OLDER_THAN_DAYS) < report
}

/// "next" (normalised), after an event or a day: still to come.
const NEXT: [&str; 4] = ["المقبل", "المقبله", "القادم", "القادمه"];

/// Whether a word reads as an imperfect (present/future) verb: a prefix ي or ن, or ت on a
/// word that is not a perfect in ت ("تقصف" but not "تعرضت", "تصدوا").
fn imperfect(w: &str) -> bool {
    let w = w.trim_start_matches(['و', 'ف', 'س']);
    let perfect_t = w.starts_with('ت') && (w.ends_with('ت') || w.ends_with("وا"));
    (w.starts_with('ي') || w.starts_with('ن') || w.starts_with('ت') && !perfect_t) && w.chars().count() >= 3
}

/// Whether a word is a present-tense verb that is not one of undergoing or witnessing.
fn present_verb_of_doing(w: &str) -> bool {
    let undergo = ["تشهد", "يشهد", "تعرض", "تتعرض", "يتعرض", "تعاني", "يعاني", "تقع", "يقع", "تدور", "يدور", "تجري", "يجري"];
    // A word in ت that ends in ت or وا is a perfect ("تقدمت", "تصدوا").
    let perfect = w.starts_with('ت') && (w.ends_with('ت') || w.ends_with("وا"));
    (w.starts_with('ي') || w.starts_with('ت')) && !perfect && w.chars().count() >= 3 && !undergo.iter().any(|u| w.starts_with(u))
}

/// A relative pronoun followed by a present-tense verb of doing, at most two words before the
/// event word or with the event word as that verb.
fn describes_actor(before4: &[&str], text: &str, trigger: &Range<usize>) -> bool {
    let word = text[trigger.clone()].trim_start_matches(['و', 'ف']);
    // before4 runs backwards from the word before the trigger.
    if before4.first().is_some_and(|w| RELATIVES.contains(w)) && present_verb_of_doing(word) {
        return true;
    }
    (1..before4.len().min(3)).any(|k| RELATIVES.contains(&before4[k]) && present_verb_of_doing(before4[k - 1]))
}

/// Whether the event word is a verbal noun of purpose: "لطرد", "لاقتحام", or follows one of
/// the light verbal nouns "لخوض", "لشن", "لتنفيذ".
fn purpose(text: &str, sentence: &Range<usize>, trigger: &Range<usize>, before: &[&str]) -> bool {
    let w = &text[trigger.clone()];
    let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
    let prev = before.first().copied().unwrap_or("");
    if ["لخوض", "لشن", "لتنفيذ", "لبدء", "لمباشره", "لاستكمال"].contains(&prev) {
        return true;
    }
    // "لغم" (a mine) begins with the letter itself.
    if !w.starts_with('ل') || w.starts_with("لل") || w.starts_with("لغم") || w.chars().count() < 4 {
        return false;
    }
    // Words after which لـ marks what befell someone or what was repelled, not an aim
    // ("تعرضت مدن الغوطة اليوم لقصف", "تصدت لهجوم").
    // The verb may stand some words back, across an adverbial clause ("تعرضت القواعد
    // الأميركية، في شرقي سوريا، لقصف صاروخي").
    let undergo = ["تعرض", "يتعرض", "تتعرض", "عرضه", "التعرض", "تصد", "التصدي", "صد", "هدفا", "مسرحا", "ساحه", "نتيجه", "اضافه", "بالاضافه", "خلافا", "تبعا", "ضحيه"];
    !text[sentence.start..trigger.start]
        .rsplit(|c: char| !is_word_char(c))
        .filter(|x| !x.is_empty())
        .take(12)
        .map(|x| x.trim_start_matches(['و', 'ف', 'ب']))
        .any(|x| undergo.iter().any(|u| x.starts_with(u)))
}

/// The headline: the first line, when it is short, has no full stop, and the report goes on
/// after it. Returns the byte offset where it ends.
fn headline_end(text: &str) -> Option<usize> {
    let end = text.find('\n')?;
    let line = text[..end].trim();
    let rest = text[end..].trim();
    (!line.is_empty() && !rest.is_empty() && !line.ends_with('.') && line.chars().count() < 200).then_some(end)
}

/// The report's last line when it restates the headline (news sites end a page with its summary):
/// the byte range of that line. Restating means sharing at least 30% of their distinct words.
fn closing_summary(text: &str, headline_end: Option<usize>) -> Option<Range<usize>> {
    let title_end = headline_end?;
    let body = text.trim_end();
    let start = body.rfind('\n').map_or(0, |i| i + 1);
    if start <= title_end {
        return None;
    }
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !is_word_char(c)).filter(|w| w.chars().count() > 2).map(|w| w.trim_start_matches(['و', 'ف', 'ب', 'ل']).to_string()).collect()
    };
    let (title, last) = (words(&text[..title_end]), words(&body[start..]));
    let shared = title.intersection(&last).count();
    let union = title.union(&last).count();
    (union > 0 && shared * 10 >= union * 3).then_some(start..body.len())
}

/// Whether a trigger is written as a definite noun ("الاشتباكات", "بالاشتباكات"), which in news
/// prose usually refers back to an event already told.
fn is_definite(text: &str, range: &Range<usize>) -> bool {
    // "بعد اعتقال ...", "عقب اشتباكات ...": an event named as the time of another was told
    // already, or is background to it.
    if matches!(previous_word(text, range.start), "بعد" | "وبعد" | "عقب") {
        return true;
    }
    let w = &text[range.clone()];
    let w = w.strip_prefix('و').or_else(|| w.strip_prefix('ف')).unwrap_or(w);
    if w.starts_with("لل") {
        return true;
    }
    let w = w.strip_prefix('ب').or_else(|| w.strip_prefix('ل')).or_else(|| w.strip_prefix('ك')).unwrap_or(w);
    w.starts_with("ال")
}

/// Whether a contrast word ("في حين", "فيما", "بينما") stands just before a trigger: it opens
/// another event.
fn after_contrast(text: &str, sentence: &Range<usize>, trigger: &Range<usize>) -> bool {
    text[sentence.start..trigger.start]
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| ["حين", "فيما", "بينما"].contains(&w))
}

/// The word after a position.
fn next_word(text: &str, pos: usize) -> &str {
    text[pos..].split(|c: char| !is_word_char(c)).find(|w| !w.is_empty()).unwrap_or("")
}

/// The word before a position.
fn previous_word(text: &str, pos: usize) -> &str {
    let before = text[..pos].trim_end();
    let start = before.rfind(|c: char| !is_word_char(c)).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    &before[start..]
}

/// Assembles the drafts of one report. Also returns, for every trigger that became no event,
/// the rule that dropped it and the words that rule read.
pub fn assemble(m: &Mentions, ctx: &Context<'_>) -> (Vec<Draft>, Vec<(usize, Rule, Range<usize>)>) {
    let text = ctx.text;
    // The last decision about each trigger: why it was kept, or why it was dropped.
    let mut fate: Vec<(Rule, Range<usize>)> = m.triggers.iter().map(|t| (Rule::TraceUnattributed, t.range.clone())).collect();
    let headline = headline_end(text);
    let summary = closing_summary(text, headline);
    let mut time = match ctx.reference {
        Some(r) => TimeContext::Date(ResolvedDate { precision: Precision::Day, ..r }, None),
        None => TimeContext::Unknown,
    };
    let mut last_place: Option<usize> = None;
    let mut last_actors: Vec<usize> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut episode = 0usize;
    let mut episode_date: Option<chrono::NaiveDate> = None;
    // Figures told after the events they total: (episode, event type, figure, sentence).
    let mut joint: Vec<(usize, &'static str, Figure)> = Vec::new();

    for (si, sentence) in m.sentences.iter().enumerate() {
        // A closing line that restates the headline is read like it: the report's main event,
        // not a new one, and not at the time of the aside before it.
        let from_title = headline.is_some_and(|end| sentence.end <= end) || summary.as_ref().is_some_and(|r| within(sentence, r));
        // Time: the sentence's own expression, else what came before.
        let times: Vec<_> = m
            .times
            .iter()
            .filter(|t| within(&t.range, sentence))
            .filter(|t| ctx.dateline.as_ref().is_none_or(|d| !overlaps(d, &t.range)))
            .collect();
        let mut readings: Vec<(usize, Reading)> = Vec::new();
        for (i, t) in m.triggers.iter().enumerate().filter(|(_, t)| within(&t.range, sentence)) {
            let (r, rule, span) = reading(m, ctx, sentence, &t.range);
            fate[i] = (rule, span);
            if r != Reading::Cancelled {
                readings.push((i, r));
            }
        }
        // An earlier incident told in passing is news when the sentence's own time word dates
        // it within [`OLDER_THAN_DAYS`] before the report (D11); with no reference date, any date of its
        // own will do.
        let dated_recent_by = times.iter().find(|t| match (t.resolved, ctx.reference) {
            (Some(d), Some(r)) => !older_than_window(d.date, r.date),
            (Some(_), None) => true,
            _ => false,
        });
        let dated_recent = dated_recent_by.is_some();
        for (i, r) in &readings {
            if let (Reading::Retrospective, Some(t)) = (r, dated_recent_by) {
                fate[*i] = (Rule::HappenedRetrospectiveRecent, t.range.clone());
            }
        }
        let readings: Vec<(usize, Reading)> = readings
            .into_iter()
            .map(|(i, r)| (i, if r == Reading::Retrospective && dated_recent { Reading::Event } else { r }))
            .collect();
        let background = !readings.is_empty() && readings.iter().all(|(_, r)| matches!(r, Reading::Background | Reading::Retrospective));
        let supported = |i: usize| -> bool {
            let t = &m.triggers[i];
            if !t.weak {
                return true;
            }
            // A weak word ("سيطرة", "تقدم") reports an event only beside an armed actor and a
            // place or a casualty.
            let armed = m.actors.iter().any(|a| within(&a.range, sentence) && !matches!(&a.actor, ActorKey::Known(k) if ctx.actors.entries()[*k].inter == 7));
            let place = m.places.iter().any(|p| within(&p.range, sentence));
            let casualty = m.casualty_words.iter().any(|c| within(&c.range, sentence));
            armed && (place || casualty)
        };
        let mut live: Vec<usize> = readings
            .iter()
            .filter(|(i, r)| *r == Reading::Event && supported(*i))
            .map(|(i, _)| *i)
            .collect();
        for (i, r) in &readings {
            if *r == Reading::Event && !live.contains(i) {
                fate[*i] = (Rule::HappenedWeakUnsupported, m.triggers[*i].range.clone());
            }
        }
        // Territory that changed hands at no recoverable date is still a lasting fact: coded
        // once, at the report's month, over the area the sentence names.
        let territory_summary: Vec<usize> = readings
            .iter()
            .filter(|(i, _)| {
                let t = &m.triggers[*i];
                (t.sub_event_type == NON_STATE_OVERTAKES || t.sub_event_type == GOVERNMENT_REGAINS) && supported(*i)
            })
            .map(|(i, _)| *i)
            .collect();
        let times: Vec<_> = match live.first() {
            Some(&first) => {
                let t = &m.triggers[first].range;
                let clause = clause_of(text, sentence, t.start);
                times
                    .into_iter()
                    .filter(|x| {
                        // Same clause, a clause before the trigger, or an adverbial clause
                        // right after it ("حدثت اشتباكات، أمس الجمعة، في ...").
                        x.range.start < clause.end || {
                            let gap = &text[clause.end..x.range.start];
                            gap.chars().all(|c| !is_word_char(c))
                        }
                    })
                    .collect()
            }
            None => times,
        };
        let picked = pick_time(&times, live.first().map(|&i| &m.triggers[i].range));
        let own_time = picked.is_some_and(|t| t.resolved.is_some());
        let sentence_time = if let Some(t) = picked {
            match t.resolved {
                Some(d) => TimeContext::Date(d, Some(t.range.clone())),
                None if ctx.reference.is_none() && t.anchored => TimeContext::Unknown,
                None => TimeContext::Background,
            }
        } else if background {
            TimeContext::Background
        } else {
            time.clone()
        };
        // Background told with a date of its own ("كانت قد تعرضت لغارات بداية العام") does not
        // move the report's time.
        let sentence_time = if background { TimeContext::Background } else { sentence_time };
        // A day after the report's own ("يوم الخميس المقبل") is to come: nothing that happens
        // then has been reported. A question ("ما أهم معارككم؟") reports nothing either.
        // Only the words say so: a report's date may itself be inferred, and a chronology's
        // entries all fall after the first one.
        let future = match (&sentence_time, ctx.reference) {
            (TimeContext::Date(d, Some(expr)), Some(r)) => {
                d.date > r.date && text[expr.clone()].split(|c: char| !is_word_char(c)).any(|w| NEXT.contains(&w))
            }
            _ => false,
        };
        let question = text[sentence.clone()].trim_end().ends_with(['؟', '?']);
        if future || question {
            let why = if future { Rule::DateFutureDay } else { Rule::HappenedQuestion };
            let span = match &sentence_time {
                TimeContext::Date(_, Some(expr)) if future => expr.clone(),
                _ => sentence.clone(),
            };
            for (i, _) in &readings {
                fate[*i] = (why, span.clone());
            }
            continue;
        }
        // An incident its own words date more than a week before the report ("هجوم عام
        // 2018", "وفي 13 تشرين الثاني 2015 استعادت ...") is background (D11): not coded. A
        // narrative that moves back in time goes on at that time; an aside does not (D10).
        let old = match (&sentence_time, ctx.reference) {
            (TimeContext::Date(d, Some(_)), Some(r)) => older_than_window(d.date, r.date),
            _ => false,
        };
        if old {
            if let TimeContext::Date(_, Some(expr)) = &sentence_time {
                for (i, _) in &readings {
                    fate[*i] = (Rule::DateOld, expr.clone());
                }
            }
            if !from_title && !readings.iter().any(|(_, r)| *r == Reading::Retrospective) {
                time = sentence_time;
            }
            continue;
        }
        if crate::debug_enabled() {
            eprintln!("sentence {si} time={sentence_time:?} live={} «{}»", live.len(), &text[sentence.clone()].chars().take(60).collect::<String>());
            for (i, r) in &readings {
                eprintln!("  trigger «{}» {} {r:?} live={}", &text[m.triggers[*i].range.clone()], m.triggers[*i].sub_event_type, live.contains(i));
            }
        }
        // The headline speaks of the report's main event; it does not move the time on.
        if !from_title {
            time = sentence_time.clone();
        }
        let this_date = match &sentence_time {
            TimeContext::Date(d, _) => Some(d.date),
            _ => None,
        };
        if this_date != episode_date || matches!(sentence_time, TimeContext::Background) {
            episode += 1;
            episode_date = this_date;
        }
        // A sentence that only gives a toll ("وأدت تلك العمليات إلى مقتل عدد من العناصر") totals
        // the events told just before it.
        let only_anaphoric = live.iter().all(|&i| is_definite(text, &m.triggers[i].range))
            && !m.places.iter().any(|p| within(&p.range, sentence));
        if !from_title && only_anaphoric && !matches!(sentence_time, TimeContext::Background) {
            if let Some(last) = drafts.last() {
                let figures = casualties::figures(text, sentence.clone(), &m.casualty_words, &m.quantities);
                if !figures.is_empty() && last.episode == episode {
                    for &i in &live {
                        fate[i] = (Rule::TollJoint, figures[0].range.clone());
                    }
                    let ty = last.event_type;
                    joint.extend(figures.into_iter().map(|f| (episode, ty, f)));
                    continue;
                }
            }
        }
        // "تحليق مكثف للطيران ... تزامناً مع الاشتباكات": a sentence about activity that is not
        // coded, which only refers back to the event, adds nothing to it.
        let not_coded = m.modifiers.iter().any(|md| md.effect == Effect::NotCoded && within(&md.range, sentence));
        let refers_back_only = !live.is_empty() && live.iter().all(|&i| is_definite(text, &m.triggers[i].range));
        if not_coded && refers_back_only && !m.places.iter().any(|p| within(&p.range, sentence) && !p.is_region()) {
            if let Some(md) = m.modifiers.iter().find(|md| md.effect == Effect::NotCoded && within(&md.range, sentence)) {
                for &i in &live {
                    fate[i] = (Rule::HappenedNotCodedAside, md.range.clone());
                }
            }
            continue;
        }
        let summary = matches!(sentence_time, TimeContext::Background) && !territory_summary.is_empty();
        if summary {
            for &i in live.iter().filter(|i| !territory_summary.contains(i)) {
                fate[i] = (Rule::DateBackground, m.triggers[i].range.clone());
            }
            live = territory_summary;
        }
        if live.is_empty() || matches!(sentence_time, TimeContext::Background) && !summary {
            for &i in &live {
                fate[i] = (Rule::DateBackground, m.triggers[i].range.clone());
            }
            continue;
        }
        // How the sentence's date was found, for the trace.
        let date_rule: Option<(Rule, Range<usize>)> = match &sentence_time {
            _ if summary => Some((Rule::DateTerritorySummary, sentence.clone())),
            TimeContext::Date(_, Some(r)) => Some((if own_time { Rule::DateOwn } else { Rule::DateCarried }, r.clone())),
            TimeContext::Date(_, None) => Some((Rule::DateReport, ctx.dateline.clone().unwrap_or(0..0))),
            _ => None,
        };
        let (date, date_evidence) = match &sentence_time {
            TimeContext::Date(d, r) => (Some(*d), r.clone()),
            _ if summary => (ctx.reference.map(|r| ResolvedDate { precision: Precision::Month, ..r }), None),
            _ => (None, None),
        };

        // Actors of the sentence (those that are not inside a place name and vice versa).
        // Sides left out by a rule, for the trace.
        let mut not_sides: Vec<Fired> = Vec::new();
        let mut speakers: Vec<Fired> = Vec::new();
        let sentence_actors: Vec<usize> = m
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| within(&a.range, sentence) && !a.unsupported)
            // "قصفت مدينة تحت سيطرة فصائل المعارضة", "المناطق التي تسيطر عليها قسد": who
            // holds the place is named to locate it, not as a side of what happened there.
            .filter(|(_, a)| {
                let prev = previous_word(text, a.range.start);
                let before_prev = || {
                    let start = text[..a.range.start].trim_end().len() - prev.len();
                    previous_word(text, start)
                };
                // "سيطرة قوات النظام على البوكمال" is the takeover itself; "تحت سيطرة" a state.
                let holder = matches!(prev, "لسيطره" | "نفوذ" | "لنفوذ")
                    || prev == "سيطره" && matches!(before_prev(), "تحت" | "وتحت")
                    || matches!(prev, "عليها" | "عليه") && {
                        let start = text[..a.range.start].trim_end().len() - prev.len();
                        let verb = previous_word(text, start);
                        ["تسيطر", "يسيطر", "سيطرت", "تسيطران"].contains(&verb)
                    };
                if holder {
                    not_sides.push(Fired::new("sides", Rule::SidesHolder, a.range.clone()));
                }
                !holder
            })
            // "قال قائد شرطة حمص إن ...": who speaks about an event is not a side of it.
            .filter(|(_, a)| {
                // A headline's source: "قائد شرطة حمص بسوريا : مقتل 7".
                let attributed = text[a.range.end..sentence.end]
                    .split(|c: char| !is_word_char(c) && c != ':')
                    .filter(|w| !w.is_empty())
                    .take(3)
                    .any(|w| w == ":");
                if attributed {
                    speakers.push(Fired::new("sides", Rule::SidesSpeaker, a.range.clone()));
                    return false;
                }
                let speaker = m.speakers.iter().any(|r| r.end <= a.range.start && within_words(text, r.end, a.range.start, 1));
                let says_that = text[a.range.end..sentence.end]
                    .split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty())
                    .take(6)
                    .any(|w| w == "ان" || w == "بان");
                if speaker && says_that {
                    speakers.push(Fired::new("sides", Rule::SidesSpeaker, a.range.clone()));
                }
                !(speaker && says_that)
            })
            .map(|(i, _)| i)
            .collect();
        not_sides.append(&mut speakers);
        // "بين الطرفين", "ما دفع الأخيرة للرد": the sides a collective word stands for are
        // sides of this sentence's event too.
        let mut sentence_actors = sentence_actors;
        for (_, members) in m.collective.iter().filter(|(r, _)| within(r, sentence)) {
            for &a in members {
                if !sentence_actors.contains(&a) && !m.actors[a].unsupported {
                    sentence_actors.push(a);
                }
            }
        }
        // Any actor's name, side of the event or not ("الإدارة الذاتية في منبج" as a holder),
        // is not a place.
        let actor_ranges: Vec<Range<usize>> = m.actors.iter().map(|a| a.range.clone()).filter(|r| within(r, sentence)).collect();
        let places: Vec<usize> = m
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| within(&p.range, sentence) && !actor_ranges.iter().any(|a| overlaps(a, &p.range)))
            .map(|(i, _)| i)
            .collect();
        // "بلدة بقرص التابعة لمدينة الميادين": the town the event is in names its parent city
        // only to locate it. A place joined by "و" to a descriptive one ("باتجاه بلدة العبارة
        // وقريتي تل شعير") describes too.
        let all_places = places.clone();
        let described = marked_with_list(m, text, &all_places, |r| descriptive(text, r));
        let places: Vec<usize> = places.iter().copied().filter(|&p| !gives_way(m, p, &places, &described, 0) && !described.contains(&p)).collect();
        // Near a place ("قرب بلدة الصنمين"): coded there unless a place of the event itself is named.
        let nearby: Vec<usize> = places.iter().copied().filter(|&p| near(text, &m.places[p].range)).collect();
        let places = unless_alone(places, &nearby, |p| !m.places[p].is_region());
        // "استهدف أهالي كفريا والفوعة العالقين في منطقة الراشدين": where people come from is
        // not where the event was, when the sentence names that too. But residents protest
        // where they live: "وقفة احتجاجية لأهالي بلدتي الفوعة وكفريا".
        let origins = marked_with_list(m, text, &places, |r| {
            matches!(previous_word(text, r.start).trim_start_matches(['و', 'ل', 'ب']), "اهالي" | "ابناء" | "نازحي" | "مهجري")
        });
        let protest = live.iter().any(|&i| m.triggers[i].event_type == PROTESTS);
        let places = if protest { places } else { unless_alone(places, &origins, |_| true) };
        // Places a rule set aside or marked, for the trace of this sentence's events.
        let mut place_rules: Vec<Fired> = Vec::new();
        for &p in &all_places {
            let r = m.places[p].range.clone();
            if described.contains(&p) {
                place_rules.push(Fired::new("location", Rule::PlaceDescriptive, r));
            } else if gives_way(m, p, &all_places, &described, 0) {
                place_rules.push(Fired::new("location", Rule::PlaceReferenceCity, r));
            } else if nearby.contains(&p) {
                place_rules.push(Fired::new("location", Rule::PlaceNear, r));
            } else if origins.contains(&p) && !protest && !places.contains(&p) {
                place_rules.push(Fired::new("location", Rule::PlaceOrigin, r));
            }
        }
        // A contrast ("فيما استهدفت المسيرة الثانية ...") cuts the sentence into accounts of
        // their own: a trigger weighs only the places of its own stretch, if it has any.
        let contrasts: Vec<usize> = {
            let mut at = Vec::new();
            let mut pos = sentence.start;
            for w in text[sentence.clone()].split(|c: char| !is_word_char(c)) {
                if matches!(w, "فيما" | "بينما" | "وبينما" | "حين") && pos > sentence.start {
                    at.push(if w == "حين" { text[..pos].trim_end().strip_suffix("في").map_or(pos, |x| x.len()) } else { pos });
                }
                pos += w.len();
                pos += text[pos..].chars().next().map_or(0, char::len_utf8);
            }
            at
        };
        let stretch_of = |t: &Range<usize>| -> Range<usize> {
            let start = contrasts.iter().copied().filter(|&c| c <= t.start).max().unwrap_or(sentence.start);
            let end = contrasts.iter().copied().filter(|&c| c > t.start).min().unwrap_or(sentence.end);
            start..end
        };
        let places_of = |t: &Range<usize>| -> Vec<usize> {
            let stretch = stretch_of(t);
            let own: Vec<usize> = places.iter().copied().filter(|&p| within(&m.places[p].range, &stretch)).collect();
            if own.is_empty() { places.clone() } else { own }
        };

        // Each trigger picks a place; triggers with the same place (or list) form one group.
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        // The rules that formed each group, for the trace.
        let mut group_rules: Vec<Vec<Fired>> = Vec::new();
        let joined = |groups: &[(Option<usize>, Vec<usize>)], rules: &mut [Vec<Fired>], ti: usize| {
            if let Some(g) = groups.iter().position(|(_, ts)| ts.contains(&ti)) {
                rules[g].push(Fired::new("event", Rule::MergeSameSentence, m.triggers[ti].range.clone()));
            }
        };
        // Groups located by a "witness" verb, and the place they point back to.
        let mut witnessed: Vec<(usize, usize)> = Vec::new();
        for &ti in &live {
            let t = &m.triggers[ti].range;
            // "وأدت الاشتباكات إلى ...": a definite noun after the event is told refers back to
            // it and takes no place of its own.
            // "قرى ... التي تشهد مواجهات": the places before "witness" the event.
            let witness = ctx.text[sentence.start..t.start]
                .rsplit(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .take(2)
                .any(|w| ["تشهد", "شهدت", "يشهد", "شهد", "تشهده", "تشهدها", "شهدتها"].contains(&w));
            if witness {
                if let Some(&p) = all_places.iter().rev().find(|&&p| m.places[p].range.end <= t.start && !m.places[p].is_region()) {
                    groups.push((Some(p), vec![ti]));
                    group_rules.push(vec![Fired::new("location", Rule::PlaceWitness, m.places[p].range.start..t.end)]);
                    witnessed.push((groups.len() - 1, p));
                    continue;
                }
            }
            // Likewise a later trigger with no place after it continues the event before it.
            let undergoer = undergoing_place(text, sentence, t, &places, m);
            let place_after = places.iter().any(|&p| m.places[p].range.start >= t.end) || undergoer.is_some();
            // "في حين تستمر المواجهات ... على تل جموع": a contrast opens another event, told at
            // its own place.
            let contrast = after_contrast(text, sentence, t);
            // "في عملية مداهمة": the same kind of event named again in the sentence, unless a
            // contrast opened another account with a place of its own.
            let sub = m.triggers[ti].sub_event_type;
            let alone = classify(m, ctx, &[ti], sentence, &sentence_actors);
            let own_account = contrast && place_after;
            // "خمسة صواريخ استهدفت القاعدة ...، كما استهدفت طائرة مسيرة القرية داخل القاعدة": two
            // strikes at one place, each told with its own means in its own clause, are two
            // events (D6).
            let means_here = |ts: &[usize]| {
                let ts: Vec<_> = ts.iter().map(|&i| &m.triggers[i]).collect();
                let (told, _, near) = means_told(m, ctx, &ts, sentence);
                near && told.iter().any(|i| *i != Instrument::Firearm)
            };
            let own_strike = alone.0 == REMOTE && means_here(&[ti]);
            let own_clause = clause_of(text, sentence, t.start);
            let other_strike = |ts: &[usize]| {
                let (ty, sub) = classify(m, ctx, ts, sentence, &sentence_actors);
                own_strike
                    && ty == REMOTE
                    && sub != alone.1
                    && means_here(ts)
                    && !ts.iter().any(|&x| clause_of(text, sentence, m.triggers[x].range.start) == own_clause)
            };
            if (is_definite(text, t) && !(contrast && place_after)) || !place_after {
                if let Some(last) = groups.last_mut().filter(|(_, ts)| !other_strike(ts)) {
                    last.1.push(ti);
                    joined(&groups, &mut group_rules, ti);
                    continue;
                }
            }
            if let Some(g) = groups.iter_mut().find(|(_, ts)| {
                !own_account
                    && !other_strike(ts)
                    && (ts.iter().any(|&x| m.triggers[x].sub_event_type == sub) || classify(m, ctx, ts, sentence, &sentence_actors) == alone)
            }) {
                g.1.push(ti);
                joined(&groups, &mut group_rules, ti);
                continue;
            }
            let candidates = places_of(t);
            let any_precise = candidates.iter().any(|&p| !m.places[p].is_region());
            let chosen = candidates
                .iter()
                .copied()
                .filter(|&p| !(any_precise && m.places[p].is_region()))
                .min_by_key(|&p| place_distance(text, t, &m.places[p].range));
            // Outside Syria when a foreign place stands nearer the words than any Syrian one.
            let foreign = m
                .foreign_places
                .iter()
                .filter(|f| within(f, sentence) && !descriptive(text, f))
                .map(|f| place_distance(text, t, f))
                .min();
            if let Some(fd) = foreign {
                if chosen.is_none_or(|p| fd < place_distance(text, t, &m.places[p].range)) {
                    if let Some(f) = m.foreign_places.iter().find(|f| within(f, sentence) && !descriptive(text, f) && place_distance(text, t, f) == fd) {
                        fate[ti] = (Rule::ScopeForeignPlace, f.clone());
                    }
                    continue;
                }
            }
            let key = chosen.map(|p| m.places[p].list);
            match groups.iter_mut().find(|(k, ts)| k.map(|p| m.places[p].list) == key && !other_strike(ts)) {
                Some((_, ts)) => {
                    ts.push(ti);
                    joined(&groups, &mut group_rules, ti);
                }
                None => {
                    let mut why = Vec::new();
                    if let Some(p) = chosen {
                        let rule = if m.places[p].is_region() { Rule::PlaceRegionOnly } else { Rule::PlaceNearest };
                        why.push(Fired::new("location", rule, m.places[p].range.clone()));
                    }
                    if own_account {
                        why.push(Fired::new("event", Rule::SplitContrast, t.clone()));
                    }
                    if let Some(verb) = undergoer.clone() {
                        why.push(Fired::new("location", Rule::PlaceUndergoer, verb.start..t.end));
                    }
                    if own_strike && groups.iter().any(|(k, ts)| k.map(|p| m.places[p].list) == key && other_strike(ts)) {
                        why.push(Fired::new("event", Rule::SplitOtherMeans, t.clone()));
                    }
                    groups.push((chosen, vec![ti]));
                    group_rules.push(why);
                }
            }
        }
        // Every precise place the event's words reach, up to the next event's words, is a
        // place of the event ("هجوم على مقار في بلدة ذيبان ...، وأيضاً مقر في بلدة البصيرة").
        let group_starts: Vec<usize> = groups
            .iter()
            .map(|(_, ts)| ts.iter().map(|&i| m.triggers[i].range.start).min().unwrap_or(sentence.end))
            .collect();
        let claimed: Vec<usize> = groups.iter().filter_map(|(p, _)| p.map(|p| m.places[p].list)).collect();
        let mut extra: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for &(gi, p) in &witnessed {
            // Walk back through "و"-joined places: "بلدة العبارة وقريتي تل شعير وبير قورات".
            let mut k = all_places.iter().position(|&x| x == p).unwrap_or(0);
            while k > 0 {
                let (cur, prev) = (&m.places[all_places[k]].range, &m.places[all_places[k - 1]].range);
                let joined = text[cur.clone()].starts_with('و') && prev.end <= cur.start && text[prev.end..cur.start].chars().all(|c| !is_word_char(c));
                if !joined {
                    break;
                }
                extra[gi].push(all_places[k - 1]);
                k -= 1;
            }
        }
        for (gi, (chosen, _)) in groups.iter().enumerate() {
            let Some(p) = chosen else { continue };
            if witnessed.iter().any(|&(g, _)| g == gi) {
                continue;
            }
            let from = m.places[*p].range.end;
            // A parallel action ("بالتوازي مع وصول تعزيزات") ends the event's reach.
            let parallel = ["بالتوازي", "بالتزامن", "تزامنا", "وتزامنا", "بينما", "فيما", "حيث"]
                .iter()
                .filter_map(|w| text[from..sentence.end].find(&format!(" {w} ")).map(|i| from + i))
                .min()
                .unwrap_or(sentence.end);
            let until = group_starts.iter().copied().filter(|&s| s > from).min().unwrap_or(sentence.end).min(parallel);
            let mut prev_end = from;
            for &q in &places {
                let pq = &m.places[q];
                if pq.range.start < from {
                    continue;
                }
                // Only places joined to the event's place by an explicit "and also".
                let between = if pq.range.start >= prev_end { &text[prev_end..pq.range.start] } else { "" };
                // "... في ريف دير الزور وقاعدة الشدادي": "و" right after the place before it.
                let previous_place_end = m
                    .places
                    .iter()
                    .map(|x| x.range.end)
                    .filter(|&e| e <= pq.range.start && e >= sentence.start)
                    .max()
                    .unwrap_or(from)
                    .min(pq.range.start);
                let joined_by_and = text[pq.range.clone()].starts_with('و')
                    && text[previous_place_end..pq.range.start].chars().all(|c| !is_word_char(c));
                let coordinated = joined_by_and
                    || ["وايضا", "ايضا", "اضافه الي", "بالاضافه", "كما", "وكذلك", "فضلا عن"].iter().any(|w| between.contains(w));
                if pq.range.start >= from
                    && coordinated
                    && pq.range.end <= until
                    && !pq.is_region()
                    && !claimed.contains(&pq.list)
                    && !descriptive(text, &pq.range)
                    && !extra[gi].iter().any(|&x| m.places[x].list == pq.list)
                {
                    extra[gi].push(q);
                    prev_end = pq.range.end;
                }
            }
        }

        // Casualty figures go to the nearest group before them.
        let figures = casualties::figures(text, sentence.clone(), &m.casualty_words, &m.quantities);
        let anchors: Vec<usize> = groups
            .iter()
            .map(|(p, ts)| {
                let t = ts.iter().map(|&i| m.triggers[i].range.start).min().unwrap_or(sentence.start);
                p.map_or(t, |p| t.min(m.places[p].range.start))
            })
            .collect();
        let mut group_figures: Vec<Vec<Figure>> = vec![Vec::new(); groups.len()];
        for f in figures {
            let gi = anchors
                .iter()
                .enumerate()
                .filter(|(_, &a)| a <= f.range.start)
                .max_by_key(|(_, &a)| a)
                .map_or(0, |(i, _)| i);
            if let Some(list) = group_figures.get_mut(gi) {
                list.push(f);
            }
        }

        let several_groups = groups.len() > 1;
        for ((((place, triggers), figs), extra), why) in groups.into_iter().zip(group_figures).zip(extra).zip(group_rules) {
            let mut trace: Vec<Fired> = triggers.iter().take(1).map(|&i| Fired::new("event", fate[i].0, fate[i].1.clone())).collect();
            trace.extend(why);
            // The sides of one event stand in the clauses that tell it: its triggers, its place
            // and its casualty figures. With one event in the sentence, the whole sentence.
            let mut spans: Vec<Range<usize>> = triggers.iter().map(|&i| clause_of(text, sentence, m.triggers[i].range.start)).collect();
            if let Some(p) = place {
                spans.push(clause_of(text, sentence, m.places[p].range.start));
            }
            spans.extend(figs.iter().map(|f| clause_of(text, sentence, f.range.start)));
            // One clause of slack after the last: scraped text splits a phrase at " , ".
            let window = match (spans.iter().map(|r| r.start).min(), spans.iter().map(|r| r.end).max()) {
                (Some(a), Some(b)) if several_groups => {
                    let next = text[b..sentence.end].chars().next().map_or(b, |c| clause_of(text, sentence, b + c.len_utf8()).end);
                    a..next
                }
                _ => sentence.clone(),
            };
            let mut local: Vec<usize> = sentence_actors.iter().copied().filter(|&a| within(&m.actors[a].range, &window)).collect();
            for (r, members) in m.collective.iter().filter(|(r, _)| within(r, &window)) {
                for &a in members {
                    if !local.contains(&a) && !m.actors[a].unsupported {
                        local.push(a);
                        trace.push(Fired::new("sides", Rule::SidesCollective, r.clone()));
                    }
                }
            }
            // An account opened by a contrast ("، في حين سقطت قذيفة على حي الزهراء") that names
            // no side has none: the sides of the account before it are not its sides.
            let contrast_account = several_groups
                && triggers.iter().all(|&i| stretch_of(&m.triggers[i].range).start > sentence.start);
            let actors_here = if !local.is_empty() {
                local
            } else if contrast_account {
                trace.push(Fired::new("sides", Rule::SidesContrastAccount, stretch_of(&m.triggers[triggers[0]].range)));
                Vec::new()
            } else if !sentence_actors.is_empty() {
                sentence_actors.clone()
            } else {
                if let Some(&a) = last_actors.first() {
                    trace.push(Fired::new("sides", Rule::SidesCarried, m.actors[a].range.clone()));
                }
                last_actors.clone()
            };
            trace.extend(not_sides.iter().cloned());
            let (event_type, sub_event_type, type_rule) = classify_why(m, ctx, &triggers, sentence, &actors_here);
            let type_span = m.triggers[triggers[0]].range.clone();
            trace.push(Fired::new("event_type", type_rule, type_span.clone()));
            trace.push(Fired::new("sub_event_type", type_rule, type_span));
            if let Some((rule, span)) = &date_rule {
                trace.push(Fired::new("date", *rule, span.clone()));
            }
            // A date the page shows as its clock was set aside: the date is not from it.
            if let Some(clock) = ctx.clocks.first() {
                if !matches!(&date_rule, Some((Rule::DateOwn | Rule::DateCarried, _))) {
                    trace.push(Fired::new("date", Rule::DatePageClock, clock.clone()));
                }
            }
            if place.is_some() {
                trace.extend(place_rules.iter().cloned());
            } else if let Some(p) = last_place {
                trace.push(Fired::new("location", Rule::PlaceInherited, m.places[p].range.clone()));
            }
            if let Some(&x) = extra.first() {
                trace.push(Fired::new("location", Rule::PlaceCoordinated, m.places[x].range.clone()));
            }
            let means = {
                let ts: Vec<_> = triggers.iter().map(|&i| &m.triggers[i]).collect();
                match means_told(m, ctx, &ts, sentence) {
                    (_, Some(_), _) => 2,
                    (told, None, _) if told.iter().any(|i| *i != Instrument::Firearm) => 1,
                    _ => 0,
                }
            };
            let confidence = triggers.iter().map(|&i| m.triggers[i].confidence).fold(0.0_f32, f32::max);
            let members: Vec<usize> = match place {
                Some(p) => all_places
                    .iter()
                    .copied()
                    .filter(|&q| m.places[q].list == m.places[p].list && (m.places[q].is_region() == m.places[p].is_region()))
                    .chain(extra.iter().flat_map(|&x| all_places.iter().copied().filter(move |&q| m.places[q].list == m.places[x].list)))
                    .fold(Vec::new(), |mut acc: Vec<usize>, q| {
                        if !acc.iter().any(|&a| m.places[a].key == m.places[q].key) {
                            acc.push(q);
                        }
                        acc
                    }),
                None => Vec::new(),
            };
            // Whether the event is one told before is read from the words that name it: a
            // curfew or a siege told beside "لعملية الاعتقال" does not make the arrest new.
            let naming: Vec<usize> = {
                let specific: Vec<usize> = triggers.iter().copied().filter(|&i| m.triggers[i].sub_event_type != OTHER).collect();
                if specific.is_empty() { triggers.clone() } else { specific }
            };
            let anaphoric = naming.iter().all(|&i| is_definite(text, &m.triggers[i].range))
                && !(place.is_some() && triggers.iter().any(|&i| after_contrast(text, sentence, &m.triggers[i].range)));
            let figures: Vec<(usize, Figure)> = figs.into_iter().map(|f| (si, f)).collect();
            let account = (si, triggers.first().map_or(sentence.start, |&i| stretch_of(&m.triggers[i].range).start));
            let base = Draft {
                account,
                means,
                event_type,
                sub_event_type,
                triggers,
                place: place.or(last_place),
                place_inherited: place.is_none() && last_place.is_some(),
                date,
                date_evidence: date_evidence.clone(),
                actors: actors_here.clone(),
                sentences: vec![si],
                figures,
                share: None,
                share_sentence: si,
                from_title,
                anaphoric,
                area: None,
                episode,
                shared: Vec::new(),
                confidence,
                trace,
            };
            if summary && members.len() > 1 {
                // One event over the listed area, not one per place at an invented date.
                let mut d = Draft { area: Some(members.clone()), ..base };
                d.trace.push(Fired::new("location", Rule::PlaceArea, m.places[members[0]].range.start..m.places[members[members.len() - 1]].range.end));
                drafts.push(d);
            } else if members.len() > 1 {
                let n = members.len();
                for (i, &p) in members.iter().enumerate() {
                    let mut d = Draft { place: Some(p), share: Some((i, n)), ..base.clone() };
                    if m.places[p].region_list {
                        d.trace.push(Fired::new("location", Rule::PlaceRegionList, m.places[p].range.clone()));
                    }
                    d.trace.push(Fired::new("location", Rule::SplitListMember, m.places[p].range.clone()));
                    drafts.push(d);
                }
            } else {
                drafts.push(base);
            }
            if let Some(p) = place {
                if !from_title {
                    last_place = Some(p);
                }
            }
        }
        if !sentence_actors.is_empty() && !from_title {
            last_actors = sentence_actors;
        }
    }
    let drafts = drop_placeless_summaries(m, merge(m, drafts, &mut fate), &mut fate);
    let mut drafts = drop_restated_headline(drafts, &mut fate);
    // Crime with no organised armed actor (a known group or the state) is not coded.
    drafts.retain(|d| {
        let crime = d.sentences.iter().any(|&si| {
            m.modifiers.iter().any(|md| md.effect == Effect::Criminal && within(&md.range, &m.sentences[si]))
        });
        let keep = !crime
            || d.actors.iter().any(|&a| match &m.actors[a].actor {
                ActorKey::Known(k) => {
                    let e = &ctx.actors.entries()[*k];
                    e.inter <= 4 && e.kind != ActorKind::Unidentified
                }
                ActorKey::Unknown(_) => false,
            });
        if !keep {
            let cue = m.modifiers.iter().find(|md| md.effect == Effect::Criminal && d.in_sentences(m, &md.range)).map(|md| md.range.clone());
            settle(&mut fate, d, Rule::ScopeCrime, cue);
        }
        keep
    });
    // Ground taken and lost again the same day is a clash, not a transfer (the coding rules).
    let territorial = |d: &Draft| d.sub_event_type == NON_STATE_OVERTAKES || d.sub_event_type == GOVERNMENT_REGAINS;
    let mut i = 0;
    while i < drafts.len() {
        let back = (i + 1..drafts.len()).find(|&j| {
            territorial(&drafts[i])
                && territorial(&drafts[j])
                && drafts[i].date.map(|x| x.date) == drafts[j].date.map(|x| x.date)
                && drafts[i].date.is_some()
                && same_place(m, &drafts[i], &drafts[j])
                && drafts[i].place.is_some()
                && drafts[i].actors.first().map(|&a| &m.actors[a].actor) != drafts[j].actors.first().map(|&a| &m.actors[a].actor)
        });
        if let Some(j) = back {
            let other = drafts.remove(j);
            let d = &mut drafts[i];
            d.event_type = BATTLES;
            d.sub_event_type = ARMED_CLASH;
            let span = m.triggers[other.triggers[0]].range.clone();
            d.trace.push(Fired::new("event_type", Rule::TypeTakenAndLost, span.clone()));
            d.trace.push(Fired::new("sub_event_type", Rule::TypeTakenAndLost, span));
            d.trace.extend(other.trace.into_iter().filter(|f| matches!(f.field, "event" | "sides" | "fatalities" | "injured" | "arrested")));
            for a in other.actors {
                if !d.actors.contains(&a) {
                    d.actors.push(a);
                }
            }
            d.triggers.extend(other.triggers);
            d.figures.extend(other.figures);
            d.sentences.extend(other.sentences);
        }
        i += 1;
    }
    // With no place named, an event is in Syria only if the report is. In a report about
    // elsewhere, a place that shares its name with a Syrian village is not enough: the sentence
    // must say Syria, or name the governorate of the place.
    let about_syria = m.syria_weight > 0 && m.syria_weight >= m.elsewhere_weight && !m.about_elsewhere;
    drafts.retain(|d| {
        // A place the gazetteer lacks, with no known place in the event's sentences to locate
        // it, in a report that also speaks of other countries ("بلدة قباطية", "حاجز حوارة"):
        // nothing says it is in Syria.
        if let Some(p) = d.place {
            let unknown = m.places[p].resolved.place.is_none();
            let located = m.places.iter().any(|q| q.resolved.place.is_some() && d.in_sentences(m, &q.range));
            if unknown && !located && m.elsewhere_weight > 0 {
                settle(&mut fate, d, Rule::ScopeUnlocatedAbroad, Some(m.places[p].range.clone()));
                return false;
            }
        }
        if about_syria {
            // With no place of its own, an event is in Syria only when the report says so (a
            // Syria word, a region, "ريف إدلب", or a well-known town), not because a village
            // shares a word with the text ("ورقة", "فرقة" in a report about Washington or Tehran).
            let says_syria = !m.syria_words.is_empty()
                || m.names_known_place
                || m.places.iter().any(|q| q.is_region() && q.resolved.place.is_some());
            if d.place.is_some() || says_syria {
                return true;
            }
            settle(&mut fate, d, Rule::ScopeNotSyria, None);
            return false;
        }
        let Some(p) = d.place else {
            settle(&mut fate, d, Rule::ScopeNotSyria, None);
            return false;
        };
        let place = &m.places[p];
        if place.resolved.place.is_none() {
            settle(&mut fate, d, Rule::ScopeNotSyria, Some(place.range.clone()));
            return false;
        }
        let in_syria = d.sentences.iter().any(|&si| {
            let s = &m.sentences[si];
            m.syria_words.iter().any(|w| within(w, s))
                || m.places.iter().any(|q| within(&q.range, s) && q.is_region() && q.resolved.admin1 == place.resolved.admin1)
        });
        if !in_syria {
            settle(&mut fate, d, Rule::ScopeNotSyria, Some(place.range.clone()));
        }
        in_syria
    });
    for (ep, ty, figure) in joint {
        let targets: Vec<usize> = (0..drafts.len()).filter(|&i| drafts[i].episode == ep && drafts[i].event_type == ty).collect();
        let n = targets.len();
        for (pos, &i) in targets.iter().enumerate() {
            drafts[i].shared.push((figure.clone(), pos, n));
            drafts[i].trace.push(Fired::new(toll_field(figure.class), Rule::TollJoint, figure.range.clone()));
        }
    }
    // Every trigger that is in no event was dropped, by the last rule that decided about it.
    let mut kept = vec![false; m.triggers.len()];
    for d in &drafts {
        for &t in &d.triggers {
            kept[t] = true;
        }
    }
    let dropped = fate.into_iter().enumerate().filter(|(i, _)| !kept[*i]).map(|(i, (rule, span))| (i, rule, span)).collect();
    (drafts, dropped)
}

/// Records that a draft was dropped by `rule` (reading `span`, else its first trigger): its
/// triggers' last decision.
fn settle(fate: &mut [(Rule, Range<usize>)], d: &Draft, rule: Rule, span: Option<Range<usize>>) {
    for &t in &d.triggers {
        let span = span.clone().unwrap_or_else(|| fate[t].1.clone());
        fate[t] = (rule, span);
    }
}

/// The output field a casualty class fills.
pub fn toll_field(class: CasualtyClass) -> &'static str {
    match class {
        CasualtyClass::Killed => "fatalities",
        CasualtyClass::Injured => "injured",
        CasualtyClass::Arrested => "arrested",
    }
}

/// The time expression nearest to the trigger (before it preferred to after it), or the first.
fn pick_time<'t>(
    times: &[&'t crate::mentions::TimeMention],
    trigger: Option<&Range<usize>>,
) -> Option<&'t crate::mentions::TimeMention> {
    let resolved_first = times.iter().copied().find(|x| x.resolved.is_some()).or(times.first().copied());
    let Some(t) = trigger else { return resolved_first };
    let resolved: Vec<_> = times.iter().copied().filter(|x| x.resolved.is_some()).collect();
    let pool = if resolved.is_empty() { times.to_vec() } else { resolved };
    pool.into_iter().min_by_key(|x| {
        if x.range.end <= t.start {
            t.start - x.range.end
        } else {
            x.range.start.saturating_sub(t.end)
        }
    })
}

/// How far a place stands from a trigger, in bytes; places after the trigger are preferred,
/// and a place that names where someone came from ("المنحدرين من مدينة العشارة") is penalised.
fn place_distance(text: &str, trigger: &Range<usize>, place: &Range<usize>) -> usize {
    let d = if place.start >= trigger.end {
        place.start - trigger.end
    } else {
        (trigger.start.saturating_sub(place.end)) * 2 + 40
    };
    d + if descriptive(text, place) { 300 } else { 0 }
}

/// Whether a place describes something other than where the event happened: where someone
/// came from ("المنحدرين من مدينة العشارة"), where they are stationed ("المتمركزة في قرية"),
/// what lies between ("بين مدينتي الميادين والبوكمال"), or a relative clause ("معبر العشارة الذي
/// يربطها بقرية درنج الواقعة بمناطق سيطرة قسد").
fn descriptive(text: &str, place: &Range<usize>) -> bool {
    let before = text[..place.start].trim_end();
    // A byline or bureau: "مكتب أخبار سوريا - حلب", "زوزان شيخو - الحسكة - دلشاد محمد".
    if before.ends_with('-') || text[place.end..].trim_start().starts_with('-') {
        return true;
    }
    let mut words_back = before.rsplit(|c: char| !is_word_char(c)).filter(|w| !w.is_empty());
    let last = words_back.next().unwrap_or("");
    // "إضافةً إلى بلدتي الجنينة": in addition to, not a destination.
    let second = words_back.next();
    if last == "الي" && second.is_some_and(|w| w == "اضافه" || w == "بالاضافه") {
        return false;
    }
    // "لقصف من داخل الأراضي العراقية": where the fire came from.
    if matches!(last, "داخل" | "خارج") && second == Some("من") {
        return true;
    }
    // Origins, destinations, and places that only give a direction from another.
    if [
        "من", "منذ", "بين", "الي", "نحو", "باتجاه", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
    ]
    .contains(&last)
    {
        return true;
    }
    before
        .rsplit(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| {
            [
                "الذي", "التي", "الواقعه", "الواقع", "المتاخمه", "القريبه", "الخاضعه", "يربطها", "يربط", "المتمركزه",
                "المتمركز", "المتمركزين", "تتمركز", "يتمركز", "المتحصنه", "تتحصن", "يتحصن", "المنتشره", "المتواجده",
                "المتواجدين", "تنتشر",
            ]
            .contains(&w)
                // Where the reporter is, not where it happened: "أفاد مراسل الميادين في دمشق".
                || w.trim_start_matches(['و', 'ل', 'ب']).starts_with("مراسل")
        })
}

/// The places `mark` picks, and each place joined to a picked one by "و" and nothing else
/// ("باتجاه بلدة العبارة وقريتي تل شعير", "أهالي كفريا والفوعة"): a list shares its role.
fn marked_with_list(m: &Mentions, text: &str, places: &[usize], mark: impl Fn(&Range<usize>) -> bool) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for (k, &p) in places.iter().enumerate() {
        let r = &m.places[p].range;
        let joined = k > 0 && out.contains(&places[k - 1]) && text[r.clone()].starts_with('و') && {
            let prev = &m.places[places[k - 1]].range;
            prev.end <= r.start && text[prev.end..r.start].chars().all(|c| !is_word_char(c))
        };
        if mark(r) || joined {
            out.push(p);
        }
    }
    out
}

/// The places without those that give way (`yielding`), if one that `stands` accepts remains;
/// otherwise all of them: a place that only gives way is still the best the sentence names.
fn unless_alone(places: Vec<usize>, yielding: &[usize], stands: impl Fn(usize) -> bool) -> Vec<usize> {
    if places.iter().any(|&p| !yielding.contains(&p) && stands(p)) {
        places.into_iter().filter(|p| !yielding.contains(p)).collect()
    } else {
        places
    }
}

/// A place named to locate another gives way to it, if that one is a place of the event here
/// ("قاعدة القوات الأميركية في حقل كونيكو بريف دير الزور": the base is a side's name, so the
/// field is where it happened, not the countryside).
fn gives_way(m: &Mentions, p: usize, here: &[usize], described: &[usize], depth: usize) -> bool {
    depth < 8 && m.places[p].locates.iter().any(|&c| here.contains(&c) && !described.contains(&c) && !gives_way(m, c, here, described, depth + 1))
}

/// "قرب بلدة الصنمين", "محيط مدينة اللطامنة", "أطراف قرية الحميدية": the event was near the place
/// named. It is where the event is coded unless the sentence names the event's own place
/// ("قرية أم الخلاخيل قرب بلدة الخوين").
fn near(text: &str, place: &Range<usize>) -> bool {
    let w = previous_word(text, place.start);
    let w = w.strip_prefix('و').unwrap_or(w);
    let w = w.strip_prefix('ب').filter(|x| x.chars().count() >= 3).unwrap_or(w);
    matches!(w, "قرب" | "محيط" | "اطراف" | "القرب")
}

/// Inter code and kind of an actor mention.
fn actor_info(m: &Mentions, lex: &ActorLexicon, i: usize) -> (u8, Option<ActorKind>, String) {
    match &m.actors[i].actor {
        ActorKey::Known(k) => {
            let e = &lex.entries()[*k];
            (e.inter, Some(e.kind), e.id.clone())
        }
        ActorKey::Unknown(_) => (3, None, String::new()),
    }
}

/// De facto authorities whose detentions ACLED codes as arrests.
fn is_authority(lex: &ActorLexicon, id: &str) -> bool {
    let mut cur = lex.get(id);
    while let Some(e) = cur {
        if matches!(e.kind, ActorKind::StateForce | ActorKind::SecurityBranch | ActorKind::Police | ActorKind::ForeignState)
            || ["sdf", "asayish", "hts"].contains(&e.id.as_str())
        {
            return true;
        }
        cur = e.parent.as_deref().and_then(|p| lex.get(p));
    }
    false
}

/// The means told for a group of triggers, nearest first: those the event words name
/// themselves ("غارة"، "قصف مدفعي"، "عبوة ناسفة") and those told in the clauses of the event
/// words, else those told anywhere in the sentence ("شنت طائرات العدو، اليوم، عدواناً
/// جوياً، استهدف ..."). A means told in another clause of the sentence ("رصدت طائرات الاستطلاع
/// ...، وجرى استهدافها") yields to one told beside the event. Returns the instruments of the
/// nearest level that tells any, the remote sub-type the event words themselves name, and
/// whether the means stand beside the event (not only elsewhere in the sentence).
fn means_told(
    m: &Mentions,
    ctx: &Context<'_>,
    ts: &[&crate::mentions::TriggerMention],
    sentence: &Range<usize>,
) -> (Vec<Instrument>, Option<&'static str>, bool) {
    // Of several event words naming their means, the most specific: a suicide attacker, then
    // the platform (an aircraft), then the device, then the munition.
    let rank = |sub: &str| match sub {
        CHEMICAL_WEAPON => 0,
        SUICIDE_BOMB => 1,
        AIR_STRIKE => 2,
        REMOTE_EXPLOSIVE => 3,
        "Grenade" => 4,
        _ => 5,
    };
    let own_sub = ts
        .iter()
        .filter(|t| t.event_type == REMOTE && t.instrument.is_some())
        .map(|t| t.sub_event_type)
        .min_by_key(|s| rank(s));
    let clauses: Vec<Range<usize>> = ts.iter().map(|t| clause_of(ctx.text, sentence, t.range.start)).collect();
    let near: Vec<Instrument> = ts
        .iter()
        .filter_map(|t| t.instrument)
        .chain(m.instruments.iter().filter(|(r, _)| clauses.iter().any(|c| within(r, c) || overlaps(r, c))).map(|(_, i)| *i))
        .collect();
    if !near.is_empty() {
        return (near, own_sub, true);
    }
    (m.instruments.iter().filter(|(r, _)| within(r, sentence)).map(|(_, i)| *i).collect(), None, false)
}

/// The event type and sub-type of a group of triggers, refined by instruments and actors.
fn classify(
    m: &Mentions,
    ctx: &Context<'_>,
    triggers: &[usize],
    sentence: &Range<usize>,
    actors: &[usize],
) -> (&'static str, &'static str) {
    let (ty, sub, _) = classify_why(m, ctx, triggers, sentence, actors);
    (ty, sub)
}

/// [`classify`], with the rule that decided.
fn classify_why(
    m: &Mentions,
    ctx: &Context<'_>,
    triggers: &[usize],
    sentence: &Range<usize>,
    actors: &[usize],
) -> (&'static str, &'static str, Rule) {
    let ts: Vec<_> = triggers.iter().map(|&i| &m.triggers[i]).collect();
    let has = |ty: &str, sub: Option<&str>| ts.iter().any(|t| t.event_type == ty && sub.is_none_or(|s| t.sub_event_type == s));
    let (mut instruments, own, _) = means_told(m, ctx, ts.as_slice(), sentence);
    // An explosion or a bomb with no means named is a remote explosive; named beside an
    // aircraft or a shell, it is what they delivered ("قنبلة ألقتها مروحية", "انفجار قذيفة").
    let delivered = instruments.iter().any(|i| matches!(i, Instrument::Air | Instrument::Artillery));
    if !delivered && ts.iter().any(|t| t.sub_event_type == REMOTE_EXPLOSIVE && t.instrument.is_none()) {
        instruments.push(Instrument::Explosive);
    }
    // "إسقاط طائرة حربية": an aircraft downed is fought, not a means of striking.
    let downing = ts.iter().any(|t| {
        t.sub_event_type == ARMED_CLASH && ctx.text[t.range.clone()].split(' ').any(|w| ["طايره", "طائره", "مروحيه"].contains(&w))
    });
    if downing {
        return (BATTLES, ARMED_CLASH, Rule::TypeDowning);
    }
    let first_actor = actors.iter().map(|&i| actor_info(m, ctx.actors, i)).find(|(inter, _, _)| *inter != 7);
    let victims_civilian = actors
        .iter()
        .map(|&i| actor_info(m, ctx.actors, i))
        .any(|(inter, _, _)| inter == 7);
    let armed_others = actors
        .iter()
        .map(|&i| actor_info(m, ctx.actors, i))
        .filter(|(inter, _, _)| *inter != 7 && *inter != 6)
        .count();

    // Territory taken after the other side withdrew, with no fighting told in the sentence:
    // a non-violent transfer.
    let withdrawal_here = m.triggers.iter().any(|t| within(&t.range, sentence) && t.sub_event_type == NON_VIOLENT_TRANSFER);
    // Fighting told as part of this event (not a clash told about other places in the sentence).
    let fighting_here = ts.iter().any(|t| t.sub_event_type == ARMED_CLASH && t.confidence >= 0.6);
    if (has(BATTLES, Some(NON_STATE_OVERTAKES)) || has(BATTLES, Some(GOVERNMENT_REGAINS))) && withdrawal_here && !fighting_here {
        return (STRATEGIC, NON_VIOLENT_TRANSFER, Rule::TypeWithdrawalTransfer);
    }
    // Territory changes hands: the government's forces regain it, any other side overtakes
    // it. The side that takes the place is the subject of the word that tells it: right after
    // it ("سيطرت قوات النظام على"، "سيطرة قسد على") or, failing that, the first side named in
    // its clause before it ("قسد سيطرت على ... من داعش"، "الجيش يقاتل في جيب خاضع للتنظيم بعد
    // السيطرة على"), not a side named after it as the one that lost the place.
    if has(BATTLES, Some(NON_STATE_OVERTAKES)) || has(BATTLES, Some(GOVERNMENT_REGAINS)) {
        let taker = ts
            .iter()
            .filter(|t| t.sub_event_type == NON_STATE_OVERTAKES || t.sub_event_type == GOVERNMENT_REGAINS)
            .find_map(|t| {
                let clause = clause_of(ctx.text, sentence, t.range.start);
                let armed = |&&i: &&usize| {
                    let (inter, _, _) = actor_info(m, ctx.actors, i);
                    inter != 7 && inter != 6
                };
                let after = actors
                    .iter()
                    .filter(armed)
                    .find(|&&i| m.actors[i].range.start >= t.range.end && within_words(ctx.text, t.range.end, m.actors[i].range.start, 0));
                let before = actors
                    .iter()
                    .filter(armed)
                    .filter(|&&i| m.actors[i].range.end <= t.range.start && m.actors[i].range.start >= clause.start)
                    .min_by_key(|&&i| m.actors[i].range.start);
                after.or(before).map(|&i| actor_info(m, ctx.actors, i))
            });
        let state = taker.as_ref().or(first_actor.as_ref()).is_some_and(|(inter, _, _)| *inter == 1);
        return (BATTLES, if state { GOVERNMENT_REGAINS } else { NON_STATE_OVERTAKES }, Rule::TypeTerritory);
    }
    if has(STRATEGIC, Some(NON_VIOLENT_TRANSFER)) && !has(BATTLES, Some(ARMED_CLASH)) {
        return (STRATEGIC, NON_VIOLENT_TRANSFER, Rule::TypeTransfer);
    }
    // Force used on a protest is a protest event (the coding rules): gunfire on protesters is
    // excessive force ("أطلقت قوات الأمن النار على متظاهرين"), dispersal or arrests at it an
    // intervention ("فرقت قوات الأمن مظاهرة ... واعتقلت عددا من المتظاهرين").
    let protest_told = has(PROTESTS, None);
    let protesters = actors.iter().map(|&i| actor_info(m, ctx.actors, i)).any(|(inter, _, _)| inter == 6);
    if protest_told || protesters {
        let force = has(PROTESTS, Some(EXCESSIVE_FORCE))
            || ts.iter().any(|t| t.instrument == Some(Instrument::Firearm))
            || (has(VAC, Some(ATTACK)) || has(BATTLES, Some(ARMED_CLASH))) && protesters;
        if force {
            return (PROTESTS, EXCESSIVE_FORCE, Rule::TypeProtestForce);
        }
        if has(PROTESTS, Some(PROTEST_WITH_INTERVENTION)) || has(STRATEGIC, Some(ARRESTS)) || has(VAC, Some(ABDUCTION)) {
            return (PROTESTS, PROTEST_WITH_INTERVENTION, Rule::TypeProtestIntervention);
        }
    }
    // An attack with no clash words and no armed target named: violence against civilians.
    let attack_word = ts.iter().any(|t| t.event_type == BATTLES && t.sub_event_type == ARMED_CLASH && t.confidence < 0.8);
    let clash_words = m.triggers.iter().any(|t| within(&t.range, sentence) && t.sub_event_type == ARMED_CLASH && t.confidence >= 0.8);
    let hurt = m.casualty_words.iter().any(|c| within(&c.range, sentence));
    let remote_means = instruments.iter().any(|i| matches!(i, Instrument::Air | Instrument::Artillery | Instrument::Explosive | Instrument::Chemical));
    if attack_word && !clash_words && !remote_means && armed_others == 1 && (victims_civilian || hurt) {
        return (VAC, ATTACK, Rule::TypeAttackOnCivilians);
    }
    let remote = ts.iter().find(|t| t.event_type == REMOTE);
    let clash = has(BATTLES, Some(ARMED_CLASH));
    // "شنت القوات الأميركية مجموعة من الهجمات على مواقع في الميادين": the forces that fight in
    // Syria only from the air (Israel, the United States, Russia, the coalition) or an unknown
    // aircraft attack from the air unless the text tells of fighting or gunfire.
    let from_abroad = first_actor.as_ref().is_some_and(|(_, kind, id)| {
        matches!(kind, Some(ActorKind::AircraftUnknown))
            || matches!(id.as_str(), "israel_military" | "us_military" | "russia_military" | "global_coalition")
    });
    // A strike by such a force with no means told ("العدوان الإسرائيلي استهدف"، "القصف
    // الروسي على") is from the air too. Not the United States: its bases in Syria are the
    // usual target of unclaimed rockets and drones, so a US actor with no means told may be
    // either side.
    let unknown_means = instruments.is_empty() && own.is_none() && remote.is_some_and(|t| t.instrument.is_none());
    let striker_from_air = from_abroad && first_actor.as_ref().is_some_and(|(_, _, id)| id != "us_military");
    if (from_abroad && attack_word && !clash_words || striker_from_air && unknown_means) && !instruments.iter().any(|i| matches!(i, Instrument::Firearm | Instrument::Explosive)) {
        return (REMOTE, if instruments.contains(&Instrument::Artillery) && !instruments.contains(&Instrument::Air) { SHELLING } else { AIR_STRIKE }, Rule::TypeStrikeFromAbroad);
    }
    // Shelling during a battle folds into the battle; an "attack" by aircraft or shells is
    // remote violence. Fighting told with small arms is a clash, whatever shells are told with
    // them ("هجوماً بالأسلحة الرشاشة وقذائف آر بي جي").
    let ground = instruments.contains(&Instrument::Firearm) && !instruments.iter().any(|i| matches!(i, Instrument::Air | Instrument::Chemical));
    if clash && (ground || !remote_means) {
        return (BATTLES, ARMED_CLASH, Rule::TypeGroundClash);
    }
    if remote.is_some() || (clash && !instruments.is_empty()) || has(VAC, Some(ATTACK)) && !instruments.is_empty() {
        if instruments.contains(&Instrument::Chemical) {
            return (REMOTE, CHEMICAL_WEAPON, Rule::SubtypeChemical);
        }
        // The means the event word itself names ("غارة"، "قصف مدفعي"، "هجوم انتحاري").
        if let Some(sub) = own {
            return (REMOTE, sub, Rule::SubtypeOwnMeans);
        }
        // An aircraft is the platform, a missile its munition: both told is an air strike.
        if instruments.contains(&Instrument::Explosive) {
            return (REMOTE, REMOTE_EXPLOSIVE, Rule::SubtypeExplosiveMeans);
        }
        if instruments.contains(&Instrument::Air) {
            return (REMOTE, AIR_STRIKE, Rule::SubtypeAirStrikeMeans);
        }
        if instruments.contains(&Instrument::Artillery) {
            return (REMOTE, SHELLING, Rule::SubtypeShellingMeans);
        }
        if let Some(t) = remote {
            return (t.event_type, t.sub_event_type, Rule::TypeTrigger);
        }
        if clash {
            return (BATTLES, ARMED_CLASH, Rule::TypeTrigger);
        }
    }
    if has(VAC, Some(ATTACK)) {
        // An attack on an armed group is a battle; on civilians, violence against civilians.
        if !victims_civilian && (armed_others >= 2 || armed_others >= 1 && first_actor.as_ref().is_some_and(|(i, _, _)| *i != 3)) {
            return (BATTLES, ARMED_CLASH, Rule::TypeAttackOnArmed);
        }
        return (VAC, ATTACK, Rule::TypeAttack);
    }
    if has(STRATEGIC, Some(ARRESTS)) || has(VAC, Some(ABDUCTION)) {
        let authority = first_actor.as_ref().is_none_or(|(_, _, id)| id.is_empty() || is_authority(ctx.actors, id));
        if has(VAC, Some(ABDUCTION)) && !has(STRATEGIC, Some(ARRESTS)) {
            return (VAC, ABDUCTION, Rule::TypeAbduction);
        }
        return if authority { (STRATEGIC, ARRESTS, Rule::TypeArrestByAuthority) } else { (VAC, ABDUCTION, Rule::TypeAbduction) };
    }
    ts.iter()
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
        .map_or((BATTLES, ARMED_CLASH, Rule::TypeTrigger), |t| (t.event_type, t.sub_event_type, Rule::TypeTrigger))
}

/// Keys of the known actors of a draft.
fn actor_keys(m: &Mentions, d: &Draft) -> BTreeSet<ActorKey> {
    d.actors.iter().map(|&i| m.actors[i].actor.clone()).collect()
}

/// Same place, or a region ("ريف دير الزور الشرقي") and a place in the same governorate: the
/// same event told once broadly and once precisely.
fn same_place(m: &Mentions, a: &Draft, b: &Draft) -> bool {
    match (a.place, b.place) {
        (Some(x), Some(y)) => {
            let (px, py) = (&m.places[x], &m.places[y]);
            // A region a dual or plural countryside word lists is an event of its own, not the
            // summary of a precise place in it.
            let summary = |p: &crate::mentions::PlaceMention| p.is_region() && !p.region_list;
            px.key == py.key || ((summary(px) || summary(py)) && px.resolved.admin1 == py.resolved.admin1)
        }
        _ => true,
    }
}

fn same_admin1(m: &Mentions, a: &Draft, b: &Draft) -> bool {
    match (a.place, b.place) {
        (Some(x), Some(y)) => m.places[x].resolved.admin1 == m.places[y].resolved.admin1,
        _ => true,
    }
}

/// Merges drafts that tell one event.
fn merge(m: &Mentions, drafts: Vec<Draft>, fate: &mut [(Rule, Range<usize>)]) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    for d in drafts {
        if crate::debug_enabled() {
            eprintln!("draft {} {:?} place={:?} key={:?} share={:?} actors={:?} anaphoric={} means={}", d.sub_event_type, d.date.map(|x| x.date), d.place, d.place.map(|p| &m.places[p].key), d.share, actor_keys(m, &d), d.anaphoric, d.means);
        }
        // A date from the report's own date (no time word) gives way to an explicit one: a
        // summary at the top and the account below it are one event.
        let dates_agree = |e: &Draft| {
            e.date.map(|x| x.date) == d.date.map(|x| x.date)
                || (e.date_evidence.is_none() || d.date_evidence.is_none()) && e.date.is_some() && d.date.is_some() && same_place(m, e, &d) && e.place.is_some() && d.place.is_some()
        };
        // One strike told in several sentences, each telling as much of its means as it does
        // ("عدواناً جوياً بعدد من الصواريخ" then "تصدت الدفاعات لصواريخ العدوان"): a sub-type
        // read from a means word beside the event gives way to one the event word names, one
        // read from none to any. Two accounts that each tell their means as plainly ("خمسة
        // صواريخ استهدفت القاعدة، كما استهدفت طائرة مسيرة") tell two events (D6).
        let means_differ = |e: &Draft| {
            e.event_type == REMOTE
                && d.event_type == REMOTE
                && (e.means != d.means || e.means == 0)
                && e.place.is_some()
                && d.place.is_some()
        };
        let same_event = |e: &Draft| {
            e.event_type == d.event_type
                && (e.sub_event_type == d.sub_event_type || means_differ(e))
                && dates_agree(e)
                && (same_place(m, e, &d) || d.place_inherited)
                // A sentence that a contrast splits into two accounts tells two events.
                && !(e.account.0 == d.account.0 && e.account != d.account && e.place != d.place)
                && actors_compatible(m, e, &d)
        };
        let same_date = |e: &Draft| e.date.map(|x| x.date) == d.date.map(|x| x.date);
        // A back-reference ("لعملية الاعتقال") names the same kind of event as one told that day.
        let family = |x: &Draft| x.triggers.iter().map(|&t| m.triggers[t].sub_event_type).collect::<BTreeSet<_>>();
        // Drafts made from one trigger word for each place of a list ("مسيرات في مدينتي عفرين
        // ومارع") are events of their own: one never refers back to another.
        let siblings = |e: &Draft| d.share.is_some() && !same_place(m, e, &d) && e.triggers.iter().any(|t| d.triggers.contains(t));
        let refers_back = |e: &Draft| {
            d.anaphoric
                && (e.event_type == d.event_type || !family(e).is_disjoint(&family(&d)))
                && same_date(e)
                && same_admin1(m, e, &d)
                && !siblings(e)
        };
        // With no place of its own, a back-reference joins the last event told that day.
        let refers_to_last = |e: &Draft| d.anaphoric && (d.place.is_none() || d.place_inherited) && same_date(e);
        // A withdrawal told beside a battle for the same place is part of it.
        let withdrawal_of = |e: &Draft| {
            d.sub_event_type == NON_VIOLENT_TRANSFER && e.event_type == BATTLES && same_date(e) && same_place(m, e, &d)
        };
        let target = out
            .iter()
            .position(same_event)
            .map(|i| (i, Rule::MergeSameEvent))
            .or_else(|| out.iter().rposition(refers_back).map(|i| (i, Rule::MergeRefersBack)))
            .or_else(|| out.iter().rposition(withdrawal_of).map(|i| (i, Rule::MergeWithdrawal)))
            .or_else(|| out.iter().rposition(refers_to_last).map(|i| (i, Rule::MergeRefersToLast)));
        match target {
            Some((i, rule)) => {
                let e = &mut out[i];
                let told = d.triggers.first().map_or(0..0, |&t| m.triggers[t].range.clone());
                e.trace.push(Fired::new("event", rule, told.clone()));
                // The drafts' own decisions about the fields the merged event takes from it.
                let mut taken: Vec<&'static str> = vec!["event", "sides", "fatalities", "injured", "arrested"];
                if d.means > e.means && e.event_type == d.event_type {
                    e.sub_event_type = d.sub_event_type;
                    e.means = d.means;
                    e.trace.push(Fired::new("sub_event_type", Rule::MergeMeans, told.clone()));
                    taken.push("sub_event_type");
                }
                let more_precise = match (e.place, d.place) {
                    (Some(x), Some(y)) => m.places[x].is_region() && !m.places[y].is_region(),
                    _ => false,
                };
                if e.place.is_none() || e.place_inherited && !d.place_inherited || more_precise {
                    if let Some(p) = d.place.filter(|_| more_precise) {
                        e.trace.push(Fired::new("location", Rule::MergePrecisePlace, m.places[p].range.clone()));
                    }
                    e.trace.retain(|f| f.field != "location" || f.rule == Rule::MergePrecisePlace);
                    taken.push("location");
                    e.place = d.place;
                    e.place_inherited = d.place_inherited;
                    e.share = d.share;
                    e.share_sentence = d.share_sentence;
                    e.area = d.area;
                }
                for a in d.actors {
                    if !e.actors.contains(&a) {
                        e.actors.push(a);
                    }
                }
                // A headline's date is the report's; the body says it more exactly. A headline
                // (or the summary that restates it) never dates the body.
                if e.from_title && !d.from_title || !d.from_title && e.date_evidence.is_none() && d.date_evidence.is_some() {
                    e.date = d.date;
                    e.date_evidence = d.date_evidence.clone();
                    e.trace.retain(|f| f.field != "date");
                    e.trace.push(Fired::new("date", Rule::MergeBodyDate, d.date_evidence.clone().unwrap_or(told.clone())));
                    taken.push("date");
                }
                e.trace.extend(d.trace.iter().filter(|f| taken.contains(&f.field)).cloned());
                e.triggers.extend(d.triggers);
                e.sentences.extend(d.sentences);
                e.figures.extend(d.figures);
                e.from_title &= d.from_title;
                e.anaphoric &= d.anaphoric;
                e.episode = e.episode.min(d.episode);
                e.confidence = e.confidence.max(d.confidence);
                if e.date_evidence.is_none() {
                    e.date_evidence = d.date_evidence;
                }
            }
            None => out.push(d),
        }
    }
    // Words that report events only weakly ("اتفاق", "تقدم") make no event on their own.
    out.retain(|d| {
        let keep = d.confidence >= MIN_CONFIDENCE;
        if !keep {
            settle(fate, d, Rule::HappenedMinConfidence, None);
        }
        keep
    });
    out
}

/// Two drafts can tell one event only if they name no actors on one side or share one.
fn actors_compatible(m: &Mentions, a: &Draft, b: &Draft) -> bool {
    let (x, y) = (actor_keys(m, a), actor_keys(m, b));
    x.is_empty() || y.is_empty() || !x.is_disjoint(&y)
}

/// Below this trigger confidence a draft is not written out.
const MIN_CONFIDENCE: f32 = 0.35;

/// "استهدف يومي الخميس والجمعة بطائرتين مسيرتين مناطق سيطرة قسد ما أدى إلى مقتل سبعة" then "فإن
/// الاستهداف الأول طاول ... في ريف القامشلي ... فيما استهدفت المسيرة الثانية ... في قرية خربة خوي":
/// an event told at no place of its own (its place only carried over from before), followed in
/// the next sentence by the same kind of event at named places the same day, is their summary;
/// its total is theirs, not another event's. Its sides join them.
fn drop_placeless_summaries(m: &Mentions, drafts: Vec<Draft>, fate: &mut [(Rule, Range<usize>)]) -> Vec<Draft> {
    let next_detail = |e: &Draft, drafts: &[Draft]| -> Vec<usize> {
        let last = e.sentences.iter().copied().max().unwrap_or(0);
        (0..drafts.len())
            .filter(|&j| {
                let d = &drafts[j];
                !d.place_inherited
                    && d.place.is_some()
                    && d.sub_event_type == e.sub_event_type
                    && d.date.map(|x| x.date) == e.date.map(|x| x.date)
                    && d.sentences.iter().copied().min() == Some(last + 1)
                    && actors_compatible(m, e, d)
            })
            .collect()
    };
    let summaries: Vec<(usize, Vec<usize>)> = (0..drafts.len())
        .filter(|&i| drafts[i].place_inherited && !drafts[i].from_title)
        .map(|i| (i, next_detail(&drafts[i], &drafts)))
        .filter(|(_, details)| !details.is_empty())
        .collect();
    if summaries.is_empty() {
        return drafts;
    }
    let mut drafts = drafts;
    for (i, details) in &summaries {
        let actors = drafts[*i].actors.clone();
        for &j in details {
            for &a in &actors {
                if !drafts[j].actors.contains(&a) {
                    drafts[j].actors.push(a);
                }
            }
        }
    }
    let dropped: Vec<usize> = summaries.iter().map(|(i, _)| *i).collect();
    for &i in &dropped {
        settle(fate, &drafts[i], Rule::MergePlacelessSummary, None);
    }
    drafts.into_iter().enumerate().filter(|(i, _)| !dropped.contains(i)).map(|(_, d)| d).collect()
}

/// The headline restates the body: its drafts are dropped when the body has events, but the
/// sides it names ("استشهاد 5 مدنيين") join the body's first event of the same type.
fn drop_restated_headline(drafts: Vec<Draft>, fate: &mut [(Rule, Range<usize>)]) -> Vec<Draft> {
    if !drafts.iter().any(|d| !d.from_title) {
        return drafts;
    }
    let (title, mut body): (Vec<Draft>, Vec<Draft>) = drafts.into_iter().partition(|d| d.from_title);
    for t in title {
        settle(fate, &t, Rule::MergeRestatedHeadline, None);
        let same_type = body.iter().position(|b| b.event_type == t.event_type);
        // The headline's words may be vaguer than the body's ("بهجوم مسلح" for an attack on
        // civilians): failing the same type, the body's first event.
        if let Some(b) = same_type.or(if body.len() == 1 { Some(0) } else { None }).map(|i| &mut body[i]) {
            for a in t.actors {
                if !b.actors.contains(&a) {
                    b.actors.push(a);
                }
            }
        }
    }
    body
}

/// The part of `total` that falls to the item at `pos` of `n` (n > 0) when it is split evenly,
/// the remainder going to the items named first (the coding rules: 9 over three places is
/// 3 + 3 + 3, 10 over seven attacks 2, 2, 2, 1, 1, 1, 1).
fn share_of(total: u32, pos: usize, n: usize) -> u32 {
    let n = n as u32;
    total / n + u32::from((pos as u32) < total % n)
}

/// Fatalities, injured and arrested of a draft, by ACLED's conventions: within one sentence,
/// stated numbers add up (and a vague plural beside them adds 10 to fatalities); across the
/// sentences that retell the event, the largest stated total counts; a vague figure alone
/// counts 10 fatalities or 10 injured. Totals shared by a list of places are split evenly,
/// the remainder going to the places named first.
pub fn tolls(d: &Draft) -> (u32, Option<u32>, Option<u32>) {
    let mut by_sentence: Vec<usize> = d.figures.iter().map(|(s, _)| *s).collect();
    by_sentence.sort_unstable();
    by_sentence.dedup();
    let split = |v: Option<u32>| -> Option<u32> {
        match (v, d.share) {
            (Some(v), Some((i, n))) if n > 0 => Some(share_of(v, i, n)),
            (v, _) => v,
        }
    };
    // `added`: whether a vague figure beside a stated number adds to it (fatalities: "4
    // advisers and a number of Syrians" = 14) or not (injured: "حوالي 4 آخرين، وإصابة عدد من
    // عناصر الطرفين" = 4, as the seed reports code it).
    let per_class = |class: CasualtyClass, vague_as: Option<u32>, added: bool| -> Option<u32> {
        let mut best_exact: Option<u32> = None;
        let mut any_vague = false;
        for s in &by_sentence {
            let figs: Vec<&Figure> = d.figures.iter().filter(|(x, _)| x == s).map(|(_, f)| f).collect();
            let exact_here = figs.iter().any(|f| f.class == class && matches!(f.count, casualties::Count::Exact(_)));
            let t = casualties::total(&figs, class, if added || !exact_here { vague_as } else { None });
            let t = if *s == d.share_sentence { split(t) } else { t };
            if exact_here {
                best_exact = Some(best_exact.unwrap_or(0).max(t.unwrap_or(0)));
            } else if t.is_some() || figs.iter().any(|f| f.class == class) {
                any_vague = true;
            }
        }
        best_exact.or(if any_vague { split(vague_as) } else { None })
    };
    // This draft's share of totals told jointly for several events.
    let joint = |class: CasualtyClass, vague_as: Option<u32>| -> Option<u32> {
        let mut sum = None;
        for (f, pos, n) in d.shared.iter().filter(|(f, _, _)| f.class == class) {
            let total = match f.count {
                casualties::Count::Exact(v) => Some(v),
                casualties::Count::Vague => vague_as,
            };
            if let Some(v) = total {
                sum = Some(sum.unwrap_or(0) + share_of(v, *pos, (*n).max(1)));
            }
        }
        sum
    };
    let own_or_joint = |own: Option<u32>, class: CasualtyClass, vague_as: Option<u32>| own.or_else(|| joint(class, vague_as));
    let fatalities = own_or_joint(per_class(CasualtyClass::Killed, Some(10), true), CasualtyClass::Killed, Some(10)).unwrap_or(0);
    // A vague number of injured counts 10 like fatalities (docs/CODING_RULES.md, D17).
    let injured = own_or_joint(per_class(CasualtyClass::Injured, Some(10), false), CasualtyClass::Injured, Some(10));
    let arrested = own_or_joint(per_class(CasualtyClass::Arrested, None, false), CasualtyClass::Arrested, None);
    (fatalities, injured, arrested)
}

/// The rules behind a draft's tolls: each figure it counts (stated or vague), and the split of
/// a total over the places of a list.
pub fn toll_rules(d: &Draft) -> Vec<Fired> {
    let mut out = Vec::new();
    for (s, f) in &d.figures {
        let field = toll_field(f.class);
        let rule = match f.count {
            casualties::Count::Exact(_) => Rule::TollFigure,
            casualties::Count::Vague => Rule::TollVague,
        };
        out.push(Fired::new(field, rule, f.range.clone()));
        if d.share.is_some_and(|(_, n)| n > 1) && *s == d.share_sentence {
            out.push(Fired::new(field, Rule::TollSplit, f.range.clone()));
        }
    }
    out
}
