//! A faithful port of `eval/score.py`: same normalisation (`norm_ar`, `norm_en`), same matching,
//! same greedy pairing, same printed lines.
//!
//! The scorer works on `serde_json::Value` rather than on the model types because gold files
//! carry fields the model lacks (`names_ar`, `optional`, `note`), and because Python's loose
//! semantics (missing key = `None`, truthiness, `1 == 1.0`) must be reproduced exactly for the
//! numbers to agree. Where Python would crash on a malformed value (a string where a list is
//! expected), this port treats the value as absent instead.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

/// The fields whose accuracy is reported over paired events, in print order.
pub const FIELDS: [&str; 8] = [
    "event_type",
    "sub_event_type",
    "date",
    "location",
    "actors",
    "actor_roles",
    "fatalities",
    "injured",
];

static NULL: Value = Value::Null;

/// `d.get(key)` in Python: the value, or null when absent or when `v` is not an object.
fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&NULL)
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A JSON number (or bool, which Python treats as an int) as f64.
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Python `==` on decoded JSON: `1 == 1.0`, `True == 1`, containers element-wise.
fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Bool(_) | Value::Number(_), Value::Bool(_) | Value::Number(_)) => {
            as_number(a) == as_number(b)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => false,
    }
}

/// Python `a or b`.
fn py_or<'a>(a: &'a Value, b: &'a Value) -> &'a Value {
    if truthy(a) {
        a
    } else {
        b
    }
}

/// `str(v)` in Python, as the f-strings of the verbose lines print it.
fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_f64() => py_float_repr(n.as_f64().unwrap_or(0.0)),
        // Lists and dicts as doc ids or names are malformed input; JSON text is close enough.
        other => other.to_string(),
    }
}

/// A list value as a slice (Python `x or []`); anything that is not a list counts as empty.
fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Python's `\s` (`str.isspace`): Unicode White_Space plus the four ASCII separators U+001C..1F.
fn py_is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `\w` for str patterns, approximated with Rust's Unicode properties.
fn py_is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{610}'..='\u{61a}' | '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{6d6}'..='\u{6ed}' | '\u{640}')
}

fn is_punct(c: char) -> bool {
    py_is_space(c) || "\"'“”«»„‟،,.:;()[]{}-–—_/|!?؟".contains(c)
}

fn unify_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        other => other,
    }
}

/// Loose Arabic key: no diacritics or tatweel, unified alef/ya/ta marbuta, no article, no spaces.
pub fn norm_ar(s: &str) -> String {
    let cleaned: String = s.chars().filter(|&c| !is_diacritic(c)).map(unify_letter).collect();
    let mut out = String::new();
    for word in cleaned.split(is_punct).filter(|w| !w.is_empty()) {
        let mut w = word;
        for pre in ["وال", "بال", "فال", "لل", "ال"] {
            // Python compares lengths in code points.
            if w.starts_with(pre) && w.chars().count() >= pre.chars().count() + 2 {
                w = &w[pre.len()..];
                break;
            }
        }
        out.push_str(w);
    }
    out
}

