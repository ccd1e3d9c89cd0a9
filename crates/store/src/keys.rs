//! Search keys: names and texts folded the way marsad-text normalises Arabic (hamza forms, ta
//! marbuta, alef maqsura, diacritics, tatweel) and lower-cased, so that a query in any spelling
//! meets the stored text in the same form; and the SQL function for distances.

use marsad_text::AlignedText;
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

/// `text` normalised by marsad-text and lower-cased.
pub fn fold(text: &str) -> String {
    AlignedText::new(text).normalized().to_lowercase()
}

/// One key from several names: each folded, joined by newlines (which no query contains, so a
/// match never spans two names).
pub fn key<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for name in names {
        if name.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(fold(name).trim());
    }
    out
}

/// Shortest term the trigram index can find.
const MIN_TERM_CHARS: usize = 3;

/// An FTS5 query for `text`: every word of three letters or more, folded, as a quoted phrase,
/// all required. `None` when no word is long enough to search for.
pub fn fts_query(text: &str) -> Option<String> {
    let folded = fold(text);
    let terms: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_TERM_CHARS)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// Mean radius of the earth, km.
const EARTH_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points in degrees (haversine).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().min(1.0).asin()
}

/// Registers `distance_km(lat1, lon1, lat2, lon2)` on the connection.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "distance_km",
        4,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let (a, b, c, d) = (ctx.get::<f64>(0)?, ctx.get::<f64>(1)?, ctx.get::<f64>(2)?, ctx.get::<f64>(3)?);
            Ok(distance_km(a, b, c, d))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_fold_to_one_key() {
        assert_eq!(fold("الْعَشَارَة"), fold("العشاره"));
        assert_eq!(fold("إدلب"), fold("ادلب"));
        assert_eq!(fold("مصطفى"), fold("مصطفي"));
        assert_eq!(fold("الدفـــاع"), fold("الدفاع"));
        assert_eq!(fold("NDF"), "ndf");
    }

    #[test]
    fn short_words_are_not_searched() {
        assert_eq!(fts_query("في"), None);
        assert_eq!(fts_query("في العشارة").as_deref(), Some("\"العشاره\""));
        assert_eq!(fts_query("abc\"def").as_deref(), Some("\"abc\" AND \"def\""));
    }

    #[test]
    fn distances_are_great_circle_km() {
        // Damascus to Aleppo, about 310 km as the crow flies.
        let d = distance_km(33.5138, 36.2765, 36.2021, 37.1343);
        assert!((300.0..320.0).contains(&d), "{d}");
    }
}
