//! `kintsugi fix`: cleaned text in place, under a folder, on stdout or as a diff, and the fix log.

use super::{
    RunArgs, Status, check_group, files_progress, for_each_in_order, prepare, report_errors,
    status_of, write_or_quit,
};
use crate::document::Document;
use crate::files::{self, Input, InputError, Source};
use crate::finding::Finding;
use crate::output::{self, LogRecord, Pieces, plural};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub(super) struct FixArgs {
    #[command(flatten)]
    run: RunArgs,
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

enum Destination<'a> {
    InPlace,
    Under(&'a Path),
    Diff,
    Stdout,
}

/// What fixing one input produced, before anything is printed.
/// A file fixed, while its text is at hand.
struct Fixing {
    path: String,
    fixed: crate::Fixed,
    /// The diff, under --diff.
    printed: String,
    changed: bool,
}

struct FileFix {
    /// Diff or cleaned text for stdout.
    printed: String,
    log_lines: Pieces,
    applied: usize,
    total: usize,
    changed: bool,
    failing: bool,
}

pub(super) fn run(args: FixArgs) -> Result<Status, String> {
    let prepared = prepare(&args.run)?;
    if args.run.jsonl {
        if args.write || args.out.is_some() || args.diff || args.log.is_some() {
            return Err(
                "--jsonl writes the records (with their fix log) to stdout or --output; \
                 drop --write, --out, --diff and --log"
                    .into(),
            );
        }
        return super::jsonl::run(
            &prepared,
            crate::jsonl::Mode::Fix,
            args.run.output.as_deref(),
            args.run.skip_bad_records,
        );
    }
    let fail_on = prepared.fail_on;
    let inputs = &prepared.inputs;
    let mut had_error = prepared.had_error;

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
    let engine = &prepared.engine;

    let progress = files_progress(inputs, "fixing");
    // What needs the file's text: the fix, the files written, the diff.
    let fix_document = |input: &Input,
                        text: &str,
                        document: &Document,
                        findings: Vec<Finding>|
     -> Result<Fixing, InputError> {
        let fixed = crate::fix::apply_fixes(document, findings);
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
                printed = similar::TextDiff::from_lines(text, &fixed.text)
                    .unified_diff()
                    .context_radius(1)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string();
            }
            _ => {}
        }
        Ok(Fixing {
            path,
            fixed,
            printed,
            changed,
        })
    };
    // What follows needs neither text: a large article's log is written after they are freed.
    let finish = |fixing: Fixing| -> FileFix {
        let Fixing {
            path,
            fixed,
            mut printed,
            changed,
        } = fixing;
        if matches!(destination, Destination::Stdout) {
            printed = fixed.text;
        } else {
            drop(fixed.text);
        }
        let (applied, total) = (fixed.log.applied_count(), fixed.log.entries.len());
        let failing = fixed
            .log
            .entries
            .iter()
            .any(|e| !e.applied() && fail_on.is_some_and(|level| e.finding.severity >= level));
        let mut log_lines = Pieces::default();
        if args.log.is_some() {
            for entry in fixed.log.entries {
                log_lines.push_str(&output::json_line(&LogRecord::new(&path, &entry)));
            }
        }
        FileFix {
            printed,
            log_lines,
            applied,
            total,
            changed,
            failing,
        }
    };
    let fix_files = |group: &[Input]| {
        progress.inc(group.len() as u64);
        check_group(engine, group, fix_document, finish)
    };

    // The log is written as the files are fixed, into a temporary file that takes its place at the end.
    let log_path = args.log.as_deref();
    let mut log = log_path
        .map(|path| files::create_parents(path).and_then(|()| files::AtomicFile::create(path)));
    let mut stdout = std::io::stdout().lock();
    let (mut applied, mut total, mut changed_files, mut files) = (0, 0, 0, 0);
    let mut failing = false;
    for_each_in_order(inputs, fix_files, |result| match result {
        Ok(file) => {
            progress.suspend(|| write_or_quit(&mut stdout, file.printed.as_bytes()));
            if let Some(Ok(writer)) = &mut log
                && let Err(error) = file
                    .log_lines
                    .iter()
                    .try_for_each(|piece| writer.write_all(piece.as_bytes()))
            {
                log = Some(Err(error));
            }
            applied += file.applied;
            total += file.total;
            changed_files += usize::from(file.changed);
            files += 1;
            failing |= file.failing;
            if matches!(destination, Destination::Diff) && prepared.fail_on.is_some() {
                failing |= file.changed;
            }
        }
        Err(error) => {
            progress.suspend(|| report_errors(std::slice::from_ref(&error)));
            had_error = true;
        }
    });
    progress.finish_and_clear();
    if let (Some(log_path), Some(Err(error))) = (
        log_path,
        log.map(|log| log.and_then(files::AtomicFile::commit)),
    ) {
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
