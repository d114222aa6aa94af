//! The view of one input that every rule shares: built once, read by all.
//!
//! Line starts are computed eagerly (every output needs them); sentences and script runs lazily, the first
//! time a rule asks, so a configuration with few rules pays only for what it uses.

use crate::enumeration::Marker;
use crate::names::katakana::{KatakanaTerm, katakana_terms};
use crate::names::lexicon::{CorpusIndex, MIN_TERM_CHARS};
use crate::scan::{self, ByteClass, Lanes};
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use unicode_script::{Script, UnicodeScript};

/// What kind of text the input is; some marks are damage in plain text but syntax in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextKind {
    #[default]
    Plain,
    Markdown,
}

impl TextKind {
    /// `.md` and `.markdown` are Markdown; everything else (including stdin) is plain text.
    pub fn from_path(path: &std::path::Path) -> TextKind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") => {
                TextKind::Markdown
            }
            _ => TextKind::Plain,
        }
    }
}

/// The script class of a run of characters, coarse on purpose: what the rules need to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunScript {
    /// Kanji, including 々 and 〇.
    Han,
    Hiragana,
    /// Katakana, with the prolonged sound mark ー.
    Katakana,
    Latin,
    /// Digits, punctuation, spaces and every other script.
    Other,
}

/// A maximal stretch of one [`RunScript`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRun {
    pub span: Range<usize>,
    pub script: RunScript,
}

/// Classify one character. ー (Common in Unicode) joins katakana; the iteration mark 々 is Han already.
///
/// Every rule calls this for every character, so the ranges Japanese text is made of are decided here
/// directly; only other characters go to the Unicode tables (`script_of_slow`, which agrees on all).
#[inline]
pub fn run_script_of(c: char) -> RunScript {
    let code = c as u32;
    if code < 0x80 {
        return if c.is_ascii_alphabetic() {
            RunScript::Latin
        } else {
            RunScript::Other
        };
    }
    match code {
        0x3041..=0x3096 | 0x309D..=0x309F => RunScript::Hiragana,
        0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF6F | 0xFF70..=0xFF9D => {
            RunScript::Katakana
        }
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3005 | 0x3007 => RunScript::Han,
        0x3000..=0x3004 | 0x3008..=0x3020 | 0x30FB | 0xFF01..=0xFF20 | 0xFF3B..=0xFF40 => {
            RunScript::Other
        }
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => RunScript::Latin,
        _ => script_of_slow(c),
    }
}

/// The classification from the Unicode script tables.
pub fn script_of_slow(c: char) -> RunScript {
    if c == 'ー' || c == 'ｰ' {
        return RunScript::Katakana;
    }
    match c.script() {
        Script::Han => RunScript::Han,
        Script::Hiragana => RunScript::Hiragana,
        Script::Katakana => RunScript::Katakana,
        Script::Latin => RunScript::Latin,
        _ => RunScript::Other,
    }
}

/// `text.trim()`, with the common case (no white space at either end) told from the end bytes alone:
/// rules trim the same lines and sentences many times over, and white space at their ends is rare.
/// White space outside ASCII starts with C2, E1, E2 or E3 80 80 (U+3000); any other lead byte, or a
/// visible ASCII character, settles it. Without branches: kana and kanji alternate at line ends.
#[inline]
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let &[first, second, third, ..] = bytes else {
        return text.trim();
    };
    let &[.., lead, before_last, last] = bytes else {
        return text.trim();
    };
    let visible_ascii = |byte: u8| byte.wrapping_sub(0x21) < 0x5F;
    let not_ideographic_space = |a: u8, b: u8| (a != 0x80) | (b != 0x80);
    let visible_first = visible_ascii(first)
        | (first.wrapping_sub(0xC3) < 0x1E)
        | (first >= 0xE4)
        | ((first == 0xE3) & not_ideographic_space(second, third));
    // When the third byte from the end leads a character, the last character is that one.
    let visible_last = visible_ascii(last)
        | (lead.wrapping_sub(0xE4) < 0x0C)
        | ((lead == 0xE3) & not_ideographic_space(before_last, last));
    if visible_first & visible_last {
        text
    } else {
        text.trim()
    }
}

