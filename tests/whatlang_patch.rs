//! The vendored whatlang (vendor/whatlang: trigram distances from an index) against the published crate:
//! the same language, script and confidence, to the bit, for every text tried. foreign-block's messages
//! carry the language and the confidence, so any difference would show in kintsugi's output.

use std::path::Path;

/// A crate's answer in a form both crates give: language code, script name, confidence bits, reliability.
type Answer = Option<(String, String, u64, bool)>;

fn answers(text: &str) -> (Answer, Answer) {
    // The two crates' `Info` are different types with the same methods.
    macro_rules! answer {
        ($info:expr) => {
            $info.map(|info| {
                (
                    info.lang().code().to_string(),
                    info.script().name().to_string(),
                    info.confidence().to_bits(),
                    info.is_reliable(),
                )
            })
        };
    }
    (
        answer!(whatlang::detect(text)),
        answer!(whatlang_upstream::detect(text)),
    )
}

fn assert_same(text: &str) {
    let (patched, published) = answers(text);
    assert_eq!(patched, published, "{text:?}");
}

/// A small deterministic generator (xorshift), so a failure names a text that can be run again.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Letters of the scripts whatlang tells languages apart by trigrams, with the diacritics its Latin and
/// Cyrillic alphabets score.
const ALPHABETS: [&str; 5] = [
    "abcdefghijklmnopqrstuvwxyzáàâäãåæçčćďéèêëěęģíìîïķļłńňñóòôöõőøřśšşťúùûüůűýÿźžżßğışțđơưạảấầậắằ",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўқңүһә",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةىپچژکگی",
    "अआइईउऊऋएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहािीुूृेैोौंःँ्",
    "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
];

/// Sentences in languages whatlang knows, for texts that look like language rather than letters.
const SENTENCES: [&str; 14] = [
    "Witkoff in Moscow: Is Kiev still at the table or on the menu?",
    "After days of shuttle diplomacy with Kiev, Washington moves the talks to Moscow.",
    "Die Ordnung muss für immer in diesem Codebase bleiben.",
    "La délégation ukrainienne est arrivée à Genève pour des pourparlers.",
    "El presidente habló con los periodistas después de la reunión.",
    "Il ministro ha detto che i negoziati continueranno la prossima settimana.",
    "O governo anunciou novas medidas econômicas nesta segunda-feira.",
    "Prezydent spotkał się z premierem w Warszawie w środę.",
    "Переговоры в Москве продолжались несколько часов.",
    "Україна готова до переговорів, заявив міністр.",
    "وقال الوزير إن المحادثات ستستمر الأسبوع المقبل",
    "राष्ट्रपति ने कहा कि बातचीत जारी रहेगी",
    "השיחות יימשכו בשבוע הבא, אמר השר",
    "<script>document.title = \"pwned\"; document.body.innerHTML = '';</script>",
];

#[test]
fn the_index_gives_what_the_published_crate_gives_on_the_reference_texts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tried = 0;
    for folder in ["seeds", "fixtures"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for line in &lines {
                assert_same(line);
                tried += 1;
            }
            // Blocks of neighbouring lines, as foreign-block passes them.
            for window in lines.windows(3) {
                assert_same(&window.join("\n"));
                tried += 1;
            }
        }
    }
    assert!(tried > 600, "{tried} texts");
}

#[test]
fn the_index_gives_what_the_published_crate_gives_on_generated_texts() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for sentence in SENTENCES {
        assert_same(sentence);
    }
    for _ in 0..10_000 {
        let alphabet: Vec<char> = ALPHABETS[random.below(ALPHABETS.len())].chars().collect();
        // From a few letters (few trigrams) to a few thousand (more than the 600 whatlang keeps).
        let length = [3, 12, 60, 400, 3_000][random.below(5)];
        let mut text = String::new();
        while text.chars().count() < length {
            match random.below(10) {
                0 => text.push_str(SENTENCES[random.below(SENTENCES.len())]),
                1 => text.push(' '),
                2 => text.push_str(", "),
                _ => text.push(alphabet[random.below(alphabet.len())]),
            }
        }
        assert_same(&text);
    }
}
