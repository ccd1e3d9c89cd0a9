//! The compiled gazetteer resource (`data/gazetteer/gazetteer.bin`): what loading the TSV files
//! computes (overlays applied, admin names filled in, name variants, the sorted name table),
//! stored so that [`crate::Gazetteer::embedded`] only copies it into memory.
//!
//! Layout (little-endian): magic `MRSDGAZ\0`, format version (u32), hash of the four
//! source files (u64), then the places, the id order, the name entries and their place lists,
//! the key table (string pool + spans), and the text of `cues.tsv`. Strings are a u32 byte
//! length and UTF-8 bytes. The generator is `gazetteer-build compile`; a test checks that the
//! committed file matches the TSV files.

use std::borrow::Cow;

use crate::index::{KeyIndex, KeySpan};
use std::sync::OnceLock;

use crate::{GazetteerError, NameEntry, Place, PlaceId, PlaceKind, Sources};

/// First bytes of the resource.
pub(crate) const MAGIC: &[u8; 8] = b"MRSDGAZ\0";
/// Bumped whenever the layout or the compilation rules change.
pub(crate) const VERSION: u32 = 1;

/// A fast non-cryptographic hash of the source texts (FNV-style over 8-byte words, each text
/// closed by its length): it tells whether the resource was made from these files.
pub(crate) fn source_hash(src: &Sources<'_>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |w: u64| {
        h = (h ^ w).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    };
    for text in [src.places, src.overlay, src.cues, src.stopnames] {
        let mut chunks = text.as_bytes().chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            mix(u64::from_le_bytes(a));
        }
        let mut a = [0u8; 8];
        a[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(a));
        mix(text.len() as u64);
    }
    h
}

/// Everything a gazetteer holds, in stored form.
pub(crate) struct Parts {
    pub(crate) hash: u64,
    pub(crate) places: PlaceTable,
    pub(crate) id_order: Vec<u32>,
    pub(crate) names: Vec<NameEntry>,
    pub(crate) name_places: Vec<PlaceId>,
    pub(crate) keys: KeyIndex,
    pub(crate) cues_text: Cow<'static, str>,
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

fn kind_code(k: PlaceKind) -> u8 {
    PlaceKind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8
}

/// Serialises the parts.
pub(crate) fn encode(p: &Parts) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(2 << 20));
    w.0.extend_from_slice(MAGIC);
    w.u32(VERSION);
    w.u64(p.hash);
    w.u32(p.places.len() as u32);
    for pl in (0..p.places.len()).map(|i| p.places.get(i)) {
        w.str(&pl.id);
        w.u8(kind_code(pl.kind));
        w.str(&pl.name_en);
        w.u32(pl.names_ar.len() as u32);
        for n in &pl.names_ar {
            w.str(n);
        }
        w.f64(pl.lat);
        w.f64(pl.lon);
        for s in [&pl.adm1_pcode, &pl.adm2_pcode, &pl.adm3_pcode, &pl.adm1_en, &pl.adm2_en, &pl.adm3_en] {
            w.str(s);
        }
        w.u64(pl.population.unwrap_or(u64::MAX));
        w.u8(pl.capital_level.unwrap_or(u8::MAX));
        w.u32(pl.parent.map_or(u32::MAX, |x| x.0));
        w.str(&pl.source);
    }
    w.u32(p.id_order.len() as u32);
    for &i in &p.id_order {
        w.u32(i);
    }
    w.u32(p.names.len() as u32);
    for n in &p.names {
        w.u32(n.start);
        w.u32(n.len);
        w.u8(u8::from(n.free));
    }
    w.u32(p.name_places.len() as u32);
    for id in &p.name_places {
        w.u32(id.0);
    }
    let (pool, spans) = p.keys.parts();
    w.str(pool);
    w.u32(spans.len() as u32);
    for s in spans {
        w.u32(s.offset);
        w.u32(s.len);
        w.u32(s.value);
    }
    w.str(&p.cues_text);
    w.0
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn bad(what: &str) -> GazetteerError {
    GazetteerError::Resource(what.to_string())
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GazetteerError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len()).ok_or_else(|| bad("truncated"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], GazetteerError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, GazetteerError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, GazetteerError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, GazetteerError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f64(&mut self) -> Result<f64, GazetteerError> {
        Ok(f64::from_le_bytes(self.array()?))
    }
    fn str(&mut self) -> Result<&'a str, GazetteerError> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| bad("invalid UTF-8"))
    }
    /// A string of a place record: checked when it is built (the load-time walk only checks
    /// the lengths), so damaged bytes become U+FFFD rather than an error later.
    fn text(&mut self) -> Result<String, GazetteerError> {
        let n = self.u32()? as usize;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }
    fn skip_str(&mut self) -> Result<(), GazetteerError> {
        let n = self.u32()? as usize;
        self.take(n).map(|_| ())
    }
    fn count(&mut self, min_item: usize) -> Result<usize, GazetteerError> {
        let n = self.u32()? as usize;
        // A count that cannot fit in what is left is corruption, not a reason to allocate.
        if n.saturating_mul(min_item) > self.buf.len() - self.pos {
            return Err(bad("count larger than the resource"));
        }
        Ok(n)
    }
}