/// Whether `text` has more than `limit` characters, told from its length in bytes when that settles it
/// (a character takes one to four bytes): most lines asked about are far longer or far shorter.
#[inline]
pub fn has_more_chars_than(text: &str, limit: usize) -> bool {
    text.len() > 4 * limit || (text.len() > limit && text.chars().count() > limit)
}

/// Whether a line stops in the middle of a sentence: it ends with `、` or with a particle that cannot
/// close a sentence (は が を で と も), so the next line goes on with the same sentence.
pub fn ends_mid_sentence(line: &str) -> bool {
    let line = line.trim_end();
    has_more_chars_than(line, 5) && line.ends_with(['、', 'は', 'が', 'を', 'で', 'と', 'も'])
}

/// One input, with the indexes rules share.
#[derive(Debug)]
pub struct Document<'a> {
    pub text: &'a str,
    pub kind: TextKind,
    line_starts: Vec<usize>,
    sentences: OnceLock<Vec<Range<usize>>>,
    script_runs: OnceLock<Vec<ScriptRun>>,
    katakana_terms: OnceLock<Vec<KatakanaTerm>>,
    /// Where each `。` starts, as [`scan::starts`] bits: three rules ask which lines hold one, or
    /// where each is.
    full_stops: OnceLock<Vec<u64>>,
    /// The variant key of each distinct katakana spelling, and each term's spelling number (a name
    /// recurs through an article, and three rules ask for its key).
    katakana_keys: OnceLock<(Vec<String>, Vec<u32>)>,
    /// The characters before each block of [`CHAR_INDEX_BLOCK`] bytes, built when a column far into a
    /// long line is asked for: counting from the line start would make every finding on a 10 MB line
    /// cost the whole line (and findings overlap and point back, so a forward-only cursor does not help).
    block_char_counts: OnceLock<Vec<usize>>,
    /// The gazetteer's spelling of each distinct katakana spelling, by number: filled by
    /// `Gazetteer::term_spelling` for the rules that ask.
    pub(crate) known_spellings: OnceLock<Vec<Option<u32>>>,
    /// This document's own katakana counts, for name rules when no corpus lexicon is given.
    pub(crate) own_corpus: OnceLock<Arc<CorpusIndex>>,
    /// The enumerations, which both numbering rules read.
    enumerations: OnceLock<Vec<Vec<Marker>>>,
    /// Whether each line is a dateline or section label: filled by `rules::boilerplate::label_lines`
    /// for the two rules and the title search that ask.
    pub(crate) label_lines: OnceLock<Vec<bool>>,
    /// Whether each line is in another script: filled by `rules::foreign_text::foreign_lines` for
    /// foreign-block, page-furniture and the title search.
    pub(crate) foreign_lines: OnceLock<Vec<bool>>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str, kind: TextKind) -> Document<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Document {
            text,
            kind,
            line_starts,
            sentences: OnceLock::new(),
            script_runs: OnceLock::new(),
            katakana_terms: OnceLock::new(),
            full_stops: OnceLock::new(),
            katakana_keys: OnceLock::new(),
            own_corpus: OnceLock::new(),
            known_spellings: OnceLock::new(),
            block_char_counts: OnceLock::new(),
            enumerations: OnceLock::new(),
            label_lines: OnceLock::new(),
            foreign_lines: OnceLock::new(),
        }
    }

    /// Byte offsets where each line starts; the first is 0.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The lines as byte spans, without their line break (`\n` or `\r\n`).
    ///
    /// Its length is known (every index has a line), so the rules' per-line vectors collected from it
    /// are allocated once instead of grown.
    pub fn line_spans(&self) -> impl ExactSizeIterator<Item = Range<usize>> + '_ {
        (0..self.line_starts.len()).map(|index| self.span_of_line(index))
    }

    /// Line `index` as a byte span without its line break.
    pub fn line_span(&self, index: usize) -> Option<Range<usize>> {
        (index < self.line_starts.len()).then(|| self.span_of_line(index))
    }

    /// The span of line `index`, which exists.
    fn span_of_line(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let mut end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Whether line `index` holds only white space (or does not exist).
    pub fn is_blank_line(&self, index: usize) -> bool {
        self.line_span(index)
            .is_none_or(|span| trim(&self.text[span]).is_empty())
    }

    /// The span that removes lines `first..=last` whole: their line breaks go with them, and the blank
    /// lines around them are collapsed so that paragraphs keep one blank line between them and the text
    /// neither starts nor ends with blank lines.
    pub fn lines_removal_span(&self, first: usize, last: usize) -> Range<usize> {
        let line_count = self.line_starts.len();
        let start_of = |index: usize| {
            self.line_starts
                .get(index)
                .copied()
                .unwrap_or(self.text.len())
        };
        let mut start = start_of(first);
        let mut end = start_of(last + 1);
        if (last + 1..line_count).all(|index| self.is_blank_line(index)) {
            // Up to the end: take the blank lines before too, keeping the previous line's break.
            let mut kept = first;
            while kept > 0 && self.is_blank_line(kept - 1) {
                kept -= 1;
            }
            if kept > 0 {
                start = start_of(kept);
            }
            return start..self.text.len();
        }
        let blank_before = first == 0 || self.is_blank_line(first - 1);
        let mut next = last + 1;
        if blank_before {
            // Between blank lines (or at the start): the blank lines after go too.
            while next < line_count && self.is_blank_line(next) && start_of(next) < self.text.len()
            {
                next += 1;
                end = start_of(next);
                if first > 0 {
                    break;
                }
            }
        }
        if first == 0 {
            start = 0;
        }
        start..end
    }

    /// The line (0-based) that holds byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// 1-based line and 1-based column in characters of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_index(offset);
        let line_start = self.line_starts[line];
        let column = if offset - line_start <= CHAR_INDEX_BLOCK {
            count_chars(&self.text.as_bytes()[line_start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        };
        (line + 1, column + 1)
    }

    /// A cursor for [`Document::line_column`] over offsets asked for in increasing order.
    pub fn line_columns(&self) -> LineColumns<'_> {
        LineColumns {
            document: self,
            last: None,
        }
    }

    /// The characters before byte `offset`, counting at most one block.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let counts = self.block_char_counts.get_or_init(|| {
            let mut counts = Vec::with_capacity(bytes.len() / CHAR_INDEX_BLOCK + 2);
            let mut total = 0;
            for block in bytes.chunks(CHAR_INDEX_BLOCK) {
                counts.push(total);
                total += count_chars(block);
            }
            counts.push(total);
            counts
        });
        let block = offset / CHAR_INDEX_BLOCK;
        counts[block] + count_chars(&bytes[block * CHAR_INDEX_BLOCK..offset])
    }

    /// Character offset of byte `offset` from the start of the text.
    pub fn char_offset(&self, offset: usize) -> usize {
        self.text[..offset].chars().count()
    }

    /// Byte offset of the `char_index`-th character (the text length if past the end).
    pub fn byte_offset(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Sentences as byte spans, trimmed of surrounding white space. A sentence ends after 。！？!? (and any
    /// terminators or closing brackets right after it) outside brackets, or at a line break whatever the
    /// nesting, so an unbalanced bracket cannot swallow the rest of an article.
    pub fn sentences(&self) -> &[Range<usize>] {
        self.sentences.get_or_init(|| split_sentences(self.text))
    }

    /// Maximal runs of one script class, covering the whole text.
    pub fn script_runs(&self) -> &[ScriptRun] {
        self.script_runs
            .get_or_init(|| split_script_runs(self.text))
    }

    /// The item markers ((一), 2., 第三に, 4つ目) grouped into lists, in order of each list's first item.
    pub fn enumerations(&self) -> &[Vec<Marker>] {
        self.enumerations
            .get_or_init(|| crate::enumeration::enumerations(self))
    }

    /// Where each `。` starts: bit `i % 64` of word `i / 64` for byte `i` (see [`scan::each_set`]).
    pub fn full_stops(&self) -> &[u64] {
        self.full_stops
            .get_or_init(|| scan::starts::<FullStopBytes>(self.text.as_bytes()))
    }

    /// Whether the text in `span` holds a `。`. (`str::contains` searches for its first and last
    /// bytes, E3 and 82, which most kana and kanji share, so it stopped at nearly every character.)
    pub fn holds_full_stop(&self, span: Range<usize>) -> bool {
        scan::count_in(self.full_stops(), span) != 0
    }

    /// Katakana words (two characters or more), names split at ・ ＝ =.
    pub fn katakana_terms(&self) -> &[KatakanaTerm] {
        self.katakana_terms
            .get_or_init(|| katakana_terms(self.text, MIN_TERM_CHARS))
    }

    /// The variant key ([`crate::names::key::variant_key`]) of the katakana term at `index` in
    /// [`Document::katakana_terms`], computed once per distinct spelling.
    pub fn katakana_key(&self, index: usize) -> &str {
        let (keys, spelling_of_term) = self.katakana_keys();
        &keys[spelling_of_term[index] as usize]
    }

    /// For each katakana term, the number of its spelling among the document's distinct spellings,
    /// numbered in the order they first appear: a term is its spelling's first occurrence when its
    /// number is the count of spellings seen before it. Rules that decide per spelling look their
    /// answers up by it instead of hashing the spelling at every occurrence.
    pub fn katakana_spelling_numbers(&self) -> &[u32] {
        &self.katakana_keys().1
    }

    /// The first term of each distinct katakana spelling, in the order of their numbers
    /// ([`Document::katakana_spelling_numbers`]).
    pub fn katakana_first_terms(&self) -> impl Iterator<Item = &KatakanaTerm> {
        let mut seen = 0;
        self.katakana_terms()
            .iter()
            .zip(self.katakana_spelling_numbers())
            .filter_map(move |(term, &number)| {
                let first = number == seen;
                seen += u32::from(first);
                first.then_some(term)
            })
    }

    /// How many distinct katakana spellings the document has: one past the largest spelling number.
    pub fn katakana_spelling_count(&self) -> usize {
        self.katakana_keys().0.len()
    }

    fn katakana_keys(&self) -> &(Vec<String>, Vec<u32>) {
        self.katakana_keys.get_or_init(|| {
            let terms = self.katakana_terms();
            // Sized for every term at once, not grown term by term.
            let mut seen: rustc_hash::FxHashMap<&str, u32> =
                rustc_hash::FxHashMap::with_capacity_and_hasher(terms.len(), Default::default());
            let mut keys = Vec::with_capacity(terms.len());
            let mut spelling_of_term = Vec::with_capacity(terms.len());
            for term in terms {
                let spelling = &self.text[term.span.clone()];
                let number = *seen.entry(spelling).or_insert_with(|| {
                    keys.push(crate::names::key::variant_key(spelling));
                    (keys.len() - 1) as u32
                });
                spelling_of_term.push(number);
            }
            (keys, spelling_of_term)
        })
    }

    /// The character just before byte `offset`, if any.
    pub fn char_before(&self, offset: usize) -> Option<char> {
        self.text[..offset].chars().next_back()
    }

    /// The character starting at byte `offset`, if any.
    pub fn char_at(&self, offset: usize) -> Option<char> {
        self.text[offset..].chars().next()
    }
}

/// The code point of the three-byte UTF-8 character at the start of `bytes` (lead byte E0–EF), for the
/// byte scans that skip most characters without decoding them.
#[inline]
pub fn three_byte_code(bytes: &[u8]) -> u32 {
    (u32::from(bytes[0] & 0x0F) << 12)
        | (u32::from(bytes[1] & 0x3F) << 6)
        | u32::from(bytes[2] & 0x3F)
}

/// Bytes per block of [`Document`]'s character index.
const CHAR_INDEX_BLOCK: usize = 4096;

/// [`Document::line_column`] for offsets asked for mostly in increasing order, as findings sorted by
/// position are: an offset on the line of the one before counts on from it, instead of searching the
/// lines and counting from the line start. An offset before the last one is looked up afresh.
pub struct LineColumns<'d> {
    document: &'d Document<'d>,
    /// The last offset asked for, and its 1-based line and column.
    last: Option<(usize, usize, usize)>,
}

