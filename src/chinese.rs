//! Facts about Han characters that tell Chinese from Japanese.

use crate::pattern::LiteralSet;

mod shift_jis_han;

/// The BMP blocks [`is_han`] takes whole (it takes 々 and 〇 too), for tables built at start-up.
const HAN_BMP_BLOCKS: [std::ops::RangeInclusive<u32>; 3] =
    [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];

/// Whether `c` is a Han character (kanji or hanzi), including 々 and 〇.
pub fn is_han(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3134F}'
            | '々'
            | '〇'
    )
}

/// A Han character that Japanese text does not use: outside Shift_JIS. Measured on the seeds, this marks
/// simplified forms (这 们 样 话 时 务 战 报 术 责) and, in Japanese text, only the calque 分歧.
pub fn is_non_japanese_han(c: char) -> bool {
    if !is_han(c) || c == '々' || c == '〇' {
        return false;
    }
    let code = c as usize;
    code >= 0x10000 || NON_JAPANESE_BMP[code / 64] & (1 << (code % 64)) != 0
}

/// Whether `text` holds a Han character Japanese does not use, or a comma (`,` or `，`), decided on the
/// UTF-8 bytes in one pass: every line of every article passes here, and decoding each character costs
/// more than reading three bytes.
pub fn contains_comma_or_non_japanese_han(text: &str) -> bool {
    scan_for_signals(text, &NON_JAPANESE_BMP, |_, _| true).is_some()
}

/// [`contains_comma_or_non_japanese_han`], or one of `words`, in the same pass over the bytes: the
/// stray-chinese test every line takes. One pass instead of two needs every word to start in the kanji
/// blocks (U+3400–U+9FFF), as Chinese function words do; other word lists take the second pass.
#[derive(Debug)]
pub struct SignalScan {
    /// Non-Japanese Han and the first characters of the words, by BMP code; `None`: a word starts
    /// outside the kanji blocks.
    starts: Option<Box<BmpSet>>,
}

impl SignalScan {
    pub fn new(words: &LiteralSet) -> SignalScan {
        let mut starts = Box::new(NON_JAPANESE_BMP);
        let in_kanji_blocks = words.first_chars().all(|c| {
            let code = c as usize;
            let in_blocks = (0x3400..=0x9FFF).contains(&code);
            if in_blocks {
                starts[code / 64] |= 1 << (code % 64);
            }
            in_blocks
        });
        SignalScan {
            starts: in_kanji_blocks.then_some(starts),
        }
    }

    pub fn contains_signal(&self, text: &str, words: &LiteralSet) -> bool {
        self.first_signal(text, words).is_some()
    }

    /// Where the first signal of [`SignalScan::contains_signal`] starts in `text`. Every signal of a
    /// piece of `text` is one of `text` at the same place (a word inside the piece is inside the
    /// text), so a piece that ends before this offset holds none. When the words are searched apart,
    /// the offset is 0: the scan does not tell where.
    pub fn first_signal(&self, text: &str, words: &LiteralSet) -> Option<usize> {
        match &self.starts {
            Some(starts) => scan_for_signals(text, starts, |at, code| {
                NON_JAPANESE_BMP[code / 64] & (1 << (code % 64)) != 0
                    || char::from_u32(code as u32).is_some_and(|c| words.matches_at(text, at, c))
            }),
            None => (contains_comma_or_non_japanese_han(text) || words.is_match(text)).then_some(0),
        }
    }
}

/// A set of BMP characters, a bit each: as an array, so indexing it by a 16-bit code needs no bounds check.
type BmpSet = [u64; 0x10000 / 64];

/// The offset of the first comma, Han character outside U+3000–U+9FFF that Japanese does not use, or
/// character of U+3400–U+9FFF whose bit is set in `starts` and for which `confirm(offset, code)` holds.
/// No bit below U+3400 may be set (kana and punctuation): neither the Han blocks nor a word's first
/// character (held to U+3400–U+9FFF by [`SignalScan::new`]) reach below it.
fn scan_for_signals(
    text: &str,
    starts: &BmpSet,
    confirm: impl FnMut(usize, usize) -> bool,
) -> Option<usize> {
    if text.len() < VECTOR_SCAN_BYTES {
        walk_for_signals(text, starts, confirm)
    } else {
        vector_scan_for_signals(text, starts, confirm)
    }
}

