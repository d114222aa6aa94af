//! The command line, run as a user runs it: the real binary, real files, exit codes and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DAMAGED: &str = "代表団を派遣した。。団長は軍人である。\n";
const CLEAN: &str = "代表団を派遣した。団長は軍人である。\n";

fn kintsugi() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kintsugi"));
    command.stdin(Stdio::null());
    command
}

fn run(args: &[&str], cwd: &Path) -> Output {
    kintsugi().args(args).current_dir(cwd).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_json_prints_exactly_the_documented_fields() {
    let output = run(&["check", "--format", "json", "seeds"], &repo_root());
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    assert!(lines.len() >= 17);
    let expected = [
        "path",
        "rule",
        "category",
        "severity",
        "line",
        "column",
        "start",
        "end",
        "text",
        "replacement",
        "message",
    ];
    let seeds_text: Vec<(String, String)> = std::fs::read_dir(repo_root().join("seeds"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            (
                format!("seeds/{}", path.file_name().unwrap().to_str().unwrap()),
                text,
            )
        })
        .collect();
    for line in lines {
        let record: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = record.keys().map(String::as_str).collect();
        let mut sorted_expected = expected.to_vec();
        sorted_expected.sort();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort();
        assert_eq!(sorted_keys, sorted_expected);
        // start/end are byte offsets into the input and cover `text`.
        let path = record["path"].as_str().unwrap();
        let source = &seeds_text.iter().find(|(p, _)| p == path).unwrap().1;
        let (start, end) = (
            record["start"].as_u64().unwrap() as usize,
            record["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&source[start..end], record["text"].as_str().unwrap());
        // line/column are 1-based, in characters.
        let line = record["line"].as_u64().unwrap() as usize;
        let column = record["column"].as_u64().unwrap() as usize;
        let line_text = source.lines().nth(line - 1).unwrap();
        let prefix: String = line_text.chars().take(column - 1).collect();
        assert!(source[..start].ends_with(&prefix));
    }
}

#[test]
fn human_output_shows_position_rule_caret_and_summary() {
    let dir = workspace(&[("a.txt", DAMAGED.as_bytes())]);
    let output = run(&["check", "a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "warning[punctuation/double-period]: `。` written twice\n \
         --> a.txt:1:9\n  |\n1 | 代表団を派遣した。。団長は軍人である。\n  |                 ^^^^ replace with `。`\n\n\
         Found 1 finding in 1 of 1 file (1 fixable with `kintsugi fix`).\n"
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = workspace(&[
        ("clean.txt", CLEAN.as_bytes()),
        ("bad.txt", DAMAGED.as_bytes()),
    ]);
    assert_eq!(
        run(&["check", "clean.txt"], dir.path()).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "bad.txt"], dir.path()).status.code(),
        Some(1)
    );
    let lenient = run(&["check", "--fail-on", "error", "bad.txt"], dir.path());
    assert_eq!(lenient.status.code(), Some(0));
    assert!(stdout(&lenient).contains("double-period"));
    let ignored = run(&["check", "--ignore", "punctuation", "bad.txt"], dir.path());
    assert_eq!(ignored.status.code(), Some(0));
}

#[test]
fn unknown_rule_names_and_bad_flags_are_usage_errors() {
    let dir = workspace(&[("a.txt", CLEAN.as_bytes())]);
    let unknown = run(
        &["check", "--select", "punctuation/nope", "a.txt"],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown rule or category: punctuation/nope"));
    assert_eq!(
        run(&["check", "--format", "xml", "a.txt"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn missing_path_is_an_error_but_other_inputs_are_still_checked() {
    let dir = workspace(&[("bad.txt", DAMAGED.as_bytes())]);
    let output = run(
        &["check", "--format", "json", "nope.txt", "bad.txt"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("nope.txt: no such file or directory"));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn directory_without_text_files_is_an_error() {
    let dir = workspace(&[("sub/data.json", b"{}")]);
    let output = run(&["check", "sub"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no text files here"));
}

#[test]
fn non_utf8_file_is_reported_and_left_untouched() {
    let shift_jis = b"\x82\xa0\x82\xa2\x82\xa4\x81\x42\x81\x42";
    let dir = workspace(&[("sjis.txt", shift_jis)]);
    let output = run(&["check", "sjis.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("sjis.txt: not valid UTF-8"), "{message}");
    assert!(message.contains("Shift_JIS"), "{message}");
    let fix = run(&["fix", "--write", "sjis.txt"], dir.path());
    assert_eq!(fix.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("sjis.txt")).unwrap(),
        shift_jis
    );
}

#[test]
fn empty_file_is_clean_with_a_note() {
    let dir = workspace(&[("empty.txt", b"")]);
    let output = run(&["check", "empty.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("empty.txt: empty file"));
}

#[test]
fn unreadable_file_is_an_error() {
    let dir = workspace(&[("secret.txt", DAMAGED.as_bytes())]);
    let path = dir.path().join("secret.txt");
    let mut command = if is_root() {
        // root reads any file: drop to an unprivileged user to see what a user sees. The binary is
        // copied beside the file, since the checkout may sit in a folder that user cannot enter.
        std::fs::set_permissions(dir.path(), permissions(0o755)).unwrap();
        let binary = dir.path().join("kintsugi");
        std::fs::copy(env!("CARGO_BIN_EXE_kintsugi"), &binary).unwrap();
        std::fs::set_permissions(&binary, permissions(0o755)).unwrap();
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(&binary);
        command
    } else {
        kintsugi()
    };
    std::fs::set_permissions(&path, permissions(0o000)).unwrap();
    let output = command.arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("permission denied"),
        "{}",
        stderr(&output)
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false)
}

fn permissions(mode: u32) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(mode)
}

#[test]
fn a_50_megabyte_file_is_checked() {
    let paragraph = "欧州連合は新たな制裁案を発表した。加盟国の多くはこれに賛成している。\n";
    let mut text = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
    text.push_str(DAMAGED);
    let dir = workspace(&[("big.txt", text.as_bytes())]);
    let output = run(&["check", "--format", "json", "big.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = kintsugi()
        .args(["fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DAMAGED.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), CLEAN);
}

#[test]
fn fix_write_rewrites_only_files_that_change() {
    let dir = workspace(&[
        ("bad.txt", DAMAGED.as_bytes()),
        ("clean.txt", CLEAN.as_bytes()),
    ]);
    let clean_path = dir.path().join("clean.txt");
    let before = std::fs::metadata(&clean_path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = run(&["fix", "--write", "."], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.txt")).unwrap(),
        CLEAN
    );
    let after = std::fs::metadata(&clean_path).unwrap().modified().unwrap();
    assert_eq!(before, after, "an unchanged file was rewritten");
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn fix_out_keeps_relative_paths_and_the_log_lists_every_finding() {
    let dir = workspace(&[
        ("corpus/a.txt", DAMAGED.as_bytes()),
        ("corpus/sub/b.md", "結論はまだ出ていない。。。\n".as_bytes()),
    ]);
    let output = run(
        &[
            "fix",
            "corpus",
            "--out",
            "cleaned",
            "--log",
            "cleaned/fixes.jsonl",
        ],
        dir.path(),
    );
    // The flagged 。。。 is left, so the run reports it.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let cleaned = dir.path().join("cleaned");
    assert_eq!(
        std::fs::read_to_string(cleaned.join("a.txt")).unwrap(),
        CLEAN
    );
    assert_eq!(
        std::fs::read_to_string(cleaned.join("sub/b.md")).unwrap(),
        "結論はまだ出ていない。。。\n"
    );
    let log = std::fs::read_to_string(cleaned.join("fixes.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["path"], "corpus/a.txt");
    assert_eq!(records[0]["applied"], true);
    assert_eq!(records[0]["text"], "。。");
    assert_eq!(records[0]["replacement"], "。");
    assert_eq!(records[1]["applied"], false);
    assert_eq!(records[1]["replacement"], serde_json::Value::Null);
    // The originals are untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("corpus/a.txt")).unwrap(),
        DAMAGED
    );
}

#[test]
fn fix_diff_previews_and_writes_nothing() {
    let dir = workspace(&[("a.txt", DAMAGED.as_bytes())]);
    let output = run(&["fix", "--diff", "a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let diff = stdout(&output);
    assert!(diff.contains("--- a/a.txt\n+++ b/a.txt\n"), "{diff}");
    assert!(diff.contains(&format!("-{DAMAGED}+{CLEAN}")), "{diff}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        DAMAGED
    );
}

#[test]
fn fix_to_stdout_takes_one_input_only() {
    let dir = workspace(&[("a.txt", DAMAGED.as_bytes()), ("b.txt", DAMAGED.as_bytes())]);
    let output = run(&["fix", "a.txt", "b.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("use --write, --out DIR or --diff"));
    let single = run(&["fix", "a.txt"], dir.path());
    assert_eq!(stdout(&single), CLEAN);
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let run_with = |threads: &str| {
        kintsugi()
            .args(["check", "--format", "json", "seeds", "fixtures"])
            .current_dir(repo_root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap()
            .stdout
    };
    let single = run_with("1");
    assert!(!single.is_empty());
    assert_eq!(single, run_with("4"));
}

/// More files than one window of inputs holds (512): results are written a window at a time, and
/// must still come in path order, none lost, the same on one thread as on four.
#[test]
fn findings_and_the_fix_log_come_in_input_order_across_windows() {
    let names: Vec<String> = (0..1100).map(|i| format!("d/{i:04}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let text = if i % 3 == 0 { DAMAGED } else { CLEAN };
            (name.as_str(), text.as_bytes())
        })
        .collect();
    let dir = workspace(&files);
    let damaged: Vec<String> = names.iter().step_by(3).cloned().collect();
    let paths_of = |jsonl: &str| -> Vec<String> {
        jsonl
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
            .map(|path| path.trim_matches('"').to_string())
            .collect()
    };
    for threads in ["1", "4"] {
        let check = kintsugi()
            .args(["check", "--format", "json", "d"])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
        assert_eq!(paths_of(&stdout(&check)), damaged);

        let fix = kintsugi()
            .args(["fix", "d", "--diff", "--log", "log/fixes.jsonl"])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        let log = std::fs::read_to_string(dir.path().join("log/fixes.jsonl")).unwrap();
        assert_eq!(paths_of(&log), damaged);
        let diff = stdout(&fix);
        let diffed: Vec<&str> = diff
            .lines()
            .filter_map(|l| l.strip_prefix("--- a/"))
            .collect();
        assert_eq!(diffed, damaged);
        assert!(stderr(&fix).contains("Would fix 367 of 367 findings in 367 of 1100 files"));
    }
}

#[test]
fn rules_and_explain_document_every_rule() {
    let rules = run(&["rules"], &repo_root());
    assert_eq!(rules.status.code(), Some(0));
    let listing = stdout(&rules);
    // The columns line up: every row's summary starts where the header's does.
    let summary_column = listing.lines().next().unwrap().find("summary").unwrap();
    for rule in kintsugi::RULES {
        let meta = rule.meta();
        let id = meta.id;
        let row = listing
            .lines()
            .find(|row| row.split(' ').next() == Some(id))
            .unwrap_or_else(|| panic!("{id} missing from `kintsugi rules`"));
        assert_eq!(row.get(summary_column..), Some(meta.summary), "{row}");
        assert_eq!(row.contains(" reads "), meta.reads_corpus, "{row}");
        let explained = run(&["explain", id], &repo_root());
        assert_eq!(explained.status.code(), Some(0));
        let explanation = stdout(&explained);
        assert!(explanation.contains("## Why is this bad?"));
        assert_eq!(
            explanation
                .lines()
                .next()
                .unwrap()
                .contains("reads the corpus counts"),
            meta.reads_corpus
        );
    }
    assert_eq!(
        run(&["explain", "punctuation/nope"], &repo_root())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let output = run(&["check", "--format", "json", "seeds"], &repo_root());
    let stderr = stderr(&output);
    assert!(!stderr.contains("checking"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "escape codes in {stderr:?}");
}

#[test]
fn exit_zero_ignores_findings_but_not_errors() {
    let dir = workspace(&[("bad.txt", DAMAGED.as_bytes())]);
    assert_eq!(
        run(&["check", "--exit-zero", "bad.txt"], dir.path())
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(
            &["check", "--exit-zero", "bad.txt", "missing.txt"],
            dir.path()
        )
        .status
        .code(),
        Some(2)
    );
}

/// Files are checked in groups, each rule over a group's documents at once: each file's findings and
/// fixes are those it has alone, with unreadable and empty files between them. (The rules that read
/// the corpus counts are left out: alone, a file is its own corpus.)
#[test]
fn files_checked_together_find_and_fix_what_each_does_alone() {
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    for (index, path) in ["seeds", "fixtures"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(repo_root().join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .enumerate()
    {
        texts.push((format!("d/{index:02}a.txt"), std::fs::read(&path).unwrap()));
        let odd: &[u8] = [&b"\xff\xfe not UTF-8"[..], b""][index % 2];
        texts.push((format!("d/{index:02}b.txt"), odd.to_vec()));
    }
    let files: Vec<(&str, &[u8])> = texts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let dir = workspace(&files);
    let ignore = "transliteration/variant-spelling,name/near-miss,boilerplate/page-furniture";
    let together = run(
        &["check", "--format", "json", "--ignore", ignore, "d"],
        dir.path(),
    );
    let together_fix = run(
        &[
            "fix",
            "--diff",
            "--log",
            "together.jsonl",
            "--ignore",
            ignore,
            "d",
        ],
        dir.path(),
    );
    let (mut alone, mut alone_diff, mut alone_log) = (String::new(), String::new(), String::new());
    for (name, _) in texts.iter().filter(|(name, _)| name.ends_with("a.txt")) {
        alone += &stdout(&run(
            &["check", "--format", "json", "--ignore", ignore, name],
            dir.path(),
        ));
        alone_diff += &stdout(&run(
            &[
                "fix",
                "--diff",
                "--log",
                "alone.jsonl",
                "--ignore",
                ignore,
                name,
            ],
            dir.path(),
        ));
        alone_log += &std::fs::read_to_string(dir.path().join("alone.jsonl")).unwrap();
    }
    assert!(alone.lines().count() > 100, "{alone}");
    assert_eq!(stdout(&together), alone);
    assert_eq!(stdout(&together_fix), alone_diff);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("together.jsonl")).unwrap(),
        alone_log
    );
    // The unreadable files are reported, the empty ones noted.
    assert_eq!(together.status.code(), Some(2), "{}", stderr(&together));
    assert!(
        stderr(&together).contains("01b.txt"),
        "{}",
        stderr(&together)
    );
}
