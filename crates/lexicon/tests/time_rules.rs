//! The resolution rules of eval/README.md on constructed expressions: year boundaries, leap
//! years, weekdays on the reference day, year inference; and lexicon loading errors.

use chrono::{NaiveDate, Weekday};
use marsad_lexicon::time::*;
use marsad_lexicon::LexiconError;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rel(days_ago: i32) -> TimeExpr {
    TimeExpr::Relative { days_ago, precision: Precision::Day, part: None }
}

fn date(month: u32, day: u32, weekday: Option<Weekday>) -> TimeExpr {
    TimeExpr::Date(DateExpr {
        year: None,
        month,
        day,
        weekday,
        calendar: Calendar::Gregorian,
        relation: Relation::Unspecified,
    })
}

#[test]
fn yesterday_on_new_years_day_is_last_year() {
    let r = resolve(&rel(1), ymd(2024, 1, 1)).unwrap();
    assert_eq!(r.date, ymd(2023, 12, 31));
    let r = resolve(&rel(2), ymd(2024, 1, 1)).unwrap();
    assert_eq!(r.date, ymd(2023, 12, 30));
}

#[test]
fn leap_days() {
    assert_eq!(resolve(&rel(1), ymd(2024, 3, 1)).unwrap().date, ymd(2024, 2, 29));
    assert_eq!(resolve(&rel(1), ymd(2023, 3, 1)).unwrap().date, ymd(2023, 2, 28));
    // 29 February without a year: the latest leap year not after the reference.
    let r = resolve(&date(2, 29, None), ymd(2027, 6, 1)).unwrap();
    assert_eq!((r.date, r.year_inferred), (ymd(2024, 2, 29), true));
    // ... and with a weekday: 29 February 2020 was a Saturday.
    let r = resolve(&date(2, 29, Some(Weekday::Sat)), ymd(2027, 6, 1)).unwrap();
    assert_eq!(r.date, ymd(2020, 2, 29));
    assert_eq!(infer_year(2, 29, None, ymd(2024, 2, 28)), Some(2020));
}

#[test]
fn weekday_on_the_reference_day_counts() {
    let saturday = ymd(2024, 1, 13);
    let e = TimeExpr::Weekday { weekday: Weekday::Sat, anchor: WeekdayAnchor::Latest, part: None };
    assert_eq!(resolve(&e, saturday).unwrap().date, saturday);
    let e = TimeExpr::Weekday { weekday: Weekday::Sun, anchor: WeekdayAnchor::Latest, part: None };
    assert_eq!(resolve(&e, saturday).unwrap().date, ymd(2024, 1, 7));
    let e = TimeExpr::Weekday { weekday: Weekday::Sat, anchor: WeekdayAnchor::Previous, part: None };
    assert_eq!(resolve(&e, saturday).unwrap().date, ymd(2024, 1, 6));
    let e = TimeExpr::Weekday { weekday: Weekday::Sat, anchor: WeekdayAnchor::Next, part: None };
    assert_eq!(resolve(&e, saturday).unwrap().date, ymd(2024, 1, 20));
    // Across a year boundary: Friday before Monday 1 January 2024.
    let e = TimeExpr::Weekday { weekday: Weekday::Fri, anchor: WeekdayAnchor::Latest, part: None };
    assert_eq!(resolve(&e, ymd(2024, 1, 1)).unwrap().date, ymd(2023, 12, 29));
}

#[test]
fn year_inference() {
    let crawl = ymd(2026, 11, 22);
    // Seed 003: Saturday 13 January -> 2024.
    assert_eq!(infer_year(1, 13, Some(Weekday::Sat), crawl), Some(2024));
    // Without a weekday: the latest year not after the reference.
    assert_eq!(infer_year(1, 13, None, crawl), Some(2026));
    assert_eq!(infer_year(12, 25, None, ymd(2024, 12, 24)), Some(2023));
    assert_eq!(infer_year(12, 24, None, ymd(2024, 12, 24)), Some(2024));
    // The reference day itself fits when the weekday agrees.
    assert_eq!(infer_year(1, 13, Some(Weekday::Sat), ymd(2024, 1, 13)), Some(2024));
    assert_eq!(infer_year(2, 31, None, crawl), None);
    assert_eq!(infer_year(13, 1, None, crawl), None);
    assert_eq!(infer_year(4, 0, None, crawl), None);
}