/// Reads the header: the source hash, after checking magic and version.
pub(crate) fn header(buf: &[u8]) -> Result<u64, GazetteerError> {
    if buf.len() < 20 || &buf[..8] != MAGIC {
        return Err(GazetteerError::Header { file: "gazetteer.bin".into(), expected: "MRSDGAZ".into() });
    }
    let mut r = Reader { buf, pos: 8 };
    let version = r.u32()?;
    if version != VERSION {
        return Err(GazetteerError::Header {
            file: "gazetteer.bin".into(),
            expected: format!("format version {VERSION}, found {version}"),
        });
    }
    r.u64()
}

/// One place record read from `r` (the inverse of the loop in [`encode`]).
fn read_place(r: &mut Reader<'_>) -> Result<Place, GazetteerError> {
    let id = r.text()?;
    let kind = *PlaceKind::ALL.get(r.u8()? as usize).ok_or_else(|| bad("bad place kind"))?;
    let name_en = r.text()?;
    let k = r.count(4)?;
    let mut names_ar = Vec::with_capacity(k);
    for _ in 0..k {
        names_ar.push(r.text()?);
    }
    let (lat, lon) = (r.f64()?, r.f64()?);
    let mut adm: [String; 6] = Default::default();
    for a in &mut adm {
        *a = r.text()?;
    }
    let [adm1_pcode, adm2_pcode, adm3_pcode, adm1_en, adm2_en, adm3_en] = adm;
    let population = Some(r.u64()?).filter(|&p| p != u64::MAX);
    let capital_level = Some(r.u8()?).filter(|&c| c != u8::MAX);
    let parent = Some(r.u32()?).filter(|&p| p != u32::MAX).map(PlaceId);
    let source = r.text()?;
    Ok(Place {
        id,
        kind,
        name_en,
        names_ar,
        lat,
        lon,
        adm1_pcode,
        adm2_pcode,
        adm3_pcode,
        adm1_en,
        adm2_en,
        adm3_en,
        population,
        capital_level,
        parent,
        source,
    })
}

/// Checks one place record without building it; returns its id's byte range and its parent.
fn skip_place(r: &mut Reader<'_>) -> Result<((u32, u32), Option<u32>), GazetteerError> {
    let id_len = r.u32()? as usize;
    let id_at = r.pos;
    r.take(id_len)?;
    PlaceKind::ALL.get(r.u8()? as usize).ok_or_else(|| bad("bad place kind"))?;
    r.skip_str()?;
    let k = r.count(4)?;
    for _ in 0..k {
        r.skip_str()?;
    }
    r.take(16)?;
    for _ in 0..6 {
        r.skip_str()?;
    }
    r.take(9)?;
    let parent = Some(r.u32()?).filter(|&p| p != u32::MAX);
    r.skip_str()?;
    Ok(((id_at as u32, id_len as u32), parent))
}

