//! Reading inputs: `.txt`, `.html`/`.htm`, `.jsonl` (and `.jsonl.gz`, decompressed in-process),
//! directories and stdin, into a lazy, ordered stream of documents or per-document errors.
//!
//! Every input problem is local: a bad file or a bad JSON line becomes one [`Item`] carrying an
//! [`InputError`], and reading goes on with the next line or file. Only one file is open at a
//! time and JSONL files are read line by line, so memory stays bounded by the document limit.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use marsad_model::InputDocument;

use crate::progress::Total;

/// Largest document (or JSONL line) accepted by default, in bytes: bigger inputs are errors, not
/// OOMs. `--max-document-mb` changes it.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The problem reported for a document over `limit` bytes: what it is and how to read it anyway.
fn too_large(what: &str, limit: usize) -> InputError {
    InputError(format!("{what}: more than {} MB (raise it with --max-document-mb)", limit >> 20))
}

/// Documents whose letters are less than this share Arabic are refused: the engine reads Arabic,
/// and running it on English or on mojibake only produces noise.
pub const MIN_ARABIC_SHARE: f64 = 0.2;

/// Why one input could not become a document. The origin (file, line) is kept beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

fn err<T>(message: impl Into<String>) -> Result<T, InputError> {
    Err(InputError(message.into()))
}

/// Values from the command line for documents that do not carry their own.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `--published`, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `--source`.
    pub source: Option<String>,
}

/// A document ready for extraction, with notes to add to its output's `warnings`.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The document as the pipeline will see it.
    pub doc: InputDocument,
    /// Things changed on the way in (an unreadable `published` dropped, ...).
    pub warnings: Vec<String>,
}

/// One input: where it came from (`path`, `path:line`, `stdin`) and the document or the error.
#[derive(Debug)]
pub struct Item {
    /// File, `file:line` for JSON Lines, or `stdin`.
    pub origin: String,
    /// The document, or why it was skipped.
    pub doc: Result<Prepared, InputError>,
}

/// How a file is read, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Html,
    Jsonl,
    GzJsonl,
    /// Unknown extension, named explicitly: JSONL if it starts with `{`, else text.
    Sniff,
}

/// The file types read from a directory, as named to users.
const REPORT_TYPES: &str = ".txt .html .htm .jsonl .jsonl.gz";

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let kind = if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
        Kind::GzJsonl
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Kind::Jsonl
    } else if name.ends_with(".txt") {
        Kind::Text
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Kind::Html
    } else {
        return None;
    };
    Some(kind)
}

/// One place to read from.
#[derive(Debug)]
enum Source {
    Stdin,
    File { path: PathBuf, origin: String, doc_id: String, kind: Kind },
    Broken { origin: String, message: String },
}

/// Lists the sources behind the command-line paths, in order: each path as given, directories
/// recursively in byte order of names. No path, or `-`, means stdin.
fn expand(paths: &[PathBuf]) -> Vec<Source> {
    let mut out = Vec::new();
    if paths.is_empty() {
        out.push(Source::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let origin = path.display().to_string();
        match fs::metadata(path) {
            Err(e) => out.push(Source::Broken { origin, message: io_message(&e) }),
            Ok(meta) if meta.is_dir() => {
                let mut skipped = 0;
                walk(path, Path::new(""), &mut out, &mut skipped);
                // A notice, not an error: a directory of reports may hold notes and images, but
                // a directory of `.doc` or `.pdf` reports should not look empty without a word.
                if skipped > 0 {
                    let what = if skipped == 1 { "file that is not a report" } else { "files that are not reports" };
                    eprintln!("marsad: {origin}: skipped {skipped} {what} ({REPORT_TYPES})");
                }
            }
            // A file named explicitly: its doc_id is the path as given.
            Ok(_) => out.push(Source::File {
                path: path.clone(),
                doc_id: origin.clone(),
                origin,
                kind: kind_of(path).unwrap_or(Kind::Sniff),
            }),
        }
    }
    out
}

/// Adds the readable files under `root/rel`. Hidden entries and files of other types are
/// skipped (a directory of reports may hold notes and images), the latter counted in `skipped`;
/// symlinked directories are not followed, so a link loop cannot make the walk endless.
fn walk(root: &Path, rel: &Path, out: &mut Vec<Source>, skipped: &mut usize) {
    let dir = root.join(rel);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            let origin = dir.display().to_string();
            out.push(Source::Broken { origin, message: io_message(&e) });
            return;
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push((entry.file_name(), entry.file_type())),
            Err(e) => out.push(Source::Broken {
                origin: dir.display().to_string(),
                message: io_message(&e),
            }),
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, file_type) in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let rel_path = rel.join(&name);
        let full = root.join(&rel_path);
        let is_dir = match file_type {
            Ok(t) if t.is_symlink() => false,
            Ok(t) => t.is_dir(),
            Err(_) => false,
        };
        if is_dir {
            walk(root, &rel_path, out, skipped);
            continue;
        }
        let Some(kind) = kind_of(&full) else {
            *skipped += 1;
            continue;
        };
        // doc_id: relative to the root given, with `/` on every platform.
        let doc_id = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push(Source::File { origin: full.display().to_string(), path: full, doc_id, kind });
    }
}

