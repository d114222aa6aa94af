use crate::declare_rule;
use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds a word or phrase written twice in a row (ほぼ、ほぼ; 重要な重要な) and keeps one.
    ///
    /// ## Why is this bad?
    /// Two overlapping translation chunks both kept the word. The doubled word reads as a stammer and
    /// skews word counts.
    ///
    /// ## How it decides
    /// Phrases of two to eight characters, repeated at once or across a `、`. Left alone: repetition inside
    /// quotes (「もっと、もっと」), reduplicated words (two kana repeated with nothing between, as in ますます
    /// or いろいろ; anything written with 々), distributives (一つ一つ), numbers, and the words the
    /// repetition table allows (src/data/repetition.toml).
    ///
    /// ## Example
    /// ```text
    /// 協定草案がほぼ、ほぼ準備完了であり
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 協定草案がほぼ準備完了であり
    /// ```
    pub struct RepeatedWord {
        id: "repetition/repeated-word",
        category: Repetition,
        severity: Warning,
        fixability: Always,
        summary: "a word or phrase written twice in a row",
    }
}

const MIN_CHARS: usize = 2;
const MAX_CHARS: usize = 8;

fn is_word_char(c: char) -> bool {
    matches!(
        run_script_of(c),
        RunScript::Han | RunScript::Hiragana | RunScript::Katakana | RunScript::Latin
    )
}

impl Rule for RepeatedWord {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let allowed = &context.knowledge.repetition_allowed;
        // Reused across lines: one allocation per document, not per line.
        let (mut offsets, mut chars) = (Vec::new(), Vec::new());
        for line in document.line_spans() {
            let line_text = &document.text[line.clone()];
            if !line_has_repetition(line_text) {
                continue;
            }
            offsets.clear();
            chars.clear();
            for (offset, c) in line_text.char_indices() {
                offsets.push(offset);
                chars.push(c);
            }
            let offset = |i: usize| offsets.get(i).copied().unwrap_or(line_text.len());
            let mut candidates = repetition_candidates(&chars);
            if candidates.is_empty() {
                continue;
            }
            // Earliest start first, longest first: a found repetition hides those inside it.
            candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let quote_depth = quote_depths(&chars);
            let mut covered_until = 0;
            for (start, length, second_end) in candidates {
                if start < covered_until || quote_depth[start] > 0 {
                    continue;
                }
                if !accept(&chars, start, length, second_end, allowed) {
                    continue;
                }
                let word = &line_text[offset(start)..offset(start + length)];
                let span = line.start + offset(start + length)..line.start + offset(second_end);
                findings.push(
                    Finding::new(
                        &Self::META,
                        document.text,
                        span,
                        format!("`{word}` written twice in a row"),
                    )
                    .with_replacement(""),
                );
                covered_until = second_end;
            }
        }
    }
}

/// Whether a line holds any repetition, in one pass over its characters, so that the exact search
/// below (which decodes the line and tries every length) runs only on the few lines that do.
///
/// A repetition has a pair of characters seen again `distance` places on: `MIN_CHARS` to `MAX_CHARS` for
/// copies at once, one more across a `、`. Each pair is hashed to 16 bits and compared with the pairs at
/// every distance in one vector compare (a chain of earlier occurrences, walked instead, mispredicted on
/// every common character); only a pair that may have been seen is compared exactly, and only a pair
/// seen again has its copies compared on the bytes.
fn line_has_repetition(line: &str) -> bool {
    // The last WINDOW keys, pair hashes and offsets, each written twice in a ring of 2 × RING so that
    // the window is one contiguous slice wherever the ring stands. Before the line, a key no character
    // has (its pair hash may match one by chance: the exact test below sorts that out).
    let mut keys = [NO_KEY; 2 * RING];
    let mut pair_hashes = [0u16; 2 * RING];
    let mut offsets = [0usize; 2 * RING];
    let mut previous = NO_KEY;
    for (i, (offset, key)) in character_keys(line).enumerate() {
        let slot = i % RING;
        let pair_hash =
            ((previous.wrapping_mul(0x9E37_79B1) ^ key).wrapping_mul(0x85EB_CA77) >> 16) as u16;
        previous = key;
        (keys[slot], keys[slot + RING]) = (key, key);
        (pair_hashes[slot], pair_hashes[slot + RING]) = (pair_hash, pair_hash);
        (offsets[slot], offsets[slot + RING]) = (offset, offset);
        let from = slot + RING + 1 - WINDOW;
        // The pairs ending `MAX_CHARS + 1` to `MIN_CHARS` places back: eight hashes, one vector.
        let earlier_pairs: &[u16; WINDOW - 3] = pair_hashes[from + 1..from + WINDOW - 2]
            .try_into()
            .expect("the pairs");
        if !earlier_pairs
            .iter()
            .fold(false, |any, &h| any | (h == pair_hash))
        {
            continue;
        }
        // window[WINDOW - 1] is this character, window[WINDOW - 1 - d] the one `d` places back.
        let window: &[u32; WINDOW] = keys[from..from + WINDOW].try_into().expect("WINDOW keys");
        let before = window[WINDOW - 2];
        // Bit k: the pair ending here was seen `MAX_CHARS + 1 - k` places back.
        let mut pairs = (0..WINDOW - 3).fold(0u32, |bits, k| {
            bits | u32::from((window[k + 1] == key) & (window[k] == before)) << k
        });
        while pairs != 0 {
            let distance = MAX_CHARS + 1 - pairs.trailing_zeros() as usize;
            pairs &= pairs - 1;
            let offset_back = |back: usize| offsets[slot + RING - back];
            // The second copy starts at the character before this one.
            let rest = &line[offset_back(1)..];
            let first = offset_back(distance + 1);
            // `distance` characters, repeated from the one before this ...
            let direct = distance <= MAX_CHARS && rest.starts_with(&line[first..offset_back(1)]);
            // ... or the characters before a comma two back, repeated after it.
            let across = distance > MIN_CHARS
                && window[WINDOW - 3] == COMMA_KEY
                && rest.starts_with(&line[first..offset_back(2)]);
            if direct || across {
                return true;
            }
        }
    }
    false
}

