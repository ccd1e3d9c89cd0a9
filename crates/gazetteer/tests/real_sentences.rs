//! Mention finding and resolution on sentences from the seed and dev reports.

use marsad_gazetteer::{CueKind, Gazetteer, PlaceMention, ResolvedPlace};
use marsad_text::AlignedText;

fn run(text: &str) -> (String, Vec<PlaceMention>, Vec<ResolvedPlace>) {
    let g = Gazetteer::embedded().expect("embedded gazetteer loads");
    let t = AlignedText::new(text);
    let norm = t.normalized().to_string();
    let m = g.find_mentions(&norm);
    let r = g.resolve(&norm, &m);
    (norm, m, r)
}

fn names(norm: &str, m: &[PlaceMention]) -> Vec<String> {
    m.iter().map(|x| norm[x.name_range.clone()].to_string()).collect()
}

#[test]
fn dweir_resolved_by_context() {
    let text = "وقالت المصادر إن عناصر الدفاع الوطني استولوا على حواجز ومقرات تابعة للقاطرجي في قرى وبلدات العشارة وصبيخان ودوير بريف دير الزور الشرقي";
    let (norm, m, r) = run(text);
    assert_eq!(names(&norm, &m)[..3], ["العشاره", "صبيخان", "دوير"]);
    let g = Gazetteer::embedded().unwrap();
    assert!(g.lookup("دوير").len() >= 6, "دوير is ambiguous in the data");
    let dweir = &r[2];
    assert_eq!(dweir.admin1.as_deref(), Some("Deir ez-Zor"), "{dweir:?}");
    assert_eq!(dweir.geo_precision, 1);
    for x in &r[..3] {
        assert_eq!(x.admin1.as_deref(), Some("Deir ez-Zor"));
    }
}

#[test]
fn upper_and_lower_halves() {
    let (norm, m, r) = run("توجهوا إلى مدينة الميادين ودير الزور، وقرى بقرص فوقاني وتحتاني، حيث");
    let n = names(&norm, &m);
    assert!(n.contains(&"بقرص فوقاني".to_string()), "{n:?}");
    assert!(n.contains(&"تحتاني".to_string()), "{n:?}");
    let i = n.iter().position(|x| x == "تحتاني").unwrap();
    assert!(!m[i].candidates.is_empty());
    assert_eq!(r[i].admin1.as_deref(), Some("Deir ez-Zor"));
}

