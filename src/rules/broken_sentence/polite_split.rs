use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Finds a clause closed politely and then continued as if it had not been: a polite ending and `。`
    /// followed by words that cannot begin a sentence (選定しました。したことも, 高まっています。ことは), and
    /// joins the two in plain form (選定したことも, 高まっていることは).
    ///
    /// ## Why is this bad?
    /// The translation was done in chunks; one chunk ended the clause with a polite verb and the next
    /// went on with the rest of it. Each half is ungrammatical, and the sentence count is wrong.
    ///
    /// ## How it decides
    /// A continuation cannot begin a sentence when it starts with a nominalizer and a particle (こと, もの,
    /// の + は/が/を/も …) or with a bare verb form that modifies what follows (した, して, する, された +
    /// こと/もの/ため …). The join is applied only where the plain form is certain: the continuation
    /// repeats the verb (しました。した → した), or the ending is one of ている, ていた, した, する, だった. Other
    /// endings (a godan verb's ました, whose plain form depends on the verb) are reported only.
    ///
    /// ## Example
    /// ```text
    /// 会談の場所として選定しました。したことも意味深長だ。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 会談の場所として選定したことも意味深長だ。
    /// ```
    pub struct PoliteSplit {
        id: "broken-sentence/polite-split",
        category: BrokenSentence,
        severity: Warning,
        fixability: Sometimes,
        summary: "a clause closed politely and continued after 。",
    }
}

/// Polite endings, longest first so ていました wins over ました.
const POLITE_ENDINGS: [&str; 11] = [
    "ていました",
    "でいました",
    "ています",
    "でいます",
    "しました",
    "します",
    "でした",
    "ました",
    "ます",
    "です",
    "ません",
];
/// A continuation is a nominaliser with a particle or copula (…ました。ことは), or a verb form with a
/// noun (…しました。したことも).
const NOMINALISERS: [&str; 3] = ["こと", "もの", "の"];
const PARTICLES: [&str; 12] = [
    "は",
    "が",
    "を",
    "も",
    "に",
    "で",
    "と",
    "から",
    "まで",
    "だ",
    "です",
    "である",
];
const VERB_FORMS: [&str; 6] = ["した", "して", "する", "された", "される", "させた"];
const VERB_NOUNS: [&str; 9] = [
    "こと",
    "もの",
    "の",
    "ため",
    "上で",
    "後",
    "結果",
    "場合",
    "ところ",
];

/// The split pattern, and what the search around each 。 needs to know of it, derived from the lists.
struct Split {
    regex: Regex,
    /// The first letters of every continuation.
    continuation_starts: Vec<char>,
    /// The last letters of every polite ending.
    ending_lasts: Vec<char>,
    /// Bytes of the longest polite ending, and of the longest continuation.
    ending_bytes: usize,
    continuation_bytes: usize,
}

static SPLIT: LazyLock<Split> = LazyLock::new(|| {
    let alternatives = |words: &[&str]| words.join("|");
    let longest = |words: &[&str]| words.iter().map(|w| w.len()).max().unwrap_or(0);
    let regex = Regex::new(&format!(
        "({})。((?:{})(?:{})|(?:{})(?:{}))",
        alternatives(&POLITE_ENDINGS),
        alternatives(&NOMINALISERS),
        alternatives(&PARTICLES),
        alternatives(&VERB_FORMS),
        alternatives(&VERB_NOUNS),
    ))
    .expect("valid regex");
    let mut continuation_starts: Vec<char> = NOMINALISERS
        .iter()
        .chain(&VERB_FORMS)
        .filter_map(|w| w.chars().next())
        .collect();
    continuation_starts.sort_unstable();
    continuation_starts.dedup();
    let mut ending_lasts: Vec<char> = POLITE_ENDINGS
        .iter()
        .filter_map(|w| w.chars().next_back())
        .collect();
    ending_lasts.sort_unstable();
    ending_lasts.dedup();
    Split {
        regex,
        continuation_starts,
        ending_lasts,
        ending_bytes: longest(&POLITE_ENDINGS),
        continuation_bytes: (longest(&NOMINALISERS) + longest(&PARTICLES))
            .max(longest(&VERB_FORMS) + longest(&VERB_NOUNS)),
    }
});

