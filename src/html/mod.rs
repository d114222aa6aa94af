//! The review site of `kintsugi report --html DIR`: an index of the corpus and one page per article,
//! plain HTML with a stylesheet and a little JavaScript, no server and no network. Article text is
//! untrusted: every piece of it is escaped.

use crate::finding::Category;
use crate::fix::{Fixed, Outcome};
use crate::summary::DocumentSummary;
use std::fmt::Write as _;
use std::path::Path;

const STYLESHEET: &str = include_str!("kintsugi.css");
const SCRIPT: &str = include_str!("kintsugi.js");

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, root: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"{root}kintsugi.css\">\n</head>\n<body>\n{body}\n\
         <script src=\"{root}kintsugi.js\"></script>\n</body>\n</html>\n",
        escape(title)
    )
}

/// One article: its text with every finding highlighted (colour and a label), the findings in a side
/// list with their replacement or "flag only", and the cleaned text behind a toggle.
pub fn article_page(
    document_name: &str,
    text: &str,
    fixed: &Fixed,
    summary: &DocumentSummary,
) -> String {
    let entries = &fixed.log.entries;
    // Cut the text at every finding boundary: each piece is covered by the same findings throughout,
    // so overlapping findings are all shown.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for entry in entries {
        cuts.push(entry.finding.span.start);
        cuts.push(entry.finding.span.end);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut highlighted = String::with_capacity(text.len() * 2);
    for piece in cuts.windows(2) {
        let (start, end) = (piece[0], piece[1]);
        let covering: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                let span = &entries[i].finding.span;
                span.start <= start && end <= span.end
            })
            .collect();
        // Every finding that starts here gets its anchor here: the piece's mark carries the first
        // one's id; the others (and findings with an empty span) get an empty mark of their own.
        let starting: Vec<usize> = (0..entries.len())
            .filter(|&i| entries[i].finding.span.start == start)
            .collect();
        let anchor_on_mark = starting.iter().copied().find(|i| covering.contains(i));
        for &i in starting.iter().filter(|&&i| Some(i) != anchor_on_mark) {
            let _ = write!(
                highlighted,
                "<mark id=\"f{i}\" class=\"empty\" data-findings=\"{i}\" data-category=\"{}\" tabindex=\"0\"></mark>",
                entries[i].finding.category
            );
        }
        if covering.is_empty() {
            highlighted.push_str(&escape(&text[start..end]));
        } else {
            let first = covering[0];
            let anchor = anchor_on_mark
                .map(|i| format!(" id=\"f{i}\" tabindex=\"0\""))
                .unwrap_or_default();
            let ids: Vec<String> = covering.iter().map(usize::to_string).collect();
            let titles: Vec<String> = covering
                .iter()
                .map(|&i| describe(&entries[i].finding, entries[i].outcome))
                .collect();
            let _ = write!(
                highlighted,
                "<mark{anchor} data-findings=\"{}\" data-category=\"{}\" title=\"{}\">{}</mark>",
                ids.join(" "),
                entries[first].finding.category,
                escape(&titles.join("\n")),
                escape(&text[start..end])
            );
        }
        // A label after each finding's last piece: readable without colour.
        for &i in &covering {
            if entries[i].finding.span.end == end {
                let _ = write!(
                    highlighted,
                    "<sup class=\"tag\">{}</sup>",
                    entries[i].finding.category
                );
            }
        }
    }

    let mut list = String::new();
    for (i, entry) in entries.iter().enumerate() {
        let finding = &entry.finding;
        let change = match &finding.replacement {
            Some(replacement) if entry.outcome == Outcome::Applied => format!(
                "replaced by <span class=\"replacement\">{}</span>",
                escape(&crate::fix::visible(replacement))
            ),
            Some(replacement) => format!(
                "<span class=\"flag-only\">flag only</span> ({}; suggested <span class=\"replacement\">{}</span>)",
                entry.outcome.as_str(),
                escape(&crate::fix::visible(replacement))
            ),
            None => "<span class=\"flag-only\">flag only</span>".to_string(),
        };
        let _ = writeln!(
            list,
            "<li id=\"item-f{i}\" data-category=\"{}\"><a href=\"#f{i}\">{}:{}</a> <span class=\"rule\">{}</span> [{}]<br>{}<br><span class=\"original\">{}</span> → {}</li>",
            finding.category,
            entry.line,
            entry.column,
            escape(finding.rule),
            finding.category,
            escape(&finding.message),
            escape(&crate::fix::visible(&finding.text)),
            change
        );
    }

    let body = format!(
        "<header><a href=\"../index.html\">kintsugi</a> › {name} · score {score} · {count} findings</header>\n\
         <main>\n<section>\n<p><button id=\"toggle\" aria-pressed=\"false\">Show the cleaned text</button>\n\
         <span class=\"help\">Keys: n / p next and previous finding, t toggle.</span></p>\n\
         <div id=\"original\" class=\"text\">{highlighted}</div>\n\
         <div id=\"cleaned\" class=\"text hidden\">{cleaned}</div>\n</section>\n\
         <aside>\n<h2>Findings</h2>\n<ol id=\"findings\">\n{list}</ol>\n</aside>\n</main>",
        name = escape(document_name),
        score = summary.score,
        count = entries.len(),
        cleaned = escape(&fixed.text),
    );
    page(document_name, "../", &body)
}

