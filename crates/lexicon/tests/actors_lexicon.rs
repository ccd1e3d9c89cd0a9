//! Actor dictionary on real sentences from the seeds, the dev set and the corpus.

use marsad_lexicon::actors::{ActorLexicon, ActorMention, ActorRef};
use marsad_text::AlignedText;

fn lex() -> ActorLexicon {
    ActorLexicon::embedded().expect("embedded actors.toml loads")
}

/// (surface of the whole mention in the original text, actor id or "?" for unknown, weak).
fn mentions(lex: &ActorLexicon, text: &str) -> Vec<(String, String, bool)> {
    let t = AlignedText::new(text);
    lex.find(t.normalized())
        .into_iter()
        .map(|m: ActorMention| {
            let id = match m.actor {
                ActorRef::Known(i) => lex.entries()[i].id.clone(),
                ActorRef::Unknown => format!("?{}", &t.normalized()[m.name_range.clone()]),
            };
            (t.original_slice(m.range.clone()).to_string(), id, m.weak)
        })
        .collect()
}

fn ids(lex: &ActorLexicon, text: &str) -> Vec<String> {
    mentions(lex, text).into_iter().map(|(_, id, _)| id).collect()
}

#[test]
fn embedded_loads_and_is_consistent() {
    let lex = lex();
    assert!(lex.entries().len() >= 60);
    for e in lex.entries() {
        assert!((1..=8).contains(&e.inter), "{}", e.id);
    }
    let ypj = lex.index_of("ypj").unwrap();
    let chain: Vec<&str> = lex.ancestors(ypj).iter().map(|&i| lex.entries()[i].id.as_str()).collect();
    assert_eq!(chain, vec!["ypg", "sdf"]);
    assert_eq!(lex.get("ndf").unwrap().name_en, "NDF: National Defence Forces");
    assert_eq!(lex.get("syria_military").unwrap().name_en, "Military Forces of Syria (2000-2024)");
    assert_eq!(lex.get("akidat").unwrap().inter, 4);
}

fn has(got: &[(String, String, bool)], surface: &str, id: &str) -> bool {
    got.iter().any(|(s, i, _)| s == surface && i == id)
}

#[test]
fn head_nouns_and_quotes_seed_000() {
    let lex = lex();
    let s = "اندلعت اشتباكات وصفت بـ”العنيفة” بين عناصر دورية أمنية مشتركة وأفراد من ميليشيا “الدفاع الوطني” في حي الجورة";
    let got = mentions(&lex, s);
    assert!(has(&got, "وأفراد من ميليشيا “الدفاع الوطني”", "ndf"), "{got:?}");
    // "ميليشيا الدفاع" (headed-only alias) is the NDF; bare "الدفاع المدني" is not.
    let got = mentions(&lex, "أصيب القيادي في ميليشيا الدفاع “أحمد اللاحج” مع ثلاثة من عناصره");
    assert!(has(&got, "القيادي في ميليشيا الدفاع", "ndf"), "{got:?}");
    assert_eq!(ids(&lex, "أخمد عناصر الدفاع المدني المعارض حريقا"), vec!["civil_defence"]);
    assert!(ids(&lex, "قال وزير الدفاع الروسي").is_empty());
}

#[test]
fn security_branches_and_police() {
    let lex = lex();
    let s = "قيام دورية مشتركة من فرع الأمن الجنائي ومكافحة المخدرات والأمن العسكري والشرطة المدنية";
    let got = ids(&lex, s);
    assert_eq!(got, vec!["syria_criminal_security", "syria_anti_narcotics", "syria_military_security", "syria_police"]);
    let got = ids(&lex, "وسط معلومات عن قيام فرع المخابرات الجوية بإرسال عدد من عناصره");
    assert_eq!(got, vec!["syria_air_force_intelligence"]);
    let branch = lex.index_of("syria_criminal_security").unwrap();
    let top: Vec<&str> = lex.ancestors(branch).iter().map(|&i| lex.entries()[i].id.as_str()).collect();
    assert_eq!(top, vec!["syria_police", "syria_military"]);
}

#[test]
fn qaterji_with_and_without_head() {
    let lex = lex();
    let got = mentions(&lex, "عناصر الدفاع الوطني استولوا على حواجز ومقرات تابعة للقاطرجي في قرى وبلدات العشارة");
    assert!(has(&got, "عناصر الدفاع الوطني", "ndf"), "{got:?}");
    assert!(has(&got, "للقاطرجي", "qaterji"), "{got:?}");
    let got = mentions(&lex, "وأدت الاشتباكات لقتل عنصر من ميليشيا قاطرجي وإصابة حوالي 3 آخرين");
    assert!(has(&got, "عنصر من ميليشيا قاطرجي", "qaterji"), "{got:?}");
}

