use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Finds a katakana name spelled differently from its other occurrences, in the article or anywhere in
    /// the corpus (ウィトコフ/ヴィトコフ/ウィットコフ, ドリスコル/ドリスコール, キエフ/キーウ), and rewrites it to
    /// one spelling.
    ///
    /// ## Why is this bad?
    /// Analysis counts one entity as several; search misses most mentions; readers wonder whether two
    /// people are meant.
    ///
    /// ## How it decides
    /// Spellings that differ only in what Japanese transliteration varies on (long marks, ッ, ヴ/ウ/ブ,
    /// ディ/デ, シ/ス before a consonant, small kana) share a variant key and are one name. Known
    /// alternative names (キエフ for キーウ, ザポロージェ for ザポリージャ) come from the gazetteer.
    /// The spelling to keep is the gazetteer's; without one, a clear corpus majority (at least three uses
    /// and twice the next spelling); without that, nothing is changed and the finding lists the spellings
    /// with their counts. Short keys (under four kana, where ビル and ビール would collide) count only for
    /// words in a name position (joined with ・ or next to a title).
    ///
    /// ## Example
    /// ```text
    /// 特使のウィトコフ氏は…ヴィトコフ氏とクシュナー氏は…
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 特使のウィトコフ氏は…ウィトコフ氏とクシュナー氏は…
    /// ```
    pub struct VariantSpelling {
        id: "transliteration/variant-spelling",
        category: Transliteration,
        severity: Warning,
        fixability: Sometimes,
        summary: "one name spelled several ways",
        reads_corpus: true,
    }
}

/// Keys shorter than this collide across ordinary words unless the term stands as a name.
const MIN_KEY_CHARS: usize = 4;
/// A corpus spelling is the clear majority with at least this many uses…
const MIN_MAJORITY_USES: u64 = 3;
/// …and this many times the uses of the next spelling.
const MAJORITY_RATIO: u64 = 2;

impl Rule for VariantSpelling {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let gazetteer = &context.knowledge.gazetteer;
        let corpus = context.corpus_or_document(document);
        let terms = document.katakana_terms();
        // Each distinct spelling once, at its first occurrence; sized once (collected from a filter,
        // the table would grow and rehash).
        let mut first_span: HashMap<&str, Range<usize>> = HashMap::with_capacity_and_hasher(
            document.katakana_spelling_count(),
            Default::default(),
        );
        first_span.extend(
            document
                .katakana_first_terms()
                .map(|term| (&text[term.span.clone()], term.span.clone())),
        );
        let rewrite = |span: Range<usize>, canonical: &str, why: String| {
            let mut finding =
                Finding::new(&Self::META, text, span, why).with_replacement(canonical);
            if let Some(at) = first_span.get(canonical) {
                finding =
                    finding.with_related(at.clone(), format!("`{canonical}` is written here"));
            }
            finding
        };
        let mut listed: HashSet<&str> = HashSet::default();

        for (index, term) in terms.iter().enumerate() {
            let spelling = &text[term.span.clone()];
            let uses = |s: &str| corpus.counts(s).occurrences;
            if let Some(known) = gazetteer.term_spelling(document, index) {
                if known.canonical != spelling {
                    findings.push(rewrite(
                        term.span.clone(),
                        &known.canonical,
                        format!(
                            "`{spelling}` is a variant of `{}` (gazetteer); the corpus has {} × `{spelling}`, {} × `{}`",
                            known.canonical,
                            uses(spelling),
                            uses(&known.canonical),
                            known.canonical
                        ),
                    ));
                }
                continue;
            }
            let key = document.katakana_key(index);
            if key.chars().count() < MIN_KEY_CHARS && !context.is_name_position(document, term) {
                continue;
            }

            let standards: BTreeSet<&str> = gazetteer
                .same_key(key)
                .iter()
                .map(|s| s.canonical.as_str())
                .collect();
            if standards.len() == 1 {
                let canonical = *standards.first().expect("one standard");
                findings.push(rewrite(
                    term.span.clone(),
                    canonical,
                    format!(
                        "`{spelling}` is a spelling of `{canonical}` (gazetteer); the corpus has {} × `{spelling}`, {} × `{canonical}`",
                        uses(spelling),
                        uses(canonical)
                    ),
                ));
                continue;
            }
            if standards.len() > 1 {
                if listed.insert(spelling) {
                    findings.push(Finding::new(
                        &Self::META,
                        text,
                        term.span.clone(),
                        format!(
                            "`{spelling}` could be any of {} (gazetteer): left as is",
                            quoted(standards.iter().copied())
                        ),
                    ));
                }
                continue;
            }

            let spellings = corpus.spellings(key);
            let [(top, top_counts), (_, second_counts), ..] = spellings else {
                continue;
            };
            // Written only for a finding: most terms are the majority's own spelling.
            let counts_listing = || {
                spellings
                    .iter()
                    .map(|(s, c)| format!("{} × `{s}`", c.occurrences))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let clear_majority = top_counts.occurrences >= MIN_MAJORITY_USES
                && top_counts.occurrences >= MAJORITY_RATIO * second_counts.occurrences;
            if clear_majority {
                if spelling != *top {
                    findings.push(rewrite(
                        term.span.clone(),
                        top,
                        format!(
                            "`{spelling}` is a variant of `{top}`, the corpus majority ({})",
                            counts_listing()
                        ),
                    ));
                }
            } else if listed.insert(spelling) {
                findings.push(Finding::new(
                    &Self::META,
                    text,
                    term.span.clone(),
                    format!(
                        "one name, several spellings and no clear majority ({}): choose one and add it to the gazetteer",
                        counts_listing()
                    ),
                ));
            }
        }
    }
}

fn quoted<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn gazetteer_variants_and_same_key_spellings_become_the_standard() {
        assert_eq!(
            run(
                &VariantSpelling,
                "キエフとヴィトコフ氏、ウィットコフ氏、ユリー・ウシャコフ"
            ),
            vec![
                ("キエフ".into(), Some("キーウ".into())),
                ("ヴィトコフ".into(), Some("ウィトコフ".into())),
                ("ウィットコフ".into(), Some("ウィトコフ".into())),
                ("ユリー".into(), Some("ユーリ".into())),
            ]
        );
    }

    #[test]
    fn a_clear_corpus_majority_wins_and_a_tie_is_only_listed() {
        let majority = "ハンフリーズ氏とハンフリーズ氏とハンフリーズ氏、そしてハンフリズ氏。";
        assert_eq!(
            run(&VariantSpelling, majority),
            vec![("ハンフリズ".into(), Some("ハンフリーズ".into()))]
        );
        let tie = "ベルトラン氏とヴェルトラン氏。";
        let findings = run(&VariantSpelling, tie);
        assert_eq!(findings.len(), 2);
        assert!(
            findings
                .iter()
                .all(|(_, replacement)| replacement.is_none())
        );
    }

    #[test]
    fn different_words_and_short_loanwords_are_not_merged() {
        for text in [
            "ジョンソン氏とジョンストン氏が会談した。",
            "ハリス副大統領とパリス・ヒルトン氏。",
            "コストとテストの問題。",
            "マクロン大統領はマクロ経済を語った。",
            "ビルの屋上でビールを飲む。",
            "バスを降りてバースデーを祝う。",
        ] {
            assert!(
                run(&VariantSpelling, text).is_empty(),
                "{text}: {:?}",
                run(&VariantSpelling, text)
            );
        }
    }
}
