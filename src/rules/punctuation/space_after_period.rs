use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Finds ASCII spaces after `。` inside a paragraph, before the next sentence on the same line.
    ///
    /// ## Why is this bad?
    /// Japanese puts no space between sentences. The space is what is left where the translator joined
    /// chunks with an English-style separator; it shows in print and breaks phrase matching.
    ///
    /// ## Example
    /// ```text
    /// 具体的な推進です。 ゼレンスキー大統領は
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 具体的な推進です。ゼレンスキー大統領は
    /// ```
    pub struct SpaceAfterPeriod {
        id: "punctuation/space-after-period",
        category: Punctuation,
        severity: Warning,
        fixability: Always,
        summary: "ASCII space after 。 inside a paragraph",
    }
}

// Spaces followed by something on the same line; trailing spaces at a line end are another matter.
static SPACE_AFTER_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("。( +)[^ \t\r\n]").expect("valid regex"));

impl Rule for SpaceAfterPeriod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        for captures in SPACE_AFTER_PERIOD.captures_iter(document.text) {
            let spaces = captures.get(1).expect("group 1 always takes part");
            findings.push(
                Finding::new(
                    &Self::META,
                    document.text,
                    spaces.range(),
                    "space after `。` inside a paragraph",
                )
                .with_replacement(""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn removes_the_space_between_sentences() {
        assert_eq!(
            run(&SpaceAfterPeriod, "推進です。 ゼレンスキー"),
            vec![(" ".into(), Some("".into()))]
        );
        assert_eq!(
            run(&SpaceAfterPeriod, "推進です。   次"),
            vec![("   ".into(), Some("".into()))]
        );
    }

    #[test]
    fn leaves_line_ends_and_other_spaces() {
        assert!(run(&SpaceAfterPeriod, "推進です。 \n次の行。\nNATO は 32 か国").is_empty());
    }
}
