//! Precision and recall of the stray-chinese detector on filler it was not written against: fresh
//! Chinese sentences (none from the seeds) injected into Japanese text at every position the corpus
//! shows, and clean kanji-heavy Japanese that must produce nothing. Run with `--nocapture` to see the
//! numbers.

use kintsugi::{Category, Config, Engine, TextKind};

/// Fresh filler, in the shapes machine translation leaves: function-word chatter, 在…的 structures made
/// only of characters Japanese also uses, short and long.
const FILLERS: &[&str] = &[
    "因此我们认为,这个问题非常重要。",
    "他们已经说了,但是没有结果。",
    "关于这个问题,我们需要进一步讨论。",
    "在日本的経済,在日本的問題。",
    "这个情况非常复杂,但是我们可以解决。",
    "然而,对于这个国家来说,这是一个机会。",
    "虽然如此,但是还是没有办法。",
    "在欧州的安全保障,在欧州的立場。",
    "我们知道,他们不是这样想的。",
    "如果这样的话,那么就是这样。",
    "这些国家的情况,那些国家的问题。",
    "总而言之,这是一个很大的问题。",
    "对此,他们表示非常关注。",
    "在这样的背景下,双方进行了会谈。",
    "可是,现在的情况已经变化了。",
    "因为这个原因,所以我们没有参加。",
    "在中国的立場上,在中国的利益。",
    "这就是问题的关键。",
    "但是他们说,这个不可能。",
    "其实,我们都知道这个事情。",
    "在会议的期间,在会议的结果。",
    "这样做的话,我们就没有办法了。",
];

/// Japanese sentence pairs the filler is injected between.
const HOSTS: &[(&str, &str)] = &[
    (
        "欧州委員会は新たな支援策を発表した。",
        "加盟国の多くはこれを歓迎している。",
    ),
    (
        "停戦交渉は三週間ぶりに再開された。",
        "双方の代表団は領土問題で対立したままだ。",
    ),
    (
        "日銀は政策金利を据え置いた。",
        "市場では年内の利上げ観測が根強い。",
    ),
];

/// How a filler sits in its host, and what the cleaned text must be.
fn placements(filler: &str, first: &str, second: &str) -> Vec<(String, String, &'static str)> {
    let unquoted = filler.trim_end_matches('。');
    vec![
        (
            format!("{first}\n{filler}\n{second}\n"),
            format!("{first}\n{second}\n"),
            "own line",
        ),
        (
            format!("{first}\n{filler}{second}\n"),
            format!("{first}\n{second}\n"),
            "line start",
        ),
        (
            format!("{first}{filler}{second}\n"),
            format!("{first}{second}\n"),
            "after a sentence",
        ),
        (
            format!("{first}{filler}。{second}\n"),
            format!("{first}{second}\n"),
            "doubled full stop",
        ),
        (
            format!("{first}\n“{unquoted}。”: {second}\n"),
            format!("{first}\n{second}\n"),
            "quoted with colon",
        ),
        (
            format!("第二に{filler}であり、{second}\n"),
            format!("第二にであり、{second}\n"),
            "inside a sentence",
        ),
    ]
}

/// Clean Japanese that must yield no stray-chinese finding: kanji-heavy prose, Chinese names and places,
/// Chinese quoted with a gloss, kanji-only headings and list items, idioms, numbers and dates.
const CLEAN: &[&str] = &[
    "国家安全保障会議は北大西洋条約機構との安全保障協定草案を審議した。",
    "習近平国家主席は王毅外相とともに深圳の経済特区を視察した。",
    "李強首相は全国人民代表大会で政府活動報告を行った。",
    "中国語で「共同富裕」と呼ばれる政策は、格差是正を掲げる。",
    "標語「不忘初心，牢记使命」(初心を忘れず、使命を心に刻む)が掲げられた。",
    "人民日報は「一带一路」の成果を強調した。",
    "関連記事\n参考資料\n第3四半期決算\n本文\n",
    "日米首脳会談\n2026年1月23日\n",
    "一石二鳥の政策だが、朝令暮改との批判もある。",
    "国連安全保障理事会常任理事国五カ国首脳会議開催。",
    "被害調査完了。",
    "以上。",
    "日本，米国，中国の3カ国が共同声明に署名した。",
    "前年同期比8.2%増の24兆円、営業利益は同5.1%増の2兆8000億円だった。",
    "在日米軍と在外公館の警備体制を強化する。",
    "経済的事情により、計画は見直された。",
    "台湾海峡の平和と安定の重要性を確認した。",
    "欧州連合(EU)首脳会議は対露制裁第20弾を承認した。",
    "香港特別行政区政府報道官談話全文\n",
    "・日本銀行「経済・物価情勢の展望」\n・内閣府「月例経済報告」\n",
    "中華人民共和国外交部発言人の定例記者会見によると、協議は継続される。",
    "彼は「是非もない」と述べた。",
];

fn stray_spans(engine: &Engine, text: &str) -> Vec<std::ops::Range<usize>> {
    engine
        .check(text, TextKind::Plain)
        .into_iter()
        .filter(|f| f.category == Category::StrayChinese)
        .map(|f| f.span)
        .collect()
}

#[test]
fn precision_and_recall_on_fresh_filler() {
    let engine = Engine::new(Config::default());
    let (mut true_positives, mut false_negatives, mut false_positives) = (0usize, 0usize, 0usize);
    let (mut clean_fixes, mut cases) = (0usize, 0usize);
    let mut misses = Vec::new();

    for filler in FILLERS {
        for (first, second) in HOSTS {
            for (text, expected, placement) in placements(filler, first, second) {
                cases += 1;
                let core_start = text.find(filler.trim_end_matches('。')).unwrap();
                let core_end = core_start + filler.trim_end_matches('。').len();
                let spans = stray_spans(&engine, &text);
                let covered = spans
                    .iter()
                    .any(|s| s.start <= core_start && s.end >= core_end);
                if covered {
                    true_positives += 1;
                } else {
                    false_negatives += 1;
                    misses.push(format!("{placement}: {filler}"));
                }
                false_positives += spans
                    .iter()
                    .filter(|s| s.end <= core_start || s.start >= core_end)
                    .count();
                let fixed = engine.fix(&text, TextKind::Plain).text;
                if fixed == expected {
                    clean_fixes += 1;
                } else {
                    misses.push(format!("{placement}: fixed to {fixed:?}"));
                }
            }
        }
    }
    let mut clean_findings = Vec::new();
    for text in CLEAN {
        for span in stray_spans(&engine, text) {
            clean_findings.push(text[span].to_string());
        }
    }
    false_positives += clean_findings.len();

    let recall = true_positives as f64 / (true_positives + false_negatives) as f64;
    let precision = true_positives as f64 / (true_positives + false_positives) as f64;
    println!(
        "stray-chinese on fresh filler: {cases} injected, recall {recall:.3} ({true_positives}/{}), \
         precision {precision:.3} ({false_positives} false positives, {} of them in {} clean texts), \
         cleaned exactly {clean_fixes}/{cases}",
        true_positives + false_negatives,
        clean_findings.len(),
        CLEAN.len()
    );
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(
        clean_findings.is_empty(),
        "findings on clean text: {clean_findings:?}"
    );
    assert!(recall >= 0.95, "recall {recall:.3}: {misses:#?}");
    assert!(precision >= 0.98, "precision {precision:.3}");
    assert!(
        clean_fixes as f64 >= 0.95 * cases as f64,
        "{clean_fixes}/{cases} cleaned exactly: {misses:#?}"
    );
}
