//! The fix engine: decides which replacements to apply, applies them in one pass, and logs every finding.
//!
//! Overlaps are resolved before any edit, deterministically:
//! - findings with the same span and the same replacement are one edit;
//! - findings with the same span and different replacements are all left unapplied (never pick one);
//! - a removal that covers other edits wins, and the covered edits are dropped with the text;
//! - any other overlap leaves both edits unapplied.
//!
//! Unapplied findings stay in the log with `applied: false` and the reason.

use crate::document::Document;
use crate::finding::Finding;
use std::cmp::Reverse;
use std::fmt;

/// Why a finding did or did not change the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// The rule only flags this finding.
    FlagOnly,
    /// Another edit overlaps it and neither is certain to be right.
    Conflict,
    /// A removal covers it; its text is gone with the removal.
    Covered,
}

impl Outcome {
    pub fn applied(self) -> bool {
        self == Outcome::Applied
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::FlagOnly => "flag only",
            Outcome::Conflict => "not applied: overlaps another edit",
            Outcome::Covered => "not applied: inside a removed span",
        }
    }
}

/// One finding as the fix log records it, positioned in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub finding: Finding,
    /// 1-based line in the original text.
    pub line: usize,
    /// 1-based column in characters in the original text.
    pub column: usize,
    pub outcome: Outcome,
}

impl LogEntry {
    pub fn applied(&self) -> bool {
        self.outcome.applied()
    }
}

/// Every finding of one input with what the fix did about it, in position order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixLog {
    pub entries: Vec<LogEntry>,
}

impl FixLog {
    pub fn applied_count(&self) -> usize {
        self.entries.iter().filter(|e| e.applied()).count()
    }
}

/// A stable, line-oriented rendering meant for snapshot diffs: one head line per finding, then the text
/// before and after for each edit.
///
/// ```text
/// 7:24 punctuation/double-period applied: `。` written twice
///   - 。。
///   + 。
/// ```
impl fmt::Display for FixLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.entries {
            let finding = &entry.finding;
            writeln!(
                f,
                "{}:{} {} {}: {}",
                entry.line,
                entry.column,
                finding.rule,
                entry.outcome.as_str(),
                finding.message
            )?;
            writeln!(f, "  - {}", visible(&finding.text))?;
            if let Some(replacement) = &finding.replacement {
                writeln!(f, "  + {}", visible(replacement))?;
            }
        }
        Ok(())
    }
}

/// Makes spaces and line breaks visible in one-line renderings of spans.
pub fn visible(text: &str) -> String {
    if text.is_empty() {
        return "∅".to_string();
    }
    text.replace('\n', "⏎").replace(' ', "␣")
}

/// The result of fixing one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub log: FixLog,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.log.applied_count() > 0
    }
}

/// Decides the outcome of each finding (same order as `findings`).
pub fn resolve(findings: &[Finding]) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = findings
        .iter()
        .map(|f| match f.replacement {
            Some(_) => Outcome::Applied,
            None => Outcome::FlagOnly,
        })
        .collect();

    let mut edits: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].replacement.is_some())
        .collect();
    // Outer spans before the spans they contain, then a fixed order for ties.
    edits.sort_by_key(|&i| {
        let f = &findings[i];
        (
            f.span.start,
            Reverse(f.span.end),
            f.rule,
            f.replacement.clone(),
        )
    });

    // Same span: one edit when all agree (the others follow it), none when they differ.
    let mut representatives: Vec<usize> = Vec::new();
    let mut twins: Vec<(usize, usize)> = Vec::new();
    for group in edits.chunk_by(|&a, &b| findings[a].span == findings[b].span) {
        let first = &findings[group[0]].replacement;
        if group.iter().all(|&i| &findings[i].replacement == first) {
            representatives.push(group[0]);
            twins.extend(group[1..].iter().map(|&i| (i, group[0])));
        } else {
            for &i in group {
                outcomes[i] = Outcome::Conflict;
            }
        }
    }

    // Walk in order, keeping the accepted edits disjoint.
    let mut accepted: Vec<usize> = Vec::new();
    for &i in &representatives {
        let edit = &findings[i].span;
        let Some(&last) = accepted.last() else {
            accepted.push(i);
            continue;
        };
        let previous = &findings[last];
        let overlaps = edit.start < previous.span.end || edit.start == previous.span.start;
        if !overlaps {
            accepted.push(i);
        } else if edit.end <= previous.span.end && previous.replacement.as_deref() == Some("") {
            outcomes[i] = Outcome::Covered;
        } else {
            outcomes[i] = Outcome::Conflict;
            outcomes[last] = Outcome::Conflict;
            accepted.pop();
        }
    }

    for (twin, representative) in twins {
        outcomes[twin] = outcomes[representative];
    }
    outcomes
}

