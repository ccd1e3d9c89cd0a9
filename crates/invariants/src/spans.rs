//! Checks on byte ranges shared by every layer.

use std::ops::Range;

use crate::{ensure, Violation};

/// Whether `r` is a range of `s` that starts and ends on char boundaries.
pub(crate) fn on_boundaries(s: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
}

/// How spans of one list may relate to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Sorted by start, none overlapping.
    Disjoint,
    /// Sorted by start; overlaps allowed.
    ByStart,
}

/// Every span valid and non-empty, and the list ordered as promised.
pub(crate) fn well_formed<'a, I>(what: &str, s: &str, spans: I, order: Order) -> Result<(), Violation>
where
    I: IntoIterator<Item = &'a Range<usize>>,
{
    let mut prev: Option<&Range<usize>> = None;
    for r in spans {
        ensure!(on_boundaries(s, r), "{what}: {r:?} is not a char-boundary range of a {}-byte text", s.len());
        ensure!(!r.is_empty(), "{what}: empty span at {}", r.start);
        if let Some(p) = prev {
            match order {
                Order::Disjoint => ensure!(p.end <= r.start, "{what}: {p:?} overlaps or follows {r:?}"),
                Order::ByStart => ensure!(p.start <= r.start, "{what}: {p:?} comes before {r:?}"),
            }
        }
        prev = Some(r);
    }
    Ok(())
}

/// `inner` is a valid range lying within `outer`.
pub(crate) fn inside(what: &str, s: &str, inner: &Range<usize>, outer: &Range<usize>) -> Result<(), Violation> {
    ensure!(on_boundaries(s, inner), "{what}: {inner:?} is not a char-boundary range of a {}-byte text", s.len());
    ensure!(
        inner.start >= outer.start && inner.end <= outer.end,
        "{what}: {inner:?} lies outside {outer:?}"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_empty_spans_and_split_chars_are_caught() {
        let s = "في حي الجورة";
        assert!(well_formed("t", s, &[0..4, 5..9], Order::Disjoint).is_ok());
        assert!(well_formed("t", s, &[0..7, 5..9], Order::Disjoint).is_err());
        assert!(well_formed("t", s, &[0..7, 5..9], Order::ByStart).is_ok());
        assert!(well_formed("t", s, &[5..9, 0..7], Order::ByStart).is_err());
        assert!(well_formed("t", s, &[3..3], Order::Disjoint).is_err());
        // Byte 1 is inside the two-byte letter ف.
        assert!(well_formed("t", s, &[1..4], Order::Disjoint).is_err());
    }
}
