//! `check --jsonl` and `fix --jsonl`: records streamed in batches, processed in parallel, written in
//! input order. Memory holds one batch, whatever the corpus size.

use super::{Prepared, Status, status_of};
use crate::Engine;
use crate::files::{Input, Source};
use crate::jsonl::{self, Mode};
use crate::names::lexicon::{Lexicon, LexiconCounts};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IoSlice, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Extensions read when walking a directory in JSON Lines mode.
pub(super) const EXTENSIONS: &[&str] = &["jsonl", "gz", "zst"];
/// Records per batch, and bytes at most: enough to keep every core busy, small enough to bound memory.
const BATCH_RECORDS: usize = 1024;
const BATCH_BYTES: usize = 16 << 20;
/// Bytes a batch holds at least before it ends at [`BATCH_RECORDS`]: 256 records of a sentence each
/// (15 to 30 KB) were too little work per batch for its hand-overs between threads and for the bytes
/// read past it, copied to the next batch. On 300,000 records of one line of the clean fixtures each
/// (37 MB), two cores took 0.50 s and one 0.62 s; with batches of at least this, 0.39 s and 0.60 s.
const FEWEST_BATCH_BYTES: usize = 256 << 10;
/// Records a worker checks together, and bytes at most ([`Batch::processed`]). On the 50 MB corpus,
/// one core took 1.55 s with each record checked alone and 1.39 s with groups of 128 (two cores 0.85
/// and 0.78 s; the rules' instructions are the same, their caches stay warm); groups of 64 in batches
/// of 512 took 1.44 s. Peak RSS 29 → 63 MB, for batches of 1024 records instead of 256.
const GROUP_RECORDS: usize = 128;
const GROUP_BYTES: u64 = 1 << 20;
/// Bytes asked of the input at a time, into the batch's buffer. The bytes read past a batch's last line
/// (fewer than this) move to the next batch's buffer.
const READ_BYTES: usize = 64 << 10;

fn input_path(input: &Input) -> PathBuf {
    match &input.source {
        Source::Stdin => PathBuf::from("-"),
        Source::File(path) => path.clone(),
    }
}

/// Lines as read, into one buffer: each line's bytes without its line break, and its line number.
/// UTF-8 is checked by the worker that takes the record, so a line that is not UTF-8 is one bad record,
/// not the end of the stream. The input is read straight into the buffer, which the lines are ranges
/// of: a line copied out of a reader's buffer into its own vector was a copy and an allocation per
/// record.
#[derive(Debug, Default)]
struct Batch {
    buffer: Vec<u8>,
    lines: Vec<(usize, Range<usize>)>,
}

impl Batch {
    /// The lines in order, as (line number, bytes).
    fn lines(&self) -> impl Iterator<Item = (usize, &[u8])> {
        self.lines
            .iter()
            .map(|(number, range)| (*number, &self.buffer[range.clone()]))
    }

    /// [`Batch::lines`], for rayon's workers.
    fn par_lines(&self) -> impl IndexedParallelIterator<Item = (usize, &[u8])> {
        self.lines
            .par_iter()
            .map(|(number, range)| (*number, &self.buffer[range.clone()]))
    }

    /// Each record processed ([`jsonl::process_lines`]), in order; `None` for a line that is not
    /// UTF-8. The workers take groups of consecutive records (at most [`GROUP_RECORDS`], ending with
    /// the record that brings them to [`GROUP_BYTES`]), each group's documents checked together.
    fn processed(&self, engine: &Engine, mode: Mode) -> Vec<Option<jsonl::Processed>> {
        let mut groups = Vec::new();
        let mut group_start = 0;
        let line_bytes = |index: usize| self.lines[index].1.len() as u64;
        for group_end in super::ends(self.lines.len(), line_bytes, GROUP_RECORDS, GROUP_BYTES) {
            groups.push(group_start..group_end);
            group_start = group_end;
        }
        let processed: Vec<Vec<Option<jsonl::Processed>>> = groups
            .into_par_iter()
            .map(|group| {
                let texts: Vec<Option<&str>> = self.lines[group]
                    .iter()
                    .map(|(_, range)| line_text(&self.buffer[range.clone()]))
                    .collect();
                let good: Vec<&str> = texts.iter().flatten().copied().collect();
                let mut records = jsonl::process_lines(engine, mode, &good).into_iter();
                texts
                    .iter()
                    .map(|text| text.and_then(|_| records.next()))
                    .collect()
            })
            .collect();
        processed.into_iter().flatten().collect()
    }
}

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
/// on the disk or the pipe; the channel holds one batch, which bounds memory. A handled batch goes back
/// to the reader, which reads a later one into its buffer: a new buffer for every batch was memory
/// the kernel cleared page by page each time (0.70 % of a two-core run's samples on the 500 MB
/// corpus in `clear_page`, 0.36 % with the buffers reused).
fn for_each_batch(
    path: &Path,
    progress: &ProgressBar,
    mut handle: impl FnMut(&Batch) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let reader = jsonl::open_reader(path)?;
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    let (give_back, given_back) = std::sync::mpsc::sync_channel(1);
    let reading_progress = progress.clone();
    let reader_thread = std::thread::spawn(move || {
        read_batches(
            reader,
            &reading_progress,
            || given_back.try_recv().unwrap_or_default(),
            |batch| sender.send(batch).is_ok(),
        )
    });
    for batch in receiver {
        // On an error the receiver is dropped, so the reader stops at its next batch.
        handle(&batch)?;
        // Kept only while the reader has none waiting (then this one is dropped): memory stays
        // that of a few batches.
        let _ = give_back.try_send(batch);
    }
    reader_thread
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the reader thread panicked")))
}

