//! How Arabic reports say when: time words from `data/lexicon/time.toml`, a small grammar that
//! combines them with numbers into [`TimeExpr`]s, and the resolution rules of
//! `eval/README.md` ("Dates", "Publication dates") that turn an expression and a reference date
//! into a calendar date with a precision.
//!
//! The words (months, weekdays, "yesterday", units, ...) are data; the ways they combine
//! ("13 كانون الثاني/ يناير 2024", "قبل حوالي 5 أيام", "خلال الساعات الـ48 الماضية") are code,
//! because each combination has its own resolution rule.
//!
//! ```
//! use marsad_lexicon::time::{resolve, Precision, TimeLexicon};
//! use chrono::NaiveDate;
//! let lex = TimeLexicon::embedded().unwrap();
//! let text = marsad_text::AlignedText::new("حدثت اشتباكات، أمس الجمعة، في مدينة العشارة");
//! let found = lex.find(text.normalized());
//! let reference = NaiveDate::from_ymd_opt(2024, 1, 13).unwrap();
//! let date = resolve(&found[0].expr, reference).unwrap();
//! assert_eq!(date.date, NaiveDate::from_ymd_opt(2024, 1, 12).unwrap());
//! assert_eq!(date.precision, Precision::Day);
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use marsad_text::lexicon::{is_word_char, normalize_key};
use marsad_text::{LexiconMatcher, MatchOptions};
use serde::Deserialize;

use crate::LexiconError;

const FILE_NAME: &str = "time.toml";
const EMBEDDED: &str = include_str!("../../../data/lexicon/time.toml");

// ---------------------------------------------------------------------------------------------
// Public model
// ---------------------------------------------------------------------------------------------

/// How exactly a resolved date is known (ACLED `time_precision` 1, 2, 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The day itself.
    Day,
    /// Some day of a known week (or a few days' window).
    Week,
    /// Some day of a known month.
    Month,
}

/// A calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    /// The Gregorian calendar (Levantine or standard month names).
    Gregorian,
    /// The Islamic lunar calendar, resolved with the arithmetical (tabular) calendar, which may
    /// differ by a day or two from the observed one.
    Hijri,
}

/// How a month, weekday or period named without a year relates to the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Nothing said: the latest such date not after the reference.
    Unspecified,
    /// "الجاري", "الحالي": the current one.
    Current,
    /// "الماضي", "المنصرم": the last one before the reference.
    Previous,
    /// "المقبل", "القادم": the next one after the reference.
    Next,
}

/// A part of the day. It never moves the date (an overnight event reported as "الليلة الماضية"
/// is dated to the evening before by the rule for that phrase, not by the part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// فجر
    Dawn,
    /// صباح
    Morning,
    /// ظهر
    Noon,
    /// عصر
    Afternoon,
    /// مساء
    Evening,
    /// ليل, ليلة
    Night,
}

/// A unit of elapsed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// ساعة
    Hour,
    /// يوم
    Day,
    /// أسبوع
    Week,
    /// شهر
    Month,
}

/// A part of a month or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodPart {
    /// مطلع, بداية, أوائل: resolved to the first day.
    Start,
    /// منتصف, أواسط: resolved to the 15th (of a month) or 1 July (of a year).
    Middle,
    /// أواخر, نهاية: resolved to the last day.
    End,
}

/// The period a [`PeriodPart`] or a month mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodRef {
    /// "الشهر" with an optional relation ("مطلع الشهر" = the current month).
    Month(Relation),
    /// A named Gregorian month ("أواخر آذار الماضي", "مطلع كانون الثاني 2024").
    NamedMonth {
        /// 1..=12
        month: u32,
        /// The year when written.
        year: Option<i32>,
        /// The relation word after the month, if any.
        relation: Relation,
    },
    /// "العام" ("بداية العام" = the current year) or an explicit year ("نهاية عام 2023").
    Year {
        /// The year when written.
        year: Option<i32>,
        /// The relation word, if any ("العام الماضي").
        relation: Relation,
    },
}

/// A calendar date as written, possibly without a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateExpr {
    /// The year when written.
    pub year: Option<i32>,
    /// 1..=12 (not checked against the calendar until resolution).
    pub month: u32,
    /// 1..=31 (not checked against the month until resolution: 31 February resolves to None).
    pub day: u32,
    /// The weekday written with the date ("الاثنين 23 تشرين الأول"); used to infer the year.
    pub weekday: Option<Weekday>,
    /// Gregorian or Hijri.
    pub calendar: Calendar,
    /// "الجاري", "الماضي", "المقبل" after the month.
    pub relation: Relation,
}

/// Which day a named weekday refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeekdayAnchor {
    /// The weekday alone ("الخميس", "يوم السبت"): the latest such day on or before the reference.
    Latest,
    /// Said with a relative day ("اليوم السبت" = 0, "أمس الجمعة" = 1): that many days before the
    /// reference, whatever the weekday (the explicit relative word wins; the weekday is a check).
    DaysAgo(i32),
    /// "الخميس الماضي": the latest such day strictly before the reference.
    Previous,
    /// "الخميس المقبل": the first such day strictly after the reference.
    Next,
}

/// A time expression found in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeExpr {
    /// A day of a month: "13 كانون الثاني 2024", "13 كانون الثاني/ يناير", "الاثنين 23 تشرين
    /// الأول", "2024-01-13", "13/1/2024", "11 . 10 . 2017", "17 أكتوبر/تشرين الأول الجاري",
    /// "15 رمضان 1438".
    Date(DateExpr),
    /// Two days of one month: "بين 17 و26 تشرين الأول". Resolves to the first day.
    DateRange {
        /// The first day.
        first: DateExpr,
        /// The last day.
        last: DateExpr,
    },
    /// A month without a day: "شهر آذار", "يناير 2018", "آذار/مارس الماضي".
    Month {
        /// 1..=12
        month: u32,
        /// The year when written.
        year: Option<i32>,
        /// The relation word after the month, if any.
        relation: Relation,
    },
    /// The start, middle or end of a month or year: "مطلع الشهر الحالي", "بداية العام".
    PeriodPart {
        /// Which part.
        part: PeriodPart,
        /// Of which period.
        period: PeriodRef,
    },
    /// A day counted back from the report date by a fixed phrase: "اليوم", "فجر اليوم", "أمس",
    /// "الليلة الماضية", "أول أمس", "الأسبوع الماضي" (7 days, week precision).
    Relative {
        /// Days before the reference (negative for "غداً").
        days_ago: i32,
        /// The precision the rule gives.
        precision: Precision,
        /// The part of the day, when named.
        part: Option<DayPart>,
    },
    /// A named weekday: "الخميس", "اليوم السبت", "أمس الجمعة", "فجر الجمعة", "الخميس الماضي",
    /// "ليلة الخميس/الجمعة" (the first night's day).
    Weekday {
        /// Which weekday.
        weekday: Weekday,
        /// Which one of them.
        anchor: WeekdayAnchor,
        /// The part of the day, when named.
        part: Option<DayPart>,
    },
    /// Two named days: "يومي الخميس والجمعة". Resolves to the first, week precision.
    TwoWeekdays {
        /// The first day named.
        first: Weekday,
        /// The second day named.
        second: Weekday,
    },
    /// A counted time ago: "قبل يومين", "قبل 10 أيام", "قبل حوالي 5 أيام", "قبل أسبوعين",
    /// "منذ 3 أشهر".
    Ago {
        /// How many units.
        amount: u32,
        /// Which unit.
        unit: TimeUnit,
        /// "حوالي", "نحو": the count is approximate (day counts become week precision).
        approx: bool,
    },
    /// An uncounted time ago: "قبل أيام", "منذ أيام", "قبل عدة أيام", "منذ أسابيع", "قبل ساعات".
    FewAgo {
        /// Which unit.
        unit: TimeUnit,
    },
    /// A day of the month named by its relation to the report's: "في الـ17 من الشهر الجاري",
    /// "في 3 من الشهر الماضي", "السابع عشر من الشهر الحالي".
    DayOfMonth {
        /// 1..=31
        day: u32,
        /// `Current` (this month) or `Previous` (last month).
        relation: Relation,
    },
    /// A window ending at the report: "خلال الساعات الـ48 الماضية", "خلال الأيام الثلاثة",
    /// "خلال الأيام الماضية".
    Within {
        /// How many units, when counted.
        amount: Option<u32>,
        /// Which unit.
        unit: TimeUnit,
    },
}

