//! Compiles the shared Syria place data (OCHA 2015 communities, GeoNames via Who's On First,
//! OpenSyria admin units, the extra non-settlement table) into the one compact resource the
//! library embeds: `data/gazetteer/places.tsv`.
//!
//! Usage: `cargo run -p marsad-gazetteer --features build --bin gazetteer-build -- \
//!     ../shared/data/gazetteer data/gazetteer/places.tsv`
//!
//! Then compile the four data files into the binary resource the library loads at start-up
//! (`data/gazetteer/gazetteer.bin`; rerun after editing any of them):
//! `cargo run -p marsad-gazetteer --features build --bin gazetteer-build -- compile data/gazetteer`

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use marsad_text::lexicon::normalize_key;

type Row = HashMap<String, String>;

/// Admin-1 English names in the spelling of the evaluation gold, by OCHA P-code.
const ADMIN1_EN: &[(&str, &str)] = &[
    ("SY01", "Damascus"),
    ("SY02", "Aleppo"),
    ("SY03", "Rural Damascus"),
    ("SY04", "Homs"),
    ("SY05", "Hama"),
    ("SY06", "Latakia"),
    ("SY07", "Idlib"),
    ("SY08", "Hasakah"),
    ("SY09", "Deir ez-Zor"),
    ("SY10", "Tartus"),
    ("SY11", "Raqqa"),
    ("SY12", "Daraa"),
    ("SY13", "As-Sweida"),
    ("SY14", "Quneitra"),
];

/// Formal prefixes OpenSyria puts on aliases ("ناحية …", "منطقة …"); the mention finder reads
/// these as cue words, so the bare name is what must be indexed.
const FORMAL_PREFIXES: &[&str] = &["ناحيه ", "منطقه ", "محافظه ", "مركز "];

#[derive(Default)]
struct Place {
    id: String,
    kind: String,
    name_en: String,
    names_ar: Vec<String>,
    lat: f64,
    lon: f64,
    adm1: String,
    adm2: String,
    adm3: String,
    population: u64,
    capital: String,
    parent: String,
    source: String,
}

impl Place {
    fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if name.is_empty() || !name.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
            return;
        }
        // Tabs and pipes are the file's separators; names never need them.
        let name = name.replace(['\t', '|', '\n'], " ");
        let key = normalize_key(&name);
        if self.names_ar.iter().any(|n| normalize_key(n) == key) {
            return;
        }
        self.names_ar.push(name);
    }
}

fn read(path: &Path) -> Result<Vec<Row>, Box<dyn Error>> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr.headers()?.clone();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        out.push(headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.trim().to_string())).collect());
    }
    Ok(out)
}

fn get<'a>(r: &'a Row, k: &str) -> &'a str {
    r.get(k).map_or("", |s| s.as_str())
}

fn num(r: &Row, k: &str) -> f64 {
    get(r, k).parse().unwrap_or(f64::NAN)
}

fn strip_article(key: &str) -> &str {
    key.strip_prefix("ال").unwrap_or(key)
}

fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Compiles `places.tsv`, `overlay.tsv`, `cues.tsv` and `stopnames.tsv` of `dir` into
/// `dir/gazetteer.bin`.
fn compile(dir: &Path) -> Result<(), Box<dyn Error>> {
    let read = |f: &str| std::fs::read_to_string(dir.join(f));
    let (places, overlay, cues, stopnames) =
        (read("places.tsv")?, read("overlay.tsv")?, read("cues.tsv")?, read("stopnames.tsv")?);
    let src = marsad_gazetteer::Sources { places: &places, overlay: &overlay, cues: &cues, stopnames: &stopnames };
    let bytes = marsad_gazetteer::Gazetteer::compile_resource(src)?;
    let out = dir.join("gazetteer.bin");
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("compile") {
        return compile(Path::new(args.get(2).map_or("data/gazetteer", |s| s.as_str())));
    }
    let src = Path::new(args.get(1).map_or("../shared/data/gazetteer", |s| s.as_str()));
    let out = args.get(2).map_or("data/gazetteer/places.tsv", |s| s.as_str());
    let admin1_en: HashMap<&str, &str> = ADMIN1_EN.iter().copied().collect();

    let mut places: Vec<Place> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();

    // 1. Admin units (OpenSyria): governorates, districts, sub-districts.
    let admin = read(&src.join("opensyria_admin_units.csv"))?;
    let mut slug_to_pcode: HashMap<String, String> = HashMap::new();
    for r in &admin {
        slug_to_pcode.insert(get(r, "id").to_string(), get(r, "ocha_pcode").to_string());
    }
    for r in &admin {
        let pcode = get(r, "ocha_pcode").to_string();
        if pcode.is_empty() {
            continue;
        }
        let level = get(r, "level");
        let mut p = Place {
            id: pcode.clone(),
            kind: level.to_string(),
            name_en: get(r, "name_en").to_string(),
            lat: num(r, "lat"),
            lon: num(r, "lon"),
            population: get(r, "population").parse().unwrap_or(0),
            source: "opensyria".into(),
            ..Default::default()
        };
        if level == "governorate" {
            if let Some(en) = admin1_en.get(pcode.as_str()) {
                p.name_en = (*en).to_string();
            }
        }
        p.adm1 = pcode.get(..4).unwrap_or("").to_string();
        if pcode.len() >= 6 {
            p.adm2 = pcode[..6].to_string();
        }
        if pcode.len() >= 8 {
            p.adm3 = pcode.clone();
        }
        p.add_name(get(r, "name_ar"));
        for a in get(r, "aliases_ar").split('|') {
            let n = normalize_key(a);
            let bare = FORMAL_PREFIXES.iter().find_map(|pre| n.strip_prefix(pre));
            match bare {
                Some(b) => p.add_name(b),
                None => p.add_name(a),
            }
        }
        // Sub-district names are often "مركز X" (the centre sub-district of district X); the
        // bare X already names the district, so keep only the formal form out of the index.
        p.names_ar.retain(|n| !normalize_key(n).starts_with("مركز "));
        by_id.insert(pcode, places.len());
        places.push(p);
    }

    // 2. OCHA communities.
    let ocha = read(&src.join("ocha_communities_2015.csv"))?;
    let mut ocha_pos: Vec<(usize, (f64, f64))> = Vec::new();
    for r in &ocha {
        let cap = get(r, "capital_level").to_string();
        let kind = match cap.as_str() {
            "0" | "1" | "2" => "city",
            "3" => "town",
            _ => "village",
        };
        let mut p = Place {
            id: get(r, "pcode").to_string(),
            kind: kind.into(),
            name_en: get(r, "name_en").to_string(),
            lat: num(r, "lat"),
            lon: num(r, "lon"),
            adm1: get(r, "adm1_pcode").to_string(),
            adm2: get(r, "adm2_pcode").to_string(),
            adm3: get(r, "adm3_pcode").to_string(),
            capital: cap,
            source: "ocha2015".into(),
            ..Default::default()
        };
        if get(r, "name_ar_truncated") != "1" {
            p.add_name(get(r, "name_ar"));
        }
        ocha_pos.push((places.len(), (p.lat, p.lon)));
        by_id.insert(p.id.clone(), places.len());
        places.push(p);
    }

    // 3. GeoNames localities via WOF: merged into the OCHA community they match, else new.
    let wof = read(&src.join("wof_geonames_localities.csv"))?;
    let (mut merged, mut added) = (0, 0);
    for r in &wof {
        let names: Vec<&str> = get(r, "names_ar_all").split('|').filter(|s| !s.is_empty()).collect();
        let pop: u64 = get(r, "gn_population").parse().unwrap_or(0);
        let wid = format!("wof:{}", get(r, "wof_id"));
        // Same place: OCHA's own match, else the README's same-name-within-5-km match, else the
        // nearest OCHA community when the names agree up to the article.
        let mut target = ["ocha_pcode_name_match_5km"].iter().find_map(|k| by_id.get(get(r, k)).copied());
        if target.is_none() {
            let near = get(r, "nearest_ocha_pcode");
            let dist = num(r, "nearest_ocha_dist_km");
            let nk = normalize_key(get(r, "nearest_ocha_name_ar"));
            if dist <= 5.0 && names.iter().any(|n| strip_article(&normalize_key(n)) == strip_article(&nk)) {
                target = by_id.get(near).copied();
            }
        }
        if let Some(i) = target {
            let p = &mut places[i];
            if !p.source.contains("geonames") {
                p.source.push_str("+geonames");
            }
            p.population = p.population.max(pop);
            for n in &names {
                p.add_name(n);
            }
            if p.names_ar.is_empty() {
                p.add_name(get(r, "name_ar"));
            }
            merged += 1;
            continue;
        }
        if names.is_empty() {
            continue;
        }
        let fc = get(r, "gn_feature_code");
        let kind = if get(r, "placetype") == "neighbourhood" {
            "neighbourhood"
        } else if matches!(fc, "PPLA" | "PPLA2" | "PPLC") || pop >= 20_000 {
            "city"
        } else if fc == "PPLA3" || pop >= 5_000 {
            "town"
        } else if fc == "PPL" {
            "village"
        } else {
            "locality"
        };
        let adm3 = if num(r, "nearest_ocha_dist_km") <= 5.0 { get(r, "nearest_ocha_adm3_pcode") } else { "" };
        let mut p = Place {
            id: wid,
            kind: kind.into(),
            name_en: get(r, "name_en").to_string(),
            lat: num(r, "lat"),
            lon: num(r, "lon"),
            adm1: get(r, "adm1_pcode").to_string(),
            adm2: get(r, "adm2_pcode").to_string(),
            adm3: adm3.to_string(),
            population: pop,
            source: "geonames".into(),
            ..Default::default()
        };
        for n in &names {
            p.add_name(n);
        }
        by_id.insert(p.id.clone(), places.len());
        places.push(p);
        added += 1;
    }

    // 4. Extra non-settlement places; their admin-2/3 come from the nearest OCHA community.
    let extra = read(&src.join("extra/syria_extra_places.csv"))?;
    let mut extra_n = 0;
    for r in &extra {
        if get(r, "name_ar").is_empty() {
            // The Arabic matcher cannot find these; they stay out rather than bloat the file.
            continue;
        }
        let (lat, lon) = (num(r, "lat"), num(r, "lon"));
        let nearest = ocha_pos
            .iter()
            .map(|(i, pos)| (*i, haversine_km(*pos, (lat, lon))))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let mut p = Place {
            id: get(r, "source_id").to_string(),
            kind: match get(r, "kind") {
                "other" => "facility".to_string(),
                k => k.to_string(),
            },
            name_en: get(r, "name_en").to_string(),
            lat,
            lon,
            adm1: get(r, "adm1_pcode").to_string(),
            source: get(r, "source").to_string(),
            ..Default::default()
        };
        if get(r, "parent") == "Aleppo" && p.kind == "neighbourhood" {
            p.parent = "C1007".into();
        }
        if let Some((i, d)) = nearest {
            if d <= 15.0 && places[i].adm1 == p.adm1 {
                p.adm2 = places[i].adm2.clone();
                p.adm3 = places[i].adm3.clone();
            }
        }
        p.add_name(get(r, "name_ar"));
        for a in get(r, "alt_names").split('|') {
            p.add_name(a);
        }
        if by_id.contains_key(&p.id) {
            continue;
        }
        by_id.insert(p.id.clone(), places.len());
        places.push(p);
        extra_n += 1;
    }

    // Drop places without any usable Arabic name or coordinates: nothing could find them. Admin
    // units stay regardless: places refer to them for their admin names.
    places.retain(|p| {
        let admin = matches!(p.kind.as_str(), "governorate" | "district" | "subdistrict");
        (admin || !p.names_ar.is_empty()) && p.lat.is_finite() && p.lon.is_finite()
    });

    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &places {
        *kinds.entry(p.kind.as_str()).or_default() += 1;
    }
    let mut s = String::new();
    s.push_str("#marsad-gazetteer\t1\n");
    s.push_str("#id\tkind\tname_en\tnames_ar\tlat\tlon\tadm1\tadm2\tadm3\tpopulation\tcapital_level\tparent\tsource\n");
    for p in &places {
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.id,
            p.kind,
            p.name_en.replace(['\t', '\n'], " "),
            p.names_ar.join("|"),
            p.lat,
            p.lon,
            p.adm1,
            p.adm2,
            p.adm3,
            if p.population > 0 { p.population.to_string() } else { String::new() },
            p.capital,
            p.parent,
            p.source
        );
    }
    std::fs::write(out, &s)?;
    eprintln!(
        "wrote {} places ({} bytes) to {out}; geonames merged {merged}, added {added}; extra {extra_n}; kinds {kinds:?}",
        places.len(),
        s.len()
    );
    Ok(())
}
