use super::{MAX_FURNITURE_CHARS, PageLayout, label_lines};
use crate::declare_rule;
use crate::document::{Document, has_more_chars_than, trim};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use rustc_hash::FxHashMap as HashMap;

declare_rule! {
    /// ## What it does
    /// Finds lines that belong to the web page, not the article (share buttons, navigation, repeated
    /// labels and bylines, credits, markers such as 本文 or 本稿終了, empty section headers at the end) and
    /// removes them whole.
    ///
    /// ## Why is this bad?
    /// Scraping kept the page around the article. For analysis and publication these lines are noise
    /// that repeats across thousands of articles.
    ///
    /// ## How it decides
    /// Only short lines that are not sentences count (no `。`, at most 60 characters). Such a line is
    /// furniture when:
    /// - it is written twice or more in the article (Research, Research);
    /// - it stands in many articles of the corpus, at the article's head or tail;
    /// - it stands above the title, or at the head or tail and shares fewer than a third of its words
    ///   with the article's body (URLをコピーしました, 本稿終了);
    /// - it matches the furniture table (src/data/boilerplate.toml), or is a section header from it with
    ///   nothing after it but furniture.
    ///
    /// These signals work without the table. The title (the first line whose words the body takes up,
    /// with the lines it wraps onto) and every sentence are never removed; datelines and section labels
    /// are boilerplate/dateline's, lines in another script foreign-text's.
    ///
    /// ## Example
    /// ```text
    /// Research
    /// トランプ・ゼレンスキー会談、和平実現へ詰めの協議
    /// URLをコピーしました
    /// トランプ米大統領とウクライナのゼレンスキー大統領は会談しました。…
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// トランプ・ゼレンスキー会談、和平実現へ詰めの協議
    /// トランプ米大統領とウクライナのゼレンスキー大統領は会談しました。…
    /// ```
    pub struct PageFurniture {
        id: "boilerplate/page-furniture",
        category: Boilerplate,
        severity: Warning,
        fixability: Always,
        summary: "page furniture: buttons, navigation, bylines, credits, markers",
        reads_corpus: true,
    }
}

/// Corpus furniture stands in at least this many documents…
const MIN_CORPUS_DOCUMENTS: u64 = 3;
/// …and in at least this share of them.
const MIN_CORPUS_SHARE: f64 = 0.05;
/// Below this share of words shared with the body, an edge line is not the article's.
const MAX_FOREIGN_OVERLAP: f32 = 0.34;

impl Rule for PageFurniture {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        let layout = PageLayout::new(document);
        let patterns = &context.knowledge.boilerplate;
        let corpus = context.corpus.as_deref();
        let title = layout.title_line();
        let title_lines = layout.title_lines();

        let lines: Vec<&str> = document.line_spans().map(|s| trim(&text[s])).collect();
        let labels = label_lines(document);
        let foreign = crate::rules::foreign_text::foreign_lines(document);
        // Only lines that could be furniture can repeat one (hashing every paragraph costs time): short
        // ones, and not body lines (whether a line is body depends on its text alone, so a copy of a
        // furniture candidate is never one).
        let mut repeats: HashMap<&str, usize> = HashMap::default();
        for (index, line) in lines.iter().enumerate() {
            if !line.is_empty() && line.len() <= MAX_FURNITURE_CHARS * 4 && !layout.is_body(index) {
                *repeats.entry(line).or_default() += 1;
            }
        }
        let is_candidate = |index: usize| {
            let line = lines[index];
            !line.is_empty()
                && !title_lines.contains(&index)
                && !layout.is_body(index)
                && !foreign[index]
                && !line.ends_with(['。', '？', '！', '?', '!'])
                && !has_more_chars_than(line, MAX_FURNITURE_CHARS)
                && !labels[index]
        };

