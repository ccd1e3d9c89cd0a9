//! One test per coding rule, on real sentences (from the seed reports, the annotated reports in
//! `eval/`, and the Al Mayadeen corpus) or close paraphrases of them.

mod common;

use common::{only, pipeline, place, run};

#[test]
fn killed_and_injured_take_their_own_numbers() {
    let out = run(
        "لقي عشرة مدنيين مصرعهم وأصيب أكثر من 30 آخرين , ليل اليوم , جراء استهداف الطيران الحربي الروسي بأربع غارات , ساحة سوق الثلاثاء عند مدخل بلدة الصور بريف دير الزور الشمالي .",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!((e.fatalities, e.injured), (10, Some(30)));
    assert_eq!(e.sub_event_type, "Air/drone strike");
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Military Forces of Russia (2000-)"));
    assert_eq!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Civilians (Syria)"));
    assert!(e.civilian_targeting);
}

#[test]
fn a_subset_is_not_added() {
    let out = run(
        "استهدفت قوات سوريا الديمقراطية بأكثر من عشر قذائف هاون , عصر اليوم , قرية كلجبرين بريف حلب الشمالي , ما أدى إلى مقتل تسعة مدنيين , بينهم خمسة أطفال , وإصابة آخرين .",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!(e.fatalities, 9);
    assert_eq!(e.injured, Some(10), "'وإصابة آخرين' is a vague number of injured (D17)");
    assert_eq!(e.sub_event_type, "Shelling/artillery/missile attack");
}

#[test]
fn a_vague_toll_counts_ten() {
    let out = run("قتل عدد من عناصر قوات النظام في اشتباكات مع تنظيم الدولة الإسلامية في مدينة البوكمال اليوم.", "2017-11-10");
    assert_eq!(only(&out).fatalities, 10);
}

#[test]
fn negated_and_feared_events_are_not_coded() {
    let out = run("وسط مخاوف من تجدد الاشتباكات بين ميليشيات الدفاع الوطني والشرطة المدنية في حي الجورة بمدينة دير الزور.", "2024-01-13");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run("ونفت مصادر محلية وقوع اشتباكات في مدينة الميادين اليوم.", "2024-01-13");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn background_without_a_date_is_not_coded() {
    let out = run(
        "المواجهات بين الأجهزة الأمنية التابعة للنظام وميليشيا الدفاع الوطني، ليست الأولى التي تحدث في مدينة ديرالزور.",
        "2024-01-13",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn one_event_per_named_place() {
    let out = run(
        "حيث خرجت مظاهرات اليوم في بلدات : نوى , الحراك , صيدا , إنخل , والكرك الشرقي بريف درعا نادت بإسقاط الأسد .",
        "2017-08-25",
    );
    let places: Vec<String> = out.events.iter().map(place).collect();
    assert_eq!(out.events.len(), 5, "{places:?}");
    assert!(out.events.iter().all(|e| e.sub_event_type == "Peaceful protest"));
    assert!(out.events.iter().all(|e| e.actor1.as_ref().is_some_and(|a| a.name_en == "Protesters (Syria)")));
}

#[test]
fn a_joint_toll_is_split_over_the_events_it_totals() {
    let out = run(
        "وقبل أسبوعين، هاجمت قوات العشائر العربية مقار عدة تابعة لـ\"قسد\" في بلدات الشعفة والشحيل والحوايج في ريف دير الزور الشرقي.\nوأدّت تلك العمليات إلى مقتل 5 من عناصر قوات \"قسد\".",
        "2024-02-28",
    );
    let tolls: Vec<u32> = out.events.iter().map(|e| e.fatalities).collect();
    assert_eq!(tolls, vec![2, 2, 1], "{:?}", out.events.iter().map(place).collect::<Vec<_>>());
    assert!(out.events.iter().all(|e| e.date.as_deref() == Some("2024-02-14") && e.date_precision.as_deref() == Some("week")));
}

#[test]
fn arrests_by_a_de_facto_authority_and_abductions_by_a_group() {
    let out = run("وألقت \"قسد\"، يوم أمس، القبض على عدد من قيادات مجلس دير الزور العسكري في مدينة الحسكة.", "2023-08-28");
    let e = only(&out);
    assert_eq!((e.event_type.as_str(), e.sub_event_type.as_str()), ("Strategic developments", "Arrests"));
    assert_eq!(e.date.as_deref(), Some("2023-08-27"));
    let out = run("اختطف مسلحون من تنظيم داعش ثلاثة رعاة في بادية مدينة السخنة اليوم.", "2023-08-28");
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Abduction/forced disappearance");
}

#[test]
fn territory_taken_after_a_withdrawal_without_fighting() {
    let out = run(
        "سيطرت قوات سوريا الديمقراطية اليوم على قرية الكرامة في ريف الرقة الشرقي بعد انسحاب تنظيم الدولة الإسلامية منها.",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Non-violent transfer of territory");
}

#[test]
fn territory_taken_in_fighting() {
    let out = run(
        "سيطرت وحدات حماية الشعب صباح اليوم على بلدة تل براك شمالي الحسكة عقب اشتباكات مع تنظيم الدولة الإسلامية.",
        "2015-02-28",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Non-state actor overtakes territory");
    assert!(place(e).contains("تل براك"), "{}", place(e));
}

#[test]
fn relative_dates_resolve_against_the_report_date() {
    let out = run("اندلعت اشتباكات قبل يومين بين قوات النظام وتنظيم داعش في بادية مدينة تدمر.", "2024-02-28");
    assert_eq!(only(&out).date.as_deref(), Some("2024-02-26"));
}

#[test]
fn events_outside_syria_are_not_coded() {
    let out = run(
        "استشهد 5 فلسطينيين اليوم في قصف إسرائيلي استهدف منزلا في مدينة خان يونس جنوب قطاع غزة.",
        "2024-02-28",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run("أعلنت المقاومة الإسلامية في لبنان استهداف ثكنة إسرائيلية في الجليل الأعلى بمسيرة انقضاضية.", "2024-06-23");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn an_explosive_device_has_an_unidentified_perpetrator() {
    let out = run(
        "قتل القيادي العسكري في \"هيئة تحرير الشام\" جراء انفجار عبوة ناسفة استهدفت سيارته في مدينة الدانا بريف إدلب الشمالي اليوم.",
        "2017-10-23",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Remote explosive/landmine/IED");
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Unidentified Armed Group (Syria)"));
    assert_eq!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Hayat Tahrir al Sham"));
    assert_eq!(e.fatalities, 1);
}

#[test]
fn statements_give_no_event() {
    let out = run(
        "قال وزير الخارجية السوري وليد المعلم , اليوم الأربعاء , إن الأكراد ينافسون الجيش السوري في السيطرة على المناطق النفطية , مؤكدا أن دمشق لن تسمح بانتهاك سيادة الدولة .",
        "2017-10-11",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn notes_and_ids_are_stable() {
    let text = "حدثت اشتباكات، أمس الجمعة، في مدينة العشارة، بين عناصر من ميليشيا الدفاع الوطني وعناصر من ميليشيا قاطرجي، وأدت الاشتباكات إلى سقوط قتيلين مدنيين بينهم طفل، إضافة إلى إصابة حوالي 4 آخرين.";
    let a = run(text, "2024-01-13");
    let b = run(text, "2024-01-13");
    assert_eq!(a, b);
    let e = only(&a);
    assert!(e.notes.starts_with("On 12 January 2024, NDF: National Defence Forces clashed with Qaterji Militia in"), "{}", e.notes);
    assert!(e.notes.ends_with("2 killed, 4 injured."), "{}", e.notes);
}

#[test]
fn crime_without_an_armed_group_is_not_coded() {
    let crime = run("قتل صاحب محل في هجوم مسلح بدافع السرقة نفذته عصابة في مدينة جرمانا بريف دمشق اليوم.", "2024-02-28");
    assert!(crime.events.is_empty(), "{:#?}", crime.events);
    let attack = run("قتل صاحب محل في هجوم مسلح نفذه مجهولون في مدينة جرمانا بريف دمشق اليوم.", "2024-02-28");
    assert_eq!(attack.events.len(), 1, "the same attack without the crime words is coded");
}

#[test]
fn ground_taken_and_lost_the_same_day_is_a_clash() {
    let out = run(
        "سيطر تنظيم الدولة الإسلامية صباح اليوم على قرية الكرامة في ريف الرقة الشرقي بعد اشتباكات مع قوات النظام.\nواستعادت قوات النظام السيطرة على قرية الكرامة مساء اليوم بعد اشتباكات مع التنظيم.",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!((e.event_type.as_str(), e.sub_event_type.as_str()), ("Battles", "Armed clash"));
}

#[test]
fn the_agent_of_a_verbal_noun_told_as_a_cause_initiates() {
    let out = run(
        "شيعت القوات النظامية , اليوم , عنصرين في صفوفها بمدينة اللاذقية , كانا قتلا أمس في ريف المدينة الشمالي , جراء استهداف فصائل المعارضة مواقع تابعة للنظام بقذائف الدبابة .",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Shelling/artillery/missile attack");
    assert_eq!(e.date.as_deref(), Some("2017-02-20"));
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Opposition Rebels (Syria)"));
    assert_eq!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Military Forces of Syria (2000-2024)"));
}

#[test]
fn who_holds_ground_is_not_a_takeover() {
    let out = run(
        "قصفت قوات النظام اليوم بلدة كفرنبل في ريف إدلب الجنوبي التي تسيطر عليها فصائل المعارضة.\nوتسيطر هيئة تحرير الشام على مدينة إدلب وريفها.",
        "2017-02-21",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Shelling/artillery/missile attack");
}

#[test]
fn what_has_gone_on_since_weeks_is_not_one_event() {
    let out = run(
        "وأجبرت المعارك باتجاه مدينة البوكمال منذ أسابيع نحو 120 ألف شخص على النزوح من المدينة.",
        "2017-11-10",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_named_campaign_is_not_a_day_of_fighting() {
    let out = run(
        "تقرير حول خسائر النظام في معركة \"يا عباد الله اثبتوا\" التي أطلقتها فصائل المعارضة في حي جوبر بدمشق.",
        "2017-11-25",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_hill_the_gazetteer_lacks_is_still_the_place() {
    let out = run(
        "استعادت فصائل المعارضة , اليوم , السيطرة على تل عشترة العسكري بريف درعا الغربي , بعد اشتباكات مع جيش خالد بن الوليد .",
        "2017-02-21",
    );
    let e = only(&out);
    assert!(place(e).contains("تل عشترة"), "{}", place(e));
}

#[test]
fn the_places_before_a_witnessed_clash_are_its_places() {
    let out = run(
        "انسحب تنظيم الدولة الإسلامية اليوم باتجاه بلدة العبارة وقريتي تل شعير وبير قورات التي تشهد مواجهات عنيفة مع قسد .",
        "2017-02-21",
    );
    let clashes: Vec<String> = out.events.iter().filter(|e| e.sub_event_type == "Armed clash").map(place).collect();
    assert_eq!(clashes.len(), 3, "{clashes:?}");
    assert!(clashes.iter().any(|p| p.contains("بير قورات")), "{clashes:?}");
}

#[test]
fn a_contrast_opens_another_event_at_its_own_place() {
    let out = run(
        "استعادت فصائل المعارضة , اليوم , السيطرة على تل عشترة العسكري بريف درعا الغربي , في حين تستمر المواجهات بين الطرفين على تل جموع العسكري المجاور لمدينة نوى .",
        "2017-02-21",
    );
    let kinds: Vec<(String, String)> = out.events.iter().map(|e| (e.sub_event_type.clone(), place(e))).collect();
    assert_eq!(out.events.len(), 2, "{kinds:?}");
    assert!(kinds.iter().any(|(k, p)| k == "Armed clash" && p.contains("تل جموع")), "{kinds:?}");
}

#[test]
fn an_iterative_or_habitual_adverb_makes_background() {
    // "مراراً", "عادةً": repeated or customary violence, not one event on one day.
    let out = run(
        "قال مصدر عسكري إن الطائرات الحربية السورية قصفت مرارا مواقع المسلحين في بلدة اللطامنة بريف حماة الشمالي .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run("وتعتدي تلك المجموعات عادة على المناطق الآمنة في ريف حماة الشمالي بالقذائف .", "2023-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn idioms_of_war_are_not_events() {
    let out = run(
        "ويفرض هذا الواقع قواعد الاشتباك في بلدة اللطامنة بريف حماة الشمالي بين قوات النظام وفصائل المعارضة .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn control_as_a_state_of_affairs_is_no_takeover() {
    let out = run("وتنحصر سيطرة الفصائل المعارضة في دمشق بأجزاء من حي جوبر وحي التضامن .", "2017-11-10");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_purpose_or_a_future_verb_is_no_event() {
    // "من أجل": what someone sets out to do.
    let out = run(
        "وتبرز أهمية الطريق الدولي لقوات سوريا الديمقراطية التي تستعين بها الولايات المتحدة من أجل استعادة مدينة الرقة من تنظيم الدولة الإسلامية .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // "ستطلق": the future prefix on the verb that governs the event word.
    let out = run(
        "قال مسؤول كبير في قوات سوريا الديمقراطية إن قواته ستطلق الهجوم على مدينة الرقة من ريف الحسكة الجنوبي .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn kana_before_the_event_verb_is_background() {
    // كان + verb: a pluperfect ("had targeted") told as background, like "كانت قد".
    let out = run(
        "وكانت قصفت الطائرات الحربية الروسية بلدة كفرنبل بريف إدلب الجنوبي .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_present_relative_clause_describes_an_actor() {
    // "التي كانت تقصف": what the target used to do is not a second event.
    let out = run(
        "وقالت مصادر محلية إن الطائرات الحربية استهدفت الجماعات المسلحة التي كانت تقصف مواقع مدنية في ريف حماة الشمالي .",
        "2023-06-20",
    );
    let e = only(&out);
    let words: Vec<&str> = e.evidence.iter().filter(|x| x.field == "event_type").filter_map(|x| x.text.as_deref()).collect();
    assert_eq!(words, ["استهدفت"], "{words:?}");
    // "الذين يشنون عليه هجمات": a description of the rebels.
    let out = run(
        "وقال الجيش إن المتمردين الذين يشنون عليه هجمات انطلاقا من لبنان يتحصنون في بلدة الزبداني بريف دمشق .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_verbal_noun_of_purpose_is_no_event() {
    // "لخوض المعارك ... واستعادة": what the force is used for.
    let out = run(
        "وتستعين الولايات المتحدة بقوات سوريا الديمقراطية لخوض المعارك الميدانية مع تنظيم الدولة الإسلامية في مدينة الرقة .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // After a verb of undergoing, لـ introduces the event itself.
    let out = run(
        "تعرضت مدن وبلدات الغوطة الشرقية اليوم الخميس لقصف مدفعي مكثف من قبل قوات النظام , في مدينة دوما .",
        "2017-10-26",
    );
    assert!(!out.events.is_empty());
}

#[test]
fn an_attack_by_a_speaker_is_in_words() {
    let out = run(
        "هاجم الرئيس الأمريكي دونالد ترامب , يوم السبت , سلفه باراك أوباما , واعتبر سياسته المترهلة هي سبب تدخل روسيا وإيران في سوريا .",
        "2017-02-21",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run(
        "بدوره، شنّ مندوب سوريا الدائم لدى الأمم المتحدة، قصي الضحّاك، هجوماً على الدول التي تزعم حرصها على حقوق الإنسان، وتدعم في الوقت نفسه العدوان الإسرائيلي على بلاده.",
        "2024-03-20",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // Gunmen are no speakers.
    let out = run("هاجم مسلحون مجهولون حاجزا لقوات النظام في بلدة الصنمين بريف درعا .", "2017-02-21");
    assert_eq!(out.events.len(), 1);
}

#[test]
fn a_career_of_battles_is_background() {
    // A biography: "شارك في معارك ...", with no day of its own.
    let out = run(
        "وشرحت تفاصيل بشأن مسؤوليات القائد الإيراني، مفيدة بأنه شارك في كل مراحل الدعم خلال الحرب على سوريا، كما شارك في معارك البادية ومحيط دمشق.",
        "2023-12-25",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

/// The casualty figures of a whole text, as (class, count) pairs in text order.
fn figures(text: &str) -> Vec<(marsad_extract::mentions::CasualtyClass, marsad_extract::casualties::Count)> {
    let aligned = marsad_text::AlignedText::new(text);
    let m = pipeline().mentions(&aligned, None);
    let norm = aligned.normalized();
    marsad_extract::casualties::figures(norm, 0..norm.len(), &m.casualty_words, &m.quantities)
        .into_iter()
        .map(|f| (f.class, f.count))
        .collect()
}

use marsad_extract::casualties::Count::{Exact, Vague};
use marsad_extract::mentions::CasualtyClass::{Injured, Killed};

#[test]
fn a_pluperfect_killing_counts_the_people_named_before_it() {
    // dev ufc_V184_0: the two soldiers buried today "had been killed" yesterday.
    let out = run(
        "شيعت القوات النظامية , اليوم , عنصرين في صفوفها بمدينة اللاذقية الخاضعة لسيطرتها , كانا قتلا أمس في ريف المدينة الشمالي , جراء استهداف فصائل المعارضة مواقع تابعة للنظام بقذائف الدبابة .",
        "2017-02-21",
    );
    assert_eq!(only(&out).fatalities, 2);
}

#[test]
fn a_toll_takes_the_number_it_rose_to_not_the_shells_it_counts() {
    // dev ufc_R133_0: "ضحايا سقوط قذيفتين" are the victims of two shells, not two victims.
    let f = figures(
        "وأفاد مصدر عسكرى سورى , أمس الاثنين , بارتفاع حصيلة ضحايا سقوط قذيفتين صاروخيتين على مطحنة بالأطراف الشمالية بمحافظة حمص , وحى المزة , فى دمشق , إلى 12 شخصا , وإصابة نحو 50 آخرين .",
    );
    assert_eq!(f, vec![(Killed, Exact(12)), (Injured, Exact(50))]);
}

#[test]
fn the_number_of_a_unit_is_no_toll() {
    // ufc_V362_11 (fact-check corpus): "الفوج 137" is the 137th regiment.
    let f = figures(
        "كما دمر الطيران الحربي في غارات مكثفة آليات ونقاطا محصنة للإرهابيين في المالحة والبغيلية ومحيط جامعة الجزيرة وحقل التيم والشولا ومحيط الفوج 137 وقضى على أعداد منهم وأصاب آخرين .",
    );
    assert_eq!(f, vec![(Killed, Vague)]);
}

#[test]
fn a_running_total_before_a_comma_is_not_the_toll_of_the_killing_after_it() {
    // ufc_V641_6 (fact-check corpus): 419 journalists since 2011, then one killed.
    let f = figures(
        "وأكد التقرير أن عدد الإعلاميين الذين وثق المركز مقتلهم منذ انطلاق الثورة السورية في منتصف آذار / مارس 2011 , ارتفع إلى 419 إعلاميا , بعدما قتل الناشط الإعلامي قيس القاضي جراء القصف المدفعي من قبل قوات النظام على الغوطة الشرقية أثناء تغطيته للأحداث المتصاعدة هناك .",
    );
    assert_eq!(f, vec![(Killed, Exact(1))]);
}

#[test]
fn killed_and_injured_share_a_vague_count() {
    // may_2024_03_134 (Al Mayadeen): "some killed and injured" = 10 killed, injured not stated.
    let out = run(
        "استشهد وأُصيب عددٌ من المدنيين والعسكريين، فجر اليوم الجمعة، من جرّاء عدوانٍ إسرائيلي استهدف عدداً من النقاط في ريف مدينة حلب.",
        "2024-03-29",
    );
    let e = &out.events[0];
    assert_eq!((e.fatalities, e.injured), (10, None));
}

#[test]
fn eliminating_a_number_of_fighters_is_killing_them() {
    // may_2023_06_370 (Al Mayadeen): "القضاء على عشرات المسلحين" = dozens killed (10).
    let f = figures("كما أكّدت القضاء على عشرات المسلحين الإرهابيين، وإصابة آخرين.");
    assert_eq!(f, vec![(Killed, Vague), (Injured, Vague)]);
}

#[test]
fn a_number_goes_with_the_casualty_noun_it_counts() {
    // may_2023_07_255 (Al Mayadeen): 6 killed and 23 injured, not 6 + 23 killed.
    let f = figures(
        "أشارت وزارة الداخلية السورية، اليوم الخميس، إلى ارتفاع حصيلة التفجير الإرهابي الذي استهدف منطقة السيدة زينب بريف دمشق إلى 6 شهداء و23 مصاباً.",
    );
    assert_eq!(f, vec![(Killed, Exact(6)), (Injured, Exact(23))]);
}

#[test]
fn one_martyr_and_a_number_of_injured() {
    // ufc_R307_10 (fact-check corpus): "شهيد" alone is one person; "عدد من" counts the injured.
    let f = figures(
        "والمجموعات المسلحة تخرق اتفاق منطقة تخفيف التوتر في الغوطة الشرقية عبر استهدافها بقذيفتي هاون منطقتي السبع بحرات والعباسيين بدمشق ما أدى إلى ارتقاء شهيد وعدد من الإصابات .",
    );
    assert_eq!(f, vec![(Killed, Exact(1)), (Injured, Vague)]);
}

#[test]
fn a_verb_after_the_number_is_not_what_it_counts() {
    // ufc_R454_1 (fact-check corpus).
    let f = figures(
        "استهدف تنظيم داعش في 21 فبراير / شباط بسلسلة من التفجيرات مزارا شيعيا في دمشق وحيا للمدنيين في حمص , وفقا لتقارير إعلامية , ما أسفر عن مقتل 109 وجرح 235 آخرين , من بينهم أطفال .",
    );
    assert_eq!(f, vec![(Killed, Exact(109)), (Injured, Exact(235))]);
}

#[test]
fn a_dual_after_a_figure_counts_its_own_noun() {
    // may_2023_12_019 (Al Mayadeen): 3 killed and two injured.
    let f = figures("وارتقى 3 شهداء وجريحان من المدنيين من جراء العدوان الإسرائيلي الذي استهدف مزارع قرية الذهبية في ريف حلب الجنوبي.");
    assert_eq!(f, vec![(Killed, Exact(3)), (Injured, Exact(2))]);
}

#[test]
fn singular_nouns_after_bayna_divide_a_number() {
    // ufc_V495_3 (fact-check corpus): "بين قتيل وأسير" is "killed or captured", not one each.
    let f = figures("ووقعت أغلب القوة المقتحمة للنظام والمدعومة بالميليشيات الشيعية بين قتيل وأسير .");
    assert!(!f.contains(&(Killed, Exact(1))), "{f:?}");
}

#[test]
fn destroying_trucks_kills_nobody() {
    // ufc_R128_11 (fact-check corpus): "القضاء على ثلاث شاحنات" counts trucks.
    let f = figures("كما تم القضاء على ثلاث شاحنات مموهة ركنت على بعد نصف كيلومتر عن الموقع .");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn a_back_reference_beside_a_curfew_is_not_a_new_arrest() {
    // may_2023_08_089 (dev), paraphrased: the arrest is told, then "the arrest operation" is
    // named again beside a curfew and a hunt for IS cells; that is not a second arrest, and
    // not an abduction by IS.
    let out = run(
        "وألقت \"قسد\"، يوم أمس، القبض على عدد من قيادات مجلس دير الزور العسكري بعد مداهمة منازلهم في حي خشمان في مدينة الحسكة.\nوجاء الترتيب لعملية الاعتقال تزامناً مع الإعلان عن عملية لملاحقة خلايا \"داعش\"، وفرض حظر تجوال في بعض أحياء مدينة الحسكة.",
        "2023-08-28",
    );
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Arrests");
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("SDF: Syrian Democratic Forces"));
}

#[test]
fn any_event_is_no_event() {
    // ufc_V46_0: "have not yet suffered any harassment or warning strikes".
    let out = run("وأكدت المصادر أن القوات لم تتعرض حتى اللحظة لأي مضايقات أو غارات تحذيرية من قبل التحالف في ريف الرقة.", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run("ويحتفظ السكان بالقنابل في بيوتهم كنوع من الحماية عند حصول أي مداهمات في بلدة سقبا.", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn circumstances_and_topics_are_not_events() {
    // may_2023_09_354: standing control named as the circumstances of something else.
    let out = run("وتأتي الزيارة في ظل سيطرة الجيش السوري على معبر البوكمال الحدودي.", "2023-09-10");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // ufc_R634_1, paraphrased: what protesters denounce is the topic of the protest.
    let out = run("وخرجت يوم الجمعة مظاهرات في مدينة إدلب تنديدا بالقصف الروسي على حلب.", "2016-10-08");
    let e = only(&out);
    assert_eq!(e.event_type, "Protests");
}

#[test]
fn calls_preparations_and_coming_battles_are_not_events() {
    // ufc_V295_3: a call to protest is not a protest.
    let out = run("ودعا ناشطون إلى تنظيم تظاهرات جديدة في مدينة درعا.", "2011-04-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // ... but what the call led to is told as having happened.
    let out = run("دعا آلاف المعزين إلى الثورة خلال تشييع جنازة في درعا مما اضطر قوات الأمن إلى إطلاق الغاز المسيل للدموع لتفريق الحشود.", "2011-03-19");
    assert_eq!(out.events.len(), 1, "{:#?}", out.events);
    // ufc_V46_0: the coming battle for Deir ez-Zor.
    let out = run("ويتضمن التفاهم بين قسد والنظام الاتفاق حول معركة دير الزور المقبلة.", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // A day "next" week is still to come.
    let out = run("وقالت المصادر إن قصفا مدفعيا سيستهدف بلدة اللطامنة يوم الخميس المقبل.", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_question_reports_nothing() {
    // ufc_V482_12: an interview question.
    let out = run("ما أهم معارككم مع ميليشيا حزب الله في القلمون؟", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    let out = run("هل قصفت الطائرات الروسية مدينة إدلب اليوم؟", "2017-06-20");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn a_pluperfect_with_its_subject_between_is_background() {
    // ufc_V188_2: "وكانت تحرير الشام سيطرت على ..." after the report's event. Told as
    // background, it is not an event of the report's day.
    let out = run(
        "قتل قيادي في هيئة تحرير الشام برصاص مجهولين في مدينة سراقب اليوم. وكان تنظيم داعش هاجم مقرا للهيئة في بلدة بنش.",
        "2017-10-20",
    );
    assert_eq!(out.events.len(), 1, "{:#?}", out.events);
    let out = run(
        "قتل قيادي في هيئة تحرير الشام برصاص مجهولين في مدينة سراقب اليوم. وكانت الطائرات الروسية قصفت بلدة بنش.",
        "2017-10-20",
    );
    assert_eq!(out.events.len(), 1, "{:#?}", out.events);
}

#[test]
fn what_delivered_a_bomb_decides_its_sub_type() {
    // ufc_V668_1: "قنبلة ألقتها مروحية" is an air strike, not an IED; with no side named the
    // striker is unidentified, the civilians are the target.
    let out = run("قتل خمسة مدنيين جراء قنبلة ألقتها مروحية على بلدة اللطامنة اليوم.", "2017-03-30");
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Air/drone strike");
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Unidentified Military Forces"));
    assert_eq!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Civilians (Syria)"));
    assert_eq!(e.fatalities, 5);
    // A shell that exploded is shelling; a mine is a remote explosive.
    let out = run("قتل مدنيان بانفجار قذيفة في حي الميدان بدمشق اليوم.", "2017-03-30");
    assert_eq!(only(&out).sub_event_type, "Shelling/artillery/missile attack");
    let out = run("قتل عنصران من قوات النظام بانفجار لغم أرضي في ريف حماة اليوم.", "2017-03-30");
    assert_eq!(only(&out).sub_event_type, "Remote explosive/landmine/IED");
    // "الطائرات الروسية" are aircraft.
    let out = run("قصفت الطائرات الروسية مدينة إدلب اليوم.", "2017-03-30");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
}

#[test]
fn a_neighbourhood_in_its_city_is_one_place_and_a_nominative_dual_counts_two() {
    // "حي الميدان بدمشق": the neighbourhood lies in the city named after ب; Aleppo's Midan is
    // not it. "مدنيان" is two civilians.
    let out = run("قتل مدنيان بانفجار قذيفة في حي الميدان بدمشق اليوم.", "2017-03-30");
    let e = only(&out);
    assert_eq!(e.fatalities, 2);
    assert_eq!(e.location.as_ref().and_then(|l| l.admin1.clone()).as_deref(), Some("Damascus"));
}

#[test]
fn force_used_on_a_protest_is_a_protest_event() {
    // ufc_V295_3, paraphrased: gunfire on protesters is excessive force, dispersal and arrests
    // at a protest an intervention (the coding rules).
    let out = run("أطلقت قوات الأمن النار على متظاهرين في مدينة حمص اليوم ما أدى إلى مقتل 3 منهم.", "2011-04-18");
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Excessive force against protesters");
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Protesters (Syria)"));
    assert_eq!(e.fatalities, 3);
    let out = run("فرقت قوات الأمن مظاهرة في حي الميدان بدمشق اليوم واعتقلت عددا من المتظاهرين.", "2011-04-18");
    assert_eq!(only(&out).sub_event_type, "Protest with intervention");
    // A dispersal word alone makes no event.
    let out = run("فرقت قوات الأمن الحشود في ساحة المدينة.", "2011-04-18");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn an_account_opened_by_a_contrast_keeps_its_own_sides() {
    // ufc_V252_2, paraphrased: the shell that fell "في حين" has no named side; the regime's
    // shelling before it is another account.
    let out = run("قتل مدني جراء قصف لقوات النظام على بلدة كفرنبل، في حين سقطت قذيفة على حي الزهراء في حلب.", "2017-10-05");
    assert_eq!(out.events.len(), 2, "{:#?}", out.events);
    let second = out.events.iter().find(|e| place(e).contains("الزهراء")).expect("the second account");
    assert!(second.actor1.is_none(), "{:#?}", second.actor1);
}

#[test]
fn a_nationality_adjective_names_the_striker() {
    // ufc_V443_4: "مقاتلات إسرائيلية".
    let out = run("مقاتلات إسرائيلية تهاجم مركز أبحاث بدمشق.", "2013-01-30");
    let e = only(&out);
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Military Forces of Israel (2022-)"));
    let out = run("قتل ثلاثة مدنيين بقصف مدفعي تركي على قرية في ريف عين العرب اليوم.", "2023-01-30");
    assert_eq!(only(&out).actor1.as_ref().map(|a| a.name_en.as_str()), Some("Military Forces of Turkey (2016-)"));
}

#[test]
fn the_dead_named_with_the_article_are_no_new_toll() {
    // ufc_V295_3: a chant for "the martyrs' blood" kills no one.
    let out = run("خرجت مظاهرة في مدينة درعا اليوم هاتفين بالحرية والوفاء لدماء الشهداء.", "2011-04-12");
    assert_eq!(only(&out).fatalities, 0);
    // "سقوط قتلى" is the vague plural: 10.
    let out = run("قصفت قوات النظام بلدة كفرنبل اليوم ما أدى إلى سقوط قتلى وجرحى.", "2017-10-05");
    assert_eq!(only(&out).fatalities, 10);
}

#[test]
fn who_holds_a_place_and_where_people_come_from_are_not_the_event() {
    // ufc_V453_2, paraphrased: the opposition holds the town; the army shelled it.
    let out = run("قتل 3 مدنيين بقصف لقوات النظام على مدينة أريحا الخاضعة لسيطرة فصائل المعارضة اليوم.", "2017-10-05");
    let e = only(&out);
    assert_eq!(e.actor1.as_ref().map(|a| a.name_en.as_str()), Some("Military Forces of Syria (2000-2024)"));
    assert_ne!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Opposition Rebels (Syria)"));
    // "مدينة تحت سيطرة": "under" is no town.
    let out = run("قتل 3 مدنيين بقصف لقوات النظام على مدينة تحت سيطرة الفصائل في ريف إدلب اليوم.", "2017-10-05");
    assert_eq!(place(only(&out)), "ريف إدلب");
    // ufc_V33_3, paraphrased: the evacuees are from Kafraya; the bomb went off in al-Rashidin.
    let out = run("قتل 22 شخصا بانفجار سيارة مفخخة استهدف حافلات تقل أهالي بلدة كفريا في حي الراشدين بمدينة حلب اليوم.", "2017-04-15");
    assert!(!place(only(&out)).contains("كفريا"), "{:#?}", out.events);
    // With no other place, the people's home town is where it happened.
    let out = run("قتل ثلاثة من أهالي بلدة كفرنبل بقصف جوي اليوم.", "2017-10-05");
    assert_eq!(place(only(&out)), "بلدة كفرنبل");
}

#[test]
fn a_joint_count_of_killed_and_injured_is_vague() {
    // may_2023_06_201: "أكثر من 50 قتيلاً وجريحاً" says how many died only vaguely.
    let out = run("قصفت قوات النظام مدينة دوما اليوم ما أدى إلى سقوط أكثر من 50 قتيلاً وجريحاً.", "2017-10-05");
    assert_eq!(only(&out).fatalities, 10);
    let out = run("قصفت قوات النظام مدينة دوما اليوم ما أدى إلى سقوط 12 بين قتيل وجريح.", "2017-10-05");
    assert_eq!(only(&out).fatalities, 10);
    // ufc_V440_0: "واستشهد على إثرها 3 عناصر".
    let out = run("قصفت قوات النظام مدينة دوما اليوم واستشهد على إثرها 3 عناصر من الفصائل.", "2017-10-05");
    assert_eq!(only(&out).fatalities, 3);
}

#[test]
fn allies_are_one_side_and_foreign_attacks_come_from_the_air() {
    // ufc_V84_7: "بالتعاون مع مجموعات الدفاع الشعبي" is the army's partner, not its enemy.
    let out = run("سيطرت قوات النظام بالتعاون مع مجموعات الدفاع الشعبي على قرية تل حديا في ريف حلب الجنوبي اليوم بعد اشتباكات مع فصائل المعارضة.", "2016-01-10");
    let e = only(&out);
    assert_eq!(e.actor2.as_ref().map(|a| a.name_en.as_str()), Some("Opposition Rebels (Syria)"));
    // may_2024_03_336: a foreign state's "attacks" with no fighting told are strikes from the air.
    let out = run("شنت القوات الأميركية مجموعة من الهجمات على مواقع في مدينة الميادين فجر اليوم.", "2024-03-26");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
    // may_2024_06_199: "عدواناً جوياً".
    let out = run("شن الاحتلال الإسرائيلي عدواناً جوياً على نقاط جنوبي دمشق بقصف باستخدام الصواريخ ما أدى إلى مقتل جنديين.", "2024-06-19");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
    // Machine guns are direct fire: a fight, not shelling.
    let out = run("هاجم مسلحون بالأسلحة الرشاشة حاجزا لقوات النظام في مدينة الصنمين اليوم.", "2024-04-29");
    assert_eq!(only(&out).sub_event_type, "Armed clash");
}


#[test]
fn a_verbal_noun_in_ta_marbuta_counts_the_person_after_it() {
    // may_2023_01_034: "إصابة سائق سوري" is one injured; the normalised ه of "إصابة" is not the
    // pronoun of "إصابته".
    let out = run("قصفت قوات النظام بلدة كفرنبل اليوم ما أدى إلى إصابة طفل بجروح.", "2017-10-05");
    assert_eq!(only(&out).injured, Some(1));
    let out = run("قصفت قوات النظام بلدة كفرنبل اليوم وقتل مدني فيها وأعلن الدفاع المدني إصابته بجروح.", "2017-10-05");
    assert_eq!(only(&out).injured, None);
}

#[test]
fn an_event_near_a_place_is_coded_there_unless_its_own_place_is_named() {
    // may_2024_06_199: "أطراف قرية الحميدية في ريف القنيطرة" is at al-Hamidiyah, not the
    // countryside; "أم الخلاخيل قرب بلدة الخوين" is at Umm al-Khalakhil.
    let out = run("استهدف قصف إسرائيلي أطراف قرية الحميدية في ريف القنيطرة الأوسط اليوم.", "2024-06-19");
    assert_eq!(place(only(&out)), "قرية الحميدية");
    let out = run("قصفت قوات النظام محيط مدينة اللطامنة بريف حماة الشمالي اليوم.", "2017-10-05");
    assert_eq!(place(only(&out)), "مدينة اللطامنة");
    let out = run("سيطرت قوات النظام على قرية أم الخلاخيل قرب بلدة الخوين في ريف إدلب اليوم.", "2017-10-05");
    assert_eq!(place(only(&out)), "قرية أم الخلاخيل");
}

/// The places of a report's events, in order, with their gazetteer ids.
fn event_places(out: &marsad_model::OutputDocument) -> Vec<(String, Option<String>)> {
    out.events.iter().map(|e| (place(e), e.location.as_ref().and_then(|l| l.gazetteer_id.clone()))).collect()
}

#[test]
fn quoted_names_of_a_list_are_places_each() {
    let out = run("قصفت قوات النظام بالمدفعية بلدتي \" حزة \" و \" زملكا \" في الغوطة الشرقية اليوم.", "2024-03-10");
    let ids: Vec<_> = event_places(&out).into_iter().map(|(_, id)| id).collect();
    assert_eq!(ids, vec![Some("C2313".to_string()), Some("C2320".to_string())], "{:#?}", out.events);
}

#[test]
fn an_unknown_first_name_after_a_plural_cue_counts_when_a_known_place_follows() {
    let out = run("تعرضت بلدات كفربطنا وحمورية وسقبا لقصف مدفعي اليوم من قوات النظام.", "2024-03-10");
    let places = event_places(&out);
    assert_eq!(places.len(), 3, "{places:?}");
    assert!(places[0].0.contains("كفربطنا"), "{places:?}");
}

#[test]
fn a_dual_cue_names_each_place_with_its_singular() {
    // "حقلي كونيكو والعمر" is "حقل كونيكو" and "حقل العمر".
    let out = run("استهدفت طائرة مسيرة اليوم حقلي كونيكو والعمر في ريف دير الزور.", "2024-03-10");
    let ids: Vec<_> = event_places(&out).into_iter().map(|(_, id)| id).collect();
    assert_eq!(ids, vec![Some("ovl:conoco-gas-field".to_string()), Some("ovl:al-omar-oil-field".to_string())]);
}

#[test]
fn places_of_one_list_are_not_back_references_to_each_other() {
    // The definite "التظاهرات" reads as a back-reference, but each town of the list has its own.
    let out = run("في مدينتي سلقين وحارم، شارك المئات اليوم في التظاهرات المطالبة بإسقاط الحكومة.", "2024-03-10");
    assert_eq!(out.events.len(), 2, "{:#?}", event_places(&out));
}

#[test]
fn neighbourhoods_are_places_of_their_own_unless_told_as_parts_of_their_city() {
    let out = run("استهدفت غارات جوية روسية اليوم حيي الصاخور والشعار.", "2024-03-10");
    assert_eq!(out.events.len(), 2, "{:#?}", event_places(&out));
    let out = run("استهدفت غارات جوية روسية اليوم حيي الصاخور والشعار في مدينة حلب.", "2024-03-10");
    assert_eq!(out.events.len(), 1, "{:#?}", event_places(&out));
}

#[test]
fn vague_injured_count_ten_and_hundreds_count_a_hundred() {
    // docs/CODING_RULES.md D17: a vague number of injured is 10, "مئات" is 100.
    let out = run("قصفت قوات النظام بلدة تلمنس بقذائف الهاون صباح اليوم وأسفر القصف عن إصابة عدد من المارة.", "2018-03-04");
    assert_eq!(only(&out).injured, Some(10));
    let out = run("شنت طائرات حربية غارات على بلدة كفرنبل في ريف إدلب اليوم وجرح آخرون من السكان.", "2018-03-04");
    assert_eq!(only(&out).injured, Some(10));
    let f = figures("وأدى القصف الى مقتل مئات المدنيين وجرح العشرات.");
    assert_eq!(f, vec![(Killed, Exact(100)), (Injured, Vague)]);
}

#[test]
fn a_stated_number_of_killed_and_injured_together_is_vague() {
    // docs/CODING_RULES.md D17: "مقتل وجرح 50" = 10 killed, injured not stated.
    let out = run("انفجرت سيارة مفخخة في سوق مدينة أعزاز اليوم ما أدى إلى مقتل وجرح 27 شخصا.", "2018-03-04");
    let e = only(&out);
    assert_eq!((e.fatalities, e.injured), (10, None));
    let out = run("انفجرت سيارة مفخخة في سوق مدينة أعزاز اليوم ما أدى إلى مقتل وإصابة عدد من المدنيين.", "2018-03-04");
    let e = only(&out);
    assert_eq!((e.fatalities, e.injured), (10, None));
}

#[test]
fn a_dated_line_after_the_report_is_page_furniture() {
    // docs/CODING_RULES.md D1, D12: a date with its year after the publication date is a ticker
    // or sidebar, not the time of the event; the event keeps the report's date.
    let out = run("أهم الأخبار ليوم كانون الثاني 2018\nقصفت قوات النظام حي الصالحين في مدينة حلب بالمدفعية.", "2017-12-05");
    assert_eq!(only(&out).date.as_deref(), Some("2017-12-05"));
    let out = run("نشرة شهر نوفمبر 2019 : قصفت قوات النظام حي الصالحين في مدينة حلب بالمدفعية.", "2017-12-05");
    assert_eq!(only(&out).date.as_deref(), Some("2017-12-05"));
}

#[test]
fn a_negated_casualty_word_counts_none() {
    // "without injuries" is no injured, not a vague number of them.
    let f = figures("وسقطت القذائف على أطراف البلدة دون وقوع إصابات في صفوف الأهالي.");
    assert_eq!(f, vec![(Injured, Exact(0))]);
    let f = figures("ولم يسفر القصف عن قتلى أو جرحى بين المدنيين.");
    assert!(f.iter().all(|(_, c)| *c == Exact(0)), "{f:?}");
}

#[test]
fn singular_nouns_joined_by_and_count_one_each() {
    // "قتل رجل وامرأة" is two people, "إصابة طفل وطفلة وشاب" three.
    let f = figures("وقتل رجل وامرأة جراء سقوط القذيفة على منزلهما.");
    assert_eq!(f, vec![(Killed, Exact(2))]);
    let f = figures("وأدى الانفجار إلى إصابة طفل وطفلة وشاب بجروح.");
    assert_eq!(f, vec![(Injured, Exact(3))]);
}

#[test]
fn the_means_told_beside_the_event_outranks_one_told_elsewhere_in_the_sentence() {
    // An aircraft that only watched, in another clause, does not make the shelling an air strike.
    let out = run(
        "ورصدت طائرات الجيش تحركات للمسلحين قرب قرية كفرنبل، وجرى استهداف مواقعهم بقذائف الهاون اليوم.",
        "2023-06-10",
    );
    assert_eq!(only(&out).sub_event_type, "Shelling/artillery/missile attack");
    // The means the event word names ("قصف مدفعي") is the event's, whatever else the sentence says.
    let out = run("تعرضت بلدة كفرنبل اليوم لقصف مدفعي من قوات النظام بعد تحليق للطيران الحربي فوقها.", "2023-06-10");
    assert_eq!(only(&out).sub_event_type, "Shelling/artillery/missile attack");
}

#[test]
fn a_strike_by_a_force_that_fights_only_from_the_air_is_an_air_strike_when_no_means_is_told() {
    let out = run("استهدف العدوان الإسرائيلي مواقع عسكرية في محيط مدينة القنيطرة فجر اليوم.", "2024-02-10");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
    let out = run("قتل ثلاثة مدنيين في قصف روسي على بلدة كفرنبل اليوم.", "2017-06-10");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
    // Told means still decide: missiles fired from the ground are shelling.
    let out = run("قصف الجيش الإسرائيلي بقذائف الدبابات موقعا عسكريا قرب مدينة القنيطرة اليوم.", "2024-02-10");
    assert_eq!(only(&out).sub_event_type, "Shelling/artillery/missile attack");
}

#[test]
fn toxic_agents_make_a_chemical_weapon_event() {
    let out = run("قتل عشرون مدنيا في قصف بالغازات السامة على بلدة اللطامنة بريف حماة اليوم.", "2017-03-30");
    assert_eq!(only(&out).sub_event_type, "Chemical weapon");
}

#[test]
fn small_arms_told_with_shells_in_an_attack_make_a_clash() {
    let out = run(
        "شن مسلحون هجوما بالأسلحة الرشاشة وقذائف الهاون على حاجز لقوات النظام في بلدة الصنمين اليوم.",
        "2024-04-29",
    );
    assert_eq!(only(&out).sub_event_type, "Armed clash");
}

#[test]
fn one_strike_told_with_more_means_in_a_later_sentence_is_one_event() {
    // The first sentence tells no means (a default sub-type), the second names it: one strike.
    let out = run(
        "سمع دوي انفجارات في قاعدة التنف اليوم.\nوقالت مصادر إن القاعدة تعرضت لقصف صاروخي.",
        "2024-02-10",
    );
    assert_eq!(only(&out).sub_event_type, "Shelling/artillery/missile attack");
}

#[test]
fn two_strikes_at_one_place_each_told_with_its_own_means_are_two_events() {
    let out = run(
        "وقالت المصادر إن أربعة صواريخ استهدفت قاعدة التنف، كما استهدفت طائرة مسيرة مهبط الطائرات داخل القاعدة اليوم.",
        "2024-02-10",
    );
    let subs: Vec<&str> = out.events.iter().map(|e| e.sub_event_type.as_str()).collect();
    assert_eq!(subs.len(), 2, "{subs:?}");
    assert!(subs.contains(&"Air/drone strike") && subs.contains(&"Shelling/artillery/missile attack"), "{subs:?}");
}

#[test]
fn the_side_that_takes_a_place_decides_who_regains_or_overtakes_it() {
    // The government's forces are named first, but the group right after the verb takes the place.
    let out = run("بعد معارك عنيفة مع قوات النظام، سيطر تنظيم داعش على قرية عقيربات بريف حماة الشرقي اليوم.", "2017-06-10");
    assert_eq!(only(&out).sub_event_type, "Non-state actor overtakes territory");
}

fn sides_of(e: &marsad_model::Event) -> (Option<&str>, Option<&str>) {
    (e.actor1.as_ref().map(|a| a.name_en.as_str()), e.actor2.as_ref().map(|a| a.name_en.as_str()))
}

#[test]
fn an_unclaimed_drone_at_a_foreign_base_is_an_armed_groups() {
    // The coding rules (Actors, D15): drones or rockets at a foreign force's base with no one
    // named come from an armed group; the base's owner is the side hit.
    let out = run("استهدفت طائرة مسيرة مساء اليوم القاعدة الأميركية في حقل العمر بريف دير الزور الشرقي.", "2024-03-02");
    let e = only(&out);
    assert_eq!(sides_of(e), (Some("Unidentified Armed Group (Syria)"), Some("Military Forces of the United States (2021-)")));
}

#[test]
fn the_owner_of_two_bases_is_the_target() {
    // "القاعدتين" (dual) names what was hit as well as "القاعدة" does.
    let out = run("أفادت مصادر محلية اليوم باستهداف القاعدتين الأميركيتين في الشدادي وتل بيدر بريف الحسكة بعدة صواريخ.", "2024-03-02");
    assert!(!out.events.is_empty());
    for e in &out.events {
        assert_eq!(sides_of(e), (Some("Unidentified Armed Group (Syria)"), Some("Military Forces of the United States (2021-)")));
    }
}

#[test]
fn what_a_strike_reached_is_its_target() {
    // "الذي طال X": X is acted upon, not the striker.
    let out = run("وقع صباح اليوم قصف صاروخي طال القوات التركية قرب بلدة مارع بريف حلب الشمالي.", "2024-03-02");
    let e = only(&out);
    assert_eq!(sides_of(e), (Some("Unidentified Armed Group (Syria)"), Some("Military Forces of Turkey (2016-)")));
}

#[test]
fn the_agent_of_a_relative_clause_or_a_passive_acted() {
    // "هجوم نفذه X", "أطلقت من قبل X": X acted, though the side hit is named first.
    let out = run("أصيب عنصران من قسد اليوم في هجوم نفذه مسلحو تنظيم داعش على بلدة الشحيل بريف دير الزور.", "2024-03-02");
    let e = only(&out);
    assert_eq!(sides_of(e).0, Some("Islamic State (Syria)"));
    assert_eq!(sides_of(e).1, Some("SDF: Syrian Democratic Forces"));
    let out = run("قتل عنصر من قوات النظام اليوم بقذيفة أطلقت من قبل فصائل المعارضة على بلدة كرناز بريف حماة الشمالي.", "2024-03-02");
    let e = only(&out);
    assert_eq!(sides_of(e), (Some("Opposition Rebels (Syria)"), Some("Military Forces of Syria (2000-2024)")));
}

#[test]
fn a_clash_between_two_sides_keeps_the_order_named() {
    // "بين X وY" names the sides; a later "من قبل Y" tells a turn of the clash.
    let out = run("اندلعت اليوم اشتباكات عنيفة بين هيئة تحرير الشام وحركة أحرار الشام في بلدة إبلين بريف إدلب تلتها هجمات معاكسة من قبل أحرار الشام.", "2024-03-02");
    let e = out.events.iter().find(|e| e.event_type == "Battles").expect("a clash");
    assert_eq!(sides_of(e).0, Some("Hayat Tahrir al Sham"));
}

#[test]
fn aircraft_of_two_states_named_together_are_syrian() {
    // D14: "الطائرات الحربية السورية والروسية" is coded to the Syrian forces.
    let out = run("شنت الطائرات الحربية السورية والروسية اليوم غارات على بلدة كنصفرة بريف إدلب الجنوبي.", "2019-05-10");
    let e = only(&out);
    assert_eq!(sides_of(e).0, Some("Military Forces of Syria (2000-2024)"));
    let out = run("قصف الطيران الحربي الروسي السوري اليوم قرية الهبيط بريف إدلب الجنوبي.", "2019-05-10");
    assert_eq!(sides_of(only(&out)).0, Some("Military Forces of Syria (2000-2024)"));
}

#[test]
fn aircraft_stay_the_striker_when_the_only_group_named_owns_the_target() {
    // "دمر الطيران الحربي نقاطاً للمسلحين": the group named owns what was hit; the aircraft
    // of no named state struck.
    let out = run("استهدف الطيران الحربي اليوم بغارات نقاطاً محصنة لتنظيم داعش قرب مدينة السخنة بريف حمص الشرقي.", "2017-08-01");
    let e = only(&out);
    assert_eq!(sides_of(e), (Some("Unidentified Military Forces"), Some("Islamic State (Syria)")));
}

#[test]
fn a_name_cut_by_a_quote_still_owns_the_target() {
    // "مواقع لهيئة "تحرير الشام"": the ل on the name's first word links it to "مواقع".
    let out = run("تعرضت مواقع لهيئة \"تحرير الشام\" قرب بلدة سرمين بريف إدلب اليوم لقصف من مسيرات روسية.", "2023-06-25");
    let e = only(&out);
    assert_eq!(sides_of(e), (Some("Military Forces of Russia (2000-)"), Some("Hayat Tahrir al Sham")));
}

#[test]
fn the_subject_of_the_main_verb_outranks_the_agent_of_an_earlier_loss() {
    // "استعادت X السيطرة على ... بعد يومين من انتزاعها من قبل Y": X took the ground now.
    let out = run("استعادت قوات النظام اليوم السيطرة على بلدة كفرنبودة بريف حماة بعد يومين من انتزاعها من قبل هيئة تحرير الشام.", "2019-05-27");
    let e = out.events.iter().find(|e| e.date.as_deref() == Some("2019-05-27")).expect("the retaking");
    assert_eq!(sides_of(e).0, Some("Military Forces of Syria (2000-2024)"));
}

#[test]
fn an_incident_dated_long_before_the_report_is_background() {
    // D11: an incident its own words date more than two weeks back is told in passing.
    let out = run(
        "واستعادت الفصائل المسلحة بلدة تل رفعت من تنظيم الدولة الإسلامية في 3 آذار 2016 بعد معارك عنيفة.",
        "2017-11-20",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // The sentences after it go on in that past time: they are not news either.
    let out = run(
        "وفي 12 أيلول 2017 قصفت الطائرات الحربية مدينة معرة النعمان.\nوأسفر القصف عن مقتل 4 مدنيين في مدينة معرة النعمان.",
        "2017-11-20",
    );
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn an_earlier_incident_told_in_passing_is_coded_when_dated_within_the_week() {
    // D11: "كانت ... قد" with a time of its own in the week before the report is news.
    let out = run("وكانت الطائرات الحربية قد قصفت أمس بلدة كفرنبل في ريف إدلب الجنوبي.", "2024-03-10");
    let e = only(&out);
    assert_eq!(e.date.as_deref(), Some("2024-03-09"));
    // "في وقت سابق اليوم": earlier today.
    let out = run("وفي وقت سابق اليوم، قصفت المدفعية التركية قرية أم الحوش في ريف حلب الشمالي.", "2024-03-10");
    assert_eq!(only(&out).date.as_deref(), Some("2024-03-10"));
    // With no time word of its own, still background.
    let out = run("وكانت الطائرات الحربية قد قصفت بلدة كفرنبل في ريف إدلب الجنوبي.", "2024-03-10");
    assert!(out.events.is_empty(), "{:#?}", out.events);
    // Nor with one older than the rule allows.
    let out = run("وكانت الطائرات الحربية قد قصفت بلدة كفرنبل في ريف إدلب الجنوبي في 2 كانون الثاني الماضي.", "2024-03-10");
    assert!(out.events.is_empty(), "{:#?}", out.events);
}

#[test]
fn page_furniture_after_the_first_line_is_not_coded() {
    // D12: a "related stories" heading and the other reports' headlines after it on its line.
    let text = "اشتباكات بين فصائل المعارضة وقوات النظام في ريف حماة\nاندلعت اشتباكات عنيفة اليوم بين فصائل المعارضة وقوات النظام في بلدة كفرزيتا بريف حماة الشمالي.\nأخبار ذات صلة الطيران الروسي يقصف مدينة سراقب بريف إدلب قوات النظام تسيطر على بلدة التمانعة";
    let out = run(text, "2018-01-20");
    let e = only(&out);
    assert_eq!(e.sub_event_type, "Armed clash");
    assert_eq!(place(e), "بلدة كفرزيتا");
    // On the first line, where scraping glues the page header to the lead, the heading is
    // not taken as furniture.
    let text = "الرئيسية اقرأ أيضا قصفت الطائرات الحربية اليوم مدينة سراقب بريف إدلب.\nوأفاد ناشطون بسقوط جرحى.";
    let out = run(text, "2018-01-20");
    assert_eq!(only(&out).sub_event_type, "Air/drone strike");
}
