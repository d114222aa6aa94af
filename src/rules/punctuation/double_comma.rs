use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds the reading comma written twice, `、、`.
    ///
    /// ## Why is this bad?
    /// Like `。。`, it is left where two translated chunks meet; Japanese never doubles the comma.
    ///
    /// ## Example
    /// ```text
    /// 米国、、ロシア、ウクライナ
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 米国、ロシア、ウクライナ
    /// ```
    pub struct DoubleComma {
        id: "punctuation/double-comma",
        category: Punctuation,
        severity: Warning,
        fixability: Sometimes,
        summary: "reading comma written twice (、、)",
    }
}

impl Rule for DoubleComma {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        super::check_doubled_mark(&Self::META, document, '、', findings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn mends_a_doubled_comma() {
        assert_eq!(
            run(&DoubleComma, "米国、、ロシア"),
            vec![("、、".into(), Some("、".into()))]
        );
    }

    #[test]
    fn leaves_single_commas() {
        assert!(run(&DoubleComma, "米国、ロシア、ウクライナ").is_empty());
    }
}
