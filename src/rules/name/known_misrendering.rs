use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds misrenderings of names that the gazetteer lists (`wrong` of an entity) and rewrites them to
    /// the standard spelling.
    ///
    /// ## Why is this bad?
    /// A misrendered name is a wrong fact: the reader and every analysis take it for another person or
    /// place. Misrenderings that a translation engine produces once tend to recur in its other output, so
    /// the gazetteer records them as knowledge; the rule itself knows no names.
    ///
    /// ## Example
    /// ```text
    /// 海湖荘園での会談は…
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// マー・ア・ラゴでの会談は…
    /// ```
    pub struct KnownMisrendering {
        id: "name/known-misrendering",
        category: Name,
        severity: Error,
        fixability: Always,
        summary: "a name misrendering the gazetteer lists",
    }
}

impl Rule for KnownMisrendering {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let gazetteer = &context.knowledge.gazetteer;
        for found in gazetteer.wrong.find_iter(document.text) {
            let target = &gazetteer.wrong_targets[found.pattern()];
            let entity = &gazetteer.entities[target.entity];
            findings.push(
                Finding::new(
                    &Self::META,
                    document.text,
                    found.range(),
                    format!(
                        "`{}` is a known misrendering of `{}` (gazetteer: {})",
                        &document.text[found.range()],
                        target.canonical,
                        entity.name
                    ),
                )
                .with_replacement(target.canonical.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn listed_misrenderings_are_rewritten() {
        assert_eq!(
            run(&KnownMisrendering, "海湖荘園での会談"),
            vec![("海湖荘園".into(), Some("マー・ア・ラゴ".into()))]
        );
    }

    #[test]
    fn standard_names_are_left_alone() {
        assert!(run(&KnownMisrendering, "マー・ア・ラゴでの会談").is_empty());
    }
}