#[test]
fn regime_aliases() {
    let lex = lex();
    for s in ["قوات النظام", "قوات النظام السوري", "جيش النظام", "الجيش السوري", "الجيش العربي السوري", "القوات النظامية"] {
        assert_eq!(ids(&lex, &format!("قصفت {s} البلدة")), vec!["syria_military"], "{s}");
    }
    // Bare "النظام" is weak; with a head noun it is not.
    let got = mentions(&lex, "جراء استهداف فصائل المعارضة مواقع تابعة للنظام بقذائف الدبابة");
    assert!(got.iter().any(|(s, id, weak)| s == "للنظام" && id == "syria_military" && *weak), "{got:?}");
    assert!(has(&got, "فصائل المعارضة", "opposition"));
}

#[test]
fn sdf_is_ypg_and_quotes() {
    let lex = lex();
    let got = mentions(&lex, "وتحقق قوات \" سوريا الديمقراطية \" منذ أسابيع تقدما ضد تنظيم الدولة");
    assert!(has(&got, "قوات \" سوريا الديمقراطية \"", "sdf"), "{got:?}");
    assert!(has(&got, "تنظيم الدولة", "islamic_state"), "{got:?}");
    let got = mentions(&lex, "إذ تجددت الاشتباكات بين مقاتلي العشائر و\"قسد\" بالأسلحة الخفيفة");
    assert!(has(&got, "مقاتلي العشائر", "akidat"), "{got:?}");
    assert!(has(&got, "قسد", "sdf"), "{got:?}");
    let got = mentions(&lex, "وأوضحت المصادر أنّ القصف مصدره مسلحو قوات سوريا الديمقراطية - \"قسد\"");
    assert!(has(&got, "مسلحو قوات سوريا الديمقراطية", "sdf"), "{got:?}");
    let got = ids(&lex, "سيطرت وحدات حماية الشعب < YPG > في وقت مبكر صباح اليوم السبت");
    assert_eq!(got, vec!["ypg", "ypg"]);
    assert_eq!(ids(&lex, "أعلنت \"وحدات حماية المرأة\" التابعة لـ\"قسد\" مقتل أربعة من عناصرها"), vec!["ypj", "sdf"]);
    let got = mentions(&lex, "استهدفت المسيرة الثانية مقراً للدفاع الذاتي التابع لـ\"قسد\"");
    assert!(has(&got, "للدفاع الذاتي", "sdf_self_defence"), "{got:?}");
}

#[test]
fn islamic_state_forms() {
    let lex = lex();
    let got = mentions(&lex, "إثر هجوم مسلّح من قبل مسلحي تنظيم \"داعش\"، في منطقة جب الجراح");
    assert!(has(&got, "مسلحي تنظيم \"داعش\"", "islamic_state"), "{got:?}");
    let got = mentions(&lex, "ووجهت أصابع الاتهام لغالبيتها إلى تنظيم \" الدولة الإسلامية \" .");
    assert!(got.iter().any(|(_, id, _)| id == "islamic_state"), "{got:?}");
    // Headed-only: "تنظيم "الدولة"" is IS, bare "الدولة" is the state.
    assert_eq!(ids(&lex, "هاجم عناصر تنظيم \"الدولة\" حاجزا"), vec!["islamic_state"]);
    assert!(ids(&lex, "مؤسسات الدولة السورية").iter().all(|id| id != "islamic_state"));
    let got = mentions(&lex, "أكد ناشطون استعادة التنظيم نحو نصفها");
    assert!(got.iter().any(|(_, id, weak)| id == "islamic_state" && *weak), "{got:?}");
}

#[test]
fn hts_weak_alias() {
    let lex = lex();
    let got = mentions(&lex, "بعد ساعات من مقتل القيادي في \" الهيئة \" , \" أبو عبد الرحمن الحموي \"");
    assert!(got.iter().any(|(s, id, weak)| id == "hts" && !*weak && s.starts_with("القيادي في")), "{got:?}");
    let got = mentions(&lex, "ولم تعل ق \" الهيئة \" على اغتيال القيادي العسكري");
    assert!(got.iter().any(|(_, id, weak)| id == "hts" && *weak), "{got:?}");
    assert!(ids(&lex, "الهيئة العليا للمفاوضات").is_empty());
}

#[test]
fn foreign_forces_and_aircraft() {
    let lex = lex();
    assert_eq!(ids(&lex, "جراء استهداف الطيران الحربي الروسي بأربع غارات"), vec!["russia_military"]);
    assert_eq!(ids(&lex, "يأتي ذلك بعد تنفيذ طائرات أميركيةغارتين"), vec!["us_military"], "a word glued after ta marbuta is separated");
    assert_eq!(ids(&lex, "يأتي ذلك بعد تنفيذ طائراتأميركية"), Vec::<String>::new(), "other glued words are not matched");
    assert_eq!(ids(&lex, "يأتي ذلك بعد تنفيذ طائرات أميركية غارتين جويتين"), vec!["us_military"]);
    assert_eq!(ids(&lex, "تحليق مكثف للطيران المسير التابع للتحالف الدولي"), vec!["global_coalition"]);
    assert_eq!(ids(&lex, "استهدفت مسيرة تركية سيارة"), vec!["turkey_military"]);
    assert_eq!(ids(&lex, "قصف الطيران الحربي بلدة"), vec!["aircraft_unknown"]);
    assert_eq!(ids(&lex, "أكّدت المقاومة الإسلامية في العراق استهداف القوات الأميركية"), vec!["islamic_resistance_iraq", "us_military"]);
    assert_eq!(ids(&lex, "الغارتين استهدفتا نقاطاً للقوات الرديفة للجيش السوري"), vec!["pro_government_militia"]);
    let iran = lex.index_of("iran_military").unwrap();
    assert_eq!(lex.entries()[iran].name_en, "Military Forces of Iran (1989-)");
    assert_eq!(ids(&lex, "تلقي عناصر الميليشيات الإيرانية تعليمات"), vec!["iran_backed_militias"]);
    assert_eq!(ids(&lex, "استهدفت منشأتين يستخدمهما الحرس الثوري"), vec!["iran_military"]);
}

