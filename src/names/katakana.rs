//! Katakana terms: maximal runs of katakana (with ー, ヴ and small kana), split at the name joiners ・ ＝ =.

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
    /// The other parts of the joined name, in order (empty when not joined).
    pub name_span: Range<usize>,
}

/// What the term scanner needs to know of a character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Katakana,
    Joiner,
    Other,
}

/// The class and byte length of the character at `at`. Katakana, ・ and ＝ have UTF-8 lead bytes E3 and
/// EF (and `=` is ASCII), so other characters are only measured, not decoded: this scans every byte
/// of a corpus, twice.
#[inline]
fn class_at(bytes: &[u8], at: usize) -> (Class, usize) {
    let lead = bytes[at];
    let length = match lead {
        0x00..=0x7F => {
            return (
                if lead == b'=' {
                    Class::Joiner
                } else {
                    Class::Other
                },
                1,
            );
        }
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    if lead != 0xE3 && lead != 0xEF {
        return (Class::Other, length);
    }
    // Three bytes: the code point straight from them (U+3000–U+3FFF or U+F000–U+FFFF).
    let c = char::from_u32(crate::document::three_byte_code(&bytes[at..])).unwrap_or('\0');
    let class = if is_katakana_letter(c) {
        Class::Katakana
    } else if is_name_joiner(c) {
        Class::Joiner
    } else {
        Class::Other
    };
    (class, length)
}

/// Whether a katakana letter (U+30A1–U+30FA, U+30FC–U+30FE) starts at `at`: in UTF-8, E3 82 A1–BF or
/// E3 83 80–BE less E3 83 BB (the ・).
fn is_letter_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at..at + 3) {
        Some(&[0xE3, 0x82, third]) => third >= 0xA1,
        Some(&[0xE3, 0x83, third]) => third <= 0xBE && third != 0xBB,
        _ => false,
    }
}

/// Where katakana letters start: bit `i % 64` of word `i / 64` is set when one starts at byte `i`.
/// Computed for the whole text at once, 16 bytes per step, so the scan below jumps from letter to
/// letter without stopping at the other characters whose UTF-8 shares a letter's bytes (る, ん and
/// many kanji hold 0x82 or 0x83): those false stops were the scan's mispredicted branches.
fn letter_starts(bytes: &[u8]) -> Vec<u64> {
    let mut words = vec![0u64; bytes.len().div_ceil(64)];
    let mut at = 0;
    #[cfg(target_arch = "x86_64")]
    {
        // Blocks whose three loads (at, at + 1, at + 2) stay inside the text.
        while at + 18 <= bytes.len() {
            // SAFETY: SSE2 is part of every x86-64 processor (the target enables it by default).
            let mask = unsafe { sse2::letter_mask(&bytes[at..at + 18]) };
            words[at / 64] |= u64::from(mask) << (at % 64);
            at += 16;
        }
    }
    while at < bytes.len() {
        if is_letter_at(bytes, at) {
            words[at / 64] |= 1 << (at % 64);
        }
        at += 1;
    }
    words
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// Bit `i` set when a katakana letter starts at `block[i]`, for `i` in 0..16 (the block holds the
    /// two bytes after them too).
    #[target_feature(enable = "sse2")]
    pub fn letter_mask(block: &[u8]) -> u16 {
        assert!(block.len() >= 18);
        let byte = |value: u8| _mm_set1_epi8(value as i8);
        // SAFETY: the assert keeps the three 16-byte loads at offsets 0, 1 and 2 inside `block`;
        // unaligned loads need no alignment.
        let (first, second, third) = unsafe {
            let at = block.as_ptr().cast::<__m128i>();
            (
                _mm_loadu_si128(at),
                _mm_loadu_si128(block.as_ptr().add(1).cast()),
                _mm_loadu_si128(block.as_ptr().add(2).cast()),
            )
        };
        let lead = _mm_cmpeq_epi8(first, byte(0xE3));
        // Unsigned comparisons: third >= A1 when max(third, A1) is third, <= BE when min is.
        let from_a1 = _mm_cmpeq_epi8(_mm_max_epu8(third, byte(0xA1)), third);
        let to_be = _mm_cmpeq_epi8(_mm_min_epu8(third, byte(0xBE)), third);
        let in_82 = _mm_and_si128(_mm_cmpeq_epi8(second, byte(0x82)), from_a1);
        let in_83 = _mm_andnot_si128(
            _mm_cmpeq_epi8(third, byte(0xBB)),
            _mm_and_si128(_mm_cmpeq_epi8(second, byte(0x83)), to_be),
        );
        let letters = _mm_and_si128(lead, _mm_or_si128(in_82, in_83));
        _mm_movemask_epi8(letters) as u16
    }
}

