//! Numbering styles of plan levels: (1), ①, (ⅰ), A, イ …

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    #[default]
    Arabic,
    ParenArabic,
    Circled,
    ParenRomanLower,
    RomanUpper,
    UpperAlpha,
    LowerAlpha,
    Iroha,
    None,
}

const ROMAN_LOWER: [&str; 12] = ["ⅰ", "ⅱ", "ⅲ", "ⅳ", "ⅴ", "ⅵ", "ⅶ", "ⅷ", "ⅸ", "ⅹ", "ⅺ", "ⅻ"];
const ROMAN_UPPER: [&str; 12] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ", "Ⅺ", "Ⅻ"];
const IROHA: [&str; 47] = [
    "イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ", "ワ", "カ", "ヨ", "タ",
    "レ", "ソ", "ツ", "ネ", "ナ", "ラ", "ム", "ウ", "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ",
    "コ", "エ", "テ", "ア", "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス",
];

impl Numbering {
    /// The label of the `n`-th item (1-based); `None` for style `none` or
    /// when the style has no symbol that far (falls back to arabic then).
    pub fn label(self, n: usize) -> Option<String> {
        let pick = |table: &[&str]| table.get(n.wrapping_sub(1)).map(|s| (*s).to_owned());
        let alpha = |base: u8| {
            u8::try_from(n)
                .ok()
                .filter(|&k| (1..=26).contains(&k))
                .map(|k| char::from(base + k - 1).to_string())
        };
        let label = match self {
            Numbering::None => return None,
            Numbering::Arabic => Some(n.to_string()),
            Numbering::ParenArabic => Some(format!("({n})")),
            Numbering::Circled => circled(n),
            Numbering::ParenRomanLower => pick(&ROMAN_LOWER).map(|r| format!("({r})")),
            Numbering::RomanUpper => pick(&ROMAN_UPPER),
            Numbering::UpperAlpha => alpha(b'A'),
            Numbering::LowerAlpha => alpha(b'a'),
            Numbering::Iroha => pick(&IROHA),
        };
        label.or_else(|| Some(n.to_string()))
    }
}

/// ①–⑳, ㉑–㉟, ㊱–㊿.
fn circled(n: usize) -> Option<String> {
    let n = u32::try_from(n).ok()?;
    let code = match n {
        1..=20 => 0x2460 + n - 1,
        21..=35 => 0x3251 + n - 21,
        36..=50 => 0x32B1 + n - 36,
        _ => return None,
    };
    char::from_u32(code).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        assert_eq!(Numbering::Arabic.label(3).as_deref(), Some("3"));
        assert_eq!(Numbering::ParenArabic.label(1).as_deref(), Some("(1)"));
        assert_eq!(Numbering::Circled.label(1).as_deref(), Some("①"));
        assert_eq!(Numbering::Circled.label(20).as_deref(), Some("⑳"));
        assert_eq!(Numbering::Circled.label(21).as_deref(), Some("㉑"));
        assert_eq!(Numbering::Circled.label(50).as_deref(), Some("㊿"));
        assert_eq!(Numbering::Circled.label(51).as_deref(), Some("51"));
        assert_eq!(Numbering::ParenRomanLower.label(2).as_deref(), Some("(ⅱ)"));
        assert_eq!(Numbering::RomanUpper.label(4).as_deref(), Some("Ⅳ"));
        assert_eq!(Numbering::UpperAlpha.label(2).as_deref(), Some("B"));
        assert_eq!(Numbering::LowerAlpha.label(26).as_deref(), Some("z"));
        assert_eq!(Numbering::Iroha.label(3).as_deref(), Some("ハ"));
        assert_eq!(Numbering::None.label(1), None);
    }
}
