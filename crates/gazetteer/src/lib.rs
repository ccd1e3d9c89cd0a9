//! The Syria gazetteer: a compiled table of places (OCHA communities, GeoNames localities,
//! admin units, non-settlement places and a reviewed overlay), a place-mention finder that
//! reads cue words ("حي", "قرية", "ريف" …) and coordinated lists, and a resolver that picks one
//! place per mention from the rest of the document.
//!
//! All facts live in `data/gazetteer/` (compiled in with `include_str!`); the code holds rules.
#![deny(missing_docs)]

mod blob;
mod data;
mod index;
mod mentions;
mod resolve;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use mentions::{Cue, CueKind, Direction, PlaceMention, Region, RegionKind, Relation};
pub use resolve::{Candidate, ResolvedPlace};
/// The normalised text (with its map back to the original) that mention finding works on.
pub use marsad_text::AlignedText;

/// Index of a place in its [`Gazetteer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// What sort of place a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// Muhafaza (admin 1).
    Governorate,
    /// Mantiqa (admin 2).
    District,
    /// Nahiya (admin 3).
    Subdistrict,
    /// A city: governorate or district capital, or a large GeoNames place.
    City,
    /// A town: sub-district capital or a mid-sized place.
    Town,
    /// A village (OCHA community or GeoNames populated place).
    Village,
    /// A minor GeoNames locality (farm, abandoned or unclassified place).
    Locality,
    /// A city neighbourhood (hay).
    Neighbourhood,
    /// A camp for displaced people.
    Camp,
    /// A border or front-line crossing.
    Crossing,
    /// An airport or air base.
    Airport,
    /// A military base.
    Base,
    /// An oil or gas field.
    OilField,
    /// A checkpoint.
    Checkpoint,
    /// Stations, ports, terminals and other facilities.
    Facility,
    /// Hills, bridges, dams and other landmarks.
    Landmark,
}

impl PlaceKind {
    /// Every kind, in a fixed order (the compiled resource stores the index).
    pub const ALL: [PlaceKind; 16] = [
        PlaceKind::Governorate,
        PlaceKind::District,
        PlaceKind::Subdistrict,
        PlaceKind::City,
        PlaceKind::Town,
        PlaceKind::Village,
        PlaceKind::Locality,
        PlaceKind::Neighbourhood,
        PlaceKind::Camp,
        PlaceKind::Crossing,
        PlaceKind::Airport,
        PlaceKind::Base,
        PlaceKind::OilField,
        PlaceKind::Checkpoint,
        PlaceKind::Facility,
        PlaceKind::Landmark,
    ];

    /// The name used in the data files ("oil_field").
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Governorate => "governorate",
            PlaceKind::District => "district",
            PlaceKind::Subdistrict => "subdistrict",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::Village => "village",
            PlaceKind::Locality => "locality",
            PlaceKind::Neighbourhood => "neighbourhood",
            PlaceKind::Camp => "camp",
            PlaceKind::Crossing => "crossing",
            PlaceKind::Airport => "airport",
            PlaceKind::Base => "base",
            PlaceKind::OilField => "oil_field",
            PlaceKind::Checkpoint => "checkpoint",
            PlaceKind::Facility => "facility",
            PlaceKind::Landmark => "landmark",
        }
    }

    /// Parses the kind names used in the data files.
    pub fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "governorate" => PlaceKind::Governorate,
            "district" => PlaceKind::District,
            "subdistrict" => PlaceKind::Subdistrict,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "village" => PlaceKind::Village,
            "locality" => PlaceKind::Locality,
            "neighbourhood" => PlaceKind::Neighbourhood,
            "camp" => PlaceKind::Camp,
            "crossing" => PlaceKind::Crossing,
            "airport" => PlaceKind::Airport,
            "base" => PlaceKind::Base,
            "oil_field" => PlaceKind::OilField,
            "checkpoint" => PlaceKind::Checkpoint,
            "facility" => PlaceKind::Facility,
            "landmark" => PlaceKind::Landmark,
            _ => return None,
        })
    }

    /// True for governorates, districts and sub-districts.
    pub fn is_admin(self) -> bool {
        matches!(self, PlaceKind::Governorate | PlaceKind::District | PlaceKind::Subdistrict)
    }
}

