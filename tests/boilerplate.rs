//! Page furniture and foreign blocks: what the seeds lose, what they keep, and the structural signals
//! working with the pattern table switched off.

use kintsugi::knowledge::{BoilerplatePatterns, Knowledge, KnowledgeFiles};
use kintsugi::{Category, Config, Engine, TextKind};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

fn seed(prefix: &str) -> String {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let path = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn engine_without_table() -> Engine {
    let mut knowledge = Knowledge::load(&KnowledgeFiles::default()).unwrap();
    knowledge.boilerplate = BoilerplatePatterns::empty();
    Engine::with_knowledge(Config::default(), Arc::new(knowledge))
}

/// The non-blank lines that page-furniture and foreign-text remove.
fn removed_lines(engine: &Engine, text: &str) -> BTreeSet<String> {
    let mut removed = BTreeSet::new();
    for entry in engine.fix(text, TextKind::Plain).log.entries {
        let category = entry.finding.category;
        if entry.applied() && matches!(category, Category::Boilerplate | Category::ForeignText) {
            removed.extend(
                entry
                    .finding
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from),
            );
        }
    }
    removed
}

fn set(lines: &[&str]) -> BTreeSet<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

const FURNITURE_002: &[&str] = &[
    "Research",
    "by nicoxz",
    "URLをコピーしました",
    "参考資料:",
    "関連記事",
    "最新ニュース",
];

const FURNITURE_004: &[&str] = &[
    "エントランへ",
    "Witkoff in Moscow: Is Kiev still at the table or on the menu?",
    "After days of shuttle diplomacy with Kiev, Washington moves",
    "straight to Moscow – sidelining the EU and testing how far",
    "Zelensky can resist US pressure amid a deteriorating front line",
    "RT War on UKRAINE #9067 2025年11月24日",
    "英語翻訳 池田こみち 経歴",
    "独立系メデア E-wave Tokyo 2025年11月25日(JST)",
    "本文",
    "本稿終了",
];

#[test]
fn seeds_002_and_004_lose_exactly_their_furniture() {
    let engine = Engine::default();
    assert_eq!(removed_lines(&engine, &seed("002")), set(FURNITURE_002));
    let mut expected = set(FURNITURE_004);
    expected.insert(
        "RT合成画像。© Evgeny Biyatov / Christina Kormilizyna / MichaelVoskresensky / Sputnik; Douglas Rissing / Mordolff / Getty Images".into(),
    );
    assert_eq!(removed_lines(&engine, &seed("004")), expected);
}

#[test]
fn the_other_seeds_lose_no_text_and_their_datelines_are_only_flagged() {
    let engine = Engine::default();
    for prefix in ["000", "001", "003"] {
        let text = seed(prefix);
        assert!(removed_lines(&engine, &text).is_empty(), "{prefix}");
        let datelines = engine
            .check(&text, TextKind::Plain)
            .into_iter()
            .filter(|f| f.rule == "boilerplate/dateline")
            .count();
        assert!(datelines >= 1, "{prefix}");
    }
}

#[test]
fn structure_alone_finds_the_seeds_furniture() {
    let engine = engine_without_table();
    let removed_002 = removed_lines(&engine, &seed("002"));
    let removed_004 = removed_lines(&engine, &seed("004"));
    println!("without the table: 002 {removed_002:?}\n004 {removed_004:?}");
    // Nothing but furniture goes, and most of it is still found.
    assert!(
        removed_002.is_subset(&set(FURNITURE_002)),
        "{removed_002:?}"
    );
    let mut furniture_004 = set(FURNITURE_004);
    furniture_004.insert(
        "RT合成画像。© Evgeny Biyatov / Christina Kormilizyna / MichaelVoskresensky / Sputnik; Douglas Rissing / Mordolff / Getty Images".into(),
    );
    assert!(removed_004.is_subset(&furniture_004), "{removed_004:?}");
    assert!(removed_002.len() >= 5, "{removed_002:?}");
    assert!(removed_004.len() >= 9, "{removed_004:?}");
}

#[test]
fn another_sites_furniture_goes_without_the_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/other-site-furniture.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let fixed = engine_without_table().fix(&text, TextKind::Plain).text;
    assert_eq!(
        fixed,
        "ホーム > 国際 > 欧州\n欧州議会、AI規制の施行を1年延期\n2026年5月12日 09:30\n\n\
         欧州議会は12日、人工知能(AI)規制法の一部条項の施行を1年延期する修正案を可決した。企業側の準備が間に合わないとの声に配慮した。\n\n\
         修正案は、高リスクAIの適合性評価の期限を2027年8月まで延ばす内容だ。議会内では、規制の実効性が損なわれるとの批判も出た。\n\n\
         欧州委員会は、延期の間に企業向けの指針を整備する方針を示した。加盟国の監督当局も体制づくりを急ぐ。\n"
    );
}

#[test]
fn a_line_repeated_across_the_corpus_goes_only_with_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let articles = [
        "欧州の財政規律をめぐる協議が続いている。加盟国の立場は分かれている。\n\n財務相会合は来月も開かれる。議論は長引く見通しだ。\n\n委員会は妥協案を示す方針だ。政治と経済の両面で影響は大きい。\n\n欧州の政治と経済\n",
        "欧州の難民政策が転機を迎えている。加盟国は新たな分担案で合意した。\n\n受け入れ数の配分が焦点となる。議論は今後も続く。\n\n委員会は年内の施行を目指す。政治と経済の両面で影響は大きい。\n\n欧州の政治と経済\n",
        "欧州のエネルギー政策で新たな動きがあった。加盟国は共同調達を拡大する。\n\n価格の安定が狙いである。産業界は歓迎している。\n\n委員会は冬までの実施を急ぐ。政治と経済の両面で影響は大きい。\n\n欧州の政治と経済\n",
    ];
    for (index, article) in articles.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{index}.txt")), article).unwrap();
    }
    let kintsugi = env!("CARGO_BIN_EXE_kintsugi");
    // Alone, the line shares its words with the article and stays.
    let alone = std::process::Command::new(kintsugi)
        .arg("fix")
        .arg(dir.path().join("0.txt"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8(alone.stdout)
            .unwrap()
            .contains("欧州の政治と経済")
    );
    // In the corpus it stands in every article's tail: the site's, not the article's.
    let out = dir.path().join("cleaned");
    let status = std::process::Command::new(kintsugi)
        .arg("fix")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    for index in 0..3 {
        let cleaned = std::fs::read_to_string(out.join(format!("{index}.txt"))).unwrap();
        assert!(!cleaned.contains("欧州の政治と経済"), "{cleaned}");
        assert!(cleaned.ends_with("。\n"), "{cleaned:?}");
    }
}
