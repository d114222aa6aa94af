//! The gazetteer: people and places of the corpus's domain with their standard Japanese spelling, known
//! variants and misrenderings, Chinese forms, titles and title facts. Data (src/data/gazetteer.toml),
//! extended by the user's own files with the same keys.

use crate::document::Document;
use crate::names::key::{kana_distance, variant_key};
use anyhow::{Result, bail};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;

/// A title written where the gazetteer knows another is right (a sitting president called 元大統領).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleFact {
    pub wrong: String,
    pub right: String,
}

/// One person or place, as written in the data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// The standard spelling; parts joined by ・ (スティーブ・ウィトコフ).
    pub name: String,
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Other spellings of the name or of one of its parts, rewritten to the standard one.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Known misrenderings (any script), rewritten to the standard spelling.
    #[serde(default)]
    pub wrong: Vec<String>,
    /// Chinese forms (特朗普); reported by the chinese-term rule.
    #[serde(default)]
    pub chinese: Vec<String>,
    /// Titles this person holds in the corpus's period (国務長官); a title held by one entity only tells
    /// who an unknown name next to it should be.
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub title_facts: Vec<TitleFact>,
}

fn default_kind() -> String {
    "person".to_string()
}

impl Entity {
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.name.split(['・', '＝', '=']).filter(|p| !p.is_empty())
    }

    /// The part a name is usually cited by: the family name of a person, the whole name of a place.
    pub fn short_name(&self) -> &str {
        self.parts().last().unwrap_or(&self.name)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerFile {
    #[serde(default)]
    pub entity: Vec<Entity>,
    /// Words that mark the name next to them as a name (長官, 報道官, 氏).
    #[serde(default)]
    pub titles: Vec<String>,
}

/// Where a spelling leads in the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    pub entity: usize,
    /// The standard spelling of the part (or whole name) it stands for.
    pub canonical: String,
}

/// The compiled gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    pub entities: Vec<Entity>,
    /// Every standard part and every known variant, to its standard part (by its number in
    /// `spelling_list`, which documents keep for their terms).
    spellings: HashMap<String, u32>,
    spelling_list: Vec<Spelling>,
    /// Variant key of each standard part, to its standard spellings.
    by_key: HashMap<String, Vec<Spelling>>,
    /// Each title, to the entities that hold it.
    by_title: HashMap<String, Vec<usize>>,
    /// Misrenderings (literal text), with what each becomes.
    pub wrong: crate::pattern::LiteralSet,
    pub wrong_targets: Vec<Spelling>,
    titles: TitleSet,
    /// Every standard part with its variant key and the key's length in characters, for fuzzy matching.
    part_keys: Vec<(Spelling, String, usize)>,
}

/// The titles, and their lengths by first and by last character, longest first: the longest title at
/// the start or the end of a text is a hash lookup per length of the titles that start or end with
/// its character (one or a few). Two Aho-Corasick automata answered the same, and building them was a
/// seventh of a pre-commit run.
#[derive(Debug, Default)]
struct TitleSet {
    titles: rustc_hash::FxHashSet<String>,
    lengths_by_first: HashMap<char, Vec<usize>>,
    lengths_by_last: HashMap<char, Vec<usize>>,
    /// The first and the last characters of the titles: most names have neither next to them, which
    /// answers without a lookup.
    first_chars: crate::pattern::CharSet,
    last_chars: crate::pattern::CharSet,
}

impl TitleSet {
    fn new(titles: &[String]) -> TitleSet {
        let mut set = TitleSet::default();
        for title in titles {
            let (Some(first), Some(last)) = (title.chars().next(), title.chars().next_back())
            else {
                continue;
            };
            if set.titles.insert(title.clone()) {
                set.lengths_by_first
                    .entry(first)
                    .or_default()
                    .push(title.len());
                set.lengths_by_last
                    .entry(last)
                    .or_default()
                    .push(title.len());
            }
        }
        for lengths in set
            .lengths_by_first
            .values_mut()
            .chain(set.lengths_by_last.values_mut())
        {
            lengths.sort_unstable_by(|a, b| b.cmp(a));
            lengths.dedup();
        }
        set.first_chars = set.lengths_by_first.keys().copied().collect();
        set.last_chars = set.lengths_by_last.keys().copied().collect();
        set
    }