/// A read error as the one-line problem printed after `marsad: FILE: `.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// A reader that counts the bytes it hands on, for progress over files whose number of
/// reports is unknown.
struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// How much work the sources hold: the number of reports when every source is one report (a
/// text or HTML file, or a path that cannot be read), else the size of the files, else unknown
/// (stdin).
fn work_total(sources: &[Source]) -> Total {
    let mut bytes = 0u64;
    let mut whole_documents = true;
    for source in sources {
        match source {
            Source::Stdin => return Total::Unknown,
            Source::File { path, kind, .. } => {
                bytes += fs::metadata(path).map_or(0, |m| m.len());
                whole_documents &= matches!(kind, Kind::Text | Kind::Html);
            }
            Source::Broken { .. } => {}
        }
    }
    if whole_documents {
        Total::Reports(sources.len() as u64)
    } else {
        Total::Bytes(bytes)
    }
}

/// The documents of all inputs, in order, read lazily.
pub struct Inputs {
    sources: std::vec::IntoIter<Source>,
    current: Option<LineSource>,
    defaults: Defaults,
    /// Largest document accepted, in bytes.
    max_bytes: usize,
    /// How much work there is, for a progress bar.
    total: Total,
    /// Bytes read from files so far (compressed bytes for gzip archives).
    bytes_read: Arc<AtomicU64>,
}

impl Inputs {
    /// Inputs for the command-line paths (empty = stdin), refusing documents over `max_bytes`.
    /// Directories are listed now, with a notice on stderr of the files they hold that are not
    /// reports.
    pub fn new(paths: &[PathBuf], defaults: Defaults, max_bytes: usize) -> Self {
        let sources = expand(paths);
        let total = work_total(&sources);
        Inputs {
            sources: sources.into_iter(),
            current: None,
            defaults,
            max_bytes,
            total,
            bytes_read: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How much work there is: reports, bytes, or unknown.
    pub fn total(&self) -> Total {
        self.total
    }

    /// A handle on the number of bytes read from files so far, which stays valid while the
    /// inputs are being consumed.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes_read)
    }

    fn counted(&self, f: File) -> Counted<File> {
        Counted { inner: f, count: Arc::clone(&self.bytes_read) }
    }

    fn open(&mut self, source: Source) -> Option<Item> {
        match source {
            Source::Broken { origin, message } => Some(Item { origin, doc: err(message) }),
            Source::Stdin => {
                let reader: Box<dyn BufRead> = Box::new(BufReader::new(io::stdin()));
                self.open_reader(reader, "stdin".to_owned(), "stdin".to_owned(), Kind::Sniff, false)
            }
            Source::File { path, origin, doc_id, kind } => {
                if kind == Kind::GzJsonl {
                    return match File::open(&path) {
                        Ok(f) => {
                            let gz = BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(self.counted(f))));
                            self.open_reader(Box::new(gz), origin, doc_id, Kind::Jsonl, true)
                        }
                        Err(e) => Some(Item { origin, doc: err(io_message(&e)) }),
                    };
                }
                match File::open(&path) {
                    Ok(f) => {
                        let reader = BufReader::new(self.counted(f));
                        self.open_reader(Box::new(reader), origin, doc_id, kind, false)
                    }
                    Err(e) => Some(Item { origin, doc: err(io_message(&e)) }),
                }
            }
        }
    }

    /// Starts reading one source: a whole-document source gives its item now; a JSONL source
    /// becomes the current line source and gives nothing yet.
    fn open_reader(
        &mut self,
        reader: Box<dyn BufRead>,
        origin: String,
        doc_id: String,
        kind: Kind,
        gzip: bool,
    ) -> Option<Item> {
        let (kind, reader) = match kind {
            Kind::Sniff => match sniff(reader) {
                // Nothing but blanks: the same message as every subcommand gives for it.
                Ok((None, _)) => return Some(Item { origin, doc: err("empty input") }),
                Ok((first, reader)) => {
                    (if first == Some(b'{') { Kind::Jsonl } else { Kind::Text }, reader)
                }
                Err(e) => return Some(Item { origin, doc: err(io_message(&e)) }),
            },
            other => (other, reader),
        };
        match kind {
            Kind::Jsonl | Kind::GzJsonl => {
                let max_bytes = self.max_bytes;
                self.current = Some(LineSource { reader, origin, line: 0, docs: 0, gzip, max_bytes });
                None
            }
            Kind::Html => {
                // Bytes, not text: the page's character set is read from the page.
                let doc = read_bytes(reader, self.max_bytes)
                    .and_then(|bytes| prepare(html_document(&bytes, doc_id), &self.defaults, self.max_bytes));
                Some(Item { origin, doc })
            }
            Kind::Text | Kind::Sniff => {
                let doc = read_whole(reader, self.max_bytes).and_then(|text| {
                    prepare(InputDocument { doc_id, text, ..Default::default() }, &self.defaults, self.max_bytes)
                });
                Some(Item { origin, doc })
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next_item(&self.defaults) {
                    return Some(item);
                }
                self.current = None;
                continue;
            }
            let source = self.sources.next()?;
            if let Some(item) = self.open(source) {
                return Some(item);
            }
        }
    }
}

