//! The corpus lexicon: how often each katakana term occurs across all inputs. Built in a first pass, in
//! parallel, by counting per document and adding the counts; addition does not care about order, so the
//! result is the same for any thread count or input order. Saved as JSON, so a pre-commit check of one
//! new article can use the counts of the whole corpus.

use crate::names::katakana::katakana_terms;
use crate::names::key::variant_key;
use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Katakana terms shorter than this are not counted (ア, ロ as in ロ朝).
pub const MIN_TERM_CHARS: usize = 2;

const FORMAT: &str = "kintsugi-lexicon";
const VERSION: u32 = 1;

/// Counts for one spelling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCounts {
    /// Occurrences in all documents.
    pub occurrences: u64,
    /// Documents it occurs in.
    pub documents: u64,
    /// Occurrences in a name position (joined with ・, or next to a title).
    pub as_name: u64,
}

impl std::ops::AddAssign for TermCounts {
    fn add_assign(&mut self, other: TermCounts) {
        self.occurrences += other.occurrences;
        self.documents += other.documents;
        self.as_name += other.as_name;
    }
}

/// Katakana term counts over a corpus, and how many documents each short line occurs in (page
/// furniture repeats across a site's articles).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lexicon {
    pub documents: u64,
    pub terms: BTreeMap<String, TermCounts>,
    #[serde(default)]
    pub lines: BTreeMap<String, u64>,
}

/// Lines up to this many characters are counted for the furniture signal.
pub const MAX_COUNTED_LINE_CHARS: usize = 40;

/// The key a short line is counted under (trimmed), or `None` for lines that are not counted: long
/// ones and sentences.
pub fn short_line_key(line: &str) -> Option<&str> {
    let line = crate::document::trim(line);
    let counted = !line.is_empty()
        && !line.ends_with('。')
        && !crate::document::has_more_chars_than(line, MAX_COUNTED_LINE_CHARS);
    counted.then_some(line)
}

#[derive(Serialize, Deserialize)]
struct LexiconFile {
    format: String,
    version: u32,
    #[serde(flatten)]
    lexicon: Lexicon,
}

impl Lexicon {
    /// The counts of one document. `is_name_position` tells whether a term at a span stands as a name.
    pub fn from_text(
        text: &str,
        is_name_position: impl Fn(&str, &std::ops::Range<usize>) -> bool,
    ) -> Lexicon {
        let mut counts = LexiconCounts::default();
        counts.add_text(text, is_name_position);
        counts.into_lexicon()
    }

    /// Adds another lexicon's counts to these.
    pub fn merge(&mut self, other: &Lexicon) {
        self.documents += other.documents;
        for (term, counts) in &other.terms {
            *self.terms.entry(term.clone()).or_default() += *counts;
        }
        for (line, documents) in &other.lines {
            *self.lines.entry(line.clone()).or_default() += documents;
        }
    }

    /// Both lexicons' counts added, for reducing in parallel.
    pub fn merged(mut self, other: Lexicon) -> Lexicon {
        if self.terms.len() < other.terms.len() {
            let mut other = other;
            other.merge(&self);
            return other;
        }
        self.merge(&other);
        self
    }

    pub fn counts(&self, term: &str) -> TermCounts {
        self.terms.get(term).copied().unwrap_or_default()
    }

    /// Every spelling with each variant key, for grouping spellings of one name.
    pub fn spellings_by_key(&self) -> BTreeMap<String, Vec<(&str, TermCounts)>> {
        let mut groups: BTreeMap<String, Vec<(&str, TermCounts)>> = BTreeMap::new();
        for (term, counts) in &self.terms {
            groups
                .entry(variant_key(term))
                .or_default()
                .push((term.as_str(), *counts));
        }
        groups
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let file = LexiconFile {
            format: FORMAT.to_string(),
            version: VERSION,
            lexicon: self.clone(),
        };
        let json = serde_json::to_string_pretty(&file).expect("a lexicon always serializes");
        crate::files::write_creating_parents(path, &(json + "\n"))
            .with_context(|| format!("cannot write the lexicon to {}", path.display()))
    }

