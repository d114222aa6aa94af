//! kintsugi finds and mends the damage machine translation leaves in Japanese text, and logs every change.
//!
//! The pipeline: an input becomes a [`Document`] (built once), every enabled rule reads it and reports
//! [`Finding`]s, overlapping fixes are resolved, and [`fix`] returns the cleaned text with a [`FixLog`] that
//! records each finding, applied or not.
//!
//! ```
//! use kintsugi::Config;
//!
//! let config = Config::default();
//! let findings = kintsugi::check("代表団を派遣した。。団長は軍人である。", &config);
//! assert_eq!(findings[0].rule, "punctuation/double-period");
//!
//! let fixed = kintsugi::fix("代表団を派遣した。。団長は軍人である。", &config);
//! assert_eq!(fixed.text, "代表団を派遣した。団長は軍人である。");
//! // The log renders as stable text, handy in a snapshot of your own.
//! assert_eq!(
//!     fixed.log.to_string(),
//!     "1:9 punctuation/double-period applied: `。` written twice\n  - 。。\n  + 。\n"
//! );
//! ```

pub mod baseline;
pub mod chinese;
pub mod cli;
pub mod config;
pub mod document;
pub mod enumeration;
pub mod files;
pub mod finding;
pub mod fix;
pub mod html;
pub mod jsonl;
pub mod knowledge;
pub mod names;
pub mod output;
pub mod pattern;
pub mod per_thread;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod summary;

pub use config::Config;
pub use document::{Document, TextKind};
pub use finding::{Category, Finding, Related, Severity};
pub use fix::{FixLog, Fixed, LogEntry, Outcome};
pub use rules::{RULES, Rule, RuleMeta};

use rules::Context;

/// Everything the rules share, built once and reused for every input (cheap to share across threads).
#[derive(Debug)]
pub struct Engine {
    context: Context,
    /// The rules the configuration enables, with their severities: [`rules::enabled_rules`].
    enabled: Vec<(usize, Option<Severity>)>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::from_context(Context::default())
    }
}

impl Engine {
    /// An engine with the built-in knowledge tables.
    pub fn new(config: Config) -> Engine {
        Engine::with_knowledge(config, knowledge::Knowledge::shared_default())
    }

    /// An engine with knowledge tables loaded by the caller (for instance extended by user files).
    pub fn with_knowledge(
        config: Config,
        knowledge: std::sync::Arc<knowledge::Knowledge>,
    ) -> Engine {
        Engine::from_context(Context {
            config,
            knowledge,
            corpus: None,
        })
    }

    fn from_context(context: Context) -> Engine {
        Engine {
            enabled: rules::enabled_rules(&context.config),
            context,
        }
    }

    /// The same engine judging names against a whole corpus's counts (see [`Engine::document_lexicon`]).
    pub fn with_corpus(mut self, lexicon: names::lexicon::Lexicon) -> Engine {
        self.context.corpus = Some(std::sync::Arc::new(names::lexicon::CorpusIndex::new(
            lexicon,
        )));
        self
    }

    /// Whether an enabled rule reads the corpus's counts: when none does, counting them is wasted.
    pub fn reads_corpus(&self) -> bool {
        self.enabled
            .iter()
            .any(|&(index, _)| RULES[index].meta().reads_corpus)
    }

    /// The katakana counts of one document, for building a corpus lexicon (merge them with
    /// [`names::lexicon::Lexicon::merged`]).
    pub fn document_lexicon(&self, text: &str) -> names::lexicon::Lexicon {
        let mut counts = names::lexicon::LexiconCounts::default();
        self.count_document(&mut counts, text);
        counts.into_lexicon()
    }

    /// Adds one document's katakana counts to a corpus's running counts (the fast way to count many).
    pub fn count_document(&self, counts: &mut names::lexicon::LexiconCounts, text: &str) {
        let gazetteer = &self.context.knowledge.gazetteer;
        counts.add_text(text, |text, span| gazetteer.is_titled(text, span));
    }

    pub fn config(&self) -> &Config {
        &self.context.config
    }

    /// Every finding in `text`, sorted by position.
    pub fn check(&self, text: &str, kind: TextKind) -> Vec<Finding> {
        self.check_document(&Document::new(text, kind))
    }

    /// Every finding in a document already built (to reuse its indexes for rendering).
    pub fn check_document(&self, document: &Document) -> Vec<Finding> {
        rules::run_rules(document, &self.context, &self.enabled)
    }

    /// [`Engine::check_document`] for each of `documents`, faster than one at a time
    /// ([`rules::run_rules_on_each`]).
    pub fn check_documents(&self, documents: &[&Document]) -> Vec<Vec<Finding>> {
        rules::run_rules_on_each(documents, &self.context, &self.enabled)
    }

    /// The cleaned text and the log of every finding, applied or not.
    pub fn fix(&self, text: &str, kind: TextKind) -> Fixed {
        let document = Document::new(text, kind);
        let findings = rules::run_rules(&document, &self.context, &self.enabled);
        fix::apply_fixes(&document, findings)
    }
}

/// Checks plain text with `config`. For many inputs, build one [`Engine`] and reuse it.
pub fn check(text: &str, config: &Config) -> Vec<Finding> {
    Engine::new(config.clone()).check(text, TextKind::Plain)
}

/// Fixes plain text with `config`: the cleaned text and its fix log.
pub fn fix(text: &str, config: &Config) -> Fixed {
    Engine::new(config.clone()).fix(text, TextKind::Plain)
}

/// The README's Rust examples run as doc tests, so they cannot drift from the API.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
