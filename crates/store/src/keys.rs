//! Search keys (shared with other stores, so that they fold text alike): names and texts folded the way marsad-text normalises Arabic (hamza forms, ta
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

/// The words of `text` as the full-text index holds them: folded, each Arabic word without its
/// proclitics (و ف ب ل ك and the article: "وبالعشارة" → "عشاره"), punctuation dropped, joined
/// by spaces. Queries go through the same function, so a name is found whatever particles or
/// spelling either side writes it with.
pub fn search_words(text: &str) -> String {
    // Not lower-cased here: the index folds case itself, and Unicode lower-casing of a whole
    // report costs more than its tokenising.
    let aligned = AlignedText::new(text);
    let folded = aligned.normalized();
    let mut out = String::with_capacity(folded.len());
    for token in marsad_text::tokenize(folded) {
        if token.kind == marsad_text::TokenKind::Punct {
            continue;
        }
        let stem = token.stem_text(folded);
        // The index splits words at what is not a letter or a digit; doing it here keeps every
        // query term a single index token (the index stores no positions for phrases). Arabic
        // tokens are letters only.
        let parts: Box<dyn Iterator<Item = &str>> = if token.kind == marsad_text::TokenKind::Arabic {
            Box::new(std::iter::once(stem))
        } else {
            Box::new(stem.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()))
        };
        for part in parts {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out
}

/// An FTS5 query for `text`: every word (as [`search_words`] writes it) quoted, all required.
/// `None` when there is no word to search for.
pub fn fts_query(text: &str) -> Option<String> {
    let words = search_words(text);
    let terms: Vec<String> = words.split(' ').filter(|w| !w.is_empty()).map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
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
    fn search_words_drop_proclitics_and_punctuation() {
        assert_eq!(search_words("وبالعشارة، في «دير الزور»"), search_words("العشاره في دير زور"));
        assert_eq!(fts_query("  ،  "), None);
        assert_eq!(fts_query("العشارة NDF").as_deref(), Some("\"عشاره\" AND \"NDF\""));
        assert_eq!(fts_query("SY24.com").as_deref(), Some("\"SY24\" AND \"com\""));
    }

    #[test]
    fn distances_are_great_circle_km() {
        // Damascus to Aleppo, about 310 km as the crow flies.
        let d = distance_km(33.5138, 36.2765, 36.2021, 37.1343);
        assert!((300.0..320.0).contains(&d), "{d}");
    }
}
