//! Page furniture scraped along with articles: buttons, navigation, bylines, credits, markers, datelines.

pub mod dateline;
pub mod page_furniture;

use crate::chinese::is_han;
use crate::document::{Document, RunScript, has_more_chars_than, run_script_of, trim};
use crate::per_thread::PerThread;
use regex::Regex;
use rustc_hash::FxHashSet as HashSet;
use std::cell::{Cell, OnceCell};
use std::sync::LazyLock;

/// Lines longer than this are article text, whatever else they look like.
pub const MAX_FURNITURE_CHARS: usize = 60;

/// A date (2025年11月24日, 25/01/2026, 2026-01-25) and an optional time (11:50), in ASCII or
/// full-width digits. (Not `\d`, every script's digits: compiled at the first label of every run, its
/// twenty-two copies of that class were a seventh of a pre-commit run.)
pub static DATE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    // `D` stands for a digit.
    let pattern = concat!(
        r"(D{4}年D{1,2}月D{1,2}日|D{1,2}/D{1,2}/D{4}|D{4}[/.\-]D{1,2}[/.\-]D{1,2})",
        r"(\s*[(（][^)）]{1,5}[)）])?(\s*D{1,2}:D{2})?"
    );
    PerThread::new(Regex::new(&pattern.replace('D', "[0-9０-９]")).expect("valid regex"))
});

/// The shape of an article page: where the body text is, and which words it uses.
pub struct PageLayout<'d> {
    pub document: &'d Document<'d>,
    /// Lines that are sentences of the article (hold `。` and some length), in order.
    pub body_lines: Vec<usize>,
    /// For each line, whether it is a body line.
    is_body: Vec<bool>,
    /// The first body line whose next non-blank line is body too.
    body_start: Option<usize>,
    /// The words of the body (katakana words, Latin words, kanji pairs), built only when many words are
    /// looked up: a few lookups search the text instead, which is cheaper than hashing every kanji pair.
    body_words: OnceCell<HashSet<&'d str>>,
    words_looked_up: Cell<usize>,
    /// Whether the body has any content word at all.
    body_has_words: OnceCell<bool>,
    /// The title line, found once: page-furniture asks for it and for the lines it wraps onto.
    title: OnceCell<Option<usize>>,
}

/// Lookups searched in the text before the body's word set is built.
const SEARCHED_LOOKUPS: usize = 256;

/// Kanji pairs, katakana words and Latin words of a line: what "the same words" means across lines.
pub fn content_words(text: &str) -> Vec<&str> {
    // Sized once, for a guessed word every two three-byte characters, rather than grown word by word.
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    visit_content_words(text, |word| {
        words.push(word);
        true
    });
    words
}

/// Whether a line has at least `count` content words (the walk ends there: body lines are long).
pub fn has_content_words(text: &str, count: usize) -> bool {
    let mut found = 0;
    visit_content_words(text, |_| {
        found += 1;
        found < count
    });
    found >= count
}

/// Calls `visit` with each content word in order, until it returns false. One walk over the characters,
/// with no buffer: a katakana or Latin run of two letters or more is a word, and in a kanji run every
/// pair of neighbours that starts with a kanji is one.
fn visit_content_words<'t>(text: &'t str, mut visit: impl FnMut(&'t str) -> bool) {
    let mut chars = text.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let script = run_script_of(first);
        let mut previous = (start, first);
        let mut letters = 1;
        while let Some(&(next_start, next)) = chars.peek() {
            if run_script_of(next) != script {
                break;
            }
            chars.next();
            letters += 1;
            if script == RunScript::Han
                && is_han(previous.1)
                && !visit(&text[previous.0..next_start + next.len_utf8()])
            {
                return;
            }
            previous = (next_start, next);
        }
        let end = previous.0 + previous.1.len_utf8();
        if matches!(script, RunScript::Katakana | RunScript::Latin)
            && letters >= 2
            && !visit(&text[start..end])
        {
            return;
        }
    }
}

