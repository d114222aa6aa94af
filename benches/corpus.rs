//! Throughput over a generated corpus: MB/s of `kintsugi check --jsonl` on one core and on all cores,
//! and the peak memory of the streaming run (corpus lexicon pass included).
//!
//! Run: `cargo bench --bench corpus` (KINTSUGI_BENCH_MB sets the corpus size, default 500;
//! KINTSUGI_BENCH_BIN measures another binary, such as `benches/pgo-build`'s). The corpus is
//! made once under target/bench-corpus/ from the seeds and fixtures, with artifacts injected at random
//! (seeded, so every run measures the same text): doubled 。, Chinese filler, name variants, furniture.

mod common;

use std::io::{BufWriter, Write};
use std::path::Path;

const FILLERS: &[&str] = &[
    "因此我们认为,这个问题非常重要。",
    "在欧州的安全保障,在欧州的立場。",
    "他们已经说了,但是没有结果。",
];
const VARIANTS: &[(&str, &str)] = &[
    ("ウィトコフ", "ヴィトコフ"),
    ("キーウ", "キエフ"),
    ("ゼレンスキー", "ゼレンスキ"),
];

/// xorshift64*: deterministic and good enough to pick injection points.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One article with a few artifacts injected.
fn damaged(article: &str, random: &mut Random) -> String {
    let mut text = article.to_string();
    for _ in 0..3 {
        match random.below(4) {
            0 => {
                let stops: Vec<usize> = text.match_indices('。').map(|(i, _)| i).collect();
                if !stops.is_empty() {
                    let at = stops[random.below(stops.len())];
                    text.insert(at, '。');
                }
            }
            1 => {
                let stops: Vec<usize> = text
                    .match_indices("。")
                    .map(|(i, _)| i + '。'.len_utf8())
                    .collect();
                if !stops.is_empty() {
                    let at = stops[random.below(stops.len())];
                    text.insert_str(at, FILLERS[random.below(FILLERS.len())]);
                }
            }
            2 => {
                let (from, to) = VARIANTS[random.below(VARIANTS.len())];
                text = text.replacen(from, to, 1);
            }
            _ => text = format!("URLをコピーしました\n{text}"),
        }
    }
    text
}

fn generate(path: &Path, megabytes: usize) {
    let target = megabytes << 20;
    if std::fs::metadata(path).is_ok_and(|m| m.len() as usize >= target) {
        return;
    }
    eprintln!("generating a {megabytes} MB corpus at {}", path.display());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let articles = kintsugi::files::reference_texts(&["seeds", "fixtures"]);
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let (mut written, mut id) = (0usize, 0usize);
    while written < target {
        let article = &articles[random.below(articles.len())];
        let record = serde_json::json!({
            "id": format!("doc-{id}"),
            "text": damaged(article, &mut random),
            "metadata": { "source": "bench", "n": id },
        });
        let line = serde_json::to_string(&record).unwrap() + "\n";
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
        id += 1;
    }
    out.flush().unwrap();
}

/// Wall seconds and peak memory of one streaming check of the corpus, on `threads` cores.
fn measure(corpus: &Path, threads: usize) -> (f64, Option<u64>) {
    let args = ["check", "--no-config", "--jsonl"].map(std::ffi::OsStr::new);
    let mut args = args.to_vec();
    args.push(corpus.as_os_str());
    common::measure_on(
        Some(threads),
        &args,
        &[("RAYON_NUM_THREADS", threads.to_string())],
    )
}

fn main() {
    let megabytes: usize = std::env::var("KINTSUGI_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!("corpus-{megabytes}mb.jsonl"));
    generate(&corpus, megabytes);
    let size_mb = std::fs::metadata(&corpus).unwrap().len() as f64 / (1 << 20) as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (one, one_peak) = measure(&corpus, 1);
    let (all, all_peak) = measure(&corpus, cores);
    let peak = common::megabytes;
    println!("corpus: {size_mb:.0} MB of JSON Lines, all rules, corpus pass included");
    if let Some(binary) = std::env::var_os("KINTSUGI_BENCH_BIN") {
        println!("binary: {}", binary.to_string_lossy());
    }
    println!(
        "1 core:  {one:.1} s, {:.1} MB/s, peak RSS {}",
        size_mb / one,
        peak(one_peak)
    );
    println!(
        "{cores} cores: {all:.1} s, {:.1} MB/s ({:.2}x), peak RSS {}",
        size_mb / all,
        one / all,
        peak(all_peak)
    );
}
