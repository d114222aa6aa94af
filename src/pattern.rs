//! Searches for the data tables' literals and regular expressions, made to look only where they can match.
//!
//! [`LiteralSet`]: word lists (misrenderings, Chinese terms, function words, counters), searched with
//! literal searchers (memmem, Teddy or Aho-Corasick, picked by the number of words). Measured on the
//! corpus benchmark, a regex alternation of the words, whose prefilter is Teddy, ran 1.3 to 10 times
//! faster than an Aho-Corasick automaton over Japanese text, whose lead bytes are few and common;
//! these searchers are that prefilter without the regex.
//!
//! [`LinePattern`]: regular expressions from the tables.
//!
//! A pattern without a literal prefix (`([0-9]+|[一二三]+)点計画`) makes the regex engine walk every byte
//! of every document. When every match must end with one of a few literals (計画) and no match can
//! cross a line, the lines holding one of those literals are the only ones searched. The result is
//! the same as searching the whole text: a match inside one line is found from that line's start.

use regex::{Captures, Regex};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of literal words, found leftmost-longest (as Aho-Corasick's `LeftmostLongest`), each match with
/// the index of its word (the first index, for a word listed twice).
#[derive(Debug)]
pub struct LiteralSet {
    /// The words longest first: leftmost-first over that order is leftmost-longest.
    search: Option<WordSearch>,
    /// The index in the list the set was built from of each word, in the searchers' order (longest
    /// first): a literal searcher's match gives its word's number, which needs no lookup of its text.
    index_in_list: Vec<usize>,
    /// The same by the word's text, for the regex, whose matches do not tell which word they are.
    index_of: rustc_hash::FxHashMap<String, usize>,
    /// Whether a word holds a line break (no list of the data files has one).
    has_line_break_word: bool,
    /// The words by first character, for [`LiteralSet::is_match`].
    by_first: FirstCharIndex,
}

/// How a [`LiteralSet`] searches. Its words are exact, so a literal searcher finds the matches
/// themselves. The regex crate, given the same words as an alternation, shortened the literals its
/// prefilter searches for and confirmed every candidate with its lazy DFA: 2 % of the corpus
/// benchmark's instructions, and the compilation at every start.
///
/// These are the searchers regex-automata's `Prefilter` picks for such words, built from the
/// aho-corasick and memchr crates directly: its Teddy also builds an anchored Aho-Corasick DFA, and
/// its Aho-Corasick automaton an anchored start besides the unanchored one, which no search here
/// uses (a fifth of a pre-commit run on a 20 KB article).
#[derive(Debug)]
enum WordSearch {
    /// One word.
    Word(memchr::memmem::Finder<'static>),
    /// Up to 64 words, where the processor has the vector instructions Teddy takes.
    Packed(aho_corasick::packed::Searcher),
    /// More words, or no Teddy.
    Automaton(aho_corasick::AhoCorasick),
    /// For a list with an empty word, which no literal searcher takes (it matches everywhere).
    Regex(Regex),
}

impl WordSearch {
    /// Leftmost-first over `ordered`, whose words are not empty.
    fn literals(ordered: &[&str]) -> Option<WordSearch> {
        if let [word] = ordered {
            return Some(WordSearch::Word(
                memchr::memmem::Finder::new(word.as_bytes()).into_owned(),
            ));
        }
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(ordered)
            .build();
        if let Some(packed) = packed {
            return Some(WordSearch::Packed(packed));
        }
        // A DFA for a few hundred words, whose states are few; an NFA beyond, as regex-automata
        // chooses, since a DFA's memory grows with the words times the alphabet.
        let kind = if ordered.len() <= 500 {
            aho_corasick::AhoCorasickKind::DFA
        } else {
            aho_corasick::AhoCorasickKind::ContiguousNFA
        };
        aho_corasick::AhoCorasick::builder()
            .kind(Some(kind))
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .start_kind(aho_corasick::StartKind::Unanchored)
            .prefilter(false)
            .build(ordered)
            .ok()
            .map(WordSearch::Automaton)
    }

    /// The first match in `bytes[from..]`, for the literal searchers: its span and the number of its
    /// word in the order the searcher was built with.
    fn find_literal(&self, bytes: &[u8], from: usize) -> Option<(usize, usize, usize)> {
        match self {
            WordSearch::Word(finder) => finder
                .find(&bytes[from..])
                .map(|at| (from + at, from + at + finder.needle().len(), 0)),
            WordSearch::Packed(packed) => packed
                .find_in(bytes, aho_corasick::Span::from(from..bytes.len()))
                .map(|found| (found.start(), found.end(), found.pattern().as_usize())),
            WordSearch::Automaton(automaton) => automaton
                .find(aho_corasick::Input::new(bytes).span(from..bytes.len()))
                .map(|found| (found.start(), found.end(), found.pattern().as_usize())),
            WordSearch::Regex(_) => None,
        }
    }
}

/// Words by their first character, with the first characters as a [`CharSet`]: a yes-or-no test
/// over a short line reads each character once and looks at the words only where one may start. Over
/// Japanese lines it ran faster than the regex (whose per-call start-up and literal prefilter cost
/// more than a line is long).
#[derive(Debug, Default)]
struct FirstCharIndex {
    first_chars: CharSet,
    words: rustc_hash::FxHashMap<char, Vec<String>>,
}

impl FirstCharIndex {
    fn new(words: &[&str]) -> FirstCharIndex {
        let mut index = FirstCharIndex::default();
        for word in words {
            let Some(first) = word.chars().next() else {
                continue;
            };
            index.words.entry(first).or_default().push(word.to_string());
        }
        index.first_chars = index.words.keys().copied().collect();
        index
    }

    fn may_start(&self, c: char) -> bool {
        self.first_chars.contains(c)
    }

    fn starts_at(&self, text: &str, at: usize, c: char) -> bool {
        self.words.get(&c).is_some_and(|words| {
            words
                .iter()
                .any(|word| text[at..].starts_with(word.as_str()))
        })
    }

    fn is_match(&self, text: &str) -> bool {
        text.char_indices()
            .any(|(at, c)| self.may_start(c) && self.starts_at(text, at, c))
    }
}

/// A set of characters as a bit each over the BMP (8 KB), with the few beyond it hashed: the first
/// characters of a word list, and the title characters asked for on both sides of every katakana term
/// of a corpus, where hashing the character cost more than the rest of the test.
pub struct CharSet {
    bmp: Box<[u64; 0x10000 / 64]>,
    beyond: rustc_hash::FxHashSet<char>,
}

impl CharSet {
    pub fn contains(&self, c: char) -> bool {
        let code = c as usize;
        match self.bmp.get(code / 64) {
            Some(bits) => bits >> (code % 64) & 1 != 0,
            None => self.beyond.contains(&c),
        }
    }
}

impl FromIterator<char> for CharSet {
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> CharSet {
        let mut set = CharSet {
            bmp: Box::new([0; 0x10000 / 64]),
            beyond: Default::default(),
        };
        for c in chars {
            let code = c as usize;
            match set.bmp.get_mut(code / 64) {
                Some(bits) => *bits |= 1 << (code % 64),
                None => {
                    set.beyond.insert(c);
                }
            }
        }
        set
    }
}

impl std::fmt::Debug for CharSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bmp = (0..0x10000u32)
            .filter_map(char::from_u32)
            .filter(|&c| self.contains(c));
        f.debug_set()
            .entries(bmp.chain(self.beyond.iter().copied()))
            .finish()
    }
}