#[test]
fn countryside_region_precision_3() {
    let (_, m, r) = run("هاجم مسلحون حاجزين في بلدتي أبو حمام وغرانيج في ريف دير الزور الشرقي، فجر اليوم");
    let i = m.iter().position(|x| x.region.is_some()).expect("region mention");
    assert_eq!(r[i].geo_precision, 3);
    assert_eq!(r[i].admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(r[i].name_ar, "ريف دير الزور الشرقي");
    assert!(m.iter().any(|x| x.cue.as_ref().is_some_and(|c| c.kind == CueKind::Town)));
    let gh = r.iter().find(|x| x.name_ar.contains("غرانيج")).expect("Gharanij");
    assert_eq!(gh.admin1.as_deref(), Some("Deir ez-Zor"));
}

#[test]
fn jorah_neighbourhood_from_overlay_and_solid_name() {
    let (norm, m, r) = run("سقطت قذيفة على حي الجورة غرب مدينة ديرالزور");
    let n = names(&norm, &m);
    assert_eq!(n, ["الجوره", "ديرالزور"]);
    assert_eq!(m[0].parent, Some(1));
    assert_eq!(r[0].name_ar, "حي الجوره");
    assert_eq!(r[0].admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(r[0].name_en.as_deref(), Some("Deir-ez-Zor - Al-Jorah"));
    assert_eq!(r[1].gazetteer_id.as_deref(), Some("C5086"));
}

#[test]
fn cued_unknown_name() {
    let (norm, m, r) = run("قصفت الطائرات قرية زبيدات الحمر التابعة لمدينة الميادين");
    assert_eq!(names(&norm, &m)[0], "زبيدات الحمر");
    assert!(m[0].candidates.is_empty());
    assert_eq!(m[0].parent, Some(1));
    assert_eq!(r[0].admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(r[0].geo_precision, 2);
}

#[test]
fn common_words_are_not_places() {
    for text in ["في الوقت الذي تحاول فيه الحكومة", "جبهة النور سابقا أعلنت", "قال رئيس الدولة إن السلام والحرية", "وصل الشيخ إلى المدينة"] {
        let (norm, m, _) = run(text);
        assert!(m.is_empty(), "{text}: {:?}", names(&norm, &m));
    }
}

#[test]
fn foreign_cities_stay_out() {
    for text in ["قصف إسرائيلي على غزة وبيروت", "انفجار في بغداد", "اقتحام المسجد الأقصى في القدس", "غارات على صنعاء والحديدة"] {
        let (norm, m, _) = run(text);
        assert!(m.is_empty(), "{text}: {:?}", names(&norm, &m));
    }
}

#[test]
fn comma_list_after_plural_cue() {
    let (norm, m, r) = run("حيث خرجت مظاهرات في بلدات : نوى , الحراك , صيدا , إنخل , والكرك الشرقي نادت بإسقاط الأسد");
    assert_eq!(names(&norm, &m), ["نوي", "الحراك", "صيدا", "انخل", "الكرك الشرقي"]);
    for x in &r {
        assert_eq!(x.admin1.as_deref(), Some("Daraa"), "{x:?}");
    }
}

#[test]
fn region_pronoun_refers_back() {
    let (_, m, r) = run("هاجمت العشائر مقار في بلدات الشعفة والشحيل في ريف دير الزور الشرقي، إضافةً إلى بلدتي الجنينة والهرموشية في ريفها الغربي");
    let i = m.iter().rposition(|x| x.region.is_some()).unwrap();
    assert!(m[i].parent.is_some());
    assert_eq!(r[i].admin1.as_deref(), Some("Deir ez-Zor"));
    let j = r.iter().position(|x| x.name_ar.contains("الجنينه")).unwrap();
    assert_eq!(r[j].admin1.as_deref(), Some("Deir ez-Zor"), "{:?}", r[j]);
}

#[test]
fn unknown_military_hill_near_its_parent() {
    let (norm, m, r) = run("استعادت فصائل المعارضة السيطرة على تل عشترة العسكري بريف درعا الغربي , بعد يوم من انتزاعه");
    assert_eq!(names(&norm, &m)[0], "تل عشتره العسكري");
    assert!(m[0].candidates.is_empty(), "the data lacks the hill");
    assert_eq!(m[0].cue.as_ref().map(|c| c.kind), Some(CueKind::Hill));
    assert_eq!(m[0].parent, Some(1));
    assert_eq!(r[0].admin1.as_deref(), Some("Daraa"));
    assert!(r[0].lat.is_some() && r[0].geo_precision >= 2);
    let (_, m, r) = run("لاستعادة السيطرة على تل جموع العسكري المجاور لمدينة نوى الخاضعة لسيطرتها");
    assert_eq!(m[0].parent, Some(1));
    assert_eq!(r[0].geo_precision, 2);
    assert_eq!(r[0].admin1.as_deref(), Some("Daraa"));
}

#[test]
fn city_anaphor_in_a_region() {
    let (_, m, r) = run("شيعت القوات النظامية عنصرين في صفوفها بمدينة اللاذقية الخاضعة لسيطرتها , كانا قتلا أمس في ريف المدينة الشمالي");
    let i = m.iter().position(|x| x.region.is_some()).expect("region anaphor");
    assert!(m[i].anaphor);
    assert_eq!(r[i].name_en.as_deref(), Some("Northern Latakia countryside"));
    assert_eq!((r[i].geo_precision, r[i].where_prec), (3, 4));
}

#[test]
fn bridges_and_nearby_places_are_precision_2() {
    let (_, m, r) = run("تجددت الاشتباكات بالأسلحة الخفيفة بالقرب من جسر الميادين في ريف دير الزور الشرقي");
    let i = m.iter().position(|x| x.cue.as_ref().is_some_and(|c| c.kind == CueKind::Bridge)).expect("bridge");
    assert_eq!(r[i].admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!((r[i].geo_precision, r[i].where_prec), (2, 2));
    let (_, _, r) = run("سقطت قذيفة قرب مدينة الميادين");
    assert_eq!(r[0].geo_precision, 2);
}

#[test]
fn unknown_place_is_reported_unresolved() {
    let (_, m, r) = run("قصفت الطائرات قرية كفرزيتونة الغربية صباح اليوم");
    assert_eq!(m.len(), 1);
    assert!(r[0].place.is_none() && r[0].lat.is_none() && r[0].gazetteer_id.is_none(), "{:?}", r[0]);
    assert!(r[0].reasons[0].contains("unresolved"));
}

#[test]
fn a_list_item_with_a_name_head() {
    let (norm, m, _) = run("باتجاه بلدة العبارة وقريتي تل شعير وبير قورات التي تشهد مواجهات");
    assert!(names(&norm, &m).contains(&"بير قورات".to_string()), "{:?}", names(&norm, &m));
}

#[test]
fn a_reviewed_district_stands_without_a_cue_unless_it_is_a_common_word() {
    // Al Mayadeen, 2024-05-25: "في المزة" is the Damascus district, with no cue word.
    let (norm, m, r) = run("مصدر في شرطة دمشق يفيد باستشهاد شخص في انفجار عبوة ناسفة بسيارته في المزة.");
    let n = names(&norm, &m);
    let i = n.iter().position(|x| x == "المزه").expect("المزة found");
    assert_eq!(r[i].name_en.as_deref(), Some("Damascus - Mezzeh"), "{:?}", r[i]);
    // "العمال" (workers) names a Deir ez-Zor district only after a cue.
    let (norm, m, _) = run("وقال العمال إن الأجور لا تكفي.");
    assert!(names(&norm, &m).is_empty(), "{:?}", names(&norm, &m));
    let (norm, m, _) = run("قتل عامل في حي العمال بمدينة دير الزور.");
    assert!(names(&norm, &m).contains(&"العمال".to_string()));
}

#[test]
fn a_city_named_like_a_name_head_is_found_after_its_cue() {
    // "الباب" (the gate) opens names like "باب الهوى", and is the city of al-Bab after "مدينة".
    let (norm, m, r) = run("سيطرت قوات درع الفرات على مدينة الباب شرقي حلب");
    let i = names(&norm, &m).iter().position(|x| x == "الباب").expect("الباب found");
    assert_eq!(r[i].gazetteer_id.as_deref(), Some("C1202"), "{:?}", r[i]);
    let (norm, m, _) = run("وأغلقوا الباب أمام المفاوضات");
    assert!(names(&norm, &m).is_empty(), "{:?}", names(&norm, &m));
}
