//! `marsad control`: who held each place, and since when, from every stored report.

use std::io::{self, BufWriter, IsTerminal as _, Write as _};

use anyhow::Context as _;
use chrono::NaiveDate;

use super::parse_day;
use super::store::DbArg;
use crate::{table, Status};

/// Output format of `marsad control`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ControlFormat {
    /// Aligned columns, for reading.
    Table,
    /// One period per line, with the claims it was folded from.
    Jsonl,
}

/// Arguments of `marsad control`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this place: an Arabic name the gazetteer knows (any spelling), else places whose
    /// English or Arabic name as written contains this, or a gazetteer id.
    pub place: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Only who held each place on this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub at: Option<NaiveDate>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ControlFormat>,
}

/// Gazetteer ids of the places with this Arabic name (none for other names).
fn gazetteer_ids(name: &str) -> Vec<String> {
    if !name.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return Vec::new();
    }
    let Ok(gazetteer) = marsad_gazetteer::Gazetteer::embedded() else { return Vec::new() };
    gazetteer.lookup(name).into_iter().map(|id| gazetteer.place(id).id.clone()).collect()
}

/// Runs `marsad control`.
///
/// # Errors
/// When the store cannot be opened or read, or output cannot be written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let (store, _) = args.db.existing()?;
    let at = args.at.map(|d| d.format("%Y-%m-%d").to_string());
    let periods = match args.place.as_deref().map(|p| (p, gazetteer_ids(p))) {
        // An Arabic name the gazetteer knows: its places, by id. The names reports write
        // ("قرى وبلدات العشارة وصبيخان") would also match their neighbours.
        Some((_, ids)) if !ids.is_empty() => {
            let mut periods = Vec::new();
            for id in ids {
                periods.extend(store.control(Some(&id), at.as_deref())?);
            }
            periods
        }
        _ => store.control(args.place.as_deref(), at.as_deref())?,
    };
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() { ControlFormat::Table } else { ControlFormat::Jsonl });
    let mut out = BufWriter::new(stdout.lock());
    match format {
        ControlFormat::Table => {
            let rows: Vec<Vec<String>> = periods
                .iter()
                .map(|p| {
                    vec![
                        format!("{} {}", p.place_en, p.place_ar.first().map(String::as_str).unwrap_or("")).trim().to_owned(),
                        p.holder.clone(),
                        p.since.clone().unwrap_or_else(|| "-".into()),
                        p.until.clone().unwrap_or_default(),
                        p.taken_from.clone().unwrap_or_default(),
                        p.facilities.join(", "),
                        p.doc_ids.join(", "),
                    ]
                })
                .collect();
            table::write(&mut out, &["place", "held by", "since", "until", "taken from", "holds", "reports"], &rows)?;
        }
        ControlFormat::Jsonl => {
            for p in &periods {
                serde_json::to_writer(&mut out, p)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush().context("writing output")?;
    Ok(Status::Clean)
}