/// Peeks at the first byte that is not whitespace (or a BOM), keeping everything readable.
fn sniff(mut reader: Box<dyn BufRead>) -> io::Result<(Option<u8>, Box<dyn BufRead>)> {
    let mut skipped = Vec::new();
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok((None, Box::new(Cursor::new(skipped))));
        }
        let pos = buf.iter().position(|b| !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF)));
        match pos {
            Some(p) => {
                let first = buf[p];
                skipped.extend_from_slice(&buf[..p]);
                reader.consume(p);
                return Ok((Some(first), Box::new(Cursor::new(skipped).chain(reader))));
            }
            None => {
                let n = buf.len();
                skipped.extend_from_slice(buf);
                reader.consume(n);
            }
        }
    }
}

/// Reads a whole UTF-8 document, refusing more than `max_bytes` without reading further.
fn read_whole(reader: Box<dyn BufRead>, max_bytes: usize) -> Result<String, InputError> {
    read_bytes(reader, max_bytes).and_then(decode_utf8)
}

/// Reads a whole source as bytes, refusing more than `max_bytes` without reading further.
fn read_bytes(reader: Box<dyn BufRead>, max_bytes: usize) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let limit = max_bytes as u64 + 1;
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        return err(io_message(&e));
    }
    if bytes.len() > max_bytes {
        return Err(too_large("too large", max_bytes));
    }
    Ok(bytes)
}

fn decode_utf8(bytes: Vec<u8>) -> Result<String, InputError> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => err(format!(
            "not UTF-8: invalid byte at offset {}",
            e.utf8_error().valid_up_to()
        )),
    }
}

/// A page as a document: its readable text (headline first: headlines often carry the event),
/// publication date, site name and canonical address, read by marsad-html in the page's own
/// character set.
fn html_document(page_source: &[u8], doc_id: String) -> InputDocument {
    let page = marsad_html::read_page(page_source, None);
    InputDocument { doc_id, text: page.text, published: page.published, source: page.site_name, url: page.canonical_url }
}