/// One time expression in a normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte range in the normalised text, from the first to the last word of the expression
    /// (proclitics included).
    pub range: Range<usize>,
    /// What it says.
    pub expr: TimeExpr,
}

/// What the opening of a report says of its date: its date line and the site's clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The report's own date line, if any.
    pub dateline: Option<Dateline>,
    /// Byte ranges (normalised text) of the dates that are the site's clock.
    pub clocks: Vec<Range<usize>>,
}

/// A report's own publication date line (see [`TimeLexicon::find_dateline`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// The date as written (a [`TimeExpr::Date`]).
    pub expr: TimeExpr,
}

/// A calendar date with its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResolvedDate {
    /// The date (for week and month precision, the best single day; see each rule).
    pub date: NaiveDate,
    /// How exactly the date is known.
    pub precision: Precision,
    /// True when the text gave a day and month but no year, and the year was inferred from the
    /// reference date.
    pub year_inferred: bool,
}

// ---------------------------------------------------------------------------------------------
// The lexicon file
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    month: Vec<MonthDef>,
    #[serde(default)]
    weekday: Vec<WeekdayDef>,
    #[serde(default)]
    relative: Vec<RelativeDef>,
    #[serde(default)]
    marker: Vec<MarkerDef>,
    #[serde(default)]
    unit: Vec<UnitDef>,
    #[serde(default)]
    period: Vec<PeriodDef>,
    #[serde(default)]
    period_part: Vec<PeriodPartDef>,
    #[serde(default)]
    modifier: Vec<ModifierDef>,
    #[serde(default)]
    day_part: Vec<DayPartDef>,
    #[serde(default)]
    number: Vec<NumberDef>,
    #[serde(default)]
    ordinal: Vec<NumberDef>,
    #[serde(default)]
    blockers: BlockersDef,
    #[serde(default)]
    page_clock: PageClockDef,
}

