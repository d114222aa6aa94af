//! The rule registry. A rule is one module that documents itself (its doc comment is what `kintsugi explain`
//! prints), declared with [`declare_rule!`] and registered by one line in [`RULES`].

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::knowledge::Knowledge;
use crate::names::katakana::KatakanaTerm;
use crate::names::lexicon::CorpusIndex;
use std::sync::Arc;

pub mod boilerplate;
pub mod broken_sentence;
pub mod chinese_term;
pub mod foreign_text;
pub mod missing_number;
pub mod name;
pub mod numbering;
pub mod punctuation;
pub mod repetition;
pub mod stray_chinese;
pub mod style;
pub mod transliteration;

/// Whether a rule can mend what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fixability {
    /// Every finding carries a replacement.
    Always,
    /// Some findings carry a replacement; the uncertain ones are flagged only.
    Sometimes,
    /// Findings are flagged only.
    Never,
}

/// What the registry knows of a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable id, `category/name`.
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub fixability: Fixability,
    /// One line, for `kintsugi rules`.
    pub summary: &'static str,
    /// The rule's doc comment, for `kintsugi explain`.
    pub documentation: &'static str,
    /// Whether the rule reads the corpus's counts ([`Context::corpus`]): a run whose rules all leave
    /// them unread skips the pass over every input that counts them.
    pub reads_corpus: bool,
}

impl RuleMeta {
    /// The doc comment with rustdoc's leading space removed from each line.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.documentation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// What rules read besides the document: the configuration, the knowledge tables (with the gazetteer)
/// and the corpus's katakana counts.
#[derive(Debug)]
pub struct Context {
    pub config: Config,
    pub knowledge: Arc<Knowledge>,
    /// Counts over the whole corpus of the run (or a saved lexicon). `None`: a document checked alone is
    /// its own corpus.
    pub corpus: Option<Arc<CorpusIndex>>,
}

impl Default for Context {
    fn default() -> Context {
        Context {
            config: Config::default(),
            knowledge: Knowledge::shared_default(),
            corpus: None,
        }
    }
}

impl Context {
    /// The corpus counts, or those of `document` alone when no corpus was given.
    pub fn corpus_or_document<'d>(&'d self, document: &'d Document) -> &'d CorpusIndex {
        match &self.corpus {
            Some(corpus) => corpus,
            None => document.own_corpus.get_or_init(|| {
                Arc::new(CorpusIndex::new(crate::names::lexicon::Lexicon::from_text(
                    document.text,
                    |text, span| self.knowledge.gazetteer.is_titled(text, span),
                )))
            }),
        }
    }

    /// Whether the katakana term stands as a name: joined with ・ or next to a title.
    pub fn is_name_position(&self, document: &Document, term: &KatakanaTerm) -> bool {
        term.joined
            || self
                .knowledge
                .gazetteer
                .is_titled(document.text, &term.span)
    }
}

/// A detector. It reads the document and the context and pushes findings; it never touches files.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>);
}

/// Declares a rule struct whose doc comment becomes its `explain` text, with its metadata as `META`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            category: $category:ident,
            severity: $severity:ident,
            fixability: $fixability:ident,
            summary: $summary:literal
            $(, reads_corpus: $reads_corpus:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                category: $crate::finding::Category::$category,
                severity: $crate::finding::Severity::$severity,
                fixability: $crate::rules::Fixability::$fixability,
                summary: $summary,
                documentation: concat!($($doc, "\n"),*),
                reads_corpus: false $(|| $reads_corpus)?,
            };
        }
    };
}

/// Every rule, in the order `kintsugi rules` lists them. A new rule adds one line here.
pub static RULES: &[&dyn Rule] = &[
    &stray_chinese::chinese_span::ChineseSpan,
    &chinese_term::known_term::KnownTerm,
    &transliteration::variant_spelling::VariantSpelling,
    &name::known_misrendering::KnownMisrendering,
    &name::near_miss::NearMiss,
    &name::title_holder::TitleHolder,
    &name::title_fact::TitleFact,
    &broken_sentence::polite_split::PoliteSplit,
    &repetition::repeated_word::RepeatedWord,
    &missing_number::bare_counter::BareCounter,
    &numbering::sequence::Sequence,
    &numbering::numeral_style::NumeralStyle,
    &style::mixed_politeness::MixedPoliteness,
    &boilerplate::page_furniture::PageFurniture,
    &boilerplate::dateline::Dateline,
    &foreign_text::foreign_block::ForeignBlock,
    &broken_sentence::hard_wrap::HardWrap,
    &punctuation::double_period::DoublePeriod,
    &punctuation::double_comma::DoubleComma,
    &punctuation::period_colon::PeriodColon,
    &punctuation::middle_dot::MiddleDot,
    &punctuation::ascii_semicolon::AsciiSemicolon,
    &punctuation::space_after_period::SpaceAfterPeriod,
    &punctuation::markdown_bold::MarkdownBold,
];

