//! Number expressions in normalised text: digits, cardinal words (all genders and cases,
//! compounds), duals of countable nouns, vague quantities (عدة، عشرات) and approximations
//! (حوالي، أكثر من), each with the noun it counts when there is one.
//!
//! The words themselves are data: `data/lexicon/numbers.toml`, compiled into this crate and
//! turned into one [`LexiconMatcher`] on first use. This module holds only the grammar of how
//! the words combine.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use crate::lexicon::normalize_key;
use crate::tokens::{is_proclitic_chain, tokenize, Token, TokenKind};
use crate::{AlignedText, LexiconMatcher, MatchOptions};

const DATA: &str = include_str!("../../../data/lexicon/numbers.toml");

/// How exact a quantity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Approx {
    /// No qualifier.
    Exact,
    /// حوالي، نحو، قرابة، ما يقارب، زهاء.
    About,
    /// أكثر من، ما لا يقل عن، أزيد من، ما يزيد على.
    AtLeast,
    /// أقل من، ما لا يزيد عن.
    AtMost,
}

/// A quantity given without a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vague {
    /// عدة، عدد من، عددا من، بعض، بضعة: a few.
    Several,
    /// العديد من، عدد كبير من، الكثير من: many.
    Many,
    /// عشرات ("dozens" in English reports).
    Tens,
    /// مئات.
    Hundreds,
    /// آلاف، and "عشرات/مئات الآلاف".
    Thousands,
}

/// One number expression found in normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The whole expression in the normalised text: approximation, number words or digits,
    /// multipliers, with any proclitics ("باكثر من عشر"); for a dual, the dual word. The
    /// counted noun is not included (except inside a dual word).
    pub range: Range<usize>,
    /// The number; `None` when the quantity is vague.
    pub value: Option<u32>,
    /// The kind of vague quantity, when there is no number.
    pub vague: Option<Vague>,
    /// The qualifier before the number.
    pub approx: Approx,
    /// The noun counted, when one follows ("ثلاثه قتلي" → قتلي; "ثلاثه من عناصره" → عناصره,
    /// after من), or precedes a postposed vague word ("احياء عده" → احياء). For a dual, the word
    /// without its dual ending (قتيلين → قتيل; غارتين → غارت). The caller decides whether the noun is
    /// a casualty word. A vague quantity followed by "منهم"/"منهن" counts that pronoun ("اعداد
    /// منهم").
    pub counted: Option<Range<usize>>,
}

/// What one lexicon key can be; a key may be several things ("الف" is 1000 and a multiplier).
#[derive(Debug, Clone, Default)]
struct Entry {
    cardinal: Option<u64>,
    multiplier: Option<u64>,
    vague: Option<Vague>,
    postposed: bool,
    approx: Option<Approx>,
    dual: bool,
    /// Written with the article ("العشرات"): then not in construct with the next word. Taken
    /// from the spelling in the data, before normalisation turns "آلاف" into "الاف".
    definite: bool,
}

struct Numbers {
    matcher: LexiconMatcher,
    entries: Vec<Entry>,
    not_counted: HashSet<String>,
    months: HashSet<String>,
    before_year: HashSet<String>,
}

/// One `key = [...]` line of the data file.
struct Line<'a> {
    section: &'a str,
    key: &'a str,
    values: Vec<&'a str>,
}

/// Reads the subset of TOML that `numbers.toml` is written in (see the file's header). The file
/// is compiled in, so a malformed line is a build-time mistake that the unit tests catch.
fn parse_data(src: &str) -> Result<Vec<Line<'_>>, String> {
    let mut out = Vec::new();
    let mut section = "";
    for (n, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim();
            continue;
        }
        let (key, value) = line.split_once('=').ok_or_else(|| format!("line {}: no `=`", n + 1))?;
        let key = key.trim().trim_matches('"');
        let list = value
            .trim()
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .ok_or_else(|| format!("line {}: value is not a one-line array", n + 1))?;
        let values = list
            .split(',')
            .map(|v| v.trim().trim_matches('"'))
            .filter(|v| !v.is_empty())
            .collect();
        out.push(Line { section, key, values });
    }
    Ok(out)
}

/// Entries by normalised key, merged: one key may have several roles.
#[derive(Default)]
struct Table {
    index: HashMap<String, usize>,
    entries: Vec<Entry>,
}