/// Words that, beside a full date in a report's opening, show it is the site's clock (D1).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PageClockDef {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    window: usize,
    #[serde(default)]
    article_words: Vec<String>,
    #[serde(default)]
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MonthDef {
    month: u32,
    calendar: CalendarDef,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum CalendarDef {
    Gregorian,
    Hijri,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekdayDef {
    weekday: WeekdayName,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum WeekdayName {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeDef {
    days_ago: i32,
    precision: Precision,
    #[serde(default)]
    part: Option<DayPart>,
    names: Vec<String>,
    source: String,
}


#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkerDef {
    kind: MarkerKind,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum MarkerKind {
    Ago,
    Within,
    Approx,
    Few,
    DayWord,
    TwoDays,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitDef {
    unit: TimeUnit,
    #[serde(default)]
    count: Option<u32>,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodDef {
    period: PeriodName,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum PeriodName {
    Month,
    Year,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodPartDef {
    part: PeriodPart,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModifierDef {
    relation: RelationName,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RelationName {
    Current,
    Previous,
    Next,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayPartDef {
    part: DayPart,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberDef {
    value: u32,
    names: Vec<String>,
    source: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BlockersDef {
    #[serde(default)]
    after_today: Vec<String>,
    #[serde(default)]
    before_weekday: Vec<String>,
    #[serde(default)]
    outlet_words: Vec<String>,
    #[serde(default)]
    source: String,
}

/// What one lexicon word means to the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Month { month: u32, calendar: Calendar },
    Weekday(Weekday),
    Relative { days_ago: i32, precision: Precision, part: Option<DayPart> },
    Marker(MarkerKind),
    Unit { unit: TimeUnit, count: Option<u32> },
    Period(PeriodName),
    PeriodPart(PeriodPart),
    Modifier(Relation),
    DayPart(DayPart),
    Number(u32),
    Ordinal(u32),
}


/// The compiled time lexicon.
#[derive(Debug, Clone)]
pub struct TimeLexicon {
    matcher: LexiconMatcher,
    atoms: Vec<Atom>,
    after_today: Vec<String>,
    before_weekday: Vec<String>,
    outlet_words: Vec<String>,
    /// Normalised phrases (as word lists) that mark a date beside them as the site's clock.
    clock_words: Vec<Vec<String>>,
    /// How many words either side of a date a clock word or a date of the other calendar may
    /// stand.
    clock_window: usize,
    /// Normalised phrases that introduce the article's own date line ("نشر في", "First
    /// Published"): a date right after one is never the site's clock.
    article_words: Vec<Vec<String>>,
}

fn invalid(entry: impl Into<String>, message: impl Into<String>) -> LexiconError {
    LexiconError::Invalid { file: FILE_NAME.into(), entry: entry.into(), message: message.into() }
}

/// Collects `(key, atom)` pairs, refusing a key that already means something else.
struct KeyTable {
    atoms: Vec<Atom>,
    keys: Vec<(String, u32)>,
    seen: HashMap<String, Atom>,
}

impl KeyTable {
    fn add(
        &mut self,
        atom: Atom,
        names: &[String],
        source: &str,
        with_article: bool,
    ) -> Result<(), LexiconError> {
        let first = names.first().cloned().unwrap_or_default();
        if names.is_empty() {
            return Err(invalid(format!("{atom:?}"), "no names"));
        }
        if source.trim().is_empty() {
            return Err(invalid(first, "no source note"));
        }
        let index =
            u32::try_from(self.atoms.len()).map_err(|_| invalid(first.clone(), "too many entries"))?;
        self.atoms.push(atom);
        for name in names {
            let key = normalize_key(name);
            if key.is_empty() {
                return Err(invalid(first.clone(), "empty name"));
            }
            let mut variants = vec![key.clone()];
            if with_article && !key.starts_with("ال") {
                variants.push(format!("ال{key}"));
            }
            for k in variants {
                match self.seen.get(&k) {
                    Some(prev) if *prev != atom => {
                        return Err(invalid(k, format!("key has two meanings: {prev:?} and {atom:?}")));
                    }
                    Some(_) => {}
                    None => {
                        self.seen.insert(k.clone(), atom);
                        self.keys.push((k, index));
                    }
                }
            }
        }
        Ok(())
    }
}

impl TimeLexicon {
    /// The lexicon shipped in `data/lexicon/time.toml`, embedded at build time.
    ///
    /// # Errors
    /// Only if the embedded file is broken (the test suite loads it).
    pub fn embedded() -> Result<Self, LexiconError> {
        Self::from_toml(EMBEDDED)
    }

    /// Reads a time lexicon from a file in the format of `data/lexicon/time.toml`.
    ///
    /// # Errors
    /// When the file cannot be read or [`TimeLexicon::from_toml`] rejects it.
    pub fn from_path(path: &Path) -> Result<Self, LexiconError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| LexiconError::Parse { file: path.display().to_string(), message: e.to_string() })?;
        Self::from_toml(&text)
    }

    /// Parses and compiles a time lexicon in the format of `data/lexicon/time.toml`.
    ///
    /// # Errors
    /// [`LexiconError::Parse`] for malformed TOML, [`LexiconError::Invalid`] for an entry without
    /// names or source note, a month or number out of range, or a key with two meanings, and
    /// [`LexiconError::Matcher`] when the keys cannot be compiled.
    pub fn from_toml(text: &str) -> Result<Self, LexiconError> {
        let def: FileDef = toml::from_str(text)
            .map_err(|e| LexiconError::Parse { file: FILE_NAME.into(), message: e.to_string() })?;
        let mut table = KeyTable { atoms: Vec::new(), keys: Vec::new(), seen: HashMap::new() };
        for m in &def.month {
            if !(1..=12).contains(&m.month) {
                return Err(invalid(m.names.first().cloned().unwrap_or_default(), "month out of 1..=12"));
            }
            let calendar = match m.calendar {
                CalendarDef::Gregorian => Calendar::Gregorian,
                CalendarDef::Hijri => Calendar::Hijri,
            };
            table.add(Atom::Month { month: m.month, calendar }, &m.names, &m.source, false)?;
        }
        for w in &def.weekday {
            let day = match w.weekday {
                WeekdayName::Mon => Weekday::Mon,
                WeekdayName::Tue => Weekday::Tue,
                WeekdayName::Wed => Weekday::Wed,
                WeekdayName::Thu => Weekday::Thu,
                WeekdayName::Fri => Weekday::Fri,
                WeekdayName::Sat => Weekday::Sat,
                WeekdayName::Sun => Weekday::Sun,
            };
            table.add(Atom::Weekday(day), &w.names, &w.source, false)?;
        }
        for r in &def.relative {
            let atom = Atom::Relative { days_ago: r.days_ago, precision: r.precision, part: r.part };
            table.add(atom, &r.names, &r.source, false)?;
        }
        for m in &def.marker {
            table.add(Atom::Marker(m.kind), &m.names, &m.source, false)?;
        }
        for u in &def.unit {
            table.add(Atom::Unit { unit: u.unit, count: u.count }, &u.names, &u.source, true)?;
        }
        for p in &def.period {
            table.add(Atom::Period(p.period), &p.names, &p.source, false)?;
        }
        for p in &def.period_part {
            table.add(Atom::PeriodPart(p.part), &p.names, &p.source, false)?;
        }
        for m in &def.modifier {
            let relation = match m.relation {
                RelationName::Current => Relation::Current,
                RelationName::Previous => Relation::Previous,
                RelationName::Next => Relation::Next,
            };
            table.add(Atom::Modifier(relation), &m.names, &m.source, false)?;
        }
        for d in &def.day_part {
            table.add(Atom::DayPart(d.part), &d.names, &d.source, false)?;
        }
        for n in &def.number {
            if n.value == 0 || n.value > 1000 {
                return Err(invalid(n.names.first().cloned().unwrap_or_default(), "number out of 1..=1000"));
            }
            table.add(Atom::Number(n.value), &n.names, &n.source, true)?;
        }
        for n in &def.ordinal {
            if !(1..=31).contains(&n.value) {
                return Err(invalid(
                    n.names.first().cloned().unwrap_or_default(),
                    "ordinal day out of 1..=31",
                ));
            }
            table.add(Atom::Ordinal(n.value), &n.names, &n.source, false)?;
        }
        let blockers = &def.blockers;
        if (!blockers.after_today.is_empty() || !blockers.before_weekday.is_empty() || !blockers.outlet_words.is_empty())
            && blockers.source.trim().is_empty()
        {
            return Err(invalid("blockers", "no source note"));
        }
        // Keys match at word boundaries with the conjunctions and prepositions in front, but the
        // article is never added: "السبت" is listed as it is written, and "أحد" (one) must not
        // read as "الأحد" (Sunday).
        let options = MatchOptions { article: false, future: false, suffixes: Vec::new() };
        let clock = &def.page_clock;
        if !clock.words.is_empty() && clock.source.trim().is_empty() {
            return Err(invalid("page_clock", "no source note"));
        }
        let phrases = |list: &[String]| -> Vec<Vec<String>> {
            list.iter()
                .map(|w| normalize_key(w).split(|c: char| !is_word_char(c)).filter(|x| !x.is_empty()).map(str::to_string).collect())
                .collect()
        };
        let clock_words = phrases(&clock.words);
        let article_words = phrases(&clock.article_words);
        let matcher = LexiconMatcher::new(table.keys.iter().map(|(k, v)| (k.as_str(), *v)), options)
            .map_err(|source| LexiconError::Matcher { file: FILE_NAME.into(), source })?;
        Ok(TimeLexicon {
            matcher,
            atoms: table.atoms,
            after_today: blockers.after_today.iter().map(|s| normalize_key(s)).collect(),
            before_weekday: blockers.before_weekday.iter().map(|s| normalize_key(s)).collect(),
            outlet_words: blockers.outlet_words.iter().map(|s| normalize_key(s)).collect(),
            clock_words,
            clock_window: clock.window,
            article_words,
        })
    }

    /// Every time expression in a normalised text (see [`marsad_text::AlignedText::normalized`]),
    /// left to right, none overlapping; at each place the longest reading wins.
    pub fn find(&self, text_norm: &str) -> Vec<TimeMention> {
        let toks = self.tokens(text_norm);
        let parser = Parser { text: text_norm, toks: &toks, lex: self };
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match parser.parse_at(i) {
                Some((expr, end)) if end > i => {
                    out.push(TimeMention { range: toks[i].range.start..toks[end - 1].range.end, expr });
                    i = end;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The report's own date line: the first full date (with a year) in the opening of the text
    /// that is not introduced by a preposition ("21 شباط 2017 - مكتب أخبار سوريا",
    /// "10 / 11 / 2017 حجم الخط", "12 : 54 11 . 10 . 2017"), or "today, weekday, day month"
    /// without a year ("اليوم السبت 13 كانون الثاني/ يناير", "اليوم , الاثنين 23 تشرين الأول"),
    /// and that is not the site's clock (see [`TimeLexicon::find_opening`]).
    /// The opening is the first three sentences, and at least the first 300 characters.
    pub fn find_dateline(&self, text_norm: &str) -> Option<Dateline> {
        self.find_opening(text_norm).dateline
    }

    /// The report's date line and the site's clocks in its opening. A clock is a full date the
    /// site shows on every page (D1: a header "today" widget, "تحديث الموقع 2018 / 01 / 21"): a
    /// date paired with a date of the other calendar ("الأحد 21 يناير 2018 م | 04 جمادى الأولى
    /// 1439 ه"), or with a `page_clock` word a few words before or after it. A clock is never
    /// the date line, and no event is dated by it.
    pub fn find_opening(&self, text_norm: &str) -> Opening {
        let window = opening_window(text_norm);
        // Only the opening is read: tokenise it and a margin for an expression that starts in
        // the window and runs past it, not the whole report.
        let mut cut = (window + 512).min(text_norm.len());
        while !text_norm.is_char_boundary(cut) {
            cut += 1;
        }
        let text_norm = &text_norm[..cut];
        let toks = self.tokens(text_norm);
        let parser = Parser { text: text_norm, toks: &toks, lex: self };
        // Every date of the opening, with its token span and whether it may be a date line.
        let mut dates: Vec<(Range<usize>, Range<usize>, TimeExpr, bool)> = Vec::new();
        let mut i = 0;
        while i < toks.len() && toks[i].range.start < window {
            let Some((expr, end)) = parser.parse_at(i) else {
                i += 1;
                continue;
            };
            let range = toks[i].range.start..toks[end - 1].range.end;
            if let TimeExpr::Date(d) = &expr {
                let starts_with_today = matches!(
                    parser.atom(i),
                    Some(Atom::Relative { days_ago: 0, precision: Precision::Day, .. })
                );
                // "يوم 4 أيلول 2016", "يوم الخميس 15 شباط 2024": a date after "day" is told in
                // running text, never a date line.
                let day_word = |k: usize| matches!(parser.atom(k), Some(Atom::Marker(MarkerKind::DayWord)));
                let introduced = i > 0 && (parser.word_in(i - 1, DATELINE_BLOCKERS) || day_word(i - 1)) || day_word(i);
                let with_year = d.year.is_some() && d.calendar == Calendar::Gregorian;
                let today_form = starts_with_today && d.weekday.is_some() && d.year.is_none();
                let candidate = (with_year && !introduced) || today_form;
                if d.year.is_some() || candidate {
                    dates.push((i..end, range, expr.clone(), candidate));
                }
            }
            i = end.max(i + 1);
        }
        let clock = |k: usize| -> bool {
            let (toks_k, _, TimeExpr::Date(d), _) = &dates[k] else { return false };
            let near = |a: &Range<usize>, b: &Range<usize>| a.start <= b.end + self.clock_window && b.start <= a.end + self.clock_window;
            let paired = dates.iter().any(|(t, _, e, _)| {
                matches!(e, TimeExpr::Date(o) if o.year.is_some() && d.year.is_some() && o.calendar != d.calendar) && near(t, toks_k)
            });
            let introduced = phrase_near(&parser, &self.article_words, toks_k.start.saturating_sub(self.clock_window)..toks_k.start, toks_k);
            !introduced && (paired || self.clock_word_near(&parser, toks_k) || between_titles(text_norm, &dates[k].1))
        };
        let clocks: Vec<usize> = (0..dates.len()).filter(|&k| clock(k)).collect();
        let dateline = (0..dates.len())
            .find(|&k| dates[k].3 && !clocks.contains(&k))
            .map(|k| Dateline { range: dates[k].1.clone(), expr: dates[k].2.clone() });
        Opening { dateline, clocks: clocks.into_iter().map(|k| dates[k].1.clone()).collect() }
    }

    /// Whether a `page_clock` phrase stands within the clock window before or after the tokens.
    fn clock_word_near(&self, parser: &Parser<'_>, span: &Range<usize>) -> bool {
        let from = span.start.saturating_sub(self.clock_window);
        let to = (span.end + self.clock_window).min(parser.toks.len());
        phrase_near(parser, &self.clock_words, from..to, span)
    }

    /// Splits the text into words, digit runs and punctuation, and merges the words of each
    /// lexicon match into one token.
    fn tokens(&self, text: &str) -> Vec<Tok> {
        let mut raw: Vec<Tok> = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if c.is_ascii_digit() || is_word_char(c) {
                // Digits and letters are separate tokens so that "الـ48" (normalised "ال48") reads
                // as article + number.
                let digit = c.is_ascii_digit();
                let mut end = start + c.len_utf8();
                while let Some(&(pos, d)) = chars.peek() {
                    let same =
                        if digit { d.is_ascii_digit() } else { is_word_char(d) && !d.is_ascii_digit() };
                    if !same {
                        break;
                    }
                    end = pos + d.len_utf8();
                    chars.next();
                }
                let kind = if digit {
                    let s = &text[start..end];
                    // Long digit runs are ids or phone numbers, never dates.
                    match s.parse::<u32>() {
                        Ok(v) if s.len() <= 4 => TokKind::Num { value: v, digits: s.len() },
                        _ => TokKind::Word,
                    }
                } else {
                    TokKind::Word
                };
                raw.push(Tok { range: start..end, kind });
            } else {
                raw.push(Tok { range: start..start + c.len_utf8(), kind: TokKind::Punct(c) });
            }
        }
        let matches = self.matcher.find(text);
        let mut out = Vec::with_capacity(raw.len());
        let mut m = matches.iter().peekable();
        let mut i = 0;
        while i < raw.len() {
            // Drop matches that start before this token (they did not align with tokens).
            while m.peek().is_some_and(|x| x.range.start < raw[i].range.start) {
                m.next();
            }
            if let Some(x) = m.peek().filter(|x| x.range.start == raw[i].range.start) {
                let mut j = i;
                while j < raw.len() && raw[j].range.end < x.range.end {
                    j += 1;
                }
                if j < raw.len() && raw[j].range.end == x.range.end {
                    out.push(Tok { range: x.range.clone(), kind: TokKind::Atom(x.value) });
                    m.next();
                    i = j + 1;
                    continue;
                }
                m.next();
            }
            out.push(raw[i].clone());
            i += 1;
        }
        out
    }
}

/// Words that make a full date an event date rather than the date line ("في 15 آذار 2011").
const DATELINE_BLOCKERS: &[&str] = &[
    "في", "منذ", "حتي", "بين", "قبل", "بعد", "من", "الي", "عام", "و", "ب", "وفي", "ومنذ", "وحتي", "وبين",
    "وقبل", "وبعد", "ومن",
];

/// Byte offset of the end of the opening of a text: three sentences, at least 300 characters.
/// Whether one of `phrases` stands in the tokens `within`, outside `except`.
fn phrase_near(parser: &Parser<'_>, phrases: &[Vec<String>], within: Range<usize>, except: &Range<usize>) -> bool {
    if phrases.is_empty() {
        return false;
    }
    let words: Vec<&str> = within
        .filter(|k| !except.contains(k))
        .filter_map(|k| parser.toks.get(k))
        .flat_map(|t| parser.text[t.range.clone()].split(|c: char| !is_word_char(c)))
        .filter(|w| !w.is_empty())
        .collect();
    phrases.iter().any(|phrase| !phrase.is_empty() && words.windows(phrase.len()).any(|w| w.iter().zip(phrase).all(|(a, b)| a == b)))
}

/// Whether a date stands between the page's title and the article's headline that repeats it
/// ("عنوان الخبر - الموقع الأحد 21 كانون الثاني 2018 عنوان الخبر ..."): it is in the site's
/// header, not under the headline where an article's date line stands (D1). The title is
/// known by its first words; they are compared with punctuation and spaces removed, as scraping
/// often glues a header word to the headline ("مباشرجنرال").
fn between_titles(text: &str, date: &Range<usize>) -> bool {
    const TITLE_WORDS: usize = 4;
    const HEADLINE_WITHIN: usize = 600;
    let squeeze = |t: &str| -> String { t.chars().filter(|&c| is_word_char(c)).collect() };
    let words: Vec<&str> = text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()).take(TITLE_WORDS).collect();
    if words.len() < TITLE_WORDS {
        return false;
    }
    let title: String = words.concat();
    let Some(title_end) = text.find(words[TITLE_WORDS - 1]).map(|i| i + words[TITLE_WORDS - 1].len()) else { return false };
    if title.chars().count() < 12 || date.start < title_end {
        return false;
    }
    let mut end = (date.end + HEADLINE_WITHIN).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    squeeze(&text[date.end..end]).contains(&title)
}

fn opening_window(text: &str) -> usize {
    let min_end = text.char_indices().nth(300).map_or(text.len(), |(i, _)| i);
    let mut sentences = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(pos, c)) in bytes.iter().enumerate() {
        let end = match c {
            '\n' | '|' | '!' | '?' | '؟' => true,
            // A full stop between digits is part of a date ("11 . 10 . 2017").
            '.' => {
                let prev = bytes[..k].iter().rev().find(|(_, c)| !c.is_whitespace()).map(|x| x.1);
                let next = bytes[k + 1..].iter().find(|(_, c)| !c.is_whitespace()).map(|x| x.1);
                !(prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit()))
            }
            _ => false,
        };
        if end {
            sentences += 1;
            if sentences == 3 {
                return (pos + c.len_utf8()).max(min_end);
            }
        }
    }
    text.len()
}

// ---------------------------------------------------------------------------------------------
// Grammar
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum TokKind {
    Atom(u32),
    Num { value: u32, digits: usize },
    Punct(char),
    Word,
}

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    kind: TokKind,
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Tok],
    lex: &'a TimeLexicon,
}

/// A day-month-year core, before a weekday or range is attached.
struct Core {
    first_day: u32,
    day: u32,
    month: u32,
    year: Option<i32>,
    calendar: Calendar,
    relation: Relation,
    end: usize,
}

impl Parser<'_> {
    fn atom(&self, i: usize) -> Option<Atom> {
        match self.toks.get(i)?.kind {
            TokKind::Atom(a) => self.lex.atoms.get(a as usize).copied(),
            _ => None,
        }
    }

    fn num(&self, i: usize) -> Option<(u32, usize)> {
        match self.toks.get(i)?.kind {
            TokKind::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }

    fn punct(&self, i: usize, set: &[char]) -> bool {
        matches!(self.toks.get(i).map(|t| &t.kind), Some(TokKind::Punct(c)) if set.contains(c))
    }

    fn text_of(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| &self.text[t.range.clone()])
    }

    fn word_is(&self, i: usize, word: &str) -> bool {
        self.text_of(i) == Some(word)
    }

    fn word_in(&self, i: usize, words: &[&str]) -> bool {
        self.text_of(i).is_some_and(|t| words.contains(&t))
    }

    fn skip_comma(&self, i: usize) -> usize {
        if self.punct(i, &[',', '،']) {
            i + 1
        } else {
            i
        }
    }

    fn modifier(&self, i: usize) -> Option<Relation> {
        match self.atom(i)? {
            Atom::Modifier(r) => Some(r),
            _ => None,
        }
    }

    /// A number written in digits or words.
    fn count(&self, i: usize) -> Option<u32> {
        if let Some((v, _)) = self.num(i) {
            return Some(v);
        }
        match self.atom(i)? {
            Atom::Number(v) => Some(v),
            _ => None,
        }
    }

    /// The longest expression starting at token `i`.
    fn parse_at(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let candidates = [
            self.dated(i),
            self.weekday_expr(i),
            self.two_weekdays(i),
            self.relative(i),
            self.ago(i),
            self.within(i),
            self.period_part(i),
            self.month_only(i),
            self.day_of_month(i),
        ];
        let mut best: Option<(TimeExpr, usize)> = None;
        for c in candidates.into_iter().flatten() {
            let longer = match &best {
                Some(b) => c.1 > b.1,
                None => true,
            };
            if longer {
                best = Some(c);
            }
        }
        best
    }

    /// A year after a date or month: "2024", "عام 2024", "، 2017", or a Hijri year.
    fn year_after(&self, i: usize, calendar: Calendar) -> Option<(i32, usize)> {
        let mut k = self.skip_comma(i);
        if matches!(self.atom(k), Some(Atom::Period(PeriodName::Year))) {
            k += 1;
        }
        let (y, digits) = self.num(k)?;
        let plausible = match calendar {
            Calendar::Gregorian => (1900..=2100).contains(&y),
            Calendar::Hijri => (1300..=1500).contains(&y),
        };
        if digits == 4 && plausible {
            Some((i32::try_from(y).ok()?, k + 1))
        } else {
            None
        }
    }

    /// A month name, possibly doubled with its other name: "كانون الثاني/ يناير",
    /// "أكتوبر / تشرين الأول", "آذار (مارس)".
    fn month_names(&self, i: usize) -> Option<(u32, Calendar, usize)> {
        let Atom::Month { month, calendar } = self.atom(i)? else { return None };
        let mut k = i + 1;
        let sep = if self.punct(k, &['/', '(', '-', '\\']) { 1 } else { 0 };
        if let Some(Atom::Month { month: m2, calendar: c2 }) = self.atom(k + sep) {
            if m2 == month && c2 == calendar {
                k += sep + 1;
                if self.punct(k, &[')']) {
                    k += 1;
                }
            }
        }
        Some((month, calendar, k))
    }

    /// Day [و day2] [من] month [/ month] [year | relation], or a numeric date.
    fn date_core(&self, i: usize) -> Option<Core> {
        if let Some(core) = self.numeric_core(i) {
            return Some(core);
        }
        let (day, digits) = match (self.num(i), self.atom(i)) {
            (Some(n), _) => n,
            // "السابع من تشرين الأول": an ordinal is a day only before a month.
            // ("العشرين من" reads the cardinal word, which has the same form.)
            (None, Some(Atom::Ordinal(d) | Atom::Number(d))) => {
                let k = if self.word_is(i + 1, "من") { i + 2 } else { i + 1 };
                self.month_names(k)?;
                (d, 1)
            }
            _ => return None,
        };
        if digits > 2 || !(1..=31).contains(&day) {
            return None;
        }
        let mut k = i + 1;
        let first_day = day;
        let mut last_day = day;
        // "بين 17 و26 تشرين الأول", "17-26 آذار"
        if self.word_is(k, "و") || self.punct(k, &['-']) {
            if let Some((d2, dg2)) = self.num(k + 1) {
                if dg2 <= 2 && (1..=31).contains(&d2) && d2 > day {
                    last_day = d2;
                    k += 2;
                }
            }
        }
        if self.word_is(k, "من") {
            k += 1;
        }
        let (month, calendar, mut k) = self.month_names(k)?;
        let mut year = None;
        let mut relation = Relation::Unspecified;
        if let Some((y, e)) = self.year_after(k, calendar) {
            year = Some(y);
            k = e;
        } else if let Some(r) = self.modifier(k) {
            relation = r;
            k += 1;
        }
        Some(Core { first_day, day: last_day, month, year, calendar, relation, end: k })
    }

    /// "13/1/2024", "10 / 11 / 2017", "11 . 10 . 2017", "2024-01-13".
    fn numeric_core(&self, i: usize) -> Option<Core> {
        let (a, da) = self.num(i)?;
        let sep = match self.toks.get(i + 1)?.kind {
            TokKind::Punct(c @ ('/' | '.' | '-')) => c,
            _ => return None,
        };
        let (b, db) = self.num(i + 2)?;
        if !self.punct(i + 3, &[sep]) {
            return None;
        }
        let (c, dc) = self.num(i + 4)?;
        let (y, m, d) = if da == 4 && db <= 2 && dc <= 2 {
            (a, b, c)
        } else if dc == 4 && da <= 2 && db <= 2 {
            (c, b, a)
        } else {
            return None;
        };
        if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some(Core {
            first_day: d,
            day: d,
            month: m,
            year: Some(i32::try_from(y).ok()?),
            calendar: Calendar::Gregorian,
            relation: Relation::Unspecified,
            end: i + 5,
        })
    }

    /// A date with an optional "today/yesterday, weekday" in front.
    fn dated(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let mut k = i;
        let mut weekday = None;
        if matches!(self.atom(k), Some(Atom::Relative { precision: Precision::Day, .. })) {
            k = self.skip_comma(k + 1);
        }
        if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::DayWord))) {
            k += 1;
        }
        if let Some(Atom::Weekday(w)) = self.atom(k) {
            weekday = Some(w);
            k = self.skip_comma(k + 1);
        }
        if k > i && weekday.is_none() {
            return None;
        }
        let core = self.date_core(k)?;
        let make = |day| DateExpr {
            year: core.year,
            month: core.month,
            day,
            weekday,
            calendar: core.calendar,
            relation: core.relation,
        };
        let expr = if core.first_day != core.day {
            TimeExpr::DateRange {
                first: DateExpr { weekday, ..make(core.first_day) },
                last: DateExpr { weekday: None, ..make(core.day) },
            }
        } else {
            TimeExpr::Date(make(core.day))
        };
        Some((expr, core.end))
    }

    /// "الخميس", "يوم السبت", "اليوم السبت", "أمس الجمعة", "فجر الجمعة", "الخميس الماضي",
    /// "ليلة الخميس/الجمعة".
    fn weekday_expr(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let mut k = i;
        let mut anchor = WeekdayAnchor::Latest;
        let mut part = None;
        if let Some(Atom::Relative { days_ago, precision: Precision::Day, part: p }) = self.atom(k) {
            anchor = WeekdayAnchor::DaysAgo(days_ago);
            part = p;
            k = self.skip_comma(k + 1);
        }
        if let Some(Atom::DayPart(p)) = self.atom(k) {
            part = Some(p);
            k += 1;
        }
        if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::DayWord))) {
            k += 1;
        }
        let Some(Atom::Weekday(weekday)) = self.atom(k) else { return None };
        if k == i && i > 0 {
            let before = self.text_of(i - 1).unwrap_or("");
            if self.lex.before_weekday.iter().any(|b| b == before) {
                return None;
            }
        }
        k += 1;
        // "ليلة الخميس/الجمعة", "ليل الخميس - الجمعة": the night that starts on the first day.
        if part.is_some() && (self.punct(k, &['/', '-']) || self.word_is(k, "علي")) {
            if let Some(Atom::Weekday(_)) = self.atom(k + 1) {
                k += 2;
            }
        }
        if anchor == WeekdayAnchor::Latest {
            match self.modifier(k) {
                Some(Relation::Previous) => {
                    anchor = WeekdayAnchor::Previous;
                    k += 1;
                }
                Some(Relation::Next) => {
                    anchor = WeekdayAnchor::Next;
                    k += 1;
                }
                _ => {}
            }
        }
        Some((TimeExpr::Weekday { weekday, anchor, part }, k))
    }

    /// "يومي الخميس والجمعة".
    fn two_weekdays(&self, i: usize) -> Option<(TimeExpr, usize)> {
        if !matches!(self.atom(i), Some(Atom::Marker(MarkerKind::TwoDays))) {
            return None;
        }
        let Some(Atom::Weekday(first)) = self.atom(i + 1) else { return None };
        let mut k = i + 2;
        if self.word_is(k, "و") {
            k += 1;
        }
        let Some(Atom::Weekday(second)) = self.atom(k) else { return None };
        Some((TimeExpr::TwoWeekdays { first, second }, k + 1))
    }

    /// "اليوم", "فجر اليوم", "أمس", "مساء أمس", "الليلة الماضية", "أول أمس", "الأسبوع الماضي".
    fn relative(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let mut k = i;
        let mut outer = None;
        if let Some(Atom::DayPart(p)) = self.atom(k) {
            outer = Some(p);
            k += 1;
        }
        let Some(Atom::Relative { days_ago, precision, part }) = self.atom(k) else { return None };
        // "لليوم الثاني على التوالي", "اليوم السابع": an ordinal day, not today.
        if days_ago == 0 && part.is_none() && precision == Precision::Day {
            let next = self.text_of(k + 1).unwrap_or("");
            let ordinal_number = self.num(k + 1).is_some() || (next == "ال" && self.num(k + 2).is_some());
            if ordinal_number || self.lex.after_today.iter().any(|b| b == next) || self.ends_outlet_name(k) {
                return None;
            }
        }
        Some((TimeExpr::Relative { days_ago, precision, part: outer.or(part) }, k + 1))
    }

    /// Whether "اليوم" at token `k` ends a two-word outlet name: after an outlet word and one
    /// name word ("قناة روسيا اليوم", "لقناة ( روسيا اليوم )"), or quoted with one name word
    /// ("لـ"رأي اليوم"").
    fn ends_outlet_name(&self, k: usize) -> bool {
        let is_word = |i: usize| matches!(self.toks.get(i).map(|t| &t.kind), Some(TokKind::Word | TokKind::Atom(_)));
        let opening = ['(', '"', '«', '['];
        let Some(name) = k.checked_sub(1) else { return false };
        if !is_word(name) {
            return false;
        }
        let mut j = name;
        let mut quoted = false;
        while j > 0 && self.punct(j - 1, &opening) {
            quoted = true;
            j -= 1;
        }
        let closed = self.punct(k + 1, &[')', '"', '»', ']']);
        if quoted && closed {
            return true;
        }
        let Some(before) = j.checked_sub(1).and_then(|i| self.text_of(i)) else { return false };
        // The outlet word may carry a preposition or a conjunction ("لقناه", "وصحيفه").
        let mut bare = ["و", "ل", "ب", "ول", "وب"]
            .iter()
            .filter_map(|p| before.strip_prefix(p))
            .chain(std::iter::once(before));
        bare.any(|w| self.lex.outlet_words.iter().any(|o| o == w))
    }

    /// A unit word: "أيام", "يومين", "يوم", "شهر".
    fn unit(&self, i: usize) -> Option<(TimeUnit, Option<u32>)> {
        match self.atom(i)? {
            Atom::Unit { unit, count } => Some((unit, count)),
            Atom::Marker(MarkerKind::DayWord) => Some((TimeUnit::Day, Some(1))),
            Atom::Period(PeriodName::Month) => Some((TimeUnit::Month, Some(1))),
            _ => None,
        }
    }

    /// "قبل يومين", "قبل 10 أيام", "قبل حوالي 5 أيام", "قبل أيام", "منذ عدة أسابيع".
    fn ago(&self, i: usize) -> Option<(TimeExpr, usize)> {
        if !matches!(self.atom(i), Some(Atom::Marker(MarkerKind::Ago))) {
            return None;
        }
        let mut k = i + 1;
        let mut approx = false;
        if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::Approx))) {
            approx = true;
            k += 1;
        }
        let mut amount = None;
        let mut few = false;
        if let Some(n) = self.count(k) {
            amount = Some(n);
            k += 1;
        } else if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::Few))) {
            few = true;
            k += 1;
        }
        let (unit, implicit) = self.unit(k)?;
        // "منذ الأيام الأولى", "منذ الشهر الماضي": since a definite period, not a time ago.
        if self.text_of(k).is_some_and(|t| t.starts_with("ال")) {
            return None;
        }
        // "منذ يوم الخميس" is "since Thursday": the weekday rule reads it.
        if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::DayWord) | Atom::Period(_)))
            && matches!(self.atom(k + 1), Some(Atom::Weekday(_) | Atom::Month { .. }))
        {
            return None;
        }
        k += 1;
        let expr = match (amount, few, implicit) {
            (Some(0), _, _) => return None,
            (Some(n), _, _) => TimeExpr::Ago { amount: n, unit, approx },
            (None, false, Some(n)) => TimeExpr::Ago { amount: n, unit, approx },
            (None, _, _) => TimeExpr::FewAgo { unit },
        };
        Some((expr, k))
    }

    /// "خلال الساعات الـ48 الماضية", "خلال الأيام الثلاثة", "خلال اليومين الماضيين",
    /// "خلال الأيام الماضية".
    fn within(&self, i: usize) -> Option<(TimeExpr, usize)> {
        if !matches!(self.atom(i), Some(Atom::Marker(MarkerKind::Within))) {
            return None;
        }
        let mut k = i + 1;
        if matches!(self.atom(k), Some(Atom::Marker(MarkerKind::Approx))) {
            k += 1;
        }
        let mut amount = None;
        let skip_article = |k: usize| if self.word_is(k, "ال") { k + 1 } else { k };
        let a = skip_article(k);
        if let Some(n) = self.count(a) {
            amount = Some(n);
            k = a + 1;
        }
        let unit_tok = k;
        let (unit, implicit) = self.unit(k)?;
        k += 1;
        if amount.is_none() {
            let a = skip_article(k);
            if let Some(n) = self.count(a) {
                amount = Some(n);
                k = a + 1;
            }
        }
        let counted = amount.is_some();
        let amount = amount.or(implicit);
        let definite = self.text_of(unit_tok).is_some_and(|t| t.starts_with("ال") || t.starts_with("وال"));
        match self.modifier(k) {
            Some(Relation::Previous) => k += 1,
            Some(_) => return None,
            // Without "الماضية", only a definite counted window looks back ("خلال الأيام الثلاثة");
            // "خلال 24 ساعة" is as often a deadline ahead.
            None if definite && counted => {}
            None => return None,
        }
        Some((TimeExpr::Within { amount, unit }, k))
    }

    /// "مطلع الشهر الحالي", "بداية العام", "أواخر آذار الماضي", "منتصف عام 2023".
    fn period_part(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let Some(Atom::PeriodPart(part)) = self.atom(i) else { return None };
        let mut k = i + 1;
        let period = match self.atom(k) {
            Some(Atom::Period(PeriodName::Year)) => {
                k += 1;
                if let Some((y, digits)) = self.num(k) {
                    if digits != 4 {
                        return None;
                    }
                    k += 1;
                    PeriodRef::Year { year: Some(i32::try_from(y).ok()?), relation: Relation::Unspecified }
                } else {
                    let relation = self.modifier(k).unwrap_or(Relation::Current);
                    if self.modifier(k).is_some() {
                        k += 1;
                    }
                    PeriodRef::Year { year: None, relation }
                }
            }
            Some(Atom::Period(PeriodName::Month))
                if self.text_of(k).is_some_and(|t| t.contains("ال"))
                    && !matches!(
                        self.atom(k + 1),
                        Some(Atom::Month { calendar: Calendar::Gregorian, .. })
                    ) =>
            {
                k += 1;
                let relation = self.modifier(k).unwrap_or(Relation::Current);
                if self.modifier(k).is_some() {
                    k += 1;
                }
                PeriodRef::Month(relation)
            }
            _ => {
                if matches!(self.atom(k), Some(Atom::Period(PeriodName::Month))) {
                    k += 1;
                }
                let (month, year, relation, e) = self.gregorian_month(k)?;
                k = e;
                PeriodRef::NamedMonth { month, year, relation }
            }
        };
        Some((TimeExpr::PeriodPart { part, period }, k))
    }

    /// "الـ17 من الشهر الجاري", "3 من الشهر الماضي", "السابع عشر من الشهر الحالي": a day
    /// number (digits after an optional article, or an ordinal), "من" (optional), the word
    /// "الشهر" and a relation word of the current or the previous month.
    fn day_of_month(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let mut k = if self.word_is(i, "ال") { i + 1 } else { i };
        let day = match (self.num(k), self.atom(k)) {
            (Some((d, digits)), _) if digits <= 2 => d,
            (None, Some(Atom::Ordinal(d))) if k == i => d,
            _ => return None,
        };
        if !(1..=31).contains(&day) {
            return None;
        }
        k += 1;
        if self.word_is(k, "من") {
            k += 1;
        }
        if !matches!(self.atom(k), Some(Atom::Period(PeriodName::Month))) || !self.text_of(k).is_some_and(|t| t.contains("ال")) {
            return None;
        }
        let relation = self.modifier(k + 1)?;
        if !matches!(relation, Relation::Current | Relation::Previous) {
            return None;
        }
        Some((TimeExpr::DayOfMonth { day, relation }, k + 2))
    }

    /// "شهر آذار", "يناير 2018", "آذار/مارس الماضي". A bare month name is not enough: "آب" and
    /// "أيار" also stand for other things.
    fn month_only(&self, i: usize) -> Option<(TimeExpr, usize)> {
        let mut k = i;
        let named_as_month = matches!(self.atom(k), Some(Atom::Period(PeriodName::Month)));
        if named_as_month {
            k += 1;
        }
        let (month, year, relation, e) = self.gregorian_month(k)?;
        if year.is_none() && relation == Relation::Unspecified && !named_as_month {
            return None;
        }
        k = e;
        Some((TimeExpr::Month { month, year, relation }, k))
    }

    /// A Gregorian month name at `i` with the year or the relation word ("الماضي") after it:
    /// (month, year, relation, index after).
    fn gregorian_month(&self, i: usize) -> Option<(u32, Option<i32>, Relation, usize)> {
        let (month, calendar, mut k) = self.month_names(i)?;
        if calendar != Calendar::Gregorian {
            return None;
        }
        let mut year = None;
        let mut relation = Relation::Unspecified;
        if let Some((y, e)) = self.year_after(k, calendar) {
            year = Some(y);
            k = e;
        } else if let Some(r) = self.modifier(k) {
            relation = r;
            k += 1;
        }
        Some((month, year, relation, k))
    }
}

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

