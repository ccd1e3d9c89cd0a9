//! A sorted table of normalised keys matched word by word, with the proclitic rules of
//! [`marsad_text::LexiconMatcher`] (و ف, then ب ل ك, the article, and لل for ل + ال) and the
//! same results, but nothing to build at load time: the keys are a sorted string pool that
//! can live in the compiled resource, and a lookup is a binary search.

use std::borrow::Cow;
use std::cmp::Ordering;

use marsad_text::lexicon::is_word_char;
use marsad_text::LexiconMatch;

/// One key: its bytes in the pool and the caller's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeySpan {
    pub(crate) offset: u32,
    pub(crate) len: u32,
    pub(crate) value: u32,
}

/// Sorted keys over one string pool.
#[derive(Debug, Clone)]
pub(crate) struct KeyIndex {
    pool: Cow<'static, str>,
    spans: Vec<KeySpan>,
    /// Whether the article may stand before a key ("الدوير" for the key "دوير").
    article: bool,
}

/// Conjunctions that may open a word.
const CONJ: [&str; 3] = ["", "و", "ف"];
/// What may follow the conjunction when the article is allowed.
const WITH_ARTICLE: [&str; 9] = ["", "لل", "ب", "ل", "ك", "ال", "بال", "لال", "كال"];
/// What may follow the conjunction when it is not.
const WITHOUT_ARTICLE: [&str; 4] = ["", "ب", "ل", "ك"];

impl KeyIndex {
    /// Builds an index from `(normalised key, value)` pairs; for one key the first value wins.
    pub(crate) fn build(mut keys: Vec<(String, u32)>, article: bool) -> KeyIndex {
        keys.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        keys.dedup_by(|b, a| a.0 == b.0);
        let mut pool = String::with_capacity(keys.iter().map(|k| k.0.len()).sum());
        let mut spans = Vec::with_capacity(keys.len());
        for (k, v) in keys {
            spans.push(KeySpan { offset: pool.len() as u32, len: k.len() as u32, value: v });
            pool.push_str(&k);
        }
        KeyIndex { pool: Cow::Owned(pool), spans, article }
    }

    /// An index over parts that were built by [`KeyIndex::build`] and stored.
    pub(crate) fn from_parts(pool: Cow<'static, str>, spans: Vec<KeySpan>, article: bool) -> Option<KeyIndex> {
        let ok = spans.iter().all(|s| {
            let (a, b) = (s.offset as usize, s.offset as usize + s.len as usize);
            b <= pool.len() && pool.is_char_boundary(a) && pool.is_char_boundary(b)
        }) && spans.windows(2).all(|w| {
            let key = |s: &KeySpan| &pool.as_bytes()[s.offset as usize..(s.offset + s.len) as usize];
            key(&w[0]) < key(&w[1])
        });
        ok.then_some(KeyIndex { pool, spans, article })
    }

    /// The string pool and spans, for storing.
    pub(crate) fn parts(&self) -> (&str, &[KeySpan]) {
        (&self.pool, &self.spans)
    }

    fn key(&self, i: usize) -> &str {
        let s = self.spans[i];
        &self.pool[s.offset as usize..(s.offset + s.len) as usize]
    }

    /// Number of keys.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The value of an exact key.
    pub(crate) fn get(&self, key: &str) -> Option<u32> {
        self.spans
            .binary_search_by(|s| self.pool.as_bytes()[s.offset as usize..(s.offset + s.len) as usize].cmp(key.as_bytes()))
            .ok()
            .map(|i| self.spans[i].value)
    }

    /// The value of `key` if it is a key, and whether any key extends it.
    fn probe(&self, key: &str) -> (Option<u32>, bool) {
        let i = self.spans.partition_point(|s| {
            self.pool.as_bytes()[s.offset as usize..(s.offset + s.len) as usize].cmp(key.as_bytes()) == Ordering::Less
        });
        if i >= self.spans.len() {
            return (None, false);
        }
        let k = self.key(i);
        if k == key {
            let longer = i + 1 < self.spans.len() && self.key(i + 1).starts_with(key);
            (Some(self.spans[i].value), longer)
        } else {
            (None, k.starts_with(key))
        }
    }