/// Writes all of `slices`, in order: `Write::write_all_vectored`, which is not stable yet. A buffered
/// writer hands slices larger than its buffer to the file or pipe in one `writev`.
fn write_all_vectored(
    writer: &mut dyn Write,
    mut slices: &mut [IoSlice<'_>],
) -> std::io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match writer.write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Reads lines into batches and gives each to `send`, until the input ends or `send` says stop. On a
/// read error the records read before it are sent first, so none is lost. Each batch is read into one
/// that `reuse` gives (a handled batch, or a new one).
fn read_batches(
    input: Box<dyn Read + Send>,
    progress: &ProgressBar,
    mut reuse: impl FnMut() -> Batch,
    mut send: impl FnMut(Batch) -> bool,
) -> std::io::Result<()> {
    let mut reader = LineReader::new(input, READ_BYTES);
    loop {
        let mut batch = reuse();
        let result = reader.fill(&mut batch, progress);
        if !batch.lines.is_empty() && !send(batch) {
            return Ok(());
        }
        result?;
        if reader.finished() {
            return Ok(());
        }
    }
}

/// Lines cut out of an input read `read_bytes` at a time, numbered from 1; lines of whitespace only are
/// numbered but not kept.
struct LineReader {
    input: Box<dyn Read + Send>,
    read_bytes: usize,
    /// Bytes read past the last batch's last line.
    pending: Vec<u8>,
    /// The buffer a batch starts with: as large as the last batch's and a read, since growing it
    /// while reading copied it each time it doubled.
    capacity: usize,
    line_number: usize,
    at_end: bool,
    /// [`FEWEST_BATCH_BYTES`], which tests lower.
    fewest_batch_bytes: usize,
}

impl LineReader {
    fn new(input: Box<dyn Read + Send>, read_bytes: usize) -> LineReader {
        LineReader {
            input,
            read_bytes,
            pending: Vec::new(),
            capacity: read_bytes,
            line_number: 0,
            at_end: false,
            fewest_batch_bytes: FEWEST_BATCH_BYTES,
        }
    }

    /// Fills `batch` with the next lines, up to [`BATCH_RECORDS`] records once it holds
    /// [`FEWEST_BATCH_BYTES`], or up to [`BATCH_BYTES`]; on a read error, with the lines read whole
    /// before it.
    fn fill(&mut self, batch: &mut Batch, progress: &ProgressBar) -> std::io::Result<()> {
        // A batch given back keeps its buffer's memory, and it is written over.
        batch.buffer.clear();
        batch.lines.clear();
        batch
            .buffer
            .reserve(self.capacity.max(self.pending.len() + self.read_bytes));
        batch.buffer.extend_from_slice(&self.pending);
        let (mut line_start, mut searched_to, mut kept_bytes) = (0, 0, 0);
        let result = loop {
            if let Some(found) = memchr::memchr(b'\n', &batch.buffer[searched_to..]) {
                let end = searched_to + found;
                kept_bytes += self.push_line(batch, line_start..end);
                (line_start, searched_to) = (end + 1, end + 1);
                if batch.lines.len() >= BATCH_RECORDS && kept_bytes >= self.fewest_batch_bytes
                    || kept_bytes >= BATCH_BYTES
                {
                    break Ok(());
                }
                continue;
            }
            searched_to = batch.buffer.len();
            if self.at_end {
                // The last line, without a line break.
                if line_start < batch.buffer.len() {
                    self.push_line(batch, line_start..batch.buffer.len());
                    line_start = batch.buffer.len();
                }
                break Ok(());
            }
            // Read into the buffer's spare capacity, which `read_to_end` does not clear first.
            batch.buffer.reserve(self.read_bytes);
            let mut limited = (&mut self.input).take(self.read_bytes as u64);
            match limited.read_to_end(&mut batch.buffer) {
                Ok(read) => {
                    progress.inc(read as u64);
                    // Fewer bytes than asked for: the input itself ended.
                    self.at_end = read < self.read_bytes;
                }
                Err(error) => {
                    batch.buffer.truncate(searched_to);
                    break Err(error);
                }
            }
        };
        self.pending.clear();
        self.pending.extend_from_slice(&batch.buffer[line_start..]);
        batch.buffer.truncate(line_start);
        self.capacity = line_start + self.read_bytes;
        result
    }

    /// Whether every line of the input has been given out.
    fn finished(&self) -> bool {
        self.at_end && self.pending.is_empty()
    }

    /// Numbers the line at `range` of the batch's buffer, and keeps it unless it is whitespace only;
    /// the bytes it kept.
    fn push_line(&mut self, batch: &mut Batch, range: Range<usize>) -> usize {
        self.line_number += 1;
        let line = &batch.buffer[range.clone()];
        // Without the `\r` of a CRLF line break (or several).
        let kept = line.len() - line.iter().rev().take_while(|&&b| b == b'\r').count();
        if line[..kept].trim_ascii().is_empty() {
            return 0;
        }
        batch
            .lines
            .push((self.line_number, range.start..range.start + kept));
        kept
    }
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
                .par_lines()
                .fold(
                    || (LexiconCounts::default(), Vec::new()),
                    |(mut counts, mut bad), (number, line)| {
                        let text = line_text(line)
                            .ok_or_else(|| NOT_UTF8.to_string())
                            .and_then(jsonl::record_text);
                        match text {
                            Ok(text) => engine.count_document(&mut counts, &text),
                            Err(reason) => bad.push((number, reason)),
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
            let processed = batch.processed(&prepared.engine, mode);
            // The batch's lines written at once, a slice each and its line break: copied into the
            // writer's buffer one record at a time, they were copied once more than needed.
            let mut slices = Vec::with_capacity(2 * processed.len());
            for (record, (number, line)) in processed.iter().zip(batch.lines()) {
                // A line that is not UTF-8 is a bad record like the others: passed through as it was.
                let (error, worst_left, output) = match record {
                    Some(record) => (
                        record.error.as_deref(),
                        record.worst_left,
                        record.line.as_bytes(),
                    ),
                    None => (Some(NOT_UTF8), None, line),
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
                slices.extend([IoSlice::new(output), IoSlice::new(b"\n")]);
            }
            write_all_vectored(&mut *writer, &mut slices)
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
            let processed = batch.processed(&prepared.engine, Mode::Check);
            for ((number, _), record) in batch.lines().zip(processed) {
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

    /// A writer that takes at most three bytes a call, from the first slice only, as `Write`'s default
    /// `write_vectored` does.
    struct Narrow(Vec<u8>);

    impl Write for Narrow {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let taken = bytes.len().min(3);
            self.0.extend_from_slice(&bytes[..taken]);
            Ok(taken)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_slice_is_written_whole_and_in_order() {
        let pieces: [&[u8]; 5] = [
            b"{\"id\":1}",
            b"\n",
            b"",
            "{\"text\":\"一二\"}".as_bytes(),
            b"\n",
        ];
        let mut slices: Vec<IoSlice> = pieces.iter().map(|piece| IoSlice::new(piece)).collect();
        let mut narrow = Narrow(Vec::new());
        write_all_vectored(&mut narrow, &mut slices).unwrap();
        assert_eq!(narrow.0, pieces.concat());
        // Through a buffered writer smaller than the slices, as the records' writer is.
        let mut slices: Vec<IoSlice> = pieces.iter().map(|piece| IoSlice::new(piece)).collect();
        let mut buffered = std::io::BufWriter::with_capacity(4, Vec::new());
        write_all_vectored(&mut buffered, &mut slices).unwrap();
        assert_eq!(buffered.into_inner().unwrap(), pieces.concat());
    }

    /// An input that gives at most `step` bytes a read, as a pipe may.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            let end = (self.at + self.step.min(buffer.len())).min(self.bytes.len());
            let read = end - self.at;
            buffer[..read].copy_from_slice(&self.bytes[self.at..end]);
            self.at = end;
            Ok(read)
        }
    }

    /// Every batch's lines, as (line number, text), and the batches' sizes; batches may end at
    /// [`BATCH_RECORDS`] once they hold `fewest_batch_bytes`.
    fn read_all(
        input: &str,
        step: usize,
        read_bytes: usize,
        fewest_batch_bytes: usize,
    ) -> (Vec<(usize, String)>, Vec<usize>) {
        let trickle = Trickle {
            bytes: input.as_bytes().to_vec(),
            at: 0,
            step,
        };
        let mut reader = LineReader::new(Box::new(trickle), read_bytes);
        reader.fewest_batch_bytes = fewest_batch_bytes;
        let (mut lines, mut sizes) = (Vec::new(), Vec::new());
        loop {
            let mut batch = Batch::default();
            reader.fill(&mut batch, &ProgressBar::hidden()).unwrap();
            sizes.push(batch.lines.len());
            for (number, line) in batch.lines() {
                lines.push((number, String::from_utf8(line.to_vec()).unwrap()));
            }
            if reader.finished() {
                return (lines, sizes);
            }
        }
    }

    /// Lines read whole and numbered, whatever the size of the reads and of the input's pieces: CRLF
    /// breaks, a blank line (numbered, not kept), a last line without a break.
    #[test]
    fn lines_read_whole_whatever_the_read_size() {
        let input = "{\"text\":\"一\"}\r\n\n{\"text\":\"二つ目の記録\"}\r\r\n \t\nlast line without a break";
        let expected = vec![
            (1, "{\"text\":\"一\"}".to_string()),
            (3, "{\"text\":\"二つ目の記録\"}".to_string()),
            (5, "last line without a break".to_string()),
        ];
        for read_bytes in [1, 2, 7, 16, 1 << 10] {
            for step in [1, 3, 1 << 10] {
                let (lines, _) = read_all(input, step, read_bytes, FEWEST_BATCH_BYTES);
                assert_eq!(lines, expected, "reads of {read_bytes}, pieces of {step}");
            }
        }
        assert_eq!(read_all("", 1, 16, FEWEST_BATCH_BYTES).0, vec![]);
        assert_eq!(
            read_all("a\n", 1, 16, FEWEST_BATCH_BYTES).0,
            vec![(1, "a".to_string())]
        );
    }

    /// A batch ends at BATCH_RECORDS records (once it holds the fewest bytes); the bytes read past it
    /// start the next.
    #[test]
    fn batches_end_at_their_record_count_and_go_on_in_the_next() {
        let count = 2 * BATCH_RECORDS + BATCH_RECORDS / 3;
        let input: String = (1..=count).map(|i| format!("{{\"id\":{i}}}\n")).collect();
        let (lines, sizes) = read_all(&input, 1 << 20, 4096, 0);
        assert_eq!(
            sizes,
            vec![BATCH_RECORDS, BATCH_RECORDS, count - 2 * BATCH_RECORDS]
        );
        let expected: Vec<(usize, String)> = (1..=count)
            .map(|i| (i, format!("{{\"id\":{i}}}")))
            .collect();
        assert_eq!(lines, expected);
    }

    /// Small records make batches of more than BATCH_RECORDS, each ending at the first line that
    /// brings it to FEWEST_BATCH_BYTES.
    #[test]
    fn small_records_fill_a_batch_to_its_fewest_bytes() {
        let record = format!("{{\"text\":\"{}\"}}", "あ".repeat(30));
        let input = format!("{record}\n").repeat(10_000);
        let per_batch = FEWEST_BATCH_BYTES.div_ceil(record.len());
        assert!(per_batch > BATCH_RECORDS);
        let (lines, sizes) = read_all(&input, 1 << 20, READ_BYTES, FEWEST_BATCH_BYTES);
        assert_eq!(lines.len(), 10_000);
        let last = 10_000 - (sizes.len() - 1) * per_batch;
        assert!(
            sizes[..sizes.len() - 1]
                .iter()
                .all(|&size| size == per_batch),
            "{sizes:?}"
        );
        assert_eq!(sizes.last(), Some(&last));
    }
}
