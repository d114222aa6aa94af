//! The `kintsugi` command line: argument parsing, running inputs in parallel, printing in a fixed order.
//!
//! Exit codes: 0 when nothing at or above `--fail-on` is left, 1 when something is, 2 on a usage or I/O
//! error (an I/O error wins over findings, so a script never mistakes an unread file for a clean one).

use crate::Engine;
use crate::config::Config;
use crate::document::Document;
use crate::files::{self, Input, InputError, Source};
use crate::finding::{Finding, Severity};
use crate::names::lexicon::Lexicon;
use crate::output::{self, FindingRecord, LogRecord, Summary, plural};
use crate::rules::{RULES, rule_by_id};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    Check(CheckArgs),
    /// Mend what is certain, log every finding (applied or not).
    Fix(FixArgs),
    /// List every rule: id, category, severity, whether it fixes.
    Rules,
    /// Explain a rule: what it finds, why it matters, an example.
    Explain {
        /// A rule id, e.g. punctuation/double-period.
        rule: String,
    },
    /// Build or merge corpus lexicons (katakana counts for the name rules).
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

#[derive(Debug, Subcommand)]
enum LexiconCommand {
    /// Count every katakana term of a corpus and save the counts.
    Build {
        /// Files or directories (walked for *.txt and *.md), or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the lexicon (JSON).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Add saved lexicons together.
    Merge {
        #[arg(required = true)]
        lexicons: Vec<PathBuf>,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
struct Selection {
    /// Files or directories (walked for *.txt and *.md), or `-` for stdin.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Run only these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Option<Vec<String>>,
    /// Skip these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// Exit 1 when a finding at or above this severity is left.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// A saved corpus lexicon (`kintsugi lexicon build`) to judge names against, with the inputs' own
    /// counts added.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with the source line and carets.
    Human,
    /// JSON Lines, one finding per line.
    Json,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    selection: Selection,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Args)]
struct FixArgs {
    #[command(flatten)]
    selection: Selection,
    /// Rewrite the files in place (only those that change).
    #[arg(long, conflicts_with_all = ["out", "diff"])]
    write: bool,
    /// Write cleaned copies under DIR, with the same paths relative to each argument.
    #[arg(long, value_name = "DIR", conflicts_with = "diff")]
    out: Option<PathBuf>,
    /// Print a unified diff of what would change; write nothing.
    #[arg(long)]
    diff: bool,
    /// Write the fix log (JSON Lines: the check fields plus `applied`) to FILE.
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Fix(args) => run_fix(args),
        Command::Rules => {
            print_rules();
            Ok(Status::Clean)
        }
        Command::Explain { rule } => explain(&rule),
        Command::Lexicon(command) => run_lexicon(command),
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

/// The engine for a run over `inputs`: names are judged against the counts of every input (the corpus
/// pass, in parallel), plus a saved lexicon when one is given.
fn build_engine_for(selection: &Selection, inputs: &[Input]) -> Result<Engine, String> {
    let engine = build_engine(selection)?;
    let mut lexicon = match &selection.lexicon {
        Some(path) => Lexicon::load(path).map_err(|e| format!("{e:#}"))?,
        None => Lexicon::default(),
    };
    lexicon.merge(&corpus_lexicon(&engine, inputs));
    Ok(engine.with_corpus(lexicon))
}

/// The katakana counts of all readable inputs; unreadable ones are reported by the main pass.
fn corpus_lexicon(engine: &Engine, inputs: &[Input]) -> Lexicon {
    inputs
        .par_iter()
        .filter_map(|input| files::read_text(input).ok())
        .map(|text| engine.document_lexicon(&text))
        .reduce(Lexicon::default, Lexicon::merged)
}

fn run_lexicon(command: LexiconCommand) -> Result<Status, String> {
    match command {
        LexiconCommand::Build { paths, output } => {
            let (inputs, had_path_error) = gather_inputs(&paths);
            let engine = Engine::default();
            let (lexicons, errors): (Vec<_>, Vec<_>) = inputs
                .par_iter()
                .map(|input| files::read_text(input).map(|text| engine.document_lexicon(&text)))
                .partition(Result::is_ok);
            let errors: Vec<InputError> = errors.into_iter().filter_map(Result::err).collect();
            report_errors(&errors);
            let lexicon = lexicons
                .into_iter()
                .flatten()
                .fold(Lexicon::default(), Lexicon::merged);
            lexicon.save(&output).map_err(|e| format!("{e:#}"))?;
            eprintln!(
                "Counted {} katakana terms in {} into {}.",
                lexicon.terms.len(),
                plural(lexicon.documents as usize, "document"),
                output.display()
            );
            Ok(status_of(had_path_error || !errors.is_empty(), false))
        }
        LexiconCommand::Merge { lexicons, output } => {
            let mut merged = Lexicon::default();
            for path in &lexicons {
                merged.merge(&Lexicon::load(path).map_err(|e| format!("{e:#}"))?);
            }
            merged.save(&output).map_err(|e| format!("{e:#}"))?;
            Ok(Status::Clean)
        }
    }
}

fn build_engine(selection: &Selection) -> Result<Engine, String> {
    let config = Config {
        select: selection.select.clone(),
        ignore: selection.ignore.clone(),
        ..Config::default()
    };
    let unknown = config.unknown_rule_names();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown rule or category: {} (see `kintsugi rules`)",
            unknown.join(", ")
        ));
    }
    Ok(Engine::new(config))
}

