//! JSON Lines records as corpus tools write them (datatrove, dolma): one object per line with `id` and
//! `text`, other fields kept as they are, in their order. kintsugi adds a `kintsugi` field with the
//! findings, their counts and the quality score, and under `fix` replaces `text` with the cleaned text.

use crate::Engine;
use crate::document::TextKind;
use crate::finding::{Category, Finding, Severity};
use crate::fix::Outcome;
use crate::output::{FindingFields, push_json_string};
use crate::summary::DocumentSummary;
use serde::Serialize;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

mod record_scan;

/// The field kintsugi writes into each record.
pub const FIELD: &str = "kintsugi";

/// A reader for `path`, decompressing `.gz` and `.zst` by extension; `-` is stdin. Unbuffered: the
/// records' reader reads large blocks straight into its batches.
pub fn open_reader(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let decoded: Box<dyn Read + Send> = match extension {
        "gz" => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        "zst" => Box::new(zstd::stream::read::Decoder::new(raw)?),
        _ => raw,
    };
    Ok(decoded)
}

/// A writer to `path`, compressing `.gz` and `.zst` by extension; `None` is stdout.
pub fn open_writer(path: Option<&Path>) -> io::Result<Box<dyn Write>> {
    let Some(path) = path else {
        return Ok(Box::new(BufWriter::with_capacity(1 << 20, io::stdout())));
    };
    let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
    Ok(
        match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
            "gz" => Box::new(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            "zst" => Box::new(zstd::stream::write::Encoder::new(file, 3)?.auto_finish()),
            _ => Box::new(file),
        },
    )
}

/// What to do with each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Add the findings; the text stays.
    Check,
    /// Clean the text and add every finding with whether it was applied.
    Fix,
}

#[derive(Debug, Serialize)]
struct RecordField<'a> {
    score: f64,
    counts: &'a std::collections::BTreeMap<Category, usize>,
    /// The fields of every JSON output, and under fix whether each finding was applied.
    findings: Vec<FindingFields<'a>>,
}

impl RecordField<'_> {
    /// Appends the field as serde_json writes it (the tests hold the two together), without serde's
    /// generic machinery: this runs once per record of a corpus, with every finding in it.
    fn push_json(&self, out: &mut String) {
        out.push_str("{\"score\":");
        out.push_str(&serde_json::to_string(&self.score).expect("a number serializes"));
        out.push_str(",\"counts\":{");
        for (index, (category, count)) in self.counts.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            let _ = write!(out, "\"{category}\":{count}");
        }
        out.push_str("},\"findings\":[");
        for (index, finding) in self.findings.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            finding.push_json(out);
        }
        out.push_str("]}");
    }
}

/// A processed record: the line to write (without its newline), and what is known of it.
#[derive(Debug)]
pub struct Processed {
    /// The output line: the record with its `kintsugi` field, or the input line as it was.
    pub line: String,
    /// Why the record could not be processed, if it could not.
    pub error: Option<String>,
    /// The record's `id` (as JSON text) and summary, when processed.
    pub summary: Option<(String, DocumentSummary)>,
    /// The highest severity among the findings left in the text (unapplied, under fix).
    pub worst_left: Option<Severity>,
}

/// What kintsugi reads of a record: `text` and `id` as raw JSON slices of the line (so their place in
/// the line is known and every other field is only skimmed), and whether a `kintsugi` field is there.
/// For the lines [`record_scan`] cannot vouch for, which serde_json reads and reports on.
#[derive(serde::Deserialize)]
struct RecordView<'a> {
    #[serde(borrow)]
    text: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow)]
    id: Option<&'a serde_json::value::RawValue>,
    #[serde(rename = "kintsugi")]
    previous: Option<serde::de::IgnoredAny>,
}

impl<'a> From<RecordView<'a>> for record_scan::Fields<'a> {
    fn from(view: RecordView<'a>) -> Self {
        record_scan::Fields {
            text: view.text.map(serde_json::value::RawValue::get),
            id: view.id.map(serde_json::value::RawValue::get),
            has_previous: view.previous.is_some(),
        }
    }
}

/// Where a record's text is in its line, and the text decoded.
struct RecordText<'a> {
    fields: record_scan::Fields<'a>,
    raw_span: std::ops::Range<usize>,
    text: String,
}

