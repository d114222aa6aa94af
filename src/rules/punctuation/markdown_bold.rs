use crate::declare_rule;
use crate::document::{Document, TextKind};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds Markdown bold markers `**` in a plain-text article and removes them. Markdown files (`.md`)
    /// are not checked: there `**` is syntax.
    ///
    /// ## Why is this bad?
    /// The article went through a Markdown renderer's source on its way into the corpus. In plain text the
    /// markers are noise inside sentences and break phrase matching.
    ///
    /// ## Example
    /// ```text
    /// 核心は次の点だ:**大国間の取引**である。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 核心は次の点だ:大国間の取引である。
    /// ```
    pub struct MarkdownBold {
        id: "punctuation/markdown-bold",
        category: Punctuation,
        severity: Warning,
        fixability: Always,
        summary: "Markdown ** markers in plain text",
    }
}

/// Built once: building a finder costs more than searching a short article with it.
static BOLD_MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("**"));

impl Rule for MarkdownBold {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, _context: &Context, findings: &mut Vec<Finding>) {
        if document.kind == TextKind::Markdown {
            return;
        }
        for start in BOLD_MARKER.find_iter(document.text.as_bytes()) {
            findings.push(
                Finding::new(
                    &Self::META,
                    document.text,
                    start..start + 2,
                    "Markdown bold marker `**` in plain text",
                )
                .with_replacement(""),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{run, run_kind};

    #[test]
    fn removes_markers_in_plain_text() {
        assert_eq!(
            run(&MarkdownBold, "次の点だ:**大国間の取引**である"),
            vec![
                ("**".into(), Some("".into())),
                ("**".into(), Some("".into()))
            ]
        );
    }

    #[test]
    fn leaves_markdown_files_and_single_asterisks() {
        assert!(run_kind(&MarkdownBold, "**重要**な点", TextKind::Markdown).is_empty());
        assert!(run(&MarkdownBold, "注*:3 * 4").is_empty());
    }
}