impl Table {
    fn entry(&mut self, form: &str) -> &mut Entry {
        let entries = &mut self.entries;
        let i = *self.index.entry(normalize_key(form)).or_insert_with(|| {
            entries.push(Entry::default());
            entries.len() - 1
        });
        &mut self.entries[i]
    }
}

fn build(src: &str) -> Result<Numbers, String> {
    let lines = parse_data(src)?;
    let mut table = Table::default();
    let number = |l: &Line| l.key.parse::<u64>().map_err(|_| format!("[{}] key {:?} is not a number", l.section, l.key));
    let mut not_counted = HashSet::new();
    let mut months = HashSet::new();
    let mut before_year = HashSet::new();
    let teen_words: Vec<&str> = lines
        .iter()
        .filter(|l| l.section == "teens" && l.key == "ten")
        .flat_map(|l| l.values.iter().copied())
        .collect();
    for l in &lines {
        match l.section {
            "cardinals" => {
                let v = number(l)?;
                for f in &l.values {
                    table.entry(f).cardinal = Some(v);
                }
                // 13 to 19: the unit forms of 3 to 9 before عشر/عشره.
                if (3..=9).contains(&v) {
                    for f in &l.values {
                        for t in &teen_words {
                            table.entry(&format!("{f} {t}")).cardinal = Some(10 + v);
                        }
                    }
                }
            }
            "teens" if l.key != "ten" => {
                let v = number(l)?;
                for f in &l.values {
                    for t in &teen_words {
                        table.entry(&format!("{f} {t}")).cardinal = Some(v);
                    }
                }
            }
            "teens" => {}
            "multipliers" => {
                let v = number(l)?;
                for f in &l.values {
                    table.entry(f).multiplier = Some(v);
                }
            }
            "vague" => {
                let v = match l.key {
                    "several" => Vague::Several,
                    "many" => Vague::Many,
                    "tens" => Vague::Tens,
                    "hundreds" => Vague::Hundreds,
                    "thousands" => Vague::Thousands,
                    other => return Err(format!("unknown vague kind {other:?}")),
                };
                for f in &l.values {
                    let e = table.entry(f);
                    e.vague = Some(v);
                    e.definite = f.starts_with("ال");
                }
            }
            "postposed" => {
                for f in &l.values {
                    table.entry(f).postposed = true;
                }
            }
            "approx" => {
                let a = match l.key {
                    "about" => Approx::About,
                    "at_least" => Approx::AtLeast,
                    "at_most" => Approx::AtMost,
                    other => return Err(format!("unknown approximation {other:?}")),
                };
                for f in &l.values {
                    table.entry(f).approx = Some(a);
                }
            }
            "duals" => {
                for f in &l.values {
                    table.entry(f).dual = true;
                }
            }
            "dates" => {
                let set = match l.key {
                    "months" => &mut months,
                    "before_year" => &mut before_year,
                    other => return Err(format!("unknown [dates] list {other:?}")),
                };
                set.extend(l.values.iter().map(|f| normalize_key(f)));
            }
            "not_counted" => {
                not_counted.extend(l.values.iter().map(|f| normalize_key(f)));
            }
            other => return Err(format!("unknown section [{other}]")),
        }
    }
    let Table { index, entries } = table;
    let options = MatchOptions { article: false, future: false, suffixes: Vec::new() };
    let matcher = LexiconMatcher::new(index.iter().map(|(k, &i)| (k.as_str(), i as u32)), options)
        .map_err(|e| e.to_string())?;
    Ok(Numbers { matcher, entries, not_counted, months, before_year })
}

fn numbers() -> &'static Numbers {
    static NUMBERS: OnceLock<Numbers> = OnceLock::new();
    NUMBERS.get_or_init(|| match build(DATA) {
        Ok(n) => n,
        // The data is compiled in and checked by the tests; reaching this is a packaging bug.
        Err(e) => panic!("data/lexicon/numbers.toml: {e}"),
    })
}

#[derive(Debug, Clone, Copy)]
enum AtomKind {
    /// An entry of the number lexicon.
    Word(usize),
    /// ASCII digits: an integer, or a decimal that only a multiplier makes a count ("1.5 مليون").
    Digits { int: Option<u64>, decimal: f64 },
}

