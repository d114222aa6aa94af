//! `kintsugi check`: findings in the format asked for, optionally against a baseline.

use super::{
    RunArgs, Status, check_group, files_progress, for_each_in_order, prepare, report_errors,
    status_of, write_or_quit,
};
use crate::baseline::Baseline;
use crate::document::Document;
use crate::files::Input;
use crate::finding::Finding;
use crate::output::{self, FindingRecord, Located, Pieces, Statistics, Summary};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with the source line and carets.
    Human,
    /// JSON Lines, one finding per line.
    Json,
    /// GitHub Actions workflow commands (annotations in pull requests).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    #[command(flatten)]
    run: RunArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print only the number of findings per rule.
    #[arg(long)]
    statistics: bool,
    /// Report only findings that FILE does not record (see --write-baseline).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE and exit 0: later runs with --baseline report only new ones.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

/// One input's findings, rendered where its document is at hand (for the human, JSON and GitHub
/// formats), and kept only for the outputs made of the whole run's findings (SARIF, a baseline).
struct FileCheck {
    path: String,
    rendered: Pieces,
    located: Vec<Located>,
    /// The findings and their lines and columns, for the JSON records, written once the text and its
    /// document are freed (in two vectors: one of both made from the findings was a second copy).
    positioned: (Vec<Finding>, Vec<(usize, usize)>),
    summary: Summary,
    statistics: Statistics,
    failing: bool,
}

pub(super) fn run(args: CheckArgs) -> Result<Status, String> {
    let prepared = prepare(&args.run)?;
    if args.run.jsonl {
        return super::jsonl::run(
            &prepared,
            crate::jsonl::Mode::Check,
            args.run.output.as_deref(),
            args.run.skip_bad_records,
        );
    }
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path).map_err(|e| format!("{e:#}"))?),
        None => None,
    };
    let engine = &prepared.engine;
    let keep_located = args.format == Format::Sarif || args.write_baseline.is_some();
    // A baseline and the statistics print no findings; every other run writes them file by file.
    let writes_as_it_goes = !args.statistics && args.write_baseline.is_none();
    let fail_on = prepared.fail_on;
    let progress = files_progress(&prepared.inputs, "checking");
    // What needs the file's document: every format but JSON is rendered here; for JSON, the positions.
    let check_document = |input: &Input, document: &Document, mut findings: Vec<Finding>| {
        let path = input.display_path();
        if let Some(baseline) = &baseline {
            findings = baseline.new_findings(&path, findings);
        }
        let mut summary = Summary::default();
        summary.add(&findings);
        let mut statistics = Statistics::default();
        if args.statistics {
            findings.iter().for_each(|f| statistics.add(f));
        }
        let failing = findings
            .iter()
            .any(|f| fail_on.is_some_and(|level| f.severity >= level));
        let mut rendered = Pieces::default();
        let mut located = Vec::new();
        let mut positioned = (Vec::new(), Vec::new());
        if keep_located {
            located = findings
                .into_iter()
                .map(|f| Located::new(document, f))
                .collect();
        } else if writes_as_it_goes {
            // Each finding is dropped once written, so a large article's findings and their
            // rendering are not both held whole.
            match args.format {
                Format::Human => {
                    for finding in findings {
                        rendered.push_str(&output::human_diagnostic(&path, document, &finding));
                        rendered.push_str("\n");
                    }
                }
                Format::Json => {
                    // The records need only the positions: they are written once the text and its
                    // document are freed.
                    let mut line_columns = document.line_columns();
                    let positions = findings
                        .iter()
                        .map(|finding| line_columns.at(finding.span.start))
                        .collect();
                    positioned = (findings, positions);
                }
                Format::Github => {
                    for finding in findings {
                        let one = Located::new(document, finding);
                        rendered.push_str(&output::github_annotation(&path, &one));
                    }
                }
                Format::Sarif => {} // made of the whole run's findings, kept above
            }
        }
        FileCheck {
            path,
            rendered,
            located,
            positioned,
            summary,
            statistics,
            failing,
        }
    };
    // The JSON records are written once the text and its document are freed.
    let write_json = |mut file: FileCheck| {
        let (findings, positions) = std::mem::take(&mut file.positioned);
        for (finding, (line, column)) in findings.into_iter().zip(positions) {
            let record = FindingRecord::new(&file.path, &finding, line, column);
            file.rendered.push_str(&output::json_line(&record));
        }
        file
    };
    let check_files = |group: &[Input]| {
        progress.inc(group.len() as u64);
        check_group(
            engine,
            group,
            |input, _, document, findings| Ok(check_document(input, document, findings)),
            write_json,
        )
    };

    let mut had_error = prepared.had_error;
    let mut failing = false;
    let mut summary = Summary::default();
    let mut statistics = Statistics::default();
    let mut files = Vec::new();
    let mut stdout = std::io::stdout().lock();
    for_each_in_order(&prepared.inputs, check_files, |result| match result {
        Ok(file) => {
            failing |= file.failing;
            summary.merge(&file.summary);
            statistics.merge(&file.statistics);
            if writes_as_it_goes {
                progress.suspend(|| {
                    for piece in file.rendered.iter() {
                        write_or_quit(&mut stdout, piece.as_bytes());
                    }
                });
            }
            if keep_located {
                files.push((file.path, file.located));
            }
        }
        Err(error) => {
            progress.suspend(|| report_errors(std::slice::from_ref(&error)));
            had_error = true;
        }
    });
    progress.finish_and_clear();

    if let Some(path) = &args.write_baseline {
        let recorded = files
            .iter()
            .flat_map(|(path, located)| located.iter().map(move |l| (path.as_str(), &l.finding)));
        let count = recorded.clone().count();
        Baseline::save(path, recorded).map_err(|e| format!("{e:#}"))?;
        eprintln!(
            "Recorded {} in {}.",
            output::plural(count, "finding"),
            path.display()
        );
        return Ok(status_of(had_error, false));
    }
    if args.statistics {
        write_or_quit(&mut stdout, statistics.table().as_bytes());
        return Ok(status_of(had_error, failing));
    }
    match args.format {
        Format::Human if summary.files > 0 => write_or_quit(
            &mut stdout,
            format!("{}\n", summary.check_line()).as_bytes(),
        ),
        Format::Sarif => {
            let results = files
                .iter()
                .flat_map(|(path, located)| located.iter().map(move |l| (path.as_str(), l)));
            let log = output::sarif_log(results);
            let text = serde_json::to_string_pretty(&log).expect("SARIF always serializes");
            write_or_quit(&mut stdout, (text + "\n").as_bytes());
        }
        _ => {}
    }
    Ok(status_of(had_error, failing))
}