impl Default for CharSet {
    fn default() -> CharSet {
        std::iter::empty().collect()
    }
}

/// One match of a [`LiteralSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralMatch {
    start: usize,
    end: usize,
    pattern: usize,
}

impl LiteralMatch {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The index of the matched word in the list the set was built from.
    pub fn pattern(&self) -> usize {
        self.pattern
    }
}

impl LiteralSet {
    pub fn new<I, S>(words: I) -> Result<LiteralSet, regex::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut index_of = rustc_hash::FxHashMap::default();
        let mut ordered: Vec<&str> = Vec::new();
        let words: Vec<S> = words.into_iter().collect();
        for (index, word) in words.iter().enumerate() {
            let word = word.as_ref();
            if !index_of.contains_key(word) {
                index_of.insert(word.to_string(), index);
                ordered.push(word);
            }
        }
        ordered.sort_by_key(|word| std::cmp::Reverse(word.len()));
        let index_in_list = ordered.iter().map(|word| index_of[*word]).collect();
        let by_first = FirstCharIndex::new(&ordered);
        let search = if ordered.is_empty() {
            None
        } else if let Some(literals) = ordered
            .iter()
            .all(|word| !word.is_empty())
            .then(|| WordSearch::literals(&ordered))
            .flatten()
        {
            Some(literals)
        } else {
            let alternatives: Vec<String> = ordered.iter().map(|w| regex::escape(w)).collect();
            Some(WordSearch::Regex(Regex::new(&alternatives.join("|"))?))
        };
        Ok(LiteralSet {
            search,
            index_in_list,
            has_line_break_word: ordered.iter().any(|word| word.contains('\n')),
            index_of,
            by_first,
        })
    }

    pub fn find_iter<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = LiteralMatch> + use<'s, 't> {
        let bytes = text.as_bytes();
        let mut from = 0;
        let mut regex_matches = match &self.search {
            Some(WordSearch::Regex(regex)) => Some(regex.find_iter(text)),
            _ => None,
        };
        std::iter::from_fn(move || match self.search.as_ref()? {
            WordSearch::Regex(_) => {
                let found = regex_matches.as_mut()?.next()?;
                Some(LiteralMatch {
                    start: found.start(),
                    end: found.end(),
                    pattern: self.index_of[found.as_str()],
                })
            }
            literals => {
                let found = self.literal_match(literals, bytes, from)?;
                // No word is empty here, so the search moves on.
                from = found.end;
                Some(found)
            }
        })
    }

    /// The first match of the literal searcher `literals` (this set's) in `bytes[from..]`.
    fn literal_match(
        &self,
        literals: &WordSearch,
        bytes: &[u8],
        from: usize,
    ) -> Option<LiteralMatch> {
        let (start, end, word) = literals.find_literal(bytes, from)?;
        Some(LiteralMatch {
            start,
            end,
            pattern: self.index_in_list[word],
        })
    }

    /// The lines of `text` (without their line break) that hold one of the words, in order, each once.
    /// Every line holding a word is found when no word holds a line break.
    pub fn lines_holding(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let bytes = text.as_bytes();
        let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
        let mut push_line = |found: &LiteralMatch| {
            // The memchr crate's searches, not str::find: std's byte search goes a word at a time.
            let start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[found.end()..])
                .map_or(text.len(), |i| found.end() + i);
            lines.push(start..end);
            end
        };
        match &self.search {
            // The rest of a line that holds a word is not searched (a line of Chinese holds many): the
            // first match after its line break is the one the matches in order come to, unless a word
            // holds a line break, and a match might cross it.
            Some(literals)
                if !matches!(literals, WordSearch::Regex(_)) && !self.has_line_break_word =>
            {
                let mut from = 0;
                while let Some(found) = self.literal_match(literals, bytes, from) {
                    let end = push_line(&found);
                    if end >= bytes.len() {
                        break;
                    }
                    from = end + 1;
                }
            }
            _ => {
                let mut line_end = None;
                for found in self.find_iter(text) {
                    if line_end.is_none_or(|end| found.start() > end) {
                        line_end = Some(push_line(&found));
                    }
                }
            }
        }
        lines
    }

    /// The characters the words start with.
    pub fn first_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.by_first.words.keys().copied()
    }

    /// Whether a word starts at byte `at` of `text`, where the character `c` is.
    pub fn matches_at(&self, text: &str, at: usize, c: char) -> bool {
        self.by_first.starts_at(text, at, c)
    }

    /// Whether any word occurs in `text` (meant for short texts, such as a line).
    pub fn is_match(&self, text: &str) -> bool {
        self.by_first.is_match(text)
    }
}