/// One place record.
#[derive(Debug, Clone)]
pub struct Place {
    /// Stable identifier: OCHA P-code (`SY09`, `SY0903`, `SY090302`, `C5210`), `wof:<id>` for a
    /// GeoNames place, the source id for extra places, `ovl:<n>` for overlay entries.
    pub id: String,
    /// Kind of place.
    pub kind: PlaceKind,
    /// English name (admin 1 in the evaluation spelling, e.g. "Deir ez-Zor").
    pub name_en: String,
    /// Arabic names as written by the sources, preferred first.
    pub names_ar: Vec<String>,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Governorate P-code (`SYnn`), empty when unknown.
    pub adm1_pcode: String,
    /// District P-code (`SYnnnn`), empty when unknown.
    pub adm2_pcode: String,
    /// Sub-district P-code (`SYnnnnnn`), empty when unknown.
    pub adm3_pcode: String,
    /// Governorate English name, empty when unknown.
    pub adm1_en: String,
    /// District English name, empty when unknown.
    pub adm2_en: String,
    /// Sub-district English name, empty when unknown.
    pub adm3_en: String,
    /// Population (GeoNames, or census for admin units), when known.
    pub population: Option<u64>,
    /// OCHA capital level: 0 national, 1 governorate, 2 district, 3 sub-district capital.
    pub capital_level: Option<u8>,
    /// The place this one is part of (a neighbourhood's city), when known.
    pub parent: Option<PlaceId>,
    /// Where the record comes from (`ocha2015`, `geonames`, `opensyria`, `overlay`, …).
    pub source: String,
}

impl Place {
    /// True for places whose bare name may count as a mention without a cue word: admin units,
    /// cities and towns, capitals of any level.
    pub fn is_well_known(&self) -> bool {
        self.kind.is_admin()
            || matches!(self.kind, PlaceKind::City | PlaceKind::Town)
            || self.capital_level.is_some()
            || self.population.is_some_and(|p| p >= 10_000)
    }
}

/// Errors from loading gazetteer data.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A data file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A data file has the wrong header or version.
    #[error("{file}: bad header (expected `{expected}`)")]
    Header {
        /// The file.
        file: String,
        /// What the first line should be.
        expected: String,
    },
    /// A line of a data file could not be parsed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The name matcher could not be built.
    #[error("cannot build the name matcher: {0}")]
    Matcher(String),
    /// The compiled resource (`gazetteer.bin`) is damaged.
    #[error("gazetteer.bin: {0}")]
    Resource(String),
}

/// The texts of the data files a gazetteer is built from.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `places.tsv`: the compiled place table.
    pub places: &'a str,
    /// `overlay.tsv`: reviewed additions (neighbourhoods, bases, fields, aliases).
    pub overlay: &'a str,
    /// `cues.tsv`: cue words, relation words, directions, qualifiers.
    pub cues: &'a str,
    /// `stopnames.tsv`: names that count only after a cue word.
    pub stopnames: &'a str,
}

impl Sources<'static> {
    /// The data files compiled into the crate.
    pub fn embedded() -> Self {
        Sources {
            places: include_str!("../../../data/gazetteer/places.tsv"),
            overlay: include_str!("../../../data/gazetteer/overlay.tsv"),
            cues: include_str!("../../../data/gazetteer/cues.tsv"),
            stopnames: include_str!("../../../data/gazetteer/stopnames.tsv"),
        }
    }
}

/// The compiled resource made from the embedded data files by `gazetteer-build compile`.
static RESOURCE: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.bin");

/// One name key's places (a range of the shared place list) and whether the name may count
/// without a cue word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameEntry {
    pub(crate) start: u32,
    pub(crate) len: u32,
    /// May count without a cue word.
    pub(crate) free: bool,
}

/// A name key's entry, borrowed from the gazetteer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameRef<'a> {
    pub(crate) places: &'a [PlaceId],
    pub(crate) free: bool,
}

