//! The character set of a page, and its text.
//!
//! Order of evidence, as browsers weigh it (WHATWG "encoding sniffing"), with one marsad choice at
//! the end:
//! 1. a byte-order mark (it cannot be wrong about the bytes that follow it);
//! 2. the `charset` of the HTTP `Content-Type` header, when the caller fetched the page;
//! 3. the page's own `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`;
//! 4. UTF-8 when the bytes are valid UTF-8;
//! 5. otherwise windows-1256. Browsers fall back on the locale's legacy encoding; marsad reads
//!    Arabic pages, and undeclared legacy Arabic pages are windows-1256 far more often than
//!    ISO-8859-6 (which a page or header may still name, and is then used).
//!
//! Labels are WHATWG labels (`encoding_rs`), so `latin1` means windows-1252 and `utf-16` in a
//! meta tag means UTF-8, as in browsers.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1256, WINDOWS_1252};

use crate::strip;

/// How far into a page its `<meta>` charset is looked for, in bytes. Browsers pre-scan 1024
/// bytes and then let the parser change its mind anywhere in `<head>`; saved news pages often
/// carry kilobytes of inline script before the meta tag.
const META_SCAN_BYTES: usize = 64 * 1024;

/// Where the character set came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark at the start of the bytes.
    Bom,
    /// The `charset` parameter of the HTTP `Content-Type` header.
    Header,
    /// A `<meta>` tag of the page.
    Meta,
    /// No declaration; the bytes are valid UTF-8.
    ValidUtf8,
    /// No declaration and not UTF-8: the Arabic legacy default, windows-1256.
    Fallback,
}

/// A page's bytes as text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page's text (without a byte-order mark). Bytes that are invalid in the chosen
    /// encoding become U+FFFD, as in browsers.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: CharsetSource,
}

/// Decodes a page, given the HTTP `Content-Type` header when there is one.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source, body) = detect(bytes, content_type);
    let text = encoding.decode_without_bom_handling(body).0.into_owned();
    Decoded { text, encoding, source }
}

/// The encoding of `bytes`, why, and the bytes to decode (after any byte-order mark).
fn detect<'b>(bytes: &'b [u8], content_type: Option<&str>) -> (&'static Encoding, CharsetSource, &'b [u8]) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::Bom, &bytes[bom_len..]);
    }
    if let Some(encoding) = content_type.and_then(charset_param).and_then(|l| Encoding::for_label(l.as_bytes())) {
        return (encoding, CharsetSource::Header, bytes);
    }
    if let Some(encoding) = meta_charset(bytes) {
        return (encoding, CharsetSource::Meta, bytes);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, CharsetSource::ValidUtf8, bytes);
    }
    (WINDOWS_1256, CharsetSource::Fallback, bytes)
}

/// The value of `charset=` in a `Content-Type` value (`text/html; charset="windows-1256"`).
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// The encoding named by the first `<meta>` that names one, before `<body>`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    // Markup is ASCII in every encoding marsad reads, so a lossy view finds the tags.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(META_SCAN_BYTES)]);
    let lower = head.to_ascii_lowercase();
    let end = lower.find("<body").unwrap_or(lower.len());
    let mut from = 0;
    while let Some(at) = lower[from..end].find("<meta") {
        let start = from + at;
        let (tag, _) = strip::read_tag(&head[start..]);
        from = start + 5;
        let label = tag.attr("charset").map(str::to_owned).or_else(|| {
            let is_content_type = tag.attr("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
            if is_content_type {
                tag.attr("content").and_then(|c| charset_param(&format!(";{}", after_semicolon(c))))
            } else {
                None
            }
        });
        if let Some(encoding) = label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
            return Some(meta_override(encoding));
        }
    }
    None
}

/// `content="text/html; charset=x"` and the older `content="charset=x"` alike.
fn after_semicolon(content: &str) -> &str {
    content.split_once(';').map_or(content, |(_, rest)| rest)
}

/// What browsers do with a meta tag that cannot be right: a page read as ASCII-compatible bytes
/// cannot be UTF-16, and `x-user-defined` means windows-1252.
fn meta_override(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "قصف على حلب";

    fn cp1256(s: &str) -> Vec<u8> {
        WINDOWS_1256.encode(s).0.into_owned()
    }

    #[test]
    fn header_wins_over_meta_and_bom_over_both() {
        let mut page = b"<meta charset=\"utf-8\"><p>".to_vec();
        page.extend(cp1256(ARABIC));
        let d = decode(&page, Some("text/html; charset=\"Windows-1256\""));
        assert_eq!((d.encoding, d.source), (WINDOWS_1256, CharsetSource::Header));
        assert!(d.text.ends_with(ARABIC));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(format!("<p>{ARABIC}").bytes());
        let d = decode(&bom, Some("text/html; charset=windows-1256"));
        assert_eq!((d.encoding, d.source, d.text.as_str()), (UTF_8, CharsetSource::Bom, format!("<p>{ARABIC}").as_str()));
    }

    #[test]
    fn meta_tags_in_both_forms() {
        for head in [
            "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1256'>",
            "<meta charset=cp1256>",
            "<meta content=\"text/html;charset=windows-1256\" http-equiv=\"content-type\" />",
        ] {
            let mut page = format!("<html><head><title>x</title>{head}</head><body><p>").into_bytes();
            page.extend(cp1256(ARABIC));
            let d = decode(&page, None);
            assert_eq!((d.encoding, d.source), (WINDOWS_1256, CharsetSource::Meta), "{head}");
            assert!(d.text.ends_with(ARABIC));
        }
        let mut page = b"<meta charset=\"iso-8859-6\"><p>".to_vec();
        page.extend(encoding_rs::ISO_8859_6.encode(ARABIC).0.iter());
        assert!(decode(&page, None).text.ends_with(ARABIC));
    }

    #[test]
    fn undeclared_pages_are_utf8_or_windows_1256() {
        let d = decode(format!("<p>{ARABIC}").as_bytes(), Some("text/html"));
        assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::ValidUtf8));
        let d = decode(&cp1256(ARABIC), None);
        assert_eq!((d.encoding, d.source, d.text.as_str()), (WINDOWS_1256, CharsetSource::Fallback, ARABIC));
        // An unknown label is ignored, as browsers do, and the next evidence decides.
        let d = decode(&cp1256(ARABIC), Some("text/html; charset=klingon"));
        assert_eq!(d.source, CharsetSource::Fallback);
        // A meta tag in the body is not the page's declaration.
        let d = decode(b"<body><meta charset=windows-1256>abc", None);
        assert_eq!(d.source, CharsetSource::ValidUtf8);
    }
}