impl<'d> PageLayout<'d> {
    pub fn new(document: &'d Document<'d>) -> PageLayout<'d> {
        // Sized for every line at once: grown line by line, they were reallocated a few times in
        // every document.
        let line_count = document.line_starts().len();
        let mut body_lines = Vec::with_capacity(line_count);
        let mut is_body = Vec::with_capacity(line_count);
        for (index, span) in document.line_spans().enumerate() {
            let body = document.holds_full_stop(span.clone())
                && has_more_chars_than(trim(&document.text[span]), 14);
            is_body.push(body);
            if body {
                body_lines.push(index);
            }
        }
        // Walk the non-blank lines once: the body starts where two body lines follow each other.
        let mut body_start = None;
        let mut previous_non_blank: Option<usize> = None;
        for (index, span) in document.line_spans().enumerate() {
            if trim(&document.text[span]).is_empty() {
                continue;
            }
            if let Some(previous) = previous_non_blank
                && is_body[previous]
                && is_body[index]
            {
                body_start = Some(previous);
                break;
            }
            previous_non_blank = Some(index);
        }
        let body_start = body_start.or(body_lines.first().copied());
        PageLayout {
            document,
            body_lines,
            is_body,
            body_start,
            body_words: OnceCell::new(),
            words_looked_up: Cell::new(0),
            body_has_words: OnceCell::new(),
            title: OnceCell::new(),
        }
    }

    /// Whether a body line has `word` among its content words.
    fn body_has_word(&self, word: &str) -> bool {
        let looked_up = self.words_looked_up.get() + 1;
        self.words_looked_up.set(looked_up);
        if looked_up > SEARCHED_LOOKUPS || self.body_words.get().is_some() {
            return self
                .body_words
                .get_or_init(|| {
                    self.body_lines
                        .iter()
                        .filter_map(|&index| self.document.line_span(index))
                        .flat_map(|span| content_words(self.document.text[span].trim()))
                        .collect()
                })
                .contains(word);
        }
        let text = self.document.text;
        let script = word.chars().next().map(run_script_of);
        // Only the stretch from the first body line to the last can hold a body line's word.
        let (Some(&first), Some(&last)) = (self.body_lines.first(), self.body_lines.last()) else {
            return false;
        };
        let (Some(first), Some(last)) = (
            self.document.line_span(first),
            self.document.line_span(last),
        ) else {
            return false;
        };
        let body = &text.as_bytes()[first.start..last.end];
        crate::scan::any_occurrence(body, word.as_bytes(), |found| {
            let start = first.start + found;
            let end = start + word.len();
            // A katakana or Latin word is a whole run; a kanji pair may sit inside a longer run.
            let whole = script == Some(RunScript::Han)
                || (text[..start].chars().next_back().map(run_script_of) != script
                    && text[end..].chars().next().map(run_script_of) != script);
            whole && self.is_body(self.document.line_index(start))
        })
    }

    pub fn is_body(&self, line: usize) -> bool {
        self.is_body.get(line).copied().unwrap_or(false)
    }

    /// Before the article's body starts, or after its last body line. The body starts at the first body
    /// line whose next non-blank line is body too: a lone lede above page furniture does not start it,
    /// and a heading between paragraphs is inside it.
    pub fn at_edge(&self, line: usize) -> bool {
        match (self.body_start, self.body_lines.last()) {
            (Some(start), Some(&last)) => line < start || line > last,
            _ => true,
        }
    }

    /// Whether the share of a line's words that the body uses too is below `share`; `None` for a line
    /// without words. Words are looked up only until the answer is known (each lookup may search the
    /// whole text): the share is compared as `shared / words`, whole, with what is known and what is
    /// left, and both bounds only grow with `shared`.
    pub fn shares_fewer_words_than(&self, line: &str, share: f32) -> Option<bool> {
        // Asked first: a document without body words (a one-line record) needs no words of the line.
        let body_has_words = *self.body_has_words.get_or_init(|| {
            self.body_lines.iter().any(|&index| {
                self.document
                    .line_span(index)
                    .is_some_and(|span| has_content_words(trim(&self.document.text[span]), 1))
            })
        });
        if !body_has_words {
            return None;
        }
        let words = content_words(line);
        if words.is_empty() {
            return None;
        }
        let below = |shared: usize| (shared as f32 / words.len() as f32) < share;
        let mut shared = 0;
        for (looked_up, word) in words.iter().enumerate() {
            if !below(shared) {
                return Some(false);
            }
            if below(shared + words.len() - looked_up) {
                return Some(true);
            }
            shared += usize::from(self.body_has_word(word));
        }
        Some(below(shared))
    }

    /// The title's lines: the title line and the lines it wraps onto (モスクワのウィトコフ:キーウは /
    /// 交渉の席に居るのか、それとも / 食卓に載せられるのか).
    pub fn title_lines(&self) -> std::ops::Range<usize> {
        let Some(first) = self.title_line() else {
            return 0..0;
        };
        let mut last = first;
        while let Some(span) = self.document.line_span(last) {
            let wraps = crate::document::ends_mid_sentence(&self.document.text[span])
                && !self.document.is_blank_line(last + 1)
                && last + 1 < self.document.line_starts().len();
            if !wraps {
                break;
            }
            last += 1;
        }
        first..last + 1
    }

    /// The title: the first line before the body whose words the body takes up (half of them, at
    /// least two words); failing that, the first line before the body that is not a label. Lines
    /// above it are the page's, not the article's.
    pub fn title_line(&self) -> Option<usize> {
        *self.title.get_or_init(|| self.find_title_line())
    }

    fn find_title_line(&self) -> Option<usize> {
        let first_body = self
            .body_lines
            .first()
            .copied()
            .unwrap_or(self.document.line_starts().len());
        let line = |index: usize| {
            self.document
                .line_span(index)
                .map_or("", |span| trim(&self.document.text[span]))
        };
        (0..first_body)
            .find(|&index| {
                // A line mostly in another script is not a Japanese article's title.
                has_content_words(line(index), 2)
                    && !crate::rules::foreign_text::foreign_lines(self.document)[index]
                    && self.shares_fewer_words_than(line(index), 0.5) == Some(false)
            })
            .or_else(|| {
                let labels = label_lines(self.document);
                (0..first_body).find(|&index| !line(index).is_empty() && !labels[index])
            })
    }
}

