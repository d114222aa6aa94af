use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

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

impl Rule for SpaceAfterPeriod {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let bytes = text.as_bytes();
        let mut from = 0;
        // The document's full stops, found once for the page layout and other rules: no search of
        // its own.
        for stop in crate::scan::each_set(document.full_stops()) {
            let spaces_start = stop + "。".len();
            if stop < from || bytes.get(spaces_start) != Some(&b' ') {
                continue;
            }
            let spaces_end = spaces_start
                + bytes[spaces_start..]
                    .iter()
                    .take_while(|&&byte| byte == b' ')
                    .count();
            from = spaces_end;
            // Spaces followed by something on the same line; trailing spaces at a line end are
            // another matter.
            let Some(next) = text[spaces_end..].chars().next() else {
                continue;
            };
            if matches!(next, '\t' | '\r' | '\n') {
                continue;
            }
            // The character after the spaces is not searched again: `。 。 ` is one finding.
            from += next.len_utf8();
            findings.push(
                Finding::new(
                    &Self::META,
                    text,
                    spaces_start..spaces_end,
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
    fn finds_each_sentence_s_space_once() {
        assert_eq!(
            run(&SpaceAfterPeriod, "一。 二。  三。 \n四。 五。\t六。 "),
            vec![
                (" ".into(), Some("".into())),
                ("  ".into(), Some("".into())),
                (" ".into(), Some("".into())),
            ]
        );
        // A `。` right after the spaces ends that finding; it does not start another.
        assert_eq!(run(&SpaceAfterPeriod, "一。 。 二").len(), 1);
    }

    /// The rule finds the spaces the pattern `。( +)[^ \t\r\n]` captures.
    #[test]
    fn finds_what_the_pattern_finds() {
        let pattern = regex::Regex::new("。( +)[^ \t\r\n]").unwrap();
        let texts = crate::rules::test_support::reference_texts_and(&[
            "一。 。 二",
            "。 ",
            "。  \n。 a",
            "a。 b。  c。\t。 。 。 d",
            "。。 x",
        ]);
        for text in &texts {
            let expected: Vec<String> = pattern
                .captures_iter(text)
                .map(|captures| captures[1].to_string())
                .collect();
            let found: Vec<String> = run(&SpaceAfterPeriod, text)
                .into_iter()
                .map(|f| f.0)
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn leaves_line_ends_and_other_spaces() {
        assert!(run(&SpaceAfterPeriod, "推進です。 \n次の行。\nNATO は 32 か国").is_empty());
    }
}
