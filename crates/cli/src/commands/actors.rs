//! `marsad actors`: the conflict system behind a set of reports: who is named (actors with
//! their ACLED names and inter codes and the surface forms seen, new groups the dictionary
//! lacks, people with roles and affiliations) and the relations between them aggregated over
//! all reports (counts, first and last date, the documents that state them), as text, JSON or a
//! GraphML graph (nodes: actors, people, places; edges: relations).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, BufWriter, IsTerminal as _, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::NaiveDate;
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_model::{EntityRef, OutputDocument};
use serde::Serialize;

use super::{parse_day, parse_reference_date, parse_document_mb, parse_threads, parse_time_budget, document_bytes, thread_count, today, ReferenceDate, TimeBudget};
use crate::input::{Defaults, Inputs};
use crate::{batch, Status};

/// How `marsad actors` writes its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActorsFormat {
    /// A readable summary.
    Text,
    /// One JSON object: actors, people, relations (edges) and nodes.
    Json,
    /// GraphML (nodes: actors, people, places; edges: relations) for Gephi, yEd, networkx.
    Graphml,
}

/// Arguments of `marsad actors`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files (.txt, .html, .htm, .jsonl, .jsonl.gz) or directories; `-` or nothing reads stdin.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ActorsFormat::Text)]
    pub format: ActorsFormat,
    /// Publication date (YYYY-MM-DD) for reports that do not carry one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub published: Option<NaiveDate>,
    /// The "crawl date" used to infer missing years (default today; `none` leaves them null).
    #[arg(long, value_name = "YYYY-MM-DD|none", value_parser = parse_reference_date)]
    pub reference_date: Option<ReferenceDate>,
    /// Largest report (or JSON line) read, in megabytes; bigger ones are skipped with an error.
    #[arg(long, value_name = "N", default_value_t = crate::input::MAX_DOCUMENT_BYTES >> 20, value_parser = parse_document_mb)]
    pub max_document_mb: usize,
    /// Longest extraction of one report, in seconds (fractions allowed; 0 for none): a report
    /// over it is skipped with an error naming it, and the others go on.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_time_budget)]
    pub time_budget: TimeBudget,
    /// Worker threads (default: available parallelism).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
}

/// An actor over all reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActorSummary {
    /// Dictionary id, or `new:<surface>`.
    pub id: String,
    /// ACLED-style name (with the unit for branches).
    pub name_en: String,
    /// Canonical Arabic name.
    pub name_ar: String,
    /// ACLED inter code.
    pub inter: u8,
    /// Surface forms seen.
    pub aliases_seen: BTreeSet<String>,
    /// Reports that name it.
    pub documents: BTreeSet<String>,
    /// Missing from the dictionary.
    pub new: bool,
    /// For new actors: the highest confidence any report gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A person over all reports (people of different reports who share a name or an alias are
/// one person).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PersonSummary {
    /// `person:<normalised first name>`.
    pub id: String,
    /// The name as first written.
    pub name_ar: String,
    /// Other names and spellings.
    pub aliases: BTreeSet<String>,
    /// Role words as written.
    pub roles: BTreeSet<String>,
    /// Roles in English.
    pub roles_en: BTreeSet<String>,
    /// Affiliations (actor ids).
    pub affiliations: BTreeSet<String>,
    /// Areas named with the role.
    pub areas: BTreeSet<String>,
    /// Why spellings were merged inside a report.
    pub merge_reasons: Vec<String>,
    /// Reports that name the person.
    pub documents: BTreeSet<String>,
}

/// A relation over all reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RelationSummary {
    /// Relation kind.
    pub kind: String,
    /// Subject.
    pub subject: EntityRef,
    /// Object.
    pub object: EntityRef,
    /// How many report relations state it.
    pub count: usize,
    /// Earliest date.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// Reports with evidence for it.
    pub documents: BTreeSet<String>,
    /// Facilities held, for control.
    pub facilities: BTreeSet<String>,
    /// Taken from, for control.
    pub from: BTreeSet<String>,
    /// Where, when stated.
    pub places: BTreeSet<String>,
    /// Text, event, dictionary.
    pub basis: BTreeSet<String>,
    /// Highest confidence.
    pub confidence: f64,
}

