//! Publication metadata of a page: date, title, site name, canonical address.
//!
//! Read from the whole page before any boilerplate is dropped (a `<time>` often sits in a header
//! that the text extraction removes). Values are kept as written; a date that starts with
//! `YYYY-MM-DD` is preferred to one in prose ("November 20, 2019"), whatever its source.

use dom_query::{Document, NodeRef};
use serde_json::Value;

/// `<meta>` keys (`property`, `name` or `itemprop`, lower case) carrying the publication date,
/// after `article:published_time` (which comes first of all) and JSON-LD `datePublished`.
const DATE_METAS: [&str; 13] = [
    "datepublished",
    "og:article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
];

/// `<meta>` keys carrying the headline, best first.
const TITLE_METAS: [&str; 3] = ["og:title", "twitter:title", "headline"];

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Headline: `og:title`, `twitter:title`, JSON-LD `headline`, else `<title>` without the site
    /// name the outlet appends to it.
    pub title: Option<String>,
    /// Publication date or timestamp as written: `article:published_time`, JSON-LD
    /// `datePublished`, other date metas, `<time datetime>`.
    pub published: Option<String>,
    /// `og:site_name`, JSON-LD `publisher.name`, `application-name`.
    pub site_name: Option<String>,
    /// `<link rel="canonical">`, else `og:url`.
    pub canonical_url: Option<String>,
}

/// Reads the metadata of a parsed page.
pub fn read(doc: &Document) -> Metadata {
    let metas = meta_pairs(doc);
    let json_ld = json_ld(doc);
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()));
    let site_name = meta(&["og:site_name"])
        .or_else(|| json_ld.iter().find_map(|v| find_key(v, "publisher").and_then(|p| string_at(p, "name"))))
        .or_else(|| meta(&["application-name"]));
    let title = meta(&TITLE_METAS)
        .or_else(|| json_ld.iter().find_map(|v| find_key(v, "headline").and_then(as_text)))
        .map(|t| without_site_name(&t, site_name.as_deref()))
        .or_else(|| page_title(doc, site_name.as_deref()));
    let canonical_url = doc
        .select("link[rel=canonical]")
        .iter()
        .find_map(|l| l.attr("href").map(|h| h.trim().to_owned()).filter(|h| !h.is_empty()))
        .or_else(|| meta(&["og:url"]));
    Metadata { title, published: published(doc, &metas, &json_ld), site_name, canonical_url }
}

/// Candidates for the publication date, most specific source first; the first that starts with
/// a `YYYY-MM-DD` date wins, else the first of all.
fn published(doc: &Document, metas: &[(String, String)], json_ld: &[Value]) -> Option<String> {
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(meta_values(metas, "article:published_time"));
    candidates.extend(json_ld.iter().filter_map(|v| find_key(v, "datePublished").and_then(as_text)));
    for key in DATE_METAS {
        candidates.extend(meta_values(metas, key));
    }
    let times = doc.select("time[datetime]");
    // A `<time>` marked as the publication date first, then the others in page order.
    let (marked, other): (Vec<NodeRef>, Vec<NodeRef>) =
        times.nodes().iter().cloned().partition(|t| t.has_attr("pubdate") || t.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished")));
    candidates.extend(marked.iter().chain(&other).filter_map(|t| t.attr("datetime").map(|d| d.trim().to_owned())));
    candidates.retain(|c| !c.is_empty());
    let dated = candidates.iter().position(|c| starts_with_iso_date(c));
    dated.map_or_else(|| candidates.first().cloned(), |i| Some(candidates[i].clone()))
}

/// The contents of the metas named `key`.
fn meta_values<'m>(metas: &'m [(String, String)], key: &'m str) -> impl Iterator<Item = String> + 'm {
    metas.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.clone())
}

/// Whether `s` starts with `YYYY-MM-DD`.
fn starts_with_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Every `<meta>` as (key in lower case, content with whitespace collapsed), in page order.
fn meta_pairs(doc: &Document) -> Vec<(String, String)> {
    doc.select("meta[content]")
        .iter()
        .filter_map(|m| {
            let key = m.attr("property").or_else(|| m.attr("name")).or_else(|| m.attr("itemprop"))?;
            let content = collapse(&m.attr("content")?);
            (!content.is_empty()).then(|| (key.trim().to_ascii_lowercase(), content))
        })
        .collect()
}

/// The JSON-LD blocks that parse; broken ones are skipped (pages ship many).
fn json_ld(doc: &Document) -> Vec<Value> {
    doc.select("script[type=\"application/ld+json\"]")
        .iter()
        .filter_map(|s| serde_json::from_str(s.text().trim()).ok())
        .collect()
}

