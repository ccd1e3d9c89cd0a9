//! The system view on the seed reports and on real sentences: control of places, who fights
//! whom, allegiance phrases, dictionary umbrellas, new actors, and collective references
//! ("الطرفين", "الأخيرة", "الدورية المشتركة") resolved to actor mentions.

mod common;

use marsad_extract::mentions::{ActorKey, Mentions};
use marsad_extract::relations::{collective_referents, CollectiveKind, CollectiveReference};
use common::pipeline;
use marsad_extract::ExtractOptions;
use marsad_model::{InputDocument, OutputDocument, Relation};
use marsad_text::AlignedText;

const SY24: &str = include_str!("../../../examples/sy24_jorah_clash.txt");
const POLITICAL_KEYS: &str = include_str!("../../../examples/political_keys_ndf_qaterji.txt");


fn run(text: &str, published: Option<&str>) -> OutputDocument {
    let doc = InputDocument { doc_id: "t".into(), text: text.into(), published: published.map(String::from), ..Default::default() };
    pipeline().extract(&doc, &ExtractOptions::default())
}

fn find<'a>(out: &'a OutputDocument, kind: &str, subject: &str, object: &str) -> Option<&'a Relation> {
    out.relations.iter().find(|r| r.kind == kind && r.subject.id == subject && (r.object.id == object || r.object.name == object))
}

fn ids(m: &Mentions, side: &[usize]) -> Vec<String> {
    let lex = pipeline().actors();
    side.iter()
        .map(|&i| match &m.actors[i].actor {
            ActorKey::Known(k) => lex.entries()[*k].id.clone(),
            ActorKey::Unknown(s) => format!("new:{s}"),
        })
        .collect()
}

#[test]
fn seed_003_ndf_controls_checkpoints_in_asharah_subaykhan_and_duwayr_taken_from_qaterji() {
    let out = run(POLITICAL_KEYS, Some("2024-01-13"));
    for place in ["Ashara", "Sbeikhan", "Dweir"] {
        let r = find(&out, "controls", "ndf", place).unwrap_or_else(|| panic!("NDF controls {place}: {:#?}", out.relations));
        assert_eq!(r.from.as_ref().map(|f| f.id.as_str()), Some("qaterji"), "{r:?}");
        assert!(r.facilities.iter().any(|f| f == "checkpoints"), "{r:?}");
        assert!(r.facilities.iter().any(|f| f == "headquarters"), "{r:?}");
        assert_eq!(r.date.as_deref(), Some("2024-01-13"));
        assert!(r.evidence.iter().any(|e| e.text.as_deref().is_some_and(|t| t.contains("استولوا على حواجز"))), "{r:?}");
    }
}

#[test]
fn seed_003_fights_come_from_the_events_with_their_dates() {
    let out = run(POLITICAL_KEYS, Some("2024-01-13"));
    let fights: Vec<&Relation> = out.relations.iter().filter(|r| r.kind == "fights").collect();
    let dates: Vec<Option<&str>> = fights.iter().map(|r| r.date.as_deref()).collect();
    assert!(dates.contains(&Some("2024-01-12")) && dates.contains(&Some("2024-01-08")), "{dates:?}");
    assert!(fights.iter().all(|r| r.subject.id == "ndf" && r.object.id == "qaterji" && r.basis == "event"));
}

#[test]
fn held_phrases_give_control_of_the_place_before_them() {
    // seed 003: "قرية درنج الواقعة بمناطق سيطرة قسد", "بريف دير الزور الشرقي الخاضع لسيطرة قوات
    // النظام السوري والميليشيات الإيرانية".
    let out = run(POLITICAL_KEYS, Some("2024-01-13"));
    let darnaj = find(&out, "controls", "sdf", "Darnaj").expect("SDF controls Darnaj");
    assert_eq!(darnaj.date.as_deref(), Some("2024-01-12"), "the date of the al-Asharah clash told in that sentence");
    assert!(find(&out, "controls", "syria_military", "Eastern Deir ez-Zor countryside").is_some());
    assert!(find(&out, "controls", "iran_backed_militias", "Eastern Deir ez-Zor countryside").is_some());
    // Real sentence from the eval set (ufc_V184_0).
    let out = run("استهدفت قوات سوريا الديمقراطية \" قسد \" المتمركزة في قرية الشيخ عيسى بأكثر من عشر قذائف هاون , عصر اليوم , قرية كلجبرين الخاضعة لسيطرة المعارضة بريف حلب الشمالي , ما أدى إلى مقتل تسعة مدنيين .", Some("2016-02-16"));
    assert!(find(&out, "controls", "opposition", "Kaljibrin").is_some(), "{:#?}", out.relations);
}

#[test]
fn allegiance_phrases_and_dictionary_umbrellas() {
    // Al Mayadeen corpus (may_2023_07_119).
    let out = run("عاد التوتر من جديد إلى خطوط التماس بين مناطق سيطرة \"قسد\"، وفصائل \"الجيش الوطني\" المدعوم من تركيا، في شمال وشمال شرق سوريا.", Some("2023-07-10"));
    assert!(find(&out, "backed_by", "sna", "turkey_military").is_some(), "{:#?}", out.relations);
    let out = run(SY24, None);
    // The NDF beside the army; the criminal security branch inside the police.
    let ndf = find(&out, "ally_of", "ndf", "syria_military").expect("NDF ally of the army");
    assert_eq!(ndf.basis, "dictionary");
    assert!(find(&out, "part_of", "syria_criminal_security", "syria_police").is_some());
}