/// Checks a document and fills its gaps from the command line.
///
/// Refused: empty text, text over `max_bytes`, text with no letters or too few Arabic ones.
/// A `published` that is not a date is dropped with a warning rather than refusing the report;
/// a timestamp (`2024-01-13T08:00:00Z`) is cut to its date.
pub fn prepare(mut doc: InputDocument, defaults: &Defaults, max_bytes: usize) -> Result<Prepared, InputError> {
    if doc.doc_id.trim().is_empty() {
        return err("empty doc_id");
    }
    if doc.text.len() > max_bytes {
        return Err(too_large("too large", max_bytes));
    }
    if doc.text.trim().is_empty() {
        return err("empty document: no text");
    }
    // Arabic letters are alphabetic: test them first, so the Unicode tables are consulted only
    // for the few other characters.
    let (letters, arabic) = doc.text.chars().fold((0usize, 0usize), |(l, a), c| {
        if ('\u{620}'..='\u{64a}').contains(&c) || is_arabic(c) && c.is_alphabetic() {
            (l + 1, a + 1)
        } else if c.is_ascii() {
            (l + usize::from(c.is_ascii_alphabetic()), a)
        } else {
            (l + usize::from(c.is_alphabetic()), a)
        }
    });
    if letters == 0 {
        return err("no text: no letters in the document");
    }
    let share = arabic as f64 / letters as f64;
    if share < MIN_ARABIC_SHARE {
        return err(format!(
            "not Arabic: {:.0}% of {letters} letters are Arabic (at least {:.0}% needed)",
            share * 100.0,
            MIN_ARABIC_SHARE * 100.0
        ));
    }
    let mut warnings = Vec::new();
    doc.published = match doc.published.take().map(|p| p.trim().to_owned()) {
        None => None,
        Some(p) if p.is_empty() => None,
        Some(p) => match normalise_date(&p) {
            Some(d) => Some(d),
            None => {
                warnings.push(format!("published {p:?} is not a YYYY-MM-DD date: ignored"));
                None
            }
        },
    };
    if doc.published.is_none() {
        doc.published.clone_from(&defaults.published);
    }
    doc.source = doc.source.take().filter(|s| !s.trim().is_empty());
    if doc.source.is_none() {
        doc.source.clone_from(&defaults.source);
    }
    Ok(Prepared { doc, warnings })
}

