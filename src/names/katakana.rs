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

/// Every katakana term of `text`, in order. A run shorter than `min_chars` is skipped (ア, ロ in ロ朝).
pub fn katakana_terms(text: &str, min_chars: usize) -> Vec<KatakanaTerm> {
    let mut terms = Vec::new();
    let mut group: Vec<Range<usize>> = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut last_end = 0;

    let flush_group = |group: &mut Vec<Range<usize>>, terms: &mut Vec<KatakanaTerm>| {
        if group.is_empty() {
            return;
        }
        let name_span = group[0].start..group[group.len() - 1].end;
        let joined = group.len() > 1;
        for span in group.drain(..) {
            if text[span.clone()].chars().count() >= min_chars {
                terms.push(KatakanaTerm {
                    span,
                    joined,
                    name_span: name_span.clone(),
                });
            }
        }
    };

    for (offset, c) in text.char_indices() {
        if is_katakana_letter(c) {
            if run_start.is_none() {
                // A new run continues the group only right after a joiner that follows the last run.
                let continues = !group.is_empty()
                    && text[last_end..offset].chars().count() == 1
                    && text[last_end..offset].chars().all(is_name_joiner);
                if !continues {
                    flush_group(&mut group, &mut terms);
                }
                run_start = Some(offset);
            }
        } else if let Some(start) = run_start.take() {
            group.push(start..offset);
            last_end = offset;
            if !is_name_joiner(c) {
                flush_group(&mut group, &mut terms);
            }
        } else if !is_name_joiner(c) {
            flush_group(&mut group, &mut terms);
        }
    }
    if let Some(start) = run_start {
        group.push(start..text.len());
    }
    flush_group(&mut group, &mut terms);
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
    fn a_dot_between_a_name_and_kanji_does_not_join() {
        assert_eq!(words("軍事・情報とトランプ"), vec![("トランプ", false)]);
    }
}
