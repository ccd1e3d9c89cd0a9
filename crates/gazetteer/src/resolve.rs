//! Disambiguation: one place per mention, from kind, size, capital level, cue word, the
//! mention's parent and the governorates/districts the rest of the report points at.

use std::collections::HashMap;

use crate::mentions::{CueKind, PlaceMention, Relation};
use crate::{distance_km, Gazetteer, Place, PlaceId, PlaceKind};

/// A mention resolved to a place (or to nothing, with what is still known).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// The chosen place: for a region the governorate or district, for an unknown
    /// neighbourhood its parent city; `None` when nothing fits.
    pub place: Option<PlaceId>,
    /// The mention as written (normalised), with its cue word when the cue stands right
    /// before it: "حي الجوره", "ريف دير الزور الشرقي".
    pub name_ar: String,
    /// English name: the place's, or a description for regions and neighbourhoods.
    pub name_en: Option<String>,
    /// Governorate, in the evaluation spelling ("Deir ez-Zor").
    pub admin1: Option<String>,
    /// District (OCHA English name).
    pub admin2: Option<String>,
    /// Sub-district (OCHA English name).
    pub admin3: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// ACLED geo-precision: 1 town, village or neighbourhood; 2 near or part of a place ("قرب
    /// X", "شرق X", "جسر/شارع/منطقة X", "أطراف X", an unknown place located by its parent),
    /// sub-district; 3 region ("ريف X الشرقي"), district or governorate (coordinates of its
    /// capital or centroid).
    pub geo_precision: u8,
    /// UCDP `where_prec`: 1 exact place; 2 within about 25 km of a known point; 3 district
    /// (second-order unit) or sub-district; 4 governorate (first-order unit) or a region of
    /// one; 5 a larger area (a desert); 6 only the country is known.
    pub where_prec: u8,
    /// The chosen place's identifier (P-code, `wof:<id>`, `ovl:<slug>`).
    pub gazetteer_id: Option<String>,
    /// Confidence in the choice, 0..1.
    pub score: f32,
    /// Why this place was chosen, for debugging and review.
    pub reasons: Vec<String>,
    /// Every candidate the name could denote, best first, with its score and the reasons.
    pub ranking: Vec<Candidate>,
}

/// One candidate place of a mention, as the resolver scored it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The place.
    pub place: PlaceId,
    /// Its score (higher is better; only comparable within one mention).
    pub score: f32,
    /// What the score is made of.
    pub reasons: Vec<String>,
}

fn kind_prior(p: &Place) -> f32 {
    let k = match p.kind {
        PlaceKind::Governorate => 3.0,
        PlaceKind::City => 2.5,
        PlaceKind::District => 2.0,
        PlaceKind::Town => 1.6,
        PlaceKind::Subdistrict => 1.2,
        PlaceKind::Village => 1.0,
        PlaceKind::Locality => 0.4,
        _ => 0.8,
    };
    let cap = match p.capital_level {
        Some(0 | 1) => 1.5,
        Some(2) => 1.0,
        Some(3) => 0.5,
        _ => 0.0,
    };
    let pop = p.population.map_or(0.0, |n| ((n as f32) + 1.0).log10() * 0.2);
    // OCHA communities are the reference list; GeoNames-only duplicates rank a little lower.
    let src = if p.source.starts_with("ocha") || p.source.starts_with("overlay") { 0.3 } else { 0.0 };
    k + cap + pop + src
}

fn cue_fit(cue: Option<CueKind>, p: &Place) -> f32 {
    use PlaceKind as K;
    let Some(c) = cue else { return 0.0 };
    let fits = match c {
        CueKind::Neighbourhood => matches!(p.kind, K::Neighbourhood),
        CueKind::City => matches!(p.kind, K::City | K::Town),
        CueKind::Town | CueKind::Village => matches!(p.kind, K::Town | K::Village | K::City | K::Locality),
        CueKind::Governorate => matches!(p.kind, K::Governorate),
        CueKind::Subdistrict => matches!(p.kind, K::Subdistrict),
        CueKind::Camp => matches!(p.kind, K::Camp),
        CueKind::Airport => matches!(p.kind, K::Airport),
        CueKind::Crossing => matches!(p.kind, K::Crossing),
        CueKind::Field => matches!(p.kind, K::OilField),
        CueKind::Base => matches!(p.kind, K::Base | K::Airport | K::OilField),
        CueKind::Countryside | CueKind::Desert => p.kind.is_admin() || p.kind == K::City,
        _ => false,
    };
    let admin_for_place = matches!(c, CueKind::City | CueKind::Town | CueKind::Village | CueKind::Neighbourhood)
        && p.kind.is_admin();
    if fits {
        3.0
    } else if admin_for_place {
        // "مدينة العشارة" is the town, not the sub-district of the same name.
        -2.5
    } else {
        0.0
    }
}

