use crate::declare_rule;
use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds the Latin middle dot `·` (U+00B7) between katakana, where Japanese writes the katakana middle
    /// dot `・` (U+30FB).
    ///
    /// ## Why is this bad?
    /// Chinese joins the parts of foreign names with `·`; the translation kept it. Tools that split names
    /// on `・` (and readers) see one odd word instead of two.
    ///
    /// ## Example
    /// ```text
    /// グローバル·ポリティクス
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// グローバル・ポリティクス
    /// ```
    pub struct MiddleDot {
        id: "punctuation/middle-dot",
        category: Punctuation,
        severity: Warning,
        fixability: Always,
        summary: "Latin middle dot · between katakana",
    }
}

fn is_katakana(c: Option<char>) -> bool {
    c.is_some_and(|c| run_script_of(c) == RunScript::Katakana)
}

/// Searched for by both its bytes: std's `match_indices` stops at every 0xB7 byte, which is common inside
/// Japanese characters. Built once.
static MIDDLE_DOT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("·"));

impl Rule for MiddleDot {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        let text = document.text;
        for start in MIDDLE_DOT.find_iter(text.as_bytes()) {
            let end = start + '·'.len_utf8();
            if is_katakana(document.char_before(start)) && is_katakana(document.char_at(end)) {
                findings.push(
                    Finding::new(
                        &Self::META,
                        text,
                        start..end,
                        "`·` between katakana; Japanese writes `・`",
                    )
                    .with_replacement("・"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::run;

    #[test]
    fn mends_the_dot_between_katakana() {
        assert_eq!(
            run(&MiddleDot, "ミリタリー·レベル"),
            vec![("·".into(), Some("・".into()))]
        );
    }

    #[test]
    fn leaves_the_dot_elsewhere() {
        assert!(run(&MiddleDot, "Jean·Paul、3·5倍、ミリタリー・レベル").is_empty());
    }
}