/// Characters compared at once: this one, the one before it, and the pair `MAX_CHARS + 1` back.
const WINDOW: usize = MAX_CHARS + 3;
const RING: usize = 16;
const _: () = assert!(WINDOW <= RING && MIN_CHARS >= 2);
/// A key [`character_keys`] never gives (its largest is a four-byte character's, below 0xF5000000).
const NO_KEY: u32 = u32::MAX;

/// `、` as [`character_keys`] gives it.
const COMMA_KEY: u32 = 0xE3_80_81;

/// Each character of `line` as (byte offset, its UTF-8 bytes in a number): equal numbers are equal
/// characters, and packing the bytes costs less than decoding them. Branch-free: the length comes from
/// the lead byte's high half, and the key from four bytes read at once and shifted down to the
/// character's own, so mixed scripts cost no mispredicted branch.
fn character_keys(line: &str) -> impl Iterator<Item = (usize, u32)> + '_ {
    // UTF-8 length by the lead byte's high four bits (continuation bytes never lead a character).
    const LENGTH: [usize; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 4];
    let bytes = line.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let lead = *bytes.get(at)?;
        let length = LENGTH[usize::from(lead >> 4)];
        let four = match bytes.get(at..at + 4) {
            Some(four) => u32::from_be_bytes(four.try_into().expect("four bytes")),
            None => {
                // The line's last characters: its bytes, zero-padded.
                let mut padded = [0u8; 4];
                padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
                u32::from_be_bytes(padded)
            }
        };
        let key = four >> (32 - 8 * length);
        let offset = at;
        at += length;
        Some((offset, key))
    })
}

/// Every (start, length, end of the repetition) where `length` characters are repeated at once or
/// across a `、`. One tight pass per length (a run of chars[k] == chars[k + length] as long as the
/// length is a repetition), and a look around each `、`: this runs over every character of a corpus.
fn repetition_candidates(chars: &[char]) -> Vec<(usize, usize, usize)> {
    let mut candidates = Vec::new();
    for length in MIN_CHARS..=MAX_CHARS {
        if chars.len() <= length {
            break;
        }
        // A repetition starts with two characters in a row equal to those `length` places ahead. That
        // test has no loop-carried state, so it runs vectorised; most lines fail it for most lengths.
        let ahead = &chars[length..];
        let pairs = chars
            .iter()
            .zip(&chars[1..])
            .zip(ahead.iter().zip(&ahead[1..]))
            .filter(|((a0, a1), (b0, b1))| (a0 == b0) & (a1 == b1))
            .count();
        if pairs == 0 {
            continue;
        }
        // `run` counts the characters in a row equal to the one `length` places ahead, without a
        // branch on the comparison (equal neighbours are common, and a mispredicted branch costs more).
        let mut run = 0;
        for (k, (a, b)) in chars.iter().zip(&chars[length..]).enumerate() {
            run = (run + 1) * usize::from(a == b);
            if run >= length {
                let start = k + 1 - length;
                candidates.push((start, length, start + 2 * length));
            }
        }
    }
    for (comma, _) in chars.iter().enumerate().filter(|&(_, &c)| c == '、') {
        for length in MIN_CHARS..=MAX_CHARS.min(comma) {
            let (start, second_end) = (comma - length, comma + 1 + length);
            if second_end <= chars.len() && chars[start..comma] == chars[comma + 1..second_end] {
                candidates.push((start, length, second_end));
            }
        }
    }
    candidates
}