    /// Whether a title may start with `c`.
    fn may_start(&self, c: char) -> bool {
        self.first_chars.contains(c)
    }

    /// Whether a title may end with `c`.
    fn may_end(&self, c: char) -> bool {
        self.last_chars.contains(c)
    }

    /// The longest title `text` starts with, whose first character is `first`.
    fn longest_prefix<'t>(&self, text: &'t str, first: char) -> Option<&'t str> {
        self.lengths_by_first
            .get(&first)?
            .iter()
            .filter_map(|&length| text.get(..length))
            .find(|prefix| self.titles.contains(*prefix))
    }

    /// The longest title `text` ends with, whose last character is `last`.
    fn longest_suffix<'t>(&self, text: &'t str, last: char) -> Option<&'t str> {
        self.lengths_by_last
            .get(&last)?
            .iter()
            .filter_map(|&length| text.get(text.len().checked_sub(length)?..))
            .find(|suffix| self.titles.contains(*suffix))
    }
}

impl Gazetteer {
    pub fn build(file: GazetteerFile) -> Result<Gazetteer> {
        let mut spellings = HashMap::default();
        let mut by_key: HashMap<String, Vec<Spelling>> = HashMap::default();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::default();
        let mut wrong_patterns = Vec::new();
        let mut wrong_targets = Vec::new();
        let mut titles: Vec<String> = file.titles;

        for (index, entity) in file.entity.iter().enumerate() {
            if entity.name.trim().is_empty() {
                bail!("gazetteer: an entity has an empty `name`");
            }
            for part in entity.parts() {
                let spelling = Spelling {
                    entity: index,
                    canonical: part.to_string(),
                };
                spellings.insert(part.to_string(), spelling.clone());
                by_key.entry(variant_key(part)).or_default().push(spelling);
            }
            for variant in &entity.variants {
                for part in variant.split(['・', '＝', '=']).filter(|p| !p.is_empty()) {
                    let canonical = closest_part(entity, part);
                    if canonical != part {
                        spellings.insert(
                            part.to_string(),
                            Spelling {
                                entity: index,
                                canonical: canonical.to_string(),
                            },
                        );
                    }
                }
            }
            for wrong in &entity.wrong {
                wrong_patterns.push(wrong.clone());
                let is_single_word = !wrong.contains(['・', '＝', '='])
                    && wrong
                        .chars()
                        .all(crate::names::katakana::is_katakana_letter);
                let canonical = if is_single_word {
                    closest_part(entity, wrong).to_string()
                } else {
                    entity.name.clone()
                };
                wrong_targets.push(Spelling {
                    entity: index,
                    canonical,
                });
            }
            for title in &entity.titles {
                by_title.entry(title.clone()).or_default().push(index);
                titles.push(title.clone());
            }
        }
        for holders in by_title.values_mut() {
            holders.sort_unstable();
            holders.dedup();
        }
        titles.sort();
        titles.dedup();
        let part_keys = file
            .entity
            .iter()
            .enumerate()
            .flat_map(|(index, entity)| {
                entity.parts().map(move |part| {
                    let key = variant_key(part);
                    let length = key.chars().count();
                    let spelling = Spelling {
                        entity: index,
                        canonical: part.to_string(),
                    };
                    (spelling, key, length)
                })
            })
            .collect();
        let mut spelling_list = Vec::with_capacity(spellings.len());
        let spellings = spellings
            .into_iter()
            .map(|(term, spelling)| {
                spelling_list.push(spelling);
                (term, (spelling_list.len() - 1) as u32)
            })
            .collect();
        Ok(Gazetteer {
            part_keys,
            spelling_list,
            entities: file.entity,
            spellings,
            by_key,
            by_title,
            wrong: crate::pattern::LiteralSet::new(&wrong_patterns)?,
            wrong_targets,
            titles: TitleSet::new(&titles),
        })
    }