/// The start of the first katakana letter at or after `from`.
fn next_katakana_letter(starts: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut bits = *starts.get(word)? & (u64::MAX << (from % 64));
    while bits == 0 {
        word += 1;
        bits = *starts.get(word)?;
    }
    Some(word * 64 + bits.trailing_zeros() as usize)
}

/// Every katakana term of `text`, in order. A run shorter than `min_chars` is skipped (ア, ロ in ロ朝).
pub fn katakana_terms(text: &str, min_chars: usize) -> Vec<KatakanaTerm> {
    let bytes = text.as_bytes();
    let starts = letter_starts(bytes);
    let mut terms = Vec::new();
    // The runs of the current name, and whether the character before the current run was a joiner
    // that follows a run.
    let mut group: Vec<Range<usize>> = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut joiner_pending = false;

    let flush = |group: &mut Vec<Range<usize>>, terms: &mut Vec<KatakanaTerm>| {
        if group.is_empty() {
            return;
        }
        let name_span = group[0].start..group[group.len() - 1].end;
        let joined = group.len() > 1;
        for span in group.drain(..) {
            // Every katakana letter takes three bytes in UTF-8.
            if span.len() >= 3 * min_chars {
                terms.push(KatakanaTerm {
                    span,
                    joined,
                    name_span: name_span.clone(),
                });
            }
        }
    };

    let mut at = 0;
    while at < bytes.len() {
        // With no name open, only a katakana letter starts something (a joiner then changes nothing),
        // so jump to the next one: kanji, kana and Latin are skipped, not walked.
        if run_start.is_none() && !joiner_pending && group.is_empty() {
            match next_katakana_letter(&starts, at) {
                Some(next) => at = next,
                None => break,
            }
        }
        let (class, length) = class_at(bytes, at);
        match class {
            Class::Katakana => {
                if run_start.is_none() {
                    if !joiner_pending {
                        flush(&mut group, &mut terms);
                    }
                    run_start = Some(at);
                }
                joiner_pending = false;
            }
            Class::Joiner => {
                if let Some(start) = run_start.take() {
                    group.push(start..at);
                    joiner_pending = true;
                } else {
                    // Two joiners in a row, or a joiner after no run, ends the name.
                    joiner_pending = false;
                    flush(&mut group, &mut terms);
                }
            }
            Class::Other => {
                if let Some(start) = run_start.take() {
                    group.push(start..at);
                }
                joiner_pending = false;
                flush(&mut group, &mut terms);
            }
        }
        at += length;
    }
    if let Some(start) = run_start {
        group.push(start..text.len());
    }
    flush(&mut group, &mut terms);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn letter_starts_agree_with_the_byte_test_at_every_place() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        // Every character of U+3000–U+30FF and a few around, each at every place in a 16-byte block.
        let neighbours: String = ('\u{3000}'..='\u{3100}')
            .chain(['る', '鏡', 'A', '・'])
            .collect();
        for shift in 0..18 {
            texts.push(format!("{}{neighbours}", "x".repeat(shift)));
        }
        for text in texts {
            let bytes = text.as_bytes();
            let starts = letter_starts(bytes);
            for at in 0..bytes.len() {
                let bit = starts[at / 64] >> (at % 64) & 1 == 1;
                assert_eq!(bit, is_letter_at(bytes, at), "{at} in {text}");
                assert_eq!(
                    bit,
                    text.is_char_boundary(at)
                        && text[at..].chars().next().is_some_and(is_katakana_letter)
                );
            }
        }
    }

    #[test]
    fn a_dot_between_a_name_and_kanji_does_not_join() {
        assert_eq!(words("軍事・情報とトランプ"), vec![("トランプ", false)]);
    }
}
