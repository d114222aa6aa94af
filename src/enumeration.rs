//! Enumerations: the item markers of a document ((一), 2., 第三に, 4つ目) grouped into lists, and the
//! numeral systems they are written in. Computed once per document ([`Document::enumerations`]); the
//! numbering rules read them.

use crate::document::Document;
use std::ops::Range;
use std::sync::LazyLock;

/// How an item number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NumeralSystem {
    Kanji,
    Ascii,
    FullWidth,
}

impl NumeralSystem {
    /// `value` written in this system.
    pub fn write(self, value: u32) -> String {
        match self {
            NumeralSystem::Ascii => value.to_string(),
            NumeralSystem::FullWidth => value
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            NumeralSystem::Kanji => kanji_numeral(value),
        }
    }
}

const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn kanji_numeral(value: u32) -> String {
    let (tens, ones) = (value / 10, value % 10);
    let mut out = String::new();
    if tens > 1 {
        out.push(KANJI_DIGITS[tens as usize]);
    }
    if tens > 0 {
        out.push('十');
    }
    if ones > 0 || value == 0 {
        out.push(KANJI_DIGITS[ones as usize]);
    }
    out
}

/// The value and system of an item number (一 to 九十九, or digits).
fn parse_numeral(numeral: &str) -> Option<(u32, NumeralSystem)> {
    if numeral.chars().all(|c| c.is_ascii_digit()) {
        return Some((numeral.parse().ok()?, NumeralSystem::Ascii));
    }
    if numeral.chars().all(|c| ('０'..='９').contains(&c)) {
        let ascii: String = numeral
            .chars()
            .map(|c| char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c))
            .collect();
        return Some((ascii.parse().ok()?, NumeralSystem::FullWidth));
    }
    let digit = |c: char| KANJI_DIGITS.iter().position(|&d| d == c).map(|d| d as u32);
    let chars: Vec<char> = numeral.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        [one] => digit(*one)?,
        ['十', one] => 10 + digit(*one)?,
        [ten, '十'] => digit(*ten)? * 10,
        [ten, '十', one] => digit(*ten)? * 10 + digit(*one)?,
        _ => return None,
    };
    (value > 0).then_some((value, NumeralSystem::Kanji))
}

/// A kind of enumeration marker; items of one kind form one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    /// (一) (2) at a line start.
    Parenthesised,
    /// 一、 2. at a line start.
    LineNumber,
    /// 第一に, 第2に.
    Ordinal,
    /// 一つ目, 2つ目.
    Counted,
}

/// One enumeration marker: where its numeral is, its value and numeral system.
#[derive(Debug, Clone)]
pub struct Marker {
    pub kind: MarkerKind,
    pub numeral_span: Range<usize>,
    pub value: u32,
    pub system: NumeralSystem,
}

/// `つ目` and `第`, each searched for once per document: built once, not per search.
static COUNTED_SUFFIX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("つ目"));
static ORDINAL_PREFIX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("第"));

/// The kinds of characters an item number is written in, and how many of them it may have.
fn numeral_kind(c: char) -> Option<(NumeralSystem, usize)> {
    match c {
        '0'..='9' => Some((NumeralSystem::Ascii, 2)),
        '０'..='９' => Some((NumeralSystem::FullWidth, 2)),
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            Some((NumeralSystem::Kanji, 3))
        }
        _ => None,
    }
}

/// The byte length of the item number `text` starts with: one to three of 一…十, or one or two ASCII
/// digits, or one or two full-width ones, all of one kind, and the character after it (if any) not
/// of that kind. This is the pattern `([一二三四五六七八九十]{1,3}|[0-9]{1,2}|[０-９]{1,2})` followed by
/// a character outside the number (every marker has one), read by hand: the markers are looked for
/// on every line of every document, and with the regexes the numbering rules cost 25 M instructions
/// on 5 MB of small clean articles (15 M read by hand), besides compiling them at every start.
fn numeral_length(text: &str) -> Option<usize> {
    let (system, most) = numeral_kind(text.chars().next()?)?;
    let (mut count, mut length) = (0, 0);
    for c in text.chars() {
        if numeral_kind(c).is_none_or(|(kind, _)| kind != system) {
            break;
        }
        count += 1;
        if count > most {
            return None;
        }
        length += c.len_utf8();
    }
    Some(length)
}

/// The numeral of a marker at the start of a line, and the marker's kind: (一) or 2), or 一、 2. ３．
/// followed by something other than a digit.
fn line_start_marker(line: &str) -> Option<(MarkerKind, Range<usize>)> {
    if let Some(inside) = line.strip_prefix(['(', '（']) {
        let start = line.len() - inside.len();
        let length = numeral_length(inside)?;
        return inside[length..]
            .starts_with([')', '）'])
            .then_some((MarkerKind::Parenthesised, start..start + length));
    }
    let length = numeral_length(line)?;
    let after = line[length..].strip_prefix(['、', '．', '.'])?;
    let next = after.chars().next()?;
    (!matches!(next, '0'..='9' | '０'..='９')).then_some((MarkerKind::LineNumber, 0..length))
}

/// The numerals of 第一に, 第2に: each 第, and the numeral and the に after it.
fn ordinal_numerals(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    ORDINAL_PREFIX.find_iter(text.as_bytes()).filter_map(|at| {
        let start = at + '第'.len_utf8();
        let length = numeral_length(&text[start..])?;
        text[start + length..]
            .starts_with('に')
            .then_some(start..start + length)
    })
}