/// From this length on, a text's signals are looked for among the candidates a vector scan finds;
/// shorter texts (the pieces of a line the rule tests again, short lines) are walked, as a scan's
/// start-up and its last, padded bytes cost more there than the walk. Measured on the README's
/// generated 5 MB sample: 96, 192 and 400 bytes came within 0.25 % of each other.
const VECTOR_SCAN_BYTES: usize = 96;

/// Whether `starts` holds the character of U+3000–U+9FFF (leads E3–E9) with these bytes. The word
/// comes from the lead's and the second byte's code bits (an index under 1024: no bounds check), the
/// bit from the third's.
#[inline(always)]
fn signal_bit(starts: &BmpSet, lead: u8, second: u8, third: u8) -> bool {
    starts[usize::from(lead & 0x0F) << 6 | usize::from(second & 0x3F)] >> (third & 0x3F) & 1 != 0
}

/// [`scan_for_signals`] a character at a time.
fn walk_for_signals(
    text: &str,
    starts: &BmpSet,
    mut confirm: impl FnMut(usize, usize) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    // The bytes not yet scanned: a slice that shrinks from the front, so that taking a character's
    // bytes is one length test.
    let mut rest = bytes;
    // Since no bit is set below U+3400, the bitset alone decides for the leads E3–E9; a test for the
    // kanji blocks first was the most mispredicted branch of the walk, kana and kanji alternating.
    let bit = |lead: u8, second: u8, third: u8| u8::from(signal_bit(starts, lead, second, third));
    loop {
        // Kana, punctuation and kanji, most of a Japanese line, two characters a step: one length
        // test and one branch for both bits.
        while let [
            l1 @ 0xE3..=0xE9,
            s1,
            t1,
            l2 @ 0xE3..=0xE9,
            s2,
            t2,
            after @ ..,
        ] = rest
        {
            if bit(*l1, *s1, *t1) | bit(*l2, *s2, *t2) != 0 {
                break;
            }
            rest = after;
        }
        let at = bytes.len() - rest.len();
        let length = match rest {
            [] => return None,
            [lead @ 0xE3..=0xE9, second, third, ..] => {
                // The code itself is put together only for a set bit.
                if bit(*lead, *second, *third) != 0
                    && confirm(at, crate::document::three_byte_code(&rest[..3]) as usize)
                {
                    return Some(at);
                }
                3
            }
            [b',', ..] => return Some(at),
            [lead @ 0x00..=0xDF, ..] => 1 + usize::from(*lead >= 0x80),
            // ，
            [0xEF, 0xBC, 0x8C, ..] => return Some(at),
            // Other three- and four-byte characters (CJK extensions among them) are rare: decoded.
            _ => {
                let c = text[at..].chars().next().expect("at is a char boundary");
                if is_non_japanese_han(c) {
                    return Some(at);
                }
                c.len_utf8()
            }
        };
        rest = &rest[length..];
    }
}

/// [`scan_for_signals`] over the characters that may be signals (kanji, commas, the rarer Han), found
/// a vector of bytes at once: kana, punctuation and Latin, most of a Japanese line, are passed over
/// there, where the walk took each of them. (On the README's generated 5 MB sample, 1.2 % fewer
/// instructions in all than walking every text; 0.3 % on its small clean articles.)
fn vector_scan_for_signals(
    text: &str,
    starts: &BmpSet,
    mut confirm: impl FnMut(usize, usize) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    // The test inlined into the scan's loop: as a call, it cost as much as the walk saved.
    crate::scan::first_confirmed::<SignalCandidateBytes>(
        bytes,
        #[inline(always)]
        |at| match bytes[at..] {
            [lead @ 0xE3..=0xE9, second, third, ..] => {
                // The code itself is put together only for a set bit.
                signal_bit(starts, lead, second, third)
                    && confirm(
                        at,
                        crate::document::three_byte_code(&bytes[at..at + 3]) as usize,
                    )
            }
            [b',', ..] | [0xEF, 0xBC, 0x8C, ..] => true,
            // The Han blocks outside U+3000–U+9FFF, rare: decoded.
            _ => is_non_japanese_han(text[at..].chars().next().expect("at is a char boundary")),
        },
    )
}

