use super::{is_near_miss, titles_agree, titles_around};
use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::names::key::variant_key;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds a rare name that is one slip away from a known or frequent name (ヌビオ for ルビオ, メロフ for
    /// ウメロフ): one kana replaced, or one missing or added at an end.
    ///
    /// ## Why is this bad?
    /// The slip makes another person of the same person. Unlike spelling variants, no convention explains
    /// it: it is a recognition or translation error.
    ///
    /// ## How it decides
    /// Only words in a name position count (joined with ・, or next to a title), used at most twice in the
    /// corpus, unknown to the gazetteer. Candidates are the gazetteer's names and the corpus's frequent
    /// names. A candidate whose full name disagrees (パリス・ヒルトン is not カマラ・ハリス) is dropped. The
    /// name is rewritten only when exactly one gazetteer name fits and the title or the other part of the
    /// name agrees with that person; otherwise the finding suggests and changes nothing.
    ///
    /// ## Example
    /// ```text
    /// 米国側は、国務長官ヌビオ、…
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 米国側は、国務長官ルビオ、…
    /// ```
    pub struct NearMiss {
        id: "name/near-miss",
        category: Name,
        severity: Warning,
        fixability: Sometimes,
        summary: "a rare name one slip away from a known name",
        reads_corpus: true,
    }
}

/// A name used more often than this is taken as meant.
const MAX_RARE_USES: u64 = 2;
/// Corpus names (not in the gazetteer) used at least this often as names can be candidates.
const MIN_CORPUS_NAME_USES: u64 = 3;

struct Candidate<'a> {
    spelling: String,
    /// The gazetteer entity, for a gazetteer name.
    entity: Option<&'a crate::names::gazetteer::Entity>,
}

impl Rule for NearMiss {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let gazetteer = &context.knowledge.gazetteer;
        let corpus = context.corpus_or_document(document);
        for (index, term) in document.katakana_terms().iter().enumerate() {
            let spelling = &text[term.span.clone()];
            // Most katakana terms of a corpus are frequent in it: that one lookup settles them,
            // before the title tests on both sides of the term.
            if corpus.counts(spelling).occurrences > MAX_RARE_USES
                || !context.is_name_position(document, term)
                || gazetteer.term_spelling(document, index).is_some()
            {
                continue;
            }
            let key = document.katakana_key(index);
            if !gazetteer.same_key(key).is_empty() || corpus.spellings(key).len() > 1 {
                continue;
            }
            let partners: Vec<&str> = text[term.name_span.clone()]
                .split(['・', '＝', '='])
                .filter(|part| *part != spelling && !part.is_empty())
                .collect();

            let key_length = key.chars().count();
            let mut candidates: Vec<Candidate> = Vec::new();
            for (standard, standard_key) in gazetteer.standard_parts_near(key_length) {
                if !is_near_miss(key, standard_key) {
                    continue;
                }
                let entity = &gazetteer.entities[standard.entity];
                // Another full name (パリス・ヒルトン) is another person.
                let partner_disagrees = !partners.is_empty()
                    && !partners.iter().any(|partner| {
                        entity
                            .parts()
                            .any(|part| variant_key(part) == variant_key(partner))
                    });
                if !partner_disagrees {
                    candidates.push(Candidate {
                        spelling: standard.canonical.clone(),
                        entity: Some(entity),
                    });
                }
            }
            for (name, name_key, counts) in
                corpus.frequent_names_near(MIN_CORPUS_NAME_USES, key_length)
            {
                if counts.occurrences >= MIN_CORPUS_NAME_USES
                    && is_near_miss(key, name_key)
                    && !candidates.iter().any(|c| c.spelling == name)
                {
                    candidates.push(Candidate {
                        spelling: name.to_string(),
                        entity: None,
                    });
                }
            }
            candidates.sort_by(|a, b| a.spelling.cmp(&b.spelling));
            candidates.dedup_by(|a, b| a.spelling == b.spelling);

            match candidates.as_slice() {
                [] => {}
                [single] => {
                    let agrees = single.entity.is_some_and(|entity| {
                        let titles = titles_around(gazetteer, document, term);
                        titles
                            .iter()
                            .any(|found| entity.titles.iter().any(|held| titles_agree(found, held)))
                            || partners
                                .iter()
                                .any(|partner| entity.parts().any(|part| part == *partner))
                    });
                    let source = match single.entity {
                        Some(entity) => format!("gazetteer: {}", entity.name),
                        None => format!(
                            "{} uses in the corpus",
                            corpus.counts(&single.spelling).occurrences
                        ),
                    };
                    let finding = Finding::new(
                        &Self::META,
                        text,
                        term.span.clone(),
                        format!(
                            "`{spelling}` is used {} time(s) and is one slip from `{}` ({source}){}",
                            corpus.counts(spelling).occurrences,
                            single.spelling,
                            if agrees {
                                ""
                            } else {
                                ": check which name is meant"
                            }
                        ),
                    );
                    findings.push(if agrees {
                        finding.with_replacement(single.spelling.clone())
                    } else {
                        finding
                    });
                }
                several => findings.push(Finding::new(
                    &Self::META,
                    text,
                    term.span.clone(),
                    format!(
                        "`{spelling}` is one slip from several names ({}): check which is meant",
                        several
                            .iter()
                            .map(|c| format!("`{}`", c.spelling))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn a_slip_with_an_agreeing_title_is_rewritten() {
        assert_eq!(
            run(
                &NearMiss,
                "米国側は、国務長官ヌビオ、財務長官ベッセントが出席した。"
            ),
            vec![("ヌビオ".into(), Some("ルビオ".into()))]
        );
        assert_eq!(
            run(&NearMiss, "国家安全保障国防会議書記長メロフが出席した。"),
            vec![("メロフ".into(), Some("ウメロフ".into()))]
        );
    }

    #[test]
    fn a_slip_without_agreement_is_only_flagged() {
        assert_eq!(
            run(&NearMiss, "ヌビオ氏が語った。"),
            vec![("ヌビオ".into(), None)]
        );
    }

    #[test]
    fn other_people_with_similar_names_are_left_alone() {
        for text in [
            "ハリス副大統領とパリス・ヒルトン氏。",
            "ジョンソン氏とジョンストン氏が会談した。",
            "ルビオ国務長官が会見した。",
            "マクロン大統領はマクロ経済を語った。",
        ] {
            assert!(
                run(&NearMiss, text).is_empty(),
                "{text}: {:?}",
                run(&NearMiss, text)
            );
        }
    }
}
