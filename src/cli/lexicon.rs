//! `kintsugi lexicon`: corpus counts built once and saved, for checks of single new articles.

use super::{ConfigArgs, Status, report_errors, status_of};
use crate::Engine;
use crate::files::{self, InputError};
use crate::names::lexicon::{Lexicon, LexiconCounts};
use crate::output::plural;
use clap::Subcommand;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub(super) enum LexiconCommand {
    /// Count every katakana term and short line of a corpus and save the counts.
    Build {
        /// Files or directories (walked for *.txt and *.md, or with --jsonl for *.jsonl, *.gz and
        /// *.zst), or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Read JSON Lines records ({"id", "text", …}) and count their texts.
        #[arg(long)]
        jsonl: bool,
        /// Where to write the lexicon (JSON).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Add saved lexicons together.
    Merge {
        #[arg(required = true)]
        lexicons: Vec<PathBuf>,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

pub(super) fn run(command: LexiconCommand) -> Result<Status, String> {
    match command {
        LexiconCommand::Build {
            paths,
            jsonl,
            output,
            config,
        } => {
            let settings = config.settings()?;
            let extensions = if jsonl {
                super::jsonl::EXTENSIONS
            } else {
                files::DEFAULT_EXTENSIONS
            };
            let (inputs, path_errors) = files::collect_inputs(&paths, extensions);
            report_errors(&path_errors);
            let inputs: Vec<_> = inputs
                .into_iter()
                .filter(|input| match &input.source {
                    files::Source::File(path) => !settings.is_excluded(path),
                    files::Source::Stdin => true,
                })
                .collect();
            let engine =
                Engine::with_knowledge(settings.config.clone(), super::load_knowledge(&settings)?);
            let mut had_error = !path_errors.is_empty();
            let lexicon = if jsonl {
                super::jsonl::corpus_lexicon(&engine, &inputs, |problem| {
                    eprintln!("kintsugi: error: {problem}");
                    had_error = true;
                })
            } else {
                let (lexicons, errors): (Vec<_>, Vec<_>) = inputs
                    .par_iter()
                    .map(|input| {
                        files::read_text(input).map(|text| {
                            let mut counts = LexiconCounts::default();
                            engine.count_document(&mut counts, &text);
                            counts
                        })
                    })
                    .partition(Result::is_ok);
                let errors: Vec<InputError> = errors.into_iter().filter_map(Result::err).collect();
                report_errors(&errors);
                had_error |= !errors.is_empty();
                lexicons
                    .into_iter()
                    .flatten()
                    .fold(LexiconCounts::default(), LexiconCounts::merged)
                    .into_lexicon()
            };
            lexicon.save(&output).map_err(|e| format!("{e:#}"))?;
            eprintln!(
                "Counted {} in {} into {}.",
                plural(lexicon.terms.len(), "katakana term"),
                plural(lexicon.documents as usize, "document"),
                output.display()
            );
            Ok(status_of(had_error, false))
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
