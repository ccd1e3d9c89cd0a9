//! Trigger lexicon on real sentences from the seeds, the dev set and the corpus.

use marsad_lexicon::triggers::{Instrument, ModifierEffect, TriggerClass, TriggerLexicon};
use marsad_text::AlignedText;

fn lex() -> TriggerLexicon {
    TriggerLexicon::embedded().expect("embedded triggers.toml loads")
}

/// (surface, trigger id) for every trigger in the text.
fn found(lex: &TriggerLexicon, text: &str) -> Vec<(String, String)> {
    let t = AlignedText::new(text);
    lex.find(t.normalized())
        .into_iter()
        .map(|m| (t.original_slice(m.range.clone()).to_string(), lex.entries()[m.entry].id.clone()))
        .collect()
}

fn ids(lex: &TriggerLexicon, text: &str) -> Vec<String> {
    found(lex, text).into_iter().map(|(_, id)| id).collect()
}

fn has(lex: &TriggerLexicon, text: &str, surface: &str, id: &str) -> bool {
    found(lex, text).iter().any(|(s, i)| s == surface && i == id)
}

#[test]
fn loads_and_validates() {
    let lex = lex();
    assert!(lex.entries().len() >= 35);
    let air = lex.get("air_strike").unwrap();
    assert_eq!(air.event_type.as_deref(), Some("Explosions/Remote violence"));
    assert_eq!(air.sub_event_type.as_deref(), Some("Air/drone strike"));
    let t = lex.get("territory_taken").unwrap();
    assert_eq!(t.state_sub_event_type.as_deref(), Some("Government regains territory"));
    assert_eq!(Instrument::Drone.sub_event_type(), Some("Air/drone strike"));
    assert_eq!(Instrument::Gunfire.sub_event_type(), None);
}

#[test]
fn misspelt_types_are_rejected() {
    let bad = r#"
[[trigger]]
id = "x"
forms = ["اشتباك"]
class = "event"
event_type = "Battles"
sub_event_type = "Armed Clash"
confidence = 0.5
source = "test"
"#;
    assert!(TriggerLexicon::from_toml("bad.toml", bad).is_err());
    let wrong_parent = bad.replace("Armed Clash", "Air/drone strike");
    assert!(TriggerLexicon::from_toml("bad.toml", &wrong_parent).is_err());
    let unknown_type = bad.replace("\"Battles\"", "\"Battle\"").replace("Armed Clash", "Armed clash");
    assert!(TriggerLexicon::from_toml("bad.toml", &unknown_type).is_err());
    let ok = bad.replace("Armed Clash", "Armed clash");
    assert!(TriggerLexicon::from_toml("ok.toml", &ok).is_ok());
}

#[test]
fn clashes_seed_003() {
    let lex = lex();
    let s = "وبحسب المصادر، “حدثت اشتباكات، أمس الجمعة، في مدينة العشارة، بين عناصر من ميليشيا الدفاع الوطني وعناصر من ميليشيا قاطرجي";
    assert!(has(&lex, s, "اشتباكات", "clash"));
    let s2 = "وأشارت المصادر إلى أن “عمليات اشتباك محدودة جرت بين الجانبين";
    assert!(has(&lex, s2, "عمليات اشتباك", "clash"));
}

#[test]
fn verbs_take_suffixes() {
    let lex = lex();
    // "ميليشيا الدفاع الوطني ... طردت ... عناصر ميليشيا قاطرجي"
    assert!(has(&lex, "ميليشيا الدفاع الوطني في محافظة دير الزور، طردت خلال الفترات السابقة", "طردت", "territory_taken"));
    assert!(has(&lex, "عناصر الدفاع الوطني استولوا على حواجز ومقرات", "استولوا", "territory_taken"));
    assert!(has(&lex, "وقصفت \"قسد\" قرية بقرص", "وقصفت", "shelling"));
    assert!(has(&lex, "بعد اعتقاله من قبل دورية", "اعتقاله", "arrest"));
}

#[test]
fn instruments_air_artillery_explosive() {
    let lex = lex();
    let air = "لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين , ليل اليوم , جراء استهداف الطيران الحربي الروسي بأربع غارات , ساحة سوق الثلاثاء";
    let got = ids(&lex, air);
    assert!(got.contains(&"air_strike".to_string()), "{got:?}");
    assert!(got.contains(&"targeting".to_string()));
    assert!(got.contains(&"instrument_air".to_string()));
    assert!(got.contains(&"killed".to_string()));
    assert!(got.contains(&"injured".to_string()));

    let mortar = "استهدفت قوات سوريا الديمقراطية \" قسد \" المتمركزة في قرية الشيخ عيسى بأكثر من عشر قذائف هاون";
    let got = ids(&lex, mortar);
    assert!(got.contains(&"instrument_artillery".to_string()), "{got:?}");

    let ied = "قتل القيادي العسكري في \" هيئة تحرير الشام \" , مصطفى زهري , جراء انفجار عبوة ناسفة استهدفت سيارته";
    let f = found(&lex, ied);
    assert!(f.contains(&("عبوة ناسفة".into(), "explosive_device".into())), "{f:?}");
    assert!(f.contains(&("عبوة ناسفة".into(), "instrument_explosive".into())));
    assert!(f.contains(&("اغتيال".into(), "assassination".into())) || !ied.contains("اغتيال"));
    // "تحرير الشام" is a name, not a liberation.
    assert!(!f.iter().any(|(_, id)| id == "territory_taken"), "{f:?}");

    let drone = "التصعيد الجديد بدأ من الجانب التركي، الذي استهدف يومي الخميس والجمعة، بطائرتين مسيرتين، مناطق سيطرة \"قسد\"";
    let f = found(&lex, drone);
    assert!(f.iter().any(|(_, id)| id == "instrument_drone"), "{f:?}");
    // "مناطق سيطرة" describes control, not a takeover.
    assert!(!f.iter().any(|(_, id)| id == "territory_taken"), "{f:?}");
}

