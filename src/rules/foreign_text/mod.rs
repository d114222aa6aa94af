//! Lines and paragraphs in another language inside a Japanese article.

pub mod foreign_block;

use crate::document::{RunScript, run_script_of};

/// Letters a line needs before its script share means anything.
const MIN_LETTERS: usize = 12;
/// Words (of two letters or more) a line needs: one Latin word in Japanese is a name (NATO).
const MIN_WORDS: usize = 3;
/// The share of letters outside kanji and kana that makes a line foreign.
const MIN_FOREIGN_SHARE: f32 = 0.6;

/// Whether most of a line's letters are in a script other than kanji and kana, in several words: a
/// candidate for foreign text (whatlang confirms the language).
pub fn is_foreign_script_line(line: &str) -> bool {
    // Every line of every article passes here. A line can only be foreign with ASCII letters, or
    // with two-byte UTF-8 letters (Latin accents, Greek, Cyrillic…) or Hangul: a byte scan tells.
    let may_be_foreign = line.bytes().any(|b| {
        b.is_ascii_alphabetic() || (0xC3..=0xDF).contains(&b) || (0xEA..=0xED).contains(&b)
    });
    if !may_be_foreign {
        return false;
    }
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
}