/// The characters [`scan_for_signals`] looks at, by their UTF-8 bytes: `,` and `，` (EF BC 8C),
/// U+3400–U+9FFF (E3 90–BF, E4–E9), U+F900–U+FAFF (EF A4–AB) and U+20000–U+31FFF (F0 A0–B1): every
/// Han character [`is_han`] takes but 々 and 〇, which are Japanese.
struct SignalCandidateBytes;

impl crate::scan::ByteClass for SignalCandidateBytes {
    fn starts_at(bytes: &[u8], at: usize) -> bool {
        matches!(
            bytes[at..],
            [b',', ..]
                | [0xEF, 0xBC, 0x8C, ..]
                | [0xE3, 0x90..=0xBF, ..]
                | [0xE4..=0xE9, ..]
                | [0xEF, 0xA4..=0xAB, ..]
                | [0xF0, 0xA0..=0xB1, ..]
        )
    }

    #[inline(always)]
    fn members<L: crate::scan::Lanes>(first: L, second: L, third: L) -> L {
        let commas = first.equal(b',').or(first
            .equal(0xEF)
            .and(second.equal(0xBC))
            .and(third.equal(0x8C)));
        let kanji_blocks = first
            .within(0xE4, 0xE9)
            .or(first.equal(0xE3).and(second.within(0x90, 0xBF)));
        let rarer_han = (first.equal(0xEF).and(second.within(0xA4, 0xAB)))
            .or(first.equal(0xF0).and(second.within(0xA0, 0xB1)));
        commas.or(kanji_blocks).or(rarer_han)
    }
}

/// [`is_non_japanese_han`] for every BMP character, as a bitset: the Han blocks less the characters
/// Shift_JIS encodes. Built by the compiler from the generated table of the Han characters Shift_JIS
/// encodes (`shift_jis_han`), which a test holds to encoding_rs: decoding every Shift_JIS sequence at
/// start-up was a seventh of a pre-commit run.
static NON_JAPANESE_BMP: BmpSet = non_japanese_bmp();

