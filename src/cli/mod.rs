//! The `kintsugi` command line: arguments, the configuration, and what every command shares.
//!
//! Exit codes: 0 when nothing at or above `--fail-on` is left, 1 when something is, 2 on a usage or I/O
//! error (an I/O error wins over findings, so a script never mistakes an unread file for a clean one).

mod check;
mod fix;
mod jsonl;
mod lexicon;
mod report;

use crate::Engine;
use crate::document::Document;
use crate::files::{self, Input, InputError};
use crate::finding::{Finding, Severity};
use crate::knowledge::Knowledge;
use crate::names::lexicon::{Lexicon, LexiconCounts};
use crate::rules::{RULES, rule_by_id};
use crate::settings::Settings;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "kintsugi",
    version,
    about = "Find and mend the damage machine translation leaves in Japanese text",
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report artifacts with their positions.
    Check(check::CheckArgs),
    /// Mend what is certain, log every finding (applied or not).
    Fix(fix::FixArgs),
    /// List every rule: id, category, severity, whether it fixes.
    Rules,
    /// Explain a rule: what it finds, why it matters, an example.
    Explain {
        /// A rule id, e.g. punctuation/double-period.
        rule: String,
    },
    /// Build or merge corpus lexicons (katakana counts for the name rules).
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// The corpus at a glance: each document's quality score and findings per category, worst first.
    Report(report::ReportArgs),
}

/// What `check` and `fix` share: the inputs, the rules, the configuration.
#[derive(Debug, Args)]
struct RunArgs {
    /// Files or directories (walked for *.txt and *.md), or `-` for stdin.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Run only these rules or categories (comma-separated); replaces the configuration's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Option<Vec<String>>,
    /// Skip these rules or categories (comma-separated), besides the configuration's `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// Exit 1 when a finding at or above this severity is left [default: warning].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Exit 0 even when findings are left (usage and I/O errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// A saved corpus lexicon (`kintsugi lexicon build`) to judge names against, with the inputs' own
    /// counts added.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Read JSON Lines records ({"id", "text", …}; .gz and .zst by extension; `-` for stdin) and write
    /// them with a `kintsugi` field (and the cleaned text, under fix).
    #[arg(long)]
    jsonl: bool,
    /// With --jsonl: drop bad records (invalid JSON, no text, not UTF-8) instead of passing them through.
    #[arg(long, requires = "jsonl")]
    skip_bad_records: bool,
    /// With --jsonl: write the records to FILE (.gz and .zst compress) instead of stdout.
    #[arg(short, long, value_name = "FILE", requires = "jsonl")]
    output: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Args)]
struct ConfigArgs {
    /// The configuration file [default: the nearest kintsugi.toml upward from here].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    no_config: bool,
}

