//! What the benchmarks share: running the release binary and measuring it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs `kintsugi` with `args` (and `env`), returning wall seconds and peak resident memory in KB
/// (when GNU time is there to tell; `None` otherwise). With `cores`, the process is pinned to that many
/// CPUs when `taskset` is there, so a one-core number is one core's work: the reader and writer threads
/// share it with the worker.
pub fn measure_on(
    cores: Option<usize>,
    args: &[&std::ffi::OsStr],
    env: &[(&str, String)],
) -> (f64, Option<u64>) {
    let mut program: Vec<std::ffi::OsString> = Vec::new();
    let taskset = Path::new("/usr/bin/taskset");
    if let Some(cores) = cores.filter(|_| taskset.exists()) {
        program.push(taskset.into());
        program.push("-c".into());
        program.push(format!("0-{}", cores - 1).into());
    }
    let time = Path::new("/usr/bin/time");
    if time.exists() {
        program.push(time.into());
        program.push("-f".into());
        program.push("%M".into());
    }
    program.push(kintsugi_binary());
    let mut command = Command::new(&program[0]);
    command.args(&program[1..]);
    command
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let output = command.output().expect("the benchmark runs kintsugi");
    let seconds = start.elapsed().as_secs_f64();
    let peak = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok());
    (seconds, peak)
}

/// The binary measured: the release build, or KINTSUGI_BENCH_BIN's (the profile-guided build of
/// `benches/pgo-build`, say).
pub fn kintsugi_binary() -> std::ffi::OsString {
    std::env::var_os("KINTSUGI_BENCH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_kintsugi").into())
}

/// Peak memory for a report line.
pub fn megabytes(kilobytes: Option<u64>) -> String {
    kilobytes.map_or("unknown".into(), |kb| format!("{} MB", kb / 1024))
}
