//! Wrong names: known misrenderings, near misses of known names, names that do not fit their title, and
//! titles that do not fit the person.

pub mod known_misrendering;
pub mod near_miss;
pub mod title_fact;
pub mod title_holder;

use crate::document::Document;
use crate::names::gazetteer::Gazetteer;
use crate::names::katakana::KatakanaTerm;
use crate::names::key::kana_distance;

/// The titles written right before and right after the whole name a term belongs to.
pub(crate) fn titles_around<'t>(
    gazetteer: &Gazetteer,
    document: &'t Document,
    term: &KatakanaTerm,
) -> Vec<&'t str> {
    let text = document.text;
    [
        gazetteer.title_before(&text[..term.name_span.start]),
        gazetteer.title_after(&text[term.name_span.end..]),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether two titles name the same office: one contains the other's last two characters
/// (書記長 and 国家安全保障国防会議書記, 長官 and 国務長官).
pub(crate) fn titles_agree(found: &str, held: &str) -> bool {
    let tail = |title: &str| -> String {
        let chars: Vec<char> = title.chars().collect();
        chars[chars.len().saturating_sub(2)..].iter().collect()
    };
    found.contains(&tail(held)) || held.contains(&tail(found))
}

/// Whether one key is a near miss of another: one substitution (a similar-kana one for three-kana
/// names), or one kana missing or added at either end (メロフ/ウメロフ). A kana added in the middle
/// (ジョンソン/ジョンストン) is another name.
pub(crate) fn is_near_miss(key: &str, other: &str) -> bool {
    let (length, other_length) = (key.chars().count(), other.chars().count());
    if length < 3 || other_length < 3 || key == other {
        return false;
    }
    if length == other_length {
        let limit = if length == 3 { 0.5 } else { 1.0 };
        return kana_distance(key, other, limit).is_some();
    }
    let (short, long) = if length < other_length {
        (key, other)
    } else {
        (other, key)
    };
    length.abs_diff(other_length) == 1 && (long.starts_with(short) || long.ends_with(short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_edge_edits_and_single_substitutions() {
        assert!(is_near_miss("ヌビオ", "ルビオ"));
        assert!(is_near_miss("メロフ", "ウメロフ"));
        assert!(is_near_miss("フナトフ", "グナトフ"));
        assert!(!is_near_miss("ジヨンソン", "ジヨンストン"));
        assert!(!is_near_miss("ケイン", "ライン"));
        assert!(!is_near_miss("コスト", "テスト"));
    }

    #[test]
    fn titles_agree_on_their_office() {
        assert!(titles_agree("書記長", "国家安全保障国防会議書記"));
        assert!(titles_agree("国務長官", "国務長官"));
        assert!(!titles_agree("報道官", "国務長官"));
    }
}
