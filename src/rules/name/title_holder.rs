use super::{is_near_miss, titles_around};
use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::names::key::variant_key;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds an unknown name next to a title that the gazetteer gives to exactly one person in the
    /// period (国防長官ハーデシス, where the gazetteer's 国防長官 is ヘグセス). Flag only.
    ///
    /// ## Why is this bad?
    /// Either the name is a misrendering of the title holder's, or the title is wrong: both are wrong
    /// facts in the article. The rule cannot tell which, so it reports and suggests, never rewrites.
    ///
    /// ## Example
    /// ```text
    /// 国防長官ハーデシスは…
    /// ```
    ///
    /// Use instead (after checking the source):
    /// ```text
    /// 国防長官ヘグセスは…
    /// ```
    pub struct TitleHolder {
        id: "name/title-holder",
        category: Name,
        severity: Warning,
        fixability: Never,
        summary: "an unknown name on a title the gazetteer gives to one person",
    }
}

impl Rule for TitleHolder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let gazetteer = &context.knowledge.gazetteer;
        for (index, term) in document.katakana_terms().iter().enumerate() {
            // The family name stands last in a joined name; the title is about it.
            if term.span.end != term.name_span.end {
                continue;
            }
            let spelling = &text[term.span.clone()];
            let key = document.katakana_key(index);
            if gazetteer.term_spelling(document, index).is_some()
                || !gazetteer.same_key(key).is_empty()
            {
                continue;
            }
            for title in titles_around(gazetteer, document, term) {
                let [holder] = gazetteer.holders(title) else {
                    continue;
                };
                let entity = &gazetteer.entities[*holder];
                // A near miss of the holder's name is name/near-miss's to report.
                if entity
                    .parts()
                    .any(|part| is_near_miss(key, &variant_key(part)))
                {
                    continue;
                }
                findings.push(Finding::new(
                    &Self::META,
                    text,
                    term.span.clone(),
                    format!(
                        "the gazetteer's {title} is `{}` ({}): is `{spelling}` a misrendering, or the title wrong?",
                        entity.short_name(),
                        entity.name
                    ),
                ));
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn an_unknown_name_on_a_single_holders_title_is_flagged() {
        assert_eq!(
            run(
                &TitleHolder,
                "国防長官ハーデシス、統合参謀本部議長ケインが出席した。"
            ),
            vec![("ハーデシス".into(), None)]
        );
    }

    #[test]
    fn shared_titles_and_known_names_are_left_alone() {
        assert!(
            run(
                &TitleHolder,
                "ウィリアムズ大統領とヘグセス国防長官、ケイン統合参謀本部議長"
            )
            .is_empty()
        );
    }
}
