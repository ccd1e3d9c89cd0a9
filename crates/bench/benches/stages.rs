//! One criterion bench per pipeline stage, over the bundled reports (`examples/`, `eval/`) or,
//! when `MARSAD_BENCH_CORPUS` names a JSONL file, over its first `MARSAD_BENCH_DOCS` (default
//! 300) texts. Throughput is in bytes of report text.
//!
//! ```text
//! cargo bench -p marsad-bench                      # all stages
//! cargo bench -p marsad-bench -- tokenise          # one stage
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use marsad_bench::{bundled_reports, read_jsonl_texts, workspace_root};
use marsad_extract::{ExtractOptions, Pipeline};
use marsad_gazetteer::{Gazetteer, Sources};
use marsad_lexicon::actors::ActorLexicon;
use marsad_lexicon::time::TimeLexicon;
use marsad_lexicon::triggers::TriggerLexicon;
use marsad_model::InputDocument;
use marsad_text::{find_quantities, split_sentences, tokenize, AlignedText};

fn corpus() -> Vec<String> {
    if let Some(path) = std::env::var_os("MARSAD_BENCH_CORPUS").map(PathBuf::from) {
        let limit = std::env::var("MARSAD_BENCH_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
        match read_jsonl_texts(&path) {
            Ok((texts, _)) if !texts.is_empty() => return texts.into_iter().take(limit).collect(),
            Ok(_) => eprintln!("{}: no texts; using the bundled reports", path.display()),
            Err(e) => eprintln!("{}: {e}; using the bundled reports", path.display()),
        }
    }
    bundled_reports(&workspace_root()).expect("bundled reports under examples/ and eval/")
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let aligned: Vec<AlignedText> = texts.iter().map(|t| AlignedText::new(t)).collect();
    let norms: Vec<&str> = aligned.iter().map(AlignedText::normalized).collect();
    let pipeline = Pipeline::embedded().expect("embedded pipeline");
    let gazetteer = pipeline.gazetteer();
    let actors = ActorLexicon::embedded().expect("actors");
    let triggers = TriggerLexicon::embedded().expect("triggers");
    let time = TimeLexicon::embedded().expect("time words");

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("normalise", |b| {
        b.iter(|| texts.iter().map(|t| AlignedText::new(black_box(t)).normalized().len()).sum::<usize>())
    });
    g.bench_function("sentences", |b| b.iter(|| norms.iter().map(|n| split_sentences(black_box(n)).len()).sum::<usize>()));
    g.bench_function("tokenise", |b| b.iter(|| norms.iter().map(|n| tokenize(black_box(n)).len()).sum::<usize>()));
    g.bench_function("numbers", |b| b.iter(|| norms.iter().map(|n| find_quantities(black_box(n)).len()).sum::<usize>()));
    g.bench_function("gazetteer", |b| {
        b.iter(|| {
            norms
                .iter()
                .map(|n| {
                    let found = gazetteer.find_mentions(black_box(n));
                    gazetteer.resolve(n, &found).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("actors", |b| b.iter(|| norms.iter().map(|n| actors.find(black_box(n)).len()).sum::<usize>()));
    g.bench_function("triggers", |b| {
        b.iter(|| norms.iter().map(|n| triggers.find(black_box(n)).len() + triggers.find_modifiers(n).len()).sum::<usize>())
    });
    g.bench_function("time", |b| b.iter(|| norms.iter().map(|n| time.find(black_box(n)).len()).sum::<usize>()));
    let options = ExtractOptions::default();
    let docs: Vec<InputDocument> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| InputDocument { doc_id: format!("b{i}"), text: t.clone(), published: Some("2024-01-01".into()), ..Default::default() })
        .collect();
    g.bench_function("pipeline_mentions", |b| {
        b.iter(|| aligned.iter().map(|a| pipeline.mentions(black_box(a), None).places.len()).sum::<usize>())
    });
    g.bench_function("pipeline_extract", |b| {
        b.iter(|| docs.iter().map(|d| pipeline.extract(black_box(d), &options).events.len()).sum::<usize>())
    });
    let outputs: Vec<_> = docs.iter().map(|d| pipeline.extract(d, &options)).collect();
    let out_bytes: u64 = outputs.iter().map(|o| serde_json::to_string(o).map_or(0, |s| s.len() as u64)).sum();
    g.throughput(Throughput::Bytes(out_bytes));
    g.bench_function("json_output", |b| {
        let mut buf = Vec::with_capacity(out_bytes as usize + 1024);
        b.iter(|| {
            buf.clear();
            for o in &outputs {
                serde_json::to_writer(&mut buf, black_box(o)).expect("serialising to memory");
                buf.push(b'\n');
            }
            buf.len()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("gazetteer", |b| b.iter(|| Gazetteer::from_sources(Sources::embedded(), &[]).map(|g| g.places().len())));
    g.bench_function("lexicons", |b| {
        b.iter(|| {
            let a = ActorLexicon::embedded().map(|a| a.entries().len());
            let t = TriggerLexicon::embedded().map(|t| t.entries().len());
            let w = TimeLexicon::embedded().is_ok();
            (a.ok(), t.ok(), w)
        })
    });
    // The pipeline keeps the embedded gazetteer once per process; this is the rest of its load.
    g.bench_function("pipeline_after_gazetteer", |b| b.iter_batched(|| (), |()| Pipeline::embedded().is_ok(), BatchSize::SmallInput));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = stages
}
criterion_main!(benches);
