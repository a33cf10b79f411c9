//! How search sees text: folded (no case, no accents, no invisible
//! characters), split into words, and each word reduced to its stem. `themes/default/static/search.js`
//! applies the same rules to the reader's query; `tests/it/search.rs` checks
//! that the two agree.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that are invisible in running text and would otherwise split
/// or glue words unpredictably: soft hyphen, zero-width spaces and joiners,
/// direction marks, word joiner, byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Lowercase, without accents or invisible characters: "Ŵyl" and "wyl"
/// are the same word to a reader typing on a phone.
pub fn fold(text: &str) -> String {
    // Most text is ASCII, which has no accents or invisible characters.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let bare: String = text
        .nfkd()
        .filter(|&c| !is_combining_mark(c) && !is_invisible(c))
        .collect();
    bare.to_lowercase()
}

/// The words of already folded text: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
        .filter(|w| !w.is_empty())
}

/// The English Snowball stem of a folded word, so that "days" finds
/// "day" and "recommended" finds "recommendations". Only words of plain
/// letters a–z are stemmed: a number, or a word of another script, is
/// left as it is (search.js does the same, with its own port of the same
/// algorithm, checked against this one in tests/it/search.rs).
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    use rust_stemmers::{Algorithm, Stemmer};
    if word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        Stemmer::create(Algorithm::English).stem(word)
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_share_a_stem_and_numbers_are_left_alone() {
        assert_eq!(stem("days"), stem("day"));
        assert_eq!(stem("recommended"), stem("recommendations"));
        assert_eq!(stem("inspections"), "inspect");
        assert_eq!(stem("2021"), "2021");
        assert_eq!(stem("as"), "as");
    }

    #[test]
    fn folding_drops_case_accents_and_invisible_characters() {
        assert_eq!(fold("Heddlu Dyfed-Powys: ŵ ŷ"), "heddlu dyfed-powys: w y");
        assert_eq!(
            fold("zero\u{200B}width \u{200F}RTL\u{200E}"),
            "zerowidth rtl"
        );
        assert_eq!(fold("ﬁle Ⅻ"), "file xii");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = fold("Recommendation 4: the force's “lead officer” — by 2021-03.");
        let found: Vec<&str> = words(&text).collect();
        assert_eq!(
            found,
            [
                "recommendation",
                "4",
                "the",
                "force",
                "s",
                "lead",
                "officer",
                "by",
                "2021",
                "03"
            ]
        );
    }
}