/// A record line split into the byte-order mark before it (written by Windows editors, and found
/// mid-stream in files joined with `cat`) and the JSON after it. The mark is not JSON; it stays in the
/// output where it was.
fn split_bom(line: &str) -> (&str, &str) {
    match line.strip_prefix('\u{FEFF}') {
        Some(json) => (&line[..line.len() - json.len()], json),
        None => ("", line),
    }
}

/// Reads a record line; the reason it is bad otherwise.
fn read_record(line: &str) -> Result<RecordText<'_>, String> {
    let (_, json) = split_bom(line);
    if !json.trim_start().starts_with('{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(json) {
            Ok(_) => Err("not a JSON object".to_string()),
            Err(error) => Err(format!("invalid JSON ({error})")),
        };
    }
    let (fields, stops) = match record_scan::scan(json) {
        Some((fields, stops)) => (fields, Some(stops)),
        None => {
            let view: RecordView =
                serde_json::from_str(json).map_err(|error| format!("invalid JSON ({error})"))?;
            (view.into(), None)
        }
    };
    let raw = fields
        .text
        .filter(|raw| raw.starts_with('"'))
        .ok_or_else(|| "no string field `text`".to_string())?;
    let decoded = match stops {
        // The scan's stops inside the string: its backslashes, and the quotes and backslashes they
        // escape (passed over as part of their escape).
        Some(stops) => {
            let inner_start = raw.as_ptr() as usize - json.as_ptr() as usize + 1;
            let inner_end = inner_start + raw.len() - 2;
            let mut at = inner_start;
            unescaped_at(
                raw,
                std::iter::from_fn(move || {
                    let stop = crate::scan::next_start(&stops, at).filter(|&s| s < inner_end)?;
                    at = stop + 1;
                    Some(stop - inner_start)
                }),
            )
        }
        None => unescaped(raw),
    };
    let text = match decoded {
        Some(text) => text,
        None => serde_json::from_str(raw).map_err(|error| format!("invalid JSON ({error})"))?,
    };
    // The raw value borrows from the line, so its address gives its place.
    let start = raw.as_ptr() as usize - line.as_ptr() as usize;
    let raw_span = start..start + raw.len();
    Ok(RecordText {
        fields,
        raw_span,
        text,
    })
}

/// The text of a JSON string that serde_json has already checked, when its escapes are all one-letter
/// ones (`\n`, `\"`…): the common case, unescaped by jumping from backslash to backslash instead of
/// parsing the string a second time. `None` for `\u` escapes, which serde_json decodes.
fn unescaped(quoted: &str) -> Option<String> {
    let inner = &quoted[1..quoted.len() - 1];
    unescaped_at(quoted, memchr::memchr_iter(b'\\', inner.as_bytes()))
}

/// [`unescaped`], given the places of the string's backslashes (inside the quotes, in order); places
/// of other bytes among them are passed over.
fn unescaped_at(quoted: &str, backslashes: impl Iterator<Item = usize>) -> Option<String> {
    let inner = &quoted[1..quoted.len() - 1];
    let bytes = inner.as_bytes();
    let mut text = String::with_capacity(inner.len());
    let mut from = 0;
    for backslash in backslashes {
        if backslash < from || bytes[backslash] != b'\\' {
            continue; // the escaped backslash of `\\`, or an escaped quote
        }
        text.push_str(&inner[from..backslash]);
        text.push(match bytes.get(backslash + 1)? {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            _ => return None,
        });
        from = backslash + 2;
    }
    text.push_str(&inner[from..]);
    Some(text)
}

/// Processes one line of JSON Lines. A bad record (invalid JSON, not an object, no string `text`)
/// comes back unchanged with the reason, for the caller to report and pass through or skip.
///
/// The output line is the input line with `text` replaced (under fix) and the `kintsugi` field added
/// before the closing brace: every other byte of the record stays as it was.
pub fn process_line(engine: &Engine, mode: Mode, line: &str) -> Processed {
    process_lines(engine, mode, &[line])
        .pop()
        .expect("one record per line")
}

