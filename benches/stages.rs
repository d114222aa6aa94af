//! Where the time goes: seconds per stage and per rule on one thread, over the texts of a JSON Lines
//! corpus. The profile that guides speed work, in numbers anyone can reproduce.
//!
//! Run: `cargo bench --bench stages` (KINTSUGI_BENCH_FILE picks the corpus, default the 50 MB one that
//! `KINTSUGI_BENCH_MB=50 cargo bench --bench corpus` generates; KINTSUGI_BENCH_LIMIT_MB reads only the
//! first megabytes of it).

use kintsugi::names::lexicon::{CorpusIndex, LexiconCounts};
use kintsugi::rules::Context;
use kintsugi::{Document, RULES, TextKind};
use std::io::BufRead;
use std::sync::Arc;
use std::time::Instant;

// The binary's allocator, so that the stages take the time they take in it: with the system one, the
// rules over one document at a time took 1.50 s of the 50 MB corpus, and 1.20 s over all of them at
// once; with mimalloc, 1.18–1.25 s and 1.09–1.11 s.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::var("KINTSUGI_BENCH_FILE").map_or_else(
        |_| root.join("target/bench-corpus/corpus-50mb.jsonl"),
        std::path::PathBuf::from,
    );
    let limit: usize = std::env::var("KINTSUGI_BENCH_LIMIT_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX >> 20)
        << 20;
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (generate it with KINTSUGI_BENCH_MB=50 cargo bench --bench corpus)",
            path.display()
        )
    });
    let mut lines = Vec::new();
    let mut bytes = 0;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.unwrap();
        bytes += line.len() + 1;
        lines.push(line);
        if bytes >= limit {
            break;
        }
    }
    let megabytes = bytes as f64 / (1 << 20) as f64;
    println!("{megabytes:.1} MB of JSON Lines, {} records", lines.len());
    let report = |stage: &str, start: Instant| {
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{stage:<42} {seconds:>7.3} s {:>9.1} MB/s",
            megabytes / seconds
        );
    };

    let start = Instant::now();
    let texts: Vec<String> = lines
        .iter()
        .map(|line| kintsugi::jsonl::record_text(line).unwrap())
        .collect();
    report("parse JSON, take text", start);

    let context = Context::default();
    let start = Instant::now();
    let mut counts = LexiconCounts::default();
    for text in &texts {
        counts.add_text(text, |text, span| {
            context.knowledge.gazetteer.is_titled(text, span)
        });
    }
    let lexicon = counts.into_lexicon();
    report("corpus lexicon", start);
    let engine = kintsugi::Engine::default().with_corpus(lexicon.clone());
    let context = Context {
        corpus: Some(Arc::new(CorpusIndex::new(lexicon))),
        ..context
    };

    let start = Instant::now();
    let documents: Vec<Document> = texts
        .iter()
        .map(|text| Document::new(text, TextKind::Plain))
        .collect();
    report("Document::new", start);
    let start = Instant::now();
    documents.iter().for_each(|d| {
        d.sentences();
    });
    report("  sentences", start);
    let start = Instant::now();
    documents.iter().for_each(|d| {
        d.katakana_terms();
    });
    report("  katakana terms", start);

    let all = Instant::now();
    let mut per_document = vec![Vec::new(); documents.len()];
    for rule in RULES {
        let start = Instant::now();
        for (document, findings) in documents.iter().zip(&mut per_document) {
            rule.check(document, &context, findings);
        }
        report(&format!("  {}", rule.meta().id), start);
    }
    report("all rules", all);
    let found: usize = per_document.iter().map(Vec::len).sum();
    println!("{found} findings");

    let start = Instant::now();
    for (document, findings) in documents.iter().zip(per_document) {
        drop(kintsugi::fix::apply_fixes(document, findings));
    }
    report("apply fixes", start);

    let start = Instant::now();
    for line in &lines {
        drop(kintsugi::jsonl::process_line(
            &engine,
            kintsugi::jsonl::Mode::Check,
            line,
        ));
    }
    report("process_line (check, corpus counts given)", start);

    // As the command line's workers take them: groups of consecutive records, each rule over a group
    // before the next rule.
    let start = Instant::now();
    let line_refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    for group in line_refs.chunks(128) {
        drop(kintsugi::jsonl::process_lines(
            &engine,
            kintsugi::jsonl::Mode::Check,
            group,
        ));
    }
    report("process_lines (the same, 128 records at a time)", start);
}