/// The places: built on first use from the resource, or all built already.
#[derive(Debug)]
pub(crate) struct PlaceTable {
    cells: Box<[OnceLock<Box<Place>>]>,
    raw: Option<RawPlaces>,
}

/// Where each place record and its id stand in the resource.
#[derive(Debug)]
struct RawPlaces {
    buf: &'static [u8],
    offsets: Vec<u32>,
    ids: Vec<(u32, u32)>,
}

impl PlaceTable {
    /// A table of places that are already built.
    pub(crate) fn owned(places: Vec<Place>) -> PlaceTable {
        PlaceTable { cells: places.into_iter().map(|p| OnceLock::from(Box::new(p))).collect(), raw: None }
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// The place at index `i`, built from the resource on first use.
    pub(crate) fn get(&self, i: usize) -> &Place {
        self.cells[i].get_or_init(|| {
            let raw = self.raw.as_ref().expect("a place that is not built comes from the resource");
            let mut r = Reader { buf: raw.buf, pos: raw.offsets[i] as usize };
            Box::new(read_place(&mut r).expect("the resource was checked when it was loaded"))
        })
    }

    /// The identifier of place `i`, without building it.
    pub(crate) fn id(&self, i: usize) -> &str {
        match &self.raw {
            Some(raw) if self.cells[i].get().is_none() => {
                let (a, n) = raw.ids[i];
                std::str::from_utf8(&raw.buf[a as usize..(a + n) as usize]).unwrap_or_default()
            }
            _ => &self.get(i).id,
        }
    }
}

/// Deserialises a resource made by [`encode`]; `buf` is the embedded static resource. Every
/// record is checked; the places themselves are built on first use.
pub(crate) fn decode(buf: &'static [u8]) -> Result<Parts, GazetteerError> {
    let hash = header(buf)?;
    let mut r = Reader { buf, pos: 20 };
    let n = r.count(40)?;
    let mut offsets = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let mut parents_ok = true;
    for _ in 0..n {
        offsets.push(r.pos as u32);
        let (id, parent) = skip_place(&mut r)?;
        ids.push(id);
        parents_ok &= parent.is_none_or(|p| (p as usize) < n);
    }
    if !parents_ok {
        return Err(bad("parent out of range"));
    }
    let places = PlaceTable { cells: (0..n).map(|_| OnceLock::new()).collect(), raw: Some(RawPlaces { buf, offsets, ids }) };
    let total = places.len() as u32;
    let n = r.count(4)?;
    let id_order = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
    if id_order.len() != places.len() || id_order.iter().any(|&i| i >= total) {
        return Err(bad("bad id order"));
    }
    let n = r.count(9)?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        names.push(NameEntry { start: r.u32()?, len: r.u32()?, free: r.u8()? != 0 });
    }
    let n = r.count(4)?;
    let name_places = (0..n).map(|_| r.u32().map(PlaceId)).collect::<Result<Vec<_>, _>>()?;
    if name_places.iter().any(|p| p.0 >= total)
        || names.iter().any(|e| e.start as usize + e.len as usize > name_places.len())
    {
        return Err(bad("name entry out of range"));
    }
    let pool = r.str()?;
    let n = r.count(12)?;
    let mut spans = Vec::with_capacity(n);
    for _ in 0..n {
        spans.push(KeySpan { offset: r.u32()?, len: r.u32()?, value: r.u32()? });
    }
    if spans.iter().any(|s| s.value as usize >= names.len()) {
        return Err(bad("key value out of range"));
    }
    let keys = KeyIndex::from_parts(Cow::Borrowed(pool), spans, true).ok_or_else(|| bad("key table not sorted"))?;
    let cues_text = Cow::Borrowed(r.str()?);
    if r.pos != buf.len() {
        return Err(bad("trailing bytes"));
    }
    Ok(Parts { hash, places, id_order, names, name_places, keys, cues_text })
}
