//! The scope gate: marsad codes events in Syria only. Reports about other wars name their
//! places and peoples; [`Scope`] finds those names (from `data/lexicon/foreign.toml`) so that
//! assembly can tell a clash in Gaza from one in Deir ez-Zor.

use std::ops::Range;

use marsad_text::{LexiconMatcher, MatchOptions};
use serde::Deserialize;

/// What a scope word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeClass {
    /// Places the report in Syria ("سوريا", "الجيش السوري").
    Syria,
    /// Places the report elsewhere, without naming a place ("الفلسطيني", "اللبنانية").
    Elsewhere,
    /// A place outside Syria ("غزة", "بغداد", "جنوب لبنان").
    ForeignPlace,
}

/// One scope word in a normalised text.
#[derive(Debug, Clone)]
pub struct ScopeMention {
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// What it says.
    pub class: ScopeClass,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    syria: Vec<String>,
    elsewhere: Vec<String>,
    places: Vec<String>,
}

/// The compiled scope words.
#[derive(Debug, Clone)]
pub struct Scope {
    matcher: LexiconMatcher,
}

/// Errors loading the scope words.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    /// The file is not the expected TOML.
    #[error("foreign.toml: {0}")]
    Parse(String),
    /// The matcher could not be built.
    #[error("foreign.toml: {0}")]
    Matcher(#[from] marsad_text::lexicon::BuildError),
}

impl Scope {
    /// Loads the scope words embedded in the binary.
    ///
    /// # Errors
    /// When the embedded file is malformed (a build defect).
    pub fn embedded() -> Result<Self, ScopeError> {
        Self::from_toml(include_str!("../../../data/lexicon/foreign.toml"))
    }

    /// Loads scope words from TOML text.
    ///
    /// # Errors
    /// When the text is not the expected TOML.
    pub fn from_toml(src: &str) -> Result<Self, ScopeError> {
        let file: ScopeFile = toml::from_str(src).map_err(|e| ScopeError::Parse(e.to_string()))?;
        let keys = file
            .syria
            .iter()
            .map(|k| (k.as_str(), 0))
            .chain(file.elsewhere.iter().map(|k| (k.as_str(), 1)))
            .chain(file.places.iter().map(|k| (k.as_str(), 2)));
        // Exact words: "الصور" (a Syrian town) must not match "صور".
        let options = MatchOptions { article: false, ..MatchOptions::names() };
        Ok(Scope { matcher: LexiconMatcher::new(keys, options)? })
    }

    /// Every scope word in a normalised text, longest first where they overlap.
    pub fn find(&self, text_norm: &str) -> Vec<ScopeMention> {
        self.matcher
            .find(text_norm)
            .into_iter()
            .map(|m| ScopeMention {
                range: m.key_range,
                class: match m.value {
                    0 => ScopeClass::Syria,
                    1 => ScopeClass::Elsewhere,
                    _ => ScopeClass::ForeignPlace,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_text::AlignedText;

    fn classes(text: &str) -> Vec<(String, ScopeClass)> {
        let scope = Scope::embedded().expect("embedded scope words");
        let t = AlignedText::new(text);
        scope.find(t.normalized()).into_iter().map(|m| (t.original_slice(m.range).to_string(), m.class)).collect()
    }

    #[test]
    fn foreign_places_and_syria() {
        let got = classes("قصفت قوات الاحتلال الإسرائيلي مخيم جباليا شمال قطاع غزة");
        assert!(got.contains(&("جباليا".to_string(), ScopeClass::ForeignPlace)), "{got:?}");
        assert!(got.contains(&("قطاع غزة".to_string(), ScopeClass::ForeignPlace)), "{got:?}");
        assert!(got.contains(&("الاحتلال الإسرائيلي".to_string(), ScopeClass::Elsewhere)), "{got:?}");
        let got = classes("استهدف الطيران الحربي الروسي بلدة الصور في ريف دير الزور شرقي سوريا");
        assert_eq!(got, vec![("سوريا".to_string(), ScopeClass::Syria)]);
    }
}
