use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds an ASCII semicolon `;` joining two Japanese clauses, and replaces it with `、`.
    ///
    /// ## Why is this bad?
    /// Chinese separates parallel clauses with `；`; the translation kept it as a half-width `;`, which
    /// Japanese prose does not use. Semicolons between Latin words (credits, lists of names) are left alone.
    ///
    /// ## Example
    /// ```text
    /// 最後通告への対応;第二に、主導権を握ること
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 最後通告への対応、第二に、主導権を握ること
    /// ```
    pub struct AsciiSemicolon {
        id: "punctuation/ascii-semicolon",
        category: Punctuation,
        severity: Warning,
        fixability: Always,
        summary: "ASCII semicolon joining Japanese clauses",
    }
}

fn is_clause_edge(c: Option<char>) -> bool {
    c.is_some_and(|c| super::is_japanese_letter(c) || "「」『』（）".contains(c))
}

impl Rule for AsciiSemicolon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        // The memchr crate's search (std's `match_indices` goes a word at a time).
        for start in memchr::memchr_iter(b';', text.as_bytes()) {
            let spaces = text[start + 1..].len() - text[start + 1..].trim_start_matches(' ').len();
            let end = start + 1 + spaces;
            if is_clause_edge(document.char_before(start)) && is_clause_edge(document.char_at(end))
            {
                findings.push(
                    Finding::new(
                        &Self::META,
                        text,
                        start..end,
                        "ASCII `;` between Japanese clauses; Japanese writes `、`",
                    )
                    .with_replacement("、"),
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
    fn mends_a_semicolon_between_clauses() {
        assert_eq!(
            run(&AsciiSemicolon, "まだ去らず;その中では"),
            vec![(";".into(), Some("、".into()))]
        );
        assert_eq!(
            run(&AsciiSemicolon, "対応; 第二に"),
            vec![("; ".into(), Some("、".into()))]
        );
    }

    #[test]
    fn leaves_semicolons_between_latin_words() {
        assert!(run(&AsciiSemicolon, "Sputnik; Douglas Rissing、a;b、写真;").is_empty());
    }
}