/// Every marker of the document with its kind, in text order within each kind.
fn markers(document: &Document) -> Vec<(MarkerKind, Range<usize>)> {
    let text = document.text;
    let mut found = Vec::new();
    for span in document.line_spans() {
        if let Some((kind, numeral)) = line_start_marker(&text[span.clone()]) {
            found.push((kind, span.start + numeral.start..span.start + numeral.end));
        }
    }
    found.extend(ordinal_numerals(text).map(|numeral| (MarkerKind::Ordinal, numeral)));
    // 一つ目, 2つ目: find つ目, then read the numeral backwards.
    for at in COUNTED_SUFFIX.find_iter(text.as_bytes()) {
        let numeral_start = text[..at]
            .char_indices()
            .rev()
            .take(3)
            .take_while(|&(_, c)| numeral_kind(c).is_some())
            .last()
            .map(|(i, _)| i);
        if let Some(start) = numeral_start {
            found.push((MarkerKind::Counted, start..at));
        }
    }
    found
}

/// The document's enumerations: markers of one kind in text order, a new list starting at each 1.
/// Read through [`Document::enumerations`], which keeps them for every rule that asks.
pub(crate) fn enumerations(document: &Document) -> Vec<Vec<Marker>> {
    let all = markers(document);
    let mut lists = Vec::new();
    for kind in [
        MarkerKind::Parenthesised,
        MarkerKind::LineNumber,
        MarkerKind::Ordinal,
        MarkerKind::Counted,
    ] {
        let mut current: Vec<Marker> = Vec::new();
        for (_, span) in all.iter().filter(|(k, _)| *k == kind) {
            let Some((value, system)) = parse_numeral(&document.text[span.clone()]) else {
                continue;
            };
            if value == 1 && !current.is_empty() {
                lists.push(std::mem::take(&mut current));
            }
            current.push(Marker {
                kind,
                numeral_span: span.clone(),
                value,
                system,
            });
        }
        if !current.is_empty() {
            lists.push(current);
        }
    }
    lists.sort_by_key(|list| list[0].numeral_span.start);
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The markers read by hand are the patterns' matches, their numerals the patterns' group 1: on
    /// every line of the seeds and fixtures, on markers of every kind, and on every line of up to four
    /// characters from brackets, numerals of each kind, separators and others.
    #[test]
    fn markers_read_by_hand_are_the_patterns_matches() {
        const NUMERAL: &str = "([一二三四五六七八九十]{1,3}|[0-9]{1,2}|[０-９]{1,2})";
        let patterns = [
            (MarkerKind::Parenthesised, format!(r"^[(（]{NUMERAL}[)）]")),
            (
                MarkerKind::LineNumber,
                format!(r"^{NUMERAL}[、．.][^0-9０-９]"),
            ),
        ]
        .map(|(kind, pattern)| (kind, Regex::new(&pattern).unwrap()));
        let ordinal = Regex::new(&format!("第{NUMERAL}に")).unwrap();
        let by_patterns = |line: &str| {
            patterns.iter().find_map(|(kind, regex)| {
                regex
                    .captures(line)
                    .map(|captures| (*kind, captures.get(1).unwrap().range()))
            })
        };

        let mut lines = crate::files::reference_lines(&["seeds", "fixtures"]);
        lines.extend(
            [
                "(一)",
                "（十二）さらに",
                "(3)",
                "（１２）",
                "一、まず",
                "12.x",
                "３．第",
                "十、",
                "二．あ",
                "1. A",
                "九十九、終わり",
                "(123)",
                "1、2",
                "（一)",
                "第三に",
                "第12に",
                "第１２に",
                "第百に",
                "第一二三四に",
                "第1２に",
                "第二にと第三に",
            ]
            .map(str::to_string),
        );
        let alphabet = [
            '(', '）', '一', '十', '1', '2', '１', '、', '.', '第', 'に', 'あ',
        ];
        lines.extend(crate::rules::test_support::every_text(&alphabet, 4));

        let (mut line_markers, mut ordinals) = (0, 0);
        for line in &lines {
            let expected = by_patterns(line);
            assert_eq!(line_start_marker(line), expected, "{line}");
            line_markers += usize::from(expected.is_some());
            let expected: Vec<Range<usize>> = ordinal
                .captures_iter(line)
                .map(|captures| captures.get(1).unwrap().range())
                .collect();
            assert_eq!(
                ordinal_numerals(line).collect::<Vec<_>>(),
                expected,
                "{line}"
            );
            ordinals += expected.len();
        }
        assert!(
            line_markers > 1000 && ordinals > 100,
            "{line_markers}, {ordinals}"
        );
    }

    #[test]
    fn numerals_parse_and_write_in_every_system() {
        assert_eq!(parse_numeral("三"), Some((3, NumeralSystem::Kanji)));
        assert_eq!(parse_numeral("十二"), Some((12, NumeralSystem::Kanji)));
        assert_eq!(parse_numeral("二十"), Some((20, NumeralSystem::Kanji)));
        assert_eq!(parse_numeral("3"), Some((3, NumeralSystem::Ascii)));
        assert_eq!(parse_numeral("３"), Some((3, NumeralSystem::FullWidth)));
        assert_eq!(NumeralSystem::Kanji.write(3), "三");
        assert_eq!(NumeralSystem::Kanji.write(21), "二十一");
        assert_eq!(NumeralSystem::FullWidth.write(12), "１２");
    }
}