/// `YYYY-MM-DD` from a date or a timestamp starting with one.
fn normalise_date(s: &str) -> Option<String> {
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

/// Arabic script letters, including the presentation forms some sites still emit.
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' | '\u{8a0}'..='\u{8ff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
}

/// A JSON Lines source being read.
struct LineSource {
    reader: Box<dyn BufRead>,
    origin: String,
    /// Number of the last line read (1-based).
    line: usize,
    /// Non-blank lines seen, to report an empty file.
    docs: usize,
    /// Whether `reader` decompresses a gzip archive (a read error then means a broken archive).
    gzip: bool,
    /// Longest line accepted, in bytes.
    max_bytes: usize,
}

enum Line {
    Text(Vec<u8>),
    TooLong,
}

impl LineSource {
    /// The next item, or `None` at the end of the source.
    fn next_item(&mut self, defaults: &Defaults) -> Option<Item> {
        loop {
            let line = match read_line_limited(&mut self.reader, self.max_bytes) {
                Ok(Some(line)) => line,
                Ok(None) => return self.finish(),
                Err(e) => {
                    // A read error ends the file: its position is unknown from here. The
                    // documents read before it were already handed on.
                    let message = if self.gzip {
                        format!("broken gzip archive after line {}: {}", self.line, io_message(&e))
                    } else {
                        io_message(&e)
                    };
                    self.reader = Box::new(io::empty());
                    self.docs = self.docs.max(1);
                    return Some(Item { origin: self.origin.clone(), doc: err(message) });
                }
            };
            self.line += 1;
            let origin = format!("{}:{}", self.origin, self.line);
            let bytes = match line {
                Line::TooLong => {
                    self.docs += 1;
                    return Some(Item { origin, doc: Err(too_large("line too long", self.max_bytes)) });
                }
                Line::Text(bytes) => bytes,
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.docs += 1;
            let doc = decode_utf8(bytes).and_then(|text| parse_json_line(&text)).and_then(|d| prepare(d, defaults, self.max_bytes));
            return Some(Item { origin, doc });
        }
    }

    /// End of input: reports an empty file.
    fn finish(&mut self) -> Option<Item> {
        let origin = self.origin.clone();
        if self.docs == 0 {
            self.docs = 1;
            return Some(Item { origin, doc: err("empty file: no JSON lines") });
        }
        None
    }
}

/// Reads one `\n`-terminated line (without the `\n`, `\r\n` or a leading BOM); a line longer
/// than `limit` is skipped to its end without being kept in memory.
fn read_line_limited(reader: &mut dyn BufRead, limit: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(p) => (p + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > limit + 2 {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        buf.drain(..3);
    }
    if buf.len() > limit {
        return Ok(Some(Line::TooLong));
    }
    Ok(Some(Line::Text(buf)))
}

/// One JSON line as a document, with serde's message made to point at the column.
pub fn parse_json_line(line: &str) -> Result<InputDocument, InputError> {
    if !line.trim_start().starts_with('{') {
        let first: String = line.trim_start().chars().take(1).collect();
        return match serde_json::from_str::<serde_json::Value>(line) {
            Ok(_) => err("not a document: expected a JSON object"),
            Err(e) => err(format!("not JSON: {}", json_message(&e, first.is_empty()))),
        };
    }
    serde_json::from_str::<InputDocument>(line).map_err(|e| {
        let what = if e.is_data() { "bad document" } else { "not JSON" };
        InputError(format!("{what}: {}", json_message(&e, e.is_data())))
    })
}

/// serde_json's message without "at line 1" (one line is one document); data errors lose the
/// position altogether, since the field name says more.
fn json_message(e: &serde_json::Error, drop_position: bool) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let base = full.strip_suffix(&suffix).unwrap_or(&full);
    if drop_position || e.line() == 0 {
        base.to_owned()
    } else {
        format!("{base} at column {}", e.column())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_problem() {
        assert_eq!(parse_json_line("{\"doc_id\": \"a\"").unwrap_err().0, "not JSON: EOF while parsing an object at column 14");
        assert_eq!(parse_json_line("garbage").unwrap_err().0, "not JSON: expected value at column 1");
        assert_eq!(parse_json_line("[1]").unwrap_err().0, "not a document: expected a JSON object");
        assert_eq!(parse_json_line("{\"doc_id\": \"a\"}").unwrap_err().0, "bad document: missing field `text`");
        let doc = parse_json_line("{\"id\": \"a\", \"text\": \"ن\", \"events\": [], \"x\": 1}").unwrap();
        assert_eq!(doc.doc_id, "a");
    }

    fn prepare_default(doc: InputDocument, defaults: &Defaults) -> Result<Prepared, InputError> {
        prepare(doc, defaults, MAX_DOCUMENT_BYTES)
    }

    #[test]
    fn prepare_checks_language_and_dates() {
        let d = |text: &str, published: Option<&str>| InputDocument {
            doc_id: "d".into(),
            text: text.into(),
            published: published.map(str::to_owned),
            ..Default::default()
        };
        let defaults = Defaults { published: Some("2024-01-13".into()), source: Some("SY24".into()) };
        assert!(prepare_default(d("Hello world, this is English", None), &defaults).unwrap_err().0.starts_with("not Arabic: 0%"));
        assert!(prepare_default(d("  \n ", None), &defaults).is_err());
        assert!(prepare_default(d("123 456", None), &defaults).is_err());
        let p = prepare_default(d("قصف على حلب", None), &defaults).unwrap();
        assert_eq!(p.doc.published.as_deref(), Some("2024-01-13"));
        assert_eq!(p.doc.source.as_deref(), Some("SY24"));
        let p = prepare_default(d("قصف على حلب", Some("2023-10-07T12:00:00Z")), &defaults).unwrap();
        assert_eq!(p.doc.published.as_deref(), Some("2023-10-07"));
        let p = prepare_default(d("قصف على حلب", Some("yesterday")), &defaults).unwrap();
        assert_eq!(p.doc.published.as_deref(), Some("2024-01-13"));
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn long_lines_are_skipped_not_kept() {
        let data = format!("{}\nok\n\nlast", "x".repeat(100));
        let mut r: Box<dyn BufRead> = Box::new(Cursor::new(data.into_bytes()));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Some(Line::TooLong)));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Some(Line::Text(b)) if b == b"ok"));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Some(Line::Text(b)) if b.is_empty()));
        assert!(matches!(read_line_limited(&mut r, 10).unwrap(), Some(Line::Text(b)) if b == b"last"));
        assert!(read_line_limited(&mut r, 10).unwrap().is_none());
    }
}