fn days_before(reference: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        reference.checked_sub_days(Days::new(u64::try_from(days).ok()?))
    } else {
        reference.checked_add_days(Days::new(days.unsigned_abs()))
    }
}

fn day(date: NaiveDate, precision: Precision) -> ResolvedDate {
    ResolvedDate { date, precision, year_inferred: false }
}

/// The latest `weekday` on or before `reference` (strictly before when `strict`).
fn latest_weekday(weekday: Weekday, reference: NaiveDate, strict: bool) -> Option<NaiveDate> {
    let back = (7 + reference.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    let back = if strict && back == 0 { 7 } else { back };
    days_before(reference, i64::from(back))
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// The year of a day and month written without one, counted back from `not_after`: with a
/// weekday, the latest year in which that day is not after `not_after` and fell on that weekday
/// (eval/README.md, "Publication dates"); without, the latest year in which the date is not after
/// `not_after`. None for a day the month never has (31 February) or when no year within four
/// centuries fits.
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use marsad_lexicon::time::infer_year;
/// let crawl = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
/// assert_eq!(infer_year(1, 13, Some(Weekday::Sat), crawl), Some(2024));
/// assert_eq!(infer_year(2, 30, None, crawl), None);
/// ```
pub fn infer_year(month: u32, day: u32, weekday: Option<Weekday>, not_after: NaiveDate) -> Option<i32> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let top = not_after.year();
    (top - 400..=top).rev().find(|&y| {
        NaiveDate::from_ymd_opt(y, month, day)
            .is_some_and(|d| d <= not_after && weekday.is_none() || weekday == Some(d.weekday()))
    })
}

/// Days from 0001-01-01 (day 1) of the first day of Hijri year 1 in the arithmetical calendar:
/// 16 July 622 (Julian) = 19 July 622 (proleptic Gregorian).
const HIJRI_EPOCH_FROM_CE: i64 = 227_015;

/// A Hijri date in the arithmetical (tabular, civil epoch) Islamic calendar.
fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if year < 1 || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    // Odd months have 30 days, even months 29, and the last month 30 in the 11 leap years of
    // each 30-year cycle.
    let month_len = if m % 2 == 1 || (m == 12 && (14 + 11 * y).rem_euclid(30) < 11) { 30 } else { 29 };
    if d > month_len {
        return None;
    }
    let days =
        d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + HIJRI_EPOCH_FROM_CE - 1;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
}