/// What a short line holds that may make it a label, from one pass over its bytes: a digit (`\d` is
/// any Unicode digit; kanji and kana hold none, and their lead bytes E3–E9 are skipped undecoded), and a
/// breadcrumb separator (` / `, ` > `, ` | `, `›`, `»`, `＞`). Most short lines have neither, and skip
/// the date pattern and the split into sections.
#[derive(Debug, PartialEq)]
struct LabelMarks {
    digit: bool,
    separator: bool,
}

fn label_marks(line: &str) -> LabelMarks {
    let bytes = line.as_bytes();
    let mut marks = LabelMarks {
        digit: false,
        separator: false,
    };
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'0'..=b'9' => marks.digit = true,
            b' ' => {
                marks.separator |=
                    matches!(bytes.get(at + 1..at + 3), Some([b'/' | b'>' | b'|', b' ']));
            }
            0x00..=0x7F => {}
            // U+3000–U+9FFF: kana, kanji and CJK punctuation, none a digit or a separator.
            0xE3..=0xE9 => {
                at += 3;
                continue;
            }
            _ => {
                let c = line[at..].chars().next().expect("at is a char boundary");
                marks.digit |= c.is_numeric();
                marks.separator |= matches!(c, '›' | '»' | '＞');
                at += c.len_utf8();
                continue;
            }
        }
        at += 1;
    }
    marks
}

/// Whether each line of the document is a label ([`is_label`]), found once: dateline asks for every line,
/// page-furniture and the title search for the short ones again.
pub fn label_lines<'d>(document: &'d Document) -> &'d [bool] {
    document.label_lines.get_or_init(|| {
        document
            .line_spans()
            .map(|span| is_label(&document.text[span]))
            .collect()
    })
}

