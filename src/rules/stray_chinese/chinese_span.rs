use crate::chinese::{is_han, is_non_japanese_han};
use crate::declare_rule;
use crate::document::{Document, RunScript, run_script_of};
use crate::finding::Finding;
use crate::knowledge::ChineseMarkers;
use crate::per_thread::PerThread;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::ops::Range;

declare_rule! {
    /// ## What it does
    /// Finds Chinese left in a Japanese article by the translation (whole filler sentences, fragments
    /// inside Japanese sentences, quoted lines) and removes it with the punctuation that belongs to it.
    ///
    /// ## Why is this bad?
    /// The Chinese is not part of the article: it is what the translator failed to translate or filled in.
    /// It corrupts every analysis of the text, and a reader cannot make sense of it.
    ///
    /// ## How it decides
    /// Japanese is written with kanji too, so no single signal is enough. The rule looks at stretches
    /// without kana, cut at sentence ends, and scores each on independent signals:
    /// - characters Japanese does not use (outside Shift_JIS, such as 这 们 话), two points each;
    /// - commas `,` `，` between kanji (Japanese writes `、`), two points each;
    /// - Chinese function words and structures from the data table (但是, 我们, 在…的), support only;
    /// - a whole sentence without kana (three points), or a whole kanji-only line (one point).
    ///
    /// A stretch is reported with at least two kinds of signal and five points. Chinese quoted on purpose
    /// (in brackets, followed by a particle or a parenthesised gloss) is left alone, as are kanji-only
    /// headings, names and compounds, which carry at most one kind of signal.
    ///
    /// The removal takes its own full stops, closing quotes, a colon and spaces after it, and a line it
    /// empties, so it never leaves `。。` or a line starting with `。` or `:`. A fragment cut from inside a
    /// Japanese sentence is removed too, and its message says the sentence lost content there.
    ///
    /// ## Example
    /// ```text
    /// 合意の見通しは立っていない。因此我们认为,这个问题非常重要。交渉は続く。
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// 合意の見通しは立っていない。交渉は続く。
    /// ```
    pub struct ChineseSpan {
        id: "stray-chinese/chinese-text",
        category: StrayChinese,
        severity: Error,
        fixability: Always,
        summary: "Chinese sentence or fragment left in Japanese text",
    }
}

/// Points a stretch needs, with at least [`MIN_SIGNAL_KINDS`] kinds of signal.
const MIN_SCORE: usize = 5;
const MIN_SIGNAL_KINDS: usize = 2;
/// Kanji a stretch needs before "a whole sentence without kana" means anything (not 以上。).
const MIN_HAN_FOR_SENTENCE: usize = 4;

// Character classes as `matches!`: `&str::contains(char)` showed up as the hot spot in profiles.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『')
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』')
}

/// Characters a kana-free stretch is made of: kanji, digits and the punctuation Chinese uses.
fn is_stretch_char(c: char) -> bool {
    is_han(c)
        || matches!(c,
            '0'..='9' | '０'..='９' | ',' | '，' | '、' | '。' | '：' | ':' | '；' | ';'
            | '“' | '”' | '「' | '」' | '『' | '』' | '！' | '？' | '!' | '?')
}

/// The evidence gathered on one piece of a stretch.
#[derive(Debug, Default)]
struct Signals {
    han: usize,
    non_japanese: usize,
    commas: usize,
    function_words: usize,
    structures: usize,
    whole_sentence: bool,
    whole_line: bool,
}

impl Signals {
    fn score(&self) -> usize {
        2 * self.non_japanese
            + 2 * self.commas
            + self.function_words
            + 2 * self.structures
            + if self.whole_sentence { 3 } else { 0 }
            + usize::from(self.whole_line)
    }

    fn kinds(&self) -> usize {
        usize::from(self.non_japanese > 0)
            + usize::from(self.commas > 0)
            + usize::from(self.function_words + self.structures > 0)
            + usize::from(self.whole_sentence || self.whole_line)
    }

    fn is_chinese(&self) -> bool {
        self.kinds() >= MIN_SIGNAL_KINDS && self.score() >= MIN_SCORE
    }