impl ConfigArgs {
    fn settings(&self) -> Result<Settings, String> {
        let path = match (&self.config, self.no_config) {
            (_, true) => None,
            (Some(path), false) => Some(path.clone()),
            (None, false) => std::env::current_dir()
                .ok()
                .and_then(|cwd| Settings::find(&cwd)),
        };
        match path {
            Some(path) => Settings::load(&path).map_err(|e| format!("{e:#}")),
            None => Ok(Settings::default()),
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(level: FailOn) -> Severity {
        match level {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fix(args) => fix::run(args),
        Command::Rules => {
            print_rules();
            Ok(Status::Clean)
        }
        Command::Explain { rule } => explain(&rule),
        Command::Lexicon(command) => lexicon::run(command),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(status) => status.exit_code(),
        Err(message) => {
            eprintln!("kintsugi: error: {message}");
            Status::Error.exit_code()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Clean,
    Findings,
    Error,
}

impl Status {
    fn exit_code(self) -> ExitCode {
        match self {
            Status::Clean => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}

fn status_of(had_error: bool, failing: bool) -> Status {
    if had_error {
        Status::Error
    } else if failing {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// A run ready to go: the engine with its knowledge and corpus, the inputs, the fail-on level.
struct Prepared {
    engine: Engine,
    inputs: Vec<Input>,
    /// Findings at or above this fail the run; `None` with --exit-zero.
    fail_on: Option<Severity>,
    /// A path could not be read; reported already.
    had_error: bool,
}

/// The knowledge tables with the configuration's extra data files.
fn load_knowledge(settings: &Settings) -> Result<Arc<Knowledge>, String> {
    let knowledge_files = settings.data.as_knowledge_files();
    if knowledge_files.is_empty() {
        Ok(Knowledge::shared_default())
    } else {
        Ok(Arc::new(
            Knowledge::load(&knowledge_files).map_err(|e| format!("{e:#}"))?,
        ))
    }
}

/// Reads the configuration, loads the knowledge, collects the inputs (less the excluded), and counts the
/// corpus (the inputs, plus a saved lexicon) for the name and furniture rules.
fn prepare(run: &RunArgs) -> Result<Prepared, String> {
    let settings = run.config.settings()?;
    let mut config = settings.config.clone();
    if let Some(select) = &run.select {
        config.select = Some(select.clone());
    }
    config.ignore.extend(run.ignore.iter().cloned());
    let unknown = config.unknown_rule_names();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown rule or category: {} (see `kintsugi rules`)",
            unknown.join(", ")
        ));
    }
    let knowledge = load_knowledge(&settings)?;
    let fail_on = run
        .fail_on
        .map(Severity::from)
        .or(settings.fail_on)
        .unwrap_or(Severity::Warning);
    // Above every severity: nothing left can fail the run.
    let fail_on = if run.exit_zero { None } else { Some(fail_on) };

    let extensions = if run.jsonl {
        jsonl::EXTENSIONS
    } else {
        files::DEFAULT_EXTENSIONS
    };
    let (inputs, errors) = files::collect_inputs(&run.paths, extensions);
    report_errors(&errors);
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|input| match &input.source {
            files::Source::File(path) => !settings.is_excluded(path),
            files::Source::Stdin => true,
        })
        .collect();

    let engine = Engine::with_knowledge(config, knowledge);
    let mut lexicon = match run.lexicon.as_ref().or(settings.lexicon.as_ref()) {
        Some(path) => Lexicon::load(path).map_err(|e| format!("{e:#}"))?,
        None => Lexicon::default(),
    };
    let corpus = if !engine.reads_corpus() {
        // No enabled rule reads the counts (`--select stray-chinese`): the inputs are read once.
        Lexicon::default()
    } else if run.jsonl {
        // Stdin cannot be read twice; its records are judged against a saved lexicon. Problems are
        // reported by the main pass.
        let files: Vec<Input> = inputs
            .iter()
            .filter(|input| input.source != files::Source::Stdin)
            .cloned()
            .collect();
        jsonl::corpus_lexicon(&engine, &files, |_| {})
    } else {
        corpus_lexicon(&engine, &inputs)
    };
    lexicon.merge(&corpus);
    Ok(Prepared {
        engine: engine.with_corpus(lexicon),
        inputs,
        fail_on,
        had_error: !errors.is_empty(),
    })
}

/// The counts of all readable inputs, in parallel; unreadable ones are reported by the main pass.
fn corpus_lexicon(engine: &Engine, inputs: &[Input]) -> Lexicon {
    inputs
        .par_iter()
        .filter_map(|input| files::read_text(input).ok())
        .fold(LexiconCounts::default, |mut counts, text| {
            engine.count_document(&mut counts, &text);
            counts
        })
        .reduce(LexiconCounts::default, LexiconCounts::merged)
        .into_lexicon()
}

fn report_errors(errors: &[InputError]) {
    for error in errors {
        eprintln!("kintsugi: error: {error}");
    }
}

/// A progress bar over the inputs on stderr, for runs long enough to want one; indicatif draws nothing
/// when stderr is not a terminal, so logs and pipes stay clean.
fn files_progress(inputs: &[Input], message: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(inputs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} files {eta}")
            .expect("valid template"),
    );
    bar.set_message(message);
    bar
}

/// A window of inputs holds at most this many…
const WINDOW_INPUTS: usize = 512;
/// …and ends with the input that brings its files to this size (a file larger than that ends the
/// window it joins).
const WINDOW_BYTES: u64 = 32 << 20;

/// A window's inputs are handled in groups of at most this many…
const GROUP_INPUTS: usize = 64;
/// …ending with the input that brings the group's files to this size: the rules check a group's
/// documents together (`Engine::check_documents`), each rule over all of them before the next.
const GROUP_BYTES: u64 = 1 << 20;

/// Handles the inputs in parallel a window at a time, and gives each window's results to `take` in
/// input order before the next window starts: the output is the same whatever the thread count, and
/// memory holds one window's results, not the run's. (When every result waited for the last input, a
/// directory of 200 MB of articles peaked at 216 MB under `check --format json`, 483 MB with the human
/// format and 618 MB under `fix --log`.) A window is cut into groups of consecutive inputs
/// ([`GROUP_INPUTS`], [`GROUP_BYTES`]), which the workers take; `handle` gives a group's results in
/// its order.
fn for_each_in_order<T: Send>(
    inputs: &[Input],
    handle: impl Fn(&[Input]) -> Vec<T> + Sync,
    mut take: impl FnMut(T),
) {
    let sizes: Vec<u64> = inputs.iter().map(input_size).collect();
    let mut start = 0;
    for end in window_ends(inputs.len(), |index| sizes[index]) {
        let mut groups = Vec::new();
        let mut group_start = start;
        for group_end in ends(
            end - start,
            |index| sizes[start + index],
            GROUP_INPUTS,
            GROUP_BYTES,
        ) {
            groups.push(group_start..start + group_end);
            group_start = start + group_end;
        }
        let results: Vec<Vec<T>> = groups
            .into_par_iter()
            .map(|group| handle(&inputs[group]))
            .collect();
        results.into_iter().flatten().for_each(&mut take);
        start = end;
    }
}

/// Reads a group of inputs and checks their documents together (each rule over all of them before the
/// next), and gives each input read, with its text, document and findings, to `handle`. The texts and
/// documents are freed before `finish` makes each final result (a large article's log or JSON
/// records are made without them); the results come in input order, an input that could not be read
/// as its error.
fn check_group<P, T>(
    engine: &Engine,
    group: &[Input],
    handle: impl Fn(&Input, &str, &Document, Vec<Finding>) -> Result<P, InputError>,
    finish: impl Fn(P) -> T,
) -> Vec<Result<T, InputError>> {
    let texts: Vec<Result<String, InputError>> = group.iter().map(read_input).collect();
    let handled: Vec<Result<P, InputError>> = {
        let read: Vec<(&Input, &str)> = group
            .iter()
            .zip(&texts)
            .filter_map(|(input, text)| Some((input, text.as_deref().ok()?)))
            .collect();
        let documents: Vec<Document> = read
            .iter()
            .map(|&(input, text)| Document::new(text, input.kind()))
            .collect();
        let document_refs: Vec<&Document> = documents.iter().collect();
        let findings = engine.check_documents(&document_refs);
        read.iter()
            .zip(&documents)
            .zip(findings)
            .map(|((&(input, text), document), findings)| handle(input, text, document, findings))
            .collect()
    };
    let mut handled = handled.into_iter();
    texts
        .into_iter()
        .map(|text| {
            drop(text?);
            handled
                .next()
                .expect("a result per input read")
                .map(&finish)
        })
        .collect()
}

/// Where each window of `count` inputs ends: after [`WINDOW_INPUTS`] inputs, or after the input that
/// brings the window's bytes to [`WINDOW_BYTES`].
fn window_ends(count: usize, size: impl Fn(usize) -> u64) -> impl Iterator<Item = usize> {
    ends(count, size, WINDOW_INPUTS, WINDOW_BYTES)
}

/// Where each run of `count` inputs ends: after `most_inputs` inputs, or after the input that brings
/// the run's bytes to `most_bytes`.
fn ends(
    count: usize,
    size: impl Fn(usize) -> u64,
    most_inputs: usize,
    most_bytes: u64,
) -> impl Iterator<Item = usize> {
    let mut end = 0;
    std::iter::from_fn(move || {
        if end == count {
            return None;
        }
        let start = end;
        let mut bytes = 0;
        while end < count && end - start < most_inputs && bytes < most_bytes {
            bytes += size(end);
            end += 1;
        }
        Some(end)
    })
}

/// A file's size from its metadata (a `stat`, against the whole read that follows); 0 for stdin and
/// for a file that cannot be read, whose error the read reports.
fn input_size(input: &Input) -> u64 {
    match &input.source {
        files::Source::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        files::Source::Stdin => 0,
    }
}

/// Reads one input; an empty one is noted on stderr (it is valid, there is just nothing to check).
fn read_input(input: &Input) -> Result<String, InputError> {
    let text = files::read_text(input)?;
    if text.is_empty() {
        eprintln!(
            "kintsugi: note: {}: empty file, nothing to check",
            input.display_path()
        );
    }
    Ok(text)
}

/// Writes to stdout; a closed pipe (`kintsugi check | head`) ends the process quietly, as ripgrep does.
fn write_or_quit(stdout: &mut impl Write, bytes: &[u8]) {
    if let Err(error) = stdout.write_all(bytes) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("kintsugi: error: writing output: {error}");
        std::process::exit(2);
    }
}

fn print_rules() {
    println!(
        "{:<36} {:<16} {:<8} {:<9} {:<6} summary",
        "rule", "category", "severity", "fix", "corpus"
    );
    for rule in RULES {
        let meta = rule.meta();
        let fix = format!("{:?}", meta.fixability).to_lowercase();
        // Category and severity as strings first: their Display writes them whole, unpadded.
        println!(
            "{:<36} {:<16} {:<8} {:<9} {:<6} {}",
            meta.id,
            meta.category.to_string(),
            meta.severity.to_string(),
            fix,
            if meta.reads_corpus { "reads" } else { "" },
            meta.summary
        );
    }
}

fn explain(id: &str) -> Result<Status, String> {
    let rule = rule_by_id(id).ok_or_else(|| format!("no rule `{id}` (see `kintsugi rules`)"))?;
    let meta = rule.meta();
    let corpus = if meta.reads_corpus {
        "; reads the corpus counts"
    } else {
        ""
    };
    println!(
        "# {} ({}, {}{corpus})\n",
        meta.id, meta.category, meta.severity
    );
    print!("{}", meta.explanation());
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn windows_end_at_their_input_count_or_their_bytes() {
        let ends = |sizes: &[u64]| window_ends(sizes.len(), |i| sizes[i]).collect::<Vec<_>>();
        assert_eq!(ends(&[]), Vec::<usize>::new());
        assert_eq!(ends(&[0; 1200]), vec![512, 1024, 1200]);
        let half = WINDOW_BYTES / 2;
        // The input that reaches the bytes ends its window, however far past them it goes.
        assert_eq!(
            ends(&[half, half - 1, 1, 1, WINDOW_BYTES * 3, 1]),
            vec![3, 5, 6]
        );
        assert_eq!(ends(&[WINDOW_BYTES * 3, 1]), vec![1, 2]);
        assert_eq!(ends(&[half, half, half]), vec![2, 3]);
    }

    #[test]
    fn results_come_in_input_order_one_window_at_a_time() {
        let inputs: Vec<Input> = (0..1500)
            .map(|i| Input {
                source: files::Source::File(PathBuf::from(format!("/nonexistent/{i}.txt"))),
                relative: PathBuf::from(i.to_string()),
            })
            .collect();
        let pending = AtomicUsize::new(0);
        let mut most_pending = 0;
        let mut taken = Vec::new();
        for_each_in_order(
            &inputs,
            |group| {
                assert!(group.len() <= GROUP_INPUTS);
                group
                    .iter()
                    .map(|input| {
                        pending.fetch_add(1, Ordering::SeqCst);
                        input.relative.to_str().unwrap().parse::<usize>().unwrap()
                    })
                    .collect()
            },
            |index| {
                most_pending = most_pending.max(pending.fetch_sub(1, Ordering::SeqCst));
                taken.push(index);
            },
        );
        assert_eq!(taken, (0..1500).collect::<Vec<_>>());
        assert_eq!(most_pending, WINDOW_INPUTS);
    }
}
