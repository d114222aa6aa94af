//! Katakana terms: maximal runs of katakana (with ー, ヴ and small kana), split at the name joiners ・ ＝ =.

use crate::scan::{self, ByteClass, Lanes};
use std::ops::Range;

/// Katakana proper, the prolonged sound mark and the iteration marks; not ・ (U+30FB), which joins names.
pub fn is_katakana_letter(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | 'ヽ' | 'ヾ')
}

fn is_name_joiner(c: char) -> bool {
    matches!(c, '・' | '＝' | '=' | '゠')
}

/// One katakana word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KatakanaTerm {
    pub span: Range<usize>,
    /// Joined to another katakana part by ・ ＝ = (スティーブ・ウィトコフ): a strong sign of a name.
    pub joined: bool,
    /// The whole name the term is a part of (スティーブ・ウィトコフ for ウィトコフ); the term's own span
    /// when it is not joined.
    pub name_span: Range<usize>,
}

/// The byte length of the name joiner at `at` (・ ＝ = ゠), or 0 for any other character or the end.
/// Asked at the end of every run of letters in a corpus, twice: ・, ＝ and ゠ have the lead bytes E3
/// and EF (and `=` is ASCII), so other characters are not decoded.
#[inline]
fn joiner_length_at(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..) {
        Some([b'=', ..]) => 1,
        Some([lead @ (0xE3 | 0xEF), second, third, ..]) => {
            let code = crate::document::three_byte_code(&[*lead, *second, *third]);
            usize::from(char::from_u32(code).is_some_and(is_name_joiner)) * 3
        }
        _ => 0,
    }
}

/// Katakana letters (U+30A1–U+30FA, U+30FC–U+30FE) by their UTF-8 bytes: E3 82 A1–BF or E3 83 80–BE
/// less E3 83 BB (the ・). Found for the whole text at once, so the scan below jumps from letter to
/// letter without stopping at the other characters whose UTF-8 shares a letter's bytes (る, ん and many
/// kanji hold 0x82 or 0x83): those false stops of a byte search were the scan's mispredicted branches.
struct KatakanaLetters;

impl ByteClass for KatakanaLetters {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        match bytes.get(at..at + 3) {
            Some(&[0xE3, 0x82, third]) => (0xA1..=0xBF).contains(&third),
            Some(&[0xE3, 0x83, third]) => third <= 0xBE && third != 0xBB,
            _ => false,
        }
    }

    #[inline(always)]
    fn members<L: Lanes>(first: L, second: L, third: L) -> L {
        let in_82 = second.equal(0x82).and(third.within(0xA1, 0xBF));
        let in_83 = second
            .equal(0x83)
            .and(third.within(0x80, 0xBA).or(third.within(0xBC, 0xBE)));
        first.equal(0xE3).and(in_82.or(in_83))
    }
}

/// Every katakana term of `text`, in order. A run shorter than `min_chars` is skipped (ア, ロ in ロ朝).
pub fn katakana_terms(text: &str, min_chars: usize) -> Vec<KatakanaTerm> {
    let bytes = text.as_bytes();
    let starts = scan::starts::<KatakanaLetters>(bytes);
    // Sized for every run of letters at once (each term is a run): grown one term at a time, the
    // vector was copied a dozen times in a long article.
    let mut terms = Vec::with_capacity(letter_runs(&starts));
    // The name being read: where its first run starts, and the index of its first kept run in
    // `terms`. Its runs are pushed as they are read and given the name's span when it ends, without a
    // list of the runs on the side; a name whose last run is not its first is joined.
    let mut name: Option<(usize, usize)> = None;
    let mut at = 0;
    // From letter to letter: kanji, kana and Latin between runs are skipped, not walked.
    while let Some(start) = scan::next_start(&starts, at) {
        let end = run_end(&starts, start);
        let (name_start, first_kept) = name.unwrap_or((start, terms.len()));
        // Every katakana letter takes three bytes in UTF-8.
        if end - start >= 3 * min_chars {
            terms.push(KatakanaTerm {
                span: start..end,
                joined: false,
                name_span: start..end,
            });
        }
        // One joiner, then a letter at once, carries the name on to the next run (スティーブ・ウィトコフ);
        // anything else ends it (two joiners, a joiner before other characters, or none).
        let joiner_length = joiner_length_at(bytes, end);
        if joiner_length > 0 && scan::is_start(&starts, end + joiner_length) {
            name = Some((name_start, first_kept));
            at = end + joiner_length;
            continue;
        }
        if name_start != start {
            for term in &mut terms[first_kept..] {
                term.joined = true;
                term.name_span = name_start..end;
            }
        }
        name = None;
        at = end;
    }
    terms
}

