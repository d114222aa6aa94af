//! `check --jsonl` and `fix --jsonl`: records streamed in batches, processed in parallel, written in
//! input order. Memory holds one batch, whatever the corpus size.

use super::{Prepared, Status, status_of};
use crate::Engine;
use crate::files::{Input, Source};
use crate::jsonl::{self, Mode};
use crate::names::lexicon::{Lexicon, LexiconCounts};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory in JSON Lines mode.
pub(super) const EXTENSIONS: &[&str] = &["jsonl", "gz", "zst"];
/// Records per batch, and bytes at most: enough to keep every core busy, small enough to bound memory.
const BATCH_RECORDS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;

fn input_path(input: &Input) -> PathBuf {
    match &input.source {
        Source::Stdin => PathBuf::from("-"),
        Source::File(path) => path.clone(),
    }
}

/// A line as read: its bytes without the line break. UTF-8 is checked by the worker that takes the
/// record, so a line that is not UTF-8 is one bad record, not the end of the stream.
type Line = Vec<u8>;

/// The line as text; `None` when it is not valid UTF-8 (SIMD validation: the standard one showed up in
/// profiles at corpus scale).
fn line_text(line: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(line).ok()
}

/// Why a line that is not UTF-8 is a bad record.
const NOT_UTF8: &str = "not valid UTF-8";

/// Reads `path` in batches of (line number, line) and hands each batch to `handle`.
///
/// A reader thread reads the next batch while `handle` processes this one, so the workers do not wait
/// on the disk or the pipe; the channel holds one batch, which bounds memory.
fn for_each_batch(
    path: &Path,
    progress: &ProgressBar,
    mut handle: impl FnMut(Vec<(usize, Line)>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let reader = jsonl::open_reader(path)?;
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    let reading_progress = progress.clone();
    let reader_thread = std::thread::spawn(move || {
        read_batches(reader, &reading_progress, |batch| {
            sender.send(batch).is_ok()
        })
    });
    for batch in receiver {
        // On an error the receiver is dropped, so the reader stops at its next batch.
        handle(batch)?;
    }
    reader_thread
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the reader thread panicked")))
}

/// Reads lines into batches and gives each to `send`, until the input ends or `send` says stop. On a
/// read error the records read before it are sent first, so none is lost.
fn read_batches(
    mut reader: Box<dyn BufRead + Send>,
    progress: &ProgressBar,
    mut send: impl FnMut(Vec<(usize, Line)>) -> bool,
) -> std::io::Result<()> {
    let mut batch = Vec::with_capacity(BATCH_RECORDS);
    let mut batch_bytes = 0;
    let mut line_number = 0;
    loop {
        line_number += 1;
        let line = match read_line(&mut *reader, progress) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(error) => {
                if !batch.is_empty() {
                    send(batch);
                }
                return Err(error);
            }
        };
        if line.trim_ascii().is_empty() {
            continue;
        }
        batch_bytes += line.len();
        batch.push((line_number, line));
        if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
            if !send(std::mem::take(&mut batch)) {
                return Ok(());
            }
            batch_bytes = 0;
        }
    }
    if !batch.is_empty() {
        send(batch);
    }
    Ok(())
}

/// The next line without its line break; `None` at the end of the input.
///
/// A line inside the reader's buffer is copied out once, into a vector of its size; only a line that
/// runs past the buffer grows one (`read_until` grew a fresh vector by doubling for every record).
fn read_line(reader: &mut dyn BufRead, progress: &ProgressBar) -> std::io::Result<Option<Line>> {
    let buffered = reader.fill_buf()?;
    if buffered.is_empty() {
        return Ok(None);
    }
    let mut bytes = match memchr::memchr(b'\n', buffered) {
        Some(end) => {
            let line = buffered[..end].to_vec();
            reader.consume(end + 1);
            progress.inc(end as u64 + 1);
            line
        }
        None => {
            let mut line = Vec::new();
            let read = reader.read_until(b'\n', &mut line)?;
            progress.inc(read as u64);
            line
        }
    };
    while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        bytes.pop();
    }
    Ok(Some(bytes))
}

/// A progress bar over the inputs' bytes on stderr; indicatif draws nothing when stderr is not a
/// terminal, so logs and pipes stay clean.
fn progress_bar(inputs: &[Input], message: &str) -> ProgressBar {
    let total: u64 = inputs
        .iter()
        .filter_map(|input| match &input.source {
            Source::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Source::Stdin => None,
        })
        .sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .expect("valid template"),
    );
    bar.set_message(message.to_string());
    bar
}

/// The corpus counts of JSON Lines inputs; each bad record or unreadable input is told to `problem`.
pub(super) fn corpus_lexicon(
    engine: &Engine,
    inputs: &[Input],
    mut problem: impl FnMut(String),
) -> Lexicon {
    let mut lexicon = LexiconCounts::default();
    let progress = progress_bar(inputs, "counting");
    for input in inputs {
        let shown = input.display_path();
        let result = for_each_batch(&input_path(input), &progress, |batch| {
            // Counted in parallel, each worker into its own counts, then added up: a serial merge
            // held the workers back. Bad records come back by line number, in order.
            let (counts, mut bad) = batch
                .par_iter()
                .fold(
                    || (LexiconCounts::default(), Vec::new()),
                    |(mut counts, mut bad), (number, line)| {
                        let text = line_text(line)
                            .ok_or_else(|| NOT_UTF8.to_string())
                            .and_then(jsonl::record_text);
                        match text {
                            Ok(text) => engine.count_document(&mut counts, &text),
                            Err(reason) => bad.push((*number, reason)),
                        }
                        (counts, bad)
                    },
                )
                .reduce(
                    || (LexiconCounts::default(), Vec::new()),
                    |(left, mut left_bad), (right, right_bad)| {
                        left_bad.extend(right_bad);
                        (left.merged(right), left_bad)
                    },
                );
            lexicon = std::mem::take(&mut lexicon).merged(counts);
            bad.sort_unstable();
            for (number, reason) in bad {
                problem(format!("{shown}:{number}: bad record: {reason}"));
            }
            Ok(())
        });
        if let Err(error) = result {
            problem(format!("{shown}: {error}"));
        }
    }
    progress.finish_and_clear();
    lexicon.into_lexicon()
}

