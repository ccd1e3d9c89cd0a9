//! Arabic normalisation that keeps a map from every normalised byte back to the original text.
//!
//! Every later stage works on [`AlignedText::normalized`]; every span it reports is a byte range
//! of the normalised text, and [`AlignedText::original_range`] / [`AlignedText::char_range`] turn
//! it back into the words the reader sees. The normaliser deletes characters, replaces one
//! character by another, and inserts one thing: a space after a word-final letter (ta marbuta,
//! alef maqsura) glued to the next word by scraping ("منطقةجب" → "منطقه جب"). Such a space has no
//! origin: it maps to an empty original range. The map stays monotone, and every other
//! normalised byte has exactly one origin.

use std::ops::Range;

/// A text and its normalised form, aligned byte by byte.
#[derive(Debug, Clone)]
pub struct AlignedText {
    original: String,
    normalized: String,
    /// For each byte of `normalized` (and one past the end), the byte offset in `original` of the
    /// character it came from (for the end: `original.len()`; for an inserted space: the offset
    /// of the character after it).
    to_original: Vec<u32>,
    /// Byte offsets in `normalized` of the spaces inserted between glued words, ascending.
    inserted: Vec<u32>,
    /// Chars of `original` before every [`CHAR_STEP`]-th byte, so that a char offset costs a
    /// look-up and a short count instead of a count from the start of a long report.
    chars_before_step: Vec<u32>,
}

/// Bytes between two entries of [`AlignedText::chars_before_step`].
const CHAR_STEP: usize = 256;

/// Whether a byte starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b as i8) >= -0x40
}

/// Letters that only ever end a word: a letter written right after one starts the next word.
fn ends_word(c: char) -> bool {
    matches!(c, 'ة' | 'ى')
}

/// The Arabic letters (hamza to ya), which can start a word glued to the previous one.
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// What normalisation does to one character.
#[derive(Debug, PartialEq, Eq)]
enum Fold {
    Keep,
    Drop,
    Replace(char),
}

/// Diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) and tatweel.
fn is_removable_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}')
}

/// Zero-width and bidirectional control characters, byte-order mark, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}')
}

#[inline]
fn fold(c: char) -> Fold {
    let u = c as u32;
    // Fast paths for what news text is made of: ASCII, and the basic Arabic letters (ء..ي
    // without tatweel), of which only seven fold.
    if u < 0x80 {
        return match c {
            '\t' => Fold::Replace(' '),
            '\r' => Fold::Replace('\n'),
            '`' => Fold::Replace('\''),
            _ => Fold::Keep,
        };
    }
    if (0x0621..=0x064A).contains(&u) && u != 0x0640 {
        return match c {
            'أ' | 'إ' | 'آ' => Fold::Replace('ا'),
            'ى' | 'ئ' => Fold::Replace('ي'),
            'ة' => Fold::Replace('ه'),
            'ؤ' => Fold::Replace('و'),
            _ => Fold::Keep,
        };
    }
    fold_table(c)
}

/// The full definition of what normalisation does to a character; [`fold`] only adds fast
/// paths in front of it.
fn fold_table(c: char) -> Fold {
    if is_removable_mark(c) || is_invisible(c) {
        return Fold::Drop;
    }
    let r = match c {
        // Alef with hamza or madda, and wasla, are written interchangeably in news text.
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        // Persian and Urdu letter forms that Arabic keyboards sometimes produce.
        'ک' => 'ك',
        'ی' | 'ې' => 'ي',
        'ھ' | 'ە' => 'ه',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' | '〝' | '〞' | '＂' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => ' ',
        '\r' => '\n',
        _ => return Fold::Keep,
    };
    Fold::Replace(r)
}

impl AlignedText {
    /// Normalises `original`: removes diacritics, tatweel, zero-width and bidi controls; unifies
    /// alef/hamza forms, alef maqsura (→ ي), ta marbuta (→ ه), Arabic-Indic and Persian digits
    /// (→ ASCII), curly quotes and «» (→ `"`), and odd spaces (→ ` `); separates a word glued
    /// after a ta marbuta or alef maqsura, which Arabic only writes at the end of a word.
    ///
    /// # Examples
    /// ```
    /// use marsad_text::AlignedText;
    /// let t = AlignedText::new("مَدِينَةُ ديرالزور «٢٠٢٤»");
    /// assert_eq!(t.normalized(), "مدينه ديرالزور \"2024\"");
    /// ```
    pub fn new(original: &str) -> Self {
        let mut normalized = String::with_capacity(original.len());
        let mut to_original = Vec::with_capacity(original.len() + 1);
        let mut inserted = Vec::new();
        // Whether the last kept character ends a word (diacritics between do not count).
        let mut after_word_end = false;
        for (pos, c) in original.char_indices() {
            let out = match fold(c) {
                Fold::Drop => continue,
                Fold::Keep => c,
                Fold::Replace(r) => r,
            };
            let pos = pos as u32;
            if after_word_end && is_arabic_letter(c) {
                inserted.push(normalized.len() as u32);
                normalized.push(' ');
                to_original.push(pos);
            }
            after_word_end = ends_word(c);
            normalized.push(out);
            match out.len_utf8() {
                1 => to_original.push(pos),
                2 => to_original.extend_from_slice(&[pos, pos]),
                n => to_original.extend(std::iter::repeat(pos).take(n)),
            }
        }
        to_original.push(original.len() as u32);
        let mut chars_before_step = Vec::with_capacity(original.len() / CHAR_STEP + 1);
        let mut count = 0u32;
        for block in original.as_bytes().chunks(CHAR_STEP) {
            chars_before_step.push(count);
            count += block.iter().filter(|b| starts_char(b)).count() as u32;
        }
        // One entry for every multiple of the step up to the length, the length included.
        if original.len() % CHAR_STEP == 0 {
            chars_before_step.push(count);
        }
        AlignedText { original: original.to_owned(), normalized, to_original, inserted, chars_before_step }
    }

