//! Everyday use through the real binary: the configuration file, output formats, baselines, intended text.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const DAMAGED: &str = "代表団を派遣した。。団長は軍人である。\n";
const STYLE_MIX: &str = "会談は続いた。成果は乏しかった。両国は対話を続けます。\n";

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kintsugi"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

#[test]
fn the_configuration_is_found_upward_and_applied() {
    let dir = workspace(&[
        (
            "kintsugi.toml",
            "ignore = [\"style\"]\nexclude = [\"drafts/**\"]\n[severity]\n\"punctuation\" = \"info\"\n",
        ),
        ("news/a.txt", DAMAGED),
        ("news/b.txt", STYLE_MIX),
        ("drafts/c.txt", DAMAGED),
    ]);
    let output = run(
        &["check", "--format", "json", "."],
        &dir.path().join("news"),
    );
    // From news/, the file above applies: style ignored, punctuation at info, drafts/ excluded.
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("\"severity\":\"info\""), "{text}");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let from_root = run(&["check", "--format", "json", "."], dir.path());
    assert!(
        !stdout(&from_root).contains("drafts"),
        "{}",
        stdout(&from_root)
    );

    // --no-config ignores it; --config names another.
    let isolated = run(
        &["check", "--no-config", "--format", "json", "."],
        dir.path(),
    );
    assert!(stdout(&isolated).contains("drafts"));
    assert!(stdout(&isolated).contains("style/mixed-politeness"));
}

#[test]
fn fail_on_comes_from_the_configuration_unless_given() {
    let dir = workspace(&[
        ("kintsugi.toml", "fail-on = \"error\"\n"),
        ("a.txt", DAMAGED),
    ]);
    assert_eq!(run(&["check", "a.txt"], dir.path()).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "warning", "a.txt"], dir.path())
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn an_invalid_configuration_is_an_error_naming_the_key() {
    let dir = workspace(&[
        ("kintsugi.toml", "fial-on = \"error\"\n"),
        ("a.txt", DAMAGED),
    ]);
    let output = run(&["check", "a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("kintsugi.toml is not a valid configuration"),
        "{message}"
    );
    assert!(message.contains("fial-on"), "{message}");

    let dir = workspace(&[
        ("kintsugi.toml", "select = [\"punctuatoin\"]\n"),
        ("a.txt", DAMAGED),
    ]);
    let message = stderr(&run(&["check", "a.txt"], dir.path()));
    assert!(
        message.contains("`select`") && message.contains("punctuatoin"),
        "{message}"
    );
}

#[test]
fn users_extend_the_data_tables_from_the_configuration() {
    let dir = workspace(&[
        (
            "kintsugi.toml",
            "[data]\ngazetteer = [\"names.toml\"]\nchinese-terms = [\"terms.toml\"]\n",
        ),
        (
            "names.toml",
            "[[entity]]\nname = \"アンナ・ベーアボック\"\nvariants = [\"ベアボック\"]\n",
        ),
        (
            "terms.toml",
            "[[term]]\ntext = \"习近平\"\ncandidates = [\"習近平\"]\n",
        ),
        ("a.txt", "ベアボック外相と习近平主席が会談した。\n"),
    ]);
    let output = run(&["fix", "a.txt"], dir.path());
    assert_eq!(
        stdout(&output),
        "ベーアボック外相と習近平主席が会談した。\n"
    );

    let broken = workspace(&[
        ("kintsugi.toml", "[data]\ngazetteer = [\"missing.toml\"]\n"),
        ("a.txt", DAMAGED),
    ]);
    let output = run(&["check", "a.txt"], broken.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn intended_text_is_never_reported() {
    let dir = workspace(&[
        ("kintsugi.toml", "allow = [\"グローバル·ポリティクス\"]\n"),
        (
            "a.txt",
            "グローバル·ポリティクスの<!-- kintsugi-ignore -->派遣した。。<!-- /kintsugi-ignore -->記事。\n",
        ),
    ]);
    let output = run(&["check", "a.txt"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn github_format_annotates_each_finding() {
    let dir = workspace(&[("a.txt", DAMAGED)]);
    let output = run(&["check", "--format", "github", "a.txt"], dir.path());
    assert_eq!(
        stdout(&output),
        "::warning file=a.txt,line=1,col=9,endLine=1,endColumn=11,title=punctuation/double-period::`。` written twice\n"
    );
}

#[test]
fn sarif_format_is_a_sarif_2_1_0_log() {
    let dir = workspace(&[("記事 1.txt", DAMAGED)]);
    let output = run(&["check", "--format", "sarif", "記事 1.txt"], dir.path());
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kintsugi");
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        kintsugi::RULES.len()
    );
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "punctuation/double-period");
    assert_eq!(result["level"], "warning");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "%E8%A8%98%E4%BA%8B%201.txt"
    );
    assert_eq!(location["region"]["startColumn"], 9);
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "。"
    );
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        "punctuation/double-period"
    );
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = workspace(&[("a.txt", DAMAGED), ("b.txt", DAMAGED)]);
    let output = run(&["check", "--statistics", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let table = stdout(&output);
    assert!(
        table.contains("     2  punctuation/double-period"),
        "{table}"
    );
    assert!(table.contains("2 fixable"), "{table}");
}

#[test]
fn a_baseline_hides_old_findings_and_keeps_new_ones() {
    let dir = workspace(&[("a.txt", DAMAGED)]);
    let written = run(
        &["check", "--write-baseline", "baseline.json", "a.txt"],
        dir.path(),
    );
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert_eq!(
        run(
            &["check", "--baseline", "baseline.json", "a.txt"],
            dir.path()
        )
        .status
        .code(),
        Some(0)
    );
    // Lines moved and a new artifact added: only the new one is reported.
    std::fs::write(
        dir.path().join("a.txt"),
        format!("前書きの一文である。\n{DAMAGED}新しい文である。。\n"),
    )
    .unwrap();
    let output = run(
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "a.txt",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(String::from).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("\"line\":3"), "{}", lines[0]);
}

#[test]
fn the_report_lists_documents_worst_first_and_writes_csv_and_json() {
    let dir = workspace(&[
        (
            "clean.txt",
            "欧州委員会は新たな支援策を発表した。加盟国の多くはこれを歓迎している。\n",
        ),
        (
            "damaged.txt",
            "欧州委員会は新たな支援策を発表した。。因此我们认为,这个问题非常重要。\n",
        ),
    ]);
    let output = run(
        &[
            "report",
            ".",
            "--csv",
            "report.csv",
            "--json",
            "report.json",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    let damaged = table.find("damaged.txt").unwrap();
    let clean = table.find("clean.txt").unwrap();
    assert!(damaged < clean, "{table}");
    let csv = std::fs::read_to_string(dir.path().join("report.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("document,score,findings,stray-chinese,chinese-term"));
    assert!(lines[1].starts_with("./damaged.txt,"), "{csv}");
    assert!(lines[2].starts_with("./clean.txt,100,0,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(json[0]["counts"]["stray-chinese"], 1);
    assert_eq!(json[1]["score"], 100.0);
}
