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

#[test]
fn printout() {
    let lex = lex();
    for s in [
        "اندلعت اشتباكات وصفت بـ”العنيفة” بين عناصر دورية أمنية مشتركة وأفراد من ميليشيا “الدفاع الوطني” في حي الجورة",
        "بين عناصر من ميليشيا الدفاع الوطني وعناصر من ميليشيا قاطرجي المنحدرين من مدينة العشارة",
    ] {
        eprintln!("{s}\n  {:?}", mentions(&lex, s));
    }
}