/// The first value of `key` anywhere in a JSON-LD tree (objects, `@graph` and other arrays),
/// depth first.
fn find_key<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    match v {
        Value::Object(map) => map.get(key).or_else(|| map.values().find_map(|x| find_key(x, key))),
        Value::Array(items) => items.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

/// A string value, or the string at `key` of an object value.
fn string_at(v: &Value, key: &str) -> Option<String> {
    as_text(v).or_else(|| v.get(key).and_then(as_text))
}

/// A non-empty string value, whitespace collapsed.
fn as_text(v: &Value) -> Option<String> {
    v.as_str().map(collapse).filter(|s| !s.is_empty())
}

/// Separators between a headline and the site name appended to it.
const TITLE_SEPARATORS: [&str; 4] = [" - ", " | ", " – ", " — "];

/// `<title>`, without the site name appended after ` - `, ` | ` or ` – `: a tail naming the site,
/// a domain, or a few words after a longer headline.
fn page_title(doc: &Document, site_name: Option<&str>) -> Option<String> {
    let title = collapse(&doc.select("head title").text());
    if title.is_empty() {
        return None;
    }
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let names_site = names_site(tail, site_name)
                || tail.contains('.')
                || tail.split_whitespace().count() <= 3 && head.split_whitespace().count() > 3;
            if names_site && !head.trim().is_empty() {
                return Some(head.trim().to_owned());
            }
        }
    }
    Some(title)
}

/// A headline from metadata without a tail that names the site (some outlets put it there too).
fn without_site_name(title: &str, site_name: Option<&str>) -> String {
    TITLE_SEPARATORS
        .iter()
        .find_map(|sep| title.rsplit_once(sep).filter(|(head, tail)| !head.trim().is_empty() && names_site(tail, site_name)))
        .map_or_else(|| title.to_owned(), |(head, _)| head.trim().to_owned())
}

fn names_site(tail: &str, site_name: Option<&str>) -> bool {
    site_name.is_some_and(|s| !s.is_empty() && tail.to_lowercase().contains(&s.to_lowercase()))
}

/// Whitespace runs to one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(html: &str) -> Metadata {
        read(&Document::from(html))
    }

    #[test]
    fn each_kind_of_date() {
        let og = "<meta property='article:published_time' content='2024-03-01T10:00:00+03:00'>";
        let ld = r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-03-02"}]}</script>"#;
        let pubdate = "<meta name='pubdate' content='2024-03-03'>";
        let time = "<time datetime='2024-03-04T08:00'>٤ آذار</time>";
        let page = |parts: &[&str]| read_str(&format!("<html><head>{}</head><body><p>نص</p>{}</body></html>", parts[..parts.len() - 1].concat(), parts[parts.len() - 1]));
        assert_eq!(page(&[og, ld, pubdate, time]).published.as_deref(), Some("2024-03-01T10:00:00+03:00"));
        assert_eq!(page(&[ld, pubdate, time]).published.as_deref(), Some("2024-03-02"));
        assert_eq!(page(&[pubdate, time]).published.as_deref(), Some("2024-03-03"));
        assert_eq!(page(&[time]).published.as_deref(), Some("2024-03-04T08:00"));
        // A date in prose gives way to an ISO one further down the list, and is kept when alone.
        let prose = "<meta property='article:published_time' content='November 20, 2019 13:42'>";
        assert_eq!(page(&[prose, time]).published.as_deref(), Some("2024-03-04T08:00"));
        assert_eq!(page(&[prose, ""]).published.as_deref(), Some("November 20, 2019 13:42"));
    }

    #[test]
    fn title_site_and_canonical() {
        let m = read_str(
            "<html><head><title>قصف على أريحا - عنب بلدي</title><meta property='og:site_name' content='عنب بلدي'>\
             <meta property='og:url' content='https://example.org/og'><link rel='canonical' href=' https://example.org/a '></head></html>",
        );
        assert_eq!(m.title.as_deref(), Some("قصف على أريحا"));
        assert_eq!(m.site_name.as_deref(), Some("عنب بلدي"));
        assert_eq!(m.canonical_url.as_deref(), Some("https://example.org/a"));
        let m = read_str(
            r#"<html><head><title>x</title><meta name="twitter:title" content="عنوان تويتر">
            <script type="application/ld+json">{"publisher":{"@type":"Organization","name":"SY24"}}</script>
            <meta property="og:url" content="https://example.org/og"></head></html>"#,
        );
        assert_eq!((m.title.as_deref(), m.site_name.as_deref()), (Some("عنوان تويتر"), Some("SY24")));
        assert_eq!(m.canonical_url.as_deref(), Some("https://example.org/og"));
    }
}