    fn add(&mut self, other: &Signals) {
        self.han += other.han;
        self.non_japanese += other.non_japanese;
        self.commas += other.commas;
        self.function_words += other.function_words;
        self.structures += other.structures;
        self.whole_sentence |= other.whole_sentence;
        self.whole_line |= other.whole_line;
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.non_japanese > 0 {
            parts.push(format!(
                "{} character(s) Japanese does not use",
                self.non_japanese
            ));
        }
        if self.commas > 0 {
            parts.push(format!("{} comma(s) between kanji", self.commas));
        }
        if self.function_words + self.structures > 0 {
            parts.push(format!(
                "{} Chinese function word(s) or structure(s)",
                self.function_words + self.structures
            ));
        }
        if self.whole_sentence {
            parts.push("a whole sentence without kana".into());
        } else if self.whole_line {
            parts.push("a whole line without kana".into());
        }
        parts.join(", ")
    }
}

impl Rule for ChineseSpan {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, document: &Document, context: &Context, findings: &mut Vec<Finding>) {
        let markers = &context.knowledge.chinese_markers;
        let structure_lines = markers
            .structures_stay_within_lines
            .then(|| lines_with_structures(document, &markers.structures));
        for (index, line) in document.line_spans().enumerate() {
            let line_text = &document.text[line.clone()];
            // Whether the line holds a structure, when the whole-text search tells.
            let line_holds_structure = structure_lines
                .as_ref()
                .map(|lines| lines.binary_search(&index).is_ok());
            let Some(first_signal) = may_hold_chinese(line_text, markers, || {
                line_holds_structure.unwrap_or_else(|| has_structure(line_text, markers))
            }) else {
                continue;
            };
            let first_signal = line.start + first_signal;
            // A stretch is part of its line, so with structures that stay within a line (no line
            // breaks, anchors or word boundaries), a line without one has no stretch with one.
            let stretch_has_structure = |stretch_text: &str| {
                line_holds_structure != Some(false) && has_structure(stretch_text, markers)
            };
            // Without a structure in the line, only stretches reaching the first signal can be
            // reported: the walk starts after the last character before it that no stretch holds,
            // where a stretch may start (most of a line comes before its first signal, if any).
            let walk_start = match line_holds_structure {
                Some(false) => document.text[line.start..first_signal]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !is_stretch_char(c))
                    .map_or(line.start, |(at, c)| line.start + at + c.len_utf8()),
                _ => line.start,
            };
            let mut flagged: Vec<(Range<usize>, Signals)> = Vec::new();
            for stretch in kana_free_stretches(document.text, walk_start..line.end) {
                // The same test on each stretch: most kanji compounds of a line with a comma have none.
                // A stretch that ends before the line's first signal holds none, unscanned.
                let stretch_text = &document.text[stretch.clone()];
                let may_hold_signal = first_signal < stretch.end;
                if !(may_hold_signal
                    && markers
                        .signal_scan
                        .contains_signal(stretch_text, &markers.function_words)
                    || stretch_has_structure(stretch_text))
                {
                    continue;
                }
                for piece in split_at_sentence_ends(document.text, stretch) {
                    let signals = measure(document.text, &line, piece.clone(), markers);
                    if signals.is_chinese() && !is_quoted_with_gloss(document.text, &piece) {
                        merge_or_push(document.text, &mut flagged, piece, signals);
                    }
                }
            }
            for (span, signals) in flagged {
                findings.push(removal(document, &line, span, &signals));
            }
        }
    }
}

/// Whether a line can hold a reported stretch at all, decided in one cheap pass so most lines skip the
/// scoring. A stretch needs two kinds of signal; a whole kana-free sentence or line is one kind only, so
/// the line must hold a character Japanese does not use, a comma, or a function word or structure
/// (`has_structure`, asked only when the scan finds nothing). `Some` with the offset of the line's
/// first signal ([`crate::chinese::SignalScan::first_signal`]; 0 when only a structure was found):
/// pieces of the line that end before it hold no signal.
fn may_hold_chinese(
    text: &str,
    markers: &ChineseMarkers,
    has_structure: impl FnOnce() -> bool,
) -> Option<usize> {
    markers
        .signal_scan
        .first_signal(text, &markers.function_words)
        .or_else(|| has_structure().then_some(0))
}

