//! GraphML: actors (and the people and places relations name) as nodes; events between two
//! sides and relations as edges. Loads in Gephi, yEd, Cytoscape and NetworkX.

use std::collections::HashMap;
use std::io::Write;

use marsad_model::{Actor, EntityRef, OutputDocument, Relation};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as Xml};

use crate::acled::{event_id_cnty, SYRIA};
use crate::{Error, ExportEvent};

/// The `<key>` declarations: (id, for, attr.type). Key ids are the attribute names, which
/// Gephi and NetworkX show as column names.
const KEYS: [(&str, &str, &str); 16] = [
    ("label", "node", "string"),
    ("kind", "node", "string"),
    ("name_ar", "node", "string"),
    ("inter", "node", "int"),
    ("edge_kind", "edge", "string"),
    ("type", "edge", "string"),
    ("sub_event_type", "edge", "string"),
    ("date", "edge", "string"),
    ("fatalities", "edge", "int"),
    ("location", "edge", "string"),
    ("doc_id", "edge", "string"),
    ("event_id_cnty", "edge", "string"),
    ("confidence", "edge", "double"),
    ("since", "edge", "string"),
    ("until", "edge", "string"),
    ("taken_from", "edge", "string"),
];

/// A stretch of time in which an actor held a place, as a GraphML edge from the actor to the
/// place (the store's control history, `marsad control`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ControlEdge {
    /// Actor id of the holder.
    pub holder_id: String,
    /// ACLED-style name of the holder.
    pub holder: String,
    /// Gazetteer id of the place.
    pub place_id: String,
    /// English name of the place.
    pub place: String,
    /// First day it is said to hold the place, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Day another actor is said to hold it, if any.
    pub until: Option<String>,
    /// Name of whom the place was taken from, when said.
    pub taken_from: Option<String>,
    /// The reports behind the period.
    pub doc_ids: Vec<String>,
}

#[derive(Debug, Default)]
struct Node {
    id: String,
    label: String,
    kind: String,
    name_ar: Option<String>,
    inter: Option<u8>,
}

#[derive(Debug)]
struct Edge {
    source: String,
    target: String,
    /// (key, value) pairs, in [`KEYS`] order; empty values are left out.
    data: Vec<(&'static str, String)>,
}

/// Collects events and relations, and writes the graph on [`GraphMlWriter::finish`] (nodes must
/// be declared before the edges that use them, and a node's attributes may come from a later
/// event).
pub struct GraphMlWriter<W: Write> {
    out: W,
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
    edges: Vec<Edge>,
    one_sided: usize,
}

/// A node id unique across kinds: `actor:ndf`, `place:C5210`, `person:<name>` (person ids
/// already carry their prefix).
fn node_id(kind: &str, id: &str) -> String {
    let prefix = format!("{kind}:");
    if id.starts_with(&prefix) {
        id.to_owned()
    } else {
        prefix + id
    }
}

impl<W: Write> GraphMlWriter<W> {
    /// An empty graph to be written to `out`.
    pub fn new(out: W) -> Self {
        GraphMlWriter { out, nodes: Vec::new(), index: HashMap::new(), edges: Vec::new(), one_sided: 0 }
    }