/// One number word or digit group, with its proclitics.
#[derive(Debug, Clone)]
struct Atom {
    range: Range<usize>,
    /// Where the key or digits start, after the proclitics.
    key: Range<usize>,
    /// Joined to what precedes by "و" (a proclitic, or a lone و before it).
    and: bool,
    kind: AtomKind,
}

/// Parses "30", "1,200" (commas only as thousands separators) and "10.5".
fn parse_digits(s: &str) -> Option<(Option<u64>, f64)> {
    if s.contains(',') {
        let mut groups = s.split(',');
        let head = groups.next()?;
        if head.is_empty() || head.len() > 3 || head.contains('.') {
            return None;
        }
        let mut v: u64 = head.parse().ok()?;
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            v = v.checked_mul(1000)?.checked_add(g.parse().ok()?)?;
        }
        return Some((Some(v), v as f64));
    }
    if s.contains('.') {
        return s.parse::<f64>().ok().map(|d| (None, d));
    }
    let v: u64 = s.parse().ok()?;
    Some((Some(v), v as f64))
}

/// Whether the number token at `k` is part of a date or clock time: "10 / 11 / 2017", "12 : 54",
/// "11 . 10 . 2017", "2023-08-12", a day before a month name ("21 شباط"), a year after a month
/// or a year word ("كانون الثاني 2018", "عام 2015").
fn in_date_or_time(tokens: &[Token], k: usize, text: &str, n: &Numbers) -> bool {
    let sep = |t: Option<&Token>| t.is_some_and(|t| matches!(t.text(text), "/" | ":" | "." | "-"));
    let num = |t: Option<&Token>| t.is_some_and(|t| t.kind == TokenKind::Number);
    if (k >= 2 && sep(tokens.get(k - 1)) && num(tokens.get(k - 2)))
        || (sep(tokens.get(k + 1)) && num(tokens.get(k + 2)))
    {
        return true;
    }
    let word = |t: Option<&Token>| t.map_or("", |t| t.text(text));
    if n.months.contains(word(tokens.get(k + 1))) {
        return true;
    }
    let is_year = tokens[k].text(text).len() == 4
        && tokens[k].text(text).parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y));
    let before = word(k.checked_sub(1).and_then(|p| tokens.get(p)));
    is_year && (n.months.contains(before) || n.before_year.contains(before))
}

fn collect_atoms(text: &str, tokens: &[Token], n: &Numbers) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = n
        .matcher
        .find(text)
        .into_iter()
        .map(|m| Atom {
            and: text[m.range.start..m.key_range.start].starts_with('و'),
            range: m.range,
            key: m.key_range,
            kind: AtomKind::Word(m.value as usize),
        })
        .collect();
    for (k, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Number || in_date_or_time(tokens, k, text, n) {
            continue;
        }
        let Some((int, decimal)) = parse_digits(t.text(text)) else { continue };
        // A proclitic written against the digits: و5، ب6، ال48.
        let clitic = k
            .checked_sub(1)
            .map(|p| &tokens[p])
            .filter(|p| p.range.end == t.range.start && is_proclitic_chain(p.text(text)));
        let start = clitic.map_or(t.range.start, |p| p.range.start);
        atoms.push(Atom {
            range: start..t.range.end,
            key: t.range.clone(),
            and: clitic.is_some_and(|p| p.text(text).starts_with('و')),
            kind: AtomKind::Digits { int, decimal },
        });
    }
    atoms.sort_by_key(|a| a.range.start);
    atoms
}

/// How `b` follows `a`: `None` if something other than blanks (or a lone و) stands between,
/// else whether they are joined by "و".
fn follows(text: &str, a: &Atom, b: &Atom) -> Option<bool> {
    let gap = text.get(a.range.end..b.range.start)?.trim();
    match gap {
        "" => Some(b.and),
        "و" if !b.and => Some(true),
        _ => None,
    }
}

/// The order of magnitude a value sets for the words that may be added after it with و: after
/// "مئه" only tens and units, after "الف" only hundreds and below.
fn scale(v: u64) -> u64 {
    match v {
        1_000_000.. => 1_000_000,
        1000.. => 1000,
        100.. => 100,
        10.. => 10,
        _ => 1,
    }
}

fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Arabic | TokenKind::Latin)
}

