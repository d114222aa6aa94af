//! Renderings of findings: rustc-style diagnostics for people, JSON Lines for machines.

use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::fix::{LogEntry, visible};
use serde::Serialize;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Characters of context shown on each side of a span in a diagnostic; article lines run to hundreds.
const CONTEXT_CHARS: usize = 20;
/// Characters of a long span shown before it is cut.
const SPAN_CHARS: usize = 40;
/// ASCII on purpose: `…` is ambiguous-width and would shift the carets in CJK terminals.
const CUT: &str = "...";

/// One finding as a JSON Lines record of `check --format json`; the field set and order are fixed.
#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    pub path: &'a str,
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub replacement: Option<&'a str>,
    pub message: &'a str,
}

impl<'a> FindingRecord<'a> {
    pub fn new(path: &'a str, finding: &'a Finding, line: usize, column: usize) -> Self {
        FindingRecord {
            path,
            rule: finding.rule,
            category: finding.category,
            severity: finding.severity,
            line,
            column,
            start: finding.span.start,
            end: finding.span.end,
            text: &finding.text,
            replacement: finding.replacement.as_deref(),
            message: &finding.message,
        }
    }
}

/// One fix-log record: the finding's fields plus whether the fix applied it.
#[derive(Debug, Serialize)]
pub struct LogRecord<'a> {
    #[serde(flatten)]
    pub finding: FindingRecord<'a>,
    pub applied: bool,
}

impl<'a> LogRecord<'a> {
    pub fn new(path: &'a str, entry: &'a LogEntry) -> Self {
        LogRecord {
            finding: FindingRecord::new(path, &entry.finding, entry.line, entry.column),
            applied: entry.applied(),
        }
    }
}

/// A JSON Lines line (with its newline) for any record.
pub fn json_line(record: &impl Serialize) -> String {
    let mut line = serde_json::to_string(record).expect("records always serialize");
    line.push('\n');
    line
}

fn display_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A diagnostic in the style of rustc and ruff, with carets under the span counted in display columns, so
/// they stand right under wide (CJK) characters.
///
/// ```text
/// warning[punctuation/double-period]: `。` written twice
///  --> seeds/a.txt:7:24
///   |
/// 7 | ...軍事・情報当局者代表団を派遣した。。団長のコスチュコフは軍事情報責任者であり...
///   |                                  ^^^^ replace with `。`
/// ```
pub fn human_diagnostic(path: &str, document: &Document, finding: &Finding) -> String {
    let (line_number, column) = document.line_column(finding.span.start);
    let line_span = document
        .line_spans()
        .nth(line_number - 1)
        .expect("a finding's line exists");
    let line = &document.text[line_span.clone()];
    let span_start = finding.span.start - line_span.start;
    let span_end = finding.span.end.min(line_span.end) - line_span.start;

    let before_chars: Vec<char> = line[..span_start].chars().collect();
    let before: String = if before_chars.len() > CONTEXT_CHARS {
        let kept: String = before_chars[before_chars.len() - CONTEXT_CHARS..]
            .iter()
            .collect();
        format!("{CUT}{kept}")
    } else {
        before_chars.iter().collect()
    };
    let inside_full = &line[span_start..span_end];
    let inside: String = if inside_full.chars().count() > SPAN_CHARS {
        format!(
            "{}{CUT}",
            inside_full.chars().take(SPAN_CHARS).collect::<String>()
        )
    } else {
        inside_full.to_string()
    };
    let after_full = &line[span_end..];
    let after: String = if after_full.chars().count() > CONTEXT_CHARS {
        format!(
            "{}{CUT}",
            after_full.chars().take(CONTEXT_CHARS).collect::<String>()
        )
    } else {
        after_full.to_string()
    };

    let (before, inside, after) = (
        display_safe(&before),
        display_safe(&inside),
        display_safe(&after),
    );
    let gutter = " ".repeat(line_number.to_string().len());
    let label = match finding.replacement.as_deref() {
        Some("") => "remove".to_string(),
        Some(replacement) => format!("replace with `{}`", visible(replacement)),
        None => "flag only".to_string(),
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        finding.severity, finding.rule, finding.message
    );
    let _ = writeln!(out, "{gutter}--> {path}:{line_number}:{column}");
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{line_number} | {before}{inside}{after}");
    let _ = writeln!(
        out,
        "{gutter} | {}{} {label}",
        " ".repeat(before.width()),
        "^".repeat(inside.width().max(1))
    );
    for related in &finding.related {
        let (line, column) = document.line_column(related.span.start);
        let _ = writeln!(
            out,
            "{gutter} = note: {}:{line}:{column}: {}",
            path, related.note
        );
    }
    out
}

/// Counts for the closing line of a run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    pub fixable: usize,
}

impl Summary {
    pub fn add(&mut self, findings: &[Finding]) {
        self.files += 1;
        if !findings.is_empty() {
            self.files_with_findings += 1;
        }
        self.findings += findings.len();
        self.fixable += findings.iter().filter(|f| f.replacement.is_some()).count();
    }

    pub fn check_line(&self) -> String {
        let files = plural(self.files, "file");
        if self.findings == 0 {
            return format!("No findings in {files}.");
        }
        format!(
            "Found {} in {} of {files} ({} fixable with `kintsugi fix`).",
            plural(self.findings, "finding"),
            self.files_with_findings,
            self.fixable
        )
    }
}

pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TextKind;
    use crate::rules::punctuation::double_period::DoublePeriod;

    #[test]
    fn carets_stand_under_wide_characters() {
        let text = "一行目\n派遣した。。団長は";
        let document = Document::new(text, TextKind::Plain);
        let start = text.find("。。").unwrap();
        let finding = Finding::new(&DoublePeriod::META, text, start..start + 6, "twice")
            .with_replacement("。");
        let rendered = human_diagnostic("a.txt", &document, &finding);
        assert_eq!(
            rendered,
            "warning[punctuation/double-period]: twice\n \
             --> a.txt:2:5\n  |\n2 | 派遣した。。団長は\n  |         ^^^^ replace with `。`\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}。。{}", "あ".repeat(50), "い".repeat(50));
        let document = Document::new(&text, TextKind::Plain);
        let start = text.find("。。").unwrap();
        let finding = Finding::new(&DoublePeriod::META, &text, start..start + 6, "twice");
        let rendered = human_diagnostic("a.txt", &document, &finding);
        let source_line = rendered.lines().nth(3).unwrap();
        assert_eq!(
            source_line,
            format!("1 | ...{}。。{}...", "あ".repeat(20), "い".repeat(20))
        );
        let caret_line = rendered.lines().nth(4).unwrap();
        assert_eq!(caret_line, format!("  | {}^^^^ flag only", " ".repeat(43)));
    }
}