/// Loose English key: lower case, no `al-`/`el-`/... prefixes, only `[a-z0-9]`.
pub fn norm_en(s: &str) -> String {
    const PREFIXES: [&str; 8] = ["al", "el", "ad", "ar", "as", "ash", "az", "an"];
    let chars: Vec<char> = s.to_lowercase().chars().collect();
    let mut kept = String::new();
    let mut i = 0;
    'scan: while i < chars.len() {
        // `\b` before a word character: start of text or a non-word character before it; the
        // regex looks at the original text, so `al-al-x` loses both prefixes.
        if py_is_word(chars[i]) && (i == 0 || !py_is_word(chars[i - 1])) {
            for pre in PREFIXES {
                let n = pre.len();
                if chars.len() > i + n
                    && pre.chars().zip(&chars[i..i + n]).all(|(a, &b)| a == b)
                    && matches!(chars[i + n], '-' | ' ')
                {
                    i += n + 1;
                    continue 'scan;
                }
            }
        }
        kept.push(chars[i]);
        i += 1;
    }
    kept.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit()).collect()
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `date.fromisoformat(s[:10])` of Python 3.11+: `YYYY-MM-DD`, `YYYYMMDD`, and the ISO week
/// forms `YYYY-Www[-D]`, `YYYYWww[D]`.
fn parse_date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?;
    let s: String = s.chars().take(10).collect();
    if s.len() < 7 || !s.is_ascii() {
        return None;
    }
    let year = i32::try_from(digits(&s[..4])?).ok()?;
    if year < 1 {
        return None;
    }
    let rest = &s[4..];
    let (sep, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if let Some(week_part) = rest.strip_prefix('W') {
        let (week, day) = match (sep, week_part.len()) {
            (_, 2) => (week_part, "1"),
            (true, 4) if &week_part[2..3] == "-" => (&week_part[..2], &week_part[3..]),
            (false, 3) => (&week_part[..2], &week_part[2..]),
            _ => return None,
        };
        let weekday = match digits(day)? {
            1 => chrono::Weekday::Mon,
            2 => chrono::Weekday::Tue,
            3 => chrono::Weekday::Wed,
            4 => chrono::Weekday::Thu,
            5 => chrono::Weekday::Fri,
            6 => chrono::Weekday::Sat,
            7 => chrono::Weekday::Sun,
            _ => return None,
        };
        return NaiveDate::from_isoywd_opt(year, digits(week)?, weekday);
    }
    let (month, day) = if sep {
        if rest.len() != 5 || &rest[2..3] != "-" {
            return None;
        }
        (&rest[..2], &rest[3..])
    } else {
        if rest.len() != 4 {
            return None;
        }
        (&rest[..2], &rest[2..])
    };
    NaiveDate::from_ymd_opt(year, digits(month)?, digits(day)?)
}

/// Great-circle distance in km, or `None` when either side lacks a numeric lat/lon.
fn km(a: &Value, b: &Value) -> Option<f64> {
    let coord = |v: &Value, k: &str| as_number(get(v, k)).map(f64::to_radians);
    let (la1, lo1) = (coord(a, "lat")?, coord(a, "lon")?);
    let (la2, lo2) = (coord(b, "lat")?, coord(b, "lon")?);
    // `x ** 2` in Python calls libm `pow`; `powf` calls the same function.
    let h = ((la2 - la1) / 2.0).sin().powf(2.0)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powf(2.0);
    let h = if h < 1.0 { h } else { 1.0 };
    Some(12742.0 * h.sqrt().asin())
}

fn text_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn contains_either(a: &str, b: &str) -> bool {
    a.contains(b) || b.contains(a)
}

fn loc_match(g: &Value, p: &Value) -> bool {
    let (ga, pa) = (norm_ar(text_of(get(g, "name_ar"))), norm_ar(text_of(get(p, "name_ar"))));
    if !ga.is_empty() && !pa.is_empty() && contains_either(&ga, &pa) {
        return true;
    }
    let (ge, pe) = (norm_en(text_of(get(g, "name_en"))), norm_en(text_of(get(p, "name_en"))));
    if !ge.is_empty() && !pe.is_empty() && ge.len().min(pe.len()) >= 4 && contains_either(&ge, &pe)
    {
        return true;
    }
    km(g, p).is_some_and(|d| d <= 15.0)
}

fn date_match(g: &Value, p: &Value) -> bool {
    let (gd, pd) = (parse_date(get(g, "date")), parse_date(get(p, "date")));
    let Some(gd) = gd else { return pd.is_none() };
    let Some(pd) = pd else { return false };
    let diff = (gd - pd).num_days().abs();
    let day = Value::from("day");
    let precision = py_or(get(g, "date_precision"), &day);
    if precision == "day" {
        diff == 0
    } else if precision == "week" {
        diff <= 3
    } else {
        (gd.year(), gd.month()) == (pd.year(), pd.month()) || diff <= 15
    }
}

/// The normalised Arabic and English keys of one actor.
fn actor_keys(a: &Value) -> (HashSet<String>, HashSet<String>) {
    let mut ar = HashSet::new();
    let mut en = HashSet::new();
    if !truthy(a) {
        return (ar, en);
    }
    let names_ar = list(get(a, "names_ar")).iter().chain(list(get(a, "mentions")));
    for s in names_ar.chain(std::iter::once(get(a, "name_ar"))) {
        let k = norm_ar(text_of(s));
        if !k.is_empty() {
            ar.insert(k);
        }
    }
    for s in std::iter::once(get(a, "name_en")).chain(list(get(a, "names_en"))) {
        let k = norm_en(text_of(s));
        if !k.is_empty() {
            en.insert(k);
        }
    }
    (ar, en)
}

