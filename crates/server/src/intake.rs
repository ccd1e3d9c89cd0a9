//! `POST /api/documents` bodies as input documents: plain text, an HTML page (read by
//! marsad-html), or JSON Lines of `{"doc_id"|"id", "text", "published", "source", "url"}`.
//! Each document is checked as `marsad ingest` checks files: not empty, mostly Arabic, its date
//! a `YYYY-MM-DD` day.

use marsad_model::InputDocument;
use sha2::{Digest, Sha256};

/// What the body is, from its Content-Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Text,
    Html,
    Jsonl,
}

/// Content types accepted, as named in messages.
pub const ACCEPTED: &str = "text/plain, text/html, application/x-ndjson (or application/jsonl, application/json)";

impl BodyKind {
    /// The kind for a Content-Type header value; `None` for a type not read.
    pub fn from_content_type(value: &str) -> Option<BodyKind> {
        let mime = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match mime.as_str() {
            "text/plain" => Some(BodyKind::Text),
            "text/html" | "application/xhtml+xml" => Some(BodyKind::Html),
            "application/x-ndjson" | "application/jsonl" | "application/json" | "application/jsonlines" => Some(BodyKind::Jsonl),
            _ => None,
        }
    }
}

/// Metadata given in the query string for a text or HTML body.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub doc_id: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// One document of a body, or why it was refused; `origin` names it in messages (`body`,
/// `line 3`).
#[derive(Debug)]
pub struct Item {
    pub origin: String,
    pub doc: Result<InputDocument, String>,
}

/// Documents whose letters are less than this share Arabic are refused (as by `marsad ingest`).
const MIN_ARABIC_SHARE: f64 = 0.2;

/// Reads a body of `kind` into documents.
pub fn read(kind: BodyKind, body: &[u8], content_type: &str, meta: &Meta) -> Vec<Item> {
    match kind {
        BodyKind::Text => vec![Item { origin: "body".into(), doc: text_document(body, meta) }],
        BodyKind::Html => {
            let page = marsad_html::read_page(body, Some(content_type));
            let doc = InputDocument {
                doc_id: meta.doc_id.clone().unwrap_or_else(|| derived_id(body)),
                text: page.text,
                published: meta.published.clone().or(page.published),
                source: meta.source.clone().or(page.site_name),
                url: meta.url.clone().or(page.canonical_url),
            };
            vec![Item { origin: "body".into(), doc: check(doc) }]
        }
        BodyKind::Jsonl => jsonl(body, meta),
    }
}

fn text_document(body: &[u8], meta: &Meta) -> Result<InputDocument, String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("not UTF-8: invalid byte at offset {}", e.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check(InputDocument {
        doc_id: meta.doc_id.clone().unwrap_or_else(|| derived_id(body)),
        text: text.to_owned(),
        published: meta.published.clone(),
        source: meta.source.clone(),
        url: meta.url.clone(),
    })
}

fn jsonl(body: &[u8], meta: &Meta) -> Vec<Item> {
    let Ok(text) = std::str::from_utf8(body) else {
        let at = std::str::from_utf8(body).err().map_or(0, |e| e.valid_up_to());
        return vec![Item { origin: "body".into(), doc: Err(format!("not UTF-8: invalid byte at offset {at}")) }];
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let doc = serde_json::from_str::<InputDocument>(line)
            .map_err(|e| format!("not a document: {e}"))
            .map(|mut d| {
                // The query string fills what a line leaves out.
                d.published = d.published.or_else(|| meta.published.clone());
                d.source = d.source.or_else(|| meta.source.clone());
                d
            })
            .and_then(check);
        out.push(Item { origin: format!("line {}", n + 1), doc });
    }
    if out.is_empty() {
        out.push(Item { origin: "body".into(), doc: Err("empty body: no JSON lines".into()) });
    }
    out
}

/// An id for a document posted without one: its content's hash, so that posting the same
/// report twice stores it once.
fn derived_id(body: &[u8]) -> String {
    let hash = Sha256::digest(body);
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("api-{hex}")
}

/// Refuses empty, non-Arabic or id-less documents; cuts a timestamp to its day and drops a
/// `published` that is not a date.
fn check(mut doc: InputDocument) -> Result<InputDocument, String> {
    if doc.doc_id.trim().is_empty() {
        return Err("empty doc_id".into());
    }
    if doc.text.trim().is_empty() {
        return Err("empty document: no text".into());
    }
    let (letters, arabic) = doc.text.chars().filter(|c| c.is_alphabetic()).fold((0usize, 0usize), |(l, a), c| {
        let is_arabic = matches!(c, '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' | '\u{8a0}'..='\u{8ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}');
        (l + 1, a + usize::from(is_arabic))
    });
    if letters == 0 {
        return Err("no text: no letters in the document".into());
    }
    let share = arabic as f64 / letters as f64;
    if share < MIN_ARABIC_SHARE {
        return Err(format!("not Arabic: {:.0}% of {letters} letters are Arabic (at least 20% needed)", share * 100.0));
    }
    doc.published = doc.published.and_then(|p| day_of(&p));
    doc.source = doc.source.filter(|s| !s.trim().is_empty());
    doc.url = doc.url.filter(|s| !s.trim().is_empty());
    Ok(doc)
}

/// `YYYY-MM-DD` from a date or a timestamp starting with one.
fn day_of(s: &str) -> Option<String> {
    let s = s.trim();
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_documents() {
        let meta = Meta { published: Some("2024-01-13T08:00:00Z".into()), ..Meta::default() };
        let items = read(BodyKind::Text, "قصف على حلب".as_bytes(), "text/plain", &meta);
        let doc = items[0].doc.as_ref().unwrap();
        assert!(doc.doc_id.starts_with("api-"));
        assert_eq!(doc.published.as_deref(), Some("2024-01-13"));
        let body = "{\"id\":\"a\",\"text\":\"قصف على حلب\"}\n\nnot json\n{\"id\":\"b\",\"text\":\"hello world\"}\n";
        let items = read(BodyKind::Jsonl, body.as_bytes(), "application/x-ndjson", &Meta::default());
        assert_eq!(items.len(), 3);
        assert!(items[0].doc.is_ok());
        assert_eq!(items[1].origin, "line 3");
        assert!(items[2].doc.as_ref().unwrap_err().starts_with("not Arabic"));
        assert_eq!(BodyKind::from_content_type("text/html; charset=windows-1256"), Some(BodyKind::Html));
        assert_eq!(BodyKind::from_content_type("image/png"), None);
    }
}