/// Patterns asked whether any matches a short text (a line), with the `regex` crate's syntax. Built
/// without a literal prefilter: for a set of many literal alternatives, the regex crate builds an
/// Aho-Corasick DFA to find where a match may start, which cost a quarter of a pre-commit run's
/// instructions and does little for lines the patterns mostly match from their start.
#[derive(Debug, Clone)]
pub struct PatternSet(crate::per_thread::PerThread<regex_automata::meta::Regex>);

impl PatternSet {
    pub fn new<P: AsRef<str>>(
        patterns: &[P],
    ) -> Result<PatternSet, Box<regex_automata::meta::BuildError>> {
        regex_automata::meta::Regex::builder()
            .configure(regex_automata::meta::Regex::config().auto_prefilter(false))
            .build_many(patterns)
            .map(|regex| PatternSet(crate::per_thread::PerThread::new(regex)))
            .map_err(Box::new)
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.0.with(|regex| regex.is_match(text))
    }
}

/// At most this many required literals make a prefilter; more say little about where matches are.
const MAX_REQUIRED_LITERALS: usize = 64;

#[derive(Debug)]
pub struct LinePattern {
    pub regex: Regex,
    /// Literals one of which ends every match, when no match can cross a line.
    required: Option<RequiredLiterals>,
}

