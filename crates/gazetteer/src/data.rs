//! Parsing of the data files and construction of the name index.

use std::collections::{HashMap, HashSet};

use marsad_text::lexicon::normalize_key;

use crate::index::KeyIndex;
use crate::mentions::{CueKind, Direction, RegionKind, Relation};
use crate::{GazetteerError, NameEntry, Place, PlaceId, PlaceKind};

/// Strips a leading article when enough of the word remains to be a name; the matcher allows
/// the article in front of every key, so keys are stored without it.
pub(crate) fn strip_article(key: &str) -> &str {
    match key.strip_prefix("ال") {
        Some(rest) if rest.chars().take_while(|c| *c != ' ').count() >= 2 => rest,
        _ => key,
    }
}

fn perr(file: &str, line: usize, message: impl Into<String>) -> GazetteerError {
    GazetteerError::Parse { file: file.to_string(), line, message: message.into() }
}

/// Lines that carry data: not empty, not comments; with their 1-based numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r'))).filter(|(_, l)| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}

fn opt_f64(s: &str, file: &str, line: usize) -> Result<Option<f64>, GazetteerError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>().map(Some).map_err(|_| perr(file, line, format!("bad number `{s}`")))
}

/// Parses `places.tsv` (see the crate README for the columns).
pub(crate) fn parse_places(text: &str) -> Result<Vec<Place>, GazetteerError> {
    const FILE: &str = "places.tsv";
    let expected = "#marsad-gazetteer\t1";
    if text.lines().next().map(|l| l.trim_end()) != Some(expected) {
        return Err(GazetteerError::Header { file: FILE.into(), expected: expected.into() });
    }
    let mut out = Vec::with_capacity(text.len() / 100);
    let mut parents: Vec<(usize, &str)> = Vec::new();
    for (n, line) in data_lines(text) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 13 {
            return Err(perr(FILE, n, format!("expected 13 columns, found {}", f.len())));
        }
        let kind = PlaceKind::parse(f[1]).ok_or_else(|| perr(FILE, n, format!("unknown kind `{}`", f[1])))?;
        let lat = opt_f64(f[4], FILE, n)?.ok_or_else(|| perr(FILE, n, "missing lat"))?;
        let lon = opt_f64(f[5], FILE, n)?.ok_or_else(|| perr(FILE, n, "missing lon"))?;
        out.push(Place {
            id: f[0].to_string(),
            kind,
            name_en: f[2].to_string(),
            names_ar: f[3].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            lat,
            lon,
            adm1_pcode: f[6].to_string(),
            adm2_pcode: f[7].to_string(),
            adm3_pcode: f[8].to_string(),
            adm1_en: String::new(),
            adm2_en: String::new(),
            adm3_en: String::new(),
            population: f[9].parse().ok(),
            capital_level: f[10].parse().ok(),
            // Parents in places.tsv are ids; resolved after the overlay is in.
            parent: None,
            source: f[12].to_string(),
        });
        if !f[11].is_empty() {
            // Resolved once every id is known.
            parents.push((out.len() - 1, f[11]));
        }
    }
    // Resolve parent ids (places.tsv only refers to ids it holds).
    let ids: HashMap<String, PlaceId> =
        out.iter().enumerate().map(|(i, p)| (p.id.clone(), PlaceId(i as u32))).collect();
    for (i, parent) in parents {
        out[i].parent = ids.get(parent).copied();
    }
    Ok(out)
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Applies an overlay (`overlay.tsv` format): new places, or `alias` rows that add Arabic names
/// to an existing place.
pub(crate) fn apply_overlay(
    places: &mut Vec<Place>,
    by_id: &mut HashMap<String, PlaceId>,
    text: &str,
    file: &str,
) -> Result<(), GazetteerError> {
    for (n, line) in data_lines(text) {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() < 7 {
            return Err(perr(file, n, format!("expected 7 columns, found {}", f.len())));
        }
        let (names, name_en, kind, parent, lat, lon, source) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        let names: Vec<String> = names.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
        if names.is_empty() {
            return Err(perr(file, n, "no Arabic name"));
        }
        let parent_id = if parent.is_empty() {
            None
        } else {
            Some(*by_id.get(parent).ok_or_else(|| perr(file, n, format!("unknown parent id `{parent}`")))?)
        };
        if kind == "alias" {
            let pid = parent_id.ok_or_else(|| perr(file, n, "an alias row needs a parent"))?;
            places[pid.0 as usize].names_ar.extend(names);
            continue;
        }
        let kind = PlaceKind::parse(kind).ok_or_else(|| perr(file, n, format!("unknown kind `{kind}`")))?;
        let (lat, lon) = (opt_f64(lat, file, n)?, opt_f64(lon, file, n)?);
        let base = parent_id.map(|p| places[p.0 as usize].clone());
        let (lat, lon) = match (lat, lon, &base) {
            (Some(a), Some(b), _) => (a, b),
            (None, None, Some(b)) => (b.lat, b.lon),
            _ => return Err(perr(file, n, "coordinates missing and no parent to take them from")),
        };
        let mut id = format!("ovl:{}", slug(name_en));
        if by_id.contains_key(&id) {
            id = format!("{id}-{n}");
        }
        let place = Place {
            id: id.clone(),
            kind,
            name_en: name_en.to_string(),
            names_ar: names,
            lat,
            lon,
            adm1_pcode: base.as_ref().map(|b| b.adm1_pcode.clone()).unwrap_or_default(),
            adm2_pcode: base.as_ref().map(|b| b.adm2_pcode.clone()).unwrap_or_default(),
            adm3_pcode: base.as_ref().map(|b| b.adm3_pcode.clone()).unwrap_or_default(),
            adm1_en: String::new(),
            adm2_en: String::new(),
            adm3_en: String::new(),
            population: None,
            capital_level: None,
            parent: parent_id,
            source: format!("overlay: {source}"),
        };
        by_id.insert(id, PlaceId(places.len() as u32));
        places.push(place);
    }
    Ok(())
}

