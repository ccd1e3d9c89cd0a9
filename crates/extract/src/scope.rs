//! The scope gate: marsad codes events in Syria only. Reports about other wars name their
//! places and peoples; [`Scope`] finds those names (from `data/lexicon/foreign.toml`) so that
//! assembly can tell a clash in Gaza from one in Deir ez-Zor.

use std::collections::HashSet;
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
    #[serde(default)]
    district_words: Vec<String>,
    #[serde(default)]
    district_not: Vec<String>,
    #[serde(default)]
    locating: Vec<String>,
}

/// The compiled scope words.
#[derive(Debug, Clone)]
pub struct Scope {
    matcher: LexiconMatcher,
    /// Normalised words after a district word that are not names ("قضاء عطلة").
    district_not: HashSet<String>,
    /// Normalised words that, alone between two places, put the first in or beside the second.
    locating: HashSet<String>,
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
            .chain(file.places.iter().map(|k| (k.as_str(), 2)))
            .chain(file.district_words.iter().map(|k| (k.as_str(), 3)));
        // Exact words: "الصور" (a Syrian town) must not match "صور".
        let options = MatchOptions { article: false, ..MatchOptions::names() };
        let normalized = |words: &[String]| words.iter().map(|w| marsad_text::AlignedText::new(w).normalized().to_string()).collect();
        let district_not = normalized(&file.district_not);
        let locating = normalized(&file.locating);
        Ok(Scope { matcher: LexiconMatcher::new(keys, options)?, district_not, locating })
    }

    /// Every scope word in a normalised text, longest first where they overlap.
    pub fn find(&self, text_norm: &str) -> Vec<ScopeMention> {
        let mut out = Vec::new();
        for m in self.matcher.find(text_norm) {
            let class = match m.value {
                0 => ScopeClass::Syria,
                1 => ScopeClass::Elsewhere,
                2 => ScopeClass::ForeignPlace,
                // "قضاء الحويجة": the name after an Iraqi or Lebanese district word is abroad.
                _ => {
                    if let Some(r) = self.district_name(text_norm, m.key_range.end) {
                        if !out.iter().any(|x: &ScopeMention| x.range.start < r.end && r.start < x.range.end) {
                            out.push(ScopeMention { range: r, class: ScopeClass::ForeignPlace });
                        }
                    }
                    continue;
                }
            };
            out.push(ScopeMention { range: m.key_range, class });
        }
        out
    }

    /// Whether the normalised text between a place and a foreign place that follows it puts the
    /// first in or beside the second: nothing but spaces and quotation marks ("قرية X جنوب
    /// لبنان" where the direction is part of the foreign name), or one `locating` word ("في",
    /// "قرب", "شرقي").
    pub fn locates(&self, gap: &str) -> bool {
        let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == '"');
        gap.is_empty() || self.locating.contains(gap)
    }

    /// The word after a district word, unless it is a noun that word takes in its other senses.
    fn district_name(&self, text: &str, end: usize) -> Option<Range<usize>> {
        let rest = &text[end..];
        let start = end + (rest.len() - rest.trim_start_matches(' ').len());
        if start == end {
            return None;
        }
        let word_len = text[start..].find(|c: char| !marsad_text::lexicon::is_word_char(c)).unwrap_or(text.len() - start);
        let word = &text[start..start + word_len];
        (word.chars().count() >= 2 && !self.district_not.contains(word)).then_some(start..start + word_len)
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

    #[test]
    fn district_word_places_the_name_abroad() {
        // ufc_R563_7 (fact-check corpus): Kirkuk's Hawija district, not a Syrian village.
        let got = classes("بدأت القوات العراقية الجمعة هجوما واسعا لخرق خطوط دفاع تنظيم الدولة الاسلامية في قضاء الحويجة ,");
        assert!(got.contains(&("الحويجة".to_string(), ScopeClass::ForeignPlace)), "{got:?}");
        let got = classes("وسيطرت القوات على قضاء تلعفر");
        assert!(got.contains(&("تلعفر".to_string(), ScopeClass::ForeignPlace)), "{got:?}");
        // "قضاء عطلة" is spending a holiday.
        let got = classes("عاد بعد قضاء عطلة في حلب");
        assert!(got.is_empty(), "{got:?}");
    }
}
