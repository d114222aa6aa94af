use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Finds a full stop followed by a colon, `。:` or `。：`.
    ///
    /// ## Why is this bad?
    /// The translator closed the sentence and then kept the source's colon, which in Chinese introduces
    /// what follows. After a complete sentence the colon adds nothing, and a line that goes on with `:`
    /// after `。` reads as broken. The colon (and any space after it) is removed; the full stop stays.
    ///
    /// ## Example
    /// ```text
    /// 明確な意図がある。:第一に、
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 明確な意図がある。第一に、
    /// ```
    pub struct PeriodColon {
        id: "punctuation/period-colon",
        category: Punctuation,
        severity: Warning,
        fixability: Always,
        summary: "full stop followed by a colon (。:)",
    }
}

static PERIOD_COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("。[:：][ \t\u{3000}]*").expect("valid regex"));

impl Rule for PeriodColon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        for found in PERIOD_COLON.find_iter(document.text) {
            findings.push(
                Finding::new(
                    &Self::META,
                    document.text,
                    found.range(),
                    "colon after a full stop",
                )
                .with_replacement("。"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn removes_the_colon_after_a_full_stop() {
        assert_eq!(
            run(&PeriodColon, "意図がある。:第一に"),
            vec![("。:".into(), Some("。".into()))]
        );
        assert_eq!(
            run(&PeriodColon, "意図がある。： 第一に"),
            vec![("。： ".into(), Some("。".into()))]
        );
    }

    #[test]
    fn leaves_the_house_style_colon() {
        assert!(run(&PeriodColon, "明らかにした:約1年間の消耗。会談(ダボス)は?").is_empty());
    }
}