/// Fills the admin English names from the admin-unit records.
pub(crate) fn fill_admin_names(places: &mut [Place], by_id: &HashMap<String, PlaceId>) {
    let name = |places: &[Place], code: &str| -> String {
        by_id.get(code).map(|i| places[i.0 as usize].name_en.clone()).unwrap_or_default()
    };
    for i in 0..places.len() {
        let a1 = name(places, &places[i].adm1_pcode);
        let a2 = name(places, &places[i].adm2_pcode);
        let a3 = name(places, &places[i].adm3_pcode);
        let p = &mut places[i];
        (p.adm1_en, p.adm2_en, p.adm3_en) = (a1, a2, a3);
    }
}

/// Parses `stopnames.tsv`: first column a name; returns the normalised keys without article.
pub(crate) fn parse_stopnames(text: &str) -> Result<HashSet<String>, GazetteerError> {
    Ok(data_lines(text)
        .filter_map(|(_, l)| l.split('\t').next())
        .map(|n| strip_article(&normalize_key(n)).to_string())
        .filter(|k| !k.is_empty())
        .collect())
}

/// What a cue-table form does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Role {
    /// A place-type word before a name; `plural` for plural and dual forms that open a list.
    Cue { kind: CueKind, plural: bool },
    /// "ريف"/"بادية" before a name: a region around it; `plural` for the dual and plural forms
    /// ("ريفي إدلب واللاذقية", "أرياف حلب وإدلب") that open a list of regions.
    Region { kind: RegionKind, plural: bool },
    /// "ريفها": the region of the place named before.
    RegionPronoun(RegionKind),
    /// "قرب", "التابعة ل": relation to the place named next.
    Relation(Relation),
    /// "شرق", "غربي" before a name.
    Direction(Direction),
    /// "الشرقي" after a name.
    DirectionAdj(Direction),
    /// "فوقاني"/"تحتاني": halves of a village; `stem` when the bare stem should find them.
    Qualifier { stem: bool },
    /// "الحدودي", "الدولي": may be left off a name.
    DropSuffix,
    /// A word that cannot be, or continue, a place name ("في", "التي").
    Boundary,
    /// A word that opens a multi-word name and takes the next word ("تل", "أبو", "خربة").
    NameHead,
    /// A name head that also announces a kind of place ("تل عشترة العسكري": a hill), so that
    /// a name the data lacks still counts when something locates it.
    HeadCue(CueKind),
    /// A definite noun that refers back to the last place of its kind ("المدينة").
    Anaphor(CueKind),
    /// A common noun or adjective that is no place name when written without the article: the
    /// dual of a settlement noun ("قريتين"), a relation adjective ("مدن مصرية", "قاعدة خلفية").
    /// A place so named counts with its article ("القريتين", "قرية المصرية").
    Common,
    /// A noun whose complement is not a place ("عيد الجلاء": a holiday).
    NotPlaceAfter,
    /// A place abroad ("مدينة كيليس", "بلدة وادي خالد"): never read as a Syrian place the data
    /// lacks.
    Abroad,
}