/// Governorate and district votes from the other mentions of the report.
#[derive(Default)]
struct Context {
    adm1: HashMap<String, f32>,
    adm2: HashMap<String, f32>,
    /// The points of the unambiguous mentions, each point once (a long report names the same
    /// places again and again): the point, the first mention at it, whether others are there too.
    points: Vec<((f64, f64), usize, bool)>,
    point_index: HashMap<(u64, u64), usize>,
}

impl Context {
    fn share(map: &HashMap<String, f32>, key: &str, own: f32) -> f32 {
        let total: f32 = map.values().sum::<f32>() - own;
        if total <= 0.0 || key.is_empty() {
            return 0.0;
        }
        (map.get(key).copied().unwrap_or(0.0) - own).max(0.0) / total
    }
}

fn vote_weight(g: &Gazetteer, cands: &[PlaceId]) -> f32 {
    if cands.iter().any(|&c| g.place(c).kind.is_admin() || g.place(c).capital_level.is_some()) {
        2.0
    } else {
        1.0
    }
}

/// The admin-1 and admin-2 a mention votes for, when its candidates agree.
fn votes(g: &Gazetteer, cands: &[PlaceId]) -> (Option<String>, Option<String>) {
    let first = match cands.first() {
        Some(&c) => g.place(c),
        None => return (None, None),
    };
    let a1 = cands.iter().all(|&c| g.place(c).adm1_pcode == first.adm1_pcode).then(|| first.adm1_pcode.clone());
    let a2 = cands.iter().all(|&c| g.place(c).adm2_pcode == first.adm2_pcode).then(|| first.adm2_pcode.clone());
    (a1.filter(|s| !s.is_empty()), a2.filter(|s| !s.is_empty()))
}

/// The unit a region mention covers: "ريف دير الزور" is the governorate's countryside, "ريف
/// القامشلي" the district's.
fn region_unit(g: &Gazetteer, p: PlaceId) -> PlaceId {
    let pl = g.place(p);
    let code = match (pl.kind, pl.capital_level) {
        (k, _) if k == PlaceKind::Governorate || k == PlaceKind::District => return p,
        (_, Some(0 | 1)) => &pl.adm1_pcode,
        _ => &pl.adm2_pcode,
    };
    g.by_id(code).unwrap_or(p)
}

