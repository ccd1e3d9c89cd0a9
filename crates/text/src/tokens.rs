//! Tokens of normalised text and a conservative analysis of Arabic clitics.
//!
//! A token is a run of Arabic letters, a run of other letters (with digits: "SY24"), a number
//! ("30", "1,200", "10.5") or one punctuation character. Words written solid stay one token
//! ("ديرالزور"): splitting them is the gazetteer's business, not the tokenizer's.
//!
//! The clitic analysis is deliberately timid. A letter at the front of an Arabic word may be a
//! proclitic (و ف ب ل ك) or part of the word (وزير، فرع، بلده، لواء، كتيبه), and a final ه may be
//! a pronoun or a ta marbuta folded by normalisation (عناصره vs مدينه). Names must never be cut, so
//! [`Token::stem`] only drops prefixes when at least [`MIN_STEM_LETTERS`] letters remain, and
//! suffixes are left to [`strip_suffix`], which callers apply when they know the word is not a
//! name. Callers that look words up in a list should try the whole token first, then the stem
//! (or use [`crate::LexiconMatcher`], which tries every split against its keys).
//!
//! # Detached proclitics
//! Scraped text often separates a proclitic from its word: بـ”العنيفة” normalises to ب"العنيفه",
//! لـ6 to ل6, and some sites render the tatweel as a hyphen: ل - "مكتب". The tokenizer yields the
//! proclitic as its own Arabic token (ب), and [`proclitic_host`] tells which later token it
//! belongs to (the word العنيفه), so a caller can treat ب as a preposition on that word.

use std::ops::Range;

use crate::lexicon::is_word_char;

/// Stems shorter than this (in letters) are never produced: two-letter remainders are far more
/// often a cut-up word (بين → ين) than a real root with a clitic.
pub const MIN_STEM_LETTERS: usize = 3;

/// Proclitic chains tried by [`strip_prefix`], longest first. The bare future prefix س is left
/// out on purpose: it would cut سيطره، سياره، سوريا. So is a bare ك (كتيبه، كانت); ك is only
/// taken with the article (كال).
const PROCLITICS: &[&str] = &[
    "وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
    "وب", "فب", "ول", "فل", "و", "ف", "ب", "ل",
];

/// [`PROCLITICS`] letter by letter, in the same order (checked by a test).
const PROCLITIC_LETTERS: &[&[char]] = &[
    &['و', 'ب', 'ا', 'ل'], &['ف', 'ب', 'ا', 'ل'], &['و', 'ك', 'ا', 'ل'], &['ف', 'ك', 'ا', 'ل'],
    &['و', 'ل', 'ل'], &['ف', 'ل', 'ل'], &['و', 'ا', 'ل'], &['ف', 'ا', 'ل'], &['ب', 'ا', 'ل'],
    &['ك', 'ا', 'ل'], &['ل', 'ل'], &['ا', 'ل'], &['و', 'ب'], &['ف', 'ب'], &['و', 'ل'], &['ف', 'ل'],
    &['و'], &['ف'], &['ب'], &['ل'],
];

/// Pronoun suffixes tried by [`strip_suffix`], longest first.
const PRONOUN_SUFFIXES: &[&str] = &["هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه", "ي"];

/// Proclitics that scraped text may write apart from their word (see the module docs).
const DETACHABLE: &[&str] = &["ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "لل", "ولل", "بال", "وبال"];

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of Arabic letters.
    Arabic,
    /// A run of letters of another script, with any digits that follow them ("SY24").
    Latin,
    /// ASCII digits, with single `.` or `,` between digits ("1,200", "10.5").
    Number,
    /// One character that is neither a letter, a digit nor whitespace.
    Punct,
}

/// One token of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token's bytes in the normalised text.
    pub range: Range<usize>,
    /// What the token is made of.
    pub kind: TokenKind,
    /// The token without its proclitics, when enough letters remain (see [`strip_prefix`]);
    /// for non-Arabic tokens the whole range. Pronoun suffixes are kept.
    pub stem: Range<usize>,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }

    /// The stem's text.
    pub fn stem_text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.stem.clone()]
    }

    /// The proclitics in front of the stem (empty when none were stripped).
    pub fn prefix<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.start..self.stem.start]
    }
}