    /// The gazetteer's word on an exact spelling: itself if standard, its standard form if a variant.
    pub fn spelling(&self, term: &str) -> Option<&Spelling> {
        self.spellings
            .get(term)
            .map(|&number| &self.spelling_list[number as usize])
    }

    /// [`Gazetteer::spelling`] of the katakana term at `index` in [`Document::katakana_terms`], looked
    /// up once per distinct spelling of the document for every rule that asks (four rules ask about
    /// every term). The answers are kept in the document, so a document is asked about with one
    /// gazetteer only, as a run does.
    pub fn term_spelling(&self, document: &Document, index: usize) -> Option<&Spelling> {
        let known = document.known_spellings.get_or_init(|| {
            document
                .katakana_first_terms()
                .map(|term| {
                    self.spellings
                        .get(&document.text[term.span.clone()])
                        .copied()
                })
                .collect()
        });
        let number = document.katakana_spelling_numbers()[index];
        known[number as usize].map(|number| &self.spelling_list[number as usize])
    }

    /// Standard spellings that share a variant key with `term`.
    pub fn same_key(&self, key: &str) -> &[Spelling] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// Every standard part whose variant key is `key_length` characters long, give or take one, with
    /// its key: the candidates for fuzzy matching a key of that length.
    pub fn standard_parts_near(
        &self,
        key_length: usize,
    ) -> impl Iterator<Item = (&Spelling, &str)> + '_ {
        self.part_keys
            .iter()
            .filter(move |(_, _, length)| length.abs_diff(key_length) <= 1)
            .map(|(spelling, key, _)| (spelling, key.as_str()))
    }

    /// The entities that hold `title`.
    pub fn holders(&self, title: &str) -> &[usize] {
        self.by_title.get(title).map_or(&[], Vec::as_slice)
    }

    /// The title that starts right at `text` (ルビオ|国務長官), if any.
    pub fn title_after<'t>(&self, text: &'t str) -> Option<&'t str> {
        let first = text.chars().next()?;
        if !self.titles.may_start(first) {
            return None;
        }
        let window = &text[..text.floor_char_boundary(40)];
        self.titles.longest_prefix(window, first)
    }

    /// The title that ends right at the end of `text` (国務長官|ヌビオ), skipping one の (陸軍長官の|ダン).
    pub fn title_before<'t>(&self, text: &'t str) -> Option<&'t str> {
        const WINDOW_CHARS: usize = 12;
        let text = text.strip_suffix('の').unwrap_or(text);
        let last = text.chars().next_back()?;
        if !self.titles.may_end(last) {
            return None;
        }
        let window_start = text
            .char_indices()
            .nth_back(WINDOW_CHARS - 1)
            .map_or(0, |(at, _)| at);
        self.titles.longest_suffix(&text[window_start..], last)
    }

    /// Whether the term at `span` stands as a name: a title right before or after it.
    pub fn is_titled(&self, text: &str, span: &std::ops::Range<usize>) -> bool {
        self.title_after(&text[span.end..]).is_some()
            || self.title_before(&text[..span.start]).is_some()
    }
}