pub(crate) fn resolve(g: &Gazetteer, text: &str, mentions: &[PlaceMention]) -> Vec<ResolvedPlace> {
    let mut ctx = Context::default();
    let mut own: Vec<(Option<String>, Option<String>, f32)> = Vec::with_capacity(mentions.len());
    for m in mentions {
        let (a1, a2) = votes(g, &m.candidates);
        let w = vote_weight(g, &m.candidates);
        if let Some(a) = &a1 {
            *ctx.adm1.entry(a.clone()).or_default() += w;
        }
        if let Some(a) = &a2 {
            *ctx.adm2.entry(a.clone()).or_default() += w;
        }
        if m.candidates.len() == 1 {
            let p = g.place(m.candidates[0]);
            let key = (p.lat.to_bits(), p.lon.to_bits());
            match ctx.point_index.get(&key) {
                Some(&k) => ctx.points[k].2 = true,
                None => {
                    ctx.point_index.insert(key, ctx.points.len());
                    ctx.points.push(((p.lat, p.lon), own.len(), false));
                }
            }
        }
        own.push((a1, a2, w));
    }

    let mut chosen: Vec<Option<(PlaceId, f32, Vec<String>)>> = vec![None; mentions.len()];
    let mut rankings: Vec<Vec<Candidate>> = vec![Vec::new(); mentions.len()];
    // Parents before their children, so that a child can lean on its parent's choice: by depth
    // in the chain of parents ("قاعدة ... في حقل كونيكو بريف دير الزور": base, field, region).
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(j) = mentions[i].parent {
            d += 1;
            if d > mentions.len() {
                break;
            }
            i = j;
        }
        d
    };
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| depth(i));
    for &i in &order {
        let m = &mentions[i];
        let cue = m.cue.as_ref().map(|c| c.kind);
        let parent = m.parent.and_then(|j| chosen.get(j).cloned().flatten()).map(|(p, _, _)| p);
        let (o1, o2, w) = &own[i];
        let mut scored: Vec<(f32, PlaceId, Vec<String>)> = Vec::with_capacity(m.candidates.len());
        // Candidates the text itself puts elsewhere: "حي الميدان بدمشق" is not Aleppo's Midan.
        let mut outside_parent: Vec<PlaceId> = Vec::new();
        for &c in &m.candidates {
            let p = g.place(c);
            let mut s = kind_prior(p);
            let mut why = vec![format!("{} prior {s:.2}", p.kind.as_str())];
            let f = cue_fit(cue, p);
            if f != 0.0 {
                why.push(format!("cue fit {f:+}"));
            }
            s += f;
            let s1 = Context::share(&ctx.adm1, &p.adm1_pcode, if o1.as_deref() == Some(&p.adm1_pcode) { *w } else { 0.0 });
            let s2 = Context::share(&ctx.adm2, &p.adm2_pcode, if o2.as_deref() == Some(&p.adm2_pcode) { *w } else { 0.0 });
            if s1 > 0.0 || s2 > 0.0 {
                why.push(format!("document context: governorate {:.0}%, district {:.0}%", s1 * 100.0, s2 * 100.0));
            }
            s += 4.0 * s1 + 2.0 * s2;
            let near = ctx
                .points
                .iter()
                .filter(|(_, first, several)| *several || *first != i)
                .map(|(q, _, _)| distance_km((p.lat, p.lon), *q))
                .fold(f64::INFINITY, f64::min);
            if near < 30.0 {
                s += 1.0;
                why.push(format!("{near:.0} km from another place in the report"));
            }
            if let Some(pp) = parent {
                let par = g.place(pp);
                let d = distance_km((p.lat, p.lon), (par.lat, par.lon));
                let bonus = if p.parent == Some(pp) {
                    6.0
                } else if par.kind == PlaceKind::Governorate {
                    if p.adm1_pcode == par.adm1_pcode { 3.0 } else { -2.0 }
                } else if d < 15.0 {
                    4.0
                } else if !p.adm2_pcode.is_empty() && p.adm2_pcode == par.adm2_pcode {
                    2.0
                } else if p.adm1_pcode == par.adm1_pcode {
                    1.0
                } else {
                    outside_parent.push(c);
                    -2.0
                };
                s += bonus;
                why.push(format!("parent {} ({bonus:+})", par.name_en));
            }
            scored.push((s, c, why));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        rankings[i] = scored.iter().map(|(s, c, why)| Candidate { place: *c, score: *s, reasons: why.clone() }).collect();
        scored.retain(|(_, c, _)| !outside_parent.contains(c));
        if let Some((best, id, why)) = scored.first().cloned() {
            let second = scored.get(1).map_or(f32::NEG_INFINITY, |x| x.0);
            let conf = if second.is_finite() { ((best - second) / 4.0).clamp(0.0, 1.0) * 0.5 + 0.5 } else { 1.0 };
            let mut why = why;
            why.insert(0, format!("{} candidate(s), score {best:.2}", scored.len()));
            chosen[i] = Some((id, conf, why));
        } else if let Some(pp) = parent {
            chosen[i] = Some((pp, 0.5, Vec::new()));
        }
    }

    mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let rankings = &mut rankings;
            let name_ar = mention_text(text, m);
            let Some((mut id, score, mut reasons)) = chosen[i].clone() else {
                // Unknown place with no parent: only the report's dominant governorate is known.
                let admin1 = dominant(&ctx.adm1, 0.6).and_then(|c| g.by_id(&c)).map(|p| g.place(p).name_en.clone());
                let reason = if admin1.is_some() {
                    "not in the gazetteer and nothing locates it: unresolved (governorate from document context)"
                } else {
                    "not in the gazetteer and nothing locates it: unresolved"
                };
                return ResolvedPlace {
                    place: None,
                    name_ar,
                    name_en: None,
                    where_prec: if admin1.is_some() { 4 } else { 6 },
                    admin1,
                    admin2: None,
                    admin3: None,
                    lat: None,
                    lon: None,
                    geo_precision: 2,
                    gazetteer_id: None,
                    score: 0.0,
                    reasons: vec![reason.into()],
                    ranking: std::mem::take(&mut rankings[i]),
                };
            };
            let unknown = m.candidates.is_empty() && m.region.is_none();
            let mut precision = 1;
            let mut name_en = None;
            if let Some(r) = m.region {
                id = region_unit(g, id);
                precision = 3;
                let unit = g.place(id);
                let base = unit.name_en.clone();
                let what = if r.kind == crate::RegionKind::Desert { "desert" } else { "countryside" };
                name_en = Some(match r.direction {
                    Some(d) => format!("{} {base} {what}", capitalise(d.adjective())),
                    None => format!("{base} {what}"),
                });
                reasons.push("region mention".into());
            }
            let p = g.place(id);
            if m.region.is_none() {
                precision = match p.kind {
                    PlaceKind::Governorate | PlaceKind::District => 3,
                    PlaceKind::Subdistrict => 2,
                    _ => 1,
                };
                if matches!(m.relation, Some(Relation::Near) | Some(Relation::Direction(_))) && m.parent.is_none() {
                    precision = precision.max(2);
                    reasons.push("near / direction of the place".into());
                }
                let cue = m.cue.as_ref().map(|c| c.kind);
                // "جسر الميادين", "شارع X", "منطقة X", "حاجز البصيرة": a feature in or by the
                // named settlement, not the settlement itself.
                let feature = matches!(
                    cue,
                    Some(CueKind::Street | CueKind::Roundabout | CueKind::Bridge | CueKind::Area | CueKind::Checkpoint | CueKind::Hill)
                ) || (matches!(cue, Some(CueKind::Airport | CueKind::Field | CueKind::Crossing | CueKind::Base | CueKind::Camp))
                    && matches!(p.kind, PlaceKind::City | PlaceKind::Town | PlaceKind::Village | PlaceKind::Locality));
                if feature && !unknown && precision == 1 {
                    precision = 2;
                    reasons.push("a feature in or by the place (precision 2)".into());
                }
                if unknown && m.anaphor {
                    reasons.push("anaphor: the place named before".into());
                    name_en = Some(p.name_en.clone());
                } else if unknown {
                    reasons.push("unknown name: coordinates of the parent place".into());
                    let parent_region = m.parent.is_some_and(|j| mentions.get(j).is_some_and(|pm| pm.region.is_some()));
                    if parent_region {
                        precision = 3;
                    } else if m.cue.as_ref().map(|c| c.kind) != Some(CueKind::Neighbourhood) {
                        precision = precision.max(2);
                    }
                    name_en = Some(format!("{} (near/part of)", p.name_en));
                } else {
                    name_en = Some(match (p.kind, p.parent) {
                        (PlaceKind::Neighbourhood, Some(par)) => format!("{} - {}", g.place(par).name_en, p.name_en),
                        _ => p.name_en.clone(),
                    });
                }
            }
            let admin1 = if p.kind == PlaceKind::Governorate { Some(p.name_en.clone()) } else { non_empty(&p.adm1_en) };
            let where_prec = match (m.region, p.kind) {
                (Some(r), _) if r.kind == crate::RegionKind::Desert => 5,
                (Some(_), PlaceKind::Governorate) => 4,
                (Some(_), _) => 3,
                (None, PlaceKind::Governorate) => 4,
                (None, PlaceKind::District | PlaceKind::Subdistrict) => 3,
                _ if precision >= 3 => 4,
                _ => precision.min(2),
            };
            ResolvedPlace {
                where_prec,
                place: Some(id),
                name_ar,
                name_en,
                admin1,
                admin2: if p.kind == PlaceKind::Governorate { None } else { non_empty(&p.adm2_en) },
                admin3: if p.kind.is_admin() && p.kind != PlaceKind::Subdistrict { None } else { non_empty(&p.adm3_en) },
                lat: Some(p.lat),
                lon: Some(p.lon),
                geo_precision: precision,
                gazetteer_id: Some(p.id.clone()),
                score,
                reasons,
                ranking: std::mem::take(&mut rankings[i]),
            }
        })
        .collect()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn dominant(map: &HashMap<String, f32>, min_share: f32) -> Option<String> {
    let total: f32 = map.values().sum();
    map.iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .filter(|(_, v)| total > 0.0 && **v / total >= min_share)
        .map(|(k, _)| k.clone())
}

/// The mention as written: the cue word when it stands right before the name, then the name
/// (and any direction after it).
fn mention_text(text: &str, m: &PlaceMention) -> String {
    let end = m.range.end.min(text.len());
    let start = match &m.cue {
        Some(c) if c.range.end <= m.name_range.start && c.range.start >= m.range.start && !c.plural => {
            c.range.start
        }
        Some(c) if c.range.start >= m.range.start && c.range.end > m.name_range.start => c.range.start,
        _ => m.name_range.start,
    };
    text.get(start..end).unwrap_or("").to_string()
}