/// [`process_line`] for each of `lines`, in order, their documents checked together.
pub fn process_lines(engine: &Engine, mode: Mode, lines: &[&str]) -> Vec<Processed> {
    let records: Vec<Result<RecordText, String>> =
        lines.iter().map(|line| read_record(line)).collect();
    let documents: Vec<crate::Document> = records
        .iter()
        .flatten()
        .map(|record| crate::Document::new(&record.text, TextKind::Plain))
        .collect();
    let document_refs: Vec<&crate::Document> = documents.iter().collect();
    let mut findings = engine.check_documents(&document_refs).into_iter();
    let mut documents = documents.iter();
    lines
        .iter()
        .zip(&records)
        .map(|(line, record)| match record {
            Ok(record) => {
                let document = documents.next().expect("a document per good record");
                let findings = findings.next().expect("findings per document");
                finish_record(mode, line, record, document, findings)
            }
            Err(reason) => Processed {
                line: line.to_string(),
                error: Some(reason.clone()),
                summary: None,
                worst_left: None,
            },
        })
        .collect()
}

/// The output of a good record, from its document's findings.
fn finish_record(
    mode: Mode,
    line: &str,
    record: &RecordText,
    document: &crate::Document,
    findings: Vec<Finding>,
) -> Processed {
    let text: &str = &record.text;
    let id = record
        .fields
        .id
        .map_or_else(|| "null".to_string(), str::to_string);
    let summary = DocumentSummary::new(text, &findings);
    let (entries, cleaned) = match mode {
        Mode::Check => {
            let entries: Vec<(Finding, Option<bool>)> =
                findings.into_iter().map(|f| (f, None)).collect();
            (entries, None)
        }
        Mode::Fix => {
            let fixed = crate::fix::apply_fixes(document, findings);
            let entries = fixed
                .log
                .entries
                .into_iter()
                .map(|e| (e.finding, Some(e.outcome == Outcome::Applied)))
                .collect();
            (entries, Some(fixed.text))
        }
    };
    let mut line_columns = document.line_columns();
    let field = RecordField {
        score: summary.score,
        counts: &summary.counts,
        findings: entries
            .iter()
            .map(|(finding, applied)| {
                let (line, column) = line_columns.at(finding.span.start);
                FindingFields {
                    applied: *applied,
                    ..FindingFields::new(finding, line, column)
                }
            })
            .collect(),
    };
    let worst_left = entries
        .iter()
        .filter(|(_, applied)| *applied != Some(true))
        .map(|(finding, _)| finding.severity)
        .max();
    let out = if record.fields.has_previous {
        replaced_fields(line, cleaned, &field)
    } else {
        spliced_line(line, &record.raw_span, cleaned.as_deref(), &field)
    };
    Processed {
        line: out,
        error: None,
        summary: Some((id, summary)),
        worst_left,
    }
}

/// The line with the text replaced (when `cleaned`) and the `kintsugi` field added before the closing
/// brace, written straight into one buffer.
fn spliced_line(
    line: &str,
    text_span: &std::ops::Range<usize>,
    cleaned: Option<&str>,
    field: &RecordField,
) -> String {
    let body = line.trim_end();
    let close = body.len() - 1; // read_record saw an object, so the line ends with `}`
    // Built as a String: no second UTF-8 validation of the whole line. Sized for the field: a
    // finding is written in 283 bytes on average on the generated corpus, the score and counts in up
    // to 200; growing the buffer copied the whole line.
    let mut out = String::with_capacity(line.len() + 384 * field.findings.len() + 256);
    match cleaned {
        Some(cleaned) => {
            out.push_str(&line[..text_span.start]);
            push_json_string(&mut out, cleaned);
            out.push_str(&line[text_span.end..close]);
        }
        None => out.push_str(&line[..close]),
    }
    out.push_str(",\"");
    out.push_str(FIELD);
    out.push_str("\":");
    field.push_json(&mut out);
    out.push('}');
    out
}

/// A record that already has a `kintsugi` field (the output of an earlier run): parsed whole, the field
/// replaced in its place.
fn replaced_fields(line: &str, cleaned: Option<String>, field: &RecordField) -> String {
    let (bom, json) = split_bom(line);
    let mut value: serde_json::Value =
        serde_json::from_str(json).expect("read_record parsed this line");
    let record = value.as_object_mut().expect("read_record saw an object");
    if let Some(cleaned) = cleaned {
        record.insert("text".to_string(), serde_json::Value::String(cleaned));
    }
    let field = serde_json::to_value(field).expect("findings always serialize");
    record.insert(FIELD.to_string(), field);
    format!(
        "{bom}{}",
        serde_json::to_string(&value).expect("a parsed record serializes")
    )
}