impl LineColumns<'_> {
    /// 1-based line and 1-based column in characters of byte `offset`.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let (line, column) = match self.last {
            // `line_starts[line]` is where the line after the 1-based `line` starts.
            Some((last_offset, line, column))
                if last_offset <= offset
                    && self
                        .document
                        .line_starts
                        .get(line)
                        .is_none_or(|&next| offset < next) =>
            {
                let bytes = &self.document.text.as_bytes()[last_offset..offset];
                (line, column + count_chars(bytes))
            }
            _ => self.document.line_column(offset),
        };
        self.last = Some((offset, line, column));
        (line, column)
    }
}

/// The characters in a slice of UTF-8: its bytes that do not continue a character. Counts the same
/// whether or not the slice's ends fall on character boundaries, so blocks can be cut anywhere.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count()
}

#[derive(Clone, Copy, PartialEq)]
enum SentenceMark {
    LineBreak,
    Opening,
    Closing,
    End,
}

/// `。` (E3 80 82), found a vector of bytes at once.
struct FullStopBytes;

impl ByteClass for FullStopBytes {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        bytes[at..].starts_with("。".as_bytes())
    }

    #[inline(always)]
    fn members<L: Lanes>(first: L, second: L, third: L) -> L {
        first
            .equal(0xE3)
            .and(second.equal(0x80).and(third.equal(0x82)))
    }
}

