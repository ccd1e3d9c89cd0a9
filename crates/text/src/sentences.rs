//! Sentence and clause segmentation of normalised text.
//!
//! News text scraped from the web is messy: sentences end with " . " (a space on both sides),
//! dates are written "11 . 10 . 2017", ellipses as ". . .", and quotations hold full stops. The
//! splitter works on characters only (no dictionary), so it stays cheap enough to run on every
//! report; the rules below are the ones that matter on the seed and development reports.

use std::ops::Range;

use crate::lexicon::is_word_char;

/// Quotations longer than this (bytes) are not protected from splitting: a lone or misplaced
/// quote mark must not glue a whole paragraph into one sentence.
const MAX_PROTECTED_QUOTE: usize = 600;

/// Words that start a new clause inside a sentence (normalised, each followed by a space in the
/// text). They introduce a second, simultaneous event ("…، فيما أصيب اثنان"), which is exactly
/// where a casualty figure stops belonging to the previous event.
const CLAUSE_STARTERS: &[&str] = &[
    "فيما",
    "وفيما",
    "بينما",
    "وبينما",
    "في حين",
    "وفي حين",
    "في الوقت الذي",
    "وفي الوقت الذي",
    "كما",
    "وكما",
];

/// Reporting verbs with و that open a new statement (normalised: hamza seats folded). News text
/// that lost its full stops runs two sentences together ("… وإصابة نحو 50 آخرين وقالت المصادر
/// …"); one of these right after a word, with no punctuation between, starts a sentence, so
/// that what the second statement tells is not read as part of the first.
const RUN_ON_REPORTING_VERBS: &[&str] = &[
    "وقال", "وقالت", "واضاف", "واضافت", "وافاد", "وافادت", "واشار", "واشارت", "واكد", "واكدت",
    "واوضح", "واوضحت", "وتابع", "وتابعت",
];

/// Latin abbreviations written with a full stop that does not end a sentence. Single letters
/// (Latin or Arabic: "U.S.", "د. محمد") are handled by rule.
const LATIN_ABBREVIATIONS: &[&str] =
    &["Mr", "Mrs", "Ms", "Dr", "St", "No", "vs", "etc", "Jr", "Sr", "Inc", "Ltd", "Co", "Gen", "Col"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

/// Whitespace that does not break a line.
fn is_blank(c: char) -> bool {
    c.is_whitespace() && c != '\n'
}

/// Splits normalised text into sentences.
///
/// Boundaries: every newline, and `.`, `!`, `?`, `؟`, `…` (a run of them, including spaced
/// ". . .", counts as one and stays with the sentence it ends). A full stop is not a boundary
/// between digits ("10.5", "11 . 10 . 2017"), inside a Latin word or address ("sy24.net"), after a
/// single-letter or listed abbreviation ("د. محمد", "U.S."), or inside a quotation of moderate
/// length (so a quoted statement stays in the sentence that reports it).
///
/// Ranges are byte ranges of `text`, trimmed of surrounding whitespace, in order, never
/// overlapping; stretches with no letter or digit (a lone ". . .") are dropped.
///
/// # Examples
/// ```
/// use marsad_text::split_sentences;
/// let t = "قتل 3 مدنيين يوم 11 . 10 . 2017 . وقال مصدر \"انتهى. لا\" للمنصة.\nوفي سياق";
/// let s: Vec<&str> = split_sentences(t).into_iter().map(|r| &t[r]).collect();
/// assert_eq!(s, ["قتل 3 مدنيين يوم 11 . 10 . 2017 .", "وقال مصدر \"انتهى. لا\" للمنصة.", "وفي سياق"]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let quotes = protected_quotes(text);
    let mut quote_idx = 0;
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
            continue;
        }
        let run_on = c == 'و' && run_on_reporting_verb(text, i);
        if !is_terminator(c) && !run_on {
            continue;
        }
        while quote_idx < quotes.len() && quotes[quote_idx].end <= i {
            quote_idx += 1;
        }
        if quotes.get(quote_idx).is_some_and(|q| q.start < i) {
            continue;
        }
        if run_on {
            push_trimmed(text, start..i, &mut out);
            start = i;
            continue;
        }
        if c == '.' && !period_ends_sentence(text, i) {
            continue;
        }
        let end = end_of_terminator_run(text, i + c.len_utf8());
        push_trimmed(text, start..end, &mut out);
        start = end;
        while iter.peek().is_some_and(|&(j, _)| j < end) {
            iter.next();
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Splits one sentence (a range of `text`, e.g. from [`split_sentences`]) into clauses: at
/// "،", ",", ";", "؛" (not a comma between digits, "1,200"), and before a clause-starting
/// conjunction (فيما، بينما، في حين، في الوقت الذي، كما, also with و). Separators belong to no
/// clause; clauses are trimmed of whitespace and of the sentence's final punctuation, and those
/// without a letter or digit are dropped.
///
/// # Panics
/// When `sentence` is not a char-boundary range of `text`.
///
/// # Examples
/// ```
/// use marsad_text::split_clauses;
/// let t = "قتل عنصران في القصف، فيما أصيب 3 بينما فر الباقون.";
/// let c: Vec<&str> = split_clauses(t, 0..t.len()).into_iter().map(|r| &t[r]).collect();
/// assert_eq!(c, ["قتل عنصران في القصف", "فيما أصيب 3", "بينما فر الباقون"]);
/// ```
pub fn split_clauses(text: &str, sentence: Range<usize>) -> Vec<Range<usize>> {
    let base = sentence.start;
    let s = &text[sentence];
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        match c {
            '،' | ';' | '؛' => {
                push_clause(s, base, start..i, &mut out);
                start = i + c.len_utf8();
            }
            ',' => {
                let next = s[i + 1..].chars().next();
                let in_number = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if !in_number {
                    push_clause(s, base, start..i, &mut out);
                    start = i + 1;
                }
            }
            _ if prev.is_some_and(char::is_whitespace) && starts_clause(&s[i..]) => {
                push_clause(s, base, start..i, &mut out);
                start = i;
            }
            _ => {}
        }
        prev = Some(c);
    }
    push_clause(s, base, start..s.len(), &mut out);
    out
}