#[derive(Debug)]
struct RequiredLiterals {
    words: Vec<String>,
    search: LiteralSet,
}

impl LinePattern {
    pub fn new(pattern: &str) -> Result<LinePattern, regex::Error> {
        let regex = Regex::new(pattern)?;
        let required = regex_syntax::Parser::new()
            .parse(pattern)
            .ok()
            .filter(|hir| !can_cross_a_line(hir))
            .and_then(|hir| required_suffixes(&hir))
            .and_then(|words| {
                let search = LiteralSet::new(&words).ok()?;
                Some(RequiredLiterals { words, search })
            });
        Ok(LinePattern { regex, required })
    }

    /// The literals one of which ends every match, when the pattern is searched line by line.
    pub fn required_literals(&self) -> Option<&[String]> {
        self.required.as_ref().map(|required| &required.words[..])
    }

    /// Every match in `text` with its captures, as (offset of the searched slice, captures).
    pub fn captures<'t>(&self, text: &'t str) -> Vec<(usize, Captures<'t>)> {
        match &self.required {
            Some(required) => self.captures_in_lines(text, &required.search.lines_holding(text)),
            None => self.regex.captures_iter(text).map(|c| (0, c)).collect(),
        }
    }

    /// [`LinePattern::captures`], given `lines` of `text` that hold every line with one of the required
    /// literals (found for several patterns at once): the lines with one of this pattern's are searched.
    /// Without required literals, the whole text is.
    pub fn captures_in_lines<'t>(
        &self,
        text: &'t str,
        lines: &[std::ops::Range<usize>],
    ) -> Vec<(usize, Captures<'t>)> {
        let Some(required) = &self.required else {
            return self.regex.captures_iter(text).map(|c| (0, c)).collect();
        };
        let mut found = Vec::new();
        for line in lines {
            let line_text = &text[line.clone()];
            if required.search.find_iter(line_text).next().is_some() {
                found.extend(self.regex.captures_iter(line_text).map(|c| (line.start, c)));
            }
        }
        found
    }
}

/// The literals every match ends with, if there are few and none is empty.
fn required_suffixes(hir: &Hir) -> Option<Vec<String>> {
    let suffixes = Extractor::new().kind(ExtractKind::Suffix).extract(hir);
    let literals = suffixes.literals()?;
    let usable = !literals.is_empty()
        && literals.len() <= MAX_REQUIRED_LITERALS
        && literals
            .iter()
            .all(|literal| !literal.as_bytes().is_empty());
    // A literal cut inside a character is no text to search for.
    usable
        .then(|| {
            literals
                .iter()
                .map(|l| String::from_utf8(l.as_bytes().to_vec()).ok())
                .collect::<Option<Vec<String>>>()
        })
        .flatten()
}

