//! People and organisation: units with history, staff, assignments.
//! Pure rules; the store keeps the records and the io crate reads files.

pub mod assignment;
pub mod codes;
pub mod event;
pub mod ids;
pub mod metrics;
pub mod rotation;
pub mod staff;
pub mod terms;
pub mod unit;

pub use ids::{StaffNumber, UnitCode};
use unicode_normalization::UnicodeNormalization;

/// A key for search and sorting: NFKC (full-width letters and half-width
/// kana made uniform), katakana folded to hiragana, lower case, no spaces.
/// Names themselves are always kept exactly as entered.
pub fn search_key(s: &str) -> String {
    if s.is_ascii() {
        return s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // ァ..ヶ → ぁ..ゖ
            'ァ'..='ヶ' => char::from_u32(u32::from(c) - 0x60).unwrap_or(c),
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Is `s` a reading in kana (katakana or hiragana, with ー・ and spaces)?
pub fn is_kana(s: &str) -> bool {
    s.nfkc().all(|c| matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー' | '・' | '゛' | '゜' | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ') || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_width_and_kana_but_names_stay() {
        assert_eq!(search_key("ﾀｶﾊｼ ﾀﾛｳ"), "たかはしたろう");
        assert_eq!(search_key("タカハシ　タロウ"), "たかはしたろう");
        assert_eq!(search_key("ＡＢＣ１２"), "abc12");
        assert_eq!(search_key("髙橋"), "髙橋", "髙 is not folded into 高");
        assert!(is_kana("タカハシ タロウ") && is_kana("ﾀｶﾊｼ") && is_kana("たかはし"));
        assert!(!is_kana("高橋"));
    }
}
