use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

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

/// Each `。` followed by a colon, with the spaces after the colon, in order. The full stops are the
/// document's, found once for the page layout and other rules: a byte search for `。:` and another
/// for `。：` each read the whole text.
fn full_stop_colons(document: &Document) -> Vec<std::ops::Range<usize>> {
    let text = document.text;
    crate::scan::each_set(document.full_stops())
        .filter(|&start| {
            matches!(
                text.as_bytes().get(start + "。".len()..),
                // `:` or `：` (EF BC 9A).
                Some([b':', ..] | [0xEF, 0xBC, 0x9A, ..])
            )
        })
        .map(|start| {
            let after_stop = start + "。".len();
            let colon_end =
                after_stop + text[after_stop..].chars().next().map_or(0, char::len_utf8);
            let rest = &text[colon_end..];
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\u{3000}']).len();
            start..colon_end + spaces
        })
        .collect()
}

impl Rule for PeriodColon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        for found in full_stop_colons(document) {
            findings.push(
                Finding::new(&Self::META, document.text, found, "colon after a full stop")
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

    /// The full stops' scan finds what the pattern `。[:：][ \t\u{3000}]*` finds.
    #[test]
    fn finds_what_the_pattern_finds() {
        let pattern = regex::Regex::new("。[:：][ \t\u{3000}]*").unwrap();
        let texts = crate::rules::test_support::reference_texts_and(&[
            "。:。：",
            "a。:\t\u{3000} b。：",
            "。。:",
            "。",
            "。:",
            "：。",
            "。 :",
            "。:。:  。：",
        ]);
        for text in &texts {
            let expected: Vec<_> = pattern.find_iter(text).map(|m| m.range()).collect();
            let document = Document::new(text, crate::document::TextKind::Plain);
            assert_eq!(full_stop_colons(&document), expected, "{text:?}");
        }
    }

    #[test]
    fn leaves_the_house_style_colon() {
        assert!(run(&PeriodColon, "明らかにした:約1年間の消耗。会談(ダボス)は?").is_empty());
    }
}
