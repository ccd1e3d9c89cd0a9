//! Place-reading rules on real sentences from the fact-check corpus
//! (../shared/data/corpus/arabic_factcheck_syria_2018.jsonl.gz), found in a precision review.

use marsad_gazetteer::{Gazetteer, PlaceMention};
use marsad_text::AlignedText;

fn names(text: &str) -> Vec<String> {
    let g = Gazetteer::embedded().expect("embedded gazetteer loads");
    let t = AlignedText::new(text);
    let norm = t.normalized().to_string();
    let m: Vec<PlaceMention> = g.find_mentions(&norm);
    m.iter().map(|x| norm[x.name_range.clone()].to_string()).collect()
}

#[test]
fn dual_of_settlement_noun_is_no_place() {
    // ufc_V639_2: two villages, not al-Qaryatayn (Homs).
    let n = names("استعادة السيطرة على قريتين في ريف إدلب");
    assert!(!n.iter().any(|x| x.contains("قريتين")), "{n:?}");
    // With the article or a cue it is the town.
    let n = names("سيطرت قوات النظام على مدينة القريتين في ريف حمص");
    assert!(n.iter().any(|x| x == "القريتين"), "{n:?}");
    let n = names("دخلت القوات القريتين بعد معارك");
    assert!(n.iter().any(|x| x == "القريتين"), "{n:?}");
}

#[test]
fn relation_adjective_after_place_noun_is_no_place() {
    // ufc_V443_4: Egyptian cities and governorates, not Masriyeh (Homs).
    let n = names("وخرجت التظاهرات في مدن ومحافظات مصرية عدة تحت شعار جمعة الرحيل");
    assert!(n.is_empty(), "{n:?}");
    // ufc_V443_4: a rear base.
    let n = names("في ريف دمشق حيث معاقل كثيرة لمقاتلي المعارضة يستخدمونها قاعدة خلفية في هجماتهم على العاصمة");
    assert_eq!(n, ["ريف دمشق"]);
    // The village itself, with its article, still counts after a cue.
    let n = names("قصفت الطائرات بلدة المصرية");
    assert_eq!(n, ["المصريه"]);
}

#[test]
fn holiday_name_is_no_place() {
    // ufc_V295_3: Evacuation Day, not al-Jalaa (Deir ez-Zor).
    let n = names("كما تظاهر نحو 300 شخص في السويداء بمناسبة عيد الجلاء وحصلت اشتباكات");
    assert_eq!(n, ["السويداء"]);
}

#[test]
fn places_abroad_are_not_unknown_syrian_places() {
    // ufc_R634_1: Kilis is in Turkey.
    let n = names("وسقطت في مدينة كيليس المجاورة للحدود مع سورية");
    assert!(n.is_empty(), "{n:?}");
    // ufc_V295_3: Wadi Khaled is in Lebanon.
    let n = names("عندما هاجم عدد من الشبان السوريين في بلدة وادي خالد");
    assert!(n.is_empty(), "{n:?}");
    // A place the data lacks is still read after a cue.
    let n = names("قصفت الطائرات بلدة كفرجوم المتاخمة");
    assert!(!n.is_empty(), "{n:?}");
}