/// A preposition fused with the article (بال، لل، وال …) never starts the noun a number counts.
fn starts_with_preposition_and_article(w: &str) -> bool {
    ["وبال", "وال", "فال", "بال", "كال", "ولل", "لل"]
        .iter()
        .any(|p| w.strip_prefix(p).is_some_and(|rest| rest.chars().count() >= 2))
}

fn acceptable_noun(t: &Token, text: &str, n: &Numbers) -> bool {
    let w = t.text(text);
    is_word(t) && !n.not_counted.contains(w) && !starts_with_preposition_and_article(w)
}

/// Whether a token right after a number may be its noun: letters glued to digits ("5eed" in an
/// identifier, "3A0" in an address) are not.
fn separated(t: &Token, end: usize) -> bool {
    t.kind != TokenKind::Latin || t.range.start > end
}

/// The noun after a quantity ending at `end`: the next word, or the word after "من". With
/// `only_after_min`, only the latter: a definite quantity ("العشرات") is not in construct with
/// the next word, so "العشرات ونزوح" counts nothing, while "العشرات من المدنيين" does.
fn counted_after(
    text: &str,
    tokens: &[Token],
    end: usize,
    n: &Numbers,
    only_after_min: bool,
) -> Option<Range<usize>> {
    let k = tokens.partition_point(|t| t.range.start < end);
    let t = tokens.get(k)?;
    if !text[end..t.range.start].trim().is_empty() {
        return None;
    }
    if t.text(text) == "من" {
        let u = tokens.get(k + 1)?;
        return acceptable_noun(u, text, n).then(|| u.range.clone());
    }
    (!only_after_min && separated(t, end) && acceptable_noun(t, text, n)).then(|| t.range.clone())
}

/// "منهم"/"منهن" right after `end`: the people a vague quantity counts are named before it.
fn partitive_pronoun(text: &str, tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let k = tokens.partition_point(|t| t.range.start < end);
    let t = tokens.get(k)?;
    (text[end..t.range.start].trim().is_empty() && matches!(t.text(text), "منهم" | "منهن")).then(|| t.range.clone())
}

/// The noun right before a postposed vague word ("احياء عده").
fn counted_before(text: &str, tokens: &[Token], start: usize, n: &Numbers) -> Option<Range<usize>> {
    let k = tokens.partition_point(|t| t.range.end <= start).checked_sub(1)?;
    let t = &tokens[k];
    (text[t.range.end..start].trim().is_empty() && acceptable_noun(t, text, n)).then(|| t.range.clone())
}