/// The Hijri year in which `date` falls, approximately (±1), for the year search.
fn approx_hijri_year(date: NaiveDate) -> i32 {
    let days = i64::from(date.num_days_from_ce()) - HIJRI_EPOCH_FROM_CE;
    i32::try_from(days * 30 / 10_631 + 1).unwrap_or(1)
}

/// Resolves a date whose year is not written.
fn resolve_yearless(d: &DateExpr, reference: NaiveDate) -> Option<ResolvedDate> {
    let date = match d.calendar {
        Calendar::Gregorian => match d.relation {
            Relation::Current if d.month == reference.month() => {
                NaiveDate::from_ymd_opt(reference.year(), d.month, d.day)?
            }
            Relation::Previous => {
                let year = if d.month < reference.month() { reference.year() } else { reference.year() - 1 };
                NaiveDate::from_ymd_opt(year, d.month, d.day)?
            }
            Relation::Next => {
                let year = if d.month > reference.month() { reference.year() } else { reference.year() + 1 };
                NaiveDate::from_ymd_opt(year, d.month, d.day)?
            }
            _ => {
                let year = infer_year(d.month, d.day, d.weekday, reference)?;
                NaiveDate::from_ymd_opt(year, d.month, d.day)?
            }
        },
        Calendar::Hijri => {
            let top = approx_hijri_year(reference) + 1;
            let mut found = None;
            for y in (top - 40..=top).rev() {
                if let Some(g) = hijri_to_gregorian(y, d.month, d.day) {
                    if g <= reference && (d.weekday.is_none() || d.weekday == Some(g.weekday())) {
                        found = Some(g);
                        break;
                    }
                }
            }
            found?
        }
    };
    Some(ResolvedDate { date, precision: Precision::Day, year_inferred: true })
}

