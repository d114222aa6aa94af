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
        for line in document.line_spans() {
            let line_text = &document.text[line.clone()];
            let (offsets, chars): (Vec<usize>, Vec<char>) = line_text.char_indices().unzip();
            let offset = |i: usize| offsets.get(i).copied().unwrap_or(line_text.len());
            let mut quote_depth = 0usize;
            let mut index = 0;
            while index < chars.len() {
                match chars[index] {
                    '「' | '『' | '“' => quote_depth += 1,
                    '」' | '』' | '”' => quote_depth = quote_depth.saturating_sub(1),
                    _ => {}
                }
                let found = (quote_depth == 0 && is_word_char(chars[index]))
                    .then(|| repetition_at(&chars, index, allowed))
                    .flatten();
                if let Some((word_chars, second_end)) = found {
                    let word = &line_text[offset(index)..offset(index + word_chars)];
                    let span =
                        line.start + offset(index + word_chars)..line.start + offset(second_end);
                    findings.push(
                        Finding::new(
                            &Self::META,
                            document.text,
                            span,
                            format!("`{word}` written twice in a row"),
                        )
                        .with_replacement(""),
                    );
                    index = second_end;
                    continue;
                }
                index += 1;
            }
        }
    }
}

/// The longest phrase starting at `start` that is repeated right after it (or after a `、`): its length
/// in characters and where the repetition ends. Cheap tests first: this runs at every character.
fn repetition_at(chars: &[char], start: usize, allowed: &[String]) -> Option<(usize, usize)> {
    for length in (MIN_CHARS..=MAX_CHARS).rev() {
        let word_end = start + length;
        for separator in [0, 1] {
            let second_start = word_end + separator;
            let second_end = second_start + length;
            if second_end > chars.len()
                || chars[start] != chars[second_start]
                || (separator == 1 && chars[word_end] != '、')
                || chars[start..word_end] != chars[second_start..second_end]
            {
                continue;
            }
            let word = &chars[start..word_end];
            if !word.iter().all(|&c| is_word_char(c)) || is_exempt(word, allowed) {
                continue;
            }
            // Reduplicated two-kana words (ますます, いろいろ) are words of their own.
            let reduplication = separator == 0
                && length == 2
                && word.iter().all(|&c| {
                    matches!(run_script_of(c), RunScript::Hiragana | RunScript::Katakana)
                });
            // Latin has word boundaries: "in" inside "sidelining" is no repetition.
            let is_latin = |i: usize| {
                chars
                    .get(i)
                    .is_some_and(|&c| run_script_of(c) == RunScript::Latin)
            };
            let latin_inside_word = word.iter().any(|&c| run_script_of(c) == RunScript::Latin)
                && ((start > 0 && is_latin(start - 1)) || is_latin(second_end));
            if !reduplication && !latin_inside_word {
                return Some((length, second_end));
            }
        }
    }
    None
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
}