/// The text of a record line, for the corpus pass; why the record is bad otherwise.
pub fn record_text(line: &str) -> Result<String, String> {
    read_record(line).map(|record| record.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let mut texts = vec![
            String::new(),
            every_ascii.clone(),
            "日本語の「引用」\n次の行\t\"quoted\" back\\slash \u{7f}\u{1f}".to_string(),
        ];
        // An escape at every place in and around the 16-byte blocks.
        for at in 0..40 {
            texts.push(format!("{}\n{}", "a".repeat(at), "あ".repeat(at % 7)));
            texts.push(format!("{}\u{1}{}", "語".repeat(at), "\"".repeat(at % 3)));
        }
        for text in texts {
            let mut written = String::new();
            push_json_string(&mut written, &text);
            assert_eq!(written, serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    /// Records processed together come out as each processed alone, bad ones among them, in both
    /// modes: the seeds and fixtures as records, with a previous `kintsugi` field, invalid JSON and a
    /// record without text between them.
    #[test]
    fn records_processed_together_are_processed_as_alone() {
        let engine = Engine::default();
        let mut lines = Vec::new();
        for (index, text) in crate::files::reference_texts(&["seeds", "fixtures"])
            .iter()
            .enumerate()
        {
            let text = serde_json::to_string(text).unwrap();
            lines.push(format!("{{\"id\":{index},\"text\":{text}}}"));
            lines.push(format!("{{\"text\":{text},\"kintsugi\":{{\"score\":1}}}}"));
            lines.push(["{\"text\":", "{\"id\":1}"][index % 2].to_string());
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        for mode in [Mode::Check, Mode::Fix] {
            let together = process_lines(&engine, mode, &lines);
            assert_eq!(together.len(), lines.len());
            for (line, processed) in lines.iter().zip(together) {
                let alone = process_line(&engine, mode, line);
                assert_eq!(processed.line, alone.line);
                assert_eq!(processed.error, alone.error);
                assert_eq!(processed.worst_left, alone.worst_left);
                assert_eq!(
                    processed.summary.map(|(id, s)| (id, s.score)),
                    alone.summary.map(|(id, s)| (id, s.score))
                );
            }
        }
    }

    #[test]
    fn the_kintsugi_field_is_written_as_serde_json_writes_it() {
        let engine = Engine::default();
        for text in crate::files::reference_texts(&["seeds", "fixtures"]) {
            let document = crate::Document::new(&text, TextKind::Plain);
            let findings = engine.check_document(&document);
            let summary = DocumentSummary::new(&text, &findings);
            // Check (no applied flag) and fix (applied true or false) records alike.
            for applied in [None, Some(true), Some(false)] {
                let field = RecordField {
                    score: summary.score,
                    counts: &summary.counts,
                    findings: findings
                        .iter()
                        .map(|finding| {
                            let (line, column) = document.line_column(finding.span.start);
                            FindingFields {
                                applied,
                                ..FindingFields::new(finding, line, column)
                            }
                        })
                        .collect(),
                };
                let mut written = String::new();
                field.push_json(&mut written);
                assert_eq!(written, serde_json::to_string(&field).unwrap());
            }
        }
        let empty = std::collections::BTreeMap::new();
        let field = RecordField {
            score: 100.0,
            counts: &empty,
            findings: Vec::new(),
        };
        let mut written = String::new();
        field.push_json(&mut written);
        assert_eq!(written, serde_json::to_string(&field).unwrap());
    }

    #[test]
    fn strings_unescape_as_serde_json_does() {
        for text in [
            "",
            "日本語",
            "行\n次の行\r\n\t「引用」",
            "\"quoted\" \\ back\\\\slash / \u{8}\u{c}",
            "\\",
            "\\n is not a line break",
            "end\\",
        ] {
            let quoted = serde_json::to_string(text).unwrap();
            assert_eq!(unescaped(&quoted).as_deref(), Some(text), "{quoted}");
            // Read from a record, by the scan's stops, and from one the scan leaves to serde_json
            // (an escaped key), by the string's backslashes; with a string before it, whose stops
            // are not the text's.
            for record in [
                format!("{{\"a\":\"x\\\"\\\\\",\"text\":{quoted},\"b\":\"\\n\"}}"),
                format!("{{\"\\u0061\":\"x\\\"\",\"text\":{quoted}}}"),
            ] {
                assert_eq!(record_text(&record).as_deref(), Ok(text), "{record}");
            }
        }
        // \u escapes (surrogate pairs among them) are left to serde_json.
        assert_eq!(unescaped(r#""\u3042""#), None);
        assert_eq!(unescaped(r#""\/\ud83d\ude00""#), None);
        assert_eq!(unescaped(r#""a\/b""#).as_deref(), Some("a/b"));
    }

    /// Control characters must be escaped in JSON; serde_json refuses them before the text is read.
    #[test]
    fn a_raw_control_character_makes_a_bad_record() {
        assert!(read_record("{\"text\":\"a\tb\"}").is_err());
        assert!(read_record("{\"text\":\"a\\tb\"}").is_ok());
    }

    #[test]
    fn a_record_keeps_its_fields_and_order_and_gains_the_kintsugi_field() {
        let engine = Engine::default();
        let line = r#"{"id":"doc-1","text":"派遣した。。団長は軍人である。","meta":{"source":"web","n":3},"lang":"ja"}"#;
        let processed = process_line(&engine, Mode::Fix, line);
        assert!(processed.error.is_none());
        let out: serde_json::Value = serde_json::from_str(&processed.line).unwrap();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["id", "text", "meta", "lang", "kintsugi"]);
        assert_eq!(out["text"], "派遣した。団長は軍人である。");
        assert_eq!(out["meta"]["n"], 3);
        assert_eq!(out["kintsugi"]["findings"][0]["applied"], true);
        assert_eq!(out["kintsugi"]["counts"]["punctuation"], 1);
    }

    #[test]
    fn every_other_byte_of_the_record_stays_as_it_was() {
        let engine = Engine::default();
        // Spaces, an escaped character and a number format serde_json would write differently.
        let line =
            "{ \"id\" : \"d\\u0031\", \"n\": 1.50, \"text\": \"派遣した\\u3002\u{3002}団長\\n\" }";
        let processed = process_line(&engine, Mode::Fix, line);
        let expected_start =
            "{ \"id\" : \"d\\u0031\", \"n\": 1.50, \"text\": \"派遣した。団長\\n\" ,\"kintsugi\":";
        assert!(
            processed.line.starts_with(expected_start),
            "{}",
            processed.line
        );
        assert_eq!(processed.summary.unwrap().0, "\"d\\u0031\"");
        let checked = process_line(&engine, Mode::Check, line);
        assert!(checked.line.starts_with(&line[..line.len() - 1]));
    }

    #[test]
    fn a_second_run_replaces_the_kintsugi_field_in_place() {
        let engine = Engine::default();
        let line = r#"{"id":"doc-1","text":"派遣した。。団長は軍人である。","lang":"ja"}"#;
        let first = process_line(&engine, Mode::Fix, line);
        let second = process_line(&engine, Mode::Check, &first.line);
        let out: serde_json::Value = serde_json::from_str(&second.line).unwrap();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, vec!["id", "text", "lang", "kintsugi"]);
        assert_eq!(out["kintsugi"]["findings"].as_array().unwrap().len(), 0);
        assert_eq!(second.line.matches("\"kintsugi\"").count(), 1);
    }

    #[test]
    fn a_byte_order_mark_before_a_record_is_kept_and_the_record_read() {
        let engine = Engine::default();
        let line = "\u{FEFF}{\"id\":1,\"text\":\"派遣した。。団長は軍人である。\"}";
        assert_eq!(
            record_text(line).as_deref(),
            Ok("派遣した。。団長は軍人である。")
        );
        let fixed = process_line(&engine, Mode::Fix, line);
        assert!(fixed.error.is_none(), "{:?}", fixed.error);
        assert!(
            fixed
                .line
                .starts_with("\u{FEFF}{\"id\":1,\"text\":\"派遣した。団長は軍人である。\","),
            "{}",
            fixed.line
        );
        // A second run replaces the kintsugi field of the whole record, and keeps the mark too.
        let again = process_line(&engine, Mode::Check, &fixed.line);
        assert!(again.error.is_none(), "{:?}", again.error);
        assert!(again.line.starts_with("\u{FEFF}{"), "{}", again.line);
        assert_eq!(again.line.matches("\"kintsugi\"").count(), 1);
    }

    #[test]
    fn bad_records_come_back_unchanged_with_a_reason() {
        let engine = Engine::default();
        for (line, reason) in [
            ("{\"id\": 1, \"text\": ", "invalid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{\"id\": 1}", "no string field `text`"),
        ] {
            let processed = process_line(&engine, Mode::Check, line);
            assert_eq!(processed.line, line);
            assert!(processed.error.unwrap().contains(reason));
        }
    }
}