/// The characters that matter to sentences (line breaks, `。！？!?`, brackets) by their UTF-8 bytes:
/// `\n ! ( ) ?`, E2 80 9C–9D (“ ”), E3 80 82 (。) and 8C–8F (「」『』), EF BC 81 (！), 88–89 (（）)
/// and 9F (？). Found for the whole text a vector of bytes at once: a walk over every character
/// mispredicted at each change between kana, kanji and ASCII.
struct SentenceMarkBytes;

impl ByteClass for SentenceMarkBytes {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        match bytes[at] {
            lead @ 0x00..=0x7F => sentence_mark(char::from(lead)).is_some(),
            0xE2 | 0xE3 | 0xEF => bytes.get(at..at + 3).is_some_and(|char_bytes| {
                char::from_u32(three_byte_code(char_bytes))
                    .and_then(sentence_mark)
                    .is_some()
            }),
            _ => false,
        }
    }

    #[inline(always)]
    fn members<L: Lanes>(first: L, second: L, third: L) -> L {
        let ascii = (first.equal(b'\n').or(first.equal(b'!')))
            .or(first.within(b'(', b')').or(first.equal(b'?')));
        let quotes = (first.equal(0xE2).and(second.equal(0x80))).and(third.within(0x9C, 0x9D));
        let cjk = (first.equal(0xE3).and(second.equal(0x80)))
            .and(third.equal(0x82).or(third.within(0x8C, 0x8F)));
        let full_width = (first.equal(0xEF).and(second.equal(0xBC)))
            .and((third.equal(0x81).or(third.within(0x88, 0x89))).or(third.equal(0x9F)));
        (ascii.or(quotes)).or(cjk.or(full_width))
    }
}