    pub fn load(path: &Path) -> Result<Lexicon> {
        let file: LexiconFile = crate::files::read_versioned_json(
            path,
            "lexicon",
            (FORMAT, VERSION),
            |f: &LexiconFile| (f.format.clone(), f.version),
        )?;
        Ok(file.lexicon)
    }
}

/// Counts being added up, hashed: the corpus pass adds each document here and sorts once, in
/// [`LexiconCounts::into_lexicon`]. Building a sorted [`Lexicon`] per document and merging those cost
/// more than counting the texts.
#[derive(Debug, Default)]
pub struct LexiconCounts {
    documents: u64,
    terms: Counts<Stamped<TermCounts>>,
    /// Each short line's documents.
    lines: Counts<Stamped<u64>>,
}

/// Counts by term or line, hashed as rustc-hash hashes (hashbrown's, for its `entry_ref`).
type Counts<V> = hashbrown::HashMap<Box<str>, V, rustc_hash::FxBuildHasher>;

/// A count with the number of the last document that added to it (these counts' documents numbered
/// from 1, 0 for none): a term or line is counted once per document by comparing numbers, without a
/// table of the document's own (which cost a second hashing of every term and line).
#[derive(Debug, Default)]
struct Stamped<V> {
    value: V,
    document: u64,
}

impl LexiconCounts {
    /// Counts one document. `is_name_position` tells whether a term at a span stands as a name.
    pub fn add_text(
        &mut self,
        text: &str,
        is_name_position: impl Fn(&str, &std::ops::Range<usize>) -> bool,
    ) {
        // Every number a stamp holds is at most `documents`, also after a merge (which adds the
        // documents of both), so this document's number is new to every stamp.
        let document = self.documents + 1;
        for term in katakana_terms(text, MIN_TERM_CHARS) {
            let counts = entry(&mut self.terms, &text[term.span.clone()]);
            counts.value.occurrences += 1;
            if term.joined || is_name_position(text, &term.span) {
                counts.value.as_name += 1;
            }
            if counts.document != document {
                counts.document = document;
                counts.value.documents += 1;
            }
        }
        // Split by the memchr crate (std's `lines` searches a word at a time); a line's `\r` and the
        // empty piece after a last `\n` come to the same keys, as short_line_key trims and skips empties.
        for line in line_pieces(text).filter_map(short_line_key) {
            let documents = entry(&mut self.lines, line);
            if documents.document != document {
                documents.document = document;
                documents.value += 1;
            }
        }
        self.documents = document;
    }

    /// Both counts added, for reducing in parallel: the larger map takes in the smaller.
    pub fn merged(self, other: LexiconCounts) -> LexiconCounts {
        let (mut larger, smaller) = if self.terms.len() >= other.terms.len() {
            (self, other)
        } else {
            (other, self)
        };
        larger.documents += smaller.documents;
        for (term, counts) in smaller.terms {
            larger.terms.entry(term).or_default().value += counts.value;
        }
        for (line, documents) in smaller.lines {
            larger.lines.entry(line).or_default().value += documents.value;
        }
        larger
    }

    /// The counts as a lexicon, sorted.
    pub fn into_lexicon(self) -> Lexicon {
        Lexicon {
            documents: self.documents,
            terms: self
                .terms
                .into_iter()
                .map(|(term, counts)| (term.into_string(), counts.value))
                .collect(),
            lines: self
                .lines
                .into_iter()
                .map(|(line, documents)| (line.into_string(), documents.value))
                .collect(),
        }
    }
}

/// The count under `key`, made (zero, stamped by no document) when it is new; the key is copied only
/// then (most terms and lines of a document are counted already), and hashed once either way.
fn entry<'m, V: Default>(map: &'m mut Counts<V>, key: &str) -> &'m mut V {
    match map.entry_ref(key) {
        hashbrown::hash_map::EntryRef::Occupied(occupied) => occupied.into_mut(),
        hashbrown::hash_map::EntryRef::Vacant(vacant) => {
            vacant.insert_with_key(key.into(), V::default())
        }
    }
}

