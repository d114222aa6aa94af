use crate::declare_rule;
use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Finds a counter left without its numeral (「点」から「点」, :年間コミットメント, ゼレンスキーに項目計画で)
    /// and names the numbers the same article uses with that counter. Flag only: a number is never guessed.
    ///
    /// ## Why is this bad?
    /// The translation dropped the figure; the sentence now says nothing ("from a point to a point") or
    /// something false, and figures are what readers and analyses look for.
    ///
    /// ## How it decides
    /// A counter from the counters table (src/data/counters.toml) not preceded by a numeral or a word it
    /// belongs to (焦点, 観点 are words: the counter follows a kanji). Counters that never stand alone
    /// (カ国, 億ドル) are reported so; counters that are also words need one of:
    /// - it stands alone in quotes (「点」);
    /// - the words after it also follow a numbered use in the article (項目計画 where 20項目計画 occurs);
    /// - it opens a phrase (after `:` or a quote, or at a line start) and the article uses the counter
    ///   with a number elsewhere.
    ///
    /// ## Example
    /// ```text
    /// 20項目計画を策定した。…ゼレンスキーに項目計画で譲歩を迫る。
    /// ```
    ///
    /// Reported: `項目` has no number; the article writes 20項目. Restore the figure from the source.
    pub struct BareCounter {
        id: "missing-number/bare-counter",
        category: MissingNumber,
        severity: Warning,
        fixability: Never,
        summary: "a counter left without its numeral",
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "一二三四五六七八九十百千万億兆数何幾両半各毎全同諸約".contains(c)
}

/// The kanji or katakana right after `at`, up to two characters: what the counter modifies.
fn continuation(text: &str, at: usize) -> String {
    text[at..]
        .chars()
        .take_while(|&c| matches!(run_script_of(c), RunScript::Han | RunScript::Katakana))
        .take(2)
        .collect()
}

/// The numeral written right before byte `end`, if any (20 in 20項目, 十五 in 十五年間).
fn numeral_before(text: &str, end: usize) -> Option<&str> {
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_numeral(c) || c == ',' || c == '.')
        .last()
        .map(|(i, _)| i)?;
    let numeral = &text[start..end];
    numeral
        .chars()
        .any(|c| c.is_ascii_digit() || "一二三四五六七八九十百千０１２３４５６７８９".contains(c))
        .then_some(numeral)
}

impl Rule for BareCounter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let knowledge = &context.knowledge;
        let bound_count = knowledge.bound_counters.len();
        let counter_names = knowledge.bound_counters.iter().chain(&knowledge.counters);
        // One pass over the text for every counter, then each counter's occurrences in order. Most
        // short documents hold no counter: they stop here, before a list per counter is made.
        let mut found = knowledge.counter_matcher.find_iter(text).peekable();
        if found.peek().is_none() {
            return;
        }
        let mut occurrences_by_counter: Vec<Vec<usize>> =
            vec![Vec::new(); bound_count + knowledge.counters.len()];
        for found in found {
            occurrences_by_counter[found.pattern()].push(found.start());
        }
        for (index, (counter, occurrences)) in counter_names.zip(occurrences_by_counter).enumerate()
        {
            let bound = index < bound_count;
            let is_bare = |at: usize| {
                document.char_before(at).is_none_or(|c| {
                    !is_numeral(c)
                        && !matches!(run_script_of(c), RunScript::Han | RunScript::Katakana)
                })
            };
            // Most uses of a counter have their numeral: the article's numbers and the words after
            // them are gathered only for a counter with a bare use.
            if !occurrences.iter().any(|&at| is_bare(at)) {
                continue;
            }
            let mut numbers: Vec<&str> = Vec::new();
            let mut numbered_continuations: BTreeSet<String> = BTreeSet::new();
            for &at in &occurrences {
                if let Some(numeral) = numeral_before(text, at) {
                    if !numbers.contains(&numeral) {
                        numbers.push(numeral);
                    }
                    let after = continuation(text, at + counter.len());
                    if !after.is_empty() {
                        numbered_continuations.insert(after);
                    }
                }
            }
            for &at in &occurrences {
                if !is_bare(at) {
                    continue;
                }
                let before = document.char_before(at);
                let end = at + counter.len();
                let quoted_alone = before == Some('「') && text[end..].starts_with('」');
                let after = continuation(text, end);
                let continues_a_numbered_use =
                    !after.is_empty() && numbered_continuations.contains(&after);
                let opens_phrase =
                    before.is_none_or(|c| matches!(c, ':' | '：' | '\n' | '「' | '『'));
                if !(bound
                    || quoted_alone
                    || continues_a_numbered_use
                    || opens_phrase && !numbers.is_empty())
                {
                    continue;
                }
                let known = if numbers.is_empty() {
                    format!("the article gives no number with `{counter}`")
                } else {
                    format!(
                        "the article writes {}",
                        numbers
                            .iter()
                            .map(|n| format!("{n}{counter}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                findings.push(Finding::new(
                    &Self::META,
                    text,
                    at..end,
                    format!("`{counter}` has no number before it ({known}): restore the figure from the source"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn flags_counters_without_numbers_and_names_the_articles_numbers() {
        let text = "20点計画を示した。\n(一)枠組み:「点」から「点」への進化\n(二)協定:年間コミットメント\n15年間の保障を約束した。ゼレンスキーに項目計画で迫る。28項目計画は退けられた。";
        let found: Vec<String> = run(&BareCounter, text)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(found, vec!["点", "点", "年間", "項目"]);
        let findings = crate::check(text, &crate::Config::default());
        let message = &findings.iter().find(|f| f.text == "項目").unwrap().message;
        assert!(message.contains("28項目"), "{message}");
    }

    #[test]
    fn a_bound_counter_is_always_reported() {
        assert_eq!(
            run(
                &BareCounter,
                "5カ国の計画だが、北欧はカ国枠組みを見送った。"
            ),
            vec![("カ国".into(), None)]
        );
    }

    #[test]
    fn leaves_words_and_numbered_counters() {
        for text in [
            "焦点は観点の違いだ。この点で合意した。",
            "3カ国が参加し、20項目の計画を5年間で実施する。",
            "年間の売上高は増えた。",
            "同社は数年間の猶予を求めた。",
            "アメリカ国内では、するか国会で決める。",
        ] {
            assert!(
                run(&BareCounter, text).is_empty(),
                "{text}: {:?}",
                run(&BareCounter, text)
            );
        }
    }
}
