//! Plain-text tables for a terminal: columns padded to their widest cell, long cells cut.

use std::io::{self, Write};

/// Widest a column gets, in characters; longer cells end in "…".
const MAX_WIDTH: usize = 32;

/// Writes `rows` under `headers`, columns separated by two spaces.
///
/// # Errors
/// When writing fails.
pub fn write(out: &mut impl Write, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let cut = |s: &str| -> String {
        if s.chars().count() <= MAX_WIDTH {
            s.to_owned()
        } else {
            let mut t: String = s.chars().take(MAX_WIDTH - 1).collect();
            t.push('…');
            t
        }
    };
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    let rows: Vec<Vec<String>> = std::iter::once(header).chain(rows.iter().map(|r| r.iter().map(|c| cut(c)).collect())).collect();
    let mut widths = vec![0usize; headers.len()];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (k, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if k + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