fn starts_clause(rest: &str) -> bool {
    CLAUSE_STARTERS.iter().any(|w| {
        rest.strip_prefix(w).is_some_and(|after| after.starts_with(char::is_whitespace))
    })
}

fn push_clause(s: &str, base: usize, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &s[r.clone()];
    let trimmed = piece.trim_end_matches(|c: char| c.is_whitespace() || is_terminator(c));
    let lead = trimmed.len() - trimmed.trim_start().len();
    let trimmed = trimmed.trim_start();
    if trimmed.chars().any(is_word_char) {
        let start = base + r.start + lead;
        out.push(start..start + trimmed.len());
    }
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.chars().any(is_word_char) {
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

/// After a terminator ending at `pos`, the end of the run of terminators it belongs to: "..",
/// "?!", ". . ." (single blanks between). Trailing blanks are not included.
fn end_of_terminator_run(text: &str, pos: usize) -> usize {
    let mut end = pos;
    loop {
        let rest = &text[end..];
        let skip = usize::from(rest.starts_with(' '));
        match rest[skip..].chars().next() {
            Some(c) if is_terminator(c) => end += skip + c.len_utf8(),
            _ => return end,
        }
    }
}

/// Whether the full stop at byte `i` ends a sentence.
fn period_ends_sentence(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let after = &text[i + 1..];
    let left_word = before.trim_end_matches(is_blank);
    let right_word = after.trim_start_matches(is_blank);
    let spaced_left = left_word.len() < before.len();
    let spaced_right = right_word.len() < after.len();
    let left_digits = trailing_digits(left_word);
    let right_digits = right_word.len() - right_word.trim_start_matches(|c: char| c.is_ascii_digit()).len();

    // Decimals "10.5" and dates "11.10.2017" / "11 . 10 . 2017". With spaces the left group must be
    // a day or month, so that "… في عام 2017 . 12 قتيلا …" still splits.
    if left_digits > 0 && right_digits > 0 {
        if !spaced_left && !spaced_right {
            return false;
        }
        if left_digits <= 2 && right_digits <= 4 {
            return false;
        }
    }
    if spaced_left {
        return true;
    }
    // Addresses and Latin abbreviations written solid: "sy24.net", "U.S".
    let next = after.chars().next();
    let prev = before.chars().next_back();
    if !spaced_right
        && next.is_some_and(|c| c.is_ascii_alphanumeric())
        && prev.is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    // The word right before the stop: a single letter ("د." for دكتور, "U." in "U.S.") or a
    // listed Latin abbreviation does not end the sentence.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(before.len(), |(j, _)| j);
    let word = &before[word_start..];
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return false;
    }
    if LATIN_ABBREVIATIONS.contains(&word) {
        return false;
    }
    true
}

/// Whether a reporting verb of [`RUN_ON_REPORTING_VERBS`] starts at byte `i`, right after a
/// word and a single blank (no punctuation: with a comma it is a clause of the sentence).
fn run_on_reporting_verb(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let Some(word) = before.strip_suffix(' ') else { return false };
    if !word.chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    let rest = &text[i..];
    RUN_ON_REPORTING_VERBS
        .iter()
        .any(|v| rest.strip_prefix(v).is_some_and(|after| after.starts_with(is_blank)))
}

fn trailing_digits(s: &str) -> usize {
    s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len()
}

/// Quotations (paired `"` within one line, at most [`MAX_PROTECTED_QUOTE`] bytes) inside which
/// terminators do not split. Quote marks are paired left to right per line; an odd one out at
/// the end of a line protects nothing.
fn protected_quotes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '\n' => open = None,
            '"' => match open.take() {
                None => open = Some(i),
                Some(o) => {
                    if i - o <= MAX_PROTECTED_QUOTE {
                        out.push(o..i);
                    }
                }
            },
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AlignedText;

    fn sentences(src: &str) -> Vec<String> {
        let t = AlignedText::new(src);
        let n = t.normalized();
        split_sentences(n).into_iter().map(|r| n[r].to_string()).collect()
    }

    fn clauses(src: &str) -> Vec<String> {
        let t = AlignedText::new(src);
        let n = t.normalized();
        split_clauses(n, 0..n.len()).into_iter().map(|r| n[r].to_string()).collect()
    }

    fn norm(s: &str) -> String {
        AlignedText::new(s).normalized().to_string()
    }

    #[test]
    fn scraped_spaced_full_stops_and_dates() {
        // ufc_R595_0: a time and a date written with spaced full stops, then a real boundary.
        let src = "Grigoriy sysoev12 : 54 11 . 10 . 2017 ( محدثة 13 : 25 11 . 10 . 2017 ) الموضوع : قال وزير الخارجية السوري وليد المعلم , اليوم الأربعاء 11 أكتوبر / تشرين الأول , إن الأكراد ينافسون الجيش السوري في السيطرة على المناطق النفطية , مؤكدا أن دمشق لن تسمح بانتهاك سيادة الدولة .\nREUTERS / Asmaa Waguih وأضاف المعلم";
        let s = sentences(src);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[0].ends_with("سياده الدوله ."));
        assert!(s[1].starts_with("REUTERS"));
        // The photo credit and the next statement run on without a full stop.
        assert!(s[2].starts_with("واضاف المعلم"));
    }

    #[test]
    fn one_line_several_sentences() {
        // ufc_V184_0 (dev), first line: two reports joined by " . " on one line.
        let src = "مكتب أخبار سوريا - دير الزور لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين , ليل اليوم , جراء استهداف الطيران الحربي الروسي بأربع غارات , ساحة سوق الثلاثاء عند مدخل بلدة الصور الجنوبي الخاضعة لسيطرة تنظيم الدولة الإسلامية بريف دير الزور الشمالي . مكتب أخبار سوريا - إدلب أخمد عناصر الدفاع المدني المعارض , اليوم , حريق اندلع .";
        let s = sentences(src);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("الشمالي ."));
        assert!(s[1].starts_with("مكتب اخبار سوريا - ادلب"));
    }

    #[test]
    fn run_on_reporting_verb_starts_a_sentence() {
        // ufc_R133_0 (dev): a relayed toll, then the source's own account with no full stop.
        let src = "بارتفاع حصيلة ضحايا سقوط قذيفتين صاروخيتين على مطحنة , إلى 12 شخصا , وإصابة نحو 50 آخرين وقالت المصادر , إن مجموعات مسلحة استهدفت مطحنة";
        let s = sentences(src);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("اخرين"));
        assert!(s[1].starts_with("وقالت المصادر"));
        // After a comma it is a clause of the sentence; inside a quotation it is quoted.
        assert_eq!(sentences("قتل ثلاثة عناصر , وقال المرصد إن الاشتباكات مستمرة").len(), 1);
        assert_eq!(sentences("قال المصدر \"قتل ثلاثة وأضاف آخرون\" للمنصة").len(), 1);
        // Only the verb itself: "وقالب" is not "وقال".
        assert_eq!(sentences("صنع القالب وقالبا آخر").len(), 1);
    }

    #[test]
    fn ellipses_count_once() {
        // ufc_V180_0 title, and the may_2023_08_089 title.
        let s = sentences("\" خفض التوتر \" يعيد لحوران ثورتها الأولى . . . مظاهرات سلمية تعم قراها");
        assert_eq!(s, [norm("\" خفض التوتر \" يعيد لحوران ثورتها الأولى . . ."), norm("مظاهرات سلمية تعم قراها")]);
        let s = sentences("ارتفاع منسوب التوتر.. اشتباكات بين \"قسد\" و \"مجلس دير الزور العسكري\"");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], norm("ارتفاع منسوب التوتر.."));
        let s = sentences("ميليشيا الدفاع الوطني تطرد ميليشيا قاطرجي من مواقع لها في دير الزور… وبوليتكال كيز تكشف التفاصيل");
        assert_eq!(s.len(), 2);
        assert!(s[0].ends_with('…'));
    }

    #[test]
    fn quotation_stays_with_its_sentence() {
        // Seed 003: a quoted statement, then a full stop after the closing quote.
        let src = "وقالت المصادر الخاصة لـ”بوليتكال كيز | Political Keys” إن “عناصر الدفاع الوطني استولوا على حواجز ومقرات تابعة للقاطرجي. وقاموا بتحويلها إلى مقرات”. وأضافت المصادر أن “عناصر ميليشيا قاطرجي، توجهوا إلى مدينة الميادين”.";
        let s = sentences(src);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("مقرات\"."));
        assert!(s[1].starts_with("واضافت"));
    }

    #[test]
    fn decimals_urls_and_abbreviations() {
        let s = sentences("بلغت النسبة 10.5 بالمئة حسب موقع sy24.net، وقال د. محمد إن U.S. تدعم قسد. وانتهى");
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s[0].ends_with("قسد."));
    }

    #[test]
    fn question_marks_and_newlines() {
        let s = sentences("من المسؤول؟ لا أحد!\n\n  قتل عنصر\n");
        assert_eq!(s, ["من المسوول؟", "لا احد!", "قتل عنصر"]);
        assert!(sentences(" . . \n").is_empty());
    }

    #[test]
    fn clauses_on_commas_and_conjunctions() {
        // Seed 000.
        let c = clauses("واندلعت اشتباكات استمرت أكثر من ساعة أصيب على إثرها القيادي في ميليشيا الدفاع “أحمد اللاحج” مع ثلاثة من عناصره، تم نقلهم بشكل مباشر بسيارات ميليشيا الدفاع الوطني إلى مشفى السلوم “النور سابقاً”، في الوقت الذي أصيب فيه اثنين من أفراد الدورية المشتركة.");
        assert_eq!(c.len(), 3, "{c:#?}");
        assert!(c[0].ends_with("ثلاثه من عناصره"));
        assert!(c[2].starts_with("في الوقت الذي اصيب فيه اثنين"));
        assert!(c[2].ends_with("المشتركه"));
        // ufc_V184_0: scraped " , " and a "بينهم" sub-count that stays in its clause.
        let c = clauses("ما أدى إلى مقتل تسعة مدنيين , بينهم خمسة أطفال , وإصابة آخرين .");
        assert_eq!(c, [norm("ما أدى إلى مقتل تسعة مدنيين"), norm("بينهم خمسة أطفال"), norm("وإصابة آخرين")]);
        // ufc_R133_0: "كما" opens the injured clause; a thousands comma is not a separator.
        let c = clauses("قال قائد شرطة حمص إن سبعة قتلوا كما أصيب ثمانية إثر انفجار قنبلة وتضرر 1,200 منزل");
        assert_eq!(c, [norm("قال قائد شرطة حمص إن سبعة قتلوا"), norm("كما أصيب ثمانية إثر انفجار قنبلة وتضرر 1,200 منزل")]);
        // may_2023_07_119: "فيما" after a comma does not make an empty clause.
        let c = clauses("ما أدّى إلى مقتل ثلاثة منهم وإصابة آخرين، فيما استهدفت المسيرة الثانية مقراً");
        assert_eq!(c.len(), 2);
        assert!(c[1].starts_with("فيما"));
    }

    #[test]
    fn clauses_of_a_sentence_inside_a_longer_text() {
        let t = "مقدمة. قتل اثنان، وجرح ثلاثة. خاتمة";
        let s = split_sentences(t);
        assert_eq!(s.len(), 3);
        let c: Vec<&str> = split_clauses(t, s[1].clone()).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["قتل اثنان", "وجرح ثلاثة"]);
    }
}
