//! Casualty figures: which number goes with which casualty word.
//!
//! A casualty word ("مقتل", "قتلى", "أصيب", "جرحى") takes the number written next to it: after
//! it ("مقتل تسعة مدنيين", "إصابة حوالي 4 آخرين"), before it ("ثلاثة قتلى", "عشرة مدنيين
//! مصرعهم"), inside it (the dual "قتيلين"), or a singular noun after it ("مقتل عنصر" = 1). Vague
//! plurals ("عدد من القتلى", "قتلى") count as vague; figures that open a subset ("بينهم خمسة
//! أطفال") or refer back ("أدى إلى استشهادهم") count nothing.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use marsad_text::lexicon::{is_word_char, normalize_key};
use marsad_text::numbers::{Quantity, Vague};
use serde::Deserialize;

use crate::mentions::{CasualtyClass, CasualtyWord};

/// How many people a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// A stated number (for "about 4" and "more than 30": the number stated).
    Exact(u32),
    /// "a number of", "several", "dozens", or a plural with no number.
    Vague,
}

/// One casualty figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// What it counts.
    pub class: CasualtyClass,
    /// The casualty word and the number that goes with it (normalised bytes).
    pub range: Range<usize>,
    /// How many.
    pub count: Count,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    singular_nouns: Vec<String>,
    subset_markers: Vec<String>,
    companions: Vec<String>,
    referring_suffixes: Vec<String>,
    things: Vec<String>,
    labels: Vec<String>,
    auxiliaries: Vec<String>,
    killing_phrases: Vec<String>,
    others: Vec<String>,
    negations: Vec<String>,
}

struct Words {
    singular_nouns: HashSet<String>,
    subset_markers: Vec<String>,
    companions: HashSet<String>,
    referring_suffixes: Vec<String>,
    things: HashSet<String>,
    labels: HashSet<String>,
    auxiliaries: HashSet<String>,
    killing_phrases: Vec<String>,
    others: HashSet<String>,
    negations: HashSet<String>,
}

fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let src = include_str!("../../../data/lexicon/casualties.toml");
        // The file is part of the binary and checked by the tests: a parse failure is a build
        // defect, so an empty table (no singular nouns) is the safe fallback.
        let file: WordsFile = toml::from_str(src).unwrap_or(WordsFile {
            singular_nouns: Vec::new(),
            subset_markers: Vec::new(),
            companions: Vec::new(),
            referring_suffixes: Vec::new(),
            things: Vec::new(),
            labels: Vec::new(),
            auxiliaries: Vec::new(),
            killing_phrases: Vec::new(),
            others: Vec::new(),
            negations: Vec::new(),
        });
        Words {
            singular_nouns: file.singular_nouns.iter().map(|s| normalize_key(s)).collect(),
            subset_markers: file.subset_markers.iter().map(|s| normalize_key(s)).collect(),
            companions: file.companions.iter().map(|s| normalize_key(s)).collect(),
            referring_suffixes: file.referring_suffixes.iter().map(|s| normalize_key(s)).collect(),
            things: file.things.iter().map(|s| normalize_key(s)).collect(),
            labels: file.labels.iter().map(|s| normalize_key(s)).collect(),
            auxiliaries: file.auxiliaries.iter().map(|s| normalize_key(s)).collect(),
            killing_phrases: file.killing_phrases.iter().map(|s| normalize_key(s)).collect(),
            others: file.others.iter().map(|s| normalize_key(s)).collect(),
            negations: file.negations.iter().map(|s| normalize_key(s)).collect(),
        }
    })
}

/// The word (maximal run of word characters) starting at or after `pos`, skipping anything else;
/// stops at `limit`.
fn next_word(text: &str, pos: usize, limit: usize) -> Option<Range<usize>> {
    let rest = &text[pos..limit];
    let start = pos + rest.find(is_word_char)?;
    let len = text[start..limit].find(|c: char| !is_word_char(c)).unwrap_or(limit - start);
    Some(start..start + len)
}

