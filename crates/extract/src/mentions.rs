//! Mentions: everything the lexicons and the gazetteer find in one report, in one place, as
//! byte ranges of the normalised text. Assembly reads only these types, so the matchers behind
//! them can change without touching the event rules.

use std::ops::Range;

use marsad_gazetteer::ResolvedPlace;
use marsad_lexicon::time::ResolvedDate;

/// A place named in the report, resolved against the gazetteer.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    /// The whole mention, cue word included.
    pub range: Range<usize>,
    /// The resolution (name as written, English name, admin units, coordinates, precision).
    pub resolved: ResolvedPlace,
    /// Mentions of one coordinated list ("قرى العشارة وصبيخان ودوير") share a list id.
    pub list: usize,
    /// A key that is equal for two mentions of the same place.
    pub key: String,
    /// The mentions (indices into the report's places) this one is named to locate
    /// ("التابعة لمدينة الميادين", "غرب مدينة ديرالزور", "حي الميدان بدمشق").
    pub locates: Vec<usize>,
    /// A region: by its words ("ريف X", "بادية X", "ريفها") or because it names an
    /// administrative unit (a governorate, district or sub-district).
    pub region: bool,
    /// One of the regions a dual or plural countryside word lists ("ريفي إدلب واللاذقية").
    pub region_list: bool,
}

impl PlaceMention {
    /// Governorates, "ريف X" and other regions: used only when nothing more precise is named.
    /// A named place the gazetteer lacks ("تل عشترة العسكري") is not a region, whatever
    /// fallback precision its resolution carries.
    pub fn is_region(&self) -> bool {
        self.region
    }

    /// The output record of this place, named by the text under `span` (the mention itself, or
    /// a list it heads) at ACLED precision `precision`; coordinates rounded to 3 decimals.
    pub fn to_model(&self, text: &marsad_text::AlignedText, span: Range<usize>, precision: u8) -> marsad_model::Place {
        let r = &self.resolved;
        marsad_model::Place {
            name_ar: text.original_slice(span).trim().to_string(),
            name_en: r.name_en.clone(),
            admin1: r.admin1.clone(),
            admin2: r.admin2.clone(),
            admin3: r.admin3.clone(),
            lat: r.lat.map(|x| (x * 1000.0).round() / 1000.0),
            lon: r.lon.map(|x| (x * 1000.0).round() / 1000.0),
            geo_precision: Some(precision),
            gazetteer_id: r.gazetteer_id.clone(),
        }
    }
}

/// Which actor a mention names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKey {
    /// An entry of the actor dictionary, by index.
    Known(usize),
    /// An armed group the dictionary lacks, by its normalised surface form.
    Unknown(String),
}

/// An actor named in the report.
#[derive(Debug, Clone)]
pub struct ActorMention {
    /// The mention, head noun included.
    pub range: Range<usize>,
    /// Who.
    pub actor: ActorKey,
    /// Only safe with context (التنظيم، الهيئة، النظام).
    pub weak: bool,
    /// A weak name whose actor the report never names in full: not a side of an event.
    pub unsupported: bool,
    /// Written with the conjunction و as its proclitic ("ووحدات حماية المرأة"): it may join the
    /// mention before it.
    pub conjoined: bool,
}

/// What a weapon word says about how an attack was carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instrument {
    /// Aircraft, drones, air raids.
    Air,
    /// Artillery, mortars, rockets, missiles, tanks.
    Artillery,
    /// Explosive devices, mines, car bombs.
    Explosive,
    /// Small arms and machine guns.
    Firearm,
    /// Toxic gas and other chemical agents.
    Chemical,
}

/// A word that reports an event of some ACLED type.
#[derive(Debug, Clone)]
pub struct TriggerMention {
    /// The word.
    pub range: Range<usize>,
    /// ACLED event type as the word suggests it (refined later by actors and instruments).
    pub event_type: &'static str,
    /// ACLED sub-event type as the word suggests it.
    pub sub_event_type: &'static str,
    /// The instrument the word itself names ("غارة" is an air strike), if any.
    pub instrument: Option<Instrument>,
    /// How reliably the word reports an event.
    pub confidence: f32,
    /// The word needs support (an armed actor and a place or casualty) to report an event.
    pub weak: bool,
}