#[test]
fn sna_and_factions() {
    let lex = lex();
    let got = mentions(&lex, "وفصائل \"الجيش الوطني\" المدعوم من تركيا");
    assert!(has(&got, "وفصائل \"الجيش الوطني\"", "sna"), "{got:?}");
    // The backer is found too, as a weak mention for the assembler to weigh.
    assert!(got.iter().any(|(_, id, weak)| id == "turkey_military" && *weak), "{got:?}");
    assert_eq!(ids(&lex, "مقتل خمسة من عناصر الفيلق الثالث التابع للفصائل المسلحة"), vec!["sna_third_legion", "opposition"]);
    assert_eq!(ids(&lex, "اشتباكات بين فرقة السلطان مراد وأحرار الشرقية"), vec!["sultan_murad", "ahrar_al_sharqiya"]);
    assert_eq!(ids(&lex, "بعد يوم من انتزاعه من قبل جيش خالد بن الوليد"), vec!["jaysh_khalid"]);
}

#[test]
fn unidentified_civilians_protesters() {
    let lex = lex();
    let got = mentions(&lex, "هاجم مسلحون بالرشاشات حاجزيْن لـ\"قسد\"");
    assert!(got.iter().any(|(_, id, weak)| id == "unidentified_armed_group" && *weak), "{got:?}");
    let got = mentions(&lex, "وقام مسلحون من مجلس دير الزور العسكري الليلة الماضية");
    assert!(has(&got, "مسلحون من مجلس دير الزور العسكري", "dmc"), "{got:?}");
    assert_eq!(ids(&lex, "اغتال مسلحون مجهولون شابا"), vec!["unidentified_armed_group", "civilians"]);
    assert_eq!(ids(&lex, "ما أدى إلى مقتل تسعة مدنيين"), vec!["civilians"]);
    assert_eq!(ids(&lex, "ورفع المتظاهرون أعلام الثورة"), vec!["protesters"]);
    // Heads do not attach to civilians: "حركة" here is traffic.
    let got = mentions(&lex, "سمحوا بمرور البضائع وحركة المدنيين");
    assert!(has(&got, "المدنيين", "civilians"), "{got:?}");
}

#[test]
fn unknown_groups_after_open_heads() {
    let lex = lex();
    let got = mentions(&lex, "اشتباكات بين عناصر من ميليشيا أبو الفضل العباس وعناصر من قسد");
    assert!(has(&got, "عناصر من ميليشيا أبو الفضل العباس", "?ابو الفضل العباس"), "{got:?}");
    assert!(has(&got, "وعناصر من قسد", "sdf"), "{got:?}");
    let got = mentions(&lex, "استهدفت عبوة ناسفة سيارة تابعة لكتيبة \" الناصر لدين الله \" , وأدت");
    assert!(has(&got, "لكتيبة \" الناصر لدين الله \"", "?الناصر لدين الله"), "{got:?}");
    // Descriptors are not names.
    assert!(ids(&lex, "ميليشيات تابعة لإيران").iter().all(|id| !id.starts_with('?')));
    assert!(ids(&lex, "فصيل عسكري في ريف حلب").is_empty());
    // لواء without quotes is a rank or a province, never a new group.
    assert!(ids(&lex, "اللواء علي مملوك").is_empty());
    assert_eq!(ids(&lex, "مقاتلو لواء \"أسود الشرقية\""), vec!["?اسود الشرقيه"]);
}

#[test]
fn bad_files_are_rejected() {
    let base = "[heads]\nforms = [\"عناصر\"]\n[unknown]\nmax_words = 2\n";
    let entry = |inter: u8, parent: &str| {
        format!("{base}[[actor]]\nid = \"a\"\nname_en = \"A\"\nname_ar = \"ا ب\"\naliases_ar = [\"قسد\"]\ninter = {inter}\nkind = \"rebel\"\nsource = \"t\"\n{parent}")
    };
    assert!(ActorLexicon::from_toml("t.toml", &entry(2, "")).is_ok());
    assert!(ActorLexicon::from_toml("t.toml", &entry(9, "")).is_err());
    assert!(ActorLexicon::from_toml("t.toml", &entry(2, "parent = \"nobody\"\n")).is_err());
    assert!(ActorLexicon::from_toml("t.toml", &entry(2, "").replace("\"rebel\"", "\"rebels\"")).is_err());
}
