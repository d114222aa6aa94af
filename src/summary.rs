//! A document's quality in one number, and its findings counted per category: for corpus reports and
//! for the `kintsugi` field of JSON Lines records.
//!
//! The score is 100 for an article with no finding and falls with the share of the text that findings
//! cover, weighted by severity (error 1, warning 0.5, info 0; a finding counts at least 5 characters, so a
//! doubled `。` weighs like a short word). It is comparable across articles of different lengths.

use crate::finding::{Category, Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// Characters a finding counts for at the least.
const MIN_FINDING_CHARS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// 0 (all damage) to 100 (no finding).
    pub score: f64,
    /// Findings per category, only the categories present.
    pub counts: BTreeMap<Category, usize>,
    pub findings: usize,
}

impl DocumentSummary {
    pub fn new(text: &str, findings: &[Finding]) -> DocumentSummary {
        let total_chars = text.chars().count().max(1) as f64;
        let mut damage = 0.0;
        let mut counts = BTreeMap::new();
        for finding in findings {
            *counts.entry(finding.category).or_default() += 1;
            let weight = match finding.severity {
                Severity::Error => 1.0,
                Severity::Warning => 0.5,
                Severity::Info => 0.0,
            };
            damage += weight * finding.text.chars().count().max(MIN_FINDING_CHARS) as f64;
        }
        let score = (100.0 * (1.0 - damage / total_chars)).clamp(0.0, 100.0);
        DocumentSummary {
            score: (score * 10.0).round() / 10.0,
            counts,
            findings: findings.len(),
        }
    }

    /// The findings of one category (0 when there is none).
    pub fn count(&self, category: Category) -> usize {
        self.counts.get(&category).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_text_scores_100_and_damage_lowers_it() {
        let config = crate::Config::default();
        let clean = "欧州委員会は新たな支援策を発表した。";
        assert_eq!(
            DocumentSummary::new(clean, &crate::check(clean, &config)).score,
            100.0
        );
        let damaged = "欧州委員会は新たな支援策を発表した。。因此我们认为,这个问题非常重要。";
        let summary = DocumentSummary::new(damaged, &crate::check(damaged, &config));
        assert!(summary.score < 60.0, "{summary:?}");
        assert_eq!(summary.counts[&Category::StrayChinese], 1);
        assert_eq!(summary.counts[&Category::Punctuation], 1);
    }
}