/// One graph node.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Unique id (actor id, person id, gazetteer id).
    pub id: String,
    /// "actor", "person", "place".
    pub kind: String,
    /// Readable name.
    pub label: String,
}

/// The aggregate of all reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SystemView {
    /// Reports read.
    pub documents: usize,
    /// Actors, most widely named first.
    pub actors: Vec<ActorSummary>,
    /// People.
    pub people: Vec<PersonSummary>,
    /// Relations (the graph's edges), most stated first.
    pub relations: Vec<RelationSummary>,
    /// Graph nodes (actors, people, places).
    pub nodes: Vec<Node>,
}

/// Aggregates output documents into one view.
pub fn aggregate(docs: &[OutputDocument]) -> SystemView {
    let mut actors: BTreeMap<String, ActorSummary> = BTreeMap::new();
    let mut people: Vec<PersonSummary> = Vec::new();
    let mut person_keys: Vec<BTreeSet<String>> = Vec::new();
    let mut relations: BTreeMap<(String, String, String), RelationSummary> = BTreeMap::new();
    let mut places: BTreeMap<String, String> = BTreeMap::new();

    for doc in docs {
        for a in &doc.entities.actors {
            let s = actors.entry(a.id.clone()).or_insert_with(|| ActorSummary {
                id: a.id.clone(),
                name_en: a.name_en.clone(),
                name_ar: a.name_ar.clone(),
                inter: a.inter,
                new: a.id.starts_with("new:"),
                ..Default::default()
            });
            s.aliases_seen.extend(a.mentions.iter().cloned());
            s.documents.insert(doc.doc_id.clone());
        }
        for n in &doc.entities.new_actors {
            if let Some(s) = actors.get_mut(&n.id) {
                s.confidence = Some(s.confidence.unwrap_or(0.0).max(n.confidence));
            }
        }
        for p in &doc.entities.places {
            let id = p.gazetteer_id.clone().unwrap_or_else(|| format!("place:{}", p.name_ar));
            places.entry(id).or_insert_with(|| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone()));
        }
        // People: one person over all reports per set of shared names.
        let mut local: BTreeMap<String, usize> = BTreeMap::new();
        for p in &doc.entities.people {
            let keys: BTreeSet<String> =
                std::iter::once(&p.name_ar).chain(&p.aliases).map(|n| marsad_extract::people::name_key(n)).collect();
            let g = match person_keys.iter().position(|k| !k.is_disjoint(&keys)) {
                Some(g) => g,
                None => {
                    people.push(PersonSummary { id: p.id.clone(), name_ar: p.name_ar.clone(), ..Default::default() });
                    person_keys.push(BTreeSet::new());
                    people.len() - 1
                }
            };
            person_keys[g].extend(keys);
            let s = &mut people[g];
            for n in std::iter::once(&p.name_ar).chain(&p.aliases) {
                if *n != s.name_ar {
                    s.aliases.insert(n.clone());
                }
            }
            s.roles.extend(p.roles.iter().cloned());
            s.roles_en.extend(p.roles_en.iter().cloned());
            s.affiliations.extend(p.affiliation.iter().cloned());
            s.areas.extend(p.area.iter().cloned());
            for r in &p.merge_reasons {
                if !s.merge_reasons.contains(r) {
                    s.merge_reasons.push(r.clone());
                }
            }
            s.documents.insert(doc.doc_id.clone());
            local.insert(p.id.clone(), g);
        }
        let global = |r: &EntityRef| -> EntityRef {
            match local.get(&r.id).and_then(|&g| people.get(g)).filter(|_| r.kind == "person") {
                Some(p) => EntityRef { kind: r.kind.clone(), id: p.id.clone(), name: p.name_ar.clone() },
                None => r.clone(),
            }
        };
        for r in &doc.relations {
            let (subject, object) = (global(&r.subject), global(&r.object));
            if object.kind == "place" {
                places.entry(object.id.clone()).or_insert_with(|| object.name.clone());
            }
            let s = relations.entry((r.kind.clone(), subject.id.clone(), object.id.clone())).or_insert_with(|| RelationSummary {
                kind: r.kind.clone(),
                subject: subject.clone(),
                object: object.clone(),
                ..Default::default()
            });
            s.count += 1;
            if let Some(d) = &r.date {
                if s.first_date.as_ref().is_none_or(|f| d < f) {
                    s.first_date = Some(d.clone());
                }
                if s.last_date.as_ref().is_none_or(|l| d > l) {
                    s.last_date = Some(d.clone());
                }
            }
            s.documents.insert(doc.doc_id.clone());
            s.facilities.extend(r.facilities.iter().cloned());
            s.from.extend(r.from.iter().map(|f| f.name.clone()));
            s.places.extend(r.place.iter().map(|p| p.name.clone()));
            s.basis.extend(r.basis.split('+').filter(|b| !b.is_empty()).map(String::from));
            s.confidence = s.confidence.max(r.confidence);
        }
    }

    let mut view = SystemView { documents: docs.len(), ..Default::default() };
    view.actors = actors.into_values().collect();
    view.actors.sort_by(|a, b| b.documents.len().cmp(&a.documents.len()).then(a.id.cmp(&b.id)));
    view.people = people;
    view.relations = relations.into_values().collect();
    view.relations.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)).then(a.subject.id.cmp(&b.subject.id)));
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    for a in &view.actors {
        nodes.insert(a.id.clone(), Node { id: a.id.clone(), kind: "actor".into(), label: a.name_en.clone() });
    }
    for p in &view.people {
        nodes.insert(p.id.clone(), Node { id: p.id.clone(), kind: "person".into(), label: p.name_ar.clone() });
    }
    for (id, name) in places {
        nodes.entry(id.clone()).or_insert(Node { id, kind: "place".into(), label: name });
    }
    // Ends of relations no report listed as an entity (umbrella actors from the dictionary).
    for r in &view.relations {
        for e in [&r.subject, &r.object] {
            nodes.entry(e.id.clone()).or_insert_with(|| Node { id: e.id.clone(), kind: e.kind.clone(), label: e.name.clone() });
        }
    }
    view.nodes = nodes.into_values().collect();
    view
}