/// How deep in quotes each character is.
fn quote_depths(chars: &[char]) -> Vec<u8> {
    let mut depth: u8 = 0;
    chars
        .iter()
        .map(|&c| {
            match c {
                '「' | '『' | '“' => depth = depth.saturating_add(1),
                '」' | '』' | '”' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth
        })
        .collect()
}

/// Whether a candidate repetition is one to report: words, not reduplication, numbers or allowed words.
fn accept(
    chars: &[char],
    start: usize,
    length: usize,
    second_end: usize,
    allowed: &[String],
) -> bool {
    let word = &chars[start..start + length];
    if !word.iter().all(|&c| is_word_char(c)) || is_exempt(word, allowed) {
        return false;
    }
    let separated = second_end - start == 2 * length + 1;
    // Reduplicated two-kana words (ますます, いろいろ) are words of their own.
    let reduplication = !separated
        && length == 2
        && word
            .iter()
            .all(|&c| matches!(run_script_of(c), RunScript::Hiragana | RunScript::Katakana));
    // Latin has word boundaries: "in" inside "sidelining" is no repetition.
    let is_latin = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| run_script_of(c) == RunScript::Latin)
    };
    let latin_inside_word = word.iter().any(|&c| run_script_of(c) == RunScript::Latin)
        && ((start > 0 && is_latin(start - 1)) || is_latin(second_end));
    !reduplication && !latin_inside_word
}

fn is_exempt(word: &[char], allowed: &[String]) -> bool {
    let text: String = word.iter().collect();
    word[0] == '一'
        || word.contains(&'々')
        || word.iter().all(|c| c.is_ascii_digit())
        || word.windows(2).all(|w| w[0] == w[1])
        || allowed.contains(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn keeps_one_of_a_doubled_word() {
        assert_eq!(
            run(&RepeatedWord, "草案がほぼ、ほぼ準備完了であり"),
            vec![("、ほぼ".into(), Some("".into()))]
        );
        assert_eq!(
            run(&RepeatedWord, "これは重要な重要な問題だ。"),
            vec![("重要な".into(), Some("".into()))]
        );
    }

    #[test]
    fn leaves_quotes_reduplication_and_distributives() {
        for text in [
            "「もっと、もっと」と叫んだ。",
            "時々、ますます、いろいろ、少しずつ、そろそろ。",
            "一つ一つ確かめる。一人一人に配る。",
            "2020年、ドンドン進む。",
            "まだまだ課題は多い。",
            "sidelining the EU",
        ] {
            assert!(
                run(&RepeatedWord, text).is_empty(),
                "{text}: {:?}",
                run(&RepeatedWord, text)
            );
        }
    }

    #[test]
    fn character_keys_tell_characters_apart() {
        let text = "a、é漢𠮷、";
        let keys: Vec<(usize, u32)> = character_keys(text).collect();
        let offsets: Vec<usize> = text.char_indices().map(|(offset, _)| offset).collect();
        assert_eq!(keys.iter().map(|k| k.0).collect::<Vec<_>>(), offsets);
        assert_eq!((keys[1].1, keys[5].1), (COMMA_KEY, COMMA_KEY));
        let distinct: std::collections::HashSet<u32> = keys.iter().map(|k| k.1).collect();
        assert_eq!(distinct.len(), 5);
    }

    /// The one-pass line test must pass every line the exact search finds something in, and only those.
    #[test]
    fn the_line_test_agrees_with_the_exact_search() {
        let mut lines: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        // Every repetition shape, at the start, the middle and the end of a line, and too long ones.
        for length in 1..=10 {
            let word: String = "漢字かなカナabc語句".chars().cycle().take(length).collect();
            for (before, after) in [("", ""), ("前の文、", "。"), ("x", "y")] {
                lines.push(format!("{before}{word}{word}{after}"));
                lines.push(format!("{before}{word}、{word}{after}"));
                lines.push(format!("{before}{word}、{word}"));
            }
        }
        let mut with_repetition = 0;
        for line in &lines {
            let chars: Vec<char> = line.chars().collect();
            let exact = !repetition_candidates(&chars).is_empty();
            assert_eq!(line_has_repetition(line), exact, "{line}");
            with_repetition += usize::from(exact);
        }
        assert!(
            with_repetition > 50 && with_repetition < lines.len() / 2,
            "{with_repetition}"
        );
    }
}
