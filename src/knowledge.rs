//! Knowledge as data: the tables rules consult, embedded as defaults (src/data/*.toml) and extended by
//! the user's own files with the same keys. The engine of each rule stays general; what it knows of
//! particular words lives here.

use crate::names::gazetteer::{Gazetteer, GazetteerFile};
use crate::pattern::{LiteralSet, PatternSet};
use crate::per_thread::PerThread;
use anyhow::{Context as _, Result, bail};
use regex::Regex;
use serde::Deserialize;
use std::path::Path;
use std::sync::{Arc, LazyLock};

const DEFAULT_CHINESE_MARKERS: &str = include_str!("data/chinese-markers.toml");
const DEFAULT_CHINESE_TERMS: &str = include_str!("data/chinese-terms.toml");
const DEFAULT_GAZETTEER: &str = include_str!("data/gazetteer.toml");
const DEFAULT_COUNTERS: &str = include_str!("data/counters.toml");
const DEFAULT_REPETITION: &str = include_str!("data/repetition.toml");
const DEFAULT_BOILERPLATE: &str = include_str!("data/boilerplate.toml");

/// Chinese function words and structures: support signals for the stray-chinese detector.
#[derive(Debug)]
pub struct ChineseMarkers {
    pub function_words: LiteralSet,
    pub structures: Vec<PerThread<Regex>>,
    /// Whether every structure's matches stay within a line ([`crate::pattern::stays_within_a_line`]),
    /// so one search of a whole document tells which of its lines hold one.
    pub structures_stay_within_lines: bool,
    /// The line test for non-Japanese Han, commas and function words in one pass.
    pub signal_scan: crate::chinese::SignalScan,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChineseMarkersFile {
    #[serde(default)]
    function_words: Vec<String>,
    #[serde(default)]
    structures: Vec<String>,
}

/// One Chinese word or calque and the Japanese to use instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// A literal to find (or `pattern`).
    #[serde(default)]
    pub text: Option<String>,
    /// A regular expression to find; `candidates` may use its groups (`${1}`).
    #[serde(default)]
    pub pattern: Option<String>,
    /// The Japanese to use instead: one is applied, several are only reported.
    pub candidates: Vec<String>,
    /// Longer Japanese words that contain the term and are left alone.
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChineseTermsFile {
    #[serde(default)]
    term: Vec<Term>,
}

/// The chinese-term table, compiled: literals in one automaton, patterns one regex each.
#[derive(Debug)]
pub struct ChineseTerms {
    pub literals: LiteralSet,
    /// The term behind each literal pattern id of `literals`.
    pub literal_terms: Vec<Term>,
    pub patterns: Vec<(crate::pattern::LinePattern, Term)>,
    /// The literals and every pattern's required literals together, when every match lies within a
    /// line: one search finds the lines any term can be in, instead of one search of the text each.
    pub line_words: Option<LiteralSet>,
}

/// Every table the rules read.
#[derive(Debug)]
pub struct Knowledge {
    pub chinese_markers: ChineseMarkers,
    pub chinese_terms: ChineseTerms,
    pub gazetteer: Gazetteer,
    /// Counters that need a numeral but are also words (項目, 年間).
    pub counters: Vec<String>,
    /// Counters that never stand without a numeral (カ国, 億ドル).
    pub bound_counters: Vec<String>,
    /// Both counter lists in one set (bound counters first): one pass over the text finds all.
    pub counter_matcher: LiteralSet,
    /// Words whose immediate repetition is intended.
    pub repetition_allowed: Vec<String>,
    pub boilerplate: BoilerplatePatterns,
}

/// Page furniture patterns, matched against whole trimmed lines.
#[derive(Debug, Clone)]
pub struct BoilerplatePatterns {
    pub furniture: PatternSet,
    pub empty_headers: PatternSet,
}

impl BoilerplatePatterns {
    /// No patterns: the furniture rule then relies on structure alone.
    pub fn empty() -> BoilerplatePatterns {
        BoilerplatePatterns {
            furniture: PatternSet::new::<&str>(&[]).expect("no patterns"),
            empty_headers: PatternSet::new::<&str>(&[]).expect("no patterns"),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoilerplateFile {
    #[serde(default)]
    furniture: Vec<String>,
    #[serde(default)]
    empty_headers: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CountersFile {
    #[serde(default)]
    counters: Vec<String>,
    #[serde(default)]
    bound: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepetitionFile {
    #[serde(default)]
    allowed: Vec<String>,
}

/// Extra data files given by the user, by table.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeFiles<'a> {
    pub chinese_markers: Vec<&'a Path>,
    pub chinese_terms: Vec<&'a Path>,
    pub gazetteers: Vec<&'a Path>,
    pub counters: Vec<&'a Path>,
    pub repetition: Vec<&'a Path>,
    pub boilerplate: Vec<&'a Path>,
}

impl KnowledgeFiles<'_> {
    /// No extra file at all: the built-in tables serve.
    pub fn is_empty(&self) -> bool {
        [
            &self.chinese_markers,
            &self.chinese_terms,
            &self.gazetteers,
            &self.counters,
            &self.repetition,
            &self.boilerplate,
        ]
        .iter()
        .all(|list| list.is_empty())
    }
}

static DEFAULT_KNOWLEDGE: LazyLock<Arc<Knowledge>> = LazyLock::new(|| {
    Arc::new(
        Knowledge::load(&KnowledgeFiles::default()).expect("the embedded data files are valid"),
    )
});

impl Knowledge {
    /// The embedded defaults, parsed once per process.
    pub fn shared_default() -> Arc<Knowledge> {
        Arc::clone(&DEFAULT_KNOWLEDGE)
    }

    /// The embedded defaults extended by the user's files. An invalid file is an error naming it.
    pub fn load(files: &KnowledgeFiles) -> Result<Knowledge> {
        let mut markers: ChineseMarkersFile =
            parse("built-in chinese-markers.toml", DEFAULT_CHINESE_MARKERS)?;
        for path in &files.chinese_markers {
            let extra: ChineseMarkersFile = parse_file(path)?;
            markers.function_words.extend(extra.function_words);
            markers.structures.extend(extra.structures);
        }
        let mut terms: ChineseTermsFile =
            parse("built-in chinese-terms.toml", DEFAULT_CHINESE_TERMS)?;
        for path in &files.chinese_terms {
            let extra: ChineseTermsFile = parse_file(path)?;
            terms.term.extend(extra.term);
        }
        let mut gazetteer: GazetteerFile = parse("built-in gazetteer.toml", DEFAULT_GAZETTEER)?;
        for path in &files.gazetteers {
            let extra: GazetteerFile = parse_file(path)?;
            gazetteer.entity.extend(extra.entity);
            gazetteer.titles.extend(extra.titles);
        }
        // One source of truth for names: the gazetteer's Chinese forms feed the chinese-term table.
        for entity in &gazetteer.entity {
            for chinese in &entity.chinese {
                terms.term.push(Term {
                    text: Some(chinese.clone()),
                    pattern: None,
                    candidates: vec![entity.short_name().to_string()],
                    exclude: Vec::new(),
                    note: format!("Chinese form of {}", entity.name),
                });
            }
        }
        let mut counters: CountersFile = parse("built-in counters.toml", DEFAULT_COUNTERS)?;
        for path in &files.counters {
            let extra = parse_file::<CountersFile>(path)?;
            counters.counters.extend(extra.counters);
            counters.bound.extend(extra.bound);
        }
        let mut repetition: RepetitionFile = parse("built-in repetition.toml", DEFAULT_REPETITION)?;
        for path in &files.repetition {
            repetition
                .allowed
                .extend(parse_file::<RepetitionFile>(path)?.allowed);
        }
        // Longest first, so 億ドル is tried before a shorter counter inside it.
        let mut boilerplate: BoilerplateFile =
            parse("built-in boilerplate.toml", DEFAULT_BOILERPLATE)?;
        for path in &files.boilerplate {
            let extra = parse_file::<BoilerplateFile>(path)?;
            boilerplate.furniture.extend(extra.furniture);
            boilerplate.empty_headers.extend(extra.empty_headers);
        }
        for list in [&mut counters.counters, &mut counters.bound] {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        let counter_matcher =
            LiteralSet::new(counters.bound.iter().chain(&counters.counters)).context("counters")?;
        Ok(Knowledge {
            counter_matcher,
            boilerplate: BoilerplatePatterns {
                furniture: PatternSet::new(&boilerplate.furniture)
                    .context("boilerplate: furniture patterns")?,
                empty_headers: PatternSet::new(&boilerplate.empty_headers)
                    .context("boilerplate: empty_headers patterns")?,
            },
            counters: counters.counters,
            bound_counters: counters.bound,
            repetition_allowed: repetition.allowed,
            chinese_markers: compile_markers(markers)?,
            chinese_terms: compile_terms(terms.term)?,
            gazetteer: Gazetteer::build(gazetteer).context("gazetteer")?,
        })
    }
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T> {
    toml::from_str(text).with_context(|| format!("{name} is not a valid data file"))
}

fn parse_file<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read data file {}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

fn compile_markers(file: ChineseMarkersFile) -> Result<ChineseMarkers> {
    let function_words =
        LiteralSet::new(&file.function_words).context("chinese markers: function_words")?;
    let structures = file
        .structures
        .iter()
        .map(|s| {
            Regex::new(s)
                .map(PerThread::new)
                .with_context(|| format!("chinese markers: structure `{s}`"))
        })
        .collect::<Result<_>>()?;
    Ok(ChineseMarkers {
        signal_scan: crate::chinese::SignalScan::new(&function_words),
        structures_stay_within_lines: file
            .structures
            .iter()
            .all(|s| crate::pattern::stays_within_a_line(s)),
        function_words,
        structures,
    })
}

fn compile_terms(terms: Vec<Term>) -> Result<ChineseTerms> {
    let mut literal_terms = Vec::new();
    let mut patterns = Vec::new();
    for term in terms {
        if term.candidates.is_empty() {
            bail!(
                "chinese term {:?}: `candidates` is empty",
                term.text.or(term.pattern)
            );
        }
        match (&term.text, &term.pattern) {
            (Some(_), None) => literal_terms.push(term),
            (None, Some(pattern)) => {
                let regex = crate::pattern::LinePattern::new(pattern)
                    .with_context(|| format!("chinese term pattern `{pattern}`"))?;
                patterns.push((regex, term));
            }
            _ => bail!(
                "chinese term {:?}: give exactly one of `text` and `pattern`",
                term.text.or(term.pattern)
            ),
        }
    }
    let literals = LiteralSet::new(
        literal_terms
            .iter()
            .map(|t| t.text.as_deref().unwrap_or_default()),
    )
    .context("chinese terms")?;
    let mut line_words: Vec<&str> = Vec::new();
    for term in &literal_terms {
        line_words.push(term.text.as_deref().unwrap_or_default());
    }
    let mut within_lines = line_words.iter().all(|word| !word.contains('\n'));
    for (pattern, _) in &patterns {
        match pattern.required_literals() {
            Some(required) => line_words.extend(required.iter().map(String::as_str)),
            None => within_lines = false,
        }
    }
    let line_words = if within_lines {
        Some(LiteralSet::new(line_words).context("chinese terms")?)
    } else {
        None
    };
    Ok(ChineseTerms {
        literals,
        literal_terms,
        patterns,
        line_words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load() {
        let knowledge = Knowledge::shared_default();
        assert!(knowledge.chinese_terms.literal_terms.len() > 10);
        assert!(!knowledge.chinese_markers.structures.is_empty());
    }

    #[test]
    fn user_files_extend_the_tables_and_bad_ones_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("terms.toml");
        std::fs::write(
            &good,
            "[[term]]\ntext = \"习近平\"\ncandidates = [\"習近平\"]\n",
        )
        .unwrap();
        let files = KnowledgeFiles {
            chinese_terms: vec![&good],
            ..Default::default()
        };
        let knowledge = Knowledge::load(&files).unwrap();
        assert!(
            knowledge
                .chinese_terms
                .literal_terms
                .iter()
                .any(|t| t.text.as_deref() == Some("习近平"))
        );

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[[term]]\ntxt = \"x\"\ncandidates = [\"y\"]\n").unwrap();
        let files = KnowledgeFiles {
            chinese_terms: vec![&bad],
            ..Default::default()
        };
        let error = format!("{:#}", Knowledge::load(&files).unwrap_err());
        assert!(error.contains("bad.toml"), "{error}");
        assert!(error.contains("txt"), "{error}");
    }
}