fn one_actor_match(g: &Value, p: &Value) -> bool {
    let (gar, gen) = actor_keys(g);
    let (par, pen) = actor_keys(p);
    let any = |xs: &HashSet<String>, ys: &HashSet<String>| {
        xs.iter().any(|x| {
            ys.iter().any(|y| {
                // Python `len` counts code points; Arabic keys are multi-byte.
                x.chars().count().min(y.chars().count()) >= 3 && contains_either(x, y)
            })
        })
    };
    any(&gar, &par) || any(&gen, &pen)
}

fn pred_actors(p: &Value) -> Vec<&Value> {
    [get(p, "actor1"), get(p, "actor2")]
        .into_iter()
        .chain(list(get(p, "assoc_actor1")))
        .chain(list(get(p, "assoc_actor2")))
        .filter(|a| truthy(a))
        .collect()
}

/// Every gold actor is found among the predicted actors (main or associated).
fn actors_match(g: &Value, p: &Value) -> bool {
    let gold: Vec<&Value> =
        [get(g, "actor1"), get(g, "actor2")].into_iter().filter(|a| truthy(a)).collect();
    let cands = pred_actors(p);
    if gold.is_empty() {
        return cands.is_empty();
    }
    gold.iter().all(|a| cands.iter().any(|c| one_actor_match(a, c)))
}

/// Each gold actor stands on its own side: actor1 as actor1 (or among assoc_actor1), actor2 likewise.
fn roles_match(g: &Value, p: &Value) -> bool {
    ["1", "2"].iter().all(|side| {
        let ga = get(g, &format!("actor{side}"));
        if !truthy(ga) {
            return true;
        }
        std::iter::once(get(p, &format!("actor{side}")))
            .chain(list(get(p, &format!("assoc_actor{side}"))))
            .any(|c| truthy(c) && one_actor_match(ga, c))
    })
}

/// Which of the pairing criteria hold for one gold/pred pair.
#[derive(Debug, Clone, Copy)]
struct Matches {
    location: bool,
    date: bool,
    actors: bool,
    event_type: bool,
}

fn pair_score(g: &Value, p: &Value) -> Option<(u32, Matches)> {
    let location = loc_match(get(g, "location"), get(p, "location"));
    let date = date_match(g, p);
    let actors = actors_match(g, p);
    if !(location || (date && actors)) {
        return None;
    }
    let event_type = py_eq(get(g, "event_type"), get(p, "event_type"));
    let s = 2 * u32::from(location) + u32::from(date) + u32::from(actors) + u32::from(event_type);
    Some((s, Matches { location, date, actors, event_type }))
}

/// The scorer's result, as `score.py` returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Gold documents.
    pub docs: usize,
    /// Non-optional gold events.
    pub gold_events: usize,
    /// Paired non-optional gold events.
    pub tp: usize,
    /// Unpaired predictions.
    pub fp: usize,
    /// Unpaired non-optional gold events.
    pub fn_: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Accuracy over paired events for each of [`FIELDS`], `None` when no event was scored.
    pub field_accuracy: Vec<(&'static str, Option<f64>)>,
    /// Share of gold events whose pair has type, date, location, actors and fatalities right.
    pub strict: f64,
    /// Per event type (gold type for misses and pairs, predicted type for false alarms).
    pub by_type: BTreeMap<String, TypeCounts>,
    /// Over paired events: (gold sub-type, predicted sub-type) -> count.
    pub confusion: BTreeMap<(String, String), usize>,
}

/// Counts for one event type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Non-optional gold events of this type.
    pub gold: usize,
    /// Of those, paired with a prediction.
    pub found: usize,
    /// Of those, paired with a prediction of the same type.
    pub same_type: usize,
    /// Predictions of this type not paired with any gold event.
    pub false_alarms: usize,
}

/// A document the scorer cannot use (Python would stop with a `KeyError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreError(pub String);

impl std::fmt::Display for ScoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScoreError {}

/// A doc id as a dictionary key: Python keeps `"1"` and `1` apart.
fn doc_key(v: &Value) -> String {
    match v {
        Value::String(s) => format!("s{s}"),
        other => format!("v{other}"),
    }
}

/// The row of an event's type.
fn tally<'a>(by_type: &'a mut BTreeMap<String, TypeCounts>, v: &Value) -> &'a mut TypeCounts {
    by_type.entry(py_str(get(v, "event_type"))).or_default()
}

