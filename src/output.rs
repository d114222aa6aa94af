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

/// Output made a piece at a time and written later: the pieces never move once written, where one
/// `String` that grows doubles, copying what it holds, and can hold twice what it needs. (`check
/// --format json` on a 100 MB article, 109 MB of records, peaked at 577 MB with one `String` and its
/// findings all held, 410 MB with pieces and each finding dropped once written.)
#[derive(Debug, Default)]
pub struct Pieces {
    pieces: Vec<String>,
}

impl Pieces {
    /// The first piece's size; each next one is twice the last, up to [`Pieces::LARGEST`]: a small
    /// article's output is one small allocation, a large one's spare room at most one piece.
    const FIRST: usize = 4 << 10;
    const LARGEST: usize = 1 << 20;

    /// Fills the last piece before starting the next (a text may be split between them, at a
    /// character boundary), so every piece but the last is full.
    pub fn push_str(&mut self, mut text: &str) {
        if let Some(last) = self.pieces.last_mut() {
            let mut room = last.capacity() - last.len();
            if room >= text.len() {
                last.push_str(text);
                return;
            }
            while !text.is_char_boundary(room) {
                room -= 1;
            }
            last.push_str(&text[..room]);
            text = &text[room..];
        }
        let next = self
            .pieces
            .last()
            .map_or(Self::FIRST, |last| (last.capacity() * 2).min(Self::LARGEST));
        let mut piece = String::with_capacity(next.max(text.len()));
        piece.push_str(text);
        self.pieces.push(piece);
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The pieces in order, to be written one after the other.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().map(String::as_str)
    }
}

/// A finding's fields as every JSON output writes them, in this order.
#[derive(Debug, Serialize)]
pub struct FindingFields<'a> {
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
    /// Under `fix --jsonl`, whether the fix was applied; not written otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<bool>,
}

impl<'a> FindingFields<'a> {
    pub fn new(finding: &'a Finding, line: usize, column: usize) -> Self {
        FindingFields {
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
            applied: None,
        }
    }

    /// Appends the fields as a JSON object, byte for byte as serde_json writes them: the corpus path
    /// writes one of these per finding, and serde's generic machinery cost more than the text itself.
    pub fn push_json(&self, out: &mut String) {
        out.push_str("{\"rule\":");
        push_json_string(out, self.rule);
        out.push_str(",\"category\":\"");
        out.push_str(self.category.as_str());
        out.push_str("\",\"severity\":\"");
        out.push_str(self.severity.as_str());
        out.push_str("\",\"line\":");
        push_decimal(out, self.line);
        out.push_str(",\"column\":");
        push_decimal(out, self.column);
        out.push_str(",\"start\":");
        push_decimal(out, self.start);
        out.push_str(",\"end\":");
        push_decimal(out, self.end);
        out.push_str(",\"text\":");
        push_json_string(out, self.text);
        out.push_str(",\"replacement\":");
        match self.replacement {
            Some(replacement) => push_json_string(out, replacement),
            None => out.push_str("null"),
        }
        out.push_str(",\"message\":");
        push_json_string(out, self.message);
        if let Some(applied) = self.applied {
            out.push_str(",\"applied\":");
            out.push_str(if applied { "true" } else { "false" });
        }
        out.push('}');
    }
}

/// Appends `number` in decimal, as serde_json (which uses the same crate, itoa) and Display write it,
/// without the formatting machinery: four numbers a finding, every finding of a corpus.
fn push_decimal(out: &mut String, number: usize) {
    out.push_str(itoa::Buffer::new().format(number));
}

/// Whether serde_json escapes this byte in a string: the quote, the backslash and control characters.
fn needs_escape(byte: u8) -> bool {
    (byte < 0x20) | (byte == b'"') | (byte == b'\\')
}