/// The word ending at or before `pos`, skipping anything else; stops at `floor`.
fn prev_word(text: &str, pos: usize, floor: usize) -> Option<Range<usize>> {
    let before = &text[floor..pos];
    let end = floor + before.rfind(is_word_char)? + before[before.rfind(is_word_char)?..].chars().next()?.len_utf8();
    let start = text[floor..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(end, |(i, _)| floor + i);
    Some(start..end)
}

/// Above this, a figure is a cumulative toll of a war or a campaign ("أكثر من عشرين ألف
/// شهيد"), which the coding rules do not code as the toll of one event.
const CUMULATIVE_TOLL: u32 = 1000;

/// "مئات" counts 100 killed or injured (docs/CODING_RULES.md, D17).
const HUNDREDS: u32 = 100;

fn quantity_count(q: &Quantity) -> Count {
    match q.value {
        Some(v) if v < CUMULATIVE_TOLL => Count::Exact(v),
        Some(_) => Count::Exact(0),
        None if q.vague == Some(Vague::Hundreds) => Count::Exact(HUNDREDS),
        None => Count::Vague,
    }
}

/// Whether a subset marker ("بينهم") stands right before `pos`.
fn after_subset_marker(text: &str, pos: usize, floor: usize) -> bool {
    let w = words();
    let mut end = pos;
    for _ in 0..2 {
        let Some(prev) = prev_word(text, end, floor) else { return false };
        let word = &text[prev.clone()];
        let stripped = word.strip_prefix('و').unwrap_or(word);
        if w.subset_markers.iter().any(|m| m == word || m == stripped) {
            return true;
        }
        // "من بينهم": look one word further.
        end = prev.start;
    }
    false
}

/// Finds the casualty figures of one stretch of text (a sentence).
///
/// `casualty_words` and `quantities` are all the report's; only those inside `span` are used.
pub fn figures(text: &str, span: Range<usize>, casualty_words: &[CasualtyWord], quantities: &[Quantity]) -> Vec<Figure> {
    let w = words();
    let qs: Vec<&Quantity> = quantities
        .iter()
        .filter(|q| q.range.start >= span.start && q.range.end <= span.end && may_count_people(text, q, span.start))
        .collect();
    let mut used: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    let mut seen_words: Vec<Range<usize>> = Vec::new();
    let in_span: Vec<&CasualtyWord> = casualty_words.iter().filter(|c| c.range.start >= span.start && c.range.end <= span.end).collect();
    // A number belongs to the casualty word it stands next to, never across another one:
    // "لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين".
    let crosses = |a: usize, b: usize| in_span.iter().any(|c| c.range.start >= a && c.range.end <= b);
    // The casualty word a number counts ("6 شهداء و23 مصابا": 23 counts مصابا, not شهداء).
    let counted_by = |q: &Quantity| -> Option<&CasualtyWord> {
        let r = q.counted.as_ref()?;
        // "مقتل 109 وجرح 235": a verb joined by "و" is the next clause, not the counted noun.
        // A dual is its own noun ("وجريحان").
        in_span.iter().copied().find(|c| {
            let own = c.range.start < q.range.end && q.range.start < c.range.end;
            c.range.start < r.end && r.start < c.range.end && (own || !text[c.range.clone()].starts_with('و'))
        })
    };
    let mut negated_end: Option<usize> = None;
    for cw in in_span.iter().copied() {
        // Two casualty words of one phrase ("لقي ... مصرعهم") make one figure.
        if seen_words.iter().any(|r| r.start < cw.range.end && cw.range.start < r.end) {
            continue;
        }
        seen_words.push(cw.range.clone());
        let word = &text[cw.range.clone()];
        // A figure inside the word itself: the dual "قتيلين".
        if let Some((i, q)) = qs.iter().enumerate().find(|(i, q)| {
            !used.contains(i) && q.range.start < cw.range.end && cw.range.start < q.range.end
        }) {
            used.insert(i);
            out.push(Figure { class: cw.class, range: union(&cw.range, &q.range), count: quantity_count(q) });
            continue;
        }
        // After the word: "مقتل تسعة مدنيين", "إصابة حوالي 4 آخرين", "أصيب فيه اثنين".
        let after = qs.iter().enumerate().find(|(i, q)| {
            !used.contains(i)
                && q.range.start >= cw.range.end
                && (gap_words(text, cw.range.end, q.range.start) <= 1 || consequence_gap(text, cw.range.end, q.range.start))
                && !crosses(cw.range.end, q.range.start)
                && counted_by(q).is_none_or(|c| c.class == cw.class)
        });
        if let Some((i, q)) = after {
            if !after_subset_marker(text, q.range.start, span.start) {
                used.insert(i);
                // "ارتقى 3 شهداء": the noun the number counts is part of this figure.
                if let Some(c) = counted_by(q) {
                    seen_words.push(c.range.clone());
                }
                out.push(Figure { class: cw.class, range: union(&cw.range, &q.range), count: quantity_count(q) });
                continue;
            }
        }
        // Before the word: "ثلاثة قتلى", "عشرة مدنيين مصرعهم", "سبعة قتلوا".
        // Not across a clause: in "ارتفع إلى 419 إعلاميا , بعدما قتل الناشط" the number is a
        // running total, and the killing verb has a subject of its own.
        let before = qs.iter().enumerate().rev().find(|(i, q)| {
            !used.contains(i)
                && q.range.end <= cw.range.start
                && gap_words(text, q.range.end, cw.range.start) <= 2
                && !text[q.range.end..cw.range.start].contains(CLAUSE_MARKS)
                && !crosses(q.range.end, cw.range.start)
                && counted_by(q).is_none_or(|c| c.class == cw.class)
        });
        if let Some((i, q)) = before {
            if !after_subset_marker(text, q.range.start, span.start) {
                used.insert(i);
                out.push(Figure { class: cw.class, range: union(&q.range, &cw.range), count: quantity_count(q) });
                continue;
            }
        }
        // A pluperfect whose subject was counted earlier in the sentence: "شيعت القوات النظامية
        // عنصرين في صفوفها ... , كانا قتلا أمس".
        if after_auxiliary(text, cw.range.start, span.start) {
            let antecedent = qs.iter().enumerate().rev().find(|(i, q)| {
                !used.contains(i)
                    && q.value.is_some()
                    && q.range.end <= cw.range.start
                    && !crosses(q.range.end, cw.range.start)
                    && !after_subset_marker(text, q.range.start, span.start)
            });
            if let Some((i, q)) = antecedent {
                used.insert(i);
                out.push(Figure { class: cw.class, range: union(&q.range, &cw.range), count: quantity_count(q) });
                continue;
            }
        }
        // Two casualty verbs joined by "و" share the count after them: "استشهد وأصيب عدد من
        // المدنيين" (some killed, some injured), "مقتل وجرح 50". How it divides is not said:
        // a vague number of killed (10) and no figure of injured (docs/CODING_RULES.md, D17).
        if let Some(partner) = in_span.iter().find(|c| {
            let pair = [c.class, cw.class];
            pair.contains(&CasualtyClass::Killed)
                && pair.contains(&CasualtyClass::Injured)
                && c.range.start > cw.range.end
                && text[cw.range.end..c.range.start].trim().is_empty()
                && text[c.range.clone()].starts_with('و')
        }) {
            let shared = qs.iter().enumerate().find(|(i, q)| {
                !used.contains(i) && q.range.start >= partner.range.end && gap_words(text, partner.range.end, q.range.start) <= 1
            });
            if let Some((i, q)) = shared {
                used.insert(i);
                seen_words.push(partner.range.clone());
                out.push(Figure { class: CasualtyClass::Killed, range: union(&cw.range, &q.range), count: Count::Vague });
                continue;
            }
        }
        // A running toll: "ارتفاع حصيلة ضحايا سقوط قذيفتين ... , إلى 12 شخصا", "ارتفعت حصيلة
        // القتلى إلى 7". The number is the one the toll rose to, however far after.
        if in_toll_phrase(text, &cw.range, span.start) {
            let to = qs.iter().enumerate().find(|(i, q)| {
                !used.contains(i)
                    && q.range.start >= cw.range.end
                    && !crosses(cw.range.end, q.range.start)
                    && prev_word(text, q.range.start, cw.range.end).is_some_and(|p| matches!(&text[p], "الي" | "لتصل" | "ليصل" | "لتبلغ" | "ليبلغ"))
            });
            if let Some((i, q)) = to {
                used.insert(i);
                // "إلى 6 شهداء و23 مصابا": the noun after the number says what it counts, and
                // is no figure of its own.
                let class = match counted_by(q) {
                    Some(c) => {
                        seen_words.push(c.range.clone());
                        c.class
                    }
                    None => cw.class,
                };
                out.push(Figure { class, range: union(&cw.range, &q.range), count: quantity_count(q) });
            }
            // Either way the toll word is no vague plural: it names the count.
            continue;
        }
        // Pronoun suffix: the people were counted already ("استشهادهم", "مقتلهم").
        let host = text[cw.range.clone()].to_string();
        if w.referring_suffixes.iter().any(|s| host.ends_with(s.as_str()) && host.len() > s.len() + 4 && !(s == "ه" && cw.ta_marbuta))
            && !is_plural_casualty_noun(word)
        {
            continue;
        }
        // "دون وقوع إصابات", "لم يسفر القصف عن قتلى": none.
        let last = word.rsplit(' ').next().unwrap_or(word);
        let definite = ["ال", "وال", "بال", "لل", "ولل"].iter().any(|p| last.starts_with(p));
        // "عن قتلى أو جرحى": a casualty word joined to a negated one is negated too.
        let joined_to_negated = negated_end.is_some_and(|e: usize| {
            e <= cw.range.start && text[e..cw.range.start].split(|c: char| !is_word_char(c)).all(|x| matches!(x, "" | "او" | "و"))
        });
        if !definite && (joined_to_negated || negated(text, cw.range.start, span.start)) {
            negated_end = Some(cw.range.end);
            out.push(Figure { class: cw.class, range: cw.range.clone(), count: Count::Exact(0) });
            continue;
        }
        // "وإصابة آخرين", "وجرح آخرون": other people, not counted (a vague figure).
        if let Some(next) = next_word(text, cw.range.end, span.end) {
            if !text[cw.range.end..next.start].contains(CLAUSE_MARKS) && w.others.contains(&text[next.clone()]) {
                out.push(Figure { class: cw.class, range: cw.range.start..next.end, count: Count::Vague });
                continue;
            }
        }
        // A singular noun after the word: one person, plus any companions ("مع ثلاثة"). A short
        // phrase may stand between: "أصيب على إثرها القيادي".
        let mut pos = cw.range.end;
        let mut found_person = None;
        for _ in 0..4 {
            let Some(next) = next_word(text, pos, span.end) else { break };
            if text[pos..next.start].contains([',', '،', '.']) {
                break;
            }
            let noun = &text[next.clone()];
            if w.singular_nouns.contains(noun) || w.singular_nouns.contains(noun.strip_prefix("ال").unwrap_or(noun)) {
                found_person = Some(next);
                break;
            }
            pos = next.end;
        }
        if let Some(next) = found_person {
            let mut count = 1;
            let mut end = next.end;
            // "قتل رجل وامرأة", "إصابة طفل وطفلة وشاب": each singular noun joined by "و" is one
            // more person.
            while let Some(more) = next_word(text, end, span.end) {
                let noun = &text[more.clone()];
                let joined = text[end..more.start].trim().is_empty()
                    && noun.strip_prefix('و').is_some_and(|n| w.singular_nouns.contains(n) || w.singular_nouns.contains(n.strip_prefix("ال").unwrap_or(n)));
                if !joined {
                    break;
                }
                count += 1;
                end = more.end;
            }
            if let Some((i, q)) = companion_figure(text, next.end, span.end, &qs, &used) {
                used.insert(i);
                count += q.value.unwrap_or(0);
                end = q.range.end;
            }
            out.push(Figure { class: cw.class, range: cw.range.start..end, count: Count::Exact(count) });
            continue;
        }
        if is_plural_casualty_noun(word) {
            // "دماء الشهداء", "وشيع الأهالي الشهداء": the dead named with the article, and no
            // word of their falling, are people the report knows of, not a new toll.
            let last = word.rsplit(' ').next().unwrap_or(word);
            let definite = ["ال", "وال", "بال", "لل", "ولل"].iter().any(|p| last.starts_with(p));
            let before = prev_word(text, cw.range.start, span.start);
            let fell = word.contains(' ')
                || before.clone().is_some_and(|p| matches!(&text[p], "سقوط" | "سقط" | "وقوع" | "وقع" | "ارتقاء" | "ارتقي" | "بسقوط" | "وسقوط" | "وسقط"));
            // "سقوط المزيد من القتلى": more of them, a vague count.
            let more = before.is_some_and(|p| {
                &text[p.clone()] == "من" && prev_word(text, p.start, span.start).is_some_and(|q| matches!(&text[q], "المزيد" | "مزيد"))
            });
            if definite && !fell && !more {
                continue;
            }
            out.push(Figure { class: cw.class, range: cw.range.clone(), count: Count::Vague });
        } else if is_singular_casualty_noun(word) && !after_between(text, cw.range.start, span.start) {
            // "ارتقاء شهيد وعدد من الإصابات": one person.
            out.push(Figure { class: cw.class, range: cw.range.clone(), count: Count::Exact(1) });
        }
    }
    // "تم القضاء على عدد من المسلحين": a killing phrase with a count of people right after it.
    for phrase in &w.killing_phrases {
        for (at, _) in text[span.clone()].match_indices(phrase.as_str()) {
            let start = span.start + at;
            let end = start + phrase.len();
            let bounded = text[..start].chars().next_back().is_none_or(|c| !is_word_char(c))
                && text[end..].chars().next().is_none_or(|c| !is_word_char(c));
            if !bounded || seen_words.iter().any(|r| r.start < end && start < r.end) {
                continue;
            }
            let object = qs.iter().enumerate().find(|(i, q)| {
                !used.contains(i) && q.range.start >= end && gap_words(text, end, q.range.start) == 0
            });
            if let Some((i, q)) = object {
                let people = q.counted.is_some() || next_word(text, q.range.end, span.end).is_some_and(|n| text[n].starts_with("منهم"));
                if people {
                    used.insert(i);
                    seen_words.push(start..end);
                    out.push(Figure { class: CasualtyClass::Killed, range: start..q.range.end, count: quantity_count(q) });
                }
            }
        }
    }
    out.sort_by_key(|f| f.range.start);
    // "أكثر من 50 قتيلاً وجريحاً", "12 بين قتيل وجريح": a number that counts the killed and
    // the injured together says how many died only vaguely (the coding rules' 10).
    for f in out.iter_mut().filter(|f| f.class == CasualtyClass::Killed && matches!(f.count, Count::Exact(_))) {
        let joint = next_word(text, f.range.end, span.end).is_some_and(|n| {
            text[f.range.end..n.start].trim().is_empty()
                && matches!(&text[n], "وجريح" | "وجريحا" | "وجرحي" | "ومصاب" | "ومصابا" | "ومصابين" | "وجريحه")
        });
        if joint {
            f.count = Count::Vague;
        }
    }
    if crate::debug_enabled() {
        for f in &out {
            eprintln!("figure {:?} {:?} «{}»", f.class, f.count, &text[f.range.clone()]);
        }
    }
    out
}

/// Punctuation that closes a clause.
const CLAUSE_MARKS: [char; 6] = [',', '،', '.', ':', '؛', ';'];

/// Whether a quantity may count people: not when the noun it counts is a thing, a place or a
/// time ("قذيفتين", "عشر قذائف", "ثلاثة أيام"), nor when it is the number of a unit or a road
/// ("الفوج 137").
fn may_count_people(text: &str, q: &Quantity, floor: usize) -> bool {
    let w = words();
    if let Some(r) = &q.counted {
        let noun = &text[r.clone()];
        let bare = strip_proclitics(noun);
        // A dual's stem keeps its ta ("قذيفت"): the singular ends in ta marbuta.
        let singular = bare.strip_suffix('ت').map(|s| format!("{s}ه"));
        if w.things.contains(bare) || singular.is_some_and(|s| w.things.contains(&s)) {
            return false;
        }
    }
    let digits = text[q.range.clone()].trim_start_matches(|c: char| !c.is_ascii_digit() && !is_word_char(c)).starts_with(|c: char| c.is_ascii_digit());
    if digits {
        if let Some(prev) = prev_word(text, q.range.start, floor) {
            let between = &text[prev.end..q.range.start];
            let word = &text[prev];
            let labelled = w.labels.contains(word)
                || word.strip_prefix(['و', 'ب', 'ف']).is_some_and(|x| w.labels.contains(x))
                || word.strip_prefix("لل").is_some_and(|x| w.labels.contains(&format!("ال{x}")));
            if labelled && !between.contains(CLAUSE_MARKS) {
                return false;
            }
        }
    }
    true
}

/// The word without the proclitics و، ب and the article.
fn strip_proclitics(word: &str) -> &str {
    let w = word.strip_prefix(['و', 'ف']).unwrap_or(word);
    let w = w.strip_prefix(['ب', 'ل']).filter(|x| x.starts_with("ال")).unwrap_or(w);
    w.strip_prefix("ال").filter(|x| x.chars().count() >= 2).unwrap_or(w)
}

/// Whether a casualty word is, or is the noun right after, "حصيلة" (a toll).
fn in_toll_phrase(text: &str, range: &Range<usize>, floor: usize) -> bool {
    let is_toll = |w: &str| strip_proclitics(w) == "حصيله";
    is_toll(text[range.clone()].split(' ').next().unwrap_or_default()) || prev_word(text, range.start, floor).is_some_and(|p| is_toll(&text[p]))
}

/// What a backward walk over the words of a clause does at one word.
enum Step {
    Found,
    Skip,
    Stop,
}

/// Walks back at most `max` words from `pos` without leaving the clause; true when `at` finds.
fn found_before(text: &str, pos: usize, floor: usize, max: usize, mut at: impl FnMut(&str) -> Step) -> bool {
    let mut end = pos;
    for _ in 0..max {
        let Some(prev) = prev_word(text, end, floor) else { return false };
        if text[prev.end..end].contains(CLAUSE_MARKS) {
            return false;
        }
        match at(&text[prev.clone()]) {
            Step::Found => return true,
            Step::Stop => return false,
            Step::Skip => end = prev.start,
        }
    }
    false
}

/// Whether a negation ("دون", "لم") stands at most four words before `pos` in its clause.
fn negated(text: &str, pos: usize, floor: usize) -> bool {
    let w = words();
    found_before(text, pos, floor, 4, |word| {
        if w.negations.contains(word) || word.strip_prefix(['و', 'ب']).is_some_and(|x| w.negations.contains(x)) {
            Step::Found
        } else {
            Step::Skip
        }
    })
}

/// Whether an auxiliary of the pluperfect ("كانا", "كانوا قد") stands right before `pos`.
fn after_auxiliary(text: &str, pos: usize, floor: usize) -> bool {
    let w = words();
    found_before(text, pos, floor, 2, |word| {
        if w.auxiliaries.contains(word) {
            Step::Found
        } else if word == "قد" {
            Step::Skip
        } else {
            Step::Stop
        }
    })
}

/// "مع ثلاثة من عناصره" within a few words after a named person.
fn companion_figure<'q>(
    text: &str,
    from: usize,
    limit: usize,
    qs: &[&'q Quantity],
    used: &HashSet<usize>,
) -> Option<(usize, &'q Quantity)> {
    let w = words();
    let mut pos = from;
    for _ in 0..8 {
        let word = next_word(text, pos, limit)?;
        if text[pos..word.start].contains([',', '،', '.']) {
            return None;
        }
        if w.companions.contains(&text[word.clone()]) {
            return qs
                .iter()
                .enumerate()
                .find(|(i, q)| !used.contains(i) && q.range.start >= word.end && gap_words(text, word.end, q.range.start) == 0)
                .map(|(i, q)| (i, *q));
        }
        pos = word.end;
    }
    None
}

/// Plural casualty nouns that mean "some people" when no number goes with them.
fn is_plural_casualty_noun(word: &str) -> bool {
    // A phrase ("سقوط قتلى") is judged by its noun.
    let word = word.rsplit(' ').next().unwrap_or(word);
    let stem = word
        .strip_prefix("وال")
        .or_else(|| word.strip_prefix("بال"))
        .or_else(|| word.strip_prefix("ال"))
        .or_else(|| word.strip_prefix('و'))
        .unwrap_or(word);
    matches!(stem, "قتلي" | "جرحي" | "شهداء" | "مصابين" | "مصابون" | "ضحايا" | "اصابات" | "معتقلين" | "جثث")
}

/// Indefinite singular casualty nouns: one person ("سقوط قتيل", "ارتقاء شهيد").
fn is_singular_casualty_noun(word: &str) -> bool {
    let last = word.rsplit(' ').next().unwrap_or(word);
    let stem = last.strip_prefix(['و', 'ب']).filter(|s| s.chars().count() >= 4).unwrap_or(last);
    matches!(stem, "قتيل" | "شهيد" | "جريح" | "مصاب")
}

/// "بين قتيل وجريح", "ما بين قتيل وأسير": singular nouns that divide a number, not one person
/// each.
fn after_between(text: &str, pos: usize, floor: usize) -> bool {
    let mut end = pos;
    for _ in 0..3 {
        let Some(prev) = prev_word(text, end, floor) else { return false };
        if matches!(&text[prev.clone()], "بين" | "وبين") {
            return true;
        }
        end = prev.start;
    }
    false
}

/// How many words stand between two positions.
/// "استشهد على إثرها 3 عناصر", "قتل جراء ذلك 5": a two-word phrase of consequence between the
/// verb and its count.
fn consequence_gap(text: &str, a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let words: Vec<&str> = text[a..b].split(|c: char| !is_word_char(c)).filter(|s| !s.is_empty()).collect();
    matches!(words.as_slice(), [w1, w2] if (*w1 == "علي" && w2.starts_with("اثر")) || (matches!(*w1, "جراء" | "نتيجه" | "اثر" | "بسبب") && matches!(*w2, "ذلك" | "ها" | "القصف" | "الهجوم")))
}

fn gap_words(text: &str, a: usize, b: usize) -> usize {
    if a >= b {
        return 0;
    }
    text[a..b].split(|c: char| !is_word_char(c)).filter(|s| !s.is_empty()).count()
}

fn union(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    a.start.min(b.start)..a.end.max(b.end)
}

/// Adds up the figures of one class as ACLED counts them: stated numbers add up; vague figures
/// count only when no number is stated (`vague_as`: 10 for fatalities and injured).
pub fn total(figures: &[&Figure], class: CasualtyClass, vague_as: Option<u32>) -> Option<u32> {
    let mut exact = None;
    let mut vague = false;
    let mut seen: Vec<u32> = Vec::new();
    for f in figures.iter().filter(|f| f.class == class) {
        match f.count {
            // The same number twice in one sentence is the headline and its report
            // ("مقتل 7 ... قال إن سبعة قتلوا"), not two tolls.
            Count::Exact(n) if seen.contains(&n) => {}
            Count::Exact(n) => {
                seen.push(n);
                exact = Some(exact.unwrap_or(0) + n);
            }
            Count::Vague => vague = true,
        }
    }
    match (exact, vague) {
        (Some(n), true) => Some(n + vague_as.unwrap_or(0)),
        (Some(n), false) => Some(n),
        (None, true) => vague_as,
        (None, false) => None,
    }
}
