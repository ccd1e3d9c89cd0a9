//! Checks of the layers below extraction: the text core, numbers, dates, the lexicons and the
//! gazetteer, each on the normalised form of an arbitrary text.

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use marsad_gazetteer::Gazetteer;
use marsad_lexicon::actors::ActorLexicon;
use marsad_lexicon::time::{self, TimeLexicon};
use marsad_lexicon::triggers::TriggerLexicon;
use marsad_text::{find_quantities, parse_number_word, split_clauses, split_sentences, tokenize, AlignedText};

use crate::spans::{inside, on_boundaries, well_formed, Order};
use crate::{ensure, Violation};

/// The embedded lexicons, loaded once per process.
struct Lexicons {
    actors: ActorLexicon,
    triggers: TriggerLexicon,
    time: TimeLexicon,
}

fn lexicons() -> Result<&'static Lexicons, Violation> {
    static LEX: OnceLock<Result<Lexicons, String>> = OnceLock::new();
    let loaded = LEX.get_or_init(|| {
        Ok(Lexicons {
            actors: ActorLexicon::embedded().map_err(|e| e.to_string())?,
            triggers: TriggerLexicon::embedded().map_err(|e| e.to_string())?,
            time: TimeLexicon::embedded().map_err(|e| e.to_string())?,
        })
    });
    loaded.as_ref().map_err(|e| Violation(format!("embedded lexicons do not load: {e}")))
}

fn gazetteer() -> Result<&'static Gazetteer, Violation> {
    Gazetteer::embedded().map_err(|e| Violation(format!("embedded gazetteer does not load: {e}")))
}

/// The text core: normalisation, its map back, tokens, sentences and clauses.
///
/// # Errors
/// The first invariant the text breaks.
pub fn check_text(s: &str) -> Result<(), Violation> {
    let t = AlignedText::new(s);
    let n = t.normalized();
    let again = AlignedText::new(n);
    ensure!(again.normalized() == n, "normalise is not idempotent: {n:?} becomes {:?}", again.normalized());
    check_map(&t)?;

    let toks = tokenize(n);
    well_formed("tokens", n, toks.iter().map(|k| &k.range), Order::Disjoint)?;
    let mut pos = 0;
    for k in &toks {
        ensure!(n[pos..k.range.start].chars().all(char::is_whitespace), "text between tokens at {pos}..{} is not blank", k.range.start);
        inside("token stem", n, &k.stem, &k.range)?;
        ensure!(!k.stem.is_empty() && k.stem.end == k.range.end, "stem {:?} of token {:?}", k.stem, k.range);
        round_trip(&t, k.range.clone())?;
        pos = k.range.end;
    }
    ensure!(n[pos..].chars().all(char::is_whitespace), "text after the last token at {pos} is not blank");

    let sentences = split_sentences(n);
    well_formed("sentences", n, &sentences, Order::Disjoint)?;
    for r in &sentences {
        let piece = &n[r.clone()];
        ensure!(piece == piece.trim() && !piece.contains('\n'), "sentence {r:?} is not trimmed or spans a line break");
        round_trip(&t, r.clone())?;
        let clauses = split_clauses(n, r.clone());
        well_formed("clauses", n, &clauses, Order::Disjoint)?;
        for c in &clauses {
            inside("clause", n, c, r)?;
            ensure!(n[c.clone()] == *n[c.clone()].trim(), "clause {c:?} is not trimmed");
        }
    }
    Ok(())
}

/// The map back: every normalised character maps to a char-boundary range of the original, in
/// order and without overlap; only an inserted space maps to nothing; char offsets count the
/// original's chars.
fn check_map(t: &AlignedText) -> Result<(), Violation> {
    let (s, n) = (t.original(), t.normalized());
    let chars_before = char_counts(s);
    let bounds: Vec<usize> = n.char_indices().map(|(i, _)| i).chain([n.len()]).collect();
    let mut prev_end = 0;
    for w in bounds.windows(2) {
        let o = t.original_range(w[0]..w[1]);
        ensure!(on_boundaries(s, &o), "map: normalised {:?} gives {o:?}, not a char-boundary range of the original", w[0]..w[1]);
        ensure!(o.start >= prev_end, "map: normalised {:?} gives {o:?}, before the previous end {prev_end}", w[0]..w[1]);
        ensure!(o.is_empty() == t.is_inserted(w[0]), "map: normalised {:?} gives {o:?} (inserted: {})", w[0]..w[1], t.is_inserted(w[0]));
        let chars = t.char_range(w[0]..w[1]);
        ensure!(chars == (chars_before[o.start]..chars_before[o.end]), "map: char range {chars:?} of bytes {o:?}");
        prev_end = prev_end.max(o.end);
    }
    let whole = t.original_range(0..n.len());
    ensure!(whole.end <= s.len(), "map: the whole text gives {whole:?}");
    Ok(())
}

/// For each byte offset of `s`, the number of chars before it (meaningful on char boundaries).
fn char_counts(s: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(s.len() + 1);
    let mut count = 0;
    for (i, b) in s.bytes().enumerate() {
        // A byte that starts a char: the count before it is final.
        if (b as i8) >= -0x40 {
            out.resize(i, count);
            out.push(count);
            count += 1;
        }
    }
    out.resize(s.len() + 1, count);
    out
}

