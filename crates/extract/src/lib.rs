//! The extraction pipeline: from one report to ACLED-style events with evidence.
//!
//! Stages, each in its own module: the text is normalised with a map back to the original
//! ([`marsad_text::AlignedText`]); the gazetteer and the lexicons find mentions
//! ([`mentions`]); casualty figures are read ([`casualties`]); events are assembled by the
//! coding rules ([`assemble`]) and written out with evidence and notes ([`record`]).
#![deny(missing_docs)]

pub mod assemble;
pub mod casualties;
pub mod mentions;
pub mod notes;
pub mod people;
pub mod record;
pub mod relations;
pub mod rules;
pub mod scope;
pub mod taxonomy;

use chrono::NaiveDate;
use marsad_gazetteer::Gazetteer;
use marsad_lexicon::actors::{ActorLexicon, ActorRef};
use marsad_lexicon::time::{self, Precision, ResolvedDate, TimeLexicon};
use marsad_lexicon::triggers::{TriggerClass, TriggerLexicon};
use marsad_model::{InputDocument, OutputDocument};
use marsad_text::AlignedText;

use crate::mentions::{ActorKey, ActorMention, CasualtyClass, CasualtyWord, Effect, Mentions, PlaceMention};

/// The version of the extractor: the package version and a hash of the pipeline's sources and
/// embedded data (`0.1.0+1a2b3c4d5e6f`). It changes whenever what extraction writes may change,
/// so a store can tell which documents were extracted by another build and re-extract them.
pub fn extractor_version() -> &'static str {
    env!("MARSAD_EXTRACTOR_VERSION")
}