/// The loaded gazetteer: places, the name table and the cue tables.
#[derive(Debug)]
pub struct Gazetteer {
    places: blob::PlaceTable,
    /// Place indexes sorted by identifier.
    id_order: Vec<u32>,
    names: Vec<NameEntry>,
    name_places: Vec<PlaceId>,
    keys: index::KeyIndex,
    pub(crate) cues: data::CueTable,
    /// Hash of the source files this gazetteer was compiled from.
    source_hash: u64,
}

static EMBEDDED: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

impl Gazetteer {
    /// The gazetteer compiled into the crate, loaded once on first use from the compiled
    /// resource (a few milliseconds). When the resource does not match the embedded data files
    /// (someone edited a TSV and did not run `gazetteer-build compile`), the files are compiled
    /// instead, which is correct but slow.
    ///
    /// # Errors
    /// When the embedded data is malformed (a build defect; the tests load it).
    pub fn embedded() -> Result<&'static Gazetteer, GazetteerError> {
        EMBEDDED
            .get_or_init(|| Gazetteer::load_embedded().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| GazetteerError::Parse { file: "embedded data".into(), line: 0, message: e.clone() })
    }

    fn load_embedded() -> Result<Gazetteer, GazetteerError> {
        let src = Sources::embedded();
        if blob::header(RESOURCE)? != blob::source_hash(&src) {
            return Gazetteer::from_sources(src, &[]);
        }
        Gazetteer::from_resource(RESOURCE)
    }

    /// Loads a compiled resource made by [`Gazetteer::compile_resource`] (magic and version
    /// checked; every index bounds-checked).
    ///
    /// # Errors
    /// When the header is wrong or the resource is damaged.
    pub fn from_resource(bytes: &'static [u8]) -> Result<Gazetteer, GazetteerError> {
        let p = blob::decode(bytes)?;
        let cues = data::CueTable::parse(&p.cues_text)?;
        Ok(Gazetteer {
            places: p.places,
            id_order: p.id_order,
            names: p.names,
            name_places: p.name_places,
            keys: p.keys,
            cues,
            source_hash: p.hash,
        })
    }

    /// Compiles data files into the binary resource that [`Gazetteer::embedded`] loads
    /// (`data/gazetteer/gazetteer.bin`).
    ///
    /// # Errors
    /// When a text cannot be parsed.
    pub fn compile_resource(src: Sources<'_>) -> Result<Vec<u8>, GazetteerError> {
        let g = Gazetteer::from_sources(src, &[])?;
        Ok(blob::encode(&blob::Parts {
            hash: blob::source_hash(&src),
            places: g.places,
            id_order: g.id_order,
            names: g.names,
            name_places: g.name_places,
            keys: g.keys,
            cues_text: Cow::Owned(src.cues.to_string()),
        }))
    }

    /// True when the embedded compiled resource matches the embedded data files.
    pub fn embedded_resource_is_fresh() -> bool {
        blob::header(RESOURCE).is_ok_and(|h| h == blob::source_hash(&Sources::embedded()))
    }

    /// Hash of the data files this gazetteer was compiled from (user overlays included).
    pub fn source_hash(&self) -> u64 {
        self.source_hash
    }

    /// Loads `places.tsv`, `overlay.tsv`, `cues.tsv` and `stopnames.tsv` from `data_dir`, then
    /// each of `user_overlays` (same format as `overlay.tsv`) on top.
    ///
    /// # Errors
    /// When a file cannot be read or parsed.
    pub fn from_paths(data_dir: &Path, user_overlays: &[&Path]) -> Result<Gazetteer, GazetteerError> {
        let read = |p: PathBuf| std::fs::read_to_string(&p).map_err(|source| GazetteerError::Io { path: p, source });
        let places = read(data_dir.join("places.tsv"))?;
        let overlay = read(data_dir.join("overlay.tsv"))?;
        let cues = read(data_dir.join("cues.tsv"))?;
        let stopnames = read(data_dir.join("stopnames.tsv"))?;
        let extra = user_overlays.iter().map(|p| read(p.to_path_buf())).collect::<Result<Vec<_>, _>>()?;
        let extra: Vec<&str> = extra.iter().map(|s| s.as_str()).collect();
        Gazetteer::from_sources(
            Sources { places: &places, overlay: &overlay, cues: &cues, stopnames: &stopnames },
            &extra,
        )
    }

    /// The embedded data files plus user overlays (`overlay.tsv` format), compiled at once
    /// (slow: about a tenth of a second).
    ///
    /// # Errors
    /// When an overlay cannot be parsed.
    pub fn with_user_overlays(user_overlays: &[&str]) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_sources(Sources::embedded(), user_overlays)
    }

    /// Builds a gazetteer from file texts; `user_overlays` are extra overlay texts.
    ///
    /// # Errors
    /// When a text cannot be parsed.
    pub fn from_sources(src: Sources<'_>, user_overlays: &[&str]) -> Result<Gazetteer, GazetteerError> {
        let cues = data::CueTable::parse(src.cues)?;
        let mut places = data::parse_places(src.places)?;
        let mut by_id: HashMap<String, PlaceId> =
            places.iter().enumerate().map(|(i, p)| (p.id.clone(), PlaceId(i as u32))).collect();
        data::apply_overlay(&mut places, &mut by_id, src.overlay, "overlay.tsv")?;
        let mut hash = blob::source_hash(&src);
        for (i, o) in user_overlays.iter().enumerate() {
            data::apply_overlay(&mut places, &mut by_id, o, &format!("user overlay {}", i + 1))?;
            hash ^= blob::source_hash(&Sources { places: "", overlay: o, cues: "", stopnames: "" }).rotate_left(i as u32 + 1);
        }
        data::fill_admin_names(&mut places, &by_id);
        let stop = data::parse_stopnames(src.stopnames)?;
        let (names, name_places, keys) = data::build_names(&places, &cues, &stop);
        let mut id_order: Vec<u32> = (0..places.len() as u32).collect();
        id_order.sort_by(|&a, &b| places[a as usize].id.cmp(&places[b as usize].id));
        let places = blob::PlaceTable::owned(places);
        Ok(Gazetteer { places, id_order, names, name_places, keys, cues, source_hash: hash })
    }

    /// The place record for `id`.
    ///
    /// # Panics
    /// When `id` does not come from this gazetteer.
    pub fn place(&self, id: PlaceId) -> &Place {
        self.places.get(id.0 as usize)
    }

    /// All places, in [`PlaceId`] order (built on first use when loaded from the resource).
    pub fn places(&self) -> impl ExactSizeIterator<Item = &Place> + '_ {
        (0..self.places.len()).map(|i| self.places.get(i))
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.places.len() == 0
    }

    /// The place with this identifier (P-code, `wof:<id>`, …).
    pub fn by_id(&self, id: &str) -> Option<PlaceId> {
        self.id_order
            .binary_search_by(|&i| self.places.id(i as usize).cmp(id))
            .ok()
            .map(|k| PlaceId(self.id_order[k]))
    }

    /// Number of distinct name keys (variants included) the gazetteer matches.
    pub fn name_count(&self) -> usize {
        self.keys.len()
    }

    /// Places with this Arabic name (any spelling the normaliser folds together; with or without
    /// the article; solid or spaced compounds).
    pub fn lookup(&self, name: &str) -> Vec<PlaceId> {
        self.key_entry(&marsad_text::lexicon::normalize_key(name)).map(|e| e.places.to_vec()).unwrap_or_default()
    }

    pub(crate) fn name_entry(&self, value: u32) -> NameRef<'_> {
        let e = self.names[value as usize];
        NameRef { places: &self.name_places[e.start as usize..(e.start + e.len) as usize], free: e.free }
    }

    pub(crate) fn name_matches(&self, text: &str) -> Vec<marsad_text::LexiconMatch> {
        self.keys.find_all(text)
    }

    pub(crate) fn key_entry(&self, key: &str) -> Option<NameRef<'_>> {
        self.keys.get(data::strip_article(key)).map(|i| self.name_entry(i))
    }

    /// Finds place mentions in normalised text (see [`PlaceMention`]).
    pub fn find_mentions(&self, text: &str) -> Vec<PlaceMention> {
        mentions::find(self, text)
    }

    /// Resolves each mention to one place (or none) using the rest of the document; one result
    /// per mention, in the same order.
    pub fn resolve(&self, text: &str, mentions: &[PlaceMention]) -> Vec<ResolvedPlace> {
        resolve::resolve(self, text, mentions)
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}
