//! Reading article pages: the character set, the readable article text, and the publication
//! metadata.
//!
//! [`read_page`] takes a page's bytes (and the HTTP `Content-Type` header when the page was
//! fetched) and returns a [`Page`]: its [`Page::text`] is the headline and the article, one
//! paragraph a line, with menus, headers and footers, share boxes, captions and "read also" lists
//! left out. That text is what marsad extracts events from, what the store keeps and what the
//! user sees, so evidence spans point into exactly the words shown.
//!
//! The pipeline: decode ([`charset`]), read the metadata from the whole page ([`meta`]), drop
//! the boilerplate named in `data/html/boilerplate.toml` ([`boilerplate`]), let `dom_smoothie`
//! (a port of Mozilla's Readability) pick the article, and turn it into plain text ([`strip`]).
#![deny(missing_docs)]

pub mod boilerplate;
pub mod charset;
pub mod meta;
pub mod strip;

use dom_query::Document;
use dom_smoothie::{Config, Readability};

pub use boilerplate::{Boilerplate, BoilerplateError};
pub use charset::{decode, CharsetSource, Decoded};
pub use meta::Metadata;

/// Pages with more elements than this are read whole, without readability's scoring, whose cost
/// grows faster than the page.
const MAX_ELEMENTS: usize = 20_000;

/// How the article text was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extraction {
    /// Readability found the article among the page's blocks.
    Readability,
    /// No article stood out: the text of the whole page, less its boilerplate.
    WholePage,
}

/// An article page, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The readable text: the headline on the first line (unless the article already starts
    /// with it), then one paragraph a line, whitespace collapsed inside lines.
    pub text: String,
    /// The headline (see [`Metadata::title`]).
    pub title: Option<String>,
    /// Publication date or timestamp, as the page writes it (see [`Metadata::published`]).
    pub published: Option<String>,
    /// The outlet's name (see [`Metadata::site_name`]).
    pub site_name: Option<String>,
    /// The page's canonical address (see [`Metadata::canonical_url`]).
    pub canonical_url: Option<String>,
    /// The encoding the bytes were read in (a WHATWG name such as `windows-1256`); `UTF-8` for
    /// [`read_html`].
    pub encoding: &'static str,
    /// Why that encoding; `None` for [`read_html`], which was given text.
    pub charset_source: Option<CharsetSource>,
    /// How the article text was found.
    pub extraction: Extraction,
}

/// Reads a page from its bytes. `content_type` is the HTTP `Content-Type` header when the page
/// was fetched; its `charset` outranks the page's own `<meta>` (see [`charset`]).
pub fn read_page(bytes: &[u8], content_type: Option<&str>) -> Page {
    let decoded = decode(bytes, content_type);
    let mut page = read_html(&decoded.text);
    page.encoding = decoded.encoding.name();
    page.charset_source = Some(decoded.source);
    page
}

/// Reads a page already decoded to text.
pub fn read_html(html: &str) -> Page {
    let doc = Document::from(html);
    let metadata = meta::read(&doc);
    let rules = Boilerplate::builtin();
    rules.clean(&doc);
    let (body, extraction) = match readable_article(&doc) {
        Some(article) => (article, Extraction::Readability),
        None => (whole_page(&doc), Extraction::WholePage),
    };
    // Inline leads that survived inside kept paragraphs' neighbours ("اقرأ أيضاً: …" as a line).
    let body: Vec<&str> = body.lines().filter(|line| !rules.starts_with_marker(line)).collect();
    let text = with_title(metadata.title.as_deref(), &body.join("\n"));
    Page {
        text,
        title: metadata.title,
        published: metadata.published,
        site_name: metadata.site_name,
        canonical_url: metadata.canonical_url,
        encoding: encoding_rs::UTF_8.name(),
        charset_source: None,
        extraction,
    }
}

/// The article readability finds in the cleaned page, as plain text; `None` when it finds none.
fn readable_article(doc: &Document) -> Option<String> {
    let elements = doc.select("*").length();
    if elements > MAX_ELEMENTS {
        return None;
    }
    // Readability changes the document it reads; the cleaned page stays for the fallback.
    let copy = Document::from(doc.html());
    let cfg = Config { max_elements_to_parse: MAX_ELEMENTS, ..Config::default() };
    let article = Readability::with_document(copy, None, Some(cfg)).ok()?.parse().ok()?;
    let text = strip::parse(&article.content).text;
    (!text.trim().is_empty()).then_some(text)
}

/// The text of the whole cleaned page.
fn whole_page(doc: &Document) -> String {
    let body = doc.select("body");
    let html = if body.exists() { body.html() } else { doc.html() };
    strip::parse(&html).text
}

/// The headline as the first line, unless the text already starts with it.
fn with_title(title: Option<&str>, body: &str) -> String {
    match title {
        Some(t) if !t.is_empty() && !body.starts_with(t) => {
            if body.is_empty() {
                t.to_owned()
            } else {
                format!("{t}\n{body}")
            }
        }
        _ => body.to_owned(),
    }
}
