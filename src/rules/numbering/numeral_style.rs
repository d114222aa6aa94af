use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds an item of a list written in another numeral system than the rest ((一)(二)(3)), and writes
    /// it like the others ((3) → (三)) when the list is otherwise in order 1, 2, 3 …; in a list that is
    /// also out of order, it only reports.
    ///
    /// ## Why is this bad?
    /// Each chunk was translated on its own and numbered its own way. Mixed numerals look careless and
    /// break tools that parse headings.
    ///
    /// ## Example
    /// ```text
    /// (一)平和の枠組み
    /// (二)安全保障協定
    /// (3)今後の手配
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// (一)平和の枠組み
    /// (二)安全保障協定
    /// (三)今後の手配
    /// ```
    pub struct NumeralStyle {
        id: "numbering/numeral-style",
        category: Numbering,
        severity: Warning,
        fixability: Sometimes,
        summary: "numeral systems mixed within one list",
    }
}

impl Rule for NumeralStyle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        for list in document.enumerations() {
            let mut systems: Vec<_> = list.iter().map(|m| m.system).collect();
            systems.sort();
            systems.dedup();
            if systems.len() < 2 {
                continue;
            }
            // The system most items use; a tie is no majority.
            let count = |system| list.iter().filter(|m| m.system == system).count();
            let mut ranked: Vec<_> = systems.iter().map(|&s| (count(s), s)).collect();
            ranked.sort_by(|a, b| b.cmp(a));
            if ranked[0].0 == ranked[1].0 {
                continue;
            }
            let majority = ranked[0].1;
            let in_order = list
                .iter()
                .enumerate()
                .all(|(index, marker)| marker.value == index as u32 + 1);
            for marker in list.iter().filter(|m| m.system != majority) {
                let written = majority.write(marker.value);
                let finding = Finding::new(
                    &Self::META,
                    document.text,
                    marker.numeral_span.clone(),
                    format!(
                        "the other items of this list are numbered like `{}`{}",
                        written,
                        if in_order {
                            ""
                        } else {
                            " (not changed: the list is also out of order)"
                        }
                    ),
                );
                findings.push(if in_order {
                    finding.with_replacement(written)
                } else {
                    finding
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn rewrites_the_odd_numeral_in_an_ordered_list() {
        assert_eq!(
            run(&NumeralStyle, "(一)枠組み\n(二)協定\n(3)手配\n"),
            vec![("3".into(), Some("三".into()))]
        );
    }

    #[test]
    fn only_reports_in_a_list_out_of_order() {
        assert_eq!(
            run(&NumeralStyle, "3つ目の鍵。\n2つ目の鍵。\n三つ目の鍵。"),
            vec![("三".into(), None)]
        );
    }

    #[test]
    fn leaves_consistent_lists() {
        assert!(run(&NumeralStyle, "(1)枠組み\n(2)協定\n(一)別の章\n(二)続き").is_empty());
    }
}
