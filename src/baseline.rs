//! Baselines: today's findings recorded, so later runs report only new ones. A team adopts kintsugi on
//! an old corpus and blocks only new damage.
//!
//! A finding is keyed by its path, rule and text, not its line: moving lines or editing elsewhere in a
//! file does not turn old findings into new ones. Identical findings in one file are counted, so a second
//! `。。` added next to a recorded one is still new.

use crate::finding::Finding;
use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

const FORMAT: &str = "kintsugi-baseline";
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    path: String,
    rule: String,
    text: String,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    format: String,
    version: u32,
    findings: Vec<Entry>,
}

/// Recorded findings: per path, how many of each (rule, text).
#[derive(Debug, Default)]
pub struct Baseline {
    recorded: HashMap<String, HashMap<(String, String), usize>>,
}

impl Baseline {
    /// Writes the findings of a run, path by path, in a stable order.
    pub fn save<'a>(
        path: &Path,
        findings: impl IntoIterator<Item = (&'a str, &'a Finding)>,
    ) -> Result<()> {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for (file, finding) in findings {
            *counts
                .entry((
                    file.to_string(),
                    finding.rule.to_string(),
                    finding.text.clone(),
                ))
                .or_default() += 1;
        }
        let file = BaselineFile {
            format: FORMAT.to_string(),
            version: VERSION,
            findings: counts
                .into_iter()
                .map(|((path, rule, text), count)| Entry {
                    path,
                    rule,
                    text,
                    count,
                })
                .collect(),
        };
        let json = serde_json::to_string_pretty(&file).expect("a baseline always serializes");
        crate::files::write_creating_parents(path, &(json + "\n"))
            .with_context(|| format!("cannot write the baseline {}", path.display()))
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let file: BaselineFile = crate::files::read_versioned_json(
            path,
            "baseline",
            (FORMAT, VERSION),
            |f: &BaselineFile| (f.format.clone(), f.version),
        )?;
        let mut recorded: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for entry in file.findings {
            *recorded
                .entry(entry.path)
                .or_default()
                .entry((entry.rule, entry.text))
                .or_default() += entry.count;
        }
        Ok(Baseline { recorded })
    }

    /// The findings of `path` that the baseline does not account for, in their order.
    pub fn new_findings(&self, path: &str, findings: Vec<Finding>) -> Vec<Finding> {
        let Some(recorded) = self.recorded.get(path) else {
            return findings;
        };
        let mut remaining = recorded.clone();
        findings
            .into_iter()
            .filter(|finding| {
                let key = (finding.rule.to_string(), finding.text.clone());
                match remaining.get_mut(&key) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_findings_are_dropped_even_after_lines_move_and_new_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let baseline_path = dir.path().join("baseline.json");
        let config = crate::Config::default();
        let before = crate::check("前文。\n派遣した。。団長は。\n", &config);
        let recorded: Vec<(&str, &Finding)> = before.iter().map(|f| ("a.txt", f)).collect();
        Baseline::save(&baseline_path, recorded).unwrap();

        let baseline = Baseline::load(&baseline_path).unwrap();
        let after = crate::check("新しい行。\n前文。\n派遣した。。団長は。。\n", &config);
        let new = baseline.new_findings("a.txt", after);
        assert_eq!(new.len(), 1);
        assert_eq!(
            new[0].span.start,
            "新しい行。\n前文。\n派遣した。。団長は".len()
        );
        assert_eq!(baseline.new_findings("b.txt", before).len(), 1);
    }
}
