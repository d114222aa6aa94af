//! What a rule reports: a span of the input, what is wrong with it, and how to mend it if that is certain.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// How much a finding matters. Ordered: `Info < Warning < Error`, so `--fail-on` is a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// The kind of damage. The set is fixed by the output format; rule ids live below a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    StrayChinese,
    ChineseTerm,
    Transliteration,
    Name,
    Punctuation,
    BrokenSentence,
    Repetition,
    MissingNumber,
    Numbering,
    Style,
    Boilerplate,
    ForeignText,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::StrayChinese,
        Category::ChineseTerm,
        Category::Transliteration,
        Category::Name,
        Category::Punctuation,
        Category::BrokenSentence,
        Category::Repetition,
        Category::MissingNumber,
        Category::Numbering,
        Category::Style,
        Category::Boilerplate,
        Category::ForeignText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::StrayChinese => "stray-chinese",
            Category::ChineseTerm => "chinese-term",
            Category::Transliteration => "transliteration",
            Category::Name => "name",
            Category::Punctuation => "punctuation",
            Category::BrokenSentence => "broken-sentence",
            Category::Repetition => "repetition",
            Category::MissingNumber => "missing-number",
            Category::Numbering => "numbering",
            Category::Style => "style",
            Category::Boilerplate => "boilerplate",
            Category::ForeignText => "foreign-text",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown category `{s}`"))
    }
}

/// Another place in the same input that explains a finding (for instance where the canonical spelling stands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Range<usize>,
    pub note: String,
}

/// One artifact found in one input. Spans are byte offsets into the input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub span: Range<usize>,
    /// The text under `span`, kept so logs read without the source at hand.
    pub text: String,
    /// `Some` when the rule is certain of the mend (`""` removes the span); `None` flags only.
    pub replacement: Option<String>,
    pub message: String,
    pub related: Vec<Related>,
}

impl Finding {
    /// A finding of `rule` over `span` of `source`, flag only until [`Finding::with_replacement`].
    pub fn new(
        rule: &crate::rules::RuleMeta,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.id,
            category: rule.category,
            severity: rule.severity,
            text: source[span.clone()].to_string(),
            span,
            replacement: None,
            message: message.into(),
            related: Vec::new(),
        }
    }

    pub fn with_replacement(mut self, replacement: impl Into<String>) -> Finding {
        self.replacement = Some(replacement.into());
        self
    }

    pub fn with_related(mut self, span: Range<usize>, note: impl Into<String>) -> Finding {
        self.related.push(Related {
            span,
            note: note.into(),
        });
        self
    }

    /// The order in which findings are reported: by position, then rule, so output is deterministic.
    pub fn sort_key(&self) -> (usize, usize, &'static str) {
        (self.span.start, self.span.end, self.rule)
    }
}
