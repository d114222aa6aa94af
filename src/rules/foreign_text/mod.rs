//! Lines and paragraphs in another language inside a Japanese article.

pub mod foreign_block;

use crate::document::{Document, RunScript, run_script_of};
use crate::scan::{self, ByteClass, Lanes};

/// Letters a line needs before its script share means anything.
const MIN_LETTERS: usize = 12;
/// Words (of two letters or more) a line needs: one Latin word in Japanese is a name (NATO).
const MIN_WORDS: usize = 3;
/// The share of letters outside kanji and kana that makes a line foreign.
const MIN_FOREIGN_SHARE: f32 = 0.6;

/// The characters that may be foreign letters, by their UTF-8 bytes: ASCII letters, and every
/// character outside the kana and kanji blocks (U+3000–U+30FF, U+3400–U+9FFF), so every lead byte from
/// C2 up but E3–E9, and E3 84–8F (U+3100–U+33FF, between the kana and the kanji).
struct ForeignLetterBound;

impl ByteClass for ForeignLetterBound {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        match bytes.get(at..).unwrap_or_default() {
            [byte, ..] if byte.is_ascii_alphabetic() => true,
            [0xE3, next, ..] => (0x84..=0x8F).contains(next),
            [lead, ..] => *lead >= 0xC2 && !(0xE3..=0xE9).contains(lead),
            [] => false,
        }
    }

    #[inline(always)]
    fn members<L: Lanes>(first: L, second: L, _third: L) -> L {
        let letter = first.within(b'A', b'Z').or(first.within(b'a', b'z'));
        let outside = first.within(0xC2, 0xE2).or(first.within(0xEA, 0xFF));
        let between = first.equal(0xE3).and(second.within(0x84, 0x8F));
        letter.or(outside.or(between))
    }
}

/// Whether most of a line's letters are in a script other than kanji and kana, in several words: a
/// candidate for foreign text (whatlang confirms the language).
pub fn is_foreign_script_line(line: &str) -> bool {
    // Most lines hold a few Latin letters at most (NATO, EU): a count of the bytes that can start a
    // foreign letter, 16 at a time, bounds them from above.
    may_be_foreign(scan::count::<ForeignLetterBound>(line.as_bytes())) && holds_foreign_words(line)
}

/// [`is_foreign_script_line`] for each line of the document, found once: every line of every article
/// is asked, and page-furniture and the title search ask for some again. The bound on foreign
/// letters comes from one pass over the whole text, counted per line. (A line's whitespace, which
/// trimming takes off, holds no letter and no word, so a trimmed line has the same answer.)
pub fn foreign_lines<'d>(document: &'d Document) -> &'d [bool] {
    document.foreign_lines.get_or_init(|| {
        let starts = scan::starts::<ForeignLetterBound>(document.text.as_bytes());
        document
            .line_spans()
            .map(|span| {
                may_be_foreign(scan::count_in(&starts, span.clone()))
                    && holds_foreign_words(&document.text[span])
            })
            .collect()
    })
}

/// Whether a line with at most `foreign_bound` foreign letters can be foreign at all.
fn may_be_foreign(foreign_bound: usize) -> bool {
    foreign_bound as f32 >= MIN_FOREIGN_SHARE * MIN_LETTERS as f32
}

/// The exact test: most of the line's letters foreign, in several words.
fn holds_foreign_words(line: &str) -> bool {
    let mut letters = 0usize;
    let mut foreign = 0usize;
    for c in line.chars() {
        match run_script_of(c) {
            RunScript::Han | RunScript::Hiragana | RunScript::Katakana => letters += 1,
            RunScript::Latin => {
                letters += 1;
                foreign += 1;
            }
            // Cyrillic, Greek, Hangul…; CJK punctuation is not a letter.
            RunScript::Other
                if (c as u32) >= 0x370
                    && !matches!(c as u32, 0x3000..=0x30FF | 0xFF00..=0xFFEF) =>
            {
                if c.is_alphabetic() {
                    letters += 1;
                    foreign += 1;
                }
            }
            RunScript::Other => {}
        }
    }
    if letters < MIN_LETTERS || (foreign as f32) < MIN_FOREIGN_SHARE * letters as f32 {
        return false;
    }
    let words = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    words >= MIN_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character up to U+10FFF, so every neighbour that shares bytes with a member (Latin, the
    /// kana, the blocks between the kana and the kanji, the kanji's edges, the full-width forms).
    #[test]
    fn the_foreign_letter_bound_is_found_by_vectors_as_one_at_a_time() {
        let neighbours: String = ('\0'..='\u{10FFF}').collect();
        scan::assert_class::<ForeignLetterBound>(&neighbours, |c| {
            c.is_ascii_alphabetic()
                || (c >= '\u{80}'
                    && !matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}'))
        });
    }

    /// The document's table answers for each line, trimmed or not, as the test of the line alone.
    #[test]
    fn foreign_lines_answer_for_each_line_as_the_line_test() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push(
            "日本語の行。\n  Witkoff in Moscow: Is Kiev still at the table?\u{3000}\r\nПутин встретился с Уиткоффом в Кремле сегодня\n"
                .into(),
        );
        let mut foreign_seen = 0;
        for text in &texts {
            let document = Document::new(text, crate::document::TextKind::Plain);
            let table = foreign_lines(&document);
            assert_eq!(table.len(), document.line_starts().len());
            for (index, span) in document.line_spans().enumerate() {
                let line = &text[span];
                assert_eq!(table[index], is_foreign_script_line(line), "{line}");
                assert_eq!(
                    table[index],
                    is_foreign_script_line(crate::document::trim(line)),
                    "{line}"
                );
                foreign_seen += usize::from(table[index]);
            }
        }
        assert!(foreign_seen >= 2, "{foreign_seen}");
    }

    #[test]
    fn foreign_lines_are_mostly_other_letters_in_several_words() {
        assert!(is_foreign_script_line(
            "Witkoff in Moscow: Is Kiev still at the table?"
        ));
        assert!(is_foreign_script_line(
            "Уиткофф в Москве: переговоры продолжаются"
        ));
        assert!(!is_foreign_script_line(
            "NATOとWhatsAppとTechMetの協力が進んでいる。"
        ));
        assert!(!is_foreign_script_line("by nicoxz"));
    }

    /// The byte bound counts in blocks of 255 pairs: letters in every block must count, so a foreign
    /// line whose first block is all kana still passes (a short foreign tail after a long line of kana
    /// stays below the share).
    #[test]
    fn long_lines_count_letters_in_every_block() {
        let english = "Talks in Moscow went on late into the night ".repeat(20);
        assert!(english.len() > 3 * 255);
        assert!(is_foreign_script_line(&english));
        for kana_chars in [84, 85, 86, 170, 171] {
            let line = format!("{}{english}", "あ".repeat(kana_chars));
            assert!(is_foreign_script_line(&line), "{kana_chars}");
        }
        assert!(!is_foreign_script_line(&format!(
            "{} in Moscow",
            "あ".repeat(300)
        )));
    }
}
