//! `kintsugi report`: the corpus at a glance, worst documents first, as a table and as CSV or JSON.

use super::{RunArgs, Status, prepare, read_input, report_errors, status_of, write_or_quit};
use crate::finding::Category;
use crate::summary::DocumentSummary;
use clap::Args;
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    #[command(flatten)]
    run: RunArgs,
    /// Also write the table as CSV to FILE.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Also write the table as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write a review site to DIR: an index and one page per article with every finding
    /// highlighted (static files, no server).
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
}

/// One document's line of the report.
#[derive(Debug, Serialize)]
struct Row {
    /// The file, or the record's id under --jsonl.
    document: String,
    #[serde(flatten)]
    summary: DocumentSummary,
    /// Its page in the review site, relative to the site's folder.
    #[serde(skip)]
    page: Option<String>,
}

pub(super) fn run(args: ReportArgs) -> Result<Status, String> {
    let prepared = prepare(&args.run)?;
    let mut had_error = prepared.had_error;
    let mut rows: Vec<Row> = Vec::new();
    if args.run.jsonl {
        if args.html.is_some() {
            return Err("--html works on text files; for JSON Lines, use --csv or --json".into());
        }
        had_error |= super::jsonl::summaries(&prepared, |document, summary| {
            rows.push(Row {
                document,
                summary,
                page: None,
            })
        });
    } else {
        let results: Vec<_> = prepared
            .inputs
            .par_iter()
            .enumerate()
            .map(|(index, input)| {
                let text = read_input(input)?;
                let document = crate::Document::new(&text, input.kind());
                let findings = prepared.engine.check_document(&document);
                let summary = DocumentSummary::new(&text, &findings);
                let mut page = None;
                if let Some(site) = &args.html {
                    let name = format!("articles/{index:05}.html");
                    let fixed = crate::fix::apply_fixes(&document, findings);
                    let html =
                        crate::html::article_page(&input.display_path(), &text, &fixed, &summary);
                    crate::files::write_creating_parents(&site.join(&name), &html).map_err(
                        |e| crate::files::InputError {
                            path: site.join(&name).display().to_string(),
                            message: format!("could not write: {e}"),
                        },
                    )?;
                    page = Some(name);
                }
                Ok(Row {
                    document: input.display_path(),
                    summary,
                    page,
                })
            })
            .collect();
        for result in results {
            match result {
                Ok(row) => rows.push(row),
                Err(error) => {
                    report_errors(&[error]);
                    had_error = true;
                }
            }
        }
    }
    // Worst first; ties by more findings, then by name, so the order never depends on threads.
    rows.sort_by(|a, b| {
        a.summary
            .score
            .total_cmp(&b.summary.score)
            .then(b.summary.findings.cmp(&a.summary.findings))
            .then(a.document.cmp(&b.document))
    });

    let mut table = format!(
        "{:>6} {:>8}  {:<40} by category\n",
        "score", "findings", "document"
    );
    for row in &rows {
        let categories: Vec<String> = row
            .summary
            .counts
            .iter()
            .map(|(category, count)| format!("{category} {count}"))
            .collect();
        let _ = writeln!(
            table,
            "{:>6.1} {:>8}  {:<40} {}",
            row.summary.score,
            row.summary.findings,
            row.document,
            categories.join(", ")
        );
    }
    write_or_quit(&mut std::io::stdout().lock(), table.as_bytes());

    if let Some(path) = &args.csv {
        let mut csv = String::from("document,score,findings");
        for category in Category::ALL {
            csv.push(',');
            csv.push_str(category.as_str());
        }
        csv.push('\n');
        for row in &rows {
            let _ = write!(
                csv,
                "{},{},{}",
                csv_field(&row.document),
                row.summary.score,
                row.summary.findings
            );
            for category in Category::ALL {
                let _ = write!(csv, ",{}", row.summary.count(category));
            }
            csv.push('\n');
        }
        crate::files::write_creating_parents(path, &csv)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if let Some(site) = &args.html {
        let index: Vec<crate::html::IndexRow> = rows
            .iter()
            .filter_map(|row| {
                Some(crate::html::IndexRow {
                    document: row.document.clone(),
                    page: row.page.clone()?,
                    summary: row.summary.clone(),
                })
            })
            .collect();
        crate::files::write_creating_parents(
            &site.join("index.html"),
            &crate::html::index_page(&index),
        )
        .and_then(|_| crate::html::write_assets(site))
        .map_err(|e| format!("cannot write the review site under {}: {e}", site.display()))?;
        eprintln!("Review site: {}", site.join("index.html").display());
    }
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&rows).expect("rows serialize") + "\n";
        crate::files::write_creating_parents(path, &json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(status_of(had_error, false))
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