/// Collects the inputs and prints path errors; `Err` when there is nothing at all to read.
fn gather_inputs(paths: &[PathBuf]) -> (Vec<Input>, bool) {
    let (inputs, errors) = files::collect_inputs(paths, files::DEFAULT_EXTENSIONS);
    report_errors(&errors);
    (inputs, !errors.is_empty())
}

fn report_errors(errors: &[InputError]) {
    for error in errors {
        eprintln!("kintsugi: error: {error}");
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

fn at_or_above(findings: &[Finding], level: Severity) -> bool {
    findings.iter().any(|f| f.severity >= level)
}

fn run_check(args: CheckArgs) -> Result<Status, String> {
    let fail_on = Severity::from(args.selection.fail_on);
    let (inputs, mut had_error) = gather_inputs(&args.selection.paths);
    let engine = build_engine_for(&args.selection, &inputs)?;

    // Render in parallel, print in input order: the output is the same whatever the thread count.
    let results: Vec<Result<(String, Vec<Finding>), InputError>> = inputs
        .par_iter()
        .map(|input| {
            let text = read_input(input)?;
            let document = Document::new(&text, input.kind());
            let findings = engine.check_document(&document);
            let path = input.display_path();
            let mut rendered = String::new();
            for finding in &findings {
                match args.format {
                    Format::Human => {
                        rendered.push_str(&output::human_diagnostic(&path, &document, finding));
                        rendered.push('\n');
                    }
                    Format::Json => {
                        let (line, column) = document.line_column(finding.span.start);
                        rendered.push_str(&output::json_line(&FindingRecord::new(
                            &path, finding, line, column,
                        )));
                    }
                }
            }
            Ok((rendered, findings))
        })
        .collect();

    let mut stdout = std::io::stdout().lock();
    let mut summary = Summary::default();
    let mut failing = false;
    for result in results {
        match result {
            Ok((rendered, findings)) => {
                write_or_quit(&mut stdout, rendered.as_bytes());
                failing |= at_or_above(&findings, fail_on);
                summary.add(&findings);
            }
            Err(error) => {
                report_errors(std::slice::from_ref(&error));
                had_error = true;
            }
        }
    }
    if args.format == Format::Human && summary.files > 0 {
        write_or_quit(
            &mut stdout,
            format!("{}\n", summary.check_line()).as_bytes(),
        );
    }
    Ok(status_of(had_error, failing))
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

/// Where `fix` puts the cleaned text.
enum Destination<'a> {
    InPlace,
    Under(&'a Path),
    Diff,
    Stdout,
}

/// What fixing one input produced, before anything is printed.
struct FileFix {
    /// Diff or cleaned text for stdout.
    printed: String,
    log_lines: String,
    applied: usize,
    total: usize,
    changed: bool,
    failing: bool,
}

fn run_fix(args: FixArgs) -> Result<Status, String> {
    let fail_on = Severity::from(args.selection.fail_on);
    let (inputs, mut had_error) = gather_inputs(&args.selection.paths);

    let destination = if args.write {
        Destination::InPlace
    } else if let Some(directory) = &args.out {
        Destination::Under(directory)
    } else if args.diff {
        Destination::Diff
    } else {
        Destination::Stdout
    };
    match destination {
        Destination::Stdout if inputs.len() > 1 => {
            return Err(format!(
                "{} to fix: the cleaned text goes to stdout for one input only; use --write, --out DIR or --diff",
                plural(inputs.len(), "input")
            ));
        }
        Destination::InPlace if inputs.iter().any(|i| i.source == Source::Stdin) => {
            return Err(
                "--write cannot rewrite stdin; drop --write to print the cleaned text".into(),
            );
        }
        Destination::Under(_) => {
            let mut relatives: Vec<&Path> = inputs.iter().map(|i| i.relative.as_path()).collect();
            relatives.sort();
            if let Some(pair) = relatives.windows(2).find(|pair| pair[0] == pair[1]) {
                return Err(format!(
                    "two inputs would be written to the same place under --out: {}",
                    pair[0].display()
                ));
            }
        }
        _ => {}
    }
    let engine = build_engine_for(&args.selection, &inputs)?;

    let results: Vec<Result<FileFix, InputError>> = inputs
        .par_iter()
        .map(|input| {
            let text = read_input(input)?;
            let fixed = engine.fix(&text, input.kind());
            let path = input.display_path();
            let write_error = |e: std::io::Error| InputError {
                path: path.clone(),
                message: format!("could not write: {}", files::describe_io_error(&e)),
            };
            let changed = fixed.text != text;
            let mut printed = String::new();
            match (&destination, &input.source) {
                (Destination::InPlace, Source::File(file)) if changed => {
                    files::write_atomically(file, &fixed.text).map_err(write_error)?;
                }
                (Destination::Under(directory), _) => {
                    files::write_creating_parents(&directory.join(&input.relative), &fixed.text)
                        .map_err(write_error)?;
                }
                (Destination::Diff, _) if changed => {
                    printed = similar::TextDiff::from_lines(&text, &fixed.text)
                        .unified_diff()
                        .context_radius(1)
                        .header(&format!("a/{path}"), &format!("b/{path}"))
                        .to_string();
                }
                (Destination::Stdout, _) => printed = fixed.text.clone(),
                _ => {}
            }
            let log_lines: String = if args.log.is_some() {
                fixed
                    .log
                    .entries
                    .iter()
                    .map(|entry| output::json_line(&LogRecord::new(&path, entry)))
                    .collect()
            } else {
                String::new()
            };
            let failing = fixed
                .log
                .entries
                .iter()
                .any(|e| !e.applied() && e.finding.severity >= fail_on);
            Ok(FileFix {
                printed,
                log_lines,
                applied: fixed.log.applied_count(),
                total: fixed.log.entries.len(),
                changed,
                failing,
            })
        })
        .collect();

    let mut stdout = std::io::stdout().lock();
    let mut log = String::new();
    let (mut applied, mut total, mut changed_files, mut files) = (0, 0, 0, 0);
    let mut failing = false;
    for result in results {
        match result {
            Ok(file) => {
                write_or_quit(&mut stdout, file.printed.as_bytes());
                log.push_str(&file.log_lines);
                applied += file.applied;
                total += file.total;
                changed_files += usize::from(file.changed);
                files += 1;
                failing |= file.failing;
                if matches!(destination, Destination::Diff) {
                    failing |= file.changed;
                }
            }
            Err(error) => {
                report_errors(std::slice::from_ref(&error));
                had_error = true;
            }
        }
    }
    if let Some(log_path) = &args.log
        && let Err(error) = files::write_creating_parents(log_path, &log)
    {
        eprintln!(
            "kintsugi: error: {}: could not write the fix log: {}",
            log_path.display(),
            files::describe_io_error(&error)
        );
        had_error = true;
    }
    let verb = if matches!(destination, Destination::Diff) {
        "Would fix"
    } else {
        "Fixed"
    };
    eprintln!(
        "{verb} {applied} of {} in {} of {}; {} left to review.",
        plural(total, "finding"),
        changed_files,
        plural(files, "file"),
        total - applied
    );
    Ok(status_of(had_error, failing))
}

fn print_rules() {
    println!(
        "{:<36} {:<16} {:<8} {:<9} summary",
        "rule", "category", "severity", "fix"
    );
    for rule in RULES {
        let meta = rule.meta();
        let fix = format!("{:?}", meta.fixability).to_lowercase();
        println!(
            "{:<36} {:<16} {:<8} {:<9} {}",
            meta.id, meta.category, meta.severity, fix, meta.summary
        );
    }
}

fn explain(id: &str) -> Result<Status, String> {
    let rule = rule_by_id(id).ok_or_else(|| format!("no rule `{id}` (see `kintsugi rules`)"))?;
    let meta = rule.meta();
    println!("# {} ({}, {})\n", meta.id, meta.category, meta.severity);
    print!("{}", meta.explanation());
    Ok(Status::Clean)
}