/// Scores predictions against gold; returns the report and, when `verbose`, the per-event lines.
///
/// # Errors
/// When a gold or predicted document has no `doc_id`.
pub fn score(
    gold_docs: &[Value],
    pred_docs: &[Value],
    verbose: bool,
) -> Result<(Report, Vec<String>), ScoreError> {
    let mut preds: HashMap<String, &[Value]> = HashMap::new();
    for (n, d) in pred_docs.iter().enumerate() {
        let id = d
            .get("doc_id")
            .ok_or_else(|| ScoreError(format!("prediction #{} has no doc_id", n + 1)))?;
        // Later lines win, as in a Python dict comprehension.
        preds.insert(doc_key(id), list(get(d, "events")));
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut right = [0usize; FIELDS.len()];
    let mut seen = [0usize; FIELDS.len()];
    let mut strict = 0usize;
    let mut n_gold = 0usize;
    let mut lines = Vec::new();
    let mut by_type: BTreeMap<String, TypeCounts> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (n, doc) in gold_docs.iter().enumerate() {
        let id = doc
            .get("doc_id")
            .ok_or_else(|| ScoreError(format!("gold document #{} has no doc_id", n + 1)))?;
        let doc_id = py_str(id);
        let gev = list(get(doc, "events"));
        let pev = preds.get(&doc_key(id)).copied().unwrap_or(&[]);
        for g in gev.iter().filter(|g| !truthy(get(g, "optional"))) {
            n_gold += 1;
            tally(&mut by_type, g).gold += 1;
        }
        let mut cands = Vec::new();
        for (i, g) in gev.iter().enumerate() {
            for (j, p) in pev.iter().enumerate() {
                if let Some((s, m)) = pair_score(g, p) {
                    cands.push((s, i, j, m));
                }
            }
        }
        // Stable, like Python's sort: equal scores keep (gold, pred) order.
        cands.sort_by_key(|c| std::cmp::Reverse(c.0));
        let mut used_g = vec![false; gev.len()];
        let mut used_p = vec![false; pev.len()];
        for (_, i, j, m) in cands {
            if used_g[i] || used_p[j] {
                continue;
            }
            used_g[i] = true;
            used_p[j] = true;
            let (g, p) = (&gev[i], &pev[j]);
            if truthy(get(g, "optional")) {
                continue;
            }
            tp += 1;
            let row = tally(&mut by_type, g);
            row.found += 1;
            row.same_type += usize::from(m.event_type);
            let subs = (py_str(get(g, "sub_event_type")), py_str(get(p, "sub_event_type")));
            *confusion.entry(subs).or_default() += 1;
            let zero = Value::from(0);
            let ok = [
                m.event_type,
                py_eq(get(g, "sub_event_type"), get(p, "sub_event_type")),
                m.date,
                m.location,
                m.actors,
                roles_match(g, p),
                py_eq(py_or(get(g, "fatalities"), &zero), py_or(get(p, "fatalities"), &zero)),
            ];
            for (k, good) in ok.iter().enumerate() {
                seen[k] += 1;
                right[k] += usize::from(*good);
            }
            if !get(g, "injured").is_null() {
                seen[7] += 1;
                right[7] += usize::from(py_eq(get(p, "injured"), get(g, "injured")));
            }
            // event_type, date, location, actors, fatalities.
            if ok[0] && ok[2] && ok[3] && ok[4] && ok[6] {
                strict += 1;
            }
            if verbose {
                let bad: Vec<&str> =
                    FIELDS[..7].iter().zip(ok).filter(|(_, good)| !good).map(|(f, _)| *f).collect();
                let bad = if bad.is_empty() { "-".to_owned() } else { bad.join(", ") };
                lines.push(format!("  {doc_id}: gold#{i} ~ pred#{j} wrong: {bad}"));
            }
        }
        for (i, g) in gev.iter().enumerate() {
            if !used_g[i] && !truthy(get(g, "optional")) {
                fn_ += 1;
                if verbose {
                    lines.push(format!(
                        "  {doc_id}: MISSED gold#{i} {} at {} {}",
                        py_str(get(g, "sub_event_type")),
                        py_str(get(py_or(get(g, "location"), &NULL), "name_ar")),
                        py_str(get(g, "date")),
                    ));
                }
            }
        }
        for (j, p) in pev.iter().enumerate() {
            if !used_p[j] {
                fp += 1;
                tally(&mut by_type, p).false_alarms += 1;
                if verbose {
                    lines.push(format!(
                        "  {doc_id}: FALSE pred#{j} {} at {} {}",
                        py_str(get(p, "sub_event_type")),
                        py_str(get(py_or(get(p, "location"), &NULL), "name_ar")),
                        py_str(get(p, "date")),
                    ));
                }
            }
        }
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    // Same operation order as Python, so the floats agree to the last bit.
    let f1 = if precision + recall != 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let field_accuracy = FIELDS
        .iter()
        .enumerate()
        .map(|(k, f)| (*f, (seen[k] > 0).then(|| right[k] as f64 / seen[k] as f64)))
        .collect();
    let report = Report {
        docs: gold_docs.len(),
        gold_events: n_gold,
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        field_accuracy,
        strict: ratio(strict, n_gold),
        by_type,
        confusion,
    };
    Ok((report, lines))
}

/// The text summary `score.py` prints after the verbose lines.
pub fn format_text(report: &Report) -> String {
    let mut s = String::new();
    let r = report;
    // Writing to a String cannot fail.
    let _ = writeln!(
        s,
        "documents {}  gold events {}  tp {}  fp {}  fn {}",
        r.docs, r.gold_events, r.tp, r.fp, r.fn_
    );
    let _ = writeln!(s, "precision {:.3}  recall {:.3}  F1 {:.3}", r.precision, r.recall, r.f1);
    for (f, a) in &r.field_accuracy {
        let a = a.map_or_else(|| "-".to_owned(), |a| format!("{a:.3}"));
        let _ = writeln!(s, "  {f:<15} {a}");
    }
    let _ = writeln!(s, "event_f1={:.3} strict={:.3}", r.f1, r.strict);
    s
}

/// The per-type table and the sub-type confusion table (`marsad eval --tables`).
pub fn format_tables(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nby event type (recall: gold found; type: found with the same type)");
    let _ = writeln!(
        s,
        "  {:<28} {:>5} {:>6} {:>7} {:>6} {:>6}",
        "event_type", "gold", "found", "recall", "type", "false"
    );
    for (t, c) in &report.by_type {
        let share = |a: usize, b: usize| {
            if b > 0 {
                format!("{:.3}", a as f64 / b as f64)
            } else {
                "-".to_owned()
            }
        };
        let _ = writeln!(
            s,
            "  {:<28} {:>5} {:>6} {:>7} {:>6} {:>6}",
            t,
            c.gold,
            c.found,
            share(c.found, c.gold),
            share(c.same_type, c.found),
            c.false_alarms
        );
    }
    let _ = writeln!(s, "\nsub-type confusion over paired events (gold -> predicted: count)");
    for ((g, p), n) in &report.confusion {
        let mark = if g == p { " " } else { "*" };
        let _ = writeln!(s, " {mark} {g} -> {p}: {n}");
    }
    s
}

/// The report as `json.dumps(res, indent=2)` prints it (Python's float repr included).
pub fn format_json(report: &Report) -> String {
    let r = report;
    let mut s = String::from("{\n");
    let _ = writeln!(s, "  \"docs\": {},", r.docs);
    let _ = writeln!(s, "  \"gold_events\": {},", r.gold_events);
    let _ = writeln!(s, "  \"tp\": {},", r.tp);
    let _ = writeln!(s, "  \"fp\": {},", r.fp);
    let _ = writeln!(s, "  \"fn\": {},", r.fn_);
    let _ = writeln!(s, "  \"precision\": {},", py_float_repr(r.precision));
    let _ = writeln!(s, "  \"recall\": {},", py_float_repr(r.recall));
    let _ = writeln!(s, "  \"f1\": {},", py_float_repr(r.f1));
    s.push_str("  \"field_accuracy\": {\n");
    for (k, (f, a)) in r.field_accuracy.iter().enumerate() {
        let a = a.map_or_else(|| "null".to_owned(), py_float_repr);
        let comma = if k + 1 < r.field_accuracy.len() { "," } else { "" };
        let _ = writeln!(s, "    \"{f}\": {a}{comma}");
    }
    s.push_str("  },\n");
    let _ = writeln!(s, "  \"strict\": {}", py_float_repr(r.strict));
    s.push('}');
    s
}

/// Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..16,
/// otherwise `d.ddde+XX`.
pub fn py_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    // `{:e}` gives the shortest round-trip digits, e.g. "6.666666666666666e-1".
    let e = format!("{x:e}");
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len() as i32;
    let decpt = exp + 1;
    let body = if -4 < decpt && decpt <= 16 {
        if decpt <= 0 {
            format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
        } else if decpt >= n {
            format!("{}{}.0", digits, "0".repeat((decpt - n) as usize))
        } else {
            format!("{}.{}", &digits[..decpt as usize], &digits[decpt as usize..])
        }
    } else {
        let rest = if n > 1 { format!(".{}", &digits[1..]) } else { String::new() };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{}{}e{}{:02}", &digits[..1], rest, esign, exp.abs())
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn norm_ar_strips_article_diacritics_and_unifies_letters() {
        assert_eq!(norm_ar("بلدة الصور"), "بلدهصور");
        assert_eq!(norm_ar("مَدِينَةُ إدلب"), "مدينهادلب");
        assert_eq!(norm_ar("والرقة، دير-الزور"), "رقهديرزور");
        // The article stays when fewer than two letters would remain.
        assert_eq!(norm_ar("الي"), "الي");
        assert_eq!(norm_ar(""), "");
        assert_eq!(norm_ar("«قسد»"), "قسد");
    }

    #[test]
    fn norm_en_drops_arabic_articles() {
        assert_eq!(norm_en("al-Bukamal (Abu Kamal)"), "bukamalabukamal");
        assert_eq!(norm_en("Deir ez-Zor"), "deirezzor");
        assert_eq!(norm_en("Ash-Shaddadi"), "shaddadi");
        assert_eq!(norm_en("al-al-Bab"), "bab");
        // Not at a word start: kept.
        assert_eq!(norm_en("Kal-x"), "kalx");
        assert_eq!(norm_en("Hayat Tahrir al Sham"), "hayattahrirsham");
    }

    #[test]
    fn dates_parse_like_python_fromisoformat() {
        let d = |s: &str| parse_date(&json!(s)).map(|d| d.to_string());
        assert_eq!(d("2024-01-12"), Some("2024-01-12".into()));
        assert_eq!(d("2024-01-12T10:00:00"), Some("2024-01-12".into()));
        assert_eq!(d("20240112"), Some("2024-01-12".into()));
        assert_eq!(d("2024-W02-5"), Some("2024-01-12".into()));
        assert_eq!(d("2024-1-12"), None);
        assert_eq!(d("2024-02-30"), None);
        assert_eq!(d("0000-01-01"), None);
        assert_eq!(parse_date(&json!(null)), None);
    }

    #[test]
    fn date_precision_windows() {
        let g = |p: &str| json!({"date": "2024-01-12", "date_precision": p});
        assert!(date_match(&g("day"), &json!({"date": "2024-01-12"})));
        assert!(!date_match(&g("day"), &json!({"date": "2024-01-13"})));
        assert!(date_match(&g("week"), &json!({"date": "2024-01-15"})));
        assert!(!date_match(&g("week"), &json!({"date": "2024-01-16"})));
        assert!(date_match(&g("month"), &json!({"date": "2024-01-31"})));
        assert!(date_match(&g("month"), &json!({"date": "2023-12-28"})));
        assert!(!date_match(&g("month"), &json!({"date": "2023-12-27"})));
        assert!(date_match(&json!({"date": null}), &json!({})));
        assert!(!date_match(&json!({"date": null}), &json!({"date": "2024-01-01"})));
        // Missing precision means day.
        assert!(!date_match(&json!({"date": "2024-01-12"}), &json!({"date": "2024-01-13"})));
    }

    #[test]
    fn locations_match_by_name_or_distance() {
        let g = json!({"name_ar": "مدينة الدانا", "name_en": "al-Dana", "lat": 36.213, "lon": 36.77});
        assert!(loc_match(&g, &json!({"name_ar": "الدانا"})));
        assert!(loc_match(&g, &json!({"name_ar": "سرمدا", "lat": 36.18, "lon": 36.70})));
        assert!(!loc_match(&g, &json!({"name_ar": "حلب", "lat": 36.2, "lon": 37.16})));
        // English names shorter than four letters do not count.
        assert!(!loc_match(&json!({"name_en": "Dana"}), &json!({"name_en": "al-Dan"})));
        assert!(loc_match(&json!({"name_en": "Dana"}), &json!({"name_en": "al-Dana town"})));
        assert!(!loc_match(&NULL, &NULL));
    }

    #[test]
    fn actors_match_by_substring_and_empty_sides() {
        let g = json!({"actor1": {"names_ar": ["قوات سوريا الديمقراطية"], "name_en": "SDF: Syrian Democratic Forces"}});
        let p = json!({"actor1": {"name_en": "SDF", "name_ar": "", "mentions": ["سوريا الديمقراطية"]}});
        assert!(actors_match(&g, &p));
        let p = json!({"actor1": null, "assoc_actor1": [{"name_en": "Syrian Democratic Forces"}]});
        assert!(actors_match(&g, &p));
        assert!(!actors_match(&g, &json!({})));
        assert!(actors_match(&json!({"actor1": null}), &json!({"actor2": {}})));
        assert!(!actors_match(&json!({}), &json!({"actor1": {"name_en": "X"}})));
    }

    #[test]
    fn roles_ask_each_actor_on_its_own_side() {
        let g = json!({"actor1": {"names_ar": ["قسد"]}, "actor2": {"names_ar": ["الجيش السوري"]}});
        let right = json!({"actor1": {"mentions": ["قسد"]}, "actor2": {"mentions": ["الجيش السوري"]}});
        let swapped = json!({"actor1": {"mentions": ["الجيش السوري"]}, "actor2": {"mentions": ["قسد"]}});
        let assoc = json!({"actor1": {"mentions": ["الأسايش"]}, "assoc_actor1": [{"mentions": ["قسد"]}],
                           "actor2": {"mentions": ["الجيش السوري"]}});
        assert!(roles_match(&g, &right));
        assert!(actors_match(&g, &swapped) && !roles_match(&g, &swapped));
        assert!(roles_match(&g, &assoc));
        assert!(roles_match(&json!({"actor1": null}), &swapped));
    }

    #[test]
    fn greedy_pairing_and_counts() {
        let gold = vec![json!({"doc_id": "d", "events": [
            {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2024-01-12",
             "location": {"name_ar": "الجورة"}, "actor1": null, "fatalities": 2, "injured": 6},
            {"event_type": "Battles", "date": "2024-01-12", "location": {"name_ar": "بقرص"},
             "optional": true},
        ]})];
        let pred = vec![json!({"doc_id": "d", "events": [
            {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2024-01-12",
             "location": {"name_ar": "حي الجورة"}, "fatalities": 2, "injured": null},
            {"event_type": "Battles", "location": {"name_ar": "بقرص"}},
            {"event_type": "Riots", "location": {"name_ar": "حلب"}},
        ]})];
        let (r, lines) = score(&gold, &pred, true).unwrap();
        assert_eq!((r.gold_events, r.tp, r.fp, r.fn_), (1, 1, 1, 0));
        assert_eq!(r.precision, 0.5);
        assert_eq!(r.field_accuracy[7], ("injured", Some(0.0)));
        assert_eq!(r.strict, 1.0);
        assert_eq!(lines, vec![
            "  d: gold#0 ~ pred#0 wrong: -".to_owned(),
            "  d: FALSE pred#2 None at حلب None".to_owned(),
        ]);
        assert!(format_text(&r).ends_with("event_f1=0.667 strict=1.000\n"));
    }

    #[test]
    fn missing_doc_id_is_an_error() {
        assert!(score(&[json!({"events": []})], &[], false).is_err());
    }

    #[test]
    fn python_number_formatting() {
        assert_eq!(py_float_repr(0.0), "0.0");
        assert_eq!(py_float_repr(1.0), "1.0");
        assert_eq!(py_float_repr(2.0 / 3.0), "0.6666666666666666");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(0.00001), "1e-05");
        assert_eq!(py_float_repr(1.5e16), "1.5e+16");
        assert_eq!(py_float_repr(123.25), "123.25");
        // `.3f` rounds the exact binary value, ties to even, as Python does.
        assert_eq!(format!("{:.3}", 0.0625), "0.062");
        assert_eq!(format!("{:.3}", 0.1875), "0.188");
        assert_eq!(format!("{:.3}", 2.0 / 3.0), "0.667");
    }

    #[test]
    fn python_equality_and_truthiness() {
        assert!(py_eq(&json!(1), &json!(1.0)));
        assert!(py_eq(&json!(true), &json!(1)));
        assert!(!py_eq(&json!("1"), &json!(1)));
        assert!(!truthy(&json!({})));
        assert!(!truthy(&json!(0.0)));
        assert_eq!(py_str(&json!(3)), "3");
        assert_eq!(py_str(&json!(1.0)), "1.0");
    }
}
