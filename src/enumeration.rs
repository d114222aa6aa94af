//! Enumerations: the item markers of a document ((一), 2., 第三に, 4つ目) grouped into lists, and the
//! numeral systems they are written in. Computed once per document ([`Document::enumerations`]); the
//! numbering rules read them.

use crate::document::Document;
use crate::per_thread::PerThread;
use regex::Regex;
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

const NUMERAL: &str = "([一二三四五六七八九十]{1,3}|[0-9]{1,2}|[０-９]{1,2})";

/// Marker patterns, anchored at their start; only the ordinal one has a literal to search for (第), the
/// others are tried where a cheap test says they may start.
static LINE_START_MARKERS: LazyLock<[(MarkerKind, PerThread<Regex>); 2]> = LazyLock::new(|| {
    let regex = |pattern: String| PerThread::new(Regex::new(&pattern).expect("valid regex"));
    [
        (
            MarkerKind::Parenthesised,
            regex(format!(r"^[(（]{NUMERAL}[)）]")),
        ),
        (
            MarkerKind::LineNumber,
            regex(format!(r"^{NUMERAL}[、．.][^0-9０-９]")),
        ),
    ]
});
static ORDINAL: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::new(Regex::new(&format!(r"第{NUMERAL}に")).expect("valid regex")));
/// `つ目`, searched for once per document: built once, not per search.
static COUNTED_SUFFIX: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("つ目"));

fn is_numeral_char(c: char) -> bool {
    matches!(c, '0'..='9' | '０'..='９' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Where the numeral is in a line-start marker the kind's pattern matched: inside the brackets of (一),
/// before the separator and the character after it in 一、. Read off the match, as a capture group
/// would cost a second search per marker.
fn numeral_in(kind: MarkerKind, marker: &str) -> Range<usize> {
    let mut chars = marker.char_indices();
    match kind {
        MarkerKind::Parenthesised => {
            let open = chars.next().map_or(0, |(_, c)| c.len_utf8());
            open..chars.next_back().map_or(marker.len(), |(at, _)| at)
        }
        _ => 0..chars.nth_back(1).map_or(marker.len(), |(at, _)| at),
    }
}

/// Every marker of the document with its kind, in text order within each kind.
fn markers(document: &Document) -> Vec<(MarkerKind, Range<usize>)> {
    let text = document.text;
    let mut found = Vec::new();
    for span in document.line_spans() {
        let line = &text[span.clone()];
        let Some(first) = line.chars().next() else {
            continue;
        };
        if !(first == '(' || first == '（' || is_numeral_char(first)) {
            continue;
        }
        for (kind, regex) in LINE_START_MARKERS.iter() {
            if let Some(marker) = regex.with(|regex| regex.find(line)) {
                let numeral = numeral_in(*kind, marker.as_str());
                found.push((*kind, span.start + numeral.start..span.start + numeral.end));
            }
        }
    }
    // The numeral is the match without 第 and に: finding needs no capture groups, which cost a second
    // search per match.
    ORDINAL.with(|ordinal| {
        for ordinal in ordinal.find_iter(text) {
            let numeral = ordinal.start() + '第'.len_utf8()..ordinal.end() - 'に'.len_utf8();
            found.push((MarkerKind::Ordinal, numeral));
        }
    });
    // 一つ目, 2つ目: find つ目, then read the numeral backwards.
    for at in COUNTED_SUFFIX.find_iter(text.as_bytes()) {
        let numeral_start = text[..at]
            .char_indices()
            .rev()
            .take(3)
            .take_while(|&(_, c)| is_numeral_char(c))
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

    /// Numerals read off the match are the pattern's group 1.
    #[test]
    fn numerals_read_off_markers_are_the_capture_group() {
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
            ]
            .map(str::to_string),
        );
        let mut markers = 0;
        for line in &lines {
            for (kind, regex) in LINE_START_MARKERS.iter() {
                let Some(captures) = regex.value().captures(line) else {
                    continue;
                };
                let group = captures.get(1).unwrap().range();
                let whole = captures.get(0).unwrap().as_str();
                assert_eq!(numeral_in(*kind, whole), group, "{line}");
                markers += 1;
            }
        }
        assert!(markers >= 12, "{markers}");
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