fn resolve_date(d: &DateExpr, reference: NaiveDate) -> Option<ResolvedDate> {
    match (d.year, d.calendar) {
        (Some(y), Calendar::Gregorian) => {
            NaiveDate::from_ymd_opt(y, d.month, d.day).map(|x| day(x, Precision::Day))
        }
        (Some(y), Calendar::Hijri) => hijri_to_gregorian(y, d.month, d.day).map(|x| day(x, Precision::Day)),
        (None, _) => resolve_yearless(d, reference),
    }
}

/// The year a month without a day refers to.
fn month_year(month: u32, year: Option<i32>, relation: Relation, reference: NaiveDate) -> (i32, bool) {
    if let Some(y) = year {
        return (y, false);
    }
    let y = match relation {
        Relation::Previous => {
            if month < reference.month() {
                reference.year()
            } else {
                reference.year() - 1
            }
        }
        Relation::Next => {
            if month > reference.month() {
                reference.year()
            } else {
                reference.year() + 1
            }
        }
        Relation::Current | Relation::Unspecified => {
            if month <= reference.month() {
                reference.year()
            } else {
                reference.year() - 1
            }
        }
    };
    (y, true)
}

/// A part of one month, never after the reference date when the month is the reference's own.
fn month_part(year: i32, month: u32, part: PeriodPart, reference: NaiveDate) -> Option<NaiveDate> {
    let date = match part {
        PeriodPart::Start => NaiveDate::from_ymd_opt(year, month, 1)?,
        PeriodPart::Middle => NaiveDate::from_ymd_opt(year, month, 15)?,
        PeriodPart::End => last_day_of_month(year, month)?,
    };
    // "منتصف الشهر الجاري" said on the 10th cannot be later than the report.
    let same_month = reference.year() == year && reference.month() == month;
    Some(if same_month && date > reference { reference } else { date })
}

