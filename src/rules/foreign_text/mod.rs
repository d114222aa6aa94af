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
    // Every line of every article passes here, and most hold a few Latin letters at most (NATO, EU).
    // A byte scan bounds the foreign letters from above: ASCII letters, and every character whose
    // UTF-8 form starts outside the kana and kanji blocks (U+3000–U+30FF, U+3400–U+9FFF).
    let bytes = line.as_bytes();
    let last = bytes
        .last()
        .map_or(0, |&b| u32::from(b.is_ascii_alphabetic()));
    // Branch-free over byte pairs, so the compiler vectorises it; counted in bytes, 255 pairs at a
    // time, so each vector lane holds 16 counts, not 4.
    let mut foreign_bound = last;
    for from in (0..bytes.len().saturating_sub(1)).step_by(255) {
        let to = (from + 255).min(bytes.len() - 1);
        let count = bytes[from..to]
            .iter()
            .zip(&bytes[from + 1..=to])
            .map(|(&byte, &next)| {
                let letter = byte.is_ascii_alphabetic();
                let outside = (byte >= 0xC2) & !(0xE3..=0xE9).contains(&byte);
                let cjk_outside_kana = (byte == 0xE3) & (0x84..=0x8F).contains(&next);
                u8::from(letter | outside | cjk_outside_kana)
            })
            .fold(0u8, u8::wrapping_add);
        foreign_bound += u32::from(count);
    }
    if (foreign_bound as f32) < MIN_FOREIGN_SHARE * MIN_LETTERS as f32 {
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
