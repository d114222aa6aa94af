//! What the benchmarks share: running the release binary and measuring it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs `kintsugi` with `args` (and `env`), returning wall seconds and peak resident memory in KB
/// (when GNU time is there to tell; `None` otherwise).
pub fn measure(args: &[&std::ffi::OsStr], env: &[(&str, String)]) -> (f64, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut command = Command::new(time);
        command
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_kintsugi"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_kintsugi"))
    };
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

/// Peak memory for a report line.
pub fn megabytes(kilobytes: Option<u64>) -> String {
    kilobytes.map_or("unknown".into(), |kb| format!("{} MB", kb / 1024))
}