/// Errors from building the pipeline.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A lexicon failed to load.
    #[error(transparent)]
    Lexicon(#[from] marsad_lexicon::LexiconError),
    /// The gazetteer failed to load.
    #[error(transparent)]
    Gazetteer(#[from] marsad_gazetteer::GazetteerError),
    /// The scope words failed to load.
    #[error(transparent)]
    Scope(#[from] scope::ScopeError),
}

/// Per-run settings.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The day that counts as "now" when a report carries neither a publication date nor a
    /// year: the latest year not after it is chosen for "Saturday 13 January". `None` leaves such
    /// dates null.
    pub reference_date: Option<NaiveDate>,
    /// Fill `OutputDocument::dropped`: every event word that became no event, with the rule
    /// that dropped it.
    pub dropped: bool,
}

/// A report's events with the rules that decided each field and the words each rule read: what
/// `marsad extract --explain` shows.
#[derive(Debug, Clone)]
pub struct Explained {
    /// The output record, `dropped` filled.
    pub output: OutputDocument,
    /// For each event of `output.events`, the rules that fired, in order: field, rule, and the
    /// words it read (an empty span when it read none, as for the publication date).
    pub events: Vec<Vec<(&'static str, rules::Rule, marsad_model::Evidence)>>,
    /// For each entry of `output.dropped`, the words its rule read.
    pub dropped: Vec<marsad_model::Evidence>,
}

/// What [`Pipeline::explain`] collects besides the output.
#[derive(Debug, Default)]
struct Traces {
    events: Vec<Vec<(&'static str, rules::Rule, marsad_model::Evidence)>>,
    dropped: Vec<marsad_model::Evidence>,
}

/// The loaded resources (gazetteer, lexicons), built once and shared by every thread.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: &'static Gazetteer,
    actors: ActorLexicon,
    triggers: TriggerLexicon,
    time: TimeLexicon,
    scope: scope::Scope,
}

impl Pipeline {
    /// Builds the pipeline from the resources embedded in the binary.
    ///
    /// # Errors
    /// When an embedded resource fails to load (a build defect).
    pub fn embedded() -> Result<Self, ExtractError> {
        Ok(Pipeline {
            gazetteer: Gazetteer::embedded()?,
            actors: ActorLexicon::embedded()?,
            triggers: TriggerLexicon::embedded()?,
            time: TimeLexicon::embedded()?,
            scope: scope::Scope::embedded()?,
        })
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer
    }

    /// The actor dictionary in use.
    pub fn actors(&self) -> &ActorLexicon {
        &self.actors
    }

    /// Extracts the events of one report.
    pub fn extract(&self, doc: &InputDocument, options: &ExtractOptions) -> OutputDocument {
        self.run(doc, options, None)
    }

    /// Extracts the events of one report, with the rules behind every field and every dropped
    /// event word.
    pub fn explain(&self, doc: &InputDocument, options: &ExtractOptions) -> Explained {
        let mut traces = Traces::default();
        let options = ExtractOptions { dropped: true, ..options.clone() };
        let output = self.run(doc, &options, Some(&mut traces));
        Explained { output, events: traces.events, dropped: traces.dropped }
    }

    fn run(
        &self,
        doc: &InputDocument,
        options: &ExtractOptions,
        mut traces: Option<&mut Traces>,
    ) -> OutputDocument {
        let text = AlignedText::new(&doc.text);
        let norm = text.normalized();
        let mut warnings = Vec::new();

        // The report's date: given, else its own date line (year inferred if it has none).
        let published = doc.published.as_deref().and_then(|p| NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok());
        if doc.published.is_some() && published.is_none() {
            warnings.push(format!("published date {:?} is not YYYY-MM-DD: ignored", doc.published.as_deref().unwrap_or("")));
        }
        let opening = self.time.find_opening(norm);
        let dateline = opening.dateline;
        let mut reference: Option<ResolvedDate> =
            published.map(|date| ResolvedDate { date, precision: Precision::Day, year_inferred: false });
        if reference.is_none() {
            if let (Some(dl), Some(anchor)) = (&dateline, options.reference_date) {
                if let Some(r) = time::resolve_dateline(dl, anchor) {
                    if r.year_inferred {
                        warnings.push(format!(
                            "no publication date: year {} inferred from the weekday and date in \"{}\"",
                            r.date.format("%Y"),
                            text.original_slice(dl.range.clone()).trim()
                        ));
                    }
                    reference = Some(r);
                }
            }
        }
        if reference.is_none() {
            warnings.push("no publication date: relative dates left null".to_string());
        }

        let mut m = self.mentions(&text, reference.map(|r| r.date));
        // The site's clock dates nothing (D1), nor does the date of the other calendar beside it.
        m.times.retain(|t| !opening.clocks.iter().any(|c| c.start < t.range.end && t.range.start < c.end));
        let ctx = assemble::Context {
            text: norm,
            actors: &self.actors,
            reference,
            dateline: dateline.as_ref().map(|d| d.range.clone()),
            first_line_end: norm.find('\n').unwrap_or(norm.len()),
            clocks: opening.clocks,
        };
        let (drafts, dropped) = assemble::assemble(&m, &ctx);
        let mut events: Vec<marsad_model::Event> = Vec::with_capacity(drafts.len());
        for (i, d) in drafts.iter().enumerate() {
            let (event, fired) = record::write_event(&doc.doc_id, i, &m, &self.actors, &text, d);
            if let Some(t) = traces.as_deref_mut() {
                t.events.push(fired.into_iter().map(|f| (f.field, f.rule, span_evidence(&text, f.field, f.span))).collect());
            }
            events.push(event);
        }
        let dropped = if options.dropped {
            dropped
                .into_iter()
                .map(|(t, rule, span)| {
                    if let Some(tr) = traces.as_deref_mut() {
                        tr.dropped.push(span_evidence(&text, "event", span));
                    }
                    let ev = span_evidence(&text, "event", m.triggers[t].range.clone());
                    marsad_model::Dropped { rule: rule.id().to_string(), start: ev.start, end: ev.end, text: ev.text.unwrap_or_default() }
                })
                .collect()
        } else {
            Vec::new()
        };
        // Who is named and how they relate (people.rs, relations.rs); events are not changed.
        let view = relations::ViewInput { text: &text, mentions: &m, actors: &self.actors, events: &events, published: reference.map(|r| r.date) };
        let (entities, relations) = relations::system_view(&view);
        OutputDocument {
            doc_id: doc.doc_id.clone(),
            source: doc.source.clone(),
            published: reference.map(|r| r.date.format("%Y-%m-%d").to_string()),
            events,
            entities,
            warnings,
            relations,
            dropped,
        }
    }

    /// Finds every mention in a report.
    pub fn mentions(&self, text: &AlignedText, reference: Option<NaiveDate>) -> Mentions {
        let norm = text.normalized();
        let mut m = Mentions { sentences: marsad_text::sentences::split_sentences(norm), ..Default::default() };

        let found = self.gazetteer.find_mentions(norm);
        let resolved = self.gazetteer.resolve(norm, &found);
        let resolved_place: Vec<_> = resolved.iter().map(|r| r.place).collect();
        let mut list_of: Vec<usize> = Vec::with_capacity(found.len());
        // Which place mention each geocoder mention became (some are dropped).
        let mut place_of: Vec<Option<usize>> = vec![None; found.len()];
        for (i, (pm, rp)) in found.iter().zip(resolved).enumerate() {
            // An unknown word continuing a cued list ("أحياء مدينة الحسكة وقطع الطرقات") is
            // more likely the next clause than a place.
            let continues = i > 0 && pm.cue.is_some() && found[i - 1].cue == pm.cue;
            // A dual cue ("قريتي تل شعير وبير قورات") promises exactly a second name.
            let dual_second = pm.cue.as_ref().is_some_and(|c| {
                let w = &norm[c.range.clone()];
                (w.ends_with("تي") || w == "حيي") && (i < 2 || found[i - 2].cue != pm.cue)
            });
            if continues && pm.candidates.is_empty() && !dual_second {
                list_of.push(usize::MAX);
                continue;
            }
            // A cued list shares its cue; consecutive mentions joined only by "و"/"،" too.
            // An unknown member left out ("قرى أ وب وج" with ب unknown) does not end the list.
            let skipped_member = |j: usize| list_of[j] == usize::MAX && pm.cue.is_some() && found[j].cue == pm.cue;
            let list = match i.checked_sub(1) {
                Some(j) if list_of[j] != usize::MAX && same_list(norm, &found[j], pm) => list_of[j],
                Some(j) if skipped_member(j) => {
                    let mut k = j;
                    while k > 0 && skipped_member(k) {
                        k -= 1;
                    }
                    if list_of[k] != usize::MAX && found[k].cue == pm.cue { list_of[k] } else { i }
                }
                _ => i,
            };
            list_of.push(list);
            // One event per named place: each neighbourhood is a place of its own ("أحياء الشعار
            // والصالحين"). Neighbourhoods told as parts of their city ("حيي خشمان والعزيزية في
            // مدينة الحسكة") are coded at the city (ACLED's location is the town): two of them
            // on one day are one event.
            let city = rp.place.map(|id| self.gazetteer.place(id)).filter(|p| p.kind == marsad_gazetteer::PlaceKind::Neighbourhood).and_then(|p| p.parent);
            let located_in_city = |c: &marsad_gazetteer::PlaceId| pm.parent.and_then(|j| resolved_place.get(j).copied().flatten()).is_some_and(|q| q == *c);
            let key = match city.filter(located_in_city) {
                Some(parent) => self.gazetteer.place(parent).id.clone(),
                None => rp.gazetteer_id.clone().unwrap_or_else(|| rp.name_ar.clone()),
            };
            let admin_unit = rp.place.is_some_and(|id| self.gazetteer.place(id).kind.is_admin()) && rp.geo_precision >= 3;
            let region = pm.region.is_some() || admin_unit;
            let shares_cue = |j: Option<&marsad_gazetteer::PlaceMention>| j.is_some_and(|o| o.cue == pm.cue);
            let region_list = pm.region.is_some()
                && pm.cue.as_ref().is_some_and(|c| c.plural)
                && (shares_cue(i.checked_sub(1).and_then(|j| found.get(j))) || shares_cue(found.get(i + 1)));
            place_of[i] = Some(m.places.len());
            m.places.push(PlaceMention { range: pm.range.clone(), resolved: rp, list, key, locates: Vec::new(), region, region_list });
        }
        for (i, pm) in found.iter().enumerate() {
            if let (Some(child), Some(parent)) = (place_of[i], pm.parent.and_then(|j| place_of.get(j).copied().flatten())) {
                m.places[parent].locates.push(child);
            }
        }

        let found_actors = self.actors.find(norm);
        // A weak name ("التنظيم", "الهيئة") refers to an actor the report also names in full;
        // alone, it may mean anything ("التنظيم" for the SDF in a hostile outlet).
        // Families count: "مكافحة المخدرات" beside "الأمن العسكري" is one more branch of the
        // state the report names in full.
        let family = |k: usize| {
            let mut f = self.actors.ancestors(k);
            f.push(k);
            f
        };
        let named_in_full: std::collections::HashSet<usize> =
            found_actors.iter().filter(|a| !a.weak).filter_map(|a| a.known()).flat_map(family).collect();
        let victims = |k: usize| {
            matches!(self.actors.entries()[k].kind, marsad_lexicon::actors::ActorKind::Civilians | marsad_lexicon::actors::ActorKind::Protesters)
        };
        for a in &found_actors {
            let supported = !a.weak || a.generic || a.known().is_some_and(|k| family(k).iter().any(|f| named_in_full.contains(f)) || victims(k));
            let actor = match a.actor {
                ActorRef::Known(k) => ActorKey::Known(k),
                ActorRef::Unknown => ActorKey::Unknown(norm[a.name_range.clone()].to_string()),
            };
            // The و is a proclitic when it stands before the head or the name it belongs to
            // (a head that itself starts with و, "وحدات", is not a conjunction).
            let core = a.head.as_ref().map_or(a.name_range.start, |h| h.start);
            let conjoined = a.range.start < core && norm[a.range.start..core].starts_with('و');
            m.actors.push(ActorMention { range: a.range.clone(), actor, weak: a.weak, unsupported: !supported, conjoined });
        }

        for t in self.triggers.find(norm) {
            let entry = &self.triggers.entries()[t.entry];
            match entry.class {
                TriggerClass::Event => {
                    // A word whose type depends on how it was done ("اغتيال") takes its
                    // instrument's type, else is read as an attack until actors say more.
                    let sub = entry
                        .sub_event_type
                        .as_deref()
                        .or_else(|| entry.instrument.and_then(|i| i.sub_event_type()))
                        .unwrap_or(taxonomy::ATTACK);
                    if let Some((ty, sub)) = taxonomy::event_type_of(sub) {
                        m.triggers.push(mentions::TriggerMention {
                            range: t.range.clone(),
                            event_type: ty,
                            sub_event_type: sub,
                            instrument: entry.instrument.map(instrument_of),
                            confidence: entry.confidence,
                            weak: entry.weak,
                        });
                    }
                }
                TriggerClass::Instrument => {
                    if let Some(i) = entry.instrument {
                        m.instruments.push((t.range.clone(), instrument_of(i)));
                    }
                }
                TriggerClass::Killed => m.casualty_words.push(CasualtyWord { range: t.range.clone(), class: CasualtyClass::Killed, ta_marbuta: ends_in_ta_marbuta(text, &t.range) }),
                TriggerClass::Injured => m.casualty_words.push(CasualtyWord { range: t.range.clone(), class: CasualtyClass::Injured, ta_marbuta: ends_in_ta_marbuta(text, &t.range) }),
                TriggerClass::Arrested => m.casualty_words.push(CasualtyWord { range: t.range.clone(), class: CasualtyClass::Arrested, ta_marbuta: ends_in_ta_marbuta(text, &t.range) }),
            }
        }
        for md in self.triggers.find_modifiers(norm) {
            use marsad_lexicon::triggers::ModifierEffect as E;
            let effect = match self.triggers.modifiers()[md.entry].effect {
                E::Negation => Effect::Negation,
                E::Hypothetical => Effect::Future,
                E::Background => Effect::Background,
                E::Retrospective => Effect::Retrospective,
                E::Modal => Effect::Modal,
                E::Furniture => Effect::Furniture,
                E::Criminal => Effect::Criminal,
                // Reinforcements and patrols are not events, but they are not triggers either:
                // nothing to cancel.
                E::Report => {
                    m.speakers.push(md.range.clone());
                    continue;
                }
                E::NotCoded => Effect::NotCoded,
                E::Speaker => Effect::Speaker,
                E::Topic => Effect::Topic,
            };
            m.modifiers.push(mentions::ModifierMention { range: md.range.clone(), effect });
        }

        for t in self.time.find(norm) {
            let mut resolved = reference.and_then(|r| time::resolve(&t.expr, r));
            // "منذ أسابيع", "منذ ثلاثة أشهر": what has gone on since then is background, not one
            // event on that day (the coding rules: "since January" is not coded). "منذ ساعات"
            // and "منذ صباح اليوم" still mean today.
            let since = norm[t.range.clone()].trim_start_matches(['و', 'ف']).starts_with("منذ");
            if since {
                if let (Some(r), Some(d)) = (reference, resolved) {
                    if (r - d.date).num_days() > 2 {
                        resolved = None;
                    }
                }
            }
            // A date with its year written that falls after the report ("كانون الثاني 2018" in a
            // page of December 2017) is the page's furniture, a ticker or a sidebar, not the time
            // of anything reported (docs/CODING_RULES.md D1, D12): it is no time word at all.
            if let (Some(r), Some(d)) = (reference, resolved) {
                if with_year(&t.expr) && (d.date - r).num_days() > 1 {
                    continue;
                }
            }
            m.times.push(mentions::TimeMention { range: t.range.clone(), resolved, anchored: true });
        }
        m.quantities = marsad_text::numbers::find_quantities(norm);
        m.collective = relations::collective_referents(norm, &m, &self.actors)
            .into_iter()
            .map(|c| (c.range, c.sides.into_iter().flatten().collect()))
            .collect();

        // Scope: how much the report is about Syria, and which foreign places it names.
        m.syria_weight = m.places.iter().filter(|p| p.resolved.place.is_some()).count();
        let scope_words = self.scope.find(norm);
        for s in scope_words.iter().cloned() {
            // A country inside an actor's name ("المقاومة الإسلامية في العراق") places nothing.
            if m.actors.iter().any(|a| a.range.start <= s.range.start && s.range.end <= a.range.end) {
                continue;
            }
            match s.class {
                scope::ScopeClass::Syria => {
                    m.syria_weight += 1;
                    m.syria_words.push(s.range);
                }
                scope::ScopeClass::Elsewhere => m.elsewhere_weight += 1,
                scope::ScopeClass::ForeignPlace => {
                    m.elsewhere_weight += 1;
                    m.foreign_places.push(s.range);
                }
            }
        }
        m.about_elsewhere = self.about_elsewhere(norm, &m, &scope_words);
        m.names_known_place = m.places.iter().any(|p| p.resolved.place.is_some_and(|id| self.gazetteer.place(id).is_well_known()));
        // A Syrian village that shares a foreign city's name ("غزة") is not meant in a report
        // about elsewhere. A place told as lying in or beside a foreign one ("بلدة الصويري في
        // البقاع الغربي", "قرية X جنوب لبنان") is abroad, whatever Syrian village shares its name.
        let foreign = m.foreign_places.clone();
        let shares_name = m.elsewhere_weight > m.syria_weight || m.about_elsewhere;
        drop_places(&mut m, |p| {
            foreign.iter().any(|f| {
                (shares_name && f.start < p.range.end && p.range.start < f.end)
                    || (p.range.end <= f.start && self.scope.locates(&norm[p.range.end..f.start]))
            })
        });
        m
    }
}

impl Pipeline {
    /// Whether the report is about another country: its first line (the headline, or the
    /// dateline and lead) names a foreign country, people or place and neither a Syria word nor
    /// a well-known Syrian place; or no line of it says Syria and it names foreign places and
    /// peoples more often than well-known Syrian places. Villages that share a word with the
    /// text ("ورقة", "مدينة رام") are not well-known places: an admin unit, city or town is.
    fn about_elsewhere(&self, norm: &str, m: &Mentions, scope_words: &[scope::ScopeMention]) -> bool {
        let lead = 0..norm.find('\n').unwrap_or(norm.len());
        let in_lead = |r: &std::ops::Range<usize>| lead.start <= r.start && r.end <= lead.end;
        let in_actor = |r: &std::ops::Range<usize>| m.actors.iter().any(|a| a.range.start <= r.start && r.end <= a.range.end);
        let known: Vec<&PlaceMention> =
            m.places.iter().filter(|p| p.resolved.place.is_some_and(|id| self.gazetteer.place(id).is_well_known())).collect();
        let words: Vec<&scope::ScopeMention> = scope_words.iter().filter(|s| !in_actor(&s.range)).collect();
        let says_syria = |lead_only: bool| {
            words.iter().any(|s| s.class == scope::ScopeClass::Syria && (!lead_only || in_lead(&s.range)))
        };
        let foreign = |s: &&&scope::ScopeMention| s.class != scope::ScopeClass::Syria;
        let lead_foreign = words.iter().filter(foreign).any(|s| in_lead(&s.range));
        if lead_foreign && !says_syria(true) && !known.iter().any(|p| in_lead(&p.range)) {
            return true;
        }
        !says_syria(false) && words.iter().filter(foreign).count() > known.len()
    }
}

/// Removes the places `abroad` says are not Syrian, keeping the indices in `locates` right.
fn drop_places(m: &mut Mentions, abroad: impl Fn(&PlaceMention) -> bool) {
    let keep: Vec<bool> = m.places.iter().map(|p| !abroad(p)).collect();
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut new_index = vec![None; keep.len()];
    let mut next = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    let mut i = 0;
    m.places.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    for p in &mut m.places {
        p.locates = p.locates.iter().filter_map(|&c| new_index[c]).collect();
    }
}


/// The words a rule read, in the original text's characters.
fn span_evidence(text: &AlignedText, field: &str, span: std::ops::Range<usize>) -> marsad_model::Evidence {
    let chars = text.char_range(span.clone());
    marsad_model::Evidence { field: field.to_string(), start: chars.start, end: chars.end, text: Some(text.original_slice(span).to_string()) }
}

fn instrument_of(i: marsad_lexicon::triggers::Instrument) -> mentions::Instrument {
    use marsad_lexicon::triggers::Instrument as I;
    match i {
        I::Air | I::Drone => mentions::Instrument::Air,
        I::Artillery | I::Missile => mentions::Instrument::Artillery,
        I::Explosive | I::Suicide | I::Grenade => mentions::Instrument::Explosive,
        I::Gunfire => mentions::Instrument::Firearm,
        I::Chemical => mentions::Instrument::Chemical,
    }
}

/// Two place mentions belong to one list when only "و", commas or a colon stand between them.
fn same_list(text: &str, a: &marsad_gazetteer::PlaceMention, b: &marsad_gazetteer::PlaceMention) -> bool {
    if a.range.end > b.range.start {
        return false;
    }
    // Quotation marks around the names do not part them ("الشدادي"، "الركبان" و"التنف").
    let unquoted = text[a.range.end..b.range.start].replace('"', " ");
    let between = unquoted.trim();
    between.is_empty() || matches!(between, "," | "،" | ":" | "؛") || between == "و" || (a.cue.is_some() && a.cue == b.cue && b.range.start - a.range.end < 8)
}

/// Whether the normalised span ends, in the original text, with a ta marbuta (ة), which the
/// normaliser folds into ه.
fn ends_in_ta_marbuta(text: &AlignedText, range: &std::ops::Range<usize>) -> bool {
    text.original_slice(range.clone()).trim_end().ends_with('ة')
}

/// Whether a time expression writes its year ("4 تشرين الأول 2017", "نوفمبر 2019", "15 رمضان 1438").
fn with_year(expr: &time::TimeExpr) -> bool {
    match expr {
        time::TimeExpr::Date(d) => d.year.is_some(),
        time::TimeExpr::DateRange { first, .. } => first.year.is_some(),
        time::TimeExpr::Month { year, .. } => year.is_some(),
        time::TimeExpr::PeriodPart { period: time::PeriodRef::NamedMonth { year, .. } | time::PeriodRef::Year { year, .. }, .. } => year.is_some(),
        _ => false,
    }
}

/// Whether `MARSAD_DEBUG` is set: drafts, figures and readings are then printed to stderr. Read
/// once per process, not on every sentence.
pub(crate) fn debug_enabled() -> bool {
    static DEBUG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("MARSAD_DEBUG").is_some())
}
