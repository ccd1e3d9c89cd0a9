//! One matching mechanism for every word list (places, actors, triggers, time words): keys are
//! normalised, compiled once into a byte trie, and matched on the normalised text from word starts
//! at word boundaries, allowing the Arabic proclitics that attach to the front of a word
//! (و ف ب ل ك, the article ال, and ل+ال written لل) and, when the caller asks, pronoun suffixes.

use std::ops::Range;


use crate::AlignedText;

/// How a list's keys attach to the words around them.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// Allow the article ال before a key that does not start with it ("دوير" in "الدوير").
    pub article: bool,
    /// Allow the future prefix س after a conjunction (verbs only: "وستقصف").
    pub future: bool,
    /// Suffixes that may follow a key inside the same word ("اعتقاله", "قصفها"), normalised.
    pub suffixes: Vec<String>,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions { article: true, future: false, suffixes: Vec::new() }
    }
}

impl MatchOptions {
    /// Options for nouns and names: article allowed, no suffixes.
    pub fn names() -> Self {
        Self::default()
    }

    /// Options for verbs and verbal nouns: the future prefix and the common pronoun suffixes.
    pub fn words() -> Self {
        MatchOptions {
            article: true,
            future: true,
            suffixes: ["ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "وا", "ا", "ت", "ات", "ون", "ين", "ان", "تا", "تين"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }
}

/// One occurrence of a key in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconMatch {
    /// The whole stretch of text matched, from the first proclitic to the end of any suffix
    /// (normalised bytes).
    pub range: Range<usize>,
    /// The key itself, without clitics (normalised bytes).
    pub key_range: Range<usize>,
    /// The value given with the key when the matcher was built (an index into the caller's
    /// table).
    pub value: u32,
}

/// A compiled word list.
#[derive(Debug, Clone)]
pub struct LexiconMatcher {
    trie: Trie,
    /// Per automaton pattern: the caller's value and whether this pattern is the contracted
    /// لل-form of a key that starts with ال.
    patterns: Vec<(u32, bool)>,
    options: MatchOptions,
}

/// Errors from building a matcher.
#[derive(Debug)]
pub struct BuildError(String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot build lexicon matcher: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// Normalises a lexicon key the way text is normalised, and collapses runs of spaces.
pub fn normalize_key(key: &str) -> String {
    let t = AlignedText::new(key.trim());
    t.normalized().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Letters that can be proclitics (conjunctions, prepositions, the article, the future prefix).
const PROCLITIC_LETTERS: [char; 7] = ['و', 'ف', 'ب', 'ل', 'ك', 'ا', 'س'];

/// True for characters that make up words (letters of any script and digits): exactly
/// [`char::is_alphanumeric`], decided without Unicode tables for ASCII and the basic Arabic
/// letters, which are almost all of normalised text. (The standard library's table lookup for
/// non-ASCII characters was the largest single cost of the whole pipeline.)
#[inline]
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    // ء..ي and tatweel (a modifier letter, so alphabetic), and the Arabic-Indic digits.
    if (0x0621..=0x064A).contains(&u) || (0x0660..=0x0669).contains(&u) {
        return true;
    }
    // Arabic punctuation and the spaces and quotes of scraped text are not.
    if matches!(u, 0x060C | 0x061B | 0x061F | 0x00A0 | 0x2000..=0x206F) {
        return false;
    }
    c.is_alphanumeric()
}

fn strip_article(key: &str) -> Option<&str> {
    key.strip_prefix("ال").filter(|rest| rest.chars().count() >= 2)
}

impl LexiconMatcher {
    /// Builds a matcher from `(key, value)` pairs. Keys are normalised here; empty keys are
    /// skipped. Several keys may carry the same value and one key several values.
    ///
    /// # Errors
    /// When the automaton cannot be built (too many or too long patterns).
    pub fn new<'a, I>(keys: I, options: MatchOptions) -> Result<Self, BuildError>
    where
        I: IntoIterator<Item = (&'a str, u32)>,
    {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for (key, value) in keys {
            let key = normalize_key(key);
            if key.is_empty() {
                continue;
            }
            if let Some(rest) = strip_article(&key) {
                texts.push(format!("لل{rest}"));
                patterns.push((value, true));
            }
            texts.push(key);
            patterns.push((value, false));
        }
        // Keys are only ever looked for where a word starts (or right after its proclitics), so a
        // trie walked from those positions does the work of a full-text automaton.
        if texts.len() > u32::MAX as usize {
            return Err(BuildError(format!("{} keys: at most {} fit", texts.len(), u32::MAX)));
        }
        let trie = Trie::new(&texts);
        Ok(LexiconMatcher { trie, patterns, options })
    }

    /// Every occurrence of every key at word boundaries, overlapping ones included, in order of
    /// start. Use [`longest_non_overlapping`] to keep one reading per stretch of text.
    pub fn find_all(&self, text: &str) -> Vec<LexiconMatch> {
        let mut out = Vec::new();
        let mut in_word = false;
        for (word_start, c) in text.char_indices() {
            let word = is_word_char(c);
            let starts_word = word && !in_word;
            in_word = word;
            if !starts_word {
                continue;
            }
            // The key may start at the word or after up to four proclitic letters
            // ("وبال", "ولل"); only where what precedes it could be proclitics at all is the
            // trie walked (never after a lone "ا").
            let mut key_start = word_start;
            for (n, pc) in text[word_start..].chars().take(5).enumerate() {
                if n > 0 {
                    let prefix = &text[word_start..key_start];
                    if !PROCLITIC_LETTERS.contains(&prefix.chars().last().unwrap_or(' ')) {
                        break;
                    }
                    if !self.valid_prefix(prefix, false) && !self.valid_prefix(prefix, true) {
                        key_start += pc.len_utf8();
                        continue;
                    }
                }
                self.anchored_at(text, word_start, key_start, &mut out);
                if !is_word_char(pc) {
                    break;
                }
                key_start += pc.len_utf8();
            }
        }
        out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        out
    }

    /// Keys that start exactly at `key_start`, inside the word that starts at `word_start`.
    fn anchored_at(&self, text: &str, word_start: usize, key_start: usize, out: &mut Vec<LexiconMatch>) {
        let prefix = &text[word_start..key_start];
        self.trie.walk(&text.as_bytes()[key_start..], |len, pattern| {
            let (value, contracted) = self.patterns[pattern as usize];
            let end = key_start + len;
            // A key ends on a character boundary (keys are whole UTF-8 strings).
            if !text.is_char_boundary(end) || !self.valid_prefix(prefix, contracted) {
                return;
            }
            let Some(end_with_suffix) = self.suffix_end(text, end) else { return };
            let key_range_start = if contracted { key_start + "لل".len() } else { key_start };
            out.push(LexiconMatch { range: word_start..end_with_suffix, key_range: key_range_start..end, value });
        });
    }

    /// Longest matches, left to right, none overlapping.
    pub fn find(&self, text: &str) -> Vec<LexiconMatch> {
        longest_non_overlapping(self.find_all(text))
    }

    fn valid_prefix(&self, prefix: &str, contracted: bool) -> bool {
        let mut rest = prefix;
        for conj in ["و", "ف"] {
            if let Some(r) = rest.strip_prefix(conj) {
                rest = r;
                break;
            }
        }
        if contracted {
            // لل already holds the preposition and the article.
            return rest.is_empty();
        }
        if rest.is_empty() {
            return true;
        }
        if self.options.future && rest == "س" {
            return true;
        }
        if self.options.article && rest == "لل" {
            // ل + ال, written with one alef dropped.
            return true;
        }
        for prep in ["ب", "ل", "ك"] {
            if let Some(r) = rest.strip_prefix(prep) {
                rest = r;
                break;
            }
        }
        rest.is_empty() || (self.options.article && rest == "ال")
    }

    fn suffix_end(&self, text: &str, key_end: usize) -> Option<usize> {
        let after = &text[key_end..];
        let word_len = after.find(|c: char| !is_word_char(c)).unwrap_or(after.len());
        if word_len == 0 {
            return Some(key_end);
        }
        let rest = &after[..word_len];
        if self.options.suffixes.iter().any(|s| s == rest) {
            Some(key_end + word_len)
        } else {
            None
        }
    }
}

/// Keeps the longest of overlapping matches, scanning left to right; ties go to the earlier.
pub fn longest_non_overlapping(mut matches: Vec<LexiconMatch>) -> Vec<LexiconMatch> {
    matches.sort_by_key(|m| (std::cmp::Reverse(m.range.len()), m.range.start));
    // Kept matches never overlap, so ordered by start they are ordered by end too: a new match
    // can only overlap the last kept one that starts before it ends. (A scan of every kept match
    // made a long report's cost grow with the square of its length.)
    let mut kept: std::collections::BTreeMap<(usize, usize), LexiconMatch> = std::collections::BTreeMap::new();
    for m in matches {
        let overlaps = kept
            .range(..(m.range.end, 0))
            .next_back()
            .is_some_and(|(_, k)| k.range.end > m.range.start && k.range.start < m.range.end);
        if !overlaps {
            kept.insert((m.range.start, m.range.end), m);
        }
    }
    kept.into_values().collect()
}


/// A byte trie of the keys, flattened: the edges of node `n` are
/// `bytes[starts[n]..starts[n + 1]]` (sorted) leading to `targets[..]`; `ends[n]` lists the
/// patterns that end at node `n`.
#[derive(Debug, Clone, Default)]
struct Trie {
    starts: Vec<u32>,
    bytes: Vec<u8>,
    targets: Vec<u32>,
    ends: Vec<Vec<u32>>,
}

impl Trie {
    fn new(keys: &[String]) -> Trie {
        // Build with per-node sorted maps, then flatten for compact, cache-friendly walks.
        let mut children: Vec<std::collections::BTreeMap<u8, u32>> = vec![Default::default()];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, key) in keys.iter().enumerate() {
            let mut node = 0usize;
            for &b in key.as_bytes() {
                let next = match children[node].get(&b) {
                    Some(&n) => n as usize,
                    None => {
                        let n = children.len();
                        children.push(Default::default());
                        ends.push(Vec::new());
                        children[node].insert(b, n as u32);
                        n
                    }
                };
                node = next;
            }
            ends[node].push(id as u32);
        }
        let mut trie = Trie { starts: Vec::with_capacity(children.len() + 1), ends, ..Default::default() };
        for c in &children {
            trie.starts.push(trie.bytes.len() as u32);
            for (&b, &t) in c {
                trie.bytes.push(b);
                trie.targets.push(t);
            }
        }
        trie.starts.push(trie.bytes.len() as u32);
        trie
    }

    /// Walks `text` from its start, calling `found(length, pattern)` for every key that is a
    /// prefix of it.
    fn walk(&self, text: &[u8], mut found: impl FnMut(usize, u32)) {
        let mut node = 0usize;
        for (i, b) in text.iter().enumerate() {
            let (lo, hi) = (self.starts[node] as usize, self.starts[node + 1] as usize);
            match self.bytes[lo..hi].binary_search(b) {
                Ok(k) => node = self.targets[lo + k] as usize,
                Err(_) => return,
            }
            for &p in &self.ends[node] {
                found(i + 1, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first version: every match against every kept one.
    fn longest_non_overlapping_by_scan(mut matches: Vec<LexiconMatch>) -> Vec<LexiconMatch> {
        matches.sort_by_key(|m| (std::cmp::Reverse(m.range.len()), m.range.start));
        let mut kept: Vec<LexiconMatch> = Vec::new();
        for m in matches {
            if kept.iter().all(|k| k.range.end <= m.range.start || m.range.end <= k.range.start) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| m.range.start);
        kept
    }

    #[test]
    fn longest_non_overlapping_keeps_what_the_scan_kept() {
        // A fixed pseudo-random stream of overlapping ranges, lengths 1..12 over 0..200.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..200 {
            let matches: Vec<LexiconMatch> = (0..(round % 60))
                .map(|v| {
                    let start = (next() % 200) as usize;
                    let len = 1 + (next() % 12) as usize;
                    LexiconMatch { range: start..start + len, key_range: start..start + len, value: v as u32 }
                })
                .collect();
            let fast: Vec<_> = longest_non_overlapping(matches.clone()).into_iter().map(|m| (m.range, m.value)).collect();
            let slow: Vec<_> =
                longest_non_overlapping_by_scan(matches).into_iter().map(|m| (m.range, m.value)).collect();
            assert_eq!(fast, slow, "round {round}");
        }
    }

    fn keys(m: &LexiconMatcher, text: &str) -> Vec<(String, u32)> {
        let t = AlignedText::new(text);
        m.find(t.normalized())
            .into_iter()
            .map(|x| (t.normalized()[x.key_range].to_string(), x.value))
            .collect()
    }

    #[test]
    fn word_chars_are_exactly_alphanumerics() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn clitics_and_article() {
        let m = LexiconMatcher::new(
            [("قاطرجي", 1), ("الدفاع الوطني", 2), ("دير الزور", 3), ("العشارة", 4)],
            MatchOptions::names(),
        )
        .unwrap();
        let got = keys(&m, "حواجز تابعة للقاطرجي وعناصر الدفاع الوطني بريف دير الزور، وبالعشارة");
        assert_eq!(
            got,
            vec![
                ("قاطرجي".into(), 1),
                ("الدفاع الوطني".into(), 2),
                ("دير الزور".into(), 3),
                ("العشاره".into(), 4)
            ]
        );
    }

    #[test]
    fn contracted_article_keeps_key_range_on_the_name() {
        let m = LexiconMatcher::new([("القاطرجي", 7)], MatchOptions::names()).unwrap();
        let t = AlignedText::new("مقرات تابعة للقاطرجي");
        let found = m.find(t.normalized());
        assert_eq!(found.len(), 1);
        assert_eq!(&t.normalized()[found[0].key_range.clone()], "قاطرجي");
        assert_eq!(t.original_slice(found[0].range.clone()), "للقاطرجي");
    }

    #[test]
    fn no_match_inside_a_longer_word() {
        let m = LexiconMatcher::new([("نوى", 1)], MatchOptions::names()).unwrap();
        assert!(keys(&m, "المعنويات عالية").is_empty());
        assert_eq!(keys(&m, "مظاهرات في نوى"), vec![("نوي".into(), 1)]);
    }

    #[test]
    fn verb_suffixes_only_when_asked() {
        let words = LexiconMatcher::new([("قصف", 1)], MatchOptions::words()).unwrap();
        let names = LexiconMatcher::new([("قصف", 1)], MatchOptions::names()).unwrap();
        assert_eq!(keys(&words, "وقصفت قسد القرية").len(), 1);
        assert!(keys(&names, "وقصفت قسد القرية").is_empty());
    }

    #[test]
    fn longest_match_wins() {
        let m = LexiconMatcher::new([("الدفاع", 1), ("الدفاع الوطني", 2)], MatchOptions::names())
            .unwrap();
        assert_eq!(keys(&m, "ميليشيا الدفاع الوطني"), vec![("الدفاع الوطني".into(), 2)]);
    }
}