/// Each sentence mark of a text with its byte span, in order, from the marks' places (`starts`, as
/// [`scan::starts`] finds them for [`SentenceMarkBytes`]).
fn sentence_marks(
    text: &str,
    starts: Vec<u64>,
) -> impl Iterator<Item = (usize, usize, SentenceMark)> + '_ {
    let bytes = text.as_bytes();
    scan::each_start(starts).map(move |at| {
        let (c, length) = match bytes[at] {
            lead @ 0x00..=0x7F => (char::from(lead), 1),
            _ => (
                char::from_u32(three_byte_code(&bytes[at..])).expect("a mark"),
                3,
            ),
        };
        (at, at + length, sentence_mark(c).expect("a mark"))
    })
}

/// What a character does to sentences, if anything.
fn sentence_mark(c: char) -> Option<SentenceMark> {
    match c {
        '\n' => Some(SentenceMark::LineBreak),
        '「' | '『' | '（' | '(' | '“' => Some(SentenceMark::Opening),
        '」' | '』' | '）' | ')' | '”' => Some(SentenceMark::Closing),
        '。' | '！' | '？' | '!' | '?' => Some(SentenceMark::End),
        _ => None,
    }
}

/// Sentences end at `。！？!?` outside brackets and at line breaks. Only those marks and the brackets
/// matter, so [`SentenceMarkBytes`] finds them a vector of bytes at a time instead of decoding every
/// character.
fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let starts = scan::starts::<SentenceMarkBytes>(text.as_bytes());
    // A sentence ends at a mark or at the end: sized once, where growing it reallocated it a few
    // times in every document.
    let mut sentences = Vec::with_capacity(scan::count_in(&starts, 0..text.len()) + 1);
    let mut push = |start: usize, end: usize| {
        let untrimmed = &text[start..end];
        let trimmed = trim(untrimmed);
        if !trimmed.is_empty() {
            // `trimmed` lies inside `untrimmed`: its address gives its place.
            let offset = start + (trimmed.as_ptr() as usize - untrimmed.as_ptr() as usize);
            sentences.push(offset..offset + trimmed.len());
        }
    };
    let mut start = 0;
    let mut depth: usize = 0;
    let mut marks = sentence_marks(text, starts).peekable();
    while let Some((mark_start, mark_end, mark)) = marks.next() {
        match mark {
            SentenceMark::LineBreak => {
                push(start, mark_start);
                start = mark_end;
                depth = 0;
            }
            SentenceMark::Opening => depth += 1,
            SentenceMark::Closing => depth = depth.saturating_sub(1),
            SentenceMark::End if depth == 0 => {
                let mut end = mark_end;
                // Keep 。。 or ！？ or a closing bracket that belongs to this sentence with it.
                while let Some(&(next_start, next_end, next)) = marks.peek() {
                    if next_start == end
                        && matches!(next, SentenceMark::End | SentenceMark::Closing)
                    {
                        end = next_end;
                        marks.next();
                    } else {
                        break;
                    }
                }
                push(start, end);
                start = end;
            }
            SentenceMark::End => {}
        }
    }
    push(start, text.len());
    sentences
}

