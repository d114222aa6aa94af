use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds a title that the gazetteer says is wrong for the person in the corpus's period, such as a
    /// sitting president written 元大統領 or 前大統領. Flag only: an article about the past may be right.
    ///
    /// ## Why is this bad?
    /// The translation guessed the tense of a title and got it wrong; the article then states a false
    /// fact about who holds office.
    ///
    /// ## Example
    /// ```text
    /// トランプ元大統領の娘婿
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// トランプ大統領の娘婿
    /// ```
    pub struct TitleFact {
        id: "name/title-fact",
        category: Name,
        severity: Warning,
        fixability: Never,
        summary: "a title the gazetteer says is wrong for the person",
    }
}

impl Rule for TitleFact {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let gazetteer = &context.knowledge.gazetteer;
        for (index, term) in document.katakana_terms().iter().enumerate() {
            if term.span.end != term.name_span.end {
                continue;
            }
            let Some(known) = gazetteer.term_spelling(document, index) else {
                continue;
            };
            let entity = &gazetteer.entities[known.entity];
            let before = &text[..term.name_span.start];
            let after = &text[term.name_span.end..];
            for fact in &entity.title_facts {
                let span = if after.starts_with(&fact.wrong) {
                    term.name_span.end..term.name_span.end + fact.wrong.len()
                } else if before.ends_with(&fact.wrong) {
                    term.name_span.start - fact.wrong.len()..term.name_span.start
                } else {
                    continue;
                };
                findings.push(Finding::new(
                    &Self::META,
                    text,
                    span,
                    format!(
                        "{} is {} in the gazetteer's period, not {}: check the article's date",
                        entity.name, fact.right, fact.wrong
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn a_wrong_title_on_either_side_is_flagged() {
        assert_eq!(
            run(&TitleFact, "トランプ元大統領の娘婿と前大統領トランプ"),
            vec![("元大統領".into(), None), ("前大統領".into(), None)]
        );
    }

    #[test]
    fn the_right_title_is_left_alone() {
        assert!(run(&TitleFact, "トランプ大統領とバイデン前大統領").is_empty());
    }
}
