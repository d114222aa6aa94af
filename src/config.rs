//! Settings that change what kintsugi reports. Rules are named by id (`punctuation/double-period`) or by
//! category (`punctuation`).

use crate::finding::Severity;
use crate::rules::RuleMeta;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// When set, only these rules or categories run.
    pub select: Option<Vec<String>>,
    /// Rules or categories that never run (wins over `select`).
    pub ignore: Vec<String>,
    /// Severity per rule id or category; a rule id wins over its category.
    pub severity: BTreeMap<String, Severity>,
    /// Remove datelines and section labels instead of flagging them.
    pub remove_labels: bool,
    /// Text that is intended (a quoted slogan, an unusual spelling): findings on it are never reported.
    pub allow: Vec<String>,
}

fn names_rule(name: &str, meta: &RuleMeta) -> bool {
    name == meta.id || name == meta.category.as_str()
}

impl Config {
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|names| names.iter().any(|n| names_rule(n, meta)));
        selected && !self.ignore.iter().any(|n| names_rule(n, meta))
    }

    pub fn severity_override(&self, meta: &RuleMeta) -> Option<Severity> {
        self.severity
            .get(meta.id)
            .or_else(|| self.severity.get(meta.category.as_str()))
            .copied()
    }

    /// Names in `select`, `ignore` and `severity` that match no rule or category: a typo there would
    /// otherwise silently switch nothing.
    pub fn unknown_rule_names(&self) -> Vec<String> {
        let known = |name: &str| {
            crate::rules::RULES
                .iter()
                .any(|rule| names_rule(name, rule.meta()))
                || name.parse::<crate::finding::Category>().is_ok()
        };
        self.select
            .iter()
            .flatten()
            .chain(self.ignore.iter())
            .chain(self.severity.keys())
            .filter(|name| !known(name))
            .cloned()
            .collect()
    }
}
