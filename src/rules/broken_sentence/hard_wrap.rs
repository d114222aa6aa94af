use crate::declare_rule;
use crate::document::{Document, ends_mid_sentence};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds a title or heading at the head of the article that the page wrapped in the middle of a
    /// sentence (モスクワのウィトコフ:キーウは / 交渉の席に居るのか、それとも / 食卓に載せられるのか) and
    /// joins its lines.
    ///
    /// ## Why is this bad?
    /// The wrapped lines read as separate headings; sentence splitting and title extraction break.
    ///
    /// ## How it decides
    /// Only lines above the article's first sentence count. A line that ends with `、` or with a particle
    /// that cannot close a sentence (は が を で と も), directly followed by a non-blank line, is joined
    /// to it. Lines ending otherwise are left as they are: a heading may end anywhere.
    ///
    /// ## Example
    /// ```text
    /// モスクワのウィトコフ:キーウは
    /// 交渉の席に居るのか
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// モスクワのウィトコフ:キーウは交渉の席に居るのか
    /// ```
    pub struct HardWrap {
        id: "broken-sentence/hard-wrap",
        category: BrokenSentence,
        severity: Warning,
        fixability: Always,
        summary: "a title wrapped in the middle of a sentence",
    }
}

impl Rule for HardWrap {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let spans: Vec<_> = document.line_spans().collect();
        for index in 0..spans.len().saturating_sub(1) {
            let line = &text[spans[index].clone()];
            // The article's sentences start here; wrapping below is the body's business.
            if document.holds_full_stop(spans[index].clone()) {
                break;
            }
            let next = text[spans[index + 1].clone()].trim();
            let next_is_item = next.starts_with(['・', '•', '■', '●', '(', '（', '-', '*']);
            if ends_mid_sentence(line) && !next.is_empty() && !next_is_item {
                let line_break = spans[index].end..spans[index + 1].start;
                findings.push(
                    Finding::new(
                        &Self::META,
                        text,
                        line_break,
                        format!(
                            "the line ends with `{}` in mid-sentence: the title goes on below",
                            line.chars().last().unwrap_or(' ')
                        ),
                    )
                    .with_replacement(""),
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
    fn joins_a_title_wrapped_after_a_particle() {
        let text = "モスクワのウィトコフ:キーウは\n交渉の席に居るのか、それとも\n食卓に載せられるのか\n本文の最初の文である。\n";
        assert_eq!(
            crate::Engine::default()
                .fix(text, crate::TextKind::Plain)
                .text,
            "モスクワのウィトコフ:キーウは交渉の席に居るのか、それとも食卓に載せられるのか\n本文の最初の文である。\n"
        );
    }

    #[test]
    fn leaves_headings_blank_lines_and_the_body() {
        for text in [
            "はじめに\n\n本文である。",
            "ウクライナの「安全の保証」とは\n\n本文である。",
            "本文である。交渉は\n続いた。",
            "首脳会談の焦点\n・領土問題\n",
        ] {
            assert!(run(&HardWrap, text).is_empty(), "{text}");
        }
    }
}
