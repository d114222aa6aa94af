//! JSON Lines through the real binary: records out equal records in except `text` and `kintsugi`;
//! compression by extension; bad records reported with their line number, never lost silently.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kintsugi(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kintsugi"))
        .args(args)
        .arg("--no-config")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn seed_records() -> Vec<serde_json::Value> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .enumerate()
        .map(|(index, path)| {
            serde_json::json!({
                "id": format!("doc-{index}"),
                "text": std::fs::read_to_string(path).unwrap(),
                "url": format!("https://example.org/{index}"),
                "metadata": { "dump": "2026-01", "score": 0.5 + index as f64, "tags": ["ja", "news"] },
            })
        })
        .collect()
}

fn to_jsonl(records: &[serde_json::Value]) -> String {
    records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect()
}

/// `kintsugi lexicon build --jsonl -`, records from `input`, the lexicon written to `output`.
fn build_lexicon_from_stdin(output: &Path, input: &[u8]) -> Output {
    kintsugi(
        &[
            "lexicon",
            "build",
            "--jsonl",
            "-",
            "-o",
            output.to_str().unwrap(),
        ],
        Some(input),
    )
}

fn parse(output: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(output.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn records_round_trip_except_text_and_the_kintsugi_field() {
    let records = seed_records();
    let input = to_jsonl(&records);
    for mode in ["check", "fix"] {
        let output = kintsugi(&[mode, "--jsonl", "-"], Some(input.as_bytes()));
        assert_ne!(
            output.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out = parse(&output.stdout);
        assert_eq!(out.len(), records.len());
        for (before, after) in records.iter().zip(&out) {
            let mut after = after.as_object().unwrap().clone();
            let field = after.remove("kintsugi").expect("the kintsugi field");
            assert!(field["score"].is_number());
            assert!(field["findings"].is_array());
            let before = before.as_object().unwrap();
            // Same fields, same order, same values, but text (under fix).
            let keys_before: Vec<&String> = before.keys().collect();
            let keys_after: Vec<&String> = after.keys().collect();
            assert_eq!(keys_before, keys_after);
            for (key, value) in before {
                if key == "text" && mode == "fix" {
                    continue;
                }
                assert_eq!(&after[key], value, "{mode}: {key}");
            }
        }
        if mode == "fix" {
            // The cleaned text is what `kintsugi fix` makes of the same articles.
            assert!(!out[0]["text"].as_str().unwrap().contains("。。"));
        }
    }
}

#[test]
fn compressed_input_and_output_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let records = seed_records();
    let plain = to_jsonl(&records);
    let gz_path = dir.path().join("in.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz_path).unwrap(),
        flate2::Compression::default(),
    );
    encoder.write_all(plain.as_bytes()).unwrap();
    encoder.finish().unwrap();

    let zst_out = dir.path().join("out.jsonl.zst");
    let output = kintsugi(
        &[
            "fix",
            "--jsonl",
            gz_path.to_str().unwrap(),
            "-o",
            zst_out.to_str().unwrap(),
        ],
        None,
    );
    assert_ne!(output.status.code(), Some(2));
    let decoded = zstd::stream::decode_all(std::fs::File::open(&zst_out).unwrap()).unwrap();
    let out = parse(&decoded);
    assert_eq!(out.len(), records.len());
    assert_eq!(out[2]["id"], "doc-2");
}

#[test]
fn bad_records_are_reported_with_their_line_and_passed_through_or_skipped() {
    let records = seed_records();
    let mut input = to_jsonl(&records[..2]);
    input.push_str("{\"id\": \"cut\", \"text\": \n");
    input.push_str("{\"id\": \"no-text\"}\n");
    input.push_str(&to_jsonl(&records[2..3]));

    let passed = kintsugi(&["check", "--jsonl", "-"], Some(input.as_bytes()));
    assert_eq!(passed.status.code(), Some(2));
    let stderr = String::from_utf8(passed.stderr).unwrap();
    assert!(
        stderr.contains("<stdin>:3: bad record, passed through: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("<stdin>:4: bad record, passed through: no string field `text`"),
        "{stderr}"
    );
    let lines: Vec<&str> = std::str::from_utf8(&passed.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[2], "{\"id\": \"cut\", \"text\": ");

    let skipped = kintsugi(
        &["check", "--jsonl", "--skip-bad-records", "-"],
        Some(input.as_bytes()),
    );
    assert_eq!(skipped.status.code(), Some(2));
    assert_eq!(parse(&skipped.stdout).len(), 3);
}

#[test]
fn a_lexicon_built_from_records_equals_one_built_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let from_files = dir.path().join("files.json");
    let from_records = dir.path().join("records.json");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let built = kintsugi(
        &[
            "lexicon",
            "build",
            seeds.to_str().unwrap(),
            "-o",
            from_files.to_str().unwrap(),
        ],
        None,
    );
    assert!(built.status.success());

    let mut input = to_jsonl(&seed_records());
    input.push_str("{\"id\": \"no-text\"}\n");
    let built = build_lexicon_from_stdin(&from_records, input.as_bytes());
    // The bad record is reported with its line, and fails the run; the good ones are counted.
    assert_eq!(built.status.code(), Some(2));
    let stderr = String::from_utf8(built.stderr).unwrap();
    assert!(stderr.contains("<stdin>:6: bad record"), "{stderr}");
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    assert_eq!(read(&from_records), read(&from_files));
    assert_eq!(read(&from_records)["documents"], 5);
}

/// A line that is not UTF-8 (a record saved in Shift_JIS) is one bad record: reported with its line,
/// passed through byte for byte (or skipped), and the records after it are still processed.
#[test]
fn a_line_that_is_not_utf8_is_a_bad_record_and_the_stream_goes_on() {
    let records = seed_records();
    let sjis_line: &[u8] = b"{\"id\": \"sjis\", \"text\": \"\x93\xfa\x96\x7b\"}";
    let mut input = to_jsonl(&records[..1]).into_bytes();
    input.extend_from_slice(sjis_line);
    input.push(b'\n');
    input.extend_from_slice(to_jsonl(&records[1..2]).as_bytes());

    let out = kintsugi(&["check", "--jsonl", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("<stdin>:2: bad record, passed through: not valid UTF-8"),
        "{stderr}"
    );
    let lines: Vec<&[u8]> = out.stdout.split(|&b| b == b'\n').collect();
    assert_eq!(lines.len(), 4, "three records and the final line break");
    assert_eq!(lines[1], sjis_line);
    for (line, record) in [(lines[0], &records[0]), (lines[2], &records[1])] {
        let out: serde_json::Value = serde_json::from_slice(line).unwrap();
        assert_eq!(out["id"], record["id"]);
        assert!(out["kintsugi"]["findings"].is_array());
    }

    let skipped = kintsugi(&["fix", "--jsonl", "--skip-bad-records", "-"], Some(&input));
    assert_eq!(skipped.status.code(), Some(2));
    let ids: Vec<serde_json::Value> = parse(&skipped.stdout)
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(
        ids,
        vec![records[0]["id"].clone(), records[1]["id"].clone()]
    );

    // The corpus pass of `lexicon build` counts the two good records and names the bad line.
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("lexicon.json");
    let built = build_lexicon_from_stdin(&lexicon, &input);
    assert_eq!(built.status.code(), Some(2));
    let stderr = String::from_utf8(built.stderr).unwrap();
    assert!(
        stderr.contains("<stdin>:2: bad record: not valid UTF-8"),
        "{stderr}"
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&lexicon).unwrap()).unwrap();
    assert_eq!(saved["documents"], 2);
}