/// The cue words and their matcher.
#[derive(Debug)]
pub(crate) struct CueTable {
    pub(crate) roles: Vec<Role>,
    pub(crate) forms: HashMap<String, u32>,
    pub(crate) matcher: KeyIndex,
}

impl CueTable {
    pub(crate) fn parse(text: &str) -> Result<CueTable, GazetteerError> {
        const FILE: &str = "cues.tsv";
        let mut roles = Vec::new();
        let mut forms: HashMap<String, u32> = HashMap::new();
        for (n, line) in data_lines(text) {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if f.len() < 3 {
                return Err(perr(FILE, n, "expected form, role, value"));
            }
            let value = f[2];
            let bad = || perr(FILE, n, format!("bad value `{value}` for role `{}`", f[1]));
            let role = match f[1] {
                "cue" => Role::Cue {
                    kind: CueKind::parse(value).ok_or_else(bad)?,
                    plural: f.get(3).is_some_and(|s| *s == "plural"),
                },
                "region" => Role::Region {
                    kind: RegionKind::parse(value).ok_or_else(bad)?,
                    plural: f.get(3).is_some_and(|s| *s == "plural"),
                },
                "region_pronoun" => Role::RegionPronoun(RegionKind::parse(value).ok_or_else(bad)?),
                "relation" => Role::Relation(Relation::parse(value).ok_or_else(bad)?),
                "direction" => Role::Direction(Direction::parse(value).ok_or_else(bad)?),
                "direction_adj" => Role::DirectionAdj(Direction::parse(value).ok_or_else(bad)?),
                "qualifier" => Role::Qualifier { stem: value == "stem" },
                "drop_suffix" => Role::DropSuffix,
                "boundary" => Role::Boundary,
                "name_head" => Role::NameHead,
                "cue_head" => Role::HeadCue(CueKind::parse(value).ok_or_else(bad)?),
                "anaphor" => Role::Anaphor(CueKind::parse(value).ok_or_else(bad)?),
                "common" => Role::Common,
                "not_place_after" => Role::NotPlaceAfter,
                "abroad" => Role::Abroad,
                other => return Err(perr(FILE, n, format!("unknown role `{other}`"))),
            };
            let key = normalize_key(f[0]);
            if key.is_empty() || forms.contains_key(&key) {
                continue;
            }
            forms.insert(key, roles.len() as u32);
            roles.push(role);
        }
        // Cue words take proclitics (بريف، وقرى، لمدينة) but never the article: "المدينة" is
        // an anaphor, not a cue.
        let matcher = KeyIndex::build(forms.iter().map(|(k, v)| (k.clone(), *v)).collect(), false);
        Ok(CueTable { roles, forms, matcher })
    }

    /// The role of a whole normalised word (without proclitics), if it is in the table.
    pub(crate) fn role_of(&self, word: &str) -> Option<Role> {
        self.forms.get(word).map(|&i| self.roles[i as usize])
    }
}