#[test]
fn violence_against_civilians_and_protests() {
    let lex = lex();
    assert!(ids(&lex, "اختطف مسلحون مجهولون شابا من أبناء البلدة").contains(&"abduction".to_string()));
    let p = "على وقع قرار خفض التصعيد , عمت المظاهرات اليوم الجمعة 25 أغسطس , مدن وبلدات ريف درعا";
    assert!(ids(&lex, p).contains(&"protest".to_string()));
    let march = "خرجت مسيرات حاشدة في المدينة";
    let got = ids(&lex, march);
    assert!(got.contains(&"protest".to_string()) && !got.contains(&"instrument_drone".to_string()), "{got:?}");
    let force = "أطلقت قوات الأمن النار على المتظاهرين";
    assert!(!ids(&lex, force).is_empty());
    assert!(ids(&lex, "إطلاق النار على المتظاهرين في الساحة").contains(&"excessive_force".to_string()));
}

#[test]
fn strategic_developments() {
    let lex = lex();
    let arrests = "وألقت \"قسد\"، يوم أمس،القبض على عدد من قيادات مجلس دير الزور العسكري بعد مداهمة منازلهم";
    let got = ids(&lex, arrests);
    assert!(got.iter().filter(|i| *i == "arrest").count() >= 2, "{got:?}");
    assert!(ids(&lex, "بعد حملة اعتقالات نفذتها \"قسد\"").contains(&"arrest".to_string()));
    assert!(ids(&lex, "تمكنت الفرق الهندسية من تفكيك عبوة ناسفة على الطريق").contains(&"disrupted_weapons".to_string()));
    assert!(ids(&lex, "أعلن الجيش إسقاط طائرة مسيرة في ريف حماة").contains(&"disrupted_weapons".to_string()));
    assert!(ids(&lex, "إسقاط طائرة حربية فوق ريف إدلب").contains(&"aircraft_downed".to_string()));
    let w = "سيطرت على ثلاث قرى جديدة , بعد انسحاب تنظيم الدولة الإسلامية منها";
    let got = ids(&lex, w);
    assert!(got.contains(&"withdrawal".to_string()) && got.contains(&"territory_taken".to_string()), "{got:?}");
}

#[test]
fn metaphors_are_not_events() {
    let lex = lex();
    for s in ["شن الوزير هجوما إعلاميا على المعارضة", "قصف إعلامي متواصل", "معركة سياسية داخل البرلمان", "بلدة معرة مصرين الخاضعة لسيطرة المعارضة", "أطلقت حملة تطعيم ضد شلل الأطفال"] {
        let got: Vec<String> = ids(&lex, s)
            .into_iter()
            .filter(|id| lex.get(id).is_some_and(|e| e.class == TriggerClass::Event))
            .collect();
        assert!(got.is_empty(), "{s}: {got:?}");
    }
}

#[test]
fn casualty_classes() {
    let lex = lex();
    let s = "وأدت الاشتباكات إلى سقوط قتيلين مدنيين بينهم طفل، إضافة إلى إصابة حوالي 4 آخرين";
    let f = found(&lex, s);
    let class = |id: &str| lex.get(id).map(|e| e.class);
    assert!(f.iter().any(|(_, id)| class(id) == Some(TriggerClass::Killed)), "{f:?}");
    assert!(f.iter().any(|(_, id)| class(id) == Some(TriggerClass::Injured)), "{f:?}");
    let s2 = "استشهد 5 مدنيين أثناء عملهم بجمع فطر الكمأة";
    assert!(found(&lex, s2).iter().any(|(_, id)| class(id) == Some(TriggerClass::Killed)));
    let s3 = "لقي خمسة مدنيين مصرعهم وأصيب 20 آخرون";
    let f3 = found(&lex, s3);
    assert!(f3.iter().any(|(_, id)| class(id) == Some(TriggerClass::Injured)), "{f3:?}");
    // "خسائر بشرية" alone is not a death (eval rules).
    assert!(!found(&lex, "وقعت خسائر بشرية").iter().any(|(_, id)| class(id) == Some(TriggerClass::Killed)));
}

#[test]
fn modifiers() {
    let lex = lex();
    let effects = |s: &str| -> Vec<ModifierEffect> {
        let t = AlignedText::new(s);
        lex.find_modifiers(t.normalized()).into_iter().map(|m| lex.modifiers()[m.entry].effect).collect()
    };
    assert!(effects("مع مخاوف من تجدد الاشتباكات بين ميليشيات الدفاع الوطني والشرطة المدنية").contains(&ModifierEffect::Hypothetical));
    assert!(effects("المواجهات بين الأجهزة الأمنية التابعة للنظام وميليشيا “الدفاع الوطني”، ليست الأولى التي تحدث").contains(&ModifierEffect::Background));
    assert!(effects("ولم تعلق \" الهيئة \" على اغتيال القيادي").contains(&ModifierEffect::Negation));
    assert!(effects("وقالت مصادر محلية لمنصة SY24").contains(&ModifierEffect::Report));
    assert!(effects("بالتوازي مع وصول تعزيزات عسكرية لها من الرقة").contains(&ModifierEffect::NotCoded));
    assert!(effects("وتهدد أنقرة بشن عملية عسكرية").contains(&ModifierEffect::Hypothetical));
}