pub(super) fn run(
    prepared: &Prepared,
    mode: Mode,
    output: Option<&Path>,
    skip_bad_records: bool,
) -> Result<Status, String> {
    let mut writer = jsonl::open_writer(output).map_err(|e| {
        format!(
            "cannot write {}: {e}",
            output.map_or("stdout".into(), |p| p.display().to_string())
        )
    })?;
    let mut had_error = prepared.had_error;
    let mut failing = false;
    let (mut records, mut bad_records) = (0usize, 0usize);
    let progress = progress_bar(
        &prepared.inputs,
        if mode == Mode::Fix {
            "fixing"
        } else {
            "checking"
        },
    );
    for input in &prepared.inputs {
        let path = input_path(input);
        let shown = input.display_path();
        let result = for_each_batch(&path, &progress, |batch| {
            let processed: Vec<_> = batch
                .par_iter()
                .map(|(_, line)| {
                    line_text(line).map(|text| jsonl::process_line(&prepared.engine, mode, text))
                })
                .collect();
            for (record, (number, line)) in processed.iter().zip(&batch) {
                // A line that is not UTF-8 is a bad record like the others: passed through as it was.
                let (error, worst_left, output) = match record {
                    Some(record) => (
                        record.error.as_deref(),
                        record.worst_left,
                        record.line.as_bytes(),
                    ),
                    None => (Some(NOT_UTF8), None, line.as_slice()),
                };
                if let Some(reason) = error {
                    bad_records += 1;
                    progress.suspend(|| {
                        eprintln!(
                            "kintsugi: error: {shown}:{number}: bad record, {}: {reason}",
                            if skip_bad_records {
                                "skipped"
                            } else {
                                "passed through"
                            }
                        )
                    });
                    if skip_bad_records {
                        continue;
                    }
                } else {
                    records += 1;
                }
                failing |= worst_left
                    .zip(prepared.fail_on)
                    .is_some_and(|(worst, level)| worst >= level);
                writer.write_all(output)?;
                writer.write_all(b"\n")?;
            }
            Ok(())
        });
        if let Err(error) = result {
            progress.suspend(|| eprintln!("kintsugi: error: {shown}: {error}"));
            had_error = true;
        }
    }
    progress.finish_and_clear();
    writer
        .flush()
        .map_err(|e| format!("writing the records: {e}"))?;
    drop(writer);
    eprintln!(
        "{} {}{}.",
        if mode == Mode::Fix {
            "Fixed"
        } else {
            "Checked"
        },
        crate::output::plural(records, "record"),
        if bad_records > 0 {
            format!(
                "; {} reported",
                crate::output::plural(bad_records, "bad record")
            )
        } else {
            String::new()
        }
    );
    Ok(status_of(had_error || bad_records > 0, failing))
}

/// Each record's id and summary, streamed; bad records are reported by line. Returns whether any input
/// or record was bad.
pub(super) fn summaries(
    prepared: &Prepared,
    mut handle: impl FnMut(String, crate::summary::DocumentSummary),
) -> bool {
    let mut had_error = false;
    let progress = progress_bar(&prepared.inputs, "reporting");
    for input in &prepared.inputs {
        let shown = input.display_path();
        let result = for_each_batch(&input_path(input), &progress, |batch| {
            let processed: Vec<_> = batch
                .par_iter()
                .map(|(number, line)| {
                    let record = line_text(line)
                        .map(|text| jsonl::process_line(&prepared.engine, Mode::Check, text));
                    (*number, record)
                })
                .collect();
            for (number, record) in processed {
                let (summary, error) = match record {
                    Some(record) => (record.summary, record.error),
                    None => (None, Some(NOT_UTF8.to_string())),
                };
                match (summary, error) {
                    (Some((id, summary)), _) => {
                        handle(format!("{shown}#{}", id.trim_matches('"')), summary)
                    }
                    (None, reason) => {
                        had_error = true;
                        progress.suspend(|| {
                            eprintln!(
                                "kintsugi: error: {shown}:{number}: bad record: {}",
                                reason.unwrap_or_default()
                            )
                        });
                    }
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            progress.suspend(|| eprintln!("kintsugi: error: {shown}: {error}"));
            had_error = true;
        }
    }
    progress.finish_and_clear();
    had_error
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines inside the reader's buffer and lines across its end read the same.
    #[test]
    fn lines_read_whole_whatever_the_buffer_size() {
        let input = "{\"text\":\"一\"}\r\n\n{\"text\":\"二つ目の記録\"}\nlast line without a break";
        let expected: Vec<&str> = input
            .split('\n')
            .map(|line| line.trim_end_matches('\r'))
            .collect();
        for capacity in [1, 2, 7, 16, 1 << 10] {
            let mut reader = std::io::BufReader::with_capacity(capacity, input.as_bytes());
            let mut lines = Vec::new();
            while let Some(line) = read_line(&mut reader, &ProgressBar::hidden()).unwrap() {
                lines.push(String::from_utf8(line).unwrap());
            }
            assert_eq!(lines, expected, "buffer of {capacity}");
        }
    }
}
