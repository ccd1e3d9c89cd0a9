//! People on the seed reports and on real sentences from the eval and corpus files: cue words,
//! roles and affiliations, aliases, kin, and the merging of near-duplicate spellings.

mod common;

use common::pipeline;
use marsad_extract::ExtractOptions;
use marsad_model::{InputDocument, OutputDocument, Person};

const SY24: &str = include_str!("../../../examples/sy24_jorah_clash.txt");
const POLITICAL_KEYS: &str = include_str!("../../../examples/political_keys_ndf_qaterji.txt");


fn run(text: &str, published: Option<&str>) -> OutputDocument {
    let doc = InputDocument { doc_id: "t".into(), text: text.into(), published: published.map(String::from), ..Default::default() };
    pipeline().extract(&doc, &ExtractOptions::default())
}

fn person<'a>(out: &'a OutputDocument, name: &str) -> &'a Person {
    out.entities
        .people
        .iter()
        .find(|p| p.name_ar == name || p.aliases.iter().any(|a| a == name))
        .unwrap_or_else(|| panic!("no person {name} in {:#?}", out.entities.people))
}

#[test]
fn seed_003_firas_al_jahham_commands_the_ndf_in_deir_ez_zor_alias_firas_al_iraqiya() {
    let out = run(POLITICAL_KEYS, Some("2024-01-13"));
    assert_eq!(out.entities.people.len(), 1, "{:#?}", out.entities.people);
    let p = person(&out, "فراس الجهام");
    assert_eq!(p.name_ar, "فراس الجهام");
    assert_eq!(p.aliases, vec!["فراس العراقية".to_string()]);
    assert_eq!(p.roles_en, vec!["commander".to_string()]);
    assert_eq!(p.affiliation.as_deref(), Some("ndf"));
    assert_eq!(p.area.as_deref(), Some("Deir ez-Zor"));
    assert!(p.evidence.iter().any(|e| e.field == "alias" && e.text.as_deref() == Some("والمعروف باسم فراس العراقية")));
    let commands = out.relations.iter().find(|r| r.kind == "commands" && r.subject.id == p.id).expect("a commands relation");
    assert_eq!(commands.object.id, "ndf");
    assert_eq!(commands.place.as_ref().map(|x| x.name.as_str()), Some("Deir ez-Zor"));
    assert_eq!(commands.date.as_deref(), Some("2024-01-13"));
}

#[test]
fn seed_000_ahmad_al_hajj_and_ahmad_al_lahij_are_one_person_with_the_reason() {
    let out = run(SY24, None);
    let hajj: Vec<&Person> = out.entities.people.iter().filter(|p| p.name_ar.starts_with("أحمد")).collect();
    assert_eq!(hajj.len(), 1, "{:#?}", out.entities.people);
    let p = hajj[0];
    assert_eq!(p.name_ar, "أحمد الحاج");
    assert!(p.aliases.contains(&"أحمد اللاحج".to_string()), "{:?}", p.aliases);
    assert_eq!(p.affiliation.as_deref(), Some("ndf"));
    assert_eq!(p.roles_en, vec!["leader".to_string()]);
    assert_eq!(p.merge_reasons.len(), 1, "{:?}", p.merge_reasons);
    let reason = &p.merge_reasons[0];
    assert!(reason.contains("edit distance 2"), "{reason}");
    assert!(reason.contains("same affiliation"), "{reason}");
    assert!(reason.contains("كعبول اللاحج"), "the brother's surname backs the merge: {reason}");
    // Every mention of either spelling is evidence of the one person (three name spans).
    assert_eq!(p.evidence.iter().filter(|e| e.field == "name").count(), 3, "{:#?}", p.evidence);
}

#[test]
fn seed_000_kaboul_is_brother_of_the_ndf_leader() {
    let out = run(SY24, None);
    let k = person(&out, "كعبول اللاحج");
    assert!(k.roles.is_empty());
    assert_eq!(k.kin.len(), 1);
    assert_eq!(k.kin[0].relation, "brother_of");
    assert_eq!(k.kin[0].name_ar, "أحمد الحاج");
    assert!(out.relations.iter().any(|r| r.kind == "brother_of" && r.subject.id == k.id && r.object.name == "أحمد الحاج"));
    // Written twice, both times after "المدعو".
    assert_eq!(k.evidence.iter().filter(|e| e.field == "name").count(), 2);
}