fn join<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    items.into_iter().map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// Writes the readable summary.
///
/// # Errors
/// When the output cannot be written.
pub fn write_text(out: &mut impl Write, v: &SystemView) -> io::Result<()> {
    writeln!(out, "{} reports", v.documents)?;
    writeln!(out, "\nActors ({})", v.actors.len())?;
    for a in v.actors.iter().filter(|a| !a.new) {
        writeln!(out, "  {} [inter {}] ({}) in {} reports", a.name_en, a.inter, a.id, a.documents.len())?;
        writeln!(out, "      seen as: {}", join(&a.aliases_seen))?;
    }
    let new: Vec<&ActorSummary> = v.actors.iter().filter(|a| a.new).collect();
    if !new.is_empty() {
        writeln!(out, "\nNew actors (not in the dictionary, low confidence)")?;
        for a in new {
            writeln!(out, "  {} (confidence {:.2}) in {} reports", a.name_ar, a.confidence.unwrap_or(0.0), a.documents.len())?;
            writeln!(out, "      seen as: {}", join(&a.aliases_seen))?;
        }
    }
    writeln!(out, "\nPeople ({})", v.people.len())?;
    for p in &v.people {
        write!(out, "  {}", p.name_ar)?;
        if !p.aliases.is_empty() {
            write!(out, " (also {})", join(&p.aliases))?;
        }
        if !p.roles_en.is_empty() {
            write!(out, ": {}", join(&p.roles_en))?;
        }
        if !p.affiliations.is_empty() {
            write!(out, " of {}", join(&p.affiliations))?;
        }
        if !p.areas.is_empty() {
            write!(out, " in {}", join(&p.areas))?;
        }
        writeln!(out, " [{} reports]", p.documents.len())?;
        for r in &p.merge_reasons {
            writeln!(out, "      merged: {r}")?;
        }
    }
    writeln!(out, "\nRelations ({})", v.relations.len())?;
    for r in &v.relations {
        write!(out, "  {} --{}--> {}", r.subject.name, r.kind, r.object.name)?;
        if !r.facilities.is_empty() {
            write!(out, " [{}]", join(&r.facilities))?;
        }
        if !r.from.is_empty() {
            write!(out, " from {}", join(&r.from))?;
        }
        if !r.places.is_empty() {
            write!(out, " in {}", join(&r.places))?;
        }
        let dates = match (&r.first_date, &r.last_date) {
            (Some(f), Some(l)) if f != l => format!("{f}..{l}"),
            (Some(f), _) => f.clone(),
            _ => "undated".to_string(),
        };
        writeln!(out, "  x{} {} ({}; {})", r.count, dates, join(&r.basis), join(&r.documents))?;
    }
    Ok(())
}