#[test]
fn month_relations() {
    let mk = |relation| {
        TimeExpr::Date(DateExpr {
            year: None,
            month: 3,
            day: 10,
            weekday: None,
            calendar: Calendar::Gregorian,
            relation,
        })
    };
    assert_eq!(resolve(&mk(Relation::Current), ymd(2024, 3, 20)).unwrap().date, ymd(2024, 3, 10));
    assert_eq!(resolve(&mk(Relation::Previous), ymd(2024, 5, 20)).unwrap().date, ymd(2024, 3, 10));
    assert_eq!(resolve(&mk(Relation::Previous), ymd(2024, 2, 20)).unwrap().date, ymd(2023, 3, 10));
    assert_eq!(resolve(&mk(Relation::Next), ymd(2024, 2, 20)).unwrap().date, ymd(2024, 3, 10));
    assert_eq!(resolve(&mk(Relation::Next), ymd(2024, 5, 20)).unwrap().date, ymd(2025, 3, 10));
    // "الجاري" with another month than the reference's: fall back to the latest such date.
    assert_eq!(resolve(&mk(Relation::Current), ymd(2024, 1, 5)).unwrap().date, ymd(2023, 3, 10));
}

#[test]
fn counted_and_vague_times() {
    let p = ymd(2024, 1, 3);
    let ago = |amount, unit, approx| resolve(&TimeExpr::Ago { amount, unit, approx }, p).unwrap();
    assert_eq!(
        (ago(10, TimeUnit::Day, false).date, ago(10, TimeUnit::Day, false).precision),
        (ymd(2023, 12, 24), Precision::Day)
    );
    assert_eq!(ago(5, TimeUnit::Day, true).precision, Precision::Week);
    assert_eq!(ago(2, TimeUnit::Week, false).date, ymd(2023, 12, 20));
    assert_eq!(ago(30, TimeUnit::Hour, false).date, ymd(2024, 1, 2));
    assert_eq!(ago(1, TimeUnit::Month, false).date, ymd(2023, 12, 3));
    assert_eq!(resolve(&TimeExpr::FewAgo { unit: TimeUnit::Month }, p), None);
    assert_eq!(resolve(&TimeExpr::Ago { amount: u32::MAX, unit: TimeUnit::Week, approx: false }, p), None);
}

#[test]
fn lexicon_errors() {
    let bad = "[[month]]\nmonth = 13\ncalendar = \"gregorian\"\nnames = [\"x\"]\nsource = \"s\"\n";
    assert!(matches!(TimeLexicon::from_toml(bad), Err(LexiconError::Invalid { .. })));
    let no_source = "[[weekday]]\nweekday = \"sat\"\nnames = [\"السبت\"]\nsource = \"\"\n";
    assert!(matches!(TimeLexicon::from_toml(no_source), Err(LexiconError::Invalid { .. })));
    let clash = "[[weekday]]\nweekday = \"sat\"\nnames = [\"السبت\"]\nsource = \"s\"\n[[weekday]]\nweekday = \"sun\"\nnames = [\"السبت\"]\nsource = \"s\"\n";
    assert!(matches!(TimeLexicon::from_toml(clash), Err(LexiconError::Invalid { .. })));
    assert!(matches!(TimeLexicon::from_toml("[[month]\n"), Err(LexiconError::Parse { .. })));
    assert!(matches!(TimeLexicon::from_toml("[[planet]]\nname = \"x\"\n"), Err(LexiconError::Parse { .. })));
    // An empty file is a valid, empty lexicon.
    let empty = TimeLexicon::from_toml("").unwrap();
    assert!(empty.find("اليوم").is_empty());
}