    /// Whether the normalised byte at `norm` is a space the normaliser inserted between glued
    /// words (it has no original text).
    pub fn is_inserted(&self, norm: usize) -> bool {
        !self.inserted.is_empty() && self.inserted.binary_search(&(norm as u32)).is_ok()
    }

    /// The text as given.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalised text; all spans in marsad index into this string unless said otherwise.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Maps a byte range of the normalised text to the byte range of the original text that
    /// produced it. The end maps to the end of the last original character covered, so dropped
    /// marks inside the range are included but trailing ones are not.
    ///
    /// # Panics
    /// When `norm` is out of bounds of the normalised text.
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        let start = self.to_original[norm.start] as usize;
        if norm.end <= norm.start {
            return start..start;
        }
        // The last normalised byte that has an origin (an inserted space has none).
        let mut last_byte = norm.end - 1;
        while self.is_inserted(last_byte) {
            if last_byte == norm.start {
                return start..start;
            }
            last_byte -= 1;
        }
        // The original character that produced that byte, and its end.
        let last = self.to_original[last_byte] as usize;
        let last_len = self.original[last..].chars().next().map_or(0, char::len_utf8);
        let mut end = last + last_len;
        // Keep the diacritics that follow the last letter: they belong to it.
        for c in self.original[end..].chars() {
            if is_removable_mark(c) && c != '\u{0640}' {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        start..end
    }

    /// Maps a byte range of the normalised text to a range of Unicode scalar values (chars) in
    /// the original text: the unit of the output contract's evidence offsets.
    pub fn char_range(&self, norm: Range<usize>) -> Range<usize> {
        let bytes = self.original_range(norm);
        let start = self.chars_before(bytes.start);
        start..self.chars_before(bytes.end)
    }

    /// Chars of the original text before byte `pos` (a char boundary).
    fn chars_before(&self, pos: usize) -> usize {
        let step = pos / CHAR_STEP;
        let base = self.chars_before_step[step] as usize;
        base + self.original.as_bytes()[step * CHAR_STEP..pos].iter().filter(|b| starts_char(b)).count()
    }

    /// The original text under a normalised byte range.
    pub fn original_slice(&self, norm: Range<usize>) -> &str {
        &self.original[self.original_range(norm)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_the_table() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(fold(c), fold_table(c), "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_seed_sentence() {
        let t = AlignedText::new("اندلعت اشتباكات وصفت بـ”العنيفة” في مدينة ديرالزور");
        assert_eq!(t.normalized(), "اندلعت اشتباكات وصفت ب\"العنيفه\" في مدينه ديرالزور");
    }

    #[test]
    fn maps_back_over_dropped_marks() {
        let src = "قُتِلَ عنصرٌ في الميادين";
        let t = AlignedText::new(src);
        let n = t.normalized();
        let at = n.find("عنصر").unwrap();
        assert_eq!(t.original_slice(at..at + "عنصر".len()), "عنصرٌ");
        let at = n.find("الميادين").unwrap();
        let chars = t.char_range(at..at + "الميادين".len());
        let got: String = src.chars().skip(chars.start).take(chars.len()).collect();
        assert_eq!(got, "الميادين");
    }

    #[test]
    fn digits_and_hamza() {
        let t = AlignedText::new("إصابة ٤ آخرين و۵ أطفال");
        assert_eq!(t.normalized(), "اصابه 4 اخرين و5 اطفال");
    }

    #[test]
    fn separates_words_glued_after_ta_marbuta() {
        let src = "قتلى في منطقةجب الجراح، وعلىالطريق مدينةٌكبيرة";
        let t = AlignedText::new(src);
        let n = t.normalized();
        assert_eq!(n, "قتلي في منطقه جب الجراح، وعلي الطريق مدينه كبيره");
        let at = n.find("جب الجراح").unwrap();
        assert_eq!(t.original_slice(at..at + "جب الجراح".len()), "جب الجراح");
        // The inserted space has no text of its own, on either edge of a range.
        let at = n.find("منطقه ").unwrap();
        assert_eq!(t.original_slice(at..at + "منطقه ".len()), "منطقة");
        assert!(t.original_range(at + "منطقه".len()..at + "منطقه ".len()).is_empty());
        assert_eq!(t.original_slice(at..at + "منطقه جب".len()), "منطقةجب");
        // The tanwin between the two words stays with the first.
        let at = n.find("مدينه").unwrap();
        assert_eq!(t.original_slice(at..at + "مدينه".len()), "مدينةٌ");
        // Ta marbuta before a space, a digit or Latin text inserts nothing.
        assert_eq!(AlignedText::new("مدينة 5 حلبة2 ةx").normalized(), "مدينه 5 حلبه2 هx");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        let t = AlignedText::new("دير\u{200F}\u{200B}الزور");
        assert_eq!(t.normalized(), "ديرالزور");
        assert_eq!(t.original_slice(0..t.normalized().len()), "دير\u{200F}\u{200B}الزور");
    }
}