/// Escapes text for XML attributes and content (and drops characters XML 1.0 forbids).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the graph as GraphML.
///
/// # Errors
/// When the output cannot be written.
pub fn write_graphml(out: &mut impl Write, v: &SystemView) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#)?;
    for (id, target, name, ty) in [
        ("label", "node", "label", "string"),
        ("kind", "node", "kind", "string"),
        ("rel", "edge", "kind", "string"),
        ("count", "edge", "count", "int"),
        ("first", "edge", "first_date", "string"),
        ("last", "edge", "last_date", "string"),
        ("docs", "edge", "documents", "string"),
        ("detail", "edge", "detail", "string"),
        ("confidence", "edge", "confidence", "double"),
    ] {
        writeln!(out, r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{ty}"/>"#)?;
    }
    writeln!(out, r#"  <graph id="marsad" edgedefault="directed">"#)?;
    for n in &v.nodes {
        writeln!(
            out,
            r#"    <node id="{}"><data key="label">{}</data><data key="kind">{}</data></node>"#,
            xml_escape(&n.id),
            xml_escape(&n.label),
            xml_escape(&n.kind)
        )?;
    }
    for (i, r) in v.relations.iter().enumerate() {
        let mut detail = Vec::new();
        if !r.facilities.is_empty() {
            detail.push(join(&r.facilities));
        }
        if !r.from.is_empty() {
            detail.push(format!("from {}", join(&r.from)));
        }
        if !r.places.is_empty() {
            detail.push(format!("in {}", join(&r.places)));
        }
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}"><data key="rel">{}</data><data key="count">{}</data><data key="first">{}</data><data key="last">{}</data><data key="docs">{}</data><data key="detail">{}</data><data key="confidence">{}</data></edge>"#,
            xml_escape(&r.subject.id),
            xml_escape(&r.object.id),
            xml_escape(&r.kind),
            r.count,
            xml_escape(r.first_date.as_deref().unwrap_or("")),
            xml_escape(r.last_date.as_deref().unwrap_or("")),
            xml_escape(&join(&r.documents)),
            xml_escape(&detail.join("; ")),
            r.confidence,
        )?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// Runs `marsad actors`.
///
/// # Errors
/// When the pipeline cannot be built or the output cannot be written.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let reference_date = match args.reference_date {
        Some(ReferenceDate(date)) => date,
        None => today(),
    };
    let options = ExtractOptions { reference_date, ..Default::default() };
    let defaults = Defaults { published: args.published.map(|d| d.format("%Y-%m-%d").to_string()), source: None };
    if args.paths.is_empty() && io::stdin().is_terminal() {
        eprintln!("marsad: reading a report from the terminal (end with Ctrl-D)");
    }
    let pipeline = Arc::new(Pipeline::embedded().context("loading the extraction pipeline")?);
    let mut docs = Vec::new();
    let mut errors = 0usize;
    batch::run(&pipeline, &options, thread_count(args.threads), args.time_budget.0, Inputs::new(&args.paths, defaults, document_bytes(args.max_document_mb)), |outcome| {
        match outcome.result {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                errors += 1;
                eprintln!("marsad: {}: {e}", outcome.origin);
            }
        }
        Ok::<(), io::Error>(())
    })
    .context("reading inputs")?;
    let view = aggregate(&docs);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        ActorsFormat::Text => write_text(&mut out, &view),
        ActorsFormat::Json => serde_json::to_writer_pretty(&mut out, &view).map_err(io::Error::other).and_then(|()| writeln!(out)),
        ActorsFormat::Graphml => write_graphml(&mut out, &view),
    }
    .context("writing output")?;
    out.flush().context("writing output")?;
    eprintln!(
        "{} documents, {} actors, {} people, {} relations, {errors} errors",
        view.documents,
        view.actors.len(),
        view.people.len(),
        view.relations.len()
    );
    Ok(if errors > 0 { Status::InputErrors } else { Status::Clean })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(xml_escape(r#"a<b>&"c"'"#), "a&lt;b&gt;&amp;&quot;c&quot;&apos;");
        assert_eq!(xml_escape("x\u{1}y"), "xy");
    }

    #[test]
    fn the_seed_reports_give_one_graph() {
        let pipeline = Pipeline::embedded().expect("pipeline");
        let docs: Vec<OutputDocument> = [
            ("sy24", include_str!("../../../../examples/sy24_jorah_clash.txt"), None),
            ("pk", include_str!("../../../../examples/political_keys_ndf_qaterji.txt"), Some("2024-01-13")),
        ]
        .into_iter()
        .map(|(id, text, published)| {
            let doc = marsad_model::InputDocument {
                doc_id: id.into(),
                text: text.into(),
                published: published.map(String::from),
                ..Default::default()
            };
            pipeline.extract(&doc, &ExtractOptions::default())
        })
        .collect();
        let v = aggregate(&docs);
        // Firas al-Jahham (seed 003) is the "فراس العراقية" of seed 000.
        let firas = v.people.iter().find(|p| p.name_ar == "فراس الجهام" || p.aliases.contains("فراس الجهام")).expect("Firas");
        assert_eq!(firas.documents.len(), 2);
        let ndf_qaterji = v.relations.iter().find(|r| r.kind == "fights" && r.subject.id == "ndf" && r.object.id == "qaterji");
        let fights = ndf_qaterji.expect("NDF fights Qaterji");
        assert_eq!((fights.first_date.as_deref(), fights.last_date.as_deref()), (Some("2024-01-08"), Some("2024-01-12")));
        let mut xml = Vec::new();
        write_graphml(&mut xml, &v).expect("graphml");
        let xml = String::from_utf8(xml).expect("utf-8");
        assert_eq!(xml.matches("<edge ").count(), v.relations.len());
        assert!(v.relations.iter().all(|r| v.nodes.iter().any(|n| n.id == r.subject.id) && v.nodes.iter().any(|n| n.id == r.object.id)));
    }

    #[test]
    fn people_of_different_reports_sharing_an_alias_are_one() {
        use marsad_model::{Entities, Person};
        let doc = |id: &str, name: &str, aliases: &[&str]| OutputDocument {
            doc_id: id.into(),
            entities: Entities {
                people: vec![Person {
                    id: format!("person:{name}"),
                    name_ar: name.into(),
                    aliases: aliases.iter().map(|s| s.to_string()).collect(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        let v = aggregate(&[doc("a", "فراس الجهام", &["فراس العراقية"]), doc("b", "فراس العراقية", &[])]);
        assert_eq!(v.people.len(), 1);
        assert_eq!(v.people[0].documents.len(), 2);
    }
}
