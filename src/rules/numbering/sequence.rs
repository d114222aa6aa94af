use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds enumerations whose items are out of order or skip a number: 3つ目 before 2つ目, or 第一に …
    /// 第三に with no 第二に. Flag only.
    ///
    /// ## Why is this bad?
    /// The translation reordered or dropped parts of the article; a list that counts 3, 2, 3 tells the
    /// reader that something is missing or misplaced, and which item is meant by "the second" is lost.
    ///
    /// ## How it decides
    /// Markers of one kind form a list ((一), 一、, 第一に, 一つ目), in text order; a new list starts at each
    /// 1. Each item must be the previous one plus one. A list may begin above 1 (まず … 第二に is normal).
    ///
    /// ## Example
    /// ```text
    /// 3つ目の手がかり … 2つ目の手がかり … 三つ目の手がかり
    /// ```
    ///
    /// Reported: 2つ目 comes after 3つ目. Restore the order from the source.
    pub struct Sequence {
        id: "numbering/sequence",
        category: Numbering,
        severity: Warning,
        fixability: Never,
        summary: "enumeration items out of order or skipped",
    }
}

impl Rule for Sequence {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        for list in document.enumerations() {
            for pair in list.windows(2) {
                let (previous, item) = (&pair[0], &pair[1]);
                let message = if item.value <= previous.value {
                    format!(
                        "item {} comes after item {}: the list is out of order",
                        item.value, previous.value
                    )
                } else if item.value > previous.value + 1 {
                    format!(
                        "item {} follows item {}: item {} is missing",
                        item.value,
                        previous.value,
                        previous.value + 1
                    )
                } else {
                    continue;
                };
                findings.push(
                    Finding::new(
                        &Self::META,
                        document.text,
                        item.numeral_span.clone(),
                        message,
                    )
                    .with_related(previous.numeral_span.clone(), "the previous item"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn flags_disorder_and_gaps() {
        assert_eq!(
            run(
                &Sequence,
                "3つ目の手がかり。\n2つ目の手がかり。\n三つ目の手がかり。"
            ),
            vec![("2".into(), None)]
        );
        assert_eq!(
            run(&Sequence, "第一に軍事だ。第三に経済だ。"),
            vec![("三".into(), None)]
        );
    }

    #[test]
    fn leaves_ordered_lists_and_lists_that_begin_later() {
        for text in [
            "(一)前提\n(二)本論\n(三)結論\n(一)次の章\n(二)続き",
            "まず軍事だ。第二に経済だ。第三に政治だ。",
            "一、背景\n二、進展\n三、焦点",
            "第20弾の制裁と第5条。",
        ] {
            assert!(run(&Sequence, text).is_empty(), "{text}");
        }
    }
}
