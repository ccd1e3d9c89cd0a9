//! A small HTML-to-text converter: drops tags, comments, scripts and styles, decodes character
//! references, turns block elements into line breaks, and picks up the `<title>` and a few
//! `<meta>` fields. It turns the article that readability kept into plain text, one paragraph a
//! line (what the user sees and evidence spans point into), and reads whole pages when nothing
//! could be kept.
//!
//! It is deliberately not a full HTML parser: it only needs visible text in reading order, and a
//! forgiving scanner never fails on broken markup.

/// What was read from one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// The `<title>`, whitespace collapsed; `None` when absent or empty.
    pub title: Option<String>,
    /// Visible text: one paragraph per line, whitespace collapsed inside lines.
    pub text: String,
    /// `article:published_time`, `datePublished`, `pubdate`... as written (not validated).
    pub published: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
}

/// Elements whose content is not text a reader sees.
const SKIPPED: [&str; 7] = ["script", "style", "noscript", "template", "svg", "iframe", "object"];

/// Elements that start a new line of text.
const BLOCKS: [&str; 37] = [
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "hr", "pre", "dd", "dt", "dl",
    "figcaption", "figure", "aside", "nav", "main", "form", "address", "caption", "body",
    "tbody", "thead", "details", "summary",
];

/// Meta names that carry the publication date, most specific first.
const DATE_METAS: [&str; 7] = [
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date",
    "date",
    "og:published_time",
];

/// Converts a page to text.
pub fn parse(html: &str) -> HtmlPage {
    let mut page = HtmlPage::default();
    let mut raw = String::with_capacity(html.len() / 2);
    let mut date_rank = usize::MAX;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        raw.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let second = rest[1..].chars().next();
        match second {
            Some('!' | '?') => {
                rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
                continue;
            }
            Some(c) if c == '/' || c.is_ascii_alphabetic() => {}
            // A bare `<` in text ("a < b") is text.
            _ => {
                raw.push('<');
                rest = &rest[1..];
                continue;
            }
        }
        let (tag, after) = read_tag(rest);
        rest = after;
        let name = tag.name.as_str();
        if tag.closing {
            if BLOCKS.contains(&name) {
                raw.push('\n');
            } else if matches!(name, "td" | "th") {
                raw.push(' ');
            }
            continue;
        }
        if SKIPPED.contains(&name) || name == "title" {
            // Raw text up to the matching end tag (case-insensitive); `</script>` inside a
            // string literal would end it early, as it does in browsers.
            let end = find_end_tag(rest, name);
            let content = &rest[..end.0];
            rest = &rest[end.1..];
            if name == "title" && page.title.is_none() {
                let title = collapse_spaces(&decode_entities(content));
                if !title.is_empty() {
                    page.title = Some(title);
                }
            }
            continue;
        }
        if name == "meta" {
            let key = tag
                .attr("property")
                .or_else(|| tag.attr("name"))
                .or_else(|| tag.attr("itemprop"))
                .map(str::to_ascii_lowercase);
            if let (Some(key), Some(content)) = (key, tag.attr("content")) {
                if let Some(rank) = DATE_METAS.iter().position(|m| *m == key) {
                    if rank < date_rank && !content.trim().is_empty() {
                        date_rank = rank;
                        page.published = Some(content.trim().to_owned());
                    }
                } else if key == "og:site_name" && !content.trim().is_empty() {
                    page.site_name = Some(collapse_spaces(content));
                }
            }
        } else if name == "time" && page.published.is_none() {
            if let Some(dt) = tag.attr("datetime") {
                date_rank = DATE_METAS.len();
                page.published = Some(dt.trim().to_owned());
            }
        }
        if BLOCKS.contains(&name) {
            raw.push('\n');
        } else if matches!(name, "td" | "th" | "img") {
            raw.push(' ');
        }
    }
    raw.push_str(rest);
    page.text = paragraphs(&decode_entities(&raw));
    page
}

