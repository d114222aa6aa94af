use super::label_lines;
use crate::declare_rule;
use crate::document::{Document, trim};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds datelines and section labels (25/01/2026; 2025年12月2日 11:50 ロシア・旧ソ連諸国;
    /// article / グローバル・ポリティクス): lines that are only a date and time, a short section name, or a
    /// breadcrumb. Flagged by default; removed when the configuration sets `remove-labels`.
    ///
    /// ## Why is this bad?
    /// They are the page's metadata, not article text, but unlike buttons they carry information (when, in
    /// which section) that a corpus may want to keep as fields rather than lose.
    ///
    /// ## Example
    /// ```text
    /// 2025年12月2日 11:50 ロシア・旧ソ連諸国
    /// ```
    pub struct Dateline {
        id: "boilerplate/dateline",
        category: Boilerplate,
        severity: Info,
        fixability: Sometimes,
        summary: "dateline or section label (removed when configured)",
    }
}

impl Rule for Dateline {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let labels = label_lines(document);
        for (index, span) in document.line_spans().enumerate() {
            if !labels[index] {
                continue;
            }
            let line = trim(&document.text[span]);
            let finding = Finding::new(
                &Self::META,
                document.text,
                document.lines_removal_span(index, index),
                format!("dateline or section label `{line}`"),
            );
            findings.push(if context.config.remove_labels {
                finding.with_replacement("")
            } else {
                finding
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn flags_labels_without_removing_them() {
        let found = run(&Dateline, "記事の題\n25/01/2026\n本文の一文目である。\n");
        assert_eq!(found, vec![("25/01/2026\n".into(), None)]);
    }

    #[test]
    fn removes_them_when_configured() {
        let config = crate::Config {
            remove_labels: true,
            ..Default::default()
        };
        let fixed = crate::fix("記事の題\n25/01/2026\n本文の一文目である。\n", &config);
        assert_eq!(fixed.text, "記事の題\n本文の一文目である。\n");
    }
}
