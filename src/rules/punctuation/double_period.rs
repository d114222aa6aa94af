use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds the full stop written twice, `。。`.
    ///
    /// ## Why is this bad?
    /// Machine translation that works chunk by chunk closes a sentence and then closes it again where two
    /// chunks meet. The doubled mark is never intended in prose and splits sentence counts in analysis.
    ///
    /// ## Example
    /// ```text
    /// 代表団を派遣した。。団長は軍人である。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 代表団を派遣した。団長は軍人である。
    /// ```
    ///
    /// A run of three or more (`。。。`) may be an ellipsis: it is reported, not changed.
    pub struct DoublePeriod {
        id: "punctuation/double-period",
        category: Punctuation,
        severity: Warning,
        fixability: Sometimes,
        summary: "full stop written twice (。。)",
    }
}

impl Rule for DoublePeriod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        super::check_doubled_mark(&Self::META, document, '。', findings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn mends_a_doubled_full_stop() {
        assert_eq!(
            run(&DoublePeriod, "派遣した。。団長は"),
            vec![("。。".into(), Some("。".into()))]
        );
    }

    #[test]
    fn flags_a_longer_run_without_mending() {
        assert_eq!(
            run(&DoublePeriod, "それは。。。"),
            vec![("。。。".into(), None)]
        );
    }

    /// The runs found from the document's full stops are the runs of two or more `。`, also across the
    /// bitmask's 64-byte words.
    #[test]
    fn finds_every_run_of_full_stops() {
        let runs = regex::Regex::new("。{2,}").unwrap();
        let extra: Vec<String> = (55..70)
            .map(|padding| format!("{}。。x。。。y。", "a".repeat(padding)))
            .chain(["。。".repeat(40)])
            .collect();
        let texts = crate::rules::test_support::reference_texts_and(&extra);
        for text in &texts {
            let expected: Vec<String> = runs.find_iter(text).map(|m| m.as_str().into()).collect();
            let found: Vec<String> = run(&DoublePeriod, text).into_iter().map(|f| f.0).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn leaves_single_full_stops() {
        assert!(run(&DoublePeriod, "派遣した。団長は。「行く。」").is_empty());
    }
}