        // A list and its header are content (a reference list under 参考資料), whatever their words.
        let is_list_item = |index: usize| {
            lines
                .get(index)
                .is_some_and(|l| l.starts_with(['・', '•', '-', '*', '●', '○', '◆']))
        };
        let mut reasons: Vec<(usize, &'static str)> = Vec::new();
        for index in (0..lines.len()).filter(|&i| is_candidate(i)) {
            let line = lines[index];
            let in_list = is_list_item(index) || is_list_item(index + 1);
            let edge = layout.at_edge(index) && !in_list;
            let reason = if patterns.furniture.is_match(line) {
                Some("furniture table")
            } else if repeats[line] >= 2 {
                Some("repeated in the article")
            } else if edge
                && corpus.is_some_and(|c| {
                    let documents = c.line_documents(line);
                    documents >= MIN_CORPUS_DOCUMENTS
                        && documents as f64 >= MIN_CORPUS_SHARE * c.lexicon.documents as f64
                })
            {
                Some("repeated across the corpus")
            } else if title.is_some_and(|t| index < t)
                && layout.shares_fewer_words_than(line, 0.5) != Some(false)
            {
                Some("above the title")
            } else if edge
                && layout.shares_fewer_words_than(line, MAX_FOREIGN_OVERLAP) == Some(true)
            {
                Some("shares no words with the article")
            } else {
                None
            };
            if let Some(reason) = reason {
                reasons.push((index, reason));
            }
        }
        // An empty section header: nothing after it but furniture and blank lines. Walked from the end,
        // so whether the rest is empty is known at each line.
        let mut is_furniture = vec![false; lines.len()];
        for &(index, _) in &reasons {
            is_furniture[index] = true;
        }
        let mut rest_is_empty = true;
        for index in (0..lines.len()).rev() {
            if !is_furniture[index]
                && rest_is_empty
                && is_candidate(index)
                && patterns.empty_headers.is_match(lines[index])
            {
                reasons.push((index, "section header with nothing under it"));
            }
            rest_is_empty &= lines[index].is_empty() || is_furniture[index];
        }
        reasons.sort();

        // Lines next to each other (blank lines between them allowed) go in one removal.
        let mut groups: Vec<Vec<(usize, &str)>> = Vec::new();
        for (index, reason) in reasons {
            let joins = groups.last().is_some_and(|group| {
                let last = group.last().expect("groups are not empty").0;
                (last + 1..index).all(|between| lines[between].is_empty())
            });
            if joins {
                groups
                    .last_mut()
                    .expect("checked above")
                    .push((index, reason));
            } else {
                groups.push(vec![(index, reason)]);
            }
        }
        for group in groups {
            let first = group[0].0;
            let last = group[group.len() - 1].0;
            let described: Vec<String> = group
                .iter()
                .map(|&(index, reason)| format!("`{}` ({reason})", lines[index]))
                .collect();
            findings.push(
                Finding::new(
                    &Self::META,
                    text,
                    document.lines_removal_span(first, last),
                    format!("page furniture: {}", described.join(", ")),
                )
                .with_replacement(""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::fixed;

    const BODY: &str = "欧州委員会は新たな支援策を発表した。加盟国の多くはこれを歓迎している。\n\n支援策の柱はエネルギー分野の投資である。委員会は年内の実施を目指す。\n\n加盟国の財務相は支援策の財源について協議を続けている。";

    #[test]
    fn removes_repeated_labels_buttons_and_tail_navigation() {
        let text = format!(
            "Insight\n\nInsight\n\n欧州委員会、新たな支援策を発表\nリンクをコピー\n\n{BODY}\n\n関連記事\n\n人気ランキング\n"
        );
        assert_eq!(
            fixed(&text),
            format!("欧州委員会、新たな支援策を発表\n\n{BODY}\n")
        );
    }

    #[test]
    fn keeps_a_reference_list_at_the_tail() {
        let text = format!(
            "欧州委員会の支援策\n\n{BODY}\n\n参考資料\n・日本銀行「経済・物価情勢の展望」\n・内閣府「月例経済報告」\n"
        );
        assert_eq!(fixed(&text), text);
    }

    #[test]
    fn keeps_the_title_headings_and_sentences() {
        let text =
            format!("欧州委員会の支援策\n\nはじめに\n\n{BODY}\n\nまとめ\n\n支援策の財源が焦点だ。");
        assert_eq!(fixed(&text), text);
    }
}
