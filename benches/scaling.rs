//! Large inputs at growing sizes: one document of 1, 10 and 100 MB, and one line of 1, 3 and 10 MB.
//! Throughput that stays flat as the input grows shows there is no quadratic path; peak memory shows
//! what one document costs. (The 1 GB JSON Lines case is the corpus benchmark with
//! KINTSUGI_BENCH_MB=1024: memory stays that of one batch.)
//!
//! Run: `cargo bench --bench scaling`.

mod common;

use std::path::Path;

/// `megabytes` of the seeds' text, repeated; as one line when `one_line`.
fn input(megabytes: usize, one_line: bool) -> String {
    let mut unit = kintsugi::files::reference_texts(&["seeds"]).concat();
    if one_line {
        unit = unit.replace('\n', " ");
    }
    let target = megabytes << 20;
    let mut text = unit.repeat(target / unit.len() + 1);
    let mut cut = target.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push('\n');
    text
}

/// Seconds and peak memory of `kintsugi check` on one file.
fn measure(path: &Path) -> (f64, Option<u64>) {
    let mut args = ["check", "--no-config", "--format", "json"]
        .map(std::ffi::OsStr::new)
        .to_vec();
    args.push(path.as_os_str());
    common::measure_on(None, &args, &[])
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    for (label, one_line, sizes) in [
        ("one document", false, &[1usize, 10, 100][..]),
        ("one line", true, &[1usize, 3, 10][..]),
    ] {
        for &megabytes in sizes {
            let path = dir.path().join(format!("input-{megabytes}.txt"));
            std::fs::write(&path, input(megabytes, one_line)).unwrap();
            let (seconds, peak) = measure(&path);
            println!(
                "{label:>12}, {megabytes:>4} MB: {seconds:>6.2} s, {:>5.1} MB/s, peak RSS {}",
                megabytes as f64 / seconds,
                common::megabytes(peak)
            );
            std::fs::remove_file(&path).unwrap();
        }
    }
}
