//! The compiled resource (`data/gazetteer/gazetteer.bin`) against the data files it is made
//! from. When this fails after editing a TSV file or the compilation rules, run
//! `cargo run -p marsad-gazetteer --features build --bin gazetteer-build -- compile data/gazetteer`.

use marsad_gazetteer::{Gazetteer, GazetteerError, Sources};

#[test]
fn embedded_resource_matches_the_data_files() {
    assert!(Gazetteer::embedded_resource_is_fresh(), "gazetteer.bin is older than the TSV files: recompile it");
    let compiled = Gazetteer::compile_resource(Sources::embedded()).expect("data compiles");
    let embedded: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.bin");
    assert!(compiled == embedded, "gazetteer.bin differs from what the current rules compile: recompile it");
}

#[test]
fn resource_and_sources_give_the_same_gazetteer() {
    let fast = Gazetteer::embedded().expect("loads");
    let slow = Gazetteer::from_sources(Sources::embedded(), &[]).expect("compiles");
    assert_eq!(fast.len(), slow.len());
    assert_eq!(fast.name_count(), slow.name_count());
    for name in ["دير الزور", "ديرالزور", "دوير", "بقرص", "الجورة", "حقل العمر"] {
        assert_eq!(fast.lookup(name), slow.lookup(name), "{name}");
    }
    for (a, b) in fast.places().zip(slow.places()).step_by(97) {
        assert_eq!((&a.id, &a.names_ar, a.lat, &a.adm1_en), (&b.id, &b.names_ar, b.lat, &b.adm1_en));
        assert_eq!(fast.by_id(&a.id), slow.by_id(&b.id));
    }
}

#[test]
fn damaged_resources_are_refused() {
    for bytes in [&b""[..], b"MRSDGAZ\0\x63\0\0\0\0\0\0\0\0\0\0\0", b"not a gazetteer at all, no"] {
        let bytes: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
        assert!(matches!(Gazetteer::from_resource(bytes), Err(GazetteerError::Header { .. })));
    }
    let embedded: &[u8] = include_bytes!("../../../data/gazetteer/gazetteer.bin");
    let cut: &'static [u8] = Box::leak(embedded[..embedded.len() / 2].to_vec().into_boxed_slice());
    assert!(Gazetteer::from_resource(cut).is_err());
}
