//! Code lists of HR records. Files may use the code, the Japanese label or
//! the English label; the store keeps the code.

/// (code, Japanese label, English label)
pub type Item = (&'static str, &'static str, &'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeList {
    pub name: &'static str,
    pub items: &'static [Item],
}

impl CodeList {
    /// The code for a code or label as typed (width-insensitive).
    pub fn parse(&self, s: &str) -> Option<&'static str> {
        let key = super::search_key(s);
        self.items
            .iter()
            .find(|(code, ja, en)| {
                super::search_key(code) == key
                    || super::search_key(ja) == key
                    || super::search_key(en) == key
            })
            .map(|(code, _, _)| *code)
    }

    /// Whether `code` is one of the list's codes (as stored, not typed).
    pub fn has(&self, code: &str) -> bool {
        self.items.iter().any(|(c, _, _)| *c == code)
    }

    pub fn label<'a>(&self, code: &'a str) -> &'a str {
        self.items
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(code, |(_, ja, _)| ja)
    }

    pub fn label_en<'a>(&self, code: &'a str) -> &'a str {
        self.items
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(code, |(_, _, en)| en)
    }

    /// "一般職, 技能労務職, …" for error messages.
    pub fn choices(&self) -> String {
        self.items
            .iter()
            .map(|(_, ja, _)| *ja)
            .collect::<Vec<_>>()
            .join("・")
    }

    /// The English labels, for messages in English.
    pub fn choices_en(&self) -> String {
        self.items
            .iter()
            .map(|(_, _, en)| *en)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An enumeration stored and exchanged by its code (`attended`), with the
/// labels of its code list (受講 / Attended). Derive the code, parsing and
/// the variant list with strum, serde in snake case, and name the list:
///
/// ```ignore
/// #[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize,
///     strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
/// #[serde(rename_all = "snake_case")]
/// #[strum(serialize_all = "snake_case")]
/// pub enum ParticipationStatus { Applied, Approved, … }
/// impl Coded for ParticipationStatus { const LIST: CodeList = PARTICIPATION_STATUSES; }
/// ```
///
/// [`assert_list_matches`] (a unit test per enum) keeps the variants and
/// the list's codes the same, in the same order; a migration's CHECK
/// constraint on the stored column lists the same codes.
pub trait Coded:
    Copy + PartialEq + Into<&'static str> + std::str::FromStr + strum::VariantArray + 'static
{
    const LIST: CodeList;

    /// The stored code.
    fn code(self) -> &'static str {
        self.into()
    }

    /// The Japanese label.
    fn label(self) -> &'static str {
        Self::LIST.label(self.code())
    }

    /// The English label.
    fn label_en(self) -> &'static str {
        Self::LIST.label_en(self.code())
    }

    /// The value a code or either label names, as typed (width-insensitive).
    fn parse_label(text: &str) -> Option<Self> {
        Self::LIST.parse(text).and_then(Self::from_code)
    }

    /// The value of a stored code.
    fn from_code(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// Fails unless `T`'s variants are its list's codes, in order.
pub fn assert_list_matches<T: Coded>() {
    let variants: Vec<&str> = T::VARIANTS.iter().map(|v| v.code()).collect();
    let codes: Vec<&str> = T::LIST.items.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(variants, codes, "{} and its code list differ", T::LIST.name);
}

/// The SQL of a CHECK constraint limiting `column` to `T`'s codes:
/// `status IN ('applied', 'approved', …)`.
pub fn check_sql<T: Coded>(column: &str) -> String {
    let codes: Vec<String> = T::VARIANTS
        .iter()
        .map(|v| format!("'{}'", v.code()))
        .collect();
    format!("{column} IN ({})", codes.join(", "))
}

pub const ROTATION_CLASSES: CodeList = CodeList {
    name: "rotation class",
    items: &[
        ("front", "窓口", "Front desk"),
        ("program", "事業", "Program"),
        ("admin", "管理", "Administration"),
        ("other", "その他", "Other"),
    ],
};

pub const GENDERS: CodeList = CodeList {
    name: "gender",
    items: &[
        ("female", "女性", "Female"),
        ("male", "男性", "Male"),
        ("other", "その他", "Other"),
        ("unstated", "回答しない", "Not stated"),
    ],
};

pub const HIRING_ROUTES: CodeList = CodeList {
    name: "hiring route",
    items: &[
        ("new_graduate", "新卒", "New graduate"),
        ("mid_career", "民間等経験者", "Mid-career"),
        ("from_other_body", "他団体から", "From another body"),
        ("reemployment", "再任用", "Re-employment"),
        ("other", "その他", "Other"),
    ],
};

pub const EMPLOYMENT_TYPES: CodeList = CodeList {
    name: "employment type",
    items: &[
        ("regular", "一般職", "Regular"),
        ("skilled_labour", "技能労務職", "Skilled labour"),
        ("fiscal_year", "会計年度任用職員", "Fiscal-year appointee"),
        ("reemployed", "再任用職員", "Re-employed"),
        ("fixed_term", "任期付", "Fixed term"),
    ],
};

/// 職種: general administration (一般事務職) or a professional post
/// (専門職: technical, welfare, medical, childcare …), the split of Kiyose's
/// 民間等経験者の採用 ("専門職で実施 → 一般職でも").
pub const JOB_FAMILIES: CodeList = CodeList {
    name: "job family",
    items: &[
        ("general", "一般事務職", "General administration"),
        ("professional", "専門職", "Professional"),
    ],
};

/// Job grades (職層), lowest first. Cities differ; this is the default list.
pub const JOB_GRADES: CodeList = CodeList {
    name: "job grade",
    items: &[
        ("shuji", "主事", "Staff"),
        ("shunin", "主任", "Senior staff"),
        ("kakaricho", "係長", "Subsection chief"),
        ("kacho_hosa", "課長補佐", "Deputy section chief"),
        ("kacho", "課長", "Section chief"),
        ("bucho", "部長", "Director"),
    ],
};

pub const STAFF_STATUSES: CodeList = CodeList {
    name: "status",
    items: &[
        ("active", "在職", "Active"),
        ("leave", "休職", "On leave"),
        ("left", "退職", "Left"),
    ],
};

pub const LEAVING_REASONS: CodeList = CodeList {
    name: "leaving reason",
    items: &[
        ("retirement_age", "定年", "Retirement age"),
        ("early_retirement", "定年前早期退職", "Early retirement"),
        ("own_accord", "自己都合", "Own accord"),
        ("recommended", "勧奨", "Recommended"),
        ("term_end", "任期満了", "End of term"),
        ("death", "死亡", "Death"),
        ("other", "その他", "Other"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_from_labels_in_either_language_or_width() {
        assert_eq!(EMPLOYMENT_TYPES.parse("一般職"), Some("regular"));
        assert_eq!(EMPLOYMENT_TYPES.parse("Regular"), Some("regular"));
        assert_eq!(
            EMPLOYMENT_TYPES.parse("skilled_labour"),
            Some("skilled_labour")
        );
        assert_eq!(ROTATION_CLASSES.parse(" 窓口 "), Some("front"));
        assert_eq!(JOB_GRADES.parse("課長補佐"), Some("kacho_hosa"));
        assert_eq!(JOB_GRADES.parse("係員"), None);
        assert_eq!(LEAVING_REASONS.label("early_retirement"), "定年前早期退職");
    }
}