/// Whether every match of `pattern` lies within one line and depends on nothing outside it: then the
/// matches a search of the whole text finds in a line are there exactly when the line has a match.
/// A pattern that can match `\r` does not count, as lines may be taken without the `\r` of `\r\n`.
pub fn stays_within_a_line(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .is_ok_and(|hir| !can_cross_a_line(&hir))
}

/// Whether a match could hold a line break, or depends on what lies outside its line (anchors and
/// word boundaries): then only a whole-text search is right.
fn can_cross_a_line(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => false,
        // `\r` too: a line break may be `\r\n`, and both ends of the line are cut there.
        HirKind::Literal(literal) => literal.0.iter().any(|&b| b == b'\n' || b == b'\r'),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|range| {
            ['\n', '\r']
                .iter()
                .any(|c| range.start() <= *c && *c <= range.end())
        }),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|range| {
            [b'\n', b'\r']
                .iter()
                .any(|b| range.start() <= *b && *b <= range.end())
        }),
        HirKind::Look(_) => true,
        HirKind::Repetition(repetition) => can_cross_a_line(&repetition.sub),
        HirKind::Capture(capture) => can_cross_a_line(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(can_cross_a_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bits answer as a hashed set would, in the BMP and beyond it, at the edges of the words.
    #[test]
    fn char_set_holds_what_it_was_given() {
        let members: Vec<char> = [
            '長', '氏', '大', 'A', '\0', '\u{3F}', '\u{40}', '\u{FFFF}', '𠮷', '😀',
        ]
        .into_iter()
        .collect();
        let set: CharSet = members.iter().copied().collect();
        for code in (0..0x11000u32).chain([0x20BB7, 0x1F600, 0x1F601, 0x10FFFF]) {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(set.contains(c), members.contains(&c), "U+{code:04X}");
            }
        }
    }

    /// The matches of `words` in `text` from the set and from an Aho-Corasick automaton, as
    /// (start, end, word index).
    fn set_and_automaton_matches(words: &[String], text: &str) -> [Vec<(usize, usize, usize)>; 2] {
        let set = LiteralSet::new(words).unwrap();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .unwrap();
        [
            set.find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern()))
                .collect(),
            automaton
                .find_iter(text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect(),
        ]
    }

    #[test]
    fn literal_sets_find_leftmost_longest_like_aho_corasick() {
        let words = ["海湖荘", "海湖荘園", "湖", "ツェルヒーゼー湖荘", "湖"].map(String::from);
        let text = "海湖荘園と海湖荘、湖畔のツェルヒーゼー湖荘で湖";
        let [ours, theirs] = set_and_automaton_matches(&words, text);
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 5);
        // One word (memmem), more words than Teddy takes (64: an Aho-Corasick DFA), more than a DFA
        // is built for (500: an NFA), and a list with an empty word (the regex), each with words
        // that overlap and words that are prefixes.
        let many: Vec<String> = (0..100)
            .map(|i| {
                format!(
                    "{}{}",
                    char::from_u32(0x30A2 + i % 40).unwrap(),
                    "湖荘".repeat(i as usize % 3)
                )
            })
            .chain(["海湖荘園".to_string()])
            .collect();
        let text_of_many: String = many.iter().rev().map(|w| format!("{w}、{w}湖")).collect();
        let very_many: Vec<String> = (0..600)
            .map(|i| {
                format!(
                    "{}{}",
                    char::from_u32(0x4E00 + i).unwrap(),
                    "湖荘".repeat(i as usize % 3)
                )
            })
            .chain(["海湖荘園".to_string()])
            .collect();
        let text_of_very_many: String = very_many
            .iter()
            .step_by(7)
            .map(|w| format!("{w}、海{w}湖"))
            .collect();
        for (words, text, searcher) in [
            (vec!["湖荘".to_string()], "海湖荘園と湖荘湖荘、湖", "Word"),
            (words[..4].to_vec(), text, "Packed"),
            (many.clone(), text_of_many.as_str(), "Automaton(DFA)"),
            (very_many, text_of_very_many.as_str(), "Automaton(NFA)"),
        ] {
            let set = LiteralSet::new(&words).unwrap();
            let chosen = match &set.search {
                Some(WordSearch::Word(_)) => "Word".to_string(),
                Some(WordSearch::Automaton(automaton)) => {
                    format!("Automaton({:?})", automaton.kind()).replace("ContiguousNFA", "NFA")
                }
                Some(WordSearch::Packed(_)) => "Packed".to_string(),
                other => format!("{other:?}"),
            };
            // Teddy needs SSSE3 or NEON; without them, four words take the DFA.
            if searcher != "Packed" || chosen == "Packed" {
                assert_eq!(chosen, searcher, "{} words", words.len());
            }
            let [ours, theirs] = set_and_automaton_matches(&words, text);
            assert_eq!(ours, theirs, "{} words", words.len());
            assert!(ours.len() >= 3);
        }
        let with_empty = LiteralSet::new(["湖", ""]).unwrap();
        let found: Vec<(usize, usize, usize)> = with_empty
            .find_iter("海湖")
            .map(|m| (m.start(), m.end(), m.pattern()))
            .collect();
        // As the regex crate reports them: no empty match right after a match.
        assert_eq!(found, vec![(0, 0, 1), (3, 6, 0)]);
        let set = LiteralSet::new(words).unwrap();
        assert!(set.is_match("湖"));
        let empty = LiteralSet::new(Vec::<String>::new()).unwrap();
        assert!(!empty.is_match("湖") && empty.find_iter("湖").next().is_none());
    }

    #[test]
    fn is_match_agrees_with_find_on_every_piece_of_a_text() {
        // First characters inside and outside the Basic Multilingual Plane, ASCII, and a word that is
        // the start of another.
        let words = ["但是", "这", "的话", "的时候", "𠮟る", "ok", "没有"];
        let set = LiteralSet::new(words).unwrap();
        let text = "但は这の的時、的话と的时候に𠮟るのはokだが没有。但是";
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let mut matched = 0;
        for (i, &start) in boundaries.iter().enumerate() {
            for &end in &boundaries[i..] {
                let piece = &text[start..end];
                let expected = set.find_iter(piece).next().is_some();
                assert_eq!(set.is_match(piece), expected, "{piece}");
                matched += usize::from(expected);
            }
        }
        assert!(matched > 100, "{matched}");
        assert!(!set.is_match("但は的時、的時候に𠮟った"));
    }

    fn spans(pattern: &LinePattern, text: &str) -> Vec<(usize, usize)> {
        pattern
            .captures(text)
            .iter()
            .map(|(offset, c)| {
                let whole = c.get(0).unwrap();
                (offset + whole.start(), offset + whole.end())
            })
            .collect()
    }

    #[test]
    fn line_search_finds_what_the_whole_text_search_finds() {
        let text = "五点計画と3点计划\n計画だけ\n\n十点計画、二点計画。\n計画";
        for source in [
            "([0-9０-９]+|[一二三四五六七八九十百]+)点(?:计划|計画)",
            "特[泽澤ゼ]会[谈談]",
            r"[^。]点計画",
        ] {
            let pattern = LinePattern::new(source).unwrap();
            let whole: Vec<(usize, usize)> = pattern
                .regex
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(spans(&pattern, text), whole, "{source}");
        }
    }

    #[test]
    fn patterns_find_the_same_in_the_lines_one_search_finds_for_all() {
        let text = "五点計画と特澤会談\n計画だけ\n\n分歧\n特ゼ会谈、二点計画。3点计划\n特朗普";
        let patterns = [
            "([0-9０-９]+|[一二三四五六七八九十百]+)点(?:计划|計画)",
            "特[泽澤ゼ]会[谈談]",
        ]
        .map(|source| LinePattern::new(source).unwrap());
        let mut words = vec!["分歧", "特朗普"];
        for pattern in &patterns {
            words.extend(
                pattern
                    .required_literals()
                    .unwrap()
                    .iter()
                    .map(String::as_str),
            );
        }
        let lines = LiteralSet::new(&words).unwrap().lines_holding(text);
        let line_texts: Vec<&str> = lines.iter().map(|line| &text[line.clone()]).collect();
        assert_eq!(
            line_texts,
            [
                "五点計画と特澤会談",
                "分歧",
                "特ゼ会谈、二点計画。3点计划",
                "特朗普"
            ]
        );
        for pattern in &patterns {
            let in_lines: Vec<(usize, usize)> = pattern
                .captures_in_lines(text, &lines)
                .iter()
                .map(|(offset, c)| {
                    let whole = c.get(0).unwrap();
                    (offset + whole.start(), offset + whole.end())
                })
                .collect();
            assert_eq!(in_lines, spans(pattern, text));
            assert_eq!(
                in_lines.len(),
                3 - usize::from(pattern.regex.as_str().starts_with('特'))
            );
        }
    }

    #[test]
    fn patterns_that_can_cross_lines_or_look_around_are_searched_whole() {
        for source in [r"点\s計画", r"[^。]+計画", r"^計画", r"\b計画", "計画|.*"] {
            let pattern = LinePattern::new(source).unwrap();
            assert!(pattern.required.is_none(), "{source}");
        }
        let narrowed = LinePattern::new("([0-9]+|[一二]+)点(?:计划|計画)").unwrap();
        assert!(narrowed.required.is_some());
    }

    /// The lines of `text` holding a match, from every match in order (what `lines_holding` did
    /// before it skipped the rest of a line).
    fn lines_from_every_match(set: &LiteralSet, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
        for found in set.find_iter(text) {
            if lines.last().is_some_and(|line| found.start() <= line.end) {
                continue;
            }
            let start = text[..found.start()].rfind('\n').map_or(0, |i| i + 1);
            let end = text[found.end()..]
                .find('\n')
                .map_or(text.len(), |i| found.end() + i);
            lines.push(start..end);
        }
        lines
    }

    #[test]
    fn lines_holding_skips_the_rest_of_a_line_and_finds_what_every_match_finds() {
        let texts = [
            "的的的\n是的\n\n没有的是\n",
            "的\n的",
            "日本語だけ\nこれは的\n是",
            "的\n是\n的\n是\n",
            "的是\n没",
            "",
        ];
        let word_lists: [&[&str]; 6] = [
            &["的"],
            &["的", "是", "没有"],
            &["的\n是", "是"],
            &["\n是", "的"],
            &["", "的"],
            // A match that crosses the line's end hides a word after it from the matches in order.
            &["的", "是\n没", "没"],
        ];
        for words in word_lists {
            let set = LiteralSet::new(words).unwrap();
            for text in texts {
                assert_eq!(
                    set.lines_holding(text),
                    lines_from_every_match(&set, text),
                    "{words:?} in {text:?}"
                );
            }
        }
        let set = LiteralSet::new(["的", "是"]).unwrap();
        assert_eq!(set.lines_holding("的是的\nなし\n是"), [0..9, 17..20]);
    }

    #[test]
    fn a_match_gives_the_index_of_its_word_in_the_list() {
        let words = ["是", "没有", "的", "没有的", "的"];
        let text = "没有的是的没有";
        for listed in [&words[..], &["没有"]] {
            let set = LiteralSet::new(listed).unwrap();
            for found in set.find_iter(text) {
                let word = &text[found.range()];
                assert_eq!(
                    listed.iter().position(|w| w == &word),
                    Some(found.pattern())
                );
            }
        }
    }
}