/// Applies the findings' replacements to `document` and logs every finding.
pub fn apply_fixes(document: &Document, findings: Vec<Finding>) -> Fixed {
    let outcomes = resolve(&findings);
    let text = document.text;

    // Twins share a span and a replacement: apply each span once.
    let mut applied: Vec<usize> = (0..findings.len())
        .filter(|&i| outcomes[i].applied())
        .collect();
    applied.sort_by_key(|&i| (findings[i].span.start, findings[i].span.end));
    applied.dedup_by_key(|i| findings[*i].span.clone());

    let mut fixed = String::with_capacity(text.len());
    let mut cursor = 0;
    for &i in &applied {
        let finding = &findings[i];
        fixed.push_str(&text[cursor..finding.span.start]);
        fixed.push_str(finding.replacement.as_deref().unwrap_or_default());
        cursor = finding.span.end;
    }
    fixed.push_str(&text[cursor..]);

    let entries = findings
        .into_iter()
        .zip(outcomes)
        .map(|(finding, outcome)| {
            let (line, column) = document.line_column(finding.span.start);
            LogEntry {
                finding,
                line,
                column,
                outcome,
            }
        })
        .collect();
    Fixed {
        text: fixed,
        log: FixLog { entries },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::TextKind;
    use crate::finding::{Category, Severity};

    fn edit(rule: &'static str, text: &str, span: std::ops::Range<usize>, to: &str) -> Finding {
        Finding {
            rule,
            category: Category::Punctuation,
            severity: Severity::Warning,
            text: text[span.clone()].to_string(),
            span,
            replacement: Some(to.to_string()),
            message: String::new(),
            related: Vec::new(),
        }
    }

    fn fix(text: &str, findings: Vec<Finding>) -> (String, Vec<Outcome>) {
        let document = Document::new(text, TextKind::Plain);
        let fixed = apply_fixes(&document, findings);
        (
            fixed.text,
            fixed.log.entries.iter().map(|e| e.outcome).collect(),
        )
    }

    #[test]
    fn applies_disjoint_edits() {
        let text = "ab。。cd;ef";
        let period = text.find("。。").unwrap();
        let semicolon = text.find(';').unwrap();
        let (fixed, outcomes) = fix(
            text,
            vec![
                edit("a", text, period..period + 6, "。"),
                edit("b", text, semicolon..semicolon + 1, "、"),
            ],
        );
        assert_eq!(fixed, "ab。cd、ef");
        assert_eq!(outcomes, vec![Outcome::Applied, Outcome::Applied]);
    }

    #[test]
    fn removal_covering_an_edit_wins() {
        let text = "这样的事情。。次";
        let period = text.find("。。").unwrap();
        let (fixed, outcomes) = fix(
            text,
            vec![
                edit("remove", text, 0..period + 6, ""),
                edit("period", text, period..period + 6, "。"),
            ],
        );
        assert_eq!(fixed, "次");
        assert_eq!(outcomes, vec![Outcome::Applied, Outcome::Covered]);
    }

    #[test]
    fn different_replacements_of_one_span_are_not_applied() {
        let text = "a;b";
        let (fixed, outcomes) = fix(
            text,
            vec![edit("x", text, 1..2, "、"), edit("y", text, 1..2, "。")],
        );
        assert_eq!(fixed, text);
        assert_eq!(outcomes, vec![Outcome::Conflict, Outcome::Conflict]);
    }

    #[test]
    fn identical_edits_apply_once() {
        let text = "a;b";
        let (fixed, outcomes) = fix(
            text,
            vec![edit("x", text, 1..2, "、"), edit("y", text, 1..2, "、")],
        );
        assert_eq!(fixed, "a、b");
        assert_eq!(outcomes, vec![Outcome::Applied, Outcome::Applied]);
    }

    #[test]
    fn partial_overlap_applies_neither() {
        let text = "abcdef";
        let (fixed, outcomes) = fix(
            text,
            vec![edit("x", text, 1..4, "X"), edit("y", text, 3..5, "Y")],
        );
        assert_eq!(fixed, text);
        assert_eq!(outcomes, vec![Outcome::Conflict, Outcome::Conflict]);
    }

    #[test]
    fn a_rewrite_containing_another_edit_applies_neither() {
        let text = "abcdef";
        let (fixed, _) = fix(
            text,
            vec![edit("x", text, 1..5, "X"), edit("y", text, 2..3, "Y")],
        );
        assert_eq!(fixed, text);
    }

    #[test]
    fn flag_only_findings_are_logged_unapplied() {
        let text = "abc";
        let mut flag = edit("x", text, 0..1, "");
        flag.replacement = None;
        let (fixed, outcomes) = fix(text, vec![flag]);
        assert_eq!(fixed, text);
        assert_eq!(outcomes, vec![Outcome::FlagOnly]);
    }

    #[test]
    fn log_renders_before_and_after() {
        let text = "行\nab。。";
        let period = text.find("。。").unwrap();
        let document = Document::new(text, TextKind::Plain);
        let mut finding = edit("punctuation/double-period", text, period..period + 6, "。");
        finding.message = "doubled".into();
        let fixed = apply_fixes(&document, vec![finding]);
        assert_eq!(
            fixed.log.to_string(),
            "2:3 punctuation/double-period applied: doubled\n  - 。。\n  + 。\n"
        );
    }
}
