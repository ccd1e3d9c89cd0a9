//! The HTML reader's invariants: any bytes give a page, the same page every time, whatever the
//! character set declared for them, and the extractor's evidence spans point into its text.

use marsad_model::InputDocument;

use crate::extract::check_extract_document;
use crate::{ensure, Violation};

/// The `Content-Type` headers a fetched page is read under: none (the page's own meta tag or
/// sniffing decides), the two character sets Syrian outlets use, and one that names no real
/// encoding (which must fall back, not fail).
const CONTENT_TYPES: &[Option<&str>] =
    &[None, Some("text/html; charset=windows-1256"), Some("text/html; charset=utf-8"), Some("text/html; charset=x-no-such")];

/// Reads `bytes` as a fetched article page under each of [`CONTENT_TYPES`] and checks that
/// reading is deterministic, that a supported header charset is the one used, and that the report extracted from its text keeps every evidence
/// span inside that text ([`check_extract_document`]).
///
/// # Errors
/// The first invariant the page breaks.
pub fn check_html_bytes(bytes: &[u8]) -> Result<(), Violation> {
    for content_type in CONTENT_TYPES {
        let page = marsad_html::read_page(bytes, *content_type);
        let again = marsad_html::read_page(bytes, *content_type);
        ensure!(page == again, "reading the same bytes twice under {content_type:?} gave two pages");
        if *content_type == Some("text/html; charset=windows-1256") {
            ensure!(page.encoding == "windows-1256", "header charset windows-1256 not used: read as {}", page.encoding);
        }
        let doc = InputDocument { doc_id: "fuzz.html".into(), text: page.text.clone(), published: None, source: None, url: None };
        let out = crate::extract::pipeline()?.extract(&doc, &crate::extract::options());
        check_extract_document(&doc, &out)?;
    }
    Ok(())
}

/// [`check_html_bytes`] on the bytes of a text (the shape every target's check shares).
///
/// # Errors
/// The first invariant the page breaks.
pub fn check_html(s: &str) -> Result<(), Violation> {
    check_html_bytes(s.as_bytes())
}