/// The part of the entity's name a variant spelling stands for: the nearest by key distance.
fn closest_part<'e>(entity: &'e Entity, spelling: &str) -> &'e str {
    let key = variant_key(spelling);
    entity
        .parts()
        .min_by(|a, b| {
            let distance =
                |part: &str| kana_distance(&key, &variant_key(part), 100.0).unwrap_or(f32::MAX);
            distance(a).total_cmp(&distance(b))
        })
        .unwrap_or(&entity.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let file: GazetteerFile = toml::from_str(
            r#"
            titles = ["氏", "長官"]
            [[entity]]
            name = "スティーブ・ウィトコフ"
            variants = ["スティーヴ", "ウィットコフ"]
            titles = ["特使"]
            [[entity]]
            name = "キーウ"
            kind = "place"
            variants = ["キエフ"]
            [[entity]]
            name = "マー・ア・ラゴ"
            kind = "place"
            wrong = ["海湖荘園"]
            "#,
        )
        .unwrap();
        Gazetteer::build(file).unwrap()
    }

    #[test]
    fn variants_lead_to_the_standard_part() {
        let gazetteer = gazetteer();
        assert_eq!(gazetteer.spelling("キエフ").unwrap().canonical, "キーウ");
        assert_eq!(
            gazetteer.spelling("スティーヴ").unwrap().canonical,
            "スティーブ"
        );
        assert_eq!(
            gazetteer.spelling("ウィットコフ").unwrap().canonical,
            "ウィトコフ"
        );
        assert_eq!(
            gazetteer.spelling("ウィトコフ").unwrap().canonical,
            "ウィトコフ"
        );
        assert!(gazetteer.spelling("ヴィトコフ").is_none());
        assert_eq!(
            gazetteer.same_key(&variant_key("ヴィトコフ"))[0].canonical,
            "ウィトコフ"
        );
        assert_eq!(gazetteer.wrong_targets[0].canonical, "マー・ア・ラゴ");
    }

    #[test]
    fn titles_mark_names_on_either_side() {
        let gazetteer = gazetteer();
        assert_eq!(gazetteer.title_after("特使は"), Some("特使"));
        assert_eq!(gazetteer.title_before("米国の陸軍長官の"), Some("長官"));
        assert_eq!(gazetteer.title_before("米国の"), None);
        assert_eq!(gazetteer.holders("特使"), &[0]);
    }

    #[test]
    fn the_longest_title_is_found_at_either_end() {
        let titles = ["長官", "国務長官", "米国務長官", "官", "CEO兼会長", ""].map(String::from);
        let set = TitleSet::new(&titles);
        assert_eq!(set.longest_prefix("国務長官は", '国'), Some("国務長官"));
        assert_eq!(set.longest_prefix("長官は", '長'), Some("長官"));
        assert_eq!(set.longest_prefix("国務は", '国'), None);
        assert_eq!(set.longest_prefix("CEO兼会長の", 'C'), Some("CEO兼会長"));
        assert_eq!(
            set.longest_suffix("前の米国務長官", '官'),
            Some("米国務長官")
        );
        assert_eq!(set.longest_suffix("務長官", '官'), Some("長官"));
        assert_eq!(set.longest_suffix("兼会長", '長'), None);
        // A length that falls inside a character is no title.
        assert_eq!(set.longest_suffix("x会長", '長'), None);
        // Titles are looked for within a window next to the name: 40 bytes after it, 12 characters
        // before it.
        let long_title = "一副首相兼国家安全保障議長"; // 13 characters, 39 bytes
        let gazetteer = Gazetteer::build(
            toml::from_str(&format!("titles = [\"{long_title}\", \"議長\"]")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            gazetteer.title_after(&format!("{long_title}は")),
            Some(long_title)
        );
        assert_eq!(
            gazetteer.title_before(&format!("前{long_title}")),
            Some("議長")
        );
    }

    #[test]
    fn a_terms_kept_spelling_is_its_looked_up_one() {
        let knowledge = crate::knowledge::Knowledge::shared_default();
        let gazetteer = &knowledge.gazetteer;
        let mut texts = crate::files::reference_texts(&["seeds", "fixtures"]);
        texts.push("キエフとキーウ、キエフ。スティーヴ・ウィットコフ特使".to_string());
        let mut known = 0;
        for text in &texts {
            let document = Document::new(text, crate::document::TextKind::Plain);
            for (index, term) in document.katakana_terms().iter().enumerate() {
                let looked_up = gazetteer.spelling(&text[term.span.clone()]);
                assert_eq!(gazetteer.term_spelling(&document, index), looked_up);
                known += usize::from(looked_up.is_some());
            }
        }
        assert!(known > 10, "{known} known terms");
    }
}