/// Resolves a time expression against the reference date (the report's publication date), by
/// the rules of eval/README.md:
///
/// - "اليوم", "فجر اليوم" -> reference; "أمس", "الليلة الماضية", "فجر الأمس" -> reference - 1;
///   "أول أمس" -> reference - 2 (all day precision).
/// - A weekday alone -> the latest such day on or before the reference (the reference day itself
///   counts); "اليوم السبت" / "أمس الجمعة" -> reference / reference - 1 whatever the weekday;
///   "الخميس الماضي" -> strictly before; "الخميس المقبل" -> strictly after.
/// - "قبل يومين" -> -2, "قبل 10 أيام" -> -10 (day precision; "قبل حوالي 5 أيام" -> -5 week
///   precision); "قبل أسبوعين" -> -14 week; "قبل شهرين" -> two months back, month precision;
///   "قبل 3 ساعات" -> the day 3 hours back, day precision.
/// - "قبل أيام" -> -3 week; "قبل أسابيع" -> -14 month; "قبل ساعات" -> reference, day; "قبل أشهر"
///   -> None (too vague to code).
/// - "الأسبوع الماضي" -> -7 week.
/// - "خلال الساعات الـ48 الماضية", "خلال الأيام الثلاثة" -> the middle of the window (reference
///   minus half its length in whole days), week precision; uncounted ("خلال الأيام الماضية") ->
///   like "قبل أيام".
/// - "يومي الخميس والجمعة" -> the first day (the Thursday before the latest Friday), week.
/// - A full date -> that day; a day and month without year -> `year_inferred`, the year from
///   [`infer_year`] (with the weekday when one is written), or from "الجاري" (the reference's
///   month), "الماضي" (the last such month before the reference's month), "المقبل" (the next).
/// - Two days of a month ("بين 17 و26 تشرين الأول") -> the first, week precision when they are at
///   most 7 days apart, month precision otherwise.
/// - "الـ17 من الشهر الجاري" -> the 17th of the reference's month; "... من الشهر الماضي" -> of the
///   month before (day precision).
/// - A month without a day -> its 15th (not after the reference when it is the current month),
///   month precision; "مطلع" / "منتصف" / "أواخر" a month -> its 1st / 15th / last day, month
///   precision; the same of a year -> 1 January / 1 July / 31 December, month precision.
///
/// None when the date does not exist (31 February), is out of chrono's range, or the expression
/// is too vague.
pub fn resolve(expr: &TimeExpr, reference: NaiveDate) -> Option<ResolvedDate> {
    match *expr {
        TimeExpr::Date(ref d) => resolve_date(d, reference),
        TimeExpr::DateRange { ref first, ref last } => {
            let a = resolve_date(first, reference)?;
            let span = last.day.saturating_sub(first.day);
            let precision = if span <= 7 { Precision::Week } else { Precision::Month };
            Some(ResolvedDate { precision, ..a })
        }
        TimeExpr::Month { month, year, relation } => {
            let (y, inferred) = month_year(month, year, relation, reference);
            let date = month_part(y, month, PeriodPart::Middle, reference)?;
            Some(ResolvedDate { date, precision: Precision::Month, year_inferred: inferred })
        }
        TimeExpr::PeriodPart { part, period } => {
            let (date, inferred) = match period {
                PeriodRef::Month(relation) => {
                    let first = NaiveDate::from_ymd_opt(reference.year(), reference.month(), 1)?;
                    let base = match relation {
                        Relation::Previous => first.checked_sub_months(Months::new(1))?,
                        Relation::Next => first.checked_add_months(Months::new(1))?,
                        _ => first,
                    };
                    (month_part(base.year(), base.month(), part, reference)?, false)
                }
                PeriodRef::NamedMonth { month, year, relation } => {
                    let (y, inferred) = month_year(month, year, relation, reference);
                    (month_part(y, month, part, reference)?, inferred)
                }
                PeriodRef::Year { year, relation } => {
                    let y = year.unwrap_or(match relation {
                        Relation::Previous => reference.year() - 1,
                        Relation::Next => reference.year() + 1,
                        _ => reference.year(),
                    });
                    let date = match part {
                        PeriodPart::Start => NaiveDate::from_ymd_opt(y, 1, 1)?,
                        PeriodPart::Middle => NaiveDate::from_ymd_opt(y, 7, 1)?,
                        PeriodPart::End => NaiveDate::from_ymd_opt(y, 12, 31)?,
                    };
                    let date = if y == reference.year() && date > reference { reference } else { date };
                    (date, false)
                }
            };
            Some(ResolvedDate { date, precision: Precision::Month, year_inferred: inferred })
        }
        TimeExpr::Relative { days_ago, precision, .. } => {
            days_before(reference, i64::from(days_ago)).map(|d| day(d, precision))
        }
        TimeExpr::Weekday { weekday, anchor, .. } => {
            let date = match anchor {
                WeekdayAnchor::Latest => latest_weekday(weekday, reference, false)?,
                WeekdayAnchor::DaysAgo(n) => days_before(reference, i64::from(n))?,
                WeekdayAnchor::Previous => latest_weekday(weekday, reference, true)?,
                WeekdayAnchor::Next => {
                    let ahead =
                        (7 + weekday.num_days_from_monday() - reference.weekday().num_days_from_monday()) % 7;
                    days_before(reference, -i64::from(if ahead == 0 { 7 } else { ahead }))?
                }
            };
            Some(day(date, Precision::Day))
        }
        TimeExpr::TwoWeekdays { first, second } => {
            let last = latest_weekday(second, reference, false)?;
            let date = latest_weekday(first, last, false)?;
            Some(day(date, Precision::Week))
        }
        TimeExpr::Ago { amount, unit, approx } => {
            let n = i64::from(amount);
            match unit {
                TimeUnit::Hour => days_before(reference, n / 24).map(|d| day(d, Precision::Day)),
                TimeUnit::Day => {
                    let precision = if approx { Precision::Week } else { Precision::Day };
                    days_before(reference, n).map(|d| day(d, precision))
                }
                TimeUnit::Week => days_before(reference, 7 * n).map(|d| day(d, Precision::Week)),
                TimeUnit::Month => {
                    reference.checked_sub_months(Months::new(amount)).map(|d| day(d, Precision::Month))
                }
            }
        }
        TimeExpr::FewAgo { unit } => few(unit, reference),
        TimeExpr::DayOfMonth { day: d, relation } => {
            let first = NaiveDate::from_ymd_opt(reference.year(), reference.month(), 1)?;
            let month = if relation == Relation::Previous { first.checked_sub_months(Months::new(1))? } else { first };
            let date = NaiveDate::from_ymd_opt(month.year(), month.month(), d)?;
            Some(day(date, Precision::Day))
        }
        TimeExpr::Within { amount, unit } => {
            let Some(n) = amount else { return few(unit, reference) };
            let span_days = match unit {
                TimeUnit::Hour => (i64::from(n) + 23) / 24,
                TimeUnit::Day => i64::from(n),
                TimeUnit::Week => 7 * i64::from(n),
                TimeUnit::Month => 30 * i64::from(n),
            };
            let precision = if span_days > 14 { Precision::Month } else { Precision::Week };
            days_before(reference, span_days / 2).map(|d| day(d, precision))
        }
    }
}