/// Name variants by rule, as matcher keys (normalised, article stripped).
pub(crate) fn variants(name: &str, cues: &CueTable, out: &mut Vec<(String, bool)>) {
    let mut n = normalize_key(name);
    // Parenthesised parts are annotations ("(فوقاني)", an old name), not part of the name.
    if let Some(i) = n.find('(') {
        n.truncate(i);
        n = n.trim().to_string();
    }
    if n.chars().count() < 2 || !n.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return;
    }
    let base = strip_article(&n).to_string();
    let push = |k: String, weak: bool, out: &mut Vec<(String, bool)>| {
        if k.chars().count() >= 2 && !out.iter().any(|(x, _)| *x == k) {
            out.push((k, weak));
        }
    };
    push(base.clone(), false, out);
    let words: Vec<&str> = base.split(' ').collect();
    if words.len() >= 2 {
        // Solid compounds: "دير الزور" is also written "ديرالزور", "أبو حمام" "أبوحمام".
        let mut solid = String::new();
        for (i, w) in words.iter().enumerate() {
            let joins = i > 0 && (w.starts_with("ال") || matches!(words[i - 1], "ابو" | "عبد" | "ام"));
            if i > 0 && !joins {
                solid.push(' ');
            }
            solid.push_str(w);
        }
        if solid != base {
            push(solid, false, out);
        }
        // "بقرص فوقاني" and "بقرص تحتاني" are both "بقرص" when the text does not say which.
        let last = words[words.len() - 1];
        match cues.role_of(last) {
            Some(Role::Qualifier { stem: true }) => {
                let stem = strip_article(&words[..words.len() - 1].join(" ")).to_string();
                if stem.chars().count() >= 3 {
                    push(stem, true, out);
                }
            }
            Some(Role::DropSuffix) => push(words[..words.len() - 1].join(" "), false, out),
            _ => {}
        }
    }
}

/// Builds the name index: one entry per key (its places in `pool`), whether it may stand
/// alone, and the sorted key table.
pub(crate) fn build_names(
    places: &[Place],
    cues: &CueTable,
    stop: &HashSet<String>,
) -> (Vec<NameEntry>, Vec<PlaceId>, KeyIndex) {
    let mut lists: Vec<Vec<PlaceId>> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::with_capacity(places.len() * 2);
    let mut buf = Vec::new();
    for (i, p) in places.iter().enumerate() {
        buf.clear();
        for n in &p.names_ar {
            variants(n, cues, &mut buf);
        }
        for (k, _weak) in buf.drain(..) {
            // A key that is itself a cue or function word ("مدينة", "في") is never a name; a
            // word that only opens names ("باب الهوى") is one for a well-known place ("مدينة
            // الباب"), which `stopnames.tsv` then keeps from standing without a cue.
            match cues.role_of(&k) {
                None => {}
                Some(Role::NameHead) if p.is_well_known() && matches!(p.kind, PlaceKind::City | PlaceKind::Town) => {}
                // "القريتين", "المصرية": names with the article; mention finding drops the bare
                // word. A Syrian place that shares a foreign name keeps it.
                Some(Role::Common | Role::Abroad) => {}
                Some(_) => continue,
            }
            let e = *index.entry(k).or_insert_with(|| {
                lists.push(Vec::new());
                (lists.len() - 1) as u32
            });
            let list = &mut lists[e as usize];
            let id = PlaceId(i as u32);
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    let mut free = vec![false; lists.len()];
    for (k, &e) in &index {
        free[e as usize] = !stop.contains(k)
            && k.chars().count() >= 3
            // Overlay entries were added because reports name them (districts of the big
            // cities, bases, oil fields): a reviewer vouched for them as names.
            && lists[e as usize].iter().any(|&id| places[id.0 as usize].is_well_known() || places[id.0 as usize].id.starts_with("ovl:"));
    }
    let mut pool = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut names = Vec::with_capacity(lists.len());
    for (list, free) in lists.into_iter().zip(free) {
        names.push(NameEntry { start: pool.len() as u32, len: list.len() as u32, free });
        pool.extend(list);
    }
    (names, pool, KeyIndex::build(index.into_iter().collect(), true))
}
