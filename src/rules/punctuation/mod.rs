//! Punctuation the translation broke: doubled or stacked marks, Chinese or Western marks in Japanese
//! clauses, and markup left in plain text.

pub mod ascii_semicolon;
pub mod double_comma;
pub mod double_period;
pub mod markdown_bold;
pub mod middle_dot;
pub mod period_colon;
pub mod space_after_period;

use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::rules::RuleMeta;

/// Reports every run of two or more `mark`s. A pair is mended to one mark; a longer run may be a deliberate
/// ellipsis (。。。), so it is flagged only.
pub(crate) fn check_doubled_mark(
    meta: &RuleMeta,
    document: &Document,
    mark: char,
    findings: &mut Vec<Finding>,
) {
    let text = document.text;
    let width = mark.len_utf8();
    // A run of three or more holds more pairs; it is reported once, from its first.
    let mut search_from = 0;
    let mut report = |start: usize| {
        if start < search_from {
            return false;
        }
        let run_length = text[start..].chars().take_while(|&c| c == mark).count();
        let end = start + run_length * width;
        if run_length == 2 {
            findings.push(
                Finding::new(meta, text, start..end, format!("`{mark}` written twice"))
                    .with_replacement(mark.to_string()),
            );
        } else {
            findings.push(Finding::new(
                meta,
                text,
                start..end,
                format!(
                    "{run_length} `{mark}` in a row (left as is: it may be meant as an ellipsis)"
                ),
            ));
        }
        search_from = end;
        false
    };
    if mark == '。' {
        // The document's full stops, found once for every rule that asks: a pair is a stop whose
        // place three bytes on holds one too.
        let stops = document.full_stops();
        for (index, &word) in stops.iter().enumerate() {
            let next = stops.get(index + 1).copied().unwrap_or(0);
            for start in crate::scan::bits_of(index, word & (word >> 3 | next << 61)) {
                report(start);
            }
        }
        return;
    }
    // Searching for the pair, not the mark: single marks are everywhere, pairs are rare. The
    // candidates are found by the middle byte of each copy (80 for 、 and 。, which only CJK
    // punctuation and few other characters hold there), so a single mark, or one before a kana, is
    // no candidate.
    let mut pair = [0u8; 8];
    mark.encode_utf8(&mut pair[..width]);
    mark.encode_utf8(&mut pair[width..]);
    crate::scan::any_occurrence_by_pair(
        text.as_bytes(),
        &pair[..2 * width],
        (width / 2, width + width / 2),
        report,
    );
}

/// Kana or kanji: the characters of a Japanese clause.
pub(crate) fn is_japanese_letter(c: char) -> bool {
    matches!(
        run_script_of(c),
        RunScript::Han | RunScript::Hiragana | RunScript::Katakana
    )
}
