//! Dropping what is not the article before readability scores the page: navigation, headers and
//! footers, side columns, share and cookie boxes, captions, lists of other stories and link-dense
//! blocks. The words and selectors are data (`data/html/boilerplate.toml`); this module holds the
//! rules that apply them.
//!
//! Readability alone keeps a "read also" list that sits inside the article body, and its English
//! class-name heuristics know nothing of Arabic headings such as «اقرأ أيضاً»: those lists name
//! other events, and each became a false event.

use std::sync::OnceLock;

use dom_query::{Document, Matcher, NodeRef};
use marsad_text::AlignedText;
use serde::Deserialize;

/// A block at least this long in plain text (outside links) is article text, whatever its class
/// says: an article container may well be called `post-with-comments`.
const LONG_PLAIN_TEXT: usize = 600;
/// Links make up at least this share of a link-dense block's text.
const LINK_DENSE: f64 = 0.6;
/// Most characters in a marker block besides the marker itself (an inline "read also: headline"
/// paragraph); longer blocks only count when link-dense.
const MARKER_BLOCK_EXTRA: usize = 200;

/// The rules, as read from `data/html/boilerplate.toml`.
#[derive(Debug, Clone)]
pub struct Boilerplate {
    /// Marker phrases, folded (see [`fold`]).
    markers: Vec<String>,
    /// One CSS selector list of elements that are never the article.
    drop_selector: String,
    /// Lower-case words that mark an element by its class or id.
    class_words: Vec<String>,
}

/// The data file's shape.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateFile {
    markers: Vec<String>,
    drop_elements: Vec<String>,
    class_words: Vec<String>,
}

/// Why the boilerplate rules could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BoilerplateError {
    /// The file is not valid TOML of the expected shape.
    #[error("boilerplate rules: {0}")]
    Toml(#[from] toml::de::Error),
    /// A `drop_elements` entry is not a CSS selector.
    #[error("boilerplate rules: {0:?} is not a CSS selector")]
    Selector(String),
}

impl Boilerplate {
    /// Reads rules from the text of a boilerplate TOML file.
    ///
    /// # Errors
    /// Invalid TOML, unknown keys, or a `drop_elements` entry that is not a CSS selector.
    pub fn from_toml(text: &str) -> Result<Self, BoilerplateError> {
        let file: BoilerplateFile = toml::from_str(text)?;
        if let Some(bad) = file.drop_elements.iter().find(|s| Matcher::new(s).is_err()) {
            return Err(BoilerplateError::Selector(bad.clone()));
        }
        let mut markers: Vec<String> = file.markers.iter().map(|m| fold(m)).filter(|m| !m.is_empty()).collect();
        // Longest first, so the reported marker is the whole phrase.
        markers.sort_by_key(|m| std::cmp::Reverse(m.len()));
        Ok(Boilerplate {
            markers,
            drop_selector: file.drop_elements.join(", "),
            class_words: file.class_words.iter().map(|w| w.to_lowercase()).collect(),
        })
    }

    /// The rules shipped in `data/html/boilerplate.toml`.
    ///
    /// # Panics
    /// Never in a tested build: the shipped file is checked by this crate's tests.
    pub fn builtin() -> &'static Boilerplate {
        static RULES: OnceLock<Boilerplate> = OnceLock::new();
        RULES.get_or_init(|| {
            Self::from_toml(include_str!("../../../data/html/boilerplate.toml"))
                .unwrap_or_else(|e| panic!("data/html/boilerplate.toml: {e}"))
        })
    }

    /// Whether a line of text starts with a marker phrase (a "read also" lead).
    pub fn starts_with_marker(&self, text: &str) -> bool {
        let folded = fold(text);
        self.markers.iter().any(|m| starts_with_phrase(&folded, m))
    }

    /// Removes everything the rules name from `doc`.
    pub fn clean(&self, doc: &Document) {
        if let Ok(matcher) = Matcher::new(&self.drop_selector) {
            doc.select_matcher(&matcher).remove();
        }
        self.drop_by_class(doc);
        self.drop_marked(doc);
        drop_link_dense(doc);
    }

    /// Elements whose class or id names a share box, a related list, a cookie notice...
    fn drop_by_class(&self, doc: &Document) {
        for node in doc.select("body [class], body [id]").nodes() {
            if node.is("article, main") || !self.class_matches(node) {
                continue;
            }
            if plain_text_len(node) < LONG_PLAIN_TEXT {
                node.remove_from_parent();
            }
        }
    }

    fn class_matches(&self, node: &NodeRef) -> bool {
        let names = format!("{} {}", node.class().unwrap_or_default(), node.id_attr().unwrap_or_default()).to_lowercase();
        names.split_whitespace().any(|token| self.class_words.iter().any(|w| token.contains(w.as_str())))
    }

    /// Blocks led by a marker phrase, and the link lists that follow them.
    fn drop_marked(&self, doc: &Document) {
        for node in doc.select("body *").nodes() {
            let text = node.text();
            let folded = fold(&text);
            let Some(marker) = self.markers.iter().find(|m| starts_with_phrase(&folded, m)) else {
                continue;
            };
            let short = folded.chars().count() <= marker.chars().count() + MARKER_BLOCK_EXTRA;
            if !(short || link_density(node) >= LINK_DENSE) {
                continue;
            }
            // A bare heading ("<span>اقرأ أيضاً</span>") may be wrapped several times; its list is
            // the sibling of the outermost wrapper.
            let mut block = *node;
            while let Some(parent) = block.parent().filter(|p| p.is_element() && !p.is("body") && fold(&p.text()) == folded) {
                block = parent;
            }
            let mut next = block.next_element_sibling();
            block.remove_from_parent();
            while let Some(sibling) = next {
                next = sibling.next_element_sibling();
                if sibling.normalized_char_count() > 0 && link_density(&sibling) < LINK_DENSE {
                    break;
                }
                sibling.remove_from_parent();
            }
        }
    }
}

