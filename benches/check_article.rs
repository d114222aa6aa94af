//! Wall time of `kintsugi check` on one 20 KB article, as a pre-commit hook runs it: a whole process,
//! from start-up (loading the built-in tables) to exit. Release build.
//!
//! Run: `cargo bench --bench check_article`. Prints the median and spread over repeated runs.

// Only the reference texts are used here; the measuring helpers are for the throughput benchmarks.
#[allow(dead_code)]
mod common;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TARGET_BYTES: usize = 20 * 1024;
const WARM_UP: usize = 5;
const RUNS: usize = 51;

/// A 20 KB article made of the seeds' lines, cut at a line boundary.
fn article() -> String {
    let mut text = String::new();
    for seed in kintsugi::files::reference_texts(&["seeds"]) {
        for line in seed.lines() {
            if text.len() + line.len() + 1 > TARGET_BYTES {
                return text;
            }
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.txt");
    let text = article();
    std::fs::write(&path, &text).unwrap();
    let run = || {
        let start = Instant::now();
        let status = Command::new(common::kintsugi_binary())
            .args(["check", "--no-config"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(
            status.code().is_some_and(|c| c <= 1),
            "kintsugi failed: {status}"
        );
        start.elapsed()
    };
    for _ in 0..WARM_UP {
        run();
    }
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "kintsugi check, one {:.1} KB article, {RUNS} runs: median {:.1} ms (min {:.1}, p90 {:.1}, max {:.1})",
        text.len() as f64 / 1024.0,
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS * 9 / 10]),
        ms(times[RUNS - 1])
    );
}