/// Whether `c` is an Arabic letter (not punctuation or a digit from the Arabic blocks).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    // The basic letters (ء to ي) are almost all of normalised text: decide them without tables.
    if ('\u{0621}'..='\u{064A}').contains(&c) {
        return c != '\u{0640}';
    }
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// Splits normalised text into tokens, in order; whitespace separates tokens and is in none.
///
/// A change of script ends a token: "و5" is و then 5, "ب\"العنيفه\"" is ب, `"`, العنيفه, `"`.
///
/// # Examples
/// ```
/// use marsad_text::{tokenize, TokenKind};
/// let t = "وبالمدينه 1,200 SY24.";
/// let toks = tokenize(t);
/// let kinds: Vec<TokenKind> = toks.iter().map(|k| k.kind).collect();
/// assert_eq!(kinds, [TokenKind::Arabic, TokenKind::Number, TokenKind::Latin, TokenKind::Punct]);
/// assert_eq!(toks[0].stem_text(t), "مدينه");
/// assert_eq!(toks[1].text(t), "1,200");
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if is_arabic_letter(c) {
            TokenKind::Arabic
        } else if c.is_ascii_digit() {
            TokenKind::Number
        } else if is_word_char(c) {
            TokenKind::Latin
        } else {
            TokenKind::Punct
        };
        let mut end = start + c.len_utf8();
        match kind {
            TokenKind::Arabic => {
                while let Some(&(i, d)) = chars.peek() {
                    if !is_arabic_letter(d) {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            TokenKind::Latin => {
                while let Some(&(i, d)) = chars.peek() {
                    if !is_word_char(d) || is_arabic_letter(d) {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            TokenKind::Number => {
                while let Some(&(i, d)) = chars.peek() {
                    let separator_between_digits = (d == '.' || d == ',')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if !(d.is_ascii_digit() || separator_between_digits) {
                        break;
                    }
                    end = i + 1;
                    chars.next();
                }
            }
            TokenKind::Punct => {}
        }
        let stem = if kind == TokenKind::Arabic {
            let word = &text[start..end];
            let s = strip_prefix(word);
            end - s.len()..end
        } else {
            start..end
        };
        out.push(Token { range: start..end, kind, stem });
    }
    out
}

/// Whether `s` is nothing but a proclitic chain (و، ب، وب، ال، بال، لل …), as left over when
/// a proclitic is written apart from the word or number it belongs to.
pub(crate) fn is_proclitic_chain(s: &str) -> bool {
    matches!(s, "و" | "ف" | "ك" | "وك") || PROCLITICS.contains(&s) || DETACHABLE.contains(&s)
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// `word` without its proclitic chain (و ف, then ب ل or the article forms ال لل وال بال فال كال
/// ولل …), trying the longest chain first and only when at least [`MIN_STEM_LETTERS`] letters
/// remain; otherwise `word` itself. Never strips a bare ك or the future س (see the module docs).
///
/// # Examples
/// ```
/// use marsad_text::strip_prefix;
/// assert_eq!(strip_prefix("والمدنيين"), "مدنيين");
/// assert_eq!(strip_prefix("للقاطرجي"), "قاطرجي");
/// assert_eq!(strip_prefix("بين"), "بين");
/// assert_eq!(strip_prefix("سيطره"), "سيطره");
/// assert_eq!(strip_prefix("ديرالزور"), "ديرالزور");
/// ```
pub fn strip_prefix(word: &str) -> &str {
    // The first four letters (the longest chain) and where each starts, decoded once; the
    // chains are then compared letter by letter instead of as strings.
    let mut head = ['\0'; 4];
    let mut starts = [0usize; 4];
    let mut n = 0;
    for (i, c) in word.char_indices().take(4) {
        head[n] = c;
        starts[n] = i;
        n += 1;
    }
    if n == 0 || !matches!(head[0], 'و' | 'ف' | 'ب' | 'ل' | 'ك' | 'ا') {
        return word;
    }
    let total = letters(word);
    for chain in PROCLITIC_LETTERS {
        let k = chain.len();
        if k <= n && total - k >= MIN_STEM_LETTERS && chain.iter().zip(&head).all(|(a, b)| a == b) {
            let cut = starts[k - 1] + head[k - 1].len_utf8();
            return &word[cut..];
        }
    }
    word
}

/// `word` without a pronoun suffix (ه ها هم هما هن كم كما نا ي), longest first, when at least
/// [`MIN_STEM_LETTERS`] letters remain; otherwise `word`. Not applied by [`tokenize`]: after
/// normalisation a final ه is also the ta marbuta (مدينه) and a final ي the nisba ending (مدني),
/// so use it only on words known not to be names or adjectives (e.g. "عناصره" → "عناصر").
///
/// # Examples
/// ```
/// use marsad_text::strip_suffix;
/// assert_eq!(strip_suffix("عناصره"), "عناصر");
/// assert_eq!(strip_suffix("مقراتهم"), "مقرات");
/// assert_eq!(strip_suffix("منه"), "منه");
/// ```
pub fn strip_suffix(word: &str) -> &str {
    for s in PRONOUN_SUFFIXES {
        if let Some(rest) = word.strip_suffix(s) {
            if letters(rest) >= MIN_STEM_LETTERS {
                return rest;
            }
        }
    }
    word
}

/// For a token that is only a proclitic written apart from its word (ب in ب"العنيفه", ل in
/// ل6 or ل - "مكتب"), the index of the token it attaches to: the next token when it starts right
/// where the proclitic ends, else the token after an opening quote or bracket that does, or after
/// a spaced hyphen standing for a tatweel. `None` for any other token.
///
/// # Examples
/// ```
/// use marsad_text::{proclitic_host, tokenize};
/// let t = "اشتباكات وصفت ب\"العنيفه\"";
/// let toks = tokenize(t);
/// assert_eq!(toks[2].text(t), "ب");
/// let host = proclitic_host(&toks, 2, t).unwrap();
/// assert_eq!(toks[host].text(t), "العنيفه");
/// ```
pub fn proclitic_host(tokens: &[Token], i: usize, text: &str) -> Option<usize> {
    let tok = tokens.get(i)?;
    if tok.kind != TokenKind::Arabic || !DETACHABLE.contains(&tok.text(text)) {
        return None;
    }
    let is_word = |t: &Token| t.kind != TokenKind::Punct;
    let next = tokens.get(i + 1)?;
    if next.range.start == tok.range.end {
        if is_word(next) {
            return Some(i + 1);
        }
        let after = tokens.get(i + 2)?;
        let opener = matches!(next.text(text), "\"" | "'" | "(" | "[" | "<");
        return (opener && after.range.start == next.range.end && is_word(after)).then_some(i + 2);
    }
    // ل - "مكتب": a tatweel scraped as a spaced hyphen.
    if next.text(text) == "-" && text[tok.range.end..next.range.start].trim().is_empty() {
        let mut j = i + 2;
        if tokens.get(j).is_some_and(|t| matches!(t.text(text), "\"" | "<" | "(")) {
            j += 1;
        }
        return tokens.get(j).filter(|t| is_word(t)).map(|_| j);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AlignedText;

    fn texts(src: &str) -> Vec<(String, String, TokenKind)> {
        let t = AlignedText::new(src);
        let n = t.normalized();
        tokenize(n)
            .into_iter()
            .map(|k| (k.text(n).to_string(), k.stem_text(n).to_string(), k.kind))
            .collect()
    }

    #[test]
    fn seed_sentence_with_detached_preposition() {
        let src = "اندلعت اشتباكات وصفت بـ”العنيفة” بين عناصر دورية أمنية مشتركة في مدينة ديرالزور، تسببت بوقوع عدة إصابات";
        let t = AlignedText::new(src);
        let n = t.normalized();
        let toks = tokenize(n);
        let words: Vec<&str> = toks.iter().map(|k| k.text(n)).collect();
        assert_eq!(
            words,
            ["اندلعت", "اشتباكات", "وصفت", "ب", "\"", "العنيفه", "\"", "بين", "عناصر", "دوريه", "امنيه",
             "مشتركه", "في", "مدينه", "ديرالزور", "،", "تسببت", "بوقوع", "عده", "اصابات"]
        );
        assert_eq!(proclitic_host(&toks, 3, n), Some(5));
        assert_eq!(toks[5].stem_text(n), "عنيفه");
        assert_eq!(t.original_slice(toks[3].range.start..toks[6].range.end), "بـ”العنيفة”");
        // A word is not a detached proclitic, nor is a proclitic followed by a space.
        assert_eq!(proclitic_host(&toks, 7, n), None);
        assert_eq!(toks[7].stem_text(n), "بين");
        assert_eq!(toks[14].stem_text(n), "ديرالزور");
        assert_eq!(toks[17].stem_text(n), "وقوع");
    }

    #[test]
    fn scraped_hyphen_for_tatweel() {
        // ufc_V184_0: لـ"مكتب أخبار سوريا" scraped as ل - " مكتب ...".
        let n = "وقال حسن درويشو , ل - \" مكتب اخبار سوريا \" , ان";
        let toks = tokenize(n);
        let l = toks.iter().position(|k| k.text(n) == "ل").unwrap();
        let host = proclitic_host(&toks, l, n).unwrap();
        assert_eq!(toks[host].text(n), "مكتب");
    }

    #[test]
    fn numbers_latin_and_mixed_scripts() {
        let got = texts("استُهدفت بـ6 صواريخ و۵ أطفال، منصة SY24 بنسبة 40.5 % و1,200 شخص ( 45 ) كم");
        let kinds: Vec<(&str, TokenKind)> = got.iter().map(|(t, _, k)| (t.as_str(), *k)).collect();
        assert_eq!(
            kinds,
            [
                ("استهدفت", TokenKind::Arabic),
                ("ب", TokenKind::Arabic),
                ("6", TokenKind::Number),
                ("صواريخ", TokenKind::Arabic),
                ("و", TokenKind::Arabic),
                ("5", TokenKind::Number),
                ("اطفال", TokenKind::Arabic),
                ("،", TokenKind::Punct),
                ("منصه", TokenKind::Arabic),
                ("SY24", TokenKind::Latin),
                ("بنسبه", TokenKind::Arabic),
                ("40.5", TokenKind::Number),
                ("%", TokenKind::Punct),
                ("و", TokenKind::Arabic),
                ("1,200", TokenKind::Number),
                ("شخص", TokenKind::Arabic),
                ("(", TokenKind::Punct),
                ("45", TokenKind::Number),
                (")", TokenKind::Punct),
                ("كم", TokenKind::Arabic),
            ]
        );
        let toks = tokenize("ب6 صواريخ");
        assert_eq!(proclitic_host(&toks, 0, "ب6 صواريخ"), Some(1));
        // A date's full stops are not decimal points when spaced.
        let n = "11 . 10 . 2017";
        assert_eq!(tokenize(n).len(), 5);
        assert_eq!(tokenize("2017.").len(), 2);
    }

    #[test]
    fn stems_keep_names_whole() {
        let got = texts("وأدت الاشتباكات إلى سقوط قتيلين مدنيين وطفل وبالعشارة وللقاطرجي فرع كتيبة سيطرة الله");
        let stems: Vec<&str> = got.iter().map(|(_, s, _)| s.as_str()).collect();
        assert_eq!(
            stems,
            ["ادت", "اشتباكات", "الي", "سقوط", "قتيلين", "مدنيين", "طفل", "عشاره", "قاطرجي", "فرع",
             "كتيبه", "سيطره", "الله"]
        );
    }

    #[test]
    fn proclitic_letters_spell_the_proclitics() {
        let spelled: Vec<String> = PROCLITIC_LETTERS.iter().map(|l| l.iter().collect()).collect();
        assert_eq!(spelled, PROCLITICS);
    }

    /// The definition [`strip_prefix`] implements, written the obvious way.
    fn strip_prefix_reference(word: &str) -> &str {
        if !word.starts_with(['و', 'ف', 'ب', 'ل', 'ك', 'ا']) {
            return word;
        }
        for p in PROCLITICS {
            if let Some(rest) = word.strip_prefix(p) {
                if letters(rest) >= MIN_STEM_LETTERS {
                    return rest;
                }
            }
        }
        word
    }

    #[test]
    fn strip_prefix_matches_its_definition() {
        let letters = ['و', 'ف', 'ب', 'ل', 'ك', 'ا', 'س', 'ه', 'a'];
        // Every word of up to five of these letters.
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() == words.last().map_or(0, |l| l.chars().count()))
                .flat_map(|w| letters.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        for w in &words {
            assert_eq!(strip_prefix(w), strip_prefix_reference(w), "{w:?}");
        }
    }

    #[test]
    fn suffixes_only_on_request() {
        assert_eq!(strip_suffix("عناصرها"), "عناصر");
        assert_eq!(strip_suffix("قادتهما"), "قادت");
        assert_eq!(strip_suffix("منها"), "منها");
        assert_eq!(strip_prefix("والمدنيين"), "مدنيين");
        // Documented limit: a bare ب or ل cannot be told from a root letter without a lexicon.
        assert_eq!(strip_prefix("بلدات"), "لدات");
        assert_eq!(strip_prefix("بينهم"), "ينهم");
    }
}