/// The end of the run of letters starting at `at` (a letter), from the bits alone: its last letter is
/// the first letter from `at` on with none three bytes after it (a letter takes three bytes, and
/// continuation bytes start nothing). Found in the two words from `at`'s on at once, without a branch
/// per letter: a test at every letter mispredicted at the end of every run.
fn run_end(starts: &[u64], at: usize) -> usize {
    let word = |index: usize| starts.get(index).copied().unwrap_or(0);
    let index = at / 64;
    let letters = u128::from(word(index)) | u128::from(word(index + 1)) << 64;
    let letters_three_on = letters >> 3 | u128::from(word(index + 2)) << 125;
    let last_letters = (letters & !letters_three_on) >> (at % 64);
    if last_letters != 0 {
        return at + last_letters.trailing_zeros() as usize + 3;
    }
    // A run of more than forty letters: letter by letter.
    let mut end = at + 3;
    while scan::is_start(starts, end) {
        end += 3;
    }
    end
}

/// How many runs of letters `starts` (a letter every three bytes) holds: the letters whose place three
/// bytes before holds none.
fn letter_runs(starts: &[u64]) -> usize {
    let mut previous = 0u64;
    let mut runs = 0;
    for &word in starts {
        let letter_three_before = word << 3 | previous >> 61;
        runs += (word & !letter_three_before).count_ones() as usize;
        previous = word;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms by the definition, a character at a time: runs of letters, a name's runs joined by
    /// one joiner each.
    fn terms_by_characters(text: &str, min_chars: usize) -> Vec<KatakanaTerm> {
        let mut terms = Vec::new();
        let mut name: Vec<Range<usize>> = Vec::new();
        let mut run: Option<usize> = None;
        let mut after_joiner = false;
        let end_name = |name: &mut Vec<Range<usize>>, terms: &mut Vec<KatakanaTerm>| {
            if let (Some(first), Some(last)) = (name.first(), name.last()) {
                let name_span = first.start..last.end;
                for span in name.iter().filter(|span| span.len() >= 3 * min_chars) {
                    terms.push(KatakanaTerm {
                        span: span.clone(),
                        joined: name.len() > 1,
                        name_span: name_span.clone(),
                    });
                }
            }
            name.clear();
        };
        for (at, c) in text.char_indices() {
            if is_katakana_letter(c) {
                if run.is_none() && !after_joiner {
                    end_name(&mut name, &mut terms);
                }
                run.get_or_insert(at);
                after_joiner = false;
            } else if let Some(start) = run.take() {
                name.push(start..at);
                after_joiner = is_name_joiner(c);
                if !after_joiner {
                    end_name(&mut name, &mut terms);
                }
            } else {
                after_joiner = false;
                end_name(&mut name, &mut terms);
            }
        }
        if let Some(start) = run {
            name.push(start..text.len());
        }
        end_name(&mut name, &mut terms);
        terms
    }

    /// The scan by bits agrees with the definition on every text of up to five characters drawn from
    /// letters, joiners and others, and on longer texts made of them.
    #[test]
    fn terms_agree_with_a_walk_of_the_characters() {
        let alphabet = [
            'ア', 'ー', 'ヴ', '・', '=', '＝', '゠', 'あ', '漢', 'a', 'ヽ', '･',
        ];
        let mut texts = crate::rules::test_support::every_text(&alphabet, 5);
        // Longer texts: runs across the bitmask's 64-bit words.
        let mut state = 1u64;
        for _ in 0..2000 {
            let length = 20 + (state % 60) as usize;
            let text: String = (0..length)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            texts.push(text);
        }
        assert!(texts.len() > 250_000, "{}", texts.len());
        for text in &texts {
            for min_chars in [1, 2] {
                assert_eq!(
                    katakana_terms(text, min_chars),
                    terms_by_characters(text, min_chars),
                    "{text} ({min_chars})"
                );
            }
        }
    }

    #[test]
    fn letter_runs_are_counted_across_the_bitmask_s_words() {
        for text in [
            "",
            "アイ",
            "アイ・ウ、漢字エオカ=キ",
            // A run across the first word's end (byte 63 is inside the 22nd character).
            &format!("{}{}", "あ".repeat(20), "カタカナ".repeat(5)),
            &"ア、".repeat(40),
        ] {
            let starts = scan::starts::<KatakanaLetters>(text.as_bytes());
            let runs = katakana_terms(text, 1).len();
            assert_eq!(letter_runs(&starts), runs, "{text}");
        }
    }

    /// Runs end where the letter-by-letter walk ends them: runs of every length up to 60 letters, at
    /// every offset from a word's start, followed by other characters or by the text's end.
    #[test]
    fn run_ends_are_found_from_the_bits() {
        for before in 0..70 {
            for letters in 1..60 {
                for after in ["", "あ", "・", "a"] {
                    let text = format!("{}{}{after}", "x".repeat(before), "カ".repeat(letters));
                    let starts = scan::starts::<KatakanaLetters>(text.as_bytes());
                    assert_eq!(run_end(&starts, before), before + 3 * letters, "{text}");
                }
            }
        }
    }

    fn words(text: &str) -> Vec<(&str, bool)> {
        katakana_terms(text, 2)
            .into_iter()
            .map(|t| (&text[t.span], t.joined))
            .collect()
    }

    #[test]
    fn joined_names_are_split_into_parts() {
        assert_eq!(
            words("特使のスティーブ・ウィトコフ氏とマー=ア=ラゴで"),
            vec![
                ("スティーブ", true),
                ("ウィトコフ", true),
                ("マー", true),
                ("ラゴ", true)
            ]
        );
    }

    #[test]
    fn runs_keep_prolonged_marks_and_small_kana() {
        assert_eq!(
            words("ヴィトコフとユーリ、ウィットコフ。ア"),
            vec![
                ("ヴィトコフ", false),
                ("ユーリ", false),
                ("ウィットコフ", false)
            ]
        );
    }

    #[test]
    fn the_seeds_give_the_same_terms_as_a_char_by_char_scan() {
        for text in crate::files::reference_texts(&["seeds"]) {
            let terms = katakana_terms(&text, 2);
            // Every term is a maximal katakana run, and no katakana run of two or more is missed.
            let mut expected = 0;
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut index = 0;
            while index < chars.len() {
                if is_katakana_letter(chars[index].1) {
                    let start = index;
                    while index < chars.len() && is_katakana_letter(chars[index].1) {
                        index += 1;
                    }
                    if index - start >= 2 {
                        let span = chars[start].0..chars.get(index).map_or(text.len(), |&(o, _)| o);
                        assert!(terms.iter().any(|t| t.span == span), "{}", &text[span]);
                        expected += 1;
                    }
                } else {
                    index += 1;
                }
            }
            assert_eq!(terms.len(), expected);
        }
    }

    /// Every character of U+3000–U+30FF and a few that share bytes with katakana.
    #[test]
    fn letters_are_found_by_vectors_as_one_at_a_time() {
        let neighbours: String = ('\u{3000}'..='\u{3100}')
            .chain(['る', '鏡', 'A', '・'])
            .collect();
        crate::scan::assert_class::<KatakanaLetters>(&neighbours, is_katakana_letter);
    }

    #[test]
    fn a_dot_between_a_name_and_kanji_does_not_join() {
        assert_eq!(words("軍事・情報とトランプ"), vec![("トランプ", false)]);
    }
}