/// Finds every number expression in normalised text, in order, none overlapping.
///
/// Recognised: digits ("4", "1,200"; not the parts of dates and clock times), cardinal words
/// in any gender and case with proclitics ("وثلاثه", "باربع"), teens ("خمسه عشر"), compounds
/// ("خمسه وعشرون", "مئه وخمسون"), multipliers ("ثلاثه الاف", "نحو 120 الف", "1.5 مليون"),
/// duals of a curated list of nouns ("قتيلين" = 2), vague quantities ("عده", "عشرات",
/// "عدد من"), and an approximation right before any of them ("حوالي 4", "اكثر من 30").
/// Number words with the article ("الثلاثه", "الاحد") are not counts and are skipped.
///
/// # Examples
/// ```
/// use marsad_text::{find_quantities, AlignedText, Approx};
/// let t = AlignedText::new("لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين");
/// let n = t.normalized();
/// let q = find_quantities(n);
/// assert_eq!(q.len(), 2);
/// assert_eq!((q[0].value, &n[q[0].counted.clone().unwrap()]), (Some(10), "مدنيين"));
/// assert_eq!((q[1].value, q[1].approx, &n[q[1].range.clone()]), (Some(30), Approx::AtLeast, "اكثر من 30"));
/// ```
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let n = numbers();
    let tokens = tokenize(text);
    let atoms = collect_atoms(text, &tokens, n);
    let entry = |a: &Atom| match a.kind {
        AtomKind::Word(i) => Some(&n.entries[i]),
        AtomKind::Digits { .. } => None,
    };
    let starts_quantity = |a: &Atom| {
        match entry(a) {
            None => true,
            Some(e) => e.cardinal.is_some() || e.vague.is_some() || e.dual || e.multiplier.is_some(),
        }
    };

    let mut out = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        let first = i;
        let mut approx = Approx::Exact;
        if let Some(a) = entry(&atoms[i]).and_then(|e| e.approx) {
            let next = atoms.get(i + 1);
            match next {
                Some(b) if follows(text, &atoms[i], b) == Some(false) && starts_quantity(b) => {
                    approx = a;
                    i += 1;
                }
                // "نحو الشمال", "اكثر من ساعه": not a quantity.
                _ => {
                    i += 1;
                    continue;
                }
            }
        }
        let start = atoms[first].range.start;
        let atom = &atoms[i];
        let e = entry(atom);

        if e.is_some_and(|e| e.dual) {
            let key = &text[atom.key.clone()];
            let base_len = key.char_indices().rev().nth(1).map_or(key.len(), |(j, _)| j);
            let mut end_i = i + 1;
            // "غارتين اثنتين": the number repeats the dual for emphasis.
            if let Some(b) = atoms.get(end_i) {
                if follows(text, atom, b) == Some(false) && entry(b).and_then(|e| e.cardinal) == Some(2) {
                    end_i += 1;
                }
            }
            out.push(Quantity {
                range: start..atoms[end_i - 1].range.end,
                value: Some(2),
                vague: None,
                approx,
                counted: Some(atom.key.start..atom.key.start + base_len),
            });
            i = end_i;
            continue;
        }

        if let Some(e) = e.filter(|e| e.vague.is_some() && e.cardinal.is_none()) {
            let mut vague = e.vague;
            let mut end = atom.range.end;
            i += 1;
            // "عشرات الالاف", "مئات الالاف".
            if let Some(b) = atoms.get(i) {
                let thousands = entry(b).is_some_and(|e| e.vague == Some(Vague::Thousands) || e.multiplier >= Some(1000));
                if follows(text, atom, b) == Some(false) && thousands {
                    vague = Some(Vague::Thousands);
                    end = b.range.end;
                    i += 1;
                }
            }
            let counted = counted_after(text, &tokens, end, n, e.definite)
                .or_else(|| {
                    // An adjective after its noun takes no proclitic: "احياء عده", not "بعده".
                    if e.postposed && atom.range.start == atom.key.start {
                        counted_before(text, &tokens, start, n)
                    } else {
                        None
                    }
                })
                // "قضى على اعداد منهم": a part of people already named.
                .or_else(|| partitive_pronoun(text, &tokens, end));
            // "عده" and "بعض" with nothing counted are mostly other words: بعده "after it",
            // "بعضهم" is not matched but "بعض" before a verb is "some (of them)"; a few is no toll.
            if counted.is_none() && matches!(vague, Some(Vague::Several | Vague::Many)) && !e.definite {
                continue;
            }
            out.push(Quantity { range: start..end, value: None, vague, approx, counted });
            continue;
        }

        // A number: digits or words, then multipliers and و-joined parts.
        let (mut total, mut current, mut floor, mut last_unit, words) = match (atom.kind, e) {
            (AtomKind::Digits { int: Some(v), .. }, _) => (0u64, v, 0u64, false, false),
            (AtomKind::Digits { int: None, decimal }, _) => {
                // A decimal counts only with a multiplier after it.
                let m = atoms
                    .get(i + 1)
                    .filter(|b| follows(text, atom, b) == Some(false))
                    .and_then(|b| entry(b).and_then(|e| e.multiplier));
                match m {
                    Some(m) => {
                        let v = (decimal * m as f64).round() as u64;
                        i += 1;
                        (v, 0, 0, false, false)
                    }
                    None => {
                        i += 1;
                        continue;
                    }
                }
            }
            (AtomKind::Word(_), Some(e)) => match e.cardinal.or(e.multiplier) {
                Some(v) => (0, v, scale(v), v <= 9, true),
                None => {
                    i += 1;
                    continue;
                }
            },
            (AtomKind::Word(_), None) => {
                i += 1;
                continue;
            }
        };
        let mut last = i;
        let mut j = i + 1;
        while let Some(b) = atoms.get(j) {
            let Some(and) = follows(text, &atoms[last], b) else { break };
            let Some(eb) = entry(b) else { break };
            if let (false, Some(m)) = (and, eb.multiplier) {
                if current > 0 && current < m {
                    current = current.saturating_mul(m);
                    if m >= 1000 {
                        total = total.saturating_add(current);
                        current = 0;
                    }
                    floor = m;
                    last_unit = false;
                    last = j;
                    j += 1;
                    continue;
                }
                break;
            }
            let Some(c) = eb.cardinal.filter(|_| and && words) else { break };
            if last_unit && (20..=90).contains(&c) && c % 10 == 0 && current % 100 < 10 {
                // "خمسه وعشرون": units come before tens.
                current += c;
                last_unit = false;
            } else if c < floor {
                current += c;
                floor = scale(c);
                last_unit = c <= 9;
            } else {
                break;
            }
            last = j;
            j += 1;
        }
        i = j;
        let Ok(value) = u32::try_from(total.saturating_add(current)) else { continue };
        let end = atoms[last].range.end;
        // "25 الفا": a multiplier in the accusative (tanwin alif) is not in construct with the
        // next word, unlike "25 الف شخص".
        let accusative = matches!(atoms[last].kind, AtomKind::Word(x) if n.entries[x].multiplier.is_some())
            && text[atoms[last].key.clone()].ends_with('ا');
        let counted = counted_after(text, &tokens, end, n, accusative);
        out.push(Quantity { range: start..end, value: Some(value), vague: None, approx, counted });
    }
    out
}

