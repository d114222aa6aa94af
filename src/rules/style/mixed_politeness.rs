use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Measures each article's register (polite です/ます or plain だ/である) over its sentences and reports
    /// the sentences in the minority register, with the article's counts. Flag only.
    ///
    /// ## Why is this bad?
    /// Articles keep one register. Chunked translation switches at chunk boundaries, and the mix reads as
    /// several texts stitched together.
    ///
    /// ## How it decides
    /// Only sentences that end with `。` `？` or `！` count; headings, list items and quotations (a sentence
    /// inside 「」 belongs to the sentence around it) do not. A sentence is polite when it ends in です,
    /// ます, でした, ました, ません, でしょう, ましょう or ください; plain when it ends in another verb,
    /// adjective or copula form; sentences ending in a noun are neither. Nothing is reported when the
    /// article has no majority.
    ///
    /// ## Example
    /// ```text
    /// 会談は二日間続いた。成果は乏しかった。両国は対話を続けます。
    /// ```
    ///
    /// Reported: `続けます。` is polite in an article with 2 plain sentences and 1 polite.
    pub struct MixedPoliteness {
        id: "style/mixed-politeness",
        category: Style,
        severity: Warning,
        fixability: Never,
        summary: "です/ます and だ/である mixed in one article",
    }
}

const POLITE_ENDINGS: &[&str] = &[
    "です",
    "ます",
    "でした",
    "ました",
    "ません",
    "でしょう",
    "ましょう",
    "ください",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Register {
    Polite,
    Plain,
}

/// The register of a sentence from its last words, or `None` for a noun ending or a non-sentence.
fn register(sentence: &str) -> Option<Register> {
    let core = sentence.trim_end_matches(['。', '？', '！', '?', '!']);
    if core.len() == sentence.len() {
        return None;
    }
    let core = core.trim_end_matches(['か', 'ね', 'よ']);
    // An ending is compared whole only when its last character's bytes are the sentence's: every
    // sentence takes this test, and most end in none of the endings' last characters.
    let last_bytes = core.as_bytes().last_chunk::<3>();
    if POLITE_ENDINGS
        .iter()
        .any(|e| e.as_bytes().last_chunk::<3>() == last_bytes && core.ends_with(e))
    {
        return Some(Register::Polite);
    }
    let last = core.chars().next_back()?;
    // Plain verb, adjective and copula endings are hiragana: だ, た, る, い, う, く, す, つ, ぬ, む …
    matches!(
        last,
        'だ' | 'た' | 'る' | 'い' | 'う' | 'く' | 'す' | 'つ' | 'ぬ' | 'ぶ' | 'む' | 'ぐ' | 'ず'
    )
    .then_some(Register::Plain)
}

fn is_list_item(line: &str) -> bool {
    line.trim_start()
        .starts_with(['・', '•', '-', '*', '■', '●', '◆', '※', '>'])
}

impl Rule for MixedPoliteness {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        // At most one a sentence: sized once, not grown sentence by sentence.
        let mut classified = Vec::with_capacity(document.sentences().len());
        let line_starts = document.line_starts();
        // Sentences come in text order, so their line is found by moving on from the last one's, and
        // whether it is a list item is asked once per line (a sentence never spans lines).
        let mut line = 0;
        let mut list_line: Option<(usize, bool)> = None;
        for sentence in document.sentences() {
            let sentence_text = &text[sentence.clone()];
            while line_starts
                .get(line + 1)
                .is_some_and(|&next| next <= sentence.start)
            {
                line += 1;
            }
            let quoted = sentence_text.starts_with(['「', '『', '“'])
                && sentence_text.ends_with(['」', '』', '”']);
            if quoted {
                continue;
            }
            let in_list = match list_line {
                Some((listed, in_list)) if listed == line => in_list,
                _ => {
                    let in_list = is_list_item(&text[line_starts[line]..sentence.end]);
                    list_line = Some((line, in_list));
                    in_list
                }
            };
            if in_list {
                continue;
            }
            if let Some(register) = register(sentence_text) {
                classified.push((sentence.clone(), register));
            }
        }
        let polite = classified
            .iter()
            .filter(|(_, r)| *r == Register::Polite)
            .count();
        let plain = classified.len() - polite;
        let minority = match polite.cmp(&plain) {
            std::cmp::Ordering::Greater => Register::Plain,
            std::cmp::Ordering::Less => Register::Polite,
            std::cmp::Ordering::Equal => return,
        };
        if polite.min(plain) == 0 {
            return;
        }
        let (written, article) = match minority {
            Register::Polite => ("です/ます", "だ/である"),
            Register::Plain => ("だ/である", "です/ます"),
        };
        // The article's counts: one message for every sentence reported, written once.
        let message = format!(
            "{written} sentence in an article written in {article} ({plain} plain, {polite} polite sentences)"
        );
        for (sentence, register) in classified {
            if register != minority {
                continue;
            }
            // Point at the sentence's ending, where the register shows.
            let ending_start = text[sentence.start..sentence.end]
                .char_indices()
                .rev()
                .nth(3)
                .map_or(sentence.start, |(offset, _)| sentence.start + offset);
            findings.push(Finding::new(
                &Self::META,
                text,
                ending_start..sentence.end,
                message.clone(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn reports_the_minority_register() {
        let findings = run(
            &MixedPoliteness,
            "会談は二日間続いた。成果は乏しかった。両国は対話を続けます。",
        );
        assert_eq!(findings, vec![("けます。".into(), None)]);
    }

    /// Comparing endings only after their last character's bytes decides as comparing every ending:
    /// on sentences ending in each polite ending, in its last character alone, in other kana, kanji and
    /// ASCII, with a particle and a terminator after.
    #[test]
    fn the_last_character_test_decides_as_every_ending_would() {
        let by_every_ending = |sentence: &str| {
            let core = sentence
                .trim_end_matches(['。', '？', '！', '?', '!'])
                .trim_end_matches(['か', 'ね', 'よ']);
            POLITE_ENDINGS.iter().any(|e| core.ends_with(e))
        };
        let mut endings: Vec<String> = POLITE_ENDINGS.iter().map(|e| e.to_string()).collect();
        endings.extend(POLITE_ENDINGS.iter().map(|e| e.chars().skip(1).collect()));
        endings.extend(
            [
                "す",
                "た",
                "ん",
                "う",
                "い",
                "る",
                "だ",
                "語",
                "a",
                "",
                "しょう",
            ]
            .map(String::from),
        );
        let mut polite = 0;
        for ending in &endings {
            for particle in ["", "か", "ね", "よね"] {
                for terminator in ["。", "？", "!", ""] {
                    let sentence = format!("会談は{ending}{particle}{terminator}");
                    let expected = !terminator.is_empty() && by_every_ending(&sentence);
                    assert_eq!(
                        register(&sentence) == Some(Register::Polite),
                        expected,
                        "{sentence}"
                    );
                    polite += usize::from(expected);
                }
            }
        }
        assert!(polite >= 8 * 4 * 3, "{polite}");
    }

    #[test]
    fn quotes_headings_lists_and_one_register_are_left_alone() {
        for text in [
            "首脳会談の概要\n大統領は「合意しなければならない。」と述べました。協議は続いています。",
            "・合意した。\n・署名した。\n会談は続いています。協議も続いています。",
            "会談は続いた。協議も続いた。",
            "会談は続いた。協議は続いています。",
        ] {
            assert!(
                run(&MixedPoliteness, text).is_empty(),
                "{text}: {:?}",
                run(&MixedPoliteness, text)
            );
        }
    }
}
