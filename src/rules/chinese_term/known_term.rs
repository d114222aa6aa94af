use crate::declare_rule;
use crate::document::Document;
use crate::finding::Finding;
use crate::knowledge::Term;
use crate::rules::{Context, Rule, RuleMeta};
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Finds Chinese words, Chinese renderings of names and calques (Chinese words spelled with Japanese
    /// characters) listed in the chinese-term table, inside Japanese sentences.
    ///
    /// ## Why is this bad?
    /// The sentence around them is Japanese, so they pass for Japanese, but a Japanese reader does not
    /// know them (分歧, 転贈), or they stand where Japanese has its own word (20点計画 for 20項目計画,
    /// 特朗普 for トランプ). Searches and name counts miss them.
    ///
    /// Where the table gives one Japanese replacement it is applied; where it gives several, the finding
    /// lists them and nothing is changed. The table is data (src/data/chinese-terms.toml) and users add
    /// their own files with the same keys.
    ///
    /// ## Example
    /// ```text
    /// 米欧の戦略的分歧が鮮明になった。特朗普政権は20点計画を示した。
    /// ```
    ///
    /// Use instead (分歧 is reported with 分岐, 相違 and 対立 as candidates, and left for a person):
    /// ```text
    /// 米欧の戦略的分歧が鮮明になった。トランプ政権は20項目計画を示した。
    /// ```
    pub struct KnownTerm {
        id: "chinese-term/known-term",
        category: ChineseTerm,
        severity: Warning,
        fixability: Sometimes,
        summary: "Chinese word or calque from the chinese-term table",
    }
}

impl Rule for KnownTerm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let terms = &context.knowledge.chinese_terms;
        // The lines any term can be in, from one search, when every match lies within a line.
        let lines = terms
            .line_words
            .as_ref()
            .map(|words| words.lines_holding(text));
        let whole_text = 0..text.len();
        for line in lines
            .as_deref()
            .unwrap_or(std::slice::from_ref(&whole_text))
        {
            for found in terms.literals.find_iter(&text[line.clone()]) {
                let span = line.start + found.start()..line.start + found.end();
                let term = &terms.literal_terms[found.pattern()];
                if !inside_excluded_word(text, span.clone(), term) {
                    findings.push(finding(text, span, term, &term.candidates));
                }
            }
        }
        for (pattern, term) in &terms.patterns {
            let matches = match &lines {
                Some(lines) => pattern.captures_in_lines(text, lines),
                None => pattern.captures(text),
            };
            for (offset, captures) in matches {
                let whole = captures.get(0).expect("group 0 always matches");
                let span = offset + whole.start()..offset + whole.end();
                if inside_excluded_word(text, span.clone(), term) {
                    continue;
                }
                let candidates: Vec<String> = term
                    .candidates
                    .iter()
                    .map(|candidate| {
                        let mut expanded = String::new();
                        captures.expand(candidate, &mut expanded);
                        expanded
                    })
                    .collect();
                findings.push(finding(text, span, term, &candidates));
            }
        }
    }
}

/// Whether the match is part of a longer Japanese word the term lists as an exception (移動用 for 動用).
fn inside_excluded_word(text: &str, span: Range<usize>, term: &Term) -> bool {
    let matched = &text[span.clone()];
    term.exclude.iter().any(|word| {
        word.match_indices(matched).any(|(offset, _)| {
            span.start >= offset && text[span.start - offset..].starts_with(word.as_str())
        })
    })
}

fn finding(text: &str, span: Range<usize>, term: &Term, candidates: &[String]) -> Finding {
    let matched = &text[span.clone()];
    let note = if term.note.is_empty() {
        String::new()
    } else {
        format!(" ({})", term.note)
    };
    match candidates {
        [single] => Finding::new(
            &KnownTerm::META,
            text,
            span,
            format!("`{matched}` is not Japanese{note}: write `{single}`"),
        )
        .with_replacement(single.clone()),
        several => Finding::new(
            &KnownTerm::META,
            text,
            span,
            format!(
                "`{matched}` is not Japanese{note}: depending on the sense, write {}",
                several
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn a_single_candidate_is_applied() {
        assert_eq!(
            run(&KnownTerm, "特朗普政権は20点計画を示した。"),
            vec![
                ("特朗普".into(), Some("トランプ".into())),
                ("20点計画".into(), Some("20項目計画".into())),
            ]
        );
        assert_eq!(
            run(&KnownTerm, "特澤会談と特ゼ会談"),
            vec![
                ("特澤会談".into(), Some("トランプ・ゼレンスキー会談".into())),
                ("特ゼ会談".into(), Some("トランプ・ゼレンスキー会談".into())),
            ]
        );
    }

    #[test]
    fn a_pattern_that_crosses_lines_has_the_whole_text_searched() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("terms.toml");
        std::fs::write(
            &file,
            "[[term]]\npattern = '会\\s談'\ncandidates = [\"会談\"]\n",
        )
        .unwrap();
        let files = crate::knowledge::KnowledgeFiles {
            chinese_terms: vec![&file],
            ..Default::default()
        };
        let context = Context {
            knowledge: std::sync::Arc::new(crate::knowledge::Knowledge::load(&files).unwrap()),
            ..Context::default()
        };
        assert!(context.knowledge.chinese_terms.line_words.is_none());
        assert!(
            Context::default()
                .knowledge
                .chinese_terms
                .line_words
                .is_some()
        );
        let text = "特朗普は20点計画を示した。\n特澤会\n談の後、戦略的分歧が残った。";
        let found = |context: &Context| {
            let mut findings = Vec::new();
            KnownTerm.check(
                &Document::new(text, crate::TextKind::Plain),
                context,
                &mut findings,
            );
            findings
                .into_iter()
                .map(|f| f.text)
                .collect::<Vec<String>>()
        };
        assert_eq!(found(&Context::default()), ["特朗普", "分歧", "20点計画"]);
        assert_eq!(found(&context), ["特朗普", "分歧", "20点計画", "会\n談"]);
    }

    #[test]
    fn several_candidates_are_only_reported() {
        assert_eq!(run(&KnownTerm, "戦略的分歧を"), vec![("分歧".into(), None)]);
    }

    #[test]
    fn longer_japanese_words_are_left_alone() {
        assert!(
            run(
                &KnownTerm,
                "移動用の車両と運動用の器具、分岐点、3点セット、特別会談"
            )
            .is_empty()
        );
        assert_eq!(run(&KnownTerm, "1000億ドルしか動用できず").len(), 1);
    }
}