/// The value of a number written in words or digits ("ثلاثه", "خمسه وعشرون", "مئتين", "1,200",
/// "ثلاثة آلاف"); the text is normalised here, so unnormalised spelling works too. `None` for
/// anything else, including vague or approximate quantities and duals of nouns.
///
/// # Examples
/// ```
/// use marsad_text::parse_number_word;
/// assert_eq!(parse_number_word("إحدى عشرة"), Some(11));
/// assert_eq!(parse_number_word("وثلاثين"), Some(30));
/// assert_eq!(parse_number_word("عشرات"), None);
/// ```
pub fn parse_number_word(word: &str) -> Option<u32> {
    let t = AlignedText::new(word.trim());
    let text = t.normalized();
    match find_quantities(text).as_slice() {
        [q] if q.range == (0..text.len()) && q.approx == Approx::Exact && q.counted.is_none() => q.value,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (expression, value, vague, approx, counted) for each quantity in `src`.
    type Row = (String, Option<u32>, Option<Vague>, Approx, Option<String>);

    fn quantities(src: &str) -> Vec<Row> {
        let t = AlignedText::new(src);
        let n = t.normalized();
        find_quantities(n)
            .into_iter()
            .map(|q| (n[q.range].to_string(), q.value, q.vague, q.approx, q.counted.map(|c| n[c].to_string())))
            .collect()
    }

    fn row(expr: &str, value: Option<u32>, vague: Option<Vague>, approx: Approx, counted: Option<&str>) -> Row {
        let norm = |s: &str| AlignedText::new(s).normalized().to_string();
        (norm(expr), value, vague, approx, counted.map(norm))
    }

    use Approx::*;

    #[test]
    fn data_file_loads_and_is_toml() {
        let n = build(DATA).expect("numbers.toml");
        assert!(n.entries.iter().any(|e| e.dual));
        let table: toml::Table = DATA.parse().expect("numbers.toml is valid TOML");
        assert!(table.contains_key("cardinals") && table.contains_key("duals"));
    }

    #[test]
    fn seed_and_dev_sentences() {
        assert_eq!(
            quantities("وأدت الاشتباكات إلى سقوط قتيلين مدنيين بينهم طفل، إضافة إلى إصابة حوالي 4 آخرين"),
            [row("قتيلين", Some(2), None, Exact, Some("قتيل")), row("حوالي 4", Some(4), None, About, Some("آخرين"))]
        );
        assert_eq!(
            quantities("أصيب على إثرها القيادي في ميليشيا الدفاع “أحمد اللاحج” مع ثلاثة من عناصره"),
            [row("ثلاثة", Some(3), None, Exact, Some("عناصره"))]
        );
        assert_eq!(
            quantities("في الوقت الذي أصيب فيه اثنين من أفراد الدورية المشتركة"),
            [row("اثنين", Some(2), None, Exact, Some("أفراد"))]
        );
        assert_eq!(
            quantities("تسببت بوقوع عدة إصابات في صفوف الطرفين"),
            [row("عدة", None, Some(Vague::Several), Exact, Some("إصابات"))]
        );
        assert_eq!(
            quantities("لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين , ليل اليوم , جراء استهداف الطيران الحربي الروسي بأربع غارات"),
            [
                row("عشرة", Some(10), None, Exact, Some("مدنيين")),
                row("أكثر من 30", Some(30), None, AtLeast, Some("آخرين")),
                row("بأربع", Some(4), None, Exact, Some("غارات")),
            ]
        );
        assert_eq!(
            quantities("ما أدى إلى مقتل تسعة مدنيين , بينهم خمسة أطفال , وإصابة آخرين ."),
            [row("تسعة", Some(9), None, Exact, Some("مدنيين")), row("خمسة", Some(5), None, Exact, Some("أطفال"))]
        );
    }

    #[test]
    fn more_dev_sentences() {
        // ufc_R342_5: a multiplier after digits, and a date that is not a count.
        assert_eq!(
            quantities("تضارب أنباء السيطرة على البوكمال 10 / 11 / 2017 وأجبرت المعارك نحو 120 ألف شخص على النزوح"),
            [row("نحو 120 ألف", Some(120_000), None, About, Some("شخص"))]
        );
        // ufc_R133_0: "فى" is a preposition, not what is counted.
        assert_eq!(
            quantities("مقتل 7 فى انفجار قنبلة بحافلة قال إن سبعة قتلوا كما أصيب ثمانية إثر انفجار"),
            [
                row("7", Some(7), None, Exact, None),
                row("سبعة", Some(7), None, Exact, Some("قتلوا")),
                row("ثمانية", Some(8), None, Exact, None),
            ]
        );
        assert_eq!(
            quantities("إلى 12 شخصا , وإصابة نحو 50 آخرين"),
            [row("12", Some(12), None, Exact, Some("شخصا")), row("نحو 50", Some(50), None, About, Some("آخرين"))]
        );
        // may_2023_10_327 and may_2024_02_037: digits written against a preposition.
        assert_eq!(
            quantities("استُهدفت بـ6 صواريخ، باستشهاد شخص وجرح 3 آخرين"),
            [row("بـ6", Some(6), None, Exact, Some("صواريخ")), row("3", Some(3), None, Exact, Some("آخرين"))]
        );
        // ufc_R342_5: a postposed vague word counts the noun before it; "نحو" alone is "towards".
        assert_eq!(
            quantities("والاستيلاء صباح اليوم على أحياء عدة بالجزء الشمالي وتحرك نحو الشمال"),
            [row("عدة", None, Some(Vague::Several), Exact, Some("أحياء"))]
        );
        // may_2023_07_119 and may_2024_02_380.
        assert_eq!(
            quantities("استهدف بطائرتين مسيرتين ما أدى إلى مقتل سبعة من عناصره، وراح ضحيتها عشرات القتلى"),
            [
                row("بطائرتين", Some(2), None, Exact, Some("طائرت")),
                row("سبعة", Some(7), None, Exact, Some("عناصره")),
                row("عشرات", None, Some(Vague::Tens), Exact, Some("القتلى")),
            ]
        );
        assert_eq!(
            quantities("وأدت هذه الاشتباكات إلى سقوط عدد من الجرحى"),
            [row("عدد من", None, Some(Vague::Several), Exact, Some("الجرحى"))]
        );
    }

    #[test]
    fn compounds_teens_and_multipliers() {
        let v = |s: &str| quantities(s).into_iter().map(|r| r.1).collect::<Vec<_>>();
        assert_eq!(v("قتل خمسة وعشرون شخصا"), [Some(25)]);
        assert_eq!(v("قتل خمسة و عشرين شخصا"), [Some(25)]);
        assert_eq!(v("أحد عشر قتيلا واثنتا عشرة امرأة وسبعة عشر طفلا"), [Some(11), Some(12), Some(17)]);
        assert_eq!(v("مئة وخمسة وعشرون عنصرا"), [Some(125)]);
        assert_eq!(v("ثلاثة آلاف وخمسمائة نازح"), [Some(3500)]);
        assert_eq!(v("ثلاث مئة عائلة و1.5 مليون نازح"), [Some(300), Some(1_500_000)]);
        assert_eq!(v("ألف ومئتان"), [Some(1200)]);
        assert_eq!(v("1,200 منزل"), [Some(1200)]);
        // Digits joined by و are two numbers ("بين 17 و 26").
        assert_eq!(v("ما بين 17 و 26 قتيلا"), [Some(17), Some(26)]);
        // Two numbers side by side are not a compound.
        assert_eq!(v("خمسة عشرون"), [Some(5), Some(20)]);
        // Days of the week and definite numbers are not counts; the time of day is not a count.
        assert!(v("يوم الأحد والاثنين أعلن الثلاثة الساعة 12 : 54").is_empty());
    }

    #[test]
    fn dates_are_not_counts() {
        // ufc_V184_0, ufc_R595_0, may_2023_10_327.
        assert!(quantities("21 شباط 2017 - مكتب أخبار سوريا").is_empty());
        assert!(quantities("اليوم الأربعاء 11 أكتوبر / تشرين الأول , ( محدثة 13 : 25 11 . 10 . 2017 )").is_empty());
        assert!(quantities("والتي بدأت في 17 أكتوبر/تشرين الأول الجاري منذ عام 2015 وفي كانون الثاني 2018").is_empty());
        // A four-digit number that is a count stays one.
        assert_eq!(quantities("نزوح 2000 شخص")[0].1, Some(2000));
    }

    #[test]
    fn vague_without_a_noun() {
        // بعده is "after it", not "several".
        assert!(quantities("وصل بعده إلى المدينة").is_empty());
        // Thousands without a noun are still a quantity; آلاف is not definite.
        assert_eq!(
            quantities("بلغ 25 ألفا تدرب آلاف منهم وتجمع آلاف المقدسيين"),
            [
                row("25 ألفا", Some(25_000), None, Exact, None),
                row("آلاف", None, Some(Vague::Thousands), Exact, Some("منهم")),
                row("آلاف", None, Some(Vague::Thousands), Exact, Some("المقدسيين")),
            ]
        );
        // "أعداد منهم": a part of people named before.
        assert_eq!(
            quantities("وقضى على أعداد منهم وأصاب آخرين"),
            [row("أعداد", None, Some(Vague::Several), Exact, Some("منهم"))]
        );
    }

    #[test]
    fn vague_and_approximate() {
        assert_eq!(
            quantities("مقتل العشرات ونزوح مئات الآلاف من المدنيين بينهم ما لا يقل عن 20 طفلا"),
            [
                row("العشرات", None, Some(Vague::Tens), Exact, None),
                row("مئات الآلاف", None, Some(Vague::Thousands), Exact, Some("المدنيين")),
                row("ما لا يقل عن 20", Some(20), None, AtLeast, Some("طفلا")),
            ]
        );
        assert_eq!(
            quantities("أقل من عشرة عناصر وقرابة خمسين مدنيا واستمرت أكثر من ساعة"),
            [
                row("أقل من عشرة", Some(10), None, AtMost, Some("عناصر")),
                row("وقرابة خمسين", Some(50), None, About, Some("مدنيا")),
            ]
        );
    }

    #[test]
    fn duals_only_from_the_list() {
        assert_eq!(
            quantities("أصيب عنصرين ومدنيين وقتل مقاتلين في غارتين اثنتين قبل يومين"),
            [
                row("عنصرين", Some(2), None, Exact, Some("عنصر")),
                row("غارتين اثنتين", Some(2), None, Exact, Some("غارت")),
                row("يومين", Some(2), None, Exact, Some("يوم")),
            ]
        );
    }

    #[test]
    fn number_words() {
        assert_eq!(parse_number_word("ثلاثة"), Some(3));
        assert_eq!(parse_number_word("ثلاثه"), Some(3));
        assert_eq!(parse_number_word("إحدى"), Some(1));
        assert_eq!(parse_number_word("مائتين"), Some(200));
        assert_eq!(parse_number_word("تسعة وتسعين"), Some(99));
        assert_eq!(parse_number_word("ألفين"), Some(2000));
        assert_eq!(parse_number_word("1,200"), Some(1200));
        assert_eq!(parse_number_word("ثلاثة آلاف"), Some(3000));
        assert_eq!(parse_number_word("الثلاثة"), None);
        assert_eq!(parse_number_word("قتيلين"), None);
        assert_eq!(parse_number_word("حوالي 4"), None);
        assert_eq!(parse_number_word("مدينة"), None);
    }
}