/// The original text under a normalised range, normalised again, gives that range back (less
/// the spaces the normaliser inserted at its edges, which have no origin).
fn round_trip(t: &AlignedText, r: Range<usize>) -> Result<(), Violation> {
    let (mut a, mut b) = (r.start, r.end);
    while a < b && t.is_inserted(a) {
        a += 1;
    }
    while b > a && t.is_inserted(b - 1) {
        b -= 1;
    }
    let again = AlignedText::new(t.original_slice(r.clone()));
    ensure!(
        again.normalized() == &t.normalized()[a..b],
        "map: normalised {r:?} = {:?} comes back as {:?}",
        &t.normalized()[a..b],
        again.normalized()
    );
    Ok(())
}

/// Number expressions: valid, ordered, a number or a vague kind; word parsing never panics.
///
/// # Errors
/// The first invariant the text breaks.
pub fn check_numbers(s: &str) -> Result<(), Violation> {
    let t = AlignedText::new(s);
    let n = t.normalized();
    let qs = find_quantities(n);
    well_formed("quantities", n, qs.iter().map(|q| &q.range), Order::Disjoint)?;
    for q in &qs {
        ensure!(q.value.is_some() != q.vague.is_some(), "quantity {:?}: value {:?} and vague {:?}", q.range, q.value, q.vague);
        if let Some(c) = &q.counted {
            ensure!(on_boundaries(n, c) && !c.is_empty(), "quantity {:?}: counted noun {c:?}", q.range);
        }
    }
    for word in s.split_whitespace() {
        parse_number_word(word);
    }
    Ok(())
}

/// Reference days for date resolution: ordinary ones, a leap day, and chrono's limits (where
/// the rules promise `None`, not a panic).
fn reference_days() -> [NaiveDate; 4] {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    [day(2017, 10, 11), day(2000, 2, 29), NaiveDate::MIN, NaiveDate::MAX]
}

/// Time expressions: valid, in order, never overlapping; resolving them (and the date line)
/// against any reference day never panics.
///
/// # Errors
/// The first invariant the text breaks.
pub fn check_dates(s: &str) -> Result<(), Violation> {
    let lex = &lexicons()?.time;
    let t = AlignedText::new(s);
    let n = t.normalized();
    let found = lex.find(n);
    well_formed("time mentions", n, found.iter().map(|m| &m.range), Order::Disjoint)?;
    let dateline = lex.find_dateline(n);
    if let Some(d) = &dateline {
        well_formed("date line", n, [&d.range], Order::Disjoint)?;
    }
    for reference in reference_days() {
        for m in &found {
            time::resolve(&m.expr, reference);
        }
        if let Some(d) = &dateline {
            time::resolve_dateline(d, reference);
        }
    }
    Ok(())
}

/// Actor and trigger mentions: valid and in order, actors and modifiers never overlapping,
/// the parts of an actor mention inside it.
///
/// # Errors
/// The first invariant the text breaks.
pub fn check_lexicons(s: &str) -> Result<(), Violation> {
    let lex = lexicons()?;
    let t = AlignedText::new(s);
    let n = t.normalized();
    let actors = lex.actors.find(n);
    well_formed("actor mentions", n, actors.iter().map(|a| &a.range), Order::Disjoint)?;
    for a in &actors {
        inside("actor name", n, &a.name_range, &a.range)?;
        if let Some(h) = &a.head {
            inside("actor head noun", n, h, &a.range)?;
        }
    }
    let triggers = lex.triggers.find(n);
    well_formed("trigger mentions", n, triggers.iter().map(|m| &m.range), Order::ByStart)?;
    let modifiers = lex.triggers.find_modifiers(n);
    well_formed("modifier mentions", n, modifiers.iter().map(|m| &m.range), Order::Disjoint)?;
    Ok(())
}

/// Place mentions and their resolution: valid ranges, the name inside its mention, parents
/// that exist, one resolved place per mention, and a resolved place always located with
/// precisions in ACLED's and UCDP's ranges.
///
/// # Errors
/// The first invariant the text breaks.
pub fn check_places(s: &str) -> Result<(), Violation> {
    let g = gazetteer()?;
    let t = AlignedText::new(s);
    let n = t.normalized();
    let found = g.find_mentions(n);
    for (i, m) in found.iter().enumerate() {
        well_formed("place mention", n, [&m.range], Order::Disjoint)?;
        inside("place name", n, &m.name_range, &m.range)?;
        if let Some(c) = &m.cue {
            well_formed("place cue", n, [&c.range], Order::Disjoint)?;
        }
        if let Some(p) = m.parent {
            ensure!(p < found.len() && p != i, "place mention {i} ({:?}) has parent {p} of {}", m.range, found.len());
        }
    }
    let resolved = g.resolve(n, &found);
    ensure!(resolved.len() == found.len(), "{} place mentions resolved to {} places", found.len(), resolved.len());
    for (m, r) in found.iter().zip(&resolved) {
        if r.place.is_some() {
            ensure!(
                r.lat.is_some() && r.lon.is_some() && r.admin1.is_some(),
                "place mention {:?} resolved to {:?} without coordinates or admin1",
                m.range,
                r.gazetteer_id
            );
            ensure!(
                (1..=3).contains(&r.geo_precision) && (1..=6).contains(&r.where_prec),
                "place mention {:?}: geo_precision {}, where_prec {}",
                m.range,
                r.geo_precision,
                r.where_prec
            );
        }
    }
    Ok(())
}
