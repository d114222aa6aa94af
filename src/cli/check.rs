//! `kintsugi check`: findings in the format asked for, optionally against a baseline.

use super::{
    RunArgs, Status, files_progress, prepare, read_input, report_errors, status_of, write_or_quit,
};
use crate::baseline::Baseline;
use crate::document::Document;
use crate::files::InputError;
use crate::output::{self, FindingRecord, Located, Summary};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
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

/// One input's findings, located, and their human rendering (made where the document is at hand).
struct FileCheck {
    path: String,
    located: Vec<Located>,
    human: String,
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
    let render_human = args.format == Format::Human && !args.statistics;

    // In parallel, kept in input order: the output is the same whatever the thread count.
    let progress = files_progress(&prepared.inputs, "checking");
    let results: Vec<Result<FileCheck, InputError>> = prepared
        .inputs
        .par_iter()
        .map(|input| {
            progress.inc(1);
            let text = read_input(input)?;
            let document = Document::new(&text, input.kind());
            let path = input.display_path();
            let mut findings = engine.check_document(&document);
            if let Some(baseline) = &baseline {
                findings = baseline.new_findings(&path, findings);
            }
            let human = if render_human {
                findings
                    .iter()
                    .map(|f| output::human_diagnostic(&path, &document, f) + "\n")
                    .collect()
            } else {
                String::new()
            };
            let located = findings
                .into_iter()
                .map(|f| Located::new(&document, f))
                .collect();
            Ok(FileCheck {
                path,
                located,
                human,
            })
        })
        .collect();

    progress.finish_and_clear();
    let mut had_error = prepared.had_error;
    let mut files = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => {
                report_errors(std::slice::from_ref(&error));
                had_error = true;
            }
        }
    }

    if let Some(path) = &args.write_baseline {
        let recorded = files
            .iter()
            .flat_map(|f| f.located.iter().map(move |l| (f.path.as_str(), &l.finding)));
        let count = recorded.clone().count();
        Baseline::save(path, recorded).map_err(|e| format!("{e:#}"))?;
        eprintln!(
            "Recorded {} in {}.",
            output::plural(count, "finding"),
            path.display()
        );
        return Ok(status_of(had_error, false));
    }

    let failing = files.iter().flat_map(|f| &f.located).any(|l| {
        prepared
            .fail_on
            .is_some_and(|level| l.finding.severity >= level)
    });
    let mut stdout = std::io::stdout().lock();
    if args.statistics {
        let all = files
            .iter()
            .flat_map(|f| f.located.iter().map(|l| &l.finding));
        write_or_quit(&mut stdout, output::statistics(all).as_bytes());
        return Ok(status_of(had_error, failing));
    }
    match args.format {
        Format::Human => {
            let mut summary = Summary::default();
            for file in &files {
                write_or_quit(&mut stdout, file.human.as_bytes());
                let findings: Vec<_> = file.located.iter().map(|l| l.finding.clone()).collect();
                summary.add(&findings);
            }
            if summary.files > 0 {
                write_or_quit(
                    &mut stdout,
                    format!("{}\n", summary.check_line()).as_bytes(),
                );
            }
        }
        Format::Json => {
            for file in &files {
                for located in &file.located {
                    let record = FindingRecord::new(
                        &file.path,
                        &located.finding,
                        located.line,
                        located.column,
                    );
                    write_or_quit(&mut stdout, output::json_line(&record).as_bytes());
                }
            }
        }
        Format::Github => {
            for file in &files {
                for located in &file.located {
                    write_or_quit(
                        &mut stdout,
                        output::github_annotation(&file.path, located).as_bytes(),
                    );
                }
            }
        }
        Format::Sarif => {
            let results = files
                .iter()
                .flat_map(|f| f.located.iter().map(move |l| (f.path.as_str(), l)));
            let log = output::sarif_log(results);
            let text = serde_json::to_string_pretty(&log).expect("SARIF always serializes");
            write_or_quit(&mut stdout, (text + "\n").as_bytes());
        }
    }
    Ok(status_of(had_error, failing))
}