/// The pieces of `text` between line feeds.
fn line_pieces(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    ends.map(move |end| {
        let piece = &text[start..end];
        start = end + 1;
        piece
    })
}

/// A lexicon with its spellings grouped by variant key, built once and shared by every document's check:
/// the corpus as the rules see it.
#[derive(Debug, Default)]
pub struct CorpusIndex {
    pub lexicon: Lexicon,
    /// Every spelling under its variant key with its counts, most frequent first (ties in spelling
    /// order, so the order never depends on how the lexicon was built).
    by_key: rustc_hash::FxHashMap<String, Vec<(String, TermCounts)>>,
    /// The lexicon's counts again, hashed: the rules look terms up for every katakana word.
    counts: rustc_hash::FxHashMap<String, TermCounts>,
    /// Spellings used as names, with their variant keys, by key length in characters (fuzzy matching
    /// compares keys of about the same length only).
    names_by_key_length: rustc_hash::FxHashMap<usize, Vec<(String, String, TermCounts)>>,
}

impl CorpusIndex {
    pub fn new(lexicon: Lexicon) -> CorpusIndex {
        let mut by_key: rustc_hash::FxHashMap<String, Vec<(String, TermCounts)>> =
            Default::default();
        for (term, counts) in &lexicon.terms {
            by_key
                .entry(variant_key(term))
                .or_default()
                .push((term.clone(), *counts));
        }
        for spellings in by_key.values_mut() {
            spellings.sort_by(|a, b| b.1.occurrences.cmp(&a.1.occurrences).then(a.0.cmp(&b.0)));
        }
        let counts = lexicon
            .terms
            .iter()
            .map(|(term, counts)| (term.clone(), *counts))
            .collect();
        let mut names_by_key_length: rustc_hash::FxHashMap<usize, Vec<_>> = Default::default();
        for spellings in by_key.values() {
            for (term, counts) in spellings.iter().filter(|(_, counts)| counts.as_name > 0) {
                let key = variant_key(term);
                names_by_key_length
                    .entry(key.chars().count())
                    .or_default()
                    .push((term.clone(), key, *counts));
            }
        }
        for names in names_by_key_length.values_mut() {
            names.sort_by(|a, b| a.0.cmp(&b.0));
        }
        CorpusIndex {
            lexicon,
            by_key,
            counts,
            names_by_key_length,
        }
    }

    /// The counts of one spelling (zero when the corpus does not have it).
    pub fn counts(&self, term: &str) -> TermCounts {
        self.counts.get(term).copied().unwrap_or_default()
    }

    /// Every spelling of the corpus with this variant key, with its counts, most frequent first.
    pub fn spellings(&self, key: &str) -> &[(String, TermCounts)] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// How many documents of the corpus hold this short line.
    pub fn line_documents(&self, line: &str) -> u64 {
        short_line_key(line).map_or(0, |key| self.lexicon.lines.get(key).copied().unwrap_or(0))
    }