fn split_script_runs(text: &str) -> Vec<ScriptRun> {
    let mut runs: Vec<ScriptRun> = Vec::new();
    for (i, c) in text.char_indices() {
        let script = run_script_of(c);
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(run) if run.script == script => run.span.end = end,
            _ => runs.push(ScriptRun {
                span: i..end,
                script,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor must answer as `line_column` for offsets in order, repeated, and going back.
    #[test]
    fn the_line_column_cursor_agrees_with_line_column() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push(format!("一行目\r\n\r\n{}\n", "長い行、a😀é。".repeat(1000)));
        for text in &texts {
            let doc = Document::new(text, TextKind::Plain);
            let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(3).collect();
            offsets.push(text.len());
            // Each offset twice, then a step back now and then, as overlapping findings do.
            let mut asked = Vec::new();
            for (index, &offset) in offsets.iter().enumerate() {
                asked.extend([offset, offset]);
                if index % 5 == 4 {
                    asked.push(offsets[index - 3]);
                }
            }
            let mut cursor = doc.line_columns();
            for offset in asked {
                assert_eq!(cursor.at(offset), doc.line_column(offset), "{offset}");
            }
        }
    }

    #[test]
    fn columns_far_into_a_long_line_agree_with_counting_from_the_line_start() {
        let line = "ウィトコフ氏は、a😀é。".repeat(2000);
        let text = format!("一行目\n{line}\n三行目");
        let doc = Document::new(&text, TextKind::Plain);
        let second_line = text.find('\n').unwrap() + 1;
        // Backwards, so no answer can lean on the one before it.
        for (offset, _) in text.char_indices().rev().step_by(7) {
            let line_number = text[..offset].matches('\n').count() + 1;
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(doc.line_column(offset), (line_number, column), "{offset}");
        }
        assert_eq!(doc.line_column(text.len()), (3, 4));
        assert!(line.len() > 8 * CHAR_INDEX_BLOCK && second_line == 10);
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        let doc = Document::new(text, TextKind::Plain);
        doc.sentences().iter().map(|s| &text[s.clone()]).collect()
    }

    #[test]
    fn sentences_end_at_terminators_and_line_breaks() {
        assert_eq!(
            sentence_texts("今日は晴れ。明日は雨？\n見出し\n  本文です!"),
            vec!["今日は晴れ。", "明日は雨？", "見出し", "本文です!"]
        );
    }

    #[test]
    fn sentences_respect_quote_nesting() {
        assert_eq!(
            sentence_texts("彼は「行く。必ず行く。」と言った。次だ。"),
            vec!["彼は「行く。必ず行く。」と言った。", "次だ。"]
        );
    }

    /// Every mark, wide and ASCII, next to characters of one, two, three and four bytes.
    #[test]
    fn sentences_see_every_mark_between_characters_of_any_width() {
        assert_eq!(
            sentence_texts("é(注。)続く！？“引用。”終わり𠮷。（括弧。）次\r\n行"),
            vec![
                "é(注。)続く！？",
                "“引用。”終わり𠮷。",
                "（括弧。）次",
                "行"
            ]
        );
        assert_eq!(
            sentence_texts("『題。』と書いた!?次。」余り"),
            vec!["『題。』と書いた!?", "次。」", "余り"]
        );
    }

    #[test]
    fn the_char_count_bound_agrees_with_counting() {
        let mut texts: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        for c in ['a', 'é', 'あ', '😀'] {
            texts.extend((0..50).map(|n| c.to_string().repeat(n)));
        }
        for text in &texts {
            for limit in 0..50 {
                let counted = text.chars().count() > limit;
                assert_eq!(has_more_chars_than(text, limit), counted, "{text} {limit}");
            }
        }
    }

    /// The end-byte shortcut must trim exactly as `str::trim`: every character at either end (all of
    /// the BMP and some beyond), next to kana, kanji and ASCII, and the lines of the reference texts.
    #[test]
    fn trim_agrees_with_the_standard_trim() {
        let mut texts: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        let ends = (0..=0xFFFF)
            .chain([0x1F600, 0x20BB7])
            .filter_map(char::from_u32);
        for c in ends {
            for inner in ["", "a", "あ", "漢字", "x　y"] {
                texts.extend([
                    format!("{c}{inner}"),
                    format!("{inner}{c}"),
                    format!("{c}{inner}{c}"),
                ]);
            }
        }
        for text in &texts {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    /// `。` among the characters that share two of its bytes, and the full stops of each line as
    /// `str::contains` finds them.
    #[test]
    fn full_stops_are_found_by_vectors_as_one_at_a_time() {
        let neighbours: String = ('\u{3000}'..='\u{30FF}')
            .chain(['\u{4082}', '\u{5082}', '\u{8002}', 'a', '。'])
            .collect();
        crate::scan::assert_class::<FullStopBytes>(&neighbours, |c| c == '。');
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push(neighbours);
        for text in &texts {
            let document = Document::new(text, TextKind::Plain);
            for span in document.line_spans() {
                assert_eq!(
                    document.holds_full_stop(span.clone()),
                    text[span].contains('。')
                );
            }
            let stops: Vec<usize> = text.match_indices('。').map(|(at, _)| at).collect();
            assert_eq!(
                crate::scan::each_set(document.full_stops()).collect::<Vec<_>>(),
                stops
            );
        }
    }

    /// The marks among their byte neighbours (、 is E3 80 81, ＂ is EF BC 82, ‛ is E2 80 9B) and ASCII.
    #[test]
    fn sentence_marks_are_found_by_vectors_as_one_at_a_time() {
        let marks_and_neighbours: String = ('\u{2018}'..='\u{2020}')
            .chain('\u{3000}'..='\u{3012}')
            .chain('\u{FF00}'..='\u{FF20}')
            .chain('\0'..='\u{7F}')
            .chain(['é', '𠮷', '語'])
            .collect();
        crate::scan::assert_class::<SentenceMarkBytes>(&marks_and_neighbours, |c| {
            sentence_mark(c).is_some()
        });
    }

    #[test]
    fn doubled_terminators_stay_with_their_sentence() {
        assert_eq!(
            sentence_texts("派遣した。。団長は"),
            vec!["派遣した。。", "団長は"]
        );
    }

    #[test]
    fn unbalanced_bracket_stops_at_line_break() {
        assert_eq!(
            sentence_texts("「閉じない。まま\n次の行。"),
            vec!["「閉じない。まま", "次の行。"]
        );
    }

    #[test]
    fn script_runs_join_prolonged_sound_mark_to_katakana() {
        let text = "ミリタリーの国家AI2";
        let doc = Document::new(text, TextKind::Plain);
        let runs: Vec<(&str, RunScript)> = doc
            .script_runs()
            .iter()
            .map(|r| (&text[r.span.clone()], r.script))
            .collect();
        assert_eq!(
            runs,
            vec![
                ("ミリタリー", RunScript::Katakana),
                ("の", RunScript::Hiragana),
                ("国家", RunScript::Han),
                ("AI", RunScript::Latin),
                ("2", RunScript::Other),
            ]
        );
    }

    #[test]
    fn the_fast_classifier_agrees_with_the_unicode_tables_everywhere() {
        for code in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(run_script_of(c), script_of_slow(c), "U+{code:04X} {c}");
            }
        }
    }

    /// Equal spellings share a number, numbers count up as spellings first appear, and each term's key
    /// is its own spelling's.
    #[test]
    fn katakana_spellings_are_numbered_in_order_of_appearance() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push("キエフとキーウ、キエフ。ウィトコフ・ヴィトコフ、キーウ".into());
        for text in &texts {
            let document = Document::new(text, TextKind::Plain);
            let terms = document.katakana_terms();
            let numbers = document.katakana_spelling_numbers();
            assert_eq!(numbers.len(), terms.len());
            let mut spellings: Vec<&str> = Vec::new();
            for (index, (term, &number)) in terms.iter().zip(numbers).enumerate() {
                let spelling = &text[term.span.clone()];
                let expected = spellings
                    .iter()
                    .position(|&s| s == spelling)
                    .unwrap_or_else(|| {
                        spellings.push(spelling);
                        spellings.len() - 1
                    });
                assert_eq!(number as usize, expected, "{spelling}");
                assert_eq!(
                    document.katakana_key(index),
                    crate::names::key::variant_key(spelling)
                );
            }
            assert_eq!(document.katakana_spelling_count(), spellings.len());
        }
    }

    #[test]
    fn offsets_convert_between_bytes_chars_and_line_columns() {
        let text = "一行目\r\n二行目。x";
        let doc = Document::new(text, TextKind::Plain);
        let x = text.find('x').unwrap();
        assert_eq!(doc.line_column(x), (2, 5));
        assert_eq!(doc.char_offset(x), 9);
        assert_eq!(doc.byte_offset(9), x);
        assert_eq!(
            doc.line_spans().map(|s| &text[s]).collect::<Vec<_>>(),
            vec!["一行目", "二行目。x"]
        );
    }
}