    /// The node for an entity, created on first sight; later sightings fill what was missing.
    fn node(&mut self, kind: &str, id: &str, label: &str) -> &mut Node {
        let key = node_id(kind, id);
        let k = match self.index.get(&key) {
            Some(&k) => k,
            None => {
                self.nodes.push(Node { id: key.clone(), label: label.to_owned(), kind: kind.to_owned(), ..Node::default() });
                self.index.insert(key, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        &mut self.nodes[k]
    }

    fn actor(&mut self, a: &Actor) -> String {
        let node = self.node("actor", &a.id, &a.name_en);
        node.label.clone_from(&a.name_en);
        node.name_ar = Some(a.name_ar.clone());
        node.inter = Some(a.inter);
        node.id.clone()
    }

    fn entity(&mut self, e: &EntityRef) -> String {
        self.node(&e.kind, &e.id, &e.name).id.clone()
    }

    /// Adds an event: an edge from actor1 to actor2. An event with one side adds its actor but
    /// no edge, and is counted ([`GraphMlWriter::one_sided`]).
    pub fn add_event(&mut self, ev: &ExportEvent<'_>) {
        let e = ev.event;
        let source = e.actor1.as_ref().map(|a| self.actor(a));
        let target = e.actor2.as_ref().map(|a| self.actor(a));
        let (Some(source), Some(target)) = (source, target) else {
            self.one_sided += 1;
            return;
        };
        let location = e.location.as_ref().map(|p| p.name_en.clone().unwrap_or_else(|| p.name_ar.clone()));
        let data = vec![
            ("edge_kind", "event".to_owned()),
            ("type", e.event_type.clone()),
            ("sub_event_type", e.sub_event_type.clone()),
            ("date", e.date.clone().unwrap_or_default()),
            ("fatalities", e.fatalities.to_string()),
            ("location", location.unwrap_or_default()),
            ("doc_id", ev.doc_id.to_owned()),
            ("event_id_cnty", event_id_cnty(&SYRIA, ev.doc_id, &e.event_id)),
            ("confidence", e.confidence.to_string()),
        ];
        self.edges.push(Edge { source, target, data });
    }

    /// Adds a relation of document `doc_id` as an edge from its subject to its object.
    pub fn add_relation(&mut self, r: &Relation, doc_id: &str) {
        let source = self.entity(&r.subject);
        let target = self.entity(&r.object);
        let data = vec![
            ("edge_kind", "relation".to_owned()),
            ("type", r.kind.clone()),
            ("date", r.date.clone().unwrap_or_default()),
            ("location", r.place.as_ref().map(|p| p.name.clone()).unwrap_or_default()),
            ("doc_id", doc_id.to_owned()),
            ("confidence", r.confidence.to_string()),
        ];
        self.edges.push(Edge { source, target, data });
    }

    /// Adds a control period: an edge `controls` (edge_kind `control`) from the holder to the
    /// place, with `since` / `until` dates (`date` is `since` too) and the reports joined by
    /// "; " in `doc_id`.
    pub fn add_control(&mut self, c: &ControlEdge) {
        let source = self.node("actor", &c.holder_id, &c.holder).id.clone();
        let target = self.node("place", &c.place_id, &c.place).id.clone();
        let data = vec![
            ("edge_kind", "control".to_owned()),
            ("type", "controls".to_owned()),
            ("date", c.since.clone().unwrap_or_default()),
            ("location", c.place.clone()),
            ("doc_id", c.doc_ids.join("; ")),
            ("since", c.since.clone().unwrap_or_default()),
            ("until", c.until.clone().unwrap_or_default()),
            ("taken_from", c.taken_from.clone().unwrap_or_default()),
        ];
        self.edges.push(Edge { source, target, data });
    }

    /// Adds every event and relation of an output document.
    pub fn add_document(&mut self, doc: &OutputDocument) {
        for ev in ExportEvent::each(doc) {
            self.add_event(&ev);
        }
        for r in &doc.relations {
            self.add_relation(r, &doc.doc_id);
        }
    }

    /// Nodes so far.
    pub fn nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Edges so far.
    pub fn edges(&self) -> usize {
        self.edges.len()
    }

    /// Events with fewer than two sides, which gave no edge.
    pub fn one_sided(&self) -> usize {
        self.one_sided
    }

    /// Writes the graph, flushes, and gives the output back.
    ///
    /// # Errors
    /// When writing fails.
    pub fn finish(self) -> Result<W, Error> {
        let GraphMlWriter { out, nodes, edges, .. } = self;
        let mut xml = quick_xml::Writer::new_with_indent(out, b' ', 2);
        xml.write_event(Xml::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.write_event(Xml::Start(BytesStart::new("graphml").with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])))?;
        for (id, domain, ty) in KEYS {
            let key = BytesStart::new("key").with_attributes([("id", id), ("for", domain), ("attr.name", id), ("attr.type", ty)]);
            xml.write_event(Xml::Empty(key))?;
        }
        xml.write_event(Xml::Start(BytesStart::new("graph").with_attributes([("id", "marsad"), ("edgedefault", "directed")])))?;
        for n in &nodes {
            let inter = n.inter.map(|i| i.to_string());
            let data = [("label", Some(&n.label)), ("kind", Some(&n.kind)), ("name_ar", n.name_ar.as_ref()), ("inter", inter.as_ref())];
            let data: Vec<(&str, &str)> = data.iter().filter_map(|(k, v)| v.map(|v| (*k, v.as_str()))).collect();
            element(&mut xml, BytesStart::new("node").with_attributes([("id", clean(&n.id).as_str())]), &data)?;
        }
        for (k, e) in edges.iter().enumerate() {
            let id = format!("e{k}");
            let start = BytesStart::new("edge").with_attributes([
                ("id", id.as_str()),
                ("source", clean(&e.source).as_str()),
                ("target", clean(&e.target).as_str()),
            ]);
            let data: Vec<(&str, &str)> = e.data.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, v.as_str())).collect();
            element(&mut xml, start, &data)?;
        }
        xml.write_event(Xml::End(BytesEnd::new("graph")))?;
        xml.write_event(Xml::End(BytesEnd::new("graphml")))?;
        let mut out = xml.into_inner();
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(out)
    }
}

/// Writes `<tag ...><data key="k">v</data>...</tag>`.
fn element<W: Write>(xml: &mut quick_xml::Writer<W>, start: BytesStart<'_>, data: &[(&str, &str)]) -> std::io::Result<()> {
    let end = start.to_end().into_owned();
    xml.write_event(Xml::Start(start))?;
    for (key, value) in data {
        xml.write_event(Xml::Start(BytesStart::new("data").with_attributes([("key", *key)])))?;
        xml.write_event(Xml::Text(BytesText::new(&clean(value))))?;
        xml.write_event(Xml::End(BytesEnd::new("data")))?;
    }
    xml.write_event(Xml::End(end))
}

/// Drops the characters XML 1.0 cannot hold at all (control characters other than tab and line
/// ends, U+FFFE, U+FFFF); escaping is quick-xml's.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_characters_are_escaped_or_dropped() {
        let mut g = GraphMlWriter::new(Vec::new());
        let r = Relation {
            kind: "ally_of".into(),
            subject: EntityRef { kind: "actor".into(), id: "a&b".into(), name: "A <&> \"B\"\u{1}".into() },
            object: EntityRef { kind: "place".into(), id: "C1".into(), name: "x".into() },
            ..Relation::default()
        };
        g.add_relation(&r, "d");
        let xml = String::from_utf8(g.finish().expect("write")).expect("utf-8");
        assert!(xml.contains(r#"<node id="actor:a&amp;b">"#), "{xml}");
        assert!(xml.contains("A &lt;&amp;&gt; &quot;B&quot;</data>") || xml.contains("A &lt;&amp;&gt; \"B\"</data>"), "{xml}");
        assert!(!xml.contains('\u{1}'));
    }
}
