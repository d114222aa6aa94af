//! Facts about Han characters that tell Chinese from Japanese.

use std::sync::LazyLock;

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

/// Every BMP character that Shift_JIS (the WHATWG variant, with the NEC and IBM extensions Japanese
/// text uses) can encode, as a bitset: built once by decoding every two-byte sequence.
static SHIFT_JIS_BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut set = |c: char| {
        let code = c as usize;
        if code < 0x10000 {
            bits[code / 64] |= 1 << (code % 64);
        }
    };
    let leads = (0x81u8..=0x9F).chain(0xE0..=0xFC);
    for lead in leads {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let bytes = [lead, trail];
            if let Some(decoded) =
                encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&bytes)
            {
                decoded.chars().for_each(&mut set);
            }
        }
    }
    bits
});

/// A Han character that Japanese text does not use: outside Shift_JIS. Measured on the seeds, this marks
/// simplified forms (这 们 样 话 时 务 战 报 术 责) and, in Japanese text, only the calque 分歧.
pub fn is_non_japanese_han(c: char) -> bool {
    if !is_han(c) || c == '々' || c == '〇' {
        return false;
    }
    let code = c as usize;
    code >= 0x10000 || SHIFT_JIS_BMP[code / 64] & (1 << (code % 64)) == 0
}

/// Whether `text` holds a Han character Japanese does not use, or a comma (`,` or `，`), decided on the
/// UTF-8 bytes in one pass: every line of every article passes here, and decoding each character costs
/// more than reading three bytes.
pub fn contains_comma_or_non_japanese_han(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        match lead {
            b',' => return true,
            0x00..=0xDF => at += if lead < 0x80 { 1 } else { 2 },
            // ，
            0xEF if bytes[at + 1] == 0xBC && bytes[at + 2] == 0x8C => return true,
            // U+3000–U+9FFF: kana, punctuation and the kanji blocks Japanese text is made of.
            0xE3..=0xE9 => {
                let code = (usize::from(lead & 0x0F) << 12)
                    | (usize::from(bytes[at + 1] & 0x3F) << 6)
                    | usize::from(bytes[at + 2] & 0x3F);
                if code >= 0x3400 && NON_JAPANESE_BMP[code / 64] & (1 << (code % 64)) != 0 {
                    return true;
                }
                at += 3;
            }
            // Other three- and four-byte characters (CJK extensions among them) are rare: decoded.
            _ => {
                let c = text[at..].chars().next().expect("at is a char boundary");
                if is_non_japanese_han(c) {
                    return true;
                }
                at += c.len_utf8();
            }
        }
    }
    false
}

/// [`is_non_japanese_han`] for every BMP character, as a bitset.
static NON_JAPANESE_BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for code in 0..0x10000u32 {
        if char::from_u32(code).is_some_and(is_non_japanese_han) {
            bits[code as usize / 64] |= 1 << (code % 64);
        }
    }
    bits
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        for code in 0..0x11000u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("あ{c}a");
            assert_eq!(
                contains_comma_or_non_japanese_han(&text),
                is_non_japanese_han(c) || c == '，' || c == ',',
                "U+{code:04X}"
            );
        }
        assert!(contains_comma_or_non_japanese_han("日本語と\u{20B9F}"));
        assert!(contains_comma_or_non_japanese_han("日本語と600,000"));
        assert!(!contains_comma_or_non_japanese_han("日本語とEnglish. 😀"));
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