fn describe(finding: &crate::finding::Finding, outcome: Outcome) -> String {
    let change = match (&finding.replacement, outcome) {
        (Some(replacement), Outcome::Applied) => format!("→ {}", crate::fix::visible(replacement)),
        _ => "flag only".to_string(),
    };
    format!("{}: {} ({change})", finding.rule, finding.message)
}

/// One row of the index.
pub struct IndexRow {
    pub document: String,
    pub page: String,
    pub summary: DocumentSummary,
}

/// The corpus index: every article with its score and counts per category, worst first, sortable.
pub fn index_page(rows: &[IndexRow]) -> String {
    let mut table = String::from(
        "<table class=\"sortable\" id=\"articles\">\n<thead><tr><th>document</th><th>score</th><th>findings</th>",
    );
    for category in Category::ALL {
        let _ = write!(table, "<th>{category}</th>");
    }
    table.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        let _ = write!(
            table,
            "<tr><td><a href=\"{}\">{}</a></td><td class=\"number\">{}</td><td class=\"number\">{}</td>",
            escape(&row.page),
            escape(&row.document),
            row.summary.score,
            row.summary.findings
        );
        for category in Category::ALL {
            let _ = write!(
                table,
                "<td class=\"number\">{}</td>",
                row.summary.count(category)
            );
        }
        table.push_str("</tr>\n");
    }
    table.push_str("</tbody>\n</table>");
    let body = format!(
        "<header>kintsugi · {} articles, worst first (click a column to sort)</header>\n<main class=\"index\">\n{table}\n</main>",
        rows.len()
    );
    page("kintsugi review", "", &body)
}

/// Writes the stylesheet and script next to the pages.
pub fn write_assets(dir: &Path) -> std::io::Result<()> {
    crate::files::write_creating_parents(&dir.join("kintsugi.css"), STYLESHEET)?;
    crate::files::write_creating_parents(&dir.join("kintsugi.js"), SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_is_escaped_everywhere() {
        let text = "<script>alert('x')</script>派遣した。。\"&\"";
        let fixed = crate::fix(text, &crate::Config::default());
        let summary = DocumentSummary::new(text, &crate::check(text, &crate::Config::default()));
        let html = article_page("<b>name</b>", text, &fixed, &summary);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(!html.contains("<b>name</b>"));
        // Exactly one script element: kintsugi's own.
        assert_eq!(html.matches("<script").count(), 1);
    }

    #[test]
    fn every_finding_is_highlighted_and_listed() {
        let text = "这样的事情,但是这样的事情。。次の文である。\n";
        let fixed = crate::fix(text, &crate::Config::default());
        let summary = DocumentSummary::new(text, &crate::check(text, &crate::Config::default()));
        let html = article_page("a.txt", text, &fixed, &summary);
        for i in 0..fixed.log.entries.len() {
            assert!(html.contains(&format!("id=\"f{i}\"")), "finding {i}");
            assert!(html.contains(&format!("id=\"item-f{i}\"")), "item {i}");
        }
        assert!(fixed.log.entries.len() >= 2);
    }
}