/// What a modifier does to the triggers around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// "لم", "نفى": the event did not happen.
    Negation,
    /// Fear, threat, intention, future: not (yet) an event.
    Future,
    /// Background with no recoverable date ("ليست الأولى", "خلال الفترات السابقة").
    Background,
    /// A heading of page furniture ("أخبار ذات صلة"): the rest of its line is not the report.
    Furniture,
    /// "قد": a hedge before the imperfect ("قد يشن"), nothing before the perfect ("قد شن").
    Modal,
    /// An earlier incident told in passing ("كانت قد", "يذكر أن"): coded only when its own
    /// words date it within the week before the report (D11).
    Retrospective,
    /// A crime ("جريمة قتل", "عصابة"): coded only if an organised armed actor is named.
    Criminal,
    /// Activity not coded (reinforcements, patrols, overflights): a sentence about it that only
    /// refers back to an event adds nothing to that event.
    NotCoded,
    /// The title of someone who speaks: an attack with this subject is verbal.
    Speaker,
    /// What a protest, comment, inquiry or anniversary is about: the event word after it is a
    /// topic, not an event told.
    Topic,
}

/// A word that changes how nearby triggers are read.
#[derive(Debug, Clone)]
pub struct ModifierMention {
    /// The word or phrase.
    pub range: Range<usize>,
    /// What it does.
    pub effect: Effect,
}

/// Which toll a casualty word counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasualtyClass {
    /// Killed.
    Killed,
    /// Injured.
    Injured,
    /// Arrested or abducted.
    Arrested,
}

/// A word that reports casualties ("مقتل", "قتلى", "أصيب", "جرحى").
#[derive(Debug, Clone)]
pub struct CasualtyWord {
    /// The word.
    pub range: Range<usize>,
    /// What it counts.
    pub class: CasualtyClass,
    /// The word ends in a ta marbuta in the original text ("إصابة"): its normalised final ه is
    /// not the pronoun of "إصابته"-like forms.
    pub ta_marbuta: bool,
}

/// A time expression and what it resolves to against the report's reference date.
#[derive(Debug, Clone)]
pub struct TimeMention {
    /// The expression.
    pub range: Range<usize>,
    /// The date, when the expression and the reference allow one.
    pub resolved: Option<ResolvedDate>,
    /// The expression speaks of a date (absolute or relative), so a missing resolution means
    /// "no reference date", not "no date said".
    pub anchored: bool,
}

/// Everything found in one report.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// Sentences (normalised byte ranges), in order.
    pub sentences: Vec<Range<usize>>,
    /// Places.
    pub places: Vec<PlaceMention>,
    /// Actors.
    pub actors: Vec<ActorMention>,
    /// Event triggers.
    pub triggers: Vec<TriggerMention>,
    /// Instrument words (aircraft, shells, explosive devices).
    pub instruments: Vec<(Range<usize>, Instrument)>,
    /// Negation, future, background words.
    pub modifiers: Vec<ModifierMention>,
    /// Casualty words.
    pub casualty_words: Vec<CasualtyWord>,
    /// Time expressions.
    pub times: Vec<TimeMention>,
    /// Number expressions.
    pub quantities: Vec<marsad_text::numbers::Quantity>,
    /// Reporting verbs ("قال", "أفاد", "أعلن"): the actor after one is a speaker.
    pub speakers: Vec<Range<usize>>,
    /// Places outside Syria.
    pub foreign_places: Vec<Range<usize>>,
    /// Words that say Syria ("سوريا", "الجيش السوري").
    pub syria_words: Vec<Range<usize>>,
    /// Collective references ("الطرفين", "الأخيرة", "الدورية المشتركة") and the actor
    /// mentions they stand for.
    pub collective: Vec<(Range<usize>, Vec<usize>)>,
    /// How much the report speaks of Syria (Syrian places and "سوريا"-words).
    pub syria_weight: usize,
    /// How much it speaks of elsewhere (foreign places and peoples).
    pub elsewhere_weight: usize,
    /// The report is about another country (its headline says so, or it never says Syria and
    /// names foreign places more than well-known Syrian ones): however many Syrian namesakes
    /// its body holds, an event is coded only where its own sentence says Syria.
    pub about_elsewhere: bool,
    /// The report names a well-known Syrian place (an admin unit, city or town), not only
    /// villages that share a word with the text.
    pub names_known_place: bool,
}

/// Items of `list` whose range lies inside `within`.
pub fn inside<'a, T, F>(list: &'a [T], within: &Range<usize>, range: F) -> impl Iterator<Item = (usize, &'a T)>
where
    F: Fn(&T) -> &Range<usize> + 'a,
{
    let within = within.clone();
    list.iter()
        .enumerate()
        .filter(move |(_, x)| {
            let r = range(x);
            r.start >= within.start && r.end <= within.end
        })
}