#[test]
fn a_pronoun_suffixed_role_names_a_commander_without_guessing_the_group() {
    // seed 000, last sentence: "ودور قائدها “فراس العراقية”".
    let out = run(SY24, None);
    let p = person(&out, "فراس العراقية");
    assert_eq!(p.roles, vec!["قائدها".to_string()]);
    assert_eq!(p.affiliation, None);
}

#[test]
fn role_in_a_group_then_unquoted_name() {
    // ufc_V111_0 (eval dev).
    let out = run("قتل القيادي العسكري في \" هيئة تحرير الشام \" , مصطفى زهري , جراء انفجار عبوة ناسفة استهدفت سيارته في مدينة الدانا بريف إدلب الشمالي .", Some("2023-10-23"));
    let p = person(&out, "مصطفى زهري");
    assert_eq!(p.affiliation.as_deref(), Some("hts"));
    assert!(out.relations.iter().any(|r| r.kind == "member_of" && r.subject.id == p.id && r.object.id == "hts"));
}

#[test]
fn nickname_after_al_mulaqqab_bi_is_an_alias() {
    // ufc_V111_0 (eval dev).
    let out = run("وتأتي حادثة الاغتيال بعد ساعات من مقتل القيادي في \" الهيئة \" , \" أبو عبد الرحمن الحموي \" , الملقب ب - \" أمير الهاون \" في مدينة خان شيخون جنوبي إدلب .", Some("2023-10-23"));
    let p = person(&out, "أبو عبد الرحمن الحموي");
    assert_eq!(p.aliases, vec!["أمير الهاون".to_string()]);
    assert_eq!(p.affiliation.as_deref(), Some("hts"));
}

#[test]
fn rank_with_reserve_word_before_the_name() {
    // Al Mayadeen corpus (may_2023_01_149).
    let out = run("إذ بحسب رئيس مجلس الأمن القومي سابقاً، اللواء احتياط يعقوب عميدرور (ذو الخلفية الدينية)، فإنّ كلمة حل للعمليات الفلسطينية يجب إخراجها من القاموس", Some("2023-01-20"));
    let p = person(&out, "يعقوب عميدرور");
    assert_eq!(p.roles_en, vec!["major general".to_string()]);
}

#[test]
fn words_that_are_not_names_after_cues_give_no_person() {
    // Al Mayadeen corpus: "مسؤول كبير" is no one in particular; "أمير" is a given name here; a
    // spokesman of a ministry is not a member of an armed group; the closing quote of "الجيش"
    // opens no name.
    for text in [
        "وأفاد مسؤول كبير لوكالة \"رويترز\" بأنّ \"جزءاً من المبنى انهار، ويُعتقد أنّ كثيرين تحت الأنقاض\".",
        "وزير الخارجية الإيراني حسين أمير عبد اللهيان يؤكّد موقف ايران الداعم للشعب الفلسطيني ومقاومته",
        "وقال المتحدث باسم وزارة الخارجية الإيرانية ناصر كنعاني إن بلاده تدين الهجوم",
        "وقال المتحدث باسم \"الجيش\" الإسرائيليّ إنّ \"قواته قصفت أهدافاً\"",
    ] {
        let out = run(text, Some("2023-01-20"));
        assert!(out.entities.people.is_empty(), "{text}: {:#?}", out.entities.people);
    }
}

#[test]
fn different_people_with_similar_names_but_different_groups_stay_apart() {
    let text = "وقتل القيادي في ميليشيا الدفاع الوطني \"محمد الحسن\"، فيما أصيب القيادي في قوات سوريا الديمقراطية \"محمد الحسين\".";
    let out = run(text, Some("2024-01-13"));
    assert_eq!(out.entities.people.len(), 2, "{:#?}", out.entities.people);
    assert!(out.entities.people.iter().all(|p| p.merge_reasons.is_empty()));
}

#[test]
fn edit_distance_counts_characters() {
    use marsad_extract::people::levenshtein;
    assert_eq!(levenshtein("الحاج", "اللاحج"), 2);
    assert_eq!(levenshtein("", "abc"), 3);
    assert_eq!(levenshtein("فراس", "فراس"), 0);
}

#[test]
fn the_people_lexicon_loads_and_every_entry_has_a_source() {
    let lex = marsad_extract::people::PeopleLexicon::embedded().expect("people.toml loads");
    assert!(lex.cues.iter().all(|c| !c.source.trim().is_empty()));
    assert!(lex.links.iter().all(|c| !c.source.trim().is_empty()));
    assert!(lex.facilities.iter().all(|c| !c.source.trim().is_empty()));
}