/// The rule with this id, if any.
pub fn rule_by_id(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().id == id)
}

/// The rules `config` enables, as indexes into [`RULES`], each with the severity the configuration
/// gives it, if any: decided once for a run, not for every document (4 % of the cost of a
/// one-sentence record).
pub fn enabled_rules(config: &Config) -> Vec<(usize, Option<Severity>)> {
    RULES
        .iter()
        .enumerate()
        .filter(|(_, rule)| config.is_enabled(rule.meta()))
        .map(|(index, rule)| (index, config.severity_override(rule.meta())))
        .collect()
}

/// Runs the `enabled` rules ([`enabled_rules`] of the context's configuration) over the document;
/// findings come back sorted by position, then rule id.
pub fn run_rules(
    document: &Document,
    context: &Context,
    enabled: &[(usize, Option<Severity>)],
) -> Vec<Finding> {
    let mut findings = run_rules_on_each(&[document], context, enabled);
    findings.pop().expect("one list per document")
}

/// [`run_rules`] over each of `documents`, one rule over all of them before the next: the same
/// instructions, but a rule's code and tables stay in the processor's caches from one document to the
/// next, where every rule in turn over one document evicted the others'. Each document's findings are
/// those it has alone.
pub fn run_rules_on_each(
    documents: &[&Document],
    context: &Context,
    enabled: &[(usize, Option<Severity>)],
) -> Vec<Vec<Finding>> {
    let mut all_findings: Vec<Vec<Finding>> = documents.iter().map(|_| Vec::new()).collect();
    for &(index, severity) in enabled {
        for (document, findings) in documents.iter().zip(&mut all_findings) {
            let first_new = findings.len();
            RULES[index].check(document, context, findings);
            if let Some(severity) = severity {
                for finding in &mut findings[first_new..] {
                    finding.severity = severity;
                }
            }
        }
    }
    for (document, findings) in documents.iter().zip(&mut all_findings) {
        let intended = intended_spans(document, &context.config);
        if !intended.is_empty() {
            findings.retain(|finding| {
                !intended.iter().any(|span| {
                    finding.span.start < span.end
                        && span.start < finding.span.end.max(finding.span.start + 1)
                })
            });
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    all_findings
}

/// Opens a region of intended text that no rule reports on; `IGNORE_END` closes it.
pub const IGNORE_START: &str = "<!-- kintsugi-ignore -->";
pub const IGNORE_END: &str = "<!-- /kintsugi-ignore -->";
/// Searched for in every document: built once, as building it costs more than searching a short one.
static IGNORE_START_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(IGNORE_START));

/// Spans the author marked as intended: inline regions (markers included) and every occurrence of the
/// configuration's `allow` texts.
fn intended_spans(document: &Document, config: &Config) -> Vec<std::ops::Range<usize>> {
    let text = document.text;
    let mut spans = Vec::new();
    let mut from = 0;
    let opening = &*IGNORE_START_FINDER;
    while let Some(found) = opening.find(&text.as_bytes()[from..]) {
        let start = from + found;
        let end = text[start..]
            .find(IGNORE_END)
            .map_or(text.len(), |close| start + close + IGNORE_END.len());
        spans.push(start..end);
        from = end;
    }
    for allowed in config.allow.iter().filter(|a| !a.is_empty()) {
        spans.extend(
            text.match_indices(allowed.as_str())
                .map(|(i, a)| i..i + a.len()),
        );
    }
    spans
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::document::TextKind;

    /// What `fix` makes of `text` with every rule and the built-in tables.
    pub fn fixed(text: &str) -> String {
        crate::Engine::default().fix(text, TextKind::Plain).text
    }

    /// The seeds and fixtures, then `extra`: the texts a rule is held to a reference pattern over.
    pub fn reference_texts_and<S: AsRef<str>>(extra: &[S]) -> Vec<String> {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.extend(extra.iter().map(|text| text.as_ref().to_string()));
        texts
    }

    /// Every text of up to `most_chars` characters drawn from `alphabet`, the empty one among them,
    /// shortest first: for holding a hand-written scan to its definition on every short case.
    pub fn every_text(alphabet: &[char], most_chars: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        let mut longest = vec![String::new()];
        for _ in 0..most_chars {
            longest = longest
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(longest.iter().cloned());
        }
        texts
    }

    /// Runs one rule over `text` and returns `(matched text, replacement)` pairs.
    pub fn run(rule: &dyn Rule, text: &str) -> Vec<(String, Option<String>)> {
        run_kind(rule, text, TextKind::Plain)
    }

    pub fn run_kind(rule: &dyn Rule, text: &str, kind: TextKind) -> Vec<(String, Option<String>)> {
        let document = Document::new(text, kind);
        let mut findings = Vec::new();
        rule.check(&document, &Context::default(), &mut findings);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings
            .into_iter()
            .map(|f| (f.text, f.replacement))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intended_text_is_never_reported() {
        let text = "派遣した。。次に<!-- kintsugi-ignore -->グローバル·ポリティクス<!-- /kintsugi-ignore -->と共同富裕,这个。";
        let config = Config {
            allow: vec!["共同富裕,这个".into()],
            ..Config::default()
        };
        let findings = crate::check(text, &config);
        let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, vec!["punctuation/double-period"]);
    }

    /// A rule not marked `reads_corpus` finds the same with a corpus's counts as without them, so a
    /// run whose rules are all unmarked may skip counting them; and each marked rule finds something
    /// else with them over the seeds and fixtures, so no mark stays on a rule that stopped reading them.
    /// Three short articles besides: alone, each names ヌビオ, a rare slip for ルビオ, and ends with a
    /// line of the body's words; in the corpus, a name used three times is meant, and a closing line in
    /// three articles is the site's.
    #[test]
    fn only_the_rules_marked_as_reading_the_corpus_depend_on_it() {
        let texts = test_support::reference_texts_and(
            &["国務長官ヌビオは会談に臨んだ。会談の行方は不透明だ。\n会談の行方\n"; 3],
        );
        let engine = crate::Engine::default();
        let mut lexicon = crate::names::lexicon::Lexicon::default();
        for text in &texts {
            lexicon.merge(&engine.document_lexicon(text));
        }
        let with_corpus = Context {
            corpus: Some(Arc::new(CorpusIndex::new(lexicon))),
            ..Context::default()
        };
        let alone = Context::default();
        let findings = |rule: &dyn Rule, text: &str, context: &Context| {
            let mut findings = Vec::new();
            rule.check(
                &Document::new(text, crate::TextKind::Plain),
                context,
                &mut findings,
            );
            findings
        };
        for rule in RULES {
            let differing = texts
                .iter()
                .filter(|text| findings(*rule, text, &alone) != findings(*rule, text, &with_corpus))
                .count();
            assert_eq!(
                differing > 0,
                rule.meta().reads_corpus,
                "{}: {differing} of {} texts found otherwise with the corpus",
                rule.meta().id,
                texts.len()
            );
        }
    }

    /// `select`, `ignore` and `severity` decide which rules run and how they report, for every document
    /// an engine checks (they are read once, when it is built).
    #[test]
    fn the_configuration_selects_ignores_and_grades_rules() {
        let text = "派遣した。。グローバル·ポリティクスで、ほぼ、ほぼ決まりだ。";
        let rules_and_severities = |config: Config| {
            let engine = crate::Engine::new(config);
            let findings = engine.check(text, crate::TextKind::Plain);
            // Twice: the second document is checked with the same decisions.
            assert_eq!(findings, engine.check(text, crate::TextKind::Plain));
            findings
                .iter()
                .map(|f| (f.rule, f.severity))
                .collect::<Vec<_>>()
        };
        let all = rules_and_severities(Config::default());
        let all_rules: Vec<&str> = all.iter().map(|(rule, _)| *rule).collect();
        for rule in [
            "punctuation/double-period",
            "punctuation/middle-dot",
            "repetition/repeated-word",
        ] {
            assert!(all_rules.contains(&rule), "{rule} in {all_rules:?}");
        }
        let selected = rules_and_severities(Config {
            select: Some(vec!["punctuation".into()]),
            ignore: vec!["punctuation/middle-dot".into()],
            severity: [("punctuation/double-period".to_string(), Severity::Info)].into(),
            ..Config::default()
        });
        assert!(selected.contains(&("punctuation/double-period", Severity::Info)));
        assert!(
            selected
                .iter()
                .all(|(rule, _)| rule.starts_with("punctuation/"))
        );
        assert!(
            !selected
                .iter()
                .any(|(rule, _)| *rule == "punctuation/middle-dot")
        );
    }

    #[test]
    fn rule_ids_are_unique_and_under_their_category() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
        for rule in RULES {
            let meta = rule.meta();
            assert!(
                meta.id.starts_with(&format!("{}/", meta.category)),
                "{} is not under {}",
                meta.id,
                meta.category
            );
            assert!(
                meta.explanation().contains("## What it does"),
                "{}",
                meta.id
            );
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }
}