/// Lists, tables and boxes made mostly of links: menus, tag clouds, story teasers.
fn drop_link_dense(doc: &Document) {
    for node in doc.select("body ul, body ol, body dl, body table, body div, body section").nodes() {
        let links = node.descendants_it().filter(|d| d.has_name("a")).take(2).count();
        if links >= 2 && link_density(node) >= LINK_DENSE && plain_text_len(node) < LONG_PLAIN_TEXT {
            node.remove_from_parent();
        }
    }
}

/// Characters of link text over all characters (whitespace collapsed); 0 for an empty block.
fn link_density(node: &NodeRef) -> f64 {
    let total = node.normalized_char_count();
    if total == 0 {
        return 0.0;
    }
    link_chars(node) as f64 / total as f64
}

fn link_chars(node: &NodeRef) -> usize {
    node.descendants_it().filter(|d| d.has_name("a")).map(|a| a.normalized_char_count()).sum()
}

/// Characters outside links.
fn plain_text_len(node: &NodeRef) -> usize {
    node.normalized_char_count().saturating_sub(link_chars(node))
}

/// Text folded for matching: marsad's Arabic normalisation (diacritics, tatweel and hamza forms
/// folded), lower case, punctuation as spaces, spaces collapsed.
fn fold(text: &str) -> String {
    let normalized = AlignedText::new(text).normalized().to_lowercase();
    normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether folded `text` starts with folded `phrase` at a word boundary.
fn starts_with_phrase(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_load() {
        let rules = Boilerplate::builtin();
        assert!(rules.starts_with_marker("إقرأ أيضاً: غارة على المدينة"));
        assert!(rules.starts_with_marker("اقرا ايضا"));
        assert!(rules.starts_with_marker("مواضيع ذات صلة"));
        assert!(!rules.starts_with_marker("قرأ المجلس البيان"));
        assert!(!rules.starts_with_marker("Relatedness of things"));
    }

    #[test]
    fn bad_rules_are_refused() {
        assert!(matches!(Boilerplate::from_toml("markers = []"), Err(BoilerplateError::Toml(_))));
        let bad = "markers = []\ndrop_elements = [\"nav[\"]\nclass_words = []";
        assert!(matches!(Boilerplate::from_toml(bad), Err(BoilerplateError::Selector(s)) if s == "nav["));
    }

    #[test]
    fn drops_read_also_lists_and_keeps_the_article() {
        let doc = Document::from(
            "<html><body><div class='story'>\
             <p>أعلن المجلس المحلي في البلدة افتتاح سوق جديدة للخضار صباح اليوم بحضور الأهالي.</p>\
             <p>اقرأ أيضاً: <a href='/1'>انفجار عبوة في سوق مدينة أخرى</a></p>\
             <div><h3><span>مواضيع ذات صلة</span></h3></div>\
             <ul><li><a href='/2'>اشتباكات في ريف بعيد</a></li><li><a href='/3'>غارة على قرية</a></li></ul>\
             <p>وقال رئيس المجلس إن السوق ستفتح يومياً حتى المساء.</p>\
             </div><div class='social-share'>شارك على فيسبوك</div></body></html>",
        );
        Boilerplate::builtin().clean(&doc);
        let text = doc.select("body").text();
        assert!(text.contains("افتتاح سوق جديدة"), "{text}");
        assert!(text.contains("ستفتح يومياً"), "{text}");
        for gone in ["انفجار عبوة", "مواضيع ذات صلة", "اشتباكات في ريف", "غارة على قرية", "فيسبوك"] {
            assert!(!text.contains(gone), "{gone} kept in {text}");
        }
    }
}