/// The plain form of a polite ending, where it does not depend on the verb.
fn plain_form(polite: &str) -> Option<&'static str> {
    match polite {
        "ています" => Some("ている"),
        "でいます" => Some("でいる"),
        "ていました" => Some("ていた"),
        "でいました" => Some("でいた"),
        "しました" => Some("した"),
        "します" => Some("する"),
        "でした" => Some("だった"),
        _ => None,
    }
}

impl Rule for PoliteSplit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let split = &*SPLIT;
        for stop in crate::scan::each_set(document.full_stops()) {
            // Most full stops are followed by a new sentence: only a continuation's first letter
            // after the stop, and a polite ending's last letter before it, make the regex worth
            // running, on a window around this stop.
            let next = stop + "。".len();
            if !text[next..].starts_with(split.continuation_starts.as_slice())
                || !text[..stop].ends_with(split.ending_lasts.as_slice())
            {
                continue;
            }
            let window_start = text.floor_char_boundary(stop.saturating_sub(split.ending_bytes));
            let window_end = text.ceil_char_boundary(next + split.continuation_bytes);
            let ends_here = |captures: &regex::Captures| {
                window_start + captures.get(1).expect("group 1 always takes part").end() == stop
            };
            let Some(captures) = split
                .regex
                .captures_iter(&text[window_start..window_end])
                .find(ends_here)
            else {
                continue;
            };
            let (ending, continuation) = (
                captures.get(1).expect("group 1 always takes part"),
                captures.get(2).expect("group 2 always takes part"),
            );
            let polite = ending.as_str();
            let cut = window_start + ending.start()..window_start + continuation.start();
            // The continuation repeats the verb (しました。した…): drop the polite ending and the stop.
            let repeats_verb = polite.starts_with('し') && continuation.as_str().starts_with('し');
            let replacement = if repeats_verb {
                Some(String::new())
            } else if continuation.as_str().starts_with(['こ', 'も', 'の']) {
                plain_form(polite).map(str::to_string)
            } else {
                None
            };
            let message = format!(
                "the clause ends with `{polite}。` but goes on with `{}`: one sentence cut in two",
                continuation.as_str()
            );
            let finding = Finding::new(&Self::META, text, cut, message);
            findings.push(match replacement {
                Some(joined) => finding.with_replacement(joined),
                None => finding,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{fixed, run};

    #[test]
    fn the_windowed_search_finds_what_the_whole_text_search_finds() {
        let mut texts =
            vec!["ます。しました。ことは選定しました。したことも、でした。のは".to_string()];
        texts.extend(crate::files::reference_texts(&["seeds", "fixtures"]));
        for text in &texts {
            let whole: Vec<(usize, usize)> = SPLIT
                .regex
                .captures_iter(text)
                .map(|c| (c.get(1).unwrap().start(), c.get(2).unwrap().start()))
                .collect();
            let document = Document::new(text, crate::document::TextKind::Plain);
            let mut findings = Vec::new();
            PoliteSplit.check(&document, &Context::default(), &mut findings);
            let windowed: Vec<(usize, usize)> = findings
                .iter()
                .map(|f| (f.span.start, f.span.end))
                .collect();
            assert_eq!(windowed, whole);
        }
    }

    #[test]
    fn rejoins_where_the_plain_form_is_certain() {
        assert_eq!(
            fixed("場所として選定しました。したことも意味深長だ。"),
            "場所として選定したことも意味深長だ。"
        );
        assert_eq!(
            fixed("役割が高まっています。ことは、変化を示す。"),
            "役割が高まっていることは、変化を示す。"
        );
        assert_eq!(
            fixed("交渉は難航でした。ことが分かる。"),
            "交渉は難航だったことが分かる。"
        );
    }

    #[test]
    fn flags_where_the_plain_form_depends_on_the_verb() {
        assert_eq!(
            run(&PoliteSplit, "緊張が高まりました。ことは明らかだ。"),
            vec![("ました。".into(), None)]
        );
    }

    #[test]
    fn leaves_sentences_that_may_begin_so() {
        for text in [
            "合意しました。したがって、交渉は続く。",
            "発表しました。しかし、反発もある。",
            "会談しました。この結果、関係は改善した。",
            "説明します。のちほど詳しく述べる。",
        ] {
            assert!(run(&PoliteSplit, text).is_empty(), "{text}");
        }
    }
}