/// Appends `text` as a JSON string, escaped exactly as serde_json escapes it (`\n`, `\"`, `\u001f`…;
/// everything else, non-ASCII included, as it is). Blocks of 16 bytes that need no escape, the common
/// case, are tested at once; the last bytes as a block padded with spaces (most strings are short, and
/// their last bytes, tested one at a time, were most of the work).
pub fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut written = 0;
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let block = match rest.first_chunk::<16>() {
            Some(block) => *block,
            None => {
                let mut block = [b' '; 16];
                block[..rest.len()].copy_from_slice(rest);
                block
            }
        };
        if !block
            .iter()
            .fold(false, |any, &byte| any | needs_escape(byte))
        {
            at += 16;
            continue;
        }
        // A block with an escape: its bytes one at a time.
        let block_end = bytes.len().min(at + 16);
        while at < block_end {
            push_escaped_byte(out, text, &mut written, at);
            at += 1;
        }
    }
    out.push_str(&text[written..]);
    out.push('"');
}

/// Escapes the byte at `at` if it needs it, after the text from `written` up to it.
fn push_escaped_byte(out: &mut String, text: &str, written: &mut usize, at: usize) {
    let byte = text.as_bytes()[at];
    if !needs_escape(byte) {
        return;
    }
    // Escaped bytes are ASCII, so both ends of the copied run are character boundaries.
    out.push_str(&text[*written..at]);
    match byte {
        b'"' => out.push_str("\\\""),
        b'\\' => out.push_str("\\\\"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        0x08 => out.push_str("\\b"),
        0x0C => out.push_str("\\f"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    *written = at + 1;
}

/// One finding as a JSON Lines record of `check --format json`; the field set and order are fixed.
#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    pub path: &'a str,
    #[serde(flatten)]
    pub fields: FindingFields<'a>,
}

impl<'a> FindingRecord<'a> {
    pub fn new(path: &'a str, finding: &'a Finding, line: usize, column: usize) -> Self {
        FindingRecord {
            path,
            fields: FindingFields::new(finding, line, column),
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
        .line_span(line_number - 1)
        .expect("a finding's line exists");
    let line = &document.text[line_span.clone()];
    let span_start = finding.span.start - line_span.start;
    let span_end = finding.span.end.min(line_span.end) - line_span.start;

    // Only the characters shown are visited: lines can be megabytes long.
    let before_start = line[..span_start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map(|(i, _)| i);
    let before: String = match before_start {
        Some(start) if start > 0 => format!("{CUT}{}", &line[start..span_start]),
        _ => line[..span_start].to_string(),
    };
    let cut_after = |text: &str, keep: usize| -> String {
        match text.char_indices().nth(keep) {
            Some((end, _)) => format!("{}{CUT}", &text[..end]),
            None => text.to_string(),
        }
    };
    let inside = cut_after(&line[span_start..span_end], SPAN_CHARS);
    let after = cut_after(&line[span_end..], CONTEXT_CHARS);

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

    /// Adds another run's counts (one file's, made where the file was checked).
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.files_with_findings += other.files_with_findings;
        self.findings += other.findings;
        self.fixable += other.fixable;
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
    fn pieces_hold_what_was_pushed_in_order_with_little_spare_room() {
        let mut pieces = Pieces::default();
        assert!(pieces.is_empty());
        let mut expected = String::new();
        // Small and large texts, a text larger than any piece among them.
        for i in 0..20_000 {
            let text = match i % 1000 {
                999 => "長".repeat(Pieces::LARGEST),
                n => format!("{n}番目の行、日本語。\n"),
            };
            pieces.push_str(&text);
            expected.push_str(&text);
        }
        assert_eq!(pieces.iter().collect::<String>(), expected);
        let spare: usize = pieces.pieces.iter().map(|p| p.capacity() - p.len()).sum();
        // Every piece but the last is full but for part of a character; the last has at most one
        // piece's room.
        assert!(
            spare <= Pieces::LARGEST + pieces.pieces.len() * 3,
            "{spare}"
        );
        assert_eq!(pieces.pieces[0].capacity(), Pieces::FIRST);
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut powers: Vec<usize> = (0..20).map(|p| 10usize.pow(p)).collect();
        powers.extend(powers.clone().iter().map(|p| p - 1));
        powers.extend([0, 7, 42, 1234, usize::MAX]);
        for number in powers {
            let mut written = String::new();
            push_decimal(&mut written, number);
            assert_eq!(written, number.to_string());
        }
    }

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

/// A finding with its start and end as 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Located {
    pub fn new(document: &Document, finding: Finding) -> Located {
        let (line, column) = document.line_column(finding.span.start);
        let (end_line, end_column) = document.line_column(finding.span.end);
        Located {
            finding,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A GitHub Actions workflow command that annotates the finding in the pull request.
pub fn github_annotation(path: &str, located: &Located) -> String {
    // Property values escape `:` and `,` too; the message only `%` and line breaks.
    fn escape_data(text: &str) -> String {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn escape_property(text: &str) -> String {
        escape_data(text).replace(':', "%3A").replace(',', "%2C")
    }
    let finding = &located.finding;
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
        escape_property(path),
        located.line,
        located.column,
        located.end_line,
        located.end_column,
        escape_property(finding.rule),
        escape_data(&finding.message)
    )
}

/// A path as a relative URI reference: `/` separators, everything but unreserved characters
/// percent-encoded (SARIF requires valid URIs; Japanese file names are common here).
fn path_uri(path: &str) -> String {
    let mut uri = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF 2.1.0 log of the findings, with every rule described and fixes as replacements.
pub fn sarif_log<'a>(
    results: impl IntoIterator<Item = (&'a str, &'a Located)>,
) -> serde_json::Value {
    use serde_json::json;
    let rules: Vec<serde_json::Value> = crate::rules::RULES
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            json!({
                "id": meta.id,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": meta.explanation() },
                "defaultConfiguration": { "level": sarif_level(meta.severity) },
                "properties": { "category": meta.category.as_str() },
            })
        })
        .collect();
    let rule_index = |id: &str| crate::rules::RULES.iter().position(|r| r.meta().id == id);
    let results: Vec<serde_json::Value> = results
        .into_iter()
        .map(|(path, located)| {
            let finding = &located.finding;
            let region = json!({
                "startLine": located.line,
                "startColumn": located.column,
                "endLine": located.end_line,
                "endColumn": located.end_column,
            });
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": path_uri(path) },
                    "region": region,
                }
            });
            let mut result = json!({
                "ruleId": finding.rule,
                "level": sarif_level(finding.severity),
                "message": { "text": finding.message },
                "locations": [location],
            });
            if let Some(index) = rule_index(finding.rule) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(replacement) = &finding.replacement {
                result["fixes"] = json!([{
                    "description": { "text": format!("replace with `{}`", visible(replacement)) },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": path_uri(path) },
                        "replacements": [{
                            "deletedRegion": region,
                            "insertedContent": { "text": replacement },
                        }],
                    }],
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kintsugi",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// Counts per rule, kept as files are checked, and printed most frequent first by `--statistics`.
#[derive(Debug, Default)]
pub struct Statistics {
    /// Per rule: findings, and how many of them are fixable.
    counts: std::collections::BTreeMap<&'static str, (usize, usize)>,
}

impl Statistics {
    pub fn add(&mut self, finding: &Finding) {
        let entry = self.counts.entry(finding.rule).or_default();
        entry.0 += 1;
        entry.1 += usize::from(finding.replacement.is_some());
    }

    pub fn merge(&mut self, other: &Statistics) {
        for (rule, (count, fixable)) in &other.counts {
            let entry = self.counts.entry(rule).or_default();
            entry.0 += count;
            entry.1 += fixable;
        }
    }

    /// One row per rule: count, id, fixable count, the rule's summary.
    pub fn table(&self) -> String {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (rule, (count, fixable)) in rows {
            let summary = crate::rules::rule_by_id(rule).map_or("", |r| r.meta().summary);
            let _ = writeln!(
                out,
                "{count:>6}  {rule:<36} {fixable:>6} fixable  {summary}"
            );
        }
        out
    }
}
