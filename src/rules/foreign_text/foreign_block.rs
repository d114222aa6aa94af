use super::foreign_lines;
use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use whatlang::Lang;

declare_rule! {
    /// ## What it does
    /// Finds lines and paragraphs in another language inside a Japanese article (an English title and
    /// lede, a Russian caption) and removes them whole.
    ///
    /// ## Why is this bad?
    /// The page carried the original next to the translation. In a Japanese corpus the foreign block is
    /// noise for every analysis, and a duplicate of the article's content.
    ///
    /// ## How it decides
    /// A line is a candidate when most of its letters (60 %) are outside kanji and kana, in at least three
    /// words, so Latin names inside Japanese sentences (NATO, WhatsApp) never count. Neighbouring
    /// candidate lines form one block, and whatlang, run on the whole block, must name a language other
    /// than Japanese or Chinese (Chinese is stray-chinese's).
    ///
    /// ## Example
    /// ```text
    /// モスクワのウィトコフ
    /// Witkoff in Moscow: Is Kiev still at the table or on the menu?
    /// キーウとの数日間にわたるシャトル外交の後、…
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// モスクワのウィトコフ
    /// キーウとの数日間にわたるシャトル外交の後、…
    /// ```
    pub struct ForeignBlock {
        id: "foreign-text/foreign-block",
        category: ForeignText,
        severity: Warning,
        fixability: Always,
        summary: "a line or paragraph in another language",
    }
}

impl Rule for ForeignBlock {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let lines: Vec<&str> = document.line_spans().map(|s| &text[s]).collect();
        let foreign = foreign_lines(document);
        let mut index = 0;
        while index < lines.len() {
            if !foreign[index] {
                index += 1;
                continue;
            }
            // The block: candidate lines, with blank lines between them allowed.
            let first = index;
            let mut last = index;
            let mut next = index + 1;
            while next < lines.len() {
                if foreign[next] {
                    last = next;
                } else if !lines[next].trim().is_empty() {
                    break;
                }
                next += 1;
            }
            index = last + 1;
            let block: String = lines[first..=last].join("\n");
            let Some(language) = whatlang::detect(&block) else {
                continue;
            };
            if matches!(language.lang(), Lang::Jpn | Lang::Cmn) {
                continue;
            }
            findings.push(
                Finding::new(
                    &Self::META,
                    text,
                    document.lines_removal_span(first, last),
                    format!(
                        "{} line(s) in {} (whatlang, confidence {:.2}) inside a Japanese article",
                        lines[first..=last]
                            .iter()
                            .filter(|l| !l.trim().is_empty())
                            .count(),
                        language.lang().eng_name(),
                        language.confidence()
                    ),
                )
                .with_replacement(""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::fixed;

    #[test]
    fn removes_an_english_block_and_keeps_the_japanese() {
        let text = "モスクワのウィトコフ\n\nWitkoff in Moscow: Is Kiev still at the table or on the menu?\nAfter days of shuttle diplomacy with Kiev, Washington moves\n\nキーウとの数日間にわたるシャトル外交が続いた。\n";
        assert_eq!(
            fixed(text),
            "モスクワのウィトコフ\n\nキーウとの数日間にわたるシャトル外交が続いた。\n"
        );
    }

    #[test]
    fn keeps_latin_words_inside_japanese_sentences() {
        let text = "NATOの会合ではWhatsAppの利用とTechMetへの投資が議論された。\n";
        assert_eq!(fixed(text), text);
    }
}