/// One start or end tag.
#[derive(Debug, Default)]
pub(crate) struct Tag {
    /// Lower-case name.
    name: String,
    closing: bool,
    /// Attribute names (lower case) and decoded values.
    attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name` (lower case), if present.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Reads the tag at the start of `s` (which begins with `<`); returns it and the text after `>`.
pub(crate) fn read_tag(s: &str) -> (Tag, &str) {
    let mut tag = Tag::default();
    let mut rest = &s[1..];
    if let Some(r) = rest.strip_prefix('/') {
        tag.closing = true;
        rest = r;
    }
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
    tag.name = rest[..name_len].to_ascii_lowercase();
    rest = &rest[name_len..];
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return (tag, rest);
        }
        if let Some(r) = rest.strip_prefix('>') {
            return (tag, r);
        }
        let mut key_len = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            // A stray `=`: take it as a name so the scan always moves on.
            key_len = rest.chars().next().map_or(0, char::len_utf8);
        }
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            rest = r.trim_start_matches(|c: char| c.is_ascii_whitespace());
            let (v, r) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &rest[1..];
                    match body.find(q) {
                        Some(e) => (&body[..e], &body[e + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let e = rest
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(rest.len());
                    (&rest[..e], &rest[e..])
                }
            };
            value = decode_entities(v);
            rest = r;
        }
        if !tag.closing {
            tag.attrs.push((key, value));
        }
    }
}

/// Finds `</name` (case-insensitive); returns (content end, position after the end tag's `>`).
fn find_end_tag(s: &str, name: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let pattern = format!("</{name}");
    let mut from = 0;
    while let Some(off) = s[from..].find("</") {
        let at = from + off;
        let candidate = bytes.get(at..at + pattern.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(pattern.as_bytes())) {
            let after = &s[at..];
            let close = after.find('>').map_or(s.len(), |e| at + e + 1);
            return (at, close);
        }
        from = at + 2;
    }
    (s.len(), s.len())
}

/// Collapses whitespace runs to one space and trims.
fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One paragraph per line: whitespace (including no-break spaces) collapsed inside lines, blank
/// lines dropped.
fn paragraphs(s: &str) -> String {
    s.split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Named references common in Arabic news pages; others stay as written.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "sbquo" => "‚",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "lrm" => "\u{200e}",
        "rlm" => "\u{200f}",
        "shy" => "\u{ad}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "deg" => "°",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        _ => return None,
    })
}

/// Decodes `&name;`, `&#1575;` and `&#x627;`. Unknown or malformed references are kept as
/// written; code points that cannot be characters (0, surrogates, > U+10FFFF) become U+FFFD.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(text) => {
                out.push_str(&text);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (which begins with `&`): text and bytes used.
fn decode_one(s: &str) -> (Option<String>, usize) {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let len = digits
            .find(|c: char| if hex { !c.is_ascii_hexdigit() } else { !c.is_ascii_digit() })
            .unwrap_or(digits.len());
        if len == 0 {
            return (None, 0);
        }
        // Long digit runs overflow; they name no character anyway.
        let code = u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 })
            .ok()
            .filter(|_| len <= 8);
        let c = code.filter(|&c| c != 0).and_then(char::from_u32).unwrap_or('\u{fffd}');
        let mut used = 1 + 1 + usize::from(hex) + len;
        // The semicolon is optional for numeric references, as browsers read them.
        if s[used..].starts_with(';') {
            used += 1;
        }
        return (Some(c.to_string()), used);
    }
    let len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    if len == 0 || len > 32 || !body[len..].starts_with(';') {
        return (None, 0);
    }
    let name = &body[..len];
    let decoded = named_entity(name).or_else(|| named_entity(&name.to_ascii_lowercase()));
    (decoded.map(str::to_owned), 1 + len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a &amp; b&nbsp;c"), "a & b\u{a0}c");
        assert_eq!(decode_entities("&#1575;&#x627;&#X627"), "ااا");
        assert_eq!(decode_entities("&unknown; & &#; &#0; &#xD800;"), "&unknown; & &#; \u{fffd} \u{fffd}");
        assert_eq!(decode_entities("&#99999999999;"), "\u{fffd}");
        assert_eq!(decode_entities("AT&T"), "AT&T");
    }

    #[test]
    fn strips_tags_scripts_and_keeps_paragraphs() {
        let page = parse(
            "<!DOCTYPE html><html><head><TITLE> اشتباك &amp; قصف </TITLE>\
             <meta property=\"article:published_time\" content=\"2024-01-13T08:00:00Z\">\
             <meta property='og:site_name' content='SY24'>\
             <style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>\
             <body><h1>عنوان</h1><p>الفقرة <b>الأولى</b>&nbsp;هنا</p><!-- <p>hidden</p> -->\
             <p>الثانية<br/>سطر</p><div>1 &lt; 2</div></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("اشتباك & قصف"));
        assert_eq!(page.published.as_deref(), Some("2024-01-13T08:00:00Z"));
        assert_eq!(page.site_name.as_deref(), Some("SY24"));
        assert_eq!(page.text, "عنوان\nالفقرة الأولى هنا\nالثانية\nسطر\n1 < 2");
    }

    #[test]
    fn survives_junk() {
        assert_eq!(parse("").text, "");
        assert_eq!(parse("<<<>>> <a href='x").text, "<<<>>>");
        assert_eq!(parse("<script>never closed").text, "");
        assert_eq!(parse("<p a=b c d='e' \"f>text</p>").text, "text");
        assert_eq!(parse("a < b <3 <é").text, "a < b <3 <é");
    }
}