#[test]
fn every_actor_and_resolved_place_is_an_entity() {
    let out = run(SY24, None);
    let actor_ids: Vec<&str> = out.entities.actors.iter().map(|a| a.id.as_str()).collect();
    for id in ["ndf", "syria_criminal_security", "syria_anti_narcotics", "syria_military_security", "syria_police", "syria_air_force_intelligence", "iran_backed_militias"] {
        assert!(actor_ids.contains(&id), "{id} missing from {actor_ids:?}");
    }
    let places: Vec<Option<&str>> = out.entities.places.iter().map(|p| p.gazetteer_id.as_deref()).collect();
    assert!(places.contains(&Some("ovl:al-jorah")), "{places:?}");
    // "ارتكاب الميليشيا تجاوزات": a definite head followed by ordinary words is no new group.
    assert!(out.entities.new_actors.is_empty(), "{:#?}", out.entities.new_actors);
}

#[test]
fn an_armed_group_missing_from_the_dictionary_is_a_new_actor_with_low_confidence() {
    // ufc_V111_0 (eval dev).
    let out = run("أن عبوة ناسفة استهدفت سيارة تابعة لكتيبة \" الناصر لدين الله \" , وأدت إلى مقتل القائد العسكري مصطفى زهري .", Some("2023-10-23"));
    let new = out.entities.new_actors.first().expect("a new actor");
    assert!(new.surface.contains("الناصر لدين الله"), "{new:?}");
    assert!(new.confidence < 0.5);
    assert!(out.entities.actors.iter().any(|a| a.id == new.id));
}

fn referents(text: &str) -> (AlignedText, Mentions, Vec<CollectiveReference>) {
    let t = AlignedText::new(text);
    let m = pipeline().mentions(&t, None);
    let c = collective_referents(t.normalized(), &m, pipeline().actors());
    (t, m, c)
}

const BRANCHES: [&str; 4] = ["syria_criminal_security", "syria_anti_narcotics", "syria_military_security", "syria_police"];

#[test]
fn seed_000_the_joint_patrol_is_four_branches_on_one_side() {
    let (t, m, refs) = referents(SY24);
    let patrols: Vec<_> = refs.iter().filter(|r| r.kind == CollectiveKind::Patrol).collect();
    assert!(patrols.len() >= 3, "{refs:?}");
    for p in &patrols {
        assert_eq!(p.sides.len(), 1);
        assert_eq!(ids(&m, &p.sides[0]), BRANCHES, "{}", &t.normalized()[p.range.clone()]);
    }
    // "بين عناصر دورية أمنية مشتركة وأفراد من ميليشيا “الدفاع الوطني” ... في صفوف الطرفين".
    let both = refs.iter().find(|r| r.kind == CollectiveKind::BothSides).expect("الطرفين");
    assert_eq!(ids(&m, &both.sides[0]), BRANCHES);
    assert_eq!(ids(&m, &both.sides[1]), ["ndf"]);
}

#[test]
fn seed_000_the_latter_is_the_last_named_side() {
    let (_, m, refs) = referents(SY24);
    let latter: Vec<_> = refs.iter().filter(|r| r.kind == CollectiveKind::Latter).collect();
    assert_eq!(latter.len(), 2, "{refs:?}");
    // "على عناصر الدورية، ما دفع الأخيرة للرد": the patrol.
    assert_eq!(ids(&m, &latter[0].sides[0]), BRANCHES);
    // "بين ميليشيات الدفاع الوطني والشرطة المدنية، وخاصةً مع قيام الأخيرة": the police.
    assert_eq!(ids(&m, &latter[1].sides[0]), ["syria_police"]);
}

#[test]
fn seed_003_both_sides_are_the_ndf_and_qaterji_every_time() {
    let (_, m, refs) = referents(POLITICAL_KEYS);
    let both: Vec<_> = refs.iter().filter(|r| r.kind == CollectiveKind::BothSides).collect();
    assert_eq!(both.len(), 5, "{refs:?}");
    for b in both {
        let mut sides: Vec<Vec<String>> = b.sides.iter().map(|s| ids(&m, s)).collect();
        sides.sort();
        assert_eq!(sides, vec![vec!["ndf".to_string()], vec!["qaterji".to_string()]]);
    }
}

#[test]
fn the_latter_after_a_definite_noun_is_an_adjective() {
    let (_, _, refs) = referents("وشنت قوات النظام السوري حملة اعتقالات في درعا خلال الفترة الأخيرة.");
    assert!(refs.iter().all(|r| r.kind != CollectiveKind::Latter), "{refs:?}");
}

#[test]
fn patrols_of_one_force_are_not_the_joint_patrol() {
    // seed 000: "وإرسالهم في دوريات راجلة" are the police's own patrols.
    let (t, _, refs) = referents(SY24);
    assert!(refs.iter().all(|r| !t.normalized()[r.range.clone()].contains("دوريات")));
}

#[test]
fn records_without_relations_still_parse() {
    let old = r#"{"doc_id":"x","source":null,"published":null,"events":[],"entities":{"actors":[],"people":[{"name_ar":"a","aliases":[],"roles":[],"affiliation":null,"evidence":[]}],"places":[]},"warnings":[]}"#;
    let doc: OutputDocument = serde_json::from_str(old).expect("old record parses");
    assert!(doc.relations.is_empty());
    assert_eq!(doc.entities.people[0].name_ar, "a");
}