/// "A few hours/days/weeks ago".
fn few(unit: TimeUnit, reference: NaiveDate) -> Option<ResolvedDate> {
    match unit {
        TimeUnit::Hour => Some(day(reference, Precision::Day)),
        TimeUnit::Day => days_before(reference, 3).map(|d| day(d, Precision::Week)),
        TimeUnit::Week => days_before(reference, 14).map(|d| day(d, Precision::Month)),
        TimeUnit::Month => None,
    }
}

/// Resolves a report's date line against the reference date (the crawl date, or today): a
/// full date as written; "today, weekday, day month" without a year gets the latest year not
/// after the reference in which that day fell on that weekday (`year_inferred`).
pub fn resolve_dateline(dateline: &Dateline, reference: NaiveDate) -> Option<ResolvedDate> {
    resolve(&dateline.expr, reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn hijri_known_dates() {
        // 1 Muharram 1 AH (civil epoch) and 1 Muharram 1445 = 19 July 2023 (tabular).
        assert_eq!(hijri_to_gregorian(1, 1, 1), Some(ymd(622, 7, 19)));
        let d = hijri_to_gregorian(1445, 1, 1).unwrap();
        assert!((d - ymd(2023, 7, 19)).num_days().abs() <= 1, "{d}");
        // 1 Ramadan 1445 was 11 March 2024 (Umm al-Qura).
        let d = hijri_to_gregorian(1445, 9, 1).unwrap();
        assert!((d - ymd(2024, 3, 11)).num_days().abs() <= 1, "{d}");
        assert_eq!(hijri_to_gregorian(1445, 2, 30), None);
    }

    #[test]
    fn approx_hijri_year_is_close() {
        assert!((approx_hijri_year(ymd(2024, 3, 11)) - 1445).abs() <= 1);
    }
}