    /// Spellings used as names at least `min_as_name` times whose variant key is `key_length`
    /// characters long, give or take one, with their keys: candidates for near-miss matching.
    pub fn frequent_names_near(
        &self,
        min_as_name: u64,
        key_length: usize,
    ) -> impl Iterator<Item = (&str, &str, TermCounts)> {
        (key_length.saturating_sub(1)..=key_length + 1)
            .filter_map(|length| self.names_by_key_length.get(&length))
            .flatten()
            .filter(move |(_, _, counts)| counts.as_name >= min_as_name)
            .map(|(term, key, counts)| (term.as_str(), key.as_str(), *counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_pieces_give_the_keys_lines_give() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.extend(
            [
                "",
                "\n",
                "a\n",
                "a\r\nb\r\n",
                "\r\n\r\n本文\n",
                "関連記事\n\n関連記事",
                "x\ny",
            ]
            .map(str::to_string),
        );
        for text in &texts {
            let by_pieces: Vec<&str> = line_pieces(text).filter_map(short_line_key).collect();
            let by_lines: Vec<&str> = text.lines().filter_map(short_line_key).collect();
            assert_eq!(by_pieces, by_lines, "{text:?}");
        }
    }

    fn lexicon(text: &str) -> Lexicon {
        Lexicon::from_text(text, |_, _| false)
    }

    /// Each text's lexicon on its own, merged: what running counts of the texts must come to.
    fn merged_lexicons(texts: &[&str]) -> Lexicon {
        texts
            .iter()
            .map(|t| lexicon(t))
            .fold(Lexicon::default(), Lexicon::merged)
    }

    /// Running counts of `texts`, counted in order.
    fn counted(texts: &[&str]) -> LexiconCounts {
        let mut counts = LexiconCounts::default();
        for text in texts {
            counts.add_text(text, |_, _| false);
        }
        counts
    }

    #[test]
    fn counts_terms_documents_and_name_positions() {
        let lexicon = lexicon("スティーブ・ウィトコフとウィトコフ、ヴィトコフ");
        assert_eq!(
            lexicon.counts("ウィトコフ"),
            TermCounts {
                occurrences: 2,
                documents: 1,
                as_name: 1
            }
        );
        let groups = lexicon.spellings_by_key();
        let witkoff: Vec<&str> = groups[&variant_key("ウィトコフ")]
            .iter()
            .map(|(t, _)| *t)
            .collect();
        assert_eq!(witkoff, vec!["ウィトコフ", "ヴィトコフ"]);
    }

    #[test]
    fn running_counts_equal_the_merged_lexicons_of_each_document() {
        let texts = [
            "キーウとキエフ\nURLをコピーしました",
            "キーウ・ザポリージャ\nURLをコピーしました",
            "ザポリージャとキーウ、キーウ",
        ];
        // Split as the parallel corpus pass may split them: counted in two parts, then added.
        let counted = counted(&texts[1..])
            .merged(counted(&texts[..1]))
            .into_lexicon();
        assert_eq!(counted, merged_lexicons(&texts));
        assert_eq!(counted.counts("キーウ").occurrences, 4);
        assert_eq!(counted.counts("キーウ").documents, 3);
        assert_eq!(counted.lines["URLをコピーしました"], 2);
    }

    #[test]
    fn documents_added_after_a_merge_count_once_each() {
        // Each count remembers the last document that added to it by number: after a merge, the
        // next document's number must be new to the stamps of both sides.
        let texts = [
            "キーウとキーウ\n関連記事\n関連記事",
            "キーウ\n関連記事",
            "キエフ",
            "キーウとキエフ\n関連記事",
        ];
        let mut merged = counted(&texts[..1]).merged(counted(&texts[1..3]));
        merged.add_text(texts[3], |_, _| false);
        let counted = merged.into_lexicon();
        assert_eq!(counted, merged_lexicons(&texts));
        assert_eq!(
            counted.counts("キーウ"),
            TermCounts {
                occurrences: 4,
                documents: 3,
                as_name: 0
            }
        );
        assert_eq!(counted.lines["関連記事"], 3);
    }

    #[test]
    fn merging_is_independent_of_order() {
        let texts = ["キーウとキエフ", "キーウ", "ザポリージャとキーウ"];
        let forward = texts
            .iter()
            .map(|t| lexicon(t))
            .fold(Lexicon::default(), Lexicon::merged);
        let backward = texts
            .iter()
            .rev()
            .map(|t| lexicon(t))
            .fold(Lexicon::default(), Lexicon::merged);
        assert_eq!(forward, backward);
        assert_eq!(forward.documents, 3);
        assert_eq!(forward.counts("キーウ").documents, 3);
        assert_eq!(forward.counts("キーウ").occurrences, 3);
        assert_eq!(forward.lines["キーウ"], 1);
    }

    #[test]
    fn save_and_load_round_trip_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lexicon.json");
        let original = lexicon("ウメロフとウメロフ、メロフ");
        original.save(&path).unwrap();
        assert_eq!(Lexicon::load(&path).unwrap(), original);

        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{\"terms\": 3}").unwrap();
        let error = format!("{:#}", Lexicon::load(&bad).unwrap_err());
        assert!(error.contains("bad.json"), "{error}");
    }
}