/// A line that is only a date and time, with at most a short section name (2025年12月2日 11:50
/// ロシア・旧ソ連諸国), or a breadcrumb of short sections (article / グローバル・ポリティクス).
pub fn is_label(line: &str) -> bool {
    let line = trim(line);
    if line.is_empty() || line.ends_with('。') || has_more_chars_than(line, 40) {
        return false;
    }
    let marks = label_marks(line);
    if marks.digit
        && let Some(date) = DATE.with(|date| date.find(line))
    {
        let rest = format!("{}{}", &line[..date.start()], &line[date.end()..]);
        let rest = rest.trim();
        let short_section = rest.chars().count() <= 15
            && rest.chars().all(|c| {
                matches!(
                    run_script_of(c),
                    RunScript::Han | RunScript::Hiragana | RunScript::Katakana
                ) || "・·| /".contains(c)
            });
        return rest.is_empty() || short_section;
    }
    if !marks.separator {
        return false;
    }
    let segments: Vec<&str> = line
        .split([' ', '/', '>', '›', '»', '|', '＞'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    segments.len() <= 4 && segments.iter().all(|s| s.chars().count() <= 15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_dates_with_short_sections_and_breadcrumbs() {
        assert!(is_label("25/01/2026"));
        assert!(is_label("2025年12月2日 11:50 ロシア・旧ソ連諸国"));
        assert!(is_label("article / グローバル·ポリティクス"));
        assert!(is_label("ニュース > 国際 > 欧州"));
        assert!(!is_label("RT War on UKRAINE #9067 2025年11月24日"));
        assert!(!is_label(
            "2026年1月23日、アラブ首長国連邦の首都で会談が開かれた。"
        ));
        assert!(!is_label("モスクワのウィトコフ:キーウは"));
        // Full-width digits are digits to the date pattern, and to the test that lets a line reach it.
        assert!(is_label("２０２５年１２月２日"));
        assert!(is_label("2025/12/02 （火） ０９:３０"));
        // The digit test skips kana and kanji without asking the tables: none of them is a digit.
        assert!(
            ('\u{3000}'..='\u{9FFF}')
                .all(|c| !DATE.value().is_match(&format!("{c}{c}{c}{c}年1月1日")))
        );
    }

    /// The byte pass finds what its definitions say: a character that is numeric (outside U+3000–U+9FFF,
    /// where none is), and a listed separator.
    #[test]
    fn label_marks_are_the_listed_ones() {
        let separators = [" / ", " > ", " | ", "›", "»", "＞"];
        let mut lines: Vec<String> = crate::files::reference_lines(&["seeds", "fixtures"]);
        for separator in separators {
            lines.extend([format!("国際{separator}欧州"), separator.to_string()]);
        }
        lines.extend(
            [
                "a/b", "a /b", "a> b", " |", "| ", " / ", "１２", "٣", "Ⅻ", "½",
            ]
            .map(str::to_string),
        );
        lines.extend(
            (0..0x11000u32)
                .filter_map(char::from_u32)
                .map(|c| format!("あ{c}a")),
        );
        for line in &lines {
            let expected = LabelMarks {
                digit: line.chars().any(|c| {
                    c.is_ascii_digit()
                        || (!c.is_ascii()
                            && !matches!(c, '\u{3000}'..='\u{9FFF}')
                            && c.is_numeric())
                }),
                separator: separators.iter().any(|s| line.contains(s)),
            };
            assert_eq!(label_marks(line), expected, "{line}");
        }
    }

    /// The rules index the found labels by line: one answer a line, each as `is_label` gives it.
    #[test]
    fn label_lines_answer_for_each_line() {
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push("記事の題\r\n25/01/2026\r\n\r\n本文である。\n2025年12月2日 11:50".into());
        for text in texts {
            let document = Document::new(&text, crate::document::TextKind::Plain);
            let expected: Vec<bool> = document
                .line_spans()
                .map(|span| is_label(trim(&text[span])))
                .collect();
            assert_eq!(label_lines(&document), expected);
            assert_eq!(expected.len(), document.line_starts().len());
        }
    }

    #[test]
    fn searched_hashed_and_complete_lookups_agree() {
        for text in crate::files::reference_texts(&["seeds", "fixtures"]) {
            let document = Document::new(&text, crate::document::TextKind::Plain);
            let searched = PageLayout::new(&document);
            let hashed = PageLayout::new(&document);
            hashed.words_looked_up.set(SEARCHED_LOOKUPS);
            let body_has_words = hashed.body_lines.iter().any(|&index| {
                document
                    .line_span(index)
                    .is_some_and(|span| has_content_words(&text[span], 1))
            });
            for span in document.line_spans() {
                let line = text[span].trim();
                // Every word looked up, for the answer the early stops must give.
                let words = content_words(line);
                let shared = words.iter().filter(|w| hashed.body_has_word(w)).count();
                for share in [0.1, 0.34, 0.5, 0.75, 1.0] {
                    let expected = (!words.is_empty() && body_has_words)
                        .then(|| (shared as f32 / words.len() as f32) < share);
                    let found = searched.shares_fewer_words_than(line, share);
                    assert_eq!(found, expected, "{line} {share}");
                    assert_eq!(found, hashed.shares_fewer_words_than(line, share));
                    searched.words_looked_up.set(0);
                }
            }
        }
    }

    #[test]
    fn counting_content_words_agrees_with_listing_them() {
        for text in crate::files::reference_texts(&["seeds", "fixtures"]) {
            for line in text.lines() {
                let listed = content_words(line).len();
                for count in 1..=3 {
                    assert_eq!(has_content_words(line, count), listed >= count, "{line}");
                }
            }
        }
    }

    #[test]
    fn content_words_are_kanji_pairs_katakana_and_latin_words() {
        assert_eq!(content_words("URLをコピーしました"), vec!["URL", "コピー"]);
        assert_eq!(content_words("和平実現へ"), vec!["和平", "平実", "実現"]);
        assert_eq!(
            content_words("NATOと日本、ゼレンスキー氏A"),
            vec!["NATO", "日本", "ゼレンスキー"]
        );
    }
}