    /// Every occurrence of every key at word boundaries, proclitics allowed in front, sorted by
    /// start then longest first (as [`marsad_text::LexiconMatcher::find_all`]).
    pub(crate) fn find_all(&self, text: &str) -> Vec<LexiconMatch> {
        let mut out = Vec::new();
        let seconds: &[&str] = if self.article { &WITH_ARTICLE } else { &WITHOUT_ARTICLE };
        let mut contracted_key = String::new();
        for (ws, we) in words(text) {
            let word = &text[ws..we];
            for conj in CONJ {
                let Some(after_conj) = word.strip_prefix(conj) else { continue };
                for second in seconds {
                    if after_conj.len() > second.len() && after_conj.starts_with(second) {
                        let ks = ws + conj.len() + second.len();
                        self.scan(text, ws, ks, we, None, &mut out);
                    }
                }
                // ل + ال written لل before a key that starts with the article.
                if after_conj.len() > "لل".len() && after_conj.starts_with("لل") {
                    let ks = ws + conj.len() + "لل".len();
                    contracted_key.clear();
                    contracted_key.push_str("ال");
                    self.scan(text, ws, ks, we, Some(&mut contracted_key), &mut out);
                }
            }
        }
        out.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        out.dedup();
        out
    }

    /// Keys starting at `ks` (inside the word `ws..we`) and ending at a word end.
    fn scan(&self, text: &str, ws: usize, ks: usize, we: usize, mut contracted: Option<&mut String>, out: &mut Vec<LexiconMatch>) {
        let mut end = we;
        loop {
            let (value, longer) = match contracted.as_deref_mut() {
                Some(buf) => {
                    buf.truncate("ال".len());
                    buf.push_str(&text[ks..end]);
                    let key = buf.as_str();
                    // The contracted form only stands for keys with enough after the article.
                    if key["ال".len()..].chars().count() < 2 {
                        (None, true)
                    } else {
                        self.probe(key)
                    }
                }
                None => self.probe(&text[ks..end]),
            };
            if let Some(v) = value {
                out.push(LexiconMatch { range: ws..end, key_range: ks..end, value: v });
            }
            if !longer {
                break;
            }
            // Next word end.
            let rest = &text[end..];
            let Some(gap) = rest.find(is_word_char) else { break };
            let next_start = end + gap;
            let next_end = text[next_start..].find(|c: char| !is_word_char(c)).map_or(text.len(), |i| next_start + i);
            end = next_end;
        }
    }
}

/// Byte ranges of the words (runs of word characters) of `text`.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &text[pos..];
        let start = pos + rest.find(is_word_char)?;
        let end = text[start..].find(|c: char| !is_word_char(c)).map_or(text.len(), |i| start + i);
        pos = end;
        Some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_text::{LexiconMatcher, MatchOptions};

    fn both(keys: &[&str], article: bool, text: &str) {
        let pairs: Vec<(String, u32)> = keys.iter().enumerate().map(|(i, k)| (k.to_string(), i as u32)).collect();
        let idx = KeyIndex::build(pairs.clone(), article);
        let opts = MatchOptions { article, future: false, suffixes: Vec::new() };
        let ac = LexiconMatcher::new(pairs.iter().map(|(k, v)| (k.as_str(), *v)), opts).expect("builds");
        let key = |m: &LexiconMatch| (m.range.start, std::cmp::Reverse(m.range.end), m.key_range.start, m.value);
        let mut a = ac.find_all(text);
        a.sort_by_key(key);
        a.dedup();
        let mut b = idx.find_all(text);
        b.sort_by_key(key);
        assert_eq!(b, a, "{text}");
    }

    #[test]
    fn same_matches_as_the_automaton() {
        let keys = ["دير الزور", "دير", "زور", "الرقه", "رقه", "ميادين", "ابو حمام", "ال", "التابعه ل", "التابعه"];
        for text in [
            "في دير الزور والرقه وبالميادين",
            "للرقه ولدير الزور، والميادين: ابو حمام",
            "الديرالزور التابعه لمدينة الميادين",
            "قرية التابعه ل الرقه",
            "فالزور كالرقه لالميادين",
        ] {
            both(&keys, true, text);
            both(&keys, false, text);
        }
    }
}
