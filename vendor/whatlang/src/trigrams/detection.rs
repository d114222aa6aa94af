use hashbrown::HashMap;

use super::LangProfileList;
use super::utils::{TrigramsWithPositions, get_trigrams_with_positions};
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
use super::{MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE, Trigram};
use crate::Lang;
use crate::core::{FilterList, Info, InternalQuery, Text, calculate_confidence};
use crate::scripts::grouping::MultiLangScript;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    #[allow(dead_code)]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let lang_profile_list = script_to_lang_profile_list(iquery.multi_lang_script);
    let index = profile_index(iquery.multi_lang_script);
    calculate_scores_in_profiles(&iquery.text, iquery.filter_list, lang_profile_list, index)
}

// kintsugi: every profile's trigrams by trigram, built once per script. The original looked up each of
// a profile's 300 trigrams in the text's trigrams, for every profile (37 for Latin): about 600,000
// instructions per call whatever the text's length. The index visits only the profiles that share a
// trigram with the text. Same distances, same order, so the same result.
type ProfileIndex = HashMap<Trigram, Vec<(u16, u16)>>;

fn profile_index(script: MultiLangScript) -> &'static ProfileIndex {
    use std::sync::LazyLock;
    fn build(list: LangProfileList) -> ProfileIndex {
        let mut index = ProfileIndex::new();
        for (profile, (_, trigrams)) in list.iter().enumerate() {
            for (rank, &trigram) in trigrams.iter().enumerate() {
                index
                    .entry(trigram)
                    .or_default()
                    .push((profile as u16, rank as u16));
            }
        }
        index
    }
    static LATIN: LazyLock<ProfileIndex> = LazyLock::new(|| build(LATIN_LANGS));
    static CYRILLIC: LazyLock<ProfileIndex> = LazyLock::new(|| build(CYRILLIC_LANGS));
    static ARABIC: LazyLock<ProfileIndex> = LazyLock::new(|| build(ARABIC_LANGS));
    static DEVANAGARI: LazyLock<ProfileIndex> = LazyLock::new(|| build(DEVANAGARI_LANGS));
    static HEBREW: LazyLock<ProfileIndex> = LazyLock::new(|| build(HEBREW_LANGS));
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => &LATIN,
        MLS::Cyrillic => &CYRILLIC,
        MLS::Arabic => &ARABIC,
        MLS::Devanagari => &DEVANAGARI,
        MLS::Hebrew => &HEBREW,
    }
}

fn script_to_lang_profile_list(script: MultiLangScript) -> LangProfileList {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => LATIN_LANGS,
        MLS::Cyrillic => CYRILLIC_LANGS,
        MLS::Arabic => ARABIC_LANGS,
        MLS::Devanagari => DEVANAGARI_LANGS,
        MLS::Hebrew => HEBREW_LANGS,
    }
}

#[inline]
fn calculate_scores_in_profiles(
    text: &Text,
    filter_list: &FilterList,
    lang_profile_list: LangProfileList,
    index: &ProfileIndex,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = vec![];

    let TrigramsWithPositions {
        trigram_positions, ..
    } = get_trigrams_with_positions(&text.lowercase());
    let unique_trigrams_count = trigram_positions.len();

    // kintsugi: calculate_distance's sums, taken over the text's trigrams instead of each profile's.
    // A profile trigram the text lacks adds MAX_TRIGRAM_DISTANCE, one it has adds the rank difference.
    let mut sums: Vec<u32> = lang_profile_list
        .iter()
        .map(|(_, trigrams)| trigrams.len() as u32 * MAX_TRIGRAM_DISTANCE)
        .collect();
    for (trigram, &n) in &trigram_positions {
        for &(profile, rank) in index.get(trigram).map_or(&[][..], Vec::as_slice) {
            let sum = &mut sums[usize::from(profile)];
            *sum = *sum - MAX_TRIGRAM_DISTANCE + (n as i32 - i32::from(rank)).unsigned_abs();
        }
    }

    for (&(lang, _), sum) in lang_profile_list.iter().zip(sums) {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        let dist = finish_distance(sum, &trigram_positions);
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

// kintsugi: the end of the original calculate_distance, whose sum is now taken over the index above
// (tests/whatlang_patch.rs holds the two to the same results).
#[inline]
fn finish_distance(mut total_dist: u32, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let count = text_trigrams.len() as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }
}