/// Whether `text` holds a match of one of the structures, searched on its own.
fn has_structure(text: &str, markers: &ChineseMarkers) -> bool {
    markers
        .structures
        .iter()
        .any(|s| s.with(|regex| regex.is_match(text)))
}

/// The lines holding a match of one of `structures`, from one search of the whole text per structure
/// instead of one per line (each search has a start-up cost, and lines are short). Right only for
/// structures whose matches stay within their line ([`ChineseMarkers::structures_stay_within_lines`]).
fn lines_with_structures(document: &Document, structures: &[PerThread<Regex>]) -> Vec<usize> {
    let mut lines: Vec<usize> = Vec::new();
    for structure in structures {
        structure.with(|regex| {
            lines.extend(
                regex
                    .find_iter(document.text)
                    .map(|found| document.line_index(found.start())),
            )
        });
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Maximal runs of stretch characters within a line, trimmed to start at a kanji or an opening quote.
fn kana_free_stretches(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Sized for a stretch every nine bytes (three characters), where lines grew it several times.
    let mut stretches = Vec::with_capacity(line.len() / 9 + 1);
    let mut start: Option<usize> = None;
    let mut at = line.start;
    while at < line.end {
        // Kanji of U+5000–U+9FFF and kana (U+3040–U+30FF), most of a line, by their first two bytes;
        // the other characters decoded.
        let (stretch, length) = match bytes[at..] {
            [0xE5..=0xE9, ..] => (true, 3),
            [0xE3, 0x81..=0x83, ..] => (false, 3),
            _ => {
                let c = text[at..].chars().next().expect("at is a char boundary");
                (is_stretch_char(c), c.len_utf8())
            }
        };
        match (stretch, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                stretches.push(from..at);
                start = None;
            }
            _ => {}
        }
        at += length;
    }
    if let Some(from) = start {
        stretches.push(from..line.end);
    }
    stretches
}

/// Cuts a stretch after each colon and each run of terminators (with the closing quotes right after
/// them), and trims each piece's leading punctuation; pieces with fewer than two kanji are dropped.
fn split_at_sentence_ends(text: &str, stretch: Range<usize>) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut piece_start = stretch.start;
    let mut chars = text[stretch.clone()].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        // A colon ends a piece too, so a Japanese label (報道官:) is judged apart from what follows it.
        if c == ':' || c == '：' {
            let end = stretch.start + offset + c.len_utf8();
            pieces.push(piece_start..end);
            piece_start = end;
            continue;
        }
        if !is_terminator(c) {
            continue;
        }
        let mut end = stretch.start + offset + c.len_utf8();
        while let Some(&(next_offset, next)) = chars.peek() {
            if is_terminator(next) || is_closing_quote(next) {
                end = stretch.start + next_offset + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        pieces.push(piece_start..end);
        piece_start = end;
    }
    pieces.push(piece_start..stretch.end);
    pieces
        .into_iter()
        .filter_map(|piece| {
            let core_offset =
                text[piece.clone()].find(|c: char| is_han(c) || is_opening_quote(c))?;
            let core = piece.start + core_offset..piece.end;
            (text[core.clone()].chars().filter(|&c| is_han(c)).count() >= 2).then_some(core)
        })
        .collect()
}

/// The signals of one piece; `line` tells whether it stands as a sentence or line of its own.
fn measure(
    text: &str,
    line: &Range<usize>,
    piece: Range<usize>,
    markers: &ChineseMarkers,
) -> Signals {
    let piece_text = &text[piece.clone()];
    // Sized for a character a byte: collected, the vector was sized for four bytes a character and
    // grew for kanji, which take three.
    let mut chars: Vec<char> = Vec::with_capacity(piece_text.len());
    chars.extend(piece_text.chars());
    let mut signals = Signals {
        han: chars.iter().filter(|&&c| is_han(c)).count(),
        non_japanese: chars.iter().filter(|&&c| is_non_japanese_han(c)).count(),
        commas: chars
            .windows(3)
            .filter(|w| (w[1] == ',' || w[1] == '，') && is_han(w[0]) && is_han(w[2]))
            .count(),
        ..Signals::default()
    };

    let before = text[line.start..piece.start].trim_end();
    let starts_sentence = before.is_empty()
        || before.ends_with(is_terminator)
        || (before.ends_with(is_closing_quote)
            && before
                .trim_end_matches(is_closing_quote)
                .ends_with(is_terminator));
    let ends_sentence = piece_text
        .trim_end_matches(is_closing_quote)
        .ends_with(is_terminator);
    let after = text[piece.end..line.end]
        .trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    let enough_han = signals.han >= MIN_HAN_FOR_SENTENCE;
    signals.whole_sentence = starts_sentence && ends_sentence && enough_han;
    signals.whole_line = before.is_empty() && after.is_empty() && !ends_sentence && enough_han;

    // Function words and structures are support only: they cannot decide without another kind of
    // signal, so most kanji runs (which have none) skip the automaton and the regexes.
    if signals.kinds() > 0 {
        signals.function_words = markers.function_words.find_iter(piece_text).count();
        signals.structures = markers
            .structures
            .iter()
            .map(|s| s.with(|regex| regex.find_iter(piece_text).count()))
            .sum();
    }
    signals
}

/// Chinese quoted on purpose: the piece is enclosed in brackets and the Japanese sentence goes on with a
/// particle or a parenthesised gloss (中国語で「共同富裕」と呼ばれる).
fn is_quoted_with_gloss(text: &str, piece: &Range<usize>) -> bool {
    let piece_text = &text[piece.clone()];
    let enclosed =
        piece_text.starts_with(is_opening_quote) && piece_text.ends_with(is_closing_quote);
    let next = text[piece.end..].chars().next();
    enclosed
        && next.is_some_and(|c| run_script_of(c) == RunScript::Hiragana || c == '(' || c == '（')
}

/// Adds a flagged piece, joining it to the previous one when only punctuation or spaces lie between.
fn merge_or_push(
    text: &str,
    flagged: &mut Vec<(Range<usize>, Signals)>,
    piece: Range<usize>,
    signals: Signals,
) {
    if let Some((last, last_signals)) = flagged.last_mut() {
        let gap = &text[last.end..piece.start];
        if gap
            .chars()
            .all(|c| c.is_whitespace() || !is_han(c) && is_stretch_char(c))
        {
            last.end = piece.end;
            last_signals.add(&signals);
            return;
        }
    }
    flagged.push((piece, signals));
}

/// The removal of a flagged span, widened over the punctuation that belongs to it.
fn removal(
    document: &Document,
    line: &Range<usize>,
    span: Range<usize>,
    signals: &Signals,
) -> Finding {
    let text = document.text;
    let mut end = span.end;
    end += leading_len(&text[end..line.end], |c| {
        is_terminator(c) || is_closing_quote(c)
    });
    end += leading_len(&text[end..line.end], |c| c == ':' || c == '：');
    end += leading_len(&text[end..line.end], |c| c == ' ' || c == '\t');

    let mut start = span.start;
    let before = &text[line.start..start];
    if before
        .chars()
        .all(|c| c.is_whitespace() || ":：、,".contains(c))
    {
        start = line.start;
    }

    let whole_line = start == line.start && end == line.end;
    let lost_content = !whole_line
        && document
            .char_before(start)
            .is_some_and(|c| start > line.start && !is_terminator(c) && !is_closing_quote(c));

    let (start, end) = if whole_line {
        let index = document.line_index(line.start);
        let span = document.lines_removal_span(index, index);
        (span.start, span.end)
    } else {
        (start, end)
    };
    let message = if whole_line {
        format!("Chinese line left in the text ({})", signals.describe())
    } else if lost_content {
        format!(
            "Chinese fragment inside a Japanese sentence ({}); the sentence loses content here: review it",
            signals.describe()
        )
    } else {
        format!("Chinese sentence left in the text ({})", signals.describe())
    };
    Finding::new(&ChineseSpan::META, text, start..end, message).with_replacement("")
}

fn leading_len(text: &str, wanted: impl Fn(char) -> bool) -> usize {
    text.len() - text.trim_start_matches(wanted).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{fixed, run};

    /// The stretches are the maximal runs of characters `is_stretch_char` takes, whichever way each
    /// character is classified: every character up to U+10FFF between kana and kanji, and the
    /// reference texts' lines.
    #[test]
    fn stretches_are_the_runs_of_stretch_characters() {
        let every_char: String = ('\0'..='\u{10FFF}')
            .filter(|&c| c != '\n')
            .flat_map(|c| [c, 'あ', '漢', c, c])
            .collect();
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push(every_char);
        for text in &texts {
            let document = Document::new(text, crate::document::TextKind::Plain);
            for line in document.line_spans() {
                let mut expected: Vec<Range<usize>> = Vec::new();
                for (offset, c) in text[line.clone()].char_indices() {
                    let at = line.start + offset;
                    match expected.last_mut() {
                        Some(last) if is_stretch_char(c) && last.end == at => {
                            last.end += c.len_utf8()
                        }
                        _ if is_stretch_char(c) => expected.push(at..at + c.len_utf8()),
                        _ => {}
                    }
                }
                assert_eq!(kana_free_stretches(text, line), expected);
            }
        }
    }

    /// One search of the whole text finds the lines each line's own search finds, for structures that
    /// stay within a line (the built-in ones, an empty match, a class); the others are searched per line.
    #[test]
    fn whole_text_structure_search_finds_each_lines_answer() {
        let built_in = &crate::knowledge::Knowledge::shared_default()
            .chinese_markers
            .structures;
        assert!(
            crate::knowledge::Knowledge::shared_default()
                .chinese_markers
                .structures_stay_within_lines
        );
        let patterns = [r"在\p{Han}{1,8}?的", "的*", "[あ-ん]{2}した", "在在|在"];
        assert!(
            patterns
                .iter()
                .all(|p| crate::pattern::stays_within_a_line(p))
        );
        for crossing in [
            "^在",
            r"\b在",
            "的\n在",
            r"在\s的",
            "(?m)的$",
            "在\r",
            "[\r]的",
        ] {
            assert!(!crate::pattern::stays_within_a_line(crossing), "{crossing}");
        }
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push("在米国的代表\n\n在在在的\n在\n的在日的\r\n在的\r\n".to_string());
        let mut structure_sets: Vec<Vec<PerThread<Regex>>> = vec![built_in.clone()];
        structure_sets.extend(
            patterns
                .iter()
                .map(|p| vec![PerThread::new(Regex::new(p).unwrap())]),
        );
        // Stretches are kana-free, so a kana structure is in none: counted over all the sets.
        let mut stretches_holding = 0;
        for structures in &structure_sets {
            let mut holding = 0;
            for text in &texts {
                let document = Document::new(text, crate::document::TextKind::Plain);
                let found = lines_with_structures(&document, structures);
                for (index, line) in document.line_spans().enumerate() {
                    let expected = structures
                        .iter()
                        .any(|s| s.value().is_match(&text[line.clone()]));
                    assert_eq!(
                        found.binary_search(&index).is_ok(),
                        expected,
                        "{structures:?} {index}"
                    );
                    holding += usize::from(expected);
                    // Nor does a stretch of a line without one hold one (the stretch test skips them).
                    for stretch in kana_free_stretches(text, line.clone()) {
                        let in_stretch = structures
                            .iter()
                            .any(|s| s.value().is_match(&text[stretch.clone()]));
                        assert!(expected || !in_stretch, "{structures:?} {stretch:?}");
                        stretches_holding += usize::from(in_stretch);
                    }
                }
            }
            assert!(holding > 0, "{structures:?}");
        }
        assert!(stretches_holding > 0);
    }

    fn removed(text: &str) -> Vec<String> {
        run(&ChineseSpan, text)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn the_line_filter_passes_every_kind_of_second_signal_and_skips_plain_japanese() {
        let markers = &crate::knowledge::Knowledge::shared_default().chinese_markers;
        for line in [
            "他们已经说了。",              // characters Japanese does not use
            "在日本的経済,在日本的問題。", // a comma
            "国家安全保障非常重要",        // a function word
            "在欧州安全保障的立場",        // a structure
        ] {
            assert!(
                may_hold_chinese(line, markers, || has_structure(line, markers)).is_some(),
                "{line}"
            );
        }
        for line in [
            "国家安全保障会議は本日開かれた。",
            "北大西洋条約機構",
            "以上。",
        ] {
            assert!(
                may_hold_chinese(line, markers, || has_structure(line, markers)).is_none(),
                "{line}"
            );
        }
    }

    #[test]
    fn removes_a_filler_sentence_between_japanese_sentences() {
        assert_eq!(
            fixed("見通しは立っていない。因此我们认为,这个问题非常重要。交渉は続く。"),
            "見通しは立っていない。交渉は続く。"
        );
    }

    #[test]
    fn removes_a_filler_made_only_of_characters_japanese_also_uses() {
        assert_eq!(
            removed("協議は続くと表明した。在日本的経済,在日本的問題。\n"),
            vec!["在日本的経済,在日本的問題。"]
        );
    }

    /// A kana-free sentence whose only other Chinese sign is a structure: the stretch test must search
    /// for structures on the lines that hold one.
    #[test]
    fn removes_a_filler_whose_only_marker_is_a_structure() {
        assert_eq!(
            removed("日本政府は声明を出した。在米国的代表来訪。彼はそう述べた。\n"),
            vec!["在米国的代表来訪。"]
        );
    }

    #[test]
    fn a_fragment_inside_a_sentence_is_removed_and_says_so() {
        let findings = crate::check(
            "第二に他们已经说了,但是没有结果。であり、",
            &crate::Config::default(),
        );
        let span = findings
            .iter()
            .find(|f| f.rule == ChineseSpan::META.id)
            .unwrap();
        assert_eq!(span.text, "他们已经说了,但是没有结果。");
        assert!(span.message.contains("loses content"), "{}", span.message);
    }

    #[test]
    fn a_japanese_label_before_a_colon_stays() {
        assert_eq!(
            removed("報道官:我们反对,坚决反对。\n"),
            vec!["我们反对,坚决反对。"]
        );
    }

    #[test]
    fn a_quoted_line_takes_its_quotes_colon_and_space() {
        assert_eq!(
            fixed("前の段落。\n“我们认为这个时候,这样的时候。”: 第一に軍事面である。\n"),
            "前の段落。\n第一に軍事面である。\n"
        );
    }

    #[test]
    fn a_filler_line_goes_with_its_line_break_and_one_blank_line() {
        assert_eq!(
            fixed("前の段落。\n\n但是,他们没有这样的情况,但是这样。\n\n次の段落。\n"),
            "前の段落。\n\n次の段落。\n"
        );
    }

    #[test]
    fn doubled_full_stop_and_colon_after_a_filler_go_with_it() {
        assert_eq!(
            fixed("難しい議題であり、这样的问题,但是这样的问题。。ロシア側では"),
            "難しい議題であり、ロシア側では"
        );
        assert_eq!(
            fixed("望んでいる。这样的问题,但是这样的问题。:米国の国債は"),
            "望んでいる。米国の国債は"
        );
    }

    #[test]
    fn leaves_kanji_only_japanese() {
        for text in [
            "国家安全保障会議と北大西洋条約機構の安全保障協定草案。",
            "関連記事\n参考資料\n第3四半期決算\n",
            "習近平国家主席と王毅外相は深圳を訪れた。",
            "中国語で「共同富裕」と呼ばれる政策と「不忘初心，牢记使命」(初心を忘れず)の標語。",
            "日本，米国，中国の3カ国が合意した。",
            "戦略的分歧を鮮明にした。",
            "一石二鳥の政策は以上。",
            "被害調査完了。",
            "報道官:",
        ] {
            assert!(removed(text).is_empty(), "{text}: {:?}", removed(text));
        }
    }
}
