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
    let mut letters = 0usize;
    let mut foreign = 0usize;
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if !matches!(
            run_script_of(c),
            RunScript::Han | RunScript::Hiragana | RunScript::Katakana
        ) {
            foreign += 1;
        }
    }
    let words = line
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    letters >= MIN_LETTERS
        && words >= MIN_WORDS
        && foreign as f32 >= MIN_FOREIGN_SHARE * letters as f32
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