const fn non_japanese_bmp() -> BmpSet {
    let mut bits = [0u64; 0x10000 / 64];
    let mut block = 0;
    while block < HAN_BMP_BLOCKS.len() {
        let mut code = *HAN_BMP_BLOCKS[block].start();
        while code <= *HAN_BMP_BLOCKS[block].end() {
            if !shift_jis_han::encodes(code) {
                bits[code as usize / 64] |= 1 << (code % 64);
            }
            code += 1;
        }
        block += 1;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walked (short texts) and scanned by vectors (long ones), every character up to U+10FFF and the
    /// Han of the planes above.
    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        // Kana and kanji enough for the vector scan, which ends at the first signal.
        let long: String = "あ日".repeat(VECTOR_SCAN_BYTES / 6 + 1);
        assert!(long.len() >= VECTOR_SCAN_BYTES && !contains_comma_or_non_japanese_han(&long));
        let codes = (0..0x11000u32).chain(0x1FFF0..0x32000);
        for c in codes.filter_map(char::from_u32) {
            let code = c as u32;
            for before in ["あ", &long] {
                let text = format!("{before}{c}a");
                assert_eq!(
                    contains_comma_or_non_japanese_han(&text),
                    is_non_japanese_han(c) || c == '，' || c == ',',
                    "U+{code:04X} after {} bytes",
                    before.len()
                );
            }
            // The scan steps over the character whole, to the comma after it.
            for before in ["", &long] {
                assert!(
                    contains_comma_or_non_japanese_han(&format!("{before}{c},")),
                    "U+{code:04X} after {} bytes",
                    before.len()
                );
            }
        }
        assert!(contains_comma_or_non_japanese_han("日本語と\u{20B9F}"));
        assert!(contains_comma_or_non_japanese_han("日本語と600,000"));
        assert!(!contains_comma_or_non_japanese_han("日本語とEnglish. 😀"));
    }

    /// The candidates' byte tests (a vector at a time and one place at a time) find the characters the
    /// signal scan looks at, and every Han character but 々 and 〇 is one of them.
    #[test]
    fn the_signal_candidates_are_the_commas_and_the_han() {
        let is_candidate = |c: char| {
            matches!(
                c,
                ',' | '，'
                    | '\u{3400}'..='\u{9FFF}'
                    | '\u{F900}'..='\u{FAFF}'
                    | '\u{20000}'..='\u{31FFF}'
            )
        };
        crate::scan::assert_class::<SignalCandidateBytes>(
            "、々〇ア㐀㏿一鿿丁，：！＃豈﫿ﬀ𠀀𱿿𲀀😀,",
            is_candidate,
        );
        // The scan passes over every other character, so no signal may be among them.
        for c in (0..0x40000u32).filter_map(char::from_u32) {
            let may_be_signal = is_non_japanese_han(c) || c == ',' || c == '，';
            assert!(!may_be_signal || is_candidate(c), "U+{:04X}", c as u32);
        }
    }

    /// The knowledge whose built-in function words one pass takes, and a list with a kana word, which
    /// needs two.
    fn word_lists() -> (std::sync::Arc<crate::knowledge::Knowledge>, LiteralSet) {
        let with_kana = LiteralSet::new(["但是", "ですね"]).unwrap();
        (crate::knowledge::Knowledge::shared_default(), with_kana)
    }

    /// The one-pass test gives what its two parts give, for the built-in words (one pass) and for a word
    /// list with a kana word (two passes).
    #[test]
    fn the_signal_scan_agrees_with_its_two_parts() {
        let (knowledge, with_kana) = word_lists();
        let built_in = &knowledge.chinese_markers.function_words;
        let mut lines: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        lines.extend(
            [
                "但是",
                "他们",
                "么",
                "这",
                "大家都",
                "ですね",
                "在日",
                "語句",
                "，",
                ",",
            ]
            .iter()
            .flat_map(|word| [format!("日本語の{word}であり"), word.to_string()]),
        );
        for words in [built_in, &with_kana] {
            let scan = SignalScan::new(words);
            let mut holding = 0;
            for line in &lines {
                let expected = contains_comma_or_non_japanese_han(line) || words.is_match(line);
                assert_eq!(scan.contains_signal(line, words), expected, "{line}");
                holding += usize::from(expected);
            }
            assert!(
                holding > 20 && holding < lines.len(),
                "{holding} of {}",
                lines.len()
            );
        }
        assert!(SignalScan::new(built_in).starts.is_some());
        assert!(SignalScan::new(&with_kana).starts.is_none());
    }

    /// A piece of a line holds a signal only at or after the line's first one, so the rule may skip
    /// the pieces that end before it: on every piece of every line of the seeds and fixtures up to 60
    /// characters, for the built-in words and for a list with a kana word.
    #[test]
    fn a_piece_s_signals_lie_at_or_after_its_line_s_first() {
        let (knowledge, with_kana) = word_lists();
        let built_in = &knowledge.chinese_markers.function_words;
        let lines = crate::files::reference_lines(&["seeds", "fixtures"]);
        let mut pieces_with_signals = 0;
        for words in [built_in, &with_kana] {
            let scan = SignalScan::new(words);
            for line in lines.iter().filter(|line| line.chars().count() <= 60) {
                let first = scan.first_signal(line, words);
                let bounds: Vec<usize> = line.char_indices().map(|(at, _)| at).collect();
                for (index, &start) in bounds.iter().enumerate() {
                    for &end in bounds[index + 1..].iter().chain([&line.len()]) {
                        let Some(offset) = scan.first_signal(&line[start..end], words) else {
                            continue;
                        };
                        pieces_with_signals += 1;
                        assert!(first.is_some_and(|first| first <= start + offset), "{line}");
                    }
                }
            }
        }
        assert!(pieces_with_signals > 1000, "{pieces_with_signals}");
    }

    /// The Han blocks of the start-up tables are the BMP characters `is_han` takes, but 々 and 〇.
    #[test]
    fn the_han_blocks_are_is_han_s() {
        for c in ('\0'..='\u{FFFF}').filter(|&c| c != '々' && c != '〇') {
            let in_blocks = HAN_BMP_BLOCKS
                .iter()
                .any(|block| block.contains(&(c as u32)));
            assert_eq!(in_blocks, is_han(c), "{c:?}");
        }
    }

    /// Every two-byte Shift_JIS sequence: a lead byte and a trail byte.
    fn shift_jis_pairs() -> impl Iterator<Item = [u8; 2]> {
        (0x81u8..=0x9F).chain(0xE0..=0xFC).flat_map(|lead| {
            (0x40u8..=0x7E)
                .chain(0x80..=0xFC)
                .map(move |trail| [lead, trail])
        })
    }

    /// The Han characters of every two-byte Shift_JIS sequence, each decoded alone, as the bits of
    /// the generated table's words.
    fn shift_jis_han_decoded() -> Vec<u64> {
        let mut words = vec![0u64; shift_jis_han::WORDS];
        for pair in shift_jis_pairs() {
            let Some(decoded) =
                encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&pair)
            else {
                continue;
            };
            for code in decoded.chars().map(|c| c as u32) {
                if let Some(word) = shift_jis_han::word_of(code) {
                    words[word] |= 1 << (code % 64);
                }
            }
        }
        words
    }

    /// The generated table is what encoding_rs decodes. After an update of encoding_rs changes it, run
    /// `cargo test --lib -- --ignored write_the_shift_jis_han_table` and read the diff.
    #[test]
    fn the_shift_jis_han_table_is_what_shift_jis_decodes_to() {
        let decoded = shift_jis_han_decoded();
        assert!(
            decoded == shift_jis_han::TABLE,
            "src/chinese/shift_jis_han.table is not what encoding_rs decodes; regenerate it"
        );
        let count: u32 = decoded.iter().map(|word| word.count_ones()).sum();
        // JIS X 0208's 6,355 kanji and the NEC and IBM extensions' few hundred.
        assert!((6_500..7_500).contains(&count), "{count}");
        for (c, encoded) in [
            ('国', true),
            ('髙', true),
            ('这', false),
            ('们', false),
            ('歧', false),
        ] {
            assert_eq!(shift_jis_han::encodes(c as u32), encoded, "{c}");
        }
        // The table covers every Han block the start-up tables take.
        for code in HAN_BMP_BLOCKS.into_iter().flatten() {
            assert!(shift_jis_han::word_of(code).is_some(), "U+{code:04X}");
        }
    }

    #[test]
    #[ignore = "writes src/chinese/shift_jis_han.table"]
    fn write_the_shift_jis_han_table() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/chinese/shift_jis_han.table");
        std::fs::write(path, shift_jis_han::source(&shift_jis_han_decoded())).unwrap();
    }

    #[test]
    fn simplified_forms_are_not_japanese() {
        for c in "这们样话时务战报术责歧".chars() {
            assert!(is_non_japanese_han(c), "{c}");
        }
    }

    #[test]
    fn common_and_extended_japanese_kanji_are_japanese() {
        for c in "国家安全保障北大西洋条約機構習近平王毅髙﨑々".chars() {
            assert!(!is_non_japanese_han(c), "{c}");
        }
    }
}
